"""The formal weighing in Chromium, end to end: a planner enters a letter with its scan, it
appears in the table with its channel; the planner splits a statement into two segments and
weighs each, and the statement's result follows; two citizens submit the same campaign
letter online, which the table shows as one group row; the planner weighs the group in one
step; the planner downloads the weighing report (read back with pypdf and python-docx:
every statement, segment and response, no names in the anonymised one) and publishes the
result, which sends each submitter with an e-mail address one final notice. Screenshots go to
/work/shots/segments/ when it exists."""

import io
from pathlib import Path

import docx
import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from beteiligung.roles import Role
from cms.procedures import ConsiderationResult, Statement, StatementStatus
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff
from tests.e2e.conftest import log_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/shots/segments")
TWO_PARTS = "Die Buslinie 5 soll öfter fahren.\n\nDer Spielplatz braucht mehr Schatten."
CAMPAIGN = (
    "Sehr geehrte Damen und Herren,\n\nich lehne die Umgehungsstraße durch den Auwald ab.\n\n"
    "Mit freundlichen Grüßen\n{name}"
)


@pytest.fixture(autouse=True)
def _staff_need_two_factors(settings, tmp_path, page):
    settings.STAFF_REQUIRE_MFA = True
    settings.MEDIA_ROOT = tmp_path
    page.set_default_timeout(15_000)


def shot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"journey-{name}.png"), full_page=True)


def scan_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(out, "PNG")
    return out.getvalue()


def citizen_submits(browser, live_server, procedure, name: str) -> None:
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    citizen = context.new_page()
    citizen.goto(procedure.url)
    citizen.fill("#id_text", CAMPAIGN.format(name=name))
    citizen.fill("#id_name", name)
    citizen.check("#id_consent")
    citizen.click("button:has-text('Stellungnahme prüfen')")
    citizen.click("button:has-text('Stellungnahme abgeben')")
    expect(citizen.locator("main")).to_contain_text("ST-")
    context.close()


def test_letters_segments_and_groups_in_one_weighing(
    page, browser, live_server, home, organisation
):
    procedure = make_procedure(home, organisation)
    split = make_statement(procedure, text=TWO_PARTS)
    planner = make_staff(organisation, Role.PLANNER)
    table = f"/admin/abwaegung/{procedure.pk}/"
    log_in_staff(page, planner, next_url=table)

    # 1. A letter with its scan.
    page.get_by_role("link", name="Brief oder E-Mail erfassen").click()
    page.get_by_label("Eingangsweg").select_option(label="Brief")
    page.get_by_label("Eingangsdatum").fill(timezone.localdate().isoformat())
    page.get_by_label("Name der Absenderin oder des Absenders").fill("Familie Beispiel")
    page.get_by_label("Text der Stellungnahme").fill("Bitte die Hecke am Feldweg erhalten.")
    page.get_by_label("Scan oder Anlagen").set_input_files(
        {"name": "brief.png", "mimeType": "image/png", "buffer": scan_png()}
    )
    shot(page, "1-enter-letter")
    page.get_by_role("button", name="Speichern und abwägen").click()
    letter = Statement.objects.get(channel="letter")
    # Without an e-mail address the receipt goes by post: it is printed first.
    expect(page.locator("main")).to_contain_text(letter.reference)
    page.get_by_role("link", name="Diese Stellungnahme abwägen").click()
    page.wait_for_url(f"**{table}{letter.pk}/")
    expect(page.locator("main")).to_contain_text("brief.png")
    page.goto(table)
    row = page.locator("tr", has_text="Bitte die Hecke am Feldweg erhalten.")
    expect(row.locator(".weighing-badge")).to_have_text("Brief")
    shot(page, "2-table-with-letter")

    # 2. Two segments, each weighed; the statement follows.
    page.goto(f"{table}{split.pk}/")
    page.evaluate(
        """() => {
            const source = document.querySelector('[data-statement-source]');
            const text = source.firstChild;
            const range = document.createRange();
            range.setStart(text, 0);
            range.setEnd(text, text.textContent.indexOf('fahren.') + 'fahren.'.length);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
        }"""
    )
    new = page.locator("#new-segment")
    new.get_by_role("button", name="Markierung übernehmen").click()
    expect(new.locator("[data-selection-status]")).to_have_text("Zeichen 0 bis 33 übernommen.")
    expect(new.get_by_label("Thema")).to_be_focused()
    page.keyboard.type("ÖPNV")
    new.get_by_label("Abwägungsergebnis").select_option(label="Berücksichtigt")
    new.get_by_label("Abwägungsvorschlag").fill("Der Takt wird verdichtet.")
    new.get_by_role("button", name="Abschnitt anlegen").click()
    expect(page.locator(".messages")).to_contain_text("gespeichert")
    new = page.locator("#new-segment")
    new.get_by_label("Textstelle").fill("Der Spielplatz braucht mehr Schatten.")
    new.get_by_label("Thema").fill("Grün")
    new.get_by_role("button", name="Abschnitt anlegen").click()
    expect(page.locator("h2#segments-heading")).to_have_text("Abschnitte (2)")
    second = page.locator("form.weighing-segment").nth(1)
    second.get_by_label("Abwägungsergebnis").select_option(label="Nicht berücksichtigt")
    second.get_by_label("Abwägungsvorschlag").fill("Bäume stehen dort schon.")
    second.get_by_role("button", name="Abschnitt speichern").click()
    expect(page.locator(".weighing-derived")).to_contain_text("Teilweise berücksichtigt")
    shot(page, "3-segments-weighed")
    split.refresh_from_db()
    assert split.status == StatementStatus.WEIGHED
    assert split.result == ConsiderationResult.PARTLY_ACCEPTED

    # 3. Citizens submit the same campaign letter: one group row.
    for name in ("Lena Neu", "Karl Alt"):
        citizen_submits(browser, live_server, procedure, name)
    page.goto(table)
    group_row = page.locator("tr.weighing-table__group")
    expect(group_row).to_have_count(1)
    expect(group_row).to_contain_text("2 gleichlautend")
    shot(page, "4-group-row")

    # 4. The group weighed in one step.
    group_row.get_by_role("link", name="Gruppe").click()
    expect(page.locator("main")).to_contain_text("Lena Neu")
    expect(page.locator("main")).to_contain_text("Karl Alt")
    page.get_by_label("Abwägungsergebnis").select_option(label="Nicht berücksichtigt")
    page.get_by_label("Abwägungsvorschlag").fill("Die Trasse meidet den Auwald bereits.")
    shot(page, "5-group-weighing")
    page.get_by_role("button", name="Alle Mitglieder abwägen").click()
    page.wait_for_url(f"**{table}")
    expect(page.locator(".messages")).to_contain_text("2 Stellungnahmen gleich abgewogen")
    members = Statement.objects.filter(group__isnull=False)
    assert members.count() == 2
    assert {(m.status, m.result) for m in members} == {("weighed", "not_accepted")}

    # 5. The weighing report for the council, anonymised, as PDF and DOCX.
    pdf = page.request.get(f"{table}bericht.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    # Table cells wrap lines anywhere: compare without whitespace.
    pdf_text = "".join(
        "".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.body())).pages
    )
    word = page.request.get(f"{table}bericht.docx")
    document = docx.Document(io.BytesIO(word.body()))
    cells = [cell.text for table_ in document.tables for row in table_.rows for cell in row.cells]
    docx_text = "".join("".join(cells + [p.text for p in document.paragraphs]).split())
    for text in (pdf_text, docx_text):
        for statement in Statement.objects.submitted().exclude(pk=split.pk):
            assert statement.reference in text
        for response in (
            "Der Takt wird verdichtet.",
            "Bäume stehen dort schon.",
            "Die Trasse meidet den Auwald bereits.",
        ):
            assert "".join(response.split()) in text
        assert f"{split.reference}/1" in text and f"{split.reference}/2" in text
        for name in ("FamilieBeispiel", "LenaNeu", "KarlAlt", "ClaraCitizen"):
            assert name not in text

    # 6. Publishing the result sends the final notice, once per submitter with an address.
    mail.outbox.clear()
    page.goto(table)
    page.get_by_role(
        "button", name="Ergebnisse veröffentlichen und Einreichende benachrichtigen"
    ).click()
    expect(page.locator(".messages")).to_contain_text("veröffentlicht")
    notices = [m for m in mail.outbox if m.subject.startswith("Ergebnis der Abwägung")]
    weighed_with_mail = Statement.objects.filter(status=StatementStatus.WEIGHED).exclude(email="")
    assert sorted(m.to[0] for m in notices) == sorted({s.email for s in weighed_with_mail})
    assert all(s.notified_at for s in weighed_with_mail)
    assert page.foreign_requests == []
