"""Charts of units on a phone's page (358 px inside a 390-px window) and on a desktop's (820 px
beside the sidebar of a 1280-px window), as Vega draws them (vl-convert), and their files.

On a page Vega's ``containerSize()`` is the chart's box and ``windowSize()`` the window;
vl-convert has neither, so ``as_drawn`` writes the page's numbers into the spec in their
place, and stretches the chart to the page as Streamlit does (autosize fit-x, its width)."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest
import vl_convert
from chart_specs import marks

from charts import builders as b
from charts.export import titled_chart_file

# 16 characters: under MAX_LABEL_CHARS, so the label holds the whole name (about 200 px)
NAMES = ["七里河区东岗街道社区卫生服务中心", "皋兰县火车站街道社区卫生服务中心", "榆中县骨科医院"]
PHONE, DESKTOP = (358, 390), (820, 1280)  # (page, window) px


def ranking() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit_code": ["U1", "U2", "U3"],
            "unit_name": NAMES,
            "peer_group": ["三级医院"] * 3,
            "value": [90.0, 80.0, 70.0],
            "rank": [1, 2, 3],
            "rank_low": [1, 1, 2],
            "rank_high": [2, 3, 3],
            "ci_low": [None, None, None],  # the index has no interval
            "ci_high": [None, None, None],
        },
        schema_overrides={"ci_low": pl.Float64, "ci_high": pl.Float64},
    )


def movers() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit_code": ["U1", "U2", "U3"],
            "unit_name": NAMES,
            "value_change": [3.0, -2.0, 1.0],
            "rank": [1, 3, 2],
            "since_rank": [2, 1, 3],
            "rank_change": [1, -2, 1],
            "movement": ["improved", "declined", "improved"],
        }
    )


def robustness() -> pl.DataFrame:
    ranks = {f"rank_{m}": [1, 2, 3] for m in ("attainment", "minmax", "zscore")}
    return pl.DataFrame(
        {
            "unit_code": ["U1", "U2", "U3"],
            "unit_name": NAMES,
            **ranks,
            "rank_equal_weights": [2, 1, 3],
            "rank_best": [1, 1, 3],
            "rank_worst": [2, 2, 3],
            "largest_shift": [1, 1, 0],
        }
    )


def index() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit_code": ["U1", "U2", "U3"] * 2,
            "unit_name": NAMES * 2,
            "quarter": ["2026Q2"] * 3 + ["2026Q3"] * 3,
            "civility_index": [90.0, 80.0, 70.0, 85.0, 75.0, 65.0],
            "status": ["ranked"] * 6,
        }
    )


def completeness() -> pl.DataFrame:
    """Four quarters (the page's window) of three kinds; the last quarter missing."""
    rows = [
        {"unit_code": f"U{i + 1}", "unit_name": name, "kind": kind, "quarter": quarter}
        for i, name in enumerate(NAMES)
        for kind in b.KIND_ORDER
        for quarter in ("2025Q4", "2026Q1", "2026Q2", "2026Q3")
    ]
    return pl.DataFrame(rows).with_columns(rows=pl.lit(3), reported=pl.col("quarter") != "2026Q3")


BARS = {
    "league": lambda: b.render_league_chart(ranking(), "zh"),
    "movers": lambda: b.render_movers_chart(movers(), "zh"),
    "robustness": lambda: b.render_robustness_chart(robustness(), "zh"),
    "heatmap": lambda: b.render_heatmap_chart(index(), "zh"),
}


def as_drawn(chart, page: tuple[int, int]) -> str:
    """The SVG of ``chart`` on a page ``page`` = (page, window) px wide."""
    spec = chart.to_dict()
    if "facet" not in spec:  # a single or layered chart is stretched to the page
        spec.update(autosize={"type": "fit-x", "contains": "padding"}, width=page[0])
    text = json.dumps(spec, ensure_ascii=False)
    placed = text.replace("containerSize()[0]", str(page[0]))
    placed = placed.replace("windowSize()[0]", str(page[1]))
    assert placed != text, "the chart's labels do not follow the page's width"
    return vl_convert.vegalite_to_svg(placed)


def svg_width(svg: str) -> float:
    return float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))


def unit_labels(svg: str) -> list[str]:
    """The labels of the axis naming the units (the y-axis of a discrete scale)."""
    axis = re.search(r'aria-label="Y-axis for a discrete scale.*?role-axis-label.*?</g>', svg, re.S)
    return re.findall(r">([^<>]+)</text>", axis.group(0))


def plot_left(svg: str) -> float:
    """Where the plot starts: the room taken left of it by the units' names."""
    return float(re.search(r'<g[^>]*transform="translate\(([\d.]+),', svg).group(1))


@pytest.mark.parametrize("name", BARS)
def test_on_a_phone_the_units_names_leave_the_bars_most_of_the_chart(name):
    # a trial: at a 390-px window the names took 251 of the 358 px (70%), the bars a sliver
    svg = as_drawn(BARS[name](), PHONE)
    labels = unit_labels(svg)
    assert len(labels) == 3
    assert all(label.endswith("…") for label in labels if "医院" not in label), labels
    assert svg_width(svg) <= PHONE[0]
    # the names within 35% of the chart, with the axis's ticks and padding about 40%
    assert plot_left(svg) <= 0.4 * PHONE[0]


@pytest.mark.parametrize("name", BARS)
def test_on_a_desktop_and_in_files_the_units_names_are_whole(name):
    svg = as_drawn(BARS[name](), DESKTOP)
    whole = [label for label in unit_labels(svg) if any(n in label for n in NAMES)]
    assert len(whole) == 3
    # the files (PNG, SVG, PDF; the deck's pictures) have no page: whole names
    exported = titled_chart_file(BARS[name](), "svg", "标题").decode("utf-8")
    assert [n for n in NAMES if n not in exported] == []
    assert "…" not in "".join(unit_labels(exported))


def test_the_completeness_matrix_fits_a_phones_page_with_the_names_cut_short():
    # a trial: the matrix was drawn 669 px wide at a 390-px window, cut off at its edge
    chart = b.render_completeness_chart(completeness(), "zh")
    phone = as_drawn(chart, PHONE)
    assert svg_width(phone) <= PHONE[0]
    labels = unit_labels(phone)
    assert len(labels) == 3 and labels[0].startswith("U1 ") and labels[0].endswith("…")
    desktop = as_drawn(chart, DESKTOP)
    assert [n for n in NAMES if not any(n in label for label in unit_labels(desktop))] == []
    assert svg_width(desktop) <= DESKTOP[0]
    exported = titled_chart_file(chart, "svg", "标题").decode("utf-8")
    assert "…" not in "".join(unit_labels(exported))


@pytest.mark.parametrize(
    "chart",
    [*BARS.values(), lambda: b.render_completeness_chart(completeness(), "zh")],
    ids=[*BARS, "completeness"],
)
def test_a_cut_name_is_whole_in_the_tooltip(chart):
    tips = [
        [entry["field"] for entry in view["encoding"]["tooltip"]]
        for view in marks(chart().to_dict())
        if "tooltip" in view.get("encoding", {})
    ]
    assert tips and all("unit_name" in fields for fields in tips), tips


def stretched(chart, page: tuple[int, int]) -> str:
    """The SVG of ``chart`` stretched to a page ``page`` px wide as Streamlit stretches a
    stack of rows (its width="stretch"): the page's width to the chart and to each row, and
    the autosize the page gives it (ui/page_parts.py, chart_with_downloads)."""
    spec = chart.to_dict()
    if "vconcat" in spec:  # a facet is drawn as it is: Vega-Lite cannot fit it to the page
        spec.update(autosize={"type": "fit-x", "contains": "padding"}, width=page[0])
        for row in spec["vconcat"]:
            row["width"] = page[0]
    return vl_convert.vegalite_to_svg(json.dumps(spec, ensure_ascii=False))


def distribution() -> pl.DataFrame:
    """Two peer groups' indices over two quarters, every unit ranked."""
    township = index().with_columns(
        pl.col("unit_code") + "T", peer_group=pl.lit("乡镇卫生院"), civility_index=70.0
    )
    both = pl.concat([index().with_columns(peer_group=pl.lit("三级医院")), township])
    return both.with_columns(status=pl.lit("ranked"))


def test_the_index_distribution_fits_a_phones_page_and_files_keep_their_width():
    # a trial: the Trends page's box plots, a row of 720 px per peer group, drew 762 px on a
    # 358-px page, the page scrolling sideways
    chart = b.render_index_distribution_chart(distribution(), "zh")
    for page in (PHONE, DESKTOP):
        svg = stretched(chart, page)
        assert page[0] - 10 <= svg_width(svg) <= page[0], page
        assert svg.count("mark-rect role-mark") >= 2  # each group's boxes drawn
    exported = titled_chart_file(chart, "svg", "标题").decode("utf-8")
    assert svg_width(exported) >= b.WIDTH  # the file's rows are 720 px, as before
    assert "三级医院" in exported and "乡镇卫生院" in exported
