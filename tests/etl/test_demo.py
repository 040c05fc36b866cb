"""etl/demo.py: the seeded demo bureau. Its pieces are checked against what they promise
(peer-group shares, findings only below 8.5 points, files written the way units send them and
read back by the real reader), and a small demo is built through the real loader."""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl
import pytest
from etl_helpers import registry_of

from etl import demo
from etl.db import connect
from etl.read import read_file
from etl.validate import parse_and_check

TODAY = date(2026, 1, 15)  # the last complete quarter is 2025Q4


def test_last_complete_quarter():
    assert demo.last_complete_quarter(TODAY) == "2025Q4"
    assert demo.last_complete_quarter(date(2025, 7, 1)) == "2025Q2"
    assert demo.last_complete_quarter(date(2025, 12, 31)) == "2025Q3"


def test_peer_groups_follow_the_golden_ratio_through_the_shares():
    # position i × 0.618… mod 1 against the cumulative shares 0.10, 0.28, 0.58, 0.88, 1.00:
    # 0 → 0.000, 1 → 0.618, 2 → 0.236, 3 → 0.854, 4 → 0.472, 5 → 0.090
    groups = [demo.pick_peer_group(i, 6)[0] for i in range(6)]
    assert groups == [
        "三级医院",
        "社区卫生服务中心",
        "二级医院",
        "社区卫生服务中心",
        "乡镇卫生院",
        "三级医院",
    ]


def test_units_are_numbered_spread_over_districts_and_named_once():
    units = demo.make_units(random.Random(7), 30)
    assert [u.code for u in units[:3]] == ["U0001", "U0002", "U0003"]
    assert [u.district for u in units[:9]] == [*demo.DISTRICTS, "城关区"]
    assert len({u.name for u in units}) == 30
    assert [u.code for u in units if u.late_reporter] == ["U0010", "U0023"]  # i % 13 == 9
    assert units[7].trend == 0.08 and units[18].trend == 0.08  # i % 11 == 7: improving
    staff = {group: span for group, _, span in demo.PEER_GROUP_SHARES}
    assert all(staff[u.peer_group][0] <= u.staff <= staff[u.peer_group][1] for u in units)
    again = demo.make_units(random.Random(7), 30)
    assert [(u.code, u.name, u.staff) for u in again] == [(u.code, u.name, u.staff) for u in units]


def test_clamp_and_quality_over_time():
    assert (demo.clamp(1.5, 0, 1), demo.clamp(-1, 0, 1), demo.clamp(0.4, 0, 1)) == (1, 0, 0.4)
    unit = demo.DemoUnit("U1", "甲", "城关区", "三级医院", 100, 0.5, 0.1, False)
    assert demo.quality_at(unit, 0) == 0.5
    assert demo.quality_at(unit, 3) == pytest.approx(0.8)


def unit_of(group: str, quality: float) -> demo.DemoUnit:
    return demo.DemoUnit("U1", "甲", "城关区", group, 200, quality, 0.0, False)


def test_inspections_have_findings_exactly_below_eight_and_a_half_points():
    rng = random.Random(3)
    rows = [
        row
        for q in range(40)
        for row in demo.inspection_rows(rng, unit_of("三级医院", -1.5), "2025Q3", q, TODAY)
    ]
    assert rows
    for row in rows:
        assert date(2025, 7, 1) <= row["inspection_date"] <= date(2025, 9, 24)  # start + 0..85
        assert (row["finding"] is not None) == (row["score"] < 8.5)
        if row["finding"] is not None:
            assert row["rectify_by"] == row["inspection_date"] + timedelta(days=30)
        if row["rectified_on"] is not None:
            assert row["inspection_date"] < row["rectified_on"] <= TODAY
    assert any(r["finding"] for r in rows) and any(not r["finding"] for r in rows)


def test_no_inspection_lies_after_today():
    rows = demo.inspection_rows(random.Random(1), unit_of("三级医院", 0), "2026Q1", 0, TODAY)
    assert all(r["inspection_date"] <= TODAY for r in rows)


def test_surveys_by_kind_of_unit():
    rng = random.Random(5)
    community = [
        r
        for q in range(20)
        for r in demo.survey_rows(rng, unit_of("社区卫生服务中心", 0), "2025Q3", q)
    ]
    assert community and {r["survey_type"] for r in community} <= {"门诊", "公众"}  # no wards
    for row in community:
        if row["survey_type"] == "公众":
            assert row["satisfied"] is None and 40 <= row["score"] <= 100
        else:
            assert row["score"] is None and 0 <= row["satisfied"] <= row["respondents"]
    hospital = demo.survey_rows(random.Random(5), unit_of("三级医院", 0), "2025Q3", 0)
    assert all(300 <= r["respondents"] <= 1200 for r in hospital)


def test_activities_give_volunteer_hours_only_for_volunteering():
    rows = demo.activity_rows(random.Random(2), unit_of("乡镇卫生院", 0), "2025Q3", 0)
    assert 2 <= len(rows) <= 4
    for row in rows:
        assert (row["volunteer_hours"] is not None) == (row["activity_type"] == "志愿服务")
        assert row["sessions"] * 3 <= row["participants"] <= row["sessions"] * 15


def test_indicator_frame_raises_rate_targets_from_the_later_quarter():
    frame = demo.indicator_frame("2025Q1", "2025Q3")
    # per indicator: one 全部 row, its peer-group rows, and for a rate where higher is better
    # a 全部 row from the later quarter with the target 0.02 higher (at most 0.98):
    # 3 + 2 + 2 + 1 + 3 + 2 + 1 + 1 + 3 = 18
    assert frame.height == 18
    raised = frame.filter(pl.col("from_quarter") == "2025Q3").sort("indicator_code")
    assert raised.select("indicator_code", "target").rows() == [
        ("inpatient_satisfaction", 0.94),
        ("inspection_score_rate", 0.92),
        ("outpatient_satisfaction", 0.92),
        ("rectification_on_time_rate", 0.92),
        ("unannounced_score_rate", 0.87),
    ]
    township = frame.filter(pl.col("peer_group") == "乡镇卫生院").sort("indicator_code")
    assert township.select("indicator_code", "target").rows() == [
        ("outpatient_satisfaction", 0.88),
        ("public_benefit_sessions", 4.0),
    ]
    assert demo.indicator_frame("2025Q1", "2025Q1").height == 13  # nothing raised


SURVEYS = pl.DataFrame(
    {
        "unit_code": ["U0001", "U0002"],
        "quarter": ["2025Q3", "2025Q3"],
        "survey_type": ["门诊", "公众"],
        "respondents": [120, 80],
        "satisfied": [110, None],
        "score": [None, 91.5],
    }
)


@pytest.mark.parametrize(
    ("style", "suffix", "starts"),
    [
        (0, ".xlsx", b"PK"),  # an Excel workbook
        (1, ".csv", "标题".encode("gb18030")),  # GBK, a title row, Chinese headers
        (2, ".csv", b"\xef\xbb\xbfunit_code,"),  # UTF-8 with BOM, English headers
        (3, ".csv", "单位编码,".encode()),  # UTF-8, Chinese headers
    ],
)
def test_files_are_written_as_units_send_them_and_read_back(tmp_path, style, suffix, starts):
    path = demo.write_file(SURVEYS, "surveys", tmp_path / "s", style, "标题")
    assert path.suffix == suffix
    data = path.read_bytes()
    assert data.startswith(starts)
    raw = read_file(data, path.name)
    frame = parse_and_check(raw, TODAY, registry_of({"U0001", "U0002"}))
    assert raw.kind == "surveys"
    assert frame.select(SURVEYS.columns).rows() == SURVEYS.rows()


def test_units_grouped_by_district_or_all_at_once():
    units = demo.make_units(random.Random(1), 10)
    by_district = demo.group_units(units, per_district=True)
    assert [d for d, _ in by_district] == list(demo.DISTRICTS)  # 10 units reach all 8
    assert [len(m) for _, m in by_district] == [2, 2, 1, 1, 1, 1, 1, 1]
    assert demo.group_units(units, per_district=False) == [("全市", units)]


def test_a_small_demo_loads_through_the_loader(tmp_path):
    target = str(tmp_path / "demo.duckdb")
    summary = demo.build_demo(target, units=6, quarters=2, seed=9, today=TODAY)
    con = connect(target)
    facts = con.execute(
        "SELECT (SELECT count(*) FROM inspections) + (SELECT count(*) FROM surveys) "
        "+ (SELECT count(*) FROM activities)"
    ).fetchone()[0]
    assert summary.en == f"demo database {target}: 6 units, 2025Q3–2025Q4, {facts} fact rows"
    assert summary.zh == f"演示数据库 {target}：6 个单位，2025Q3–2025Q4，{facts} 行数据"
    assert con.execute("SELECT count(*) FROM units").fetchone() == (6,)
    quarters = con.execute("SELECT DISTINCT quarter FROM surveys ORDER BY 1").fetchall()
    assert quarters == [("2025Q3",), ("2025Q4",)]
    log = con.execute("SELECT DISTINCT loaded_by, outcome FROM upload_log ORDER BY ALL").fetchall()
    assert log == [("demo", "loaded")]  # every file passed the real checks
    # 6 units in 6 districts; each district sends inspections, surveys and activities per
    # quarter: 2 setup files (registry, indicator system) + 2 × 6 × 3 = 38 loads
    assert con.execute("SELECT count(*) FROM upload_log").fetchone() == (38,)
    con.close()


def test_the_demo_summary_writes_its_counts_as_the_pages_do():
    said = demo_built(units=80, rows=9023)
    assert said.en == "demo database d.duckdb: 80 units, 2023Q4–2026Q3, 9,023 fact rows"
    assert said.zh == "演示数据库 d.duckdb：80 个单位，2023Q4–2026Q3，9,023 行数据"
    one = demo_built(units=1, rows=1)
    assert one.en == "demo database d.duckdb: 1 unit, 2023Q4–2026Q3, 1 fact row"


def demo_built(units: int, rows: int):
    from etl.messages import msg

    return msg(
        "demo.built", store="d.duckdb", units=units, first="2023Q4", last="2026Q3", rows=rows
    )
