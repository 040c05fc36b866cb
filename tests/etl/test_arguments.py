"""Every command line refuses a mistyped command in its user's language: argparse's English
sentences said with the catalogue's words under ``--lang zh`` or a Chinese locale."""

from __future__ import annotations

import pytest

from accounts.cli import main as users_main
from charts.cli import main as charts_main
from etl.arguments import said_in
from etl.cli import main as etl_main
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
        "python -m etl load: 错误：参数 --kind 的值 '活动' 无效，可选：'units'、'inspections'、"
        "'surveys'、'activities'、'indicators'（用法见 python -m etl load --help）"
    )


def test_english_stays_as_argparse_says_it(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert refusal(etl_main, ["history", "--lang", "en", "--limit", "x"], capsys) == (
        "usage: ",
        "python -m etl history: error: argument --limit: invalid int value: 'x'",
    )


def test_a_sentence_it_does_not_know_stays_as_argparse_said_it():
    assert said_in("argument --x: something new", "zh") == "argument --x: something new"
    # the words left over, as typed
    assert said_in("unrecognized arguments: --fast --now", "zh") == "无法识别的参数：--fast --now"
