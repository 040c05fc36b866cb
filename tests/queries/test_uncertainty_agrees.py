"""The rank-range simulation's NumPy scoring (queries/uncertainty.py) agrees with the SQL
pipeline (stages/unit_indicator_scores.sql, unit_index.sql): on the demo store, with zero
noise, the NumPy index of every unit equals the SQL civility index (to 1e-9) under every
normalisation and weighting, and the zero-noise "simulation" ranks every unit where the
rankings query does (docs/METHOD.md, "Plausible rank range", says why both exist)."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from demo_templates import demo_copy

from etl.db import connect
from etl.load import load_file
from queries import lookup, run, uncertainty
from queries.runner import bind, execute_sql_query

QUARTER = "2026Q3"
RETIRED = (
    "indicator_code,name_zh,name_en,domain,direction,weight,unit,from_quarter\n"
    "public_benefit_sessions,公益活动次数,Public-benefit sessions,activity,higher,0,count,"
    f"{QUARTER}\n"
)
# a unit registered from the quarter that reports nothing (the demo's 24 units all report):
# no index on either side
SILENT = (
    "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
    f"U0999,永登县新建卫生院,永登县,乡镇卫生院,30,{QUARTER}\n"
)
NORMALISATIONS = ("attainment", "minmax", "zscore")
WEIGHTINGS = ("table", "equal")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo store of 24 units over six quarters up to 2026Q3 that other modules use
    (tests/demo_templates.py: built once per run), on a file: one quarter's scores need no
    more units."""
    path = tmp_path_factory.mktemp("agree") / "demo.duckdb"
    demo_copy(tmp_path_factory, path, units=24, quarters=6, seed=3, today=date(2026, 10, 15))
    con = connect(path)
    silent = load_file(con, SILENT.encode(), "silent.csv", today=date(2026, 10, 15))
    assert silent.outcome == "loaded"
    # public-benefit sessions retired from the quarter (weight 0, as the Indicator-system page
    # asks): equal weights must give it no share on either side
    retired = load_file(con, RETIRED.encode(), "retired.csv", today=date(2026, 10, 15))
    assert retired.outcome == "loaded"
    yield con
    con.close()


def zero_noise_inputs(cursor, values: dict) -> uncertainty.Inputs:
    """The simulation's inputs for the query's parameters, every noise set to zero."""
    inputs = uncertainty.load_inputs(cursor, values)
    assert (inputs.noise_sd > 0).any()  # the demo has sampled values: zero noise is a choice
    inputs.noise_sd[:] = 0.0
    return inputs


def query_with_inputs(con, name: str, **params) -> tuple[pl.DataFrame, uncertainty.Inputs]:
    """The named query's result and the simulation's zero-noise inputs for the same call: the
    inputs are read on the query's own cursor with its own bound parameters (the runner's
    post-step hook, where the rank ranges read them)."""
    query = lookup(name)
    found = []

    def keep_inputs(cursor, result: pl.DataFrame, values: dict) -> pl.DataFrame:
        found.append(zero_noise_inputs(cursor, values))
        return result

    cursor = con.cursor()
    try:
        values = bind(cursor, query, {"quarter": QUARTER, **params})
        result = execute_sql_query(cursor, query, values, keep_inputs)
    finally:
        cursor.close()
    return result, found[0]


@pytest.mark.parametrize("weighting", WEIGHTINGS)
@pytest.mark.parametrize("normalisation", NORMALISATIONS)
def test_numpy_index_equals_the_sql_index(demo, normalisation, weighting):
    frame, inputs = query_with_inputs(
        demo, "civility_index", normalisation=normalisation, weighting=weighting
    )
    noisy, fixed = uncertainty.noisy_and_fixed(inputs)
    assert len(noisy) == 0 and len(fixed) == len(inputs.codes)
    weighted, weight = uncertainty.fixed_part(inputs, fixed, normalisation)
    with np.errstate(invalid="ignore", divide="ignore"):
        numpy_index = dict(zip(inputs.units, weighted / weight, strict=True))
    indexed = frame.filter(pl.col("civility_index").is_not_null())
    assert indexed.height == 24  # the demo's 24 units, not the one that reports nothing
    sql = indexed["civility_index"].to_numpy()
    numpy = np.array([numpy_index[u] for u in indexed["unit_code"]])
    # the SQL rounds the index to 9 decimals (unit_index.sql): at most 5e-10 apart
    assert np.abs(sql - numpy).max() <= 1e-9
    # a unit without any score has no index on either side
    unscored = frame.filter(pl.col("civility_index").is_null())["unit_code"]
    assert unscored.to_list() == ["U0999"]
    assert all(np.isnan(numpy_index.get(u, np.nan)) for u in unscored)


@pytest.mark.parametrize("weighting", WEIGHTINGS)
@pytest.mark.parametrize("normalisation", NORMALISATIONS)
def test_zero_noise_simulation_ranks_every_unit_as_the_rankings_do(demo, normalisation, weighting):
    params = {"normalisation": normalisation, "weighting": weighting, "draws": 0}
    ranking, inputs = query_with_inputs(demo, "rankings", **params)
    assert ranking.sort("unit_code").equals(
        run(demo, "rankings", quarter=QUARTER, **params).sort("unit_code")
    )
    ranked = ranking.filter(pl.col("status") == "ranked")
    assert ranked.height == 24  # the demo's units; U0999 has no index to rank
    ranges = uncertainty.simulate_ranks(
        inputs,
        ranked["unit_code"].to_list(),
        indicator_code="index",
        normalisation=normalisation,
        draws=5,
        seed=1,
    )
    expected = {r["unit_code"]: (r["rank"], r["rank"]) for r in ranked.iter_rows(named=True)}
    assert ranges == expected
