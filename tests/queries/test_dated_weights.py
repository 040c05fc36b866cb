"""Dated weights (issue 10): an indicator-system row with from_quarter sets the indicator's
weight from that quarter on, leaving every earlier index exactly as it was.

On the tiny bureau of bureau_fixture.py (weights: inspection score rate 0.5, outpatient
satisfaction 0.3, overdue open findings 0.2, all from the beginning), a file loaded through the
real loader sets the inspection score rate to 0.2 and outpatient satisfaction to 0.6 from
2025Q3; overdue open findings keeps 0.2 (the total stays 1.0).
"""

from __future__ import annotations

import polars as pl
import pytest

from etl.load import load_file
from queries import run
from queries.scope import Scope

SYSTEM = (
    "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,target\n"
    "inspection_score_rate,检查得分率,Inspection score rate,inspection,higher,0.2,rate,,2025Q3,\n"
    "outpatient_satisfaction,门诊患者满意度,Outpatient satisfaction,survey,higher,60%,rate,,"
    "2025年第3季度,\n"
)
BEFORE, CHANGE = "2025Q2", "2025Q3"
OVERDUE = "overdue_open_findings"
# overdue open findings retired (weight 0) from 2025Q3
RETIRED = SYSTEM.splitlines()[0] + (
    "\noverdue_open_findings,逾期未整改问题数,Overdue open findings,inspection,lower,0,count,,"
    "2025Q3,\n"
)


def load_weights(con, text: str = SYSTEM, name: str = "weights_2025Q3.csv"):
    result = load_file(con, text.encode("utf-8"), name, by="admin")
    assert result.outcome == "loaded", [str(p) for p in result.problems]
    return result


def test_earlier_indices_are_exactly_as_they_were(bureau):
    queries = {
        "index": ("civility_index", {"quarter": BEFORE}),
        "rankings": ("rankings", {"quarter": BEFORE}),
        "equal": ("rankings", {"quarter": BEFORE, "weighting": "equal", "draws": 0}),
        "values": ("indicator_values", {"quarter": BEFORE}),
        "scores": ("indicator_scores", {"quarter": BEFORE}),
        "system": ("indicators", {"quarter": BEFORE}),
    }
    before = {key: run(bureau, name, **params) for key, (name, params) in queries.items()}
    load_weights(bureau)
    for key, (name, params) in queries.items():
        after = run(bureau, name, **params)
        assert after.write_csv() == before[key].write_csv(), key  # byte for byte
        assert after.equals(before[key]), key


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules, not the store
def test_later_indices_use_the_new_weights(bureau):
    load_weights(bureau)
    index = run(bureau, "civility_index", quarter=CHANGE)
    got = {r["unit_code"]: r for r in index.iter_rows(named=True)}
    # 2025Q3 with weights inspection 0.2, outpatient 0.6, overdue 0.2 (total 1.0):
    # H1: 0.95 ≥ 0.95 (三级医院 target), 0.90 ≥ 0.90, no overdue finding: every score 100
    assert got["H1"]["civility_index"] == pytest.approx(100.0)
    # H2 (and H3, the same figures): inspection 17/20 = 0.85 -> 100 × 0.85 / 0.95 = 89.473684;
    # outpatient 0.80 -> 100 × 0.80 / 0.90 = 88.888889; 2 overdue, target 1 -> 50;
    # 0.2 × 89.473684 + 0.6 × 88.888889 + 0.2 × 50 = 17.894737 + 53.333333 + 10 = 81.228070
    for unit in ("H2", "H3"):
        assert got[unit]["civility_index"] == pytest.approx(81.228070175, abs=1e-8)
        assert (got[unit]["weight_covered"], got[unit]["status"]) == (1.0, "ranked")
    # T1: inspection 18/20 = 0.90 against 0.92 (全部, from 2025Q3) -> 97.826087; overdue 0 ->
    # 100; no survey: covers 0.2 + 0.2 = 0.4 of the weight (it covered 0.5 + 0.2 = 0.7 with
    # the old weights): insufficient data; (0.2 × 97.826087 + 0.2 × 100) / 0.4 = 98.913043
    assert got["T1"]["civility_index"] == pytest.approx(98.913043478, abs=1e-8)
    assert (got["T1"]["weight_covered"], got["T1"]["status"]) == (0.4, "insufficient_data")
    # T2: outpatient 45/50 = 0.90 -> 100, covering 0.6 < 0.7: insufficient data
    assert (got["T2"]["civility_index"], got["T2"]["weight_covered"]) == (100.0, 0.6)
    ranking = run(bureau, "rankings", quarter=CHANGE, draws=0)
    assert ranking.select("unit_code", "value", "rank").rows() == [
        ("H1", 100.0, 1),
        ("H2", 81.23, 2),
        ("H3", 81.23, 2),
        ("T1", 98.91, None),
        ("T2", 100.0, None),
    ]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules, not the store
def test_an_indicator_retired_by_weight_0_has_no_share_under_equal_weights(bureau):
    """An indicator is retired by setting its weight to 0 (it cannot be deleted); under equal
    weights (the Rankings page's choice, the robustness table's column) it still took a full
    share: overdue open findings, retired from 2025Q3, pulled H2's equal-weight index down."""
    load_weights(bureau, RETIRED, "retired_2025Q3.csv")
    index = run(bureau, "civility_index", quarter=CHANGE, weighting="equal")
    got = {r["unit_code"]: r["civility_index"] for r in index.iter_rows(named=True)}
    # H2 in 2025Q3: inspection 89.473684, outpatient 88.888889 (see the test above), overdue 50
    # no longer counted: (89.473684 + 88.888889) / 2 = 89.181287, not 76.120858 with it
    assert got["H2"] == pytest.approx(89.181287, abs=1e-6)
    # the table's weights, inspection 0.5 and outpatient 0.3 (the fixture's), overdue 0:
    # (0.5 × 89.473684 + 0.3 × 88.888889) / 0.8 = (44.736842 + 26.666667) / 0.8 = 89.254386
    table = run(bureau, "civility_index", quarter=CHANGE)
    assert table.filter(pl.col("unit_code") == "H2")["civility_index"].item() == pytest.approx(
        89.254386, abs=1e-6
    )


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules, not the store
def test_a_retired_indicator_is_not_assessed_in_any_attainment_or_count(bureau):
    """A retired indicator (weight 0 from 2025Q3) meets or misses no target from then: it is
    left out of the bureau's attainment rate (headline, trend, circular, pack), of the
    indicators' rates, and of the indicators a unit is assessed on; its values still show."""
    load_weights(bureau, RETIRED, "retired_2025Q3.csv")
    # 2025Q3, unit × indicator pairs with a value and a target, met or not (targets above):
    # H1 inspection 0.95 ≥ 0.95 met, outpatient 0.90 ≥ 0.90 met; H2, H3 inspection 0.85 and
    # outpatient 0.80 missed; T1 inspection 0.90 < 0.92 missed; T2 outpatient 0.90 met:
    # 3 met of 8 = 0.375. With overdue (H1 0 met, H2 2 and H3 2 > 1 missed, T1 0 met) it was
    # 5 of 12 = 0.416667.
    head = run(bureau, "bureau_headline", quarter=CHANGE)
    assert head["attainment_rate"].item() == pytest.approx(0.375)
    trend = run(bureau, "bureau_trend").filter(pl.col("quarter") == CHANGE)
    assert trend["attainment_rate"].item() == pytest.approx(0.375)
    # per indicator: inspection 1 of 4 (H1), outpatient 2 of 4 (H1, T2); overdue has no row
    rates = run(bureau, "attainment_rates", quarter=CHANGE)
    assert rates.select("indicator_code", "units_meeting", "units_with_target").rows() == [
        ("inspection_score_rate", 1, 4),
        ("outpatient_satisfaction", 2, 4),
    ]
    # 2 indicators assessed in 2025Q3 (3 in 2025Q2); H2 has a score for both of them
    index = run(bureau, "civility_index", quarter=CHANGE)
    h2 = index.filter(pl.col("unit_code") == "H2").row(0, named=True)
    assert (h2["indicators_scored"], h2["indicators_defined"]) == (2, 2)
    before = run(bureau, "civility_index", quarter=BEFORE)
    assert set(before["indicators_defined"]) == {3}
    # the retired indicator's values are still shown, with no met
    values = run(bureau, "indicator_values", quarter=CHANGE, indicator_code=OVERDUE)
    assert values.select("unit_code", "value", "met").sort("unit_code").rows() == [
        ("H1", 0.0, None),
        ("H2", 2.0, None),
        ("H3", 2.0, None),
        ("T1", 0.0, None),
    ]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules, not the store
def test_the_system_in_force_and_what_changed(bureau):
    loaded = load_weights(bureau)
    weights = {
        quarter: run(bureau, "indicators", quarter=quarter)
        .select("indicator_code", "weight", "from_quarter")
        .rows()
        for quarter in (BEFORE, CHANGE)
    }
    assert weights == {
        BEFORE: [
            ("inspection_score_rate", 0.5, None),
            ("overdue_open_findings", 0.2, None),
            ("outpatient_satisfaction", 0.3, None),
        ],
        CHANGE: [
            ("inspection_score_rate", 0.2, "2025Q3"),
            ("overdue_open_findings", 0.2, None),
            ("outpatient_satisfaction", 0.6, "2025Q3"),
        ],
    }
    changes = run(bureau, "indicator_changes", from_quarter=BEFORE, to_quarter=CHANGE)
    assert changes.select(
        "change", "indicator_code", "peer_group", "before", "after", "from_quarter", "loaded_by"
    ).rows() == [
        ("weight", "inspection_score_rate", "全部", 0.5, 0.2, CHANGE, "admin"),
        # the fixture's 全部 target of 0.92 from 2025Q3 (bureau_fixture.TARGETS, load 1)
        ("target", "inspection_score_rate", "全部", 0.9, 0.92, CHANGE, "analyst"),
        ("weight", "outpatient_satisfaction", "全部", 0.3, 0.6, CHANGE, "admin"),
    ]
    assert set(changes.filter(changes["change"] == "weight")["load_id"]) == {loaded.load_id}
    # the same system in both quarters: nothing to show
    assert run(bureau, "indicator_changes", from_quarter=BEFORE, to_quarter=BEFORE).is_empty()


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules, not the store
def test_a_district_reader_sees_the_weights_changed_as_the_bureau_does(bureau):
    # a weight holds for every unit: 榆中县's reader (乡镇卫生院 only) counts both weights, and
    # not the 全部 target's change alone (the trial's district count dropped weight rows)
    load_weights(bureau)
    changes = run(
        bureau,
        "indicator_changes",
        Scope(districts=("榆中县",)),
        from_quarter=BEFORE,
        to_quarter=CHANGE,
    )
    assert changes.select("change", "indicator_code", "peer_group").rows() == [
        ("weight", "inspection_score_rate", "全部"),
        ("target", "inspection_score_rate", "全部"),
        ("weight", "outpatient_satisfaction", "全部"),
    ]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules, not the store
def test_an_indicator_added_from_a_quarter_is_not_in_the_earlier_system(bureau):
    load_weights(
        bureau,
        "indicator_code,name_zh,name_en,domain,direction,weight,unit,from_quarter\n"
        "unannounced_score_rate,暗访得分率,Unannounced score rate,inspection,higher,0.5,rate,"
        "2025Q3\n",
        "new_indicator.csv",
    )
    assert (
        "unannounced_score_rate"
        not in run(bureau, "indicators", quarter=BEFORE)["indicator_code"].to_list()
    )
    q2 = run(bureau, "civility_index", quarter=BEFORE)
    # 2025Q2 still has three indicators in the system
    assert q2["indicators_defined"].unique().to_list() == [3]
    changes = run(bureau, "indicator_changes", from_quarter=BEFORE, to_quarter=CHANGE)
    added = changes.filter(changes["change"] == "indicator_added")
    assert added.select("indicator_code", "before", "after").rows() == [
        ("unannounced_score_rate", None, 0.5)
    ]
    # 2025Q3: four indicators (the new one has no target: no attainment score yet)
    q3 = run(bureau, "civility_index", quarter=CHANGE)
    assert q3["indicators_defined"].unique().to_list() == [4]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules, not the store
def test_a_definition_change_lists_each_field_with_its_values(bureau):
    # the page says each field in the reader's language (ui/indicator_system_view.py): the
    # query gives the field and its values as stored, not English text ("name_en: …")
    load_weights(
        bureau,
        "indicator_code,name_zh,name_en,domain,direction,weight,unit,from_quarter\n"
        "overdue_open_findings,逾期未整改问题数,Overdue findings,inspection,lower,0.2,number,"
        "2025Q3\n",
        "renamed.csv",
    )
    changes = run(bureau, "indicator_changes", from_quarter=BEFORE, to_quarter=CHANGE)
    definition = changes.filter(changes["change"] == "definition")
    renamed = {"field": "name_en", "before": "Overdue open findings", "after": "Overdue findings"}
    counted = {"field": "unit", "before": "count", "after": "number"}
    assert definition.select("indicator_code", "detail").rows() == [
        ("overdue_open_findings", [renamed, counted])
    ]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules, not the store
def test_a_retired_indicators_target_is_listed_as_not_assessed(bureau):
    """The Method page listed overdue open findings' target 1, retired from 2025Q3, as in force
    beside the targets units are held to: the query now says which targets are assessed."""
    load_weights(bureau, RETIRED, "retired_2025Q3.csv")
    # in force in 2025Q3 (bureau_fixture's targets; the file set none): inspection 全部 from
    # 2025Q3 0.92 and 三级医院 0.95, outpatient 全部 0.90, overdue 全部 1, retired (weight 0)
    got = run(bureau, "targets", quarter=CHANGE)
    assert got.select("indicator_code", "peer_group", "target", "assessed").rows() == [
        ("inspection_score_rate", "全部", 0.92, True),
        ("inspection_score_rate", "三级医院", 0.95, True),
        ("outpatient_satisfaction", "全部", 0.90, True),
        (OVERDUE, "全部", 1.0, False),
    ]
    # in 2025Q2 it still had its weight 0.2: every target assessed
    before = run(bureau, "targets", quarter=BEFORE)
    assert before["assessed"].to_list() == [True, True, True, True]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules, not the store
def test_a_retired_indicator_has_no_common_target(bureau):
    """Ranked by overdue open findings, retired from 2025Q3, the caterpillar drew its target 1
    as the line every unit is held to: no unit is held to it once retired."""
    load_weights(bureau, RETIRED, "retired_2025Q3.csv")
    assert run(bureau, "common_target", quarter=CHANGE, indicator_code=OVERDUE).is_empty()
    # in 2025Q2, weight 0.2: bureau_fixture's target 1 (全部, from 2025Q1) for every unit
    before = run(bureau, "common_target", quarter=BEFORE, indicator_code=OVERDUE)
    assert before.rows() == [(1.0, "2025Q1")]
