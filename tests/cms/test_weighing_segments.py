"""Segments in the weighing detail view: a planner adds passages (by selection offsets or
pasted text), weighs each with its own result, and the statement follows; the table can
list segments; the export has a row per segment."""

import csv
import io

import pytest
from openpyxl import load_workbook

from beteiligung.roles import Role
from cms.answer_templates import AnswerTemplate
from cms.procedures import ConsiderationResult, StatementStatus
from cms.segments import StatementSegment
from tests.cms.conftest import make_statement
from tests.conftest import make_staff

TEXT = 'Erstens: mehr Bäume am Markt.\r\nZweitens: =HYPERLINK("http://evil.example") Radweg.'


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


@pytest.fixture
def statement(procedure):
    return make_statement(procedure, text=TEXT)


def add(client, procedure, statement, **fields):
    data = {f"new-segment-{k}": v for k, v in fields.items()}
    return client.post(f"/admin/abwaegung/{procedure.pk}/{statement.pk}/abschnitte/", data)


def test_a_planner_splits_a_statement_and_its_result_follows(client, procedure, statement, planner):
    client.force_login(planner)
    response = add(
        client,
        procedure,
        statement,
        start=0,
        end=29,
        topic="Grün",
        result=ConsiderationResult.ACCEPTED,
        response="Wird gepflanzt.",
    )
    assert response.status_code == 302
    first = StatementSegment.objects.get()
    assert first.text == "Erstens: mehr Bäume am Markt."
    # The second passage pasted instead of counted.
    add(
        client,
        procedure,
        statement,
        passage='Zweitens: =HYPERLINK("http://evil.example") Radweg.',
        topic="Verkehr",
    )
    second = StatementSegment.objects.exclude(pk=first.pk).get()
    assert second.start == TEXT.index("Zweitens") and second.end == len(TEXT)
    statement.refresh_from_db()
    # Weighed while it had one segment; a new open segment puts it back under examination.
    assert statement.status == StatementStatus.IN_REVIEW and statement.result == ""
    template = AnswerTemplate.objects.create(
        organisation=procedure.organisation,
        title="Ablehnung",
        text="Nicht Teil des Plans.",
        result=ConsiderationResult.NOT_ACCEPTED,
    )
    client.post(
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/abschnitte/{second.pk}/",
        {
            f"segment-{second.pk}-{k}": v
            for k, v in {
                "start": second.start,
                "end": second.end,
                "topic": "Verkehr",
                "answer_template": template.pk,
                "response": "",
                "result": "",
            }.items()
        },
    )
    second.refresh_from_db()
    assert (second.result, second.response) == ("not_accepted", "Nicht Teil des Plans.")
    statement.refresh_from_db()
    assert statement.status == StatementStatus.WEIGHED
    assert statement.result == ConsiderationResult.PARTLY_ACCEPTED
    assert "Zu Abschnitt 2 (Verkehr): Nicht Teil des Plans." in statement.response
    detail = client.get(f"/admin/abwaegung/{procedure.pk}/{statement.pk}/").content.decode()
    assert "Abschnitte (2)" in detail and "Teilweise berücksichtigt" in detail
    # The statement's own result field gives way to the segments.
    assert 'name="result"' not in detail


def test_overlapping_or_outside_passages_are_refused_with_a_reason(
    client, procedure, statement, planner
):
    client.force_login(planner)
    add(client, procedure, statement, start=0, end=20)
    response = add(client, procedure, statement, start=10, end=25, topic="Mein Thema")
    page = response.content.decode()
    assert response.status_code == 400
    assert "überschneidet sich mit einem anderen Abschnitt" in page and "Mein Thema" in page
    response = add(client, procedure, statement, start=30, end=5000)
    assert "innerhalb des Textes" in response.content.decode()
    response = add(client, procedure, statement, passage="kommt nicht vor")
    assert "kommt in der Stellungnahme nicht vor" in response.content.decode()
    assert StatementSegment.objects.count() == 1


def test_deleting_the_last_open_segment_weighs_the_statement(client, procedure, statement, planner):
    client.force_login(planner)
    add(client, procedure, statement, start=0, end=29, result="accepted", response="Ja.")
    add(client, procedure, statement, start=31, end=40)
    open_one = StatementSegment.objects.get(result="")
    client.post(
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/abschnitte/{open_one.pk}/",
        {"delete": "1"},
    )
    statement.refresh_from_db()
    assert (statement.status, statement.result) == ("weighed", "accepted")


def test_the_table_switches_to_segments(client, procedure, statement, planner):
    client.force_login(planner)
    add(client, procedure, statement, start=0, end=29, topic="Grün")
    make_statement(procedure, text="Ohne Abschnitte")
    page = client.get(f"/admin/abwaegung/{procedure.pk}/?view=segments").content.decode()
    assert f"{statement.reference}/1" in page and "Grün" in page
    assert "Ohne Abschnitte" not in page
    table = client.get(f"/admin/abwaegung/{procedure.pk}/").content.decode()
    assert "1 Abschnitt" in table and "Ohne Abschnitte" in table


def test_exports_have_a_row_per_segment_and_stay_safe(client, procedure, statement, planner):
    client.force_login(planner)
    add(
        client,
        procedure,
        statement,
        start=0,
        end=29,
        topic="Grün",
        result="accepted",
        response="Ja.",
    )
    # A passage that starts like a formula.
    add(client, procedure, statement, start=TEXT.index("="), end=len(TEXT), topic="Verkehr")
    make_statement(procedure, text="Einfach")
    xlsx = client.get(f"/admin/abwaegung/{procedure.pk}/export.xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    header = rows[0]
    for column in ("Eingangsweg", "Eingangsdatum", "Verspätet", "Gruppe"):
        assert column in header
    by_ref = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_ref) == {
        f"{statement.reference}/1",
        f"{statement.reference}/2",
        make_ref(procedure),
    }
    first = by_ref[f"{statement.reference}/1"]
    assert first["Thema"] == "Grün" and first["Abwägungsvorschlag"] == "Ja."
    assert first["Stellungnahme"] == "Erstens: mehr Bäume am Markt."
    assert first["Eingangsweg"] == "Online" and first["Verspätet"] == "nein"
    csv_text = client.get(f"/admin/abwaegung/{procedure.pk}/export.csv").content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(csv_text), delimiter=";") for cell in row]
    assert not any(cell.startswith("=") for cell in cells)


def make_ref(procedure) -> str:
    return procedure.statements.get(text="Einfach").reference


def test_staff_of_another_organisation_cannot_add_segments(
    client, procedure, statement, other_organisation
):
    client.force_login(make_staff(other_organisation, Role.PLANNER))
    response = add(client, procedure, statement, start=0, end=10)
    assert response.status_code in (302, 403) and not StatementSegment.objects.exists()
