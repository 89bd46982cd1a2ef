"""What makes cached pages go (beteiligung/page_cache.py): answers change the published
results and counts; surveys open and close at their time."""

import datetime

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from beteiligung.page_cache import earliest_after, invalidate_page, register_boundary


def _answer_changed(sender, instance, **kwargs) -> None:
    invalidate_page(instance.page_id)


def next_opening_or_closing(now: datetime.datetime) -> list[QuerySet]:
    from surveys.models import SurveyPage

    pages = SurveyPage.objects.live()
    return [earliest_after(pages, "opens_at", now), earliest_after(pages, "closes_at", now)]


def connect() -> None:
    from surveys.models import SurveySubmission

    uid = "surveys_page_cache"
    post_save.connect(_answer_changed, sender=SurveySubmission, dispatch_uid=f"{uid}_answer")
    post_delete.connect(_answer_changed, sender=SurveySubmission, dispatch_uid=f"{uid}_answer_d")
    register_boundary(next_opening_or_closing)
