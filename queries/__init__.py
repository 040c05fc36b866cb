"""Named queries: ``run(con, name, **params) -> polars.DataFrame`` (catalogue: queries/README.md).

Pages and exports call only ``run``; each call opens its own cursor on ``con``, binds every
parameter and returns a Polars frame. ``catalogue()`` lists every query with its parameters.
"""

from __future__ import annotations

from functools import cache

import duckdb
import polars as pl

from etl.db import StateView
from etl.messages import msg
from queries.catalogue import Param, Query, QueryError, sql_queries
from queries.pipeline import macro_cursor
from queries.runner import bind, check_selection, execute_sql_query
from queries.scope import (
    EVERYTHING,
    SCOPE_UNITS,
    OutOfScope,
    Scope,
    check_named,
    restricted,
    scope_units,
    selection_of,
)

__all__ = ["EVERYTHING", "OutOfScope", "Param", "Query", "QueryError", "Scope", "catalogue", "run"]


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
        raise QueryError(msg("query.no_such_query", name=name)) from None


AS_PUBLISHED = Param("as_published", "bool", False)
PUBLICATION = Param("publication", "int")
# queries that compare a publication's figures with today's or another publication's: read
# in a publication's own data state they would compare it with the one before it, unsaid
COMPARING_PUBLICATIONS = ("revisions", "publication_revisions")


def run(
    con: duckdb.DuckDBPyConnection, name: str, scope: Scope = EVERYTHING, **params
) -> pl.DataFrame:
    """Run the named query with bound, checked parameters; QueryError on bad ones.

    ``scope`` (queries/scope.py) limits the units the result may name; a unit, district or peer
    group parameter outside it raises OutOfScope. Every query also takes the list parameters
    ``districts``, ``peer_groups`` and ``units`` (None: all) selecting the rows that name them,
    ``as_published=True`` (the figures as the latest publication of its ``quarter`` showed
    them, whatever changed since) or ``publication=N`` (as publication N showed them): see
    etl/publish.py."""
    if not isinstance(scope, Scope):
        raise QueryError(msg("query.scope_type", scope=repr(scope)))
    as_published = AS_PUBLISHED.coerce(params.pop("as_published", False))
    publication_id = PUBLICATION.coerce(params.pop("publication", None))
    if as_published or publication_id is not None:
        if name in COMPARING_PUBLICATIONS:
            raise QueryError(msg("query.compares_publications", name=name))
        return run_published(con, name, publication_id, scope, params)
    selection = selection_of(params)
    query = lookup(name)
    cursor = macro_cursor(con)
    # who may see which unit is the registry's today, in a publication's figures too (README,
    # "Who sees what"): under the registry as published, a district's reader saw a unit moved
    # to another district since, and its new district's did not (trial, session 61). The
    # scope is checked and applied on the store as it is; the queries' own district rules
    # read today's registry through the view (etl/registry.sql, civbench_registry).
    registry = macro_cursor(con.live) if isinstance(con, StateView) else cursor
    try:
        values = bind(cursor, query, params, scope)
        check_selection(registry, selection, scope)
        check_named(registry, scope, values, query.params)
        if query.composed is None and SCOPE_UNITS in query.sql:
            values["scope_units"] = scope_units(registry, scope)
        if query.composed is not None:
            result = query.composed(run, con, scope=scope, selection=selection, **values)
        else:
            frozen = con.identity if isinstance(con, StateView) else None
            result = execute_sql_query(cursor, query, values, query.extra.get("post"), frozen)
        self_scoped = query.composed is None and SCOPE_UNITS in query.sql
        return restricted(registry, result, scope, selection, self_scoped)
    finally:
        cursor.close()
        if registry is not cursor:
            registry.close()


def quarter_asked(query: Query, params: dict) -> str | None:
    """The quarter a query's figures are of (its ``quarter``, else ``to_quarter``), as the
    query reads it (2026年第2季度 is 2026Q2); None when it is given neither. A publication
    showed its own quarter's figures: another quarter read from its data state (2026Q2 as it
    stood when 2026Q3 was published) is no published figure, and was given as if it were."""
    for name in ("quarter", "to_quarter"):
        param = next((p for p in query.params if p.name == name), None)
        if param is not None and params.get(name) is not None:
            return str(param.coerce(params[name]))
    return None


def run_published(
    con, name: str, publication_id: int | None, scope: Scope, params: dict
) -> pl.DataFrame:
    """The query on the data state a publication recorded, computed from that state's facts
    (the process's indicator cache holds today's data, so it is bypassed)."""
    from etl.publish import latest_publication, publication
    from queries.indicator_cache import bypassed

    query = lookup(name)
    if publication_id is not None:
        found = publication(con, publication_id)
        if found is None:
            raise QueryError(msg("query.no_publication", number=publication_id))
        asked = quarter_asked(query, params)
        if asked is not None and asked != found.quarter:
            said = msg(
                "query.publication_of_another_quarter",
                number=publication_id,
                quarter=found.quarter,
                asked=asked,
            )
            raise QueryError(said)
    else:
        quarter = params.get("quarter") or params.get("to_quarter")
        if quarter is None:
            raise QueryError(msg("query.published_needs_quarter", name=name))
        found = latest_publication(con, str(quarter))
        if found is None:
            raise QueryError(msg("query.not_published", quarter=quarter))
    with bypassed():
        return run(found.view(con), name, scope, **params)
