"""Unit profile (?unit=U0001): one unit's civility index and every indicator over time against
its target and its peer group's median and quartiles; its findings; its activities; its rank
history."""

import polars as pl
import streamlit as st

from charts import builders
from ui import page_parts as parts
from ui import profile_view, published, registry_view
from ui.data import query
from ui.frame import frame
from ui.literal import literal, literal_t

ctx = frame("unit_profile")

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
    placeholder=ctx.t("widget.choose_one"),
    on_change=lambda: parts.keep_in_url(unit=st.session_state["up_unit"]),
)
parts.keep_in_url(unit=unit_code)
unit = unit_rows[unit_code]
if asked and asked not in unit_rows:
    st.warning(literal_t(ctx, "pages.profile.unknown_unit", unit=asked))

st.title(literal(unit["unit_name"]))
st.caption(
    literal_t(
        ctx,
        "pages.profile.caption",
        code=unit_code,
        district=unit["district"],
        group=builders.peer_group_label(unit["peer_group"], ctx.lang),
        staff=unit["staff_count"],
    )
)

registry_rows = query("unit_history", unit_code=unit_code)
registry_view.closed_notice(ctx, registry_rows)

indicators = query("indicators").filter(pl.col("has_definition"))
indicator_rows = {row["indicator_code"]: row for row in indicators.iter_rows(named=True)}
as_published = published.publication_params(ctx)  # the figures the banner says are shown
profile = query("unit_profile", unit_code=unit_code, **as_published)
history = query("rank_history", unit_code=unit_code, **as_published)
if profile.is_empty():
    parts.empty_state(ctx, "pages.profile.no_values")
    st.stop()

profile_view.draw_headline(ctx, history)
profile_view.draw_index(ctx, profile, indicator_rows, unit_code)
profile_view.draw_indicators(ctx, profile, indicator_rows, unit_code)
profile_view.draw_activities(ctx, profile, indicator_rows, unit_code)
profile_view.draw_findings(ctx, unit_code)
profile_view.draw_rank_history(ctx, history, unit_code)
registry_view.unit_history(ctx, registry_rows)
