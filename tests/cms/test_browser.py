"""In Chromium: the map fills the point on click, the statement goes through review to the
receipt, no request leaves our host, and axe finds no barrier."""

import re

import pytest

from cms.procedures import Statement, StatementStatus
from tests.cms.conftest import make_procedure

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_citizen_marks_a_point_on_the_map_and_submits(page, axe_check, home, organisation):
    procedure = make_procedure(home, organisation)
    page.goto("/verfahren/")
    axe_check(page)
    page.goto(procedure.url)
    axe_check(page)

    # The small map at the location fields; its centre lies inside the area.
    page.locator(".statement-point-map .folium-map").click()
    latitude = page.locator("#id_latitude").input_value()
    longitude = page.locator("#id_longitude").input_value()
    assert latitude and longitude
    assert procedure.contains_point(latitude, longitude)

    page.fill("#id_text", "Die Kreuzung braucht eine Ampel.")
    page.fill("#id_name", "Clara Citizen")
    page.fill("#id_email", "clara@example.org")
    page.check("#id_consent")
    page.click("button:has-text('Stellungnahme prüfen')")
    page.wait_for_url(re.compile(r"/pruefen/"))
    axe_check(page)
    assert "Die Kreuzung braucht eine Ampel." in page.content()

    page.click("button:has-text('Stellungnahme abgeben')")
    page.wait_for_url(re.compile(r"/eingang/"))
    axe_check(page)
    statement = Statement.objects.get()
    assert statement.status == StatementStatus.SUBMITTED
    assert statement.reference in page.content()
    assert page.foreign_requests == []
