"""The weighing table in the admin: who may see it (role × phase), editing, bulk edit,
exports and publishing the results."""

import csv
import io
import json
import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from beteiligung.roles import Role
from cms.procedures import (
    ConsiderationResult,
    PhaseKind,
    ProcedureDocument,
    StatementAttachment,
    StatementStatus,
)
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff

STAGES = [PhaseKind.INFORMATION, PhaseKind.PARTICIPATION, PhaseKind.EVALUATION, PhaseKind.RESULT]
PERSONAS = {
    # persona: may the persona see the statements?
    "anonymous": False,
    "citizen": False,
    "editor": False,
    "planner": True,
    "moderator": True,
    "other_planner": False,
}


def login(client, persona, organisation, other_organisation, citizen):
    user = {
        "anonymous": None,
        "citizen": citizen,
        "editor": lambda: make_staff(organisation, Role.EDITOR),
        "planner": lambda: make_staff(organisation, Role.PLANNER),
        "moderator": lambda: make_staff(organisation, Role.MODERATOR),
        "other_planner": lambda: make_staff(other_organisation, Role.PLANNER),
    }[persona]
    if callable(user):
        user = user()
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_planners_and_moderators_of_the_organisation_see_statements(
    client, home, organisation, other_organisation, citizen, stage, persona
):
    procedure = make_procedure(home, organisation, stage)
    statement = make_statement(procedure, name="Erika Mustermann", email="erika@example.org")
    login(client, persona, organisation, other_organisation, citizen)
    urls = [
        f"/admin/abwaegung/{procedure.pk}/",
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/",
        f"/admin/abwaegung/{procedure.pk}/export.csv",
        f"/admin/abwaegung/{procedure.pk}/stellungnahmen.geojson",
    ]
    for url in urls:
        response = client.get(url)
        if PERSONAS[persona]:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403), url
            assert b"erika@example.org" not in response.content
    # The public page never shows personal data, whatever the phase.
    assert "erika@example.org" not in client.get(procedure.url).content.decode()


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


def test_the_table_lists_and_filters_statements(client, procedure, planner):
    make_statement(procedure, text="Baumallee", latitude="49.87", longitude="8.65")
    make_statement(procedure, text="Spielplatz")
    make_statement(procedure, text="Halbfertig", status=StatementStatus.DRAFT, submitted_at=None)
    client.force_login(planner)
    page = client.get(f"/admin/abwaegung/{procedure.pk}/").content.decode()
    assert "Baumallee" in page and "Spielplatz" in page and "Halbfertig" not in page
    page = client.get(f"/admin/abwaegung/{procedure.pk}/?located=yes").content.decode()
    assert "Baumallee" in page and "Spielplatz" not in page


def test_the_menu_lists_only_procedures_of_the_planners_organisation(
    client, home, organisation, other_organisation, planner
):
    make_procedure(home, organisation, slug="unser", title="Unser Plan")
    make_procedure(home, other_organisation, slug="fremd", title="Fremder Plan")
    client.force_login(planner)
    page = client.get("/admin/abwaegung/").content.decode()
    assert "Unser Plan" in page and "Fremder Plan" not in page


def test_a_planner_weighs_one_statement(client, procedure, planner):
    statement = make_statement(procedure)
    client.force_login(planner)
    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/",
        {
            "assigned_to": planner.pk,
            "status": StatementStatus.WEIGHED,
            "result": ConsiderationResult.PARTLY_ACCEPTED,
            "response": "Teilweise berücksichtigt.",
        },
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.assigned_to == planner
    assert statement.result == ConsiderationResult.PARTLY_ACCEPTED
    assert statement.response == "Teilweise berücksichtigt."


def test_a_weighed_statement_needs_a_result(client, procedure, planner):
    statement = make_statement(procedure)
    client.force_login(planner)
    client.post(
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/",
        {"status": StatementStatus.WEIGHED, "result": "", "response": "x"},
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.SUBMITTED


def test_bulk_edit_answers_many_identical_statements(client, procedure, planner):
    same = [make_statement(procedure, text="Sammeleinwendung") for _ in range(3)]
    other = make_statement(procedure, text="Einzeln")
    client.force_login(planner)
    client.post(
        f"/admin/abwaegung/{procedure.pk}/",
        {
            "selected": [s.pk for s in same],
            "status": StatementStatus.WEIGHED,
            "result": ConsiderationResult.NOT_ACCEPTED,
            "response": "Gleiche Antwort",
            "assigned_to": planner.pk,
        },
    )
    for statement in same:
        statement.refresh_from_db()
        assert statement.response == "Gleiche Antwort"
        assert statement.assigned_to == planner
    other.refresh_from_db()
    assert other.response == ""


def test_bulk_edit_cannot_touch_another_procedure(client, home, organisation, procedure, planner):
    foreign = make_statement(make_procedure(home, organisation, slug="anderes"))
    client.force_login(planner)
    client.post(
        f"/admin/abwaegung/{procedure.pk}/",
        {"selected": [foreign.pk], "response": "Falsch"},
    )
    foreign.refresh_from_db()
    assert foreign.response == ""


def test_the_bulk_bar_is_folded_until_it_is_needed_and_opens_with_its_errors(
    client, procedure, planner
):
    statement = make_statement(procedure)
    client.force_login(planner)
    table = client.get(f"/admin/abwaegung/{procedure.pk}/").content.decode()
    assert re.search(r"<details class=\"weighing-bulk-box\" data-bulk-box>", table)
    assert "Sammelbearbeitung" in table
    # One word for the case reference, the one the citizen's e-mail uses.
    assert "Vorgangsnummer" in table and "Aktenzeichen" not in table

    nothing_selected = client.post(f"/admin/abwaegung/{procedure.pk}/", {"response": "Antwort"})
    page = nothing_selected.content.decode()
    assert nothing_selected.status_code == 400
    assert re.search(r"<details class=\"weighing-bulk-box\" data-bulk-box open>", page)
    assert "Bitte wählen Sie mindestens eine Stellungnahme in der Tabelle aus." in page

    without_result = client.post(
        f"/admin/abwaegung/{procedure.pk}/",
        {"selected": [statement.pk], "status": StatementStatus.WEIGHED},
    )
    page = without_result.content.decode()
    assert re.search(r"<details class=\"weighing-bulk-box\" data-bulk-box open>", page)
    assert re.search(rf'value="{statement.pk}"[^>]*checked', page)


def test_csv_export_has_coordinates_document_and_personal_data(client, procedure, planner):
    document = ProcedureDocument.objects.create(
        page=procedure, document=_document(), title="Karte", section="Blatt 1"
    )
    statement = make_statement(
        procedure,
        latitude="49.872800",
        longitude="8.651200",
        document=document,
        section="Nr. 4",
        name="Erika Mustermann",
        email="erika@example.org",
    )
    client.force_login(planner)
    response = client.get(f"/admin/abwaegung/{procedure.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    for column in ["Vorgangsnummer", "Name", "E-Mail", "Dokument", "Breitengrad", "Längengrad"]:
        assert column in header
    assert row["Vorgangsnummer"] == statement.reference
    assert row["Dokument"] == "Karte" and row["Abschnitt"] == "Nr. 4"
    assert row["Breitengrad"] == "49,872800"  # decimal comma, as German spreadsheets read it
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", row["Abgegeben"])
    assert row["E-Mail"] == "erika@example.org"


def test_anonymised_exports_leave_out_personal_data(client, procedure, planner):
    make_statement(procedure, name="Erika Mustermann", email="erika@example.org")
    client.force_login(planner)
    csv_text = client.get(f"/admin/abwaegung/{procedure.pk}/export.csv?anonym=1").content.decode()
    assert "Erika" not in csv_text and "erika@example.org" not in csv_text
    xlsx = client.get(f"/admin/abwaegung/{procedure.pk}/export.xlsx?anonym=1")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "erika@example.org" not in values and "E-Mail" not in values
    assert "Bitte mehr Bäume pflanzen." in values


def test_xlsx_export_guards_against_formulas(client, procedure, planner):
    make_statement(procedure, text='=HYPERLINK("http://evil.example")')
    client.force_login(planner)
    xlsx = client.get(f"/admin/abwaegung/{procedure.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows())
    column = [cell.value for cell in rows[0]].index("Stellungnahme")
    cells = [row[column] for row in rows[1:]]
    # Text cell, shown as typed: no formula and no apostrophe in front.
    assert [(c.value, c.data_type) for c in cells] == [('=HYPERLINK("http://evil.example")', "s")]


def test_xlsx_export_has_date_cells_and_numeric_coordinates(client, procedure, planner):
    statement = make_statement(procedure, latitude="49.802000", longitude="8.651200")
    client.force_login(planner)
    xlsx = client.get(f"/admin/abwaegung/{procedure.pk}/export.xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows())
    row = {header.value: cell for header, cell in zip(rows[0], rows[1], strict=True)}
    submitted = row["Abgegeben"]
    assert submitted.is_date and submitted.number_format == "DD.MM.YYYY HH:MM"
    local = timezone.localtime(statement.submitted_at).replace(tzinfo=None, microsecond=0)
    assert abs(submitted.value - local).total_seconds() < 1
    assert row["Breitengrad"].data_type == "n" and row["Breitengrad"].value == 49.802


def test_geojson_export_contains_only_located_statements(client, procedure, planner):
    located = make_statement(procedure, latitude="49.872800", longitude="8.651200")
    make_statement(procedure)
    client.force_login(planner)
    response = client.get(f"/admin/abwaegung/{procedure.pk}/stellungnahmen.geojson")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [8.6512, 49.8728]}
    assert feature["properties"]["reference"] == located.reference
    assert "email" not in feature["properties"] and "name" not in feature["properties"]


def test_attachments_are_only_handed_to_planners(client, procedure, planner, other_organisation):
    statement = make_statement(procedure)
    attachment = StatementAttachment.objects.create(
        statement=statement,
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=8,
    )
    url = f"/admin/abwaegung/anhang/{attachment.pk}/"
    client.force_login(make_staff(other_organisation, Role.PLANNER))
    refused = client.get(url)
    assert refused.status_code in (302, 403)  # Wagtail's admin redirects on PermissionDenied
    assert not refused.has_header("Content-Disposition")
    client.force_login(planner)
    assert client.get(url).status_code == 200


def test_publishing_shows_anonymised_results_and_notifies_citizens(
    client, home, organisation, planner, django_capture_on_commit_callbacks
):
    procedure = make_procedure(home, organisation, PhaseKind.RESULT)
    weighed = make_statement(
        procedure,
        status=StatementStatus.WEIGHED,
        result=ConsiderationResult.ACCEPTED,
        response="Wir pflanzen 40 Bäume.",
        name="Erika Mustermann",
        email="erika@example.org",
    )
    make_statement(procedure, text="Noch offen", email="")
    assert "Wir pflanzen 40 Bäume." not in client.get(procedure.url).content.decode()

    client.force_login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/abwaegung/{procedure.pk}/veroeffentlichen/")
    client.logout()

    page = client.get(procedure.url).content.decode()
    assert "Wir pflanzen 40 Bäume." in page and weighed.reference in page
    assert "Erika" not in page and "erika@example.org" not in page
    assert "Noch offen" not in page
    assert [m.to for m in mail.outbox] == [["erika@example.org"]]
    assert "Wir pflanzen 40 Bäume." in mail.outbox[0].body
    weighed.refresh_from_db()
    assert weighed.notified_at is not None


def _document():
    from wagtail.documents.models import Document

    document = Document(title="Karte", file=ContentFile(b"%PDF-1.4", name="karte.pdf"))
    document._set_document_file_metadata()
    document.save()
    return document


def test_planners_group_statements_by_topic(client, procedure, planner):
    wind = make_statement(procedure, text="Windrad zu nah")
    make_statement(procedure, text="Radweg fehlt")
    client.force_login(planner)
    client.post(
        f"/admin/abwaegung/{procedure.pk}/", {"selected": [wind.pk], "topic": "Windenergie"}
    )
    wind.refresh_from_db()
    assert wind.topic == "Windenergie"
    page = client.get(f"/admin/abwaegung/{procedure.pk}/?topic=Windenergie").content.decode()
    assert "Windrad zu nah" in page and "Radweg fehlt" not in page
