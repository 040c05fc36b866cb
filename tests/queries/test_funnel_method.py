"""Funnel limits and over-dispersion (Spiegelhalter 2005, Stat Med and Qual Saf Health Care).

Every expected value is worked here: exact limits from scipy's binomial and Poisson cdf, walked
by hand to the quantile (not from the product's code), φ and τ² step by step from the z-scores.
"""

from __future__ import annotations

import math

import polars as pl
import pytest
from bureau_fixture import INDICATORS, build_bureau
from scipy import stats

from etl.db import connect
from queries import run
from queries import spiegelhalter as sp

Q = "2025Q3"
Z95 = stats.norm.ppf(0.975)  # 1.959964


def walked_limit(p: float, n: float, cdf) -> float:
    """A lower limit (p < ½), Spiegelhalter's A.1.1 done by hand: the smallest r with
    F(r) ≥ p, found by walking up the cdf, then α = (F(r) − p) / (F(r) − F(r − 1)) and the
    limit (r − α) / n. An upper limit (p > ½), the same from the top: with q = 1 − p and
    G(r) = P(R ≥ r) = 1 − F(r − 1), the largest u with G(u) ≥ q (walking up while
    G(u + 1) ≥ q), α = (G(u) − q) / (G(u) − G(u + 1)) and the limit (u + α) / n."""
    if p > 0.5:
        q, u = 1 - p, 0
        while 1 - cdf(u) >= q:  # G(u + 1) ≥ q
            u += 1
        at, above = 1 - cdf(u - 1), 1 - cdf(u)
        return (u + (at - q) / (at - above)) / n
    r = 0
    while cdf(r) < p:
        r += 1
    alpha = (cdf(r) - p) / (cdf(r) - cdf(r - 1))
    return (r - alpha) / n


def binomial_walk(p, n, theta):
    return walked_limit(p, n, lambda r: stats.binom.cdf(r, n, theta))


def poisson_walk(p, n, theta):
    return walked_limit(p, n, lambda r: stats.poisson.cdf(r, theta * n))


def test_exact_binomial_limit_worked_with_fractions():
    # n = 10, θ0 = 0.5: F(1) = 11/1024 < 0.025 ≤ F(2) = 56/1024, so r = 2 and
    # α = (56/1024 − 0.025) / (45/1024) = 0.675556; limit = (2 − 0.675556) / 10 = 0.132444.
    # Upper, from the top: P(R ≥ 9) = 11/1024 < 0.025 ≤ P(R ≥ 8) = 56/1024, so u = 8 and
    # α = (56/1024 − 0.025) / (45/1024) = 0.675556; limit = (8 + 0.675556) / 10 = 0.867556: the
    # mirror image of the lower limit around ½, as a centre of ½ has it.
    low = sp.exact_limit(0.025, [10], 0.5, "binomial")[0]
    high = sp.exact_limit(0.975, [10], 0.5, "binomial")[0]
    assert low == pytest.approx((2 - (56 / 1024 - 0.025) / (45 / 1024)) / 10, abs=1e-12)
    assert (low, high) == pytest.approx((0.132444, 0.867556), abs=1e-6)


@pytest.mark.parametrize(
    ("n", "theta", "satisfied", "above"),
    [
        (1, 0.9, 1, False),
        (20, 0.92, 20, False),
        (30, 0.9, 30, False),
        (40, 0.9, 40, True),
        (40, 0.9, 39, False),
    ],
)
def test_a_unit_is_above_the_95_limit_only_when_its_count_is_that_unlikely(
    n, theta, satisfied, above
):
    """Every respondent satisfied is no sign at a small n: P(R ≥ n) = θ0ⁿ is 0.9 at n = 1,
    0.92²⁰ = 0.189, 0.9³⁰ = 0.042, all above 2.5%; 0.9⁴⁰ = 0.0148 is below. 39 of 40:
    P(R ≥ 39) = 0.0148 + 40 × 0.9³⁹ × 0.1 = 0.080."""
    limit = sp.limits([n], theta, "binomial", "exact", "none", sp.Dispersion(1))["upper95"][0]
    assert bool(satisfied / n > limit) is above


@pytest.mark.parametrize(("n", "theta"), [(8, 0.9), (12, 0.75), (25, 0.8), (29, 0.95), (400, 0.8)])
@pytest.mark.parametrize("p", [0.001, 0.025, 0.975, 0.999])
def test_exact_binomial_limits_match_the_walked_quantile(n, theta, p):
    assert sp.exact_limit(p, [n], theta, "binomial")[0] == pytest.approx(
        binomial_walk(p, n, theta), abs=1e-12
    )


@pytest.mark.parametrize(("n", "theta"), [(5, 1.0), (20, 0.3), (150, 2.5)])
@pytest.mark.parametrize("p", [0.001, 0.025, 0.975, 0.999])
def test_exact_poisson_limits_match_the_walked_quantile(n, theta, p):
    # a count per unit of exposure n with rate θ0: R ~ Poisson(θ0 × n), limit (r − α) / n
    assert sp.exact_limit(p, [n], theta, "poisson")[0] == pytest.approx(
        poisson_walk(p, n, theta), abs=1e-12
    )


def test_exact_poisson_limit_worked_by_hand():
    # E = θ0 × n = 1 × 5 = 5: F(1) = e⁻⁵(1 + 5) = 0.040428 ≥ 0.025 > F(0) = e⁻⁵ = 0.006738,
    # so r = 1, α = (0.040428 − 0.025) / (0.040428 − 0.006738) = 0.457937, limit = 0.108413.
    f0, f1 = math.exp(-5), 6 * math.exp(-5)
    expected = (1 - (f1 - 0.025) / (f1 - f0)) / 5
    assert sp.exact_limit(0.025, [5], 1.0, "poisson")[0] == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(0.108413, abs=1e-6)


def test_a_centre_of_one_has_no_spread():
    # a target of 100%: every count is n, so both limits are 1 and a unit at 100% is within (the
    # interpolation alone would give (20 − 0.025) / 20 = 0.99875 as the upper limit)
    for p in (0.001, 0.025, 0.975, 0.999):
        assert sp.exact_limit(p, [20, 3], 1.0, "binomial").tolist() == [1.0, 1.0]
    assert sp.exact_limit(0.975, [20], 0.0, "poisson").tolist() == [0.0]


def test_normal_limits_are_the_old_rule():
    # 0.9 ± 1.959964 × √(0.9 × 0.1 / 100) = 0.9 ± 0.058799; Poisson: 2 ± 1.959964 × √(2/50)
    assert sp.normal_limit(0.025, [100], 0.9, "binomial")[0] == pytest.approx(0.841201, abs=1e-6)
    assert sp.normal_limit(0.975, [50], 2.0, "poisson")[0] == pytest.approx(
        2 + 1.959964 * math.sqrt(2 / 50), abs=1e-6
    )


# --- over-dispersion -------------------------------------------------------------------------

# Ten units, n = 2500 each, centre θ0 = 0.80 (the target): s = √(0.8 × 0.2 / 2500) = 0.008.
# Satisfied counts give z = (y − 0.8) / 0.008 of 5, 4, 3, 1.5, 1, 0, −1, −2.5, −3, −10.
N = 2500
WIDE = {
    "U01": 2100,  # 0.840, z = 5
    "U02": 2080,  # 0.832, z = 4
    "U03": 2060,  # 0.824, z = 3
    "U04": 2030,  # 0.812, z = 1.5
    "U05": 2020,  # 0.808, z = 1
    "U06": 2000,  # 0.800, z = 0
    "U07": 1980,  # 0.792, z = −1
    "U08": 1950,  # 0.780, z = −2.5
    "U09": 1940,  # 0.776, z = −3
    "U10": 1800,  # 0.720, z = −10
}
# Sorted z: −10, −3, −2.5, −1, 0, 1, 1.5, 3, 4, 5. Percentiles by linear interpolation over
# positions 0–9: the 10th at 0.9 → −10 + 0.9 × (−3 + 10) = −3.7; the 90th at 8.1 →
# 4 + 0.1 × (5 − 4) = 4.1. Winsorised: −3.7, −3, −2.5, −1, 0, 1, 1.5, 3, 4, 4.1.
# Squares: 13.69 + 9 + 6.25 + 1 + 0 + 1 + 2.25 + 9 + 16 + 16.81 = 75.0, so φ = 75 / 10 = 7.5.
WIDE_PHI = 7.5
# w = 1/s² = 15625 for all: Σw − Σw²/Σw = 156250 − 15625 = 140625;
# τ² = (10 × 7.5 − 9) / 140625 = 66 / 140625.
WIDE_TAU2 = 66 / 140625
# Close to the centre (one respondent is z = 0.05): z = 0.5, −0.5, 0.25, −0.25, 0, 0, 0.75,
# −0.75, 0.15, −0.15.
NARROW = {
    "V01": 2010,
    "V02": 1990,
    "V03": 2005,
    "V04": 1995,
    "V05": 2000,
    "V06": 2000,
    "V07": 2015,
    "V08": 1985,
    "V09": 2003,
    "V10": 1997,
}
# Sorted: −0.75, −0.5, −0.25, −0.15, 0, 0, 0.15, 0.25, 0.5, 0.75. 10th: −0.75 + 0.9 × 0.25 =
# −0.525; 90th: 0.5 + 0.1 × 0.25 = 0.525. Winsorised squares: 0.275625 + 0.25 + 0.0625 +
# 0.0225 + 0 + 0 + 0.0225 + 0.0625 + 0.25 + 0.275625 = 1.22125; φ = 0.122125 < 1.
NARROW_PHI = 0.122125


def proportions(counts: dict[str, int]) -> list[float]:
    return [s / N for s in counts.values()]


def test_phi_and_tau2_worked_step_by_step():
    found = sp.dispersion(proportions(WIDE), [N] * 10, 0.8, "binomial")
    assert found.units == 10
    assert found.phi == pytest.approx(WIDE_PHI, abs=1e-9)
    assert found.tau2 == pytest.approx(WIDE_TAU2, abs=1e-12)
    # over-dispersed: I × φ = 75 above χ²(9)'s 95% point (16.92); the limit is stated as φ
    assert found.phi_limit == pytest.approx(stats.chi2.ppf(0.95, 9) / 10, abs=1e-12)
    assert found.overdispersed
    assert sp.chosen_adjustment("auto", found) == "additive"


def test_under_dispersion_is_found_and_never_narrows_the_limits():
    values = proportions(NARROW)
    found = sp.dispersion(values, [N] * 10, 0.8, "binomial")
    assert found.phi == pytest.approx(NARROW_PHI, abs=1e-9)
    # τ² = max(0, (1.22125 − 9) / 140625) = 0
    assert found.tau2 == 0 and not found.overdispersed
    assert sp.chosen_adjustment("auto", found) == "none"
    for method in ("exact", "normal"):
        plain = sp.limits([N, 40], 0.8, "binomial", method, "none", found)
        for adjustment in ("multiplicative", "additive"):
            assert not sp.widens(adjustment, found)
            adjusted = sp.limits([N, 40], 0.8, "binomial", method, adjustment, found)
            for column in ("lower95", "upper95", "lower998", "upper998"):
                assert adjusted[column].tolist() == plain[column].tolist()


def test_adjusted_limits_widen_as_the_paper_says():
    found = sp.dispersion(proportions(WIDE), [N] * 10, 0.8, "binomial")
    s = math.sqrt(0.8 * 0.2 / N)
    # normal limits: θ0 ± z√φ·s (multiplicative) and θ0 ± z√(s² + τ²) (additive)
    multiplicative = sp.limits([N], 0.8, "binomial", "normal", "multiplicative", found)
    assert multiplicative["lower95"][0] == pytest.approx(0.8 - Z95 * math.sqrt(7.5) * s)
    additive = sp.limits([N], 0.8, "binomial", "normal", "additive", found)
    assert additive["upper95"][0] == pytest.approx(0.8 + Z95 * math.sqrt(s**2 + WIDE_TAU2))
    # exact limits: their distance from θ0 stretched by the same √(1 + τ²/s²)
    exact = sp.limits([N], 0.8, "binomial", "exact", "additive", found)
    stretch = math.sqrt(1 + WIDE_TAU2 / s**2)
    assert exact["lower95"][0] == pytest.approx(
        0.8 - stretch * (0.8 - binomial_walk(0.025, N, 0.8)), abs=1e-12
    )


# --- through the named queries ---------------------------------------------------------------


def survey_store(tmp_path, counts: dict[str, int], target: float = 0.8):
    """One 三级医院 per code with only an outpatient survey of N respondents."""
    con = connect(tmp_path / "funnel.duckdb")
    build_bureau(
        con,
        units=[(code, f"{code}医院", "城关区", "三级医院", 100) for code in counts],
        indicators=[INDICATORS[1]],
        targets=[("outpatient_satisfaction", "全部", "2025Q1", target)],
        inspections=[],
        surveys=[(code, Q, "门诊", N, s, None) for code, s in counts.items()],
    )
    return con


def flags(frame) -> dict[str, str]:
    return dict(zip(frame["unit_code"], frame["flag"], strict=True))


def test_funnel_default_adjusts_an_over_dispersed_funnel(tmp_path):
    con = survey_store(tmp_path, WIDE)
    funnel = run(con, "funnel", quarter=Q, indicator_code="outpatient_satisfaction")
    first = funnel.row(0, named=True)
    assert (first["limits"], first["adjustment"], first["adjusted"]) == ("exact", "additive", True)
    assert first["phi"] == pytest.approx(WIDE_PHI) and first["tau2"] == pytest.approx(WIDE_TAU2)
    s = math.sqrt(0.16 / N)
    stretch = math.sqrt(1 + WIDE_TAU2 / s**2)  # √(1 + 0.00046933 / 0.000064) = 2.887
    low = 0.8 - stretch * (0.8 - binomial_walk(0.025, N, 0.8))  # 0.753837
    high = 0.8 + stretch * (binomial_walk(0.975, N, 0.8) - 0.8)  # 0.845519
    assert first["lower95"] == pytest.approx(low) and first["upper95"] == pytest.approx(high)
    # only U10 (0.72) is outside; 0.78 and 0.776 are within the widened funnel
    assert flags(funnel) == {code: "below" if code == "U10" else "within" for code in WIDE}
    plain = run(
        con, "funnel", quarter=Q, indicator_code="outpatient_satisfaction", overdispersion="none"
    )
    # unadjusted exact limits at n = 2500: 0.784009 and 0.815768
    assert binomial_walk(0.025, N, 0.8) == pytest.approx(0.784009, abs=1e-6)
    assert binomial_walk(0.975, N, 0.8) == pytest.approx(0.815768, abs=1e-6)
    below = {"U08", "U09", "U10"}
    above = {"U01", "U02", "U03"}
    assert flags(plain) == {
        c: "below" if c in below else "above" if c in above else "within" for c in WIDE
    }
    curve = run(con, "funnel_limits", quarter=Q, indicator_code="outpatient_satisfaction")
    # the curve starts at n = 2500 / 2 = 1250, where s² = 0.16 / 1250 = 0.000128
    first_n = curve.row(0, named=True)
    assert (first_n["n"], first_n["adjustment"]) == (1250, "additive")
    stretch_1250 = math.sqrt(1 + WIDE_TAU2 / 0.000128)
    assert first_n["lower95"] == pytest.approx(
        0.8 - stretch_1250 * (0.8 - binomial_walk(0.025, 1250, 0.8))
    )
    con.close()


def test_funnel_of_an_under_dispersed_group_stays_unadjusted_and_says_why(tmp_path):
    con = survey_store(tmp_path, NARROW)
    code = "outpatient_satisfaction"
    plain = run(con, "funnel", quarter=Q, indicator_code=code, overdispersion="none")
    for asked in ("auto", "multiplicative", "additive"):
        frame = run(con, "funnel", quarter=Q, indicator_code=code, overdispersion=asked)
        assert frame["adjusted"].to_list() == [False] * 10
        assert frame["lower95"].to_list() == plain["lower95"].to_list()
    assert plain["phi"][0] == pytest.approx(NARROW_PHI) and plain["tau2"][0] == 0
    con.close()


def test_circular_names_by_the_adjusted_limits(tmp_path):
    """Bottom five of ten (group N = 5): U06–U10 by index (U06 ties first at 100). Of those,
    the rank ranges keep U08, U09 and U10 in the bottom five (U07 at 0.792 reaches 0.80 and
    rank 1 in a sixth of the draws). No one misses the 0.80 target by more than 10% (U10's
    0.72 is exactly 10% short). So the funnel decides: unadjusted, U08, U09 and U10 are below
    it; under the over-dispersion the funnel is widened and only U10 is."""
    from queries.selection import select_units

    con = survey_store(tmp_path, WIDE)
    rankings = run(con, "rankings", quarter=Q, peer_group="三级医院")
    values = run(con, "indicator_values", quarter=Q)

    def named(**options) -> list[str]:
        funnel = run(con, "funnel", quarter=Q, indicator_code="outpatient_satisfaction", **options)
        tagged = funnel.with_columns(indicator_code=pl.lit(INDICATORS[1][0]))
        return sorted(select_units(rankings, values, tagged).named["unit_code"])

    assert named() == ["U10"]
    assert named(overdispersion="none") == ["U08", "U09", "U10"]
    con.close()


def mixed_target_store(tmp_path):
    """Two 三级医院 at 90/100 and two 乡镇卫生院 at 80/100; the 全部 target is 0.90 and the
    township centres' own target 0.80: each unit meets its own target exactly."""
    con = connect(tmp_path / "mixed.duckdb")
    build_bureau(
        con,
        units=[
            ("H1", "甲医院", "城关区", "三级医院", 100),
            ("H2", "乙医院", "城关区", "三级医院", 100),
            ("T1", "丙卫生院", "榆中县", "乡镇卫生院", 40),
            ("T2", "丁卫生院", "榆中县", "乡镇卫生院", 40),
        ],
        indicators=[INDICATORS[1]],
        targets=[
            ("outpatient_satisfaction", "全部", "2025Q1", 0.90),
            ("outpatient_satisfaction", "乡镇卫生院", "2025Q1", 0.80),
        ],
        inspections=[],
        surveys=[
            ("H1", Q, "门诊", 100, 90, None),
            ("H2", Q, "门诊", 100, 90, None),
            ("T1", Q, "门诊", 100, 80, None),
            ("T2", Q, "门诊", 100, 80, None),
        ],
    )
    return con


def test_funnel_of_groups_held_to_different_targets_centres_on_their_pooled_rate(tmp_path):
    """All peer groups together: no one target applies to them all (the township centres are
    held to 0.80, not the 全部 0.90), so the centre is the pooled proportion
    (90 + 90 + 80 + 80) / 400 = 0.85 and nobody is flagged for missing a target not theirs
    (against 0.90 the township centres' 0.80 was below the 95% limit 0.832281)."""
    con = mixed_target_store(tmp_path)
    code = "outpatient_satisfaction"
    funnel = run(con, "funnel", quarter=Q, indicator_code=code, overdispersion="none")
    assert funnel["centre"].to_list() == pytest.approx([0.85] * 4)
    assert set(funnel["centre_kind"]) == {"mean"}
    # at n = 100 around 0.85: the exact 95% limits, walked by hand
    low, high = binomial_walk(0.025, 100, 0.85), binomial_walk(0.975, 100, 0.85)
    assert (low, high) == pytest.approx((0.771668, 0.921617), abs=1e-6)
    assert funnel["lower95"][0] == pytest.approx(low, abs=1e-12)
    assert flags(funnel) == dict.fromkeys(("H1", "H2", "T1", "T2"), "within")
    curve = run(con, "funnel_limits", quarter=Q, indicator_code=code, overdispersion="none")
    assert curve["centre"].to_list() == pytest.approx([0.85] * curve.height)
    assert set(curve["centre_kind"]) == {"mean"}
    # one group alone: its own target is the centre
    town = run(con, "funnel", quarter=Q, indicator_code=code, peer_group="乡镇卫生院")
    assert set(town["centre"]) == {0.80} and set(town["centre_kind"]) == {"target"}
    hospitals = run(con, "funnel", quarter=Q, indicator_code=code, peer_group="三级医院")
    assert set(hospitals["centre"]) == {0.90} and set(hospitals["centre_kind"]) == {"target"}
    con.close()


def test_a_proportions_interval_lies_within_zero_and_one(tmp_path):
    """Trial (session 58): 50 satisfied of 50 gave ci_high = 1.0000000000000002 and 0 of 3 a
    ci_low of 4.9e-17: a check of ci_high ≤ 1 in an export failed. Wilson's bounds for all
    or none satisfied are 1 and 0 exactly; the other bound, n/(n + z²) for all of n:
    50/(50 + 3.841459) = 0.928652, and z²/(3 + z²) = 0.561497 for none of 3."""
    con = connect(tmp_path / "wilson.duckdb")
    build_bureau(
        con,
        units=[(code, f"{code}医院", "城关区", "三级医院", 100) for code in ("H1", "H2")],
        indicators=[INDICATORS[1]],
        targets=[("outpatient_satisfaction", "全部", "2025Q1", 0.8)],
        inspections=[],
        surveys=[("H1", Q, "门诊", 50, 50, None), ("H2", Q, "门诊", 3, 0, None)],
    )
    values = run(con, "indicator_values", quarter=Q, indicator_code="outpatient_satisfaction")
    bounds = {r["unit_code"]: (r["ci_low"], r["ci_high"]) for r in values.iter_rows(named=True)}
    assert bounds["H1"][1] == 1.0 and bounds["H2"][0] == 0.0
    assert bounds["H1"][0] == pytest.approx(50 / (50 + Z95**2), abs=1e-9)
    assert bounds["H2"][1] == pytest.approx(Z95**2 / (3 + Z95**2), abs=1e-9)
    assert bounds["H1"][0] == pytest.approx(0.928652, abs=1e-6)
