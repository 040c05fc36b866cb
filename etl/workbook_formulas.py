"""Cells of an .xlsx sheet whose value the reader cannot give: formulas showing an error
(``#DIV/0!``, ``#N/A``) and formulas whose result the file does not hold.

fastexcel reads both as empty cells, so a satisfaction rate of ``=满意人数/样本量`` over an
empty sample, or a score computed by a workbook a program wrote and no spreadsheet ever
calculated, would load as a missing value or as the 0 the program put there. The sheet's XML
says which cells these are; it is scanned only when it holds a formula or an error at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.sheet_xml import SheetParts, XmlCell

# a workbook written by a program sets this: its formulas' saved results (if any) are
# placeholders for the spreadsheet to recalculate when it opens the file
RECALCULATE = re.compile(rb'fullCalcOnLoad="(1|true)"')
FORMULA_OR_ERROR = re.compile(rb'<f\b|\bt="e"')  # in a cell: its formula, or an error shown


@dataclass(frozen=True)
class FormulaCell:
    reference: str  # as Excel shows it: F7
    row: int  # the spreadsheet row, from 1
    column: int  # index into fastexcel's columns (c0 is the sheet's first used column)
    error: str | None  # the error shown (#DIV/0!), or None: a result the file does not hold


def formula_cells(parts: SheetParts | None) -> list[FormulaCell]:
    """The cells of the sheet that show an error or hold a formula without its result; []
    for a workbook that is not .xlsx (``parts`` None: an .xls keeps its results its own way)."""
    if parts is None or (b'"e"' not in parts.sheet and b"<f" not in parts.sheet):
        return []
    recalculate = RECALCULATE.search(parts.workbook) is not None
    offset = parts.offset
    found = []
    for cell in parts.cells_with(FORMULA_OR_ERROR):
        value = cell.value
        if cell.attributes.get(b"t") == b"e":
            error = value.decode() if value is not None else "#VALUE!"
            found.append(FormulaCell(cell.reference, cell.row, cell.column - offset, error))
        elif b"<f" in cell.body and (value is None or recalculate or not_calculated(cell)):
            found.append(FormulaCell(cell.reference, cell.row, cell.column - offset, None))
    return found


def not_calculated(cell: XmlCell) -> bool:
    """A formula cell holding an empty result that is not text. Excel saves a formula that
    returns "" as text (``t="str"``) with an empty value; an empty number is a result no
    spreadsheet calculated (a program wrote the formula and left ``<v></v>`` behind)."""
    return cell.value == b"" and cell.attributes.get(b"t") != b"str"
