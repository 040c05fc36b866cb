"""Accounts: roles, refusals, the last admin, what an admin may grant, and the audit entry of
every change. Most run on the DuckDB file (the writes of accounts on each store:
test_sessions.py and test_scopes.py)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest

import accounts
from etl.scope import Scope

NOW = datetime(2026, 11, 2, 9, 0, 0)
pytestmark = pytest.mark.parametrize("store", ["file"], indirect=True)


def account_entries(con):
    return con.execute(
        "SELECT username, subject, ok, detail FROM audit_log WHERE action = 'users' "
        "ORDER BY logged_at, detail"
    ).fetchall()


@pytest.mark.parametrize(
    ("role", "needed", "allowed"),
    [
        (None, None, True),
        (None, "viewer", False),
        ("viewer", "viewer", True),
        ("viewer", "analyst", False),
        ("analyst", "analyst", True),
        ("analyst", "admin", False),
        ("admin", "analyst", True),
        ("admin", "admin", True),
        ("unknown", "viewer", False),
    ],
)
def test_roles_are_ordered(role, needed, allowed, store):
    assert accounts.role_allows(role, needed) is allowed


@pytest.mark.parametrize(
    ("granter", "role", "allowed"),
    [
        ("admin", "admin", True),
        ("admin", "viewer", True),
        ("analyst", "analyst", True),
        ("analyst", "admin", False),
        ("viewer", "analyst", False),
        (None, "viewer", False),
        ("admin", "boss", False),
    ],
)
def test_nobody_grants_a_role_above_their_own(granter, role, allowed, store):
    assert accounts.may_grant(granter, role) is allowed


def test_bad_requests_are_refused_in_plain_words(con):
    with pytest.raises(accounts.AccountError, match="at least 8"):
        accounts.add_user(con, "li", "viewer", "short")
    with pytest.raises(accounts.AccountError, match="unknown role"):
        accounts.add_user(con, "li", "boss", "long enough")
    accounts.add_user(con, "root", "admin", "long enough")
    with pytest.raises(accounts.AccountError, match="exists already"):
        accounts.add_user(con, "root", "viewer", "long enough")
    with pytest.raises(accounts.AccountError, match="last admin"):
        accounts.remove_user(con, "root")
    with pytest.raises(accounts.AccountError, match="last admin"):
        accounts.set_role(con, "root", "viewer")
    with pytest.raises(accounts.NoSuchUser, match="no user 'ghost'"):
        accounts.set_role(con, "ghost", "viewer")
    accounts.add_user(con, "deputy", "admin", "long enough")
    accounts.remove_user(con, "root")
    assert accounts.role_of(con, "root") is None


def test_the_last_bureau_wide_admin_stays_even_beside_a_scoped_admin(registry):
    con = registry
    accounts.add_user(con, "root", "admin", "long enough")
    accounts.add_user(con, "district", "admin", "long enough", scope=Scope(("城关区",)))
    for change in (
        lambda: accounts.remove_user(con, "root", by="root"),
        lambda: accounts.set_role(con, "root", "analyst", by="root"),
        lambda: accounts.set_scope(con, "root", Scope(("城关区",)), by="root"),
    ):
        with pytest.raises(accounts.AccountError, match="last admin"):
            change()
    assert accounts.role_of(con, "root") == "admin"
    assert accounts.scope_of(con, "root").is_everything
    # the scoped admin may go: a bureau-wide admin remains
    accounts.remove_user(con, "district", by="root")
    assert accounts.role_of(con, "district") is None


def test_only_an_admin_changes_accounts_and_never_beyond_their_own_scope(registry):
    con = registry
    accounts.add_user(con, "root", "admin", "long enough")
    accounts.add_user(con, "li", "analyst", "long enough")
    with pytest.raises(accounts.AccountError, match="'li' is not an admin"):
        accounts.add_user(con, "wang", "viewer", "long enough", by="li")
    with pytest.raises(accounts.AccountError, match="'li' is not an admin"):
        accounts.set_role(con, "li", "admin", by="li")
    accounts.add_user(con, "chen", "admin", "long enough", scope=Scope(("城关区",)), by="root")
    # a district admin grants within their district only …
    accounts.add_user(con, "zhao", "viewer", "long enough", scope=Scope(unit="C001"), by="chen")
    with pytest.raises(accounts.AccountError, match="wider than your own"):
        accounts.add_user(con, "qian", "viewer", "long enough", by="chen")
    with pytest.raises(accounts.AccountError, match="wider than your own"):
        accounts.add_user(con, "sun", "viewer", "long enough", scope=Scope(unit="H002"), by="chen")
    # … and cannot touch a bureau-wide account
    with pytest.raises(accounts.AccountError, match="outside your scope"):
        accounts.remove_user(con, "li", by="chen")
    assert [a.name for a in accounts.list_users(con)] == ["chen", "li", "root", "zhao"]


def test_every_change_is_audited_with_who_and_whom(registry):
    con = registry
    accounts.add_user(con, "root", "admin", "long enough", now=NOW)
    accounts.add_user(con, "li", "viewer", "long enough", by="root", now=NOW)
    accounts.set_role(con, "li", "analyst", by="root", now=NOW)
    accounts.set_scope(con, "li", Scope(("七里河区", "城关区")), by="root", now=NOW)
    accounts.set_password(con, "li", "a new password", by="root", now=NOW)
    accounts.remove_user(con, "li", by="root", now=NOW)
    assert account_entries(con) == sorted(
        [
            ("cli", "root", True, "added root as admin"),
            ("root", "li", True, "added li as viewer"),
            ("root", "li", True, "li is now analyst"),
            ("root", "li", True, "scope of li: districts: 七里河区, 城关区"),
            ("root", "li", True, "password of li set"),
            ("root", "li", True, "removed li"),
        ],
        key=lambda e: e[3],
    )
    by_li = accounts.audit_entries(con, user="li", actions=("users",))
    assert by_li.height == 5 and set(by_li["subject"]) == {"li"}


def test_sessions_asking_at_once_on_the_shared_connection_each_get_their_own_answer(con):
    """The dashboard's sessions run on threads of their own and share one connection
    (ui/data.py), so each read takes a cursor of its own. On the connection itself, threads
    asking at once read each other's results, or none."""
    for name in ("fresh", "settled"):
        accounts.add_user(con, name, "viewer", "long enough")
    accounts.reset_password(con, "fresh")  # a one-time password: must choose their own
    expected = {"fresh": True, "settled": False}

    def ask(turn: int) -> list[tuple[str, bool]]:
        name = ("fresh", "settled")[turn % 2]
        return [(name, accounts.standing_of(con, name).must_change_password) for _ in range(200)]

    with ThreadPoolExecutor(8) as pool:
        answers = [pair for found in pool.map(ask, range(8)) for pair in found]
    assert len(answers) == 1600
    assert [pair for pair in answers if pair[1] != expected[pair[0]]] == []


def test_the_command_lines_name_is_no_user_name(con):
    """An account named cli could be added (by any admin, on the page): the audit and upload
    logs then showed its loads, withdrawals and account changes as the command line's (命令行)."""
    for name in ("cli", "CLI"):
        with pytest.raises(accounts.AccountError) as refused:
            accounts.add_user(con, name, "analyst", "long enough")
        said = refused.value.text().zh
        assert said == f"“{name}”是日志中“命令行”的名称，不能作为用户名：请换一个用户名。"
    assert accounts.list_users(con) == []
    accounts.add_user(con, "client", "analyst", "long enough")  # only the name itself


def test_an_admin_does_not_demote_narrow_or_remove_themselves(registry):
    """Beside another bureau-wide admin (so not the last-admin rule), an admin's own role,
    scope and account are still another admin's to change: one click would lock them out."""
    con = registry
    accounts.add_user(con, "root", "admin", "long enough")
    accounts.add_user(con, "deputy", "admin", "long enough")
    for change in (
        lambda: accounts.remove_user(con, "root", by="root"),
        lambda: accounts.set_role(con, "root", "viewer", by="root"),
        lambda: accounts.set_scope(con, "root", Scope(("城关区",)), by="root"),
    ):
        with pytest.raises(accounts.AccountError, match="another admin") as refused:
            change()
        assert (
            refused.value.text().zh
            == "不能降低、缩小或删除自己的管理员账户 root：请另一位管理员操作。"
        )
    assert accounts.role_of(con, "root") == "admin"
    assert accounts.scope_of(con, "root").is_everything
    accounts.set_role(con, "root", "analyst", by="deputy")  # another admin may
    assert accounts.role_of(con, "root") == "analyst"


def test_the_product_hashes_passwords_at_argon2s_own_cost(con):
    """RFC 9106's low-memory choice, argon2-cffi's default: 64 MiB, three passes, four lanes
    (0.2 s of CPU a hash, on purpose). The sign-in tests hash at the lowest cost
    (``quick_hashes``); this is the cost the product keeps."""
    accounts.add_user(con, "li", "analyst", "correct horse")
    stored = con.execute("SELECT password_hash FROM users WHERE username = 'li'").fetchone()[0]
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
