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
