"""Warming up: build the indicator cache and memoise the default rank ranges before anyone asks.

A full cache build takes seconds at province scale (bench/bench_rankings.py measures it), so
whoever changes the data calls ``warm`` (the app after a load or withdrawal) and the app warms
once at start-up in the background (``warm_in_background``): a query that arrives during that
build waits for it under the cache's lock instead of starting another.

A dashboard on a shared store does not hear of another process's loads (an analyst's command
line, another replica): it follows the data version on a thread of its own
(``follow_in_background``) and warms once the data have held still, so that the leader who
opens a page after the load does not wait for the rebuild (bench/bench_after_load.py).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from etl.db import data_version, is_lost, lost_cause
from etl.publish import publications
from queries import run
from queries.indicator_cache import reading

log = logging.getLogger(__name__)


def warm(con) -> bool:
    """Build the cache now if the data changed since it was built (nothing to do when it is
    fresh), on a cursor of its own, then memoise the default rank ranges
    (``memoise_default_rank_ranges``) and rank histories (``memoise_rank_histories``); True
    when the cache is fresh afterwards."""
    cursor = con.cursor()
    try:
        with reading(cursor) as version:
            fresh = version is not None
    finally:
        cursor.close()
    if fresh and not stopping():
        memoise_default_rank_ranges(con)
    if fresh and not stopping():
        memoise_rank_histories(con)
    return fresh


def memoise_default_rank_ranges(con) -> None:
    """Run the default rankings of the latest quarter, for every peer group and 全部, so that
    their rank ranges are simulated and stored before a leader asks (a page, the pack); and
    those of the latest published quarter as published, which pages show by default and which
    are computed from the publication's facts, then kept for it (queries/result_memo.py: a
    second of each at province scale). The other parameters are the rankings query's
    defaults, which ``run`` fills in. A failure is logged: the ranges are then simulated when
    first asked for."""
    try:
        quarters = run(con, "loaded_quarters")["quarter"]
        if quarters.is_empty():
            return
        groups = ["全部", *run(con, "peer_groups")["peer_group"].to_list()]
        published = max((p.quarter for p in publications(con)), default=None)
        asked = [{"quarter": quarters[0], "peer_group": group} for group in groups]
        asked += [
            {"quarter": published, "peer_group": group, "as_published": True}
            for group in (groups if published else ())
        ]
        for params in asked:
            if stopping():  # the process is exiting: the step under way was the last
                return
            run(con, "rankings", **params)
    except Exception as exc:
        log_failure("memoising the default rank ranges failed", exc)


def memoise_rank_histories(con) -> None:
    """Rank every unit in every quarter (queries/rank_history.sql), as today's data and as the
    latest publication of the latest published quarter (which the Unit profile page shows by
    default when that quarter is its latest), so that the first profile a leader opens is a
    lookup: seconds at province scale, ten for a publication, computed from its facts. A
    failure is logged: the histories are then ranked when first asked for."""
    try:
        units = run(con, "units")["unit_code"]
        if units.is_empty():
            return
        run(con, "rank_history", unit_code=units[0])
        found = publications(con)
        if not found or stopping():
            return
        publication_id = max(found, key=lambda p: (p.quarter, p.publication_id)).publication_id
        units = run(con, "units", publication=publication_id)["unit_code"]
        if not units.is_empty():
            run(con, "rank_history", unit_code=units[0], publication=publication_id)
    except Exception as exc:
        log_failure("memoising the rank histories failed", exc)


def log_failure(what: str, exc: Exception) -> None:
    """A warm-up that failed, in the server's log: a store that stopped answering (its
    catalog server restarting, its share gone), which every page then says plainly, as one
    line with its cause; anything else with its traceback."""
    if is_lost(exc):
        log.warning("%s: the store does not answer (%s)", what, lost_cause(exc).en)
    else:
        log.exception(what)


def warm_in_background(con, then: Callable[[], object] | None = None) -> threading.Thread:
    """``warm`` on a thread of its own (its own cursor, as every Streamlit session uses), then
    ``then()``. A failure is logged, never raised: queries then build the cache themselves or
    compute uncached. Ended with the process, at its next step (``in_background``)."""

    def work() -> None:
        try:
            warm(con)
            if then is not None and not stopping():
                then()
        except Exception as exc:
            log_failure("warming the indicator cache failed", exc)

    return in_background(work, "indicator-cache-warm")


_stopping = threading.Event()
_background: list[threading.Thread] = []
_background_lock = threading.Lock()


def stopping() -> bool:
    """Whether the process is exiting (``stop_background``): background work stops at its
    next step (a memoised ranking, a query asked again, a follower's tick)."""
    return _stopping.is_set()


def in_background(work: Callable[[], None], name: str) -> threading.Thread:
    """Run ``work`` on a daemon thread that the process ends at exit (``stop_background``).

    A warm-up after a load, or a follower's, asks a province's rankings for every peer group
    and the pages' last 48 queries again: tens of seconds. As a thread the interpreter waits
    for (the warm-ups were), or one the exit joined for up to 30 s (the followers were), it
    kept a stopped replica (SIGTERM) alive that long. Not left running either: a DuckDB query
    still running when the interpreter shuts down aborts the process ("terminate called
    without an active exception", exit status 134), so the exit waits for the step under
    way."""
    thread = threading.Thread(target=work, name=name, daemon=True)
    with _background_lock:
        _background[:] = [*(t for t in _background if t.is_alive()), thread]
    thread.start()
    return thread


@dataclass
class ChangeWatch:
    """Whether to warm, given the data version read now and then: once a version other than
    the one last warmed for has held still for ``settle`` seconds (a district's seven files
    loaded one after another warm once, after the last)."""

    warmed: str
    settle: float
    seen: str | None = None
    since: float = 0.0

    def should_warm(self, version: str, at: float) -> bool:
        if version != self.seen:
            self.seen, self.since = version, at
        if version == self.warmed or at - self.since < self.settle:
            return False
        self.warmed = version
        return True


def follow_in_background(
    con, every: float, then: Callable[[str], object] | None = None
) -> threading.Thread:
    """Read the data version every ``every`` seconds and ``warm`` once another process's
    change has held still that long, then call ``then`` with that version (the app answers
    its pages' last queries again). The connection is held weakly: the thread ends once the
    connection is dropped (the app's resources cleared) and, asked at exit, before the
    interpreter goes (a DuckDB query still running then aborts the process)."""
    held = weakref.ref(con)
    watch = ChangeWatch(warmed=data_version(con), settle=every)

    def follow() -> None:
        while not _stopping.wait(every):
            con = held()
            if con is None:
                return
            try:
                version = data_version(con)
                if watch.should_warm(version, time.monotonic()):
                    warm(con)
                    if then is not None and not stopping():
                        then(version)
            except duckdb.ConnectionException:  # the connection was closed: nothing to follow
                return
            except Exception:  # a store gone for a while: read again at the next tick
                log.debug("following the data version failed", exc_info=True)
            del con

    return in_background(follow, "store-follow")


def stop_background(timeout: float = 30.0) -> None:
    """At exit: end every warm-up and follower at its next step, and wait for the step
    under way (a cache build, one query), for up to ``timeout`` seconds in all."""
    _stopping.set()
    deadline = time.monotonic() + timeout
    with _background_lock:
        threads = list(_background)
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))


atexit.register(stop_background)
