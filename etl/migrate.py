"""Copying every table of one store into a new, empty one (``python -m etl migrate``).

The usual move is from the old DuckDB file to the shared store (DuckLake). The source is only
read (a DuckDB file is opened read-only); the target is written in one transaction whose row
counts are checked per table before it commits, so a failed migration leaves the source as it
was and the target empty (made, if it was not there, as an empty store the migration can be run
into again).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from etl import db
from etl.messages import Text, msg
from etl.publish import COLUMNS

TABLES = (
    *db.FACT_TABLES,
    *(f"archive_{t}" for t in db.FACT_TABLES),
    "upload_log",
    *db.OPERATIONAL_TABLES,
)


class MigrationRefused(db.StoreError):
    """A migration that cannot start or did not check out; nothing was changed."""


def open_source(url: str) -> duckdb.DuckDBPyConnection:
    """The source, read-only where the store allows it (a DuckDB file)."""
    store = db.parse_store(url)
    if not store.is_lake:
        if not is_duckdb_file(Path(store.target)):
            raise MigrationRefused(msg("migrate.source_not_a_store", store=store.shown))
        try:
            return db.set_threads(duckdb.connect(store.target, read_only=True))
        except duckdb.Error as exc:
            if "lock" in str(exc).lower():
                raise db.DatabaseBusy(msg("migrate.source_busy", store=store.shown)) from None
            raise MigrationRefused(
                msg("migrate.source_unopenable", store=store.shown, error=exc)
            ) from None
    return db.connect(url, as_recorded=True)  # CIVBENCH_DATA_PATH names the target's folder


DUCKDB_MAGIC = b"DUCK"  # bytes 8–11 of every DuckDB database file (its header's magic)


def is_duckdb_file(path: Path) -> bool:
    """Whether ``path`` is a DuckDB database (a CSV or workbook given as --from was opened as
    one, and DuckDB answered "Cannot launch in-memory database in read-only mode")."""
    try:
        with open(path, "rb") as handle:
            return handle.read(12)[8:12] == DUCKDB_MAGIC
    except OSError:
        return False


def tables_of(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Each table of the store's default database and its columns, in order."""
    rows = (
        con.cursor()
        .execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = current_schema() "
            "ORDER BY table_name, column_index"
        )
        .fetchall()
    )
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


def migrate(
    source_url: str, target_url: str, progress: Callable[[Text], None] = lambda _: None
) -> dict[str, int]:
    """Copy every table; returns the rows copied per table. ``progress`` is told each table
    and publication copied, as a message to say in the reader's language."""
    if same_store(db.parse_store(source_url), db.parse_store(target_url)):
        raise MigrationRefused(msg("migrate.same_store"))
    refuse_foreign_file(db.parse_store(target_url))
    source = open_source(source_url)
    try:
        if db.parse_store(source_url).is_lake:
            progress(msg("migrate.reading_files", folder=db.recorded_data_path(source)))
        # every table as of one moment: a lake's loads go on while it is read (a backup of a
        # shared store), and tables read one after another would pair one state's facts with
        # a later state's upload log
        still = db.held_still(source)
        source_tables = tables_of(still)
        if "upload_log" not in source_tables:
            raise MigrationRefused(msg("migrate.no_data", store=db.parse_store(source_url).shown))
        target = db.connect(target_url)
        try:
            target_tables = tables_of(target)
            # emptiness checked inside the write, after the queue: a migration into the same
            # new store that got in first is seen as data already there
            return db.write(
                target,
                lambda cur: copy_tables(source, still, cur, source_tables, target_tables, progress),
            )
        finally:
            target.close()
    finally:
        source.close()


def refuse_foreign_file(target: db.Store) -> None:
    """A DuckDB file given as the target that holds another application's tables is no new,
    empty store: Civbench's tables were written in beside them."""
    path = Path(target.target)
    if target.is_lake or not path.is_file() or not is_duckdb_file(path):
        return
    with duckdb.connect(str(path), read_only=True) as con:
        found = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")
        tables = {row[0] for row in found.fetchall()}
    foreign = sorted(tables - set(db.declared_columns()))
    if foreign:
        raise MigrationRefused(
            msg("migrate.target_foreign", store=target.shown, tables="、".join(foreign))
        )


def same_store(source: db.Store, target: db.Store) -> bool:
    """Whether the two name one store, a file however its path is spelt (old.duckdb and
    ./old.duckdb)."""
    if source.kind == target.kind == "file":
        return Path(source.target).resolve() == Path(target.target).resolve()
    return source == target


def check_empty(cur) -> None:
    for table in (*TABLES, "publications"):
        if cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
            shown = db.store_of(cur).shown
            raise MigrationRefused(msg("migrate.target_not_empty", store=shown, table=table))


def copy_tables(source, still, cur, source_tables, target_tables, progress) -> dict[str, int]:
    """Inside the target's write transaction: the target found empty, every table of the
    source as it was at one moment (``still``: ``db.held_still``) copied, then counted."""
    check_empty(cur)
    copied = {}
    for table in TABLES:
        if table not in source_tables:
            copied[table] = 0
            continue
        columns = [c for c in target_tables[table] if c in source_tables[table]]
        names = ", ".join(columns)
        rows = still.cursor().execute(f"SELECT {names} FROM {table}").arrow()
        write_rows(cur, rows, f"INSERT INTO {table} ({names}) SELECT {names} FROM _migrating")
        expected = still.cursor().execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        found = cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if found != expected:
            raise MigrationRefused(
                msg("migrate.rows_lost", table=table, found=found, expected=expected)
            )
        copied[table] = found
        progress(msg("migrate.table_copied", table=table, rows=found))
    if "publications" in source_tables:
        copied["publications"] = copy_publications(source, still, cur, progress)
    return copied


def copy_publications(source, still, cur, progress) -> int:
    """Every publication with the data state it recorded: the tables as they were then are
    written into a schema of their own in the target (a snapshot id of the source would mean
    nothing there), and the publication points at that schema."""
    rows = still.cursor().execute(f"SELECT {COLUMNS} FROM publications").fetchall()
    for number, quarter, published_at, published_by, state, last_load in rows:
        view = db.StateView(source, state)
        schema = f"published_{int(number)}"
        cur.execute(f"CREATE SCHEMA {schema}")
        for table in db.PUBLISHED_TABLES:
            frozen = view.cursor().execute(f"SELECT * FROM {table}").arrow()
            write_rows(cur, frozen, f"CREATE TABLE {schema}.{table} AS SELECT * FROM _migrating")
        cur.execute(
            f"INSERT INTO publications ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            [number, quarter, published_at, published_by, f"schema:{schema}", last_load],
        )
        progress(msg("migrate.publication_copied", number=number, quarter=quarter))
    return len(rows)


def write_rows(cur, rows, statement: str) -> None:
    """Run ``statement`` with the source's rows (an Arrow stream) as the table _migrating."""
    cur.register("_migrating", rows)
    try:
        cur.execute(statement)
    finally:
        cur.unregister("_migrating")
