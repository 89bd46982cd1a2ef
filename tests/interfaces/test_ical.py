"""Calendar files read by two independent parsers, icalendar and ics-py (which reads the
VTIMEZONE with dateutil, as clients without a time zone database do): the time zone holds
for any date, and a cancellation is an RFC 5546 CANCEL that clients can match."""

import datetime
from zoneinfo import ZoneInfo

import ics
import pytest
from icalendar import Calendar

from beteiligung.ical import CalendarEntry, Party, build_calendar, mimetype

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = Party("buergerbuero@beteiligung.example", 'Bürgerbüro "Mitte"')
CITIZEN = Party("clara@example.org", "Clara\nCitizen")


def entry(start: datetime.datetime, **fields) -> CalendarEntry:
    values = {
        "uid": f"booking-{start:%Y%m%d}@beteiligung.example",
        "summary": "Personalausweis beantragen",
        "start": start,
        "end": start + datetime.timedelta(minutes=15),
        "organizer": OFFICE,
        **fields,
    }
    return CalendarEntry(**values)


SUMMER_2045 = datetime.datetime(2045, 7, 3, 9, 0, tzinfo=BERLIN)
WINTER_2045 = datetime.datetime(2045, 12, 4, 9, 0, tzinfo=BERLIN)


@pytest.fixture
def data() -> bytes:
    return build_calendar([entry(SUMMER_2045), entry(WINTER_2045)], name="Termine")


def test_icalendar_reads_the_vtimezone_right_in_summer_and_winter_2045(data):
    calendar = Calendar.from_ical(data)
    # Built from the VTIMEZONE alone, not from the machine's time zone database.
    zone = calendar.timezones[0].to_tz(lookup_tzid=False)

    assert datetime.datetime(2045, 7, 3, 9, 0, tzinfo=zone).utcoffset() == datetime.timedelta(
        hours=2
    )
    assert datetime.datetime(2045, 12, 4, 9, 0, tzinfo=zone).utcoffset() == datetime.timedelta(
        hours=1
    )
    starts = sorted(event.start for event in calendar.events)
    assert [s.astimezone(datetime.UTC).hour for s in starts] == [7, 8]


def test_ics_py_reads_the_vtimezone_right_in_summer_and_winter_2045(data):
    calendar = ics.Calendar(data.decode())
    zone = calendar._timezones["Europe/Berlin"]  # ics-py's reading of our VTIMEZONE

    assert datetime.datetime(2045, 7, 3, 9, 0, tzinfo=zone).utcoffset() == datetime.timedelta(
        hours=2
    )
    assert datetime.datetime(2045, 12, 4, 9, 0, tzinfo=zone).utcoffset() == datetime.timedelta(
        hours=1
    )
    begins = sorted(event.begin for event in calendar.events)
    assert [b.to("UTC").hour for b in begins] == [7, 8]


def test_the_vtimezone_agrees_with_the_time_zone_database_at_every_change_until_2100(data):
    zone = Calendar.from_ical(data).timezones[0].to_tz(lookup_tzid=False)
    wrong = []
    for year in range(2000, 2101):
        for month, day in ((3, 24), (3, 31), (10, 24), (10, 31), (1, 15), (7, 15)):
            for hour in (1, 4, 12):
                local = datetime.datetime(year, month, day, hour)
                ours = local.replace(tzinfo=zone).utcoffset()
                theirs = local.replace(tzinfo=BERLIN).utcoffset()
                if ours != theirs:
                    wrong.append((local, ours, theirs))
    assert wrong == []


def test_a_cancellation_names_organizer_and_attendee_with_the_same_uid_and_a_higher_sequence():
    sent = entry(SUMMER_2045, sequence=0)
    cancel = entry(SUMMER_2045, sequence=1, attendees=[CITIZEN])

    first = Calendar.from_ical(build_calendar([sent], name="x", method="PUBLISH")).events[0]
    data = build_calendar([cancel], name="x", method="CANCEL")
    calendar = Calendar.from_ical(data)
    event = calendar.events[0]

    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["UID"] == first["UID"] and event["SEQUENCE"] > first["SEQUENCE"]
    assert str(event["ORGANIZER"]) == "mailto:buergerbuero@beteiligung.example"
    assert event["ORGANIZER"].params["CN"] == "Bürgerbüro 'Mitte'"
    assert str(event["ATTENDEE"]) == "mailto:clara@example.org"
    assert event["ATTENDEE"].params["CN"] == "Clara Citizen"
    # RFC 5546: PUBLISH has an ORGANIZER and no ATTENDEE.
    assert "ORGANIZER" in first and "ATTENDEE" not in first
    parsed = next(iter(ics.Calendar(data.decode()).events))
    assert parsed.uid == first["UID"] and parsed.status == "CANCELLED"
    assert parsed.organizer.email == "buergerbuero@beteiligung.example"
    assert [a.email for a in parsed.attendees] == ["clara@example.org"]


def test_a_method_without_organizer_is_refused():
    with pytest.raises(ValueError, match="ORGANIZER"):
        build_calendar([entry(SUMMER_2045, organizer=None)], name="x", method="CANCEL")


def test_the_mail_part_names_the_method():
    assert mimetype("CANCEL") == "text/calendar; method=CANCEL"
    assert mimetype(None) == "text/calendar"
