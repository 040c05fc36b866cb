"""User admin (admin): add and remove users, set role and scope, reset a password (a one-time
password shown once), unlock a locked name, read the audit log. Logic: ui/users_admin_view.py."""

import streamlit as st

import accounts
from ui import audit_view, bureau_form, tables, unlock_form, viewing_form
from ui import page_parts as parts
from ui import users_admin_view as view
from ui.data import connection, viewer_scope
from ui.frame import frame
from ui.literal import literal, literal_t
from ui.signin import require_role

ctx = frame("users_admin", "admin", selectors=False)
con = connection()
own_scope = viewer_scope()  # an admin of some districts sees and manages only their accounts
st.title(ctx.t("frame.menu.users_admin"))


def report(outcome: view.Outcome, name: str, *forms: str) -> None:
    """Keep the outcome and a one-time password for the next run, rerun; a done form (its keys
    starting with one of ``forms``) is drawn again from the accounts, as is a stale one."""
    st.session_state["admin_messages"] = [("ok" if outcome.ok else "error", outcome.text)]
    if outcome.ok or outcome.stale:
        parts.forget_widgets(*forms)
    if outcome.one_time_password:
        st.session_state["admin_one_time"] = (name, outcome.one_time_password)
    st.rerun()


for level, text in st.session_state.pop("admin_messages", []):
    (st.success if level == "ok" else st.error)(literal(text))
one_time = st.session_state.pop("admin_one_time", None)
if one_time:  # shown on this run only: popped, never stored
    st.warning(literal_t(ctx, "admin.one_time", name=one_time[0]))
    st.code(one_time[1], language=None)

grantable = [r for r in accounts.ROLES if accounts.may_grant(ctx.role, r)]
districts = view.district_choices(con, own_scope)
units = view.unit_choices(con, own_scope)
no_unit = ctx.t("admin.no_unit")


def scope_boxes(key: str, current=None) -> tuple[list[str], str | None]:
    """The district and unit boxes, showing ``current`` (a Scope; None: bureau-wide)."""
    now_unit = current.unit if current else None
    chosen = st.multiselect(
        ctx.t("admin.districts"),
        districts,
        default=[d for d in (current.districts if current else None) or () if d in districts],
        key=f"{key}_districts",
        help=ctx.t("admin.scope_help"),
        placeholder="",
        select_all=parts.SELECT_ALL,
    )
    options = [None, *units]
    unit = st.selectbox(
        ctx.t("admin.unit"),
        options,
        index=options.index(now_unit) if now_unit in options else 0,
        format_func=lambda u: no_unit if u is None else units[u],
        key=f"{key}_unit",
        placeholder=ctx.t("widget.choose_one"),
    )
    return chosen, unit


st.subheader(ctx.t("admin.users"))
roster = view.roster(con, own_scope)  # the accounts, read once for the run
table = view.users_frame(roster, ctx.lang)
if table.height:
    tables.dataframe(table, width="stretch", hide_index=True)
else:
    st.caption(ctx.t("admin.no_users"))

with st.expander(ctx.t("admin.add"), expanded=False):
    with st.form("admin_add"):
        name = st.text_input(ctx.t("admin.name"), key="admin_add_name")
        role = st.selectbox(
            ctx.t("admin.role"),
            grantable,
            format_func=lambda r: view.role_label(r, ctx.lang),
            key="admin_add_role",
            placeholder=ctx.t("widget.choose_one"),
        )
        add_districts, add_unit = scope_boxes("admin_add")
        added = st.form_submit_button(ctx.t("admin.add_submit"))
    if added:
        by = require_role(ctx, "admin")
        outcome = view.add(con, by, ctx.lang, name, role, add_districts, add_unit)
        report(outcome, name.strip(), "admin_add_")

st.subheader(ctx.t("admin.change"))
names = [a.name for a in roster.managed]
choose = ctx.t("widget.choose_one")
which = ctx.t("admin.which")
who = st.selectbox(which, names, key="admin_which", placeholder=choose) if names else None
if who:
    current = roster.managed_one(who)
    shown_key = f"admin_shown_{who}"  # what the form showed when drawn (view.save checks it)
    parts.seed_widget(shown_key, (current.role, current.scope))
    with st.form(f"admin_change_{who}"):
        role_options = [r for r in accounts.ROLES if r in grantable or r == current.role]
        parts.seed_widget(f"admin_role_{who}", current.role)
        parts.same_choice_in_either_language(ctx, f"admin_role_{who}")
        new_role = st.selectbox(
            ctx.t("admin.role"),
            role_options,
            format_func=lambda r: view.role_label(r, ctx.lang),
            key=f"admin_role_{who}",
            placeholder=choose,
        )
        new_districts, new_unit = scope_boxes(f"admin_change_{who}", current.scope)
        saved = st.form_submit_button(ctx.t("admin.save"))
        reset = st.form_submit_button(ctx.t("admin.reset"))
        confirm = st.checkbox(ctx.t("admin.remove_confirm"), key=f"admin_confirm_{who}")
        removed = st.form_submit_button(ctx.t("admin.remove"))
    if saved or reset or removed:
        by = require_role(ctx, "admin")
        if saved:
            shown = st.session_state[shown_key]
            outcome = view.save(con, by, ctx.lang, who, new_role, new_districts, new_unit, shown)
            report(outcome, who, shown_key, f"admin_role_{who}", f"admin_change_{who}_")
        if reset:
            report(view.reset(con, by, ctx.lang, who), who)
        if not confirm:
            st.warning(ctx.t("admin.remove_unconfirmed"))
        else:
            report(view.remove(con, by, ctx.lang, who), who)

viewing_form.draw(ctx, con, report)
bureau_form.draw(ctx, con, report)

unlock_form.draw(ctx, con, roster, report)

st.subheader(ctx.t("admin.audit"))
user_filter, action_filter = audit_view.audit_filters(ctx, con)
managed = view.managed_names(roster)  # a scoped admin: their accounts' entries only
audit_view.draw_audit(
    ctx, con, user_filter, action_filter, empty="admin.audit_empty", names=managed
)
