"""Fixtures shared by every test folder: the stores (tests/stores.py).

``store`` is parametrised over the three stores (file, DuckLake-SQLite, DuckLake-PostgreSQL):
a test that takes it, directly or through a fixture built on it, runs once on each. The
PostgreSQL server is started once per session, only when a test needs it.

The store-facing tests take it: loading, replacing and withdrawing, the crash and concurrency
tests, the derived caches, publications, the operational tables, the named queries' results on
the hand-built fixture, the upload flow. A test of a rule the store does not change (reading and
checking a file, what a query counts, a page's words) takes the DuckDB file only, with
``@pytest.mark.parametrize("store", ["file"], indirect=True)`` and a comment saying why: each
test on a lake costs one to two seconds more, and the suite must stay within 15 minutes.

``db_path`` (the new, empty store's URL, fit for ``connect`` and ``--db``), ``con`` (a
connection to it) and ``registry`` (``con`` holding the five units of
tests/fixtures/etl/units.csv, loaded through the real loader: 城关区 H001, C001, H001-W1;
七里河区 H002; 永登县 T001) are built on ``store``. For a test that takes ``registry`` the
store is not empty but a copy of one the registry was loaded into once per kind and test
process (``StoreCopies``, tests/stores.py: a lake's first load costs half a second).
"""

from __future__ import annotations

import contextlib
import os
from datetime import date
from pathlib import Path

import pytest
from stores import STORE_KINDS, PostgresServer, StoreCopies, store_url

from etl.db import connect
from etl.load import load_file
from i18n import voice

# A dashboard on a shared store follows other processes' loads on a thread of its own
# (queries/warm.py, follow_in_background): off in the tests, whose page runs and dashboards
# count what they read and load into their stores from the test itself; its own tests start it.
os.environ["CIVBENCH_FOLLOW_SECONDS"] = "0"
# Nor does a dashboard build its caches ahead of its viewers (ui/data.py warms): each page run
# and dashboard of the tests opens a store of its own, and warming it ran the default rankings of
# every peer group, which most tests never read (pages' CPU 89 → 51 s on two of their files).
# A page builds what it asks for, as with the cache cold; warming's own tests turn it on.
os.environ["CIVBENCH_WARM"] = "0"
# One DuckDB thread per store opened (etl/db.py set_threads), as a machine running many
# Civbench processes at once should: the suite's processes (three workers, dashboards, commands,
# chromium) keep two cores busy, and DuckDB's idle threads took a quarter of its CPU. The default
# (one per core) is tested in tests/etl/test_store.py.
os.environ["CIVBENCH_THREADS"] = "1"

UNITS_CSV = Path(__file__).parent / "fixtures" / "etl" / "units.csv"
TODAY = date(2026, 1, 15)  # current quarter 2026Q1, as tests/etl/etl_helpers.py


@pytest.fixture(autouse=True)
def no_bureau_said():
    """Each test starts speaking as no bureau was said (a city's words): a command run in the
    test's own thread (``charts.cli.main``) keeps its store's bureau's words there after it."""
    with voice.speaking_for(None):
        yield


@pytest.fixture(scope="session")
def postgres():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def store_copies(tmp_path_factory, request) -> StoreCopies:
    return StoreCopies(
        tmp_path_factory.mktemp("store_templates"), lambda: request.getfixturevalue("postgres")
    )


def load_registry(url: str) -> None:
    with contextlib.closing(connect(url)) as con:
        result = load_file(con, UNITS_CSV.read_bytes(), "units.csv", today=TODAY)
    assert result.outcome == "loaded", result.problems


@pytest.fixture
def registry_copy(store_copies):
    """``registry_copy(kind, folder) -> (url, env)``: in ``folder``, a copy of the store of
    ``kind`` holding the registry (the one ``registry`` takes), for a test that makes its
    stores itself (several kinds, or a store its child processes open)."""
    return lambda kind, folder: store_copies.copy(kind, "registry", load_registry, folder)


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path, monkeypatch, store_copies) -> str:
    """A new store's URL, of each kind in turn (its environment set for the test): empty, or
    holding the registry for a test that takes ``registry`` (see the module's docstring)."""
    folder = tmp_path / "store"
    if "registry" in request.fixturenames:
        url, env = store_copies.copy(request.param, "registry", load_registry, folder)
    else:
        server = request.getfixturevalue("postgres") if request.param == "postgres" else None
        url, env = store_url(request.param, folder, server)
        folder.mkdir(exist_ok=True)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return url


@pytest.fixture
def db_path(store: str) -> str:
    return store


@pytest.fixture
def con(db_path: str):
    connection = connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def registry(con):
    """``con``, whose store ``store`` made a copy of the registry's (one load, of units.csv)."""
    assert con.execute("SELECT kind FROM upload_log").fetchall() == [("units",)]
    return con
