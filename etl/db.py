"""Opening the store: the one module that knows where and how the data is kept.

A store lives in one of three places, named by ``CIVBENCH_DB`` (or ``--db``):

    data/civbench.duckdb                      a DuckDB file: one process at a time
    ducklake:sqlite:data/civbench.sqlite      DuckLake, SQLite catalog: many processes, one machine
    ducklake:postgres:dbname=… host=… user=…  DuckLake, PostgreSQL catalog: many machines

DuckLake (a SQL catalog plus Parquet files) is opened by its URL, so it is the default database
of the connection and of every ``cursor()`` made from it: callers never name it. Its extensions
come from the pinned PyPI packages ``duckdb-extension-{ducklake,sqlite,postgres}`` and are laid
out in a folder DuckDB reads offline (``extension_folder``); nothing is downloaded.

Writes go through ``write``: one transaction that first bumps the single row of
``store_writes``, so two writers always collide (DuckLake merges two plain inserts, and load ids
are numbered from the log). The collision is resolved by running the whole unit of work again,
bounded in time; callers never see a raw "transaction conflict" or "database is locked". On one
machine writers also queue on a lock file beside the store, so they seldom collide at all.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import logging
import os
import pwd
import random
import re
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import duckdb

from etl import settings
from etl.messages import Text, lang_in, message_lang, msg, same

log = logging.getLogger(__name__)

STORE_ENV = "CIVBENCH_DB"
DATA_PATH_ENV = "CIVBENCH_DATA_PATH"
THREADS_ENV = "CIVBENCH_THREADS"
DEFAULT_STORE = str(settings.declared(STORE_ENV, "environment").default)
LEGACY_FILE = "data/civbench.duckdb"
SECRETS_FILE = Path(".streamlit/secrets.toml")
SCHEMA_SQL = Path(__file__).with_name("schema.sql")
FACT_TABLES = ("units", "inspections", "surveys", "activities", "indicators", "targets")
UNIT_TABLES = FACT_TABLES[:4]  # those whose rows name a unit (unit_code)
OPERATIONAL_TABLES = ("users", "audit_log", "settings", "sign_in_sessions")
# An in-memory database attached to every connection, for what each process derives from the
# store and keeps for itself (queries/indicator_cache.py): never shared, never written back.
PROCESS_DB = "civcache"
ATTACH_PROCESS_DB_SQL = f"ATTACH IF NOT EXISTS ':memory:' AS {PROCESS_DB}"
DUCKDB_VERSION = "1.5.5"
# DuckDB's name for each extension -> the PyPI package that ships it
EXTENSIONS = {
    "ducklake": "ducklake",
    "sqlite_scanner": "sqlite",
    "postgres_scanner": "postgres",
}
WRITE_TIMEOUT_SECONDS = 120.0
STORE_HELP = msg("help.db", variable=STORE_ENV, default=DEFAULT_STORE)
CONFLICT_WORDS = (
    "transaction conflict",
    "database is locked",
    "conflict on",
    "could not commit",
    "failed to commit ducklake",
    "duplicate key",
    "another transaction",
)

T = TypeVar("T")


class StoreError(RuntimeError):
    """A store that cannot be used as asked, in plain words (str() is the message in English;
    ``in_lang`` says it in the reader's language when it was written in both)."""

    def __init__(self, message: str | Text):
        self.text = message if isinstance(message, Text) else None
        super().__init__(str(message))

    def in_lang(self, lang: str) -> str:
        return self.text.in_lang(lang) if self.text is not None else str(self)


class DatabaseBusy(StoreError):
    """A DuckDB file held by another process, or writers that kept colliding too long."""


class DatabaseUnusable(StoreError):
    """The store's name, its extensions or its contents cannot be used."""


class NotAnswering(DatabaseUnusable):
    """A lake that cannot be opened because it does not answer (``is_lost``: its catalog
    server down, its data folder not mounted); ``cause`` says why, in plain words. A page says
    it cannot be read just now, as when it stops answering later; a command, what to check."""

    def __init__(self, message: Text, cause: Text):
        super().__init__(message)
        self.cause = cause


@dataclass(frozen=True)
class Store:
    """Where the data lives: ``kind`` is file, sqlite or postgres; ``target`` the file path,
    the SQLite catalog path or the PostgreSQL connection string."""

    kind: str
    target: str
    data_path: str | None = None

    @property
    def is_lake(self) -> bool:
        return self.kind != "file"

    @property
    def url(self) -> str:
        return self.target if self.kind == "file" else f"ducklake:{self.kind}:{self.target}"

    @property
    def shown(self) -> str:
        """The store's name as the app may print it: never a password."""
        return scrub(self.url)

    @property
    def lock_file(self) -> Path:
        """The file that writers on this machine queue on: beside a file or SQLite store; for a
        PostgreSQL catalog, one per catalog in the machine's temporary folder."""
        if self.kind == "postgres":
            digest = hashlib.sha256(self.target.encode()).hexdigest()[:16]
            return Path(tempfile.gettempdir()) / f"civbench-{digest}.lock"
        return Path(self.target + ".lock")


def store_url(explicit: str | os.PathLike | None = None) -> str:
    """The store's URL: an explicit one, else ``CIVBENCH_DB``, else the default (an existing
    legacy DuckDB file is kept: see ``default_store``)."""
    if explicit:
        return str(explicit)
    return settings.environment(STORE_ENV) or default_store()


db_path = store_url  # the name callers used when the store was always a file


def default_store() -> str:
    """DuckLake on a SQLite catalog, unless only the old DuckDB file exists: that one keeps
    working, and the process says once how to move it."""
    lake = Path(DEFAULT_STORE.removeprefix("ducklake:sqlite:"))
    if Path(LEGACY_FILE).exists() and not lake.exists():
        tell_how_to_move()
        return LEGACY_FILE
    return DEFAULT_STORE


_told = False


def tell_how_to_move() -> None:
    """Once per process, in the language of the command's messages (``--lang``, the locale)."""
    global _told
    if not _told:
        _told = True
        print(move_notice().in_lang(message_lang(lang_in(sys.argv))), file=sys.stderr)


def move_notice() -> Text:
    return msg("db.move_notice", legacy=LEGACY_FILE, store=DEFAULT_STORE)


def parse_store(url: str | os.PathLike) -> Store:
    text = str(url).strip()
    if not text.startswith("ducklake:"):
        if "ducklake:" in text:  # "ducklake:…" with the quotes an env file keeps: not a file
            raise DatabaseUnusable(msg("db.lake_not_first", store=text))
        return Store("file", text)
    rest = text.removeprefix("ducklake:")
    kind, _, target = rest.partition(":")
    if kind not in ("sqlite", "postgres") or not target.strip():
        raise DatabaseUnusable(msg("db.unknown_store", store=repr(text)))
    data_path = settings.environment(DATA_PATH_ENV)
    if kind == "sqlite":
        target = str(Path(target).expanduser().resolve())
        data_path = data_path or str(Path(target).with_suffix("")) + "_files"
    else:
        if scrub(target) != target:
            raise DatabaseUnusable(msg("db.password_in_url"))
        if not data_path:
            raise DatabaseUnusable(msg("db.no_data_path", variable=DATA_PATH_ENV))
    if data_path:
        data_path = str(Path(data_path).expanduser().resolve())
    return Store(kind, target, data_path)


class NoStore(StoreError):
    """A command that only reads or changes what a store holds was pointed at a store that is
    not there (a mistyped ``--db``): opening it would make a new, empty one."""


def existing_store(url: str | os.PathLike | None = None) -> str:
    """The store's URL when it is there (a file, or a catalog holding a lake), else
    ``NoStore``, with nothing created."""
    url = store_url(url)
    store = parse_store(url)
    if store.kind == "file":
        found = store.target == ":memory:" or Path(store.target).exists()
    else:
        found = lake_exists(store)
    if not found:
        raise NoStore(msg("db.no_store", store=store.shown, variable=STORE_ENV))
    return url


def store_exists(url: str | os.PathLike | None = None, *, as_recorded: bool = False) -> bool:
    """Whether the store holds Civbench data already (for a file: whether the file exists);
    ``as_recorded`` as for ``connect``."""
    store = parse_store(store_url(url))
    if store.kind == "file":
        return store.target == ":memory:" or Path(store.target).exists()
    if store.is_lake and not lake_exists(store):
        return False
    con = connect(store.url, as_recorded=as_recorded)
    try:
        return holds_data(con)
    finally:
        con.close()


def holds_data(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store holds anything Civbench wrote: a load, a unit or an account (one
    that holds none is a new store, where a bureau's existing store can be moved in)."""
    cur = con.cursor()
    return any(
        cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("upload_log", "units", "users")
    )


def connect(
    url: str | os.PathLike | None = None, *, as_recorded: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store and make sure its tables exist. ``as_recorded``: a
    lake that is there, with its files where its catalog records them, whatever
    ``CIVBENCH_DATA_PATH`` says (a migration's source: the variable names the target's)."""
    store = parse_store(store_url(url))
    if as_recorded and store.is_lake:
        store = replace(store, data_path=None)
    con = open_lake(store) if store.is_lake else open_file(store)
    try:
        set_threads(con)
        ensure_schema(con, store)
        con.execute(ATTACH_PROCESS_DB_SQL)
    except BaseException:
        con.close()
        raise
    return con


def open_file(store: Store) -> duckdb.DuckDBPyConnection:
    target = store.target
    if target != ":memory:":
        try:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnusable(uncreatable(target, exc)) from None
    if is_sqlite_file(target):  # DuckDB would fetch its SQLite extension from the internet
        url = Store("sqlite", target).url
        raise DatabaseUnusable(
            msg("db.catalog_as_file", target=target, url=url, variable=STORE_ENV)
        )
    try:
        return duckdb.connect(target)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusy(busy_message(target)) from None
        raise DatabaseUnusable(unopenable(store, exc)) from None


SQLITE_HEADER = b"SQLite format 3\x00"  # the first bytes of every SQLite database file


def is_sqlite_file(target: str) -> bool:
    """A SQLite database, such as a shared store's catalog (data/civbench.sqlite) named
    without ``ducklake:sqlite:``."""
    try:
        with open(target, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def unopenable_cause(exc: duckdb.Error) -> Text:
    """Why a DuckDB file cannot be opened, in plain words where DuckDB's are known: a path
    naming another kind of file (a workbook given as --db), a folder, a damaged file, or one
    this user may not make or open (its folder's or its own permissions); else DuckDB's own
    text."""
    if "not a valid duckdb database file" in str(exc).lower():
        return msg("db.cause_not_duckdb")
    if "is a directory" in str(exc).lower():
        return msg("db.cause_folder")
    if "permission denied" in str(exc).lower():
        return msg("db.cause_permission")
    return same(scrub(str(exc)))


def unopenable(store: Store, exc: Exception) -> Text:
    """A store that cannot be opened for a reason of no known kind, with DuckDB's own words
    (scrubbed of any password) inside the message of its kind."""
    if store.kind == "sqlite":  # a catalog file: no catalog server to check
        if Path(store.target).is_dir():
            cause = msg("db.cause_folder")
        elif "file is not a database" in str(exc):  # SQLite's words
            cause = msg("db.cause_not_sqlite", target=store.target)
        else:
            cause = same(scrub(str(exc)))
        return msg("db.catalog_unopenable", store=store.shown, error=cause, variable=STORE_ENV)
    if store.is_lake:
        return msg(
            "db.lake_unopenable", store=store.shown, error=scrub(str(exc)), variable=STORE_ENV
        )
    return msg(
        "db.file_unopenable", target=store.shown, error=unopenable_cause(exc), variable=STORE_ENV
    )


def busy_message(target: str) -> Text:
    return msg("db.busy", target=target)


def kept_busy(store: Store, timeout: float) -> Text:
    """Writers that kept colliding on ``store`` for ``timeout`` seconds."""
    return msg("db.kept_busy", store=store.shown, seconds=f"{timeout:.0f}")


def open_lake(store: Store) -> duckdb.DuckDBPyConnection:
    """The lake as the connection's default database, created on first use."""
    use_secret_password()
    with lake_errors(store):
        config = lake_config(store)
        if store.data_path is None and not lake_exists(store):  # only a lake that is there
            raise NoStore(msg("db.no_store", store=store.shown, variable=STORE_ENV))
        if store.kind == "sqlite" and not lake_exists(store):
            create_lake(store, config)
        try:
            con = duckdb.connect(store.url, config=config)
        except duckdb.Error as exc:
            if "data_path is not set" not in str(exc):
                raise
            create_lake(store, config)  # a PostgreSQL catalog seen for the first time
            return duckdb.connect(store.url, config=config)
        recorded = recorded_data_path(con)
        if store.data_path is not None and recorded is not None and recorded != store.data_path:
            con.close()
            # the variable names another folder, or (unset) the folder beside the catalog is
            # not the recorded one: a store made with the variable set, or moved since
            said = "differs" if settings.environment(DATA_PATH_ENV) else "not_beside"
            raise DatabaseUnusable(
                msg(
                    f"db.data_path_{said}",
                    store=store.shown,
                    recorded=recorded,
                    given=store.data_path,
                    variable=DATA_PATH_ENV,
                )
            )
        folder = store.data_path or recorded
        refused = None if folder is None else data_folder_refused(store, folder)
        if refused is not None:
            con.close()
            raise DatabaseUnusable(refused)
        return con


def data_folder_refused(store: Store, folder: str) -> Text | None:
    """Why this process cannot use the lake's data folder, if it cannot: the folder is not
    there (a share not mounted, a folder moved), or it may not go in and read it (the folder's
    or a folder above it's permissions, a share mounted for another user). Those who may read
    but not write it are told so by the write it refuses (``is_read_only``)."""
    try:
        there = Path(folder).is_dir()
    except PermissionError:  # a folder above it that this user may not go through
        there = True
    if not there:
        return msg("db.data_folder_missing", store=store.shown, folder=folder)
    if not os.access(folder, os.R_OK | os.X_OK):
        user = process_user()
        return msg("db.data_folder_unreadable", store=store.shown, folder=folder, user=user)
    return None


def process_user() -> str:
    """The name of the user this process runs as (whose permissions a folder is checked
    against), else its number."""
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def recorded_data_path(con: duckdb.DuckDBPyConnection) -> str | None:
    """The data folder the lake's catalog records, made absolute as ``Store.data_path`` is.
    DuckLake reads and writes the files there, whatever ``CIVBENCH_DATA_PATH`` says: the
    variable only names the folder when the lake is made."""
    found = con.execute(
        "SELECT value FROM ducklake_options(current_database()) WHERE option_name = 'data_path'"
    ).fetchone()
    return str(Path(found[0]).expanduser().resolve()) if found and found[0] else None


@contextlib.contextmanager
def lake_errors(store: Store) -> Iterator[None]:
    """A lake's catalog or folders that cannot be used, said plainly (never a password)."""
    try:
        yield
    except duckdb.Error as exc:
        if any(words in str(exc) for words in PASSWORD_REFUSED):
            raise DatabaseUnusable(msg("db.password_refused", store=store.shown)) from None
        if option := BAD_OPTION.search(str(exc)):  # libpq refuses it before connecting
            cause = msg("db.cause_bad_option", option=option.group(1))
            said = msg("db.lake_unopenable", store=store.shown, error=cause, variable=STORE_ENV)
            raise DatabaseUnusable(said) from None
        if missing := NO_CATALOG_DATABASE.search(str(exc)):  # the server answers: no wait
            cause = msg("db.cause_no_catalog_database", name=missing.group(1))
            said = msg("db.lake_unopenable", store=store.shown, error=cause, variable=STORE_ENV)
            raise DatabaseUnusable(said) from None
        if is_lost(exc):
            cause = lost_cause(exc)
            said = msg("db.lake_unopenable", store=store.shown, error=cause, variable=STORE_ENV)
            raise NotAnswering(said, cause) from None
        raise DatabaseUnusable(unopenable(store, exc)) from None
    except OSError as exc:  # its folder or data folder cannot be made: read-only, under a file
        raise DatabaseUnusable(uncreatable(store.shown, exc)) from None


# what PostgreSQL says to a wrong or missing password (DuckDB passes it on, the server's
# address cut short, under advice to check that the server runs)
PASSWORD_REFUSED = ("password authentication failed", "no password supplied")


def uncreatable(shown: str, error: OSError) -> Text:
    """A store whose folders cannot be made, e.g. on a read-only mount or under a file."""
    where = f"{error.strerror}: {error.filename}" if error.filename else str(error)
    return msg("db.store_uncreatable", store=shown, error=where, variable=STORE_ENV)


# The extension files whose signature DuckDB checked in this process: path -> the file's
# (inode, size, modification time) when checked.
_checked_files: dict[str, tuple[int, int, int]] = {}


def set_threads(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """DuckDB's threads when ``CIVBENCH_THREADS`` names them (else DuckDB's own default: one per
    core). Several Civbench processes at once on one machine (dashboard replicas, loaders, the
    test suite) do better with 1: the dashboard's queries are small, and the threads cost CPU
    waiting for work they rarely get (tests/queries took a quarter less CPU, and less time, with
    1 on two cores). Set on the open database, not in the connection's configuration: DuckDB
    refuses a second connection to a file configured otherwise. A value that is not a whole
    number of 1 or more is said in the log and DuckDB's default kept."""
    text = settings.environment(THREADS_ENV)
    if text is None:
        return con
    if not text.strip().isdigit() or int(text) < 1:
        log.warning(
            "%s=%r is not a whole number of 1 or more: DuckDB's default used", THREADS_ENV, text
        )
        return con
    con.execute(f"SET threads = {int(text)}")
    return con


def lake_config(store: Store) -> dict:
    """How a lake connection loads its extensions: from the pinned packages' files, never
    downloaded, each file's signature checked once per process.

    DuckDB checks an extension's signature every time a connection loads it, about 0.1 s for
    each of the two a lake needs. The files are checked once, by loading them into a throwaway
    connection (again if a file changed since), and every lake connection then loads them
    unchecked. Every lake connection has the same configuration: DuckDB refuses a second
    connection to an open lake configured otherwise."""
    folder = extension_folder()
    config = {
        "extension_directory": str(folder),
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }
    check_signatures(config, folder, ("ducklake", f"{store.kind}_scanner"))
    return config | {"autoload_known_extensions": "true", "allow_unsigned_extensions": "true"}


def check_signatures(config: dict, folder: Path, names: tuple[str, ...]) -> None:
    """Have DuckDB check the signature of each extension not checked yet in this process;
    duckdb.Error when one fails."""
    unchecked = [name for name in names if not checked(extension_file(folder, name))]
    if not unchecked:
        return
    with contextlib.closing(duckdb.connect(config=config)) as con:
        for name in unchecked:
            con.execute(f"LOAD {name}")  # one of EXTENSIONS' names, never a user's
        for (path,) in con.execute(
            "SELECT install_path FROM duckdb_extensions() WHERE loaded AND install_path <> ''"
        ).fetchall():
            identity = file_identity(path)
            if identity is not None:
                _checked_files[path] = identity


def file_identity(path: str) -> tuple[int, int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def checked(path: Path) -> bool:
    identity = file_identity(str(path))
    return identity is not None and _checked_files.get(str(path)) == identity


def lake_exists(store: Store) -> bool:
    if store.kind == "sqlite":
        if not Path(store.target).exists():
            return False
        try:
            with contextlib.closing(sqlite3.connect(store.target)) as catalog:
                found = catalog.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'ducklake_metadata'"
                ).fetchone()[0]
        except sqlite3.Error as exc:
            raise DatabaseUnusable(catalog_unopenable(store, exc)) from None
        return found > 0
    return postgres_lake_exists(store)


def postgres_lake_exists(store: Store) -> bool:
    """Whether the PostgreSQL catalog database holds a lake (DuckLake's metadata table), read
    without writing: a database made for Civbench and not used yet, or a mistyped dbname that
    names another database (postgres), holds none, and only a first load or the dashboard's
    first use may make one there (``open_lake``)."""
    use_secret_password()
    with lake_errors(store), contextlib.closing(duckdb.connect(config=lake_config(store))) as con:
        # ATTACH takes no bound parameters: the connection string is quoted as a SQL literal
        con.execute(f"ATTACH {sql_literal(store.target)} AS catalog (TYPE postgres, READ_ONLY)")
        found = con.execute(
            "SELECT count(*) FROM duckdb_tables() "
            "WHERE database_name = 'catalog' AND table_name = 'ducklake_metadata'"
        ).fetchone()[0]
    return found > 0


def catalog_unopenable(store: Store, error: Exception) -> Text:
    """Why a SQLite catalog that is there cannot be read: most often a folder only readable
    (a read-only mount or share), where SQLite cannot keep the journal a catalog in WAL mode
    needs, even to read."""
    folder = Path(store.target).resolve().parent
    if not os.access(folder, os.W_OK):
        return msg("db.catalog_folder_read_only", store=store.shown, folder=str(folder))
    return unopenable(store, error)


def create_lake(store: Store, config: dict) -> None:
    """A new, empty lake; a SQLite catalog in WAL mode, so readers never block a commit."""
    Path(store.data_path).mkdir(parents=True, exist_ok=True)
    with write_queue(store):
        if lake_exists(store):  # another process made it meanwhile
            return
        # a folder holding another lake's files: a rolled-back write of either deletes every
        # Parquet file its own catalog does not know (remove_unkept_files), the other's too
        if next(Path(store.data_path).rglob("*.parquet"), None) is not None:
            raise DatabaseUnusable(
                msg("db.data_folder_taken", store=store.shown, folder=store.data_path)
            )
        # ... or a folder inside another lake's data folder, whose tidy --orphans and
        # rolled-back writes would delete this one's files as files of no snapshot of theirs
        if (outer := lake_folder_around(Path(store.data_path))) is not None:
            raise DatabaseUnusable(
                msg("db.data_folder_inside", store=store.shown, folder=store.data_path, outer=outer)
            )
        if store.kind == "sqlite":
            Path(store.target).parent.mkdir(parents=True, exist_ok=True)
            with contextlib.closing(sqlite3.connect(store.target)) as catalog:
                catalog.execute("PRAGMA journal_mode=WAL")
        with contextlib.closing(duckdb.connect(config=config)) as con:
            # ATTACH takes no bound parameters: the two strings are quoted as SQL literals
            data = store.data_path.rstrip("/") + "/"
            con.execute(f"ATTACH {sql_literal(store.url)} AS lake (DATA_PATH {sql_literal(data)})")


def lake_folder_around(folder: Path) -> str | None:
    """The folder above ``folder`` that is a lake's data folder, if any: it holds DuckLake's
    layout, ``main/<table>/ducklake-<id>.parquet`` (looked for in each folder above alone,
    never through their trees: one of them is the root)."""
    for above in folder.parents:
        if next((above / "main").glob("*/ducklake-*.parquet"), None) is not None:
            return str(above)
    return None


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def use_secret_password() -> None:
    """PGPASSWORD from .streamlit/secrets.toml ([postgres] password) when not set already."""
    if settings.environment("PGPASSWORD") or not SECRETS_FILE.exists():
        return
    try:
        secrets = tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8"))
    except OSError:
        return
    except tomllib.TOMLDecodeError as exc:  # the password unquoted, most often: say so, never
        # 'wrong or none given' about a password the file holds (TOML's text quotes no value)
        raise DatabaseUnusable(
            msg("db.secrets_unreadable", file=str(SECRETS_FILE.resolve()), error=exc)
        ) from None
    password = (secrets.get("postgres") or {}).get("password")
    if password:
        os.environ["PGPASSWORD"] = str(password)


# a password as libpq takes it: password=… in key=value form (the keyword in any case:
# Password= is none libpq knows, but it is a password typed, which its refusal would show),
# user:…@ in a postgresql:// URI
PASSWORD_IN_URL = re.compile(
    r"((?i:password)\s*=\s*)\S+|(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*(?=@)"
)


def scrub(text: str) -> str:
    """``text`` with any password in a connection string replaced by …"""
    return PASSWORD_IN_URL.sub(lambda m: (m.group(1) or m.group(2)) + "…", text)


def extension_folder() -> Path:
    """A folder laid out as DuckDB expects (v1.5.5/<platform>/<name>.duckdb_extension), linking
    the files of the pinned PyPI packages under the names DuckDB knows them by."""
    folder = extensions_root()
    extension_file(folder, "ducklake").parent.mkdir(parents=True, exist_ok=True)
    for name, package in EXTENSIONS.items():
        link = extension_file(folder, name)
        source = packaged_extension(package)
        if link.is_symlink() and link.resolve() == source.resolve():
            continue
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        with contextlib.suppress(FileExistsError):
            link.symlink_to(source)
    return folder


def extension_file(folder: Path, name: str) -> Path:
    """Where DuckDB looks for the extension ``name`` in the folder ``extension_folder`` lays
    out."""
    return folder / f"v{DUCKDB_VERSION}" / duckdb_platform() / f"{name}.duckdb_extension"


@functools.cache
def duckdb_platform() -> str:
    return duckdb.execute("PRAGMA platform").fetchone()[0]


def extensions_root() -> Path:
    """Inside the Python environment that has the packages (each checkout's .venv its own),
    else the user's cache folder."""
    inside = Path(sys.prefix) / "share" / "civbench-duckdb-extensions"
    if os.access(sys.prefix, os.W_OK):
        return inside
    cache = settings.environment("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "civbench" / "duckdb-extensions"


def packaged_extension(package: str) -> Path:
    spec = importlib.util.find_spec(f"duckdb_extension_{package}")
    path = None
    if spec and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations)))
        path = folder / "extensions" / f"v{DUCKDB_VERSION}" / f"{package}.duckdb_extension"
    if path is None or not path.exists():
        raise DatabaseUnusable(msg("db.extension_missing", package=package, version=DUCKDB_VERSION))
    return path


def store_of(con: duckdb.DuckDBPyConnection) -> Store:
    """The store a connection (or any of its cursors) has open."""
    path, kind = (
        con.cursor()
        .execute(
            "SELECT path, type FROM duckdb_databases() WHERE database_name = current_database()"
        )
        .fetchone()
    )
    if kind == "ducklake":
        lake_kind, _, target = path.partition(":")
        return Store(lake_kind, target)
    return Store("file", path or ":memory:")


def ensure_schema(con: duckdb.DuckDBPyConnection, store: Store | None = None) -> None:
    """Create whatever table is missing and add whatever column a newer etl/schema.sql has
    (in one write, so processes starting together agree). Checking costs one catalog query."""
    cur = con.cursor()
    found = columns_in(cur, "current_database()", "current_schema()")
    if not missing_columns(found) and has_ticket(cur):
        return
    write(con, create_tables, store=store, ticket=False)


def columns_in(cur, database: str, schema: str) -> dict[str, list[str]]:
    """table -> its columns, for the tables of one schema (``database``/``schema`` are SQL
    expressions such as current_database())."""
    found: dict[str, list[str]] = {}
    rows = cur.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        f"WHERE database_name = {database} AND schema_name = {schema} "
        "ORDER BY table_name, column_index"
    ).fetchall()
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


@functools.cache
def declared_columns() -> dict[str, dict[str, str]]:
    """table -> column -> type, as etl/schema.sql declares them (archives included)."""
    with contextlib.closing(duckdb.connect()) as scratch:
        scratch.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        rows = scratch.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() ORDER BY table_name, column_index"
        ).fetchall()
    declared: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        declared.setdefault(table, {})[column] = kind
    for table in FACT_TABLES:
        declared[f"archive_{table}"] = {**declared[table], "replaced_by": "BIGINT"}
    return declared


def missing_columns(found: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(table, column, type) that the store lacks, of tables it has (missing tables: all)."""
    return [
        (table, column, kind)
        for table, columns in declared_columns().items()
        if table in found
        for column, kind in columns.items()
        if column not in found[table]
    ] + [(table, "", "") for table in declared_columns() if table not in found]


def create_tables(cur: duckdb.DuckDBPyConnection) -> None:
    """The schema, and the columns a store made by an older Civbench lacks (added empty: a
    registry row without from_quarter holds from the beginning, as it always did). Copies kept
    for publications get them too, so queries of today read them."""
    cur.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    upgrade(cur, "current_database()", "current_schema()")
    for (schema,) in cur.execute(
        "SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database() "
        "AND schema_name LIKE 'published_%'"
    ).fetchall():
        upgrade(cur, "current_database()", sql_literal(schema), prefix=f"{quoted(schema)}.")
    for table in FACT_TABLES:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS archive_{table} AS "
            f"SELECT *, NULL::BIGINT AS replaced_by FROM {table} WHERE false"
        )
    if not has_ticket(cur):
        cur.execute("INSERT INTO store_writes VALUES (0)")


def upgrade(cur, database: str, schema: str, prefix: str = "") -> None:
    for table, column, kind in missing_columns(columns_in(cur, database, schema)):
        if column:
            cur.execute(f"ALTER TABLE {prefix}{table} ADD COLUMN {column} {kind}")


def has_ticket(cur) -> bool:
    try:
        return cur.execute("SELECT count(*) FROM store_writes").fetchone()[0] > 0
    except duckdb.CatalogException:
        return False


@contextlib.contextmanager
def write_queue(
    store: Store, timeout: float = WRITE_TIMEOUT_SECONDS, waiting: str | None = "db.waiting"
) -> Iterator[None]:
    """Writers take turns: on this machine on a lock file beside the store (threads too: each
    opens the file anew); with a PostgreSQL catalog also across machines, on an advisory lock
    of the catalog database (writers that only collided and retried starved each other: four
    loaders on four machines landed 11 loads in 30 s, one of them nearly none). The write
    ticket still guards whatever writes without queueing. A writer that holds the queue for
    ``timeout`` seconds (suspended with Ctrl-Z, hung on a stalled disk) makes the next one
    give up with ``DatabaseBusy``, as collisions do, rather than wait without a word.
    ``waiting``: the catalogue key of what a command says if the write waits (its fields the
    store and the seconds), as what waits is told."""
    if store.kind == "file" and store.target == ":memory:":
        yield
        return
    deadline = time.monotonic() + timeout
    path = store.lock_file
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_lock_file(path) as handle:
        take_file_lock(handle, deadline, store, timeout, waiting)
        try:
            with catalog_lock(store, max(deadline - time.monotonic(), 1.0), waiting):
                yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_lock_file(path: Path):
    """The lock file, made if missing. One another user of the machine made (the dashboard's
    service account, an analyst's login; a PostgreSQL catalog's is in the shared temporary
    folder) is theirs, writable by them only, and a sticky folder may refuse to open it for
    creating: it is opened to read, which is all a lock needs."""
    try:
        return open(path, "a+b")
    except PermissionError:
        return open(path, "rb")


# Told, once per write, that the write waits for another writer's turn (a command prints it,
# so that a load or publication queued behind others for a minute is not taken for hung: the
# trial's four loads and a publication on a province's store each waited 30-80 s in silence);
# None: nobody is (the dashboard shows its own spinner).
_tell_waiting: Callable[[Text], None] | None = None


def tell_when_waiting(say: Callable[[Text], None] | None) -> None:
    """Have ``say`` told when a write of this process waits for the queue (None: stop)."""
    global _tell_waiting
    _tell_waiting = say


@contextlib.contextmanager
def commands_told_when_waiting(lang: str) -> Iterator[None]:
    """A command's writes say on standard error, in ``lang``, when they wait for another
    writer's turn. Every command that may write (``etl``, ``etl users``, ``charts``,
    ``queries``: connecting may add a newer schema's columns) runs in it."""
    tell_when_waiting(lambda text: print(text.in_lang(lang), file=sys.stderr, flush=True))
    try:
        yield
    finally:
        tell_when_waiting(None)


def say_waiting(store: Store, timeout: float, waiting: str | None = "db.waiting") -> None:
    """Tell whoever ``tell_when_waiting`` named that this write waits for another's turn, in
    the words of the catalogue key ``waiting`` (None: upkeep nobody asked for and nobody need
    hear of, ``etl.tidy.merge_when_many``)."""
    if _tell_waiting is not None and waiting is not None:
        _tell_waiting(msg(waiting, store=store.shown, seconds=f"{timeout:.0f}"))


def take_file_lock(
    handle, deadline: float, store: Store, timeout: float, waiting: str | None = "db.waiting"
) -> None:
    """The lock file's exclusive lock, in the order writers asked for it, waited for until
    ``deadline`` at most; ``DatabaseBusy`` then. Whoever ``tell_when_waiting`` named is told
    when the lock is not free at once.

    The wait is flock's own, which wakes its waiters in turn (asked for again every few
    milliseconds, the lock went to whoever asked at the right moment: one of four loaders
    landed 60 loads in 40 s, another 37, and a load's p95 was ten times its median), on a
    thread of its own, as an alarm cannot interrupt flock in the dashboard's script threads.
    The thread waits on a duplicate of the file's descriptor and closes it once it has the
    lock: the lock stays with the file, and if the writer gave up meanwhile (and closed the
    file) it is let go at once."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        say_waiting(store, timeout, waiting)
    taken = threading.Event()
    descriptor = os.dup(handle.fileno())

    def wait_for_turn() -> None:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            taken.set()
        finally:
            os.close(descriptor)

    threading.Thread(target=wait_for_turn, name="civbench-write-turn", daemon=True).start()
    if not taken.wait(max(deadline - time.monotonic(), 0.0)):
        raise DatabaseBusy(kept_busy(store, timeout))


WRITE_LOCK_KEY = 0x43495642  # the advisory lock's key: "CIVB"


@contextlib.contextmanager
def catalog_lock(
    store: Store, timeout: float, waiting: str | None = "db.waiting"
) -> Iterator[None]:
    """The PostgreSQL catalog's advisory lock, held on a connection of its own for the write
    (PostgreSQL queues the waiters; a writer that waits is told, as on the lock file); nothing
    for the other stores."""
    if store.kind != "postgres":
        yield
        return
    import psycopg

    try:
        session = psycopg.connect(store.target, autocommit=True, connect_timeout=30)
    except psycopg.Error as exc:
        raise DatabaseUnusable(
            msg("db.unreachable", store=store.shown, error=scrub(str(exc)))
        ) from None
    with session:
        try:
            session.execute(f"SET lock_timeout = '{int(timeout * 1000)}ms'")
            free = session.execute("SELECT pg_try_advisory_lock(%s)", [WRITE_LOCK_KEY])
            if not free.fetchone()[0]:  # another machine's writer has the turn
                say_waiting(store, timeout, waiting)
                session.execute("SELECT pg_advisory_lock(%s)", [WRITE_LOCK_KEY])
        except psycopg.errors.LockNotAvailable:
            raise DatabaseBusy(kept_busy(store, timeout)) from None
        try:
            yield
        finally:
            with contextlib.suppress(psycopg.Error):
                session.execute("SELECT pg_advisory_unlock(%s)", [WRITE_LOCK_KEY])


def is_conflict(exc: BaseException) -> bool:
    """Another writer got in first: the unit of work may simply run again."""
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error) and any(word in text for word in CONFLICT_WORDS)


def write(
    con: duckdb.DuckDBPyConnection,
    work: Callable[[duckdb.DuckDBPyConnection], T],
    *,
    store: Store | None = None,
    ticket: bool = True,
    queue: bool = True,
    timeout: float = WRITE_TIMEOUT_SECONDS,
    waiting: str | None = "db.waiting",
) -> T:
    """Run ``work(cursor)`` in one write transaction and commit; all or nothing.

    When another writer committed first, the transaction is rolled back and ``work`` runs again
    on what is committed now (so it must read what it depends on, e.g. the unit registry,
    inside). Exceptions from ``work`` roll back and propagate. After ``timeout`` seconds of
    collisions: ``DatabaseBusy``, with nothing changed. ``ticket=False, queue=False`` for small
    writes that need no order among loads (sign-ins, the audit log). ``waiting``: what a
    command says if the write waits for the queue (``write_queue``)."""
    store = store or store_of(con)
    deadline = time.monotonic() + timeout
    pause = 0.02
    attempt = 0
    with write_queue(store, timeout, waiting) if queue else contextlib.nullcontext():
        began = time.time()
        while True:
            attempt += 1
            cur = con.cursor()
            try:
                cur.execute("BEGIN TRANSACTION")
                if ticket:
                    cur.execute("UPDATE store_writes SET writes = writes + 1")
                result = work(cur)
                with interrupts_held() as held:  # committed and recorded as one, for Ctrl-C
                    cur.execute("COMMIT")
                    if held:
                        COMMITTED.append(result)
                if attempt > 1:
                    log.info("write committed after %d attempts", attempt)
                return result
            except duckdb.Error as exc:
                rollback(cur)
                if queue:
                    remove_unkept_files(cur, store, began)
                if not is_conflict(exc):
                    raise
                if time.monotonic() + pause > deadline:
                    raise DatabaseBusy(kept_busy(store, timeout)) from None
                time.sleep(pause * (1 + random.random()))
                pause = min(pause * 2, 1.0)
            except BaseException as exc:
                if isinstance(exc, INTERRUPTED):
                    # the query Ctrl-C stopped may still be running on DuckDB's threads, and
                    # the rollback waits for them: tell them to stop
                    cur.interrupt()
                rollback(cur)
                if queue and isinstance(exc, STOPPED_PART_WAY):
                    remove_unkept_files(cur, store, began)
                raise
            finally:
                cur.close()


# The results of this process's last writes, each as it committed, where Ctrl-C can stop them
# (``interrupts_held``: a command's, not a dashboard's script threads'): a command stopped right
# after a commit tells from it that the write is in, not undone (etl/cli.py ``run_load``, which
# clears it before each load). The last few only: a result may hold a large load's keys.
COMMITTED: collections.deque = collections.deque(maxlen=4)


@contextlib.contextmanager
def interrupts_held() -> Iterator[bool]:
    """Ctrl-C held back until the block ends, then raised: a commit and its record in
    ``COMMITTED`` cannot be parted by it. Yields whether it holds it back: Python runs signal
    handlers in the main thread only, so elsewhere (a dashboard's script threads) the block
    runs as it is, as it does where Ctrl-C is ignored (a background job's)."""
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    if ignored or threading.current_thread() is not threading.main_thread():
        yield False
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    try:
        yield True
    finally:
        # a handler not set from Python (None) is the default's
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
        if pressed:
            raise KeyboardInterrupt


# what can stop a write part way, beside DuckDB's own errors: Ctrl-C (a running query's is a
# RuntimeError), the operating system, memory. A refusal (a file rejected, a withdrawal
# refused) is raised before anything is written and leaves no file to remove.
STOPPED_PART_WAY = (KeyboardInterrupt, RuntimeError, OSError, MemoryError)
INTERRUPTED = (KeyboardInterrupt, RuntimeError)  # Ctrl-C, in Python or in a running query


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C: Python's KeyboardInterrupt, or DuckDB's RuntimeError if a query was running
    (any other RuntimeError is a fault of its own)."""
    return isinstance(exc, KeyboardInterrupt) or (
        isinstance(exc, RuntimeError) and str(exc) == "Query interrupted"
    )


def remove_unkept_files(cur, store: Store, began: float) -> None:
    """After a lake write rolled back: delete the Parquet files it wrote, which no snapshot
    keeps (DuckLake leaves them; after a disk filled up they would keep it full, and the next
    load would fail too). Those are the files in the data folder that the catalog does not
    know and that were written since the write began: while this writer holds the write
    queue no other writer of this store makes files. Older unknown files are left alone: they
    may be another store's, made before a data folder was refused to a second store
    (``create_lake``), whose rolled-back writes then deleted each other's whole data (a
    crash's leftovers go with ``python -m etl tidy --orphans``). Best effort: the disk may
    still refuse."""
    if not store.is_lake:
        return
    # twice: a catalog connection that died with the write (a PostgreSQL server restarted at
    # the commit) fails the first catalog query, and the next one connects anew
    for _ in range(2):
        with contextlib.suppress(duckdb.Error):
            unknown = unknown_files(cur)
            break
    else:
        return
    for path in unknown:
        with contextlib.suppress(OSError):
            if os.stat(path).st_mtime >= began - CLOCK_SLACK_SECONDS:
                os.remove(path)


# a file's time is the file system's clock, which may lag the process's by a little (a share's
# server, coarse time stamps)
CLOCK_SLACK_SECONDS = 2.0


def unknown_files(cur) -> list[str]:
    """The files in the lake's data folder that its catalog does not know: the rolled-back
    writes' (and crashed ones', and, in a folder two stores share, the other store's)."""
    # no bound parameter: binding one makes DuckDB's Python client import pandas, which took
    # seconds after a Ctrl-C in a command that had not needed it yet
    rows = cur.execute(
        "CALL ducklake_delete_orphaned_files(current_database(), cleanup_all => true, "
        "dry_run => true)"
    ).fetchall()
    return [row[0] for row in rows]


# what DuckDB says when a lake's catalog server or data folder stops answering (it raises an
# I/O error, or a binder error naming the catalog query that failed)
LOST_WORDS = (
    "unable to connect",
    "connection to server",
    "server closed the connection",
    "failed to query most recent snapshot",
    "failed to get data file list",
    "database has been invalidated",
    # a commit whose catalog connection died (the server restarted): DuckLake's rollback then
    # fails too, with libpq's message empty
    'failed to commit: failed to execute query "rollback"',
)


def is_lost(exc: BaseException) -> bool:
    """The store stopped answering (a catalog server down or restarted, a data folder gone).
    The connection answers again once they are back, unless the server went away while a
    query ran: then DuckDB may have invalidated the connection's database ("database has
    been invalidated"), and only a new process recovers (dropping such a connection can abort
    the process, so it is kept)."""
    text = str(exc).lower()
    return isinstance(exc, duckdb.IOException) or (
        isinstance(exc, duckdb.Error) and any(word in text for word in LOST_WORDS)
    )


# DuckDB's words for a data file that is not there: a share not mounted (its mount point
# empty) or a file deleted by hand
MISSING_FILE = re.compile(r'Cannot open file "([^"]+)": No such file or directory')
# libpq's refusal of a keyword it does not know (bogus=1, Host=…) in a connection string
BAD_OPTION = re.compile(r'invalid connection option "([^"]*)"')
# PostgreSQL's words for a catalog database it does not have (a dbname mistyped): said as
# "its catalog server does not answer" (libpq's words come under "unable to connect"), it
# sent an operator to a server that ran (trial)
NO_CATALOG_DATABASE = re.compile(r'database "([^"]*)" does not exist')
CATALOG_DOWN_WORDS = (
    "unable to connect",
    "connection to server",
    "server closed the connection",
    'failed to execute query "rollback"',
)


def lost_cause(exc: BaseException) -> Text:
    """Why the store stopped answering (``is_lost``), in plain words a leader or an analyst
    can act on, rather than DuckDB's and libpq's text (an error class, a prepared statement,
    libpq's hint on lines of its own); an error of no known kind is passed on, scrubbed."""
    text = str(exc)
    lower = text.lower()
    missing = MISSING_FILE.search(text)
    unreadable = unreadable_file(exc)
    if "database has been invalidated" in lower:
        return msg("db.cause_invalidated")
    if missing:
        return msg("db.cause_file_missing", file=missing.group(1))
    if unreadable:
        return msg("db.cause_file_unreadable", file=unreadable, user=process_user())
    if any(words in lower for words in CATALOG_DOWN_WORDS):
        return msg("db.cause_catalog_down")
    return same(scrub(text))


# what the operating system says when a file cannot grow: the disk full, a quota or a
# file-size limit reached
NO_ROOM_WORDS = ("no space left on device", "disk quota exceeded", "file too large")


def is_no_room(exc: BaseException) -> bool:
    """A write that found no room for its files (a rolled-back write deletes what it wrote:
    ``remove_unkept_files``)."""
    return isinstance(exc, duckdb.Error) and any(w in str(exc).lower() for w in NO_ROOM_WORDS)


# what the operating system says when a file cannot be written there: a data folder on a
# read-only mount or share, or one the process may not write
READ_ONLY_WORDS = ("read-only file system", "permission denied")


def is_read_only(exc: BaseException) -> bool:
    """A file the data folder refused: a write's (rolled back as a whole, its catalog rows
    with it), or, for a folder the user may not read, a read's (``unreadable_file``)."""
    return isinstance(exc, duckdb.Error) and any(w in str(exc).lower() for w in READ_ONLY_WORDS)


# DuckDB's words for a file the operating system refused to open, to read or to write
REFUSED_FILE = re.compile(r'Cannot open file "([^"]+)": Permission denied')


def unreadable_file(exc: BaseException) -> str | None:
    """The data file a refusal names when this process may not read it (its permissions or
    its folder's, files a load wrote under another user's umask, a share mounted for another
    user), else None: then the refusal was a write's (a new file in a folder it may read but
    not write). DuckDB says the same words for both, so the file is opened here to tell."""
    refused = REFUSED_FILE.search(str(exc)) if isinstance(exc, duckdb.Error) else None
    if refused is None:
        return None
    try:
        with open(refused.group(1), "rb"):
            return None
    except PermissionError:
        return refused.group(1)
    except OSError:  # not there: a new file, which a write was making
        return None


def rollback(cur) -> None:
    with contextlib.suppress(duckdb.Error):
        cur.execute("ROLLBACK")


# what the named queries read: the facts, the rows loads replaced (which files were
# corrections: late_loads) and the upload log
PUBLISHED_TABLES = (*FACT_TABLES, *(f"archive_{t}" for t in FACT_TABLES), "upload_log")


def frozen_state(cur: duckdb.DuckDBPyConnection, store: Store, publication_id: int) -> str:
    """Inside a write transaction: a name for exactly the data this transaction sees, that
    ``StateView`` can read later whatever is loaded or withdrawn since. On DuckLake the
    snapshot the transaction started from (nothing is copied); on a DuckDB file, which has no
    snapshots, a copy of the tables the queries read, in a schema of its own."""
    if store.is_lake:
        snapshot = cur.execute("SELECT id FROM ducklake_current_snapshot(current_database())")
        return f"snapshot:{snapshot.fetchone()[0]}"
    schema = f"published_{int(publication_id)}"
    cur.execute(f"CREATE SCHEMA {schema}")
    for table in PUBLISHED_TABLES:
        cur.execute(f"CREATE TABLE {schema}.{table} AS SELECT * FROM main.{table}")
    return f"schema:{schema}"


class StateView:
    """The store as it was in a frozen state (``frozen_state``), read-only: every cursor made
    from it reads that state by its plain table names, so every named query runs on it as it
    is. Stands in for the connection wherever ``queries.run`` takes one.

    ``stamp``: when the state was made (a publication's time, a snapshot's). With it the view
    has an ``identity`` that names this state of this store for good (a store made anew at the
    same place numbers its states again, but not at the same moments), under which a process
    may keep what it computed from the state (queries/result_memo.py): nothing in it changes."""

    def __init__(self, con: duckdb.DuckDBPyConnection, state: str, stamp: str | None = None):
        self._con = con
        self.state = state
        store = store_of(con)
        self.identity = f"{store.url}|{state}|{stamp}" if stamp else None
        kind, _, name = state.partition(":")
        database = con.cursor().execute("SELECT current_database()").fetchone()[0]
        # whose a unit is, is today's registry's in every state (etl/registry.sql)
        registry = sql_literal(f"{quoted(database)}.main.units")
        self._registry = f"SET VARIABLE civbench_registry = {registry}"
        if kind == "snapshot":
            alias = f"civpub_{int(name)}"
            cur = con.cursor()
            cur.execute(
                f"ATTACH IF NOT EXISTS {sql_literal(store.url)} AS {alias} "
                f"(SNAPSHOT_VERSION {int(name)}, READ_ONLY)"
            )
            self._use = f"USE {with_declared_columns(cur, alias, store.url)}"
        elif kind == "schema" and re.fullmatch(r"published_\d+", name):
            self._use = f"USE {quoted(database)}.{name}"
        else:
            raise DatabaseUnusable(msg("db.unknown_state", state=repr(state)))

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = self._con.cursor()
        cursor.execute(self._use)
        cursor.execute(self._registry)
        return cursor

    @property
    def live(self) -> duckdb.DuckDBPyConnection:
        """The store as it is now, beside this state: what a reader may see is decided by
        today's registry whichever state the figures come from (queries.run)."""
        return self._con

    def execute(self, sql: str, parameters=None) -> duckdb.DuckDBPyConnection:
        return self.cursor().execute(sql, parameters)


# the snapshot a transaction reads, and when it was made
CURRENT_SNAPSHOT_SQL = (
    "SELECT snapshot_id, snapshot_time::VARCHAR FROM ducklake_snapshots(current_database()) "
    "WHERE snapshot_id = (SELECT id FROM ducklake_current_snapshot(current_database()))"
)


def held_still(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection | StateView:
    """The store as it is now, for a reader making several things that must agree (one run's
    district packs): on DuckLake its current snapshot, read-only, whatever others load
    meanwhile; a DuckDB file as it is, since this process holds it and nobody else writes it.
    A state held already (one run's district packs, each a pack that holds its state) is kept."""
    if isinstance(con, StateView) or not store_of(con).is_lake:
        return con
    snapshot, made = con.cursor().execute(CURRENT_SNAPSHOT_SQL).fetchone()
    return StateView(con, f"snapshot:{snapshot}", stamp=made)


# (store URL, snapshot alias) of the snapshots found to hold every declared column: a snapshot's
# schema never changes, so each is looked at once per process, not on every published query
COMPLETE_SNAPSHOTS: set[tuple[str, str]] = set()


def with_declared_columns(cur, alias: str, url: str) -> str:
    """The database a snapshot's readers use: the snapshot itself or, for one taken before a
    newer Civbench added columns or tables (a DuckLake snapshot keeps the schema of its time),
    views over it that add those as NULL, so that today's queries read a publication of then."""
    if (url, alias) in COMPLETE_SNAPSHOTS:
        return alias
    found = columns_in(cur, sql_literal(alias), "'main'")
    if not missing_columns(found):
        COMPLETE_SNAPSHOTS.add((url, alias))
        return alias
    views = f"{alias}_now"
    cur.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {views}")
    declared = declared_columns()
    for table in sorted(set(found) | set(declared)):
        if table in found:
            added = [
                f"NULL::{kind} AS {column}"
                for column, kind in declared.get(table, {}).items()
                if column not in found[table]
            ]
            source = f"{', '.join(['*', *added])} FROM {alias}.main.{table}"
        else:
            typed = (f"NULL::{kind} AS {column}" for column, kind in declared[table].items())
            source = f"{', '.join(typed)} WHERE false"
        cur.execute(f"CREATE OR REPLACE VIEW {views}.main.{table} AS SELECT {source}")
    return views


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A string that changes whenever a load, a withdrawal, a day received recorded later
    (etl/received.py: the late files) or a publication changes what queries (or their
    published view) show."""
    row = (
        con.cursor()
        .execute(
            "SELECT count(*), coalesce(max(load_id), 0), "
            "coalesce(max(withdrawn_at)::VARCHAR, ''), "
            "coalesce(max(received_set_at)::VARCHAR, ''), "
            "(SELECT count(*) FROM publications) FROM upload_log WHERE outcome <> 'rejected'"
        )
        .fetchone()
    )
    return "-".join(str(v) for v in row)
