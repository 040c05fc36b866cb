"""Who may open what, in a real browser: the menu, direct URLs, refusals, every page."""

from pathlib import Path

from playwright.sync_api import expect

from ui.frame import MENU, ROOT

PAGES = [e for e in MENU if (ROOT / e.path).is_file()]


def url_of(path: str) -> str:
    return "/" if path == "dashboard.py" else "/" + Path(path).stem


def main(app):
    return app.page.locator('[data-testid="stMain"]')


def sidebar(app):
    return app.page.locator('[data-testid="stSidebar"]')


def assert_refusal_only(app, message: str) -> None:
    """The refusal and a sign-in form; no title, no table, no uploader, no editor."""
    expect(main(app).get_by_text(message)).to_be_visible()
    assert main(app).locator('[data-testid="stAlert"]').count() == 1
    for testid in ("stHeading", "stDataFrame", "stFileUploader", "stVegaLiteChart", "stMetric"):
        assert main(app).locator(f'[data-testid="{testid}"]').count() == 0, testid
    assert app.exceptions() == []


def test_every_page_opens_without_an_exception_for_an_admin(app):
    app.open("/", lang="en")
    app.sign_in("admin")
    for entry in PAGES:
        # follow the menu (a typed URL would start a new, signed-out session)
        link = sidebar(app).locator(f'a[href*="{url_of(entry.path).lstrip("/")}"]').first
        if entry.path != "dashboard.py":
            link.click()
            app.wait()
        assert app.exceptions() == [], entry.path
        assert (
            main(app).locator('[data-testid="stAlert"]').filter(has_text="may not open").count()
            == 0
        ), entry.path


def test_menu_shows_only_what_the_role_may_open(app):
    app.open("/", lang="en")
    menu = sidebar(app)
    expect(menu.get_by_text("Rankings", exact=True)).to_have_count(
        1 if any(e.page_id == "rankings" for e in PAGES) else 0
    )
    expect(menu.get_by_text("Upload", exact=True)).to_have_count(0)
    expect(menu.get_by_text("Indicator system", exact=True)).to_have_count(0)
    app.sign_in("analyst")
    expect(menu.get_by_text("Upload", exact=True)).to_have_count(1)
    expect(menu.get_by_text("Indicator system", exact=True)).to_have_count(0)


def test_direct_url_to_a_protected_page_signed_out_shows_only_the_refusal(app):
    app.open("/upload", lang="en")
    assert_refusal_only(app, "This page needs a signed-in analyst (or higher). Please sign in.")
    app.open("/indicator_system", lang="zh")
    assert_refusal_only(app, "此页面需要以管理员或更高权限登录。请先登录。")


def test_a_viewer_cannot_load_even_by_opening_the_upload_page_directly(app):
    app.open("/upload", lang="en")
    app.sign_in("viewer")
    assert_refusal_only(app, "Your account may not open this page: it needs the analyst role")
    assert app.page.locator('input[type="file"]').count() == 0


def test_an_analyst_cannot_edit_the_indicator_system_even_directly(app):
    app.open("/indicator_system", lang="en")
    app.sign_in("analyst")
    assert_refusal_only(app, "Your account may not open this page: it needs the admin role")
    assert app.page.locator('[data-testid="stDataFrame"]').count() == 0


def test_viewing_can_require_sign_in(start_server, make_app):
    srv = start_server(CIVBENCH_REQUIRE_SIGNIN="1")
    app = make_app(srv)
    app.open("/", lang="en")
    assert_refusal_only(app, "This page needs a signed-in viewer (or higher). Please sign in.")
    app.sign_in("viewer")
    expect(main(app).get_by_text("needs a signed-in")).to_have_count(0)
    assert app.exceptions() == []
