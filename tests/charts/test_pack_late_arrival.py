"""A late file loaded long after it arrived: the deck and the circular give, beside its days
late, the day they count from. A trial's circular listed a file received on 2026-10-25 under
报送日期 2026年12月5日 (the day it was loaded) with 10 days late, which that date contradicts
(5 December is 51 days after the 15 October deadline), and its appendix said lateness was
judged by the day loaded."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from charts.pack import PackRequest, gather, pack_slides
from charts.pack.make import draft_circular
from etl.db import connect
from etl.load import load_file

TODAY = date(2026, 12, 5)
FILES = {
    "indicators.csv": (
        "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,"
        "target\n"
        "public_benefit_sessions,公益活动次数,Public-benefit sessions,activity,higher,1,count,"
        "全部,2026Q3,6\n"
    ),
    "units.csv": (
        "unit_code,unit_name,district,peer_group,staff_count\n"
        "H001,甲医院,城关区,三级医院,500\n"
        "H002,乙医院,七里河区,三级医院,400\n"
    ),
    "activities_on_time.csv": (
        "unit_code,quarter,activity_type,sessions,participants\nH001,2026Q3,义诊,4,40\n"
    ),
    # received 2026-10-25: 10 days after the deadline (2026-09-30 + 15 = 2026-10-15)
    "activities_late.csv": (
        "unit_code,quarter,activity_type,sessions,participants\nH002,2026Q3,义诊,5,50\n"
    ),
}
RECEIVED = {"activities_on_time.csv": date(2026, 10, 8), "activities_late.csv": date(2026, 10, 25)}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("late_arrival") / "bureau.duckdb"
    con = connect(str(path))
    try:
        for name, text in FILES.items():
            result = load_file(
                con, text.encode("utf-8"), name, today=TODAY, received=RECEIVED.get(name)
            )
            assert result.outcome == "loaded", (name, result.problems)
    finally:
        con.close()
    return path


def gathered(store, lang):
    con = connect(str(store))
    try:
        return gather(con, PackRequest("2026Q3", lang=lang))
    finally:
        con.close()


def test_the_decks_late_file_gives_the_day_received_beside_its_days_late(store):
    slides, _ = pack_slides(gathered(store, "zh"))
    [late] = [s for s in slides if s.title.startswith("迟报文件")]
    assert "报送日期" in late.table.columns
    day, by = late.table.columns.index("报送日期"), late.table.columns.index("报送人")
    # loaded from the command line: 命令行, as the circular and the upload history say, where
    # the deck said "cli"
    assert [(r[0], r[by], r[day], r[-1]) for r in late.table.rows] == [
        ("activities_late.csv", "命令行", "2026.10.25", "10")  # a table's short day
    ]


def test_the_circulars_late_file_and_rule_name_the_day_received(store):
    data = gathered(store, "zh")
    doc = Document(io.BytesIO(draft_circular(data)))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    # H002's activities, 七里河区's: whose report was late, as a circular to the districts says
    [late] = [r for r in rows if r[0] == "七里河区"]
    assert late == ["七里河区", "活动统计", "2026.10.25", "2026.10.15", "10"]  # short days
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "收到日期" in text and "文件装载日期晚于" not in text


def test_files_received_in_time_and_loaded_later_are_not_said_to_be_loaded_in_time(tmp_path):
    """Trial E: a quarter's files received on 2026-10-08 and loaded on 2026-12-05 (with the
    day received): none late, and the deck said 所有文件均在截止日（季度结束后 15 天）前装载
    ('every file was loaded by the deadline'), which the load on 5 December was not; lateness
    is judged by the day a file arrived (received, else loaded), as the slide now says."""
    con = connect(str(tmp_path / "bureau.duckdb"))
    try:
        for name in ("indicators.csv", "units.csv", "activities_on_time.csv"):
            text = FILES[name].encode("utf-8")
            done = load_file(con, text, name, today=TODAY, received=RECEIVED.get(name))
            assert done.outcome == "loaded", (name, done.problems)
        slides = {
            lang: pack_slides(gather(con, PackRequest("2026Q3", lang=lang)))[0]
            for lang in ("zh", "en")
        }
    finally:
        con.close()
    # no late file: said on the completeness slide (its units lack surveys and inspections),
    # not on a slide of its own that holds that line alone
    assert not [s for s in slides["zh"] if s.title.startswith("迟报文件")]
    [complete] = [s for s in slides["zh"] if s.title.startswith("数据完整性")]
    assert complete.table is not None and complete.table.rows
    assert complete.subtitle == "所有文件均在截止日（季度结束后 15 天）前送达。"
    [complete] = [s for s in slides["en"] if s.title.startswith("Data completeness")]
    assert complete.subtitle == "Every file arrived by the deadline (15 days after quarter end)."
