"""ui.profile_view without Streamlit: each trend chart's title and field, charts two a row,
and the headline's rank words."""

from i18n import voice
from ui import profile_view
from ui.context import Context

INDICATORS = {
    "complaints_per_1000": {
        "name_zh": "投诉率",
        "name_en": "Complaints",
        "direction": "lower",
        "unit": "rate",
    },
    "sessions": {"name_zh": "场次", "name_en": "Sessions", "direction": "higher", "unit": "count"},
}
CTX = Context("unit_profile", "en", None, None, "2026Q2", "全部")


def test_the_index_chart_draws_the_score():
    assert profile_view.trend_spec("index", INDICATORS, "en") == ("Civility index", False, "score")


def test_an_indicator_chart_draws_the_value_and_says_when_lower_is_better():
    spec = profile_view.trend_spec("complaints_per_1000", INDICATORS, "en")
    assert spec == ("Complaints (lower is better)", True, "value")
    assert (
        profile_view.trend_spec("complaints_per_1000", INDICATORS, "zh")[0] == "投诉率（越低越好）"
    )
    assert profile_view.trend_spec("sessions", INDICATORS, "en") == ("Sessions", False, "value")


def test_charts_go_two_a_row_with_an_odd_one_alone():
    assert profile_view.in_pairs(["a", "b", "c"]) == [("a", "b"), ("c", None)]
    assert profile_view.in_pairs(["a", "b"]) == [("a", "b")]
    assert profile_view.in_pairs([]) == []


def test_rank_words_of_the_headline():
    # a missing rank shows the one dash for a missing value, an em dash (charts/labels.py)
    row = {"rank": 3, "units_ranked": 24, "rank_change": 2, "overall_rank": None}
    row |= {"overall_units_ranked": 80, "overall_rank_change": None}
    assert profile_view.rank_text(CTX, row, "rank") == "3"
    assert profile_view.rank_text(CTX, row, "overall_rank") == "—"
    assert profile_view.rank_delta(CTX, row, "rank_change") == "+2 places"
    assert profile_view.rank_delta(CTX, row, "overall_rank_change") is None
    assert profile_view.rank_text(CTX, None, "rank") == "—"


def test_a_rank_cards_label_says_out_of_how_many_so_its_value_fits():
    # A province: rank 2977 of 2991 overall showed as "第 2977 / …" in its card, the number
    # ranked cut off. The label carries it, the value is the rank alone.
    row = {"overall_rank": 2977, "overall_units_ranked": 2991}
    zh = Context("unit_profile", "zh", None, None, "2026Q3", "全部")
    label = profile_view.rank_label(zh, row, "pages.profile.rank_overall", "overall_units_ranked")
    assert label == "全市名次（共 2,991 家）"  # a city's words: no bureau said
    with voice.speaking_for(voice.Bureau("省")):  # the deck's word for the same rank
        label = profile_view.rank_label(
            zh, row, "pages.profile.rank_overall", "overall_units_ranked"
        )
    assert label == "全省名次（共 2,991 家）"
    assert profile_view.rank_text(zh, row, "overall_rank") == "第 2,977 名"
    en = profile_view.rank_label(CTX, row, "pages.profile.rank_overall", "overall_units_ranked")
    assert en == "Overall rank (of 2,991)"
    assert profile_view.rank_label(zh, None, "pages.profile.rank_in_group", "units_ranked") == (
        "同类内名次"
    )
