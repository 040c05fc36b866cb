"""Unit profile (?unit=U0001): one unit's civility index and every indicator over time against
its target and its peer group's median and quartiles; its findings; its activities; its rank
history."""

import polars as pl
import streamlit as st

from charts import builders
from ui import page_parts as parts
from ui import profile_view, registry_view
from ui.data import query
from ui.frame import frame

ctx = frame("unit_profile")

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

units = query("units")
if units.is_empty():
    st.title(ctx.t("frame.menu.unit_profile"))
    parts.empty_state(ctx, "pages.no_units")
    st.stop()

unit_rows = {row["unit_code"]: row for row in units.iter_rows(named=True)}
codes = list(unit_rows)


def unit_label(code: str) -> str:
    return f"{code} {unit_rows[code]['unit_name']}"


parts.seed_widget("up_unit", parts.url_choice("unit", codes, codes[0]))
asked = st.query_params.get("unit")
if asked in unit_rows and asked != st.session_state["up_unit"]:
    st.session_state["up_unit"] = asked  # a link to another unit, in the same session
unit_code = st.sidebar.selectbox(
    ctx.t("pages.profile.choose_unit"),
    codes,
    format_func=unit_label,
    key="up_unit",
    on_change=lambda: parts.keep_in_url(unit=st.session_state["up_unit"]),
)
parts.keep_in_url(unit=unit_code)
unit = unit_rows[unit_code]
if asked and asked not in unit_rows:
    st.warning(ctx.t("pages.profile.unknown_unit", unit=asked))

st.title(unit["unit_name"])
st.caption(
    ctx.t(
        "pages.profile.caption",
        code=unit_code,
        district=unit["district"],
        group=builders.peer_group_label(unit["peer_group"], ctx.lang),
        staff=unit["staff_count"],
    )
)

indicators = query("indicators").filter(pl.col("has_definition"))
indicator_rows = {row["indicator_code"]: row for row in indicators.iter_rows(named=True)}
profile = query("unit_profile", unit_code=unit_code)
history = query("rank_history", unit_code=unit_code)


def indicator_chart(code: str) -> None:
    rows = profile.filter(pl.col("indicator_code") == code)
    if code == INDEX:
        title, rate, field = ctx.t("charts.index"), False, "score"
    else:
        meta = indicator_rows[code]
        title, rate, field = parts.indicator_label(meta, ctx.lang), meta["unit"] == "rate", "value"
        if meta["direction"] == "lower":
            title += ctx.t("pages.profile.lower_better")
    chart = builders.render_unit_trend_chart(rows, ctx.lang, title=title, is_rate=rate, field=field)
    parts.chart_with_downloads(chart, ctx, "unit_trend", detail=f"{unit_code}_{code}")


def draw_indicators() -> None:
    st.subheader(ctx.t("pages.profile.indicators"))
    st.caption(ctx.t("pages.profile.indicators_help"))
    codes = [c for c in indicator_rows if c not in ACTIVITY_CODES]
    for left, right in zip(codes[::2], [*codes[1::2], None], strict=True):
        cols = st.columns(2)
        with cols[0]:
            indicator_chart(left)
        if right:
            with cols[1]:
                indicator_chart(right)


def draw_findings() -> None:
    st.subheader(ctx.t("pages.profile.findings"))
    found = query("findings", quarter=ctx.quarter, unit_code=unit_code)
    if found.is_empty():
        parts.empty_state(ctx, "pages.profile.no_findings")
        return
    counts = query("finding_counts", quarter=ctx.quarter, unit_code=unit_code)
    cols = st.columns(counts.height)
    for col, row in zip(cols, counts.iter_rows(named=True), strict=True):
        col.metric(ctx.t(f"pages.status.{row['status']}"), row["findings"], border=True)
    shown = parts.with_status_labels(found, ctx).select(FINDING_COLUMNS)
    st.dataframe(
        shown,
        hide_index=True,
        column_config=parts.text_columns(FINDING_COLUMNS, ctx.lang),
        height=320,
    )
    parts.table_downloads(shown, ctx, "findings", detail=unit_code, columns=FINDING_COLUMNS)


def draw_activities() -> None:
    st.subheader(ctx.t("pages.profile.activities"))
    present = [c for c in ACTIVITY_CODES if c in indicator_rows]
    if not present:
        parts.empty_state(ctx, "pages.profile.no_activity_indicators")
    else:
        cols = st.columns(len(present))
        for col, code in zip(cols, present, strict=True):
            with col:
                indicator_chart(code)
    draw_activity_list()


def draw_activity_list() -> None:
    """The unit's activities in the chosen quarter (query ``unit_activities``)."""
    st.markdown(f"**{ctx.t('pages.profile.activity_list', quarter=ctx.quarter)}**")
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
    st.dataframe(shown, hide_index=True, column_config=config, height=height)
    parts.table_downloads(shown, ctx, "activities", detail=unit_code, columns=ACTIVITY_COLUMNS)


def draw_rank_history() -> None:
    chart = builders.render_rank_history_chart(history, ctx.lang)
    parts.chart_with_downloads(chart, ctx, "rank_history", detail=unit_code)


if profile.is_empty():
    parts.empty_state(ctx, "pages.profile.no_values")
    st.stop()

profile_view.draw_headline(ctx, history)
indicator_chart(INDEX)
draw_indicators()
draw_activities()
draw_findings()
draw_rank_history()
registry_view.unit_history(ctx, query("unit_history", unit_code=unit_code))
