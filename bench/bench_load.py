"""Benchmark: the validated load of a million-row file against DuckDB's bare ``read_csv``, on
each kind of store.

    .venv/bin/python bench/bench_load.py [--store file sqlite postgres | all] [--rows 1000000]
        [--units 5000] [--repeat 3] [--keep DIR]

For a 1,000,000-row activities file and a 1,000,000-row inspections file (valid data, Chinese
headers, UTF-8, as a unit would send them), on each store asked for (``--store``: ``file`` a
DuckDB file, the default; ``sqlite`` DuckLake on a SQLite catalog; ``postgres`` DuckLake on a
PostgreSQL catalog, on a throwaway server the script starts and stops), each measured in its
own subprocess so that peak memory is separate, each on a new, empty store of that kind:

(a) baseline: ``CREATE TABLE t AS SELECT * FROM read_csv(FILE)`` with plain DuckDB on that
    store (for a lake: the lake attached as the default database, so the table is written
    as its Parquet files and committed to its catalog, as a load is);
(b) Civbench: ``etl.load.load_file`` of the same file (read, normalise, validate every rule,
    one transaction through ``etl.db.write``) into a store of that kind whose unit registry was
    loaded first (opening the store and the registry load are not timed).

Prints both times, their ratio (goal ≤ 1.5) and the peak RSS of each subprocess (goal ≤ 1.5 GB),
then the CPU time (user + system, all threads) of each and their ratio: on a shared machine the
wall-clock times swing with other processes' load, the CPU times much less. Last, the floor:
the ratio the load would reach were every core of this machine busy with it from start to end
(its CPU time ÷ the cores ÷ the bare read's time), the best any scheduling of the same work
could do here; a goal below the floor needs less work, not more parallel work.
Each measurement is repeated (``--repeat``, alternating baseline and load so that both meet the
same machine load) and the best time and the highest peak are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storekit import (  # noqa: E402
    Stores,
    add_store_argument,
    child_env,
    chosen_kinds,
    summary_of,
)

from etl.quarters import quarter_range, quarter_start, shift_quarter  # noqa: E402

ACTIVITY_TYPES = ("志愿服务", "义诊", "健康讲座", "道德讲堂", "送医下乡")
INSPECTION_TYPES = ("暗访", "巡查", "督查", "测评")
ITEMS = ("服务态度", "环境卫生", "便民措施", "医德医风", "窗口服务规范")
GOAL_RATIO = 1.5  # validated load ÷ bare read_csv on the same store


def bench_quarters(count: int, today: date) -> list[str]:
    last = shift_quarter(f"{today.year}Q{(today.month - 1) // 3 + 1}", -1)
    return quarter_range(shift_quarter(last, -(count - 1)), last)


def unit_codes(units: int) -> pl.Series:
    return pl.Series("unit_code", [f"U{i + 1:05d}" for i in range(units)])


def write_units(path: Path, units: int) -> None:
    codes = unit_codes(units)
    pl.DataFrame(
        {
            "单位编码": codes,
            "单位名称": [f"测试单位{i + 1}" for i in range(units)],
            "区县": ["城关区"] * units,
            "单位类别": ["乡镇卫生院"] * units,
            "职工人数": [50 + i % 200 for i in range(units)],
        }
    ).write_csv(path)


def grid(rows: int, units: int, per_unit_quarter: int) -> tuple[pl.DataFrame, list[str]]:
    """Row i → unit, quarter and slot, so that every key in the file is distinct."""
    quarters = bench_quarters(-(-rows // (units * per_unit_quarter)), date.today())
    i = pl.int_range(0, rows, eager=True).alias("i")
    frame = pl.DataFrame(i)
    return frame.with_columns(
        unit=(pl.col("i") // per_unit_quarter) % units,
        q=(pl.col("i") // (per_unit_quarter * units)),
        slot=pl.col("i") % per_unit_quarter,
    ), quarters


def write_activities(path: Path, rows: int, units: int) -> None:
    frame, quarters = grid(rows, units, len(ACTIVITY_TYPES))
    codes = unit_codes(units)
    out = frame.select(
        单位编码=codes.gather(frame["unit"]),
        季度=pl.Series(quarters).gather(frame["q"]),
        活动类型=pl.Series(ACTIVITY_TYPES).gather(frame["slot"]),
        次数=(1 + pl.col("i") * 7919 % 8).cast(pl.Int64),  # a session at least, as people took part
        参与人数=(pl.col("i") * 104729 % 120).cast(pl.Int64),
        志愿服务时长=((pl.col("i") * 31 % 400) / 4),
    )
    out.write_csv(path)


def write_inspections(path: Path, rows: int, units: int) -> None:
    frame, quarters = grid(rows, units, len(ITEMS))
    codes = unit_codes(units)
    starts = pl.Series([quarter_start(q) for q in quarters])
    day = starts.gather(frame["q"]) + pl.Series(
        [timedelta(days=int(d)) for d in (frame["unit"] * 13 % 80)]
    )
    score = (pl.col("i") * 7919 % 41) / 4 + 0.0  # 0 … 10 in quarter points
    out = frame.with_columns(day=day).select(
        单位编码=codes.gather(frame["unit"]),
        检查日期=pl.col("day"),
        检查类型=pl.Series(INSPECTION_TYPES).gather(frame["slot"] % 4),
        检查项目=pl.Series(ITEMS).gather(frame["slot"]),
        得分=score,
        满分=pl.lit(10),
        问题描述=pl.when(score < 8.5).then(pl.lit("候诊区卫生间保洁不及时")),
        整改期限=pl.when(score < 8.5).then(pl.col("day") + timedelta(days=30)),
    )
    out.write_csv(path)


def cpu_seconds() -> float:
    """User + system CPU time of this process, all threads: the work done, whatever the
    other processes on a shared machine do to the wall-clock time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_bare(csv_path: str, url: str) -> dict:
    from storekit import bare_connect

    con = bare_connect(url)
    start, cpu = time.perf_counter(), cpu_seconds()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{csv_path}')")
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    con.close()
    return {"seconds": seconds, "cpu": cpu, "rows": rows, "peak_mb": peak_rss_mb()}


def child_etl(csv_path: str, url: str, units_csv: str) -> dict:
    from etl.db import connect
    from etl.load import load_file

    con = connect(url)
    registry = load_file(con, Path(units_csv).read_bytes(), "units.csv")
    assert registry.outcome == "loaded", registry.problems[:3]
    start, cpu = time.perf_counter(), cpu_seconds()
    result = load_file(con, Path(csv_path).read_bytes(), Path(csv_path).name)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    if result.outcome != "loaded":
        raise SystemExit("rejected: " + "; ".join(str(p) for p in result.problems[:5]))
    con.close()
    return {"seconds": seconds, "cpu": cpu, "rows": result.rows, "peak_mb": peak_rss_mb()}


def run_child(*args: str, env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if out.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=summary_of(__doc__))
    add_store_argument(parser)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        result = child_bare(*rest) if mode == "bare" else child_etl(*rest)
        print(json.dumps(result))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="civbench-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    units_csv = folder / "units.csv"
    write_units(units_csv, args.units)
    files = {
        "activities": (folder / "activities.csv", write_activities),
        "inspections": (folder / "inspections.csv", write_inspections),
    }
    for path, write in files.values():
        write(path, args.rows, args.units)
    print(f"{args.rows:,} rows per file, {args.units:,} units; files in {folder}")
    print(
        f"{'store':<9} {'file':<12} {'bare read_csv':>14} {'validated load':>15} {'ratio':>6} "
        f"{'bare peak':>10} {'load peak':>10} {'bare cpu':>9} {'load cpu':>9} {'ratio':>6} "
        f"{'floor':>6}  goal ≤ {GOAL_RATIO}×"
    )
    try:
        with Stores(folder / "stores") as stores:
            for kind in chosen_kinds(args.store):
                compare(args, stores, kind, units_csv, files)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def compare(
    args: argparse.Namespace, stores: Stores, kind: str, units_csv: Path, files: dict
) -> None:
    """Per file, on new stores of ``kind``: the baseline and the validated load, alternating,
    best of ``args.repeat``."""
    for name, (path, _) in files.items():
        bare_runs, etl_runs = [], []
        for _ in range(args.repeat):
            url, env, store_folder = stores.new(kind)
            bare_runs.append(run_child("bare", str(path), url, env=child_env(env)))
            stores.discard(store_folder)
            url, env, store_folder = stores.new(kind)
            etl_runs.append(run_child("etl", str(path), url, str(units_csv), env=child_env(env)))
            stores.discard(store_folder)
        bare, etl = best(bare_runs), best(etl_runs)
        assert bare["rows"] == etl["rows"] == args.rows, (bare["rows"], etl["rows"])
        ratio = etl["seconds"] / bare["seconds"]
        cpu_ratio = etl["cpu"] / bare["cpu"]
        floor = etl["cpu"] / len(os.sched_getaffinity(0)) / bare["seconds"]
        print(
            f"{kind:<9} {name:<12} {bare['seconds']:>12.2f} s {etl['seconds']:>13.2f} s "
            f"{ratio:>6.2f} {bare['peak_mb']:>7.0f} MB {etl['peak_mb']:>7.0f} MB "
            f"{bare['cpu']:>7.2f} s {etl['cpu']:>7.2f} s {cpu_ratio:>6.2f} {floor:>6.2f}  "
            f"{'meets' if ratio <= GOAL_RATIO else 'misses'}",
            flush=True,
        )


def best(runs: list[dict]) -> dict:
    """The fastest time and the highest peak memory of several runs."""
    return {
        "seconds": min(r["seconds"] for r in runs),
        "cpu": min(r["cpu"] for r in runs),
        "rows": runs[0]["rows"],
        "peak_mb": max(r["peak_mb"] for r in runs),
    }


if __name__ == "__main__":
    main()
