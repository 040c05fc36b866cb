"""What the Upload page does, kept out of the page script: dry runs, problem tables, loads.

Everything goes through the real loader (``etl.load``); nothing here knows a contract's rules.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

import duckdb
import polars as pl

import accounts
from etl.contracts import CONTRACTS, kind_label
from etl.load import (
    LoadResult,
    Withdrawal,
    WithdrawRefused,
    history,
    load_file,
    log_refused,
    refused_after,
    replaced_said,
    withdraw,
    withdrawal_text,
)
from etl.messages import OUTCOMES, msg, outcome_label
from etl.problems import Problem, ReceivedRefused
from etl.quarters import quarter_of_today, shift_quarter
from etl.read import WorkbookSheets, content_hash, sheets_to_load, workbook_sheets
from etl.received import Received, received_text, set_received
from etl.scope_check import loads_in_scope
from queries.scope import load_places
from ui.logs import (
    SCOPED_ROWS,
    TIME_FORMAT,
    as_person,
    counts_in_scope,
    notes_in_scope,
    with_messages,
)

log = logging.getLogger(__name__)

# Units first: the facts of the same batch refer to them.
LOAD_ORDER = ("units", "indicators", "inspections", "surveys", "activities")


# HTML's multipart form encoding: a browser sends a chosen file's name with these characters
# written so (2026Q3 城关区 "最终版".xlsx arrives as …%22最终版%22.xlsx), and Streamlit keeps
# them; the browser writes no other character so, not even %, so these are read back as they were
BROWSER_ESCAPES = {"%22": '"', "%0D": "\r", "%0A": "\n"}


def chosen_name(sent: str) -> str:
    """The name of a chosen file as on the analyst's disk, from the name the browser sent."""
    for escape, character in BROWSER_ESCAPES.items():
        sent = sent.replace(escape, character)
    return sent


@dataclass(frozen=True)
class Upload:
    """One chosen file: its name, bytes, the kind the analyst chose (None: detect), the
    quarter stated for a file without a quarter column (None: from the file) and the sheet
    of a workbook."""

    name: str
    data: bytes
    kind: str | None = None
    quarter: str | None = None
    sheet: str | None = None  # a workbook's sheet (None: every sheet holding data)

    @functools.cached_property
    def digest(self) -> str:
        """The bytes' SHA-256, worked out once per upload (a rerun asks it of each chosen
        file several times: its check's cache key, the batch's, the count of files)."""
        return hashlib.sha256(self.data).hexdigest()


def sheet_uploads(upload: Upload) -> tuple[list[Upload], WorkbookSheets | None]:
    """The uploads a chosen file makes: itself; or, for a workbook several of whose visible
    sheets hold tables and no sheet chosen, one upload per such sheet (each checked and
    loaded on its own, as the command line loads them: etl.read.sheets_to_load), with the
    workbook's sheets, whose line the page shows."""
    try:
        workbook = sheets_to_load(upload.data, upload.name, upload.kind, upload.sheet)
    except Exception:  # the file's own dry run then says what is wrong with it, never a crash
        log.exception("finding the sheets of %s failed", upload.name)
        workbook = None
    if workbook is None:
        return [upload], None
    return [replace(upload, sheet=sheet) for sheet in workbook.sheets], workbook


def workbook_sheet_names(data: bytes, name: str) -> list[str]:
    """A workbook's sheet names ([] for a CSV file): the page offers a choice when there are
    several."""
    return workbook_sheets(data, name)


def dry_run(
    con: duckdb.DuckDBPyConnection, upload: Upload, by: str, batch: tuple[LoadResult, ...] = ()
) -> LoadResult:
    """Check a file exactly as a load would (in ``by``'s scope), changing nothing (not even
    the upload log); ``batch``: the dry runs of the files loaded before it with it (their
    registry rows count, as their load commits first: etl.load.batch_registry).

    The loader turns bad input into problems itself; anything it did not foresee is still
    shown as a problem of the file (and logged with its traceback), never as a crash.
    """
    try:
        return load_file(
            con,
            upload.data,
            upload.name,
            kind=upload.kind,
            by=by,
            dry_run=True,
            quarter=upload.quarter,
            sheet=upload.sheet,
            scope=accounts.scope_of(con, by),
            system_editor=accounts.may_edit_system(con, by),
            batch=batch,
        )
    except Exception as exc:
        log.exception("dry run of %s failed", upload.name)
        problem = Problem.of(upload.name, None, None, "", msg("file.unchecked", error=exc))
        return LoadResult(upload.name, upload.kind, "rejected", problems=[problem], problem_total=1)


def record_refusal(con: duckdb.DuckDBPyConnection, upload: Upload, result: LoadResult, by: str):
    """The upload log's line and the audit entry for a file the Upload page's check refused,
    loaded with the files that passed: it was given to the load and refused, as the command
    line logs a refused file among those it loads (the page said only that the others loaded,
    and logged nothing of it). A store that does not take the line leaves the page's account
    of the load as it is, the failure logged."""
    try:
        log_refused(con, result, content_hash(upload.data, upload.sheet, upload.quarter), by)
        accounts.audit_load(con, by, result)
    except duckdb.Error:
        log.exception("recording the refusal of %s failed", upload.name)


def record_refusals(
    con: duckdb.DuckDBPyConnection, checked: list[tuple[Upload, LoadResult]], by: str
) -> list[LoadResult]:
    """When the load of the chosen files is asked, each one its check refused, in the upload
    log (``record_refusal``: as the command line logs a refused file among those it is given;
    a check alone logs nothing, as ``--dry-run``); their results, for the page to say."""
    refused = [(u, r) for u, r in checked if r.outcome == "rejected"]
    for upload, result in refused:
        record_refusal(con, upload, result, by)
    return [result for _, result in refused]


def stated_quarter_choices(today: date | None = None, count: int = 12) -> list[str]:
    """The quarters an analyst may state for a file without a quarter column: the current
    one and the ``count - 1`` before it, newest first."""
    current = quarter_of_today(today)
    return [shift_quarter(current, -back) for back in range(count)]


def problems_frame(results: Iterable[LoadResult], lang: str = "en") -> pl.DataFrame:
    """Every problem of every file, one row each, in the order the loader reported them,
    said in ``lang``; with the sheet of each, after the file, when a problem is in a workbook
    of several sheets (a CSV file's problems need no empty column for it)."""
    rows = [p.as_dict(lang) for r in results for p in r.problems]
    schema = {
        "file": pl.String,
        "sheet": pl.String,
        "row": pl.Int64,
        "column": pl.String,
        "value": pl.String,
        "expected": pl.String,
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    return frame if frame["sheet"].is_not_null().any() else frame.drop("sheet")


def load_place(result: LoadResult) -> int:
    """Where a file of ``result``'s kind comes in the load (a file of no known kind last)."""
    return LOAD_ORDER.index(result.kind) if result.kind in LOAD_ORDER else len(LOAD_ORDER)


def checked_together(
    con: duckdb.DuckDBPyConnection, checked: list[tuple[Upload, LoadResult]], by: str
) -> list[tuple[Upload, LoadResult]]:
    """The files' dry runs (each checked alone) as their load together will find them, in the
    order the files were chosen. In load order (the registry first): a file after a registry
    file that passed is checked again with the files before it (``dry_run``'s batch), against
    the registry that file would leave, as its load will be, after the registry's (a new
    unit's registry and its data pass together; data of a unit the registry file closes is
    refused); any other file that would bring data an earlier one brings is refused
    (etl.load.refused_after), without reading it again."""
    order = sorted(range(len(checked)), key=lambda i: load_place(checked[i][1]))
    said: list[LoadResult] = []
    for i in order:
        upload, alone = checked[i]
        if any(r.kind == "units" and r.outcome == "checked" for r in said):
            said.append(dry_run(con, upload, by, tuple(said)))
        else:
            said.append(refused_after(alone, said))
    results = dict(zip(order, said, strict=True))
    return [(upload, results[i]) for i, (upload, _) in enumerate(checked)]


def loadable(checked: list[tuple[Upload, LoadResult]]) -> list[tuple[Upload, LoadResult]]:
    """The files that passed the dry run and would change something, in load order."""
    ready = [(u, r) for u, r in checked if r.outcome == "checked"]
    return sorted(ready, key=lambda ur: load_place(ur[1]))


def load_uploads(
    con: duckdb.DuckDBPyConnection,
    uploads: list[Upload],
    by: str,
    progress: Callable[[int, int, LoadResult], None] | None = None,
    received: date | None = None,
) -> list[LoadResult]:
    """Load the files one by one (each whole or not at all) and audit each outcome. The
    loader's scope and role are read now: a file naming a unit outside it is refused, and an
    indicator-system file unless the loader may change the system. ``received``: the
    day the files reached the bureau, when the analyst gave it (history loaded later);
    ``progress``: told of each file's outcome (the files done, of how many, the result) once
    it is committed and audited."""
    scope, system_editor = accounts.scope_of(con, by), accounts.may_edit_system(con, by)
    results = []
    for done, upload in enumerate(uploads, start=1):
        result = load_file(
            con,
            upload.data,
            upload.name,
            kind=upload.kind,
            by=by,
            quarter=upload.quarter,
            sheet=upload.sheet,
            scope=scope,
            received=received,
            system_editor=system_editor,
            batch=tuple(results),
        )
        accounts.audit_load(con, by, result)
        results.append(result)
        if progress:
            progress(done, len(uploads), result)
    return results


def withdraw_load(
    con: duckdb.DuckDBPyConnection, load_id: int, by: str, lang: str = "en"
) -> Withdrawal | str:
    """Withdraw a load; returns what was done, or the refusal in ``lang``; audits
    either way (the entry says it in its reader's language). The user's scope is read now: a
    load naming a unit outside it is refused."""
    try:
        scope, system_editor = accounts.scope_of(con, by), accounts.may_edit_system(con, by)
        done = withdraw(con, load_id, by=by, scope=scope, system_editor=system_editor)
    except WithdrawRefused as refused:
        accounts.audit(
            con, by, refused.audit_action, False, withdrawal_text(load_id, refusal=refused.text)
        )
        return refused.text.in_lang(lang)
    accounts.audit(con, by, done.audit_action, True, withdrawal_text(load_id, done))
    return done


def record_received(
    con: duckdb.DuckDBPyConnection, load_id: int, day: date, by: str, lang: str = "en"
) -> Received | str:
    """Record the day a loaded file was received (etl/received.py); returns what was done, or
    the refusal in ``lang``; audits either way. The user's scope is read now: a load naming a
    unit outside it is refused."""
    try:
        done = set_received(con, load_id, day, by, scope=accounts.scope_of(con, by))
    except ReceivedRefused as refused:
        accounts.audit(con, by, "received", False, received_text(load_id, day, refused.text))
        return refused.text.in_lang(lang)
    accounts.audit(con, by, "received", True, received_text(load_id, day))
    return done


def upload_history(
    con: duckdb.DuckDBPyConnection,
    user: str | None = None,
    visible_loads: pl.Series | None = None,
    limit: int = 100,
) -> pl.DataFrame:
    """The upload log as ``user`` may see it: for a scoped account (``visible_loads``: the
    load ids of the named query ``loads`` under its scope, the loads that brought rows of its
    units and the indicator system's) those and its own rejected files; everything for a
    bureau-wide account (None); the latest ``limit`` of them, however many files of other
    districts came since."""
    if visible_loads is None:
        return history(con, limit)
    seen = history(con, limit, loads=visible_loads.to_list(), rejected_by=user)
    scope = accounts.scope_of(con, user)
    # where each load's units lie, asked once for the notes and the counts
    places = load_places(con.cursor(), scope, seen["load_id"].drop_nulls().unique().to_list())
    return counts_in_scope(con, notes_in_scope(con, seen, scope, places=places), scope, places)


def history_for_display(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The upload history as the analyst reads it: kinds, outcomes and each entry's message
    in ``lang``, times to the minute, and empty cells (not "None") where a load was never
    withdrawn or, rejected, counted no rows."""
    frame = restated_first(with_messages(frame, lang), lang)
    kinds = {k: kind_label(k, lang) for k in CONTRACTS}
    outcomes = {o: outcome_label(o, lang) for o in OUTCOMES}
    translated = {"kind": kinds, "outcome": outcomes}
    shown = frame.with_columns(
        *(pl.col(c).dt.strftime(TIME_FORMAT) for c in ("loaded_at", "withdrawn_at") if c in frame),
        *(as_person(c, lang) for c in ("loaded_by", "withdrawn_by") if c in frame),
    )
    if "received_on" in frame:
        shown = shown.with_columns(pl.col("received_on").dt.strftime("%Y-%m-%d"))
    shown = shown.with_columns(
        pl.col(c).replace_strict(labels, default=pl.col(c))
        for c, labels in translated.items()
        if c in shown
    )
    words = [
        c
        for c in ("loaded_at", "received_on", "withdrawn_at", "withdrawn_by", "kind", "quarters")
        if c in shown
    ]
    counts = [c for c in ("row_count", "replaced_rows", "problem_count") if c in shown]
    # counts with thousands separators, as the load's message says them (48,240, not 48240)
    grouped = pl.col(counts).map_elements(lambda n: f"{n:,}", return_dtype=pl.String)
    shown = shown.with_columns(pl.col(words).fill_null(""), grouped.fill_null(""))
    return rows_of_yours(shown, lang) if SCOPED_ROWS in shown else shown


def rows_of_yours(shown: pl.DataFrame, lang: str) -> pl.DataFrame:
    """A scoped reader's entry whose rows are its units' alone (``ui.logs.counts_in_scope``)
    says so in its rows cell (10 rows of your units): a bare 10 read as the whole file's."""
    said = [
        msg("scope.rows_of_yours", rows=int(rows)).in_lang(lang) if scoped and rows else rows
        for rows, scoped in shown.select("row_count", SCOPED_ROWS).rows()
    ]
    return shown.with_columns(pl.Series("row_count", said, dtype=pl.String)).drop(SCOPED_ROWS)


def restated_first(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """A restatement's message begins by saying so (``etl.load.replaced_said``): its count
    of rows replaced alone read as a correction's. The ``restated`` column then goes: the
    message says it."""
    if "restated" not in frame.columns:
        return frame
    notes = [
        said.in_lang(lang) if restated and (said := replaced_said(replaced, True)) else None
        for replaced, restated in frame.select("replaced_rows", "restated").rows()
    ]
    note = pl.Series("note", notes, dtype=pl.String)
    message = pl.col("message").fill_null("")
    sep = msg("text.semicolon_sep").in_lang(lang)
    both = pl.when(message == "").then(note).otherwise(pl.concat_str(note, pl.lit(sep), message))
    return frame.with_columns(
        pl.when(note.is_null()).then(pl.col("message")).otherwise(both).alias("message")
    ).drop("restated")


def preview_for_display(preview: pl.DataFrame, kind: str, lang: str) -> pl.DataFrame:
    """The dry run's first rows headed as the analyst knows the columns: the spreadsheet row,
    then each column's Chinese name (``zh``) or contract name (``en``); a cell left empty in
    the file shows empty (the table read None), every cell as text as the history shows its
    counts."""
    contract = CONTRACTS.get(kind)
    names = {c: contract.column_label(c, lang) if contract else c for c in preview.columns}
    names["_row"] = "行" if lang == "zh" else "Row"
    cells = preview.with_columns(pl.exclude("_row").cast(pl.String).fill_null(""))
    return cells.rename({c: names[c] for c in preview.columns})


def withdrawable(
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, user: str | None
) -> list[int]:
    """The loads of the history in force that ``user`` may withdraw or date: those whose
    every unit lies in its scope, the indicator system's only for one who may change it (what
    etl.load.withdraw would let through; it checks again when asked)."""
    loaded = frame.filter(pl.col("outcome") == "loaded")
    kinds = dict(zip(loaded["load_id"], loaded["kind"], strict=True))
    if user is None:
        return list(kinds)
    system_editor = accounts.may_edit_system(con, user)
    allowed = loads_in_scope(con.cursor(), kinds, accounts.scope_of(con, user))
    return [load for load in allowed if system_editor or kinds[load] != "indicators"]
