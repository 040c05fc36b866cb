"""ui.data_quality_view without Streamlit: the matrix's window of quarters, the units that
missed a report, and the kinds of report in the reader's language."""

import polars as pl

from ui import data_quality_view as view

QUARTERS = ("2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3")


def test_the_window_is_the_chosen_quarter_and_up_to_three_before_it():
    assert view.matrix_quarters(QUARTERS, "2026Q3") == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    assert view.matrix_quarters(QUARTERS, "2026Q1") == ["2025Q3", "2025Q4", "2026Q1"]
    assert view.matrix_quarters(QUARTERS, "2025Q3") == ["2025Q3"]


def test_units_that_missed_any_report_once_each_in_code_order():
    matrix = pl.DataFrame(
        {
            "unit_code": ["U2", "U2", "U1", "U1", "U3", "U3"],
            "quarter": ["2026Q1", "2026Q2"] * 3,
            "reported": [False, False, True, True, True, False],
        }
    )
    assert view.units_that_missed(matrix).to_list() == ["U2", "U3"]
    assert view.units_that_missed(matrix.filter(pl.col("unit_code") == "U1")).is_empty()


def test_missing_reports_are_labelled_by_kind_in_the_language():
    missing = pl.DataFrame(
        {"unit_code": ["U1", "U2"], "peer_group": ["全部", "全部"], "kind": ["surveys", "other"]}
    )
    english = view.with_kind_labels(missing, "en")
    assert english["kind_label"].to_list() == ["Surveys", "other"]
    assert view.with_kind_labels(missing, "zh")["kind_label"].to_list() == ["满意度调查", "other"]
    assert "peer_label" in english.columns


def test_late_corrections_name_their_files_as_written_not_as_markdown():
    """The caption put the files' names into Markdown as they were: an analyst's file named
    [点我](http://evil.example).csv showed every reader of the page a link, **x** bold."""
    said = view.corrections_said("en", ["[点我](http://evil.example).csv", "**x**.xlsx"])
    assert said == (
        "Corrections loaded after the deadline, not counted as late: 2 files, "
        "\\[点我\\]\\(http\\:\u2060\\/\\/evil\\.example\\)\\.csv, \\*\\*x\\*\\*\\.xlsx."
    )
    assert view.corrections_said("en", ["甲.csv"]) == (
        "Corrections loaded after the deadline, not counted as late: 1 file, 甲\\.csv."
    )
    assert view.corrections_said("zh", ["甲.csv"]) == (
        "截止日后载入的更正文件 1 份，不计为迟报：甲\\.csv。"
    )
