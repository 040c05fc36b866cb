"""Demo stores built once per test run and copied for each test module that asks.

Several modules build the same demo (``etl.demo.build_demo`` with the same options, seconds
each through the real loader). The first to ask builds it into a folder every xdist worker of
the run shares, under a lock; the others copy the finished file. A copy is a file of its own,
so a test may write to it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from pathlib import Path

from etl.demo import build_demo


def run_folder(tmp_path_factory) -> Path:
    """A folder of this test run that every xdist worker sees (never one of another run)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "demo-templates"
    folder.mkdir(exist_ok=True)
    return folder


def demo_copy(tmp_path_factory, target: Path, **options) -> Path:
    """``target`` (a DuckDB file path) holding the demo ``build_demo(**options)`` makes."""
    key = hashlib.sha256(repr(sorted(options.items())).encode()).hexdigest()[:16]
    folder = run_folder(tmp_path_factory)
    template = folder / f"{key}.duckdb"
    with open(folder / f"{key}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / f"{key}.done").exists():
            template.unlink(missing_ok=True)  # what a failed build may have left
            build_demo(str(template), **options)
            (folder / f"{key}.done").touch()
    shutil.copyfile(template, target)
    return target
