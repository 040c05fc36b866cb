"""The User admin page's list of user names locked after failed sign-ins, and the form that
unlocks one before its lock ends (``accounts.unlock``)."""

from __future__ import annotations

import streamlit as st

from ui.context import Context
from ui.signin import require_role
from ui.users_admin_view import Roster, locked_choices, unlock


def draw(ctx: Context, con, roster: Roster, report) -> None:
    """The names locked now, each with its lock's end, among the accounts the admin manages;
    ``report(outcome, name)`` says the result."""
    st.subheader(ctx.t("admin.locked"))
    st.caption(ctx.t("admin.locked_help"))
    locked = locked_choices(con, roster, ctx.lang)
    if not locked:
        st.caption(ctx.t("admin.no_locked"))
        return
    with st.form("admin_unlock"):
        name = st.selectbox(
            ctx.t("admin.which"),
            [*locked],
            format_func=locked.get,
            key="admin_locked",
            placeholder=ctx.t("widget.choose_one"),
        )
        unlocked = st.form_submit_button(ctx.t("admin.unlock"))
    if unlocked:
        by = require_role(ctx, "admin")
        report(unlock(con, by, ctx.lang, name), name)
