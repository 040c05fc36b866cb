"""The unit profile's history of groups and districts (the dated registry): presentation only,
the rows come from the named query ``unit_history``."""

from __future__ import annotations

import polars as pl
import streamlit as st

from charts import builders
from etl.contracts import CLOSING, MERGED
from ui import tables

HISTORY_COLUMNS = (
    "from_quarter",
    "to_quarter",
    "unit_name",
    "district",
    "peer_group",
    "staff_count",
    "parent_code",
    "status",
)


def unit_history(ctx, history: pl.DataFrame) -> None:
    """Each registry row of the unit with the quarters it holds for, oldest first."""
    st.subheader(ctx.t("pages.profile.history"))
    st.caption(ctx.t("pages.profile.history_help"))
    labels = {g: builders.peer_group_label(g, ctx.lang) for g in history["peer_group"].unique()}
    status = pl.col("status")
    shown = history.with_columns(
        pl.col("peer_group").replace_strict(labels, return_dtype=pl.String),
        pl.when(status == MERGED)
        .then(pl.lit(ctx.t("pages.profile.status.merged")))
        .when(status.is_in(CLOSING))
        .then(pl.lit(ctx.t("pages.profile.status.closed")))
        .otherwise(pl.lit(ctx.t("pages.profile.status.open")))
        .alias("status"),
        pl.when(pl.col("parent_outside"))
        .then(pl.lit(ctx.t("pages.profile.parent_outside")))
        .otherwise(pl.col("parent_code"))
        .alias("parent_code"),
    ).select(HISTORY_COLUMNS)
    tables.dataframe(
        shown.rename({c: ctx.t(f"pages.profile.history.{c}") for c in HISTORY_COLUMNS}),
        width="stretch",
        hide_index=True,
    )


def closed_notice(ctx, history: pl.DataFrame) -> None:
    """Say that the unit is closed, and from which quarter, when its latest registry row (the
    last of ``unit_history``, oldest first) closes it: its cards and findings of the quarters
    since are empty, which without a word reads as missing data."""
    if history.is_empty():
        return
    latest = history.row(-1, named=True)
    if latest["status"] in CLOSING and latest["from_quarter"] is not None:
        key = (
            "pages.profile.merged_from"
            if latest["status"] == MERGED
            else "pages.profile.closed_from"
        )
        st.info(ctx.t(key, quarter=ctx.quarter_said(latest["from_quarter"])))
