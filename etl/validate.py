"""Turning a file's text cells into typed values, and checking every row against its contract.

All checks are Polars expressions over whole columns, counted in one pass; only the checks
that fire are run again to list their rows, so every problem names its row and column.
``bench/bench_load.py`` measures a million-row load against DuckDB's bare ``read_csv``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from etl.chinese import traditional_spellings
from etl.contracts import Column, Contract
from etl.messages import Text, msg
from etl.problems import MAX_PROBLEMS, FileRejected, Problem
from etl.quarters import quarter_of_date_expr, quarter_of_today
from etl.read import RawTable, header_key

ROW = "_row"
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
NUMBER_PATTERN = r"^[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d*)?([eE][+-]?\d+)?%?$"
EARLIEST_DATE = date(2000, 1, 1)
EXCEL_DATE_NUMBER = r"^[1-9]\d{4}(\.\d+)?$"  # days since 1899-12-30: 36526 is 2000-01-01
DISTINCT_FROM_ROWS = 20_000
TIME_OF_DAY = r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"
LARGEST_NUMBER = {"int": 2_147_483_647, "number": 1e15}  # INTEGER / DOUBLE columns
TOTAL_WORDS = ("合计", "总计", "小计", "累计", "total", "sum", "subtotal")
FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII → its full-width form
TOTAL_SPELLINGS = sorted(
    {
        written
        for word in TOTAL_WORDS
        for spaced in (word, " ".join(word), "  ".join(word), "\u3000".join(word))
        for spelling in (spaced, spaced.upper(), spaced.title())
        # free-text columns are not made half-width: ＴＯＴＡＬ and 合　计 are totals too
        for written in (spelling, spelling.translate(FULL_WIDTH))
    }
)
CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}
NOTE_PATTERN = (  # a cell such as 填表人：张三 or 注：… (free text keeps its full-width ：)
    r"^(填表人|填报人|制表人|审核人|审核|负责人|单位负责人|联系人|联系电话|电话|填报日期|填表日期"
    r"|制表日期|报送日期|填报单位|备注|说明|注)\s*[:：]"
)


def text_expr(name: str, normalise: bool = True) -> pl.Expr:
    """Cell text with full-width characters made half-width and padding removed; '' → null.

    NFKC is the identity on ASCII, so pure-ASCII columns skip it (``normalise=False``), and so
    do free-text columns, which keep what the user wrote (``Column.free_text``).
    """
    text = pl.col(name).str.normalize("NFKC") if normalise else pl.col(name)
    return text.str.strip_chars().replace("", None)


def number_expr(name: str, percent: str | None) -> pl.Expr:
    """A number from text such as ``1,234``, ``95%`` or ``-0.5``; null when unreadable."""
    text = pl.col(name).str.replace_all(" ", "")
    looks_numeric = text.str.contains(NUMBER_PATTERN) & text.str.contains(r"\d")
    value = text.str.replace_all(r"[,%]", "").cast(pl.Float64, strict=False)
    is_percent = text.str.ends_with("%")
    if percent == "fraction":
        value = pl.when(is_percent).then(value / 100).otherwise(value)
    elif percent is None:
        value = pl.when(is_percent).then(None).otherwise(value)
    return pl.when(looks_numeric).then(value).otherwise(None)


def date_expr(name: str) -> pl.Expr:
    """A date from 2025-07-05, 2025/7/5, 2025.07.05, 2025年7月5日 or 20250705; a time of day
    after the date (Excel date cells read as ``2025-07-05 00:00:00``) is ignored."""
    text = pl.col(name).str.replace(TIME_OF_DAY, "")
    return pl.coalesce([text.str.to_date(f, strict=False, exact=True) for f in DATE_FORMATS])


def quarter_expr(name: str) -> pl.Expr:
    """``2025Q3`` from 2025Q3, 2025-Q3, Q3 2025, 2025年第3季度, 2025年三季度 or a date."""
    text = pl.col(name).str.replace_all(r"\s", "").str.to_uppercase()
    text = text.str.replace_many(CHINESE_DIGITS)
    forms = [
        (r"^(\d{4})[-_/.]?Q([1-4])$", 1, 2),
        (r"^Q([1-4])[-_/.]?(\d{4})$", 2, 1),
        (r"^(\d{4})年第?([1-4])季度?$", 1, 2),
    ]
    quarters = [
        pl.concat_str([text.str.extract(p, y), pl.lit("Q"), text.str.extract(p, q)])
        for p, y, q in forms
    ]
    return pl.coalesce([*quarters, quarter_of_date_expr(date_expr(name))])


def stated_quarter(file_name: str, text: str, today: date) -> str:
    """``2025Q3`` from a quarter stated when loading, in any spelling a quarter column takes;
    ``FileRejected`` when it is none or lies in the future."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    quarter = pl.DataFrame({"q": [cleaned]}, schema={"q": pl.String}).select(quarter_expr("q"))
    value = quarter.item()
    if value is None:
        problem = Problem.of(file_name, None, "quarter", text, msg("file.quarter_stated_invalid"))
        raise FileRejected([problem])
    current = quarter_of_today(today)
    if value > current:
        text_ = msg("file.quarter_stated_future", current=current)
        raise FileRejected([Problem.of(file_name, None, "quarter", text, text_)])
    return value


def allowed_expr(name: str, allowed: dict[str, tuple[str, ...]]) -> pl.Expr:
    mapping = {
        header_key(spelling): canonical
        for canonical, vs in allowed.items()
        for v in (canonical, *vs)
        for spelling in (v, *traditional_spellings(v))  # 門診 is 门诊 (etl/chinese.py)
    }
    key = pl.col(name).str.to_lowercase().str.replace_all(r"[\s*_\-:：]", "")
    return key.replace_strict(mapping, default=None, return_dtype=pl.String)


def typed_expr(column: Column, source: str) -> pl.Expr:
    """The column's typed value, read from its cleaned text (null where unreadable)."""
    if column.allowed:
        return allowed_expr(source, column.allowed)
    return {
        "text": lambda: pl.col(source),
        "int": lambda: number_expr(source, column.percent),
        "number": lambda: number_expr(source, column.percent),
        "date": lambda: date_expr(source),
        "quarter": lambda: quarter_expr(source),
    }[column.type]()


def typed_frame(cells: pl.DataFrame, contract: Contract) -> pl.DataFrame:
    """The file's cells with ``<name>__text`` (cleaned) and ``<name>`` (typed) columns.

    Small files in one select (per-operation overhead dominates there); large ones through
    ``large_file_columns``, which parses each distinct value once."""
    if cells.height < DISTINCT_FROM_ROWS:
        return cells.with_columns(
            text_expr(c.name, normalise=not c.free_text).alias(f"{c.name}__text")
            for c in contract.columns
        ).with_columns(typed_expr(c, f"{c.name}__text").alias(c.name) for c in contract.columns)
    return with_clean_numbers(cells.with_columns(large_file_columns(cells, contract)), contract)


def large_file_columns(cells: pl.DataFrame, contract: Contract) -> list[pl.Expr | pl.Series]:
    """The cleaned text and typed value of every column, for ``with_columns``.

    A column of plain numbers is its own cleaned text (``plain_number_columns``). Columns with
    few distinct values (types, quarters, dates, names) and any column with non-ASCII text are
    cleaned and parsed once per distinct value and mapped back (``distinct_mapped_columns``);
    that is what makes a million rows cheap. Other ASCII columns skip NFKC, which is the
    identity on ASCII: their text is cleaned and their numbers cast (``with_clean_numbers``
    re-reads any the cast could not). Each step handles all its columns in one parallel pass.
    """
    columns = plain_number_columns(
        cells, [c for c in contract.columns if c.type in ("int", "number") and not c.allowed]
    )
    always_distinct = [c for c in contract.columns if c.allowed or c.type in ("date", "quarter")]
    maybe_direct = [
        c for c in contract.columns if c.name not in columns and c not in always_distinct
    ]
    ascii_only = (
        cells.select(is_ascii_expr(c.name) for c in maybe_direct).row(0) if maybe_direct else ()
    )
    direct = [c for c, is_ascii in zip(maybe_direct, ascii_only, strict=True) if is_ascii]
    columns |= distinct_mapped_columns(
        cells, always_distinct + [c for c in maybe_direct if c not in direct]
    )
    for column in direct:
        cleaned = text_expr(column.name, normalise=False)
        typed = cleaned.cast(pl.Float64, strict=False) if column.type != "text" else cleaned
        columns[column.name] = [cleaned.alias(f"{column.name}__text"), typed.alias(column.name)]
    return [part for c in contract.columns for part in columns[c.name]]


def plain_number_columns(cells: pl.DataFrame, numbers: list[Column]) -> dict[str, list[pl.Series]]:
    """Number columns whose every cell is a plain finite number or empty, each as its own
    cleaned text and its numbers: the cast refuses padding and '' (so nothing needed
    cleaning) and anything ``number_expr`` would read differently."""
    if not numbers:
        return {}
    names = [c.name for c in numbers]
    cast = cells.select(pl.col(names).cast(pl.Float64, strict=False))
    cast_nulls = cast.null_count().row(0)
    cell_nulls = cells.select(names).null_count().row(0)
    finite = cast.select(pl.all().is_finite().all(ignore_nulls=True)).row(0)
    return {
        n: [cells.get_column(n).alias(f"{n}__text"), cast.get_column(n)]
        for n, after, before, all_finite in zip(names, cast_nulls, cell_nulls, finite, strict=True)
        if after == before and all_finite
    }


def is_ascii_expr(name: str) -> pl.Expr:
    """True when every cell of the column is ASCII (or the column is empty)."""
    cells = pl.col(name)
    return (cells.str.len_bytes() == cells.str.len_chars()).all(ignore_nulls=True)


def distinct_mapped_columns(
    cells: pl.DataFrame, columns: list[Column]
) -> dict[str, list[pl.Series]]:
    """The cleaned text and typed value of each distinct cell, mapped back onto its column:
    the column as an Enum of its distinct values is an index into them (one hash lookup per
    cell, three times faster than replacing values twice). NFKC only if some cell needs it."""
    if not columns:
        return {}
    names = [c.name for c in columns]
    uniques = cells.select(pl.col(names).unique().implode())
    distinct = {n: uniques.get_column(n).explode().drop_nulls() for n in names}
    parsed = {c.name: parsed_values(distinct[c.name], c) for c in columns}
    mapped = {
        name: [cells.get_column(name).alias(f"{name}__text"), cells.get_column(name)]
        for name in names
        if already_clean(distinct[name], parsed[name])
    }
    to_map = [name for name in names if name not in mapped]
    index = cells.select(pl.col(n).cast(pl.Enum(distinct[n])).to_physical() for n in to_map)
    for name in to_map:
        text = f"{name}__text"
        mapped[name] = [
            parsed[name].get_column(text).gather(index.get_column(name)).alias(text),
            parsed[name].get_column(name).gather(index.get_column(name)).alias(name),
        ]
    return mapped


def already_clean(values: pl.Series, parsed: pl.DataFrame) -> bool:
    """Every distinct cell is its own cleaned text and its own value (quarters written 2025Q3,
    types spelt as the contract spells them), so the column is used as it is, uncopied."""
    text, typed = parsed.columns
    return (
        parsed.schema[typed] == pl.String
        and parsed.get_column(text).equals(values)
        and parsed.get_column(typed).equals(values)
    )


def parsed_values(values: pl.Series, column: Column) -> pl.DataFrame:
    """Distinct cells (no null) with their cleaned text and typed value."""
    name, text = column.name, f"{column.name}__text"
    normalise = (
        not column.free_text
        and not values.is_empty()
        and not (values.str.len_bytes() == values.str.len_chars()).all()
    )
    parsed = values.to_frame().with_columns(text_expr(name, normalise=normalise).alias(text))
    return parsed.select(pl.col(text), typed_expr(column, text).alias(name))


def with_clean_numbers(frame: pl.DataFrame, contract: Contract) -> pl.DataFrame:
    """Number columns whose plain cast lost a value (``1,234``, ``95%``, ``1e400``) re-read with
    the full rule; a file of plain numbers needs only the one check."""
    numbers = [
        c
        for c in contract.columns
        if c.type in ("int", "number") and frame.schema[c.name] == pl.Float64
    ]
    if not numbers:
        return frame
    lost = frame.select(
        (
            (pl.col(c.name).null_count() != pl.col(f"{c.name}__text").null_count())
            | ~pl.col(c.name).is_finite().all(ignore_nulls=True)
        ).alias(c.name)
        for c in numbers
    ).row(0)
    redo = [c for c, is_lost in zip(numbers, lost, strict=True) if is_lost]
    return frame.with_columns(typed_expr(c, f"{c.name}__text").alias(c.name) for c in redo)


def range_bad_expr(column: Column, value: pl.Expr) -> pl.Expr | None:
    conditions = []
    if column.type == "int":
        conditions.append(value != value.round())
    if column.minimum is not None:
        conditions.append(
            value <= column.minimum if column.exclusive_minimum else value < column.minimum
        )
    if column.maximum is not None:
        conditions.append(value > column.maximum)
    if not conditions:
        return None
    return pl.any_horizontal(conditions).fill_null(False)


@dataclass(frozen=True)
class Check:
    mask: pl.Expr
    column: str
    expected: Text
    value: pl.Expr | None
    may_fire: pl.Expr | None
    value_zh: pl.Expr | None = None


class Checker:
    """Collects the checks of a file, then runs them over the frame in one pass.

    The first pass only counts the rows each check rejects (one ``select`` of sums, so a valid
    file costs one scan); only the checks that fired are run again to list their rows.
    """

    def __init__(self, file_name: str, frame: pl.DataFrame):
        self.file_name = file_name
        self.frame = frame
        self.checks: list[Check] = []
        self.extra: list[Problem] = []

    def reject(
        self,
        mask: pl.Expr,
        column: str,
        expected: Text,
        value: pl.Expr | None = None,
        may_fire: pl.Expr | None = None,
        value_zh: pl.Expr | None = None,
    ) -> None:
        """Register a check: ``mask`` is true on bad rows. ``may_fire``, a cheaper count that
        is never below the true one, replaces ``mask.sum()`` in the first pass. ``value_zh``
        is the value in Chinese where ``value`` is words rather than the cell as typed."""
        check = Check(mask.fill_null(False), column, expected, value, may_fire, value_zh)
        self.checks.append(check)

    def run(self) -> tuple[list[Problem], int]:
        """Every problem (capped) sorted by row, and the total count."""
        if not self.checks:
            return self.extra, len(self.extra)
        counts = self.frame.select(
            (c.may_fire if c.may_fire is not None else c.mask.sum()).alias(f"c{i}")
            for i, c in enumerate(self.checks)
        ).row(0)
        counts = [
            self.frame.select(c.mask.sum()).item() if n and c.may_fire is not None else n
            for c, n in zip(self.checks, counts, strict=True)
        ]
        parts = [self.rows_of(c) for c, n in zip(self.checks, counts, strict=True) if n]
        total = sum(counts) + len(self.extra)
        problems = list(self.extra)
        if parts:
            rows = pl.concat(parts).sort(ROW).head(MAX_PROBLEMS)
            problems += [
                Problem(
                    self.file_name,
                    r[ROW],
                    r["column"],
                    r["value"],
                    r["expected"],
                    r["expected_zh"],
                    r["value_zh"],
                )
                for r in rows.iter_rows(named=True)
            ]
        problems.sort(key=lambda p: p.row or 0)
        return problems[:MAX_PROBLEMS], total

    def rows_of(self, check: Check) -> pl.DataFrame:
        value = check.value if check.value is not None else pl.col(f"{check.column}__text")
        value_zh = check.value_zh if check.value_zh is not None else pl.lit(None, pl.String)
        return (
            self.frame.lazy()
            .select(
                pl.col(ROW),
                check.mask.alias("_bad"),
                value.cast(pl.String).fill_null("").alias("value"),
                value_zh.cast(pl.String).alias("value_zh"),
            )
            .filter(pl.col("_bad"))
            .head(MAX_PROBLEMS)
            .select(
                pl.col(ROW),
                pl.lit(check.column).alias("column"),
                pl.col("value"),
                pl.lit(check.expected.en).alias("expected"),
                pl.lit(check.expected.zh).alias("expected_zh"),
                pl.col("value_zh"),
            )
            .collect()
        )


def parse_and_check(
    raw: RawTable, today: date, known_units: set[str] | None = None
) -> pl.DataFrame:
    """The file's rows as typed values; raises ``FileRejected`` naming every problem found."""
    contract = raw.contract
    text_cols = [f"{c}__text" for c in contract.names]
    frame = typed_frame(raw.frame, contract)
    frame = frame.with_row_index(ROW, offset=raw.first_data_row).with_columns(
        pl.col(ROW).cast(pl.Int64)
    )
    frame = without(frame, pl.all_horizontal(pl.col(text_cols).is_null()))
    frame, totals = split_total_rows(raw, frame)
    frame, notes = split_note_rows(raw.file_name, contract, frame)
    frame, repeats = split_repeated_headers(raw, frame)
    if raw.stated_quarter is not None:
        stated = pl.lit(raw.stated_quarter, dtype=pl.String)
        frame = frame.with_columns(stated.alias("quarter__text"), stated.alias("quarter"))
    frame = derive_quarter(contract, frame)
    checker = Checker(raw.file_name, frame)
    checker.extra = totals + notes + repeats
    check_cells(checker, contract, today)
    check_one_of(checker, contract)
    for rule in contract.rules:
        CROSS_FIELD_CHECKS[rule.check](checker, rule.text, today)
    check_duplicates(checker, contract)
    if known_units is not None:
        check_units_exist(checker, contract, known_units)
    problems, total = checker.run()
    if total:
        raise FileRejected([labelled(p, raw) for p in problems], total)
    if frame.height == 0:
        raise FileRejected([Problem.of(raw.file_name, None, None, "", msg("file.no_data_rows"))])
    ints = [c.name for c in contract.columns if c.type == "int"]
    typed = frame.select(pl.exclude(*text_cols, *raw.extra_columns, "_given_quarter"))
    return typed.with_columns(pl.col(ints).cast(pl.Int64))


def without(frame: pl.DataFrame, unwanted: pl.Expr) -> pl.DataFrame:
    """The frame without the rows where ``unwanted`` holds; the frame itself when there are
    none (filtering copies every column, a tenth of a second for a million rows)."""
    if not frame.select(unwanted.any()).item():
        return frame
    return frame.filter(~unwanted)


def labelled(problem: Problem, raw: RawTable) -> Problem:
    """The problem with its column named as the file heads it, e.g. ``次数 (sessions)``."""
    if problem.column not in raw.contract.names:
        return problem
    return replace(problem, column=raw.column_label(problem.column))


def split_repeated_headers(
    raw: RawTable, frame: pl.DataFrame
) -> tuple[pl.DataFrame, list[Problem]]:
    """Rows that repeat the header (two files pasted one under the other): one problem each
    instead of a complaint about every cell."""
    written = {name: header for name, header in raw.headers.items() if header}
    if len(written) < 2:
        return frame, []
    matches = pl.sum_horizontal(
        (pl.col(f"{name}__text") == header).fill_null(False).cast(pl.Int32)
        for name, header in written.items()
    )
    is_repeat = matches >= 2
    rows = frame.filter(is_repeat).get_column(ROW).to_list()
    text = msg("row.repeated_header")
    problems = [Problem.of(raw.file_name, row, None, "", text) for row in rows]
    return (frame.filter(~is_repeat), problems) if rows else (frame, [])


def split_total_rows(raw: RawTable, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """Rows whose text cells say 合计 / 总计 / total: reported, never silently dropped. Columns
    the contract ignores count too: forms put 合计 in their 序号 column."""
    words = [f"{c.name}__text" for c in raw.contract.columns if c.type == "text" or c.allowed]
    cells = {**{c: pl.col(c) for c in words}, **text_of_extra_columns(raw)}
    is_total = pl.any_horizontal(cell.is_in(TOTAL_SPELLINGS) for cell in cells.values())
    is_total = is_total.fill_null(False)
    totals = frame.filter(is_total).select(ROW, **cells)
    if totals.height == 0:
        return frame, []
    problems = []
    for row in totals.iter_rows(named=True):
        column = next(c for c in cells if total_word(row[c]) in TOTAL_WORDS)
        name = raw.extra_columns.get(column, column.removesuffix("__text"))
        problems.append(Problem.of(raw.file_name, row[ROW], name, row[column], msg("row.total")))
    return frame.filter(~is_total), problems


def total_word(cell: str | None) -> str:
    """A cell as a total word: half-width, without spaces, lower case (合　计 → 合计)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", cell or "")).lower()


def text_of_extra_columns(raw: RawTable) -> dict[str, pl.Expr]:
    """The text of the columns the contract ignores (padding removed), by internal name."""
    return {name: text_expr(name, normalise=False) for name in raw.extra_columns}


def split_note_rows(
    file_name: str, contract: Contract, frame: pl.DataFrame
) -> tuple[pl.DataFrame, list[Problem]]:
    """Rows that are notes or signatures below the table (填表人：张三, 注：…): one problem each
    instead of one per empty cell, never silently dropped. A note row leaves some required
    cell empty, so a complete file costs one pass over the null masks."""
    required = [f"{c.name}__text" for c in contract.columns if c.required]
    texts = [f"{name}__text" for name in contract.names]
    if not required:
        return frame, []
    candidates = frame.filter(pl.any_horizontal(pl.col(required).is_null()))
    if candidates.height == 0:
        return frame, []

    def is_note(column: str) -> pl.Expr:
        return pl.col(column).str.contains(NOTE_PATTERN).fill_null(False)

    notes = candidates.filter(
        pl.any_horizontal(is_note(c) for c in texts)
        & pl.all_horizontal(pl.col(c).is_null() | is_note(c) for c in texts)
    )
    if notes.height == 0:
        return frame, []
    problems = []
    for row in notes.iter_rows(named=True):
        column = next(name for name in contract.names if row[f"{name}__text"] is not None)
        value = row[f"{column}__text"]
        problems.append(Problem.of(file_name, row[ROW], column, value, msg("row.note")))
    return frame.filter(~pl.col(ROW).is_in(notes.get_column(ROW).implode())), problems


def derive_quarter(contract: Contract, frame: pl.DataFrame) -> pl.DataFrame:
    """Inspections take their quarter from the date; activities from the date when not given."""
    from_date = {"inspections": "inspection_date", "activities": "activity_date"}.get(contract.kind)
    if from_date is None:
        return frame
    derived = pl.lit(quarter_of_dates(frame.get_column(from_date)))
    given = pl.col("quarter") if "quarter" in frame.columns else pl.lit(None, pl.String)
    return frame.with_columns(
        given.alias("_given_quarter"), pl.coalesce(given, derived).alias("quarter")
    )


def quarter_of_dates(dates: pl.Series) -> pl.Series:
    """The quarter of each date as ``2025Q3``: an index into the quarters of the years the
    dates span (building the strings row by row costs a tenth of a second per million)."""
    years = dates.dt.year()
    first, last = years.min(), years.max()
    if first is None:
        return pl.Series(dates.name, [], dtype=pl.String).extend_constant(None, dates.len())
    labels = pl.Series([f"{y}Q{q}" for y in range(first, last + 1) for q in range(1, 5)])
    index = (years.cast(pl.Int64) - first) * 4 + dates.dt.quarter().cast(pl.Int64) - 1
    return labels.gather(index).alias(dates.name)


def check_cells(checker: Checker, contract: Contract, today: date) -> None:
    current = quarter_of_today(today)
    for column in contract.columns:
        text = pl.col(f"{column.name}__text")
        value = pl.col(column.name)
        expectation = column.expectation_text()
        expected = msg("cell.expected", expectation=expectation)
        if column.required:
            checker.reject(
                text.is_null(), column.name, msg("cell.required", expectation=expectation)
            )
        unreadable = text.is_not_null() & value.is_null()
        if column.type == "date":
            serial = text.str.contains(EXCEL_DATE_NUMBER)
            checker.reject(
                unreadable & serial,
                column.name,
                msg("cell.excel_serial", expectation=expectation),
            )
            unreadable = unreadable & ~serial
        checker.reject(unreadable, column.name, expected)
        if column.type in ("int", "number"):
            bad = range_bad_expr(column, value)
            if bad is not None:
                checker.reject(bad, column.name, expected)
            if column.percent == "points":
                checker.reject(
                    (value > 0) & (value <= 1) & ~text.str.ends_with("%"),
                    column.name,
                    msg("cell.points_fraction", expectation=expectation),
                )
            checker.reject(
                value.abs() > LARGEST_NUMBER[column.type],
                column.name,
                msg("cell.too_large", largest=f"{LARGEST_NUMBER[column.type]:,.0f}"),
            )
        if column.type == "date":
            checker.reject(
                value < EARLIEST_DATE, column.name, msg("cell.too_early", earliest=EARLIEST_DATE)
            )
        if column.type == "quarter":
            checker.reject(
                value > current,
                column.name,
                msg("cell.future_quarter", current=current),
                value,
            )
            checker.reject(value < "2000Q1", column.name, msg("cell.quarter_too_early"))


def check_one_of(checker: Checker, contract: Contract) -> None:
    if not contract.one_of:
        return
    missing = pl.all_horizontal(pl.col(f"{c}__text").is_null() for c in contract.one_of)
    names = " or ".join(contract.one_of)
    chinese = "或".join(f"{contract.column(c).zh}（{c}）" for c in contract.one_of)
    text = msg("row.one_of", names=Text(chinese, names))
    checker.reject(missing, names, text, pl.lit(""))


def check_duplicates(checker: Checker, contract: Contract) -> None:
    key = list(contract.key)
    first = pl.col(ROW).min().over(key)
    same_as = msg("row.same_as", row="{}")
    checker.reject(
        ~pl.struct(key).is_first_distinct(),
        "/".join(key),
        msg("row.duplicate", key=Text("、".join(key), ", ".join(key))),
        pl.format(same_as.en, first),
        # hashing may merge two different keys (a false alarm, recounted exactly), never the
        # other way round, and is four times faster than comparing the keys themselves
        may_fire=pl.len() - pl.struct(key).hash().n_unique(),
        value_zh=pl.format(same_as.zh, first),
    )


def check_units_exist(checker: Checker, contract: Contract, known_units: set[str]) -> None:
    known = pl.Series(sorted(known_units), dtype=pl.String)
    if contract.kind == "units":
        parents = pl.col("parent_code")
        in_file = parents.is_in(checker.frame["unit_code"].implode())
        checker.reject(
            parents.is_not_null() & ~parents.is_in(known.implode()) & ~in_file,
            "parent_code",
            msg("unit.parent_unknown"),
        )
        return
    if "unit_code" not in contract.names:
        return
    unknown = unknown_codes(checker.frame.get_column("unit_code"), known)
    without_decimal = unknown.str.replace(r"\.0+$", "")
    excel_decimal = (without_decimal != unknown) & without_decimal.is_in(known.implode())
    for codes, text in (
        (unknown.filter(excel_decimal), msg("unit.excel_decimal")),
        (unknown.filter(~excel_decimal), msg("unit.unknown")),
    ):
        if not codes.is_empty():
            checker.reject(pl.col("unit_code").is_in(codes.implode()), "unit_code", text)


def unknown_codes(codes: pl.Series, known: pl.Series) -> pl.Series:
    """The distinct codes of the column that the registry does not hold (a file of a million
    rows names a few thousand units, so this is decided once per code)."""
    distinct = codes.drop_nulls().unique()
    return distinct.filter(~distinct.is_in(known.implode()))


def rule_parent_is_not_self(checker: Checker, message: Text, today: date) -> None:
    checker.reject(pl.col("parent_code") == pl.col("unit_code"), "parent_code", message)


def rule_score_within_max(checker: Checker, message: Text, today: date) -> None:
    checker.reject(
        pl.col("score") > pl.col("max_score"),
        "score",
        message,
        pl.format("{} > {}", pl.col("score__text"), pl.col("max_score__text")),
    )


def rule_deadline_needs_finding(checker: Checker, message: Text, today: date) -> None:
    for column in ("rectify_by", "rectified_on"):
        checker.reject(pl.col(column).is_not_null() & pl.col("finding").is_null(), column, message)


def rule_not_before_inspection(checker: Checker, message: Text, today: date) -> None:
    for column in ("rectify_by", "rectified_on"):
        checker.reject(pl.col(column) < pl.col("inspection_date"), column, message)


def rule_not_in_future(checker: Checker, message: Text, today: date) -> None:
    for column in ("inspection_date", "rectified_on", "activity_date"):
        if column in checker.frame.columns:
            checker.reject(pl.col(column) > today, column, message + msg("rule.today", today=today))


def rule_satisfied_within_respondents(checker: Checker, message: Text, today: date) -> None:
    checker.reject(
        pl.col("satisfied") > pl.col("respondents"),
        "satisfied",
        message,
        pl.format("{} > {}", pl.col("satisfied__text"), pl.col("respondents__text")),
    )


def rule_date_matches_quarter(checker: Checker, message: Text, today: date) -> None:
    derived = quarter_of_date_expr(pl.col("activity_date"))
    both_given = pl.col("_given_quarter").is_not_null() & pl.col("activity_date").is_not_null()
    checker.reject(
        both_given & (derived != pl.col("_given_quarter")),
        "activity_date",
        message,
        may_fire=both_given.sum(),
    )


def rule_indicator_fields_consistent(checker: Checker, message: Text, today: date) -> None:
    # one indicator row per from_quarter: the rows of another from_quarter may differ (a
    # weight that changes from that quarter on)
    for column in ("name_zh", "name_en", "domain", "direction", "weight", "unit"):
        varies = pl.col(column).n_unique().over("indicator_code", "from_quarter") > 1
        checker.reject(varies, column, message)


def rule_rate_target_is_fraction(checker: Checker, message: Text, today: date) -> None:
    checker.reject(
        (pl.col("unit") == "rate") & ((pl.col("target") < 0) | (pl.col("target") > 1)),
        "target",
        message + msg("rule.rate_hint"),
    )


def rule_target_needs_quarter(checker: Checker, message: Text, today: date) -> None:
    checker.reject(
        pl.col("target").is_not_null() & pl.col("from_quarter").is_null(), "from_quarter", message
    )


CROSS_FIELD_CHECKS: dict[str, Callable[[Checker, Text, date], None]] = {
    name.removeprefix("rule_"): fn for name, fn in globals().items() if name.startswith("rule_")
}
