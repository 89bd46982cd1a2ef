"""Staff journeys from the dashboard: the incident handler and the clerk (with a second
factor, logged in by session cookie; their form login is tested in test_staff_journeys)
see their work counted on the dashboard and follow a link straight into it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appointments import services
from appointments.models import Service
from beteiligung.roles import Role
from maps.models import AnswerTemplate, ReportStatus
from tests.appointments.conftest import DETAILS, make_office, make_slot
from tests.conftest import make_staff
from tests.e2e.conftest import log_in_staff
from tests.maps.conftest import make_category, make_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _staff_need_two_factors(settings, page):
    settings.STAFF_REQUIRE_MFA = True
    page.set_default_timeout(10_000)


def test_an_incident_handler_goes_from_the_dashboard_to_the_oldest_report_and_answers(
    page, organisation
):
    category = make_category(organisation)
    report = make_report(category, status=ReportStatus.CONFIRMED, address="Marktplatz 1")
    make_report(category, status=ReportStatus.IN_PROGRESS)
    AnswerTemplate.objects.create(
        organisation=organisation, title="Auftrag vergeben", text="Der Bauhof ist beauftragt."
    )
    handler = make_staff(organisation, Role.INCIDENT_HANDLER)
    log_in_staff(page, handler)

    panel = page.locator("#work-triage")
    expect(panel.get_by_role("heading", name="Meldungen zu bearbeiten")).to_be_visible()
    expect(panel.get_by_role("link", name="1 neu, noch nicht in Bearbeitung")).to_be_visible()
    expect(panel.get_by_role("link", name="1 in Bearbeitung")).to_be_visible()
    panel.get_by_role("link", name=f"#{report.pk} Schlagloch").click()

    page.wait_for_url(f"**/admin/meldungen/{report.pk}/")
    expect(page.get_by_text("Marktplatz 1")).to_be_visible()
    page.get_by_label("Textbaustein").select_option(label="Auftrag vergeben")
    answer = page.locator("#id_answer_text")
    expect(answer).to_have_value("Der Bauhof ist beauftragt.")
    answer.fill("Der Bauhof ist beauftragt, morgen früh.")
    page.get_by_role("button", name="Antwort veröffentlichen").click()
    expect(page.get_by_text("Der Bauhof ist beauftragt, morgen früh.").first).to_be_visible()
    assert report.updates.get().text == "Der Bauhof ist beauftragt, morgen früh."


def test_the_triage_map_is_shown_with_a_height(page, organisation):
    make_report(make_category(organisation))
    handler = make_staff(organisation, Role.INCIDENT_HANDLER)
    log_in_staff(page, handler, next_url="/admin/meldungen/")

    box = page.locator(".staff-map .map").bounding_box()
    assert box["width"] > 300
    assert box["height"] > 200
    expect(page.locator(".staff-map .leaflet-marker-icon")).to_have_count(1)


def test_a_clerk_goes_from_todays_appointments_to_the_day_plan(page, organisation, midday):
    office = make_office(organisation, min_notice_hours=0)
    service = Service.objects.create(organisation=organisation, name="Personalausweis")
    service.offices.add(office)
    start = (timezone.localtime() + datetime.timedelta(minutes=20)).replace(second=0)
    booking = services.confirm(
        services.reserve(slot=make_slot(office, start), service=service, **DETAILS)
    )
    clerk = make_staff(organisation, Role.CLERK)
    log_in_staff(page, clerk)

    panel = page.locator("#work-appointments")
    expect(panel.get_by_text("1 heute noch anstehend")).to_be_visible()
    expect(panel.get_by_text(booking.reference)).to_be_visible()
    panel.get_by_role("link", name="Zum Tagesplan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Tagesplan")
    expect(page.get_by_role("heading", level=1)).to_contain_text(office.name)
    expect(page.locator("tr", has_text=booking.reference)).to_be_visible()
