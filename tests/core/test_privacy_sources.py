"""Everything a citizen did with their account is in the data export — bookings, event
registrations, incident reports, survey answers — and deleting the account detaches it."""

import datetime
import json
import re

import pytest

from appointments.models import Booking, BookingStatus, Service
from events import services as event_services
from events.models import EventIndexPage
from surveys.models import SurveySubmission
from tests.appointments.conftest import days_ahead, make_office, make_slot
from tests.events.conftest import make_event
from tests.maps.conftest import make_category, make_report
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def active_citizen(citizen, home, organisation):
    office = make_office(organisation, name="Bürgerbüro Mitte")
    service = Service.objects.create(organisation=organisation, name="Personalausweis")
    slot = make_slot(office, days_ahead(3))
    Booking.objects.create(
        slot=slot, service=service, name="Clara Bürger", email=citizen.email, user=citizen,
        status=BookingStatus.CONFIRMED, delete_after=slot.start.date() + datetime.timedelta(days=14),
    )  # fmt: skip
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home.add_child(instance=index)
    event = make_event(index, organisation, registration_enabled=True, capacity=5)
    event_services.register(event, name="Clara Bürger", email=citizen.email, user=citizen)
    make_report(
        make_category(organisation), user=citizen, reporter_name="Clara Bürger",
        reporter_email=citizen.email, description="Laterne dunkel",
    )  # fmt: skip
    survey = make_survey(home, organisation, [{"label": "Idee", "field_type": "singleline"}])
    SurveySubmission.objects.create(
        page=survey,
        user=citizen,
        form_data={"idee": "Mehr Bänke"},
        delete_after=survey.deletion_date(),
    )
    return citizen


def test_the_export_holds_bookings_registrations_reports_and_answers(client, active_citizen):
    client.force_login(active_citizen)

    data = json.loads(client.get("/konto/meine-daten/?format=json").content)

    assert data["appointments"]["records"][0]["office"] == "Bürgerbüro Mitte"
    assert data["events"]["records"][0]["name"] == "Clara Bürger"
    assert data["reports"]["records"][0]["description"] == "Laterne dunkel"
    assert data["surveys"]["records"][0]["answers"] == {"idee": "Mehr Bänke"}
    page = client.get("/konto/meine-daten/").content.decode()
    for text in ["Termine", "Veranstaltungsanmeldungen", "Meldungen", "Mehr Bänke"]:
        assert text in page


def test_deleting_the_account_keeps_the_report_but_not_the_reporter(client, active_citizen):
    from maps.models import Report

    client.force_login(active_citizen)
    client.post("/konto/loeschen/", {"password": "secret-pass-123"})

    report = Report.objects.get()
    assert report.description == "Laterne dunkel"
    assert (report.user, report.reporter_name, report.reporter_email) == (None, "", "")
    assert Booking.objects.get().user is None
    assert SurveySubmission.objects.get().user is None


def test_my_data_page_reads_in_german_with_german_dates(client, active_citizen):
    client.force_login(active_citizen)

    page = client.get("/konto/meine-daten/").content.decode()

    for label in ["Konto", "Registriert seit", "Dienststelle", "Beginn", "Anzeigename"]:
        assert label in page
    assert re.search(r"\d{1,2}\. [A-ZÄÖÜ][a-zä]+ \d{4}, \d{2}:\d{2} Uhr", page)
    # No raw JSON keys or ISO times are shown to the citizen.
    for raw in ["reporter_email", "date_joined", "registered_at", "T00:00", "+00:00"]:
        assert raw not in page


def test_my_data_folds_long_lists_behind_a_count(client, active_citizen):
    event = active_citizen.event_registrations.get().event
    for n in range(4):
        event_services.register(
            event, name=f"Gast {n}", email=f"gast{n}@example.org", user=active_citizen
        )
    client.force_login(active_citizen)

    page = client.get("/konto/meine-daten/").content.decode()

    assert "<details" in page
    assert "Alle 5 Einträge anzeigen" in page


def test_the_json_download_keeps_every_record_the_page_shows(client, active_citizen):
    from beteiligung.privacy import SOURCES, present_user_data

    client.force_login(active_citizen)
    data = json.loads(client.get("/konto/meine-daten/?format=json").content)

    assert set(data) == {"account", "exported_at", *SOURCES}
    sections = {s.key: s for s in present_user_data(data)}
    for key in SOURCES:
        assert len(sections[key].records) == len(data[key]["records"])
