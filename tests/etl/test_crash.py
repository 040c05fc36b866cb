"""A load killed with SIGKILL while its transaction is open leaves no trace: the store opens
cleanly, holds exactly what it held before and takes the next load. On each store: a DuckDB file
(uncommitted rows reach the file), DuckLake on SQLite and on PostgreSQL (uncommitted Parquet
files may stay in the data folder, but no table shows them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
from etl_helpers import contents, load, load_fixture

from etl.db import connect

ROOT = Path(__file__).resolve().parents[2]
BIG_ROWS = 300_000  # more than two row groups, so uncommitted rows reach the disk

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from etl import load
from etl.db import connect

real_replace_rows = load.replace_rows


def replace_then_wait(cur, table, frame, load_id, *rest):
    replaced = real_replace_rows(cur, table, frame, load_id, *rest)
    inside = cur.execute(f"SELECT count(*) FROM {{table}}").fetchone()[0]
    print("inserted", inside, flush=True)  # the transaction is open: kill me now
    time.sleep(120)
    return replaced


load.replace_rows = replace_then_wait
con = connect({db!r})
load.load_file(con, open({big!r}, "rb").read(), "big.csv")
print("committed", flush=True)
"""


def write_big_activities(path: Path) -> None:
    """BIG_ROWS valid activity rows for unit H001 in 2025Q3, each of its own type."""
    pl.DataFrame(
        {
            "单位编码": ["H001"] * BIG_ROWS,
            "季度": ["2025Q3"] * BIG_ROWS,
            "活动类型": [f"活动{i}" for i in range(BIG_ROWS)],
            "次数": [1 + i % 7 for i in range(BIG_ROWS)],
            "参与人数": [i % 50 for i in range(BIG_ROWS)],
        }
    ).write_csv(path)


def test_sigkill_inside_the_transaction_leaves_no_partial_load(db_path, tmp_path):
    # db_path: each store in turn; the child inherits CIVBENCH_DATA_PATH (PostgreSQL's data
    # folder), which the store fixture set in os.environ
    con = connect(db_path)
    load_fixture(con, "units.csv")
    # rows the big load would replace (H001, 2025Q3) and rows it leaves alone (2025Q2)
    small = "单位编码,季度,活动类型,次数,参与人数\nH001,2025Q3,义诊,2,30\nH001,2025Q2,义诊,1,9\n"
    assert load(con, small, "small.csv").outcome == "loaded"
    before = contents(con)
    con.close()
    big = tmp_path / "big.csv"
    write_big_activities(big)
    script = tmp_path / "child.py"
    script.write_text(
        textwrap.dedent(CHILD.format(root=str(ROOT), db=str(db_path), big=str(big))),
        encoding="utf-8",
    )
    child = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = child.stdout.readline().split()
        # inside the transaction, the table held the big load minus the replaced row
        # plus the untouched 2025Q2 row: 300,000 + 1
        assert line == ["inserted", str(BIG_ROWS + 1)], child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    reopened = connect(db_path)
    assert contents(reopened) == before
    # before: the five units, the two small activity rows, and two loads in the log
    assert len(before["units"]) == 5 and len(before["activities"]) == 2
    assert len(before["upload_log"]) == 2
    # and the database still takes loads: the same file now loads whole
    assert load(reopened, big.read_bytes(), "big.csv").rows == BIG_ROWS
    assert reopened.execute("SELECT count(*) FROM activities").fetchone() == (BIG_ROWS + 1,)
    reopened.close()
