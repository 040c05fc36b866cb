"""The Overview page's lower parts as drawn: the biggest movers and the reporting counts.

Presentation only: who moved and who reported come from the named queries (movers,
reporting_summary)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from charts import builders
from charts.labels import group_label, ranked_set_words
from etl.contracts import ALL_PEER_GROUPS
from etl.quarters import unfinished
from ui import page_parts as parts
from ui.context import Context

MOVER_COLUMNS = ("unit_name", "peer_label", "since_rank", "rank", "movement", "value_change")


def index_label(ctx: Context) -> str:
    """The headline's index card, named as the deck's headline names the same figure: the
    whole area's (全市文明指数, 全县文明指数), or the peer group's when one is chosen
    (三级医院文明指数). It said 全局文明指数 beside a deck that says 全市, whichever group."""
    if ctx.peer_group in (None, ALL_PEER_GROUPS):
        return ctx.t("pages.overview.bureau_index")
    return ctx.t("pages.overview.group_index", group=group_label(ctx.peer_group, ctx.lang))


def end_heading(ctx: Context, end: str, rows: pl.DataFrame, n: int, everything: bool = True) -> str:
    """A list's heading (前10名, 后10名) that says when ties made it longer than ``n``: a
    province's first place is shared by 91 units, and 前10名 over a table whose first dozen
    rows all read 1 named a dozen of them as the top ten (the deck's title says 91 家单位并列
    第一, as this heading now does). The list of every unit listed (end 'whole') is the whole
    ranking for a viewer of ``everything``, else the viewer's units, ranked among all."""
    if end == "whole":
        key = "pages.overview.whole" if everything else "pages.overview.whole_yours"
        scope = group_label(ctx.peer_group or ALL_PEER_GROUPS, ctx.lang)
        return ctx.t(key, n=rows.height, scope=scope)
    heading = ctx.t(f"pages.overview.{end}", n=n)
    if rows.height <= n:
        return heading
    first = rows.filter(pl.col("rank") == 1).height
    if end == "top" and first > n:
        return ctx.t("pages.overview.top_tied_first", n=n, count=first)
    return ctx.t("pages.overview.end_with_ties", end=heading, count=rows.height)


def draw_movers(ctx: Context, movers: pl.DataFrame) -> None:
    """The biggest movers (query ``movers``) as a chart and a table, and a note when the
    two quarters ranked different numbers of units."""
    if movers.is_empty():
        st.subheader(ctx.t("charts.movers.title"))
        parts.empty_state(ctx, "pages.overview.no_movers")
        return
    parts.chart_with_downloads(builders.render_movers_chart(movers, ctx.lang), ctx, "movers")
    if note := ranked_set_words(movers, ctx.lang):
        st.caption(note)
    shown = builders.with_peer_labels(movers, ctx.lang).with_columns(parts.movement())
    config = parts.text_columns(MOVER_COLUMNS, ctx.lang) | {
        "value_change": st.column_config.NumberColumn(
            ctx.t("pages.col.value_change"), format="%+.1f"
        )
    }
    parts.unit_table(shown, ctx, "movers_table", MOVER_COLUMNS, config, height="fit")
    table = shown.select(MOVER_COLUMNS)
    parts.table_downloads(table, ctx, "movers", columns=MOVER_COLUMNS, config=config)


def draw_completeness(ctx: Context, reporting: pl.DataFrame) -> None:
    """One metric per kind of report (query ``reporting_summary``). In a quarter under way the
    units without a report have not sent it yet: none is missing before the quarter ends."""
    st.subheader(ctx.t("pages.overview.reporting"))
    cols = st.columns(reporting.height)
    under_way = unfinished(ctx.quarter)
    words = "pages.overview.not_yet" if under_way else "pages.overview.missing"
    for col, row in zip(cols, reporting.iter_rows(named=True), strict=True):
        missing = row["units_missing"]
        col.metric(
            ctx.t(f"charts.kind.{row['kind']}"),
            f"{row['units_reported']:,} / {row['units_expected']:,}",
            delta=ctx.t(words, n=missing) if missing else None,
            delta_color="off" if under_way else "inverse",
            delta_arrow="off",
            border=True,
        )
    parts.page_link(
        ctx, "pages/data_quality.py", "pages.overview.to_data_quality", ":material/fact_check:"
    )
