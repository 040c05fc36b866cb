"""``python -m etl``: exit codes and messages. Most commands run in-process through
``etl.cli.main``; a real process where only one shows it (a shell's exit code and output, the
lock another process holds, a locale, signals, a user's file modes, and a lake that stops
answering mid-command: ``etl.entry.run_command`` says that, not ``main``). A test whose
commands start from the registry (and surveys) the command loaded takes a copy of a store
loaded once (``loaded_store``); the small demo is built once for the module."""

from __future__ import annotations

import contextlib
import io
import os
import pwd
import re
import resource
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from etl_helpers import FIXTURES, contents

import accounts
from accounts.audit import audit_entries
from etl.cli import EXIT_BAD_INPUT, EXIT_BUSY, EXIT_OK, main
from etl.db import connect, interrupts_held, parse_store

ROOT = Path(__file__).resolve().parents[2]
BAD_ACTIVITIES = (
    "单位编码,季度,活动类型,次数,参与人数\nH001,2025Q3,义诊,2,30\nH001,2025Q3,讲座,-1,30\n"
)


def english(patch: pytest.MonkeyPatch) -> None:
    """The CLI speaks Chinese under a Chinese locale: an English one."""
    for variable in ("LC_ALL", "LC_MESSAGES"):
        patch.delenv(variable, raising=False)
    patch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """An English locale for these tests (``english``)."""
    english(monkeypatch)


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def loaded_copy(store_copies, kind: str, folder: Path, *names: str) -> tuple[str, dict]:
    """In ``folder``, a store of ``kind`` holding what ``python -m etl load NAMES`` (fixture
    files) loads into a new one (its loads, upload log and audit log): its URL and environment.
    A copy (``StoreCopies``, tests/stores.py) of a store loaded so once per kind and test
    process, through ``main``: a lake's first load costs it a second, a copy a fraction."""

    def build(url: str) -> None:
        said = io.StringIO()  # what the load says is not the test's to read
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            assert main(["load", *map(fixture, names), "--db", url]) == EXIT_OK, said.getvalue()

    return store_copies.copy(kind, "etl load " + " ".join(names), build, folder)


@pytest.fixture
def loaded_store(store, store_copies, tmp_path, monkeypatch) -> Callable[..., str]:
    """``loaded_store(*names)``: the URL of a store of the kind ``store`` is, holding what
    ``python -m etl load NAMES`` loads (``loaded_copy``), for a test whose own commands start
    from there; its environment set for the test."""
    kind = parse_store(store).kind

    def copy(*names: str) -> str:
        url, env = loaded_copy(store_copies, kind, tmp_path / "loaded", *names)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return url

    return copy


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_load_prints_one_line_per_file_and_exits_0(db_path, capsys):
    code = main(["load", fixture("units.csv"), fixture("surveys_bom.csv"), "--db", str(db_path)])
    out, err = capsys.readouterr()
    assert code == EXIT_OK and err == ""
    assert out.splitlines() == [
        "units.csv: loaded 5 rows of units, 5 units as load 1; 0 rows replaced",
        "surveys_bom.csv: loaded 4 rows of surveys, 2025Q3, 2 units as load 2; 0 rows replaced",
        "2 files: 2 loaded",
    ]


def districts_loaded_as(store, registry, **bureau) -> list[tuple]:
    """The units' codes and districts after loading ``registry`` into ``store`` as the bureau
    set with ``bureau`` (level, name)."""
    con = connect(str(store))
    accounts.set_bureau(con, **bureau)
    con.close()
    assert main(["load", str(registry), "--db", str(store)]) == EXIT_OK
    con = connect(str(store))
    rows = con.execute("SELECT unit_code, district FROM units").fetchall()
    con.close()
    return rows


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_a_provinces_registry_headed_by_its_cities_loads_into_a_provinces_store(
    db_path, tmp_path, capsys
):
    """The command reads a file as the bureau the store names: a province's 市州 heading is
    its registry's 区县 column (a city's store would ignore it and want its 区县)."""
    registry = tmp_path / "名录.csv"
    registry.write_text(
        "单位编码,单位名称,所属市州,单位类别,职工人数\nP001,天水市第一人民医院,天水市,三级医院,900\n",
        encoding="utf-8",
    )
    assert districts_loaded_as(db_path, registry, level="省", name="甘肃省卫生健康委员会") == [
        ("P001", "天水市")
    ]


def test_a_new_county_bureaus_registry_headed_by_its_townships_says_to_set_its_level(
    tmp_path, capsys
):
    """Trial J: a new county bureau's first load, its registry headed 乡镇 as a county's forms
    are, was told only that there is no store and that a new one starts with a unit registry
    (which the file was): read as a city's (the level unset), it lacked 区县, unsaid. It is
    refused as a registry, with the problem and the level that reads 乡镇; set, it loads."""
    store = tmp_path / "civbench.duckdb"
    registry = tmp_path / "单位名录.csv"
    registry.write_text(
        "单位编码,单位名称,乡镇,单位类别,职工人数\nYJ101,中心卫生院,盐锅峡镇,乡镇卫生院,48\n",
        encoding="utf-8",
    )
    assert main(["load", str(registry), "--db", str(store), "--lang", "zh"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "没有 Civbench 存储" not in err
    assert "单位名录.csv，列 区县：缺少必填列" in err
    assert "“乡镇”是县或旗级卫生健康部门名录中该列的列名" in err
    assert "python -m etl users bureau --level 县" in err
    assert districts_loaded_as(store, registry, level="县") == [("YJ101", "盐锅峡镇")]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_rejected_file_exits_2_with_file_row_column_on_stderr(loaded_store, tmp_path, capsys):
    db_path = loaded_store("units.csv")
    bad = tmp_path / "活动.csv"
    bad.write_text(BAD_ACTIVITIES, encoding="utf-8")
    capsys.readouterr()
    code = main(["load", str(bad), "--db", str(db_path)])
    out, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.splitlines() == [
        "活动.csv: rejected, 1 problem; nothing loaded",
        "  活动.csv, row 3, column 次数 (sessions): '-1': expected a whole number ≥ 0",
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_rejected_file_in_chinese_with_lang_zh(loaded_store, tmp_path, capsys):
    db_path = loaded_store("units.csv")
    bad = tmp_path / "活动.csv"
    bad.write_text(BAD_ACTIVITIES, encoding="utf-8")
    capsys.readouterr()
    code = main(["load", str(bad), "--db", str(db_path), "--lang", "zh"])
    out, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.splitlines() == [
        "活动.csv：未通过检查，共 1 个问题；未上传任何数据",
        "  活动.csv，第 3 行，列 次数：“-1”：应为整数 ≥ 0",
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_lang_en_wins_over_a_chinese_locale(db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    main(["load", fixture("units.csv"), "--db", str(db_path), "--lang", "en"])
    assert capsys.readouterr().out == (
        "units.csv: loaded 5 rows of units, 5 units as load 1; 0 rows replaced\n"
    )


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_chinese_locale_gives_chinese_messages_in_a_real_process(loaded_store, tmp_path):
    db_path = loaded_store("units.csv")
    done = cli(
        "load",
        fixture("surveys_bom.csv"),
        "--dry-run",
        "--db",
        str(db_path),
        env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""},
    )
    assert done.returncode == EXIT_OK, done.stderr
    # the fixture: 4 survey rows of 2025Q3 for 2 units, none loaded before
    assert done.stdout == (
        "surveys_bom.csv：试运行通过，可上传 4 行满意度调查数据，季度 2025Q3，2 个单位，"
        "将替换 0 行已有数据\n"
    )


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_unchanged_file_says_so(loaded_store, capsys):
    db_path = loaded_store("units.csv")
    capsys.readouterr()
    assert main(["load", fixture("units.csv"), "--db", str(db_path)]) == EXIT_OK
    assert capsys.readouterr().out == "units.csv: already loaded (load 1); nothing changed\n"


# on each store: tests/etl/test_load.py::test_dry_run_changes_nothing_at_all
@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_dry_run_exits_0_and_changes_nothing(loaded_store, capsys):
    db_path = loaded_store("units.csv")
    con = connect(db_path)
    before = contents(con)
    con.close()
    capsys.readouterr()
    args = ["load", fixture("surveys_bom.csv"), "--dry-run", "--db", str(db_path)]
    assert main(args) == EXIT_OK
    assert capsys.readouterr().out == (
        "surveys_bom.csv: dry run OK: would load 4 rows of surveys, 2025Q3, 2 units; 0 rows would "
        "be replaced\n"
    )
    con = connect(db_path)
    assert contents(con) == before
    con.close()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_a_dry_run_names_the_columns_a_load_would_ignore(loaded_store, capsys, tmp_path):
    # 志愿服务小时数 is no name of volunteer_hours (志愿服务时长 is): its numbers would be lost
    db_path = loaded_store("units.csv")
    capsys.readouterr()
    path = tmp_path / "activities.csv"
    path.write_text(
        "单位编码,季度,活动类型,次数,参与人数,志愿服务小时数\nH001,2025Q3,义诊,2,30,12\n"
    )
    assert main(["load", str(path), "--dry-run", "--db", str(db_path)]) == EXIT_OK
    assert capsys.readouterr().out.endswith("; ignored columns: 志愿服务小时数\n")


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_missing_file_exits_2(db_path, capsys):
    # said as every other refusal is: error: … / 错误：…
    assert main(["load", "/nonexistent/x.csv", "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == "error: /nonexistent/x.csv: no such file\n"
    assert main(["load", "/nonexistent/x.csv", "--db", str(db_path), "--lang", "zh"]) == 2
    assert capsys.readouterr().err == "错误：/nonexistent/x.csv：文件不存在\n"


def test_a_file_that_cannot_be_read_is_refused_as_an_error(tmp_path, capsys, monkeypatch):
    # the tests run as root, who may read any file: the check is made to say no
    path = tmp_path / "units.csv"
    path.write_bytes(Path(fixture("units.csv")).read_bytes())
    monkeypatch.setattr("etl.cli.os.access", lambda file, mode: False)
    store = tmp_path / "civbench.duckdb"
    assert main(["load", str(path), "--db", str(store)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == f"error: {path}: cannot be read (permission denied)\n"
    assert main(["load", str(path), "--db", str(store), "--lang", "zh"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == f"错误：{path}：无权读取该文件\n"
    assert not store.exists()


def test_a_folder_is_named_as_a_folder_with_the_files_in_it_to_name(tmp_path, capsys):
    folder = tmp_path / "报表"
    folder.mkdir()
    (folder / "units.csv").write_bytes(Path(fixture("units.csv")).read_bytes())
    store = tmp_path / "civbench.duckdb"
    assert main(["load", f"{folder}/", "--db", str(store)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        f"error: {folder}: is a folder, not a file: name the files in it to load, such as "
        f"{folder}/*.csv\n"  # the kind of file it holds
    )
    assert main(["load", str(folder), "--db", str(store), "--lang", "zh"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        f"错误：{folder}：这是文件夹，不是文件：请写出其中要上传的文件，如 {folder}/*.csv\n"
    )
    assert not store.exists()  # nothing was loaded, so no store was made
    # a folder with spaces in its name is quoted, as a shell must be given it
    spaced = tmp_path / "有 空格 的 目录"
    spaced.mkdir()
    assert main(["load", str(spaced), "--db", str(store)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err.endswith(f"such as '{spaced}'/*.xlsx\n")  # empty: *.xlsx


def test_sheet_is_refused_for_a_file_that_is_not_a_workbook(tmp_path, capsys):
    store = tmp_path / "civbench.duckdb"
    args = ["load", fixture("units.csv"), "--sheet", "明细", "--db", str(store)]
    assert main(args) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"error: {fixture('units.csv')} is not an Excel workbook: it has no sheets, so "
        "--sheet 明细 does not apply to it; drop --sheet (to name a workbook's sheet, load "
        "that workbook on its own)\n"
    )
    assert not store.exists()  # the registry was not loaded, not even into a new store
    assert main([*args, "--lang", "zh"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        f"错误：{fixture('units.csv')} 不是 Excel 工作簿，没有工作表，--sheet 明细 对它不适用："
        "请去掉 --sheet（要指定某个工作簿的工作表时，请单独上传该工作簿）\n"
    )
    # a workbook given with it is not loaded either: --sheet is for every file of the command
    both = ["load", fixture("activities.xlsx"), fixture("units.csv"), "--sheet", "二季度"]
    assert main([*both, "--db", str(store), "--dry-run"]) == EXIT_BAD_INPUT
    said = capsys.readouterr()
    assert said.out == "" and said.err.startswith(f"error: {fixture('units.csv')} is not an")
    # a workbook renamed .csv is a workbook, as the reader tells it: its sheet may be named
    renamed = tmp_path / "activities.csv"
    renamed.write_bytes(Path(fixture("activities.xlsx")).read_bytes())
    main(["load", fixture("units.csv"), "--db", str(store)])
    capsys.readouterr()
    renamed_args = ["load", str(renamed), "--sheet", "二季度", "--kind", "activities"]
    assert main([*renamed_args, "--db", str(store), "--dry-run"]) == EXIT_OK
    assert "1 row of activities, 2025Q2" in capsys.readouterr().out


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_kind_and_sheet_options(loaded_store, capsys):
    db_path = loaded_store("units.csv")
    args = ["load", fixture("activities.xlsx"), "--sheet", "二季度", "--kind", "activities"]
    assert main([*args, "--db", str(db_path)]) == EXIT_OK
    assert "loaded 1 row of activities, 2025Q2" in capsys.readouterr().out


def district_workbook(path: Path, sheets: dict[str, list[list]], hidden=()) -> Path:
    """A workbook of surveys, one sheet per sub-district ({sheet: rows}), after a 填表说明
    sheet with no table; the sheets named in ``hidden`` are hidden."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "填表说明"
    book.active.append(["填表说明：每个街道一张表，单位编码按统一编码填写"])
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(["单位编码", "季度", "调查类型", "样本量", "满意人数"])
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the command, not the store
def test_a_workbook_of_several_data_sheets_loads_sheet_by_sheet(loaded_store, tmp_path, capsys):
    """A district's one workbook, a sheet per sub-district: each visible sheet is an upload of
    its own, as the files of one command are: a sheet with a bad cell loads nothing (not its
    good rows), the others load, the command exits 2; the hidden old copy is passed over and
    named; every problem names its sheet."""
    book = district_workbook(
        tmp_path / "分区县.xlsx",
        {
            "城关区": [["H001", "2025Q3", "门诊", 100, 90], ["H002", "2025Q3", "门诊", 100, 80]],
            "城西区": [
                ["T001", "2025Q3", "门诊", 50, 40],
                ["C001", "2025Q3", "门诊", 60, "六十五"],
            ],
            "旧": [["H001", "2025Q3", "门诊", 10, 9]],
        },
        hidden=("旧",),
    )
    db_path = loaded_store("units.csv")
    capsys.readouterr()
    assert main(["load", str(book), "--db", str(db_path)]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "分区县.xlsx: 2 sheets of the workbook hold tables (城关区, 城西区), each loaded as an "
        "upload of its own: each sheet is checked, and loaded or rejected, on its own; hidden "
        "sheets also hold a table, not loaded: 旧; to load one, name its sheet (--sheet NAME on "
        "the command line, or the sheet box on the Upload page)",
        "分区县.xlsx: loaded 2 rows of surveys, 2025Q3 (sheet 城关区), 2 units as load 2; "
        "0 rows replaced",
    ]
    assert err.splitlines() == [
        "分区县.xlsx (sheet 城西区): rejected, 1 problem; nothing loaded",
        "  分区县.xlsx, sheet 城西区, row 3, column 满意人数 (satisfied): '六十五': expected a "
        "whole number ≥ 0; write it in digits, such as 95",
        "2 uploads (1 file, a workbook counted by its sheets): 1 loaded, 1 rejected",
    ]
    con = connect(str(db_path))
    loaded = con.execute("SELECT unit_code, satisfied FROM surveys ORDER BY 1").fetchall()
    logged = con.execute("SELECT outcome, sheet FROM upload_log ORDER BY load_id").fetchall()
    con.close()
    assert loaded == [("H001", 90), ("H002", 80)]  # none of 城西区's, T001's good row neither
    assert logged == [("loaded", None), ("loaded", "城关区"), ("rejected", "城西区")]
    # in Chinese; the sheet loaded is loaded already, --sheet still picks one sheet
    args = ["load", str(book), "--sheet", "城关区", "--db", str(db_path), "--lang", "zh"]
    assert main(args) == EXIT_OK
    assert capsys.readouterr().out == (
        "分区县.xlsx（工作表“城关区”）：此文件已上传过（批次 2），数据未作任何改变\n"
    )
    assert main(["load", str(book), "--db", str(db_path), "--lang", "zh"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.splitlines()
    assert err[1] == (
        "  分区县.xlsx，工作表“城西区”，第 3 行，列 满意人数：“六十五”：应为整数 ≥ 0；"
        "请用阿拉伯数字填写，如 95"
    )
    assert (
        err[2]
        == "共 2 份上传（1 个文件，工作簿按其工作表计）：未变 1 个（此前已上传），被拒绝 1 个"
    )


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the command, not the store
def test_sheets_of_one_workbook_may_not_bring_the_same_units_quarter(
    loaded_store, tmp_path, capsys
):
    """Two month sheets of one quarter for one unit: the later would replace the earlier's
    rows, as two files of one command would; refused, naming the sheet that brought them,
    by the dry run as by the load."""
    book = district_workbook(
        tmp_path / "月报.xlsx",
        {"7月": [["H001", "2025Q3", "门诊", 30, 20]], "8月": [["H001", "2025Q3", "门诊", 40, 30]]},
    )
    db_path = loaded_store("units.csv")
    capsys.readouterr()
    assert main(["load", str(book), "--db", str(db_path), "--dry-run"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "月报.xlsx (sheet 8月): rejected, 1 problem; nothing loaded"
    assert err[1].startswith(
        "  月报.xlsx, sheet 8月, row 2, column 单位编码/季度/调查类型: the unit and "
        "quarter (and survey or inspection type) of this row also "
        "have data in 月报.xlsx (sheet 7月), given before it in the same batch"
    )
    assert err[2] == (
        "2 uploads (1 file, a workbook counted by its sheets): 1 checked (dry run), 1 rejected"
    )


def test_kind_may_be_given_by_its_chinese_name(loaded_store, capsys):
    db_path = loaded_store("units.csv")
    args = ["load", fixture("activities.xlsx"), "--sheet", "二季度", "--kind", "活动统计"]
    assert main([*args, "--db", str(db_path), "--dry-run"]) == EXIT_OK
    assert "1 row of activities" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        main(["load", fixture("activities.xlsx"), "--kind", "活动", "--db", str(db_path)])
    assert refused.value.code == 2
    # a new user's trial: the refusal listed the English names alone
    assert (
        "'活动' is no kind of file: give one of 单位名录 (units), 检查结果 (inspections), "
        "满意度调查 (surveys), 活动统计 (activities), 测评体系 (indicators)"
    ) in capsys.readouterr().err


def test_history_and_withdraw(loaded_store, tmp_path, capsys):
    db_path = loaded_store("units.csv", "surveys_bom.csv")
    fix = tmp_path / "fix.csv"
    fix.write_text("单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,10,9\n", "utf-8")
    main(["load", str(fix), "--db", str(db_path), "--by", "analyst"])
    capsys.readouterr()
    assert main(["withdraw", "2", "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "error: rows of load 2 were since replaced by 1 load (3), to be withdrawn first\n"
    )
    assert main(["withdraw", "3", "--db", str(db_path), "--by", "admin"]) == EXIT_OK
    assert capsys.readouterr().out == ("withdrew load 3: 1 row removed, 1 replaced row restored\n")
    assert main(["history", "--db", str(db_path)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["3", "2", "1"]
    assert "withdrawn" in lines[0] and "by admin" in lines[0] and "fix.csv" in lines[0]
    assert "surveys" in lines[1] and "4 rows" in lines[1]
    # the command line's loads and withdrawals are in the audit log, as the pages' are
    con = connect(db_path)
    entries = con.execute(
        "SELECT username, action, ok, message_key FROM audit_log ORDER BY logged_at, action"
    ).fetchall()
    con.close()
    assert entries == [
        ("cli", "load", True, "load.loaded"),  # units.csv
        ("cli", "load", True, "load.loaded"),  # surveys_bom.csv
        ("analyst", "load", True, "load.loaded"),  # fix.csv
        ("cli", "withdraw", False, "log.withdraw_refused"),  # load 2
        ("admin", "withdraw", True, "log.withdrawn_restored"),  # load 3
    ]


# an indicator system of one line: an indicator, and its target for every group
ONE_LINE_SYSTEM = (
    "指标编码,指标名称,英文名称,领域,方向,权重,计量单位,单位类别,起始季度,目标值\n"
    "inspection_score_rate,检查得分率,Inspection score rate,检查,越高越好,25%,比率,全部,"
    "2025Q3,95%\n"
)


def test_an_indicator_system_file_is_audited_as_a_change_of_the_system(loaded_store, tmp_path):
    """The Indicator-system page lists the audit entries of the system's changes (action
    indicators); a file loaded from the command line or the Upload page was audited as any
    load, so a weight raised by file never showed there."""
    system = tmp_path / "测评体系.csv"
    system.write_text(ONE_LINE_SYSTEM, "utf-8")
    db_path = loaded_store("units.csv")
    assert main(["load", str(system), "--db", str(db_path), "--by", "admin"]) == EXIT_OK
    con = connect(db_path)
    entries = con.execute(
        "SELECT username, action, ok FROM audit_log ORDER BY logged_at"
    ).fetchall()
    con.close()
    assert entries == [("cli", "load", True), ("admin", "indicators", True)]


def test_an_indicator_systems_withdrawal_counts_its_indicators_and_targets(
    loaded_store, tmp_path, capsys
):
    """Trial (session 56): a one-line system file loaded as "1 row of indicators" was
    withdrawn as "2 rows removed": the line wrote an indicator and its target. The weight and
    target it took away are said, as the load said them (trial, session 59)."""
    system = tmp_path / "测评体系.csv"
    system.write_text(ONE_LINE_SYSTEM, "utf-8")
    db_path = loaded_store("units.csv")
    assert main(["load", str(system), "--db", str(db_path)]) == EXIT_OK
    assert "loaded 1 row of indicators as load 2" in capsys.readouterr().out
    assert main(["withdraw", "2", "--db", str(db_path)]) == EXIT_OK
    named = "Inspection score rate (inspection_score_rate)"
    assert capsys.readouterr().out == (
        "withdrew load 2: 2 rows removed (1 of indicators, 1 of targets), 0 replaced rows "
        f"restored; changes: weight of {named} from 2025Q3: 0.25 → —; target of {named} for "
        "全部 from 2025Q3: 0.95 → —\n"
    )


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_history_of_an_empty_database(db_path, capsys):
    """A store that holds nothing (a PostgreSQL catalog a dashboard opened before anyone
    moved the bureau's store in) says how to move one in; one with an account but no load
    what to load first (it said only "no loads yet", leaving a new bureau guessing)."""
    connect(db_path).close()  # made, nothing loaded
    assert main(["history", "--db", str(db_path)]) == EXIT_OK
    assert capsys.readouterr().out == (
        f"no loads yet: the store {db_path} holds nothing. A new bureau loads its unit "
        "registry first, then its indicator system, then each quarter's files: python -m etl "
        "load 单位名录.xlsx 测评体系.csv. To move the bureau's existing store into it (such as "
        "data/civbench.duckdb): python -m etl migrate --from "
        f"data/civbench.duckdb --to '{db_path}'\n"
    )
    assert main(["history", "--db", str(db_path), "--lang", "zh"]) == EXIT_OK
    assert capsys.readouterr().out == (
        f"尚无上传记录：存储 {db_path} 中没有任何数据。新建的存储先装载单位名录，再装载测评体系，"
        "然后是各季度的数据：python -m etl load 单位名录.xlsx 测评体系.csv。"
        "若要迁入本局已有的存储（例如 "
        "data/civbench.duckdb）：python -m etl migrate --from data/civbench.duckdb --to "
        f"'{db_path}'\n"
    )
    with contextlib.closing(connect(db_path)) as con:
        accounts.add_user(con, "root", "admin", "a long password")
    assert main(["history", "--db", str(db_path)]) == EXIT_OK
    assert capsys.readouterr().out == (
        "no loads yet. A new bureau loads its unit registry first, then its indicator system, "
        "then each quarter's files: python -m etl load 单位名录.xlsx 测评体系.csv.\n"
    )
    assert main(["history", "--db", str(db_path), "--lang", "zh"]) == EXIT_OK
    assert capsys.readouterr().out == (
        "尚无上传记录。新建的存储先装载单位名录，再装载测评体系，然后是各季度的数据："
        "python -m etl load 单位名录.xlsx 测评体系.csv。\n"
    )


@pytest.mark.parametrize("url", ["mistyped/civbench.duckdb", "ducklake:sqlite:mistyped/c.sqlite"])
@pytest.mark.parametrize(
    "command", [["history"], ["withdraw", "1"], ["publish", "2025Q3"], ["publications"]]
)
def test_a_mistyped_store_is_refused_and_not_made(tmp_path, monkeypatch, capsys, url, command):
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--db", url]) == EXIT_BUSY
    err = capsys.readouterr().err
    assert "there is no Civbench store at" in err and "mistyped" in err
    assert list(tmp_path.iterdir()) == []  # no folder, file, catalog or lock made


# (--db, the store as a message names it): a SQLite catalog's path is shown made absolute
MISSING_STORES = [
    ("mistyped/civbench.duckdb", "mistyped/civbench.duckdb"),
    ("ducklake:sqlite:mistyped/c.sqlite", "ducklake:sqlite:{here}/mistyped/c.sqlite"),
]
NO_STORE = {
    "en": "error: there is no Civbench store at {store}: check --db (or $CIVBENCH_DB). A store "
    "the bureau has is moved there with python -m etl migrate --from THAT_STORE --to '{store}'; "
    "a new store is made by loading the unit registry (python -m etl load units.csv) or by "
    "python -m etl demo\n",
    "zh": "错误：{store} 处没有 Civbench 存储：请核对 --db（或 $CIVBENCH_DB）。已有的存储用 "
    "python -m etl migrate --from 已有存储 --to '{store}' 迁入；新的存储通过"
    "上传单位名录（python -m etl load units.csv）或运行 python -m etl demo 建立\n",
}
NO_STORE_TO_LOAD = {
    "en": "error: there is no Civbench store at {store}: check --db (or $CIVBENCH_DB); a new "
    "store starts with the unit registry file. Nothing was changed.\n",
    "zh": "错误：在 {store} 处没有 Civbench 存储：请核对 --db（或 $CIVBENCH_DB）；新建存储须先"
    "导入单位名录文件。未做任何更改。\n",
}


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """An empty folder the command runs in, where the missing stores are named: whatever a
    command makes of them shows in it."""
    folder = (tmp_path / "here").resolve()
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize(("url", "shown"), MISSING_STORES, ids=["file", "sqlite"])
def test_a_dry_run_into_a_missing_store_is_refused_and_makes_nothing(here, capsys, url, shown):
    store = shown.format(here=here)
    # not even with the registry, which a real load may start a new store with
    assert main(["load", fixture("units.csv"), "--dry-run", "--db", url]) == EXIT_BUSY
    assert capsys.readouterr() == ("", NO_STORE["en"].format(store=store))
    args = ["load", fixture("surveys_bom.csv"), "--dry-run", "--db", url, "--lang", "zh"]
    assert main(args) == EXIT_BUSY
    assert capsys.readouterr() == ("", NO_STORE["zh"].format(store=store))
    assert list(here.iterdir()) == []  # no folder, file, catalog, data folder or lock made


@pytest.mark.parametrize(("url", "shown"), MISSING_STORES, ids=["file", "sqlite"])
def test_a_load_into_a_missing_store_is_refused_unless_it_starts_with_the_registry(
    here, tmp_path, capsys, url, shown
):
    store = shown.format(here=here)
    # the first file decides: the registry given second does not start the store
    args = ["load", fixture("surveys_bom.csv"), fixture("units.csv"), "--db", url]
    assert main(args) == EXIT_BUSY
    assert capsys.readouterr() == ("", NO_STORE_TO_LOAD["en"].format(store=store))
    # a file whose kind cannot be told is no registry
    broken = tmp_path / "broken.csv"
    broken.write_text('单位编码,单位名称,区县\nH001,"市一院,城关区\nH002,二院,城关区\n', "utf-8")
    assert main(["load", str(broken), "--db", url, "--lang", "zh"]) == EXIT_BUSY
    assert capsys.readouterr() == ("", NO_STORE_TO_LOAD["zh"].format(store=store))
    # nor is the registry file loaded as another kind (--kind wins over what the reader tells)
    assert main(["load", fixture("units.csv"), "--kind", "surveys", "--db", url]) == EXIT_BUSY
    assert capsys.readouterr() == ("", NO_STORE_TO_LOAD["en"].format(store=store))
    # an account is in a store: a new one holds none
    assert main(["load", fixture("units.csv"), "--as-user", "wang", "--db", url]) == EXIT_BUSY
    assert capsys.readouterr() == ("", NO_STORE_TO_LOAD["en"].format(store=store))
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("url", [url for url, _ in MISSING_STORES], ids=["file", "sqlite"])
def test_a_load_starting_with_the_registry_makes_the_missing_store(here, capsys, url):
    args = ["load", fixture("units.csv"), fixture("surveys_bom.csv"), "--db", url]
    assert main(args) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[-1] == "2 files: 2 loaded"
    assert main(["history", "--db", url]) == EXIT_OK
    loads = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert [(load[0], load[4], load[7], load[8]) for load in loads] == [
        ("2", "surveys", "loaded", "surveys_bom.csv"),
        ("1", "units", "loaded", "units.csv"),
    ]
    assert (here / "mistyped").is_dir()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
@pytest.mark.parametrize(
    ("lang", "loaded", "closing"),
    [
        (
            "en",
            "surveys_bom.csv: loaded 4 rows of surveys, 2025Q3, 2 units as load 2; 0 rows replaced",
            "2 files: 1 loaded, 1 rejected",
        ),
        (
            "zh",
            "surveys_bom.csv：已上传 4 行满意度调查数据，季度 2025Q3，2 个单位，批次 2；"
            "替换 0 行已有数据",
            "共 2 个文件：已上传 1 个，被拒绝 1 个",
        ),
    ],
    ids=["en", "zh"],
)
def test_a_good_and_a_bad_file_load_the_good_one_exit_2_and_close_with_the_count(
    loaded_store, tmp_path, capsys, lang, loaded, closing
):
    db_path = loaded_store("units.csv")
    bad = tmp_path / "活动.csv"
    bad.write_text(BAD_ACTIVITIES, encoding="utf-8")
    capsys.readouterr()
    args = ["load", fixture("surveys_bom.csv"), str(bad), "--db", str(db_path), "--lang", lang]
    assert main(args) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out.splitlines() == [loaded]
    # the closing line goes with the rejection, to stderr: where a cron job's mail looks
    assert len(err.splitlines()) == 3 and err.splitlines()[-1] == closing
    assert main(["history", "--db", str(db_path)]) == EXIT_OK
    loads = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert [(load[0], load[7], load[8]) for load in loads] == [
        ("3", "rejected", "活动.csv"),
        ("2", "loaded", "surveys_bom.csv"),
        ("1", "loaded", "units.csv"),
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_a_dry_run_of_several_files_closes_with_the_count_on_stdout(loaded_store, capsys):
    db_path = loaded_store("units.csv")
    capsys.readouterr()
    files = [fixture("units.csv"), fixture("surveys_bom.csv")]
    assert main(["load", *files, "--dry-run", "--db", str(db_path), "--lang", "zh"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines()[-1] == "共 2 个文件：未变 1 个（此前已上传），试运行通过 1 个"


def test_civbench_db_environment_variable(db_path, monkeypatch, capsys):
    monkeypatch.setenv("CIVBENCH_DB", str(db_path))
    assert main(["load", fixture("units.csv")]) == EXIT_OK
    con = connect(db_path)  # the store named by the variable holds the five units
    assert con.execute("SELECT count(*) FROM units").fetchone() == (5,)
    con.close()


def test_demo_refuses_to_overwrite_an_existing_database(loaded_store, capsys):
    db_path = loaded_store("units.csv")
    con = connect(db_path)
    before = contents(con)
    con.close()
    assert len(before["units"]) == 5
    assert main(["demo", "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert "exists already" in capsys.readouterr().err
    con = connect(db_path)
    assert contents(con) == before
    con.close()


def test_contracts_prints_markdown(capsys):
    assert main(["contracts"]) == EXIT_OK
    assert "### surveys (满意度调查) → table `surveys`" in capsys.readouterr().out


@pytest.fixture
def held_database(db_path):
    """Another process holding the database file, as the running dashboard does (a DuckDB
    file: a lake is opened by many processes at once)."""
    connect(db_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', "
            "flush=True); time.sleep(120)",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    yield db_path
    holder.kill()
    holder.wait(timeout=30)


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the lock of a DuckDB file
def test_busy_database_exits_3_with_a_plain_message(held_database, capsys):
    """The store is held by another process; the load runs as ``python -m etl`` (its exit
    code), the other commands in-process through ``main`` (the same refusal, without a
    second interpreter's start-up)."""
    done = cli("load", fixture("units.csv"), "--db", str(held_database))
    said = [(["load"], done.returncode, done.stderr)]
    for args in (["history"], ["withdraw", "1"]):
        code = main([*args, "--db", str(held_database)])
        said.append((args, code, capsys.readouterr().err))
    for args, code, err in said:
        assert code == EXIT_BUSY, (args, err)
        assert "Traceback" not in err
        assert "open in another process" in err
        assert "Nothing was changed" in err
        # every command is told what it can do; the Upload page only loads, and a migration
        # needs the file too (trial, session 60: history and a cron pack were told to
        # "upload the file on the dashboard's Upload page instead")
        assert "Stop the dashboard and run this command again (while it runs, files" in err
        assert "move to the shared store with the dashboard stopped" in err
    assert main(["history", "--lang", "zh", "--db", str(held_database)]) == EXIT_BUSY
    said = capsys.readouterr().err
    assert said.startswith(f"错误：数据库 {held_database} 正被另一个进程使用")
    assert said.rstrip().endswith("未做任何更改。")


def test_bad_input_never_shows_a_traceback(tmp_path):
    garbage = tmp_path / "broken.xlsx"
    garbage.write_bytes(os.urandom(2000))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    # the registry first: a new store is started by it
    files = (fixture("units.csv"), str(garbage), str(empty))
    done = cli("load", *files, "--db", str(tmp_path / "x.duckdb"))
    assert done.returncode == EXIT_BAD_INPUT
    assert "Traceback" not in done.stderr
    assert "broken.xlsx: not a readable Excel workbook" in done.stderr
    assert "empty.csv: the file is empty" in done.stderr
    assert done.stderr.splitlines()[-1] == "3 files: 1 loaded, 2 rejected"


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> tuple[Path, int, str]:
    """``python -m etl demo --units 12 --quarters 2`` (``main``, in this process) into a new
    DuckDB file, once for the module: the file, the exit code and what the command printed.
    The tests read it, or copy it, and never write to it."""
    target = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    said = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(said):
        english(patch)
        code = main(["demo", "--db", str(target), "--units", "12", "--quarters", "2"])
    return target, code, said.getvalue()


def test_demo_builds_a_small_database_through_the_loader(small_demo):
    target, code, out = small_demo
    assert code == EXIT_OK
    # it makes no account, and says how to make the demo's
    last = out.splitlines()[-1]
    assert last.startswith("no sign-in accounts yet: `python -m etl users demo` makes")
    con = connect(target)
    assert con.execute("SELECT count(*) FROM units").fetchone() == (12,)
    assert con.execute("SELECT DISTINCT outcome FROM upload_log").fetchall() == [("loaded",)]
    # 12 units in 8 districts, 3 kinds of file per district and quarter, plus the registry and
    # the indicator system: 8 × 3 × 2 + 2 = 50 uploads, all through load_file
    assert con.execute("SELECT count(*) FROM upload_log").fetchone() == (50,)
    assert con.execute("SELECT count(DISTINCT quarter) FROM surveys").fetchone() == (2,)
    assert con.execute("SELECT count(*) FROM users").fetchone() == (0,)
    con.close()


def test_demo_is_deterministic_for_a_seed(tmp_path):
    tables = ("units", "inspections", "surveys", "activities", "targets")
    built = []
    for name in ("a", "b", "c"):
        seed = "7" if name != "c" else "8"
        target = tmp_path / f"{name}.duckdb"
        main(["demo", "--db", str(target), "--units", "6", "--quarters", "1", "--seed", seed])
        con = connect(target)
        built.append({t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables})
        con.close()
    assert built[0] == built[1]
    assert built[0]["inspections"] != built[2]["inspections"]


def test_a_path_that_is_not_a_database_exits_3_with_a_plain_message(tmp_path, capsys):
    not_a_database = tmp_path / "notes.duckdb"
    not_a_database.write_text("shopping list: " * 200, encoding="utf-8")
    assert main(["history", "--db", str(not_a_database)]) == EXIT_BUSY
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "cannot be opened" in err and "Check the path" in err


def test_a_database_file_this_user_may_not_make_is_said_in_the_users_language(tmp_path):
    """A DuckDB store in a folder the user may not write was refused with DuckDB's 'IO Error:
    Cannot open file …: Permission denied', in English amid the Chinese."""
    folder = tmp_path / "closed"
    folder.mkdir()
    kept_from([folder], 0o555)
    store = folder / "civbench.duckdb"
    done = as_another_user(
        "etl", "load", fixture("units.csv"), "--db", str(store), "--lang", "zh", env={}
    )
    assert done.returncode == EXIT_BUSY
    assert done.stderr == (
        f"错误：无法打开数据库 {store}（本用户无权创建或打开该文件："
        "文件或其所在文件夹的权限不允许）：请核对路径（--db 或 CIVBENCH_DB）；未做任何更改。\n"
    )
    assert not store.exists()


def test_a_catalog_that_is_not_a_sqlite_database_is_said_so(tmp_path, capsys):
    """--db ducklake:sqlite:notes.duckdb (a DuckDB file, a workbook given as the catalog) was
    told SQLite's 'file is not a database', a folder 'unable to open database file', in
    English amid the Chinese, and to check that a catalog server runs, which a SQLite catalog
    has none of."""
    notes = tmp_path / "notes.duckdb"
    notes.write_text("shopping list: " * 200, encoding="utf-8")
    assert main(["history", "--db", f"ducklake:sqlite:{notes}", "--lang", "zh"]) == EXIT_BUSY
    assert capsys.readouterr().err == (
        f"错误：无法打开存储 ducklake:sqlite:{notes}（{notes} 不是 SQLite 数据库文件"
        "（共享存储的目录）：可能是别的文件（如 DuckDB 数据库或工作簿），或已损坏）：请核对存储"
        "（CIVBENCH_DB 或 --db）；未做任何更改。\n"
    )
    assert notes.read_text(encoding="utf-8") == "shopping list: " * 200
    assert main(["history", "--db", f"ducklake:sqlite:{tmp_path}", "--lang", "en"]) == EXIT_BUSY
    assert capsys.readouterr().err == (
        f"error: The store ducklake:sqlite:{tmp_path} cannot be opened: it is a folder, not a "
        "database file. Check the store (CIVBENCH_DB or --db); nothing was changed.\n"
    )


def test_users_help_is_the_accounts_help(capsys):
    from etl.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["users", "--help"])
    assert exited.value.code == 0
    assert "set-password" in capsys.readouterr().out


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_quarter_option_states_the_quarter_of_a_file_without_one(loaded_store, tmp_path, capsys):
    db_path = loaded_store("units.csv")
    form = tmp_path / "满意度.csv"
    form.write_text("单位编码,调查类型,样本量,满意人数\nH001,门诊,40,38\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["load", str(form), "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert "--quarter 2025Q3" in capsys.readouterr().err
    code = main(["load", str(form), "--quarter", "2025年三季度", "--db", str(db_path)])
    out, err = capsys.readouterr()
    assert code == EXIT_OK and err == ""
    assert out.strip() == (
        "满意度.csv: loaded 1 row of surveys, 2025Q3 (quarter as stated when loading), "
        "1 unit as load 3; 0 rows replaced"
    )


def quarterless_forms(folder: Path, *names: str) -> list[str]:
    """Survey forms without a quarter column, H001's outpatients each (40 asked, 38, 37…
    satisfied, one fewer per form), named ``names``."""
    paths = []
    for i, name in enumerate(names):
        path = folder / name
        path.write_text(f"单位编码,调查类型,样本量,满意人数\nH001,门诊,40,{38 - i}\n", "utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the command, not the store
def test_quarter_may_be_given_once_per_file_in_the_files_order(loaded_store, tmp_path, capsys):
    """Two quarters' forms without a quarter column in one command: each file its quarter."""
    db_path = loaded_store("units.csv")
    first, second = quarterless_forms(tmp_path, "二季度.csv", "三季度.csv")
    args = ["load", first, second, "--quarter", "2025Q2", "--quarter", "2025年第3季度"]
    assert main([*args, "--db", str(db_path)]) == EXIT_OK
    con = connect(str(db_path))
    loaded = con.execute("SELECT quarter, satisfied FROM surveys ORDER BY quarter").fetchall()
    con.close()
    assert loaded == [("2025Q2", 38), ("2025Q3", 37)]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the command, not the store
def test_quarters_not_one_per_file_are_refused_before_anything_loads(
    loaded_store, tmp_path, capsys
):
    db_path = loaded_store("units.csv")
    capsys.readouterr()
    forms = quarterless_forms(tmp_path, "a.csv", "b.csv")
    three = ["--quarter", "2025Q1", "--quarter", "2025Q2", "--quarter", "2025Q3"]
    assert main(["load", *forms, *three, "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "error: --quarter is given 3 times for 2 files: give it once (every file's quarter) or "
        "once per file, in the order of the files (a.csv b.csv --quarter 2025Q2 --quarter "
        "2025Q3); nothing was loaded\n"
    )
    assert main(["load", *forms, *three, "--db", str(db_path), "--lang", "zh"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "错误：--quarter 给了 3 次，而文件有 2 个：请只给一次（所有文件同一季度），或每个文件"
        "给一次，按文件的顺序（如 a.csv b.csv --quarter 2025Q2 --quarter 2025Q3）；未上传任何文件\n"
    )
    con = connect(str(db_path))
    assert con.execute("SELECT count(*) FROM upload_log").fetchone() == (1,)  # the registry's
    con.close()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the command, not the store
def test_one_quarter_for_files_named_after_another_is_refused(loaded_store, tmp_path, capsys):
    """Trial: 满意度_2025Q2.csv and 满意度_2025Q3.csv given one --quarter 2025Q3 loaded the
    second quarter's rows into the third. One quarter for several files stays as it was
    where no file's name says another (nor a date: 2025-10-08送达 names no quarter)."""
    db_path = loaded_store("units.csv")
    capsys.readouterr()
    forms = quarterless_forms(tmp_path, "满意度_2025Q2.csv", "满意度_2025年三季度.csv")
    assert main(["load", *forms, "--quarter", "2025Q3", "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "error: --quarter 2025Q3 would be every file's quarter, but these files are named after "
        "another quarter: 满意度_2025Q2.csv (2025Q2); give each file its own quarter, repeating "
        "--quarter in the order of the files (--quarter 2025Q2 --quarter 2025Q3), or load them "
        "apart; nothing was loaded\n"
    )
    args = ["load", *forms, "--quarter", "2025年第三季度", "--lang", "zh"]
    assert main([*args, "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "错误：--quarter 2025年第三季度 会用于全部文件，但这些文件的文件名写的是另一个季度："
        "满意度_2025Q2.csv（2025Q2）；请按文件的顺序为每个文件各给一个季度（重复 --quarter，"
        "如 --quarter 2025Q2 --quarter 2025Q3），或分开上传；未上传任何文件\n"
    )
    con = connect(str(db_path))
    assert con.execute("SELECT count(*) FROM surveys").fetchone() == (0,)
    con.close()
    plain = quarterless_forms(tmp_path, "城关区.csv", "2025-10-08送达.csv")
    plain_args = ["load", *plain, "--quarter", "2025Q3", "--db", str(db_path), "--dry-run"]
    assert main(plain_args) == EXIT_BAD_INPUT  # both H001 2025Q3: the later refused as overlap
    said = capsys.readouterr()
    assert said.out.startswith(
        "城关区.csv: dry run OK: would load 1 row of surveys, 2025Q3 (quarter as"
    )
    assert "2025-10-08送达.csv: rejected" in said.err


def test_a_reader_that_stops_early_ends_the_command_without_a_traceback(tmp_path):
    script = tmp_path / "long.py"
    script.write_text(
        "from etl.entry import run_command\n\n"
        "def main():\n"
        "    for i in range(100_000):\n"
        "        print('一行输出', i)\n"
        "    return 0\n\n"
        "run_command(main)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        f"{sys.executable} {script} | head -n 2",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.stdout.splitlines() == ["一行输出 0", "一行输出 1"]
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_history_in_chinese_names_the_kind_in_chinese(db_path, capsys):
    main(["load", fixture("units.csv"), "--db", str(db_path), "--by", "王芳"])
    capsys.readouterr()
    assert main(["history", "--db", str(db_path), "--lang", "zh"]) == EXIT_OK
    [line] = capsys.readouterr().out.splitlines()
    assert line.split()[3:5] == ["王芳", "单位名录"]  # id, date, time, by, kind
    assert main(["history", "--db", str(db_path), "--lang", "en"]) == EXIT_OK
    assert capsys.readouterr().out.split()[4] == "units"
    # a load without --by is the command line's, as the Upload page says it (not "cli")
    main(["load", fixture("surveys_bom.csv"), "--db", str(db_path)])
    capsys.readouterr()
    assert main(["history", "--db", str(db_path), "--lang", "zh"]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[0].split()[3:5] == ["命令行", "满意度调查"]


def test_history_keeps_its_columns_in_line_under_a_long_chinese_name(db_path, capsys):
    """A loader's name wider than its column (10) pushed that line's kind, rows and file to
    the right of every other line's (trial P)."""
    long_name = "城关区卫生健康局统计科张三"  # 13 wide characters: 26 columns of a terminal
    main(["load", fixture("units.csv"), "--db", str(db_path), "--by", long_name])
    main(["load", fixture("surveys_bom.csv"), "--db", str(db_path), "--by", "王芳"])
    capsys.readouterr()
    assert main(["history", "--db", str(db_path), "--lang", "zh"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()

    def column_of(line: str, word: str) -> int:  # where word starts, in terminal columns
        before = line[: line.index(word)]
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)

    [surveys] = [x for x in lines if "满意度调查" in x]
    [units] = [x for x in lines if "单位名录" in x]
    assert column_of(surveys, "满意度调查") == column_of(units, "单位名录")
    # id (5), two blanks, date and time (16), two blanks, the widest name (26), one blank
    assert column_of(units, "单位名录") == 5 + 2 + 16 + 2 + 26 + 1
    assert column_of(surveys, "surveys_bom.csv") == column_of(units, "units.csv")


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_load_takes_the_day_the_files_were_received(loaded_store, tmp_path, capsys):
    db_path = loaded_store("units.csv")
    survey = tmp_path / "q3.csv"
    survey.write_text("单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,10,9\n", "utf-8")
    args = ["load", str(survey), "--db", str(db_path)]
    assert main([*args, "--received", "10月8日"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "error: '10月8日' is not a date: give the day the files arrived, such as 2025-10-08\n"
    )
    assert main([*args, "--received", "2025年10月8日"]) == EXIT_OK
    capsys.readouterr()
    assert main(["history", "--db", str(db_path)]) == EXIT_OK
    newest = capsys.readouterr().out.splitlines()[0]
    assert newest.startswith("    2 ") and newest.endswith("q3.csv  2025Q3 (received 2025-10-08)")


def test_padded_counts_a_chinese_character_as_two_columns():
    from etl.widths import padded

    assert padded("王芳", 10) == "王芳      "  # 4 columns + 6 spaces
    assert padded("cli", 10) == "cli       "
    assert padded("单位名录单位名录", 10) == "单位名录单位名录"  # wider than the column: as it is


def test_migrate_speaks_chinese_under_a_chinese_locale(tmp_path, monkeypatch, capsys, store_copies):
    # a DuckDB file into which `etl load units.csv surveys_bom.csv` loaded 5 + 4 rows
    source, _ = loaded_copy(store_copies, "file", tmp_path / "old", "units.csv", "surveys_bom.csv")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    target = f"ducklake:sqlite:{tmp_path}/new.sqlite"
    assert main(["migrate", "--from", source, "--to", target]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["units：5 行", "inspections：0 行", "surveys：4 行"]
    assert out[-1] == (
        f"已复制 18 个表共 13 行，各表行数已核对。使用新存储请设置 CIVBENCH_DB='{target}'"
        "（或用 --db）；旧存储未改动。"
    )
    assert main(["migrate", "--from", source, "--to", target]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        f"错误：目标存储 {target} 中已有数据（表 units）：迁移只写入新的空存储。请迁移到新的存储"
        "（PostgreSQL 目录：新建一个数据库，sudo -u postgres createdb --owner 用户 库名，并用一个"
        "专属的数据文件夹），或直接使用已有的这个存储。未做任何更改。\n"
    )
    missing = str(tmp_path / "none.duckdb")
    assert main(["migrate", "--from", missing, "--to", target]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == f"错误：{missing} 处没有可迁移的存储：请核对 --from\n"
    assert main(["migrate", "--from", source, "--to", target, "--lang", "en"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        f"error: the target {target} holds data already (table units): a migration only fills a "
        "new, empty store. Migrate into a new one (for a PostgreSQL catalog a new database, sudo "
        "-u postgres createdb --owner USER NAME, with a data folder of its own), or use the "
        "store that is there as it is. Nothing was changed.\n"
    )


def test_a_missing_store_is_refused_in_the_locales_language(tmp_path, monkeypatch, capsys):
    missing = str(tmp_path / "mistyped.duckdb")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["history", "--db", missing]) == EXIT_BUSY
    assert capsys.readouterr().err == NO_STORE["zh"].format(store=missing)
    assert main(["history", "--db", missing, "--lang", "en"]) == EXIT_BUSY
    assert capsys.readouterr().err == NO_STORE["en"].format(store=missing)
    assert main(["history", "--db", "ducklake:sqlite3:x.db"]) == EXIT_BUSY
    assert capsys.readouterr().err == (
        "错误：Civbench 不认识存储 'ducklake:sqlite3:x.db'。请写 DuckDB 文件路径、"
        "ducklake:sqlite:路径 或 ducklake:postgres:dbname=… host=… user=…\n"
    )


def test_every_command_takes_lang():
    from etl.cli import build_parser

    [commands] = [a for a in build_parser()._actions if a.dest == "command"]
    without = {
        name
        for name, parser in commands.choices.items()
        if "--lang" not in parser._option_string_actions
    }
    assert without == {"contracts", "users"}  # Markdown of the contracts; accounts' own CLI


@pytest.mark.parametrize(
    ("module", "commands"),
    [("etl.cli", 11), ("accounts.cli", 12), ("charts.cli", 1), ("queries.cli", 2)],
)
def test_every_option_of_every_command_says_what_it_is(module, commands):
    """`python -m etl demo --help` listed --units, --quarters and --seed with no word (nor
    history's --limit, `users add`'s name and role, the pack's --lang …), and the top helps
    began with their docstrings' ``python -m etl`` markup."""
    import argparse
    import importlib

    parser = importlib.import_module(module).build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(sub.choices) == commands
    silent = [
        f"{name} {action.dest}"
        for name, command in sub.choices.items()
        for action in command._actions
        if not action.help
    ]
    assert silent == []
    assert "``" not in parser.format_help()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_the_commands_refusals_follow_a_chinese_locale(loaded_store, monkeypatch, capsys):
    db_path = loaded_store("units.csv")
    capsys.readouterr()
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["load", "/nonexistent/x.csv", "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == "错误：/nonexistent/x.csv：文件不存在\n"
    args = ["load", fixture("units.csv"), "--received", "10月8日", "--db", str(db_path)]
    assert main(args) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "错误：“10月8日”不是日期：请写文件送达的日期，如 2025-10-08 或 2025年10月8日\n"
    )
    assert main(["received", "1", "昨天", "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "错误：“昨天”不是日期：请写文件送达的日期，如 2025-10-08 或 2025年10月8日\n"
    )
    assert main(["publications", "--quarter", "三季度", "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == "错误：“三季度”不是季度：请写成 2025Q3 或 2025年第3季度\n"
    assert main(["demo", "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        f"错误：{db_path} 已存在；演示数据库只在尚无存储的位置建立。若只要演示的文件作样例，"
        "请建在别处，例如 python -m etl demo --db /tmp/civbench_demo.duckdb --files 文件夹\n"
    )
    assert main(["demo", "--db", str(db_path), "--lang", "en"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        f"error: {db_path} exists already; the demo is only built where no store is. For the "
        "demo's files alone (models for the bureau's own), build it elsewhere, e.g. python -m "
        "etl demo --db /tmp/civbench_demo.duckdb --files FOLDER\n"
    )


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_history_says_a_kind_that_could_not_be_told_in_words(loaded_store, tmp_path, capsys):
    db_path = loaded_store("units.csv")
    broken = tmp_path / "broken.csv"
    broken.write_text('单位编码,单位名称,区县\nH001,"市一院,城关区\nH002,二院,城关区\n', "utf-8")
    assert main(["load", str(broken), "--db", str(db_path)]) == EXIT_BAD_INPUT
    capsys.readouterr()
    assert main(["history", "--db", str(db_path), "--lang", "zh"]) == EXIT_OK
    newest = capsys.readouterr().out.splitlines()[0]
    assert newest.split()[3:] == ["命令行", "未能识别", "0", "行", "已拒绝", "broken.csv"]
    assert main(["history", "--db", str(db_path), "--lang", "en"]) == EXIT_OK
    newest = capsys.readouterr().out.splitlines()[0]
    assert newest.split()[3:] == ["cli", "unknown", "0", "rows", "rejected", "broken.csv"]


def test_a_catalog_that_cannot_be_opened_is_said_plainly(tmp_path, capsys):
    """A SQLite catalog path that is no database (here a folder) ended every command in a
    sqlite3 traceback; now the store is named, with what to check, and the exit is 3."""
    catalog = tmp_path / "civ.sqlite"
    catalog.mkdir()
    assert main(["history", "--db", f"ducklake:sqlite:{catalog}"]) == EXIT_BUSY
    err = capsys.readouterr().err
    assert f"The store ducklake:sqlite:{catalog} cannot be opened" in err
    assert "Traceback" not in err


@contextlib.contextmanager
def made_read_only_later(folder: Path):
    """``folder``, made for the block, and a function that makes it read-only: as root (who
    writes through any file mode) a tmpfs remounted read-only, for anyone else its folders'
    modes. Undone after, the mount lazily if a process still holds a file there (a mount left
    behind outlives the run, and every later pytest warns that it cannot remove it)."""
    folder.mkdir()
    root = os.geteuid() == 0
    if root:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", folder], check=True)

    def folders_to(mode: int) -> None:
        for found in [folder, *folder.rglob("*")]:
            if found.is_dir():
                found.chmod(mode)

    def read_only() -> None:
        if root:
            subprocess.run(["mount", "-o", "remount,ro", folder], check=True)
        else:
            folders_to(0o555)

    try:
        yield read_only
    finally:
        if root:
            if subprocess.run(["umount", folder]).returncode != 0:
                subprocess.run(["umount", "-l", folder], check=True)
        else:
            folders_to(0o755)


@pytest.fixture
def read_only_store(tmp_path):
    """A lake holding the unit registry, in a folder then made read-only."""
    folder = tmp_path / "ro"
    with made_read_only_later(folder) as read_only:
        url = f"ducklake:sqlite:{folder}/civ.sqlite"
        assert main(["load", fixture("units.csv"), "--db", url]) == EXIT_OK
        read_only()
        yield folder, url


def test_a_store_in_a_read_only_folder_says_the_folder_must_be_writable(read_only_store, capsys):
    """A store on a read-only mount or share: SQLite cannot keep the journal it needs even
    to read, and history, queries and packs ended in a traceback."""
    folder, url = read_only_store
    capsys.readouterr()
    assert main(["history", "--db", url, "--lang", "zh"]) == EXIT_BUSY
    err = capsys.readouterr().err
    assert f"其所在目录 {folder} 为只读" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("kind", ["ducklake:sqlite:", ""])
def test_a_store_that_cannot_be_made_there_is_said_plainly(tmp_path, capsys, kind):
    """A new store under a path that is a file (a read-only mount fails the same way): a
    NotADirectoryError traceback before; now the store, the reason and the fix."""
    (tmp_path / "afile").write_text("not a folder")
    target = f"{tmp_path}/afile/civ.sqlite"
    assert main(["load", fixture("units.csv"), "--db", kind + target]) == EXIT_BUSY
    err = capsys.readouterr().err
    assert f"The store {kind}{target} cannot be made (" in err
    assert f"{tmp_path}/afile" in err.split("cannot be made (")[1]  # the path that failed
    assert "choose a folder that can be written" in err
    assert "Traceback" not in err


@pytest.fixture
def lake_with_units(tmp_path, store_copies):
    """A DuckLake-SQLite store the unit registry was loaded into (``loaded_copy``): its URL
    and its data folder."""
    url, _ = loaded_copy(store_copies, "sqlite", tmp_path / "lake", "units.csv")
    return url, Path(parse_store(url).data_path)


def test_a_lake_whose_data_folder_is_missing_is_said_plainly(lake_with_units, capsys):
    """A share not mounted, a folder moved: an IOException traceback naming a Parquet file,
    and a load made the folder tree anew. Now the folder is named, nothing is made."""
    url, files = lake_with_units
    files.rename(files.with_name("moved_away"))
    capsys.readouterr()
    said = [(main(["history", "--db", url]), capsys.readouterr().err)]
    said.append((main(["load", fixture("surveys_bom.csv"), "--db", url]), capsys.readouterr().err))
    for code, err in said:
        assert code == EXIT_BUSY, err
        assert f"has no data folder at {files} (a share not mounted" in err
        assert "Traceback" not in err
    assert not files.exists()


def test_a_store_that_stops_answering_mid_command_is_said_plainly(tmp_path, small_demo):
    """One of the lake's Parquet files gone (deleted by hand, a share half synced): the
    command that reads it says the store stopped answering and nothing changed, in the
    language asked for, and exits 3. The lake is the module's demo migrated, as ``etl demo``
    makes a lake (etl/demo.py: built in a DuckDB file, then migrated)."""
    url = f"ducklake:sqlite:{tmp_path}/civ.sqlite"
    demo, _, _ = small_demo
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["migrate", "--from", str(demo), "--to", url]) == EXIT_OK
    (parquet,) = (tmp_path / "civ_files" / "main" / "upload_log").glob("*.parquet")
    parquet.unlink()
    done = cli("history", "--db", url, "--lang", "zh")
    assert done.returncode == EXIT_BUSY, done.stderr
    assert "存储在执行中途停止响应（数据文件 " in done.stderr, done.stderr
    assert f"{parquet} 不在（共享数据文件夹可能未挂载））" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "IO Error" not in done.stderr


def test_a_catalog_server_that_is_down_is_said_plainly(
    tmp_path, monkeypatch, postgres, store_copies
):
    """The PostgreSQL catalog server stopped (a restart, a crash): every command said
    'cannot be opened: IO Error: Unable to connect to Postgres at "…": connection to server at
    …' with libpq's hint on a line of its own and a lone '.' on the next. Now one line: the
    catalog server does not answer, what to check, and exit 3. The store holds the registry
    (``loaded_copy``); its server is the test run's (tests/conftest.py), stopped at once for
    the command and started again after it."""
    url, env = loaded_copy(store_copies, "postgres", tmp_path / "store", "units.csv")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    postgres.pause()
    try:
        done = cli("history", "--db", url, env={**env, "LANG": "C.UTF-8"})
    finally:
        postgres.resume()
    assert done.returncode == EXIT_BUSY, done.stderr
    assert done.stderr == (
        f"error: The store {url} cannot be opened: its catalog server does not answer. "
        "Check the store (CIVBENCH_DB or --db) and that its catalog server is running; "
        "nothing was changed.\n"
    )


def test_a_catalog_database_the_server_lacks_is_named(tmp_path, postgres):
    """A trial: dbname mistyped (civbenchx) was told "its catalog server does not answer",
    while it ran; the database is named, and what to check."""
    url = f"ducklake:postgres:{postgres.conninfo('civbench_mistyped')}"
    env = {"LANG": "C.UTF-8", "CIVBENCH_DATA_PATH": str(tmp_path / "files")}
    done = cli("history", "--db", url, env=env)
    assert done.returncode == EXIT_BUSY, done.stderr
    assert done.stderr == (
        f"error: The store {url} cannot be opened: its catalog server has no database "
        "'civbench_mistyped' (is dbname mistyped? the catalog database is made first: README, "
        '"Storage"). Check the store (CIVBENCH_DB or --db) and that its catalog server is '
        "running; nothing was changed.\n"
    )


def test_a_connection_option_postgresql_does_not_know_is_named(
    tmp_path, monkeypatch, postgres, store_copies
):
    """A new user's trial: a mistyped key (bogus=1) was told "its catalog server does not
    answer", while it ran; the key is named, and the option to check."""
    url, env = loaded_copy(store_copies, "postgres", tmp_path / "store", "units.csv")
    done = cli("history", "--db", f"{url} Host=x", env={**env, "LANG": "C.UTF-8"})
    assert done.returncode == EXIT_BUSY, done.stderr
    assert done.stderr == (
        f"error: The store {url} Host=x cannot be opened: its connection string has an option "
        "PostgreSQL does not know, 'Host' (dbname, host, port, user and the others are written "
        "in lower case). Check the store (CIVBENCH_DB or --db) and that its catalog server is "
        "running; nothing was changed.\n"
    )


def test_ctrl_c_after_a_load_committed_says_it_is_in_and_records_it(tmp_path):
    """A new user's trial: Ctrl-C at the very end of a load (its write committed, its audit
    entry not yet written) said the write under way was undone, while the load was in the
    upload log and the data; the audit log missed it. Here the signal comes just after the
    commit, from the merge a load makes after it (``etl.load.merge_when_many``), the next
    step the command takes."""
    url = f"ducklake:sqlite:{tmp_path}/civ.sqlite"
    script = tmp_path / "interrupted.py"
    script.write_text(
        "import os, signal, sys, time\n"
        "import etl.load\n"
        "from etl.cli import main\n"
        "from etl.entry import run_command\n\n"
        "def pressed(con):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    time.sleep(5)\n\n"
        "etl.load.merge_when_many = pressed\n"
        f"files = [{fixture('units.csv')!r}, {fixture('surveys_bom.csv')!r}]\n"
        f"run_command(lambda: main(['load', *files, '--db', {url!r}, '--by', '王芳']))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script), "--lang", "en"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert done.returncode == 130, done.stderr
    assert done.stdout == "units.csv: loaded 5 rows of units, 5 units as load 1; 0 rows replaced\n"
    assert done.stderr == (
        "error: interrupted: the file above was loaded (load 1) and was being recorded; the "
        "command's later files were not loaded.\n"
    )
    con = connect(url)
    assert con.execute("SELECT load_id, file_name FROM upload_log").fetchall() == [(1, "units.csv")]
    assert con.execute("SELECT count(*) FROM units").fetchone() == (5,)
    entries = audit_entries(con)
    assert entries.select("username", "action", "ok").rows() == [("王芳", "load", True)]
    assert entries.get_column("detail")[0].startswith("units.csv: loaded 5 rows of units")
    con.close()


def test_ctrl_c_during_a_commit_waits_for_it_to_end():
    """The commit and its record in ``COMMITTED`` are one as Ctrl-C sees them: a press during
    the block is raised at its end, once the block has run whole."""
    ran = []
    with pytest.raises(KeyboardInterrupt), interrupts_held():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.1)  # the handler has run by now
        ran.append("after the press")
    assert ran == ["after the press"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("where", ["query", "python"])
def test_ctrl_c_ends_a_command_with_a_line_and_nothing_half_written(tmp_path, where):
    """Ctrl-C in a write printed a traceback (DuckDB turns it into RuntimeError: Query
    interrupted) and exit 1; now one line in the command's language and exit 130, and the
    write under way is rolled back."""
    url = f"ducklake:sqlite:{tmp_path}/civ.sqlite"
    con = connect(url)
    con.execute("CREATE TABLE counter (n BIGINT)")
    con.close()
    busy = (
        "cur.execute('INSERT INTO counter SELECT count(*) FROM range(100000000000) t(i) "
        "WHERE i % 7 = 3')"
        if where == "query"
        else "cur.execute('INSERT INTO counter VALUES (1)') and time.sleep(120)"
    )
    script = tmp_path / "long.py"
    script.write_text(
        "import sys, time\n"
        "from etl.db import connect, write\n"
        "from etl.entry import run_command\n\n"
        "def work(cur):\n"
        "    print('started', flush=True)\n"
        f"    {busy}\n\n"
        "def main():\n"
        f"    write(connect({url!r}), work)\n"
        "    return 0\n\n"
        "run_command(main)\n",
        encoding="utf-8",
    )
    child = subprocess.Popen(
        [sys.executable, str(script), "--lang", "zh"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as at a terminal: a shell's background job (a CI runner's) starts with SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert child.stdout.readline().strip() == "started"
    time.sleep(0.5)
    # pressed again if need be, as at a terminal: a signal that lands just as DuckDB starts
    # the query can go unseen by it (rarely, on a loaded machine). Once seen, the command ends
    # within a second or two; the rollback waited for the query's threads to finish it (for
    # ever, here) until the write told them to stop (etl.db.write: cur.interrupt)
    for _ in range(4):
        child.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=15)
            break
    assert child.wait(timeout=60) == 130
    err = child.stderr.read()
    assert err.strip() == (
        "错误：已中断：正在进行的操作已整体撤销（写入存储的已回滚，未写完的文件已删除），"
        "此前已完成的不受影响。"
    )
    con = connect(url)
    assert con.execute("SELECT count(*) FROM counter").fetchone()[0] == 0
    con.close()


def test_a_load_into_a_read_only_data_folder_says_the_folder_must_be_writable(
    tmp_path, monkeypatch, capsys
):
    """A shared data folder mounted read-only (or one the user may not write) under a catalog
    that is writable (a PostgreSQL server's, or a SQLite catalog kept elsewhere): the load
    was undone, but it said 'the store stopped answering part way … check that the shared
    data folder is mounted and whole and that the catalog server runs', all of which they
    are. Now it says the folder refused the file and to mount it writable; exit 3."""
    files = tmp_path / "share"
    with made_read_only_later(files) as read_only:
        env = {"CIVBENCH_DATA_PATH": str(files), "LANG": "C.UTF-8"}
        monkeypatch.setenv("CIVBENCH_DATA_PATH", str(files))  # LANG: english_locale
        url = f"ducklake:sqlite:{tmp_path}/civ.sqlite"
        assert main(["load", fixture("units.csv"), "--db", url]) == EXIT_OK
        read_only()
        done = cli("load", fixture("surveys_bom.csv"), "--db", url, env=env)  # python -m etl
        assert done.returncode == EXIT_BUSY, done.stderr
        assert done.stderr.startswith("error: The store's data folder refused a file (")
        assert done.stderr.endswith(
            "): a write was undone as a whole, so nothing changed. Mount the shared data folder "
            "writable (a read-only mount takes no loads) and let the user running this command "
            "read and write there, then try again.\n"
        )
        assert "Traceback" not in done.stderr
        capsys.readouterr()
        assert main(["history", "--db", url]) == EXIT_OK
        assert "surveys_bom.csv" not in capsys.readouterr().out


def as_another_user(module: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``python -m module *args``, refused by file modes as a user other than root is
    (``kept_from``): as root, run without the capabilities that let root through any mode."""
    unprivileged = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    return subprocess.run(
        [*(unprivileged if os.geteuid() == 0 else []), sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def kept_from(folders: list[Path], mode: int) -> None:
    """``folders`` given ``mode`` for ``as_another_user``: as root also given to another owner
    (nobody), so that the mode's "others" bits are the ones that apply."""
    assert folders
    for folder in folders:
        if os.geteuid() == 0:
            os.chown(folder, 65534, 65534)
        folder.chmod(mode)


def registry_of(path: Path, staff: int) -> str:
    """A registry of 30 units: enough rows for a Parquet file (fewer stay in the catalog)."""
    rows = [f"T{i:03d},测试镇{i}号卫生院,永登县,乡镇卫生院,{staff}," for i in range(1, 31)]
    path.write_text(
        "unit_code,unit_name,district,peer_group,staff_count,parent_code\n" + "\n".join(rows) + "\n"
    )
    return str(path)


def test_a_data_folder_this_user_may_not_read_is_said_apart_from_one_it_may_not_write(
    tmp_path, monkeypatch
):
    """A replica (or an analyst) whose user may not read the shared data folder: a folder
    above it closed to that user said the store 'cannot be made … choose a folder that can be
    written', a data file it may not read that 'the data folder refused a file … a write was
    undone', though nothing was being written. Now each says the user may not read, which
    folder or file, and what to check; a folder it may read but not write still says that a
    write was refused."""
    share = tmp_path / "share"
    files = share / "lake"
    env = {"CIVBENCH_DATA_PATH": str(files), "LANG": "C.UTF-8"}
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(files))
    url = f"ducklake:sqlite:{tmp_path}/civ.sqlite"
    assert main(["load", registry_of(tmp_path / "units.csv", 40), "--db", url]) == EXIT_OK
    user = pwd.getpwuid(os.geteuid()).pw_name
    kept_from([share], 0o700)  # a share mounted for another user
    closed = as_another_user("etl", "history", "--db", url, env=env)
    assert closed.returncode == EXIT_BUSY, closed.stderr
    assert closed.stderr == (
        f"error: The data folder {files} of the store {url} cannot be read by this process's "
        f"user {user} (the permissions of that folder or of one above it, or a share mounted "
        "for another user): let the users who run the dashboard and the commands read it (and "
        "write it, to load) by checking its owner, group and mode, or the share's uid and gid "
        "mount options, then try again; nothing was changed.\n"
    )
    share.chmod(0o755)
    kept_from([files / "main"], 0o700)  # files a load wrote under another user's umask
    unreadable = as_another_user("queries", "run", "units", "--db", url, env=env)
    assert unreadable.returncode == EXIT_BUSY, unreadable.stderr
    said = re.fullmatch(
        rf"error: The store cannot be read: the user {user} may not read the data file "
        rf"{re.escape(str(files))}/main/units/\S+\.parquet\. Let every user who runs the "
        r"dashboard or a command read the data folder and the files in it \(their owner, "
        r"group and mode, the umask loads run with, or the share's uid, gid and file_mode "
        r"mount options\), then try again; a write is undone as a whole, so nothing was "
        r"changed\.\n",
        unreadable.stderr,
    )
    assert said, unreadable.stderr
    kept_from([found for found in files.rglob("*") if found.is_dir()], 0o555)  # read, not write
    again = registry_of(tmp_path / "units_again.csv", 41)  # a correction: a new Parquet file
    refused = as_another_user("etl", "load", again, "--db", url, env=env)
    assert refused.returncode == EXIT_BUSY, refused.stderr
    assert refused.stderr.startswith("error: The store's data folder refused a file ("), refused
    assert "a write was undone as a whole" in refused.stderr


def test_a_load_that_finds_no_room_says_so_and_leaves_no_file_behind(tmp_path, lake_with_units):
    """A disk filling up mid-load (here: a file-size limit the load reaches, as a quota or a
    full disk stops it) ended in a traceback, and the rolled-back load's Parquet file stayed,
    known to no snapshot, keeping the disk full. Now: a plain message, exit 3, the file gone,
    and the next load lands."""
    url, files = lake_with_units
    rows = 60_000  # about 300 kB of Parquet: over the limit below, whatever else is written
    big = tmp_path / "big.csv"
    big.write_text(
        "单位编码,检查日期,检查类型,检查项目,得分,满分\n"
        + "".join(f"H00{1 + i % 2},2025-07-05,暗访,项目{i},{i % 11},10\n" for i in range(rows)),
        encoding="utf-8",
    )

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    done = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(big), "--db", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=small_files,
    )
    assert done.returncode == EXIT_BUSY, done.stderr
    assert done.stderr.startswith("error: The store's data folder has no room for the write (")
    assert "Traceback" not in done.stderr
    assert list(files.rglob("*.parquet")) == []
    con = connect(url)
    assert con.execute("SELECT count(*) FROM inspections").fetchone()[0] == 0
    con.close()
    assert main(["load", fixture("surveys_bom.csv"), "--db", url]) == EXIT_OK


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_a_large_file_is_announced_before_its_load_seconds(db_path, tmp_path, capsys):
    units = [f"U{i:05d}" for i in range(20_000)]
    registry = tmp_path / "units.csv"
    registry.write_text(
        "单位编码,单位名称,区县,单位类别,职工人数\n"
        + "".join(f"{u},单位{u},城关区,乡镇卫生院,60\n" for u in units),
        encoding="utf-8",
    )
    types = ("志愿服务", "义诊", "健康讲座", "道德讲堂", "送医下乡")
    quarters = [f"{y}Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
    big = tmp_path / "activities_big.csv"
    rows = (
        f"{u},{q},{t},{1 + i % 9},{i % 120}\n"
        for i, (u, q, t) in enumerate((u, q, t) for q in quarters for u in units for t in types)
    )
    big.write_text("单位编码,季度,活动类型,次数,参与人数\n" + "".join(rows), encoding="utf-8")
    size_mb = big.stat().st_size / 2**20
    assert size_mb >= 16  # the file is as large as the test means it to be
    assert main(["load", str(registry), str(big), "--db", str(db_path)]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    # the small registry goes without the line; the large file is announced before its result
    assert out[0].startswith("units.csv: loaded 20,000 rows of units")
    assert out[1] == f"activities_big.csv ({round(size_mb)} MB): reading and checking, please wait…"
    assert out[2].startswith("activities_big.csv: loaded 800,000 rows of activities")


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_a_file_for_data_another_file_of_the_same_load_just_brought_is_refused(
    loaded_store, tmp_path, capsys
):
    """Two districts' files both listing H001's outpatient survey, loaded together: each was
    checked against the store, and the second silently replaced the first's H001 row (it said
    "replaced 1 existing row", as for a correction of old data)."""
    db_path = loaded_store("units.csv")
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    first, second = tmp_path / "城关区.csv", tmp_path / "七里河区.csv"
    first.write_text(header + "H001,2025Q3,门诊,100,90\nC001,2025Q3,门诊,50,45\n")
    second.write_text(header + "H002,2025Q3,门诊,80,70\nH001,2025Q3,门诊,100,60\n")
    capsys.readouterr()
    # the dry run says so too (each file alone passes its check)
    dry = ["load", str(first), str(second), "--dry-run", "--db", db_path]
    assert main(dry) == EXIT_BAD_INPUT
    assert capsys.readouterr().err.splitlines()[1] == (
        "  七里河区.csv, row 3, column 单位编码/季度/调查类型: the unit and quarter (and "
        "survey or inspection type) of this row also have data in 城关区.csv, given before it "
        "in the same batch: loaded, the later of two files would silently replace the other's "
        "rows; check which file is right, delete these rows from the other and check again"
    )
    assert main(["load", str(first), str(second), "--db", db_path]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.splitlines()
    assert err[1] == (
        "  七里河区.csv, row 3, column 单位编码/季度/调查类型: the unit and quarter (and "
        "survey or inspection type) of this row have data from 城关区.csv, given before it in "
        "the same batch (load 2): the later of two files would silently replace the other's "
        "rows; check which file is right, delete these rows from the other and load it again"
    )
    con = connect(db_path)
    surveys = con.execute("SELECT unit_code, satisfied FROM surveys ORDER BY 1").fetchall()
    con.close()
    assert surveys == [("C001", 45), ("H001", 90)]  # the first file's, and none of the second
    # loaded on its own later, the same file is a correction of H001 and loads
    assert main(["load", str(second), "--db", db_path]) == EXIT_OK


@pytest.mark.parametrize("store", ["file"], indirect=True)  # on each store: tests/etl/test_load.py
def test_a_dry_run_of_a_new_units_registry_and_its_data_answers_as_their_load(
    loaded_store, tmp_path, capsys
):
    """``load 11_C005.csv 11_C005_满意度.csv --dry-run`` refused the survey (C005 unregistered)
    while their load loads both, the registry first: the dry run now checks the survey against
    the registry the file before it brings, and changes nothing."""
    db_path = loaded_store("units.csv")
    registry, survey = tmp_path / "11_C005.csv", tmp_path / "11_C005_满意度.csv"
    registry.write_text(
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
        "C005,东岗街道社区卫生服务中心,城关区,社区卫生服务中心,40,2025Q3\n"
    )
    survey.write_text("单位编码,季度,调查类型,样本量,满意人数\nC005,2025Q3,门诊,100,90\n")
    con = connect(db_path)
    before = contents(con)
    con.close()
    capsys.readouterr()
    assert main(["load", str(registry), str(survey), "--dry-run", "--db", db_path]) == EXIT_OK
    assert capsys.readouterr().out.splitlines() == [
        "11_C005.csv: dry run OK: would load 1 row of units, 1 unit; 0 rows would be replaced",
        "11_C005_满意度.csv: dry run OK: would load 1 row of surveys, 2025Q3, 1 unit; 0 rows "
        "would be replaced",
        "2 files: 2 checked (dry run)",
    ]
    con = connect(db_path)
    assert contents(con) == before
    con.close()
    assert main(["load", str(registry), str(survey), "--db", db_path]) == EXIT_OK
    assert "2 files: 2 loaded" in capsys.readouterr().out


def test_history_with_notes_says_why_a_file_was_refused_under_its_line(
    loaded_store, tmp_path, capsys
):
    """The history named a refused file and its outcome; why it was refused (kept in the
    upload log, shown on the Upload page) the command line did not say."""
    db_path = loaded_store("units.csv", "surveys_bom.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,10,12\n", "utf-8")
    assert main(["load", str(bad), "--db", str(db_path)]) == EXIT_BAD_INPUT
    capsys.readouterr()
    assert main(["history", "--notes", "--db", str(db_path), "--lang", "zh"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "3",
        "bad.csv，第",  # the refusal, under its load, indented past the number
        "2",
        "1",
    ]
    assert lines[1] == "       bad.csv，第 2 行，列 满意人数：“12 > 10”：满意人数不能超过样本量"
    assert main(["history", "--db", str(db_path)]) == EXIT_OK  # without --notes: as before
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == ["3", "2", "1"]


def h001_surveys(path: Path, satisfied: int) -> Path:
    """H001's two surveys of 2025Q3 (as surveys_bom.csv has them, but for the outpatients
    ``satisfied``), written at ``path``."""
    path.write_text(
        f"单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,1234,{satisfied}\n"
        "H001,2025Q3,住院,310,301\n",
        "utf-8",
    )
    return path


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_a_publication_without_by_is_said_published_by_the_command_line(loaded_store, capsys):
    """A trial: `etl publish` without --by said 发布人 cli to a Chinese reader, where every
    log and the packs say 命令行."""
    db_path = loaded_store("units.csv", "surveys_bom.csv")
    assert main(["publish", "2025Q3", "--db", str(db_path), "--lang", "zh"]) == EXIT_OK
    out = capsys.readouterr().out
    assert re.search(r"为第 1 号发布（[-0-9: ]+，发布人 命令行）", out), out


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_history_with_notes_says_a_restatement_left_the_published_figures(
    loaded_store, tmp_path, capsys
):
    """Trial: H001's two surveys of a published quarter sent again exactly as they were (re-
    typed) changed no figure, and the load said so; its history note read "replaced 2 rows
    loaded before", as a correction's does. It says the rows were restated unchanged."""
    db_path = loaded_store("units.csv", "surveys_bom.csv")
    assert main(["publish", "2025Q3", "--db", str(db_path)]) == EXIT_OK
    again = h001_surveys(tmp_path / "H001_重报.csv", satisfied=1180)  # as surveys_bom.csv
    assert main(["load", str(again), "--db", str(db_path)]) == EXIT_OK
    assert "this load's rows are exactly the rows it replaced" in capsys.readouterr().out
    notes = {
        "en": "restated 2 rows loaded before, unchanged: the published figures stand",
        "zh": "原样重报此前已上传的 2 行：已发布的数据不变",
    }
    for lang, note in notes.items():
        assert main(["history", "--notes", "--db", str(db_path), "--lang", lang]) == EXIT_OK
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].split()[0] == "3" and lines[1] == "       " + note
        assert [line.split()[0] for line in lines[2:]] == ["2", "1"]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_publish_by_an_account_that_may_not_publish_is_refused(loaded_store, capsys):
    """Trial (session 56): `etl publish 2026Q1 --by 李华`, a viewer, published, and the audit
    log said the viewer had. A name that is no account stays the operator's label."""
    import accounts

    db_path = loaded_store("units.csv", "surveys_bom.csv")
    con = connect(db_path)
    accounts.add_user(con, "李华", "viewer", "long enough")
    accounts.add_user(con, "王明", "admin", "long enough")
    con.close()
    assert main(["publish", "2025Q3", "--by", "李华", "--db", str(db_path)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "error: the account 李华 may not publish: only an admin with the bureau-wide scope may; "
        "give such an admin's name to --by (without --by the command line publishes); nothing "
        "was published\n"
    )
    assert main(["publications", "--db", str(db_path)]) == EXIT_OK
    assert "2025Q3" not in capsys.readouterr().out
    assert main(["publish", "2025Q3", "--by", "王明", "--db", str(db_path)]) == EXIT_OK
    con = connect(db_path)
    entries = con.execute("SELECT username, action, ok FROM audit_log WHERE action = 'publish'")
    assert entries.fetchall() == [("王明", "publish", True)]
    con.close()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_a_load_or_publication_by_an_account_is_checked_whatever_blanks_the_name_has(
    loaded_store, capsys
):
    """Trial (session 58): `etl load FILE --by 李华` (a viewer) loaded, logged as the viewer's
    load; `etl publish Q --by '李华 '` published, logged as 李华 (the log shows no blank)."""
    import accounts

    db_path = loaded_store("units.csv")
    con = connect(db_path)
    accounts.add_user(con, "李华", "viewer", "long enough")
    con.close()
    db = ["--db", str(db_path)]
    assert main(["load", fixture("surveys_bom.csv"), "--by", "李华", *db]) == EXIT_BAD_INPUT
    assert "'李华' is a viewer account and may not load" in capsys.readouterr().err
    assert main(["publish", "2025Q3", "--by", "李华\u3000", *db]) == EXIT_BAD_INPUT
    assert "the account 李华 may not publish" in capsys.readouterr().err
    con = connect(db_path)
    logged = con.execute("SELECT count(*) FROM upload_log WHERE loaded_by LIKE '李华%'")
    assert logged.fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM publications").fetchone() == (0,)
    con.close()
    # a name that is no account stays the operator's label, as written without its blanks
    assert main(["load", fixture("surveys_bom.csv"), "--by", " 王芳 ", *db]) == EXIT_OK
    con = connect(db_path)
    assert con.execute("SELECT loaded_by FROM upload_log ORDER BY load_id DESC").fetchone() == (
        "王芳",
    )
    con.close()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_history_names_the_quarter_of_a_refused_file_when_it_was_read(
    loaded_store, tmp_path, capsys
):
    """Trial: a refused file's history line named no quarter, though its rows' quarter was
    read (one figure was wrong): it names it, as a load's line does; a file refused before
    any row was read names none, and no line ends in the spaces before a missing quarter."""
    db_path = loaded_store("units.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q4,门诊,10,12\n", "utf-8")
    assert main(["load", str(bad), "--db", str(db_path)]) == EXIT_BAD_INPUT
    empty = tmp_path / "empty.csv"
    empty.write_text("", "utf-8")
    assert main(["load", str(empty), "--db", str(db_path)]) == EXIT_BAD_INPUT
    capsys.readouterr()
    assert main(["history", "--db", str(db_path)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["3", "2", "1"]
    assert lines[1].endswith(" bad.csv  2025Q4")
    assert lines[0].endswith(" empty.csv") and lines[2].endswith(" units.csv")


def test_history_with_notes_says_what_a_correction_replaced(loaded_store, tmp_path, capsys):
    """A district's corrected file (H001's two surveys, one figure changed) replaced the two
    rows loaded before: the load said "2 rows replaced", the Upload page's history shows it,
    and --notes promises "what a correction replaced", yet its entry had no note at all, so
    the history read as a first load. A first load (nothing replaced) gets no such note."""
    db_path = loaded_store("units.csv", "surveys_bom.csv")
    fix = h001_surveys(tmp_path / "H001_更正.csv", satisfied=1190)
    assert main(["load", str(fix), "--db", str(db_path)]) == EXIT_OK
    assert "2 rows replaced" in capsys.readouterr().out
    for lang, note in (("en", "replaced 2 rows loaded before"), ("zh", "取代此前已上传的 2 行")):
        assert main(["history", "--notes", "--db", str(db_path), "--lang", lang]) == EXIT_OK
        lines = capsys.readouterr().out.splitlines()
        assert [line.split()[0] for line in lines] == ["3", note.split()[0], "2", "1"]
        assert lines[1] == "       " + note


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_a_file_loaded_again_is_audited_as_done_and_a_refused_one_as_failed(db_path, capsys):
    """A new user's trial: a file given again ("already loaded; nothing changed") was written
    to the audit log as a failed load."""
    for _ in range(2):
        assert main(["load", fixture("units.csv"), "--db", str(db_path), "--by", "王芳"]) == 0
    bad = ["load", fixture("units.csv"), "--kind", "surveys", "--db", str(db_path)]
    assert main([*bad, "--by", "王芳"]) == EXIT_BAD_INPUT
    capsys.readouterr()
    con = connect(str(db_path))
    oldest_first = audit_entries(con).reverse()
    con.close()
    assert oldest_first.select("action", "ok").rows() == [
        ("load", True),
        ("load", True),
        ("load", False),
    ]
    assert "already loaded" in oldest_first.get_column("detail")[1]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_an_analyst_named_by_by_may_not_load_or_withdraw_the_indicator_system(
    loaded_store, tmp_path, capsys
):
    """Trial (session 59): `etl load 测评体系.csv --by ana` (an analyst) changed the bureau's
    weights and targets, and `etl withdraw N --by ana` withdrew such a load, which ana's own
    --as-user and the Indicator system page refuse: only a bureau-wide admin may."""
    import accounts

    system = tmp_path / "测评体系.csv"
    system.write_text(ONE_LINE_SYSTEM, "utf-8")
    db_path = loaded_store("units.csv")
    con = connect(db_path)
    accounts.add_user(con, "ana", "analyst", "long enough")
    con.close()
    db = ["--db", str(db_path)]
    capsys.readouterr()
    assert main(["load", str(system), "--by", "ana", *db]) == EXIT_BAD_INPUT
    assert "admin" in capsys.readouterr().err
    # a label that names no account is the operator's, who holds the store: it loads
    assert main(["load", str(system), "--by", "王芳", *db]) == EXIT_OK
    con = connect(db_path)
    logged = "SELECT load_id, loaded_by, outcome FROM upload_log WHERE kind = 'indicators'"
    [(load_id, by, outcome)] = [row for row in con.execute(logged).fetchall() if row[2] == "loaded"]
    con.close()
    assert (by, outcome) == ("王芳", "loaded")
    capsys.readouterr()
    assert main(["withdraw", str(load_id), "--by", "ana", *db]) == EXIT_BAD_INPUT
    assert "admin" in capsys.readouterr().err
    con = connect(db_path)
    assert con.execute(logged).fetchall()[-1][2] == "loaded"  # not withdrawn
    con.close()
