"""The indicator-system editors show each choice in the page's language, and save its code."""

from ui.context import Context
from ui.indicator_system_view import indicator_columns, target_columns


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
