"""The maps in a real browser: clustering from karte.json, choosing a point, no barriers."""

import pytest

from maps.models import Report
from tests.conftest import make_organisation
from tests.maps.conftest import make_category, make_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def category(transactional_db):
    return make_category(make_organisation("Landeshauptstadt Wiesbaden"), icon="road")


def test_the_public_map_clusters_reports_without_third_party_requests(
    page,
    axe_check,
    category,
):
    for i in range(40):
        make_report(category, lat=f"50.08{i:02d}00", lon="8.240000")
    page.goto("/meldungen/")
    page.wait_for_selector(".marker-cluster")
    assert page.locator(".leaflet-marker-icon").count() < 40
    assert page.foreign_requests == []
    axe_check(page)


def test_a_click_on_the_map_fills_the_coordinates_and_the_report_is_sent(
    page,
    axe_check,
    category,
):
    page.goto("/meldungen/neu/")
    axe_check(page)
    page.select_option("#id_category", str(category.pk))
    page.locator(".folium-map").click(position={"x": 120, "y": 80})
    lat = page.input_value("#id_lat")
    assert lat and float(lat) > 50
    page.fill("#id_description", "Schlagloch an der Ecke")
    page.check("#id_consent")
    page.fill("#id_reporter_email", "rita@example.org")
    page.click("form.maps-report-form button[type=submit]")
    page.wait_for_selector("text=Vielen Dank für Ihre Meldung")
    report = Report.objects.get()
    assert float(report.lat) == pytest.approx(float(lat))
    assert page.foreign_requests == []
