"""Every table of the pages is drawn through ui.tables, so that a missing value shows empty on
every page (Streamlit's grid writes None)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui.tables import rounded_as_shown, workbook_formats

ROOT = Path(__file__).resolve().parents[2]
DRAWN_DIRECTLY = re.compile(r"\bst\.(dataframe|data_editor)\(")


def test_no_page_draws_a_table_but_through_ui_tables():
    sources = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "dashboard.py"]
    direct = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        if path.name != "tables.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if DRAWN_DIRECTLY.search(line)
    ]
    assert direct == []


def test_a_tables_figures_are_rounded_once_half_up_as_the_pack_rounds_them():
    """The browser's format rounds the float on its binary value: 89.85 − 80 (9.8499…94)
    showed +9.8 where the pack says +9.9; 13 of 16 (0.8125) showed 81.2%. A count column and
    a column of text are left as they are; null and NaN stay."""
    frame = pl.DataFrame(
        {
            "value_change": [89.85 - 80.0, -3.25, None, 2.04],
            "share": [13 / 16, 0.705, 0.99975, float("nan")],
            "index": [2.675, 99.995, 85.0, 0.125],
            "sessions": [1.5, 2.0, 3.0, 4.0],
        }
    )
    config = {
        "value_change": st.column_config.NumberColumn("变化", format="%+.1f"),
        "share": st.column_config.NumberColumn("达标率", format="percent", step=0.001),
        "index": st.column_config.NumberColumn("指数", format="%.2f"),
        "sessions": st.column_config.NumberColumn("次数", format="localized"),
    }
    shown = rounded_as_shown(frame, config)
    assert shown["value_change"].to_list() == [9.9, -3.3, None, 2.0]
    # 11,997 of 12,000: short of the whole, never shown as 100.0% (charts.labels.share_shown)
    assert shown["share"].to_list()[:3] == [0.813, 0.705, 0.999]
    assert shown["share"].is_nan().to_list() == [False, False, False, True]
    assert shown["index"].to_list() == [2.68, 100.0, 85.0, 0.13]
    assert shown["sessions"].to_list() == [1.5, 2.0, 3.0, 4.0]


def draw_a_table():
    import polars as pl
    import streamlit as st

    from ui import tables

    frame = pl.DataFrame({"value_change": [89.85 - 80.0]})
    config = {"value_change": st.column_config.NumberColumn("变化", format="%+.1f")}
    tables.dataframe(frame, column_config=config)


def test_the_table_a_page_draws_holds_the_rounded_figures():
    app = AppTest.from_function(draw_a_table).run()
    assert not app.exception
    assert app.dataframe[0].value["value_change"].tolist() == [9.9]


def test_a_workbook_shows_each_number_column_as_the_pages_table_does():
    """A trial of the downloads: the Overview's movers table shows a change as +15.9 and the
    ledger's days overdue as 1,058, but the workbook showed 15.921 (0.00##) and 1058 (0)."""
    config = {
        "value_change": st.column_config.NumberColumn("变化", format="%+.1f"),
        "share": st.column_config.NumberColumn("达标率", format="percent", step=0.001),
        "index": st.column_config.NumberColumn("指数", format="%.2f"),
        "rank": st.column_config.NumberColumn("名次", format="%.0f"),
        "days_overdue": st.column_config.NumberColumn("逾期天数", format="localized"),
        "name": st.column_config.TextColumn("单位名称"),
        "inspected_on": st.column_config.DateColumn("检查日期", format="YYYY-MM-DD"),
    }
    assert workbook_formats(config) == {
        "value_change": "+0.0;-0.0;0.0",
        "share": "0.0%",
        "index": "0.00",
        "rank": "0",
        "days_overdue": "#,##0",
    }
