"""Log entries as their reader reads them: the upload and audit logs keep a message as its
key and values (``etl.messages``), said here in the page's language."""

from __future__ import annotations

import polars as pl

import accounts
from etl.load import logged
from etl.messages import COMMAND_LINE, msg, person, stored_text
from etl.scope import Scope
from queries.scope import load_places, rows_in_scope

TIME_FORMAT = "%Y-%m-%d %H:%M"  # a log's times, to the minute
SCOPED_ROWS = "rows_in_scope"  # an entry whose counts are its reader's units' alone


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
    con,
    frame: pl.DataFrame,
    scope: Scope,
    text: str = "message",
    load_id: str = "load_id",
    by: tuple[str, ...] = ("loaded_by",),
    at: str = "loaded_at",
    places: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """A log's entries ``frame`` as a reader of ``scope`` may read them: the ``text`` of each
    entry about a load (its id: the column ``load_id``, or the same key of the message's
    values) that brought rows of a unit outside the scope is said to be left out, not shown:
    a load's note or summary may name those units or their file (a bureau's registry closing
    another district's unit; a load made before its account was narrowed to the scope). So is
    the ``text`` of an entry that no load's rows place inside the scope (a rejected file, an
    account's change) made (time ``at``) by or about an account (the columns ``by``) before
    it was given the scope it has now: made under a wider scope, it may name units outside
    this one (its own file rejected for another district's rows). Bureau-wide: unchanged.
    ``places``: ``queries.scope.load_places`` of the entries' loads, when the caller has it."""
    if scope.is_everything:
        return frame
    if load_id in frame.columns:
        ids = pl.col(load_id)
    else:
        ids = pl.col("message_values").str.json_path_match(f"$.{load_id}").cast(pl.Int64)
    noted = frame.filter(pl.col(text).is_not_null())  # most loads say nothing: not looked up
    if places is None:
        found = noted.select(ids.alias(load_id)).get_column(load_id).drop_nulls().unique()
        places = load_places(con.cursor(), scope, sorted(found.to_list()))
    names = noted.select(pl.concat_list(by).explode().drop_nulls().unique()).to_series()
    set_at = accounts.scopes_set_at(con, names.to_list())
    given = pl.max_horizontal(
        pl.col(c).replace_strict(set_at, default=None, return_dtype=frame[at].dtype) for c in by
    )
    placed = ids.is_in(places["load_id"].implode()).fill_null(False)
    outside = ids.is_in(places.filter("outside")["load_id"].implode()).fill_null(False)
    earlier = ~placed & (pl.col(at) < given).fill_null(False)
    said = pl.col(text).is_not_null()
    left_out = (
        (said & outside, msg("scope.note_outside", scope=scope.text())),
        (said & earlier, msg("scope.note_before", scope=scope.text())),
    )

    def kept(place: int, column: str) -> pl.Expr:
        shown = pl.col(column)
        for hidden, note in reversed(left_out):
            shown = pl.when(hidden).then(pl.lit(logged(note)[place])).otherwise(shown)
        return shown.alias(column)

    return frame.with_columns(
        kept(place, column) for place, column in enumerate((text, "message_key", "message_values"))
    )


def counts_in_scope(con, frame: pl.DataFrame, scope: Scope, places: pl.DataFrame) -> pl.DataFrame:
    """The upload log's entries ``frame`` with the counts a reader of ``scope`` may read: a
    load that brought rows of a unit outside the scope (``places``: ``load_places`` of the
    entries' loads) counts only the rows of the scope's units (``row_count``,
    ``replaced_rows``: ``queries.scope.rows_in_scope``), marked true in the column
    ``rows_in_scope`` so that the history says so; the log's counts are the whole file's, and
    a bureau's registry of 80 rows told a district's reader of its 10 units how many lie
    outside. A withdrawn load's rows are gone: its counts are left empty."""
    others = places.filter("outside")["load_id"]
    counts = rows_in_scope(con.cursor(), scope, others.to_list())
    scoped = pl.col("load_id").is_in(others.implode()).fill_null(False)
    return (
        frame.join(counts, on="load_id", how="left", maintain_order="left")
        .with_columns(
            pl.when(scoped)
            .then(pl.col(new))
            .otherwise(pl.col(old))
            .cast(frame[old].dtype)
            .alias(old)
            for old, new in (("row_count", "rows"), ("replaced_rows", "replaced"))
        )
        .with_columns(scoped.alias(SCOPED_ROWS))
        .drop("rows", "replaced")
    )
