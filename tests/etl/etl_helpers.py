"""Helpers for the ETL tests: the fixture files, a fixed 'today' so that 'in the future' means
the same thing on every run, loading and parsing shortcuts, and whole-database snapshots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from etl.db import FACT_TABLES
from etl.load import LoadResult, load_file
from etl.problems import FileRejected, Problem
from etl.read import read_file
from etl.registry import RegistryView
from etl.validate import parse_and_check, stated_quarter

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "etl"
TODAY = date(2026, 1, 15)  # current quarter 2026Q1
UNIT_CODES = {"H001", "H002", "T001", "C001", "H001-W1"}  # tests/fixtures/etl/units.csv
ALL_TABLES = (*FACT_TABLES, *(f"archive_{t}" for t in FACT_TABLES), "upload_log")


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def load(con, data: bytes | str, name: str = "file.csv", **options) -> LoadResult:
    options.setdefault("today", TODAY)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return load_file(con, raw, name, **options)


def load_fixture(con, name: str, **options) -> LoadResult:
    return load(con, fixture_bytes(name), name, **options)


def parse(
    data: bytes | str,
    name: str = "file.csv",
    *,
    kind=None,
    sheet=None,
    today=TODAY,
    quarter=None,
    registered_from=None,
    known_units=UNIT_CODES,
):
    """Read and validate a file against the fixture registry (``quarter`` stated as the loader
    states it; ``known_units``: the registry's codes; ``registered_from``: units it holds only
    from a quarter on); returns the typed frame."""
    if quarter is not None:
        quarter = stated_quarter(name, quarter, today)
    raw = read_file(
        data.encode("utf-8") if isinstance(data, str) else data, name, kind, sheet, quarter
    )
    return parse_and_check(raw, today, registry_of(known_units, registered_from))


def registry_of(codes, registered_from: dict[str, str] | None = None) -> RegistryView:
    """A registry of ``codes``, each named as its code, open from the beginning except those
    ``registered_from`` gives a first quarter ({code: quarter}), none closed."""
    first = registered_from or {}
    return RegistryView(
        pl.DataFrame({"unit_code": sorted(codes), "unit_name": sorted(codes)}, schema=TEXT_PAIR),
        pl.DataFrame({"unit_code": list(first), "first": list(first.values())}, schema=FIRSTS),
        pl.DataFrame(
            schema=dict.fromkeys(("unit_code", "status", "closed", "until", "into"), pl.String)
        ),
    )


TEXT_PAIR = {"unit_code": pl.String, "unit_name": pl.String}
FIRSTS = {"unit_code": pl.String, "first": pl.String}


def fixture_problems(name: str, **options) -> list[Problem]:
    """The problems the fixture file ``name`` is rejected with, read under its own name."""
    return problems_of(fixture_bytes(name), name, **options)


def problems_of(data: bytes | str, name: str = "file.csv", **options) -> list[Problem]:
    """The problems a file is rejected with (fails the test if it is accepted)."""
    with pytest.raises(FileRejected) as rejected:
        parse(data, name, **options)
    return rejected.value.problems


def contents(con) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order: compares whole databases."""
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ALL_TABLES}


def merged_workbook(rows: list[list], merges: tuple[str, ...] = ()) -> bytes:
    """An .xlsx of ``rows`` (from A1) with the cell ranges ``merges`` merged (``"A2:A3"``), as
    a form drawn in Excel has them."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def unreadable_compound_file() -> bytes:
    """An OLE compound file (.xls, WPS's .et) holding no Workbook stream the reader knows, as
    a file in a form of WPS's own would: activities.xls with its stream renamed."""
    stream = "Workbook".encode("utf-16-le")
    data = fixture_bytes("activities.xls")
    assert data.count(stream) == 1
    return data.replace(stream, "Wpsbook8".encode("utf-16-le"))
