"""Running a named query: check the parameters, build the indicator pipeline, bind, fetch.

Queries that need indicator values say so in their header (``-- stage:``). For each call the
runner then builds, on the call's own cursor, temporary tables for only the quarters the query
needs (``-- window:``), jaffle-shop style::

    raw_indicator_values    one row per unit, quarter and indicator, from queries/indicators/*.sql
    unit_indicator_values   + unit, target in force, Wilson interval, met, attainment
    unit_indicator_scores   + score under the chosen normalisation, weight used
    unit_index              civility index, weight covered, status

Temporary tables belong to the cursor, so concurrent calls never see each other's tables, and
they vanish when the cursor closes. Every user value is a bound parameter; the only SQL text the
runner assembles is the union of the repository's own indicator files.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl

from etl.quarters import shift_quarter
from queries.catalogue import HERE, Query, QueryError

INDICATOR_DIR = HERE / "indicators"
STAGE_DIR = HERE / "stages"
STAGE_FILES = {
    "values": ("unit_indicator_values.sql",),
    "scores": ("unit_indicator_values.sql", "unit_indicator_scores.sql"),
    "index": ("unit_indicator_values.sql", "unit_indicator_scores.sql", "unit_index.sql"),
    "ranks": (
        "unit_indicator_values.sql",
        "unit_indicator_scores.sql",
        "unit_index.sql",
        "unit_ranks.sql",
    ),
}
STAGE_DEFAULTS = {
    "peer_group": "全部",
    "normalisation": "attainment",
    "weighting": "table",
    "max_missing": 0.30,
    "indicator_code": "index",
}
EARLIEST, LATEST = "1900Q1", "9999Q4"
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
INDICATOR_COLUMNS = "unit_code, quarter, value, numerator, denominator, n"


def read_sql(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def defined_indicator_files() -> dict[str, Path]:
    """indicator_code -> its definition file, for every queries/indicators/<code>.sql."""
    return {
        path.stem: path
        for path in sorted(INDICATOR_DIR.glob("*.sql"))
        if CODE_PATTERN.match(path.stem)
    }


def bind(cursor, query: Query, given: dict) -> dict:
    """Parameters with defaults filled in, each checked; QueryError names what is wrong."""
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        known = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(
            f"query {query.name} has no parameter {', '.join(unknown)} (its parameters: {known})"
        )
    values = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        values[param.name] = param.coerce(value)
        if param.type == "indicator" and values[param.name] is not None:
            check_indicator(cursor, param.name, values[param.name], query.extra.get("indicator"))
        if param.type == "unit" and values[param.name] is not None:
            check_unit(cursor, param.name, values[param.name])
    return values


def check_indicator(cursor, name: str, code: str, allow: str | None) -> None:
    rows = cursor.execute("SELECT indicator_code, unit FROM indicators").fetchall()
    files = defined_indicator_files()
    known = {c: unit for c, unit in rows if c in files}
    choices = sorted(known) if allow == "proportion" else ["index", *sorted(known)]
    if allow == "proportion":
        choices = [c for c in choices if known[c] == "rate"]
    if code not in choices:
        raise QueryError(
            f"parameter {name}={code!r} is not allowed: use one of {', '.join(choices)}"
        )


def check_unit(cursor, name: str, code: str) -> None:
    found = cursor.execute("SELECT count(*) FROM units WHERE unit_code = $code", {"code": code})
    if found.fetchone()[0] == 0:
        raise QueryError(f"parameter {name}={code!r}: there is no unit with this code")


def used_params(sql: str, values: dict) -> dict:
    """Only the parameters a statement mentions outside comments (DuckDB rejects extra ones)."""
    code = re.sub(r"--[^\n]*", "", sql)
    return {k: v for k, v in values.items() if re.search(rf"\${k}\b", code)}


def window_quarters(query: Query, values: dict) -> tuple[str, str]:
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
        row = cursor.execute(
            "SELECT peer_group FROM units WHERE unit_code = $unit_code",
            {"unit_code": values["unit_code"]},
        ).fetchone()
        params["peer_group"] = row[0] if row else "全部"
    params["first_quarter"], params["last_quarter"] = window_quarters(query, values)
    return params


def build_raw_values(cursor, params: dict) -> list[str]:
    """Create raw_indicator_values and defined_indicators; returns the codes with no definition."""
    files = defined_indicator_files()
    system = [
        code for (code,) in cursor.execute("SELECT indicator_code FROM indicators").fetchall()
    ]
    defined = [code for code in system if code in files]
    cursor.execute(
        "CREATE OR REPLACE TEMP TABLE defined_indicators AS "
        "SELECT * FROM indicators WHERE list_contains($codes, indicator_code)",
        {"codes": defined},
    )
    parts = [
        f"SELECT '{code}' AS indicator_code, {INDICATOR_COLUMNS} FROM (\n{read_sql(files[code])}\n)"
        for code in defined
    ]
    body = "\nUNION ALL\n".join(parts) or (
        "SELECT NULL::VARCHAR AS indicator_code, NULL::VARCHAR AS unit_code, "
        "NULL::VARCHAR AS quarter, NULL::DOUBLE AS value, NULL::DOUBLE AS numerator, "
        "NULL::DOUBLE AS denominator, NULL::BIGINT AS n WHERE false"
    )
    sql = (
        "CREATE OR REPLACE TEMP TABLE raw_indicator_values AS SELECT indicator_code, unit_code, "
        "quarter, value::DOUBLE AS value, numerator::DOUBLE AS numerator, "
        f"denominator::DOUBLE AS denominator, n::BIGINT AS n FROM (\n{body}\n)"
    )
    try:
        cursor.execute(sql, used_params(sql, params))
    except duckdb.Error as exc:
        raise RuntimeError(f"an indicator definition in {INDICATOR_DIR} failed: {exc}") from exc
    return [code for code in system if code not in files]


def build_pipeline(cursor, query: Query, values: dict) -> None:
    params = stage_params(cursor, query, values)
    build_raw_values(cursor, params)
    for file_name in STAGE_FILES[query.stage]:
        sql = read_sql(STAGE_DIR / file_name)
        cursor.execute(sql, used_params(sql, params))


def install_macros(cursor) -> None:
    cursor.execute(read_sql(STAGE_DIR / "macros.sql"))


def derived_params(values: dict) -> dict:
    """Values a query may use besides its parameters: defined codes, the quarter before."""
    derived = {"defined_codes": sorted(defined_indicator_files())}
    quarter = values.get("quarter")
    if quarter is not None:
        previous = shift_quarter(quarter, -1)
        derived.update(previous_quarter=previous, since_quarter=values.get("since") or previous)
    return derived


def execute_sql_query(cursor, query: Query, values: dict, post=None) -> pl.DataFrame:
    """Run one SQL query on its cursor; ``post`` may add what SQL does badly (rank ranges)."""
    install_macros(cursor)
    if query.stage != "none":
        build_pipeline(cursor, query, values)
    statement_values = {**values, **derived_params(values)}
    result = cursor.execute(query.sql, used_params(query.sql, statement_values)).pl()
    return post(cursor, result, values) if post else result
