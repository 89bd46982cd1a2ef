"""The portal's one table writer for staff exports: XLSX and CSV that German Excel and
LibreOffice open as typed.

A table is headers plus rows of plain Python values; the type of each value decides the cell:

| value | XLSX | CSV |
| --- | --- | --- |
| ``datetime`` (aware) | date cell, Europe/Berlin, ``DD.MM.YYYY HH:MM`` | ``01.02.2026 14:30`` |
| ``date`` | date cell, ``DD.MM.YYYY`` | ``01.02.2026`` |
| ``int``, ``float``, ``Decimal`` | number cell | decimal comma: ``49,802`` |
| ``bool`` | boolean cell | ``Ja`` / ``Nein`` |
| ``str`` | always a text cell, never a formula | ``'`` before ``= + - @ \\t \\r`` |
| ``None`` | empty | empty |

Formula injection: in XLSX every string is written as a text cell (``data_type = "s"``,
an inline string), so ``=HYPERLINK(…)`` is shown as typed and never evaluated, without an
apostrophe in front. CSV has no cell types, so text that a spreadsheet would read as a
formula gets the apostrophe OWASP recommends.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

TIME_ZONE = ZoneInfo("Europe/Berlin")
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
DATE_FORMAT = "DD.MM.YYYY"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Value = str | int | float | Decimal | bool | datetime.datetime | datetime.date | None


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Value]] = field(default_factory=list)


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: write the wall-clock time in Berlin."""
    if value.tzinfo is not None:
        value = value.astimezone(TIME_ZONE)
    return value.replace(tzinfo=None, microsecond=0)


# XLSX -------------------------------------------------------------------------------------


def to_xlsx(*sheets: Sheet) -> bytes:
    # Written by beteiligung.xlsx: openpyxl costs every process of the portal 0.13 s at start.
    from beteiligung.xlsx import write_workbook

    return write_workbook(sheets)


# CSV --------------------------------------------------------------------------------------


def _decimal_comma(value: int | float | Decimal) -> str:
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(str(value)), "f")  # no exponent, as typed
    return text.replace(".", ",")


def csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float | Decimal):
        return _decimal_comma(value)
    if isinstance(value, datetime.datetime):
        return local_naive(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Value]]) -> str:
    """``;``-separated, quoted where needed, German numbers and dates; without the BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    if headers:
        writer.writerow([csv_value(str(h)) for h in headers])
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
    return out.getvalue()


# Responses --------------------------------------------------------------------------------


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Value]]):
    # The byte order mark makes Excel read UTF-8 (umlauts) instead of Windows-1252.
    response = HttpResponse(
        "\ufeff" + to_csv(headers, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(filename: str, *sheets: Sheet) -> HttpResponse:
    response = HttpResponse(to_xlsx(*sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
