"""Cells as people write them in Chinese Excel and WPS: a date-time with 上午/下午, a date
with its day of the week, a month where a quarter is asked, a percentage where a count is
asked, two tables side by side, an activity named like a counted total. Each is read when
the reading is exact and refused, saying what to write, when it is not."""

from __future__ import annotations

from datetime import date

import polars as pl
from etl_helpers import parse, problems_of

from etl.cells import date_expr

INSPECTIONS = "单位编码,检查日期,检查类型,检查项目,得分,满分\n"


def dates(written: list[str]) -> list[date | None]:
    return pl.DataFrame({"c": written}).select(date_expr("c"))["c"].to_list()


def test_a_chinese_date_time_with_its_half_of_the_day_is_read_as_its_date():
    """Trial: Chinese Excel and Windows write a date-time as text with 上午/下午 (AM/PM) before
    the time, or after it in Excel's h:mm AM/PM, or in 时 and 分; refused with the generic date
    message while 2025-10-16 09:30:00 was read. Its date is read and its time ignored, as for
    every date-time; an hour no 12-hour clock shows (下午 13:05) is no time and not read."""
    written = ["2025/10/16 上午 09:30:00", "2025/10/16 下午 3:05", "2025/10/16 3:05 下午"]
    written += ["2025/10/16下午3时05分", "2025-10-16 3:05 PM", "2025-10-16 09:30:00"]
    written += ["2025/10/16 下午 13:05", "2025/10/16 25:00"]
    day = date(2025, 10, 16)
    assert dates(written) == [day] * 6 + [None, None]


def test_a_date_time_with_its_half_of_the_day_loads_in_a_file():
    frame = parse(INSPECTIONS + "H001,2025/10/16 下午 3:05,暗访,导医服务,9,10\n")
    assert frame.select("inspection_date", "quarter").row(0) == (date(2025, 10, 16), "2025Q4")


def test_a_date_with_its_own_day_of_the_week_is_read():
    """2025-10-16 is a Thursday (a calendar says so): 周四, 星期四 and Excel's aaa format (四)
    after it agree, and the date is read; 2025 年 7 月 5 日 ends in 日 and stays a date."""
    written = ["2025-10-16（周四）", "2025年10月16日 星期四", "2025/10/16 四", "2025-10-16(四)"]
    written += ["2025-10-16 星期 四 09:30", "2025 年 7 月 5 日"]
    normalised = pl.DataFrame({"c": written}).select(pl.col("c").str.normalize("NFKC"))
    read = normalised.select(date_expr("c"))["c"].to_list()
    assert read == [date(2025, 10, 16)] * 5 + [date(2025, 7, 5)]


def test_a_date_with_another_day_of_the_week_is_refused_naming_both():
    """2025-10-16 is a Thursday, not a Wednesday nor a Sunday: one of the two is a typo, and
    which one nobody can tell, so the row is refused saying which day the date is."""
    problems = problems_of(
        INSPECTIONS
        + "H001,2025-10-16（周三）,暗访,导医服务,9,10\n"
        + "H001,2025年10月16日 星期日,巡查,导医服务,9,10\n"
    )
    assert [(p.row, p.value) for p in problems] == [
        (2, "2025-10-16（周三）"),
        (3, "2025年10月16日 星期日"),
    ]
    assert "the date is a Thursday, so one of the two is a typo" in problems[0].expected
    assert problems[1].expected_zh.startswith("日期与后面写的星期不符：该日期是星期四")


def test_a_month_where_the_quarter_is_asked_is_refused_saying_what_to_write():
    """2025年10月 in a survey's or activity's 季度 column: October is in the fourth quarter,
    but a row's figures are its quarter's, and a month's are not; loaded month by month,
    November's file would replace October's rows. Refused, saying to write 2025Q4 if the
    figures are the quarter's, or to add up the months; 2025年11月份 likewise."""
    activities = "单位编码,季度,活动类型,次数,参与人数\n"
    problems = problems_of(activities + "H001,2025年10月,义诊,2,30\nH002,2025年11月份,讲座,1,40\n")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "季度 (quarter)", "2025年10月"),
        (3, "季度 (quarter)", "2025年11月份"),
    ]
    for problem in problems:
        assert "(the month is in Q4)" in problem.expected
        assert "such as 2025Q4" in problem.expected
        assert "add up each unit's months of the quarter into one row" in problem.expected
        assert "如 2025年第四季度 或 2025Q4" in problem.expected_zh


def test_a_month_where_a_date_is_asked_is_asked_for_the_day():
    """Trial: 2025年10月 in 检查日期 (required) or 整改期限 (optional) got only 'expected a date,
    such as 2025-07-15', which does not say what is missing; an empty deadline is allowed."""
    inspections = "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限\n"
    rows = "H001,2025年8月,暗访,服务态度,8,10,态度生硬,2025年9月份\n"
    problems = problems_of(inspections + rows)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "检查日期 (inspection_date)", "2025年8月"),
        (2, "整改期限 (rectify_by)", "2025年9月份"),
    ]
    assert problems[0].expected_zh == "只写了年月，没有写哪一天：请写出具体日期，如 2025-07-15"
    assert problems[1].expected == (
        "a year and month, without the day: write the date, such as 2025-07-15, or leave the "
        "cell empty while there is none"
    )


def test_a_percentage_in_a_count_column_is_told_that_a_count_is_none():
    """Trial: 90% in 参与人数 or 样本量 got 'write it in digits, such as 95', which it was. A
    count cannot be a percentage; in a survey, 90% is most likely the satisfaction, whose
    column is 满意度得分."""
    activities = "单位编码,季度,活动类型,次数,参与人数\nH001,2025Q3,义诊,2,90%\n"
    [problem] = problems_of(activities)
    assert (problem.row, problem.column, problem.value) == (2, "参与人数 (participants)", "90%")
    assert "in digits" not in problem.expected
    assert "the column is a count (of sessions, people), which cannot be a percentage" in (
        problem.expected
    )
    surveys = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,90 %,80\n"
    [problem] = problems_of(surveys)
    assert (problem.column, problem.value) == ("样本量 (respondents)", "90 %")
    assert "如 90% 是满意度，请把它填在“满意度得分”列" in problem.expected_zh


def test_two_tables_side_by_side_are_told_as_such_naming_the_header_row_and_columns():
    """Trial: a district put two months' tables next to each other in one sheet; refused as
    five pairs of duplicate columns, never saying why there were two of each nor where. One
    problem names the header row (row 2, under the form's title), the columns headed twice
    and where the second table starts (column G, after an empty column F)."""
    header = "单位编码,季度,活动类型,次数,参与人数"
    text = f"城关区活动统计\n{header},,{header}\nH001,2025Q3,义诊,2,30,,H002,2025Q3,讲座,1,20\n"
    [problem] = problems_of(text)
    assert problem.expected == (
        "the header row (row 2) holds 单位编码, 季度, 活动类型, 次数, 参与人数 twice (from "
        "column A and from column G): it looks like two tables side by side in one sheet "
        "(such as a district's two months next to each other). Separate them, each in a sheet "
        "or file of its own, and load each; if they are two halves of one table, move the "
        "right-hand one (without its header) under the left-hand one"
    )
    assert problem.expected_zh.startswith(
        "表头（第 2 行）中 单位编码、季度、活动类型、次数、参与人数 都出现了两次"
        "（从 A 列起和从 G 列起）"
    )


def test_an_activity_named_like_a_counted_total_is_data():
    """共3次讲座 is an activity type (three lectures in all), not a total row like 共 4 家单位:
    a row is a counted total only when its unit code or name cell counts. Left without its
    次数, the row is told that 次数 is required; complete, it loads."""
    header = "单位编码,单位名称,季度,活动类型,次数,参与人数\n"
    [problem] = problems_of(header + "H001,一院,2025Q3,共3次讲座,,50\n")
    assert (problem.row, problem.column, problem.value) == (2, "次数 (sessions)", "")
    assert problem.expected.startswith("a value is required")
    frame = parse(header + "H001,一院,2025Q3,共3次讲座,3,50\n")
    assert frame.select("unit_code", "activity_type", "sessions").rows() == [
        ("H001", "共3次讲座", 3)
    ]
    # in the name column it is the total row it looks like
    [problem] = problems_of(header + "H001,一院,2025Q3,义诊,3,50\n,共 1 家单位,,,3,50\n")
    assert (problem.row, problem.column, problem.value) == (3, "单位名称", "共 1 家单位")
    assert "total row" in problem.expected


def test_a_unit_of_measure_in_an_indicator_systems_unit_column_is_told_which_kind_to_write():
    """A bureau's own indicator table writes the unit of measure in 计量单位 (小时, 次, %): the
    column asks what kind of value the indicator is. 小时 and 次 were refused as "expected one
    of rate / count / number", leaving the analyst to guess which; % is a spelling of rate."""
    header = "指标编码,指标名称,英文名称,领域,方向,权重,计量单位,单位类别,起始季度,目标值\n"
    rows = (
        "volunteer_hours,志愿服务时长,Volunteer hours,活动,越高越好,0.2,小时,全部,2025Q3,150\n"
        "activity_count,活动次数,Activities,活动,越高越好,0.2,次,全部,2025Q3,4\n"
        "inspection_score_rate,检查得分率,Inspection score rate,检查,越高越好,0.6,%,全部,"
        "2025Q3,0.9\n"
        "complaints,投诉数,Complaints,满意度,越低越好,0,整数,全部,2025Q3,0\n"
    )
    problems = problems_of(header + rows, "测评体系.csv", kind="indicators")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "计量单位 (unit)", "小时"),
        (3, "计量单位 (unit)", "次"),
        (5, "计量单位 (unit)", "整数"),
    ]
    told = "小时、分、天等其他数值填“数值”"
    assert told in problems[0].expected_zh and told in problems[1].expected_zh
    assert "a percentage is rate (比率)" in problems[0].expected
    # a word that is no unit of measure is told the list, as before
    assert problems[2].expected == "expected one of rate / count / number"
