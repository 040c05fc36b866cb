"""The checker: every check of a file registered as a Polars mask over whole columns, then
counted in one pass; only the checks that fire are run again to list their rows, so every
problem names its spreadsheet row (``ROW``) and column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from etl.messages import Text
from etl.problems import MAX_PROBLEMS, Problem

ROW = "_row"


def as_written(column: str, frame: pl.DataFrame) -> pl.Expr:
    """A column's cells as the file has them (``<column>__raw``: full-width characters, padding
    and all, so that the user finds the value quoted in a problem with Ctrl+F), else as
    cleaned (``<column>__text``: a quarter stated when loading, or derived from a date; a
    cell of blanks, which is empty)."""
    text = pl.col(f"{column}__text")
    if f"{column}__raw" not in frame.columns:
        return text
    written = pl.col(f"{column}__raw")
    return pl.when(written.str.strip_chars() != "").then(written).otherwise(text)


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

    def __init__(
        self,
        file_name: str,
        frame: pl.DataFrame,
        stated_quarter: str | None = None,
        texts: dict[str, pl.Series] | None = None,
    ):
        self.file_name = file_name
        self.frame = frame
        # by column name: values among which is every one of its ``<name>__text`` (a large
        # file's distinct cells, cleaned: etl/cells.py ``typed_frame_and_texts``)
        self.texts = texts or {}
        # the quarter of every row, stated when loading: rules about the quarter say so
        self.stated_quarter = stated_quarter
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
        is 0 only when the true one is (rows that may be bad, or distinct bad values),
        replaces ``mask.sum()`` in the first pass. ``value_zh``
        is the value in Chinese where ``value`` is words rather than the cell as typed."""
        check = Check(mask.fill_null(False), column, expected, value, may_fire, value_zh)
        self.checks.append(check)

    def distinct_count(self, column: str, holds: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
        """How many distinct texts of the column (``<column>__text``) ``holds`` is true of, a
        ``may_fire`` count: 0 only when it is true of no row. Counted over ``texts`` where
        the column has them (a few thousand values, not a million rows)."""
        known = self.texts.get(column)
        if known is None:
            return holds(pl.col(f"{column}__text").unique()).sum()
        return pl.lit(known.to_frame("text").select(holds(pl.col("text")).sum()).item())

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
        parts = [self.rows_of(i) for i, n in enumerate(counts) if n]
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
                    self.checks[r["check"]].expected,
                )
                for r in rows.iter_rows(named=True)
            ]
        problems.sort(key=lambda p: p.row or 0)
        return problems[:MAX_PROBLEMS], total

    def rows_of(self, index: int) -> pl.DataFrame:
        check = self.checks[index]
        value = check.value if check.value is not None else as_written(check.column, self.frame)
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
                pl.lit(index, pl.Int64).alias("check"),
            )
            .collect()
        )
