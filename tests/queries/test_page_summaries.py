"""The summaries the leaders' pages show (reporting completeness, ledger by district and in
total, the index over a range of quarters, a unit's activities, the age of open findings),
worked out by hand on the tiny bureau of bureau_fixture.py."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from bureau_fixture import INSPECTIONS, B, build_bureau, insert
from demo_templates import demo_copy

from etl.db import connect
from etl.load import load_file
from queries import run

Q = "2025Q3"


def by_key(frame, key, column):
    return dict(zip(frame[key].to_list(), frame[column].to_list(), strict=True))


def test_headline_reporting_rate(bureau):
    row = run(bureau, "bureau_headline", quarter=Q).row(0, named=True)
    # Q3: inspections from H1, H2, H3, T1 (4); surveys from H1, H2, H3, T2 (4); no activities.
    # 5 units × 3 kinds = 15 expected, 8 received -> 8 / 15
    assert (row["reports_expected"], row["reports_received"]) == (15, 8)
    assert row["reporting_rate"] == pytest.approx(8 / 15)
    # Q2: inspections H1, H2, T1; surveys H1, H2 -> 5 / 15
    q2 = run(bureau, "bureau_headline", quarter="2025Q2").row(0, named=True)
    assert q2["reporting_rate"] == pytest.approx(5 / 15)
    # 乡镇卫生院 (T1, T2) in Q3: T1's inspections and T2's survey -> 2 of 2 × 3 = 6
    town = run(bureau, "bureau_headline", quarter=Q, peer_group=B).row(0, named=True)
    assert (town["reports_expected"], town["reports_received"]) == (6, 2)
    # A quarter nobody reported for expects nothing: no rate rather than 0%.
    empty = run(bureau, "bureau_headline", quarter="2024Q3").row(0, named=True)
    assert (empty["reports_expected"], empty["reporting_rate"]) == (0, None)


def test_headline_rate_is_the_share_of_completeness_rows_reported(bureau):
    rows = run(bureau, "completeness", quarter=Q)
    head = run(bureau, "bureau_headline", quarter=Q).row(0, named=True)
    assert head["reporting_rate"] == pytest.approx(rows["reported"].mean())


def test_reporting_summary_per_kind(bureau):
    frame = run(bureau, "reporting_summary", quarter=Q)
    assert frame["kind"].to_list() == ["inspections", "surveys", "activities"]
    # inspections: T2 missing; surveys: T1 missing; activities: all 5 missing
    assert by_key(frame, "kind", "units_reported") == {
        "inspections": 4,
        "surveys": 4,
        "activities": 0,
    }
    assert by_key(frame, "kind", "units_missing") == {
        "inspections": 1,
        "surveys": 1,
        "activities": 5,
    }
    assert by_key(frame, "kind", "reporting_rate") == pytest.approx(
        {"inspections": 0.8, "surveys": 0.8, "activities": 0.0}  # 4/5, 4/5, 0/5
    )
    # 榆中县 = T1 and T2: one of two for inspections (T1) and surveys (T2)
    county = run(bureau, "reporting_summary", quarter=Q, district="榆中县")
    assert by_key(county, "kind", "units_expected") == {
        "inspections": 2,
        "surveys": 2,
        "activities": 2,
    }
    assert by_key(county, "kind", "units_reported") == {
        "inspections": 1,
        "surveys": 1,
        "activities": 0,
    }
    nobody = run(bureau, "reporting_summary", quarter="2024Q3")
    assert nobody["units_expected"].to_list() == [0, 0, 0]
    assert nobody["reporting_rate"].to_list() == [None, None, None]


def test_ledger_by_district(bureau):
    frame = run(bureau, "ledger_by_district", quarter=Q)
    # As at 09-30: 城关区 = H1 (2 closed, 1 on time) + H2 (2 open, both overdue);
    # 西固区 = H3 (2 open, both overdue); 榆中县 = T1, T2 (no findings).
    # Overdue 2, 2, 0; the tie ordered by district (城 U+57CE before 西 U+897F).
    assert frame["district"].to_list() == ["城关区", "西固区", "榆中县"]
    rows = {r["district"]: r for r in frame.iter_rows(named=True)}
    assert rows["城关区"] == {
        "district": "城关区",
        "units": 2,
        "open_findings": 2,
        "overdue_open": 2,
        "closed": 2,
        "closed_on_time": 1,
        "on_time_rate": 0.5,  # 1 / 2
        # issue 11: H1's two closed findings took 22 (05-10 -> 06-01) and 35 (08-01 -> 09-05)
        # days: (22 + 35) / 2 = 28.5
        "mean_days_to_close": 28.5,
    }
    assert (rows["西固区"]["units"], rows["西固区"]["open_findings"]) == (1, 2)
    assert rows["西固区"]["on_time_rate"] is None  # nothing closed
    assert rows["西固区"]["mean_days_to_close"] is None
    assert (rows["榆中县"]["units"], rows["榆中县"]["open_findings"]) == (2, 0)
    town = run(bureau, "ledger_by_district", quarter=Q, peer_group=B)
    assert town["district"].to_list() == ["榆中县"]


def test_a_closed_finding_without_a_deadline_is_on_time_in_the_ledger_as_in_its_list(bureau):
    """Trial (session 57): H1 also closes, on 09-10, a finding of 09-01 that had no deadline.
    The findings list called it closed on time; the ledger, counting by the deadline alone,
    did not, and its on-time rate disagreed with the list. As at 09-30, H1: 3 closed, 2 on
    time (its 05-10 finding closed before 06-09, and this one)."""
    columns = (
        "unit_code, quarter, inspection_date, inspection_type, item, score, max_score, finding, "
        "rectify_by, rectified_on"
    )
    row = ("H1", Q, date(2025, 9, 1), "暗访", "挂号窗口", 8, 10, "态度差", None, date(2025, 9, 10))
    insert(bureau, "inspections", [row], columns)
    listed = run(bureau, "findings", quarter=Q, units=["H1"])
    assert sorted(listed["status"].to_list()) == ["closed_late", "closed_on_time", "closed_on_time"]
    [h1] = run(bureau, "ledger", quarter=Q, units=["H1"]).rows(named=True)
    assert (h1["closed"], h1["closed_on_time"], h1["on_time_rate"]) == (3, 2, pytest.approx(2 / 3))
    total = run(bureau, "ledger_totals", quarter=Q).row(0, named=True)
    assert (total["closed"], total["closed_on_time"]) == (3, 2)


def test_ledger_by_district_sums_the_ledger(bureau):
    per_unit = run(bureau, "ledger", quarter=Q)
    summed = (
        per_unit.group_by("district")
        .agg(pl.len().alias("units"), pl.sum("open_findings", "overdue_open", "closed"))
        .sort("district")
    )
    frame = run(bureau, "ledger_by_district", quarter=Q).sort("district")
    assert frame.select(summed.columns).to_dicts() == summed.to_dicts()


def test_ledger_totals(bureau):
    row = run(bureau, "ledger_totals", quarter=Q).row(0, named=True)
    # 6 findings by 09-30: H1 2 (closed), H2 2 and H3 2 (open, overdue); 1 of 2 closed on time.
    assert row == {
        "units": 5,
        "findings_total": 6,
        "open_findings": 4,
        "overdue_open": 4,
        "closed": 2,
        "closed_on_time": 1,
        "on_time_rate": 0.5,
        "mean_days_to_close": 28.5,  # issue 11: (22 + 35) / 2, H1's two closed findings
    }
    # As at 06-30 only H1's Q2 finding exists, closed 06-01 before its deadline 06-09.
    q2 = run(bureau, "ledger_totals", quarter="2025Q2").row(0, named=True)
    assert (q2["findings_total"], q2["closed"], q2["on_time_rate"]) == (1, 1, 1.0)
    west = run(bureau, "ledger_totals", quarter=Q, district="西固区").row(0, named=True)
    assert (west["units"], west["open_findings"], west["closed"]) == (1, 2, 0)
    assert west["on_time_rate"] is None


def test_index_series_is_the_index_of_each_quarter(bureau):
    # either order of the ends; both quarters included
    frame = run(bureau, "index_series", from_quarter=Q, to_quarter="2025Q2")
    assert frame["quarter"].unique().sort().to_list() == ["2025Q2", Q]
    h2 = frame.filter(pl.col("unit_code") == "H2").sort("quarter")
    assert h2["civility_index"].to_list() == pytest.approx([100.0, 81.403509])
    for normalisation in ("attainment", "zscore"):
        series = run(
            bureau,
            "index_series",
            from_quarter="2025Q2",
            to_quarter=Q,
            normalisation=normalisation,
        )
        stacked = pl.concat(
            run(bureau, "civility_index", quarter=q, normalisation=normalisation)
            for q in ("2025Q2", Q)
        )
        assert series.sort("quarter", "unit_code").equals(stacked.sort("quarter", "unit_code"))
    only_q3 = run(bureau, "index_series", from_quarter=Q, to_quarter=Q, peer_group=B)
    assert sorted(only_q3["unit_code"].to_list()) == ["T1", "T2"]


@pytest.fixture
def active_bureau(tmp_path):
    """The tiny bureau plus activities with dates and one finding not yet due at 09-30."""
    con = connect(tmp_path / "active.duckdb")
    not_yet_due = (
        "T1",
        "2025Q3",
        date(2025, 9, 20),
        "巡查",
        "便民措施",
        9,
        10,
        "指引不清",
        date(2025, 10, 20),
        None,
    )
    build_bureau(con, inspections=[*INSPECTIONS, not_yet_due])
    con.executemany(
        "INSERT INTO activities (unit_code, quarter, activity_date, activity_type, sessions, "
        "participants, volunteer_hours, load_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
        [
            ("H1", "2025Q2", date(2025, 5, 3), "义诊", 2, 40, 6.0),
            ("H1", Q, date(2025, 7, 20), "健康讲座", 1, 30, None),
            ("H1", Q, date(2025, 9, 2), "义诊", 3, 90, 12.5),
            ("H2", Q, date(2025, 8, 8), "义诊", 1, 20, 4.0),
        ],
    )
    yield con
    con.close()


def test_unit_activities(active_bureau):
    frame = run(active_bureau, "unit_activities", unit_code="H1")
    # newest first: Q3 09-02, Q3 07-20, Q2 05-03; H2's activity is not H1's
    assert frame["activity_date"].to_list() == [
        date(2025, 9, 2),
        date(2025, 7, 20),
        date(2025, 5, 3),
    ]
    assert frame.row(0, named=True) == {
        "quarter": Q,
        "activity_date": date(2025, 9, 2),
        "activity_type": "义诊",
        "sessions": 3,
        "participants": 90,
        "volunteer_hours": 12.5,
    }
    q2 = run(active_bureau, "unit_activities", unit_code="H1", quarter="2025Q2")
    assert q2["sessions"].to_list() == [2]
    none = run(active_bureau, "unit_activities", unit_code="T2")
    assert none.is_empty() and "volunteer_hours" in none.columns


def test_findings_age_and_district(active_bureau):
    frame = run(active_bureau, "findings", quarter=Q, status="open")
    ages = {(r["unit_code"], r["inspection_date"]): r for r in frame.iter_rows(named=True)}
    # Age at 09-30: 07-05 -> 87 days (26 + 31 + 30), 07-06 -> 86 (closed 10-10: open then),
    # 07-10 -> 82, 07-11 -> 81, 09-20 -> 10.
    assert {k: r["days_open"] for k, r in ages.items()} == {
        ("H2", date(2025, 7, 5)): 87,
        ("H2", date(2025, 7, 6)): 86,
        ("H3", date(2025, 7, 10)): 82,
        ("H3", date(2025, 7, 11)): 81,
        ("T1", date(2025, 9, 20)): 10,
    }
    t1 = ages[("T1", date(2025, 9, 20))]
    # due 10-20, so open but not overdue: no days overdue yet
    assert (t1["status"], t1["days_overdue"]) == ("open", None)
    closed = run(active_bureau, "findings", quarter=Q, status="closed")
    assert closed["days_open"].to_list() == [None, None]  # H1's two closed findings
    west = run(active_bureau, "findings", quarter=Q, district="西固区")
    assert set(west["unit_code"]) == {"H3"} and west.height == 2


def test_finding_counts_per_status(active_bureau):
    frame = run(active_bureau, "finding_counts", quarter=Q)
    # At 09-30: H2 2 + H3 2 overdue; T1's finding due 10-20 open; H1 one late, one on time.
    assert frame.to_dicts() == [
        {"status": "overdue", "findings": 4},
        {"status": "open", "findings": 1},
        {"status": "closed_late", "findings": 1},
        {"status": "closed_on_time", "findings": 1},
    ]
    h1_q2 = run(active_bureau, "finding_counts", quarter="2025Q2", unit_code="H1")
    # At 06-30 only the Q2 finding: closed 06-01, due 06-09
    assert h1_q2["findings"].to_list() == [0, 0, 0, 1]


@pytest.mark.parametrize("quarter", ["2025Q2", Q, None])
def test_finding_counts_count_the_findings_list(active_bureau, quarter):
    listed = run(active_bureau, "findings", quarter=quarter)
    counts = run(active_bureau, "finding_counts", quarter=quarter)
    assert by_key(counts, "status", "findings") == {
        status: listed.filter(pl.col("status") == status).height
        for status in ("overdue", "open", "closed_late", "closed_on_time")
    }


def test_a_unit_that_sent_nothing_is_not_assessed_though_it_has_a_value(tmp_path_factory):
    """In the demo, findings of 2026Q3 fall due in 2026Q4; once 2026Q4 has an inspection,
    every unit with one has a rectification value in 2026Q4, whether or not it sent anything.
    Only U0001 sends a report of 2026Q4 (one inspection): one unit assessed (a trial saw 36
    assessed beside 10 ranked)."""
    path = tmp_path_factory.mktemp("assessed") / "demo.duckdb"
    demo_copy(tmp_path_factory, path, units=24, quarters=6, seed=3, today=date(2026, 10, 15))
    con = connect(path)
    inspection = "单位编码,检查日期,检查类型,检查项目,得分,满分\n"
    inspection += "U0001,2026-10-10,巡查,环境卫生,10,10\n"
    loaded = load_file(con, inspection.encode(), "q4.csv", today=date(2026, 11, 20))
    assert loaded.outcome == "loaded", loaded.problems
    # a target for the rate of findings rectified on time, so that their values meet or miss it
    row = con.execute(
        "SELECT indicator_code, name_zh, name_en, domain, direction, weight, unit "
        "FROM indicators WHERE indicator_code = 'rectification_on_time_rate' "
        "ORDER BY from_quarter DESC NULLS LAST LIMIT 1"
    ).fetchone()
    system = "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,"
    system += "from_quarter,target\n" + ",".join(map(str, row)) + ",全部,2026Q4,0.9\n"
    assert load_file(con, system.encode(), "target.csv", today=date(2026, 11, 20)).ok
    valued = run(con, "indicator_values", quarter="2026Q4")["unit_code"].n_unique()
    assert valued > 1  # units with a value but no report: the count below could be wrong
    head = run(con, "bureau_headline", quarter="2026Q4").row(0, named=True)
    assert (head["units_assessed"], head["units_ranked"]) == (1, 0)
    assert head["units_insufficient"] == 1  # U0001: one inspection is too little to rank
    # the attainment rate is U0001's alone (its 10/10 inspection meets the 全部 target); the
    # rectification values of the units that sent nothing count no more
    u1 = run(con, "indicator_values", quarter="2026Q4").filter(
        (pl.col("unit_code") == "U0001") & pl.col("met").is_not_null()
    )
    assert u1.height >= 1
    assert head["attainment_rate"] == pytest.approx(u1["met"].cast(pl.Int64).mean())
    trend = run(con, "bureau_trend")
    assert by_key(trend, "quarter", "units_assessed")["2026Q4"] == 1
    con.close()
