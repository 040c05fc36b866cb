"""Fixtures for the ETL tests.

``db_path``, ``con`` and ``registry`` (tests/conftest.py) are built on the ``store`` fixture, so
a test that takes one of them runs on each store: a DuckDB file, DuckLake on SQLite and DuckLake
on PostgreSQL. ``db_path`` is the new, empty store's URL (a plain path for the file store), fit
for ``connect`` and for ``--db``.

A test that takes them but is not about the store (messages, locales, options, a DuckDB file's
lock) runs on the DuckDB file only, marked
``@pytest.mark.parametrize("store", ["file"], indirect=True)``, or takes ``file_db`` /
``file_con`` (a new DuckDB file) instead: opening a lake costs about a second, a file 0.02 s.
Modules that take none of them (reading, contracts) are not parametrised.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.db import connect


@pytest.fixture
def file_db(tmp_path: Path) -> str:
    """A new DuckDB file's path (the file store only)."""
    return str(tmp_path / "civbench.duckdb")


@pytest.fixture
def file_con(file_db: str):
    """A connection to a new DuckDB file (the file store only)."""
    connection = connect(file_db)
    yield connection
    connection.close()
