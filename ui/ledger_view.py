"""The Ledger page's tables and totals as drawn: which columns each table shows and the row of
total metrics (the figures come from the ledger queries)."""

import polars as pl
import streamlit as st

from charts.labels import fmt_date
from etl.quarters import ledger_day, unfinished
from ui import page_parts as parts
from ui.context import Context
from ui.data import query

UNIT_COLUMNS = (
    "unit_name",
    "unit_code",
    "district",
    "peer_label",
    "findings_total",
    "open_findings",
    "overdue_open",
    "closed",
    "on_time_rate",
    "mean_days_to_close",
    "oldest_open_days",
)
DISTRICT_COLUMNS = (
    "district",
    "units",
    "open_findings",
    "overdue_open",
    "closed",
    "on_time_rate",
    "mean_days_to_close",
)
FINDING_COLUMNS = (
    "unit_name",
    "district",
    "status_label",
    "inspection_date",
    "inspection_type",
    "item",
    "finding",
    "rectify_by",
    "rectified_on",
    "days_to_close",
    "days_overdue",
)


def draw_totals(ctx, totals: dict) -> None:
    """The scope's totals (query ``ledger_totals``)."""
    cols = st.columns(5)
    cols[0].metric(ctx.t("pages.col.open_findings"), f"{totals['open_findings']:,}", border=True)
    cols[1].metric(ctx.t("pages.col.overdue_open"), f"{totals['overdue_open']:,}", border=True)
    cols[2].metric(ctx.t("pages.col.closed"), f"{totals['closed']:,}", border=True)
    cols[3].metric(
        ctx.t("pages.col.on_time_rate"),
        parts.percent(totals["on_time_rate"]),
        help=ctx.t("pages.ledger.on_time_help"),
        border=True,
    )
    cols[4].metric(
        ctx.t("pages.col.mean_days_to_close"),
        parts.number(totals["mean_days_to_close"]),
        help=ctx.t("pages.ledger.days_help"),
        border=True,
    )


def empty_key(ctx: Context, district: str | None) -> str:
    """Why the ledger of the scope is empty: no finding in its inspections, or no inspection
    loaded up to the quarter at all (a new bureau's surveys and activities came first), which
    is not a clean result."""
    reported = query(
        "completeness",
        quarter=ctx.quarter,
        from_quarter=min(ctx.quarters),
        peer_group=ctx.peer_group,
        district=district,
    )
    inspected = reported.filter((pl.col("kind") == "inspections") & pl.col("reported"))
    return "pages.ledger.empty" if not inspected.is_empty() else "pages.ledger.no_inspections"


def as_at(ctx: Context) -> str:
    """The day the ledger of the chosen quarter is counted at, in words: the quarter's end,
    or today in a quarter under way (the queries' macro ``ledger_day``), so that a figure of
    a quarter not yet ended is not read as its final one."""
    if unfinished(ctx.quarter):
        day = fmt_date(ledger_day(ctx.quarter), ctx.lang)
        return ctx.t("pages.ledger.as_at_day", day=day, quarter=ctx.quarter_text)
    return ctx.t("pages.ledger.as_at_end", quarter=ctx.quarter_text)
