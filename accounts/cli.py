"""``python -m etl users …``: manage sign-in accounts, their scopes and the viewing settings
from the command line (etl/cli.py hands the ``users`` command to ``main``).

Exit codes: 0 done, 2 a request that cannot be done (said on stderr), 3 the store is busy or
unusable.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from accounts.audit import audit, audit_entries
from accounts.scopes import parse_districts
from accounts.sessions import unlock
from accounts.settings import (
    REQUIRE_SIGNIN_ENV,
    anonymous_scope,
    bureau,
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
    set_password,
    set_role,
    set_scope,
)
from etl.db import STORE_HELP
from etl.messages import msg
from etl.scope import EVERYTHING, Scope
from etl.settings import environment
from etl.widths import padded
from i18n.voice import LEVELS

EXIT_OK, EXIT_REFUSED, EXIT_BUSY = 0, 2, 3
CHANGES = (
    "add",
    "set-password",
    "set-role",
    "set-scope",
    "remove",
    "unlock",
    "bureau",
)  # refusals audited
DISTRICTS_HELP = "limit the user to these districts (区县), comma-separated: 城关区,七里河区"
UNIT_HELP = "limit the user to one unit (a unit's own account), by its code: U0001"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl users", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add a user (bureau-wide unless --districts or --unit)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add_scope_options(add, required=False)
    add_password_source(add)
    pw = sub.add_parser("set-password", help="set a user's password")
    pw.add_argument("name")
    add_password_source(pw)
    role = sub.add_parser("set-role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    scope = sub.add_parser("set-scope", help="limit a user to districts or a unit, or --all")
    scope.add_argument("name")
    add_scope_options(scope, required=True)
    rm = sub.add_parser("remove", help="remove a user")
    rm.add_argument("name")
    free = sub.add_parser("unlock", help="let a name locked by failed sign-ins sign in again")
    free.add_argument("name")
    sub.add_parser("list", help="list users, roles and scopes")
    sub.add_parser("demo", help="create demo accounts (viewer, analyst, admin); print passwords")
    setting = sub.add_parser("require-signin", help="whether viewing needs sign-in")
    setting.add_argument("value", choices=("on", "off", "show"))
    anonymous = sub.add_parser(
        "anonymous-view", help="whether viewers not signed in see the bureau-wide view"
    )
    anonymous.add_argument("value", choices=("on", "off", "show"))
    bureau = sub.add_parser(
        "bureau",
        help="the bureau's level and name, as exports and pages say them (全市, 市卫生健康委员会); "
        "without options: show them",
    )
    bureau.add_argument("--level", help=f"one of {' '.join(LEVELS)} (全省, 全市, 全县 …)")
    bureau.add_argument(
        "--name", help="as the circular signs it; empty: the usual name of its level"
    )
    log = sub.add_parser("audit", help="show the latest audit-log entries")
    log.add_argument("--limit", type=int, default=30)
    log.add_argument("--user", help="only entries made by or about this user")
    log.add_argument("--action", help="only this action (sign_in, users, load, unlock …)")
    for p in sub.choices.values():
        p.add_argument("--db", help=STORE_HELP)
    return parser


def add_scope_options(parser: argparse.ArgumentParser, required: bool) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("--districts", help=DISTRICTS_HELP)
    group.add_argument("--unit", help=UNIT_HELP)
    if required:
        group.add_argument("--all", action="store_true", help="the bureau-wide scope")


def scope_from(args: argparse.Namespace) -> Scope:
    if args.unit is not None:
        if not args.unit.strip():
            raise AccountError("--unit names no unit: give a unit code, e.g. --unit U0001")
        return Scope(unit=args.unit.strip())
    if args.districts is not None:
        districts = parse_districts(args.districts)
        if not districts:
            raise AccountError("--districts names no district: give them comma-separated")
        return Scope(districts=districts)
    return EVERYTHING


def add_password_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    parser.add_argument(
        "--one-time",
        action="store_true",
        help="a password to hand on: the user must choose their own at the first sign-in",
    )


def one_time_words(args: argparse.Namespace) -> str:
    return " (one-time: they choose their own at the first sign-in)" if args.one_time else ""


def read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise AccountError("the two passwords differ; nothing changed")
    return first


def main(argv: list[str] | None = None) -> int:
    from etl.db import StoreError, connect, db_path

    args = build_parser().parse_args(argv)
    try:
        con = connect(db_path(args.db))
    except StoreError as busy:
        print(f"error: {busy}", file=sys.stderr)
        return EXIT_BUSY
    try:
        print(run_command(con, args))
        return EXIT_OK
    except AccountError as problem:
        if args.command in CHANGES:  # audited, as the page's refusals are
            audit_refusal(con, None, problem, getattr(args, "name", None))
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        con.close()


def run_command(con, args: argparse.Namespace) -> str:
    """Do the command (each account function writes its own audit entry); the words to print."""
    name = getattr(args, "name", None)
    if args.command == "add":
        scope = scope_from(args)
        add_user(con, name, args.role, read_password(args), scope=scope, one_time=args.one_time)
        limited = "" if scope.is_everything else f", scope {scope.describe()}"
        return f"added {name} ({args.role}){limited}" + one_time_words(args)
    if args.command == "set-password":
        set_password(con, name, read_password(args), one_time=args.one_time)
        return f"password of {name} set" + one_time_words(args)
    if args.command == "set-role":
        set_role(con, name, args.role)
        return f"{name} is now {args.role}"
    if args.command == "set-scope":
        scope = scope_from(args)
        set_scope(con, name, scope)
        return f"scope of {name}: {scope.describe()}"
    if args.command == "remove":
        remove_user(con, name)
        return f"removed {name}"
    if args.command == "unlock":
        unlock(con, name)
        return f"{name} may sign in again"
    if args.command == "list":
        return users_table(con)
    if args.command == "demo":
        passwords = create_demo_accounts(con)
        audit(con, "cli", "users", True, msg("admin.log.demo_created"))
        lines = [
            f"  {who:<8} role {DEMO_ACCOUNTS[who]:<8} password {pw}"
            for who, pw in passwords.items()
        ]
        return "Demo accounts (the passwords are shown only now):\n" + "\n".join(lines)
    if args.command == "require-signin":
        if args.value != "show":
            set_require_signin(con, args.value == "on")
        state = "on" if require_signin(con) else "off"
        env_set = environment(REQUIRE_SIGNIN_ENV)
        note = f" ({REQUIRE_SIGNIN_ENV} is set and wins)" if env_set else ""
        return f"viewing requires sign-in: {state}{note}"
    if args.command == "bureau":
        if args.level is not None or args.name is not None:
            set_bureau(con, level=args.level, name=args.name)
        found = bureau(stored_settings(con)).words("zh")
        return f"bureau: {found['bureau']} (its whole area: {found['area']})"
    if args.command == "anonymous-view":
        if args.value != "show":
            set_anonymous_view(con, args.value == "on")
        seen = anonymous_scope(con)
        state = "the bureau-wide view" if seen is not None else "nothing (they must sign in)"
        return f"viewers not signed in see: {state}"
    return audit_table(con, args)


def users_table(con) -> str:
    rows = list_users(con)
    return (
        "\n".join(
            f"{padded(a.name, 20)} {a.role:<8} {padded(a.scope.describe(), 30)} "
            f"{a.updated_at:%Y-%m-%d %H:%M}"
            + ("  one-time password (not yet changed)" if a.one_time_password else "")
            for a in rows
        )
        or "no users"
    )


def audit_table(con, args: argparse.Namespace) -> str:
    actions = (args.action,) if args.action else None
    frame = audit_entries(con, args.limit, actions=actions, user=args.user)
    return (
        "\n".join(
            f"{r['logged_at']:%Y-%m-%d %H:%M:%S}  {padded(r['username'] or '-', 12)} "
            f"{r['action']:<10} "
            f"{'ok' if r['ok'] else 'FAILED':<6} {r['detail'] or ''}"
            for r in frame.iter_rows(named=True)
        )
        or "the audit log is empty"
    )
