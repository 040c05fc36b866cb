"""Beside quarter-on-quarter changes (rankings, the overview's movers): when the indicator system
changed between the previous quarter and the one shown, a unit's move may come from a new weight
or target rather than from the unit; the reader is told, with what changed."""

from __future__ import annotations

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
    changes = query("indicator_changes", from_quarter=before, to_quarter=ctx.quarter)
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
