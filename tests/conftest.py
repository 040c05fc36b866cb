"""Fixtures shared by every test folder: the stores (tests/stores.py).

``store`` is parametrised over the three stores (file, DuckLake-SQLite, DuckLake-PostgreSQL):
a test that takes it, directly or through a fixture built on it, runs once on each. The
PostgreSQL server is started once per session, only when a test needs it.
"""

from __future__ import annotations

import pytest
from stores import STORE_KINDS, PostgresServer, store_url


@pytest.fixture(scope="session")
def postgres():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path, monkeypatch) -> str:
    """A new, empty store's URL, of each kind in turn (its environment set for the test)."""
    server = request.getfixturevalue("postgres") if request.param == "postgres" else None
    url, env = store_url(request.param, tmp_path / "store", server)
    (tmp_path / "store").mkdir(exist_ok=True)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return url
