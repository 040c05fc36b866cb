"""Cells of a sheet struck through (删除线): how an analyst marks a row cancelled
without deleting it (a visit called off, a survey withdrawn), or a figure replaced.

fastexcel reads a struck cell as any other, so a row the sheet shows as cancelled would load
and count. Whether it is cancelled or still stands is the analyst's to say: the row is
refused, naming a struck cell, whether the workbook is an .xlsx or an old binary .xls. An
.xlsx sheet's XML is scanned only when the workbook has a struck font and the sheet uses a cell
style with it; an .xls sheet's cells (xlrd) only when the workbook has a cell format with one."""

from __future__ import annotations

import re
import zipfile
from typing import NamedTuple

import xlrd
from openpyxl.utils import get_column_letter

from etl.sheet_xml import ATTRIBUTE, SheetParts, XmlCell
from etl.workbook_shown import CELL_FORMAT, CELL_FORMATS
from etl.xls_merges import EMPTY_CELLS, frame_offset

FONTS = re.compile(rb"<fonts\b[^>]*>(.*?)</fonts>", re.DOTALL)
FONT = re.compile(rb"<font\b[^>]*?(?:/>|>(.*?)</font>)", re.DOTALL)
# <strike/>, <strike val="1"/> or val="true"; <strike val="0"/> is a strike turned off
STRIKE = re.compile(rb'<strike\b(?![^>]*\bval="(?:0|false)")[^>]*/?>')


def struck_styles(book: zipfile.ZipFile) -> set[bytes]:
    """The cell style indexes (a cell's ``s``) whose font is struck through."""
    try:
        styles = book.read("xl/styles.xml")
    except KeyError:
        return set()
    fonts = FONTS.search(styles)
    cell_formats = CELL_FORMATS.search(styles)
    if fonts is None or cell_formats is None:
        return set()
    struck_fonts = {
        str(index).encode()
        for index, font in enumerate(FONT.finditer(fonts.group(1)))
        if STRIKE.search(font.group(1) or b"")
    }
    if not struck_fonts:
        return set()
    return {
        str(index).encode()
        for index, tag in enumerate(CELL_FORMAT.findall(cell_formats.group(1)))
        if dict(ATTRIBUTE.findall(tag)).get(b"fontId", b"0") in struck_fonts
    }


def struck_cells(parts: SheetParts | None) -> list[XmlCell]:
    """The cells of the sheet that hold a value in a struck-through font, in sheet order; []
    for a workbook that is not .xlsx (``parts`` None: an .xls keeps its fonts its own way)."""
    if parts is None:
        return []
    styles = struck_styles(parts.book)
    if not any(b's="' + style + b'"' in parts.sheet for style in styles):
        return []
    return [cell for cell in parts.cells_styled(styles) if cell.holds_value]


class StruckCell(NamedTuple):
    reference: str  # as the spreadsheet shows it: F7
    row: int  # the spreadsheet row, from 1
    position: int  # the frame's column (fastexcel's, from the first column holding a value)


def sheet_struck_cells(parts: SheetParts | None, xls: xlrd.sheet.Sheet | None) -> list[StruckCell]:
    """The cells holding a value in a struck-through font of a workbook's sheet, .xlsx
    (``parts``, its XML) or old binary .xls (``xls``, read by etl.xls_merges.xls_sheet), in
    sheet order; [] for neither."""
    if parts is not None:
        struck = struck_cells(parts)
        offset = parts.offset if struck else 0  # the offset scans every cell's reference
        return [StruckCell(c.reference, c.row, c.column - offset) for c in struck]
    return xls_struck_cells(xls)


def xls_struck_cells(found: xlrd.sheet.Sheet | None) -> list[StruckCell]:
    """The struck cells holding a value of an .xls sheet: a cell's format (XF) names its font,
    whose ``struck_out`` says; [] for no sheet (a file that is no .xls, or one xlrd cannot
    read)."""
    if found is None:
        return []
    book = found.book
    struck_formats = {
        index for index, xf in enumerate(book.xf_list) if book.font_list[xf.font_index].struck_out
    }
    if not struck_formats:
        return []
    cells = [
        (row, column)
        for row in range(found.nrows)
        for column in range(found.row_len(row))
        if found.cell_xf_index(row, column) in struck_formats
        and found.cell_type(row, column) not in EMPTY_CELLS
    ]
    offset = frame_offset(found) if cells else 0
    return [
        StruckCell(f"{get_column_letter(column + 1)}{row + 1}", row + 1, column - offset)
        for row, column in cells
    ]
