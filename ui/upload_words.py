"""The file uploader's and the date box's own words in the page's language.

Streamlit's uploader says "Upload" on its button and "50MB per file • CSV, …" under it, in
English whatever the page's language, and takes no parameter for either (streamlit#13500); an
empty date box reads yyyy/mm/dd (its fields are drawn in en-US, and ``st.date_input`` takes no
placeholder). On a Chinese page a style sheet hides those texts and shows the catalogue's in
their place (CSS ``::after``). It targets Streamlit's test ids and the date fields' data-type,
which a new Streamlit may rename: tests/browser/test_browser_upload_flow.py checks the words a
reader sees.
"""

from __future__ import annotations

import streamlit as st

from i18n import t

BUTTON = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
LIMITS = '[data-testid="stFileUploaderDropzoneInstructions"] span'
# an empty part (year, month or day) of a date box
DATE_PART = '[data-testid="stDateInput"] [data-type="{part}"][data-placeholder]'
# the size Streamlit draws both texts in (0.875rem), which the replacement keeps
TEXT_SIZE = "0.875rem"


def css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def replaced(selector: str, text: str) -> str:
    """Rules that hide what ``selector`` says (from the page's text too: hidden text is not
    read out or copied) and say ``text`` instead."""
    return (
        f"{selector} {{ font-size: 0; visibility: hidden; }}\n"
        f"{selector}::after {{ content: {css_string(text)}; font-size: {TEXT_SIZE}; "
        "visibility: visible; }\n"
    )


def uploader_words(lang: str, types: tuple[str, ...]) -> None:
    """Put the page's words over the uploader's English ones (the page's uploader accepting
    ``types``); English pages keep Streamlit's."""
    if lang == "en":
        return
    limits = t(
        "widget.upload_limits",
        lang,
        size=st.get_option("server.maxUploadSize"),
        types=", ".join(kind.upper() for kind in types),
    )
    sheet = replaced(BUTTON, t("widget.upload_button", lang)) + replaced(LIMITS, limits)
    st.html(f"<style>\n{sheet}</style>")


def date_words(lang: str) -> None:
    """Put the page's words over an empty date box's yyyy, mm and dd; English pages keep
    Streamlit's."""
    if lang == "en":
        return
    sheet = "".join(
        replaced(DATE_PART.format(part=part), t(f"widget.date_{part}", lang))
        for part in ("year", "month", "day")
    )
    st.html(f"<style>\n{sheet}</style>")
