"""Benchmark: the Rankings page at province scale in headless Chromium.

    .venv/bin/python bench/bench_browser.py [--db /tmp/province.duckdb] [--changes 5]

Starts ``streamlit run dashboard.py`` on a copy of a province database (build one with
``python -m etl demo --db /tmp/province.duckdb --units 5000 --quarters 40``; it is built here
when missing) and drives Debian's chromium. Times, from the click or the navigation until the
chart is drawn and the page is idle:

(a) baseline: opening the Method page (the frame and a text page, no query);
(b) opening Rankings: cold (queries computed), then with cached results in a new browser
    profile (scripts downloaded again) and in a returning browser (scripts cached); each open
    is a new Streamlit session;
(c) changing the quarter in the sidebar until the chart is redrawn for the new quarter:
    to quarters not seen before (queries computed) and back to seen ones (cached).

Goal: opening Rankings and changing the quarter each ≤ 1.5 s. Prints every figure.

The first Rankings view after a command-line load is timed by bench/bench_after_load.py.

The indicator cache (queries/indicator_cache.py) is built in the copy before the server starts,
as the app does right after every load or withdrawal (ui.data.bump), and its build time is
printed. ``--no-prewarm`` leaves it to the server (built in the background from its first
request): then "cold" includes whatever of that build is left when Rankings opens.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GOAL_SECONDS = 1.5
TIMEOUT_MS = 120_000

# True once the run has finished, nothing is stale and the chart has been drawn
# (vega-embed puts a canvas or an svg in the chart element).
IDLE_WITH_CHART = """(quarter) => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return false;
  const chart = main.querySelector('[data-testid="stVegaLiteChart"] canvas, '
                                 + '[data-testid="stVegaLiteChart"] svg');
  if (!chart) return false;
  if (quarter === null) return true;
  return [...main.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .some(c => c.innerText.startsWith(quarter + ' · '));
}"""
# True once the chart of this run is on the page: the caption names the quarter and the chart's
# element is no longer the stale one of the previous run; the table may still be filling in.
CHART_DRAWN = """(quarter) => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return false;
  const shown = [...main.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .some(c => c.innerText.startsWith(quarter + ' · ')
               && !c.closest('[data-stale="true"]'));
  const chart = main.querySelector('[data-testid="stVegaLiteChart"]');
  if (!shown || !chart || chart.closest('[data-stale="true"]')) return false;
  return !!chart.querySelector('canvas, svg');
}"""
IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"]')
  && !document.querySelector('[data-stale="true"]')
  && !!document.querySelector('[data-testid="stMain"] h1')"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_province(path: Path) -> None:
    if path.exists():
        return
    print(f"building {path} (5000 units, 40 quarters) …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "etl", "demo", "--db", str(path)]
        + ["--units", "5000", "--quarters", "40"],
        cwd=ROOT,
        check=True,
    )


def start_server(db: Path | str, port: int, log: Path, env: dict | None = None) -> subprocess.Popen:
    env = {k: v for k, v in (env or os.environ).items() if k != "CIVBENCH_REQUIRE_SIGNIN"}
    env["CIVBENCH_DB"] = str(db)
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py"]
    command += ["--server.headless", "true", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    command += ["--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("streamlit did not become healthy")


def timed_open(page: Page, url: str, check: str, arg=None) -> float:
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(check, arg=arg, timeout=TIMEOUT_MS, polling="raf")
    return time.perf_counter() - start


def timed_rankings_open(page: Page, url: str, quarter: str) -> tuple[float, float]:
    """Seconds until the chart is drawn, and until the whole page is idle."""
    start = time.perf_counter()
    page.goto(url)
    return wait_chart_then_idle(page, quarter, start)


def timed_quarter_change(page: Page, quarter: str) -> tuple[float, float]:
    """Choose ``quarter`` in the sidebar; seconds until the chart shows it, and until idle."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name="Quarter").click()
    option = page.get_by_role("option", name=quarter, exact=True)
    option.scroll_into_view_if_needed()
    start = time.perf_counter()
    option.click()
    return wait_chart_then_idle(page, quarter, start)


def wait_chart_then_idle(page: Page, quarter: str, start: float) -> tuple[float, float]:
    page.wait_for_function(CHART_DRAWN, arg=quarter, timeout=TIMEOUT_MS, polling="raf")
    chart = time.perf_counter() - start
    page.wait_for_function(IDLE_WITH_CHART, arg=quarter, timeout=TIMEOUT_MS, polling="raf")
    return chart, time.perf_counter() - start


def exceptions(page: Page) -> list[str]:
    return page.locator('[data-testid="stException"]').all_inner_texts()


def report(label: str, seconds: list[float], goal: bool = True) -> None:
    shown = ", ".join(f"{s:.2f}" for s in seconds)
    middle = statistics.median(seconds)
    verdict = ("ok" if middle <= GOAL_SECONDS else "OVER GOAL") if goal else "-"
    print(f"{label:<52} median {middle:6.2f} s   [{shown}]   {verdict}")


def report_pairs(label: str, pairs: list[tuple[float, float]]) -> None:
    report(f"{label}: chart drawn", [chart for chart, _ in pairs])
    report(f"{label}: page idle", [idle for _, idle in pairs], goal=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/province.duckdb"))
    parser.add_argument("--changes", type=int, default=5, help="quarter changes to time")
    parser.add_argument(
        "--no-prewarm", action="store_true", help="do not build the indicator cache first"
    )
    parser.add_argument("--port", type=int, help="the server's port (default: a free one)")
    args = parser.parse_args()
    ensure_province(args.db)
    with tempfile.TemporaryDirectory(prefix="bench_browser_") as folder:
        db = Path(folder) / "province.duckdb"
        shutil.copyfile(args.db, db)
        scale = scale_of(db)
        build = None if args.no_prewarm else prewarm(db)
        port = args.port or free_port()
        server = start_server(db, port, Path(folder) / "streamlit.log")
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                run(browser, base, args.changes, scale)
                if build is None:
                    print("indicator cache: not built first (--no-prewarm)")
                else:
                    print(f"indicator cache built before start-up, as after a load: {build:.2f} s")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


def new_page(browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-US")
    return context.new_page()


def run(browser, base: str, changes: int, scale: str) -> None:
    warm_up = new_page(browser)
    timed_open(warm_up, f"{base}/method?lang=en", IDLE)  # first run imports the app's modules
    warm_up.context.close()

    baseline = []
    for _ in range(3):
        page = new_page(browser)
        baseline.append(timed_open(page, f"{base}/method?lang=en", IDLE))
        page.context.close()

    page = new_page(browser)
    page.goto(f"{base}/method?lang=en")
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
    page.wait_for_url(re.compile(r"quarter=\d{4}Q\d"), timeout=TIMEOUT_MS)
    code = re.search(r"quarter=(\d{4}Q\d)", page.url).group(1)  # the frame's default
    current = said(code)  # as the caption and the quarter selector word it: 2026 Q3
    page.context.close()

    page = new_page(browser)
    cold = [timed_rankings_open(page, f"{base}/rankings?lang=en", current)]
    assert not exceptions(page), exceptions(page)
    page.context.close()

    fresh = []
    for _ in range(2):
        page = new_page(browser)
        fresh.append(timed_rankings_open(page, f"{base}/rankings?lang=en", current))
        page.context.close()

    # A returning browser: scripts and styles in its cache, a new Streamlit session each time.
    page = new_page(browser)
    timed_rankings_open(page, f"{base}/rankings?lang=en", current)
    baseline_returning = [timed_open(page, f"{base}/method?lang=en", IDLE) for _ in range(3)]
    returning = [timed_rankings_open(page, f"{base}/rankings?lang=en", current) for _ in range(3)]
    page.context.close()

    page = new_page(browser)
    timed_rankings_open(page, f"{base}/rankings?lang=en", current)
    quarters = [said(q) for q in quarters_before(code, changes)]
    new_quarters = [timed_quarter_change(page, q) for q in quarters]
    seen_quarters = [timed_quarter_change(page, q) for q in [current, *quarters[:-1]]]
    assert not exceptions(page), exceptions(page)
    page.context.close()

    print(f"Rankings page, province scale ({scale}), headless chromium, 1280×1000")
    print(f"goal: chart drawn ≤ {GOAL_SECONDS} s; 'page idle' includes the rank-range table")
    report("(a) baseline: open Method page (no query), new browser", baseline, goal=False)
    report("(a) baseline: open Method page, returning browser", baseline_returning, goal=False)
    report_pairs("(b) open Rankings, cold", cold)
    report_pairs("(b) open Rankings, results cached, new browser", fresh)
    report_pairs("(b) open Rankings, results cached, returning browser", returning)
    report_pairs("(c) quarter change, new quarter", new_quarters)
    report_pairs("(c) quarter change, seen quarter", seen_quarters)


def said(quarter: str) -> str:
    """A quarter as the page words it in English (the caption above the chart starts with it,
    the sidebar's options are named by it): 2026Q3 -> 2026 Q3."""
    sys.path.insert(0, str(ROOT))
    from charts.labels import quarter_label

    return quarter_label(quarter, "en")


def quarters_before(quarter: str, count: int) -> list[str]:
    year, q = int(quarter[:4]), int(quarter[-1])
    found = []
    for _ in range(count):
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
        found.append(f"{year}Q{q}")
    return found


def prewarm(db: Path) -> float:
    """Build the copy's indicator cache (what the app does after a load); seconds taken."""
    import duckdb

    sys.path.insert(0, str(ROOT))
    from queries.warm import warm

    con = duckdb.connect(str(db))
    try:
        start = time.perf_counter()
        warm(con)
        return time.perf_counter() - start
    finally:
        con.close()


def scale_of(db: Path) -> str:
    """Units and quarters in the database (read before the server holds the file)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        units = con.execute("SELECT count(*) FROM units").fetchone()[0]
        quarters = con.execute("SELECT count(DISTINCT quarter) FROM inspections").fetchone()[0]
        rows = sum(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("inspections", "surveys", "activities")
        )
    finally:
        con.close()
    return f"{units:,} units, {quarters} quarters, {rows:,} fact rows"


if __name__ == "__main__":
    main()
