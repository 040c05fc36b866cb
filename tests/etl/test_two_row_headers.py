"""Headers over two rows, as forms are drawn: a group label merged over columns named in the
row below, names merged down both rows, a row of group labels above the names, a row of units
in brackets under them. Each is read as one header; the rows below it are the data, numbered
as the spreadsheet shows them. Expected values are the cells written in each test."""

from __future__ import annotations

import io

import openpyxl
from etl_helpers import parse, problems_of

from etl.read import read_file


def merged_survey_form(rows: list[list]) -> bytes:
    """A title row, then 调查结果 merged over 样本量/满意人数/满意度得分 (row 3); the other
    names merged down rows 2–3; the data from row 4."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年第三季度患者满意度调查汇总表"])
    sheet.merge_cells("A1:H1")
    sheet.append(["序号", "单位编码", "单位名称", "季度", "调查类型", "调查结果", None, None])
    sheet.append([None, None, None, None, None, "样本量", "满意人数", "满意度得分"])
    for column in "ABCDE":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("F2:H2")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_group_label_merged_over_names_in_the_row_below_is_read_as_one_header():
    data = merged_survey_form(
        [
            [1, "H001", "市第一人民医院", "2025Q3", "门诊", 120, 110, 91.5],
            [2, "H002", "市第二人民医院", "2025Q3", "住院", 80, 70, None],
        ]
    )
    raw = read_file(data, "满意度.xlsx")
    assert (raw.kind, raw.first_data_row) == ("surveys", 4)
    assert raw.ignored_columns == ["序号", "单位名称"]
    frame = parse(data, "满意度.xlsx")
    assert frame.select("_row", "unit_code", "survey_type", "respondents", "satisfied").rows() == [
        (4, "H001", "门诊", 120, 110),
        (5, "H002", "住院", 80, 70),
    ]
    assert frame["score"].to_list() == [91.5, None]


def test_a_problem_under_a_two_row_header_names_the_row_the_spreadsheet_shows():
    data = merged_survey_form(
        [
            [1, "H001", "市第一人民医院", "2025Q3", "门诊", 120, 110, None],
            [2, "H002", "市第二人民医院", "2025Q3", "门诊", "八十", 70, None],
        ]
    )
    [problem] = problems_of(data, "满意度.xlsx")
    assert (problem.row, problem.column, problem.value) == (5, "样本量 (respondents)", "八十")


def test_a_csv_form_with_group_labels_above_the_names():
    text = (
        "基本情况,,活动情况,,,\n"
        "单位编码,季度,活动类型,次数,参与人数,志愿服务时长\n"
        "H001,2025Q3,义诊,2,40,12.5\n"
        "T001,2025Q3,健康讲座,1,25,\n"
    )
    raw = read_file(text.encode(), "活动.csv")
    assert (raw.kind, raw.first_data_row) == ("activities", 3)
    frame = parse(text, "活动.csv")
    columns = ("_row", "unit_code", "activity_type", "sessions", "participants")
    assert frame.select(columns).rows() == [
        (3, "H001", "义诊", 2, 40),
        (4, "T001", "健康讲座", 1, 25),
    ]


def test_a_csv_two_row_header_with_names_merged_down():
    """As Excel saves such a form as CSV: the merged cells' other parts empty."""
    text = "单位编码,季度,调查类型,调查结果,\n,,,样本量,满意人数\nC001,2025Q3,公众,200,180\n"
    frame = parse(text, "surveys.csv")
    row = frame.row(0, named=True)
    assert (row["_row"], row["unit_code"], row["respondents"], row["satisfied"]) == (
        3,
        "C001",
        200,
        180,
    )


def test_a_row_of_units_in_brackets_under_the_names_is_part_of_the_header():
    text = (
        "单位编码,季度,活动类型,次数,参与人数,志愿服务时长\n"
        ",,,（次）,（人）,(小时)\n"
        "H001,2025Q3,义诊,3,60,8\n"
    )
    frame = parse(text, "activities.csv")
    row = frame.row(0, named=True)
    assert (row["_row"], row["sessions"], row["participants"], row["volunteer_hours"]) == (
        3,
        3,
        60,
        8.0,
    )


def test_the_first_data_row_under_a_one_row_header_stays_data():
    """A data row fills the cells under the names with values: never a second header row,
    even when a cell elsewhere in it happens to read like a header."""
    text = "序号,单位编码,季度,活动类型,次数,参与人数\n1,H001,2025Q3,次数,2,30\n"
    raw = read_file(text.encode(), "activities.csv")
    assert raw.first_data_row == 2
    row = parse(text, "activities.csv").row(0, named=True)
    assert (row["_row"], row["unit_code"], row["activity_type"]) == (2, "H001", "次数")


def test_an_unbracketed_unit_row_is_data_and_refused_by_name():
    """人 without brackets could be a value; the row is data, and its cells are refused."""
    text = "单位编码,季度,活动类型,次数,参与人数\n,,,次,人\nH001,2025Q3,义诊,2,30\n"
    problems = problems_of(text, "activities.csv")
    assert {(p.row, p.value) for p in problems if p.value in ("次", "人")} == {(2, "次"), (2, "人")}
