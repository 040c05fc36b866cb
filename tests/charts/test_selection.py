"""The circular's selection rule on a fixture whose answer is worked out by hand.

Fixture (tests/fixtures/charts/): 三级医院 has 6 ranked units (+1 with insufficient data), so
N = min(10, floor(6 * 0.5)) = 3: top ranks 1-3, bottom ranks 4-6 (first bottom rank 6-3+1 = 4).
乡镇卫生院 has 3 ranked units: N = min(10, floor(1.5)) = 1: top rank 1, bottom rank 3.

Commended (rank <= N and rank_high <= N):
  H01 rank 1, range 1-2: yes.   H02 rank 2, range 1-4: no (could be 4th).
  H03 rank 3, range 2-3: yes.   T01 rank 1, range 1-1: yes.   T02 rank 2 > N=1: no.
Bottom beyond noise (rank >= first bottom rank and rank_low >= it):
  H04 rank 4, range 3-6: no (could be 3rd), although its outpatient rate is below the funnel.
  H05 rank 5, range 4-6: candidate. Reasons: outpatient 0.86 within funnel; shortfall
      (0.90-0.86)/0.90 = 4.4% <= 10%; overdue 1 vs target 1: 0%. No reason: not named.
  H06 rank 6, range 5-6: candidate. Reasons: outpatient below funnel (funnel);
      overdue (3-1)/1 = 200% > 10% (margin); public (85-80)/85 = 5.9%: not a reason.  Named.
  H07 insufficient data: never.    T02 rank 2 < first bottom rank 3: no.
  T03 rank 3, range 3-3: candidate. sessions (4-3)/4 = 25% > 10% (margin);
      inspection (0.90-0.81)/0.90 = exactly 10%: not more than the margin.  Named.
"""

from pathlib import Path

import polars as pl

from queries.selection import CircularRules, select_commended, select_named, select_units

FIXTURES = Path(__file__).parents[1] / "fixtures" / "charts"


def fixture(name: str) -> pl.DataFrame:
    return pl.read_csv(FIXTURES / f"{name}.csv")


def test_commended_are_top_n_whose_rank_range_stays_there():
    commended = select_commended(fixture("rankings"))
    assert commended["unit_code"].to_list() == ["H01", "H03", "T01"]
    assert commended["group_n"].to_list() == [3, 3, 1]


def test_named_are_bottom_beyond_noise_with_a_reason():
    named, reasons = select_named(
        fixture("rankings"), fixture("indicator_values"), fixture("funnel")
    )
    # ordered by peer group (三级医院 sorts before 乡镇卫生院), worst rank first
    assert named["unit_code"].to_list() == ["H06", "T03"]
    rows = {
        (r["unit_code"], r["indicator_code"]): r["reason"] for r in reasons.iter_rows(named=True)
    }
    assert rows == {
        ("H06", "outpatient_satisfaction"): "funnel",
        ("H06", "overdue_open_findings"): "margin",
        ("T03", "public_benefit_sessions"): "margin",
    }


def test_a_retired_indicator_is_no_reason_to_name_a_unit():
    """Public-benefit sessions retired (weight 0, its targets still in force): T03's only
    reason was its sessions, 3 against 4 (25%); it is no longer named. H06 keeps its own."""
    values = fixture("indicator_values").with_columns(
        pl.when(pl.col("indicator_code") == "public_benefit_sessions")
        .then(False)
        .otherwise(pl.col("assessed"))
        .alias("assessed")
    )
    named, reasons = select_named(fixture("rankings"), values, fixture("funnel"))
    assert named["unit_code"].to_list() == ["H06"]
    assert "public_benefit_sessions" not in reasons["indicator_code"].to_list()


def test_a_wider_margin_spares_the_smaller_shortfall():
    # margin 30%: H06 overdue (200%) still counts, T03 sessions (25%) no longer does
    rules = CircularRules(margin=0.30)
    named, reasons = select_named(
        fixture("rankings"), fixture("indicator_values"), fixture("funnel"), rules
    )
    assert named["unit_code"].to_list() == ["H06"]
    assert set(reasons["unit_code"]) == {"H06"}


def test_top_n_caps_each_group():
    # top_n = 1: 三级医院 N = min(1, 3) = 1 -> H01 (range 1-2) fails the range test; only T01
    selection = select_units(
        fixture("rankings"), fixture("indicator_values"), fixture("funnel"), CircularRules(top_n=1)
    )
    assert selection.commended["unit_code"].to_list() == ["T01"]
    # bottom N=1 in 三级医院: rank 6 only, H06 range 5-6 -> best plausible 5 < 6: not named
    assert selection.named["unit_code"].to_list() == ["T03"]
