"""The frame in a real browser: default language from the browser, the switch, sign-in.

The tests in a Chinese browser share one tab (``reused_app``, its cookies cleared for each: a
page opened in a tab that has opened one before costs the browser seconds less)."""

from playwright.sync_api import expect


def sidebar(app):
    return app.page.locator('[data-testid="stSidebar"]')


def test_chinese_browser_gets_chinese_and_the_switch_changes_visible_text(reused_app):
    """And a page's box keeps its choice across the switch: the browser holds a box's choice
    as the words it showed, which the other language's options lack, so the ledger's 已整改
    became "Open (including overdue)" at the next Apply."""
    app = reused_app
    app.open("/ledger")
    assert app.exceptions() == []
    expect(sidebar(app).get_by_text("单位类别")).to_be_visible()
    main = app.page.locator('[data-testid="stMain"]')
    main.get_by_role("combobox", name="问题清单显示").click()
    app.page.get_by_role("option", name="已整改", exact=True).click()
    main.get_by_role("button", name="应用筛选").click()
    app.wait()
    assert "status=closed" in app.page.url
    sidebar(app).get_by_text("English", exact=True).click()
    app.wait()
    expect(sidebar(app).get_by_text("Peer group")).to_be_visible()
    expect(sidebar(app).get_by_text("单位类别")).to_have_count(0)
    assert "lang=en" in app.page.url
    expect(main.get_by_role("combobox", name="Findings to list")).to_have_value("Closed")
    main.get_by_role("button", name="Apply").click()
    app.wait()
    assert "status=closed" in app.page.url and app.exceptions() == []


def test_english_browser_gets_english(make_app):
    app = make_app(locale="en-GB")
    app.open("/")
    expect(sidebar(app).get_by_text("Peer group")).to_be_visible()


def test_language_in_the_url_wins_and_sticks_across_pages(reused_app):
    app = reused_app
    app.open("/", lang="en")
    expect(sidebar(app).get_by_text("Peer group")).to_be_visible()
    sidebar(app).get_by_role("link", name="Method").click()
    app.wait()
    assert "/method" in app.page.url and "lang=en" in app.page.url
    main = app.page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="Method").first).to_be_visible()
    expect(sidebar(app).get_by_role("link", name="Rankings")).to_be_visible()
    box = sidebar(app).bounding_box()  # a desktop's sidebar stays open after a menu link
    assert box["x"] >= 0 and box["width"] > 200


def test_wrong_password_is_refused_the_right_one_signs_in_and_sign_out_ends_it(reused_app):
    """One session: a wrong password refused, the right one signing in, the sign-in kept on a
    typed URL (a new Streamlit session), then signing out ending it."""
    app = reused_app
    app.open("/")
    with_form = sidebar(app)
    with_form.locator('[data-testid="stExpander"] summary').first.click()
    form = with_form.locator('[data-testid="stForm"]')
    form.locator("input[type=text]").fill("admin")
    form.locator("input[type=password]").fill("not-the-password")
    # a submit lost to a run still drawing is clicked again (App.submit_until)
    app.submit_until(form, expect(with_form.get_by_text("用户名或密码错误")).to_be_visible)
    app.sign_in("admin")
    expect(with_form.get_by_text("已登录：admin")).to_be_visible()
    # on a desktop the sidebar stays open after the sign-in (on a phone it closes:
    # test_browser_phone)
    app.page.wait_for_timeout(300)
    box = sidebar(app).bounding_box()
    assert box["x"] == 0 and box["width"] >= 200

    # the sign-in survives a reload
    app.open("/indicator_system", lang="en")  # a typed URL: a new Streamlit session
    expect(sidebar(app).get_by_text("Signed in as admin")).to_be_visible()
    expect(
        app.page.locator('[data-testid="stMain"]').get_by_text("Indicator system").first
    ).to_be_visible()
    sidebar(app).get_by_role("button", name="Sign out").click()
    app.wait()
    app.open("/indicator_system", lang="en")
    expect(app.page.get_by_text("This page needs a signed-in admin")).to_be_visible()
