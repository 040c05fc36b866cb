"""Results of staged queries, kept by each process for the data version they were computed on.

A staged query read from a fresh indicator cache (queries/indicator_cache.py) gives the same
rows for the same SQL and parameters as long as the cache's version stands: the version
changes with every load or withdrawal, every change of a table's row count, every rebuild and
every ``indicator_cache.clear``. So the rows are kept in memory, keyed by a digest of the
query's name, its SQL, its bound parameters, the cache version and today's date (queries about
overdue findings count days), and a later call with the same key is answered from memory: a
leader's second look at a ranking costs the freshness check, not the ranking
(bench/bench_rankings.py, "warm, full").

A query with a post-step (the rankings' rank ranges, queries/composed.py) also keeps its SQL's
rows, under the values the SQL reads (``runner.sql_rows``): the same ranks asked for without
their ranges and then with them are ranked once.

Only queries whose SQL (with the macros it calls) reads nothing but the tables the cache's
version covers (``indicator_cache.SOURCE_TABLES``) and the cache's own tables are kept: a query
that reads the upload log, publications, settings or accounts is computed every time. The
scope of the viewer is applied after (queries/scope.py), so one kept result serves every scope.

A frozen state (etl.db.StateView: a publication's data, a pack's snapshot) never changes, so
what a staged query computes from it is kept under the state's identity whatever its SQL
reads, and whatever is loaded since: a published quarter's figures are computed from its facts
(the cache holds today's data), 0.3–1 s a query at province scale, once per process rather
than on every view after every load.

Bounded: the results used last, at most ``MAX_RESULTS`` of them and ``MAX_KEPT_BYTES`` in
all, each of at most ``MAX_BYTES`` (Polars' estimate of a frame's size): the widest kept is
the rank history of every unit in every quarter (queries/rank_history.sql), 23 MB at province
scale (5,000 units, 40 quarters), kept so that each unit's profile is a lookup. Per process
and thread-safe; a dashboard replica keeps its own, as it keeps its own cache.
"""

from __future__ import annotations

import contextvars
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

import polars as pl

from queries.indicator_cache import SOURCE_TABLES
from queries.sql_tables import tables_read

MAX_RESULTS = 256
MAX_BYTES = 64 * 2**20
MAX_KEPT_BYTES = 256 * 2**20
CACHE_TABLE_PREFIX = "cache_"

_kept: OrderedDict[str, pl.DataFrame] = OrderedDict()
_enabled = contextvars.ContextVar("queries_results_kept", default=True)
_lock = threading.Lock()


@lru_cache(maxsize=512)
def reads_only_versioned_tables(sql: str) -> bool:
    """Whether ``sql`` reads only the tables the cache version covers (and the cache's own),
    the tables of the macros it calls included: then its result may be kept for that version."""
    try:
        tables = tables_read(sql)
    except ValueError:
        return False  # not understood: never kept
    return all(t in SOURCE_TABLES or t.startswith(CACHE_TABLE_PREFIX) for t in tables)


def key_of(
    name: str, sql: str, values: dict, version: str | None, frozen: str | None = None
) -> str | None:
    """The key under which this call's result is kept, or None when it may not be kept:
    ``values`` are all the values of the call (its post-step may read some the SQL does not),
    ``version`` the indicator cache's (None: not read from the cache), ``frozen`` the identity
    of the frozen state the call reads (etl.db.StateView; None: the store as it is)."""
    if not _enabled.get():
        return None
    if version is None:
        if frozen is None:
            return None
        version = f"frozen|{frozen}"  # every table of a frozen state stands still
    elif not reads_only_versioned_tables(sql):
        return None
    parts = (name, sql, sorted((k, repr(v)) for k, v in values.items()), version)
    return hashlib.sha256(repr((*parts, date.today().isoformat())).encode()).hexdigest()


def recalled(key: str | None) -> pl.DataFrame | None:
    """The result kept under ``key`` (a copy: the caller may change it), or None."""
    if key is None:
        return None
    with _lock:
        frame = _kept.get(key)
        if frame is None:
            return None
        _kept.move_to_end(key)
    return frame.clone()


def remember(key: str | None, frame: pl.DataFrame) -> pl.DataFrame:
    """Keep ``frame`` under ``key`` (unless None or too large) and return it."""
    if key is None or frame.estimated_size() > MAX_BYTES:
        return frame
    with _lock:
        _kept[key] = frame.clone()
        _kept.move_to_end(key)
        while len(_kept) > MAX_RESULTS or kept_bytes() > MAX_KEPT_BYTES:
            _kept.popitem(last=False)
    return frame


def kept_bytes() -> int:
    """The size of every result kept (Polars' estimate), under the lock."""
    return sum(frame.estimated_size() for frame in _kept.values())


@contextmanager
def recomputed() -> Iterator[None]:
    """Within the block, results are neither recalled nor kept: computed from the cache every
    time (benchmarks and tests of the layers below use it)."""
    token = _enabled.set(False)
    try:
        yield
    finally:
        _enabled.reset(token)


def forget() -> None:
    """Drop every kept result (``indicator_cache.clear`` makes them unreachable anyway)."""
    with _lock:
        _kept.clear()
