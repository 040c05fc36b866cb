"""The meeting pack on tests/pack_bureau.py, whose circular and district packs are worked by
hand in its docstring: the whole pack's circular and ranking table, the per-district packs
written by the README's cron line and parsed back (PPTX, PDF, DOCX), and --as-user."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from docx import Document
from export_text import pdf_text, pptx_text
from pack_bureau import COMMENDED, NAMED, UNITS, build, in_district
from pptx import Presentation

import accounts
from charts.circular import circular_docx
from charts.cli import main
from charts.export import chart_spec
from charts.pack import PackRequest, circular_input, gather, make_pack, pack_slides
from charts.pack.data import gather_state
from charts.pack.per_district import district_scope, per_district_packs
from etl.db import connect
from etl.load import load_file
from etl.quarters import quarter_of_today, quarter_start, shift_quarter
from queries.scope import Scope

ROOT = Path(__file__).resolve().parents[2]
QUARTER = shift_quarter(quarter_of_today(), -1)  # what the cron line's "--quarter previous" is
NAMES = {code: name for code, (name, _, _) in UNITS.items()}
DISTRICTS = ("城关区", "西固区")


@pytest.fixture(scope="module")
def bureau(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pack_bureau") / "bureau.duckdb"
    build(path, QUARTER)
    return path


@pytest.fixture
def con(bureau):
    connection = connect(str(bureau))
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def whole(bureau):
    """The whole bureau's pack data of QUARTER, gathered once for the tests that only read it
    (its slides and its circular are made from it as make_pack makes them)."""
    connection = connect(str(bureau))
    yield gather(connection, PackRequest(QUARTER))
    connection.close()


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def units_named(text: str) -> set[str]:
    return {code for code, name in NAMES.items() if name in text}


def test_the_circular_commends_the_top_four_and_names_the_bottom_four(whole):
    docx = circular_docx(circular_input(whole))  # as make_pack does
    lines = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    text = "\n".join(lines)
    commended = text[text.index("一、表扬单位") : text.index("二、通报整改单位")]
    named = text[text.index("二、通报整改单位") : text.index("三、逾期未整改问题")]
    assert units_named(commended) == set(COMMENDED)
    assert units_named(named) == set(NAMED)
    # U5: index 100 × 0.79 / 0.90 = 87.78, rank 5 of 8, range 5–5, 12.2% short of 0.90
    assert "戊医院（城关区，三级医院，文明指数87.78，第5名/共8家，名次区间仅为第5名）：" in named
    assert "门诊患者满意度 79.0%（目标值 90.0%" in named


def test_the_whole_ranking_is_listed_with_ranges_and_index_by_hand(whole):
    slides, _ = pack_slides(whole)
    [table] = [s.table for s in slides if s.title.startswith("三级医院排名（8 家）：")]
    assert table.rows == [
        ["1", "甲医院", "城关区", "98.89", "1", "新"],  # 100 × 0.89 / 0.90
        ["2", "乙医院", "西固区", "96.67", "2", "新"],
        ["3", "丙医院", "城关区", "94.44", "3", "新"],
        ["4", "丁医院", "西固区", "92.22", "4", "新"],
        ["5", "戊医院", "城关区", "87.78", "5", "新"],
        ["6", "己医院", "西固区", "85.56", "6", "新"],
        ["7", "庚医院", "城关区", "83.33", "7", "新"],
        ["8", "辛医院", "西固区", "81.11", "8", "新"],
    ]


def test_a_district_pack_lists_its_units_with_their_ranks_among_all_eight(con):
    request = PackRequest(QUARTER, districts=("城关区",), scope=Scope(districts=("城关区",)))
    slides, charts = pack_slides(gather(con, request))
    [table] = [s.table for s in slides if s.title.startswith("三级医院排名（8 家）：")]
    assert [row[:3] for row in table.rows] == [
        ["1", "甲医院", "城关区"],
        ["3", "丙医院", "城关区"],
        ["5", "戊医院", "城关区"],
        ["7", "庚医院", "城关区"],
    ]
    # the charts are pictures in the files: their data, read from the specs, names the
    # district's units only
    specs = json.dumps([chart_spec(chart) for _, chart in charts], ensure_ascii=False)
    assert units_named(specs) == set(in_district("城关区"))


def test_a_districts_pack_does_not_call_its_unit_sole_leader_of_a_shared_first_place(tmp_path):
    """Trial (session 57): 城关区's 甲医院 shares first place with 西固区's 乙医院 (8,900 of
    10,000 each); the district's title said 甲医院居首, the city's says 2 units share it."""
    units = dict(UNITS, U2=("乙医院", "西固区", 8900))
    build(tmp_path / "bureau.duckdb", QUARTER, units)
    con = connect(str(tmp_path / "bureau.duckdb"))
    try:
        mine = PackRequest(QUARTER, districts=("城关区",), scope=Scope(districts=("城关区",)))
        district, _ = pack_slides(gather(con, mine))
        city, _ = pack_slides(gather(con, PackRequest(QUARTER)))
    finally:
        con.close()
    titles = [s.title for s in district if s.title.startswith("三级医院排名（8 家）")]
    assert titles == ["三级医院排名（8 家）：其中甲医院最高（第 1 名）"]
    assert "三级医院排名（8 家）：2 家单位并列第一" in [s.title for s in city]


def test_a_district_with_no_unit_on_the_groups_bottom_ten_says_so_on_its_top_ten_slide(tmp_path):
    """A trial at province scale: most districts' packs had a 后10名 slide reading only "no
    unit of ours is on this list". It goes; the top ten's slide says so in one line, in the
    deck and in the PDF that mirrors it. (Districts of more than twenty units: twenty or
    fewer are listed whole, the next test.)"""
    # 44 units 0.01 apart: 城关区 holds ranks 1–22, 西固区 ranks 23–44 (the bottom ten)
    units = {
        f"U{i:02d}": (f"第{i}医院", "城关区" if i <= 22 else "西固区", 9900 - 100 * i)
        for i in range(1, 45)
    }
    build(tmp_path / "bureau.duckdb", QUARTER, units)
    con = connect(str(tmp_path / "bureau.duckdb"))
    mine = PackRequest(QUARTER, districts=("城关区",), scope=Scope(districts=("城关区",)))
    files = make_pack(con, mine, circular=False)
    slides = files.slides  # the slides its PPTX and PDF were drawn from
    other = PackRequest(QUARTER, districts=("西固区",), scope=Scope(districts=("西固区",)))
    others, _ = pack_slides(gather(con, other))
    con.close()
    [top] = [s for s in slides if s.title.startswith("三级医院前10名")]
    assert [row[1] for row in top.table.rows] == [f"第{i}医院" for i in range(1, 11)]
    assert top.subtitle.endswith("城关区没有单位在后10名中。")
    assert not [s for s in slides if s.title.startswith("三级医院后10名")]
    for text in (pptx_text(files.pptx), pdf_text(files.pdf)):
        assert "后10名（" not in text and "城关区没有单位在后10名中。" in text
    # 西固区 holds the bottom ten: its slide lists them, ranks 35 to 44; its top ten has none
    [bottom] = [s for s in others if s.title.startswith("三级医院后10名（共 44 家）")]
    assert [row[1] for row in bottom.table.rows] == [f"第{i}医院" for i in range(35, 45)]
    [empty_top] = [s for s in others if s.title.startswith("三级医院前10名")]
    assert empty_top.table is None and "后10名中" not in empty_top.subtitle


def test_a_district_of_eleven_units_gets_them_in_one_ranking_not_ten_and_one(tmp_path):
    """A trial: a district's eleven units of a group of thirty (ranks 1–10 and 30) made a
    前10名 slide of ten rows and a 后10名 slide of one. Its pack lists the eleven on one slide,
    in rank order, ranks among all thirty, as the Overview lists them (query top_bottom)."""
    units = {
        # 0.88 down to 0.59, each under the target 0.90: no index is capped, no rank shared
        f"U{i:02d}": (f"第{i}医院", "城关区" if i <= 10 or i == 30 else "西固区", 8900 - 100 * i)
        for i in range(1, 31)
    }
    build(tmp_path / "bureau.duckdb", QUARTER, units)
    con = connect(str(tmp_path / "bureau.duckdb"))
    mine = PackRequest(QUARTER, districts=("城关区",), scope=Scope(districts=("城关区",)))
    slides, _ = pack_slides(gather(con, mine))
    con.close()
    titles = [s.title for s in slides]
    assert not [t for t in titles if "前10名" in t or "后10名" in t], titles
    [whole] = [s for s in slides if s.title.startswith("三级医院排名（30 家）：")]
    assert [row[:3] for row in whole.table.rows] == [
        [str(i), f"第{i}医院", "城关区"] for i in (*range(1, 11), 30)
    ]
    assert whole.subtitle.startswith("仅列出城关区的单位；名次为全类别排名")


def cron_line() -> tuple[dict[str, str], str]:
    """The README's crontab: its variables, and the command of its one job line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```cron\n(.*?)```", readme, flags=re.S)
    variables, jobs = {}, []
    for line in block.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if re.match(r"^[A-Z_]+=", line):
            name, _, value = line.partition("=")
            variables[name] = value
        else:
            jobs.append(line.split(maxsplit=6))  # minute hour day month weekday user command
    [job] = jobs
    assert job[:6] == ["0", "6", "20", "1,4,7,10", "*", "civbench"]
    return variables, job[6]


def test_the_readme_cron_line_writes_one_pack_per_district_naming_only_its_units(bureau, tmp_path):
    variables, command = cron_line()
    assert set(variables) == {"CIVBENCH_HOME", "CIVBENCH_DB", "CIVBENCH_PACKS"}
    packs = tmp_path / "packs"
    env = {
        **os.environ,
        "CIVBENCH_HOME": str(ROOT),  # the crontab's own values name a server's folders
        "CIVBENCH_DB": str(bureau),
        "CIVBENCH_PACKS": str(packs),
    }
    done = subprocess.run(
        ["bash", "-c", command], env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr
    expected = {f"{QUARTER}_{d}.{ext}" for d in DISTRICTS for ext in ("pptx", "pdf", "docx")}
    assert {p.name for p in packs.iterdir()} == expected
    for name in expected:
        assert f"已写出 {packs / name}（" in done.stdout  # the pack's language, zh by default
    for district in DISTRICTS:
        mine = set(in_district(district))
        stem = packs / f"{QUARTER}_{district}"
        assert units_named(pptx_text((stem.with_suffix(".pptx")).read_bytes())) == mine
        assert units_named(pdf_text((stem.with_suffix(".pdf")).read_bytes())) == mine
        circular = docx_text((stem.with_suffix(".docx")).read_bytes())
        assert units_named(circular) == mine
        # the rules still run on the whole group: the district's own commended and named
        commended = circular[circular.index("一、表扬单位") : circular.index("二、通报整改单位")]
        assert units_named(commended) == mine & set(COMMENDED)


def test_a_quarter_without_data_exits_2_and_writes_nothing(bureau, tmp_path, capsys):
    out = tmp_path / "packs"
    argv = ["pack", "--quarter", "2001Q1", "--per-district", "--out", str(out)]
    assert main([*argv, "--db", str(bureau), "--quiet"]) == 2
    assert "没有2001年第1季度的数据。已有数据的季度：" in capsys.readouterr().err
    assert not out.exists()  # not even an empty folder (README: nothing written)


def test_per_district_refuses_single_pack_options(bureau, tmp_path, capsys):
    argv = ["pack", "--quarter", QUARTER, "--per-district", "--out", str(tmp_path / "p")]
    assert main([*argv, "--pdf", str(tmp_path / "x.pdf"), "--db", str(bureau)]) == 2
    assert "--pdf 不能与 --per-district 同用" in capsys.readouterr().err


def test_per_district_packs_are_asked_only_for_the_files_they_make(bureau, tmp_path):
    con = connect(str(bureau))
    try:
        for extensions in (("ppt",), ()):
            with pytest.raises(ValueError, match="choose from"):
                per_district_packs(con, QUARTER, tmp_path / "packs", extensions=extensions)
    finally:
        con.close()
    assert not (tmp_path / "packs").exists()


def test_as_user_limits_a_pack_to_the_accounts_districts(bureau, tmp_path, capsys):
    copy = tmp_path / "bureau.duckdb"
    shutil.copyfile(bureau, copy)
    con = connect(str(copy))
    try:
        scope = Scope(districts=("西固区",))
        accounts.add_user(con, "xigu", "viewer", "a long pass phrase 1", scope=scope)
    finally:
        con.close()
    out, circular = tmp_path / "pack.pptx", tmp_path / "circular.docx"
    argv = ["pack", "--quarter", QUARTER, "--out", str(out), "--circular", str(circular)]
    assert main([*argv, "--as-user", "xigu", "--db", str(copy), "--quiet"]) == 0
    assert units_named(pptx_text(out.read_bytes())) == set(in_district("西固区"))
    assert units_named(docx_text(circular.read_bytes())) == set(in_district("西固区"))
    # the title slide says what the pack covers: the account's district, not the whole city
    title = Presentation(io.BytesIO(out.read_bytes())).slides[0]
    title_text = "\n".join(s.text_frame.text for s in title.shapes if s.has_text_frame)
    assert "区县：西固区" in title_text and "全市全部单位" not in title_text
    capsys.readouterr()
    assert main([*argv, "--as-user", "nobody", "--db", str(copy), "--quiet"]) == 2
    assert "--as-user nobody：没有这个用户" in capsys.readouterr().err


def test_the_previous_quarter_is_the_one_before_todays():
    # independent of the code under test: today's month gives today's quarter
    today = date.today()
    number = (today.month - 1) // 3 + 1
    expected = f"{today.year}Q{number - 1}" if number > 1 else f"{today.year - 1}Q4"
    assert expected == QUARTER


def test_per_district_packs_of_a_publication_go_to_the_districts_answering_now(bureau, tmp_path):
    """A publication freezes the figures, not who answers for a unit (README, "Scheduled
    packs"; trial, session 61: a district's published pack and pages went on listing a unit
    moved to another district since, and the new district's left it out). U1 moves, after
    QUARTER is published, to a district made this quarter: 兰州新区 gets a pack of the
    publication listing U1, and 城关区's no longer lists it."""
    from charts.pack.per_district import per_district_packs
    from etl.load import load_file
    from etl.publish import publish

    store = tmp_path / "bureau.duckdb"
    shutil.copyfile(bureau, store)
    con = connect(str(store))
    publication = publish(con, QUARTER, "director")
    moved = (
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
        f"U1,甲医院,兰州新区,三级医院,300,{quarter_of_today()}\n"
    )
    assert load_file(con, moved.encode(), "moved.csv", today=date.today()).ok
    out = tmp_path / "packs"
    out.mkdir()
    # the circulars alone (no chart to render): which districts get a pack, and what it names
    # (every pack's three files: the README's cron line, above)
    written = per_district_packs(
        con, QUARTER, out, publication=publication.publication_id, extensions=("docx",)
    )
    con.close()
    districts = ["兰州新区", *DISTRICTS]  # in code-point order, as the packs are made
    assert [w.district for w in written] == districts
    assert {p.name for p in out.iterdir()} == {f"{QUARTER}_{d}.docx" for d in districts}
    chengguan = docx_text((out / f"{QUARTER}_城关区.docx").read_bytes())
    assert units_named(chengguan) == set(in_district("城关区")) - {"U1"}
    assert "U1" in units_named(docx_text((out / f"{QUARTER}_兰州新区.docx").read_bytes()))


def test_a_run_that_fails_half_way_leaves_the_previous_packs_as_they_were(
    bureau, tmp_path, monkeypatch
):
    """The first district's pack is made, the second's fails (a full disk, a killed font
    job): no district's pack is replaced and no temporary file is left behind."""
    from charts.pack import per_district

    out = tmp_path / "packs"
    out.mkdir()
    previous = {
        f"{QUARTER}_{d}.{ext}": f"previous {d} {ext}".encode()
        for d in DISTRICTS
        for ext in ("pptx", "pdf", "docx")
    }
    for name, data in previous.items():
        (out / name).write_bytes(data)
    made = []

    def make_then_fail(con, request, progress=None, **files):
        if made:
            raise OSError("No space left on device")
        made.append(request.districts)
        return make_pack(con, request, progress=progress, **files)

    monkeypatch.setattr(per_district, "make_pack", make_then_fail)
    con = connect(str(bureau))
    try:
        with pytest.raises(OSError, match="No space left"):
            # the circulars alone (no chart to render): every file asked for is written the
            # same way, under a temporary name until every district's is made
            per_district.per_district_packs(con, QUARTER, out, extensions=("docx",))
    finally:
        con.close()
    assert made == [(DISTRICTS[0],)]  # the first district's pack was made before the failure
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous


@pytest.fixture
def three_districts(tmp_path) -> Path:
    """The bureau plus U9 九号卫生院 of 安宁区, a township centre, whose survey came in a file of
    its own; an inspection and an activity of every unit, in one file each. Every file is
    loaded today, long after the quarter's deadline: late. No unit misses a report."""
    path = tmp_path / "bureau.duckdb"
    build(path, QUARTER)
    con = connect(str(path))
    codes = [*UNITS, "U9"]
    day = quarter_start(QUARTER).isoformat()
    files = {
        "units_u9.csv": "unit_code,unit_name,district,peer_group,staff_count\n"
        "U9,九号卫生院,安宁区,乡镇卫生院,40\n",
        "surveys_u9.csv": "unit_code,quarter,survey_type,respondents,satisfied\n"
        f"U9,{QUARTER},门诊,500,450\n",
        "inspections_all.csv": "unit_code,inspection_date,inspection_type,item,score,max_score\n"
        + "".join(f"{code},{day},暗访,服务态度,9,10\n" for code in codes),
        "activities_all.csv": "unit_code,quarter,activity_type,sessions,participants\n"
        + "".join(f"{code},{QUARTER},义诊,2,40\n" for code in codes),
    }
    for name, text in files.items():
        assert load_file(con, text.encode(), name, today=date.today()).outcome == "loaded"
    con.close()
    return path


def test_a_district_pack_has_only_its_groups_its_late_files_and_says_whose_figures(
    three_districts,
):
    con = connect(str(three_districts))
    try:
        slides, _ = pack_slides(gather(con, PackRequest(QUARTER, districts=("城关区",))))
        whole, _ = pack_slides(gather(con, PackRequest(QUARTER)))
    finally:
        con.close()
    titles = [s.title for s in slides]
    # 城关区 has no township centre: no slides for that group (the whole pack has them)
    assert not [x for x in titles if "乡镇卫生院" in x]
    assert [x for x in (s.title for s in whole) if x.startswith("乡镇卫生院排名")]
    # the late files are those that brought rows of 城关区's units: not U9's
    # on the completeness slide: none of its units misses a report (asserted below)
    [late] = [s for s in slides if s.title.startswith("数据完整性")]
    assert sorted(row[0] for row in late.table.rows) == [
        "activities_all.csv",
        "inspections_all.csv",
        "surveys.csv",
    ]
    [late_all] = [s for s in whole if s.title.startswith("数据完整性")]
    assert sorted(row[0] for row in late_all.table.rows) == [
        "activities_all.csv",
        "inspections_all.csv",
        "surveys.csv",
        "surveys_u9.csv",
    ]
    # the headline's index is the bureau's; its overdue and missing counts are the district's
    headline = slides[1]
    assert headline.title.startswith("全市文明指数 ")
    labels = [f.label for f in headline.figures]
    assert "逾期未整改问题（城关区）" in labels and "有缺报的单位（城关区）" in labels
    assert "逾期未整改问题" in [f.label for f in whole[1].figures]
    # the groups' table is the bureau's, the overdue findings the district's: both say so
    [groups] = [s for s in slides if s.title == "各类别单位文明指数"]
    assert groups.subtitle == "各类别的文明指数、达标率和参评单位数为全市数据"
    [overdue] = [s for s in slides if s.title.startswith("逾期未整改问题 ")]  # not 账龄
    assert overdue.title == "逾期未整改问题 0 个，涉及 0 家单位（城关区）"
    # nothing is missing: the completeness slide says so in a line over the late files, where
    # it stood alone on its slide, the late files on the next
    [complete] = [s for s in slides if s.title.startswith("数据完整性")]
    assert complete.title == "数据完整性：0 家单位有缺报，3 个文件迟报"
    assert complete.subtitle == (
        "所有单位均已报送检查结果、满意度调查和活动统计。以下为迟报文件（截止：季度结束后 15 天）。"
    )
    assert not [s for s in slides if s.title.startswith("迟报文件")]


def test_the_circular_lists_the_units_missing_a_report_and_whose_files_were_late(whole):
    """The bureau sent surveys only: each of its 8 units lacks inspections and activities. Its
    files were loaded today, after the deadline: the late reports are its districts'."""
    docx = circular_docx(circular_input(whole))
    doc = Document(io.BytesIO(docx))
    lines = [p.text for p in doc.paragraphs]
    assert "四、数据报送情况" in lines
    assert "以下8家单位本季度缺报数据：" in lines
    [missing] = [t for t in doc.tables if t.rows[0].cells[-1].text == "缺报内容"]
    rows = [[c.text for c in r.cells] for r in missing.rows[1:]]
    by_district = sorted(UNITS, key=lambda code: (UNITS[code][1], code))
    assert rows == [[UNITS[c][0], UNITS[c][1], "检查结果、活动统计"] for c in by_district]
    [late] = [t for t in doc.tables if t.rows[0].cells[-1].text == "迟报天数"]
    assert {r.cells[1].text for r in late.rows[1:]} == {"满意度调查"}
    districts = {district for _, district, _ in UNITS.values()}
    assert {r.cells[0].text for r in late.rows[1:]} <= {"、".join(sorted(districts)), *districts}


def test_a_scoped_readers_pack_says_whose_units_it_lists_like_a_district_pack(con, whole):
    """As a 西固区 account (a scope, not a choice of district): the group slides carry the
    note that only the district's units are listed, and the circular says whose lists it has
    and that the bureau's figures are the bureau's."""
    request = PackRequest(QUARTER, scope=Scope(districts=("西固区",)))
    data = gather(con, request)
    slides, _ = pack_slides(data)
    [ranking] = [s for s in slides if s.title.startswith("三级医院排名")]
    assert ranking.subtitle.startswith("仅列出西固区的单位；名次为全类别排名")
    lines = [p.text for p in Document(io.BytesIO(circular_docx(circular_input(data)))).paragraphs]
    assert lines[2] == (
        "（本稿仅列西固区的单位：表扬、通报、逾期未整改问题和报送情况均为其单位；"
        "参评单位数、文明指数平均值和达标率为全市数据。）"
    )
    bureau = Document(io.BytesIO(circular_docx(circular_input(whole))))
    assert not [p.text for p in bureau.paragraphs if p.text.startswith("（本稿仅列")]


def test_a_unit_moved_since_is_in_the_pack_of_the_district_that_now_answers_for_it(
    bureau, tmp_path
):
    """U1 (城关区 in QUARTER, commended: rank 1) moves to 兰州新区, a district made this
    quarter. The current packs of QUARTER: 兰州新区 gets one, which lists and commends U1;
    城关区's lists U3, U5, U7 only. Before, U1 was in no district's pack: 城关区's scope no
    longer held it and 兰州新区 had no pack."""
    from charts.pack.per_district import pack_districts

    store = tmp_path / "bureau.duckdb"
    shutil.copyfile(bureau, store)
    con = connect(str(store))
    moved = (
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
        f"U1,甲医院,兰州新区,三级医院,300,{quarter_of_today()}\n"
    )
    assert load_file(con, moved.encode(), "moved.csv", today=date.today()).ok
    assert pack_districts(con, QUARTER, Scope(), None) == ["兰州新区", "城关区", "西固区"]
    listed = {}
    for district in ("兰州新区", "城关区"):
        request = PackRequest(
            QUARTER, districts=(district,), scope=district_scope(Scope(), district)
        )
        data = gather(con, request)
        listed[district] = set(pl.concat(list(data.rankings.values()))["unit_code"])
        if district == "兰州新区":
            docx = circular_docx(circular_input(data))
            text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
            commended = text[text.index("一、表扬单位") : text.index("二、通报整改单位")]
            assert units_named(commended) == {"U1"}
    con.close()
    assert listed == {"兰州新区": {"U1"}, "城关区": {"U3", "U5", "U7"}}


@pytest.fixture
def lake(store_copies):
    """``lake(folder) -> (url, env)``: the bureau in a DuckLake-SQLite store in ``folder``, a
    copy of one built once per test process (a lake's loads are its dearest work)."""
    return lambda folder: store_copies.copy(
        "sqlite", "pack_bureau", lambda url: build(url, QUARTER), folder / "lake"
    )


def city_mean(circular: bytes) -> str:
    return re.search(r"全市文明指数平均为([\d.]+)", docx_text(circular))[1]


def test_one_runs_district_packs_read_one_state_whatever_is_loaded_meanwhile(tmp_path, lake):
    """A correction loaded after the run made 城关区's pack: 西固区's circular gave other
    city-wide figures than 城关区's (trial: 85.2 in one district's circular, 85.1 in the
    others', from one scheduled run)."""
    url, _ = lake(tmp_path)
    header = "unit_code,quarter,survey_type,respondents,satisfied\n"
    correction = f"{header}U1,{QUARTER},门诊,10000,100\n"
    loaded = []

    def progress(district: str):
        def show(fraction: float, message: str) -> None:
            if district == "西固区" and not loaded:  # another analyst's, once 城关区's is made
                other = connect(url)
                loaded.append(load_file(other, correction.encode(), "u1.csv").outcome)
                other.close()

        return show

    con = connect(url)
    try:
        run_folder = tmp_path / "run"
        run_folder.mkdir()
        # the circulars alone: the figures compared are theirs (and no chart is rendered)
        per_district_packs(con, QUARTER, run_folder, progress=progress, extensions=("docx",))
        assert loaded == ["loaded"]
        assert {p.name for p in run_folder.iterdir()} == {
            f"{QUARTER}_{d}.docx" for d in DISTRICTS
        }, "the files asked for, and only those"
        # after the load: 西固区's circular alone (as its pack's, without the deck and PDF the
        # check does not read) is enough to show the city's mean has changed
        after = PackRequest(QUARTER, districts=("西固区",), scope=district_scope(Scope(), "西固区"))
        circular_after = circular_docx(circular_input(gather_state(con, after)))
    finally:
        con.close()
    means = {d: city_mean((run_folder / f"{QUARTER}_{d}.docx").read_bytes()) for d in DISTRICTS}
    assert means["城关区"] == means["西固区"]
    # the load did change the city's mean: the run's packs all hold the state it began with
    assert city_mean(circular_after) != means["西固区"]


def test_a_pack_reads_one_state_whatever_another_process_loads_meanwhile(tmp_path, lake):
    """A pack of current figures made while an analyst's correction commits from another
    process: every query reads the store as it was when the pack began (trial: a province's
    pack took 90–140 s while four loaders ran, and each of its forty queries read whatever was
    committed when it ran, so its slides could mix the figures before and after a load)."""
    url, _ = lake(tmp_path)
    correction = tmp_path / "u1.csv"
    correction.write_text(
        f"unit_code,quarter,survey_type,respondents,satisfied\nU1,{QUARTER},门诊,10000,100\n",
        encoding="utf-8",
    )
    loaded = []

    def load_once(fraction: float, message: str) -> None:
        if not loaded:  # the pack's first query has run: another analyst's load commits
            command = [sys.executable, "-m", "etl", "load", str(correction), "--db", url]
            loaded.append(subprocess.run(command, cwd=ROOT, capture_output=True).returncode)

    def made(**progress) -> tuple[str, str]:
        data = gather_state(con, request, **progress)
        return city_mean(circular_docx(circular_input(data))), data.state

    request, con = PackRequest(QUARTER), connect(url)
    try:
        (during, said_during), (after, said_after) = made(progress=load_once), made()
    finally:
        con.close()
    assert loaded == [0]
    # the load changed the city's mean (the correction's 1% satisfied); the pack made
    # meanwhile holds the state it began with (before this fix, the city mean it said was the
    # later one, as the pack made after it says)
    assert during != after
    # and says which: the bureau's three files are loads 1-3, the correction load 4 (the day
    # alone is the same for both)
    assert "批次 3）" in said_during and "批次 4）" in said_after


@pytest.mark.parametrize("kind", ["file", "unwritable"])
def test_an_out_folder_that_takes_no_files_is_refused_plainly(bureau, tmp_path, capsys, kind):
    """--out under a file, or under a folder that takes no files (/proc): a traceback and exit
    1, or "the folder … does not exist" of a file that exists (trial)."""
    if kind == "file":
        blocker = tmp_path / "afile"
        blocker.write_text("x")
        out = blocker / "sub"
        expected = f"--out {out}：{blocker} 是一个文件，不是文件夹"
    else:
        out, expected = Path("/proc/civbench_packs"), "无法写入 /proc/civbench_packs："
    argv = ["pack", "--quarter", QUARTER, "--per-district", "--out", str(out), "--quiet"]
    assert main([*argv, "--db", str(bureau)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
