"""Invisible characters (a zero-width space copied from a web page or a chat) are refused in
every checked cell, with one message saying what they are: kept, 义\u200b诊 would be a second
activity type that looks like 义诊; in a number or a quarter the cell could not be read at all."""

from __future__ import annotations

from etl_helpers import fixture_bytes, load, load_fixture, parse, problems_of

ZWSP = "\u200b"
HEADER = "单位编码,季度,活动类型,次数,参与人数,志愿服务时长\n"
INVISIBLE_ZH = "含有看不见的字符（如零宽空格"


def test_an_activity_type_with_a_zero_width_space_is_refused_not_a_second_type():
    text = HEADER + "H001,2025Q3,义诊,2,40,12\nT001,2025Q3,义" + ZWSP + "诊,1,25,\n"
    [problem] = problems_of(text, "活动.csv")
    assert (problem.row, problem.value) == (3, "义\u200b诊")
    assert problem.column == "活动类型 (activity_type)"
    assert problem.expected_zh.startswith(INVISIBLE_ZH)
    assert "invisible character" in problem.expected


def test_a_number_with_a_zero_width_space_gets_the_one_message_that_says_why():
    # 1\u200b00 is unreadable as a number; "write it in digits" would not help
    text = HEADER + "H001,2025Q3,义诊,2,1" + ZWSP + "00,12\n"
    [problem] = problems_of(text, "活动.csv")
    assert (problem.row, problem.column) == (2, "参与人数 (participants)")
    assert problem.expected_zh.startswith(INVISIBLE_ZH)


def test_a_quarter_with_a_soft_hyphen_is_refused_once():
    text = HEADER + "H001,2025\u00adQ3,义诊,2,100,12\n"
    [problem] = problems_of(text, "活动.csv")
    assert (problem.row, problem.column) == (2, "季度 (quarter)")
    assert problem.expected_zh.startswith(INVISIBLE_ZH)


def test_a_unit_code_of_a_data_file_gets_only_the_registry_checks_message():
    text = HEADER + "H0" + ZWSP + "01,2025Q3,义诊,2,100,12\n"
    [problem] = problems_of(text, "活动.csv")
    assert (problem.row, problem.column) == (2, "单位编码 (unit_code)")
    assert problem.expected_zh.startswith("单位编码中含有看不见的字符")


def test_a_clean_file_of_many_rows_loads_and_one_invisible_cell_among_them_is_found():
    # 25,000 rows: the path that parses each distinct value once (etl/cells.py)
    rows = "".join(f"H001,2025Q3,健康讲座{i},1,{i % 90},\n" for i in range(25_000))
    assert parse(HEADER + rows, "活动.csv").height == 25_000
    bad = rows.replace("健康讲座24000,", "健康讲座24000" + ZWSP + ",")
    [problem] = problems_of(HEADER + bad, "活动.csv")
    assert (problem.row, problem.value) == (24_002, "健康讲座24000\u200b")


def test_a_registry_name_or_district_with_a_zero_width_space_is_refused(file_con):
    registry = (
        "单位编码,单位名称,区县,单位类别,职工人数\n"
        "H001,市第一人民医院,城关区,三级医院,1200\n"
        "H002,市第二人民医院" + ZWSP + ",城关区,三级医院,450\n"
        "T001,新城镇卫生院,新" + ZWSP + "区,乡镇卫生院,60\n"
    )
    result = load(file_con, registry, "名录.csv")
    assert result.outcome == "rejected"
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "单位名称 (unit_name)"),
        (4, "区县 (district)"),
    ]
    assert all(p.expected_zh.startswith(INVISIBLE_ZH) for p in result.problems)
    assert load_fixture(file_con, "units.csv").outcome == "loaded"


def test_a_control_character_in_free_text_is_refused_a_tab_is_text():
    """A trial's finding held a NUL (a damaged export): it loaded, and the meeting pack's
    circular (Word), which lists overdue findings, could not be written with it."""
    data = fixture_bytes("inspections_control.csv")
    [problem] = problems_of(data, "inspections_control.csv")
    assert (problem.row, problem.column) == (2, "问题描述 (finding)")
    assert problem.value == "窗口\x00态度生硬"
    assert problem.expected_zh.startswith(INVISIBLE_ZH)
    tab_only = data.replace("窗口\x00态度生硬".encode(), "窗口态度生硬".encode())
    frame = parse(tab_only, "inspections_control.csv")
    assert frame.select("_row", "item").rows() == [(2, "服务态度"), (3, "导诊\t服务")]
