"""Named queries: ``run(con, name, **params) -> polars.DataFrame`` (catalogue: queries/README.md).

Pages and exports call only ``run``; each call opens its own cursor on ``con``, binds every
parameter and returns a Polars frame. ``catalogue()`` lists every query with its parameters.
"""

from __future__ import annotations

from functools import cache

import duckdb
import polars as pl

from queries.catalogue import Param, Query, QueryError, sql_queries
from queries.runner import bind, execute_sql_query

__all__ = ["Param", "Query", "QueryError", "catalogue", "run"]


@cache
def registry() -> dict[str, Query]:
    from queries.composed import COMPOSED, POSTPROCESS, SQL_EXTRAS

    found = sql_queries()
    for name, extra in SQL_EXTRAS.items():
        found[name].extra.update(extra)
    for name, post in POSTPROCESS.items():
        found[name].extra["post"] = post
    for query in COMPOSED:
        found[query.name] = query
    return dict(sorted(found.items()))


def catalogue() -> list[Query]:
    """Every named query, sorted by name."""
    return list(registry().values())


def lookup(name: str) -> Query:
    try:
        return registry()[name]
    except KeyError:
        raise QueryError(
            f"there is no query named {name!r}; `python -m queries list` shows them all"
        ) from None


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pl.DataFrame:
    """Run the named query with bound, checked parameters; QueryError on bad ones."""
    query = lookup(name)
    cursor = con.cursor()
    try:
        values = bind(cursor, query, params)
        if query.composed is not None:
            return query.composed(con, **values)
        return execute_sql_query(cursor, query, values, query.extra.get("post"))
    finally:
        cursor.close()
