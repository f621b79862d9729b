import csv
import io

from openpyxl import load_workbook

from overstap.core.export import csv_response, safe_cell, xlsx_response

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def test_text_that_a_spreadsheet_would_run_becomes_plain_text():
    for value in DANGEROUS:
        assert safe_cell(value) == "'" + value
    assert safe_cell("Basisschool De Linde") == "Basisschool De Linde"
    assert safe_cell(3) == 3 and safe_cell(-3) == -3 and safe_cell(0.5) == 0.5
    assert safe_cell(None) == ""


def test_csv_has_the_header_the_rows_and_no_formula():
    response = csv_response("tabel.csv", ["school", "aantal"], [["=1+1", 4], ["De Linde", "<5"]])
    assert response["Content-Disposition"] == 'attachment; filename="tabel.csv"'
    text = response.content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["school", "aantal"], ["'=1+1", "4"], ["De Linde", "<5"]]


def test_xlsx_stores_text_as_text_and_numbers_as_numbers():
    response = xlsx_response("tabel.xlsx", "Zonder plek", ["school", "aantal"], [["=1+1", 4], ["@x", 7]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Zonder plek"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [["school", "aantal"], ["'=1+1", 4], ["'@x", 7]]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
