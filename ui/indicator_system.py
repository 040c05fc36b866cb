"""What the Indicator-system page does, kept out of the page script.

An edit is saved by writing the whole indicator system as the contract's CSV and loading it
through the real loader (``kind="indicators"``): the contract validates it exactly as it would
an uploaded file, the load replaces every indicator's rows at once, and the upload log keeps
each version (who, when, the file's hash), so a change can be withdrawn like any upload.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import duckdb
import polars as pl

from etl import accounts
from etl.load import LoadResult, history, load_file

INDICATOR_COLUMNS = (
    "indicator_code",
    "name_zh",
    "name_en",
    "domain",
    "direction",
    "weight",
    "unit",
)
TARGET_COLUMNS = ("indicator_code", "peer_group", "from_quarter", "target")
CSV_COLUMNS = (*INDICATOR_COLUMNS, "peer_group", "from_quarter", "target")


def clean(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """The editor's rows with the given columns; rows left entirely blank are dropped."""
    frame = frame.select([c for c in columns if c in frame.columns])
    for column in columns:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None).alias(column))
    blank = pl.all_horizontal(
        [pl.col(c).cast(pl.String).str.strip_chars().fill_null("") == "" for c in columns]
    )
    return frame.select(columns).filter(~blank)


def system_rows(indicators: pl.DataFrame, targets: pl.DataFrame) -> list[dict[str, object]]:
    """The indicator-system file's rows: one per target, with its indicator's fields; an
    indicator without targets gets one row with the target fields empty."""
    indicators = clean(indicators, INDICATOR_COLUMNS)
    targets = clean(targets, TARGET_COLUMNS)
    by_code: dict[str, list[dict]] = {}
    for target in targets.iter_rows(named=True):
        by_code.setdefault(str(target["indicator_code"] or "").strip(), []).append(target)
    rows = []
    for indicator in indicators.iter_rows(named=True):
        code = str(indicator["indicator_code"] or "").strip()
        for target in by_code.pop(code, None) or [{}]:
            rows.append(
                {
                    **indicator,
                    "peer_group": target.get("peer_group"),
                    "from_quarter": target.get("from_quarter"),
                    "target": target.get("target"),
                }
            )
    for code, orphans in by_code.items():  # targets of an indicator not in the table
        for target in orphans:
            rows.append({c: None for c in INDICATOR_COLUMNS} | target | {"indicator_code": code})
    return rows


def system_csv(rows: list[dict[str, object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in CSV_COLUMNS])
    return out.getvalue().encode("utf-8")


def system_changed(
    indicators: pl.DataFrame,
    targets: pl.DataFrame,
    edited_indicators: pl.DataFrame,
    edited_targets: pl.DataFrame,
) -> bool:
    """Whether the edit differs from the stored system (row order does not matter)."""
    return canonical(indicators, targets) != canonical(edited_indicators, edited_targets)


def canonical(indicators: pl.DataFrame, targets: pl.DataFrame) -> list[tuple]:
    rows = system_rows(indicators, targets)
    return sorted(
        tuple("" if r.get(c) is None else str(r.get(c)) for c in CSV_COLUMNS) for r in rows
    )


def removed_indicators(current: pl.DataFrame, edited: pl.DataFrame) -> list[str]:
    """Codes that were in the system and are missing from the edit (the loader only replaces
    the indicators a file names, so a removal would silently not happen)."""
    kept = set(clean(edited, INDICATOR_COLUMNS)["indicator_code"].cast(pl.String).to_list())
    return sorted(set(current["indicator_code"].to_list()) - kept)


def save_system(
    con: duckdb.DuckDBPyConnection,
    indicators: pl.DataFrame,
    targets: pl.DataFrame,
    by: str,
    now: datetime | None = None,
) -> tuple[LoadResult, list[dict[str, object]]]:
    """Validate and load the edited system; returns the loader's result and the file's rows
    (``rows[problem.row - 2]`` is the row a problem is about: row 1 is the header)."""
    now = now or datetime.now()
    rows = system_rows(indicators, targets)
    name = f"indicator_system_{now:%Y%m%d_%H%M%S}.csv"
    result = load_file(con, system_csv(rows), name, kind="indicators", by=by, now=now)
    detail = result.summary()
    accounts.audit(con, by, "indicators", result.outcome in ("loaded", "unchanged"), detail)
    return result, rows


def problems_with_rows(
    result: LoadResult, rows: list[dict[str, object]], lang: str = "en"
) -> pl.DataFrame:
    """The loader's problems, each with the indicator and target row it is about, said in
    ``lang``."""
    records = []
    for problem in result.problems:
        row = rows[problem.row - 2] if problem.row and 2 <= problem.row < len(rows) + 2 else {}
        records.append(
            {
                "indicator_code": str(row.get("indicator_code") or ""),
                "peer_group": str(row.get("peer_group") or ""),
                "from_quarter": str(row.get("from_quarter") or ""),
                "column": problem.column or "",
                "value": problem.value_in(lang) or "",
                "expected": problem.expected_in(lang),
            }
        )
    return pl.DataFrame(records, schema=dict.fromkeys(records[0], pl.String) if records else None)


def system_history(con: duckdb.DuckDBPyConnection, limit: int = 200) -> pl.DataFrame:
    """Every version of the indicator system that was loaded, rejected or withdrawn."""
    return history(con, limit).filter(pl.col("kind") == "indicators")


def ranking_comparison(before: pl.DataFrame, after: pl.DataFrame, n: int = 10) -> pl.DataFrame:
    """The top ``n`` after a change, with each unit's rank and index before it."""
    keep = ["unit_code", "rank", "value"]
    old = before.select(keep).rename({"rank": "rank_before", "value": "index_before"})
    top = after.filter(pl.col("rank").is_not_null()).sort("rank").head(n)
    return (
        top.select(["unit_code", "unit_name", "rank", "value"])
        .rename({"rank": "rank_after", "value": "index_after"})
        .join(old, on="unit_code", how="left")
        .with_columns((pl.col("rank_before") - pl.col("rank_after")).alias("rank_change"))
        .select(
            "unit_code",
            "unit_name",
            "rank_before",
            "rank_after",
            "rank_change",
            "index_before",
            "index_after",
        )
    )
