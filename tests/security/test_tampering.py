"""Changing ids or tokens in a link never reaches somebody else's data, and broken tokens
are answered cleanly (never a server error)."""

import datetime
import uuid

import pytest

from appointments.models import Booking, BookingStatus, Service
from cms.procedures import StatementStatus
from dialogues.models import CommentStatus
from events import services as event_services
from events.models import EventIndexPage, RegistrationStatus
from tests.appointments.conftest import days_ahead, make_office, make_slot
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_user
from tests.events.conftest import make_event
from tests.maps.conftest import (
    make_category,
    make_contribution,
    make_feedback_procedure,
    make_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(organisation) -> Booking:
    office = make_office(organisation)
    service = Service.objects.create(organisation=organisation, name="Ausweis")
    service.offices.add(office)
    slot = make_slot(office, days_ahead(3))
    return Booking.objects.create(
        slot=slot,
        service=service,
        name="Erika Mustermann",
        email="erika@example.org",
        status=BookingStatus.CONFIRMED,
        delete_after=slot.start.date() + datetime.timedelta(days=14),
    )


def test_a_booking_is_only_reached_with_its_own_secret(client, booking):
    stranger = "x" * len(booking.token)
    for url in [
        f"/termine/buchung/{stranger}/",
        f"/termine/buchung/{stranger}/termin.ics",
        f"/termine/buchung/{booking.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Erika" not in response.content

    assert client.post(f"/termine/buchung/{stranger}/absagen/").status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_statement_draft_belongs_to_the_browser_that_wrote_it(client, home, organisation):
    procedure = make_procedure(home, organisation)
    draft = make_statement(procedure, status=StatementStatus.DRAFT, text="Mein Entwurf")
    client.force_login(make_user("andere@example.org"))

    for url in [
        f"/stellungnahmen/{draft.token}/pruefen/",
        f"/stellungnahmen/{draft.token}/eingang/",
        f"/stellungnahmen/{uuid.uuid4()}/pruefen/",
        f"{procedure.url}?entwurf={draft.token}",
    ]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert b"Mein Entwurf" not in response.content, url
    assert client.post(f"/stellungnahmen/{draft.token}/pruefen/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == StatementStatus.DRAFT


def test_a_changed_cancel_link_of_an_event_registration_fails_cleanly(client, home, organisation):
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home.add_child(instance=index)
    event = make_event(index, organisation, registration_enabled=True, capacity=5)
    first = event_services.register(event, name="Anna", email="anna@example.org")
    second = event_services.register(event, name="Ben", email="ben@example.org")
    token = first.cancel_token()
    forged = token.replace(str(first.pk), str(second.pk), 1)

    for bad in [forged, token + "x", "nonsense", token.split(":")[0]]:
        assert client.post(f"/veranstaltungen/abmelden/{bad}/").status_code == 404, bad
    second.refresh_from_db()
    assert second.status != RegistrationStatus.CANCELLED


def test_report_tokens_and_unsubscribe_links_cannot_be_guessed(client, organisation):
    report = make_report(make_category(organisation), published=False)

    assert client.get(f"/meldungen/bestaetigen/{uuid.uuid4()}/").status_code == 404
    assert client.post(f"/meldungen/bestaetigen/{report.pk}/").status_code == 404
    assert client.get(f"/meldungen/{report.pk}/").status_code == 404  # not published
    response = client.get("/meldungen/abbestellen/1:forged:signature/")
    assert response.status_code in (400, 404)
    report.refresh_from_db()
    assert report.confirmed_at is None


def test_a_citizen_cannot_delete_or_edit_another_citizens_map_note(client, home, organisation):
    procedure = make_feedback_procedure(home, organisation)
    note = make_contribution(procedure, make_user("anna@example.org"), text="Annas Hinweis")
    client.force_login(make_user("ben@example.org"))

    assert client.post(f"/kommentare/{note.comment_id}/loeschen/").status_code == 403
    edit = client.post(f"/kommentare/{note.comment_id}/bearbeiten/", {"text": "Gefälscht"})
    assert edit.status_code == 403
    note.comment.refresh_from_db()
    assert note.comment.text == "Annas Hinweis"
    assert note.comment.status == CommentStatus.PUBLISHED


def test_the_data_export_holds_only_the_account_owners_data(client, home, organisation):
    procedure = make_procedure(home, organisation)
    anna = make_user("anna@example.org")
    make_statement(procedure, user=anna, text="Annas Stellungnahme")
    client.force_login(make_user("ben@example.org"))

    assert "Annas Stellungnahme" not in client.get("/konto/meine-daten/").content.decode()
    assert (
        "Annas Stellungnahme" not in client.get("/konto/meine-daten/?format=json").content.decode()
    )


def test_the_account_owner_finds_their_statement_in_the_export(client, home, organisation):
    procedure = make_procedure(home, organisation)
    anna = make_user("anna@example.org")
    make_statement(procedure, user=anna, text="Annas Stellungnahme")
    client.force_login(anna)

    assert "Annas Stellungnahme" in client.get("/konto/meine-daten/?format=json").content.decode()
