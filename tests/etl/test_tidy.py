"""``python -m etl tidy``: old snapshots no publication reads expire and the files only they
read are deleted; every figure, published or current, stays as it was."""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import etl.tidy
from accounts.audit import audit_entries
from etl.cli import main
from etl.db import store_of, tell_when_waiting, unknown_files, write_queue
from etl.load import load_file
from etl.publish import publications, publish
from etl.tidy import merge_when_many, tidy

TODAY = date(2026, 11, 20)  # 2026Q3 has ended
UNITS = 1000  # enough rows that every load writes Parquet files (a few rows stay inline)
TOMORROW = datetime.now(UTC) + timedelta(days=1)  # keeps no old state but these


def surveys_csv(satisfied: int) -> bytes:
    """2026Q3's outpatient surveys of every unit: 100 asked, ``satisfied`` satisfied."""
    return outpatient_surveys(range(1, UNITS + 1), satisfied)


def published_then_corrected_twice(con) -> None:
    """All units satisfied 90 of 100, published; then corrected to 70, then to 80."""
    units = "".join(f"U{i:04d},单位{i},城关区,乡镇卫生院,30\n" for i in range(1, UNITS + 1))
    registry = ("单位编码,单位名称,区县,单位类别,职工人数\n" + units).encode()
    assert load_file(con, registry, "units.csv", today=TODAY).outcome == "loaded"
    assert load_file(con, surveys_csv(90), "q3.csv", today=TODAY).outcome == "loaded"
    publish(con, "2026Q3", "tester")
    for satisfied in (70, 80):
        assert load_file(con, surveys_csv(satisfied), "q3.csv", today=TODAY).outcome == "loaded"


def files_in(con) -> dict[Path, int]:
    """The data folder's Parquet files and their sizes."""
    folder = con.execute(
        "SELECT value FROM ducklake_options(current_database()) WHERE option_name = 'data_path'"
    ).fetchone()[0]
    return {path: path.stat().st_size for path in Path(folder).rglob("*.parquet")}


def listed_files(con) -> set[str]:
    """The data files the lake's tables read now, as DuckLake lists them."""
    tables = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
    ).fetchall()
    return {
        row[0]
        for (table,) in tables
        for row in con.execute(
            "SELECT data_file FROM ducklake_list_files(current_database(), $t)", {"t": table}
        ).fetchall()
    }


def set_aside(con) -> set[Path]:
    """The files DuckLake set aside for deletion, as it lists them."""
    listed = con.execute(
        "CALL ducklake_cleanup_old_files(current_database(), cleanup_all => true, dry_run => true)"
    )
    return {Path(row[0]) for row in listed.fetchall()}


def a_day_passes(con) -> None:
    """Two days pass for the files set aside (the moment each was set aside moved back in the
    catalog), as os.utime ages a file below."""
    lake = con.execute("SELECT current_database()").fetchone()[0]
    catalog = '"' + f"__ducklake_metadata_{lake}".replace('"', '""') + '"'
    # written as the SQLite catalog keeps it (text, in UTC); a PostgreSQL one reads it back
    con.execute(
        f"UPDATE {catalog}.ducklake_files_scheduled_for_deletion SET schedule_start = strftime("
        "timezone('UTC', schedule_start::TIMESTAMPTZ - INTERVAL 2 DAY), '%Y-%m-%d %H:%M:%S.%f')"
        " || '+00'"
    )


def snapshots(con) -> set[int]:
    rows = con.execute("SELECT snapshot_id FROM ducklake_snapshots(current_database())")
    return {row[0] for row in rows.fetchall()}


def satisfied_of(view, unit: str) -> list[int]:
    rows = view.execute("SELECT satisfied FROM surveys WHERE unit_code = $u", {"u": unit})
    return [row[0] for row in rows.fetchall()]


@pytest.mark.parametrize("store", ["sqlite", "postgres"], indirect=True)
def test_tidy_expires_old_unpublished_states_and_keeps_every_figure(con):
    published_then_corrected_twice(con)
    published = int(publications(con)[0].state.removeprefix("snapshot:"))
    current = con.execute("SELECT id FROM ducklake_current_snapshot(current_database())")
    current = current.fetchone()[0]
    before_snapshots, before_files = snapshots(con), files_in(con)
    # every state but the publication's and the current one is older than the cut-off
    expected_gone = before_snapshots - {published, current}
    assert len(expected_gone) >= 5  # the registry, the first load, the publication, two loads

    done = tidy(con, TOMORROW)

    assert done.expired == len(expected_gone)
    assert done.kept_published == 1
    left = snapshots(con)
    assert {published, current} <= left
    assert not left & expected_gone
    after_files = files_in(con)
    # nothing deleted yet: the 70s' file, which no state kept reads, and the files merged are
    # set aside for a day; the merge's files are new
    assert set(before_files) <= set(after_files)
    assert (done.files, done.freed) == (0, 0)
    assert len(set(after_files) - set(before_files)) == done.merged_into
    aside = set_aside(con)
    assert len(aside) == done.set_aside >= 1 + done.merged
    assert done.set_aside_bytes == sum(after_files[path] for path in aside)
    assert (done.orphans, done.orphan_bytes) == (0, 0)

    a_day_passes(con)
    later = tidy(con, TOMORROW)

    assert later.files == len(aside)
    assert later.freed == sum(after_files[path] for path in aside)
    assert not aside & set(files_in(con))
    assert unknown_files(con.cursor()) == []
    # the figures by hand: as published 90 of 100 everywhere, now 80; the archive holds the
    # rows two corrections replaced (90s and 70s), every file they read still there
    as_published = publications(con)[0].view(con)
    assert satisfied_of(as_published, "U0001") == [90]
    assert as_published.execute("SELECT sum(satisfied) FROM surveys").fetchone()[0] == 90 * UNITS
    assert satisfied_of(con, "U0001") == [80]
    assert con.execute("SELECT sum(satisfied) FROM surveys").fetchone()[0] == 80 * UNITS
    archived = con.execute("SELECT satisfied, count(*) FROM archive_surveys GROUP BY ALL")
    assert sorted(archived.fetchall()) == [(70, UNITS), (90, UNITS)]


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_tidy_keeps_the_states_of_the_last_days(con):
    published_then_corrected_twice(con)
    before_snapshots, before_files = snapshots(con), files_in(con)
    done = tidy(con, datetime.now(UTC) - timedelta(days=1))
    assert (done.expired, done.files, done.freed) == (0, 0, 0)
    assert before_snapshots <= snapshots(con)
    assert set(before_files) <= set(files_in(con))  # nothing deleted (a merge adds files)


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_files_no_snapshot_knows_go_only_with_orphans_and_only_once_a_day_old(con, store, capsys):
    """A killed write's files: counted and left, unless asked; even then one younger than a
    day is kept (a write may still be running)."""
    published_then_corrected_twice(con)
    tidy(con, datetime.now(UTC) - timedelta(days=1))  # small files merged and set aside
    a_day_passes(con)
    tidy(con, datetime.now(UTC) - timedelta(days=1))  # and deleted: none left to tell
    a_file = next(iter(files_in(con)))
    old, young = a_file.with_name("killed-old.parquet"), a_file.with_name("killed-young.parquet")
    shutil.copy(a_file, old)
    shutil.copy(a_file, young)
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    size = a_file.stat().st_size

    done = tidy(con, datetime.now(UTC) - timedelta(days=1))
    assert (done.orphans, done.orphan_bytes, done.files) == (2, 2 * size, 0)
    assert old.exists() and young.exists()

    done = tidy(con, datetime.now(UTC) - timedelta(days=1), orphans=True)
    assert (done.orphans, done.orphan_bytes) == (1, size)
    assert (done.files, done.freed) == (1, size)
    assert not old.exists() and young.exists()
    # the young one, told so: the command said to pass --orphans, which it had been given
    megabytes = f"{size / 2**20:.1f} MB"
    capsys.readouterr()
    assert main(["tidy", "--db", store, "--lang", "en"]) == 0
    assert capsys.readouterr().out.endswith(
        f"the data folder holds 1 more files ({megabytes}) that no snapshot knows (left by writes "
        "that were killed, or another store's that shares the folder): once you are sure the "
        "folder is this store's alone, --orphans deletes those older than a day.\n"
    )
    assert main(["tidy", "--db", store, "--lang", "en", "--orphans"]) == 0
    assert capsys.readouterr().out.endswith(
        f"the data folder holds 1 more files ({megabytes}) that no snapshot knows, kept as they "
        "are less than a day old and may be a write's still under way: a tidy --orphans a day "
        "from now deletes them.\n"
    )
    assert young.exists()


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_the_command_says_what_it_did_in_chinese_and_records_it(con, store, capsys):
    published_then_corrected_twice(con)
    before = listed_files(con)
    assert main(["tidy", "--db", store, "--lang", "zh", "--by", "王芳"]) == 0
    out = capsys.readouterr().out
    after = listed_files(con)
    merged, into = len(before - after), len(after - before)
    assert merged > into > 0
    aside = set_aside(con)
    assert len(aside) >= merged
    megabytes = sum(path.stat().st_size for path in aside) / 2**20
    # everything is younger than 30 days: nothing expires, and nothing was set aside a day ago
    assert out == (
        "已整理存储：0 个旧快照已过期（保留发布所依据的 1 个和近 30 天的全部），删除 0 个一天前"
        "就不再需要的文件，释放 0.0 MB。页面、查询和导出显示的数字均未改变。\n"
        f"另将 {merged} 个小数据文件合并为 {into} 个，以加快读取。\n"
        f"{len(aside)} 个不再需要的文件（{megabytes:.1f} MB）暂不删除：此刻可能仍有页面或会议材料"
        "在读取它们；一天后再整理时删除。\n"
    )
    entry = audit_entries(con, actions=("tidy",)).row(0, named=True)
    assert (entry["username"], entry["ok"]) == ("王芳", True)
    # it said 'kept: the 1 publications read', which after a migration (whose publications are
    # copied, reading no snapshot) counts fewer than `etl publications` lists: snapshots it is
    assert main(["tidy", "--db", store, "--lang", "en"]) == 0
    assert "(kept: the snapshots publications read, 1, and every one of the last 30 days)" in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_the_command_refuses_less_than_a_day(con, store, capsys):
    before = snapshots(con)
    assert main(["tidy", "--db", store, "--keep-days", "0", "--lang", "zh"]) == 2
    assert capsys.readouterr().err == (
        "错误：--keep-days 至少为 1（而不是 0）：正在生成的会议材料或打开的页面可能正读取"
        "近几小时的状态；未做任何更改。\n"
    )
    assert snapshots(con) == before


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_a_duckdb_file_has_nothing_to_tidy(con, store, capsys):
    con.close()
    assert main(["tidy", "--db", store, "--lang", "en"]) == 0
    said = capsys.readouterr().out
    assert said == (
        f"the store {store} is a DuckDB file, which keeps no old states: nothing to tidy.\n"
    )


def district_surveys(quarter: str, first: int, satisfied: int) -> bytes:
    """One district's outpatient surveys of a quarter: units ``first`` to ``first + 99``."""
    return outpatient_surveys(range(first, first + 100), satisfied, quarter)


def outpatient_surveys(units: range, satisfied: int, quarter: str = "2026Q3") -> bytes:
    """The units' outpatient surveys of a quarter: 100 asked, ``satisfied`` satisfied."""
    rows = "".join(f"U{i:04d},{quarter},门诊,100,{satisfied}\n" for i in units)
    return ("单位编码,季度,调查类型,样本量,满意人数\n" + rows).encode()


@pytest.mark.parametrize("store", ["sqlite", "postgres"], indirect=True)
def test_tidy_merges_each_loads_small_file_and_every_figure_stays(con):
    """Four quarters, each sent by three districts: twelve loads, twelve small files of
    surveys, merged into one; the first quarter published before the others came. The twelve
    are set aside: a tidy deletes them once they have been a day."""
    units = "".join(f"U{i:04d},单位{i},城关区,乡镇卫生院,30\n" for i in range(1, 301))
    registry = ("单位编码,单位名称,区县,单位类别,职工人数\n" + units).encode()
    assert load_file(con, registry, "units.csv", today=TODAY).outcome == "loaded"
    quarters = ("2025Q4", "2026Q1", "2026Q2", "2026Q3")
    for number, quarter in enumerate(quarters):
        for first in (1, 101, 201):
            data = district_surveys(quarter, first, 60 + 10 * number)
            assert load_file(con, data, f"{quarter}_{first}.csv", today=TODAY).outcome == "loaded"
        if quarter == "2025Q4":  # its snapshot reads three of the twelve files
            publish(con, "2025Q4", "tester")
    surveys_files = "SELECT count(*) FROM ducklake_list_files(current_database(), 'surveys')"
    assert con.execute(surveys_files).fetchone()[0] == 12
    on_disk = set(files_in(con))
    # by hand: 300 units of each quarter, 60, 70, 80 and 90 of 100 satisfied
    sums = "SELECT quarter, count(*), sum(satisfied) FROM surveys GROUP BY 1 ORDER BY 1"
    expected = [(q, 300, 300 * (60 + 10 * n)) for n, q in enumerate(quarters)]
    reader = con.cursor()  # a page reading when the tidy begins
    reader.execute("BEGIN TRANSACTION")
    assert reader.execute(sums).fetchall() == expected

    done = tidy(con, TOMORROW - timedelta(days=30))

    assert reader.execute(sums).fetchall() == expected  # its files are all still there
    reader.execute("COMMIT")
    assert (done.merged, done.merged_into) == (12, 1)
    assert con.execute(surveys_files).fetchone()[0] == 1
    assert (done.expired, done.files) == (0, 0)
    assert on_disk < set(files_in(con))  # the merged file added; the twelve kept for now
    as_published = publications(con)[0].view(con)
    assert con.execute(sums).fetchall() == expected
    assert as_published.execute(sums).fetchall() == expected[:1]

    assert done.set_aside == 12

    again = tidy(con, TOMORROW - timedelta(days=30))

    assert (again.files, again.merged, again.set_aside) == (0, 0, 12)  # set aside an hour ago
    a_day_passes(con)
    later = tidy(con, TOMORROW - timedelta(days=30))
    assert (later.files, later.set_aside) == (12, 0)
    assert len(on_disk - set(files_in(con))) == 12
    assert con.execute(sums).fetchall() == expected
    assert publications(con)[0].view(con).execute(sums).fetchall() == expected[:1]
    assert unknown_files(con.cursor()) == []


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_delete_file_a_correction_superseded_moments_ago_is_kept(con):
    """A second correction of a file's rows writes a delete file that supersedes the first
    one's, which DuckLake sets aside at once: a page that began reading before the correction
    may still read it (bench/bench_concurrency.py --tidy-every found pages failing on it),
    so a tidy the same day keeps it."""
    units = "".join(f"U{i:04d},单位{i},城关区,乡镇卫生院,30\n" for i in range(1, 301))
    registry = ("单位编码,单位名称,区县,单位类别,职工人数\n" + units).encode()
    assert load_file(con, registry, "units.csv", today=TODAY).outcome == "loaded"
    whole = outpatient_surveys(range(1, 201), 90)
    assert load_file(con, whole, "2026Q3.csv", today=TODAY).outcome == "loaded"
    for units, name in ((range(1, 51), "first.csv"), (range(51, 101), "second.csv")):
        data = outpatient_surveys(units, 80)
        assert load_file(con, data, name, today=TODAY).outcome == "loaded"
    superseded = {path for path in set_aside(con) if path.name.endswith("-delete.parquet")}
    assert len(superseded) == 1 and all(path.exists() for path in superseded)

    done = tidy(con, TOMORROW - timedelta(days=30))

    assert done.files == 0
    assert all(path.exists() for path in superseded)
    assert superseded <= set_aside(con)
    a_day_passes(con)
    assert tidy(con, TOMORROW - timedelta(days=30)).files >= 1
    assert not any(path.exists() for path in superseded)
    # by hand: 200 units, 100 asked; units 1-100 now 80 satisfied, 101-200 still 90
    assert con.execute("SELECT sum(satisfied) FROM surveys").fetchone()[0] == 100 * 80 + 100 * 90


def surveys_files(con) -> int:
    return con.execute(
        "SELECT count(*) FROM ducklake_list_files(current_database(), 'surveys')"
    ).fetchone()[0]


@pytest.mark.parametrize("store", ["sqlite", "postgres"], indirect=True)
def test_the_load_that_makes_many_small_files_merges_them_and_every_figure_stays(con, monkeypatch):
    """Units that each send their own file make a small file per load: once a table has
    ``MANY_FILES`` (six here) of them, the load that made the last merges them, with no tidy.
    What any state reads stays: the figures now, a publication's, a page reading meanwhile."""
    monkeypatch.setattr(etl.tidy, "MANY_FILES", 6)
    units = "".join(f"U{i:04d},单位{i},城关区,乡镇卫生院,30\n" for i in range(1, 301))
    registry = ("单位编码,单位名称,区县,单位类别,职工人数\n" + units).encode()
    assert load_file(con, registry, "units.csv", today=TODAY).outcome == "loaded"
    # six units' files of 2026Q3, 50 units each, satisfied 61 to 66 of 100
    for number in range(1, 6):
        data = outpatient_surveys(range(50 * number - 49, 50 * number + 1), 60 + number)
        assert load_file(con, data, f"unit{number}.csv", today=TODAY).outcome == "loaded"
        if number == 2:
            publish(con, "2026Q3", "tester")
    assert surveys_files(con) == 5  # one short of six: nothing merged
    on_disk = set(files_in(con))
    reader = con.cursor()  # a page reading when the sixth load comes
    reader.execute("BEGIN TRANSACTION")
    sums = "SELECT count(*), sum(satisfied) FROM surveys"
    # by hand: 50 units each at 61, 62, 63, 64, 65 of 100
    assert reader.execute(sums).fetchone() == (250, 50 * (61 + 62 + 63 + 64 + 65))

    sixth = outpatient_surveys(range(251, 301), 66)
    assert load_file(con, sixth, "unit6.csv", today=TODAY).outcome == "loaded"

    assert surveys_files(con) == 1
    assert reader.execute(sums).fetchone() == (250, 50 * (61 + 62 + 63 + 64 + 65))
    reader.execute("COMMIT")
    assert con.execute(sums).fetchone() == (300, 50 * (61 + 62 + 63 + 64 + 65 + 66))
    as_published = publications(con)[0].view(con)
    assert as_published.execute(sums).fetchone() == (100, 50 * (61 + 62))
    # the six small files are set aside, not deleted: a tidy a day later deletes them
    assert on_disk <= set(files_in(con))
    assert len(set_aside(con)) == 6
    assert unknown_files(con.cursor()) == []


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_many_large_files_are_left_as_they_are(con, monkeypatch, caplog):
    """Files of a bureau-wide load are no small files: six of them stay six, and no load
    tries a merge (nor waits for the write queue to)."""
    caplog.set_level(logging.INFO, logger="etl.tidy")
    monkeypatch.setattr(etl.tidy, "MANY_FILES", 6)
    monkeypatch.setattr(etl.tidy, "SMALL_FILE_BYTES", 100)  # every file here is larger
    units = "".join(f"U{i:04d},单位{i},城关区,乡镇卫生院,30\n" for i in range(1, 301))
    registry = ("单位编码,单位名称,区县,单位类别,职工人数\n" + units).encode()
    assert load_file(con, registry, "units.csv", today=TODAY).outcome == "loaded"
    for number, quarter in enumerate(("2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3")):
        data = outpatient_surveys(range(1, 301), 60 + number, quarter)
        assert load_file(con, data, f"{quarter}.csv", today=TODAY).outcome == "loaded"

    assert surveys_files(con) == 6
    assert set_aside(con) == set()
    assert [record for record in caplog.records if record.name == "etl.tidy"] == []


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_merge_that_would_wait_for_another_writer_is_left_for_later(con, monkeypatch, caplog):
    """A merge after a load is upkeep: while another writer holds the write queue it gives
    up after ``MERGE_WAIT_SECONDS`` (the load is in already) without a word to the command's
    user, and a later one merges. Its warning ("…busy for 1 seconds; nothing was changed. Try
    again in a moment.") reached the user's terminal after every concurrent load that had
    landed (trial, session 60): a note of the log's, below a warning, now."""
    caplog.set_level(logging.INFO, logger="etl.tidy")
    units = "".join(f"U{i:04d},单位{i},城关区,乡镇卫生院,30\n" for i in range(1, 301))
    registry = ("单位编码,单位名称,区县,单位类别,职工人数\n" + units).encode()
    assert load_file(con, registry, "units.csv", today=TODAY).outcome == "loaded"
    for number in range(1, 4):
        data = outpatient_surveys(range(100 * number - 99, 100 * number + 1), 70)
        assert load_file(con, data, f"unit{number}.csv", today=TODAY).outcome == "loaded"
    assert surveys_files(con) == 3
    monkeypatch.setattr(etl.tidy, "MANY_FILES", 3)
    monkeypatch.setattr(etl.tidy, "MERGE_WAIT_SECONDS", 0.3)
    told = []
    tell_when_waiting(told.append)
    holding, release = threading.Event(), threading.Event()

    def another_writer() -> None:
        with write_queue(store_of(con)):
            holding.set()
            release.wait(30)

    writer = threading.Thread(target=another_writer)
    writer.start()
    try:
        assert holding.wait(10)
        began = time.monotonic()
        assert merge_when_many(con) == 0
        assert time.monotonic() - began < 5
        assert surveys_files(con) == 3
    finally:
        release.set()
        writer.join()
        tell_when_waiting(None)
    assert told == []
    said = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "etl.tidy"]
    assert said == [
        ("INFO", "small files of surveys: merge left to a later load (the store was busy)")
    ]

    assert merge_when_many(con) == 3

    assert surveys_files(con) == 1
    # by hand: 300 units, 70 of 100 satisfied
    assert con.execute("SELECT count(*), sum(satisfied) FROM surveys").fetchone() == (300, 21000)
