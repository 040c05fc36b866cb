"""A dashboard on a shared store follows other processes' loads (queries.warm.follow_in_background,
started by ui.data when it opens the store); one on a DuckDB file, which only it writes, does
not; ``CIVBENCH_FOLLOW_SECONDS=0`` turns it off. ``CIVBENCH_WARM=0`` keeps a dashboard from
warming its caches at start and after a load."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import queries
from etl.db import connect, data_version
from etl.load import load_file
from queries import warm
from queries.scope import EVERYTHING
from ui import data

UNITS_CSV = Path(__file__).parents[1] / "fixtures" / "etl" / "units.csv"


def followers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "store-follow" and t.is_alive()}


def test_a_dashboard_follows_a_lake_not_a_file_and_stops_with_its_connection(tmp_path, monkeypatch):
    lake, file = f"ducklake:sqlite:{tmp_path}/lake.sqlite", str(tmp_path / "file.duckdb")
    for url in (lake, file):
        connect(url).close()
    monkeypatch.setenv("CIVBENCH_FOLLOW_SECONDS", "0.05")
    before = followers()
    data._open(file)
    assert followers() == before
    data._open(lake)
    [started] = followers() - before
    data._open.clear()  # the app's resources cleared: the connection goes, and its follower
    gc.collect()
    started.join(timeout=60)
    assert not started.is_alive()


def test_zero_turns_it_off(tmp_path, monkeypatch):
    lake = f"ducklake:sqlite:{tmp_path}/lake.sqlite"
    connect(lake).close()
    monkeypatch.setenv("CIVBENCH_FOLLOW_SECONDS", "0")
    before = followers()
    data._open(lake)
    assert followers() == before
    data._open.clear()


def started_warming(work) -> list[threading.Thread]:
    """The app's cache warm-ups ``work()`` started (each joined before this returns), as
    ``queries.warm.in_background`` started them: the threads alive after ``work()`` missed a
    warm-up of a tiny store that had ended already (a failure in CI, 1 expected, 0 seen)."""
    started: list[threading.Thread] = []
    real = warm.in_background

    def recorded(job, name: str) -> threading.Thread:
        thread = real(job, name)
        started.append(thread)
        return thread

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(warm, "in_background", recorded)
        work()
    warm_ups = [t for t in started if t.name == "indicator-cache-warm"]
    for thread in warm_ups:
        thread.join(timeout=60)
    return warm_ups


def test_civbench_warm_0_keeps_the_dashboard_from_warming_at_start_and_after_a_load(
    tmp_path, monkeypatch
):
    store = str(tmp_path / "file.duckdb")
    with connect(store) as analyst:
        assert load_file(analyst, UNITS_CSV.read_bytes(), "units.csv").outcome == "loaded"
    monkeypatch.setenv("CIVBENCH_DB", store)
    try:
        for value, warm_ups in (("0", 0), ("off", 0), ("1", 1), ("", 1)):  # "": unset, default
            monkeypatch.setenv("CIVBENCH_WARM", value)
            data._open.clear()
            assert len(started_warming(lambda: data._open(store))) == warm_ups, value
            assert len(started_warming(data.bump)) == warm_ups, value
    finally:
        data._open.clear()
        data._cached_query.clear()


def test_after_another_process_loads_the_pages_last_queries_are_answered_again(
    tmp_path, monkeypatch
):
    """The follower warms the store's caches for another process's load and then answers the
    queries the pages asked last again, for the new data version, so that a leader opening a
    page after an analyst's command-line load finds them cached: the page's own call then
    runs nothing. A version that moved on again is not answered for."""
    lake = f"ducklake:sqlite:{tmp_path}/lake.sqlite"
    with connect(lake) as analyst:
        assert load_file(analyst, UNITS_CSV.read_bytes(), "units.csv").outcome == "loaded"
    ran = counted(monkeypatch)
    monkeypatch.setenv("CIVBENCH_FOLLOW_SECONDS", "0.05")
    try:
        con = data._open(lake)
        params = {"scope": EVERYTHING}
        before = data._cached_query(lake, data_version(con), "districts", params)
        data.remember_asked(lake, "districts", params)
        with connect(lake) as analyst:  # another process's load
            surveys = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,100,90\n"
            assert load_file(analyst, surveys.encode(), "s.csv").outcome == "loaded"
        version = data_version(con)
        deadline = time.monotonic() + 60
        while ran.count("districts") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ran.count("districts") == 2  # asked again by the follower, for the new version
        after = data._cached_query(lake, version, "districts", params)
        assert ran.count("districts") == 2  # the page's call: answered from the cache
        assert after.equals(before)  # the registry was not loaded: the same districts
        assert sorted(after["district"].to_list()) == sorted(
            {row.split(",")[2] for row in UNITS_CSV.read_text().splitlines()[1:] if row}
        )
        assert data.ask_again(lake, "a version the data moved on from") == 0
    finally:
        data._open.clear()
        data._cached_query.clear()


def test_after_a_load_in_this_dashboard_the_other_sessions_last_queries_are_answered_again(
    tmp_path, monkeypatch
):
    """A load on the Upload page (``bump``) rebuilds the caches and then answers the queries
    the pages asked last again, so that a leader's next view on another session of the same
    dashboard finds them cached; on a DuckDB file too, which no follower watches."""
    store = str(tmp_path / "file.duckdb")
    with connect(store) as analyst:
        assert load_file(analyst, UNITS_CSV.read_bytes(), "units.csv").outcome == "loaded"
    ran = counted(monkeypatch)
    monkeypatch.setenv("CIVBENCH_DB", store)
    monkeypatch.setenv("CIVBENCH_WARM", "1")  # the dashboard's default (the suite's is off)
    try:
        con = data._open(store)
        params = {"scope": EVERYTHING}
        data._cached_query(store, data_version(con), "districts", params)
        data.remember_asked(store, "districts", params)
        surveys = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,100,90\n"
        assert load_file(con, surveys.encode(), "s.csv").outcome == "loaded"
        before = set(threading.enumerate())
        data.bump()
        for thread in set(threading.enumerate()) - before:
            thread.join(timeout=60)
        assert ran.count("districts") == 2  # asked again after the rebuild
        data._cached_query(store, data_version(con), "districts", params)
        assert ran.count("districts") == 2  # the other session's view: from the cache
    finally:
        data._open.clear()
        data._cached_query.clear()


def counted(monkeypatch) -> list[str]:
    """The names of the queries run from now on (``queries.run``, which the cache calls)."""
    ran: list[str] = []
    real_run = queries.run

    def counted_run(con, name, **params):
        ran.append(name)
        return real_run(con, name, **params)

    monkeypatch.setattr(queries, "run", counted_run)
    return ran


def test_a_warm_up_on_a_store_that_stops_answering_logs_one_line(tmp_path, caplog):
    """The catalog server restarting (or the share gone) while a replica warmed its caches
    wrote a 30-line traceback ('memoising the default rank ranges failed … IOException: IO
    Error: Failed to query snapshot … FATAL: the database system is shutting down') into the
    server's log, for what every page then says plainly. Now one warning with its cause."""
    import logging

    from etl.cli import main
    from queries.warm import memoise_default_rank_ranges

    url = f"ducklake:sqlite:{tmp_path}/lake.sqlite"
    assert main(["demo", "--db", url, "--units", "20", "--quarters", "1"]) == 0
    con = connect(url)
    files = tmp_path / "lake_files"
    files.rename(tmp_path / "share_gone")
    files.mkdir()  # the mount point, nothing mounted on it
    with caplog.at_level(logging.WARNING, logger="queries.warm"):
        memoise_default_rank_ranges(con)
    con.close()
    [record] = caplog.records
    assert record.levelno == logging.WARNING and record.exc_info is None
    said = record.getMessage()
    assert said.startswith("memoising the default rank ranges failed: the store does not answer")
    assert f"(the data file {files}/main/" in said and "may not be mounted" in said


def test_a_replica_stopped_while_it_warms_exits_after_the_step_under_way(tmp_path):
    """A replica stopped (SIGTERM) while it warmed its caches, after a load or at start, waited
    for the whole warm-up: a non-daemon thread the interpreter joins at exit, or a follower
    joined for up to 30 s, each going on through every peer group's rankings and the pages'
    last queries (measured on a province-sized store: 6 s, up to the 30 s join). Now the exit
    stops the warm-up at its next step and waits only for the one under way. Here every
    query of the warm-up takes a second (the quarters, the peer groups, then the rankings of
    全部 and of each peer group); the replica exits once the first has begun (after a fixed
    wait instead, a loaded machine exited while the caches were still being built)."""
    lake = f"ducklake:sqlite:{tmp_path}/lake.sqlite"
    with connect(lake) as analyst:
        assert load_file(analyst, UNITS_CSV.read_bytes(), "units.csv").outcome == "loaded"
        surveys = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,100,90\n"
        assert load_file(analyst, surveys.encode(), "s.csv").outcome == "loaded"
    replica = textwrap.dedent("""
        import sys, threading, time
        from etl.db import connect
        from queries import warm

        asked, begun = warm.run, threading.Event()

        def slow(con, name, **params):
            begun.set()
            time.sleep(1.0)
            print("ran", name, flush=True)
            return asked(con, name, **params)

        warm.run = slow
        warm.warm_in_background(connect(sys.argv[1]))
        assert begun.wait(60)  # the warm-up's first query under way
        print("exiting", flush=True)
    """)
    process = subprocess.Popen(
        [sys.executable, "-c", replica, lake],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    lines = []
    while (line := process.stdout.readline().strip()) != "exiting":
        assert line, lines  # the child ended before it exited on purpose
        lines.append(line)
    exiting = time.monotonic()
    lines += process.stdout.read().splitlines()
    assert process.wait(timeout=60) == 0
    waited = time.monotonic() - exiting
    ran = [line.removeprefix("ran ") for line in lines]
    # the step under way (the quarters and peer groups, asked together) ends; no ranking after
    assert ran == ["loaded_quarters", "peer_groups"], lines
    assert waited < 5, (waited, lines)  # not the five rankings too (7 s)
