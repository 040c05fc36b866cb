"""What the Indicator-system page does, kept out of the page script.

The page shows the system in force in a chosen quarter, and an edit holds from that quarter on
(the dated indicator system, docs/METHOD.md): the indicators and targets that changed are
written as the contract's CSV, every row with ``from_quarter`` = the quarter, and loaded
through the real loader (``kind="indicators"``). The contract validates it exactly as it would
an uploaded file, the load replaces only the indicators' rows of that quarter (earlier
quarters keep their weights and targets), and the upload log keeps each version (who, when,
the file's hash), so a change can be withdrawn like any upload.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import duckdb
import polars as pl

import accounts
from etl.cells import text_expr, typed_expr
from etl.contracts import CONTRACTS
from etl.indicator_definitions import defined_indicator_files
from etl.load import LoadResult, history, load_file
from etl.quarters import quarter_of_today
from i18n import t

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
# numbers the editors take as text, for the contract to read as it reads a file: a number cell
# in the browser turns "abc" into 0 and drops a minus sign its minimum forbids, so a weight
# typed wrong would be saved as another weight, not refused
EDITED_AS_TEXT = ("weight", "target")
CSV_COLUMNS = (*INDICATOR_COLUMNS, "peer_group", "from_quarter", "target")


def editable(frame: pl.DataFrame) -> pl.DataFrame:
    """The system as its editors show it: weights and targets as text, each number written as
    ``key_text`` writes it, so that an unchanged cell compares equal to the stored number."""
    return frame.with_columns(
        pl.Series(column, [None if v is None else key_text(v) for v in frame[column]], pl.String)
        for column in EDITED_AS_TEXT
        if column in frame.columns
    )


def weight_total(edited: pl.DataFrame) -> float:
    """The edited weights' sum, each read as the contract reads a weight (20% is 0.2); one it
    cannot read counts nothing (the save refuses it), nor does an indicator with no definition:
    the index leaves it out (docs/METHOD.md §1), and so does the total a save's note says
    (etl/system_notes.py weight_totals)."""
    column = CONTRACTS["indicators"].column("weight")
    defined = edited.filter(pl.col("indicator_code").is_in(list(defined_indicator_files())))
    weights = defined.select(text_expr("weight").alias("text")).select(typed_expr(column, "text"))
    return float(weights.to_series().fill_null(0).sum())


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


def removed_targets(current: pl.DataFrame, edited: pl.DataFrame) -> list[str]:
    """``code/peer group`` of the targets in force that are missing from the edit: a target
    holds until a later one replaces it, so a removal from a quarter cannot be saved."""
    missing = set(target_values(current)) - set(target_values(edited))
    return sorted(f"{code}/{group}" for code, group in missing)


def quarter_choices(data_quarters: list[str], today: date | None = None) -> list[str]:
    """The quarters an edit may hold from, newest first: every quarter with data, and the
    current one (a weight may change before the quarter's data arrive)."""
    return sorted({*data_quarters, quarter_of_today(today)}, reverse=True)


def key_text(value: object) -> str:
    """A cell as a file would write it: a whole number without the float's ".0" (a count
    target of 6 was shown to the analyst as 6.0, a weight of 1 as 1.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def indicator_values(frame: pl.DataFrame) -> dict[str, tuple[str, ...]]:
    """indicator_code -> its fields as text (how the file would write them)."""
    rows = clean(frame, INDICATOR_COLUMNS).iter_rows(named=True)
    return {
        key_text(r["indicator_code"]): tuple(key_text(r[c]) for c in INDICATOR_COLUMNS)
        for r in rows
    }


def target_values(frame: pl.DataFrame) -> dict[tuple[str, str], str]:
    """(indicator_code, peer_group) -> the target as text."""
    rows = clean(frame, TARGET_COLUMNS).iter_rows(named=True)
    return {
        (key_text(r["indicator_code"]), key_text(r["peer_group"])): key_text(r["target"])
        for r in rows
    }


def dated_rows(
    quarter: str,
    system: tuple[pl.DataFrame, pl.DataFrame],
    edited: tuple[pl.DataFrame, pl.DataFrame],
    history: pl.DataFrame,
    all_targets: pl.DataFrame,
) -> list[dict[str, object]]:
    """The indicator-system file a save from ``quarter`` writes, given the system in force then
    (indicators, targets), its edited copy, every indicator row (query ``indicator_history``)
    and every target row (query ``targets``):

    - each indicator whose fields changed, or that is new, or whose targets changed, from
      ``quarter``: with the targets that changed and those already starting in ``quarter``
      (restated: the load replaces the indicator's rows of that quarter);
    - an indicator whose fields changed, also from each later quarter whose row only restated
      the old fields (it came with a new target), with that row's targets: the new weight
      holds until the indicator's next real change, not only until its next target."""
    before, after = indicator_values(system[0]), indicator_values(edited[0])
    old_targets, new_targets = target_values(system[1]), target_values(edited[1])
    changed_targets = {k: v for k, v in new_targets.items() if old_targets.get(k) != v}
    changed_fields = {code for code, fields in after.items() if before.get(code) != fields}
    fields_of = {
        key_text(r["indicator_code"]): r
        for r in clean(edited[0], INDICATOR_COLUMNS).iter_rows(named=True)
    }
    starting = targets_by_start(all_targets)
    rows: list[dict[str, object]] = []
    for code in sorted(changed_fields | {code for code, _ in changed_targets}):
        fields = fields_of.get(code, {"indicator_code": code})  # orphan targets: rejected
        at_quarter = starting.get((code, quarter), {}) | {
            group: value for (c, group), value in changed_targets.items() if c == code
        }
        rows += version_rows(fields, quarter, at_quarter)
        if code not in changed_fields or code not in before:
            continue
        for later, later_fields in later_rows(history, code, quarter):
            if later_fields != before[code]:
                break  # a real change of its own: it holds from its quarter on
            rows += version_rows(fields, later, starting.get((code, later), {}))
    return rows


def targets_by_start(all_targets: pl.DataFrame) -> dict[tuple[str, str], dict[str, str]]:
    """(indicator_code, from_quarter) -> {peer_group: target} of every target row."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for r in clean(all_targets, TARGET_COLUMNS).iter_rows(named=True):
        start = (key_text(r["indicator_code"]), key_text(r["from_quarter"]))
        found.setdefault(start, {})[key_text(r["peer_group"])] = key_text(r["target"])
    return found


def later_rows(history: pl.DataFrame, code: str, quarter: str) -> list[tuple[str, tuple]]:
    """The indicator's rows that start after ``quarter``, oldest first, with their fields."""
    later = history.filter(
        (pl.col("indicator_code") == code) & (pl.col("from_quarter") > quarter)
    ).sort("from_quarter")
    return [
        (r["from_quarter"], tuple(key_text(r[c]) for c in INDICATOR_COLUMNS))
        for r in later.iter_rows(named=True)
    ]


def version_rows(fields: dict, quarter: str, targets: dict[str, str]) -> list[dict[str, object]]:
    """The file rows of one indicator row from ``quarter``: one per target starting then, or
    one without a target."""
    base = {c: fields.get(c) for c in INDICATOR_COLUMNS}
    if not targets:
        return [base | {"peer_group": None, "from_quarter": quarter, "target": None}]
    return [
        base | {"peer_group": group, "from_quarter": quarter, "target": value}
        for group, value in sorted(targets.items())
    ]


def save_system(
    con: duckdb.DuckDBPyConnection,
    rows: list[dict[str, object]],
    by: str,
    now: datetime | None = None,
) -> LoadResult:
    """Validate and load the indicator-system file made of ``rows`` (``dated_rows``); a
    problem's row is ``rows[problem.row - 2]`` (row 1 is the header). ``by``'s role and scope
    are read now and applied as to an uploaded file: the system is the bureau's, so an admin
    scoped to districts or a unit is refused (etl/scope_check.py), the row said."""
    now = now or datetime.now()
    name = f"indicator_system_{now:%Y%m%d_%H%M%S}.csv"
    result = load_file(
        con,
        system_csv(rows),
        name,
        kind="indicators",
        by=by,
        now=now,
        scope=accounts.scope_of(con, by),
        system_editor=accounts.may_edit_system(con, by),
    )
    detail = result.summary_text()
    accounts.audit(con, by, "indicators", result.outcome in ("loaded", "unchanged"), detail)
    return result


#: The editors' column headings (catalogue keys): the editors and the problems of a save name a
#: column alike (the contract's own names differ: 指标名称 for the editor's 中文名称, ``weight``
#: for Weight)
HEADINGS = {
    "indicator_code": "system.col.code",
    "name_zh": "system.col.name_zh",
    "name_en": "system.col.name_en",
    "domain": "system.col.domain",
    "direction": "system.col.direction",
    "weight": "system.col.weight",
    "unit": "system.col.unit",
    "peer_group": "frame.peer_group",
    "from_quarter": "system.col.holds_from",
    "target": "system.col.target",
}


def column_heading(names: str | None, lang: str) -> str:
    """A problem's column (``weight``, or ``indicator_code/peer_group`` for a key) as the
    editors head it in ``lang``; a column they do not show, as the contract names it."""
    contract = CONTRACTS["indicators"]
    return "/".join(
        t(HEADINGS[name], lang) if name in HEADINGS else contract.column_label(name, lang)
        for name in (names or "").split("/")
        if name
    )


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
                "column": column_heading(problem.column, lang),
                "value": problem.value_in(lang) or "",
                "expected": problem.expected_in(lang),
            }
        )
    return pl.DataFrame(records, schema=dict.fromkeys(records[0], pl.String) if records else None)


def system_history(con: duckdb.DuckDBPyConnection, limit: int = 200) -> pl.DataFrame:
    """The latest ``limit`` versions of the indicator system that were loaded, rejected or
    withdrawn (however many data files were loaded since)."""
    return history(con, limit, kind="indicators")


def system_version(past: pl.DataFrame) -> str:
    """What the editors are drawn for (``system_history``): the newest load of the system
    that was not refused and the latest withdrawal, so that a change by anyone (a load, or a
    withdrawal) draws them anew on the system it left. Counting the changes shown stopped
    seeing them past the history's limit (the oldest left as the newest came). A refused save
    changes nothing: its editors keep the admin's edits to correct (counting it dropped them,
    and the admin typed every change again to mend one cell)."""
    changed = past.filter(pl.col("outcome") != "rejected")
    withdrawn = changed["withdrawn_at"].max()
    undone = f"-{withdrawn:%Y%m%d%H%M%S%f}" if withdrawn is not None else ""
    return f"{changed['load_id'].max() or 0}{undone}"


def last_change(past: pl.DataFrame) -> tuple[str, int] | None:
    """Who made the latest change to the system (a load, or a load's withdrawal) and its load."""
    changed = past.filter(pl.col("outcome") != "rejected").with_columns(
        pl.max_horizontal("loaded_at", "withdrawn_at").alias("changed_at")
    )
    if changed.is_empty():
        return None
    row = changed.sort("changed_at", "load_id").row(-1, named=True)
    return row["withdrawn_by"] or row["loaded_by"], row["load_id"]


def latest_load(past: pl.DataFrame) -> int | None:
    """The latest load of the system still in force (``system_history``): the change the page
    offers to withdraw. Being the latest, no later load replaced its rows, so only the
    withdrawal's own checks (ui.uploads.withdraw_load: an admin who may edit the system) can
    refuse it. None when every load was withdrawn or none came."""
    loaded = past.filter(pl.col("outcome") == "loaded")["load_id"]
    return None if loaded.is_empty() else int(loaded.max())


def top_units(ranking: pl.DataFrame, n: int) -> list[str]:
    """The codes of a ranking's first ``n`` units, best first."""
    return ranking.filter(pl.col("rank").is_not_null()).sort("rank").head(n)["unit_code"].to_list()


def ranking_comparison(before: pl.DataFrame, after: pl.DataFrame, n: int = 10) -> pl.DataFrame:
    """The top ``n`` after a change, then the units of the top ``n`` before it that left it
    (ranked lower, or no longer ranked: no rank after), each with its rank and index before."""
    top_after = top_units(after, n)
    left = [code for code in top_units(before, n) if code not in top_after]
    shown = pl.DataFrame({"unit_code": [*top_after, *left]}, schema={"unit_code": pl.String})
    keep = ["unit_code", "rank", "value"]
    new = after.select(*keep, "unit_name").rename({"rank": "rank_after", "value": "index_after"})
    old = before.select(keep).rename({"rank": "rank_before", "value": "index_before"})
    return (
        shown.join(new, on="unit_code", how="left", maintain_order="left")
        .join(old, on="unit_code", how="left", maintain_order="left")
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
