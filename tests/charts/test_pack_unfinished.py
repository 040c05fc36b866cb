"""A pack of the quarter under way says so, counts its ledger as at today, and leaves out the
slides it has nothing for.

The bureau of tests/pack_bureau.py in the previous quarter (8 三级医院 ranked, index 90.0),
and, in today's quarter, one inspection of U1 on its first day, which scores no indicator of
the system (outpatient satisfaction only): the quarter has data but no unit ranked, so no
index, no ranking, no funnel and no rank change.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from pack_bureau import UNITS, build, files
from pptx import Presentation

from charts.circular import circular_docx
from charts.cli import main
from charts.pack import PackRequest, circular_input, gather, pack_slides
from etl.db import connect
from etl.load import load_file
from etl.quarters import quarter_of_today, quarter_start, shift_quarter

NOW = quarter_of_today()
BEFORE = shift_quarter(NOW, -1)
YEAR, NUMBER = NOW.split("Q")
LABEL = f"{YEAR}年第{NUMBER}季度"
# the circular writes the quarter's number in Chinese, as official documents do
FORMAL = f"{YEAR}年第{'一二三四'[int(NUMBER) - 1]}季度"


@pytest.fixture(scope="module")
def bureau(tmp_path_factory):
    path = tmp_path_factory.mktemp("unfinished") / "bureau.duckdb"
    build(path, BEFORE)
    con = connect(str(path))
    visit = (
        "unit_code,inspection_date,inspection_type,item,score,max_score\n"
        f"U1,{quarter_start(NOW).isoformat()},暗访,服务态度,9,10\n"
    )
    assert load_file(con, visit.encode(), "visit.csv", today=date.today()).outcome == "loaded"
    con.close()
    return path


@pytest.fixture(scope="module")
def made(bureau):
    con = connect(str(bureau))
    try:
        data = gather(con, PackRequest(NOW))
        slides, charts = pack_slides(data)
        doc = Document(io.BytesIO(circular_docx(circular_input(data))))
        ended, _ = pack_slides(gather(con, PackRequest(BEFORE)))
    finally:
        con.close()
    return slides, [s for s, _ in charts], [p.text for p in doc.paragraphs], ended


def test_the_title_and_headline_slides_say_the_quarter_has_not_ended(made):
    slides, _, _, ended = made
    assert f"{LABEL}尚未结束：各单位的数据仍在陆续上报" in slides[0].subtitle
    assert slides[1].subtitle == f"{LABEL}（尚未结束，数据可能变化）"
    assert "尚未结束" not in ended[0].subtitle + ended[1].subtitle


def test_the_title_slide_dates_the_pack_as_a_chinese_document_writes_a_day(made):
    slides, _, _, _ = made
    today = f"{date.today():%Y}年{date.today().month}月{date.today().day}日"
    lines = slides[0].subtitle.split("\n")
    assert lines[-1] == f"{today}生成"
    assert f"数据装载截至{today}；" in slides[1].footnote  # the visit was loaded today


def test_a_quarter_without_an_index_yet_says_so_not_that_the_last_had_none(made):
    slides, _, _, _ = made
    # the previous quarter's index is 90.0: the change is missing for want of this one's
    assert slides[1].title == "全市本季度尚无文明指数：还没有参加排名的单位"
    index = slides[1].figures[0]
    assert (index.value, index.note) == ("—", "本季度尚无数据")
    [groups] = [s for s in slides if s.title == "各类别单位文明指数"]
    assert groups.table.rows[0][:3] == ["三级医院", "—", "本季度尚无数据"]


def test_slides_with_nothing_in_them_are_one_slide_saying_no_unit_is_ranked(made):
    slides, charts, _, _ = made
    titles = [s.title for s in slides]
    assert not [x for x in titles if x.startswith(("三级医院排名", "三级医院："))]
    [unranked] = [s for s in slides if s.title == "本季度尚无排名：三级医院"]
    # U1's inspection scores no indicator: no unit has data for the index, none is ranked
    assert unranked.table.rows == [["三级医院", "0", "0"]]
    assert not [x for x in titles if x.startswith("门诊患者满意度：")]  # a funnel of no point
    [movers] = [s for s in slides if s.title == "名次变化"]
    assert "尚无可比较的名次变化" in movers.subtitle and movers.table is None
    assert "指数变化最大的单位" not in [s.title for s in charts]


def test_the_circular_says_so_and_counts_overdue_findings_as_at_today(made):
    _, _, lines, _ = made
    today = f"{date.today():%Y}年{date.today().month}月{date.today().day}日"  # as documents write
    note = (
        f"（{FORMAL}尚未结束，各单位数据仍在陆续报送，本稿数据截至{today}，可能随之变化，"
        "定稿前请核对。）"
    )
    assert lines.index(note) < lines.index("各区县卫生健康局，委属各单位：")  # near the top
    assert f"截至{today}没有逾期未整改的问题。" in lines
    assert not [line for line in lines if "本季度末没有" in line]


def test_the_command_line_notes_the_quarter_has_not_ended(bureau, tmp_path, capsys):
    out = tmp_path / "pack.pptx"
    assert main(["pack", "--quarter", NOW, "--out", str(out), "--db", str(bureau), "--quiet"]) == 0
    assert f"注意：{NOW} 尚未结束" in capsys.readouterr().err
    title = Presentation(str(out)).slides[0]
    assert any("尚未结束" in s.text_frame.text for s in title.shapes if s.has_text_frame)
    done = main(["pack", "--quarter", BEFORE, "--out", str(out), "--db", str(bureau), "--quiet"])
    assert done == 0 and "尚未结束" not in capsys.readouterr().err


def test_days_to_close_are_counted_as_at_today(made):
    slides, _, _, ended = made
    today = f"{date.today():%Y}年{date.today().month}月{date.today().day}日"
    [now] = [s for s in slides if s.title.startswith("整改用时")]
    assert f"截至{today}已整改的问题" in now.subtitle
    [then] = [s for s in ended if s.title.startswith("整改用时")]
    assert "截至季度末已整改的问题" in then.subtitle


@pytest.fixture(scope="module")
def ranked_now(tmp_path_factory):
    """The bureau of last quarter, and this quarter's surveys of all eight units already in,
    U1 and U2 swapped (U2 first): every unit ranked in both quarters."""
    path = tmp_path_factory.mktemp("ranked_now") / "bureau.duckdb"
    build(path, BEFORE)
    swapped = {**UNITS, "U1": (*UNITS["U1"][:2], UNITS["U2"][2]), "U2": (*UNITS["U2"][:2], 8900)}
    con = connect(str(path))
    try:
        surveys = files(NOW, swapped)["surveys.csv"].encode()
        assert load_file(con, surveys, "now.csv", today=date.today()).outcome == "loaded"
        slides, _ = pack_slides(gather(con, PackRequest(NOW)))
    finally:
        con.close()
    return slides


def test_a_quarter_under_way_calls_no_unit_new_nor_last_quarter_empty(ranked_now):
    """Trial (session 56): a pack of the quarter under way marked every unit 新 and said
    上季度无可比数据 beside last quarter's published index: the changes are held back while
    the quarter runs (query rankings), not missing for want of last quarter's figures."""
    index = ranked_now[1].figures[0]
    assert index.note == "本季度尚未结束，暂不与上季度比较"
    [groups] = [s for s in ranked_now if s.title == "各类别单位文明指数"]
    assert groups.table.rows[0][2] == "本季度尚未结束，暂不与上季度比较"
    changes = {
        s.title[:4]: s.table for s in ranked_now if s.table and s.table.columns[-1] == "名次变化"
    }
    assert [row[-1] for row in changes["三级医院"].rows] == ["—"] * 8  # the group's ranking
    assert {row[-1] for row in changes["进步最大"].rows} == {"—"}  # the movers


def test_units_that_sent_nothing_yet_are_not_counted_as_having_data(tmp_path):
    """Trial (session 57): three 三级医院, only T1 inspected so far this quarter; the slide
    said 3 units had data (the ranking lists the two that sent nothing, short of data)."""
    con = connect(str(tmp_path / "three.duckdb"))
    files = {
        "units.csv": "单位编码,单位名称,区县,单位类别,职工人数\n"
        "T1,甲医院,城关区,三级医院,500\nT2,乙医院,城关区,三级医院,500\n"
        "T3,丙医院,七里河区,三级医院,500\n",
        "system.csv": "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,"
        f"from_quarter,target\ninspection_score_rate,检查得分率,Inspection score rate,"
        f"inspection,higher,0.5,rate,全部,{BEFORE},0.9\noutpatient_satisfaction,门诊患者满意度,"
        f"Outpatient satisfaction,survey,higher,0.5,rate,全部,{BEFORE},0.9\n",
        "visit.csv": "unit_code,inspection_date,inspection_type,item,score,max_score\n"
        f"T1,{quarter_start(NOW).isoformat()},暗访,挂号窗口,9,10\n",
    }
    try:
        for name, text in files.items():
            result = load_file(con, text.encode(), name, today=date.today())
            assert result.outcome == "loaded", result.problems
        slides, _ = pack_slides(gather(con, PackRequest(NOW)))
    finally:
        con.close()
    [unranked] = [s for s in slides if s.title == "本季度尚无排名：三级医院"]
    assert unranked.table.rows == [["三级医院", "1", "0"]]


def test_units_yet_to_report_are_not_said_to_have_missed_a_report(made):
    """Trial (session 58): with one district reported weeks before the deadline, the headline
    slide counted 70 有缺报的单位 and the completeness slide 70 家单位有缺报, where the Data
    quality page says a report not sent yet is not missed. U1 sent an inspection; the
    other 7 sent nothing, and U1 no survey nor activities."""
    slides, _, _, ended = made
    figures = {f.label: f.value for f in slides[1].figures}
    assert figures["尚未报齐的单位"] == str(len(UNITS)) and "有缺报的单位" not in figures
    [done] = [s for s in slides if s.title.startswith("数据完整性")]
    assert done.title == f"数据完整性：本季度尚未结束，{len(UNITS)} 家单位尚未报齐，0 个文件迟报"
    assert done.table.columns[-1] == "尚未报送内容"
    assert "有缺报的单位" in {f.label for f in ended[1].figures}  # an ended quarter's words


def test_a_movers_rank_of_a_quarter_under_way_is_not_set_beside_last_quarters(tmp_path):
    """Trial (session 58): in a quarter under way the movers slide set a unit's rank among the
    10 that had reported beside its rank among all 70 last quarter: 67 then 9 read as a rise.
    Three of the eight hospitals have reported now, U1 much lower than before."""
    path = tmp_path / "bureau.duckdb"
    build(path, BEFORE)
    con = connect(str(path))
    now = "".join(
        f"{code},{NOW},门诊,10000,{satisfied}\n"
        for code, satisfied in (("U1", 8000), ("U2", 8700), ("U3", 8500))
    )
    text = "unit_code,quarter,survey_type,respondents,satisfied\n" + now
    assert load_file(con, text.encode(), "now.csv", today=date.today()).outcome == "loaded"
    try:
        slides, _ = pack_slides(gather(con, PackRequest(NOW)))
    finally:
        con.close()
    [movers] = [s for s in slides if s.table is not None and "上季度全市名次" in s.table.columns]
    assert movers.table.rows, "U1's index fell by 10 points: it is listed"
    for row in movers.table.rows:
        assert row[3:6] == ["—", "—", "—"], row
