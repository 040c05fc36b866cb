"""Numbers an .xlsx sheet shows as percentages: a cell formatted ``0.0%`` that shows 92.0%
holds 0.92, and fastexcel gives 0.92. Such cells are read as the percentage the sheet shows
(``92%``), so that a column that reads ``95%`` as 95 points (a satisfaction score) or as 0.95
(a weight) reads them as the user sees them, and a message names the value as shown.

Formats are in the workbook's styles; the sheet's XML is scanned only when some cell style
formats as a percentage and the sheet uses it."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import polars as pl

from etl.sheet_xml import ATTRIBUTE, SheetParts, unescape

PERCENT_FORMAT_IDS = {9, 10}  # Excel's built-in 0% and 0.00%
NUMBER_FORMAT = re.compile(rb"<numFmt\b[^>]*>")
CELL_FORMATS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.DOTALL)
CELL_FORMAT = re.compile(rb"<xf\b[^>]*>")
LITERAL = re.compile(r'"[^"]*"|\\.')  # quoted text and escaped characters in a format code


@dataclass(frozen=True)
class PercentCell:
    row: int  # the spreadsheet row, from 1
    column: int  # index into fastexcel's columns (c0 is the sheet's first used column)
    shown: str  # the value as a percentage: 92%, 90.5%


def is_percent_format(code: str) -> bool:
    """A number format code that shows a percentage (a % outside quoted text)."""
    return "%" in LITERAL.sub("", code)


def percent_styles(book: zipfile.ZipFile) -> set[bytes]:
    """The cell style indexes (a cell's ``s``) whose number format shows a percentage."""
    try:
        styles = book.read("xl/styles.xml")
    except KeyError:
        return set()
    percent = set(PERCENT_FORMAT_IDS)
    for tag in NUMBER_FORMAT.findall(styles):
        attributes = dict(ATTRIBUTE.findall(tag))
        if is_percent_format(unescape(attributes.get(b"formatCode", b""))):
            percent.add(int(attributes.get(b"numFmtId", b"-1")))
    cell_formats = CELL_FORMATS.search(styles)
    if cell_formats is None:
        return set()
    return {
        str(index).encode()
        for index, tag in enumerate(CELL_FORMAT.findall(cell_formats.group(1)))
        if int(dict(ATTRIBUTE.findall(tag)).get(b"numFmtId", b"0")) in percent
    }


def shown_percent(value: bytes) -> str | None:
    """0.92 → 92%, 0.905 → 90.5%, exactly (no binary rounding); None if not a number."""
    try:
        number = Decimal(value.decode()).scaleb(2)
    except (InvalidOperation, UnicodeDecodeError):
        return None
    if not number.is_finite():
        return None
    return format(number.normalize(), "f") + "%"


def percent_cells(parts: SheetParts | None) -> list[PercentCell]:
    """The number cells of the sheet formatted as percentages; [] for a workbook that is not
    .xlsx (``parts`` None)."""
    if parts is None:
        return []
    styles = percent_styles(parts.book)
    if not any(b's="' + style + b'"' in parts.sheet for style in styles):
        return []
    offset = parts.offset
    found = []
    for cell in parts.cells:
        if cell.attributes.get(b"s") not in styles or cell.attributes.get(b"t", b"n") != b"n":
            continue
        value = cell.value
        shown = shown_percent(value) if value is not None else None
        if shown is not None:
            found.append(PercentCell(cell.row, cell.column - offset, shown))
    return found


def as_shown(cells: pl.DataFrame, parts: SheetParts | None) -> pl.DataFrame:
    """fastexcel's cells (columns c0, c1…, frame row i = spreadsheet row i + 1, text) with
    every percentage-formatted number as the sheet shows it."""
    by_column: dict[int, tuple[list[int], list[str]]] = {}
    for cell in percent_cells(parts):
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
