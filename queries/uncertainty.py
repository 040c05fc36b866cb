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


def load_inputs(cursor, quarter: str) -> Inputs:
    frame = cursor.execute(INPUTS_SQL, {"quarter": quarter}).pl()
    units = sorted(frame["unit_code"].unique().to_list())
    codes = sorted(frame["indicator_code"].unique().to_list())
    unit_index = {u: i for i, u in enumerate(units)}
    code_index = {c: j for j, c in enumerate(codes)}
    shape = (len(units), len(codes))
    matrices = {name: np.full(shape, np.nan) for name in ("value", "target", "weight", "sd")}
    group_names: dict[str, int] = {}
    groups = np.zeros(len(units), dtype=np.int64)
    lower_better = np.zeros(len(codes), dtype=bool)
    is_rate = np.zeros(len(codes), dtype=bool)
    for row in frame.iter_rows(named=True):
        i, j = unit_index[row["unit_code"]], code_index[row["indicator_code"]]
        groups[i] = group_names.setdefault(row["peer_group"], len(group_names))
        lower_better[j] = row["direction"] == "lower"
        is_rate[j] = row["unit"] == "rate"
        matrices["value"][i, j] = row["value"]
        matrices["target"][i, j] = np.nan if row["target"] is None else row["target"]
        matrices["weight"][i, j] = row["weight"]
        matrices["sd"][i, j] = noise_sd(row)
    return Inputs(
        units,
        groups,
        matrices["value"],
        matrices["target"],
        np.nan_to_num(matrices["weight"]),
        np.nan_to_num(matrices["sd"]),
        lower_better,
        is_rate,
        codes,
    )


def noise_sd(row: dict) -> float:
    if row["ci_low"] is not None and row["ci_high"] is not None:
        return (row["ci_high"] - row["ci_low"]) / (2 * Z95)
    if row["unit"] == "count":
        return float(np.sqrt(max(row["value"], 0.0)))
    return 0.0


def draw_values(rng: np.random.Generator, inputs: Inputs, draws: int) -> np.ndarray:
    noise = rng.standard_normal((draws, *inputs.value.shape)) * inputs.noise_sd
    drawn = np.maximum(inputs.value + noise, 0.0)
    return np.where(inputs.is_rate, np.minimum(drawn, 1.0), drawn)


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


def index_of(scores: np.ndarray, weight: np.ndarray) -> np.ndarray:
    has = ~np.isnan(scores)
    total = np.where(has, weight, 0.0).sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(has, scores * weight, 0.0).sum(axis=2) / total


def competition_ranks(better: np.ndarray) -> np.ndarray:
    """Rank per row, 1 = largest value; equal values share the best rank."""
    ordered = -np.sort(-better, axis=1)
    return np.stack(
        [
            np.searchsorted(-row, -vals, side="left") + 1
            for row, vals in zip(ordered, better, strict=True)
        ]
    )


def simulate_ranks(
    inputs: Inputs,
    ranked_units: list[str],
    *,
    indicator_code: str,
    normalisation: str,
    draws: int,
    seed: int,
) -> dict[str, tuple[int, int]]:
    """unit_code -> (rank_low, rank_high) over ``draws`` seeded simulations."""
    position = {u: i for i, u in enumerate(inputs.units)}
    rows = np.array([position[u] for u in ranked_units if u in position], dtype=np.int64)
    if len(rows) == 0 or draws <= 0:
        return {}
    rng = np.random.default_rng(seed)
    batch = max(1, CELLS_PER_BATCH // max(1, inputs.value.size))
    ranks = []
    for start in range(0, draws, batch):
        drawn = draw_values(rng, inputs, min(batch, draws - start))
        ranks.append(
            competition_ranks(merit(drawn, inputs, indicator_code, normalisation)[:, rows])
        )
    all_ranks = np.concatenate(ranks)
    low = np.quantile(all_ranks, 0.025, axis=0, method="lower")
    high = np.quantile(all_ranks, 0.975, axis=0, method="higher")
    units = [inputs.units[r] for r in rows]
    return {u: (int(lo), int(hi)) for u, lo, hi in zip(units, low, high, strict=True)}


def merit(drawn: np.ndarray, inputs: Inputs, indicator_code: str, normalisation: str):
    """The simulated quantity ranked (larger = better): the index, or one indicator signed."""
    if indicator_code != "index":
        j = inputs.codes.index(indicator_code)
        return -drawn[:, :, j] if inputs.lower_better[j] else drawn[:, :, j]
    if normalisation == "attainment":
        scores = attainment_scores(drawn, inputs.target, inputs.lower_better)
    else:
        scores = peer_scores(drawn, inputs.groups, inputs.lower_better, normalisation)
    return index_of(scores, inputs.weight)


def add_rank_ranges(cursor, result: pl.DataFrame, values: dict) -> pl.DataFrame:
    """Fill rank_low / rank_high of a rankings result (kept around the rank shown)."""
    ranked = result.filter(pl.col("status") == "ranked")["unit_code"].to_list()
    if values["draws"] <= 0 or not ranked:
        return result
    inputs = load_inputs(cursor, values["quarter"])
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
