"""Withdrawn loads in ``late_loads``: never a late file, and a correction still (or not).

Every figure is worked by hand. Surveys of 2025Q3 through the loader, units of
tests/fixtures/etl/units.csv; the deadline is 15 days after 2025-09-30: 2025-10-15.

- in_time.csv, 10-10: H001's and H002's reports, 5 days early.
- late.csv, 11-20 (36 days after): T001's first report: late.
- fix.csv, 11-20: restates H001 only: a correction, not late.
- fix_withdrawn.csv, 11-25 (41 days after): restates H002 only: a correction; withdrawn 11-27.
- late_withdrawn.csv, 11-25: C001's first report: late while loaded; withdrawn 11-27.

2025Q3 is published on 11-26 (publication 1: all five in force) and again on 11-28, after the
two withdrawals (publication 2, the latest). A withdrawn load brought nothing that counts: it is
listed with its outcome, never late; whether it was a correction is what it was when loaded.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from etl.load import load_file, withdraw
from etl.publish import publish
from queries import run

Q = "2025Q3"
HEADER = "单位编码,季度,调查类型,样本量,满意人数\n"
FILES = [
    ("in_time.csv", "H001,2025Q3,门诊,40,36\nH002,2025Q3,门诊,40,30\n", (10, 10)),
    ("late.csv", "T001,2025Q3,门诊,40,33\n", (11, 20)),
    ("fix.csv", "H001,2025Q3,门诊,40,37\n", (11, 20)),
    ("fix_withdrawn.csv", "H002,2025Q3,门诊,40,31\n", (11, 25)),
    ("late_withdrawn.csv", "C001,2025Q3,门诊,40,35\n", (11, 25)),
]
# file -> (outcome, days_late, after_deadline, correction, late)
WHILE_LOADED = {
    "in_time.csv": ("loaded", -5, False, False, False),
    "late.csv": ("loaded", 36, True, False, True),
    "fix.csv": ("loaded", 36, True, True, False),
    "fix_withdrawn.csv": ("loaded", 41, True, True, False),
    "late_withdrawn.csv": ("loaded", 41, True, False, True),
}
AFTER_WITHDRAWAL = {
    **WHILE_LOADED,
    "fix_withdrawn.csv": ("withdrawn", 41, True, True, False),
    "late_withdrawn.csv": ("withdrawn", 41, True, False, False),
}


@pytest.fixture
def loads(registry):
    """The five loads, publication 1, the two withdrawals, publication 2."""
    ids = {}
    for name, rows, (month, day) in FILES:
        result = load_file(
            registry,
            (HEADER + rows).encode(),
            name,
            today=date(2026, 1, 15),
            now=datetime(2025, month, day, 9),
        )
        assert result.outcome == "loaded", result.problems
        ids[name] = result.load_id
    first = publish(registry, Q, "director", now=datetime(2025, 11, 26, 9))
    for name in ("fix_withdrawn.csv", "late_withdrawn.csv"):
        withdraw(registry, ids[name], by="analyst", now=datetime(2025, 11, 27, 9))
    second = publish(registry, Q, "director", now=datetime(2025, 11, 28, 9))
    assert (first.publication_id, second.publication_id) == (1, 2)
    return registry, ids


def judged(con, **params) -> dict:
    frame = run(con, "late_loads", quarter=Q, deadline_days=15, **params)
    columns = ("outcome", "days_late", "after_deadline", "correction", "late")
    return {r["file_name"]: tuple(r[c] for c in columns) for r in frame.iter_rows(named=True)}


def late_files(con, **params) -> list[str]:
    frame = run(con, "late_loads", quarter=Q, deadline_days=15, late_only=True, **params)
    return frame["file_name"].to_list()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the lateness rule, not the store
def test_a_withdrawn_load_is_never_late_and_stays_a_correction_now(loads):
    con, _ = loads
    assert judged(con) == AFTER_WITHDRAWAL
    # the page's list of late files and the pack's: T001's report only
    assert late_files(con) == ["late.csv"]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the lateness rule, not the store
def test_as_published_after_the_withdrawals_it_is_not_late_either(loads):
    """The latest publication (2) recorded the withdrawals: as the page and the pack show it;
    publication 1 still shows both loads in force, late_withdrawn.csv late (41 days first)."""
    con, _ = loads
    assert judged(con, as_published=True) == AFTER_WITHDRAWAL
    assert judged(con, publication=2) == AFTER_WITHDRAWAL
    assert late_files(con, as_published=True) == ["late.csv"]
    assert judged(con, publication=1) == WHILE_LOADED
    assert late_files(con, publication=1) == ["late_withdrawn.csv", "late.csv"]


def test_a_withdrawal_records_whether_the_load_was_a_correction(loads):
    """The upload log keeps it, since the rows it was judged by leave with the withdrawal."""
    con, ids = loads
    kept = dict(
        con.execute(
            "SELECT load_id, withdrawn_correction FROM upload_log WHERE outcome = 'withdrawn'"
        ).fetchall()
    )
    assert kept == {ids["fix_withdrawn.csv"]: True, ids["late_withdrawn.csv"]: False}


def test_a_withdrawal_made_before_the_log_kept_it_is_not_late_either(loads):
    """A store's withdrawals from before the log kept whether the load was a correction: not
    late all the same; a load that replaced no row (late_withdrawn.csv: 0) was no correction,
    one that replaced some (fix_withdrawn.csv: H002's row) may have been: unknown (None)."""
    con, _ = loads
    con.execute("UPDATE upload_log SET withdrawn_correction = NULL")
    assert judged(con) == {
        **AFTER_WITHDRAWAL,
        "fix_withdrawn.csv": ("withdrawn", 41, True, None, False),
    }
    assert late_files(con) == ["late.csv"]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the query's rule, not the store
def test_a_late_file_names_the_districts_of_its_units(loads):
    """The circular names whose report was late (trial, session 58: it listed the file's
    name and the analyst's account). late.csv brought T001's rows: T001 is 永登县's in
    tests/fixtures/etl/units.csv; a file on time names none (it is not listed as late)."""
    con, _ = loads
    frame = run(con, "late_loads", quarter=Q, deadline_days=15)
    districts = dict(zip(frame["file_name"], frame["districts"], strict=True))
    assert districts["late.csv"] == "永登县"
    assert districts["in_time.csv"] is None and districts["fix.csv"] is None
