"""Free text stored as written; codes, numbers, dates and enumerated values normalised; header
names (and enumerated values) in Traditional characters recognised (issue 11).

Expected values are the cells as typed in each test; the Traditional headers are written out by
hand here, not produced by the converter under test."""

from __future__ import annotations

import io

import openpyxl
import pytest
import xlsxwriter
from etl_helpers import load, load_fixture, parse, problems_of

from etl.read import read_file

FINDING = "挂号窗口，态度生硬：（门诊）；限期整改"
INSPECTIONS = (
    "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限,整改完成日期\n"
    # a full-width code, full-width digits and padding (ideographic spaces) around free text
    f"Ｈ００１,2025-08-01,暗访,\u3000服务态度（窗口）\u3000,８,１０, {FINDING} ,2025-08-31,\n"
)


def test_free_text_keeps_full_width_punctuation_and_loses_only_its_padding():
    frame = parse(INSPECTIONS)
    row = frame.row(0, named=True)
    assert row["finding"] == FINDING  # ，：（）； as written; the spaces around it are gone
    assert row["item"] == "服务态度（窗口）"  # ideographic spaces around it are padding too
    # what is read as a code, a number or an enumerated value is still normalised
    assert (row["unit_code"], row["score"], row["max_score"]) == ("H001", 8.0, 10.0)
    assert row["inspection_type"] == "暗访"


def test_free_text_reaches_the_store_exactly(file_con):
    assert load_fixture(file_con, "units.csv").outcome == "loaded"
    units = (
        "单位编码,单位名称,区县,单位类别,职工人数\n"
        "H002,七里河区人民医院（西院）；分部,七里河区,二级医院,４５０\n"
    )
    assert load(file_con, units, "units.csv").outcome == "loaded"
    assert load(file_con, INSPECTIONS, "inspections.csv").outcome == "loaded"
    activities = (
        "单位编码,季度,活动类型,次数,参与人数\nH001,2025年第３季度,义诊（社区）：高血压,２,３０\n"
    )
    assert load(file_con, activities, "activities.csv").outcome == "loaded"
    stored = file_con.execute("SELECT item, finding FROM inspections").fetchall()
    assert stored == [("服务态度（窗口）", FINDING)]
    name = "SELECT unit_name, staff_count FROM units WHERE unit_code = 'H002'"
    assert file_con.execute(name).fetchall() == [("七里河区人民医院（西院）；分部", 450)]
    kept = file_con.execute("SELECT activity_type, quarter, sessions FROM activities").fetchall()
    assert kept == [("义诊（社区）：高血压", "2025Q3", 2)]


def test_a_note_in_a_free_text_column_is_still_a_note():
    """填表人：张三 keeps its full-width colon in a free-text column; still a note, not a row."""
    text = INSPECTIONS + ",,,填表人：张三,,,,,\n"
    [problem] = problems_of(text)
    assert (problem.row, problem.column, problem.value) == (3, "检查项目 (item)", "填表人：张三")
    assert "note" in problem.expected


@pytest.mark.parametrize("total", ["合计", "合　计", "ＴＯＴＡＬ"])
def test_a_total_in_a_free_text_column_is_still_a_total(total):
    text = INSPECTIONS + f"H001,2025-08-02,暗访,{total},８,１０,,,\n"
    [problem] = problems_of(text)
    assert (problem.row, problem.column, problem.value) == (3, "检查项目 (item)", total)


# --- Traditional characters -------------------------------------------------------------------

TRADITIONAL = {
    "units": (
        "單位編碼,單位名稱,區縣,單位類別,職工人數,上級單位編碼\n"
        "H002,七里河區人民醫院,七里河區,二級醫院,450,\n",
        {"unit_code": "H002", "unit_name": "七里河區人民醫院", "peer_group": "二级医院"},
    ),
    "inspections": (
        "單位編碼,檢查日期,檢查類型,檢查項目,得分,滿分,問題描述,整改期限,整改完成日期\n"
        "H001,2025-08-01,暗訪,服務態度,8,10,態度生硬，限期整改,2025-08-31,2025-08-20\n",
        {"inspection_type": "暗访", "item": "服務態度", "finding": "態度生硬，限期整改"},
    ),
    "surveys": (
        "單位編碼,季度,調查類型,樣本量,滿意人數,滿意度得分\n"
        "H001,2025Q3,門診,120,102,\n"
        "T001,2025Q3,公眾,80,,88\n",
        {"survey_type": "门诊", "respondents": 120, "satisfied": 102},
    ),
    "activities": (
        "單位編碼,活動日期,活動類型,次數,參與人數,志願服務時長\nH001,2025-07-12,義診,2,30,12.5\n",
        {"activity_type": "義診", "sessions": 2, "participants": 30, "volunteer_hours": 12.5},
    ),
    "indicators": (
        "指標編碼,指標名稱,英文名稱,領域,方向,權重,計量單位,單位類別,起始季度,目標值\n"
        "outpatient_satisfaction,門診患者滿意度,Outpatient satisfaction,調查,越高越好,30%,比率,"
        "三級醫院,2025Q1,90%\n",
        {"name_zh": "門診患者滿意度", "domain": "survey", "direction": "higher", "weight": 0.3},
    ),
}


@pytest.mark.parametrize("kind", list(TRADITIONAL))
def test_traditional_headers_are_recognised_for_every_kind(kind):
    text, expected = TRADITIONAL[kind]
    raw = read_file(text.encode("utf-8"), f"{kind}.csv")
    assert raw.kind == kind
    assert raw.ignored_columns == []  # every header found its column
    row = parse(text).row(0, named=True)
    # enumerated values in Traditional characters are read as their Simplified values; free
    # text (names, items, findings, activity types) stays exactly as written
    assert {k: row[k] for k in expected} == expected


def test_traditional_peer_groups_and_all_of_hong_kong_and_taiwan_spellings():
    # 衞 (Hong Kong) and 衛 (Taiwan, OpenCC) are both 卫; 眾 and 衆 both 众
    units = (
        "單位編碼,單位名稱,區縣,單位類別,職工人數\n"
        "T001,甲,乙,鄉鎮衞生院,10\nC001,丙,丁,社區衛生服務中心,9\n"
    )
    assert parse(units)["peer_group"].to_list() == ["乡镇卫生院", "社区卫生服务中心"]
    surveys = (
        "單位編碼,季度,調查類型,樣本量,滿意度得分\nH001,2025Q3,公衆,10,90\nH002,2025Q3,公眾,10,80\n"
    )
    assert parse(surveys)["survey_type"].to_list() == ["公众", "公众"]


def test_traditional_headers_in_a_workbook_below_a_title():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("調查")
    sheet.write_row(0, 0, ["二〇二五年第三季度滿意度調查"])
    sheet.write_row(2, 0, ["單位編碼", "季度", "調查類型", "樣本量", "滿意人數"])
    sheet.write_row(3, 0, ["H001", "2025Q3", "住院", 50, 45])
    book.close()
    raw = read_file(buffer.getvalue(), "surveys.xlsx")
    assert (raw.kind, raw.first_data_row) == ("surveys", 4)
    row = parse(buffer.getvalue(), "surveys.xlsx").row(0, named=True)
    assert (row["unit_code"], row["survey_type"], row["satisfied"], row["_row"]) == (
        "H001",
        "住院",
        45,
        4,
    )


INSPECTION_HEADER = "单位编码,检查日期,检查类型,检查项目,得分,满分"
UNIT_HEADER = "单位编码,单位名称,区县,单位类别,职工人数"


@pytest.mark.parametrize(
    ("header", "written", "column", "read"),
    [
        # 测 Simplified, 評 Traditional: a converter or an input method left half of it
        (INSPECTION_HEADER, "H001,2025-08-01,测評,服务态度,8,10", "inspection_type", "测评"),
        ("单位编码,季度,调查类型,样本量,满意人数", "H001,2025Q3,門诊,40,30", "survey_type", "门诊"),
        (UNIT_HEADER, "T001,甲,乙,三級医院,10", "peer_group", "三级医院"),
        # 衞 is Hong Kong's 卫, which OpenCC's t2s leaves as it is; 鄉 is Traditional
        (UNIT_HEADER, "T001,甲,乙,鄉镇衞生院,10", "peer_group", "乡镇卫生院"),
    ],
    ids=["inspection_type", "survey_type", "peer_group", "peer_group_hong_kong"],
)
def test_a_value_mixing_simplified_and_traditional_characters_is_read(
    header, written, column, read
):
    assert parse(f"{header}\n{written}\n")[column].to_list() == [read]


def test_a_mixed_value_in_a_workbook_is_stored_as_a_traditional_one_is(file_con):
    """The trial's form: 測評 (all Traditional) and 测評 (mixed) are both the type 测评, and
    stored so; the item, free text, keeps its Traditional characters."""
    assert load_fixture(file_con, "units.csv").outcome == "loaded"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位编码", "检查日期", "检查类型", "检查项目", "得分", "满分"])
    sheet.append(["H001", "2025-10-05", "測評", "醫德醫風", 8, 10])
    sheet.append(["H002", "2025-10-05", "测評", "醫德醫風", 9, 10])
    buffer = io.BytesIO()
    book.save(buffer)
    result = load(file_con, buffer.getvalue(), "检查.xlsx")
    assert result.outcome == "loaded", [str(p) for p in result.problems]
    stored = file_con.execute(
        "SELECT unit_code, inspection_type, item FROM inspections ORDER BY unit_code"
    ).fetchall()
    assert stored == [("H001", "测评", "醫德醫風"), ("H002", "测评", "醫德醫風")]


def test_a_refused_value_is_quoted_as_the_file_writes_it():
    """So that Ctrl+F in the file finds it: full-width characters and padding kept (the
    cleaned value would be 12a and 50)."""
    text = (
        "单位编码,季度,调查类型,样本量,满意人数\n"
        "H001,2025Q3,门诊,\u3000１２ａ,10\n"
        "H002,2025Q3,门诊,40,５０\n"
    )
    problems = problems_of(text, "surveys.csv")
    assert [(p.row, p.value) for p in problems] == [(2, "\u3000１２ａ"), (3, "５０ > 40")]


def test_a_cell_of_blanks_is_quoted_as_empty():
    text = "单位编码,季度,调查类型,样本量,满意人数\n\u3000 ,2025Q3,门诊,40,30\n"
    [problem] = problems_of(text, "surveys.csv")
    assert (problem.row, problem.column, problem.value) == (2, "单位编码 (unit_code)", "")


@pytest.mark.parametrize(
    ("written", "stored"),
    [("门诊患者", "门诊"), ("住院病人", "住院"), ("社会公众", "公众"), ("医务人员", "职工")],
)
def test_survey_types_as_forms_write_them(written, stored):
    text = f"单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,{written},40,30\n"
    assert parse(text, "surveys.csv")["survey_type"].to_list() == [stored]


@pytest.mark.parametrize("separator", ["，", "、"])
def test_a_csv_typed_with_a_chinese_comma_is_told_to_use_the_english_one(separator):
    """Trial H: a CSV file typed by hand in Notepad with a Chinese input method separates its
    columns with ， (or 、): it was told that no header row was found in its first 30 rows,
    though the header is its first line. It is told which separator it used and what a CSV
    file takes; nothing is guessed."""
    names = ["单位编码", "季度", "调查类型", "样本量", "满意人数"]
    text = separator.join(names) + "\n" + separator.join(["H001", "2025Q3", "门诊", "40", "36"])
    [problem] = problems_of(text + "\n", "满意度.csv")
    assert (problem.row, problem.column) == (None, None)
    assert problem.expected == (
        f"the header (row 1) separates its columns with the Chinese “{separator}”, typed with a "
        "Chinese input method, where a CSV file takes the English comma “,”: save the table "
        "from Excel or WPS as CSV, or replace each “" + separator + "” between columns with “,”"
    )
    assert problem.expected_zh == (
        f"表头（第 1 行）用中文的“{separator}”分隔各列（中文输入法输入），"
        f"而 CSV 文件须用英文逗号“,”分隔：请在 Excel 或 WPS 中把表格另存为 CSV，"
        f"或把列之间的“{separator}”都换成“,”"
    )


def test_the_marks_of_a_required_column_are_passed_over_and_kept_in_messages():
    """填报 templates mark a required column with ★ (also ☆, ※, ＊ or *): ★单位编码 was not
    recognised, while *单位编码 was. Each is read as the column it marks, and a message names
    the column as the file heads it."""
    header = "★单位编码,＊季度,※活动类型,☆次数,*参与人数\n"
    frame = parse(header + "H001,2025Q3,义诊,2,30\n")
    assert frame.select(
        "unit_code", "quarter", "activity_type", "sessions", "participants"
    ).rows() == [("H001", "2025Q3", "义诊", 2, 30)]
    [problem] = problems_of(header + "Z999,2025Q3,义诊,2,30\n")
    assert (problem.column, problem.value) == ("★单位编码 (unit_code)", "Z999")


def test_a_header_in_chinese_and_english_in_one_cell_names_its_column():
    """Trial: a bilingual form heads each column with its Chinese name and its English one in
    one cell (单位编码 Unit code, 季度 over Quarter on a second line of the cell): no header was
    found. A column's Chinese name followed by its own English name, or an English alias,
    now names it; the headers are kept as written for messages. Nothing else is loosened."""
    headers = ["单位编码 Unit code", "季度\nQuarter", "调查类型 survey_type", "样本量", "满意人数"]
    book = openpyxl.Workbook()
    book.active.append(headers)
    book.active.append(["H001", "2025Q3", "住院", 50, 45])
    buffer = io.BytesIO()
    book.save(buffer)
    frame = parse(buffer.getvalue(), "surveys.xlsx")
    assert frame.select("unit_code", "quarter", "survey_type", "satisfied").rows() == [
        ("H001", "2025Q3", "住院", 45)
    ]
    csv = '编码 CODE,"季度\nQuarter",调查类型,样本量,满意人数\nZ999,2025Q3,门诊,50,45\n'
    [unknown] = problems_of(csv, "surveys.csv")
    assert (unknown.column, unknown.value) == ("编码 CODE (unit_code)", "Z999")

    # only a column's own English after its Chinese name: 单位编码 beside the name column's
    # English, or beside more words, is no code column (no guess at what the cell means)
    for written in ("单位编码 Unit name", "单位编码 Unit code no."):
        problems = problems_of(f"{written},季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,50,45\n")
        assert [(p.row, p.column) for p in problems] == [(None, "单位编码 (unit_code)")]
        assert problems[0].expected.startswith("required column missing")
