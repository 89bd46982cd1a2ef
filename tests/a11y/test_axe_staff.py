"""axe-core (WCAG 2.1 A and AA) finds no violation on the staff dashboard, the triage and a
report's page, as the incident handler sees them."""

import pytest
from django.test import Client

from beteiligung.roles import Role
from maps.models import AnswerTemplate, ReportStatus
from tests.conftest import make_staff
from tests.maps.conftest import make_category, make_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def handler_page(page, live_server, organisation, settings):
    settings.STAFF_REQUIRE_MFA = False
    category = make_category(organisation)
    report = make_report(category, status=ReportStatus.CONFIRMED, address="Marktplatz 1")
    make_report(category, status=ReportStatus.IN_PROGRESS)
    AnswerTemplate.objects.create(organisation=organisation, title="Erledigt", text="Behoben.")
    client = Client()
    client.force_login(make_staff(organisation, Role.INCIDENT_HANDLER))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page, report


@pytest.mark.parametrize("path", ["/admin/", "/admin/meldungen/", "report"])
def test_axe_finds_no_violation_on_the_incident_handlers_screens(handler_page, axe_check, path):
    page, report = handler_page
    page.goto(f"/admin/meldungen/{report.pk}/" if path == "report" else path)
    page.wait_for_load_state("networkidle")
    axe_check(page)
