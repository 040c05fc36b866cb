"""Fixtures: the tiny bureau of bureau_fixture.py in a real DuckDB file."""

from __future__ import annotations

import pytest
from bureau_fixture import add_uploads, build_bureau

from etl.db import connect


@pytest.fixture
def bureau(tmp_path):
    """The tiny bureau in a real DuckDB file created through etl.db.connect."""
    con = connect(tmp_path / "bureau.duckdb")
    build_bureau(con)
    add_uploads(con)
    yield con
    con.close()


@pytest.fixture
def bureau_path(tmp_path):
    """The tiny bureau's file path, closed (for the command line)."""
    path = tmp_path / "bureau.duckdb"
    con = connect(path)
    build_bureau(con)
    con.close()
    return path
