"""The indicator-system editors show each choice in the page's language, and save its code."""

from datetime import datetime

import polars as pl

from ui.context import Context
from ui.indicator_system_view import (
    changes_rows,
    indicator_columns,
    target_columns,
    targets_held,
)


def choices(column: dict) -> dict[str, str]:
    """The choices a selectbox column offers: stored code -> what the reader sees."""
    return {o["value"]: o["label"] for o in column["type_config"]["options"]}


def test_indicator_choices_are_words_not_codes_in_chinese_and_english():
    zh = indicator_columns(Context("indicator_system", "zh", None, None, None, None))
    assert choices(zh["domain"]) == {
        "inspection": "检查",
        "survey": "满意度调查",
        "activity": "公益活动",
    }
    assert choices(zh["direction"]) == {"higher": "越高越好", "lower": "越低越好"}
    assert choices(zh["unit"]) == {"rate": "比率（0–1）", "count": "个数", "number": "数值"}
    en = indicator_columns(Context("indicator_system", "en", None, None, None, None))
    assert choices(en["direction"]) == {"higher": "Higher is better", "lower": "Lower is better"}
    assert choices(en["unit"])["rate"] == "Rate (0–1)"


def test_target_peer_groups_read_in_english_on_an_english_page():
    en = target_columns(Context("indicator_system", "en", None, None, None, None))
    labels = choices(en["peer_group"])
    assert labels["全部"] == "All peer groups"
    assert labels["三级医院"] == "Tertiary hospital"
    zh = target_columns(Context("indicator_system", "zh", None, None, None, None))
    assert choices(zh["peer_group"])["三级医院"] == "三级医院"


def test_a_change_of_weight_reads_as_every_groups_and_shows_no_none():
    """The leaders' expander showed None in 说明 on every row and in 单位类别 on weights."""
    changes = pl.DataFrame(
        {
            "change": ["weight", "target", "indicator_added"],
            "indicator_code": ["public_satisfaction", "outpatient_satisfaction", "new_one"],
            "name_zh": ["公众满意度", "门诊患者满意度", "新指标"],
            "name_en": ["Public satisfaction", "Outpatient satisfaction", "New one"],
            "peer_group": [None, "三级医院", None],
            "before": [0.05, 0.92, None],
            "after": [0.15, 0.95, 0.1],
            "detail": [None, None, None],
            "from_quarter": ["2026Q3"] * 3,
            "load_id": [7, 7, 7],
            "loaded_by": ["admin", "cli", "admin"],
            "loaded_at": [datetime(2026, 10, 1, 9, 0, 12, 345678)] * 3,
        },
        schema_overrides={"peer_group": pl.String, "detail": pl.String},
    )
    rows = changes_rows(Context("rankings", "zh", None, None, "2026Q3", None), changes)
    # who: a load from the command line without --by in words; when: to the minute
    assert rows["修改人"].to_list() == ["admin", "命令行", "admin"]
    assert rows["修改时间"].to_list() == ["2026-10-01 09:00"] * 3
    assert rows["单位类别"].to_list() == ["全部类别", "三级医院", "全部类别"]
    assert rows["说明"].to_list() == ["", "", ""]
    assert rows["之前"].to_list() == ["0.05", "0.92", "—"]
    assert rows["之后"].to_list() == ["0.15", "0.95", "0.1"]
    assert rows["指标"].to_list()[0] == "public_satisfaction 公众满意度"


def test_a_weight_set_to_0_and_a_whole_target_read_as_written_not_as_floats():
    """Retiring an indicator (its weight set to 0, as the page asks) read 0.05 → 0.0 among the
    changes, and a count target of 8 read 8.0, where the editors and the files write 0 and 8."""
    changes = pl.DataFrame(
        {
            "change": ["weight", "target"],
            "indicator_code": ["public_benefit_sessions"] * 2,
            "name_zh": ["公益活动次数"] * 2,
            "name_en": ["Public-benefit sessions"] * 2,
            "peer_group": [None, "全部"],
            "before": [0.05, 6.0],
            "after": [0.0, 8.0],
            "detail": [None, None],
            "from_quarter": ["2026Q3"] * 2,
            "load_id": [7, 7],
            "loaded_by": ["admin"] * 2,
            "loaded_at": [datetime(2026, 10, 1, 9, 0)] * 2,
        },
        schema_overrides={"peer_group": pl.String, "detail": pl.String},
    )
    rows = changes_rows(Context("rankings", "zh", None, None, "2026Q3", None), changes)
    assert rows["之前"].to_list() == ["0.05", "6"]
    assert rows["之后"].to_list() == ["0", "8"]


def test_a_definition_change_names_each_field_in_the_pages_language():
    """说明 read "name_e…": the raw field name, cut off by the column."""
    fields = [
        {"field": "name_en", "before": "Public satisfaction", "after": "Public opinion"},
        {"field": "direction", "before": "higher", "after": "lower"},
        {"field": "unit", "before": "rate", "after": "number"},
    ]
    changes = pl.DataFrame(
        {
            "change": ["definition", "weight"],
            "indicator_code": ["public_satisfaction"] * 2,
            "name_zh": ["公众满意度"] * 2,
            "name_en": ["Public opinion"] * 2,
            "peer_group": ["全部"] * 2,
            "before": [None, 0.05],
            "after": [None, 0.15],
            "detail": [fields, None],
            "from_quarter": ["2026Q3"] * 2,
            "load_id": [7, 7],
            "loaded_by": ["admin"] * 2,
            "loaded_at": [datetime(2026, 10, 1, 9, 0)] * 2,
        }
    )
    zh = changes_rows(Context("indicator_system", "zh", None, None, None, None), changes)
    assert zh["说明"].to_list() == [
        "英文名称：Public satisfaction → Public opinion；方向：越高越好 → 越低越好；"
        "计量单位：比率（0–1） → 数值",
        "",
    ]
    en = changes_rows(Context("indicator_system", "en", None, None, None, None), changes)
    assert en["Detail"].to_list()[0] == (
        "English name: Public satisfaction → Public opinion; "
        "Direction: Higher is better → Lower is better; Unit: Rate (0–1) → Number"
    )


def test_a_targets_indicator_is_chosen_by_its_name_and_saved_as_its_code():
    """The targets editor showed bare codes (public_benefit_sessions); it offers the indicators
    as edited above by name, a new one included, and a target's old code kept as it is."""
    edited = pl.DataFrame(
        {
            "indicator_code": ["public_satisfaction", "new_one"],
            "name_zh": ["公众满意度", None],
            "name_en": ["Public satisfaction", None],
        }
    )
    targets = pl.DataFrame({"indicator_code": ["public_satisfaction", "retired_one"]})
    zh = Context("indicator_system", "zh", None, None, None, None)
    from ui.indicator_system_view import indicator_names

    column = target_columns(zh, indicator_names(zh, edited, targets))["indicator_code"]
    assert choices(column) == {
        "public_satisfaction": "公众满意度（public_satisfaction）",
        "new_one": "new_one",  # not named yet
        "retired_one": "retired_one",
    }
    en = Context("indicator_system", "en", None, None, None, None)
    column = target_columns(en, indicator_names(en, edited, targets))["indicator_code"]
    assert choices(column)["public_satisfaction"] == "Public satisfaction (public_satisfaction)"


def test_a_retired_indicators_target_is_marked_retired_on_the_method_page():
    """A target whose indicator has weight 0 (query targets' ``assessed`` false) read as one in
    force; it is marked 已停用 in the table's 说明 column, the others left blank."""
    indicators = pl.DataFrame(
        {
            "indicator_code": ["inspection_score_rate", "overdue_open_findings"],
            "name_zh": ["检查得分率", "逾期未整改问题数"],
            "name_en": ["Inspection score rate", "Overdue open findings"],
            "unit": ["rate", "count"],
        }
    )
    targets = pl.DataFrame(
        {
            "indicator_code": ["inspection_score_rate", "overdue_open_findings"],
            "peer_group": ["全部", "全部"],
            "from_quarter": ["2025Q1", "2025Q1"],
            "target": [0.92, 1.0],
            "assessed": [True, False],
        }
    )
    zh = targets_held(Context("method", "zh", None, None, "2025Q3", None), indicators, targets)
    assert zh["说明"].to_list() == [None, "已停用：不再考核，无单位据此达标或未达标"]
    assert zh["目标值"].to_list() == ["92.0%", "1"]
    en = targets_held(Context("method", "en", None, None, "2025Q3", None), indicators, targets)
    assert en["Note"].to_list() == [
        None,
        "Retired: no longer assessed, so no unit meets or misses it",
    ]
    # every target assessed: no note column
    kept = targets_held(
        Context("method", "zh", None, None, "2025Q3", None),
        indicators,
        targets.with_columns(pl.lit(True).alias("assessed")),
    )
    assert "说明" not in kept.columns
