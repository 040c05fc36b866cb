"""Queries composed in Python from the SQL ones, and the post-step that adds rank ranges."""

from __future__ import annotations

import polars as pl

from queries.catalogue import Param, Query
from queries.uncertainty import add_rank_ranges

NORMALISATIONS = ("attainment", "minmax", "zscore")
RANKING_PARAMS = (
    Param("quarter", "quarter", required=True),
    Param("peer_group", "str", "全部"),
    Param("indicator_code", "indicator", "index"),
    Param("normalisation", "choice", "attainment", choices=NORMALISATIONS),
    Param("weighting", "choice", "table", choices=("table", "equal")),
    Param("max_missing", "float", 0.3),
    Param("draws", "int", 400),
    Param("seed", "int", 2005),
)


def top_bottom(con, *, n: int, **ranking) -> pl.DataFrame:
    """The best n and the worst n ranked units; ties at the edge come along."""
    from queries import run

    ranked = run(con, "rankings", **ranking).filter(pl.col("status") == "ranked")
    if ranked.is_empty():
        return ranked.with_columns(end=pl.lit(None, pl.String))
    worst_rank = ranked["rank"].max()
    top = ranked.filter(pl.col("rank") <= n).with_columns(end=pl.lit("top"))
    cutoff = worst_rank_cutoff(ranked["rank"].to_list(), n, worst_rank)
    bottom = ranked.filter(pl.col("rank") >= cutoff).with_columns(end=pl.lit("bottom"))
    return pl.concat([top, bottom])


def worst_rank_cutoff(ranks: list[int], n: int, worst_rank: int) -> int:
    """The rank at which the bottom n starts: the n-th worst unit's rank (ties included)."""
    ordered = sorted(ranks, reverse=True)
    return ordered[min(n, len(ordered)) - 1] if n > 0 else worst_rank + 1


def rank_sensitivity(con, *, quarter: str, peer_group: str, max_missing: float) -> pl.DataFrame:
    """Rank under each normalisation and under equal weights, and the largest shift."""
    from queries import run

    common = {"quarter": quarter, "peer_group": peer_group, "max_missing": max_missing, "draws": 0}
    variants = {
        "rank_attainment": {"normalisation": "attainment"},
        "rank_minmax": {"normalisation": "minmax"},
        "rank_zscore": {"normalisation": "zscore"},
        "rank_equal_weights": {"normalisation": "attainment", "weighting": "equal"},
    }
    base = None
    for column, options in variants.items():
        frame = run(con, "rankings", **common, **options).select(
            "unit_code", pl.col("rank").alias(column), *(["status"] if base is None else [])
        )
        base = frame if base is None else base.join(frame, on="unit_code", how="left")
    units = run(con, "units", peer_group=peer_group)
    rank_columns = list(variants)
    result = units.select("unit_code", "unit_name", "district", "peer_group").join(
        base, on="unit_code", how="inner"
    )
    return (
        result.with_columns(
            rank_best=pl.min_horizontal(rank_columns),
            rank_worst=pl.max_horizontal(rank_columns),
        )
        .with_columns(largest_shift=pl.col("rank_worst") - pl.col("rank_best"))
        .select(
            "unit_code",
            "unit_name",
            "district",
            "peer_group",
            *rank_columns,
            "rank_best",
            "rank_worst",
            "largest_shift",
            "status",
        )
        .sort(["rank_attainment", "unit_code"], nulls_last=True)
    )


COMPOSED = [
    Query(
        "top_bottom",
        "The top N and bottom N of a ranking (ties at the edge included), with rank ranges.",
        (*RANKING_PARAMS, Param("n", "int", 10)),
        composed=top_bottom,
    ),
    Query(
        "rank_sensitivity",
        "Each unit's rank under every normalisation and under equal weights; the largest shift.",
        (
            Param("quarter", "quarter", required=True),
            Param("peer_group", "str", "全部"),
            Param("max_missing", "float", 0.3),
        ),
        composed=rank_sensitivity,
    ),
]
POSTPROCESS = {"rankings": add_rank_ranges}
SQL_EXTRAS = {"funnel": {"indicator": "proportion"}, "funnel_limits": {"indicator": "proportion"}}
