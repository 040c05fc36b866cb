"""Plausible rank ranges by seeded simulation: the part of the ranking SQL does badly.

Each draw perturbs every value that carries sampling noise, re-scores, re-weights and re-ranks
the units, exactly as the SQL does once. A unit's plausible range is the 2.5th to 97.5th
percentile of its simulated ranks (docs/METHOD.md, "Plausible rank range"):

- proportions with an n: normal noise with the standard error implied by the Wilson interval
  shown, (ci_high − ci_low) / (2 × z95) with the interval's own z (queries/levels.py), kept
  within 0–1;
- counts: Poisson noise, standard deviation √value, kept ≥ 0;
- other numbers (mean scores, hours per staff): no sampling information, held fixed.

The simulation is deterministic given the data and the parameters, so its ranges are memoised
per cache version and parameter set (``cache_rank_ranges``, queries/indicator_cache.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from queries import indicator_cache
from queries.catalogue import HERE
from queries.levels import UPPER_TAIL
from queries.pipeline import ensure_macros, staged_sql, used_params

RANGES_SCHEMA = {"unit_code": pl.String, "sim_low": pl.Int64, "sim_high": pl.Int64}
METHOD_FILES = (Path(__file__), HERE / "rankings.sql", HERE / "runner.py")
CELLS_PER_BATCH = 4_000_000  # draws × units × indicators held in memory at once (16 MB)

INPUTS_SQL = """
SELECT
    unit_code,
    peer_group,
    indicator_code,
    direction,
    unit,
    value,
    target,
    CASE
        WHEN $weighting <> 'equal' THEN weight
        WHEN assessed(weight)
            THEN 1.0 / (SELECT count(*) FROM defined_indicators WHERE assessed(weight))
        ELSE 0.0
    END AS weight,
    CASE
        WHEN ci_low IS NOT NULL THEN (ci_high - ci_low) / (2 * z95())
        WHEN unit = 'count' THEN sqrt(greatest(value, 0))
        ELSE 0
    END AS sd
FROM unit_indicator_values
WHERE quarter = $quarter
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
    """The current quarter's values, targets, weights and noise, as units × indicators matrices.

    Noise: proportions with an n get the standard error implied by their Wilson interval,
    (ci_high − ci_low) / (2 × z95); counts √value; other numbers none (held fixed)."""

    sql = staged_sql(cursor, INPUTS_SQL, "values", values.get("cached", False))
    ensure_macros(cursor)
    params = {**values, "first_quarter": values["quarter"], "last_quarter": values["quarter"]}
    frame = cursor.execute(sql, used_params(sql, params)).pl()
    frame = frame.with_columns(
        unit_row=pl.col("unit_code").rank("dense") - 1,
        code_column=pl.col("indicator_code").rank("dense") - 1,
    ).sort("unit_row")
    per_unit = frame.unique("unit_row", keep="first", maintain_order=True)
    per_code = frame.unique("code_column", keep="first").sort("code_column")
    rows, columns = frame["unit_row"].to_numpy(), frame["code_column"].to_numpy()
    shape = (per_unit.height, per_code.height)

    def matrix(column: str, missing: float) -> np.ndarray:
        wide = np.full(shape, missing)
        wide[rows, columns] = frame[column].cast(pl.Float64).fill_null(missing).to_numpy()
        return wide

    groups = per_unit["peer_group"].to_list()
    group_index = {g: i for i, g in enumerate(sorted(set(groups)))}
    return Inputs(
        units=per_unit["unit_code"].to_list(),
        groups=np.array([group_index[g] for g in groups], dtype=np.int64),
        value=matrix("value", np.nan),
        target=matrix("target", np.nan),
        weight=matrix("weight", 0.0),
        noise_sd=matrix("sd", 0.0),
        lower_better=(per_code["direction"] == "lower").to_numpy(),
        is_rate=(per_code["unit"] == "rate").to_numpy(),
        codes=per_code["indicator_code"].to_list(),
    )


def attainment_scores(value: np.ndarray, target: np.ndarray, lower_better: np.ndarray):
    """The SQL attainment rule (stages/unit_indicator_values.sql), vectorised: the value is
    compared with the target to 9 decimals, as there."""
    compared = np.round(value, 9)
    with np.errstate(divide="ignore", invalid="ignore"):
        higher = np.where(
            compared >= target,
            100.0,
            np.where(target <= 0, 0.0, np.maximum(0.0, 100.0 * value / target)),
        )
        lower = np.where(
            compared <= target,
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
    """Rank within each row, 1 = largest merit; equal values share the best rank (1, 2, 2, 4).

    Small integer merits (the index in hundredths) sort by radix sort ("stable" for 16-bit
    integers), faster than sorting floats (bench/bench_rankings.py times the rankings with their
    ranges); the order within a tie does not matter since tied units get the same rank."""
    draws, units = merit.shape
    kind = "stable" if merit.dtype == np.int16 else "quicksort"
    order = np.argsort(-merit, axis=1, kind=kind)
    ordered = np.take_along_axis(merit, order, axis=1)
    starts_tie = np.empty((draws, units), dtype=bool)
    starts_tie[:, 0] = True
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=starts_tie[:, 1:])
    first_of_tie = np.where(starts_tie, np.arange(units, dtype=np.int32), np.int32(0))
    np.maximum.accumulate(first_of_tie, axis=1, out=first_of_tie)
    ranks = np.empty((draws, units), dtype=np.int32)
    np.put_along_axis(ranks, order, first_of_tie + 1, axis=1)
    return ranks


def rank_percentiles(ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column, the 2.5th percentile rounded down and the 97.5th rounded up (the same as
    np.quantile with method lower / higher), by one partial sort: the 95% level."""
    draws = ranks.shape[0]
    upper = UPPER_TAIL["95"]
    low_at = int(np.floor((1 - upper) * (draws - 1)))
    high_at = int(np.ceil(upper * (draws - 1)))
    parted = np.partition(ranks, (low_at, high_at), axis=0)
    return parted[low_at], parted[high_at]


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

    Only values with noise are drawn, and only for the units the ranking needs: the ranked
    ones, or every unit of the peer groups when scores are relative to the group (min–max,
    z-score). The scores of fixed values (and their weights) enter every draw as constants.

    Units are drawn in unit_code order whatever order they are given in, so the ranges depend
    only on the data and the parameters (the SQL may order units tied at a rounding boundary
    differently from one run to the next), as memoising them requires.
    """
    position = {u: i for i, u in enumerate(inputs.units)}
    rows = np.array(sorted(position[u] for u in ranked_units if u in position), dtype=np.int64)
    if len(rows) == 0 or draws <= 0:
        return {}
    if indicator_code != "index":
        merit_of = IndicatorMerit(inputs, rows, inputs.codes.index(indicator_code))
    elif normalisation == "attainment":
        merit_of = AttainmentIndexMerit(inputs, rows)
    else:
        merit_of = PeerIndexMerit(inputs, rows, normalisation)
    rng = np.random.default_rng(seed)
    batch = max(1, CELLS_PER_BATCH // max(1, merit_of.cells_per_draw))
    ranks = np.empty((draws, len(rows)), dtype=np.int32)
    for start in range(0, draws, batch):
        size = min(batch, draws - start)
        ranks[start : start + size] = competition_ranks(merit_of(rng, size))
    low, high = rank_percentiles(ranks)
    for members in alike(inputs, rows):
        pooled = ranks[:, members].reshape(-1, 1)
        low[members], high[members] = (bound[0] for bound in rank_percentiles(pooled))
    units = [inputs.units[r] for r in rows]
    return {u: (int(lo), int(hi)) for u, lo, hi in zip(units, low, high, strict=True)}


def alike(inputs: Inputs, rows: np.ndarray) -> list[np.ndarray]:
    """The positions in ``rows`` of units whose every input is the same (values, targets,
    weights, noise and peer group), in classes of two or more. Their simulated ranks have one
    distribution, so their range is read from all their draws together: drawn apart, six
    identical township centres tied at rank 8 showed 3–16 and one of them 4–16, a difference
    of the simulation's noise that the table stated as one of the units'."""
    parts = (inputs.value, inputs.target, inputs.weight, inputs.noise_sd)
    keys = [
        np.concatenate([part[row] for part in parts]).tobytes()
        + inputs.groups[row : row + 1].tobytes()
        for row in rows
    ]
    classes: dict[bytes, list[int]] = {}
    for position, key in enumerate(keys):
        classes.setdefault(key, []).append(position)
    return [np.array(members) for members in classes.values() if len(members) > 1]


def noisy_and_fixed(inputs: Inputs) -> tuple[np.ndarray, np.ndarray]:
    """Indicator columns with sampling noise for some unit, and the others."""
    has_noise = (inputs.noise_sd > 0).any(axis=0)
    return np.flatnonzero(has_noise), np.flatnonzero(~has_noise)


def draw_values(rng, value, sd, is_rate, draws: int) -> np.ndarray:
    """draws × columns × units values (float32): value + normal noise, kept ≥ 0 and rates ≤ 1.

    ``value`` and ``sd`` are columns × units; NaN values stay NaN."""
    drawn = rng.standard_normal((draws, *value.shape), dtype=np.float32)
    drawn *= sd
    drawn += value
    np.maximum(drawn, np.float32(0), out=drawn)
    upper = np.where(is_rate, np.float32(1), np.float32(np.inf)).astype(np.float32)
    np.minimum(drawn, upper[:, None], out=drawn)
    return drawn


class IndicatorMerit:
    """One indicator: the drawn value, negated when lower is better."""

    def __init__(self, inputs: Inputs, rows, column: int):
        self.value = inputs.value[rows, column][None, :].astype(np.float32)
        self.sd = inputs.noise_sd[rows, column][None, :].astype(np.float32)
        self.is_rate = inputs.is_rate[[column]]
        self.sign = np.float32(-1 if inputs.lower_better[column] else 1)
        self.cells_per_draw = len(rows)

    def __call__(self, rng, draws: int) -> np.ndarray:
        return self.sign * draw_values(rng, self.value, self.sd, self.is_rate, draws)[:, 0, :]


class AttainmentIndexMerit:
    """The civility index under target attainment, rounded to 2 decimals as the SQL ranks it.

    Attainment needs no other unit, so only the ranked units are drawn. Which scores a unit has
    does not change between draws (a value or target that is missing stays missing), so the
    weights covered are constant and a missing cell simply gets weight 0."""

    def __init__(self, inputs: Inputs, rows):
        noisy, fixed = noisy_and_fixed(inputs)
        value, target = inputs.value[rows][:, noisy].T, inputs.target[rows][:, noisy].T
        has = ~np.isnan(value) & ~np.isnan(target)
        self.value = np.where(has, value, 0).astype(np.float32)
        self.target = np.where(has, target, 1).astype(np.float32)
        self.sd = np.where(has, inputs.noise_sd[rows][:, noisy].T, 0).astype(np.float32)
        self.weight = np.where(has, inputs.weight[rows][:, noisy].T, 0).astype(np.float32)
        self.lower_better = inputs.lower_better[noisy]
        self.is_rate = inputs.is_rate[noisy]
        fixed_sum, fixed_weight = fixed_part(inputs, fixed, "attainment")
        self.fixed_sum = fixed_sum[rows].astype(np.float32)
        self.weight_covered = (self.weight.sum(axis=0) + fixed_weight[rows]).astype(np.float32)
        self.cells_per_draw = max(1, self.value.size)

    def __call__(self, rng, draws: int) -> np.ndarray:
        drawn = draw_values(rng, self.value, self.sd, self.is_rate, draws)
        weighted = self.fixed_sum + np.zeros((draws, 1), dtype=np.float32)
        with np.errstate(divide="ignore", invalid="ignore"):
            for k in range(drawn.shape[1]):
                score = attainment_f32(drawn[:, k, :], self.target[k], self.lower_better[k])
                score *= self.weight[k]
                weighted += score
            merit = weighted / self.weight_covered
        return hundredths(merit)


def hundredths(index: np.ndarray) -> np.ndarray:
    """The index rounded to 2 decimals, as the SQL ranks it, in hundredths (0–10000, int16)."""
    return np.rint(np.clip(index, 0, 100) * 100).astype(np.int16)


def attainment_f32(value: np.ndarray, target: np.ndarray, lower_better: bool) -> np.ndarray:
    """The SQL attainment rule for drawn values (≥ 0) and finite targets, in float32.

    Higher is better: target > 0 → min(100, 100 × value / target); target ≤ 0 → 100 (a value
    ≥ 0 meets it). Lower is better: target > 0 → min(100, 100 × target / value); target ≤ 0 →
    100 / (1 + value − target). Same results as ``attainment_scores`` for such values."""
    positive = target > 0
    if lower_better:
        return np.where(
            positive, np.minimum(target / value * 100, 100), 100 / (1 + value - target)
        ).astype(np.float32, copy=False)
    return np.where(positive, np.minimum(value / target * 100, 100), 100).astype(
        np.float32, copy=False
    )


class PeerIndexMerit:
    """The civility index under min–max or z-score within peer group, rounded to 2 decimals.

    Scores are relative to the group, so every unit in scope is drawn."""

    def __init__(self, inputs: Inputs, rows, normalisation: str):
        self.inputs, self.rows, self.normalisation = inputs, rows, normalisation
        self.noisy, fixed = noisy_and_fixed(inputs)
        self.constant = fixed_part(inputs, fixed, normalisation)
        self.cells_per_draw = max(1, len(inputs.units) * len(self.noisy))

    def __call__(self, rng, draws: int) -> np.ndarray:
        inputs, noisy = self.inputs, self.noisy
        value = inputs.value[:, noisy].T.astype(np.float32)
        sd = inputs.noise_sd[:, noisy].T.astype(np.float32)
        drawn = draw_values(rng, value, sd, inputs.is_rate[noisy], draws).transpose(0, 2, 1)
        scores = scores_of(drawn, inputs, noisy, self.normalisation)
        merit = index_with(scores, inputs.weight[:, noisy], self.constant)
        return hundredths(merit[:, self.rows])


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
    table = memoised_ranges(cursor, ranked, values)
    if table is None:
        return result
    joined = result.join(table, on="unit_code", how="left", maintain_order="left")
    return (
        joined.with_columns(
            rank_low=pl.min_horizontal("sim_low", "rank"),
            rank_high=pl.max_horizontal("sim_high", "rank"),
        )
        .drop("sim_low", "sim_high")
        .select(result.columns)
    )


def memoised_ranges(cursor, ranked: list[str], values: dict) -> pl.DataFrame | None:
    """The simulated ranges, memoised per cache version and parameters (indicator_cache.py):
    read when this version of the data was simulated with these parameters before, else
    simulated and stored. Without the cache (bypassed or unavailable) simply simulated."""
    version = values.get("cache_version") if values.get("cached") else None
    if version is None:
        return simulated_ranges(cursor, ranked, values)
    params = {name: values[name] for name in indicator_cache.RANGE_PARAMS}
    method = method_digest()
    stored = indicator_cache.stored_rank_ranges(cursor, version, method, params)
    if stored is not None:
        return stored
    table = simulated_ranges(cursor, ranked, values)
    if table is not None and not table.is_empty():
        indicator_cache.store_rank_ranges(cursor, version, method, params, table)
    return table


def simulated_ranges(cursor, ranked: list[str], values: dict) -> pl.DataFrame | None:
    """unit_code, sim_low, sim_high by seeded simulation; None when the indicator has no values
    this quarter."""
    inputs = load_inputs(cursor, values)
    if values["indicator_code"] != "index" and values["indicator_code"] not in inputs.codes:
        return None
    ranges = simulate_ranks(
        inputs,
        ranked,
        indicator_code=values["indicator_code"],
        normalisation=values["normalisation"],
        draws=values["draws"],
        seed=values["seed"],
    )
    return pl.DataFrame(
        {
            "unit_code": list(ranges),
            "sim_low": [lo for lo, _ in ranges.values()],
            "sim_high": [hi for _, hi in ranges.values()],
        },
        schema=RANGES_SCHEMA,
    )


def method_digest() -> str:
    """A digest of the code the ranges are computed with: after an edit, memoised ranges of the
    old code are not served."""
    return indicator_cache.digest_of(
        tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in METHOD_FILES)
    )
