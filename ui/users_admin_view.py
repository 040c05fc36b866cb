"""What the User admin page does, kept out of the page script: the users table, a scope from
the form's boxes, each change with its outcome said in the admin's language (a refusal is
audited too) and locked names; the audit log as the admin reads it is ui.audit_view.

Every change goes through ``accounts`` with ``by`` = the signed-in admin, so the rules (the
last admin, no role above one's own, no scope wider than one's own) hold here as on the
command line; the page checks the role again when a button is pressed (ui.signin.require_role).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

import accounts
from accounts import scopes
from accounts.users import ONE_TIME_PASSWORD_BYTES
from charts.labels import fmt_date
from etl.scope import EVERYTHING, Scope
from i18n import t
from ui.logs import TIME_FORMAT


@dataclass(frozen=True)
class Outcome:
    ok: bool
    text: str
    one_time_password: str | None = None
    stale: bool = False  # refused as changed since the form was shown (``save``)


STALE_FORM = "changed_since_shown"


def scope_label(scope: Scope, lang: str) -> str:
    return accounts.scope_text(scope).in_lang(lang)


def role_label(role: str, lang: str) -> str:
    return accounts.role_text(role).in_lang(lang) if role in accounts.ROLES else role


@dataclass(frozen=True)
class Roster:
    """The accounts as one run of the page reads them (once: on a lake each read costs a
    catalog lookup): ``every`` one, and those ``managed`` by an admin of the scope
    ``within`` (the table, the account box, the locked names and the audit's names)."""

    every: list[accounts.Account]
    managed: list[accounts.Account]
    within: Scope

    def managed_one(self, name: str) -> accounts.Account:
        """The managed account ``name`` (its role and scope for the change form)."""
        return next(a for a in self.managed if a.name == name)


def roster(con, within: Scope = EVERYTHING) -> Roster:
    every = accounts.list_users(con)
    return Roster(every, accounts.accounts_within(con, every, within), within)


def users_frame(accounts_of: Roster, lang: str) -> pl.DataFrame:
    """The accounts an admin of the roster's scope manages."""
    rows = [
        (
            a.name,
            role_label(a.role, lang),
            scope_label(a.scope, lang),
            f"{a.updated_at:{TIME_FORMAT}}",
            t("admin.password_one_time" if a.one_time_password else "admin.password_own", lang),
        )
        for a in accounts_of.managed
    ]
    columns = ("name", "role", "scope", "updated", "password")
    names = [t(f"admin.col.{c}", lang) for c in columns]
    return pl.DataFrame(rows, schema=names, orient="row")


def district_choices(con, within: Scope = EVERYTHING) -> list[str]:
    """The districts an admin of the scope ``within`` may grant."""
    return scopes.registry_districts(con.cursor(), within)


def unit_choices(con, within: Scope = EVERYTHING) -> dict[str, str]:
    """unit code -> 'code name', for the unit box: the units an admin of the scope
    ``within`` sees (another district's are never sent to the browser)."""
    units = scopes.registry_units(con.cursor(), within)
    return {code: f"{code} {name}" for code, name in units}


def managed_names(accounts_of: Roster) -> list[str] | None:
    """The accounts an admin of the roster's scope manages, whose audit entries and locked
    names they read; None for a bureau-wide admin (every entry and name)."""
    if accounts_of.within.is_everything:
        return None
    return [a.name for a in accounts_of.managed]


def locked_choices(con, accounts_of: Roster, lang: str) -> dict[str, str]:
    """The locked names an admin of the roster's scope may unlock (not an account outside it;
    a name that is no account at all, a guess, is anyone's), each with its words in ``lang``:
    the name and when its lock ends (``accounts.lock_end``), as the app shows a time."""
    managed = managed_names(accounts_of)
    others = set() if managed is None else {a.name for a in accounts_of.every} - set(managed)
    return {
        name: t("admin.locked_until", lang, name=name, until=fmt_date(until, lang))
        for name, until in accounts.locks(con).items()
        if name not in others
    }


def chosen_scope(districts: list[str], unit: str | None) -> Scope:
    """The scope the boxes say: a unit, districts, or (neither) bureau-wide."""
    if unit and districts:
        raise accounts.AccountError("districts or one unit, not both", "both_scopes")
    if unit:
        return Scope(unit=unit)
    return Scope(districts=tuple(districts)) if districts else EVERYTHING


def change(con, by: str, lang: str, subject: str, done_key: str, work: Callable[[], object]):
    """Run one change; a refusal is audited (the change itself audits its success) and said.
    A text returned by ``work`` is a one-time password, shown once."""
    try:
        result = work()
    except accounts.AccountError as refused:
        accounts.audit_refusal(con, by, refused, subject)
        stale = refused.key == STALE_FORM
        return Outcome(False, refused.text().in_lang(lang), stale=stale)
    password = result if isinstance(result, str) else None
    return Outcome(True, t(done_key, lang, name=subject), password)


def add(con, by: str, lang: str, name: str, role: str, districts: list[str], unit: str | None):
    """Add a user with a generated one-time password (returned once, never stored)."""
    name = (name or "").strip()
    password = secrets.token_urlsafe(ONE_TIME_PASSWORD_BYTES)

    def work() -> str:
        scope = chosen_scope(districts, unit)
        accounts.add_user(con, name, role, password, scope=scope, by=by, one_time=True)
        return password

    return change(con, by, lang, name, "admin.added", work)


def save(
    con,
    by: str,
    lang: str,
    name: str,
    role: str,
    districts: list[str],
    unit: str | None,
    shown: tuple[str, Scope] | None = None,
):
    """Set role and scope; only what differs from the account is written (and audited).
    ``shown``: the role and scope the form showed when drawn. When the account has changed
    since (another admin's save), nothing is written: the form's boxes still held the old
    values, and a save meant to narrow a scope gave back a role another admin had just taken
    away, audited as this admin's choice."""

    def work() -> None:
        scope = chosen_scope(districts, unit)
        now = (accounts.role_of(con, name), accounts.scope_of(con, name))
        if shown is not None and now != shown:
            raise accounts.AccountError(
                f"the account {name} was changed since this form was shown: it is now "
                f"{now[0]} ({scope_label(now[1], 'en')}); nothing was saved",
                STALE_FORM,
                name=name,
                role=now[0],
                scope=now[1],
            )
        if now[0] != role:
            accounts.set_role(con, name, role, by=by)
        if now[1] != scope:
            accounts.set_scope(con, name, scope, by=by)

    return change(con, by, lang, name, "admin.saved", work)


def reset(con, by: str, lang: str, name: str) -> Outcome:
    def work() -> str:
        return accounts.reset_password(con, name, by=by)

    return change(con, by, lang, name, "admin.reset_done", work)


def remove(con, by: str, lang: str, name: str) -> Outcome:
    return change(
        con, by, lang, name, "admin.removed", lambda: accounts.remove_user(con, name, by=by)
    )


def unlock(con, by: str, lang: str, name: str) -> Outcome:
    return change(con, by, lang, name, "admin.unlocked", lambda: accounts.unlock(con, name, by=by))
