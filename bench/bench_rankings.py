"""Rankings at province scale on each kind of store: the full `rankings` query against a minimal
GROUP BY + window on the same store, and the first rankings after a one-quarter load.

    .venv/bin/python bench/bench_rankings.py [--store file sqlite postgres | all]
        [--peer-group 乡镇卫生院] [--repeat 10] [--load-repeat 3]
    .venv/bin/python bench/bench_rankings.py --db URL     # an existing store, used as it is

The province (5,000 units, 40 quarters, 1.9M fact rows) is built once by the demo generator
through the real loader into a DuckDB file (``--province``, default /tmp/province.duckdb, shared
with bench_pack.py; about 80 s) and kept. Each run copies it into a new store of each kind asked
for (``--store``): ``file`` a copy of the DuckDB file (the default); ``sqlite`` DuckLake on a
SQLite catalog; ``postgres`` DuckLake on a PostgreSQL catalog, on a throwaway server the script
starts and stops. Into a lake the rows go load by load, one write each in load order, so the lake
has the Parquet files a lake built by those 122 loads has (``--layout migrated`` copies all in
one transaction instead, as ``python -m etl migrate`` does; ``--layout tidied`` load by load,
then runs ``python -m etl tidy``, which merges the small files). The bench writes into its copy
(loads, the per-process cache); ``--db`` runs on the given store instead and writes into it.

All figures of a store come from the same run on the same connection (the minimal query and the
two warm lines in alternation, so that they meet the same machine load); each line gives the median
and the best of its runs and its ratio to the minimal query's median (and best to best), then the
median CPU time of the process (user + system, all threads; on a shared machine it swings much
less than the wall clock) and its ratio to the minimal query's:
- minimal: a GROUP BY + window over the same facts and quarters on the same store (the baseline);
- cold: the first rankings call after ``indicator_cache.clear`` (the cache rebuilt whole);
- uncached: rankings computed from the facts with the cache bypassed (the old way);
- warm: later calls for the same data, without rank ranges (draws=0) and in full: both
  answered from the results the process keeps per data version (queries/result_memo.py); and
  in full with kept results not used (``result_memo.recomputed``), so computed again from the
  cache (the rank ranges from their memo, cache_rank_ranges, simulated once per data version
  and parameters);
- first call for new parameters: a new seed each run, so the rank ranges are simulated (and
  stored), as on the first view of a ranking with parameters nobody asked for yet;
- first call after a one-quarter load: with the cache warm, a corrected surveys file of the
  ranked quarter (every unit's rows, ~12,400) is loaded through ``etl.load.load_file`` (not
  timed; its time is printed below the table), then the first rankings call is timed: the cache
  is rebuilt from that quarter on (incremental) and the rank ranges simulated for the new data;
- the same after a one-quarter load with the cache cleared: the full rebuild it saves.
The two after-load lines alternate, ``--load-repeat`` times each.

Goals (medians): warm full rankings ≤ 2× the minimal query; first rankings after a one-quarter
load ≤ 1 s. With several stores a summary table ends the output.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import statistics
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storekit import (  # noqa: E402
    add_province_arguments,
    add_store_argument,
    chosen_kinds,
    province_copies,
    province_file,
    summary_of,
)

from etl.db import connect  # noqa: E402
from etl.load import load_file  # noqa: E402
from etl.quarters import shift_quarter  # noqa: E402
from queries import indicator_cache, lookup, result_memo, run  # noqa: E402

MINIMAL = "minimal GROUP BY + window"
WARM_FULL = "warm, full (result kept)"
WARM_RECOMPUTED = "warm, full, recomputed (ranges memoised)"
AFTER_LOAD = "first call after a one-quarter load"
AFTER_LOAD_FULL = "same, cache cleared (full rebuild)"
WARM_GOAL_RATIO = 2.0
AFTER_LOAD_GOAL_MS = 1000.0
MINIMAL_SQL = """
WITH inspected AS (
    SELECT unit_code, quarter, sum(score) / sum(max_score) AS score_rate
    FROM inspections WHERE quarter IN ($quarter, $previous) GROUP BY unit_code, quarter
),
surveyed AS (
    SELECT unit_code, quarter, sum(satisfied) / sum(respondents) AS satisfaction
    FROM surveys WHERE quarter IN ($quarter, $previous) AND satisfied IS NOT NULL
    GROUP BY unit_code, quarter
),
active AS (
    SELECT unit_code, quarter, sum(sessions) AS sessions
    FROM activities WHERE quarter IN ($quarter, $previous) GROUP BY unit_code, quarter
)
SELECT
    u.unit_code,
    i.quarter,
    i.score_rate + coalesce(s.satisfaction, 0) + coalesce(a.sessions, 0) / 10 AS value,
    rank() OVER (PARTITION BY i.quarter ORDER BY value DESC) AS rank
FROM units AS u
JOIN inspected AS i ON i.unit_code = u.unit_code
LEFT JOIN surveyed AS s ON s.unit_code = i.unit_code AND s.quarter = i.quarter
LEFT JOIN active AS a ON a.unit_code = i.unit_code AND a.quarter = i.quarter
WHERE u.peer_group = $peer_group
"""
SURVEY_COLUMNS = "unit_code, quarter, survey_type, respondents, satisfied, score"


class Times(list):
    """Wall-clock times of runs, in ms, with the process's CPU time of each (``cpu``: user +
    system, all threads; on a shared machine it swings much less than the wall clock)."""

    def __init__(self):
        super().__init__()
        self.cpu: list[float] = []

    def call(self, action, *args, **kwargs):
        started, cpu = time.perf_counter(), cpu_seconds()
        result = action(*args, **kwargs)
        self.append((time.perf_counter() - started) * 1000)
        self.cpu.append((cpu_seconds() - cpu) * 1000)
        return result


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(action, repeat: int, warm_up: bool = True) -> Times:
    if warm_up:
        action()  # not timed
    times = Times()
    for _ in range(repeat):
        times.call(action)
    return times


def interleaved(actions: dict, repeat: int) -> dict[str, Times]:
    """Each action once untimed, then ``repeat`` rounds of each in turn, so that all meet the
    same machine load (their ratios are what counts)."""
    for action in actions.values():
        action()
    times = {name: Times() for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            times[name].call(action)
    return times


def corrected_surveys(con, quarter: str, serial: int) -> bytes:
    """Every unit's survey rows of ``quarter`` as committed now, a few ``satisfied`` counts
    lowered by one or two (a correction a bureau might send; new content every ``serial``)."""
    frame = (
        con.cursor()
        .execute(
            f"SELECT {SURVEY_COLUMNS} FROM surveys WHERE quarter = $quarter ORDER BY ALL",
            {"quarter": quarter},
        )
        .pl()
    )
    step = (pl.int_range(pl.len()) * 7919 + serial) % 3
    frame = frame.with_columns((pl.col("satisfied") - step).clip(lower_bound=0))
    return frame.write_csv().encode("utf-8")


def measure(args: argparse.Namespace, label: str, url: str) -> dict:
    """Every line for one store; prints them and returns the medians by line, in ms."""
    con = connect(url)
    if args.threads:
        con.execute(f"SET threads = {int(args.threads)}")
    quarter = args.quarter or run(con, "quarters")["quarter"][0]
    params = {
        "quarter": quarter,
        "previous": shift_quarter(quarter, -1),
        "peer_group": args.peer_group,
    }
    ranking = {"quarter": quarter, "peer_group": args.peer_group}
    full_params = {**ranking, **({"draws": args.draws} if args.draws is not None else {})}
    units, facts = con.execute(
        "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM inspections)"
        " + (SELECT count(*) FROM surveys) + (SELECT count(*) FROM activities)"
    ).fetchone()

    def minimal():
        return con.cursor().execute(MINIMAL_SQL, params).pl()

    def full():
        return run(con, "rankings", **full_params)

    def cold():
        indicator_cache.clear(con)
        return full()

    def uncached():
        with indicator_cache.bypassed():
            return full()

    def without_ranges():
        return run(con, "rankings", **ranking, draws=0)

    def recomputed():
        with result_memo.recomputed():
            return full()

    new_seeds = itertools.count(1_000_001)

    def simulated():
        return run(con, "rankings", **full_params, seed=next(new_seeds))

    results = {
        "cold: first call after a data change": timed(cold, args.cold_repeat, warm_up=False),
        "uncached (cache bypassed)": timed(uncached, args.cold_repeat),
        "first call for new parameters (simulated)": timed(simulated, args.repeat),
    }
    warm = {
        MINIMAL: minimal,
        "warm, no rank ranges (draws=0)": without_ranges,
        WARM_FULL: full,
        WARM_RECOMPUTED: recomputed,
    }
    results = interleaved(warm, args.repeat) | results
    load_ms, incremental, rebuilt = after_loads(args, con, quarter, full)
    results[AFTER_LOAD] = incremental
    results[AFTER_LOAD_FULL] = rebuilt
    draws = full_params.get("draws", lookup("rankings").param("draws").default)
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(f"store {label}: {units} units, {facts} fact rows; DuckDB threads {threads}")
    print(f"ranking {quarter} within {args.peer_group}: {full().height} units, {draws} draws")
    base = results[MINIMAL]
    base_median, base_best = statistics.median(base), min(base)
    base_cpu = statistics.median(base.cpu)
    for name, times in results.items():
        median, best, cpu = statistics.median(times), min(times), statistics.median(times.cpu)
        print(
            f"  {name:42s} median {median:8.1f} ms  best {best:8.1f} ms  "
            f"×{median / base_median:5.1f} (best ×{best / base_best:5.1f})  "
            f"cpu {cpu:8.1f} ms ×{cpu / base_cpu:5.1f}"
        )
    print(
        f"  (the one-quarter load itself, load_file: median {statistics.median(load_ms):.0f} ms, "
        f"best {min(load_ms):.0f} ms, cpu {statistics.median(load_ms.cpu):.0f} ms)"
    )
    medians = {name: statistics.median(times) for name, times in results.items()}
    medians |= {f"{name} cpu": statistics.median(times.cpu) for name, times in results.items()}
    warm_ratio = medians[WARM_FULL] / medians[MINIMAL]
    print(
        f"goals (medians): warm full rankings ≤ {WARM_GOAL_RATIO:g}× minimal: "
        f"{verdict(warm_ratio <= WARM_GOAL_RATIO)} (×{warm_ratio:.1f}); first rankings after a "
        f"one-quarter load ≤ {AFTER_LOAD_GOAL_MS:.0f} ms: "
        f"{verdict(medians[AFTER_LOAD] <= AFTER_LOAD_GOAL_MS)} ({medians[AFTER_LOAD]:.0f} ms)",
        flush=True,
    )
    con.close()
    return medians


def after_loads(args, con, quarter: str, full) -> tuple[Times, Times, Times]:
    """Alternately: a one-quarter load then the first rankings (incremental rebuild), and a
    one-quarter load, ``clear``, then the first rankings (full rebuild); the cache warm before
    each load. Returns the load times and the two lists of first-call times, in ms."""
    loads, incremental, rebuilt = Times(), Times(), Times()
    serials = itertools.count(1)
    for _ in range(args.load_repeat):
        for times, clear in ((incremental, False), (rebuilt, True)):
            full()  # the cache and the memoised rank ranges fresh, as between loads
            serial = next(serials)
            data = corrected_surveys(con, quarter, serial)
            name = f"surveys_{quarter}_corrected_{serial}.csv"
            result = loads.call(load_file, con, data, name, kind="surveys", by="bench")
            if result.outcome != "loaded":
                raise SystemExit(f"the corrected surveys file was not loaded: {result.summary()}")
            if clear:
                indicator_cache.clear(con)
            times.call(full)
    return loads, incremental, rebuilt


def verdict(met: bool) -> str:
    return "meets" if met else "misses"


def print_summary(summary: dict[str, dict]) -> None:
    """One line per store: the goals' figures (medians; cpu = the process's CPU time)."""
    print()
    print(
        f"{'store':<9} {'minimal':>9} {'warm full':>10} {'ratio':>6} {'cpu ratio':>9}  "
        f"{'after 1-quarter load':>21} {'(cpu)':>9}  {'full rebuild':>12} {'(cpu)':>9}  "
        f"goals ≤{WARM_GOAL_RATIO:g}×, ≤{AFTER_LOAD_GOAL_MS / 1000:g} s"
    )
    for label, m in summary.items():
        ratio = m[WARM_FULL] / m[MINIMAL]
        cpu_ratio = m[f"{WARM_FULL} cpu"] / m[f"{MINIMAL} cpu"]
        met = f"{verdict(ratio <= WARM_GOAL_RATIO)}, {verdict(m[AFTER_LOAD] <= AFTER_LOAD_GOAL_MS)}"
        print(
            f"{label:<9} {m[MINIMAL]:>6.1f} ms {m[WARM_FULL]:>7.1f} ms {ratio:>6.1f} "
            f"{cpu_ratio:>9.1f}  {m[AFTER_LOAD]:>18.0f} ms {m[f'{AFTER_LOAD} cpu']:>6.0f} ms  "
            f"{m[AFTER_LOAD_FULL]:>9.0f} ms {m[f'{AFTER_LOAD_FULL} cpu']:>6.0f} ms  {met}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=summary_of(__doc__))
    add_store_argument(parser)
    parser.add_argument("--db", help="run on this store (a URL) as it is, instead of --store")
    add_province_arguments(parser)
    parser.add_argument(
        "--layout",
        choices=("loads", "migrated", "tidied"),
        default="loads",
        help="a lake copy: load by load (default), in one transaction (etl migrate), or load "
        "by load and then tidied (etl tidy merges the loads' small files)",
    )
    parser.add_argument("--peer-group", default="乡镇卫生院")
    parser.add_argument("--quarter", help="default: the latest quarter with data")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--cold-repeat", type=int, default=2)
    parser.add_argument("--load-repeat", type=int, default=3, help="runs of each after-load line")
    parser.add_argument("--draws", type=int, help="rank-range draws (default: the query's)")
    parser.add_argument("--threads", type=int, help="SET threads on the connection first")
    args = parser.parse_args()

    if args.db:
        measure(args, args.db, args.db)
        return
    province = province_file(args.province, args.units, args.quarters)
    summary = {}
    for kind, url in province_copies(province, chosen_kinds(args.store), args.layout):
        summary[kind] = measure(args, kind, url)
    if len(summary) > 1:
        print_summary(summary)


if __name__ == "__main__":
    main()
