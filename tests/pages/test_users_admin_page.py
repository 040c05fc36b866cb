"""The User admin page's add form (AppTest on the demo database)."""

from etl.db import connect


def first_district(path) -> str:
    con = connect(path)
    try:
        return con.execute("SELECT min(district) FROM units").fetchone()[0]
    finally:
        con.close()


def add_form(at):
    return (
        at.text_input(key="admin_add_name"),
        at.selectbox(key="admin_add_role"),
        at.multiselect(key="admin_add_districts"),
    )


def test_after_a_user_is_added_the_form_starts_empty_not_with_that_users_scope(open_page, page_db):
    district = first_district(page_db)
    at = open_page("pages/users_admin.py", user="admin", lang="en")
    name, role, districts = add_form(at)
    name.input("zhao")
    role.select("analyst")
    districts.select(district)
    next(b for b in at.button if b.label == "Add").click()
    at.run()

    assert [s.value for s in at.success] == ["User zhao added\\."]  # Markdown: a plain dot
    name, role, districts = add_form(at)
    # the next user is not given zhao's name, role or districts by mistake
    assert (name.value, role.value, districts.value) == ("", "viewer", [])
    users = connect(page_db)
    try:
        row = users.execute(
            "SELECT role, scope_districts FROM users WHERE username = 'zhao'"
        ).fetchone()
    finally:
        users.close()
    assert row == ("analyst", [district])


def test_a_refused_addition_keeps_what_was_typed(open_page, page_db):
    at = open_page("pages/users_admin.py", user="admin", lang="en")
    name, role, _ = add_form(at)
    name.input("admin")  # taken
    role.select("analyst")
    next(b for b in at.button if b.label == "Add").click()
    at.run()

    assert len(at.error) == 1
    name, role, _ = add_form(at)
    assert (name.value, role.value) == ("admin", "analyst")


def test_a_province_bureaus_pages_say_its_whole_area(open_page, page_db):
    """The frame reads the store's bureau on every run: an account's scope reads 全省 for a
    province (全市 is a city's), and changing the setting shows on the next run."""
    import accounts

    def scopes(at) -> set[str]:
        [table] = [d.value for d in at.dataframe if "数据范围" in d.value.columns]
        return set(table["数据范围"])

    at = open_page("pages/users_admin.py", user="admin", lang="zh")
    assert "全市" in scopes(at)
    con = connect(page_db)
    accounts.set_bureau(con, level="省")
    con.close()
    at.run()
    assert not at.exception
    assert "全省" in scopes(at) and "全市" not in scopes(at)


def bureau_form(at):
    return (
        at.selectbox(key="admin_bureau_level"),
        at.text_input(key="admin_bureau_name"),
        next(b for b in at.button if b.label == "保存机构名称与层级"),
    )


def test_an_admin_names_the_bureau_on_the_page(open_page, page_db):
    import accounts

    at = open_page("pages/users_admin.py", user="admin", lang="zh")
    level, name, save = bureau_form(at)
    assert level.value == "市" and name.value == ""
    # each level with the words it will give the exports: its area and the places below it
    assert level.options[:2] == ["省（全省 · 市州）", "市（全市 · 区县）"]
    assert level.options[4] == "县（全县 · 乡镇）"
    level.set_value("省")
    name.input("甘肃省卫生健康委员会")
    save.click()
    at.run()
    assert not at.exception
    assert [s.value for s in at.success] == ["已保存：甘肃省卫生健康委员会（全省）。"]
    con = connect(page_db)
    saved = accounts.bureau(accounts.stored_settings(con))
    con.close()
    assert (saved.level, saved.name) == ("省", "甘肃省卫生健康委员会")
    level, name, _ = bureau_form(at)
    assert level.value == "省" and name.value == "甘肃省卫生健康委员会"


def district_admin_page(open_page, page_db):
    """The page as an admin of the first district (qu_admin) sees it; and that district."""
    import accounts
    from etl.scope import Scope

    district = first_district(page_db)
    con = connect(page_db)
    accounts.add_user(
        con, "qu_admin", "admin", "a-long-password-1", scope=Scope(districts=(district,))
    )
    con.close()
    return open_page("pages/users_admin.py", user="qu_admin", lang="zh"), district


def test_a_district_admin_may_not_rename_the_bureau(open_page, page_db):
    at, district = district_admin_page(open_page, page_db)
    level, name, save = bureau_form(at)
    level.set_value("县")
    save.click()
    at.run()
    [refused] = [e.value for e in at.error]
    assert refused.startswith("只有全市范围的管理员可以修改机构名称和层级（您的数据范围：")
    assert district in refused
    con = connect(page_db)
    rows = con.execute("SELECT name FROM settings WHERE name LIKE 'bureau%'").fetchall()
    con.close()
    assert rows == []


def test_an_account_name_is_shown_as_written_not_as_markdown(open_page):
    """A name like *x*_y was drawn in italics (the outcome and the one-time password's
    warning went to Streamlit as Markdown)."""
    at = open_page("pages/users_admin.py", user="admin", lang="en")
    name, role, _ = add_form(at)
    name.input("*x*_y")
    role.select("viewer")
    next(b for b in at.button if b.label == "Add").click()
    at.run()

    assert [s.value for s in at.success] == ["User \\*x\\*\\_y added\\."]
    [warning] = at.warning
    assert warning.value.startswith("The one-time password of \\*x\\*\\_y is below")


def test_a_page_run_reads_the_accounts_list_once(open_page, page_db, monkeypatch):
    """The users table, the account box, the locked names (twice) and the audit's names each
    read the accounts list for a district's admin (the first two for a bureau-wide one), and
    the chosen account's role and scope were read again by name: eight reads of the users
    table where the frame's one of the signed-in account and one of the list now serve; on a
    lake each read costs a catalog lookup. The change form still shows the chosen account's
    role and districts."""
    from counted_reads import CountedReads

    import accounts
    import ui.data
    from etl.scope import Scope

    district = first_district(page_db)
    con = connect(page_db)
    within = Scope(districts=(district,))
    accounts.add_user(con, "qu_admin", "admin", "a-long-password-1", scope=within)
    accounts.add_user(con, "qu_analyst", "analyst", "a-long-password-2", scope=within)
    con.close()
    real, counted = ui.data.connection, []

    def counting():
        if not counted:
            counted.append(CountedReads(real(), "FROM users"))
        return counted[0]

    monkeypatch.setattr(ui.data, "connection", counting)
    monkeypatch.setattr("ui.frame.connection", counting)
    monkeypatch.setattr("ui.signin.connection", counting)
    at = open_page("pages/users_admin.py", user="qu_admin", lang="en")
    assert not at.exception
    assert at.selectbox(key="admin_which").options == ["qu_admin", "qu_analyst"]
    counted[0].reads = 0
    at.selectbox(key="admin_which").select("qu_analyst")
    at.run()
    assert not at.exception
    # the frame's read of the signed-in account, and the list's
    assert counted[0].reads == 2
    assert at.selectbox(key="admin_role_qu_analyst").value == "analyst"
    assert at.multiselect(key="admin_change_qu_analyst_districts").value == [district]


def viewing_form(at):
    return (
        at.checkbox(key="admin_viewing_require"),
        at.checkbox(key="admin_viewing_anonymous"),
        next(b for b in at.button if b.label == "保存查看设置"),
    )


def stored_viewing(path) -> list[tuple[str, str]]:
    con = connect(path)
    try:
        return con.execute(
            "SELECT name, value FROM settings WHERE name IN ('require_signin', 'anonymous_view') "
            "ORDER BY name"
        ).fetchall()
    finally:
        con.close()


def test_an_admin_requires_sign_in_on_the_page_and_a_visitor_is_asked_to_sign_in(
    open_page, page_db
):
    at = open_page("pages/users_admin.py", user="admin", lang="zh")
    required, anonymous, save = viewing_form(at)
    assert (required.value, anonymous.value) == (False, True)  # the demo's: viewing open
    required.check()
    save.click()
    at.run()
    assert not at.exception
    assert [s.value for s in at.success] == ["已保存谁可以查看的设置。"]
    assert stored_viewing(page_db) == [("require_signin", "on")]  # only what changed
    con = connect(page_db)
    [(who, detail)] = con.execute(
        "SELECT username, detail FROM audit_log WHERE action = 'settings'"
    ).fetchall()
    con.close()
    assert (who, detail) == ("admin", "require_signin on")

    visitor = open_page("dashboard.py", user=None, lang="zh")
    assert not visitor.exception
    assert not visitor.dataframe  # no figure for a visitor who has not signed in
    assert any(b.label == "登录" for b in visitor.button)


def test_a_district_admin_may_not_change_who_may_view(open_page, page_db):
    at, _ = district_admin_page(open_page, page_db)
    _, anonymous, save = viewing_form(at)
    anonymous.uncheck()
    save.click()
    at.run()
    [refused] = [e.value for e in at.error]
    assert refused.startswith("只有全市范围的管理员可以修改谁可以查看（您的数据范围：")
    assert stored_viewing(page_db) == []


def test_an_analyst_is_refused_naming_the_admin_role_alone(open_page):
    """A new user's trial: the refusal said "needs the admin role or higher", and no role is
    higher than admin."""
    at = open_page("pages/users_admin.py", user="analyst", lang="en")
    assert [e.value for e in at.error] == [
        "Your account may not open this page: it needs the admin role. To use it, ask an admin "
        "to change your role."
    ]
    at = open_page("pages/users_admin.py", user="analyst", lang="zh")
    assert [e.value for e in at.error] == [
        "您的账号没有打开此页面的权限（需要管理员权限）。如需使用此页面，请联系管理员调整您的角色。"
    ]


def test_a_form_drawn_before_another_admin_changed_the_account_saves_nothing(open_page, page_db):
    """Trial (session 58): boss's form showed ana as an analyst of two districts; boss2 made
    ana a viewer; boss, on the form as drawn, narrowed the districts and saved: ana was an
    analyst again, audited as boss's choice."""
    import accounts
    from etl.scope import Scope

    con = connect(page_db)
    rows = con.execute("SELECT DISTINCT district FROM units ORDER BY 1").fetchall()
    two = [row[0] for row in rows][:2]
    accounts.add_user(con, "ana", "analyst", "a-long-password-1", scope=Scope(districts=tuple(two)))
    con.close()
    at = open_page("pages/users_admin.py", user="admin", lang="en")
    at.selectbox(key="admin_which").select("ana")
    at.run()
    assert at.selectbox(key="admin_role_ana").value == "analyst"
    con = connect(page_db)
    accounts.set_role(con, "ana", "viewer", by="admin")  # in another browser, meanwhile
    con.close()
    at.multiselect(key="admin_change_ana_districts").unselect(two[1])
    next(b for b in at.button if b.label == "Save role and scope").click()
    at.run()

    assert not at.exception
    [error] = [e.value for e in at.error]
    assert "changed by someone else" in error and "now viewer" in error
    con = connect(page_db)
    stored = con.execute(
        "SELECT role, scope_districts FROM users WHERE username = 'ana'"
    ).fetchone()
    con.close()
    assert stored == ("viewer", two)  # nothing saved
    # the form shows the account as it is now; a save from it is the admin's own change
    assert at.selectbox(key="admin_role_ana").value == "viewer"
    assert at.multiselect(key="admin_change_ana_districts").value == two
    at.multiselect(key="admin_change_ana_districts").unselect(two[1])
    next(b for b in at.button if b.label == "Save role and scope").click()
    at.run()
    assert [s.value for s in at.success] == ["Role and scope of ana saved\\."]
    con = connect(page_db)
    stored = con.execute(
        "SELECT role, scope_districts FROM users WHERE username = 'ana'"
    ).fetchone()
    con.close()
    assert stored == ("viewer", two[:1])
