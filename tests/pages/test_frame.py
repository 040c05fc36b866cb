"""The shared frame in AppTest: language, shared selectors in the URL, sign-in, menu, refusal."""

import contextlib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from counted_reads import CountedReads
from quarter_words import zh
from stores import PostgresServer, store_url
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
FRAME_PAGE = ROOT / "tests" / "fixtures" / "frame" / "frame_page.py"


@pytest.fixture
def open_frame(page_db, monkeypatch):
    monkeypatch.chdir(ROOT)

    def run(user: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(str(FRAME_PAGE), default_timeout=60)
        if user:
            at.session_state["auth_user"] = user
        for name, value in params.items():
            at.query_params[name] = value
        return at.run()

    return run


def context_line(at) -> str:
    return at.text[0].value


def latest_quarter(path) -> str:
    return duckdb.connect(str(path)).execute("SELECT max(quarter) FROM surveys").fetchone()[0]


def menu_labels(at) -> list[str]:
    # AppTest registers no pages/, so the frame draws its menu as plain links there
    return [
        m.value.split("]")[0].lstrip("[") for m in at.sidebar.markdown if m.value.startswith("[")
    ]


def test_defaults_latest_quarter_all_groups_and_mirrors_them_in_the_url(open_frame, page_db):
    at = open_frame()
    latest = latest_quarter(page_db)
    assert not at.exception
    assert context_line(at) == f"lang=zh quarter={latest} peer_group=全部"
    assert at.query_params == {"lang": "zh", "quarter": latest, "peer_group": "全部"}


def test_url_parameters_choose_the_view_and_bad_ones_fall_back(open_frame, page_db):
    at = open_frame(lang="en", quarter="2026Q1", peer_group="乡镇卫生院")
    assert context_line(at) == "lang=en quarter=2026Q1 peer_group=乡镇卫生院"
    assert at.selectbox(key="_quarter_widget").value == "2026Q1"
    at = open_frame(quarter="1999Q1", peer_group="nonsense", lang="xx")
    latest = latest_quarter(page_db)
    assert context_line(at) == f"lang=zh quarter={latest} peer_group=全部"
    # and say so: the page shown is not the quarter the link asked for
    assert [w.value for w in at.warning] == [
        f"链接中的季度“1999Q1”没有数据，显示的是{zh(latest)}。",
        "链接中的单位类别“nonsense”不存在，显示的是全部类别。",
    ]
    # a valid link, and the next run of a corrected one, say nothing
    assert not open_frame(quarter="2026Q1").warning
    assert not at.run().warning


def test_changing_a_selector_updates_the_context_and_the_url(open_frame):
    at = open_frame(lang="en")
    at.selectbox(key="_quarter_widget").set_value("2026Q1").run()
    at.selectbox(key="_peer_group_widget").set_value("三级医院").run()
    assert context_line(at) == "lang=en quarter=2026Q1 peer_group=三级医院"
    assert at.query_params["quarter"] == "2026Q1"
    assert at.query_params["peer_group"] == "三级医院"


def test_language_switch_changes_labels_and_sticks(open_frame):
    at = open_frame()
    assert at.selectbox(key="_peer_group_widget").label == "单位类别"
    at.radio(key="_lang_widget").set_value("en").run()
    assert at.selectbox(key="_peer_group_widget").label == "Peer group"
    assert at.query_params["lang"] == "en"
    at.run()  # a later rerun keeps the choice
    assert context_line(at).startswith("lang=en ")


def password_box(at):
    """The sign-in form's password box (a new one after each refusal: its key counts them)."""
    [box] = [b for b in at.sidebar.text_input if b.key.startswith("sidebar_signin_password")]
    return box


def sign_in(at, user: str, password: str) -> AppTest:
    at.sidebar.text_input(key="sidebar_signin_user").set_value(user)
    password_box(at).set_value(password)
    return at.sidebar.button[0].click().run()


def test_sign_in_wrong_then_right_password(open_frame):
    at = open_frame(lang="en")
    sign_in(at, "analyst", "wrong password")
    assert [e.value for e in at.sidebar.error] == ["Wrong user name or password."]
    assert "user=None" in at.text[1].value
    # trial (session 56): the refused password stayed in its box, its eye button showing it
    assert password_box(at).value == ""
    assert at.sidebar.text_input(key="sidebar_signin_user").value == "analyst"
    sign_in(at, "analyst", "analyst-pass-1")
    assert at.text[1].value == "user=analyst role=analyst"
    assert at.sidebar.caption[0].value == "Signed in as analyst (analyst)"


def test_five_failures_lock_the_sign_in(open_frame):
    at = open_frame(lang="en")
    for _ in range(5):
        sign_in(at, "admin", "guess-guess")
    sign_in(at, "admin", "admin-pass-1")
    said = at.sidebar.error[0].value  # when the lock ends, to the minute (tests/ui/test_signin)
    assert re.match(
        r"Too many failed sign-ins: this user name is locked until \d{4}-\d\d-\d\d \d\d:\d\d ", said
    )
    assert "user=None" in at.text[1].value


def test_sign_out(open_frame):
    at = open_frame(user="admin", lang="en")
    at.sidebar.button(key="_signout").click().run()
    assert "user=None" in at.text[1].value


def sidebar_scripts(at) -> list[str]:
    return [element.proto.body for element in at.sidebar.get("html")]


def cookie_scripts(at) -> list[str]:
    return [body for body in sidebar_scripts(at) if "document.cookie" in body]


def closing_scripts(at) -> list[str]:
    return [body for body in sidebar_scripts(at) if "stSidebarCollapseButton" in body]


def test_a_sign_in_here_sends_the_script_closing_the_sidebar_on_a_narrow_window(open_frame):
    """On a phone the sidebar, opened to sign in, stayed open over the page after the sign-in
    (tests/browser/test_browser_phone); the script that closes it is sent with each run after a
    sign-in made on this page, the same until the next sign-in, and none after a sign-out."""
    at = open_frame(lang="en")
    assert closing_scripts(at) == []
    sign_in(at, "analyst", "analyst-pass-1")
    [first] = closing_scripts(at)
    assert "window.innerWidth >= 768" in first  # a desktop's sidebar stays open
    assert closing_scripts(at.run()) == [first]
    at.sidebar.button(key="_signout").click().run()
    assert closing_scripts(at) == []
    sign_in(at, "analyst", "analyst-pass-1")
    [second] = closing_scripts(at)
    assert second != first  # a new sign-in: the tab closes the sidebar once more


def test_a_page_opened_from_another_sends_the_script_closing_the_sidebar_once(open_frame):
    """On a phone a page chosen from the sidebar's menu opened under the sidebar, still open
    (tests/browser/test_browser_phone): a page run after another page of the session asks once
    more for the sidebar to close; a page opened by its URL (a new session) asks nothing."""
    at = open_frame(lang="en")
    assert closing_scripts(at) == []  # the first page of a session: Streamlit's "auto"
    at.session_state["_page_shown"] = "overview"  # as after a menu link from the overview
    [first] = closing_scripts(at.run())
    assert "window.innerWidth >= 768" in first  # a desktop's sidebar stays open
    assert closing_scripts(at.run()) == [first]  # a rerun of the page: no new request
    at.session_state["_page_shown"] = "trends"
    [second] = closing_scripts(at.run())
    assert second != first  # another page: the tab closes the sidebar once more


def test_the_sign_in_cookie_is_written_on_every_run_until_a_sign_out_clears_it(open_frame, page_db):
    """The cookie that keeps a user signed in in new tabs was written once, in the run after
    the sign-in; a run cut short before the browser ran it left every new tab signed out (a
    scoped viewer's next page then showed what anonymous viewers see: CI)."""
    import accounts
    from etl.db import connect

    at = open_frame(lang="en")
    assert cookie_scripts(at) == []  # nobody signed in and no cookie sent: nothing to write
    sign_in(at, "analyst", "analyst-pass-1")
    [written] = cookie_scripts(at)
    token = re.fullmatch(
        r"<script>document.cookie = 'civbench_session=([\w-]+); path=/; max-age=43200; "
        r"SameSite=Strict';</script>",
        written,
    )[1]  # 43200 s: the 12 hours a session lasts
    assert cookie_scripts(at.run()) == [written]  # again, in case the first never ran
    con = connect(str(page_db))
    try:
        assert accounts.session_user(con, token) == "analyst"  # what a new tab sends
        at.sidebar.button(key="_signout").click().run()
        cleared = [
            "<script>document.cookie = 'civbench_session=; path=/; max-age=0; "
            "SameSite=Strict';</script>"
        ]
        assert cookie_scripts(at) == cleared
        assert cookie_scripts(at.run()) == cleared
        assert accounts.session_user(con, token) is None
    finally:
        con.close()


@pytest.mark.parametrize(
    ("user", "shown", "hidden"),
    [
        (None, {"Overview", "Method"}, {"Upload", "Indicator system"}),
        ("viewer", {"Overview"}, {"Upload", "Indicator system"}),
        ("analyst", {"Overview", "Upload"}, {"Indicator system"}),
        ("admin", {"Overview", "Upload", "Indicator system"}, set()),
    ],
)
def test_menu_shows_what_the_role_may_open(open_frame, user, shown, hidden):
    labels = set(menu_labels(open_frame(user=user, lang="en")))
    assert shown <= labels and not hidden & labels


def test_viewing_behind_sign_in_when_the_setting_is_on(open_frame, monkeypatch):
    monkeypatch.setenv("CIVBENCH_REQUIRE_SIGNIN", "true")
    at = open_frame(lang="en")
    assert [e.value for e in at.error] == [
        "This page needs a signed-in viewer (or higher). Please sign in."
    ]
    assert len(at.text) == 0
    assert "user=viewer" in open_frame(user="viewer", lang="en").text[1].value


def test_a_database_held_by_another_process_gives_a_plain_message(
    open_frame, tmp_path, monkeypatch
):
    held = tmp_path / "held.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(held)!r})
            print("held", flush=True)
            time.sleep(30)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("CIVBENCH_DB", str(held))
        at = open_frame(lang="en")
        assert not at.exception
        # a reader is told what happens and whom to ask, not to stop the dashboard or use the
        # Upload page (the command-line's advice, where the dashboard is the holder)
        assert at.error[0].value == (
            f"The database {held} is in use by another program just now (a command-line load, "
            "for instance): a DuckDB file can be opened by one program at a time. This page "
            "tries again in 20 seconds. If this happens often, ask the administrator to move "
            'the data to the shared store (python -m etl migrate; README, "Storage").'
        )
        [retry] = [h.proto.body for h in at.main.get("html")]
        assert "window.location.reload()" in retry and "}, 20000);</script>" in retry
        assert len(at.text) == 0
        # the page stopped before the frame read the store: its sidebar keeps the title and
        # the language switch (it had none), not the menu, which needs the store
        assert at.sidebar.markdown[0].value == "### Civbench: civility benchmarking"
        assert menu_labels(at) == []
        at.radio(key="_lang_widget").set_value("zh").run()
        assert not at.exception and at.query_params["lang"] == "zh"
        [said] = at.error
        assert said.value.startswith(f"数据库 {held} 此刻正被另一个程序（如命令行导入）使用"), (
            said.value
        )
        assert at.sidebar.caption[0].value == "存储恢复读取后，这里会显示页面菜单。"
        assert not at.sidebar.button  # nobody signed in: no sign-out
    finally:
        holder.kill()
        holder.wait()


def test_a_quarter_still_running_is_not_the_default_and_is_shown_with_a_note(
    open_frame, page_db, tmp_path
):
    """The demo ends at the last quarter that has ended; one survey of the quarter running
    today makes that quarter the latest with data, but a leader opening the dashboard should
    see the last whole quarter, and a warning when choosing the running one."""
    from datetime import date

    from etl.db import connect
    from etl.load import load_file

    today = date.today()
    running = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    ended = latest_quarter(page_db)
    con = connect(page_db)
    unit = con.execute("SELECT min(unit_code) FROM units").fetchone()[0]
    survey = f"单位编码,季度,调查类型,样本量,满意人数\n{unit},{running},门诊,100,90\n"
    assert load_file(con, survey.encode(), "running.csv").outcome == "loaded"
    con.close()
    assert ended < running

    at = open_frame()
    assert context_line(at) == f"lang=zh quarter={ended} peer_group=全部"
    assert at.selectbox(key="_quarter_widget").options[0] == zh(running)  # offered first
    assert not [box.value for box in at.info if "尚未结束" in box.value]

    at = open_frame(quarter=running)
    assert context_line(at) == f"lang=zh quarter={running} peer_group=全部"
    assert [box.value for box in at.info] == [
        f"{zh(running)}尚未结束：各单位的数据仍在陆续上报，指数和排名可能随之变化。"
    ]


def test_a_signed_in_user_changes_their_own_password_giving_the_current_one(open_frame, page_db):
    """There was no way to change one's own password but an admin's reset (trial)."""
    import accounts
    from etl.db import connect

    at = open_frame(lang="en")
    sign_in(at, "analyst", "analyst-pass-1")

    def change(current: str, new: str, again: str) -> AppTest:
        fields = {w.label: w for w in at.sidebar.text_input}
        fields["Current password"].set_value(current)
        fields["New password"].set_value(new)
        fields["New password again"].set_value(again)
        [save] = [b for b in at.sidebar.button if b.label == "Save the new password"]
        return save.click().run()

    change("not my password", "a brand new pass", "a brand new pass")
    assert [e.value for e in at.sidebar.error] == ["The current password is wrong."]
    change("analyst-pass-1", "a brand new pass", "a brand new passs")
    assert [e.value for e in at.sidebar.error] == ["The two passwords differ; type them again."]
    change("analyst-pass-1", "a brand new pass", "a brand new pass")
    assert not at.exception and "Your new password is saved." in [s.value for s in at.success]
    assert at.text[1].value == "user=analyst role=analyst"  # still signed in, with the new one
    con = connect(str(page_db))
    try:
        assert accounts.authenticate(con, "analyst", "a brand new pass") == "analyst"
        assert accounts.authenticate(con, "analyst", "analyst-pass-1") is None
    finally:
        con.close()


def test_a_signed_in_page_run_reads_the_account_once(open_frame, monkeypatch):
    """The role (menu, refusal), the one-time password and the scope of a run come from one
    read of the user's row; on a lake each read costs a catalog lookup. (It was read three
    times.)"""
    import ui.data
    import ui.frame
    import ui.password_change
    import ui.signin

    real, counted = ui.data.connection, []

    def counting():
        if not counted:
            counted.append(CountedReads(real(), "FROM users WHERE username"))
        return counted[0]

    for module in (ui.frame, ui.signin, ui.password_change):
        monkeypatch.setattr(module, "connection", counting)
    at = open_frame(user="viewer")
    assert not at.exception
    assert at.text[1].value == "user=viewer role=viewer"
    assert counted[0].reads == 1


def test_the_catalog_server_going_away_and_coming_back(page_db_template, tmp_path, monkeypatch):
    """A dashboard on a PostgreSQL catalog whose server stops (a crash, a restart): pages say
    plainly that the store cannot be read, no traceback, and work again once the server is
    back, without restarting the dashboard."""
    import threading

    import ui.data
    from etl.migrate import migrate

    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("CIVBENCH_REQUIRE_SIGNIN", raising=False)
    server = PostgresServer().start()
    try:
        url, env = store_url("postgres", tmp_path / "store", server)
        # the app warming at start as by default: a warm-up query cut off by the server going
        # away must not take the process down either
        for name, value in {**env, "CIVBENCH_DB": url, "CIVBENCH_WARM": "1"}.items():
            monkeypatch.setenv(name, value)
        migrate(str(page_db_template), url)

        def run() -> AppTest:
            return AppTest.from_file(str(FRAME_PAGE), default_timeout=60).run()

        def warmed() -> None:
            """The app's warm-up threads (started with a connection) done: one still querying
            when the server goes away aborts the process (DuckDB's invalidated database)."""
            for thread in threading.enumerate():
                if thread.name == "indicator-cache-warm":
                    thread.join(timeout=60)

        assert run().text[0].value.startswith("lang=zh quarter=")
        warmed()
        server.pause()
        down = run()
        assert not down.exception
        said = down.error[0].value
        assert said.startswith("暂时无法读取存储 ducklake:postgres:"), down.error
        # the cause in plain words, not DuckDB's and libpq's (IO Error: Failed to query most
        # recent snapshot for DuckLake: Unable to connect to Postgres at … Is the server…)
        assert "（其目录服务器没有应答）" in said, said
        assert not re.search(r"Error|Postgres|snapshot|server", said), said
        # the page tries again by itself: a screen left open comes back with the server
        assert "页面每 20 秒自动重试" in said, said
        [retry] = [h.proto.body for h in down.main.get("html")]
        assert "window.location.reload()" in retry and "}, 20000);</script>" in retry
        # a replica started while the server is down (its connection not made yet): the same
        # words, not the command line's 'check CIVBENCH_DB or --db … nothing was changed'
        ui.data._open.clear()
        first = run()
        assert not first.exception
        assert [e.value for e in first.error] == [said], first.error
        server.resume()
        back = run()
        assert not back.exception and not back.error
        assert back.text[0].value.startswith("lang=zh quarter=")
        warmed()  # the reconnected app warms again: done before the server stops for good
    finally:
        ui.data._open.clear()
        server.stop()


def test_a_data_folder_not_mounted_is_said_plainly_and_the_page_works_once_it_is(
    page_db_template, tmp_path, monkeypatch
):
    """A replica whose shared data folder is not mounted (the mount point there, empty): the
    dashboard said, in English whatever the reader's language, 'The store … cannot be opened:
    IO Error: Cannot open file "…parquet": No such file or directory'. Now the page says in
    the reader's language that the store cannot be read just now and that the data folder may
    not be mounted; once it is, the page works without a restart."""
    import accounts
    import ui.data
    from etl.db import connect
    from etl.migrate import migrate

    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("CIVBENCH_REQUIRE_SIGNIN", raising=False)
    url = f"ducklake:sqlite:{tmp_path / 'civ.sqlite'}"
    monkeypatch.setenv("CIVBENCH_DB", url)
    migrate(str(page_db_template), url)
    with contextlib.closing(connect(url)) as con:
        token = accounts.start_session(con, "viewer")  # a leader signed in on a shared screen
    files = tmp_path / "civ_files"
    files.rename(tmp_path / "share_elsewhere")
    files.mkdir()  # the mount point, nothing mounted on it
    try:
        down = AppTest.from_file(str(FRAME_PAGE), default_timeout=60).run()
        assert not down.exception
        said = down.error[0].value
        assert said.startswith(f"暂时无法读取存储 {url}（数据文件 {files}/main/"), said
        assert "（共享数据文件夹可能未挂载）" in said and "Error" not in said, said
        # the signed-in leader keeps a sign-out (the menu needs the store): the session and
        # the browser's cookie forget the sign-in at once, the server once the store is back
        signed = AppTest.from_file(str(FRAME_PAGE), default_timeout=60)
        signed.session_state["auth_user"] = "viewer"
        signed.session_state["_auth_token"] = token
        signed.run()
        assert [c.value for c in signed.sidebar.caption][-1] == "已登录：viewer"
        signed.sidebar.button(key="_signout").click().run()
        assert not signed.exception and signed.error[0].value == said
        assert cookie_scripts(signed) == [
            "<script>document.cookie = 'civbench_session=; path=/; max-age=0; "
            "SameSite=Strict';</script>"
        ]
        assert not signed.sidebar.button
        assert [c.value for c in signed.sidebar.caption] == ["存储恢复读取后，这里会显示页面菜单。"]
        files.rmdir()
        (tmp_path / "share_elsewhere").rename(files)
        back = AppTest.from_file(str(FRAME_PAGE), default_timeout=60).run()
        assert not back.exception and not back.error
        assert back.text[0].value.startswith("lang=zh quarter=")
        with contextlib.closing(connect(url)) as con:
            assert accounts.session_user(con, token) is None
        signed.run()
        assert signed.text[1].value == "user=None role=None"
    finally:
        ui.data._open.clear()


ENDED = (
    "Your sign-in has ended (signed out elsewhere, the password changed, or 12 hours passed). "
    "Please sign in again."
)
REMOVED = (
    "The account analyst has been removed, so your sign-in has ended. If you still need "
    "access, ask an admin for an account."
)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("set_password", ENDED),
        ("remove_user", REMOVED),
    ],
)
def test_a_new_password_or_a_removal_signs_an_open_tab_out_saying_why(
    open_frame, page_db, change, said
):
    """An admin's reset (a stolen password, say) ended the user's sign-in tokens, but an open
    tab stayed signed in on the name its session kept, for as long as it stayed open. A removed
    user's tab was told it signed out elsewhere, changed its password or ran 12 hours: none of
    which happened."""
    import accounts
    from etl.db import connect

    at = open_frame(lang="en")
    sign_in(at, "analyst", "analyst-pass-1")
    assert at.text[1].value == "user=analyst role=analyst"
    con = connect(str(page_db))
    try:
        if change == "set_password":
            accounts.set_password(con, "analyst", "a brand new pass")
        else:
            accounts.remove_user(con, "analyst")
    finally:
        con.close()
    at.run()
    assert "user=None" in at.text[1].value
    assert [w.value for w in at.warning] == [said]
    at.run()
    assert "user=None" in at.text[1].value and not at.warning  # said once


def test_a_link_outside_the_scope_is_refused_saying_what_to_do(open_frame, page_db):
    """The refusal said only that the link could not be shown, in words (权限范围) the User
    admin page does not use for a scope (数据范围), and not what to do next."""
    import accounts
    from etl.db import connect
    from etl.scope import Scope

    con = connect(str(page_db))
    try:
        mine, other = con.execute("SELECT min(district), max(district) FROM units").fetchone()
        unit = con.execute("SELECT min(unit_code) FROM units WHERE district = ?", [other])
        accounts.add_user(con, "zhao", "viewer", "long enough", scope=Scope((mine,)))
        unit = unit.fetchone()[0]
    finally:
        con.close()
    at = open_frame(user="zhao", unit=unit)
    assert [e.value for e in at.error] == [
        "此链接指向您账号数据范围以外的单位、区县或单位类别，无法显示。请从左侧菜单重新打开页面，"
        "查看您范围内的单位；如需查看其他单位，请联系管理员调整您账号的数据范围。"
    ]


def test_a_dashboard_started_in_another_folder_makes_no_store_there(tmp_path, monkeypatch):
    """Trial (session 57): started from another folder with the default store, the dashboard
    made an empty store there (data/civbench.sqlite) and told the user to migrate a DuckDB file
    into it. It says where to start it instead, and makes nothing."""
    monkeypatch.delenv("CIVBENCH_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"The dashboard was started in {tmp_path}: its settings and its default store are in "
        f"the Civbench folder ({ROOT}). Start it there (bash scripts/start.sh), or name the "
        "store with CIVBENCH_DB; no store is made here."
    ]
    assert list(tmp_path.iterdir()) == []
