"""etl/validate.py and the modules it is made of: parsing cells (etl/cells.py), the checker
(etl/checker.py), rows that are not data (etl/stray_rows.py) and the rules (etl/rules.py).
Every expected value is written out from the input by hand. Whole files through the reader
are tested in test_read.py, each contract rule in test_contracts.py."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from etl_helpers import TODAY, UNIT_CODES, parse, problems_of, registry_of

from etl import cells as cells_module
from etl.cells import (
    date_expr,
    iso_dates_first,
    number_expr,
    parsed_values,
    quarter_expr,
    quarter_of_dates,
    quarters_in_text,
    text_expr,
    typed_frame,
)
from etl.checker import ROW, Checker
from etl.contracts import CONTRACTS
from etl.messages import msg
from etl.problems import FileRejected, Problem
from etl.read import read_file
from etl.rules import range_bad_expr, stated_quarter, unknown_codes
from etl.stray_rows import total_word
from etl.validate import checked_rows, parse_and_check


def column(values: list, expr: pl.Expr) -> list:
    return (
        pl.DataFrame({"c": values}, schema={"c": pl.String}).select(expr.alias("c"))["c"].to_list()
    )


# --- parsing cells ----------------------------------------------------------------------------


def test_text_is_trimmed_made_half_width_and_empty_is_null():
    written = [" H001 ", "Ｈ００１", "\u3000义诊\u3000", "", "  ", None]
    assert column(written, text_expr("c")) == ["H001", "H001", "义诊", None, None, None]
    # free text keeps its full-width characters
    assert column(["Ｈ００１ "], text_expr("c", normalise=False)) == ["Ｈ００１"]


def test_numbers_as_units_write_them():
    written = ["1,234", "-0.5", "95%", "1e3", "12.", "x", "1,23", "%", None]
    assert column(written, number_expr("c", "fraction")) == pytest.approx([
        1234.0, -0.5, 0.95, 1000.0, 12.0, None, None, None, None,
    ])  # fmt: skip
    # where a percent means points it is the number itself; where it means nothing, unreadable
    assert column(["95%", "95"], number_expr("c", "points")) == [95.0, 95.0]
    assert column(["95%", "95"], number_expr("c", None)) == [None, 95.0]
    # a percentage is the fraction it writes, exactly as a typed fraction would be stored
    # (95 / 100 in binary is 0.9500000000000001, which a trial saw shown)
    assert column(["95%", "0.95", "33.3333333333%", "7%"], number_expr("c", "fraction")) == [
        0.95, 0.95, 0.333333333333, 0.07,
    ]  # fmt: skip


def test_dates_in_every_spelling_and_a_time_of_day_ignored():
    written = ["2025-07-05", "2025/7/5", "2025.07.05", "2025年7月5日", "20250705"]
    written += ["2025-07-05 00:00:00", "2025年7月5号", "2025 年 7 月 5 日"]
    written += ["2025-02-30", "5/7/2025"]
    day = date(2025, 7, 5)
    assert column(written, date_expr("c")) == [day] * 8 + [None, None]


def test_a_date_typed_without_its_day_mark_or_with_it_after_dots_is_read():
    """Township forms typed by hand had 2025年10月9 (the 日 left off) and 2025.10.9日 (a 日
    after a dotted date): each names one day, yet both were refused as "expected a date such
    as 2025-07-15". A month alone (2025年10月) is still no date, nor a day without its year."""
    written = ["2025年7月5", "2025年07月05", "2025.7.5日", "2025/7/5日", "2025-07-05日"]
    written += ["2025年7月", "7月5"]
    day = date(2025, 7, 5)
    assert column(written, date_expr("c")) == [day] * 5 + [None, None]


def test_quarters_in_every_spelling_or_from_a_date():
    written = ["2025Q3", "2025-q3", "Q3 2025", "2025年第3季度", "2025年三季度", "2025-08-01"]
    written += ["2025年Q3", "2025年度第三季度", "2025第三季度"]
    written += ["2025Q5", "三季度", "20253"]  # 20253: no 年, 第 or 季 to say it is a quarter
    assert column(written, quarter_expr("c")) == ["2025Q3"] * 9 + [None, None, None]
    # a quarter column of figures takes no day (Column.day_as_quarter): 2025-08-01 is none
    assert column(written, quarter_expr("c", days=False)) == ["2025Q3"] * 5 + [None] + [
        "2025Q3"
    ] * 3 + [None, None, None]


def test_a_quarter_numbered_in_roman_numerals_is_read():
    """Trial: 2025年Ⅳ季度 and 2025年第Ⅳ季度 (Ⅳ one character, as Chinese input methods offer
    it, or typed IV) were refused as no quarter. Ⅰ to Ⅳ say one quarter each, as 一 to 四 do;
    in a cell (made half-width: Ⅳ is IV, ⅳ is iv) and in a form's title alike. No other
    Roman numeral is a quarter."""
    written = ["2025年Ⅳ季度", "2025年第Ⅳ季度", "2025年IV季度", "2025年第ⅱ季度", "2025年度Ⅰ季"]
    written += ["2025年四季度", "2025年Ⅴ季度", "2025年IIII季度", "Ⅳ季度"]
    cleaned = column(written, text_expr("c"))
    assert column(cleaned, quarter_expr("c")) == [
        "2025Q4",
        "2025Q4",
        "2025Q4",
        "2025Q2",
        "2025Q1",
        "2025Q4",
        None,
        None,
        None,
    ]
    assert quarters_in_text("兰州市2025年第Ⅲ季度患者满意度调查") == {"2025Q3"}


def test_a_q_code_numbered_in_roman_numerals_is_read():
    """2025QIV and 2025 Q IV were refused as no quarter while 2025年第IV季度 was read: after
    its Q a Roman numeral I to IV says one quarter as plainly as 1 to 4 does. V, IIII or IIV
    are none, and a form's title keeps reading Arabic Q codes alone (2025QI of a title may be
    the start of a word: 2025QINGHAI)."""
    read = {"2025QIV": "2025Q4", "2025 Q IV": "2025Q4", "2025-qiii": "2025Q3"}
    read |= {"2025年QⅡ": "2025Q2", "QI 2025": "2025Q1", "Q Ⅳ-2025": "2025Q4", "2025Q4": "2025Q4"}
    read |= {"2025QV": None, "2025QIIII": None, "2025QIIV": None, "QIV": None}
    cleaned = column(list(read), text_expr("c"))
    assert column(cleaned, quarter_expr("c", days=False)) == list(read.values())
    assert quarters_in_text("2025QINGHAI 卫生院 2025Q2") == {"2025Q2"}


def test_a_stated_quarter_is_read_or_refused():
    assert stated_quarter("f.csv", " ２０２５年第三季度 ", TODAY) == "2025Q3"
    with pytest.raises(FileRejected) as bad:
        stated_quarter("f.csv", "2025Q5", TODAY)
    [problem] = bad.value.problems
    assert (problem.file, problem.column, problem.value) == ("f.csv", "quarter", "2025Q5")
    assert (
        problem.expected_zh == "指定的季度无法识别：应为季度，如 2025Q3、2025-Q3 或 2025年第3季度"
    )
    with pytest.raises(FileRejected) as future:
        stated_quarter("f.csv", "2026Q2", TODAY)  # TODAY lies in 2026Q1
    assert future.value.problems[0].expected == (
        "the quarter stated lies in the future (the current quarter is 2026Q1)"
    )


def test_a_stated_day_or_month_is_refused_naming_its_quarter_as_in_a_quarter_column():
    # a trial: --quarter 2025-11-15 loaded every row as 2025Q4, while a quarter column
    # refuses the day (cell.day_not_quarter); 15 November and November lie in the 4th quarter
    with pytest.raises(FileRejected) as day:
        stated_quarter("f.csv", "2025-11-15", TODAY)
    [problem] = day.value.problems
    assert (problem.column, problem.value) == ("quarter", "2025-11-15")
    assert "某一天的日期（该日在第四季度）" in problem.expected_zh
    assert "2025年第四季度 或 2025Q4" in problem.expected_zh
    assert "(the day is in Q4)" in problem.expected
    with pytest.raises(FileRejected) as month:
        stated_quarter("f.csv", "２０２４年８月", TODAY)
    [problem] = month.value.problems
    assert "月份或其上、中、下旬（该月在第三季度）" in problem.expected_zh
    assert "2024年第三季度 或 2024Q3" in problem.expected_zh
    # the part of a month a plan names (中旬: its middle ten days) lies in its month's quarter
    with pytest.raises(FileRejected) as part:
        stated_quarter("f.csv", "2025年4月中旬", TODAY)
    [problem] = part.value.problems
    assert (problem.column, problem.value) == ("quarter", "2025年4月中旬")
    assert "state the quarter, such as 2025Q2" in problem.expected


def test_a_stated_range_of_months_names_its_quarter_as_in_a_quarter_column():
    """--quarter 2025年7-9月 was told only "not a quarter", where a quarter cell holding the
    same months is told they are the third quarter's (cell.months_of_quarter)."""
    with pytest.raises(FileRejected) as months:
        stated_quarter("f.csv", "2025年7-9月", TODAY)
    [problem] = months.value.problems
    assert (problem.column, problem.value) == ("quarter", "2025年7-9月")
    assert problem.expected == (
        "the quarter stated is the three months of Q3: state the quarter, such as 2025Q3"
    )
    assert problem.expected_zh == (
        "指定的季度写的是第三季度的三个月：请写成季度，如 2025年第三季度 或 2025Q3"
    )
    with pytest.raises(FileRejected) as not_one:  # no one quarter's months: no quarter named
        stated_quarter("f.csv", "2025年8-10月", TODAY)
    assert not_one.value.problems[0].expected.startswith("the quarter stated is not a quarter")


@pytest.mark.parametrize("stated", ["四季度", "第4季度", "Q4"])
def test_a_stated_quarter_without_its_year_is_told_so_as_its_cell_would_be(stated):
    """A new user's trial: --quarter 四季度 was told "not a quarter", where a quarter cell
    holding 四季度 is told it has no year."""
    with pytest.raises(FileRejected) as refused:
        stated_quarter("f.csv", stated, TODAY)
    [problem] = refused.value.problems
    assert (problem.column, problem.value) == ("quarter", stated)
    assert problem.expected == (
        "the quarter stated has no year: give it with its year, such as 2025年第四季度 or 2025Q4"
    )
    assert problem.expected_zh == (
        "指定的季度没有写年份：请写成带年份的季度，如 2025年第四季度 或 2025Q4"
    )


def test_typed_frame_gives_text_and_value_columns():
    cells = pl.DataFrame(
        {
            "unit_code": [" H001"],
            "quarter": ["2025年第3季度"],
            "survey_type": ["門診"],  # the traditional spelling of 门诊
            "respondents": ["1,200"],
            "satisfied": [None],
            "score": ["95%"],
        },
        schema={c.name: pl.String for c in CONTRACTS["surveys"].columns},
    )
    frame = typed_frame(cells, CONTRACTS["surveys"])
    names = ["unit_code", "quarter", "survey_type", "respondents", "satisfied", "score"]
    assert frame.select(names).row(0) == ("H001", "2025Q3", "门诊", 1200.0, None, 95.0)
    texts = [f"{n}__text" for n in names]
    assert frame.select(texts).row(0) == ("H001", "2025年第3季度", "門診", "1,200", None, "95%")


NOISY_CELLS = [
    None, "", "  ", " H001 ", "１２", "1,234", "95%", "12.0", "-3", "x", "2025/7/5",
    "2025年第3季度", "2025-Q3", "2025-07-05 00:00:00", "暗访", "Unannounced", "门诊",
    "三级医院", "测評", "門诊", "rate", "越低越好", "\u3000义诊\u3000", "1e400", "45873", "5.",
    "1.e5", "2025/10/16 下午 3:05", "2025-10-16（周四）", "2025-10-16（周三）", "2025年10月",
]  # fmt: skip
ASCII_CELLS = [c for c in NOISY_CELLS if c is None or c.isascii()]
PLAIN_NUMBER_CELLS = [None, "12", "-3", "12.0", "5.", "1.e5", "+7", "0.25"]


@pytest.mark.parametrize("kind", ["activities", "inspections", "surveys", "indicators"])
@pytest.mark.parametrize("noisy", [NOISY_CELLS, ASCII_CELLS, PLAIN_NUMBER_CELLS])
def test_large_file_path_parses_exactly_like_the_small_file_path(kind, noisy, monkeypatch):
    """Large files parse each distinct value once, skip NFKC on ASCII columns and take a
    column of plain numbers as its own text; that must give the very same cells and values
    as the direct path small files take (mixed cells, ASCII-only cells, plain numbers)."""
    contract = CONTRACTS[kind]
    cells = pl.DataFrame(
        {c.name: [noisy[(i * (k + 3)) % len(noisy)] for i in range(200)]
         for k, c in enumerate(contract.columns)},
        schema={c.name: pl.String for c in contract.columns},
    )  # fmt: skip
    monkeypatch.setattr(cells_module, "DISTINCT_FROM_ROWS", 10**9)
    small = typed_frame(cells, contract)
    monkeypatch.setattr(cells_module, "DISTINCT_FROM_ROWS", 0)
    large = typed_frame(cells, contract)
    assert large.equals(small, null_equal=True)
    assert small.select(pl.col(f"{contract.names[0]}__text").is_not_null().sum()).item() > 0


def test_large_file_path_reads_values_mixing_simplified_and_traditional(monkeypatch):
    """测評 (测 Simplified, 評 Traditional) is 测评 on the path that parses each distinct
    value once, as on the direct one."""
    cells = pl.DataFrame(
        {"inspection_type": ["测評", "測評", "暗访", "督查", None] * 40},
        schema={"inspection_type": pl.String},
    ).with_columns(
        pl.lit(None, pl.String).alias(c.name)
        for c in CONTRACTS["inspections"].columns
        if c.name != "inspection_type"
    )
    monkeypatch.setattr(cells_module, "DISTINCT_FROM_ROWS", 0)
    large = typed_frame(cells, CONTRACTS["inspections"])
    assert large["inspection_type"].to_list()[:5] == ["测评", "测评", "暗访", "督查", None]


def test_large_file_path_parses_the_date_columns_days_together_as_each_alone(monkeypatch):
    """The date columns' distinct cells are parsed together on the large-file path: a day
    in one column and not another, a column whose cells are all ASCII next to one with a
    full-width day (made half-width), an empty column, each read as the small path reads it."""
    contract = CONTRACTS["inspections"]
    cells = pl.DataFrame(
        {
            "inspection_date": ["2025-07-05", "2025/7/6", "２０２５年7月7日", None] * 50,
            "rectify_by": ["2025-07-05", "2025.8.1", "x", "2025-10-16（周四）"] * 50,
            "rectified_on": [None] * 200,
        },
        schema={"inspection_date": pl.String, "rectify_by": pl.String, "rectified_on": pl.String},
    ).with_columns(
        pl.lit(None, pl.String).alias(c.name) for c in contract.columns if c.type != "date"
    )
    monkeypatch.setattr(cells_module, "DISTINCT_FROM_ROWS", 10**9)
    small = typed_frame(cells, contract)
    monkeypatch.setattr(cells_module, "DISTINCT_FROM_ROWS", 0)
    large = typed_frame(cells, contract)
    assert large.equals(small, null_equal=True)
    days = [date(2025, 7, 5), date(2025, 7, 6), date(2025, 7, 7), None]
    assert large["inspection_date"].to_list()[:4] == days
    assert large["inspection_date__text"].to_list()[:4] == [
        "2025-07-05", "2025/7/6", "2025年7月7日", None
    ]  # fmt: skip
    assert large["rectify_by"].to_list()[:4] == [
        date(2025, 7, 5), date(2025, 8, 1), None, date(2025, 10, 16)
    ]  # fmt: skip
    assert large["rectified_on"].null_count() == 200


AWKWARD_DAYS = [
    "2025-07-05", "2025-7-5", "+2025-07-05", "2025-02-30", "2025-07-05T10:00",
    "2025-07-05 09:30:00", "2025-10-16（周四）", "2025-10-16 四", "20250705", "2025/7/5",
    " 2025-07-05", "２０２５-07-05", "2025-07-05日", "2025- 07-05", "2025-07-05\u3000", "  ",
]  # fmt: skip


def test_iso_dates_first_reads_each_cell_as_the_full_rule_does():
    """The large-file path reads the distinct days one format reads exactly (2025-07-05) by
    that format alone, the others by the full rule: each cell gets the same cleaned text and
    day either way, padded, full-width, timed or weekday-tagged ones included."""
    cells = pl.Series("inspection_date", AWKWARD_DAYS)
    column = CONTRACTS["inspections"].column("inspection_date")
    order, fast = iso_dates_first(cells, column)
    assert sorted(order.to_list()) == sorted(AWKWARD_DAYS)
    assert order[0] == "2025-07-05"  # read by the one format, before the rest
    full = dict(zip(AWKWARD_DAYS, parsed_values(cells, column).rows(), strict=True))
    assert dict(zip(order.to_list(), fast.rows(), strict=True)) == full
    assert full["2025-07-05"] == ("2025-07-05", date(2025, 7, 5))
    assert full[" 2025-07-05"] == ("2025-07-05", date(2025, 7, 5))  # its text without padding
    assert full["2025-02-30"] == ("2025-02-30", None)
    assert full["  "] == (None, None)


def test_quarter_of_dates_across_years_and_gaps():
    days = [date(2023, 12, 31), None, date(2025, 1, 1), date(2025, 3, 31), date(2025, 4, 1)]
    quarters = quarter_of_dates(pl.Series("inspection_date", days, dtype=pl.Date))
    assert quarters.to_list() == ["2023Q4", None, "2025Q1", "2025Q1", "2025Q2"]
    nothing = quarter_of_dates(pl.Series("activity_date", [None, None], dtype=pl.Date))
    assert nothing.to_list() == [None, None]


def test_quarter_of_dates_gives_every_days_own_quarter():
    """Every day of two years and more, out of order and between nulls (the binary search of
    the quarters' first days), each in the quarter its month gives, worked out here by hand:
    the last day of each quarter and the first of the next too."""
    first = date(2023, 12, 25)
    days = [first + timedelta(days=i) for i in range(760)][::-1]
    days = [None, *days[:400], None, *days[400:]]
    quarters = quarter_of_dates(pl.Series("inspection_date", days, dtype=pl.Date)).to_list()
    expected = [None if d is None else f"{d.year}Q{(d.month - 1) // 3 + 1}" for d in days]
    assert len(expected) == 762 and expected[1] == "2026Q1" and expected[-1] == "2023Q4"
    assert quarters == expected


def test_large_file_path_keeps_clean_columns_as_they_are(monkeypatch):
    """Columns whose every cell is already canonical (2025Q3, 门诊) are used uncopied on the
    large-file path; cells needing cleaning next to them still are cleaned, as the small path
    does."""
    contract = CONTRACTS["surveys"]
    cells = pl.DataFrame(
        {
            "unit_code": ["H001", "H002", " H001 ", None] * 50,
            "quarter": ["2025Q3", "2025Q4", None, "2025Q3"] * 50,
            "survey_type": ["门诊", "住院", "门诊", None] * 50,
            "respondents": ["10", "20", "30", None] * 50,
            "satisfied": ["9", "19", None, "1,000"] * 50,
            "score": [None, "95%", "90", "x"] * 50,
        }
    )
    monkeypatch.setattr(cells_module, "DISTINCT_FROM_ROWS", 10**9)
    small = typed_frame(cells, contract)
    monkeypatch.setattr(cells_module, "DISTINCT_FROM_ROWS", 0)
    large = typed_frame(cells, contract)
    assert large.equals(small, null_equal=True)
    assert large["quarter"].to_list()[:4] == ["2025Q3", "2025Q4", None, "2025Q3"]
    assert large["unit_code"].to_list()[:4] == ["H001", "H002", "H001", None]


# --- the checker ------------------------------------------------------------------------------


def test_the_checker_lists_each_problem_by_row_with_its_message():
    frame = pl.DataFrame(
        {ROW: [2, 3, 4, 5], "n": [1, -1, 5, -2], "n__text": ["1", "-1", "5", "-2"]}
    )
    checker = Checker("f.csv", frame)
    checker.reject(pl.col("n") < 0, "n", msg("cell.expected", expectation="≥ 0"))
    checker.reject(pl.col("n") > 4, "n", msg("cell.too_large", largest="4"), pl.lit("big"))
    checker.reject(pl.col("n") > 100, "n", msg("cell.too_large", largest="100"))  # never fires
    problems, total = checker.run()
    assert total == 3
    assert [(p.row, p.column, p.value, p.expected) for p in problems] == [
        (3, "n", "-1", "expected ≥ 0"),
        (4, "n", "big", "too large: at most 4"),
        (5, "n", "-2", "expected ≥ 0"),
    ]
    assert problems[1].expected_zh == "数值过大：最大为 4"
    assert problems[0].text == msg("cell.expected", expectation="≥ 0")  # kept for the log


def test_a_cheap_count_that_overstates_is_recounted_exactly():
    frame = pl.DataFrame({ROW: [2, 3], "n": [1, 2], "n__text": ["1", "2"]})
    checker = Checker("f.csv", frame)
    checker.reject(pl.col("n") > 1, "n", msg("cell.expected", expectation="1"), may_fire=pl.lit(2))
    problems, total = checker.run()
    assert (total, [p.row for p in problems]) == (1, [3])


def test_problems_found_before_the_checks_are_sorted_in_by_row():
    frame = pl.DataFrame({ROW: [2, 3, 10], "n": [1, -1, -1], "n__text": ["1", "-1", "-1"]})
    checker = Checker("f.csv", frame)
    checker.extra = [Problem.of("f.csv", 9, "x", "合计", msg("row.total"))]
    checker.reject(pl.col("n") < 0, "n", msg("cell.expected", expectation="≥ 0"))
    problems, total = checker.run()
    assert (total, [p.row for p in problems]) == (3, [3, 9, 10])


# --- rows that are not data, and the rules --------------------------------------------------


def test_total_words_are_compared_half_width_without_spaces():
    assert [total_word(c) for c in ["合　计", "ＴＯＴＡＬ", " Sub Total ", None]] == [
        "合计",
        "total",
        "subtotal",
        "",
    ]


def test_range_of_a_column():
    respondents = CONTRACTS["surveys"].column("respondents")  # a whole number > 0
    values = pl.DataFrame({"v": [1.0, 0.0, 2.5, None, -3.0]})
    bad = values.select(range_bad_expr(respondents, pl.col("v")))["v"].to_list()
    assert bad == [False, True, True, False, True]


def test_unknown_codes_are_the_distinct_codes_the_registry_lacks():
    codes = pl.Series(["H001", "Z1", None, "Z1", "H002", "Z2"])
    known = pl.Series(["H001", "H002"])
    assert sorted(unknown_codes(codes, known).to_list()) == ["Z1", "Z2"]


def test_unknown_codes_come_in_the_order_of_their_first_rows():
    # the text-formula hint looks at the first 200 only: they must be the first in the file
    codes = pl.Series(["Z9", "H001", "Z1", "Z9", "Z5", "Z1"] + [f"Y{i}" for i in range(300)])
    assert unknown_codes(codes, pl.Series(["H001"])).head(4).to_list() == ["Z9", "Z1", "Z5", "Y0"]


# --- the whole check --------------------------------------------------------------------------

SURVEYS = "单位编码,季度,调查类型,样本量,满意人数,备注\n"


def checked(text: str):
    return parse_and_check(read_file(text.encode(), "s.csv"), TODAY, registry_of(UNIT_CODES))


def test_checked_rows_say_their_quarters_and_units_found_while_checking():
    """The quarters (sorted, each once) and the number of units a load reports come from the
    checks' own pass over the codes and quarters: the rows' own, counted here by hand."""
    text = SURVEYS + "H002,2025Q3,门诊,40,38,\nH001,2025-Q2,住院,20,19,\nH002,2025Q2,门诊,9,9,\n"
    rows = checked_rows(read_file(text.encode(), "s.csv"), TODAY, registry_of(UNIT_CODES))
    assert rows.frame.height == 3
    assert rows.quarters == ["2025Q2", "2025Q3"]
    assert rows.units == 2


def test_a_good_file_gives_typed_rows_numbered_as_in_the_spreadsheet():
    frame = checked(SURVEYS + "H001,2025Q3,门诊,40,38,好\n\nH002,2025-Q2,住院,20,19,\n")
    assert frame.columns == [
        ROW,
        "unit_code",
        "quarter",
        "survey_type",
        "respondents",
        "satisfied",
        "score",
    ]
    assert frame.rows() == [
        (2, "H001", "2025Q3", "门诊", 40, 38, None),
        (4, "H002", "2025Q2", "住院", 20, 19, None),
    ]
    assert frame.schema["respondents"] == pl.Int64


def test_a_bad_file_names_each_problem_with_the_column_as_headed():
    with pytest.raises(FileRejected) as rejected:
        checked(SURVEYS + "H001,2025Q3,门诊,40,41,\nZ9,2025Q3,门诊,x,1,\n合计,,,40,41,\n")
    found = [(p.row, p.column, p.value) for p in rejected.value.problems]
    assert found == [
        (2, "满意人数 (satisfied)", "41 > 40"),
        (3, "样本量 (respondents)", "x"),  # within a row: the cell checks, then the registry
        (3, "单位编码 (unit_code)", "Z9"),
        (4, "单位编码 (unit_code)", "合计"),
    ]
    assert rejected.value.total == 4


def test_a_file_of_only_blank_rows_has_no_data_rows():
    with pytest.raises(FileRejected) as rejected:
        checked(SURVEYS + ",,,,,\n")
    assert rejected.value.problems[0].expected.startswith("the file has no data rows: fill in")


def test_a_two_digit_year_is_named_and_its_quarter_not_refused_again():
    """25.7.5 reads as the year 25; one problem saying the year needs four digits, not a
    second one about the quarter derived from it (25Q3, 'in the future')."""
    text = (
        "单位编码,季度,活动日期,活动类型,次数,参与人数\n"
        "H001,,25.7.5,义诊,2,30\n"
        "H001,,1999-07-05,讲座,2,30\n"
    )
    problems = problems_of(text)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "活动日期 (activity_date)", "25.7.5"),
        (3, "活动日期 (activity_date)", "1999-07-05"),
    ]
    assert "four digits" in problems[0].expected
    assert "before 2000-01-01" in problems[1].expected


def test_a_quarter_with_a_two_digit_year_is_told_to_write_the_year_in_full():
    """Trial H: 26Q3 and 26年第三季度 were told only that a quarter such as 2025Q3 is expected,
    where a date 25.7.5 is told its year needs all four digits: a quarter is told so too."""
    text = (
        "单位编码,季度,调查类型,样本量,满意人数\n"
        "H001,26Q3,门诊,40,36\nH002,26年第三季度,门诊,40,36\nC001,3季度26,门诊,40,36\n"
        "T001,263,门诊,40,36\n"
    )
    problems = problems_of(text)
    assert [(p.row, p.value) for p in problems] == [
        (2, "26Q3"),
        (3, "26年第三季度"),
        (4, "3季度26"),
        (5, "263"),
    ]
    expected = (
        "the quarter's year needs all four digits: 2025Q3 or 2025年第三季度, not 25Q3 or "
        "25年第三季度"
    )
    assert [p.expected for p in problems[:2]] == [expected, expected]
    assert problems[0].expected_zh == (
        "季度的年份须写全四位：2025Q3 或 2025年第三季度，不要写成 25Q3 或 25年第三季度"
    )
    assert all(p.expected.startswith("expected a quarter such as 2025Q3") for p in problems[2:])


def test_an_activity_date_outside_its_rows_quarter_names_both_and_the_fix():
    """Trial H: a row dated 2026-10-05 with 季度 2026年第三季度 was told only that the date lies
    outside the row's quarter, quoting the date: not which quarter the date is in, nor what
    to do. The value names the date, its quarter and the row's quarter as written."""
    text = (
        "单位编码,活动日期,季度,活动类型,次数,参与人数\nH001,2025/10/5,2025年第三季度,义诊,1,10\n"
    )
    [problem] = problems_of(text, today=date(2026, 1, 15))
    assert (problem.row, problem.column) == (2, "活动日期 (activity_date)")
    assert problem.value == "2025/10/5 (2025Q4) ≠ 2025年第三季度"
    assert problem.expected == (
        "activity_date lies outside the quarter given on the same row: correct the date or "
        "the quarter, so that they agree"
    )
    assert problem.expected_zh == "活动日期不在同一行所填的季度之内：请更正日期或季度，使二者一致"


def test_a_count_refused_as_no_whole_number_is_not_compared_as_well():
    """A form with 样本量 1.234 (a thousands dot, as some locales write 1234) and 90 满意人数
    got two problems: the count is no whole number, and "90 > 1.234: satisfied may not
    exceed respondents", a comparison with a number the file was told it does not hold. The
    count's own problem is said alone; whole counts are compared as ever."""
    text = (
        "单位编码,季度,调查类型,样本量,满意人数\n"
        "H001,2025Q3,门诊,1.234,90\n"
        "H002,2025Q3,门诊,100,100.5\n"
        "T001,2025Q3,门诊,100,101\n"
    )
    problems = problems_of(text)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "样本量 (respondents)", "1.234"),
        (3, "满意人数 (satisfied)", "100.5"),
        (4, "满意人数 (satisfied)", "101 > 100"),
    ]
    assert problems[0].expected == problems[1].expected.replace("≥ 0", "> 0")
    assert problems[2].expected == "satisfied may not exceed respondents"


def test_a_limit_of_zero_is_refused_once_not_compared_as_well():
    """满分 0 beside 得分 9 got two problems: the limit must be above 0, and "9 > 0: score
    may not exceed max_score", the same said twice; so did 样本量 0 beside 满意人数 5. The
    limit's own problem is said alone; a limit above 0 is compared as ever."""
    inspections = (
        "单位编码,检查日期,检查类型,检查项目,得分,满分\n"
        "H001,2025-07-17,暗访,导医服务,9,0\n"
        "H002,2025-07-17,暗访,导医服务,11,10\n"
    )
    assert [(p.row, p.column, p.value) for p in problems_of(inspections)] == [
        (2, "满分 (max_score)", "0"),
        (3, "得分 (score)", "11 > 10"),
    ]
    [respondents] = problems_of(SURVEYS + "H001,2025Q3,门诊,0,5,\n")
    assert (respondents.row, respondents.column, respondents.value) == (
        2,
        "样本量 (respondents)",
        "0",
    )


def test_a_survey_of_no_respondents_is_told_to_be_left_out():
    """Trial H: a district's form lists every unit and writes 0 where a unit held no such
    survey; the row was told only that a whole number > 0 is expected, as if a number were
    mistyped. It is told that 0 respondents is no survey, a row to delete."""
    text = (
        "单位编码,季度,调查类型,样本量,满意度得分\nH001,2025Q3,门诊,0,90\nH002,2025Q3,门诊,-3,90\n"
    )
    [zero, negative] = problems_of(text)
    assert (zero.row, zero.column, zero.value) == (2, "样本量 (respondents)", "0")
    assert zero.expected == (
        "expected a whole number > 0; 0 respondents is no survey: if the unit held no such "
        "survey this quarter, delete the row"
    )
    assert zero.expected_zh == (
        "应为整数 > 0；样本量为 0 即没有调查：如该单位本季度未做此类调查，请删去这一行"
    )
    assert (negative.row, negative.expected) == (3, "expected a whole number > 0")


def test_unknown_codes_are_told_what_excel_did_to_them():
    import polars as pl

    from etl.rules import unknown_code_hints

    known = pl.Series(["0102", "H001", "T001"])
    unknown = pl.Series(["102.0", "102", "'H001", "h001", "Z999", '="0102"', '="Z999"'])
    said = {code: text.key for codes, text in unknown_code_hints(unknown, known) for code in codes}
    assert said == {
        "102.0": "unit.excel_decimal",  # a number with its zero and its .0 lost: 0102
        "102": "unit.leading_zeros_of",  # naming 0102 (session 60)
        "'H001": "unit.apostrophe",
        "h001": "unit.case_of",  # naming H001 (session 56: it said only "a known one")
        "Z999": "unit.unknown",
        '="0102"': "unit.excel_text_formula",
        '="Z999"': "unit.unknown",  # a formula, but of no registered code
    }
    [(_, case_of)] = [(c, t) for c, t in unknown_code_hints(unknown, known) if c[0] == "h001"]
    assert case_of.en.endswith(
        "matches the registered H001 in other letter case: write H001, as the unit registry does"
    )
    # two registered codes differing only in case: which one is meant would be a guess
    twice = unknown_code_hints(pl.Series(["Ab1"]), pl.Series(["AB1", "ab1"]))
    assert [t.key for _, t in twice] == ["unit.case"]


def test_a_unit_name_written_where_its_code_belongs_is_told_the_code():
    """Bureau staff know their units by name: a survey form with 兰州市城关第一医院 in its
    单位编码 column was refused as an unknown code, "load it in the registry first", though
    the registry holds the unit. The message now names the code to write (every code of a
    name two units share, and a unit's former name too); nothing is guessed: refused still."""
    from etl.registry import RegistryView

    registry = RegistryView(
        pl.DataFrame(
            {
                "unit_code": ["H001", "C001", "C002", "T001", "T001"],
                "unit_name": [
                    "兰州市城关第一医院",
                    "东岗社区卫生服务中心",
                    "东岗社区卫生服务中心",
                    "红城镇卫生院",
                    "红城镇中心卫生院（原红城镇卫生院）",
                ],
            }
        ),
        pl.DataFrame(schema={"unit_code": pl.String, "first": pl.String}),
        pl.DataFrame(
            schema=dict.fromkeys(("unit_code", "status", "closed", "until", "into"), pl.String)
        ),
    )
    text = (
        "单位编码,季度,调查类型,样本量,满意人数\n"
        "兰州市城关第一医院,2025Q3,门诊,100,90\n"
        "东岗社区卫生服务中心,2025Q3,门诊,100,90\n"
        "红城镇卫生院,2025Q3,门诊,100,90\n"
        "红城镇中心卫生院（原红城镇卫生院）,2025Q3,门诊,100,90\n"
        "城关区妇幼保健院,2025Q3,门诊,100,90\n"
    )
    with pytest.raises(FileRejected) as rejected:
        parse_and_check(read_file(text.encode(), "满意度.csv"), TODAY, registry)
    said = {p.row: (p.value, p.expected_zh) for p in rejected.value.problems}
    name = "这是单位名称，不是单位编码："
    assert said == {
        2: (
            "兰州市城关第一医院",
            f"{name}单位名录中这个单位的编码是 H001：请在单位编码列填写编码后重新上传",
        ),
        3: (
            "东岗社区卫生服务中心",
            f"{name}单位名录中叫这个名称的单位有几个，编码是 C001、C002："
            "请在单位编码列填写所指单位的编码后重新上传",
        ),
        4: (
            "红城镇卫生院",
            f"{name}单位名录中这个单位的编码是 T001：请在单位编码列填写编码后重新上传",
        ),
        # a code cell is read half-width, (原…), and matched so; quoted as written
        5: (
            "红城镇中心卫生院（原红城镇卫生院）",
            f"{name}单位名录中这个单位的编码是 T001：请在单位编码列填写编码后重新上传",
        ),
        6: ("城关区妇幼保健院", "单位编码未登记：请先在单位名录中录入该单位，或更正编码"),
    }
    [english] = [p.expected for p in rejected.value.problems if p.row == 2]
    assert english == (
        "this is a unit's name, not its code: the unit registry gives this unit the code H001: "
        "write the code in the unit code column and upload again"
    )


def test_a_code_written_with_the_units_name_in_its_cell_is_told_the_code():
    """A township's form had 单位编码 cells such as U0001 兰州市城关第一医院 (the code and the
    name in one cell, as the unit is known there): refused as an unknown code, "load it in
    the unit registry first", though U0001 is registered. The message now names the code to
    keep alone, whether the name comes after it or before it (in brackets too); a code that
    is not registered is told as unknown, and nothing is guessed: every row is refused."""
    text = (
        "单位编码,季度,调查类型,样本量,满意人数\n"
        "H001 兰州市城关第一医院,2025Q3,门诊,100,90\n"
        "H001兰州市城关第一医院,2025Q3,住院,100,90\n"
        "永登县红城镇中心卫生院（T001）,2025Q3,门诊,100,90\n"
        "H001-W1 门诊挂号窗口,2025Q3,门诊,100,90\n"
        "Z999 某某医院,2025Q3,门诊,100,90\n"
    )
    problems = problems_of(text, "满意度.csv")
    said = {p.row: (p.value, p.expected) for p in problems}
    keep = (
        "the cell holds the unit code {} with other words beside it (the unit's name?): keep "
        "the code alone in the unit code column (a name, if wanted, in a column of its own, "
        "such as 单位名称) and upload again"
    )
    assert said == {
        2: ("H001 兰州市城关第一医院", keep.format("H001")),
        3: ("H001兰州市城关第一医院", keep.format("H001")),
        4: ("永登县红城镇中心卫生院（T001）", keep.format("T001")),
        5: ("H001-W1 门诊挂号窗口", keep.format("H001-W1")),
        6: (
            "Z999 某某医院",
            "unknown unit code: load it in the unit registry (单位名录) first, or correct the code",
        ),
    }
    [chinese] = [p.expected_zh for p in problems if p.row == 2]
    assert chinese == (
        "单元格中是单位编码 H001 加上其他文字（如单位名称）：单位编码列只填编码（名称如需保留，"
        "另列一列，如 单位名称）后重新上传"
    )


def test_a_registry_code_holding_its_own_units_name_is_refused():
    """A registry typed with the unit's name in the code cell too (H009 城关区妇幼保健院,
    the name again in 单位名称) registered the code H009 城关区妇幼保健院, space and name
    and all: every later file's H009 was then an unknown code. The code cell holding the
    row's own name is refused; a code beside another row's name, or alone, is no problem."""
    text = (
        "单位编码,单位名称,区县,单位类别,职工人数\n"
        "H009 城关区妇幼保健院,城关区妇幼保健院,城关区,二级医院,120\n"
        "城关区疾控中心（H010）,城关区疾控中心,城关区,专业公共卫生机构,80\n"
        "H011,城关区中医医院,城关区,二级医院,300\n"
        "H012 城关区,城关区第二医院,城关区,二级医院,200\n"
    )
    problems = problems_of(text, "单位名录.csv", kind="units")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "单位编码 (unit_code)", "H009 城关区妇幼保健院"),
        (3, "单位编码 (unit_code)", "城关区疾控中心（H010）"),
    ]
    assert {p.expected for p in problems} == {
        "the code holds the row's own unit name and would register it as part of the code: "
        "keep the code alone in the unit code column (the name goes in the unit name column) "
        "and upload again"
    }
    assert {p.expected_zh for p in problems} == {
        "单位编码中含有本行的单位名称，按此载入会把名称当作编码的一部分登记：单位编码列只填编码"
        "（名称填在单位名称列）后重新上传"
    }


def test_a_code_typed_with_a_space_inside_is_told_so():
    """Trial E: a district's survey form had U 0001 (a space typed inside the code, in WPS);
    refused as an unknown code, "load it in the unit registry first, or correct the code",
    the analyst found U0001 in the registry and could not see what was wrong. Without its
    space it is a registered code: the message says to delete the space, a full-width one
    (H　001) too. Nothing is guessed: the row is still refused."""
    import polars as pl

    from etl.rules import unknown_code_hints

    known = pl.Series(["H001", "T001"])
    unknown = pl.Series(["H 001", "T0 01", "Z 999"])
    said = {code: text.key for codes, text in unknown_code_hints(unknown, known) for code in codes}
    assert said == {
        "H 001": "unit.inner_space",
        "T0 01": "unit.inner_space",
        "Z 999": "unit.unknown",
    }
    [problem] = problems_of(SURVEYS + "H　001,2025Q3,门诊,40,38,\n")
    assert (problem.row, problem.value) == (2, "H　001")  # the cell as written
    assert problem.expected_zh.startswith("单位编码未登记，但去掉其中的空格后是已登记的编码")


FULL_STOP_CASES = [
    # a satisfaction score typed with the input method's full stop for the decimal point was
    # refused with "write it in digits, such as 95", which it was: still refused, never
    # guessed, but the message names the full stop and says to write 88.4
    (
        "单位编码,季度,调查类型,样本量,满意度得分\nH001,2025Q3,公众,60,88。4\n",
        "88。4",
        "小数点请用“.”，不要用中文句号“。”（如 88.4）",
        "use '.' for the decimal point, not the Chinese full stop '。'",
    ),
    # a date typed with its full stops for the dots of 2025.7.17 was refused as "expected a
    # date such as 2025-07-15" beside dates with dots that were read
    (
        "单位编码,检查日期,检查类型,检查项目,得分,满分\nH001,2025。7。17,暗访,导医服务,9,10\n",
        "2025。7。17",
        "日期中请用“.”或“-”分隔，不要用中文句号“。”",
        "separate the date with '.' or '-', not the Chinese full stop '。'",
    ),
]


@pytest.mark.parametrize(("text", "value", "zh", "en"), FULL_STOP_CASES)
def test_the_chinese_full_stop_for_a_point_is_named(text, value, zh, en):
    """Trial E: numbers and dates typed with the Chinese input method's full stop (。)."""
    [problem] = problems_of(text)
    assert (problem.row, problem.value) == (2, value)
    assert zh in problem.expected_zh
    assert en in problem.expected


def test_rows_whose_key_cannot_be_read_are_not_called_duplicates():
    """Trial E: a survey form wrote its types as 门诊患者满意度, 住院患者满意度, 社会满意度
    (read since); each was refused as no type, and rows 3 and 4 also as duplicates of row 2
    (the same unit, quarter and an unread type), with the advice to delete one or add them
    up: three different surveys (here 门急诊, 住院部 and one left empty). A row whose key
    cannot be read (or is empty) is refused for that cell alone; a true duplicate is still
    one."""
    text = (
        "单位编码,季度,调查类型,样本量,满意人数\n"
        "H001,2025Q3,门急诊,100,90\n"
        "H001,2025Q3,住院部,50,45\n"
        "H001,2025Q3,,60,50\n"
        "H002,2025Q3,门诊,40,38\n"
        "H002,2025Q3,门诊,40,38\n"
    )
    problems = problems_of(text)
    assert [(p.row, p.column) for p in problems] == [
        (2, "调查类型 (survey_type)"),
        (3, "调查类型 (survey_type)"),
        (4, "调查类型 (survey_type)"),
        (6, "单位编码/季度/调查类型"),
    ]


def test_duplicates_among_many_rows_are_each_found():
    """A large file (the large-file path) of distinct keys but for a row repeating row 5's
    key twenty thousand rows later and two repeating row 7's: the count over the sorted key
    hashes fires and each repeat is named with the row it repeats, found here by hand."""
    types = ["义诊", "健康讲座", "志愿服务", "送医下乡", "道德讲堂"]
    lines = [f"H{i // 5:05d},2025Q3,{types[i % 5]},1,10" for i in range(25_000)]
    lines[20_000] = lines[3].replace(",1,10", ",2,20")  # row 20002 as row 5
    lines[24_998] = lines[5]  # rows 25000 and 25001 as row 7
    lines[24_999] = lines[5]
    text = "单位编码,季度,活动类型,次数,参与人数\n" + "\n".join(lines) + "\n"
    with pytest.raises(FileRejected) as rejected:
        parse_and_check(read_file(text.encode(), "a.csv"), TODAY)
    problems = rejected.value.problems
    assert [(p.row, p.value) for p in problems] == [
        (20_002, "same as row 5"),
        (25_000, "same as row 7"),
        (25_001, "same as row 7"),
    ]
    assert all(p.column.startswith("单位编码/季度") for p in problems)


def large_unit_rows(codes: list[str]) -> bytes:
    """An activities file of one row per code given (the large-file path above 20,000 rows),
    its types in turn so that no two rows share a key."""
    types = ["义诊", "健康讲座", "志愿服务", "送医下乡", "道德讲堂"]
    lines = [f"{code},2025Q3,{types[i % 5]},1,10" for i, code in enumerate(codes)]
    return ("单位编码,季度,活动类型,次数,参与人数\n" + "\n".join(lines) + "\n").encode()


def test_a_large_files_units_are_counted_once_each_however_their_codes_are_padded():
    """A large file's units are counted among its distinct codes as cleaned: 24,000 rows of
    4,800 units, five rows each, one unit's code written with spaces around it in two of its
    rows, name 4,800 units."""
    codes = [f"H{i // 5:05d}" for i in range(24_000)]
    registry = registry_of(sorted(set(codes)))
    codes[35], codes[37] = " H00007 ", "H00007\u3000"
    checked = checked_rows(read_file(large_unit_rows(codes), "a.csv"), TODAY, registry)
    assert checked.units == 4_800
    assert checked.frame.filter(pl.col("unit_code") == "H00007").height == 5


def test_a_large_files_unknown_code_is_named_by_its_rows():
    """A code the registry lacks, in two of 24,000 rows (the large-file path, which finds the
    file's distinct codes while parsing), is refused on each of its rows, by value."""
    codes = [f"H{i // 5:05d}" for i in range(24_000)]
    registered = sorted(set(codes))
    codes[100], codes[23_001] = "X0001", "X0001"
    with pytest.raises(FileRejected) as rejected:
        checked_rows(read_file(large_unit_rows(codes), "a.csv"), TODAY, registry_of(registered))
    problems = rejected.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [
        (102, "单位编码 (unit_code)", "X0001"),
        (23_003, "单位编码 (unit_code)", "X0001"),
    ]


def test_a_large_files_invisible_character_and_none_finding_are_found_by_their_texts():
    """On the large-file path the invisible-character and finding-none checks count over the
    distinct texts found while parsing (``Checker.texts``), not over the rows: a zero-width
    space in one item and a finding written 无问题 in another, among 24,000 rows, are each
    still named by row, column and value."""
    header = "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限\n"
    lines = [
        f"H{i:05d},2025-07-{1 + i % 28:02d},暗访,服务态度,8,10,候诊区保洁不及时,2025-08-31"
        for i in range(24_000)
    ]
    lines[15_000] = lines[15_000].replace("服务态度", "服务\u200b态度")
    lines[21_000] = lines[21_000].replace("候诊区保洁不及时", "无问题")
    text = header + "\n".join(lines) + "\n"
    with pytest.raises(FileRejected) as rejected:
        parse_and_check(read_file(text.encode(), "i.csv"), TODAY)
    problems = rejected.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [
        (15_002, "检查项目 (item)", "服务\u200b态度"),
        (21_002, "问题描述 (finding)", "无问题"),
    ]
    assert "invisible" in problems[0].expected


def test_survey_types_written_as_the_surveys_full_names_are_read():
    """Trial E: forms name their surveys in full (门诊患者满意度, 社会公众满意度 …), as the
    indicators are named; each was refused as no type. They are the same four types."""
    from etl_helpers import parse

    text = (
        "单位编码,季度,调查类型,样本量,满意人数,满意度得分\n"
        "H001,2025Q3,门诊患者满意度,100,90,\n"
        "H001,2025Q3,住院满意度,50,45,\n"
        "H001,2025Q3,社会公众满意度,60,,88\n"
        "H001,2025Q3,职工满意度,30,27,\n"
    )
    assert parse(text)["survey_type"].to_list() == ["门诊", "住院", "公众", "职工"]


def test_inspection_types_written_in_full_are_read():
    """Trial E: an inspection form wrote its types as 暗访检查, 日常巡查, 专项督查 and
    第三方测评, each refused as no type; they are the four types."""
    from etl_helpers import parse

    text = (
        "单位编码,检查日期,检查类型,检查项目,得分,满分\n"
        "H001,2025-07-17,暗访检查,导医服务,9,10\n"
        "H001,2025-07-15,日常巡查,便民措施,8,10\n"
        "H001,2025-07-16,专项督查,环境卫生,8,10\n"
        "H001,2025-07-18,第三方测评,控烟工作,8,10\n"
    )
    assert parse(text)["inspection_type"].to_list() == ["暗访", "巡查", "督查", "测评"]


def test_a_row_years_away_from_the_rest_of_the_file_is_refused_as_a_year_mistyped():
    """2015-10-09 among dates of 2025Q4 (TODAY 2026-01-15): loaded, it would make a quarter of
    its own ten years back and its finding ten years overdue. The date is the cell named."""
    text = (
        "单位编码,检查日期,检查类型,检查项目,得分,满分\n"
        "H001,2025-10-09,暗访,服务态度,8,10\n"
        "H002,2015-10-09,暗访,环境卫生,8,10\n"
        "T001,2025-11-09,暗访,服务态度,8,10\n"
    )
    [problem] = problems_of(text, "inspections.csv")
    assert (problem.row, problem.column, problem.value) == (
        3,
        "检查日期 (inspection_date)",
        "2015-10-09",
    )
    assert problem.expected_zh.startswith("本行的季度与本文件其余各行（2025Q4）相隔一年以上")


def test_quarters_a_year_apart_group_by_rows_and_a_history_without_gaps_passes():
    # 2024Q1 is six quarters before 2025Q3–2025Q4, where two of the three rows are
    far = SURVEYS + "H001,2025Q3,门诊,100,90,\nH002,2024Q1,门诊,100,90,\nT001,2025Q4,门诊,100,90,\n"
    [problem] = problems_of(far)
    assert (problem.row, problem.value) == (3, "2024Q1")
    assert "(2025Q3–2025Q4)" in problem.expected
    # one row each: the later quarter is taken as the file's own
    [tie] = problems_of(SURVEYS + "H001,2015Q3,门诊,100,90,\nH002,2025Q3,门诊,100,90,\n")
    assert (tie.row, tie.value) == (2, "2015Q3")
    # a year apart exactly (2024Q4, 2025Q4) and a history quarter after quarter pass
    assert checked(SURVEYS + "H001,2024Q4,门诊,100,90,\nH001,2025Q4,门诊,100,90,\n").height == 2
    history = "".join(
        f"H001,{y}Q{q},门诊,100,90,\n" for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)
    )
    assert checked(SURVEYS + history).height == 12


def test_a_summary_lists_quarters_that_do_not_follow_one_another():
    from etl.quarters import quarter_span

    assert quarter_span([]) == ""
    assert quarter_span(["2025Q3"]) == "2025Q3"
    assert quarter_span(["2025Q3", "2025Q4", "2026Q1"]) == "2025Q3–2026Q1"
    assert quarter_span(["2025Q1", "2025Q3"]) == "2025Q1, 2025Q3"


def test_a_repeated_key_is_named_in_the_files_own_headers_and_in_chinese():
    text = SURVEYS + "H001,2025Q3,门诊,100,90,\nH001,2025Q3,门诊,100,80,\n"
    [problem] = problems_of(text)
    assert (problem.row, problem.column) == (3, "单位编码/季度/调查类型")
    assert "单位编码、季度、调查类型相同" in problem.expected_zh
    assert "unit_code, quarter, survey_type" in problem.expected
    # a key column the file does not have (the quarter of dated activities) by its Chinese name
    dated = "单位编码,活动日期,活动类型,次数,参与人数\nH001,2025-07-05,义诊,2,30\n"
    [again] = problems_of(dated + "H001,2025-07-05,义诊,3,30\n")
    assert again.column == "单位编码/季度/活动日期/活动类型"


def test_none_of_two_columns_filled_is_named_in_the_files_headers():
    text = "单位编码,季度,调查类型,样本量,满意人数,满意度得分\nH001,2025Q3,门诊,100,,\n"
    [problem] = problems_of(text)
    assert problem.column == "满意人数/满意度得分"


def test_a_registry_code_written_as_a_text_formula_is_refused_not_registered():
    text = (
        "单位编码,单位名称,区县,单位类别,职工人数,上级单位编码\n"
        '"=""00123""",新单位,城关区,三级医院,10,"=""H001"""\n'
        "00124,新单位二,城关区,三级医院,10,H001\n"
    )
    problems = problems_of(text, "units.csv")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "单位编码 (unit_code)", '="00123"'),
        (2, "上级单位编码 (parent_code)", '="H001"'),
    ]
    assert problems[0].expected_zh.startswith("编码写成了 Excel 文本公式")


INSPECTION_ON = "单位编码,检查日期,检查类型,检查项目,得分,满分\nH001,{},暗访,导医服务,9,10\n"


@pytest.mark.parametrize(
    ("written", "said", "said_zh"),
    [
        ("2026-09-31", "the calendar has no such day", "日历上没有这一天"),
        ("2025/02/29", "the calendar has no such day", "日历上没有这一天"),
        # a month that is none: the month to check, not a day of September (session 56)
        ("2026年13月1日", "a month is 1 to 12", "月份只能是 1 到 12"),
    ],
)
def test_a_day_the_calendar_lacks_is_told_so(written, said, said_zh):
    """A new user's trial: 2026-09-31 and 2026年13月1日 were told "expected a date such as
    2025-07-15", which they look like."""
    [problem] = problems_of(INSPECTION_ON.format(written))
    assert (problem.row, problem.column, problem.value) == (
        2,
        "检查日期 (inspection_date)",
        written,
    )
    assert problem.expected.startswith(said)
    assert problem.expected_zh.startswith(said_zh)


@pytest.mark.parametrize(
    ("written", "day"), [("2024-02-29", date(2024, 2, 29)), ("2025-9-30", date(2025, 9, 30))]
)
def test_a_day_the_calendar_has_is_read(written, day):
    assert parse(INSPECTION_ON.format(written)).get_column("inspection_date").to_list() == [day]


@pytest.mark.parametrize("quarter", ["4", "第四季度", "四季度"])
def test_a_quarter_beside_a_year_column_is_told_to_take_its_year(quarter):
    """A new user's trial: forms with 年度 (2025) and 季度 (4 or 第四季度) in two columns were
    told "expected a quarter such as 2025Q3" or "has no year", not where the year was."""
    text = f"单位编码,年度,季度,调查类型,样本量,满意人数\nH001,2025,{quarter},门诊,100,90\n"
    [problem] = problems_of(text)
    assert (problem.row, problem.column, problem.value) == (2, "季度 (quarter)", quarter)
    assert problem.expected == (
        "the quarter has no year, which is in another column, '年度': write the year into the "
        "quarter, such as 2025年第四季度 or 2025Q4 (the '年度' column may then go)"
    )


def test_a_quarters_number_alone_without_a_year_column_is_told_as_before():
    text = "单位编码,季度,调查类型,样本量,满意人数\nH001,4,门诊,100,90\n"
    [problem] = problems_of(text)
    assert problem.expected.startswith("expected a quarter such as 2025Q3")


def test_codes_that_lost_their_zeros_beyond_those_shown_share_one_hint():
    """Each code that lost its leading zeros is told the registered code it is; past the
    ``MAX_PROBLEMS`` codes ever shown they share the hint that names none (not looked up)."""
    import polars as pl

    from etl.problems import MAX_PROBLEMS
    from etl.rules import unknown_code_hints

    count = MAX_PROBLEMS + 1
    known = pl.Series([f"0{n}" for n in range(1001, 1001 + count)])
    unknown = pl.Series([str(n) for n in range(1001, 1001 + count)])
    said = {code: text for codes, text in unknown_code_hints(unknown, known) for code in codes}
    assert said["1001"].key == "unit.leading_zeros_of" and "01001" in said["1001"].en
    assert said[str(1000 + count)].key == "unit.leading_zeros"
