"""The rules a file's rows must keep, registered on the checker (``etl/checker.py``): each
cell against its column's contract, one-of columns, duplicate keys, unit codes against the
registry, and the contracts' cross-field rules (``rule_<check>``, named by ``Rule.check`` in
``etl/contracts.py``; their wording is ``rule.<check>`` in ``i18n/strings_etl.py``)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from datetime import date

import polars as pl

from etl.cells import (
    CLOCK,
    HALF_DAY,
    QUARTER_NUMBER,
    date_expr,
    lookalike,
    one_cell,
    quarter_of_text,
    weekday_disagrees,
)
from etl.checker import ROW, Checker, as_written
from etl.contracts import (
    CLOSING,
    CONTRACTS,
    DERIVED_COLUMNS,
    MERGED,
    VALUE_UNITS,
    Column,
    Contract,
)
from etl.headers import names_units, spelling_key
from etl.messages import Text, listed, msg, or_listed, pair
from etl.problems import MAX_PROBLEMS, FileRejected, Problem
from etl.quarters import quarter_of_date_expr, quarter_of_today

EARLIEST_DATE = date(2000, 1, 1)
FIRST_THREE_DIGIT_YEAR = date(100, 1, 1)  # a date before it writes its year in two digits
EXCEL_DATE_NUMBER = r"^[1-9]\d{4}(\.\d+)?$"  # days since 1899-12-30: 36526 is 2000-01-01
# a count in a cell formatted as a date shows a day of Excel's first decades: 28 is 1900-01-28,
# 2886.8 hours 1907-11-25 19:12
NUMBER_AS_DATE = (
    r"^(1899|19[0-3]\d)\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$"
)
# what forms hold instead of a number: a unit after it (85分, 120人), or a mark for "none"
NUMBER_WITH_UNIT = r"^[+-]?\d[\d,.]*\s*[^\d\s,.%]{1,4}$"
IN_MINUTES = r"(?i)^[+-]?\d[\d,.]*\s*(分钟|分鐘|mins?|minutes?)$"
# an indicator's unit of measure, as a bureau's own indicator table writes it in 计量单位,
# where the column asks what kind of value the indicator is (rate, count, number)
MEASURE_UNIT = (
    r"^\s*(人次|次|个|項|项|家|件|例|起|场|所|人|名|篇|条|户|床|张|"
    r"小时|分钟|分|秒|天|日|周|月|年|元|万元|千元|米|公里|千克|公斤|吨|平方米)\s*$"
)
# an estimate where a figure is asked (约200, 200余人, 300+, 200左右, 200-300人):
# no number to add up or compare, and any one read from it would be a guess
ESTIMATE_AFTER = r"[^\d\s\-~]{0,3}$"  # its unit, if any (人, 人次, 小时)
NUMBER_ESTIMATE = (
    rf"^(约|大约|近|将近|逾|超过|不少于|不足|不到|~)\s*\d[\d,.]*\s*{ESTIMATE_AFTER}"
    rf"|^\d[\d,.]*\s*(余|多|左右|以上|\+)\s*{ESTIMATE_AFTER}"
    rf"|^\d[\d,.]*\s*[-~—–至到]\s*\d[\d,.]*\s*{ESTIMATE_AFTER}"
)
# a target written with its bound, as a 目标任务分解表 writes it (≥92%, 不低于90分, ≤3%): the
# bound is the indicator's direction, a column of its own
TARGET_WITH_BOUND = (
    r"^(≥|≤|>=|<=|>|<|不低于|不高于|不少于|不超过|不大于|不小于|高于|低于|大于|小于|达到|至少|至多)"
    r"\s*[+-]?\d[\d,.]*\s*%?\s*[^\d\s]{0,2}$"
    r"|^[+-]?\d[\d,.]*\s*%?\s*(及以上|以上|及以下|以下|以内)$"  # 90%以上
)
# a count in ten thousands (1.2万, 3万人次): written without its unit it would be 1.2, not 12000
NUMBER_IN_WAN = r"^[+-]?\d[\d,.]*\s*万"
# a percentage (90%, 1,200 %): refused where the column takes none (Column.percent)
PERCENTAGE = r"^[+-]?\d[\d,. ]*%$"
# a survey's counts, beside which its satisfaction has a column of its own (score)
SURVEY_COUNTS = {
    c.name for c in CONTRACTS["surveys"].columns if c.type == "int" and c.name != "unit_code"
}
# a comma among digits that groups no thousands (1,23, 12,345,6), as 1,234 does: a decimal
# comma (1.23) or a slip (123)? (a cell grouped right reads as its number, and no hint is asked)
MISPLACED_COMMA = r"^[+-]?\d[\d,]*,[\d,]*(\.\d*)?%?$"
# a decimal point typed with the Chinese input method's full stop: 88。4
CHINESE_FULL_STOP = r"^[+-]?\d[\d,]*\s*。\s*\d+\s*%?$"
NONE_WORDS = (r"[-－—–/／\\]+", "无", "N/?A", "n/?a", "#N/A")
NONE_MARKS = rf"^(?:{'|'.join(NONE_WORDS)})$"
# what forms write for an item that does not apply to a unit (an inspection item it has no
# department for)
NOT_APPLICABLE = r"^(不适用|不涉及|不适宜|免检|缺项|未检查|未检|不考核|不参评)$"
# a quarter as a quarter column reads its number (etl/cells.py QUARTER_NUMBER), without its
# year: 四季度, 第4季, 第Ⅳ季度, Q4, QIV (a cell made half-width: Ⅳ is IV)
QUARTER_ALONE = rf"(第?\s*([一二三四]|{QUARTER_NUMBER})\s*季度?|[Qq]\s*(?i:{QUARTER_NUMBER}))"
QUARTER_WITHOUT_YEAR = rf"^\s*{QUARTER_ALONE}\s*$"
# a quarter whose year has two digits: 26Q3, 26-Q3, 26年第三季度, 26年Q3 (with its Q or 季)
QUARTER_TWO_DIGIT_YEAR = rf"^\s*\d{{2}}\s*(年度?|[-./])?\s*{QUARTER_ALONE}\s*$"
DATE_WITH_FULL_STOPS = r"^\d{4}\s*。\s*\d{1,2}\s*。\s*\d{1,2}$"  # 2025。7。15, typed in Chinese
# a year, month and day in digits, as a date is written: one such cell that cannot be read
# names a day the calendar lacks (2026-09-31, 2026年13月1日, 2025-02-29)
DAY_SHAPED = r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$"
# a quarter followed by its months in brackets (2026年第四季度（10-12月）)
QUARTER_WITH_MONTHS = (
    r"(季度|[Qq][1-4])\s*[（(]\s*\d{1,2}\s*月?\s*[-~—–至到]\s*\d{1,2}\s*月?(份)?\s*[)）]\s*$"
)
# shaped as a day whose month is none (2026.13.01, 2026-00-05): the month to check, not the day
NO_SUCH_MONTH = r"^\d{4}\s*[-/.年]\s*(0*1[3-9]|0*[2-9]\d|0+)\s*[-/.月]\s*\d{1,2}\s*日?$"
# a day with the part of it (2026年10月3日上午), as a visit's record writes it
DAY_AND_PART = (
    r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*[（(]?\s*"
    r"(上午|下午|中午|晚上|早上|凌晨|全天)\s*[)）]?$"
)
# a month where a quarter is asked (2025年10月, 2025年10月份, as Excel's yyyy"年"m"月" writes
# it): its quarter is plain, but a quarter's figures are the whole quarter's and a month's
# are not. (2025-3 and 2025.3 are left to the generic message: they may mean the 3rd quarter.)
# A month or the part of one a plan gives (2025年10月上旬: its first ten days) is no day
# where a day is asked, and, in the quarter it lies in, no quarter where one is.
MONTH = r"\d{4}\s*年\s*(0?[1-9]|1[0-2])\s*月"
MONTH_OR_PART = rf"^{MONTH}(份|\s*[上中下]旬)?$"
QUARTER_NAMES = (
    ("第一季度", "Q1"),
    ("第二季度", "Q2"),
    ("第三季度", "Q3"),
    ("第四季度", "Q4"),
)
DATE_WITHOUT_YEAR = r"^\d{1,2}\s*[月./-]\s*\d{1,2}\s*[日号]?$"
# near-dates a form writes for a period or with a stray mark: told what to write, never read
# as a value. A range of months (2026年7-9月, 2026年7月-9月): a period, not a day, and in a
# quarter column the quarter when its months are one quarter's (MONTH_RANGE groups 1 and 2)
MONTH_RANGE = r"^\d{4}\s*年\s*(0?[1-9]|1[0-2])\s*月?\s*[-~～—–至到]\s*(0?[1-9]|1[0-2])\s*月份?$"
DAY = r"\d{4}\s*[./年-]\s*\d{1,2}\s*[./月-]\s*\d{1,2}\s*[日号]?"  # 2026.10.1, 2026年10月1日
UNTIL = r"\s*[-~～—–至到]\s*"  # between the two ends of a range
# a range of days: 2026.10.1-10.7, 2026年10月1日至7日, 2026.10.1-2026.10.7
DATE_RANGE = rf"^{DAY}{UNTIL}(\d{{4}}\s*[./年-]\s*)?(\d{{1,2}}\s*[./月-]\s*)?\d{{1,2}}\s*[日号]?$"
DATE_TRAILING_DOT = rf"^{DAY}\s*[.。]$"  # 2026.10.07.
# a day with the hours of an activity (2026-10-03 9:00-11:00): a time after the date is read
# and left out (etl/cells.py TIME_OF_DAY), two are a span that says what is meant less plainly
DATE_WITH_HOURS = rf"^{DAY}\s*{HALF_DAY}?\s*{CLOCK}{UNTIL}{HALF_DAY}?\s*{CLOCK}$"
TIME_OF_DAY = (
    r"^\d{1,2}\s*[:：]\s*\d{2}(\s*[:：]\s*\d{2})?$"  # 10:30, a time where the day is asked
)
WEEKDAYS = (
    ("星期一", "Monday"),
    ("星期二", "Tuesday"),
    ("星期三", "Wednesday"),
    ("星期四", "Thursday"),
    ("星期五", "Friday"),
    ("星期六", "Saturday"),
    ("星期日", "Sunday"),
)
LARGEST_NUMBER = {"int": 2_147_483_647, "number": 1e15}  # INTEGER / DOUBLE columns


# ="00123": how reporting systems write codes into CSV exports so that Excel shows them as text,
# leading zeros kept; the CSV file holds the formula, which is no code
TEXT_FORMULA = r'^="(.*)"$'
# 6.20102E+11: how Excel shows a long numeric code it took for a number (General format), and
# what a CSV saved from that sheet holds; the digits past the sixth are gone
SCIENTIFIC = r"^[1-9](\.\d+)?[Ee]\+\d{2}$"
# zero-width spaces and joiners, soft hyphen; control characters but tab and line ends (a NUL
# of a damaged export), which no Word or PowerPoint file of the meeting pack can hold
INVISIBLE = "[\u00ad\u200b-\u200f\u2060\ufeff" + r"\x00-\x08\x0b\x0c\x0e-\x1f" + "]"


def range_bad_expr(column: Column, value: pl.Expr) -> pl.Expr | None:
    conditions = []
    if column.type == "int":
        conditions.append(value != value.round())
    if column.minimum is not None:
        conditions.append(
            value <= column.minimum if column.exclusive_minimum else value < column.minimum
        )
    if column.maximum is not None:
        conditions.append(value > column.maximum)
    if not conditions:
        return None
    return pl.any_horizontal(conditions).fill_null(False)


def digits_key(column: Column) -> str:
    """The message for a number cell that reads as no number (九十五, high): what to write, in
    digits; 0.95 only where a fraction is a value the column takes (not a whole number, nor a
    score out of 100, where 0.95 would be refused as a fraction)."""
    if column.type == "int" or column.percent == "points":
        return "cell.in_digits"
    return "cell.in_digits_or_fraction"


def percent_key(column: Column) -> str:
    """The message for a percentage in a column that takes none: a count (次数, 参与人数) is
    no share of anything; a survey's 90% is most likely its satisfaction, whose column is the
    score's (满意度得分); anything else is asked as the number itself."""
    if column.name in SURVEY_COUNTS:
        return "cell.survey_count_percent"
    return "cell.count_percent" if column.type == "int" else "cell.no_percent"


def check_cells(
    checker: Checker, contract: Contract, today: date, year_column: str | None = None
) -> None:
    """Every cell against its column's type and range, the unreadable ones told what they
    look like. ``year_column``: the header of a year column the file has beside its quarters
    (etl/validate.py ``year_column_of``), which a quarter without its year is told of."""
    current = quarter_of_today(today)
    # which columns have a cell with text but no value, in one pass: the hints for such cells
    # (dozens of patterns, a quarter column's years) are built only for those columns
    unreadable = checker.frame.select(
        unreadable_cells(column).any().alias(column.name) for column in contract.columns
    ).row(0)
    for column, any_unreadable in zip(contract.columns, unreadable, strict=True):
        text = pl.col(f"{column.name}__text")
        value = pl.col(column.name)
        expectation = column.expectation_text()
        expected = msg("cell.expected", expectation=expectation)
        if column.required:
            empty, empties = text.is_null(), text.null_count()  # the count: a file's first pass
            if column.name == "unit_code" and contract.kind != "units":
                # below a unit's rows, a code left empty for "same as above" (as a merged cell
                # reads, were it not merged): every row needs its unit's code
                as_above = empty & text.forward_fill().is_not_null()
                checker.reject(as_above, column.name, msg("cell.code_as_above"), may_fire=empties)
                empty = empty & ~as_above
            required = msg("cell.required", expectation=expectation)
            checker.reject(empty, column.name, required, may_fire=empties)
        check_invisible_text(checker, contract, column)
        if any_unreadable:
            years = unreadable_years(checker.frame, column) if column.type == "quarter" else []
            hints, otherwise = unreadable_hints(column, text, expectation, years, year_column)
            if column.allowed:
                hints += lookalike_hints(checker.frame, column, expected)
            reject_unreadable(checker, column, hints, otherwise)
        if column.type in ("int", "number"):
            bad = range_bad_expr(column, value)
            if bad is not None and column.name == "respondents":
                # a form listing every unit writes 0 for a survey a unit never held
                none = (value == 0).fill_null(False)
                checker.reject(
                    none, column.name, msg("cell.no_respondents", expectation=expectation)
                )
                bad = bad & ~none
            if bad is not None:
                bad = reject_hidden_decimals(checker, column, bad, expectation)
                checker.reject(bad, column.name, expected)
            if column.percent == "points":
                checker.reject(
                    (value > 0) & (value <= 1) & ~text.str.ends_with("%"),
                    column.name,
                    msg("cell.points_fraction", expectation=expectation),
                )
                # a survey scored out of 10 (9.2) or 5 (a 5-point scale's mean, 4.6) read as
                # 9.2 of 100 would sink every unit: a file of them is on that scale; one such
                # score among scores out of 100 is one typed so (9.5 for 95), as no unit is
                # that unsatisfying. A score truly so low is written 9.2%.
                low = (value > 1) & (value <= 10) & ~text.str.ends_with("%")
                ten, five = (value <= 10).all(), (value <= 5).all()
                for scale, key in (
                    (five, "cell.points_five_scale"),
                    (ten & ~five, "cell.points_ten_scale"),
                    (~ten, "cell.points_lone_low"),
                ):
                    checker.reject(low & scale, column.name, msg(key, expectation=expectation))
            checker.reject(
                value.abs() > LARGEST_NUMBER[column.type],
                column.name,
                msg("cell.too_large", largest=f"{LARGEST_NUMBER[column.type]:,.0f}"),
            )
        if column.type == "date":
            # 26.7.5 reads as the year 26: say that the year needs its four digits (a year
            # below 100 is a day before 0100-01-01: one comparison, no year worked out per row)
            two_digit_year = value < FIRST_THREE_DIGIT_YEAR
            checker.reject(two_digit_year, column.name, msg("cell.two_digit_year"))
            checker.reject(
                (value < EARLIEST_DATE) & ~two_digit_year,
                column.name,
                msg("cell.too_early", earliest=EARLIEST_DATE),
            )
        if column.type == "quarter":
            checker.reject(
                value > current,
                column.name,
                msg("cell.future_quarter", current=current),
                value,
            )
            checker.reject(value < "2000Q1", column.name, msg("cell.quarter_too_early"))


def reject_hidden_decimals(
    checker: Checker, column: Column, bad: pl.Expr, expectation: Text
) -> pl.Expr:
    """A count whose number format hides its decimals (527.033 under ``0`` shows 527: the
    reader's ``RawTable.shown_numbers``, as ``<column>__shown``) is refused quoting both the
    number held and the number shown, and saying to type the whole number: refused as no
    whole number alone, the user sees 527 and finds nothing wrong. The shown number is not
    loaded (that would be a guess). ``bad`` without those rows, for the common refusal."""
    shown = f"{column.name}__shown"
    if shown not in checker.frame.columns:
        return bad
    value = pl.col(column.name)
    hidden = bad & pl.col(shown).is_not_null() & (value != value.round()).fill_null(False)
    both = msg("cell.held_shown", held="{}", shown="{}")
    held = as_written(column.name, checker.frame)
    checker.reject(
        hidden,
        column.name,
        msg("cell.decimals_hidden", expectation=expectation),
        pl.format(both.en, held, pl.col(shown)),
        value_zh=pl.format(both.zh, held, pl.col(shown)),
    )
    return bad & ~hidden


def unreadable_hints(
    column: Column,
    text: pl.Expr,
    expectation: Text,
    years: list[str] = (),
    year_column: str | None = None,
) -> tuple[list[tuple[pl.Expr, Text]], Text]:
    """The mistakes an unreadable cell of the column may show, each with what to write instead
    (an invisible character, a number with its unit, a date or quarter without its year…),
    and the message for any other unreadable cell. ``years``: those the unreadable cells of a
    quarter column write (``unreadable_years``), a month or day of each told the quarter of
    its own year; ``year_column``: the header of the file's year column, if it has one, which a
    quarter without its year is told of."""
    hints = [
        (text.str.contains(INVISIBLE), msg("cell.invisible")),
        # ="2025-07-15" of a reporting system's export, '2025-07-15 kept by Excel as text
        (
            text.str.contains(TEXT_FORMULA) | text.str.starts_with("'"),
            msg("cell.text_marked", expectation=expectation),
        ),
    ]
    if column.type == "date":
        disagrees = weekday_disagrees(f"{column.name}__text")
        hints += [
            (
                text.str.contains(EXCEL_DATE_NUMBER),
                msg("cell.excel_serial", expectation=expectation),
            ),
            *(
                (
                    (disagrees == number).fill_null(False),
                    msg("cell.weekday_disagrees", weekday=pair(zh, en)),
                )
                for number, (zh, en) in enumerate(WEEKDAYS, start=1)
            ),
            (text.str.contains(DATE_WITHOUT_YEAR), msg("cell.date_without_year")),
            (text.str.contains(TIME_OF_DAY), msg("cell.time_not_date")),
            (text.str.contains(MONTH_RANGE), msg("cell.month_range_not_date")),
            (text.str.contains(DATE_RANGE), msg("cell.date_range")),
            (text.str.contains(DATE_WITH_HOURS), msg("cell.date_with_hours")),
            (text.str.contains(DATE_TRAILING_DOT), msg("cell.date_trailing_dot")),
            # 2025年10月: the month of the activity or inspection, not its day
            (
                text.str.contains(MONTH_OR_PART),
                msg("cell.month_not_date" if column.required else "cell.month_not_date_or_empty"),
            ),
            (text.str.contains(DATE_WITH_FULL_STOPS), msg("cell.date_full_stops")),
            (text.str.contains(NO_SUCH_MONTH), msg("cell.no_such_month")),
            (text.str.contains(DAY_SHAPED), msg("cell.no_such_day")),
            (text.str.contains(DAY_AND_PART), msg("cell.day_and_part")),
            # 已整改, 是, 立行立改, 一个月: a state or a span where the day is asked
            (
                ~text.str.contains(r"[0-9０-９]"),
                msg("cell.date_as_words" if column.required else "cell.date_as_words_or_empty"),
            ),
        ]
    elif column.type in ("int", "number"):
        # an item that does not apply is no row of a required figure, and an empty cell of an
        # optional one
        none_key = "cell.not_applicable_row" if column.required else "cell.none_mark"
        if column.name == "respondents":  # 0 respondents is refused too: no survey, no row
            none_key = "cell.no_survey_mark"
        none_mark = text.str.contains(NONE_MARKS) | text.str.contains(NOT_APPLICABLE)
        if column.percent is None:
            hints += [
                (text.str.contains(PERCENTAGE), msg(percent_key(column), expectation=expectation))
            ]
        hints += [
            (
                text.str.contains(CHINESE_FULL_STOP),
                msg("cell.chinese_full_stop", expectation=expectation),
            ),
            (
                text.str.contains(NUMBER_AS_DATE),
                msg("cell.number_as_date", expectation=expectation),
            ),
            (text.str.contains(NUMBER_IN_WAN), msg("cell.number_in_wan", expectation=expectation)),
            (
                text.str.contains(MISPLACED_COMMA),
                msg("cell.misplaced_comma", expectation=expectation),
            ),
            (
                text.str.contains(TARGET_WITH_BOUND) & pl.lit(column.name == "target"),
                msg("cell.target_with_bound", expectation=expectation),
            ),
            (
                text.str.contains(NUMBER_ESTIMATE),
                msg("cell.number_estimate", expectation=expectation),
            ),
            # 90分钟 in hours: the number alone would load 90 hours
            (
                text.str.contains(IN_MINUTES) & pl.lit(column.name == "volunteer_hours"),
                msg("cell.minutes_not_hours", expectation=expectation),
            ),
            (
                text.str.contains(NUMBER_WITH_UNIT),
                msg("cell.number_with_unit", expectation=expectation),
            ),
            (none_mark, msg(none_key, expectation=expectation)),
        ]
        return hints, msg(digits_key(column), expectation=expectation)
    elif column.type == "quarter":
        hints += [
            # 2026年第四季度（10-12月): the quarter with its months, as a form's title gives it
            (text.str.contains(QUARTER_WITH_MONTHS), msg("cell.quarter_with_months")),
            (
                text.str.contains(QUARTER_WITHOUT_YEAR),
                msg("cell.quarter_year_apart", header=year_column)
                if year_column
                else msg("cell.quarter_without_year"),
            ),
            (
                text.str.contains(QUARTER_TWO_DIGIT_YEAR) & text.str.contains("[季Qq]"),
                msg("cell.quarter_two_digit_year"),
            ),
        ]
        if year_column:  # a quarter's number alone (4) beside a year column: that year's
            hints.append(
                (
                    text.str.contains(r"^\s*[1-4]\s*$"),
                    msg("cell.quarter_year_apart", header=year_column),
                )
            )
        # a fact row's quarter written as a month is a monthly report's figures: a month's
        # file loaded over its quarter would replace the earlier months' rows (load.not_in_file)
        month = "cell.month_not_quarter_of_year"
        if column.name != "quarter":
            month = "cell.month_for_quarter_of_year"
        name = f"{column.name}__text"
        found = [
            (month, quarter_of_month_written(text)),
            # the three months of one quarter (2026年7-9月): that quarter, as a quarter is
            # written
            ("cell.months_of_quarter_of_year", quarter_of_month_range(text)),
        ]
        # a day where a quarter of figures is asked (a column that takes a day as its
        # quarter reads it): which quarter is plain, whose day it is and whether the
        # figures are the whole quarter's is not
        if not column.day_as_quarter:
            found.append(("cell.day_not_quarter_of_year", quarter_of_day_written(name)))
        # each told the quarter of its own year (2024年10月: 2024Q4), as a stated quarter is
        year = year_written(name)
        hints += [
            (
                ((quarter == number) & (year == written)).fill_null(False),
                msg(said, quarter=pair(zh, en), number=number, year=written),
            )
            for said, quarter in found
            for number, (zh, en) in enumerate(QUARTER_NAMES, start=1)
            for written in years
        ]
    elif column.allowed is VALUE_UNITS:
        hints.append((text.str.contains(MEASURE_UNIT), msg("cell.measure_unit")))
    return hints, msg("cell.expected", expectation=expectation)


def year_written(name: str) -> pl.Expr:
    """The year a month, a quarter's months or a day written where a quarter is asked gives
    (each begins with its four digits; a day in any spelling, 20251115 too, through its
    date): the year of the quarter it is told to write."""
    return pl.coalesce(date_expr(name).dt.year().cast(pl.String), pl.col(name).str.head(4))


def unreadable_years(frame: pl.DataFrame, column: Column) -> list[str]:
    """The years the unreadable cells of a quarter column write (``year_written``), read over
    those cells alone (none in a valid file): each is told its own year's quarter."""
    text = f"{column.name}__text"
    years = (
        frame.lazy()
        .filter(unreadable_cells(column))
        .select(year_written(text).unique().drop_nulls())
    )
    return sorted(years.collect().to_series().to_list())


def quarter_of_month_written(text: pl.Expr) -> pl.Expr:
    """The quarter (1-4) of a month, or part of one, written where a quarter is asked
    (2025年11月, 2025年11月上旬: 4), else null: refused in a quarter column and as a stated
    quarter alike."""
    month = text.str.extract(MONTH_OR_PART, 1).cast(pl.Int8, strict=False)
    return (month - 1) // 3 + 1


def quarter_of_month_range(text: pl.Expr) -> pl.Expr:
    """The quarter (1-4) whose three months a range of months writes (2026年7-9月: 3), else
    null (7-8月 is no quarter's, and 8-10月 spans two)."""
    first = text.str.extract(MONTH_RANGE, 1).cast(pl.Int8, strict=False)
    last = text.str.extract(MONTH_RANGE, 2).cast(pl.Int8, strict=False)
    return pl.when((first % 3 == 1) & (last == first + 2)).then((first - 1) // 3 + 1)


def quarter_of_day_written(name: str) -> pl.Expr:
    """The quarter (1-4) of a day written where a quarter is asked (2025-11-15: 4), else
    null: refused in a quarter column (unless it reads a day as its quarter) and as a
    stated quarter alike."""
    return date_expr(name).dt.quarter()


def stated_quarter(file_name: str, text: str, today: date) -> str:
    """``2025Q3`` from a quarter stated when loading, in any spelling a quarter column takes;
    ``FileRejected`` when it is none or lies in the future. A day or a month is refused as in
    a quarter column (``unreadable_hints``): every row would be given the whole quarter, and
    the figures of a day or a month are not, naming the quarter it falls in."""
    value = quarter_of_text(text, days=False)
    zh = DERIVED_COLUMNS["quarter"]  # the column's name for a Chinese reader, not "quarter"
    if value is None:
        month, months, day, year, no_year = (
            one_cell(text)
            .select(
                quarter_of_month_written(pl.col("q")).alias("month"),
                quarter_of_month_range(pl.col("q")).alias("months"),
                quarter_of_day_written("q").alias("day"),
                year_written("q").alias("year"),
                pl.col("q").str.contains(QUARTER_WITHOUT_YEAR).alias("no_year"),
            )
            .row(0)
        )
        said = msg("file.quarter_stated_invalid")
        if no_year:  # 四季度: told as its cell would be
            said = msg("file.quarter_stated_no_year")
        # the hints of a quarter column (``unreadable_hints``): a month, a quarter's three
        # months (2025年7-9月), a day, each naming the quarter it lies in
        found = {
            "file.quarter_stated_month": month,
            "file.quarter_stated_months": months,
            "file.quarter_stated_day": day,
        }
        for key, number in found.items():
            if number:
                quarter = pair(*QUARTER_NAMES[number - 1])
                said = msg(key, quarter=quarter, number=number, year=year)
                break
        raise FileRejected([Problem.of(file_name, None, "quarter", text, said, column_zh=zh)])
    current = quarter_of_today(today)
    if value > current:
        said = msg("file.quarter_stated_future", current=current)
        raise FileRejected([Problem.of(file_name, None, "quarter", text, said, column_zh=zh)])
    return value


def lookalike_hints(frame: pl.DataFrame, column: Column, expected: Text) -> list:
    """For each distinct value of a column of listed values that names none but is a
    character off one of their spellings (乡镇卫生员), the list and that spelling asked after
    (``lookalike``): the list alone left the analyst to find the slip."""
    spellings = [spelling for value, more in column.allowed.items() for spelling in (value, *more)]
    text = pl.col(f"{column.name}__text")
    unread = frame.filter(text.is_not_null() & pl.col(column.name).is_null())
    hints = []
    for value in unread.get_column(f"{column.name}__text").unique().sort():
        meant = lookalike(value, spellings)
        if meant is not None:
            hints.append((text == value, msg("cell.lookalike", expected=expected, meant=meant)))
    return hints


def unreadable_cells(column: Column) -> pl.Expr:
    """True where a cell of the column has text but no value: it could not be read."""
    return pl.col(f"{column.name}__text").is_not_null() & pl.col(column.name).is_null()


def reject_unreadable(
    checker: Checker, column: Column, hints: list[tuple[pl.Expr, Text]], otherwise: Text
) -> None:
    """Each cell that has text but no value with the message of the first mistake it shows
    (``hints``), else ``otherwise``. The patterns run over the unreadable cells alone, once
    each: a regex over a million valid dates costs more than the rest of the column's
    checks, and a hint masked by every hint before it grew with the square of their number
    (a quarter column's eighty, each year's months told apart, took 20 s over four rows).
    Called for a column that has such cells (``check_cells`` counts them for every column in
    one pass)."""
    unreadable = unreadable_cells(column)
    said = [message for _, message in hints] + [otherwise]
    first = pl.coalesce(
        *(pl.when(mask).then(pl.lit(i)) for i, (mask, _) in enumerate(hints)), pl.lit(len(hints))
    )
    found = checker.frame.filter(unreadable).select(ROW, first.alias("hint"))
    for (index,), rows in found.group_by("hint", maintain_order=True):
        checker.reject(pl.col(ROW).is_in(rows[ROW].implode()), column.name, said[index])


def check_invisible_text(checker: Checker, contract: Contract, column: Column) -> None:
    """Text holding an invisible character (a zero-width space copied from a web page or a
    chat) makes a look-alike: 义诊 and 义\u200b诊 would count as two activity types. (In a
    number, date or listed value it makes the cell unreadable: ``unreadable_hints``.) A data
    file's unit codes are left to the registry check, which names the character in its own
    words (``unit.invisible``). The pattern runs over the distinct values first."""
    if column.type != "text" or column.allowed:
        return
    if column.name == "unit_code" and contract.kind != "units":
        return
    text = pl.col(f"{column.name}__text")
    # a tenth of the rows' cost, less for a column whose distinct texts are known
    distinct = checker.distinct_count(column.name, lambda t: t.str.contains(INVISIBLE))
    checker.reject(
        text.str.contains(INVISIBLE), column.name, msg("cell.invisible"), may_fire=distinct
    )


def check_one_of(checker: Checker, contract: Contract) -> None:
    if not contract.one_of:
        return
    missing = pl.all_horizontal(pl.col(f"{c}__text").is_null() for c in contract.one_of)
    chinese = "或".join(f"{contract.column(c).zh}（{c}）" for c in contract.one_of)
    text = msg("row.one_of", names=pair(chinese, " or ".join(contract.one_of)))
    checker.reject(missing, "/".join(contract.one_of), text, pl.lit(""))


def check_duplicates(checker: Checker, contract: Contract) -> None:
    """Rows with the same key. A row whose key cannot be read (a cell of it unreadable, or a
    required one empty) is refused for that cell, and is no duplicate of another such row:
    three surveys of unread types (门诊患者满意度, 住院患者满意度…) are three, not one."""
    key = list(contract.key)
    first = pl.col(ROW).min().over(key)
    same_as = msg("row.same_as", row="{}")
    columns = checker.frame.columns
    unread = [
        pl.col(c).is_null()
        & (pl.col(f"{c}__text").is_not_null() | pl.lit(contract.column(c).required))
        for c in key
        if f"{c}__text" in columns
    ]
    readable = ~pl.any_horizontal(unread) if unread else pl.lit(True)
    hashes = checker.frame.select(key_hash(key)).to_series()
    # rows whose key's hash another row has, counted over the sorted hashes: one thread's sort
    # costs half the CPU of the parallel hash set n_unique fills with a million distinct keys
    repeated = hashes.len() - hashes.sort(multithreaded=False).n_unique()
    duplicate = readable & ~pl.when(readable).then(pl.struct(key)).is_first_distinct()
    named = pair("、".join(contract.column(c).zh for c in key), ", ".join(key))
    # a row of the same key saying something else (U0081 新区一院, then U0081 新区二院) is
    # no copy to delete: either row may be the wrong one. Counts add up (``summable``).
    values = [c for c in contract.names if c in columns]
    same = pl.struct(values).hash() == pl.struct(values).hash().first().over(key)
    cases = [(duplicate & same, "row.duplicate"), (duplicate & ~same, "row.duplicate_differs")]
    if contract.summable:
        cases = [(duplicate, "row.duplicate_summable")]
    for mask, message in cases:
        checker.reject(
            mask,
            "/".join(key),
            msg(message, key=named),
            pl.format(same_as.en, first),
            may_fire=pl.lit(repeated),
            value_zh=pl.format(same_as.zh, first),
        )


def key_hash(key: list[str]) -> pl.Expr:
    """One hash per row of the key's columns: each column hashed with a seed of its own, the
    hashes xor-ed. Hashing may merge two different keys (a false alarm, recounted exactly),
    never the other way round; it is faster than comparing the keys, and this way twice as
    fast as hashing the key as a struct (bench/bench_load.py)."""
    return functools.reduce(operator.xor, (pl.col(c).hash(seed=i) for i, c in enumerate(key)))


def check_units_exist(
    checker: Checker,
    contract: Contract,
    known: pl.Series,
    names: pl.DataFrame | None = None,
    distinct: pl.Series | None = None,
) -> None:
    """Every code (a registry's parents too) is a registered one; ``known``: the registry's,
    ``names``: its unit_code, unit_name pairs (``RegistryView.names``), to tell a unit's name
    written where its code belongs; ``distinct``: the file's distinct codes, when found
    already."""
    if contract.kind == "units":
        parents = pl.col("parent_code")
        in_file = parents.is_in(checker.frame["unit_code"].implode())
        checker.reject(
            parents.is_not_null()
            & ~parents.is_in(known.implode())
            & ~in_file
            & ~parents.str.contains(TEXT_FORMULA)  # said below
            & ~parents.str.contains(SCIENTIFIC),
            "parent_code",
            msg("unit.parent_unknown"),
        )
        # H009 某医院 (the row's own name typed in the code cell too) would register the name
        # as part of the code, and every later file's H009 would be unknown
        code, name = pl.col("unit_code"), pl.col("unit_name")
        checker.reject(
            (code != name) & code.str.contains(name, literal=True),
            "unit_code",
            msg("unit.registry_code_with_name"),
        )
        check_codes_by_case(checker, known)
        # ="00123" (a reporting system's CSV export) would register the formula as the code
        for column in ("unit_code", "parent_code"):
            checker.reject(
                pl.col(column).str.contains(TEXT_FORMULA),
                column,
                msg("unit.registry_text_formula"),
            )
        # 6.20102E+11 would register what Excel showed of a code, its last digits lost
        for column in ("unit_code", "parent_code"):
            checker.reject(pl.col(column).str.contains(SCIENTIFIC), column, msg("unit.scientific"))
        # a registered 0101 written 101 would be a new unit, and facts for 101 would load on it
        code = pl.col("unit_code")
        checker.reject(
            code.str.contains(r"^[1-9]\d*$")
            & ~code.is_in(known.implode())
            & code.is_in(zeros_dropped(known).implode()),
            "unit_code",
            msg("unit.registry_leading_zeros"),
        )
        return
    if "unit_code" not in contract.names:
        return
    unknown = unknown_codes(checker.frame.get_column("unit_code"), known, distinct)
    if unknown.is_empty():
        return
    for codes, text in unknown_code_hints(unknown, known, names):
        checker.reject(pl.col("unit_code").is_in(codes.implode()), "unit_code", text)


def check_unit_names(checker: Checker, extra_columns: dict[str, str], names: pl.DataFrame) -> None:
    """A fact file's unit-name column is not stored (the registry names units), but it says
    which unit the writer meant: a row whose name is another unit's registered name and not
    its own code's is about the wrong unit (a code mistyped, a row copied down) and would load
    silently onto it. Refused, naming both units. Names are compared by ``spelling_key``
    (西固區人民醫院, 西固区 人民医院 and full-width brackets are the registered 西固区人民医院:
    compared as written they passed, onto the wrong unit). A name that is merely written
    otherwise (an abbreviation) is no evidence either way and passes. ``names``: unit_code,
    unit_name, every name each registered code has had."""
    column = next((c for c, h in extra_columns.items() if names_units(h)), None)
    if column is None or "unit_code" not in checker.frame.columns or names.is_empty():
        return
    keyed = spelt(names, "unit_name")
    own = keyed.lazy().select("unit_code", "key")
    written = checker.frame.select(
        ROW, "unit_code", pl.col(column).cast(pl.String).str.strip_chars().alias("written")
    )
    rows = (
        spelt(written, "written")
        .lazy()
        .join(own.select("key").unique(), on="key", how="semi")  # some unit's name
        .join(own.select("unit_code").unique(), on="unit_code", how="semi")  # a registered code
        .join(own, on=["unit_code", "key"], how="anti")  # not a name of its own code
        .sort(ROW)
        .head(MAX_PROBLEMS)
        .collect()
    )
    if rows.is_empty():
        return
    owners = names_by(keyed, "key", "unit_code", rows.get_column("key"))
    registered = names_by(names, "unit_code", "unit_name", rows.get_column("unit_code"))
    for row, code, written_name, key in rows.select(ROW, "unit_code", "written", "key").iter_rows():
        text = msg(
            "unit.name_of_other",
            name=written_name,
            other=listed(owners[key]),
            registered=listed(registered[code]),
        )
        checker.extra.append(Problem.of(checker.file_name, row, "unit_code", code, text))


def spelt(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """The frame with a ``key`` column: its text ``column``'s ``spelling_key``, worked out
    once per distinct value (a million rows name a few thousand units)."""
    distinct = frame.get_column(column).drop_nulls().unique()
    keys = pl.DataFrame(
        {column: distinct, "key": [spelling_key(value) for value in distinct]},
        schema={column: pl.String, "key": pl.String},
    )
    return frame.join(keys, on=column, how="left")


def check_codes_by_case(checker: Checker, known: pl.Series) -> None:
    """A registry file's code that differs only in letter case from a registered one (u0001
    beside U0001), or from a code of an earlier row of the file (U0081, then u0081), would
    register a second unit: codes are told apart by case, and a staff-count correction
    written so loaded as a new unit, listed as not reporting every quarter, the old row
    unchanged. Refused, naming the code it differs from."""
    key = pl.col("unit_code").str.to_uppercase()
    codes = checker.frame.select(ROW, "unit_code").filter(pl.col("unit_code").is_not_null())
    registered = registered_by_case(known).rename({"code": "registered"})
    found = (
        codes.filter(~pl.col("unit_code").is_in(known.implode()))
        .with_columns(key=key)
        .join(registered, on="key", how="left")
        .with_columns(
            first_row=pl.col(ROW).first().over("key"),
            first_code=pl.col("unit_code").first().over("key"),
        )
        .filter(pl.col("registered").is_not_null() | (pl.col("unit_code") != pl.col("first_code")))
        .sort(ROW)
        .head(MAX_PROBLEMS)
    )
    for row, code, registered_code, first_row, first_code in found.select(
        ROW, "unit_code", "registered", "first_row", "first_code"
    ).iter_rows():
        text = (
            msg("unit.registry_case_registered", code=registered_code)
            if registered_code is not None
            else msg("unit.registry_case_in_file", row=first_row, code=first_code)
        )
        checker.extra.append(Problem.of(checker.file_name, row, "unit_code", code, text))


def names_by(names: pl.DataFrame, key: str, value: str, keys: pl.Series) -> dict[str, list[str]]:
    """For each of ``keys``: the sorted ``value`` column of its ``names`` rows."""
    return dict(
        names.filter(pl.col(key).is_in(keys.implode()))
        .group_by(key)
        .agg(pl.col(value).sort())
        .iter_rows()
    )


def zeros_dropped(known: pl.Series) -> pl.Series:
    """The registered codes that start with 0, as Excel shows them once it took them for
    numbers (0101 -> 101)."""
    return zeros_dropped_from(known).str.strip_chars_start("0")


def zeros_dropped_from(known: pl.Series) -> pl.Series:
    """The registered codes that start with 0 (those Excel may show without)."""
    return known.filter(known.str.starts_with("0"))


def unknown_code_hints(
    unknown: pl.Series, known: pl.Series, names: pl.DataFrame | None = None
) -> list[tuple[pl.Series, Text]]:
    """The unknown codes grouped by what most likely went wrong, each with its message: a
    known code written as Excel's text formula (``="00123"``, each with its own message), a
    known code Excel stored as a number (``123.0``, or ``123`` for ``000123``), a code the
    registry holds so (``0101`` registered as ``101``), or showed in scientific notation
    (``6.20102E+11``, its last digits lost), an apostrophe kept in a CSV file, an invisible
    character pasted in, a space typed inside a known code (``U 0001``), a known code in
    other letter case, a registered unit's name (``names``: unit_code, unit_name) written
    where its code belongs, or none of these. ``unknown``: each code once, in the order of
    its first row.

    A text formula costs a check of its own, so only the first ``MAX_PROBLEMS`` codes are
    looked at for one: no more problems are ever shown, and the rows of a later code come
    after the first rows of those (each refused). The later ones take the common hints, are
    refused and counted the same and stay unseen, so a file of 5,000 units exported with
    every code a formula costs 200 checks (0.3 s), not 5,000 (4 s)."""
    if known.is_empty():  # a new store: every code is unknown because none is registered yet
        return [(unknown, msg("unit.registry_empty"))]
    formulas = codes_in_text_formulas(unknown.head(MAX_PROBLEMS), known)
    rest = unknown.filter(~unknown.is_in(formulas.get_column("written").implode()))
    named = names_written_as_codes(rest, names)
    rest = rest.filter(~rest.is_in(named.get_column("written").implode()))
    beside = codes_beside_names(rest, known)
    rest = rest.filter(~rest.is_in(beside.get_column("written").implode()))
    cased = codes_in_other_case(rest.head(MAX_PROBLEMS), known)
    rest = rest.filter(~rest.is_in(cased.get_column("written").implode()))
    padded = codes_without_zeros(rest.head(MAX_PROBLEMS), known)
    rest = rest.filter(~rest.is_in(padded.get_column("written").implode()))
    return (
        text_formula_hints(formulas)
        + name_hints(named)
        + code_beside_name_hints(beside)
        + [(pl.Series([w], dtype=pl.String), msg("unit.case_of", code=c)) for w, c in cased.rows()]
        + [
            (pl.Series([w], dtype=pl.String), msg("unit.leading_zeros_of", codes=or_listed(c)))
            for w, c in padded.rows()
        ]
        + common_hints(rest, known)
    )


def codes_without_zeros(unknown: pl.Series, known: pl.Series) -> pl.DataFrame:
    """written, codes: each of ``unknown`` that is a registered code with its leading zeros
    dropped (124 for 00124, as Excel shows a code it took for a number), with the registered
    codes it may be, in order: told only "a known one with its leading zeros", the analyst of
    a registry of codes of several lengths could not tell how many to restore."""
    registered = pl.DataFrame({"code": zeros_dropped_from(known)}).with_columns(
        written=pl.col("code").str.strip_chars_start("0")
    )
    return (
        pl.DataFrame({"written": unknown}, schema={"written": pl.String})
        .filter(pl.col("written").str.contains(r"^[1-9]\d*$"))
        .join(registered, on="written", how="inner", maintain_order="left")
        .group_by("written", maintain_order=True)
        .agg(codes=pl.col("code").unique().sort())
    )


def registered_by_case(known: pl.Series) -> pl.DataFrame:
    """code, key: each registered code with its letters in upper case, for the codes no other
    registered code matches so (two codes differing only in case: which one a third spelling
    means would be a guess)."""
    return (
        pl.DataFrame({"code": known}, schema={"code": pl.String})
        .with_columns(key=pl.col("code").str.to_uppercase())
        .filter(pl.col("key").is_unique())
    )


def codes_in_other_case(unknown: pl.Series, known: pl.Series) -> pl.DataFrame:
    """written, code: each of ``unknown`` that is one registered code in other letter case
    (h001 for H001), to be named in its message: told only "a known one in other letter
    case", the user had to find which. Where several registered codes differ only in case,
    none (which would be a guess): the common hint says it."""
    return (
        pl.DataFrame({"written": unknown}, schema={"written": pl.String})
        .with_columns(key=pl.col("written").str.to_uppercase())
        .join(registered_by_case(known), on="key", how="inner", maintain_order="left")
        .select("written", "code")
    )


# a registered code with a name in its cell, after it (U0001 兰州市第一医院, H001-W1：门诊) or
# before it (兰州市第一医院（U0001）): the code is the text up to (or from) the separators
# next to the name's first (or last) Chinese character
SEPARATORS = r"[\s\-_:：、,，|｜/（(]"
CODE_BEFORE_NAME = rf"^([^\p{{Han}}\s（(]+?){SEPARATORS}*\p{{Han}}"
CODE_AFTER_NAME = rf"\p{{Han}}[)）]?{SEPARATORS}*([^\p{{Han}}\s（()）]+?)[)）]?$"


def codes_beside_names(unknown: pl.Series, known: pl.Series) -> pl.DataFrame:
    """written, code: each of ``unknown`` that is a registered code with a name beside it in
    the same cell (``CODE_BEFORE_NAME``, ``CODE_AFTER_NAME``)."""
    written = pl.col("written")
    registered = known.implode()
    before, after = (
        written.str.extract(CODE_BEFORE_NAME, 1),
        written.str.extract(CODE_AFTER_NAME, 1),
    )
    return (
        pl.DataFrame({"written": unknown}, schema={"written": pl.String})
        .with_columns(
            code=pl.coalesce(
                pl.when(before.is_in(registered)).then(before),
                pl.when(after.is_in(registered)).then(after),
            )
        )
        .filter(pl.col("code").is_not_null())
    )


def code_beside_name_hints(beside: pl.DataFrame) -> list[tuple[pl.Series, Text]]:
    """Each code written with a name beside it (``codes_beside_names``), with a message
    naming the code to keep alone."""
    return [
        (pl.Series([written], dtype=pl.String), msg("unit.code_with_name", code=code))
        for written, code in beside.iter_rows()
    ]


def names_written_as_codes(unknown: pl.Series, names: pl.DataFrame | None) -> pl.DataFrame:
    """written, codes: each of ``unknown`` that is a registered unit's name, now or before
    (as a code cell is read: full-width characters made half-width), with the codes of the
    units of that name, in order (two units may share a name)."""
    schema = {"written": pl.String, "codes": pl.List(pl.String)}
    if names is None or names.is_empty() or unknown.is_empty():
        return pl.DataFrame(schema=schema)
    named = names.select(
        "unit_code", written=pl.col("unit_name").str.normalize("NFKC").str.strip_chars()
    )
    return (
        pl.DataFrame({"written": unknown}, schema={"written": pl.String})
        .join(named, on="written", how="inner", maintain_order="left")
        .group_by("written", maintain_order=True)
        .agg(codes=pl.col("unit_code").unique().sort())
    )


def name_hints(named: pl.DataFrame) -> list[tuple[pl.Series, Text]]:
    """Each unit name written as a code (``names_written_as_codes``) with a message naming
    the code (or codes) the registry gives that name."""
    return [
        (
            pl.Series([written], dtype=pl.String),
            msg(
                "unit.name_as_code" if len(codes) == 1 else "unit.name_as_codes",
                codes=listed(codes),
            ),
        )
        for written, codes in named.iter_rows()
    ]


def common_hints(unknown: pl.Series, known: pl.Series) -> list[tuple[pl.Series, Text]]:
    """The unknown codes grouped by the hint they share (``unknown_code_hints``), the first that
    fits each: these messages do not name the code."""
    without_decimal = unknown.str.replace(r"\.0+$", "")
    hints = [
        (
            unknown.str.contains(r"\.0+$")
            & (
                without_decimal.is_in(known.implode())
                | without_decimal.is_in(zeros_dropped(known).implode())
            ),
            "unit.excel_decimal",
        ),
        (
            unknown.str.starts_with("'")
            & unknown.str.strip_chars_start("'").is_in(known.implode()),
            "unit.apostrophe",
        ),
        (
            unknown.str.contains(r"^[1-9]\d*$") & unknown.is_in(zeros_dropped(known).implode()),
            "unit.leading_zeros",
        ),
        (
            unknown.str.contains(r"^0+[1-9]\d*$")
            & unknown.str.strip_chars_start("0").is_in(known.implode()),
            "unit.registry_without_zeros",
        ),
        (unknown.str.contains(SCIENTIFIC), "unit.scientific"),
        (unknown.str.contains(INVISIBLE), "unit.invisible"),
        (
            unknown.str.contains(r"\s") & unknown.str.replace_all(r"\s", "").is_in(known.implode()),
            "unit.inner_space",
        ),
        (unknown.str.to_uppercase().is_in(known.str.to_uppercase().implode()), "unit.case"),
    ]
    groups, left = [], pl.Series([True] * unknown.len(), dtype=pl.Boolean)
    for matches, key in hints:
        mine = matches & left
        if mine.any():
            groups.append((unknown.filter(mine), msg(key)))
        left = left & ~mine
    if left.any():
        groups.append((unknown.filter(left), msg("unit.unknown")))
    return groups


def text_formula_hints(formulas: pl.DataFrame) -> list[tuple[pl.Series, Text]]:
    """Each code written as a text formula (``codes_in_text_formulas``) with a message naming
    the formula and the registered code to write instead."""
    return [
        (
            pl.Series([written], dtype=pl.String),
            msg("unit.excel_text_formula", written=written, code=code),
        )
        for written, code in formulas.iter_rows()
    ]


def codes_in_text_formulas(unknown: pl.Series, known: pl.Series) -> pl.DataFrame:
    """written, code: each of ``unknown`` written ``="X"`` where X is a registered code, or
    one in other letter case (code: as registered; not when several registered codes differ
    only in case, which would be a guess)."""
    by_case = registered_by_case(known)
    inner = pl.col("inner")
    return (
        pl.DataFrame({"written": unknown}, schema={"written": pl.String})
        .with_columns(inner=pl.col("written").str.extract(TEXT_FORMULA, 1))
        .filter(inner.is_not_null())
        .with_columns(key=inner.str.to_uppercase())
        .join(by_case, on="key", how="left", maintain_order="left")
        .with_columns(code=pl.when(inner.is_in(known.implode())).then(inner).otherwise("code"))
        .filter(pl.col("code").is_not_null())
        .select("written", "code")
    )


def check_units_registered_by_then(
    checker: Checker, contract: Contract, registered_from: pl.DataFrame, column: str
) -> None:
    """A row of a quarter before its unit's first row in the registry would be counted
    nowhere: every query reads the registry as it stood in the row's quarter.
    ``registered_from``: unit_code, first (its first quarter) of each unit registered from
    some quarter on. ``column``: the column the row's quarter comes from (an inspection's
    date, when the file has no quarter), the cell named to correct."""
    if (
        "unit_code" not in contract.names
        or "quarter" not in checker.frame.columns
        or registered_from.is_empty()
    ):
        return
    # each unit's earliest quarter in the file, against its first in the registry: one check
    # per unit that has an early row (seldom any), not one per dated unit of the registry
    earliest = (
        checker.frame.lazy()
        .group_by("unit_code")
        .agg(pl.col("quarter").min())
        .join(registered_from.lazy(), on="unit_code")
        .filter(pl.col("quarter") < pl.col("first"))
        .sort("unit_code")
        .collect()
    )
    for code, first in earliest.select("unit_code", "first").iter_rows():
        checker.reject(
            (pl.col("unit_code") == code) & (pl.col("quarter") < first),
            column,
            msg("unit.not_yet_registered", unit=code, first=first),
        )


def check_units_open_then(
    checker: Checker, contract: Contract, closures: pl.DataFrame, column: str
) -> None:
    """A row of a quarter in which its unit is closed would be counted nowhere: every query
    reads the registry as it stood in the row's quarter. ``closures``: unit_code, closed (the
    first quarter closed), until (the quarter a later row opens it again; null: none), status
    (撤销, or 撤并: said as merged) and into (the unit a merged one went into, named when known).
    ``column``: as for ``check_units_registered_by_then``."""
    if (
        "unit_code" not in contract.names
        or "quarter" not in checker.frame.columns
        or closures.is_empty()
    ):
        return
    # one check per closure some row of the file falls in (seldom any)
    hits = (
        checker.frame.lazy()
        .select("unit_code", "quarter")
        .join(closures.lazy(), on="unit_code")
        .filter(
            (pl.col("quarter") >= pl.col("closed"))
            & (pl.col("until").is_null() | (pl.col("quarter") < pl.col("until")))
        )
        .select("unit_code", "closed", "until", "status", "into")
        .unique()
        .sort("unit_code", "closed")
        .collect()
    )
    for code, closed, until, status, into in hits.iter_rows():
        within = (pl.col("unit_code") == code) & (pl.col("quarter") >= closed)
        if until is not None:
            within &= pl.col("quarter") < until
        said = msg("unit.closed", unit=code, closed=closed)
        if status == MERGED:  # merged is not shut: its data belong to the unit it went into
            key = "unit.merged_into" if into else "unit.merged"
            said = msg(key, unit=code, closed=closed, into=into)
        checker.reject(within, column, said)


def unknown_codes(
    codes: pl.Series, known: pl.Series, distinct: pl.Series | None = None
) -> pl.Series:
    """The distinct codes of the column that the registry does not hold, in the order of their
    first rows (a file of a million rows names a few thousand units, so this is decided once
    per code; the order, which ``unknown_code_hints`` needs, only when some code is unknown).
    ``distinct``: the column's distinct codes, when found already (``codes.unique()``)."""
    distinct = (codes.unique() if distinct is None else distinct).drop_nulls()
    unknown = distinct.filter(~distinct.is_in(known.implode()))
    if unknown.is_empty():
        return unknown
    return codes.filter(codes.is_in(unknown.implode())).unique(maintain_order=True)


def rule_parent_is_not_self(checker: Checker, message: Text, today: date) -> None:
    checker.reject(pl.col("parent_code") == pl.col("unit_code"), "parent_code", message)


def not_above(
    column: str, limit: str, counts: bool = False
) -> Callable[[Checker, Text, date], None]:
    """A rule: ``column`` may not exceed ``limit`` in the same row (the problem shows both
    values as written). ``counts``: both are whole numbers, compared only when they are (a
    cell that is none is refused as such, not compared as the number it is not). A limit of
    0 or less is not compared either: both limits (样本量, 满分) must be above 0, and such a
    cell is refused as such (9 > 0 beside 满分 0 said the same twice)."""

    def rule(checker: Checker, message: Text, today: date) -> None:
        whole = [pl.col(c) == pl.col(c).round() for c in (column, limit) if counts]
        checker.reject(
            pl.all_horizontal(pl.col(column) > pl.col(limit), pl.col(limit) > 0, *whole),
            column,
            message,
            pl.format(
                "{} > {}", as_written(column, checker.frame), as_written(limit, checker.frame)
            ),
        )

    return rule


rule_score_within_max = not_above("score", "max_score")


def rule_sessions_held(checker: Checker, message: Text, today: date) -> None:
    """No session held, yet people took part: one of the two is wrong, and either counts in
    the unit's activity indicators. The problem shows both cells as written (0 sessions, 45
    participants). Volunteer hours without a session are left alone: a form may count a
    volunteer post's hours apart from its sessions."""
    written = as_written("participants", checker.frame)
    checker.reject(
        (pl.col("sessions") == 0) & (pl.col("participants") > 0),
        "sessions",
        message,
        pl.format("0 sessions, {} participants", written),
        value_zh=pl.format("次数 0，参与人数 {}", written),
    )


def rule_deadline_needs_finding(checker: Checker, message: Text, today: date) -> None:
    for column in ("rectify_by", "rectified_on"):
        checker.reject(pl.col(column).is_not_null() & pl.col("finding").is_null(), column, message)


# a finding that says there was none: a mark for "none", or the words an inspector writes
NO_FINDING_WORDS = (
    "无问题",
    "无明显问题",
    "暂无",
    "没有",
    "没有问题",
    "未发现",
    "无发现",
    "未发现问题",
    "未发现明显问题",
    "未发现异常",
    "未见异常",
    "无异常",
    "未见问题",
    "均?正常",
    "均?合格",
    "良好",
    "均?符合要求",
)
# (also 0, a count of none, and any of them ending in a full stop: 无。)
NO_FINDING = rf"^(?:{'|'.join(NONE_WORDS + NO_FINDING_WORDS + ('0',))})[。.]?$"


def rule_finding_not_none(checker: Checker, message: Text, today: date) -> None:
    """A finding written as "none" would be an open finding in the ledger, never rectified.
    The pattern runs over the distinct findings first (a file's findings repeat: a third of
    the cost of a million rows)."""

    def says_none(finding: pl.Expr) -> pl.Expr:
        return finding.str.strip_chars().str.contains(NO_FINDING)

    distinct = checker.distinct_count("finding", says_none)
    checker.reject(says_none(pl.col("finding")), "finding", message, may_fire=distinct)


def rule_not_before_inspection(checker: Checker, message: Text, today: date) -> None:
    for column in ("rectify_by", "rectified_on"):
        checker.reject(pl.col(column) < pl.col("inspection_date"), column, message)


def rule_not_in_future(checker: Checker, message: Text, today: date) -> None:
    for column in ("inspection_date", "rectified_on", "activity_date"):
        if column in checker.frame.columns:
            checker.reject(pl.col(column) > today, column, message + msg("rule.today", today=today))


rule_satisfied_within_respondents = not_above("satisfied", "respondents", counts=True)


def rule_date_matches_quarter(checker: Checker, message: Text, today: date) -> None:
    """A date outside its row's quarter; a quarter stated when loading is named as such (the
    file has no quarter on its rows to compare with)."""
    derived = quarter_of_date_expr(pl.col("activity_date"))
    both_given = pl.col("_given_quarter").is_not_null() & pl.col("activity_date").is_not_null()
    # the date, its quarter and the row's quarter as written: 2025/10/5 (2025Q4) ≠ 2025年第三季度
    value = pl.format(
        "{} ({}) ≠ {}",
        as_written("activity_date", checker.frame),
        derived,
        as_written("quarter", checker.frame),
    )
    if checker.stated_quarter is not None:
        message, value = (
            msg("rule.date_outside_stated_quarter", quarter=checker.stated_quarter),
            None,
        )
    else:
        message += msg("rule.date_quarter_hint")
    checker.reject(
        both_given & (derived != pl.col("_given_quarter")),
        "activity_date",
        message,
        value,
        may_fire=both_given.sum(),
    )


def rule_indicator_fields_consistent(checker: Checker, message: Text, today: date) -> None:
    # one indicator row per from_quarter: the rows of another from_quarter may differ (a
    # weight that changes from that quarter on)
    for column in ("name_zh", "name_en", "domain", "direction", "weight", "unit"):
        varies = pl.col(column).n_unique().over("indicator_code", "from_quarter") > 1
        checker.reject(varies, column, message)


def rule_rate_target_is_fraction(checker: Checker, message: Text, today: date) -> None:
    checker.reject(
        (pl.col("unit") == "rate") & ((pl.col("target") < 0) | (pl.col("target") > 1)),
        "target",
        message + msg("rule.rate_hint"),
    )


def rule_count_target_not_negative(checker: Checker, message: Text, today: date) -> None:
    """A count (overdue findings, sessions) is never below 0: a negative target is one no
    unit can meet (lower is better) or every unit meets (higher). A number's (a change, say)
    may be negative (docs/METHOD.md §3 scores a target of 0 or less)."""
    checker.reject((pl.col("unit") == "count") & (pl.col("target") < 0), "target", message)


def written_as_percent(column: str) -> pl.Expr:
    return pl.col(f"{column}__text").str.ends_with("%")


def rule_percent_target_only_for_rates(checker: Checker, message: Text, today: date) -> None:
    """85% is 0.85, right for a rate; for a count or a 0–100 score (unit number, also when
    not given) it would be a target every unit meets."""
    checker.reject(
        written_as_percent("target") & (pl.col("unit").fill_null("number") != "rate"),
        "target",
        message,
    )


def rule_percent_weight_at_most_whole(checker: Checker, message: Text, today: date) -> None:
    """A weight written as a percentage is a share of the index: 500% is a slip."""
    checker.reject(written_as_percent("weight") & (pl.col("weight") > 1), "weight", message)


def rule_closure_needs_quarter(checker: Checker, message: Text, today: date) -> None:
    """A closure holds from a quarter on: closed from the beginning, a unit would never have
    been in the registry."""
    checker.reject(
        pl.col("status").is_in(CLOSING) & pl.col("from_quarter").is_null(), "from_quarter", message
    )


def rule_target_needs_quarter(checker: Checker, message: Text, today: date) -> None:
    checker.reject(
        pl.col("target").is_not_null() & pl.col("from_quarter").is_null(), "from_quarter", message
    )


CROSS_FIELD_CHECKS: dict[str, Callable[[Checker, Text, date], None]] = {
    name.removeprefix("rule_"): fn for name, fn in globals().items() if name.startswith("rule_")
}
