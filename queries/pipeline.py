"""The indicator pipeline's SQL text, composed in front of a named query.

Queries that need indicator values say so in their header (``-- stage:``). The runner then puts
the pipeline in front of the query as named CTEs, jaffle-shop style, restricted to the quarters
the query needs (``-- window:``) and to the units in scope (``peer_group``)::

    raw_indicator_values    one row per unit, quarter and indicator, from the files
                            queries/indicators/<code>.sql of the indicators in the system
    defined_indicators      the indicator rows in force in each quarter (macro
                            indicators_in_force) that have a definition file
    unit_indicator_values   + the unit's peer group in force in the quarter (macro
                            units_in_force), weight in force, target in force, Wilson
                            interval, met, attainment
    reported_quarters       the quarters with any indicator value in the window and scope
    unit_indicator_scores   + score under the chosen normalisation, weight used
    unit_index              civility index, weight covered, status
    unit_ranks              competition ranks by the index or one indicator
    bureau_quarters         per quarter: units assessed, ranked, short of data; the bureau
                            index and attainment rate (from unit_index; stage "bureau")

One statement per call lets DuckDB plan the whole chain at once (faster than materialising
each stage: bench/bench_rankings.py measures the pipeline). The first stages depend on the
data only, so they are kept in cache tables between loads (queries/indicator_cache.py): when the
cache is fresh, reported_quarters and unit_indicator_values are read from it, restricted to the
same window and scope, and raw_indicator_values is not needed. Every user value is a bound
parameter; the only SQL text the runner assembles is the repository's own SQL files.

The macros the SQL calls (``MACRO_FILES``) are made once per connection, in an in-memory
database attached to it that all its cursors see (``MACRO_DB``), and the SQL the runner
composes calls them there (``qualified``): a query's cursor makes none of its own.
"""

from __future__ import annotations

import hashlib
import re
import threading
import weakref
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from etl.db import PROCESS_DB
from etl.indicator_definitions import defined_indicator_files
from etl.registry import CORRECTIONS_SQL, REGISTRY_SQL
from queries.catalogue import HERE

CACHE_TABLE = f"{PROCESS_DB}.cache_indicator_values"  # queries/indicator_cache.py fills them
QUARTERS_TABLE = f"{PROCESS_DB}.cache_reported_quarters"

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
    "funnel": ("unit_indicator_values.sql", "funnel_centre.sql"),
    "bureau": (
        "unit_indicator_values.sql",
        "unit_indicator_scores.sql",
        "unit_index.sql",
        "bureau_quarters.sql",
    ),
}
EARLIEST, LATEST = "1900Q1", "9999Q4"
# the query macros, and the unit registry's and the corrections' which the loader applies too
# (etl/registry.py)
MACRO_FILES = (STAGE_DIR / "macros.sql", REGISTRY_SQL, CORRECTIONS_SQL)
# The in-memory database the query pipeline creates those macros in, once per connection
# (ensure_macros), and the SQL it runs calls them in (qualified). Writable on a read-only
# connection too, where the process's cache database (PROCESS_DB) cannot be attached.
MACRO_DB = "civmacros"
MACRO_SCHEMA = f"{MACRO_DB}.main"
ATTACH_MACRO_DB_SQL = f"ATTACH IF NOT EXISTS ':memory:' AS {MACRO_DB} (READ_WRITE)"
DIGEST_MACRO = "macro_text_digest"
# the cursors and connections found holding the macros, and of which text (its digest)
_ready: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_install_lock = threading.Lock()
INDICATOR_COLUMNS = "unit_code, quarter, value, numerator, denominator, n"


def read_sql(path: Path) -> str:
    """The file's text, read again only after it changes: every query call composes its SQL
    from these files, and an analyst may edit one while the dashboard runs."""
    return text_of(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def text_of(path: Path, mtime_ns: int) -> str:
    return path.read_text(encoding="utf-8")


def used_params(sql: str, values: dict) -> dict:
    """Only the parameters a statement mentions outside comments (DuckDB rejects extra ones)."""
    code = re.sub(r"--[^\n]*", "", sql)
    return {k: v for k, v in values.items() if re.search(rf"\${k}\b", code)}


def raw_values_sql(codes: list[str]) -> str:
    """The union of the indicator definitions, one SELECT per defined indicator."""
    files = defined_indicator_files()
    parts = [
        f"SELECT '{code}' AS indicator_code, {INDICATOR_COLUMNS} FROM (\n{read_sql(files[code])}\n)"
        for code in codes
    ]
    body = "\nUNION ALL\n".join(parts) or (
        "SELECT NULL AS indicator_code, NULL AS unit_code, NULL AS quarter, NULL AS value, "
        "NULL AS numerator, NULL AS denominator, NULL AS n WHERE false"
    )
    return (
        "SELECT indicator_code::VARCHAR AS indicator_code, unit_code::VARCHAR AS unit_code, "
        "quarter::VARCHAR AS quarter, value::DOUBLE AS value, numerator::DOUBLE AS numerator, "
        "denominator::DOUBLE AS denominator, n::BIGINT AS n\n"
        f"FROM (\n{body}\n)\n"
        # units in the peer group in any quarter: unit_indicator_values keeps the quarters
        # in which the unit is in it (units_in_force)
        "WHERE unit_code IN (SELECT unit_code FROM units "
        "WHERE $peer_group = '全部' OR peer_group = $peer_group)"
    )


def defined_codes(cursor) -> list[str]:
    files = defined_indicator_files()
    rows = cursor.execute("SELECT DISTINCT indicator_code FROM indicators").fetchall()
    return sorted(code for (code,) in rows if code in files)


RAW_QUARTERS = "(SELECT list(DISTINCT quarter) FROM raw_indicator_values)"
REPORTED_QUARTERS = "(SELECT list(quarter) FROM reported_quarters)"


def defined_indicators_cte(quarters: str) -> str:
    """defined_indicators: for each of the quarters (a SQL list expression), the indicator rows
    in force then that have a definition file (one row per quarter and indicator)."""
    return (
        f"defined_indicators AS MATERIALIZED (\nSELECT * FROM indicators_in_force({quarters})\n"
        "WHERE list_contains($defined_codes, indicator_code)\n)"
    )


REPORTED_FROM_VALUES_CTE = (
    "reported_quarters AS (\nSELECT DISTINCT quarter FROM unit_indicator_values\n)"
)
IN_WINDOW_AND_SCOPE = (
    "WHERE quarter BETWEEN $first_quarter AND $last_quarter\n"
    "    AND ($peer_group = '全部' OR peer_group = $peer_group)"
)


def pipeline_ctes(codes: list[str], stage: str, cached: bool = False) -> list[str]:
    """Named CTEs for the indicator pipeline up to ``stage``, in dependency order. Each is
    MATERIALIZED: later stages read them several times (measured faster than inlining).

    ``cached``: indicator values come from the cache tables (queries/indicator_cache.py),
    restricted to the window and scope exactly as they would have been computed."""
    if cached:
        ctes = [
            "reported_quarters AS (\nSELECT DISTINCT quarter FROM "
            f"{QUARTERS_TABLE}\n{IN_WINDOW_AND_SCOPE}\n)",
            defined_indicators_cte(REPORTED_QUARTERS),
            "unit_indicator_values AS MATERIALIZED (\n"
            f"SELECT * FROM {CACHE_TABLE}\n{IN_WINDOW_AND_SCOPE}\n)",
        ]
    else:
        ctes = [
            f"raw_indicator_values AS MATERIALIZED (\n{raw_values_sql(codes)}\n)",
            defined_indicators_cte(RAW_QUARTERS),
        ]
    for file_name in STAGE_FILES[stage]:
        name = file_name.removesuffix(".sql")
        if not (cached and name == "unit_indicator_values"):
            ctes.append(f"{name} AS MATERIALIZED (\n{read_sql(STAGE_DIR / file_name)}\n)")
        if not cached and name == "unit_indicator_values":
            ctes.append(REPORTED_FROM_VALUES_CTE)
    return ctes


def cache_build_statements(
    cursor, since: str | None = None, codes: frozenset[str] | None = None
) -> list[tuple[str, dict]]:
    """Statements that fill the cache tables for every unit and quarter: the raw values once
    (a temporary table), then the indicator values sorted by quarter (a query for a few
    quarters reads only their part) and the quarters each peer group reported.

    ``since``: only the quarters from this one on are recomputed, replacing theirs in the
    tables, and with ``codes`` only those indicators' values (a unit's value of an indicator
    in a quarter is computed from that indicator's raw value alone); queries/indicator_cache.py
    says when that is enough."""
    rebuilt = defined_codes(cursor)
    if since is not None and codes is not None:
        rebuilt = [code for code in rebuilt if code in codes]
    params = {
        "first_quarter": since or EARLIEST,
        "last_quarter": LATEST,
        "peer_group": "全部",
        "defined_codes": sorted(defined_indicator_files()),
        "rebuilt_codes": rebuilt,
    }
    values_sql = with_pipeline(
        "SELECT * FROM unit_indicator_values ORDER BY quarter",
        [
            "raw_indicator_values AS (SELECT * FROM cache_build_raw)",
            defined_indicators_cte(RAW_QUARTERS),
            f"unit_indicator_values AS (\n{read_sql(STAGE_DIR / 'unit_indicator_values.sql')}\n)",
        ],
    )
    # the quarters each peer group has values for, read from the values just stored (as the
    # uncached pipeline's reported_quarters reads them from unit_indicator_values)
    quarters_sql = (
        f"SELECT DISTINCT peer_group, quarter FROM {CACHE_TABLE}\n"
        "WHERE quarter >= $first_quarter ORDER BY ALL"
    )
    raw = "CREATE OR REPLACE TEMP TABLE cache_build_raw AS\n" + raw_values_sql(rebuilt)
    if since is None:
        statements = [
            raw,
            f"CREATE OR REPLACE TABLE {CACHE_TABLE} AS\n{values_sql}",
            f"CREATE OR REPLACE TABLE {QUARTERS_TABLE} AS\n{quarters_sql}",
        ]
    else:
        statements = [
            raw,
            f"DELETE FROM {CACHE_TABLE} WHERE quarter >= $first_quarter"
            + ("" if codes is None else " AND list_contains($rebuilt_codes, indicator_code)"),
            f"INSERT INTO {CACHE_TABLE}\n{values_sql}",
            f"DELETE FROM {QUARTERS_TABLE} WHERE quarter >= $first_quarter",
            f"INSERT INTO {QUARTERS_TABLE}\n{quarters_sql}",
        ]
    statements.append("DROP TABLE cache_build_raw")
    return [(qualified(sql), used_params(sql, params)) for sql in statements]


def with_pipeline(sql: str, ctes: list[str]) -> str:
    """Put the pipeline CTEs in front of a query, merging with its own WITH if it has one."""
    body = re.sub(r"^(\s*--[^\n]*\n)*", "", sql)
    match = re.match(r"\s*WITH\s", body, re.IGNORECASE)
    joined = ",\n".join(ctes)
    if match:
        return f"WITH {joined},\n{body[match.end() :]}"
    return f"WITH {joined}\n{body}"


def staged_sql(cursor, sql: str, stage: str, cached: bool = False) -> str:
    """``sql`` behind the pipeline up to ``stage``, its macro calls ``qualified`` (run it on a
    cursor that ``ensure_macros`` saw)."""
    codes = [] if cached else defined_codes(cursor)
    return qualified(with_pipeline(sql, pipeline_ctes(codes, stage, cached)))


@lru_cache(maxsize=4)
def call_patterns(text: str) -> tuple[re.Pattern, re.Pattern]:
    """A call of any macro the macro files' ``text`` creates, and such a call not qualified
    by a database yet. Found from the files as they are now, as the macros are made
    (``ensure_macros``): names found once, at import, left a macro added since (a deploy
    under a running dashboard) unqualified, and every ranking failed until a restart."""
    names = re.findall(r"CREATE OR REPLACE TEMP MACRO (\w+)", text)
    call = re.compile(r"\b(" + "|".join(names) + r")\s*\(")
    return call, re.compile(r"(?<![\w.])" + call.pattern)


def macro_call() -> re.Pattern:
    """A call of any macro of ``MACRO_FILES`` (``call_patterns``)."""
    return call_patterns(stage_macro_text())[0]


def stage_macros() -> dict[str, tuple[str, frozenset[str]]]:
    """The macros of ``MACRO_FILES``: name → (CREATE statement, macros its body calls)."""
    return macro_definitions(stage_macro_text())


def macros_called(sql: str) -> set[str]:
    """The macros of ``MACRO_FILES`` that ``sql`` calls (outside comments), and those they
    call."""
    definitions = stage_macros()
    wanted = set(macro_call().findall(re.sub(r"--[^\n]*", "", sql))) & set(definitions)
    pending = list(wanted)
    while pending:
        for called in definitions[pending.pop()][1] - wanted:
            wanted.add(called)
            pending.append(called)
    return wanted


@lru_cache(maxsize=4)
def macro_definitions(text: str) -> dict[str, tuple[str, frozenset[str]]]:
    """Each macro of the macro files' ``text``: its CREATE statement and the macros its body
    calls."""
    found, call = {}, call_patterns(text)[0]
    for chunk in re.split(r"(?=^CREATE OR REPLACE TEMP MACRO )", text, flags=re.M):
        name = re.match(r"CREATE OR REPLACE TEMP MACRO (\w+)", chunk)
        if name:
            statement = re.sub(r"--[^\n]*", "", chunk).strip()
            calls = set(call.findall(statement.split("AS", 1)[1])) - {name.group(1)}
            found[name.group(1)] = (statement, frozenset(calls))
    return found


def ensure_macros(cursor) -> None:
    """Make sure the connection of ``cursor`` holds the macros of ``MACRO_FILES`` as the files
    say now, in its macro database (``MACRO_DB``), for ``qualified`` SQL to call.

    They are created once per connection (the database is attached to it, so all its cursors
    see them; a re-opened connection gets them anew, an edited macro file too), and each cursor
    checks once that they are there, a statement of a fraction of a millisecond: created as
    temporary macros on every query's cursor, they cost each ranking 5 ms (4 % of the CPU time
    of the test suite). Call it outside a transaction, or before one
    (``indicator_cache.reading``): a transaction does not see the macros created after it
    began."""
    statements, digest = macro_database_sql(stage_macro_text())
    if _ready.get(cursor) == digest:
        return
    if installed_digest(cursor) != digest:
        with _install_lock:
            if installed_digest(cursor) != digest:
                maker = cursor.cursor()  # a transaction of its own, on the same connection
                try:
                    maker.execute(ATTACH_MACRO_DB_SQL)
                    maker.execute(f"BEGIN TRANSACTION;\n{statements}\nCOMMIT")
                finally:
                    maker.close()
    _ready[cursor] = digest


def macro_cursor(con):
    """A new cursor of ``con`` (a connection, or an etl.db.StateView) that calls the macros:
    ``ensure_macros`` checks once per ``con``, so that its queries' cursors need not."""
    cursor = con.cursor()
    digest = macro_database_sql(stage_macro_text())[1]
    if _ready.get(con) != digest:
        ensure_macros(cursor)
        _ready[con] = digest
    _ready[cursor] = digest
    return cursor


def installed_digest(cursor) -> str | None:
    """The digest of the macro text the connection's macro database holds (None: none)."""
    try:
        return cursor.execute(f"SELECT {MACRO_SCHEMA}.{DIGEST_MACRO}()").fetchone()[0]
    except (duckdb.CatalogException, duckdb.BinderException):  # no such macro, or database
        return None


def stage_macro_text() -> str:
    return "\n".join(read_sql(path) for path in MACRO_FILES)


@lru_cache(maxsize=4)
def macro_database_sql(text: str) -> tuple[str, str]:
    """The macro files' ``text`` as statements creating its macros in ``MACRO_SCHEMA`` (in the
    files' order, as the loader creates the registry's), and last a macro answering the text's
    digest, whose presence says the rest is there; and that digest."""
    creates = [
        qualified_in(
            text,
            re.sub(
                r"^CREATE OR REPLACE TEMP MACRO (\w+)",
                rf"CREATE OR REPLACE MACRO {MACRO_SCHEMA}.\1",
                statement,
            ),
        )
        for statement, _ in macro_definitions(text).values()
    ]
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    creates.append(f"CREATE OR REPLACE MACRO {MACRO_SCHEMA}.{DIGEST_MACRO}() AS '{digest}';")
    return "\n".join(creates), digest


def qualified(sql: str) -> str:
    """``sql`` with each call of a macro of ``MACRO_FILES`` naming the macro database's (a call
    named so already is left as it is)."""
    return qualified_in(stage_macro_text(), sql)


@lru_cache(maxsize=256)
def qualified_in(text: str, sql: str) -> str:
    """``qualified`` by the macros of the macro files' ``text``."""
    return call_patterns(text)[1].sub(rf"{MACRO_SCHEMA}.\1(", sql)


def run_statement(cursor, sql: str, values: dict, post=None) -> pl.DataFrame:
    if macro_call().search(sql):
        ensure_macros(cursor)
        sql = qualified(sql)
    result = cursor.execute(sql, used_params(sql, values)).pl()
    return post(cursor, result, values) if post else result
