"""A scoped loader's file: every unit it names must lie in the loader's scope.

An analyst limited to districts (or to one unit) may load only files whose every row is about
units of those districts (or that unit): a fact row's unit must be registered in one of them
(the district of the unit's latest registry row); a registry row must name one of them, and
may not move there a unit registered elsewhere. The indicator system is the bureau's, so only a
bureau-wide account loads it. A file with any other row is refused whole, each row named.

The scope is an ``etl.scope.Scope`` passed in by the caller; None is the bureau-wide scope.
"""

from __future__ import annotations

import polars as pl

from etl.db import UNIT_TABLES
from etl.messages import msg
from etl.problems import (
    MAX_PROBLEMS,
    FileRejected,
    Problem,
    ReceivedRefused,
    WithdrawRefused,
)
from etl.read import RawTable
from etl.registry import install_registry_macros
from etl.scope import Scope
from etl.validate import ROW

# the district of each unit's latest registry row in the table $registry (etl/scope.py; needs
# install_registry_macros)
UNIT_DISTRICTS_SQL = (
    "SELECT unit_code, district AS registered_district FROM units_latest_of($registry)"
)


def refuse_out_of_scope(
    cur, raw: RawTable, frame: pl.DataFrame, scope: Scope | None, registry: str = "units"
) -> None:
    """Raise ``FileRejected`` naming every row of the checked ``frame`` outside ``scope``."""
    problems = out_of_scope(cur, raw, frame, scope, registry)
    if problems:
        raise FileRejected(problems[:MAX_PROBLEMS], len(problems))


def out_of_scope(
    cur, raw: RawTable, frame: pl.DataFrame, scope: Scope | None, registry: str = "units"
) -> list[Problem]:
    """A problem for each row of ``frame`` outside ``scope``, by row, or for the whole file
    (the indicator system's), its units' districts read from the table ``registry`` (the
    registry, or the one a dry run's batch would leave). ``frame`` may be the rows of a file
    refused for other problems (``FileRejected.rows``): a row whose unit or district could
    not be read, or whose unit is not registered, is left to the problem said of it."""
    if scope is None or scope.is_everything:
        return []
    if raw.kind == "indicators":
        text = msg("scope.bureau_wide", scope=scope.text())
        return [Problem.of(raw.file_name, None, None, "", text)]
    if "unit_code" not in frame.columns:
        return []
    install_registry_macros(cur)
    registered = cur.execute(UNIT_DISTRICTS_SQL, {"registry": registry}).pl()
    rows = (
        frame.select(ROW, "unit_code", *(["district"] if raw.kind == "units" else []))
        .filter(pl.col("unit_code").is_not_null())
        .join(registered, on="unit_code", how="left")
    )
    problems = outside_rows(raw, rows, scope)
    return sorted(problems, key=lambda p: p.row or 0)


def outside_rows(raw: RawTable, rows: pl.DataFrame, scope: Scope) -> list[Problem]:
    said = scope.text()
    problems = []
    for r in rows.iter_rows(named=True):
        unit, row, where = r["unit_code"], r[ROW], r["registered_district"]
        if raw.kind == "units" and scope.unit is None and r["district"] is None:
            continue  # no district given: its own problem
        if raw.kind != "units" and where is None:
            continue  # not registered: its own problem (unit.unknown)
        if raw.kind == "units" and not scope.sees(unit, r["district"]):
            text = msg("scope.registry_outside", scope=said)
            column = "unit_code" if scope.unit is not None else "district"
            value = unit if scope.unit is not None else r["district"]
        elif raw.kind == "units" and where is not None and not scope.sees(unit, where):
            text, column, value = (
                msg("scope.moved_in", scope=said),
                "unit_code",
                unit,
            )
        elif raw.kind != "units" and not scope.sees(unit, where):
            text, column, value = (
                msg("scope.unit_outside", scope=said),
                "unit_code",
                unit,
            )
        else:
            continue
        problems.append(
            Problem.of(
                raw.file_name,
                row,
                raw.column_label(column),
                value,
                text,
                column_zh=raw.column_label_zh(column),
            )
        )
    return problems


# what a scoped account may do to a load only if every unit of it lies in its scope: the
# refusal it meets, and its messages' prefix (scope.withdraw_outside, scope.received_outside…)
LOAD_ACTIONS = {"withdraw": WithdrawRefused, "received": ReceivedRefused}


def refuse_load_action_out_of_scope(
    cur,
    kind: str,
    tables: tuple[str, ...],
    load_id: int,
    scope: Scope | None,
    action: str = "withdraw",
) -> None:
    """Raise ``WithdrawRefused`` when a scoped account would withdraw a load that names (or
    would restore rows of) a unit outside its scope, or the bureau's indicator system; for
    ``action`` "received" (setting the day its file arrived), ``ReceivedRefused`` likewise."""
    if scope is None or scope.is_everything:
        return
    said, refused = scope.text(), LOAD_ACTIONS[action]
    if kind == "indicators":
        raise refused(msg(f"scope.{action}_bureau_wide", load_id=load_id, scope=said))
    outside = {unit for _, unit in units_outside(cur, [load_id], tables, scope)}
    if outside:
        raise refused(
            msg(f"scope.{action}_outside", load_id=load_id, count=len(outside), scope=said)
        )


def refuse_registry_withdrawal_out_of_scope(
    cur, units: list[str], load_id: int, scope: Scope | None
) -> None:
    """``WithdrawRefused`` when the withdrawal of a registry load, done in ``cur``'s
    transaction, leaves one of its ``units`` registered in a district outside ``scope``: a
    district's analyst took back a bureau admin's row moving a unit into the district, and
    so moved it out again, which loading that row itself is refused (trial, session 57). A
    unit the withdrawal takes out of the registry is in no district: not refused."""
    if scope is None or scope.is_everything or scope.unit or not units:
        return
    install_registry_macros(cur)
    outside = cur.execute(
        f"SELECT count(*) FROM ({UNIT_DISTRICTS_SQL}) WHERE list_contains($units, unit_code) "
        "AND registered_district IS NOT NULL "
        "AND NOT list_contains($districts, registered_district)",
        {"registry": "units", "units": units, "districts": list(scope.districts)},
    ).fetchone()[0]
    if outside:
        said = msg("scope.withdraw_moves_out", load_id=load_id, count=outside, scope=scope.text())
        raise WithdrawRefused(said)


def units_outside(
    cur, load_ids: list[int], tables: tuple[str, ...], scope: Scope, loads_only: bool = False
) -> list[tuple]:
    """(load, unit) for each unit outside ``scope`` (by the registry's latest row: not the
    scope's unit, or in none of its districts) that a load's rows name, those in force and
    those later loads have replaced since, or a withdrawal of it would restore (the rows it
    replaced); with ``loads_only``, (load,) for each load that has one. A bureau-wide file
    whose other districts' rows were all corrected since was offered to a district's analyst,
    and its withdrawal then refused naming those districts' loads. Its rows scanned once for
    all the loads of a page's list, the distinct loads only: the (load, unit) pairs of a
    province's history are millions."""
    # the range first: rows lie in load order, so DuckDB skips the older row groups whole
    named = " UNION ALL ".join(
        f"SELECT load_id, unit_code FROM {table} "
        "WHERE load_id BETWEEN $first AND $last AND list_contains($ids, load_id) "
        f"UNION ALL SELECT load_id, unit_code FROM archive_{table} "
        "WHERE load_id BETWEEN $first AND $last AND list_contains($ids, load_id) "
        f"UNION ALL SELECT replaced_by, unit_code FROM archive_{table} "
        "WHERE replaced_by BETWEEN $first AND $last AND list_contains($ids, replaced_by)"
        for table in tables
    )
    outside = (
        "CASE WHEN $unit IS NOT NULL THEN n.unit_code <> $unit ELSE r.registered_district IS "
        "NULL OR NOT list_contains($districts, r.registered_district) END"
    )
    picked = "n.load_id" if loads_only else "n.load_id, n.unit_code"
    install_registry_macros(cur)
    return cur.execute(
        f"SELECT DISTINCT {picked} FROM ({named}) AS n "
        f"LEFT JOIN ({UNIT_DISTRICTS_SQL}) AS r USING (unit_code) WHERE {outside} ORDER BY ALL",
        {
            "registry": "units",
            "ids": load_ids,
            "first": min(load_ids),
            "last": max(load_ids),
            "unit": scope.unit,
            "districts": list(scope.districts or ()),
        },
    ).fetchall()


def loads_in_scope(cur, kinds: dict[int, str], scope: Scope | None) -> list[int]:
    """Of the loads given (load id -> kind), those a scoped account may withdraw or date
    (``refuse_load_action_out_of_scope`` would let through): every unit they name lies in
    its scope, and they are not the bureau's indicator system. All of them for a bureau-wide
    account. In one query, for a page's list of loads."""
    if scope is None or scope.is_everything:
        return list(kinds)
    facts = [load for load, kind in kinds.items() if kind != "indicators"]
    if not facts:
        return []
    outside = {load for (load,) in units_outside(cur, facts, UNIT_TABLES, scope, loads_only=True)}
    return [load for load in facts if load not in outside]
