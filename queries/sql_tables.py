"""Which tables a statement reads, from DuckDB's parse tree: what the result memo keeps
(queries/result_memo.py: only results of the tables the cache's version covers) and what the
indicator cache recomputes after a load (queries/indicator_cache.py: the indicators reading the
loaded tables) both ask it."""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache

import duckdb

from queries.pipeline import macros_called, stage_macros

PARSE_SQL = "SELECT json_serialize_sql($sql::VARCHAR)"


def tables_read(sql: str) -> set[str]:
    """The tables a SELECT statement and the stage macros it calls read (not its CTEs), from
    DuckDB's parse tree (no binding, so no database and no parameter values are needed)."""
    macros = stage_macros()
    tables = parsed_tables(sql)
    for name in macros_called(sql):
        tables |= parsed_tables(macro_body(macros[name][0]))
    return tables


def macro_body(statement: str) -> str:
    """A ``CREATE … MACRO name(args) AS …`` statement's body as a SELECT statement."""
    body = re.split(r"\)\s+AS\s+", statement, maxsplit=1)[1].strip().rstrip(";")
    return body.removeprefix("TABLE") if body.startswith("TABLE") else f"SELECT {body}"


def parsed_tables(sql: str) -> set[str]:
    """The base tables a SELECT statement names, its CTEs left out."""
    return set(tables_named(sql))


@lru_cache(maxsize=512)
def tables_named(sql: str) -> frozenset[str]:
    """``parsed_tables``, each text parsed once per process on one in-memory database: a new
    database per statement cost 7 ms, and the indicators' SQL calls the same macros (the
    first load seen after start parsed twenty statements for the cache's rebuild, 0.2 s)."""
    with _parser_lock:
        tree = json.loads(parser().execute(PARSE_SQL, {"sql": sql}).fetchone()[0])
    if tree.get("error"):
        raise ValueError(tree.get("error_message"))
    tables: set[str] = set()
    ctes: set[str] = set()
    nodes = [tree]
    while nodes:
        node = nodes.pop()
        if isinstance(node, list):
            nodes.extend(node)
        elif isinstance(node, dict):
            if node.get("type") == "BASE_TABLE":
                tables.add(node.get("table_name"))
            if isinstance(node.get("cte_map"), dict):
                ctes.update(entry.get("key") for entry in node["cte_map"].get("map", []))
            nodes.extend(node.values())
    return frozenset(tables - ctes)


_parser: duckdb.DuckDBPyConnection | None = None
_parser_lock = threading.Lock()


def parser() -> duckdb.DuckDBPyConnection:
    """The in-memory database statements are parsed on (call with ``_parser_lock`` held)."""
    global _parser
    if _parser is None:
        _parser = duckdb.connect()
    return _parser
