"""Every table the pages draw, read-only or editable: a cell with no value shows empty, as the
spreadsheet it came from shows it. Streamlit's grid writes None there (in English, on every
page: a rank of a unit with too little data, an activity without a date, a registry row in
force from the beginning)."""

from __future__ import annotations

import streamlit as st

EMPTY_CELL = ""  # what a missing value shows
HEADER_PX, ROW_PX = 38, 35  # Streamlit's grid: a header row (and borders), then rows of 35 px


def rows_height(rows: int) -> int:
    """The height that shows ``rows`` rows (at least one) without an inner scroll bar."""
    return HEADER_PX + ROW_PX * max(rows, 1)


def dataframe(data, **kwargs):
    """``st.dataframe`` with missing values shown empty; returns what it returns (the
    selection event of a table one may choose rows in). A height in pixels is the most the
    table takes: a table of three rows is not drawn 300 px tall under empty rows."""
    if isinstance(kwargs.get("height"), int):
        kwargs["height"] = min(kwargs["height"], rows_height(len(data)))
    return st.dataframe(data, placeholder=EMPTY_CELL, **kwargs)


def data_editor(data, **kwargs):
    """``st.data_editor`` with missing values shown empty; returns the edited data."""
    return st.data_editor(data, placeholder=EMPTY_CELL, **kwargs)
