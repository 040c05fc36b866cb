"""The indicator cache: every unit's indicator values, kept by each process between loads.

Indicator values aggregate the fact rows of the quarters asked for (1.9M rows at province
scale), and the facts change only when a file is loaded or withdrawn. So the first staged query
after a change builds, for all units and quarters, in an in-memory database of the process's
own (``civcache``, attached to the store's connection and seen by all its cursors):

    cache_indicator_values    the pipeline's unit_indicator_values stage (value, n, Wilson
                              interval, target in force, attainment), sorted by quarter so a
                              query for one or two quarters reads only their part
    cache_reported_quarters   the quarters each peer group has any raw value for
    cache_state               the key of the data the two tables were built from, and when

and later queries read them instead of the facts; scores, the index and ranks are computed per
call, for the parameters given, and the result kept for the cache's version
(queries/result_memo.py), so a repeated call is answered from memory. The key covers what
``etl.db.data_version`` covers (every load and withdrawal in upload_log), the row count of
every table the indicators read (so rows added or removed outside the loader are noticed too;
after editing rows in place by hand, call ``clear``), the SQL the cached stages are computed
with, and today's date (the running quarter's overdue findings are counted as at today).

The rankings' plausible rank ranges (queries/uncertainty.py) are memoised the same way: the
seeded simulation (bench/bench_rankings.py times it) gives the same ranges every time for
the same data and parameters, so the first call stores them in

    cache_rank_ranges         unit_code, sim_low, sim_high per cache version (the key and the
                              build time, so a rebuild after ``clear`` is a new version), digest
                              of the simulation code, and parameters (quarter, peer_group,
                              indicator_code, normalisation, weighting, max_missing, draws, seed),
                              looked up by one digest of the three (memo_key); the
                              200 parameter sets stored last are kept (MAX_MEMO_SETS)

and later calls read them. They are written on a cursor and in a transaction of their own, one
thread at a time, only while the cache is still at that version and only once; rows of other
versions go at the same time. A failed write (a read-only database) is logged and the query
answers with the ranges it simulated; with the cache bypassed or unavailable nothing is read or
written. ``warm`` stores the default rankings' ranges of the latest quarter for every peer group.

A query reads the key and the tables in one transaction, so it never mixes cached values with
newer facts. A build is one transaction too: a failed build leaves the previous tables and key
as they were. Builds are serialised by a lock (one process holds a DuckDB file). If the cache
cannot be built (a read-only database, say) queries compute from the facts as before;
``bypassed()`` does so on purpose (tests compare the two).

Why per process: the store is shared by dashboard replicas, loaders and packs (etl/db.py);
cache tables written into it would make them fight over one derived copy. Each process
rebuilds what it needs, keyed by the data it reads.

After a load or withdrawal of inspections, surveys or activities the cache is not rebuilt
whole: only the quarters from the earliest one those loads touched onwards are recomputed
(an indicator of quarter Q reads facts of Q and, for open findings, of earlier quarters, never
of later ones), and of them only the indicators whose SQL reads the tables those loads wrote
(a unit's value of an indicator is computed from that indicator's facts alone: a surveys file
recomputes the three satisfaction rates, a third of the build). Registry, indicator-system and
unknown changes rebuild everything. A new day recomputes every indicator from the quarter of
the day the cache was built on.

A full build takes a few seconds at province scale (5,000 units, 40 quarters; measured by
bench/bench_rankings.py). So that no reader
waits for it (nor for the first simulation of the rank ranges a leader sees), whoever changes
the data calls ``warm`` (the app after a load or withdrawal), and the app warms once at start-up
in the background (``warm_in_background``): a query that arrives during that build waits for it
under the lock instead of starting another.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from etl.db import ATTACH_PROCESS_DB_SQL, PROCESS_DB
from etl.indicator_definitions import defined_indicator_files
from etl.quarters import quarter_of
from queries.catalogue import HERE
from queries.pipeline import cache_build_statements, ensure_macros, read_sql
from queries.sql_tables import tables_read

CACHE_DB = PROCESS_DB
STATE_TABLE = f"{CACHE_DB}.cache_state"
LOADS_TABLE = f"{CACHE_DB}.cache_loads"
INCREMENTAL_KINDS = ("inspections", "surveys", "activities")
LOADS_SQL = (
    "SELECT load_id, kind, quarters, outcome FROM upload_log WHERE outcome <> 'rejected' "
    "ORDER BY load_id"
)
SOURCE_TABLES = ("units", "inspections", "surveys", "activities", "indicators", "targets")
DAY_PART = len(SOURCE_TABLES) + 1
KEY_PARTS_SQL = (
    "SELECT 0 AS part, concat_ws('-', count(*), max(load_id), max(withdrawn_at), "
    "count(withdrawn_at)) AS value FROM upload_log WHERE outcome <> 'rejected'\n"
    + "".join(
        f"UNION ALL SELECT {part}, count(*)::VARCHAR FROM {table}\n"
        for part, table in enumerate(SOURCE_TABLES, start=1)
    )
    + f"UNION ALL SELECT {DAY_PART}, current_date::VARCHAR\n"
    + "ORDER BY part"
)
STATE_SQL = f"SELECT key, built_at::VARCHAR, snapshot FROM {STATE_TABLE}"
STATE_TABLE_SQL = (
    f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} "
    "(key VARCHAR, built_at TIMESTAMP WITH TIME ZONE, snapshot BIGINT)"
)
POSITION_SQL = (
    "SELECT CASE WHEN type = 'ducklake' THEN 1 END, current_date::VARCHAR FROM duckdb_databases() "
    "WHERE database_name = current_database()"
)
RANGES_TABLE = f"{CACHE_DB}.cache_rank_ranges"
RANGE_PARAMS = {
    "quarter": "VARCHAR",
    "peer_group": "VARCHAR",
    "indicator_code": "VARCHAR",
    "normalisation": "VARCHAR",
    "weighting": "VARCHAR",
    "max_missing": "DOUBLE",
    "draws": "BIGINT",
    "seed": "BIGINT",
}
RANGES_COLUMNS = {
    "memo_key": "VARCHAR",  # a digest of version, method and parameters: one equality to look up
    "version": "VARCHAR",
    "method": "VARCHAR",
    **RANGE_PARAMS,
    "unit_code": "VARCHAR",
    "sim_low": "BIGINT",
    "sim_high": "BIGINT",
    "stored_at": "TIMESTAMP WITH TIME ZONE",
}
RANGES_TABLE_SQL = (
    f"CREATE OR REPLACE TABLE {RANGES_TABLE} ("
    + ", ".join(f"{name} {kind}" for name, kind in RANGES_COLUMNS.items())
    + ")"
)
RANGES_SELECT_SQL = (
    f"SELECT unit_code, sim_low, sim_high FROM {RANGES_TABLE} WHERE memo_key = $memo_key"
)
RANGES_INSERT_SQL = (
    f"INSERT INTO {RANGES_TABLE} SELECT $memo_key, $version, $method, "
    + "".join(f"${name}::{kind}, " for name, kind in RANGE_PARAMS.items())
    + "unnest($unit_codes::VARCHAR[]), unnest($sim_lows::BIGINT[]), "
    "unnest($sim_highs::BIGINT[]), now()"
)
MAX_MEMO_SETS = 200  # parameter sets kept per version: at most 200 × units rows (1M at 5,000)
RANGES_TRIM_SQL = (
    f"DELETE FROM {RANGES_TABLE} WHERE memo_key NOT IN (SELECT memo_key FROM {RANGES_TABLE} "
    "GROUP BY memo_key ORDER BY max(stored_at) DESC LIMIT $keep)"
)

log = logging.getLogger(__name__)

_build_lock = threading.Lock()
_ranges_lock = threading.Lock()
_enabled = contextvars.ContextVar("queries_cache_enabled", default=True)
# the cursor whose transaction is bringing the cache up to date (and so may memoise in it)
_building = contextvars.ContextVar("queries_cache_building", default=None)


@contextmanager
def bypassed() -> Iterator[None]:
    """Within this block (in this thread or task) queries compute from the facts, uncached."""
    token = _enabled.set(False)
    try:
        yield
    finally:
        _enabled.reset(token)


def source_hash() -> str:
    """A digest of the SQL the cached stages are computed with (an edit rebuilds the cache)."""
    paths = [*sorted((HERE / "indicators").glob("*.sql")), *sorted((HERE / "stages").glob("*.sql"))]
    return digest_of(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths))


@lru_cache(maxsize=8)
def digest_of(files: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for path, _, _ in files:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def key_from(parts) -> str:
    return "|".join(str(v) for v in parts) + "|" + source_hash()


def data_key(cursor) -> str:
    """The key of the data this cursor sees: one UNION ALL of the counts (faster than scalar
    subqueries of one SELECT; bench/bench_rankings.py times the freshness check), and today's
    date, its second-last part: the running quarter's indicators are read as at today
    (``ledger_day``), so they expire daily."""
    return key_from(value for _, value in cursor.execute(KEY_PARTS_SQL).fetchall())


def day_of(key: str) -> str:
    """The date a cache key was made on."""
    return key.rsplit("|", 2)[-2]


def without_day(key: str) -> str:
    head, _, tail = key.rpartition("|")
    return head.rpartition("|")[0] + "|" + tail


def version_of(state: tuple) -> str:
    """The cache's version: its key and when it was built (a rebuild after ``clear`` has the
    same key but not the same version)."""
    key, built_at = state[0], state[1]
    return f"{key}@{built_at}"


def attach_cache(cursor) -> bool:
    """The process's cache database, attached once (every cursor of the connection sees it;
    etl.db.connect attaches it already), with its state table. False where it cannot be (a
    read-only connection)."""
    try:
        cursor.execute(ATTACH_PROCESS_DB_SQL)
        cursor.execute(STATE_TABLE_SQL)
    except duckdb.Error:
        return False
    return True


def position(cursor) -> tuple[int | None, str]:
    """The DuckLake snapshot this transaction reads (None on a DuckDB file) and today's date:
    when the snapshot is the one the cache was last found fresh at, on the day it was built,
    nothing changed and the row counts need no counting."""
    is_lake, today = cursor.execute(POSITION_SQL).fetchone()
    if is_lake is None:
        return None, today
    snapshot = cursor.execute("SELECT id FROM ducklake_current_snapshot(current_database())")
    return snapshot.fetchone()[0], today


def built_state(cursor) -> tuple | None:
    """The cache's key, build time and snapshot, or None before the first build."""
    return cursor.execute(STATE_SQL).fetchone()


def is_fresh(cursor, state) -> bool:
    """Whether the cache holds the data this transaction sees (cheap: on a lake whose snapshot
    has not moved, no counting)."""
    if state is None:
        return False
    snapshot, today = position(cursor)
    if snapshot is not None and state[2] == snapshot:
        return day_of(state[0]) == today
    return snapshot is None and state[0] == data_key(cursor)


def refresh(cursor) -> str:
    """Inside the caller's transaction: bring the cache to the data this transaction sees
    (rebuilt from the earliest quarter the loads since the last build touched, or whole; or
    only the snapshot it was confirmed at, when the data did not change) and return its version.
    The caller reads in the same transaction, so loads landing meanwhile never leave it
    chasing a cache that is out of date again as soon as it is built."""
    state = built_state(cursor)
    snapshot, _ = position(cursor)
    key = data_key(cursor)
    if state is None or state[0] != key:
        loads = cursor.execute(LOADS_SQL).fetchall()
        since, tables = rebuild_from(cursor, state, key, loads)
        for sql, params in cache_build_statements(cursor, since, indicators_reading(tables)):
            cursor.execute(sql, params)
        cursor.execute(f"DELETE FROM {STATE_TABLE}")
        cursor.execute(
            f"INSERT INTO {STATE_TABLE} VALUES ($key, now(), $snapshot)",
            {"key": key, "snapshot": snapshot},
        )
        cursor.execute(f"CREATE OR REPLACE TABLE {LOADS_TABLE} AS SELECT * FROM ({LOADS_SQL})")
    elif state[2] != snapshot:
        cursor.execute(f"UPDATE {STATE_TABLE} SET snapshot = $snapshot", {"snapshot": snapshot})
    return version_of(built_state(cursor))


def build(con) -> None:
    """(Re)build the cache now, on a cursor of its own (nothing to do when it is fresh)."""
    cursor = con.cursor()
    try:
        with reading(cursor, strict=True):
            pass
    finally:
        cursor.close()


WHOLE = (None, None)  # rebuild_from's answer for a whole rebuild


def rebuild_from(
    cursor, state, key: str, loads: list[tuple]
) -> tuple[str | None, frozenset[str] | None]:
    """The first quarter to recompute (None: rebuild whole), and the fact tables whose
    indicators are recomputed from it (None: every indicator).

    Only fact loads (and their withdrawals) since the last build may be recomputed in part, and
    only when nothing else changed: the same SQL (the key's last part) and no load of another
    kind, no load that vanished, no change of rows the log does not explain (a row count that
    moved while the log stood still is caught by the key and rebuilds whole). Then only the
    indicators that read the tables those loads wrote (a surveys file: the satisfaction rates,
    a third of the build at province scale). A new day recomputes every indicator from the
    quarter of the day the cache was built on: that quarter was read as at that day
    (``ledger_day``), and so was any later one."""
    if state is None or state[0].rsplit("|", 1)[-1] != key.rsplit("|", 1)[-1]:
        return WHOLE
    before = {row[0]: row for row in cursor.execute(f"SELECT * FROM {LOADS_TABLE}").fetchall()}
    now = {row[0]: row for row in loads}
    if not set(before) <= set(now):
        return WHOLE
    changed = [row for load_id, row in now.items() if before.get(load_id) != row]
    new_day = day_of(state[0]) != day_of(key)
    if not changed and not (new_day and without_day(state[0]) == without_day(key)):
        return WHOLE  # the key moved without a load: rows changed by hand
    quarters = [quarter_of(date.fromisoformat(day_of(state[0])))] if new_day else []
    tables: set[str] | None = None if new_day else set()
    for _, kind, spanned, _ in changed:
        if kind not in INCREMENTAL_KINDS or not spanned:
            return WHOLE
        quarters.extend(q for q in spanned.split(",") if q)
        if tables is not None:
            # what a fact load writes: its kind's table, the archive of the rows it replaced
            # and the upload log (read by an indicator of timeliness, were one defined)
            tables.update((kind, f"archive_{kind}", "upload_log"))
    if not quarters:
        return WHOLE
    return min(quarters), None if tables is None else frozenset(tables)


def indicators_reading(tables: frozenset[str] | None) -> frozenset[str] | None:
    """The defined indicators whose SQL (and the macros it calls) reads any of ``tables``;
    None for None (every indicator). An indicator whose SQL is not understood is counted in."""
    if tables is None:
        return None
    read = {code: tables_of(read_sql(path)) for code, path in defined_indicator_files().items()}
    return frozenset(code for code, found in read.items() if found is None or found & tables)


@lru_cache(maxsize=64)
def tables_of(sql: str) -> frozenset[str] | None:
    """The tables an indicator's SQL reads, from DuckDB's parse tree; None if not understood."""
    try:
        return frozenset(tables_read(sql))
    except ValueError:
        return None


def rollback(cursor) -> None:
    with suppress(duckdb.Error):  # no transaction was open
        cursor.execute("ROLLBACK")


@contextmanager
def reading(cursor, strict: bool = False) -> Iterator[str | None]:
    """Open a transaction on ``cursor`` and yield the cache's version, the cache tables holding
    the data this transaction sees; None: compute from the facts (cache bypassed, or it could
    not be built: logged; ``strict`` raises instead).

    A fresh cache is read without a lock. Otherwise one thread at a time brings it up to date
    in its own transaction, reads in that same transaction and commits the cache after (the
    lock is held until then, so the next thread finds it committed)."""
    ensure_macros(cursor)  # before the transaction: it would not see macros made after it began
    if not _enabled.get() or not attach_cache(cursor):
        yield None
        return
    cursor.execute("BEGIN TRANSACTION")
    try:
        state = built_state(cursor)
        fresh = is_fresh(cursor, state)
    except BaseException:
        rollback(cursor)
        raise
    if fresh:
        try:
            yield version_of(state)
        finally:
            rollback(cursor)  # the transaction only read
        return
    rollback(cursor)
    with _build_lock:
        cursor.execute("BEGIN TRANSACTION")
        try:
            version = refresh(cursor)
        except duckdb.Error:
            rollback(cursor)
            if strict:
                raise
            log.warning("the indicator cache could not be built; answering from the facts")
            cursor.execute("BEGIN TRANSACTION")
            version = None
        except BaseException:
            rollback(cursor)
            raise
        token = _building.set(cursor if version is not None else None)
        try:
            yield version
        finally:
            _building.reset(token)
            if version is None:
                rollback(cursor)
            else:
                commit_or_drop(cursor)


def commit_or_drop(cursor) -> None:
    """Keep what this transaction wrote to the cache; if that fails (the query failed and ended
    the transaction), the next reader builds again."""
    try:
        cursor.execute("COMMIT")
    except duckdb.Error:
        rollback(cursor)


def clear(con) -> None:
    """Forget the cache's key and the memoised rank ranges, so the next query rebuilds the
    cache (after editing facts by hand)."""
    cursor = con.cursor()
    try:
        if not attach_cache(cursor):
            return
        cursor.execute(f"DROP TABLE IF EXISTS {STATE_TABLE}")
        with _ranges_lock:
            cursor.execute(f"DROP TABLE IF EXISTS {RANGES_TABLE}")
    finally:
        cursor.close()


def memo_key(version: str, method: str, params: dict) -> str:
    """One digest of everything the ranges depend on (a lookup by one column is faster than
    comparing ten)."""
    parts = (version, method, *(repr(params[name]) for name in RANGE_PARAMS))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def stored_rank_ranges(cursor, version: str, method: str, params: dict) -> pl.DataFrame | None:
    """unit_code, sim_low, sim_high memoised for this cache version, simulation method and
    parameters; None when there are none. Read on a cursor of its own (the rows are tagged
    with their version, so no transaction is needed; a missing table is just a miss)."""
    reader = cursor.cursor()
    try:
        frame = matching_ranges(reader, memo_key(version, method, params))
    except (duckdb.CatalogException, duckdb.BinderException):
        return None
    finally:
        reader.close()
    return frame if frame.height > 0 else None


def matching_ranges(cursor, key: str) -> pl.DataFrame:
    return cursor.execute(RANGES_SELECT_SQL, {"memo_key": key}).pl()


def store_rank_ranges(
    cursor, version: str, method: str, params: dict, ranges: pl.DataFrame
) -> None:
    """Memoise simulated ranges (unit_code, sim_low, sim_high) in a transaction of their own,
    removing those of other versions or methods, and all but the ``MAX_MEMO_SETS`` parameter
    sets stored last (the memo stays bounded however many seeds or views are asked for within
    one version). One thread at a time; nothing is stored when
    another thread stored these already or the cache has moved on to another version meanwhile.
    A failure (a read-only database) is logged, never raised: the query has its ranges."""
    key = memo_key(version, method, params)
    own = _building.get() is cursor  # the caller's transaction built the cache: store in it
    with _ranges_lock:
        writer = cursor if own else cursor.cursor()
        try:
            if not own:
                writer.execute("BEGIN TRANSACTION")
            ensure_ranges_table(writer)
            if still_wanted(writer, version, key):
                writer.execute(
                    f"DELETE FROM {RANGES_TABLE} WHERE version <> $version OR method <> $method",
                    {"version": version, "method": method},
                )
                writer.execute(
                    RANGES_INSERT_SQL,
                    {"memo_key": key, "version": version, "method": method}
                    | params
                    | columns_of(ranges),
                )
                writer.execute(RANGES_TRIM_SQL, {"keep": MAX_MEMO_SETS})
            if not own:
                writer.execute("COMMIT")
        except duckdb.Error as exc:
            if not own:
                rollback(writer)
            log.warning("rank ranges not memoised: %s", exc)
        finally:
            if not own:
                writer.close()


def ensure_ranges_table(cursor) -> None:
    """Create the memo table, or re-create it empty if it has other columns (an older layout)."""
    cursor.execute(
        RANGES_TABLE_SQL.replace("CREATE OR REPLACE TABLE", "CREATE TABLE IF NOT EXISTS")
    )
    found = [
        column[0] for column in cursor.execute(f"SELECT * FROM {RANGES_TABLE} LIMIT 0").description
    ]
    if found != list(RANGES_COLUMNS):
        cursor.execute(RANGES_TABLE_SQL)


def still_wanted(writer, version: str, key: str) -> bool:
    """The cache is still at ``version`` and these ranges are not stored yet."""
    state = built_state(writer)
    if state is None or version_of(state) != version:
        return False
    return matching_ranges(writer, key).is_empty()


def columns_of(ranges: pl.DataFrame) -> dict:
    return {
        "unit_codes": ranges["unit_code"].to_list(),
        "sim_lows": ranges["sim_low"].to_list(),
        "sim_highs": ranges["sim_high"].to_list(),
    }
