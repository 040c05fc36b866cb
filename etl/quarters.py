"""Quarters are written ``2025Q3`` everywhere inside Civbench; these helpers make and step them."""

from __future__ import annotations

import re
from datetime import date

import polars as pl

QUARTER_PATTERN = re.compile(r"^\d{4}Q[1-4]$")  # the canonical spelling: 2025Q3


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_of_today(today: date | None = None) -> str:
    return quarter_of(today or date.today())


def unfinished(quarter: str, today: date | None = None) -> bool:
    """The quarter has not ended yet: its loads may still come."""
    return quarter >= quarter_of_today(today)


def default_quarter(quarters: list[str], today: date | None = None) -> str | None:
    """The quarter a page opens on: the latest one that has ended (a leader's view should not
    open on a quarter whose files are still coming in), else the latest one there is."""
    ended = [q for q in quarters if not unfinished(q, today)]
    return max(ended) if ended else max(quarters, default=None)


def quarter_of_date_expr(day: pl.Expr) -> pl.Expr:
    return pl.concat_str(
        [day.dt.year().cast(pl.String), pl.lit("Q"), day.dt.quarter().cast(pl.String)]
    )


def quarter_index(quarter: str) -> int:
    """Quarters counted from the year 0: consecutive quarters have consecutive indexes."""
    return int(quarter[:4]) * 4 + int(quarter[5]) - 1


def shift_quarter(quarter: str, steps: int) -> str:
    """The quarter ``steps`` quarters after (or, negative, before) ``quarter``."""
    index = quarter_index(quarter) + steps
    return f"{index // 4}Q{index % 4 + 1}"


def previous_with_data(quarter: str, quarters) -> str | None:
    """The quarter before ``quarter`` when it has data (is one of ``quarters``): what the
    quarter's changes of index and rank are counted from. None when it has none (the first
    quarter with data, or one after a quarter with none): there is no change to explain."""
    before = shift_quarter(quarter, -1)
    return before if before in quarters else None


def quarter_range(first: str, last: str) -> list[str]:
    out = [first]
    while out[-1] < last:
        out.append(shift_quarter(out[-1], 1))
    return out


def quarter_span(quarters: list[str]) -> str:
    """Sorted quarters as said in a summary: ``2025Q3–2026Q1`` when they follow one another,
    else each (``2016Q4, 2026Q4``: a range would claim the years between)."""
    if len(quarters) <= 1:
        return "".join(quarters)
    if quarters == quarter_range(quarters[0], quarters[-1]):
        return f"{quarters[0]}–{quarters[-1]}"
    return ", ".join(quarters)


def quarter_start(quarter: str) -> date:
    return date(int(quarter[:4]), 3 * (int(quarter[5]) - 1) + 1, 1)


def quarter_end(quarter: str) -> date:
    nxt = quarter_start(shift_quarter(quarter, 1))
    return date.fromordinal(nxt.toordinal() - 1)


def ledger_day(quarter: str, today: date | None = None) -> date:
    """The day a quarter's ledger is counted at: its end, or today while it is under way (the
    queries' macro of the same name, for the words that say which)."""
    return min(quarter_end(quarter), today or date.today())
