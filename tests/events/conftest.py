"""Builders for the events tests: the index page and events published like editors do."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.models import EventIndexPage, EventPage

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The registration rate limit and the feed cache live in the (process-wide) cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def event_index(home) -> EventIndexPage:
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def in_days(days: int, hour: int = 18) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BERLIN)


def make_event(parent, organisation, **fields) -> EventPage:
    start = fields.pop("start", in_days(10))
    values = {
        "title": "Infoabend Regionalplan",
        "intro": "Wir stellen den Entwurf vor.",
        "start": start,
        "end": fields.pop("end", start + datetime.timedelta(hours=2)),
        "place_name": "Bürgerhaus",
        "address": "Hauptstraße 1, 64283 Darmstadt",
        "organisation": organisation,
        **fields,
    }
    event = EventPage(**values)
    parent.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def republish(event: EventPage, **changes) -> EventPage:
    """Edit the latest revision and publish it, as the Wagtail editor does."""
    page = event.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def event(event_index, organisation) -> EventPage:
    return make_event(
        event_index, organisation, registration_enabled=True, capacity=3, ask_persons=True
    )
