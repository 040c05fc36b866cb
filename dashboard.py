"""Overview (placeholder until the Overview page is written): the shared frame only."""

import streamlit as st

from ui.frame import frame

ctx = frame("overview")
st.title(ctx.t("frame.menu.overview"))
