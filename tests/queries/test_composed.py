"""queries/composed.py: the queries composed in Python from the SQL ones.

The composition itself (ties at the edge, joining the variants, the largest shift, who moved
whom) is checked on small rankings written here by hand and handed in as ``run`` (the
composed queries take the runner as their first argument); the whole path, through the real
runner, on the tiny bureau (tests/queries/bureau_fixture.py), worked by hand in comments.
"""

from __future__ import annotations

import polars as pl
import pytest

from etl.scope import Scope
from queries import EVERYTHING, run
from queries.composed import (
    differ,
    loads_in,
    moved_by_others,
    rank_sensitivity,
    top_bottom,
    worst_rank_cutoff,
)

Q = "2025Q3"
ON_FILE = pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store


def ranking(rows: list[tuple[str, int | None, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"unit_code": pl.String, "rank": pl.Int64, "status": pl.String}, orient="row"
    )


def runner(results: dict[str, pl.DataFrame | dict]):
    """A ``run`` that answers each query name with the frame given (or, for a dict, the frame
    for the call's ``normalisation``/``weighting``), and records the calls."""
    calls = []

    def run_(con, name, scope=None, **params):
        calls.append((name, params))
        found = results[name]
        if isinstance(found, dict):
            return found[(params.get("normalisation"), params.get("weighting", "table"))]
        return found

    run_.calls = calls
    return run_


@pytest.mark.parametrize(
    ("ranks", "n", "cutoff"),
    [
        ([1, 2, 3, 4, 5], 2, 4),  # the two worst: ranks 5 and 4
        ([1, 2, 3, 3], 1, 3),  # the worst rank is shared: both count
        ([1, 2, 2, 4], 3, 2),  # third worst is a 2: both 2s come along
        ([1, 2], 5, 1),  # fewer units than n: all of them
        ([1, 2, 3], 0, 4),  # none asked: beyond the worst rank
    ],
)
def test_worst_rank_cutoff(ranks, n, cutoff):
    assert worst_rank_cutoff(ranks, n, max(ranks)) == cutoff


def test_top_bottom_takes_ties_at_both_edges_and_leaves_unranked_out():
    ranked = ranking(
        [
            ("A", 1, "ranked"),
            ("B", 1, "ranked"),
            ("C", 3, "ranked"),
            ("D", 4, "ranked"),
            ("E", 4, "ranked"),
            ("F", None, "insufficient_data"),
        ]
    )
    run_ = runner({"rankings": ranked})
    ends = top_bottom(run_, None, n=1, scope=EVERYTHING, quarter=Q)
    assert ends.select("unit_code", "end").rows() == [
        ("A", "top"),
        ("B", "top"),
        ("D", "bottom"),
        ("E", "bottom"),
    ]
    assert run_.calls == [("rankings", {"quarter": Q})]


def test_a_scope_of_twenty_or_fewer_ranked_units_gets_them_all_once_in_order():
    """A trial: a district's eleven units of a group of thirty, holding ranks 1–10 and 30,
    were listed as 前10名 (ten rows) and 后10名 (one row). Its eleven units now come as one
    list, best first, ranks among all thirty; a district of 21 keeps the group's two lists."""
    group = ranking([(f"U{rank:02d}", rank, "ranked") for rank in range(1, 31)])
    eleven = group.filter(pl.col("rank").is_in([*range(1, 11), 30]))
    district = Scope(districts=("城关区",))

    def run_(con, name, scope=None, **params):
        return group if scope is EVERYTHING else eleven

    ends = top_bottom(run_, None, n=10, scope=district, quarter=Q)
    assert ends["end"].unique().to_list() == ["whole"]
    assert ends["rank"].to_list() == [*range(1, 11), 30]
    # 21 of the 30 (ranks 1–21): more than two lists hold, so the group's lists as before
    twenty_one = group.filter(pl.col("rank") <= 21)

    def run_21(con, name, scope=None, **params):
        return group if scope is EVERYTHING else twenty_one

    ends = top_bottom(run_21, None, n=10, scope=district, quarter=Q)
    tops = ends.filter(pl.col("end") == "top")["rank"].to_list()
    bottoms = ends.filter(pl.col("end") == "bottom")["rank"].to_list()
    assert (tops, bottoms) == (list(range(1, 11)), list(range(21, 31)))


def test_top_bottom_of_nothing_ranked_is_empty_with_its_end_column():
    run_ = runner({"rankings": ranking([("F", None, "insufficient_data")])})
    ends = top_bottom(run_, None, n=3, scope=EVERYTHING, quarter=Q)
    assert ends.height == 0 and "end" in ends.columns


def test_rank_sensitivity_joins_the_variants_and_measures_the_shift():
    variants = {
        ("attainment", "table"): ranking(
            [("A", 1, "ranked"), ("B", 2, "ranked"), ("C", None, "x")]
        ),
        ("minmax", "table"): ranking([("A", 2, "ranked"), ("B", 1, "ranked"), ("C", None, "x")]),
        ("zscore", "table"): ranking([("A", 1, "ranked"), ("B", 2, "ranked"), ("C", None, "x")]),
        ("attainment", "equal"): ranking([("A", 3, "ranked"), ("B", 1, "ranked")]),
    }
    units = pl.DataFrame(
        {
            "unit_code": ["B", "A", "C", "Z"],  # Z: in the registry, in no ranking
            "unit_name": ["乙", "甲", "丙", "末"],
            "district": ["d1", "d1", "d2", "d2"],
            "peer_group": ["g"] * 4,
        }
    )
    run_ = runner({"rankings": variants, "units": units})
    frame = rank_sensitivity(
        run_, None, quarter=Q, peer_group="g", max_missing=0.3, scope=EVERYTHING
    )
    columns = ["unit_code", "rank_attainment", "rank_minmax", "rank_zscore"]
    columns += ["rank_equal_weights", "rank_best", "rank_worst", "largest_shift", "status"]
    # A: 1, 2, 1, 3 -> best 1, worst 3, shift 2; B: 2, 1, 2, 1 -> 1, 2, 1; C: unranked
    assert frame.select(columns).rows() == [
        ("A", 1, 2, 1, 3, 1, 3, 2, "ranked"),
        ("B", 2, 1, 2, 1, 1, 2, 1, "ranked"),
        ("C", None, None, None, None, None, None, None, "x"),
    ]
    assert frame["unit_name"].to_list() == ["甲", "乙", "丙"]
    asked = [p for name, p in run_.calls if name == "rankings"]
    assert all(p["draws"] == 0 and p["max_missing"] == 0.3 for p in asked)  # no rank ranges


def test_differ_counts_a_missing_value_on_one_side_only():
    frame = pl.DataFrame(
        {
            "value": [1.0, 1.0, None, None, 2.0],
            "value_now": [1.0 + 1e-12, 1.1, None, 3.0, None],
            "rank": [1, 1, None, 2, 2],
            "rank_now": [1, 2, None, None, 2],
        }
    )
    assert frame.select(differ("value", "value_now"))["value"].to_list() == [
        False,  # the same figure to 1e-9
        True,
        False,
        True,
        True,
    ]
    assert frame.select(differ("rank", "rank_now"))["rank"].to_list() == [
        False,
        True,
        False,
        True,
        False,
    ]


def load_causes(rows: list[tuple[str, list[int], list[str]]]) -> pl.DataFrame:
    """The causes frame: (unit, its load ids, their labels) per row."""
    return pl.DataFrame(rows, schema=["unit_code", "load_ids", "labels"], orient="row")


def index_changes(rows: list[tuple[str, float, float, int]]) -> pl.DataFrame:
    """The changed frame: (unit, index published, index now, overdue findings, the same in
    both) per row, every unit ranked in both."""
    return pl.DataFrame(
        {
            "unit_code": [r[0] for r in rows],
            "value": [r[1] for r in rows],
            "value_now": [r[2] for r in rows],
            "status": ["ranked"] * len(rows),
            "status_now": ["ranked"] * len(rows),
            "overdue_open": [r[3] for r in rows],
            "overdue_open_now": [r[3] for r in rows],
            "previous_value": pl.Series([None] * len(rows), dtype=pl.Float64),  # no quarter before
            "previous_value_now": pl.Series([None] * len(rows), dtype=pl.Float64),
        }
    )


def test_a_unit_none_of_whose_rows_changed_is_moved_by_the_others_loads():
    causes = load_causes(
        [
            ("H1", [7], ["7 b.csv (loaded)"]),
            ("H2", [5, 7], ["5 a.csv (withdrawn)", "7 b.csv (loaded)"]),
        ]
    )
    # H1's index changed (80 → 82); H3's only its rank (its figures are the same)
    changed = index_changes([("H1", 80.0, 82.0, 1), ("H3", 75.0, 75.0, 0)])
    moved = moved_by_others(causes, changed)
    assert moved.sort("unit_code").rows() == [
        ("H1", [7], "7 b.csv (loaded)"),
        ("H3", [7], "7 b.csv (loaded)"),  # H2 did not change: its loads are not H3's causes
    ]


def test_a_unit_whose_figures_stayed_is_not_moved_by_its_own_load():
    """H3's own load 9 resent its rows unchanged: its rank moved by H1's load 7 alone."""
    causes = load_causes([("H1", [7], ["7 b.csv (loaded)"]), ("H3", [9], ["9 c.csv (loaded)"])])
    changed = index_changes([("H1", 80.0, 70.0, 0), ("H3", 75.0, 75.0, 2)])
    moved = moved_by_others(causes, changed)
    assert moved.sort("unit_code").rows() == [
        ("H1", [7], "7 b.csv (loaded)"),
        ("H3", [7], "7 b.csv (loaded)"),
    ]


@ON_FILE
def test_top_and_bottom_include_ties_at_the_edge(bureau):
    frame = run(bureau, "top_bottom", quarter=Q, n=1, draws=0)
    ends = list(zip(frame["unit_code"].to_list(), frame["end"].to_list(), strict=True))
    # top 1: H1; bottom 1: the worst rank is 3, shared by H2 and H3.
    assert ends == [("H1", "top"), ("H2", "bottom"), ("H3", "bottom")]


@ON_FILE
def test_rank_sensitivity(bureau):
    frame = run(bureau, "rank_sensitivity", quarter=Q)
    rows = {r["unit_code"]: r for r in frame.iter_rows(named=True)}
    # attainment: H1 1, T1 2, H2/H3 3. min–max: within-group scores; T1 is alone with its
    # values in 乡镇卫生院 -> 100 on both -> ties H1 at 1. Equal weights: T1 insufficient.
    assert rows["T1"]["rank_attainment"] == 2
    assert rows["T1"]["rank_minmax"] == 1
    assert rows["T1"]["rank_equal_weights"] is None
    assert rows["T1"]["rank_best"] == 1 and rows["T1"]["rank_worst"] >= 2
    assert rows["H1"]["rank_best"] == 1
    assert rows["T2"]["status"] == "insufficient_data"
    assert rows["T2"]["rank_best"] is None and rows["T2"]["largest_shift"] is None


def test_a_revisions_loads_are_said_with_their_files_and_one_the_reader_may_not_see_by_number():
    """A scoped reader's log lacks another district's load: it was said "9 ()"."""
    changed = pl.DataFrame({"load_ids": [[5, 9], [5]]})
    log = pl.DataFrame({"load_id": [5], "file_name": ["更正.csv"], "outcome": ["withdrawn"]})
    assert loads_in(changed, log, "zh").to_list() == [
        "5 更正.csv（已撤回）; 9",
        "5 更正.csv（已撤回）",
    ]
    assert loads_in(changed, log, "en").to_list() == [
        "5 更正.csv (withdrawn); 9",
        "5 更正.csv (withdrawn)",
    ]
