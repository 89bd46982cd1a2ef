"""Tasks of the surveys app, run by the django-q2 cluster."""

from surveys.models import SurveySubmission


def erase_expired_responses() -> int:
    return SurveySubmission.erase_expired()
