"""Benchmark: the Unit profile page's queries at province scale, one unit after another.

    .venv/bin/python bench/bench_profile.py [--store file sqlite postgres | all] [--asked 8]

On a copy of the province (5,000 units, 40 quarters; built once and shared with
bench_rankings.py, see bench/storekit.py) whose latest quarter is published here, the app's
warm-up is run first (``queries.warm.warm``: the indicator cache built, the default rankings and
rank histories kept, as a dashboard does at start and after each load), then ``--asked``
distinct units' profiles are asked for in turn, each line timed per unit:

- baseline: ``rank_history`` with kept results not used (``result_memo.recomputed``): every
  unit ranked in every quarter again for each unit, what each profile cost before the ranks of
  all units were kept (queries/rank_history.sql);
- ``rank_history`` as the page asks it, with today's data and as published (``publication``):
  after the warm-up, each unit's rows cut from the ranks kept;
- ``unit_profile`` with today's data (its peer group's figures read from the indicator cache)
  and as published (computed from the publication's facts, the cache holding today's data).

Prints the median and the slowest of each line, its ratio to the baseline's median, and the
warm-up's time. No goal is set; the page's other queries are small.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storekit import (  # noqa: E402
    add_province_arguments,
    add_store_argument,
    chosen_kinds,
    province_copies,
    province_file,
    summary_of,
)


def measure(url: str, asked: int) -> None:
    from etl.db import connect
    from etl.publish import publish
    from queries import result_memo, run
    from queries.warm import warm

    con = connect(url)
    quarter = run(con, "loaded_quarters")["quarter"][0]
    started = time.perf_counter()
    publication = publish(con, quarter, "bench").publication_id
    print(f"published {quarter} in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    warm(con)
    print(f"warm-up (cache, rankings, rank histories) {time.perf_counter() - started:.1f} s")
    units = run(con, "units")["unit_code"].to_list()
    chosen = units[:: max(1, len(units) // asked)][:asked]

    def recomputed(unit: str):
        with result_memo.recomputed():
            return run(con, "rank_history", unit_code=unit)

    lines = {
        "baseline: rank_history, every unit ranked again": recomputed,
        "rank_history": lambda unit: run(con, "rank_history", unit_code=unit),
        "rank_history as published": lambda unit: run(
            con, "rank_history", unit_code=unit, publication=publication
        ),
        "unit_profile": lambda unit: run(con, "unit_profile", unit_code=unit),
        "unit_profile as published": lambda unit: run(
            con, "unit_profile", unit_code=unit, publication=publication
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in lines}
    for unit in chosen:  # the lines in turn for each unit, so that all meet the same load
        for name, action in lines.items():
            started = time.perf_counter()
            action(unit)
            times[name].append((time.perf_counter() - started) * 1000)
    base = statistics.median(times[next(iter(lines))])
    print(f"{len(chosen)} units asked in turn       median     slowest   ÷ baseline")
    for name, ms in times.items():
        median = statistics.median(ms)
        print(f"{name:<48} {median:8.1f} ms {max(ms):8.1f} ms {median / base:8.3f}")
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=summary_of(__doc__))
    add_store_argument(parser)
    add_province_arguments(parser)
    parser.add_argument("--asked", type=int, default=8, help="units whose profile is asked for")
    args = parser.parse_args()
    province = province_file(args.province, args.units, args.quarters)
    for kind, url in province_copies(province, chosen_kinds(args.store)):
        print(f"store: {kind}")
        measure(url, args.asked)


if __name__ == "__main__":
    main()
