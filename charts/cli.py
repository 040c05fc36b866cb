"""``python -m charts pack``: the quarterly meeting pack from the command line (for a
scheduled job as much as for a person).

Exit codes: 0 done; 2 bad input (an unknown quarter, district or peer group, a wrong file
name; nothing written); 3 the database is held by another process; 4 no CJK font.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

from charts.fonts import CJKFontMissing
from charts.pack import PackInputError, PackRequest, make_pack
from etl.db import STORE_HELP, StoreError, connect, db_path, store_exists
from etl.publish import latest_publication

EXIT_OK, EXIT_BAD_INPUT, EXIT_BUSY, EXIT_NO_FONT = 0, 2, 3, 4
QUARTER = re.compile(r"^\d{4}Q[1-4]$")


class BadArguments(ValueError):
    """Arguments that are well formed for argparse but cannot be used."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m charts", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    pack = sub.add_parser("pack", help="make the meeting pack: PPTX, and PDF / DOCX on request")
    pack.add_argument("--quarter", required=True, help="the quarter, e.g. 2025Q3")
    pack.add_argument("--out", required=True, type=Path, help="the slide deck to write (.pptx)")
    pack.add_argument("--pdf", type=Path, help="also write the same content as a PDF")
    pack.add_argument("--circular", type=Path, help="also write the draft circular (.docx)")
    pack.add_argument("--lang", choices=("zh", "en"), default="zh")
    pack.add_argument(
        "--peer-group", action="append", default=[], help="only this peer group (repeatable)"
    )
    pack.add_argument(
        "--district", action="append", default=[], help="only this district (repeatable)"
    )
    pack.add_argument(
        "--publication",
        type=int,
        help="the figures as this publication showed them (python -m etl publications)",
    )
    pack.add_argument(
        "--as-published",
        action="store_true",
        help="the figures as the quarter's latest publication showed them",
    )
    pack.add_argument("--db", help=STORE_HELP)
    pack.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def check_arguments(args: argparse.Namespace) -> None:
    if not QUARTER.match(args.quarter):
        raise BadArguments(f"--quarter {args.quarter!r}: write the quarter as YYYYQn, e.g. 2025Q3")
    for option, path, suffix in (
        ("--out", args.out, ".pptx"),
        ("--pdf", args.pdf, ".pdf"),
        ("--circular", args.circular, ".docx"),
    ):
        if path is None:
            continue
        if path.suffix.lower() != suffix:
            raise BadArguments(f"{option} {path}: the file name must end in {suffix}")
        if not path.parent.is_dir():
            raise BadArguments(f"{option} {path}: the folder {path.parent} does not exist")
    database = db_path(args.db)
    if not store_exists(database):
        raise BadArguments(
            f"no store at {database}: build one with `python -m etl demo --db {database}` "
            "or load files with `python -m etl load`"
        )


def print_progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def chosen_publication(con, args: argparse.Namespace) -> int | None:
    if args.publication is not None:
        return args.publication
    if not args.as_published:
        return None
    found = latest_publication(con, args.quarter)
    if found is None:
        raise BadArguments(f"{args.quarter} has not been published (python -m etl publish)")
    return found.publication_id


def run_pack(args: argparse.Namespace) -> int:
    check_arguments(args)
    request = PackRequest(
        quarter=args.quarter,
        lang=args.lang,
        peer_groups=tuple(args.peer_group),
        districts=tuple(args.district),
    )
    con = connect(args.db)
    try:
        request = replace(request, publication=chosen_publication(con, args))
        files = make_pack(
            con,
            request,
            progress=None if args.quiet else print_progress,
            pdf=args.pdf is not None,
            circular=args.circular is not None,
        )
    finally:
        con.close()
    written = [(args.out, files.pptx), (args.pdf, files.pdf), (args.circular, files.docx)]
    for path, data in written:
        if path is not None and data is not None:
            path.write_bytes(data)
            print(f"wrote {path} ({len(data):,} bytes)")
    print(f"{len(files.slides)} slides, {files.charts} charts, {files.seconds:.1f} s")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run_pack(args)
    except (BadArguments, PackInputError) as bad:
        print(f"error: {bad}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as busy:
        print(f"error: {busy}", file=sys.stderr)
        return EXIT_BUSY
    except CJKFontMissing as missing:
        print(f"error: {missing}", file=sys.stderr)
        return EXIT_NO_FONT
