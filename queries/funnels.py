"""The funnel queries' Python step: limits, over-dispersion and flags (queries/spiegelhalter.py).

``funnel`` and ``funnel_limits`` select the points and the centre line in SQL
(stages/funnel_centre.sql); the runner then calls these post-steps, which add what SQL cannot
compute (binomial and Poisson quantiles). Both estimate over-dispersion from the same units, so
the curve drawn and the points flagged always use the same limits.
"""

from __future__ import annotations

import polars as pl

from queries import spiegelhalter as sp
from queries.pipeline import staged_sql, used_params

LIMIT_COLUMNS = ("lower95", "upper95", "lower998", "upper998")
DISPERSION_SCHEMA = {
    "limits": pl.String,  # exact | normal
    "adjustment": pl.String,  # none | multiplicative | additive (auto resolved)
    "adjusted": pl.Boolean,  # the adjustment widened the limits (φ > 1 or τ² > 0)
    "units_tested": pl.Int64,
    "phi": pl.Float64,
    "phi_limit": pl.Float64,
    "overdispersed": pl.Boolean,
    "tau2": pl.Float64,
}
POINTS_SQL = "SELECT value, n, centre FROM funnel_centre"
UNIT_OF = "SELECT unit FROM indicators WHERE indicator_code = $indicator_code"
KIND_OF_UNIT = {"rate": "binomial", "count": "poisson"}


def distribution_kind(cursor, code: str) -> str:
    """binomial for a proportion (unit rate), Poisson for a count per unit of exposure n."""
    row = cursor.execute(UNIT_OF, {"indicator_code": code}).fetchone()
    return KIND_OF_UNIT.get(row[0] if row else "rate", "binomial")


def dispersion_columns(values: dict, found: sp.Dispersion, adjustment: str) -> dict:
    return {
        "limits": values["limits"],
        "adjustment": adjustment,
        "adjusted": sp.widens(adjustment, found),
        "units_tested": found.units,
        "phi": found.phi,
        "phi_limit": found.phi_limit,
        "overdispersed": found.overdispersed,
        "tau2": found.tau2,
    }


def with_limits(result: pl.DataFrame, points: pl.DataFrame, kind: str, values: dict):
    """``result`` (rows with n and centre) with the limits at its n and the dispersion
    columns, both estimated from ``points`` (the funnel's units)."""
    if result.is_empty():
        schema = {c: pl.Float64 for c in LIMIT_COLUMNS} | DISPERSION_SCHEMA
        return result.with_columns(pl.lit(None, dtype=t).alias(c) for c, t in schema.items())
    theta = float(points["centre"][0])
    found = sp.dispersion(points["value"].to_numpy(), points["n"].to_numpy(), theta, kind)
    adjustment = sp.chosen_adjustment(values["overdispersion"], found)
    n = result["n"].to_numpy().astype(float)
    bounds = sp.limits(n, theta, kind, values["limits"], adjustment, found)
    constants = dispersion_columns(values, found, adjustment)
    return result.with_columns(
        *(pl.Series(c, bounds[c], dtype=pl.Float64) for c in LIMIT_COLUMNS),
        *(pl.lit(v, dtype=DISPERSION_SCHEMA[c]).alias(c) for c, v in constants.items()),
    )


def add_point_limits(cursor, result: pl.DataFrame, values: dict) -> pl.DataFrame:
    """``funnel``: each unit's limits at its n, and its flags against them."""
    kind = distribution_kind(cursor, values["indicator_code"])
    limited = with_limits(result, result, kind, values)
    return limited.with_columns(
        flag=flag_expr("lower95", "upper95"), flag_998=flag_expr("lower998", "upper998")
    )


def flag_expr(low: str, high: str) -> pl.Expr:
    """above | within | below the limits (a value on a limit is within)."""
    value = pl.col("value")
    return (
        pl.when(value > pl.col(high))
        .then(pl.lit("above"))
        .when(value < pl.col(low))
        .then(pl.lit("below"))
        .otherwise(pl.lit("within"))
    )


def add_curve_limits(cursor, result: pl.DataFrame, values: dict) -> pl.DataFrame:
    """``funnel_limits``: the limits over the n grid, adjusted as the funnel's points are."""

    sql = staged_sql(cursor, POINTS_SQL, "funnel", values.get("cached", False))
    points = cursor.execute(sql, used_params(sql, values)).pl()
    kind = distribution_kind(cursor, values["indicator_code"])
    return with_limits(result, points, kind, values)
