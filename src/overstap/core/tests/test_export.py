"""Exports that a spreadsheet opens as text: a cell that would start a formula is defused, everything else is kept."""

import csv
import datetime
import io

import openpyxl
import pytest

from overstap.core.export import csv_response, safe_cell, xlsx_response

DANGEROUS = ["=1+1", "+31 6 1234", "-2", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_that_would_start_a_formula_is_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Jansen", "Jansen"), (None, ""), (3, 3), (-2, -2), (datetime.date(2026, 1, 5), datetime.date(2026, 1, 5))],
)
def test_other_cells_stay_as_they_are(value, expected):
    assert safe_cell(value) == expected


def test_csv_and_xlsx_carry_every_row_defused():
    rows = [("=cmd|' /C calc'!A0", datetime.date(2026, 1, 5), 4), ("Zoë", None, -1)]
    response = csv_response("lijst.csv", ["Naam", "Datum", "Aantal"], rows)
    assert response["Content-Disposition"] == 'attachment; filename="lijst.csv"'
    read = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert read == [["Naam", "Datum", "Aantal"], ["'=cmd|' /C calc'!A0", "05-01-2026", "4"], ["Zoë", "", "-1"]]
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_response("lijst.xlsx", "Lijst", ["Naam"], rows).content))
    sheet = workbook["Lijst"]
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value.date() == datetime.date(2026, 1, 5) and sheet["C3"].value == -1
