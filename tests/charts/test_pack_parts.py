"""Small parts of the pack that need no database: wording of changes, ends of a ranking,
slide-sized charts, quarter labels."""

import altair as alt
import polars as pl
import pytest

from charts.pack import (
    change_words,
    fmt_rank_range,
    fmt_value,
    leader_words,
    quarter_label,
    ranking_ends,
    without_title,
)


@pytest.mark.parametrize(
    ("delta", "points", "lang", "words"),
    [
        (-0.04, False, "zh", "与上季度持平"),  # shown as 0.0
        (0.06, False, "zh", "较上季度上升 0.1"),
        (-1.25, False, "en", "down 1.2 on last quarter"),  # exactly 1.25: rounds half to even
        (-0.0123, True, "zh", "较上季度下降 1.2 个百分点"),
        (0.0004, True, "zh", "与上季度持平"),  # 0.04 points
        (None, False, "zh", "上季度无可比数据"),
    ],
)
def test_change_words(delta, points, lang, words):
    assert change_words(delta, lang, points) == words


def ranking(ranks: list[int | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit_code": [f"U{i}" for i in range(len(ranks))],
            "unit_name": [f"单位{i}" for i in range(len(ranks))],
            "rank": ranks,
        },
        schema_overrides={"rank": pl.Int64},
    )


def test_ranking_ends_include_ties_at_the_edge():
    # ranks 1 1 1 4 5 6 6 and one unranked; n = 2:
    # top edge = 2nd best rank = 1 -> U0 U1 U2; bottom edge = 2nd worst rank = 6 -> U5 U6
    ends = ranking_ends(ranking([1, 1, 1, 4, 5, 6, 6, None]), 2)
    top = ends.filter(pl.col("end") == "top")["unit_code"].to_list()
    bottom = ends.filter(pl.col("end") == "bottom")["unit_code"].to_list()
    assert top == ["U0", "U1", "U2"]
    assert bottom == ["U5", "U6"]


def test_leader_words_name_one_leader_or_count_a_tie():
    assert leader_words(ranking([1, 2, 3]), "zh") == "单位0居首"
    assert leader_words(ranking([1, 1, 3]), "zh") == "2 家单位并列第一"
    assert leader_words(ranking([1, 1, 3]), "en") == "2 units share first place"


def test_slide_chart_loses_its_title_and_flattens_row_facets():
    data = pl.DataFrame({"g": ["a", "b"], "v": [1.0, 2.0]})
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(x="v:Q")
        .properties(height=110, width=300)
        .facet(row="g:N")
        .properties(title="页面标题")
    )
    slide = without_title(chart)
    assert slide.title is alt.Undefined and slide.spec.height == 60
    assert chart.title == "页面标题" and chart.spec.height == 110  # the page's chart unchanged


def test_formats():
    assert quarter_label("2025Q3", "zh") == "2025年第3季度"
    assert quarter_label("2025Q3", "en") == "2025 Q3"
    assert fmt_value(0.9512, "rate") == "95.1%"
    assert fmt_value(3.0, "count") == "3"
    assert fmt_value(85.25, "number") == "85.2"  # 85.25 rounds half to even
    assert fmt_rank_range(3, 3) == "3" and fmt_rank_range(2, 5) == "2–5"
