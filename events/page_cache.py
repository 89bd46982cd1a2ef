"""What makes cached pages go (beteiligung/page_cache.py): registrations change the places
left on the event and in every event list; events begin, end and close registration."""

import datetime

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from beteiligung.page_cache import (
    earliest_after,
    invalidate,
    invalidate_page,
    page_tag,
    register_boundary,
)


def _registration_changed(sender, instance, **kwargs) -> None:
    from events.models import EventIndexPage

    invalidate_page(instance.event_id)
    invalidate(*(page_tag(pk) for pk in EventIndexPage.objects.values_list("pk", flat=True)))


def next_event_change(now: datetime.datetime) -> list[QuerySet]:
    from events.models import EventPage

    events = EventPage.objects.live()
    return [
        earliest_after(events, field, now) for field in ("start", "end", "registration_deadline")
    ]


def connect() -> None:
    from events.models import EventSeats, Registration

    uid = "events_page_cache"
    for model in (Registration, EventSeats):
        post_save.connect(_registration_changed, sender=model, dispatch_uid=f"{uid}_{model}")
        post_delete.connect(_registration_changed, sender=model, dispatch_uid=f"{uid}_{model}_d")
    register_boundary(next_event_change)
