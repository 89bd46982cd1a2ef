"""The site's calendar feed (/veranstaltungen/kalender.ics) joined from one cached VEVENT
per event.

Each event's VEVENT is cached under a key made of every value ``EventPage.calendar_entry()``
reads (title, times, place, intro, sequence, status, publish time, address path, the
organiser's name and address) together with host and language: an edit, a move, a raised
SEQUENCE or a renamed organisation gives that one event a new key, so it alone is built
again, and nothing else needs to be told (exact, also for ``.update()``, which sends no
signal). Reading these values is one query of plain rows; only the events whose key is not
in the cache are loaded as pages. The joined feed is cached under the hash of all keys.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation

from beteiligung.ical import feed_vevent, join_feed
from events.models import EventPage

# What calendar_entry() reads; a change in any of them is a change of the VEVENT.
ENTRY_FIELDS = (
    "pk",
    "title",
    "url_path",
    "start",
    "end",
    "all_day",
    "intro",
    "online_url",
    "place_name",
    "address",
    "latitude",
    "longitude",
    "sequence",
    "cancelled",
    "last_published_at",
    "organisation__name",
    "organisation__email",
)
# Unchanged events stay cached this long after their last use in a feed.
VEVENT_SECONDS = 7 * 24 * 3600
FEED_SECONDS = 300
_built = 0


def vevents_built() -> int:
    """VEVENTs this process has built for feeds (what the tests and bench/ count)."""
    return _built


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def feed_bytes(
    request: HttpRequest, events: QuerySet[EventPage], *, name: str, limit: int
) -> bytes:
    rows = list(events.order_by("start", "pk").values_list(*ENTRY_FIELDS)[:limit])
    where = (request.get_host(), translation.get_language(), settings.DEFAULT_FROM_EMAIL)
    prefix = "events:vevent:" + _digest(where) + ":"
    keys = [f"{prefix}{row[0]}:{_digest(row)}" for row in rows]
    feed_key = "events:feed:" + _digest((where, name, keys))
    data = cache.get(feed_key)
    if data is not None:
        return data
    parts = cache.get_many(keys)
    missing = {row[0]: key for row, key in zip(rows, keys, strict=True) if key not in parts}
    if missing:
        global _built
        built = {}
        for event in EventPage.objects.listed().filter(pk__in=missing):
            built[missing[event.pk]] = feed_vevent(event.calendar_entry(event.get_url(request)))
        _built += len(built)
        cache.set_many(built, VEVENT_SECONDS)
        parts.update(built)
    timed = any(not row[5] for row in rows)  # all_day
    # An event unpublished between the two queries has no piece: it is left out.
    data = join_feed([parts[key] for key in keys if key in parts], name=name, timed=timed)
    cache.set(feed_key, data, FEED_SECONDS)
    return data
