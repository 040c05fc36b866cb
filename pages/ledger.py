"""Rectification ledger: open and overdue findings by unit and district as at the end of the
chosen quarter, how long they are overdue, and the on-time rectification rate."""

import polars as pl
import streamlit as st

from charts import builders
from ui import page_parts as parts
from ui import tables
from ui.data import query
from ui.frame import frame
from ui.ledger_view import (
    DISTRICT_COLUMNS,
    FINDING_COLUMNS,
    UNIT_COLUMNS,
    as_at,
    draw_totals,
    empty_key,
)

ctx = frame("ledger")

STATUSES = ("open", "overdue", "closed", "all")
st.title(ctx.t("frame.menu.ledger"))
if ctx.quarter is None:
    parts.no_data_state(ctx)
    st.stop()

districts = query("districts")["district"].to_list()


def read_filters() -> dict:
    parts.seed_widget("lg_status", parts.url_choice("status", STATUSES, "open"))
    parts.same_choice_in_either_language(ctx, "lg_status")
    with st.form("ledger_filters", border=False):
        cols = st.columns([3, 3, 1])
        parts.district_filter(cols[0], ctx, "lg_district", districts)
        cols[1].selectbox(
            ctx.t("pages.ledger.status_filter"),
            STATUSES,
            format_func=lambda s: ctx.t(f"pages.ledger.show_{s}"),
            key="lg_status",
            placeholder=ctx.t("widget.choose_one"),
        )
        cols[2].form_submit_button(ctx.t("pages.apply"), type="primary")
    chosen = {"district": st.session_state["lg_district"], "status": st.session_state["lg_status"]}
    parts.keep_in_url(**chosen)
    return chosen


def draw_by_district() -> None:
    st.subheader(ctx.t("pages.ledger.by_district"))
    by_district = query(
        "ledger_by_district", quarter=ctx.quarter, peer_group=ctx.peer_group
    ).select(DISTRICT_COLUMNS)
    config = parts.text_columns(DISTRICT_COLUMNS, ctx.lang)
    tables.dataframe(by_district, hide_index=True, column_config=config)
    parts.table_downloads(by_district, ctx, "ledger_districts", columns=DISTRICT_COLUMNS)


def draw_by_unit(ledger: pl.DataFrame, district: str | None) -> None:
    st.subheader(ctx.t("pages.ledger.by_unit"))
    shown = builders.with_peer_labels(ledger, ctx.lang)
    config = parts.text_columns(UNIT_COLUMNS, ctx.lang)
    parts.unit_table(shown, ctx, "ledger_units", UNIT_COLUMNS, config, height=380)
    table = shown.select(UNIT_COLUMNS)
    parts.table_downloads(table, ctx, "ledger_units", columns=UNIT_COLUMNS, districts=district)


def draw_ageing(chosen: dict) -> None:
    open_findings = query(
        "findings",
        quarter=ctx.quarter,
        peer_group=ctx.peer_group,
        district=chosen["district"],
        status="open",
    )
    if open_findings.is_empty():
        parts.empty_state(ctx, "pages.ledger.no_open", as_at=as_at(ctx))
        return
    chart = builders.render_ledger_ageing_chart(open_findings, ctx.lang, age="days_open")
    parts.chart_with_downloads(chart, ctx, "ledger_ageing", districts=chosen["district"])


def draw_findings(chosen: dict) -> None:
    st.subheader(ctx.t("pages.ledger.findings"))
    found = query(
        "findings",
        quarter=ctx.quarter,
        peer_group=ctx.peer_group,
        district=chosen["district"],
        status=chosen["status"],
    )
    if found.is_empty():
        parts.empty_state(ctx, "pages.ledger.no_findings")
        return
    shown = parts.with_status_labels(found, ctx)
    config = parts.text_columns(FINDING_COLUMNS, ctx.lang)
    parts.unit_table(shown, ctx, "ledger_findings", FINDING_COLUMNS, config, height=380)
    parts.table_downloads(
        shown.select(FINDING_COLUMNS),
        ctx,
        "findings",
        detail=chosen["status"],
        columns=FINDING_COLUMNS,
        districts=chosen["district"],
    )


chosen = read_filters()
counted_at = as_at(ctx)
st.caption(
    ctx.t(
        "pages.ledger.caption",
        as_at=counted_at[:1].upper() + counted_at[1:],
        scope=builders.peer_group_label(ctx.peer_group, ctx.lang),
    )
)
scope = {"quarter": ctx.quarter, "peer_group": ctx.peer_group, "district": chosen["district"]}
totals = query("ledger_totals", **scope).row(0, named=True)
if not totals["findings_total"]:
    parts.empty_state(ctx, empty_key(ctx, chosen["district"]), as_at=as_at(ctx))
    st.stop()

draw_totals(ctx, totals)
draw_ageing(chosen)
if not chosen["district"]:
    draw_by_district()
draw_by_unit(query("ledger", **scope), chosen["district"])
draw_findings(chosen)
