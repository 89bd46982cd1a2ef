"""Staff journeys with the keyboard only (Tab, Shift+Tab, Enter, Space, arrow keys, Escape):
an editor gives an existing procedure its planning area and sub-areas by file upload, renames
and deletes a sub-area in the name dialog and publishes; an incident handler opens a report
from the triage list, changes its status and answers with a Textbaustein. Screenshots go to
/work/shots/gaps/ when it exists."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from beteiligung.roles import Role
from maps.models import AnswerTemplate, ReportStatus
from tests.cms.conftest import make_procedure
from tests.conftest import make_staff
from tests.e2e.conftest import add_totp, focused_matches, keyboard_log_in, tab_to
from tests.maps.conftest import make_category, make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/shots/gaps")

UPLOADED_AREA = {
    "type": "Polygon",
    "coordinates": [[[8.21, 50.05], [8.27, 50.05], [8.27, 50.09], [8.21, 50.09], [8.21, 50.05]]],
}
SUB_AREAS_KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Nord</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
8.21,50.07 8.27,50.07 8.27,50.09 8.21,50.09 8.21,50.07
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>&lt;b&gt;Süd&lt;/b&gt;</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
8.21,50.05 8.27,50.05 8.27,50.07 8.21,50.07 8.21,50.05
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Document></kml>"""


@pytest.fixture(autouse=True)
def _staff_need_two_factors(settings, tmp_path, page):
    settings.STAFF_REQUIRE_MFA = True
    settings.MEDIA_ROOT = tmp_path
    page.set_default_timeout(15_000)
    # A listener for the whole test keeps Chromium's file chooser intercepted. Without it
    # Playwright switches interception off after each chooser and on again without waiting,
    # and a Space pressed before the switch reaches the browser opens no chooser it can see.
    page.on("filechooser", lambda chooser: None)


def shot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"keyboard-{name}.png"))


def upload_with_the_keyboard(page, editor_selector: str, path: Path) -> None:
    """Tab to the editor's file field and press Space: the browser's file chooser opens."""
    tab_to(page, f"{editor_selector} [data-area-file]", max_tabs=150)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(path))


def test_an_editor_uploads_names_and_publishes_the_area_with_the_keyboard_only(
    page, home, organisation, tmp_path, axe_check
):
    procedure = make_procedure(home, organisation, planning_area=None)
    organisation.grant_page(procedure)
    editor = make_staff(organisation, Role.EDITOR)
    area_file = tmp_path / "plangebiet.geojson"
    area_file.write_text(
        json.dumps({"type": "Feature", "properties": {}, "geometry": UPLOADED_AREA})
    )
    kml_file = tmp_path / "teilgebiete.kml"
    kml_file.write_text(SUB_AREAS_KML, encoding="utf-8")
    edit = f"/admin/pages/{procedure.pk}/edit/"
    keyboard_log_in(page, editor.email, add_totp(editor), next_url=edit)

    # The tabs are one stop: Tab reaches the selected one, the arrow keys move along.
    tab_to(page, "#tab-label-inhalt", max_tabs=80)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    # Wagtail moves the focus from its script; give a busy machine the time to do it.
    expect(page.locator("#tab-label-gebiet_und_karte")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#tab-gebiet_und_karte")).to_be_visible()

    area = "[data-area-editor][data-kind=area]"
    upload_with_the_keyboard(page, area, area_file)
    expect(page.locator(f"{area} [data-area-status]")).to_have_text(
        "Die Datei wurde geladen; prüfen Sie die Vorschau auf der Karte."
    )
    expect(page.locator(f"{area} [data-area-map] path.leaflet-interactive")).to_have_count(1)
    assert json.loads(page.locator("textarea[name=planning_area]").input_value()) == UPLOADED_AREA

    sub = "[data-area-editor][data-kind=sub_areas]"
    upload_with_the_keyboard(page, sub, kml_file)
    expect(page.locator(f"{sub} [data-area-map] path.leaflet-interactive")).to_have_count(2)
    # The names are text, never markup.
    expect(page.locator(f"{sub} [data-area-list] button")).to_have_text(
        ["„Nord“ umbenennen oder löschen", "„<b>Süd</b>“ umbenennen oder löschen"]
    )
    shot(page, "sub-areas-uploaded")

    dialog = page.locator(f"{sub} dialog")
    tab_to(page, f"{sub} [data-area-list] li:first-child button")
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading")).to_have_text("Teilgebiet umbenennen oder löschen")
    assert focused_matches(page, "#id_sub_areas-name")
    expect(page.locator("#id_sub_areas-name")).to_have_value("Nord")
    axe_check(page)
    shot(page, "dialog-rename")
    page.keyboard.type("Nordost")  # the name is selected: typing replaces it
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator(f"{sub} [data-area-status]")).to_have_text(
        "Das Teilgebiet wurde umbenannt."
    )
    # Focus is back on the same sub-area's button, with its new name.
    assert page.evaluate("document.activeElement.textContent") == (
        "„Nordost“ umbenennen oder löschen"
    )

    # Escape closes the dialog without a change and returns to the button.
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate("document.activeElement.textContent") == (
        "„Nordost“ umbenennen oder löschen"
    )

    tab_to(page, f"{sub} [data-area-list] li:nth-child(2) button")
    page.keyboard.press("Enter")
    tab_to(page, f"{sub} [data-area-delete]")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator(f"{sub} [data-area-list] button")).to_have_text(
        ["„Nordost“ umbenennen oder löschen"]
    )
    expect(page.locator(f"{sub} [data-area-map] path.leaflet-interactive")).to_have_count(1)

    tab_to(page, "footer .w-dropdown__toggle", max_tabs=200)
    page.keyboard.press("Enter")
    tab_to(page, "footer button[name=action-publish]")
    page.keyboard.press("Enter")
    expect(page.locator(".messages .success").first).to_contain_text(
        re.compile(r"wurde (aktualisiert und )?veröffentlicht")
    )
    procedure.refresh_from_db()
    assert procedure.planning_area == UPLOADED_AREA
    assert [f["properties"]["name"] for f in procedure.sub_areas["features"]] == ["Nordost"]


def test_an_incident_handler_triages_and_answers_with_a_textbaustein_by_keyboard(
    page, organisation
):
    report = make_report(make_category(organisation), status=ReportStatus.CONFIRMED)
    AnswerTemplate.objects.create(
        organisation=organisation,
        title="Schlagloch: Bauhof beauftragt",
        text="Der Bauhof ist beauftragt und verfüllt das Loch in den nächsten Tagen.",
    )
    handler = make_staff(organisation, Role.INCIDENT_HANDLER)
    keyboard_log_in(page, handler.email, add_totp(handler), next_url="/admin/meldungen/")

    tab_to(page, f"a[href='/admin/meldungen/{report.pk}/']", max_tabs=80)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/meldungen/{report.pk}/")
    tab_to(page, "select[name=status]", max_tabs=100)
    page.keyboard.type("In Bearbeitung")  # type-ahead selects the option in a closed select
    tab_to(page, "form[action$='/status/'] button")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_be_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_PROGRESS

    tab_to(page, "select#id_template", max_tabs=100)
    page.keyboard.press("ArrowDown")  # the first Textbaustein fills the answer field
    answer = page.locator("#id_answer_text")
    expect(answer).to_have_value(
        "Der Bauhof ist beauftragt und verfüllt das Loch in den nächsten Tagen."
    )
    assert focused_matches(page, "#id_answer_text")
    page.keyboard.press("End")
    page.keyboard.type(" Danke!")
    shot(page, "triage-answer")
    tab_to(page, "form#answer button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Antwort veröffentlicht.")).to_be_visible()
    assert [u.text for u in report.updates.all() if u.text.startswith("Der Bauhof")] == [
        "Der Bauhof ist beauftragt und verfüllt das Loch in den nächsten Tagen. Danke!"
    ]
