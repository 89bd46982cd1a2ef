"""In Chromium: the support buttons on map notes and incident reports work from the keyboard
and say whether they are pressed."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import log_in_browser, make_user
from tests.maps.conftest import make_contribution, make_feedback_procedure, make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ["SUPPORT_SHOTS"]) if os.environ.get("SUPPORT_SHOTS") else None


def shoot(page, name: str) -> None:
    if SHOTS is None:
        return
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_a_citizen_supports_a_note_with_the_keyboard(
    page, live_server, axe_check, citizen, home, organisation
):
    procedure = make_feedback_procedure(home, organisation)
    make_contribution(procedure, citizen, text="Hier fehlt ein Radweg.")
    log_in_browser(page, live_server, make_user("nachbarin@example.org"))

    page.goto(f"/kartenhinweise/{procedure.pk}/")
    button = page.get_by_role("button", name="Unterstützen (Hinweis „Radweg fehlt“)")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.focus()
    page.keyboard.press("Space")
    page.wait_for_url("**#kommentar-*")

    pressed = page.get_by_role("button", name="Unterstützt (Hinweis „Radweg fehlt“)", pressed=True)
    expect(pressed).to_be_visible()
    expect(page.locator(".maps-list")).to_contain_text("1 Unterstützung")
    axe_check(page)
    pressed.focus()
    shoot(page, "note-supported")


def test_a_visitor_supports_a_report_with_the_keyboard_and_takes_it_back(
    page, live_server, axe_check, category
):
    report = make_report(category)

    page.goto(f"/meldungen/{report.pk}/")
    button = page.get_by_role("button", name="Das betrifft mich auch")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#unterstuetzung")

    pressed = page.get_by_role("button", name="Das betrifft mich auch", pressed=True)
    expect(page.locator("#report-supporters")).to_have_text("1 Person unterstützt diese Meldung.")
    axe_check(page)
    pressed.focus()
    shoot(page, "report-supported")
    page.keyboard.press("Enter")
    page.wait_for_url("**#unterstuetzung")
    expect(page.get_by_role("button", name="Das betrifft mich auch")).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(page.locator("#report-supporters")).to_have_text(
        "0 Personen unterstützen diese Meldung."
    )
