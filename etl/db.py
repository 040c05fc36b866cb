"""Opening the database: the one module that knows where and how the data is stored.

A DuckDB file can be held by one process at a time (another process cannot open it at all, not
even read-only). ``connect`` turns that lock conflict into ``DatabaseBusy`` with plain words on
what to do, so no caller ever shows a raw lock error.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

DEFAULT_DB = "data/civbench.duckdb"
SCHEMA_SQL = Path(__file__).with_name("schema.sql")
FACT_TABLES = ("units", "inspections", "surveys", "activities", "indicators", "targets")


class DatabaseBusy(RuntimeError):
    """The database file is held by another process (usually the running dashboard)."""


class DatabaseUnusable(RuntimeError):
    """The database path names something that is not a usable DuckDB file."""


def db_path(explicit: str | os.PathLike | None = None) -> str:
    """The database path: an explicit one, else ``CIVBENCH_DB``, else data/civbench.duckdb."""
    return str(explicit or os.environ.get("CIVBENCH_DB") or DEFAULT_DB)


def connect(path: str | os.PathLike | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database and make sure its schema exists."""
    target = db_path(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(target)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusy(busy_message(target)) from None
        raise DatabaseUnusable(
            f"The database {target} cannot be opened: {exc}. Check the path (--db or "
            "CIVBENCH_DB); nothing was changed."
        ) from None
    ensure_schema(con)
    return con


def busy_message(target: str) -> str:
    return (
        f"The database {target} is open in another process (most likely the running "
        "dashboard), and a DuckDB file can be used by one process at a time. Upload the file "
        "on the dashboard's Upload page instead, or stop the dashboard and run this command "
        "again. Nothing was changed."
    )


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    for table in FACT_TABLES:
        con.execute(
            f"CREATE TABLE IF NOT EXISTS archive_{table} AS "
            f"SELECT *, NULL::BIGINT AS replaced_by FROM {table} WHERE false"
        )


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A string that changes whenever a load or withdrawal changes what queries see."""
    row = (
        con.cursor()
        .execute(
            "SELECT count(*), coalesce(max(load_id), 0), "
            "coalesce(max(withdrawn_at)::VARCHAR, '') FROM upload_log WHERE outcome <> 'rejected'"
        )
        .fetchone()
    )
    return f"{row[0]}-{row[1]}-{row[2]}"
