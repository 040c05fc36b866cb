"""Every command line refuses a mistyped command in its user's language: argparse's English
sentences said with the catalogue's words under ``--lang zh`` or a Chinese locale."""

from __future__ import annotations

import pytest

from accounts.cli import main as users_main
from charts.cli import main as charts_main
from etl.arguments import said_in
from etl.cli import main as etl_main
from etl.messages import LANGS
from queries.cli import main as queries_main


def refusal(main, argv: list[str], capsys) -> tuple[str, str]:
    """The usage line's first word and the last line a refused command line printed."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    return lines[0].split("python -m")[0], lines[-1]


def test_a_mistyped_command_is_refused_in_chinese(capsys):
    assert refusal(etl_main, ["laod", "--lang", "zh"], capsys) == (
        "用法：",
        "python -m etl: 错误：没有命令 'laod'，可用的命令：'load'、'demo'、'history'、"
        "'withdraw'、'received'、'publish'、'publications'、'migrate'、'tidy'、'contracts'、"
        "'users'（用法见 python -m etl --help）",
    )


def test_every_command_line_speaks_the_locale(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert refusal(charts_main, ["pack"], capsys)[1] == (
        "python -m charts pack: 错误：缺少必需的参数：--quarter、--out"
        "（用法见 python -m charts pack --help）"
    )
    assert refusal(queries_main, ["run"], capsys)[1] == (
        "python -m queries run: 错误：缺少必需的参数：name（用法见 python -m queries run --help）"
    )
    assert refusal(users_main, ["frob"], capsys)[1].startswith(
        "python -m etl users: 错误：没有命令 'frob'，可用的命令：'add'、'set-password'、"
    )
    assert refusal(etl_main, ["history", "--limit", "十"], capsys)[1] == (
        "python -m etl history: 错误：参数 --limit 应为整数，而不是 '十'"
        "（用法见 python -m etl history --help）"
    )
    assert refusal(etl_main, ["load", "a.csv", "--kind", "活动"], capsys)[1] == (
        "python -m etl load: 错误：参数 --kind：“活动”不是文件类型：请写 单位名录 (units)、"
        "检查结果 (inspections)、满意度调查 (surveys)、活动统计 (activities)、测评体系 "
        "(indicators) 之一（用法见 python -m etl load --help）"
    )


def test_no_command_given_is_said_as_such(capsys, monkeypatch):
    """`python -m etl` alone said 缺少必需的参数：command, argparse's name of its slot."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert refusal(etl_main, [], capsys)[1] == (
        "python -m etl: 错误：没有给出命令（用法见 python -m etl --help）"
    )
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert refusal(queries_main, [], capsys)[1] == (
        "python -m queries: error: no command given (see python -m queries --help)"
    )


def test_english_stays_as_argparse_says_it(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert refusal(etl_main, ["history", "--lang", "en", "--limit", "x"], capsys) == (
        "usage: ",
        "python -m etl history: error: argument --limit: invalid int value: 'x'"
        " (see python -m etl history --help)",
    )


def test_a_sentence_it_does_not_know_stays_as_argparse_said_it():
    assert said_in("argument --x: something new", "zh") == "argument --x: something new"
    # the words left over, as typed
    assert said_in("unrecognized arguments: --fast --now", "zh") == "无法识别的参数：--fast --now"


def command_lines():
    """(main, the words before --help, its parser) of every program and subcommand."""
    import argparse

    from accounts.cli import build_parser as users_parser
    from charts.cli import build_parser as charts_parser
    from etl.cli import build_parser as etl_parser
    from queries.cli import build_parser as queries_parser

    found = []
    for main, build in (
        (etl_main, etl_parser),
        (users_main, users_parser),
        (queries_main, queries_parser),
        (charts_main, charts_parser),
    ):
        parser = build()
        found.append((main, [], parser))
        [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        found += [(main, [name], command) for name, command in sub.choices.items()]
    return found


def help_of(main, argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 0
    return capsys.readouterr().out


def bare(text: str) -> str:
    """Words without the spaces and line breaks the help's wrapping puts in."""
    return "".join(text.split())


def test_every_help_is_said_in_the_chosen_language(capsys):
    """`--help` stayed English under --lang zh: every help text, the usage heading, the
    section headings and -h's own line come from the catalogue, in either language."""
    from etl.messages import Text

    lines = command_lines()
    assert len(lines) == 4 + 11 + 12 + 2 + 1  # etl, users, queries, charts and their commands
    checked = 0
    for main, words, parser in lines:
        if main is etl_main and words == ["users"]:
            continue  # its help is the users program's, tested as such
        said = {lang: help_of(main, [*words, "--help", "--lang", lang], capsys) for lang in LANGS}
        assert said["zh"].startswith("用法："), words
        assert "选项:" in said["zh"] and "显示本帮助并退出" in said["zh"]
        assert said["en"].startswith("usage: ") and "show this help message and exit" in said["en"]
        assert not {"usage:", "options:", "positional arguments:"} & set(said["zh"].split())
        # its options' helps, and a program's its commands' (argparse keeps them apart)
        shown = [
            *parser._actions,
            *(c for a in parser._actions for c in getattr(a, "_choices_actions", [])),
        ]
        helps = [a.help for a in shown if a.help and a.dest != "help"]
        checked += len(helps)  # none for a command without options (queries list)
        for text in helps:
            assert isinstance(text, Text), (words, text)
            assert bare(text.zh) in bare(said["zh"]) and bare(text.en) not in bare(said["zh"])
            assert bare(text.en) in bare(said["en"])
    assert checked > 100


def test_the_locale_chooses_the_help_language(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    said = help_of(etl_main, ["load", "--help"], capsys)
    assert said.startswith("用法：python -m etl load") and "只检查，不改动任何数据" in said
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert "check only; change nothing" in help_of(etl_main, ["load", "--help"], capsys)
    # --lang=zh, written as one word, is the same choice
    assert "只检查" in help_of(etl_main, ["load", "--help", "--lang=zh"], capsys)


def test_a_pack_speaks_chinese_unless_asked(capsys, monkeypatch):
    """The pack's --lang is zh whatever the locale: its help and refusals too."""
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert help_of(charts_main, ["pack", "--help"], capsys).startswith("用法：")
    assert help_of(charts_main, ["--help"], capsys).startswith("用法：")


def test_every_program_states_the_same_exit_codes(capsys):
    """charts said exit 3 meant "held by another process", though a store that is unusable or
    not there exits 3 too; each program worded its codes its own way."""
    common = (
        "Exit codes: 0 done; 2 bad input or a request refused (the reason on stderr); 3 the "
        "store is busy, unusable or not there; 130 stopped by Ctrl-C (the write under way undone)"
    )
    for main in (etl_main, users_main, queries_main):
        said = bare(help_of(main, ["--help", "--lang", "en"], capsys))
        assert bare(common + ".") in said
    said = bare(help_of(charts_main, ["--help", "--lang", "en"], capsys))
    assert bare(common + "; 4 no Chinese font (install fonts-noto-cjk).") in said
    assert "heldbyanotherprocess" not in said
    said = bare(help_of(charts_main, ["--help"], capsys))
    # the same words in Chinese, the pack's default
    assert (
        bare(
            "退出码：0 完成；2 输入有误或请求被拒绝（原因见标准错误输出）；"
            "3 库正忙、无法使用或不存在"
        )
        in said
    )


def test_a_pack_stopped_by_ctrl_c_says_so_in_its_language(capsys, monkeypatch):
    """A pack speaks Chinese unless asked (its --lang's default): its Ctrl-C line, said by
    etl.entry after main() is left, was in the locale's language instead."""
    from etl.entry import run_command

    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setattr("sys.argv", ["charts", "pack", "--quarter", "2025Q3"])

    def stopped() -> int:
        raise KeyboardInterrupt

    with pytest.raises(SystemExit) as ended:
        run_command(stopped, default_lang="zh")
    assert ended.value.code == 130
    assert capsys.readouterr().err.startswith("错误：已中断")
    with pytest.raises(SystemExit):
        run_command(stopped)  # the other programs: the locale's
    assert capsys.readouterr().err.startswith("error: ")


def test_lang_before_the_command_is_taken_as_lang(capsys, tmp_path):
    """`python -m etl --lang zh history` was refused: 没有命令 'zh' (argparse took zh for the
    command). --lang first is the same choice as --lang after the command."""
    missing = str(tmp_path / "none.duckdb")
    assert etl_main(["--lang", "zh", "history", "--db", missing]) == 3
    assert capsys.readouterr().err.startswith(f"错误：{missing} 处没有 Civbench 存储")
    assert etl_main(["--lang=zh", "users", "list", "--db", missing]) == 3
    assert capsys.readouterr().err.startswith(f"错误：{missing} 处没有 Civbench 存储")
    assert queries_main(["--lang", "en", "list"]) == 0  # a command without --lang: dropped
    assert "rankings" in capsys.readouterr().out
    assert refusal(queries_main, ["--lang", "zh"], capsys)[1] == (
        "python -m queries: 错误：没有给出命令（用法见 python -m queries --help）"
    )
