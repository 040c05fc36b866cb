"""A download button already on screen gives its file only while the account stands as it did
when the button was drawn: Streamlit makes the file when the button is pressed, outside any
page run, so the check is the file's own (ui/guarded_downloads.py).

One dashboard on a shared store (DuckLake, SQLite catalog) that the test changes from outside,
as another admin's command would: a bureau-wide viewer removed, a district viewer moved to
another district. Each downloads once (the button works), the account changes, the same button
gives no file, the audit log says so and the page, rerun by the refusal, says why."""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from test_browser_exports import download
from test_browser_shared_store import FIRST_RUN_SECONDS, build_small_store, lake, main, open_page

import accounts
from accounts import SESSION_COOKIE
from etl.db import connect
from queries.scope import Scope

PASSWORD = "guard-pass-1"
# long enough for a file the page makes in a second or two, here in well under one
NO_FILE_MS = 8_000


def signed_in(make_app, srv, token: str):
    app = make_app(srv, locale="en-GB")
    app.page.context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": srv.url}])
    return app


def csv_button(app):
    buttons = main(app.page).locator('[data-testid="stDownloadButton"]')
    return buttons.filter(has_text="CSV").first.locator("button")


def gives_no_file(app) -> bool:
    try:
        with app.page.expect_download(timeout=NO_FILE_MS):
            csv_button(app).click()
    except PlaywrightTimeout:
        return True
    return False


def denied_downloads(url: str) -> list[tuple[str, bool]]:
    con = connect(url)
    try:
        return con.execute(
            "SELECT username, ok FROM audit_log WHERE action = 'denied' "
            "AND detail LIKE 'download after the account changed%' ORDER BY username"
        ).fetchall()
    finally:
        con.close()


def test_a_button_drawn_before_the_account_changed_gives_no_file(
    request, tmp_path, monkeypatch, launch_server, make_app
):
    url, env = lake(request, "sqlite", tmp_path / "store", monkeypatch)
    span = build_small_store(url, tmp_path / "files")
    con = connect(url)
    try:
        found = con.execute("SELECT DISTINCT district FROM units ORDER BY 1 LIMIT 2")
        first, other = (district for (district,) in found.fetchall())
        accounts.add_user(con, "lin", "viewer", PASSWORD)
        accounts.add_user(con, "zhao", "viewer", PASSWORD, scope=Scope(districts=(first,)))
        tokens = {name: accounts.start_session(con, name) for name in ("lin", "zhao")}
    finally:
        con.close()
    srv = launch_server(url, **env)
    srv.wait_healthy()
    lin, zhao = (signed_in(make_app, srv, tokens[name]) for name in ("lin", "zhao"))
    for app in (lin, zhao):
        open_page(app, "/rankings", {"lang": "en", "quarter": span[-1]}, FIRST_RUN_SECONDS)
        name, data = download(app.page, "CSV")  # while the account stands: the file
        assert name.endswith(".csv") and data.count(b"\n") > 1
    assert denied_downloads(url) == []

    con = connect(url)
    try:
        accounts.remove_user(con, "lin")
        accounts.set_scope(con, "zhao", Scope(districts=(other,)))
    finally:
        con.close()

    assert gives_no_file(lin)
    assert gives_no_file(zhao)
    assert denied_downloads(url) == [("lin", False), ("zhao", False)]
    # the refusal reran the page (Streamlit says only "Failed to generate file"): it says why
    removed = "The account lin has been removed, so your sign-in has ended."
    expect(lin.page.get_by_text(removed)).to_be_visible()
