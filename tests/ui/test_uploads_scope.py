"""The Upload page's loads (ui.uploads) run in the signed-in analyst's scope, read from the
account: a dry run and a load of a file naming another district's unit are refused, the row
named; the same file loads for a bureau-wide analyst."""

from datetime import date
from pathlib import Path

import pytest

import accounts
from etl.db import connect
from etl.load import load_file
from etl.scope import Scope
from ui import uploads

UNITS = Path(__file__).resolve().parents[1] / "fixtures" / "etl" / "units.csv"
# rows 2 and 3: H001 (城关区), T001 (永登县)
SURVEYS = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,10,9\nT001,2025Q3,门诊,20,18\n"


@pytest.fixture
def con(tmp_path):
    connection = connect(tmp_path / "civbench.duckdb")
    assert load_file(connection, UNITS.read_bytes(), "units.csv", today=date(2026, 1, 15)).ok
    accounts.add_user(connection, "zhang", "analyst", "long enough", scope=Scope(("城关区",)))
    accounts.add_user(connection, "li", "analyst", "long enough")
    yield connection
    connection.close()


def test_a_scoped_analysts_dry_run_and_load_are_refused_naming_the_row(con):
    upload = uploads.Upload("surveys.csv", SURVEYS.encode(), "surveys")
    checked = uploads.dry_run(con, upload, by="zhang")
    assert checked.outcome == "rejected"
    assert [(p.row, p.value) for p in checked.problems] == [(3, "T001")]
    (loaded,) = uploads.load_uploads(con, [upload], by="zhang")
    assert loaded.outcome == "rejected"
    assert con.execute("SELECT count(*) FROM surveys").fetchone()[0] == 0
    audited = con.execute(
        "SELECT username, ok FROM audit_log WHERE action = 'load' ORDER BY logged_at"
    ).fetchall()
    assert audited == [("zhang", False)]


def test_a_bureau_wide_analyst_loads_the_same_file(con):
    upload = uploads.Upload("surveys.csv", SURVEYS.encode(), "surveys")
    assert uploads.dry_run(con, upload, by="li").outcome == "checked"
    (loaded,) = uploads.load_uploads(con, [upload], by="li")
    assert loaded.outcome == "loaded"
    assert con.execute("SELECT count(*) FROM surveys").fetchone()[0] == 2
