"""Accounts: argon2 hashes, roles, the sign-in limit, the audit log, the setting, the CLI.

The tests that write accounts, sessions, settings or the audit log take ``con`` / ``db_path``
(tests/etl/conftest.py) and run on each store; the sign-in limit's arithmetic, the refusals and
the command line (argon2 makes every sign-in slow on purpose) and the lock of a DuckDB file run
on the file."""

import io
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta

import pytest

from etl import accounts
from etl.db import connect

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


@pytest.mark.parametrize(
    ("role", "needed", "allowed"),
    [
        (None, None, True),
        (None, "viewer", False),
        ("viewer", "viewer", True),
        ("viewer", "analyst", False),
        ("analyst", "analyst", True),
        ("analyst", "admin", False),
        ("admin", "analyst", True),
        ("admin", "admin", True),
        ("unknown", "viewer", False),
    ],
)
def test_roles_are_ordered(role, needed, allowed):
    assert accounts.role_allows(role, needed) is allowed


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_bad_requests_are_refused_in_plain_words(con):
    with pytest.raises(accounts.AccountError, match="at least 8"):
        accounts.add_user(con, "li", "viewer", "short")
    with pytest.raises(accounts.AccountError, match="unknown role"):
        accounts.add_user(con, "li", "boss", "long enough")
    accounts.add_user(con, "root", "admin", "long enough")
    with pytest.raises(accounts.AccountError, match="exists already"):
        accounts.add_user(con, "root", "viewer", "long enough")
    with pytest.raises(accounts.AccountError, match="last admin"):
        accounts.remove_user(con, "root")
    with pytest.raises(accounts.AccountError, match="last admin"):
        accounts.set_role(con, "root", "viewer")
    accounts.add_user(con, "deputy", "admin", "long enough")
    accounts.remove_user(con, "root")
    assert accounts.role_of(con, "root") is None


def test_viewing_needs_sign_in_only_when_set(con, monkeypatch):
    monkeypatch.delenv(accounts.REQUIRE_SIGNIN_ENV, raising=False)
    assert accounts.require_signin(con) is False
    accounts.set_require_signin(con, True)
    assert accounts.require_signin(con) is True
    monkeypatch.setenv(accounts.REQUIRE_SIGNIN_ENV, "0")
    assert accounts.require_signin(con) is False
    monkeypatch.setenv(accounts.REQUIRE_SIGNIN_ENV, "yes")
    accounts.set_require_signin(con, False)
    assert accounts.require_signin(con) is True


def run_cli(monkeypatch, capsys, *argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = accounts.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# the command line's words and exit codes; the accounts' writes on each store: the tests above
@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_cli_manages_accounts(db_path, monkeypatch, capsys):
    db = db_path
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "add",
        "li",
        "--role",
        "analyst",
        "--password-stdin",
        "--db",
        db,
        stdin="a long password\n",
    )
    assert code == 0 and "added li (analyst)" in out
    code, _, err = run_cli(
        monkeypatch,
        capsys,
        "add",
        "li",
        "--role",
        "viewer",
        "--password-stdin",
        "--db",
        db,
        stdin="another password\n",
    )
    assert code == 2 and "exists already" in err
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "set-password",
        "li",
        "--password-stdin",
        "--db",
        db,
        stdin="a newer password\n",
    )
    assert code == 0
    code, out, _ = run_cli(monkeypatch, capsys, "list", "--db", db)
    assert out.split()[:2] == ["li", "analyst"]
    code, out, _ = run_cli(monkeypatch, capsys, "demo", "--db", db)
    assert code == 0
    passwords = dict(
        (line.split()[0], line.split()[-1])
        for line in out.splitlines()
        if "password" in line and "role" in line
    )
    assert set(passwords) == {"viewer", "analyst", "admin"}
    code, out, _ = run_cli(monkeypatch, capsys, "remove", "li", "--db", db)
    assert code == 0
    con = connect(db)
    assert accounts.role_of(con, "li") is None
    assert accounts.authenticate(con, "admin", passwords["admin"]) == "admin"
    assert accounts.authenticate(con, "viewer", passwords["viewer"]) == "viewer"
    details = [
        r[0] for r in con.execute("SELECT detail FROM audit_log WHERE action = 'users'").fetchall()
    ]
    assert "added li as analyst" in details and "removed li" in details
    con.close()


def test_cli_says_so_when_the_database_is_held_by_another_process(tmp_path, monkeypatch, capsys):
    db = tmp_path / "held.duckdb"
    connect(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(db)!r})
            print("held", flush=True)
            time.sleep(30)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        code, _, err = run_cli(monkeypatch, capsys, "list", "--db", str(db))
        assert code == 3 and "another process" in err
    finally:
        holder.kill()
        holder.wait()


def test_a_session_token_signs_in_until_it_expires_or_ends(con):
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


def test_removing_a_user_ends_their_sessions(con):
    accounts.add_user(con, "li", "viewer", "correct horse")
    accounts.add_user(con, "boss", "admin", "correct horse")
    token = accounts.start_session(con, "li", now=NOW)
    accounts.remove_user(con, "li")
    accounts.add_user(con, "li", "admin", "another horse")  # a new account of the same name
    assert accounts.session_user(con, token, now=NOW) is None
