"""Staff journeys in Chromium: each staff member does their job in the Wagtail admin, and
the public site and the database show the result. Each main path runs a second time with
the keyboard only, and that run logs in through the portal login with a real TOTP code; the
first run starts with the session cookie (log_in_staff), the login being no part of it."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from appointments import services
from appointments.models import Booking, BookingStatus
from beteiligung.roles import Role
from cms.demo import seed_procedures
from cms.procedures import (
    ConsiderationResult,
    PhaseKind,
    ProcedureIndexPage,
    ProcedurePage,
    StatementStatus,
)
from maps.models import ReportStatus
from surveys.models import SurveyPage
from tests.appointments.conftest import DETAILS, days_ahead, make_office, make_slot
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff
from tests.e2e.conftest import add_totp, keyboard_log_in, log_in_staff, tab_to
from tests.maps.conftest import make_category, make_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _staff_need_two_factors(settings, tmp_path, page):
    settings.STAFF_REQUIRE_MFA = True
    settings.MEDIA_ROOT = tmp_path
    page.set_default_timeout(10_000)  # fail fast; no step here takes seconds


# Appointment clerk ----------------------------------------------------------------------


@pytest.fixture
def booked_day(organisation):
    """A confirmed booking today at an office of the organisation."""
    from appointments.models import Service

    office = make_office(organisation)
    service = Service.objects.create(
        organisation=organisation, name="Personalausweis beantragen", duration_minutes=15
    )
    service.offices.add(office)
    slot = make_slot(office, days_ahead(1, hour=9))
    booking = services.confirm(services.reserve(slot=slot, service=service, **DETAILS))
    return office, slot, booking


def day_plan_url(office, slot) -> str:
    return f"/admin/termine/{office.pk}/?tag={slot.local_start().date().isoformat()}"


def status_cell(row):
    return row.locator("td").nth(5)


def test_a_clerk_marks_an_appointment_attended_in_the_day_plan(page, organisation, booked_day):
    office, slot, booking = booked_day
    clerk = make_staff(organisation, Role.CLERK)
    log_in_staff(page, clerk)

    page.get_by_role("link", name="Terminplan").first.click()
    page.get_by_role("link", name=office.name).click()
    page.get_by_role("link", name="Nächster Tag").click()  # the booking is tomorrow
    row = page.locator("tr", has_text=booking.reference)
    assert status_cell(row).inner_text() == "bestätigt"
    # Each button names its booking, so a screen reader tells the rows apart.
    page.get_by_role("button", name=f"Erschienen – {booking.reference}", exact=True).click()

    page.get_by_text(f"Buchung {booking.reference} aktualisiert").wait_for()
    assert status_cell(page.locator("tr", has_text=booking.reference)).inner_text() == "erschienen"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED


def test_a_clerk_marks_attended_with_the_keyboard_only(page, organisation, booked_day):
    office, slot, booking = booked_day
    clerk = make_staff(organisation, Role.CLERK)
    keyboard_log_in(page, clerk.email, add_totp(clerk), next_url=day_plan_url(office, slot))

    tab_to(page, f"form[action$='/buchung/{booking.pk}/'] button[value=attended]", max_tabs=80)
    page.keyboard.press("Enter")

    page.get_by_text(f"Buchung {booking.reference} aktualisiert").wait_for()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.ATTENDED


# Incident handler -----------------------------------------------------------------------


@pytest.fixture
def open_report(organisation):
    category = make_category(organisation)
    return make_report(
        category,
        status=ReportStatus.CONFIRMED,
        reporter_email="rita@example.org",
        notify=True,
        confirmed_at=timezone.now(),
    )


NOTE = "Das Loch ist verfüllt. Danke für den Hinweis!"


def assert_closed_and_reporter_told(page, report) -> None:
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    assert report.status_note == NOTE
    assert report.open311_status() == "closed"
    assert report.closed_at is not None and report.delete_after is not None
    to_reporter = [m for m in mail.outbox if m.to == ["rita@example.org"]]
    assert len(to_reporter) == 1
    assert NOTE in to_reporter[0].body

    page.context.clear_cookies()  # the public page as any visitor sees it
    page.goto(report.get_absolute_url())
    assert page.locator(".badge").first.inner_text() == "Erledigt"
    assert NOTE in page.locator(".maps-status-note").inner_text()
    assert page.foreign_requests == []


def test_an_incident_handler_closes_a_report_with_a_public_note(page, organisation, open_report):
    handler = make_staff(organisation, Role.INCIDENT_HANDLER)
    log_in_staff(page, handler)

    page.get_by_role("link", name="Meldungen").first.click()
    page.get_by_role("link", name=f"#{open_report.pk}", exact=True).click()
    page.get_by_label("Interne Notiz:").fill("Bauhof hat verfüllt.")
    page.get_by_role("button", name="Notiz speichern").click()
    page.get_by_text("Notiz gespeichert.").wait_for()
    assert open_report.internal_notes.get().text == "Bauhof hat verfüllt."
    assert not open_report.updates.exists()
    page.get_by_label("Status:", exact=True).select_option(label="Erledigt")
    page.get_by_label("Öffentlicher Hinweis zum Status").fill(NOTE)
    page.get_by_role("button", name="Status speichern").click()

    page.get_by_text("Status gespeichert.").wait_for()
    assert f"Bestätigt → Erledigt {NOTE}" in page.locator("ol").last.inner_text()
    assert_closed_and_reporter_told(page, open_report)


def test_an_incident_handler_closes_a_report_with_the_keyboard_only(
    page, organisation, open_report
):
    handler = make_staff(organisation, Role.INCIDENT_HANDLER)
    keyboard_log_in(page, handler.email, add_totp(handler), next_url="/admin/meldungen/")

    tab_to(page, f"a[href='/admin/meldungen/{open_report.pk}/']", max_tabs=80)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/meldungen/{open_report.pk}/")
    tab_to(page, "select[name=status]", max_tabs=80)
    page.keyboard.type("Erledigt")  # type-ahead selects the option in a closed select
    assert page.locator("select[name=status]").input_value() == ReportStatus.RESOLVED
    tab_to(page, "textarea[name=note]")
    page.keyboard.type(NOTE)
    tab_to(page, "form[action$='/status/'] button")
    page.keyboard.press("Enter")

    page.get_by_text("Status gespeichert.").wait_for()
    assert_closed_and_reporter_told(page, open_report)


# Planner --------------------------------------------------------------------------------

RESPONSE = "Entlang der Hauptstraße werden zwölf Bäume zusätzlich gepflanzt."


@pytest.fixture
def statement(home, organisation):
    procedure = make_procedure(home, organisation, stage=PhaseKind.EVALUATION)
    return make_statement(procedure, text="Bitte mehr Bäume an der Hauptstraße pflanzen.")


def assert_weighed_and_exported(download, statement) -> None:
    statement.refresh_from_db()
    assert statement.status == StatementStatus.WEIGHED
    assert statement.result == ConsiderationResult.PARTLY_ACCEPTED
    assert statement.response == RESPONSE

    assert download.suggested_filename == f"abwaegung-{statement.procedure.slug}.xlsx"
    with open(download.path(), "rb") as file:  # the temporary path has no .xlsx suffix
        sheet = openpyxl.load_workbook(file, read_only=True).active
        header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    row = dict(zip(header, next(r for r in rows if r[0] == statement.reference), strict=True))
    assert row["Stellungnahme"] == statement.text
    assert row["Abwägungsvorschlag"] == RESPONSE
    assert row["Status"] == "Abgewogen"
    assert row["Abwägungsergebnis"] == "Teilweise berücksichtigt"


def test_a_planner_weighs_a_statement_and_exports_the_table(page, organisation, statement):
    planner = make_staff(organisation, Role.PLANNER)
    log_in_staff(page, planner)

    page.get_by_role("link", name="Abwägung der Stellungnahmen").first.click()
    page.get_by_role("link", name=statement.procedure.title).click()
    page.get_by_role("link", name=statement.reference).click()
    # The statement as a whole; the section below it ("Abschnitte") weighs passages.
    weighing = page.get_by_role("region", name="Abwägung")
    weighing.get_by_label("Status", exact=True).select_option(label="Abgewogen")
    weighing.get_by_label("Abwägungsergebnis").select_option(label="Teilweise berücksichtigt")
    weighing.get_by_label("Abwägungsvorschlag").fill(RESPONSE)
    weighing.get_by_role("button", name="Speichern", exact=True).click()

    page.get_by_text(f"Stellungnahme {statement.reference} gespeichert.").wait_for()
    row = page.locator("tr", has_text=statement.reference)
    assert "Abgewogen" in row.inner_text() and "Teilweise berücksichtigt" in row.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX", exact=True).click()
    assert_weighed_and_exported(download.value, statement)


def test_a_planner_weighs_and_exports_with_the_keyboard_only(page, organisation, statement):
    planner = make_staff(organisation, Role.PLANNER)
    table = f"/admin/abwaegung/{statement.procedure.pk}/"
    keyboard_log_in(page, planner.email, add_totp(planner), next_url=table)

    tab_to(page, f"a[href='{table}{statement.pk}/']", max_tabs=80)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{table}{statement.pk}/")
    tab_to(page, "select[name=status]", max_tabs=80)
    page.keyboard.type("Abgewogen")
    tab_to(page, "select[name=result]")
    page.keyboard.type("Teilweise")
    tab_to(page, "textarea[name=response]")
    page.keyboard.type(RESPONSE)
    tab_to(page, "main form[method=post] button[type=submit]")
    page.keyboard.press("Enter")

    page.get_by_text(f"Stellungnahme {statement.reference} gespeichert.").wait_for()
    tab_to(page, "a[href*='/export.xlsx']:not([href*=anonym])", max_tabs=80)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert_weighed_and_exported(download.value, statement)


# Editor ---------------------------------------------------------------------------------


@pytest.fixture
def procedure_index(home, organisation):
    """The shared procedure index, where editors of every organisation may add pages."""
    seed_procedures(io.StringIO())
    return ProcedureIndexPage.objects.get()


def wagtail_datetime(days: int) -> str:
    """A date as an editor types it into Wagtail's date-time field."""
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.strftime("%Y-%m-%d %H:00")


PHASES = [  # kind label, title, start and end in days from now
    ("Information", "Auftaktveranstaltung", -10, -1),
    ("Beteiligung", "Öffentliche Auslegung", -1, 30),
]
QUESTIONS = [  # label, question type, choices
    ("Wie kommen Sie in die Stadt?", "Einfachauswahl (Optionsfelder)", "Bus\nRad\nAuto"),
    ("Was wünschen Sie sich?", "Langer Text", ""),
]


def choose_organisation(page, organisation) -> None:
    page.get_by_role("button", name="Organisation auswählen").click()
    page.get_by_role("dialog").get_by_role("link", name=organisation.name).click()
    page.get_by_role("dialog").wait_for(state="hidden")


def publish(page) -> None:
    page.get_by_role("button", name="Mehr Aktionen").click()
    page.get_by_role("button", name="Veröffentlichen").click()


def confirmed(page, title: str, done: str) -> None:
    """Wait for Wagtail's confirmation that the page was saved or published.

    Wagtail's autosave may already have created the page while the editor was typing (after
    half a second without a keystroke, which a busy machine gives it), so the message reads
    "erstellt" or "wurde aktualisiert", "wurde erstellt und veröffentlicht" or "wurde
    veröffentlicht"; either way the editor's work is kept."""
    expect(page.locator(".messages .success").first).to_contain_text(
        re.compile(rf"‚{re.escape(title)}‘ {done}"), timeout=15_000
    )


def assert_public_procedure_with_survey(page) -> None:
    procedure = ProcedurePage.objects.get()
    survey = SurveyPage.objects.get()
    assert procedure.live and survey.live
    assert procedure.organisation == survey.organisation
    assert [(p.kind, p.title) for p in procedure.ordered_phases()] == [
        (PhaseKind.INFORMATION, "Auftaktveranstaltung"),
        (PhaseKind.PARTICIPATION, "Öffentliche Auslegung"),
    ]
    assert procedure.current_phase().kind == PhaseKind.PARTICIPATION
    assert survey.get_parent().pk == procedure.pk
    assert [f.label for f in survey.form_fields.all()] == [q[0] for q in QUESTIONS]

    page.context.clear_cookies()  # as any visitor
    page.goto("/verfahren/")
    page.get_by_role("link", name="Radverkehrskonzept Innenstadt").click()
    timeline = page.locator("section[aria-labelledby=phases-heading]")
    assert "Auftaktveranstaltung" in timeline.inner_text()
    assert "Öffentliche Auslegung" in timeline.inner_text()
    page.get_by_role("link", name="Umfrage zum Radverkehr", exact=True).click()
    page.wait_for_url(f"**{survey.url}")
    assert page.get_by_role("heading", level=1).inner_text() == "Umfrage zum Radverkehr"
    assert page.get_by_text("Wie kommen Sie in die Stadt?").count() == 1
    assert page.foreign_requests == []


def close_date_picker(page) -> None:
    """Click outside the open date picker (on the tab's own heading) until it has closed.

    The picker opens a moment after its field gets the focus; a click that lands before it
    has opened leaves it open (this failed once in a PostgreSQL run), and the editor's next
    click outside, like this one, closes it."""
    picker = page.locator(".xdsoft_datetimepicker:visible")
    for _attempt in range(3):
        page.get_by_role("tab", name="Phasen").click()
        try:
            expect(picker).to_have_count(0, timeout=2_000)
            return
        except AssertionError:
            continue
    expect(picker).to_have_count(0)


def test_an_editor_creates_a_procedure_with_phases_and_a_survey(
    page, organisation, procedure_index
):
    editor = make_staff(organisation, Role.EDITOR)
    log_in_staff(page, editor)

    page.goto(f"/admin/pages/{procedure_index.pk}/")
    page.get_by_role("link", name="Unterseite hinzufügen").first.click()
    page.locator("#id_title").fill("Radverkehrskonzept Innenstadt")
    choose_organisation(page, organisation)
    page.locator("#id_summary").fill("Sichere Radwege für die Innenstadt.")
    page.get_by_role("tab", name="Phasen").click()  # the editor's tabs follow the work
    for n, (kind, title, start, end) in enumerate(PHASES):
        if n:
            # A click outside closes the last date picker, which covers the add button.
            close_date_picker(page)
            page.locator("#id_phases-ADD").click()
        page.locator(f"#id_phases-{n}-kind").select_option(label=kind)
        page.locator(f"#id_phases-{n}-title").fill(title)
        for field, days in (("start", start), ("end", end)):
            page.locator(f"#id_phases-{n}-{field}").fill(wagtail_datetime(days))
            # Leaving the field closes the date picker, which would cover the buttons.
            page.locator(f"#id_phases-{n}-{field}").press("Tab")
    # The date picker of the last field stays open over the buttons until a click lands
    # outside it.
    close_date_picker(page)
    # Editors may only add below the shared index; once the draft exists it belongs to
    # their organisation, whose editors may publish it.
    page.get_by_role("button", name="Entwurf speichern").click()
    confirmed(page, "Radverkehrskonzept Innenstadt", "(erstellt|wurde aktualisiert)")
    publish(page)
    page.wait_for_url(f"**/admin/pages/{procedure_index.pk}/")
    procedure = ProcedurePage.objects.get()
    assert procedure.live and procedure.organisation == organisation

    page.goto(f"/admin/pages/{procedure.pk}/add_subpage/")
    page.get_by_role("link", name="Umfrage", exact=True).click()
    page.locator("#id_title").fill("Umfrage zum Radverkehr")
    choose_organisation(page, organisation)
    page.locator("#id_introduction").fill("Sagen Sie uns, wie Sie unterwegs sind.")
    for n, (label, kind, choices) in enumerate(QUESTIONS):
        page.locator("#id_form_fields-ADD").click()
        page.locator(f"#id_form_fields-{n}-label").fill(label)
        page.locator(f"#id_form_fields-{n}-field_type").select_option(label=kind)
        if choices:
            page.locator(f"#id_form_fields-{n}-choices").fill(choices)
    publish(page)
    confirmed(page, "Umfrage zum Radverkehr", "wurde (erstellt und )?veröffentlicht")
    page.wait_for_url(f"**/admin/pages/{procedure.pk}/")

    assert_public_procedure_with_survey(page)


def type_into(page, selector: str, text: str, key: str = "Tab") -> None:
    tab_to(page, selector, key=key)
    page.keyboard.type(text)


def choose_with_arrows(page, selector: str, label: str) -> None:
    """Pick an option of a select with the arrow keys. Typing its name relies on the
    browser's type-ahead, which starts over after a second between keys: on a busy machine
    that picked another question type now and then."""
    tab_to(page, selector)
    select = page.locator(selector)
    for _step in range(40):
        if select.evaluate("s => s.options[s.selectedIndex].text") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{label!r} is not an option of {selector}")


def keyboard_choose_organisation(page, organisation) -> None:
    tab_to(page, "button.chooser__choose-button:not([id$=-ADD])")
    page.keyboard.press("Enter")
    page.get_by_role("dialog").get_by_role("link", name=organisation.name).wait_for()
    # The dialog takes the focus once its fade-in ends; a keyboard user starts from there.
    # Tabbing before that lost the focus to the dialog again on a slow run.
    page.wait_for_function("document.activeElement?.closest('[role=dialog]') !== null")
    tab_to(page, "[role=dialog] a[data-chooser-modal-choice]")
    page.keyboard.press("Enter")
    page.locator(".modal[role=dialog]").wait_for(state="detached")
    assert page.locator("#id_organisation").input_value() == str(organisation.pk)


def keyboard_publish(page) -> None:
    tab_to(page, "footer .w-dropdown__toggle", max_tabs=200)
    page.keyboard.press("Enter")
    tab_to(page, "footer button[name=action-publish]")
    page.keyboard.press("Enter")


def test_an_editor_creates_procedure_and_survey_with_the_keyboard_only(
    page, organisation, procedure_index
):
    editor = make_staff(organisation, Role.EDITOR)
    explorer = f"/admin/pages/{procedure_index.pk}/"
    keyboard_log_in(page, editor.email, add_totp(editor), next_url=explorer)

    tab_to(page, f"a[href='{explorer}add_subpage/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/add/cms/procedurepage/**")
    type_into(page, "#id_title", "Radverkehrskonzept Innenstadt")
    keyboard_choose_organisation(page, organisation)
    type_into(page, "#id_summary", "Sichere Radwege für die Innenstadt.")
    # The tabs are one tab stop; the arrow keys move between them.
    tab_to(page, "#tab-label-inhalt", key="Shift+Tab", max_tabs=200)
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tab-label-phasen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#tab-label-phasen")).to_have_attribute("aria-selected", "true")
    for n, (kind, title, start, end) in enumerate(PHASES):
        if n:
            tab_to(page, "#id_phases-ADD")
            page.keyboard.press("Enter")
        # Wagtail moves the focus into a newly added phase.
        choose_with_arrows(page, f"#id_phases-{n}-kind", kind)
        type_into(page, f"#id_phases-{n}-title", title)
        type_into(page, f"#id_phases-{n}-start", wagtail_datetime(start))
        type_into(page, f"#id_phases-{n}-end", wagtail_datetime(end))
    tab_to(page, "footer button.action-save", max_tabs=200)
    page.keyboard.press("Enter")
    confirmed(page, "Radverkehrskonzept Innenstadt", "(erstellt|wurde aktualisiert)")
    keyboard_publish(page)
    page.wait_for_url(f"**{explorer}")

    procedure = ProcedurePage.objects.get()
    page.goto(f"/admin/pages/{procedure.pk}/add_subpage/")
    tab_to(page, "a[href*='/add/surveys/surveypage/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/add/surveys/surveypage/**")
    type_into(page, "#id_title", "Umfrage zum Radverkehr")
    keyboard_choose_organisation(page, organisation)
    type_into(page, "#id_introduction", "Sagen Sie uns, wie Sie unterwegs sind.")
    for n, (label, kind, choices) in enumerate(QUESTIONS):
        tab_to(page, "#id_form_fields-ADD", max_tabs=200)
        page.keyboard.press("Enter")
        type_into(page, f"#id_form_fields-{n}-label", label)
        choose_with_arrows(page, f"#id_form_fields-{n}-field_type", kind)
        if choices:
            type_into(page, f"#id_form_fields-{n}-choices", "")
            for line in choices.splitlines():
                page.keyboard.type(line)
                page.keyboard.press("Enter")
    keyboard_publish(page)
    confirmed(page, "Umfrage zum Radverkehr", "wurde (erstellt und )?veröffentlicht")

    assert_public_procedure_with_survey(page)
