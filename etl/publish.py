"""Publishing a quarter: recording the exact data state its figures came from.

``python -m etl publish QUARTER [--by NAME]`` (and the Meeting pack page's button, admin only)
adds a row to ``publications``. From then on ``queries.run(..., as_published=True)`` reads that
state (``etl.db.StateView``), whatever was loaded, corrected or withdrawn since; publishing the
quarter again (a re-issued circular) adds another row and keeps the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import duckdb

from etl.contracts import CLOSING
from etl.db import DatabaseUnusable, StateView, declared_columns, frozen_state, store_of, write
from etl.indicator_definitions import defined_indicator_files
from etl.messages import Text, msg
from etl.quarters import QUARTER_PATTERN, quarter_end, shift_quarter


class PublishRefused(ValueError):
    """A quarter that cannot be published, in plain words (``str()`` is English, ``text`` has
    both languages)."""

    def __init__(self, text: Text):
        self.text = text
        super().__init__(text.en)


@dataclass(frozen=True)
class Publication:
    publication_id: int
    quarter: str
    published_at: datetime
    published_by: str
    state: str
    last_load_id: int

    @property
    def described(self) -> Text:
        """The publication as the audit log names it, in its reader's language."""
        return msg("publish.audit", quarter=self.quarter, number=self.publication_id)

    def view(self, con: duckdb.DuckDBPyConnection) -> StateView:
        """The store as it was when this was published."""
        return StateView(con, self.state, stamp=self.published_at.isoformat())


COLUMNS = "publication_id, quarter, published_at, published_by, state, last_load_id"


def publish(
    con: duckdb.DuckDBPyConnection, quarter: str, by: str, now: datetime | None = None
) -> Publication:
    """Record that ``quarter``'s figures are published as the store holds them now."""
    if not QUARTER_PATTERN.match(quarter or ""):
        raise PublishRefused(msg("publish.not_a_quarter", quarter=repr(quarter)))
    store = store_of(con)

    def record(cur) -> Publication:
        facts = cur.execute(
            "SELECT count(*) FROM (SELECT quarter FROM inspections WHERE quarter = $q "
            "UNION ALL SELECT quarter FROM surveys WHERE quarter = $q "
            "UNION ALL SELECT quarter FROM activities WHERE quarter = $q)",
            {"q": quarter},
        ).fetchone()[0]
        if facts == 0:
            raise PublishRefused(msg("publish.no_data", quarter=quarter))
        previous = unchanged_since(cur, quarter)
        if previous is not None:
            raise PublishRefused(
                msg("publish.unchanged", quarter=quarter, number=previous.publication_id)
            )
        number = cur.execute(
            "SELECT coalesce(max(publication_id), 0) + 1 FROM publications"
        ).fetchone()[0]
        last_load = cur.execute("SELECT coalesce(max(load_id), 0) FROM upload_log").fetchone()[0]
        publication = Publication(
            number, quarter, now or datetime.now(), by, frozen_state(cur, store, number), last_load
        )
        cur.execute(
            f"INSERT INTO publications ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            [
                publication.publication_id,
                publication.quarter,
                publication.published_at,
                publication.published_by,
                publication.state,
                publication.last_load_id,
            ],
        )
        return publication

    return write(con, record)


# The rows of each table a quarter's figures read, as conditions on them ($q: the quarter,
# $prev: the one before), each part of the rows read alone: its facts and the last quarter's
# (its changes of index and rank, its movers and the bureau's change are counted from that
# quarter's figures: a survey of last quarter corrected since changed them, while the quarter
# read as published and publishing it again was refused; trial, session 60), the inspections
# before it (their findings are overdue or closed in it), the unit registry's rows and the
# indicator system's rows in force in it and in the quarter before (each unit's, each
# indicator's and each target's latest from_quarter by then: a file repeating the system in
# force from a later quarter changes no figure, and was a revision to publish again, issued as
# a 修订稿 with nothing revised: trial, session 57; so did a unit moved to another district from
# a later quarter: session 61, whose reader is decided by today's registry anyway, queries.run),
# of the indicators with a definition ($defined: one without is left out of every figure,
# docs/METHOD.md; adding one made a revision to publish again, issued as a 修订稿 with nothing
# revised: trial, session 61). The rule of the query macros units_in_force,
# indicators_in_force and target_rows_in_force (queries/stages/macros.sql), written here as a
# condition because it must read a publication's own state (a snapshot, a schema's copy),
# which those macros, reading the tables by name, cannot.
IN_FORCE = "(from_quarter IS NULL OR from_quarter <= {q})"
IN_FORCE += " QUALIFY row_number() OVER (PARTITION BY {} ORDER BY from_quarter DESC NULLS LAST) = 1"
DEFINED = "list_contains($defined, indicator_code)"


def in_force(key: str, among: str = "true") -> tuple[str, str]:
    """The rows (of those ``among``) in force in the quarter, and in the quarter before, of a
    table dated by from_quarter within ``key``."""
    return tuple(f"{among} AND " + IN_FORCE.format(key, q=q) for q in ("$q", "$prev"))


def closed_in(q: str) -> str:
    """The units closed or merged (``CLOSING``) in the quarter ``q``, by their row in force."""
    closing = ", ".join(f"'{status}'" for status in CLOSING)
    in_force_then = IN_FORCE.format("unit_code", q=q)
    return f"(SELECT unit_code FROM units WHERE {in_force_then} AND status IN ({closing}))"


# a unit closed in the quarter is in neither its ranking nor its ledger: its findings count in
# the quarter's figures as the quarter before saw them (its changes since), as at that
# quarter's end, and not at all once it was closed then too; a merged site's findings
# corrected after its merger made every later published quarter a revision to publish again,
# issued as a 修订稿 revising nothing (trial). The units compared are today's (``closed_in``
# reads ``units``): were the registry not as published, its own rows differ already.
CLOSED_BOTH = f"unit_code IN {closed_in('$q')} AND unit_code IN {closed_in('$prev')}"
QUARTER_ROWS = {
    "units": in_force("unit_code"),
    "inspections": (f"quarter <= $q AND NOT ({CLOSED_BOTH})",),
    "surveys": ("quarter = $q OR quarter = $prev",),
    "activities": ("quarter = $q OR quarter = $prev",),
    "indicators": in_force("indicator_code", DEFINED),
    "targets": in_force("indicator_code, peer_group", DEFINED),
    # the days the publication's loads were received (the late files: etl/received.py)
    "upload_log": ("load_id <= $last",),
}
# columns compared as the quarter's figures see them ($end: the quarter's last day): its ledger
# is counted as at its end, so a finding rectified after it is open there, and a correction
# giving it that later day changes no figure of the quarter (it made a revision to publish
# again, a 修订稿 revising nothing: trial, session 61); the rule of closed_on in the macro
# findings_known_on (queries/stages/macros.sql), written here for the reason IN_FORCE is
SEEN_AS = {
    "inspections": {
        "rectified_on": f"CASE WHEN rectified_on <= CASE WHEN unit_code IN {closed_in('$q')} "
        "THEN $before_end ELSE $end END THEN rectified_on END"
    }
}
BOOKKEEPING = {"load_id"}  # a restatement's rows differ by it alone (etl/load.py, restates)
# the rows in force are compared by what they hold, not the quarter they were written from
SINCE = {table: {"from_quarter"} for table in ("units", "indicators", "targets")}
LOG_COLUMNS = ("load_id", "received_on")


def unchanged_since(cur, quarter: str, first: tuple[str, ...] = ()) -> Publication | None:
    """The quarter's latest publication when the quarter's data now are exactly those it
    published (``same_as_published``): publishing again would issue the very same figures
    under a new number. Whatever happened since does not matter, only where it led: nothing
    loaded, a file sent again as it was (etl/load.py, ``restates``), a change then its
    withdrawal, or a load that changed a figure and another that changed it back. ``first``:
    the tables to compare before the others, those a load just wrote, which differ from the
    publication far more often than the rest."""
    found = publications_on(cur, quarter)
    if not found or not same_as_published(cur, found[-1], first):
        return None
    return found[-1]


def data_changed_since(cur, found: Publication) -> bool:
    """Whether the quarter's data now differ from what ``found`` published. Nothing loaded,
    withdrawn or dated received since is a quick no (the data change no other way); else
    ``same_as_published`` answers, the load log (its days received) compared first."""
    touched = cur.execute(
        "SELECT count(*) FROM upload_log WHERE (load_id > $last AND outcome <> 'rejected') "
        "OR withdrawn_at > $at OR received_set_at > $at",
        {"last": found.last_load_id, "at": found.published_at},
    ).fetchone()[0]
    return bool(touched) and not same_as_published(cur, found, ("upload_log",))


def same_as_published(cur, found: Publication, first: tuple[str, ...] = ()) -> bool:
    """Whether every row the quarter's figures read (``QUARTER_ROWS``) is now as ``found``
    holds it, value for value and as many (the load ids aside), read from the publication's
    own state: its DuckLake snapshot, or its copy in a DuckDB file's schema. Ask it before a
    write changes the tables or once it is committed, never in between: inside a write, a
    DuckLake 1.5.5 read of an earlier snapshot also returned the rows the write had inserted
    (``etl.load.withdraw`` asks once committed; tests/queries/test_published.py). The tables
    ``first`` are compared first: the answer stops at the first difference, and an indicator
    system's tables are compared in milliseconds, a province's inspections in seconds."""
    declared = declared_columns()
    values = {"q": found.quarter, "prev": shift_quarter(found.quarter, -1)}
    values["last"] = found.last_load_id
    values["defined"] = sorted(defined_indicator_files())
    values["end"] = quarter_end(found.quarter)
    values["before_end"] = quarter_end(values["prev"])
    order = [*(t for t in first if t in QUARTER_ROWS), *(t for t in QUARTER_ROWS if t not in first)]
    for table in order:
        rows = QUARTER_ROWS[table]
        then = published_table(found.state, table)
        there = {row[0] for row in cur.execute(f"DESCRIBE SELECT * FROM {then}").fetchall()}
        wanted = LOG_COLUMNS if table == "upload_log" else declared[table]
        columns = [c for c in wanted if c not in BOOKKEEPING or table == "upload_log"]
        columns = [c for c in columns if c not in SINCE.get(table, ())]
        seen = {c: f"{SEEN_AS.get(table, {}).get(c, c)} AS {c}" for c in columns}
        # a column added since the publication was empty in it (etl/db.py, with_declared_columns)
        old = ", ".join(seen[c] if c in there else f"NULL AS {c}" for c in columns)
        new = ", ".join(seen.values())
        # each side whole (a subquery) before EXCEPT ALL: set operations bind left to right
        before, now = (
            "SELECT * FROM ("
            + " UNION ALL ".join(f"(SELECT {chosen} FROM {source} WHERE {part})" for part in rows)
            + ")"
            for chosen, source in ((old, then), (new, table))
        )
        differs = cur.execute(
            f"SELECT EXISTS ({before} EXCEPT ALL {now}) OR EXISTS ({now} EXCEPT ALL {before})",
            {name: value for name, value in values.items() if f"${name}" in before},
        ).fetchone()[0]
        if differs:
            return False
    return True


def published_table(state: str, table: str) -> str:
    """``table`` as the publication's ``state`` (etl/db.py, ``frozen_state``) holds it, for a
    cursor of the store itself (in a write transaction, where StateView cannot attach)."""
    kind, _, name = state.partition(":")
    if kind == "snapshot":
        return f"{table} AT (VERSION => {int(name)})"
    if kind == "schema" and re.fullmatch(r"published_\d+", name):
        return f"{name}.{table}"
    raise DatabaseUnusable(msg("db.unknown_state", state=repr(state)))


def after_publication(cur, quarters: list[str], load_id: int) -> list[str]:
    """Those of the published ``quarters`` whose latest publication the load came after: its
    withdrawal takes back a revision since, rather than making one."""
    rows = cur.execute(
        "SELECT quarter FROM publications WHERE list_contains($q, quarter) "
        "GROUP BY quarter HAVING arg_max(last_load_id, publication_id) < $load ORDER BY 1",
        {"q": quarters, "load": load_id},
    ).fetchall()
    return [row[0] for row in rows]


def publications(con: duckdb.DuckDBPyConnection, quarter: str | None = None) -> list[Publication]:
    """Every publication (of one quarter), oldest first."""
    return publications_on(con.cursor(), quarter)


def publications_on(cur, quarter: str | None = None) -> list[Publication]:
    """``publications`` as ``cur`` sees them (inside a write transaction: as it will commit)."""
    rows = cur.execute(
        f"SELECT {COLUMNS} FROM publications WHERE $quarter IS NULL OR quarter = $quarter "
        "ORDER BY publication_id",
        {"quarter": quarter},
    ).fetchall()
    return [Publication(*row) for row in rows]


def withdrawn_before(con: duckdb.DuckDBPyConnection, found: Publication) -> list[int]:
    """The loads of the publication's quarter (and of the registry and indicator system) up to
    its last one that were withdrawn before it was made: not in its figures. Two publications
    "up to load 291" differ by these (one before 291 was withdrawn, one after)."""
    rows = con.execute(
        "SELECT load_id FROM upload_log WHERE load_id <= ? AND withdrawn_at <= ? "
        "AND (kind IN ('units', 'indicators') "
        "OR list_contains(string_split(coalesce(quarters, ''), ','), ?)) ORDER BY 1",
        [found.last_load_id, found.published_at, found.quarter],
    ).fetchall()
    return [row[0] for row in rows]


def published_among(cur, quarters: list[str], kind: str | None = None) -> list[str]:
    """The published quarters whose figures rows of ``kind`` in ``quarters`` change, in order:
    those of ``quarters`` and the quarters after each (their changes on last quarter are
    counted from its figures: ``QUARTER_ROWS``), and for inspections every published quarter
    after the first of them too, whose overdue and on-time findings count earlier inspections
    (queries' ``unit_loads`` says the same of the causes of a revision)."""
    later = kind == "inspections" and bool(quarters)
    rows = cur.execute(
        "SELECT DISTINCT quarter FROM publications WHERE list_contains($q, quarter) "
        "OR list_contains($next, quarter) OR ($later AND quarter > list_min($q)) ORDER BY 1",
        {"q": quarters, "next": [shift_quarter(q, 1) for q in quarters], "later": later},
    ).fetchall()
    return [row[0] for row in rows]


def published_since(cur, first: str | None) -> list[str]:
    """The published quarters from ``first`` on (None: every one), in order: those a registry
    or indicator-system row holding from ``first`` changes."""
    rows = cur.execute(
        "SELECT DISTINCT quarter FROM publications WHERE $first IS NULL OR quarter >= $first "
        "ORDER BY 1",
        {"first": first},
    ).fetchall()
    return [row[0] for row in rows]


def latest_publication(con: duckdb.DuckDBPyConnection, quarter: str) -> Publication | None:
    found = publications(con, quarter)
    return found[-1] if found else None


def publication(con: duckdb.DuckDBPyConnection, publication_id: int) -> Publication | None:
    rows = (
        con.cursor()
        .execute(f"SELECT {COLUMNS} FROM publications WHERE publication_id = ?", [publication_id])
        .fetchall()
    )
    return Publication(*rows[0]) if rows else None
