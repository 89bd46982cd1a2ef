"""The editor's and the planner's workspace in Chromium: a planning area drawn on the map
and a procedure published in one go (mouse); two statements weighed with an answer template
and "Speichern und nächste" (keyboard). Screenshots go to /work/shots/editor/ when it exists."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from beteiligung.roles import Role
from cms.answer_templates import AnswerTemplate
from cms.demo import seed_procedures
from cms.procedures import ConsiderationResult, ProcedureIndexPage, ProcedurePage, StatementStatus
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff
from tests.e2e.conftest import add_totp, keyboard_log_in, log_in_staff, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/shots/editor")


@pytest.fixture(autouse=True)
def _staff_need_two_factors(settings, tmp_path, page):
    settings.STAFF_REQUIRE_MFA = True
    settings.MEDIA_ROOT = tmp_path
    page.set_default_timeout(15_000)


def shot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"journey-{name}.png"))


def test_an_editor_draws_the_area_and_publishes_a_procedure_in_one_go(page, home, organisation):
    seed_procedures(io.StringIO())
    index = ProcedureIndexPage.objects.get()
    editor = make_staff(organisation, Role.EDITOR)
    log_in_staff(page, editor)
    page.goto(f"/admin/pages/add/cms/procedurepage/{index.pk}/")
    page.locator("#id_title").fill("Bebauungsplan Am Bach")
    page.get_by_role("button", name="Organisation auswählen").click()
    page.get_by_role("dialog").get_by_role("link", name=organisation.name).click()
    page.get_by_role("dialog").wait_for(state="hidden")
    page.locator("#id_summary").fill("Ein neues Wohnquartier am Bach.")
    page.get_by_role("tab", name="Phasen").click()
    page.locator("#id_phases-0-kind").select_option(label="Beteiligung")
    page.locator("#id_phases-0-title").fill("Auslegung")
    page.locator("#id_phases-0-start").fill("2026-01-01 09:00")
    page.locator("#id_phases-0-start").press("Tab")
    page.locator("#id_phases-0-end").fill("2036-01-01 09:00")
    page.locator("#id_phases-0-end").press("Tab")
    page.get_by_role("tab", name="Phasen").click()

    page.get_by_role("tab", name="Gebiet und Karte").click()
    area_map = page.locator("[data-area-editor][data-kind=area] [data-area-map]")
    area_map.evaluate("node => node.scrollIntoView({block: 'start'})")
    page.locator("[data-area-editor][data-kind=area] .leaflet-pm-icon-rectangle").click()
    page.wait_for_timeout(300)
    box = area_map.bounding_box()
    for x, y in ((0.3, 0.25), (0.7, 0.55)):  # two opposite corners of a rectangle
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y, steps=5)
        page.mouse.click(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
        page.wait_for_timeout(300)
    page.wait_for_function(
        "() => document.querySelector('textarea[name=planning_area]').value.includes('Polygon')"
    )
    shot(page, "area-drawn")

    page.locator("footer .w-dropdown__toggle").click()
    page.get_by_role("button", name="Veröffentlichen").click()
    # Wagtail's autosave may have created the page already; either way the editor lands in
    # the procedures' explorer with the confirmation (it was "Sie haben leider keinen Zugang"
    # when Wagtail checked the publish right on the new page before it had its rights).
    expect(page.locator(".messages li").first).to_contain_text(
        re.compile(r"‚Bebauungsplan Am Bach‘ wurde (erstellt und )?veröffentlicht"),
        timeout=15_000,
    )
    assert page.url.endswith(f"/admin/pages/{index.pk}/")
    procedure = ProcedurePage.objects.get(title="Bebauungsplan Am Bach")
    assert procedure.live
    assert procedure.area_shape() is not None and procedure.area_shape().area > 0


def test_a_planner_weighs_two_statements_with_a_template_and_the_keyboard(page, home, organisation):
    procedure = make_procedure(home, organisation)
    first = make_statement(procedure, text="Zu laut an der Straße.")
    second = make_statement(procedure, text="Auch hier ist es laut.")
    AnswerTemplate.objects.create(
        organisation=organisation,
        title="Lärm: Gutachten",
        text="Das Lärmgutachten wird ergänzt.",
        result=ConsiderationResult.PARTLY_ACCEPTED,
    )
    planner = make_staff(organisation, Role.PLANNER)
    table = f"/admin/abwaegung/{procedure.pk}/"
    keyboard_log_in(page, planner.email, add_totp(planner), next_url=table)
    shot(page, "weighing-table")

    tab_to(page, f"a[href='{table}{first.pk}/']", max_tabs=120)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{table}{first.pk}/")
    for statement in (first, second):
        tab_to(page, "select[name=status]", max_tabs=80)
        page.keyboard.type("Abgewogen")
        tab_to(page, "select[name=answer_template]")
        page.keyboard.press("ArrowDown")
        expect(page.locator("textarea[name=response]")).to_have_value(
            "Das Lärmgutachten wird ergänzt."
        )
        page.keyboard.press("Control+Enter")  # save and next
        if statement is first:
            page.wait_for_url(f"**{table}{second.pk}/")
            shot(page, "weighing-next")
    page.wait_for_url(f"**{table}")
    for statement in (first, second):
        statement.refresh_from_db()
        assert statement.status == StatementStatus.WEIGHED
        assert statement.result == ConsiderationResult.PARTLY_ACCEPTED
        assert statement.response == "Das Lärmgutachten wird ergänzt."
