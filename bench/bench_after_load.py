"""Benchmark: the Rankings page's first view after a command-line load (issue 9).

    .venv/bin/python bench/bench_after_load.py [--db /tmp/province.duckdb]
        [--store sqlite|postgres] [--loads 3] [--port PORT]

The province (a DuckDB file, made by bench_browser.py's ``ensure_province`` when missing) is
copied into a new store that processes share (a SQLite or PostgreSQL DuckLake,
bench/storekit.py), a Streamlit server is started on it, and the Rankings page (English, the
default quarter and peer group 全部: every unit) is reopened in a returning browser,
alternately (w) with nothing loaded since its last view (the warm baseline, measured in the
same run since the machine is noisy) and (l) right after ``python -m etl load`` of a corrected
surveys file of the shown quarter (every unit's rows, as bench_rankings.py loads it), or
``--later`` seconds after it (a leader opening the page after the analyst's load: the
dashboard follows other processes' loads and warms meanwhile, ``CIVBENCH_FOLLOW_SECONDS``;
set it to 0 for the same run without). Each view
is timed from the navigation until the chart is drawn and until the table shows with the page
idle; the figures are printed as medians in ms, as the ratio of after-load to warm, with the
machine's load average.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_browser import (
    CHART_DRAWN,
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE,
    IDLE_WITH_CHART,
    TIMEOUT_MS,
    ensure_province,
    exceptions,
    free_port,
    new_page,
    said,
    start_server,
)
from bench_rankings import corrected_surveys
from playwright.sync_api import Page, sync_playwright
from storekit import ROOT, Stores, activate, child_env, prepared_store

from etl.db import connect

# the league table is on the page, not stale, and the run is over
TABLE_SHOWN = (
    """(quarter) => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return false;
  const table = main.querySelector('[data-testid="stDataFrame"]');
  if (!table || table.closest('[data-stale="true"]')) return false;
  return ("""
    + IDLE_WITH_CHART
    + """)(quarter);
}"""
)


def after_load(args) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="bench_after_load_") as folder,
        Stores(Path(folder)) as stores,
    ):
        url, env, store_folder = stores.new(args.store)
        activate(env)
        started = time.perf_counter()
        prepared_store(args.db, url, store_folder)
        print(
            f"copied {args.db} into a {args.store} store in {time.perf_counter() - started:.1f} s"
        )
        port = args.port or free_port()
        log = Path(folder) / "streamlit.log"
        server = start_server(url, port, log, child_env(env))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                page = new_page(browser)
                try:
                    measured = views(args, page, f"http://127.0.0.1:{port}", url, env)
                except Exception:
                    page.screenshot(path=str(Path(tempfile.gettempdir()) / "bench_after_load.png"))
                    print(log.read_text()[-3000:])
                    raise
                finally:
                    browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    report(args, measured)


def views(args, page: Page, base: str, url: str, env: dict) -> dict[str, list]:
    """Warm reopenings and reopenings right after a load, alternately."""
    rankings = f"{base}/rankings?lang=en"
    page.goto(f"{base}/method?lang=en")
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
    page.wait_for_url(re.compile(r"quarter=\d{4}Q\d"), timeout=TIMEOUT_MS)
    quarter = re.search(r"quarter=(\d{4}Q\d)", page.url).group(1)
    caption = said(quarter)  # the caption above the chart starts with it
    for _ in range(2):  # the first views: the server's warm-up and the first simulation
        timed_view(page, rankings, caption)
    measured = {"warm": [], "after load": [], "load": []}
    for serial in range(1, args.loads + 1):
        measured["warm"].append(timed_view(page, rankings, caption))
        measured["load"].append(command_line_load(url, env, quarter, serial))
        time.sleep(args.later)  # the leader opens the page that long after the load
        measured["after load"].append(timed_view(page, rankings, caption))
        assert not exceptions(page), exceptions(page)
    measured["warm"].append(timed_view(page, rankings, caption))
    measured["quarter"] = quarter
    return measured


def timed_view(page: Page, url: str, quarter: str) -> tuple[float, float]:
    """Milliseconds from navigating to ``url`` until the chart is drawn, and until the table
    shows and the page is idle (``quarter``: the quarter as the caption says it)."""
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(CHART_DRAWN, arg=quarter, timeout=TIMEOUT_MS, polling="raf")
    chart = time.perf_counter() - start
    page.wait_for_function(TABLE_SHOWN, arg=quarter, timeout=TIMEOUT_MS, polling="raf")
    return chart * 1000, (time.perf_counter() - start) * 1000


def command_line_load(url: str, env: dict, quarter: str, serial: int) -> float:
    """``python -m etl load`` of a corrected surveys file of ``quarter``; seconds taken."""
    con = connect(url)
    try:
        data = corrected_surveys(con, quarter, serial)
    finally:
        con.close()
    with tempfile.TemporaryDirectory(prefix="bench_after_load_file_") as folder:
        path = Path(folder) / f"surveys_{quarter}_corrected_{serial}.csv"
        path.write_bytes(data)
        command = [sys.executable, "-m", "etl", "load", str(path), "--kind", "surveys"]
        command += ["--db", url, "--by", "bench", "--lang", "en"]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=child_env(env), capture_output=True)
        if done.returncode != 0:
            raise SystemExit(f"the load failed:\n{done.stdout.decode()}{done.stderr.decode()}")
        return time.perf_counter() - started


def report(args, measured: dict) -> None:
    warm, after = measured["warm"], measured["after load"]
    print(
        f"Rankings page after a one-quarter load ({measured['quarter']}, peer group 全部), "
        f"{args.store} store, headless chromium; {args.loads} loads, reopened {args.later:g} s "
        f"after each, CIVBENCH_FOLLOW_SECONDS={follow_setting()}; "
        f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    for part, label in ((0, "chart drawn"), (1, "table shown, idle")):
        w = statistics.median(v[part] for v in warm)
        a = statistics.median(v[part] for v in after)
        print(
            f"  {label:<18} warm reopen median {w:7.0f} ms [{shown(warm, part)}]   "
            f"first after load median {a:7.0f} ms [{shown(after, part)}]   ratio ×{a / w:.2f}"
        )
    print(f"  (the loads themselves: median {statistics.median(measured['load']):.1f} s)")


def follow_setting() -> str:
    from etl import settings

    return settings.environment("CIVBENCH_FOLLOW_SECONDS") or "(default)"


def shown(values: list, part: int) -> str:
    return ", ".join(f"{v[part]:.0f}" for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/province.duckdb"))
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--loads", type=int, default=3, help="loads per kind of rerun")
    parser.add_argument("--port", type=int, help="the server's port (default: a free one)")
    parser.add_argument(
        "--later",
        type=float,
        default=0.0,
        help="seconds between the load and the reopening (default 0: right after it)",
    )
    args = parser.parse_args()
    ensure_province(args.db)
    after_load(args)


if __name__ == "__main__":
    main()
