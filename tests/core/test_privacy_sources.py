"""Everything a citizen did with their account is in the data export — bookings, event
registrations, incident reports, survey answers — and deleting the account detaches it."""

import datetime
import json

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
