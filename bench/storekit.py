"""Stores for the benchmarks: fresh stores of each kind, a province copied into them, bare
connections for the baselines. Not a benchmark itself; imported by bench_load.py,
bench_rankings.py, bench_concurrency.py and bench_publish.py.

The kinds are those of etl/db.py: ``file`` (a DuckDB file), ``sqlite`` (DuckLake on a SQLite
catalog) and ``postgres`` (DuckLake on a PostgreSQL catalog). For ``postgres`` a throwaway
server is started (tests/stores.py's ``PostgresServer``, Debian's PostgreSQL) on first need and
stopped when the ``Stores`` block ends; every store is a new database on it, its Parquet files
in a folder of the benchmark's own (``CIVBENCH_DATA_PATH``, set by ``activate``).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from etl.db import (  # noqa: E402
    DATA_PATH_ENV,
    FACT_TABLES,
    OPERATIONAL_TABLES,
    connect,
    open_lake,
    parse_store,
    sql_literal,
    write,
)

KINDS = ("file", "sqlite", "postgres")
PROVINCE = Path("/tmp/province.duckdb")  # shared with bench_pack.py: 5,000 units, 40 quarters


def test_stores():
    """tests/stores.py, imported by its path (the tests folder is not a package)."""
    spec = importlib.util.spec_from_file_location("civbench_test_stores", ROOT / "tests/stores.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_store_argument(
    parser, kinds=KINDS, default=("file",), what="each against its own baseline"
) -> None:
    parser.add_argument(
        "--store",
        nargs="+",
        choices=[*kinds, "all"],
        default=list(default),
        help=f"the kinds of store to run on, {what} (default: {' '.join(default)}; "
        f"all = {' '.join(kinds)})",
    )


def add_province_arguments(parser) -> None:
    """--province, and the --units and --quarters it is built with when missing."""
    parser.add_argument(
        "--province",
        type=Path,
        default=PROVINCE,
        help="the province as a DuckDB file, built here if missing (default: %(default)s)",
    )
    parser.add_argument("--units", type=int, default=5000, help="when building the province")
    parser.add_argument("--quarters", type=int, default=40, help="when building the province")


def summary_of(doc: str) -> str:
    """A script's docstring's first paragraph, on one line (for --help)."""
    return " ".join(doc.split("\n\n")[0].split())


def chosen_kinds(given: list[str], kinds=KINDS) -> list[str]:
    """The kinds asked for, in the usual order, ``all`` expanded."""
    wanted = set(kinds) if "all" in given else set(given)
    return [kind for kind in kinds if kind in wanted]


class Stores:
    """New, empty stores of any kind, each in a folder of its own under ``folder``; the
    PostgreSQL server is started for the first ``postgres`` store and stopped by ``close``."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or Path(tempfile.mkdtemp(prefix="civbench-bench-stores-"))
        self.postgres = None
        self.count = 0
        self._kit = test_stores()

    def __enter__(self) -> Stores:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def new(self, kind: str) -> tuple[str, dict, Path]:
        """A new store: its URL, the environment it needs (see ``activate``) and its folder
        (remove it with ``discard``)."""
        self.count += 1
        folder = self.folder / f"{kind}-{self.count}"
        folder.mkdir(parents=True)
        if kind == "postgres" and self.postgres is None:
            self.postgres = self._kit.PostgresServer().start()
        url, env = self._kit.store_url(kind, folder, self.postgres)
        return url, env, folder

    def discard(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        if self.postgres is not None:
            self.postgres.stop()
            self.postgres = None
        shutil.rmtree(self.folder, ignore_errors=True)


def activate(env: dict) -> None:
    """Make this process's environment the store's: ``CIVBENCH_DATA_PATH`` set for a
    PostgreSQL catalog, unset otherwise (a SQLite lake keeps its files beside the catalog)."""
    os.environ.pop(DATA_PATH_ENV, None)
    os.environ.update(env)


def child_env(env: dict) -> dict:
    """The environment for a subprocess working on the store."""
    full = {k: v for k, v in os.environ.items() if k != DATA_PATH_ENV}
    return full | env


def bare_connect(url: str) -> duckdb.DuckDBPyConnection:
    """Plain DuckDB on the store, for the baselines: the file, or the lake as the default
    database (created if new) with none of Civbench's tables."""
    store = parse_store(url)
    if not store.is_lake:
        return duckdb.connect(store.target)
    return open_lake(store)


def province_file(path: Path = PROVINCE, units: int = 5000, quarters: int = 40) -> Path:
    """The province as a DuckDB file built by the demo generator through the real loader
    (about 80 s for 5,000 units and 40 quarters), built once and kept at ``path``."""
    if path.is_file():
        return path
    from etl.demo import build_demo

    print(f"building {path} ({units} units, {quarters} quarters) …", flush=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    build_demo(str(partial), units=units, quarters=quarters)
    partial.replace(path)
    return path


def prepared_store(source: Path, url: str, folder: Path) -> None:
    """``url`` holding what the DuckDB file ``source`` holds. A file is copied; a lake gets
    the rows of each load of ``source`` in a write of its own, in load order, as the loads
    made them (one set of Parquet files per load, as a lake built by loading has)."""
    store = parse_store(url)
    if not store.is_lake:
        shutil.copyfile(source, store.target)
        return
    con = connect(url)
    try:
        con.execute(f"ATTACH {sql_literal(str(source))} AS province (READ_ONLY)")
        loads = [
            row[0]
            for row in con.execute(
                "SELECT load_id FROM province.upload_log ORDER BY load_id"
            ).fetchall()
        ]
        for load_id in loads:
            write(con, lambda cur, load_id=load_id: copy_load(cur, load_id))
        write(con, copy_rest)
        con.execute("DETACH province")
    finally:
        con.close()


def province_copies(province: Path, kinds: list[str], layout: str = "loads"):
    """For each kind: a new store of that kind holding ``province`` (``prepared_store``; with
    ``layout="migrated"`` a lake gets it in one transaction, as ``python -m etl migrate``
    does; with ``layout="tidied"`` load by load, then ``python -m etl tidy``, which merges the
    loads' small files), made this process's (``activate``), the time taken printed; yields
    (kind, url) and removes the store when the caller moves on."""
    with Stores() as stores:
        for kind in kinds:
            url, env, folder = stores.new(kind)
            activate(env)
            started = time.perf_counter()
            if layout == "migrated" and kind != "file":
                from etl.migrate import migrate

                migrate(str(province), url)
            else:
                prepared_store(province, url, folder)
            print(
                f"copied {province} into a new {kind} store in "
                f"{time.perf_counter() - started:.1f} s",
                flush=True,
            )
            if layout == "tidied" and kind != "file":
                tidied(url)
            yield kind, url
            stores.discard(folder)
            print()


def tidied(url: str) -> None:
    """``python -m etl tidy`` on the store (its default 30 days kept), its time printed."""
    from etl.db import connect
    from etl.tidy import tidy

    con = connect(url)
    started = time.perf_counter()
    done = tidy(con, datetime.now(UTC) - timedelta(days=30))
    con.close()
    print(
        f"tidied: {done.merged} small files merged into {done.merged_into} in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )


def copy_load(cur, load_id: int) -> None:
    for table in ("upload_log", *FACT_TABLES):
        cur.execute(
            f"INSERT INTO {table} BY NAME SELECT * FROM province.{table} WHERE load_id = ?",
            [load_id],
        )


def copy_rest(cur) -> None:
    """The rows no load brought: archives and the operational tables (those the source has)."""
    present = {
        row[0]
        for row in cur.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'province'"
        ).fetchall()
    }
    for table in (*(f"archive_{t}" for t in FACT_TABLES), *OPERATIONAL_TABLES):
        if table in present:
            cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM province.{table}")
