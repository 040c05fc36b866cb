"""Beside quarter-on-quarter changes (rankings, the overview's movers): when the indicator system
changed between the previous quarter and the one shown, a unit's move may come from a new weight
or target rather than from the unit; the reader is told, with what changed."""

from __future__ import annotations

import polars as pl
import streamlit as st

from etl.quarters import previous_with_data
from ui.data import query
from ui.indicator_system_view import changes_table


def note_system_changes(ctx) -> None:
    """A closed expander naming how many weights, targets or indicators changed since the
    previous quarter, listing them; nothing when the system stayed the same, or when the
    previous quarter has no data (no index to have changed from)."""
    if ctx.quarter is None:
        return
    before = previous_with_data(ctx.quarter, ctx.quarters)
    if before is None:
        return
    changes = query(
        "indicator_changes", from_quarter=before, to_quarter=ctx.quarter, moving_only=True
    )
    if changes.is_empty():
        return
    label = ctx.t(
        "pages.system_changed",
        count=changes.height,
        before=ctx.quarter_said(before),
        quarter=ctx.quarter_text,
    )
    with st.expander(label, icon=":material/tune:"):
        changes_table(ctx, changes)


def note_window_changes(ctx, start: str, end: str) -> None:
    """Beside figures over a window of quarters (the Trends page's attainment rates): a
    closed expander naming the quarters of the window, after its first, whose indicator system
    differs from the quarter's before (with data), how many changes, and listing them; a target
    raised makes a rate fall though no unit changed. Nothing when the window holds none."""
    found = []
    for quarter in (q for q in ctx.quarters if start < q <= end):
        before = previous_with_data(quarter, ctx.quarters)
        if before is None:
            continue
        changes = query(
            "indicator_changes", from_quarter=before, to_quarter=quarter, moving_only=True
        )
        if not changes.is_empty():
            found.append((quarter, changes))
    if not found:
        return
    label = ctx.t(
        "pages.trends.system_changed",
        count=sum(changes.height for _, changes in found),
        quarters=ctx.t("text.list_sep").join(ctx.quarter_said(q) for q, _ in found),
    )
    with st.expander(label, icon=":material/tune:"):
        changes_table(ctx, pl.concat([changes for _, changes in found], how="vertical_relaxed"))
