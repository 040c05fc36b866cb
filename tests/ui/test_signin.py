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
