"""Rows under a header that are not data (etl/stray_rows.py): told as what they are, one
problem a row, never dropped."""

from __future__ import annotations

from etl_helpers import merged_workbook, problems_of

COLUMN_NUMBERS = (
    "此行像是表头下的栏次编号（如 甲、乙、1、2…），不是数据：请删除此行后重新上传",
    "this row looks like the column numbers under a header (such as 甲, 乙, 1, 2 …), not "
    "data: delete the row and load the file again",
)


def test_a_row_numbering_the_columns_under_the_header_is_told_as_such():
    """Trial H: a statistical form numbers its columns in the row under the header (甲 乙 丙
    丁 1 2 3, as 统计报表 do); the row was refused cell by cell, as an unknown unit code 乙, a
    quarter 丙, a survey type 丁 and 2 satisfied of 1 respondent. One problem now names the
    row and says what it is; the data row under it is checked as ever."""
    form = merged_workbook(
        [
            ["序号", "单位编码", "季度", "调查类型", "样本量", "满意人数", "满意度得分"],
            ["甲", "乙", "丙", "丁", 1, 2, 3],
            [1, "H001", "2025Q3", "门诊", 100, 90, None],
            [2, "H002", "2025Q3", "门诊", 100, 190, None],
        ]
    )
    [numbers, data] = problems_of(form, "满意度.xlsx")
    assert (numbers.row, numbers.column, numbers.value) == (2, None, "")
    assert (numbers.expected_zh, numbers.expected) == COLUMN_NUMBERS
    assert (data.row, data.column) == (4, "满意人数 (satisfied)")
    # numbered 1 2 3 … alone, in a CSV file, under a title
    csv = "城关区活动统计\n单位编码,季度,活动类型,次数,参与人数\n１,２,３,４,５\n" + (
        "H001,2025Q3,义诊,2,30\n"
    )
    [numbers] = problems_of(csv, "活动.csv")
    assert (numbers.row, numbers.expected) == (3, COLUMN_NUMBERS[1])


def test_a_data_row_of_small_numbers_is_no_column_numbering():
    """Only the row right under the header, every filled cell a column mark: a data row two
    lines down that happens to hold 1 2 3 is checked as data."""
    text = "单位编码,季度,活动类型,次数,参与人数\nH001,2025Q3,义诊,2,30\n1,2,3,4,5\n"
    problems = problems_of(text, "活动.csv")
    assert problems  # refused, but cell by cell
    assert all(p.expected != COLUMN_NUMBERS[1] for p in problems)
    assert {p.row for p in problems} == {3}


GROUP_HEADING = (
    "此行像是分组标题（如“一、医院”“（二）社区卫生服务中心”），不是数据：请删除此行后重新上传；"
    "单位的分组由单位名录的单位类别和区县决定，表中无需分组",
    "this looks like a group heading (such as '一、医院' or '（二）社区卫生服务中心'), not data: "
    "delete the row and load the file again; Civbench groups the units by the registry's peer "
    "group and district, the table need not",
)


def test_a_group_heading_row_in_a_column_read_is_told_as_such():
    """A registry drawn by hand groups its units under headings, 一、医院 and （二）社区卫生服务
    中心, each alone in the name column: the heading row was refused cell by cell (no code, no
    district, no peer group, no staff count), four problems that never said to delete the row.
    One problem now names the row, the column and the heading; the data rows are checked."""
    header = ["序号", "单位编码", "单位名称", "区县", "单位类别", "职工人数"]
    registry = merged_workbook(
        [
            ["兰州市卫生健康系统单位名录"],
            header,
            [None, None, "一、医院"],
            [1, "H001", "城关区人民医院", "城关区", "二级医院", 345],
            [None, None, "（二）社区卫生服务中心"],
            [2, "C001", "城关区东岗街道社区卫生服务中心", "城关区", "社区", 0],
        ],
        merges=("A1:F1",),
    )
    problems = problems_of(registry, "单位名录.xlsx")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "单位名称 (unit_name)", "一、医院"),
        (5, "单位名称 (unit_name)", "（二）社区卫生服务中心"),
        (6, "职工人数 (staff_count)", "0"),
    ]
    assert (problems[0].expected_zh, problems[0].expected) == GROUP_HEADING
    # a heading in the code column of a data file, merged across the table, numbered 第二部分
    surveys = merged_workbook(
        [
            ["单位编码", "季度", "调查类型", "样本量", "满意人数"],
            ["第二部分 住院患者"],
            ["H001", "2025Q3", "住院", 100, 90],
        ],
        merges=("A2:E2",),
    )
    [heading] = problems_of(surveys, "满意度.xlsx")
    assert (heading.row, heading.value, heading.expected) == (
        2,
        "第二部分 住院患者",
        GROUP_HEADING[1],
    )

    # only a numbered heading is one: a unit's row with its name typed and nothing else yet
    # is refused for each empty cell, as ever
    unfinished = merged_workbook([header[1:], [None, "城关区人民医院"]])
    problems = problems_of(unfinished, "单位名录.xlsx")
    assert len(problems) == 4
    assert all(p.row == 2 and p.expected != GROUP_HEADING[1] for p in problems)


def test_a_group_heading_numbered_in_the_serial_column_is_told_as_such():
    """The heading's number in the 序号 column (一, （二）) and its words in the name column:
    one problem naming the words, as for 一、医院 in one cell. A data row numbered 1 with its
    cells left empty is no heading: refused cell by cell."""
    registry = merged_workbook(
        [
            ["序号", "单位编码", "单位名称", "区县", "单位类别", "职工人数"],
            ["一", None, "医院"],
            [1, "H001", "城关区人民医院", "城关区", "二级医院", 345],
            ["（二）", None, "社区卫生服务中心"],
            [2, None, "城关区东岗街道社区卫生服务中心"],
        ]
    )
    problems = problems_of(registry, "单位名录.xlsx")
    headings = [(p.row, p.column, p.value) for p in problems if p.expected == GROUP_HEADING[1]]
    assert headings == [
        (2, "单位名称 (unit_name)", "医院"),
        (4, "单位名称 (unit_name)", "社区卫生服务中心"),
    ]
    assert len(problems) == 2 + 4  # row 5: no code, district, peer group or staff count
    assert {p.row for p in problems[2:]} == {5}


def test_a_heading_without_a_number_alone_in_the_code_column_is_told_as_such():
    """Trial: 门诊部分 and 住院部分 written alone in the 单位编码 column between blocks of a
    survey form were refused cell by cell (an unknown unit code, no quarter, no type, no
    sample size, no count: five problems each). Chinese words alone in a column of codes are
    no code: one problem now names the row as a heading. With another cell of the row
    filled it is no heading, and is refused cell by cell as before."""
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    csv = (
        header + "门诊部分,,,,\nH001,2025Q3,门诊,100,90\n 住院部分 ,,,,\nH001,2025Q3,住院,100,90\n"
    )
    problems = problems_of(csv, "满意度.csv")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "单位编码 (unit_code)", "门诊部分"),
        (4, "单位编码 (unit_code)", " 住院部分 "),
    ]
    assert all(p.expected == GROUP_HEADING[1] for p in problems)
    # alone in the code column of a workbook's registry, over its community centres
    registry = merged_workbook(
        [
            ["单位编码", "单位名称", "区县", "单位类别", "职工人数"],
            ["社区卫生服务中心"],
            ["C001", "城关区东岗街道社区卫生服务中心", "城关区", "社区", 30],
        ]
    )
    [heading] = problems_of(registry, "单位名录.xlsx")
    assert (heading.row, heading.value, heading.expected) == (
        2,
        "社区卫生服务中心",
        GROUP_HEADING[1],
    )
    # the words with the row's quarter beside them, or numbered 1 in the 序号 column: not a
    # heading alone, so each cell is told (unknown code, no type, no sample size, no count)
    for row in ("住院部分,2025Q3,,,", "1,住院部分,,,,"):
        head = header if row.startswith("住院") else "序号," + header
        problems = problems_of(head + row + "\n", "满意度.csv")
        assert len(problems) >= 3
        assert all(p.row == 2 and p.expected != GROUP_HEADING[1] for p in problems)


HEADER = "单位编码,季度,活动类型,次数,参与人数,志愿服务时长"


def test_a_header_repeated_in_two_cells_is_a_repeated_header_row_and_two_apart_are_not():
    """A row holding two of the header's cells repeats the header; two header cells on two
    different rows do not (each is a cell to correct). The columns holding their header are
    looked for first: exactly two of them either way."""
    repeated = f"{HEADER}\nH001,2025Q3,义诊,2,30,\n单位编码,季度,义诊,1,5,\n"
    [problem] = problems_of(repeated)
    assert (problem.row, problem.column, problem.value) == (3, None, "")
    assert "repeats the header row" in problem.expected
    apart = f"{HEADER}\n单位编码,2025Q3,义诊,2,30,\nH001,季度,义诊,1,5,\n"
    problems = problems_of(apart)
    assert problems
    assert all("repeats the header row" not in p.expected for p in problems)
    assert {p.row for p in problems} == {2, 3}


def test_a_second_header_with_its_columns_reordered_is_not_told_to_be_deleted_alone():
    """Trial (session 56): a second table pasted below the first, its 次数 and 参与人数
    swapped, was told "delete the repeated header"; done, its row loaded 80 sessions and 3
    participants where the form said 3 sessions and 80 people."""
    stacked = f"{HEADER}\nH001,2025Q3,义诊,2,30,\n单位编码,季度,活动类型,参与人数,次数,\n"
    stacked += "H002,2025Q3,义诊,80,3,\n"
    [problem] = problems_of(stacked)
    assert (problem.row, problem.column) == (3, None)
    assert "another table's header, with its columns in another order" in problem.expected
    assert "delete it" not in problem.expected


def test_a_second_header_in_other_spellings_or_order_is_told_as_a_header():
    """Trial (session 56): a second table headed 单位代码, 所属季度 … (other spellings of the
    same columns), or with its code column moved, was read as data: its 单位代码 was told to
    be registered as a unit."""
    surveys = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,公众,50,45\n"
    spelt = surveys + "单位代码,所属季度,调查对象,有效样本,满意数\nH002,2025Q3,公众,60,50\n"
    [problem] = problems_of(spelt)
    assert (problem.row, problem.column) == (3, None)
    assert "repeats the header row" in problem.expected
    moved = surveys + "季度,单位编码,样本量,调查类型,满意人数\n2025Q3,H002,60,公众,50\n"
    problems = problems_of(moved)
    assert (problems[0].row, problems[0].column) == (3, None)
    assert "another table's header, with its columns in another order" in problems[0].expected
    assert [p.row for p in problems].count(3) == 1  # the header row, told as one


ACTIVITY_TYPES = ["义诊", "健康讲座", "志愿服务"]


def large_activities(extra_line: str, at: int) -> tuple[str, list[str]]:
    """24,000 rows of activities (the large-file path) with ``extra_line`` inserted before data
    line ``at``, and the codes they name, each registered."""
    lines = [f"H{i:05d},2025Q3,{ACTIVITY_TYPES[i % 3]},1,10" for i in range(24_000)]
    lines.insert(at, extra_line)
    codes = [f"H{i:05d}" for i in range(24_000)]
    return "单位编码,季度,活动类型,次数,参与人数\n" + "\n".join(lines) + "\n", codes


def test_a_large_files_total_row_is_found_by_its_columns_texts():
    """On the large-file path a column none of whose distinct texts says total is not looked
    up row by row (``split_total_rows``' ``texts``): a 合计 row in the 活动类型 column among
    24,000 rows is still told as a total row, the others' units (all distinct, none a total)
    too, registered."""
    text, codes = large_activities(",,合计,24000,240000", 18_000)
    problems = problems_of(text, "activities.csv", kind="activities", known_units=codes)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (18_002, "活动类型 (activity_type)", "合计")
    ]
    assert "total" in problems[0].expected


def test_a_large_files_note_row_filling_every_cell_is_found_by_its_colon():
    """A note filling every cell of its row (a merged cell some systems export into each cell)
    leaves no required cell empty: only the colon in its first required column tells it. On
    the large-file path that column's distinct texts say whether any cell holds one; this
    one does, so the row is still told as a note, not as a bad count."""
    text, codes = large_activities(",".join(["填表人：张三"] * 5), 24_000)
    problems = problems_of(text, "activities.csv", kind="activities", known_units=codes)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (24_002, "单位编码 (unit_code)", "填表人：张三")
    ]
    assert "note" in problems[0].expected


def test_a_large_files_repeated_header_is_found_by_its_columns_texts():
    """On the large-file path the columns holding their header are found among their distinct
    texts: the header pasted again in the middle of 24,000 rows is still one problem, its
    row's."""
    text, codes = large_activities("单位编码,季度,活动类型,次数,参与人数", 12_000)
    problems = problems_of(text, "activities.csv", kind="activities", known_units=codes)
    assert [(p.row, p.column, p.value) for p in problems] == [(12_002, None, "")]
    assert "repeats the header row" in problems[0].expected


INSPECTIONS_HEADER = "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述\n"


def test_a_finding_typed_on_into_the_row_below_is_one_problem_naming_the_row_above():
    """A new user's trial: a long finding typed on into the next row (only 问题描述 filled
    there) was refused as six required cells left empty, with nothing said of the row above.
    A data row after it is checked as ever."""
    text = (
        INSPECTIONS_HEADER
        + "H001,2025-07-15,暗访,环境卫生,8,10,卫生间脏\n"
        + ",,,,,,且地面湿滑未设警示\n"
        + "H002,2025-07-16,暗访,环境卫生,11,10,\n"
    )
    [continued, score] = problems_of(text, "检查.csv")
    assert (continued.row, continued.value) == (3, "且地面湿滑未设警示")
    assert continued.column == "问题描述 (finding)"
    assert continued.expected == (
        "this row holds only finding text, which seems continued from row 2: write it into row "
        "2's cell (Alt+Enter starts a new line inside a cell), delete this row and load the file "
        "again"
    )
    assert continued.expected_zh.startswith("此行只有“问题描述”的文字，像是第 2 行该格的续写")
    assert (score.row, score.column) == (4, "得分 (score)")


def test_a_lone_finding_after_a_blank_row_is_not_taken_for_a_continuation():
    """Below a blank row it continues nothing: its empty cells are refused as ever."""
    text = (
        INSPECTIONS_HEADER + "H001,2025-07-15,暗访,环境卫生,8,10,卫生间脏\n,,,,,,\n,,,,,,另见附件\n"
    )
    problems = problems_of(text, "检查.csv")
    assert {p.row for p in problems} == {4}
    assert "continued" not in " ".join(p.expected for p in problems)
    assert any(p.expected.startswith("a value is required") for p in problems)


def test_a_code_left_empty_below_a_units_rows_is_told_to_be_written_on_every_row():
    """A new user's trial: a form leaving the code empty on a unit's second row ("same as
    above") was told "a value is required: text"."""
    text = INSPECTIONS_HEADER + (
        "H001,2025-07-15,暗访,环境卫生,8,10,\n,2025-07-15,暗访,导医服务,9,10,\n"
    )
    [problem] = problems_of(text, "检查.csv")
    assert (problem.row, problem.column) == (3, "单位编码 (unit_code)")
    assert problem.expected == (
        "the unit code is empty: write it on every row, even where it is the row above's (an "
        "empty cell for 'same as above' cannot be read)"
    )
    # a first row without a code has no row above to take it for: required, as ever
    [first] = problems_of(INSPECTIONS_HEADER + ",2025-07-15,暗访,环境卫生,8,10,\n", "检查.csv")
    assert first.expected.startswith("a value is required")
