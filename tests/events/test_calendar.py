"""Calendar files per event and feeds, parsed back with icalendar."""

import datetime

import pytest
from icalendar import Calendar

from tests.conftest import make_organisation
from tests.events.conftest import BERLIN, in_days, make_event, republish

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def uids(calendar: Calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.events}


def test_one_event_as_a_calendar_file(client, event):
    response = client.get(f"{event.url}ical/")

    calendar = parse(response)
    entry = calendar.events[0]
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    assert str(entry["UID"]) == f"event-{event.pk}@127.0.0.1"
    assert entry["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert entry["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    url = f"http://127.0.0.1:8000{event.url}"
    assert str(entry["URL"]) == url
    assert url in str(entry["DESCRIPTION"])
    assert str(entry["LOCATION"]) == "Bürgerhaus, Hauptstraße 1, 64283 Darmstadt"


def test_the_slug_address_gives_the_same_file(client, event):
    calendar = parse(client.get(f"/veranstaltungen/{event.slug}.ics"))

    assert uids(calendar) == {event.calendar_uid}
    assert client.get("/veranstaltungen/gibt-es-nicht.ics").status_code == 404


def test_an_event_across_the_dst_change(client, event_index, organisation):
    event = make_event(
        event_index,
        organisation,
        start=datetime.datetime(2027, 3, 27, 10, 0, tzinfo=BERLIN),
        end=datetime.datetime(2027, 3, 28, 16, 0, tzinfo=BERLIN),
    )

    response = client.get(f"{event.url}ical/")
    entry = parse(response).events[0]

    assert b"DTSTART;TZID=Europe/Berlin:20270327T100000" in response.content
    assert b"DTEND;TZID=Europe/Berlin:20270328T160000" in response.content
    assert entry.start.utcoffset() == datetime.timedelta(hours=1)
    assert entry.end.utcoffset() == datetime.timedelta(hours=2)


def test_an_all_day_event_over_two_days(client, event_index, organisation):
    event = make_event(
        event_index,
        organisation,
        title="Ortsbegehung",
        all_day=True,
        start=datetime.datetime(2027, 5, 7, 0, 0, tzinfo=BERLIN),
        end=datetime.datetime(2027, 5, 8, 0, 0, tzinfo=BERLIN),
    )

    response = client.get(f"{event.url}ical/")
    entry = parse(response).events[0]

    assert b"DTSTART;VALUE=DATE:20270507" in response.content
    assert entry.start == datetime.date(2027, 5, 7)
    assert entry.end == datetime.date(2027, 5, 9)  # exclusive: the 8th is the last day
    page = client.get(event.url).content.decode()
    assert "7. Mai 2027" in page and "8. Mai 2027" in page


def test_the_feed_lists_upcoming_events_only(client, event_index, organisation, event):
    past = make_event(event_index, organisation, title="Vorbei", start=in_days(-3))
    draft = make_event(event_index, organisation, title="Entwurf")
    draft.unpublish()

    calendar = parse(client.get("/veranstaltungen/kalender.ics"))

    assert uids(calendar) == {event.calendar_uid}
    assert past.calendar_uid not in uids(calendar)
    assert "Veranstaltungen" in str(calendar["X-WR-CALNAME"])


def test_the_feed_filters_by_organisation(client, event_index, organisation, event):
    other = make_organisation("Stadt Wiesbaden")
    theirs = make_event(event_index, other, title="Bürgerforum")

    ours = parse(client.get(f"/veranstaltungen/kalender.ics?organisation={organisation.slug}"))
    their_feed = parse(client.get(f"/veranstaltungen/kalender.ics?organisation={other.slug}"))

    assert uids(ours) == {event.calendar_uid}
    assert uids(their_feed) == {theirs.calendar_uid}
    assert client.get("/veranstaltungen/kalender.ics?organisation=unbekannt").status_code == 404


def test_the_feed_filters_by_procedure(client, event_index, organisation, home):
    procedure = home  # any page stands in for the related procedure here
    linked = make_event(event_index, organisation, title="Erörterung", procedure=procedure)
    make_event(event_index, organisation, title="Anderes")

    calendar = parse(client.get(f"/veranstaltungen/kalender.ics?verfahren={procedure.pk}"))

    assert uids(calendar) == {linked.calendar_uid}


def test_the_event_page_offers_download_and_subscription(client, event):
    content = client.get(event.url).content.decode()

    assert f'href="{event.url}ical/"' in content
    assert f'href="webcal://127.0.0.1:8000{event.url}ical/"' in content


def test_the_feed_needs_few_queries_for_many_events(
    client, event_index, organisation, django_assert_max_num_queries
):
    for number in range(12):
        make_event(event_index, organisation, title=f"Termin {number}", start=in_days(number + 1))

    with django_assert_max_num_queries(8):
        calendar = parse(client.get("/veranstaltungen/kalender.ics"))

    assert len(calendar.events) == 12


def test_the_feed_shows_a_change_at_once_despite_its_cache(client, event):
    before = parse(client.get("/veranstaltungen/kalender.ics")).events[0]

    republish(event, place_name="Rathaus", address="Marktplatz 1")
    after = parse(client.get("/veranstaltungen/kalender.ics")).events[0]

    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert str(after["LOCATION"]) == "Rathaus, Marktplatz 1"
