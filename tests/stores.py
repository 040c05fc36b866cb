"""The three stores the store-facing tests run on, and a throwaway PostgreSQL server for the
third: a DuckDB file, DuckLake on a SQLite catalog, DuckLake on a PostgreSQL catalog.

The server is Debian's PostgreSQL (``scripts/setup.sh --with-postgres`` installs it), started
by the tests in a temporary folder on a free port and stopped afterwards. PostgreSQL refuses to
run as root, so as root ``initdb`` and ``pg_ctl`` run as the ``postgres`` user.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from etl.db import Store

STORE_KINDS = ("file", "sqlite", "postgres")
PG_USER = "civ"


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's bin folder; a plain error when there is none."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed: run `bash scripts/setup.sh --with-postgres` "
            "(Debian's postgresql package); the tests start a server of their own."
        )
    return found[-1].parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """A PostgreSQL server of the tests' own, trusting local connections as user ``civ``."""

    def __init__(self, folder: Path | None = None):
        # Not under pytest's temporary folder: that one is private to root, and the server
        # runs as the postgres user.
        self.folder = folder or Path(tempfile.mkdtemp(prefix="civbench-pg-"))
        self.port = free_port()
        self.bin = postgres_bin()
        self._names = itertools.count(1)
        self._databases: list[str] = []

    def as_owner(self, *command: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return list(command)

    def start(self) -> PostgresServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        data = self.folder / "data"
        subprocess.run(
            self.as_owner(str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", PG_USER),
            check=True,
            capture_output=True,
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            self.as_owner(
                str(self.bin / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(self.folder / "log"),
                "-w",
                "-o",
                options,
                "start",
            ),
            check=True,
            capture_output=True,
        )
        return self

    def stop(self) -> None:
        subprocess.run(
            self.as_owner(
                str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "stop"
            ),
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)
        # each catalog's writers queue on a lock file in the temporary folder (etl.db): the
        # server's databases are gone, so are their lock files
        for name in self._databases:
            Store("postgres", self.conninfo(name)).lock_file.unlink(missing_ok=True)

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"dbname={dbname} host=127.0.0.1 port={self.port} user={PG_USER}"

    def new_database(self) -> str:
        """A new, empty database's name (one per test: its own DuckLake catalog)."""
        name = f"civ_{os.getpid()}_{next(self._names)}"
        self.sql(f"CREATE DATABASE {name}")
        self._databases.append(name)
        return name

    def sql(self, statement: str, dbname: str = "postgres") -> str:
        done = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                PG_USER,
                "-d",
                dbname,
                "-At",
                "-c",
                statement,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout


def store_url(kind: str, folder: Path, postgres: PostgresServer | None = None) -> tuple[str, dict]:
    """A new, empty store of this kind in ``folder``: its URL and the environment it needs
    (CIVBENCH_DATA_PATH for PostgreSQL's data files)."""
    if kind == "file":
        return str(folder / "civbench.duckdb"), {}
    if kind == "sqlite":
        return f"ducklake:sqlite:{folder / 'civbench.sqlite'}", {}
    assert postgres is not None, "a PostgreSQL store needs the postgres fixture"
    data = folder / "lake_files"
    return (
        f"ducklake:postgres:{postgres.conninfo(postgres.new_database())}",
        {"CIVBENCH_DATA_PATH": str(data)},
    )
