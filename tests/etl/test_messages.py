"""Every message in Chinese and English: the catalogue is complete, and every problem that any
check produces carries a Chinese message with no English sentence left in it (codes, column
names and values may stay as they are)."""

from __future__ import annotations

import io
import re
import string

import pytest
from etl_helpers import (
    TODAY,
    fixture_bytes,
    load,
    merged_workbook,
    problems_of,
    unreadable_compound_file,
)
from test_contracts import CELL_CASES, RULE_CASES, csv_of
from test_read import time_workbook
from test_workbook_formulas import as_saved_by_excel, workbook
from test_workbook_shown import SURVEY_HEADER
from test_workbook_shown import workbook as formatted_workbook

from etl.contracts import CONTRACTS
from etl.load import LoadResult, WithdrawRefused, withdraw
from etl.messages import OUTCOMES, msg, outcome_label
from etl.problems import Problem
from i18n.strings_etl import STRINGS as MESSAGES

CJK = re.compile(r"[\u4e00-\u9fff]")
# two or more English words in a row; identifiers (unit_code) and single words (Excel) pass
ENGLISH_WORDS = re.compile(r"(?<![\w'.-])[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,})+(?![\w'-])")
# names that stay as they are in a Chinese message (a file format Excel offers by that name)
NAMES = ("CSV UTF-8",)
# the parts of a message that are not a problem on their own
FRAGMENTS = {
    # what a document is, inside file.not_a_table (tests/etl/test_documents.py, each kind)
    "file.kind.pdf",
    "file.kind.word",
    "file.kind.powerpoint",
    "file.kind.image",
    "file.header_of_any",
    "rule.today",
    "rule.rate_hint",
    "rule.date_quarter_hint",  # after rule.date_matches_quarter (tests/etl/test_validate.py)
    "row.same_as",
    "cell.held_shown",  # a count's value beside what the sheet shows (cell.decimals_hidden)
    "column.quarter_can_be_stated",
    "column.quarter_in_title",
    "column.quarter_in_name",  # the quarter a file's name says (tests/etl/test_read.py)
    "column.also_accepted",
    "column.unrecognised",
    "column.division_of_level",  # a registry's 乡镇 read by a city (tests/etl/test_cli.py)
    "column.per_respondent",  # a survey one row per respondent (tests/etl/test_read.py)
    "column.types_as_columns",  # a survey type per column (tests/etl/test_read.py)
    "column.answers_as_columns",  # a count per answer (tests/etl/test_read.py)
    "column.events_as_rows",  # a log of events (tests/etl/test_read.py)
    "file.survey_platform_export",  # after file.no_header (tests/etl/test_read.py)
    "file.pivot_table",  # likewise
    "file.other_header",  # likewise
    "column.type_in_title",  # a type named only in the title (tests/etl/test_read.py)
    "column.maximum_in_header",  # 得分（满分10分） without 满分 (tests/etl/test_read.py)
    "column.names_without_codes",  # units by 单位名称 alone (tests/etl/test_read.py)
    "file.other_kind",
    "column.place",  # where a column of two of one meaning is (column.duplicate)
    "column.place_hidden",
}
# Problem messages no test file can provoke: a CSV that Polars cannot parse after Python's
# csv module read its head, a sheet that fastexcel lists but cannot load, and the upload
# page's safety net for a loader crash. Their two languages are checked with the rest.
UNPROVOKED = {"file.csv_unreadable", "file.sheet_unreadable", "file.unchecked"}
# Problems only a store's registry provokes (a unit name registered under another code, a
# registered code written without its leading zeros):
# tests/etl/test_load.py loads a file that does.
REGISTRY_ONLY = {"unit.name_of_other", "unit.registry_leading_zeros"}
# A registry file's code in other letter case than a registered one
# (tests/etl/test_registry_spellings.py)
REGISTRY_ONLY |= {"unit.registry_case_registered"}
# A code in other letter case than two registered codes (AB1, ab1): a registry holding both
# (tests/etl/test_validate.py); one registered code is named (unit.case_of)
REGISTRY_ONLY |= {"unit.case"}
# A code that lost its leading zeros past the codes ever shown (tests/etl/test_validate.py);
# those shown are told theirs (unit.leading_zeros_of)
REGISTRY_ONLY |= {"unit.leading_zeros"}
# Problems of the day a file was received, given when loading (no file provokes them):
# tests/etl/test_load.py loads with such days.
RECEIVED_ONLY = {"file.received_future", "file.received_early"}
RECEIVED_ONLY |= {"file.received_before_reported"}  # tests/etl/test_received.py
# An indicator-system file from an account that may not change the system: the loader's role
# provokes it (tests/ui/test_uploads_scope.py, tests/etl/test_scoped_load.py)
LOADER_ONLY = {"file.system_editor_only"}
# A unit closed or merged in the row's quarter: a store's registry provokes it
# (tests/etl/test_load.py)
REGISTRY_ONLY |= {"unit.closed", "unit.merged", "unit.merged_into"}
# A unit's name written as its code: a registry naming its units provokes it (the test
# registry names each unit by its code; tests/etl/test_validate.py gives one that does not)
REGISTRY_ONLY |= {"unit.name_as_code", "unit.name_as_codes"}
# Kept for the rejections logged with them (the upload log stores a message's key and values):
# a cell is now told its own year's quarter, with these keys' ``_of_year`` ones
LOGGED_ONLY = {
    "cell.month_not_quarter",
    "cell.day_not_quarter",
    "cell.month_for_quarter",
    "cell.months_of_quarter",
}
PROBLEM_PREFIXES = ("file.", "column.", "cell.", "row.", "unit.", "rule.")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def english_left(problem: Problem, library_error: bool = False) -> list[str]:
    """English sentences in the Chinese message once the problem's own words are removed."""
    text = problem.expected_zh
    if library_error:  # a library's own error, quoted in brackets
        text = re.sub(r"（[^（）]*）", "", text)
    for word in [problem.value, problem.column or "", problem.file, *NAMES]:
        if word:
            text = text.replace(word, " ")
    return ENGLISH_WORDS.findall(text)


def assert_said_in_chinese(problem: Problem, library_error: bool = False) -> None:
    assert problem.expected_zh, problem
    assert CJK.search(problem.expected_zh), problem
    assert english_left(problem, library_error) == [], problem.expected_zh
    assert problem.expected


def test_every_message_has_both_languages_with_the_same_fields():
    for key, (zh, en) in MESSAGES.items():
        assert zh.strip() and en.strip(), key
        if key != "text.pair":  # words the data gives in both languages: {zh} / {en}
            assert fields(zh) == fields(en), key
    for outcome in OUTCOMES:
        assert CJK.search(outcome_label(outcome, "zh"))
        assert outcome_label(outcome, "en") == outcome


def test_the_english_sentence_detector_detects():
    # the check of the Chinese messages must be able to fail
    leaked = Problem("f.csv", 2, "x", "", "", "应为 a whole number")
    assert english_left(leaked) == ["whole number"]
    fine = Problem("f.csv", 2, "score", "", "", "得分不能超过满分，见 Excel")
    assert english_left(fine) == []
    values = Problem("f.csv", 2, "unit", "元", "", "以下之一：rate（比率） / count（个数）")
    assert english_left(values) == []


@pytest.mark.parametrize(("kind", "change", "column", "value", "words"), CELL_CASES)
def test_every_cell_check_speaks_chinese(kind, change, column, value, words):
    for problem in problems_of(csv_of(kind, change)):
        assert_said_in_chinese(problem)


@pytest.mark.parametrize(("rule", "kind", "rows", "where", "words"), RULE_CASES)
def test_every_rule_speaks_chinese(rule, kind, rows, where, words):
    problems = problems_of(csv_of(kind, *rows))
    assert problems
    for problem in problems:
        assert_said_in_chinese(problem)
        assert problem.expected_zh.startswith(msg(f"rule.{rule}").zh)


def xlsx(rows: list[list[object]], *sheets: str) -> bytes:
    """A workbook whose sheets (default one, Sheet1) all hold ``rows``."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    for sheet in sheets or ("Sheet1",):
        page = book.add_worksheet(sheet)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                page.write(r, c, value)
    book.close()
    return out.getvalue()


SURVEYS = "unit_code,quarter,survey_type,respondents,satisfied,score\n"
NO_QUARTER = "unit_code,survey_type,respondents,satisfied\n"
# (file contents, file name, options, library error quoted): one file per remaining message
FILE_CASES = [
    (b"", "empty.csv", {}, False),
    (
        "单位编码,单位名称,区县,单位类别,职工人数\nN081,新区医院,城关区,二级医院,300\n"
        "N081,兰州新区医院,城关区,二级医院,300\n",
        "one_code_two_names.csv",
        {},
        False,
    ),
    (
        "单位编码,季度,活动类型,次数,参与人数\nH001,2025Q3,义诊,2,30\n单位编码,季度,活动类型,参与人数,次数\n",
        "stacked.csv",
        {},
        False,
    ),
    (NO_QUARTER + "H001,门诊,40,36\n", "满意度_2025Q3.csv", {"quarter": "2025Q2"}, False),
    (SURVEYS + "H001,2025Q3,门诊,100,,9.5\nH002,2025Q3,门诊,100,,92\n", "lone.csv", {}, False),
    (
        "单位编码,单位名称,区县,单位类别,职工人数\nN081,一院,城关区,二级医院,300\n"
        "n081,二院,城关区,二级医院,200\n",
        "units_by_case.csv",
        {},
        False,
    ),
    (b"%PDF-1.7\n", "circular.pdf", {}, False),
    (b"unit_code,quarter\n\xff\xfe\xff\n\xff", "latin.csv", {}, False),
    ("a,b\n1,2\n", "no_header.csv", {}, False),
    ("单位编码,季度,活动类型,次数,参与人数,\n,,,,职工,群众\n", "split_column.csv", {}, False),
    (
        "单位编码,活动日期,活动类型,次数,参与人数\nH001,2025-10-02,义诊,1,9\n",
        "stated.csv",
        {"quarter": "2025Q3"},
        False,
    ),
    ("单位编码,季度,活动类型,次数\nH001,2025Q3,义诊,1,2\n", "split_row.csv", {}, False),
    ('单位编码,季度,活动类型,次数\nH001,2025Q3,"义诊,1\n', "open_quote.csv", {}, False),
    (
        "单位编码,检查日期,检查类型,检查项目,得分,满分\n"
        + "H001,2025-07-05,暗访,服务态度,8,10\n" * 2,
        "twice.csv",
        {},
        False,
    ),
    (
        "城关区2025年第3季度活动统计\n单位编码,季度,活动类型,次数,参与人数\nH001,2025Q4,义诊,1,2\n",
        "title_quarter.csv",
        {},
        False,
    ),
    ("单位编码,季度,活动内容,次数,参与人数\nH001,2025Q3,义诊,1,2\n", "unknown_head.csv", {}, False),
    (as_saved_by_excel(workbook({(1, 5): ("=1/0", "#DIV/0!")})), "error.xlsx", {}, False),
    (workbook({(1, 5): ("=E2/D2", 0)}), "uncalculated.xlsx", {}, False),
    (
        "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q2,门诊,40,36\n",
        "early.csv",
        {"registered_from": {"H001": "2025Q3"}},
        False,
    ),
    (
        "单位编码,季度,调查类型,样本量,满意人数\n0101,2025Q3,门诊,40,36\n",
        "zeros.csv",
        {"known_units": {"101"}},
        False,
    ),
    ("a,b\n1,2\n", "no_header.csv", {"kind": "surveys"}, False),
    ("单位编码，季度，调查类型\nH001，2025Q3，门诊\n", "typed.csv", {}, False),
    (b"\x05Alice" + b" " * 48, "~$lock.xlsx", {}, False),
    ("unit_code,单位编码,quarter,survey_type,respondents,satisfied\n", "twice.csv", {}, False),
    (
        "unit_code,quarter,survey_type,respondents,unit_code,quarter,survey_type,respondents\n",
        "side_by_side.csv",
        {},
        False,
    ),
    (
        "unit_code,quarter,respondents,satisfied,respondents,satisfied\n",
        "types_across.csv",
        {},
        False,
    ),
    ("unit_code,quarter,survey_type,satisfied\nH001,2025Q3,门诊,3\n", "missing.csv", {}, False),
    ("unit_code,activity_type,sessions,participants\nH001,义诊,1,2\n", "neither.csv", {}, False),
    (SURVEYS, "header_only.csv", {}, False),
    (SURVEYS + "H001,2025Q3,门诊,100,90,\n合计,,,100,90,\n", "total.csv", {}, False),
    (SURVEYS + "H001,2025Q3,门诊,100,90,\n平均,,,100,90,\n", "average.csv", {}, False),
    (SURVEYS + "H001,2025Q3,门诊,100,90,\n填表人：张三,,,,,\n", "signed.csv", {}, False),
    (SURVEYS + "H001,2025Q3,门诊,100,90,\n" + SURVEYS, "pasted.csv", {}, False),
    (SURVEYS + "甲,乙,丙,1,2,3\nH001,2025Q3,门诊,100,90,\n", "numbered.csv", {}, False),
    (SURVEYS + "H001,26Q3,门诊,100,90,\n", "short_year.csv", {}, False),
    (SURVEYS + "H001,2025Q3,门诊,0,,90\n", "no_respondents.csv", {}, False),
    (SURVEYS + "H001,2025Q3,门诊,100,,0.95\n", "fraction.csv", {}, False),
    (SURVEYS + "H001,2025Q3,门诊,100,,9.2\n", "ten_point.csv", {}, False),
    (SURVEYS + "H001,2025Q3,门诊,100,90,\nH001,2025Q3,门诊,100,80,\n", "dup.csv", {}, False),
    (
        "unit_code,activity_type,sessions,participants,activity_date,quarter\nH001,义诊,1,2,,\n",
        "no_period.csv",
        {},
        False,
    ),
    (
        "unit_code,inspection_date,inspection_type,item,score,max_score\n"
        "H001,45000,暗访,服务,8,10\n",
        "serial.csv",
        {},
        False,
    ),
    (
        "unit_code,unit_name,district,peer_group,staff_count,parent_code\n"
        "X001,新单位,城关区,三级医院,10,NOPE\n",
        "parent.csv",
        {},
        False,
    ),
    (SURVEYS + "H001.0,2025Q3,门诊,100,90,\n", "decimal.csv", {}, False),
    (SURVEYS + "123,2025Q3,门诊,100,90,\n", "zeros.csv", {"known_units": {"000123"}}, False),
    (SURVEYS + "6.20102E+11,2025Q3,门诊,100,90,\n", "scientific.csv", {}, False),
    (SURVEYS + "H001,2025Q3,门诊,'100,90,\n", "apostrophe.csv", {}, False),
    (SURVEYS + "H001\u200b,2025Q3,门诊,100,90,\n", "invisible.csv", {}, False),
    (SURVEYS + "h001,2025Q3,门诊,100,90,\n", "case.csv", {}, False),
    (b"PK\x03\x04 not really a workbook", "broken.xlsx", {}, True),
    (fixture_bytes("activities_password.xlsx"), "password.xlsx", {}, False),
    (
        xlsx([["unit_code", "quarter", "survey_type"]], "一季度", "二季度"),
        "two_data_sheets.xlsx",
        {},
        False,
    ),
    (NO_QUARTER + "H001,门诊,100,90\n", "stated_bad.csv", {"quarter": "2025Q5"}, False),
    (NO_QUARTER + "H001,门诊,100,90\n", "stated_future.csv", {"quarter": "2026Q2"}, False),
    (NO_QUARTER + "H001,门诊,100,90\n", "stated_day.csv", {"quarter": "2025-11-15"}, False),
    (NO_QUARTER + "H001,门诊,100,90\n", "stated_month.csv", {"quarter": "2025年11月"}, False),
    (NO_QUARTER + "H001,门诊,100,90\n", "stated_months.csv", {"quarter": "2025年7-9月"}, False),
    (
        "2025年第二季度满意度调查\n" + NO_QUARTER + "H001,门诊,100,90\n",
        "stated_unlike_title.csv",
        {"quarter": "2025Q3"},
        False,
    ),
    ("2025年第二季度满意度调查\n" + NO_QUARTER + "H001,门诊,100,90\n", "in_title.csv", {}, False),
    (SURVEYS + "H001,2025Q3,门诊,100,90,\n", "stated_twice.csv", {"quarter": "2025Q3"}, False),
    (SURVEYS + "H001,2025Q3,门诊,100,90,\nH002,2015Q3,门诊,100,90,\n", "apart.csv", {}, False),
    (
        "unit_code,unit_name,district,peer_group,staff_count\n"
        '"=""00123""",新单位,城关区,三级医院,10\n',
        "formula_code.csv",
        {},
        False,
    ),
    (
        "unit_code,inspection_date,inspection_type,item,score,max_score\n"
        "H001,2025-07-01,暗访,服务,8,10\n",
        "stated_inspections.csv",
        {"quarter": "2025Q3"},
        False,
    ),
    (xlsx([["unit_code", "quarter"]], "一季度"), "book.xlsx", {"sheet": "二季度"}, False),
    (fixture_bytes("surveys_struck.xlsx"), "surveys_struck.xlsx", {}, False),
    (fixture_bytes("activities_partly_struck.xlsx"), "partly_struck.xlsx", {}, False),
    (unreadable_compound_file(), "活动.et", {}, True),
    (fixture_bytes("activities_mixed_encodings.csv"), "mixed.csv", {}, False),
    (fixture_bytes("inspections_date_words.csv"), "date_words.csv", {}, False),
    ("区县,样本量,满意人数\n城关区,150,135\n", "summary.csv", {"kind": "surveys"}, False),
    (fixture_bytes("inspections_merged_header.xlsx"), "merged_header.xlsx", {}, False),
    (time_workbook(), "times.xlsx", {}, False),
    (xlsx([]), "empty_sheet.xlsx", {}, False),
    # a count whose format hides its decimals (cell.decimals_hidden)
    (
        formatted_workbook(SURVEY_HEADER, [["H001", "2025Q3", "门诊", 527.033, 400]], {3: "0"}),
        "hidden_decimals.xlsx",
        {},
        False,
    ),
    (
        merged_workbook(
            [
                ["unit_code", "inspection_date", "inspection_type", "item", None, "score"],
                [None, None, None, "一级指标", "二级指标", None],
                ["H001", "2025-07-05", "暗访", "服务态度", "挂号窗口", 9],
            ],
            (*(f"{c}1:{c}2" for c in "ABCF"), "D1:E1"),
        ),
        "item_split.xlsx",
        {},
        False,
    ),
    # a count merged down over one unit's two rows (file.count_merged_down_one_unit)
    (
        merged_workbook(
            [
                ["单位编码", "季度", "调查类型", "样本量", "满意人数"],
                ["H001", "2025Q3", "门诊", 200, 180],
                ["H001", "2025Q3", "住院", None, 170],
            ],
            ("D2:D3",),
        ),
        "count_merged_one_unit.xlsx",
        {},
        False,
    ),
    # a count merged down over two units' rows (file.count_merged_down)
    (
        merged_workbook(
            [
                ["单位编码", "季度", "调查类型", "样本量", "满意人数"],
                ["H001", "2025Q3", "门诊", 200, 180],
                ["H002", "2025Q3", "门诊", None, 170],
            ],
            ("D2:D3",),
        ),
        "count_merged.xlsx",
        {},
        False,
    ),
    # a group heading over the registry's hospitals (row.group_heading)
    (
        "单位编码,单位名称,区县,单位类别,职工人数\n,一、医院,,,\nH001,城关医院,城关区,二级医院,9\n",
        "heading.csv",
        {},
        False,
    ),
    # a new store: no unit registered yet (unit.registry_empty)
    (
        "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,50,45\n",
        "surveys.csv",
        {"known_units": ()},
        False,
    ),
    # a registry's code cell holding the row's own name (unit.registry_code_with_name)
    (
        "单位编码,单位名称,区县,单位类别,职工人数\nH009 妇幼保健院,妇幼保健院,城关区,二级医院,9\n",
        "registry_code_with_name.csv",
        {},
        False,
    ),
    # a registered code with the unit's name in its cell (unit.code_with_name)
    (
        "单位编码,季度,调查类型,样本量,满意人数\nH001 城关医院,2025Q3,门诊,50,45\n",
        "code_with_name.csv",
        {},
        False,
    ),
    # a unit's second row with its code left empty, a finding typed on into the next row
    # (cell.code_as_above, row.continued_text)
    (
        "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述\n"
        "H001,2025-07-15,暗访,环境卫生,8,10,卫生间脏\n,,,,,,且地面湿滑\n"
        ",2025-07-15,暗访,导医服务,9,10,\n",
        "as_above.csv",
        {},
        False,
    ),
    # a quarter's number beside a year column (cell.quarter_year_apart)
    (
        "单位编码,年度,季度,调查类型,样本量,满意人数\nH001,2025,4,门诊,50,45\n",
        "year.csv",
        {},
        False,
    ),
    # a quarter stated without its year (file.quarter_stated_no_year)
    (
        "单位编码,调查类型,样本量,满意人数\nH001,门诊,50,45\n",
        "stated_no_year.csv",
        {"quarter": "四季度"},
        False,
    ),
]


@pytest.fixture(scope="module")
def file_case_problems() -> list[tuple[Problem, bool]]:
    return [
        (p, library)
        for data, name, options, library in FILE_CASES
        for p in problems_of(data, name, **options)
    ]


def test_every_file_level_problem_speaks_chinese(file_case_problems):
    for problem, library_error in file_case_problems:
        assert_said_in_chinese(problem, library_error)


def test_a_stated_quarter_refused_names_its_column_in_the_readers_language():
    # a trial: "h004act.csv，列 quarter：“2026Q4”：所指定的季度与表头标题不符…", the column in
    # English in a Chinese message (the form has no quarter column: the quarter was stated)
    # also a stated quarter that is none, or in the future
    for name in (
        "stated_unlike_title.csv",
        "stated_twice.csv",
        "stated_bad.csv",
        "stated_future.csv",
        "stated_day.csv",
        "stated_month.csv",
    ):
        [(data, _, options, _)] = [case for case in FILE_CASES if case[1] == name]
        [problem] = problems_of(data, name, **options)
        assert problem.column_in("zh") == "季度", (name, problem)
        assert problem.column_in("en") == "quarter", (name, problem)
        assert "列 季度" in problem.describe("zh"), problem.describe("zh")


def test_a_sheet_not_in_the_workbook_lists_the_sheets_as_each_language_lists_them():
    # a trial: "现有工作表为：检查结果, 汇总", English commas in a Chinese sentence
    book = xlsx([["unit_code", "quarter", "survey_type"]], "一季度", "二季度")
    [problem] = problems_of(book, "book.xlsx", sheet="三季度")
    assert problem.expected_zh.endswith("现有工作表为：一季度、二季度"), problem.expected_zh
    assert problem.expected.endswith("一季度, 二季度"), problem.expected


def template_pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile("^" + ".*?".join(re.escape(p) for p in parts), re.DOTALL)


def test_every_problem_message_is_produced_by_some_test_file(file_case_problems):
    problems = [p for p, _ in file_case_problems]
    for case in CELL_CASES:
        problems += problems_of(csv_of(case[0], case[1]))
    for case in RULE_CASES:
        problems += problems_of(csv_of(case[1], *case[2]))
    produced = {
        key
        for key, (zh, en) in MESSAGES.items()
        for p in problems
        if template_pattern(en).search(p.expected) and template_pattern(zh).search(p.expected_zh)
    }
    wanted = {k for k in MESSAGES if k.startswith(PROBLEM_PREFIXES)}
    wanted -= FRAGMENTS | UNPROVOKED | REGISTRY_ONLY | RECEIVED_ONLY | LOADER_ONLY | LOGGED_ONLY
    assert wanted - produced == set()


def test_an_empty_registry_is_said_once_as_such_not_each_code_as_unknown():
    """A new bureau's first surveys, loaded before its registry, were refused with "unknown
    unit code: load it in the unit registry first, or correct the code" on each row, as if
    each code were mistyped; nothing is registered yet: the registry comes first."""
    rows = "".join(f"H00{n},2025Q3,门诊,50,45\n" for n in range(1, 4))
    problems = problems_of("单位编码,季度,调查类型,样本量,满意人数\n" + rows, known_units=())
    assert [(p.row, p.value) for p in problems] == [(2, "H001"), (3, "H002"), (4, "H003")]
    assert {p.expected_zh for p in problems} == {
        "单位名录中尚无任何单位：新建的存储须先上传单位名录（与本文件一起上传时，名录先装载），"
        "再上传其他文件"
    }
    assert {p.expected for p in problems} == {
        "the unit registry holds no unit yet: a new store loads its unit registry first (given "
        "with this file, the registry is loaded first), then the other files"
    }


def test_chinese_wording_of_some_problems():
    # hand-written expectations, as an analyst should read them
    [satisfied] = problems_of(csv_of("surveys", {"respondents": "50", "satisfied": "51"}))
    assert satisfied.expected_zh == "满意人数不能超过样本量"
    [sessions] = problems_of(csv_of("activities", {"sessions": "-2"}))
    assert sessions.expected_zh == "应为整数 ≥ 0"
    [date_] = problems_of(csv_of("inspections", {"inspection_date": "2025-0715"}))
    assert date_.expected_zh == "应为日期，如 2025-07-15"
    [future] = problems_of(csv_of("surveys", {"quarter": "2026Q2"}))
    assert future.expected_zh == "季度不能晚于当前季度（当前季度为 2026Q1）"  # TODAY 2026-01-15
    [target] = problems_of(csv_of("indicators", {"target": "九十五"}))
    assert target.expected_zh == "应为数值；请用阿拉伯数字填写，如 95 或 0.95"
    assert target.expected == "expected a number; write it in digits, such as 95 or 0.95"
    [sessions] = problems_of(csv_of("activities", {"sessions": "两次"}))
    assert sessions.expected_zh == "应为整数 ≥ 0；请用阿拉伯数字填写，如 95"
    assert sessions.expected == "expected a whole number ≥ 0; write it in digits, such as 95"
    [unknown] = problems_of(csv_of("surveys", {"unit_code": "Z999"}))
    assert unknown.expected_zh == "单位编码未登记：请先在单位名录中录入该单位，或更正编码"
    assert unknown.expected.startswith("unknown unit code: load it in the unit registry")


def test_duplicate_row_value_is_said_in_both_languages():
    problems = problems_of(csv_of("surveys", {}, {}))
    [dup] = problems
    assert (dup.row, dup.value, dup.value_zh) == (3, "same as row 2", "与第 2 行相同")
    assert dup.as_dict("zh")["value"] == "与第 2 行相同"
    assert dup.as_dict("en")["value"] == "same as row 2"
    # a survey may come in two batches: both fixes are offered
    assert dup.expected_zh == (
        "重复行：单位编码、季度、调查类型相同的行已在前面出现：若两行是同一份数据，"
        "请删除其一；若是两次活动或两批调查，请合并为一行（各数量相加）"
    )


def test_column_expectations_in_chinese():
    surveys, indicators = CONTRACTS["surveys"], CONTRACTS["indicators"]
    assert surveys.column("quarter").expectation("zh") == (
        "季度，如 2025Q3、2025-Q3 或 2025年第3季度"
    )
    assert surveys.column("survey_type").expectation("zh") == "以下之一：门诊 / 住院 / 公众 / 职工"
    assert surveys.column("score").expectation("zh") == "数值 ≥ 0 且 ≤ 100"
    assert surveys.column("respondents").expectation("zh") == "整数 > 0"
    assert indicators.column("direction").expectation("zh") == (
        "以下之一：higher（越高越好） / lower（越低越好）"
    )
    # English unchanged: the README's contracts section is generated from it
    assert surveys.column("score").expectation() == "a number ≥ 0 and ≤ 100"


def test_problem_described_in_both_languages():
    problem = Problem.of("a.csv", 3, "次数 (sessions)", "-1", msg("cell.expected", expectation=""))
    assert str(problem) == "a.csv, row 3, column 次数 (sessions): '-1': expected "
    assert problem.describe("zh") == "a.csv，第 3 行，列 次数 (sessions)：“-1”：应为"
    whole_file = Problem.of("b.csv", None, None, "", msg("file.empty"))
    assert whole_file.describe("zh").startswith("b.csv：文件为空")
    # a Problem made without Chinese (older callers) still shows its English
    assert Problem("c.csv", None, None, "", "odd").expected_in("zh") == "odd"


def test_load_summaries_in_chinese():
    checked = LoadResult(
        "s.csv", "surveys", "checked", rows=12, replaced=5, quarters=["2025Q2", "2025Q3"], units=3
    )
    assert checked.summary("zh") == (
        "s.csv：试运行通过，可上传 12 行满意度调查数据，季度 2025Q2–2025Q3，3 个单位，"
        "将替换 5 行已有数据"
    )
    assert checked.summary() == (
        "s.csv: dry run OK: would load 12 rows of surveys, 2025Q2–2025Q3, 3 units; 5 rows would "
        "be replaced"
    )
    rejected = LoadResult("b.csv", "surveys", "rejected", problem_total=4)
    assert rejected.summary("zh") == "b.csv：未通过检查，共 4 个问题；未上传任何数据"


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_withdraw_refusal_in_both_languages(con):
    with pytest.raises(WithdrawRefused) as refused:
        withdraw(con, 99)
    assert str(refused.value) == "there is no load 99; `python -m etl history` lists them"
    assert refused.value.text.zh.startswith("没有批次 99")
    result = load(con, "unit_code,unit_name\n", "bad.csv", today=TODAY)
    assert result.outcome == "rejected"
    rejected_id = con.execute("SELECT max(load_id) FROM upload_log").fetchone()[0]
    with pytest.raises(WithdrawRefused) as refused:
        withdraw(con, rejected_id)
    assert refused.value.text.zh == f"批次 {rejected_id} 的状态为“已拒绝”，没有可撤回的数据"


def test_outcome_labels():
    assert [outcome_label(o, "zh") for o in ("loaded", "rejected", "withdrawn")] == [
        "已上传",
        "已拒绝",
        "已撤回",
    ]
    assert outcome_label("withdrawn", "en") == "withdrawn"
    assert outcome_label(None, "zh") == ""


def test_who_acted_reads_as_a_person_or_the_command_line():
    from etl.messages import COMMAND_LINE, person

    assert (person(COMMAND_LINE).zh, person(COMMAND_LINE).en) == ("命令行", "the command line")
    assert (person("王芳").zh, person("王芳").en) == ("王芳", "王芳")


def test_a_kind_reads_as_a_word_also_when_it_could_not_be_told():
    from etl.contracts import kind_label

    assert kind_label("units", "zh") == "单位名录"
    assert kind_label("units", "en") == "units"
    assert kind_label(None, "zh") == "未能识别"
    assert kind_label(None, "en") == "unknown"
