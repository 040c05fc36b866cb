"""Tidying a lake: what every load leaves behind, given back to the disk.

A DuckLake keeps every state it ever had (each load, correction and withdrawal is a snapshot,
and the Parquet files a correction replaced stay, since older snapshots still read them), so
its data folder only grows. ``python -m etl tidy`` expires the snapshots nobody can need any
more. Kept: every snapshot a publication reads (its figures as published, etl/publish.py), the
current one, and those of the last ``--keep-days`` days (a pack or a page reading a recent
state while it runs). Nothing any page, query or export shows changes.

Then each table's small Parquet files are merged into larger ones (DuckLake's
``ducklake_merge_adjacent_files``): every load writes a file of its own, and a lake read through
hundreds of small files is slower than one read through a few (bench/bench_rankings.py,
``--layout loads`` against ``tidied``). The merge keeps every snapshot's rows as they were (a
snapshot reads its part of the merged file), so a publication's figures stay too. A load does
that merge alone once a table has many small files (``merge_when_many``), so that a store
nobody tidies stays fast to read; expiring snapshots and deleting files stay tidy's alone.

A file no state needs any more is not deleted at once: DuckLake sets it aside (an expired
snapshot's, one a merge replaced, and a delete file that a later correction of the same data
file superseded, set aside by that load), and a page or pack that began reading before may
still be reading it. ``tidy`` deletes the files set aside at least ``SET_ASIDE`` ago, as
DuckLake's maintenance guide advises (bench/bench_concurrency.py ``--tidy-every`` showed
readers failing on files deleted at once); the others wait for a later tidy.

Files the catalog does not know at all (a write killed mid-way) are counted, and deleted only
with ``--orphans`` and once older than a day: a data folder that two stores share (made before
a second store was refused such a folder) holds the other store's files, unknown to this one.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from etl.db import DatabaseBusy, store_of, unknown_files, write, write_queue

log = logging.getLogger(__name__)

# a file the catalog does not know, younger than this, may belong to a write still running
ORPHAN_AGE = timedelta(days=1)
# a file set aside for deletion more recently than this may still be read (a page, a pack)
SET_ASIDE = timedelta(days=1)


@dataclass(frozen=True)
class Tidied:
    expired: int  # snapshots expired
    kept_published: int  # snapshots kept because a publication reads them
    files: int  # files deleted: set aside SET_ASIDE ago or more (and orphans with --orphans)
    freed: int  # bytes
    orphans: int  # files no snapshot knows, left in place
    orphan_bytes: int
    merged: int = 0  # small files merged (set aside)
    merged_into: int = 0  # the files they were merged into
    set_aside: int = 0  # files set aside less than SET_ASIDE ago, for a later tidy
    set_aside_bytes: int = 0


def tidy(
    con: duckdb.DuckDBPyConnection, keep_since: datetime, *, orphans: bool = False
) -> Tidied | None:
    """Expire the snapshots made before ``keep_since`` that no publication reads, merge small
    files, delete the files set aside ``SET_ASIDE`` ago or more (and, with ``orphans``, unknown
    files older than ``ORPHAN_AGE``). None for a DuckDB file, which keeps no old states."""
    store = store_of(con)
    if not store.is_lake:
        return None
    with write_queue(store):  # no load makes files meanwhile, no publication picks a snapshot

        def expire(cur) -> tuple[int, int]:
            published = published_snapshots(cur)
            old = [
                row[0]
                for row in cur.execute(
                    "SELECT snapshot_id FROM ducklake_snapshots(current_database()) "
                    "WHERE snapshot_time < $since AND snapshot_id < "
                    "(SELECT id FROM ducklake_current_snapshot(current_database()))",
                    {"since": keep_since},
                ).fetchall()
            ]
            gone = [snapshot for snapshot in old if snapshot not in published]
            if gone:
                # a list of integers, written out: the call takes no bound list
                versions = ", ".join(str(int(snapshot)) for snapshot in gone)
                cur.execute(
                    "SELECT snapshot_id FROM ducklake_expire_snapshots("
                    f"current_database(), versions => [{versions}])"
                ).fetchall()
            return len(gone), len(published)

        expired, kept = write(con, expire, store=store, queue=False)
        # no ticket: DuckLake commits a merge only in a transaction that changes nothing else
        merged, merged_into = write(con, merge_small_files, store=store, ticket=False, queue=False)
        files, freed = delete_set_aside(con)
        set_aside, set_aside_bytes = sizes(set_aside_files(con))
        unknown = unknown_files(con.cursor())
        left, left_bytes = 0, 0
        too_young = time.time() - ORPHAN_AGE.total_seconds()
        for path in unknown:
            try:
                stat = os.stat(path)
            except OSError:
                continue
            if orphans and stat.st_mtime < too_young:
                os.remove(path)
                files, freed = files + 1, freed + stat.st_size
            else:
                left, left_bytes = left + 1, left_bytes + stat.st_size
    return Tidied(
        expired=expired,
        kept_published=kept,
        files=files,
        freed=freed,
        orphans=left,
        orphan_bytes=left_bytes,
        merged=merged,
        merged_into=merged_into,
        set_aside=set_aside,
        set_aside_bytes=set_aside_bytes,
    )


def merge_small_files(cur, table: str | None = None) -> tuple[int, int]:
    """Merge adjacent small Parquet files, every table's (tidy) or one ``table``'s under
    ``SMALL_FILE_BYTES`` (``merge_when_many``): how many were merged, into how many. Rows
    inlined in the catalog stay there; a snapshot reads the same rows after."""
    if table is None:
        rows = cur.execute("CALL ducklake_merge_adjacent_files(current_database())").fetchall()
    else:
        rows = cur.execute(
            "CALL ducklake_merge_adjacent_files(current_database(), $table, "
            "max_file_size => $small)",
            {"table": table, "small": SMALL_FILE_BYTES},
        ).fetchall()
    return sum(row[2] for row in rows), sum(row[3] for row in rows)


# A table read through this many data files, most of them small, has them merged after a load
# (``merge_when_many``). A GROUP BY over a table of small files, against the same table merged
# (bench/bench_merge.py --store all, the SQLite catalog; PostgreSQL's alike): 32 files 20 ms
# against 9; 500 files 61 ms against 17; 2,000 files 181 ms against 15. The check costs a load
# about 10 ms, the merge of 32 small files about 80 ms, once in 32 loads.
MANY_FILES = 32
# a data file under this size is small: one district's quarter (a few hundred rows) makes a
# few kilobytes, a province's million rows about 10 MB
SMALL_FILE_BYTES = 2 * 1024 * 1024
# how long a merge after a load waits for the write queue before leaving the merge to a later
# load (the load itself is in; the loader should not wait on another's long load for upkeep)
MERGE_WAIT_SECONDS = 1.0


def merge_when_many(con: duckdb.DuckDBPyConnection) -> int:
    """After a load into a lake: merge the small data files of every table read through
    ``MANY_FILES`` or more files whose mean size is under ``SMALL_FILE_BYTES``, as ``tidy``
    does, so that a bureau whose units each send their own file (thousands of small loads a
    quarter) reads as fast as one that runs ``tidy`` weekly. How many files were merged.

    Upkeep, never the load's failure: the load has committed, so a merge that cannot have
    the write queue at once, collides or fails is logged and left to a later load (the
    tables still have their many files then). It holds the write queue, as a load does, so
    that a rolled-back load deleting the files it wrote cannot take the merge's new file. The
    files merged are set aside, not deleted: ``tidy`` deletes them a day later."""
    store = store_of(con)
    if not store.is_lake:
        return 0
    tables = [
        name
        for name, count, size in con.cursor()
        .execute(
            "SELECT table_name, file_count, file_size_bytes "
            "FROM ducklake_table_info(current_database())"
        )
        .fetchall()
        if count >= MANY_FILES and size < count * SMALL_FILE_BYTES
    ]
    if not tables:
        return 0

    def merge(cur) -> int:
        return sum(merge_small_files(cur, table)[0] for table in tables)

    try:
        # no ticket: DuckLake commits a merge only in a transaction that changes nothing else
        merged = write(
            con, merge, store=store, ticket=False, timeout=MERGE_WAIT_SECONDS, waiting=None
        )
    except DatabaseBusy:
        # other loads had the queue: they merge the files, or a later load does; the load is
        # in, and a line on stderr saying the store stayed busy read as the load's failure
        busy = "small files of %s: merge left to a later load (the store was busy)"
        log.info(busy, ", ".join(tables))
        return 0
    except (duckdb.Error, OSError) as exc:
        log.warning("small files of %s: merge left to a later load: %s", ", ".join(tables), exc)
        return 0
    log.info("merged %d small files of %s", merged, ", ".join(tables))
    return merged


# the files DuckLake set aside for deletion; {} the condition: all, or those set aside before
# a moment (no bound parameter, as in etl.db.unknown_files)
SET_ASIDE_CALL = "CALL ducklake_cleanup_old_files(current_database(), {}{})"
SET_ASIDE_BEFORE = f"older_than => now() - INTERVAL {int(SET_ASIDE.total_seconds())} SECOND"


def delete_set_aside(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Delete the files set aside ``SET_ASIDE`` ago or more: how many, and their bytes."""
    listed = SET_ASIDE_CALL.format(SET_ASIDE_BEFORE, ", dry_run => true")
    found = sizes([row[0] for row in con.execute(listed).fetchall()])
    con.execute(SET_ASIDE_CALL.format(SET_ASIDE_BEFORE, "")).fetchall()
    return found


def set_aside_files(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The files set aside and not deleted yet."""
    listed = SET_ASIDE_CALL.format("cleanup_all => true", ", dry_run => true")
    return [row[0] for row in con.execute(listed).fetchall()]


def sizes(paths: list[str]) -> tuple[int, int]:
    """How many files, and their bytes (a file gone already counts, with none)."""
    return len(paths), sum(os.stat(path).st_size for path in paths if os.path.exists(path))


def published_snapshots(cur) -> set[int]:
    """The snapshots publications read (``snapshot:<id>`` states)."""
    states = cur.execute(
        "SELECT DISTINCT state FROM publications WHERE state LIKE 'snapshot:%'"
    ).fetchall()
    return {int(state.partition(":")[2]) for (state,) in states}
