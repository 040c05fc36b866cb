"""``python -m charts pack``: the quarterly meeting pack from the command line (for a
scheduled job as much as for a person); ``--per-district`` writes one pack per district
(charts/pack/per_district.py), ``--as-user NAME`` limits any pack to that account's scope.

Exit codes (``etl.arguments``): 2 for bad input (an unknown quarter, district, peer group or
user, a quarter without data, a wrong file name; nothing written); 3 the store is busy,
unusable or not there; 4 no CJK font.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

import accounts
from charts.fonts import CJKFontMissing
from charts.pack import PackInputError, PackRequest, make_pack
from charts.pack.per_district import per_district_packs
from etl.arguments import (
    EXIT_BAD_INPUT,
    EXIT_BUSY,
    EXIT_NO_FONT,
    EXIT_OK,
    SpeakingParser,
    exit_codes,
)
from etl.cells import quarter_of_text
from etl.db import (
    STORE_ENV,
    STORE_HELP,
    NoStore,
    StoreError,
    commands_told_when_waiting,
    db_path,
    parse_store,
    store_exists,
)
from etl.messages import error_line, msg
from etl.publish import latest_publication
from etl.quarters import quarter_of_today, shift_quarter, unfinished
from i18n import t
from queries.catalogue import peer_group_of_text
from queries.scope import EVERYTHING, OutOfScope, Scope

PACK_LANG = "zh"  # whatever the locale: the pack is for the bureau's meeting


class BadArguments(ValueError):
    """Arguments that are well formed for argparse but cannot be used."""


def refused(args: argparse.Namespace, key: str, **fmt: object) -> BadArguments:
    """A refusal in the pack's language (``pack.arg.*``)."""
    return BadArguments(t(f"pack.arg.{key}", args.lang, **fmt))


def build_parser() -> argparse.ArgumentParser:
    parser = SpeakingParser(
        prog="python -m charts",
        description=msg("help.charts"),
        default_lang=PACK_LANG,
        epilog=exit_codes(font=True),
    )
    sub = parser.add_subparsers(dest="command", required=True)
    pack = sub.add_parser("pack", help=msg("help.charts.pack"))
    pack.add_argument("--quarter", required=True, help=msg("help.charts.quarter"))
    pack.add_argument("--out", required=True, type=Path, help=msg("help.charts.out"))
    pack.add_argument("--per-district", action="store_true", help=msg("help.charts.per_district"))
    pack.add_argument("--as-user", metavar="NAME", help=msg("help.charts.as_user"))
    pack.add_argument("--pdf", type=Path, help=msg("help.charts.pdf"))
    pack.add_argument("--circular", type=Path, help=msg("help.charts.circular"))
    pack.add_argument(
        "--lang", choices=("zh", "en"), default=PACK_LANG, help=msg("help.charts.lang")
    )
    pack.add_argument(
        "--peer-group", action="append", default=[], help=msg("help.charts.peer_group")
    )
    pack.add_argument("--district", action="append", default=[], help=msg("help.charts.district"))
    pack.add_argument("--publication", type=int, help=msg("help.charts.publication"))
    pack.add_argument("--as-published", action="store_true", help=msg("help.charts.as_published"))
    pack.add_argument("--current", action="store_true", help=msg("help.charts.current"))
    pack.add_argument("--db", help=STORE_HELP)
    pack.add_argument("--quiet", action="store_true", help=msg("help.charts.quiet"))
    return parser


def check_arguments(args: argparse.Namespace) -> None:
    if args.quarter == "previous":
        args.quarter = shift_quarter(quarter_of_today(), -1)
    quarter = quarter_of_text(args.quarter)
    if quarter is None:
        raise refused(args, "quarter", quarter=args.quarter)
    args.quarter = quarter  # 2025Q3 from here on, however it was written
    if args.quarter > quarter_of_today():  # no file of it can have come yet
        raise refused(args, "not_begun", quarter=args.quarter, current=quarter_of_today())
    # 三甲 is 三级医院 here as in a registry (the runner's rule): as stored from here on
    args.peer_group = [peer_group_of_text(group) for group in args.peer_group]
    if args.per_district:
        check_per_district(args)
    else:
        check_files(args)
    database = db_path(args.db)
    if not store_exists(database):  # exit 3, as every program's store that is not there
        raise NoStore(msg("db.no_store", store=parse_store(database).shown, variable=STORE_ENV))


def check_per_district(args: argparse.Namespace) -> None:
    for option, value in (
        ("--pdf", args.pdf),
        ("--circular", args.circular),
        ("--district", args.district),
        ("--peer-group", args.peer_group),
    ):
        if value:
            raise refused(args, "not_per_district", option=option)
    if args.out.suffix.lower() in (".pptx", ".pdf", ".docx"):
        raise refused(args, "out_names_folder", path=args.out)
    if args.out.exists() and not args.out.is_dir():
        raise refused(args, "out_is_file", path=args.out)
    check_folder(args, "--out", args.out)


def check_files(args: argparse.Namespace) -> None:
    for option, path, suffix in (
        ("--out", args.out, ".pptx"),
        ("--pdf", args.pdf, ".pdf"),
        ("--circular", args.circular, ".docx"),
    ):
        if path is None:
            continue
        if path.is_dir():  # the folder the packs go in: the file is to be named in it
            example = path / f"{args.quarter}{suffix}"
            raise refused(args, "is_folder", option=option, path=path, example=example)
        if path.suffix.lower() != suffix:
            raise refused(args, "suffix", option=option, path=path, suffix=suffix)
        check_folder(args, option, path)


def check_folder(args: argparse.Namespace, option: str, path: Path) -> None:
    """The folder ``path`` is written into exists, is a folder, and may be written to."""
    folder = path.parent
    if not folder.exists():
        raise refused(args, "no_folder", option=option, path=path, folder=folder)
    if not folder.is_dir():
        raise refused(args, "folder_is_file", option=option, path=path, folder=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise refused(args, "folder_read_only", option=option, path=path, folder=folder)


def print_progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def chosen_publication(con, args: argparse.Namespace) -> int | None:
    """The publication whose figures the pack shows: the one named, else for a published
    quarter its latest (as the pages show it), unless --current; None: the current figures."""
    if sum((args.publication is not None, args.as_published, args.current)) > 1:
        raise refused(args, "figures_exclusive")
    if args.publication is not None:
        return args.publication
    if args.current:
        return None
    found = latest_publication(con, args.quarter)
    if found is None and args.as_published:
        raise refused(args, "not_published", quarter=args.quarter)
    if found is not None and not args.quiet:
        print(
            t(
                "pack.cli.as_published",
                args.lang,
                quarter=args.quarter,
                number=found.publication_id,
            ),
            file=sys.stderr,
        )
    return found.publication_id if found else None


def user_scope(con, args: argparse.Namespace) -> Scope:
    """The scope of ``--as-user`` (BadArguments for an unknown name), else everything."""
    if args.as_user is None:
        return EVERYTHING
    try:
        return accounts.scope_of(con, args.as_user)
    except accounts.NoSuchUser:
        raise refused(args, "no_user", user=args.as_user) from None


def run_pack(args: argparse.Namespace) -> int:
    check_arguments(args)
    if args.per_district:
        return run_per_district(args)
    request = PackRequest(
        quarter=args.quarter,
        lang=args.lang,
        peer_groups=tuple(args.peer_group),
        districts=tuple(args.district),
    )
    con = accounts.connect_speaking(args.db)
    try:
        request = replace(
            request, publication=chosen_publication(con, args), scope=user_scope(con, args)
        )
        files = make_pack(
            con,
            request,
            progress=None if args.quiet else print_progress,
            pdf=args.pdf is not None,
            circular=args.circular is not None,
        )
    finally:
        con.close()
    note_unfinished(args)
    written = [(args.out, files.pptx), (args.pdf, files.pdf), (args.circular, files.docx)]
    for path, data in written:
        if path is not None and data is not None:
            path.write_bytes(data)
            print(t("pack.cli.wrote", args.lang, path=path, size=len(data)))
    print(
        t(
            "pack.cli.summary",
            args.lang,
            slides=len(files.slides),
            charts=files.charts,
            seconds=files.seconds,
        )
    )
    return EXIT_OK


def note_unfinished(args: argparse.Namespace) -> None:
    """For a quarter not yet ended, a warning (also under --quiet) that the figures may yet
    change: once the pack is made, so that a quarter with no data gets the error alone."""
    if unfinished(args.quarter):
        print(t("pack.cli.unfinished", args.lang, quarter=args.quarter), file=sys.stderr)


def run_per_district(args: argparse.Namespace) -> int:
    con = accounts.connect_speaking(args.db)
    try:
        scope, publication = user_scope(con, args), chosen_publication(con, args)
        written = per_district_packs(
            con,
            args.quarter,
            args.out,
            args.lang,
            scope,
            publication,
            progress=None if args.quiet else district_progress,
        )
    finally:
        con.close()
    note_unfinished(args)
    for pack in written:
        for path, size in zip(pack.paths, pack.sizes, strict=True):
            print(t("pack.cli.wrote", args.lang, path=path, size=size))
    slides = sum(p.slides for p in written)
    seconds = sum(p.seconds for p in written)
    print(
        t(
            "pack.cli.district_summary",
            args.lang,
            packs=len(written),
            slides=slides,
            seconds=seconds,
        )
    )
    return EXIT_OK


def district_progress(district: str):
    def show(fraction: float, message: str) -> None:
        print(f"[{district} {fraction:4.0%}] {message}", file=sys.stderr, flush=True)

    return show


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = args.lang  # pack's --lang, zh unless asked
    try:
        with commands_told_when_waiting(lang):
            return run_pack(args)
    except (BadArguments, PackInputError, OutOfScope) as bad:
        print(error_line(str(bad), lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as busy:
        print(error_line(busy.in_lang(lang), lang), file=sys.stderr)
        return EXIT_BUSY
    except CJKFontMissing as missing:
        print(error_line(str(missing), lang), file=sys.stderr)
        return EXIT_NO_FONT
    except OSError as failed:  # a folder that takes no files (/proc, a full disk…)
        where = failed.filename or getattr(args, "out", "")
        said = t("pack.arg.cannot_write", lang, path=where, reason=failed.strerror)
        print(error_line(said, lang), file=sys.stderr)
        return EXIT_BAD_INPUT
