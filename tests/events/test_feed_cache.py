"""The site feed builds the VEVENT of a changed event again and reuses the others."""

import icalendar
import ics
import pytest

from beteiligung import ical
from events.calendar_feed import vevents_built
from events.models import EventPage
from tests.events.conftest import in_days, make_event, republish

pytestmark = pytest.mark.django_db

FEED = "/veranstaltungen/kalender.ics"


def vevents(content: bytes) -> dict[str, bytes]:
    blocks = content.split(b"BEGIN:VEVENT\r\n")[1:]
    out = {}
    for block in blocks:
        block = block.split(b"END:VEVENT\r\n", 1)[0]
        uid = next(line for line in block.split(b"\r\n") if line.startswith(b"UID:"))
        out[uid.decode()[4:]] = block
    return out


@pytest.fixture
def three_events(event_index, organisation):
    ical.clear_feed_cache()
    return [
        make_event(
            event_index,
            organisation,
            title=f"Infoabend {n}",
            slug=f"infoabend-{n}",
            start=in_days(5 + n),
        )
        for n in range(3)
    ]


def test_a_changed_event_appears_changed_and_the_others_are_reused(client, three_events):
    built = vevents_built()
    first = client.get(FEED).content
    assert vevents_built() - built == 3
    changed = republish(three_events[1], title="Infoabend verschoben")

    second = client.get(FEED).content

    before, after = vevents(first), vevents(second)
    assert b"SUMMARY:Infoabend verschoben" in after[changed.calendar_uid]
    assert b"Infoabend verschoben" not in first
    for event in (three_events[0], three_events[2]):
        assert after[event.calendar_uid] == before[event.calendar_uid]
    assert vevents_built() - built == 4  # one VEVENT built again, two reused


def test_a_change_written_without_publishing_reaches_the_feed(client, three_events):
    # services.update_calendar_state() raises SEQUENCE with .update(), which sends no signal
    # and leaves the publish time alone: the feed must still carry the new SEQUENCE.
    client.get(FEED)
    event = three_events[0]
    EventPage.objects.filter(pk=event.pk).update(sequence=7)

    after = vevents(client.get(FEED).content)

    assert b"SEQUENCE:7" in after[event.calendar_uid]


def test_a_renamed_organisation_is_the_new_organiser_of_its_events(
    client, three_events, organisation
):
    client.get(FEED)
    organisation.name = "Stadtverwaltung Neustadt"
    organisation.save()

    calendar = icalendar.Calendar.from_ical(client.get(FEED).content)

    assert {e["ORGANIZER"].params["CN"] for e in calendar.events} == {"Stadtverwaltung Neustadt"}


def test_an_event_unpublished_leaves_the_feed_at_once(client, three_events):
    client.get(FEED)
    three_events[1].unpublish()

    content = client.get(FEED).content

    assert three_events[1].calendar_uid.encode() not in content
    assert len(icalendar.Calendar.from_ical(content).events) == 2


def test_the_feed_from_cached_parts_parses_in_icalendar_and_ics(client, three_events):
    client.get(FEED)
    republish(three_events[0], title="Neuer Titel")

    content = client.get(FEED).content

    calendar = icalendar.Calendar.from_ical(content)
    assert sorted(str(e["SUMMARY"]) for e in calendar.events) == [
        "Infoabend 1",
        "Infoabend 2",
        "Neuer Titel",
    ]
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert content.index(b"BEGIN:VTIMEZONE") < content.index(b"BEGIN:VEVENT")
    assert content.endswith(b"END:VCALENDAR\r\n")
    assert len(ics.Calendar(content.decode()).events) == 3


def test_hostile_text_in_a_cached_event_stays_one_escaped_property(client, three_events):
    republish(three_events[2], title='Abend\r\nBEGIN:VEVENT "onmouseover=x <script>')

    content = client.get(FEED).content

    calendar = icalendar.Calendar.from_ical(content)
    assert len(calendar.events) == 3
    assert b'\r\nBEGIN:VEVENT "onmouseover' not in content
