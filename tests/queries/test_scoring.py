"""Indicator values, targets, attainment, the civility index and rankings on the tiny bureau
(tests/queries/conftest.py). Every expected number is worked out in the comment beside it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from bureau_fixture import INDICATORS, A, B, build_bureau, insert

from charts.labels import fmt_signed
from etl.load import load_file
from etl.quarters import quarter_of, quarter_start, shift_quarter
from queries import run

Q = "2025Q3"


def by_unit(frame, column):
    return dict(zip(frame["unit_code"].to_list(), frame[column].to_list(), strict=True))


def values_of(con, indicator, quarter=Q, **kw):
    return run(con, "indicator_values", quarter=quarter, indicator_code=indicator, **kw)


def test_inspection_score_rate_is_score_over_max_with_items_as_n(bureau):
    frame = values_of(bureau, "inspection_score_rate")
    # H1: (9 + 10) / (10 + 10) = 0.95; H2, H3: (8 + 9) / 20 = 0.85; T1: 18 / 20 = 0.90
    assert by_unit(frame, "value") == pytest.approx({"H1": 0.95, "H2": 0.85, "H3": 0.85, "T1": 0.9})
    assert by_unit(frame, "n") == {"H1": 2, "H2": 2, "H3": 2, "T1": 2}


def test_overdue_open_findings_counts_findings_open_past_deadline_at_quarter_end(bureau):
    frame = values_of(bureau, "overdue_open_findings")
    # H1: its Q3 finding closed 2025-09-05, before 09-30 -> 0.
    # H2: one never closed, one closed 2025-10-10 (after quarter end) -> 2. H3: two open -> 2.
    # T1: no findings -> 0. T2 had no inspection in Q3 -> no value.
    assert by_unit(frame, "value") == {"H1": 0.0, "H2": 2.0, "H3": 2.0, "T1": 0.0}


def test_most_specific_target_wins_then_latest_from_quarter(bureau):
    frame = values_of(bureau, "inspection_score_rate")
    targets = by_unit(frame, "target")
    sources = by_unit(frame, "target_peer_group")
    # 三级医院 has its own target 0.95 (from 2025Q1); it beats the later 全部 0.92 (2025Q3).
    assert targets["H1"] == 0.95 and sources["H1"] == A
    # 乡镇卫生院 has none of its own: the latest 全部 target from ≤ 2025Q3 is 0.92.
    assert targets["T1"] == 0.92 and sources["T1"] == "全部"
    assert by_unit(frame, "target_from")["T1"] == "2025Q3"
    # In 2025Q2 the 2025Q3 target is not yet in force: 全部 0.90 from 2025Q1.
    earlier = values_of(bureau, "inspection_score_rate", quarter="2025Q2")
    assert by_unit(earlier, "target")["T1"] == 0.90


def test_attainment_higher_is_better_is_value_over_target_capped_at_100(bureau):
    frame = values_of(bureau, "inspection_score_rate")
    attainment = by_unit(frame, "attainment")
    assert attainment["H1"] == pytest.approx(100.0)  # 0.95 reaches 0.95
    assert attainment["H2"] == pytest.approx(89.473684)  # 100 × 0.85 / 0.95
    assert attainment["T1"] == pytest.approx(97.826087)  # 100 × 0.90 / 0.92
    assert by_unit(frame, "met") == {"H1": True, "H2": False, "H3": False, "T1": False}


def test_a_rate_equal_to_its_target_meets_it_despite_floating_point_sums(bureau):
    # T1's Q3 visit scores three items 9.2 of 10: 27.6 / 30 = 92%, exactly T1's target 0.92
    # (全部, from 2025Q3). Summed in floating point, 9.2 + 9.2 + 9.2 = 27.599999999999998, a
    # hair under it; the leader sees 92.0% against 92.0%: met, scoring 100, and counted so.
    bureau.execute("DELETE FROM inspections WHERE unit_code = 'T1' AND quarter = ?", [Q])
    items = ("服务态度", "环境卫生", "便民措施")
    insert(
        bureau,
        "inspections",
        [("T1", Q, date(2025, 8, 15), "巡查", item, 9.2, 10, None, None, None) for item in items],
        "unit_code, quarter, inspection_date, inspection_type, item, score, max_score, "
        "finding, rectify_by, rectified_on",
    )
    frame = values_of(bureau, "inspection_score_rate")
    assert by_unit(frame, "target")["T1"] == 0.92
    assert by_unit(frame, "met")["T1"] is True
    assert by_unit(frame, "attainment")["T1"] == 100.0


def test_attainment_lower_is_better_is_target_over_value(bureau):
    frame = values_of(bureau, "overdue_open_findings")
    attainment = by_unit(frame, "attainment")
    assert attainment["H1"] == pytest.approx(100.0)  # 0 ≤ target 1
    assert attainment["H2"] == pytest.approx(50.0)  # 100 × 1 / 2


def test_attainment_lower_is_better_with_target_zero(bureau):
    # A newer, more specific target of 0 for 三级医院: score = 100 / (1 + value − 0).
    insert(
        bureau,
        "targets",
        [("overdue_open_findings", A, "2025Q3", 0.0)],
        "indicator_code, peer_group, from_quarter, target",
    )
    attainment = by_unit(values_of(bureau, "overdue_open_findings"), "attainment")
    assert attainment["H1"] == pytest.approx(100.0)  # value 0 meets target 0
    assert attainment["H2"] == pytest.approx(100 / 3)  # 100 / (1 + 2)
    assert attainment["T1"] == pytest.approx(100.0)  # 乡镇卫生院 keeps the 全部 target 1


def test_wilson_interval_matches_independent_arithmetic(bureau):
    frame = values_of(bureau, "outpatient_satisfaction")
    low, high = by_unit(frame, "ci_low"), by_unit(frame, "ci_high")
    # 80/100, z = 1.959964: z²/n = 0.0384146; centre = (0.8 + 0.0192073) / 1.0384146 = 0.788901;
    # half = 1.959964 × √(0.8·0.2/100 + 3.841459/40000) / 1.0384146
    #      = 1.959964 × 0.0411834 / 1.0384146 = 0.077733  ->  (0.71117, 0.86663)
    assert low["H2"] == pytest.approx(0.71117, abs=2e-5)
    assert high["H2"] == pytest.approx(0.86663, abs=2e-5)
    # 45/50: z²/n = 0.0768292; centre = (0.9 + 0.0384146) / 1.0768292 = 0.871460;
    # half = 1.959964 × √(0.0018 + 0.00038415) / 1.0768292 = 0.085063 -> (0.78640, 0.95652)
    assert low["T2"] == pytest.approx(0.78640, abs=2e-5)
    assert high["T2"] == pytest.approx(0.95652, abs=2e-5)
    assert by_unit(frame, "n")["T2"] == 50
    counts = values_of(bureau, "overdue_open_findings")
    assert counts["ci_low"].null_count() == counts.height  # a count has no Wilson interval


def test_civility_index_is_weighted_mean_of_the_scores_a_unit_has(bureau):
    frame = run(bureau, "civility_index", quarter=Q)
    index, covered = by_unit(frame, "civility_index"), by_unit(frame, "weight_covered")
    assert index["H1"] == pytest.approx(100.0)  # every indicator met
    # H2: 0.5 × 89.473684 + 0.3 × (100 × 0.8/0.9 = 88.888889) + 0.2 × 50 = 81.403509
    assert index["H2"] == pytest.approx(81.403509)
    assert index["H3"] == pytest.approx(81.403509)
    # T1 has no survey: (0.5 × 97.826087 + 0.2 × 100) / 0.7 = 98.447205; covers 0.7 of the weight
    assert index["T1"] == pytest.approx(98.447205)
    assert covered["T1"] == pytest.approx(0.7)


def test_missing_more_than_30_percent_of_weight_is_insufficient_not_ranked(bureau):
    frame = run(bureau, "civility_index", quarter=Q)
    status = by_unit(frame, "status")
    # T2 has only the survey (weight 0.3, missing 0.7) -> insufficient_data.
    assert status["T2"] == "insufficient_data"
    # T1 misses exactly 0.3: "more than 30%" is not reached -> ranked.
    assert status["T1"] == "ranked"
    strict = run(bureau, "civility_index", quarter=Q, max_missing=0.25)
    assert by_unit(strict, "status")["T1"] == "insufficient_data"
    ranking = run(bureau, "rankings", quarter=Q, draws=0)
    t2 = ranking.filter(ranking["unit_code"] == "T2").row(0, named=True)
    assert t2["rank"] is None and t2["insufficient"] is True
    assert ranking["unit_code"].to_list()[-1] == "T2"  # shown after the ranked units


def test_peer_group_ranking_ties_share_a_rank_and_show_change(bureau):
    frame = run(bureau, "rankings", quarter=Q, peer_group=A, draws=0)
    # 2025Q3: H1 100 -> 1; H2 = H3 = 81.40 -> both 2 (competition ranking).
    assert by_unit(frame, "rank") == {"H1": 1, "H2": 2, "H3": 2}
    assert by_unit(frame, "value") == {"H1": 100.0, "H2": 81.4, "H3": 81.4}
    # 2025Q2: H2 = 100 (all met) -> 1; H1 = 0.5 × (100 × 0.8/0.95 = 84.210526) + 0.3 × 100
    #   + 0.2 × 100 = 92.105263 -> 2; H3 had no data then.
    assert by_unit(frame, "previous_rank") == {"H1": 2, "H2": 1, "H3": None}
    assert by_unit(frame, "previous_value")["H1"] == pytest.approx(92.11)
    assert by_unit(frame, "rank_change") == {"H1": 1, "H2": -1, "H3": None}
    assert frame["units_ranked"].to_list() == [3, 3, 3]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rule, not the store
def test_an_index_ending_in_5_is_shown_and_ranked_rounded_half_up(con):
    """Trial (session 57): one indicator of weight 1, public satisfaction (a 0–100 score)
    against 100: each index is the score. 64.085 (a DOUBLE just below it) was ranked as 64.08,
    behind a unit at 64.09; 四舍五入 it is 64.09 (docs/METHOD.md §4): the two tie for second."""
    files = {
        "units.csv": "单位编码,单位名称,区县,单位类别,职工人数\n"
        "S1,甲医院,城关区,二级医院,100\nS2,乙医院,城关区,二级医院,100\n"
        "S3,丙医院,七里河区,二级医院,100\n",
        "system.csv": "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,"
        "from_quarter,target\npublic_satisfaction,社会公众满意度,Public satisfaction,survey,"
        "higher,1,number,全部,2025Q1,100\n",
        "surveys.csv": "单位编码,季度,调查类型,样本量,满意人数,满意度得分\n"
        "S1,2025Q3,公众,100,,64.085\nS2,2025Q3,公众,100,,64.09\nS3,2025Q3,公众,100,,70\n",
    }
    for name, text in files.items():
        result = load_file(con, text.encode(), name, today=date(2025, 11, 1))
        assert result.outcome == "loaded", result.problems
    frame = run(con, "rankings", quarter=Q, peer_group="二级医院", draws=0)
    assert by_unit(frame, "value") == {"S1": 64.09, "S2": 64.09, "S3": 70.0}
    assert by_unit(frame, "rank") == {"S1": 2, "S2": 2, "S3": 1}
    history = run(con, "rank_history", unit_code="S1").filter(quarter=Q)
    assert history.select("rank", "overall_rank").row(0) == (2, 2)


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store
def test_a_rank_change_is_the_difference_of_the_ranks_shown(bureau):
    """T2 sends a perfect 2025Q2 (inspection 10/10, 40 of 40 outpatients satisfied, nothing
    overdue: 100) and too little in 2025Q3 to be ranked. Overall ranks 2025Q2: H2 = T1 = T2
    100 -> 1, H1 92.11 -> 4; 2025Q3: H1 1, T1 2, H2 = H3 3. Each change is the two ranks shown
    beside it: H1 4 -> 1 is +3 (a reader checks 4 − 1; T2 leaving the ranking is part of it)."""
    inspection = "单位编码,检查日期,检查类型,检查项目,得分,满分\n"
    inspection += "T2,2025-05-15,巡查,环境卫生,10,10\n"
    survey = "单位编码,季度,调查类型,样本量,满意人数\nT2,2025Q2,门诊,40,40\n"
    for name, text in (("t2_insp.csv", inspection), ("t2_survey.csv", survey)):
        assert load_file(bureau, text.encode(), name).outcome == "loaded"
    frame = run(bureau, "rankings", quarter=Q, draws=0)
    assert by_unit(frame, "previous_rank") == {"H1": 4, "T1": 1, "H2": 1, "H3": None, "T2": 1}
    assert by_unit(frame, "rank_change") == {"H1": 3, "T1": -1, "H2": -2, "H3": None, "T2": None}
    movers = run(bureau, "movers", quarter=Q, n=5)  # the same places, since_rank as it was
    assert by_unit(movers, "since_rank") == {"H1": 4, "T1": 1, "H2": 1}
    assert by_unit(movers, "rank_change") == {"H1": 3, "T1": -1, "H2": -2}
    # the unit profile's history says the same: overall H1 +3, H2 1 -> 3 = −2; in 三级医院
    # (T2 is not in it) H1 2 -> 1, H2 1 -> 2
    h1, h2 = (run(bureau, "rank_history", unit_code=u).filter(quarter=Q) for u in ("H1", "H2"))
    assert h1.select("overall_rank", "overall_rank_change", "rank_change").row(0) == (1, 3, 1)
    assert h2.select("overall_rank", "overall_rank_change", "rank_change").row(0) == (3, -2, -1)


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store
def test_a_quarter_under_way_gives_ranks_but_no_rank_change(bureau):
    """H1 and H2 inspected and surveyed last quarter and this one (under way, today): H1 10/10
    then 8/10, H2 8/10 then 10/10, 90 of 100 outpatients satisfied each time. This quarter H2
    is first and H1 second, last quarter the other way round; the change is not given while
    the quarter's files are still coming in (METHOD §5), on the rankings and the profile."""
    today = date.today()
    now = quarter_of(today)
    before = shift_quarter(now, -1)
    then = quarter_start(before) + timedelta(days=10)
    inspection = "单位编码,检查日期,检查类型,检查项目,得分,满分\n" + "".join(
        f"{unit},{day},巡查,环境卫生,{score},10\n"
        for unit, day, score in (
            ("H1", then, 10),
            ("H2", then, 8),
            ("H1", today, 8),
            ("H2", today, 10),
        )
    )
    survey = "单位编码,季度,调查类型,样本量,满意人数\n" + "".join(
        f"{unit},{quarter},门诊,100,90\n" for unit in ("H1", "H2") for quarter in (before, now)
    )
    for name, text in (("insp.csv", inspection), ("survey.csv", survey)):
        assert load_file(bureau, text.encode(), name).outcome == "loaded"
    frame = run(bureau, "rankings", quarter=now, peer_group=A, draws=0)
    assert by_unit(frame, "rank") == {"H1": 2, "H2": 1, "H3": None}
    assert by_unit(frame, "previous_rank") == {"H1": 1, "H2": 2, "H3": None}
    assert by_unit(frame, "rank_change") == {"H1": None, "H2": None, "H3": None}
    history = run(bureau, "rank_history", unit_code="H1").filter(quarter=now)
    assert history.select("rank", "rank_change", "overall_rank_change").row(0) == (2, None, None)
    # nor the bureau's: its index and attainment this quarter hold the units reported so far
    head = run(bureau, "bureau_headline", quarter=now, peer_group=A).row(0, named=True)
    assert head["previous_bureau_index"] is not None and head["bureau_index"] is not None
    assert (head["index_change"], head["attainment_change"]) == (None, None)


def test_overall_ranking_puts_all_peer_groups_together(bureau):
    frame = run(bureau, "rankings", quarter=Q, draws=0)
    # H1 100, T1 98.45, H2 = H3 81.40, T2 insufficient.
    assert by_unit(frame, "rank") == {"H1": 1, "T1": 2, "H2": 3, "H3": 3, "T2": None}
    assert frame["unit_code"].to_list()[:2] == ["H1", "T1"]


def test_ranking_by_a_lower_is_better_indicator_puts_smallest_first(bureau):
    frame = run(bureau, "rankings", quarter=Q, indicator_code="overdue_open_findings", draws=0)
    # H1 0, T1 0 -> 1, 1; H2 2, H3 2 -> 3, 3; T2 has no value -> insufficient.
    assert by_unit(frame, "rank") == {"H1": 1, "T1": 1, "H2": 3, "H3": 3, "T2": None}


def test_minmax_and_zscore_within_peer_group(bureau):
    minmax = by_unit(
        run(bureau, "civility_index", quarter=Q, peer_group=A, normalisation="minmax"),
        "civility_index",
    )
    # Each indicator: H1 is best (0.95 / 0.90 / 0 overdue), H2 and H3 worst -> 100 vs 0.
    assert minmax == pytest.approx({"H1": 100.0, "H2": 0.0, "H3": 0.0})
    zscore = by_unit(
        run(bureau, "civility_index", quarter=Q, peer_group=A, normalisation="zscore"),
        "civility_index",
    )
    # inspection: mean 0.883333, population sd √((0.066667² + 2 × 0.033333²)/3) = 0.047140;
    # H1 z = 0.066667 / 0.047140 = 1.414214 -> 50 + 10z = 64.142136; H2 z = −0.707107 -> 42.928932.
    # The other two indicators have the same shape (overdue reversed: lower is better).
    assert zscore == pytest.approx({"H1": 64.142136, "H2": 42.928932, "H3": 42.928932})


def test_equal_weights(bureau):
    frame = run(bureau, "civility_index", quarter=Q, weighting="equal")
    index = by_unit(frame, "civility_index")
    # H2: (89.473684 + 88.888889 + 50) / 3 = 76.120858
    assert index["H2"] == pytest.approx(76.120858)
    # T1 has 2 of 3 equally weighted indicators: covers 0.667 < 0.7 -> insufficient.
    assert by_unit(frame, "status")["T1"] == "insufficient_data"


def test_indicator_without_definition_is_reported_and_left_out(bureau):
    insert(
        bureau,
        "indicators",
        [("mystery_rate", "神秘率", "Mystery", "survey", "higher", 1.0, "rate")],
        "indicator_code, name_zh, name_en, domain, direction, weight, unit",
    )
    listed = run(bureau, "indicators")
    assert by_code(listed, "has_definition") == {
        "inspection_score_rate": True,
        "outpatient_satisfaction": True,
        "overdue_open_findings": True,
        "mystery_rate": False,
    }
    # The index is unchanged: the undefined indicator's weight is not counted as missing.
    index = by_unit(run(bureau, "civility_index", quarter=Q), "civility_index")
    assert index["H2"] == pytest.approx(81.403509)


def by_code(frame, column):
    return dict(zip(frame["indicator_code"].to_list(), frame[column].to_list(), strict=True))


def with_on_time_rate(con) -> None:
    """rectification_on_time_rate, which has a definition file, added to the bureau's system
    (it is not in it yet)."""
    insert(
        con,
        "indicators",
        [
            (
                "rectification_on_time_rate",
                "按期整改率",
                "On-time",
                "inspection",
                "higher",
                0.0,
                "rate",
            )
        ],
        "indicator_code, name_zh, name_en, domain, direction, weight, unit",
    )


def test_a_new_indicator_needs_only_a_row_in_the_system(bureau):
    with_on_time_rate(bureau)
    frame = values_of(bureau, "rectification_on_time_rate")
    # Due in Q3: H1 (by 08-31, closed 09-05: late) -> 0/1; H2 2 due, none on time -> 0/2;
    # H3 2 due, none closed -> 0/2.  (H1's Q2 finding was due in Q2.)
    assert by_unit(frame, "value") == {"H1": 0.0, "H2": 0.0, "H3": 0.0}
    assert by_unit(frame, "n") == {"H1": 1, "H2": 2, "H3": 2}
    earlier = values_of(bureau, "rectification_on_time_rate", quarter="2025Q2")
    assert by_unit(earlier, "value") == {"H1": 1.0}  # by 06-09, closed 06-01


def test_a_finding_still_open_and_not_yet_due_is_no_missed_rectification(bureau):
    """Trial (session 57): in the quarter under way, an open finding due later was scored as
    rectified late (0 of 1), and cost the unit a quarter of its index. Inspected today, in
    the running quarter: H1's finding is due today and open (not decided: it may be closed
    today); H2's is due today and closed today (on time: 1 of 1)."""
    with_on_time_rate(bureau)
    today = date.today()
    running = quarter_of(today)
    columns = (
        "unit_code, quarter, inspection_date, inspection_type, item, score, max_score, finding, "
        "rectify_by, rectified_on"
    )
    insert(
        bureau,
        "inspections",
        [
            ("H1", running, today, "暗访", "服务态度", 8, 10, "态度生硬", today, None),
            ("H2", running, today, "暗访", "服务态度", 8, 10, "公示不全", today, today),
        ],
        columns,
    )
    frame = values_of(bureau, "rectification_on_time_rate", quarter=running)
    assert by_unit(frame, "value") == {"H2": 1.0}
    assert by_unit(frame, "n") == {"H2": 1}


def unit_counts(headline: dict) -> tuple[int, int, int, int]:
    """A bureau_headline row's units: in scope, assessed, ranked, short of data."""
    return tuple(headline[f"units_{c}"] for c in ("total", "assessed", "ranked", "insufficient"))


def test_bureau_headline(bureau):
    row = run(bureau, "bureau_headline", quarter=Q).row(0, named=True)
    assert unit_counts(row) == (5, 5, 4, 1)
    # (100 + 81.403509 + 81.403509 + 98.447205) / 4 = 90.313556
    assert row["bureau_index"] == pytest.approx(90.313556)
    # 2025Q2 ranked: H1 92.105263, H2 100, T1 100 (inspection 10/10 and 0 overdue; no survey).
    assert row["previous_bureau_index"] == pytest.approx((92.105263 + 100 + 100) / 3)
    # Pairs meeting their target in Q3: H1 3/3, H2 0/3, H3 0/3, T1 1/2, T2 1/1 -> 5/12
    assert row["attainment_rate"] == pytest.approx(5 / 12)
    # Q2: H1 2/3, H2 3/3, T1 2/2 -> 7/8
    assert row["previous_attainment_rate"] == pytest.approx(7 / 8)


def test_a_unit_without_any_value_is_not_counted_as_short_of_data(bureau):
    """X1, a tertiary hospital of the registry that sent nothing for the quarter: in the
    total, not assessed, and not among the units assessed but short of data (T2 only)."""
    columns = "unit_code, unit_name, district, peer_group, staff_count"
    insert(bureau, "units", [("X1", "新医院", "城关区", A, 300)], columns)
    row = run(bureau, "bureau_headline", quarter=Q).row(0, named=True)
    assert unit_counts(row) == (6, 5, 4, 1)


def test_attainment_rates_per_indicator(bureau):
    frame = run(bureau, "attainment_rates", quarter=Q)
    rates = by_code(frame, "attainment_rate")
    # inspection: only H1 of 4 meets; outpatient: H1 and T2 of 4; overdue: H1 and T1 of 4
    assert rates == pytest.approx(
        {
            "inspection_score_rate": 0.25,
            "outpatient_satisfaction": 0.5,
            "overdue_open_findings": 0.5,
        }
    )
    # the target the units counted are held to: the inspection's differs (0.95 for H1–H3 of
    # 三级医院, 0.92 for T1), so none, where the 全部 row's 0.92 was given for all four
    targets = by_code(frame, "target")
    assert targets["inspection_score_rate"] is None
    assert targets["outpatient_satisfaction"] == 0.90  # every unit's is the 全部 0.90
    tertiary = run(bureau, "attainment_rates", quarter=Q, peer_group=A)
    assert by_code(tertiary, "target")["inspection_score_rate"] == 0.95


def test_attainment_rates_by_target_count_the_units_held_to_each_target(bureau):
    frame = run(bureau, "attainment_rates", quarter=Q, by_target=True)
    rows = [
        (r["target"], r["peer_groups"], r["units_with_value"], r["units_meeting"])
        for r in frame.filter(frame["indicator_code"] == "inspection_score_rate").iter_rows(
            named=True
        )
    ]
    # T1 0.90 short of 0.92; of H1 0.95, H2 0.85, H3 0.85 only H1 reaches 0.95
    assert rows == [(0.92, [B], 1, 0), (0.95, [A], 3, 1)]


def test_movers_since_previous_quarter(bureau):
    frame = run(bureau, "movers", quarter=Q, n=5)
    # Ranked in both quarters: H1 92.105263 -> 100 (+7.894737), H2 100 -> 81.403509
    # (−18.596491), T1 100 -> 98.447205 (−1.552795): the changes of the unrounded indices,
    # not of the two-decimal ones shown (T1's 98.45 − 100 = −1.55 would be shown −1.5 or
    # −1.6 by the rounding, where −1.552795 is −1.6 under any).
    # Overall ranks Q2: H2 1, T1 1, H1 3; Q3: H1 1, T1 2, H2 3.
    assert frame["unit_code"].to_list() == ["H1", "H2", "T1"]
    assert frame["movement"].to_list() == ["improved", "declined", "declined"]
    assert frame["value_change"].to_list() == pytest.approx([7.894737, -18.596491, -1.552795])
    assert [fmt_signed(v) for v in frame["value_change"]] == ["+7.9", "−18.6", "−1.6"]
    assert frame["rank_change"].to_list() == [2, -2, -1]


def test_adding_an_indicator_row_changes_weights_not_code(tmp_path):
    from etl.db import connect

    con = connect(tmp_path / "two.duckdb")
    build_bureau(
        con, indicators=[INDICATORS[0]], targets=[("inspection_score_rate", "全部", "2025Q1", 0.90)]
    )
    index = by_unit(run(con, "civility_index", quarter=Q, peer_group=B), "civility_index")
    assert index == {"T1": pytest.approx(100.0), "T2": None}  # 0.90 meets 0.90; T2 no value
    con.close()


@pytest.mark.parametrize(
    ("code", "group", "expected"),
    [
        # 三级医院 have their own 0.95 (from 2025Q1); 乡镇卫生院 the 全部 target of 2025Q3, 0.92
        ("inspection_score_rate", "全部", []),
        ("inspection_score_rate", "三级医院", [0.95]),
        ("inspection_score_rate", "乡镇卫生院", [0.92]),
        ("outpatient_satisfaction", "全部", [0.90]),
        ("overdue_open_findings", "全部", [1.0]),
    ],
)
def test_common_target_is_the_one_target_all_units_shown_share(bureau, code, group, expected):
    found = run(bureau, "common_target", quarter="2025Q3", indicator_code=code, peer_group=group)
    assert found["target"].to_list() == pytest.approx(expected)


@pytest.mark.parametrize(
    ("code", "group", "since"),
    [
        # the 三级医院 row of 2025Q1 (0.95); the 全部 row raised from 2025Q3 (0.92); 全部 0.90
        # of 2025Q1, not raised
        ("inspection_score_rate", "三级医院", "2025Q1"),
        ("inspection_score_rate", "乡镇卫生院", "2025Q3"),
        ("outpatient_satisfaction", "全部", "2025Q1"),
    ],
)
def test_common_target_says_from_which_quarter_it_holds(bureau, code, group, since):
    """A leader ranking by an indicator is told which target applied: the row's quarter too,
    so that a target raised from this quarter on reads as such."""
    found = run(bureau, "common_target", quarter="2025Q3", indicator_code=code, peer_group=group)
    assert found["target_from"].to_list() == [since]


def test_an_index_of_too_little_of_the_weight_is_no_trend_point_nor_change(bureau):
    """T2 has only the survey in 2025Q3 (0.3 of the weight): its index is insufficient_data,
    so the unit profile draws no index point for it and rank_history gives no change."""
    history = run(bureau, "rank_history", unit_code="T2")
    q3 = history.filter(history["quarter"] == Q).row(0, named=True)
    assert (q3["status"], q3["rank"], q3["index_change"]) == ("insufficient_data", None, None)
    profile = run(bureau, "unit_profile", unit_code="T2")
    assert profile.filter(profile["indicator_code"] == "index").is_empty()
    # its survey is still there to see: 45 of 50 satisfied
    survey = profile.filter(profile["indicator_code"] == "outpatient_satisfaction")
    assert survey["value"].to_list() == pytest.approx([0.9])
