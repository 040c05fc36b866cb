"""Cells merged over several rows of a table's data read as the sheet shows them: a unit's
code and the visit's date and type merged down over its item rows belong to every one of
those rows. Merges in the header are the header's (tests/etl/test_two_row_headers.py).
Expected values are the cells written in each test."""

from __future__ import annotations

from etl_helpers import fixture_bytes, merged_workbook, parse, problems_of

HEADER = ["序号", "单位编码", "检查日期", "检查类型", "检查项目", "得分", "满分"]


def inspection_form(rows: list[list], merges: tuple[str, ...]) -> bytes:
    """A title, the header in row 2, ``rows`` from row 3, ``merges`` merged."""
    return merged_workbook([["2025年第三季度暗访检查结果"], HEADER, *rows], ("A1:G1", *merges))


def assert_each_item_has_its_unit(frame) -> None:
    """H001's three items of 2025-08-01 (暗访) and T001's two of 2025-08-02 (巡查), rows 3–7,
    as both forms merge them."""
    assert frame.select("_row", "unit_code", "inspection_type", "item", "score").rows() == [
        (3, "H001", "暗访", "服务态度", 8.0),
        (4, "H001", "暗访", "环境卫生", 9.0),
        (5, "H001", "暗访", "便民措施", 7.0),
        (6, "T001", "巡查", "服务态度", 10.0),
        (7, "T001", "巡查", "环境卫生", 6.0),
    ]
    assert [str(d) for d in frame["inspection_date"]] == ["2025-08-01"] * 3 + ["2025-08-02"] * 2


def test_a_unit_merged_down_over_its_items_is_each_items_unit():
    data = inspection_form(
        [
            [1, "H001", "2025-08-01", "暗访", "服务态度", 8, 10],
            [None, None, None, None, "环境卫生", 9, 10],
            [None, None, None, None, "便民措施", 7, 10],
            [2, "T001", "2025-08-02", "巡查", "服务态度", 10, 10],
            [None, None, None, None, "环境卫生", 6, 10],
        ],
        ("A3:A5", "B3:B5", "C3:C5", "D3:D5", "A6:A7", "B6:B7", "C6:C7", "D6:D7"),
    )
    frame = parse(data, "检查.xlsx")
    assert_each_item_has_its_unit(frame)


def test_an_old_xls_forms_merges_are_read_as_its_sheet_shows_them():
    """Trial J: the same form saved as Excel 97–2003 (.xls, tests/fixtures/etl/
    make_office_fixtures.py: its table from column B) was refused, "unit_code: a value is
    required" on every item row but a unit's first, though Excel shows the code there: the
    reader gives no merges of an .xls, which etl/xls_merges.py reads from its records."""
    frame = parse(fixture_bytes("inspections_merged.xls"), "检查.xls")
    assert_each_item_has_its_unit(frame)


def test_a_row_left_empty_without_a_merge_is_still_refused():
    """Only what the sheet merges is filled: an empty cell under a unit stays empty."""
    data = inspection_form(
        [
            [1, "H001", "2025-08-01", "暗访", "服务态度", 8, 10],
            [None, None, "2025-08-01", "暗访", "环境卫生", 9, 10],
        ],
        (),
    )
    [problem] = problems_of(data, "检查.xlsx")
    assert (problem.row, problem.column) == (4, "单位编码 (unit_code)")


def test_a_total_merged_across_columns_is_still_one_total_row():
    data = inspection_form(
        [
            [1, "H001", "2025-08-01", "暗访", "服务态度", 8, 10],
            ["合计", None, None, None, None, 8, 10],
        ],
        ("A4:E4",),
    )
    [problem] = problems_of(data, "检查.xlsx")
    assert (problem.row, problem.value) == (4, "合计")
    assert "total row" in problem.expected


SIGNATURE = "填表人：张三      审核人：李四      填报日期：2025年9月30日"


def test_a_signature_merged_across_the_form_is_one_note_row():
    """As bureau templates have it (the trial's F1c): under the table a blank row, then the
    填表人 line merged across the whole width, 序号 to a column nobody reads. One problem,
    the note row's, where each column used to be refused for it (应为日期, 单位编码未登记…)."""
    header = [*HEADER, "备注（内部）"]
    rows = [
        ["2025年第三季度暗访检查结果"],
        header,
        [1, "H001", "2025-08-01", "暗访", "服务态度", 8, 10, "内部备注1"],
        [2, "T001", "2025-08-02", "巡查", "环境卫生", 9, 10, "内部备注2"],
        [],
        [SIGNATURE],
    ]
    data = merged_workbook(rows, ("A1:H1", "A6:H6"))
    [problem] = problems_of(data, "检查.xlsx")
    assert (problem.row, problem.column, problem.value) == (6, "序号", SIGNATURE)
    assert problem.expected_zh.startswith("此行像是表格下方的备注或签名")
    assert "note or signature" in problem.expected


def test_a_note_merged_across_a_form_without_a_number_column_is_one_note_row():
    """The merged note lies in the unit code's column then: still the note row's problem."""
    rows = [HEADER[1:], ["H001", "2025-08-01", "暗访", "服务态度", 8, 10], ["注：得分为暗访得分"]]
    [problem] = problems_of(merged_workbook(rows, ("A3:F3",)), "检查.xlsx")
    assert (problem.row, problem.column, problem.value) == (
        3,
        "单位编码 (unit_code)",
        "注：得分为暗访得分",
    )
    assert "note or signature" in problem.expected


def test_a_web_page_cell_spanning_data_rows_is_each_rows():
    page = (
        "<table><tr><th>单位编码</th><th>检查日期</th><th>检查类型</th><th>检查项目</th>"
        "<th>得分</th><th>满分</th></tr>"
        "<tr><td rowspan=2>C001</td><td rowspan=2>2025-09-01</td><td rowspan=2>督查</td>"
        "<td>服务态度</td><td>9</td><td>10</td></tr>"
        "<tr><td>环境卫生</td><td>8</td><td>10</td></tr></table>"
    ).encode()
    frame = parse(page, "export.xls")
    assert frame.select("_row", "unit_code", "item", "score").rows() == [
        (2, "C001", "服务态度", 9.0),
        (3, "C001", "环境卫生", 8.0),
    ]


def test_a_note_merged_over_every_required_column_but_not_the_optional_ones_is_one_note_row():
    """A survey's note merged over 单位编码 to 样本量 leaves 满意人数 and 满意度得分 empty,
    which a row may (it needs one of them): each merged cell was refused for the note's text
    (应为季度, 应为整数…), five problems where there is one row to delete."""
    header = ["单位编码", "季度", "调查类型", "样本量", "满意人数", "满意度得分"]
    note = "注：样本量以问卷回收数计"
    rows = [header, ["H001", "2025Q3", "门诊", 1234, 1180, None], [note]]
    [problem] = problems_of(merged_workbook(rows, ("A3:D3",)), "满意度.xlsx")
    assert (problem.row, problem.column, problem.value) == (3, "单位编码 (unit_code)", note)
    assert "note or signature" in problem.expected


def test_a_count_merged_down_over_several_units_rows_names_the_merge():
    """志愿服务时长 merged down over three units' rows (F3:F5) was read as 12 hours for each
    unit, 36 in all, where Excel shows the 12 once: the rows' total or one unit's, nobody
    can tell. The merge is named with its cells and value, and each unit's own count asked
    for in its own row; a unit's code merged down over its rows is still read."""
    header = ["单位编码", "季度", "活动类型", "次数", "参与人数", "志愿服务时长"]
    rows = [
        ["2025年第三季度活动统计"],
        header,
        ["H001", "2025Q3", "义诊", 2, 30, 12],
        ["H002", "2025Q3", "义诊", 1, 20, None],
        ["T001", "2025Q3", "义诊", 3, 40, None],
        ["C001", "2025Q3", "义诊", 1, 10, 4],
        [None, "2025Q3", "讲座", 1, 15, 2],
    ]
    data = merged_workbook(rows, ("A1:F1", "F3:F5", "A6:A7"))
    [problem] = problems_of(data, "活动.xlsx")
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "活动.xlsx",
        3,
        "志愿服务时长 (volunteer_hours)",
        "12",
    )
    assert problem.expected == (
        "志愿服务时长 is one cell merged down over F3:F5 (3 rows): the column holds each row's "
        "own count, and a merged cell does not say whether 12 is the rows' total or one row's "
        "(copied to each row it would be counted once per row); unmerge it and write each "
        "unit's own count in its own row"
    )
    assert problem.expected_zh.startswith("“志愿服务时长”一格合并了 F3:F5 共 3 行")


def test_a_required_count_merged_down_is_named_as_merged_not_as_missing():
    """样本量 merged down over two surveys' rows: the merge, once, not a value per row."""
    header = ["单位编码", "季度", "调查类型", "样本量", "满意人数"]
    rows = [header, ["H001", "2025Q3", "门诊", 200, 180], ["H002", "2025Q3", "门诊", None, 170]]
    [problem] = problems_of(merged_workbook(rows, ("D2:D3",)), "满意度.xlsx")
    assert (problem.row, problem.column, problem.value) == (2, "样本量 (respondents)", "200")
    assert "merged down over D2:D3 (2 rows)" in problem.expected


def test_a_count_merged_down_over_one_units_rows_asks_for_each_rows_own_count():
    """H001's 志愿服务时长 written once over its three activity types' rows (F3:F5), its code
    merged down beside it: the rows are all H001's, and "write each unit's own count" misled
    (it is one unit); each row, each 活动类型, needs its own count."""
    header = ["单位编码", "季度", "活动类型", "次数", "参与人数", "志愿服务时长"]
    rows = [
        header,
        ["H001", "2025Q3", "义诊", 2, 30, 12],
        [None, "2025Q3", "健康讲座", 1, 45, None],
        [None, "2025Q3", "健康咨询", 3, 60, None],
    ]
    [problem] = problems_of(merged_workbook(rows, ("A2:A4", "F2:F4")), "活动.xlsx")
    assert (problem.row, problem.column, problem.value) == (
        2,
        "志愿服务时长 (volunteer_hours)",
        "12",
    )
    assert problem.expected == (
        "志愿服务时长 is one cell merged down over F2:F4 (3 rows), all of them H001's: the "
        "column holds each row's own count (each 活动类型's), and a merged cell does not say "
        "whether 12 is the rows' total or one row's (copied to each row it would be counted "
        "once per row); unmerge it and write each row's own count (its 活动类型's) in that row"
    )
    assert problem.expected_zh.startswith(
        "“志愿服务时长”一格合并了 F2:F4 共 3 行，这几行都是 H001 的"
    )


def test_an_old_xls_count_merged_down_is_refused_as_an_xlsx_one_is():
    """The .xls reader gives merges from the file's records (etl/xls_merges.py): H001's 12
    hours merged down over its three rows of a table from column B (G3:G5, make_office_
    fixtures.py) are named with the sheet's own letters, not read as 12 hours per row."""
    [problem] = problems_of(fixture_bytes("activities_hours_merged.xls"), "活动.xls")
    assert (problem.row, problem.column, problem.value) == (
        3,
        "志愿服务时长 (volunteer_hours)",
        "12",
    )
    assert "merged down over G3:G5 (3 rows), all of them H001's" in problem.expected


def test_a_web_page_count_spanning_rows_is_refused_as_an_xlsx_merge_is():
    """A "xls" that is an HTML page (as some systems export): H001's 样本量 200 with
    rowspan="2" over its 门诊 and 住院 rows, its code spanning them too, is the same merge,
    refused naming its cells D2:D3 and asking for each 调查类型's own count."""
    page = (
        "<html><body><table>"
        "<tr><td>单位编码</td><td>季度</td><td>调查类型</td><td>样本量</td><td>满意人数</td></tr>"
        '<tr><td rowspan="2">H001</td><td>2025Q3</td><td>门诊</td><td rowspan="2">200</td>'
        "<td>180</td></tr>"
        "<tr><td>2025Q3</td><td>住院</td><td>170</td></tr>"
        "</table></body></html>"
    ).encode()
    [problem] = problems_of(page, "满意度.xls")
    assert (problem.row, problem.column, problem.value) == (2, "样本量 (respondents)", "200")
    assert problem.expected.startswith(
        "样本量 is one cell merged down over D2:D3 (2 rows), all of them H001's: the column "
        "holds each row's own count (each 调查类型's)"
    )
