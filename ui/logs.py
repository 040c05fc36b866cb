"""Log entries as their reader reads them: the upload and audit logs keep a message as its
key and values (``etl.messages``), said here in the page's language."""

from __future__ import annotations

import polars as pl

from etl.messages import COMMAND_LINE, person, stored_text

TIME_FORMAT = "%Y-%m-%d %H:%M"  # a log's times, to the minute


def with_messages(frame: pl.DataFrame, lang: str, text: str = "message") -> pl.DataFrame:
    """A log's ``message_key`` and ``message_values`` said in ``lang`` as its ``text`` column;
    an entry written before logs kept keys keeps its stored text as it is."""
    if "message_key" not in frame.columns:
        return frame
    said = [
        stored_text(key, values, stored, lang)
        for key, values, stored in frame.select("message_key", "message_values", text).rows()
    ]
    return frame.with_columns(pl.Series(text, said, dtype=pl.String)).drop(
        "message_key", "message_values"
    )


def as_person(column: str, lang: str) -> pl.Expr:
    """Who acted (a log's loaded_by, username…), as ``etl.messages.person`` says it: a command
    run without --by as 命令行 / the command line, not "cli"."""
    return pl.col(column).replace(COMMAND_LINE, person(COMMAND_LINE).in_lang(lang))
