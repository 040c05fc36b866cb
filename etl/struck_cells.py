"""Cells of a sheet struck through (删除线): how an analyst marks a row cancelled
without deleting it (a visit called off, a survey withdrawn), or a figure replaced.

fastexcel reads a struck cell as any other, so a row the sheet shows as cancelled would load
and count. Whether it is cancelled or still stands is the analyst's to say: the row is
refused, naming a struck cell, whether the workbook is an .xlsx or an old binary .xls. An
.xlsx sheet's XML is scanned only when the workbook has a struck font and the sheet uses a cell
style with it; an .xls sheet's cells (xlrd) only when the workbook has a cell format with one.

Part of a cell's text may be struck too (rich text: 义诊 plain and 讲座 struck, or an old
figure 120 struck before the new 150, read as 120150): the cell is refused, naming the struck
text, since the whole text would load as written. An .xlsx keeps such text in its shared
strings (xl/sharedStrings.xml) or in the cell (an inline string, as WPS writes it), each run
with its own font (``<r><rPr><strike/></rPr><t>讲座</t></r>``): the shared strings are
parsed only when they hold a strike, and then only the cells using a struck string are. An
.xls keeps a cell's runs as the character each font starts at (xlrd's rich text runs)."""

from __future__ import annotations

import re
import zipfile
from typing import NamedTuple

import xlrd
from openpyxl.utils import get_column_letter

from etl.sheet_xml import ATTRIBUTE, SheetParts, XmlCell, unescape
from etl.workbook_shown import CELL_FORMAT, CELL_FORMATS
from etl.xls_merges import EMPTY_CELLS, frame_offset

FONTS = re.compile(rb"<fonts\b[^>]*>(.*?)</fonts>", re.DOTALL)
FONT = re.compile(rb"<font\b[^>]*?(?:/>|>(.*?)</font>)", re.DOTALL)
# <strike/>, <strike val="1"/> or val="true"; <strike val="0"/> is a strike turned off
STRIKE = re.compile(rb'<strike\b(?![^>]*\bval="(?:0|false)")[^>]*/?>')
SHARED_STRING = re.compile(rb"<si>(.*?)</si>|<si/>", re.DOTALL)
# a run of rich text, its font (rPr) and its text; phonetic runs (<rPh>) are not shown text
RUN = re.compile(rb"<r>(?:<rPr>(.*?)</rPr>)?\s*<t\b[^>]*?(?:/>|>(.*?)</t>)\s*</r>", re.DOTALL)


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
    struck: str | None = None  # the struck part of a cell's text; None: the whole cell


class Runs(NamedTuple):
    """A rich text's struck runs and its whole text, as the cell shows it."""

    struck: str
    whole: str

    @property
    def partly(self) -> bool:
        return self.struck != self.whole


def rich_text_runs(body: bytes) -> Runs | None:
    """The struck text of a rich text (a shared string's ``<si>`` or an inline string's
    ``<is>`` body) and its whole text; None when no run of it is struck."""
    runs = [(font or b"", text or b"") for font, text in RUN.findall(body)]
    if not any(STRIKE.search(font) for font, _ in runs):
        return None
    struck = [unescape(text) for font, text in runs if STRIKE.search(font)]
    return Runs("".join(struck), "".join(unescape(text) for _, text in runs))


def struck_shared_strings(book: zipfile.ZipFile) -> dict[bytes, Runs]:
    """The shared strings (by index, as a cell's ``<v>`` names them) with a struck run; the
    strings are parsed only when some run of them is struck."""
    try:
        strings = book.read("xl/sharedStrings.xml")
    except KeyError:
        return {}
    if b"<strike" not in strings:  # a plain search: a regex over megabytes costs more
        return {}
    found = {}
    for index, match in enumerate(SHARED_STRING.finditer(strings)):
        runs = rich_text_runs(match.group(1) or b"")
        if runs is not None:
            found[str(index).encode()] = runs
    return found


def partly_struck_cells(parts: SheetParts) -> list[tuple[XmlCell, Runs]]:
    """The cells of the sheet whose text has a struck run, a shared string's or an inline
    one's, each with its runs, in sheet order."""
    found = []
    shared = struck_shared_strings(parts.book)
    if shared:
        pattern = rb"<v>(?:" + b"|".join(map(re.escape, sorted(shared))) + rb")</v>"
        for cell in parts.cells_with(re.compile(pattern)):
            if cell.attributes.get(b"t") == b"s" and cell.value in shared:
                found.append((cell, shared[cell.value]))
    if b"<strike" in parts.sheet:  # 16 ms over a 200,000-row sheet's 38 MB
        for cell in parts.cells_with(STRIKE):
            runs = rich_text_runs(cell.body) if cell.attributes.get(b"t") == b"inlineStr" else None
            if runs is not None:
                found.append((cell, runs))
    return sorted(found, key=lambda pair: (pair[0].row, pair[0].column))


def sheet_struck_cells(parts: SheetParts | None, xls: xlrd.sheet.Sheet | None) -> list[StruckCell]:
    """The cells holding a value in a struck-through font of a workbook's sheet, .xlsx
    (``parts``, its XML) or old binary .xls (``xls``, read by etl.xls_merges.xls_sheet), in
    sheet order; [] for neither."""
    if parts is not None:
        whole = {c.reference: (c, None) for c in struck_cells(parts)}
        for cell, runs in partly_struck_cells(parts):
            whole.setdefault(cell.reference, (cell, runs.struck if runs.partly else None))
        struck = sorted(whole.values(), key=lambda pair: (pair[0].row, pair[0].column))
        offset = parts.offset if struck else 0  # the offset scans every cell's reference
        return [StruckCell(c.reference, c.row, c.column - offset, text) for c, text in struck]
    return xls_struck_cells(xls)


def xls_struck_cells(found: xlrd.sheet.Sheet | None) -> list[StruckCell]:
    """The struck cells holding a value of an .xls sheet: a cell's format (XF) names its font,
    whose ``struck_out`` says; and its cells of rich text struck in part (``xls_struck_runs``);
    [] for no sheet (a file that is no .xls, or one xlrd cannot read)."""
    if found is None:
        return []
    book = found.book
    struck_fonts = {index for index, font in enumerate(book.font_list) if font.struck_out}
    if not struck_fonts:
        return []
    struck_formats = {
        index for index, xf in enumerate(book.xf_list) if xf.font_index in struck_fonts
    }
    rows = range(found.nrows) if struck_formats else range(0)  # no struck cell format
    cells: dict[tuple[int, int], str | None] = {
        (row, column): None
        for row in rows
        for column in range(found.row_len(row))
        if found.cell_xf_index(row, column) in struck_formats
        and found.cell_type(row, column) not in EMPTY_CELLS
    }
    for place, struck in xls_struck_runs(found, struck_fonts).items():
        cells.setdefault(place, struck)
    offset = frame_offset(found) if cells else 0
    return [
        StruckCell(f"{get_column_letter(column + 1)}{row + 1}", row + 1, column - offset, struck)
        for (row, column), struck in sorted(cells.items())
    ]


def xls_struck_runs(found: xlrd.sheet.Sheet, struck_fonts: set[int]) -> dict[tuple, str | None]:
    """The cells of an .xls sheet's rich text (xlrd's runs: from which character on which
    font) with a struck run, each with its struck text, or None when all of it is struck."""
    found_runs = {}
    for (row, column), runs in found.rich_text_runlist_map.items():
        if not any(font in struck_fonts for _, font in runs):
            continue
        text = str(found.cell_value(row, column))
        cell_font = found.book.xf_list[found.cell_xf_index(row, column)].font_index
        starts = [(0, cell_font), *runs, (len(text), None)]
        struck = "".join(
            text[start:end]
            for (start, font), (end, _) in zip(starts, starts[1:], strict=False)
            if font in struck_fonts
        )
        if struck:
            found_runs[(row, column)] = None if struck == text else struck
    return found_runs
