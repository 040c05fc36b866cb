"""The User admin page's form for who may view: whether viewing needs sign-in, and whether a
visitor who has not signed in sees the bureau-wide view (``accounts.settings``; the command
line's ``etl users require-signin`` and ``anonymous-view`` set the same two settings)."""

from __future__ import annotations

import streamlit as st

import accounts
from i18n import t
from ui.context import Context
from ui.signin import require_role
from ui.users_admin_view import Outcome, change


def save(con, by: str, lang: str, chosen: accounts.Viewing) -> Outcome:
    """Store what differs; a refusal (an admin of some districts) is audited and said as the
    other account changes are."""
    changed: list[bool] = []

    def work() -> None:
        changed.append(accounts.set_viewing(con, chosen, by=by))

    outcome = change(con, by, lang, None, "admin.viewing.saved", work)
    if outcome.ok and not changed[0]:
        return Outcome(True, t("admin.viewing.unchanged", lang))
    return outcome


def draw(ctx: Context, con, report) -> None:
    """The form, filled with the stored settings; ``report(outcome, name)`` says the result."""
    now = accounts.viewing(con)
    with st.expander(ctx.t("admin.viewing.title")), st.form("admin_viewing"):
        st.caption(ctx.t("admin.viewing.help"))
        if now.env is not None:
            st.caption(
                ctx.t("admin.viewing.env_wins", env=accounts.REQUIRE_SIGNIN_ENV, value=now.env)
            )
        required = st.checkbox(
            ctx.t("admin.viewing.require_signin"),
            value=now.require_signin,
            disabled=now.env is not None,
            key="admin_viewing_require",
        )
        anonymous = st.checkbox(
            ctx.t("admin.viewing.anonymous_view"),
            value=now.anonymous_view,
            key="admin_viewing_anonymous",
        )
        submitted = st.form_submit_button(ctx.t("admin.viewing.save"))
    if submitted:
        by = require_role(ctx, "admin")
        report(save(con, by, ctx.lang, accounts.Viewing(required, anonymous, now.env)), by)
