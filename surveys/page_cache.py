"""What makes cached pages go (beteiligung/page_cache.py): answers change the published
results and counts; surveys open and close at their time."""

import datetime

from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save

from beteiligung.page_cache import invalidate_page, register_boundary


def _answer_changed(sender, instance, **kwargs) -> None:
    invalidate_page(instance.page_id)


def next_opening_or_closing(now: datetime.datetime) -> datetime.datetime | None:
    from surveys.models import SurveyPage

    found = SurveyPage.objects.live().aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    return min((moment for moment in found.values() if moment), default=None)


def connect() -> None:
    from surveys.models import SurveySubmission

    uid = "surveys_page_cache"
    post_save.connect(_answer_changed, sender=SurveySubmission, dispatch_uid=f"{uid}_answer")
    post_delete.connect(_answer_changed, sender=SurveySubmission, dispatch_uid=f"{uid}_answer_d")
    register_boundary(next_opening_or_closing)
