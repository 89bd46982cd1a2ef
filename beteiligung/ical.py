"""The portal's one iCalendar writer (RFC 5545), shared by events and appointments.

Every entry gets a stable UID, a UTC DTSTAMP, local times with ``TZID=Europe/Berlin`` and
the matching VTIMEZONE, SEQUENCE and STATUS, so calendar clients update or cancel the entry
they already hold instead of adding a second one.
"""

import copy
import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from icalendar import Calendar, Event, Timezone

PRODID = "-//Beteiligungsportal//DE"
TIME_ZONE = "Europe/Berlin"
METHODS = {"PUBLISH", "REQUEST", "CANCEL"}


@dataclass
class CalendarEntry:
    uid: str  # stable, e.g. "booking-42@<host of settings.SITE_URL>"
    summary: str
    start: datetime.datetime | datetime.date  # aware datetimes; a date means all-day
    end: datetime.datetime | datetime.date  # for all-day: exclusive end date
    description: str = ""
    location: str = ""
    url: str = ""  # absolute; also appended to the description
    sequence: int = 0
    cancelled: bool = False  # STATUS:CANCELLED (else CONFIRMED)
    geo: tuple[float, float] | None = None
    last_modified: datetime.datetime | None = None


@functools.cache
def _berlin_timezone() -> Timezone:
    """Build the VTIMEZONE once per process; computing the transitions is the slow part."""
    calendar = Calendar()
    probe = Event()
    probe.start = datetime.datetime(2000, 1, 1, tzinfo=ZoneInfo(TIME_ZONE))
    calendar.add_component(probe)
    calendar.add_missing_timezones()
    return calendar.timezones[0]


def _local(value: datetime.datetime | datetime.date) -> datetime.datetime | datetime.date:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("CalendarEntry needs timezone-aware datetimes.")
        return value.astimezone(ZoneInfo(TIME_ZONE))
    return value


# RFC 5545 TEXT allows no control characters but tab (line breaks are escaped as "\n"):
# icalendar writes the others raw, and a NUL, a vertical tab or an escape sequence in a
# citizen's note made clients drop the event or the whole feed.
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10)) | {127: None}


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)


def _description(entry: CalendarEntry) -> str:
    # Many clients hide the URL property; the link in the text is what people click.
    parts = [part for part in (entry.description.strip(), entry.url) if part]
    return _text("\n\n".join(parts))


def _event(entry: CalendarEntry, stamp: datetime.datetime) -> Event:
    event = Event.new(
        uid=entry.uid,
        summary=_text(entry.summary),
        start=_local(entry.start),
        end=_local(entry.end),
        stamp=stamp,
        sequence=entry.sequence,
        status="CANCELLED" if entry.cancelled else "CONFIRMED",
        description=_description(entry) or None,
        location=_text(entry.location) or None,
        url=entry.url or None,
    )
    if entry.geo is not None:
        event.add("GEO", (float(entry.geo[0]), float(entry.geo[1])))
    if entry.last_modified is not None:
        event.add("LAST-MODIFIED", entry.last_modified.astimezone(datetime.UTC))
    return event


def build_calendar(
    entries: Iterable[CalendarEntry], *, name: str, method: str | None = None
) -> bytes:
    if method is not None and method not in METHODS:
        raise ValueError(f"Unsupported iTIP method {method!r}.")
    calendar = Calendar.new(prodid=PRODID, name=name, method=method)
    # Calendar.new() adds a random calendar UID (RFC 7986); drop it so the same data gives
    # the same bytes.
    calendar.pop("UID", None)
    stamp = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    timed = False
    for entry in entries:
        calendar.add_component(_event(entry, stamp))
        timed = timed or isinstance(entry.start, datetime.datetime)
    # _local() puts every datetime into Europe/Berlin, so that is the only TZID there can
    # be; inserting the cached VTIMEZONE directly skips scanning every property twice.
    if timed:
        calendar.subcomponents.insert(0, copy.deepcopy(_berlin_timezone()))
    return calendar.to_ical()


def calendar_response(data: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response
