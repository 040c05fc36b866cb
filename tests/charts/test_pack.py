"""The meeting pack and its command line on a real demo database (built by the real loader)."""

import io
import shutil
import subprocess
import sys

import duckdb
import polars as pl
import pypdf
import pytest
from demo_templates import demo_copy
from docx import Document
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from charts.cli import main
from charts.pack import (
    PackRequest,
    completeness_window,
    gather,
    make_pack,
    matrix_units,
    pack_slides,
)
from etl.db import connect
from etl.load import load_file
from etl.quarters import quarter_of_today
from queries import run


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The demo the pages' and the browser tests' stores are made of (tests/pages/conftest.py
    DEMO): one build in a test run serves them and the pack tests (tests/demo_templates.py)."""
    path = tmp_path_factory.mktemp("pack") / "demo.duckdb"
    return demo_copy(tmp_path_factory, path, units=24, quarters=4)


@pytest.fixture(scope="module")
def con(demo_db):
    connection = duckdb.connect(str(demo_db))
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def quarter(con):
    return run(con, "quarters")["quarter"].max()


@pytest.fixture(scope="module")
def pack(con, quarter):
    steps = []
    files = make_pack(con, PackRequest(quarter), progress=lambda f, m: steps.append((f, m)))
    return files, steps


def deck(files):
    return Presentation(io.BytesIO(files.pptx))


def test_progress_runs_from_start_to_done(pack):
    _, steps = pack
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0 and steps[-1][1] == "完成"
    assert any("正在绘制图表" in m for _, m in steps)


def test_deck_has_the_sections_in_order(pack, con, quarter):
    files, _ = pack
    titles = [s.shapes.title.text for s in deck(files).slides]
    year, number = quarter.split("Q")
    assert titles[0] == f"{year}年第{number}季度文明创建测评季度例会"
    head = run(con, "bureau_headline", quarter=quarter).row(0, named=True)
    assert titles[1].startswith(f"全市文明指数 {head['bureau_index']:.1f}，")
    groups = run(con, "peer_groups")["peer_group"].to_list()
    assert len(groups) >= 2  # the demo's peer groups: the loop below checks each
    # every peer group gets a ranking and its rank chart, titled as it draws: the rank and
    # its range (it said 文明指数与名次可信区间, and no index is drawn)
    for group in groups:
        assert any(t.startswith(f"{group}：名次与名次可能范围") for t in titles)
    order = [
        next(i for i, t in enumerate(titles) if t.startswith(prefix))
        for prefix in (
            "全市文明指数",
            "各类别单位文明指数",
            groups[0],
            "进步最大",
            "指标达标",
            "逾期未整改问题",
            "数据完整性",
        )
    ]
    assert order == sorted(order)


def test_every_chart_is_one_whole_picture_on_its_slide(pack):
    files, _ = pack
    presentation = deck(files)
    pictures = [
        (slide, shape)
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == files.charts >= 10
    assert len({id(slide) for slide, _ in pictures}) == len(pictures)  # one chart per slide
    for _, shape in pictures:
        assert shape.left >= 0 and shape.top >= 0
        assert shape.left + shape.width <= presentation.slide_width
        assert shape.top + shape.height <= presentation.slide_height


def test_every_group_of_the_demo_gets_its_ranking_slides(pack, con):
    # the demo's groups: hospitals of at most 20 units get their whole ranking on one slide
    # title, larger groups a top ten and a bottom ten (hand-worked tables: test_pack_district)
    titles = [s.shapes.title.text for s in deck(pack[0]).slides]
    groups = run(con, "peer_groups")["peer_group"].to_list()
    assert groups
    for group in groups:
        whole = any(t.startswith(f"{group}排名") for t in titles)
        ends = any(t.startswith(f"{group}前10名") for t in titles) and any(
            t.startswith(f"{group}后10名") for t in titles
        )
        assert whole != ends, group


def test_pdf_has_a_page_per_slide(pack):
    files, _ = pack
    reader = pypdf.PdfReader(io.BytesIO(files.pdf))
    assert len(reader.pages) == len(deck(files).slides) == len(files.slides)
    first = "".join(ch for ch in reader.pages[0].extract_text() if ch not in " \x00")
    assert "文明创建测评季度例会" in first


def test_cli_writes_english_pack_for_one_district_of_a_quarter_spelled_as_etl_takes_it(
    demo_db, quarter, tmp_path, capsys
):
    """One run of the command proves both: ``--quarter 2026年第三季度`` (as python -m etl
    publish takes it) makes the pack of 2026Q3, named so in what the run says; and
    ``--district 城关区 --lang en`` writes an English pack and circular listing that
    district's units only."""
    spelled = f"{quarter[:4]}年第{'一二三四'[int(quarter[5]) - 1]}季度"
    out, circular = tmp_path / "pack.pptx", tmp_path / "circular.docx"
    argv = ["pack", "--quarter", spelled, "--out", str(out), "--circular", str(circular)]
    argv += ["--db", str(demo_db), "--quiet"]
    assert main([*argv, "--district", "城关区", "--lang", "en", "--current"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    presentation = Presentation(str(out))
    title = presentation.slides[0].shapes.title.text
    # the quarter spelled in Chinese is read as the quarter; the title is English
    assert title == f"Civility assessment: quarterly review, {quarter[:4]} Q{quarter[5]}"
    districts = set()
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_table and shape.table.cell(0, 2).text == "District":
                districts |= {row.cells[2].text for row in list(shape.table.rows)[1:]}
    assert districts == {"城关区"}, "the district's pack lists its units only"
    assert Document(str(circular)).paragraphs[0].text.startswith("Circular on the civility")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2001Q1"], "没有2001年第1季度的数据"),
        (["--quarter", "2031Q1"], "2031Q1 尚未开始（当前为 "),  # not "not ended", nor "no data"
        (
            ["--quarter", "2025-3"],
            "--quarter '2025-3'：不是季度，请写成 2025Q3 或 2025年第3季度 这样"
            "（或 previous：上一季度）",
        ),
        # written as python -m etl takes a quarter, and said as 2001Q1 once read
        (["--quarter", "2001年第一季度"], "没有2001年第1季度的数据"),
        (["--quarter", "Q1 2031"], "2031Q1 尚未开始（当前为 "),
        (["--district", "火星区"], "未知的区县：火星区"),
        (["--peer-group", "三级X"], "未知的单位类别：三级X"),
    ],
)
def test_cli_bad_input_exits_2(demo_db, quarter, tmp_path, capsys, args, message):
    base = {"--quarter": quarter, "--out": str(tmp_path / "x.pptx"), "--db": str(demo_db)}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = ["pack"] + [part for pair in base.items() for part in pair]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pptx").exists()


def test_cli_lists_the_districts_and_groups_to_choose_as_chinese_lists_them(
    demo_db, quarter, tmp_path, capsys
):
    # a trial: "未知的区县：城关。可选：七里河区, 城关区", English commas in a Chinese sentence
    for flag, value in (("--district", "火星区"), ("--peer-group", "三级X")):
        argv = ["pack", "--quarter", quarter, "--out", str(tmp_path / "x.pptx")]
        assert main([*argv, "--db", str(demo_db), flag, value]) == 2
        choices = capsys.readouterr().err.split("可选：")[1].strip()
        assert "、" in choices and "," not in choices, choices


def test_cli_for_the_quarter_under_way_without_data_says_the_error_alone(demo_db, tmp_path, capsys):
    now = quarter_of_today()  # the demo's data end with the last quarter that has ended
    year, number = now.split("Q")
    out = tmp_path / "x.pptx"
    assert main(["pack", "--quarter", now, "--out", str(out), "--db", str(demo_db)]) == 2
    said = capsys.readouterr().err
    assert f"没有{year}年第{number}季度的数据。已有数据的季度：" in said
    assert "尚未结束" not in said  # no note on figures that may change: there are none
    assert not out.exists()


def test_cli_without_an_indicator_system_exits_2_saying_to_load_one(
    demo_db, quarter, tmp_path, capsys
):
    bare = tmp_path / "no_system.duckdb"
    shutil.copyfile(demo_db, bare)
    con = duckdb.connect(str(bare))
    con.execute("DELETE FROM targets")
    con.execute("DELETE FROM indicators")
    con.close()
    out = tmp_path / "x.pptx"
    argv = ["pack", "--quarter", quarter, "--out", str(out), "--db", str(bare), "--lang", "zh"]
    assert main(argv) == 2
    assert "尚未装载测评体系（指标、权重和目标），无法计算文明指数" in capsys.readouterr().err
    assert not out.exists()


def test_cli_wrong_file_name_exits_2_and_a_missing_store_3(demo_db, quarter, tmp_path, capsys):
    """A store that is not there exits 3, as etl and queries do (the exit codes every help
    states), not 2."""
    assert (
        main(["pack", "--quarter", quarter, "--out", str(tmp_path / "x.ppt"), "--db", str(demo_db)])
        == 2
    )
    assert "x.ppt：文件名应以 .pptx 结尾" in capsys.readouterr().err
    missing = tmp_path / "none.duckdb"
    assert (
        main(
            ["pack", "--quarter", quarter, "--out", str(tmp_path / "x.pptx"), "--db", str(missing)]
        )
        == 3
    )
    # the command that moves a store there, the store quoted (a PostgreSQL one has spaces)
    said = capsys.readouterr().err
    assert f"{missing} 处没有 Civbench 存储" in said
    assert f"python -m etl migrate --from 已有存储 --to '{missing}' 迁入" in said
    assert not missing.exists()


def test_cli_busy_database_exits_3(demo_db, quarter, tmp_path, capsys, con):
    copy = tmp_path / "held.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(copy)!r}); print('held', flush=True); "
            "sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        code = main(
            ["pack", "--quarter", quarter, "--out", str(tmp_path / "x.pptx"), "--db", str(copy)]
        )
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert code == 3
    said = capsys.readouterr().err  # in the pack's language (zh unless --lang en)
    assert said.startswith(f"错误：数据库 {copy} 正被另一个进程使用") and "未做任何更改" in said


def test_cli_without_a_cjk_font_exits_4_and_writes_nothing(
    demo_db, quarter, tmp_path, capsys, monkeypatch
):
    import charts.fonts as fonts

    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])  # a folder with no font
    fonts.cjk_font.cache_clear()
    try:
        out = tmp_path / "x.pptx"
        code = main(["pack", "--quarter", quarter, "--out", str(out), "--db", str(demo_db)])
    finally:
        monkeypatch.undo()
        fonts.cjk_font.cache_clear()
    assert code == 4
    assert "No font that can draw Chinese was found" in capsys.readouterr().err
    assert not out.exists()


@pytest.fixture(scope="module")
def gaps(demo_db, tmp_path_factory):
    """A copy of the demo with reports taken out: the first unit misses its surveys in the
    last two quarters and its activities in the last; the second its inspections in the
    quarter before the last. (The demo itself has every report.)"""
    path = tmp_path_factory.mktemp("gaps") / "gaps.duckdb"
    shutil.copyfile(demo_db, path)
    connection = duckdb.connect(str(path))
    last, before = run(connection, "quarters")["quarter"].to_list()[:2]
    first, second = run(connection, "units")["unit_code"].sort().to_list()[:2]
    for table, unit, quarters in (
        ("surveys", first, [last, before]),
        ("activities", first, [last]),
        ("inspections", second, [before]),
    ):
        connection.execute(
            f"DELETE FROM {table} WHERE unit_code = ? AND quarter IN (SELECT unnest(?))",
            [unit, quarters],
        )
    yield connection, last, before, first, second
    connection.close()


def test_completeness_matrix_is_the_full_grid_of_the_units_missing_most(gaps):
    connection, last, before, first, second = gaps
    quarters = run(connection, "quarters")["quarter"].to_list()
    window = completeness_window(quarters, last)
    assert window == sorted(quarters)[-4:]
    missing = run(connection, "completeness", missing_only=True)
    matrix = matrix_units(missing, window)
    # first: 3 missing (2 surveys, 1 activities), second: 1 (inspections): both units, each
    # 4 quarters × 3 kinds = 12 cells, 24 in all, 4 of them missing
    full = run(connection, "completeness").filter(
        pl.col("unit_code").is_in([first, second]) & pl.col("quarter").is_in(window)
    )
    assert matrix.height == full.height == 24
    shown = ["unit_code", "unit_name", "district", "peer_group", "quarter", "kind", "reported"]
    assert matrix.select(shown).rows() == full.select(shown).rows()
    assert sorted(
        matrix.filter(~pl.col("reported")).select("unit_code", "quarter", "kind").rows()
    ) == sorted(
        [
            (first, last, "surveys"),
            (first, before, "surveys"),
            (first, last, "activities"),
            (second, before, "inspections"),
        ]
    )


def test_pack_lists_the_units_missing_a_report_in_the_quarter(gaps):
    connection, last, *_ = gaps
    data = gather(connection, PackRequest(last))
    slides, charts = pack_slides(data)
    titles = [s.title for s in slides]
    # in the last quarter only the first unit misses reports (surveys and activities);
    # the second missed its inspections the quarter before
    assert any(t.startswith("数据完整性：1 家单位有缺报，") for t in titles)
    table = next(s.table for s in slides if s.title.startswith("数据完整性"))
    assert [row[-1] for row in table.rows] == ["活动统计、满意度调查"]  # kinds A–Z
    assert any(s.title == "近 4 个季度缺报最多的 2 家单位" for s, _ in charts)
    # the quarter before the last has two quarters before it in the store: three are shown
    # (the title said 近四个季度 whatever the store held); both units missed a report then
    _, earlier = pack_slides(gather(connection, PackRequest(gaps[2])))
    assert any(s.title == "近 3 个季度缺报最多的 2 家单位" for s, _ in earlier)
    # in English, listed as English lists are ("、" joined them in every language)
    english, _ = pack_slides(gather(connection, PackRequest(last, lang="en")))
    table = next(s.table for s in english if s.title.startswith("Data completeness"))
    assert [row[-1] for row in table.rows] == ["Activities, Surveys"]


def test_the_peer_group_slide_heads_its_change_column_as_the_index_it_is(pack):
    slides = pack[0].slides  # the whole pack of the quarter, as its files draw it
    table = next(s.table for s in slides if s.title == "各类别单位文明指数")
    assert table.columns[:3] == ["类别", "文明指数", "指数较上季度"]
    # every cell of that column says the index's move (上升/下降/持平) or that there was none
    for row in table.rows:
        assert row[2].startswith(("较上季度", "与上季度持平", "上季度无可比数据")), row


def test_the_peer_group_slide_heads_its_count_column_as_the_units_ranked_it_shows(pack, con):
    # The headline's 参评单位 counts every unit with data (ranked or not); this column shows
    # units ranked / units: under the same words the two slides disagreed (a province: 3,000
    # assessed, and 894 / 901 for one group).
    slides = pack[0].slides
    table = next(s.table for s in slides if s.title == "各类别单位文明指数")
    assert table.columns[4] == "参加排名 / 单位数"
    head = next(s for s in slides if s.figures)
    figure = {f.label: f.value for f in head.figures}
    ranked = sum(int(row[4].split(" / ")[0].replace(",", "")) for row in table.rows)
    units = sum(int(row[4].split(" / ")[1].replace(",", "")) for row in table.rows)
    registry = con.execute("SELECT count(DISTINCT unit_code) FROM units").fetchone()[0]
    assert units == registry  # each unit of the demo is in one group
    # the groups' ranked units and the units not ranked make up the headline's units assessed
    assert ranked + int(figure["数据不足、未排名单位"]) == int(figure["参评单位"].replace(",", ""))


def test_the_movers_slide_names_the_index_change_its_movers_were_chosen_by(pack, con, quarter):
    files, _ = pack
    slide = next(s for s in files.slides if s.title.startswith("进步最大"))  # then continued
    movers = run(con, "movers", quarter=quarter, n=10)
    up = movers.filter(pl.col("movement") == "improved").row(0, named=True)
    down = movers.filter(pl.col("movement") == "declined").row(0, named=True)
    assert up["value_change"] > 0 > down["value_change"]
    assert slide.title == (
        f"进步最大：{up['unit_name']}（指数 +{up['value_change']:.1f}）；"
        f"退步最大：{down['unit_name']}（指数 −{-down['value_change']:.1f}）"
    )
    assert slide.table.columns[2] == "指数较上季度"
    first = slide.table.rows[0]
    assert first[0] == up["unit_name"] and first[2] == f"+{up['value_change']:.1f}"


def test_the_movers_slide_says_its_ranks_are_the_citys_overall_ranking(pack, con, quarter):
    files, _ = pack
    slide = next(s for s in files.slides if s.title.startswith("进步最大"))
    assert slide.table.columns[3:5] == ["上季度全市名次", "全市名次"]
    overall = run(con, "rankings", quarter=quarter, draws=0)  # 全部: every group in one ranking
    ranked = overall.filter(pl.col("rank").is_not_null()).height
    assert slide.subtitle.startswith(f"名次为全市 {ranked} 家参加排名单位的总排名（不分类别）")
    first = slide.table.rows[0]
    rank = overall.filter(pl.col("unit_name") == first[0])["rank"][0]
    assert first[4] == str(rank)


def test_a_peer_group_packs_movers_are_ranked_within_the_group(con, quarter):
    # the group of the most units: its pack has movers (a group of three may have none)
    sizes = run(con, "units").group_by("peer_group").len()
    group = sizes.sort(["len", "peer_group"], descending=[True, False])["peer_group"][0]
    slides, _ = pack_slides(gather(con, PackRequest(quarter, peer_groups=(group,))))
    slide = next(s for s in slides if s.title.startswith("进步最大"))
    assert slide.table.columns[3:5] == ["上季度类别内名次", "类别内名次"]
    within = run(con, "rankings", quarter=quarter, peer_group=group, draws=0)
    ranked = within.filter(pl.col("rank").is_not_null()).height
    assert slide.subtitle.startswith(f"名次为{group}内的排名（{ranked} 家参加排名）")
    first = slide.table.rows[0]
    assert first[4] == str(within.filter(pl.col("unit_name") == first[0])["rank"][0])


def test_a_peer_groups_pack_lists_the_late_files_of_its_units_only(demo_db, tmp_path):
    """One unit's surveys of the last quarter, taken out and sent again today (past the
    deadline, its first report: late): the pack of its peer group lists that file, the pack
    of another group does not."""
    path = tmp_path / "late.duckdb"
    shutil.copyfile(demo_db, path)
    connection = connect(str(path))
    last = run(connection, "quarters")["quarter"].max()
    units = run(connection, "units").sort("unit_code")
    unit, group = units.row(0, named=True)["unit_code"], units["peer_group"][0]
    other = units.filter(pl.col("peer_group") != group)["peer_group"][0]
    connection.execute("DELETE FROM surveys WHERE unit_code = ? AND quarter = ?", [unit, last])
    survey = f"unit_code,quarter,survey_type,respondents,satisfied\n{unit},{last},门诊,100,90\n"
    sent = load_file(connection, survey.encode(), "late_survey.csv")
    assert sent.outcome == "loaded"
    try:
        mine = gather(connection, PackRequest(last, peer_groups=(group,))).late_loads
        theirs = gather(connection, PackRequest(last, peer_groups=(other,))).late_loads
    finally:
        connection.close()
    assert sent.load_id in mine["load_id"].to_list()
    assert sent.load_id not in theirs["load_id"].to_list()


def slide_texts(path) -> list[str]:
    return [
        shape.text_frame.text
        for slide in Presentation(str(path)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]


def test_cli_takes_a_peer_group_as_a_registry_does(demo_db, quarter, tmp_path):
    """``--peer-group 三甲医院`` (a registry's spelling of 三级医院) makes the pack that
    ``--peer-group 三级医院`` makes, and none of another group's slides."""
    packs = {}
    for spelled in ("三甲医院", "三级医院"):
        out = tmp_path / f"{spelled}.pptx"
        argv = ["pack", "--quarter", quarter, "--out", str(out), "--db", str(demo_db), "--quiet"]
        assert main([*argv, "--peer-group", spelled, "--lang", "zh", "--current"]) == 0
        packs[spelled] = slide_texts(out)
    assert packs["三甲医院"] == packs["三级医院"]
    assert not any("社区卫生服务中心" in text for text in packs["三甲医院"])


def test_a_district_or_group_outside_the_readers_scope_is_not_called_unknown(con, quarter):
    """A 城关区 reader asking for 七里河区's pack, or a hospital's account for the township
    health centres, was told 未知的区县 / 未知的单位类别 (there is no such district or group),
    of names the bureau has: the refusal now says they lie outside the reader's scope."""
    from charts.pack.request import PackInputError, check_request
    from queries.scope import Scope

    quarters = run(con, "quarters")["quarter"].to_list()
    district = PackRequest(quarter, "zh", districts=("七里河区",), scope=Scope(("城关区",)))
    with pytest.raises(PackInputError) as outside:
        check_request(con, district, quarters)
    assert str(outside.value) == (
        "区县“七里河区”不在您的数据范围（区县：城关区）内，无法生成它的材料。可选：城关区。"
        "如需其他区县的材料，请联系管理员调整您账号的数据范围。"
    )
    hospital = run(con, "units", peer_group="三级医院")["unit_code"][0]
    group = PackRequest(quarter, "en", peer_groups=("乡镇卫生院",), scope=Scope(unit=hospital))
    with pytest.raises(PackInputError) as absent:
        check_request(con, group, quarters)
    assert str(absent.value) == (
        f"No unit of the peer group 乡镇卫生院 lies in your scope (unit: {hospital}) and the "
        "districts chosen, so it has no pack. Choose from: 三级医院"
    )


def test_the_index_trend_fills_the_width_of_its_slide(pack):
    """Five peer groups' box plots stacked in rows drew a picture taller than wide, which the
    16:9 slide shrank to about a third of its width: side by side they are about three times
    as wide as high (1,100 x 390 px of panels), wider than the content box (12.433 x 5.35 in),
    so the picture takes the box's whole width."""
    files, _ = pack
    presentation = deck(files)
    [slide] = [s for s in presentation.slides if s.shapes.title.text.startswith("全市文明指数走势")]
    [picture] = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert abs(picture.width - Inches(12.433)) < Inches(0.01)
    assert picture.height < Inches(5.35)


def test_cli_an_out_that_is_a_folder_is_asked_for_a_file_name_in_it(tmp_path, capsys):
    """--out naming a folder (the analyst's packs folder) was told only that the name must
    end in .pptx: it is now told that it is a folder, and a name to write in it."""
    argv = ["pack", "--quarter", "2025Q3", "--out", str(tmp_path), "--db", str(tmp_path / "x")]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"错误：--out {tmp_path}：这是文件夹；请写出其中要生成的文件，如 "
        f"{tmp_path / '2025Q3.pptx'}\n"
    )


def test_the_decks_rank_changes_read_as_the_pages_do(pack):
    """The deck wrote ↑3/↓2/— where the pages and their spreadsheets write ▲3/▼2/＝: a
    change of rank is one word everywhere (the movers' since-rank and rank give it)."""
    files, _ = pack
    slide = next(s for s in files.slides if s.title.startswith("进步最大"))
    assert slide.table.columns[5] == "名次变化"
    rows = [r for r in slide.table.rows if r[3].isdigit() and r[4].isdigit()]
    assert rows
    for row in rows:
        change = int(row[3]) - int(row[4])
        words = f"▲{change}" if change > 0 else f"▼{-change}" if change < 0 else "＝"
        assert row[5] == words, row
