"""The Rankings page's funnel view: the funnel plot with the reader's choice of limits (exact or
normal) and of the over-dispersion adjustment, both kept in the URL. The test's result and the
adjustment in force are written under the plot by the chart itself (charts.builders).

Presentation only: the limits, the test and the default rule are the funnel queries'
(queries/funnels.py).
"""

from __future__ import annotations

import streamlit as st

from charts import builders
from ui import page_parts as parts
from ui.data import query

LIMITS = ("exact", "normal")
ADJUSTMENTS = ("auto", "none", "multiplicative", "additive")


def read_choices(ctx) -> dict:
    """Limits and adjustment, from the URL first (``limits``, ``dispersion``)."""
    parts.seed_widget("fn_limits", parts.url_choice("limits", LIMITS, "exact"))
    parts.seed_widget("fn_dispersion", parts.url_choice("dispersion", ADJUSTMENTS, "auto"))
    parts.same_choice_in_either_language(ctx, "fn_limits", "fn_dispersion")
    cols = st.columns(2)
    cols[0].selectbox(
        ctx.t("pages.funnel.limits"),
        LIMITS,
        format_func=lambda v: ctx.t(f"pages.funnel.limits_{v}"),
        key="fn_limits",
        placeholder=ctx.t("widget.choose_one"),
    )
    cols[1].selectbox(
        ctx.t("pages.funnel.dispersion"),
        ADJUSTMENTS,
        format_func=lambda v: ctx.t(f"pages.funnel.dispersion_{v}"),
        key="fn_dispersion",
        placeholder=ctx.t("widget.choose_one"),
    )
    state = st.session_state
    chosen = {"limits": state["fn_limits"], "dispersion": state["fn_dispersion"]}
    parts.keep_in_url(**chosen)
    return chosen


def draw_funnel(ctx, code: str, name: str, districts: list[str]) -> None:
    """The funnel of one proportion indicator for the page's quarter and peer group; points of
    the chosen districts only (the limits and the test stay those of the whole group)."""
    chosen = read_choices(ctx)
    params = {
        "quarter": ctx.quarter,
        "indicator_code": code,
        "peer_group": ctx.peer_group,
        "limits": chosen["limits"],
        "overdispersion": chosen["dispersion"],
    }
    points = query("funnel", **params, districts=districts or None)
    limits = query("funnel_limits", **params)
    chart = builders.render_funnel_chart(points, ctx.lang, limits, name)
    title = ctx.t("export.title.funnel", name=name)
    parts.chart_with_downloads(chart, ctx, "funnel", code, districts, title=title)
    st.caption(ctx.t("pages.rankings.funnel_help"))
