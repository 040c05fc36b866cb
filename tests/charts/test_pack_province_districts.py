"""A province's fourteen 市州 on the meeting pack's one slide each table of districts has.

Fourteen units, one in each 市州, loaded through the real loader (tests/pack_bureau.py's
bureau of one indicator), each with one finding closed in the quarter: the rectification
slide by 市州 lists fourteen rows of one line each."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pack_bureau import build
from pptx import Presentation

import accounts
from charts.pack import PackRequest, make_pack
from etl.db import connect
from etl.load import load_file

QUARTER = "2025Q3"
CITIES = (
    "兰州市", "嘉峪关市", "金昌市", "白银市", "天水市", "武威市", "张掖市",
    "平凉市", "酒泉市", "庆阳市", "定西市", "陇南市", "临夏回族自治州", "甘南藏族自治州",
)  # fmt: skip
UNITS = {f"P{i:02d}": (f"{city}人民医院", city, 8000 + 50 * i) for i, city in enumerate(CITIES, 1)}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("province") / "province.duckdb"
    build(path, QUARTER, UNITS)
    findings = "".join(
        f"{code},2025-07-0{1 + i % 9},暗访,导医服务,6,10,导医台无人值守,2025-08-01,2025-07-20\n"
        for i, code in enumerate(UNITS)
    )
    text = (
        "unit_code,inspection_date,inspection_type,item,score,max_score,finding,rectify_by,"
        "rectified_on\n" + findings
    )
    connection = connect(str(path))
    result = load_file(connection, text.encode("utf-8"), "inspections.csv", today=date.today())
    assert result.outcome == "loaded", result.problems
    accounts.set_bureau(connection, level="省", name="甘肃省卫生健康委员会")
    yield connection
    connection.close()


def test_the_fourteen_districts_rectification_table_is_one_slide(con):
    """Twelve rows a slide put the last two 市州 on a slide of their own (续 2/2): the table a
    province's meeting reads 市州 by 市州 was cut in two."""
    accounts.speak_for_store(con)
    deck = Presentation(io.BytesIO(make_pack(con, PackRequest(QUARTER)).pptx))
    slides = [s for s in deck.slides if s.shapes.title.text.startswith("整改用时")]
    assert len(slides) == 1, [s.shapes.title.text for s in slides]
    [table] = [sh.table for sh in slides[0].shapes if sh.has_table]
    assert table.cell(0, 0).text == "市州"
    assert sorted(table.cell(r, 0).text for r in range(1, len(table.rows))) == sorted(CITIES)
    bottom = max(sh.top + sh.height for sh in slides[0].shapes if sh.has_table)
    assert bottom <= deck.slide_height
