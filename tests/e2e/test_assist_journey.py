"""The assistant in Chromium, end to end: a planner opens a statement, sees a weighed similar
one with the matching passages marked, takes its response over with the keyboard, edits it
and saves; then weighs a group of near-duplicates in one step. Screenshots at 1,280 and
1,024 px go to /work/shots/assistui/ when it exists."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from beteiligung.roles import Role
from cms.procedures import ConsiderationResult, StatementStatus
from cms.segments import StatementGroup
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff
from tests.e2e.conftest import log_in_staff, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/shots/assistui")
WIND = (
    "Sehr geehrte Damen und Herren,\n"
    "ich lehne die Vorrangfläche für Windenergie am Hohen Berg ab. Die Anlagen stehen zu nah "
    "an unserem Dorf und der Schattenwurf belastet die Anwohner. Außerdem brütet dort der "
    "Rotmilan.\nMit freundlichen Grüßen\n{}"
)
ANSWER = "Der Abstand zur Ortslage beträgt 1.000 m; der Rotmilan wurde kartiert."


@pytest.fixture(autouse=True)
def _staff_need_two_factors(settings, tmp_path, page):
    settings.STAFF_REQUIRE_MFA = True
    settings.MEDIA_ROOT = tmp_path
    page.set_default_timeout(20_000)


def shots(page, name: str) -> None:
    if not SHOTS.is_dir():
        return
    for width in (1280, 1024):
        # The admin scrolls inside its own container: a tall window shows the whole page.
        page.set_viewport_size({"width": width, "height": 900})
        height = page.evaluate("document.querySelector('main').scrollHeight")
        page.set_viewport_size({"width": width, "height": min(max(height + 200, 900), 4000)})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
        panel = page.locator("[data-assist-panel]")
        if panel.count():
            panel.first.screenshot(path=str(SHOTS / f"{name}-{width}-panel.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_planner_takes_over_a_suggestion_and_weighs_a_group(
    page, live_server, home, organisation
):
    procedure = make_procedure(home, organisation)
    earlier = make_statement(
        procedure,
        text=WIND.format("Anna Berg"),
        status=StatementStatus.WEIGHED,
        result=ConsiderationResult.NOT_ACCEPTED,
        response=ANSWER,
    )
    mine = make_statement(
        procedure,
        text=WIND.format("Peter Klein").replace("Vorrangfläche", "Vorrangflache")
        + "\nIch wohne seit 30 Jahren hier.",
    )
    group = StatementGroup.objects.create(procedure=procedure, method="near", key="wind")
    for text in (
        "Keine Windräder am Kühkopf, der Rotmilan brütet dort.",
        "Bitte keine Windräder am Kühkopf: dort brütet der Rotmilan!",
    ):
        make_statement(procedure, text=text, group=group)
    planner = make_staff(organisation, Role.PLANNER)
    table = f"/admin/abwaegung/{procedure.pk}/"
    log_in_staff(page, planner, next_url=table)

    # 1. The statement, with a suggestion and its marked passages.
    page.goto(f"{table}{mine.pk}/")
    panel = page.locator("[data-assist-panel]")
    expect(panel).to_contain_text(earlier.reference)
    expect(panel).to_contain_text("Nicht berücksichtigt")
    expect(panel.locator("mark").first).to_be_visible()
    expect(panel.locator("mark", has_text="Schattenwurf").first).to_be_visible()
    shots(page, "1-suggestion")

    # 2. Taken over with the keyboard: the form is filled, nothing saved yet.
    page.get_by_role("button", name="Speichern", exact=True).focus()
    tab_to(page, "[data-assist-take]", max_tabs=12)
    page.keyboard.press("Enter")
    form = page.locator("#weighing-form")
    response = form.get_by_label("Abwägungsvorschlag")
    expect(response).to_have_value(ANSWER)
    expect(response).to_be_focused()
    expect(form.get_by_label("Abwägungsergebnis")).to_have_value(ConsiderationResult.NOT_ACCEPTED)
    expect(panel.locator("[data-assist-status]")).to_contain_text("ins Formular übernommen")
    mine.refresh_from_db()
    assert mine.response == ""
    page.keyboard.press("End")
    page.keyboard.type(" Ihre Wohndauer ändert daran nichts.")
    form.get_by_label("Status").select_option(StatementStatus.WEIGHED)
    shots(page, "2-taken-over")
    form.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("gespeichert")
    mine.refresh_from_db()
    assert mine.response == ANSWER + " Ihre Wohndauer ändert daran nichts."
    assert mine.result == ConsiderationResult.NOT_ACCEPTED

    # 3. The near-duplicate group, weighed in one step from the table.
    page.goto(f"{table}?sort=group")
    shots(page, "3-table-by-group")
    page.get_by_role("link", name=f"{group.reference} · 2 ähnlich").first.click()
    expect(page.locator("#group-summary")).to_contain_text(
        "Beim Speichern ändern sich 2 Stellungnahmen"
    )
    page.get_by_label("Abwägungsergebnis").select_option(ConsiderationResult.NOT_ACCEPTED)
    page.get_by_label("Abwägungsvorschlag").fill("Der Kühkopf bleibt frei von Windrädern.")
    shots(page, "4-group")
    page.get_by_role("button", name="Alle Mitglieder abwägen").click()
    expect(page.locator(".messages")).to_contain_text("2 Stellungnahmen gleich abgewogen")
    assert {m.result for m in group.members()} == {ConsiderationResult.NOT_ACCEPTED}
