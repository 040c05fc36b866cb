"""The rules that the loader and the named queries both apply, written once as SQL table macros:
the unit registry's (a unit's latest row; the quarters each row holds for) in ``registry.sql``,
which data files were corrections in ``corrections.sql``.

The loader installs them on its cursor before it asks the registry (its scope check, the
quarters a unit is closed); the query pipeline installs them with its own macros
(queries/pipeline.py), so a page and a load can never disagree on where a unit belongs.
"""

from __future__ import annotations

import functools
from pathlib import Path

REGISTRY_SQL = Path(__file__).with_name("registry.sql")
CORRECTIONS_SQL = Path(__file__).with_name("corrections.sql")


@functools.cache
def registry_macros() -> str:
    """The CREATE statements of the registry's macros (read once: a load installs them on
    several cursors)."""
    return REGISTRY_SQL.read_text(encoding="utf-8")


@functools.cache
def corrections_macro() -> str:
    """The CREATE statement of ``load_corrections()`` (read once, as the registry's)."""
    return CORRECTIONS_SQL.read_text(encoding="utf-8")


def install_registry_macros(cur) -> None:
    """Create the registry's macros on the cursor (temporary: each cursor is a connection of
    its own, and creating them writes nothing to the store)."""
    cur.execute(registry_macros())


def install_corrections_macro(cur) -> None:
    """Create the macro ``load_corrections()`` on the cursor (as the registry's)."""
    cur.execute(corrections_macro())
