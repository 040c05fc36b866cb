"""Indicator system (admin): the system in force in a chosen quarter, edited from that quarter
on and saved through the loader; what changed between the systems of two quarters."""

import polars as pl
import streamlit as st

from charts.labels import quarter_label
from ui import audit_view, tables, upload_view, uploads
from ui import indicator_system as system
from ui import indicator_system_view as view
from ui.data import bump, connection, query
from ui.frame import frame
from ui.literal import literal_t
from ui.signin import require_role

ctx = frame("indicator_system", "admin")
con = connection()
st.title(ctx.t("frame.menu.indicator_system"))
st.caption(ctx.t("system.intro"))

for level, text in st.session_state.pop("system_messages", []):
    {"ok": st.success, "warning": st.warning}.get(level, st.error)(text)

choices = system.quarter_choices(list(ctx.quarters))
quarter = view.quarter_choice(ctx, choices, "system_quarter", on_change=view.forget_edits)
said = quarter_label(quarter, ctx.lang)  # 2026年第3季度, as the other pages say it
st.caption(ctx.t("system.quarter_help", quarter=said))


def current(name: str, **params) -> pl.DataFrame:
    """Today's figures, even for a published quarter: edits change today's figures."""
    return query(name, **params, as_published=False)


def top_ranking() -> pl.DataFrame:
    if quarter not in ctx.quarters:
        return pl.DataFrame()
    return current("rankings", quarter=quarter, peer_group=ctx.peer_group, draws=0)


indicators = system.editable(current("indicators", quarter=quarter))
targets = system.editable(current("targets", quarter=quarter))
past = system.system_history(con)
version = system.system_version(past)
lost = view.edits_lost(ctx, past, version)
if indicators.is_empty():  # a new bureau's store: say how a system is made
    st.info(ctx.t("system.none_in_force", quarter=said), icon=":material/rule:")
if lost:
    st.error(lost)

st.subheader(ctx.t("system.indicators", quarter=said))
edited_indicators = tables.data_editor(
    indicators.select(*system.INDICATOR_COLUMNS, "from_quarter"),
    num_rows="add",
    hide_index=True,
    key=f"system_indicators_{version}",
    column_config=view.indicator_columns(ctx),
)
weight_total = system.weight_total(pl.DataFrame(edited_indicators))
st.caption(ctx.t("system.weight_total", total=f"{weight_total:.3f}"))
missing_definitions = indicators.filter(~pl.col("has_definition"))["indicator_code"].to_list()
if missing_definitions:
    st.warning(literal_t(ctx, "system.no_definition", codes=", ".join(missing_definitions)))

st.subheader(ctx.t("system.targets", quarter=said))
edited_targets = tables.data_editor(
    targets.select(system.TARGET_COLUMNS),
    num_rows="dynamic",
    hide_index=True,
    key=f"system_targets_{version}",
    column_config=view.target_columns(
        ctx, view.indicator_names(ctx, pl.DataFrame(edited_indicators), targets)
    ),
)

if st.button(ctx.t("system.save", quarter=said), type="primary", key="save_system") and not lost:
    user = require_role(ctx, "admin")
    edited_i, edited_t = pl.DataFrame(edited_indicators), pl.DataFrame(edited_targets)
    removed = system.removed_indicators(indicators, edited_i)
    if removed:
        st.error(literal_t(ctx, "system.removed", codes=", ".join(removed)))
        st.stop()
    gone = system.removed_targets(targets, edited_t)
    if gone:
        st.error(literal_t(ctx, "system.removed_targets", targets=", ".join(gone)))
        st.stop()
    rows = system.dated_rows(
        quarter,
        (indicators, targets),
        (edited_i, edited_t),
        current("indicator_history"),
        current("targets"),
    )
    if not rows or not system.system_changed(indicators, targets, edited_i, edited_t):
        st.info(ctx.t("system.unchanged"))
        st.stop()
    before = top_ranking()
    result = system.save_system(con, rows, by=user)
    if result.outcome == "rejected":
        view.draw_refused(ctx, result, rows)
        st.stop()
    if result.outcome == "unchanged":
        st.info(ctx.t("system.unchanged"))
        st.stop()
    bump()
    view.forget_edits()  # saved: the editors are drawn anew for the version it made
    st.session_state["system_before"] = before
    st.session_state["system_messages"] = view.saved_messages(ctx, result, quarter)
    st.rerun()

before = st.session_state.get("system_before")
if before is not None and before.height and quarter in ctx.quarters:
    st.subheader(ctx.t("system.effect", quarter=said))
    view.effect_table(ctx, system.ranking_comparison(before, top_ranking()))

st.divider()
st.subheader(ctx.t("system.changes"))
left, right = st.columns(2)
choose = ctx.t("widget.choose_one")
since = left.selectbox(
    ctx.t("system.compare_from"), choices, index=len(choices) - 1, placeholder=choose
)
until = right.selectbox(
    ctx.t("system.compare_to"), choices, index=choices.index(quarter), placeholder=choose
)
view.changes_table(ctx, current("indicator_changes", from_quarter=since, to_quarter=until))

st.subheader(ctx.t("system.history"))
if past.height:
    view.history_table(ctx, past)
latest = system.latest_load(past)
if latest is not None:  # confirmed first, as on the Upload page: it changes every index
    with st.form("withdraw_system_form"):
        confirm = st.checkbox(ctx.t("upload.withdraw_confirm"), key="withdraw_system_confirm")
        go = st.form_submit_button(ctx.t("system.withdraw", load_id=latest), key="withdraw_system")
    if go:
        user = require_role(ctx, "admin")  # the withdrawal checks the account's rights again
        if not confirm:
            st.warning(ctx.t("upload.withdraw_unconfirmed"))
            st.stop()
        done = uploads.withdraw_load(con, latest, user, ctx.lang)
        bump()
        view.forget_edits()  # the editors are drawn anew for the system it restored
        st.session_state["system_messages"] = [upload_view.withdraw_message(ctx, latest, done)]
        st.rerun()
audit_view.draw_audit(ctx, con, actions=("indicators",), limit=50, heading="system.audit")
