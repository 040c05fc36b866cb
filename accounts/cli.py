"""``python -m etl users …``: manage sign-in accounts, their scopes and the viewing settings
from the command line.

Every command takes ``--lang zh|en`` as the other commands of ``python -m etl`` do (default:
Chinese in a Chinese locale) and says what it did, its tables' headings and its refusals in it;
passwords are printed as they are.

Exit codes: ``etl.arguments`` (2 a request that cannot be done, said on stderr).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from accounts.audit import action_label, audit, audit_entries
from accounts.scopes import parse_districts
from accounts.sessions import unlock
from accounts.settings import (
    REQUIRE_SIGNIN_ENV,
    TIME_ZONE,
    anonymous_scope,
    bureau,
    connect_speaking,
    require_signin,
    set_anonymous_view,
    set_bureau,
    set_require_signin,
    stored_settings,
)
from accounts.users import (
    DEMO_ACCOUNTS,
    ROLES,
    AccountError,
    add_user,
    audit_refusal,
    create_demo_accounts,
    list_users,
    remove_user,
    role_text,
    set_password,
    set_role,
    set_scope,
)
from etl.arguments import EXIT_BAD_INPUT, EXIT_BUSY, EXIT_OK, SpeakingParser
from etl.db import STORE_HELP
from etl.messages import (
    Text,
    add_lang,
    error_line,
    listed_person,
    message_lang,
    msg,
    stored_text,
)
from etl.scope import EVERYTHING, Scope
from etl.settings import environment
from etl.widths import aligned, padded
from i18n.voice import LEVELS

EXIT_REFUSED = EXIT_BAD_INPUT
CHANGES = (
    "add",
    "set-password",
    "set-role",
    "set-scope",
    "remove",
    "unlock",
    "bureau",
)  # refusals audited
USERS_COLUMNS = ("admin.col.name", "admin.col.role", "admin.col.scope", "admin.col.updated")
USERS_WIDTHS = (20, 8, 30)  # the last column (the time) is not padded
AUDIT_COLUMNS = (
    "admin.col.logged_at",
    "admin.col.username",
    "admin.col.action",
    "admin.col.ok",
    "admin.col.detail",
)
AUDIT_WIDTHS = (20, 12, 10, 6)  # the time, then two spaces
NAME_HELP = msg("help.users.name")
ROLE_HELP = msg("help.users.role")
SETTING_HELP = msg("help.users.setting")


def build_parser() -> argparse.ArgumentParser:
    parser = SpeakingParser(prog="python -m etl users", description=msg("help.users"))
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help=msg("help.users.add"))
    add.add_argument("name", help=NAME_HELP)
    add.add_argument("--role", required=True, choices=ROLES, help=ROLE_HELP)
    add_scope_options(add, required=False)
    add_password_source(add)
    pw = sub.add_parser("set-password", help=msg("help.users.set_password"))
    pw.add_argument("name", help=NAME_HELP)
    add_password_source(pw)
    role = sub.add_parser("set-role", help=msg("help.users.set_role"))
    role.add_argument("name", help=NAME_HELP)
    role.add_argument("role", choices=ROLES, help=ROLE_HELP)
    scope = sub.add_parser("set-scope", help=msg("help.users.set_scope"))
    scope.add_argument("name", help=NAME_HELP)
    add_scope_options(scope, required=True)
    rm = sub.add_parser("remove", help=msg("help.users.remove"))
    rm.add_argument("name", help=NAME_HELP)
    free = sub.add_parser("unlock", help=msg("help.users.unlock"))
    free.add_argument("name", help=NAME_HELP)
    sub.add_parser("list", help=msg("help.users.list"))
    sub.add_parser("demo", help=msg("help.users.demo"))
    setting = sub.add_parser("require-signin", help=msg("help.users.require_signin"))
    setting.add_argument("value", choices=("on", "off", "show"), help=SETTING_HELP)
    anonymous = sub.add_parser("anonymous-view", help=msg("help.users.anonymous_view"))
    anonymous.add_argument("value", choices=("on", "off", "show"), help=SETTING_HELP)
    bureau = sub.add_parser("bureau", help=msg("help.users.bureau"))
    bureau.add_argument("--level", help=msg("help.users.bureau.level", levels=" ".join(LEVELS)))
    bureau.add_argument("--name", help=msg("help.users.bureau.name"))
    bureau.add_argument("--time-zone", help=msg("help.users.bureau.time_zone"))
    log = sub.add_parser("audit", help=msg("help.users.audit"))
    log.add_argument("--limit", type=int, default=30, help=msg("help.users.audit.limit"))
    log.add_argument("--user", help=msg("help.users.audit.user"))
    log.add_argument("--action", help=msg("help.users.audit.action"))
    for p in sub.choices.values():
        p.add_argument("--db", help=STORE_HELP)
        add_lang(p)
    return parser


def add_scope_options(parser: argparse.ArgumentParser, required: bool) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("--districts", help=msg("help.users.districts"))
    group.add_argument("--unit", help=msg("help.users.unit"))
    if required:
        group.add_argument("--all", action="store_true", help=msg("help.users.all"))


def scope_from(args: argparse.Namespace) -> Scope:
    if args.unit is not None:
        if not args.unit.strip():
            raise AccountError(
                "--unit names no unit: give a unit code, e.g. --unit U0001", "no_unit_given"
            )
        return Scope(unit=args.unit.strip())
    if args.districts is not None:
        districts = parse_districts(args.districts)
        if not districts:
            raise AccountError(
                "--districts names no district: give them comma-separated", "no_district_given"
            )
        return Scope(districts=districts)
    return EVERYTHING


def add_password_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help=msg("help.users.password_stdin")
    )
    parser.add_argument(
        "--one-time",
        action="store_true",
        help=msg("help.users.one_time"),
    )


def with_one_time(done: Text, args: argparse.Namespace) -> Text:
    """What was done, and that the password is a one-time one when it is."""
    return done + msg("admin.cli.one_time") if args.one_time else done


def read_password(args: argparse.Namespace, lang: str) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(msg("admin.cli.password").in_lang(lang))
    if getpass.getpass(msg("admin.cli.password_again").in_lang(lang)) != first:
        raise AccountError("the two passwords differ; nothing changed", "passwords_differ")
    return first


def main(argv: list[str] | None = None) -> int:
    """Run one ``users`` command (etl/cli.py hands ``python -m etl users`` here) in the words
    of the store's bureau (a province's 市州 and 全省 in its scopes and refusals, as its pages
    say them; once ``users bureau`` has set them, the commands after it speak them)."""
    from etl.db import commands_told_when_waiting

    args = build_parser().parse_args(argv)
    lang = message_lang(args.lang)
    with commands_told_when_waiting(lang):
        return run_on_store(args, lang)


# the commands that may make the store (a new bureau's first steps: README); every other one
# reads or changes what a store holds, and a mistyped --db must not make an empty one for it
STARTING = ("add", "demo", "bureau", "require-signin", "anonymous-view")


def starts_store(args: argparse.Namespace) -> bool:
    """Whether the command may make the store it names: one of ``STARTING`` that sets
    something (``show``, or ``bureau`` without options, only reads)."""
    if args.command == "bureau":
        return any(v is not None for v in (args.level, args.name, args.time_zone))
    return args.command in STARTING and getattr(args, "value", None) != "show"


def store_there(url) -> bool:
    """Whether the store named is there already (``etl.db.existing_store``)."""
    from etl.db import NoStore, existing_store

    try:
        existing_store(url)
    except NoStore:
        return False
    return True


def run_on_store(args: argparse.Namespace, lang: str) -> int:
    """Connect to the store and run the command; its exit code."""
    from etl.db import StoreError, db_path, existing_store, parse_store

    try:
        made = starts_store(args) and not store_there(args.db)
        con = connect_speaking(db_path(args.db) if starts_store(args) else existing_store(args.db))
    except StoreError as busy:
        print(error_line(busy.in_lang(lang), lang), file=sys.stderr)
        return EXIT_BUSY
    try:
        print(run_command(con, args, lang))
        if made:  # a mistyped --db made an empty store, the setting in it: said, not silent
            shown = parse_store(db_path(args.db)).shown
            print(msg("users.store_made", store=shown).in_lang(lang), file=sys.stderr)
        return EXIT_OK
    except AccountError as problem:
        if args.command in CHANGES:  # audited, as the page's refusals are
            audit_refusal(con, None, problem, getattr(args, "name", None))
        print(error_line(problem.said(), lang), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        con.close()


def run_command(con, args: argparse.Namespace, lang: str) -> str:
    """Do the command (each account function writes its own audit entry); the words to print,
    in ``lang``."""
    if args.command == "list":
        return users_table(con, lang)
    if args.command == "demo":
        return demo_lines(con, lang)
    if args.command == "audit":
        return audit_table(con, args, lang)
    return done_text(con, args, lang).in_lang(lang)


def done_text(con, args: argparse.Namespace, lang: str) -> Text:
    """Do a command that changes or shows one thing; what it did, as a message."""
    name = getattr(args, "name", None)
    if args.command == "add":
        scope = scope_from(args)
        password = read_password(args, lang)
        add_user(con, name, args.role, password, scope=scope, one_time=args.one_time)
        role = role_text(args.role)
        if scope.is_everything:
            return with_one_time(msg("admin.cli.added", name=name, role=role), args)
        added = msg("admin.cli.added_scoped", name=name, role=role, scope=scope.text())
        return with_one_time(added, args)
    if args.command == "set-password":
        set_password(con, name, read_password(args, lang), one_time=args.one_time)
        return with_one_time(msg("admin.log.password_set", name=name), args)
    if args.command == "set-role":
        set_role(con, name, args.role)
        return msg("admin.log.role_set", name=name, role=role_text(args.role))
    if args.command == "set-scope":
        scope = scope_from(args)
        set_scope(con, name, scope)
        return msg("admin.log.scope_set", name=name, scope=scope.text())
    if args.command == "remove":
        remove_user(con, name)
        return msg("admin.log.removed", name=name)
    if args.command == "unlock":
        unlock(con, name)
        return msg("admin.cli.unlocked", name=name)
    if args.command == "require-signin":
        if args.value != "show":
            set_require_signin(con, args.value == "on")
        state = msg("admin.log.on" if require_signin(con) else "admin.log.off")
        said = msg("admin.cli.require_signin", state=state)
        if environment(REQUIRE_SIGNIN_ENV):
            return said + msg("admin.cli.env_wins", variable=REQUIRE_SIGNIN_ENV)
        return said
    if args.command == "bureau":
        if starts_store(args):
            set_bureau(con, level=args.level, name=args.name, time_zone=args.time_zone)
        settings = stored_settings(con)
        found = bureau(settings).words("zh")
        said = msg("admin.cli.bureau", bureau=found["bureau"], area=found["area"])
        if settings.get(TIME_ZONE):  # unset, each machine keeps its own: nothing to say
            said += msg("admin.log.setting.time_zone", zone=settings[TIME_ZONE])
        if args.time_zone:  # set now: what was recorded before keeps the clock it was read by
            said += msg("admin.cli.time_zone_from_now")
        return said
    if args.value != "show":  # the one command left: anonymous-view
        set_anonymous_view(con, args.value == "on")
    seen = (
        "admin.cli.anonymous_all"
        if anonymous_scope(con) is not None
        else "admin.cli.anonymous_none"
    )
    return msg("admin.cli.anonymous_view", view=msg(seen))


def demo_lines(con, lang: str) -> str:
    """Make the demo accounts; their names, roles and passwords, the passwords as they are."""
    passwords = create_demo_accounts(con)
    audit(con, "cli", "users", True, msg("admin.log.demo_created"))
    lines = [
        msg(
            "admin.cli.demo_account",
            name=f"{who:<8}",
            role=padded(role_text(DEMO_ACCOUNTS[who]).in_lang(lang), 8),
            password=pw,
        ).in_lang(lang)
        for who, pw in passwords.items()
    ]
    return "\n".join([msg("admin.cli.demo").in_lang(lang), *lines])


def table(keys: tuple[str, ...], rows: list[list[str]], widths: tuple[int, ...], lang: str) -> str:
    """A table under the User admin page's column names, its columns in line (``aligned``)."""
    return "\n".join(aligned([[msg(key).in_lang(lang) for key in keys], *rows], list(widths)))


def users_table(con, lang: str) -> str:
    """The accounts under a heading: name, role and scope as the User admin page says them."""
    rows = list_users(con)
    if not rows:
        return msg("admin.cli.no_users").in_lang(lang)
    one_time = "  " + msg("admin.cli.one_time_password").in_lang(lang)
    rows = [
        [
            a.name,
            role_text(a.role).in_lang(lang),
            a.scope.text().in_lang(lang),
            f"{a.updated_at:%Y-%m-%d %H:%M}" + (one_time if a.one_time_password else ""),
        ]
        for a in rows
    ]
    return table(USERS_COLUMNS, rows, USERS_WIDTHS, lang)


def audit_table(con, args: argparse.Namespace, lang: str) -> str:
    """The latest entries under a heading, the detail in ``lang``; who acted as ``etl history``
    says it and the action in Chinese as the User admin page says them (命令行, 账号管理), in
    English as stored (what ``--action`` takes and scripts split on)."""
    actions = (args.action,) if args.action else None
    frame = audit_entries(con, args.limit, actions=actions, user=args.user)
    if frame.height == 0:
        return msg("admin.cli.audit_empty").in_lang(lang)
    ok, failed = msg("admin.ok").in_lang(lang), msg("admin.cli.failed").in_lang(lang)
    rows = [
        [
            f"{r['logged_at']:%Y-%m-%d %H:%M:%S}",
            listed_person(r["username"], lang) or "-",
            action_label(r["action"], lang) if lang == "zh" else r["action"],
            ok if r["ok"] else failed,
            stored_text(r["message_key"], r["message_values"], r["detail"], lang),
        ]
        for r in frame.iter_rows(named=True)
    ]
    return table(AUDIT_COLUMNS, rows, AUDIT_WIDTHS, lang)
