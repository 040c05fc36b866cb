"""Benchmark: the quarterly meeting pack (PPTX + PDF + draft circular) at demo and province
scale, against a baseline measured in the same run.

    .venv/bin/python bench/bench_pack.py [--db PATH ...] [--quarter 2026Q3] [--repeat 2]

Without --db it measures a copy of the demo database (/tmp/demo.duckdb, else one built with
``python -m etl demo``) and of the province database (/tmp/province.duckdb if present, else
one built with ``python -m etl demo --units 5000 --quarters 40``). Each database is copied to
a temporary folder first, so the original is never held open.

The baseline is the bare work the pack cannot avoid: rendering the pack's own charts (about
12) to PNG one by one, in this process. The pack's goal is at most ``GOAL_RATIO`` times that,
queries, slides, PPTX, PDF and DOCX included; the ratio is printed. The first pack of a run
builds the indicator cache of the fresh copy and starts the chart workers (charts/pictures.py);
the best of ``--repeat`` runs is shown, and the first run's time too. The parts are the times
at which the pack reported progress: the rankings run while the other queries run and the
slides are made, the charts render while the slides and files are made, so a part includes
its waits.

Two costs outside the pack's parts are printed after it, each with nothing recalled from the
process's memo of results: the draft circular's funnel flags (one ``funnel`` query per
proportion indicator and peer group with a unit beyond noise at its bottom; also what they
would cost were every group flagged) and the Meeting-pack page's revisions of a published
quarter (one ``revisions`` query per peer group; the quarter is published in the copy first).
Their CPU time (this process's, DuckDB's threads included; the chart workers' are not) is
given as a ratio of the best pack's, as the machine may be shared: that pack recalls what its
first run computed, so the ratio overstates their share rather than understates it.
"""

from __future__ import annotations

import argparse
import contextvars
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import Future
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import charts.pack.data as pack_data  # noqa: E402
import charts.pack.request as pack_request  # noqa: E402
from charts.export import chart_png  # noqa: E402
from charts.pack import CHART_SCALE, PackRequest, gather, make_pack, pack_slides  # noqa: E402
from etl.db import connect  # noqa: E402
from etl.publish import latest_publication, publish  # noqa: E402
from queries import run  # noqa: E402
from queries.composed import within_peer_groups  # noqa: E402
from queries.result_memo import recomputed  # noqa: E402

GOAL_RATIO = 1.3
DEMO = Path("/tmp/demo.duckdb")
PROVINCE = Path("/tmp/province.duckdb")


def ensure_db(path: Path, folder: Path, units: int, quarters: int) -> Path:
    """A copy of ``path`` in ``folder``, or a database built there when ``path`` is missing."""
    copy = folder / f"{path.stem}-bench.duckdb"
    if path.is_file():
        shutil.copyfile(path, copy)
        return copy
    print(f"building {copy} ({units} units, {quarters} quarters) …", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "demo",
            "--db",
            str(copy),
            "--units",
            str(units),
            "--quarters",
            str(quarters),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return copy


class QueryClock:
    """Stands in for the pack's ``run`` to time every named query the pack runs."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def __call__(self, con, name, *args, **params):
        started = time.perf_counter()
        try:
            return run(con, name, *args, **params)
        finally:
            self.seconds[name] += time.perf_counter() - started
            self.calls[name] += 1


class Steps:
    """The pack's progress calls, timed: when the queries ended and the files began."""

    def __init__(self):
        self.started = time.perf_counter()
        self.at: dict[str, float] = {}

    def __call__(self, fraction: float, message: str) -> None:
        now = time.perf_counter() - self.started
        for key, first in (("queries", 0.35), ("files", 0.38), ("done", 1.0)):
            if fraction >= first and key not in self.at:
                self.at[key] = now


def measure_pack(con, quarter: str) -> dict:
    clock = QueryClock()
    pack_data.run = pack_request.run = clock
    try:
        steps = Steps()
        started, cpu_started = time.perf_counter(), time.process_time()
        files = make_pack(con, PackRequest(quarter), progress=steps)
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    finally:
        pack_data.run = pack_request.run = run
    at = steps.at
    slowest = sorted(clock.seconds.items(), key=lambda kv: -kv[1])[:4]
    return {
        "total": total,
        "cpu": cpu,
        "queries": at.get("queries", 0.0),
        "slides": at.get("files", 0.0) - at.get("queries", 0.0),
        "files": at.get("done", 0.0) - at.get("files", 0.0),
        "n_charts": files.charts,
        "n_slides": len(files.slides),
        "n_queries": sum(clock.calls.values()),
        "slowest": ", ".join(f"{n} {s:.2f}s ({clock.calls[n]}x)" for n, s in slowest),
    }


def measure_baseline(con, quarter: str) -> dict:
    """The same charts as the pack's, each to PNG in turn in this process."""
    _, charts = pack_slides(gather(con, PackRequest(quarter)))
    started = time.perf_counter()
    for _, chart in charts:
        chart_png(chart, scale=CHART_SCALE)
    return {"charts_one_by_one": time.perf_counter() - started, "n_charts": len(charts)}


def cpu_and_wall(work) -> tuple[float, float, int]:
    """CPU time of this process (DuckDB's threads included) and wall time of ``work()``, with
    no result recalled from the process's memo (queries/result_memo.py): what the first view
    after a load pays. Also the number of named queries ``work`` ran (``QueryClock``)."""
    clock = QueryClock()
    pack_data.run = clock
    try:
        with recomputed():
            wall, cpu = time.perf_counter(), time.process_time()
            work(clock)
            return time.process_time() - cpu, time.perf_counter() - wall, sum(clock.calls.values())
    finally:
        pack_data.run = run


def measure_funnel_flags(con, quarter: str) -> tuple[tuple, tuple]:
    """The draft circular's funnel flags (charts/pack/data.py funnel_flags), given the
    rankings already made: one ``funnel`` query per proportion indicator and group with a
    bottom unit beyond noise (queries.selection), often none in groups of hundreds; and the
    most they can cost, every group's ``funnel`` of every proportion indicator."""
    request = PackRequest(quarter)
    groups = run(con, "peer_groups")["peer_group"].to_list()
    ranked = Future()
    ranked.set_result(pack_data.rank_groups(con, request, groups))
    indicators = run(con, "indicators")
    codes = indicators.filter(pl.col("is_proportion") & pl.col("has_definition"))
    codes = codes["indicator_code"].to_list()
    flags = cpu_and_wall(
        lambda clock: contextvars.copy_context().run(
            pack_data.funnel_flags, con, request, ranked, codes
        )
    )

    def every_group(clock):
        for group in groups:
            for code in codes:
                clock(con, "funnel", quarter=quarter, indicator_code=code, peer_group=group)

    return flags, cpu_and_wall(every_group)


def measure_page_revisions(con, quarter: str) -> tuple[float, float, int]:
    """The Meeting-pack page's revisions of a published quarter (ui/published.py
    revised_since_publication): the ``revisions`` query once per peer group. The quarter is
    published in this copy first when it is not yet."""
    if latest_publication(con, quarter) is None:
        publish(con, quarter, "bench")
    groups = run(con, "peer_groups")["peer_group"].to_list()
    return cpu_and_wall(
        lambda clock: within_peer_groups(
            lambda group: clock(con, "revisions", quarter=quarter, peer_group=group), groups
        )
    )


def bench(db: Path, quarter: str | None, repeat: int) -> None:
    con = connect(str(db))
    try:
        units = con.execute("SELECT count(*) FROM units").fetchone()[0]
        quarter = quarter or run(con, "quarters")["quarter"].max()
        runs = [measure_pack(con, quarter) for _ in range(repeat)]
        best = min(runs, key=lambda r: r["total"])
        base = measure_baseline(con, quarter)
        funnels = [measure_funnel_flags(con, quarter) for _ in range(repeat)]
        revised = [measure_page_revisions(con, quarter) for _ in range(repeat)]
    finally:
        con.close()
    ratio = best["total"] / base["charts_one_by_one"]
    verdict = "within" if ratio <= GOAL_RATIO else "OVER"
    print(f"\n{db.name}: {units:,} units, quarter {quarter}, best of {repeat}")
    print(
        f"  baseline: the same {base['n_charts']} charts to PNG one by one "
        f"{base['charts_one_by_one']:6.2f} s"
    )
    print(
        f"  pack total       {best['total']:6.2f} s  = {ratio:.2f} x the baseline ({verdict} the "
        f"{GOAL_RATIO} x goal; {best['n_slides']} slides, {best['n_charts']} charts; first run "
        f"{runs[0]['total']:.2f} s; CPU time of this process {best['cpu']:.2f} s, first run "
        f"{runs[0]['cpu']:.2f} s)"
    )
    print(
        f"  - queries        {best['queries']:6.2f} s  ({best['n_queries']} named queries, the "
        f"rankings on a thread of their own; slowest: {best['slowest']})"
    )
    print(f"  - slides         {best['slides']:6.2f} s  (the charts start rendering meanwhile)")
    print(
        f"  - PPTX, PDF, DOCX {best['files']:5.2f} s  (written at once, with the waits for "
        "charts and for the rankings)"
    )
    measured = (
        ("circular's funnel flags", [flags for flags, _ in funnels]),
        ("  if every group flagged", [every for _, every in funnels]),
        ("page's revisions", revised),
    )
    for label, found in measured:
        cpu, wall, calls = min(found)
        print(
            f"  {label:24} CPU {cpu:6.2f} s = {cpu / best['cpu']:.2f} x the pack's CPU time, "
            f"wall {wall:5.2f} s = {wall / best['total']:.2f} x the pack's "
            f"({calls} named queries, nothing recalled from the memo; best of {len(found)})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", type=Path, help="database(s) to measure")
    parser.add_argument("--quarter", help="default: the latest quarter of each database")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pack-") as tmp:
        folder = Path(tmp)
        if args.db:
            dbs = [ensure_db(p, folder, 80, 12) for p in args.db]
        else:
            dbs = [ensure_db(DEMO, folder, 80, 12), ensure_db(PROVINCE, folder, 5000, 40)]
        for db in dbs:
            bench(db, args.quarter, args.repeat)


if __name__ == "__main__":
    main()
