"""Every table the pages draw, read-only or editable: a cell with no value shows empty, as the
spreadsheet it came from shows it. Streamlit's grid writes None there (in English, on every
page: a rank of a unit with too little data, an activity without a date, a registry row in
force from the beginning)."""

from __future__ import annotations

import streamlit as st

EMPTY_CELL = ""  # what a missing value shows


def dataframe(data, **kwargs):
    """``st.dataframe`` with missing values shown empty; returns what it returns (the
    selection event of a table one may choose rows in)."""
    return st.dataframe(data, placeholder=EMPTY_CELL, **kwargs)


def data_editor(data, **kwargs):
    """``st.data_editor`` with missing values shown empty; returns the edited data."""
    return st.data_editor(data, placeholder=EMPTY_CELL, **kwargs)
