"""``python -m queries``: list the named queries, or run one and print its result.

Exit codes: 0 done; 2 bad query name or parameters; 3 the database is held by another process.
"""

from __future__ import annotations

import argparse
import sys

from etl.db import STORE_HELP, StoreError, connect, db_path
from queries import QueryError, catalogue, lookup, run
from queries.catalogue import parse_text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m queries", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="every named query with its parameters")
    runner = commands.add_parser("run", help="run one named query and print the result")
    runner.add_argument("name")
    runner.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter, e.g. --param quarter=2025Q3 (repeat for more)",
    )
    runner.add_argument("--db", help=STORE_HELP)
    runner.add_argument("--format", choices=("csv", "json"), default="csv")
    return parser


def list_queries() -> str:
    lines = []
    for query in catalogue():
        lines.append(f"{query.name}: {query.purpose}")
        for param in query.params:
            lines.append(f"    {param.describe()}")
    return "\n".join(lines)


def parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r} should look like NAME=VALUE, e.g. quarter=2025Q3")
        params[name.strip()] = value
    return params


def typed_params(query, texts: dict[str, str]) -> dict[str, object]:
    """Command-line text as each parameter's type; unknown names are left for run() to report."""
    typed = {}
    for name, text in texts.items():
        param = query.param(name)
        typed[name] = parse_text(param, text) if param else text
    return typed


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "list":
        print(list_queries())
        return 0
    try:
        params = typed_params(lookup(args.name), parse_params(args.param))
        con = connect(db_path(args.db))
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    try:
        result = run(con, args.name, **params)
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    sys.stdout.write(result.write_json() if args.format == "json" else result.write_csv())
    if args.format == "json":
        sys.stdout.write("\n")
    return 0
