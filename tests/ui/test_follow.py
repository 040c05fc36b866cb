"""A dashboard on a shared store follows other processes' loads (queries.warm.follow_in_background,
started by ui.data when it opens the store); one on a DuckDB file, which only it writes, does
not; ``CIVBENCH_FOLLOW_SECONDS=0`` turns it off."""

from __future__ import annotations

import gc
import threading

from etl.db import connect
from ui import data


def followers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "store-follow" and t.is_alive()}


def test_a_dashboard_follows_a_lake_not_a_file_and_stops_with_its_connection(tmp_path, monkeypatch):
    lake, file = f"ducklake:sqlite:{tmp_path}/lake.sqlite", str(tmp_path / "file.duckdb")
    for url in (lake, file):
        connect(url).close()
    monkeypatch.setenv("CIVBENCH_FOLLOW_SECONDS", "0.05")
    before = followers()
    data._open(file)
    assert followers() == before
    data._open(lake)
    [started] = followers() - before
    data._open.clear()  # the app's resources cleared: the connection goes, and its follower
    gc.collect()
    started.join(timeout=60)
    assert not started.is_alive()


def test_zero_turns_it_off(tmp_path, monkeypatch):
    lake = f"ducklake:sqlite:{tmp_path}/lake.sqlite"
    connect(lake).close()
    monkeypatch.setenv("CIVBENCH_FOLLOW_SECONDS", "0")
    before = followers()
    data._open(lake)
    assert followers() == before
    data._open.clear()
