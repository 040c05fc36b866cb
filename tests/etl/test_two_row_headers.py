"""Headers over two rows, as forms are drawn: a group label merged over columns named in the
row below, names merged down both rows, a row of group labels above the names, a row of units
in brackets under them. Each is read as one header; the rows below it are the data, numbered
as the spreadsheet shows them. Expected values are the cells written in each test."""

from __future__ import annotations

import pytest
from etl_helpers import fixture_bytes, fixture_problems, merged_workbook, parse, problems_of

from etl.problems import FileRejected
from etl.read import read_file


def merged_survey_form(rows: list[list]) -> bytes:
    """A title row, then 调查结果 merged over 样本量/满意人数/满意度得分 (row 3); the other
    names merged down rows 2–3; the data from row 4."""
    head = [
        ["2025年第三季度患者满意度调查汇总表"],
        ["序号", "单位编码", "单位名称", "季度", "调查类型", "调查结果", None, None],
        [None, None, None, None, None, "样本量", "满意人数", "满意度得分"],
    ]
    merges = ("A1:H1", *(f"{c}2:{c}3" for c in "ABCDE"), "F2:H2")
    return merged_workbook(head + rows, merges)


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


def test_under_a_title_a_group_label_over_optional_columns_loses_none_of_them():
    """整改情况 merged over the two optional date columns, under a title: the dates load (they
    were once taken for an unknown column 整改情况 and silently left out)."""
    names = ["序号", "单位编码", "检查日期", "检查类型", "检查项目", "得分", "满分", "问题描述"]
    data = merged_workbook(
        [
            ["城关区2025年第三季度检查结果"],
            [*names, "整改情况", None],
            [None] * len(names) + ["整改期限", "整改完成日期"],
            [
                1,
                "H001",
                "2025-08-01",
                "暗访",
                "服务态度",
                8,
                10,
                "态度生硬",
                "2025-08-31",
                "2025-08-20",
            ],
        ],
        ("A1:J1", "I2:J2", *(f"{c}2:{c}3" for c in "ABCDEFGH")),
    )
    raw = read_file(data, "检查.xlsx")
    assert (raw.first_data_row, raw.ignored_columns) == (4, ["序号"])
    row = parse(data, "检查.xlsx").row(0, named=True)
    assert (str(row["rectify_by"]), str(row["rectified_on"])) == ("2025-08-31", "2025-08-20")


def test_a_group_label_that_is_itself_a_column_name_yields_to_the_names_under_it():
    """满意度 (a spelling of the score) over 满意人数 and 满意率: the counts are satisfied
    counts, not scores; 满意率 is no column of a survey and is named as ignored."""
    data = merged_workbook(
        [
            ["2025年第三季度满意度调查"],
            ["序号", "单位编码", "季度", "调查类型", "样本量", "满意度", None],
            [None, None, None, None, None, "满意人数", "满意率"],
            [1, "H001", "2025Q3", "门诊", 80, 72, 0.9],
        ],
        ("F2:G2",),
    )
    assert read_file(data, "s.xlsx").ignored_columns == ["序号", "满意率"]
    row = parse(data, "s.xlsx").row(0, named=True)
    assert (row["respondents"], row["satisfied"], row["score"]) == (80, 72, None)


def test_group_labels_names_and_units_over_three_rows_below_a_title_and_a_blank_row():
    data = merged_workbook(
        [
            ["2025年第三季度满意度调查"],
            [],
            ["基本情况", None, None, "调查结果", None],
            ["单位编码", "季度", "调查类型", "样本量", "满意人数"],
            [None, None, None, "（人）", "（人）"],
            ["H002", "2025Q3", "住院", 50, 45],
        ]
    )
    raw = read_file(data, "s.xlsx")
    assert raw.first_data_row == 6
    row = parse(data, "s.xlsx").row(0, named=True)
    assert (row["_row"], row["unit_code"], row["respondents"], row["satisfied"]) == (
        6,
        "H002",
        50,
        45,
    )


def test_a_group_label_and_the_name_under_it_may_name_a_column_together():
    """调查 over 人数 reads 调查人数, a spelling of the sample size; 人数 alone is none."""
    text = "单位编码,季度,调查类型,调查,\n,,,人数,满意人数\nT001,2025Q3,门诊,60,51\n"
    row = parse(text, "surveys.csv").row(0, named=True)
    assert (row["respondents"], row["satisfied"]) == (60, 51)


def activities_with_participants_split(sub_labels: tuple[str, str]) -> bytes:
    """参与人数 merged over two sub-columns (row 2), the other names merged down rows 1–2, one
    data row (row 3) of 20 职工 and 80 群众."""
    head = [
        ["单位编码", "季度", "活动类型", "次数", "参与人数", None, "志愿服务时长"],
        [None, None, None, None, *sub_labels, None],
        ["H001", "2025Q3", "义诊", 2, 20, 80, 10],
    ]
    merges = (*(f"{c}1:{c}2" for c in "ABCDG"), "E1:F1")
    return merged_workbook(head, merges)


def test_a_column_given_in_parts_under_its_name_is_refused_naming_the_parts():
    # neither 20 (the first part) nor 80 may load as 参与人数, nor may their sum be guessed
    data = activities_with_participants_split(("职工", "群众"))
    [problem] = problems_of(data, "活动.xlsx")
    assert (problem.row, problem.value) == (2, "职工、群众")
    assert problem.column == "参与人数 (participants)"
    assert "“参与人数”下分成了这几列，而本表的“参与人数”是一列合计" in problem.expected_zh
    assert "merge them into one 参与人数 column holding the total" in problem.expected


def test_a_csv_with_a_column_given_in_parts_is_refused_too():
    text = (
        "单位编码,季度,活动类型,次数,参与人数,,志愿服务时长\n"
        ",,,,男,女,\n"
        "H001,2025Q3,义诊,2,20,80,10\n"
    )
    [problem] = problems_of(text, "活动.csv")
    assert (problem.row, problem.value) == (2, "男、女")


def test_names_under_a_label_that_is_no_column_are_sub_columns_not_a_data_row():
    # 其他 over 主办科室/地点: columns the contract does not know, ignored as any such column
    head = [
        ["单位编码", "季度", "活动类型", "次数", "参与人数", "其他", None],
        [None, None, None, None, None, "主办科室", "地点"],
        ["H001", "2025Q3", "义诊", 2, 100, "内科", "广场"],
    ]
    data = merged_workbook(head, (*(f"{c}1:{c}2" for c in "ABCDE"), "F1:G1"))
    raw = read_file(data, "活动.xlsx")
    assert (raw.first_data_row, raw.ignored_columns) == (3, ["主办科室", "地点"])
    frame = parse(data, "活动.xlsx")
    assert frame.select("_row", "unit_code", "participants").rows() == [(3, "H001", 100)]


def test_a_header_merged_over_columns_that_hold_data_is_refused_not_read_as_its_first():
    """A trial's form: 检查项目 merged across D1:E1 over an item's two levels. The item read
    as 服务态度 alone (E passed over as a column without a header, which it is not to the
    analyst), and two items of one first level (服务态度 | 挂号窗口, 服务态度 | 收费窗口) as
    one, a duplicate row the sheet does not show."""
    data = fixture_bytes("inspections_merged_header.xlsx")
    [problem] = problems_of(data, "inspections_merged_header.xlsx")
    assert (problem.row, problem.column, problem.value) == (1, "检查项目 (item)", "检查项目")
    assert "merged over columns D–E" in problem.expected
    assert "such as '挂号窗口'" in problem.expected
    assert "would read only column D" in problem.expected
    assert problem.column_in("zh") == "检查项目"  # no English name in a Chinese message
    with pytest.raises(FileRejected) as rejected:  # the Upload page names the kind
        read_file(data, "inspections_merged_header.xlsx")
    assert rejected.value.kind == "inspections"


def test_an_old_xls_header_merged_over_data_names_the_columns_the_sheet_shows():
    # the table from column B: the merge is E1:F1, not D–E as the frame counts its columns
    [problem] = fixture_problems("inspections_merged_header.xls")
    assert (problem.row, problem.column) == (1, "检查项目 (item)")
    assert "merged over columns E–F" in problem.expected
    assert "would read only column E" in problem.expected


def test_a_header_merged_over_empty_columns_only_widens_it():
    head = [
        ["单位编码", "季度", "活动类型", "次数", "参与人数", None, "志愿服务时长"],
        ["H001", "2025Q3", "义诊", 2, 100, None, 10],
    ]
    frame = parse(merged_workbook(head, ("E1:F1",)), "活动.xlsx")
    assert frame.select("_row", "participants", "volunteer_hours").rows() == [(2, 100, 10.0)]


def test_a_text_column_given_in_parts_is_to_be_written_in_one_cell_not_added_up():
    head = [
        ["单位编码", "检查日期", "检查类型", "检查项目", None, "得分", "满分"],
        [None, None, None, "一级指标", "二级指标", None, None],
        ["H001", "2025-07-05", "暗访", "服务态度", "挂号窗口", 9, 10],
    ]
    data = merged_workbook(head, (*(f"{c}1:{c}2" for c in "ABCFG"), "D1:E1"))
    [problem] = problems_of(data, "暗访.xlsx")
    assert (problem.row, problem.value) == (2, "一级指标、二级指标")
    assert "write each row's parts in one 检查项目 cell" in problem.expected
    assert "total" not in problem.expected
    assert "写进同一个“检查项目”单元格" in problem.expected_zh
    assert problem.column_in("zh") == "检查项目"


def types_across(types: tuple[str, str], names: tuple[str, str], figures: tuple) -> bytes:
    """A sheet of one row per unit (H001, 2025Q3), each of two ``types`` a group label merged
    over its own columns ``names``."""
    return merged_workbook(
        [
            ["单位编码", "季度", types[0], None, types[1], None],
            [None, None, *names, *names],
            ["H001", "2025Q3", *figures],
        ],
        ("A1:A2", "B1:B2", "C1:D1", "E1:F1"),
    )


def test_figures_given_once_per_type_across_the_sheet_are_told_to_be_rows_of_their_own():
    """Trial H: a survey sheet of one row per unit, 门诊 and 住院 each a group label merged over
    its own 样本量 and 满意人数, was told it held two tables side by side, to be separated or
    the right-hand one moved under the left-hand one (which leaves a table without its
    survey types), and, as a second problem, that 调查类型 was missing. The groups are the
    types: one problem says so, with the fix, a row per unit and type. Activity types across
    the sheet (义诊, 健康讲座 over 次数 and 参与人数) alike."""
    survey = types_across(("门诊", "住院"), ("样本量", "满意人数"), (100, 90, 80, 70))
    [problem] = problems_of(survey, "满意度.xlsx")
    assert problem.column == "调查类型 (survey_type)"
    assert problem.expected == (
        "the header (row 1–2) holds 样本量, 满意人数 once for each group of columns (from "
        "column C and from column E) and the file has no 调查类型 column: each group is "
        "one 调查类型's figures, the groups side by side. Write one row per unit "
        "and 调查类型 instead: add a 调查类型 column, put each group's figures on a row of "
        "their own under one header each, and load again"
    )
    assert problem.expected_zh == (
        "表头（第 1–2 行）中 样本量、满意人数 按列组重复出现（从 C 列起和从 E 列起），"
        "而文件中没有“调查类型”列：每组列是一个调查类型的数字，各组左右并排。"
        "请改为每个单位每个调查类型一行：添加“调查类型”列，把每组的数字各写成一行、"
        "放在同一组表头下，再上传"
    )
    activities = types_across(("义诊", "健康讲座"), ("次数", "参与人数"), (2, 20, 3, 30))
    [problem] = problems_of(activities, "活动.xlsx")
    assert problem.column == "活动类型 (activity_type)"
    assert "and the file has no 活动类型 column" in problem.expected
