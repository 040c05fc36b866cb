"""Sign-in accounts, roles, scopes, sessions, settings and the audit log, kept in the store
beside the data (their tables are declared in etl/schema.sql; every write goes through
etl.db.write). Not part of the ETL: this package may use the store (``etl.db``), the one
list of settings (``etl.settings``), ``etl.scope`` and ``etl.messages`` (the audit log keeps
its details as catalogue keys, read in the reader's language), nothing else of the project
(tests/accounts/test_layering.py).

- ``accounts.users``: roles, passwords, scopes; add, change, remove (each change audited)
- ``accounts.sessions``: signing in, the failed-sign-in limit and unlocking, browser sessions
- ``accounts.settings``: sign-in required, what anonymous viewers see
- ``accounts.audit``: the audit log
- ``accounts.cli``: ``python -m etl users …``

Who sees what: ``scope_of(con, name)`` is a user's scope (``NoSuchUser`` for an unknown name:
nobody gets data by default), ``anonymous_scope(con)`` a viewer's who is not signed in (None:
nothing), ``visible_scope(con, name)`` either of the two for a session (None: nothing).
"""

from __future__ import annotations

from accounts.audit import (
    action_label,
    audit,
    audit_actions,
    audit_entries,
    audit_load,
    scopes_set_at,
)
from accounts.sessions import (
    FAILURE_WINDOW,
    MAX_FAILURES,
    SESSION_COOKIE,
    SESSION_LIFETIME,
    SignInLocked,
    authenticate,
    end_session,
    end_user_sessions,
    lock_end,
    locked_names,
    locks,
    recent_failures,
    session_user,
    start_session,
    token_hash,
    unlock,
)
from accounts.settings import (
    REQUIRE_SIGNIN_ENV,
    Viewing,
    anonymous_scope,
    bureau,
    connect_speaking,
    keep_bureau_time,
    require_signin,
    set_anonymous_view,
    set_bureau,
    set_require_signin,
    set_viewing,
    speak_for_store,
    stored_settings,
    viewing,
)
from accounts.users import (
    DEMO_ACCOUNTS,
    MIN_PASSWORD_LENGTH,
    ROLES,
    SYSTEM_EDITOR,
    Account,
    AccountError,
    NoSuchUser,
    Standing,
    accounts_within,
    add_user,
    audit_refusal,
    change_own_password,
    create_demo_accounts,
    list_users,
    may_edit_system,
    may_grant,
    may_publish,
    remove_user,
    reset_password,
    role_allows,
    role_of,
    role_rank,
    role_text,
    scope_of,
    scope_text,
    set_password,
    set_role,
    set_scope,
    standing_of,
)
from etl.scope import Scope

_UNREAD = object()


def visible_scope(
    con, name: str | None, *, anonymous: object = _UNREAD, standing: object = _UNREAD
) -> Scope | None:
    """What a session signed in as ``name`` may see (None: nobody signed in, see
    ``anonymous_scope``); None means nothing (an unknown or removed name sees nothing).
    ``anonymous`` and ``standing`` (``standing_of(con, name)``): their answers, when the caller
    read them already in this run."""
    if name is None:
        return anonymous_scope(con) if anonymous is _UNREAD else anonymous
    found = standing_of(con, name) if standing is _UNREAD else standing
    return found.scope if found is not None else None


__all__ = [
    "DEMO_ACCOUNTS",
    "FAILURE_WINDOW",
    "MAX_FAILURES",
    "MIN_PASSWORD_LENGTH",
    "REQUIRE_SIGNIN_ENV",
    "ROLES",
    "SESSION_COOKIE",
    "SESSION_LIFETIME",
    "SYSTEM_EDITOR",
    "Account",
    "AccountError",
    "NoSuchUser",
    "SignInLocked",
    "Standing",
    "action_label",
    "add_user",
    "audit_refusal",
    "anonymous_scope",
    "audit",
    "audit_actions",
    "audit_entries",
    "audit_load",
    "scopes_set_at",
    "authenticate",
    "create_demo_accounts",
    "end_session",
    "end_user_sessions",
    "accounts_within",
    "list_users",
    "lock_end",
    "locked_names",
    "locks",
    "may_edit_system",
    "may_grant",
    "may_publish",
    "recent_failures",
    "remove_user",
    "require_signin",
    "keep_bureau_time",
    "speak_for_store",
    "stored_settings",
    "bureau",
    "change_own_password",
    "reset_password",
    "role_allows",
    "role_of",
    "role_rank",
    "role_text",
    "scope_of",
    "scope_text",
    "session_user",
    "set_anonymous_view",
    "set_bureau",
    "connect_speaking",
    "set_password",
    "set_require_signin",
    "set_viewing",
    "Viewing",
    "viewing",
    "set_role",
    "set_scope",
    "standing_of",
    "start_session",
    "token_hash",
    "unlock",
    "visible_scope",
]
