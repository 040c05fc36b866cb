"""The merged cells of an old binary .xls sheet, which the reader (fastexcel, calamine) does not
give: a unit's code merged down over its inspection items read as empty on every row but the
first ("a value is required"), where the same form saved as .xlsx was read as the sheet shows it
(etl/merged_cells.py). xlrd reads the .xls format's merge records (``formatting_info``), and
the rows and columns the sheet hides, which the reader does not say either."""

from __future__ import annotations

import struct

import xlrd

from etl.merged_cells import Span

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EMPTY_CELLS = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
# what a damaged or unusual file may raise in xlrd: the reader then reads it as before
UNREADABLE = (xlrd.XLRDError, struct.error, AssertionError, IndexError, KeyError, ValueError)


def xls_sheet(data: bytes, sheet: str | None) -> xlrd.sheet.Sheet | None:
    """``sheet`` (the first sheet when None) of a binary .xls, with its formatting (merges,
    fonts); None for any other file or one xlrd cannot read (the reader then reads it as
    before, merges and fonts unread)."""
    if not data.startswith(OLE_MAGIC):
        return None
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        return book.sheet_by_index(0) if sheet is None else book.sheet_by_name(sheet)
    except UNREADABLE:
        return None


def frame_offset(found: xlrd.sheet.Sheet) -> int:
    """The sheet column of fastexcel's first frame column (c0): the first holding a value."""
    filled = [
        column
        for row in range(found.nrows)
        for column in range(found.ncols)
        if found.cell_type(row, column) not in EMPTY_CELLS
    ]
    return min(filled, default=0)


def xls_spans(found: xlrd.sheet.Sheet | None) -> list[Span]:
    """The merged cells of a binary .xls sheet (``xls_sheet``), in the frame's coordinates:
    columns counted from the first column holding a value, as fastexcel's frame counts them;
    [] for no sheet (any other file, or one xlrd cannot read: the reader then reads it as
    before, merges unread)."""
    if found is None:
        return []
    offset = frame_offset(found)
    # xlrd's bounds are half-open (rlo, rhi, clo, chi); a Span's last row and column are in it
    return [
        Span(first_row, first_col - offset, last_row - 1, last_col - 1 - offset, offset)
        for first_row, last_row, first_col, last_col in found.merged_cells
    ]


def xls_hidden_rows(found: xlrd.sheet.Sheet | None) -> list[int]:
    """The spreadsheet rows (from 1) a binary .xls sheet hides, by hand or by a filter (its
    row records' hidden flag), in order, as ``SheetParts.hidden_rows`` gives an .xlsx's; []
    for no sheet."""
    if found is None:
        return []
    return sorted(row + 1 for row, info in found.rowinfo_map.items() if info.hidden)


def xls_hidden_columns(found: xlrd.sheet.Sheet | None) -> set[int]:
    """The sheet columns (from 0: A) a binary .xls sheet hides (its column records' hidden
    flag), as ``SheetParts.hidden_columns`` gives an .xlsx's; none for no sheet."""
    if found is None:
        return set()
    return {column for column, info in found.colinfo_map.items() if info.hidden}
