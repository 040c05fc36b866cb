"""``python -m etl``: load files, build the demo store, list and withdraw loads, move a store.

Its help and exit codes: ``etl.arguments`` and ``i18n/strings_cli.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import accounts
from etl.arguments import (
    EXIT_BAD_INPUT,
    EXIT_BUSY,
    EXIT_OK,
    InterruptedAfterLoad,
    SpeakingParser,
    lang_lead,
)
from etl.cells import date_of_text, quarter_of_text, quarters_of_file_name
from etl.contracts import CONTRACTS, KINDS, kind_label
from etl.db import (
    COMMITTED,
    INTERRUPTED,
    LEGACY_FILE,
    STORE_ENV,
    STORE_HELP,
    NoStore,
    StoreError,
    commands_told_when_waiting,
    db_path,
    existing_store,
    holds_data,
    is_interrupt,
    parse_store,
    store_exists,
    store_url,
)
from etl.load import (
    LoadResult,
    history,
    load_file,
    replaced_said,
    withdraw,
    withdrawal_text,
)
from etl.messages import (
    COMMAND_LINE,
    Text,
    add_lang,
    error_line,
    joined,
    lang_in,
    listed,
    listed_person,
    message_lang,
    msg,
    person,
    quarters_note,
    stored_text,
)
from etl.problems import FileRejected, Refused
from etl.read import EXCEL_SUFFIXES, looks_like_excel, read_file, sheets_to_load
from etl.widths import aligned


def build_parser() -> argparse.ArgumentParser:
    parser = SpeakingParser(prog="python -m etl", description=msg("help.etl"))
    sub = parser.add_subparsers(dest="command", required=True)

    load = sub.add_parser("load", help=msg("help.etl.load"))
    load.add_argument("files", nargs="+", type=Path, help=msg("help.etl.load.files"))
    kinds = listed(CONTRACTS[kind].zh for kind in KINDS)
    load.add_argument(
        "--kind", type=kind_given, choices=KINDS, help=msg("help.etl.load.kind", kinds=kinds)
    )
    load.add_argument("--sheet", help=msg("help.etl.load.sheet"))
    load.add_argument("--quarter", action="append", help=msg("help.etl.load.quarter"))
    load.add_argument("--received", help=msg("help.etl.load.received"))
    load.add_argument("--dry-run", action="store_true", help=msg("help.etl.load.dry_run"))
    load.add_argument("--by", default=COMMAND_LINE, type=by_name, help=msg("help.etl.load.by"))
    load.add_argument("--as-user", help=msg("help.etl.load.as_user"))
    add_lang(load)
    add_db(load)

    demo = sub.add_parser("demo", help=msg("help.etl.demo"))
    demo.add_argument("--units", type=int, default=80, help=msg("help.etl.demo.units"))
    demo.add_argument("--quarters", type=int, default=12, help=msg("help.etl.demo.quarters"))
    demo.add_argument("--seed", type=int, default=42, help=msg("help.etl.demo.seed"))
    demo.add_argument("--files", type=Path, help=msg("help.etl.demo.files"))
    add_lang(demo)
    add_db(demo)

    hist = sub.add_parser("history", help=msg("help.etl.history"))
    hist.add_argument("--limit", type=int, default=50, help=msg("help.etl.history.limit"))
    hist.add_argument("--notes", action="store_true", help=msg("help.etl.history.notes"))
    add_lang(hist)
    add_db(hist)

    wd = sub.add_parser("withdraw", help=msg("help.etl.withdraw"))
    wd.add_argument("load_id", type=int, help=msg("help.etl.load_id"))
    wd.add_argument("--by", default=COMMAND_LINE, type=by_name, help=msg("help.etl.withdraw.by"))
    wd.add_argument("--as-user", help=msg("help.etl.withdraw.as_user"))
    add_lang(wd)
    add_db(wd)

    rec = sub.add_parser("received", help=msg("help.etl.received"))
    rec.add_argument("load_id", type=int, help=msg("help.etl.load_id"))
    rec.add_argument("day", help=msg("help.etl.received.day"))
    rec.add_argument("--by", default=COMMAND_LINE, type=by_name, help=msg("help.etl.received.by"))
    rec.add_argument("--as-user", help=msg("help.etl.received.as_user"))
    add_lang(rec)
    add_db(rec)

    pub = sub.add_parser("publish", help=msg("help.etl.publish"))
    pub.add_argument("quarter", help=msg("help.etl.publish.quarter"))
    pub.add_argument("--by", default=COMMAND_LINE, type=by_name, help=msg("help.etl.publish.by"))
    add_lang(pub)
    add_db(pub)
    pubs = sub.add_parser("publications", help=msg("help.etl.publications"))
    pubs.add_argument("--quarter", help=msg("help.etl.publications.quarter"))
    add_lang(pubs)
    add_db(pubs)

    move = sub.add_parser("migrate", help=msg("help.etl.migrate"))
    move.add_argument("--to", required=True, help=msg("help.etl.migrate.to"))
    move.add_argument(
        "--from",
        dest="source",
        default=LEGACY_FILE,
        help=msg("help.etl.migrate.from", legacy=LEGACY_FILE),
    )
    add_lang(move)

    tidy = sub.add_parser("tidy", help=msg("help.etl.tidy"))
    tidy.add_argument("--keep-days", type=int, default=30, help=msg("help.etl.tidy.keep_days"))
    tidy.add_argument("--orphans", action="store_true", help=msg("help.etl.tidy.orphans"))
    tidy.add_argument("--by", default=COMMAND_LINE, type=by_name, help=msg("help.etl.tidy.by"))
    add_lang(tidy)
    add_db(tidy)

    sub.add_parser("contracts", help=msg("help.etl.contracts"))
    sub.add_parser("users", help=msg("help.etl.users"))
    return parser


def by_name(text: str) -> str:
    """``--by``'s name, without blanks at either end, as an account's name is signed in with:
    ``--by 'view '`` published, logged as the viewer ``view`` (the audit log shows no blank).
    Nothing but blanks is the command line's (``COMMAND_LINE``)."""
    return text.strip() or COMMAND_LINE


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help=STORE_HELP)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lead = lang_lead(argv)  # --lang zh users …: the users command's --lang
    if argv[lead : lead + 1] == ["users"]:
        from accounts.cli import main as accounts_main

        return accounts_main([*argv[lead + 1 :], *argv[:lead]])
    args = build_parser().parse_args(argv)
    if args.command == "contracts":
        from etl.docs import contracts_markdown

        print(contracts_markdown())
        return EXIT_OK
    lang = message_lang(args.lang)
    try:
        with commands_told_when_waiting(lang):
            return COMMANDS[args.command](args)
    except StoreError as unusable:
        print(error_line(unusable.in_lang(lang), lang), file=sys.stderr)
        return EXIT_BUSY


def files_in(folder: Path) -> str:
    """The files of ``folder`` to name, as a shell takes them: the folder quoted if need be
    (有 空格 的 目录 would be split at its spaces) and a pattern of the kind of file most of
    its loadable files are (*.csv in a folder of CSV files), *.xlsx when it holds none."""
    suffixes = [p.suffix.lower() for p in folder.iterdir() if p.is_file()]
    loadable = [s for s in suffixes if s in (".csv", *EXCEL_SUFFIXES)]
    suffix = max(loadable, key=loadable.count) if loadable else ".xlsx"
    text = str(folder)
    # quoted only where a shell needs it: shlex quotes any non-ASCII name (报表) too
    quoted = shlex.quote(text) if re.search(r"[\s'\"$`\\!*?&;|<>()\[\]{}#~]", text) else text
    return f"{quoted}/*{suffix}"


def kind_given(text: str) -> str:
    """A kind as ``--kind`` takes it: its name (``activities``) or its Chinese name (活动统计);
    anything else is refused naming both of every kind (argparse's own refusal listed the
    English names alone, though the help offers the Chinese)."""
    chinese = {CONTRACTS[kind].zh: kind for kind in KINDS}
    kind = chinese.get(text.strip(), text.strip())
    if kind not in KINDS:
        kinds = listed(f"{CONTRACTS[k].zh} ({k})" for k in KINDS)
        said = msg("cli.kind_unknown", given=text, kinds=kinds)
        raise argparse.ArgumentTypeError(said.in_lang(message_lang(lang_in(sys.argv))))
    return kind


def run_load(args: argparse.Namespace) -> int:
    lang = message_lang(args.lang)
    received = None
    if args.received is not None:
        received = day_given(args.received, lang)
        if received is None:
            return EXIT_BAD_INPUT
    missing = [f for f in args.files if not f.is_file()]
    for f in missing:
        said = msg("cli.path_is_folder", file=f, files=files_in(f)) if f.is_dir() else None
        print(error_line(said or msg("cli.no_such_file", file=f), lang), file=sys.stderr)
    unreadable = [f for f in args.files if f.is_file() and not os.access(f, os.R_OK)]
    for f in unreadable:
        print(error_line(msg("cli.file_unreadable", file=f), lang), file=sys.stderr)
    if missing or unreadable:
        return EXIT_BAD_INPUT
    if args.sheet is not None and not sheet_applies(args.files, args.sheet, lang):
        return EXIT_BAD_INPUT
    try:
        quarters = quarters_of_files(args.files, args.quarter)
    except Refused as refused:
        print(error_line(refused.text, lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    con = accounts.connect_speaking(store_to_load_into(args))
    try:
        by, scope, system_editor = loader_of(con, args.as_user, args.by)
    except NotALoader as refused:
        con.close()
        print(error_line(refused.text, lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    outcomes = []
    batch: list[LoadResult] = []  # the files (and sheets) of this command so far
    by_sheet = False  # whether a workbook was loaded sheet by sheet
    for path, quarter in zip(args.files, quarters, strict=True):
        say_if_large(path, lang)
        data = path.read_bytes()
        workbook = sheets_to_load(data, path.name, args.kind, args.sheet)
        if workbook is not None:
            print(workbook.said(path.name).in_lang(lang))
            by_sheet = True
        for sheet in workbook.sheets if workbook is not None else (args.sheet,):
            COMMITTED.clear()
            audited = False
            try:
                result = load_file(
                    con,
                    data,
                    path.name,
                    kind=args.kind,
                    sheet=sheet,
                    by=by,
                    dry_run=args.dry_run,
                    quarter=quarter,
                    scope=scope,
                    received=received,
                    system_editor=system_editor,
                    batch=tuple(batch),
                )
                if not args.dry_run:
                    accounts.audit_load(con, by, result)
                audited = True
            except INTERRUPTED as exc:
                said_loaded(con, exc, by, lang, audited)
                raise
            batch.append(result)
            say_result(result, lang)
            outcomes.append(result.outcome)
    con.close()
    rejected = "rejected" in outcomes
    if len(outcomes) > 1:
        total = files_total(outcomes, len(args.files) if by_sheet else None)
        print(total.in_lang(lang), file=sys.stderr if rejected else sys.stdout)
    return EXIT_BAD_INPUT if rejected else EXIT_OK


def quarters_of_files(files: list[Path], given: list[str] | None) -> list[str | None]:
    """The quarter stated for each file (``--quarter``, as written; None: from the file):
    one given is every file's, several are one per file in order; ``Refused`` for another
    count, or when one quarter given for several files is not the one a file's name names
    (满意度_2025Q2.csv loaded with others as 2025Q3): files of different quarters each need
    their own, and every row of that file would load into the wrong quarter."""
    if not given:
        return [None] * len(files)
    if len(given) == 1:
        stated = quarter_of_text(given[0])
        named = {f: quarters_of_file_name(f.name) for f in files}
        unlike = [f for f in files if stated and named[f] and stated not in named[f]]
        if len(files) > 1 and unlike:
            shown = [
                msg("cli.file_named_quarter", file=f.name, quarters=listed(sorted(named[f])))
                for f in unlike
            ]
            text = msg("cli.quarter_unlike_file_names", quarter=given[0], files=joined(shown))
            raise Refused(text)
        return given * len(files)
    if len(given) != len(files):
        raise Refused(msg("cli.quarters_per_file", given=len(given), files=len(files)))
    return list(given)


LARGE_FILE_MB = 16  # a file this large takes seconds (a million rows: one to ten): say so first


def say_if_large(path: Path, lang: str) -> None:
    """A line before a large file's load, so that the command is seen working."""
    size = path.stat().st_size / 2**20
    if size >= LARGE_FILE_MB:
        print(msg("cli.large_file", file=path.name, size=round(size)).in_lang(lang), flush=True)


def sheet_applies(files: list[Path], sheet: str, lang: str) -> bool:
    """Whether every file is a workbook, which ``--sheet`` names a sheet of (as the reader
    tells a workbook: by content); each one that is not is said on stderr in ``lang``."""
    others = [f for f in files if not looks_like_excel(f.read_bytes(), f.name)]
    for f in others:
        print(error_line(msg("cli.sheet_not_workbook", file=f, sheet=sheet), lang), file=sys.stderr)
    return not others


def store_to_load_into(args: argparse.Namespace) -> str:
    """The store's URL. A store that is not there is made only by a real load whose first file
    is the unit registry, which every store starts with: a mistyped ``--db`` must not make a
    new, empty store (whose empty registry then refuses every unit code as unregistered), nor
    may a dry run make anything. A load ``--as-user`` needs the store the account is in (a new
    one holds no account). Otherwise ``NoStore``, with nothing created."""
    try:
        return existing_store(args.db)
    except NoStore:
        if args.dry_run:
            raise
    url = store_url(args.db)
    if args.as_user is not None or not is_unit_registry(args.files[0], args.kind, args.sheet):
        shown = parse_store(url).shown
        raise NoStore(msg("cli.load_no_store", store=shown, variable=STORE_ENV))
    return url


def is_unit_registry(path: Path, kind: str | None, sheet: str | None) -> bool:
    """Whether the file is the unit registry: as ``--kind`` says, else as the reader tells
    its kind, also of a registry it refuses (a new county bureau's, headed 乡镇 while the
    store's level is not yet set: its load is refused with the problems, which say how to
    read it, where "no store" would leave the bureau guessing); a file whose kind cannot be
    told is none."""
    if kind is not None:
        return kind == "units"
    data = path.read_bytes()
    workbook = sheets_to_load(data, path.name, sheet=sheet)
    first = workbook.sheets[0] if workbook is not None else sheet  # the first loaded
    try:
        return read_file(data, path.name, sheet=first).kind == "units"
    except FileRejected as refused:
        return refused.kind == "units"


def said_loaded(con, exc: BaseException, by: str, lang: str, audited: bool) -> None:
    """Ctrl-C (``exc``) stopped a load: if its write had committed (``COMMITTED``), while its
    merge or its audit entry was under way, the file is in, and is recorded (unless
    ``audited``) and said to be, with ``InterruptedAfterLoad`` raised for the command's last
    line: the command said its write was undone, and the audit log missed the load. Else
    nothing."""
    if not is_interrupt(exc):
        return
    loaded = next((r for r in COMMITTED if isinstance(r, LoadResult)), None)
    if loaded is None:
        return
    if not audited:
        accounts.audit_load(con, by, loaded)
    say_result(loaded, lang)
    raise InterruptedAfterLoad(loaded.load_id) from None


def say_result(result: LoadResult, lang: str) -> None:
    """A file's summary line: on stdout, or, when rejected, on stderr with its problems."""
    if result.ok:
        print(result.summary(lang))
        return
    print(result.summary(lang), file=sys.stderr)
    for problem in result.problems:
        print(f"  {problem.describe(lang)}", file=sys.stderr)
    if result.problem_total > len(result.problems):
        more = msg("load.more", count=result.problem_total - len(result.problems))
        print(f"  {more.in_lang(lang)}", file=sys.stderr)


# a load's outcomes in the order the closing line counts them
TOTAL_OUTCOMES = ("loaded", "unchanged", "checked", "rejected")


def files_total(outcomes: list[str], files: int | None = None) -> Text:
    """The closing line of a load of several files: how many were loaded, already loaded,
    checked (a dry run) and rejected, naming only the outcomes that occurred (a run of several
    files exits 2 when one is rejected, though the others are loaded). ``files``: how many
    files were given, when a workbook among them was loaded sheet by sheet (its sheets are
    counted, each an upload of its own)."""
    parts = joined(
        [
            msg(f"cli.files_{outcome}", count=outcomes.count(outcome))
            for outcome in TOTAL_OUTCOMES
            if outcome in outcomes
        ],
        "text.comma_sep",
    )
    if files is not None:
        return msg("cli.uploads_total", count=len(outcomes), files=files, parts=parts)
    return msg("cli.files_total", count=len(outcomes), parts=parts)


def day_given(text: str, lang: str) -> date | None:
    """The day ``text`` names, or None when it names none (said on stderr in ``lang``)."""
    day = date_of_text(text)
    if day is None:
        print(error_line(msg("cli.not_a_day", text=text), lang), file=sys.stderr)
    return day


class NotALoader(Refused):
    """``--as-user`` names no analyst or admin."""


def loader_of(con, as_user: str | None, by: str):
    """(who loads, their scope, whether they may change the indicator system):
    ``--as-user``'s account, which must be an analyst or admin (else ``NotALoader``), else
    ``--by`` with the bureau-wide scope (whoever runs the command holds the store): a label,
    unless it names an account, which must then be one that may load, and may change the
    indicator system only if that account may (a bureau-wide admin)."""
    from etl.scope import EVERYTHING

    if as_user is None:
        role = accounts.role_of(con, by)
        if role is not None and not accounts.role_allows(role, "analyst"):
            # an account named as the loader must be one that may load: a viewer's name was
            # logged as who loaded (the name is the command line's label otherwise)
            said = accounts.role_text(role)
            raise NotALoader(msg("cli.role_may_not_load", name=by, role=said))
        # an analyst named by --by loaded and withdrew the indicator system, which the same
        # account's --as-user, and its page, may not
        return by, EVERYTHING, role is None or accounts.may_edit_system(con, by)
    role = accounts.role_of(con, as_user)
    if role is not None and not accounts.role_allows(role, "analyst"):
        said = accounts.role_text(role)
        raise NotALoader(msg("cli.role_may_not_load", name=as_user, role=said))
    if role is None:
        raise NotALoader(msg("cli.not_a_loader", name=as_user))
    return as_user, accounts.scope_of(con, as_user), accounts.may_edit_system(con, as_user)


def run_demo(args: argparse.Namespace) -> int:
    from etl.demo import build_demo

    lang = message_lang(args.lang)
    target = db_path(args.db)
    if store_exists(target):
        print(error_line(msg("cli.demo_exists", target=target), lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    summary = build_demo(
        target,
        units=args.units,
        quarters=args.quarters,
        seed=args.seed,
        keep_files=args.files,
        progress=lambda said: print(said.in_lang(lang)),
    )
    print(summary.in_lang(lang))
    # the demo holds data only: nobody can sign in until accounts are made
    print(msg("cli.demo_no_accounts").in_lang(lang))
    return EXIT_OK


def rows_cell(count: int, lang: str) -> str:
    """A load's rows in the history's column: the count right-aligned, written as the pages
    write it (9,023), and its noun as the catalogue counts it (1 row, 2 rows)."""
    number, _, noun = msg("cli.rows", rows=count).in_lang(lang).partition(" ")
    return f"{number:>9} {noun} "


def run_history(args: argparse.Namespace) -> int:
    lang = message_lang(args.lang)
    url = existing_store(args.db)
    con = accounts.connect_speaking(url)
    frame = history(con, args.limit)
    # a new store (a PostgreSQL catalog a dashboard opened first, say): how to move one in
    empty = frame.height == 0 and parse_store(url).target != LEGACY_FILE and not holds_data(con)
    con.close()
    order = msg("cli.load_order")
    if empty:
        shown = parse_store(url).shown
        print(msg("cli.empty_store", store=shown, legacy=LEGACY_FILE, order=order).in_lang(lang))
        return EXIT_OK
    if frame.height == 0:
        print(msg("cli.no_loads", order=order).in_lang(lang))
        return EXIT_OK
    lines = []
    for row in frame.iter_rows(named=True):
        state = msg(f"cli.outcome.{row['outcome']}").in_lang(lang)
        if row["withdrawn_at"]:
            state += msg(
                "cli.withdrawn_by",
                at=f"{row['withdrawn_at']:%Y-%m-%d %H:%M}",
                by=listed_person(row["withdrawn_by"], lang),
            ).in_lang(lang)
        received = ""
        if row["received_on"]:
            received = msg("cli.received", on=row["received_on"].isoformat()).in_lang(lang)
        lines.append(
            [
                f"{row['load_id']:>5} ",
                f"{row['loaded_at']:%Y-%m-%d %H:%M} ",
                listed_person(row["loaded_by"], lang),
                kind_label(row["kind"], lang),
                rows_cell(row["row_count"] or 0, lang),
                state,
                # no quarter (a registry, a file refused unread): no spaces before none
                "  ".join(filter(None, [row["file_name"], row["quarters"]])) + received,
            ]
        )
    shown = aligned(lines, [5, 17, 10, 12, 0, 10])
    if args.notes:
        shown = with_notes(shown, frame, lang)
    print("\n".join(shown))
    return EXIT_OK


# a note's indent under its entry: past the load's number
NOTE_INDENT = " " * 7


def with_notes(shown: list[str], frame, lang: str) -> list[str]:
    """``etl history --notes``: under each entry its stored note (a rejection's reason, a
    correction's rows left out, a note on the data) in ``lang``, as the Upload page's history
    says it; the entry lines stay as they are, for scripts that split them."""
    columns = ("replaced_rows", "restated", "message_key", "message_values", "message")
    notes = [
        replaced_note(replaced, restated, lang) + stored_text(key, values, stored, lang)
        for replaced, restated, key, values, stored in frame.select(columns).rows()
    ]
    out = []
    for line, note in zip(shown, notes, strict=True):
        out.append(line)
        out += [NOTE_INDENT + part for part in note.splitlines() if part.strip()]
    return out


def replaced_note(replaced: int | None, restated: bool, lang: str) -> str:
    """A correction's or restatement's first note line: the rows loaded before it replaced
    (the load's summary said so; without it the entry reads as a first load); "" for none."""
    said = replaced_said(replaced, restated)
    return "" if said is None else said.in_lang(lang) + "\n"


def acting_on_load(args: argparse.Namespace, action: str, do, described):
    """Run ``do(con, by, scope, system_editor)`` on a load as ``--as-user`` (or ``--by``) and
    audit it as ``action`` (``described(done, refusal)``, the audit entry's text), or as the
    action what was done, or refused, names (``audit_action``: a withdrawn indicator-system
    load is a change of the system); a refusal (``etl.problems.Refused``) is audited and
    printed. What was done, or None if refused."""
    lang = message_lang(args.lang)
    con = accounts.connect_speaking(existing_store(args.db))
    try:
        by, scope, system_editor = loader_of(con, args.as_user, args.by)
        done = do(con, by, scope, system_editor)
        accounts.audit(con, by, getattr(done, "audit_action", action), True, described(done, None))
        return done
    except NotALoader as refused:
        print(error_line(refused.text, lang), file=sys.stderr)
    except Refused as refused:
        refused_action = getattr(refused, "audit_action", action)
        accounts.audit(con, by, refused_action, False, described(None, refused.text))
        print(error_line(refused.text, lang), file=sys.stderr)
    finally:
        con.close()
    return None


def run_withdraw(args: argparse.Namespace) -> int:
    done = acting_on_load(
        args,
        "withdraw",
        lambda con, by, scope, editor: withdraw(
            con, args.load_id, by=by, scope=scope, system_editor=editor
        ),
        lambda done, refusal: withdrawal_text(args.load_id, done, refusal),
    )
    if done is None:
        return EXIT_BAD_INPUT
    said = done.with_changes(done.said("cli.withdrew", args.load_id))
    for key, quarters in done.notes():
        said += quarters_note(key, quarters)
    print(said.in_lang(message_lang(args.lang)))
    return EXIT_OK


def run_received(args: argparse.Namespace) -> int:
    from etl.received import received_text, set_received

    day = day_given(args.day, message_lang(args.lang))
    if day is None:
        return EXIT_BAD_INPUT
    done = acting_on_load(
        args,
        "received",
        lambda con, by, scope, _: set_received(con, args.load_id, day, by, scope=scope),
        lambda _, refusal: received_text(args.load_id, day, refusal),
    )
    if done is None:
        return EXIT_BAD_INPUT
    on = day.isoformat()
    said = msg("cli.received_set", load_id=args.load_id, file=done.file_name, on=on)
    if done.published:
        said += quarters_note("received.published", done.published)
    print(said.in_lang(message_lang(args.lang)))
    return EXIT_OK


def run_publish(args: argparse.Namespace) -> int:
    from etl.publish import PublishRefused, publish
    from etl.quarters import unfinished

    lang = message_lang(args.lang)
    con = accounts.connect_speaking(existing_store(args.db))
    try:
        # an account named as the publisher must be one that may publish: the audit log
        # recorded a viewer's name as the one who published
        if accounts.standing_of(con, args.by) and not accounts.may_publish(con, args.by):
            raise PublishRefused(msg("cli.publish_by_may_not", name=args.by))
        done = publish(con, quarter_of_text(args.quarter) or args.quarter, args.by)
        accounts.audit(con, args.by, "publish", True, done.described)
    except PublishRefused as refused:
        print(error_line(refused.text, lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        con.close()
    said = msg(
        "cli.published",
        quarter=done.quarter,
        number=done.publication_id,
        at=f"{done.published_at:%Y-%m-%d %H:%M}",
        by=person(done.published_by),  # 命令行 / the command line without --by, as every log
    )
    print(said.in_lang(lang))
    if unfinished(done.quarter):
        print(msg("publish.unfinished", quarter=done.quarter).in_lang(lang), file=sys.stderr)
    return EXIT_OK


def run_publications(args: argparse.Namespace) -> int:
    from etl.publish import publications, withdrawn_before

    lang = message_lang(args.lang)
    quarter = quarter_of_text(args.quarter) if args.quarter is not None else None
    if args.quarter is not None and quarter is None:
        print(error_line(msg("cli.not_a_quarter", text=args.quarter), lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    con = accounts.connect_speaking(existing_store(args.db))
    try:
        found = [(p, withdrawn_before(con, p)) for p in publications(con, quarter)]
    finally:
        con.close()
    lines = []
    for p, withdrawn in found:
        upto = msg("cli.up_to_load", load_id=p.last_load_id)
        if withdrawn:
            upto += msg(
                "cli.withdrawn_loads", count=len(withdrawn), loads=listed(map(str, withdrawn))
            )
        lines.append(
            [
                f"{p.publication_id:>4} ",
                f"{p.quarter} ",
                f"{p.published_at:%Y-%m-%d %H:%M} ",
                listed_person(p.published_by, lang),
                upto.in_lang(lang),
            ]
        )
    if lines:
        print("\n".join(aligned(lines, [4, 7, 17, 12])))
    if not found:
        said = msg("cli.not_published", quarter=quarter) if quarter else msg("cli.no_publications")
        print(said.in_lang(lang))
    return EXIT_OK


def run_migrate(args: argparse.Namespace) -> int:
    from etl.migrate import MigrationRefused, migrate

    lang = message_lang(args.lang)
    if not store_exists(args.source, as_recorded=True):
        print(error_line(msg("migrate.no_source", store=args.source), lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        copied = migrate(args.source, args.to, progress=lambda said: print(said.in_lang(lang)))
    except MigrationRefused as refused:
        print(error_line(refused.in_lang(lang), lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    said = msg("migrate.done", rows=sum(copied.values()), tables=len(copied), url=repr(args.to))
    print(said.in_lang(lang))
    return EXIT_OK


def run_tidy(args: argparse.Namespace) -> int:
    from etl.tidy import tidy

    lang = message_lang(args.lang)
    if args.keep_days < 1:  # a state a pack or a page is reading may be of the last hours
        said = msg("tidy.keep_a_day", days=args.keep_days)
        print(error_line(said, lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    url = existing_store(args.db)
    con = accounts.connect_speaking(url)
    try:
        keep_since = datetime.now(UTC) - timedelta(days=args.keep_days)
        done = tidy(con, keep_since, orphans=args.orphans)
        if done is None:
            print(msg("tidy.not_a_lake", store=parse_store(url).shown).in_lang(lang))
            return EXIT_OK
        said = msg(
            "tidy.done",
            expired=done.expired,
            kept=done.kept_published,
            days=args.keep_days,
            files=done.files,
            size=megabytes(done.freed),
        )
        accounts.audit(con, args.by, "tidy", True, said)
    finally:
        con.close()
    print(said.in_lang(lang))
    if done.merged:
        print(msg("tidy.merged", merged=done.merged, into=done.merged_into).in_lang(lang))
    if done.set_aside:
        kept = msg("tidy.set_aside", count=done.set_aside, size=megabytes(done.set_aside_bytes))
        print(kept.in_lang(lang))
    if done.orphans:
        # with --orphans, those left are the ones younger than a day
        key = "tidy.orphans_young" if args.orphans else "tidy.orphans_left"
        left = msg(key, count=done.orphans, size=megabytes(done.orphan_bytes))
        print(left.in_lang(lang))
    return EXIT_OK


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"  # as the large-file line counts them


COMMANDS = {
    "load": run_load,
    "demo": run_demo,
    "history": run_history,
    "withdraw": run_withdraw,
    "received": run_received,
    "migrate": run_migrate,
    "publish": run_publish,
    "publications": run_publications,
    "tidy": run_tidy,
}
