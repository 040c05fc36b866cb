"""``python -m etl users …``: adding with a scope, set-scope, list, the last admin, unlock, the
audit log, exit codes, and all of it said in Chinese with ``--lang zh`` or a Chinese locale.
Each command runs through ``etl.cli.main`` in this process, as ``python -m etl`` calls it (a
subprocess per command cost a second or two each); one test runs the typed command in a
subprocess, and the held store needs another process anyway."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import accounts
from etl import cli
from etl.db import connect
from etl.scope import EVERYTHING, Scope
from ui.logs import with_messages

pytestmark = pytest.mark.usefixtures("quick_hashes")  # tests/accounts/conftest.py

ROOT = Path(__file__).resolve().parents[2]
UNITS_CSV = ROOT / "tests" / "fixtures" / "etl" / "units.csv"


def run_etl(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """``python -m etl ARGS`` run in this process: its exit status (argparse's too) and output."""
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(list(args))
            except SystemExit as exit_:
                status = exit_.code
    finally:
        sys.stdin = saved_stdin
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


def users(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return run_etl("users", *args, "--db", str(db), stdin=stdin)


def english_locale(patch: pytest.MonkeyPatch) -> None:
    """Messages in English: the locale is not Chinese."""
    patch.setenv("LANG", "C.UTF-8")
    for variable in ("LC_ALL", "LC_MESSAGES"):
        patch.delenv(variable, raising=False)


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory) -> Path:
    """A DuckDB file the five units of tests/fixtures/etl/units.csv were loaded into by
    ``python -m etl load`` (in this process), once for the module: ``db`` copies it."""
    path = tmp_path_factory.mktemp("registry") / "civbench.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        english_locale(patch)
        loaded = run_etl("load", str(UNITS_CSV), "--db", str(path))
    assert loaded.returncode == 0, loaded.stderr
    return path


@pytest.fixture
def db(tmp_path, monkeypatch, registry_file) -> Path:
    """A DuckDB file of the test's own holding the five units of tests/fixtures/etl/units.csv
    (a copy of ``registry_file``; messages in English: the locale is not Chinese)."""
    english_locale(monkeypatch)
    path = tmp_path / "civbench.duckdb"
    shutil.copyfile(registry_file, path)
    return path


def test_users_are_added_scoped_listed_and_rescoped(db):
    done = users(
        db,
        "add",
        "zhang",
        "--role",
        "viewer",
        "--districts",
        "城关区,七里河区",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "added zhang (viewer), scope districts: 城关区, 七里河区"
    done = users(
        db,
        "add",
        "c001",
        "--role",
        "analyst",
        "--unit",
        "C001",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert done.returncode == 0, done.stderr
    done = users(
        db, "add", "root", "--role", "admin", "--password-stdin", stdin="a long password\n"
    )
    assert done.stdout.strip() == "added root (admin)"
    heading, *lines = users(db, "list").stdout.splitlines()
    assert heading.split() == ["User", "Role", "Scope", "Updated"]
    listed = [line.split(None, 2) for line in lines]
    assert [(n, r, rest.rsplit(None, 2)[0].strip()) for n, r, rest in listed] == [
        ("c001", "analyst", "unit: C001"),
        ("root", "admin", "all"),
        ("zhang", "viewer", "districts: 城关区, 七里河区"),
    ]
    assert users(db, "set-scope", "zhang", "--unit", "H002").returncode == 0
    assert users(db, "set-role", "c001", "viewer").stdout.strip() == "c001 is now viewer"
    changed = users(db, "set-password", "zhang", "--password-stdin", stdin="a newer password\n")
    assert changed.stdout.strip() == "password of zhang set"
    assert users(db, "set-scope", "c001", "--all").returncode == 0
    con = connect(db)
    assert accounts.scope_of(con, "zhang") == Scope(unit="H002")
    assert accounts.scope_of(con, "c001") == EVERYTHING
    assert accounts.authenticate(con, "zhang", "a newer password") == "viewer"
    details = [
        r[0]
        for r in con.execute(
            "SELECT detail FROM audit_log WHERE action = 'users' AND subject = 'zhang' "
            "ORDER BY logged_at"
        ).fetchall()
    ]
    con.close()
    assert details == [
        "added zhang as viewer (districts: 城关区, 七里河区)",
        "scope of zhang: unit: H002",
        "password of zhang set",
    ]


def test_bad_scopes_and_the_last_admin_are_refused_with_exit_code_2(db):
    wrong = users(
        db,
        "add",
        "li",
        "--role",
        "viewer",
        "--districts",
        "城关",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert wrong.returncode == 2
    assert "no district '城关'" in wrong.stderr and "城关区" in wrong.stderr
    wrong = users(
        db,
        "add",
        "li",
        "--role",
        "viewer",
        "--unit",
        "X1",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert wrong.returncode == 2 and "no unit 'X1'" in wrong.stderr
    both = users(db, "set-scope", "li", "--unit", "C001", "--all")
    assert both.returncode == 2 and "not allowed with argument" in both.stderr  # argparse
    users(db, "add", "root", "--role", "admin", "--password-stdin", stdin="a long password\n")
    for args in (
        ("remove", "root"),
        ("set-role", "root", "viewer"),
        ("set-scope", "root", "--districts", "城关区"),
    ):
        refused = users(db, *args)
        assert refused.returncode == 2, args
        assert "last admin" in refused.stderr and "Traceback" not in refused.stderr
    assert "root" in users(db, "list").stdout


def test_unlock_and_the_audit_log_filtered_by_user_and_action(db):
    users(db, "add", "li", "--role", "viewer", "--password-stdin", stdin="a long password\n")
    con = connect(db)
    for _ in range(accounts.MAX_FAILURES):
        accounts.authenticate(con, "li", "wrong")
    assert accounts.locked_names(con) == ["li"]
    con.close()
    done = users(db, "unlock", "li")
    assert done.returncode == 0 and done.stdout.strip() == "li may sign in again"
    con = connect(db)
    assert accounts.locked_names(con) == []
    assert accounts.authenticate(con, "li", "a long password") == "viewer"
    con.close()
    heading, *log = users(db, "audit", "--user", "li", "--action", "unlock").stdout.splitlines()
    assert heading.split() == ["Time", "By", "Action", "Result", "Detail"]
    assert len(log) == 1 and log[0].split()[2:] == ["cli", "unlock", "ok", "unlocked", "li"]
    sign_ins = users(db, "audit", "--user", "li", "--action", "sign_in").stdout.splitlines()[1:]
    assert len(sign_ins) == accounts.MAX_FAILURES + 1


def test_anonymous_view_setting(db):
    assert users(db, "anonymous-view", "show").stdout.strip() == (
        "viewers not signed in see: the bureau-wide view"
    )
    assert users(db, "anonymous-view", "off").stdout.strip() == (
        "viewers not signed in see: nothing (they must sign in)"
    )
    con = connect(db)
    assert accounts.anonymous_scope(con) is None
    con.close()


def test_the_store_held_by_another_process_gives_exit_code_3(tmp_path):
    db = tmp_path / "held.duckdb"
    connect(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); "
            "time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        listed = users(db, "list")
        assert listed.returncode == 3 and "another process" in listed.stderr
    finally:
        holder.kill()
        holder.wait()


def test_demo_accounts_sign_in_with_the_printed_passwords_typed_as_a_command(db):
    out = subprocess.run(
        [sys.executable, "-m", "etl", "users", "demo", "--db", str(db)],
        cwd=ROOT,
        env={**os.environ, "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    passwords = dict(
        (line.split()[0], line.split()[-1])
        for line in out.splitlines()
        if "password" in line and "role" in line
    )
    assert set(passwords) == {"viewer", "analyst", "admin"}
    con = connect(db)
    assert accounts.authenticate(con, "admin", passwords["admin"]) == "admin"
    assert accounts.authenticate(con, "viewer", passwords["viewer"]) == "viewer"
    con.close()


def test_one_time_passwords_from_the_command_line_and_the_list_says_who_has_one(db):
    added = users(
        db, "add", "li", "--role", "viewer", "--one-time", "--password-stdin", stdin="hand on 1\n"
    )
    assert added.stdout.strip() == (
        "added li (viewer) (one-time: they choose their own at the first sign-in)"
    )
    done = users(db, "add", "root", "--role", "admin", "--password-stdin", stdin="root pass 1\n")
    assert done.returncode == 0, done.stderr
    lines = users(db, "list").stdout.splitlines()[1:]  # under the heading
    assert [line.split()[0] for line in lines] == ["li", "root"]
    assert lines[0].endswith("one-time password (not yet changed)")
    assert "one-time" not in lines[1]
    users(db, "set-password", "li", "--password-stdin", stdin="typed for li\n")
    assert "one-time" not in users(db, "list").stdout
    users(db, "set-password", "root", "--one-time", "--password-stdin", stdin="hand on 2\n")
    assert users(db, "list").stdout.splitlines()[2].endswith("(not yet changed)")


def test_the_audit_command_shows_the_english_detail_the_page_reads_in_chinese(db):
    """``users audit`` in English prints the English detail the log stores, while the User
    admin page (and ``--lang zh``) says the same entries in Chinese."""
    assert users(db, "demo").returncode == 0
    users(
        db,
        "add",
        "zhao",
        "--role",
        "viewer",
        "--districts",
        "城关区",
        "--password-stdin",
        stdin="a long password\n",
    )
    log = users(db, "audit", "--action", "users", "--limit", "2").stdout.splitlines()[1:]
    assert [line.split(maxsplit=5)[5] for line in log] == [
        "added zhao as viewer (districts: 城关区)",
        "demo accounts created",
    ]
    con = connect(db)
    frame = accounts.audit_entries(con, 2, actions=("users",))
    con.close()
    assert with_messages(frame, "zh", "detail")["detail"].to_list() == [
        "已添加用户 zhao（查看者，区县：城关区）",
        "已创建演示账号",
    ]


def test_a_refused_change_is_audited_in_both_languages_as_the_pages_are(db):
    """The page audited its refusals and the command line did not: an admin reading the log
    could not see that someone tried to demote the last admin from the command line."""
    users(db, "add", "root", "--role", "admin", "--password-stdin", stdin="a long password\n")
    assert users(db, "set-role", "root", "viewer").returncode == 2
    assert users(db, "set-role", "nobody", "viewer").returncode == 2
    log = users(db, "audit", "--action", "users", "--limit", "3").stdout.splitlines()[1:]
    assert [line.split(maxsplit=5)[2:] for line in log] == [
        ["cli", "users", "FAILED", "refused: there is no user 'nobody'"],
        [
            "cli",
            "users",
            "FAILED",
            "refused: 'root' is the last admin with the bureau-wide scope; add another admin first",
        ],
        ["cli", "users", "ok", "added root as admin"],
    ]
    con = connect(db)
    frame = accounts.audit_entries(con, 2, actions=("users",))
    con.close()
    assert frame["subject"].to_list() == ["nobody", "root"]
    assert with_messages(frame, "zh", "detail")["detail"].to_list() == [
        "未执行：没有用户 nobody。",
        "未执行：root 是最后一个全市范围的管理员：不能删除、降级或缩小其数据范围，"
        "请先添加另一位管理员。",
    ]


def test_the_list_keeps_its_columns_with_chinese_names_and_scopes(db):
    """Padding by characters shifted every column after a Chinese name or district: a Chinese
    character takes two columns of a terminal."""
    for name, scope in (("张三", ("--districts", "城关区,七里河区")), ("li", ())):
        added = users(
            db,
            "add",
            name,
            "--role",
            "viewer",
            *scope,
            "--password-stdin",
            stdin="a long password\n",
        )
        assert added.returncode == 0, added.stderr
    lines = users(db, "list").stdout.splitlines()[1:]  # under the heading
    starts = set()
    for line in lines:
        before = line[: re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", line).start()]
        starts.add(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before))
    assert len(lines) == 2 and starts == {20 + 1 + 8 + 1 + 30 + 1}  # name, role, scope columns


def test_every_users_command_takes_lang():
    """``etl users audit --lang zh`` stopped at "unrecognized arguments" while every other
    command of ``python -m etl`` took it."""
    from accounts.cli import build_parser

    [commands] = [a for a in build_parser()._actions if a.dest == "command"]
    assert all("--lang" in parser._option_string_actions for parser in commands.choices.values())


def test_the_commands_say_what_they_did_in_chinese(db):
    """An account's role and scope as the User admin page says them (查看者, 区县：…, 全市),
    a refusal on stderr with exit code 2, the list's and the log's headings, 命令行 for who
    acted from the command line."""

    def zh(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return users(db, *args, "--lang", "zh", stdin=stdin)

    added = zh(
        "add",
        "zhang",
        "--role",
        "viewer",
        "--districts",
        "城关区,七里河区",
        "--one-time",
        "--password-stdin",
        stdin="hand on 123\n",
    )
    assert added.stdout == (
        "已添加用户 zhang（查看者，数据范围：区县：城关区、七里河区）"
        "（一次性密码：本人首次登录时须改用自己的密码）\n"
    )
    root = zh("add", "root", "--role", "admin", "--password-stdin", stdin="a long password\n")
    assert root.stdout == "已添加用户 root（管理员）\n"
    assert zh("set-role", "zhang", "analyst").stdout == "已将 zhang 的角色改为分析员\n"
    assert zh("set-scope", "zhang", "--unit", "C001").stdout == (
        "已将 zhang 的数据范围改为“单位：C001”\n"
    )
    changed = zh("set-password", "zhang", "--password-stdin", stdin="a newer password\n")
    assert changed.stdout == "已设置 zhang 的密码\n"
    assert zh("unlock", "zhang").stdout == "已解除 zhang 的锁定，可以再次登录\n"
    heading, *rows = zh("list").stdout.splitlines()
    assert heading.split() == ["用户名", "角色", "数据范围", "更新时间"]
    assert [row.split()[:3] for row in rows] == [
        ["root", "管理员", "全市"],
        ["zhang", "分析员", "单位：C001"],
    ]

    refused = zh("remove", "root")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        "错误：root 是最后一个全市范围的管理员：不能删除、降级或缩小其数据范围，"
        "请先添加另一位管理员。\n"
    )
    assert zh("remove", "nobody").stderr == "错误：没有用户 nobody。\n"
    assert zh("set-scope", "zhang", "--districts", " , ").stderr == (
        "错误：--districts 未写区县：请写区县名称，以逗号分隔。\n"
    )

    heading, *log = zh("audit", "--action", "users", "--limit", "4").stdout.splitlines()
    assert heading.split() == ["时间", "操作人", "操作", "结果", "详情"]
    assert [line.split(maxsplit=5)[2:] for line in log] == [
        [
            "命令行",
            "账号管理",
            "未成功",
            "未执行：--districts 未写区县：请写区县名称，以逗号分隔。",
        ],
        ["命令行", "账号管理", "未成功", "未执行：没有用户 nobody。"],
        [
            "命令行",
            "账号管理",
            "未成功",
            "未执行：root 是最后一个全市范围的管理员：不能删除、降级或缩小其数据范围，"
            "请先添加另一位管理员。",
        ],
        ["命令行", "账号管理", "成功", "已设置 zhang 的密码"],
    ]
    assert zh("audit", "--action", "publish").stdout == "审计日志中没有符合条件的记录\n"


def test_the_settings_and_the_demo_accounts_in_chinese_passwords_as_they_are(db):
    def zh(*args: str) -> str:
        return users(db, *args, "--lang", "zh").stdout

    assert zh("anonymous-view", "show") == "未登录的访客可查看：全市数据\n"
    assert zh("anonymous-view", "off") == "未登录的访客可查看：无（须先登录）\n"
    assert zh("require-signin", "show") == "查看须先登录：关闭\n"
    assert zh("require-signin", "on") == "查看须先登录：开启\n"
    assert zh("bureau") == "机构：市卫生健康委员会（辖区统称：全市）\n"
    title, *accounts_shown = zh("demo").splitlines()
    assert title == "演示账号（密码仅此一次显示，请妥善转交）："
    shown = [re.fullmatch(r"  (\w+) +角色 (\w+) +密码 (\S+)", line) for line in accounts_shown]
    assert [(m[1], m[2]) for m in shown] == [
        ("viewer", "查看者"),
        ("analyst", "分析员"),
        ("admin", "管理员"),
    ]
    con = connect(db)
    assert all(accounts.authenticate(con, m[1], m[3]) == m[1] for m in shown)
    con.close()


def test_a_chinese_locale_speaks_chinese_and_lang_en_english(db, monkeypatch):
    """No ``--lang``: the locale decides, as for ``etl load``; ``--lang en`` wins over it."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    users(db, "add", "root", "--role", "admin", "--password-stdin", stdin="a long password\n")
    assert users(db, "set-role", "root", "admin").stdout == "已将 root 的角色改为管理员\n"
    refused = users(db, "remove", "root", "--lang", "en")
    assert refused.returncode == 2
    assert refused.stderr == (
        "error: 'root' is the last admin with the bureau-wide scope; add another admin first\n"
    )
    heading, row = users(db, "list", "--lang", "en").stdout.splitlines()
    assert heading.split() == ["User", "Role", "Scope", "Updated"]
    assert row.split()[:3] == ["root", "admin", "all"]
    heading, *log = users(db, "audit", "--limit", "1", "--lang", "en").stdout.splitlines()
    assert log[0].split(maxsplit=5)[2:] == [
        "cli",
        "users",
        "FAILED",
        "refused: 'root' is the last admin with the bureau-wide scope; add another admin first",
    ]


def test_a_provinces_commands_say_its_words(db):
    """Once the bureau is a province's, the commands say its 市州 and 全省, as its pages do,
    where they said a city's 区县 and 全市 whatever the bureau (seen in a province's trial)."""

    def zh(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return users(db, *args, "--lang", "zh", stdin=stdin)

    assert zh("bureau", "--level", "省", "--name", "甘肃省卫生健康委员会").stdout == (
        "机构：甘肃省卫生健康委员会（辖区统称：全省）\n"
    )
    added = zh(
        "add",
        "li",
        "--role",
        "viewer",
        "--districts",
        "城关区",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert added.stdout == "已添加用户 li（查看者，数据范围：市州：城关区）\n"
    root = zh("add", "root", "--role", "admin", "--password-stdin", stdin="a long password\n")
    assert root.stdout == "已添加用户 root（管理员）\n"
    heading, *rows = zh("list").stdout.splitlines()
    assert [row.split()[:3] for row in rows] == [
        ["li", "查看者", "市州：城关区"],
        ["root", "管理员", "全省"],
    ]
    assert zh("remove", "root").stderr == (
        "错误：root 是最后一个全省范围的管理员：不能删除、降级或缩小其数据范围，"
        "请先添加另一位管理员。\n"
    )


def test_a_mistyped_store_is_not_made_by_a_command_that_only_reads_or_changes(tmp_path, capsys):
    """`etl users list --db mistyped/…` made a new, empty store there (its folder too) and said
    "no users yet", exit 0; history, queries and packs refuse a store that is not there."""
    from accounts.cli import main

    missing = tmp_path / "mistyped" / "civbench.duckdb"
    commands = [["list"], ["audit"], ["remove", "li"], ["require-signin", "show"], ["bureau"]]
    for command in commands:
        assert main([*command, "--db", str(missing), "--lang", "en"]) == 3, command
        assert f"there is no Civbench store at {missing}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    # a command that starts a store (README: a new bureau's own data) still makes it, and
    # says so (trial, session 57: `require-signin on` on a mistyped store said only "on")
    assert main(["bureau", "--level", "市", "--db", str(missing), "--lang", "en"]) == 0
    assert missing.is_file()
    assert capsys.readouterr().err == (
        f"note: there was no store at {missing}; a new, empty one was made for this. If it is "
        "not your store, check --db (or $CIVBENCH_DB) and remove the new one\n"
    )
    assert main(["require-signin", "on", "--db", str(missing), "--lang", "en"]) == 0
    assert capsys.readouterr().err == ""  # the store is there now: nothing to say
