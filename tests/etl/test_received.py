"""The day a file was received, recorded after it was loaded (etl/received.py, ``etl received``).

Every figure below is worked by hand. 2025Q3's surveys are due 15 days after the quarter's last
day, 2025-09-30: on 2025-10-15. A file loaded on 2026-11-20 with no day received is judged by
the day loaded: 2025-10-15 → 2026-11-20 = 365 + 31 + 5 = 401 days late.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

import accounts
from etl.cli import EXIT_BAD_INPUT, EXIT_OK, main
from etl.db import connect, data_version
from etl.load import load_file
from etl.problems import ReceivedRefused
from etl.publish import PublishRefused, publish
from etl.received import set_received
from etl.scope import Scope
from queries import run

SURVEY = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,40,30\n"  # H001: 城关区
LOADED = datetime(2026, 11, 20, 9)


def load_late(con, name: str = "behind.csv", text: str = SURVEY) -> int:
    result = load_file(con, text.encode(), name, today=LOADED.date(), now=LOADED)
    assert result.outcome == "loaded", result.problems
    return result.load_id


def lateness(con, load_id: int, **params) -> tuple:
    frame = run(con, "late_loads", deadline_days=15, **params)
    row = frame.filter(frame["load_id"] == load_id).row(0, named=True)
    return row["received_on"], row["days_late"], row["late"]


def log_row(con, load_id: int) -> tuple:
    return con.execute(
        "SELECT received_on, received_set_by, received_set_at FROM upload_log WHERE load_id = ?",
        [load_id],
    ).fetchone()


def test_a_day_received_recorded_later_judges_lateness_and_changes_the_data_version(registry):
    """Recorded as 2025-10-10: 5 days before the deadline, not late; then corrected to
    2025-10-25: 10 days late. Each change moves the data version (the pages' caches)."""
    load_id = load_late(registry)
    assert lateness(registry, load_id) == (None, 401, True)
    before = data_version(registry)
    done = set_received(registry, load_id, date(2025, 10, 10), "王芳", now=datetime(2026, 11, 21))
    assert (done.file_name, done.published) == ("behind.csv", ())
    assert lateness(registry, load_id) == (date(2025, 10, 10), -5, False)
    assert log_row(registry, load_id) == (date(2025, 10, 10), "王芳", datetime(2026, 11, 21))
    between = data_version(registry)
    assert between != before
    set_received(registry, load_id, date(2025, 10, 25), "李强", now=datetime(2026, 11, 22))
    assert lateness(registry, load_id) == (date(2025, 10, 25), 10, True)
    assert data_version(registry) not in (before, between)


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the lateness rule, not the store
def test_a_published_quarter_keeps_its_lateness_and_may_be_published_again(registry):
    """2025Q3 published with the file 401 days late; the day recorded since changes the
    current figures, not the publication's, and makes publishing again a new issue."""
    load_id = load_late(registry)
    publish(registry, "2025Q3", "director", now=datetime(2026, 11, 20, 10))
    with pytest.raises(PublishRefused):  # nothing changed since
        publish(registry, "2025Q3", "director", now=datetime(2026, 11, 20, 11))
    done = set_received(registry, load_id, date(2025, 10, 10), "王芳", now=datetime(2026, 11, 21))
    assert done.published == ("2025Q3",)
    assert lateness(registry, load_id, quarter="2025Q3", as_published=True) == (None, 401, True)
    assert lateness(registry, load_id, quarter="2025Q3") == (date(2025, 10, 10), -5, False)
    again = publish(registry, "2025Q3", "director", now=datetime(2026, 11, 21, 10))
    assert again.publication_id == 2


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the refusals are not the store's
@pytest.mark.parametrize(
    ("day", "says"),
    [
        (date(2026, 11, 22), "after today (2026-11-21)"),  # today: the recording's day
        (date(2025, 6, 30), "before the file's latest quarter (2025Q3) began (2025-07-01)"),
    ],
)
def test_a_day_that_cannot_be_is_refused_and_nothing_changes(registry, day, says):
    load_id = load_late(registry)
    before = data_version(registry)
    with pytest.raises(ReceivedRefused) as refused:
        set_received(registry, load_id, day, "王芳", now=datetime(2026, 11, 21, 9))
    assert says in refused.value.text.en
    assert log_row(registry, load_id) == (None, None, None)
    assert data_version(registry) == before


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the refusals are not the store's
def test_a_day_before_what_the_file_reports_is_refused_at_load_and_after(registry):
    """Trial (session 57): a file of an inspection on 2025-08-20, rectified 2025-09-03, said
    received on 2025-07-05 (in its quarter, so accepted) was judged on time though loaded a
    year later. The latest day it reports is 2025-09-03: a day before it is refused, that day
    itself taken."""
    text = (
        "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限,整改完成日期\n"
        "H001,2025-08-20,暗访,服务态度,8,10,态度生硬,2025-09-10,2025-09-03\n"
    )
    early = load_file(
        registry, text.encode(), "i.csv", today=LOADED.date(), now=LOADED, received=date(2025, 7, 5)
    )
    assert early.outcome == "rejected"
    [problem] = early.problems
    assert problem.value == "2025-07-05"
    assert "before the latest day the file reports (2025-09-03" in problem.expected
    load_id = load_late(registry, "i.csv", text)
    with pytest.raises(ReceivedRefused) as refused:
        set_received(registry, load_id, date(2025, 9, 2), "王芳", now=LOADED)
    assert "before the latest day the file reports (2025-09-03" in refused.value.text.en
    assert log_row(registry, load_id) == (None, None, None)
    set_received(registry, load_id, date(2025, 9, 3), "王芳", now=LOADED)
    assert log_row(registry, load_id)[0] == date(2025, 9, 3)


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the refusals are not the store's
def test_only_a_loaded_file_in_the_recorders_scope_takes_a_day(registry):
    """No load 99; a day after the load; a rejected file (a unit not registered) has no day to
    take; a reader of 七里河区 may not touch H001's file (城关区); one of 城关区 may."""
    load_id = load_late(registry)
    rejected = load_file(registry, SURVEY.replace("H001", "X999").encode(), "bad.csv")
    assert rejected.outcome == "rejected"
    rejected_id = registry.execute("SELECT max(load_id) FROM upload_log").fetchone()[0]
    day, now = date(2025, 10, 10), datetime(2026, 11, 21)
    late = date(2026, 11, 21)  # loaded on the 20th: it cannot have arrived after
    cases = [
        (99, None, day, "there is no load 99"),
        (load_id, None, late, "the day received, 2026-11-21, lies after the day the file was"),
        (rejected_id, None, day, f"load {rejected_id} is rejected, so it takes no day"),
        (load_id, Scope(districts=("七里河区",)), day, "holds 1 unit outside your scope"),
    ]
    for target, scope, when, says in cases:
        with pytest.raises(ReceivedRefused) as refused:
            set_received(registry, target, when, "王芳", scope=scope, now=now)
        assert says in refused.value.text.en
    assert log_row(registry, load_id) == (None, None, None)
    set_received(registry, load_id, day, "王芳", scope=Scope(districts=("城关区",)), now=now)
    assert log_row(registry, load_id)[0] == day


@pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store
def test_the_command_line_records_the_day_and_audits_it(registry, db_path, capsys):
    load_id = load_late(registry)
    registry.close()
    args = ["received", str(load_id), "--db", db_path, "--by", "王芳"]
    assert main([*args[:2], "2025年10月8日", *args[2:]]) == EXIT_OK
    assert capsys.readouterr().out.strip() == (
        f"recorded 2025-10-08 as the day load {load_id} (behind.csv) was received"
    )
    assert main(["received", "99", "2025-10-08", "--db", db_path]) == EXIT_BAD_INPUT
    assert "there is no load 99" in capsys.readouterr().err
    assert main(["history", "--db", db_path]) == EXIT_OK
    newest = capsys.readouterr().out.splitlines()[0]
    assert newest.endswith("behind.csv  2025Q3 (received 2025-10-08)")
    con = connect(db_path)
    entries = accounts.audit_entries(con, actions=("received",))
    con.close()
    assert entries["ok"].to_list() == [False, True]  # newest first: load 99, then the day set
    assert entries["username"].to_list() == ["cli", "王芳"]
