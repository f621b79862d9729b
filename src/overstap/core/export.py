"""Tables as CSV and XLSX downloads, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by a spreadsheet as a
formula (CSV injection): ``safe_cell`` puts an apostrophe before it, so it shows as the text it is. Numbers, dates
and empty cells pass as they are. The caller audits the export (``audit.services.record`` with ``Action.EXPORT``):
this module does not know who asked.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def safe_cell(value):
    """The value as a spreadsheet should show it: text that could start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | datetime.date | datetime.datetime):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _filename(filename: str) -> str:
    return _SAFE_NAME.sub("-", filename).strip("-") or "export"


def _text(value) -> str:
    value = safe_cell(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download (UTF-8 with a byte-order mark, ``;`` between cells, as Dutch spreadsheets expect)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_text(cell) for cell in header])
    for row in rows:
        writer.writerow([_text(cell) for cell in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename)}"'
    return response


def xlsx_response(filename: str, sheet_title: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """An XLSX download with one sheet: the header in bold and frozen, every cell through ``safe_cell``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (_SHEET_FORBIDDEN.sub(" ", sheet_title).strip() or "Export")[:31]
    sheet.append([str(safe_cell(cell)) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_xlsx_value(cell) for cell in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, also where it looks like a formula
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD-MM-YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename)}"'
    return response


def _xlsx_value(value):
    value = safe_cell(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # a spreadsheet has no time zones
    return value
