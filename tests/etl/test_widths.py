"""Display widths: a wide character takes two columns of a terminal or a spreadsheet."""

from etl.widths import display_width, is_short, padded, wrapped


def test_display_width_counts_chinese_double():
    assert display_width("三级医院") == 8
    assert display_width("ABC") == 3
    assert display_width("ＡＢ") == 4  # full-width Latin letters


def test_padded_fills_up_to_the_columns_and_never_cuts():
    assert padded("城关区", 10) == "城关区    "  # 6 columns + 4 spaces
    assert padded("abc", 5) == "abc  "
    assert padded("七里河区永登县", 6) == "七里河区永登县"  # wider already: as it is


def width_of(text: str) -> float:
    return float(len(text))  # every character one unit wide


def test_english_breaks_between_words_and_chinese_between_characters():
    # the English PDF's subtitle read "80 in t / he quarter": broken between any two characters
    assert wrapped("Ranks are among all 79 ranked units", 12, width_of) == [
        "Ranks are",  # "Ranks are among" is 15 wide
        "among all",
        "79 ranked",
        "units",
    ]
    # a Chinese name breaks anywhere; a word longer than a line starts one and is broken
    assert wrapped("兰州市第一医院 (index +15.9)\nabcdefghijklm", 6, width_of) == [
        "兰州市第一医",
        "院",
        "(index",
        "+15.9)",
        "abcdef",
        "ghijkl",
        "m",
    ]


def test_a_short_text_is_four_chinese_characters_or_eight_narrow_ones():
    assert is_short("七里河区") and is_short("名次区间") and is_short("1,058") and is_short("1–10")
    assert is_short("District")  # 8 letters
    assert not is_short("城关区酒泉路") and not is_short("2025.5.10") and not is_short("Peer group")
