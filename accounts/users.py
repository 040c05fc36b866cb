"""Accounts: roles, passwords, scopes; adding, changing and removing users.

Roles are ordered: viewer (read) < analyst (upload, withdraw) < admin (indicator system,
users). Passwords are hashed with argon2id (argon2-cffi). Every change is written with its
audit entry in one transaction. ``by`` names the signed-in admin making a change, who may not
grant a role above their own nor a scope wider than their own, nor change an account outside
their scope; ``by=None`` is the command line (whoever holds the store may do anything).

The last bureau-wide admin cannot be removed, demoted or narrowed: someone must always be able
to manage every account from the browser.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from accounts import scopes
from accounts.audit import COMMAND_LINE, audit, record
from etl.db import write
from etl.messages import Text, msg, pair, same
from etl.scope import EVERYTHING, Scope

ROLES = ("viewer", "analyst", "admin")
MIN_PASSWORD_LENGTH = 8
ONE_TIME_PASSWORD_BYTES = 9  # 12 URL-safe characters
DEMO_ACCOUNTS = {"viewer": "viewer", "analyst": "analyst", "admin": "admin"}
ACCOUNT_ACTION = "users"  # the audit log's action for account changes

hasher = PasswordHasher()


class AccountError(ValueError):
    """A request about accounts that cannot be done, said in plain words (English, for the
    command line); ``key`` and ``values`` say it again for a page's catalogue
    (``admin.error.<key>`` in i18n/strings_admin.py)."""

    def __init__(self, text: str, key: str | None = None, **values: object):
        super().__init__(text)
        self.key = key
        self.values = values

    def text(self) -> Text:
        """The refusal from the catalogue, its roles and scopes in words; one without a key
        (the command line's own: a missing --unit) as written."""
        if not self.key:
            return same(str(self))
        return msg(f"admin.error.{self.key}", **{k: worded(k, v) for k, v in self.values.items()})

    def said(self) -> Text:
        """The refusal as the command line says it and the audit log keeps it: in Chinese from
        the catalogue, in English as written (the words scripts and tests know)."""
        return pair(self.text().zh, str(self))


def worded(name: str, value: object) -> object:
    """A refusal's value as words: a role by its label, a scope as a page says it."""
    if isinstance(value, Scope):
        return scope_text(value)
    if name in ("role", "own") and value in ROLES:
        return role_text(value)
    return value


def audit_refusal(con, by: str | None, refused: AccountError, subject: str | None) -> None:
    """A refused account change, in the audit log, in both languages as the command line says
    it (``AccountError.said``)."""
    detail = msg("admin.log.refused", reason=refused.said())
    audit(con, by or COMMAND_LINE, ACCOUNT_ACTION, False, detail, subject=subject or None)


def scope_text(scope: Scope) -> Text:
    """A scope as the admin page says it: ``Scope.text()``, but everything is "bureau-wide" in
    English (the audit detail's "all" is the command line's word, ``--scope all``)."""
    return msg("admin.scope.all") if scope.is_everything else scope.text()


class NoSuchUser(AccountError):
    """The name is not an account (a removed user, a typing error, nobody signed in)."""

    def __init__(self, name: str | None):
        self.name = name
        text = f"there is no user '{name}'" if name else "nobody is signed in"
        super().__init__(text, "no_user", name=name or "")


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    scope: Scope
    updated_at: datetime
    one_time_password: bool = False  # a generated password not yet replaced by the user's own


def role_rank(role: str | None) -> int:
    """0 for no role, then 1, 2, 3 for viewer, analyst, admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def role_allows(role: str | None, needed: str | None) -> bool:
    """Whether ``role`` may do what needs ``needed`` (None: anyone, even signed out)."""
    return needed is None or role_rank(role) >= role_rank(needed)


# who changes the indicator system (indicators, weights, targets): on its page, by loading
# or withdrawing an indicator-system file (README, "Sign-in, roles and accounts")
SYSTEM_EDITOR = "admin"


def may_edit_system(con, name: str | None) -> bool:
    """Whether the user may change the indicator system, read from the database now."""
    return role_allows(role_of(con, name), SYSTEM_EDITOR)


def may_publish(con, name: str | None) -> bool:
    """Whether the user may publish a quarter, read from the database now: an admin with the
    bureau-wide scope, since a publication fixes every district's figures (what every page and
    pack shows by default), as only such an admin changes the bureau's name and level."""
    found = standing_of(con, name)
    return found is not None and found.role == "admin" and found.scope.is_everything


def may_grant(granter_role: str | None, role: str) -> bool:
    """Whether someone of ``granter_role`` may give ``role`` (never a role above their own)."""
    return role_rank(granter_role) >= role_rank(role) > 0


def role_text(role: str) -> Text:
    """The role as the audit log says it: 查看者 / viewer (the page's role labels)."""
    return msg(f"frame.role.{role}")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(
            f"unknown role '{role}'; use one of {', '.join(ROLES)}", "role_unknown", role=role
        )
    return role


def check_password(password: str) -> str:
    """``password`` if long enough: its characters counted without the blanks (spaces, tabs,
    the full-width and no-break space) at either end, so that eight spaces, accepted as an
    admin's password in a trial, are none."""
    if len(password.strip()) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters",
            "password_short",
            length=MIN_PASSWORD_LENGTH,
        )
    return password


def check_username(name: str) -> str:
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise AccountError("a user name is 1–64 characters without spaces", "name")
    if name.lower() == COMMAND_LINE:
        # the logs' name for the command line (命令行): an account so named would pass its
        # loads, withdrawals and account changes off as the command line's
        raise AccountError(
            f"'{name}' is the logs' name for the command line: choose another user name",
            "name_reserved",
            name=name,
        )
    return name


def checked_scope(cur, scope: Scope) -> Scope:
    try:
        return scopes.check_scope(cur, scope)
    except scopes.ScopeError as wrong:
        raise AccountError(str(wrong), wrong.key, **wrong.values) from None


class Standing(NamedTuple):
    """An account as it stands now: its role, the units it may see, and whether it still has a
    one-time password (``must_change_password``)."""

    role: str
    scope: Scope
    must_change_password: bool


def account_row(cur, name: str | None) -> Standing | None:
    """The account's standing, read from the database (None: no such user)."""
    if not name:
        return None
    row = cur.execute(
        "SELECT role, scope_districts, scope_unit, coalesce(must_change_password, false) "
        "FROM users WHERE username = ?",
        [name],
    ).fetchone()
    return Standing(row[0], scopes.from_columns(row[1], row[2]), bool(row[3])) if row else None


def standing_of(con, name: str | None) -> Standing | None:
    """The user's standing in one read (a page run asks role, scope and one-time password
    of the same row: on a lake each read costs a catalog lookup); None: no such user. A
    cursor of its own: the dashboard's sessions share one connection, one thread each."""
    return account_row(con.cursor(), name)


def role_of(con, name: str | None) -> str | None:
    """The user's current role, read from the database (None: no such user)."""
    found = standing_of(con, name)
    return found.role if found else None


def scope_of(con, name: str | None) -> Scope:
    """The units the user may see, read from the database on every call (a change takes
    effect at once). An unknown name or None raises ``NoSuchUser``: nobody gets a scope by
    default (anonymous viewing is ``accounts.anonymous_scope``)."""
    found = standing_of(con, name)
    if found is None:
        raise NoSuchUser(name)
    return found.scope


def checked_actor(cur, by: str | None, *, target: str | None = None) -> tuple[str, Scope]:
    """(role, scope) of the admin ``by``, refusing anyone else and an account outside their
    scope; the command line (None) has every right."""
    if by is None:
        return "admin", EVERYTHING
    found = account_row(cur, by)
    if found is None or found.role != "admin":
        raise AccountError(
            f"'{by}' is not an admin: only an admin manages accounts", "not_admin", name=by
        )
    target_row = account_row(cur, target) if target else None
    if target_row and not scopes.within(cur, target_row.scope, found.scope):
        raise AccountError(
            f"'{target}' ({target_row.scope.describe()}) is outside your scope "
            f"({found.scope.describe()}): ask an admin whose scope covers it",
            "outside_scope",
            name=target,
            scope=target_row.scope,
            own=found.scope,
        )
    return found.role, found.scope


def check_grant(cur, by: str | None, role: str | None, scope: Scope | None, target=None) -> None:
    actor_role, actor_scope = checked_actor(cur, by, target=target)
    if role is not None and not may_grant(actor_role, role):
        raise AccountError(
            f"you cannot grant the role {role}, above your own ({actor_role})",
            "role_above",
            role=role,
            own=actor_role,
        )
    if scope is not None and not scopes.within(cur, scope, actor_scope):
        raise AccountError(
            f"you cannot grant the scope '{scope.describe()}': it is wider than your own "
            f"('{actor_scope.describe()}')",
            "scope_wider",
            scope=scope,
            own=actor_scope,
        )


def add_user(
    con,
    name: str,
    role: str,
    password: str,
    now: datetime | None = None,
    *,
    scope: Scope = EVERYTHING,
    by: str | None = None,
    one_time: bool = False,
) -> None:
    """Add an account. ``one_time``: the password was generated to be handed on; the user
    chooses a new one at the first sign-in (``must_change_password``)."""
    check_username(name)
    check_role(role)
    check_password(password)
    now = now or datetime.now()
    password_hash = hasher.hash(password)

    def insert(cur) -> None:
        check_grant(cur, by, role, scope)
        checked_scope(cur, scope)
        if cur.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchone():
            raise AccountError(
                f"user '{name}' exists already; use set-password or remove it first",
                "exists",
                name=name,
            )
        cur.execute(
            "INSERT INTO users (username, role, password_hash, created_at, updated_at, "
            "scope_districts, scope_unit, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [name, role, password_hash, now, now, *scopes.to_columns(scope), one_time],
        )
        detail = (
            msg("admin.log.added", name=name, role=role_text(role))
            if scope.is_everything
            else msg("admin.log.added_scoped", name=name, role=role_text(role), scope=scope.text())
        )
        record(cur, by or COMMAND_LINE, ACCOUNT_ACTION, True, detail, name, now)

    write(con, insert)


def set_password(
    con,
    name: str,
    password: str,
    now: datetime | None = None,
    *,
    by: str | None = None,
    one_time: bool = False,
) -> None:
    """A new password, set by an admin (or the command line) for ``name``: the user's sessions
    end; audited. ``one_time``: the user must choose a new one at the next sign-in."""
    check_password(password)

    def allowed(cur) -> None:
        checked_actor(cur, by, target=name)

    store_password(con, name, password, now, by or COMMAND_LINE, one_time, allowed)


def change_own_password(con, name: str, password: str, now: datetime | None = None) -> None:
    """The signed-in user ``name`` sets their own password (after a one-time one), which must
    differ from the current one: every session of theirs ends (the caller signs them in
    again); audited."""
    check_password(password)

    def differs(cur) -> None:
        row = cur.execute("SELECT password_hash FROM users WHERE username = ?", [name]).fetchone()
        if row and verify(row[0], password):
            raise AccountError("the new password is the current one", "password_same")

    store_password(con, name, password, now, name, False, differs)


def verify(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def store_password(con, name, password, now, by: str, one_time: bool, allowed) -> None:
    now = now or datetime.now()
    password_hash = hasher.hash(password)

    def change(cur) -> None:
        allowed(cur)
        if account_row(cur, name) is None:
            raise NoSuchUser(name)
        cur.execute(
            "UPDATE users SET password_hash = ?, updated_at = ?, must_change_password = ? "
            "WHERE username = ?",
            [password_hash, now, one_time, name],
        )
        cur.execute("DELETE FROM sign_in_sessions WHERE username = ?", [name])
        record(cur, by, ACCOUNT_ACTION, True, msg("admin.log.password_set", name=name), name, now)

    write(con, change)


def reset_password(con, name: str, *, by: str | None = None, now: datetime | None = None) -> str:
    """Set a generated one-time password and return it, to be shown once to the admin who
    hands it on; the user chooses a new one at the next sign-in."""
    password = secrets.token_urlsafe(ONE_TIME_PASSWORD_BYTES)
    set_password(con, name, password, now, by=by, one_time=True)
    return password


def rehash_password(con, name: str, password: str) -> None:
    """Store the password's hash with today's argon2 parameters (after a sign-in; no audit)."""
    values = [hasher.hash(password), name]
    write(
        con,
        lambda cur: cur.execute("UPDATE users SET password_hash = ? WHERE username = ?", values),
    )


def set_role(
    con, name: str, role: str, now: datetime | None = None, *, by: str | None = None
) -> None:
    check_role(role)
    now = now or datetime.now()

    def change(cur) -> None:
        check_grant(cur, by, role, None, target=name)
        found = account_row(cur, name)
        if found is None:
            raise NoSuchUser(name)
        if role != "admin":
            refuse_if_last_admin(cur, name)
            refuse_if_own_admin(by, name)
        cur.execute(
            "UPDATE users SET role = ?, updated_at = ? WHERE username = ?", [role, now, name]
        )
        detail = msg("admin.log.role_set", name=name, role=role_text(role))
        record(cur, by or COMMAND_LINE, ACCOUNT_ACTION, True, detail, name, now)

    write(con, change)


def set_scope(
    con, name: str, scope: Scope, *, by: str | None = None, now: datetime | None = None
) -> None:
    """Limit the user to ``scope`` (its districts and unit must be in the registry)."""
    now = now or datetime.now()

    def change(cur) -> None:
        check_grant(cur, by, None, scope, target=name)
        found = account_row(cur, name)
        if found is None:
            raise NoSuchUser(name)
        checked_scope(cur, scope)
        if not scope.is_everything:
            refuse_if_last_admin(cur, name)
        if scope != found.scope:
            refuse_if_own_admin(by, name)
        cur.execute(
            "UPDATE users SET scope_districts = ?, scope_unit = ?, updated_at = ? "
            "WHERE username = ?",
            [*scopes.to_columns(scope), now, name],
        )
        detail = msg("admin.log.scope_set", name=name, scope=scope.text())
        record(cur, by or COMMAND_LINE, ACCOUNT_ACTION, True, detail, name, now)

    write(con, change)


def remove_user(con, name: str, *, by: str | None = None, now: datetime | None = None) -> None:
    def delete(cur) -> None:
        checked_actor(cur, by, target=name)
        if account_row(cur, name) is None:
            raise NoSuchUser(name)
        refuse_if_last_admin(cur, name)
        refuse_if_own_admin(by, name)
        cur.execute("DELETE FROM users WHERE username = ?", [name])
        cur.execute("DELETE FROM sign_in_sessions WHERE username = ?", [name])
        detail = msg("admin.log.removed", name=name)
        record(cur, by or COMMAND_LINE, ACCOUNT_ACTION, True, detail, name, now)

    write(con, delete)


def refuse_if_own_admin(by: str | None, name: str) -> None:
    """Refuse an admin demoting, narrowing or removing their own account (``by`` is an admin:
    checked_actor): one click would lock them out of this page mid-session, so another admin
    does it (the command line, ``by=None``, may)."""
    if by is not None and by == name:
        raise AccountError(
            f"you cannot demote, narrow or remove your own admin account '{name}': "
            "ask another admin",
            "own_admin",
            name=name,
        )


def refuse_if_last_admin(cur, name: str) -> None:
    """Refuse to remove, demote or narrow ``name`` if it is the only bureau-wide admin."""
    found = account_row(cur, name)
    if found is None or found.role != "admin" or not found.scope.is_everything:
        return
    others = cur.execute(
        "SELECT count(*) FROM users WHERE role = 'admin' AND scope_districts IS NULL "
        "AND scope_unit IS NULL AND username <> ?",
        [name],
    ).fetchone()[0]
    if others == 0:
        raise AccountError(
            f"'{name}' is the last admin with the bureau-wide scope; add another admin first",
            "last_admin",
            name=name,
        )


def list_users(con, within: Scope = EVERYTHING) -> list[Account]:
    """Every account, by name; only those whose scope lies ``within`` the given one (an
    admin of some districts is shown the accounts they may manage, not the bureau's)."""
    rows = (
        con.cursor()
        .execute(
            "SELECT username, role, scope_districts, scope_unit, updated_at, "
            "coalesce(must_change_password, false) FROM users ORDER BY username"
        )
        .fetchall()
    )
    found = [
        Account(n, r, scopes.from_columns(d, u), when, one_time)
        for n, r, d, u, when, one_time in rows
    ]
    return accounts_within(con, found, within)


def accounts_within(con, found: list[Account], within: Scope) -> list[Account]:
    """Those of the accounts ``found`` whose scope lies ``within`` the given one (every one
    for the bureau-wide scope): a page that needs both reads the list once."""
    if within.is_everything:
        return found
    cur = con.cursor()
    return [a for a in found if scopes.within(cur, a.scope, within)]


def create_demo_accounts(con) -> dict[str, str]:
    """One bureau-wide account per role with a fresh random password (reset if it exists)."""
    passwords = {}
    for name, role in DEMO_ACCOUNTS.items():
        password = secrets.token_urlsafe(9)
        if role_of(con, name) is None:
            add_user(con, name, role, password)
        else:
            set_role(con, name, role)
            set_scope(con, name, EVERYTHING)
            set_password(con, name, password)
        passwords[name] = password
    return passwords
