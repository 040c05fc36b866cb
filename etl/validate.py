"""Turning a file's text cells into typed values, and checking every row against its contract.

All checks are Polars expressions over whole columns (a million rows validate in well under a
second); each check yields the rows it rejects, so every problem names its row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import polars as pl

from etl.contracts import Column, Contract
from etl.problems import MAX_PROBLEMS, FileRejected, Problem
from etl.quarters import quarter_of_date_expr, quarter_of_today
from etl.read import RawTable, header_key

ROW = "_row"
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
NUMBER_PATTERN = r"^[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?([eE][+-]?\d+)?%?$"
EARLIEST_DATE = date(2000, 1, 1)
CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}


def text_expr(name: str) -> pl.Expr:
    """Cell text with full-width characters made half-width and padding removed; '' → null."""
    cleaned = pl.col(name).str.normalize("NFKC").str.strip_chars()
    return pl.when(cleaned == "").then(None).otherwise(cleaned)


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
    text = pl.col(name)
    parsed = [text.str.to_date(f, strict=False, exact=True) for f in DATE_FORMATS]
    with_time = text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, exact=True).dt.date()
    return pl.coalesce([*parsed, with_time])


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


def allowed_expr(name: str, allowed: dict[str, tuple[str, ...]]) -> pl.Expr:
    mapping = {
        header_key(v): canonical for canonical, vs in allowed.items() for v in (canonical, *vs)
    }
    key = pl.col(name).str.to_lowercase().str.replace_all(r"[\s*_\-:：]", "")
    return key.replace_strict(mapping, default=None, return_dtype=pl.String)


def typed_expr(column: Column) -> pl.Expr:
    """The column's typed value, read from its cleaned text (null where unreadable)."""
    source = f"{column.name}__text"
    if column.allowed:
        return allowed_expr(source, column.allowed)
    return {
        "text": lambda: pl.col(source),
        "int": lambda: number_expr(source, column.percent),
        "number": lambda: number_expr(source, column.percent),
        "date": lambda: date_expr(source),
        "quarter": lambda: quarter_expr(source),
    }[column.type]()


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


class Checker:
    """Collects rejected rows from boolean masks over a frame that has text and typed columns."""

    def __init__(self, file_name: str, frame: pl.DataFrame):
        self.file_name = file_name
        self.frame = frame
        self.parts: list[pl.DataFrame] = []
        self.total = 0

    def reject(self, mask: pl.Expr, column: str, expected: str, value: pl.Expr | None = None):
        bad = (
            self.frame.lazy()
            .filter(mask)
            .select(
                pl.col(ROW),
                pl.lit(column).alias("column"),
                (value if value is not None else pl.col(f"{column}__text"))
                .cast(pl.String)
                .fill_null("")
                .alias("value"),
                pl.lit(expected).alias("expected"),
            )
        )
        found = bad.collect()
        if found.height:
            self.total += found.height
            self.parts.append(found.head(MAX_PROBLEMS))

    def problems(self) -> list[Problem]:
        if not self.parts:
            return []
        rows = pl.concat(self.parts).sort(ROW).head(MAX_PROBLEMS)
        return [
            Problem(self.file_name, r[ROW], r["column"], r["value"], r["expected"])
            for r in rows.iter_rows(named=True)
        ]


def parse_and_check(
    raw: RawTable, today: date, known_units: set[str] | None = None
) -> pl.DataFrame:
    """The file's rows as typed values; raises ``FileRejected`` naming every problem found."""
    contract = raw.contract
    text_cols = [f"{c}__text" for c in contract.names]
    frame = (
        raw.frame.with_row_index(ROW, offset=raw.first_data_row)
        .with_columns(pl.col(ROW).cast(pl.Int64))
        .with_columns(text_expr(c).alias(f"{c}__text") for c in contract.names)
        .filter(~pl.all_horizontal(pl.col(text_cols).is_null()))
        .with_columns(typed_expr(col).alias(col.name) for col in contract.columns)
    )
    checker = Checker(raw.file_name, frame)
    check_cells(checker, contract, today)
    checker.frame = frame = derive_quarter(contract, frame)
    check_one_of(checker, contract)
    for rule in contract.rules:
        CROSS_FIELD_CHECKS[rule.check](checker, rule.message, today)
    check_duplicates(checker, contract)
    if known_units is not None:
        check_units_exist(checker, contract, known_units)
    if checker.total:
        raise FileRejected(checker.problems(), checker.total)
    if frame.height == 0:
        raise FileRejected([Problem(raw.file_name, None, None, "", "the file has no data rows")])
    return frame.select(pl.exclude(*text_cols, "_given_quarter"))


def derive_quarter(contract: Contract, frame: pl.DataFrame) -> pl.DataFrame:
    """Inspections take their quarter from the date; activities from the date when not given."""
    from_date = {"inspections": "inspection_date", "activities": "activity_date"}.get(contract.kind)
    if from_date is None:
        return frame
    derived = quarter_of_date_expr(pl.col(from_date))
    given = pl.col("quarter") if "quarter" in frame.columns else pl.lit(None, pl.String)
    return frame.with_columns(
        given.alias("_given_quarter"), pl.coalesce(given, derived).alias("quarter")
    )


def check_cells(checker: Checker, contract: Contract, today: date) -> None:
    current = quarter_of_today(today)
    for column in contract.columns:
        text = pl.col(f"{column.name}__text")
        value = pl.col(column.name)
        expectation = column.expectation()
        if column.required:
            checker.reject(text.is_null(), column.name, f"a value is required: {expectation}")
        checker.reject(text.is_not_null() & value.is_null(), column.name, f"expected {expectation}")
        if column.type in ("int", "number"):
            bad = range_bad_expr(column, value)
            if bad is not None:
                checker.reject(bad, column.name, f"expected {expectation}")
        if column.type == "date":
            checker.reject(
                value < EARLIEST_DATE, column.name, f"dates before {EARLIEST_DATE} are not accepted"
            )
        if column.type == "quarter":
            checker.reject(
                value > current,
                column.name,
                f"quarter lies in the future (the current quarter is {current})",
                value,
            )
            checker.reject(value < "2000Q1", column.name, "quarters before 2000 are not accepted")


def check_one_of(checker: Checker, contract: Contract) -> None:
    if not contract.one_of:
        return
    missing = pl.all_horizontal(pl.col(f"{c}__text").is_null() for c in contract.one_of)
    names = " or ".join(contract.one_of)
    checker.reject(missing, names, f"give {names} on every row", pl.lit(""))


def check_duplicates(checker: Checker, contract: Contract) -> None:
    key = list(contract.key)
    first = pl.col(ROW).min().over(key)
    checker.reject(
        pl.struct(key).is_duplicated() & (pl.col(ROW) != first),
        "/".join(key),
        "duplicate row: the same " + ", ".join(key) + " appears on an earlier row",
        pl.concat_str([pl.lit("same as row "), first.cast(pl.String)]),
    )


def check_units_exist(checker: Checker, contract: Contract, known_units: set[str]) -> None:
    known = pl.Series(sorted(known_units), dtype=pl.String)
    if contract.kind == "units":
        parents = pl.col("parent_code")
        in_file = parents.is_in(checker.frame["unit_code"].implode())
        checker.reject(
            parents.is_not_null() & ~parents.is_in(known.implode()) & ~in_file,
            "parent_code",
            "parent_code names no unit in the registry or in this file",
        )
        return
    if "unit_code" not in contract.names:
        return
    checker.reject(
        pl.col("unit_code").is_not_null() & ~pl.col("unit_code").is_in(known.implode()),
        "unit_code",
        "unknown unit code: load it in the unit registry (单位名录) first, or correct the code",
    )


def rule_parent_is_not_self(checker: Checker, message: str, today: date) -> None:
    checker.reject(pl.col("parent_code") == pl.col("unit_code"), "parent_code", message)


def rule_score_within_max(checker: Checker, message: str, today: date) -> None:
    checker.reject(
        pl.col("score") > pl.col("max_score"),
        "score",
        message,
        pl.format("{} > {}", pl.col("score__text"), pl.col("max_score__text")),
    )


def rule_deadline_needs_finding(checker: Checker, message: str, today: date) -> None:
    for column in ("rectify_by", "rectified_on"):
        checker.reject(pl.col(column).is_not_null() & pl.col("finding").is_null(), column, message)


def rule_not_before_inspection(checker: Checker, message: str, today: date) -> None:
    for column in ("rectify_by", "rectified_on"):
        checker.reject(pl.col(column) < pl.col("inspection_date"), column, message)


def rule_not_in_future(checker: Checker, message: str, today: date) -> None:
    for column in ("inspection_date", "rectified_on", "activity_date"):
        if column in checker.frame.columns:
            checker.reject(pl.col(column) > today, column, f"{message} ({today})")


def rule_satisfied_within_respondents(checker: Checker, message: str, today: date) -> None:
    checker.reject(
        pl.col("satisfied") > pl.col("respondents"),
        "satisfied",
        message,
        pl.format("{} > {}", pl.col("satisfied__text"), pl.col("respondents__text")),
    )


def rule_date_matches_quarter(checker: Checker, message: str, today: date) -> None:
    derived = quarter_of_date_expr(pl.col("activity_date"))
    checker.reject(
        pl.col("_given_quarter").is_not_null() & (derived != pl.col("_given_quarter")),
        "activity_date",
        message,
    )


def rule_indicator_fields_consistent(checker: Checker, message: str, today: date) -> None:
    for column in ("name_zh", "name_en", "domain", "direction", "weight", "unit"):
        varies = pl.col(column).n_unique().over("indicator_code") > 1
        checker.reject(varies, column, message)


def rule_rate_target_is_fraction(checker: Checker, message: str, today: date) -> None:
    checker.reject(
        (pl.col("unit") == "rate") & ((pl.col("target") < 0) | (pl.col("target") > 1)),
        "target",
        message + " (write 95% or 0.95)",
    )


def rule_target_needs_quarter(checker: Checker, message: str, today: date) -> None:
    checker.reject(
        pl.col("target").is_not_null() & pl.col("from_quarter").is_null(), "from_quarter", message
    )


CROSS_FIELD_CHECKS: dict[str, Callable[[Checker, str, date], None]] = {
    name.removeprefix("rule_"): fn for name, fn in globals().items() if name.startswith("rule_")
}
