"""Loaders and readers together on one shared store, for a fixed time.

    .venv/bin/python bench/bench_concurrency.py [--store sqlite postgres | all] [--loaders 2]
        [--readers 2] [--seconds 30] [--units 1000] [--quarters 8] [--separate-machines]
        [--tidy-every SECONDS]

A base bureau (``--units`` units, ``--quarters`` quarters, built once by the demo generator
through the real loader into a DuckDB file kept in /tmp) is copied load by load into a new store
of each kind asked for (``sqlite``: DuckLake on a SQLite catalog, the default; ``postgres``:
DuckLake on a PostgreSQL catalog, on a throwaway server the script starts and stops). Then
``--loaders`` loader processes and ``--readers`` reader processes open the store, say they are
ready, and run together for ``--seconds``:

- a loader loads, one after another, corrected survey files through ``etl.load.load_file``: the
  survey rows of one district and one of the two latest quarters (as read from the store at
  start), a few ``satisfied`` counts lowered at random, so every file is new and valid and
  replaces the rows it corrects (archived, as a real correction is);
- a reader runs the named query ``--query`` (default ``rankings`` of the latest quarter within
  ``--peer-group``, rank ranges included) again and again and times each call. Its indicator
  cache is its own (queries/indicator_cache.py): after a load the first call rebuilds it from
  the corrected quarter on and simulates the rank ranges again, later calls are warm; the
  latencies of both are shown apart ("cache rebuilt": the call rebuilt the reader's cache,
  i.e. it was the first after one or more loads), with how many cache builds the calls ran
  (a build that ends after another load committed is followed by another, up to the cache's
  attempts) and how many calls were answered from the facts because the cache did not settle.

Printed per store: loads per minute (each loader's loads over its own elapsed time, summed) and
the load time (median, p95); conflicts retried (``etl.db.write`` logs "write committed after N
attempts" on the ``etl.db`` logger when a write had to run again: the extra attempts and the
writes that needed them); read latency (median, p95, max), and apart for warm calls and calls
that rebuilt the cache; errors: any exception in a loader or reader, a file not loaded, or a
process that died, with the first few. Each time is shown with the median CPU time of the calls
(user + system of the process, all threads): on a shared machine the wall clock also counts the
time other processes held the cores. The script exits with status 1 if there was any error.

With ``--tidy-every``, one more process runs ``python -m etl tidy``'s work (etl/tidy.py, its
default 30 days kept) every that many seconds: each run merges the small files the loads wrote
since the last and deletes the files the last run merged, while the readers read them; printed:
its runs, the files merged and deleted, and its errors, counted with the others.

On one machine writers queue on a lock file (etl/db.py), so they seldom collide;
``--separate-machines`` (PostgreSQL only) gives each loader a temporary folder of its own, hence
a lock file of its own, as loaders on different machines have: then they meet only in the
catalog (whatever etl.db.write does there: the write ticket, a queue in PostgreSQL), and any
collision shows as retries.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storekit import (  # noqa: E402
    Stores,
    activate,
    add_store_argument,
    child_env,
    chosen_kinds,
    prepared_store,
    province_file,
    summary_of,
)

LAKE_KINDS = ("sqlite", "postgres")
READY_TIMEOUT = 300.0
SHOWN_ERRORS = 5
SURVEY_COLUMNS = ["unit_code", "quarter", "survey_type", "respondents", "satisfied", "score"]
RESULT = "RESULT "


class RetryCounter(logging.Handler):
    """Counts the writes etl.db.write had to run again, from its log."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.retried_writes = 0
        self.extra_attempts = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "write committed after %d attempts":
            self.retried_writes += 1
            self.extra_attempts += int(record.args[0]) - 1


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 for p95); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def wait_for_go() -> float:
    """Say ready, wait for the parent's "go SECONDS", return the end of the run (monotonic)."""
    print("ready", flush=True)
    line = sys.stdin.readline().split()
    if not line or line[0] != "go":
        raise SystemExit("no go from the parent")
    return time.monotonic() + float(line[1])


def error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def loader(index: int, url: str, options: dict) -> dict:
    """Load corrected survey files until the end of the run."""
    from etl.db import connect
    from etl.load import load_file

    counter = RetryCounter()
    db_log = logging.getLogger("etl.db")
    db_log.setLevel(logging.INFO)
    db_log.addHandler(counter)
    con = connect(url)
    frames = correction_sources(con)
    rng = random.Random(index)
    times, cpu, outcomes, errors = [], [], {}, []
    end = wait_for_go()
    started = time.monotonic()
    step = 0
    while time.monotonic() < end:
        (district, quarter), frame = frames[(index + step * options["loaders"]) % len(frames)]
        step += 1
        data = corrected(frame, rng)
        name = f"surveys_{quarter}_{district}_loader{index}_{step}.csv"
        began, cpu_began = time.perf_counter(), cpu_seconds()
        try:
            result = load_file(con, data, name, kind="surveys", by=f"loader{index}")
        except Exception as exc:  # any exception is an error of the run
            errors.append(error_text(exc))
            time.sleep(0.05)
            continue
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((cpu_seconds() - cpu_began) * 1000)
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
        if result.outcome != "loaded":
            errors.append(f"{name} not loaded: {result.summary()}"[:300])
    elapsed = time.monotonic() - started
    con.close()
    return {
        "role": "loader",
        "index": index,
        "elapsed": elapsed,
        "loads": outcomes.get("loaded", 0),
        "outcomes": outcomes,
        "times": times,
        "cpu": cpu,
        "retried_writes": counter.retried_writes,
        "extra_attempts": counter.extra_attempts,
        "errors": errors,
    }


def tidier(index: int, url: str, options: dict) -> dict:
    """Tidy the store every ``tidy_every`` seconds until the end of the run."""
    from etl.db import connect
    from etl.tidy import tidy

    con = connect(url)
    times, merged, deleted, errors = [], 0, 0, []
    end = wait_for_go()
    started = time.monotonic()
    while time.monotonic() + options["tidy_every"] < end:
        time.sleep(options["tidy_every"])
        began = time.perf_counter()
        try:
            done = tidy(con, datetime.now(UTC) - timedelta(days=30))
        except Exception as exc:  # any exception is an error of the run
            errors.append(error_text(exc))
            continue
        times.append((time.perf_counter() - began) * 1000)
        merged, deleted = merged + done.merged, deleted + done.files
    elapsed = time.monotonic() - started
    con.close()
    return {
        "role": "tidier",
        "index": index,
        "elapsed": elapsed,
        "times": times,
        "merged": merged,
        "deleted": deleted,
        "errors": errors,
    }


def correction_sources(con) -> list:
    """The survey rows of each district and each of the two latest quarters, as committed."""
    frame = (
        con.cursor()
        .execute(
            f"SELECT u.district, {', '.join('s.' + c for c in SURVEY_COLUMNS)} "
            "FROM surveys AS s JOIN units AS u USING (unit_code) "
            "WHERE s.quarter IN (SELECT DISTINCT quarter FROM surveys ORDER BY quarter DESC "
            "LIMIT 2) ORDER BY ALL"
        )
        .pl()
    )
    groups = frame.partition_by(["district", "quarter"], as_dict=True, maintain_order=True)
    return [(key, part.select(SURVEY_COLUMNS)) for key, part in sorted(groups.items())]


def corrected(frame, rng: random.Random) -> bytes:
    import polars as pl

    lowered = pl.Series([rng.randint(0, 2) for _ in range(frame.height)])
    frame = frame.with_columns((pl.col("satisfied") - lowered).clip(lower_bound=0))
    return frame.write_csv().encode("utf-8")


def reader(index: int, url: str, options: dict) -> dict:
    """Run the query until the end of the run, timing each call (wall clock and CPU)."""
    from etl.db import connect
    from queries import indicator_cache, run

    con = connect(url)
    params = dict(options["params"])
    if params.get("quarter") is None:
        params["quarter"] = run(con, "quarters")["quarter"][0]
    run(con, options["query"], **params)  # the cache built, as a dashboard warms at start
    watch = watch_cache()
    warm, rebuilt, warm_cpu, rebuilt_cpu, builds, errors = [], [], [], [], [], []
    end = wait_for_go()
    started = time.monotonic()
    while time.monotonic() < end:
        try:
            before = indicator_cache.built_state(con.cursor())
            watch.update(builds=0, uncached=watch["uncached"])
            began, cpu_began = time.perf_counter(), cpu_seconds()
            run(con, options["query"], **params)
            seconds = (time.perf_counter() - began) * 1000
            cpu = (cpu_seconds() - cpu_began) * 1000
            after = indicator_cache.built_state(con.cursor())
        except Exception as exc:  # any exception is an error of the run
            errors.append(error_text(exc))
            time.sleep(0.05)
            continue
        (rebuilt if after != before else warm).append(seconds)
        (rebuilt_cpu if after != before else warm_cpu).append(cpu)
        if watch["builds"]:
            builds.append(watch["builds"])
    elapsed = time.monotonic() - started
    con.close()
    return {
        "role": "reader",
        "index": index,
        "elapsed": elapsed,
        "warm": warm,
        "rebuilt": rebuilt,
        "warm_cpu": warm_cpu,
        "rebuilt_cpu": rebuilt_cpu,
        "builds": builds,
        "uncached": watch["uncached"],
        "errors": errors,
    }


def watch_cache() -> dict:
    """Counts, in this process, the indicator cache's builds and the staged queries answered
    from the facts because the cache was not fresh after its attempts (queries/indicator_cache.py
    ``reading`` yields no version): instrumentation of the reader, nothing else changes."""
    from queries import indicator_cache, runner  # runner reads the cache

    counts = {"builds": 0, "uncached": 0}
    refresh, reading = indicator_cache.refresh, runner.reading

    def counted_refresh(cursor) -> str:
        counts["builds"] += 1
        return refresh(cursor)

    @contextlib.contextmanager
    def watched_reading(cursor):
        with reading(cursor) as version:
            if version is None:
                counts["uncached"] += 1
            yield version

    indicator_cache.refresh = counted_refresh
    runner.reading = watched_reading
    return counts


def cpu_seconds() -> float:
    """User + system CPU time of this process, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child_main(role: str, index: int, url: str, options: dict) -> None:
    work = {"loader": loader, "reader": reader, "tidier": tidier}[role]
    try:
        result = work(index, url, options)
    except Exception as exc:
        result = {"role": role, "index": index, "errors": [error_text(exc)], "died": True}
    print(RESULT + json.dumps(result), flush=True)


def start_children(args, url: str, env: dict, folder: Path, options: dict) -> list:
    children = []
    roles = [("loader", i) for i in range(args.loaders)]
    roles += [("reader", i) for i in range(args.readers)]
    roles += [("tidier", 0)] if args.tidy_every else []
    for role, index in roles:
        own_env = dict(env)
        if role == "loader" and args.separate_machines:
            machine = folder / f"machine-{index}"
            machine.mkdir(exist_ok=True)
            own_env["TMPDIR"] = str(machine)  # the PostgreSQL store's lock file goes there
        log = open(folder / f"{role}-{index}.log", "w")  # noqa: SIM115 (closed in collect)
        process = subprocess.Popen(
            [sys.executable, __file__, "--child", role, str(index), url, json.dumps(options)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            cwd=ROOT,
            env=child_env(own_env),
        )
        children.append((role, index, process, log))
    return children


def collect(children: list, seconds: float) -> list[dict]:
    """Wait for every child to be ready, start them together, gather their results."""
    results = []
    ready = [process.stdout.readline().strip() == "ready" for _, _, process, _ in children]
    for (_, _, process, _), ok in zip(children, ready, strict=True):
        if ok:
            process.stdin.write(f"go {seconds}\n")
            process.stdin.flush()
    for role, index, process, log in children:
        try:
            out, _ = process.communicate(timeout=seconds + READY_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
        log.close()
        found = [line for line in out.splitlines() if line.startswith(RESULT)]
        if found:
            results.append(json.loads(found[-1].removeprefix(RESULT)))
        else:
            tail = Path(log.name).read_text(errors="replace").strip().splitlines()[-3:]
            results.append(
                {
                    "role": role,
                    "index": index,
                    "died": True,
                    "errors": [f"{role} {index} died (status {process.returncode}): "]
                    + [" | ".join(tail)[:300]],
                }
            )
    return results


def report(kind: str, args, results: list[dict]) -> int:
    """Print the figures of one store; returns the number of errors."""
    loaders = [r for r in results if r["role"] == "loader"]
    readers = [r for r in results if r["role"] == "reader"]
    load_times = [t for r in loaders for t in r.get("times", [])]
    loads = sum(r.get("loads", 0) for r in loaders)
    per_minute = sum(r.get("loads", 0) / r["elapsed"] * 60 for r in loaders if r.get("elapsed"))
    retried = sum(r.get("retried_writes", 0) for r in loaders)
    extra = sum(r.get("extra_attempts", 0) for r in loaders)
    warm = [t for r in readers for t in r.get("warm", [])]
    after = [t for r in readers for t in r.get("rebuilt", [])]
    reads = warm + after
    errors = [e for r in results for e in r.get("errors", [])]
    died = sum(1 for r in results if r.get("died"))
    load_cpu = [t for r in loaders for t in r.get("cpu", [])]
    warm_cpu = [t for r in readers for t in r.get("warm_cpu", [])]
    rebuilt_cpu = [t for r in readers for t in r.get("rebuilt_cpu", [])]
    print(
        f"loads       {loads} in {args.seconds:g} s: {per_minute:.1f} per minute; load time "
        f"median {median(load_times):.0f} ms, p95 {percentile(load_times, 0.95):.0f} ms "
        f"(cpu median {median(load_cpu):.0f} ms)"
    )
    print(f"conflicts   {extra} retried ({retried} writes needed more than one attempt)")
    print(
        f"reads       {len(reads)}: latency median {median(reads):.0f} ms, "
        f"p95 {percentile(reads, 0.95):.0f} ms, max {max(reads, default=0):.0f} ms "
        f"(cpu median {median(warm_cpu + rebuilt_cpu):.0f} ms)"
    )
    print(
        f"  warm              {len(warm):5d}: median {median(warm):7.0f} ms, "
        f"p95 {percentile(warm, 0.95):7.0f} ms (cpu median {median(warm_cpu):.0f} ms)"
    )
    print(
        f"  cache rebuilt     {len(after):5d}: median {median(after):7.0f} ms, "
        f"p95 {percentile(after, 0.95):7.0f} ms (cpu median {median(rebuilt_cpu):.0f} ms)"
    )
    builds = [b for r in readers for b in r.get("builds", [])]
    uncached = sum(r.get("uncached", 0) for r in readers)
    print(
        f"  cache builds      {sum(builds):5d} in {len(builds)} reads (most in one read: "
        f"{max(builds, default=0)}); reads answered from the facts, the cache not settling: "
        f"{uncached}"
    )
    for r in (r for r in results if r["role"] == "tidier"):
        print(
            f"tidy        {len(r.get('times', []))} runs, every {args.tidy_every:g} s: "
            f"{r.get('merged', 0)} files merged, {r.get('deleted', 0)} deleted; time median "
            f"{median(r.get('times', [])):.0f} ms"
        )
    print(f"errors      {len(errors)}" + (f" ({died} processes died)" if died else ""))
    for error in errors[:SHOWN_ERRORS]:
        print(f"  {error}")
    for r in sorted(results, key=lambda r: (r["role"], r["index"])):
        what = {
            "loader": f"{r.get('loads', 0)} loads, {r.get('extra_attempts', 0)} retries",
            "reader": f"{len(r.get('warm', [])) + len(r.get('rebuilt', []))} reads",
            "tidier": f"{len(r.get('times', []))} runs",
        }[r["role"]]
        print(
            f"  {r['role']} {r['index']}: {what} in {r.get('elapsed', 0):.1f} s, "
            f"{len(r.get('errors', []))} errors"
        )
    return len(errors)


def shown(params: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items() if v is not None)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=summary_of(__doc__))
    add_store_argument(parser, LAKE_KINDS, ("sqlite",), "one after another")
    parser.add_argument("--loaders", type=int, default=2)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--units", type=int, default=1000, help="units of the base bureau")
    parser.add_argument("--quarters", type=int, default=8, help="quarters of the base bureau")
    parser.add_argument(
        "--base", type=Path, help="the base bureau's DuckDB file (default: one per size in /tmp)"
    )
    parser.add_argument("--query", default="rankings", help="the named query readers run")
    parser.add_argument("--peer-group", default="乡镇卫生院")
    parser.add_argument("--quarter", help="the readers' quarter (default: the latest)")
    parser.add_argument("--draws", type=int, help="rank-range draws (default: the query's)")
    parser.add_argument(
        "--separate-machines",
        action="store_true",
        help="PostgreSQL: each loader with a lock file of its own, as on its own machine",
    )
    parser.add_argument(
        "--tidy-every",
        type=float,
        help="one more process tidies the store (etl tidy) every that many seconds",
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        role, index, url, options = args.child
        child_main(role, int(index), url, json.loads(options))
        return

    base = province_file(
        args.base or Path(f"/tmp/civbench-base-{args.units}x{args.quarters}.duckdb"),
        args.units,
        args.quarters,
    )
    params = {"quarter": args.quarter}
    if args.query == "rankings":
        params |= {"peer_group": args.peer_group}
        if args.draws is not None:
            params["draws"] = args.draws
    options = {
        "query": args.query,
        "params": params,
        "loaders": args.loaders,
        "tidy_every": args.tidy_every,
    }
    errors = 0
    with Stores() as stores:
        for kind in chosen_kinds(args.store, LAKE_KINDS):
            url, env, folder = stores.new(kind)
            activate(env)
            prepared_store(base, url, folder)
            machines = ""
            if args.separate_machines:
                machines = (
                    ", each loader on a machine of its own"
                    if kind == "postgres"
                    else " (--separate-machines ignored: a SQLite catalog is one machine's)"
                )
            tidied = f", a tidy every {args.tidy_every:g} s" if args.tidy_every else ""
            print(
                f"store {kind}: {args.loaders} loaders, {args.readers} readers{tidied}, "
                f"{args.seconds:g} s{machines}; base {base.name}; readers run "
                f"{args.query} {shown(params)}",
                flush=True,
            )
            separate = args.separate_machines and kind == "postgres"
            run_args = argparse.Namespace(**{**vars(args), "separate_machines": separate})
            children = start_children(run_args, url, env, folder, options)
            errors += report(kind, args, collect(children, args.seconds))
            stores.discard(folder)
            print(flush=True)
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
