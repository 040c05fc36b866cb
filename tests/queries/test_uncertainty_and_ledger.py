"""Funnel limits, rank ranges, the rectification ledger and data quality on small hand-made data."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest
from bureau_fixture import INDICATORS, TARGETS, A, build_bureau
from scipy import stats

from etl.db import connect
from etl.load import load_file
from queries import run

Q = "2025Q3"


def by_unit(frame, column):
    return dict(zip(frame["unit_code"].to_list(), frame[column].to_list(), strict=True))


def test_funnel_limits_around_the_target(bureau):
    frame = run(bureau, "funnel", quarter=Q, indicator_code="outpatient_satisfaction", peer_group=A)
    h2 = frame.filter(frame["unit_code"] == "H2").row(0, named=True)
    assert h2["centre"] == 0.90 and h2["centre_kind"] == "target"

    # Exact binomial limits (the default since issue 11; the normal approximation before):
    # Spiegelhalter's interpolated quantiles of Binomial(100, 0.9) / 100, from scipy's cdf; an
    # upper limit walked from the top (u the largest count with P(R ≥ u) ≥ 1 − p).
    def walked(p):
        if p > 0.5:
            q, u = 1 - p, 0
            while stats.binom.sf(u, 100, 0.9) >= q:  # P(R ≥ u + 1) ≥ q
                u += 1
            at, above = stats.binom.sf(u - 1, 100, 0.9), stats.binom.sf(u, 100, 0.9)
            return (u + (at - q) / (at - above)) / 100
        r = 0
        while stats.binom.cdf(r, 100, 0.9) < p:
            r += 1
        f, below = stats.binom.cdf(r, 100, 0.9), stats.binom.cdf(r - 1, 100, 0.9)
        return (r - (f - p) / (f - below)) / 100

    expected = [walked(p) for p in (0.025, 0.975, 0.001, 0.999)]
    got = [h2[c] for c in ("lower95", "upper95", "lower998", "upper998")]
    assert got == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx([0.832281, 0.959619, 0.791643, 0.985821], abs=1e-6)
    # 0.80 is below the 95% limit but, exactly, inside the 99.8% one (0.791643); the normal
    # approximation put it below both. Three units are too few to test over-dispersion.
    assert by_unit(frame, "flag") == {"H1": "within", "H2": "below", "H3": "below"}
    assert by_unit(frame, "flag_998") == {"H1": "within", "H2": "within", "H3": "within"}
    assert (h2["adjustment"], h2["adjusted"], h2["phi"]) == ("none", False, None)


def test_normal_funnel_limits_around_the_target(bureau):
    frame = run(
        bureau,
        "funnel",
        quarter=Q,
        indicator_code="outpatient_satisfaction",
        peer_group=A,
        limits="normal",
    )
    h2 = frame.filter(frame["unit_code"] == "H2").row(0, named=True)
    # Target 0.90, n = 100: se = √(0.9 × 0.1 / 100) = 0.03
    # 95%: 0.9 ± 1.959964 × 0.03 = 0.9 ± 0.058799; 99.8%: 0.9 ± 3.090232 × 0.03 = 0.9 ± 0.092707
    assert (h2["lower95"], h2["upper95"]) == pytest.approx((0.841201, 0.958799), abs=1e-6)
    assert (h2["lower998"], h2["upper998"]) == pytest.approx((0.807293, 0.992707), abs=1e-6)
    # 0.80 < 0.807293: below even the 99.8% limit; H1 at 0.90 is within.
    assert by_unit(frame, "flag") == {"H1": "within", "H2": "below", "H3": "below"}
    assert by_unit(frame, "flag_998") == {"H1": "within", "H2": "below", "H3": "below"}


def test_funnel_around_the_pooled_mean(bureau):
    frame = run(
        bureau,
        "funnel",
        quarter=Q,
        indicator_code="outpatient_satisfaction",
        peer_group=A,
        centre="mean",
        limits="normal",
    )
    # (90 + 80 + 80) / 300 = 0.833333; se at n = 100: √(0.833333 × 0.166667 / 100) = 0.037268
    # 95%: 0.833333 ± 0.073044 -> (0.760289, 0.906377): everyone within.
    assert frame["centre"][0] == pytest.approx(0.833333, abs=1e-6)
    assert frame["upper95"][0] == pytest.approx(0.906377, abs=1e-6)
    assert set(frame["flag"]) == {"within"}


def test_funnel_curve_covers_the_units_n(bureau):
    curve = run(
        bureau, "funnel_limits", quarter=Q, indicator_code="outpatient_satisfaction", points=20
    )
    # n from max(2, 50/2 = 25) to 1.2 × 100 = 120; limits narrow as n grows.
    assert curve["n"].min() == 25 and curve["n"].max() == 120
    assert curve["upper95"].to_list() == sorted(curve["upper95"].to_list(), reverse=True)
    first = curve.row(0, named=True)
    # target 0.90 at n = 25, exact: F(19) = 0.033400 ≥ 0.025 > F(18) = 0.009476 for
    # Binomial(25, 0.9), so α = (0.033400 − 0.025) / (0.033400 − 0.009476) = 0.351116 and the
    # limit is (19 − 0.351116) / 25 = 0.745955 (normal approximation: 0.782402)
    f19, f18 = stats.binom.cdf(19, 25, 0.9), stats.binom.cdf(18, 25, 0.9)
    assert first["lower95"] == pytest.approx((19 - (f19 - 0.025) / (f19 - f18)) / 25, abs=1e-12)
    assert first["lower95"] == pytest.approx(0.745955, abs=1e-6)
    normal = run(
        bureau,
        "funnel_limits",
        quarter=Q,
        indicator_code="outpatient_satisfaction",
        points=20,
        limits="normal",
    )
    # 0.9 − 1.959964 × √(0.09/25) = 0.9 − 0.117598 = 0.782402
    assert normal["lower95"][0] == pytest.approx(0.782402, abs=1e-6)


def test_funnel_refuses_an_indicator_that_is_not_a_proportion(bureau):
    from queries import QueryError

    with pytest.raises(QueryError, match="overdue_open_findings"):
        run(bureau, "funnel", quarter=Q, indicator_code="overdue_open_findings")


def survey_bureau(tmp_path, rows):
    """Three 三级医院 units with only an outpatient survey each (satisfied, respondents)."""
    con = connect(tmp_path / "survey.duckdb")
    units = [(code, code, "城关区", A, 100) for code, _, _ in rows]
    surveys = [(code, Q, "门诊", n, s, None) for code, s, n in rows]
    build_bureau(
        con,
        units=units,
        indicators=[INDICATORS[1]],
        targets=[TARGETS[3]],
        inspections=[],
        surveys=surveys,
    )
    return con


def test_rank_ranges_are_narrow_for_big_samples_and_wide_for_small(tmp_path):
    big = survey_bureau(tmp_path, [("U1", 9000, 10000), ("U2", 8000, 10000), ("U3", 7000, 10000)])
    frame = run(big, "rankings", quarter=Q, indicator_code="outpatient_satisfaction")
    # Differences of 0.1 with standard errors near 0.004: the order never changes.
    assert by_unit(frame, "rank_low") == {"U1": 1, "U2": 2, "U3": 3}
    assert by_unit(frame, "rank_high") == {"U1": 1, "U2": 2, "U3": 3}
    big.close()
    small = survey_bureau(tmp_path / "s", [("U1", 9, 10), ("U2", 8, 10), ("U3", 7, 10)])
    frame = run(small, "rankings", quarter=Q, indicator_code="outpatient_satisfaction")
    # n = 10: Wilson intervals overlap widely; the middle unit could be first or last.
    assert (by_unit(frame, "rank_low")["U2"], by_unit(frame, "rank_high")["U2"]) == (1, 3)
    small.close()


def test_rank_ranges_are_seeded_and_contain_the_rank(bureau):
    first = run(bureau, "rankings", quarter=Q, draws=300, seed=7)
    again = run(bureau, "rankings", quarter=Q, draws=300, seed=7)
    assert first["rank_low"].to_list() == again["rank_low"].to_list()
    assert first["rank_high"].to_list() == again["rank_high"].to_list()
    ranked = first.filter(first["status"] == "ranked")
    for row in ranked.iter_rows(named=True):
        assert row["rank_low"] <= row["rank"] <= row["rank_high"]
    t2 = first.filter(first["unit_code"] == "T2").row(0, named=True)
    assert t2["rank_low"] is None and t2["rank_high"] is None


def test_ledger_counts_as_at_quarter_end(bureau):
    frame = run(bureau, "ledger", quarter=Q)
    rows = {r["unit_code"]: r for r in frame.iter_rows(named=True)}
    h1, h2, h3 = rows["H1"], rows["H2"], rows["H3"]
    # H1: Q2 finding closed on time (05-10 -> 06-01: 22 days), Q3 finding closed late
    # (08-01 -> 09-05: 35 days): 2 closed, 1 on time, mean (22 + 35) / 2 = 28.5 days.
    assert (h1["findings_total"], h1["open_findings"], h1["closed"], h1["closed_on_time"]) == (
        2,
        0,
        2,
        1,
    )
    assert h1["on_time_rate"] == 0.5 and h1["mean_days_to_close"] == 28.5
    # H2: one never closed, one closed 10-10 (after 09-30, so open at quarter end); both overdue.
    assert (h2["open_findings"], h2["overdue_open"], h2["closed"]) == (2, 2, 0)
    assert h2["on_time_rate"] is None
    # Oldest open: 2025-07-05, 87 days before 09-30 (26 + 31 + 30).
    assert h2["oldest_open_date"] == date(2025, 7, 5) and h2["oldest_open_days"] == 87
    assert h3["oldest_open_days"] == 82  # 07-10 -> 09-30: 21 + 31 + 30
    assert rows["T2"]["findings_total"] == 0
    assert frame["unit_code"].to_list()[:2] in (["H2", "H3"], ["H3", "H2"])  # most overdue first


def test_findings_list_status(bureau):
    frame = run(bureau, "findings", quarter=Q)
    statuses = sorted(zip(frame["unit_code"].to_list(), frame["status"].to_list(), strict=True))
    assert statuses == [
        ("H1", "closed_late"),
        ("H1", "closed_on_time"),
        ("H2", "overdue"),
        ("H2", "overdue"),
        ("H3", "overdue"),
        ("H3", "overdue"),
    ]
    overdue = run(bureau, "findings", quarter=Q, status="overdue", unit_code="H2")
    # 2025-09-30 − 2025-08-04 = 57 days; − 2025-08-05 = 56 days
    assert sorted(overdue["days_overdue"].to_list()) == [56, 57]
    late = run(bureau, "findings", quarter=Q, status="closed", unit_code="H1")
    # closed late: 09-05 − 08-31 = 5 days
    assert by_status(late, "days_overdue")["closed_late"] == 5


def by_status(frame, column):
    return dict(zip(frame["status"].to_list(), frame[column].to_list(), strict=True))


def test_completeness_lists_what_was_not_reported(bureau):
    frame = run(bureau, "completeness", quarter=Q, missing_only=True)
    missing = sorted(zip(frame["unit_code"].to_list(), frame["kind"].to_list(), strict=True))
    # No unit reported activities; T1 sent no survey, T2 no inspection.
    assert missing == [
        ("H1", "activities"),
        ("H2", "activities"),
        ("H3", "activities"),
        ("T1", "activities"),
        ("T1", "surveys"),
        ("T2", "activities"),
        ("T2", "inspections"),
    ]
    everything = run(bureau, "completeness", quarter=Q)
    assert everything.height == 5 * 3  # units × kinds
    assert by_kind(everything.filter(everything["unit_code"] == "H2"), "rows") == {
        "inspections": 2,
        "surveys": 1,
        "activities": 0,
    }


def by_kind(frame, column):
    return dict(zip(frame["kind"].to_list(), frame[column].to_list(), strict=True))


def test_late_loads_against_the_deadline(bureau):
    frame = run(bureau, "late_loads", deadline_days=15)
    rows = {r["load_id"]: r for r in frame.iter_rows(named=True)}
    # Units and rejected files are not fact loads; the withdrawn one is still listed.
    assert set(rows) == {2, 3, 5}
    # Q3 deadline: 09-30 + 15 = 10-15. Loaded 10-10: 5 days early; 10-20: 5 days late.
    assert rows[2]["deadline"] == date(2025, 10, 15) and rows[2]["days_late"] == -5
    assert rows[3]["late"] is True and rows[3]["days_late"] == 5
    # Q2 file: deadline 06-30 + 15 = 07-15, loaded 07-30 -> 15 days after, but withdrawn: its
    # rows are gone, so it is no late file (nor known to have been a correction: the fixture's
    # log says neither how many rows it replaced nor what its withdrawal found).
    assert rows[5]["days_late"] == 15 and rows[5]["after_deadline"] is True
    assert (rows[5]["late"], rows[5]["correction"]) == (False, None)
    strict = run(bureau, "late_loads", deadline_days=30, late_only=True)
    assert strict["load_id"].to_list() == []  # 10-20 ≤ 10-30 and 07-30 ≤ 07-30


def sessions_bureau(con, units: list[tuple], activities: list[tuple]) -> None:
    """A bureau of ``units`` scored on public-benefit sessions alone (target 6)."""
    indicator = (
        "public_benefit_sessions",
        "公益活动次数",
        "Sessions",
        "activity",
        "higher",
        1.0,
        "count",
    )
    build_bureau(
        con,
        units=units,
        indicators=[indicator],
        targets=[("public_benefit_sessions", "全部", "2024Q1", 6.0)],
        inspections=[],
        surveys=[],
        activities=activities,
    )


def test_outliers_by_modified_z_score(tmp_path):
    con = connect(tmp_path / "outliers.duckdb")
    units = [(f"U{i}", f"U{i}", "城关区", A, 50) for i in range(1, 6)]
    sessions = {"U1": 4, "U2": 5, "U3": 6, "U4": 7, "U5": 30}
    activities = [(u, Q, "义诊", s, s * 5, None) for u, s in sessions.items()]
    # U5's own history: 5, 6, 5, 6 sessions in the four quarters before.
    for quarter, s in zip(["2024Q3", "2024Q4", "2025Q1", "2025Q2"], [5, 6, 5, 6], strict=True):
        activities.append(("U5", quarter, "义诊", s, s * 5, None))
    sessions_bureau(con, units, activities)
    frame = run(con, "outliers", quarter=Q)
    assert frame["unit_code"].to_list() == ["U5"]
    row = frame.row(0, named=True)
    # Peer: median 6; |deviations| 2, 1, 0, 1, 24 -> MAD 1; z = 0.6745 × 24 / 1 = 16.188
    assert row["peer_median"] == 6 and row["peer_mad"] == 1
    assert row["peer_z"] == pytest.approx(16.188)
    # Own: median 5.5, MAD 0.5; z = 0.6745 × (30 − 5.5) / 0.5 = 33.0505
    assert row["own_z"] == pytest.approx(33.0505)
    assert row["history_quarters"] == 4 and row["threshold"] == 3.5
    everyone = run(con, "outliers", quarter=Q, flagged_only=False)
    u1 = everyone.filter(everyone["unit_code"] == "U1").row(0, named=True)
    assert u1["peer_z"] == pytest.approx(-1.349)  # 0.6745 × (4 − 6) / 1
    assert u1["own_z"] is None and u1["flag_peer"] is False  # no history: no own score
    con.close()


def test_unit_profile_and_rank_history(bureau):
    profile = run(bureau, "unit_profile", unit_code="H2")
    index = profile.filter(profile["indicator_code"] == "index")
    assert index["quarter"].to_list() == ["2025Q2", "2025Q3"]
    assert index["value"].to_list() == pytest.approx([100.0, 81.403509])
    q3 = profile.filter(
        (profile["indicator_code"] == "inspection_score_rate") & (profile["quarter"] == Q)
    ).row(0, named=True)
    # Peer values (三级医院): 0.95, 0.85, 0.85 -> median 0.85, quartiles 0.85 and 0.90
    assert (q3["peer_median"], q3["peer_q1"], q3["peer_q3"]) == pytest.approx((0.85, 0.85, 0.90))
    assert q3["target"] == 0.95 and q3["met"] is False
    history = run(bureau, "rank_history", unit_code="H2")
    assert history["rank"].to_list() == [1, 2]  # peer ranks Q2, Q3
    assert history["overall_rank"].to_list() == [1, 3]  # Q2 tie with T1 at 100; Q3 behind T1
    # Q3 against Q2: 81.403509 − 100 = −18.596491; peer rank 1 -> 2 (−1), overall 1 -> 3 (−2)
    assert history["index_change"].to_list() == pytest.approx([None, -18.596491])
    assert history["rank_change"].to_list() == [None, -1]
    assert history["overall_rank_change"].to_list() == [None, -2]


def test_completeness_over_a_window_is_each_quarter_in_turn(bureau):
    window = run(bureau, "completeness", quarter=Q, from_quarter="2025Q2")
    assert window["quarter"].unique().sort().to_list() == ["2025Q2", "2025Q3"]
    assert window.height == 2 * 5 * 3  # quarters × units × kinds
    each = pl.concat([run(bureau, "completeness", quarter=q) for q in ("2025Q2", "2025Q3")])
    assert window.equals(each)


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_the_current_quarters_ledger_is_read_today_not_at_quarter_end(registry):
    """A finding due tomorrow is open, not overdue, while its quarter lasts (the ledger read
    the quarter at its last day, so every finding due later this quarter was 'overdue')."""
    from datetime import timedelta

    from etl.load import load_file
    from etl.quarters import quarter_of_today

    today = date.today()
    tomorrow = today + timedelta(days=1)
    inspection = (
        "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限\n"
        f"H001,{today},暗访,服务态度,8,10,态度生硬,{tomorrow}\n"
    )
    assert load_file(registry, inspection.encode(), "i.csv", today=today).ok
    quarter = quarter_of_today(today)
    [row] = run(registry, "ledger", quarter=quarter, units=["H001"]).rows(named=True)
    assert (row["open_findings"], row["overdue_open"]) == (1, 0)
    counts = dict(run(registry, "finding_counts", quarter=quarter).rows())
    assert (counts["open"], counts["overdue"]) == (1, 0)


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_a_correction_loaded_after_the_deadline_is_not_a_late_report(registry):
    """Surveys of 2025Q3 through the loader (deadline 09-30 + 15 = 10-15); units of
    tests/fixtures/etl/units.csv. 1: H001 and H002 on 10-10, in time. On 11-20, 36 days after
    the deadline: 2 restates H001 only (a correction); 3 restates H002 and brings T001's first
    survey (T001's report: late); 4 brings C001's first (late)."""
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    files = [
        ("in_time.csv", "H001,2025Q3,门诊,40,36\nH002,2025Q3,门诊,40,30\n", (10, 10)),
        ("fix.csv", "H001,2025Q3,门诊,40,37\n", (11, 20)),
        ("more.csv", "H002,2025Q3,门诊,40,31\nT001,2025Q3,门诊,40,33\n", (11, 20)),
        ("first.csv", "C001,2025Q3,门诊,40,35\n", (11, 20)),
    ]
    ids = {}
    for name, rows, (month, day) in files:
        result = load_file(
            registry,
            (header + rows).encode(),
            name,
            today=date(2026, 1, 15),
            now=datetime(2025, month, day, 9),
        )
        assert result.outcome == "loaded", result.problems
        ids[name] = result.load_id
    frame = run(registry, "late_loads", deadline_days=15)
    rows = {r["file_name"]: r for r in frame.iter_rows(named=True)}
    assert {n: (r["after_deadline"], r["correction"], r["late"]) for n, r in rows.items()} == {
        "in_time.csv": (False, False, False),
        "fix.csv": (True, True, False),
        "more.csv": (True, False, True),
        "first.csv": (True, False, True),
    }
    assert rows["fix.csv"]["days_late"] == 36
    late = run(registry, "late_loads", deadline_days=15, late_only=True)
    assert late["load_id"].to_list() == [ids["more.csv"], ids["first.csv"]]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the queries' rules
def test_history_loaded_later_is_judged_by_the_day_it_was_received(registry):
    """A new bureau loads 2025Q3's surveys on 2026-11-20 (deadline 09-30 + 15 = 2025-10-15).
    early.csv arrived on 2025-10-10: 5 days before the deadline, not late. behind.csv arrived
    on 2025-10-25: 10 days late. unknown.csv gives no day: judged by the load, 2025-10-15 →
    2026-11-20 = 365 + 31 + 5 = 401 days late."""
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    files = [
        ("early.csv", "H001,2025Q3,门诊,40,36\n", date(2025, 10, 10)),
        ("behind.csv", "H002,2025Q3,门诊,40,30\n", date(2025, 10, 25)),
        ("unknown.csv", "T001,2025Q3,门诊,40,33\n", None),
    ]
    for name, rows, received in files:
        result = load_file(
            registry,
            (header + rows).encode(),
            name,
            today=date(2026, 11, 20),
            now=datetime(2026, 11, 20, 9),
            received=received,
        )
        assert result.outcome == "loaded", result.problems
    frame = run(registry, "late_loads", deadline_days=15)
    rows = {r["file_name"]: r for r in frame.iter_rows(named=True)}
    assert {n: (r["received_on"], r["days_late"], r["late"]) for n, r in rows.items()} == {
        "early.csv": (date(2025, 10, 10), -5, False),
        "behind.csv": (date(2025, 10, 25), 10, True),
        "unknown.csv": (None, 401, True),
    }


def test_an_outlier_among_units_mostly_alike_is_scored_by_the_mean_deviation(tmp_path):
    """Trial (session 58): seven township centres without a session and one with 30: median
    0, MAD 0, so no score, and the Data quality page said there was nothing to flag. The
    mean absolute deviation stands in (Iglewicz & Hoaglin, as IBM SPSS has it): 30 ÷ 8 =
    3.75; z = (30 − 0) ÷ (1.253314 × 3.75) = 6.383, above 3.5; the seven score 0."""
    con = connect(tmp_path / "outliers.duckdb")
    units = [(f"U{i}", f"U{i}", "城关区", A, 50) for i in range(1, 9)]
    activities = [(f"U{i}", Q, "义诊", 0 if i < 8 else 30, 0, None) for i in range(1, 9)]
    sessions_bureau(con, units, activities)
    frame = run(con, "outliers", quarter=Q)
    assert frame["unit_code"].to_list() == ["U8"]
    row = frame.row(0, named=True)
    assert (row["peer_median"], row["peer_mad"]) == (0, 0)
    assert row["peer_z"] == pytest.approx(30 / (1.253314 * 3.75)) and row["flag_peer"]
    assert row["peer_z"] == pytest.approx(6.383, abs=1e-3)
    everyone = run(con, "outliers", quarter=Q, flagged_only=False)
    assert everyone.filter(everyone["unit_code"] == "U1")["peer_z"].to_list() == [0.0]
    con.close()
