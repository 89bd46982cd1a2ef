"""The portal's one iCalendar writer (RFC 5545), shared by events and appointments.

Every entry gets a stable UID, a UTC DTSTAMP, local times with ``TZID=Europe/Berlin`` and
the matching VTIMEZONE, SEQUENCE and STATUS, so calendar clients update or cancel the entry
they already hold instead of adding a second one.

One model for what is sent by e-mail (RFC 5546, iTIP over iMIP), for bookings and events:

- a confirmation, reminder or change is ``METHOD:PUBLISH`` with an ORGANIZER and no
  ATTENDEE (RFC 5546 §3.2.1). Not REQUEST: that is an invitation to accept or decline,
  Outlook, Apple Mail and Thunderbird would show RSVP buttons and mail the answer to the
  office's mailbox, while a booking is changed or cancelled only through the portal's link;
- a cancellation is ``METHOD:CANCEL`` with the ORGANIZER, the ATTENDEE it is sent to, the
  same UID, a raised SEQUENCE and ``STATUS:CANCELLED`` (§3.2.5); the e-mail part says
  ``text/calendar; method=CANCEL`` (see ``mimetype``), so clients offer to remove the entry.

Calendar feeds (subscriptions) carry no METHOD; a cancelled event there is
``STATUS:CANCELLED``.
"""

from __future__ import annotations

import datetime
import functools
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header

if TYPE_CHECKING:
    from icalendar import Calendar, Event, Timezone, vCalAddress

PRODID = "-//Beteiligungsportal//DE"
TIME_ZONE = "Europe/Berlin"
METHODS = {"PUBLISH", "REQUEST", "CANCEL"}


@dataclass
class Party:
    """An ORGANIZER or ATTENDEE: an e-mail address and the name shown for it."""

    email: str
    name: str = ""

    def address(self) -> vCalAddress:
        # Imported here: the event models import this module, and icalendar costs every
        # process of the portal 20 ms at start.
        from icalendar import vCalAddress

        address = vCalAddress(f"mailto:{self.email}")
        # Quotes and line breaks cannot be escaped in a parameter value (RFC 5545 §3.2).
        name = " ".join(self.name.replace('"', "'").split())
        if name:
            address.params["CN"] = name
        return address


def portal_party(email: str = "", name: str = "") -> Party:
    """The organiser of a calendar entry: the given office address or the portal's sender."""
    sender_name, sender = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return Party(email=email or sender, name=name or sender_name)


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
    organizer: Party | None = None  # required for every METHOD (RFC 5546)
    attendees: list[Party] = field(default_factory=list)  # only with CANCEL or REQUEST


def mimetype(method: str | None) -> str:
    """The content type of the e-mail part; the method tells clients what to do with it."""
    return f"text/calendar; method={method}" if method else "text/calendar"


@functools.cache
def _berlin_timezone() -> Timezone:
    """Europe/Berlin as the EU rule (since 1996): valid for every date after that, no end.

    icalendar's ``add_missing_timezones()`` writes every transition between a first and a
    last date as RDATEs (by default 1970 to 2038): an appointment in 2040 would be an hour
    off in every client that trusts the VTIMEZONE, and Outlook reads only rule-based
    definitions well. The two RRULEs are the form Outlook and Thunderbird write themselves.
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    timezone = Timezone()
    timezone.add("TZID", TIME_ZONE)
    timezone.add("X-LIC-LOCATION", TIME_ZONE)
    rules = [
        # (component, start of the rule, offset before, offset after, name, month)
        (TimezoneDaylight, datetime.datetime(1970, 3, 29, 2, 0), 1, 2, "CEST", 3),
        (TimezoneStandard, datetime.datetime(1970, 10, 25, 3, 0), 2, 1, "CET", 10),
    ]
    for component_class, start, before, after, name, month in rules:
        component = component_class()
        component.add("TZOFFSETFROM", datetime.timedelta(hours=before))
        component.add("TZOFFSETTO", datetime.timedelta(hours=after))
        component.add("TZNAME", name)
        component.add("DTSTART", start)
        component.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": "-1SU"})
        timezone.add_component(component)
    return timezone


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


def _event(entry: CalendarEntry, stamp: datetime.datetime, method: str | None) -> Event:
    from icalendar import Event

    cancelled = entry.cancelled or method == "CANCEL"
    event = Event.new(
        uid=entry.uid,
        summary=_text(entry.summary),
        start=_local(entry.start),
        end=_local(entry.end),
        stamp=stamp,
        sequence=entry.sequence,
        status="CANCELLED" if cancelled else "CONFIRMED",
        description=_description(entry) or None,
        location=_text(entry.location) or None,
        url=entry.url or None,
    )
    if entry.geo is not None:
        event.add("GEO", (float(entry.geo[0]), float(entry.geo[1])))
    if entry.last_modified is not None:
        event.add("LAST-MODIFIED", entry.last_modified.astimezone(datetime.UTC))
    if entry.organizer is not None:
        event.add("ORGANIZER", entry.organizer.address())
    if method in ("CANCEL", "REQUEST"):
        for attendee in entry.attendees:
            address = attendee.address()
            address.params["ROLE"] = "REQ-PARTICIPANT"
            address.params["PARTSTAT"] = "NEEDS-ACTION"
            event.add("ATTENDEE", address)
    return event


# The VEVENT of each feed entry as bytes, keyed by everything the entry holds: a changed
# event gets a new key (and is built again), the others are reused, stale ones fall out at
# the old end. Building 2,000 VEVENTs with icalendar costs about a second of CPU; a feed
# rebuilt after one edit now builds one. Per process, so no cache size settings to tune.
VEVENT_CACHE_SIZE = 20_000
_vevents: OrderedDict[str, bytes] = OrderedDict()
_vevents_lock = threading.Lock()
_END = b"END:VCALENDAR\r\n"


def _feed_vevent(entry: CalendarEntry, stamp: datetime.datetime) -> bytes:
    key = repr(entry)
    with _vevents_lock:
        data = _vevents.get(key)
        if data is not None:
            _vevents.move_to_end(key)
            return data
    data = _event(entry, stamp, None).to_ical()
    with _vevents_lock:
        _vevents[key] = data
        while len(_vevents) > VEVENT_CACHE_SIZE:
            _vevents.popitem(last=False)
    return data


def feed_cache_entries() -> int:
    return len(_vevents)


def clear_feed_cache() -> None:
    with _vevents_lock:
        _vevents.clear()


@functools.cache
def _berlin_timezone_ical() -> bytes:
    return _berlin_timezone().to_ical()


def build_calendar(
    entries: Iterable[CalendarEntry], *, name: str, method: str | None = None
) -> bytes:
    from icalendar import Calendar

    if method is not None and method not in METHODS:
        raise ValueError(f"Unsupported iTIP method {method!r}.")
    entries = list(entries)
    if method is not None and any(entry.organizer is None for entry in entries):
        raise ValueError(f"METHOD:{method} needs an ORGANIZER on every entry (RFC 5546).")
    calendar = Calendar.new(prodid=PRODID, name=name, method=method)
    # Calendar.new() adds a random calendar UID (RFC 7986); drop it so the same data gives
    # the same bytes.
    calendar.pop("UID", None)
    stamp = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    if method is None:
        # A feed: its VEVENTs come from the cache above. Without METHOD, DTSTAMP is when
        # the entry's information was last revised (RFC 5545 §3.8.7.2), i.e. when it was
        # first built with this content.
        parts = [_feed_vevent(entry, stamp) for entry in entries]
    else:
        parts = [_event(entry, stamp, method).to_ical() for entry in entries]
    timed = any(isinstance(entry.start, datetime.datetime) for entry in entries)
    return _join(calendar, parts, timed)


def _join(calendar: Calendar, parts: list[bytes], timed: bool) -> bytes:
    # _local() puts every datetime into Europe/Berlin, so that is the only TZID there can
    # be; the cached VTIMEZONE goes in first, as add_missing_timezones() would put it.
    if timed:
        parts = [_berlin_timezone_ical(), *parts]
    head = calendar.to_ical()
    return head[: -len(_END)] + b"".join(parts) + _END


def feed_vevent(entry: CalendarEntry) -> bytes:
    """One VEVENT of a feed (no METHOD), for callers that keep the pieces themselves
    (events.calendar_feed); DTSTAMP is now, the moment this content was first built."""
    return _event(entry, datetime.datetime.now(datetime.UTC).replace(microsecond=0), None).to_ical()


def join_feed(parts: list[bytes], *, name: str, timed: bool) -> bytes:
    """A feed from VEVENTs of ``feed_vevent``; ``timed``: one of them has a time of day
    (TZID=Europe/Berlin), so the VTIMEZONE goes in."""
    from icalendar import Calendar

    calendar = Calendar.new(prodid=PRODID, name=name)
    calendar.pop("UID", None)
    return _join(calendar, parts, timed)


def calendar_response(data: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response
