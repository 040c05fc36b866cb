"""Trends: the bureau over time — the share of units meeting each indicator's target, the
distribution of the civility index per peer group, and a units × quarters heatmap."""

import polars as pl
import streamlit as st

from charts import builders
from etl.quarters import unfinished
from ui import page_parts as parts
from ui import tables
from ui.data import query, viewer_scope
from ui.frame import frame
from ui.published import publication_params
from ui.system_changes import note_window_changes

ctx = frame("trends")

DEFAULT_WINDOW = 8
HEATMAP_UNITS = 100
ATTAINMENT_COLUMNS = ("quarter", "indicator", "units_with_value", "units_meeting", "attainment")

st.title(ctx.t("frame.menu.trends"))
if not ctx.quarters:
    parts.no_data_state(ctx)
    st.stop()

quarters = list(ctx.quarters)
districts = query("districts")["district"].to_list()


def read_filters() -> dict:
    """Quarter window and districts, from the URL first, changed together in one form. The
    window ends by default at the page's quarter (the latest ended one unless chosen), not at
    a quarter under way whose few reports would read as a collapse."""
    last = quarters.index(ctx.quarter) if ctx.quarter in quarters else len(quarters) - 1
    default_start = quarters[max(0, last + 1 - DEFAULT_WINDOW)]
    start = parts.url_choice("from", quarters, default_start)
    end = parts.url_choice("to", quarters, quarters[last])
    if start > end:
        start, end = end, start
    parts.seed_widget("tr_window", (start, end))
    with st.form("trends_filters", border=False):
        cols = st.columns([3, 3, 1])
        if len(quarters) > 1:
            cols[0].select_slider(
                ctx.t("pages.trends.window"),
                quarters,
                key="tr_window",
                format_func=ctx.quarter_said,
            )
        parts.district_filter(cols[1], ctx, "tr_districts", districts, many=True)
        cols[2].form_submit_button(ctx.t("pages.apply"), type="primary")
    start, end = st.session_state["tr_window"]
    chosen = {"from": start, "to": end, "district": st.session_state["tr_districts"]}
    parts.keep_in_url(**chosen)
    return chosen


def in_window(df: pl.DataFrame, chosen: dict) -> pl.DataFrame:
    return df.filter(pl.col("quarter").is_between(pl.lit(chosen["from"]), pl.lit(chosen["to"])))


def draw_attainment(chosen: dict) -> None:
    # the rates take no quarter: read them as the index below is read (its to_quarter), as
    # published when the window's last quarter is shown as published, not as the store is now
    published = publication_params(ctx, chosen["to"])
    rates = query("attainment_rates", peer_group=ctx.peer_group, **published)
    rates = in_window(rates, chosen)
    if rates.is_empty():
        parts.empty_state(ctx, "pages.trends.no_attainment")
        return
    chart = builders.render_attainment_chart(rates, ctx.lang)
    parts.chart_with_downloads(chart, ctx, "attainment", window_of(chosen))
    if chosen["district"] or not viewer_scope().is_everything:  # beside figures of fewer units
        scope = builders.peer_group_label(ctx.peer_group, ctx.lang)
        st.caption(ctx.t("pages.trends.attainment_bureau_wide", scope=scope))
    note_window_changes(ctx, chosen["from"], chosen["to"])  # a target raised, not the units
    table = rates.select(
        "quarter",
        pl.col(builders.name_column(ctx.lang)).alias("indicator"),
        "units_with_value",
        "units_meeting",
        pl.col("attainment_rate").alias("attainment"),
    )
    with st.expander(ctx.t("pages.trends.attainment_table")):
        config = parts.text_columns(ATTAINMENT_COLUMNS, ctx.lang) | {
            "attainment": parts.percent_column(ctx.t("charts.attainment.rate"))
        }
        tables.dataframe(table, hide_index=True, column_config=config)
    parts.table_downloads(
        table, ctx, "attainment", window_of(chosen), columns=ATTAINMENT_COLUMNS, config=config
    )


def index_by_quarter(chosen: dict) -> pl.DataFrame:
    """The civility index of every unit in scope, for each quarter of the window."""
    return query(
        "index_series",
        from_quarter=chosen["from"],
        to_quarter=chosen["to"],
        peer_group=ctx.peer_group,
        districts=chosen["district"] or None,
    )


def window_of(chosen: dict) -> str:
    """The window as an export's file name gives it: 2025Q4-2026Q3."""
    return f"{chosen['from']}-{chosen['to']}"


def draw_distribution(index: pl.DataFrame, chosen: dict) -> None:
    chart = builders.render_index_distribution_chart(index, ctx.lang)
    window, districts = window_of(chosen), chosen["district"]
    parts.chart_with_downloads(chart, ctx, "index_distribution", window, districts)


def draw_heatmap(index: pl.DataFrame, chosen: dict) -> None:
    units = builders.heatmap_order(index)["unit_code"]
    if units.len() > HEATMAP_UNITS:
        st.caption(ctx.t("pages.trends.heatmap_cut", shown=HEATMAP_UNITS, total=units.len()))
        index = index.filter(pl.col("unit_code").is_in(units.head(HEATMAP_UNITS).to_list()))
    chart = builders.render_heatmap_chart(index, ctx.lang)
    window, districts = window_of(chosen), chosen["district"]
    parts.chart_with_downloads(chart, ctx, "heatmap", window, districts)
    wide = builders.heatmap_table(index)
    quarters = builders.heatmap_headers(wide, ctx.lang)  # as the heatmap's axis says them
    indices = {q: parts.index_column(q) for q in quarters}  # 85.20
    units = ("unit_code", "unit_name")  # headed in the reader's language
    parts.table_downloads(
        wide, ctx, "heatmap", window, quarters, units, districts=districts, config=indices
    )


chosen = read_filters()
start, end = (ctx.quarter_said(chosen[edge]) for edge in ("from", "to"))
scope = builders.peer_group_label(ctx.peer_group, ctx.lang)
st.caption(ctx.t("pages.trends.caption", start=start, end=end, scope=scope))
if unfinished(chosen["to"]) and chosen["to"] != ctx.quarter:  # the frame said it of ctx.quarter
    st.info(
        ctx.t("frame.unfinished_quarter", quarter=ctx.quarter_said(chosen["to"])),
        icon=":material/pending:",
    )
draw_attainment(chosen)
index = index_by_quarter(chosen)
if index.is_empty() or index["civility_index"].is_null().all():
    parts.empty_state(ctx, "pages.trends.no_index")
else:
    draw_distribution(index, chosen)
    draw_heatmap(index, chosen)
