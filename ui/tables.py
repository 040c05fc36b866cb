"""Every table the pages draw, read-only or editable: a cell with no value shows empty, as the
spreadsheet it came from shows it. Streamlit's grid writes None there (in English, on every
page: a rank of a unit with too little data, an activity without a date, a registry row in
force from the beginning)."""

from __future__ import annotations

import math
import re

import polars as pl
import streamlit as st

from charts.labels import half_up_values

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
    if isinstance(data, pl.DataFrame):
        data = rounded_as_shown(data, kwargs.get("column_config") or {})
    return st.dataframe(data, placeholder=EMPTY_CELL, **kwargs)


def data_editor(data, **kwargs):
    """``st.data_editor`` with missing values shown empty; returns the edited data."""
    return st.data_editor(data, placeholder=EMPTY_CELL, **kwargs)


# a number column's fixed decimals: "%.1f", "%+.2f"
FIXED_DECIMALS = re.compile(r"%\+?\.(\d+)f")


def decimals_shown(config) -> int | None:
    """How many decimals of its value a column's format shows: 1 for "%.1f"; 3 for shares
    shown as percentages to one decimal ("percent" with a step of 0.001); None when the
    format does not fix them (counts, text)."""
    type_config = config.get("type_config") if isinstance(config, dict) else None
    if not type_config or type_config.get("type") != "number":
        return None
    form, step = type_config.get("format") or "", type_config.get("step")
    if form == "percent" and step:
        return max(0, -math.floor(math.log10(step) + 1e-9))
    fixed = FIXED_DECIMALS.fullmatch(form)
    return int(fixed.group(1)) if fixed else None


def is_share(config) -> bool:
    """Whether a column's format shows its values as percentages."""
    type_config = config.get("type_config") if isinstance(config, dict) else None
    return bool(type_config) and type_config.get("format") == "percent"


def rounded_as_shown(data: pl.DataFrame, column_config: dict) -> pl.DataFrame:
    """The float columns a format shows to fixed decimals, rounded to them once, half up
    (``charts.labels.half_up``, as every figure in the charts, the pack and the circular): the
    browser's format would round the float again, on its binary value, so a change of
    89.85 − 80 (9.849999999999994) showed +9.8 in a table and +9.9 in the pack. A share
    shown as a percentage is kept off 0% and 100% unless it is one (``share_shown``)."""
    rounded = [
        half_up_values(data.get_column(name), digits, is_share(config))
        for name, config in column_config.items()
        if name in data.columns
        and data.schema[name] in (pl.Float64, pl.Float32)
        and (digits := decimals_shown(config)) is not None
    ]
    return data.with_columns(rounded) if rounded else data


def workbook_formats(column_config: dict) -> dict[str, str]:
    """The Excel number format of each number column that shows as the page's table shows it
    (``column_config``): "%+.1f" as +0.0, "%.2f" as 0.00, a share "percent" to its step's
    decimals as 0.0%, "localized" counts with thousands separators as #,##0. A column whose
    format fixes nothing (text, dates) is left to the workbook's own rule by its type."""
    formats = {}
    for name, config in column_config.items():
        type_config = config.get("type_config") if isinstance(config, dict) else None
        if not type_config or type_config.get("type") != "number":
            continue
        form, digits = type_config.get("format") or "", decimals_shown(config)
        if form == "localized":
            formats[name] = "#,##0"
        elif form == "percent" and digits is not None:
            formats[name] = fixed_format(max(digits - 2, 0)) + "%"
        elif digits is not None:
            fixed = fixed_format(digits)
            formats[name] = f"+{fixed};-{fixed};{fixed}" if form.startswith("%+") else fixed
    return formats


def fixed_format(digits: int) -> str:
    """Excel's number format of ``digits`` fixed decimals: 0, 0.0, 0.00 …"""
    return "0." + "0" * digits if digits else "0"
