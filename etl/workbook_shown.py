"""Numbers an .xlsx sheet shows otherwise than it stores them, read as shown:

- percentages: a cell formatted ``0.0%`` that shows 92.0% holds 0.92, and fastexcel gives 0.92.
  It is read as ``92%``, so that a column that reads ``95%`` as 95 points (a satisfaction
  score) or as 0.95 (a weight) reads it as the user sees it, and a message names the value as
  shown;
- numbers padded with zeros: a code typed 0101 that Excel stored as the number 101 and shows
  as 0101 under the format ``0000`` is read as ``0101``, the code the registry holds (under
  ``"U"0000``, 1 shows and is read as ``U0001``);
- dates under the built-in date formats a Chinese (Japanese, Korean) Excel or WPS names by
  number only (31: ``2025年7月15日``), which fastexcel gives as their serial (45853): read as
  the date, ``2025-07-15``.

Formats are in the workbook's styles; the sheet's XML is scanned only when some cell style
has such a format and the sheet uses it."""

from __future__ import annotations

import functools
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import polars as pl
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from etl.sheet_xml import ATTRIBUTE, SheetParts, unescape

PERCENT_FORMAT_IDS = {9, 10}  # Excel's built-in 0% and 0.00%
# Excel's built-in East Asian date formats (ECMA-376 part 1, 18.8.30; 32–35, 55 and 56 are
# times): a workbook names them by number, with no format code, and a Chinese Excel writes
# 31 for 2025年7月15日, 57 for 2025年7月, 58 for 7月15日
CJK_DATE_FORMAT_IDS = {27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58}
MAX_SERIAL = 2958465  # 9999-12-31, Excel's last date
DATE_1904 = re.compile(rb"<workbookPr\b[^>]*\bdate1904=\"(?:1|true)\"")
NUMBER_FORMAT = re.compile(rb"<numFmt\b[^>]*>")
CELL_FORMATS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.DOTALL)
CELL_FORMAT = re.compile(rb"<xf\b[^>]*>")
LITERAL = re.compile(r'"[^"]*"|\\.')  # quoted text and escaped characters in a format code
# zeros, with quoted text around them, such as 0000 or "U"0000: 101 shows as 0101 or U0101
PADDED = re.compile(r'(?:"([^"]*)")?(00+)(?:"([^"]*)")?')

Shower = Callable[[bytes], "str | None"]  # a stored value as its format shows it, or None


@dataclass(frozen=True)
class ShownCell:
    row: int  # the spreadsheet row, from 1
    column: int  # index into fastexcel's columns (c0 is the sheet's first used column)
    shown: str  # the value as the sheet shows it: 92%, 90.5%, 0101


def is_percent_format(code: str) -> bool:
    """A number format code that shows a percentage (a % outside quoted text)."""
    return "%" in LITERAL.sub("", code)


def shower_of(code: str) -> Shower | None:
    """How a number format code shows a stored number, when it is read as shown."""
    if is_percent_format(code):
        return shown_percent
    padded = PADDED.fullmatch(code)
    if padded:
        before, zeros, after = padded.groups()
        return functools.partial(
            shown_padded, width=len(zeros), before=before or "", after=after or ""
        )
    return None


def shown_styles(book: zipfile.ZipFile) -> dict[bytes, Shower]:
    """The cell style indexes (a cell's ``s``) whose number format is read as shown, each with
    how it shows a number."""
    try:
        styles = book.read("xl/styles.xml")
    except KeyError:
        return {}
    formats: dict[int, Shower] = dict.fromkeys(PERCENT_FORMAT_IDS, shown_percent)
    dated = functools.partial(shown_date, date1904=uses_1904_dates(book))
    formats.update(dict.fromkeys(CJK_DATE_FORMAT_IDS, dated))
    for tag in NUMBER_FORMAT.findall(styles):
        attributes = dict(ATTRIBUTE.findall(tag))
        number_format = int(attributes.get(b"numFmtId", b"-1"))
        formats.pop(number_format, None)  # a format the workbook spells out: its own code
        shower = shower_of(unescape(attributes.get(b"formatCode", b"")))
        if shower is not None:
            formats[number_format] = shower
    cell_formats = CELL_FORMATS.search(styles)
    if cell_formats is None:
        return {}
    found = {}
    for index, tag in enumerate(CELL_FORMAT.findall(cell_formats.group(1))):
        number_format = int(dict(ATTRIBUTE.findall(tag)).get(b"numFmtId", b"0"))
        if number_format in formats:
            found[str(index).encode()] = formats[number_format]
    return found


def shown_percent(value: bytes) -> str | None:
    """0.92 → 92%, 0.905 → 90.5%, exactly (no binary rounding); None if not a number."""
    try:
        number = Decimal(value.decode()).scaleb(2)
    except (InvalidOperation, UnicodeDecodeError):
        return None
    if not number.is_finite():
        return None
    return format(number.normalize(), "f") + "%"


def uses_1904_dates(book: zipfile.ZipFile) -> bool:
    """Whether the workbook counts its dates from 1904 (an old Mac Excel's choice)."""
    try:
        return DATE_1904.search(book.read("xl/workbook.xml")) is not None
    except KeyError:
        return False


def shown_date(value: bytes, date1904: bool = False) -> str | None:
    """An Excel date serial as the date it is (45853 → 2025-07-15; the time of day left
    out; openpyxl's rule, with Excel's day 60 that 1900 never had); None if not a number of
    days."""
    try:
        number = float(value.decode())
    except (ValueError, UnicodeDecodeError):
        return None
    if not math.isfinite(number) or number < 1 or number > MAX_SERIAL:
        return None
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    return from_excel(number, epoch=epoch).date().isoformat()


def shown_padded(value: bytes, width: int, before: str = "", after: str = "") -> str | None:
    """101 → 0101 under ``0000`` (width 4), U0101 under ``"U"0000`` (``before`` U), as Excel
    shows it; a longer number is shown whole; None unless a whole number ≥ 0 (Excel shows -5
    as -0005: left as stored)."""
    try:
        number = Decimal(value.decode())
    except (InvalidOperation, UnicodeDecodeError):
        return None
    if not number.is_finite() or number < 0 or number != number.to_integral_value():
        return None
    return before + str(int(number)).zfill(width) + after


def shown_cells(parts: SheetParts | None) -> list[ShownCell]:
    """The number cells of the sheet whose format is read as shown; [] for a workbook that is
    not .xlsx (``parts`` None)."""
    if parts is None:
        return []
    styles = shown_styles(parts.book)
    if not any(b's="' + style + b'"' in parts.sheet for style in styles):
        return []
    offset = parts.offset
    found = []
    for cell in parts.cells_styled(styles):
        shower = styles.get(cell.attributes.get(b"s"))
        if shower is None or cell.attributes.get(b"t", b"n") != b"n":
            continue
        value = cell.value
        shown = shower(value) if value is not None else None
        if shown is not None:
            found.append(ShownCell(cell.row, cell.column - offset, shown))
    return found


def as_shown(cells: pl.DataFrame, parts: SheetParts | None) -> pl.DataFrame:
    """fastexcel's cells (columns c0, c1…, frame row i = spreadsheet row i + 1, text) with
    every percentage, zero-padded number or East Asian built-in date as the sheet shows it."""
    by_column: dict[int, tuple[list[int], list[str]]] = {}
    for cell in shown_cells(parts):
        if 0 <= cell.column < cells.width and 0 < cell.row <= cells.height:
            rows, texts = by_column.setdefault(cell.column, ([], []))
            rows.append(cell.row - 1)
            texts.append(cell.shown)
    if not by_column:
        return cells
    columns = []
    for column, (rows, texts) in by_column.items():
        series = cells.to_series(column).clone()
        series.scatter(rows, pl.Series(texts, dtype=pl.String))
        columns.append(series)
    return cells.with_columns(columns)
