"""The command line: list, run with parameters, bad parameters (exit 2), busy database (exit 3)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from queries import catalogue
from queries.cli import main

ROOT = Path(__file__).resolve().parents[2]


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
        (["--param", "quarter=2025Q3", "--param", "peer_group=tertiary"], "no unit has it"),
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
