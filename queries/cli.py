"""``python -m queries``: list the named queries, or run one and print its result.

Exit codes (``etl.arguments``): 2 for a bad query name or parameters, an unknown user, or a
unit, district or peer group outside the user's scope; 3 the store is busy, unusable or not there.

``--as-user NAME`` runs the query under that account's scope (queries/scope.py), as the
dashboard would for that user; without it the command line sees every unit. ``run``'s messages
are in ``--lang`` (else the locale's language, as ``python -m etl`` chooses it).
"""

from __future__ import annotations

import argparse
import sys

import polars as pl

import accounts
from accounts import NoSuchUser, scope_of
from etl.arguments import EXIT_BAD_INPUT, EXIT_BUSY, EXIT_OK, SpeakingParser
from etl.contracts import ALL_PEER_GROUPS
from etl.db import STORE_HELP, StoreError, commands_told_when_waiting, existing_store
from etl.messages import Text, add_lang, error_line, listed, message_lang, msg
from etl.publish import data_changed_since, latest_publication
from etl.spreadsheet_text import neutralised_text
from queries import (
    AS_PUBLISHED,
    COMPARING_PUBLICATIONS,
    EVERYTHING,
    PUBLICATION,
    QueryError,
    catalogue,
    lookup,
    run,
)
from queries.catalogue import parse_text, peer_group_named
from queries.composed import loads_in, revised_units
from queries.scope import SELECTIONS


def build_parser() -> argparse.ArgumentParser:
    parser = SpeakingParser(prog="python -m queries", description=msg("help.queries"))
    commands = parser.add_subparsers(dest="command", required=True)
    add_lang(commands.add_parser("list", help=msg("help.queries.list")))
    runner = commands.add_parser("run", help=msg("help.queries.run"))
    runner.add_argument("name", help=msg("help.queries.name"))
    runner.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=msg("help.queries.param", selections=listed(SELECTIONS)),
    )
    runner.add_argument("--as-user", metavar="NAME", help=msg("help.queries.as_user"))
    runner.add_argument("--db", help=STORE_HELP)
    runner.add_argument(
        "--format", choices=("csv", "json"), default="csv", help=msg("help.queries.format")
    )
    add_lang(runner)
    return parser


def list_queries(lang: str = "en") -> str:
    """Every query, its purpose (from its own header: queries/*.sql, queries/composed.py) and
    its parameters, then the parameters every query takes, in ``lang``."""
    lines = []
    for query in catalogue():
        said = msg("query.cli.purpose", name=query.name, purpose=query.purpose_in(lang))
        lines.append(said.in_lang(lang))
        lines.extend(f"    {param.describe(lang)}" for param in query.params)
    return "\n".join([*lines, "", msg("query.cli.every_query_takes").in_lang(lang)])


def parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(msg("query.cli.param_form", pair=pair))
        params[name.strip()] = value
    return params


def typed_params(query, texts: dict[str, str]) -> dict[str, object]:
    """Command-line text as each parameter's type; unknown names are left for run() to report."""
    typed = {}
    every_query = {p.name: p for p in (AS_PUBLISHED, PUBLICATION)}
    for name, text in texts.items():
        param = query.param(name) or every_query.get(name)
        if name in SELECTIONS:
            names = [part.strip() for part in text.split(",") if part.strip()]
            if name == "peer_groups":
                names = [peer_group_named(name, n) for n in names]
            typed[name] = names
        else:
            typed[name] = parse_text(param, text) if param else text
    return typed


def unloaded_quarters(con, scope, params: dict[str, object]) -> Text | None:
    """Why an empty result may be a mistyped quarter: the quarter parameters that name a quarter
    without any loaded row, with the quarters that have some (None when every one has rows)."""
    loaded = run(con, "loaded_quarters", scope).get_column("quarter").to_list()
    asked = [
        f"{name}={value}"
        for name, value in params.items()
        if name.endswith("quarter") and isinstance(value, str) and value not in loaded
    ]
    if not asked:
        return None
    have = msg("text.same", text=f"{loaded[-1]}–{loaded[0]}") if loaded else None
    return msg("query.cli.unloaded", asked=listed(asked), have=have or msg("query.cli.no_quarters"))


def current_of_published(con, name: str, scope, params: dict) -> Text | None:
    """For the current figures of a published quarter (no ``as_published``, no
    ``publication``): a note that the quarter is published and how many units (of those the
    reader may see, in the peer group asked for) changed since, as the pages and the pack say
    it; None otherwise."""
    quarter = params.get("quarter")
    if not isinstance(quarter, str) or params.get("as_published") or params.get("publication"):
        return None
    latest = latest_publication(con, quarter)
    if latest is None:  # no revisions, since nothing to compare: said, not an empty list alone
        return (
            msg("query.not_published", quarter=quarter) if name in COMPARING_PUBLICATIONS else None
        )
    if name == "publication_revisions":  # publications with each other, not today's figures
        return None
    # the units of the figures shown: one peer group's ranks are not the bureau's
    group = params.get("peer_group")
    group = group if isinstance(group, str) else ALL_PEER_GROUPS
    changed = run(con, "revisions", scope, quarter=quarter, peer_group=group)
    said = {
        "quarter": quarter,
        "date": f"{latest.published_at:%Y-%m-%d %H:%M}",
        "number": latest.publication_id,
    }
    if changed.is_empty():  # not "since then 0 units' … changed"
        # nor "nothing has changed" of data changed that moved no index (a day received)
        moved = data_changed_since(con.cursor(), latest)
        return msg("query.cli.data_changed" if moved else "query.cli.current_as_published", **said)
    # the revisions are the changes themselves: no figures as published to point to
    key = "query.cli.revisions_since" if name == "revisions" else "query.cli.current_of_published"
    return msg(key, changed=revised_units(changed), **said)


def flat(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with each list cell (a revision's load ids, a definition's changed fields) as
    its items joined by commas, a record as JSON with its field names: CSV holds no lists."""
    lists = {name: dtype for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)}
    return frame.with_columns(
        pl.col(name).list.eval(as_text(dtype.inner)).list.join(",") for name, dtype in lists.items()
    )


def as_text(dtype: pl.DataType) -> pl.Expr:
    item = pl.element()
    return item.struct.json_encode() if isinstance(dtype, pl.Struct) else item.cast(pl.String)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = message_lang(args.lang)
    if args.command == "list":
        print(list_queries(lang))
        return EXIT_OK
    try:
        params = typed_params(lookup(args.name), parse_params(args.param))
        with commands_told_when_waiting(lang):  # a newer schema's columns are written
            con = accounts.connect_speaking(existing_store(args.db))
    except QueryError as exc:
        print(error_line(exc.text, lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as exc:
        print(error_line(exc.in_lang(lang), lang), file=sys.stderr)
        return EXIT_BUSY
    try:
        scope = EVERYTHING if args.as_user is None else scope_of(con, args.as_user)
        result = run(con, args.name, scope, **params)
        if args.name in COMPARING_PUBLICATIONS:  # each load's outcome in the reader's words
            result = result.with_columns(loads_in(result, run(con, "loads", scope), lang))
        unloaded = unloaded_quarters(con, scope, params) if result.is_empty() else None
        note = current_of_published(con, args.name, scope, params) if unloaded is None else None
    except NoSuchUser:
        print(error_line(msg("query.cli.no_user", name=args.as_user), lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    except QueryError as exc:
        print(error_line(exc.text, lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        con.close()
    if unloaded is not None:
        print(error_line(unloaded, lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    if note is not None:
        print(note.in_lang(lang), file=sys.stderr)
    if args.format == "json":  # read by programs: every value as it is
        sys.stdout.write(result.write_json() + "\n")
    else:  # opened in spreadsheets: text that would be a formula kept as text there
        sys.stdout.write(neutralised_text(flat(result)).write_csv())
    return EXIT_OK
