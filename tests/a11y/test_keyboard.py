"""Keyboard only: a citizen reaches every field with Tab (past the maps, which trap no one),
gives the place in words instead of on the map, and sends with Enter."""

import re

import pytest

from cms.procedures import Statement
from maps.models import Report
from tests.cms.conftest import make_procedure
from tests.maps.conftest import make_category

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

MOST_TABS = 120


def tab_to(page, selector: str) -> None:
    """Press Tab until the element has the focus; fail if it cannot be reached."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_a_problem_is_reported_with_the_keyboard_alone_without_the_map(page, organisation):
    make_category(organisation, name="Schlagloch")
    page.goto("/meldungen/neu/")

    tab_to(page, "#id_category")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_address")
    page.keyboard.type("Wilhelmstraße 12, Wiesbaden, vor der Bäckerei")
    tab_to(page, "#id_description")
    page.keyboard.type("Tiefes Schlagloch auf dem Radweg")
    tab_to(page, "#id_reporter_email")
    page.keyboard.type("rita@example.org")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "form.maps-report-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.get_by_text("Vielen Dank für Ihre Meldung").wait_for()
    report = Report.objects.get()
    assert report.address == "Wilhelmstraße 12, Wiesbaden, vor der Bäckerei"
    assert report.lat is None
    assert page.foreign_requests == []


def test_a_statement_is_submitted_with_the_keyboard_alone(page, home, organisation):
    procedure = make_procedure(home, organisation)
    page.goto(procedure.url)

    tab_to(page, "#id_text")
    page.keyboard.type("Die Kreuzung braucht eine Ampel.")
    tab_to(page, "#id_place")
    page.keyboard.type("Kreuzung Heinrichstraße / Karlstraße")
    tab_to(page, "#id_name")
    page.keyboard.type("Clara Citizen")
    tab_to(page, "#id_email")
    page.keyboard.type("clara@example.org")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "form.statement-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/pruefen/", page.url)

    tab_to(page, "form.review-actions button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/eingang/", page.url)
    statement = Statement.objects.get()
    assert statement.place == "Kreuzung Heinrichstraße / Karlstraße"
    assert statement.reference in page.content()
    assert page.foreign_requests == []
