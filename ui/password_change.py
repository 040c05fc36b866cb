"""A user who signed in with a one-time password (``accounts.Standing.must_change_password``)
chooses a password of their own before any page draws: the frame calls ``require_own_password``
on every run, so no page, download or URL is reachable until then. The change ends the user's
sessions (accounts.change_own_password) and signs them in again with the new password."""

from __future__ import annotations

import streamlit as st

import accounts
from i18n import t
from ui import signin
from ui.data import connection

DONE_KEY = "_own_password_saved"


def require_own_password(user: str | None, standing: accounts.Standing | None, lang: str) -> None:
    """Stop the page with the new-password form while ``user`` (``standing``: as read for this
    run) still has a one-time password; say so once after the change."""
    if st.session_state.pop(DONE_KEY, False):
        st.success(t("frame.new_password.done", lang))
    if standing is None or not standing.must_change_password:
        return
    st.title(t("frame.new_password.title", lang))
    st.info(t("frame.new_password.why", lang, length=accounts.MIN_PASSWORD_LENGTH))
    with st.form("own_password"):
        new = st.text_input(t("frame.new_password.new", lang), type="password")
        again = st.text_input(t("frame.new_password.again", lang), type="password")
        submitted = st.form_submit_button(t("frame.new_password.submit", lang))
    if submitted:
        error = save(user, new, again, lang)
        if error is None:
            st.session_state[DONE_KEY] = True
            st.rerun()
        st.error(error)
    st.stop()


def own_password_form(user: str, lang: str) -> None:
    """A signed-in user changes their password when they like (the sidebar): the current one
    first, checked as a sign-in is (audited, and counted towards the lock), so nobody at an
    unattended browser can change it."""
    with st.expander(t("frame.change_password.title", lang), icon=":material/key:"):
        with st.form("change_own_password", clear_on_submit=True, border=False):
            current = st.text_input(t("frame.change_password.current", lang), type="password")
            new = st.text_input(t("frame.new_password.new", lang), type="password")
            again = st.text_input(t("frame.new_password.again", lang), type="password")
            submitted = st.form_submit_button(t("frame.new_password.submit", lang))
        if submitted:
            error = change(user, current, new, again, lang)
            if error is None:
                st.session_state[DONE_KEY] = True
                st.rerun()
            st.error(error)


def change(user: str, current: str, new: str, again: str, lang: str) -> str | None:
    """Check the current password, then ``save``; the reason in ``lang`` when refused."""
    role, locked = signin.checked_role(user, current, lang)
    if locked or role is None:
        return locked or t("frame.change_password.wrong", lang)
    return save(user, new, again, lang)


def save(user: str, new: str, again: str, lang: str) -> str | None:
    """Store the new password and sign in with it; the reason in ``lang`` when refused."""
    if new != again:
        return t("frame.new_password.mismatch", lang)
    try:
        accounts.change_own_password(connection(), user, new)
    except accounts.AccountError as refused:
        return refused.text().in_lang(lang)
    return signin.sign_in(user, new, lang)
