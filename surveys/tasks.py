"""Tasks of the surveys app, run by the django-q2 cluster."""

from surveys.models import SurveyExportFile, SurveySubmission


def erase_expired_responses() -> int:
    return SurveySubmission.erase_expired()


def build_export_file(export_id: int) -> None:
    SurveyExportFile.objects.get(pk=export_id).build()


def delete_expired_export_files() -> int:
    return SurveyExportFile.delete_expired()
