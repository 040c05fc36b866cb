"""The User admin page's logic without Streamlit: scopes from the boxes, refusals said in the
admin's language and audited, one-time passwords that sign in."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import accounts
from etl.db import connect
from etl.load import load_file
from etl.scope import EVERYTHING, Scope
from ui import audit_view
from ui import users_admin_view as view

UNITS = Path(__file__).resolve().parents[1] / "fixtures" / "etl" / "units.csv"


@pytest.fixture
def con(tmp_path):
    connection = connect(tmp_path / "civbench.duckdb")
    assert load_file(connection, UNITS.read_bytes(), "units.csv", today=date(2026, 1, 15)).ok
    accounts.add_user(connection, "root", "admin", "long enough")
    yield connection
    connection.close()


def test_the_boxes_give_a_unit_districts_or_everything():
    assert view.chosen_scope([], "C001") == Scope(unit="C001")
    assert view.chosen_scope(["城关区", "永登县"], None) == Scope(("城关区", "永登县"))
    assert view.chosen_scope([], None) == EVERYTHING
    with pytest.raises(accounts.AccountError) as both:
        view.chosen_scope(["城关区"], "C001")
    assert both.value.text().en == "Choose districts or one unit, not both."


def test_a_refusal_is_said_in_the_admins_language_and_audited(con):
    refused = view.remove(con, "root", "zh", "root")
    assert not refused.ok
    assert refused.text.startswith("root 是最后一个全市范围的管理员")
    wider = view.add(con, "root", "en", "li", "viewer", ["海淀区"], None)
    assert wider.text == (
        "The unit registry has no district 海淀区; its districts are: 七里河区, 城关区, 永登县."
    )
    entries = con.execute(
        "SELECT username, subject, ok FROM audit_log WHERE action = 'users' AND NOT ok "
        "ORDER BY logged_at"
    ).fetchall()
    assert entries == [("root", "root", False), ("root", "li", False)]


def test_added_and_reset_passwords_sign_in_once_shown(con):
    added = view.add(con, "root", "en", " zhao ", "analyst", [], "H002")
    assert added.ok and added.text == "User zhao added."
    assert accounts.scope_of(con, "zhao") == Scope(unit="H002")
    assert accounts.authenticate(con, "zhao", added.one_time_password) == "analyst"
    reset = view.reset(con, "root", "en", "zhao")
    assert accounts.authenticate(con, "zhao", reset.one_time_password) == "analyst"
    assert accounts.authenticate(con, "zhao", added.one_time_password) is None
    saved = view.save(con, "root", "zh", "zhao", "viewer", ["七里河区"], None)
    assert saved.text == "已保存 zhao 的角色和数据范围。"
    assert (accounts.role_of(con, "zhao"), accounts.scope_of(con, "zhao")) == (
        "viewer",
        Scope(("七里河区",)),
    )
    table = view.users_frame(view.roster(con), "zh")
    assert table.columns == ["用户名", "角色", "数据范围", "更新时间", "密码"]
    assert table.row(1)[:3] == ("zhao", "查看者", "区县：七里河区")
    assert table.row(1)[4] == "一次性密码，本人尚未更改"  # reset above, not yet replaced
    accounts.change_own_password(con, "zhao", "zhao's own horse")
    assert view.users_frame(view.roster(con), "zh").row(1)[4] == "本人设置"


def test_the_audit_log_names_its_actions_in_the_admins_language(con):
    """The 操作 column read users, sign_in, unlock (trial)."""
    accounts.audit(con, "li", "sign_in", False, "wrong user name or password")
    accounts.audit(con, "root", "someday_new", True)
    zh = audit_view.audit_frame(con, "zh", None, [])
    assert set(zh["操作"]) >= {"账号管理", "登录", "someday_new"}
    en = audit_view.audit_frame(con, "en", None, ["sign_in"])
    assert en["Action"].to_list() == ["Sign-in"]


def test_the_audit_log_names_the_command_line_in_words(con):
    accounts.audit(con, "cli", "indicators", True)  # a save from the command line, no --by
    accounts.audit(con, "li", "indicators", True)
    zh = audit_view.audit_frame(con, "zh", None, ["indicators"])
    assert sorted(zh["操作人"].to_list()) == sorted(["命令行", "li"])


def test_the_audit_log_says_changes_and_refusals_in_the_admins_language(con):
    """A refusal was stored as "refused: …" in English and shown so to a Chinese admin."""
    assert view.add(con, "root", "zh", "li", "viewer", ["城关区"], None).ok
    assert not view.remove(con, "root", "zh", "root").ok
    stored = con.execute(
        "SELECT detail FROM audit_log WHERE action = 'users' ORDER BY logged_at"
    ).fetchall()
    assert stored == [
        ("added root as admin",),
        ("added li as viewer (districts: 城关区)",),
        ("refused: 'root' is the last admin with the bureau-wide scope; add another admin first",),
    ]
    zh = audit_view.audit_frame(con, "zh", None, ["users"])["详情"].to_list()
    assert zh == [
        "未执行：root 是最后一个全市范围的管理员：不能删除、降级或缩小其数据范围，"
        "请先添加另一位管理员。",
        "已添加用户 li（查看者，区县：城关区）",
        "已添加用户 root（管理员）",
    ]
    en = audit_view.audit_frame(con, "en", None, ["users"])["Detail"].to_list()
    assert en == [detail for (detail,) in reversed(stored)]


def test_an_admin_of_a_district_is_sent_only_its_units_accounts_and_entries(con):
    """The page gave an admin of 城关区 the unit box of every unit of the registry (七里河区's
    and 永登县's codes and names, in the browser), every account with its scope, every locked
    name and the whole audit log; it now gives only what lies in the admin's scope."""
    accounts.add_user(con, "zhao", "admin", "long enough", scope=Scope(("城关区",)))
    accounts.add_user(con, "hu", "viewer", "long enough", scope=Scope(unit="C001"))
    accounts.add_user(con, "ma", "analyst", "long enough", scope=Scope(("七里河区",)))
    for name in ("ma", "nobody"):
        for _ in range(accounts.MAX_FAILURES):
            accounts.authenticate(con, name, "a wrong guess")
    own = accounts.scope_of(con, "zhao")
    assert view.unit_choices(con, own) == {
        "C001": "C001 城关区白银路街道社区卫生服务中心",
        "H001": "H001 兰州市城关第一医院",
        "H001-W1": "H001-W1 城关第一医院门诊挂号窗口",
    }
    assert view.district_choices(con, own) == ["城关区"]
    scoped = view.roster(con, own)
    assert view.users_frame(scoped, "en")["User"].to_list() == ["hu", "zhao"]
    assert list(view.locked_choices(con, scoped, "en")) == ["nobody"]
    seen = audit_view.audit_frame(con, "en", names=view.managed_names(scoped))
    assert set(seen["By"]) == {"the command line"}  # zhao's and hu's additions, not ma's
    assert sorted(seen["Account"].to_list()) == ["hu", "zhao"]
    # a bureau-wide admin is given everything, as before
    assert len(view.unit_choices(con, accounts.scope_of(con, "root"))) == 5
    everyone = view.roster(con, EVERYTHING)
    assert view.users_frame(everyone, "en")["User"].to_list() == [
        "hu",
        "ma",
        "root",
        "zhao",
    ]
    assert list(view.locked_choices(con, everyone, "en")) == ["ma", "nobody"]
    assert view.managed_names(everyone) is None


def test_the_locked_names_say_when_their_locks_end(con):
    """The list of locked names said none of their ends: each now says it, as the app shows a
    time, to the minute it has surely ended by."""
    start = datetime.now().replace(second=0, microsecond=0) - timedelta(minutes=2)
    for name, first in (("ma", start), ("nobody", start + timedelta(seconds=30))):
        for second in range(accounts.MAX_FAILURES):
            accounts.authenticate(con, name, "guess", now=first + timedelta(seconds=second))
    everyone = view.roster(con, EVERYTHING)
    # ma's oldest failure leaves the ten minutes at start + 10 min; nobody's 30 s later, said
    # as the minute after (a name told 9:10 would be refused until 9:10:30)
    ends = (start + timedelta(minutes=10), start + timedelta(minutes=11))
    assert view.locked_choices(con, everyone, "en") == {
        "ma": f"ma (locked until {ends[0]:%Y-%m-%d %H:%M})",
        "nobody": f"nobody (locked until {ends[1]:%Y-%m-%d %H:%M})",
    }
    day = f"{ends[0].year}年{ends[0].month}月{ends[0].day}日"
    assert view.locked_choices(con, everyone, "zh")["ma"] == f"ma（锁定至 {day} {ends[0]:%H:%M}）"
