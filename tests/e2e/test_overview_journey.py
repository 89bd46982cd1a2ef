"""A citizen finds the way in: from the main navigation to /mitmachen/, filters the map of
all procedures by a place name, reaches the demo dialogue, and on a procedure page jumps
from the summary box to the statement form and sets the point on the form's own map."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_finds_what_is_open_and_sets_a_point_at_the_statement_form(demo, page, axe_check):
    page.goto("/")
    page.locator(".main-nav").get_by_role("link", name="Mitmachen", exact=True).click()
    page.wait_for_url("**/mitmachen/")
    assert page.locator("h1").count() == 1
    axe_check(page)

    page.fill("#id_q", "Kurpark")
    page.locator("form.procedure-filters button[type=submit]").click()
    page.wait_for_url("**q=Kurpark**")
    listing = page.locator(".overview-procedure-list")
    expect(listing).to_contain_text("Am Kurpark Ost")
    expect(listing).not_to_contain_text("Regionalplan Südhessen")
    expect(page.locator("#id_q")).to_have_value("Kurpark")

    page.locator(".open-list").get_by_role(
        "link", name="Zukunft des Marktplatzes", exact=True
    ).click()
    page.wait_for_url("**/marktplatz/")

    page.goto("/verfahren/regionalplan-suedhessen-2026/")
    axe_check(page)
    summary = page.locator(".procedure-summary")
    expect(summary).to_contain_text("noch")
    summary.get_by_role("link", name="Stellungnahme abgeben").click()
    expect(page.locator("#stellungnahme-heading")).to_be_in_viewport()

    # The form's own map: a click in its centre (inside the area) fills both fields.
    point_map = page.locator(".statement-point-map .folium-map")
    point_map.scroll_into_view_if_needed()
    point_map.click()
    assert page.input_value("#id_latitude") and page.input_value("#id_longitude")
    expect(page.locator("#point-status")).to_contain_text("Punkt gesetzt")
    expect(page.locator(".statement-point-map .leaflet-marker-icon")).to_have_count(1)
    # The planning area map above shows the same point.
    expect(page.locator("#procedure-map .leaflet-marker-icon")).to_have_count(1)

    # Typing the coordinates works as well and moves the marker.
    page.fill("#id_latitude", "49.9")
    page.fill("#id_longitude", "8.65")
    page.locator("#id_longitude").dispatch_event("change")
    expect(page.locator(".statement-point-map .leaflet-marker-icon")).to_have_count(1)
    axe_check(page)
    assert page.foreign_requests == []
