"""Checking a file read by ``etl/read.py`` against its contract: its rows as typed values, or
``FileRejected`` naming every problem found.

The steps each live in a module of their own: parsing cells (``etl/cells.py``), rows that are
not data (``etl/stray_rows.py``), the rules (``etl/rules.py``) and the checker that runs them
in one pass (``etl/checker.py``). The names other modules and tests import from here stay
importable here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from etl.cells import quarter_of_dates, typed_frame, typed_frame_and_texts
from etl.checker import ROW, Checker
from etl.contracts import Contract
from etl.messages import msg
from etl.problems import FileRejected, Problem
from etl.quarters import quarter_index, quarter_span
from etl.read import RawTable
from etl.registry import RegistryView
from etl.rules import (
    CROSS_FIELD_CHECKS,
    EARLIEST_DATE,
    check_cells,
    check_duplicates,
    check_one_of,
    check_unit_names,
    check_units_exist,
    check_units_open_then,
    check_units_registered_by_then,
    stated_quarter,
)
from etl.stray_rows import (
    split_column_numbers,
    split_continued_text,
    split_group_headings,
    split_note_rows,
    split_repeated_headers,
    split_total_rows,
    without_blank_rows,
)

__all__ = [
    "CROSS_FIELD_CHECKS",
    "ROW",
    "Checked",
    "checked_rows",
    "parse_and_check",
    "quarter_of_dates",
    "stated_quarter",
    "typed_frame",
]


@dataclass(frozen=True)
class Checked:
    """A file's rows that passed every check (``frame``) and what a load says of them, found
    while checking them (each a pass over a million rows, not made again): the quarters they
    are in, sorted (none when the rows have no quarter), and how many units they name."""

    frame: pl.DataFrame
    quarters: list[str]
    units: int


def parse_and_check(
    raw: RawTable, today: date, registry: RegistryView | None = None
) -> pl.DataFrame:
    """The file's rows as typed values; raises ``FileRejected`` naming every problem found.

    ``registry``: the unit registry the rows are checked against (their codes, the quarters
    their units are registered and open, the names the codes have had:
    ``etl.registry.registry_view``); None: none of those checks."""
    return checked_rows(raw, today, registry).frame


def checked_rows(raw: RawTable, today: date, registry: RegistryView | None = None) -> Checked:
    """``parse_and_check``'s rows with their quarters and number of units (``Checked``)."""
    contract = raw.contract
    text_cols = [f"{c}__text" for c in contract.names]
    raw_cols = [f"{c}__raw" for c in contract.names]
    # each cell as written too, for the problems to quote (the columns are shared, not copied)
    cells = raw.frame.with_columns(pl.col(c).alias(f"{c}__raw") for c in contract.names)
    frame, texts = typed_frame_and_texts(cells, contract)
    frame = frame.with_row_index(ROW, offset=raw.first_data_row).with_columns(
        pl.col(ROW).cast(pl.Int64)
    )
    frame = with_shown_numbers(raw, frame)
    frame = without_blank_rows(raw, frame)
    frame, totals = split_total_rows(raw, frame, texts)
    frame, notes = split_note_rows(raw, frame, texts)
    frame, headings = split_group_headings(raw, frame)
    frame, repeats = split_repeated_headers(raw, frame, texts)
    frame, numbers = split_column_numbers(raw, frame)
    frame, continued = split_continued_text(raw, frame)
    not_data = totals + notes + headings + repeats + numbers + continued
    refuse_formula_cells(raw, not_data)
    if raw.stated_quarter is not None:
        texts.pop("quarter", None)  # the cells are replaced by the quarter stated
        stated = pl.lit(raw.stated_quarter, dtype=pl.String)
        frame = frame.with_columns(stated.alias("quarter__text"), stated.alias("quarter"))
    frame = derive_quarter(contract, frame)
    checker = Checker(raw.file_name, frame, raw.stated_quarter, texts)
    checker.extra = not_data
    check_cells(checker, contract, today, year_column_of(raw))
    check_one_of(checker, contract)
    for rule in contract.rules:
        CROSS_FIELD_CHECKS[rule.check](checker, rule.text, today)
    check_duplicates(checker, contract)
    # the distinct codes and quarters, each found once: for the checks and for ``Checked``
    codes = distinct_codes(frame, texts)
    quarters = frame.group_by("quarter").len() if "quarter" in frame.columns else None
    if registry is not None:
        check_units_exist(checker, contract, registry.codes, registry.names, codes)
        column = quarter_column(raw)
        check_units_registered_by_then(checker, contract, registry.registered_from, column)
        check_units_open_then(checker, contract, registry.closures, column)
    if raw.title_quarters and "quarter" in checker.frame.columns:
        check_quarter_of_title(checker, raw)
    if quarters is not None:
        check_quarters_together(checker, raw, quarters)
    if registry is not None and contract.kind != "units":
        check_unit_names(checker, raw.extra_columns, registry.names_with_mergers)
    problems, total = checker.run()
    if total:
        raise FileRejected([labelled(p, raw) for p in problems], total, rows=checker.frame)
    if frame.height == 0:
        raise FileRejected([Problem.of(raw.file_name, None, None, "", msg("file.no_data_rows"))])
    ints = [c.name for c in contract.columns if c.type == "int"]
    shown = [f"{name}__shown" for name in raw.shown_numbers]
    typed = frame.select(
        pl.exclude(*text_cols, *raw_cols, *shown, *raw.extra_columns, "_given_quarter")
    )
    return Checked(
        typed.with_columns(pl.col(ints).cast(pl.Int64)),
        sorted(quarters.get_column("quarter").to_list()) if quarters is not None else [],
        codes.len() if codes is not None else 0,
    )


# the headers of a year column beside a quarter column (年度 2026, 季度 4), which the quarter's
# problems name: a quarter is written with its year, in one column
YEAR_HEADERS = ("年度", "年份", "年", "考核年度", "统计年度", "填报年度", "year")


def year_column_of(raw: RawTable) -> str | None:
    """The header of a column the contract ignores that holds the year, as written; None."""
    return next(
        (header for header in raw.extra_columns.values() if header.strip() in YEAR_HEADERS), None
    )


def distinct_codes(frame: pl.DataFrame, texts: dict[str, pl.Series]) -> pl.Series | None:
    """The file's distinct unit codes (None: it has no such column). For a large file, from
    the cleaned texts of its distinct code cells (``texts``, etl/cells.py
    ``typed_frame_and_texts``), a few thousand values rather than a million rows: a file that
    passes has each of those codes in some row (a row set apart as no data refuses the file,
    and a blank row has no code), and the checks of one that does not look a code up only to
    find its rows (etl/rules.py ``unknown_codes``)."""
    if "unit_code" not in frame.columns:
        return None
    if "unit_code" in texts:
        return texts["unit_code"].drop_nulls().unique()
    return frame.get_column("unit_code").unique()


def with_shown_numbers(raw: RawTable, frame: pl.DataFrame) -> pl.DataFrame:
    """``<column>__shown``: a count's cell as the sheet shows it where its number format hides
    its decimals (``RawTable.shown_numbers``), else null; added only for such a sheet, for
    the refusal to quote (etl/rules.py ``reject_hidden_decimals``)."""
    return frame.with_columns(
        pl.col(ROW)
        .replace_strict(shown, default=None, return_dtype=pl.String)
        .alias(f"{name}__shown")
        for name, shown in raw.shown_numbers.items()
    )


def refuse_formula_cells(raw: RawTable, not_data: list[Problem]) -> None:
    """``FileRejected`` naming each cell of a data row whose formula the reader cannot give
    (``RawTable.formula_problems``), before the cells are checked (read as empty, each would
    be refused again as missing), with the rows that are not data (``not_data``: totals,
    notes, repeated headers) in the same refusal, so that one round fixes both. A formula in
    such a row is none of its problems: a 合计 row's =SUM(F5:F9) is refused as a total row,
    to be deleted, not as a formula to be calculated first. A row with a cell struck through
    (``RawTable.struck_problems``) is refused in the same way, before its cells are checked."""
    rows = {problem.row for problem in not_data}
    formulas = [p for p in raw.formula_problems + raw.struck_problems if p.row not in rows]
    if formulas:
        every = sorted(formulas + not_data, key=lambda p: p.row or 0)
        raise FileRejected(every, len(every))


def check_quarter_of_title(checker: Checker, raw: RawTable) -> None:
    """A row of a quarter the form's title does not name (2026年第三季度…, a date of 5 Oct):
    a slip in the date or a row of another form; it would load into another quarter unseen."""
    named = list(raw.title_quarters)
    text = msg("row.quarter_unlike_title", title=", ".join(named))
    quarter = pl.col("quarter")
    checker.reject(quarter.is_not_null() & ~quarter.is_in(named), quarter_column(raw), text)


def check_quarters_together(checker: Checker, raw: RawTable, counts: pl.DataFrame) -> None:
    """Rows of quarters more than a year away from the quarters most of the file's rows are
    in (2016-10-09 among the dates of 2026Q4): a year mistyped, most likely. Loaded, such a
    row makes a quarter of its own, years back, and its finding years overdue. A file whose
    quarters follow one another with no year-long gap (a bureau's history) passes.
    ``counts``: quarter, len: the rows of each quarter of the file."""
    counts = counts.drop_nulls("quarter").sort("quarter")
    if counts.height < 2:
        return
    groups: list[list[tuple[str, int]]] = []
    for quarter, rows in counts.iter_rows():
        if not groups or quarter_index(quarter) - quarter_index(groups[-1][-1][0]) > 4:
            groups.append([])
        groups[-1].append((quarter, rows))
    if len(groups) < 2:
        return
    main = max(reversed(groups), key=lambda group: sum(rows for _, rows in group))
    others = [quarter for group in groups if group is not main for quarter, _ in group]
    text = msg("row.quarter_apart", quarters=quarter_span([q for q, _ in main]))
    checker.reject(pl.col("quarter").is_in(others), quarter_column(raw), text)


def quarter_column(raw: RawTable) -> str:
    """The column a row's quarter comes from: the quarter's when the file has one (or the
    loader stated it), else the date's it is derived from, so that the cell named is the
    one to correct."""
    given = "quarter" in raw.headers or raw.stated_quarter is not None
    return "quarter" if given else DATE_OF_QUARTER.get(raw.kind, "quarter")


def labelled(problem: Problem, raw: RawTable) -> Problem:
    """The problem with its column named as the file heads it, e.g. ``次数 (sessions)``; a
    problem of several columns (a key repeated, none of two filled) as ``单位编码/季度/…``,
    each as the file heads it or, absent from the file, by its Chinese name."""
    names = (problem.column or "").split("/")
    if not set(names) <= set(raw.contract.names):
        return problem
    if len(names) == 1:
        column = problem.column
        return replace(
            problem, column=raw.column_label(column), column_zh=raw.column_label_zh(column)
        )
    return replace(problem, column=as_headed(raw.contract, names, raw.headers))


def as_headed(contract: Contract, names: list[str], headers: dict[str, str]) -> str:
    """Columns as the file heads them (``headers``, by column name: 机构编码/督查日期), a column
    it lacks (a quarter stated when loading) by its Chinese name."""
    return "/".join(headers.get(name) or contract.column_label(name, "zh") for name in names)


DATE_OF_QUARTER = {"inspections": "inspection_date", "activities": "activity_date"}


def derive_quarter(contract: Contract, frame: pl.DataFrame) -> pl.DataFrame:
    """Inspections take their quarter from the date; activities from the date when not given."""
    from_date = DATE_OF_QUARTER.get(contract.kind)
    if from_date is None:
        return frame
    # a date refused as too early (25.7.5, the year 25) gives no quarter to be refused again
    dated = pl.when(pl.col(from_date) >= EARLIEST_DATE).then(pl.col(from_date))
    derived = pl.lit(quarter_of_dates(frame.select(dated).to_series()))
    given = pl.col("quarter") if "quarter" in frame.columns else pl.lit(None, pl.String)
    return frame.with_columns(
        given.alias("_given_quarter"), pl.coalesce(given, derived).alias("quarter")
    )
