"""Display widths: a wide character takes two columns of a terminal or a spreadsheet."""

from etl.widths import display_width, padded


def test_display_width_counts_chinese_double():
    assert display_width("三级医院") == 8
    assert display_width("ABC") == 3
    assert display_width("ＡＢ") == 4  # full-width Latin letters


def test_padded_fills_up_to_the_columns_and_never_cuts():
    assert padded("城关区", 10) == "城关区    "  # 6 columns + 4 spaces
    assert padded("abc", 5) == "abc  "
    assert padded("七里河区永登县", 6) == "七里河区永登县"  # wider already: as it is
