"""Publishing a quarter at province scale on each kind of store: the first publication, the
refused second one (nothing changed since), and a bare ``EXCEPT ALL`` of the same tables.

    .venv/bin/python bench/bench_publish.py [--store file sqlite postgres | all]
        [--quarter 2026Q2] [--repeat 3]

The province (5,000 units, 40 quarters, 1.9M fact rows; ``--province``, default
/tmp/province.duckdb, shared with bench_rankings.py and bench_pack.py, built once by the demo
generator if missing) is copied into a new store of each kind asked for (``--store``, as in
bench_rankings.py: into a lake load by load). Then, on one connection of that store:

- publish (first): ``etl.publish.publish`` of a quarter nobody published yet (each run a
  quarter earlier: ``--quarter``, then the ones before it), as ``python -m etl publish`` does
  it; on a DuckDB file it copies the tables the queries read into a schema of its own, on a
  lake it names the snapshot;
- publish again, refused: ``publish`` of ``--quarter`` once more with nothing changed, which
  compares every row the quarter's figures read with the publication's own
  (``same_as_published``: the quarter's facts, every inspection up to it, the registry, the
  indicator system, the upload log) and refuses;
- baseline: the bare comparison that refusal cannot avoid: per table, ``count(*)`` of the
  rows of the publication's copy (a DuckDB file) or time-travel version (``AT (VERSION =>
  n)``, a lake) ``EXCEPT ALL`` the current ones, and the other way round, with the same row
  conditions (etl/publish.py's ``QUARTER_ROWS``) and all columns but the load id, in plain
  SQL on the same connection.

Each line gives the median and best of its runs, its ratio to the baseline's median, and the
median CPU time of the process (user + system, all threads: on a shared machine it swings much
less than the wall clock). The refused publish and the baseline alternate, so that both meet
the same machine load. Goal: the refused publish ≤ ``GOAL_RATIO`` × the baseline.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_rankings import Times  # noqa: E402
from storekit import (  # noqa: E402
    add_province_arguments,
    add_store_argument,
    chosen_kinds,
    province_copies,
    province_file,
    summary_of,
)

from etl.db import connect  # noqa: E402
from etl.indicator_definitions import defined_indicator_files  # noqa: E402
from etl.publish import QUARTER_ROWS, PublishRefused, latest_publication, publish  # noqa: E402
from etl.quarters import shift_quarter  # noqa: E402

GOAL_RATIO = 2.0  # refused publish ÷ bare EXCEPT ALL, medians
BASELINE = "baseline: bare EXCEPT ALL, both ways"
FIRST = "publish (first)"
REFUSED = "publish again, refused (same data)"


def then_table(state: str, table: str) -> str:
    kind, _, name = state.partition(":")
    return f"{table} AT (VERSION => {int(name)})" if kind == "snapshot" else f"{name}.{table}"


def bare_except(con, state: str, quarter: str, last_load: int) -> int:
    """Rows that differ between the publication's tables and the current ones, counted both
    ways (0 when nothing changed)."""
    cur = con.cursor()
    differing = 0
    values = {"q": quarter, "prev": shift_quarter(quarter, -1), "last": last_load}
    values["defined"] = sorted(defined_indicator_files())
    for table, rows in QUARTER_ROWS.items():
        columns = "load_id, received_on" if table == "upload_log" else "* EXCLUDE (load_id)"
        then = then_table(state, table)
        used = {k: v for k, v in values.items() if any(f"${k}" in part for part in rows)}
        read = {
            source: "SELECT * FROM ("
            + " UNION ALL ".join(f"(SELECT {columns} FROM {source} WHERE {part})" for part in rows)
            + ")"
            for source in (then, table)
        }
        for left, right in ((then, table), (table, then)):
            differing += cur.execute(
                f"SELECT count(*) FROM ({read[left]} EXCEPT ALL {read[right]})", used
            ).fetchone()[0]
    return differing


def refused(con, quarter: str) -> None:
    try:
        publish(con, quarter, "bench")
    except PublishRefused:
        return
    raise SystemExit(f"publishing {quarter} again with nothing changed was not refused")


def measure(args: argparse.Namespace, label: str, url: str) -> dict[str, float]:
    con = connect(url)
    quarter = args.quarter or con.execute("SELECT max(quarter) FROM inspections").fetchone()[0]
    units, inspections = con.execute(
        "SELECT (SELECT count(*) FROM units), "
        "(SELECT count(*) FROM inspections WHERE quarter <= $q)",
        {"q": quarter},
    ).fetchone()
    first = Times()
    for n in range(args.repeat):
        first.call(publish, con, shift_quarter(quarter, -n), "bench")
    found = latest_publication(con, quarter)
    if bare_except(con, found.state, quarter, found.last_load_id) != 0:
        raise SystemExit("the baseline finds differences where nothing changed")
    refused(con, quarter)  # warm-up, not timed
    runs = {BASELINE: Times(), REFUSED: Times()}
    for _ in range(args.repeat):
        runs[BASELINE].call(bare_except, con, found.state, quarter, found.last_load_id)
        runs[REFUSED].call(refused, con, quarter)
    con.close()
    results = {FIRST: first, **runs}
    print(
        f"store {label}: {units} units, {inspections} inspection rows up to {quarter}; "
        f"publication {found.publication_id} ({found.state})"
    )
    base, base_cpu = statistics.median(runs[BASELINE]), statistics.median(runs[BASELINE].cpu)
    for name, times in results.items():
        median, cpu = statistics.median(times), statistics.median(times.cpu)
        print(
            f"  {name:38s} median {median:9.1f} ms  best {min(times):9.1f} ms  "
            f"×{median / base:6.1f}  cpu {cpu:9.1f} ms ×{cpu / base_cpu:6.1f}"
        )
    ratio = statistics.median(runs[REFUSED]) / base
    verdict = "meets" if ratio <= GOAL_RATIO else "misses"
    print(f"goal: refused publish ≤ {GOAL_RATIO:g}× baseline: {verdict} (×{ratio:.1f})", flush=True)
    return {name: statistics.median(times) for name, times in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=summary_of(__doc__))
    add_store_argument(parser)
    add_province_arguments(parser)
    parser.add_argument("--quarter", help="default: the latest quarter with inspections")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each line")
    args = parser.parse_args()
    province = province_file(args.province, args.units, args.quarters)
    for kind, url in province_copies(province, chosen_kinds(args.store)):
        measure(args, kind, url)


if __name__ == "__main__":
    main()
