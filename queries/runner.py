"""Running a named query: check the parameters, compose the indicator pipeline, bind, fetch.

The pipeline's text (queries/pipeline.py) is put in front of a query that needs indicator
values, read from the indicator cache when it is fresh (queries/indicator_cache.py). Every user
value is a bound parameter; the only SQL text the runner assembles is the repository's own SQL
files.
"""

from __future__ import annotations

import polars as pl

from etl.contracts import ALL_PEER_GROUPS, PEER_GROUPS
from etl.indicator_definitions import defined_indicator_files
from etl.messages import listed, msg
from etl.quarters import shift_quarter
from etl.scope import EVERYTHING, Scope
from queries import result_memo
from queries.catalogue import Query, QueryError
from queries.indicator_cache import reading
from queries.pipeline import (
    EARLIEST,
    LATEST,
    run_statement,
    staged_sql,
    used_params,
)
from queries.scope import check_listed, units_in_scope

STAGE_DEFAULTS = {
    "peer_group": "全部",
    "normalisation": "attainment",
    "weighting": "table",
    "max_missing": 0.30,
    "indicator_code": "index",
}


def bind(cursor, query: Query, given: dict, scope: Scope = EVERYTHING) -> dict:
    """Parameters with defaults filled in, each checked; QueryError names what is wrong.

    A unit, district or peer group is checked against the registry for a reader of the whole
    bureau only: a scoped reader's is refused by ``check_named`` when it lies outside the scope,
    whether or not the bureau has it, so that refusals tell no code or name of another
    district's (a list of every district in the message, "no such unit" beside "outside
    your scope")."""
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        known = listed(p.name for p in query.params) if query.params else None
        said = msg(
            "query.no_such_parameter",
            query=query.name,
            unknown=listed(unknown),
            known=known or msg("query.no_parameters"),
        )
        raise QueryError(said)
    values = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        values[param.name] = param.coerce(value)
        if param.type == "indicator" and values[param.name] is not None:
            check_indicator(cursor, param.name, values[param.name], query.extra.get("indicator"))
        if not scope.is_everything:
            continue
        if param.type == "unit" and values[param.name] is not None:
            check_unit(cursor, param.name, values[param.name])
        if param.type in REGISTRY_NAMES and values[param.name] not in (None, ALL_PEER_GROUPS):
            check_registry_name(cursor, param.name, param.type, values[param.name])
    return values


def check_indicator(cursor, name: str, code: str, allow: str | None) -> None:
    rows = cursor.execute("SELECT indicator_code, unit FROM indicators").fetchall()
    files = defined_indicator_files()
    known = {c: unit for c, unit in rows if c in files}
    choices = sorted(known) if allow == "proportion" else ["index", *sorted(known)]
    if allow == "proportion":
        choices = [c for c in choices if known[c] == "rate"]
    if code not in choices:
        raise QueryError(msg("query.not_allowed", name=name, value=code, choices=listed(choices)))


def check_unit(cursor, name: str, code: str) -> None:
    found = cursor.execute("SELECT count(*) FROM units WHERE unit_code = $code", {"code": code})
    if found.fetchone()[0] == 0:
        raise QueryError(msg("query.no_such_unit", name=name, value=code))


REGISTRY_NAMES = ("peer_group", "district")  # parameter types named by the unit registry


def check_registry_name(
    cursor, name: str, column: str, value: str, scope: Scope = EVERYTHING
) -> None:
    """QueryError listing the names there are (those the ``scope`` sees), when no unit has
    ever had ``value`` as its ``column`` (a typo would otherwise give an empty result, as if
    the group had no data)."""
    found = cursor.execute(
        f"SELECT count(*) FROM units WHERE {column} = $value", {"value": value}
    ).fetchone()[0]
    if found:
        return
    if scope.is_everything:
        names = cursor.execute(f"SELECT DISTINCT {column} FROM units ORDER BY 1").fetchall()
        known = [n for (n,) in names]
    else:
        known = sorted(set(units_in_scope(cursor, scope)[column].to_list()))
    choices = [ALL_PEER_GROUPS] if column == "peer_group" else []
    choices += [n for n in known if n is not None]
    raise QueryError(msg("query.no_unit_has_it", name=name, value=value, choices=listed(choices)))


def check_selection(cursor, selection: dict, scope: Scope = EVERYTHING) -> None:
    """QueryError for a name in a list parameter (districts, peer_groups, units) that no unit
    has: a typo would otherwise select nothing, as if it had no data. A scoped reader's
    district or unit outside the scope is refused whether or not the bureau has it
    (``check_listed``); the peer groups offered are those the ``scope`` sees."""
    check_listed(cursor, scope, selection)
    for value in selection.get("peer_groups") or ():
        check_registry_name(cursor, "peer_groups", "peer_group", value, scope)
    if not scope.is_everything:
        return
    for value in selection.get("districts") or ():
        check_registry_name(cursor, "districts", "district", value)
    for code in selection.get("units") or ():
        check_unit(cursor, "units", code)


def window_quarters(query: Query, values: dict) -> tuple[str, str]:
    if query.window == "range":
        ends = sorted((values["from_quarter"], values["to_quarter"]))
        return ends[0], ends[1]
    quarter = values.get("quarter")
    if query.window == "all" or quarter is None:
        return EARLIEST, LATEST
    first = {
        "current": quarter,
        "previous": shift_quarter(quarter, -1),
        "since": min(values.get("since") or shift_quarter(quarter, -1), quarter),
        "history": shift_quarter(quarter, -int(values.get("history") or 8)),
    }[query.window]
    return first, quarter


def stage_params(cursor, query: Query, values: dict) -> dict:
    params = {k: values.get(k, default) for k, default in STAGE_DEFAULTS.items()}
    if params["peer_group"] is None:
        params["peer_group"] = "全部"
    if query.extra.get("scope") == "unit":
        # the unit's peer group, or every group when it has been in several (dated registry)
        rows = cursor.execute(
            "SELECT DISTINCT peer_group FROM units WHERE unit_code = $unit_code",
            {"unit_code": values["unit_code"]},
        ).fetchall()
        params["peer_group"] = rows[0][0] if len(rows) == 1 else "全部"
    params["first_quarter"], params["last_quarter"] = window_quarters(query, values)
    return params


def derived_params(values: dict) -> dict:
    """Values a query may use besides its parameters: defined codes, the order of the peer
    groups, the quarter before."""
    derived = {
        "defined_codes": sorted(defined_indicator_files()),
        "peer_group_order": list(PEER_GROUPS),
    }
    quarter = values.get("quarter")
    if quarter is not None:
        previous = shift_quarter(quarter, -1)
        derived.update(previous_quarter=previous, since_quarter=values.get("since") or previous)
    return derived


def execute_sql_query(
    cursor, query: Query, values: dict, post=None, frozen: str | None = None
) -> pl.DataFrame:
    """Run one SQL query (with its pipeline CTEs) on its cursor; ``post`` may add what SQL does
    badly (rank ranges) and gets the cursor and the pipeline parameters. The query and its
    post-step read the indicator cache in one transaction (queries/indicator_cache.py); the
    parameters say whether it is ``cached`` and its ``cache_version`` (None when not). A result
    read from the cache is kept for that version, one read from a frozen state (``frozen``: its
    identity, etl.db.StateView) for that state (queries/result_memo.py)."""
    statement_values = {**values, **derived_params(values)}
    if query.stage == "none":
        return run_statement(cursor, query.sql, statement_values, post)
    statement_values.update(stage_params(cursor, query, values))
    with reading(cursor) as cache_version:
        cached = cache_version is not None
        statement_values.update(cached=cached, cache_version=cache_version)
        sql = staged_sql(cursor, query.sql, query.stage, cached)
        key = result_memo.key_of(query.name, sql, statement_values, cache_version, frozen)
        kept = result_memo.recalled(key)
        if kept is not None:
            return kept
        if post is None:
            return result_memo.remember(key, run_statement(cursor, sql, statement_values))
        rows = sql_rows(cursor, query.name, sql, statement_values, cache_version, frozen)
        return result_memo.remember(key, post(cursor, rows, statement_values))


def sql_rows(
    cursor, name: str, sql: str, values: dict, cache_version: str | None, frozen: str | None
) -> pl.DataFrame:
    """A query's rows before its post-step, kept under the values its SQL reads only: the
    Rankings page asks for the ranks without their ranges (draws=0) and then with them, and the
    second call reused the first's rows instead of ranking every unit again (a third of a
    second after a load at province scale, bench/bench_after_load.py)."""
    used = used_params(sql, values)
    key = result_memo.key_of(f"{name}|rows", sql, used, cache_version, frozen)
    kept = result_memo.recalled(key)
    if kept is not None:
        return kept
    return result_memo.remember(key, run_statement(cursor, sql, values))
