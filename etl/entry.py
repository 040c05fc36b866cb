"""Running a command line (``python -m etl``, ``queries``, ``charts``) to its exit status, and
the language its messages are said in (``--lang``, else the locale)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import NoReturn

from etl import settings
from etl.messages import LANGS


def run_command(main: Callable[[], int]) -> NoReturn:
    """Exit with ``main()``'s status. When the reader of the output stops early
    (``python -m etl history | head``) the command ends quietly, as other tools do, instead
    of with a BrokenPipeError traceback (the recipe in Python's ``signal`` documentation)."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)


def add_lang(parser: argparse.ArgumentParser) -> None:
    """The command's ``--lang`` option (its value is read by ``message_lang``)."""
    parser.add_argument(
        "--lang",
        choices=LANGS,
        help="language of the messages: en or zh (default: zh when $LANG is zh_*, else en)",
    )


def message_lang(chosen: str | None) -> str:
    """``--lang`` if given, else Chinese when the locale ($LC_ALL, $LC_MESSAGES, $LANG) is
    Chinese (``zh_CN.UTF-8``), else English."""
    if chosen:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = settings.environment(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
