"""Streamlit's own words on its widgets, said in the page's language: what an empty select box
shows (``placeholder=``; Streamlit would say "Choose an option" / "Choose options" in English
on a Chinese page). Streamlit's file uploader has no parameter for its "Drag and drop files
here" / "Upload" texts, so they stay Streamlit's own."""

STRINGS = {
    "widget.choose_one": ("请选择", "Choose an option"),
    "widget.choose_many": ("请选择（可多选）", "Choose options"),
}
