"""Loading a validated file in one transaction, replacing what it corrects, and withdrawing it.

Rows that a load replaces move to ``archive_<table>`` with ``replaced_by`` set, so withdrawing
the load can put them back exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

import duckdb
import polars as pl
import pyarrow as pa

from etl.cells import lookalike
from etl.contracts import ALL_PEER_GROUPS, CLOSED, CLOSING, CONTRACTS, MERGED
from etl.db import write
from etl.headers import spelling_key
from etl.indicator_definitions import defined_indicator_files
from etl.messages import (
    COMMAND_LINE,
    Text,
    joined,
    lines,
    listed,
    msg,
    named,
    outcome_label,
    pair,
    quarters_note,
    same,
)
from etl.problems import MAX_PROBLEMS, FileRejected, Problem, WithdrawRefused, withdrawal_action
from etl.publish import after_publication, published_among, published_since, unchanged_since
from etl.quarters import quarter_span, quarter_start
from etl.read import RawTable, content_hash, read_file, row_ranges, workbook_sheets
from etl.registry import (
    install_corrections_macro,
    install_registry_macros,
    registry_view,
)
from etl.scope_check import (
    out_of_scope,
    refuse_load_action_out_of_scope,
    refuse_out_of_scope,
    refuse_registry_withdrawal_out_of_scope,
)
from etl.survey_notes import satisfaction_given_twice
from etl.system_notes import (
    group_targets_kept,
    overridden_notes,
    system_changes,
    targets_dropped,
    weight_totals,
    withdrawal_changes,
)
from etl.tidy import merge_when_many
from etl.validate import DATE_OF_QUARTER, ROW, Checked, as_headed, checked_rows, stated_quarter

if TYPE_CHECKING:
    from etl.scope import Scope

TABLE_COLUMNS = {
    "units": [
        "unit_code",
        "unit_name",
        "district",
        "peer_group",
        "staff_count",
        "parent_code",
        "from_quarter",
        "status",
    ],
    "inspections": [
        "unit_code",
        "quarter",
        "inspection_date",
        "inspection_type",
        "item",
        "score",
        "max_score",
        "finding",
        "rectify_by",
        "rectified_on",
    ],
    "surveys": ["unit_code", "quarter", "survey_type", "respondents", "satisfied", "score"],
    "activities": [
        "unit_code",
        "quarter",
        "activity_date",
        "activity_type",
        "sessions",
        "participants",
        "volunteer_hours",
    ],
    "indicators": [
        "indicator_code",
        "name_zh",
        "name_en",
        "domain",
        "direction",
        "weight",
        "unit",
        "from_quarter",
    ],
    "targets": ["indicator_code", "peer_group", "from_quarter", "target"],
}
ARROW_BATCH_ROWS = 122_880  # one DuckDB row group
REPLACE_KEYS = {c.table: c.replaces_by for c in CONTRACTS.values()} | {
    "targets": CONTRACTS["indicators"].replaces_by
}
FACT_KINDS = ("inspections", "surveys", "activities")
CHANGES_LISTED = 8  # an indicator-system load's changes said in its summary, the rest counted
SYSTEM_KINDS = ("units", "indicators")  # their rows hold from their from_quarter on
NULLABLE_KEYS = ("from_quarter",)  # of units and indicators: NULL = from the beginning
KIND_TABLES = {
    "units": ("units",),
    "inspections": ("inspections",),
    "surveys": ("surveys",),
    "activities": ("activities",),
    "indicators": ("indicators", "targets"),
}


@dataclass
class LoadResult:
    file_name: str
    kind: str | None
    outcome: str  # loaded | unchanged | rejected | checked (a dry run that passed)
    rows: int = 0
    replaced: int = 0
    # of those, each table's, for a kind that writes two (an indicator system's indicators
    # and targets, which a count of the file's rows does not tell apart)
    replaced_of: dict[str, int] = field(default_factory=dict)
    replaced_not_in_file: int = 0  # replaced rows whose key the file has no row for
    open_findings_not_in_file: int = 0  # of those, findings with no rectification recorded
    # the first of those findings (``OPEN_FINDINGS_NAMED``), each named by its unit, date, item
    open_findings_named: list[Text] = field(default_factory=list)
    quarters: list[str] = field(default_factory=list)
    units: int = 0
    load_id: int | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_total: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    preview: pl.DataFrame | None = None
    stated_quarter: str | None = None  # the quarter of every row, as stated when loading
    chosen_sheet: str | None = None  # the workbook's sheet read, when it has several
    published: list[str] = field(default_factory=list)  # its quarters already published
    # the published quarters it falls in but leaves as published: its rows are the very rows
    # it replaces (``restates``), so it is no revision of them
    restated: list[str] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)  # how the file was read (hidden rows…)
    # an indicator-system file's: each weight and target it changes (etl/system_notes.py)
    system_changes: list[Text] = field(default_factory=list)
    # the keys of the rows it brought (loaded) or would bring (checked), per table: a later
    # file of the same batch is checked against them (``refuse_batch_overlap``); a registry
    # file's whole rows, which a dry run checks the batch's later files against
    # (``batch_registry``)
    brought: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    # the file's identity (``RawTable.sha256``) and its headers as written, by column name:
    # a later file of the batch is told apart from a copy of it, and its rows' key columns
    # are named as that file heads them (``batch_overlaps``)
    file_hash: str = ""
    headers: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return self.outcome != "rejected"

    def summary(self, lang: str = "en") -> str:
        """One line on what happened, in ``lang`` ('en', the CLI's default, or 'zh')."""
        return self.summary_text().in_lang(lang)

    def named(self) -> Text:
        """The file, and its sheet when the workbook has several: a workbook loaded sheet by
        sheet has one file name for them all (``分区县.xlsx (sheet 城关区)``)."""
        if self.chosen_sheet is None:
            return same(self.file_name)
        return same(self.file_name) + msg("load.sheet", sheet=self.chosen_sheet)

    def summary_text(self) -> Text:
        file = self.file_name
        if self.outcome == "rejected":
            said = msg("load.rejected", file=self.named(), count=self.problem_total)
            for note in self.notes:  # a refused indicator system's weights (``refused_notes``)
                said += msg("load.note", note=note)
            return said
        if self.outcome == "unchanged":
            return msg("load.unchanged", file=self.named(), load_id=self.load_id)
        kind = CONTRACTS[self.kind].zh if self.kind in CONTRACTS else self.kind
        what = msg("load.what", rows=self.rows, kind=pair(kind or "", self.kind or ""))
        span = quarter_span(self.quarters)
        if span:
            what += msg("load.span", span=span)
        if self.stated_quarter:
            what += msg("load.quarter_stated")
        if self.chosen_sheet:
            what += msg("load.sheet", sheet=self.chosen_sheet)
        if self.units:
            what += msg("load.units", units=self.units)
        if self.outcome == "checked":
            said = msg("load.checked", file=file, what=what, replaced=self.replaced)
        else:
            said = msg(
                "load.loaded", file=file, what=what, load_id=self.load_id, replaced=self.replaced
            )
        if self.replaced and len(self.replaced_of) > 1:
            said += msg("load.replaced_system", **self.replaced_of)
        if self.system_changes:
            said += changes_note(self.system_changes)
        if self.replaced_not_in_file:
            said += self.not_in_file_note()
        if self.published:
            said += quarters_note("load.published", self.published)
        if self.restated:
            said += quarters_note("load.restated", self.restated)
        if self.ignored_columns:
            said += msg("load.ignored", columns=listed(self.ignored_columns))
        for note in self.notes:
            said += msg("load.note", note=note)
        return said

    @property
    def audited_ok(self) -> bool:
        """Whether the audit log records the load as done: loaded, or loaded before and so
        unchanged (which was written ``load FAILED``); a refused file is not."""
        return self.outcome in ("loaded", "unchanged")

    @property
    def audit_action(self) -> str:
        """The audit log's action for this load: an indicator-system file changes the system
        as a save on its page does (``indicators``: that page's audit lists both, so a leader
        reads there who changed a weight by file too); any other file is a ``load``."""
        return "indicators" if self.kind == "indicators" else "load"

    def not_in_file_note(self) -> Text:
        """What a file that replaces rows it does not restate should say: a monthly file
        loaded over the quarter's earlier months replaces them (its units' rows of its
        quarters), which is seldom what was meant. Said before a load (a check) and after it,
        in its tense, with the way back (withdrawing the load)."""
        key = "load.not_in_file" if self.outcome == "checked" else "load.not_in_file_done"
        said = msg(key, count=self.replaced_not_in_file)
        if self.open_findings_not_in_file:
            said += msg("load.note", note=self.open_findings_note())
        return said

    def open_findings_note(self, key: str = "load.open_findings_named", **fields) -> Text:
        """Of the replaced rows not in the file, the open findings (``OPEN_FINDING``): the
        replacing drops them from the rectification ledger, seldom what a correction meant.
        The first are named (``units_note``), for the analyst to find them in the file; ``key``
        and ``fields``: the upload log's note says the rows too (``load_note``)."""
        return units_note(
            key,
            self.open_findings_named,
            self.open_findings_not_in_file,
            more="load.open_findings_more",
            findings=self.open_findings_not_in_file,
            **fields,
        )


def load_file(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    *,
    kind: str | None = None,
    sheet: str | None = None,
    by: str = COMMAND_LINE,
    dry_run: bool = False,
    today: date | None = None,
    now: datetime | None = None,
    quarter: str | None = None,
    scope: Scope | None = None,
    received: date | None = None,
    system_editor: bool = True,
    batch: Sequence[LoadResult] = (),
) -> LoadResult:
    """Validate and load one file, all or nothing. Bad input returns a rejected result.

    ``quarter`` states the quarter of every row of a survey or activity file that has no
    quarter column (in any spelling the quarter columns accept). ``scope`` is the loader's
    (a ``etl.scope.Scope``; None: bureau-wide): a file naming a unit outside it is
    refused, its rows named (etl/scope_check.py). ``received`` is the day the file reached
    the bureau, for a file loaded long after (a new bureau's history): the upload log keeps
    it and lateness is judged by it (queries/late_loads.sql). ``system_editor``: whether the
    loader may change the indicator system (accounts.may_edit_system; the command line
    without an account holds the store and may); an indicator-system file is refused if not.
    ``batch``: the results of the files given before this one in the same command or upload
    (loaded, or checked in a dry run); a row of this file for the data one of them brought is
    refused (``refuse_batch_overlap``), by the dry run as by the load. A dry run checks the
    file against the registry as the batch's registry files checked before it would leave it
    (``batch_registry``): their load commits before this file's, so the load checks it so.
    """
    today = today or date.today()
    raw: RawTable | None = None
    try:
        quarter = stated_quarter(file_name, quarter, today) if quarter is not None else None
        raw = read_file(data, file_name, kind=kind, sheet=sheet, quarter=quarter)
        refuse_system_change(raw, system_editor)
        if dry_run:
            return check_only(con.cursor(), raw, today, quarter, scope, received, batch)
        try:
            # loaded_at: the moment of the write (of each attempt, if another writer got in
            # first), unless given, so that the log's times follow its load ids
            result = write(
                con,
                lambda cur: load_checked(
                    cur, raw, today, quarter, by, now or datetime.now(), scope, received, batch
                ),
            )
        except Unchanged as unchanged:  # rolled back: nothing to write
            return unchanged.result
        merge_when_many(con)
        return said_as_published(con, result)
    except FileRejected as rejected:
        chosen_sheet = raw.chosen_sheet if raw else sheet
        # a sheet named that the workbook lacks is the problem's value, not where it lies
        found_in = chosen_sheet if raw or sheet in workbook_sheets(data, file_name) else None
        result = LoadResult(
            file_name,
            raw.kind if raw else rejected.kind or kind,
            "rejected",
            # the quarters read, else the one stated for the file (read before its rows)
            quarters=rejected.quarters or ([quarter] if quarter else []),
            problems=[problem.in_sheet(found_in) for problem in rejected.problems],
            problem_total=rejected.total,
            chosen_sheet=chosen_sheet,
            notes=rejected.notes,
        )
        if not dry_run:
            log_refused(con, result, content_hash(data, sheet, quarter), by, now)
        return result


def log_refused(
    con: duckdb.DuckDBPyConnection,
    result: LoadResult,
    file_hash: str,
    by: str = COMMAND_LINE,
    now: datetime | None = None,
) -> None:
    """A refused file's line in the upload log (``result``: its load's or its dry run's, as
    the Upload page's check refused it). The file is refused already: a wait is for the line
    (which takes a load id, in turn), and is told so, not as a load waiting to load."""
    write(
        con,
        lambda cur: log_rejection(
            cur, result, file_hash, by, now or datetime.now(), result.quarters
        ),
        waiting="db.waiting_to_log_rejection",
    )


def said_as_published(con: duckdb.DuckDBPyConnection, result: LoadResult) -> LoadResult:
    """A load that leaves published quarters exactly as published (a correction taken back
    by sending the published file again: rows, registry or indicator system) says so, where
    it said it was a revision to publish again, which publishing then refused as nothing new.
    Asked once committed, as a withdrawal asks (``withdraw``), of the quarters the load
    revises, comparing the load's own tables first: a load that changes a figure stops
    there, and only one that put them back as published compares the rest."""
    if not result.published:
        return result
    cur = con.cursor()
    first = KIND_TABLES[result.kind]
    back = [q for q in result.published if unchanged_since(cur, q, first) is not None]
    if back:
        result.published = [q for q in result.published if q not in back]
        result.notes.append(quarters_note("load.as_published", back))
    return result


def refuse_system_change(raw: RawTable, system_editor: bool) -> None:
    """``FileRejected`` for an indicator-system file from a loader who may not change it."""
    if raw.kind == "indicators" and not system_editor:
        text = msg("file.system_editor_only")
        raise FileRejected([Problem.of(raw.file_name, None, None, "", text)])


class Unchanged(Exception):
    """The very file is loaded already: the write transaction ends without a change."""

    def __init__(self, result: LoadResult):
        super().__init__(result.file_name)
        self.result = result


# each closure of the registry table $registry: the quarter its row holds from and the quarter
# the unit's next row starts (the registry's macro unit_periods_of, etl/registry.sql)
CLOSURES_SQL = (
    "SELECT unit_code, from_quarter AS closed, next_from_quarter AS until, status "
    "FROM unit_periods_of($registry) WHERE closes_unit(status)"
)


# the note of each closing status: a merged unit (撤并) is said merged, not closed (撤销)
CLOSURE_NOTES = {CLOSED: "load.closed_with_data", MERGED: "load.merged_with_data"}


def closed_with_data(cur, frame: pl.DataFrame, registry: str = "units") -> list[Text]:
    """A note naming the file's units (``frame``) closed in quarters they have data of, with
    how many rows: those rows now count nowhere (a unit merged after it reported for the
    quarter; or the closure's quarter is a slip). Said, not refused: the bureau decides from
    when a unit is out. ``registry``: the table the closures are read from, the registry as
    the load leaves it (a dry run's: ``registry_after``). Units the file has no row of are
    left out: their closures were said when they were loaded. Then the closures' findings
    with no rectification recorded (``open_findings_leaving``)."""
    facts = " UNION ALL ".join(f"SELECT unit_code, quarter FROM {table}" for table in FACT_KINDS)
    install_registry_macros(cur)
    rows = cur.execute(
        f"WITH closed AS ({CLOSURES_SQL}) "
        f"SELECT c.unit_code, c.closed, c.status, count(*) FROM closed AS c JOIN ({facts}) AS f "
        "ON f.unit_code = c.unit_code AND f.quarter >= c.closed "
        "AND (c.until IS NULL OR f.quarter < c.until) "
        "WHERE list_contains($units, c.unit_code) "
        "GROUP BY ALL ORDER BY c.unit_code, c.closed",
        {
            "registry": registry,
            "units": frame.get_column("unit_code").unique().to_list(),
        },
    ).fetchall()
    notes = [msg(CLOSURE_NOTES[s], unit=u, closed=q, rows=n) for u, q, s, n in rows]
    return notes + open_findings_leaving(cur, frame, registry)


# an inspection row (of table alias {t}) that is an open finding: a finding with no
# rectification recorded, counted in the rectification ledger until one is
OPEN_FINDING = "{t}.finding IS NOT NULL AND {t}.rectified_on IS NULL"
# the note of each closing status on the unit's findings with no rectification recorded
LEAVING_NOTES = {CLOSED: "load.closed_open_findings", MERGED: "load.merged_open_findings"}


def open_findings_leaving(cur, frame: pl.DataFrame, registry: str = "units") -> list[Text]:
    """A note naming the file's units closed from a quarter with findings of earlier
    inspections that have no rectification recorded: from that quarter the unit is in no list
    or count, its rectification ledger included (docs/METHOD.md §8), so they leave the ledger
    as if rectified; the bureau's overdue count falls by them with no word. Said, not refused
    (what becomes of them is the bureau's decision); ``registry`` as for ``closed_with_data``."""
    rows = cur.execute(
        f"WITH closed AS ({CLOSURES_SQL}) "
        "SELECT c.unit_code, c.closed, c.status, count(*) FROM closed AS c "
        "JOIN inspections AS i ON i.unit_code = c.unit_code AND i.quarter < c.closed "
        f"WHERE {OPEN_FINDING.format(t='i')} "
        "AND list_contains($units, c.unit_code) "
        "GROUP BY ALL ORDER BY c.unit_code, c.closed",
        {
            "registry": registry,
            "units": frame.get_column("unit_code").unique().to_list(),
        },
    ).fetchall()
    return [msg(LEAVING_NOTES[s], unit=u, closed=q, findings=n) for u, q, s, n in rows]


# the temporary table a dry run of a registry file fills with the registry its load would leave
REGISTRY_AFTER = "_registry_after"


def closed_with_data_after(cur, frame: pl.DataFrame, registry: str = "units") -> list[Text]:
    """``closed_with_data`` for a dry run: on the registry the load would leave (the rows of
    ``registry`` without the file's keys, and the file's), in a temporary table of the cursor,
    so that the check says what the load will say and writes nothing to the store."""
    columns = ", ".join(TABLE_COLUMNS["units"])
    with incoming(cur, "units", frame):
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE {REGISTRY_AFTER} AS "
            f"SELECT {columns}, t.load_id FROM query_table($registry) AS t "
            f"ANTI JOIN {incoming_keys('units')} AS k ON {key_join('units')} "
            f"UNION ALL SELECT {columns}, NULL::BIGINT FROM _incoming",
            {"registry": registry},
        )
    try:
        return closed_with_data(cur, frame, REGISTRY_AFTER)
    finally:
        cur.execute(f"DROP TABLE IF EXISTS temp.{REGISTRY_AFTER}")


def rows_checked(cur, raw: RawTable, today: date, registry: str = "units") -> Checked:
    """The file's rows checked against the registry as ``cur`` sees it (the table
    ``registry``: a dry run's batch may bring registry rows, ``batch_registry``)."""
    return checked_rows(raw, today, registry_view(cur, registry))


# the temporary table a dry run fills with the registry the batch's earlier registry files
# would leave
BATCH_REGISTRY = "_batch_registry"


@contextmanager
def batch_registry(cur, batch: Sequence[LoadResult]):
    """The registry table a dry run checks a file against, for the block: ``units``, or, when
    registry files checked before it in the same batch would change the registry, a temporary
    table of the cursor holding the registry as their loads would leave it (each file's rows
    replace those with the same keys, in the batch's order, as ``replace_rows`` does). Their
    real load commits before the file's, so the file's load is checked against that
    registry: a new unit's registry and its data pass the dry run together, and data of a
    unit the batch closes is refused by it. Nothing is written to the store."""
    brought = [
        r.brought["units"]
        for r in batch
        if r.outcome == "checked" and r.kind == "units" and "units" in r.brought
    ]
    if not brought:
        yield "units"
        return
    columns = ", ".join(TABLE_COLUMNS["units"])
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE {BATCH_REGISTRY} AS SELECT {columns}, load_id FROM units"
    )
    try:
        for rows in brought:
            with incoming(cur, "units", rows):
                cur.execute(
                    f"DELETE FROM temp.{BATCH_REGISTRY} AS t USING {incoming_keys('units')} "
                    f"AS k WHERE {key_join('units')}"
                )
                cur.execute(
                    f"INSERT INTO temp.{BATCH_REGISTRY} SELECT {columns}, NULL FROM _incoming"
                )
        yield BATCH_REGISTRY
    finally:
        cur.execute(f"DROP TABLE IF EXISTS temp.{BATCH_REGISTRY}")


def checked(raw: RawTable, rows: Checked, quarter: str | None) -> LoadResult:
    """What a file that passed its checks would bring (outcome 'checked')."""
    frame = rows.frame
    return LoadResult(
        raw.file_name,
        raw.kind,
        "checked",
        rows=frame.height,
        quarters=rows.quarters,
        units=rows.units,
        ignored_columns=raw.ignored_columns,
        preview=frame.head(20),
        stated_quarter=quarter,
        chosen_sheet=raw.chosen_sheet,
        notes=raw.notes
        + undefined_indicators(raw.kind, frame)
        + satisfaction_given_twice(raw.kind, frame),
        file_hash=raw.sha256,
        headers=raw.headers,
    )


def undefined_indicators(kind: str, frame: pl.DataFrame) -> list[Text]:
    """A note naming the indicator system's codes that have no definition yet: no unit can
    score on them, so they are left out of every index and of the total weight until their
    definitions are written (docs/METHOD.md), and a load of them alone is no revision of a
    published quarter (etl/publish.py, ``IN_FORCE``)."""
    if kind != "indicators":
        return []
    defined = sorted(defined_indicator_files())
    missing = sorted(set(frame["indicator_code"].to_list()) - set(defined))
    # a likely typing error of a defined code (outpatient_satisfation): the row would be a new
    # indicator with no definition, and the one meant would keep its weight and targets
    like = {code: lookalike(code, defined) for code in missing}
    names = {row[0]: row for row in frame.select("indicator_code", "name_zh", "name_en").rows()}
    unlike = [named(*names[code]) for code in missing if like[code] is None]
    notes = [msg("load.undefined_indicators", codes=joined(unlike))] if unlike else []
    return notes + [
        msg("load.indicator_code_like", code=code, known=known)
        for code, known in like.items()
        if known is not None
    ]


def unchanged_and_next(cur, raw: RawTable) -> tuple[int | None, int]:
    """The load that brought this very file, if its rows are still the ones in force, and
    the next number in the upload log (``next_load_id``): one read of the log (on a lake each
    table read costs a catalog lookup)."""
    previous, next_id = cur.execute(
        "SELECT max(load_id) FILTER (WHERE file_hash = ? AND kind = ? AND outcome = 'loaded'), "
        f"{NEXT_LOAD_ID} FROM upload_log",
        [raw.sha256, raw.kind],
    ).fetchone()
    if previous is not None and superseded(cur, raw.kind, previous):
        previous = None
    return previous, next_id


def passed_checks(
    cur,
    raw: RawTable,
    today: date,
    quarter: str | None,
    scope: Scope | None,
    received: date | None,
    registry: str = "units",
) -> tuple[LoadResult, pl.DataFrame]:
    """Every check of a load, a dry run's as a real one's: the rows against their contract and
    the registry as ``cur`` sees it (or the table ``registry``: ``batch_registry``), the
    loader's scope and the day received. Raises ``FileRejected``; else the result so far and
    the checked rows. The rows outside the scope of a file refused for other problems are
    named with those (``with_scope_problems``)."""
    try:
        rows = rows_checked(cur, raw, today, registry)
    except FileRejected as rejected:
        notes = refused_notes(cur, raw, rejected.rows)
        quarters = read_quarters(rejected.rows)
        rejected = with_scope_problems(cur, raw, rejected, scope, registry)
        rejected.notes, rejected.quarters = notes, quarters
        raise rejected from None
    frame = rows.frame
    result = checked(raw, rows, quarter)
    try:
        refuse_out_of_scope(cur, raw, frame, scope, registry)
        check_received(
            raw.file_name, received, result.quarters, today, latest_reported(frame, raw.kind)
        )
    except FileRejected as rejected:
        rejected.quarters = result.quarters
        raise
    return result, frame


def read_quarters(rows: pl.DataFrame | None) -> list[str]:
    """The quarters the rows of a refused file were read as (``FileRejected.rows``), those
    that could be read; none when its rows were not read or hold no quarter."""
    if rows is None or "quarter" not in rows.columns:
        return []
    return sorted(rows.get_column("quarter").drop_nulls().unique().to_list())


def refused_notes(cur, raw: RawTable, rows: pl.DataFrame | None) -> list[Text]:
    """What the load of an indicator-system file refused for its problems would say of its
    weights (``weight_totals``), said with the problems: an analyst who corrected the problems
    learnt only then that the weights do not add up, and corrected the file twice. ``rows``:
    those the contract's checks read (``FileRejected.rows``); none said when a weight or a
    start quarter could not be read (the total would leave that weight out, or count it from
    the wrong quarter)."""
    if raw.kind != "indicators" or rows is None:
        return []
    unread = pl.col("weight").is_null() | (
        pl.col("from_quarter").is_null() & pl.col("from_quarter__text").is_not_null()
    )
    if rows.select(unread.any()).item():
        return []
    defined = sorted(defined_indicator_files())
    return weight_totals(cur, table_frames(raw.kind, rows)["indicators"], defined)


def with_scope_problems(
    cur, raw: RawTable, rejected: FileRejected, scope: Scope | None, registry: str
) -> FileRejected:
    """``rejected`` with the problems of its rows outside the loader's ``scope`` among its
    own, by row: a district's analyst sees every problem of the file in one round, not the
    scope's only once the others are fixed. The rows are those the contract's checks read
    (``FileRejected.rows``); a refusal before them (a formula cell, no data) is kept as is."""
    if rejected.rows is None:
        return rejected
    outside = out_of_scope(cur, raw, rejected.rows, scope, registry)
    if not outside:
        return rejected
    problems = sorted(rejected.problems + outside, key=lambda p: p.row or 0)
    return FileRejected(problems, rejected.total + len(outside), rejected.kind)


def check_only(
    cur,
    raw: RawTable,
    today: date,
    quarter: str | None,
    scope: Scope | None = None,
    received: date | None = None,
    batch: Sequence[LoadResult] = (),
) -> LoadResult:
    """A dry run: the checks and the notes (against the registry the batch's earlier registry
    files would leave, ``batch_registry``) and what the load would replace, nothing written."""
    with batch_registry(cur, batch) as registry:
        result, frame = passed_checks(cur, raw, today, quarter, scope, received, registry)
        refuse_batch_overlap(raw, frame, batch)
        previous, _ = unchanged_and_next(cur, raw)
        if previous is not None:
            result.outcome, result.load_id = "unchanged", previous
            return result
        result.brought = brought_rows(raw.kind, frame)
        tables = table_frames(raw.kind, frame)
        replaceable = {t: may_replace(cur, t, result.quarters) for t in tables}
        said_before_writing(cur, raw.kind, frame, result, replaceable, registry)
        if raw.kind == "units":
            result.notes += closed_with_data_after(cur, frame, registry)
    result.replaced_of = {t: count_replaced(cur, t, f) for t, f in tables.items()}
    result.replaced = sum(result.replaced_of.values())
    said_of_replacing(cur, result, tables, replaceable)
    return result


def said_before_writing(
    cur,
    kind: str,
    frame: pl.DataFrame,
    result: LoadResult,
    replaceable: dict[str, bool],
    registry: str = "units",
) -> None:
    """What a load (or its dry run) says of the store as it stands before the rows go in: the
    published quarters it revises and, for the registry, the units it regroups in every
    quarter and the districts it writes two ways, against the table ``registry`` (a dry run's
    batch may bring registry rows before the file's: ``batch_registry``). ``replaceable``:
    ``may_replace`` of each table the load writes."""
    starts = frame.get_column("from_quarter").unique().to_list() if kind in SYSTEM_KINDS else []
    result.published = revised_by(cur, kind, result.quarters, starts)
    if result.published and restates(cur, table_frames(kind, frame)):
        result.published, result.restated = [], result.published
    if kind == "units":
        result.notes += regrouped_in_every_quarter(cur, frame, registry)
        result.notes += new_in_every_quarter(cur, frame, registry)
        result.notes += left_out_of_whole_registry(cur, frame, registry)
        result.notes += merged_without_successor(frame)
        result.notes += lookalike_districts(cur, frame, registry)
    if kind == "inspections" and replaceable["inspections"]:
        result.notes += same_visit_under_another_type(cur, frame)
    if kind == "indicators":
        defined = sorted(defined_indicator_files())
        tables = table_frames(kind, frame)
        result.notes += weight_totals(cur, tables["indicators"], defined)
        result.notes += group_targets_kept(cur, tables["targets"], ALL_PEER_GROUPS)
        result.notes += targets_dropped(cur, tables["targets"], ALL_PEER_GROUPS)
        result.system_changes = system_changes(cur, tables["indicators"], tables["targets"])


def restates(cur, tables: dict[str, pl.DataFrame]) -> bool:
    """Whether a load's rows (``table_frames``) are exactly the rows they would replace,
    value for value and as many (the load id aside): a file sent again as it was, re-saved
    or re-typed. It changes no figure, so a published quarter it falls in stays as published:
    no revision is said or listed, its withdrawal takes none back, and publishing again for it
    alone is refused (etl/publish.py, ``unchanged_since``). Asked only of a load into a
    published quarter: it reads every row the load replaces."""
    for table, frame in tables.items():
        columns = ", ".join(TABLE_COLUMNS[table])
        prefixed = ", ".join(f"t.{c}" for c in TABLE_COLUMNS[table])
        with incoming(cur, table, frame):
            replaced = f"FROM {table} t SEMI JOIN {incoming_keys(table)} k ON {key_join(table)}"
            count, unmatched = cur.execute(
                f"SELECT (SELECT count(*) {replaced}), (SELECT count(*) FROM "
                f"(SELECT {columns} FROM _incoming EXCEPT ALL SELECT {prefixed} {replaced}))"
            ).fetchone()
        if count != frame.height or unmatched:
            return False
    return True


def same_visit_under_another_type(cur, frame: pl.DataFrame) -> list[Text]:
    """Rows of an inspections file whose unit, date and item the store holds already under
    another inspection type, which the file does not replace (a file replaces its own types
    of its units' quarters: types come from different teams): the visit would be scored
    twice. Said with those rows, the type and the load they came in, and how to correct a
    type (withdraw that load): a correction that only changed the type left the first rows
    in place, unsaid. Asked only when the store holds inspections of the file's quarters
    (``may_replace``): a day is in one quarter, and the rows' keys cost a million-row file a
    conversion and a join (bench/bench_load.py)."""
    keys = frame.select(ROW, "unit_code", "quarter", "inspection_date", "inspection_type", "item")
    cur.register("_visits", arrow_in_batches(keys))
    try:
        found = cur.execute(
            "SELECT v._row, t.inspection_type, t.load_id FROM inspections t JOIN _visits v "
            "ON t.unit_code = v.unit_code AND t.inspection_date = v.inspection_date "
            "AND t.item = v.item AND t.inspection_type <> v.inspection_type "
            "WHERE NOT EXISTS (SELECT 1 FROM _visits f WHERE f.unit_code = t.unit_code "
            "AND f.quarter = t.quarter AND f.inspection_type = t.inspection_type)"
        ).fetchall()
    finally:
        cur.unregister("_visits")
    if not found:
        return []
    rows = sorted({row for row, _, _ in found})
    types = sorted({kind for _, kind, _ in found})
    loads = sorted({load_id for _, _, load_id in found})
    text = msg(
        "load.same_visit_counted",
        count=len(rows),
        rows=row_ranges(rows),
        types=listed(types),
        loads=listed([str(load_id) for load_id in loads]),
    )
    return [text]


def revised_by(cur, kind: str, quarters: list[str], starts: list[str | None]) -> list[str]:
    """The published quarters a load of ``kind`` changes (and so its withdrawal): a fact load's
    those of its ``quarters`` (``published_among``); a registry or indicator-system load's every
    one from the earliest quarter its rows hold from (``starts``: their from_quarter; an
    empty one holds always)."""
    if kind not in SYSTEM_KINDS:
        return published_among(cur, quarters, kind)
    if not starts:
        return []
    return published_since(cur, None if None in starts else min(starts))


# how many units a note on the registry or on rows kept names (the rest counted)
UNITS_NAMED = 5


def regrouped_in_every_quarter(cur, frame: pl.DataFrame, registry: str = "units") -> list[Text]:
    """A note naming the registered units whose district or peer group a row without
    from_quarter changes: such a row holds for every quarter, so past quarters' rankings and
    totals change with it (and published ones are revised), where a bureau reclassifying a
    unit usually means from a quarter on. A district only respelt (``respelt``) is no move.

    The row compared is the one the undated row replaces: the unit's undated row (else its
    earliest), not its latest. A unit moved from 2026Q1 by a dated row, whose corrected
    registry restates the undated row as it was, changes in no quarter: compared with the
    latest row it was told it moved back in every quarter. ``registry``: the table of the
    registry rows, the stored ones or a dry run's batch's (``batch_registry``)."""
    if frame.get_column("from_quarter").null_count() == 0:
        return []
    install_registry_macros(cur)
    with incoming(cur, "units", frame):
        changes = cur.execute(
            "SELECT u.unit_code, [u.district, u.peer_group], [n.district, n.peer_group] "
            "FROM units_first_of($registry) AS u JOIN _incoming AS n USING (unit_code) "
            "WHERE n.from_quarter IS NULL "
            "AND (u.district <> n.district OR u.peer_group <> n.peer_group) ORDER BY 1",
            {"registry": registry},
        ).fetchall()
    changes = [(code, was, now) for code, was, now in changes if not respelt(was, now)]
    if not changes:
        return []
    named = [regrouped_unit(code, was, now) for code, was, now in changes[:UNITS_NAMED]]
    return [units_note("load.regrouped_everywhere", named, len(changes))]


def units_note(
    key: str, named: list[Text], total: int, more: str = "load.regrouped_more", **fields: object
) -> Text:
    """The note ``key`` naming the first units of ``total`` (``named``) and how many more (the
    catalogue's ``more``: units, or a unit's findings)."""
    left = total - len(named)
    return msg(
        key,
        units=joined(named, "text.list_sep"),
        more=msg(more, count=left) if left else "",
        **fields,
    )


def new_in_every_quarter(cur, frame: pl.DataFrame, registry: str = "units") -> list[Text]:
    """A note naming the units new to the registry in rows without from_quarter, when the
    store already has data: such a row holds from the beginning, so every quarter with data
    lists the unit as not reporting and without an index (and published ones are revised),
    where a unit added mid-year usually opens from a quarter on (``regrouped_in_every_quarter``
    says the same of a known unit's move)."""
    undated = frame.filter(pl.col("from_quarter").is_null()).get_column("unit_code").unique()
    if undated.is_empty():
        return []
    facts = " UNION ALL ".join(f"SELECT min(quarter) AS q FROM {table}" for table in FACT_KINDS)
    first, known = cur.execute(
        f"SELECT (SELECT min(q) FROM ({facts})), (SELECT list(DISTINCT unit_code) "
        "FROM query_table($registry) WHERE list_contains($codes, unit_code))",
        {"codes": undated.to_list(), "registry": registry},
    ).fetchone()
    new = sorted(set(undated.to_list()) - set(known or []))
    if first is None or not new:
        return []
    named = [same(code) for code in new[:UNITS_NAMED]]
    return [units_note("load.new_undated", named, len(new), first=first)]


# a registry file naming this share of the open registered units is taken for the whole
# registry (a year's new list), whose missing units are named; fewer: the changed rows alone
WHOLE_REGISTRY_SHARE = 0.8


def left_out_of_whole_registry(cur, frame: pl.DataFrame, registry: str = "units") -> list[Text]:
    """A note naming the open registered units that a whole registry (a file naming most of
    them: ``WHOLE_REGISTRY_SHARE``) leaves out: they stay registered and open, ranked and
    listed as not reporting, where a bureau that sent its new list may have meant them gone.
    A file of changed rows says nothing."""
    codes = frame.get_column("unit_code").unique()
    open_now = (
        cur.execute(
            "SELECT list(unit_code ORDER BY unit_code) FROM unit_periods_of($registry) "
            "WHERE next_from_quarter IS NULL AND NOT list_contains($closing, coalesce(status, ''))",
            {"registry": registry, "closing": list(CLOSING)},
        ).fetchone()[0]
        or []
    )
    missing = sorted(set(open_now) - set(codes.to_list()))
    if not missing or len(open_now) - len(missing) < WHOLE_REGISTRY_SHARE * len(open_now):
        return []
    named = [same(code) for code in missing[:UNITS_NAMED]]
    return [units_note("load.left_out_of_registry", named, len(missing), listed=codes.len())]


def merged_without_successor(frame: pl.DataFrame) -> list[Text]:
    """A note naming the units a registry file merges (撤并) without the unit they went into
    (上级单位编码): their later data are refused as merged "into another unit", which the
    analyst who must send them under the successor's code cannot tell."""
    if "status" not in frame.columns or "parent_code" not in frame.columns:
        return []
    merged = frame.filter((pl.col("status") == MERGED) & pl.col("parent_code").is_null())
    codes = merged.get_column("unit_code").unique().sort().to_list()
    if not codes:
        return []
    named = [same(code) for code in codes[:UNITS_NAMED]]
    return [units_note("load.merged_without_successor", named, len(codes))]


def respelt(was: list[str], now: list[str]) -> bool:
    """The same [district, peer group], the district written another way (新區 → 新区, 城关 →
    城关区): the fix ``lookalike_districts`` asks for, which is meant for every quarter, not a
    move."""
    if was[1] != now[1]:
        return False
    before, after = spelling_key(was[0]), spelling_key(now[0])
    return before == after or without_suffix(before) == after or without_suffix(after) == before


# the last character of a place's name that says its kind (城关区, 榆中县, 阿拉善左旗, 阿干镇):
# a registry that writes it on some rows and leaves it off on others (城关 beside 城关区) makes
# two places of one
DIVISION_SUFFIXES = "区县市旗州盟镇乡"


def without_suffix(key: str) -> str:
    """A ``spelling_key`` without the character that says the place's kind (城关区 → 城关),
    when at least two characters are left (新区 stays: 新 alone names nothing)."""
    if len(key) >= 3 and key[-1] in DIVISION_SUFFIXES:
        return key[:-1]
    return key


def regrouped_unit(code: str, was: list[str], now: list[str]) -> Text:
    """``U0003 (二级医院 → 三级医院)``: what changed of [district, peer group]."""
    pairs = [(w, n) for w, n in zip(was, now, strict=True) if w != n]
    before, after = ("/".join(side) for side in zip(*pairs, strict=True))
    return msg("load.regrouped_unit", unit=code, was=before, now=after)


# how many units a look-alike district spelling names (then how many in all)
LOOKALIKE_UNITS_NAMED = 3


def lookalike_districts(cur, frame: pl.DataFrame, registry: str = "units") -> list[Text]:
    """A note for each district the registry would hold in spellings that differ only in
    Traditional or Simplified characters, width, case or spacing (``spelling_key``: 新區 and
    新区), one of them in the file: each spelling is a district of its own to every list,
    ranking and scope, where one was surely meant. Said, not refused: text is kept as written,
    and the bureau knows its districts. The registry's rows are those the load leaves (its
    units' rows with the file's keys are replaced) and the file's; ``registry`` as
    ``regrouped_in_every_quarter``'s."""
    with incoming(cur, "units", frame):
        spellings = cur.execute(
            "SELECT district, list(DISTINCT unit_code ORDER BY unit_code), bool_or(in_file) "
            "FROM (SELECT district, unit_code, false AS in_file FROM query_table($registry) "
            f"AS t ANTI JOIN {incoming_keys('units')} AS k ON {key_join('units')} "
            "UNION ALL SELECT district, unit_code, true FROM _incoming) "
            "WHERE district IS NOT NULL GROUP BY district",
            {"registry": registry},
        ).fetchall()
    keys = {spelling_key(district) for district, _, _ in spellings}
    alike: dict[str, list[tuple[str, list[str], bool]]] = {}
    for district, units, in_file in spellings:
        alike.setdefault(alike_key(spelling_key(district), keys), []).append(
            (district, units, in_file)
        )
    notes = []
    for _, group in sorted(alike.items()):
        if len(group) < 2 or not any(in_file for _, _, in_file in group):
            continue
        # the spelling fewest units have first: the one that most likely strays
        group.sort(key=lambda spelling: (len(spelling[1]), spelling[0]))
        named = [lookalike_spelling(district, units) for district, units, _ in group]
        spelled = joined([joined(named[:-1]), named[-1]], "text.and_sep")
        # 城关 beside 城关区 differ by more than the characters' form: say by what
        suffixed = len({spelling_key(district) for district, _, _ in group}) > 1
        key = "load.lookalike_suffix" if suffixed else "load.lookalike_districts"
        notes.append(msg(key, spellings=spelled, count=len(group)))
    return notes


def alike_key(key: str, keys: set[str]) -> str:
    """The place a district's ``spelling_key`` names: the name without its kind (城关区 → 城关)
    when the registry also writes it so (城关 beside 城关区), else the key itself. 城关区
    beside 城关县 (no bare 城关) stay two places: a kind written differently is no slip."""
    bare = without_suffix(key)
    return bare if bare in keys else key


def lookalike_spelling(district: str, units: list[str]) -> Text:
    """``“新區”（U0003）``: a district as written, with the units written so."""
    codes = joined([same(code) for code in units[:LOOKALIKE_UNITS_NAMED]])
    if len(units) > LOOKALIKE_UNITS_NAMED:
        codes += msg("load.lookalike_more", count=len(units))
    return msg("load.lookalike_spelling", district=district, units=codes)


def load_checked(
    cur,
    raw: RawTable,
    today: date,
    quarter: str | None,
    by,
    now,
    scope: Scope | None = None,
    received: date | None = None,
    batch: Sequence[LoadResult] = (),
) -> LoadResult:
    """Inside the write transaction: check the rows against the registry as committed now
    (their units, and that the loader's scope holds each unit) and against the loads of the
    batch so far, then replace and log. Run again from the start if another writer committed
    first."""
    result, frame = passed_checks(cur, raw, today, quarter, scope, received)
    refuse_batch_overlap(raw, frame, batch)
    previous, load_id = unchanged_and_next(cur, raw)
    if previous is not None:
        result.outcome, result.load_id = "unchanged", previous
        raise Unchanged(result)
    tables = table_frames(raw.kind, frame)
    result.brought = brought_rows(raw.kind, frame)
    replaceable = {t: may_replace(cur, t, result.quarters) for t in tables}
    said_before_writing(cur, raw.kind, frame, result, replaceable)
    said_of_replacing(cur, result, tables, replaceable)
    result.replaced_of = {
        t: replace_rows(cur, t, f, load_id, replaceable[t]) for t, f in tables.items()
    }
    replaced = sum(result.replaced_of.values())
    if raw.kind == "units":
        result.notes += closed_with_data(cur, frame)
    if raw.kind == "indicators":
        result.notes += overridden_notes(cur, load_id)
    log_load(cur, load_id, raw, result, replaced, by, now, received)
    result.outcome, result.load_id, result.replaced = "loaded", load_id, replaced
    return result


def brought_rows(kind: str, frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The rows a load brings to the table a later file of its batch may not also bring,
    by their row number and key (``LoadResult.brought``); the registry's whole, which a dry
    run of a later file of the batch is checked against (``batch_registry``)."""
    table = batch_table(kind)
    if table is None:
        return {}
    columns = TABLE_COLUMNS[table] if table == "units" else REPLACE_KEYS[table]
    return {table: frame.select(ROW, *columns)}


def batch_table(kind: str | None) -> str | None:
    """The table whose rows two files of one batch may not both bring: a fact file's, the
    registry's; none for the indicator system (its rows are read together with their file)."""
    return None if kind not in KIND_TABLES or kind == "indicators" else KIND_TABLES[kind][0]


def refuse_batch_overlap(raw: RawTable, frame: pl.DataFrame, batch: Sequence[LoadResult]) -> None:
    """``FileRejected`` with ``batch_overlaps`` of the file's rows, if any."""
    table = batch_table(raw.kind)
    if table is None or not batch:
        return
    rows = brought_rows(raw.kind, frame)[table]
    problems = batch_overlaps(raw.file_name, raw.kind, rows, batch, raw.sha256, raw.headers)
    if problems:
        raise FileRejected(problems[:MAX_PROBLEMS], len(problems), raw.kind)


def batch_overlaps(
    file_name: str,
    kind: str,
    rows: pl.DataFrame,
    batch: Sequence[LoadResult],
    file_hash: str,
    headers: dict[str, str],
) -> list[Problem]:
    """A problem for each of a file's ``rows`` (row number and key) whose data (its unit,
    quarter and, for surveys and inspections, type) a file given before it in the same batch
    brought or, in a dry run, would bring: loaded, it would replace that file's rows unseen,
    the batch's last file winning (a unit in two districts' files). Each file alone is checked
    against the store before the batch, so no other check says so. A file the very same as
    one before it (``file_hash``: one attachment saved twice, 满意度.csv and 满意度(1).csv) is
    one problem, given twice: deleting rows from either, as the rows' problems say, would
    lose data. ``headers``: the file's, by column name, to name the key columns as it does."""
    table = batch_table(kind)
    keys = list(REPLACE_KEYS[table])
    column = key_columns_headed(kind, keys, headers)
    problems = []
    for earlier in batch:
        if earlier.outcome not in ("loaded", "checked") or table not in earlier.brought:
            continue
        if file_hash and earlier.file_hash == file_hash:
            text = msg("load.batch_same_file", file=earlier.named())
            return [Problem.of(file_name, None, None, "", text)]
        theirs = earlier.brought[table].select(keys).unique()
        hits = rows.join(theirs, on=keys, how="semi", nulls_equal=True)
        if earlier.load_id is None:  # a dry run's: checked, not loaded
            text = msg("load.batch_overlap_checked", file=earlier.named())
        else:
            text = msg("load.batch_overlap", file=earlier.named(), load_id=earlier.load_id)
        problems += [
            Problem.of(file_name, row, column, "", text) for row in hits.get_column(ROW).to_list()
        ]
    return sorted(problems, key=lambda problem: problem.row)


def key_columns_headed(kind: str, keys: list[str], headers: dict[str, str]) -> str:
    """Key columns as the file heads them (机构编码/督查日期/检查方式), as a duplicate row's
    are named: a quarter the file has no column for by the date it comes from, a column it
    lacks (a quarter stated when loading) by its Chinese name (``etl.validate.as_headed``)."""
    dated = DATE_OF_QUARTER.get(kind)
    named = [dated if k == "quarter" and k not in headers and dated in headers else k for k in keys]
    return as_headed(CONTRACTS[kind], named, headers)


def refused_after(result: LoadResult, earlier: Sequence[LoadResult]) -> LoadResult:
    """A file's dry run (checked alone, kept: the Upload page's), refused as its load will be
    if it would bring data one of the ``earlier`` files of its batch brings
    (``batch_overlaps``); else as it was."""
    table = batch_table(result.kind)
    if result.outcome != "checked" or table not in result.brought:
        return result
    problems = batch_overlaps(
        result.file_name,
        result.kind,
        result.brought[table],
        earlier,
        result.file_hash,
        result.headers,
    )
    if not problems:
        return result
    return LoadResult(
        result.file_name,
        result.kind,
        "rejected",
        problems=[p.in_sheet(result.chosen_sheet) for p in problems[:MAX_PROBLEMS]],
        problem_total=len(problems),
        chosen_sheet=result.chosen_sheet,
    )


def table_frames(kind: str, frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The rows each table of the kind receives: an indicator-system file gives one indicators
    row per indicator and from_quarter (its weight from that quarter on) and one targets row
    per line with a target."""
    if kind == "indicators":
        indicators = frame.unique(
            ["indicator_code", "from_quarter"], keep="first", maintain_order=True
        ).with_columns(pl.col("unit").fill_null("number"))
        targets = frame.filter(pl.col("target").is_not_null()).with_columns(
            pl.col("peer_group").fill_null(ALL_PEER_GROUPS)
        )
        return {
            "indicators": indicators.select(TABLE_COLUMNS["indicators"]),
            "targets": targets.select(TABLE_COLUMNS["targets"]),
        }
    table = KIND_TABLES[kind][0]
    return {table: frame.select(TABLE_COLUMNS[table])}


def key_join(table: str) -> str:
    """Rows with the same key; a from_quarter left empty (from the beginning) is a key too."""
    return " AND ".join(
        f"t.{k} IS NOT DISTINCT FROM k.{k}" if k in NULLABLE_KEYS else f"t.{k} = k.{k}"
        for k in REPLACE_KEYS[table]
    )


def incoming_keys(table: str) -> str:
    """The replacement keys of the registered ``_incoming`` rows, as a subquery (DuckDB finds
    the distinct keys of a million rows in parallel, faster than Polars: bench/bench_load.py)."""
    return f"(SELECT DISTINCT {', '.join(REPLACE_KEYS[table])} FROM _incoming)"


@contextmanager
def incoming(cur: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, joined: bool = True):
    """The rows for ``table`` registered on the cursor as ``_incoming`` for the block.
    ``joined``: False when the block only reads them whole (``replace_rows``' INSERT of a
    file that replaces nothing), so that their text may go in Polars' own layout
    (``arrow_in_batches``)."""
    rows = frame.select(TABLE_COLUMNS[table])
    cur.register("_incoming", arrow_in_batches(rows, views=not joined))
    try:
        yield
    finally:
        cur.unregister("_incoming")


def count_replaced(cur: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    with incoming(cur, table, frame):
        return cur.execute(
            f"SELECT count(*) FROM {table} t SEMI JOIN {incoming_keys(table)} k "
            f"ON {key_join(table)}"
        ).fetchone()[0]


# how many open findings left out by a correction its note names (then how many more)
OPEN_FINDINGS_NAMED = 5


def count_not_in_file(
    cur: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, replaceable: bool
) -> tuple[int, int, list[Text]]:
    """The rows the file replaces although it has no row with their key (a fact table's
    contract key: the unit, quarter, date, type…): e.g. July's rows, replaced by August's
    file of the same quarter; how many of them are open findings (``OPEN_FINDING``), which
    leave the rectification ledger with them, and the first of those named (by one more query,
    asked only when there are any). Counted before they are replaced; 0 when nothing can be
    (``replaceable``: ``may_replace``)."""
    if not replaceable or table not in FACT_KINDS:
        return 0, 0, []
    if set(CONTRACTS[table].key) == set(REPLACE_KEYS[table]):
        return 0, 0, []
    same_row = " AND ".join(f"t.{k} IS NOT DISTINCT FROM i.{k}" for k in CONTRACTS[table].key)
    left_out = (
        f"FROM {table} t SEMI JOIN {incoming_keys(table)} k ON {key_join(table)} "
        f"WHERE NOT EXISTS (SELECT 1 FROM _incoming i WHERE {same_row})"
    )
    findings = "0"
    if table == "inspections":
        findings = f"count(*) FILTER (WHERE {OPEN_FINDING.format(t='t')})"
    with incoming(cur, table, frame):
        rows, open_findings = cur.execute(f"SELECT count(*), {findings} {left_out}").fetchone()
        if not open_findings:
            return rows, 0, []
        first = cur.execute(
            f"SELECT t.unit_code, t.inspection_date, t.item {left_out} "
            f"AND {OPEN_FINDING.format(t='t')} ORDER BY 1, 2, 3 LIMIT {OPEN_FINDINGS_NAMED}"
        ).fetchall()
    named = [msg("load.open_finding", unit=u, date=d, item=i) for u, d, i in first]
    return rows, open_findings, named


def said_of_replacing(
    cur, result: LoadResult, tables: dict[str, pl.DataFrame], replaceable: dict[str, bool]
) -> None:
    """What a load will replace beyond the file's own rows, and what of its units' quarters it
    leaves in force: said by a dry run and by the load, before the rows are replaced."""
    for t, f in tables.items():
        not_in_file(result, count_not_in_file(cur, t, f, replaceable[t]))
        result.notes += kept_of_other_types(cur, t, f, replaceable[t])


def kept_of_other_types(
    cur: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, replaceable: bool
) -> list[Text]:
    """The earlier rows a load leaves in force of a type the file has, for units of the file
    that have no row of that type in the quarter any more, one note per type. Inspections
    and surveys are replaced type by type (``replaces_by``: a file of one team's 巡查 visits
    leaves the 暗访 ones), so a correction meant as a quarter's whole truth that dropped a
    unit's only 暗访 row kept the old one, unsaid. A file without a type at all (one team's)
    says nothing of it. Named with the first units and the loads that brought the rows: the
    way to take them out is to withdraw those loads."""
    typed = [k for k in REPLACE_KEYS.get(table, ()) if k not in ("unit_code", "quarter")]
    if not replaceable or table not in FACT_KINDS or len(typed) != 1:
        return []
    (column,) = typed
    sql = (
        f"SELECT t.{column}, count(*), count(DISTINCT t.unit_code), "
        f"list_sort(list(DISTINCT t.unit_code))[:{UNITS_NAMED}], "
        f"list_sort(list(DISTINCT t.load_id)) FROM {table} t "
        "SEMI JOIN (SELECT DISTINCT unit_code, quarter FROM _incoming) u "
        "ON t.unit_code = u.unit_code AND t.quarter = u.quarter "
        f"SEMI JOIN (SELECT DISTINCT quarter, {column} FROM _incoming) y "
        f"ON t.quarter = y.quarter AND t.{column} = y.{column} "
        f"ANTI JOIN (SELECT DISTINCT unit_code, quarter, {column} FROM _incoming) k "
        f"ON t.unit_code = k.unit_code AND t.quarter = k.quarter AND t.{column} = k.{column} "
        "GROUP BY 1 ORDER BY 1"
    )
    with incoming(cur, table, frame):
        kept = cur.execute(sql).fetchall()
    label = pair(CONTRACTS[table].column(column).zh, column.replace("_", " "))
    return [
        msg(
            "load.kept_other_type",
            rows=rows,
            units=units,
            codes=listed(codes) + same("…" if units > len(codes) else ""),
            column=label,
            value=same(value),
            loads=listed([str(load_id) for load_id in loads]),
        )
        for value, rows, units, codes, loads in kept
    ]


def not_in_file(result: LoadResult, counted: tuple[int, int, list[Text]]) -> None:
    """Add a table's ``count_not_in_file`` to the load's: rows, open findings and their names."""
    rows, findings, named = counted
    result.replaced_not_in_file += rows
    result.open_findings_not_in_file += findings
    result.open_findings_named += named[: OPEN_FINDINGS_NAMED - len(result.open_findings_named)]


def may_replace(cur: duckdb.DuckDBPyConnection, table: str, quarters: list[str]) -> bool:
    """False when the table holds no row of the file's ``quarters``, so nothing can be replaced
    (finding the distinct keys of a million incoming rows has a cost, bench/bench_load.py; the
    usual new quarter needs none)."""
    if "quarter" not in REPLACE_KEYS[table]:
        return True
    sql = f"SELECT EXISTS (SELECT 1 FROM {table} WHERE list_contains($quarters, quarter))"
    return cur.execute(sql, {"quarters": quarters}).fetchone()[0]


def replace_rows(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    frame: pl.DataFrame,
    load_id: int,
    replaceable: bool,
) -> int:
    """Archive the rows the new ones correct, delete them, insert the new rows. Columns are
    named: a store whose tables gained a column (ALTER TABLE … ADD COLUMN) has it after
    replaced_by in the archive. ``replaceable``: ``may_replace`` said the table may hold
    rows to replace (asked once per load, before counting and replacing)."""
    columns = ", ".join(TABLE_COLUMNS[table])
    prefixed = ", ".join(f"t.{c}" for c in TABLE_COLUMNS[table])
    with incoming(cur, table, frame, joined=replaceable):
        replaced = 0
        if replaceable:
            replaced = cur.execute(
                f"INSERT INTO archive_{table} ({columns}, load_id, replaced_by) "
                f"SELECT {prefixed}, t.load_id, {int(load_id)} FROM {table} t "
                f"SEMI JOIN {incoming_keys(table)} k ON {key_join(table)}"
            ).fetchone()[0]
        if replaced:
            cur.execute(
                f"DELETE FROM {table} t USING {incoming_keys(table)} k WHERE {key_join(table)}"
            )
        cur.execute(
            f"INSERT INTO {table} ({columns}, load_id) "
            f"SELECT {columns}, {int(load_id)} FROM _incoming"
        )
    return replaced


def arrow_in_batches(frame: pl.DataFrame, views: bool = False) -> pa.Table:
    """The frame as an Arrow table of row-group-sized batches: DuckDB scans the batches of an
    Arrow table in parallel, a single batch on one thread (bench/bench_load.py times the
    million-row loads). Text goes as large strings unless ``views``: Arrow string views are
    Polars' own layout (no copy of the text, a tenth of a million-row load's conversion), but
    DuckDB pushes a join's filters into the Arrow rows it scans (a hash join's key range,
    ``unit_code = 'H001'``), and pyarrow 26 compares no string view with a string, so a
    correction of one unit's rows in a small store stopped with ArrowNotImplementedError
    (tests/etl/test_load.py). Views are for rows no statement joins on."""
    compat = pl.CompatLevel.newest() if views else pl.CompatLevel.oldest()
    table = frame.rechunk().to_arrow(compat_level=compat)
    return pa.Table.from_batches(table.to_batches(max_chunksize=ARROW_BATCH_ROWS), table.schema)


# the next number in the upload log, over its rows
NEXT_LOAD_ID = "coalesce(max(load_id), 0) + 1"


def next_load_id(cur: duckdb.DuckDBPyConnection) -> int:
    """The next number in the upload log: writers take turns (etl.db.write), so the numbers
    follow the order in which loads committed."""
    return cur.execute(f"SELECT {NEXT_LOAD_ID} FROM upload_log").fetchone()[0]


def check_received(
    file_name: str,
    received: date | None,
    quarters: list[str],
    today: date,
    latest: date | None = None,
) -> None:
    """A day received can be neither after today nor before the latest quarter of the file
    began, nor before the latest day it reports (``latest``: an inspection, a rectification,
    an activity; its report cannot have arrived then): a mistyped year or day would otherwise
    quietly turn a late file into one on time."""
    if received is None:
        return
    if received > today:
        text = msg("file.received_future", today=today.isoformat())
        raise FileRejected([Problem.of(file_name, None, None, received.isoformat(), text)])
    if quarters and received < quarter_start(quarters[-1]):
        start = quarter_start(quarters[-1]).isoformat()
        text = msg("file.received_early", quarter=quarters[-1], start=start)
        raise FileRejected([Problem.of(file_name, None, None, received.isoformat(), text)])
    if latest is not None and received < latest:
        text = msg("file.received_before_reported", latest=latest.isoformat())
        raise FileRejected([Problem.of(file_name, None, None, received.isoformat(), text)])


def reported_days(kind: str) -> list[str]:
    """The columns of a kind's days of what happened (an inspection, a rectification, an
    activity): those its contract says cannot lie after today (rule ``not_in_future``)."""
    rules = CONTRACTS[kind].rules if kind in CONTRACTS else ()
    return [c for rule in rules if rule.check == "not_in_future" for c in rule.columns]


def latest_reported(frame: pl.DataFrame, kind: str) -> date | None:
    """The latest day the checked rows report (``reported_days``), None when they have none."""
    days = [c for c in reported_days(kind) if c in frame.columns]
    if not days or frame.is_empty():
        return None
    return frame.select(pl.max_horizontal(pl.col(days).max())).item()


def log_load(
    cur, load_id: int, raw: RawTable, result: LoadResult, replaced: int, by, now, received=None
):
    note = load_note(raw, result)
    cur.execute(
        "INSERT INTO upload_log (load_id, file_name, file_hash, kind, quarters, unit_count, "
        "row_count, replaced_rows, loaded_by, loaded_at, outcome, problem_count, message, "
        "message_key, message_values, received_on, sheet, restated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', 0, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            raw.file_name,
            raw.sha256,
            raw.kind,
            ",".join(result.quarters),
            result.units,
            result.rows,
            replaced,
            by,
            now,
            *logged(note),
            received,
            raw.chosen_sheet,
            bool(result.restated),
        ],
    )


def logged(text: Text | None) -> tuple[str | None, str | None, str | None]:
    """A log entry's message as the log keeps it: in English (``message``, what tools outside
    Civbench read), and as its key and values (what Civbench's pages say in their reader's
    language)."""
    if text is None:
        return None, None, None
    return text.en, text.key, text.as_json()


def load_note(raw: RawTable, result: LoadResult) -> Text | None:
    """What the upload log should say besides the counts: columns ignored, a stated quarter,
    the replaced rows not in the file and the open findings among them."""
    notes = []
    if raw.ignored_columns:
        notes.append(msg("log.ignored_columns", columns=listed(raw.ignored_columns)))
    if result.stated_quarter:
        notes.append(msg("log.quarter_stated", quarter=result.stated_quarter))
    if result.open_findings_not_in_file:
        # which findings left the rectification ledger, said long after the load
        # (``log.not_in_file``, the rows alone, stays for the entries written with it)
        notes.append(
            result.open_findings_note("log.not_in_file_open", count=result.replaced_not_in_file)
        )
    elif result.replaced_not_in_file:
        notes.append(msg("log.not_in_file", count=result.replaced_not_in_file))
    notes += result.notes
    return joined(notes, "text.semicolon_sep") if notes else None


def log_rejection(
    cur, result: LoadResult, file_hash: str, by: str, now: datetime, quarters: list[str]
) -> None:
    """A refused file in the upload log, with the ``quarters`` of its rows when they were
    read (else none)."""
    problems = lines([p.described() for p in result.problems[:20]])
    cur.execute(
        "INSERT INTO upload_log (load_id, file_name, file_hash, kind, quarters, loaded_by, "
        "loaded_at, outcome, problem_count, message, message_key, message_values, sheet) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'rejected', ?, ?, ?, ?, ?)",
        [
            next_load_id(cur),
            result.file_name,
            file_hash,
            result.kind,
            ",".join(quarters) or None,
            by,
            now,
            result.problem_total,
            *logged(msg("log.rejected", problems=problems)),
            result.chosen_sheet,
        ],
    )


def withdraw(
    con: duckdb.DuckDBPyConnection,
    load_id: int,
    by: str = COMMAND_LINE,
    now: datetime | None = None,
    scope: Scope | None = None,
    system_editor: bool = True,
) -> Withdrawal:
    """Remove a load's rows and restore what it replaced; says how many of each. A scoped
    account (``scope``) may withdraw only loads whose every unit lies in its scope, and only
    one who may change the indicator system (``system_editor``) a load of it."""
    now = now or datetime.now()
    done = write(con, lambda cur: withdraw_load(cur, load_id, by, now, scope, system_editor))
    # asked once committed: inside the write, a DuckLake read of a publication's snapshot
    # also sees the rows the write restored, and the quarter would never read as published
    cur = con.cursor()
    first = KIND_TABLES.get(done.kind, ())
    again = tuple(q for q in done.after_publication if unchanged_since(cur, q, first) is not None)
    return replace(done, as_published=again)


def changes_listed(changes: Sequence[Text]) -> Text:
    """Weights and targets changed (etl/system_notes.py), the first ``CHANGES_LISTED`` of them
    and how many more: a load's summary, its withdrawal's and the Upload page's words."""
    listed_here = joined(changes[:CHANGES_LISTED], "text.semicolon_sep")
    more = len(changes) - CHANGES_LISTED
    return listed_here + msg("load.changes_more", count=more) if more > 0 else listed_here


def changes_note(changes: Sequence[Text]) -> Text:
    """ "；变更：…" after a load's or a withdrawal's summary (``changes_listed``)."""
    return msg("load.system_changes", changes=changes_listed(changes))


@dataclass(frozen=True)
class Withdrawal:
    removed: int  # the load's rows, taken out
    restored: int  # the rows it had replaced, back in force
    published: tuple[str, ...] = ()  # its quarters already published: now a revision
    # of those, the ones published before the load came: its withdrawal takes a revision back
    after_publication: tuple[str, ...] = ()
    # of these, the ones it leaves exactly as published (no other change since remains), as
    # read once it is committed (withdraw)
    as_published: tuple[str, ...] = ()
    # the load's kind (etl/contracts.py), for its audit action; not what was done, so two
    # withdrawals that removed and restored alike compare equal whatever their kind
    kind: str = field(default="", compare=False)
    # the rows removed from each table, for a kind that writes two (an indicator system's
    # indicators and targets: its load counted the file's lines, one for both)
    removed_of: dict[str, int] = field(default_factory=dict, compare=False)
    # an indicator system's weights and targets it puts back, the load's → the restored
    # (etl/system_notes.py ``withdrawal_changes``)
    changes: tuple[Text, ...] = field(default=(), compare=False)

    @property
    def audit_action(self) -> str:
        return withdrawal_action(self.kind)

    def with_changes(self, said: Text) -> Text:
        """``said`` (the command line's or the audit log's summary) and the weights and
        targets put back after it, when there are any."""
        return said + changes_note(self.changes) if self.changes else said

    def said(self, key: str, load_id: int) -> Text:
        """The rows removed and restored, as ``key`` says them (``cli.withdrew``,
        ``upload.withdrawn``), or, when rows of two tables went, its ``_system`` form with
        each table's."""
        if sum(1 for rows in self.removed_of.values() if rows) > 1:
            fields = {"load_id": load_id, "rows": self.removed, "restored": self.restored}
            return msg(f"{key}_system", **fields, **self.removed_of)
        return msg(key, load_id=load_id, rows=self.removed, restored=self.restored)

    def notes(self) -> list[tuple[str, tuple[str, ...]]]:
        """What the withdrawal means for published quarters, as (catalogue key, quarters),
        those with no quarter left out: a revision made, a revision taken back while other
        changes since publication remain (publish again to issue them), or the quarter left
        as published (nothing to publish again). The command line and the Upload page say
        these alike."""
        still_revised = tuple(q for q in self.after_publication if q not in self.as_published)
        notes = [
            ("withdraw.published", self.published),
            ("withdraw.after_publication", still_revised),
            ("withdraw.as_published", self.as_published),
        ]
        return [(key, quarters) for key, quarters in notes if quarters]


def withdraw_load(
    cur,
    load_id: int,
    by: str,
    now: datetime,
    scope: Scope | None = None,
    system_editor: bool = True,
) -> Withdrawal:
    row = cur.execute(
        "SELECT kind, outcome, quarters, restated FROM upload_log WHERE load_id = ?", [load_id]
    ).fetchone()
    if row is None:
        raise WithdrawRefused(msg("withdraw.no_load", load_id=load_id))
    kind, outcome, quarters, restated = row
    tables = KIND_TABLES[kind]
    try:
        refuse_withdrawal(cur, load_id, kind, outcome, scope, system_editor)
    except WithdrawRefused as refused:
        raise WithdrawRefused(refused.text, kind) from None
    units = withdrawn_units(cur, tables, load_id)
    correction = was_correction(cur, kind, load_id)
    starts = load_starts(cur, tables, load_id) if kind in SYSTEM_KINDS else []
    changes = tuple(withdrawal_changes(cur, load_id)) if kind == "indicators" else ()
    removed_of, restored = {}, 0
    for table in tables:
        columns = ", ".join(TABLE_COLUMNS[table])
        deleted = cur.execute(f"DELETE FROM {table} WHERE load_id = ?", [load_id]).fetchone()[0]
        removed_of[table] = deleted
        restored += cur.execute(
            f"INSERT INTO {table} ({columns}, load_id) SELECT {columns}, load_id "
            f"FROM archive_{table} WHERE replaced_by = ?",
            [load_id],
        ).fetchone()[0]
        cur.execute(f"DELETE FROM archive_{table} WHERE replaced_by = ?", [load_id])
    if kind == "units":
        refuse_orphan_facts(cur, load_id)
        refuse_registry_withdrawal_out_of_scope(cur, units, load_id, scope)
    cur.execute(
        "UPDATE upload_log SET outcome = 'withdrawn', withdrawn_by = ?, withdrawn_at = ?, "
        "withdrawn_units = ?, withdrawn_correction = ? WHERE load_id = ?",
        [by, now, units, correction, load_id],
    )
    removed = sum(removed_of.values())
    said = {"kind": kind, "removed_of": removed_of, "changes": changes}
    if restated:  # it changed no figure: taking it back changes none either
        return Withdrawal(removed, restored, **said)
    published = revised_by(cur, kind, [q for q in (quarters or "").split(",") if q], starts)
    later = after_publication(cur, published, load_id)
    revised = tuple(q for q in published if q not in later)
    return Withdrawal(removed, restored, revised, tuple(later), **said)


def refuse_withdrawal(
    cur, load_id: int, kind: str, outcome: str, scope: Scope | None, system_editor: bool
) -> None:
    """``WithdrawRefused`` for a load that is not in force, an indicator-system load and an
    account that may not change the system, a load outside the account's scope, or one a
    later load has replaced rows of."""
    if outcome != "loaded":
        state = pair(outcome_label(outcome, "zh"), outcome)
        raise WithdrawRefused(msg("withdraw.not_loaded", load_id=load_id, outcome=state))
    if kind == "indicators" and not system_editor:
        raise WithdrawRefused(msg("withdraw.system_editor_only", load_id=load_id))
    tables = KIND_TABLES[kind]
    refuse_load_action_out_of_scope(cur, kind, tables, load_id, scope)
    later = superseding_loads(cur, tables, load_id)
    if later:
        later_ids = pair("、".join(map(str, later)), ", ".join(map(str, later)))
        raise WithdrawRefused(
            msg("withdraw.superseded_counted", load_id=load_id, later=later_ids, count=len(later))
        )


def load_starts(cur, tables: tuple[str, ...], load_id: int) -> list[str | None]:
    """The from_quarter of each row a registry or indicator-system load brought, once each."""
    union = " UNION ".join(f"SELECT from_quarter FROM {t} WHERE load_id = $id" for t in tables)
    return [row[0] for row in cur.execute(union, {"id": load_id}).fetchall()]


def withdrawn_units(cur, tables: tuple[str, ...], load_id: int) -> list[str] | None:
    """The units whose rows the load brought, for the log to keep once they are gone (a
    scoped reader's list of loads: queries/scope.py); none for the indicator system's."""
    parts = [
        f"SELECT unit_code FROM {t} WHERE load_id = $id"
        for t in tables
        if "unit_code" in TABLE_COLUMNS[t]
    ]
    if not parts:
        return None
    sql = f"SELECT list(DISTINCT unit_code ORDER BY unit_code) FROM ({' UNION ALL '.join(parts)})"
    return cur.execute(sql, {"id": load_id}).fetchone()[0]


def was_correction(cur, kind: str, load_id: int) -> bool | None:
    """Whether a fact load is a correction (the macro ``load_corrections``, which
    queries/late_loads.sql applies too). Its rows and the ones it replaced leave those tables
    with its withdrawal, so the log keeps the answer (a withdrawn correction stays one); none
    for a load of the registry or the indicator system, which is never judged late."""
    if kind not in FACT_KINDS:  # the kinds judged against the deadline
        return None
    install_corrections_macro(cur)
    found = cur.execute(
        "SELECT correction FROM load_corrections() WHERE load_id = ?", [load_id]
    ).fetchone()
    return found is not None and found[0]


def withdrawal_text(
    load_id: int, done: Withdrawal | None = None, refusal: Text | None = None
) -> Text:
    """What the audit log says of a withdrawal, from the Upload page or the command line:
    ``done`` or refused (``refusal``, the reason)."""
    if refusal is not None or done is None:
        return msg("log.withdraw_refused", load_id=load_id, reason=refusal)
    rows, restored = done.removed, done.restored
    return done.with_changes(
        msg("log.withdrawn_restored", load_id=load_id, rows=rows, restored=restored)
    )


def superseded(cur, kind: str, load_id: int) -> bool:
    return bool(superseding_loads(cur, KIND_TABLES[kind], load_id))


def superseding_loads(cur, tables: tuple[str, ...], load_id: int) -> list[int]:
    found: set[int] = set()
    for table in tables:
        rows = cur.execute(
            f"SELECT DISTINCT replaced_by FROM archive_{table} WHERE load_id = ?", [load_id]
        ).fetchall()
        found.update(r[0] for r in rows)
    return sorted(found)


# how many units and loads a withdrawal refused for orphaned facts names (then how many in all)
ORPHANS_NAMED = 5


def refuse_orphan_facts(cur, load_id: int) -> None:
    """``WithdrawRefused`` when withdrawing a registry load would leave fact rows whose unit
    the registry no longer holds (a new unit's registration, its data loaded since), naming
    those units and the loads that brought the rows: the ones to withdraw first, which the
    analyst otherwise hunted for in the upload history."""
    facts = " UNION ALL ".join(f"SELECT unit_code, load_id FROM {t}" for t in FACT_KINDS)
    count, units, loads = cur.execute(
        f"SELECT count(*), list(DISTINCT f.unit_code ORDER BY f.unit_code), "
        f"list(DISTINCT f.load_id ORDER BY f.load_id) "
        f"FROM ({facts}) AS f ANTI JOIN units AS u USING (unit_code)"
    ).fetchone()
    if not count:
        return
    raise WithdrawRefused(
        msg(
            "withdraw.orphans_counted",
            load_id=load_id,
            count=count,
            units=first_of(units),
            loads=first_of(loads),
            load_count=len(loads),
        )
    )


def first_of(values: list) -> Text:
    """The first ``ORPHANS_NAMED`` values, and how many in all when there are more."""
    named = joined([same(value) for value in values[:ORPHANS_NAMED]])
    if len(values) > ORPHANS_NAMED:
        named += msg("withdraw.orphans_more", count=len(values))
    return named


def history(
    con: duckdb.DuckDBPyConnection,
    limit: int = 50,
    kind: str | None = None,
    loads: list[int] | None = None,
    rejected_by: str | None = None,
) -> pl.DataFrame:
    """The latest ``limit`` entries of the upload log, chosen before the limit: of one
    ``kind`` when given (the indicator system's versions, however many data files came
    since); when ``loads`` is given, those loads and the files ``rejected_by`` that account
    (what a scoped account may see, however many other districts' files came since). A load
    of one sheet of a workbook of several is named by the file and the sheet
    (``分区县.xlsx · 城关区``): loaded sheet by sheet, its loads would read alike.
    ``restated``: a load into a published quarter that restated the rows it replaced (false
    on entries written before the log kept it; ``replaced_said``)."""
    return (
        con.cursor()
        .execute(
            "SELECT load_id, loaded_at, received_on, loaded_by, kind, "
            "file_name || coalesce(' · ' || sheet, '') AS file_name, quarters, "
            "row_count, replaced_rows, outcome, problem_count, withdrawn_at, withdrawn_by, "
            "message, message_key, message_values, coalesce(restated, false) AS restated "
            "FROM upload_log "
            "WHERE ($kind IS NULL OR kind = $kind) AND ($loads IS NULL "
            "OR list_contains($loads, load_id) "
            "OR (outcome = 'rejected' AND loaded_by = $rejected_by)) "
            "ORDER BY load_id DESC LIMIT $limit",
            {"kind": kind, "loads": loads, "rejected_by": rejected_by, "limit": limit},
        )
        .pl()
    )


def replaced_said(replaced: int | None, restated: bool | None) -> Text | None:
    """What a history entry says of the rows its load replaced (``history``): a correction,
    how many rows loaded before; a restatement, that it sent them again unchanged and the
    published figures stand (said as a correction's, it read as a revision). None when it
    replaced none."""
    if not replaced:
        return None
    return msg("cli.history_restated" if restated else "cli.history_replaced", count=replaced)
