"""Reading a CSV or Excel file into a frame of strings, with its header found and its kind known.

Nothing is parsed or checked here beyond finding the header: every cell stays text so that the
validator can name the bad value exactly as the user typed it.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import AnyStr

import polars as pl
import xlrd
from openpyxl.utils import get_column_letter

from etl.cells import allowed_of_text, quarters_in_text, quarters_of_file_name
from etl.contracts import CONTRACTS, SURVEY_TYPES, Column, Contract
from etl.documents import document_kind, locked_workbook
from etl.encrypted_workbook import is_encrypted_workbook
from etl.headers import (
    HEADER_SCAN_LINES,
    Header,
    aliases,
    best_header,
    division_header_keys,
    find_header,
    header_key,
    levels_heading,
    match_key,
    names_units,
    other_kind_hint,
    own_names,
)
from etl.merged_cells import (
    Span,
    refuse_counts_merged_down,
    refuse_header_merged_over_data,
    with_merged_data,
    workbook_spans,
)
from etl.messages import Text, joined, listed, msg, pair, same
from etl.problems import MAX_PROBLEMS, FileRejected, Problem
from etl.sheet_xml import SheetParts, sheet_parts
from etl.struck_cells import StruckCell, sheet_struck_cells
from etl.workbook_formulas import formula_cells
from etl.workbook_shown import (
    ShownCell,
    as_shown,
    columns_as_shown,
    decimal_formats,
    hidden_decimals,
    month_formats,
)
from etl.xls_merges import (
    frame_offset,
    xls_hidden_columns,
    xls_hidden_rows,
    xls_sheet,
    xls_spans,
)

# fastexcel's reader (calamine) logs a warning for a sheet that holds no cells (a chart sheet:
# "'chartsheet' not a valid worksheet"), which Python prints in the terminal, in English,
# among the command's own lines; such a sheet holds no table and is passed over all the same
logging.getLogger("calamine").setLevel(logging.ERROR)

# the columns that name one survey: a row per respondent repeats them
SURVEY_KEY = ("unit_code", "quarter", "survey_type")

# WPS 表格's own workbook and template, as WPS saves them by default: an OLE compound file
# holding a BIFF8 Workbook stream as an .xls does (renamed .xls, an .et reads in calamine),
# which the reader reads by content as it reads an .xls; one it cannot read is named a WPS
# file, to be saved again as .xlsx in WPS (``why_unreadable``)
WPS_SUFFIXES = (".et", ".ett")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", *WPS_SUFFIXES)
LONE_CARRIAGE_RETURN = re.compile(r"\r(?!\n)")
# Ctrl+Z, the end-of-file mark DOS tools put after the last line (Windows' copy a.csv+b.csv
# still does): the file's end, no row of data
DOS_END_OF_FILE = b"\x1a"
# the threads that work out uploads' SHA-256 while their rows are checked (hashlib lets go of
# the GIL); two, for a command's files read one after another
HASHING = ThreadPoolExecutor(max_workers=2, thread_name_prefix="civbench-hash")
HEAD_CHARS = 1_000_000  # the header lies within the first rows; no need to copy all the text
DELIMITERS = (",", "\t", ";")
# what Polars says of a row longer than the schema: the first row, or a later one
LONGER_ROW_ERRORS = ("not specified in schema", "more fields than defined")
EXCEL_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (a zip) and .xls
DECLARED_CHARSET = re.compile(rb"<meta[^>]*charset|<\?xml[^>]*encoding", re.IGNORECASE)


@dataclass
class RawTable:
    """A file's cells as text under canonical column names.

    Row ``i`` of ``frame`` is row ``first_data_row + i`` as a spreadsheet shows the file.
    """

    file_name: str
    # the upload's identity (``content_hash``), worked out on a thread of its own (``HASHING``)
    # while the rows are checked: the first to need it is the check for a file loaded already,
    # after them (SHA-256 takes a fiftieth of a second for a million rows). Started once the
    # file is read: the CSV reader keeps both cores busy
    hashing: Future[str]
    kind: str
    frame: pl.DataFrame
    first_data_row: int
    encoding: str
    ignored_columns: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # canonical name → header as written
    # columns the contract does not know, kept in ``frame`` under an internal name only so
    # that a 合计 written in them (a 序号 column) is seen: internal name → header as written
    extra_columns: dict[str, str] = field(default_factory=dict)
    stated_quarter: str | None = None  # the quarter of every row, stated when loading
    chosen_sheet: str | None = None  # the sheet read, when the workbook has several
    title_quarters: tuple[str, ...] = ()  # the quarters the form's title names (2025Q3)
    # what the reader should know of how the workbook was read: hidden rows loaded, a hidden
    # sheet read or passed over
    notes: list[Text] = field(default_factory=list)
    # the cells of loaded columns showing a formula's error or holding a formula without its
    # result (``formula_problems``): refused by the validator, but for those in a row it
    # reports as no data (a 合计 row's =SUM(…), etl/validate.py ``refuse_formula_cells``)
    formula_problems: list[Problem] = field(default_factory=list)
    # a problem for each data row with a cell struck through (``struck_problems``), refused
    # as the formulas are
    struck_problems: list[Problem] = field(default_factory=list)
    # a count's cells holding decimals their number format hides (527.033 shown as 527), as
    # the sheet shows them: column → spreadsheet row → shown (etl/workbook_shown.py
    # ``hidden_decimals``), for the refusal to say what the user sees
    shown_numbers: dict[str, dict[int, str]] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """The upload's identity (``content_hash``)."""
        return self.hashing.result()

    def column_label(self, name: str) -> str:
        """A column as the user knows it: ``次数 (sessions)``, or just the name if so headed."""
        header = self.headers.get(name, name)
        return name if header_key(header) == header_key(name) else f"{header} ({name})"

    def column_label_zh(self, name: str) -> str:
        """A column as a Chinese reader knows it: as the file heads it (``次数``), or by its
        Chinese name where the file lacks it (a quarter stated on loading)."""
        return self.headers.get(name) or self.contract.column(name).zh

    @property
    def contract(self) -> Contract:
        return CONTRACTS[self.kind]


def read_file(
    data: bytes,
    file_name: str,
    kind: str | None = None,
    sheet: str | None = None,
    quarter: str | None = None,
) -> RawTable:
    """Read a CSV or Excel file; raise ``FileRejected`` when it cannot be read at all.

    ``quarter`` (``2025Q3``) is the quarter of every row of a file that has no quarter column
    (forms that say it only in their title), stated by whoever loads it."""
    if not data[:4096].strip() and not data.strip():  # strip() copies: look at the head first
        raise FileRejected([Problem.of(file_name, None, None, "", msg("file.empty"))])
    if (document := document_kind(data)) is not None:
        text = msg("file.not_a_table", kind=document)
        raise FileRejected([Problem.of(file_name, None, None, "", text)])
    if (locked := locked_workbook(data, file_name)) is not None:
        text = msg("file.lock_file", workbook=locked)
        raise FileRejected([Problem.of(file_name, None, None, "", text)])
    workbook = looks_like_excel(data, file_name)
    parts = None  # an .xlsx sheet's XML (etl/sheet_xml.py)
    xls = None  # an old binary .xls sheet with its formatting (etl/xls_merges.py), read once
    if workbook or is_web_page(data):
        encoding = "excel" if workbook else "html"
        if workbook:
            cells, chosen_sheet, notes = excel_cells(data, file_name, sheet, kind)
            parts = sheet_parts(data, chosen_sheet or sheet)  # its XML, read once for all three
            spans = workbook_spans(parts)
            if parts is None:  # an old binary .xls: its merges and formats from its records
                xls = xls_sheet(data, chosen_sheet or sheet)
                spans = xls_spans(xls)
            cells = as_shown(cells, parts, xls)
        else:
            (cells, spans), chosen_sheet, notes = web_page_cells(data, file_name), None, []
        grid = [list(row) for row in cells.head(HEADER_SCAN_LINES).rows()]
        header = find_header(grid, file_name, kind)
        quarters = positions_of(header, lambda column: column.type == "quarter")
        cells = columns_as_shown(cells, parts, xls, quarters, month_formats)
        words = positions_of(header, lambda column: column.free_text)
        cells = columns_as_shown(cells, parts, xls, words, decimal_formats)
        counts = positions_of(header, lambda column: column.type == "int")
        hidden = hidden_decimals(cells, parts, xls, counts)
        refuse_header_merged_over_data(cells, spans, header, file_name)
        read_columns = [
            i for i, cell in enumerate(header.cells) if match_key(cell) in header.mapping
        ]
        shown = with_merged_data(cells, spans, header.last, read_columns)
        refuse_counts_merged_down(shown, spans, header, file_name)
        frame = shown.slice(header.last + 1)
    else:
        frame, header, encoding = csv_cells(data, file_name, kind)
        chosen_sheet, notes, hidden = None, [], []
    kind, headers, mapping = header.kind, header.cells, header.mapping
    first_data_row = header.last + 2
    offset = parts.offset if parts is not None else frame_offset(xls) if xls is not None else 0
    notes = notes + unheaded_columns_notes(frame, headers, offset)
    frame, ignored, written, extra = rename_columns(
        frame,
        headers,
        mapping,
        kind,
        file_name,
        quarter_stated=quarter is not None,
        title=header.title,
        parts=parts,
        header_rows=(header.first + 1, header.last + 1),
    )
    if quarter is not None:
        written = check_stated_quarter(written, kind, file_name)
        refuse_quarter_unlike_title(header.title, quarter, file_name, kind)
        refuse_quarter_unlike_name(quarter, file_name, kind)
    raw = RawTable(
        file_name,
        HASHING.submit(content_hash, data, sheet, quarter),
        kind,
        frame,
        first_data_row,
        encoding,
        ignored,
        written,
        extra,
        quarter,
        chosen_sheet,
        tuple(sorted(quarters_in_text(header.title))),
        notes
        + hidden_rows_note(parts, xls, first_data_row, frame.height)
        + hidden_columns_note(parts, xls, headers, mapping),
    )
    raw.formula_problems = formula_problems(raw, parts, headers, mapping)
    raw.struck_problems = struck_problems(raw, sheet_struck_cells(parts, xls), headers, mapping)
    raw.shown_numbers = shown_by_column(hidden, headers, mapping, first_data_row)
    return raw


def shown_by_column(
    cells: list[ShownCell], headers: list, mapping: dict[str, str], first_data_row: int
) -> dict[str, dict[int, str]]:
    """Each of ``cells`` in a data row as the sheet shows it, by its contract column and its
    spreadsheet row."""
    shown: dict[str, dict[int, str]] = {}
    for cell in cells:
        name = mapping.get(match_key(headers[cell.column]))
        if name is not None and cell.row >= first_data_row:
            shown.setdefault(name, {})[cell.row] = cell.shown
    return shown


def positions_of(header: Header, wanted: Callable[[Column], bool]) -> set[int]:
    """The positions of the columns whose contract column is ``wanted`` (a quarter column,
    free text): a cell is read as its column needs only once the header says which column it
    is in (etl/workbook_shown.py ``columns_as_shown``)."""
    columns = {column.name: column for column in CONTRACTS[header.kind].columns}
    return {
        position
        for position, cell in enumerate(header.cells)
        if (column := columns.get(header.mapping.get(match_key(cell), ""))) and wanted(column)
    }


def column_place(position: int, parts: SheetParts | None) -> Text:
    """Where a header stands: its column letter, as the spreadsheet shows it, and whether the
    sheet hides that column."""
    offset = parts.offset if parts is not None else 0
    hidden = parts is not None and position + offset in parts.hidden_columns
    return msg("column.place_hidden" if hidden else "column.place", letter=letter(position, parts))


def letter(position: int, parts: SheetParts | None) -> str:
    """A header's column letter, as the spreadsheet shows it."""
    return get_column_letter(position + (parts.offset if parts is not None else 0) + 1)


def hidden_columns_note(
    parts: SheetParts | None, xls: xlrd.sheet.Sheet | None, headers: list, mapping: dict
) -> list[Text]:
    """A note naming the loaded columns the sheet (an .xlsx's ``parts`` or an old .xls's
    ``xls``) hides: their cells are loaded, though the analyst who checked the sheet by eye
    did not see them."""
    columns = parts.hidden_columns if parts is not None else xls_hidden_columns(xls)
    if not columns:
        return []
    offset = parts.offset if parts is not None else frame_offset(xls)
    hidden = [
        f"{get_column_letter(position + offset + 1)}（{str(header).strip()}）"
        for position, header in enumerate(headers)
        if match_key(header) in mapping and position + offset in columns
    ]
    return [msg("read.hidden_columns", columns=listed(hidden))] if hidden else []


def hidden_rows_note(
    parts: SheetParts | None, xls: xlrd.sheet.Sheet | None, first_data_row: int, rows: int
) -> list[Text]:
    """A note naming the data rows the sheet (an .xlsx's ``parts`` or an old .xls's ``xls``)
    hides (by hand or by a filter): they are loaded like the others, though the sheet does
    not show them."""
    last = first_data_row + rows - 1
    shut = parts.hidden_rows if parts is not None else xls_hidden_rows(xls)
    hidden = [row for row in shut if first_data_row <= row <= last]
    if not hidden:
        return []
    return [msg("read.hidden_rows", count=len(hidden), rows=row_ranges(hidden))]


def row_ranges(rows: list[int], shown: int = 10) -> Text:
    """Sorted row numbers as ranges: ``5, 9–12, 20`` (the first ``shown`` ranges, then …),
    listed as each language lists (5、9–12、20 in Chinese)."""
    ranges: list[list[int]] = []
    for row in rows:
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    words = [str(a) if a == b else f"{a}–{b}" for a, b in ranges[:shown]]
    return listed([*words, "…"] if len(ranges) > shown else words)


def formula_problems(
    raw: RawTable, parts: SheetParts | None, headers: list, mapping: dict[str, str]
) -> list[Problem]:
    """A problem naming each data cell of a loaded column that shows a formula's error or
    holds a formula without its result (etl/workbook_formulas.py): read as empty, it would
    load as a missing value, or as the 0 a program wrote in its place. Refused by the
    validator, which knows which rows are data (etl/validate.py ``refuse_formula_cells``)."""
    problems = []
    for cell in formula_cells(parts):
        header = headers[cell.column] if cell.column < len(headers) else None
        name = mapping.get(match_key(header)) if header is not None else None
        if name is None or cell.row < raw.first_data_row:
            continue
        if cell.error is not None:
            text = msg("cell.excel_error", cell=cell.reference, error=cell.error)
        else:
            text = msg("cell.formula_not_calculated", cell=cell.reference)
        problems.append(
            Problem.of(
                raw.file_name,
                cell.row,
                raw.column_label(name),
                cell.error or "",
                text,
                column_zh=raw.column_label_zh(name),
            )
        )
    return problems


def struck_problems(
    raw: RawTable, struck: list[StruckCell], headers: list, mapping: dict[str, str]
) -> list[Problem]:
    """A problem for each data row holding a cell of a loaded column struck through
    (etl/struck_cells.py), naming the first such cell and its value as read (and the struck
    text of a cell struck in part): the sheet shows the row (or a figure of it) as cancelled,
    and it would load all the same. Refused by the
    validator, which knows which rows are data (etl/validate.py ``refuse_formula_cells``)."""
    problems: dict[int, Problem] = {}
    for cell in struck:
        header = headers[cell.position] if 0 <= cell.position < len(headers) else None
        name = mapping.get(match_key(header)) if header is not None else None
        index = cell.row - raw.first_data_row
        if name is None or index < 0 or index >= raw.frame.height or cell.row in problems:
            continue
        value = raw.frame.get_column(name)[index] if name in raw.frame.columns else None
        problems[cell.row] = Problem.of(
            raw.file_name,
            cell.row,
            raw.column_label(name),
            "" if value is None else str(value),
            msg("cell.struck_through", cell=cell.reference)
            if cell.struck is None
            else msg("cell.partly_struck", cell=cell.reference, struck=cell.struck),
            column_zh=raw.column_label_zh(name),
        )
    return list(problems.values())


def looks_like_excel(data: bytes, file_name: str) -> bool:
    """By content: a workbook saved or renamed as ``.csv`` is still a workbook, and a text file
    or web page named ``.xls`` (what many reporting systems' 导出Excel buttons make) is not.
    Anything else named as a workbook is read as one, so that the reader says what is wrong."""
    if data[:4] in EXCEL_MAGIC:
        return True
    if Path(file_name).suffix.lower() not in EXCEL_SUFFIXES:
        return False
    return not (is_web_page(data) or is_text(data[:4096]))


def is_web_page(data: bytes) -> bool:
    """An HTML page holding a table (a "web page" saved as .xls)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) and (
        b"<table" in data[:4_000_000].lower()
    )


def is_text(head: bytes) -> bool:
    """Text in one of the encodings CSV files come in, with no control characters."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True  # UTF-16, Excel's "Unicode text"
    if any(byte < 32 and byte not in (9, 10, 13) for byte in head):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut at the end of the head
                return True
    return False


def web_page_cells(data: bytes, file_name: str) -> tuple[pl.DataFrame, list[Span]]:
    """The cells of every table row of an HTML page as text in columns c0, c1…, as Excel
    opens it: a cell spanning columns is followed by empty ones, a cell spanning rows leaves
    its column empty in the rows below (the names under a group label stay under it), and
    whitespace reads as a browser shows it (runs of it as one space). Also the cells that
    span several (``etl.merged_cells``)."""
    import lxml.html

    # a page that declares no charset is read as text files are (UTF-8, else GB18030): the
    # HTML parser would take it for Latin-1
    source = data if DECLARED_CHARSET.search(data[:4096]) else decode(data, file_name)[0]
    try:
        page = lxml.html.document_fromstring(source)
    except (ValueError, lxml.etree.ParserError) as exc:
        text = msg("file.excel_unreadable", error=exc)
        raise FileRejected([Problem.of(file_name, None, None, "", text)]) from None
    rows, spans = [], []
    covered: dict[int, int] = {}  # column → rows below still covered by a cell above
    for row in page.iter("tr"):
        cells: list[str | None] = []
        below: dict[int, int] = {}
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            while covered.get(len(cells), 0) > 0:
                cells.append(None)
            text = " ".join(cell.text_content().split())
            down, across = int_or_one(cell.get("rowspan")), int_or_one(cell.get("colspan"))
            if down > 1 or across > 1:
                at = len(cells)
                spans.append(Span(len(rows), at, len(rows) + down - 1, at + across - 1))
            for k in range(across):
                if down > 1:
                    below[len(cells)] = down - 1
                cells.append((text or None) if k == 0 else None)
        covered = {c: n - 1 for c, n in covered.items() if n > 1 and c not in below} | below
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    frame = pl.DataFrame(
        [r + [None] * (width - len(r)) for r in rows],
        schema={f"c{i}": pl.String for i in range(width)},
        orient="row",
    )
    return frame, spans


def int_or_one(text: str | None) -> int:
    return int(text) if text and text.strip().isdigit() and int(text) > 0 else 1


def content_hash(data: bytes, sheet: str | None = None, quarter: str | None = None) -> str:
    """The upload's identity: the file's SHA-256, with the sheet name when one was chosen
    (two sheets of one workbook are two different uploads) and the quarter when one was
    stated (one file stated as two quarters is two uploads)."""
    digest = hashlib.sha256(data)
    if sheet is not None:
        digest.update(b"\0sheet:" + sheet.encode("utf-8"))
    if quarter is not None:
        digest.update(b"\0quarter:" + quarter.encode("utf-8"))
    return digest.hexdigest()


def check_stated_quarter(written: dict[str, str], kind: str, file_name: str) -> dict[str, str]:
    """The headers as written, with the quarter column's for a stated quarter (the validator
    fills it in); ``FileRejected`` when the file has its own quarter column or its kind takes
    none (inspections take theirs from the inspection date)."""
    contract = CONTRACTS[kind]
    if "quarter" not in contract.names:
        text = msg("file.quarter_not_for_kind", kind=pair(contract.zh, kind))
        raise FileRejected([Problem.of(file_name, None, None, "", text)], kind=kind)
    if "quarter" in written:
        text = msg("file.quarter_given_twice", header=written["quarter"])
        zh = contract.column("quarter").zh  # a Chinese reader's name for it: 季度
        raise FileRejected(
            [Problem.of(file_name, None, "quarter", "", text, column_zh=zh)], kind=kind
        )
    return {**written, "quarter": contract.column("quarter").zh}


def refuse_quarter_unlike_title(title: str, quarter: str, file_name: str, kind: str) -> None:
    """``FileRejected`` when the quarter stated for every row is not the one the form's title
    names (2025年第三季度… loaded as 2025Q4): one of them is a slip, and every row would load
    into the wrong quarter."""
    named = quarters_in_text(title)
    if named and quarter not in named:
        text = msg("file.quarter_unlike_title", title=title, named=listed(sorted(named)))
        zh = CONTRACTS[kind].column("quarter").zh  # 季度, where a Chinese message read "列 quarter"
        raise FileRejected([Problem.of(file_name, None, "quarter", quarter, text, column_zh=zh)])


def refuse_quarter_unlike_name(quarter: str, file_name: str, kind: str) -> None:
    """``FileRejected`` when the quarter stated for every row is not one the file's name
    names (2025年第三季度 满意度（终稿）.xlsx loaded as 2025Q4), as for the title: a file
    given alone loaded so, where several together were refused (etl/cli.py
    ``quarters_of_files``)."""
    named = quarters_of_file_name(file_name)
    if named and quarter not in named:
        text = msg("file.quarter_unlike_name", named=listed(sorted(named)))
        zh = CONTRACTS[kind].column("quarter").zh
        raise FileRejected([Problem.of(file_name, None, "quarter", quarter, text, column_zh=zh)])


class NotUtf8(Exception):
    """The CSV reader met bytes that are not UTF-8 after a head that was."""


def csv_cells(data: bytes, file_name: str, kind: str | None):
    """The data rows of a CSV file as text, its header (``etl.headers.Header``) and the
    encoding.

    A file whose head is UTF-8 is not decoded in Python at all (a tenth of a second for a
    million rows): the header is found in the head and the CSV reader, which checks UTF-8
    as it goes, reads the bytes. Should it meet other bytes further down, the file is decoded
    whole as before (GB18030) and read again."""
    data = with_line_feeds(data.rstrip(DOS_END_OF_FILE))
    head = None if utf16_without_bom(data) else utf8_head(data)
    if head is not None:
        try:
            return csv_cells_of(head, data, "utf-8-sig", file_name, kind)
        except NotUtf8:
            pass
    text, encoding = decode(data, file_name)
    text = lines_fed(text)  # a UTF-16 file with old Mac line ends
    utf8 = data if encoding == "utf-8-sig" else text.encode("utf-8")
    return csv_cells_of(text, utf8, encoding, file_name, kind)


def with_line_feeds(data: bytes) -> bytes:
    """``lines_fed`` of a file's bytes, not for UTF-16 (whose characters may hold the bytes;
    decoded, its text is: ``csv_cells``); in UTF-8, GBK and GB18030 a carriage return, a line
    feed and a quote are never part of a character."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data
    return lines_fed(data)


def lines_fed(data: AnyStr) -> AnyStr:
    """A file whose lines end in a carriage return alone (Excel's "CSV (Macintosh)", some old
    reporting systems) with line feeds instead, as every reader expects: when, outside quoted
    cells, carriage returns alone outnumber line feeds. A line break typed in a cell
    (Alt+Enter) is a line feed inside its quotes, kept; a file holding one (or ending in a
    CRLF) was read as a single line, "no data rows" (trial). A line feed file with a carriage
    return pasted into a cell keeps it there; so does a carriage return inside quotes."""
    cr, lf, quote = ("\r", "\n", '"') if isinstance(data, str) else (b"\r", b"\n", b'"')
    if cr not in data or (lf in data and data.count(cr) == data.count(cr + lf)):
        return data  # no carriage return alone: the usual LF or CRLF file, read as it is
    parts = data.split(quote)
    outside = parts[::2]  # a doubled quote ("") inside a cell leaves an empty part between
    alone = sum(part.count(cr) - part.count(cr + lf) for part in outside)
    if alone <= sum(part.count(lf) for part in outside):
        return data
    parts[::2] = [part.replace(cr + lf, lf).replace(cr, lf) for part in outside]
    return quote.join(parts)


def csv_cells_of(text: str, utf8: bytes, encoding: str, file_name: str, kind: str | None):
    delimiter = pick_delimiter(text[:65536].splitlines()[:HEADER_SCAN_LINES])
    grid, line_ends = head_records(text, delimiter)
    header = find_header(grid, file_name, kind)
    width = len(header.cells)
    frame = csv_frame(utf8, line_ends[header.last], delimiter, width, file_name)
    refuse_overflowing_rows(frame, width, header.last + 2, file_name)
    return frame.select(frame.columns[:width]), header, encoding


def utf8_head(data: bytes) -> str | None:
    """The file's first HEAD_CHARS bytes as text when they are UTF-8 (with or without BOM),
    else None. A character cut at the end is left out."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        return decoder.decode(data[:HEAD_CHARS], final=len(data) <= HEAD_CHARS)
    except UnicodeDecodeError:
        return None


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text written without its byte-order mark
    (some reporting systems' "Unicode" exports), else None. Told by its zero bytes, which
    UTF-8, GBK and GB18030 text never holds: every comma, digit, letter and line end of
    UTF-16 text is a zero byte beside its code, after it in little-endian, before it in
    big-endian (a Chinese character's rarely: 一 is 00 4E). Decoded wrongly, the file would
    show no header, so the reading is checked by finding one."""
    head = data[: 4096 - 4096 % 2]
    if len(head) < 4 or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    quarter = len(head) // 8  # a quarter of either half
    if odd >= quarter and even * 8 < odd:
        return "utf-16-le"
    if even >= quarter and odd * 8 < even:
        return "utf-16-be"
    return None


def decode(data: bytes, file_name: str) -> tuple[str, str]:
    """UTF-16 when it starts with its byte-order mark (Excel's "Unicode text") or its zero
    bytes say so (``utf16_without_bom``), else UTF-8 (with or without BOM), then GB18030,
    which is a superset of GBK."""
    utf16 = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else utf16_without_bom(data)
    candidates = (utf16,) if utf16 else ()
    for encoding in (*candidates, "utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030":
            refuse_mixed_encodings(data, file_name)
        return text, encoding
    raise FileRejected([Problem.of(file_name, None, None, "", msg("file.encoding"))])


# two Chinese characters in a row as UTF-8 writes them (U+4E00–U+9FFF): six bytes GBK text
# holds whole, on one line, all but never
UTF8_CHINESE = re.compile(rb"[\xe4-\xe9][\x80-\xbf]{2}[\xe4-\xe9][\x80-\xbf]{2}")


def refuse_mixed_encodings(data: bytes, file_name: str) -> None:
    """``FileRejected`` for a file not UTF-8 as a whole, some line of which is UTF-8 text with
    Chinese in it: parts saved in two encodings (a GBK file and a UTF-8 one put together, or
    rows pasted from another export). Read as GB18030, the UTF-8 lines' text would load as
    other characters (义诊 as 涔夎瘖) where it is free text, unseen. Names the first line of
    each encoding (lines as the file has them)."""
    for match in UTF8_CHINESE.finditer(data):
        start = data.rfind(b"\n", 0, match.start()) + 1
        end = data.find(b"\n", match.end())
        try:
            data[start : end if end >= 0 else len(data)].decode("utf-8")
        except UnicodeDecodeError:
            continue
        utf8_line = data.count(b"\n", 0, start) + 1
        other_line = first_line_not_utf8(data)
        text = msg("file.mixed_encodings", unicode_line=utf8_line, other_line=other_line)
        raise FileRejected([Problem.of(file_name, None, None, "", text)])


def first_line_not_utf8(data: bytes) -> int:
    """The number of the first line that is not UTF-8 (the file is not, as a whole)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return 0


def head_records(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """The first records, and after each the count of physical lines read so far.

    A quoted cell may hold a line break (Excel's Alt+Enter in a header), so a record can span
    several lines; spreadsheet rows count records, the CSV reader skips physical lines.
    A carriage return alone inside a line (text pasted from an old system into a cell of a
    file whose lines end otherwise) is part of its cell, as the reader of the data rows
    (``csv_frame``) takes it, where Python's reader would stop at it: here it is a space.
    Records end where the reader gives up (a quote opened and never closed makes the rest of
    a large file one cell, too long for it): the header, if found before, is read, and the
    data rows' reader names the row of the quote (``unreadable_csv``).
    """
    head = LONE_CARRIAGE_RETURN.sub(" ", text[:HEAD_CHARS])
    reader = csv.reader(io.StringIO(head), delimiter=delimiter)
    records, line_ends = [], []
    try:
        for record in reader:
            records.append(record)
            line_ends.append(reader.line_num)
            if len(records) == HEADER_SCAN_LINES:
                break
    except csv.Error:
        pass
    return records, line_ends


def pick_delimiter(lines: list[str]) -> str:
    """The delimiter under which some line matches the most known header names."""

    def best_matches(delimiter: str) -> int:
        best = 0
        for row in csv.reader(lines, delimiter=delimiter):
            keys = {match_key(c) for c in row}
            best = max(best, max(len(keys & set(a)) for a in aliases().values()))
        return best

    return max(DELIMITERS, key=best_matches)


def unheaded_columns_notes(frame: pl.DataFrame, headers: list, offset: int = 0) -> list[Text]:
    """A note for each column without a header whose cells hold something (a 备注 written
    beside the table): not loaded, as every column the contract does not name, but it has no
    header to be listed among the ignored ones by, so it is named by its letter and its first
    value. Empty columns without a header (the spreadsheet's spare ones) go unsaid.
    ``offset``: the sheet column of the frame's first (a table from column C: 2)."""
    unheaded = [
        (position, source)
        for position, source in enumerate(frame.columns)
        if position >= len(headers) or not str(headers[position] or "").strip()
    ]
    if not unheaded:
        return []
    written = frame.select(
        pl.col(source).cast(pl.String).str.strip_chars().replace("", None).drop_nulls().first()
        for _, source in unheaded
    ).row(0)
    return [
        msg("read.unheaded_column", letter=get_column_letter(position + offset + 1), value=value)
        for (position, _), value in zip(unheaded, written, strict=True)
        if value is not None
    ]


def level_to_set(ignored: list[str]) -> Text | None:
    """A hint for a registry without its 区县 column whose ignored headers head it as a bureau
    of another level does (a county's 乡镇): the bureau's level, set first, reads it."""
    for header in ignored:
        levels = levels_heading(header)
        if levels:
            return msg(
                "column.division_of_level",
                header=header,
                levels=joined(list(levels), "text.or_sep"),
                level=levels[0],
            )
    return None


def names_without_codes(ignored: list[str]) -> Text | None:
    """A hint for a data file without 单位编码 whose ignored headers hold the units' names
    (单位名称): its rows are matched to units by code, which the registry gives each name."""
    header = next((h for h in ignored if names_units(h)), None)
    return None if header is None else msg("column.names_without_codes", header=header)


def types_as_columns(ignored: list[str]) -> Text | None:
    """A hint for a surveys file without 调查类型 whose ignored headers name survey types
    (门诊满意度, 住院满意度: a column per type, as a summary sheet lays them out side by side;
    门诊样本量, 门诊满意人数: a type and what its column holds)."""
    types = {h: survey_type_of_header(h) for h in ignored}
    named = [h for h, kind in types.items() if kind is not None]
    if not named:
        return None
    return msg(
        "column.types_as_columns",
        headers=listed(named),
        types=listed(sorted({types[h] for h in named}, key=list(SURVEY_TYPES).index)),
    )


# the answers of a satisfaction question, as a survey counts them column by column
SATISFIED_ANSWERS = ("非常满意", "很满意", "满意", "比较满意", "基本满意")
OTHER_ANSWERS = ("一般", "不满意", "不太满意", "比较不满意", "非常不满意", "很不满意")


def answers_as_columns(ignored: list[str]) -> Text | None:
    """A hint for a surveys file whose ignored headers are a question's answers, each counted
    in a column (非常满意, 满意, 一般, 不满意): the satisfied are the sum of the satisfied
    answers, not the 满意 column alone."""
    written = {h.strip(): h for h in ignored}
    satisfied = [written[a] for a in SATISFIED_ANSWERS if a in written]
    others = [written[a] for a in OTHER_ANSWERS if a in written]
    if not satisfied or not others:
        return None
    return msg(
        "column.answers_as_columns",
        headers=listed(satisfied + others),
        satisfied=joined([same(h) for h in satisfied], "text.plus_sep"),
    )


# the columns of a log of events, one row each, where activities are counted per quarter
EVENT_HEADERS = ("活动地点", "地点", "活动名称", "活动内容", "活动主题", "服务对象", "负责人")


def events_as_rows(ignored: list[str]) -> Text | None:
    """A hint for an activities file without 次数 whose ignored headers describe one event a
    row (活动地点, 活动名称): count them per unit, quarter and type."""
    named = [h for h in ignored if h.strip() in EVENT_HEADERS]
    if not named:
        return None
    return msg("column.events_as_rows", headers=listed(named))


# what a surveys file's column per type may say it holds after (or before) the type
SURVEY_MEASURES = sorted(
    {
        spelling
        for name in ("respondents", "satisfied", "score")
        for spelling in CONTRACTS["surveys"].column(name).header_names
    },
    key=len,
    reverse=True,
)


def survey_type_of_header(header: str) -> str | None:
    """The survey type a header names (门诊满意度), alone or with what its column holds
    (门诊样本量, 住院 满意人数, 样本量（门诊）); None when it names none."""
    if (kind := allowed_of_text(header, SURVEY_TYPES)) is not None:
        return kind
    bare = re.sub(r"[\s()（）\[\]【】:：_\-—/]", "", unicodedata.normalize("NFKC", header))
    for measure in SURVEY_MEASURES:
        for rest in (bare.removesuffix(measure), bare.removeprefix(measure)):
            if rest and rest != bare and (kind := allowed_of_text(rest, SURVEY_TYPES)):
                return kind
    return None


# the maximum a score's header gives in its brackets: 得分（满分10分）, 得分(满分：10)
MAXIMUM_IN_HEADER = re.compile(r"满分\s*[:：]?\s*(\d+(?:\.\d+)?)\s*分?")


def maximum_in_header(header: str) -> Text | None:
    """A hint for an inspections file without 满分 whose score column's header gives the
    maximum (得分（满分10分）, read as 得分): the column is added with it on every row."""
    found = MAXIMUM_IN_HEADER.search(unicodedata.normalize("NFKC", header))
    if found is None:
        return None
    return msg("column.maximum_in_header", header=header, maximum=found.group(1))


def per_respondent(frame: pl.DataFrame, renames: dict[str, str]) -> Text | None:
    """A hint for a surveys file without 样本量 that holds several rows of one unit, quarter
    and survey type: a questionnaire's answers one row per respondent, as a survey system
    exports them, where a row is one unit's survey (how many answered, how many satisfied)."""
    key = [source for source, name in renames.items() if name in SURVEY_KEY]
    if len(key) < len(SURVEY_KEY):
        return None
    rows = frame.select(key).drop_nulls()
    if rows.height == rows.unique().height:
        return None
    return msg("column.per_respondent")


def summary_by_district(ignored: list[str], present: set[str]) -> str | None:
    """The header of the district column of a table with neither a unit code nor a unit name
    (区县, 样本量, 满意人数: a workbook's 汇总 sheet adding up the units' sheets), else None.
    Such a table is no unit's data, and adding the missing code column is no fix."""
    if "unit_code" in present:
        return None
    districts = division_header_keys()  # a county's 乡镇 too (a county's 汇总 sheet)
    if any(names_units(h) for h in ignored):
        return None
    return next((h for h in ignored if match_key(h) in districts), None)


def labelled(contract: Contract, *names: str) -> str:
    """Columns a file lacks or doubles, as a problem names them: ``调查类型 (survey_type)``, or
    ``满意人数/满意度得分 (satisfied/score)`` (the file's own header names the columns it has:
    ``RawTable.column_label``)."""
    return f"{labelled_zh(contract, *names)} ({'/'.join(names)})"


def labelled_zh(contract: Contract, *names: str) -> str:
    """``labelled`` for a Chinese reader: ``调查类型``, ``满意人数/满意度得分``."""
    return "/".join(contract.column(name).zh for name in names)


def side_by_side(
    seen: dict[str, str],
    seen_at: dict[str, int],
    again_at: dict[str, int],
    contract: Contract,
    file_name: str,
    header_rows: tuple[int, int],
    parts: SheetParts | None,
    across: list[str],
) -> Problem | None:
    """Two tables side by side in one sheet (a district's two months next to each other):
    two or more columns headed twice, each second header right of every first one. One
    problem naming the header row and the columns, not one duplicate per column. When the
    file lacks a column saying what a row is of (``across``: 调查类型, ``type_columns``), the
    groups of columns are those types side by side (门诊 and 住院 each over its own 样本量 and
    满意人数), and the problem says to write a row per type: moving one group under the other
    would leave a table without its types."""
    if len(again_at) < 2 or min(again_at.values()) < max(seen_at[n] for n in again_at):
        return None
    names = sorted(again_at, key=seen_at.get)
    first, last = header_rows
    text = msg(
        "column.types_across" if across else "column.side_by_side",
        row=str(first) if first == last else f"{first}–{last}",
        columns=listed(seen[n] for n in names),
        first=letter(seen_at[names[0]], parts),
        second=letter(min(again_at.values()), parts),
        **({"missing": listed(contract.column(n).zh for n in across)} if across else {}),
    )
    named = across or names
    column = labelled(contract, *named)
    return Problem.of(file_name, None, column, "", text, column_zh=labelled_zh(contract, *named))


def type_columns(contract: Contract) -> list[str]:
    """The required columns of the key that say what a row is of, beside its unit and time:
    调查类型, 活动类型, 检查类型 and 检查项目 (a table may give them across, a group of columns
    each: ``side_by_side``)."""
    return [
        name
        for name in contract.key
        if name != "unit_code"
        and contract.column(name).type == "text"
        and contract.column(name).required
    ]


def rename_columns(
    frame: pl.DataFrame,
    headers: list[str],
    mapping: dict[str, str],
    kind: str,
    file_name: str,
    quarter_stated: bool = False,
    title: str = "",
    parts: SheetParts | None = None,
    header_rows: tuple[int, int] = (1, 1),
) -> tuple[pl.DataFrame, list[str], dict[str, str], dict[str, str]]:
    """Rename header cells to canonical names; report duplicates (each by its column letter,
    and as hidden where the sheet, ``parts``, hides it: two headers alike, one out of sight,
    read as one column twice; the same headers twice in a row, as two tables side by side,
    ``side_by_side``) and missing required columns (a quarter column is not missing when the
    loader states the quarter). ``header_rows``: the header's first and last row, from 1.

    Returns the frame (the contract's columns, then the ignored ones as ``_extra_<position>``),
    the ignored headers, each canonical name's header as written, and each extra column's."""
    renames: dict[str, str] = {}
    ignored: list[str] = []
    extra: dict[str, str] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    seen_at: dict[str, int] = {}
    again_at: dict[str, int] = {}
    contract = CONTRACTS[kind]
    chosen = chosen_positions(headers, mapping, contract)
    for position, header in enumerate(headers):
        name = mapping.get(match_key(header))
        source = frame.columns[position]
        if name is not None and chosen.get(name, position) != position:
            name = None  # another spelling of a column headed by its own name: ignored
        if name is None:
            if str(header or "").strip():
                ignored.append(str(header).strip())
                extra[f"_extra_{position}"] = str(header).strip()
            continue
        if name in seen:
            again_at.setdefault(name, position)
            zh = contract.column(name).zh
            text = msg(
                "column.duplicate",
                name=pair(f"{zh}（{name}）", name),
                first=(seen[name], column_place(seen_at[name], parts)),
                second=(str(header), column_place(position, parts)),
            )
            problems.append(
                Problem.of(
                    file_name,
                    None,
                    labelled(contract, name),
                    str(header),
                    text,
                    column_zh=labelled_zh(contract, name),
                )
            )
            continue
        seen[name] = " ".join(str(header).split())
        seen_at[name] = position
        renames[source] = name
    present = set(seen) | ({"quarter"} if quarter_stated else set())
    across = [name for name in type_columns(contract) if name not in present]
    two_tables = side_by_side(
        seen, seen_at, again_at, contract, file_name, header_rows, parts, across
    )
    if two_tables is not None:
        problems = [two_tables]
    by_unit = kind != "units" and "unit_code" in contract.names
    district = summary_by_district(ignored, present) if by_unit else None
    if district is not None:
        text = msg("column.summary_by_district", header=district)
        column = labelled(contract, "unit_code")
        zh = labelled_zh(contract, "unit_code")
        raise FileRejected([Problem.of(file_name, None, column, "", text, column_zh=zh)], kind=kind)
    # headers the file has but nobody recognised: one of them may be the missing column (a
    # units' name column is known for what it is: ``names_without_codes``)
    unknown = [h for h in ignored if not names_units(h)]
    unrecognised = msg("column.unrecognised", headers=listed(unknown)) if unknown else None
    if kind == "surveys" and "survey_type" not in present:
        # a column per survey type: heading one of them as the missing column would load
        # that type's figures alone, so each missing column says to write a row per type
        unrecognised = types_as_columns(ignored) or unrecognised
    if kind == "surveys":
        # a count per answer (非常满意 40, 满意 45 …): heading 满意 as 满意人数 loaded 45
        # satisfied where 85 were
        unrecognised = answers_as_columns(ignored) or unrecognised
    if kind == "activities" and "sessions" not in present:
        # a row per event (its date and place): heading the place as 次数 would load text
        unrecognised = events_as_rows(ignored) or unrecognised
    for column in contract.columns:
        if column.required and column.name not in present:
            if two_tables is not None and column.name in across:
                continue  # said by the problem of the groups across
            text = msg("column.missing", zh=column.zh, name=column.name)
            others = [h for h in column.header_names if h not in (column.zh, column.name)]
            if others:
                text += msg("column.also_accepted", headers=listed(others))
            if column.name == "quarter":
                text += quarter_can_be_stated(title, file_name)
            if column.name in type_columns(contract) and (named := type_in_title(column, title)):
                text += named
            if unrecognised is not None:
                text += unrecognised
            hint = level_to_set(ignored) if column.name == "district" else None
            if column.name == "respondents":
                hint = per_respondent(frame, renames)
            if column.name == "max_score":
                hint = maximum_in_header(seen.get("score", ""))
            if column.name == "unit_code":
                hint = names_without_codes(ignored)
            if hint is not None:
                text += hint
            problems.append(
                Problem.of(
                    file_name,
                    None,
                    labelled(contract, column.name),
                    "",
                    text,
                    column_zh=labelled_zh(contract, column.name),
                )
            )
    if contract.one_of and not present.intersection(contract.one_of):
        columns = [
            pair(f"{contract.column(c).zh}（{c}）", f"{contract.column(c).zh} ({c})")
            for c in contract.one_of
        ]
        text = msg("column.one_of_missing", columns=joined(columns, "text.or_sep"))
        if "quarter" in contract.one_of:
            text += quarter_can_be_stated(title, file_name)
        if unrecognised is not None:
            text += unrecognised
        problems.append(
            Problem.of(
                file_name,
                None,
                labelled(contract, *contract.one_of),
                "",
                text,
                column_zh=labelled_zh(contract, *contract.one_of),
            )
        )
    if problems:
        raise FileRejected(with_other_kind_hint(problems, headers, kind), kind=kind)
    extra_sources = {frame.columns[int(name.rsplit("_", 1)[1])]: name for name in extra}
    frame = frame.select([*renames, *extra_sources]).rename(renames | extra_sources)
    missing = [c.name for c in contract.columns if c.name not in frame.columns]
    frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in missing)
    return frame.select(*contract.names, *extra), ignored, seen, extra


def with_other_kind_hint(problems: list[Problem], headers: list, kind: str) -> list[Problem]:
    """The problems, the first saying which kind the file looks like when its header names
    another kind's columns better (a file loaded as the wrong kind)."""
    hint = other_kind_hint([list(headers)], kind)
    if hint is None or problems[0].text is None:
        return problems
    first = problems[0]
    return [Problem.of(first.file, first.row, first.column, first.value, first.text + hint)] + (
        problems[1:]
    )


def quarter_can_be_stated(title: str, file_name: str) -> Text:
    """That the quarter may be stated when loading, and which one the form's title names, or
    else the file's name (满意度_2025Q3.csv)."""
    text = msg("column.quarter_can_be_stated")
    named = sorted(quarters_in_text(title))
    if len(named) == 1:
        return text + msg("column.quarter_in_title", quarter=named[0])
    named = sorted(quarters_of_file_name(file_name))
    if len(named) == 1:
        text += msg("column.quarter_in_name", quarter=named[0])
    return text


def type_in_title(column: Column, title: str) -> Text | None:
    """The one listed type (检查类型, 调查类型) the form's title names, said beside the column
    missing: a team's form of one type often says it only there (2025年第三季度暗访检查结果,
    门诊患者满意度调查表). Nothing when the title names none, or several (a 测评 campaign's
    暗访 form), or the column lists no values."""
    if not column.allowed or not title:
        return None
    named = [
        value
        for value, spellings in column.allowed.items()
        if any(s in title for s in (value, *spellings) if not s.isascii())
    ]
    if len(named) != 1:
        return None
    return msg("column.type_in_title", value=named[0], zh=column.zh)


def chosen_positions(headers: list, mapping: dict[str, str], contract: Contract) -> dict[str, int]:
    """For a text column headed twice, once by its own name (单位编码 or unit_code) and once
    by another accepted spelling (机构代码, a national form's code beside the bureau's): the
    position of the one headed by its own name, which is read; the other is ignored and named
    as such. Two other spellings, or its own name twice, stay a duplicate to resolve; so does a
    figure or a date headed twice (满分 beside 标准分, 10 and 100; 检查日期 beside a form's
    日期): which of two figures is the one asked for is the user's to say."""
    positions: dict[str, list[int]] = {}
    for position, header in enumerate(headers):
        name = mapping.get(match_key(header))
        if name is not None:
            positions.setdefault(name, []).append(position)
    chosen = {}
    for name, found in positions.items():
        if contract.column(name).type != "text":
            continue
        own = own_names(contract.column(name))
        by_own_name = [p for p in found if match_key(headers[p]) in own]
        if len(found) > 1 and len(by_own_name) == 1:
            chosen[name] = by_own_name[0]
    return chosen


def csv_frame(
    utf8: bytes, header_lines: int, delimiter: str, width: int, file_name: str
) -> pl.DataFrame:
    """All data rows (after the first ``header_lines`` lines) as text; empty lines stay as
    empty rows so row numbers stay true. ``NotUtf8`` when the bytes are not all UTF-8.

    A row with more cells than the header (a comma typed inside an unquoted cell) is read
    whole: the frame then has a column for every cell of its longest row, beyond ``width``,
    for ``refuse_overflowing_rows`` to look at. A file whose rows all fit is read once."""
    if utf8.startswith(b"\xef\xbb\xbf"):
        utf8 = utf8[3:]
    try:
        try:
            return read_csv_cells(utf8, header_lines, delimiter, width, ragged=False)
        except pl.exceptions.PolarsError as exc:
            if not any(words in str(exc) for words in LONGER_ROW_ERRORS):
                raise
        widest = longest_record(utf8, header_lines, delimiter)
        return read_csv_cells(utf8, header_lines, delimiter, max(width, widest), ragged=True)
    except pl.exceptions.PolarsError as exc:
        if "invalid utf-8" in str(exc).lower():
            raise NotUtf8 from None
        raise FileRejected(
            [unreadable_csv(utf8, header_lines, delimiter, file_name, exc)]
        ) from None


def unreadable_csv(
    utf8: bytes, header_lines: int, delimiter: str, file_name: str, error: Exception
) -> Problem:
    """Where a file the CSV reader gave up on goes wrong, said plainly: most often a quote
    opened in a cell (`"义诊`) and never closed, which makes the rest of the file one cell; the
    row it starts in, and the start of that line. Otherwise the reader's own first line."""
    lines = utf8.decode("utf-8", errors="replace").split("\n")  # as the CSV reader counts
    reader = csv.reader(
        io.StringIO("\n".join(lines[header_lines:])), delimiter=delimiter, strict=True
    )
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error:
        row = header_lines + start
        shown = lines[row - 1].rstrip("\r")[:60] if row <= len(lines) else ""
        return Problem.of(file_name, row, None, shown, msg("file.csv_open_quote"))
    first = str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
    return Problem.of(file_name, None, None, "", msg("file.csv_unreadable", error=first))


def read_csv_cells(
    utf8: bytes, header_lines: int, delimiter: str, width: int, ragged: bool
) -> pl.DataFrame:
    """The data rows as ``width`` text columns c0, c1…; a short row is padded with nulls.
    A longer row is an error unless ``ragged`` (then its cells beyond ``width`` are cut)."""
    return pl.read_csv(
        utf8,  # the bytes themselves: a BytesIO would be copied whole
        has_header=False,
        skip_lines=header_lines,
        separator=delimiter,
        infer_schema=False,
        truncate_ragged_lines=ragged,
        missing_columns="insert",
        extra_columns="ignore" if ragged else "raise",
        schema={f"c{i}": pl.String for i in range(width)},
    )


def longest_record(utf8: bytes, header_lines: int, delimiter: str) -> int:
    """The cell count of the longest record after the header (Python's CSV reader: slow, so
    only for a file that has a row longer than its header)."""
    text = io.StringIO(utf8.decode("utf-8", errors="replace"), newline="")
    for _ in range(header_lines):
        text.readline()
    return max((len(record) for record in csv.reader(text, delimiter=delimiter)), default=0)


def refuse_overflowing_rows(
    frame: pl.DataFrame, width: int, first_row: int, file_name: str
) -> None:
    """``FileRejected`` naming every row with a cell beyond the header's last column: such a
    row was split at a comma inside a cell, and its cells are not where their header says
    (the last one would otherwise be lost). Empty cells beyond (trailing commas) are no
    problem."""
    beyond = frame.columns[width:]
    if not beyond:
        return
    filled = [pl.col(c).str.strip_chars().replace("", None) for c in beyond]
    rows = (
        frame.with_row_index("_at")
        .with_columns(
            pl.concat_str(filled, separator=" | ", ignore_nulls=True).alias("_beyond"),
            pl.max_horizontal(
                pl.when(f.is_not_null()).then(pl.lit(i + 1 + width)) for i, f in enumerate(filled)
            ).alias("_count"),
        )
        .filter(pl.col("_count").is_not_null())
    )
    if rows.is_empty():
        return
    problems = [
        Problem.of(
            file_name,
            first_row + r["_at"],
            None,
            r["_beyond"],
            msg("row.more_cells_than_header", cells=r["_count"], columns=width),
        )
        for r in rows.head(MAX_PROBLEMS).iter_rows(named=True)
    ]
    raise FileRejected(problems, rows.height)


def excel_cells(
    data: bytes, file_name: str, sheet: str | None, kind: str | None = None
) -> tuple[pl.DataFrame, str | None, list[Text]]:
    """The sheet's cells as text in columns c0, c1…; frame row i is spreadsheet row i + 1.
    Also the sheet's name when the workbook has several (named, or found by ``data_sheet``),
    and notes on hidden sheets: the one read, or those passed over."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
    except Exception as exc:  # fastexcel raises its own error types for damaged workbooks
        text = why_unreadable(data, exc, file_name)
        raise FileRejected([Problem.of(file_name, None, None, "", text)]) from None
    if sheet is not None and sheet not in reader.sheet_names:
        text = msg("file.no_sheet", sheets=listed(reader.sheet_names))
        raise FileRejected([Problem.of(file_name, None, None, sheet, text)])
    chosen = None  # named in the summary when the workbook has several sheets
    notes = []
    if len(reader.sheet_names) > 1 and sheet is None:
        sheet, passed_over = data_sheet(reader, file_name, kind)
        if passed_over:
            notes.append(hidden_sheets_note(passed_over))
    if len(reader.sheet_names) > 1:
        chosen = sheet
    try:
        # skip_rows=0 keeps leading empty rows, so that row numbers stay true
        loaded = reader.load_sheet(sheet or 0, header_row=None, skip_rows=0, dtypes="string")
        cells = loaded.to_polars()
    except Exception as exc:
        text = msg("file.sheet_unreadable", error=exc)
        raise FileRejected([Problem.of(file_name, None, None, sheet or "", text)]) from None
    if is_empty(cells):
        # an empty sheet has no header to look for: "no header row found" would send the
        # reader looking for a misspelt one
        text = msg("file.sheet_empty")
        raise FileRejected([Problem.of(file_name, None, None, chosen or "", text)])
    if loaded.visible != "visible":
        notes.append(msg("read.hidden_sheet_read", sheet=loaded.name))
    cells = cells.rename({c: f"c{i}" for i, c in enumerate(cells.columns)}).cast(pl.String)
    # a time alone first: 0:00 alone is day 0 at midnight, which would be cut to its day
    cells = cells.with_columns(time_alone(c) for c in cells.columns)
    return cells.with_columns(without_midnight(c) for c in cells.columns), chosen, notes


def is_empty(cells: pl.DataFrame) -> bool:
    """Whether no cell of the sheet holds anything (fastexcel gives an empty sheet as no
    rows; the null counts of a frame are known without a pass over it)."""
    return cells.height == 0 or all(n == cells.height for n in cells.null_count().row(0))


MIDNIGHT = " 00:00:00"
# Excel's day 0 (1900-01-00), on which fastexcel places a time of day stored alone
DAY_ZERO = "1899-12-31 "


def without_midnight(column: str) -> pl.Expr:
    """A date cell as its day: the reader gives a date cell as ``2025-11-15 00:00:00``, which
    no sheet shows, and a problem names the value as the user sees it (``2025-11-15``).
    Compared by length, not by a pattern: the column may be a million rows."""
    cell = pl.col(column)
    at_midnight = cell.str.ends_with(MIDNIGHT) & (cell.str.len_bytes() == 10 + len(MIDNIGHT))
    return pl.when(at_midnight).then(cell.str.head(10)).otherwise(cell)


def time_alone(column: str) -> pl.Expr:
    """A time of day alone as the sheet shows it: 10:30 typed in a cell is stored as a
    fraction of a day (0.4375), which the reader gives on Excel's day 0 as
    ``1899-12-31 10:30:00``, a date no sheet shows; read as ``10:30`` (``10:30:15`` with its
    seconds), so that a date column names it as a time (etl/rules.py ``TIME_OF_DAY``)."""
    cell = pl.col(column)
    alone = cell.str.starts_with(DAY_ZERO) & (cell.str.len_bytes() == len(DAY_ZERO) + 8)
    time = cell.str.slice(len(DAY_ZERO))
    shown = pl.when(time.str.ends_with(":00")).then(time.str.head(5)).otherwise(time)
    return pl.when(alone).then(shown).otherwise(cell)


def why_unreadable(data: bytes, error: Exception, file_name: str) -> Text:
    """Why a workbook the reader could not open cannot be read: an open password (re-saving
    keeps it, so it has its own fix), else the reader's own first line (calamine adds lines
    of context under it) for a file that is damaged or no workbook, or a WPS 表格 file (.et)
    in a form of WPS's own, which WPS saves again as .xlsx."""
    if is_encrypted_workbook(data):
        return msg("file.excel_password")
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if Path(file_name).suffix.lower() in WPS_SUFFIXES:
        return msg("file.wps_unreadable", error=first_line)
    return msg("file.excel_unreadable", error=first_line)


def workbook_sheets(data: bytes, file_name: str) -> list[str]:
    """The sheet names of an Excel workbook; [] for a CSV file or a workbook that cannot be
    opened (reading it says why)."""
    if not looks_like_excel(data, file_name):
        return []
    import fastexcel

    try:
        return list(fastexcel.read_excel(data).sheet_names)
    except Exception:  # fastexcel raises its own error types for damaged workbooks
        return []


@dataclass(frozen=True)
class WorkbookSheets:
    """A workbook several of whose visible sheets hold tables (one per sub-district or
    month): those sheets, in the workbook's order, each loaded as an upload of its own; and
    the hidden sheets holding a table, passed over (an old copy kept out of sight) and
    named."""

    sheets: tuple[str, ...]
    passed_over: tuple[str, ...] = ()

    def said(self, file_name: str) -> Text:
        """The line said before the sheets' own: how many are loaded one by one, which, and
        the hidden ones passed over."""
        text = msg(
            "read.sheet_by_sheet",
            file=file_name,
            count=len(self.sheets),
            sheets=listed(self.sheets),
        )
        if self.passed_over:
            text += msg("load.note", note=hidden_sheets_note(self.passed_over))
        return text


def sheets_to_load(
    data: bytes, file_name: str, kind: str | None = None, sheet: str | None = None
) -> WorkbookSheets | None:
    """The sheets of a workbook to load one by one, when no sheet is named and several of its
    visible sheets hold a table Civbench reads (of ``kind``, when told); None for a file read
    as one table: a CSV file or web page, a workbook with one such sheet (an instructions
    sheet beside it, hidden old copies: ``data_sheet``), a sheet named, or a workbook that
    cannot be opened (reading it says why)."""
    if sheet is not None or not looks_like_excel(data, file_name):
        return None
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
    except Exception:  # fastexcel raises its own error types for damaged workbooks
        return None
    if len(reader.sheet_names) < 2:
        return None
    holding, hidden = table_sheets(reader, kind)
    if len(holding) < 2:
        return None
    return WorkbookSheets(tuple(holding), tuple(hidden))


def hidden_sheets_note(names) -> Text:
    return msg("read.hidden_sheets_passed", sheets=listed(names))


def table_sheets(reader, kind: str | None) -> tuple[list[str], list[str]]:
    """The visible sheets that hold a table Civbench reads (of ``kind``, when told), and the
    hidden ones that do, each in the workbook's order."""
    holding, hidden = [], []
    for name in reader.sheet_names:
        try:
            loaded = reader.load_sheet(
                name, header_row=None, skip_rows=0, n_rows=HEADER_SCAN_LINES, dtypes="string"
            )
            head = loaded.to_polars()
        except Exception:  # a sheet fastexcel cannot read holds no table we can read either
            continue
        if best_header([list(row) for row in head.rows()], kind) is not None:
            (holding if loaded.visible == "visible" else hidden).append(name)
    return holding, hidden


def data_sheet(reader, file_name: str, kind: str | None) -> tuple[str, list[str]]:
    """The one sheet of a workbook that holds a table Civbench reads (a 填表说明 sheet before
    the data is passed over); when none holds one of ``kind``, the first visible one holding a
    table of another kind (its problem says which kind it looks like: behind a 填表说明 sheet
    the file was told it had no header, the sheet it had never read); the first sheet when
    none does (its no-header problem follows).
    When one of them is visible and the others hidden (an old copy kept out of sight), the
    visible one, and the hidden ones, which the summary names. ``FileRejected`` when several
    are hidden and none visible (which is the copy?), or when several visible sheets hold
    tables: those are loaded one by one (``sheets_to_load``), each read by name."""
    holding, hidden = table_sheets(reader, kind)
    if len(holding) == 1:
        return holding[0], hidden
    found = [name for name in reader.sheet_names if name in holding or name in hidden]
    if len(found) > 1:
        text = msg("file.several_data_sheets", sheets=listed(found))
        raise FileRejected([Problem.of(file_name, None, None, "", text)])
    if not found and kind is not None:
        of_another_kind, _ = table_sheets(reader, None)
        if of_another_kind:
            return of_another_kind[0], []
    return (found[0] if found else reader.sheet_names[0]), []
