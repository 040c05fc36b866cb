"""A download's file made only while the account shown its button may still have it.

Streamlit makes a file whose ``data`` is a callable when its button is pressed, in a thread of
its own outside any script run: no page check runs then, and a button drawn before an account
was removed, its sign-in ended (signed out in another tab, a new password) or its role or units
changed would hand out what the account may no longer see. ``for_this_account`` wraps the
file's maker so that it first asks the store whether the account stands as it did when the
button was drawn; if not, the file is refused (audited). Streamlit then gives no file and says
nothing, so a signed-in reader's button also reruns the page (``on_click``): its next run says
why (the account removed, the sign-in ended) or draws what the account may see now.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import streamlit as st

import accounts
from accounts.scopes import Scope
from etl.messages import msg
from ui.data import connection, viewer_scope
from ui.signin import TOKEN_KEY

#: the audit log's action for a refused download (accounts.audit: action labels)
DENIED_ACTION = "denied"


class DownloadRefused(RuntimeError):
    """The account changed since the button was drawn: no file (Streamlit's download fails)."""


class Shown(NamedTuple):
    """Who was shown the button, as they stood then."""

    name: str
    token: str | None
    role: str | None
    scope: Scope


def for_this_account(ctx, make: Callable[[], bytes]) -> Callable[[], bytes]:
    """``make``, checked when called against the account this run (``ctx``) drew its button
    for. A page seen by nobody signed in (the bureau lets anyone view) needs no check:
    whatever it shows, anyone may download."""
    if ctx.user is None:
        return make
    shown = Shown(ctx.user, st.session_state.get(TOKEN_KEY) or None, ctx.role, viewer_scope())
    return lambda: checked_file(shown, make)


def checked_file(shown: Shown, make: Callable[[], bytes]) -> bytes:
    """The file, when ``shown``'s account still stands as it did; else refused and audited."""
    con = connection()
    ended = shown.token is not None and accounts.session_user(con, shown.token) != shown.name
    now = accounts.standing_of(con, shown.name)
    if ended or now is None or (now.role, now.scope) != (shown.role, shown.scope):
        accounts.audit(con, shown.name, DENIED_ACTION, False, msg("export.audit_download_refused"))
        raise DownloadRefused(shown.name)
    return make()


def on_click(ctx) -> str:
    """A download button's ``on_click``: a signed-in reader's reruns the page, which says why a
    refused file came (``for_this_account``); anyone else's leaves the page as it is (a rerun
    costs a page run per file)."""
    return "ignore" if ctx.user is None else "rerun"
