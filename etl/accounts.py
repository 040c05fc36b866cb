"""Sign-in accounts, roles, settings and the audit log, kept in the store beside the data
(their tables are in etl/schema.sql; every write goes through etl.db.write).

Roles are ordered: viewer (read) < analyst (upload, withdraw) < admin (indicator system,
users). Passwords are hashed with argon2id (argon2-cffi). Failed sign-ins are counted from the
audit log, so the limit survives a rerun, a new browser session and a restart.

``python -m etl users …`` (``main``) manages accounts from the command line.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import secrets
import sys
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from etl.db import STORE_HELP, write

ROLES = ("viewer", "analyst", "admin")
MIN_PASSWORD_LENGTH = 8
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=12)
REQUIRE_SIGNIN_ENV = "CIVBENCH_REQUIRE_SIGNIN"
DEMO_ACCOUNTS = {"viewer": "viewer", "analyst": "analyst", "admin": "admin"}

_hasher = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as long as a wrong
# password and response times do not reveal which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A request about accounts that cannot be done, said in plain words."""


class SignInLocked(Exception):
    """Too many failed sign-ins for this user name recently."""

    def __init__(self, minutes: int):
        self.minutes = minutes
        super().__init__(f"too many failed sign-ins; try again in {minutes} minute(s)")


def write_often(con, work) -> None:
    """Sign-ins, sessions and the audit log: retried on collision like every write, but not
    queued behind loads (they need no order among loads, and a sign-in should not wait for one)."""
    write(con, work, ticket=False, queue=False)


def role_rank(role: str | None) -> int:
    """0 for no role, then 1, 2, 3 for viewer, analyst, admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def role_allows(role: str | None, needed: str | None) -> bool:
    """Whether ``role`` may do what needs ``needed`` (None: anyone, even signed out)."""
    return needed is None or role_rank(role) >= role_rank(needed)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"unknown role '{role}'; use one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return password


def check_username(name: str) -> str:
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise AccountError("a user name is 1–64 characters without spaces")
    return name


def add_user(con, name: str, role: str, password: str, now: datetime | None = None) -> None:
    check_username(name)
    check_role(role)
    check_password(password)
    now = now or datetime.now()
    password_hash = _hasher.hash(password)

    def insert(cur) -> None:
        if cur.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchone():
            raise AccountError(f"user '{name}' exists already; use set-password or remove it first")
        cur.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?, ?)", [name, role, password_hash, now, now]
        )

    write(con, insert)


def set_password(con, name: str, password: str, now: datetime | None = None) -> None:
    check_password(password)
    if role_of(con, name) is None:
        raise AccountError(f"there is no user '{name}'")
    values = [_hasher.hash(password), now or datetime.now(), name]
    write(
        con,
        lambda cur: cur.execute(
            "UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?", values
        ),
    )


def set_role(con, name: str, role: str, now: datetime | None = None) -> None:
    check_role(role)

    def change(cur) -> None:
        current = role_of(cur, name)
        if current is None:
            raise AccountError(f"there is no user '{name}'")
        if current == "admin" and role != "admin":
            refuse_if_last_admin(cur, name)
        cur.execute(
            "UPDATE users SET role = ?, updated_at = ? WHERE username = ?",
            [role, now or datetime.now(), name],
        )

    write(con, change)


def remove_user(con, name: str) -> None:

    def delete(cur) -> None:
        role = role_of(cur, name)
        if role is None:
            raise AccountError(f"there is no user '{name}'")
        if role == "admin":
            refuse_if_last_admin(cur, name)
        cur.execute("DELETE FROM users WHERE username = ?", [name])
        cur.execute("DELETE FROM sign_in_sessions WHERE username = ?", [name])

    write(con, delete)


def refuse_if_last_admin(con, name: str) -> None:
    admins = con.cursor().execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchone()[0]
    if admins <= 1:
        raise AccountError(f"'{name}' is the last admin; add another admin first")


def role_of(con, name: str | None) -> str | None:
    """The user's current role, read from the database (None: no such user)."""
    if not name:
        return None
    row = con.cursor().execute("SELECT role FROM users WHERE username = ?", [name]).fetchone()
    return row[0] if row else None


def list_users(con) -> list[tuple[str, str, datetime]]:
    return (
        con.cursor()
        .execute("SELECT username, role, updated_at FROM users ORDER BY username")
        .fetchall()
    )


def recent_failures(con, name: str, now: datetime) -> list[datetime]:
    """Password failures within the window (attempts refused while locked do not count, so
    the lock ends ``FAILURE_WINDOW`` after the failures that caused it)."""
    rows = (
        con.cursor()
        .execute(
            "SELECT logged_at FROM audit_log WHERE action = 'sign_in' AND NOT ok "
            "AND detail IS DISTINCT FROM 'locked' AND username = ? AND logged_at > ? "
            "ORDER BY logged_at",
            [name, now - FAILURE_WINDOW],
        )
        .fetchall()
    )
    return [r[0] for r in rows]


def authenticate(con, name: str, password: str, now: datetime | None = None) -> str | None:
    """The role of a user whose password matches, else None; every attempt is audited.

    Raises ``SignInLocked`` after ``MAX_FAILURES`` failures within ``FAILURE_WINDOW``; while
    locked the password is not even checked (a correct guess would not be revealed).
    """
    now = now or datetime.now()
    name = (name or "").strip()
    failures = recent_failures(con, name, now)
    if len(failures) >= MAX_FAILURES:
        unlock = failures[-MAX_FAILURES] + FAILURE_WINDOW
        audit(con, name, "sign_in", False, "locked", now=now)
        raise SignInLocked(max(1, -(-int((unlock - now).total_seconds()) // 60)))
    row = (
        con.cursor()
        .execute("SELECT role, password_hash FROM users WHERE username = ?", [name])
        .fetchone()
    )
    ok = verify(row[1] if row else _DUMMY_HASH, password) and row is not None
    audit(con, name, "sign_in", ok, None if ok else "wrong user name or password", now=now)
    if ok and _hasher.check_needs_rehash(row[1]):
        set_password(con, name, password, now=now)
    return row[0] if ok else None


def verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def audit(
    con, username: str | None, action: str, ok: bool, detail: str | None = None, now=None
) -> None:
    values = [now or datetime.now(), username, action, ok, detail]
    write_often(
        con, lambda cur: cur.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?)", values)
    )


def audit_entries(con, limit: int = 100, actions: tuple[str, ...] | None = None):
    """The latest audit entries (a Polars frame), newest first."""
    where = "WHERE list_contains(?, action)" if actions else ""
    params = [list(actions)] if actions else []
    return (
        con.cursor()
        .execute(
            f"SELECT logged_at, username, action, ok, detail FROM audit_log {where} "
            "ORDER BY logged_at DESC LIMIT ?",
            [*params, limit],
        )
        .pl()
    )


def require_signin(con) -> bool:
    """Whether viewing needs sign-in: env CIVBENCH_REQUIRE_SIGNIN wins, then the settings
    table; default False (viewing open, changes need sign-in)."""
    env = os.environ.get(REQUIRE_SIGNIN_ENV)
    if env is not None and env.strip():
        return env.strip().lower() in ("1", "true", "yes", "on")
    row = (
        con.cursor().execute("SELECT value FROM settings WHERE name = 'require_signin'").fetchone()
    )
    return bool(row) and row[0] == "on"


def set_require_signin(con, on: bool) -> None:
    def store(cur) -> None:
        cur.execute("DELETE FROM settings WHERE name = 'require_signin'")
        cur.execute("INSERT INTO settings VALUES ('require_signin', ?)", ["on" if on else "off"])

    write(con, store)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(con, name: str, now: datetime | None = None) -> str:
    """A random token that keeps ``name`` signed in for ``SESSION_LIFETIME`` (a browser
    cookie holds it; only its hash is stored, so a copy of the database signs nobody in)."""
    now = now or datetime.now()
    token = secrets.token_urlsafe(32)

    def store(cur) -> None:
        cur.execute("DELETE FROM sign_in_sessions WHERE expires_at <= ?", [now])
        cur.execute(
            "INSERT INTO sign_in_sessions VALUES (?, ?, ?, ?)",
            [token_hash(token), name, now, now + SESSION_LIFETIME],
        )

    write_often(con, store)
    return token


def session_user(con, token: str | None, now: datetime | None = None) -> str | None:
    """The user a token signs in, if it is known, unexpired and the user still exists."""
    if not token:
        return None
    row = (
        con.cursor()
        .execute(
            "SELECT s.username FROM sign_in_sessions s JOIN users u USING (username) "
            "WHERE s.token_hash = ? AND s.expires_at > ?",
            [token_hash(token), now or datetime.now()],
        )
        .fetchone()
    )
    return row[0] if row else None


def end_session(con, token: str | None) -> None:
    if token:
        digest = token_hash(token)
        sql = "DELETE FROM sign_in_sessions WHERE token_hash = ?"
        write_often(con, lambda cur: cur.execute(sql, [digest]))


def end_user_sessions(con, name: str) -> None:
    """Sign the user out everywhere (after a removal or a password reset)."""
    write_often(
        con, lambda cur: cur.execute("DELETE FROM sign_in_sessions WHERE username = ?", [name])
    )


def create_demo_accounts(con) -> dict[str, str]:
    """One account per role with a fresh random password (reset if it exists)."""
    passwords = {}
    for name, role in DEMO_ACCOUNTS.items():
        password = secrets.token_urlsafe(9)
        if role_of(con, name) is None:
            add_user(con, name, role, password)
        else:
            set_role(con, name, role)
            set_password(con, name, password)
        passwords[name] = password
    return passwords


# --- command line: python -m etl users … -------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl users", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add_password_source(add)
    pw = sub.add_parser("set-password", help="set a user's password")
    pw.add_argument("name")
    add_password_source(pw)
    role = sub.add_parser("set-role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    rm = sub.add_parser("remove", help="remove a user")
    rm.add_argument("name")
    sub.add_parser("list", help="list users and roles")
    sub.add_parser("demo", help="create demo accounts (viewer, analyst, admin); print passwords")
    setting = sub.add_parser("require-signin", help="whether viewing needs sign-in")
    setting.add_argument("value", choices=("on", "off", "show"))
    log = sub.add_parser("audit", help="show the latest audit-log entries")
    log.add_argument("--limit", type=int, default=30)
    for p in sub.choices.values():
        p.add_argument("--db", help=STORE_HELP)
    return parser


def add_password_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise AccountError("the two passwords differ; nothing changed")
    return first


def main(argv: list[str] | None = None) -> int:
    from etl.db import StoreError, connect, db_path

    args = build_parser().parse_args(argv)
    try:
        con = connect(db_path(args.db))
    except StoreError as busy:
        print(f"error: {busy}", file=sys.stderr)
        return 3
    try:
        print(run_command(con, args))
        return 0
    except AccountError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    finally:
        con.close()


def run_command(con, args: argparse.Namespace) -> str:
    if args.command == "add":
        add_user(con, args.name, args.role, read_password(args))
        audit(con, "cli", "users", True, f"added {args.name} as {args.role}")
        return f"added {args.name} ({args.role})"
    if args.command == "set-password":
        set_password(con, args.name, read_password(args))
        end_user_sessions(con, args.name)
        audit(con, "cli", "users", True, f"password of {args.name} set")
        return f"password of {args.name} set"
    if args.command == "set-role":
        set_role(con, args.name, args.role)
        audit(con, "cli", "users", True, f"{args.name} is now {args.role}")
        return f"{args.name} is now {args.role}"
    if args.command == "remove":
        remove_user(con, args.name)
        audit(con, "cli", "users", True, f"removed {args.name}")
        return f"removed {args.name}"
    if args.command == "list":
        rows = list_users(con)
        return (
            "\n".join(f"{n:<20} {r:<8} {when:%Y-%m-%d %H:%M}" for n, r, when in rows) or "no users"
        )
    if args.command == "demo":
        passwords = create_demo_accounts(con)
        audit(con, "cli", "users", True, "demo accounts created")
        lines = [
            f"  {name:<8} role {DEMO_ACCOUNTS[name]:<8} password {pw}"
            for name, pw in passwords.items()
        ]
        return "Demo accounts (the passwords are shown only now):\n" + "\n".join(lines)
    if args.command == "require-signin":
        if args.value != "show":
            set_require_signin(con, args.value == "on")
            audit(con, "cli", "users", True, f"require-signin {args.value}")
        state = "on" if require_signin(con) else "off"
        note = (
            f" ({REQUIRE_SIGNIN_ENV} is set and wins)" if os.environ.get(REQUIRE_SIGNIN_ENV) else ""
        )
        return f"viewing requires sign-in: {state}{note}"
    frame = audit_entries(con, args.limit)
    return (
        "\n".join(
            f"{r['logged_at']:%Y-%m-%d %H:%M:%S}  {r['username'] or '-':<12} {r['action']:<10} "
            f"{'ok' if r['ok'] else 'FAILED':<6} {r['detail'] or ''}"
            for r in frame.iter_rows(named=True)
        )
        or "the audit log is empty"
    )
