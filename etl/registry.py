"""The rules that the loader and the named queries both apply, written once as SQL table macros:
the unit registry's (a unit's latest row; the quarters each row holds for) in ``registry.sql``,
which data files were corrections in ``corrections.sql``.

The loader installs them on its cursor before it asks the registry (its scope check, the
quarters a unit is closed: ``registry_view``); the query pipeline installs them with its own
macros (queries/pipeline.py), so a page and a load can never disagree on where a unit belongs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl.contracts import CLOSING

REGISTRY_SQL = Path(__file__).with_name("registry.sql")
CORRECTIONS_SQL = Path(__file__).with_name("corrections.sql")


@functools.cache
def registry_macros() -> str:
    """The CREATE statements of the registry's macros (read once: a load installs them on
    several cursors)."""
    return REGISTRY_SQL.read_text(encoding="utf-8")


@functools.cache
def corrections_macro() -> str:
    """The CREATE statement of ``load_corrections()`` (read once, as the registry's)."""
    return CORRECTIONS_SQL.read_text(encoding="utf-8")


def install_registry_macros(cur) -> None:
    """Create the registry's macros on the cursor (temporary: each cursor is a connection of
    its own, and creating them writes nothing to the store)."""
    cur.execute(registry_macros())


def install_corrections_macro(cur) -> None:
    """Create the macro ``load_corrections()`` on the cursor (as the registry's)."""
    cur.execute(corrections_macro())


@dataclass(frozen=True)
class RegistryView:
    """What a load checks its rows against, from one read of the unit registry (on a lake each
    table read costs a catalog lookup, so one read rather than three). Kept as frames: as
    Python sets and dicts, a registry of 5,000 units cost each load 70–110 ms (mostly a pass
    of the garbage collector that so many new objects set off), as frames 15–25 ms.

    ``names``: unit_code, unit_name, every name each code has had, once; ``registered_from``:
    unit_code, first, the first quarter of each unit whose every row holds from some quarter
    on (a unit with a row from the beginning is absent); ``closures``: unit_code, closed (the
    quarter a closed row holds from), until (the quarter the unit's next row starts; null:
    closed still), status (撤销 or 撤并) and into (a merged unit's 上级单位编码: the unit it went
    into, when the registry gives it), for every closure."""

    names: pl.DataFrame
    registered_from: pl.DataFrame
    closures: pl.DataFrame

    @property
    def codes(self) -> pl.Series:
        """Every code the registry holds."""
        return self.names.get_column("unit_code").unique()

    @property
    def names_with_mergers(self) -> pl.DataFrame:
        """``names``, and each merged unit's names as names of the unit it went into: a file
        of the merged site's, its rows moved to the successor's code as the refusal of the
        merged code said, kept its name column and was refused again, as naming another
        unit."""
        merged = self.closures.filter(pl.col("into").is_not_null()).select("unit_code", "into")
        if merged.is_empty():
            return self.names
        taken = self.names.join(merged, on="unit_code").select("into", "unit_name")
        return pl.concat([self.names, taken.rename({"into": "unit_code"})]).unique()


def registry_view(cur, registry: str = "units") -> RegistryView:
    """The registry as ``cur`` sees it (inside a load's write transaction: as committed), or
    as the table ``registry`` holds it (a dry run's of a batch: the registry the batch's
    earlier registry files would leave, etl/load.py ``batch_registry``)."""
    install_registry_macros(cur)
    rows = cur.execute(
        "SELECT unit_code, unit_name, from_quarter, status, next_from_quarter, parent_code "
        "FROM unit_periods_of($registry)",
        {"registry": registry},
    ).pl()
    registered_from = (
        rows.group_by("unit_code")
        .agg(
            pl.col("from_quarter").min().alias("first"),
            pl.col("from_quarter").null_count().alias("undated"),
        )
        .filter(pl.col("undated") == 0)
        .select("unit_code", "first")
    )
    closures = (
        rows.filter(pl.col("status").is_in(CLOSING))
        .select(
            "unit_code",
            "status",
            closed="from_quarter",
            until="next_from_quarter",
            into="parent_code",  # a merged unit's: the unit it was merged into, when given
        )
        .sort("unit_code", "closed")
    )
    return RegistryView(rows.select("unit_code", "unit_name").unique(), registered_from, closures)
