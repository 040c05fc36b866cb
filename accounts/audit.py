"""The audit log: who did what, when, and whether it was allowed.

Entries are only ever added. ``username`` is who acted (a signed-in user, the name trying to
sign in, or ``cli``); ``subject`` is the account an account change was about (NULL otherwise),
so filtering by a user finds both what they did and what was done to their account.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from etl.db import write
from etl.messages import msg

INSERT_SQL = (
    "INSERT INTO audit_log (logged_at, username, action, ok, detail, subject, message_key, "
    "message_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
COMMAND_LINE = "cli"  # the actor of changes made with python -m etl users …


class Message(Protocol):
    """A message kept as a catalogue key and its values (``etl.messages.Text``)."""

    key: str

    @property
    def en(self) -> str: ...

    def as_json(self) -> str: ...


def write_often(con, work) -> None:
    """Sign-ins, sessions and the audit log: retried on collision like every write, but not
    queued behind loads (they need no order among loads, and a sign-in should not wait for one)."""
    write(con, work, ticket=False, queue=False)


def record(
    cur,
    username: str | None,
    action: str,
    ok: bool,
    detail: str | Message | None = None,
    subject: str | None = None,
    now: datetime | None = None,
) -> None:
    """One entry, written on ``cur`` (inside the caller's write, so the change and its entry
    commit together). A ``detail`` given as a message (``etl.messages.Text``) is kept as its
    key and values too, so the log reads in its reader's language; ``detail`` holds it in
    English."""
    plain = detail is None or isinstance(detail, str)
    key, values = (None, None) if plain else (detail.key, detail.as_json())
    text = detail if plain else detail.en
    cur.execute(
        INSERT_SQL, [now or datetime.now(), username, action, ok, text, subject, key, values]
    )


def audit(
    con,
    username: str | None,
    action: str,
    ok: bool,
    detail: str | Message | None = None,
    now: datetime | None = None,
    subject: str | None = None,
) -> None:
    """One entry, in a write of its own."""
    write_often(con, lambda cur: record(cur, username, action, ok, detail, subject, now))


def audit_load(con, username: str | None, result) -> None:
    """The entry for one file loaded, found loaded already or refused (an
    ``etl.load.LoadResult``: its action, whether it counts as done, its summary), alike from
    the command line, the Upload page and a load interrupted after its commit."""
    audit(con, username, result.audit_action, result.audited_ok, result.summary_text())


def audit_entries(
    con,
    limit: int = 100,
    actions: tuple[str, ...] | None = None,
    user: str | None = None,
    names: list[str] | None = None,
):
    """The latest entries (a Polars frame), newest first; ``actions`` keeps those actions,
    ``user`` the entries made by that name or about that account, ``names`` (None: all) those
    made by or about one of these names (a scoped admin's accounts). ``message_key`` and
    ``message_values`` say ``detail`` in a reader's language (``ui.logs.with_messages``)."""
    conditions, params = [], []
    if actions:
        conditions.append("list_contains(?, action)")
        params.append(list(actions))
    if user:
        conditions.append("(username = ? OR subject = ?)")
        params += [user, user]
    if names is not None:
        conditions.append("(list_contains(?, username) OR list_contains(?, subject))")
        params += [list(names), list(names)]
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    return (
        con.cursor()
        .execute(
            "SELECT logged_at, username, action, ok, detail, subject, message_key, "
            f"message_values FROM audit_log {where} ORDER BY logged_at DESC LIMIT ?",
            [*params, limit],
        )
        .pl()
    )


# the entries that gave an account the scope it has: added (with a scope or none), scope set
SCOPE_SET_KEYS = ["admin.log.added", "admin.log.added_scoped", "admin.log.scope_set"]


def scopes_set_at(con, names: list[str]) -> dict[str, datetime]:
    """When each of ``names`` was last given its scope (added, or its scope set), by the
    audit log: its entries from before, and its rejected files, were made under a scope it
    may no longer have. A name the log has no such entry of (a store older than the log's
    keys) is not in the dict."""
    rows = (
        con.cursor()
        .execute(
            "SELECT subject, max(logged_at) FROM audit_log WHERE ok "
            "AND list_contains(?, subject) AND list_contains(?, message_key) GROUP BY subject",
            [list(names), SCOPE_SET_KEYS],
        )
        .fetchall()
    )
    return dict(rows)


def audit_actions(con) -> list[str]:
    """The actions the log holds, for a filter."""
    rows = con.cursor().execute("SELECT DISTINCT action FROM audit_log ORDER BY 1").fetchall()
    return [r[0] for r in rows]


def action_label(action: str, lang: str) -> str:
    """An audit action in words (sign_in → 登录), as the pages and ``etl users audit --lang zh``
    say it; one the catalogue does not know, as stored."""
    key = f"admin.action.{action}"
    said = msg(key).in_lang(lang)
    return action if said == key else said
