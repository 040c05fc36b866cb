"""The unit profile's headline as drawn: index, ranks with their change, and the share of the
weight the index covers (the figures come from the rank_history query)."""

import polars as pl
import streamlit as st

from ui import page_parts as parts


def draw_headline(ctx, history: pl.DataFrame) -> None:
    """The unit's index, ranks and weight covered in the chosen quarter (query rank_history)."""
    now = history.filter(pl.col("quarter") == ctx.quarter)
    row = now.row(0, named=True) if now.height else None
    cols = st.columns(4)
    index_change = row["index_change"] if row else None
    cols[0].metric(
        ctx.t("pages.profile.index_in", quarter=ctx.quarter),
        parts.number(row["civility_index"] if row else None),
        delta=None if index_change is None else f"{index_change:+.1f}",
        border=True,
    )
    cols[1].metric(
        ctx.t("pages.profile.rank_in_group"),
        rank_text(ctx, row, "rank", "units_ranked"),
        delta=rank_delta(ctx, row, "rank_change"),
        border=True,
    )
    cols[2].metric(
        ctx.t("pages.profile.rank_overall"),
        rank_text(ctx, row, "overall_rank", "overall_units_ranked"),
        delta=rank_delta(ctx, row, "overall_rank_change"),
        border=True,
    )
    covered, needed = (row["weight_covered"], row["weight_needed"]) if row else (None, None)
    cols[3].metric(
        ctx.t("pages.col.weight_covered"),
        parts.percent(covered),
        help=ctx.t("pages.profile.weight_help", needed=parts.percent(needed)),
        border=True,
    )
    if row and row["status"] == "insufficient_data":
        shares = {"covered": parts.percent(covered), "needed": parts.percent(needed)}
        st.warning(ctx.t("pages.profile.insufficient", **shares))


def rank_text(ctx, row: dict | None, rank: str, out_of: str) -> str:
    if not row or row[rank] is None:
        return "–"
    return ctx.t("pages.profile.rank_of", rank=row[rank], total=row[out_of])


def rank_delta(ctx, row: dict | None, change: str) -> str | None:
    """Places moved up (positive) since the previous quarter (query ``rank_history``)."""
    if not row or row[change] is None:
        return None
    return ctx.t("pages.profile.places", n=f"{row[change]:+d}")
