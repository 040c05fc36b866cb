"""Charts for every eye (issue 13): no chart tells things apart by red against green alone, and
every chart whose colour means something (funnel flags, movers, reported/missing, the target)
says it by shape, dash or word as well.

Each builder's Vega-Lite spec (``chart.to_dict()``) is walked: the colour scales' ranges and
schemes, the marks' own colours, and which fields the other channels encode. "Red" and "green"
are hue sectors on the colour wheel, hand-computed below for the colours that matter.
"""

from __future__ import annotations

import colorsys
import datetime as dt
import inspect
import io

import openpyxl
import polars as pl
import pytest
from test_builders import (
    attainment_frame,
    funnel_frames,
    index_frame,
    rank_history_frame,
    rankings_frame,
    unit_profile_frame,
)

from charts import builders as b
from charts import palette
from charts.export import table_xlsx

COLOUR_CHANNELS = ("color", "fill", "stroke")
SECOND_CHANNELS = ("shape", "text", "strokeDash", "strokeWidth")
# Sequential schemes without a red–green ramp; any other scheme (redyellowgreen, spectral…)
# and Vega's default category colours (tableau10: red #e15759 beside green #59a14f) fail.
SAFE_SCHEMES = {"blues", "greys", "viridis", "cividis"}
# chart → the field whose colour means something and must be told another way too
MEANINGFUL = {
    "funnel": "flag_label",
    "movers": "movement_label",
    "completeness": "state",
    "trend": "series_label",
    "ageing": "status_label",  # overdue or not yet due
    "ageing_open": "status_label",
}


# ---------------------------------------------------------------- red and green by hue


def hue_of(colour: str) -> tuple[float, float, float] | None:
    """(hue in degrees, lightness, saturation) of #RRGGBB; None for a name like "white"."""
    if not colour.startswith("#") or len(colour) != 7:
        return None
    r, g, b_ = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b_)
    return h * 360, lightness, s


def is_chromatic(colour: str) -> tuple[float, float, float] | None:
    found = hue_of(colour)
    if found is None:
        return None
    _, lightness, saturation = found
    return found if saturation >= 0.25 and 0.12 <= lightness <= 0.92 else None


def is_red(colour: str) -> bool:
    """Hue within 30° of pure red (330°–30°)."""
    found = is_chromatic(colour)
    return found is not None and (found[0] >= 330 or found[0] < 30)


def is_green(colour: str) -> bool:
    """Hue from yellow-green to blue-green (75°–165°)."""
    found = is_chromatic(colour)
    return found is not None and 75 <= found[0] <= 165


@pytest.mark.parametrize(
    "colour, red, green",
    [
        ("#d62728", True, False),  # matplotlib red: hue 359°
        ("#d73027", True, False),  # the old "below": 60 × (48 − 39) / 176 = 3.1°
        ("#2ca02c", False, True),  # matplotlib green: 120°
        ("#1a9850", False, True),  # the old "above": 60 × (2 + 54 / 126) = 145.7°
        ("#4daf4a", False, True),  # the old "reported": 118°
        ("#D55E00", True, False),  # vermillion: 60 × 94 / 213 = 26.5°
        ("#009E73", False, True),  # bluish green: 60 × (2 + 115 / 158) = 163.7°
        ("#0072B2", False, False),  # blue: 201.6°
        ("#E69F00", False, False),  # orange: 60 × 159 / 230 = 41.5°
        ("#CC79A7", False, False),  # reddish purple: 360 − 60 × 46 / 83 = 326.7°
        ("#767676", False, False),  # grey
        ("white", False, False),
    ],
)
def test_red_and_green_are_told_by_hue(colour, red, green):
    assert (is_red(colour), is_green(colour)) == (red, green)


# ---------------------------------------------------------------- every builder's chart


def robustness_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit_code": ["U1", "U2"],
            "unit_name": ["一院", "二院"],
            "rank_attainment": [1, 2],
            "rank_minmax": [2, 1],
            "rank_zscore": [1, 2],
            "rank_equal_weights": [1, None],
            "rank_best": [1, 1],
            "rank_worst": [2, 2],
            "largest_shift": [1, 1],
        }
    )


def findings_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit_code": ["U1", "U1", "U2"],
            "status": ["overdue", "open", "overdue"],
            "rectify_by": [dt.date(2025, 8, 1)] * 3,
            "days_overdue": [61, None, 12],
            "days_open": [90, 20, 40],
        }
    )


def completeness_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit_code": ["U1", "U1", "U1"],
            "unit_name": ["一院"] * 3,
            "quarter": ["2025Q3"] * 3,
            "kind": ["inspections", "surveys", "activities"],
            "rows": [12, 0, 3],
            "reported": [True, False, True],
        }
    )


def movers_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit_code": ["U1", "U2"],
            "unit_name": ["一院", "二院"],
            "rank": [1, 8],
            "since_rank": [5, 2],
            "rank_change": [4, -6],
            "value_change": [3.2, -4.5],
            "movement": ["improved", "declined"],
        }
    )


def every_chart(lang: str) -> dict[str, dict]:
    """Each builder's chart on a small frame, as its Vega-Lite spec."""
    points, limits = funnel_frames()
    charts = {
        "league": b.render_league_chart(rankings_frame(), lang),
        "caterpillar": b.render_caterpillar_chart(rankings_frame(), lang, target=0.8),
        "caterpillar_rank": b.render_caterpillar_chart(rankings_frame(), lang, measure="rank"),
        "funnel": b.render_funnel_chart(points, lang, limits),
        "robustness": b.render_robustness_chart(robustness_frame(), lang),
        "trend": b.render_unit_trend_chart(unit_profile_frame(), lang, is_rate=True),
        "rank_history": b.render_rank_history_chart(rank_history_frame(), lang),
        "attainment": b.render_attainment_chart(attainment_frame(), lang),
        "distribution": b.render_index_distribution_chart(index_frame(), lang),
        "heatmap": b.render_heatmap_chart(index_frame(), lang),
        "ageing": b.render_ledger_ageing_chart(findings_frame(), lang),
        "ageing_open": b.render_ledger_ageing_chart(findings_frame(), lang, age="days_open"),
        "completeness": b.render_completeness_chart(completeness_frame(), lang),
        "movers": b.render_movers_chart(movers_frame(), lang),
        "empty": b.render_league_chart(rankings_frame().clear(), lang),
    }
    return {name: chart.to_dict() for name, chart in charts.items()}


def test_every_builder_is_walked():
    builders = {n for n, f in inspect.getmembers(b, inspect.isfunction) if n.startswith("render_")}
    walked = {
        "render_league_chart",
        "render_caterpillar_chart",
        "render_funnel_chart",
        "render_robustness_chart",
        "render_unit_trend_chart",
        "render_rank_history_chart",
        "render_attainment_chart",
        "render_index_distribution_chart",
        "render_heatmap_chart",
        "render_ledger_ageing_chart",
        "render_completeness_chart",
        "render_movers_chart",
    }
    assert builders == walked, "a new builder: add it to every_chart() here"


def views(spec: dict) -> list[dict]:
    """Every single view (a spec with a mark) inside layers, facets and concatenations, with
    the encoding a layer inherits from its parent merged in."""
    found = []

    def walk(node: dict, inherited: dict) -> None:
        encoding = {**inherited, **node.get("encoding", {})}
        if "mark" in node:
            found.append({**node, "encoding": encoding})
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for sub in node.get(key, []):
                walk(sub, encoding)
        if "spec" in node:
            walk(node["spec"], encoding)

    walk(spec, {})
    return found


def mark_colours(view: dict) -> list[str]:
    """Colours fixed on the mark or given as a constant value in the encoding."""
    mark = view["mark"] if isinstance(view["mark"], dict) else {}
    fixed = [mark[c] for c in COLOUR_CHANNELS if isinstance(mark.get(c), str)]
    for channel in COLOUR_CHANNELS:
        value = view["encoding"].get(channel, {}).get("value")
        if isinstance(value, str):
            fixed.append(value)
    return fixed


def colour_scales(view: dict) -> list[tuple[str, dict]]:
    """(field, scale) of each colour channel that encodes a field."""
    return [
        (enc["field"], enc.get("scale") or {})
        for channel in COLOUR_CHANNELS
        if "field" in (enc := view["encoding"].get(channel, {}))
    ]


def second_channel_fields(spec: dict) -> set[str]:
    return {
        enc["field"]
        for view in views(spec)
        for channel in SECOND_CHANNELS
        if "field" in (enc := view["encoding"].get(channel, {}))
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_chart_tells_red_from_green_by_colour_alone(lang):
    checked_scales = 0
    for name, spec in every_chart(lang).items():
        seconds = second_channel_fields(spec)
        fixed = [c for view in views(spec) for c in mark_colours(view)]
        assert not (any(map(is_red, fixed)) and any(map(is_green, fixed))), (name, fixed)
        for view in views(spec):
            for field, scale in colour_scales(view):
                checked_scales += 1
                if "scheme" in scale:
                    assert scale["scheme"] in SAFE_SCHEMES, (name, scale["scheme"])
                    continue
                assert "range" in scale, f"{name}: {field} takes Vega's default colours"
                colours = scale["range"]
                if any(map(is_red, colours)) and any(map(is_green, colours)):
                    assert field in seconds, f"{name}: {field} is red against green alone"
    assert checked_scales >= 12  # every chart but the empty note has a colour scale or more


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_colour_that_means_something_is_said_another_way_too(lang):
    charts = every_chart(lang)
    for name, field in MEANINGFUL.items():
        coloured = {f for view in views(charts[name]) for f, _ in colour_scales(view)}
        assert field in coloured, name
        assert field in second_channel_fields(charts[name]), f"{name}: {field} by colour only"


def test_good_and_bad_are_blue_and_vermillion_with_distinct_shapes():
    assert (palette.GOOD, palette.BAD) == ("#0072B2", "#D55E00")
    assert b.FLAG_COLOURS == {"above": "#0072B2", "within": "#767676", "below": "#D55E00"}
    assert set(b.FLAG_SHAPES.values()) == {"triangle-up", "circle", "triangle-down"}
    assert b.MOVE_SHAPES == {"improved": "triangle-up", "declined": "triangle-down"}
    assert len(set(b.STATE_SHAPES)) == 2


def test_no_pair_of_the_categorical_colours_is_red_against_green():
    reds = [c for c in palette.CATEGORICAL if is_red(c)]
    greens = [c for c in palette.CATEGORICAL if is_green(c)]
    assert not (reds and greens), (reds, greens)
    assert len(set(palette.CATEGORICAL)) == len(palette.CATEGORICAL) == 7


def test_spreadsheet_met_and_missed_rows_are_not_green_and_red():
    frame = pl.DataFrame({"unit_name": ["一院", "二院"], "met": [True, False]})
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(frame))).active
    fills = {}
    for rules in sheet.conditional_formatting:
        for rule in rules.rules:
            fill = rule.dxf.fill
            colour = fill.bgColor.rgb if fill.bgColor is not None else None
            fills[rule.formula[0]] = "#" + str(colour)[-6:]
    assert fills == {"$B2=TRUE": "#DCEBF5", "$B2=FALSE": "#F9E0CC"}
    assert not is_green(fills["$B2=TRUE"])  # a pale blue (hue 205°), not the old pale green


def contrast_on_white(colour: str) -> float:
    """WCAG 2.1's contrast ratio of a #RRGGBB colour against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_lines_and_dots_are_seen_against_the_white_page():
    """A trial (session 59): the attainment chart's 社会公众满意度 line was yellow, 1.32:1 on the
    white page (barely seen on a projector, in the deck too), others orange and sky blue
    (2.3:1), and the league chart's 乡镇卫生院 and 专业公共卫生机构 dots as pale. Every line a
    chart draws in a category's colour is 3:1 or more (WCAG 1.4.11); every filled dot whose
    colour may be pale has an edge that is."""
    lines = dots = 0
    for name, spec in every_chart("zh").items():
        for view in views(spec):
            mark = view["mark"] if isinstance(view["mark"], dict) else {"type": view["mark"]}
            ranges = [c for _, scale in colour_scales(view) for c in scale.get("range", [])]
            if mark["type"] == "line" and ranges:
                lines += 1
                assert min(map(contrast_on_white, ranges)) >= 3, (name, ranges)
            pale = [c for c in ranges if contrast_on_white(c) < 3]
            if mark["type"] == "point" and mark.get("filled") and pale:
                dots += 1
                assert contrast_on_white(mark.get("stroke", "#FFFFFF")) >= 3, (name, mark)
    assert lines >= 2 and dots >= 1  # the attainment and rank-history lines, the league's dots
