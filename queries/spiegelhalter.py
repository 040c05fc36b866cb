"""Funnel-plot limits and over-dispersion, as Spiegelhalter wrote them down (docs/METHOD.md).

- Exact limits: "Funnel plots for comparing institutional performance", Stat Med 2005,
  Appendix A.1.1 (binomial: a proportion r/n) and A.1.2 (Poisson: a count per unit of
  exposure n). With R the count at the centre θ0, r_p is the smallest r with P(R ≤ r) ≥ p,
  α = (P(R ≤ r_p) − p) / (P(R ≤ r_p) − P(R ≤ r_p − 1)) and the lower limit is (r_p − α) / n:
  the interpolation makes the limits smooth in n instead of a staircase. The upper limit is
  the same walked from the top (``exact_limit``), so that each side flags a unit exactly when
  the one-sided exact test would.
- Normal limits: θ0 ± z × s, with s = √(θ0(1 − θ0)/n) (binomial) or √(θ0/n) (Poisson); wrong
  at the small n of a bureau's surveys, kept only to compare.
- Over-dispersion: "Handling over-dispersion of performance indicators", Qual Saf Health Care
  2005. z_i = (y_i − θ0)/s_i, winsorised at their 10th and 90th percentiles; φ = mean of the
  squared winsorised z; over-dispersed when I·φ exceeds the 95% point of χ² with I − 1
  degrees of freedom. Multiplicative: limits widened by √φ. Additive (random effects):
  τ² = max(0, (I·φ − (I − 1)) / (Σw − Σw²/Σw)) with w = 1/s², DerSimonian–Laird.
- An adjustment only ever widens: each limit's distance from θ0 is multiplied by √φ
  (multiplicative) or √(1 + τ²/s²) (additive), never by less than 1. On normal limits these
  are exactly the paper's θ0 ± z√φ·s and θ0 ± z√(s² + τ²); on exact limits they keep the
  exact limits' asymmetry.

Quantiles come from scipy.stats; SQL has none. It is imported when first used (``scipy_stats``):
a second of import that a process drawing no funnel (the overview, a command-line load) need
not pay.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from queries.levels import UPPER_TAIL

WINSOR_PERCENTILES = (10, 90)
TEST_LEVEL = 0.95
MIN_UNITS = 5  # fewer units give no usable estimate of φ or τ²
DISTRIBUTIONS = ("binomial", "poisson")


def scipy_stats():
    """scipy.stats, imported on first use (see the module's docstring)."""
    from scipy import stats

    return stats


def distribution(theta: float, n: np.ndarray, kind: str):
    """The count's distribution at the centre θ0 for each n (scipy frozen distribution)."""
    n = np.asarray(n, dtype=float)
    if kind == "binomial":
        return scipy_stats().binom(np.round(n).astype(np.int64), theta)
    return scipy_stats().poisson(theta * n)


def exact_limit(p: float, n: np.ndarray, theta: float, kind: str) -> np.ndarray:
    """The limit of y = R/n at θ0 with p of R's distribution below it (a lower limit: p < ½)
    or 1 − p above it (an upper one), interpolated (Stat Med 2005, A.1.1 and A.1.2).

    A lower limit is A.1's: r the smallest count with P(R ≤ r) ≥ p, α = (P(R ≤ r) − p) ÷
    P(R = r), the limit (r − α)/n; a unit below it has P(R ≤ y) < p. An upper limit is the same
    walked from the top: u the largest count with P(R ≥ u) ≥ q = 1 − p, α = (P(R ≥ u) − q) ÷
    P(R = u), the limit (u + α)/n; a unit above it has P(R ≥ y) < q. So each side flags a unit
    exactly when the one-sided exact test at its level would. A.1's formula used for the upper
    limit too flagged a count of u above, where P(R ≥ u) ≥ q: a survey of one satisfied
    respondent at a centre of 90% (P = 0.9) was "above the 95% limit"; and it put the limits of
    a proportion at θ0 = ½ off centre (0.13 and 0.77 at n = 10), where these mirror each other.

    A centre of 0 (or 1 for a proportion) leaves no spread: the limits are the centre itself,
    as the normal limits are (the interpolation would put a limit inside the only value)."""
    n = np.asarray(n, dtype=float)
    if theta <= 0 or (kind == "binomial" and theta >= 1):
        return np.full_like(n, float(theta))
    counts = distribution(theta, n, kind)
    if p > 0.5:
        q = 1 - p
        u = counts.isf(q)  # the smallest u with P(R > u) ≤ q: P(R ≥ u) > q
        return (u + (counts.sf(u - 1) - q) / counts.pmf(u)) / n
    r_p = counts.ppf(p)
    at, below = counts.cdf(r_p), counts.cdf(r_p - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(at > below, (at - p) / (at - below), 0.0)
    return (r_p - alpha) / n


def standard_error(theta: float, n: np.ndarray, kind: str) -> np.ndarray:
    """s at θ0: √(θ0(1 − θ0)/n) for a proportion, √(θ0/n) for a count per exposure."""
    n = np.asarray(n, dtype=float)
    spread = theta * (1 - theta) if kind == "binomial" else theta
    return np.sqrt(spread / n)


def normal_limit(p: float, n: np.ndarray, theta: float, kind: str) -> np.ndarray:
    """θ0 + z_p × s: the normal approximation (z_p < 0 for a lower limit)."""
    return theta + scipy_stats().norm.ppf(p) * standard_error(theta, n, kind)


@dataclass(frozen=True)
class Dispersion:
    """The over-dispersion test of one funnel's units (None where it cannot be estimated)."""

    units: int
    phi: float | None = None
    phi_limit: float | None = None  # φ above this is over-dispersed: χ²(I − 1) 95% point / I
    tau2: float | None = None

    @property
    def overdispersed(self) -> bool:
        return self.phi is not None and self.phi > self.phi_limit


def dispersion(value, n, theta: float, kind: str) -> Dispersion:
    """φ from winsorised z-scores, its test, and τ² (DerSimonian–Laird), against θ0."""
    value, n = np.asarray(value, dtype=float), np.asarray(n, dtype=float)
    units = len(value)
    if units < MIN_UNITS or not 0 < theta < (1 if kind == "binomial" else np.inf):
        return Dispersion(units)
    s = standard_error(theta, n, kind)
    z = (value - theta) / s
    low, high = np.percentile(z, WINSOR_PERCENTILES)  # linear interpolation (Hyndman–Fan 7)
    phi = float(np.mean(np.clip(z, low, high) ** 2))
    phi_limit = float(scipy_stats().chi2.ppf(TEST_LEVEL, units - 1) / units)
    w = 1 / s**2
    tau2 = max(0.0, (units * phi - (units - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return Dispersion(units, phi, phi_limit, float(tau2))


def chosen_adjustment(asked: str, found: Dispersion) -> str:
    """``auto`` (the default): additive random effects when the test finds over-dispersion,
    else none. Any other choice is taken as asked."""
    if asked != "auto":
        return asked
    return "additive" if found.overdispersed else "none"


def widening(adjustment: str, found: Dispersion, theta: float, n, kind: str) -> np.ndarray:
    """The factor (≥ 1) each limit's distance from θ0 is multiplied by, per n."""
    n = np.asarray(n, dtype=float)
    ones = np.ones_like(n)
    if adjustment == "multiplicative" and found.phi is not None:
        return ones * max(1.0, np.sqrt(found.phi))
    if adjustment == "additive" and found.tau2:
        return np.sqrt(1 + found.tau2 / standard_error(theta, n, kind) ** 2)
    return ones


def widens(adjustment: str, found: Dispersion) -> bool:
    """Whether the adjustment changes the limits: only with φ > 1 or τ² > 0."""
    if adjustment == "multiplicative":
        return found.phi is not None and found.phi > 1
    return adjustment == "additive" and bool(found.tau2)


def limits(
    n, theta: float, kind: str, method: str, adjustment: str, found: Dispersion
) -> dict[str, np.ndarray]:
    """lower95, upper95, lower998, upper998 at each n, adjusted and kept within range."""
    n = np.asarray(n, dtype=float)
    quantile = exact_limit if method == "exact" else normal_limit
    factor = widening(adjustment, found, theta, n, kind)
    top = 1.0 if kind == "binomial" else np.inf
    out = {}
    for level, upper_p in UPPER_TAIL.items():
        for side, p in (("lower", 1 - upper_p), ("upper", upper_p)):
            raw = quantile(p, n, theta, kind)
            out[f"{side}{level}"] = np.clip(theta + factor * (raw - theta), 0.0, top)
    return out
