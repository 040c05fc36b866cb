"""Benchmark: the quarterly meeting pack (PPTX + PDF + draft circular) at demo and province
scale. Goal: at most 10 s for a pack of about 12 charts.

    .venv/bin/python bench/bench_pack.py [--db PATH ...] [--quarter 2026Q3] [--repeat 2]

Without --db it measures a copy of the demo database (/tmp/demo.duckdb, else one built with
``python -m etl demo``) and of the province database (/tmp/province.duckdb if present, else
one built with ``python -m etl demo --units 5000 --quarters 40``). Each database is copied to
a temporary folder first, so the original is never held open.

For each database it prints the total and its parts: the named queries (with the slowest
ones), the chart rendering, the PPTX, the PDF and the DOCX. The baseline, measured in the
same run on the same machine load, is the bare work the pack cannot avoid: rendering the
same charts to PNG one by one (the pack renders two at a time), and running ``rankings`` for
every peer group alone. The first pack of a run builds the indicator cache of the fresh copy
(queries/indicator_cache.py); the best of ``--repeat`` runs is shown.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

import charts.pack as pack  # noqa: E402
from charts.circular import circular_docx  # noqa: E402
from charts.deck import deck_pdf, deck_pptx  # noqa: E402
from charts.export import chart_png  # noqa: E402
from queries import run  # noqa: E402

GOAL_SECONDS = 10.0
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
    """Wraps charts.pack's ``run`` to time every named query the pack runs."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def __call__(self, con, name, **params):
        started = time.perf_counter()
        try:
            return run(con, name, **params)
        finally:
            self.seconds[name] += time.perf_counter() - started
            self.calls[name] += 1


def measure_pack(con, quarter: str) -> dict[str, float]:
    clock = QueryClock()
    pack.run = clock
    try:
        started, cpu_started = time.perf_counter(), time.process_time()
        data = pack.gather(con, pack.PackRequest(quarter))
        t_queries = time.perf_counter() - started
        slides, charts = pack.pack_slides(data)
        t0 = time.perf_counter()
        pack.render_charts(charts, no_progress, "zh", 0.0, 1.0)
        t_charts = time.perf_counter() - t0
        t0 = time.perf_counter()
        deck_pptx(slides)
        t_pptx = time.perf_counter() - t0
        t0 = time.perf_counter()
        deck_pdf(slides)
        t_pdf = time.perf_counter() - t0
        t0 = time.perf_counter()
        circular_docx(data)
        t_docx = time.perf_counter() - t0
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    finally:
        pack.run = run
    slowest = sorted(clock.seconds.items(), key=lambda kv: -kv[1])[:4]
    return {
        "total": total,
        "cpu": cpu,
        "queries": t_queries,
        "charts": t_charts,
        "pptx": t_pptx,
        "pdf": t_pdf,
        "docx": t_docx,
        "n_charts": len(charts),
        "n_slides": len(slides),
        "n_queries": sum(clock.calls.values()),
        "slowest": ", ".join(f"{n} {s:.2f}s ({clock.calls[n]}x)" for n, s in slowest),
        "charts_list": charts,
    }


def measure_baseline(con, quarter: str, charts) -> dict[str, float]:
    started = time.perf_counter()
    for group in run(con, "peer_groups")["peer_group"].to_list():
        run(con, "rankings", quarter=quarter, peer_group=group)
    t_rankings = time.perf_counter() - started
    started = time.perf_counter()
    for _, chart in charts:
        chart_png(chart, scale=pack.CHART_SCALE)
    return {"rankings": t_rankings, "charts_one_by_one": time.perf_counter() - started}


def no_progress(fraction: float, message: str) -> None:
    """The pack's progress callback, unused here."""


def bench(db: Path, quarter: str | None, repeat: int) -> None:
    con = duckdb.connect(str(db))
    try:
        units = con.execute("SELECT count(*) FROM units").fetchone()[0]
        quarter = quarter or run(con, "quarters")["quarter"].max()
        runs = [measure_pack(con, quarter) for _ in range(repeat)]
        best = min(runs, key=lambda r: r["total"])
        base = measure_baseline(con, quarter, best["charts_list"])
    finally:
        con.close()
    verdict = "within" if best["total"] <= GOAL_SECONDS else "OVER"
    print(f"\n{db.name}: {units:,} units, quarter {quarter}, best of {repeat}")
    print(
        f"  pack total       {best['total']:6.2f} s  ({verdict} the {GOAL_SECONDS:.0f} s goal; "
        f"{best['n_slides']} slides, {best['n_charts']} charts; CPU time of all threads "
        f"{best['cpu']:.2f} s)"
    )
    print(
        f"  - queries        {best['queries']:6.2f} s  ({best['n_queries']} named queries; "
        f"slowest: {best['slowest']})"
    )
    print(f"  - chart PNGs     {best['charts']:6.2f} s")
    print(f"  - PPTX           {best['pptx']:6.2f} s")
    print(f"  - PDF            {best['pdf']:6.2f} s")
    print(f"  - DOCX           {best['docx']:6.2f} s")
    print(
        f"  baseline: rankings of every peer group alone {base['rankings']:.2f} s; "
        f"the same {best['n_charts']} charts to PNG one by one, on one thread, "
        f"{base['charts_one_by_one']:.2f} s"
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
