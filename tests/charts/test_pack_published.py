"""The pack and the draft circular of a published quarter, rebuilt after a correction, name the
same units with the same figures as when the quarter was published, and say which state they
show (charts.pack.gather_state, etl/publish.py)."""

from __future__ import annotations

import io
import re

import polars as pl
import pytest
from demo_templates import demo_copy
from docx import Document
from polars.testing import assert_frame_equal
from pptx import Presentation

from charts.circular import circular_docx, selection_in_scope
from charts.labels import group_label
from charts.pack import (
    PackInputError,
    PackRequest,
    circular_input,
    gather_state,
    pack_file_name,
    pack_slides,
)
from charts.pack.maker import SlideMaker
from charts.pack.slides import title_slide
from etl.db import connect
from etl.load import load_file, withdraw
from etl.publish import publish
from queries import run


@pytest.fixture
def demo(tmp_path, tmp_path_factory):
    path = demo_copy(tmp_path_factory, tmp_path / "demo.duckdb", units=24, quarters=4)
    con = connect(path)
    yield con
    con.close()


def docx_lines(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    lines += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return lines


def test_a_published_pack_rebuilt_after_a_correction_names_the_same_units(demo):
    quarter = run(demo, "quarters")["quarter"].max()
    at_publication = gather_state(demo, PackRequest(quarter, lang="en"))
    chosen = selection_in_scope(circular_input(at_publication))
    assert chosen.named.height > 0  # the demo names units: the comparison below means something
    named = chosen.named.row(0, named=True)
    publication = publish(demo, quarter, "director")

    # The first named unit's inpatients all satisfied: a real correction of its figures.
    correction = (
        f"单位编码,季度,调查类型,样本量,满意人数\n{named['unit_code']},{quarter},住院,300,300\n"
    )
    loaded = load_file(demo, correction.encode(), "correction.csv", kind="surveys", by="analyst")
    assert loaded.outcome == "loaded" and loaded.replaced > 0, loaded.summary()
    now = run(demo, "rankings", quarter=quarter, peer_group=named["peer_group"], draws=0)
    value_now = now.filter(now["unit_code"] == named["unit_code"])["value"][0]
    assert value_now > named["value"]  # the current figures did change

    rebuilt = gather_state(
        demo, PackRequest(quarter, lang="en", publication=publication.publication_id)
    )
    again = selection_in_scope(circular_input(rebuilt))
    assert_frame_equal(again.named, chosen.named)
    assert_frame_equal(again.commended, chosen.commended)
    assert_frame_equal(again.reasons, chosen.reasons)

    then, rebuilt_lines = (
        docx_lines(circular_docx(circular_input(at_publication))),
        docx_lines(circular_docx(circular_input(rebuilt))),
    )
    state = (
        f"As published on {publication.published_at:%Y-%m-%d %H:%M} (publication 1, by director)"
    )
    [said] = [x for x in rebuilt_lines if x.startswith(state)]
    # the correction is a revision since: the circular says so beside the published figures
    revised = re.fullmatch(
        r"; since publication (\d+) unit(?:s'|'s) index, rank within their peer group, "
        r"overdue findings or change on last quarter changed"
        r"( \(the figures of 1 of them, and only the rank or rank change of the other \d+\))?; "
        r"this document "
        r"keeps the figures as published",
        said[len(state) :],
    )
    assert revised and int(revised.group(1)) >= 1
    assert [x for x in rebuilt_lines if x != said] == [
        x for x in then if not x.startswith("Current figures")
    ]


SURVEY_FIX = "单位编码,季度,调查类型,样本量,满意人数\nU0001,{q},住院,300,300\n"


def title_subtitle(data) -> str:
    """The title slide's lines, as ``pack_slides`` makes the deck's first slide (``title_slide``
    alone: the other slides' charts are not needed to read them; the deck writes these lines as
    they are, test_deck)."""
    opening = SlideMaker(data)
    title_slide(opening)
    [slide] = opening.slides
    assert slide.is_title_slide
    return slide.subtitle


def title_lines(demo, request: PackRequest) -> str:
    return title_subtitle(gather_state(demo, request))


def test_the_pack_says_which_state_it_shows_and_which_publication_replaced_which(demo):
    """One quarter published, corrected (U0001's inpatients all satisfied) and published
    again, from the command line: the checks of each state on the one store.

    The pack says which state it shows: as published, or the current figures, and whether
    they differ from the publication.

    Trial E: the deck and circular of the first publication (--publication 1), made for
    comparison, said only 按…发布的数据（第 1 号发布…）, as if still the figures in force: a
    reader holding both could not tell which one the bureau stands by. It says the later
    publication replaced it, with its number and moment; the latest publication's pack says
    nothing of the kind.

    Trial B, the other way round: the second publication's deck and circular said only 第 2
    次发布, so a meeting holding the first circular could not tell that this one corrects it,
    nor what changed. Its title line says it is a revised publication replacing the first,
    and its circular is a 修订稿 listing U0001 (its inpatients all satisfied by the
    correction) with its index and rank in its peer group as each publication ranked it
    (query rankings, publication=1 and 2); the first one's circular says nothing of it."""
    quarter = run(demo, "quarters")["quarter"].max()
    first = publish(demo, quarter, "director")

    text = title_lines(demo, PackRequest(quarter, lang="en", publication=first.publication_id))
    assert "As published on" in text and "(publication 1, by director)" in text
    assert "changed since" not in text  # nothing loaded or withdrawn since the publication
    words = title_lines(demo, PackRequest(quarter, lang="en"))
    assert "Current figures (data loaded up to" in words
    # the current figures of a published quarter say it was published, and whether they differ
    when = f"{first.published_at:%Y-%m-%d %H:%M}"
    label = quarter.replace("Q", " Q")  # 2026Q3 as English reads it: 2026 Q3
    assert (
        f"; {label} was published on {when} (publication 1); no unit's index, rank or "
        "overdue findings has changed since\n" in words
    )
    load_file(demo, SURVEY_FIX.format(q=quarter).encode(), "fix.csv", kind="surveys")
    revised = re.search(
        rf"; {label} was published on {when} \(publication 1\) and this document uses the "
        r"current figures: since then (\d+) unit(?:s'|'s) index, rank within their peer group, "
        r"overdue findings or change on last quarter changed"
        r"( \(the figures of 1 of them, and only the rank or rank change of the other \d+\))?, "
        r"so it "
        r"differs from the published one\n",
        title_lines(demo, PackRequest(quarter, lang="en")),
    )
    assert revised and int(revised.group(1)) >= 1  # U0001's inpatients all satisfied now

    # published again from the command line without --by: said as such, not as "by cli"
    second = publish(demo, quarter, "cli")
    latest = gather_state(demo, PackRequest(quarter, lang="zh", publication=2))
    assert "（第 2 号发布，发布人 命令行）" in title_subtitle(latest), "publisher of the second"

    at = second.published_at
    when = f"{at.year}年{at.month}月{at.day}日 {at:%H}:{at:%M}"
    old = gather_state(demo, PackRequest(quarter, lang="zh", publication=first.publication_id))
    assert old.state.startswith("按") and "（第 1 号发布，发布人 director）" in old.state
    assert f"；已被{when}的第 2 号发布取代" in old.state, "the first says it was replaced"
    assert "修订" not in "\n".join(docx_lines(circular_docx(circular_input(old))))
    english = gather_state(demo, PackRequest(quarter, lang="en", publication=1))
    assert f"; replaced by publication 2 of {at:%Y-%m-%d %H:%M}" in english.state
    assert "取代" not in latest.state, "the latest publication is replaced by none"

    at = first.published_at
    then = f"{at.year}年{at.month}月{at.day}日 {at:%H}:{at:%M}"
    assert f"；本次为修订发布，替代{then}的第 1 号发布：与之相比，" in latest.state
    group = run(demo, "units").filter(pl.col("unit_code") == "U0001")["peer_group"][0]
    before, after = (
        run(demo, "rankings", quarter=quarter, peer_group=group, draws=0, publication=n)
        .filter(pl.col("unit_code") == "U0001")
        .row(0, named=True)
        for n in (1, 2)
    )
    assert after["value"] > before["value"]  # the correction changed its index
    lines = docx_lines(circular_docx(circular_input(latest)))
    assert "（修订稿，草稿，供审定）" in lines
    [note] = [line for line in lines if line.startswith("修订说明：")]
    said = f"本通报是第 1 号发布（{then}）数据的修订稿。此后因数据更正或测评体系调整，"
    assert f"{said}1 家单位的数据有变化" in note
    row = lines.index("修订后名次") + 1  # the table's cells, row by row
    assert lines[row : row + 7] == [
        after["unit_name"],
        after["district"],
        group,
        f"{before['value']:.2f}",
        f"{after['value']:.2f}",
        str(before["rank"]),
        str(after["rank"]),
    ]


def test_a_published_quarters_packs_are_named_and_worded_apart_from_its_current_figures(demo):
    """One publication, the checks of its packs and of the current figures' on the one store.

    Trial E: the Meeting pack page downloaded the pack as published and the pack of the
    current figures under one name (civbench_2026Q3_circular.docx), so the second was saved
    as 'civbench_2026Q3_circular (1).docx' and the analyst could not tell which was which.
    The names say which figures: publication-N, or current for a published quarter; a
    quarter never published keeps its plain name.

    A Chinese pack words its publication moment as a document does (年月日), and a
    publication of another quarter is refused."""
    quarters = sorted(run(demo, "quarters")["quarter"].to_list())
    quarter = quarters[-1]
    plain = gather_state(demo, PackRequest(quarter, lang="zh"))
    assert (
        pack_file_name(plain.request, plain.figures, "docx") == f"civbench_{quarter}_circular.docx"
    )
    publication = publish(demo, quarter, "director")
    published = gather_state(demo, PackRequest(quarter, lang="zh", publication=1))
    current = gather_state(demo, PackRequest(quarter, lang="zh"))
    assert pack_file_name(published.request, published.figures, "docx") == (
        f"civbench_{quarter}_circular_publication-1.docx"
    )
    assert pack_file_name(current.request, current.figures, "pptx") == (
        f"civbench_{quarter}_meeting-pack_current.pptx"
    )
    group = PackRequest(quarter, lang="zh", peer_groups=("三级医院",), publication=1)
    assert pack_file_name(group, "publication-1", "pdf") == (
        f"civbench_{quarter}_meeting-pack_三级医院_publication-1.pdf"
    )

    at = publication.published_at
    when = f"{at.year}年{at.month}月{at.day}日 {at:%H}:{at:%M}"
    assert f"按{when}发布的数据（第 1 号发布，发布人 director）" in title_subtitle(published)
    year, number = quarter.split("Q")
    assert f"；{year}年第{number}季度已于{when}发布（第 1 号发布）" in title_subtitle(current)

    with pytest.raises(PackInputError, match="no publication 1 of"):
        gather_state(
            demo, PackRequest(quarters[0], lang="en", publication=publication.publication_id)
        )


def test_a_late_file_withdrawn_and_loaded_again_is_one_late_report(demo):
    quarter = run(demo, "quarters")["quarter"].max()
    unit = run(demo, "units")["unit_code"][0]
    # a staff survey, which the demo has none of: a first report, not a correction
    survey = f"单位编码,季度,调查类型,样本量,满意人数\n{unit},{quarter},职工,40,36\n".encode()
    first = load_file(demo, survey, "late_fix.csv", kind="surveys", by="analyst")
    withdraw(demo, first.load_id, by="analyst")
    again = load_file(demo, survey, "late_fix.csv", kind="surveys", by="analyst")
    assert again.outcome == "loaded"  # loaded today: late for a finished quarter
    late = gather_state(demo, PackRequest(quarter, lang="en")).late_loads
    fixes = late.filter(pl.col("file_name") == "late_fix.csv")
    assert fixes["load_id"].to_list() == [again.load_id]  # not the withdrawn one as well


def test_the_command_line_pack_of_a_published_quarter_shows_it_as_published_by_default(
    tmp_path, tmp_path_factory, capsys
):
    from charts.cli import main

    path = demo_copy(tmp_path_factory, tmp_path / "cli.duckdb", units=24, quarters=4)
    con = connect(path)
    quarter = run(con, "quarters")["quarter"].max()
    publish(con, quarter, "director")
    con.close()
    out = tmp_path / "pack.pptx"
    argv = ["pack", "--quarter", quarter, "--out", str(out), "--db", str(path), "--lang", "en"]

    def title_words() -> str:
        title = Presentation(str(out)).slides[0]
        return "\n".join(s.text_frame.text for s in title.shapes if s.has_text_frame)

    assert main(argv) == 0
    assert "As published on" in title_words()  # as the pages show a published quarter
    assert f"{quarter} is published: the pack shows publication 1's" in capsys.readouterr().err
    assert main([*argv, "--current", "--quiet"]) == 0
    assert "Current figures (data loaded up to" in title_words()
    assert main([*argv, "--current", "--as-published", "--quiet"]) == 2
    assert "exclude one another" in capsys.readouterr().err


def test_a_pack_counts_revisions_within_the_peer_groups_it_ranks(demo):
    """One unit's correction after publication moves ranks across the overall ranking; the
    two packs of the one store count it as they rank.

    A pack of its peer group counts only that group's changed units, ranked within it, and
    its headline is the group's index, not the bureau's (a trial read "全市文明指数" over a
    group's mean).

    Scenario: a bureau-wide pack of a published quarter, rebuilt after one unit's
    correction, said that 17 units' index, rank or overdue findings had changed, and the pack
    of the quarter published again, for the very same change, said 8: the first counted
    ranks among every unit, which the pack never shows (it ranks within each peer group), the
    second within the groups (revision_of). The published pack and the pack of the current
    figures count within the peer groups too, as the pack ranks."""
    quarter = run(demo, "quarters")["quarter"].max()
    ranking = run(demo, "rankings", quarter=quarter, draws=0)
    # the unit closest below one of another group overall: the correction lifts it past that
    # unit in the overall ranking, which no peer group's ranking holds
    unit = (
        ranking.sort("rank")
        .with_columns(
            gap=pl.col("value").shift(1) - pl.col("value"),
            other=pl.col("peer_group").shift(1) != pl.col("peer_group"),
        )
        .filter("other")
        .sort("gap")
        .row(0, named=True)
    )
    group = unit["peer_group"]
    publication = publish(demo, quarter, "director")
    correction = "单位编码,季度,调查类型,样本量,满意人数\n"
    correction += f"{unit['unit_code']},{quarter},住院,300,300\n"
    assert load_file(demo, correction.encode(), "fix.csv", kind="surveys", by="a").outcome == (
        "loaded"
    )
    within = run(demo, "revisions", quarter=quarter, peer_group=group).height
    overall = run(demo, "revisions", quarter=quarter).height
    assert 1 <= within < overall  # the two counts differ: the pack's could be either
    request = PackRequest(
        quarter, lang="en", peer_groups=(group,), publication=publication.publication_id
    )
    slides, _ = pack_slides(gather_state(demo, request))
    # the corrected unit's own figures, and the ranks of any others in its group it passed
    moved = (
        f" (the figures of 1 of them, and only the rank or rank change of the other {within - 1})"
    )
    noun = "unit's" if within == 1 else "units'"  # English counts one in the singular
    assert (
        f"; since publication {within} {noun} index, rank within their peer group, "
        "overdue findings or change on last quarter changed"
        f"{moved if within > 1 else ''}; this document keeps"
    ) in slides[0].subtitle, "the group's pack counts the group's changed units"
    head = run(demo, "bureau_headline", quarter=quarter, peer_group=group, as_published=True)
    index = head["bureau_index"][0]
    assert slides[1].title.startswith(f"{group_label(group, 'en')} civility index {index:.1f}, ")

    # the bureau-wide packs: every group's changed units, each ranked within its group
    groups = run(demo, "peer_groups")["peer_group"].to_list()
    assert len(groups) > 1 and len(ranking) <= 10 * len(groups)  # every unit listed
    within = sum(run(demo, "revisions", quarter=quarter, peer_group=g).height for g in groups)
    assert 1 <= within < overall  # the correction moved more ranks overall than in its group
    noun = "unit's" if within == 1 else "units'"
    said = (
        f"since publication {within} {noun} index, rank within their peer group, "
        "overdue findings or change on last quarter changed"
    )
    published = gather_state(
        demo, PackRequest(quarter, lang="en", publication=publication.publication_id)
    )
    assert said in published.state, "the bureau's published pack counts within its groups"
    current = gather_state(demo, PackRequest(quarter, lang="en"))
    assert (
        f"since then {within} {noun} index, rank within their peer group, "
        "overdue findings or change on last quarter changed"
    ) in current.state


def test_a_revision_for_registry_corrections_alone_names_them(demo):
    """Trial (session 61): a unit's name corrected after publication (a registry file) made
    the quarter a revision to publish again, as it should (the circular names units), but
    the 修订稿 said only that every figure stood. It now names each unit renamed or moved to
    another district since the publication it replaces; the first publication's circular
    says nothing of it."""
    quarter = run(demo, "quarters")["quarter"].max()
    publish(demo, quarter, "director")
    units = run(demo, "units").filter(pl.col("unit_code").is_in(["U0001", "U0002"]))
    one, two = units.sort("unit_code").iter_rows(named=True)
    other = next(d for d in run(demo, "districts")["district"] if d != two["district"])
    rows = [
        (one["unit_code"], "更正后的医院", one["district"], one["peer_group"], one["staff_count"]),
        (two["unit_code"], two["unit_name"], other, two["peer_group"], two["staff_count"]),
    ]
    registry = "单位编码,单位名称,区县,单位类别,职工人数\n" + "".join(
        ",".join(str(v) for v in row) + "\n" for row in rows
    )
    corrected = load_file(demo, registry.encode(), "corrected.csv", by="test")
    assert corrected.ok and corrected.published == [quarter], corrected.problems
    publish(demo, quarter, "director")
    said = (
        "修订说明：与第 1 号发布相比，以下单位的名录信息有更正：更正后的医院"
        f"（原名{one['unit_name']}）、{two['unit_name']}（所属区县由{two['district']}改为"
        f"{other}）。"
    )
    latest = gather_state(demo, PackRequest(quarter, lang="zh", publication=2))
    assert said in docx_lines(circular_docx(circular_input(latest)))
    first = gather_state(demo, PackRequest(quarter, lang="zh", publication=1))
    assert not any("名录信息" in line for line in docx_lines(circular_docx(circular_input(first))))


def test_a_unit_merged_after_publication_is_counted_and_said_merged(demo):
    """A trial: a unit closed in the quarter after it was published left the ranking; the
    revised pack counted only the unit that moved up in its place ("1 个单位…有变动", the
    pages said 2), and the 修订稿 said of the closed unit only that it no longer met the
    list's rules. Now it counts, its published figures are in the revision table, and the
    registry note says it was merged and into which unit."""
    quarter = run(demo, "quarters")["quarter"].max()
    publish(demo, quarter, "director")
    ranked = run(demo, "rankings", quarter=quarter, draws=0, as_published=True)
    one = ranked.filter(pl.col("unit_code") == "U0002").row(0, named=True)
    into = run(demo, "units").filter(pl.col("unit_code") == "U0001")["unit_name"][0]
    merger = (
        "unit_code,unit_name,district,peer_group,staff_count,parent_code,from_quarter,status\n"
        f"U0002,{one['unit_name']},{one['district']},{one['peer_group']},50,U0001,{quarter},撤并\n"
    )
    assert load_file(demo, merger.encode(), "merger.csv", by="test").published == [quarter]
    publish(demo, quarter, "director")
    latest = gather_state(demo, PackRequest(quarter, lang="zh", publication=2))
    assert "U0002" in set(latest.revision["unit_code"])
    circular = circular_docx(circular_input(latest))
    said = (
        f"修订说明：与第 1 号发布相比，以下单位的名录信息有更正：{one['unit_name']}"
        f"（已并入{into}，本季度不再参加排名）。"
    )
    assert said in docx_lines(circular)
    # its row of the revision table: the index as published (2 decimals), none now
    rows = [
        [cell.text for cell in row.cells]
        for table in Document(io.BytesIO(circular)).tables
        for row in table.rows
    ]
    [row] = [r for r in rows if r[0] == one["unit_name"] and "原文明指数" not in r]
    assert row[1] == one["district"] and row[3:5] == [f"{one['value']:.2f}", "—"], row
    # its last quarter stands (a second trial: the 修订稿 said it was corrected too)
    assert not any("上季度的数据也有更正" in line for line in docx_lines(circular))
    # a pack of its district counts it; another district's neither counts nor names it
    peers = ranked.filter(pl.col("peer_group") == one["peer_group"])["district"]
    other = next(d for d in peers if d != one["district"])  # a district of its group's units
    for district, counted in ((one["district"], True), (other, False)):
        request = PackRequest(quarter, lang="zh", publication=2, districts=(district,))
        pack = gather_state(demo, request)
        assert ("U0002" in set(pack.revision["unit_code"])) is counted, district
        assert ("U0002" in set(pack.registry_corrected["unit_code"])) is counted, district
