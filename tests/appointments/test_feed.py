"""The clerks' private calendar feed carries as little personal data as it can: calendar
apps copy subscribed feeds to their provider's cloud. By default each entry names the
booking reference and the service only; an office may choose to add names, phone numbers
and notes. No text a citizen typed can break the feed."""

import ics
import pytest
from icalendar import Calendar

from appointments import services
from appointments.models import Booking
from tests.appointments.conftest import days_ahead, make_slot

pytestmark = pytest.mark.django_db

CITIZEN = {
    "name": "Erika Mustermann",
    "email": "erika@example.org",
    "phone": "0171 2345678",
    "note": "Ich komme mit Rollstuhl.",
}


def book(service, office, hour: int, **details) -> Booking:
    slot = make_slot(office, days_ahead(5, hour))
    return services.confirm(services.reserve(slot=slot, service=service, **{**CITIZEN, **details}))


def feed_events(client, office) -> list:
    response = client.get(office.feed_path())
    assert response.status_code == 200
    return Calendar.from_ical(response.content).events


def test_the_feed_names_only_the_reference_and_the_service_by_default(client, office, service):
    booking = book(service, office, 9)

    response = client.get(office.feed_path())

    body = response.content.decode()
    for personal in CITIZEN.values():
        assert personal not in body
    event = Calendar.from_ical(response.content).events[0]
    assert str(event["SUMMARY"]) == f"Führerschein beantragen: {booking.reference}"
    assert str(event["DESCRIPTION"]) == booking.reference


def test_an_office_may_include_names_phone_numbers_and_notes(client, office, service):
    office.feed_includes_names = True
    office.save()
    booking = book(service, office, 9)

    event = feed_events(client, office)[0]

    assert str(event["SUMMARY"]) == "Führerschein beantragen: Erika Mustermann"
    assert str(event["DESCRIPTION"]) == (
        f"{booking.reference}\n0171 2345678\nIch komme mit Rollstuhl."
    )
    assert "erika@example.org" not in event.to_ical().decode()


def test_new_offices_keep_names_out_of_the_feed(office):
    assert office.feed_includes_names is False


def test_control_characters_in_a_note_do_not_break_the_feed(client, office, service):
    office.feed_includes_names = True
    office.save()
    # (NUL never gets this far: Django's form fields refuse it, PostgreSQL cannot store it.)
    book(
        service,
        office,
        9,
        name="Erika\x1b[31m Mustermann",
        note="Bitte\x08 klingeln\x0b\r\n2. OG\x7f",
    )
    book(service, office, 10, name="Max Muster", note="")

    content = client.get(office.feed_path()).content

    allowed = {ord("\r"), ord("\n"), ord("\t")}
    assert [b for b in content if b < 32 and b not in allowed or b == 127] == []
    events = Calendar.from_ical(content).events
    assert [str(e["SUMMARY"]) for e in events] == [
        "Führerschein beantragen: Erika[31m Mustermann",
        "Führerschein beantragen: Max Muster",
    ]
    assert str(events[0]["DESCRIPTION"]).endswith("Bitte klingeln\n2. OG")
    # A second, independent reader (ics-py) reads both entries too.
    assert len(ics.Calendar(content.decode()).events) == 2


def test_the_office_form_offers_the_option_with_its_explanation(client, clerk, office):
    client.force_login(clerk)

    page = client.get(f"/admin/snippets/appointments/office/edit/{office.pk}/").content.decode()

    assert "Namen in den Kalender-Feed aufnehmen" in page
    assert "nur die Vorgangsnummer und das Anliegen" in page
    assert 'name="feed_includes_names"' in page
