"""Site search: events."""

from django.utils.translation import gettext_lazy as _

from beteiligung import search
from beteiligung.search import Hit, Query
from cms.procedures import format_datetime
from events.models import EventPage


def find_events(query: Query, limit: int) -> tuple[list[Hit], int]:
    events = EventPage.objects.live().public()
    return search.search_pages(
        query,
        events,
        limit,
        texts=lambda page: (page.title, page.intro, page.place_name, page.address),
        make_hit=lambda page, score: Hit(
            page.title, page.url, score, page.intro, format_datetime(page.start)
        ),
    )


def register() -> None:
    search.register("events", _("Events"), find_events, order=20, pages=[EventPage])
