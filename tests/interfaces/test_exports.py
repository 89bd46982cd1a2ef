"""The one table writer (beteiligung.exports), read back by the programs staff open it with:
openpyxl for the XLSX cell types and LibreOffice Calc (headless, German locale) for the CSV."""

import csv
import datetime
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from beteiligung import exports

BERLIN = ZoneInfo("Europe/Berlin")
SUMMER = datetime.datetime(2026, 7, 1, 12, 30, tzinfo=datetime.UTC)  # 14:30 in Berlin
WINTER = datetime.datetime(2026, 1, 31, 23, 15, tzinfo=datetime.UTC)  # 1 February, 00:15
HEADERS = ["Text", "Eingang", "Tag", "Breitengrad", "Anzahl", "Anteil", "leer"]
ROWS = [
    ["Bäume =gut", SUMMER, datetime.date(2026, 3, 13), Decimal("49.802000"), 3, 12.5, None],
    ['=HYPERLINK("http://evil.example")', WINTER, None, 49.802, -4, None, ""],
    ["+49 6151 12345", None, None, None, None, None, None],
    ["-minus", None, None, None, None, None, None],
    ["@SUM(A1)", None, None, None, None, None, None],
    ["\t=1+1", None, None, None, None, None, None],
    ["\r=1+1", None, None, None, None, None, None],
    ["Steuer\x07zeichen", None, None, None, None, None, None],
]


def workbook():
    data = exports.to_xlsx(exports.Sheet("Stellungnahmen: Test/1", HEADERS, ROWS))
    return load_workbook(io.BytesIO(data))


def test_xlsx_dates_are_date_cells_in_berlin_time_with_german_formats():
    sheet = workbook().active

    summer, winter, day = sheet["B2"], sheet["B3"], sheet["C2"]

    assert summer.is_date and summer.number_format == "DD.MM.YYYY HH:MM"
    assert summer.value == datetime.datetime(2026, 7, 1, 14, 30)
    assert winter.value == datetime.datetime(2026, 2, 1, 0, 15)
    assert day.is_date and day.number_format == "DD.MM.YYYY"
    assert day.value == datetime.datetime(2026, 3, 13)


def test_xlsx_numbers_are_number_cells():
    sheet = workbook().active

    assert [(c.data_type, c.value) for c in (sheet["D2"], sheet["E2"], sheet["F2"])] == [
        ("n", 49.802),
        ("n", 3),
        ("n", 12.5),
    ]
    assert (sheet["D3"].value, sheet["E3"].value) == (49.802, -4)


def test_xlsx_text_that_looks_like_a_formula_is_a_text_cell_without_an_apostrophe():
    sheet = workbook().active

    cells = [sheet[f"A{row}"] for row in range(2, 10)]

    assert [c.data_type for c in cells] == ["s"] * 8
    assert [c.value for c in cells[:7]] == [
        "Bäume =gut",
        '=HYPERLINK("http://evil.example")',
        "+49 6151 12345",
        "-minus",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
    ]
    # A control character would make the file unreadable; it is dropped, the text kept.
    assert cells[7].value == "Steuerzeichen"


def test_xlsx_workbook_holds_no_formula_at_all():
    data = exports.to_xlsx(exports.Sheet("Test", HEADERS, ROWS))

    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_xlsx_sheet_titles_are_made_valid_for_excel():
    assert workbook().sheetnames == ["Stellungnahmen Test1"]


def test_csv_is_semicolon_separated_with_decimal_comma_and_german_dates():
    text = exports.to_csv(HEADERS, ROWS)

    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == HEADERS
    assert rows[1] == ["Bäume =gut", "01.07.2026 14:30", "13.03.2026", "49,802000", "3", "12,5", ""]
    assert rows[2][1:5] == ["01.02.2026 00:15", "", "49,802", "-4"]


def test_csv_defuses_every_formula_start_including_tab_and_carriage_return():
    rows = list(csv.reader(io.StringIO(exports.to_csv(HEADERS, ROWS)), delimiter=";"))

    assert [row[0] for row in rows[2:8]] == [
        '\'=HYPERLINK("http://evil.example")',
        "'+49 6151 12345",
        "'-minus",
        "'@SUM(A1)",
        "'\t=1+1",
        "'\r=1+1",
    ]


def test_the_csv_response_starts_with_a_byte_order_mark():
    response = exports.csv_response("tabelle.csv", HEADERS, ROWS[:1])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Disposition"] == 'attachment; filename="tabelle.csv"'


def test_libreoffice_with_a_german_locale_reads_the_csv_as_typed(tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is missing: apt-get install libreoffice-calc-nogui"
    source = tmp_path / "export.csv"
    source.write_bytes(exports.csv_response("export.csv", HEADERS, ROWS).content)

    # 59 = ";", 34 = '"', 76 = UTF-8, from line 1, 1031 = German (Germany).
    subprocess.run(  # noqa: S603
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--infilter=CSV:59,34,76,1,,1031",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )

    sheet = load_workbook(tmp_path / "out" / "export.xlsx").active
    assert [c.value for c in sheet[1]] == HEADERS
    latitude, count, share = sheet["D2"], sheet["E2"], sheet["F2"]
    assert (latitude.data_type, latitude.value) == ("n", 49.802)  # not 49802
    assert (count.value, share.value, sheet["E3"].value) == (3, 12.5, -4)
    assert sheet["B2"].is_date and sheet["B2"].value == datetime.datetime(2026, 7, 1, 14, 30)
    assert sheet["C2"].is_date and sheet["C2"].value == datetime.datetime(2026, 3, 13)
    assert sheet["A2"].value == "Bäume =gut"
    # The defused formula arrives as text, not as a formula.
    assert sheet["A3"].data_type == "s" and sheet["A3"].value.endswith(
        'HYPERLINK("http://evil.example")'
    )
