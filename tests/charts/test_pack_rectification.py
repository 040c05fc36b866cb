"""Days to close in the meeting pack (issue 11), on tests/ledger_bureau.py, whose figures are
worked by hand in its docstring: by district, by unit and per finding."""

from __future__ import annotations

import io
import subprocess
import unicodedata
from types import SimpleNamespace

import duckdb
import polars as pl
import pytest
from ledger_bureau import QUARTER, build
from PIL import ImageFont
from pptx import Presentation
from pptx.util import Emu

from charts.coverage import Coverage
from charts.deck import DECK_FONT, deck_pptx
from charts.pack import PackRequest, gather, pack_slides
from charts.pack.maker import SlideMaker
from charts.pack.rectification import unit_slide
from charts.pack.tables import col


@pytest.fixture(scope="module")
def slides(tmp_path_factory):
    path = tmp_path_factory.mktemp("pack_ledger") / "bureau.duckdb"
    build(path)
    con = duckdb.connect(str(path))
    try:
        found = {}
        for lang in ("zh", "en"):
            made, _ = pack_slides(gather(con, PackRequest(QUARTER, lang=lang)))
            found[lang] = made
        return found
    finally:
        con.close()


def slide(slides, start: str):
    [found] = [s for s in slides if s.title.startswith(start)]
    return found


def test_days_to_close_by_district_with_the_mean_in_the_title(slides):
    district = slide(slides["zh"], "整改用时")
    assert district.title == "整改用时：平均 15.0 天（按区县）"  # (10 + 30 + 5) / 3
    assert district.table.columns == ["区县", "已整改", "按期率", "平均整改天数"]
    # slowest first: 城关区 A1's 10 and 30 days, one of two on time; 西固区 A3's 5 days
    assert district.table.rows == [
        ["城关区", "2", "50.0%", "20.0"],
        ["西固区", "1", "100.0%", "5.0"],
    ]


def test_days_to_close_by_unit_slowest_first(slides):
    units = slide(slides["en"], "Units slowest to close")
    assert [row[0] for row in units.table.rows] == ["甲医院", "丙医院"]  # A2 closed nothing
    assert [row[-1] for row in units.table.rows] == ["20.0", "5.0"]
    assert [row[-2] for row in units.table.rows] == ["50.0%", "100.0%"]


def test_days_to_close_per_finding_of_the_quarter(slides):
    findings = slide(slides["en"], "Findings of the quarter already closed")
    assert findings.title == "Findings of the quarter already closed: 3 (by days to close)"
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in findings.table.rows] == [
        ("甲医院", "环境卫生", "2025-08-01", "2025-08-31", "30"),
        ("甲医院", "服务态度", "2025-07-01", "2025-07-11", "10"),
        ("丙医院", "服务态度", "2025-07-10", "2025-07-15", "5"),
    ]


def test_the_chinese_findings_table_writes_its_days_short_with_the_year(slides):
    # as the circular's tables (fmt_date short): 2025.8.31, not 2025年8月31日
    findings = slide(slides["zh"], "本季度发现")
    assert [(r[0], r[3], r[4]) for r in findings.table.rows] == [
        ("甲医院", "2025.8.1", "2025.8.31"),
        ("甲医院", "2025.7.1", "2025.7.11"),
        ("丙医院", "2025.7.10", "2025.7.15"),
    ]


def test_rectification_slides_follow_the_overdue_list(slides):
    titles = [s.title for s in slides["zh"]]
    overdue = next(i for i, t in enumerate(titles) if t.startswith("逾期未整改问题"))
    speed = next(i for i, t in enumerate(titles) if t.startswith("整改用时"))
    completeness = next(i for i, t in enumerate(titles) if t.startswith("数据完整性"))
    assert overdue < speed < completeness


# LibreOffice puts a space between Chinese and other text in a line: 3.0–3.5 pt at 12 pt,
# measured on its PDF of a deck (LibreOffice 7.4: "2026 年 7 月 25 日")
SCRIPT_CHANGE_EM = 0.29


def substitute(pattern: str) -> ImageFont.FreeTypeFont:
    """The face fontconfig draws ``pattern`` with (what LibreOffice uses where it is missing)."""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}|%{index}", pattern], capture_output=True, text=True, check=True
    ).stdout
    path, index = found.split("|")
    return ImageFont.truetype(path, 1000, index=int(index))


def drawn_width_pt(text: str, size_pt: float) -> float:
    """``text`` set in the deck's font (or its substitutes here, for Latin and for Chinese)."""
    latin, chinese = substitute(DECK_FONT), substitute(f"{DECK_FONT}:lang=zh-cn")
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    faces = [chinese if w else latin for w in wide]
    ems = sum(face.getlength(ch) / 1000 for ch, face in zip(text, faces, strict=True))
    changes = sum(a != b for a, b in zip(wide, wide[1:], strict=False))
    return (ems + changes * SCRIPT_CHANGE_EM) * size_pt


@pytest.mark.parametrize(
    ("lang", "start"), [("zh", "本季度发现"), ("en", "Findings of the quarter")]
)
def test_the_findings_dates_fit_their_columns_on_one_line(slides, lang, start):
    # LibreOffice broke 2025年8月31日 after 月 in a column of the table's share (1.46 in,
    # 90 pt inside its margins, where the date takes about 107 pt)
    deck = Presentation(io.BytesIO(deck_pptx([slide(slides[lang], start)], lang=lang)))
    [table] = [s.table for s in deck.slides[0].shapes if s.has_table]
    heads = [table.cell(0, c).text for c in range(len(table.columns))]
    dated = [heads.index(col("inspected", lang)), heads.index(col("closed_on", lang))]
    measured = []
    for r in range(1, len(table.rows)):
        for c in dated:
            cell = table.cell(r, c)
            room = Emu(table.columns[c].width - cell.margin_left - cell.margin_right).pt
            [run] = cell.text_frame.paragraphs[0].runs
            measured.append((cell.text, drawn_width_pt(cell.text, run.font.size.pt), room))
    assert len(measured) == 6  # three findings, two dates each
    assert [m for m in measured if m[1] > m[2]] == []


def test_a_long_list_of_units_is_counted_in_units():
    """The province's slide of units slowest to close said '仅列出 48 条，共 4881 条': units are
    counted 家 (条 counts findings and rows); the English says 'units'."""
    units = pl.DataFrame(
        {
            "unit_code": [f"U{i:02d}" for i in range(50)],
            "unit_name": [f"第{i}卫生院" for i in range(50)],
            "district": ["城关区"] * 50,
            "peer_group": ["乡镇卫生院"] * 50,
            "closed": [3] * 50,
            "on_time_rate": [0.5] * 50,
            "mean_days_to_close": [float(60 - i) for i in range(50)],
        }
    )
    subtitles = {}
    for lang in ("zh", "en"):
        data = SimpleNamespace(
            lang=lang, coverage=Coverage(), loaded_up_to="—", quarter=QUARTER, ledger_units=units
        )
        maker = SlideMaker(data)
        unit_slide(maker)
        assert maker.slides[0].table.rows[0][0] == "第0卫生院"  # the slowest first
        subtitles[lang] = maker.slides[0].subtitle
    assert subtitles["zh"] == "仅列出 48 家，共 50 家；完整清单见“整改台账”页面。"
    assert subtitles["en"].startswith("48 of 50 units shown;")


def test_an_english_list_of_units_takes_twelve_a_slide_its_peer_groups_on_one_line():
    """The English deck's slowest-to-close list took 7 or 8 rows a slide where the Chinese
    took 12: "Community health centre" wrapped onto two lines in its column (1.9 of 10.4
    shares of 12.4 in), each row counted two of the slide's lines. The peer group's column is
    as wide as its longest name on one line, and 24 units take two slides of 12."""
    groups = ["社区卫生服务中心", "乡镇卫生院", "专业公共卫生机构"] * 8
    units = pl.DataFrame(
        {
            "unit_code": [f"U{i:02d}" for i in range(24)],
            "unit_name": ["七里河区东岗街道社区卫生服务中心"] * 24,
            "district": ["七里河区"] * 24,
            "peer_group": groups,
            "closed": [3] * 24,
            "on_time_rate": [0.5] * 24,
            "mean_days_to_close": [float(60 - i) for i in range(24)],
        }
    )
    data = SimpleNamespace(
        lang="en", coverage=Coverage(), loaded_up_to="—", quarter=QUARTER, ledger_units=units
    )
    maker = SlideMaker(data)
    unit_slide(maker)
    assert [len(s.table.rows) for s in maker.slides] == [12, 12]
    deck = Presentation(io.BytesIO(deck_pptx(maker.slides[:1], lang="en")))
    [table] = [s.table for s in deck.slides[0].shapes if s.has_table]
    c = [table.cell(0, i).text for i in range(len(table.columns))].index("Peer group")
    measured = []
    for r in range(1, len(table.rows)):
        cell = table.cell(r, c)
        room = Emu(table.columns[c].width - cell.margin_left - cell.margin_right).pt
        [run] = cell.text_frame.paragraphs[0].runs
        measured.append((cell.text, drawn_width_pt(cell.text, run.font.size.pt), room))
    assert {m[0] for m in measured} >= {"Community health centre", "Public-health institution"}
    assert [m for m in measured if m[1] > m[2]] == []
