"""Data quality: which unit reported which kind of file for which quarter, files loaded after
the deadline, and indicator values far from a unit's history or its peers (to check)."""

import streamlit as st

from charts import builders
from ui import data_quality_view as view
from ui import page_parts as parts
from ui.data import query
from ui.frame import frame

ctx = frame("data_quality")

st.title(ctx.t("frame.menu.data_quality"))
if ctx.quarter is None:
    parts.no_data_state(ctx)
    st.stop()

districts = query("districts")["district"].to_list()
chosen = view.read_filters(ctx, districts)
st.caption(
    ctx.t(
        "pages.quality.caption",
        quarter=ctx.quarter_text,
        scope=builders.peer_group_label(ctx.peer_group, ctx.lang),
    )
)
view.draw_completeness(ctx, chosen)
view.draw_late_loads(ctx, chosen)
view.draw_outliers(ctx, chosen)
