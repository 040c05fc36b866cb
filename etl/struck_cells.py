"""Cells of an .xlsx sheet struck through (删除线): how an analyst marks a row cancelled
without deleting it (a visit called off, a survey withdrawn), or a figure replaced.

fastexcel reads a struck cell as any other, so a row the sheet shows as cancelled would load
and count. Whether it is cancelled or still stands is the analyst's to say: the row is
refused, naming a struck cell. The sheet's XML is scanned only when the workbook has a struck
font and the sheet uses a cell style with it."""

from __future__ import annotations

import re
import zipfile

from etl.sheet_xml import ATTRIBUTE, SheetParts, XmlCell
from etl.workbook_shown import CELL_FORMAT, CELL_FORMATS

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
