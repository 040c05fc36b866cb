"""Scopes: stored with the account, checked against the unit registry, read back as a
``etl.scope.Scope``; an unknown name gets none; anonymous viewing is a setting."""

import duckdb
import pytest
from counted_reads import CountedReads

import accounts
from etl.db import connect
from etl.scope import EVERYTHING, Scope

SETTINGS_READ = "FROM settings"  # a statement reading the settings table


def test_a_scope_is_stored_and_read_back_on_each_store(registry, db_path):
    con = registry
    accounts.add_user(con, "zhang", "viewer", "long enough", scope=Scope(("城关区", "七里河区")))
    accounts.add_user(con, "c001", "viewer", "long enough", scope=Scope(unit="C001"))
    accounts.add_user(con, "boss", "admin", "long enough")
    again = connect(db_path)
    assert accounts.scope_of(again, "zhang") == Scope(districts=("城关区", "七里河区"))
    assert accounts.scope_of(again, "c001") == Scope(unit="C001")
    assert accounts.scope_of(again, "boss") == EVERYTHING
    accounts.set_scope(again, "zhang", Scope(unit="H002"))
    accounts.set_scope(again, "c001", EVERYTHING)
    again.close()
    assert accounts.scope_of(con, "zhang") == Scope(unit="H002")
    assert accounts.scope_of(con, "c001") == EVERYTHING


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_an_unknown_name_gets_no_scope(registry):
    with pytest.raises(accounts.NoSuchUser):
        accounts.scope_of(registry, "ghost")
    with pytest.raises(accounts.NoSuchUser):
        accounts.scope_of(registry, None)
    assert accounts.visible_scope(registry, "ghost") is None
    accounts.add_user(registry, "li", "viewer", "long enough", scope=Scope(unit="T001"))
    assert accounts.visible_scope(registry, "li") == Scope(unit="T001")


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_districts_and_units_outside_the_registry_are_refused_by_name(registry):
    con = registry
    with pytest.raises(accounts.AccountError, match="no district '城关'") as wrong:
        accounts.add_user(con, "li", "viewer", "long enough", scope=Scope(("城关",)))
    # the message lists the districts there are, so the typing error can be fixed
    assert "七里河区, 城关区, 永登县" in str(wrong.value)
    with pytest.raises(accounts.AccountError, match="no unit 'U9999'"):
        accounts.add_user(con, "li", "viewer", "long enough", scope=Scope(unit="U9999"))
    assert accounts.role_of(con, "li") is None
    accounts.add_user(con, "li", "viewer", "long enough")
    with pytest.raises(accounts.AccountError, match="no district '海淀区'"):
        accounts.set_scope(con, "li", Scope(("城关区", "海淀区")))
    assert accounts.scope_of(con, "li") == EVERYTHING


def test_a_store_made_before_scopes_gains_the_columns_and_its_users_see_everything(tmp_path):
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as raw:
        raw.execute(
            "CREATE TABLE users (username VARCHAR NOT NULL, role VARCHAR NOT NULL, "
            "password_hash VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, "
            "updated_at TIMESTAMP NOT NULL)"
        )
        raw.execute("INSERT INTO users VALUES ('old', 'viewer', 'x', now(), now())")
    con = connect(old)
    columns = [r[0] for r in con.execute("DESCRIBE users").fetchall()]
    assert columns[5:] == ["scope_districts", "scope_unit", "must_change_password"]
    assert accounts.scope_of(con, "old") == EVERYTHING
    assert accounts.standing_of(con, "old").must_change_password is False
    con.close()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the rule; stored: above
def test_anonymous_viewers_see_the_bureau_wide_view_unless_the_bureau_says_no(con, monkeypatch):
    monkeypatch.delenv(accounts.REQUIRE_SIGNIN_ENV, raising=False)
    assert accounts.anonymous_scope(con) == EVERYTHING  # the default: as the demo needs
    accounts.set_anonymous_view(con, False, by="boss")
    assert accounts.anonymous_scope(con) is None
    assert accounts.visible_scope(con, None) is None
    accounts.set_anonymous_view(con, True)
    assert accounts.anonymous_scope(con) == EVERYTHING
    accounts.set_require_signin(con, True)  # sign-in required: nobody views anonymously
    assert accounts.anonymous_scope(con) is None
    entries = con.execute(
        "SELECT username, detail FROM audit_log WHERE action = 'settings' ORDER BY logged_at"
    ).fetchall()
    assert entries == [
        ("boss", "anonymous_view off"),
        ("cli", "anonymous_view on"),
        ("cli", "require_signin on"),
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the rule; stored: above
def test_viewing_needs_sign_in_only_when_set(con, monkeypatch):
    monkeypatch.delenv(accounts.REQUIRE_SIGNIN_ENV, raising=False)
    assert accounts.require_signin(con) is False
    accounts.set_require_signin(con, True)
    assert accounts.require_signin(con) is True
    monkeypatch.setenv(accounts.REQUIRE_SIGNIN_ENV, "0")
    assert accounts.require_signin(con) is False
    monkeypatch.setenv(accounts.REQUIRE_SIGNIN_ENV, "yes")
    accounts.set_require_signin(con, False)
    assert accounts.require_signin(con) is True
    # trial (session 57): a misspelt "true" opened every page; neither on nor off: sign-in
    monkeypatch.setenv(accounts.REQUIRE_SIGNIN_ENV, "ture")
    assert accounts.require_signin(con) is True
    monkeypatch.setenv(accounts.REQUIRE_SIGNIN_ENV, " OFF ")
    assert accounts.require_signin(con) is False


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_a_signed_out_page_run_reads_the_settings_once(con, monkeypatch):
    """A page run asks whether viewing needs sign-in and what an anonymous viewer sees
    (ui/frame.py): one read of the table answers both; on a lake each read costs a catalog
    lookup. (It read the table four times.)"""
    monkeypatch.delenv(accounts.REQUIRE_SIGNIN_ENV, raising=False)
    accounts.set_anonymous_view(con, False)
    counted = CountedReads(con, SETTINGS_READ)
    anonymous = accounts.anonymous_scope(counted)
    assert anonymous is None
    assert accounts.visible_scope(counted, None, anonymous=anonymous) is None
    assert counted.reads == 1
    accounts.set_anonymous_view(con, True)
    assert accounts.visible_scope(CountedReads(con, SETTINGS_READ), None) == EVERYTHING
