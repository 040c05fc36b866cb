"""Running a command line (``python -m etl``, ``queries``, ``charts``) to its exit status, and
the language its messages are said in (``--lang``, else the locale)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import NoReturn

import duckdb

from etl import db, settings
from etl.messages import LANGS, error_line, msg


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
    except duckdb.Error as exc:
        if not db.is_lost(exc):
            raise
        # the store stopped answering mid-command (a data file gone, the catalog server
        # down): a write rolled back, so nothing changed
        lang = message_lang(lang_in(sys.argv))
        said = msg("db.lost", error=db.scrub(str(exc))).in_lang(lang)
        print(error_line(said, lang), file=sys.stderr)
        status = 3
    sys.exit(status)


def lang_in(argv: list[str]) -> str | None:
    """The ``--lang`` value on a command line, if any and valid (for a message given after the
    command's own parsing is over)."""
    for flag, value in zip(argv, argv[1:], strict=False):
        if flag == "--lang" and value in LANGS:
            return value
    return None


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
