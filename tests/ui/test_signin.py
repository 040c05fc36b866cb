"""The sign-in box's refusal of a locked name says when the lock ends."""

from datetime import datetime

import accounts
from ui import signin


def test_a_locked_sign_in_says_when_the_lock_ends(monkeypatch):
    """It said only "try again in 5 minutes", which a leader reading it later could not place:
    it now says the end as the app shows a time (2026年11月2日 09:10; 2026-11-02 09:10)."""

    def locked(con, name, password):
        raise accounts.SignInLocked(5, datetime(2026, 11, 2, 9, 10))

    monkeypatch.setattr(signin, "connection", lambda: None)
    monkeypatch.setattr(accounts, "authenticate", locked)
    assert signin.checked_role("li", "guess", "zh") == (
        None,
        "登录失败次数过多，此用户名已锁定至 2026年11月2日 09:10（5 分钟后），届时可再试；"
        "管理员也可提前解锁。",
    )
    assert signin.checked_role("li", "guess", "en")[1] == (
        "Too many failed sign-ins: this user name is locked until 2026-11-02 09:10 (5 minutes "
        "from now); try again then, or ask an admin to unlock it sooner."
    )


class FakeStreamlit:
    """The parts of ``st`` the cookie's writer uses: the session's state and st.html."""

    def __init__(self, state: dict):
        self.session_state = state
        self.written: list[str] = []

    def html(self, body: str, **_options) -> None:
        self.written.append(body)


def test_a_page_that_could_not_read_the_store_leaves_the_cookie_of_a_sign_in(monkeypatch):
    """Trial (session 56): a leader reloaded a page while the catalog server was down; the
    page, unable to read the sign-in, cleared the browser's cookie, and once the server was
    back the leader was signed out for good. A cookie is cleared only after a sign-out or
    once the store says it signs nobody in (the token then ""), never on nothing known."""
    monkeypatch.setattr(signin, "cookie_token", lambda: "tok")
    unread = FakeStreamlit({})  # a new session: the sign-in not read yet
    monkeypatch.setattr(signin, "st", unread)
    signin.write_cookie()
    assert unread.written == []
    signed_out = FakeStreamlit({signin.TOKEN_KEY: ""})
    monkeypatch.setattr(signin, "st", signed_out)
    signin.write_cookie()
    assert signed_out.written == [
        "<script>document.cookie = 'civbench_session=; path=/; max-age=0; "
        "SameSite=Strict';</script>"
    ]
