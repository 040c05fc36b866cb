"""AppTest fixtures for page tests: a small demo database per test and a page runner.

``open_page("pages/upload.py", user="analyst", lang="en", quarter="2026Q3")`` runs the page
with ``streamlit.testing.v1.AppTest`` against a fresh copy of a demo database (24 units,
4 quarters, built once per session through the real loader), signed in as ``user`` (the
accounts of ``ACCOUNTS`` exist: user name = role), with the given URL parameters.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = {"viewer": "viewer-pass-1", "analyst": "analyst-pass-1", "admin": "admin-pass-1"}
RUN_TIMEOUT = 60


@pytest.fixture(scope="session")
def page_db_template(tmp_path_factory) -> Path:
    from etl import accounts
    from etl.db import connect

    path = tmp_path_factory.mktemp("page_db") / "template.duckdb"
    subprocess.run(
        [sys.executable, "-m", "etl", "demo", "--db", str(path), "--units", "24"]
        + ["--quarters", "4"],
        cwd=ROOT,
        check=True,
        capture_output=True,
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
def open_page(page_db, monkeypatch):
    """Run a page: ``open_page(path, user=None, lang="zh", **query_params) -> AppTest``."""
    monkeypatch.chdir(ROOT)

    def run(path: str, user: str | None = None, lang: str = "zh", **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / path), default_timeout=RUN_TIMEOUT)
        if user:
            at.session_state["auth_user"] = user
        at.query_params["lang"] = lang
        for name, value in params.items():
            at.query_params[name] = value
        return at.run()

    return run
