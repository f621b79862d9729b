"""CSV and XLSX downloads: what a spreadsheet user opens shows the text, never runs it."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from overstap.core.export import csv_response, safe_cell, xlsx_response

DANGEROUS = ['=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_that_could_start_a_formula_is_shown_as_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Jansen", "Öztürk", "", "a=b", "El-Amrani"])
def test_ordinary_text_is_left_alone(value):
    assert safe_cell(value) == value


def test_numbers_dates_and_nothing_keep_their_type():
    day = datetime.date(2027, 4, 13)
    assert safe_cell(-3) == -3
    assert safe_cell(day) == day
    assert safe_cell(None) == ""


def _csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_is_a_download_with_the_header_and_the_rows_neutralised():
    response = csv_response("tafel 1/leerlingen.csv", ["Naam", "Datum"], [["=1+1", datetime.date(2027, 4, 13)]])
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="tafel-1-leerlingen.csv"'
    assert _csv_rows(response) == [["Naam", "Datum"], ["'=1+1", "13-04-2027"]]


def test_xlsx_cells_are_text_not_formulas():
    response = xlsx_response("lijst.xlsx", "Leerlingen: april", ["Naam", "Datum"], [["=cmd|' /C calc'!A0", None]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Leerlingen  april"
    assert [c.value for c in sheet[1]] == ["Naam", "Datum"]
    cell = sheet["A2"]
    assert cell.value == "'=cmd|' /C calc'!A0"
    assert cell.data_type == "s"


def test_xlsx_keeps_dates_as_dates():
    response = xlsx_response("lijst.xlsx", "Lijst", ["Datum"], [[datetime.date(2027, 6, 8)]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value.date() == datetime.date(2027, 6, 8)
