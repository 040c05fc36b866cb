"""scripts/start.sh, the README's first command, with a store it cannot open.

Trial (session 57): with its PostgreSQL catalog server down, start.sh printed a Python
traceback, took the store for none and ran ``etl demo`` against the bureau's store. It now says
so plainly and stops with the commands' exit code for a store that cannot be used (3), before
any demo, any dashboard. (Port 1 answers nothing on any machine.)"""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_store_that_cannot_be_opened_stops_start_sh_plainly(tmp_path):
    env = os.environ | {
        "CIVBENCH_DB": "ducklake:postgres:dbname=civbench host=127.0.0.1 port=1 user=civbench",
        "CIVBENCH_DATA_PATH": str(tmp_path / "files"),
    }
    done = subprocess.run(
        ["bash", "scripts/start.sh", "--server.port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 3, done.stderr
    said = done.stderr.strip().splitlines()
    assert said[-1].startswith("error: The store ducklake:postgres:dbname=civbench host=127.0.0.1")
    assert "catalog server does not answer" in said[-1]
    assert "Traceback" not in done.stderr and "demo" not in done.stdout + done.stderr
    assert not (tmp_path / "files").exists()  # nothing made
