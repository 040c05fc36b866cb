"""Each peer group keeps one colour in every chart, page and export, whatever groups the chart
holds, with the legend in the registry's order (etl.contracts.PEER_GROUPS).

The fault: colours were handed out in the order of the labels present, so a viewer of 城关区
(no 二级医院) saw 社区卫生服务中心 in the green the bureau's deck gives 二级医院, and the legend
read 三级, 专业公共卫生, 乡镇, 二级, 社区 (the labels' code-point order).
"""

from __future__ import annotations

import io

import polars as pl
import pytest
from chart_specs import marks
from PIL import Image

from charts import builders as b
from charts import palette
from charts.export import chart_png, chart_svg, with_title_and_footnote
from charts.pack.maker import without_title
from etl.contracts import PEER_GROUPS

BLUE, SKY_BLUE, BLUISH_GREEN = "#0072B2", "#56B4E9", "#009E73"
ORANGE, REDDISH_PURPLE, BLACK, YELLOW = "#E69F00", "#CC79A7", "#000000", "#F0E442"
# the registry's order, which every legend keeps
REGISTRY = ["三级医院", "二级医院", "乡镇卫生院", "社区卫生服务中心", "专业公共卫生机构"]
BUREAU_COLOURS = {
    "三级医院": BLUE,
    "二级医院": BLUISH_GREEN,
    "乡镇卫生院": SKY_BLUE,
    "社区卫生服务中心": REDDISH_PURPLE,
    "专业公共卫生机构": ORANGE,
}
# 城关区 has no 二级医院 and no 专业公共卫生机构; the rows come in no particular order
DISTRICT = ["社区卫生服务中心", "三级医院", "乡镇卫生院"]


def ranking(groups: list[str]) -> pl.DataFrame:
    """Query ``rankings``: one ranked unit per group given."""
    n = len(groups)
    return pl.DataFrame(
        {
            "unit_code": [f"U{i}" for i in range(1, n + 1)],
            "unit_name": [f"单位{i}" for i in range(1, n + 1)],
            "peer_group": groups,
            "value": [90.0 - i for i in range(n)],
            "rank": list(range(1, n + 1)),
            "rank_low": list(range(1, n + 1)),
            "rank_high": list(range(1, n + 1)),
            "ci_low": [None] * n,  # by the index: no interval of the value
            "ci_high": [None] * n,
        },
        schema_overrides={"ci_low": pl.Float64, "ci_high": pl.Float64},
    )


def index_history(groups: list[str]) -> pl.DataFrame:
    """Query ``civility_index`` for two quarters: two ranked units per group given."""
    rows = [
        (f"{g}{k}", g, quarter, 60.0 + 10 * k + j)
        for j, g in enumerate(groups)
        for k in (1, 2)
        for quarter in ("2025Q2", "2025Q3")
    ]
    codes, peer_groups, quarters, index = zip(*rows, strict=True)
    return pl.DataFrame(
        {
            "unit_code": codes,
            "unit_name": codes,
            "peer_group": peer_groups,
            "quarter": quarters,
            "civility_index": index,
            "status": ["ranked"] * len(rows),
        }
    )


def legend(spec: dict) -> list[tuple[str, str]]:
    """(label, colour) in the order of the peer-group colour scale, the same in every view."""
    scales = [
        v["encoding"]["color"]["scale"]
        for v in marks(spec)
        if v.get("encoding", {}).get("color", {}).get("field") == "peer_label"
    ]
    assert scales, "no view is coloured by peer group"
    assert all("domain" in s for s in scales), "colours handed out by the groups present"
    found = [list(zip(s["domain"], s["range"], strict=True)) for s in scales]
    assert all(f == found[0] for f in found), found
    return found[0]


def league(groups: list[str], lang: str = "zh") -> dict:
    return b.render_league_chart(ranking(groups), lang).to_dict()


def test_a_district_without_secondary_hospitals_keeps_the_bureau_colours():
    assert dict(legend(league(REGISTRY[::-1]))) == BUREAU_COLOURS
    assert dict(legend(league(DISTRICT))) == {
        "三级医院": BLUE,
        "乡镇卫生院": SKY_BLUE,
        "社区卫生服务中心": REDDISH_PURPLE,  # not 二级医院's green
    }


def test_the_legend_is_in_the_registry_order():
    assert [label for label, _ in legend(league(REGISTRY[::-1]))] == REGISTRY
    assert [label for label, _ in legend(league(DISTRICT))] == [
        "三级医院",
        "乡镇卫生院",
        "社区卫生服务中心",
    ]


def test_the_colour_follows_the_group_not_its_label_in_english():
    assert legend(league(REGISTRY[::-1], "en")) == [
        ("Tertiary hospital", BLUE),
        ("Secondary hospital", BLUISH_GREEN),
        ("Township health centre", SKY_BLUE),
        ("Community health centre", REDDISH_PURPLE),
        ("Public-health institution", ORANGE),
    ]
    assert legend(league(DISTRICT, "en")) == [
        ("Tertiary hospital", BLUE),
        ("Township health centre", SKY_BLUE),
        ("Community health centre", REDDISH_PURPLE),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_index_distribution_colours_and_rows_as_the_league(lang):
    spec = b.render_index_distribution_chart(index_history(DISTRICT), lang).to_dict()
    expected = {
        "zh": [("三级医院", BLUE), ("乡镇卫生院", SKY_BLUE), ("社区卫生服务中心", REDDISH_PURPLE)],
        "en": [
            ("Tertiary hospital", BLUE),
            ("Township health centre", SKY_BLUE),
            ("Community health centre", REDDISH_PURPLE),
        ],
    }[lang]
    assert legend(spec) == expected
    assert [row["title"]["text"] for row in spec["vconcat"]] == [name for name, _ in expected]


def test_every_registered_group_has_its_own_colour():
    assert list(palette.PEER_GROUP_COLOURS) == list(PEER_GROUPS) == REGISTRY
    assert palette.PEER_GROUP_COLOURS == BUREAU_COLOURS
    assert palette.OTHER_GROUP_COLOURS == (BLACK, YELLOW)  # the categorical colours left


def test_a_group_outside_the_registry_keeps_one_colour_wherever_it_is_drawn():
    # by the CRC-32 of the UTF-8 name over (black, yellow): 妇幼保健院 2346338610 is even,
    # 口腔专科医院 835888691 odd
    assert legend(league(["妇幼保健院"])) == [("妇幼保健院", BLACK)]
    assert palette.peer_group_colour("妇幼保健院") == BLACK
    assert palette.peer_group_colour("口腔专科医院") == YELLOW
    # after the registry's groups, by name (口 U+53E3 before 妇 U+5987)
    assert legend(league(["妇幼保健院", "三级医院", "口腔专科医院"], "en")) == [
        ("Tertiary hospital", BLUE),
        ("口腔专科医院", YELLOW),
        ("妇幼保健院", BLACK),
    ]


def test_the_exported_svg_fills_the_district_bars_in_the_bureau_colours():
    chart = with_title_and_footnote(
        b.render_league_chart(ranking(DISTRICT), "zh"), title="排名：城关区"
    )
    svg = chart_svg(chart).decode("utf-8").upper()
    for colour in (BLUE, SKY_BLUE, REDDISH_PURPLE):
        assert f'FILL="{colour}"' in svg, colour
    assert BLUISH_GREEN not in svg and ORANGE not in svg


def test_the_deck_picture_draws_community_centres_in_their_colour():
    """The meeting pack's trend slide: the chart as a slide takes it (no title), as PNG."""
    chart = without_title(b.render_index_distribution_chart(index_history(DISTRICT), "zh"))
    picture = Image.open(io.BytesIO(chart_png(chart, scale=1))).convert("RGB")
    colours = {rgb for _, rgb in picture.getcolors(maxcolors=1 << 20)}
    assert (0xCC, 0x79, 0xA7) in colours  # 社区卫生服务中心's boxes
    assert (0x00, 0x9E, 0x73) not in colours  # no 二级医院 here, so no green
