"""The bureau's time zone (``users bureau --time-zone``): every process that opens the store
keeps its clock, whatever its machine's zone. Trial (session 56): a replica in a container on
UTC beside a host on China time listed loads out of order, locked a sign-in for eight hours
rather than ten minutes, and `users unlock` there could not unlock it.

Each case runs in a subprocess on UTC: keeping the bureau's time changes the process's own
clock, which the test process must keep as it is."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "tests" / "fixtures" / "etl" / "units.csv"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def on_utc(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TZ": "UTC", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_load_on_a_utc_machine_is_logged_at_the_bureaus_time(tmp_path):
    store = str(tmp_path / "civbench.duckdb")
    zone = on_utc("-m", "etl", "users", "bureau", "--time-zone", "Asia/Shanghai", "--db", store)
    assert zone.returncode == 0, zone.stderr
    assert zone.stdout.strip().endswith(
        "time zone: Asia/Shanghai (kept from now on; times recorded before stay as their "
        "machines' clocks read them)"
    )
    loaded = on_utc("-m", "etl", "load", str(UNITS), "--db", store)
    assert loaded.returncode == 0, loaded.stderr
    with duckdb.connect(store, read_only=True) as con:
        [(at,)] = con.execute("SELECT loaded_at FROM upload_log").fetchall()
    shanghai = datetime.now(SHANGHAI).replace(tzinfo=None)
    assert abs(at - shanghai) < timedelta(minutes=5), (at, shanghai)  # 8 hours off UTC


def test_a_page_keeps_the_bureaus_time_before_it_reads_a_time(tmp_path):
    """A dashboard replica: its frame reads the setting, before any sign-in is checked."""
    store = str(tmp_path / "civbench.duckdb")
    zone = on_utc("-m", "etl", "users", "bureau", "--time-zone", "Asia/Shanghai", "--db", store)
    assert zone.returncode == 0, zone.stderr
    script = (
        "import os\n"
        "from datetime import datetime\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"os.environ['CIVBENCH_DB'] = {store!r}\n"
        "before = datetime.now().astimezone().utcoffset()\n"
        "at = AppTest.from_file('tests/fixtures/frame/frame_page.py', default_timeout=60).run()\n"
        "assert not at.exception, at.exception\n"
        "print(before, datetime.now().astimezone().utcoffset())\n"
    )
    ran = on_utc("-c", script)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["0:00:00", "8:00:00"]


def test_a_time_zone_that_is_none_is_refused_naming_it(tmp_path):
    store = str(tmp_path / "civbench.duckdb")
    refused = on_utc("-m", "etl", "users", "bureau", "--time-zone", "Mars/Base", "--db", store)
    assert refused.returncode == 2
    assert refused.stderr.strip() == "error: no time zone 'Mars/Base'"
    zh = on_utc(
        "-m", "etl", "users", "bureau", "--time-zone", "火星", "--db", store, "--lang", "zh"
    )
    assert zh.stderr.strip() == "错误：没有名为“火星”的时区：请写 Asia/Shanghai 这样的时区名。"
