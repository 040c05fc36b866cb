"""The XML of one sheet of an .xlsx workbook, read where fastexcel does not say enough (what a
formula cell holds, how a cell is formatted): the sheet's part found through the workbook's
relationships, its cells as attributes and body, and the column offset of fastexcel's frame."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
ATTRIBUTE = re.compile(rb'\b([\w:]+)="([^"]*)"')
REFERENCE = re.compile(r"([A-Z]+)(\d+)")
VALUE = re.compile(rb"<v>(.*?)</v>", re.DOTALL)
SHEET = re.compile(rb"<sheet\b[^>]*>")
ROW = re.compile(rb"<row\b([^>]*)>")
COLUMN_FORMAT = re.compile(rb"<col\b([^>]*)>")  # <col min="3" max="4" hidden="1"/> in <cols>
RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
CHARACTER_REFERENCE = re.compile(r"&#(?:(\d+)|x([0-9a-fA-F]+));")
# the column of a cell holding a value (XmlCell.holds_value): a <v> or <is> body, or a formula
# with its saved <v>; a formula alone, or an empty cell's <c …/>, holds none
VALUE_CELL_COLUMN = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]{1,3})\d+"[^>]*?(?<!/)>\s*(?:<v>|<is>|<f\b(?:(?!</c>).)*?<v>)',
    re.DOTALL,
)


@dataclass(frozen=True)
class SheetParts:
    """One sheet of a workbook, read once for every look at its XML (formulas, percentage
    formats, merged cells, struck cells): the zip is opened and the sheet decompressed once,
    and only the cells looked for are parsed (a million-row sheet's XML is a hundred
    megabytes, and parsing each of its cells takes half a minute)."""

    book: zipfile.ZipFile
    workbook: bytes  # xl/workbook.xml
    sheet: bytes  # the sheet's XML

    @functools.cached_property
    def hidden_rows(self) -> list[int]:
        """The spreadsheet rows hidden by hand or by a filter (``<row hidden="1">``), in order."""
        if b'hidden="' not in self.sheet:  # most sheets: no need to look at every row
            return []
        rows = []
        for match in ROW.finditer(self.sheet):
            attributes = dict(ATTRIBUTE.findall(match.group(1)))
            if attributes.get(b"hidden") in (b"1", b"true") and attributes.get(b"r", b"").isdigit():
                rows.append(int(attributes[b"r"]))
        return rows

    @functools.cached_property
    def hidden_columns(self) -> set[int]:
        """The sheet's columns (from 0: A) hidden by hand, as the ``<cols>`` before its cells
        say (``<col min="3" max="3" hidden="1"/>``, columns from 1)."""
        head = self.sheet[: self.sheet.find(b"<sheetData")]
        if b'hidden="' not in head:
            return set()
        hidden = set()
        for match in COLUMN_FORMAT.finditer(head):
            attributes = dict(ATTRIBUTE.findall(match.group(1)))
            if attributes.get(b"hidden") in (b"1", b"true"):
                hidden |= set(range(int(attributes[b"min"]) - 1, int(attributes[b"max"])))
        return hidden

    @functools.cached_property
    def offset(self) -> int:
        """The sheet column of fastexcel's first column (c0): the first holding a value. Read
        from the cells' references alone (a 200,000-row sheet in 0.4 s, where parsing every
        cell takes 7)."""
        columns = set(VALUE_CELL_COLUMN.findall(self.sheet))
        return min((column_index(letters.decode()) for letters in columns), default=0)

    def cells_styled(self, styles: Iterable[bytes]) -> list[XmlCell]:
        """The cells whose style (``s``, a cell format's index) is one of ``styles``."""
        wanted = set(styles)
        pattern = rb'<c [^>]*\bs="(?:' + b"|".join(map(re.escape, sorted(wanted))) + rb')"'
        cells = self.cells_with(re.compile(pattern))
        return [cell for cell in cells if cell.attributes.get(b"s") in wanted]

    def cells_with(self, pattern: re.Pattern[bytes]) -> list[XmlCell]:
        """The cells in whose element ``pattern`` matches (its start tag, from ``<c``, or its
        body), in sheet order: only those are parsed, so that a sheet with a few formulas or
        struck cells among a million is not parsed whole."""
        starts = {self.sheet.rfind(b"<c ", 0, m.start() + 3) for m in pattern.finditer(self.sheet)}
        matches = (CELL.match(self.sheet, start) for start in sorted(starts) if start >= 0)
        return [cell for match in matches if match and (cell := xml_cell(match)) is not None]


@dataclass(frozen=True)
class XmlCell:
    reference: str  # as Excel shows it: F7
    row: int  # the spreadsheet row, from 1
    column: int  # the sheet's column, from 0 (A)
    attributes: dict[bytes, bytes]
    body: bytes

    @property
    def value(self) -> bytes | None:
        found = VALUE.search(self.body)
        return found.group(1) if found else None

    @property
    def holds_value(self) -> bool:
        return b"<v>" in self.body or b"<is>" in self.body


def sheet_parts(data: bytes, sheet: str | None) -> SheetParts | None:
    """The workbook's zip and the XML of ``sheet`` (None: the first); None for a workbook that
    is not .xlsx (an .xls keeps its cells its own way)."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        workbook = book.read("xl/workbook.xml")
        return SheetParts(book, workbook, book.read(sheet_path(book, workbook, sheet)))
    except (zipfile.BadZipFile, KeyError):
        return None


def xml_cell(match: re.Match[bytes]) -> XmlCell | None:
    """The cell a ``CELL`` match is, or None when it has no reference (``r``)."""
    attributes = dict(ATTRIBUTE.findall(match.group(1)))
    reference = attributes.get(b"r", b"").decode()
    place = REFERENCE.fullmatch(reference)
    if place is None:
        return None
    body = match.group(2) or b""
    return XmlCell(reference, int(place.group(2)), column_index(place.group(1)), attributes, body)


def sheet_path(book: zipfile.ZipFile, workbook: bytes, sheet: str | None) -> str:
    """The zip member holding the sheet named ``sheet`` (None: the first in the workbook)."""
    sheets = [dict(ATTRIBUTE.findall(tag)) for tag in SHEET.findall(workbook)]
    if sheet is not None:
        sheets = [s for s in sheets if unescape(s.get(b"name", b"")) == sheet]
    if not sheets:
        raise KeyError(sheet)
    wanted = sheets[0].get(b"r:id")
    relationships = book.read("xl/_rels/workbook.xml.rels")
    for tag in RELATIONSHIP.findall(relationships):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get(b"Id") == wanted:
            target = attributes[b"Target"].decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(wanted)


def unescape(name: bytes) -> str:
    """A name or text as XML escapes it (R&amp;D, or 讲座 as openpyxl writes it: &#35762;&#24231;)
    back as typed (R&D, 讲座)."""
    text = name.decode("utf-8")
    for escaped, plain in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(escaped, plain)
    text = CHARACTER_REFERENCE.sub(character, text)
    return text.replace("&amp;", "&")


def character(reference: re.Match[str]) -> str:
    """The character a numeric reference names: &#35762; (decimal) or &#x8bb2; (hex)."""
    decimal, hexadecimal = reference.groups()
    return chr(int(decimal) if decimal else int(hexadecimal, 16))


def column_index(letters: str) -> int:
    """A → 0, Z → 25, AA → 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1
