"""Who may open what, in a real browser: the menu, direct URLs, refusals. Every page opening
for an admin, through the menu, without an exception or a refusal is walked once, on the
marked-up store of tests/browser/test_browser_literal_text.py (``ADMIN_MENU``, ``PAGE_URLS``).

The menus each role should see are written out here by hand (not read from ``ui.frame.MENU``,
which is what is under test): a page added to the menu is added here too.

The tests on the shared server share one browser tab (``reused_app``, its cookies cleared for
each: a page opened in a tab that has opened one before costs the browser seconds less); each
page opened by its URL is a Streamlit session of its own.
"""

from playwright.sync_api import expect

# every page, by its URL, in menu order
PAGE_URLS = (
    "/",
    "/rankings",
    "/unit_profile",
    "/trends",
    "/ledger",
    "/data_quality",
    "/meeting_pack",
    "/upload",
    "/indicator_system",
    "/users_admin",
    "/method",
)
VIEWER_MENU = [
    "Overview",
    "Rankings",
    "Unit profile",
    "Trends",
    "Rectification ledger",
    "Data quality",
    "Meeting pack",
    "Method",
]
ANALYST_MENU = [*VIEWER_MENU[:-1], "Upload", "Method"]
ADMIN_MENU = [*VIEWER_MENU[:-1], "Upload", "Indicator system", "User admin", "Method"]
REFUSED = "may not open"  # in the refusal of a page the account's role may not open


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


def expect_menu(app, entries: list[str]) -> None:
    """The sidebar menu holds exactly ``entries``, in order. Playwright's assertion reads the
    menu again until it does (or its timeout ends): on a busy machine a list read once could
    catch the menu before its last entries were drawn (CI saw ['Rectification ledger'])."""
    links = sidebar(app).locator('[data-testid="stPageLink"], [data-testid="stMarkdown"] a')
    expect(links).to_have_text(entries)


def assert_signed_in(app, account: str, role: str | None = None, where: str = "") -> None:
    """The page (``where``) is ``account``'s, of ``role`` (default: the account's name): a
    page read signed out would make the checks on it prove nothing."""
    shown = sidebar(app).get_by_text(f"Signed in as {account} ({role or account})")
    expect(shown, f"{where or app.page.url} opened signed out").to_be_visible()


def test_menu_shows_only_what_the_role_may_open(reused_app):
    """Signed out: test_direct_url_to_a_protected_page_signed_out_shows_only_the_refusal. The
    analyst's menu on a page opened again with the analyst's cookie in place of the viewer's
    (another Streamlit session)."""
    app = reused_app
    app.signed_in_as("viewer").open("/", lang="en")
    assert_signed_in(app, "viewer")
    expect_menu(app, VIEWER_MENU)
    app.signed_in_as("analyst").open("/", lang="en")
    assert_signed_in(app, "analyst")
    expect_menu(app, ANALYST_MENU)


def test_direct_url_to_a_protected_page_signed_out_shows_only_the_refusal(reused_app):
    app = reused_app
    app.open("/upload", lang="en")
    assert_refusal_only(app, "This page needs a signed-in analyst (or higher). Please sign in.")
    expect_menu(app, VIEWER_MENU)  # signed out: viewing is open
    app.open("/indicator_system", lang="zh")
    assert_refusal_only(app, "此页面需要以管理员身份登录。请先登录。")


def test_a_viewer_cannot_load_even_by_opening_the_upload_page_directly(reused_app):
    app = reused_app
    app.signed_in_as("viewer").open("/upload", lang="en")
    assert_signed_in(app, "viewer")
    assert_refusal_only(app, "Your account may not open this page: it needs the analyst role")
    assert app.page.locator('input[type="file"]').count() == 0


def test_an_analyst_cannot_edit_the_indicator_system_even_directly(reused_app):
    app = reused_app
    app.signed_in_as("analyst").open("/indicator_system", lang="en")
    assert_signed_in(app, "analyst")
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
