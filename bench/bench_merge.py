"""Benchmark: a lake table read through many small data files, against the same table once
its files are merged (what ``etl.tidy.merge_when_many`` does after a load, and ``etl tidy``).

    .venv/bin/python bench/bench_merge.py [--store sqlite postgres | all] [--files 10 100 500 2000]
        [--rows 60] [--repeat 5]

Every load writes a data file of its own, so a bureau whose units each send their own file adds
a small file per unit and kind every quarter. For each lake asked for (``--store``: ``sqlite``,
the default, or ``postgres``, on a throwaway server the script starts and stops) and each count
of ``--files``, a new table gets that many inserts of ``--rows`` rows, one at a time (each
writes a file, as a load does), then:

(a) a GROUP BY over the table, best of ``--repeat``, through its many files;
(b) ``ducklake_merge_adjacent_files`` on the table, timed once;
(c) the same GROUP BY through the merged file: the baseline, measured in the same run.

Prints (a), (c) and their ratio, the merge's time, and the cost of the check a load makes
before merging (``ducklake_table_info``, every table's file count and size).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storekit import (  # noqa: E402
    Stores,
    activate,
    add_store_argument,
    bare_connect,
    chosen_kinds,
    summary_of,
)

LAKES = ("sqlite", "postgres")
QUERY = "SELECT quarter, count(*), avg(score) FROM {table} GROUP BY quarter"


def best_ms(con, sql: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        con.execute(sql).fetchall()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def measure(con, files: int, rows: int, repeat: int) -> dict:
    table = f"t{files}"
    con.execute(f"CREATE TABLE {table} (unit_code VARCHAR, quarter VARCHAR, score DOUBLE)")
    for load in range(files):
        con.execute(
            f"INSERT INTO {table} SELECT 'U' || ({load} * {rows} + i)::VARCHAR, "
            f"'2026Q' || ({load} % 4 + 1)::VARCHAR, i FROM range({rows}) r(i)"
        )
    many = best_ms(con, QUERY.format(table=table), repeat)
    check = best_ms(con, "SELECT * FROM ducklake_table_info(current_database())", repeat)
    start = time.perf_counter()
    con.execute("CALL ducklake_merge_adjacent_files(current_database(), $t)", {"t": table})
    merge = (time.perf_counter() - start) * 1000
    listed = f"SELECT count(*) FROM ducklake_list_files(current_database(), '{table}')"
    left = con.execute(listed).fetchone()[0]
    merged = best_ms(con, QUERY.format(table=table), repeat)
    return {"many": many, "merged": merged, "merge": merge, "check": check, "left": left}


def main() -> None:
    parser = argparse.ArgumentParser(description=summary_of(__doc__))
    add_store_argument(parser, kinds=LAKES, default=("sqlite",))
    parser.add_argument("--files", type=int, nargs="+", default=[10, 100, 500, 2000])
    parser.add_argument("--rows", type=int, default=60, help="rows of each insert")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query; the best")
    args = parser.parse_args()
    print(f"{args.rows} rows per file; a GROUP BY over the table, best of {args.repeat}")
    print(
        f"{'store':8}{'files':>7}{'many files':>12}{'merged':>10}{'ratio':>7}"
        f"{'merge':>10}{'files after':>13}{'check':>9}"
    )
    with Stores() as stores:
        for kind in chosen_kinds(args.store, LAKES):
            url, env, _ = stores.new(kind)
            activate(env)
            con = bare_connect(url)
            for files in args.files:
                r = measure(con, files, args.rows, args.repeat)
                print(
                    f"{kind:8}{files:>7}{r['many']:>9.1f} ms{r['merged']:>7.1f} ms"
                    f"{r['many'] / r['merged']:>7.2f}{r['merge']:>7.0f} ms{r['left']:>13}"
                    f"{r['check']:>6.1f} ms",
                    flush=True,
                )
            con.close()


if __name__ == "__main__":
    main()
