"""Exports as CSV and XLSX that a spreadsheet opens safely.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could be run as a formula by the
program that opens the file (formula injection): ``safe_cell`` puts an apostrophe before it, so it is shown as the
text it is. Numbers and dates stay what they are. Auditing the export is the caller's job (it knows what was
exported).
"""

import csv
import datetime
import io

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool | int | float | datetime.date):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _disposition(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def csv_response(filename: str, header, rows) -> HttpResponse:
    """A CSV file (UTF-8 with a byte-order mark, so that Excel reads the accents; semicolons, as a Dutch Excel
    expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([_csv_text(safe_cell(cell)) for cell in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    return response


def _csv_text(value):
    return value.strftime("%d-%m-%Y") if isinstance(value, datetime.date) else value


def xlsx_response(filename: str, sheet_title: str, header, rows) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(sheet_title)[:31])
    sheet.append([safe_cell(cell) for cell in header])
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = _disposition(filename)
    return response
