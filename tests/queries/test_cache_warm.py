"""Warming the indicator cache ahead of the first reader (queries.warm.warm): after a
load the app builds it at once, and at start-up on a thread of its own while pages query."""

from __future__ import annotations

import gc
import threading
import time
from datetime import date

import pytest
from polars.testing import assert_frame_equal

from etl.db import connect, store_of
from etl.load import load_file
from queries import indicator_cache, run, warm

Q = "2025Q3"


def state(con):
    """The cache's key and build time, or None before the first build."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'cache_state'"
    ).fetchone()[0]
    return (
        con.execute("SELECT key, built_at::VARCHAR FROM civcache.cache_state").fetchone()
        if exists
        else None
    )


def test_warm_builds_once_then_does_nothing(bureau):
    assert state(bureau) is None
    assert warm.warm(bureau) is True
    built = state(bureau)
    # The tiny bureau's 5 units are all in the cache before any query ran.
    units = bureau.execute("SELECT count(DISTINCT unit_code) FROM civcache.cache_indicator_values")
    assert units.fetchone()[0] == 5
    assert warm.warm(bureau) is True
    assert state(bureau) == built  # fresh: not built again


def test_warm_after_a_change_of_the_facts_rebuilds(bureau):
    warm.warm(bureau)
    key, _ = state(bureau)
    bureau.execute("DELETE FROM surveys WHERE unit_code = 'T2'")
    warm.warm(bureau)
    assert state(bureau)[0] != key
    cached = run(bureau, "civility_index", quarter=Q)
    with indicator_cache.bypassed():
        assert_frame_equal(cached, run(bureau, "civility_index", quarter=Q))


def test_warm_when_bypassed_builds_nothing(bureau):
    with indicator_cache.bypassed():
        assert warm.warm(bureau) is False
    assert state(bureau) is None


def test_background_warm_while_pages_query_gives_the_uncached_results(bureau):
    with indicator_cache.bypassed():
        expected = run(bureau, "rankings", quarter=Q, draws=50)
    results, errors = [], []

    def page() -> None:
        try:
            results.append(run(bureau, "rankings", quarter=Q, draws=50))
        except Exception as exc:  # reported below, with the thread's result
            errors.append(exc)

    warming = warm.warm_in_background(bureau)
    pages = [threading.Thread(target=page) for _ in range(3)]
    for thread in pages:
        thread.start()
    for thread in [warming, *pages]:
        thread.join(timeout=60)
    assert errors == []
    assert len(results) == 3
    for result in results:
        assert_frame_equal(result, expected)
    built = state(bureau)
    assert warm.warm(bureau) is True
    assert state(bureau) == built  # the build the threads shared is fresh


def test_a_change_warms_once_it_has_held_still():
    """A district's files loaded one after another: warmed once, after the last has held
    still for the settling time; the version warmed for is not warmed again."""
    watch = warm.ChangeWatch(warmed="v1", settle=2.0)
    assert not watch.should_warm("v1", 0.0)  # nothing new
    assert not watch.should_warm("v2", 10.0)  # a load, just seen
    assert not watch.should_warm("v2", 11.0)  # not still for 2 s yet
    assert not watch.should_warm("v3", 11.5)  # another load: the wait starts again
    assert not watch.should_warm("v3", 13.0)
    assert watch.should_warm("v3", 13.5)
    assert not watch.should_warm("v3", 20.0)  # warmed for it already


@pytest.mark.parametrize("bureau", ["sqlite"], indirect=True)  # only a lake has other writers
def test_a_dashboard_warms_again_after_another_process_loads(bureau):
    """A dashboard replica's cache was built on its first connection and never again: the
    leader who opened a page after an analyst's command-line load waited for the rebuild
    (bench/bench_after_load.py). The replica now follows the data and warms by itself."""
    mine = connect(store_of(bureau).url)  # the dashboard's connection; ``bureau`` loads
    assert warm.warm(mine)
    follower = warm.follow_in_background(mine, every=0.05)
    late = "单位编码,季度,调查类型,样本量,满意人数\nT2,2025Q3,门诊,100,50\n".encode()
    assert load_file(bureau, late, "late.csv", today=date(2026, 1, 15)).outcome == "loaded"
    cursor = mine.cursor()
    assert not indicator_cache.is_fresh(cursor, indicator_cache.built_state(cursor))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        cursor = mine.cursor()
        if indicator_cache.is_fresh(cursor, indicator_cache.built_state(cursor)):
            break
        time.sleep(0.05)
    assert indicator_cache.is_fresh(cursor, indicator_cache.built_state(cursor))
    del cursor, mine  # the app's resources cleared: the follower ends after its warming
    gc.collect()
    follower.join(timeout=60)
    assert not follower.is_alive()
