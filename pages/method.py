"""Method: the scoring method in plain words (docs/METHOD.md, written with the queries)."""

from pathlib import Path

import streamlit as st

from ui.frame import frame

ctx = frame("method", selectors=False)
METHOD_FILE = Path(__file__).resolve().parent.parent / "docs" / "METHOD.md"

st.title(ctx.t("frame.menu.method"))
if METHOD_FILE.is_file():
    st.markdown(METHOD_FILE.read_text(encoding="utf-8"))
else:
    st.info(ctx.t("method.missing"))
