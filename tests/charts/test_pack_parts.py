"""Small parts of the pack that need no database: wording of changes, leaders, slide-sized
charts, quarter labels."""

import altair as alt
import polars as pl
import pytest

from charts.labels import fmt_rank_range, fmt_value, quarter_label, ranked_set_words
from charts.pack.maker import without_title
from charts.pack.slides import movers_title, rank_chart, targets_held, unranked_words
from charts.pack.tables import (
    change_of,
    change_words,
    fmt_rank_change,
    index_change_of,
    joined,
    leader_words,
)


@pytest.mark.parametrize(
    ("delta", "points", "lang", "words"),
    [
        (-0.04, False, "zh", "与上季度持平"),  # shown as 0.0
        (0.06, False, "zh", "较上季度上升 0.1"),
        (-1.25, False, "en", "down 1.3 on last quarter"),  # exactly 1.25: 四舍五入, half up
        (-0.0123, True, "zh", "较上季度下降 1.2 个百分点"),
        (0.0004, True, "zh", "与上季度持平"),  # 0.04 points
        (None, False, "zh", "上季度无可比数据"),
    ],
)
def test_change_words(delta, points, lang, words):
    assert change_words(delta, lang, points) == words


def test_a_captions_parts_are_sentences_in_english_and_clauses_in_chinese():
    # the movers slide read "…not the ranks within each peer group of the ranking
    # slides　79 units ranked this quarter…", and in Chinese "…类别内名次　本季度参加排名 79
    # 家…" (a new user's trial): two sentences run together
    assert joined("名次为总排名", "", "本季度参加排名 79 家。", lang="zh") == (
        "名次为总排名；本季度参加排名 79 家。"
    )
    assert joined("仅列前 20 家。", "另见排名页", lang="zh") == "仅列前 20 家。另见排名页"
    assert joined("", "2026年第3季度", lang="zh") == "2026年第3季度"
    assert joined("Ranks are within X", "", "79 units ranked.", "Why?", lang="en") == (
        "Ranks are within X. 79 units ranked. Why?"
    )
    assert joined("", "2026 Q3", lang="en") == "2026 Q3"  # one part: as it is


def test_a_figure_this_quarter_lacks_says_so_whatever_the_last_quarter_had():
    assert change_of(None, None, "zh") == "本季度尚无数据"  # not "上季度无可比数据"
    assert change_of(None, None, "en") == "none yet this quarter"
    assert change_of(85.2, None, "zh") == "上季度无可比数据"  # this quarter's, none before
    assert change_of(0.5, 0.012, "zh", points=True) == "较上季度上升 1.2 个百分点"


def ranking(ranks: list[int | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit_code": [f"U{i}" for i in range(len(ranks))],
            "unit_name": [f"单位{i}" for i in range(len(ranks))],
            "rank": ranks,
        },
        schema_overrides={"rank": pl.Int64},
    )


def test_leader_words_name_one_leader_or_count_a_tie():
    assert leader_words(ranking([1, 2, 3]), "zh") == "单位0居首"
    assert leader_words(ranking([1, 1, 3]), "zh") == "2 家单位并列第一"
    assert leader_words(ranking([1, 1, 3]), "en") == "2 units share first place"
    # a scope without the group's leader: its best unit, with its rank in the group
    assert leader_words(ranking([2, 5]), "zh") == "其中单位0最高（第 2 名）"
    assert leader_words(ranking([5, 3, 3]), "en") == "best here: 2 units sharing rank 3"
    assert leader_words(ranking([]), "zh") == "—"
    # a leader whose name another unit has (listed or not) is told apart by its district
    twins = ranking([1, 2]).with_columns(
        unit_name=pl.lit("中心卫生院"), district=pl.Series(["盐锅峡镇", "西河镇"])
    )
    assert leader_words(twins.head(1), "zh", among=twins) == "中心卫生院（盐锅峡镇）居首"


def test_a_districts_list_names_its_best_unit_with_its_rank_even_when_first():
    """Trial (session 57): a district pack's title said "中医医院居首" of a unit sharing first
    place with another district's, whom the district's list leaves out."""
    assert leader_words(ranking([1, 2]), "zh", part=True) == "其中单位0最高（第 1 名）"
    assert leader_words(ranking([1, 1, 3]), "zh", part=True) == "其中 2 家单位并列最高（第 1 名）"
    assert leader_words(ranking([1, 2]), "zh") == "单位0居首"  # the whole group's list


def test_the_only_unit_ranked_in_its_group_leads_nobody():
    """Trial (session 58): "二级医院排名（1 家）：测试二级医院1居首" of a group of one."""
    assert leader_words(ranking([1]), "zh") == "仅单位0参加排名，无从比较"
    assert leader_words(ranking([1]), "en") == "单位0 is the only unit ranked"
    assert leader_words(ranking([1]), "zh", part=True) == "单位0列第 1 名"
    # a township's one unit of a group of 20 was "其中…最高（第 11 名）", the best of one
    assert leader_words(ranking([11]), "zh", part=True) == "单位0列第 11 名"
    assert leader_words(ranking([11]), "en") == "单位0, rank 11"


def test_a_unit_ranked_nowhere_last_quarter_is_new_only_without_an_index_then():
    """Trial (session 57): a unit of the registry whose index last quarter covered too little
    of the weight to rank was marked 新, as a unit that joined this quarter."""
    assert fmt_rank_change(None, None, "zh") == "新"
    assert fmt_rank_change(None, None, "zh", previous_value=91.13) == "上季度未排名"
    assert fmt_rank_change(None, None, "en", previous_value=91.13) == "unranked before"


def test_a_unit_regrouped_since_last_quarter_is_said_to_come_from_its_group_not_to_be_new():
    """Trial (session 58): a township centre upgraded to 二级医院 was marked 新 on the
    二级医院 slide, as a unit that opened that quarter."""
    said = fmt_rank_change(None, None, "zh", previous_value=84.2, previous_group="乡镇卫生院")
    assert said == "自乡镇卫生院转入"
    assert (
        fmt_rank_change(None, None, "en", previous_group="乡镇卫生院")
        == "from Township health centre"
    )
    assert fmt_rank_change(2, 5, "zh", previous_group="乡镇卫生院") == "▲2"
    assert fmt_rank_change(None, 3, "zh", previous_value=91.13) == "—"  # held back, running
    assert fmt_rank_change(2, 3, "zh", previous_value=91.13) == "▲2"


def test_units_short_of_data_are_named_under_the_groups_ranking():
    """Trial (session 57): a unit too short of data to rank was in no list of the pack."""
    statuses = ["ranked", "ranked", *["insufficient_data"] * 7]
    frame = ranking([1, 2, *[None] * 7]).with_columns(status=pl.Series(statuses))
    assert unranked_words(frame.head(3), "zh", frame) == "另有 1 家单位数据不足、未参加排名：单位2"
    assert unranked_words(frame, "zh", frame) == (
        "另有 7 家单位数据不足、未参加排名，如单位2、单位3、单位4、单位5、单位6"
    )
    assert unranked_words(frame.head(2), "zh", frame) == ""


def test_the_movers_title_tells_a_unit_from_another_of_its_name():
    """Trial J: the movers slide's title named a unit whose name another unit has (two
    townships' 中心卫生院) by its name alone."""
    movers = pl.DataFrame(
        {
            "unit_code": ["YJ101", "YJ001"],
            "unit_name": ["中心卫生院", "永靖县人民医院"],
            "movement": ["improved", "declined"],
            "value_change": [5.5, -3.25],
        }
    )
    among = pl.DataFrame(
        {
            "unit_code": ["YJ101", "YJ102", "YJ001"],
            "unit_name": ["中心卫生院", "中心卫生院", "永靖县人民医院"],
            "district": ["盐锅峡镇", "西河镇", "刘家峡镇"],
        }
    )
    title = movers_title(movers.join(among, on=["unit_code", "unit_name"]), among, "zh")
    assert (
        title
        == "进步最大：中心卫生院（盐锅峡镇）（指数 +5.5）；退步最大：永靖县人民医院（指数 −3.3）"
    )  # −3.25 is −3.3: 四舍五入 rounds a 5 away from zero
    # with no unit that fell, nobody is named
    assert "中心卫生院" not in movers_title(movers.head(1), among, "zh")


def test_a_movers_title_too_long_for_its_box_names_both_units_shortened():
    """A trial: two names of 44 characters ran the movers title onto a third line, over the
    note under it; both are cut to 18 characters with '…', as the charts cut them."""
    up, down = "甲" * 40 + "综合门诊", "乙" * 40 + "康复中心"
    movers = pl.DataFrame(
        {
            "unit_code": ["A1", "B1"],
            "unit_name": [up, down],
            "movement": ["improved", "declined"],
            "value_change": [44.4, -55.6],
        }
    )
    title = movers_title(movers, movers.select("unit_code", "unit_name"), "zh")
    assert title == (f"进步最大：{'甲' * 18}…（指数 +44.4）；退步最大：{'乙' * 18}…（指数 −55.6）")
    # names that fit are said whole
    short = movers.with_columns(pl.Series("unit_name", ["甲医院", "乙医院"]))
    assert movers_title(short, short, "zh") == (
        "进步最大：甲医院（指数 +44.4）；退步最大：乙医院（指数 −55.6）"
    )


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
    assert fmt_value(1234.0, "count") == "1,234"
    # trial J: the median of two units' 1 and 2 sessions read as 2 on the attainment slide
    assert fmt_value(1.5, "count") == "1.5"
    assert fmt_value(85.25, "number") == "85.3"  # 四舍五入: a 5 rounds up (charts/labels.half_up)
    assert fmt_rank_range(3, 3) == "3" and fmt_rank_range(2, 5) == "2–5"


def chart_rows(chart) -> list[dict]:
    """The rows of the rank chart's first layer (the rank-range rules: one per unit drawn)."""
    spec = chart.to_dict()
    data = spec["layer"][0].get("data") or spec["data"]  # one data set moves to the top
    return spec["datasets"][data["name"]]


def ranked_units(ranks: list[int | None]) -> pl.DataFrame:
    return ranking(ranks).with_columns(
        pl.col("rank").alias("rank_low"), (pl.col("rank") + 3).alias("rank_high")
    )


def test_rank_chart_of_a_large_group_shows_top_and_bottom_twenty_and_says_of_how_many():
    # 57 ranked units given best first (U0 rank 1 … U56 rank 57) and two unranked:
    # the chart draws 2 × 20 = 40 units, ranks 1–20 (U0–U19) and 38–57 (U37–U56)
    chart, subtitle = rank_chart(ranked_units(list(range(1, 58)) + [None, None]), "zh")
    drawn = [r["unit_code"] for r in chart_rows(chart)]
    assert len(drawn) == 40
    assert drawn == [f"U{i}" for i in range(20)] + [f"U{i}" for i in range(37, 57)]
    assert "前 20 名与后 20 名" in subtitle and "共 57 家" in subtitle and "“排名”页面" in subtitle
    _, english = rank_chart(ranked_units(list(range(1, 58))), "en")
    assert english.startswith("Top and bottom 20 of 57 units (full ranking: Rankings page")


def test_rank_chart_of_forty_units_shows_them_all_with_the_usual_subtitle():
    chart, subtitle = rank_chart(ranked_units(list(range(1, 41))), "zh")
    assert len(chart_rows(chart)) == 40
    assert (
        subtitle
        == "名次区间为模拟得出的合理名次范围（95%）；区间重叠的单位名次差异可能源于抽样误差"
    )


def test_ranked_set_words_say_when_the_quarters_ranked_different_numbers_of_units():
    same = pl.DataFrame({"units_ranked": [9, 9], "since_units_ranked": [9, 9]})
    assert ranked_set_words(same, "zh") == ""
    fewer = pl.DataFrame({"units_ranked": [9, 9], "since_units_ranked": [12, 12]})
    assert ranked_set_words(fewer, "zh") == (
        "本季度参加排名 9 家，上季度 12 家：名次变化有一部分来自参加排名单位的增减。"
    )
    assert ranked_set_words(fewer, "en").startswith("9 units ranked this quarter, 12 in the")
    assert ranked_set_words(fewer.head(0), "en") == ""


def test_the_targets_an_indicator_holds_units_to_list_their_groups_in_the_registry_s_order():
    by_target = pl.DataFrame(
        {
            "indicator_code": ["x", "x", "x", "y"],
            "target": [0.8, 0.9, 0.7, 0.5],
            # as the query gives them, by name: 乡 sorts before 二; 民营医院 is no group of ours
            "peer_groups": [["乡镇卫生院", "二级医院"], ["三级医院"], ["民营医院"], ["三级医院"]],
        }
    )
    held = [(r["target"], r["peer_groups"]) for r in targets_held(by_target, "x")]
    assert held == [(0.9, ["三级医院"]), (0.8, ["二级医院", "乡镇卫生院"]), (0.7, ["民营医院"])]


def test_a_completeness_section_with_nothing_to_list_is_one_slide_saying_so():
    """Nothing missing and no late file: one slide says both in a line, where two slides
    stood all but empty (所有单位均已报送… alone, then 迟报文件 with 所有文件均在截止日… alone)."""
    from types import SimpleNamespace

    from charts.deck import Table
    from charts.pack.maker import SlideMaker
    from charts.pack.slides import fold_all_clear

    data = SimpleNamespace(
        lang="zh",
        coverage=SimpleNamespace(place=lambda lang: ""),
        loaded_up_to="2026-10-20",
        quarter="2026Q3",
    )
    maker = SlideMaker(data)
    title = "数据完整性：0 家单位有缺报，0 个文件迟报"
    fold_all_clear(maker, title, (Table(["单位"], []), 0), (Table(["文件"], []), 0), 15)
    [slide] = maker.slides
    assert (slide.title, slide.table) == (title, None)
    assert slide.subtitle == (
        "所有单位均已报送检查结果、满意度调查和活动统计。"
        "所有文件均在截止日（季度结束后 15 天）前送达。"
    )


def test_a_groups_index_change_says_when_the_units_ranked_are_not_the_same():
    """Trial (session 58): 三级医院 "上升 0.6", where the four hospitals ranked in both quarters
    fell by 0.06 and a fifth, regrouped into them, brought the rise."""
    head = {
        "bureau_index": 77.15,
        "index_change": 0.6,
        "previous_bureau_index": 76.55,
        "units_ranked": 5,
        "previous_units_ranked": 4,
        "units_ranked_both": 4,
    }
    assert (
        index_change_of(head, "zh")
        == "较上季度上升 0.6（参评单位有增减：上季度 4 家，两季度均参评 4 家）"
    )
    # one in and one out: as many units, not the same
    swapped = head | {"units_ranked": 4, "units_ranked_both": 3}
    assert index_change_of(swapped, "en").endswith(
        " (not the same units: 4 ranked before, 3 in both)"
    )
    same = head | {"units_ranked": 4, "units_ranked_both": 4}
    assert index_change_of(same, "zh") == "较上季度上升 0.6"
    # no change given (a quarter under way): nothing to say of it
    assert (
        index_change_of(head | {"index_change": None}, "zh") == "本季度尚未结束，暂不与上季度比较"
    )
