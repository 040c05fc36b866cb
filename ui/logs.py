"""Log entries as their reader reads them: the upload and audit logs keep a message as its
key and values (``etl.messages``), said here in the page's language."""

from __future__ import annotations

import polars as pl

from etl.load import logged
from etl.messages import COMMAND_LINE, msg, person, stored_text
from etl.scope import Scope
from queries.scope import loads_bringing_others

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


def notes_in_scope(
    con, frame: pl.DataFrame, scope: Scope, text: str = "message", load_id: str = "load_id"
) -> pl.DataFrame:
    """A log's entries ``frame`` as a reader of ``scope`` may read them: the ``text`` of each
    entry about a load (its id: the column ``load_id``, or the same key of the message's
    values) that brought rows of a unit outside the scope is said to be left out, not shown:
    a load's note or summary may name those units or their file (a bureau's registry closing
    another district's unit; a load made before its account was narrowed to the scope)."""
    if load_id in frame.columns:
        ids = pl.col(load_id)
    else:
        ids = pl.col("message_values").str.json_path_match(f"$.{load_id}").cast(pl.Int64)
    noted = frame.filter(pl.col(text).is_not_null())  # most loads say nothing: not looked up
    found = noted.select(ids.alias(load_id)).get_column(load_id).drop_nulls().unique()
    others = loads_bringing_others(con.cursor(), scope, sorted(found.to_list()))
    if not others:
        return frame
    left_out = msg("scope.note_outside", scope=scope.text())
    hidden = ids.is_in(others) & pl.col(text).is_not_null()
    return frame.with_columns(
        pl.when(hidden).then(pl.lit(value)).otherwise(pl.col(column)).alias(column)
        for column, value in zip(
            (text, "message_key", "message_values"), logged(left_out), strict=True
        )
    )
