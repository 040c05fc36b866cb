"""Plausible rank ranges by seeded simulation: the part of the ranking SQL does badly.

Each draw perturbs every value that carries sampling noise, re-scores, re-weights and re-ranks
the units, exactly as the SQL does once. A unit's plausible range is the 2.5th to 97.5th
percentile of its simulated ranks (docs/METHOD.md, "Plausible rank range"):

- proportions with an n: normal noise with the standard error implied by the Wilson interval
  shown, (ci_high − ci_low) / (2 × 1.96), kept within 0–1;
- counts: Poisson noise, standard deviation √value, kept ≥ 0;
- other numbers (mean scores, hours per staff): no sampling information, held fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

Z95 = 1.959964
CELLS_PER_BATCH = 1_500_000  # draws × units × indicators held in memory at once

INPUTS_SQL = """
SELECT s.unit_code, s.peer_group, s.indicator_code, s.direction, s.unit, s.value, s.target,
       s.weight, v.ci_low, v.ci_high
FROM unit_indicator_scores AS s
JOIN unit_indicator_values AS v USING (unit_code, quarter, indicator_code)
WHERE s.quarter = $quarter
"""


@dataclass
class Inputs:
    """Units × indicators matrices of one quarter (NaN where a unit has no value)."""

    units: list[str]
    groups: np.ndarray  # peer-group index per unit
    value: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    noise_sd: np.ndarray  # 0 where a value is held fixed
    lower_better: np.ndarray  # per indicator
    is_rate: np.ndarray  # per indicator: clip draws to 0–1
    codes: list[str]


def load_inputs(cursor, values: dict) -> Inputs:
    """The current quarter's values, targets, weights and intervals, as matrices."""
    from queries.runner import staged_sql, used_params

    sql = staged_sql(cursor, INPUTS_SQL, "scores")
    params = {**values, "first_quarter": values["quarter"], "last_quarter": values["quarter"]}
    frame = cursor.execute(sql, used_params(sql, params)).pl()
    units = sorted(frame["unit_code"].unique().to_list())
    codes = sorted(frame["indicator_code"].unique().to_list())
    frame = frame.with_columns(
        sd=pl.when(pl.col("ci_low").is_not_null())
        .then((pl.col("ci_high") - pl.col("ci_low")) / (2 * Z95))
        .when(pl.col("unit") == "count")
        .then(pl.col("value").clip(lower_bound=0).sqrt())
        .otherwise(0.0)
    )

    def matrix(column: str) -> np.ndarray:
        wide = frame.pivot(on="indicator_code", index="unit_code", values=column)
        wide = pl.DataFrame({"unit_code": units}).join(wide, on="unit_code", how="left")
        wide = wide.select(
            [pl.col(c) if c in wide.columns else pl.lit(None).alias(c) for c in codes]
        )
        return wide.cast(pl.Float64).to_numpy()

    per_unit = frame.group_by("unit_code").agg(pl.col("peer_group").first()).sort("unit_code")
    per_code = frame.group_by("indicator_code").agg(pl.col("direction", "unit").first())
    per_code = per_code.sort("indicator_code")
    group_names = {g: i for i, g in enumerate(sorted(set(per_unit["peer_group"].to_list())))}
    return Inputs(
        units=units,
        groups=np.array([group_names[g] for g in per_unit["peer_group"].to_list()]),
        value=matrix("value"),
        target=matrix("target"),
        weight=np.nan_to_num(matrix("weight")),
        noise_sd=np.nan_to_num(matrix("sd")),
        lower_better=(per_code["direction"] == "lower").to_numpy(),
        is_rate=(per_code["unit"] == "rate").to_numpy(),
        codes=codes,
    )


def attainment_scores(value: np.ndarray, target: np.ndarray, lower_better: np.ndarray):
    """The SQL attainment rule (stages/unit_indicator_values.sql), vectorised."""
    with np.errstate(divide="ignore", invalid="ignore"):
        higher = np.where(
            value >= target,
            100.0,
            np.where(target <= 0, 0.0, np.maximum(0.0, 100.0 * value / target)),
        )
        lower = np.where(
            value <= target,
            100.0,
            np.where(target > 0, 100.0 * target / value, 100.0 / (1 + value - target)),
        )
    scores = np.where(lower_better, lower, higher)
    return np.where(np.isnan(value) | np.isnan(target), np.nan, scores)


def peer_scores(value: np.ndarray, groups: np.ndarray, lower_better, normalisation: str):
    """min–max or z-score within each peer group, per draw (axis 1 = units)."""
    scores = np.full(value.shape, np.nan)
    sign = np.where(lower_better, -1.0, 1.0)
    for group in np.unique(groups):
        members = groups == group
        part = value[:, members, :]
        with np.errstate(invalid="ignore", divide="ignore"), _quiet_nan_warnings():
            if normalisation == "minmax":
                low, high = np.nanmin(part, axis=1), np.nanmax(part, axis=1)
                span = (high - low)[:, None, :]
                position = (part - low[:, None, :]) / span
                position = np.where(sign < 0, 1 - position, position)
                result = np.where(span == 0, 100.0, np.clip(100.0 * position, 0, 100))
            else:
                mean, sd = np.nanmean(part, axis=1), np.nanstd(part, axis=1)
                z = sign * (part - mean[:, None, :]) / sd[:, None, :]
                result = np.where(sd[:, None, :] == 0, 50.0, np.clip(50 + 10 * z, 0, 100))
        scores[:, members, :] = np.where(np.isnan(part), np.nan, result)
    return scores


class _quiet_nan_warnings:
    """numpy warns on all-NaN slices (an indicator nobody in a group has); the NaN is wanted."""

    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        return self._catch.__exit__(*exc)


def competition_ranks(merit: np.ndarray) -> np.ndarray:
    """Rank within each row, 1 = largest merit; equal values share the best rank (1, 2, 2, 4)."""
    draws, units = merit.shape
    order = np.argsort(-merit, axis=1, kind="stable")
    ordered = np.take_along_axis(merit, order, axis=1)
    positions = np.broadcast_to(np.arange(units), (draws, units))
    starts_tie = np.ones((draws, units), dtype=bool)
    starts_tie[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first_of_tie = np.maximum.accumulate(np.where(starts_tie, positions, 0), axis=1)
    ranks = np.empty((draws, units), dtype=np.int64)
    np.put_along_axis(ranks, order, first_of_tie + 1, axis=1)
    return ranks


def scores_of(value, inputs: Inputs, columns, normalisation: str) -> np.ndarray:
    """0–100 scores of the given indicator columns, for draws × units × columns values."""
    lower_better = inputs.lower_better[columns]
    if normalisation == "attainment":
        return attainment_scores(value, inputs.target[:, columns], lower_better)
    return peer_scores(value, inputs.groups, lower_better, normalisation)


def simulate_ranks(
    inputs: Inputs,
    ranked_units: list[str],
    *,
    indicator_code: str,
    normalisation: str,
    draws: int,
    seed: int,
) -> dict[str, tuple[int, int]]:
    """unit_code -> (rank_low, rank_high) over ``draws`` seeded simulations.

    Only values with noise are drawn; the scores of fixed values (and their weights) enter
    every draw as constants, which gives the same index at a fraction of the work.
    """
    position = {u: i for i, u in enumerate(inputs.units)}
    rows = np.array([position[u] for u in ranked_units if u in position], dtype=np.int64)
    if len(rows) == 0 or draws <= 0:
        return {}
    if indicator_code == "index":
        noisy = np.flatnonzero((inputs.noise_sd > 0).any(axis=0))
        fixed = np.flatnonzero(~(inputs.noise_sd > 0).any(axis=0))
    else:
        noisy = fixed = np.array([inputs.codes.index(indicator_code)])
    rng = np.random.default_rng(seed)
    constant = fixed_part(inputs, fixed, normalisation) if indicator_code == "index" else None
    batch = max(1, CELLS_PER_BATCH // max(1, len(inputs.units) * max(1, len(noisy))))
    ranks = []
    for start in range(0, draws, batch):
        size = min(batch, draws - start)
        drawn = draw_values(rng, inputs, noisy, size)
        if indicator_code == "index":
            merit = index_with(
                scores_of(drawn, inputs, noisy, normalisation), inputs.weight[:, noisy], constant
            )
        else:
            merit = -drawn[:, :, 0] if inputs.lower_better[noisy[0]] else drawn[:, :, 0]
        ranks.append(competition_ranks(merit[:, rows].astype(np.float32)))
    all_ranks = np.concatenate(ranks)
    low = np.quantile(all_ranks, 0.025, axis=0, method="lower")
    high = np.quantile(all_ranks, 0.975, axis=0, method="higher")
    units = [inputs.units[r] for r in rows]
    return {u: (int(lo), int(hi)) for u, lo, hi in zip(units, low, high, strict=True)}


def draw_values(rng, inputs: Inputs, columns, draws: int) -> np.ndarray:
    value = inputs.value[:, columns].astype(np.float32)
    sd = inputs.noise_sd[:, columns].astype(np.float32)
    noise = rng.standard_normal((draws, *value.shape), dtype=np.float32) * sd
    drawn = np.maximum(value + noise, 0.0)
    return np.where(inputs.is_rate[columns], np.minimum(drawn, 1.0), drawn)


def fixed_part(inputs: Inputs, columns, normalisation: str) -> tuple[np.ndarray, np.ndarray]:
    """Σ weight × score and Σ weight over the indicators held fixed, per unit."""
    scores = scores_of(inputs.value[None, :, columns], inputs, columns, normalisation)[0]
    has = ~np.isnan(scores)
    weight = inputs.weight[:, columns]
    return np.where(has, scores * weight, 0.0).sum(axis=1), np.where(has, weight, 0.0).sum(axis=1)


def index_with(scores: np.ndarray, weight: np.ndarray, constant) -> np.ndarray:
    has = ~np.isnan(scores)
    numerator = np.where(has, scores * weight, 0.0).sum(axis=2) + constant[0]
    denominator = np.where(has, weight, 0.0).sum(axis=2) + constant[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return numerator / denominator


def add_rank_ranges(cursor, result: pl.DataFrame, values: dict) -> pl.DataFrame:
    """Fill rank_low / rank_high of a rankings result (kept around the rank shown)."""
    ranked = result.filter(pl.col("status") == "ranked")["unit_code"].to_list()
    if values["draws"] <= 0 or not ranked:
        return result
    inputs = load_inputs(cursor, values)
    if values["indicator_code"] != "index" and values["indicator_code"] not in inputs.codes:
        return result
    ranges = simulate_ranks(
        inputs,
        ranked,
        indicator_code=values["indicator_code"],
        normalisation=values["normalisation"],
        draws=values["draws"],
        seed=values["seed"],
    )
    table = pl.DataFrame(
        {
            "unit_code": list(ranges),
            "sim_low": [lo for lo, _ in ranges.values()],
            "sim_high": [hi for _, hi in ranges.values()],
        },
        schema={"unit_code": pl.String, "sim_low": pl.Int64, "sim_high": pl.Int64},
    )
    joined = result.join(table, on="unit_code", how="left", maintain_order="left")
    return (
        joined.with_columns(
            rank_low=pl.min_horizontal("sim_low", "rank"),
            rank_high=pl.max_horizontal("sim_high", "rank"),
        )
        .drop("sim_low", "sim_high")
        .select(result.columns)
    )
