"""Fixtures for the ETL tests: a fresh DuckDB file per test, optionally with the unit registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from etl_helpers import load_fixture

from etl.db import connect


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "civbench.duckdb"


@pytest.fixture
def con(db_path: Path):
    connection = connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def registry(con):
    """A database holding the five units of tests/fixtures/etl/units.csv."""
    result = load_fixture(con, "units.csv")
    assert result.outcome == "loaded", result.problems
    return con
