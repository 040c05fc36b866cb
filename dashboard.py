"""Overview (placeholder until the Overview page is written): the shared frame only."""

from ui.frame import frame

ctx = frame("overview")

import streamlit as st  # noqa: E402

st.title(ctx.t("frame.menu.overview"))
