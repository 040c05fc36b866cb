"""Fixtures for the accounts tests: a store (``con``/``db_path``, on each store kind through
tests/conftest.py's ``store``, or pinned to the DuckDB file), and ``registry``: the store with
the five units of tests/fixtures/etl/units.csv loaded through the real loader (districts
城关区: H001, C001, H001-W1; 七里河区: H002; 永登县: T001)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl.db import connect
from etl.load import load_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "etl"
TODAY = date(2026, 1, 15)


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
    data = (FIXTURES / "units.csv").read_bytes()
    result = load_file(con, data, "units.csv", today=TODAY)
    assert result.outcome == "loaded", result.problems
    return con
