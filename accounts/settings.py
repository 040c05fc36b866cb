"""Stored settings: who may view (sign-in required, what an anonymous viewer sees) and whose
words the product speaks (the bureau's level and name, i18n/voice.py).

They live in the ``settings`` table (name, value); changes are audited.
"""

from __future__ import annotations

import os
import time
import unicodedata
import zoneinfo
from dataclasses import dataclass

from accounts.audit import COMMAND_LINE, record
from accounts.users import AccountError, scope_of
from etl.db import connect, write
from etl.messages import msg
from etl.scope import EVERYTHING, Scope
from etl.settings import environment, said_off, stored_default
from i18n.voice import LEVELS, Bureau, use

REQUIRE_SIGNIN_ENV = "CIVBENCH_REQUIRE_SIGNIN"
REQUIRE_SIGNIN = "require_signin"  # default off: viewing open, changes need sign-in
ANONYMOUS_VIEW = "anonymous_view"  # default on: anonymous viewers see the bureau-wide view
BUREAU_LEVEL, BUREAU_NAME = "bureau_level", "bureau_name"
# the bureau's time zone (Asia/Shanghai): the clock every process keeps (``keep_bureau_time``)
TIME_ZONE = "time_zone"
NAME_LONGEST = 40  # characters: a bureau's name is a line of a circular's signature
SETTINGS_ACTION = "settings"


def stored_settings(con) -> dict[str, str]:
    """Every stored setting, name -> value, in one read: a page run asks for both, and on a
    lake each read of a table costs a catalog lookup (tens of milliseconds)."""
    return dict(con.cursor().execute("SELECT name, value FROM settings").fetchall())


def store(con, name: str, on: bool, by: str | None = None) -> None:
    """Set a viewing setting on or off, audited (the command line's; a page's change goes
    through ``set_viewing``, which checks the account)."""
    write(con, lambda cur: switch(cur, name, on, by))


def switch(cur, name: str, on: bool, by: str | None) -> None:
    """Inside a write: the viewing setting ``name`` on or off, and its audit entry."""
    value = "on" if on else "off"
    put(cur, name, value)
    detail = msg(f"admin.log.setting.{name}", value=msg(f"admin.log.{value}"))
    record(cur, by or COMMAND_LINE, SETTINGS_ACTION, True, detail)


def bureau_wide_only(con, by: str | None, key: str, what: str) -> None:
    """Refuse (``AccountError`` with ``key``) a change of ``what`` by an account whose scope is
    not the whole bureau; the command line (``by`` None or ``COMMAND_LINE``) may."""
    own = None if by is None or by == COMMAND_LINE else scope_of(con, by)
    if own is not None and not own.is_everything:
        raise AccountError(
            f"{by} may not change {what}: only a bureau-wide admin may", key, own=own
        )


def put(cur, name: str, value: str | None) -> None:
    """The setting's one row (none for None: its default)."""
    cur.execute("DELETE FROM settings WHERE name = ?", [name])
    if value is not None:
        cur.execute("INSERT INTO settings (name, value) VALUES (?, ?)", [name, value])


def bureau(settings: dict[str, str]) -> Bureau:
    """The bureau the store's settings (``stored_settings``) say, or a city's by default."""
    level = settings.get(BUREAU_LEVEL) or stored_default(BUREAU_LEVEL)
    return Bureau(level, settings.get(BUREAU_NAME) or None)


def speak_for_store(con) -> Bureau:
    """Speak, from now on in this thread, in the words of the store's bureau (a command, once
    it has opened the store; a page run through its frame), and keep its time."""
    settings = stored_settings(con)
    keep_bureau_time(settings)
    found = bureau(settings)
    use(found)
    return found


_kept_zone: list[str | None] = [None]  # the zone this process set last (set once, mostly)


def keep_bureau_time(settings: dict[str, str]) -> None:
    """Keep, in this process, the clock of the bureau's time zone when one is set (``users
    bureau --time-zone``). Times are stored as the local clock reads them (loads, the audit
    log, sign-in locks and sessions): a replica in a container on UTC beside a host on China
    time listed loads out of order, locked a sign-in for eight hours rather than ten minutes,
    and could not unlock it. Every process that opens the store reads its time zone here."""
    zone = settings.get(TIME_ZONE)
    if zone and zone != _kept_zone[0]:
        os.environ["TZ"] = zone  # what the C library's clock, and so Python's, reads
        time.tzset()
        _kept_zone[0] = zone


def time_zone_checked(zone: str) -> str:
    """``zone`` if it names a time zone (Asia/Shanghai), else ``AccountError``."""
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise AccountError(f"no time zone {zone!r}", "bad_time_zone", value=zone) from None
    return zone


def connect_speaking(path: str):
    """``etl.db.connect(path)`` for a command, which from then on speaks in the words of the
    store's bureau (its messages, packs and circulars say 全省 for a province)."""
    con = connect(path)
    try:
        speak_for_store(con)
    except BaseException:
        con.close()
        raise
    return con


def set_bureau(
    con,
    *,
    level: str | None = None,
    name: str | None = None,
    by: str | None = None,
    time_zone: str | None = None,
) -> Bureau:
    """Change the bureau's level, name and/or time zone (an empty name: back to the usual name
    of its level; an empty time zone: each machine's own); refused, naming the fix, for a
    level not in the list, a name that is not one line of at most 40 characters or a time
    zone that is none, and for an account (``by``) whose scope is not the whole bureau
    (``AccountError``, as the accounts' refusals)."""
    bureau_wide_only(con, by, "bureau_wide_only", "the bureau's name or level")
    if time_zone:
        time_zone_checked(time_zone)
    if level is not None and level not in LEVELS:
        levels = " ".join(LEVELS)
        raise AccountError(
            f"bureau level {level!r} is not one of {levels}",
            "bad_level",
            value=level,
            levels=levels,
        )
    if name is not None:
        name = name.strip()
        if len(name) > NAME_LONGEST or any(unicodedata.category(c)[0] == "C" for c in name):
            raise AccountError(
                f"a bureau's name is one line of at most {NAME_LONGEST} characters: {name!r}",
                "bad_bureau_name",
                value=name,
                longest=NAME_LONGEST,
            )

    def change(cur) -> None:
        if level is not None:
            put(cur, BUREAU_LEVEL, level)
        if name is not None:
            put(cur, BUREAU_NAME, name or None)
        if time_zone is not None:
            put(cur, TIME_ZONE, time_zone or None)
        now = bureau(dict(cur.execute("SELECT name, value FROM settings").fetchall()))
        detail = msg("admin.log.setting.bureau", name=now.words("zh")["bureau"], level=now.level)
        if time_zone is not None:
            zone = time_zone or msg("admin.log.time_zone_each")
            detail += msg("admin.log.setting.time_zone", zone=zone)
        record(cur, by or COMMAND_LINE, SETTINGS_ACTION, True, detail)

    write(con, change)
    settings = stored_settings(con)
    keep_bureau_time(settings)
    return bureau(settings)


def require_signin(con, settings: dict[str, str] | None = None) -> bool:
    """Whether viewing needs sign-in: env CIVBENCH_REQUIRE_SIGNIN wins, then the settings
    table (``settings``: ``stored_settings`` when read already); default False (viewing open,
    changes need sign-in). The variable set to neither an on nor an off word (``ture``) needs
    sign-in: a misspelling of "on" opened every page to anyone (trial, session 57)."""
    env = environment(REQUIRE_SIGNIN_ENV)
    if env is not None:
        return not said_off(env)
    value = (stored_settings(con) if settings is None else settings).get(REQUIRE_SIGNIN)
    return (value or stored_default(REQUIRE_SIGNIN)) == "on"


def set_require_signin(con, on: bool, *, by: str | None = None) -> None:
    store(con, REQUIRE_SIGNIN, on, by)


def anonymous_scope(con, settings: dict[str, str] | None = None) -> Scope | None:
    """What a viewer who is not signed in may see: the bureau-wide view (``EVERYTHING``) when
    the bureau allows it, None (nothing: they must sign in) when sign-in is required or the
    setting ``anonymous_view`` is off. The setting is on unless stored off, so the demo and a
    store made before the setting existed show what they always showed. ``settings``:
    ``stored_settings`` when read already."""
    settings = stored_settings(con) if settings is None else settings
    if (
        require_signin(con, settings)
        or (settings.get(ANONYMOUS_VIEW) or stored_default(ANONYMOUS_VIEW)) == "off"
    ):
        return None
    return EVERYTHING


def set_anonymous_view(con, on: bool, *, by: str | None = None) -> None:
    store(con, ANONYMOUS_VIEW, on, by)


@dataclass(frozen=True)
class Viewing:
    """Who may view, as stored (``require_signin``, ``anonymous_view``), and the value of the
    environment variable that overrides the first when the server sets it (``env``)."""

    require_signin: bool
    anonymous_view: bool
    env: str | None


def viewing(con) -> Viewing:
    settings = stored_settings(con)

    def on(name: str) -> bool:
        return (settings.get(name) or stored_default(name)) == "on"

    return Viewing(on(REQUIRE_SIGNIN), on(ANONYMOUS_VIEW), environment(REQUIRE_SIGNIN_ENV))


def set_viewing(con, chosen: Viewing, *, by: str | None = None) -> bool:
    """Store the settings of ``chosen`` that differ from the stored ones (each audited; the
    stored sign-in setting is kept as chosen even while the environment overrides it); False
    when none differs. Refused for an account whose scope is not the whole bureau."""
    now = viewing(con)
    bureau_wide_only(con, by, "viewing_bureau_wide_only", "who may view")
    changes = [
        (name, on)
        for name, on, was in (
            (REQUIRE_SIGNIN, chosen.require_signin, now.require_signin),
            (ANONYMOUS_VIEW, chosen.anonymous_view, now.anonymous_view),
        )
        if on != was
    ]
    if changes:  # both in one transaction: never one stored without the other

        def change(cur) -> None:
            for name, on in changes:
                switch(cur, name, on, by)

        write(con, change)
    return bool(changes)
