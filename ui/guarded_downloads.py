"""A download's file made only while the account shown its button may still have it.

Streamlit makes a file whose ``data`` is a callable when its button is pressed, in a thread of
its own outside any script run: no page check runs then, and a button drawn before an account
was removed, its sign-in ended (signed out in another tab, a new password) or its role or units
changed would hand out what the account may no longer see. ``for_this_account`` wraps the
file's maker so that it first asks the store whether the account stands as it did when the
button was drawn; if not, the file is refused (audited) and the page is rerun
(``rerun_page``): Streamlit itself only says "Failed to generate file for download" under the
button, and the run says why (the account removed, the sign-in ended) or draws what the
account may see now.

A press itself starts no run (``ON_CLICK``): a run it started would draw every button again,
and the file's id the press had asked for is dropped when that run ends; a file asked for a
moment later (a loaded server, a second button pressed quickly) then failed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import NamedTuple

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

import accounts
from accounts.scopes import Scope
from etl.messages import msg
from ui.data import connection, viewer_scope
from ui.signin import TOKEN_KEY

#: the audit log's action for a refused download (accounts.audit: action labels)
DENIED_ACTION = "denied"
#: every download button's ``on_click``: the press starts no page run (see above)
ON_CLICK = "ignore"


class DownloadRefused(RuntimeError):
    """The account changed since the button was drawn: no file (Streamlit's download fails)."""


#: the logger Streamlit reports a file maker's failure to, with its traceback
FILE_MAKER_LOG = "streamlit.runtime.backend_operation_handler"


class RefusalsInOneLine(logging.Filter):
    """A refused download is an outcome (audited), not a fault: Streamlit's error with a
    traceback in the server's console becomes one warning line naming the account. So does a
    press on a button whose page was redrawn meanwhile (the rerun after a refusal drops the
    other buttons' files: Streamlit's "Deferred file … not found")."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        refused = error.__cause__ if error is not None else None
        if isinstance(refused, DownloadRefused):
            said = msg("export.log_download_refused", name=refused.args[0])
        elif error is not None and REDRAWN.search(str(error)):
            said = msg("export.log_download_redrawn")
        else:
            return True
        record.msg, record.args = said.en, ()
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


#: Streamlit's words for a file asked for by a button no longer on the page
REDRAWN = re.compile(r"^Deferred file \w+ not found$")


def quiet_refusals() -> None:
    """Put ``RefusalsInOneLine`` on Streamlit's logger, once per process."""
    logger = logging.getLogger(FILE_MAKER_LOG)
    if not any(isinstance(f, RefusalsInOneLine) for f in logger.filters):
        logger.addFilter(RefusalsInOneLine())


quiet_refusals()


class Shown(NamedTuple):
    """Who was shown the button, as they stood then, and the browser session it was drawn in."""

    name: str
    token: str | None
    role: str | None
    scope: Scope
    session_id: str | None


def for_this_account(ctx, make: Callable[[], bytes]) -> Callable[[], bytes]:
    """``make``, checked when called against the account this run (``ctx``) drew its button
    for. A page seen by nobody signed in (the bureau lets anyone view) needs no check:
    whatever it shows, anyone may download."""
    if ctx.user is None:
        return make
    run = get_script_run_ctx()
    token = st.session_state.get(TOKEN_KEY) or None
    shown = Shown(ctx.user, token, ctx.role, viewer_scope(), run.session_id if run else None)
    return lambda: checked_file(shown, make)


def checked_file(shown: Shown, make: Callable[[], bytes]) -> bytes:
    """The file, when ``shown``'s account still stands as it did; else refused and audited."""
    con = connection()
    ended = shown.token is not None and accounts.session_user(con, shown.token) != shown.name
    now = accounts.standing_of(con, shown.name)
    if ended or now is None or (now.role, now.scope) != (shown.role, shown.scope):
        accounts.audit(con, shown.name, DENIED_ACTION, False, msg("export.audit_download_refused"))
        rerun_page(shown.session_id)
        raise DownloadRefused(shown.name)
    return make()


def rerun_page(session_id: str | None) -> None:
    """Rerun the page of the browser session ``session_id`` as it stands (its page, query and
    widgets: the session's last client state), as Streamlit's own file watcher asks a session
    for a rerun (``AppSession._on_source_file_changed``), on the session's event loop (the file
    is made in a thread of its own; an AppSession is not thread-safe). Nothing when the tab
    has been closed meanwhile."""
    if session_id is None or not runtime.exists():
        return
    session = runtime.get_instance().get_app_session(session_id)
    if session is not None:
        session._call_soon_on_event_loop(lambda: session.request_rerun(session._client_state))
