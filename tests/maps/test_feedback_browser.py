"""In Chromium: a citizen puts a note on the map; a planner's map draws clusters, the heat
map and the layer switches, and no request leaves our host."""

import re

import pytest
from playwright.sync_api import expect

from beteiligung.roles import Role
from maps.demo import create_contributions
from maps.models import MapContribution
from tests.cms.conftest import make_statement
from tests.conftest import log_in_browser, make_staff
from tests.maps.conftest import make_feedback_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_clicks_the_map_and_puts_a_note_on_it(
    page, live_server, axe_check, citizen, home, organisation
):
    procedure = make_feedback_procedure(home, organisation)
    log_in_browser(page, live_server, citizen)

    page.goto(f"/kartenhinweise/{procedure.pk}/")
    axe_check(page)
    page.locator(".folium-map").click()  # the centre of the map lies inside the area
    assert procedure.contains_point(
        page.locator("#id_latitude").input_value(), page.locator("#id_longitude").input_value()
    )
    page.get_by_label("Lärm").check()
    page.fill("#id_text", "Nachts sehr laut")
    page.click("button:has-text('Hinweis auf die Karte setzen')")
    page.wait_for_url(re.compile(r"#kommentar-\d+$"))

    assert MapContribution.objects.get().category.name == "Lärm"
    expect(page.locator(".maps-list")).to_contain_text("Nachts sehr laut")
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    axe_check(page)
    assert page.foreign_requests == []


def test_the_planners_map_draws_clusters_heat_map_and_layer_switches(
    page, live_server, home, organisation
):
    procedure = make_feedback_procedure(home, organisation)
    create_contributions(procedure, 400)
    make_statement(procedure, text="Stellungnahme mit Ort", latitude="49.9", longitude="8.7")
    log_in_browser(page, live_server, make_staff(organisation, Role.PLANNER))

    page.goto(f"/admin/karte/{procedure.pk}/")

    status = page.locator("[data-planner-status]")
    expect(status).to_have_text("401 / 401")
    # Clusters are rings of the categories' shares.
    expect(page.locator(".planner-cluster").first).to_be_visible()
    page.get_by_label("Heatmap (Dichte)").check()
    expect(page.locator("canvas.leaflet-heatmap-layer")).to_have_count(1)
    # Sources are chosen in the filters (one set of switches): without the statements,
    # only the 400 notes are left.
    filters = page.locator("form.planner-filters")
    filters.get_by_label("Stellungnahmen", exact=True).uncheck()
    filters.get_by_role("button", name="Filter anwenden").click()
    expect(status).to_have_text("400 / 400")
    page.locator("[data-category='0']").uncheck()
    shown = int(status.inner_text().split(" / ")[0])
    assert 0 < shown < 400
    assert page.foreign_requests == []
