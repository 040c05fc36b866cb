"""Published quarters (etl/publish.py, queries.run(as_published=…), the revisions query): the
figures as published stay exactly as they were, whatever is loaded or withdrawn since.

The tiny bureau (bureau_fixture.py), 2025Q3, worked by hand (see test_scoring.py for the parts):
- T1: inspection attainment 100 × 0.90 / 0.92 = 97.826087, overdue findings 0 → 100; with no
  survey its index is (0.5 × 97.826087 + 0.2 × 100) / 0.7 = 98.447205 → 98.45. Load C gives it
  a survey of 36 satisfied of 40 = 0.90, which meets the 0.90 target → 100, so its index
  becomes 0.5 × 97.826087 + 0.3 × 100 + 0.2 × 100 = 98.913043 → 98.91.
- H2 = H3 = 81.40 (rank 2 of 三级医院). Load A restates H2's survey as 99 of 100 → 100, so H2 is
  0.5 × 89.473684 + 0.3 × 100 + 0.2 × 50 = 84.736842 → 84.74: 2nd alone, H3 3rd.
Published after C; then A is loaded and C withdrawn.
"""

from __future__ import annotations

import re

import polars as pl
import pytest
from bureau_fixture import A, B
from polars.testing import assert_frame_equal

from etl.cli import main
from etl.db import connect, ensure_schema, held_still
from etl.load import load_file, withdraw
from etl.publish import PublishRefused, publications, publish
from queries import QueryError, Scope, run
from queries.composed import revised_units, within_peer_groups

Q = "2025Q3"
SURVEY_T1 = "单位编码,季度,调查类型,样本量,满意人数\nT1,2025Q3,门诊,40,36\n"
SURVEY_H2 = "单位编码,季度,调查类型,样本量,满意人数\nH2,2025Q3,门诊,100,99\n"
CAPTURED = {
    "rankings_all": ("rankings", {"quarter": Q, "draws": 0}),
    "rankings_a": ("rankings", {"quarter": Q, "peer_group": A, "draws": 60, "seed": 9}),
    "civility_index": ("civility_index", {"quarter": Q}),
    "indicator_values": ("indicator_values", {"quarter": Q}),
    "funnel": ("funnel", {"quarter": Q, "indicator_code": "outpatient_satisfaction"}),
    "bureau_headline": ("bureau_headline", {"quarter": Q}),
    "index_series": ("index_series", {"from_quarter": "2025Q2", "to_quarter": Q}),
}


def load(con, text: str, name: str) -> int:
    result = load_file(con, text.encode(), name, kind="surveys", by="test")
    assert result.outcome == "loaded", result.summary()
    return result.load_id


def by_unit(frame: pl.DataFrame, column: str) -> dict:
    return dict(zip(frame["unit_code"], frame[column], strict=True))


@pytest.fixture
def published(bureau):
    """The bureau after load C, published, then changed: A loaded, C withdrawn."""
    load_c = load(bureau, SURVEY_T1, "t1_q3.csv")
    captured = {key: run(bureau, name, **params) for key, (name, params) in CAPTURED.items()}
    assert by_unit(captured["rankings_all"], "value")["T1"] == 98.91
    publication = publish(bureau, Q, "director")
    load_a = load(bureau, SURVEY_H2, "h2_q3.csv")
    withdraw(bureau, load_c, by="test")
    return bureau, captured, publication, load_a, load_c


def test_a_published_quarter_reads_as_published_lists_its_revisions_and_publishes_again(
    published,
):
    """The published bureau's three checks in turn, on one build of it per store: the first two
    only read it, the third publishes again (after them)."""
    as_published_results_are_the_ones_captured_at_publication(published)
    the_revisions_name_exactly_the_changed_units_and_their_loads(published)
    publishing_again_keeps_both_publications(published)


def as_published_results_are_the_ones_captured_at_publication(published):
    con, captured, _, _, _ = published
    now = run(con, "rankings", quarter=Q, draws=0)
    assert by_unit(now, "value")["T1"] == 98.45 and by_unit(now, "value")["H2"] == 84.74
    for key, (name, params) in CAPTURED.items():
        assert_frame_equal(run(con, name, as_published=True, **params), captured[key])


def the_revisions_name_exactly_the_changed_units_and_their_loads(published):
    con, _, _, load_a, load_c = published
    overall = run(con, "revisions", quarter=Q)
    # overall ranking: published H1 1, T1 2 (98.91), H2 = H3 3 (81.40); now H1 1, T1 2
    # (98.45), H2 3 (84.74), H3 4: T1 and H2 changed value, H3 only rank. Largest change first:
    # H2 +3.34, T1 −0.46, then H3 (0).
    assert overall["unit_code"].to_list() == ["H2", "T1", "H3"]
    assert by_unit(overall, "value_change") == {"H2": 3.34, "H3": 0.0, "T1": -0.46}
    assert by_unit(overall, "published_value") == {"H2": 81.40, "H3": 81.40, "T1": 98.91}
    assert by_unit(overall, "current_value") == {"H2": 84.74, "H3": 81.40, "T1": 98.45}
    assert by_unit(overall, "published_rank") == {"H2": 3, "H3": 3, "T1": 2}
    assert by_unit(overall, "current_rank") == {"H2": 3, "H3": 4, "T1": 2}
    assert by_unit(overall, "moved_only") == {"H2": False, "H3": True, "T1": False}
    assert revised_units(overall).in_lang("zh") == (
        " 3 个单位的指数、名次、逾期问题或较上季度的变化有变动（其中 2 个单位本身的数据有变动，"
        "其余 1 个单位仅名次或名次变化随之变动）"
    )
    loads = by_unit(overall, "load_ids")
    assert loads["H2"].to_list() == [load_a]  # its own corrected survey
    assert loads["T1"].to_list() == [load_c]  # its survey, withdrawn since
    assert loads["H3"].to_list() == sorted([load_a, load_c])  # moved by the others' changes
    assert f"{load_c} t1_q3.csv (withdrawn)" in by_unit(overall, "loads")["T1"]
    within_a = run(con, "revisions", quarter=Q, peer_group=A)
    assert within_a["unit_code"].to_list() == ["H2", "H3"]
    t1_only = overall.filter(pl.col("unit_code") == "T1")  # no unit moved by others: no split
    assert revised_units(t1_only).in_lang("en") == (
        "1 unit's index, rank, overdue findings or change on last quarter changed"
    )
    # counted within each peer group (a pack's, the Meeting-pack page's): said so (a new
    # user's trial read a pack's 1 against the command line's 3 for the same correction)
    assert revised_units(overall, within_groups=True).in_lang("zh") == (
        " 3 个单位的指数、类别内名次、逾期问题或较上季度的变化有变动（其中 2 个单位本身的数据"
        "有变动，其余 1 个单位仅类别内名次或名次变化随之变动）"
    )
    # places gained, as in every ranking: H3 went from 2nd (tied) to 3rd
    assert by_unit(within_a, "rank_change") == {"H2": 0, "H3": -1}


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_revisions_within_peer_groups_keep_the_largest_change_first(published):
    """A pack counts and lists revisions per peer group (within_peer_groups); a district's
    revised circular listed 七里河区树屏镇中心卫生院 (−2.06, a township centre) above
    七里河区东岗街道社区卫生服务中心 (−15.11, a community centre): in the groups' order, not
    the largest change first, as its docstring and the revisions query have it. Here T1's
    group (B) comes first, yet H2's +3.34 leads T1's −0.46, then H3, only moved in rank."""
    con = published[0]
    found = within_peer_groups(lambda g: run(con, "revisions", quarter=Q, peer_group=g), [B, A])
    assert found["unit_code"].to_list() == ["H2", "T1", "H3"]
    assert by_unit(found, "peer_group") == {"H2": A, "T1": B, "H3": A}


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_load_that_changed_no_figure_is_not_named_as_a_cause(published):
    """H3 sends its survey again as it was (100 asked, 80 satisfied): its rows are replaced by
    the same values, so its index stays 81.40. Its rank still moved (3 → 4), by H2's and T1's
    changes: the causes are loads A and C, not its own load (it was named alone)."""
    con, _, _, load_a, load_c = published
    again = load(con, "单位编码,季度,调查类型,样本量,满意人数\nH3,2025Q3,门诊,100,80\n", "h3.csv")
    overall = run(con, "revisions", quarter=Q)
    assert overall["unit_code"].to_list() == ["H2", "T1", "H3"]
    loads = {unit: ids.to_list() for unit, ids in by_unit(overall, "load_ids").items()}
    assert loads == {"H2": [load_a], "T1": [load_c], "H3": sorted([load_a, load_c])}
    assert str(again) not in by_unit(overall, "loads")["H3"]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_change_sent_again_is_named_by_the_load_that_made_it(bureau):
    """H2's survey corrected after publication (80 → 99 satisfied), then the same rows sent
    again in another file (its columns in another order): the revision named only the
    second load, which changed nothing, and not the one that changed the figure."""
    publish(bureau, Q, "director")
    change = load(bureau, SURVEY_H2, "h2_q3.csv")
    load(bureau, "满意人数,样本量,调查类型,季度,单位编码\n99,100,门诊,2025Q3,H2\n", "h2_again.csv")
    overall = run(bureau, "revisions", quarter=Q)
    assert by_unit(overall, "load_ids")["H2"].to_list() == [change]
    assert by_unit(overall, "loads")["H2"] == f"{change} h2_q3.csv (loaded)"


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_an_unpublished_quarter_has_no_revisions_and_no_published_figures(bureau):
    assert run(bureau, "revisions", quarter=Q).is_empty()
    with pytest.raises(QueryError, match="has not been published"):
        run(bureau, "rankings", quarter=Q, as_published=True)


def publishing_again_keeps_both_publications(published):
    con, captured, first, _, _ = published
    # asked before publishing again, so that the first publication's figures are kept in memory
    # (queries/result_memo.py): they must not answer for the second
    before = run(con, "rankings", quarter=Q, draws=0, as_published=True)
    assert by_unit(before, "value")["T1"] == 98.91
    second = publish(con, Q, "director")
    assert [p.publication_id for p in publications(con, Q)] == [first.publication_id, 2]
    assert second.publication_id == 2
    # the latest publication is now the default; the first one is still there by number
    latest = run(con, "rankings", quarter=Q, draws=0, as_published=True)
    assert by_unit(latest, "value")["T1"] == 98.45
    assert_frame_equal(
        run(con, "rankings", quarter=Q, draws=0, publication=1), captured["rankings_all"]
    )
    assert run(con, "revisions", quarter=Q).is_empty()  # nothing changed since the second


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_second_publication_lists_what_it_revised_of_the_first(published):
    """Published again after A and the withdrawal of C: what the second publication revised
    are the changes the revisions listed before it (worked out in the module's docstring),
    and they stay so whatever is loaded after it (T1's survey, sent again, is a revision of
    the second publication, not part of it). The first publication revised nothing."""
    con, _, first, load_a, load_c = published
    publish(con, Q, "director")
    load(con, SURVEY_T1, "t1_again.csv")
    revised = run(con, "publication_revisions", quarter=Q)
    assert revised["unit_code"].to_list() == ["H2", "T1", "H3"]
    assert by_unit(revised, "published_value") == {"H2": 81.40, "H3": 81.40, "T1": 98.91}
    assert by_unit(revised, "current_value") == {"H2": 84.74, "H3": 81.40, "T1": 98.45}
    assert by_unit(revised, "published_rank") == {"H2": 3, "H3": 3, "T1": 2}
    assert by_unit(revised, "current_rank") == {"H2": 3, "H3": 4, "T1": 2}
    assert by_unit(revised, "moved_only") == {"H2": False, "H3": True, "T1": False}
    loads = {unit: ids.to_list() for unit, ids in by_unit(revised, "load_ids").items()}
    assert loads == {"H2": [load_a], "T1": [load_c], "H3": sorted([load_a, load_c])}
    assert_frame_equal(run(con, "publication_revisions", quarter=Q, number=2), revised)
    assert run(con, "publication_revisions", quarter=Q, number=first.publication_id).is_empty()
    # since the second publication: T1 back to 98.91 by the survey sent again
    assert by_unit(run(con, "revisions", quarter=Q), "current_value")["T1"] == 98.91


@pytest.mark.parametrize("bureau", ["sqlite"], indirect=True)  # a DuckDB file holds still
def test_the_store_held_still_keeps_its_figures_and_a_later_hold_sees_the_new_ones(bureau):
    """A pack holds the lake at its snapshot (etl.db.held_still); what is computed from it is
    kept for that snapshot, and a hold taken after a load is another state."""
    first = held_still(bureau)
    assert by_unit(run(first, "rankings", quarter=Q, draws=0), "value")["H2"] == 81.40
    load(bureau, SURVEY_H2, "h2_q3.csv")
    later = held_still(bureau)
    assert later.identity != first.identity
    assert by_unit(run(later, "rankings", quarter=Q, draws=0), "value")["H2"] == 84.74
    assert by_unit(run(first, "rankings", quarter=Q, draws=0), "value")["H2"] == 81.40


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_quarter_without_data_is_not_published(bureau):
    with pytest.raises(PublishRefused, match="2024Q1 has no data"):
        publish(bureau, "2024Q1", "director")
    assert publications(bureau) == []


def test_the_command_line_publishes_and_lists(bureau_path, capsys):
    assert main(["publish", Q, "--by", "director", "--db", str(bureau_path)]) == 0
    assert "published 2025Q3 as publication 1" in capsys.readouterr().out
    from etl.db import connect

    con = connect(bureau_path)
    audited = con.execute("SELECT username, action, ok, detail FROM audit_log").fetchall()
    con.close()
    assert audited == [("director", "publish", True, "2025Q3 as publication 1")]
    assert main(["publications", "--db", str(bureau_path)]) == 0
    assert "2025Q3" in capsys.readouterr().out
    assert main(["publish", "2025Q9", "--db", str(bureau_path)]) == 2
    assert "not a quarter" in capsys.readouterr().err
    assert main(["publications", "--quarter", "garbage", "--db", str(bureau_path)]) == 2
    assert "'garbage' is not a quarter" in capsys.readouterr().err
    assert main(["publications", "--quarter", "2025Q2", "--db", str(bureau_path)]) == 0
    assert capsys.readouterr().out == "2025Q2 is not published\n"


def test_the_command_line_takes_a_quarter_as_a_form_writes_it(bureau_path, capsys):
    assert main(["publish", "2025年第3季度", "--db", str(bureau_path)]) == 0
    assert "published 2025Q3 as publication 1" in capsys.readouterr().out
    assert main(["publications", "--quarter", "2025-Q3", "--db", str(bureau_path)]) == 0
    assert capsys.readouterr().out.split()[:2] == ["1", "2025Q3"]
    # who published, in Chinese as the pages say the command line (not "cli")
    assert main(["publications", "--lang", "zh", "--db", str(bureau_path)]) == 0
    assert capsys.readouterr().out.split()[4] == "命令行"  # id, quarter, day, time, who


def test_the_query_command_line_reads_published_figures_and_revisions(bureau_path, capsys):
    from etl.db import connect
    from queries.cli import main as queries_main

    con = connect(bureau_path)
    load(con, SURVEY_T1, "t1_q3.csv")
    publish(con, Q, "director")
    load(con, SURVEY_H2, "h2_q3.csv")  # H2: 81.40 → 84.74 now (the module's docstring)
    con.close()
    db = ["--db", str(bureau_path)]
    asked = ["run", "rankings", "--param", f"quarter={Q}", "--param", "draws=0", *db]

    def h2(extra: list[str]) -> str:
        assert queries_main([*asked, *extra]) == 0
        rows = capsys.readouterr().out.splitlines()
        header = rows[0].split(",")
        row = next(r.split(",") for r in rows[1:] if r.startswith("H2,"))
        return row[header.index("value")]

    assert h2([]) == "84.74"
    assert h2(["--param", "as_published=true"]) == "81.4"
    assert h2(["--param", "publication=1"]) == "81.4"
    # publication 1 is of 2025Q3: 2025Q2 read from its data state is no published figure
    other = ["run", "rankings", "--param", "quarter=2025年第2季度", "--param", "publication=1"]
    assert queries_main([*other, *db]) == 2
    assert capsys.readouterr().err == (
        "error: publication 1 is of 2025Q3, not 2025Q2: it published no figures of 2025Q2; "
        "drop publication, or give as_published=true for the latest publication of 2025Q2\n"
    )
    # its own quarter, however written, is read as published
    series = ["run", "index_series", "--param", "from_quarter=2025Q2", "--param", "publication=1"]
    assert queries_main([*series, "--param", "to_quarter=2025年第3季度", *db]) == 0
    assert "\nH2,乙医院,城关区,三级医院,2025Q3,81.40" in capsys.readouterr().out  # as published
    # the revisions of the quarter, as CSV: a list of load ids is one cell
    assert queries_main(["run", "revisions", "--param", f"quarter={Q}", *db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) > 1 and "Traceback" not in "\n".join(out)


def test_the_revisions_are_not_read_as_published_nor_told_to_be(bureau_path, capsys):
    """`queries run revisions` ended with "Add --param as_published=true for the figures as
    published"; doing so ran the comparison inside the publication's own data state, where
    the latest publication is the one before (or none): it listed, unsaid, what the
    publication itself revised (or nothing). The revisions already compare the published
    figures with today's: as_published and publication are refused, naming what to run."""
    from queries.cli import main as queries_main

    con = connect(bureau_path)
    publish(con, Q, "director")
    load(con, SURVEY_H2, "h2_q3.csv")  # H2: 81.40 → 84.74 (the module's docstring)
    publish(con, Q, "director")
    load(con, SURVEY_T1, "t1_q3.csv")  # T1: 98.45 → 98.91 since publication 2
    con.close()
    db = ["--db", str(bureau_path)]
    revisions = ["run", "revisions", "--param", f"quarter={Q}", *db]
    assert queries_main(revisions) == 0
    said = capsys.readouterr()
    assert [r.split(",")[0] for r in said.out.splitlines()[1:]] == ["T1"]
    assert "as_published" not in said.err
    for extra in ("as_published=true", "publication=2"):
        assert queries_main([*revisions, "--param", extra]) == 2
        said = capsys.readouterr()
        assert said.out == ""
        assert "revisions compares the figures as published with today's" in said.err
        assert "publication_revisions" in said.err
    between = ["run", "publication_revisions", "--param", f"quarter={Q}", *db]
    assert queries_main([*between, "--param", "as_published=true"]) == 2
    assert "publication_revisions compares" in capsys.readouterr().err
    assert queries_main(between) == 0  # what publication 2 revised: H2, and H3's rank (2 → 3)
    assert [r.split(",")[0] for r in capsys.readouterr().out.splitlines()[1:]] == ["H2", "H3"]
    # a quarter never published has no revisions: the empty list says why
    for name in ("revisions", "publication_revisions"):
        assert queries_main(["run", name, "--param", "quarter=2025Q2", *db]) == 0
        said = capsys.readouterr()
        assert said.out.count("\n") == 1  # the header alone
        assert said.err == "2025Q2 has not been published (python -m etl publish)\n"


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_load_into_a_published_quarter_says_so_before_and_after(bureau):
    before = load_file(bureau, SURVEY_H2.encode(), "h2_q3.csv", kind="surveys", by="test")
    assert before.published == []  # nothing published yet: nothing said
    publish(bureau, Q, "director")
    fix = SURVEY_T1.replace("40,36", "40,38")
    dry = load_file(bureau, fix.encode(), "t1_fix.csv", kind="surveys", dry_run=True)
    assert dry.published == [Q]
    done = load_file(bureau, fix.encode(), "t1_fix.csv", kind="surveys", by="test")
    assert (done.outcome, done.published) == ("loaded", [Q])
    assert "2025Q3 is published" in done.summary("en")
    assert "2025Q3 已发布" in done.summary("zh")


def test_a_restatement_of_a_published_quarter_is_no_revision(bureau):
    """H3 sends its survey again exactly as the store holds it (100 asked, 80 satisfied), its
    columns in another order: no figure changes, so neither its check nor its load calls it a
    revision, publishing again for it is refused, and its withdrawal takes nothing back."""
    first = publish(bureau, Q, "director")
    same = "满意人数,样本量,调查类型,季度,单位编码\n80,100,门诊,2025Q3,H3\n".encode()
    dry = load_file(bureau, same, "h3_again.csv", kind="surveys", dry_run=True)
    assert (dry.published, dry.restated) == ([], [Q])
    done = load_file(bureau, same, "h3_again.csv", kind="surveys", by="test")
    assert (done.outcome, done.replaced, done.published, done.restated) == ("loaded", 1, [], [Q])
    assert "this load is listed among the revisions" not in done.summary("en")
    assert "rows are exactly the rows it replaced" in done.summary("en")
    assert "本次数据列为发布后的修订" not in done.summary("zh")
    assert "不列为发布后的修订" in done.summary("zh")
    log = run(bureau, "loads", after_load_id=first.last_load_id)
    assert log.select("load_id", "restated").rows() == [(done.load_id, True)]
    unchanged = f"published as publication {first.publication_id} and its data are now exactly as"
    with pytest.raises(PublishRefused, match=unchanged):
        publish(bureau, Q, "director")
    taken_back = withdraw(bureau, done.load_id, by="test")
    assert (taken_back.removed, taken_back.restored) == (1, 1)
    assert (taken_back.published, taken_back.after_publication) == ((), ())
    with pytest.raises(PublishRefused, match=unchanged):
        publish(bureau, Q, "director")


def test_a_change_and_a_load_changing_it_back_leave_the_published_figures_to_stand(bureau):
    """H2's 2025Q3 survey (100 asked, 80 satisfied) is corrected to 99 satisfied, then back to
    80 by another load: neither load restates the rows it replaced, but the quarter's data are
    as published again, so publishing again is refused, naming the publication, and the
    revisions are none. A correction that stays (T1's survey) is published again."""
    first = publish(bureau, Q, "director")
    load(bureau, SURVEY_H2, "h2_q3.csv")
    # H2: 0.5 × 89.473684 + 0.3 × 100 + 0.2 × 50 = 84.736842 (the module's docstring)
    assert by_unit(run(bureau, "rankings", quarter=Q, draws=0), "value")["H2"] == 84.74
    back = "单位编码,季度,调查类型,样本量,满意人数\nH2,2025Q3,门诊,100,80\n"
    load(bureau, back, "h2_q3_back.csv")
    # 80 of 100 = 0.80 against 0.90: 88.888889; 0.5 × 89.473684 + 0.3 × 88.888889 + 0.2 × 50
    assert by_unit(run(bureau, "rankings", quarter=Q, draws=0), "value")["H2"] == 81.4
    assert run(bureau, "loads", after_load_id=first.last_load_id)["restated"].to_list() == [
        False,
        False,
    ]
    same = (
        f"2025Q3 is published as publication {first.publication_id} and its data are now "
        "exactly as then: publishing it again would issue the very same figures"
    )
    with pytest.raises(PublishRefused) as refused:
        publish(bureau, Q, "director")
    assert str(refused.value) == same
    assert run(bureau, "revisions", quarter=Q).is_empty()
    assert [p.publication_id for p in publications(bureau, Q)] == [first.publication_id]
    load(bureau, SURVEY_T1, "t1_q3.csv")  # T1 98.45 → 98.91: a revision, published again
    second = publish(bureau, Q, "director")
    assert second.publication_id == first.publication_id + 1


def test_publishing_again_needs_a_change_since(bureau_path, capsys):
    db = ["--db", str(bureau_path)]
    assert main(["publish", Q, *db]) == 0
    capsys.readouterr()
    assert main(["publish", Q, *db]) == 2
    unchanged = (
        "error: 2025Q3 is published as publication {n} and its data are now exactly as then: "
        "publishing it again would issue the very same figures\n"
    )
    assert capsys.readouterr().err == unchanged.format(n=1)
    fix = bureau_path.parent / "t1.csv"
    fix.write_text(SURVEY_T1, encoding="utf-8")
    assert main(["load", str(fix), *db]) == 0
    capsys.readouterr()
    assert main(["publish", Q, *db]) == 0  # a correction since: a re-issue
    assert "as publication 2" in capsys.readouterr().out
    # a correction after publication 2, then withdrawn: the figures are publication 2's again
    fix.write_text(SURVEY_H2, encoding="utf-8")
    assert main(["load", str(fix), *db]) == 0
    load_id = re.search(r"as load (\d+)", capsys.readouterr().out).group(1)
    assert main(["withdraw", load_id, *db]) == 0
    said = capsys.readouterr().out
    assert "was published before this load came: withdrawn, it leaves 2025Q3 exactly as" in said
    assert "this withdrawal is listed among the revisions" not in said
    assert main(["publish", Q, *db]) == 2
    assert capsys.readouterr().err == unchanged.format(n=2)
    con = connect(str(bureau_path))
    assert run(con, "revisions", quarter=Q).is_empty()
    con.close()


def test_a_withdrawal_after_publication_says_whether_other_changes_since_remain(
    bureau_path, capsys
):
    """A district corrects a published quarter (T1's survey), then sends a second file (H2's)
    that the analyst withdraws: the first correction still stands, so the quarter still
    differs from its publication and is to be published again to issue it; the message must
    say so, not "if nothing else changed since". Withdrawing the first too leaves the quarter
    as published: nothing to publish again (publishing is then refused)."""
    db = ["--db", str(bureau_path)]
    assert main(["publish", Q, *db]) == 0
    first, second = bureau_path.parent / "t1.csv", bureau_path.parent / "h2.csv"
    first.write_text(SURVEY_T1, encoding="utf-8")
    second.write_text(SURVEY_H2, encoding="utf-8")
    assert main(["load", str(first), *db]) == 0
    assert main(["load", str(second), *db]) == 0
    loads = re.findall(r"as load (\d+)", capsys.readouterr().out)
    assert len(loads) == 2
    assert main(["withdraw", loads[1], *db]) == 0
    said = capsys.readouterr().out
    assert "if nothing else changed since" not in said
    assert "other changes made since publication remain" in said
    assert f"to issue them, publish {Q} again" in said
    assert main(["withdraw", loads[0], "--lang", "zh", *db]) == 0
    said = capsys.readouterr().out
    assert "若发布后没有其他修改" not in said
    assert "2025Q3 的数据已与发布时相同，无需再次发布" in said
    assert main(["publish", Q, *db]) == 2


@pytest.mark.parametrize("bureau", ["file", "sqlite"], indirect=True)
def test_a_withdrawal_leaving_the_quarter_as_published_is_told_so_on_a_lake(bureau):
    """Publish, correct H2's survey (replacing the one published) then add T1's, withdraw
    T1's: H2's correction remains (still revised); withdraw H2's too, which restores the
    published row: the quarter is as published. Inside the withdrawal's write a DuckLake read
    of the publication's snapshot also saw the row just restored, so on a lake the quarter
    never looked as published while publishing was then refused as unchanged."""
    publish(bureau, Q, "director")
    first, second = load(bureau, SURVEY_H2, "h2.csv"), load(bureau, SURVEY_T1, "t1.csv")
    taken_back = withdraw(bureau, second, by="test")
    assert (taken_back.after_publication, taken_back.as_published) == ((Q,), ())
    taken_back = withdraw(bureau, first, by="test")
    assert (taken_back.after_publication, taken_back.as_published) == ((Q,), (Q,))
    with pytest.raises(PublishRefused, match="its data are now exactly as then"):
        publish(bureau, Q, "director")


def test_the_admin_commands_speak_chinese_under_a_chinese_locale(bureau_path, capsys, monkeypatch):
    """publish, withdraw, history and publications in the locale's language, as load does; a
    withdrawal from a published quarter says it is a revision, as a load into it does."""
    from etl.cli import main as etl_main

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    db = ["--db", str(bureau_path)]
    assert etl_main(["publish", Q, "--by", "张科长", *db]) == 0
    assert capsys.readouterr().out.startswith(f"已发布 {Q}，为第 1 号发布（")
    assert etl_main(["publish", Q, *db]) == 2
    assert "已发布（第 1 号发布），现在的数据与该次发布时完全相同" in capsys.readouterr().err
    fix = bureau_path.parent / "fix.csv"
    fix.write_text(SURVEY_H2, encoding="utf-8")
    assert etl_main(["load", str(fix), *db]) == 0
    load_id = int(re.search(r"批次 (\d+)", capsys.readouterr().out).group(1))
    assert etl_main(["withdraw", str(load_id), *db]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"已撤回批次 {load_id}：删除 1 行")
    assert f"注意：{Q} 已发布" in said
    assert etl_main(["history", "--limit", "1", *db]) == 0
    assert "已撤回" in capsys.readouterr().out
    assert etl_main(["publications", "--quarter", "2025Q2", *db]) == 0
    assert capsys.readouterr().out == "2025Q2 尚未发布\n"
    assert etl_main(["publications", "--lang", "en", "--quarter", "2025Q2", *db]) == 0
    assert capsys.readouterr().out == "2025Q2 is not published\n"


def test_publications_say_which_loads_were_withdrawn_before_them(bureau_path, capsys):
    """Publication 2 is made after a correction, publication 3 after its withdrawal: both are
    "up to" the correction's load, and only the list of withdrawn loads tells them apart."""
    from etl.cli import main as etl_main

    db = ["--db", str(bureau_path), "--lang", "en"]
    assert etl_main(["publish", Q, *db]) == 0
    fix = bureau_path.parent / "fix.csv"
    fix.write_text(SURVEY_H2, encoding="utf-8")
    assert etl_main(["load", str(fix), *db]) == 0
    load_id = int(re.search(r"as load (\d+)", capsys.readouterr().out).group(1))
    assert etl_main(["publish", Q, *db]) == 0
    assert etl_main(["withdraw", str(load_id), *db]) == 0
    assert etl_main(["publish", Q, *db]) == 0
    capsys.readouterr()
    assert etl_main(["publications", "--quarter", Q, *db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2", "3"]
    assert lines[1].endswith(f"up to load {load_id}")
    # one load withdrawn: "the 1 load", not "loads 7"
    assert lines[2].endswith(f"up to load {load_id} (without the 1 load withdrawn: {load_id})")


def load_q2_findings(con, unit: str):
    """Two findings of the unit inspected on 2025-05-10, due 06-10 and never rectified."""
    header = "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限,整改完成日期\n"
    rows = "".join(
        f"{unit},2025-05-10,暗访,{item},8,10,{finding},2025-06-10,\n"
        for item, finding in (("环境卫生", "走廊有垃圾"), ("服务态度", "窗口态度生硬"))
    )
    name = f"{unit.lower()}_q2.csv"
    return load_file(con, (header + rows).encode(), name, kind="inspections", by="t")


def rectified(con, unit: str, day: str):
    """``load_q2_findings``'s two findings, both rectified on ``day``: a correction."""
    header = "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限,整改完成日期\n"
    rows = "".join(
        f"{unit},2025-05-10,暗访,{item},8,10,{finding},2025-06-10,{day}\n"
        for item, finding in (("环境卫生", "走廊有垃圾"), ("服务态度", "窗口态度生硬"))
    )
    return load_file(con, (header + rows).encode(), f"{unit}_{day}.csv", kind="inspections")


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the publication's comparison
def test_a_rectification_after_the_quarters_end_is_no_revision_of_it(bureau):
    """Trial (session 61): a quarter's ledger is counted as at its end, so T2's two findings
    due 2025-06-10 and rectified on 2025-10-05 are still overdue at the end of 2025Q3 (as
    published: 2); the correction changed no figure of 2025Q3, yet the load said to publish
    it again, and publishing issued a 修订稿 revising nothing. Rectified on 2025-09-15, inside
    the quarter, they are closed there (overdue 2 → 0): a revision."""
    assert load_q2_findings(bureau, "T2").outcome == "loaded"
    publish(bureau, Q, "director")
    late = rectified(bureau, "T2", "2025-10-05")
    assert late.outcome == "loaded" and late.published == []
    assert "load.as_published" in [n.key for n in late.notes]
    assert run(bureau, "revisions", quarter=Q).is_empty()
    with pytest.raises(PublishRefused, match="exactly as"):
        publish(bureau, Q, "director")
    inside = rectified(bureau, "T2", "2025-09-15")
    assert inside.published == [Q]
    t2 = run(bureau, "revisions", quarter=Q).filter(pl.col("unit_code") == "T2").row(0, named=True)
    assert (t2["published_overdue"], t2["current_overdue"]) == (2, 0)
    assert publish(bureau, Q, "director").publication_id == 2


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the publication's comparison
def test_a_closed_units_findings_corrected_after_its_closure_revise_no_later_quarter(bureau):
    """A trial: a site merged into another from a quarter is in neither that quarter's
    ranking nor its ledger, yet its earlier findings corrected since (rectified inside that
    quarter) made it a revision to publish again, issued as a 修订稿 revising nothing. T2,
    closed (撤销) from 2025Q3, has two findings of 2025Q2 due 06-10: at the end of 2025Q2 they
    are overdue, and 2025Q3's figures see them so (its changes since the quarter before);
    rectified on 2025-08-01, after 2025Q2's end, no figure of 2025Q3 moves. Rectified on
    2025-06-20, inside 2025Q2, they are closed there: 2025Q3's changes since then move."""
    assert load_q2_findings(bureau, "T2").outcome == "loaded"
    closure = (
        "unit_code,unit_name,district,peer_group,staff_count,parent_code,from_quarter,status\n"
        f"T2,戊卫生院,榆中县,{B},30,,2025Q3,撤销\n"
    )
    assert load_file(bureau, closure.encode(), "closure.csv", kind="units").outcome == "loaded"
    publish(bureau, Q, "director")
    after = rectified(bureau, "T2", "2025-08-01")
    assert after.outcome == "loaded" and after.published == []
    with pytest.raises(PublishRefused, match="exactly as"):
        publish(bureau, Q, "director")
    before = rectified(bureau, "T2", "2025-06-20")
    assert before.published == [Q]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_earlier_inspections_revise_a_later_published_quarter_and_are_named(bureau):
    """Two findings of T1 inspected in 2025Q2, due 06-10 and never rectified, are overdue at
    the end of 2025Q3: T1's overdue findings there go 0 → 2, above the target 1, so that
    indicator scores 100 × 1 / 2 = 50 and T1's index (no survey) becomes
    (0.5 × 97.826087 + 0.2 × 50) / 0.7 = 84.161491 → 84.16, from 98.45. The load names 2025Q3
    as published, and the revisions of 2025Q3 name the load.

    A survey of 2025Q2 changes 2025Q3's changes on last quarter (session 60: it was said to
    change no figure of 2025Q3). T1's 2025Q2 index with those findings: inspections
    (10 + 8 + 8) / 30 = 0.866667 against 0.90 → 96.296296, two findings overdue at the end of
    June → 100 × 1 / 2 = 50, no survey: (0.5 × 96.296296 + 0.2 × 50) / 0.7 = 83.068783 →
    83.07; with 36 satisfied of 40 (meets 0.90 → 100): 48.148148 + 30 + 10 = 88.148148 →
    88.15. T1's 2025Q3 index stays 84.16."""
    publish(bureau, Q, "director")
    done = load_q2_findings(bureau, "T1")
    assert (done.outcome, done.quarters, done.published) == ("loaded", ["2025Q2"], [Q])
    assert "2025Q3 is published" in done.summary("en")
    revised = run(bureau, "revisions", quarter=Q)
    assert by_unit(revised, "published_value")["T1"] == 98.45
    assert by_unit(revised, "current_value")["T1"] == 84.16
    assert by_unit(revised, "load_ids")["T1"].to_list() == [done.load_id]
    survey = SURVEY_T1.replace("2025Q3", "2025Q2")
    earlier = load_file(bureau, survey.encode(), "t1_q2_survey.csv", kind="surveys", by="t")
    assert (earlier.outcome, earlier.published) == ("loaded", [Q])
    revised = run(bureau, "revisions", quarter=Q)
    t1 = revised.filter(pl.col("unit_code") == "T1").row(0, named=True)
    assert (t1["published_previous"], t1["current_previous"]) == (100.0, 88.15)
    assert t1["current_value"] == 84.16 and t1["load_ids"] == [
        done.load_id,
        earlier.load_id,
    ]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_correction_of_last_quarter_revises_a_published_quarters_changes_on_it(bureau):
    """Trial (session 60): a corrected survey of the quarter before a published one changed
    the published quarter's changes on last quarter (a unit's and the bureau's), while the
    quarter read as published, its revisions were empty and publishing it again was refused.

    By hand, H1's 2025Q2 index: inspections 8 / 10 against 三级医院's 0.95 → 84.210526, its
    finding rectified in time → 100, survey 90 of 100 meets 0.90 → 100: 0.5 × 84.210526 +
    0.3 × 100 + 0.2 × 100 = 92.105263 → 92.11. Corrected to 50 of 100: 100 × 0.5 / 0.9 =
    55.555556, so 42.105263 + 16.666667 + 20 = 78.771930 → 78.77. H2 and T1 stay 100 there,
    so H1's 2025Q2 rank (3rd) and every other unit's stand: H1 alone is revised, its 2025Q3
    index as it was."""
    load(bureau, SURVEY_T1, "t1_q3.csv")
    first = publish(bureau, Q, "director")
    q2 = "单位编码,季度,调查类型,样本量,满意人数\nH1,2025Q2,门诊,100,50\n"
    fix = load_file(bureau, q2.encode(), "h1_q2_fix.csv", kind="surveys", by="test")
    assert (fix.outcome, fix.published) == ("loaded", [Q])
    revised = run(bureau, "revisions", quarter=Q)
    assert revised["unit_code"].to_list() == ["H1"]
    h1 = revised.row(0, named=True)
    assert (h1["published_previous"], h1["current_previous"]) == (92.11, 78.77)
    assert h1["published_value"] == h1["current_value"] and h1["moved_only"] is False
    assert h1["load_ids"] == [fix.load_id]
    second = publish(bureau, Q, "director")  # not refused: the quarter's figures changed
    again = run(bureau, "publication_revisions", quarter=Q, number=second.publication_id)
    assert again["unit_code"].to_list() == ["H1"]
    assert again.row(0, named=True)["published_previous"] == 92.11
    assert second.publication_id == first.publication_id + 1


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_load_withdrawn_since_is_named_though_a_correction_had_replaced_it(bureau):
    """T1's survey (load c), then its correction (fix, which replaces that row); published;
    then fix withdrawn (c's row restored) and c withdrawn too: T1 has no survey now, 98.91 →
    98.45 (the module's docstring). Both withdrawals took its survey away; the revisions named
    only fix, since c's row lay in the archive when the quarter was published."""
    c = load(bureau, SURVEY_T1, "t1_q3.csv")
    fix = load(bureau, SURVEY_T1.replace("40,36", "40,38"), "t1_fix.csv")
    publish(bureau, Q, "director")
    withdraw(bureau, fix, by="test")
    withdraw(bureau, c, by="test")
    revised = run(bureau, "revisions", quarter=Q)
    assert (by_unit(revised, "published_value")["T1"], by_unit(revised, "current_value")["T1"]) == (
        98.91,
        98.45,
    )
    assert by_unit(revised, "load_ids")["T1"].to_list() == [c, fix]


def test_a_correction_stays_a_correction_in_the_published_view_after_it_is_withdrawn(bureau):
    """T1's survey, then its correction (it replaces that row); published; the correction is
    withdrawn since. As published, the correction is still one (not a late report): the rows
    it replaced are part of the published state."""
    load(bureau, SURVEY_T1, "t1_q3.csv")
    fix = load(bureau, SURVEY_T1.replace("40,36", "40,38"), "t1_fix.csv")
    publish(bureau, Q, "director")
    withdraw(bureau, fix, by="test")
    published = run(bureau, "late_loads", quarter=Q, as_published=True)
    row = published.filter(pl.col("load_id") == fix).row(0, named=True)
    assert (row["after_deadline"], row["correction"], row["late"]) == (True, True, False)
    # now: withdrawn, the rows it replaced restored; the log kept that it was a correction, and
    # a withdrawn load is never late
    now = run(bureau, "late_loads", quarter=Q).filter(pl.col("load_id") == fix).row(0, named=True)
    assert (now["outcome"], now["correction"], now["late"]) == ("withdrawn", True, False)


def test_a_publication_from_before_a_column_was_added_reads_it_as_empty(bureau):
    """A store made by an older Civbench had no upload_log.received_on; a quarter published
    then is read by today's late_loads once the store is upgraded (a DuckLake snapshot keeps
    the schema of its time; a file's published copy is upgraded with the store)."""
    loaded = load(bureau, SURVEY_T1, "t1_q3.csv")
    bureau.execute("ALTER TABLE upload_log DROP COLUMN received_on")
    publish(bureau, Q, "director")
    ensure_schema(bureau)
    published = run(bureau, "late_loads", quarter=Q, as_published=True)
    row = published.filter(pl.col("load_id") == loaded).row(0, named=True)
    assert row["received_on"] is None and row["file_name"] == "t1_q3.csv"
    # every other named query the pages ask of a published quarter still runs on it
    assert run(bureau, "rankings", quarter=Q, draws=0, as_published=True).height > 0


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_overdue_findings_added_since_publication_are_a_revision(bureau):
    """T2 had no inspection in 2025Q3, so its 2025Q3 index scores no inspection indicator.
    Two of its findings inspected in 2025Q2, due 06-10 and never rectified, loaded after
    2025Q3 was published, are overdue at the end of 2025Q3: its ledger there goes from 0 to 2
    overdue findings (the circular lists them) while its index stays as published."""
    publish(bureau, Q, "director")
    done = load_q2_findings(bureau, "T2")
    assert done.outcome == "loaded"
    revised = run(bureau, "revisions", quarter=Q)
    t2 = revised.filter(pl.col("unit_code") == "T2").row(0, named=True)
    assert (t2["published_overdue"], t2["current_overdue"]) == (0, 2)
    assert t2["published_value"] == t2["current_value"]
    assert t2["moved_only"] is False  # its own overdue findings changed, not only its rank
    assert t2["load_ids"] == [done.load_id]


SYSTEM_HEADER = (
    "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,target\n"
)


def outpatient_target(from_quarter: str, target: str) -> str:
    return SYSTEM_HEADER + (
        "outpatient_satisfaction,门诊患者满意度,Outpatient satisfaction,survey,higher,0.3,rate,"
        f"全部,{from_quarter},{target}\n"
    )


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_an_indicator_system_load_revises_only_the_quarters_it_is_in_force_in(bureau):
    """After publishing 2025Q3: a target from 2025Q4 on changes nothing of 2025Q3, so it is no
    cause of H2's revision (its corrected survey is); a target from 2025Q3 on is in force in
    2025Q3 and rescores every unit, so it is."""
    publish(bureau, Q, "director")
    later = load_file(bureau, outpatient_target("2025Q4", "0.99").encode(), "later.csv")
    assert later.outcome == "loaded", later.problems
    load_a = load(bureau, SURVEY_H2, "h2_q3.csv")
    revised = run(bureau, "revisions", quarter=Q)
    assert by_unit(revised, "load_ids")["H2"].to_list() == [load_a]
    in_force = load_file(bureau, outpatient_target("2025Q3", "0.99").encode(), "now.csv")
    assert in_force.outcome == "loaded", in_force.problems
    revised = run(bureau, "revisions", quarter=Q)
    assert by_unit(revised, "load_ids")["H2"].to_list() == [load_a, in_force.load_id]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_an_indicator_without_a_definition_is_no_revision(bureau):
    """Trial (session 61): an indicator added from the published quarter on that has no
    definition (no queries/indicators/health_talks.sql) is left out of every figure
    (docs/METHOD.md), yet its load said to publish the quarter again, and publishing issued a
    修订稿 saying nothing had changed. Its load now says the quarter stands as published, and
    publishing again is refused; a target of a defined indicator in force there is still a
    revision."""
    publish(bureau, Q, "director")
    talks = SYSTEM_HEADER + "health_talks,健康讲座,Health talks,activity,higher,0.1,count,全部,"
    added = load_file(bureau, f"{talks}{Q},3\n".encode(), "talks.csv")
    assert added.outcome == "loaded", added.problems
    assert added.published == []
    assert "load.as_published" in [n.key for n in added.notes]
    assert run(bureau, "revisions", quarter=Q).is_empty()
    with pytest.raises(PublishRefused, match="exactly as"):
        publish(bureau, Q, "director")
    target = load_file(bureau, outpatient_target(Q, "0.99").encode(), "target.csv")
    assert target.published == [Q]
    assert publish(bureau, Q, "director").publication_id == 2


def test_a_publication_reads_in_the_audit_logs_readers_language(bureau_path):
    """The User-admin page's audit log read '2025Q3 as publication 1' on its Chinese page: the
    entry keeps the message's key, as a load's does."""
    import accounts
    from etl.db import connect
    from ui.logs import with_messages

    assert main(["publish", Q, "--by", "director", "--db", str(bureau_path)]) == 0
    con = connect(bureau_path)
    entries = accounts.audit_entries(con, actions=("publish",))
    con.close()
    assert with_messages(entries, "zh", text="detail")["detail"].to_list() == [
        "2025Q3（第 1 号发布）"
    ]
    assert with_messages(entries, "en", text="detail")["detail"].to_list() == [
        "2025Q3 as publication 1"
    ]


def test_a_unit_moved_to_a_district_is_no_revision_of_its_new_districts_figures(bureau):
    """H3 moved from 西固区 to 城关区 from the published quarter on (a dated registry row): its
    index, rank, status and overdue findings are what was published (a district is no input
    of any of them), so bureau-wide nothing was revised. A 城关区 reader's revisions listed H3
    as if it had had no published figures at all (published index and rank empty, "new"),
    because the published side was read under the registry as published, where H3 was not
    城关区's: figures of a unit are compared with its own published figures, whoever's it
    is now."""
    publish(bureau, Q, "director")
    moved = (
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度\nH3,丙医院,城关区,三级医院,900,2025Q3\n"
    )
    assert load_file(bureau, moved.encode(), "moved.csv", by="test").ok
    assert run(bureau, "revisions", quarter=Q).is_empty()
    chengguan = Scope(districts=("城关区",))
    assert run(bureau, "revisions", chengguan, quarter=Q).is_empty()
    assert "H3" in set(run(bureau, "rankings", chengguan, quarter=Q, draws=0)["unit_code"])


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the publication's comparison
def test_a_registry_row_from_a_later_quarter_is_no_revision(bureau):
    """Trial (session 61): H3 moved to 城关区 from the quarter after the published one: no
    figure of 2025Q3 reads that row (its registry in force is as published, and who may read
    H3 is decided by today's registry in either state), yet the quarter's data read as changed
    and publishing it again was allowed, a 修订稿 with nothing revised. A rename in force in
    2025Q3 is still one."""
    publish(bureau, Q, "director")
    header = "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
    later = load_file(bureau, f"{header}H3,丙医院,城关区,三级医院,900,2025Q4\n".encode(), "m.csv")
    assert later.ok and later.published == []
    with pytest.raises(PublishRefused, match="exactly as"):
        publish(bureau, Q, "director")
    renamed = load_file(bureau, f"{header}H3,丙医院（新）,西固区,三级医院,900,\n".encode(), "r.csv")
    assert renamed.ok and renamed.published == [Q]
    assert publish(bureau, Q, "director").publication_id == 2


def test_who_sees_a_unit_in_published_figures_is_decided_by_todays_registry(bureau):
    """Trial (session 61): H3 moved from 西固区 to 城关区 after 2025Q3 was published (a row
    from 2025Q4 on). A unit is its district's by its latest registry row, also in the quarters
    before it moved (README, "Who sees what"): so it was in the current figures, but the
    published ones (every page's default) were scoped by the registry as published, where
    西固区's reader still saw H3 (its activities, its rank history) and 城关区's was refused
    it. Both now follow today's registry."""
    publish(bureau, Q, "director")
    moved = (
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度\nH3,丙医院,城关区,三级医院,900,2025Q4\n"
    )
    assert load_file(bureau, moved.encode(), "moved.csv", by="test").ok
    xigu, chengguan = Scope(districts=("西固区",)), Scope(districts=("城关区",))
    published = {"quarter": Q, "draws": 0, "as_published": True}
    assert run(bureau, "rankings", xigu, **published).is_empty()
    assert set(run(bureau, "rankings", chengguan, **published)["unit_code"]) == {"H1", "H2", "H3"}
    with pytest.raises(QueryError, match="outside"):
        run(bureau, "unit_activities", xigu, unit_code="H3", publication=1)
    rows = run(bureau, "rank_history", chengguan, unit_code="H3", publication=1)
    assert Q in set(rows["quarter"])
    # totals add up the reader's units as the registry places them today: H1, H2 and H3
    totals = run(bureau, "reporting_summary", chengguan, quarter=Q, as_published=True)
    assert totals["units_expected"].to_list() == [3, 3, 3]
    # and so do a district filter and the tables by district, for every reader (a trial found
    # a bureau-wide reader's 城关区 filter and the district's pack's table by district leaving
    # H3 where it was when published)
    everyone = {"quarter": Q, "as_published": True}
    assert run(bureau, "reporting_summary", district="城关区", **everyone)[
        "units_expected"
    ].to_list() == [3, 3, 3]
    by_district = run(bureau, "ledger_by_district", chengguan, **everyone)
    assert by_district.select("district", "units").rows() == [("城关区", 3)]
    # H3's registry rows, the one from before its move too, are its new district's to read
    history = run(bureau, "unit_history", chengguan, unit_code="H3", publication=1)
    assert history.select("from_quarter", "district").rows() == [(None, "西固区")]
    now = run(bureau, "unit_history", chengguan, unit_code="H3")
    assert now.select("from_quarter", "district").rows() == [(None, "西固区"), ("2025Q4", "城关区")]


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_unit_regrouped_since_publication_is_said_to_be_in_its_new_group(bureau):
    """H3 regrouped from 三级医院 to 乡镇卫生院 from the published quarter on: in the tertiary
    hospitals' revisions it has its published figures and none now, and the revisions say
    where it went (it read as gone); bureau-wide it is in no other group than its own."""
    publish(bureau, Q, "director")
    moved = "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
    moved += "H3,丙医院,西固区,乡镇卫生院,900,2025Q3\n"
    assert load_file(bureau, moved.encode(), "moved.csv", by="test").ok
    tertiary = run(bureau, "revisions", quarter=Q, peer_group=A)
    h3 = tertiary.filter(pl.col("unit_code") == "H3").row(0, named=True)
    assert (h3["published_status"], h3["current_status"], h3["current_group"]) == (
        "ranked",
        None,
        B,
    )
    township = run(bureau, "revisions", quarter=Q, peer_group=B)
    # new among the township centres: figures now, none published there, and no group to name
    assert township.select(
        "unit_code", "published_status", "current_status", "current_group"
    ).rows() == [("H3", None, "ranked", None)]
    # ... and where it was when published (trial, session 58: it read as a unit new since)
    assert township["published_group"].to_list() == [A]
    assert tertiary["published_group"].null_count() == tertiary.height
    everyone = run(bureau, "revisions", quarter=Q)
    assert everyone.height > 0  # bureau-wide it is listed too (and H2): never as in another group
    assert everyone["current_group"].null_count() == everyone.height
    assert everyone["published_group"].null_count() == everyone.height


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_unit_ranked_only_since_publication_has_no_index_change(bureau):
    """Trial E: a district's late file loaded into a published quarter. T2 had only its
    survey in 2025Q3 when published (45 of 50 = 0.90, meets 0.90 → 100, over 0.3 of the
    weight: insufficient data, its 'index' 100.0 ranked nowhere). Its inspection sent late
    (9 of 10 = 0.90 against 0.92 → 97.826087; no finding, so overdue 0 → 100) ranks it:
    0.5 × 97.826087 + 0.3 × 100 + 0.2 × 100 = 98.913043 → 98.91. The revisions said its index
    changed by −1.09, as if a ranked unit had slipped; a leader read that the late file made
    it worse. An index over too little of the weight is no figure to compare: no change."""
    publish(bureau, Q, "director")
    header = "单位编码,检查日期,检查类型,检查项目,得分,满分\n"
    late = load_file(
        bureau, (header + "T2,2025-08-20,巡查,环境卫生,9,10\n").encode(), "t2.csv", by="t"
    )
    assert late.outcome == "loaded", late.problems
    revised = run(bureau, "revisions", quarter=Q)
    t2 = revised.filter(pl.col("unit_code") == "T2").row(0, named=True)
    assert (t2["published_status"], t2["current_status"]) == ("insufficient_data", "ranked")
    assert (t2["published_value"], t2["current_value"]) == (100.0, 98.91)
    assert t2["value_change"] is None
    # a unit new to the ranking counts as the largest change: listed first
    assert revised["unit_code"][0] == "T2"


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_regrouped_unit_keeps_its_figures_of_the_group_it_was_in(bureau):
    """Trial (session 60): a unit moved from 三级医院 to another group by a registry row
    without from_quarter was listed in the re-issued circular with its index and rank before
    as "—", as if it had had none: it had ranked 2nd in 三级医院. Each side gives the figures
    of the group the unit was in then, and names that group.

    By hand, H3 in 2025Q3: inspections 17 / 20 = 0.85, survey 80 of 100, two findings
    overdue. In 三级医院 (inspection target 0.95): 0.5 × 89.473684 + 0.3 × 88.888889 +
    0.2 × 50 = 81.403509 → 81.40, 2nd (with H2; H1 100). In 乡镇卫生院 (全部's 0.92 from
    2025Q3): 0.5 × 92.391304 + 26.666667 + 10 = 82.862319 → 82.86, 2nd after T1 (98.45; T2,
    a survey alone, is not ranked)."""
    publish(bureau, Q, "director")
    moved = "单位编码,单位名称,区县,单位类别,职工人数\nH3,丙医院,西固区,乡镇卫生院,900\n"
    assert load_file(bureau, moved.encode(), "units.csv", kind="units").outcome == "loaded"
    joined = run(bureau, "revisions", quarter=Q, peer_group=B)
    assert joined["unit_code"].to_list() == ["H3"]
    h3 = joined.row(0, named=True)
    assert (h3["published_value"], h3["published_rank"], h3["published_overdue"]) == (81.40, 2, 2)
    assert (h3["current_value"], h3["current_rank"], h3["current_overdue"]) == (82.86, 2, 2)
    assert (h3["published_group"], h3["current_group"]) == (A, None)
    assert (h3["published_status"], h3["value_change"], h3["rank_change"]) == (None, None, None)
    left = run(bureau, "revisions", quarter=Q, peer_group=A).row(0, named=True)
    assert (left["unit_code"], left["current_group"]) == ("H3", B)
    assert (left["published_value"], left["current_value"], left["current_rank"]) == (
        81.40,
        82.86,
        2,
    )


@pytest.mark.parametrize("bureau", ["file"], indirect=True)  # the queries' rules
def test_a_regrouped_units_last_quarter_is_that_of_the_group_it_was_in(bureau):
    """A trial of the day's changes (session 60): a regrouped unit's last-quarter index
    before read "—" (none in the group asked for). H2's 2025Q2: inspections 10 / 10 and 95 of
    100 satisfied meet every target, its finding-free quarter 100 too: 100 in 三级医院 as
    published, and 100 in 乡镇卫生院 now."""
    publish(bureau, Q, "director")
    moved = "单位编码,单位名称,区县,单位类别,职工人数\nH2,乙医院,城关区,乡镇卫生院,800\n"
    assert load_file(bureau, moved.encode(), "units.csv", kind="units").outcome == "loaded"
    h2 = run(bureau, "revisions", quarter=Q, peer_group=B).filter(pl.col("unit_code") == "H2")
    assert h2.select("published_group", "published_previous", "current_previous").row(0) == (
        A,
        100.0,
        100.0,
    )
