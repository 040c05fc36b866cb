"""The command line: list, run with parameters, bad parameters (exit 2), busy database (exit 3)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from queries import catalogue
from queries.cli import flat, main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """The command speaks Chinese under a Chinese locale: pin an English one for these tests."""
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def test_list_names_every_query_with_its_parameters(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for query in catalogue():
        assert f"{query.name}: " in out
    assert "quarter (quarter, required)" in out
    assert "normalisation (one of attainment|minmax|zscore, default attainment)" in out
    # the parameters every query takes are said once, at the end
    assert out.rstrip().splitlines()[-1].startswith("Every query also takes: districts,")
    assert "as_published=true" in out.rstrip().splitlines()[-1]


def test_list_is_said_in_chinese_purposes_parameters_and_closing_sentence(capsys):
    # each query's purpose comes from its own header (-- zh: in queries/*.sql, purpose_zh of
    # a composed one), whole: the English one was cut at the header's first line
    assert main(["list", "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.rstrip().splitlines()
    said = {
        line.split("：", 1)[0]: line.split("：", 1)[1]
        for line in lines
        if line and not line[0].isspace()
    }
    queries = catalogue()
    assert queries and all(re.search(r"[\u4e00-\u9fff]", said[q.name]) for q in queries)
    assert said["rankings"] == "按综合指数或单项指标的竞争排名（并列同名次），及较上一季度的变化。"
    assert "    quarter（季度，必填）" in lines
    assert "    normalisation（以下之一：attainment|minmax|zscore，默认 attainment）" in lines
    assert "    seed（整数，默认 2005）" in lines
    assert lines[-1].startswith("每个查询还可用参数：districts、peer_groups、units")
    assert main(["list", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    # the English purpose is the header's whole sentence, not its first line
    assert (
        "common_target: The target all units shown share for an indicator and quarter (the "
        "line a chart of the" in out
    )
    assert "chart of the\n" not in out


def test_run_prints_csv(bureau_path, capsys):
    code = main(
        [
            "run",
            "rankings",
            "--param",
            "quarter=2025Q3",
            "--param",
            "peer_group=三级医院",
            "--param",
            "draws=0",
            "--db",
            str(bureau_path),
        ]
    )
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("unit_code,unit_name,district,peer_group,quarter,value,rank,")
    assert lines[1].startswith("H1,甲医院,城关区,三级医院,2025Q3,100.0,1,")
    assert len(lines) == 4  # header + H1, H2, H3


def test_csv_keeps_text_that_would_be_a_formula_as_text_and_json_as_it_is(bureau_path, capsys):
    """A new user's trial: a unit named =HYPERLINK(…) came out of ``queries run`` as a formula
    Excel would run, where the pages' CSV download puts an apostrophe before it."""
    import duckdb

    con = duckdb.connect(str(bureau_path))
    con.execute("""UPDATE units SET unit_name = '=HYPERLINK("http://x.example","甲医院")'""")
    con.execute("UPDATE units SET district = '@城关区'")
    con.close()
    args = ["run", "rankings", "--param", "quarter=2025Q3", "--param", "peer_group=三级医院"]
    args += ["--param", "draws=0", "--db", str(bureau_path)]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith(
        """H1,"'=HYPERLINK(""http://x.example"",""甲医院"")",'@城关区,三级医院,2025Q3,100.0,1,"""
    )
    assert main([*args, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["unit_name"], r["district"]) for r in rows} == {
        ('=HYPERLINK("http://x.example","甲医院")', "@城关区")
    }


def test_run_prints_json(bureau_path, capsys):
    code = main(
        ["run", "ledger", "--param", "quarter=2025Q3", "--db", str(bureau_path), "--format", "json"]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["unit_code"]: r["overdue_open"] for r in rows}["H2"] == 2


def test_bad_parameters_exit_2_with_a_clear_message(bureau_path, capsys):
    cases = [
        (["--param", "quarter=2025-3"], "is not a quarter: write it like 2025Q3"),
        (["--param", "quarter=2025Q3", "--param", "normalisation=rank"], "use one of attainment"),
        (["--param", "quarter=2025Q3", "--param", "colour=red"], "has no parameter colour"),
        (["--param", "quarter=2025Q3", "--param", "draws=many"], "draws='many' is not a valid int"),
        (["--param", "peer_group=三级医院"], "parameter quarter is required"),
        (["--param", "quarter"], "should look like NAME=VALUE"),
        (["--param", "quarter=2025Q3", "--param", "indicator_code=nope"], "indicator_code='nope'"),
        (["--param", "quarter=2025Q3", "--param", "peer_group=二甲"], "no unit has it"),
        (["--param", "quarter=2025Q3", "--param", "peer_group=三级X"], "is not a peer group"),
    ]
    for extra, message in cases:
        assert main(["run", "rankings", *extra, "--db", str(bureau_path)]) == 2
        assert message in capsys.readouterr().err
    assert main(["run", "no_such_query", "--db", str(bureau_path)]) == 2
    assert "there is no query named 'no_such_query'" in capsys.readouterr().err


def test_busy_database_exits_3(bureau_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
            "time.sleep(30)",
            str(bureau_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "queries", "run", "quarters", "--db", str(bureau_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 3
        assert "open in another process" in result.stderr
        assert "Traceback" not in result.stderr
        assert time.monotonic() - started < 30
    finally:
        holder.kill()
        holder.wait()


def test_as_user_applies_the_accounts_scope(bureau_path, capsys):
    from accounts import add_user
    from etl.db import connect
    from queries import Scope

    con = connect(str(bureau_path))
    add_user(con, "chengguan", "viewer", "long-enough-1", scope=Scope(districts=("城关区",)))
    con.close()
    common = ["run", "units", "--db", str(bureau_path), "--format", "json"]
    assert main([*common, "--as-user", "chengguan"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(row["unit_code"] for row in rows) == ["H1", "H2"]  # 城关区 in bureau_fixture
    # a unit outside the scope, asked for by name: refused, exit 2
    code = main(
        ["run", "unit_profile", "--param", "unit_code=T1", "--db", str(bureau_path)]
        + ["--as-user", "chengguan"]
    )
    assert code == 2
    assert "unit T1 is outside the scope" in capsys.readouterr().err
    assert main([*common, "--as-user", "nobody"]) == 2
    assert "no user named 'nobody'" in capsys.readouterr().err


def test_list_parameters_from_the_command_line(bureau_path, capsys):
    argv = ["run", "units", "--param", "districts=西固区, 榆中县", "--db", str(bureau_path)]
    assert main([*argv, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(row["unit_code"] for row in rows) == ["H3", "T1", "T2"]


def test_a_mistyped_store_exits_3_and_is_not_made(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for url in ("nowhere/civbench.duckdb", "ducklake:sqlite:nowhere/civbench.sqlite"):
        assert main(["run", "quarters", "--db", url]) == 3
        assert "there is no Civbench store at" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_quarter_without_data_exits_2_naming_the_quarters_that_have_some(bureau_path, capsys):
    """The tiny bureau has rows in 2025Q2 and 2025Q3 only; an empty ranking of 2031Q1 is a
    mistyped quarter, not an answer. A quarter with data but nothing to show stays exit 0."""
    args = ["run", "rankings", "--param", "draws=0", "--db", str(bureau_path)]
    assert main([*args, "--param", "quarter=2031Q1"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == (
        "error: no file has been loaded for quarter=2031Q1, so the result is empty "
        "(quarters with data: 2025Q2–2025Q3)"
    )
    assert main([*args, "--param", "quarter=2025Q3", "--param", "districts=没有的区"]) == 2
    assert "no unit has it" in capsys.readouterr().err


def test_run_says_its_refusals_in_the_language_of_lang(bureau_path, tmp_path, capsys):
    from accounts import add_user
    from etl.db import connect
    from queries import Scope

    con = connect(str(bureau_path))
    add_user(con, "chengguan", "viewer", "long-enough-1", scope=Scope(districts=("城关区",)))
    con.close()
    db = ["--db", str(bureau_path), "--lang", "zh"]
    missing = tmp_path / "mistyped.duckdb"
    cases = [
        (
            ["rankings", "--param", "quarter=2025Q3", "--param", "normalisation=rank"],
            "参数 normalisation=“rank”不可用：请用以下之一：attainment、minmax、zscore",
        ),
        (["rankings", "--param", "peer_group=三级医院"], "缺少参数 quarter（必填）"),
        (
            ["rankings", "--param", "quarter=2025Q3", "--param", "draws=many"],
            "参数 draws=“many”不是有效的整数",
        ),
        (["rankings", "--param", "quarter"], "--param “quarter” 应写成 名称=值，如 quarter=2025Q3"),
        (
            ["unit_profile", "--param", "unit_code=NOPE"],
            "参数 unit_code=“NOPE”：没有这个编码的单位",
        ),
        (["units", "--as-user", "nobody"], "没有名为“nobody”的用户"),
        (
            ["unit_profile", "--param", "unit_code=T1", "--as-user", "chengguan"],
            "单位 T1 不在数据范围（区县：城关区）内",
        ),
        (
            ["rankings", "--param", "quarter=2031Q1", "--param", "draws=0"],
            "quarter=2031Q1 尚未上传任何文件，所以结果为空（有数据的季度：2025Q2–2025Q3）",
        ),
        (["no_such_query"], "没有名为“no_such_query”的查询：`python -m queries list` 列出全部查询"),
    ]
    for argv, said in cases:
        assert main(["run", *argv, *db]) == 2
        assert capsys.readouterr().err == f"错误：{said}\n"
    assert main(["run", "quarters", "--db", str(missing), "--lang", "zh"]) == 3
    assert capsys.readouterr().err == (
        f"错误：{missing} 处没有 Civbench 存储：请核对 --db（或 $CIVBENCH_DB）。已有的存储用 "
        f"python -m etl migrate --from 已有存储 --to '{missing}' 迁入；新的存储通过"
        "上传单位名录（python -m etl load units.csv）或运行 python -m etl demo 建立\n"
    )
    # in English the messages say what they said before --lang was there
    assert main(["run", "units", "--as-user", "nobody", "--db", str(bureau_path)]) == 2
    assert capsys.readouterr().err == "error: there is no user named 'nobody'\n"
    assert main(["run", "rankings", "--param", "quarter", "--db", str(bureau_path)]) == 2
    assert capsys.readouterr().err == (
        "error: --param 'quarter' should look like NAME=VALUE, e.g. quarter=2025Q3\n"
    )


def test_without_lang_the_locale_chooses_and_lang_wins_over_it(bureau_path, monkeypatch, capsys):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    argv = ["run", "rankings", "--param", "quarter=2025Q3", "--param", "peer_group=二甲"]
    argv += ["--db", str(bureau_path)]
    groups = "全部、三级医院、乡镇卫生院"  # 全部, then the tiny bureau's two groups
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"错误：参数 peer_group=“二级医院”：没有哪个单位属于它；请用以下之一：{groups}\n"
    )
    assert main([*argv, "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        "error: parameter peer_group='二级医院': no unit has it; use one of "
        f"{groups.replace('、', ', ')}\n"
    )


def test_lang_in_a_real_process(bureau_path, capsys):
    """The trial user's command line: ``--lang zh`` was refused by argparse. The ranking runs
    through ``main`` in this process (the same parser); the refusal in a process of its own,
    its exit code and Chinese stderr as a shell gets them."""
    args = ["rankings", "--param", "quarter=2025Q3", "--param", "peer_group=三级医院"]
    db = ["--db", str(bureau_path)]
    assert main(["run", *args, "--param", "draws=0", "--lang", "zh", *db]) == 0
    done = capsys.readouterr()
    assert done.out.splitlines()[1].startswith("H1,甲医院,城关区,三级医院,2025Q3,100.0,1,"), (
        done.err
    )
    refused = subprocess.run(
        [sys.executable, "-m", "queries", "run", *args, "--param", "draws=0.5", "--lang", "zh"]
        + db,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2
    assert refused.stderr == "错误：参数 draws=“0.5”不是有效的整数\n"


def test_a_quarter_parameter_takes_the_spellings_etl_takes(bureau_path, capsys):
    """2025年第三季度 is read as python -m etl load --quarter and etl publish read it
    (etl.cells.quarter_of_text), and used as 2025Q3."""
    args = ["run", "rankings", "--param", "peer_group=三级医院", "--param", "draws=0"]
    args += ["--db", str(bureau_path)]
    assert main([*args, "--param", "quarter=2025Q3"]) == 0
    canonical = capsys.readouterr().out
    assert canonical.splitlines()[1].startswith("H1,甲医院,城关区,三级医院,2025Q3,100.0,1,")
    for spelled in ("2025年第三季度", "2025-Q3", "Q3 2025", "2025年三季度", "２０２５Ｑ３"):
        assert main([*args, "--param", f"quarter={spelled}"]) == 0, spelled
        assert capsys.readouterr().out == canonical, spelled
    # every quarter parameter: the range of index_series
    series = ["run", "index_series", "--db", str(bureau_path), "--format", "json"]
    series += ["--param", "from_quarter=2025年第2季度", "--param", "to_quarter=Q3 2025"]
    assert main(series) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted({row["quarter"] for row in rows}) == ["2025Q2", "2025Q3"]
    # the quarter is said as 2031Q1 once read, as etl says it
    assert main([*args, "--param", "quarter=2031年第一季度"]) == 2
    assert capsys.readouterr().err == (
        "error: no file has been loaded for quarter=2031Q1, so the result is empty "
        "(quarters with data: 2025Q2–2025Q3)\n"
    )
    assert main([*args, "--param", "quarter=三季度"]) == 2
    assert capsys.readouterr().err == (
        "error: parameter quarter='三季度' is not a quarter: write it like 2025Q3 or "
        "2025年第3季度\n"
    )
    assert main([*args, "--param", "quarter=三季度", "--lang", "zh"]) == 2
    assert capsys.readouterr().err == (
        "错误：参数 quarter=“三季度”不是季度：请写成 2025Q3 或 2025年第3季度 这样\n"
    )


def test_a_peer_group_parameter_takes_the_spellings_a_registry_takes(bureau_path, capsys):
    """三甲 is a 三级医院 in a unit registry (etl.contracts.PEER_GROUPS), and so in a query."""
    args = ["run", "rankings", "--param", "quarter=2025Q3", "--param", "draws=0"]
    args += ["--db", str(bureau_path)]
    assert main([*args, "--param", "peer_group=三级医院"]) == 0
    canonical = capsys.readouterr().out
    assert [line[:2] for line in canonical.splitlines()[1:]] == ["H1", "H2", "H3"]
    for spelled in ("三甲", "三乙医院", "三級醫院", "tertiary", " 三甲 "):
        assert main([*args, "--param", f"peer_group={spelled}"]) == 0, spelled
        assert capsys.readouterr().out == canonical, spelled
    assert main(args) == 0  # 全部 by default: all five units in one ranking
    overall = capsys.readouterr().out
    assert main([*args, "--param", "peer_group=all"]) == 0
    assert capsys.readouterr().out == overall
    # the list parameter too
    units = ["run", "units", "--db", str(bureau_path), "--format", "json"]
    assert main([*units, "--param", "peer_groups=三甲,township"]) == 0
    codes = sorted(row["unit_code"] for row in json.loads(capsys.readouterr().out))
    assert codes == ["H1", "H2", "H3", "T1", "T2"]
    assert main([*units, "--param", "peer_groups=三甲"]) == 0
    assert sorted(row["unit_code"] for row in json.loads(capsys.readouterr().out)) == [
        "H1",
        "H2",
        "H3",
    ]
    # each short form in both languages (community was taken, 社区 not): the township centres
    assert main([*units, "--param", "peer_groups=三级, 乡镇"]) == 0
    both = sorted(row["unit_code"] for row in json.loads(capsys.readouterr().out))
    assert both == ["H1", "H2", "H3", "T1", "T2"]
    for spelled in ("乡镇", "township"):
        assert main([*args, "--param", f"peer_group={spelled}"]) == 0, spelled
        assert [line[:2] for line in capsys.readouterr().out.splitlines()[1:]] == ["T1", "T2"]
    assert main([*args, "--param", "peer_group=社区"]) == 2  # a peer group, but no unit's
    assert "peer_group='社区卫生服务中心': no unit has it" in capsys.readouterr().err
    # text that names no group: refused naming every group with the spellings it takes
    assert main([*units, "--param", "peer_groups=三甲,社区服务"]) == 2
    said = capsys.readouterr().err
    assert "peer_groups='社区服务' is not a peer group" in said
    assert (
        "社区卫生服务中心 (community health centre, community health center, community, 社区"
        in said
    )
    # a choice parameter as written in any case
    assert main([*args, "--param", "normalisation= Attainment"]) == 0
    assert capsys.readouterr().out == overall
    # a group that is a peer group but no unit's: refused as before, named as stored
    assert main([*args, "--param", "peer_group=二甲"]) == 2
    assert capsys.readouterr().err == (
        "error: parameter peer_group='二级医院': no unit has it; use one of 全部, 三级医院, "
        "乡镇卫生院\n"
    )


def test_csv_writes_a_list_of_records_as_json_with_its_field_names():
    # query indicator_changes: a definition's changed fields, each a record
    frame = pl.DataFrame(
        {
            "load_ids": [[3, 7], None],
            "detail": [
                [{"field": "direction", "before": "higher", "after": "lower"}],
                None,
            ],
        }
    )
    assert flat(frame).rows() == [
        ("3,7", '{"field":"direction","before":"higher","after":"lower"}'),
        (None, None),
    ]


def test_current_figures_of_a_published_quarter_say_so(bureau_path, capsys):
    """The pages and the pack say a quarter is published and what changed since; the command
    line printed the current figures of a published quarter without a word."""
    from etl.db import connect
    from etl.load import load_file
    from etl.publish import publish

    con = connect(bureau_path)
    published = publish(con, "2025Q3", "director")
    con.close()
    argv = ["run", "rankings", "--param", "quarter=2025Q3", "--param", "peer_group=三级医院"]
    argv += ["--param", "draws=0", "--db", str(bureau_path)]
    when = f"{published.published_at:%Y-%m-%d %H:%M}"
    assert main(argv) == 0
    assert capsys.readouterr().err == (
        f"note: 2025Q3 was published on {when} (publication 1), and nothing has changed "
        "since: these current figures are the figures as published.\n"
    )  # not "since then 0 units' … changed"
    # H3's outpatients all satisfied: it passes H2, so both move in rank
    con = connect(bureau_path)
    fix = "单位编码,季度,调查类型,样本量,满意人数\nH3,2025Q3,门诊,100,100\n"
    assert load_file(con, fix.encode(), "fix.csv", kind="surveys").outcome == "loaded"
    con.close()
    assert main(argv) == 0
    err = capsys.readouterr().err
    said = re.search(
        r"these are the current figures, and since then (\d+) units' index, rank, overdue "
        r"findings or change on last quarter changed \(the figures of (\d+) of them, and only "
        r"the rank or rank change of the other (\d+)\)",
        err,
    )
    assert said, err
    units, own, moved = map(int, said.groups())
    # only H3's own figures changed; H2 (at least) only moved in rank, passed by H3
    assert (own, moved) == (1, units - 1) and units >= 2
    assert main([*argv, "--param", "as_published=true"]) == 0
    assert capsys.readouterr().err == ""  # the figures as published need no note
    # Trial B: what a second publication revised compares two publications, not the current
    # figures: it was said to be "the current figures" since the latest publication
    con = connect(bureau_path)
    publish(con, "2025Q3", "director")
    con.close()
    revised = ["run", "publication_revisions", "--param", "quarter=2025Q3"]
    assert main([*revised, "--db", str(bureau_path)]) == 0
    out = capsys.readouterr()
    assert out.err == "" and out.out.splitlines()[1].startswith("H3,")


def test_a_day_received_recorded_after_publication_is_no_nothing_has_changed(bureau_path, capsys):
    """Trial (session 57): `etl received` made a file of the published quarter late; the late
    loads were then printed under "nothing has changed since: these current figures are the
    figures as published", above a lateness the publication does not hold."""
    from etl.db import connect
    from etl.publish import publish
    from etl.received import set_received

    con = connect(bureau_path)
    published = publish(con, "2025Q3", "director")
    load_id = con.execute(
        "SELECT max(load_id) FROM upload_log WHERE outcome = 'loaded'"
    ).fetchone()[0]
    con.close()
    when = f"{published.published_at:%Y-%m-%d %H:%M}"
    argv = ["run", "late_loads", "--param", "quarter=2025Q3", "--db", str(bureau_path)]
    assert main(argv) == 0
    assert "and nothing has changed since" in capsys.readouterr().err  # as published
    con = connect(bureau_path)
    set_received(con, load_id, date(2025, 10, 20), "director")
    con.close()
    assert main(argv) == 0
    assert capsys.readouterr().err == (
        f"note: 2025Q3 was published on {when} (publication 1); since then no unit's index, "
        "rank or overdue findings has changed, but its data have (a correction, or a day "
        "received recorded): these are the current figures. Add --param as_published=true for "
        "the figures as published.\n"
    )


def test_the_note_on_a_peer_groups_current_figures_counts_that_groups_changes(bureau_path, capsys):
    """The note counted the bureau's revisions whatever peer group was asked for: a correction
    of a township centre was said, under the tertiary hospitals' ranking, to change a unit
    when none of those listed had changed."""
    from etl.db import connect
    from etl.load import load_file
    from etl.publish import publish

    con = connect(bureau_path)
    publish(con, "2025Q3", "director")
    # T1 (乡镇卫生院) had no survey: 50 of 100 satisfied, 0.5 against a target of 0.9, lowers
    # its index (55.6 on weight 0.3, where it had only its inspections' scores)
    fix = "单位编码,季度,调查类型,样本量,满意人数\nT1,2025Q3,门诊,100,50\n"
    assert load_file(con, fix.encode(), "fix.csv", kind="surveys").outcome == "loaded"
    con.close()
    argv = ["run", "rankings", "--param", "quarter=2025Q3", "--param", "draws=0"]
    argv += ["--db", str(bureau_path)]
    assert main([*argv, "--param", "peer_group=三级医院"]) == 0
    # H1, H2, H3: same data, same ranks among themselves; the quarter's data changed (T1's)
    assert "no unit's index, rank or overdue findings has changed, but its data have" in (
        capsys.readouterr().err
    )
    assert main([*argv, "--param", "peer_group=乡镇卫生院"]) == 0
    assert "since then 1 unit's index" in capsys.readouterr().err  # T1 itself


def test_the_loads_of_a_revision_are_said_in_the_readers_language(bureau_path, capsys):
    """Trial: under --lang zh the loads column of revisions and publication_revisions still
    said "(loaded)" and "(withdrawn)": the outcome of each load is said in --lang."""
    from etl.db import connect
    from etl.load import load_file, withdraw
    from etl.publish import publish

    con = connect(bureau_path)
    publish(con, "2025Q3", "director")
    fix = "单位编码,季度,调查类型,样本量,满意人数\nH3,2025Q3,门诊,100,100\n"
    fixed = load_file(con, fix.encode(), "fix.csv", kind="surveys")
    publish(con, "2025Q3", "director")  # publication 2 has the fix, which is then withdrawn
    withdraw(con, fixed.load_id)
    con.close()
    argv = ["--param", "quarter=2025Q3", "--db", str(bureau_path), "--format", "json"]
    said = {}
    for name in ("revisions", "publication_revisions"):
        for lang in ("zh", "en"):
            assert main(["run", name, *argv, "--lang", lang]) == 0
            rows = json.loads(capsys.readouterr().out)
            said[name, lang] = {row["unit_code"]: row["loads"] for row in rows}
    # H3's own figures changed by the fix both times (its load, now withdrawn)
    assert said["revisions", "zh"]["H3"] == f"{fixed.load_id} fix.csv（已撤回）"
    assert said["revisions", "en"]["H3"] == f"{fixed.load_id} fix.csv (withdrawn)"
    assert said["publication_revisions", "zh"]["H3"] == f"{fixed.load_id} fix.csv（已撤回）"
    assert said["publication_revisions", "en"]["H3"] == f"{fixed.load_id} fix.csv (withdrawn)"
