"""Numbers a workbook formats as percentages are read as the sheet shows them: a score cell
showing 92.0% holds 0.92 and is 92 points; a weight showing 15% is 0.15; elsewhere the value
is refused as shown (92%), not as the fraction the user never saw. Codes stored as numbers
under a zero-padding format (0000) are read as shown (0101). Expected values are worked out
by hand from the cells written in each test."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from etl_helpers import fixture_bytes, fixture_problems, parse, problems_of

from etl.workbook_shown import (
    is_month_format,
    is_percent_format,
    shown_decimal,
    shown_padded,
    shown_percent,
)

SURVEY_HEADER = ["单位编码", "季度", "调查类型", "样本量", "满意人数", "满意度得分"]


def workbook(header: list, rows: list[list], formats: dict[int, str], first_column: int = 1):
    """A sheet with ``header`` and ``rows`` from column ``first_column`` (1 = A); the data
    cells of column ``i`` (0-based in ``header``) formatted ``formats[i]``."""
    book = openpyxl.Workbook()
    sheet = book.active
    for r, values in enumerate([header, *rows], start=1):
        for c, value in enumerate(values):
            cell = sheet.cell(r, first_column + c, value)
            if r > 1 and c in formats:
                cell.number_format = formats[c]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("code", ["0%", "0.0%", "0.00%"])
def test_a_score_formatted_as_a_percentage_is_read_as_its_points(code):
    data = workbook(
        SURVEY_HEADER,
        [["H001", "2025Q3", "门诊", 100, 92, 0.92], ["H002", "2025Q3", "住院", 50, 45, 0.905]],
        {5: code},
    )
    frame = parse(data, "surveys.xlsx")
    assert frame["score"].to_list() == [92.0, 90.5]


def test_the_table_may_start_in_a_later_column():
    data = workbook(SURVEY_HEADER, [["H001", "2025Q3", "门诊", 100, 92, 0.875]], {5: "0.0%"}, 3)
    assert parse(data, "surveys.xlsx")["score"].to_list() == [87.5]


def test_a_weight_formatted_as_a_percentage_keeps_its_fraction():
    header = ["指标编码", "中文名称", "英文名称", "领域", "方向", "权重", "单位"]
    row = ["visits", "走访数", "Visits", "activity", "higher", 0.15, "count"]
    frame = parse(workbook(header, [row], {5: "0%"}), "indicators.xlsx")
    assert frame["weight"].to_list() == [0.15]


def test_a_percentage_where_none_is_accepted_is_refused_as_shown():
    header = ["单位编码", "季度", "活动类型", "次数", "参与人数"]
    data = workbook(header, [["H001", "2025Q3", "义诊", 0.5, 30]], {3: "0%"})
    [problem] = problems_of(data, "activities.xlsx")
    assert (problem.row, problem.column, problem.value) == (2, "次数 (sessions)", "50%")


def test_a_count_in_a_cell_formatted_as_a_date_is_told_to_reformat_the_column():
    """28 people under ``yyyy/m/d`` show as 1900/1/28: retyping the date as a count is no fix
    the user can make, reformatting the column is."""
    header = ["单位编码", "季度", "活动类型", "次数", "参与人数"]
    data = workbook(header, [["H001", "2025Q3", "义诊", 2, 28]], {4: "yyyy/m/d"})
    [problem] = problems_of(data, "activities.xlsx")
    assert (problem.row, problem.column) == (2, "参与人数 (participants)")
    assert problem.value.startswith("1900-01-28")
    assert "format the column as General or Number" in problem.expected


def test_a_percent_sign_written_as_text_in_the_format_does_not_scale():
    """``0.0"%"`` shows 92 as 92.0% without multiplying: the cell holds 92 and is 92."""
    data = workbook(SURVEY_HEADER, [["H001", "2025Q3", "门诊", 100, 92, 92]], {5: '0.0"%"'})
    assert parse(data, "surveys.xlsx")["score"].to_list() == [92.0]


def test_a_number_in_an_unformatted_cell_is_left_as_it_is():
    data = workbook(SURVEY_HEADER, [["H001", "2025Q3", "门诊", 100, 92, 0.92]], {})
    [problem] = problems_of(data, "surveys.xlsx")  # 0.92 points: most likely a lost percent
    assert (problem.row, problem.value) == (2, "0.92")


@pytest.mark.parametrize(
    ("code", "percent"),
    [("0%", True), ("#,##0.0%;[Red]-0.0%", True), ('0"%"', False), ("0\\%", False), ("0.0", False)],
)
def test_which_format_codes_show_a_percentage(code, percent):
    assert is_percent_format(code) is percent


@pytest.mark.parametrize(
    ("stored", "shown"),
    [(b"0.92", "92%"), (b"0.905", "90.5%"), (b"1", "100%"), (b"1E-3", "0.1%"), (b"x", None)],
)
def test_the_shown_percentage_is_exact(stored, shown):
    assert shown_percent(stored) == shown


def test_codes_stored_as_numbers_under_a_zero_padding_format_are_read_as_shown():
    """Excel turned the typed 0101 into the number 101 and shows it as 0101 under the format
    0000; 12345 under 0000 shows whole; a text cell '0102' is text already."""
    header = ["单位编码", "季度", "活动类型", "次数", "参与人数"]
    rows = [
        [101, "2025Q3", "义诊", 1, 10],
        [12345, "2025Q3", "义诊", 2, 20],
        ["0102", "2025Q3", "义诊", 3, 30],
        [7, "2025Q3", "义诊", 4, 40],
    ]
    codes = {"0101", "12345", "0102", "0007"}
    frame = parse(workbook(header, rows, {0: "0000", 3: "000"}), "a.xlsx", known_units=codes)
    assert frame["unit_code"].to_list() == ["0101", "12345", "0102", "0007"]
    assert frame["sessions"].to_list() == [1, 2, 3, 4]  # 001 is the number 1


def test_a_code_stored_as_a_number_without_the_format_stays_as_stored():
    header = ["单位编码", "季度", "活动类型", "次数", "参与人数"]
    data = workbook(header, [[101, "2025Q3", "义诊", 1, 10]], {})
    frame = parse(data, "activities.xlsx", known_units={"101"})
    assert frame["unit_code"].to_list() == ["101"]


@pytest.mark.parametrize(
    ("stored", "width", "shown"),
    [(b"101", 4, "0101"), (b"101.0", 4, "0101"), (b"12345", 4, "12345"), (b"1.5", 4, None)],
)
def test_the_zero_padded_number_is_shown_as_excel_shows_it(stored, width, shown):
    assert shown_padded(stored, width) == shown
    assert shown_padded(b"-5", 4) is None


def test_codes_under_a_format_with_a_quoted_prefix_are_read_as_shown():
    """``"U"0000`` shows the number 1 as U0001: the code as the user sees and registered it."""
    header = ["单位编码", "季度", "活动类型", "次数", "参与人数"]
    rows = [[1, "2025Q3", "义诊", 1, 10], [12, "2025Q3", "义诊", 2, 20]]
    data = workbook(header, rows, {0: '"U"0000'})
    frame = parse(data, "a.xlsx", known_units={"U0001", "U0012"})
    assert frame["unit_code"].to_list() == ["U0001", "U0012"]
    assert shown_padded(b"7", 3, before="H", after="号") == "H007号"


INSPECTION_HEADER = [
    "单位编码",
    "检查日期",
    "检查类型",
    "检查项目",
    "得分",
    "满分",
    "问题描述",
    "整改期限",
]


@pytest.mark.parametrize("builtin", [31, 57, 58, 27])
def test_a_date_under_a_chinese_builtin_date_format_is_read_as_a_date(builtin):
    """Trial E: a district's inspection form from a Chinese Excel (or WPS) showed its dates as
    2025年7月15日 under Excel's built-in date format 31 (57: 2025年7月, 58: 7月15日), which a
    workbook names by number only; read as the stored serial 45853, each date was refused
    with the advice to format the column as dates in Excel, which it already was. The
    built-in CJK date formats (27–31, 36, 50–54, 57, 58) are dates: 45853 days after
    1899-12-30 is 2025-07-15, 45883 is 2025-08-14."""
    import datetime as dt

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    shown = book.add_format({"num_format": builtin})
    sheet.write_row(0, 0, INSPECTION_HEADER)
    sheet.write_row(1, 0, ["H001", None, "暗访", "服务态度", 8, 10, "态度生硬"])
    sheet.write_datetime(1, 1, dt.datetime(2025, 7, 15), shown)
    sheet.write_number(1, 7, 45883, shown)  # as Excel stores 2025-08-14
    book.close()
    frame = parse(buffer.getvalue(), "inspections.xlsx")
    assert frame.row(0, named=True)["inspection_date"] == dt.date(2025, 7, 15)
    assert frame.row(0, named=True)["rectify_by"] == dt.date(2025, 8, 14)


@pytest.mark.parametrize("month_format", [57, 'yyyy"年"m"月"'])
def test_a_month_typed_into_an_excel_quarter_column_is_refused_as_the_csv_text(month_format):
    """2025年11月 typed into a Chinese Excel is stored as the date 2025-11-01, shown under
    built-in format 57 (or a custom 年月 format) as the month it was typed as; read as a date,
    the quarter column took it for 2025Q4, where a CSV's 2025年11月 is refused as a month
    (monthly files would replace each other). The cell is read as shown and refused alike; a
    full date above it (format 31, 2025-10-01, in the same column) is refused as a day, as a
    CSV's 2025-10-01 is (tests/etl/test_read.py)."""
    import datetime as dt

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, SURVEY_HEADER[:5])
    sheet.write_row(1, 0, ["H001", None, "门诊", 100, 90])
    sheet.write_datetime(1, 1, dt.datetime(2025, 10, 1), book.add_format({"num_format": 31}))
    sheet.write_row(2, 0, ["T001", None, "门诊", 50, 45])
    shown = book.add_format({"num_format": month_format})
    sheet.write_datetime(2, 1, dt.datetime(2025, 11, 1), shown)
    book.close()
    day, month = problems_of(buffer.getvalue(), "surveys.xlsx")
    assert (month.row, month.column, month.value) == (3, "季度 (quarter)", "2025年11月")
    assert "where the quarter is asked (the month is in Q4)" in month.expected
    assert "2025Q4" in month.expected
    assert (day.row, day.column, day.value) == (2, "季度 (quarter)", "2025-10-01")
    assert "a date where the quarter is asked (the day is in Q4)" in day.expected


@pytest.mark.parametrize(
    ("code", "month_only"),
    [
        ('yyyy"年"m"月"', True),
        ('[$-804]yyyy"年"m"月"', True),
        ("yyyy-mm", True),
        ("mmm-yy", True),
        ('yyyy"年"m"月"d"日"', False),
        ("yyyy-mm-dd", False),
        ("yyyy-mm h:mm", False),
        ('0"月"', False),
    ],
)
def test_a_month_format_shows_a_year_and_month_and_nothing_finer(code, month_only):
    assert is_month_format(code) is month_only


def test_a_month_typed_into_an_xls_quarter_column_is_refused_as_in_an_xlsx():
    """The same month in an old binary .xls (surveys_months.xls: T001's 季度 is the date
    2025-11-01 under yyyy"年"m"月", as a Chinese Excel 97–2003 saves 2025年11月) was read as
    the date, and so as 2025Q4: it is refused as the month it shows, as in an .xlsx. H001's
    2025Q4, written as text, loads."""
    problems = {p.row: p for p in fixture_problems("surveys_months.xls")}
    assert 2 not in problems
    month = problems[3]
    assert (month.column, month.value) == ("季度 (quarter)", "2025年11月")
    assert "where the quarter is asked (the month is in Q4)" in month.expected
    assert "2025Q4" in month.expected


def test_an_xls_reads_a_padded_code_and_a_percentage_as_shown_as_an_xlsx_does():
    """surveys_shown.xls (Excel 97–2003): the code typed 0101 under the format 0000 is stored
    as 101, and read so it named no unit; the score 92.0% under 0.0% is stored as 0.92, and
    read so it was 0.92 points. Read as shown, as in an .xlsx: 0101, and 92 points."""
    frame = parse(fixture_bytes("surveys_shown.xls"), "surveys_shown.xls", known_units={"0101"})
    assert frame.select("unit_code", "respondents", "score").rows() == [("0101", 100, 92.0)]


def test_an_item_typed_with_decimals_is_read_as_shown_and_a_score_as_stored():
    """检查项目 typed 3.10 and 3.20 in Excel is stored as the numbers 3.1 and 3.2 under 0.00:
    read as stored, item 3.10 was 3.1 and collided with the item written as the text 3.1.
    A text column reads them as shown; the score 95.456 shown as 95.46 under 0.00 is a number
    column's value, and stays 95.456."""
    rows = [
        ["H001", "2025-12-01", "暗访", 3.1, 95.456, 100],
        ["H001", "2025-12-01", "暗访", 3.2, 9, 10],
        ["H001", "2025-12-01", "暗访", "3.1", 9, 10],
    ]
    frame = parse(workbook(INSPECTION_HEADER, rows, {3: "0.00", 4: "0.00"}), "inspections.xlsx")
    assert frame["item"].to_list() == ["3.10", "3.20", "3.1"]
    assert frame["score"].to_list() == [95.456, 9.0, 9.0]


def test_a_builtin_decimal_format_in_a_text_column_is_read_as_shown():
    """Excel's built-in #,##0.00 (number 4, which a workbook names by number only)."""
    rows = [["H001", "2025-12-01", "暗访", 1234.5, 9, 10]]
    data = workbook(INSPECTION_HEADER, rows, {3: "#,##0.00"})
    assert b'numFmtId="4"' in data_styles(data)
    assert parse(data, "inspections.xlsx")["item"].to_list() == ["1,234.50"]


def data_styles(data: bytes) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml")


@pytest.mark.parametrize(
    ("stored", "places", "grouped", "shown"),
    [
        (b"3.1", 2, False, "3.10"),
        (b"2.675", 2, False, "2.68"),  # a float would round it to 2.67; Excel shows 2.68
        (b"-0.5", 0, False, "-1"),
        (b"1234.5", 1, True, "1,234.5"),
        (b"x", 2, False, None),
    ],
)
def test_a_decimal_format_shows_a_number_rounded_half_away_from_zero(
    stored, places, grouped, shown
):
    assert shown_decimal(stored, places, grouped) == shown


def test_a_true_or_false_cell_is_quoted_as_excel_shows_it():
    """An Excel boolean (stored t="b", 1 or 0) was quoted as 'true', which no sheet shows:
    Excel and WPS show TRUE and FALSE. The table starts in column B, so the cell is placed
    by the sheet's offset."""
    rows = [["H001", "2025-12-01", "暗访", "服务态度", True, 10]]
    problems = problems_of(workbook(INSPECTION_HEADER, rows, {}, 2), "inspections.xlsx")
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "得分 (score)", "TRUE")]
    rows = [["H001", "2025-12-01", "暗访", False, 8, 10]]
    frame = parse(workbook(INSPECTION_HEADER, rows, {}, 2), "inspections.xlsx")
    assert frame["item"].to_list() == ["FALSE"]


def test_a_code_under_a_decimal_format_stays_the_code_stored():
    """Only the user's own words are read as shown: a unit code 101 stored as a number under
    0.00 (shown 101.00) is the registry's 101, as it loaded before; the item beside it under
    the same format reads 3.10."""
    rows = [[101, "2025-12-01", "暗访", 3.1, 9, 10]]
    data = workbook(INSPECTION_HEADER, rows, {0: "0.00", 3: "0.00"})
    frame = parse(data, "inspections.xlsx", known_units={"101"})
    assert frame.select("unit_code", "item").rows() == [("101", "3.10")]


def test_an_old_xls_shows_booleans_and_a_midnight_alone_as_the_sheet_does():
    """An .xls (BIFF) file's TRUE/FALSE cells were quoted 'true'/'false' (the .xlsx path
    already kept them as shown), and 0:00 typed alone in a date column read '1899-12-31'
    (Excel's day 0 at midnight, cut to its day) where 10:30 was named as a time."""
    data = fixture_bytes("inspections_times.xls")
    problems = problems_of(data, "inspections_times.xls")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "检查日期 (inspection_date)", "00:00"),
        (2, "得分 (score)", "TRUE"),
        (3, "检查日期 (inspection_date)", "10:30"),
    ]
    assert "time of day, not a date" in problems[0].expected


def test_a_midnight_alone_in_an_xlsx_is_a_time_too():
    book = openpyxl.Workbook()
    book.active.append(INSPECTION_HEADER)
    book.active.append(["H001", dt.time(0, 0), "暗访", "服务态度", 8, 10])
    book.active["B2"].number_format = "h:mm"
    buffer = io.BytesIO()
    book.save(buffer)
    [problem] = problems_of(buffer.getvalue(), "inspections.xlsx")
    assert (problem.row, problem.column, problem.value) == (
        2,
        "检查日期 (inspection_date)",
        "00:00",
    )


def test_a_count_whose_format_hides_its_decimals_is_refused_saying_what_the_sheet_shows():
    """Trial: a sample size held as 527.033 (a formula's result, a paste) under the format 0
    shows 527, and was refused quoting 527.033, a number the user could not find on the
    sheet. The refusal now gives the number held and the number shown, and says to type the
    whole number; neither is loaded. A count the format shows with its decimals (12.5 under
    0.0), or one without a format, is refused as ever."""
    rows = [
        ["H001", "2025Q3", "门诊", 527.033, 400.5, None],
        ["H002", "2025Q3", "门诊", 12.5, 10.5, None],
        ["C001", "2025Q3", "门诊", 100, 90, None],
    ]
    data = workbook(SURVEY_HEADER, rows, {3: "0", 4: "#,##0"})
    book = openpyxl.load_workbook(io.BytesIO(data))
    book.active["D3"].number_format = "0.0"
    book.active["E3"].number_format = "General"
    buffer = io.BytesIO()
    book.save(buffer)
    problems = problems_of(buffer.getvalue(), "surveys.xlsx")
    said = [(p.row, p.column, p.value, p.value_zh) for p in problems]
    assert said == [
        (2, "样本量 (respondents)", "527.033 (the sheet shows 527)", "527.033（表格显示为 527）"),
        (2, "满意人数 (satisfied)", "400.5 (the sheet shows 401)", "400.5（表格显示为 401）"),
        (3, "样本量 (respondents)", "12.5", None),
        (3, "满意人数 (satisfied)", "10.5", None),
    ]
    hidden = "the number held is read, not the one shown, so type the whole number in the cell"
    assert problems[0].expected.endswith(hidden)
    assert "Excel 的显示隐藏了小数" in problems[1].expected_zh
    assert all(
        p.expected in ("expected a whole number > 0", "expected a whole number ≥ 0")
        for p in problems[2:]
    )
