"""Dated registry and dated weights in the contracts and the loader (issue 10): from_quarter is
read in any quarter spelling, keys include it, and a load replaces only the rows of the same
from_quarter (an empty one meaning "from the beginning")."""

from __future__ import annotations

import pytest
from etl_helpers import load, parse, problems_of

from etl.load import withdraw

UNITS = "unit_code,unit_name,district,peer_group,staff_count,parent_code,from_quarter\n"
SYSTEM = (
    "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,target\n"
)
RATE = "inspection_score_rate,检查得分率,Inspection score rate,inspection,higher"


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_from_quarter_is_read_in_any_spelling_and_may_be_left_empty():
    frame = parse(
        UNITS
        + "T001,永登县红城镇中心卫生院,永登县,二级医院,50,,2025年第3季度\n"
        + "H002,七里河区人民医院,七里河区,二级医院,450,,2025-Q4\n"
        + "C001,城关区白银路街道社区卫生服务中心,城关区,社区卫生服务中心,60,,\n"
    )
    assert frame.select("unit_code", "from_quarter").rows() == [
        ("T001", "2025Q3"),
        ("H002", "2025Q4"),
        ("C001", None),
    ]


def test_a_registry_gives_the_day_a_change_took_effect_as_its_from_quarter(registry):
    """A registry system exports 生效日期 (the day a move or closure took effect), not a
    quarter: the column was ignored, so T001's merger was refused as lacking the quarter it
    was closed from, and H002's move, undated, held in every quarter. Read as 生效季度 is,
    each day is its quarter."""
    file = (
        "单位编码,机构名称,所属区县,机构类别,在岗职工数,状态,生效日期\n"
        "H002,七里河区人民医院,城关区,二级医院,450,在用,2025/10/1\n"
        "T001,永登县红城镇中心卫生院,永登县,乡镇卫生院,48,撤并,2026-01-01\n"
    )
    result = load(registry, file, "变更.csv")
    assert result.ok, result.problems
    assert rows(
        registry,
        "SELECT unit_code, district, from_quarter, status FROM units "
        "WHERE from_quarter IS NOT NULL ORDER BY unit_code",
    ) == [("H002", "城关区", "2025Q4", "在用"), ("T001", "永登县", "2026Q1", "撤并")]


def test_a_unit_may_have_a_row_per_from_quarter_but_not_two_for_the_same_one():
    ok = parse(
        UNITS
        + "T001,永登县红城镇中心卫生院,永登县,乡镇卫生院,48,,\n"
        + "T001,永登县红城镇中心卫生院,永登县,二级医院,50,,2025Q3\n"
    )
    assert ok.height == 2
    problems = problems_of(
        UNITS
        + "T001,永登县红城镇中心卫生院,永登县,二级医院,50,,2025Q3\n"
        + "T001,永登县红城镇中心卫生院,永登县,三级医院,50,,2025年三季度\n"
    )
    # row 3 repeats row 2's unit_code and (normalised) from_quarter
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "unit_code/from_quarter", "same as row 2")
    ]


def test_a_from_quarter_in_the_future_is_refused():
    # etl_helpers.TODAY is 2026-01-15: the current quarter is 2026Q1
    problems = problems_of(UNITS + "T001,永登县红城镇中心卫生院,永登县,二级医院,50,,2026Q2\n")
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "from_quarter", "2026Q2")]


def test_a_dated_row_goes_beside_the_undated_one_and_replaces_only_its_own(registry):
    # the registry fixture holds T001 undated: 乡镇卫生院, 48 staff
    first = load(registry, UNITS + "T001,永登县红城镇中心卫生院,永登县,二级医院,50,,2025Q3\n")
    assert (first.outcome, first.replaced) == ("loaded", 0)
    corrected = load(
        registry, UNITS + "T001,永登县红城镇中心卫生院,永登县,二级医院,55,,2025Q3\n", "fix.csv"
    )
    assert (corrected.outcome, corrected.replaced) == ("loaded", 1)  # the 2025Q3 row only
    assert rows(
        registry,
        "SELECT from_quarter, peer_group, staff_count FROM units WHERE unit_code = 'T001' "
        "ORDER BY from_quarter NULLS FIRST",
    ) == [(None, "乡镇卫生院", 48), ("2025Q3", "二级医院", 55)]
    # the replaced row is archived with its from_quarter, and withdrawing the correction
    # restores it
    assert rows(registry, "SELECT from_quarter, staff_count, replaced_by FROM archive_units") == [
        ("2025Q3", 50, corrected.load_id)
    ]
    withdraw(registry, corrected.load_id)
    assert rows(
        registry,
        "SELECT from_quarter, staff_count FROM units WHERE unit_code = 'T001' "
        "ORDER BY from_quarter NULLS FIRST",
    ) == [(None, 48), ("2025Q3", 50)]


def test_an_undated_restatement_replaces_the_undated_row_only(registry):
    load(registry, UNITS + "T001,永登县红城镇中心卫生院,永登县,二级医院,50,,2025Q3\n")
    restated = load(
        registry, UNITS + "T001,永登县红城镇中心卫生院,皋兰县,乡镇卫生院,49,,\n", "all.csv"
    )
    assert restated.replaced == 1
    assert rows(
        registry,
        "SELECT from_quarter, district, staff_count FROM units WHERE unit_code = 'T001' "
        "ORDER BY from_quarter NULLS FIRST",
    ) == [(None, "皋兰县", 49), ("2025Q3", "永登县", 50)]


def test_weights_may_differ_between_from_quarters_not_within_one():
    accepted = parse(
        SYSTEM + f"{RATE},0.5,rate,全部,2025Q1,0.9\n" + f"{RATE},0.3,rate,,2025Q3,\n",
        "system.csv",
    )
    assert accepted.select("from_quarter", "weight").rows() == [("2025Q1", 0.5), ("2025Q3", 0.3)]
    problems = problems_of(
        SYSTEM + f"{RATE},0.5,rate,全部,2025Q3,0.9\n" + f"{RATE},0.3,rate,三级医院,2025Q3,0.95\n",
        "system.csv",
    )
    # both rows hold from 2025Q3 with different weights: each is named
    assert [(p.row, p.column) for p in problems] == [(2, "weight"), (3, "weight")]


def test_an_indicator_system_load_replaces_only_its_from_quarters(registry):
    first = load(
        registry,
        SYSTEM + f"{RATE},0.5,rate,全部,2025Q1,0.9\n" + f"{RATE},0.5,rate,三级医院,2025Q1,0.95\n",
        "system.csv",
    )
    assert first.outcome == "loaded"
    later = load(registry, SYSTEM + f"{RATE},0.3,rate,全部,2025Q3,0.92\n", "from_q3.csv")
    assert (later.outcome, later.replaced) == ("loaded", 0)
    assert rows(registry, "SELECT from_quarter, weight FROM indicators ORDER BY 1") == [
        ("2025Q1", 0.5),
        ("2025Q3", 0.3),
    ]
    assert rows(registry, "SELECT peer_group, from_quarter, target FROM targets ORDER BY 2, 1") == [
        ("三级医院", "2025Q1", 0.95),
        ("全部", "2025Q1", 0.9),
        ("全部", "2025Q3", 0.92),
    ]
    # a correction of the 2025Q3 rows replaces that indicator row and that target only
    fixed = load(registry, SYSTEM + f"{RATE},0.35,rate,全部,2025Q3,0.93\n", "fix_q3.csv")
    assert fixed.replaced == 2  # one indicators row, one targets row
    assert rows(registry, "SELECT from_quarter, weight FROM indicators ORDER BY 1") == [
        ("2025Q1", 0.5),
        ("2025Q3", 0.35),
    ]


UNANNOUNCED = "unannounced_score_rate,暗访得分率,Unannounced score rate,inspection,higher"


def test_weights_that_no_longer_add_up_to_the_whole_are_said_with_the_largest_share(registry):
    """The index is a weighted mean (docs/METHOD.md, section 4): weights that add up to 1.15
    or 15.4 are not refused, but such a total is most often a mistake (15 written for 15%),
    and the load said nothing of it. The quarters before the file's stay out of the note."""
    whole = SYSTEM + f"{RATE},60%,rate,,,\n" + f"{UNANNOUNCED},0.4,rate,,,\n"
    loaded = load(registry, whole, "system.csv")
    assert (loaded.outcome, loaded.notes) == ("loaded", [])
    fifteen = SYSTEM + f"{RATE},15,rate,全部,2025Q3,\n"
    for dry_run in (True, False):  # the check says it before the load does
        notes = load(registry, fifteen, "from_q3.csv", dry_run=dry_run).notes
        # in force from 2025Q3: 15 + 0.4 = 15.4; 15 / 15.4 = 97.4%
        assert [n.zh for n in notes] == [
            "自 2025Q3 起计入文明指数的各指标权重合计为 15.4，不是 1（100%）：文明指数为加权平均，"
            "各指标在指数中所占比重为其权重 ÷ 15.4（检查得分率（inspection_score_rate） "
            "占 97.4%）；"
            "如有权重写错（如 15% 写成了 15），请改正（测评体系文件或“测评体系”页面）"
        ]
    undated = SYSTEM + f"{RATE},0.75,rate,,,\n"  # 0.75 + 0.4 = 1.15 from the start
    fixed = load(registry, undated, "fix.csv")
    assert fixed.outcome == "loaded"
    assert "weights counted in the index from the beginning add up to 1.15" in str(fixed.notes[0])
    # points of 100 are a whole too: 60 and 40, from 2025Q3 on
    points = SYSTEM + f"{RATE},60,rate,全部,2025Q3,\n" + f"{UNANNOUNCED},40,rate,全部,2025Q3,\n"
    loaded = load(registry, points, "points.csv")
    assert (loaded.outcome, loaded.notes) == ("loaded", [])


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_refused_system_file_says_its_weights_do_not_add_up_with_its_problems(registry):
    """An analyst fixed a refused file's peer group, loaded it again, and only then read that
    its weights add up to 15.4: two rounds for one file. The refusal says it too, in the
    words a load says it."""
    whole = SYSTEM + f"{RATE},60%,rate,,,\n" + f"{UNANNOUNCED},0.4,rate,,,\n"
    assert load(registry, whole, "system.csv").outcome == "loaded"
    typo = SYSTEM + f"{RATE},15,rate,乡镇卫生员,2025Q3,0.9\n"
    for dry_run in (True, False):
        refused = load(registry, typo, "typo.csv", dry_run=dry_run)
        assert refused.outcome == "rejected"
        assert [p.column for p in refused.problems] == ["peer_group"]
        # in force from 2025Q3: 15 + 0.4 = 15.4; 15 / 15.4 = 97.4%
        assert refused.summary() == (
            "typo.csv: rejected, 1 problem; nothing loaded; the weights counted in the index from "
            "2025Q3 add up to 15.4, not 1 (100%): the civility index is a weighted mean, so "
            "each indicator counts for its weight ÷ 15.4 (Inspection score rate "
            "(inspection_score_rate): 97.4%); if a weight is written wrong (15 for 15%), correct "
            "it (in the system's file or on the Indicator system page)"
        )
    # the largest share an indicator the file leaves as stored: named as stored
    lowered = load(registry, SYSTEM + f"{RATE},0.1,rate,全部,2025Q3,0.9\n", "low.csv", dry_run=True)
    assert "÷ 0.5（暗访得分率（unannounced_score_rate） 占 80.0%）" in lowered.notes[0].zh
    # a weight the refusal cannot read gives no total (it would leave that weight out)
    unread = SYSTEM + f"{RATE},十五,rate,全部,2025Q3,0.9\n"
    assert load(registry, unread, "unread.csv", dry_run=True).notes == []


def test_a_row_before_its_unit_is_registered_is_refused_as_counted_nowhere(registry):
    # N001 is registered from 2025Q3 (its only row); H001 from the beginning (fixture)
    assert load(registry, UNITS + "N001,新设社区卫生服务站,城关区,社区卫生服务中心,8,,2025Q3\n").ok
    surveys = "单位编码,季度,调查类型,样本量,满意人数\n"
    result = load(
        registry,
        surveys + "N001,2025Q2,门诊,40,36\nN001,2025Q3,门诊,40,37\nH001,2025Q1,门诊,100,90\n",
        "surveys.csv",
    )
    assert result.outcome == "rejected"
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (2, "季度 (quarter)", "2025Q2")
    ]
    assert result.problems[0].expected.startswith(
        "unit N001 is in the unit registry only from 2025Q3"
    )
    assert rows(registry, "SELECT count(*) FROM surveys") == [(0,)]
    # once the unit holds from an earlier quarter too, the same file loads
    assert load(registry, UNITS + "N001,新设社区卫生服务站,城关区,社区卫生服务中心,8,,2025Q1\n").ok
    again = load(
        registry,
        surveys + "N001,2025Q2,门诊,40,36\nN001,2025Q3,门诊,40,37\nH001,2025Q1,门诊,100,90\n",
        "surveys.csv",
    )
    assert again.outcome == "loaded" and again.rows == 3
