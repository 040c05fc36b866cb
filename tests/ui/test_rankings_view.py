"""ui.rankings_view without Streamlit: what a ranking is by, which rows are shown in which
order, and which columns the league table has."""

import polars as pl

from ui import rankings_view as view
from ui.context import Context

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


class Captions:
    """Streamlit as say_target uses it: the captions written."""

    def __init__(self):
        self.said: list[str] = []

    def caption(self, text: str) -> None:
        self.said.append(text)


def test_a_retired_indicators_targets_are_not_said_to_hold(monkeypatch):
    """Ranked by an indicator retired in the quarter (query targets' assessed false), the
    caption said its units were held to different targets by peer group, though none is held
    to any: it says the indicator is retired."""
    targets = pl.DataFrame(
        {
            "indicator_code": ["waiting_minutes", "waiting_minutes", "satisfaction"],
            "peer_group": ["全部", "三级医院", "全部"],
            "from_quarter": ["2025Q1", "2025Q1", "2025Q1"],
            "target": [30.0, 20.0, 0.9],
            "assessed": [False, False, True],
        }
    )
    no_common = pl.DataFrame(schema={"target": pl.Float64, "target_from": pl.String})
    frames = {"targets": targets, "common_target": no_common}
    monkeypatch.setattr(view, "query", lambda name, **params: frames[name])
    shown = Captions()
    monkeypatch.setattr(view, "st", shown)
    by = view.RankedBy(INDICATORS, "zh")
    for lang, said in (
        ("zh", "该指标本季度已停用（权重为 0），不再考核：无单位据此达标或未达标，不显示目标值"),
        (
            "en",
            "This indicator is retired in this quarter (weight 0), no longer assessed: no "
            "unit meets or misses a target on it, so none is shown",
        ),
    ):
        shown.said.clear()
        view.say_target(
            Context("rankings", lang, None, None, "2025Q3", "全部"), by, "waiting_minutes"
        )
        assert shown.said == [said]
    # an assessed indicator's targets by peer group still read as varying (satisfaction: one
    # row, 全部, yet no common target, as when a group's row is missing)
    shown.said.clear()
    view.say_target(Context("rankings", "en", None, None, "2025Q3", "全部"), by, "satisfaction")
    assert shown.said == [
        "The units shown are held to different targets (by peer group): each unit's profile "
        "gives its own"
    ]
