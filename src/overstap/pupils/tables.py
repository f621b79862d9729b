"""Reading a pupil list as exported by a school's administration system: CSV (UTF-8 with or without BOM, or
Windows-1252; separated by ``;``, ``,`` or tabs) or XLSX. Rows are read one by one, never the whole file at once, so
memory does not grow with the file. Every problem with the file itself is a ``TableError`` with a Dutch message
that says what is wrong and, where it applies, on which row."""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

SAMPLE = 64 * 1024
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
DELIMITERS = (";", ",", "\t")
# A cell that a spreadsheet would run as a formula: never read as a name or a group.
FORMULA_START = ("=", "+", "-", "@")


class TableError(Exception):
    """The file cannot be read as a pupil list; nothing was imported."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as the user sees it, the cells: str, date, number or None)
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""


def open_table(handle, *, max_bytes: int) -> Table:
    """``handle``: a binary file opened for reading. The first row holds the column names."""
    size = _size(handle)
    if size == 0:
        raise TableError(_("File: the file is empty."))
    if size > max_bytes:
        raise TableError(
            _("File: the file is %(size)s MB; at most %(max)s MB can be imported at once. Split the list.")
            % {"size": round(size / 1_000_000), "max": round(max_bytes / 1_000_000)}
        )
    start = handle.read(8)
    handle.seek(0)
    if start.startswith(XLSX_MAGIC):
        return _open_xlsx(handle)
    if start.startswith(OLE_MAGIC):
        raise TableError(_("File: this is an old Excel file (.xls). Save it as .xlsx or as CSV and try again."))
    return _open_csv(handle)


def _size(handle) -> int:
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def _encoding_of(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in sample:
        raise TableError(
            _("File: this does not look like a CSV or XLSX file (it contains binary data, or is saved as UTF-16).")
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _open_csv(handle) -> Table:
    sample = handle.read(SAMPLE)
    handle.seek(0)
    encoding = _encoding_of(sample)
    name = "UTF-8" if encoding.startswith("utf") else "Windows-1252"
    codec = "utf-8" if encoding.startswith("utf") else encoding

    # Excel for Mac writes "CSV (Macintosh)" with a carriage return alone at the end of each line.
    raw_lines = _cr_lines(handle) if b"\r" in sample and b"\n" not in sample else handle

    def lines():
        # Decoded line by line, so that a wrong byte is named by the row it is on.
        for number, raw in enumerate(raw_lines, start=1):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                raise TableError(
                    _(
                        "File: row %(row)s contains characters that are not %(encoding)s. Save the list as UTF-8 "
                        "and try again."
                    )
                    % {"row": number, "encoding": name}
                ) from None
            yield text.lstrip("\ufeff") if number == 1 else text

    source = lines()
    first = next(source, "")
    if not first.strip():
        raise TableError(_("File: the first row is empty; it should hold the column names."))
    delimiter = max(DELIMITERS, key=first.count)
    if first.count(delimiter) == 0:
        raise TableError(
            _("File: the first row has only one column. Separate the columns with a semicolon (;) or a comma (,).")
        )
    try:
        headers = [cell.strip() for cell in next(csv.reader([first], delimiter=delimiter))]
    except csv.Error as error:
        raise TableError(_("File: the first row cannot be read (%(error)s).") % {"error": error}) from None
    _check_headers(headers)

    def rows():
        reader = csv.reader(source, delimiter=delimiter)
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield reader.line_num + 1, cells
        except csv.Error as error:
            raise TableError(
                _("File: row %(row)s cannot be read (%(error)s).") % {"row": reader.line_num + 1, "error": error}
            ) from None

    return Table(headers, rows(), "csv", encoding, delimiter)


def _open_xlsx(handle) -> Table:
    from django.conf import settings

    from .xlsx import Workbook, XlsxError

    try:
        workbook = Workbook(
            handle,
            max_unpacked=settings.OVERSTAP_XLSX_MAX_UNPACKED_BYTES,
            max_ratio=settings.OVERSTAP_XLSX_MAX_RATIO,
        )
    except XlsxError as error:
        raise TableError(str(error)) from None
    source = _xlsx_rows(workbook)
    number, first = next(source, (0, None))
    if first is None or number != 1 or not any(cell not in (None, "") for cell in first):
        workbook.close()
        raise TableError(_("File: the first row is empty; it should hold the column names."))
    headers = ["" if cell is None else str(cell).strip() for cell in first]
    _check_headers(headers)

    def rows():
        try:
            for number, cells in source:
                if any(cell not in (None, "") for cell in cells):
                    yield number, cells
        finally:
            workbook.close()

    return Table(headers, rows(), "xlsx")


def _xlsx_rows(workbook):
    from .xlsx import XlsxError

    number = 1
    try:
        for number, cells in workbook.rows():
            yield number, cells
    except XlsxError as error:
        workbook.close()
        raise TableError(str(error)) from None
    except (ValueError, IndexError, SyntaxError, zipfile.BadZipFile, EOFError) as error:
        workbook.close()
        raise TableError(
            _("File: row %(row)s of the Excel file cannot be read (%(error)s).")
            % {"row": number + 1, "error": error.__class__.__name__}
        ) from None


def _cr_lines(handle):
    rest = b""
    for chunk in iter(lambda: handle.read(SAMPLE), b""):
        parts = (rest + chunk).split(b"\r")
        rest = parts.pop()
        for part in parts:
            yield part + b"\n"
    if rest:
        yield rest


def _check_headers(headers: list[str]) -> None:
    named = [h for h in headers if h]
    if not named:
        raise TableError(_("File: the first row has no column names."))
    doubles = sorted({h for h in named if named.count(h) > 1})
    if doubles:
        raise TableError(
            _("File: the column name “%(name)s” occurs more than once in the first row.") % {"name": doubles[0]}
        )


# --- Cells -----------------------------------------------------------------------------------------------------------

DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%y", "%d/%m/%y")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def cell_date(value) -> datetime.date | None:
    """A date in one of the Dutch forms (or ISO), or as Excel stores it. None when empty; ValueError when it is
    no date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # a day number as Excel keeps dates
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError(value)
    text = cell_text(value)
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", text)  # a time after the date
    for form in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
        if form.endswith("%y"):  # two digits for the year: a pupil is born in this century
            day = day.replace(year=2000 + day.year % 100)
        return day
    raise ValueError(text)


def is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)
