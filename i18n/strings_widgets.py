"""Streamlit's own words on its widgets, said in the page's language: what an empty select box
shows (``placeholder=``; Streamlit would say "Choose an option" / "Choose options" in English
on a Chinese page), and the file uploader's button and limits and an empty date box's
yyyy/mm/dd, which have no parameter (streamlit#13500) and are put over Streamlit's own by a
style sheet (ui/upload_words.py). The English texts are Streamlit's."""

STRINGS = {
    "widget.choose_one": ("请选择", "Choose an option"),
    "widget.choose_many": ("请选择（可多选）", "Choose options"),
    "widget.upload_button": ("选择文件", "Upload"),
    "widget.upload_limits": ("每个文件不超过 {size}MB • {types}", "{size}MB per file • {types}"),
    # an empty date box's parts, which Streamlit writes in English whatever the page's language
    "widget.date_year": ("年", "yyyy"),
    "widget.date_month": ("月", "mm"),
    "widget.date_day": ("日", "dd"),
}
