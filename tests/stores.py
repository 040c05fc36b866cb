"""The three stores the store-facing tests run on, and a throwaway PostgreSQL server for the
third: a DuckDB file, DuckLake on a SQLite catalog, DuckLake on a PostgreSQL catalog.

The server is Debian's PostgreSQL (``scripts/setup.sh --with-postgres`` installs it), started
by the tests in a temporary folder on a free port and stopped afterwards. PostgreSQL refuses to
run as root, so as root ``initdb`` and ``pg_ctl`` run as the ``postgres`` user.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from etl.db import Store, parse_store

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
        self.resume()
        return self

    def resume(self) -> None:
        """Start the server on its data folder (after ``start``'s initdb, or a ``pause``)."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            self.as_owner(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
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

    def pause(self) -> None:
        """Stop the server at once, as a crash or a pulled cable would (queries in flight are
        cut off), keeping its databases for ``resume``."""
        subprocess.run(
            self.as_owner(
                str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        """Stop the server and remove its folder: at once (``pause``), as its databases go with
        the folder (a fast stop's checkpoint wrote every copied catalog out first: seconds)."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pause()
        shutil.rmtree(self.folder, ignore_errors=True)
        # each catalog's writers queue on a lock file in the temporary folder (etl.db): the
        # server's databases are gone, so are their lock files
        for name in self._databases:
            Store("postgres", self.conninfo(name)).lock_file.unlink(missing_ok=True)

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"dbname={dbname} host=127.0.0.1 port={self.port} user={PG_USER}"

    def new_database(self, template: str | None = None) -> str:
        """A new database's name (one per test: its own DuckLake catalog): empty, or a copy
        of the database ``template`` (which nobody may be connected to)."""
        name = f"civ_{os.getpid()}_{next(self._names)}"
        # FILE_COPY: the catalog's few megabytes copied as files, not written block by block to
        # the write-ahead log (half the time); over a connection, not a psql process of its own
        template_clause = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(self.conninfo(), autocommit=True) as session:
            session.execute(f"CREATE DATABASE {name}{template_clause} STRATEGY FILE_COPY")
        self._databases.append(name)
        return name

    def password_role(self, role: str, password: str) -> str:
        """A role that must sign in with ``password`` (scram, over TCP), owning a database of
        its own, ``<role>_db``, whose name is returned."""
        self.sql(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        self.sql(f"CREATE DATABASE {role}_db OWNER {role}")
        hba = self.folder / "data" / "pg_hba.conf"
        hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        subprocess.run(
            self.as_owner(str(self.bin / "pg_ctl"), "-D", str(hba.parent), "reload"),
            check=True,
            capture_output=True,
        )
        return f"{role}_db"

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


def store_url(
    kind: str, folder: Path, postgres: PostgresServer | None = None, template: str | None = None
) -> tuple[str, dict]:
    """A new, empty store of this kind in ``folder``: its URL and the environment it needs
    (CIVBENCH_DATA_PATH for PostgreSQL's data files). ``template``: for PostgreSQL, the
    catalog database to copy instead (``StoreCopies``)."""
    if kind == "file":
        return str(folder / "civbench.duckdb"), {}
    if kind == "sqlite":
        return f"ducklake:sqlite:{folder / 'civbench.sqlite'}", {}
    assert postgres is not None, "a PostgreSQL store needs the postgres fixture"
    data = folder / "lake_files"
    return (
        f"ducklake:postgres:{postgres.conninfo(postgres.new_database(template))}",
        {"CIVBENCH_DATA_PATH": str(data)},
    )


class StoreCopies:
    """Stores built once per test process and copied for each test that needs one.

    A lake's first writes are its dearest (every table's first read and write costs a catalog
    lookup: the fixture registry's load takes 0.5 s on a new SQLite lake, 0.7 s on PostgreSQL,
    0.07 s on a file), and most store-facing tests start from the same few states. So each
    state is built once per kind, through the real loader, into a store of its own (the
    template), and each test gets a byte-for-byte copy: the DuckDB file copied; the SQLite
    catalog copied with SQLite's backup; a PostgreSQL catalog as ``CREATE DATABASE … TEMPLATE``.
    A lake's Parquet folder is copied too, and its catalog's ``data_path`` pointed at the copy
    (DuckLake keeps that one path absolute; every file's path is relative to it)."""

    def __init__(self, folder: Path, postgres: Callable[[], PostgresServer]):
        self.folder = folder
        self.postgres = postgres
        self.built: dict[tuple[str, str], tuple[str, dict]] = {}

    def copy(
        self, kind: str, state: str, build: Callable[[str], None], folder: Path
    ) -> tuple[str, dict]:
        """A copy of the ``state`` store of this kind in ``folder``: its URL and environment.
        ``build(url)`` makes the state in a new, empty store (its environment set), and
        closes every connection it opened."""
        server = self.postgres() if kind == "postgres" else None
        key = (kind, state)
        if key not in self.built:
            template = self.folder / f"{kind}_{state}"
            template.mkdir(parents=True)
            url, env = store_url(kind, template, server)
            with environment(env):
                build(url)
            self.built[key] = (url, env)
        folder.mkdir(parents=True, exist_ok=True)
        return self.copy_of(kind, *self.built[key], folder, server)

    @staticmethod
    def copy_of(
        kind: str, url: str, env: dict, folder: Path, server: PostgresServer | None
    ) -> tuple[str, dict]:
        source = parse_store_in(url, env)
        if kind == "file":
            target_url, _ = store_url(kind, folder)
            shutil.copyfile(source.target, target_url)
            return target_url, {}
        if kind == "sqlite":
            target_url, target_env = store_url(kind, folder)
            target = parse_store_in(target_url, target_env)
            with (
                contextlib.closing(sqlite3.connect(source.target)) as original,
                contextlib.closing(sqlite3.connect(target.target)) as copied,
            ):
                original.backup(copied)
                copied.execute(
                    "UPDATE ducklake_metadata SET value = ? WHERE key = 'data_path'",
                    [target.data_path + "/"],
                )
                copied.commit()
        else:
            template = conninfo_to_dict(source.target)["dbname"]
            target_url, target_env = store_url(kind, folder, server, template)
            target = parse_store_in(target_url, target_env)
            with psycopg.connect(target.target, autocommit=True) as copied:
                copied.execute(
                    "UPDATE ducklake_metadata SET value = %s WHERE key = 'data_path'",
                    [target.data_path + "/"],
                )
        if Path(source.data_path).exists():
            shutil.copytree(source.data_path, target.data_path)
        return target_url, target_env


def parse_store_in(url: str, env: dict) -> Store:
    """The store of ``url`` as etl.db sees it with ``env`` set."""
    with environment(env):
        return parse_store(url)


@contextlib.contextmanager
def environment(env: dict) -> Iterator[None]:
    """``env`` set in this process for the block (a store's CIVBENCH_DATA_PATH while it is
    opened or built), then as it was."""
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
