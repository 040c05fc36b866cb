"""Signing in: argon2 hashes, the failed-sign-in limit (kept in the database), unlocking,
browser sessions. The tests that write accounts, sessions or the audit log run on each store;
the limit's arithmetic runs on the DuckDB file (argon2 makes every sign-in slow on purpose:
here at its lowest cost, ``quick_hashes`` in tests/accounts/conftest.py)."""

from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher

import accounts
from etl.db import connect

pytestmark = pytest.mark.usefixtures("quick_hashes")

NOW = datetime(2026, 11, 2, 9, 0, 0)


def audit_rows(con, action="sign_in"):
    return con.execute(
        "SELECT username, ok, detail FROM audit_log WHERE action = ? ORDER BY logged_at", [action]
    ).fetchall()


def test_password_is_stored_as_an_argon2_hash_and_checked(con):
    accounts.add_user(con, "li", "analyst", "correct horse")
    stored = con.execute("SELECT password_hash FROM users WHERE username = 'li'").fetchone()[0]
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert accounts.authenticate(con, "li", "correct horse", now=NOW) == "analyst"
    assert accounts.authenticate(con, "li", "wrong horse", now=NOW) is None
    assert accounts.authenticate(con, "nobody", "correct horse", now=NOW) is None
    assert [ok for _, ok, _ in audit_rows(con)] == [True, False, False]


def test_a_right_sign_in_rehashes_a_password_hashed_at_another_cost(con):
    """A hash made at another cost (here argon2-cffi's default, while these tests hash at
    m=8, t=1, p=1) is made again at today's cost by the next right sign-in, not by a wrong one."""
    accounts.add_user(con, "li", "analyst", "correct horse")
    old = PasswordHasher().hash("correct horse")  # m=65536, t=3, p=4
    con.execute("UPDATE users SET password_hash = ? WHERE username = 'li'", [old])

    def stored():
        return con.execute("SELECT password_hash FROM users WHERE username = 'li'").fetchone()[0]

    assert accounts.authenticate(con, "li", "wrong horse", now=NOW) is None
    assert stored() == old, "a wrong password leaves the hash as it was"
    assert accounts.authenticate(con, "li", "correct horse", now=NOW) == "analyst"
    assert stored().startswith("$argon2id$v=19$m=8,t=1,p=1$"), "made again at today's cost"
    assert accounts.authenticate(con, "li", "correct horse", now=NOW) == "analyst"


# the limit's arithmetic; the limit kept in each store: test_the_limit_is_read_from_the_database…
@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_five_failures_lock_the_name_for_ten_minutes_even_with_the_right_password(con):
    accounts.add_user(con, "li", "viewer", "correct horse")
    for minute in range(5):  # failures at 9:00 … 9:04
        assert (
            accounts.authenticate(con, "li", "guess", now=NOW + timedelta(minutes=minute)) is None
        )
    with pytest.raises(accounts.SignInLocked) as locked:
        accounts.authenticate(con, "li", "correct horse", now=NOW + timedelta(minutes=5))
    # the oldest of the five failures (9:00) leaves the window at 9:10: 5 minutes from 9:05
    assert locked.value.minutes == 5
    assert locked.value.until == datetime(2026, 11, 2, 9, 10)
    assert accounts.locks(con, NOW + timedelta(minutes=5)) == {"li": datetime(2026, 11, 2, 9, 10)}
    # another name is not affected
    accounts.add_user(con, "wang", "viewer", "other horse")
    assert accounts.authenticate(con, "wang", "other horse", now=NOW + timedelta(minutes=5))
    # at 9:10:30 only the failures of 9:01–9:04 (four) are within ten minutes: unlocked
    later = NOW + timedelta(minutes=10, seconds=30)
    assert accounts.authenticate(con, "li", "correct horse", now=later) == "viewer"


def test_the_limit_is_read_from_the_database_so_a_new_connection_sees_it(db_path):
    first = connect(db_path)
    accounts.add_user(first, "li", "viewer", "correct horse")
    for _ in range(5):
        accounts.authenticate(first, "li", "guess", now=NOW)
    first.close()
    second = connect(db_path)
    with pytest.raises(accounts.SignInLocked):
        accounts.authenticate(second, "li", "correct horse", now=NOW + timedelta(minutes=1))
    second.close()


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_an_admin_unlocks_a_name_and_the_log_keeps_every_attempt(con):
    accounts.add_user(con, "boss", "admin", "correct horse")
    accounts.add_user(con, "li", "viewer", "correct horse")
    for second in range(5):
        accounts.authenticate(con, "li", "guess", now=NOW + timedelta(seconds=second))
    assert accounts.locked_names(con, now=NOW + timedelta(minutes=1)) == ["li"]
    with pytest.raises(accounts.AccountError, match="not an admin"):
        accounts.unlock(con, "li", by="li", now=NOW + timedelta(minutes=1))
    accounts.unlock(con, "li", by="boss", now=NOW + timedelta(minutes=1))
    assert accounts.locked_names(con, now=NOW + timedelta(minutes=2)) == []
    assert accounts.authenticate(con, "li", "correct horse", now=NOW + timedelta(minutes=2))
    # five new failures after the unlock lock the name again
    for second in range(5):
        accounts.authenticate(con, "li", "guess", now=NOW + timedelta(minutes=3, seconds=second))
    with pytest.raises(accounts.SignInLocked):
        accounts.authenticate(con, "li", "correct horse", now=NOW + timedelta(minutes=4))
    failed = con.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND username = 'li' AND NOT ok"
    ).fetchone()[0]
    assert failed == 11  # 5 + 5 wrong passwords + 1 refused while locked: nothing deleted
    unlocks = con.execute(
        "SELECT username, subject, ok FROM audit_log WHERE action = 'unlock' ORDER BY logged_at"
    ).fetchall()
    assert unlocks == [("boss", "li", True)]  # the refused unlock changed nothing


def test_a_session_token_signs_in_until_it_expires_or_ends_audited_once_or_its_user_goes(con):
    """A token signs in until it expires or ends. Sign-ins were audited, sign-outs not; the
    page ends its token and the cookie's (the same one): one entry. Removing a user ends
    their sessions (a new account of the same name is not signed in by them)."""
    accounts.add_user(con, "li", "viewer", "correct horse")
    token = accounts.start_session(con, "li", now=NOW)
    stored = con.execute("SELECT token_hash FROM sign_in_sessions").fetchall()
    assert stored == [(accounts.token_hash(token),)] and token not in stored[0][0]
    assert accounts.session_user(con, token, now=NOW + timedelta(hours=11)) == "li"
    assert accounts.session_user(con, token, now=NOW + timedelta(hours=12)) is None  # expired
    assert accounts.session_user(con, "forged", now=NOW) is None
    assert accounts.session_user(con, None, now=NOW) is None
    accounts.end_session(con, token)
    assert accounts.session_user(con, token, now=NOW) is None
    # signing out is audited once: the same token ended again, a forged one, add no entry
    accounts.end_session(con, token)
    accounts.end_session(con, "forged")
    found = "SELECT username, ok FROM audit_log WHERE action = 'sign_out'"
    assert con.execute(found).fetchall() == [("li", True)], "one sign-out, audited once"
    # removing a user ends their sessions
    accounts.add_user(con, "boss", "admin", "correct horse")
    token = accounts.start_session(con, "li", now=NOW)
    accounts.remove_user(con, "li")
    accounts.add_user(con, "li", "admin", "another horse")  # a new account of the same name
    assert accounts.session_user(con, token, now=NOW) is None, "a removed user's session ended"


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_a_reset_password_signs_in_and_ends_the_old_sessions(con):
    accounts.add_user(con, "boss", "admin", "correct horse")
    accounts.add_user(con, "li", "viewer", "correct horse")
    token = accounts.start_session(con, "li", now=NOW)
    one_time = accounts.reset_password(con, "li", by="boss", now=NOW)
    assert len(one_time) >= accounts.MIN_PASSWORD_LENGTH
    assert accounts.authenticate(con, "li", one_time, now=NOW) == "viewer"
    assert accounts.authenticate(con, "li", "correct horse", now=NOW) is None
    assert accounts.session_user(con, token, now=NOW) is None
    assert one_time not in str(con.execute("SELECT * FROM audit_log").fetchall())


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_a_one_time_password_must_be_replaced_by_one_of_the_users_own(con):
    accounts.add_user(con, "boss", "admin", "correct horse")
    accounts.add_user(con, "li", "viewer", "correct horse")
    assert accounts.standing_of(con, "li").must_change_password is False  # typed by the operator
    one_time = accounts.reset_password(con, "li", by="boss", now=NOW)
    assert accounts.standing_of(con, "li").must_change_password is True
    token = accounts.start_session(con, "li", now=NOW)
    with pytest.raises(accounts.AccountError) as same:
        accounts.change_own_password(con, "li", one_time, now=NOW)
    assert same.value.key == "password_same"
    # trial (session 57): eight spaces were an admin's password; blanks at the ends do not count
    for short in ("short", " " * 8, "\u3000" * 10, "\tseven7\u00a0 "):
        with pytest.raises(accounts.AccountError) as refused:
            accounts.change_own_password(con, "li", short, now=NOW)
        assert refused.value.key == "password_short"
    assert accounts.standing_of(con, "li").must_change_password is True  # refused: nothing changed
    accounts.change_own_password(con, "li", "li's own horse", now=NOW)
    assert accounts.standing_of(con, "li").must_change_password is False
    assert accounts.session_user(con, token, now=NOW) is None  # sessions end
    assert accounts.authenticate(con, "li", one_time, now=NOW) is None
    assert accounts.authenticate(con, "li", "li's own horse", now=NOW) == "viewer"
    changes = con.execute(
        "SELECT username, detail FROM audit_log WHERE action = 'users' AND subject = 'li' "
        "AND detail LIKE 'password%'"
    ).fetchall()
    assert sorted(changes) == [("boss", "password of li set"), ("li", "password of li set")]


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_an_account_added_with_a_one_time_password_must_change_it_and_an_admin_may_set_one(con):
    accounts.add_user(con, "boss", "admin", "correct horse")
    accounts.add_user(con, "li", "viewer", "handed on 1", by="boss", one_time=True)
    assert accounts.standing_of(con, "li").must_change_password is True
    accounts.set_password(con, "li", "typed by boss", by="boss")  # an admin's own choice
    assert accounts.standing_of(con, "li").must_change_password is False
    # no account, no password to change (ui/password_change.py asks only a standing)
    assert accounts.standing_of(con, "nobody") is None
    assert accounts.standing_of(con, None) is None


def test_a_lock_ends_when_the_oldest_of_the_last_five_failures_leaves_the_window():
    """Said to the minute it has surely ended by: the end rounded up, never down."""
    at = [datetime(2026, 11, 2, 9, m, s) for m, s in ((0, 0), (1, 15), (2, 0), (3, 0), (4, 0))]
    assert accounts.lock_end(at) == datetime(2026, 11, 2, 9, 10)  # 9:00 + 10 min, whole
    later = [*at, datetime(2026, 11, 2, 9, 5)]  # six: the oldest of the last five is 9:01:15
    assert accounts.lock_end(later) == datetime(2026, 11, 2, 9, 12)  # 9:11:15, rounded up
