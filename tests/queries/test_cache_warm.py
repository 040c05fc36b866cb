"""Warming the indicator cache ahead of the first reader (queries.warm.warm): after a
load the app builds it at once, and at start-up on a thread of its own while pages query."""

from __future__ import annotations

import threading

from polars.testing import assert_frame_equal

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
