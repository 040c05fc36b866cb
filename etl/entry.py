"""Running a command line (``python -m etl``, ``queries``, ``charts``) to its exit status, and
its ``--lang`` option (the language its messages are said in: ``etl.messages.message_lang``)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import NoReturn

import duckdb

from etl import db
from etl.messages import LANGS, error_line, lang_in, message_lang, msg


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
    except (KeyboardInterrupt, RuntimeError) as exc:
        # Ctrl-C: Python's KeyboardInterrupt, or DuckDB's RuntimeError if a query was running
        if isinstance(exc, RuntimeError) and str(exc) != "Query interrupted":
            raise
        lang = message_lang(lang_in(sys.argv))
        print(error_line(msg("cli.interrupted").in_lang(lang), lang), file=sys.stderr)
        status = 130
    except duckdb.Error as exc:
        if not db.is_lost(exc):
            raise
        # the store stopped answering mid-command (a data file gone, the catalog server
        # down): a write rolled back, so nothing changed
        lang = message_lang(lang_in(sys.argv))
        key = (
            "db.no_room"
            if db.is_no_room(exc)
            else "db.data_folder_read_only"
            if db.is_read_only(exc)
            else "db.lost"
        )
        said = msg(key, error=db.scrub(str(exc))).in_lang(lang)
        print(error_line(said, lang), file=sys.stderr)
        status = 3
    sys.exit(status)


def add_lang(parser: argparse.ArgumentParser) -> None:
    """The command's ``--lang`` option (its value is read by ``message_lang``)."""
    parser.add_argument(
        "--lang",
        choices=LANGS,
        help="language of the messages: en or zh (default: zh when $LANG is zh_*, else en)",
    )
