"""Signing in: passwords checked, failed attempts limited, browser sessions kept.

Failed sign-ins are counted from the audit log, so the limit survives a rerun, a new browser
session and a restart. An admin's unlock is an audit entry too: failures before it no longer
count, and the log keeps every attempt.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import datetime, timedelta

from accounts.audit import COMMAND_LINE, audit, record, write_often
from accounts.users import checked_actor, hasher, rehash_password, verify
from etl.messages import msg

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=12)
SESSION_COOKIE = "civbench_session"  # the browser cookie that holds a session's token
UNLOCK_ACTION = "unlock"
SIGN_OUT_ACTION = "sign_out"


@functools.cache
def dummy_hash() -> str:
    """Verified against when the user does not exist, so a wrong name costs as long as a
    wrong password and response times do not reveal which names exist. Made at the first
    sign-in, not at import: a hash takes 0.1 s, which every command would pay."""
    return hasher.hash(secrets.token_hex(16))


# A sign-in refused while locked is stored with the detail "locked" (this message's English),
# which the failure counts below leave out.
LOCKED = msg("admin.log.locked")
WRONG_PASSWORD = msg("admin.log.wrong_password")

FAILURES_SQL = (
    "SELECT f.logged_at FROM audit_log f WHERE f.action = 'sign_in' AND NOT f.ok "
    "AND f.detail IS DISTINCT FROM 'locked' AND f.username = $name AND f.logged_at > $since "
    "AND NOT EXISTS (SELECT 1 FROM audit_log u WHERE u.action = 'unlock' AND u.ok "
    "AND u.subject = $name AND u.logged_at >= f.logged_at) ORDER BY f.logged_at"
)
LOCKED_SQL = (
    "SELECT f.username, list(f.logged_at ORDER BY f.logged_at) FROM audit_log f "
    "WHERE f.action = 'sign_in' AND NOT f.ok "
    "AND f.detail IS DISTINCT FROM 'locked' AND f.username IS NOT NULL AND f.logged_at > $since "
    "AND NOT EXISTS (SELECT 1 FROM audit_log u WHERE u.action = 'unlock' AND u.ok "
    "AND u.subject = f.username AND u.logged_at >= f.logged_at) "
    "GROUP BY f.username HAVING count(*) >= $limit ORDER BY f.username"
)


class SignInLocked(Exception):
    """Too many failed sign-ins for this user name recently: locked until ``until`` (see
    ``lock_end``), ``minutes`` from the refused attempt."""

    def __init__(self, minutes: int, until: datetime | None = None):
        self.minutes = minutes
        self.until = until
        super().__init__(msg("frame.signin.locked", minutes=minutes).in_lang("en"))


def recent_failures(con, name: str, now: datetime) -> list[datetime]:
    """Password failures within the window and since the name was last unlocked (attempts
    refused while locked do not count, so the lock ends ``FAILURE_WINDOW`` after the failures
    that caused it)."""
    rows = (
        con.cursor().execute(FAILURES_SQL, {"name": name, "since": now - FAILURE_WINDOW}).fetchall()
    )
    return [r[0] for r in rows]


def lock_end(failures: list[datetime]) -> datetime:
    """When the lock that ``failures`` (oldest first, at least ``MAX_FAILURES``) cause ends, to
    the minute said: the oldest of the last ``MAX_FAILURES`` leaves the window then, rounded up
    to a whole minute, since times are shown to the minute (a name told "until 9:10" and
    refused at 9:10 for a lock that ends at 9:10:30 would be told wrong)."""
    end = failures[-MAX_FAILURES] + FAILURE_WINDOW
    whole = end.replace(second=0, microsecond=0)
    return whole if whole == end else whole + timedelta(minutes=1)


def locks(con, now: datetime | None = None) -> dict[str, datetime]:
    """The user names locked now, each with its lock's end (``lock_end``): existing accounts
    or not, a guessed name is locked too. A lock always ends: an admin's unlock ends it
    earlier."""
    since = (now or datetime.now()) - FAILURE_WINDOW
    rows = con.cursor().execute(LOCKED_SQL, {"since": since, "limit": MAX_FAILURES}).fetchall()
    return {name: lock_end(failures) for name, failures in rows}


def locked_names(con, now: datetime | None = None) -> list[str]:
    """The user names locked now (``locks``), in order."""
    return list(locks(con, now))


def unlock(con, name: str, *, by: str | None = None, now: datetime | None = None) -> None:
    """Let ``name`` sign in again at once: its failures so far stop counting (audited)."""
    now = now or datetime.now()

    def store(cur) -> None:
        checked_actor(cur, by, target=name)
        detail = msg("admin.log.unlocked", name=name)
        record(cur, by or COMMAND_LINE, UNLOCK_ACTION, True, detail, name, now)

    write_often(con, store)


def authenticate(con, name: str, password: str, now: datetime | None = None) -> str | None:
    """The role of a user whose password matches, else None; every attempt is audited.

    Raises ``SignInLocked`` after ``MAX_FAILURES`` failures within ``FAILURE_WINDOW``; while
    locked the password is not even checked (a correct guess would not be revealed).
    """
    now = now or datetime.now()
    name = (name or "").strip()
    failures = recent_failures(con, name, now)
    if len(failures) >= MAX_FAILURES:
        until = lock_end(failures)
        audit(con, name, "sign_in", False, LOCKED, now=now)
        raise SignInLocked(max(1, -(-int((until - now).total_seconds()) // 60)), until)
    row = (
        con.cursor()
        .execute("SELECT role, password_hash FROM users WHERE username = ?", [name])
        .fetchone()
    )
    ok = verify(row[1] if row else dummy_hash(), password) and row is not None
    audit(con, name, "sign_in", ok, None if ok else WRONG_PASSWORD, now=now)
    if ok and hasher.check_needs_rehash(row[1]):
        rehash_password(con, name, password)
    return row[0] if ok else None


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
    """Sign out: the session ends, and the audit log says whose (a token already ended, or
    never valid, ends nothing and says nothing)."""
    if not token:
        return
    digest = token_hash(token)

    def work(cur) -> None:
        found = "SELECT username FROM sign_in_sessions WHERE token_hash = ?"
        for (name,) in cur.execute(found, [digest]).fetchall():
            record(cur, name, SIGN_OUT_ACTION, True)
        cur.execute("DELETE FROM sign_in_sessions WHERE token_hash = ?", [digest])

    write_often(con, work)


def end_user_sessions(con, name: str) -> None:
    """Sign the user out everywhere (a removal or a new password does so itself)."""
    write_often(
        con, lambda cur: cur.execute("DELETE FROM sign_in_sessions WHERE username = ?", [name])
    )
