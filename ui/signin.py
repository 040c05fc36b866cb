"""Sign-in state and server-side role checks for pages.

The signed-in user lives in ``st.session_state`` (server-side, per browser session); the role
is re-read from the database on every run, so removing a user or lowering a role takes effect
at once; so is the session's sign-in token, so a sign-out elsewhere, a new password or the
end of the 12 hours signs an open tab out at its next run. ``require_role`` is called inside
every protected action, when it runs, so a hidden button or a bookmarked URL can never do
more than the role allows.

A typed URL, a reload or a link opened in a new tab starts a new Streamlit session; a cookie
holding a random sign-in token (``accounts.start_session``; only its hash is stored) keeps
the user signed in there for up to 12 hours. Signing out ends the token on the server.
"""

from __future__ import annotations

import secrets
import threading

import streamlit as st

import accounts
from charts.labels import fmt_date
from i18n import t
from ui.context import Context
from ui.data import connection
from ui.literal import literal_t

USER_KEY = "auth_user"
TOKEN_KEY = "_auth_token"
# a new value at each sign-in on this page and at each page opened from another in this session
# (a menu link): each asks once for the sidebar to close on a narrow window
CLOSE_SIDEBAR_KEY = "_close_sidebar"
PAGE_SHOWN_KEY = "_page_shown"  # the page this session ran last
NARROW_PX = 768  # Streamlit's "auto" sidebar starts collapsed below this window width
COOKIE = accounts.SESSION_COOKIE


def cookie_token() -> str | None:
    cookies = getattr(st.context, "cookies", None) or {}
    return cookies.get(COOKIE)


def current_user() -> tuple[str | None, accounts.Standing | None]:
    """(user name, standing: role, scope, one-time password) of this session, read once for
    the run; (None, None) when signed out or removed."""
    end_sessions_left()
    name = st.session_state.get(USER_KEY)
    token = st.session_state.get(TOKEN_KEY)
    if name is not None and token and accounts.session_user(connection(), token) != name:
        # the sign-in ended on the server since the last run: signed out in another tab, a
        # new password set (by an admin's reset, say), or its 12 hours over; an open tab
        # must not stay signed in on the name alone; a removed account is said as such
        st.session_state.pop(USER_KEY, None)
        st.session_state[TOKEN_KEY] = ""  # write_cookie clears the browser's cookie
        lang = st.session_state.get("lang", "zh")
        gone = accounts.standing_of(connection(), name) is None
        st.warning(
            literal_t(lang, "frame.signin.removed", name=name)
            if gone
            else t("frame.signin.ended", lang)
        )
        return None, None
    if name is None and cookie_token():
        name = accounts.session_user(connection(), cookie_token())
        # a cookie that signs nobody in (its sign-in over) is cleared (write_cookie)
        st.session_state[TOKEN_KEY] = cookie_token() if name else ""
        if name:
            st.session_state[USER_KEY] = name
    standing = accounts.standing_of(connection(), name) if name else None
    if name and standing is None:
        st.session_state.pop(USER_KEY, None)
        return None, None
    return name, standing


def checked_role(name: str, password: str, lang: str) -> tuple[str | None, str | None]:
    """The role of a user whose password matches (audited and counted towards the lock, by
    ``accounts.authenticate``), else None; and the lock's message in ``lang`` when locked."""
    try:
        return accounts.authenticate(connection(), name, password), None
    except accounts.SignInLocked as locked:
        until = fmt_date(locked.until, lang)
        return None, t("frame.signin.locked_until", lang, minutes=locked.minutes, until=until)


def sign_in(name: str, password: str, lang: str) -> str | None:
    """Check the password; on success remember the user. Returns an error message or None."""
    role, locked = checked_role(name, password, lang)
    if locked or role is None:
        return locked or t("frame.signin.failed", lang)
    st.session_state[USER_KEY] = name.strip()
    st.session_state[TOKEN_KEY] = accounts.start_session(connection(), name.strip())
    st.session_state[CLOSE_SIDEBAR_KEY] = secrets.token_hex(8)
    return None


def sign_out() -> None:
    accounts.end_session(connection(), st.session_state.get(TOKEN_KEY))
    st.session_state[TOKEN_KEY] = ""  # write_cookie clears the browser's cookie
    accounts.end_session(connection(), cookie_token())
    st.session_state.pop(USER_KEY, None)
    st.session_state.pop(CLOSE_SIDEBAR_KEY, None)


# sign-in tokens signed out of while the store could not be read, ended on the server once it
# can (``end_sessions_left``): this process's, kept until then
_sessions_left: set[str] = set()
_sessions_left_lock = threading.Lock()


def draw_account_unreadable(lang: str) -> None:
    """The sidebar's account part while the store cannot be read (the frame's, through
    ``ui.data.sidebar_while_unreadable``): nothing of the menu, which needs the store (roles,
    scopes, settings), but a signed-in session keeps its sign-out, so a leader at a shared
    screen can leave; the cookie is written as on every run (a sign-out here clears it)."""
    with st.sidebar:
        st.divider()
        st.caption(t("frame.menu_unreadable", lang))
        name, token = st.session_state.get(USER_KEY), st.session_state.get(TOKEN_KEY)
        if name:
            st.caption(t("frame.signed_in_unreadable", lang, user=name))
        if name or (token is None and cookie_token()):  # "" only after a sign-out
            st.button(t("frame.signout", lang), key="_signout", on_click=sign_out_unreadable)
        write_cookie()


def sign_out_unreadable() -> None:
    """Sign out while the store cannot be read: this session and the browser's cookie forget
    the sign-in at once, and the server ends it once the store answers again (a later run of
    any session of this process); should this process end first, it ends at its 12 hours."""
    with _sessions_left_lock:
        _sessions_left.update(filter(None, (st.session_state.get(TOKEN_KEY), cookie_token())))
    st.session_state[TOKEN_KEY] = ""  # write_cookie clears the browser's cookie
    st.session_state.pop(USER_KEY, None)
    st.session_state.pop(CLOSE_SIDEBAR_KEY, None)


def end_sessions_left() -> None:
    """End on the server the sign-ins signed out of while the store could not be read."""
    if not _sessions_left:
        return
    with _sessions_left_lock:
        tokens = list(_sessions_left)
        for token in tokens:
            accounts.end_session(connection(), token)
            _sessions_left.discard(token)


def cookie_script(token: str, max_age: int) -> str:
    # the token is URL-safe base64, so it needs no quoting inside the string
    return f"document.cookie = '{COOKIE}={token}; path=/; max-age={max_age}; SameSite=Strict';"


def write_cookie() -> None:
    """Keep the browser's sign-in cookie equal to this session's token: set after a sign-in,
    cleared after a sign-out or when the token it holds signs nobody in.

    The script is sent on every run until the session ends, not once: a run cut short by the
    next one can drop the element before the browser ran it (the user was then signed out of
    every new tab), and the server cannot see that the browser has the cookie, since
    ``st.context.cookies`` holds the cookies sent when the session began."""
    token, sent = st.session_state.get(TOKEN_KEY), cookie_token()  # token "": signed out here
    if token is None or token == sent:
        # the browser sent the cookie wanted, or nothing is known of it yet: a page opened
        # while the store could not be read cleared the cookie of a valid sign-in, and the
        # leader stayed signed out once it answered again
        return
    seconds = int(accounts.SESSION_LIFETIME.total_seconds()) if token else 0
    st.html(f"<script>{cookie_script(token or '', seconds)}</script>", unsafe_allow_javascript=True)


def sidebar_closing_script(asked: str) -> str:
    """Close the sidebar once for the request ``asked`` names (a sign-in, a page opened from
    the menu), on a narrow window only.

    On a phone the sidebar covers the page. Streamlit's "auto" starts it collapsed there, but
    a leader opens it to sign in (the form is in it) or to choose a page from its menu, and
    Streamlit keeps the sidebar as the reader last set it, in the browser's localStorage, for
    this page and the next ones: the leader met the menu, not the page, until closing it by
    hand. The sidebar's own collapse button (there only while it is open) is clicked, so
    Streamlit also remembers it closed. Once per request (kept in the tab's sessionStorage):
    opened again later on the same page, to choose a quarter, it stays open."""
    return (
        "(() => {const key = 'civbench_sidebar_closed_for';"
        f"if (sessionStorage.getItem(key) === '{asked}') return;"
        f"sessionStorage.setItem(key, '{asked}');"
        f"if (window.innerWidth >= {NARROW_PX}) return;"
        "const button = document.querySelector("
        "'[data-testid=\"stSidebarCollapseButton\"] button');"
        "if (button) button.click();})();"
    )


def close_sidebar(page_id: str) -> None:
    """Send ``sidebar_closing_script`` on each run after a sign-in here or after ``page_id``
    was opened from another page of this session (a run cut short may drop it, as
    write_cookie says; the script itself acts once per request). A page opened by its URL (a
    new session) asks nothing: Streamlit's "auto" has the sidebar closed on a phone."""
    shown_before = st.session_state.get(PAGE_SHOWN_KEY)
    st.session_state[PAGE_SHOWN_KEY] = page_id
    if shown_before is not None and shown_before != page_id:
        st.session_state[CLOSE_SIDEBAR_KEY] = secrets.token_hex(8)
    asked = st.session_state.get(CLOSE_SIDEBAR_KEY)
    if asked:
        script = sidebar_closing_script(asked)
        st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


def signin_form(lang: str, form_key: str) -> None:
    """A sign-in form; on success the page reruns signed in. A refused password is not left
    in its box (its eye button showed it to the next person at a shared screen): the refusal
    reruns the page with a new, empty box (a box's value cannot be set once drawn) and says
    why under it."""
    tries = st.session_state.get(f"{form_key}_tries", 0)
    with st.form(form_key, clear_on_submit=False):
        name = st.text_input(t("frame.signin.user", lang), key=f"{form_key}_user")
        password = st.text_input(
            t("frame.signin.password", lang), type="password", key=f"{form_key}_password_{tries}"
        )
        submitted = st.form_submit_button(t("frame.signin.submit", lang))
    refused = st.session_state.pop(f"{form_key}_refused", None)
    if refused:
        st.error(refused)
    if submitted:
        error = sign_in(name, password, lang)
        if error:
            st.session_state[f"{form_key}_tries"] = tries + 1
            st.session_state[f"{form_key}_refused"] = error
        st.rerun()


def require_role(ctx: Context, needed: str) -> str:
    """Stop the action unless the session's user has ``needed`` now; returns the user name.

    Call this inside the action (after the button was pressed), not only when drawing the page.
    """
    name, standing = current_user()
    if not accounts.role_allows(standing.role if standing else None, needed):
        accounts.audit(connection(), name, "denied", False, f"{ctx.page_id} needs {needed}")
        st.error(t("frame.action_refused", ctx.lang, role=t(f"frame.role.{needed}", ctx.lang)))
        st.stop()
    return name
