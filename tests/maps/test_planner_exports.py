"""Exports of the planners' map: GeoJSON (RFC 7946), CSV and XLSX, all filtered."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from shapely.geometry import shape

from beteiligung.roles import Role
from geo.areas import area_geometry
from maps.models import FeedbackCategory
from tests.cms.conftest import make_statement
from tests.conftest import make_staff
from tests.maps.conftest import make_contribution


@pytest.fixture
def exported(client, citizen, organisation, feedback_procedure):
    noise = FeedbackCategory.objects.get(procedure=feedback_procedure, name="Lärm")
    make_contribution(
        feedback_procedure, citizen, category=noise, text="=Laut nachts", place="Bahnhof"
    )
    make_contribution(feedback_procedure, citizen, text="Kein Ort", latitude=None, place="Markt")
    make_statement(feedback_procedure, text="Stellungnahme", latitude="49.9", longitude="8.7")
    client.force_login(make_staff(organisation, Role.PLANNER))

    def get(fmt: str, **params):
        response = client.get(f"/admin/karte/{feedback_procedure.pk}/export.{fmt}", params)
        assert response.status_code == 200
        return response

    return get


def test_the_geojson_follows_rfc_7946(exported, feedback_procedure):
    response = exported("geojson")

    assert response["Content-Type"] == "application/geo+json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    area = shape(area_geometry(feedback_procedure.planning_area))
    assert len(data["features"]) == 2  # the note without a point has no geometry
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        geometry = shape(feature["geometry"])
        assert geometry.geom_type == "Point" and area.covers(geometry)  # longitude first
        assert set(feature["properties"]) >= {"source", "category", "date", "status", "text"}
    texts = {f["properties"]["text"]: f["properties"] for f in data["features"]}
    assert texts["=Laut nachts"]["category"] == "Lärm"
    assert texts["=Laut nachts"]["place"] == "Bahnhof"
    assert texts["Stellungnahme"]["source"] == "Stellungnahmen"


def test_the_csv_has_coordinates_and_german_headers(exported):
    content = exported("csv").content.decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(content), delimiter=";"))

    assert rows[0] == [
        "Quelle", "ID", "Kategorie", "Datum", "Status", "Breitengrad", "Längengrad", "Ort", "Text",
    ]  # fmt: skip
    by_text = {row[8]: row for row in rows[1:]}
    assert by_text["'=Laut nachts"][5:7] == ["49.8728", "8.6512"]  # formulas are defused
    assert by_text["Kein Ort"][5:8] == ["", "", "Markt"]
    assert len(rows) == 4


def test_exports_respect_the_filters(exported):
    rows = list(
        csv.reader(
            io.StringIO(exported("csv", q="nachts").content.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert [row[8] for row in rows[1:]] == ["'=Laut nachts"]

    data = json.loads(exported("geojson", sources="statement").content)
    assert [f["properties"]["text"] for f in data["features"]] == ["Stellungnahme"]


def test_the_xlsx_opens_with_contributions_and_sub_areas(exported, feedback_procedure):
    from tests.maps.test_planner import SUB_AREAS

    feedback_procedure.sub_areas = SUB_AREAS
    feedback_procedure.save()

    workbook = load_workbook(io.BytesIO(exported("xlsx").content))

    assert workbook.sheetnames == ["Beiträge", "Teilgebiete"]
    rows = list(workbook["Beiträge"].values)
    assert rows[0][0] == "Quelle" and len(rows) == 4
    districts = {row[0]: row for row in list(workbook["Teilgebiete"].values)[1:]}
    assert districts["Ost"][-1] == 2 and districts["West"][-1] == 0
