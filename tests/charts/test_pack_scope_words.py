"""The pack and the circular name their scope as it is: a peer group, a district, a unit (by
its name), or 全市 only for the whole city (tests/pack_bureau.py, worked by hand there).

Every unit is a 三级医院, so the group's figures are the city's: only the words differ. The
mean index is 100 × mean(0.89, 0.87, 0.85, 0.83, 0.79, 0.77, 0.75, 0.73) / 0.90
= 100 × 0.81 / 0.90 = 90.0, over 8 units.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from pack_bureau import build

from charts.circular import circular_docx
from charts.pack import PackRequest, circular_input, gather, pack_slides
from etl.db import connect
from etl.quarters import quarter_of_today, shift_quarter
from queries.scope import Scope

QUARTER = shift_quarter(quarter_of_today(), -1)
GROUP = ("三级医院",)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("scope_words") / "bureau.duckdb"
    build(path, QUARTER)
    connection = connect(str(path))
    yield connection
    connection.close()


def made(con, **request):
    """The slides and the circular's paragraphs of a pack asked for with ``request``."""
    data = gather(con, PackRequest(QUARTER, **request))
    slides, _ = pack_slides(data)
    doc = Document(io.BytesIO(circular_docx(circular_input(data))))
    return slides, [p.text for p in doc.paragraphs]


def titled(slides, start: str):
    [slide] = [s for s in slides if s.title.startswith(start)]
    return slide


def overview(lines: list[str], lead: str) -> str:
    return next(line for line in lines if line.startswith(lead))


def test_a_peer_group_pack_and_circular_name_the_group_not_the_city(con):
    slides, lines = made(con, peer_groups=GROUP)
    assert titled(slides, "三级医院文明指数走势：")
    assert not [s.title for s in slides if "全市" in s.title]
    year, number = QUARTER.split("Q")
    formal = "一二三四"[int(number) - 1]  # the circular's quarter, as official documents write it
    assert lines[0] == f"关于{year}年第{formal}季度三级医院文明创建测评情况的通报"
    assert lines[2] == (
        "（本稿仅列三级医院：表扬、通报、逾期未整改问题和报送情况均为其单位；"
        "参评单位数、文明指数平均值和达标率为全部三级医院的数据。）"
    )
    text = overview(lines, "根据全市文明创建测评体系")
    assert "市卫生健康委员会于" in text and "对三级医院8家单位开展了文明创建测评" in text
    assert "三级医院文明指数平均为90.0" in text and "全市文明指数" not in text


def test_the_english_circular_of_a_peer_group_names_it(con):
    data = gather(con, PackRequest(QUARTER, lang="en", peer_groups=GROUP))
    doc = Document(io.BytesIO(circular_docx(circular_input(data))))
    lines = [p.text for p in doc.paragraphs]
    assert lines[0].startswith("Circular on the civility assessment of Tertiary hospital units, ")
    assert lines[2] == (
        "(This draft lists the Tertiary hospital units only: the commended and named units, "
        "overdue findings and reporting are theirs; the units assessed, the mean index and the "
        "attainment rate are those of all Tertiary hospital units.)"
    )
    text = overview(lines, "Under the civility assessment system of the city")
    assert "the City Health Commission assessed 8 Tertiary hospital units in" in text
    assert "The mean civility index of Tertiary hospital units was 90.0" in text
    # the title slide lists the scope as English lists it ("、" and "；" joined it before)
    slides, _ = pack_slides(
        gather(con, PackRequest(QUARTER, lang="en", districts=("城关区",), peer_groups=GROUP))
    )
    assert "Districts: 城关区; Peer groups: Tertiary hospital" in slides[0].subtitle


def test_a_district_and_group_pack_says_its_attainment_is_the_whole_groups(con):
    slides, lines = made(con, districts=("城关区",), peer_groups=GROUP)
    assert titled(slides, "城关区三级医院文明指数走势：")
    attainment = titled(slides, "指标达标")
    assert attainment.subtitle == "三级医院所有参评单位（不限于所列单位）的达标情况"
    assert titled(slides, "三级医院排名").subtitle.startswith(
        "仅列出城关区的单位；名次为全类别排名"
    )
    assert lines[2] == (
        "（本稿仅列城关区的三级医院：表扬、通报、逾期未整改问题和报送情况均为其单位；"
        "参评单位数、文明指数平均值和达标率为全部三级医院的数据。）"
    )


def test_a_units_own_pack_names_the_unit_not_its_code(con):
    slides, lines = made(con, scope=Scope(unit="U1"))
    assert "单位：甲医院" in slides[0].subtitle
    labels = [f.label for f in slides[1].figures]
    assert "逾期未整改问题（甲医院）" in labels and "有缺报的单位（甲医院）" in labels
    assert titled(slides, "甲医院文明指数走势：")
    ranking = titled(slides, "三级医院排名")
    assert ranking.subtitle.startswith("仅列出甲医院；名次为其在全类别中的名次")
    assert titled(slides, "指标达标").subtitle == "全市所有参评单位的达标情况"
    assert titled(slides, "逾期未整改问题 ").title.endswith("（甲医院）")
    assert lines[2] == (
        "（本稿仅列甲医院一家单位：表扬、通报、逾期未整改问题和报送情况均只涉及该单位；"
        "参评单位数、文明指数平均值和达标率为全市数据。）"
    )
    words = [s.title for s in slides] + [s.subtitle for s in slides] + lines + labels
    assert not [w for w in words if "U1" in w or "所选区县" in w]


def test_the_whole_bureaus_pack_says_the_city(con):
    slides, lines = made(con)
    assert titled(slides, "全市文明指数走势：")
    assert lines[0].endswith("全市卫生健康系统文明创建测评情况的通报")
    assert not [line for line in lines if line.startswith("（本稿仅列")]
    text = overview(lines, "根据全市文明创建测评体系")
    assert "对全市8家单位开展了文明创建测评" in text and "全市文明指数平均为90.0" in text


def test_a_packs_districts_are_those_chosen_else_its_readers_own():
    # The meeting-pack page names its files after them: a district account's pack was named
    # civbench_2026Q3_meeting-pack.pptx, as the bureau's whole pack is.
    own = Scope(districts=("城关区",))
    assert PackRequest(QUARTER, scope=own).named_districts == ("城关区",)
    assert PackRequest(QUARTER, districts=("七里河区",)).named_districts == ("七里河区",)
    assert PackRequest(QUARTER).named_districts == ()
    assert PackRequest(QUARTER, scope=Scope(unit="U0001")).named_districts == ()
