"""Running a command line (``python -m etl``, ``queries``, ``charts``) to its exit status (its
``--lang`` option and the language its messages are said in: ``etl.messages``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import NoReturn

import duckdb

from etl import db
from etl.arguments import EXIT_BUSY, EXIT_INTERRUPTED, InterruptedAfterLoad
from etl.messages import error_line, lang_in, message_lang, msg


def run_command(main: Callable[[], int], default_lang: str | None = None) -> NoReturn:
    """Exit with ``main()``'s status. When the reader of the output stops early
    (``python -m etl history | head``) the command ends quietly, as other tools do, instead
    of with a BrokenPipeError traceback (the recipe in Python's ``signal`` documentation).
    What is said here is in the command line's ``--lang``, else ``default_lang`` (the pack's
    zh), else the locale's language, as its parser chose."""
    lang = message_lang(lang_in(sys.argv) or default_lang)
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    except db.INTERRUPTED as exc:
        if not db.is_interrupt(exc):
            raise
        said = (
            msg("cli.interrupted_after_load", load_id=exc.load_id)
            if isinstance(exc, InterruptedAfterLoad)
            else msg("cli.interrupted")
        )
        print(error_line(said.in_lang(lang), lang), file=sys.stderr)
        status = EXIT_INTERRUPTED
    except duckdb.Error as exc:
        if not db.is_lost(exc):
            raise
        # the store stopped answering mid-command (a data file gone, the catalog server
        # down): a write rolled back, so nothing changed
        key = (
            "db.no_room"
            if db.is_no_room(exc)
            else "db.data_file_unreadable"  # a read refused, said apart from a write
            if db.unreadable_file(exc)
            else "db.data_folder_read_only"
            if db.is_read_only(exc)
            else "db.lost"
        )
        plain = key in ("db.lost", "db.data_file_unreadable")  # in the words a page uses
        said = msg(key, error=db.lost_cause(exc) if plain else db.scrub(str(exc)))
        print(error_line(said.in_lang(lang), lang), file=sys.stderr)
        status = EXIT_BUSY
    sys.exit(status)
