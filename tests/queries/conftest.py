"""Fixtures: the tiny bureau of bureau_fixture.py in a real store, on each store in turn.

``bureau`` is parametrised over the three stores of tests/stores.py (a DuckDB file, DuckLake on
SQLite, DuckLake on PostgreSQL), so the named queries' results and the derived caches are
checked on each. A query on a lake costs several times what it costs on a file, so the modules
of ``FILE_STORE_MODULES`` (documentation checks, and query results that scoring's already
cover on each store) take ``bureau`` on the DuckDB file only, and so do single tests that are
not about the store (the cache's SQL matching the uncached SQL for every query, the rank-range
memo's bookkeeping inside the process), marked
``@pytest.mark.parametrize("bureau", ["file"], indirect=True)``.

The bureau is built once per store kind and test process and copied for each store that needs
it (``StoreCopies``, tests/stores.py). On the file store each test gets a copy of its own. On
the two lakes a copy is opened once per test module and kept open; before each test the
process's own in-memory database (``civcache``: the indicator cache and the rank-range memo)
is attached anew, so the test starts as on a new connection. A test that commits anything to
the lake (a load, a withdrawal, rows inserted or deleted by hand) makes a new DuckLake
snapshot; the fixture sees it afterwards and the next test gets a new copy, so no test sees
another's writes.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from bureau_fixture import add_uploads, build_bureau
from stores import STORE_KINDS, StoreCopies, environment

from etl.db import ATTACH_PROCESS_DB_SQL, PROCESS_DB, connect, sql_literal

FILE_STORE_MODULES = {
    "test_catalogue",
    "test_page_summaries",
    "test_scope",
    "test_uncertainty_and_ledger",
}


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc):
    """``bureau`` on the DuckDB file only in the modules of FILE_STORE_MODULES: a parametrize
    mark, added before pytest reads the marks, that overrides the fixture's own params."""
    if "bureau" in metafunc.fixturenames and metafunc.module.__name__ in FILE_STORE_MODULES:
        metafunc.definition.add_marker(pytest.mark.parametrize("bureau", ["file"], indirect=True))


def write_bureau(url: str) -> None:
    """The tiny bureau in a new store, written in one transaction (one lake snapshot instead of
    one per row), through etl.db.connect."""
    with contextlib.closing(connect(url)) as con:
        con.execute("BEGIN TRANSACTION")
        build_bureau(con)
        add_uploads(con)
        con.execute("COMMIT")


def lake_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    """The lake's latest snapshot: it changes with every commit that changes the lake."""
    name = con.execute("SELECT current_database()").fetchone()[0]
    return con.execute(
        f"SELECT max(snapshot_id) FROM ducklake_snapshots({sql_literal(name)})"
    ).fetchone()[0]


def fresh_process_cache(con: duckdb.DuckDBPyConnection) -> None:
    """Forget what the process derived on this connection (as a new connection would)."""
    con.execute(f"DETACH DATABASE IF EXISTS {PROCESS_DB}")
    con.execute(ATTACH_PROCESS_DB_SQL)


@dataclass
class SharedBureau:
    con: duckdb.DuckDBPyConnection
    env: dict[str, str]


class LakeBureaus:
    """One open bureau per lake kind for a test module, built on first use."""

    def __init__(self, folders: pytest.TempPathFactory, copies: StoreCopies):
        self.folders = folders
        self.copies = copies
        self.open: dict[str, SharedBureau] = {}

    def get(self, kind: str) -> SharedBureau:
        if kind not in self.open:
            folder: Path = self.folders.mktemp(f"bureau_{kind}")
            url, env = self.copies.copy(kind, "bureau", write_bureau, folder)
            with environment(env):
                self.open[kind] = SharedBureau(connect(url), env)
        return self.open[kind]

    def discard(self, kind: str) -> None:
        shared = self.open.pop(kind, None)
        if shared is not None:
            with contextlib.suppress(duckdb.Error):
                shared.con.close()

    def close(self) -> None:
        for kind in list(self.open):
            self.discard(kind)


@pytest.fixture(scope="module")
def lake_bureaus(tmp_path_factory, store_copies):
    bureaus = LakeBureaus(tmp_path_factory, store_copies)
    yield bureaus
    bureaus.close()


@pytest.fixture(params=STORE_KINDS)
def bureau(request, tmp_path, monkeypatch, lake_bureaus, store_copies):
    """The tiny bureau, on each store in turn (see the module's docstring)."""
    kind = request.param
    if kind == "file":
        url, _ = store_copies.copy("file", "bureau", write_bureau, tmp_path / "store")
        con = connect(url)
        yield con
        con.close()
        return
    shared = lake_bureaus.get(kind)
    for name, value in shared.env.items():
        monkeypatch.setenv(name, value)
    with contextlib.suppress(duckdb.Error):
        shared.con.execute("ROLLBACK")
    fresh_process_cache(shared.con)
    before = lake_snapshot(shared.con)
    yield shared.con
    with contextlib.suppress(duckdb.Error):
        shared.con.execute("ROLLBACK")  # a transaction a failed test left open
    try:
        unchanged = lake_snapshot(shared.con) == before
    except duckdb.Error:
        unchanged = False
    if not unchanged:
        lake_bureaus.discard(kind)  # the test wrote: the next one gets a new bureau


@pytest.fixture(scope="module")
def file_bureau_to_read(tmp_path_factory, store_copies):
    """The tiny bureau on a DuckDB file, one connection shared by a module's tests that only
    read it (on the file only: not about the store), each of which would otherwise copy and
    open a store of its own."""
    url, _ = store_copies.copy("file", "bureau", write_bureau, tmp_path_factory.mktemp("read"))
    con = connect(url)
    yield con
    con.close()


@pytest.fixture
def bureau_path(tmp_path, store_copies):
    """The tiny bureau's file path, closed (for the command line)."""
    url, _ = store_copies.copy("file", "bureau", write_bureau, tmp_path / "store")
    return Path(url)
