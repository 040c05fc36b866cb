"""Browser-test fixtures: a real `streamlit run` on a free port and Debian's chromium.

- ``demo_db_template`` (session): a small demo database (24 units, 4 quarters, built once per
  test run through the real loader: tests/demo_templates.py), with test accounts.
- ``server`` (session): a dashboard on a copy of it, shared by tests that only read.
- ``start_server`` (function): a factory for a dashboard of one's own, for tests that change
  data (uploads, withdrawals, indicator edits): ``srv = start_server()``; it is stopped after
  the test (``srv.stop()`` stops it earlier, e.g. to open its database with ``srv.db``).
- ``launch_server`` (function): ``launch_server(url, **env)`` → a dashboard on a shared store
  (DuckLake) that the test and other processes also use, launched; ``srv.wait_healthy()``.
- ``browser`` (session) and ``page`` (function: a fresh context, so a fresh Streamlit session
  with nobody signed in), viewport 1280×2000 (Streamlit scrolls inside its own container).
- ``make_app`` (function): ``make_app(srv=None, locale="zh-CN")`` → another ``App`` with its
  own browser context (another user, another browser language, or a ``start_server`` server).
- ``app`` (function): ``page`` plus helpers bound to ``server``: ``app.open("/rankings",
  quarter="2026Q3")`` waits until the script run has finished; ``app.sign_in("analyst")``
  signs in through the sidebar form, ``app.signed_in_as("analyst")`` by the account's stored
  session (its cookie: for tests not about signing in, a form costs seconds);
  ``app.choose("Quarter", "2026Q3")`` picks an option in a select box or multiselect;
  ``app.exceptions()`` returns the text of every Streamlit exception box on the page;
  ``app.table_with("Row")`` reads a st.dataframe's visible rows as dicts.

Every account in ``ACCOUNTS`` exists on every server: user name = role, password below. So do
two scoped viewers (``SCOPED_PASSWORD``): ``district_viewer`` sees the district of the first
unit code, ``unit_account`` one unit of another district (the first such code).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from demo_templates import demo_copy
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from accounts import SESSION_COOKIE

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 2000}
#: every desktop context's options. Reduced motion: Streamlit then skips its entrance and
#: transition animations (nothing in the page's text or layout changes), which chromium
#: otherwise composites frame by frame (measured: chromium's CPU 6-13 % lower per file)
CONTEXT = {"viewport": VIEWPORT, "accept_downloads": True, "reduced_motion": "reduce"}
ACCOUNTS = {
    "viewer": "viewer-pass-1",
    "analyst": "analyst-pass-1",
    "admin": "admin-pass-1",
}
SCOPED_PASSWORD = "scoped-pass-1"
#: account → the token of a sign-in session stored with the test accounts (so on every server's
#: copy): ``App.signed_in_as`` puts it in the browser's cookie, for tests not about signing in
SESSION_TOKENS: dict[str, str] = {}
DEMO_UNITS, DEMO_QUARTERS = 24, 4
STARTUP_SECONDS = 60
RUN_SECONDS = 30
# the machine may be busy: give Playwright's expect() as long as a script run may take
expect.set_options(timeout=RUN_SECONDS * 1000)


#: port of ``CIVBENCH_TEST_PORTS`` → when ``free_port`` gave it: a server binds its port only
#: seconds after it is launched, so servers launched together all found the first port free
#: (one then exited: "Port 8642 is not available")
PORTS_GIVEN: dict[int, float] = {}


def free_port() -> int:
    """A port no one listens on: any, or the first free one of ``CIVBENCH_TEST_PORTS``
    (``8661-8669``) on a machine shared by engineers each given their own ports, not given
    to a server still starting."""
    given = os.environ.get("CIVBENCH_TEST_PORTS")
    if not given:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]
    first, last = (int(end) for end in given.split("-"))
    for port in range(first, last + 1):
        if port in PORTS_GIVEN and time.monotonic() - PORTS_GIVEN[port] < STARTUP_SECONDS:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            PORTS_GIVEN[port] = time.monotonic()
            return port
    raise RuntimeError(f"no free port in CIVBENCH_TEST_PORTS={given}")


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """A small demo database with the test accounts, built once per session."""
    path = tmp_path_factory.mktemp("demo_db") / "template.duckdb"
    demo_copy(tmp_path_factory, path, units=DEMO_UNITS, quarters=DEMO_QUARTERS)
    add_test_accounts(path)
    return path


def add_test_accounts(path: Path) -> None:
    import accounts
    from etl.db import connect
    from queries.scope import Scope

    con = connect(path)
    try:
        for role, password in ACCOUNTS.items():
            accounts.add_user(con, role, role, password)
        first = "SELECT unit_code, district FROM units ORDER BY unit_code LIMIT 1"
        _, district = con.execute(first).fetchone()
        other = "SELECT min(unit_code) FROM units WHERE district <> ?"
        (unit,) = con.execute(other, [district]).fetchone()
        scopes = {"district_viewer": Scope(districts=(district,)), "unit_account": Scope(unit=unit)}
        for name, scope in scopes.items():
            accounts.add_user(con, name, "viewer", SCOPED_PASSWORD, scope=scope)
        for name in [*ACCOUNTS, *scopes]:
            SESSION_TOKENS[name] = accounts.start_session(con, name)
    finally:
        con.close()


@dataclass
class Server:
    """A running `streamlit run dashboard.py` on its own copy of the database."""

    db: Path
    port: int
    env: dict[str, str]
    process: subprocess.Popen | None = None
    log: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.launch()
        self.wait_healthy()
        return self

    def launch(self) -> Server:
        """Start the process without waiting for it (``wait_healthy`` waits): several servers
        start faster together."""
        self.log = self.db.with_suffix(".log")
        command = [PYTHON, "-m", "streamlit", "run", "dashboard.py"]
        command += ["--server.headless", "true", "--server.port", str(self.port)]
        command += ["--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
        command += ["--browser.gatherUsageStats", "false"]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"streamlit not healthy after {STARTUP_SECONDS}s:\n{self.log}")

    def stop(self) -> None:
        """Stop the server (releasing the database file so a test may open ``db``)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def stop_all(servers: list[Server]) -> None:
    """Stop several servers: each told to stop before any is waited for (stopped one after
    another, their shutdowns of seconds each add up)."""
    for srv in servers:
        if srv.process and srv.process.poll() is None:
            srv.process.terminate()
    for srv in servers:
        srv.stop()


def new_server(template: Path, folder: Path, **env: str) -> Server:
    db = folder / "civbench.duckdb"
    shutil.copyfile(template, db)
    environment = {k: v for k, v in os.environ.items() if k != "CIVBENCH_REQUIRE_SIGNIN"}
    environment.update(CIVBENCH_DB=str(db), **env)
    return Server(db=db, port=free_port(), env=environment).start()


class Launcher:
    """``launch(store, **env)``: a dashboard on an existing store that other processes share
    (a DuckLake URL; ``env`` e.g. CIVBENCH_DATA_PATH), launched but not yet healthy
    (``srv.wait_healthy()``). Its log is ``srv.log``; ``launch.stop_all()`` stops every one
    launched (their logs then complete), as the end of ``launcher`` does."""

    def __init__(self, tmp_path_factory):
        self.tmp_path_factory = tmp_path_factory
        self.launched: list[Server] = []

    def __call__(self, store: str, **env: str) -> Server:
        folder = self.tmp_path_factory.mktemp("store_server")
        environment = {k: v for k, v in os.environ.items() if k != "CIVBENCH_REQUIRE_SIGNIN"}
        environment.update(CIVBENCH_DB=store, **env)
        # ``db`` names no database here, only where the log goes (server.log)
        srv = Server(db=folder / "server", port=free_port(), env=environment)
        self.launched.append(srv)
        return srv.launch()

    def stop_all(self) -> None:
        stop_all(self.launched)


@contextlib.contextmanager
def launcher(tmp_path_factory) -> Iterator[Launcher]:
    """A ``Launcher`` whose servers are all stopped at the end."""
    launch = Launcher(tmp_path_factory)
    try:
        yield launch
    finally:
        launch.stop_all()


@pytest.fixture
def launch_server(tmp_path_factory):
    """``launcher``'s servers, stopped after the test."""
    with launcher(tmp_path_factory) as launch:
        yield launch


@pytest.fixture(scope="module")
def launch_module_server(tmp_path_factory):
    """``launcher``'s servers, stopped after the module: for a module whose tests only read
    the store, each in a browser session of its own (starting a server costs seconds)."""
    with launcher(tmp_path_factory) as launch:
        yield launch


@pytest.fixture
def scoped_password() -> str:
    """The password of the scoped accounts ``district_viewer`` and ``unit_account``."""
    return SCOPED_PASSWORD


@pytest.fixture(scope="session")
def server(demo_db_template, tmp_path_factory) -> Server:
    srv = new_server(demo_db_template, tmp_path_factory.mktemp("server"))
    yield srv
    srv.stop()


@pytest.fixture
def start_server(demo_db_template, tmp_path_factory):
    """``start_server(**env)``: a server of one's own (stopped after the test)."""
    started: list[Server] = []

    def start(**env: str) -> Server:
        srv = new_server(demo_db_template, tmp_path_factory.mktemp("own_server"), **env)
        started.append(srv)
        return srv

    yield start
    stop_all(started)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_tab(browser, locale: str = "zh-CN", **device) -> Page:
    """A tab in a browser context of its own (its own cookies: its own sign-in); ``device``:
    context options over ``CONTEXT``'s (a phone's window, user agent, touch)."""
    pg = browser.new_context(**{**CONTEXT, "locale": locale, **device}).new_page()
    pg.set_default_timeout(RUN_SECONDS * 1000)
    return pg


@pytest.fixture
def page(browser) -> Page:
    pg = new_tab(browser)
    yield pg
    pg.context.close()


class App:
    """A page bound to a server, with Streamlit-aware helpers."""

    def __init__(self, page: Page, server: Server):
        self.page = page
        self.server = server

    def open(self, path: str = "/", *, seconds: float = RUN_SECONDS, **params: str) -> Page:
        url = self.server.url + path + (f"?{urlencode(params)}" if params else "")
        self.page.goto(url)
        self.wait(seconds)
        return self.page

    def follow_menu(self, path: str) -> Page:
        """Open ``path`` (not "/") by its link in the sidebar's menu, as a reader does, and wait
        for its run: the session (who is signed in, the language) is kept, and the browser does
        not load the app's scripts again (a page load costs it seconds, a menu click a
        fraction)."""
        assert path != "/", "the Overview's link matches every page's"
        link = self.page.locator('[data-testid="stSidebar"] a[href*="' + path.lstrip("/") + '"]')
        link.first.click()
        self.page.wait_for_url(re.compile(re.escape(path) + r"(\?|$)"))
        self.wait()
        return self.page

    def wait(self, seconds: float = RUN_SECONDS) -> None:
        """Wait until the app is drawn and the current script run has finished (within
        ``seconds``)."""
        self.page.wait_for_selector('[data-testid="stSidebar"]', state="attached")
        wait_for_idle(self.page, seconds)

    def exceptions(self) -> list[str]:
        return [e.inner_text() for e in self.page.locator('[data-testid="stException"]').all()]

    def sign_in(self, user: str, password: str | None = None, *, stays_in_view=True) -> None:
        """Sign in through the sidebar form (opening its expander first). On a phone the sidebar
        slides away once the reader is signed in (``stays_in_view=False``): the name is then
        looked for in the page, not in view."""
        sidebar = self.page.locator('[data-testid="stSidebar"]')
        form = sidebar.locator('[data-testid="stForm"]')
        if not form.is_visible():
            sidebar.locator('[data-testid="stExpander"] summary').first.click()
        # the form of a run before (a refused sign-in's) may linger while its next run draws
        # it again: two forms' fields, and a fill would not know which (a loaded machine)
        expect(form.locator("input[type=password]")).to_have_count(1)
        form.locator("input[type=text]").fill(user)
        form.locator("input[type=password]").fill(password or ACCOUNTS[user])
        named = sidebar.get_by_text(user, exact=False).first
        signed_in = expect(named).to_be_visible if stays_in_view else expect(named).to_be_attached
        self.submit_until(form, signed_in)
        self.wait_for_cookie()

    def submit_until(self, form, shown) -> None:
        """Submit ``form`` until ``shown`` (an expectation taking a timeout) holds. A submit
        clicked while the page's run is still drawing (a cold server on a busy machine) can be
        lost: the form then still holds the typed values; submit again."""
        for _ in range(3):
            if form.count() and form.is_visible():
                form.locator("button[kind$=FormSubmit]").click()
            wait_for_idle(self.page)
            try:
                shown(timeout=RUN_SECONDS * 1000 / 3)
                return
            except AssertionError:
                continue
        shown()

    def signed_in_as(self, user: str) -> App:
        """Give this browser the sign-in cookie of ``user``'s stored session, as a sign-in
        through the form leaves it (that flow: test_browser_language_signin): every page
        opened after this is ``user``'s, without the seconds a sign-in takes."""
        cookie = {"name": SESSION_COOKIE, "value": SESSION_TOKENS[user], "url": self.server.url}
        self.page.context.add_cookies([cookie])
        return self

    def wait_for_cookie(self) -> None:
        """Wait until the browser holds the sign-in cookie, which a script on the page sets a
        moment after the name shows: a URL typed before that opens signed out."""
        deadline = time.monotonic() + RUN_SECONDS
        while not any(c["name"] == SESSION_COOKIE for c in self.page.context.cookies()):
            assert time.monotonic() < deadline, "the sign-in cookie was never set"
            self.page.wait_for_timeout(100)

    def choose(self, label: str, option: str, within=None, typed: str | None = None) -> None:
        """Pick ``option`` in the select box or multiselect labelled ``label`` (in ``within``,
        a locator; default: the whole page), then wait for the run the choice starts. A long
        list draws only the options in view: ``typed`` is typed into the box first, to filter.

        A list opened while the page still redraws can close again at once (as it would for a
        person, who then clicks again): open it again, at most three times."""
        box = (within or self.page).get_by_label(label, exact=True)
        wanted = self.page.get_by_role("option", name=option, exact=True)
        for attempt in range(3):
            box.click()
            if typed:
                self.page.keyboard.type(typed)
            try:
                wanted.click(timeout=5_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                self.page.keyboard.press("Escape")
                self.wait()
        self.page.keyboard.press("Escape")  # a multiselect's list stays open, hiding the rest
        self.wait()

    def main_text(self) -> str:
        return self.page.locator('[data-testid="stMain"]').inner_text()

    def tables(self) -> list[list[list[str]]]:
        """Every st.dataframe on the page as rows of cell texts (header row first), read from
        the grid's accessibility table (only the rows currently drawn: keep tables short)."""
        found = []
        for frame in self.page.locator('[data-testid="stDataFrame"]').all():
            rows = frame.locator("table").first.locator("tr").all()
            found.append([[c.inner_text() for c in r.locator("th, td").all()] for r in rows])
        return found

    def table_with(self, header: str) -> list[dict[str, str]]:
        """The one table with a column ``header``, as a list of {column: text} rows (waiting
        for it: a table may be drawn a moment after the heading above it)."""
        deadline = time.monotonic() + RUN_SECONDS
        matches = [t for t in self.tables() if t and header in t[0]]
        while len(matches) != 1 and time.monotonic() < deadline:
            self.page.wait_for_timeout(250)
            matches = [t for t in self.tables() if t and header in t[0]]
        assert len(matches) == 1, f"expected one table with a column {header!r}"
        head, *rows = matches[0]
        return [dict(zip(head, row, strict=False)) for row in rows]


#: True while a script run is under way: Streamlit marks its app root with the run's state
#: (``data-test-script-state``: running, rerunRequested… as the server reports them; its own
#: end-to-end tests wait on it), shows its status widget and marks old elements stale.
RUNNING_JS = """() => {
  const root = document.querySelector('[data-testid="stApp"]');
  const state = root ? root.getAttribute('data-test-script-state') : 'initial';
  return state !== 'notRunning'
    || document.querySelector('[data-testid="stStatusWidget"]') !== null
    || document.querySelector('[data-stale="true"]') !== null;
}"""
QUIET_CHECKS, CHECK_MS = 4, 120


def wait_for_idle(page: Page, timeout: float = RUN_SECONDS) -> None:
    """Wait until no script run has been seen for about half a second: a run may start a
    moment after a click (the server reports it), and a rerun right after a run ends."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        quiet = 0 if page.evaluate(RUNNING_JS) else quiet + 1
        if quiet >= QUIET_CHECKS:
            return
        page.wait_for_timeout(CHECK_MS)
    raise AssertionError(f"the app was still running after {timeout}s")


@pytest.fixture
def app(page, server) -> App:
    return App(page, server)


@pytest.fixture
def make_app(browser, request):
    """``make_app(srv=None, locale="zh-CN", **device)``: another App with its own browser
    context (its own Streamlit session), e.g. a second user, another browser language or a
    phone (``device``: ``new_tab``'s); on ``server`` unless ``srv`` is given (then the
    session's demo server is not started for it)."""
    tabs = []

    def make(srv: Server | None = None, locale: str = "zh-CN", **device) -> App:
        tabs.append(new_tab(browser, locale, **device))
        return App(tabs[-1], srv or request.getfixturevalue("server"))

    yield make
    for tab in tabs:
        tab.context.close()


@pytest.fixture(scope="session")
def shared_tab(browser) -> Page:
    """One browser tab for the tests of the run's shared server (see ``reused_app``)."""
    pg = new_tab(browser)
    yield pg
    pg.context.close()


@pytest.fixture
def reused_app(shared_tab, server) -> App:
    """``app`` in a tab that earlier tests may have used, its cookies cleared (nobody signed
    in): a page opened in a tab that has opened one before costs chromium 1.5–2.5 s less than
    in a new context or a new tab, each of which starts a renderer and compiles the app's
    scripts again. Each ``open`` is a new Streamlit session all the same. For tests whose first
    page is opened by its URL and that need no browser of their own (another locale, a phone,
    a script added to the page)."""
    shared_tab.context.clear_cookies()
    return App(shared_tab, server)
