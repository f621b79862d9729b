"""Tables as files: CSV and XLSX responses that a spreadsheet opens without running anything in them.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by spreadsheet programs as a
formula (CSV/formula injection); ``safe_cell`` puts an apostrophe before such text so it stays text. Numbers stay
numbers. The caller audits the export (``audit.services.record(..., Action.EXPORT, ...)``); this module only writes.
"""

import csv
import io

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """The value as a spreadsheet should get it: numbers as they are, text that could be a formula made harmless."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, header, rows) -> HttpResponse:
    """A CSV file (UTF-8 with a byte-order mark, so Excel reads the accents; semicolons, as Dutch Excel expects)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return _attachment(HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8"), filename)


def xlsx_response(filename: str, sheet_title: str, header, rows) -> HttpResponse:
    """An XLSX workbook with one sheet; every text cell is stored as text, never as a formula."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(sheet_title)[:31] or "Blad1")
    for line in (header, *rows):
        cells = []
        for value in line:
            value = safe_cell(value)
            cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl writes a string starting with "=" as a formula; safe_cell made sure none does.
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)
