"""beteiligung.ical writes calendars that icalendar reads back the way clients need them."""

import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from beteiligung.ical import CalendarEntry, Party, build_calendar, calendar_response

BERLIN = ZoneInfo("Europe/Berlin")


def entry(**fields) -> CalendarEntry:
    values = {
        "uid": "booking-42@beteiligung.example",
        "summary": "Infoabend Regionalplan",
        "start": datetime.datetime(2026, 6, 10, 18, 0, tzinfo=BERLIN),
        "end": datetime.datetime(2026, 6, 10, 20, 0, tzinfo=BERLIN),
        "organizer": Party("buergerbuero@beteiligung.example", "Bürgerbüro"),
        **fields,
    }
    return CalendarEntry(**values)


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_it_writes_the_calendar_header():
    calendar = parse(build_calendar([entry()], name="Veranstaltungen", method="PUBLISH"))

    assert str(calendar["PRODID"]) == "-//Beteiligungsportal//DE"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Veranstaltungen"
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_it_leaves_method_out_when_none_is_given():
    calendar = parse(build_calendar([entry()], name="Termine"))

    assert "METHOD" not in calendar


def test_it_keeps_the_uid_and_stamps_in_utc():
    event = parse(build_calendar([entry()], name="x")).events[0]

    assert str(event["UID"]) == "booking-42@beteiligung.example"
    stamp = event["DTSTAMP"].dt
    assert stamp.utcoffset() == datetime.timedelta(0)
    assert b"DTSTAMP:" in event.to_ical() and event.to_ical().count(b"Z\r\n") >= 1


def test_it_writes_local_times_with_tzid_and_a_vtimezone():
    utc_start = datetime.datetime(2026, 6, 10, 16, 0, tzinfo=datetime.UTC)
    data = build_calendar(
        [entry(start=utc_start, end=utc_start + datetime.timedelta(hours=2))], name="x"
    )
    calendar = parse(data)
    event = calendar.events[0]

    assert b"DTSTART;TZID=Europe/Berlin:20260610T180000" in data
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    assert event.start == datetime.datetime(2026, 6, 10, 18, 0, tzinfo=BERLIN)


def test_it_writes_one_vtimezone_for_many_events():
    entries = [entry(uid=f"e-{i}@x") for i in range(5)]
    calendar = parse(build_calendar(entries, name="x"))

    assert len(calendar.timezones) == 1
    assert len(calendar.events) == 5


def test_an_all_day_event_uses_dates_and_no_timezone():
    data = build_calendar(
        [entry(start=datetime.date(2026, 7, 4), end=datetime.date(2026, 7, 6))], name="x"
    )
    calendar = parse(data)
    event = calendar.events[0]

    assert b"DTSTART;VALUE=DATE:20260704" in data
    assert b"DTEND;VALUE=DATE:20260706" in data
    assert event.start == datetime.date(2026, 7, 4)
    assert event.end == datetime.date(2026, 7, 6)
    assert calendar.timezones == []


def test_an_event_across_the_dst_change_keeps_its_wall_clock_times():
    # Clocks go forward on 29 March 2026 at 02:00 in Germany.
    start = datetime.datetime(2026, 3, 28, 10, 0, tzinfo=BERLIN)
    end = datetime.datetime(2026, 3, 29, 16, 0, tzinfo=BERLIN)
    data = build_calendar([entry(start=start, end=end)], name="x")
    event = parse(data).events[0]

    assert b"DTSTART;TZID=Europe/Berlin:20260328T100000" in data
    assert b"DTEND;TZID=Europe/Berlin:20260329T160000" in data
    assert event.start.utcoffset() == datetime.timedelta(hours=1)
    assert event.end.utcoffset() == datetime.timedelta(hours=2)
    # Same-zone subtraction in Python is wall-clock; the real duration is one hour shorter.
    elapsed = event.end.astimezone(datetime.UTC) - event.start.astimezone(datetime.UTC)
    assert elapsed == datetime.timedelta(hours=29)


def test_a_cancellation_keeps_the_uid_and_raises_the_sequence():
    original = parse(build_calendar([entry(sequence=1)], name="x")).events[0]
    cancelled = parse(
        build_calendar([entry(sequence=2, cancelled=True)], name="x", method="CANCEL")
    ).events[0]

    assert str(original["STATUS"]) == "CONFIRMED"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["UID"] == original["UID"]
    assert cancelled["SEQUENCE"] > original["SEQUENCE"]


def test_it_puts_the_url_into_the_description_and_writes_place_and_geo():
    url = "https://beteiligung.example/veranstaltungen/infoabend/"
    event = parse(
        build_calendar(
            [
                entry(
                    description="Wir stellen den Entwurf vor.",
                    location="Bürgerhaus, Hauptstr. 1, Darmstadt",
                    url=url,
                    geo=(49.8728, 8.6512),
                    last_modified=datetime.datetime(2026, 5, 1, 12, 0, tzinfo=BERLIN),
                )
            ],
            name="x",
        )
    ).events[0]

    assert str(event["URL"]) == url
    assert str(event["DESCRIPTION"]) == f"Wir stellen den Entwurf vor.\n\n{url}"
    assert str(event["LOCATION"]) == "Bürgerhaus, Hauptstr. 1, Darmstadt"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (49.8728, 8.6512)
    assert event["LAST-MODIFIED"].dt == datetime.datetime(2026, 5, 1, 10, 0, tzinfo=datetime.UTC)


def test_it_serves_text_calendar_as_attachment_or_inline():
    data = build_calendar([entry()], name="x")

    download = calendar_response(data, "termin.ics")
    inline = calendar_response(data, "kalender.ics", inline=True)

    assert download["Content-Type"] == "text/calendar; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="termin.ics"'
    assert inline["Content-Disposition"] == 'inline; filename="kalender.ics"'
    assert download.content == data
