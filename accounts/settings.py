"""Stored settings about who may view: sign-in required, and what an anonymous viewer sees.

Both live in the ``settings`` table (name, value: 'on' | 'off'); changes are audited.
"""

from __future__ import annotations

from accounts.audit import COMMAND_LINE, record
from etl.db import write
from etl.messages import msg
from etl.scope import EVERYTHING, Scope
from etl.settings import environment, stored_default

REQUIRE_SIGNIN_ENV = "CIVBENCH_REQUIRE_SIGNIN"
REQUIRE_SIGNIN = "require_signin"  # default off: viewing open, changes need sign-in
ANONYMOUS_VIEW = "anonymous_view"  # default on: anonymous viewers see the bureau-wide view
SETTINGS_ACTION = "settings"


def stored_settings(con) -> dict[str, str]:
    """Every stored setting, name -> value, in one read: a page run asks for both, and on a
    lake each read of a table costs a catalog lookup (tens of milliseconds)."""
    return dict(con.cursor().execute("SELECT name, value FROM settings").fetchall())


def store(con, name: str, on: bool, by: str | None = None) -> None:
    value = "on" if on else "off"

    def change(cur) -> None:
        cur.execute("DELETE FROM settings WHERE name = ?", [name])
        cur.execute("INSERT INTO settings (name, value) VALUES (?, ?)", [name, value])
        detail = msg(f"admin.log.setting.{name}", value=msg(f"admin.log.{value}"))
        record(cur, by or COMMAND_LINE, SETTINGS_ACTION, True, detail)

    write(con, change)


def require_signin(con, settings: dict[str, str] | None = None) -> bool:
    """Whether viewing needs sign-in: env CIVBENCH_REQUIRE_SIGNIN wins, then the settings
    table (``settings``: ``stored_settings`` when read already); default False (viewing open,
    changes need sign-in)."""
    env = environment(REQUIRE_SIGNIN_ENV)
    if env is not None:
        return env.strip().lower() in ("1", "true", "yes", "on")
    value = (stored_settings(con) if settings is None else settings).get(REQUIRE_SIGNIN)
    return (value or stored_default(REQUIRE_SIGNIN)) == "on"


def set_require_signin(con, on: bool, *, by: str | None = None) -> None:
    store(con, REQUIRE_SIGNIN, on, by)


def anonymous_scope(con) -> Scope | None:
    """What a viewer who is not signed in may see: the bureau-wide view (``EVERYTHING``) when
    the bureau allows it, None (nothing: they must sign in) when sign-in is required or the
    setting ``anonymous_view`` is off. The setting is on unless stored off, so the demo and a
    store made before the setting existed show what they always showed."""
    settings = stored_settings(con)
    if (
        require_signin(con, settings)
        or (settings.get(ANONYMOUS_VIEW) or stored_default(ANONYMOUS_VIEW)) == "off"
    ):
        return None
    return EVERYTHING


def set_anonymous_view(con, on: bool, *, by: str | None = None) -> None:
    store(con, ANONYMOUS_VIEW, on, by)
