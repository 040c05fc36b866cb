"""ui.rankings_view without Streamlit: what a ranking is by, which rows are shown in which
order, and which columns the league table has."""

import polars as pl

from ui import rankings_view as view

INDICATORS = {
    "waiting_minutes": {
        "name_zh": "候诊时间",
        "name_en": "Waiting time",
        "direction": "lower",
        "unit": "minutes",
        "is_proportion": False,
    },
    "satisfaction": {
        "name_zh": "满意度",
        "name_en": "Satisfaction",
        "direction": "higher",
        "unit": "rate",
        "is_proportion": True,
    },
}
RANKING = pl.DataFrame(
    {
        "unit_code": ["U3", "U1", "U4", "U2", "U5"],
        "district": ["东区", "西区", "东区", "西区", "南区"],
        "rank": [1, 2, 3, 4, None],
        "rank_change": [0, 2, None, -1, None],
        "value": [0.9, 0.8, 0.8, 0.5, None],
    }
)


def chosen(sort: str, district=()) -> dict:
    return {
        "indicator": "x",
        "normalisation": "attainment",
        "district": list(district),
        "sort": sort,
    }


def test_a_ranking_is_by_the_index_or_a_defined_indicator():
    english, chinese = view.RankedBy(INDICATORS, "en"), view.RankedBy(INDICATORS, "zh")
    assert english.codes == ("index", "waiting_minutes", "satisfaction")
    assert [english.name(c) for c in english.codes] == [
        "Civility index",
        "Waiting time",
        "Satisfaction",
    ]
    assert chinese.name("index") == "文明指数" and chinese.name("satisfaction") == "满意度"


def test_direction_rate_and_funnel_come_from_the_indicator():
    by = view.RankedBy(INDICATORS, "en")
    assert [by.is_lower_better(c) for c in by.codes] == [False, True, False]
    assert [by.is_rate(c) for c in by.codes] == [False, False, True]
    assert [by.has_funnel(c) for c in by.codes] == [False, False, True]


def test_rows_sort_by_rank_with_the_unranked_last():
    rows = view.shown_rows(RANKING, chosen("rank"), lower_better=False)
    assert rows["unit_code"].to_list() == ["U3", "U1", "U4", "U2", "U5"]


def test_rank_changes_sort_largest_first_then_by_code():
    rows = view.shown_rows(RANKING, chosen("rank_change"), lower_better=False)
    assert rows["unit_code"].to_list() == ["U1", "U3", "U2", "U4", "U5"]


def test_values_sort_best_first_in_the_indicators_direction():
    higher = view.shown_rows(RANKING, chosen("value"), lower_better=False)
    assert higher["unit_code"].to_list() == ["U3", "U1", "U4", "U2", "U5"]
    lower = view.shown_rows(RANKING, chosen("value"), lower_better=True)
    assert lower["unit_code"].to_list() == ["U2", "U1", "U4", "U3", "U5"]


def test_the_weight_covered_is_a_column_of_the_index_only():
    assert "weight_covered" in view.table_columns("index")
    by_indicator = view.table_columns("satisfaction")
    assert "weight_covered" not in by_indicator
    assert len(by_indicator) == len(view.TABLE_COLUMNS) - 1
