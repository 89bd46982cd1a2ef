"""Exports of the planners' map: GeoJSON (RFC 7946) that GDAL converts to a GeoPackage for
QGIS, CSV for German spreadsheets and XLSX with date and number cells, all filtered."""

import csv
import datetime
import io
import json
import subprocess

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
    # Decimal commas (LibreOffice in German reads 49.8728 as 498728); formulas defused.
    assert by_text["'=Laut nachts"][5:7] == ["49,8728", "8,6512"]
    assert datetime.datetime.strptime(by_text["'=Laut nachts"][3], "%d.%m.%Y %H:%M")
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


def test_the_xlsx_has_date_cells_numbers_and_formulas_as_text(exported):
    sheet = load_workbook(io.BytesIO(exported("xlsx").content))["Beiträge"]

    rows = {row[8].value: row for row in list(sheet.iter_rows())[1:]}
    noted = rows["=Laut nachts"]
    assert noted[3].is_date and noted[3].number_format == "DD.MM.YYYY HH:MM"
    assert isinstance(noted[3].value, datetime.datetime)
    assert (noted[5].data_type, noted[5].value) == ("n", 49.8728)
    assert noted[8].data_type == "s"  # shown as typed, never run as a formula


def test_gdal_converts_the_geojson_to_a_geopackage(exported, tmp_path):
    source = tmp_path / "karte.geojson"
    source.write_bytes(exported("geojson").content)
    target = tmp_path / "karte.gpkg"

    # GDAL's own tools, as a QGIS user saves the export (gdal-bin, installed by make test).
    converted = subprocess.run(  # noqa: S603
        ["ogr2ogr", "-f", "GPKG", str(target), str(source)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    info = subprocess.run(  # noqa: S603
        ["ogrinfo", "-so", "-al", str(target)],  # noqa: S607
        capture_output=True,
        text=True,
    )

    assert converted.returncode == 0, converted.stderr
    assert "Feature Count: 2" in info.stdout
    assert "Geometry: Point" in info.stdout
    assert "number: Integer" in info.stdout
