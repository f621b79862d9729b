"""Reading the first sheet of an XLSX workbook row by row, for pupil lists.

A general spreadsheet library builds a cell object per cell and resolves styles the list never needs; on a list of
100,000 rows that was a third of the import. This reader only knows what a pupil list uses: the first sheet, the
shared strings, inline strings, numbers, booleans, dates (as ISO text or as a day number in a date style) and a
formula's stored result (a formula is never run). A part with a document type declaration (where entities are
declared) or in another encoding than UTF-8 is refused before the parser sees it, so no entity is ever expanded or
fetched; and a workbook that would unpack to more than it may (a zip bomb) is refused before anything is read.

Values are what ``pupils.tables`` expects: ``str``, ``int``, ``float``, ``bool``, ``datetime.datetime`` or ``None``.
"""

import datetime
import re
import zipfile
from collections.abc import Iterator
from posixpath import dirname, join, normpath
from xml.etree.ElementTree import XMLPullParser

from django.utils.translation import gettext as _

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
STRICT_REL_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SHEET_DATA = frozenset({MAIN + "sheetData", STRICT + "sheetData"})
ROW = frozenset({MAIN + "row", STRICT + "row"})
CELL = frozenset({MAIN + "c", STRICT + "c"})
VALUE = frozenset({MAIN + "v", STRICT + "v"})
INLINE = frozenset({MAIN + "is", STRICT + "is"})
TEXT = frozenset({MAIN + "t", STRICT + "t"})
CHUNK = 1 << 16

# Excel's built-in number formats that show a date or a time.
DATE_FORMAT_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57})
# A custom format shows a date when it has a date or time letter outside quotes, brackets and escapes.
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_LETTERS = re.compile(r"[dmyhs]", re.IGNORECASE)
EPOCH_1900 = datetime.datetime(1899, 12, 30)
EPOCH_1904 = datetime.datetime(1904, 1, 1)


class XlsxError(Exception):
    """The workbook cannot be read; the message is Dutch and says why."""


def _tag(element) -> str:
    """The local name of an element, whichever of the two spreadsheet namespaces it is in."""
    name = element.tag
    return name[name.index("}") + 1 :] if name.startswith("{") else name


def _column_number(reference: str) -> int:
    """0 for A1, 1 for B7, 26 for AA3."""
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number - 1


class Workbook:
    """The first sheet of an XLSX file. ``max_unpacked`` bounds what the parts may unpack to together."""

    def __init__(self, handle, *, max_unpacked: int, max_ratio: int):
        try:
            self.archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise XlsxError(_("File: the Excel file cannot be opened (%(error)s).") % {"error": error}) from None
        try:
            self._check_size(max_unpacked, max_ratio)
            sheet, self.date1904 = self._first_sheet()
            self.date_styles = self._date_styles()
            self.shared = self._shared_strings()
        except XlsxError:
            self.close()
            raise
        except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile, EOFError) as error:
            self.close()
            raise XlsxError(_("File: the Excel file cannot be opened (%(error)s).") % {"error": error}) from None
        self.sheet = sheet

    def close(self) -> None:
        self.archive.close()

    # --- The parts around the sheet -------------------------------------------------------------------------------

    def _check_size(self, max_unpacked: int, max_ratio: int) -> None:
        # The sizes in the zip's directory bound what reading may unpack: the zip module stops at the stated size.
        infos = self.archive.infolist()
        for info in infos:
            if info.file_size > 10_000_000 and info.file_size > max_ratio * max(info.compress_size, 1):
                raise XlsxError(
                    _(
                        "File: a part of this Excel file unpacks to %(ratio)s times its packed size; that is not a "
                        "pupil list but a zip bomb. Nothing was imported."
                    )
                    % {"ratio": info.file_size // max(info.compress_size, 1)}
                )
        total = sum(info.file_size for info in infos)
        if total > max_unpacked:
            raise XlsxError(
                _(
                    "File: this Excel file would unpack to %(size)s MB, more than the %(max)s MB allowed. "
                    "Save it again from the spreadsheet, or export the list as CSV."
                )
                % {"size": round(total / 1_000_000), "max": round(max_unpacked / 1_000_000)}
            )

    def _elements(self, name: str, events=("end",)):
        """The parse events of one part, read in chunks: a part is never held whole."""
        parser = XMLPullParser(events=events)
        for _chunk in self._chunks(name, parser):
            yield from parser.read_events()

    def _chunks(self, name: str, parser):
        """Feeds the part to ``parser`` chunk by chunk, after checking each chunk, and yields after each one."""
        tail = b""
        with self.archive.open(name) as part:
            first = True
            while chunk := part.read(CHUNK):
                if first and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]):
                    raise XlsxError(_("File: a part of this Excel file is not in UTF-8; it cannot be read safely."))
                first = False
                window = tail + chunk
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise XlsxError(_("File: this Excel file declares its own entities (a DTD); it is refused unread."))
                tail = chunk[-8:]
                parser.feed(chunk)
                yield
        parser.close()
        yield

    def _relations(self, part: str) -> dict[str, str]:
        folder, file = dirname(part), part.rsplit("/", 1)[-1]
        rels = join(folder, "_rels", file + ".rels")
        if rels not in self.archive.namelist():
            return {}
        found = {}
        for _event, element in self._elements(rels):
            if element.tag == PACKAGE_RELS + "Relationship":
                target = element.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else normpath(join(folder, target))
                found[element.get("Id", "")] = path
        return found

    def _workbook_part(self) -> str:
        for _event, element in self._elements("_rels/.rels"):
            if element.tag == PACKAGE_RELS + "Relationship" and element.get("Type", "").endswith("/officeDocument"):
                return element.get("Target", "").lstrip("/")
        return "xl/workbook.xml"

    def _first_sheet(self) -> tuple[str, bool]:
        self.workbook_part = self._workbook_part()
        relations = self._relations(self.workbook_part)
        date1904, sheet = False, None
        for _event, element in self._elements(self.workbook_part):
            tag = _tag(element)
            if tag == "workbookPr":
                date1904 = element.get("date1904", "0").lower() in ("1", "true")
            elif tag == "sheet" and sheet is None:
                sheet = relations.get(element.get(REL_ID) or element.get(STRICT_REL_ID) or "")
        if not sheet or sheet not in self.archive.namelist():
            raise XlsxError(_("File: the Excel file has no sheet to read."))
        return sheet, date1904

    def _part_of(self, kind: str) -> str | None:
        relations = self._relations(self.workbook_part)
        for path in relations.values():
            if path.rsplit("/", 1)[-1].lower().startswith(kind) and path in self.archive.namelist():
                return path
        return None

    def _date_styles(self) -> frozenset[int]:
        part = self._part_of("styles")
        if part is None:
            return frozenset()
        custom: dict[int, str] = {}
        styles: list[int] = []
        in_cell_xfs = False
        for event, element in self._elements(part, events=("start", "end")):
            tag = _tag(element)
            if tag == "numFmt" and event == "end":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif tag == "cellXfs":
                in_cell_xfs = event == "start"
            elif tag == "xf" and event == "end" and in_cell_xfs:
                styles.append(int(element.get("numFmtId", "0")))
        dated = set()
        for index, format_id in enumerate(styles):
            if format_id in custom:
                if _DATE_LETTERS.search(_FORMAT_NOISE.sub("", custom[format_id])):
                    dated.add(index)
            elif format_id in DATE_FORMAT_IDS:
                dated.add(index)
        return frozenset(dated)

    def _shared_strings(self) -> list[str]:
        part = self._part_of("sharedstrings")
        if part is None:
            return []
        strings: list[str] = []
        for _event, element in self._elements(part):
            if _tag(element) == "si":
                strings.append(_text_of(element))
                element.clear()
        return strings

    # --- The sheet ------------------------------------------------------------------------------------------------

    def rows(self) -> Iterator[tuple[int, list]]:
        """(row number as the spreadsheet shows it, the cells from column A on); rows without cells are left out."""
        parent = None
        expected = 0
        value = self._value
        parser = XMLPullParser(events=("start", "end"))
        for _chunk in self._chunks(self.sheet, parser):
            for event, element in parser.read_events():
                if event == "start":
                    if parent is None and element.tag in SHEET_DATA:
                        parent = element
                    continue
                if element.tag not in ROW:
                    continue
                expected += 1
                number = int(element.get("r") or expected)
                expected = number
                cells: list = []
                for cell in element:
                    if cell.tag not in CELL:
                        continue
                    reference = cell.get("r")
                    position = _column_number(reference) if reference else len(cells)
                    if position < len(cells):
                        continue  # a cell named twice: the first one counts
                    if position > len(cells):
                        cells.extend([None] * (position - len(cells)))
                    cells.append(value(cell))
                if parent is not None:
                    parent.clear()  # the rows already read are not kept
                yield number, cells

    def _value(self, cell):
        kind = cell.get("t", "n")
        raw = None
        for child in cell:
            if child.tag in VALUE:
                raw = child.text
            elif child.tag in INLINE:
                return _text_of(child)
        if raw is None:
            return None  # empty, or a formula without a stored result
        if kind == "s":
            return self.shared[int(raw)]
        if kind in ("str", "inlineStr", "e"):
            return raw
        if kind == "b":
            return raw.strip() == "1"
        if kind == "d":
            return datetime.datetime.fromisoformat(raw.strip().rstrip("Z"))
        number = float(raw) if any(c in raw for c in ".eE") else int(raw)
        style = cell.get("s")
        if style is not None and int(style) in self.date_styles:
            epoch = EPOCH_1904 if self.date1904 else EPOCH_1900
            return epoch + datetime.timedelta(days=number)
        if isinstance(number, float) and number.is_integer():
            return int(number)
        return number


def _text_of(element) -> str:
    """The text of a string item: its runs together, without the phonetic guide (rPh) some workbooks add."""
    if len(element) == 1 and element[0].tag in TEXT:
        return element[0].text or ""
    parts = []

    def walk(node):
        for child in node:
            tag = _tag(child)
            if tag == "t":
                parts.append(child.text or "")
            elif tag != "rPh":
                walk(child)

    walk(element)
    return "".join(parts)
