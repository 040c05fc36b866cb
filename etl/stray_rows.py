"""Rows that are not data: a total row (合计), a note or signature below the table (填表人：…),
a group heading over the rows under it (一、医院), the header repeated where two tables were
pasted together, the columns' numbers under a statistical form's header (甲 乙 1 2 3). Each
is reported as one problem naming its row, never dropped silently and never a complaint
about each of its cells."""

from __future__ import annotations

import re
import unicodedata

import polars as pl

from etl.cells import text_expr
from etl.checker import ROW
from etl.headers import names_units
from etl.messages import msg, pair
from etl.problems import Problem
from etl.read import RawTable

TOTAL_WORDS = ("合计", "总计", "共计", "小计", "累计", "汇总", "总数", "total", "sum", "subtotal")
# a row of averages under the table (平均, and a Chinese Excel table's total row says 汇总):
# not data either, but told as what it is
AVERAGE_WORDS = ("平均", "平均值", "平均数", "平均分", "均值", "average", "mean")
# whose total a form's total row may say it is: 全区合计, 本单位小计
TOTAL_OF = (
    "全区",
    "全市",
    "全县",
    "全省",
    "全镇",
    "全乡",
    "本区",
    "本市",
    "本县",
    "本单位",
    "各单位",
)
FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII → its full-width form


def total_spellings() -> list[str]:
    """Every way a total row's cell is written, for an exact look-up (a regular expression
    over every cell of a million rows costs more): spaced out, in any case, full-width (free
    text is not made half-width: ＴＯＴＡＬ and 合　计 are totals too), after whose total it
    is, with a colon after (合计：)."""
    spellings = set()
    for word in TOTAL_WORDS + AVERAGE_WORDS:
        for spaced in (word, " ".join(word), "  ".join(word), "\u3000".join(word)):
            for spelling in (spaced, spaced.upper(), spaced.title()):
                spellings |= {spelling, spelling.translate(FULL_WIDTH)}
    prefixed = {f"{whose}{s}" for s in spellings if not s.isascii() for whose in TOTAL_OF}
    spellings |= prefixed
    return sorted(spellings | {f"{s}{colon}" for s in spellings for colon in (":", "：")})


TOTAL_SPELLINGS = total_spellings()
NOTE_PATTERN = (  # a cell such as 填表人：张三 or 注：… (free text keeps its full-width ：)
    r"^(填表人|填报人|制表人|审核人|审核|负责人|单位负责人|统计负责人|联系人|联系电话|电话"
    r"|填报日期|填表日期|制表日期|报送日期|报出日期|填报单位|填表说明|填报说明|注意事项|备注|说明|注)"
    r"\s*([（(]\s*(签字|签名|盖章|签章)\s*[)）])?\s*[:：]"
)
# an item of a numbered list (1. … 2、… （3）… ④…): a note's items, under a note row
NUMBERED_PATTERN = r"^\s*([0-9０-９]+\s*[.．、]|[（(]\s*[0-9０-９]+\s*[)）]|[①-⑳])"


def split_repeated_headers(
    raw: RawTable, frame: pl.DataFrame, texts: dict[str, pl.Series] | None = None
) -> tuple[pl.DataFrame, list[Problem]]:
    """Rows that repeat the header (two files pasted one under the other): one problem each
    instead of a complaint about every cell. A header cell is any spelling of a column the
    file's kind takes (单位代码 for 单位编码): a second table headed with other spellings, or
    its columns in another order, was read as data, its 季度 told to be registered as a unit.
    ``texts``: as ``split_total_rows``'."""
    texts = texts or {}
    written = {name: header for name, header in raw.headers.items() if header}
    if len(written) < 2:
        return frame, []
    columns = {column.name: column for column in raw.contract.columns}
    own = {name: {header, *columns[name].header_names} for name, header in written.items()}
    every = sorted(set().union(*own.values()))
    # a row repeats the header in two cells at least: first the columns holding a header in
    # some row, in one pass (a file of data rows has none: half the cost of the row test),
    # among a column's distinct texts where they are known
    in_some_row = {
        name: pl.lit(bool(texts[name].is_in(every).any()))
        if name in texts
        else pl.col(f"{name}__text").is_in(every).any()
        for name in written
    }
    holding = frame.select(e.alias(name) for name, e in in_some_row.items()).row(0)
    if sum(holding) < 2:
        return frame, []
    held = [name for name, found in zip(written, holding, strict=True) if found]
    matches = pl.sum_horizontal(
        pl.col(f"{name}__text").is_in(every).fill_null(False).cast(pl.Int32) for name in held
    )
    is_repeat = matches >= 2
    # a header whose columns stand in another order (次数 and 参与人数 swapped): deleting it
    # alone would read the rows below it under the first header, each figure in the wrong
    # column
    misplaced = pl.any_horizontal(
        pl.col(f"{name}__text").is_in(every) & ~pl.col(f"{name}__text").is_in(sorted(own[name]))
        for name in held
    ).fill_null(False)
    repeats = frame.filter(is_repeat).select(ROW, misplaced.alias("reordered"))
    if repeats.is_empty():
        return frame, []
    said = {False: msg("row.repeated_header"), True: msg("row.reordered_header")}
    problems = [
        Problem.of(raw.file_name, row, None, "", said[reordered])
        for row, reordered in repeats.iter_rows()
    ]
    return frame.filter(~is_repeat), problems


def split_total_rows(
    raw: RawTable, frame: pl.DataFrame, texts: dict[str, pl.Series] | None = None
) -> tuple[pl.DataFrame, list[Problem]]:
    """Rows whose text cells say 合计 / 总计 / total: reported, never silently dropped. Columns
    the contract ignores count too: forms put 合计 in their 序号 column. ``texts``: by column
    name, values among which is every text of the column (``Checker.texts``); a column none
    of whose texts says total is not looked up row by row."""
    texts = texts or {}
    words = [c.name for c in raw.contract.columns if c.type == "text" or c.allowed]
    cells = {**{f"{c}__text": pl.col(f"{c}__text") for c in words}, **text_of_extra_columns(raw)}
    never = {
        f"{c}__text"
        for c in words
        if c in texts and not pl.select(says_total(pl.lit(texts[c])).any()).item()
    }
    is_total = pl.any_horizontal(
        pl.lit(False), *(says_total(cell) for name, cell in cells.items() if name not in never)
    )
    is_total = is_total.fill_null(False) | pl.col(ROW).is_in(
        named_totals(raw, frame, cells).implode()
    )
    totals = frame.filter(is_total).select(ROW, **cells)
    if totals.height == 0:
        return frame, []
    problems = []
    for row in totals.iter_rows(named=True):
        column = next(c for c in cells if is_total_word(total_word(row[c])))
        name = raw.extra_columns.get(column, column.removesuffix("__text"))
        said = "row.average" if is_average_word(total_word(row[column])) else "row.total"
        problems.append(Problem.of(raw.file_name, row[ROW], name, row[column], msg(said)))
    return frame.filter(~is_total), problems


# a total after the name of what it totals (西固区小计, 城关区合计：, 乡镇卫生院合计): only in a
# row without a unit code, as a code-less row is rare and a named unit's row is data, or in
# the unit code cell itself (the form's first column), where no code is written in Chinese
NAMED_TOTAL = re.compile(r"^\S{1,16}?(合计|总计|小计|汇总|总数|平均值|平均分|平均)$")
# the whole area alone in such a row's cell (全市 in the unit code column): its total
WHOLE_AREA = re.compile(rf"^({'|'.join(TOTAL_OF)})$")


# a total that counts what it totals (共 4 家单位, 合计：15项, 共计20个): in a row that leaves
# some required cell empty, as a count of units or items does, and in its unit code or name
# cell (``identifying_cells``): elsewhere it is data (an activity type 共3次讲座)
COUNTED_TOTAL = re.compile(r"^(共计|共|合计|总计):?[0-9,]+(家|个|所|项|条|户|人|次)\S{0,4}$")


def named_totals(raw: RawTable, frame: pl.DataFrame, cells: dict[str, pl.Expr]) -> pl.Series:
    """The rows (``ROW``) without a unit code whose text cell names what it totals, and the
    rows leaving a required cell empty whose text cell counts what it totals; the few such
    rows are looked at one by one, so a file of data rows pays one null count."""
    required = [f"{c.name}__text" for c in raw.contract.columns if c.required]
    if "unit_code__text" not in frame.columns or not required:
        return pl.Series(ROW, [], pl.Int64)
    codeless = pl.col("unit_code__text").is_null()
    incomplete = pl.any_horizontal(pl.col(required).is_null())
    candidates = frame.filter(incomplete).select(ROW, codeless.alias("_codeless"), **cells)
    identifying = identifying_cells(raw, cells)
    rows = [
        row[ROW]
        for row in candidates.iter_rows(named=True)
        if any(
            is_named_total(
                total_word(row[c]), row["_codeless"] or c == "unit_code__text", c in identifying
            )
            for c in cells
        )
    ]
    return pl.Series(ROW, rows, pl.Int64)


def identifying_cells(raw: RawTable, cells: dict[str, pl.Expr]) -> set[str]:
    """The cells that say whose row it is: the unit code, and the unit's name (the registry's
    column, or a data file's column headed as one, which the contract ignores)."""
    named = {c for c, header in raw.extra_columns.items() if names_units(header)}
    return {c for c in cells if c in ("unit_code__text", "unit_name__text")} | named


def is_named_total(word: str, codeless: bool, identifying: bool) -> bool:
    """A named total (西固区小计) in a row without a unit code or in its code cell, or a
    counted one (共4家单位) in the cell that says whose row it is."""
    named = codeless and (NAMED_TOTAL.match(word) or WHOLE_AREA.match(word)) is not None
    return named or (identifying and COUNTED_TOTAL.match(word) is not None)


def is_total_word(word: str) -> bool:
    """A cell's ``total_word`` says total or average: one of the words, or a named total
    (西固区小计, 城关区平均)."""
    return (
        word in TOTAL_WORDS + AVERAGE_WORDS
        or NAMED_TOTAL.match(word) is not None
        or COUNTED_TOTAL.match(word) is not None
        or WHOLE_AREA.match(word) is not None
    )


def is_average_word(word: str) -> bool:
    """A total word that says average (平均, 全区平均值): told as an average row."""
    named = NAMED_TOTAL.match(word)
    return word in AVERAGE_WORDS or (named is not None and named.group(1).startswith("平均"))


def says_total(cell: pl.Expr) -> pl.Expr:
    return cell.is_in(TOTAL_SPELLINGS)


def is_note(cell: pl.Expr) -> pl.Expr:
    return cell.str.contains(NOTE_PATTERN).fill_null(False)


def total_word(cell: str | None) -> str:
    """A cell as a total word: half-width, without spaces, whose total and colon, lower
    case (全区合　计： → 合计); the whole area alone stays (全市)."""
    word = re.sub(r"\s", "", unicodedata.normalize("NFKC", cell or "")).lower().rstrip(":")
    for whose in TOTAL_OF:
        word = word.removeprefix(whose) or word
    return word


def text_of_extra_columns(raw: RawTable) -> dict[str, pl.Expr]:
    """The text of the columns the contract ignores (padding removed), by internal name."""
    return {name: text_expr(name, normalise=False) for name in raw.extra_columns}


def without_blank_rows(raw: RawTable, frame: pl.DataFrame) -> pl.DataFrame:
    """The frame without its blank rows: no cell of the contract's columns filled (a row
    holding only a 序号, as templates number their empty rows, is blank too). A row whose
    ignored column says total or holds a note (合计 or 填表人：… in the 序号 column) is kept,
    to be reported (``split_total_rows``, ``split_note_rows``)."""
    blank = pl.all_horizontal(pl.col(f"{name}__text").is_null() for name in raw.contract.names)
    if not frame.select(blank.any()).item():
        return frame
    ignored = text_of_extra_columns(raw)
    if ignored:
        marked = pl.any_horizontal(
            says_total(cell) | is_note(cell) for cell in ignored.values()
        ).fill_null(False)
        kept = frame.filter(blank).filter(marked).get_column(ROW)
        blank = blank & ~pl.col(ROW).is_in(kept.implode())
    return frame.filter(~blank)


# the colon after a note's label (填表人：), half- or full-width
COLONS = [":", "："]


def split_note_rows(
    raw: RawTable, frame: pl.DataFrame, texts: dict[str, pl.Series] | None = None
) -> tuple[pl.DataFrame, list[Problem]]:
    """Rows that are notes or signatures below the table (填表人：张三, 注：…), also written in
    a column the contract ignores (the 序号 column): one problem each instead of one per
    empty cell, never silently dropped. A note row leaves some required cell empty, or, merged
    over every required column, holds its colon in the first of them; so a complete file costs
    one pass over the null masks and one over that column, none when that column's distinct
    texts (``texts``, as ``split_total_rows``') hold no colon."""
    contract = raw.contract
    required = [c for c in contract.columns if c.required]
    if not required:
        return frame, []
    first = required[0].name
    known = (texts or {}).get(first)
    if known is not None and not known.str.contains_any(COLONS).any():
        has_colon = pl.lit(False)
    else:
        has_colon = pl.col(f"{first}__text").str.contains_any(COLONS)  # 12 ms a million rows
    empty = pl.any_horizontal(pl.col(f"{c.name}__text").is_null() for c in required)
    candidates = frame.filter(empty | has_colon)
    if candidates.height == 0:
        return frame, []
    read = {f"{name}__text": pl.col(f"{name}__text") for name in contract.names}
    cells = {**read, **text_of_extra_columns(raw)}

    rows = candidates.select(ROW, *(c.alias(n) for n, c in cells.items()), pl.col("^.*__raw$"))
    notes = rows.filter(
        pl.any_horizontal(is_note(pl.col(n)) for n in cells)
        & pl.all_horizontal(pl.col(n).is_null() | is_note(pl.col(n)) for n in read)
    )
    if notes.height == 0:
        return frame, []
    # the numbered items under a note (填表说明： then 1. … 2. …): one cell each, below it
    items = rows.filter(
        (pl.col(ROW) > notes.get_column(ROW).min())
        & (pl.sum_horizontal(pl.col(n).is_not_null().cast(pl.Int32) for n in cells) == 1)
        & pl.any_horizontal(
            pl.col(n).str.contains(NUMBERED_PATTERN).fill_null(False) for n in cells
        )
    )
    notes = pl.concat([notes, items]).unique(ROW).sort(ROW)
    problems = []
    for row in notes.iter_rows(named=True):
        cell = next(n for n in cells if row[n] is not None)
        name = raw.extra_columns.get(cell, cell.removesuffix("__text"))
        value = row.get(f"{name}__raw") or row[cell]
        problems.append(Problem.of(raw.file_name, row[ROW], name, value, msg("row.note")))
    return frame.filter(~pl.col(ROW).is_in(notes.get_column(ROW).implode())), problems


# a group heading over the rows under it, numbered as Chinese documents number their parts
# (一、医院, （二）社区卫生服务中心, 第三部分 乡镇卫生院, 二．公共卫生机构)
HEADING_NUMBER = "[一二三四五六七八九十]+"
GROUP_HEADING = (
    rf"^\s*(第?{HEADING_NUMBER}\s*[、.．]|[（(]\s*{HEADING_NUMBER}\s*[)）]"
    rf"|第{HEADING_NUMBER}(部分|类|组))"
)
# the heading's number alone in the 序号 column, its words in the next (一 | 医院)
HEADING_NUMBER_ALONE = rf"^\s*[（(]?\s*{HEADING_NUMBER}\s*[)）、.．]?\s*$"
# a heading without a number (住院部分, 社区卫生服务中心) is told only in a column of codes:
# no code is written in Chinese characters, whereas a name alone in the name column is a
# unit's row not yet filled in
UNNUMBERED_HEADING = r"\p{Han}"


def split_group_headings(raw: RawTable, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """Rows that head a group of the rows under them (一、医院 alone in the name column, or
    merged across the table): one problem each, naming the heading, instead of one per empty
    cell. A heading row leaves some required cell empty and holds nothing but the numbered
    heading, or its number alone in a column the contract ignores (the 序号 column's 一) and
    its words in one column read (医院), or words without a number alone in a column of codes
    (住院部分 in the 单位编码 column); a heading alone in a column the contract ignores is a
    blank row (``without_blank_rows``), since it holds no data to lose."""
    required = [f"{c.name}__text" for c in raw.contract.columns if c.required]
    if not required:
        return frame, []
    candidates = frame.filter(pl.any_horizontal(pl.col(required).is_null()))
    if candidates.height == 0:
        return frame, []
    texts = {f"{name}__text": pl.col(f"{name}__text") for name in raw.contract.names}
    cells = {**texts, **text_of_extra_columns(raw)}
    rows = candidates.select(ROW, *(c.alias(n) for n, c in cells.items()), pl.col("^.*__raw$"))
    filled = pl.sum_horizontal(pl.col(n).is_not_null().cast(pl.Int32) for n in cells)
    codes = [n for n in texts if n.removesuffix("__text").endswith("_code")]
    heading = pl.any_horizontal(
        *(pl.col(n).str.contains(GROUP_HEADING).fill_null(False) for n in texts),
        *(pl.col(n).str.contains(UNNUMBERED_HEADING).fill_null(False) for n in codes),
    )
    ignored = [n for n in cells if n not in texts]
    number_beside = pl.any_horizontal(
        pl.lit(False), *(pl.col(n).str.contains(HEADING_NUMBER_ALONE) for n in ignored)
    ).fill_null(False)
    heads = rows.filter(((filled == 1) & heading) | ((filled == 2) & number_beside))
    problems = []
    for row in heads.iter_rows(named=True):
        cell = next(n for n in texts if row[n] is not None)
        name = cell.removesuffix("__text")
        value = row.get(f"{name}__raw") or row[cell]
        problems.append(Problem.of(raw.file_name, row[ROW], name, value, msg("row.group_heading")))
    return frame.filter(~pl.col(ROW).is_in(heads.get_column(ROW).implode())), problems


# a statistical form's column marks (栏次): 甲 乙 丙 … for its text columns, then 1 2 3 …
COLUMN_MARK = r"^([甲乙丙丁戊己庚辛壬癸]|栏次|栏号|[0-9０-９]{1,2}(\.0)?)$"


def split_continued_text(raw: RawTable, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """Rows holding nothing but an optional text column's text (问题描述) right below a row
    of data: a long finding typed on into the row below, as a form's row ran out of room, or
    as a merged cell reads once unmerged. One problem each, saying to put the text into the
    row above's cell, instead of one per empty required cell; never silently dropped (nor
    joined to the row above: a guess)."""
    columns = raw.contract.columns
    free = [c.name for c in columns if c.free_text and not c.required]
    required = [c.name for c in columns if c.required]
    # such a row leaves every required cell empty: a file whose first required column has no
    # empty cell (a null count, no pass over the rows) has none
    if not free or not required or frame.get_column(f"{required[0]}__text").null_count() == 0:
        return frame, []
    others = [f"{c.name}__text" for c in columns if c.name not in free]
    others += list(raw.extra_columns)
    lone = pl.all_horizontal(pl.col(n).is_null() for n in others) & pl.any_horizontal(
        pl.col(f"{n}__text").is_not_null() for n in free
    )
    below_data = pl.col(ROW).shift(1) == pl.col(ROW) - 1  # blank rows are gone by now
    continued = frame.filter(lone & below_data)
    if continued.height == 0:
        return frame, []
    problems = []
    for row in continued.select(ROW, *(f"{n}__text" for n in free)).iter_rows(named=True):
        name = next(n for n in free if row[f"{n}__text"] is not None)
        zh = raw.contract.column(name).zh
        said = msg("row.continued_text", above=row[ROW] - 1, column=pair(zh, name))
        problems.append(Problem.of(raw.file_name, row[ROW], name, row[f"{name}__text"], said))
    return frame.filter(~pl.col(ROW).is_in(continued.get_column(ROW).implode())), problems


def split_column_numbers(raw: RawTable, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """The row right under the header when it numbers the columns, as statistical forms
    (统计报表) do: 甲 乙 丙 for the text columns, 1 2 3 for the figures, three marks or more
    and nothing else. One problem naming the row, rather than one per cell (an unknown unit
    code 乙, a quarter 丙); only that row is looked at, so a data file pays one row's check."""
    first = frame.filter(pl.col(ROW) == raw.first_data_row)
    if first.height == 0:
        return frame, []
    texts = [f"{name}__text" for name in raw.contract.names]
    cells = [c for c in first.select(*texts, *text_of_extra_columns(raw).values()).row(0) if c]
    marks = len(cells) >= 3 and all(re.match(COLUMN_MARK, c.strip()) for c in cells)
    if not marks:
        return frame, []
    problem = Problem.of(raw.file_name, raw.first_data_row, None, "", msg("row.column_numbers"))
    return frame.filter(pl.col(ROW) != raw.first_data_row), [problem]
