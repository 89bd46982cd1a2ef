"""The XLSX half of beteiligung.exports (whose docstring says how values become cells), apart
so that only a process writing a workbook imports openpyxl: it costs 0.13 s at start."""

import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from beteiligung.exports import DATE_FORMAT, DATETIME_FORMAT, Sheet, Value, local_naive


def _xlsx_cell(sheet, value: Value, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, local_naive(value))
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        # Control characters other than tab and line breaks are not allowed in the XML.
        cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never "f": text starting with "=" stays text
    else:
        cell = WriteOnlyCell(sheet, value)
    if bold:
        cell.font = Font(bold=True)
    return cell


def _xlsx_value(sheet, value: Value):
    """What a body row hands to openpyxl: the plain value where openpyxl types it right by
    itself (numbers, booleans, empty cells, text that cannot be read as a formula), a
    typed cell otherwise. A cell object per value made a 10,000-response survey export
    take seconds; most of its values are numbers and plain text."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not text.startswith("="):  # openpyxl reads only "=…" as a formula
            return text
    return _xlsx_cell(sheet, value)


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    for spec in sheets:
        # Sheet names: at most 31 characters, none of : \ / ? * [ ]
        title = "".join(c for c in spec.title if c not in ":\\/?*[]")[:31] or "Tabelle"
        sheet = workbook.create_sheet(title)
        for index, header in enumerate(spec.headers, start=1):
            # Wide enough that a date and time shows instead of "#####".
            width = min(max(len(str(header)) + 2, 17), 40)
            sheet.column_dimensions[get_column_letter(index)].width = width
        if spec.headers:
            sheet.freeze_panes = "A2"
            sheet.append([_xlsx_cell(sheet, str(h), bold=True) for h in spec.headers])
        for row in spec.rows:
            sheet.append([_xlsx_value(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
