"""The tests' prepared stores (tests/stores.py ``StoreCopies``): a copy is a store of its own.

A copied lake whose catalog still named the template's data folder would read and write the
template's Parquet files: each test would see the writes of those before it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl.db import parse_store
from etl.load import load_file

TODAY = date(2026, 1, 15)
SURVEYS = "单位编码,季度,调查类型,样本量,满意人数\n" + "".join(
    f"{unit},2025Q{q},{kind},100,{80 + q}\n"
    for unit in ("H001", "C001", "H002", "T001")
    for q in (1, 2, 3)
    for kind in ("门诊", "住院")
)  # 24 rows: more than DuckLake keeps inline in its catalog, so they go to a Parquet file


def parquet_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.parquet"))


@pytest.mark.parametrize("store", ["sqlite", "postgres"], indirect=True)
@pytest.mark.parametrize("attempt", [1, 2])
def test_a_copied_lake_writes_its_files_in_its_own_folder_and_sees_only_its_own(
    registry, store, attempt
):
    folder = Path(parse_store(store).data_path)
    assert parquet_files(folder) == []  # the registry's five rows are inline in the catalog
    result = load_file(registry, SURVEYS.encode(), "surveys.csv", today=TODAY)
    assert (result.outcome, result.rows) == ("loaded", 24)
    assert len(parquet_files(folder)) == 1
    # the second attempt's copy was made after the first one loaded: it holds none of its rows
    assert registry.execute("SELECT count(*) FROM surveys").fetchone()[0] == 24
    assert registry.execute("SELECT count(*) FROM upload_log").fetchone()[0] == 2
