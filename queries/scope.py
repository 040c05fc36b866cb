"""Who may see which units: the scope every named query is run under.

A scope is everything (the bureau's analysts and leaders), the units of one or more districts
(a district's health director), or one unit (a unit's own account). The query runner applies it
in SQL to every query that lists units (queries/runner.py), so pages, downloads, exports and
packs cannot show a unit outside it; bureau-wide figures (the bureau's index, a peer group's
median, the funnel's centre line) are still computed over every unit. Totals that add units up
(ledger_totals, finding_counts, reporting_summary, and the units counted by quarters,
peer_groups and districts) name no unit to filter on: they keep the reader's units themselves
(``$scope_units``, ``scope_units``).

A unit is in a district's scope when the latest registry row of the unit names that district.
"""

from __future__ import annotations

import polars as pl

from etl.db import UNIT_TABLES
from etl.messages import msg
from etl.scope import EVERYTHING, LATEST_UNIT_ROWS_SQL, Scope
from queries.catalogue import QueryError
from queries.pipeline import STAGE_DIR, read_sql, run_statement

__all__ = ["EVERYTHING", "OutOfScope", "Scope", "restricted", "selection_of"]
SELECTIONS = ("districts", "peer_groups", "units")  # list parameters every query takes
ALL_GROUPS = "全部"  # the peer-group value of rows about every group (never outside a scope)
LATEST_UNITS = f"latest_units AS (\n{LATEST_UNIT_ROWS_SQL}\n)"
IN_SCOPE = read_sql(STAGE_DIR / "in_scope.sql")
ROW_ORDER = "_scoped_row"  # the result's row number: a filter in SQL need not keep the order


class OutOfScope(QueryError):
    """A unit, district or peer group outside the caller's scope was asked for by name."""


def selection_of(params: dict) -> dict[str, list[str] | None]:
    """Pop the list parameters (districts, peer groups, units) from a query's parameters: each
    a list of names, or None for no restriction."""
    found = {}
    for name in SELECTIONS:
        value = params.pop(name, None)
        if value is not None:
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise QueryError(msg("query.not_a_list", name=name, value=repr(value)))
            value = list(value)
        found[name] = value
    return found


def scope_params(scope: Scope) -> dict:
    return {
        "scope_districts": list(scope.districts) if scope.districts is not None else None,
        "scope_unit": scope.unit,
    }


def units_in_scope(cursor, scope: Scope) -> pl.DataFrame:
    """unit_code, district, peer_group of every unit the scope lets its holder see."""
    return run_statement(cursor, f"WITH {LATEST_UNITS}\n{IN_SCOPE}", scope_params(scope))


SCOPE_UNITS = "$scope_units"  # a query totalling units itself names them, e.g. ledger_totals


def scope_units(cursor, scope: Scope) -> list[str] | None:
    """The unit codes the scope lets its holder see, None for everything: for a query that
    adds units up into rows naming none (totals), which ``restricted`` cannot filter, so it
    keeps only these units itself (``AND ($scope_units IS NULL OR list_contains(…))``)."""
    return None if scope.is_everything else units_in_scope(cursor, scope)["unit_code"].to_list()


OUTSIDE = {
    "unit": "query.unit_outside",
    "district": "query.district_outside",
    "peer_group": "query.peer_group_outside",
}


def outside(what: str, value: str, scope: Scope) -> OutOfScope:
    return OutOfScope(msg(OUTSIDE[what], value=value, scope=scope.text()))


def check_named(cursor, scope: Scope, values: dict, params) -> None:
    """Refuse a unit, district or peer group parameter naming something outside the scope (a
    tampered URL, a hand-typed command line): OutOfScope, a plain refusal, not empty data."""
    if scope.is_everything:
        return
    allowed = units_in_scope(cursor, scope)
    for param in params:
        value = values.get(param.name)
        if value is None:
            continue
        if param.type == "unit" and value not in allowed["unit_code"]:
            raise outside("unit", value, scope)
        if param.name == "district" and value not in allowed["district"]:
            raise outside("district", value, scope)
        if (
            param.name == "peer_group"
            and value != ALL_GROUPS
            and value not in allowed["peer_group"]
        ):
            raise outside("peer_group", value, scope)


def check_listed(cursor, scope: Scope, selection: dict) -> None:
    """Refuse a district or unit in a list parameter outside the scope, as ``check_named``
    refuses one named alone, whether or not the bureau has it: keeping what both allow let a
    district's account tell another district's names and codes (an empty result) from names
    no unit has (refused as typos). Peer groups are the bureau's categories, not another
    district's: a list of them keeps what both allow."""
    if scope.is_everything:
        return
    allowed = units_in_scope(cursor, scope)
    for value in selection.get("districts") or ():
        if value not in allowed["district"]:
            raise outside("district", value, scope)
    for code in selection.get("units") or ():
        if code not in allowed["unit_code"]:
            raise outside("unit", code, scope)


# (load_id, unit_code) of every unit each load brought rows of: in force, replaced since or
# withdrawn (the upload log keeps a withdrawn load's units); a rejected load brought none
ROW_UNITS = " UNION ALL ".join(
    f"SELECT load_id, unit_code FROM {prefix}{table}"
    for table in UNIT_TABLES
    for prefix in ("", "archive_")
)  # one row per row brought: what rows_in_scope counts
LOAD_UNITS = f"{ROW_UNITS} UNION ALL SELECT load_id, unnest(withdrawn_units) FROM upload_log"


def loads_bringing(units: str) -> str:
    """The condition on a list of loads (file_name, kind, load_id) keeping those that brought
    rows of the units ``units`` (SQL selecting unit codes), and the indicator system's, which
    are everyone's."""
    return (
        f"(r.kind = 'indicators' OR r.load_id IN "
        f"(SELECT load_id FROM ({LOAD_UNITS}) WHERE unit_code IN ({units})))"
    )


def load_places(cursor, scope: Scope, load_ids: list[int]) -> pl.DataFrame:
    """load_id and outside of each of the loads given that brought (or withdrew) rows of
    units: outside is true when one of those units lies outside ``scope``. A load missing
    from it brought no unit's rows (rejected, or the indicator system's): nothing places it
    inside a scope or outside."""
    sql = (
        f"WITH {LATEST_UNITS},\nin_scope AS (\n{IN_SCOPE}\n)\n"
        "SELECT load_id, bool_or(unit_code NOT IN (SELECT unit_code FROM in_scope)) AS outside "
        f"FROM ({LOAD_UNITS}) WHERE load_id BETWEEN $first AND $last "
        "AND list_contains($load_ids, load_id) GROUP BY load_id ORDER BY load_id"
    )
    return run_statement(cursor, sql, {**scope_params(scope), **load_range(load_ids)})


def load_range(load_ids: list[int]) -> dict:
    """The parameters of a condition on loads: the ids, and their range, asked first (rows
    lie in load order, so row groups outside it are skipped whole)."""
    first, last = (min(load_ids), max(load_ids)) if load_ids else (0, -1)
    return {"load_ids": load_ids, "first": first, "last": last}


# (replaced_by, unit_code) of every row a load replaced, kept for its withdrawal
REPLACED_UNITS = " UNION ALL ".join(
    f"SELECT replaced_by, unit_code FROM archive_{table}" for table in UNIT_TABLES
)


def rows_in_scope(cursor, scope: Scope, load_ids: list[int]) -> pl.DataFrame:
    """load_id, rows and replaced of each load given: the rows it brought of units in
    ``scope`` (in force or replaced since) and the rows of those units it replaced. What a
    scoped reader is told of a load that brought other units' rows too, whose counts in the
    upload log are the whole file's (a bureau's registry of every district). A withdrawn
    load's rows are gone: it has no row here."""
    sql = (
        f"WITH {LATEST_UNITS},\nin_scope AS (\n{IN_SCOPE}\n),\n"
        f"brought AS (SELECT load_id, count(*) AS rows FROM ({ROW_UNITS}) "
        "WHERE load_id BETWEEN $first AND $last "
        "AND list_contains($load_ids, load_id) AND unit_code IN (SELECT unit_code FROM "
        "in_scope) GROUP BY load_id),\n"
        f"replaced AS (SELECT replaced_by AS load_id, count(*) AS replaced FROM ({REPLACED_UNITS}) "
        "WHERE list_contains($load_ids, replaced_by) AND unit_code IN (SELECT unit_code FROM "
        "in_scope) GROUP BY replaced_by)\n"
        "SELECT load_id, coalesce(rows, 0) AS rows, coalesce(replaced, 0) AS replaced "
        "FROM brought FULL JOIN replaced USING (load_id) ORDER BY load_id"
    )
    return run_statement(cursor, sql, {**scope_params(scope), **load_range(load_ids)})


def selected(name: str, column: str, columns: set[str]) -> str:
    """The SQL condition keeping the rows of a result that a list parameter (``districts``,
    ``peer_groups``) selects: rows of units in its districts (by their latest registry row, as
    a scope counts them), rows of its groups or districts, of units in them, of the loads
    that brought rows of units in them (and the indicator system's), or of the peer groups
    (and 全部) that have a unit in the districts. A result naming none of these cannot be
    narrowed: QueryError."""
    in_selection = f"SELECT unit_code FROM latest_units WHERE list_contains(${name}, {column})"
    if column == "district" and "unit_code" in columns:
        # a unit is its district's by its latest registry row, as a district's scope holds it,
        # also where a row names the district the unit had in the quarter (a unit moved since)
        return f"r.unit_code IN ({in_selection})"
    if column in columns:
        return f"list_contains(${name}, r.{column})"
    if "unit_code" in columns:
        return f"r.unit_code IN ({in_selection})"
    if {"load_id", "file_name", "kind"} <= columns:
        return loads_bringing(in_selection)
    if column == "district" and "peer_group" in columns:
        return (
            f"(r.peer_group = '{ALL_GROUPS}' OR r.peer_group IN "
            f"(SELECT peer_group FROM latest_units WHERE list_contains(${name}, district)))"
        )
    raise QueryError(lists_none(column, name))


def lists_none(listed: str, name: str):
    """The refusal of a list parameter for a query whose rows name no such thing."""
    return msg("query.lists_no", listed=msg(f"query.listed.{listed}"), name=name)


# a registry row's parent (the unit it belongs to) may lie in another district: a scoped reader
# is told that it lies outside (parent_outside), not its code
PARENT_COLUMNS = {"parent_code", "parent_outside"}
PARENT_KNOWN = "r.parent_code IS NULL OR r.parent_code IN (SELECT unit_code FROM in_scope)"
PARENT_OUTSIDE = (
    f" REPLACE (CASE WHEN {PARENT_KNOWN} THEN r.parent_code END AS parent_code, "
    f"r.parent_outside OR NOT ({PARENT_KNOWN}) AS parent_outside)"
)


# a list of loads naming the districts of the units each brought (late_loads: '兰州市、金昌市')
# names those the reader may see and asked for: a district's circular named every district
# of a province-wide late file beside its own (trial)
LOAD_DISTRICTS = (
    " REPLACE (nullif(array_to_string(list_sort(list_intersect(string_split(r.districts, '、'), "
    "(SELECT list(DISTINCT district) FROM in_scope "
    "WHERE $districts IS NULL OR list_contains($districts, district)))), '、'), '') AS districts)"
)


def is_load_list(columns: set[str]) -> bool:
    """A result listing loads (files), not units."""
    return {"load_id", "file_name", "kind"} <= columns and "unit_code" not in columns


def restricted(
    cursor, result: pl.DataFrame, scope: Scope, selection: dict, self_scoped: bool = False
) -> pl.DataFrame:
    """The rows of a query's result the caller may see, by SQL over the result: a row naming
    a unit is kept when the unit is in the scope and in the selection; a row naming a load
    (a file, and no unit) when the load brought rows of a unit in the scope or is of the
    indicator system; a row naming a district
    or a peer group (and no unit) when some unit in the scope lies in it. Rows about every
    group (peer group 全部) and results naming none of these are bureau-wide figures: kept.
    ``self_scoped``: the query added up the reader's own units itself (``$scope_units``), so
    its rows naming no unit are the scope's already: a district row is kept also when it is
    the district one of those units had in the quarter (a unit moved since), which the scope,
    going by the latest row, does not hold, and its figures would be in no row. A row's
    ``parent_code`` naming a unit outside the scope is left empty and its ``parent_outside``
    true: a station's parent centre may be another district's unit."""
    columns = set(result.columns)
    conditions = []
    if self_scoped and "unit_code" not in columns:
        scope = EVERYTHING
    if "unit_code" in columns:
        if not scope.is_everything:
            conditions.append("r.unit_code IN (SELECT unit_code FROM in_scope)")
        if selection["units"] is not None:
            conditions.append("list_contains($units, r.unit_code)")
    elif not scope.is_everything and is_load_list(columns):
        conditions.append(loads_bringing("SELECT unit_code FROM in_scope"))
    elif not scope.is_everything and "district" in columns:
        conditions.append("r.district IN (SELECT district FROM in_scope)")
    elif not scope.is_everything and "peer_group" in columns:
        conditions.append(
            f"(r.peer_group = '{ALL_GROUPS}' OR r.peer_group IN (SELECT peer_group FROM in_scope))"
        )
    for name, column in (("districts", "district"), ("peer_groups", "peer_group")):
        if selection[name] is not None:
            conditions.append(selected(name, column, columns))
    if selection["units"] is not None and "unit_code" not in columns:
        raise QueryError(lists_none("units", "units"))
    parent = not scope.is_everything and columns >= PARENT_COLUMNS
    places = is_load_list(columns) and "districts" in columns
    places = places and (not scope.is_everything or selection["districts"] is not None)
    if not conditions and not parent and not places:
        return result
    replaced = PARENT_OUTSIDE if parent else LOAD_DISTRICTS if places else ""
    sql = (
        f"WITH {LATEST_UNITS},\nin_scope AS (\n{IN_SCOPE}\n)\n"
        f"SELECT r.*{replaced} FROM scoped_result AS r\nWHERE "
        + ("\n    AND ".join(conditions) or "true")
        + f"\nORDER BY r.{ROW_ORDER}"  # the query's own order, kept
    )
    cursor.register("scoped_result", result.with_row_index(ROW_ORDER))
    try:
        found = run_statement(cursor, sql, {**scope_params(scope), **selection})
    finally:
        cursor.unregister("scoped_result")
    found = found.drop(ROW_ORDER)
    return found.cast(result.schema) if found.schema != result.schema else found
