"""The dated registry (issue 10): a registry file that regroups a unit from a quarter leaves every
figure of the quarters before exactly as it was, and places the unit in its new group from that
quarter on; staff-based indicators use the staff count in force in each quarter.

The store is the tiny bureau of bureau_fixture.py (expected values worked out by hand there and
below), with one more indicator, volunteer hours per 100 staff, at weight 0 (so it leaves every
index of the bureau as it was), and T1's volunteer hours. The regrouping is loaded through the
real loader, on each store.
"""

from __future__ import annotations

import pytest
from bureau_fixture import INDICATORS, add_uploads, build_bureau

from etl.db import connect
from etl.load import load_file
from queries import Scope, run
from queries.cli import flat
from queries.indicator_cache import bypassed

VOLUNTEER = (
    "volunteer_hours_per_100_staff",
    "每百名职工志愿服务时长",
    "Volunteer hours per 100 staff",
    "activity",
    "higher",
    0.0,
    "number",
)
# unit, quarter, type, sessions, participants, volunteer hours: T1 (40 staff) gives 20 hours a
# quarter
ACTIVITIES = [
    ("T1", "2025Q2", "志愿服务", 2, 10, 20.0),
    ("T1", "2025Q3", "志愿服务", 2, 10, 20.0),
]
HEADER = "unit_code,unit_name,district,peer_group,staff_count,parent_code,from_quarter\n"
# T1, a township health centre in 榆中县 with 40 staff, becomes a tertiary hospital in 城关区
# with 50 staff from 2025Q3 (the quarter written as analysts write it)
REGROUP = HEADER + "T1,丁卫生院,城关区,三级医院,50,,2025年第3季度\n"
# the same row without from_quarter: it replaces T1's undated row, so it holds from the start
RESTATED = HEADER + "T1,丁卫生院,城关区,三级医院,50,,\n"
# T1 closed from 2025Q3 (撤销, written 关闭 as some bureaus do)
CLOSED_T1 = (
    "unit_code,unit_name,district,peer_group,staff_count,parent_code,from_quarter,status\n"
    "T1,丁卫生院,榆中县,乡镇卫生院,40,,2025Q3,关闭\n"
)
BEFORE, CHANGE = "2025Q2", "2025Q3"

# Every query that attributes units to a group or district for a quarter, for the quarter
# before the change (rankings with their simulated rank ranges, 400 draws).
EARLIER_FIGURES = [
    ("rankings", {"quarter": BEFORE}),
    ("rankings", {"quarter": BEFORE, "peer_group": "三级医院"}),
    ("rankings", {"quarter": BEFORE, "peer_group": "乡镇卫生院"}),
    ("rankings", {"quarter": BEFORE, "normalisation": "minmax"}),
    ("rankings", {"quarter": BEFORE, "indicator_code": "inspection_score_rate"}),
    ("civility_index", {"quarter": BEFORE}),
    ("index_series", {"from_quarter": BEFORE, "to_quarter": BEFORE}),
    ("indicator_values", {"quarter": BEFORE}),
    # (not z-scores: their parallel mean and deviation may differ in the last bit run to run)
    ("indicator_scores", {"quarter": BEFORE, "normalisation": "minmax"}),
    ("funnel", {"quarter": BEFORE, "indicator_code": "inspection_score_rate"}),
    ("funnel", {"quarter": BEFORE, "indicator_code": "outpatient_satisfaction"}),
    ("bureau_headline", {"quarter": BEFORE, "peer_group": "乡镇卫生院"}),
    ("attainment_rates", {"quarter": BEFORE, "peer_group": "乡镇卫生院"}),
    ("ledger", {"quarter": BEFORE}),
    # a district's units are those its latest row names (test_a_districts_units_…): 西固区's
    # are the same before and after T1 moves from 榆中县 to 城关区 (the by-district ledger and
    # the districts list count T1 for 城关区 from then on, in 2025Q2 too: tested there)
    ("ledger_totals", {"quarter": BEFORE, "district": "西固区"}),
    ("findings", {"quarter": BEFORE, "district": "西固区"}),
    ("completeness", {"quarter": BEFORE}),
    ("reporting_summary", {"quarter": BEFORE, "district": "西固区"}),
    ("outliers", {"quarter": BEFORE, "flagged_only": False}),
    ("units", {"quarter": BEFORE}),
    ("peer_groups", {"quarter": BEFORE}),
]
# Queries over every quarter: their rows of the earlier quarter
EARLIER_ROWS = [
    ("rank_history", {"unit_code": "T1"}),
    ("unit_profile", {"unit_code": "T1"}),
    ("bureau_trend", {"peer_group": "乡镇卫生院"}),
]


@pytest.fixture
def dated_bureau(store):
    """The bureau with the volunteer indicator, on each store."""
    con = connect(store)
    con.execute("BEGIN TRANSACTION")
    build_bureau(con, indicators=[*INDICATORS, VOLUNTEER], activities=ACTIVITIES)
    add_uploads(con)
    con.execute("COMMIT")
    yield con
    con.close()


def load_registry(con, text: str, name: str = "units_2025Q3.csv"):
    result = load_file(con, text.encode("utf-8"), name)
    assert result.outcome == "loaded", [str(p) for p in result.problems]
    return result


def figures(con) -> dict:
    found = {(name, str(params)): run(con, name, **params) for name, params in EARLIER_FIGURES}
    for name, params in EARLIER_ROWS:
        frame = run(con, name, **params)
        found[(name, str(params))] = frame.filter(frame["quarter"] == BEFORE)
    return found


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_the_quarter_before_a_regrouping_is_exactly_as_it_was(dated_bureau):
    before = figures(dated_bureau)
    load_registry(dated_bureau, REGROUP)
    after = figures(dated_bureau)
    for key, frame in before.items():
        assert frame.height > 0 or key[0] in ("findings",), key  # each query says something
        assert after[key].schema == frame.schema, key
        # byte for byte: the same rows, values and column types, printed in full precision
        # (lists as the command line prints them: attainment_rates names its peer groups)
        assert flat(after[key]).write_csv() == flat(frame).write_csv(), key
        assert after[key].equals(frame), key


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_from_the_quarter_of_the_change_the_unit_ranks_in_its_new_group(dated_bureau):
    load_registry(dated_bureau, REGROUP)
    ranking = run(dated_bureau, "rankings", quarter=CHANGE, peer_group="三级医院")
    # 2025Q3, tertiary hospitals (weights: inspection 0.5, outpatient 0.3, overdue 0.2):
    #   H1 inspection 19/20 = 0.95 (target 0.95 for 三级医院: 100), outpatient 0.90 (100),
    #      no overdue finding (100)                                       -> 100
    #   T1 inspection 18/20 = 0.90 against its new group's 0.95: 100 × 0.90 / 0.95 = 94.7368;
    #      no survey; overdue 0 (100); weight covered 0.7 ≥ 0.7, ranked:
    #      (0.5 × 94.7368 + 0.2 × 100) / 0.7 = 96.2406                 -> 96.24
    #   H2 inspection 17/20 = 0.85: 89.4737; outpatient 0.80: 88.8889; 2 overdue against a
    #      target of 1: 50 -> 0.5 × 89.4737 + 0.3 × 88.8889 + 0.2 × 50 = 81.4035 -> 81.40
    #   H3 the same figures as H2                                        -> 81.40
    assert ranking.select("unit_code", "peer_group", "district", "value", "rank").rows() == [
        ("H1", "三级医院", "城关区", 100.0, 1),
        ("T1", "三级医院", "城关区", 96.24, 2),
        ("H2", "三级医院", "城关区", 81.4, 3),
        ("H3", "三级医院", "西固区", 81.4, 3),
    ]
    assert ranking["units_ranked"].unique().to_list() == [4]
    # T1 was not in this group the quarter before: no previous rank to change from
    t1 = ranking.filter(ranking["unit_code"] == "T1").row(0, named=True)
    assert (t1["previous_rank"], t1["rank_change"]) == (None, None)
    # ... but a rank in its old group: it came from there, it is no new unit (the pack said 新)
    assert t1["previous_group"] == "乡镇卫生院"
    assert ranking.filter(ranking["unit_code"] != "T1")["previous_group"].to_list() == [None] * 3
    # in the ranking of all units it has its previous rank: nothing to say of its group
    overall = run(dated_bureau, "rankings", quarter=CHANGE, draws=0)
    assert overall["previous_group"].to_list() == [None] * overall.height
    # the group's index change is of four units, two of them ranked the quarter before (H3's
    # 2025Q2 is too little of the weight, bureau_fixture.py):
    # the headline says so (the pack then says the units ranked are not the same)
    head = run(dated_bureau, "bureau_headline", quarter=CHANGE, peer_group="三级医院").row(
        0, named=True
    )
    before = run(dated_bureau, "rankings", quarter=BEFORE, peer_group="三级医院", draws=0)
    assert sorted(before.filter(before["status"] == "ranked")["unit_code"]) == ["H1", "H2"]
    assert (head["units_ranked"], head["previous_units_ranked"], head["units_ranked_both"]) == (
        4,
        2,
        2,
    )
    # its old group has T2 alone: outpatient 45/50 covers 0.3 of the weight, not ranked
    township = run(dated_bureau, "rankings", quarter=CHANGE, peer_group="乡镇卫生院", draws=0)
    assert township.select("unit_code", "status").rows() == [("T2", "insufficient_data")]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_districts_and_history_follow_the_quarter(dated_bureau):
    load_registry(dated_bureau, REGROUP)
    by_district = run(dated_bureau, "ledger_by_district", quarter=CHANGE)
    # 2025Q3: 城关区 H1, H2 and (now) T1; 榆中县 T2; 西固区 H3
    assert dict(by_district.select("district", "units").rows()) == {
        "城关区": 3,
        "榆中县": 1,
        "西固区": 1,
    }
    history = run(dated_bureau, "unit_history", unit_code="T1")
    assert history.select(
        "from_quarter", "to_quarter", "district", "peer_group", "staff_count"
    ).rows() == [
        (None, "2025Q2", "榆中县", "乡镇卫生院", 40),  # from the beginning to 2025Q2
        ("2025Q3", None, "城关区", "三级医院", 50),  # from 2025Q3 on
    ]
    # without a quarter a list shows each unit's latest row; with one, the registry then
    latest = run(dated_bureau, "units")
    t1 = latest.filter(latest["unit_code"] == "T1")
    assert t1.select("peer_group", "staff_count").rows() == [("三级医院", 50)]
    then = run(dated_bureau, "units", quarter=BEFORE, peer_group="乡镇卫生院")
    assert then["unit_code"].to_list() == ["T1", "T2"]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_a_districts_units_are_those_its_latest_row_names_in_every_quarter(dated_bureau):
    """T1 moves from 榆中县 to 城关区 from 2025Q3. Its 2025Q2 reports were listed under 榆中县
    by the completeness view (the row in force then) but were 城关区's in 城关区's scope and
    pack (the latest row): one rule now, the latest row's, whichever way the district is
    chosen, while T1's rows still name the district it had then."""
    load_registry(dated_bureau, REGROUP)
    chosen = run(dated_bureau, "completeness", quarter=BEFORE, district="城关区")
    # H1, H2 of 城关区 and T1, now 城关区's: 3 units × 3 kinds of report
    assert sorted(set(chosen["unit_code"])) == ["H1", "H2", "T1"] and chosen.height == 9
    assert set(chosen.filter(chosen["unit_code"] == "T1")["district"]) == {"榆中县"}
    left = run(dated_bureau, "completeness", quarter=BEFORE, district="榆中县")
    assert sorted(set(left["unit_code"])) == ["T2"]
    counts = run(dated_bureau, "reporting_summary", quarter=BEFORE, district="城关区")
    assert counts["units_expected"].to_list() == [3, 3, 3]
    scoped = run(dated_bureau, "completeness", Scope(districts=("城关区",)), quarter=BEFORE)
    listed = run(dated_bureau, "completeness", quarter=BEFORE, districts=["城关区"])
    for other in (scoped, listed):
        assert sorted(set(other["unit_code"])) == ["H1", "H2", "T1"]
    # the tables by district count as the district parameter chooses: 城关区 H1, H2 and T1,
    # 榆中县 T2 alone, 西固区 H3, in 2025Q2 as in 2025Q3 (the row of 城关区 said 2 units, where
    # ledger_totals for 城关区 said 3)
    by_district = run(dated_bureau, "ledger_by_district", quarter=BEFORE)
    assert dict(by_district.select("district", "units").rows()) == {
        "城关区": 3,
        "榆中县": 1,
        "西固区": 1,
    }
    totals = run(dated_bureau, "ledger_totals", quarter=BEFORE, district="城关区")
    assert totals["units"].to_list() == [3]
    # the ledger's counts of 城关区's row are those of its totals, column for column
    row = by_district.filter(by_district["district"] == "城关区").drop("district")
    assert row.rows() == totals.select(row.columns).rows()
    districts = run(dated_bureau, "districts", quarter=BEFORE)
    assert dict(districts.rows()) == {"城关区": 3, "榆中县": 1, "西固区": 1}


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_per_100_staff_uses_the_staff_count_in_force_in_each_quarter(dated_bureau):
    load_registry(dated_bureau, REGROUP)
    values = {
        quarter: run(
            dated_bureau,
            "indicator_values",
            quarter=quarter,
            indicator_code="volunteer_hours_per_100_staff",
        )
        .select("unit_code", "value", "denominator")
        .rows()
        for quarter in (BEFORE, CHANGE)
    }
    # 20 hours a quarter: 100 × 20 / 40 staff = 50 in 2025Q2; 100 × 20 / 50 staff = 40 after
    assert values == {BEFORE: [("T1", 50.0, 40.0)], CHANGE: [("T1", 40.0, 50.0)]}


def test_the_regrouped_store_gives_the_same_figures_cached_and_uncached(dated_bureau):
    load_registry(dated_bureau, REGROUP)
    for quarter in (BEFORE, CHANGE):
        for group in ("全部", "三级医院", "乡镇卫生院"):
            params = {"quarter": quarter, "peer_group": group, "draws": 50}
            cached = run(dated_bureau, "rankings", **params)
            with bypassed():
                uncached = run(dated_bureau, "rankings", **params)
            assert cached.equals(uncached), params


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_an_undated_row_would_have_rewritten_the_past(dated_bureau):
    """The control: the same row without from_quarter replaces T1's undated row (one row left)
    and moves T1 in every quarter, so the first test above is not true by accident."""
    before = run(dated_bureau, "rankings", quarter=BEFORE, peer_group="乡镇卫生院")
    result = load_registry(dated_bureau, RESTATED)
    assert result.replaced == 1  # T1's undated row, kept in archive_units
    rows = dated_bureau.execute("SELECT from_quarter, peer_group FROM units WHERE unit_code = 'T1'")
    assert rows.fetchall() == [(None, "三级医院")]
    after = run(dated_bureau, "rankings", quarter=BEFORE, peer_group="乡镇卫生院")
    assert before["unit_code"].to_list() == ["T1", "T2"]
    # T1 left the group in every quarter, and T2 reported nothing in 2025Q2: no ranking then
    assert after["unit_code"].to_list() == []
    overall = run(dated_bureau, "rankings", quarter=BEFORE, draws=0)
    t1 = overall.filter(overall["unit_code"] == "T1")
    assert t1.select("peer_group", "district").rows() == [("三级医院", "城关区")]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_a_unit_closed_from_a_quarter_is_out_of_it_and_the_quarters_before_stay(dated_bureau):
    """T1 closed (撤销) from 2025Q3. Its 2025Q3 rows, two inspections and one activity, stay in
    the store but count nowhere, and the load says so. 2025Q2 stays exactly as it was; from
    2025Q3, T1 is in no list: not ranked, not missing a report, not a unit of its district."""
    before = figures(dated_bureau)
    closed = load_registry(dated_bureau, CLOSED_T1)
    assert [n.en.split(" counted ")[0] for n in closed.notes] == [
        "unit T1 is closed from 2025Q3 on but has 3 rows of data of those quarters,"
    ]
    after = figures(dated_bureau)
    for key, frame in before.items():
        assert after[key].equals(frame), key
    ranked = run(dated_bureau, "rankings", quarter=CHANGE, draws=0)
    assert sorted(ranked["unit_code"]) == ["H1", "H2", "H3", "T2"]
    missing = run(dated_bureau, "completeness", quarter=CHANGE)
    assert "T1" not in set(missing["unit_code"]) and "T2" in set(missing["unit_code"])
    districts = run(dated_bureau, "districts", quarter=CHANGE)
    assert dict(districts.rows()) == {"城关区": 2, "榆中县": 1, "西固区": 1}
    history = run(dated_bureau, "unit_history", unit_code="T1")
    assert history.select("from_quarter", "to_quarter", "status").rows() == [
        (None, "2025Q2", None),
        ("2025Q3", None, "撤销"),
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_the_profile_gives_no_group_rank_change_across_a_regrouping(dated_bureau):
    """The unit profile's rank history says what the Rankings page says: a unit regrouped from
    a quarter has no previous rank in its new group, so no rank change there (a 乡镇卫生院 rank
    of 2025Q2 compared with a 三级医院 rank of 2025Q3 means nothing); its overall rank, among
    every unit in both quarters, still has one."""
    load_registry(dated_bureau, REGROUP)
    history = run(dated_bureau, "rank_history", unit_code="T1")
    rows = history.select("quarter", "peer_group", "rank", "rank_change").rows()
    # 2025Q2: T1 is ranked among the township health centres (T2 sent nothing then: first of
    # one); 2025Q3: second of the four tertiary hospitals (see the test above)
    assert rows == [("2025Q2", "乡镇卫生院", 1, None), ("2025Q3", "三级医院", 2, None)]
    ranking = run(dated_bureau, "rankings", quarter=CHANGE, peer_group="三级医院", draws=0)
    t1 = ranking.filter(ranking["unit_code"] == "T1")
    assert t1["rank_change"].to_list() == [None]  # the same answer as the Rankings page
    overall = history.filter(history["quarter"] == CHANGE)
    assert overall["overall_rank_change"].null_count() == 0
