"""User admin in a real browser: an admin adds a district-scoped user, resets the password
(the one-time password signs in, and the user must choose their own before any page draws),
removes the user and reads the audit entries; the last admin cannot be removed; a viewer or an
analyst opening /users_admin by URL is refused."""

import duckdb
from playwright.sync_api import expect
from test_browser_access import assert_signed_in

ADMIN_ONLY = "Your account may not open this page: it needs the admin role"


def main(app):
    return app.page.locator('[data-testid="stMain"]')


def first_district(db) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT min(district) FROM units").fetchone()[0]
    finally:
        con.close()


def choose(app, label: str, option: str, within=None) -> None:
    app.choose(label, option, within or main(app))


def one_time_password(app) -> str:
    code = main(app).locator('[data-testid="stCode"] code')
    expect(code).to_have_count(1)
    return code.inner_text().strip()


def click(app, name: str, within=None) -> None:
    (within or main(app)).get_by_role("button", name=name, exact=True).click()
    app.wait()


def change_form(app, user: str):
    """Choose ``user`` in the User box and return the change form drawn for that user.

    The form's widgets are keyed by the user, so waiting for one of them waits for the rerun
    that the choice started: a click on the previous user's form during that rerun is lost."""
    choose(app, "User", user)
    role_box = app.page.locator(f".st-key-admin_role_{user}")
    form = main(app).locator('[data-testid="stForm"]').filter(has=role_box)
    expect(form).to_be_visible()
    app.wait()
    return form


def test_an_admin_adds_scopes_resets_and_removes_a_user(demo_db_template, start_server, make_app):
    district = first_district(demo_db_template)
    srv = start_server()
    admin = make_app(srv, locale="en-GB").signed_in_as("admin")
    admin.open("/users_admin", lang="en")
    assert admin.exceptions() == []

    # add zhao, a viewer of one district: a one-time password is shown once
    main(admin).locator('[data-testid="stExpander"] summary').filter(has_text="Add a user").click()
    form = main(admin).locator('[data-testid="stForm"]').filter(has_text="Add")
    form.get_by_label("User name", exact=True).fill("zhao")
    chosen = form.locator(f'[data-tag][aria-label="{district}"]')
    for _ in range(3):  # a choice made while the form still redraws can be dropped (twice seen)
        choose(admin, "Limit to districts", district, within=form)
        if chosen.count() == 1:
            break
    expect(chosen).to_have_count(1)
    form.get_by_role("button", name="Add", exact=True).click()
    admin.wait()
    expect(main(admin).get_by_text("User zhao added.")).to_be_visible()
    first_password = one_time_password(admin)
    users = {row["User"]: row for row in admin.table_with("Scope")}
    assert (users["zhao"]["Role"], users["zhao"]["Scope"]) == ("viewer", f"districts: {district}")
    admin.open("/users_admin", lang="en")  # the password is not shown again
    expect(main(admin).locator('[data-testid="stCode"]')).to_have_count(0)

    # reset zhao's password: the new one-time password signs in, the first one no longer
    click(admin, "Reset the password", within=change_form(admin, "zhao"))
    expect(main(admin).get_by_text("The password of zhao was reset.")).to_be_visible()
    new_password = one_time_password(admin)
    assert new_password != first_password
    zhao = make_app(srv, locale="en-GB")
    zhao.open("/rankings", lang="en")
    zhao.sign_in("zhao", new_password)
    assert zhao.exceptions() == []

    # a one-time password: zhao chooses a password of their own before any page draws
    expect(main(zhao).get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert main(zhao).locator('[data-testid="stDataFrame"]').count() == 0
    own = main(zhao).locator('[data-testid="stForm"]')
    own.get_by_label("New password", exact=True).fill("zhao's own 1")
    own.get_by_label("New password again", exact=True).fill("zhao's own 2")
    click(zhao, "Save the new password", within=own)
    expect(main(zhao).get_by_text("The two passwords differ; type them again.")).to_be_visible()
    own.get_by_label("New password", exact=True).fill(new_password)
    own.get_by_label("New password again", exact=True).fill(new_password)
    click(zhao, "Save the new password", within=own)
    expect(main(zhao).get_by_text("must differ from the current (one-time)")).to_be_visible()
    own.get_by_label("New password", exact=True).fill("zhao's own 1")
    own.get_by_label("New password again", exact=True).fill("zhao's own 1")
    click(zhao, "Save the new password", within=own)
    expect(main(zhao).get_by_text("Your new password is saved.")).to_be_visible()
    expect(main(zhao).get_by_role("heading", name="Rankings")).to_be_visible()
    assert zhao.exceptions() == []

    # remove zhao (confirmed); the last admin cannot be removed
    form = change_form(admin, "zhao")
    form.get_by_text("Yes, remove this user").click()
    click(admin, "Remove the user", within=form)
    expect(main(admin).get_by_text("User zhao removed.")).to_be_visible()
    assert "zhao" not in {row["User"] for row in admin.table_with("Scope")}
    form = change_form(admin, "admin")
    form.get_by_text("Yes, remove this user").click()
    click(admin, "Remove the user", within=form)
    expect(
        main(admin).get_by_text("admin is the last admin with the bureau-wide scope")
    ).to_be_visible()
    assert "admin" in {row["User"] for row in admin.table_with("Scope")}

    # the audit log, filtered by user and by action
    main(admin).get_by_label("Filter by user (blank: all)").fill("zhao")
    main(admin).get_by_label("Filter by user (blank: all)").press("Enter")
    admin.wait()
    choose(admin, "Filter by action (none: all)", "Accounts")
    admin.wait()
    entries = admin.table_with("Detail")
    assert [(e["By"], e["Action"], e["Result"], e["Detail"]) for e in entries] == [
        ("admin", "Accounts", "ok", "removed zhao"),
        ("zhao", "Accounts", "ok", "password of zhao set"),
        ("admin", "Accounts", "ok", "password of zhao set"),
        ("admin", "Accounts", "ok", f"added zhao as viewer (districts: {district})"),
    ]
    assert admin.exceptions() == []

    srv.stop()
    con = duckdb.connect(str(srv.db), read_only=True)
    refused = con.execute(
        "SELECT username, ok, subject FROM audit_log WHERE action = 'users' AND NOT ok"
    ).fetchall()
    sign_ins = con.execute(
        "SELECT ok FROM audit_log WHERE action = 'sign_in' AND username = 'zhao'"
    ).fetchall()
    con.close()
    assert refused == [("admin", False, "admin")]  # the refused removal is audited too
    assert sign_ins == [(True,), (True,)]  # with the one-time password, then with the new one


def test_a_viewer_or_an_analyst_opening_the_page_by_url_is_refused(reused_app):
    """Both in one browser session (a session of its own costs the browser seconds), each by
    its stored sign-in: the page opened is checked to be that account's."""
    app = reused_app
    for user in ("viewer", "analyst"):
        app.signed_in_as(user).open("/users_admin", lang="en")
        assert_signed_in(app, user, where=f"/users_admin of {user}")
        expect(main(app).get_by_text(ADMIN_ONLY)).to_be_visible()
        for testid in ("stHeading", "stDataFrame", "stForm", "stMultiSelect"):
            assert main(app).locator(f'[data-testid="{testid}"]').count() == 0, (user, testid)
        assert app.exceptions() == [], user
        menu = app.page.locator('[data-testid="stSidebar"]')
        expect(menu.get_by_text("User admin", exact=True)).to_have_count(0)
