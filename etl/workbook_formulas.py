"""Cells of an .xlsx sheet whose value the reader cannot give: formulas showing an error
(``#DIV/0!``, ``#N/A``) and formulas whose result the file does not hold.

fastexcel reads both as empty cells, so a satisfaction rate of ``=满意人数/样本量`` over an
empty sample, or a score computed by a workbook a program wrote and no spreadsheet ever
calculated, would load as a missing value or as the 0 the program put there. The sheet's XML
says which cells these are; it is scanned only when it holds a formula or an error at all.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
ATTRIBUTE = re.compile(rb'\b([\w:]+)="([^"]*)"')
REFERENCE = re.compile(r"([A-Z]+)(\d+)")
VALUE = re.compile(rb"<v>(.*?)</v>", re.DOTALL)
SHEET = re.compile(rb"<sheet\b[^>]*>")
RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
# a workbook written by a program sets this: its formulas' saved results (if any) are
# placeholders for the spreadsheet to recalculate when it opens the file
RECALCULATE = re.compile(rb'fullCalcOnLoad="(1|true)"')


@dataclass(frozen=True)
class FormulaCell:
    reference: str  # as Excel shows it: F7
    row: int  # the spreadsheet row, from 1
    column: int  # index into fastexcel's columns (c0 is the sheet's first used column)
    error: str | None  # the error shown (#DIV/0!), or None: a result the file does not hold


def formula_cells(data: bytes, sheet: str | None) -> list[FormulaCell]:
    """The cells of ``sheet`` (None: the first) that show an error or hold a formula without
    its result; [] for a workbook that is not .xlsx (an .xls keeps its results its own way)."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        workbook = book.read("xl/workbook.xml")
        xml = book.read(sheet_path(book, workbook, sheet))
    except (zipfile.BadZipFile, KeyError):
        return []
    if b'"e"' not in xml and b"<f" not in xml:
        return []
    recalculate = RECALCULATE.search(workbook) is not None
    found, first_column = [], None
    for match in CELL.finditer(xml):
        attributes = dict(ATTRIBUTE.findall(match.group(1)))
        body = match.group(2) or b""
        reference = attributes.get(b"r", b"").decode()
        place = REFERENCE.fullmatch(reference)
        if place is None:
            continue
        column = column_index(place.group(1))
        value = VALUE.search(body)
        if value is not None or b"<is>" in body:
            first_column = column if first_column is None else min(first_column, column)
        if attributes.get(b"t") == b"e":
            error = value.group(1).decode() if value else "#VALUE!"
            found.append((reference, int(place.group(2)), column, error))
        elif b"<f" in body and (value is None or recalculate):
            found.append((reference, int(place.group(2)), column, None))
    offset = first_column or 0
    return [FormulaCell(ref, row, column - offset, error) for ref, row, column, error in found]


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
    """A sheet name as XML escapes it (R&amp;D) back as typed (R&D)."""
    text = name.decode("utf-8")
    for escaped, plain in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(escaped, plain)
    return text.replace("&amp;", "&")


def column_index(letters: str) -> int:
    """A → 0, Z → 25, AA → 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1
