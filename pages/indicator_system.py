"""Indicator system (admin): edit indicators, weights and targets; save through the loader."""

import polars as pl
import streamlit as st

from etl.accounts import audit_entries
from etl.contracts import ALL_PEER_GROUPS, DIRECTIONS, DOMAINS, PEER_GROUPS, VALUE_UNITS
from ui import indicator_system as system
from ui.data import bump, connection, query
from ui.frame import frame
from ui.signin import require_role
from ui.uploads import history_for_display

ctx = frame("indicator_system", "admin")
con = connection()
st.title(ctx.t("frame.menu.indicator_system"))
st.caption(ctx.t("system.intro"))

for level, text in st.session_state.pop("system_messages", []):
    (st.success if level == "ok" else st.error)(text)


def top_ranking() -> pl.DataFrame:
    if not ctx.quarter:
        return pl.DataFrame()
    return query("rankings", quarter=ctx.quarter, peer_group=ctx.peer_group, draws=0)


indicators = query("indicators")
targets = query("targets")
version = len(system.system_history(con))

st.subheader(ctx.t("system.indicators"))
edited_indicators = st.data_editor(
    indicators.select(system.INDICATOR_COLUMNS),
    num_rows="add",
    hide_index=True,
    key=f"system_indicators_{version}",
    column_config={
        "indicator_code": st.column_config.TextColumn(ctx.t("system.col.code"), required=True),
        "name_zh": st.column_config.TextColumn(ctx.t("system.col.name_zh"), required=True),
        "name_en": st.column_config.TextColumn(ctx.t("system.col.name_en"), required=True),
        "domain": st.column_config.SelectboxColumn(
            ctx.t("system.col.domain"), options=list(DOMAINS), required=True
        ),
        "direction": st.column_config.SelectboxColumn(
            ctx.t("system.col.direction"), options=list(DIRECTIONS), required=True
        ),
        "weight": st.column_config.NumberColumn(
            ctx.t("system.col.weight"), min_value=0.0, step=0.01, format="%.3f", required=True
        ),
        "unit": st.column_config.SelectboxColumn(
            ctx.t("system.col.unit"), options=list(VALUE_UNITS), required=True
        ),
    },
)
weight_total = float(pl.DataFrame(edited_indicators)["weight"].fill_null(0).sum())
st.caption(ctx.t("system.weight_total", total=f"{weight_total:.3f}"))
missing_definitions = indicators.filter(~pl.col("has_definition"))["indicator_code"].to_list()
if missing_definitions:
    st.warning(ctx.t("system.no_definition", codes=", ".join(missing_definitions)))

st.subheader(ctx.t("system.targets"))
edited_targets = st.data_editor(
    targets.select(system.TARGET_COLUMNS),
    num_rows="dynamic",
    hide_index=True,
    key=f"system_targets_{version}",
    column_config={
        "indicator_code": st.column_config.TextColumn(ctx.t("system.col.code"), required=True),
        "peer_group": st.column_config.SelectboxColumn(
            ctx.t("frame.peer_group"), options=[ALL_PEER_GROUPS, *PEER_GROUPS], required=True
        ),
        "from_quarter": st.column_config.TextColumn(ctx.t("system.col.from_quarter")),
        "target": st.column_config.NumberColumn(ctx.t("system.col.target"), format="%.4g"),
    },
)

if st.button(ctx.t("system.save"), type="primary", key="save_system"):
    user = require_role(ctx, "admin")
    edited_i, edited_t = pl.DataFrame(edited_indicators), pl.DataFrame(edited_targets)
    removed = system.removed_indicators(indicators, edited_i)
    if removed:
        st.error(ctx.t("system.removed", codes=", ".join(removed)))
        st.stop()
    if not system.system_changed(indicators, targets, edited_i, edited_t):
        st.info(ctx.t("system.unchanged"))
        st.stop()
    before = top_ranking()
    result, rows = system.save_system(con, edited_i, edited_t, by=user)
    if result.outcome == "rejected":
        st.error(ctx.t("system.rejected", count=result.problem_total))
        problems = system.problems_with_rows(result, rows, ctx.lang)
        st.dataframe(
            problems.rename({c: ctx.t(f"system.problem.{c}") for c in problems.columns}),
            width="stretch",
            hide_index=True,
        )
        st.stop()
    if result.outcome == "unchanged":
        st.info(ctx.t("system.unchanged"))
        st.stop()
    bump()
    st.session_state["system_before"] = before
    st.session_state["system_messages"] = [
        ("ok", ctx.t("system.saved", load_id=result.load_id, rows=result.rows))
    ]
    st.rerun()

before = st.session_state.get("system_before")
if before is not None and before.height and ctx.quarter:
    st.subheader(ctx.t("system.effect", quarter=ctx.quarter))
    comparison = system.ranking_comparison(before, top_ranking())
    st.dataframe(
        comparison.rename({c: ctx.t(f"system.effect.{c}") for c in comparison.columns}),
        width="stretch",
        hide_index=True,
    )

st.divider()
st.subheader(ctx.t("system.history"))
past = system.system_history(con)
if past.height:
    shown = history_for_display(
        past.select("load_id", "loaded_at", "loaded_by", "outcome", "problem_count", "file_name"),
        ctx.lang,
    )
    st.dataframe(
        shown.rename({c: ctx.t(f"upload.col.{c}") for c in shown.columns}),
        width="stretch",
        hide_index=True,
    )
changes = audit_entries(con, limit=50, actions=("indicators",))
if changes.height:
    st.caption(ctx.t("system.audit"))
    st.dataframe(changes, width="stretch", hide_index=True)
