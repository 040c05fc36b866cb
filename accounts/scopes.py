"""Scopes as the ``users`` table keeps them, and checked against the unit registry.

A scope is stored in two columns: ``scope_districts`` (a list of districts) and ``scope_unit``
(one unit code); both NULL is the bureau-wide scope (``etl.scope.EVERYTHING``). A unit's
district is the one its latest registry row names (the latest ``from_quarter``; a row without
one holds from the beginning, so it is the oldest).
"""

from __future__ import annotations

import re

from etl.scope import EVERYTHING, Scope

# every unit as its latest registry row has it: the rule of units_latest() (etl/registry.sql),
# written here as the accounts may not install the ETL's macros (tests/accounts/test_layering.py)
LATEST_ROWS_SQL = (
    "SELECT DISTINCT ON (unit_code) unit_code, unit_name, district FROM units "
    "ORDER BY unit_code, from_quarter DESC NULLS LAST, load_id DESC"
)
# commas of either width and the Chinese enumeration comma all separate districts
DISTRICT_SEPARATORS = re.compile(r"[,，、]")


class ScopeError(ValueError):
    """A scope that names districts or a unit the registry does not hold (``key`` and
    ``values`` for a page's catalogue, as ``AccountError``)."""

    def __init__(self, text: str, key: str, **values: object):
        super().__init__(text)
        self.key = key
        self.values = values


def from_columns(districts: list[str] | None, unit: str | None) -> Scope:
    if unit is not None:
        return Scope(unit=unit)
    if districts is not None:
        return Scope(districts=tuple(districts))
    return EVERYTHING


def to_columns(scope: Scope) -> list[object]:
    """[scope_districts, scope_unit] for the ``users`` table."""
    return [list(scope.districts) if scope.districts is not None else None, scope.unit]


def parse_districts(text: str) -> tuple[str, ...]:
    """``城关区,七里河区`` (or ``城关区、七里河区``) as districts, blanks and repeats left out."""
    names = [d.strip() for d in DISTRICT_SEPARATORS.split(text or "")]
    return tuple(dict.fromkeys(n for n in names if n))


def registry_districts(cur, scope: Scope = EVERYTHING) -> list[str]:
    """The registry's districts; of them, those ``scope`` covers whole (a unit's scope covers
    none): what an admin of that scope may grant."""
    rows = cur.execute("SELECT DISTINCT district FROM units ORDER BY district").fetchall()
    names = [r[0] for r in rows]
    if scope.is_everything:
        return names
    return [n for n in names if n in (scope.districts or ())]


def registry_units(cur, scope: Scope = EVERYTHING) -> list[tuple[str, str]]:
    """(unit_code, unit_name) of every registered unit, as its latest row names it; only the
    units ``scope`` sees (by the district of their latest row), so that an admin of some
    districts is never sent another district's units."""
    rows = cur.execute(LATEST_ROWS_SQL).fetchall()
    return [(code, name) for code, name, district in rows if scope.sees(code, district)]


def unit_district(cur, unit_code: str) -> str | None:
    """The district of the unit's latest registry row (None: no such unit)."""
    row = cur.execute(
        f"SELECT district FROM ({LATEST_ROWS_SQL}) WHERE unit_code = ?", [unit_code]
    ).fetchone()
    return row[0] if row else None


def check_scope(cur, scope: Scope) -> Scope:
    """The scope, if the registry holds its districts or its unit; else ``ScopeError`` saying
    what to correct."""
    if scope.unit is not None and unit_district(cur, scope.unit) is None:
        raise ScopeError(
            f"there is no unit '{scope.unit}' in the unit registry: check the code, or load "
            "the unit in the registry first",
            "unknown_unit",
            unit=scope.unit,
        )
    if scope.districts is not None:
        known = registry_districts(cur)
        unknown = [d for d in scope.districts if d not in known]
        if unknown:
            raise ScopeError(
                f"the unit registry has no district {', '.join(repr(d) for d in unknown)}; "
                f"its districts are: {', '.join(known) or '(none yet: load the registry first)'}",
                "unknown_district",
                districts=", ".join(unknown),
                known=", ".join(known),
            )
    return scope


def within(cur, inner: Scope, outer: Scope) -> bool:
    """Whether every unit ``inner`` sees is one that ``outer`` sees."""
    if outer.is_everything:
        return True
    if inner.is_everything:
        return False
    if outer.unit is not None:
        return inner.unit == outer.unit
    if inner.unit is not None:
        return unit_district(cur, inner.unit) in outer.districts
    return set(inner.districts) <= set(outer.districts)
