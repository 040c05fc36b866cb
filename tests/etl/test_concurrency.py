"""Several processes writing one store at the same moment.

- Two loaders, twenty files each, started together: every load lands exactly once, with load
  ids in the order the loads committed and exact row counts (DuckLake on a SQLite catalog, and
  on a PostgreSQL catalog with each loader on a "machine" of its own, i.e. its own lock-file
  folder, so that only the write ticket keeps them apart).
- A DuckDB file held by one process: a load from another says plainly that the store is busy
  and exits with status 3.
- A loader killed with SIGKILL inside its transaction while another loads: the other load
  lands, the killed one leaves no row and no line in the upload log.
- A units file adding unit X and a survey file naming X, loaded together: the survey is
  rejected naming X or lands after X, never a survey row for an unregistered unit.
- A load from the command line while another writer holds the queue: it says at once that it
  waits its turn, then loads once the queue is free.

(tests/etl/test_crash.py covers a lone SIGKILLed load on each store.)
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from etl_helpers import fixture_bytes
from stores import environment

from etl.db import WRITE_LOCK_KEY, connect, parse_store
from etl.load import load_file

ROOT = Path(__file__).resolve().parents[2]
LAKE_KINDS = ("sqlite", "postgres")
FILES_PER_LOADER = 20
QUARTERS = [f"{year}Q{q}" for year in range(2020, 2025) for q in range(1, 5)]  # 20 quarters
SURVEY_TYPES = ("门诊", "住院", "公众", "职工")
SURVEY_HEADER = "unit_code,quarter,survey_type,respondents,satisfied"
ACTIVITY_HEADER = "unit_code,quarter,activity_type,sessions,participants"
READY_SECONDS = 90
# enough rows that the killed load has written a data file (a lake keeps a few rows in its
# catalog instead: data inlining), which the test checks while the load is stalled
KILLED_ROWS = 2_000

# A loader: connects, says "ready", then for each step waits for the step's barrier file, waits
# the step's delay and loads the step's file, printing one JSON line per load.
WORKER = r"""
import json, sys, time
from pathlib import Path
from etl.db import connect, parse_store
from etl.load import load_file

plan = json.loads(sys.argv[1])
con = connect(plan["url"])
print("ready", flush=True)
for step in plan["steps"]:
    barrier = Path(step["barrier"])
    while not barrier.exists():
        time.sleep(0.002)
    time.sleep(step.get("delay", 0))
    path = Path(step["file"])
    print(json.dumps({"loading": path.name}), flush=True)
    result = load_file(con, path.read_bytes(), path.name)
    print(json.dumps({
        "file": path.name,
        "outcome": result.outcome,
        "load_id": result.load_id,
        "rows": result.rows,
        "problems": [str(p) for p in result.problems],
    }), flush=True)
con.close()
"""

# A loader that stops inside its write transaction, after inserting its rows, and says so.
STALLED_WORKER = r"""
import sys, time
from pathlib import Path
from etl import load
from etl.db import connect, parse_store

real_replace_rows = load.replace_rows


def replace_then_wait(cur, table, frame, load_id, *rest):
    replaced = real_replace_rows(cur, table, frame, load_id, *rest)
    inside = cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    print("inserted", inside, flush=True)  # the transaction is open: kill me now
    time.sleep(300)
    return replaced


load.replace_rows = replace_then_wait
con = connect(sys.argv[1])
path = Path(sys.argv[2])
load.load_file(con, path.read_bytes(), path.name)
print("committed", flush=True)
"""


# ---------------------------------------------------------------------------------------------
# helpers


def new_store(request, kind: str, folder: Path) -> tuple[str, dict[str, str]]:
    """A new store of ``kind`` holding the five units of tests/fixtures/etl/units.csv (load 1),
    and the environment its processes need: a copy of the registry's store, loaded once per
    kind and test process through the real loader (``StoreCopies``, tests/stores.py)."""
    url, env = request.getfixturevalue("registry_copy")(kind, folder)
    with environment(env), contextlib.closing(connect(url)) as con:
        log = con.execute("SELECT load_id, kind, outcome FROM upload_log").fetchall()
    assert log == [(1, "units", "loaded")]
    return url, env


def process_env(env: dict[str, str], machine: Path | None = None) -> dict[str, str]:
    """The environment of a child process; ``machine``: a lock-file folder of its own, as if the
    process ran on another machine (only a PostgreSQL catalog's lock file lives there)."""
    environment = {**os.environ, **env}
    environment.pop("CIVBENCH_DB", None)
    if machine is not None:
        machine.mkdir(parents=True, exist_ok=True)
        environment["TMPDIR"] = str(machine)
    return environment


def start_worker(url: str, steps: list[dict], env: dict[str, str]) -> subprocess.Popen:
    plan = json.dumps({"url": url, "steps": steps})
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, plan],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_line(process: subprocess.Popen, what: str) -> str:
    line = process.stdout.readline()
    if not line:
        process.wait(timeout=30)
        ended = f"{what}: the process ended ({process.returncode})"
        raise AssertionError(f"{ended}:\n{stderr(process)}")
    return line.strip()


def wait_ready(*processes: subprocess.Popen) -> None:
    for process in processes:
        assert read_line(process, "ready") == "ready"


def read_result(process: subprocess.Popen) -> dict:
    """The next load result a worker prints (skipping its "loading" notes)."""
    while True:
        line = json.loads(read_line(process, "result"))
        if "outcome" in line:
            return line


def stderr(process: subprocess.Popen) -> str:
    try:
        return process.stderr.read() if process.stderr else ""
    except ValueError:
        return ""


def finish(process: subprocess.Popen) -> None:
    rest = process.stdout.read()
    code = process.wait(timeout=60)
    errors = stderr(process)
    assert code == 0, f"exit {code}:\n{rest}\n{errors}"
    assert "Traceback" not in errors, errors


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()


def csv_rows(path: Path) -> list[tuple]:
    """A file's data rows as typed tuples, read back from the file as written."""
    rows = []
    for record in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        if "survey_type" in record:
            rows.append(
                (
                    record["unit_code"],
                    record["quarter"],
                    record["survey_type"],
                    int(record["respondents"]),
                    int(record["satisfied"]),
                )
            )
        else:
            rows.append(
                (
                    record["unit_code"],
                    record["quarter"],
                    record["activity_type"],
                    int(record["sessions"]),
                    int(record["participants"]),
                )
            )
    return rows


SELECTS = {
    "surveys": "SELECT unit_code, quarter, survey_type, respondents, satisfied, load_id "
    "FROM surveys",
    "activities": "SELECT unit_code, quarter, activity_type, sessions, participants, load_id "
    "FROM activities",
}


def write_loader_files(folder: Path, name: str, units: tuple[str, str]) -> list[Path]:
    """Twenty files for one loader: even ones surveys, odd ones activities, each of its own
    quarter and of this loader's own two units, so no load replaces another's rows."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i, quarter in enumerate(QUARTERS[:FILES_PER_LOADER]):
        if i % 2 == 0:
            types = SURVEY_TYPES[: (i // 2) % 4 + 1]
            lines = [
                f"{unit},{quarter},{kind},{40 + i + t},{30 + t}"
                for unit in units
                for t, kind in enumerate(types)
            ]
            text = "\n".join([SURVEY_HEADER, *lines]) + "\n"
            path = folder / f"{name}_{i:02d}_surveys.csv"
        else:
            count = i % 3 + 1
            lines = [
                f"{unit},{quarter},活动{t},{i + t},{10 * i + t}"
                for unit in units
                for t in range(count)
            ]
            text = "\n".join([ACTIVITY_HEADER, *lines]) + "\n"
            path = folder / f"{name}_{i:02d}_activities.csv"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


# ---------------------------------------------------------------------------------------------
# 1. two loaders, twenty files each, at the same moment


@pytest.mark.parametrize("kind", LAKE_KINDS)
def test_two_loaders_at_once_every_load_lands_exactly_once(request, tmp_path, kind):
    url, env = new_store(request, kind, tmp_path / "store")
    files = {
        "a": write_loader_files(tmp_path / "a", "a", ("H001", "H002")),
        "b": write_loader_files(tmp_path / "b", "b", ("T001", "C001")),
    }
    expected = {path.name: csv_rows(path) for group in files.values() for path in group}
    # hand count: surveys 2 units x (1+2+3+4+1+2+3+4+1+2) types = 46 per loader;
    # activities 2 units x (2+1+3+2+1+3+2+1+3+2) types = 40 per loader
    assert sum(len(r) for n, r in expected.items() if "surveys" in n) == 2 * 46
    assert sum(len(r) for n, r in expected.items() if "activities" in n) == 2 * 40
    barrier = tmp_path / "go"
    # PostgreSQL: each loader as if on a machine of its own (its own lock-file folder)
    machines = {"a": tmp_path / "machine_a", "b": tmp_path / "machine_b"}
    workers = {
        name: start_worker(
            url,
            [{"barrier": str(barrier), "file": str(p)} for p in group],
            process_env(env, machines[name] if kind == "postgres" else None),
        )
        for name, group in files.items()
    }
    try:
        wait_ready(*workers.values())
        barrier.touch()
        results = {
            name: [read_result(w) for _ in range(FILES_PER_LOADER)] for name, w in workers.items()
        }
        for worker in workers.values():
            finish(worker)
    finally:
        stop(*workers.values())

    reported = [r for group in results.values() for r in group]
    assert [r["outcome"] for r in reported] == ["loaded"] * 40, reported
    assert sorted(r["load_id"] for r in reported) == list(range(2, 42))
    for name, group in results.items():  # each loader's own loads in its own order
        ids = [r["load_id"] for r in group]
        assert ids == sorted(ids), (name, ids)
    assert {r["file"]: r["rows"] for r in reported} == {n: len(r) for n, r in expected.items()}

    with environment(env):
        con = connect(url)
    try:
        log = con.execute(
            "SELECT load_id, file_name, outcome, row_count, replaced_rows, loaded_at "
            "FROM upload_log ORDER BY load_id"
        ).fetchall()
        # the registry (load 1) and the forty loads, each once, numbered 2..41 without a gap
        assert [row[0] for row in log] == list(range(1, 42))
        assert [row[2] for row in log] == ["loaded"] * 41
        assert {row[1]: row[0] for row in log[1:]} == {r["file"]: r["load_id"] for r in reported}
        assert all(row[4] == 0 for row in log), "no load replaced another's rows"
        times = [row[5] for row in log]
        assert times == sorted(times), "loaded_at must follow the load ids"
        ids_of = {row[1]: row[0] for row in log}
        for table, select in SELECTS.items():
            rows = con.execute(select).fetchall()
            total = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            wanted = sorted(
                (*row, ids_of[name])
                for name, file_rows in expected.items()
                if table in name
                for row in file_rows
            )
            assert total == len(wanted) == (92 if table == "surveys" else 80)
            assert sorted(rows) == wanted  # every row once, with the load that brought it
            assert len(set(rows)) == len(rows)
            assert con.execute(f"SELECT count(*) FROM archive_{table}").fetchone()[0] == 0
        for name, file_rows in expected.items():
            assert log[ids_of[name] - 1][3] == len(file_rows), name
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------
# 2. a DuckDB file: one process at a time, and the second one is told so plainly


def test_a_second_process_on_a_duckdb_file_is_told_it_is_busy(tmp_path):
    store = tmp_path / "civbench.duckdb"
    con = connect(store)
    assert load_file(con, fixture_bytes("units.csv"), "units.csv").load_id == 1
    con.close()
    survey = tmp_path / "surveys.csv"
    survey.write_text(f"{SURVEY_HEADER}\nH001,2025Q3,门诊,50,45\n", encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom etl.db import connect\n"
            "con = connect(sys.argv[1])\nprint('holding', flush=True)\ntime.sleep(120)",
            str(store),
        ],
        cwd=ROOT,
        env=process_env({}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert read_line(holder, "holder") == "holding"
        done = subprocess.run(
            [sys.executable, "-m", "etl", "load", str(survey), "--db", str(store)],
            cwd=ROOT,
            env=process_env({}),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        stop(holder)
    assert done.returncode == 3, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr  # one plain sentence, no traceback
    assert lines[0].startswith(f"error: The database {store} is open in another process")
    assert lines[0].endswith("Nothing was changed.")
    for raw in ("Traceback", "IO Error", "Conflicting lock", "Could not set lock"):
        assert raw not in done.stderr
    con = connect(store)  # and nothing was loaded
    try:
        assert con.execute("SELECT count(*) FROM surveys").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM upload_log").fetchone()[0] == 1
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------
# 3. SIGKILL inside one load while another loads


@pytest.mark.parametrize("kind", LAKE_KINDS)
def test_a_loader_killed_mid_load_leaves_nothing_and_the_other_load_lands(request, tmp_path, kind):
    url, env = new_store(request, kind, tmp_path / "store")
    big = tmp_path / "big_activities.csv"
    big.write_text(
        ACTIVITY_HEADER
        + "\n"
        + "".join(f"H001,2025Q3,活动{i},{1 + i % 7},{i % 50}\n" for i in range(KILLED_ROWS)),
        encoding="utf-8",
    )
    survey = tmp_path / "t001_surveys.csv"
    survey.write_text(
        f"{SURVEY_HEADER}\nT001,2025Q3,门诊,50,45\nT001,2025Q3,公众,80,60\n", encoding="utf-8"
    )
    machine = (lambda name: tmp_path / name) if kind == "postgres" else (lambda name: None)
    stalled = subprocess.Popen(
        [sys.executable, "-c", STALLED_WORKER, url, str(big)],
        cwd=ROOT,
        env=process_env(env, machine("machine_k")),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    barrier = tmp_path / "go"
    other = start_worker(
        url,
        [{"barrier": str(barrier), "file": str(survey)}],
        process_env(env, machine("machine_l")),
    )
    try:
        # inside its transaction the killed loader saw its own rows
        assert read_line(stalled, "stalled loader").split() == ["inserted", str(KILLED_ROWS)]
        with environment(env):
            files = Path(parse_store(url).data_path)
        assert list(files.rglob("activities/*.parquet")), "the killed load wrote no data file"
        wait_ready(other)
        barrier.touch()
        assert json.loads(read_line(other, "other loader")) == {"loading": survey.name}
        time.sleep(0.3)  # the other load is under way (queued behind the lock, or writing)
        os.kill(stalled.pid, signal.SIGKILL)
        assert stalled.wait(timeout=30) == -signal.SIGKILL
        result = read_result(other)
        finish(other)
    finally:
        stop(stalled, other)

    assert result["outcome"] == "loaded", result
    assert (result["load_id"], result["rows"]) == (2, 2)
    with environment(env):
        con = connect(url)
        try:
            assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == 0
            assert con.execute("SELECT count(*) FROM archive_activities").fetchone()[0] == 0
            assert con.execute(
                "SELECT load_id, file_name, outcome FROM upload_log ORDER BY load_id"
            ).fetchall() == [(1, "units.csv", "loaded"), (2, survey.name, "loaded")]
            assert sorted(con.execute(SELECTS["surveys"]).fetchall()) == [
                ("T001", "2025Q3", "公众", 80, 60, 2),
                ("T001", "2025Q3", "门诊", 50, 45, 2),
            ]
            # and the store still takes loads: the killed file now loads whole, as load 3
            again = load_file(con, big.read_bytes(), big.name)
            assert (again.outcome, again.load_id, again.rows) == ("loaded", 3, KILLED_ROWS)
            assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == KILLED_ROWS
        finally:
            con.close()


# ---------------------------------------------------------------------------------------------
# 4. the registry a survey is checked against is the one in force when the survey commits

ROUNDS = 8
# how each round starts: the units file loaded (committed) before the survey starts, the survey
# before the units file, or both at the same moment
ORDERS = ("units_first", "survey_first", "together", "together")


@pytest.mark.parametrize("kind", LAKE_KINDS)
def test_a_survey_naming_a_unit_being_added_lands_only_after_the_unit(request, tmp_path, kind):
    url, env = new_store(request, kind, tmp_path / "store")
    units_steps, survey_steps = [], []
    for n in range(ROUNDS):
        code = f"X{n:03d}"
        units_file = tmp_path / f"units_{code}.csv"
        units_file.write_text(
            "unit_code,unit_name,district,peer_group,staff_count,parent_code\n"
            f"{code},新增单位{n},城关区,二级医院,{100 + n},\n",
            encoding="utf-8",
        )
        survey_file = tmp_path / f"surveys_{code}.csv"
        survey_file.write_text(f"{SURVEY_HEADER}\n{code},2025Q3,门诊,50,{30 + n}\n", "utf-8")
        together = ORDERS[n % len(ORDERS)] == "together"
        units_go = tmp_path / f"round_{n}_units"
        survey_go = units_go if together else tmp_path / f"round_{n}_survey"
        units_steps.append({"barrier": str(units_go), "file": str(units_file)})
        survey_steps.append({"barrier": str(survey_go), "file": str(survey_file)})
    machine = (lambda name: tmp_path / name) if kind == "postgres" else (lambda name: None)
    adder = start_worker(url, units_steps, process_env(env, machine("machine_units")))
    surveyor = start_worker(url, survey_steps, process_env(env, machine("machine_surveys")))
    rounds = []
    try:
        wait_ready(adder, surveyor)
        for n in range(ROUNDS):
            code, order = f"X{n:03d}", ORDERS[n % len(ORDERS)]
            units_go, survey_go = Path(units_steps[n]["barrier"]), Path(survey_steps[n]["barrier"])
            if order == "units_first":  # the survey starts once the unit is committed
                units_go.touch()
                added = read_result(adder)
                survey_go.touch()
                survey = read_result(surveyor)
            elif order == "survey_first":
                survey_go.touch()
                survey = read_result(surveyor)
                units_go.touch()
                added = read_result(adder)
            else:
                units_go.touch()
                added, survey = read_result(adder), read_result(surveyor)
            rounds.append((code, order, added, survey))
        finish(adder)
        finish(surveyor)
    finally:
        stop(adder, surveyor)

    outcomes = []
    for code, _, added, survey in rounds:
        assert (added["outcome"], added["rows"]) == ("loaded", 1), added
        if survey["outcome"] == "loaded":
            # it was checked against a registry holding the unit: the unit committed first
            assert survey["load_id"] > added["load_id"], (code, added, survey)
        else:
            assert survey["outcome"] == "rejected", survey
            assert len(survey["problems"]) == 1, survey
            assert f"'{code}'" in survey["problems"][0], survey
            assert "unknown unit code" in survey["problems"][0], survey
        outcomes.append(survey["outcome"])
    # where one file was loaded before the other started, the order decides the outcome
    for (code, order, _, _), outcome in zip(rounds, outcomes, strict=True):
        if order != "together":
            assert outcome == ("loaded" if order == "units_first" else "rejected"), code

    with environment(env):
        con = connect(url)
        try:
            orphans = con.execute(
                "SELECT count(*) FROM surveys s ANTI JOIN units u USING (unit_code)"
            ).fetchone()[0]
            assert orphans == 0
            landed = sorted(r[0] for r in con.execute("SELECT unit_code FROM surveys").fetchall())
            assert landed == sorted(
                code
                for (code, *_), outcome in zip(rounds, outcomes, strict=True)
                if outcome == "loaded"
            )
            assert con.execute("SELECT count(*) FROM units").fetchone()[0] == 5 + ROUNDS
            log = dict(
                con.execute("SELECT outcome, count(*) FROM upload_log GROUP BY outcome").fetchall()
            )
            assert log == {
                "loaded": 1 + ROUNDS + outcomes.count("loaded"),
                **({"rejected": outcomes.count("rejected")} if "rejected" in outcomes else {}),
            }
        finally:
            con.close()


# ---------------------------------------------------------------------------------------------
# 5. a command waiting for another writer says so


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_load_waiting_for_another_writer_says_so_then_loads(
    request, tmp_path, kind, capsys, monkeypatch
):
    """Trial on a province's default store: four analysts' loads and a publication queued
    behind each other for 30-80 s each, every command silent meanwhile, as if hung. On a
    PostgreSQL catalog the other writer is on another machine: it holds the catalog's advisory
    lock, not this machine's lock file. In process (``etl``'s main, as ``python -m etl``
    runs it): the other writer holds the queue from a connection or a lock of its own."""
    url, env = new_store(request, kind, tmp_path / "store")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    survey = tmp_path / "surveys.csv"
    survey.write_text(f"{SURVEY_HEADER}\nH001,2024Q1,门诊,40,30\n", encoding="utf-8")
    command = ["load", str(survey), "--db", url, "--lang", "zh"]
    said, waiting, exits = said_while_queued(url, command, capsys, "秒）…")
    [line] = [text for text in said.splitlines() if "排队等候" in text]
    assert "正在写入存储" in line and "120 秒" in line, said
    assert waiting == []  # still waiting: nothing loaded yet
    assert exits == [0], capsys.readouterr().err
    captured = capsys.readouterr()
    assert "surveys.csv：已上传 1 行满意度调查数据" in captured.out
    assert "Traceback" not in captured.err + said


def test_a_users_command_waiting_for_another_writer_says_so_too(tmp_path, capsys):
    """``etl users`` has its own entry point, and only ``etl``'s main told of the wait: a
    user added while a load held the queue waited in silence. In process, on a DuckDB file
    (its queue is the same lock file a lake's is)."""
    path = str(tmp_path / "civ.duckdb")
    connect(path).close()  # the store and its tables: the command itself writes once only
    command = ["users", "require-signin", "on", "--db", path, "--lang", "en"]
    said, waiting, exits = said_while_queued(path, command, capsys, "waits its turn")
    assert "Another load or publication is writing to the store" in said, said
    assert waiting == []  # still waiting
    assert exits == [0]
    with contextlib.closing(connect(path)) as con:
        rows = con.execute("SELECT name, value FROM settings").fetchall()
        assert rows == [("require_signin", "on")]


def test_a_file_refused_while_another_writer_holds_the_queue_is_not_said_to_wait_to_load(
    tmp_path, capsys
):
    """A file refused on reading (a column missing), loaded while a publication held the
    queue, was preceded by "…this one waits its turn and goes on by itself", as if it would
    load once the turn came: it is refused already, and only its line in the upload log waits,
    which is what is said. (A file whose rows are checked waits its turn truly: its checks run
    in the turn, against the registry as committed then.) In process, on a DuckDB file (its
    queue is the same lock file a lake's is)."""
    path = str(tmp_path / "civ.duckdb")
    connect(path).close()  # the store and its tables: the command itself writes once only
    survey = tmp_path / "surveys.csv"
    survey.write_text("unit_code,quarter,survey_type,respondents\nH001,2024Q1,门诊,30\n", "utf-8")
    command = ["load", str(survey), "--db", path, "--lang", "en"]
    said, waiting, _ = said_while_queued(path, command, capsys, "at most")
    assert "The file is refused (its problems follow) and nothing of it is loaded" in said
    assert "this one waits its turn" not in said, said
    assert waiting == []  # still waiting, to log the refusal
    assert "surveys.csv: rejected" in capsys.readouterr().err
    with contextlib.closing(connect(path)) as con:
        logged = con.execute("SELECT file_name, outcome FROM upload_log").fetchall()
        assert logged == [("surveys.csv", "rejected")]


def said_while_queued(path: str, command: list[str], capsys, until: str):
    """``python -m etl`` ``command`` run in process while another writer holds the queue of
    the DuckDB file ``path``: what it said on standard error up to ``until``, its exit
    statuses by then (none while it waits), and once the queue is free."""
    import threading

    from etl.cli import main

    exits: list[int] = []
    with another_writers_turn(parse_store(path)) as free:
        worker = threading.Thread(target=lambda: exits.append(main(command)))
        worker.start()
        try:
            said, deadline = "", time.monotonic() + READY_SECONDS
            while until not in said and time.monotonic() < deadline:
                time.sleep(0.02)
                said += capsys.readouterr().err
            waiting = list(exits)
        finally:
            free()
            worker.join(READY_SECONDS)
    return said, waiting, exits


@contextlib.contextmanager
def another_writers_turn(store):
    """The write queue held as another writer holds it: this machine's lock file, or a
    PostgreSQL catalog's advisory lock (a writer on another machine); yields its release."""
    if store.kind != "postgres":
        with open(store.lock_file, "a+b") as queue:
            fcntl.flock(queue, fcntl.LOCK_EX)
            yield lambda: fcntl.flock(queue, fcntl.LOCK_UN)
        return
    import psycopg

    with psycopg.connect(store.target, autocommit=True) as session:
        session.execute("SELECT pg_advisory_lock(%s)", [WRITE_LOCK_KEY])
        yield lambda: session.execute("SELECT pg_advisory_unlock(%s)", [WRITE_LOCK_KEY])


def test_a_file_waiting_for_its_turn_is_checked_against_the_registry_committed_meanwhile(
    tmp_path,
):
    """Another writer has the turn and adds a unit; a survey of that unit, loaded meanwhile,
    waits, and its checks run in its own turn against the registry as committed then: it lands.
    (Checked ahead of its turn, it was refused as naming an unknown unit.) In process, on a
    DuckDB file: the other writer holds the queue's lock file and commits outside it."""
    import threading
    from datetime import date, datetime

    from etl.db import tell_when_waiting, write
    from etl.load import load_checked
    from etl.read import read_file

    path = str(tmp_path / "civ.duckdb")
    con = connect(path)
    head = "unit_code,unit_name,district,peer_group,staff_count,parent_code\n"
    first = f"{head}H001,城关医院,城关区,二级医院,100,\n".encode()
    assert load_file(con, first, "units.csv").outcome == "loaded"
    added = f"{head}H001,城关医院,城关区,二级医院,100,\nX001,新增单位,城关区,二级医院,80,\n"
    survey = f"{SURVEY_HEADER}\nX001,2025Q3,门诊,50,30\n".encode()
    waits, results = threading.Event(), []
    tell_when_waiting(lambda _: waits.set())
    try:
        with another_writers_turn(parse_store(path)) as free:
            loader = threading.Thread(
                target=lambda: results.append(load_file(con, survey, "surveys.csv"))
            )
            loader.start()
            assert waits.wait(READY_SECONDS), "the survey's load never waited for the turn"
            raw = read_file(added.encode(), "units.csv")
            registry = write(
                con,
                lambda cur: load_checked(cur, raw, date.today(), None, "其他", datetime.now()),
                queue=False,
            )
            assert registry.outcome == "loaded"
            free()
            loader.join(READY_SECONDS)
    finally:
        tell_when_waiting(None)
    assert [(r.outcome, r.rows) for r in results] == [("loaded", 1)], results[0].problems
    assert con.execute("SELECT unit_code FROM surveys").fetchall() == [("X001",)]
    con.close()
