"""The unit profile as drawn: the headline (index, ranks with their change, the share of the
weight the index covers), the indicator trends, the activities and the findings.

Presentation only: the figures come from the named queries (rank_history, unit_profile,
findings, finding_counts, unit_activities).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
import streamlit as st

from charts import builders
from charts.labels import MISSING
from i18n import t
from ui import page_parts as parts
from ui import tables
from ui.context import Context
from ui.data import query
from ui.ledger_view import as_at
from ui.literal import literal

INDEX = "index"
FINDING_COLUMNS = (
    "status_label",
    "inspection_date",
    "inspection_type",
    "item",
    "finding",
    "rectify_by",
    "rectified_on",
    "days_overdue",
)
ACTIVITY_CODES = ("volunteer_hours_per_100_staff", "public_benefit_sessions")
ACTIVITY_COLUMNS = (
    "quarter",
    "activity_date",
    "activity_type",
    "sessions",
    "participants",
    "volunteer_hours",
)


def draw_headline(ctx, history: pl.DataFrame) -> None:
    """The unit's index, ranks and weight covered in the chosen quarter (query rank_history)."""
    now = history.filter(pl.col("quarter") == ctx.quarter)
    row = now.row(0, named=True) if now.height else None
    cols = st.columns(4)
    index_change = row["index_change"] if row else None
    insufficient = row is not None and row["status"] == "insufficient_data"
    cols[0].metric(
        ctx.t("pages.profile.index_in", quarter=ctx.quarter_text),
        ctx.t("pages.status.insufficient_data")
        if insufficient
        # two decimals, as ranked and as the Rankings page shows it (docs/METHOD.md §4)
        else parts.number(row["civility_index"] if row else None, 2),
        **parts.change_delta(ctx, index_change),
        border=True,
    )
    cols[1].metric(
        rank_label(ctx, row, "pages.profile.rank_in_group", "units_ranked"),
        rank_text(ctx, row, "rank"),
        delta=rank_delta(ctx, row, "rank_change"),
        border=True,
    )
    cols[2].metric(
        rank_label(ctx, row, "pages.profile.rank_overall", "overall_units_ranked"),
        rank_text(ctx, row, "overall_rank"),
        delta=rank_delta(ctx, row, "overall_rank_change"),
        border=True,
    )
    covered, needed = (row["weight_covered"], row["weight_needed"]) if row else (None, None)
    cols[3].metric(
        ctx.t("pages.col.weight_covered"),
        parts.percent(covered),
        help=ctx.t("pages.profile.weight_help", needed=parts.percent(needed)),
        border=True,
    )
    if insufficient:
        shares = {"covered": parts.percent(covered), "needed": parts.percent(needed)}
        st.warning(ctx.t("pages.profile.insufficient", **shares))


def rank_label(ctx, row: dict | None, key: str, out_of: str) -> str:
    """A rank card's label with the number of units ranked: at province scale the card's value
    had no room for it ("第 2977 / …")."""
    label = ctx.t(key)
    if not row or row[out_of] is None:
        return label
    return ctx.t("pages.profile.ranked_of", label=label, total=f"{row[out_of]:,}")


def rank_text(ctx, row: dict | None, rank: str) -> str:
    """The rank alone (its card's label says out of how many: ``rank_label``)."""
    if not row or row[rank] is None:
        return MISSING
    return ctx.t("pages.profile.rank_of", rank=f"{row[rank]:,}")


def rank_delta(ctx, row: dict | None, change: str) -> str | None:
    """Places moved up (positive) since the previous quarter (query ``rank_history``)."""
    if not row or row[change] is None:
        return None
    return ctx.t("pages.profile.places", n=f"{row[change]:+d}")


def trend_spec(code: str, indicators: Mapping[str, Mapping], lang: str) -> tuple[str, bool, str]:
    """(title, is a rate, field charted) of a trend chart: the index's score, else the
    indicator's value, its title saying when lower is better."""
    if code == INDEX:
        return t("charts.index", lang), False, "score"
    meta = indicators[code]
    title = parts.indicator_label(meta, lang)
    if meta["direction"] == "lower":
        title += t("pages.profile.lower_better", lang)
    return title, meta["unit"] == "rate", "value"


def in_pairs(codes: list[str]) -> list[tuple[str, str | None]]:
    """Codes two by two, for a row of two charts; an odd last one is alone (None beside it)."""
    rights = [*codes[1::2], None] if len(codes) % 2 else codes[1::2]
    return list(zip(codes[::2], rights, strict=True))


def indicator_chart(ctx: Context, profile: pl.DataFrame, indicators, unit_code, code) -> None:
    """One trend chart of the unit (query ``unit_profile``): the index or one indicator."""
    rows = profile.filter(pl.col("indicator_code") == code)
    title, rate, field = trend_spec(code, indicators, ctx.lang)
    if rows.filter(pl.col(field).is_not_null()).is_empty():  # named, said, nothing to download
        with st.container(border=True):
            st.markdown(f"**{literal(title)}**")
            # the index is charted for ranked quarters only (queries/unit_profile.sql): a unit
            # whose indicators cover too little of the weight has values but no index trend
            st.caption(
                ctx.t("pages.profile.no_index" if code == INDEX else "pages.profile.no_values_for")
            )
        return
    whole = code != INDEX and indicators[code]["unit"] == "count"
    chart = builders.render_unit_trend_chart(
        rows, ctx.lang, title=title, is_rate=rate, field=field, whole=whole
    )
    detail, subject = f"{unit_code}_{code}", unit_subject(ctx, unit_code)
    parts.chart_with_downloads(chart, ctx, "unit_trend", detail=detail, subject=subject)


def draw_index(ctx: Context, profile: pl.DataFrame, indicators, unit_code: str) -> None:
    """The index's trend, first on the page, with what its band and dashes are (they were
    said only under the indicators' heading, below it)."""
    st.caption(ctx.t("pages.profile.index_help"))
    indicator_chart(ctx, profile, indicators, unit_code, INDEX)


def draw_indicators(ctx: Context, profile: pl.DataFrame, indicators, unit_code: str) -> None:
    """Every indicator but the activities', two charts a row."""
    st.subheader(ctx.t("pages.profile.indicators"))
    st.caption(ctx.t("pages.profile.indicators_help"))
    codes = [c for c in indicators if c not in ACTIVITY_CODES]
    for pair in in_pairs(codes):
        cols = st.columns(2)
        for col, code in zip(cols, pair, strict=True):
            if code:
                with col:
                    indicator_chart(ctx, profile, indicators, unit_code, code)


def draw_activities(ctx: Context, profile: pl.DataFrame, indicators, unit_code: str) -> None:
    """The activity indicators' trends, then the unit's activities of the quarter."""
    st.subheader(ctx.t("pages.profile.activities"))
    present = [c for c in ACTIVITY_CODES if c in indicators]
    if not present:
        parts.empty_state(ctx, "pages.profile.no_activity_indicators")
    else:
        cols = st.columns(len(present))
        for col, code in zip(cols, present, strict=True):
            with col:
                indicator_chart(ctx, profile, indicators, unit_code, code)
    draw_activity_list(ctx, unit_code)


def draw_activity_list(ctx: Context, unit_code: str) -> None:
    """The unit's activities in the chosen quarter (query ``unit_activities``)."""
    st.markdown(f"**{ctx.t('pages.profile.activity_list', quarter=ctx.quarter_text)}**")
    done = query("unit_activities", unit_code=unit_code, quarter=ctx.quarter)
    if done.is_empty():
        parts.empty_state(ctx, "pages.profile.no_activities")
        return
    shown = done.select(ACTIVITY_COLUMNS)
    config = parts.text_columns(ACTIVITY_COLUMNS, ctx.lang) | {
        "volunteer_hours": st.column_config.NumberColumn(
            ctx.t("pages.col.volunteer_hours"), format="%.1f"
        )
    }
    height = parts.fitted_height(shown.height)
    tables.dataframe(shown, hide_index=True, column_config=config, height=height)
    parts.table_downloads(
        shown,
        ctx,
        "activities",
        detail=unit_code,
        columns=ACTIVITY_COLUMNS,
        config=config,
        subject=unit_subject(ctx, unit_code),
    )


def draw_findings(ctx: Context, unit_code: str) -> None:
    """The unit's findings of the quarter: a count per status, then the list."""
    st.subheader(ctx.t("pages.profile.findings"))
    found = query("findings", quarter=ctx.quarter, unit_code=unit_code)
    if found.is_empty():
        parts.empty_state(ctx, "pages.profile.no_findings", as_at=as_at(ctx))
        return
    counts = query("finding_counts", quarter=ctx.quarter, unit_code=unit_code)
    cols = st.columns(counts.height)
    for col, row in zip(cols, counts.iter_rows(named=True), strict=True):
        col.metric(ctx.t(f"pages.status.{row['status']}"), row["findings"], border=True)
    shown = parts.with_status_labels(found, ctx).select(FINDING_COLUMNS)
    tables.dataframe(
        shown,
        hide_index=True,
        column_config=parts.text_columns(FINDING_COLUMNS, ctx.lang),
        height=320,
    )
    subject = unit_subject(ctx, unit_code)
    parts.table_downloads(
        shown, ctx, "findings", detail=unit_code, columns=FINDING_COLUMNS, subject=subject
    )


def draw_rank_history(ctx: Context, history: pl.DataFrame, unit_code: str) -> None:
    chart = builders.render_rank_history_chart(history, ctx.lang)
    subject = unit_subject(ctx, unit_code)
    parts.chart_with_downloads(chart, ctx, "rank_history", detail=unit_code, subject=subject)


def unit_subject(ctx: Context, unit_code: str) -> str:
    """The unit as its files name it, from its latest registry row (``parts.unit_subject``)."""
    [unit] = query("units").filter(pl.col("unit_code") == unit_code).rows(named=True)
    return parts.unit_subject(ctx, unit)
