"""Memoised rank ranges (queries/indicator_cache.py, table civcache.cache_rank_ranges): equal to a
fresh simulation, served only for the data version and the parameters they were simulated for, and
never a reason for a query to fail."""

from __future__ import annotations

import shutil
import threading
from datetime import date

import duckdb
import numpy as np
import polars as pl
import pytest
from bureau_fixture import A, B, add_uploads, build_bureau
from demo_templates import demo_copy
from polars.testing import assert_frame_equal

from etl.db import connect
from etl.load import load_file
from queries import indicator_cache, result_memo, run, warm
from queries.uncertainty import Inputs, simulate_ranks

Q = "2025Q3"
DEMO_Q = "2026Q3"
POISON = 1000  # no simulated rank of these small bureaus comes near it


def simulated(con, **params) -> pl.DataFrame:
    """The rankings with ranges simulated afresh (the cache, and so the memo, bypassed)."""
    with indicator_cache.bypassed():
        return run(con, "rankings", **params)


def poison(con, seed: int) -> None:
    """Make the memoised ranges of this seed recognisable: every sim_high becomes POISON."""
    con.execute(
        "UPDATE civcache.cache_rank_ranges SET sim_high = $poison WHERE seed = $seed",
        {"poison": POISON, "seed": seed},
    )


def stored_rows(con, seed: int) -> int:
    """Memoised rows of this seed in the process's cache (none before the memo's first write)."""
    try:
        return con.execute(
            "SELECT count(*) FROM civcache.cache_rank_ranges WHERE seed = $seed", {"seed": seed}
        ).fetchone()[0]
    except duckdb.CatalogException:
        return 0


def ranked_count(frame: pl.DataFrame) -> int:
    return frame.filter(pl.col("status") == "ranked").height


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """24 demo units over six quarters, loaded through the real loader, cache built."""
    path = tmp_path_factory.mktemp("memo") / "demo.duckdb"
    demo_copy(tmp_path_factory, path, units=24, quarters=6, seed=3, today=date(2026, 10, 15))
    con = connect(path)
    warm.warm(con)
    con.close()
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    """A copy of the demo database of its own, for a test that writes the memo."""
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_file, path)
    con = connect(path)
    yield con
    con.close()


def demo_group(con) -> str:
    return con.execute("SELECT min(peer_group) FROM units").fetchone()[0]


@pytest.mark.parametrize(
    "params",
    [
        {"seed": 11},
        {"normalisation": "minmax", "seed": 12},
        {"normalisation": "zscore", "peer_group": "one group", "seed": 13},
        {"indicator_code": "outpatient_satisfaction", "seed": 14},
        {"weighting": "equal", "max_missing": 0.5, "draws": 120, "seed": 15},
    ],
    ids=["attainment", "minmax", "zscore-group", "one-indicator", "equal-weights"],
)
def test_memoised_ranges_equal_a_fresh_simulation(demo, params):
    params = {"quarter": DEMO_Q, **params}
    if params.get("peer_group") == "one group":
        params["peer_group"] = demo_group(demo)
    expected = simulated(demo, **params)
    assert stored_rows(demo, params["seed"]) == 0
    first = run(demo, "rankings", **params)  # simulates and stores
    assert stored_rows(demo, params["seed"]) == ranked_count(expected) > 0
    again = run(demo, "rankings", **params)  # reads the memo
    assert_frame_equal(first, expected)
    assert_frame_equal(again, expected)


def test_a_stored_range_is_what_the_query_serves(demo):
    params = {"quarter": DEMO_Q, "draws": 100, "seed": 21}
    run(demo, "rankings", **params)
    poison(demo, 21)
    with result_memo.recomputed():  # not the whole result kept by the first call
        served = run(demo, "rankings", **params)
    ranked = served.filter(pl.col("status") == "ranked")
    # rank_high = max(sim_high, rank) = max(1000, rank) = 1000 for every ranked unit.
    assert ranked["rank_high"].to_list() == [POISON] * ranked.height
    assert_frame_equal(served.drop("rank_high"), simulated(demo, **params).drop("rank_high"))


@pytest.mark.parametrize(
    "change",
    [
        {"seed": 32},
        {"draws": 150},
        {"normalisation": "minmax"},
        {"weighting": "equal"},
        {"max_missing": 0.5},
        {"indicator_code": "outpatient_satisfaction"},
        {"peer_group": "one group"},
        {"quarter": "2026Q2"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_other_parameters_are_not_served_these_ranges(demo, change):
    base = {"quarter": DEMO_Q, "draws": 100, "seed": 31}
    other = {**base, **change}
    if other.get("peer_group") == "one group":
        other["peer_group"] = demo_group(demo)
    run(demo, "rankings", **base)
    poison(demo, 31)
    with result_memo.recomputed():  # not the whole result kept by the first call
        assert POISON in run(demo, "rankings", **base)["rank_high"].to_list()
    served = run(demo, "rankings", **other)
    assert POISON not in served["rank_high"].to_list()
    assert_frame_equal(served, simulated(demo, **other))


SURVEY_CSV = "单位编码,季度,调查类型,样本量,满意人数,满意度得分\nH2,2025Q3,门诊,100,99,\n"


def test_a_load_changes_the_version_and_the_old_ranges_are_not_reused(bureau):
    params = {"quarter": Q, "peer_group": A, "draws": 200, "seed": 5}
    before = run(bureau, "rankings", **params)
    versions = bureau.execute("SELECT DISTINCT version FROM civcache.cache_rank_ranges")
    (old_version,) = versions.fetchone()
    poison(bureau, 5)
    loaded = load_file(bureau, SURVEY_CSV.encode(), "h2_q3_survey.csv", kind="surveys", by="t")
    assert loaded.outcome == "loaded", loaded.summary()
    after = run(bureau, "rankings", **params)
    assert_frame_equal(after, simulated(bureau, **params))
    assert POISON not in after["rank_high"].to_list()
    # H2's outpatient satisfaction went from 80/100 to 99/100, so its index changed.
    assert before.filter(pl.col("unit_code") == "H2")["value"].item() != (
        after.filter(pl.col("unit_code") == "H2")["value"].item()
    )
    versions = bureau.execute("SELECT DISTINCT version FROM civcache.cache_rank_ranges").fetchall()
    assert len(versions) == 1 and versions[0][0] != old_version  # the old rows are gone


def test_clear_after_editing_facts_in_place_forgets_the_memo(bureau):
    params = {"quarter": Q, "draws": 200, "seed": 6}
    run(bureau, "rankings", **params)
    poison(bureau, 6)
    # Same row counts, so the data key stays the same: only clear() tells the cache.
    bureau.execute(
        "UPDATE surveys SET satisfied = 99 WHERE unit_code = 'H2' AND quarter = $q", {"q": Q}
    )
    indicator_cache.clear(bureau)
    after = run(bureau, "rankings", **params)
    assert POISON not in after["rank_high"].to_list()
    assert_frame_equal(after, simulated(bureau, **params))


def test_a_read_only_database_answers_without_storing(tmp_path):
    path = tmp_path / "bureau.duckdb"
    con = connect(path)
    build_bureau(con)
    add_uploads(con)
    assert warm.warm(con) is True
    con.close()
    read_only = duckdb.connect(str(path), read_only=True)
    params = {"quarter": Q, "draws": 200, "seed": 77}
    # No process cache can be attached to a read-only connection: the query computes from the
    # facts and has nowhere to memoise.
    result = run(read_only, "rankings", **params)
    assert_frame_equal(result, simulated(read_only, **params))
    ranked = result.filter(pl.col("status") == "ranked")
    assert ranked["rank_low"].null_count() == 0
    assert stored_rows(read_only, 77) == 0
    read_only.close()


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store
def test_threads_asking_at_once_store_one_set_of_ranges(bureau):
    params = {"quarter": Q, "draws": 300, "seed": 99}
    expected = simulated(bureau, **params)
    warm.warm(bureau)
    results, errors = [], []

    def ask() -> None:
        try:
            results.append(run(bureau, "rankings", **params))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(results) == 4
    for result in results:
        assert_frame_equal(result, expected)
    assert stored_rows(bureau, 99) == ranked_count(expected)


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store
def test_warm_memoises_the_default_rankings_of_the_latest_quarter(bureau):
    assert warm.warm(bureau) is True
    sets = bureau.execute(
        "SELECT DISTINCT quarter, peer_group, indicator_code, normalisation, weighting, "
        "max_missing, draws, seed FROM civcache.cache_rank_ranges"
    ).fetchall()
    # The rankings defaults (queries/README.md): the index under attainment, table weights,
    # at most 30% of the weight missing, 400 draws, seed 2005; 2025Q3 is the latest quarter.
    defaults = ("index", "attainment", "table", 0.3, 400, 2005)
    assert sorted(sets) == sorted((Q, group, *defaults) for group in ("全部", A, B))
    for group in ("全部", A, B):
        served = run(bureau, "rankings", quarter=Q, peer_group=group)
        assert_frame_equal(served, simulated(bureau, quarter=Q, peer_group=group))


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store
def test_bypassed_queries_neither_read_nor_write_the_memo(bureau):
    params = {"quarter": Q, "draws": 200, "seed": 8}
    run(bureau, "rankings", **params)
    poison(bureau, 8)
    result = simulated(bureau, **params)
    assert POISON not in result["rank_high"].to_list()
    with indicator_cache.bypassed():
        run(bureau, "rankings", **{**params, "seed": 9})
    assert stored_rows(bureau, 9) == 0


def test_ranges_do_not_depend_on_the_order_the_ranked_units_come_in():
    # 40 units, one noisy rate each (0.50 ... 0.89, standard error 0.03, target 0.90): their
    # ranges overlap, so which random numbers go to which unit shows in the ranges.
    units = [f"U{i:02d}" for i in range(40)]
    inputs = Inputs(
        units=units,
        groups=np.zeros(40, dtype=np.int64),
        value=np.linspace(0.50, 0.89, 40)[:, None],
        target=np.full((40, 1), 0.90),
        weight=np.ones((40, 1)),
        noise_sd=np.full((40, 1), 0.03),
        lower_better=np.array([False]),
        is_rate=np.array([True]),
        codes=["outpatient_satisfaction"],
    )
    options = {"indicator_code": "index", "normalisation": "attainment", "draws": 200, "seed": 1}
    in_order = simulate_ranks(inputs, units, **options)
    assert len(in_order) == 40
    for shuffled in (units[::-1], units[17:] + units[:17]):
        assert simulate_ranks(inputs, shuffled, **options) == in_order


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store
def test_a_memo_table_of_another_layout_is_replaced(bureau):
    bureau.execute("CREATE TABLE civcache.cache_rank_ranges (unit_code VARCHAR, sim_low INTEGER)")
    bureau.execute("INSERT INTO civcache.cache_rank_ranges VALUES ('H1', 1000)")
    params = {"quarter": Q, "draws": 200, "seed": 4}
    assert_frame_equal(run(bureau, "rankings", **params), simulated(bureau, **params))
    assert stored_rows(bureau, 4) == ranked_count(simulated(bureau, **params))
    assert bureau.execute("SELECT count(*) FROM civcache.cache_rank_ranges").fetchone()[0] == (
        stored_rows(bureau, 4)
    )


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store
def test_the_memo_keeps_only_the_parameter_sets_stored_last(bureau, monkeypatch):
    monkeypatch.setattr(indicator_cache, "MAX_MEMO_SETS", 2)
    for seed in (41, 42, 43):
        run(bureau, "rankings", quarter=Q, peer_group=A, draws=50, seed=seed)
    kept = bureau.execute(
        "SELECT DISTINCT seed FROM civcache.cache_rank_ranges ORDER BY seed"
    ).fetchall()
    assert kept == [(42,), (43,)]
    assert stored_rows(bureau, 41) == 0 and stored_rows(bureau, 43) > 0


def test_units_alike_in_every_input_get_one_range():
    """Trial (session 58): six township centres identical in every input row, tied at rank 8,
    showed 3–16 and, for one of them, 4–16: the simulation's noise, stated as a difference of
    the units'. Twenty units: ten alike at 0.85, ten at 0.70 … 0.94 (standard error 0.03); the
    ten alike get one range, from all their draws; the others theirs."""
    units = [f"U{i:02d}" for i in range(20)]
    values = [0.85] * 10 + [0.70 + 0.024 * i for i in range(10)]
    inputs = Inputs(
        units=units,
        groups=np.zeros(20, dtype=np.int64),
        value=np.array(values)[:, None],
        target=np.full((20, 1), 0.90),
        weight=np.ones((20, 1)),
        noise_sd=np.full((20, 1), 0.03),
        lower_better=np.array([False]),
        is_rate=np.array([True]),
        codes=["outpatient_satisfaction"],
    )
    options = {"indicator_code": "index", "normalisation": "attainment", "draws": 400}
    for seed in (1, 2005):
        ranges = simulate_ranks(inputs, units, seed=seed, **options)
        assert len({ranges[u] for u in units[:10]}) == 1
        low, high = ranges["U00"]
        assert 1 <= low < high <= 20
    # a unit alike in value but another peer group is no longer alike (its own draws)
    apart = Inputs(**{**inputs.__dict__, "groups": np.array([1] + [0] * 19, dtype=np.int64)})
    ranges = simulate_ranks(apart, units, seed=2005, **options)
    assert len({ranges[u] for u in units[1:10]}) == 1
