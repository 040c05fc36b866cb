"""AppTest fixtures for page tests: a small demo database per test and a page runner.

``open_page("pages/upload.py", user="analyst", lang="en", quarter="2026Q3")`` runs the page
with ``streamlit.testing.v1.AppTest`` against a fresh copy of a demo database (24 units,
4 quarters, built once per test run through the real loader: tests/demo_templates.py), signed
in as ``user`` (the accounts of ``ACCOUNTS`` exist: user name = role), with the given URL
parameters. ``seen_page`` runs a page once per module on an unchanged copy, for tests that
only read what it drew.

A test that takes ``page_store`` instead of ``page_db`` runs on each store (tests/stores.py):
the DuckDB file is a copy of the template; a DuckLake store (SQLite or PostgreSQL catalog) is
not a file to copy (its catalog names its data folder), so the template is moved into a new,
empty lake with ``etl.migrate.migrate``, the path ``python -m etl demo`` takes into a lake,
once per kind and test process, and each test gets a copy of that lake (tests/stores.py).
``open_page`` runs the page against whichever of the two the test took.

Each new ``AppTest`` scans every installed package's metadata for Streamlit components (0.3 s,
``discover_and_register_components``; a real server scans once, at start). The scan's answer
cannot change while the tests run, so it is kept for the process (``scan_once``).
"""

from __future__ import annotations

import functools
import shutil
import threading
from pathlib import Path

import pytest
import streamlit.components.v2.manifest_scanner as manifest_scanner
from demo_templates import demo_copy
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = {"viewer": "viewer-pass-1", "analyst": "analyst-pass-1", "admin": "admin-pass-1"}
RUN_TIMEOUT = 60
DEMO = {"units": 24, "quarters": 4}


def scan_once() -> None:
    """Keep the component scan's answer for the process (see the module's docstring)."""
    scan = manifest_scanner.scan_component_manifests
    if not hasattr(scan, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(scan)


scan_once()


@pytest.fixture(scope="session")
def page_db_template(tmp_path_factory) -> Path:
    import accounts
    from etl.db import connect

    path = demo_copy(
        tmp_path_factory, tmp_path_factory.mktemp("page_db") / "template.duckdb", **DEMO
    )
    con = connect(path)
    for role, password in ACCOUNTS.items():
        accounts.add_user(con, role, role, password)
    con.close()
    return path


@pytest.fixture
def page_db(page_db_template, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the demo database, made the app's database (CIVBENCH_DB)."""
    path = tmp_path / "civbench.duckdb"
    shutil.copyfile(page_db_template, path)
    monkeypatch.setenv("CIVBENCH_DB", str(path))
    monkeypatch.delenv("CIVBENCH_REQUIRE_SIGNIN", raising=False)
    return path


@pytest.fixture
def page_store(store, page_db_template, store_copies, tmp_path, monkeypatch):
    """The demo database in a new store of each kind, made the app's store (CIVBENCH_DB);
    its URL. A lake's is a copy of one the template was migrated into once per kind and test
    process (``StoreCopies``, tests/stores.py: a migration takes seconds)."""
    from etl.db import parse_store
    from etl.migrate import migrate

    kind = parse_store(store).kind
    if kind == "file":
        shutil.copyfile(page_db_template, store)
    else:
        store, env = store_copies.copy(
            kind, "page_demo", lambda url: migrate(str(page_db_template), url), tmp_path / "demo"
        )
        for name, value in env.items():
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("CIVBENCH_DB", store)
    monkeypatch.delenv("CIVBENCH_REQUIRE_SIGNIN", raising=False)
    yield store
    # The app warms its indicator cache on threads of its own after opening the store and
    # after each load or withdrawal; let them end before the store goes (a query cut off by the
    # PostgreSQL server stopping at the end of the session aborts the whole process).
    for thread in threading.enumerate():
        if thread.name == "indicator-cache-warm":
            thread.join(timeout=RUN_TIMEOUT)
            assert not thread.is_alive(), "the app's cache warming did not end"


def run_page(path: str, user: str | None = None, lang: str = "zh", **params: str) -> AppTest:
    """The page at ``path`` run once, on the store CIVBENCH_DB names, from the repository."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=RUN_TIMEOUT)
    if user:
        at.session_state["auth_user"] = user
    at.query_params["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


@pytest.fixture
def open_page(request, monkeypatch):
    """Run a page: ``open_page(path, user=None, lang="zh", **query_params) -> AppTest``, on
    ``page_store`` when the test takes it, else on ``page_db``."""
    request.getfixturevalue("page_store" if "page_store" in request.fixturenames else "page_db")
    monkeypatch.chdir(ROOT)
    return run_page


@pytest.fixture(scope="module")
def seen_page(page_db_template, tmp_path_factory):
    """``seen_page(path, user=None, lang="zh", **query_params) -> AppTest``: the page as
    drawn for ``user`` on an unchanged copy of the demo database, for tests that only read what
    it drew. Each path, user, language and URL is run once per module and the run shared: an
    AppTest run is most of a page test's time, and several tests read different parts of the
    same page. A test that changes the store or works a widget takes ``open_page`` instead."""
    store = tmp_path_factory.mktemp("seen_page") / "civbench.duckdb"
    shutil.copyfile(page_db_template, store)
    drawn: dict[tuple, AppTest] = {}

    def seen(
        path: str,
        user: str | None = None,
        lang: str = "zh",
        chosen: tuple[str, bytes, str] | None = None,
        **params: str,
    ) -> AppTest:
        """``chosen``: a file (name, content, type) put in the page's first file box, and the
        page run again with it (the Upload page's dry run, which changes nothing)."""
        key = (path, user, lang, chosen, tuple(sorted(params.items())))
        if key not in drawn:
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("CIVBENCH_DB", str(store))
                patch.delenv("CIVBENCH_REQUIRE_SIGNIN", raising=False)
                patch.chdir(ROOT)
                at = run_page(path, user, lang, **params)
                if chosen is not None:
                    at.get("file_uploader")[0].set_value(chosen)
                    at.run()
                drawn[key] = at
        return drawn[key]

    seen.store = store  # the copy the pages are drawn on, for a test checking it is unchanged
    return seen


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """The names of the queries the page runs (ui.data runs each through queries.run); not
    those of the app's cache warming, on a thread of its own."""
    import queries

    names: list[str] = []
    real = queries.run

    def counting(con, name, *args, **kwargs):
        if threading.current_thread().name != "indicator-cache-warm":
            names.append(name)
        return real(con, name, *args, **kwargs)

    monkeypatch.setattr(queries, "run", counting)
    return names
