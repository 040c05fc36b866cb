"""The audit entries of accounts and sign-ins are kept as catalogue messages: the ``detail``
column stores the same English as before (the command line's ``users audit`` and the lock count
read it), and the User admin page says each entry in its reader's language
(``ui.logs.with_messages``). Every expected text below is written out by hand."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest

import accounts
from etl.scope import EVERYTHING, Scope
from ui.logs import with_messages

NOW = datetime(2026, 11, 2, 9, 0, 0)
pytestmark = pytest.mark.parametrize("store", ["file"], indirect=True)


def entries(con, action: str) -> list[tuple[str, str, str]]:
    """(stored detail, the detail said in Chinese, in English) of the action's entries, oldest
    first; every one of them kept as a message."""
    frame = accounts.audit_entries(con, actions=(action,)).reverse()
    assert frame["message_key"].null_count() == 0
    stored = frame["detail"].to_list()
    zh = with_messages(frame, "zh", "detail")["detail"].to_list()
    en = with_messages(frame, "en", "detail")["detail"].to_list()
    return list(zip(stored, zh, en, strict=True))


def at(seconds: int) -> datetime:
    return NOW + timedelta(seconds=seconds)


def test_account_changes_read_in_chinese_and_keep_their_english(registry):
    con = registry
    accounts.add_user(con, "root", "admin", "long enough", now=at(0))
    scope = Scope(("城关区", "七里河区"))
    accounts.add_user(con, "zhao", "viewer", "long enough", scope=scope, by="root", now=at(1))
    accounts.set_role(con, "zhao", "analyst", by="root", now=at(2))
    accounts.set_scope(con, "zhao", Scope(unit="C001"), by="root", now=at(3))
    accounts.set_scope(con, "zhao", EVERYTHING, by="root", now=at(4))
    accounts.set_password(con, "zhao", "a new password", by="root", now=at(5))
    accounts.remove_user(con, "zhao", by="root", now=at(6))
    english = [
        "added root as admin",
        "added zhao as viewer (districts: 城关区, 七里河区)",
        "zhao is now analyst",
        "scope of zhao: unit: C001",
        "scope of zhao: all",
        "password of zhao set",
        "removed zhao",
    ]
    chinese = [
        "已添加用户 root（管理员）",
        "已添加用户 zhao（查看者，区县：城关区、七里河区）",
        "已将 zhao 的角色改为分析员",
        "已将 zhao 的数据范围改为“单位：C001”",
        "已将 zhao 的数据范围改为“全市”",
        "已设置 zhao 的密码",
        "已删除用户 zhao",
    ]
    assert entries(con, "users") == list(zip(english, chinese, english, strict=True))


def test_sign_ins_refused_and_unlocked_read_in_chinese_and_still_lock_as_before(con):
    accounts.add_user(con, "root", "admin", "long enough")
    accounts.add_user(con, "zhao", "viewer", "long enough")
    for second in range(accounts.MAX_FAILURES):
        assert accounts.authenticate(con, "zhao", "guess", now=at(second)) is None
    with pytest.raises(accounts.SignInLocked):
        accounts.authenticate(con, "zhao", "long enough", now=at(10))
    # the refusal while locked is not a failure: the five wrong passwords still count, no more
    assert len(accounts.recent_failures(con, "zhao", at(20))) == accounts.MAX_FAILURES
    with pytest.raises(accounts.SignInLocked):
        accounts.authenticate(con, "zhao", "long enough", now=at(30))
    accounts.unlock(con, "zhao", by="root", now=at(40))
    assert accounts.recent_failures(con, "zhao", at(50)) == []
    assert accounts.authenticate(con, "zhao", "long enough", now=at(50)) == "viewer"
    failed = con.execute(
        "SELECT detail, message_key FROM audit_log WHERE action = 'sign_in' AND NOT ok "
        "ORDER BY logged_at"
    ).fetchall()
    wrong = ("wrong user name or password", "admin.log.wrong_password")
    assert failed == [wrong] * 5 + [("locked", "admin.log.locked")] * 2
    frame = accounts.audit_entries(con, actions=("sign_in",)).filter(~pl.col("ok")).reverse()
    assert (
        with_messages(frame, "zh", "detail")["detail"].to_list()
        == ["用户名或密码错误"] * 5 + ["账号已锁定，拒绝登录"] * 2
    )
    assert entries(con, "unlock") == [("unlocked zhao", "已解除 zhao 的锁定", "unlocked zhao")]


def test_settings_read_in_chinese_and_keep_their_english(con):
    accounts.set_require_signin(con, True, by="boss")
    accounts.set_anonymous_view(con, False)
    accounts.set_anonymous_view(con, True)
    accounts.set_require_signin(con, False)
    assert entries(con, "settings") == [
        ("require_signin on", "查看须先登录：开启", "require_signin on"),
        ("anonymous_view off", "未登录的访客可查看全市数据：关闭", "anonymous_view off"),
        ("anonymous_view on", "未登录的访客可查看全市数据：开启", "anonymous_view on"),
        ("require_signin off", "查看须先登录：关闭", "require_signin off"),
    ]
