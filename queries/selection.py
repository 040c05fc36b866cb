"""Who the circular names: the business rule that picks the commended and the criticised
(the one rule of the queries layer written in Python: it reads named queries' frames, not tables).

The rule works on the named queries' frames only (``rankings`` per peer group,
``indicator_values``, ``funnel`` per proportion indicator), so it can be tested on a small
fixture and stated word for word in the circular's appendix (``CircularRules``).

- **Commended**: ranked in its peer group's top N, and even its worst plausible rank
  (``rank_high``) is still within the top N, so its place is not luck.
- **Named for rectification**: ranked in its group's bottom N, even its best plausible rank
  (``rank_low``) is still in the bottom N (its low place is not noise), *and* at least one
  indicator is below the funnel plot's 95% limit or misses its target by more than the margin.
  Those indicators are the reasons stated next to its name. The funnel's flags are the
  ``funnel`` query's at its defaults: exact limits, widened by random effects when the units
  are over-dispersed (queries/funnels.py), so a group that varies more than chance allows
  does not have its tail named for that variation alone.

N is ``top_n`` (10), but never more than half of the units ranked in the group, so that the
commended and the criticised can never overlap in a small group.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from etl import settings


@dataclass(frozen=True)
class CircularRules:
    top_n: int = 10
    max_share: float = 0.5  # N never exceeds this share of the units ranked in the group
    margin: float = 0.10  # "misses its target by more than 10% of the target"
    # files loaded later than this after quarter end are late (the setting, etl/settings.py)
    deadline_days: int = settings.method_value("deadline_days")


@dataclass(frozen=True)
class Selection:
    commended: pl.DataFrame  # rankings columns + group_n
    named: pl.DataFrame  # rankings columns + group_n
    reasons: pl.DataFrame  # unit_code, indicator_code, name_zh, name_en, unit, direction,
    #                        value, target, lower95, reason ('funnel' | 'margin')


def group_size_n(rules: CircularRules) -> pl.Expr:
    """N for each row's group: top_n, capped at max_share of the units ranked there."""
    cap = (pl.col("units_ranked") * rules.max_share).floor().cast(pl.Int64)
    return pl.min_horizontal(pl.lit(rules.top_n, dtype=pl.Int64), cap).alias("group_n")


def ranked_rows(rankings: pl.DataFrame, rules: CircularRules) -> pl.DataFrame:
    return rankings.filter(
        (pl.col("status") == "ranked") & pl.col("rank").is_not_null()
    ).with_columns(group_size_n(rules))


def select_commended(
    rankings: pl.DataFrame, rules: CircularRules = CircularRules()
) -> pl.DataFrame:
    """Top N of their group whose worst plausible rank is still in the top N."""
    return (
        ranked_rows(rankings, rules)
        .filter((pl.col("rank") <= pl.col("group_n")) & (pl.col("rank_high") <= pl.col("group_n")))
        .sort("peer_group", "rank", "unit_code")
    )


def bottom_beyond_noise(rankings: pl.DataFrame, rules: CircularRules) -> pl.DataFrame:
    """Bottom N of their group whose best plausible rank is still in the bottom N."""
    first_bottom_rank = pl.col("units_ranked") - pl.col("group_n") + 1
    return ranked_rows(rankings, rules).filter(
        (pl.col("group_n") > 0)
        & (pl.col("rank") >= first_bottom_rank)
        & (pl.col("rank_low") >= first_bottom_rank)
    )


def indicator_reasons(
    indicator_values: pl.DataFrame, funnel: pl.DataFrame, rules: CircularRules
) -> pl.DataFrame:
    """Indicator results that justify naming a unit: below the funnel's 95% limit, or a
    shortfall from the target larger than the margin (relative to the target). An indicator
    retired (``assessed`` false: weight 0 in the quarter, docs/METHOD.md) is no reason: its
    targets stay in force, and the circular named units for missing them."""
    indicator_values = indicator_values.filter(pl.col("assessed"))
    in_use = indicator_values.select("indicator_code").unique()
    funnel = funnel.join(in_use, on="indicator_code", how="semi")
    directions = indicator_values.select("indicator_code", "direction").unique()
    worse_than_noise = (
        pl.when(pl.col("direction") == "lower")
        .then(pl.col("flag") == "above")
        .otherwise(pl.col("flag") == "below")
    )
    below_funnel = (
        funnel.join(directions, on="indicator_code", how="left")
        .filter(worse_than_noise)
        .select("unit_code", "indicator_code", "lower95", pl.lit("funnel").alias("reason"))
    )
    # shortfall in the bad direction, as a share of the target; rounded so that a value
    # exactly at the margin (0.81 against 0.90 with 10%) is not named by a rounding error
    shortfall = (
        pl.when(pl.col("direction") == "lower")
        .then(pl.col("value") - pl.col("target"))
        .otherwise(pl.col("target") - pl.col("value"))
    ) / pl.col("target").abs()
    missed_target = (
        pl.when(pl.col("target") == 0)
        .then((pl.col("direction") == "lower") & (pl.col("value") > 0))
        .otherwise(shortfall.round(9) > rules.margin)
    )
    by_margin = indicator_values.filter(
        pl.col("value").is_not_null() & pl.col("target").is_not_null() & missed_target
    ).select("unit_code", "indicator_code", pl.lit("margin").alias("reason"))
    details = indicator_values.select(
        "unit_code", "indicator_code", "name_zh", "name_en", "unit", "direction", "value", "target"
    )
    both = pl.concat(
        [below_funnel, by_margin.with_columns(pl.lit(None, dtype=pl.Float64).alias("lower95"))],
        how="diagonal",
    )
    # one row per unit and indicator: the funnel reason, when both apply, is the stronger one
    reasons = both.sort("reason").unique(["unit_code", "indicator_code"], keep="first")
    return reasons.join(details, on=["unit_code", "indicator_code"], how="left").select(
        "unit_code",
        "indicator_code",
        "name_zh",
        "name_en",
        "unit",
        "direction",
        "value",
        "target",
        "lower95",
        "reason",
    )


def select_named(
    rankings: pl.DataFrame,
    indicator_values: pl.DataFrame,
    funnel: pl.DataFrame,
    rules: CircularRules = CircularRules(),
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Units named for rectification and, for each, the indicators that put it there."""
    candidates = bottom_beyond_noise(rankings, rules)
    reasons = indicator_reasons(indicator_values, funnel, rules).join(
        candidates.select("unit_code"), on="unit_code", how="semi"
    )
    named = candidates.join(reasons.select("unit_code").unique(), on="unit_code", how="semi")
    return (
        named.sort("peer_group", pl.col("rank"), "unit_code", descending=[False, True, False]),
        reasons.sort("unit_code", "indicator_code"),
    )


def select_units(
    rankings: pl.DataFrame,
    indicator_values: pl.DataFrame,
    funnel: pl.DataFrame,
    rules: CircularRules = CircularRules(),
) -> Selection:
    named, reasons = select_named(rankings, indicator_values, funnel, rules)
    return Selection(select_commended(rankings, rules), named, reasons)
