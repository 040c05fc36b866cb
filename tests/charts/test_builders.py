"""Chart builders on small hand-made frames shaped like the named queries' outputs.

Each test reads the Vega-Lite spec the builder produces: the marks drawn, the fields encoded,
the translated titles, and the rows handed to the chart (sorted and labelled for the eye).
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest
import vl_convert
from chart_specs import marks
from chart_titles import title_text

from charts import builders as b
from charts.export import chart_svg, titled_chart_file

LANGS = ("zh", "en")
LONG_NAME = "一个名字特别特别特别长的社区卫生服务中心"  # 22 characters


# ---------------------------------------------------------------- spec helpers


def spec_of(chart) -> dict:
    return chart.to_dict()


def mark_type(view: dict) -> str:
    mark = view["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def title_of(spec: dict) -> str:
    return title_text(spec.get("title"))


def rows_of(spec: dict, view: dict | None = None) -> list[dict]:
    """The data rows of a view (or of the top level)."""
    data = (view or spec).get("data") or spec.get("data")
    return spec["datasets"][data["name"]]


def texts(spec: dict) -> str:
    """All the titles in a spec, as one string, to look for translated words."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "title" and isinstance(value, str):
                    found.append(value)
                elif key == "title" and isinstance(value, dict) and "text" in value:
                    found.append(title_text(value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in spec.items() if k != "datasets"})
    return " | ".join(found)


# ---------------------------------------------------------------- fixtures shaped like queries


def rankings_frame() -> pl.DataFrame:
    """Query ``rankings``: three ranked units (given out of order) and one insufficient."""
    return pl.DataFrame(
        {
            "unit_code": ["U2", "U1", "U3", "U4"],
            "unit_name": ["第二医院", "第一医院", LONG_NAME, "四院"],
            "district": ["城关区", "城关区", "西固区", "西固区"],
            "peer_group": ["三级医院", "三级医院", "社区卫生服务中心", "三级医院"],
            "quarter": ["2025Q3"] * 4,
            "value": [80.5, 90.25, 70.0, None],
            "rank": [2, 1, 3, None],
            "rank_low": [1, 1, 2, None],
            "rank_high": [3, 2, 3, None],
            "ci_low": [0.7, 0.85, 0.6, None],
            "ci_high": [0.9, 0.95, 0.8, None],
            "status": ["ranked", "ranked", "ranked", "insufficient_data"],
        }
    )


def axis_labels(chart) -> list[list[str]]:
    """The labels each axis of the chart draws, as Vega renders it (a spec's tick settings are
    not what a reader sees: Vega ignores tickMinStep)."""
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    axes = re.findall(r"role-axis-label.*?</g>", svg, flags=re.S)
    return [re.findall(r">([^<>]+)</text>", axis) for axis in axes]


def robustness_frame(**ranks: list) -> pl.DataFrame:
    """Rows of the robustness query for units U1, U2 …: each method's rank (``attainment``,
    ``minmax``, ``zscore``, ``equal_weights``), then ``best``, ``worst`` and ``shift``."""
    units = len(ranks["attainment"])
    columns = {f"rank_{m}": ranks[m] for m in ("attainment", "minmax", "zscore", "equal_weights")}
    return pl.DataFrame(
        {
            "unit_code": [f"U{i + 1}" for i in range(units)],
            "unit_name": ["一院", "二院", "三院"][:units],
            **columns,
            "rank_best": ranks["best"],
            "rank_worst": ranks["worst"],
            "largest_shift": ranks["shift"],
        }
    )


def index_ranking(values: list[float]) -> pl.DataFrame:
    """Query ``rankings`` by the index for units U01, U02 … best first (no value interval:
    the index has none)."""
    count = len(values)
    return pl.DataFrame(
        {
            "unit_code": [f"U{i + 1:02d}" for i in range(count)],
            "unit_name": [f"第{i + 1}医院" for i in range(count)],
            "peer_group": ["三级医院"] * count,
            "value": values,
            "rank": list(range(1, count + 1)),
            "rank_low": list(range(1, count + 1)),
            "rank_high": list(range(1, count + 1)),
            "ci_low": [None] * count,
            "ci_high": [None] * count,
        },
        schema_overrides={"ci_low": pl.Float64, "ci_high": pl.Float64},
    )


def league_axis(spec: dict) -> dict:
    """The value axis of the league chart: the points' x encoding."""
    [points] = [view for view in marks(spec) if mark_type(view) == "point"]
    return points["encoding"]["x"]


def test_a_provinces_top_fifty_are_told_apart_on_an_axis_fitted_to_them():
    """A trial at province scale: the top 50 indices, 100.00 down to 98.04, were bars on a
    0–100 axis, each the same length to the eye (2 points of 100: 14 of 720 px). They are
    dots on an axis from 98 to 100, so the 1.96 points between first and fiftieth take
    1.96 / 2 of the width, and the axis title says where it starts. By hand: the span 1.96
    over five ticks is 0.39 a tick, rounded up to the step 0.5; 98.04 rounds down to 98.0,
    100 stays 100."""
    values = [round(100 - 0.04 * i, 2) for i in range(50)]
    for lang, title in (
        ("zh", "文明指数（横轴自 98 起）"),
        ("en", "Civility index (axis from 98)"),
    ):
        spec = spec_of(b.render_league_chart(index_ranking(values), lang))
        x = league_axis(spec)
        assert x["scale"]["domain"] == [98.0, 100.0]
        assert x["scale"]["zero"] is False and x["scale"]["nice"] is False
        assert x["axis"]["title"] == title
        # no interval for the index: the dots alone, over each row's band for the hover
        assert [mark_type(view) for view in marks(spec)] == ["rect", "point"]
        assert {(r["row_from"], r["row_to"]) for r in rows_of(spec)} == {(98.0, 100.0)}


def test_the_league_charts_value_axis_is_drawn():
    """Trial B: the exported league chart of a province's 500 hospitals showed their dots with
    no value axis at all, so nobody could read an index off it: the spec gave the points an
    axis, but the layer under them (each row's hover band, first) had ``axis=None`` on the
    same scale, and Vega-Lite drew the merged axis as none. Rendered, the x axis is there with
    its title and the ticks 98, 98.5, … 100 (the domain 98–100 in steps of 0.5, worked out in
    the test above)."""
    values = [round(100 - 0.04 * i, 2) for i in range(50)]
    svg = chart_svg(b.render_league_chart(index_ranking(values), "zh")).decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "文明指数（横轴自 98 起）" in texts
    assert {"98", "98.5", "99", "99.5", "100"} <= set(texts)


def test_a_league_of_the_first_units_of_a_longer_ranking_says_so_in_its_title():
    """Trial B: the Rankings page draws the first 50 of a province's 500 hospitals and says so
    in a caption beside the chart; the exported PNG, titled 排名, read as the whole ranking."""
    first = index_ranking([round(100 - 0.5 * i, 2) for i in range(50)])
    zh = spec_of(b.render_league_chart(first, "zh", total=500))
    assert title_of(zh) == "排名：前 50 家（共 500 家参加排名）"
    en = spec_of(b.render_league_chart(first, "en", total=500))
    assert title_of(en) == "League table: the first 50 of 500 ranked units"
    assert title_of(spec_of(b.render_league_chart(first, "zh", total=50))) == "排名"


def test_a_tie_the_first_units_cut_is_said_and_the_axis_stops_at_100():
    """Trial (session 57): 101 of a province's units share first place at 100.00; the chart
    drew 50 of them (by code) as "the first 50", on an axis from 99 to 101, above any index."""
    first = index_ranking([100.0] * 50).with_columns(rank=pl.lit(1, pl.Int64))
    spec = spec_of(b.render_league_chart(first, "zh", total=3971, tied=101))
    assert title_of(spec) == (
        "排名：前 50 家（共 3971 家参加排名）；第 1 名并列 101 家，图中只画出其中 50 家"
    )
    assert league_axis(spec)["scale"]["domain"] == [99.0, 100.0]
    en = spec_of(b.render_league_chart(first, "en", total=3971, tied=101))
    assert title_of(en).endswith("; 101 units share rank 1, 50 of them drawn")
    # a tie wholly drawn is no cut: the title says nothing of it
    ten = index_ranking([100.0] * 10 + [99.0] * 40).with_columns(
        rank=pl.Series([1] * 10 + [11] * 40, dtype=pl.Int64)
    )
    whole = spec_of(b.render_league_chart(ten, "zh", total=400, tied=40))
    assert title_of(whole) == "排名：前 50 家（共 400 家参加排名）"


def test_a_citys_24_units_over_40_points_keep_an_axis_of_round_tens():
    """55 to 95: the span 40 over five ticks is 8 a tick, the step 10; 55 rounds down to 50,
    95 up to 100."""
    values = [round(95 - 40 * i / 23, 2) for i in range(24)]
    assert (values[0], values[-1]) == (95.0, 55.0)
    spec = spec_of(b.render_league_chart(index_ranking(values), "en"))
    x = league_axis(spec)
    assert x["scale"]["domain"] == [50.0, 100.0]
    assert x["axis"]["title"] == "Civility index (axis from 50)"


def test_a_rates_league_draws_each_units_interval_and_fits_the_axis_to_them():
    """rankings_frame by a proportion: values 0.9025, 0.805, 0.70 with Wilson intervals from
    0.60 to 0.95; the axis holds the intervals: span 0.35, 0.07 a tick, step 0.1: 0.6 to 1.0."""
    rates = rankings_frame().with_columns(value=pl.Series([0.805, 0.9025, 0.70, None]))
    spec = spec_of(b.render_league_chart(rates, "en", value_label="Outpatient", is_rate=True))
    band, interval, points = marks(spec)
    assert (mark_type(band), mark_type(interval), mark_type(points)) == ("rect", "rule", "point")
    assert (interval["encoding"]["x"]["field"], interval["encoding"]["x2"]["field"]) == (
        "ci_low",
        "ci_high",
    )
    x = league_axis(spec)
    assert x["scale"]["domain"] == [0.6, 1.0]
    assert x["axis"] == {
        "title": "Outpatient (axis from 60%)",
        "format": "~%",
        "values": [0.6, 0.7, 0.8, 0.9, 1.0],
    }


def test_a_league_within_a_tenth_of_a_point_ticks_no_finer_than_its_figures_are_shown():
    """A trial: a province's first fifty, within 99.93–100, had Vega tick every 0.005, and the
    axis read 99.92 99.92 99.93 99.94 99.94 99.94 … 100 100. By hand: span 0.07, 0.014 a tick,
    step 0.02 (1, 2 or 5 × 0.01); 99.93 down to 99.92, so 99.92, 99.94, 99.96, 99.98, 100."""
    values = [round(100 - 0.07 * i / 49, 4) for i in range(50)]
    drawn = axis_labels(b.render_league_chart(index_ranking(values), "zh"))
    assert ["99.92", "99.94", "99.96", "99.98", "100"] in drawn
    # five thousandths apart: the step is the index's shown 0.01, never finer
    spec = spec_of(b.render_league_chart(index_ranking([99.995, 100.0]), "zh"))
    assert league_axis(spec)["axis"]["values"] == [99.99, 100.0]


def test_a_league_of_one_value_has_an_axis_around_it():
    # one unit at 87.5: no span; a step of 1 on either side
    x = league_axis(spec_of(b.render_league_chart(index_ranking([87.5]), "zh")))
    assert x["scale"]["domain"] == [86.0, 89.0]


def test_league_chart_dots_best_first_without_unranked_units():
    index = rankings_frame().with_columns(ci_low=None, ci_high=None)  # none for the index
    for lang in LANGS:
        spec = spec_of(b.render_league_chart(index, lang))
        band, view = marks(spec)
        assert (mark_type(band), mark_type(view)) == ("rect", "point")
        # the row's band answers the hover as the dot does, from the axis's start to its end
        assert band["encoding"]["tooltip"] == view["encoding"]["tooltip"]
        assert band["mark"]["opacity"] == 0
        enc = view["encoding"]
        assert enc["x"]["field"] == "value"
        assert enc["y"]["sort"] == {"field": "rank", "order": "ascending"}
        rows = rows_of(spec)
        # U4 has no rank (insufficient data): no dot for it.
        assert sorted(r["unit_code"] for r in rows) == ["U1", "U2", "U3"]
        labels = {r["unit_code"]: r["bar_label"] for r in rows}
        assert labels["U1"] == "1. U1 第一医院"
        # 22-character name cut to 18 and marked as cut.
        assert labels["U3"].endswith("…") and len(labels["U3"]) == len("3. U3 ") + 18 + 1
        assert spec["config"]["font"] == "Noto Sans CJK SC"
    zh = spec_of(b.render_league_chart(rankings_frame(), "zh"))
    en = spec_of(b.render_league_chart(rankings_frame(), "en"))
    assert title_of(zh) == "排名" and title_of(en) == "League table"
    assert "文明指数" in texts(zh) and "Civility index" in texts(en)
    # The legend names peer groups in the reader's language, as a label (capital first).
    assert {r["peer_label"] for r in rows_of(en)} == {
        "Tertiary hospital",
        "Community health centre",
    }


def test_caterpillar_by_value_sorts_best_first_and_draws_target():
    for lang in LANGS:
        spec = spec_of(b.render_caterpillar_chart(rankings_frame(), lang, is_rate=True, target=0.8))
        views = marks(spec)
        assert [mark_type(v) for v in views] == ["rule", "point", "rule"]
        interval, point, target = views  # three units: each named under its point
        assert interval["encoding"]["y"]["field"] == "ci_low"
        assert interval["encoding"]["y2"]["field"] == "ci_high"
        assert point["encoding"]["y"]["field"] == "value"
        assert rows_of(spec, target) == [{"target": 0.8, "label": b.t("charts.target", lang)}]
        # Highest value first: U1 (90.25) at position 1, U2 (80.5) 2, U3 (70.0) 3; U4 dropped.
        positions = {r["unit_code"]: r["position"] for r in rows_of(spec, interval)}
        assert positions == {"U1": 1, "U2": 2, "U3": 3}
    zh = spec_of(b.render_caterpillar_chart(rankings_frame(), "zh"))
    assert title_of(zh) == "各单位指标值及95%置信区间"


def test_caterpillar_by_rank_uses_rank_ranges_reversed_and_no_target():
    spec = spec_of(b.render_caterpillar_chart(rankings_frame(), "en", target=0.9, measure="rank"))
    views = marks(spec)
    assert [mark_type(v) for v in views] == ["rule", "point"]  # named on the x-axis
    interval, point = views
    assert (interval["encoding"]["y"]["field"], interval["encoding"]["y2"]["field"]) == (
        "rank_low",
        "rank_high",
    )
    assert point["encoding"]["y"]["scale"]["reverse"] is True
    # ranks are whole numbers on the axis: no tick at rank 2.5 (a trial's group of three read
    # "1, 2, 2, 3, 3": Vega ignores tickMinStep)
    drawn = axis_labels(b.render_caterpillar_chart(rankings_frame(), "zh", measure="rank"))
    assert drawn[-1] == ["1", "2", "3"]
    assert "U1 第一医院" in point["encoding"]["x"]["axis"]["labelExpr"]
    assert title_of(spec) == "Each unit's rank with its plausible range"
    positions = {r["unit_code"]: r["position"] for r in rows_of(spec, interval)}
    assert positions == {"U1": 1, "U2": 2, "U3": 3}


def test_a_districts_rank_chart_spans_every_rank_of_its_peer_group():
    # two of a group of eight ranked units (a district's pack): ranks 2 and 5, ranges to 6
    district = pl.DataFrame(
        {
            "unit_code": ["U0014", "U0006"],
            "unit_name": ["兰州市永登第二医院", "兰州市永登第一医院"],
            "rank": [2, 5],
            "rank_low": [1, 3],
            "rank_high": [4, 6],
            "units_ranked": [8, 8],
        }
    )
    spec = spec_of(b.render_caterpillar_chart(district, "zh", measure="rank", ends=10))
    interval, point = marks(spec)
    for y in (point["encoding"]["y"], interval["encoding"]["y"]):  # one scale for both layers
        assert (y["scale"]["domain"], y["scale"]["reverse"], y["scale"]["nice"]) == (
            [1, 8],
            True,
            False,
        )
    # each unit named under its point, not beside it across the next unit's range
    axis = point["encoding"]["x"]["axis"]
    assert axis["values"] == [1, 2]
    assert axis["labelExpr"] == (
        'datum.value == 1 ? "U0014 兰州市永登第二医院" : '
        "datum.value == 2 ? \"U0006 兰州市永登第一医院\" : ''"
    )
    assert axis["labelAngle"] == 0  # two names fit side by side in 720 px


def long_ranking(ranks: list[int | None]) -> pl.DataFrame:
    """Query ``rankings`` for units U00, U01, … with the given ranks (None = not ranked)."""
    codes = [f"U{i:02d}" for i in range(len(ranks))]
    return pl.DataFrame(
        {
            "unit_code": codes,
            "unit_name": [f"单位{c}" for c in codes],
            "rank": ranks,
            "rank_low": [r and max(r - 1, 1) for r in ranks],
            "rank_high": [r and r + 1 for r in ranks],
        },
        schema_overrides={"rank": pl.Int64, "rank_low": pl.Int64, "rank_high": pl.Int64},
    )


def test_caterpillar_ends_keeps_the_first_and_last_units_with_a_gap_between():
    # nine ranked units given worst first (U00 rank 9 … U08 rank 1) and one unranked (U09);
    # ends=2 keeps ranks 1, 2 (U08, U07) at positions 1, 2 and ranks 8, 9 (U01, U00) at
    # positions 4, 5; position 3 is the gap (a dashed rule); the x domain is 0 … 5 + 1.
    frame = long_ranking([9, 8, 7, 6, 5, 4, 3, 2, 1, None])
    for lang in LANGS:
        spec = spec_of(b.render_caterpillar_chart(frame, lang, measure="rank", ends=2))
        interval, point, gap = marks(spec)
        assert mark_type(gap) == "rule" and rows_of(spec, gap) == [{"position": 3}]
        positions = {r["unit_code"]: r["position"] for r in rows_of(spec, interval)}
        assert positions == {"U08": 1, "U07": 2, "U01": 4, "U00": 5}
        assert point["encoding"]["x"]["scale"]["domain"] == [0, 6]
        x_title = point["encoding"]["x"]["title"]
        assert x_title == b.t("charts.caterpillar.ends_shown", lang, n=2, total=9)
    en = spec_of(b.render_caterpillar_chart(frame, "en", measure="rank", ends=2))
    assert marks(en)[1]["encoding"]["x"]["title"] == (
        "Units (sorted): the first 2 and the last 2 of 9"
    )


def test_a_caterpillar_of_more_than_twelve_units_names_them_in_a_file_and_not_on_a_page():
    """A trial of the deck: the rank charts of 二级医院 (15 units) and 社区卫生服务中心 (23)
    named no unit, and a slide has no tooltip to tell which is which. A file (vl-convert: no
    box, containerSize() 0) names each unit under its point, turned to lie side by side; the
    page (its box 820 px wide) keeps them to its tooltips, as before."""
    frame = long_ranking(list(range(1, 16)))
    chart = b.render_caterpillar_chart(frame, "zh", measure="rank")
    names = [f"U{i:02d} 单位U{i:02d}" for i in range(15)]
    in_file = [labels for labels in axis_labels(chart) if "U00 单位U00" in labels]
    assert in_file == [names]  # best first, each once
    page = chart.to_json().replace("containerSize()[0]", "820")
    drawn = vl_convert.vegalite_to_svg(page)
    assert [n for n in names if n in drawn] == []  # the tooltips name them
    # in a file the chart takes a slide's width, 1,100 px: 15 names 1100 / 16 = 68.75 px
    # apart lie 34.4 px apart turned at -30 (16 needed)
    assert marks(spec_of(chart))[1]["encoding"]["x"]["axis"]["labelAngle"] == -30
    # a slide's chart of a large group (ends=20: 40 units) names its 40 too, turned at -45
    # as 1100 / 42 positions = 26.2 px a name lie 13.1 px apart at -30, 18.5 at -45; more
    # than 40 (a page's 60) none
    large = long_ranking(list(range(1, 61)))
    cut = b.render_caterpillar_chart(large, "zh", measure="rank", ends=20)
    shown = [f"U{i:02d} 单位U{i:02d}" for i in [*range(20), *range(40, 60)]]
    assert [labels for labels in axis_labels(cut) if "U00 单位U00" in labels] == [shown]
    axis = marks(spec_of(cut))[1]["encoding"]["x"]["axis"]
    assert axis["labelAngle"] == -45
    whole = b.render_caterpillar_chart(large, "zh", measure="rank")
    assert not [labels for labels in axis_labels(whole) if "U00 单位U00" in labels]


def test_caterpillar_ends_draws_every_unit_when_there_are_at_most_twice_as_many():
    # nine ranked units and ends=5: 9 <= 10, so all nine at positions 1 … 9 and no gap rule
    frame = long_ranking([9, 8, 7, 6, 5, 4, 3, 2, 1, None])
    spec = spec_of(b.render_caterpillar_chart(frame, "zh", measure="rank", ends=5))
    assert [mark_type(v) for v in marks(spec)] == ["rule", "point"]
    interval, point = marks(spec)
    assert sorted(r["position"] for r in rows_of(spec, interval)) == list(range(1, 10))
    assert point["encoding"]["x"]["title"] == "单位（按数值排序）"
    assert spec == spec_of(b.render_caterpillar_chart(frame, "zh", measure="rank"))


def funnel_frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    points = pl.DataFrame(
        {
            "unit_code": ["U1", "U2", "U3"],
            "unit_name": ["一院", "二院", "三院"],
            "district": ["城关区"] * 3,
            "peer_group": ["三级医院"] * 3,
            "value": [0.99, 0.9, 0.5],
            "n": [400, 100, 20],
            "centre": [0.9] * 3,
            "lower95": [0.87, 0.84, 0.77],
            "upper95": [0.93, 0.96, 1.0],
            "lower998": [0.85, 0.81, 0.69],
            "upper998": [0.95, 0.99, 1.0],
            "flag": ["above", "within", "below"],
            "flag_998": ["above", "within", "below"],
        }
    )
    limits = pl.DataFrame(
        {
            "n": [10, 100, 480],
            "centre": [0.9, 0.9, 0.9],
            "lower95": [0.71, 0.84, 0.87],
            "upper95": [1.0, 0.96, 0.93],
            "lower998": [0.61, 0.81, 0.86],
            "upper998": [1.0, 0.99, 0.94],
        }
    )
    return points, limits


def test_funnel_chart_has_five_limit_curves_and_flagged_points():
    points, limits = funnel_frames()
    for lang in LANGS:
        spec = spec_of(b.render_funnel_chart(points, lang, limits))
        lines, dots, words = marks(spec)
        # issue 11: flags are points shaped by flag (and labelled in words), not circles only
        assert (mark_type(lines), mark_type(dots), mark_type(words)) == ("line", "point", "text")
        assert lines["encoding"]["x"]["scale"]["type"] == "log"
        curve_rows = rows_of(spec, lines)
        # 3 values of n × 5 curves (centre, two 95% limits, two 99.8% limits).
        assert len(curve_rows) == 15
        assert {r["curve_id"] for r in curve_rows} == {
            "centre",
            "lower95",
            "upper95",
            "lower998",
            "upper998",
        }
        flag_labels = {r["unit_code"]: r["flag_label"] for r in rows_of(spec, dots)}
        assert flag_labels["U1"] == b.t("charts.funnel.flag_above", lang)
        assert flag_labels["U3"] == b.t("charts.funnel.flag_below", lang)
    en = spec_of(b.render_funnel_chart(points, "en", limits))
    assert title_of(en).startswith("Funnel plot")
    # only what the dots encode goes into the chart (a province sends 5,000 points)
    assert set(rows_of(en, marks(en)[1])[0]) == {
        "unit_code",
        "unit_name",
        "value",
        "value__shown",  # the hover's value (test_a_hover_shows_a_number_rounded_as_tables_do)
        "n",
        "flag",
        "flag_label",
    }
    zh = spec_of(b.render_funnel_chart(points, "zh", limits))
    assert "样本量" in texts(zh) and "99.8%" in title_of(zh)


def test_funnel_sample_size_axis_spans_the_curves_not_the_next_power_of_ten():
    points, limits = funnel_frames()  # points n 20 … 400; the curves' grid n 10 … 480
    spec = spec_of(b.render_funnel_chart(points, "en", limits))
    for view in marks(spec):
        scale = view["encoding"]["x"]["scale"]
        assert (scale["type"], scale["domain"], scale["nice"]) == ("log", [10, 480], False)


def test_funnel_flags_are_told_by_shape_and_word_as_well_as_colour():
    points, limits = funnel_frames()
    spec = spec_of(b.render_funnel_chart(points, "en", limits))
    _, dots, words = marks(spec)
    colour, shape = dots["encoding"]["color"], dots["encoding"]["shape"]
    assert colour["field"] == shape["field"] == "flag_label"  # one legend: colour and shape
    assert colour["title"] == shape["title"]
    assert dict(zip(shape["scale"]["domain"], shape["scale"]["range"], strict=True)) == {
        "Above": "triangle-up",
        "Within": "circle",
        "Below": "triangle-down",
    }
    # the word is written beside the flagged points only
    assert words["encoding"]["text"]["field"] == "flag_label"
    assert words["transform"] == [{"filter": "(datum.flag !== 'within')"}]


def test_funnel_words_go_when_so_many_points_are_flagged_that_they_would_overlap():
    points, limits = funnel_frames()
    # nine units below the limit: shapes and the legend say it; eight: each gets its word
    nine = pl.concat([points.filter(pl.col("flag") == "below")] * 9)
    assert len(marks(spec_of(b.render_funnel_chart(nine, "en", limits)))) == 2
    eight = pl.concat([points.filter(pl.col("flag") == "below")] * 8)
    assert [
        layer["mark"]["type"]
        for layer in marks(spec_of(b.render_funnel_chart(eight, "en", limits)))
    ] == ["line", "point", "text"]


def legends_of(vega) -> list[dict]:
    """Every legend of a compiled Vega spec, at any depth (a chart with a note is a concat)."""
    if isinstance(vega, list):
        return [legend for item in vega for legend in legends_of(item)]
    if not isinstance(vega, dict):
        return []
    found = list(vega.get("legends", []))
    return found + [
        legend for key, item in vega.items() if key != "legends" for legend in legends_of(item)
    ]


def test_funnel_draws_one_legend_for_the_flags_and_one_for_the_limits():
    # colour and shape of the same flag merge into one legend only when they share a scale
    # resolution; the rendered chart once showed "Against the 95% limits" twice
    points, limits = funnel_frames()
    vega = vl_convert.vegalite_to_vega(b.render_funnel_chart(points, "en", limits).to_json())
    legends = {legend["title"]: legend for legend in legends_of(vega)}
    assert len(legends_of(vega)) == 2
    assert {"fill", "shape"} <= set(legends["Against the 95% limits"])
    assert "strokeDash" in legends["Limits"]


def dispersion_limits(**row) -> pl.DataFrame:
    """funnel_limits rows with the over-dispersion columns (the same on every row)."""
    _, limits = funnel_frames()
    columns = {
        "limits": "exact",
        "adjustment": "additive",
        "adjusted": True,
        "units_tested": 12,
        "phi": 3.456,
        "phi_limit": 1.64,
        "overdispersed": True,
        "tau2": 0.000469,
    } | row
    return limits.with_columns(pl.lit(v).alias(k) for k, v in columns.items())


@pytest.mark.parametrize(
    ("row", "en"),
    [
        (
            {},
            "Exact limits. Over-dispersion test: φ = 3.46 (12 units; over-dispersed above 1.64); "
            "limits widened by random effects (τ² = 0.000469).",
        ),
        (
            {"adjustment": "multiplicative", "phi": 4.0},
            "Exact limits. Over-dispersion test: φ = 4.00 (12 units; over-dispersed above 1.64); "
            "limits widened by √φ = 2.00.",
        ),
        (
            {"adjustment": "none", "adjusted": False},
            "Exact limits. Over-dispersion test: φ = 3.46 (12 units; over-dispersed above 1.64); "
            "limits not adjusted, as chosen.",
        ),
        (
            {"adjustment": "none", "adjusted": False, "overdispersed": False, "phi": 1.2},
            "Exact limits. Over-dispersion test: φ = 1.20 (12 units; over-dispersed above 1.64); "
            "no over-dispersion: limits not adjusted.",
        ),
        (
            {"adjustment": "multiplicative", "adjusted": False, "phi": 0.5, "limits": "normal"},
            "Normal-approximation limits. Over-dispersion test: φ = 0.50 (12 units; "
            "over-dispersed above 1.64); φ ≤ 1: units vary no more than chance allows; adjusting "
            "would only narrow the limits, so they stay as they are.",
        ),
        (
            {"adjusted": False, "phi": 0.5, "tau2": 0.0, "overdispersed": False},
            "Exact limits. Over-dispersion test: φ = 0.50 (12 units; over-dispersed above 1.64); "
            "τ² = 0: units vary no more than chance allows; the limits stay as they are.",
        ),
        (
            {"phi": None, "phi_limit": None, "tau2": None, "units_tested": 3},
            "Exact limits. Too few units (3) to test for over-dispersion; limits not adjusted.",
        ),
    ],
)
def test_funnel_states_its_limits_and_the_over_dispersion_test_under_the_plot(row, en):
    points, _ = funnel_frames()
    limits = dispersion_limits(**row)
    assert b.funnel_note(limits, "en") == en
    spec = spec_of(b.render_funnel_chart(points, "en", limits))
    assert title_of(spec).startswith("Funnel plot")
    note = marks(spec)[-1]
    assert mark_type(note) == "text" and rows_of(spec, note) == [{"note": en}]
    assert b.funnel_note(limits, "zh").startswith(
        "精确控制限" if row.get("limits") != "normal" else "正态"
    )


def test_robustness_chart_has_one_legend_naming_each_method():
    # a trial: the Rankings page's robustness view drew four colours and shapes of dots with no
    # legend (the shape's hidden legend took the colour legend it merges with along)
    df = robustness_frame(
        attainment=[1, 2],
        minmax=[2, 1],
        zscore=[1, 2],
        equal_weights=[2, 1],
        best=[1, 1],
        worst=[2, 2],
        shift=[1, 1],
    )
    svg = vl_convert.vegalite_to_svg(b.render_robustness_chart(df, "zh").to_json())
    legends = re.findall(
        r'class="mark-group role-legend".*?(?=class="mark-group role-legend"|$)', svg, flags=re.S
    )
    assert len(legends) == 1
    named = re.findall(r">([^<>]+)</text>", legends[0])  # then the chart's title
    assert named[:5] == ["目标达成（默认）", "最小-最大", "Z分数", "等权重", "方法"]
    # each method drawn in a shape of its own in the legend, as the dots are
    symbol = r'role-legend-symbol"[^>]*><path[^>]* d="([^"]+)"'
    assert len(set(re.findall(symbol, legends[0]))) == 4


def test_robustness_chart_ranks_are_whole_on_the_axis():
    # a trial: the robustness view of a peer group of eight read "1.0, 1.5, 2.0 … 8.0"
    df = robustness_frame(
        attainment=[1, 2, 3],
        minmax=[2, 1, 3],
        zscore=[1, 3, 2],
        equal_weights=[1, 2, 3],
        best=[1, 1, 2],
        worst=[2, 3, 3],
        shift=[1, 2, 1],
    )
    ticks = [t for axis in axis_labels(b.render_robustness_chart(df, "zh")) for t in axis]
    assert [t for t in ticks if "院" not in t] == ["1", "2", "3"]


def test_robustness_chart_one_dot_per_method_and_spread_rule():
    df = pl.DataFrame(
        {
            "unit_code": ["U1", "U2"],
            "unit_name": ["一院", "二院"],
            "district": ["城关区"] * 2,
            "peer_group": ["三级医院"] * 2,
            "rank_attainment": [1, 2],
            "rank_minmax": [2, 1],
            "rank_zscore": [1, 2],
            "rank_equal_weights": [1, None],
            "rank_best": [1, 1],
            "rank_worst": [2, 2],
            "largest_shift": [1, 1],
            "status": ["ranked", "ranked"],
        }
    )
    for lang in LANGS:
        spec = spec_of(b.render_robustness_chart(df, lang))
        spread, dots = marks(spec)
        assert (mark_type(spread), mark_type(dots)) == ("rule", "point")
        assert (spread["encoding"]["x"]["field"], spread["encoding"]["x2"]["field"]) == (
            "rank_best",
            "rank_worst",
        )
        # 2 units × 4 methods, minus U2's missing equal-weights rank = 7 dots.
        assert len(rows_of(spec, dots)) == 7
        assert title_of(spec) == b.t("charts.robustness.title", lang)
    en_spec = spec_of(b.render_robustness_chart(df, "en"))
    en = rows_of(en_spec, marks(en_spec)[1])
    assert {r["method_label"] for r in en} == {
        "Target attainment (default)",
        "Min–max",
        "z-score",
        "Equal weights",
    }


def unit_profile_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "quarter": ["2025Q1", "2025Q2", "2025Q3"],
            "indicator_code": ["outpatient_satisfaction"] * 3,
            "name_zh": ["门诊满意度"] * 3,
            "name_en": ["Outpatient satisfaction"] * 3,
            "value": [0.8, None, 0.9],
            "score": [88.0, None, 100.0],
            "target": [0.9, 0.9, 0.9],
            "met": [False, None, True],
            "n": [100, None, 120],
            "ci_low": [0.71, None, 0.83],
            "ci_high": [0.87, None, 0.94],
            "peer_median": [0.85, 0.86, 0.87],
            "peer_q1": [0.8, 0.81, 0.82],
            "peer_q3": [0.9, 0.91, 0.92],
        }
    )


def test_unit_trend_chart_band_and_three_lines():
    for lang in LANGS:
        spec = spec_of(
            b.render_unit_trend_chart(unit_profile_frame(), lang, title="X", is_rate=True)
        )
        band, lines, target = marks(spec)
        assert mark_type(band) == "area"
        assert (band["encoding"]["y"]["field"], band["encoding"]["y2"]["field"]) == (
            "peer_q1",
            "peer_q3",
        )
        assert band["encoding"]["y"]["axis"]["format"] == "~%"
        assert mark_type(lines) == mark_type(target) == "line"
        series = [r["series"] for r in rows_of(spec, lines)]
        # value has 2 of 3 quarters (2025Q2 is null); peer median 3 → 5 points; target 3
        assert sorted(series) == ["peer_median"] * 3 + ["value"] * 2
        assert [r["series"] for r in rows_of(spec, target)] == ["target"] * 3
        assert title_of(spec) == "X"
    en = spec_of(b.render_unit_trend_chart(unit_profile_frame(), "en"))
    labels = {r["series_label"] for r in rows_of(en, marks(en)[1]) + rows_of(en, marks(en)[2])}
    assert labels == {"This unit", "Peer-group median", "Target"}


def test_a_unit_trend_keeps_a_quarter_without_a_value_on_its_axis_and_breaks_its_lines():
    """A trial: a unit short of data in 2025Q2 had no index row then; its chart's axis went
    2025Q1, 2025Q3 and the line ran straight across, as if there were a figure. The axis holds
    every quarter between the first and the last; each line and the band are drawn within
    runs of quarters with a value (``run``), not across the gap."""
    frame = unit_profile_frame().filter(pl.col("quarter") != "2025Q2")
    spec = spec_of(b.render_unit_trend_chart(frame, "en", is_rate=True))
    band, lines, target = marks(spec)
    assert band["encoding"]["x"]["scale"]["domain"] == ["2025Q1", "2025Q2", "2025Q3"]
    assert lines["encoding"]["detail"]["field"] == "run"
    assert band["encoding"]["detail"]["field"] == "run"
    runs = {(r["series"], r["quarter"]): r["run"] for r in rows_of(spec, lines)}
    assert runs[("value", "2025Q1")] != runs[("value", "2025Q3")]
    assert runs[("peer_median", "2025Q1")] != runs[("peer_median", "2025Q3")]
    # a value missing in a quarter whose row is there (the median's line goes on through it)
    spec = spec_of(b.render_unit_trend_chart(unit_profile_frame(), "en", is_rate=True))
    runs = {(r["series"], r["quarter"]): r["run"] for r in rows_of(spec, marks(spec)[1])}
    assert runs[("value", "2025Q1")] != runs[("value", "2025Q3")]
    medians = {runs[("peer_median", q)] for q in ("2025Q1", "2025Q2", "2025Q3")}
    assert len(medians) == 1


def test_unit_trend_charts_target_steps_at_the_quarter_it_changes():
    """A target raised from 2025Q3 (0.9 → 0.95) was drawn as a line sloping up over 2025Q2 to
    2025Q3, as if raised bit by bit; a target holds from its quarter on: the line is flat
    until 2025Q3 and steps up there. The unit's own line and the median stay straight lines."""
    df = unit_profile_frame().with_columns(pl.Series("target", [0.9, 0.9, 0.95]))
    spec = spec_of(b.render_unit_trend_chart(df, "zh", is_rate=True))
    _, lines, target = marks(spec)
    assert target["mark"]["interpolate"] == "step-after"
    assert lines["mark"]["interpolate"] == "linear"
    assert [r["y"] for r in rows_of(spec, target)] == [0.9, 0.9, 0.95]


def test_unit_trend_chart_names_its_lines_in_a_legend():
    # a trial: every trend chart of a unit's profile (and its PNG/SVG/PDF) drew a solid, a
    # dashed and a red dashed line with no legend (the dash's hidden legend took the colour
    # legend it merges with along)
    chart = b.render_unit_trend_chart(unit_profile_frame(), "zh", title="X", is_rate=True)
    assert legend_labels(chart) == ["本单位", "同类中位数", "目标值"]
    # the index has no target: its legend names no target line
    index = unit_profile_frame().with_columns(pl.lit(None, pl.Float64).alias("target"))
    assert legend_labels(b.render_unit_trend_chart(index, "zh")) == ["本单位", "同类中位数"]


def legend_labels(chart) -> list[str]:
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    legend = svg[svg.index('class="mark-group role-legend"') :]
    return re.findall(r"role-legend-label.*?>([^<>]+)</text>", legend, flags=re.S)


def test_unit_trend_chart_of_a_count_has_whole_steps_on_its_axis():
    # a trial: a unit with 0 or 1 overdue finding a quarter read "0.1, 0.2 … 0.9" findings
    counts = {"value": [0.0, 1.0, 0.0], "target": [1.0] * 3, "peer_median": [0.0, 1.0, 1.0]}
    df = unit_profile_frame().with_columns(
        *(pl.Series(k, v) for k, v in counts.items()),
        pl.Series("peer_q1", [0.0] * 3),
        pl.Series("peer_q3", [1.0, 2.0, 1.0]),
    )
    chart = b.render_unit_trend_chart(df, "zh", title="逾期未整改问题数", whole=True)
    ticks = [t for axis in axis_labels(chart) for t in axis]
    assert [t for t in ticks if "季度" not in t] == ["0", "1", "2"]


def test_unit_trend_chart_of_a_rate_in_a_narrow_band_has_no_repeated_percent_ticks():
    # a trial: a hospital's outpatient satisfaction of 90.0% beside a peer median of 92.5%
    # and a target of 92% read "90%, 91%, 91%, 92%, 92%, 93%, 93%, 94%" on the axis: ticks
    # half a point apart, each rounded to a whole percent
    rates = {"value": [0.90], "target": [0.92], "peer_median": [0.925]}
    df = (
        unit_profile_frame()
        .head(1)
        .with_columns(
            *(pl.Series(k, v) for k, v in rates.items()),
            pl.Series("peer_q1", [0.9125]),
            pl.Series("peer_q3", [0.9375]),
        )
    )
    chart = b.render_unit_trend_chart(df, "zh", title="门诊患者满意度", is_rate=True)
    ticks = [t for axis in axis_labels(chart) for t in axis if t.endswith("%")]
    assert len(ticks) >= 3 and len(set(ticks)) == len(ticks), ticks
    # each label is the tick's value: 90.5% where the axis has a tick half a point above 90%
    assert "90%" in ticks and ("90.5%" in ticks or "91%" in ticks), ticks


def test_unit_trend_chart_index_uses_score_and_empty_says_so():
    df = unit_profile_frame().with_columns(pl.lit("index").alias("indicator_code"))
    spec = spec_of(b.render_unit_trend_chart(df, "zh", field="score"))
    lines = marks(spec)[1]
    values = sorted(r["y"] for r in rows_of(spec, lines) if r["series"] == "score")
    assert values == [88.0, 100.0]
    empty = spec_of(b.render_unit_trend_chart(df.with_columns(pl.lit(None).alias("value")), "en"))
    assert rows_of(empty) == [{"text": "No data to draw"}]


def test_rank_history_chart_two_series_reversed_axis():
    df = pl.DataFrame(
        {
            "quarter": ["2025Q2", "2025Q3"],
            "peer_group": ["三级医院"] * 2,
            "civility_index": [80.0, 85.0],
            "rank": [3, 1],
            "units_ranked": [8, 8],
            "overall_rank": [30, None],
            "overall_units_ranked": [80, 80],
            "status": ["ranked", "ranked"],
        }
    )
    for lang in LANGS:
        spec = spec_of(b.render_rank_history_chart(df, lang))
        (view,) = marks(spec)
        assert mark_type(view) == "line"
        assert view["encoding"]["y"]["scale"]["reverse"] is True
        rows = rows_of(spec)
        # peer ranks for both quarters + one overall rank (2025Q3's is null) = 3 points.
        assert len(rows) == 3
        out_of = {(r["series"], r["quarter"]): r["out_of"] for r in rows}
        assert out_of[("overall_rank", "2025Q2")] == 80 and out_of[("rank", "2025Q3")] == 8
        assert title_of(spec) == b.t("charts.rank_history.title", lang)


def test_rank_history_breaks_the_group_rank_where_the_unit_changed_group():
    """Trial (session 58): a township centre upgraded to 二级医院 had one line from its rank
    among 8 township centres to its rank among 5 hospitals."""
    df = pl.DataFrame(
        {
            "quarter": ["2025Q3", "2025Q2", "2025Q4"],  # in no order: the chart sorts them
            "peer_group": ["二级医院", "乡镇卫生院", "二级医院"],
            "rank": [3, 4, 2],
            "units_ranked": [5, 8, 5],
            "overall_rank": [12, 15, 10],
            "overall_units_ranked": [30, 30, 30],
        }
    )
    spec = spec_of(b.render_rank_history_chart(df, "zh"))
    (view,) = marks(spec)
    assert view["encoding"]["detail"]["field"] == "stretch"
    lines: dict[tuple, list[str]] = {}
    for row in rows_of(spec):
        lines.setdefault((row["series"], row["stretch"]), []).append(row["quarter"])
    assert sorted(lines.values()) == [
        ["2025Q2"],
        ["2025Q2", "2025Q3", "2025Q4"],
        ["2025Q3", "2025Q4"],
    ]
    among = {(r["series"], r["quarter"]): r["group_label"] for r in rows_of(spec)}
    assert among[("rank", "2025Q2")] == "乡镇卫生院" and among[("rank", "2025Q4")] == "二级医院"
    assert among[("overall_rank", "2025Q2")] == "全部类别"


def test_rank_history_axis_starts_at_rank_one():
    # a trial: a unit ranked 7th to 49th read a rank axis running from "0" at the top
    df = pl.DataFrame(
        {
            "quarter": ["2025Q2", "2025Q3", "2025Q4"],
            "peer_group": ["二级医院"] * 3,
            "rank": [2, 1, 4],
            "units_ranked": [8, 8, 8],
            "overall_rank": [7, 49, 32],
            "overall_units_ranked": [80, 80, 80],
        }
    )
    ticks = rank_ticks(df)
    assert "10" in ticks and "40" in ticks and "0" not in ticks
    # a unit first, second and third in its group read "1, 2, 2, 3, 3" (ticks at half ranks)
    top = df.with_columns(pl.Series("rank", [1, 2, 3]), pl.Series("overall_rank", [3, 2, 1]))
    assert rank_ticks(top) == ["1", "2", "3"]


def rank_ticks(df: pl.DataFrame) -> list[str]:
    """The rank axis's labels of the rank-history chart drawn (its quarters left out)."""
    ticks = [t for axis in axis_labels(b.render_rank_history_chart(df, "zh")) for t in axis]
    return [t for t in ticks if "季度" not in t]


def test_attainment_chart_names_indicators_in_language():
    df = pl.DataFrame(
        {
            "quarter": ["2025Q2", "2025Q3", "2025Q3"],
            "indicator_code": ["a", "a", "b"],
            "name_zh": ["甲指标", "甲指标", "乙指标"],
            "name_en": ["Alpha", "Alpha", "Beta"],
            "direction": ["higher"] * 3,
            "units_with_value": [10, 10, 4],
            "units_meeting": [5, 6, 1],
            "attainment_rate": [0.5, 0.6, 0.25],
            "median_value": [0.9, 0.91, 3.0],
            "target": [0.9, 0.9, 2.0],
        }
    )
    en = spec_of(b.render_attainment_chart(df, "en"))
    (view,) = marks(en)
    assert mark_type(view) == "line"
    assert view["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert {r["indicator"] for r in rows_of(en)} == {"Alpha", "Beta"}
    zh = spec_of(b.render_attainment_chart(df, "zh"))
    assert {r["indicator"] for r in rows_of(zh)} == {"甲指标", "乙指标"}
    assert title_of(zh) == "各指标达标率（按季度）"


def test_attainment_chart_gives_each_of_nine_indicators_its_own_line_look():
    # A bureau's nine indicators against seven colours: the 8th and 9th lines (逾期未整改问题数,
    # 门诊患者满意度) were the 1st's and 2nd's colour, solid both, with nothing to tell them apart.
    names = [f"指标{i}" for i in range(1, 10)]
    df = pl.DataFrame(
        {
            "quarter": ["2025Q3"] * 9,
            "indicator_code": [f"i{i}" for i in range(1, 10)],
            "name_zh": names,
            "name_en": names,
            "direction": ["higher"] * 9,
            "units_with_value": [10] * 9,
            "units_meeting": list(range(1, 10)),
            "attainment_rate": [i / 10 for i in range(1, 10)],
            "median_value": [0.9] * 9,
            "target": [0.9] * 9,
        }
    )
    (view,) = marks(spec_of(b.render_attainment_chart(df, "zh")))
    encoding = view["encoding"]
    colours = encoding["color"]["scale"]["range"]
    dashes = encoding["strokeDash"]["scale"]["range"]
    assert encoding["strokeDash"]["field"] == encoding["color"]["field"] == "indicator"
    # nominal domains are sorted; both ranges cycle over them
    looks = {(colours[i % len(colours)], str(dashes[i % len(dashes)])) for i in range(9)}
    assert len(looks) == 9


def index_frame() -> pl.DataFrame:
    """Query ``civility_index`` for two quarters, stacked."""
    return pl.DataFrame(
        {
            "unit_code": ["U1", "U2", "U1", "U2", "U3"],
            "unit_name": ["一院", "二院", "一院", "二院", "卫生院"],
            "district": ["城关区"] * 5,
            "peer_group": ["三级医院"] * 4 + ["乡镇卫生院"],
            "quarter": ["2025Q2", "2025Q2", "2025Q3", "2025Q3", "2025Q3"],
            "civility_index": [90.0, 70.0, 60.0, 95.0, None],
            "status": ["ranked"] * 4 + ["insufficient_data"],
        }
    )


def peer_rows(spec: dict) -> list[str]:
    """The distribution's rows, by the peer group each is headed with (a row per group)."""
    return [row["title"]["text"] for row in spec["vconcat"]]


def test_index_distribution_chart_boxplot_a_row_per_peer_group():
    for lang in LANGS:
        spec = spec_of(b.render_index_distribution_chart(index_frame(), lang))
        assert peer_rows(spec) == [b.peer_group_label("三级医院", lang)]
        assert [mark_type(view) for view in marks(spec)] == ["rule", "bar", "tick", "point"]
        # U3 has no index: left out; one box per quarter of 三级医院, from U1 and U2
        boxes = {r["quarter"]: r for r in rows_of(spec, spec["vconcat"][0])}
        assert set(boxes) == {"2025Q2", "2025Q3"}
        assert (boxes["2025Q2"]["lower_whisker"], boxes["2025Q2"]["upper_whisker"]) == (70, 90)
        assert boxes["2025Q3"]["median"] == (60 + 95) / 2
        assert title_of(spec) == b.t("charts.distribution.title", lang)
    en = spec_of(b.render_index_distribution_chart(index_frame(), "en"))
    assert peer_rows(en) == ["Tertiary hospital"]


def test_index_distribution_draws_ranked_units_only():
    """U2's 2025Q3 index of 95 covers too little of the weight (insufficient_data): no box is
    drawn from it, while U1's and the other quarter's are."""
    frame = index_frame().with_columns(
        status=pl.Series(["ranked", "ranked", "ranked", "insufficient_data", "insufficient_data"])
    )
    spec = spec_of(b.render_index_distribution_chart(frame, "en"))
    # 2025Q2 from U1's 90 and U2's 70; 2025Q3 from U1's 60 alone
    [row] = spec["vconcat"]
    drawn = sorted(
        (r["quarter"], r["lower_whisker"], r["upper_whisker"]) for r in rows_of(spec, row)
    )
    assert drawn == [("2025Q2", 70, 90), ("2025Q3", 60, 60)]


def compiled_tooltips(chart) -> list[str]:
    """The tooltip signal of every mark Vega draws for ``chart`` (what a hover shows)."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            tooltip = node.get("encode", {}).get("update", {}).get("tooltip")
            if tooltip:
                found.append(tooltip["signal"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(vl_convert.vegalite_to_vega(chart.to_json()))
    return found


def test_a_citys_box_plot_hover_reads_in_chinese():
    """Hovering a box of a city's index trend (Vega-Lite's boxplot mark, under 5,000 rows)
    showed 季度: 2025Q3 and "Q3 of 文明指数", "Upper Whisker of 文明指数"; each box, median and
    outlier now says its quarter as the axis does (the field ``quarter_words``) and names each
    figure in the catalogue's words."""
    frame = index_frame().vstack(
        # four more 2025Q3 hospitals: 60 61 62 63 64 95, quartiles 61.25 and 63.75 (IQR 2.5),
        # so U2's 95 lies beyond 63.75 + 1.5 × 2.5 = 67.5: an outlier point
        pl.DataFrame(
            {
                "unit_code": ["U4", "U5", "U6", "U7"],
                "unit_name": ["四院", "五院", "六院", "七院"],
                "district": ["城关区"] * 4,
                "peer_group": ["三级医院"] * 4,
                "quarter": ["2025Q3"] * 4,
                "civility_index": [61.0, 62.0, 63.0, 64.0],
                "status": ["ranked"] * 4,
            }
        )
    )
    tooltips = compiled_tooltips(b.render_index_distribution_chart(frame, "zh"))
    # the box, the median tick and the outlier point each answer a hover
    assert len(tooltips) == 3, tooltips
    for signal in tooltips:
        assert '"季度": ' in signal and 'datum["quarter_words"]' in signal, signal
        assert 'datum["quarter"]' not in signal and " of " not in signal, signal
    assert sum('"同类中位数": ' in signal for signal in tooltips) == 2
    assert sum('"文明指数": ' in signal for signal in tooltips) == 1


def test_heatmap_orders_units_by_latest_index():
    spec = spec_of(b.render_heatmap_chart(index_frame(), "en"))
    (view,) = marks(spec)
    assert mark_type(view) == "rect"
    # Latest quarter 2025Q3: U1 60.0, U2 95.0 → U2 drawn above U1.
    assert view["encoding"]["y"]["sort"] == ["U2 二院", "U1 一院"]
    assert title_of(spec) == "Civility index: units × quarters"


def test_a_unit_short_of_data_is_drawn_grey_below_the_ranked_units_of_the_heatmap():
    """A trial: a unit whose index covered half the weight (100.0, insufficient data) was
    drawn at the top of the heatmap, coloured as the best, where the Rankings page says
    数据不足 and ranks it nowhere."""
    frame = index_frame().with_columns(civility_index=pl.Series([90.0, 70.0, 60.0, 95.0, 100.0]))
    spec = spec_of(b.render_heatmap_chart(frame, "zh"))
    (view,) = marks(spec)
    assert view["encoding"]["y"]["sort"] == ["U2 二院", "U1 一院", "U3 卫生院"]
    colour = view["encoding"]["color"]
    assert colour["condition"]["test"] == "(datum.status === 'ranked')"
    assert colour["value"] == "#BBBBBB"
    said = {(r["unit_code"], r["quarter"]): r["status_label"] for r in rows_of(spec)}
    assert said[("U3", "2025Q3")] == "数据不足" and said[("U2", "2025Q3")] == "已排名"
    assert b.heatmap_order(frame).rows() == [("U2", 95.0), ("U1", 60.0), ("U3", None)]


def renamed_index_frame() -> pl.DataFrame:
    """U1 renamed from 2025Q3 (一院 → 市一院): index_series names each quarter's row as the
    registry had it then."""
    return index_frame().with_columns(
        unit_name=pl.Series(["一院", "二院", "市一院", "二院", "卫生院"])
    )


def test_a_renamed_unit_is_one_row_of_the_heatmap_under_its_latest_name():
    """A unit renamed inside the window was drawn as two rows (one per name, each with half
    its quarters), and its table had two lines; it is one unit, shown by its latest name."""
    spec = spec_of(b.render_heatmap_chart(renamed_index_frame(), "en"))
    labels = {(r["unit_code"], r["quarter"]): r["unit_label"] for r in rows_of(spec)}
    assert labels[("U1", "2025Q2")] == labels[("U1", "2025Q3")] == "U1 市一院"
    table = b.heatmap_table(renamed_index_frame())
    assert table.select("unit_code", "unit_name", "2025Q2", "2025Q3").rows() == [
        ("U1", "市一院", 90.0, 60.0),
        ("U2", "二院", 70.0, 95.0),
        ("U3", "卫生院", None, None),
    ]


def test_the_heatmap_tables_quarters_are_headed_as_its_axis_says_them():
    """The Trends heatmap's Chinese CSV and workbook headed its quarters 2025Q2, 2025Q3 beside
    单位编码 and 单位名称, where the heatmap above it says 2025年2季度; English keeps the codes,
    as its axis does."""
    table = b.heatmap_table(renamed_index_frame())
    assert b.heatmap_headers(table, "zh") == {"2025Q2": "2025年2季度", "2025Q3": "2025年3季度"}
    assert b.heatmap_headers(table, "en") == {"2025Q2": "2025Q2", "2025Q3": "2025Q3"}


def test_ledger_ageing_bins_open_findings_by_days_overdue():
    df = pl.DataFrame(
        {
            "unit_code": ["U1", "U1", "U2", "U2"],
            "unit_name": ["一院", "一院", "二院", "二院"],
            "status": ["overdue", "open", "closed_late", "overdue"],
            "rectify_by": [dt.date(2025, 8, 1)] * 4,
            "days_overdue": [61, -10, 5, 12],
        }
    )
    for lang in LANGS:
        spec = spec_of(b.render_ledger_ageing_chart(df, lang))
        (view,) = marks(spec)
        assert mark_type(view) == "bar"
        assert view["encoding"]["x"]["bin"] == {"step": 30}
        # The closed finding is not ageing: 3 rows drawn.
        assert sorted(r["days_overdue"] for r in rows_of(spec)) == [-10, 12, 61]
        assert title_of(spec) == b.t("charts.ledger.ageing_title", lang)


def test_ledger_ageing_legend_names_only_the_statuses_drawn():
    """Trial (session 58): the deck's chart by days overdue, which only overdue findings have,
    named 未到期 in its legend beside no bar."""
    df = pl.DataFrame(
        {
            "unit_code": ["U1", "U2"],
            "unit_name": ["一院", "二院"],
            "status": ["overdue", "overdue"],
            "rectify_by": [dt.date(2025, 8, 1)] * 2,
            "days_overdue": [61, 12],
        }
    )
    (view,) = marks(spec_of(b.render_ledger_ageing_chart(df, "zh")))
    assert view["encoding"]["color"]["scale"]["domain"] == ["已超期"]
    assert view["encoding"]["color"]["scale"]["range"] == [b.palette.VERMILLION]
    both = df.with_columns(status=pl.Series(["overdue", "open"]))
    (view,) = marks(spec_of(b.render_ledger_ageing_chart(both, "zh")))
    assert view["encoding"]["color"]["scale"]["domain"] == ["已超期", "未到期"]
    assert view["encoding"]["strokeWidth"]["scale"]["range"] == [1.5, 0]


def test_ledger_ageing_labels_of_a_stretched_chart_keep_apart():
    """Findings open for up to three years (39 bins of 30 days), the chart stretched to a
    wide page (1,100 px): the day labels stood 28 px apart, the four-digit ones touching
    (the ledger page read '10501080'), and Vega drops a label only when labels overlap. Each
    label kept now has room: its neighbour is further than the width of four digits at the
    labels' 12 px (about 0.55 em a digit) plus a gap of 4 px."""
    ages = list(range(0, 1170, 7))
    df = pl.DataFrame({"status": ["overdue"] * len(ages), "days_open": ages})
    chart = b.render_ledger_ageing_chart(df, "zh", age="days_open").properties(width=1100)
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    [x_axis, _] = re.findall(r"role-axis-label.*?</g>", svg, flags=re.S)
    labels = re.findall(r'<text[^>]*?translate\(([\d.]+),[\d.]+\)"([^>]*)>([^<]*)</text>', x_axis)
    shown = [(float(x), text) for x, style, text in labels if 'opacity="0"' not in style]
    assert len(shown) > 10 and shown[0][1] == "0"
    gaps = [(b_x - a_x, a, b) for (a_x, a), (b_x, b) in zip(shown, shown[1:], strict=False)]
    assert [g for g in gaps if g[0] < 4 * 0.55 * 12 + 4] == []


def test_ledger_ageing_by_days_open_includes_findings_not_yet_due():
    df = pl.DataFrame(
        {
            "status": ["overdue", "open", "closed_late", "overdue"],
            "days_open": [95, 12, None, 40],
            "days_overdue": [61, None, 5, 12],
        }
    )
    spec = spec_of(b.render_ledger_ageing_chart(df, "en", age="days_open"))
    (view,) = marks(spec)
    assert view["encoding"]["x"]["field"] == "days_open"
    # The open finding not yet due (no days overdue) is drawn too; the closed one is not.
    drawn = sorted((r["days_open"], r["status_label"]) for r in rows_of(spec))
    assert drawn == [(12, "Open, not yet due"), (40, "Overdue"), (95, "Overdue")]
    assert title_of(spec) == "Open findings by age (days since the inspection)"


def test_ledger_ageing_chart_has_a_legend_naming_both_statuses():
    # a trial: the page, PNG and PDF drew vermillion and sky-blue bars with no word for either
    # (the outline's hidden legend took the colour legend it merges with along)
    df = pl.DataFrame({"status": ["overdue", "open"], "days_open": [95, 12]})
    for lang, words in (("zh", ["已超期", "未到期"]), ("en", ["Overdue", "Open, not yet due"])):
        chart = b.render_ledger_ageing_chart(df, lang, age="days_open")
        svg = vl_convert.vegalite_to_svg(chart.to_json())
        legend = svg[svg.index('class="mark-group role-legend"') :]
        assert all(f">{w}</text>" in legend for w in words)


def test_ledger_ageing_chart_counts_findings_in_whole_numbers():
    # a trial: a district's viewer with one finding per bar read "0.0, 0.5, 1.0, 1.5" findings
    df = pl.DataFrame({"status": ["overdue", "open", "overdue"], "days_open": [95, 12, 40]})
    chart = b.render_ledger_ageing_chart(df, "zh", age="days_open")
    ticks = [t for axis in axis_labels(chart) for t in axis]
    assert "1" in ticks and "0" in ticks
    assert [t for t in ticks if "." in t] == []


def test_ledger_ageing_of_findings_all_in_one_bin_reads_whole_days():
    # a trial: two findings 5 and 15 days overdue, the deck's only bar, stood over "0.0" and
    # "30.0" days
    for age in ("days_overdue", "days_open"):
        df = pl.DataFrame({"status": ["overdue", "overdue"], age: [15, 5]})
        days, counts = axis_labels(b.render_ledger_ageing_chart(df, "zh", age=age))
        assert days == ["0", "30"], (age, days)
        assert counts == ["0", "1", "2"]


def test_completeness_chart_marks_missing_in_language():
    df = pl.DataFrame(
        {
            "unit_code": ["U1", "U1", "U1"],
            "unit_name": ["一院"] * 3,
            "district": ["城关区"] * 3,
            "peer_group": ["三级医院"] * 3,
            "quarter": ["2025Q3"] * 3,
            "kind": ["inspections", "surveys", "activities"],
            "rows": [12, 0, 3],
            "reported": [True, False, True],
        }
    )
    zh = spec_of(b.render_completeness_chart(df, "zh"))
    assert zh["facet"]["column"]["field"] == "kind_label"
    cells, glyphs = marks(zh)  # issue 13: a glyph on each cell tells the state without colour
    assert mark_type(cells) == "rect" and mark_type(glyphs) == "point"
    assert cells["encoding"]["color"]["field"] == glyphs["encoding"]["shape"]["field"] == "state"
    states = {r["kind"]: (r["state"], r["kind_label"]) for r in rows_of(zh)}
    assert states["surveys"] == ("缺报", "满意度调查")
    assert states["inspections"] == ("已报送", "检查结果")
    en = spec_of(b.render_completeness_chart(df, "en"))
    assert {r["state"] for r in rows_of(en)} == {"Reported", "Missing"}
    assert title_of(en) == "Reporting completeness"


def test_completeness_panel_titles_of_a_first_quarter_do_not_run_together():
    # a trial: a new bureau's first quarter drew the three panels 30 px wide under titles 52 px
    # apart, and the deck's slide read "检查结果满意度调查活动统计"
    from PIL import ImageFont

    from charts.fonts import find_cjk_font

    font = find_cjk_font()
    df = pl.DataFrame(
        {
            "unit_code": ["U1"] * 3,
            "unit_name": ["一院"] * 3,
            "district": ["城关区"] * 3,
            "peer_group": ["三级医院"] * 3,
            "quarter": ["2026Q3"] * 3,
            "kind": ["inspections", "surveys", "activities"],
            "rows": [12, 0, 3],
            "reported": [True, False, True],
        }
    )
    for lang in LANGS:
        svg = vl_convert.vegalite_to_svg(b.render_completeness_chart(df, lang).to_json())
        header = svg[svg.index("role-column-header") : svg.index("role-column-footer")]
        panels = re.findall(r'<g transform="translate\(([\d.]+),-1\)">', header)
        centres = re.findall(r'<g transform="translate\(([\d.]+),-\d\d+\)"><path', header)
        sizes = re.findall(r'font-size="([\d.]+)px"[^>]*>([^<]+)</text>', header)
        assert len(panels) == len(centres) == len(sizes) == 3, (panels, centres, sizes)
        spans = []
        for left, centre, (size, text) in zip(panels, centres, sizes, strict=True):
            face = ImageFont.truetype(str(font.path), round(float(size)), index=font.index)
            half = face.getlength(text) / 2
            middle = float(left) + float(centre)
            spans.append((middle - half, middle + half, text))
        for (_, right_end, a), (left_end, _, c) in zip(spans, spans[1:], strict=False):
            assert right_end < left_end, f"{a} runs into {c} ({lang}): {spans}"


def test_movers_chart_colours_by_movement():
    df = pl.DataFrame(
        {
            "unit_code": ["U1", "U2"],
            "unit_name": ["一院", "二院"],
            "district": ["城关区"] * 2,
            "peer_group": ["三级医院"] * 2,
            "value": [90.0, 60.0],
            "since_value": [80.0, 70.0],
            "value_change": [10.0, -10.0],
            "rank": [1, 8],
            "since_rank": [5, 2],
            "rank_change": [4, -6],
            "movement": ["improved", "declined"],
        }
    )
    spec = spec_of(b.render_movers_chart(df, "en"))
    bars, ends = marks(spec)  # issue 13: ▲/▼ at the bar's end tells the movement without colour
    assert mark_type(bars) == "bar" and mark_type(ends) == "point"
    # the bars are the index change the query chose them by (and coloured them by): a unit
    # whose index rose while others' rose more moved down in rank, yet is an improver
    assert bars["encoding"]["x"]["field"] == "value_change"
    assert {r["movement_label"] for r in rows_of(spec)} == {"Improved", "Declined"}
    assert title_of(spec_of(b.render_movers_chart(df, "zh"))) == "指数变化最大的单位"


def movers_by_size_frame() -> pl.DataFrame:
    """Query ``movers`` as it orders its rows (improved, then declined), in unit-code order
    within each, so that neither order is the size of the change."""
    return pl.DataFrame(
        {
            "unit_code": ["U1", "U3", "U5", "U2", "U4"],
            "unit_name": ["一院", "三院", "五院", "二院", "四院"],
            "value_change": [3.0, 0.5, 1.0, -10.0, -1.0],
            "rank": [1, 2, 3, 4, 5],
            "since_rank": [2, 3, 1, 5, 4],
            "rank_change": [1, 1, -2, 1, -1],
            "movement": ["improved"] * 3 + ["declined"] * 2,
        }
    )


# by the size of the change, rise or fall: 10, 3, 1 (U4 before U5 by code), 1, 0.5
MOVERS_BY_SIZE = ["U2 二院", "U1 一院", "U4 四院", "U5 五院", "U3 三院"]


def test_movers_chart_lists_the_largest_change_first_in_every_layer():
    # a sort by a field was dropped by Vega-Lite where the layers share the axis: the units
    # stood in code order (U0002, U0003, U0004, …)
    for lang in LANGS:
        spec = spec_of(b.render_movers_chart(movers_by_size_frame(), lang))
        views = marks(spec)
        assert [mark_type(v) for v in views] == ["bar", "point"]
        for view in views:
            assert view["encoding"]["y"]["sort"] == MOVERS_BY_SIZE


def test_a_hover_shows_a_number_rounded_as_tables_do():
    # 89.85 − 80 is 9.849999999999994 as a float: Vega's format said +9.8 in the hover where the
    # Overview's table and the pack say +9.9; 33 of 80 (0.4125, 0.41249999… as a float) said
    # 41.2% where they say 41.3%. The hover reads a field rounded once, half up (四舍五入).
    movers = movers_by_size_frame().with_columns(
        value_change=pl.Series([89.85 - 80.0, 0.5, 1.0, -10.0, -1.0])
    )
    attainment = pl.DataFrame(
        {
            "quarter": ["2025Q3"],
            "indicator_code": ["a"],
            "name_zh": ["甲指标"],
            "name_en": ["Alpha"],
            "units_with_value": [80],
            "units_meeting": [33],
            "attainment_rate": [33 / 80],
        }
    )
    cases = [
        (b.render_movers_chart(movers, "zh"), "value_change", "+.1f", 9.9),
        (b.render_attainment_chart(attainment, "zh"), "attainment_rate", ".1%", 0.413),
    ]
    for chart, field, form, shown in cases:
        spec = spec_of(chart)
        views = marks(spec) if "layer" in spec else [spec]
        hovers = [
            (entry["field"], entry["format"])
            for view in views
            for entry in view["encoding"]["tooltip"]
            if "format" in entry
        ]
        assert hovers and set(hovers) == {(f"{field}__shown", form)}
        first = rows_of(spec, views[0])[0]
        assert first[f"{field}__shown"] == shown, first


def drawn_markers(svg: str) -> list[tuple[str, float, float, float]]:
    """The point marks of a rendered SVG: (unit label, x, y, half width), x and y in the plot."""
    found = []
    for path in re.findall(r'<path [^>]*aria-roledescription="point"[^>]*>', svg):
        label = re.search(r"unit_label: ([^;]+);", path).group(1)
        x, y = re.search(r'transform="translate\(([-\d.]+),([-\d.]+)\)"', path).groups()
        d = re.search(r' d="([^"]+)"', path).group(1)
        half = max(abs(float(n)) for n in re.findall(r"[-\d.]+(?=,)", d))
        found.append((label, float(x), float(y), half))
    return found


def test_movers_export_draws_the_largest_change_first_with_markers_inside_the_plot():
    # the file a page or the pack exports, from the same builder: its ▲/▼ top to bottom, and
    # the ▼ of the largest fall and the ▲ of the largest rise inside the plot (they sat on its
    # edges, the ▼ over the axis)
    chart = b.render_movers_chart(movers_by_size_frame(), "en")
    svg = titled_chart_file(chart, "svg", title="Movers").decode("utf-8")
    markers = drawn_markers(svg)
    assert [label for label, *_ in sorted(markers, key=lambda m: m[2])] == MOVERS_BY_SIZE
    for _, x, _, half in markers:
        assert half > 0 and half <= x <= b.WIDTH - half


@pytest.mark.parametrize(
    "render",
    [
        lambda lang: b.render_league_chart(rankings_frame().clear(), lang),
        lambda lang: b.render_caterpillar_chart(rankings_frame().clear(), lang),
        lambda lang: b.render_heatmap_chart(index_frame().clear(), lang),
        lambda lang: b.render_index_distribution_chart(index_frame().clear(), lang),
    ],
)
def test_empty_frames_give_a_note_not_a_blank_chart(render):
    assert rows_of(spec_of(render("zh"))) == [{"text": "暂无可绘制的数据"}]
    assert rows_of(spec_of(render("en"))) == [{"text": "No data to draw"}]


def test_charts_render_to_png_with_chinese_text():
    """The builders' output goes through the real exporter (vl-convert)."""
    from charts.export import chart_png

    png = chart_png(b.render_league_chart(rankings_frame(), "zh"), scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000


def every_chart(lang: str):
    points, limits = funnel_frames()
    return {
        "league": b.render_league_chart(rankings_frame(), lang),
        "caterpillar": b.render_caterpillar_chart(rankings_frame(), lang, target=0.8),
        "funnel": b.render_funnel_chart(points, lang, limits),
        "trend": b.render_unit_trend_chart(unit_profile_frame(), lang, is_rate=True),
        "distribution": b.render_index_distribution_chart(index_frame(), lang),
        "heatmap": b.render_heatmap_chart(index_frame(), lang),
        "empty": b.render_league_chart(rankings_frame().clear(), lang),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_downloads_with_title_and_footnote(lang):
    """The pages' download path: charts.export.titled_chart_file on the builder's chart
    (layered, faceted and empty charts inside the titled frame)."""
    from charts.export import titled_chart_file

    for name, chart in every_chart(lang).items():
        png = titled_chart_file(chart, "png", f"标题 {name}", "2025Q3 · 全部类别", lang=lang)
        assert png[:8] == b"\x89PNG\r\n\x1a\n", name
        svg = titled_chart_file(chart, "svg", f"标题 {name}", "2025Q3", lang=lang).decode()
        assert f"标题 {name}" in svg, name


@pytest.mark.parametrize(
    ("centre", "en", "zh"),
    [
        (
            {"centre": 0.92, "centre_kind": "target"},
            "Centre line: the target, 92.0%. ",
            "中心线：目标值 92.0%。",
        ),
        (  # 81.25%: 四舍五入, 81.3%
            {"centre": 0.8125, "centre_kind": "mean"},
            "Centre line: the units' pooled proportion, 81.3% (not a target). ",
            "中心线：所示单位的合并比例 81.3%（不是目标值）。",
        ),
    ],
)
def test_funnel_note_says_what_the_centre_line_is(centre, en, zh):
    # a funnel of all peer groups whose targets differ centres on the pooled proportion: the
    # note must not let the line be read as the target
    limits = dispersion_limits(**centre)
    assert b.funnel_note(limits, "en").startswith(en + "Exact limits.")
    assert b.funnel_note(limits, "zh").startswith(zh + "精确控制限")


def test_completeness_matrix_fits_the_page_beside_the_sidebar():
    """At a 1280-px window the page's main column is 820 px wide: three panels of 220 px
    beside units' names drew 953 px, and the activities panel was cut off at the window's
    edge (Data quality page, trial with 10 units missing a survey)."""
    names = ["榆中县建兰路街道社区卫生服务中心", "城关区秀川街道社区卫生服务中心", "一院"]
    quarters = ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]  # the page's window: four quarters
    rows = [
        {"unit_code": f"U008{i}", "unit_name": name, "kind": kind, "quarter": quarter}
        for i, name in enumerate(names)
        for kind in ("inspections", "surveys", "activities")
        for quarter in quarters
    ]
    df = pl.DataFrame(rows).with_columns(rows=pl.lit(3), reported=pl.col("quarter") != "2026Q3")
    svg = vl_convert.vegalite_to_svg(b.render_completeness_chart(df, "zh").to_json())
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))
    assert width <= 820


# ---------------------------------------------------------------- quarters on the charts


def rank_history_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "quarter": ["2025Q2", "2025Q3"],
            "peer_group": ["三级医院"] * 2,
            "rank": [3, 1],
            "units_ranked": [8, 8],
            "overall_rank": [30, 20],
            "overall_units_ranked": [80, 80],
        }
    )


def attainment_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "quarter": ["2025Q2", "2025Q3", "2025Q3"],
            "name_zh": ["甲指标", "甲指标", "乙指标"],
            "name_en": ["Alpha", "Alpha", "Beta"],
            "units_with_value": [10, 10, 4],
            "units_meeting": [5, 6, 1],
            "attainment_rate": [0.5, 0.6, 0.25],
        }
    )


def completeness_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit_code": ["U1"] * 6,
            "unit_name": ["一院"] * 6,
            "quarter": ["2025Q2"] * 3 + ["2025Q3"] * 3,
            "kind": ["inspections", "surveys", "activities"] * 2,
            "rows": [12, 0, 3] * 2,
            "reported": [True, False, True] * 2,
        }
    )


def province_index_frame() -> pl.DataFrame:
    """Two quarters of 2,600 ranked units (a province's 5,200 rows)."""
    return pl.DataFrame(
        {
            "quarter": ["2025Q2", "2025Q3"] * 2600,
            "peer_group": ["三级医院"] * 5200,
            "civility_index": [50.0 + i % 50 for i in range(5200)],
            "status": ["ranked"] * 5200,
        }
    )


QUARTER_CHARTS = {
    "unit_trend": lambda lang: b.render_unit_trend_chart(unit_profile_frame(), lang),
    "rank_history": lambda lang: b.render_rank_history_chart(rank_history_frame(), lang),
    "attainment": lambda lang: b.render_attainment_chart(attainment_frame(), lang),
    "distribution": lambda lang: b.render_index_distribution_chart(index_frame(), lang),
    "distribution_slide": lambda lang: b.render_index_distribution_chart(
        index_frame(), lang, side_by_side=True
    ),
    "province_distribution": lambda lang: b.render_index_distribution_chart(
        province_index_frame(), lang
    ),
    "heatmap": lambda lang: b.render_heatmap_chart(index_frame(), lang),
    "completeness": lambda lang: b.render_completeness_chart(completeness_frame(), lang),
}


@pytest.mark.parametrize("name", QUARTER_CHARTS)
def test_a_chinese_charts_quarter_axis_reads_as_chinese(name):
    # a trial: the Trends page, the unit profile and the deck read "2025Q3" under captions of
    # 2025年第3季度; the axis now says 2025年3季度 (the short form: 第 left out), English 2025Q3
    zh = [label for axis in axis_labels(QUARTER_CHARTS[name]("zh")) for label in axis]
    assert "2025年2季度" in zh and "2025年3季度" in zh, zh
    assert not [label for label in zh if re.fullmatch(r"\d{4}Q\d", label)], zh
    en = [label for axis in axis_labels(QUARTER_CHARTS[name]("en")) for label in axis]
    assert "2025Q3" in en and not [label for label in en if "季度" in label], en


def quarter_tooltips(spec: dict, lang: str) -> list[tuple[dict, dict]]:
    """(view, tooltip entry) for each tooltip naming the quarter."""
    title = b.t("charts.quarter", lang)
    return [
        (view, entry)
        for view in marks(spec)
        for entry in view.get("encoding", {}).get("tooltip", [])
        if entry.get("title") == title
    ]


def drawn_text(calculate: dict, quarter: str) -> list[str]:
    """What a chart's ``calculate`` makes of ``quarter``, drawn by Vega as a text mark."""
    spec = {
        "data": {"values": [{"quarter": quarter}]},
        "transform": [calculate],
        "mark": "text",
        "encoding": {"text": {"field": calculate["as"], "type": "nominal"}},
    }
    return re.findall(r">([^<>]+)</text>", vl_convert.vegalite_to_svg(spec))


@pytest.mark.parametrize("name", QUARTER_CHARTS)
def test_a_chinese_charts_tooltip_says_the_quarter_as_its_axis_does(name):
    zh = spec_of(QUARTER_CHARTS[name]("zh"))
    tooltips = quarter_tooltips(zh, "zh")
    assert tooltips
    for view, entry in tooltips:
        (calculate,) = [s for s in view["transform"] if s.get("as") == entry["field"]]
        assert drawn_text(calculate, "2025Q3") == ["2025年3季度"]
        assert drawn_text(calculate, "2024Q4") == ["2024年4季度"]
    en = spec_of(QUARTER_CHARTS[name]("en"))
    assert {entry["field"] for _, entry in quarter_tooltips(en, "en")} == {"quarter"}


def test_unit_names_under_a_rank_chart_never_touch_side_by_side():
    """The county demo's four tertiary hospitals: nine-character names with their codes, 144 px
    apart, were laid side by side and ran together on the slide ('…第一医院U0014 兰州市…').
    Names left level must stand apart by at least their width (12 px font: a Chinese
    character 12 px, a Latin one 6 px at the least) and a character's gap; names that would
    not are turned."""

    def labels_of(names: list[str]) -> list[tuple[str, str]]:
        group = pl.DataFrame(
            {
                "unit_code": ["U0001", "U0014", "U0027", "U0006"],
                "unit_name": names,
                "rank": [1, 2, 3, 4],
                "rank_low": [1, 2, 3, 3],
                "rank_high": [1, 2, 4, 4],
                "units_ranked": [4, 4, 4, 4],
            }
        )
        chart = b.render_caterpillar_chart(group, "zh", measure="rank", ends=10)
        svg = chart_svg(chart).decode()
        labels = re.findall(r'<text[^>]*transform="([^"]*)"[^>]*>(U00\d\d [^<]*)</text>', svg)
        assert [text for _, text in labels] == [
            f"{code} {name}" for code, name in zip(group["unit_code"], names, strict=True)
        ]
        return labels

    # 'U0001 兰州市城关第一医院': 6 × 6 + 9 × 12 = 144 px and a gap of 12 do not fit in 144 px
    long = ["兰州市城关第一医院", "兰州市永登第二医院", "兰州市西固中医医院", "兰州市永登第一医院"]
    assert all("rotate" in transform for transform, _ in labels_of(long))
    # 'U0001 一院': 6 × 6 + 2 × 12 = 60 px and a gap of 12: they stay level, apart
    level = [
        (float(re.match(r"translate\(([\d.]+)", transform).group(1)), text)
        for transform, text in labels_of(["一院", "二院", "三院", "四院"])
        if "rotate" not in transform
    ]
    assert len(level) == 4
    for (x1, text), (x2, _) in zip(level, level[1:], strict=False):
        least = sum(12 if ord(ch) > 0x2E80 else 6 for ch in text)
        assert x2 - x1 >= least + 12, (text, x2 - x1)


def test_the_ageing_charts_last_day_label_stands_apart_from_the_one_before():
    """The county demo's oldest finding was 1,060 days overdue: its last bin ends at 1,080,
    whose label Vega set flush with the axis's end, against 1,020 ('10201080' on the slide).
    Each label shown keeps at least half a character (6 px) from the next, a digit counted at
    its least, 6 px of the 12 px font."""
    days = [*range(0, 1060, 7), 1060]
    findings = pl.DataFrame({"status": ["overdue"] * len(days), "days_overdue": days})
    svg = chart_svg(b.render_ledger_ageing_chart(findings, "zh")).decode()
    shown = [
        (anchor, float(x), text)
        for anchor, x, opacity, text in re.findall(
            r'<text text-anchor="(\w+)" transform="translate\(([\d.]+),[\d.]+\)"[^>]*'
            r'opacity="([\d.]+)"[^>]*>(\d+)</text>',
            svg,
        )
        if opacity != "0"
    ]
    assert [text for *_, text in shown][-2:] == ["1020", "1080"]
    spans = []
    for anchor, x, text in shown:
        width = 6 * len(text)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        spans.append((left, left + width, text))
    for (_, right, text), (left, _, after) in zip(spans, spans[1:], strict=False):
        assert left - right >= 6, (text, after)


def test_a_long_name_is_cut_before_its_bracketed_end_which_tells_it_apart():
    """The province's names end in the part a unit belongs to ('…社区卫生服务中心（14部）'):
    cut at 18 characters, the movers chart read '…服务中心（1…', the part lost. A long name
    is cut before a bracketed end, which stays whole (18 characters and the ellipsis)."""
    movers = movers_by_size_frame().with_columns(
        unit_name=pl.Series(
            [
                "皋兰县草场街道社区卫生服务中心（14部）",  # 20 characters
                "三院",
                "七里河区张掖路街道社区卫生服务中心(3部)",  # 21, ASCII brackets
                "二院",
                "榆中县第一人民医院附属妇幼保健院分院门诊部",  # 21, no bracketed end
            ]
        )
    )
    svg = titled_chart_file(b.render_movers_chart(movers, "zh"), "svg", title="Movers").decode()
    labels = set(re.findall(r">(U\d [^<]*)</text>", svg))
    assert {
        "U1 皋兰县草场街道社区卫生服务…（14部）",
        "U5 七里河区张掖路街道社区卫生服…(3部)",
        "U4 榆中县第一人民医院附属妇幼保健院分院…",
    } <= labels, labels


def test_a_long_title_wraps_on_a_narrow_page_only():
    """A phone's page cut "Open findings by age (days since the i…": a title wider than the
    chart's box less Streamlit's 40 px is drawn in lines of at most 280 px. At 16 px a Latin
    character is taken as 8.8 px, a Chinese one 16: the English title's 48 characters are
    422.4 px (one line from a 463-px box up), its first 26 ("…(days") 228.8 px and 32 ("…
    since") 281.6; the Chinese one's 16 wide and 8 narrow characters 326.4 px, and 控 ends its
    first line at 278.4."""
    english = "Open findings by age (days since the inspection)"
    assert b.fitted_title(english).to_dict()["text"]["expr"] == (
        'containerSize()[0] > 0 && containerSize()[0] < 463 ? ["Open findings by age (days", '
        f'"since the inspection)"] : "{english}"'
    )
    chinese = "漏斗图：比例与样本量（95%与99.8%控制限）"
    assert b.fitted_title(chinese).to_dict()["text"]["expr"] == (
        "containerSize()[0] > 0 && containerSize()[0] < 367 ? "
        f'["漏斗图：比例与样本量（95%与99.8%控", "制限）"] : "{chinese}"'
    )
    assert b.fitted_title("各指标达标率（按季度）") == "各指标达标率（按季度）"  # 176 px: as it is


def test_a_league_chart_drawn_before_its_rank_ranges_are_known_lists_none_in_its_hover():
    """Trial (session 59): the Rankings page draws its dots before the rank ranges are
    simulated (draws=0), and each dot's hover, and what a screen reader reads of it, said
    "名次区间（最好） null" beside the table's 1–24. The range is listed only when known; the
    rows' invisible hover bands are not read out at all (row_from: 80 … per unit)."""

    def hover_titles(spec: dict) -> list[str]:
        dots = next(layer for layer in spec["layer"] if mark_type(layer) == "point")
        return [tip["title"] for tip in dots["encoding"]["tooltip"]]

    known = spec_of(b.render_league_chart(rankings_frame(), "zh"))
    assert hover_titles(known)[-2:] == ["名次区间（最好）", "名次区间（最差）"]
    unknown = rankings_frame().with_columns(rank_low=None, rank_high=None)
    spec = spec_of(b.render_league_chart(unknown, "zh"))
    assert not any(title.startswith("名次区间") for title in hover_titles(spec))
    bands = [layer for layer in spec["layer"] if mark_type(layer) == "rect"]
    assert len(bands) == 1 and bands[0]["mark"]["aria"] is False
