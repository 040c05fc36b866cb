"""Publishing a quarter: recording the exact data state its figures came from.

``python -m etl publish QUARTER [--by NAME]`` (and the Meeting pack page's button, admin only)
adds a row to ``publications``. From then on ``queries.run(..., as_published=True)`` reads that
state (``etl.db.StateView``), whatever was loaded, corrected or withdrawn since; publishing the
quarter again (a re-issued circular) adds another row and keeps the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from etl.db import StateView, frozen_state, store_of, write
from etl.messages import Text, msg
from etl.quarters import QUARTER_PATTERN


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


def unchanged_since(cur, quarter: str) -> Publication | None:
    """The quarter's latest publication when nothing was loaded since (or all that was, was
    withdrawn again, or only restated the rows it replaced: etl/load.py, ``restates``), no
    load it holds was withdrawn since (but one that restated), nor a day received recorded
    (etl/received.py: the late files): publishing again would issue the very same figures
    under a new number."""
    found = publications_on(cur, quarter)
    if not found:
        return None
    latest = found[-1]
    changed = cur.execute(
        "SELECT count(*) FROM upload_log WHERE (NOT coalesce(restated, false) AND "
        "((load_id > $last AND outcome = 'loaded') OR (load_id <= $last AND withdrawn_at > $at)))"
        " OR received_set_at > $at",
        {"last": latest.last_load_id, "at": latest.published_at},
    ).fetchone()[0]
    return None if changed else latest


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
    those of ``quarters``, and for inspections every published quarter after the first of
    them too, whose overdue and on-time findings count earlier inspections (queries'
    ``unit_loads`` says the same of the causes of a revision)."""
    later = kind == "inspections" and bool(quarters)
    rows = cur.execute(
        "SELECT DISTINCT quarter FROM publications "
        "WHERE list_contains($q, quarter) OR ($later AND quarter > list_min($q)) ORDER BY 1",
        {"q": quarters, "later": later},
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
