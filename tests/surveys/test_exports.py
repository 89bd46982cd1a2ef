"""Staff exports: CSV and XLSX with one row per response and a summary sheet."""

import csv
import io

import pytest
from openpyxl import load_workbook

from beteiligung.roles import Role
from surveys.models import SurveySubmission
from tests.conftest import make_staff
from tests.surveys.conftest import ALL_TYPES, make_survey

DATA = [
    {
        "wohnort": '=HYPERLINK("x")',
        "verkehrsmittel": "Rad",
        "wunsche": ["Radwege", "Busse"],
        "bewertung": {"Sicherheit": 1, "Sauberkeit": 3},
        "prioritaten": ["Bus", "Rad", "Fuß"],
        "zufriedenheit": 4,
    },
    {"verkehrsmittel": "__other__", "verkehrsmittel__other": "Roller", "wunsche": ["Busse"]},
]


@pytest.fixture
def exported(home, organisation):
    page = make_survey(home, organisation, ALL_TYPES, slug="export")
    SurveySubmission.objects.bulk_create(
        SurveySubmission(page=page, form_data=data, delete_after=page.deletion_date())
        for data in DATA
    )
    return page


def test_the_csv_has_one_row_per_response_and_expanded_columns(client, exported, organisation):
    client.force_login(make_staff(organisation, Role.PLANNER))

    response = client.get(f"/umfragen/{exported.pk}/export.csv")

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:4] == ["Antwort", "Eingegangen am", "Wohnort", "Ideen"]
    assert "Verkehrsmittel: Sonstiges (Text)" in header
    assert "Wünsche: Radwege" in header and "Wünsche: Gehwege" in header
    assert "Bewertung: Sicherheit" in header
    assert "Prioritäten: Fuß (Platz)" in header
    assert len(rows) == 3
    first = dict(zip(header, rows[1], strict=True))
    assert first["Wohnort"] == '\'=HYPERLINK("x")'
    assert (first["Wünsche: Radwege"], first["Wünsche: Busse"], first["Wünsche: Gehwege"]) == (
        "1",
        "1",
        "0",
    )
    assert first["Bewertung: Sauberkeit"] == "3"
    assert first["Prioritäten: Bus (Platz)"] == "1"
    assert first["Zufriedenheit"] == "4"
    second = dict(zip(header, rows[2], strict=True))
    assert second["Verkehrsmittel"] == "Sonstiges"
    assert second["Verkehrsmittel: Sonstiges (Text)"] == "Roller"


def test_the_xlsx_has_responses_and_a_summary_sheet(client, exported, organisation):
    client.force_login(make_staff(organisation))

    response = client.get(f"/umfragen/{exported.pk}/export.xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Antworten", "Zusammenfassung"]
    responses = list(workbook["Antworten"].values)
    assert len(responses) == 3
    assert responses[0][2] == "Wohnort"
    sheet = workbook["Antworten"]
    assert sheet["B2"].is_date and sheet["B2"].number_format == "DD.MM.YYYY HH:MM"
    assert (sheet["C2"].value, sheet["C2"].data_type) == ('=HYPERLINK("x")', "s")
    summary = list(workbook["Zusammenfassung"].values)
    assert summary[0] == ("Antworten", 2, None, None) or summary[0][:2] == ("Antworten", 2)
    assert ("Verkehrsmittel", "Rad", 1, 50.0) in summary
    assert ("Wünsche", "Busse", 2, 100.0) in summary


def test_citizens_and_staff_of_other_organisations_may_not_export(
    client, citizen, exported, other_organisation, organisation
):
    other_staff = make_staff(other_organisation)
    moderator = make_staff(organisation, Role.MODERATOR)
    for url in (f"/umfragen/{exported.pk}/export.csv", f"/umfragen/{exported.pk}/export.xlsx"):
        for user in (citizen, other_staff, moderator):
            client.force_login(user)
            assert client.get(url).status_code == 403


def test_the_admin_page_listing_links_staff_to_results_and_exports(
    client, exported, organisation, home
):
    organisation.grant_page(home)
    client.force_login(make_staff(organisation))

    response = client.get(f"/admin/pages/{home.pk}/")

    assert f"/umfragen/{exported.pk}/ergebnisse/" in response.content.decode()
