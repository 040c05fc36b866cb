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
  the date, ``2025-07-15``;
- months: 2025年10月 typed into a Chinese Excel is stored as the date 2025-10-01 under a
  format showing year and month alone (built-in 57, or ``yyyy"年"m"月"``). In a quarter column
  it is read as the month shown (``columns_as_shown``), refused as a CSV's 2025年10月 is, not
  as the date that would count as 2025Q4; a date column reads the date the workbook holds;
- decimals in a column of the user's own words: 检查项目 typed 3.10 is stored as the number
  3.1 under the format ``0.00`` and shown as 3.10. In such a column it is read as shown
  (``columns_as_shown``), so that items 3.1 and 3.10 stay two items; a number column reads
  the number stored (a score of 95.456 shown as 95.46 is 95.456: the format rounds what is
  shown, not the value).

A TRUE/FALSE cell (Excel's boolean: a cell holding =A2>B2, or TRUE typed in) is read as
Excel and WPS show it, in a Chinese one too: ``TRUE``, ``FALSE`` (fastexcel gives ``true``),
so that a message quotes the value the sheet shows, in an .xlsx and in an .xls alike.

An old binary .xls (Excel 97–2003, WPS) keeps the same numbers under the same formats, and is
read by the same rules (``xls_shown_cells``, through xlrd's ``formatting_info``).

Formats are in the workbook's styles; the sheet's XML is scanned only when some cell style
has such a format and the sheet uses it (an .xls sheet's cells only when some cell format has
one)."""

from __future__ import annotations

import functools
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import polars as pl
import xlrd
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from etl.sheet_xml import ATTRIBUTE, SheetParts, unescape
from etl.xls_merges import frame_offset

PERCENT_FORMAT_IDS = {9, 10}  # Excel's built-in 0% and 0.00%
# Excel's built-in East Asian date formats (ECMA-376 part 1, 18.8.30; 32–35, 55 and 56 are
# times): a workbook names them by number, with no format code, and a Chinese Excel writes
# 31 for 2025年7月15日, 57 for 2025年7月, 58 for 7月15日
CJK_DATE_FORMAT_IDS = {27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58}
MONTH_FORMAT_IDS = {57}  # 2025年7月 in a Chinese Excel: a year and month, no day
# Excel's built-in number formats with fixed decimals: 0, 0.00, #,##0, #,##0.00, each as a
# format code (18.8.30)
DECIMAL_FORMAT_IDS = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00"}
# a format code showing a number with a fixed count of decimals (and thousands separators)
DECIMAL = re.compile(r"(#,##)?0(?:\.(0+))?")
MAX_SERIAL = 2958465  # 9999-12-31, Excel's last date
NUMBER_CELLS = (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE)  # an .xls cell holding a number
BOOLEAN_CELL = re.compile(rb'<c [^>]*\bt="b"')  # an .xlsx cell holding TRUE or FALSE
BOOLEANS = {b"1": "TRUE", b"0": "FALSE"}  # as Excel and WPS show a boolean, stored 1 or 0
DATE_1904 = re.compile(rb"<workbookPr\b[^>]*\bdate1904=\"(?:1|true)\"")
NUMBER_FORMAT = re.compile(rb"<numFmt\b[^>]*>")
CELL_FORMATS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.DOTALL)
CELL_FORMAT = re.compile(rb"<xf\b[^>]*>")
LITERAL = re.compile(r'"[^"]*"|\\.')  # quoted text and escaped characters in a format code
BRACKETED = re.compile(r"\[[^\]]*\]")  # a locale, colour or condition: [$-804], [Red]
# zeros, with quoted text around them, such as 0000 or "U"0000: 101 shows as 0101 or U0101
PADDED = re.compile(r'(?:"([^"]*)")?(00+)(?:"([^"]*)")?')

Shower = Callable[[bytes], "str | None"]  # a stored value as its format shows it, or None
# which number formats are read as shown: the built-in ones by number, each with how it shows
# a stored value, and how a format code shows one (None: as stored); a FormatRule makes them
# for a workbook whose dates count from 1900 or from 1904
Formats = tuple[dict[int, Shower], Callable[[str], "Shower | None"]]
FormatRule = Callable[[bool], Formats]


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


def shown_formats(date1904: bool) -> Formats:
    """The built-in number formats read as shown, by number, each with how it shows a number,
    and how a format code does (``shower_of``): one rule for an .xlsx and an .xls."""
    builtin: dict[int, Shower] = dict.fromkeys(PERCENT_FORMAT_IDS, shown_percent)
    dated = functools.partial(shown_date, date1904=date1904)
    builtin.update(dict.fromkeys(CJK_DATE_FORMAT_IDS, dated))
    return builtin, shower_of


def month_formats(date1904: bool) -> Formats:
    """The built-in number formats that show a year and month alone, and how a format code
    that does shows a date serial: as the month (``2025年10月``)."""
    month = functools.partial(shown_month, date1904=date1904)

    def shows(code: str) -> Shower | None:
        return month if is_month_format(code) else None

    return dict.fromkeys(MONTH_FORMAT_IDS, month), shows


def decimal_formats(date1904: bool) -> Formats:
    """The number formats that show a fixed count of decimals (``0.00``), the built-in ones
    by number, each with how it shows a stored number: 3.1 → 3.10. ``date1904`` is not
    used: the rule of every ``FormatRule``."""
    builtin = {
        number: shower
        for number, code in DECIMAL_FORMAT_IDS.items()
        if (shower := decimal_shower(code)) is not None
    }
    return builtin, decimal_shower


def decimal_shower(code: str) -> Shower | None:
    """How a format code with a fixed count of decimals (``0.00``, ``#,##0.0``) shows a
    number; None for any other code."""
    fixed = DECIMAL.fullmatch(BRACKETED.sub("", code))
    if fixed is None:
        return None
    grouped, decimals = fixed.groups()
    return functools.partial(shown_decimal, places=len(decimals or ""), grouped=grouped is not None)


def shown_styles(book: zipfile.ZipFile) -> dict[bytes, Shower]:
    """The cell style indexes (a cell's ``s``) whose number format is read as shown, each with
    how it shows a number."""
    return styles_shown_by(book, *shown_formats(uses_1904_dates(book)))


def styles_shown_by(
    book: zipfile.ZipFile, builtin: dict[int, Shower], shower: Callable[[str], Shower | None]
) -> dict[bytes, Shower]:
    """The cell style indexes whose number format is one of ``builtin`` (by number, unless the
    workbook spells the number out with its own code) or a code ``shower`` shows."""
    try:
        styles = book.read("xl/styles.xml")
    except KeyError:
        return {}
    formats = dict(builtin)
    for tag in NUMBER_FORMAT.findall(styles):
        attributes = dict(ATTRIBUTE.findall(tag))
        number_format = int(attributes.get(b"numFmtId", b"-1"))
        formats.pop(number_format, None)  # a format the workbook spells out: its own code
        shows = shower(unescape(attributes.get(b"formatCode", b"")))
        if shows is not None:
            formats[number_format] = shows
    cell_formats = CELL_FORMATS.search(styles)
    if cell_formats is None:
        return {}
    found = {}
    for index, tag in enumerate(CELL_FORMAT.findall(cell_formats.group(1))):
        number_format = int(dict(ATTRIBUTE.findall(tag)).get(b"numFmtId", b"0"))
        if number_format in formats:
            found[str(index).encode()] = formats[number_format]
    return found


def is_month_format(code: str) -> bool:
    """A date format code that shows a year and a month but no day or time: ``yyyy"年"m"月"``,
    ``yyyy-mm``, ``mmm-yy`` (an ``m`` is a month where no hour comes before it)."""
    letters = BRACKETED.sub("", LITERAL.sub("", code)).lower()
    return "y" in letters and "m" in letters and not any(c in letters for c in "dhs")


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


def shown_month(value: bytes, date1904: bool = False) -> str | None:
    """An Excel date serial as its year and month, as a Chinese Excel shows them under a month
    format (45931 → 2025年10月); None if not a number of days."""
    day = shown_date(value, date1904)
    return None if day is None else f"{int(day[:4])}年{int(day[5:7])}月"


def shown_decimal(value: bytes, places: int, grouped: bool = False) -> str | None:
    """3.1 → 3.10 with 2 ``places``, 1234.5 → 1,234.50 ``grouped``, as Excel shows them:
    rounded half away from zero on the decimal digits stored (2.675 → 2.68), not on the
    binary float; None if not a number."""
    try:
        number = Decimal(value.decode())
    except (InvalidOperation, UnicodeDecodeError):
        return None
    if not number.is_finite():
        return None
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(rounded, ",f" if grouped else "f")


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


def shown_cells(
    parts: SheetParts | None, styles_of: Callable[[zipfile.ZipFile], dict[bytes, Shower]]
) -> list[ShownCell]:
    """The number cells of the sheet whose style is one of ``styles_of`` the workbook, each as
    its format shows it; [] for a workbook that is not .xlsx (``parts`` None)."""
    if parts is None:
        return []
    styles = styles_of(parts.book)
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


def as_shown(
    cells: pl.DataFrame, parts: SheetParts | None, xls: xlrd.sheet.Sheet | None
) -> pl.DataFrame:
    """fastexcel's cells (columns c0, c1…, frame row i = spreadsheet row i + 1, text) with
    every percentage, zero-padded number or East Asian built-in date as the sheet shows it,
    an .xlsx's (``parts``) or an old binary .xls's (``xls``, etl.xls_merges.xls_sheet); and
    its TRUE/FALSE cells."""
    if parts is None:
        return with_shown(cells, xls_shown_cells(xls, shown_formats) + xls_booleans(xls))
    return with_shown(cells, shown_cells(parts, shown_styles) + booleans(parts))


def booleans(parts: SheetParts) -> list[ShownCell]:
    """The .xlsx sheet's TRUE/FALSE cells, as Excel shows them."""
    if b't="b"' not in parts.sheet:
        return []
    return [
        ShownCell(cell.row, cell.column - parts.offset, BOOLEANS[cell.value])
        for cell in parts.cells_with(BOOLEAN_CELL)
        if cell.value in BOOLEANS
    ]


def xls_booleans(found: xlrd.sheet.Sheet | None) -> list[ShownCell]:
    """The .xls sheet's TRUE/FALSE cells (xlrd gives them 1 or 0), as Excel shows them."""
    if found is None:
        return []
    cells = [
        (row, column, BOOLEANS[b"1" if found.cell_value(row, column) else b"0"])
        for row in range(found.nrows)
        for column, kind in enumerate(found.row_types(row))
        if kind == xlrd.XL_CELL_BOOLEAN
    ]
    offset = frame_offset(found) if cells else 0
    return [ShownCell(row + 1, column - offset, text) for row, column, text in cells]


def columns_as_shown(
    cells: pl.DataFrame,
    parts: SheetParts | None,
    xls: xlrd.sheet.Sheet | None,
    columns: set[int],
    rule: FormatRule,
) -> pl.DataFrame:
    """``cells`` with every number in ``columns`` under a format ``rule`` reads as shown, as
    it shows, in an .xlsx (``parts``) or an old binary .xls (``xls``, etl.xls_merges.xls_sheet).

    Used for the rules that hold in some columns only, which is why it waits for the header
    (the reader knows a column only once it knows which header it is under):

    - ``month_formats`` in the quarter columns: a date under a year-and-month format is the
      month it shows, ``2025年10月``: a quarter column holds a whole quarter's figures, and a
      month is refused there as in a CSV (etl/rules.py);
    - ``decimal_formats`` in the free-text columns (``Column.free_text``): 3.1 under ``0.00``
      is 3.10, as the user wrote it, and an item typed 3.10 is not the item 3.1. In a number
      column the format rounds what the sheet shows, and the value stored is the value (a
      score of 95.456 shown as 95.46 loads 95.456, as a CSV of the sheet would hold it); a
      code column (单位编码) keeps the number stored too: a code 101 shown as 101.00 or
      10,101 under a number format is the registry's 101, and loaded as such before."""
    if not columns:
        return cells
    return with_shown(cells, shown_in_columns(parts, xls, columns, rule))


def shown_in_columns(
    parts: SheetParts | None, xls: xlrd.sheet.Sheet | None, columns: set[int], rule: FormatRule
) -> list[ShownCell]:
    """The number cells in ``columns`` under a format ``rule`` reads as shown, each as it
    shows, in an .xlsx (``parts``) or an old binary .xls (``xls``)."""
    if parts is None:
        found = xls_shown_cells(xls, rule)
    else:
        found = shown_cells(parts, lambda book: styles_shown_by(book, *rule(uses_1904_dates(book))))
    return [cell for cell in found if cell.column in columns]


# a number stored with decimals that are not all zeros, as fastexcel writes it (527.033)
FRACTION = r"^[+-]?\d*\.\d*[1-9]\d*$"


def hidden_decimals(
    cells: pl.DataFrame, parts: SheetParts | None, xls: xlrd.sheet.Sheet | None, columns: set[int]
) -> list[ShownCell]:
    """The cells in ``columns`` (a count's) that hold decimals their number format does not
    show: 527.033 under ``0`` (a formula's result, a paste) shows 527, and is refused as no
    whole number, which the user does not see; the refusal says what the sheet shows
    (etl/rules.py ``reject_hidden_decimals``). The stored number is the one read: the shown
    one is a guess. The sheet is scanned only when some cell of ``columns`` holds a fraction,
    so a sheet of whole counts pays one look at their text."""
    names = [cells.columns[c] for c in sorted(columns) if c < cells.width]
    if not names:
        return []
    fractions = cells.select(pl.any_horizontal(pl.col(names).str.contains(FRACTION).any()))
    if not fractions.item():
        return []
    found = []
    for cell in shown_in_columns(parts, xls, columns, decimal_formats):
        stored = cells.item(cell.row - 1, cell.column) if 0 < cell.row <= cells.height else None
        fraction = stored is not None and re.fullmatch(FRACTION, stored) is not None
        if fraction and Decimal(cell.shown.replace(",", "")) != Decimal(stored):
            found.append(cell)
    return found


def xls_shown_cells(found: xlrd.sheet.Sheet | None, rule: FormatRule) -> list[ShownCell]:
    """The number and date cells of an .xls sheet under a format ``rule`` reads as shown, each
    as it shows: a cell's format (XF) names its number format, a built-in one by number
    (xlrd gives those the workbook does not spell out no code) or its code; [] for no
    sheet."""
    if found is None:
        return []
    book = found.book
    builtin, shower = rule(book.datemode == 1)
    showers = {}
    for index, xf in enumerate(book.xf_list):
        if xf.is_style:  # a named style (Excel's every workbook has Percent): no cell's format
            continue
        number_format = book.format_map.get(xf.format_key)
        code = number_format.format_str if number_format is not None else None
        shows = builtin.get(xf.format_key) if code is None else shower(code)
        if shows is not None:
            showers[index] = shows
    if not showers:
        return []
    shown = []
    for row in range(found.nrows):
        values = found.row_values(row)
        for column, kind in enumerate(found.row_types(row)):
            if kind in NUMBER_CELLS and (shows := showers.get(found.cell_xf_index(row, column))):
                text = shows(repr(values[column]).encode())
                if text is not None:
                    shown.append((row, column, text))
    offset = frame_offset(found) if shown else 0
    return [ShownCell(row + 1, column - offset, text) for row, column, text in shown]


def with_shown(cells: pl.DataFrame, shown: list[ShownCell]) -> pl.DataFrame:
    """``cells`` with each of ``shown`` in its place."""
    by_column: dict[int, tuple[list[int], list[str]]] = {}
    for cell in shown:
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
