"""Every rule of etl/contracts.py: each case is a one-row file that breaks exactly one rule,
and the test checks the row, column and value named (data row 1 is spreadsheet row 2)."""

from __future__ import annotations

import csv
import io

import duckdb
import polars as pl
import pytest
from etl_helpers import TODAY, parse, problems_of, registry_of

from etl.contracts import CLOSING, CONTRACTS, OPEN, peer_groups_in_order
from etl.db import ensure_schema
from etl.problems import MAX_PROBLEMS
from etl.registry import install_registry_macros
from etl.rules import (
    DATE_RANGE,
    DATE_TRAILING_DOT,
    DATE_WITH_HOURS,
    MONTH_OR_PART,
    MONTH_RANGE,
    quarter_of_month_range,
)
from etl.validate import CROSS_FIELD_CHECKS

VALID = {
    "units": dict(
        unit_code="X001",
        unit_name="新单位",
        district="城关区",
        peer_group="三级医院",
        staff_count="100",
        parent_code="",
        status="",
    ),
    "inspections": dict(
        unit_code="H001",
        inspection_date="2025-07-05",
        inspection_type="暗访",
        item="服务态度",
        score="8",
        max_score="10",
        finding="",
        rectify_by="",
        rectified_on="",
    ),
    "surveys": dict(
        unit_code="H001",
        quarter="2025Q3",
        survey_type="门诊",
        respondents="100",
        satisfied="90",
        score="",
    ),
    "activities": dict(
        unit_code="H001",
        activity_date="",
        quarter="2025Q3",
        activity_type="义诊",
        sessions="2",
        participants="30",
        volunteer_hours="",
    ),
    "indicators": dict(
        indicator_code="r",
        name_zh="得分率",
        name_en="Score rate",
        domain="inspection",
        direction="higher",
        weight="0.5",
        unit="rate",
        peer_group="全部",
        from_quarter="2025Q1",
        target="0.9",
    ),
}


def csv_of(kind: str, *rows: dict) -> str:
    """A CSV with the contract's English headers: one row per dict, each over a valid row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(VALID[kind]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**VALID[kind], **row})
    return out.getvalue()


def test_a_quarter_written_another_way_is_told_its_own_years_quarter():
    """Trial: a cell holding 2024年10月 (or a day, or a quarter's months, of a year other than
    2025) was told to write "such as 2025Q4", another year's quarter. Each cell is told its
    own year's, as a stated quarter is (file.quarter_stated_*)."""
    rows = [
        {"quarter": "2024年10月"},
        {"quarter": "2025年11月上旬"},
        {"quarter": "2024年7-9月"},
        {"quarter": "2024年10月"},
    ]
    problems = problems_of(csv_of("surveys", *rows))
    said = [(p.value, p.expected, p.expected_zh) for p in problems]
    assert len(said) == 4
    for value, en, zh in said:
        year, number = value[:4], 3 if "7-9" in value else 4
        quarter = "第三季度" if number == 3 else "第四季度"
        assert f"such as {year}Q{number}" in en, (value, en)
        assert f"如 {year}年{quarter} 或 {year}Q{number}" in zh, (value, zh)
    day = problems_of(csv_of("activities", {"quarter": "2024/8/20"}))
    assert [p.value for p in day] == ["2024/8/20"]
    assert "such as 2024Q3" in day[0].expected
    assert "如 2024年第三季度 或 2024Q3" in day[0].expected_zh


@pytest.mark.parametrize("kind", list(VALID))
def test_the_valid_rows_pass(kind):
    assert parse(csv_of(kind, {})).height == 1


# (kind, changes to the valid row, column named, value named, words in the message)
CELL_CASES = [
    # required
    ("units", {"unit_name": ""}, "unit_name", "", "a value is required"),
    ("inspections", {"item": "  "}, "item", "", "a value is required"),
    ("surveys", {"respondents": ""}, "respondents", "", "a value is required"),
    ("activities", {"activity_type": ""}, "activity_type", "", "a value is required"),
    ("indicators", {"weight": ""}, "weight", "", "a value is required"),
    # invisible characters
    ("activities", {"activity_type": "义\u200b诊"}, "activity_type", "义\u200b诊", "invisible"),
    ("surveys", {"respondents": "1\u200b00"}, "respondents", "1\u200b00", "invisible"),
    # allowed values
    ("units", {"peer_group": "卫生院"}, "peer_group", "卫生院", "one of 三级医院"),
    ("inspections", {"inspection_type": "抽查"}, "inspection_type", "抽查", "one of 暗访"),
    ("surveys", {"survey_type": "急诊"}, "survey_type", "急诊", "one of 门诊"),
    ("indicators", {"domain": "finance"}, "domain", "finance", "inspection / survey / activity"),
    ("indicators", {"direction": "up-ish"}, "direction", "up-ish", "one of higher / lower"),
    ("indicators", {"unit": "高"}, "unit", "高", "one of rate / count / number"),
    # a unit of measure is told which kind to write (etl/rules.py MEASURE_UNIT)
    ("indicators", {"unit": "元"}, "unit", "元", "any other quantity (小时, 分, 天) number"),
    ("indicators", {"peer_group": "医院"}, "peer_group", "医院", "one of 全部"),
    # a character off a listed value: that value is asked after (etl/cells.py lookalike)
    (
        "indicators",
        {"peer_group": "乡镇卫生员"},
        "peer_group",
        "乡镇卫生员",
        "did you mean 乡镇卫生院?",
    ),
    (
        "units",
        {"peer_group": "社区卫生服物中心"},
        "peer_group",
        "社区卫生服物中心",
        "mean 社区卫生服务中心",
    ),
    # types and ranges
    ("units", {"staff_count": "0"}, "staff_count", "0", "> 0"),
    ("units", {"staff_count": "12.5"}, "staff_count", "12.5", "a whole number"),
    ("units", {"staff_count": "3000000000"}, "staff_count", "3000000000", "too large"),
    ("inspections", {"score": "-1"}, "score", "-1", "≥ 0"),
    ("inspections", {"score": "0", "max_score": "0"}, "max_score", "0", "> 0"),
    ("inspections", {"score": "八"}, "score", "八", "a number"),
    # what forms write instead of a number or a date: told what to write
    ("inspections", {"score": "8分"}, "score", "8分", "without its unit (85 for 85分"),
    ("activities", {"participants": "120 人"}, "participants", "120 人", "without its unit"),
    # an estimate, as activity reports give a crowd: no number to count, nor to guess
    ("activities", {"participants": "约200"}, "participants", "约200", "an estimate"),
    ("activities", {"participants": "200余人"}, "participants", "200余人", "an estimate"),
    ("surveys", {"respondents": "300+"}, "respondents", "300+", "an estimate"),
    ("activities", {"volunteer_hours": "2-3小时"}, "volunteer_hours", "2-3小时", "an estimate"),
    # a comma that groups no thousands (1,23: a decimal comma, or a slip for 123?) was told
    # "write it in digits, such as 95", though it is digits: the comma is named, not guessed
    ("surveys", {"respondents": "1,23"}, "respondents", "1,23", "does not group thousands"),
    ("activities", {"volunteer_hours": "12,5"}, "volunteer_hours", "12,5", "not group thousands"),
    ("activities", {"participants": "12,345,6"}, "participants", "12,345,6", "not group thou"),
    # a target with its bound, as a 目标任务分解表 writes it: the bound is the direction's
    ("indicators", {"target": "≥92%"}, "target", "≥92%", "without ≥, ≤ or 不低于"),
    ("indicators", {"target": "不低于0.9"}, "target", "不低于0.9", "the direction column's"),
    ("indicators", {"target": "＜5"}, "target", "＜5", "the direction column's"),
    # in ten thousands: "the number alone" would make 1.2万 hours 1.2
    ("activities", {"volunteer_hours": "1.2万"}, "volunteer_hours", "1.2万", "12000 for 1.2万"),
    ("activities", {"participants": "3万人次"}, "participants", "3万人次", "not in 万"),
    ("activities", {"volunteer_hours": "—"}, "volunteer_hours", "—", "leave the cell empty"),
    ("activities", {"sessions": "无"}, "sessions", "无", "0 when none"),
    # a percentage where none is taken: a count is no share, a survey's 90% is its score
    ("activities", {"sessions": "90%"}, "sessions", "90%", "a count (of sessions, people)"),
    ("surveys", {"satisfied": "90%"}, "satisfied", "90%", "write it in the score column"),
    ("inspections", {"score": "80%"}, "score", "80%", "takes no percentage"),
    ("surveys", {"respondents": "/"}, "respondents", "/", "delete the row"),
    # an item that does not apply: no row for a required figure, an empty optional one
    ("inspections", {"score": "不适用"}, "score", "不适用", "does not apply to the unit, delete"),
    ("activities", {"volunteer_hours": "不涉及"}, "volunteer_hours", "不涉及", "leave the cell"),
    ("inspections", {"inspection_date": "7月14日"}, "inspection_date", "7月14日", "no year"),
    # a month where the day is asked: a required date, an optional one (may be left empty)
    ("inspections", {"inspection_date": "2025年7月"}, "inspection_date", "2025年7月", "the day"),
    ("activities", {"activity_date": "2025年7月"}, "activity_date", "2025年7月", "leave the"),
    (
        "inspections",
        {"inspection_date": "2025-02-30"},
        "inspection_date",
        "2025-02-30",
        "no such day",
    ),
    # trial (session 56): 90%以上 was told to be written in digits
    ("indicators", {"target": "90%以上"}, "target", "90%以上", "without ≥, ≤ or 不低于"),
    # trial (session 56): a quarter with its months in brackets was told the generic words
    (
        "surveys",
        {"quarter": "2025年第三季度（7-9月）"},
        "quarter",
        "2025年第三季度（7-9月）",
        "without the months in brackets",
    ),
    # trial (session 56): month 13 was told "September has 30 days"; 上午 was told nothing
    ("inspections", {"inspection_date": "2025.13.01"}, "inspection_date", "2025.13.01", "1 to 12"),
    (
        "inspections",
        {"inspection_date": "2025年7月3日上午"},
        "inspection_date",
        "2025年7月3日上午",
        "without 上午 or 下午",
    ),
    # a day of the week that is not the date's: 2025-07-05 is a Saturday
    (
        "inspections",
        {"inspection_date": "2025-07-05 周五"},
        "inspection_date",
        "2025-07-05 周五",
        "the date is a Saturday",
    ),
    ("inspections", {"inspection_date": "1999-12-31"}, "inspection_date", "1999-12-31", "2000"),
    ("activities", {"activity_date": "25.7.5", "quarter": ""}, "activity_date", "25.7.5", "four"),
    ("surveys", {"respondents": "0", "satisfied": "0"}, "respondents", "0", "> 0"),
    ("surveys", {"satisfied": "-3"}, "satisfied", "-3", "≥ 0"),
    ("surveys", {"satisfied": "", "score": "101"}, "score", "101", "≤ 100"),
    ("surveys", {"satisfied": "", "score": "4.6"}, "score", "4.6", "5-point score times 20"),
    # a CSV saved from a sheet whose count column was formatted as a date (30 people)
    ("activities", {"participants": "1900/1/30"}, "participants", "1900/1/30", "General"),
    # trial (session 56): "write the number alone" loaded 90 hours, "write 0" was refused
    ("activities", {"volunteer_hours": "90分钟"}, "volunteer_hours", "90分钟", "(1.5 for 90分钟)"),
    (
        "surveys",
        {"respondents": "/"},
        "respondents",
        "/",
        "delete the row rather than writing —, /, 无 or 0",
    ),
    ("surveys", {"quarter": "2025Q5"}, "quarter", "2025Q5", "a quarter such as"),
    ("surveys", {"quarter": "1999Q4"}, "quarter", "1999Q4", "before 2000"),
    ("surveys", {"quarter": "四季度"}, "quarter", "四季度", "has no year"),
    ("activities", {"quarter": "Q3"}, "quarter", "Q3", "has no year"),
    # numbered in Roman numerals, as 2025QIV and 2025年第Ⅳ季度 are read
    ("surveys", {"quarter": "Q IV"}, "quarter", "Q IV", "has no year"),
    ("surveys", {"quarter": "第Ⅲ季度"}, "quarter", "第Ⅲ季度", "has no year"),
    ("activities", {"quarter": "25QIV"}, "quarter", "25QIV", "needs all four digits"),
    # a month where a quarter is asked: which quarter is plain, whether the figures are is not
    ("surveys", {"quarter": "2025年8月"}, "quarter", "2025年8月", "month is in Q3"),
    # and the part of a month a plan names (上旬: its first ten days): the month's quarter
    ("surveys", {"quarter": "2025年10月上旬"}, "quarter", "2025年10月上旬", "2025Q4"),
    ("activities", {"quarter": "2025年5月 下旬"}, "quarter", "2025年5月 下旬", "month is in Q2"),
    # and a day: whose day it is (the activity's? the report's?) is not plain either
    ("activities", {"quarter": "2025/8/20"}, "quarter", "2025/8/20", "the day is in Q3"),
    (
        "indicators",
        {"from_quarter": "2025年1月", "target": ""},
        "from_quarter",
        "2025年1月",
        "2025Q1",
    ),
    ("activities", {"sessions": "-2"}, "sessions", "-2", "≥ 0"),
    ("activities", {"participants": "1e20"}, "participants", "1e20", "too large"),
    ("activities", {"volunteer_hours": "-0.5"}, "volunteer_hours", "-0.5", "≥ 0"),
    ("indicators", {"weight": "-0.1"}, "weight", "-0.1", "≥ 0"),
    ("indicators", {"target": "high"}, "target", "high", "a number"),
    ("indicators", {"target": "九十五"}, "target", "九十五", "in digits, such as 95 or 0.95"),
    ("surveys", {"score": "九十五"}, "score", "九十五", "in digits, such as 95"),
    # the Chinese input method's full stop for a point (trial E)
    ("inspections", {"score": "8。5"}, "score", "8。5", "not the Chinese full stop"),
    ("inspections", {"inspection_date": "2025。7。14"}, "inspection_date", "2025。7。14", "'-'"),
    # near-dates: a period or a stray dot, told what to write (never read as a value)
    (
        "inspections",
        {"inspection_date": "2025年7-9月"},
        "inspection_date",
        "2025年7-9月",
        "range of months, not a date: give one date per row",
    ),
    (
        "inspections",
        {"inspection_date": "2025.10.1-10.7"},
        "inspection_date",
        "2025.10.1-10.7",
        "range of days, not one date",
    ),
    (
        "inspections",
        {"inspection_date": "2025.10.07."},
        "inspection_date",
        "2025.10.07.",
        "remove the trailing '.'",
    ),
    # a day with an activity's hours, and the part of a month a plan names: what to write,
    # not the generic "expected a date"
    (
        "inspections",
        {"inspection_date": "2025-10-03 9:00-11:00"},
        "inspection_date",
        "2025-10-03 9:00-11:00",
        "a date followed by a span of hours (such as 9:00-11:00): write the date alone",
    ),
    (
        "inspections",
        {"inspection_date": "2025年10月上旬"},
        "inspection_date",
        "2025年10月上旬",
        "a year and month, without the day: write the date",
    ),
    (
        "activities",
        {"quarter": "2025年7-9月"},
        "quarter",
        "2025年7-9月",
        "the three months of Q3: write the quarter",
    ),
    # a range of months that is no one quarter's: the quarter is not guessed
    (
        "activities",
        {"quarter": "2025年8-10月"},
        "quarter",
        "2025年8-10月",
        "expected a quarter such as 2025Q3",
    ),
    # quarters and dates in the future (today is 2026-01-15, quarter 2026Q1)
    ("surveys", {"quarter": "2026Q2"}, "quarter", "2026Q2", "current quarter is 2026Q1"),
    ("activities", {"quarter": "2026-Q2"}, "quarter", "2026Q2", "future"),
    ("inspections", {"inspection_date": "2026-01-16"}, "inspection_date", "2026-01-16", "today"),
    # unknown unit codes
    ("surveys", {"unit_code": "Z999"}, "unit_code", "Z999", "unknown unit code"),
    ("inspections", {"unit_code": "h001"}, "unit_code", "h001", "unit registry"),
    ("surveys", {"unit_code": "'H001"}, "unit_code", "'H001", "leading apostrophe"),
    ("surveys", {"unit_code": '="H001"'}, "unit_code", '="H001"', "text formula"),
    ("surveys", {"unit_code": "H 001"}, "unit_code", "H 001", "without the space inside"),
]


@pytest.mark.parametrize(
    ("pattern", "matched", "unmatched"),
    [
        (
            MONTH_RANGE,
            ["2025年7-9月", "2025年7月-9月", "2025年10月～12月份", "2025年1至3月"],
            ["2025年7月", "2025-7-9", "2025年7-13月"],
        ),
        (
            DATE_RANGE,
            ["2025.10.1-10.7", "2025年10月1日至7日", "2025.10.1-2025.10.7", "2025-10-01~07"],
            ["2025.10.1", "2025-10-01", "2025年10月1日"],
        ),
        (DATE_TRAILING_DOT, ["2025.10.07.", "2025年10月7日。"], ["2025.10.07", "2025。10。7"]),
        (
            DATE_WITH_HOURS,
            [
                "2025-10-03 9:00-11:00",
                "2025年10月3日 上午9:00~11:30",
                "2025.10.3 14时00分至16时00分",
            ],
            ["2025-10-03 9:00", "2025-10-03", "9:00-11:00", "2025.10.1-10.7"],
        ),
        (
            MONTH_OR_PART,
            ["2025年10月上旬", "2025年10月 下旬", "2025年10月", "2025年10月份"],
            ["2025年10月3日", "2025年10月初旬", "2025年上旬"],
        ),
    ],
)
def test_near_date_patterns_match_their_shape_alone(pattern, matched, unmatched):
    """The shapes a near-date hint names (CELL_CASES gives one of each its message), and
    dates or months each leaves to its own rule."""
    texts = pl.Series(matched + unmatched)
    assert texts.str.contains(pattern).to_list() == [True] * len(matched) + [False] * len(unmatched)


def test_only_a_range_of_one_quarters_months_names_the_quarter():
    texts = pl.Series(["2025年1-3月", "2025年10月-12月", "2025年7-8月", "2025年8-10月", "x"])
    quarters = pl.select(quarter_of_month_range(pl.lit(texts))).to_series()
    assert quarters.to_list() == [1, 4, None, None, None]


@pytest.mark.parametrize(("kind", "change", "column", "value", "words"), CELL_CASES)
def test_cell_rules(kind, change, column, value, words):
    problems = problems_of(csv_of(kind, change))
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        ("file.csv", 2, column, value)
    ]
    assert words in problems[0].expected


@pytest.mark.parametrize(
    ("value", "known", "meant"),
    [
        ("乡镇卫生员", ["三级医院", "乡镇卫生院"], "乡镇卫生院"),  # a character typed wrong
        ("outpatient_satisfation", ["outpatient_satisfaction"], "outpatient_satisfaction"),
        ("outpatient_satisfcation", ["outpatient_satisfaction"], "outpatient_satisfaction"),
        # three characters apart: another indicator, not a slip
        ("inpatient_satisfaction", ["outpatient_satisfaction"], None),
        ("急诊", ["门诊", "住院", "公众"], None),  # a character of two is half the word
        ("四级医院", ["三级医院", "二级医院"], None),  # as near to two: none is asked after
    ],
)
def test_a_lookalike_is_a_character_or_two_from_one_known_value(value, known, meant):
    from etl.cells import lookalike

    assert lookalike(value, known) == meant


# (rule, kind, rows, expected (row, column) list, words)
RULE_CASES = [
    ("parent_is_not_self", "units", [{"parent_code": "X001"}], [(2, "parent_code")], "own parent"),
    (
        "closure_needs_quarter",
        "units",
        [{"status": "撤并"}],
        [(2, "from_quarter")],
        "a closed unit needs from_quarter",
    ),
    (
        "score_within_max",
        "inspections",
        [{"score": "11", "max_score": "10"}],
        [(2, "score")],
        "may not exceed max_score",
    ),
    (
        "sessions_held",
        "activities",
        [
            {"sessions": "0", "participants": "45"},
            {"sessions": "0", "participants": "0", "activity_type": "健康讲座"},
            {"sessions": "0", "participants": "0", "volunteer_hours": "6", "activity_type": "献血"},
            {"sessions": "2", "participants": "0", "activity_type": "巡诊"},
            {"sessions": "0", "participants": "3", "activity_type": "讲座"},
        ],
        [(2, "sessions"), (6, "sessions")],  # none held and none took part: no contradiction
        "no session held, yet people took part",
    ),
    (
        "deadline_needs_finding",
        "inspections",
        [{"rectify_by": "2025-08-05", "rectified_on": "2025-08-01"}],
        [(2, "rectify_by"), (2, "rectified_on")],
        "needs a finding",
    ),
    (
        "finding_not_none",
        "inspections",
        [
            {"finding": "无"},
            {"finding": " — ", "item": "环境卫生"},
            {"finding": "无障碍坡道破损", "item": "便民措施"},
        ],
        [(2, "finding"), (3, "finding")],  # 无障碍…: a finding that begins with 无
        "leave finding empty when nothing was found",
    ),
    (
        "not_before_inspection",
        "inspections",
        [{"finding": "问题", "rectify_by": "2025-07-01"}],
        [(2, "rectify_by")],
        "before the inspection date",
    ),
    (
        "not_in_future",
        "inspections",
        [{"finding": "问题", "rectify_by": "2026-02-01", "rectified_on": "2026-01-20"}],
        [(2, "rectified_on")],
        "after today",
    ),
    (
        "not_in_future",
        "activities",
        [{"quarter": "", "activity_date": "2026-01-31"}],
        [(2, "activity_date")],
        "after today",
    ),
    (
        "satisfied_within_respondents",
        "surveys",
        [{"respondents": "50", "satisfied": "51"}],
        [(2, "satisfied")],
        "may not exceed respondents",
    ),
    (
        "date_matches_quarter",
        "activities",
        [{"activity_date": "2025-06-30", "quarter": "2025Q3"}],
        [(2, "activity_date")],
        "outside the quarter",
    ),
    (
        "indicator_fields_consistent",
        "indicators",
        [{}, {"peer_group": "三级医院", "weight": "0.4"}],
        [(2, "weight"), (3, "weight")],
        "same on all of its rows",
    ),
    (
        "rate_target_is_fraction",
        "indicators",
        [{"target": "90"}],
        [(2, "target")],
        "write 95% or 0.95",
    ),
    (
        # a count (overdue findings) is never below 0: a target of -1 is missed by every unit,
        # loaded without a word; 0 (none tolerated) and a number's negative target pass
        "count_target_not_negative",
        "indicators",
        [
            {"unit": "count", "direction": "lower", "target": "-1"},
            {"indicator_code": "c", "unit": "count", "direction": "lower", "target": "0"},
            {"indicator_code": "n", "unit": "number", "target": "-2"},
        ],
        [(2, "target")],
        "cannot be negative",
    ),
    (
        "percent_target_only_for_rates",
        "indicators",
        # 90% of a 0–100 score would be 0.9; of a rate it is fine (0.9)
        [{"unit": "number", "target": "90%"}, {"indicator_code": "q", "target": "90%"}],
        [(2, "target")],
        "not a rate",
    ),
    (
        "percent_weight_at_most_whole",
        "indicators",
        [{"weight": "500%"}, {"indicator_code": "q", "weight": "100%"}],
        [(2, "weight")],
        "cannot exceed 100%",
    ),
    (
        "target_needs_quarter",
        "indicators",
        [{"from_quarter": ""}],
        [(2, "from_quarter")],
        "needs from_quarter",
    ),
]


@pytest.mark.parametrize(("rule", "kind", "rows", "where", "words"), RULE_CASES)
def test_cross_field_rules(rule, kind, rows, where, words):
    problems = problems_of(csv_of(kind, *rows))
    assert [(p.row, p.column) for p in problems] == where
    assert all(words in p.expected for p in problems)


def test_every_contract_rule_has_a_check_and_a_test():
    declared = {rule.check for c in CONTRACTS.values() for rule in c.rules}
    assert declared == set(CROSS_FIELD_CHECKS)
    assert declared == {case[0] for case in RULE_CASES}


@pytest.mark.parametrize(
    "written",
    [
        *("/", "／", "--", "N/A", "无问题", "暂无", "未发现问题", "无。", "0", "没有问题."),
        *("未发现", "无异常", "未见异常", "无发现", "符合要求", "均符合要求", "正常", "合格"),
        *("良好", "均合格。", " 未发现异常 "),
    ],
)
def test_a_finding_written_as_none_is_refused_as_written(written):
    """Each would be an open finding in the ledger; the cell is named as the inspector wrote
    it."""
    [problem] = problems_of(csv_of("inspections", {"finding": written}))
    assert (problem.row, problem.column, problem.value) == (2, "finding", written)


@pytest.mark.parametrize("written", ["未发现消毒记录", "不合格", "候诊区秩序不正常", "无导医"])
def test_a_finding_that_only_begins_or_ends_like_none_is_a_finding(written):
    """ "No disinfection record found" is a finding, though it begins as "nothing found" does."""
    frame = parse(csv_of("inspections", {"finding": written}))
    assert frame.get_column("finding").to_list() == [written]


def test_score_over_max_names_both_values():
    [problem] = problems_of(csv_of("inspections", {"score": "11", "max_score": "10"}))
    assert problem.value == "11 > 10"


def test_survey_needs_satisfied_or_score():
    [problem] = problems_of(csv_of("surveys", {"satisfied": "", "score": ""}))
    assert (problem.row, problem.column) == (2, "satisfied/score")


def test_activity_needs_a_date_or_a_quarter():
    [problem] = problems_of(csv_of("activities", {"quarter": "", "activity_date": ""}))
    assert (problem.row, problem.column) == (2, "activity_date/quarter")


def test_one_of_columns_absent_from_the_header():
    text = "unit_code,quarter,survey_type,respondents\nH001,2025Q3,门诊,100\n"
    [problem] = problems_of(text)
    assert problem.row is None and problem.column == "满意人数/满意度得分 (satisfied/score)"


def test_a_rate_survey_and_a_score_survey_in_one_file():
    frame = parse(csv_of("surveys", {}, {"survey_type": "公众", "satisfied": "", "score": "88"}))
    assert frame.select("satisfied", "score").rows() == [(90, None), (None, 88.0)]


def test_other_spellings_of_allowed_values_become_the_stored_value():
    units = parse(csv_of("units", {"peer_group": "Township Health Center"}))
    assert units["peer_group"].to_list() == ["乡镇卫生院"]
    inspections = parse(csv_of("inspections", {"inspection_type": "Unannounced"}))
    assert inspections["inspection_type"].to_list() == ["暗访"]
    surveys = parse(csv_of("surveys", {"survey_type": "inpatient"}))
    assert surveys["survey_type"].to_list() == ["住院"]
    indicators = parse(
        csv_of("indicators", {"domain": "检查", "direction": "越低越好", "unit": "%"})
    )
    assert indicators.select("domain", "direction", "unit").rows() == [
        ("inspection", "lower", "rate")
    ]


def test_merged_is_kept_apart_from_closed_and_both_take_the_unit_out():
    """撤并 (merged into another unit) was read as 撤销 (closed): it is a status of its own,
    and the registry's SQL (closes_unit) takes out the units of every closing status the
    contract has, and no other."""
    lines = [f"X00{i},单位{i},城关区,三级医院,100,{s},2025Q3" for i, s in enumerate(STATUSES)]
    header = "unit_code,unit_name,district,peer_group,staff_count,status,from_quarter"
    units = parse("\n".join([header, *lines]) + "\n")
    assert units["status"].to_list() == ["撤并", "撤并", "撤并", "撤销", "在用"]
    con = duckdb.connect()
    ensure_schema(con)
    install_registry_macros(con)
    closes = [con.execute("SELECT closes_unit(?)", [s]).fetchone()[0] for s in CLOSING]
    assert closes == [True, True]
    assert con.execute("SELECT closes_unit(?), closes_unit(NULL)", [OPEN]).fetchone() == (
        False,
        False,
    )


STATUSES = ("撤并", "已撤并", "merged", "关闭", "在用")


@pytest.mark.parametrize(
    ("kind", "second", "where"),
    [
        ("units", {"unit_name": "同码单位"}, "unit_code/生效季度"),  # absent: its Chinese name
        ("inspections", {"score": "9"}, "unit_code/inspection_date/inspection_type/item"),
        ("surveys", {"satisfied": "80"}, "unit_code/quarter/survey_type"),
        ("activities", {"sessions": "3"}, "unit_code/quarter/activity_date/activity_type"),
        ("indicators", {"target": "0.8"}, "indicator_code/peer_group/from_quarter"),
    ],
)
def test_duplicate_keys_inside_a_file(kind, second, where):
    problems = problems_of(csv_of(kind, {}, {}, second))
    # rows 3 and 4 repeat the key of row 2
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, where, "same as row 2"),
        (4, where, "same as row 2"),
    ]


def test_parent_code_may_name_a_unit_of_the_same_file_but_not_an_unknown_one():
    ok = parse(csv_of("units", {}, {"unit_code": "X002", "parent_code": "X001"}))
    assert ok["parent_code"].to_list() == [None, "X001"]
    [problem] = problems_of(csv_of("units", {"parent_code": "NOPE"}))
    assert (problem.column, problem.value) == ("parent_code", "NOPE")


def test_every_problem_is_counted_but_the_list_is_capped():
    rows = [{"sessions": "-1", "activity_type": f"活动{i}"} for i in range(250)]
    text = csv_of("activities", *rows)
    from etl.problems import FileRejected
    from etl.read import read_file
    from etl.validate import parse_and_check

    with pytest.raises(FileRejected) as rejected:
        parse_and_check(read_file(text.encode(), "many.csv"), TODAY, registry_of({"H001"}))
    assert rejected.value.total == 250
    assert len(rejected.value.problems) == MAX_PROBLEMS
    assert [p.row for p in rejected.value.problems[:3]] == [2, 3, 4]


def test_several_problems_on_one_row_are_all_reported():
    problems = problems_of(csv_of("activities", {"sessions": "-1", "participants": "many"}))
    assert sorted(p.column for p in problems) == ["participants", "sessions"]


def test_a_survey_score_between_0_and_1_is_refused_as_a_likely_percentage_cell():
    [problem] = problems_of(csv_of("surveys", {"satisfied": "", "score": "0.95"}))
    assert (problem.row, problem.column, problem.value) == (2, "score", "0.95")
    assert "write 95 or 95%" in problem.expected


def test_a_repeated_key_with_other_values_is_not_told_to_delete_the_repeated_row():
    """Trial (session 56): one code with two names in a registry was told "delete the
    repeated row", which may delete the right one. A copy of a row is told so still."""
    header = "单位编码,单位名称,区县,单位类别,职工人数\n"
    differ = header + "N081,新区医院,城关区,二级医院,300\nN081,兰州新区医院,城关区,二级医院,300\n"
    [problem] = problems_of(differ)
    assert (problem.row, problem.value) == (3, "same as row 2")
    assert problem.expected == (
        "the same unit_code, from_quarter as an earlier row, but other values differ: both "
        "cannot hold; check which row is right, and delete or correct the other"
    )
    copied = header + "N081,新区医院,城关区,二级医院,300\nN081,新区医院,城关区,二级医院,300\n"
    [problem] = problems_of(copied)
    assert problem.expected.endswith("appears on an earlier row; delete the repeated row")


def test_a_file_of_scores_out_of_10_is_refused_row_by_row():
    """9.2 and 9.5 of a 10-point survey loaded as 9.2 and 9.5 out of 100, without a word."""
    problems = problems_of(
        csv_of(
            "surveys",
            {"satisfied": "", "score": "9.2"},
            {"survey_type": "公众", "satisfied": "", "score": "9.5"},
        )
    )
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "score", "9.2"),
        (3, "score", "9.5"),
    ]
    assert "multiply by 10 (write 92 for 9.2)" in problems[0].expected


def test_a_file_of_scores_out_of_5_is_told_to_multiply_by_20():
    """Trial (session 56): the means of a 5-point scale (4.6) were told to be multiplied by
    10, which loaded 46 where the unit scored 92 out of 100."""
    problems = problems_of(
        csv_of(
            "surveys",
            {"satisfied": "", "score": "4.6"},
            {"survey_type": "公众", "satisfied": "", "score": "4.8"},
        )
    )
    assert [(p.row, p.value) for p in problems] == [(2, "4.6"), (3, "4.8")]
    assert "a 5-point score times 20 (92 for 4.6)" in problems[0].expected
    assert "multiply by 10" not in problems[0].expected


def test_one_score_of_10_or_less_among_scores_out_of_100_is_refused():
    """Trial (session 56): 9.5 among scores of 92 loaded as 9.5 out of 100, at the bottom of
    its peer group: a score typed short (95) or out of 10. A score truly so low is 9.5%."""
    problems = problems_of(
        csv_of(
            "surveys",
            {"satisfied": "", "score": "9.5"},
            {"survey_type": "公众", "satisfied": "", "score": "92"},
        )
    )
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "score", "9.5")]
    assert "the file's other scores are out of 100 and this one is 10 or less" in (
        problems[0].expected
    )


@pytest.mark.parametrize(
    ("scores", "read"),
    [
        (("9.2%", "88.5"), [9.2, 88.5]),  # a low score said out of 100, among others
        (("9.2%",), [9.2]),  # a low score said out of 100
        (("1%", "0"), [1.0, 0.0]),  # 1 point, written so not to be a fraction; 0 points
    ],
)
def test_a_survey_score_is_read_as_written(scores, read):
    types = ("门诊", "公众")[: len(scores)]
    rows = [
        {"survey_type": t, "satisfied": "", "score": v} for t, v in zip(types, scores, strict=True)
    ]
    assert parse(csv_of("surveys", *rows))["score"].to_list() == read


@pytest.mark.parametrize(
    ("names", "lang", "label"),
    [
        ("weight", "zh", "权重"),
        ("indicator_code/peer_group/from_quarter", "zh", "指标编码/单位类别/起始季度"),
        ("权重 (weight)", "zh", "权重 (weight)"),  # labelled already (etl.validate.labelled)
        (None, "zh", ""),
        ("weight", "en", "weight"),
        ("indicator_code/peer_group", "en", "indicator_code/peer_group"),
    ],
)
def test_a_column_is_labelled_as_its_reader_knows_it(names, lang, label):
    assert CONTRACTS["indicators"].column_label(names, lang) == label


def test_peer_groups_are_in_the_registry_s_order_and_others_after_them_by_name():
    groups = ["社区卫生服务中心", None, "民营医院", "乡镇卫生院", "三级医院", "个体诊所"]
    groups.append("二级医院")
    # the registry's order, not the characters' (乡 sorts before 二); outside it by name
    assert peer_groups_in_order([*groups, "三级医院"]) == [
        "三级医院",
        "二级医院",
        "乡镇卫生院",
        "社区卫生服务中心",
        "个体诊所",
        "民营医院",
    ]


def test_a_date_rectified_without_a_finding_is_not_told_to_clear_the_deadline():
    """Trial: only 整改完成日期 filled, and the fix said to clear 整改期限, which was empty."""
    row = {"finding": "", "rectify_by": "", "rectified_on": "2025-08-01"}
    [problem] = problems_of(csv_of("inspections", row))
    assert (problem.row, problem.column, problem.value) == (2, "rectified_on", "2025-08-01")
    fix, fix_zh = problem.expected.split(": ")[-1], problem.expected_zh.split("：")[-1]
    assert (fix, fix_zh) == ("fill in finding, or clear the date", "请补填问题描述，或清空该日期")
