"""A province's bureau gets a province's pack and circular: the command line reads the bureau
the store names (``python -m etl users bureau``) and every slide, page and paragraph says 全省
and the bureau's own name, not the 全市 / 市卫生健康委员会 of a city's."""

from __future__ import annotations

import datetime as dt

import duckdb
import pypdf
import pytest
from demo_templates import demo_copy
from docx import Document
from export_text import pdf_text, pptx_text
from pptx import Presentation

import accounts
from charts.cli import main
from etl.db import connect
from queries import run

NAME = "甘肃省卫生健康委员会"


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """The demo of tests/charts/test_pack.py, test_pack_published.py and the pages' stores
    (one build per test run for them all), its bureau made a province's."""
    path = demo_copy(
        tmp_path_factory, tmp_path_factory.mktemp("province") / "demo.duckdb", units=24, quarters=4
    )
    con = connect(str(path))
    accounts.set_bureau(con, level="省", name=NAME)
    con.close()
    return path


def test_the_pack_and_circular_of_a_province_say_its_words(province, tmp_path):
    con = duckdb.connect(str(province), read_only=True)
    quarter = run(con, "quarters")["quarter"].max()
    con.close()
    out, circular = tmp_path / "pack.pptx", tmp_path / "circular.docx"
    pdf_path = tmp_path / "pack.pdf"
    args = ["pack", "--quarter", quarter, "--out", str(out), "--circular", str(circular)]
    assert main([*args, "--pdf", str(pdf_path), "--db", str(province), "--quiet"]) == 0

    slides = pptx_text(out.read_bytes())
    pdf = pdf_text(pdf_path.read_bytes())
    paragraphs = [p.text for p in Document(str(circular)).paragraphs]
    letter = "\n".join(paragraphs)
    # what a city's pack says in these places (tests/charts/test_pack.py, test_circular.py)
    assert "全省名次" in slides and "全省文明指数" in slides
    assert "全省名次" in pdf and "全省文明指数" in pdf
    assert (
        paragraphs[0].startswith("关于")
        and "全省卫生健康系统文明创建测评情况的通报" in paragraphs[0]
    )
    assert f"根据全省文明创建测评体系，{NAME}于" in letter
    assert NAME in paragraphs  # a paragraph of its own: the signature
    for text in (slides, pdf, letter):
        assert "全市" not in text and "市卫生健康委员会" not in text
        assert "区县" not in text  # a city's word for its districts: a province has 市州
    assert "各市州卫生健康委，委属各单位：" in paragraphs
    assert "市州" in slides  # the rankings' column of where each unit lies
    # the overdue findings' table names each unit's 市州, whose bureau the circular addresses
    headings = [[cell.text for cell in t.rows[0].cells] for t in Document(str(circular)).tables]
    assert ["单位", "市州", "检查项目", "问题", "检查日期", "整改期限", "逾期天数"] in headings

    # File → Properties: the bureau wrote them, under their own titles, today, in Chinese (not
    # python-pptx's "Steve Canny" of 2013, python-docx's "python-docx", a PDF without a title)
    year, number = quarter.split("Q")
    said = f"{year}年第{number}季度"
    formal = f"{year}年第{'一二三四'[int(number) - 1]}季度"  # the circular's, as documents write it
    deck = Presentation(str(out)).core_properties
    letter_properties = Document(str(circular)).core_properties
    assert (deck.title, deck.author, deck.last_modified_by, deck.comments) == (
        f"{said}文明创建测评季度例会",
        NAME,
        NAME,
        "",
    )
    assert (letter_properties.title, letter_properties.author, letter_properties.comments) == (
        f"关于{formal}全省卫生健康系统文明创建测评情况的通报",
        NAME,
        "",
    )
    for properties in (deck, letter_properties):
        assert properties.language == "zh-CN"
        made = properties.created.replace(tzinfo=None)  # UTC, as Office keeps it
        assert abs(dt.datetime.now(dt.UTC).replace(tzinfo=None) - made) < dt.timedelta(minutes=10)
    pdf_info = pypdf.PdfReader(str(pdf_path)).metadata
    assert (pdf_info.title, pdf_info.author) == (f"{said}文明创建测评季度例会", NAME)
