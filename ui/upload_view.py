"""The Upload page's parts as drawn: each chosen file's dry run (remembered for the session),
the table of problems, the messages after a load or a withdrawal, and the upload history.

Presentation only: checking, loading and withdrawing are ui.uploads (the real loader).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import PurePath

import duckdb
import polars as pl
import streamlit as st

from charts.export import MIME_TYPES, export_filename, table_csv
from etl import db
from etl.load import LoadResult, Withdrawal, changes_listed
from etl.messages import Text, joined, listed, msg, person, quarters_note
from etl.read import EXCEL_SUFFIXES
from etl.received import Received
from etl.widths import is_wide
from ui import page_parts as parts
from ui import tables, uploads
from ui.context import Context
from ui.data import QUERY_CACHE_SECONDS, connection, data_version, query, viewer_scope
from ui.guarded_downloads import ON_CLICK, for_this_account
from ui.literal import literal, literal_t

Message = tuple[str, str]  # ("ok" or "error", the text shown)
# the files the uploader offers to choose: text, and every workbook the reader reads
# (etl/read.py), a macro workbook (.xlsm) and WPS 表格's own .et and .ett among them
UPLOAD_TYPES = ("csv", "txt", *(suffix.lstrip(".") for suffix in EXCEL_SUFFIXES))
# of the orders Streamlit's date box takes (year, month, day in some order, with / . or -),
# the one a Chinese reader writes: 2025/10/05
DAY_FORMAT = "YYYY/MM/DD"


def first_note() -> str:
    """The note before any file is chosen: on a store with no unit registered (a new
    bureau's), which file comes first, since every other one is checked against it."""
    return "upload.empty" if not query("units").is_empty() else "upload.empty_registry"


def checked_uploads(con: duckdb.DuckDBPyConnection, ctx: Context, head, file, kind, quarter, sheet):
    """The dry runs of one chosen file, remembered for this session until the data changes:
    (the upload, its dry run) for the file, or for each sheet of a workbook loaded sheet by
    sheet (``ui.uploads.sheet_uploads``), whose line is said in ``head`` above their checks."""
    upload = uploads.Upload(uploads.chosen_name(file.name), file.getvalue(), kind, quarter, sheet)
    cache = st.session_state.setdefault("upload_dry_runs", {})
    # the reader's too: a check is of the file as this account, with its scope, may load it
    key = (ctx.user, viewer_scope(), upload.digest, upload.name, kind, quarter, sheet)
    key += (data_version(),)
    if key not in cache:
        made, workbook = uploads.sheet_uploads(upload)
        cache[key] = workbook, [(u, uploads.dry_run(con, u, by=ctx.user)) for u in made]
    workbook, checked = cache[key]
    if workbook is not None:
        head.info(literal(workbook.said(upload.name).in_lang(ctx.lang)))
    return checked


def checked_together(con: duckdb.DuckDBPyConnection, ctx: Context, checked: list) -> list:
    """The chosen files' dry runs as their load together will find them
    (``ui.uploads.checked_together``: a new unit's registry and its data pass together),
    remembered for this session until the files, their choices or the data change."""
    cache = st.session_state.setdefault("upload_dry_runs", {})
    chosen = tuple((u.digest, u.name, u.kind, u.quarter, u.sheet) for u, _ in checked)
    key = ("together", ctx.user, viewer_scope(), chosen, data_version())
    if key not in cache:
        cache[key] = uploads.checked_together(con, checked, ctx.user)
    return cache[key]


# a file box's first choice, the loader's own: detect the kind, the quarter from the file,
# every sheet holding data (the page reads it as None)
FROM_THE_LOADER = ""
# each file box's first choice and help, by the box
FIRST_CHOICES = {
    "kind": "upload.detect",
    "quarter": "upload.quarter_from_file",
    "sheet": "upload.sheet_auto",
}
HELPS = {"quarter": "upload.quarter_help", "sheet": "upload.sheet_help"}


def file_choice(where, ctx: Context, box: str, options, file_key: str, label_of=str):
    """The ``box`` (kind, quarter or sheet) beside a chosen file (``file_key``: the upload
    round and the file): the loader's own choice, then ``options`` named by ``label_of``;
    the choice made, None for the loader's. The choice outlives a change of the page's
    language (``page_parts.same_choice_in_either_language``: the file was otherwise checked
    as of the kind detected while the box still showed the old label); the loader's choice
    is "", not None, which a box given it shows empty."""
    key = f"upload_{box}_{file_key}"
    parts.seed_widget(key, FROM_THE_LOADER)
    parts.same_choice_in_either_language(ctx, key)
    first = ctx.t(FIRST_CHOICES[box])
    chosen = where.selectbox(
        ctx.t(f"upload.{box}"),
        (FROM_THE_LOADER, *options),
        format_func=lambda o: first if o == FROM_THE_LOADER else label_of(o),
        key=key,
        placeholder=ctx.t("widget.choose_one"),
        help=ctx.t(HELPS[box]) if box in HELPS else None,
    )
    return chosen or None


def sheet_names_of(file) -> list[str]:
    """A workbook's sheet names, read once per chosen file (not again on every widget change)."""
    cache = st.session_state.setdefault("upload_sheet_names", {})
    if file.file_id not in cache:
        cache[file.file_id] = uploads.workbook_sheet_names(
            file.getvalue(), uploads.chosen_name(file.name)
        )
    return cache[file.file_id]


def load_label(ctx: Context, checked: list[tuple[uploads.Upload, LoadResult]]) -> str:
    """The load button's words for the chosen files' checks: the files that passed, or, when
    a workbook's sheets are among them (each an upload of its own), the uploads and the files
    they come from; with none, why: problems to correct, or every file loaded already (its
    problems are none to correct)."""
    ready = uploads.loadable(checked)
    if not ready:
        rejected = any(result.outcome == "rejected" for _, result in checked)
        return ctx.t("upload.nothing_to_load" if rejected else "upload.nothing_new")
    files = len({upload.digest for upload, _ in ready})
    if files == len(ready):
        return ctx.t("upload.load", count=len(ready))
    return ctx.t("upload.load_sheets", count=len(ready), files=files)


def draw_check(ctx: Context, head, result: LoadResult) -> None:
    """What the dry run of one file (or sheet) found: refused, unchanged, or what loading it
    would do, with the columns it ignores and its first rows."""
    name = result.named().in_lang(ctx.lang)
    head.markdown(f"**{literal(name)}** · {uploads.kind_label(result.kind, ctx.lang)}")
    if result.outcome == "rejected":
        head.error(ctx.t("upload.rejected", problems=result.problem_total))
        warn_notes(ctx, head, result)  # a refused indicator system's weights, say
        return
    if result.outcome == "unchanged":
        head.info(ctx.t("upload.unchanged", load_id=result.load_id))
        return
    quarters = listed(result.quarters).in_lang(ctx.lang)
    head.success(
        ctx.t(
            "upload.checked",
            rows=result.rows,
            quarters=ctx.t("upload.checked_quarters", count=len(result.quarters), quarters=quarters)
            if result.quarters
            else "",
            units=ctx.t("upload.checked_units", units=result.units) if result.units else "",
        )
    )
    if result.replaced:
        head.warning(ctx.t("upload.will_replace", replaced=result.replaced), icon="⚠️")
        if result.replaced_not_in_file:
            head.warning(ctx.t("upload.not_in_file", count=result.replaced_not_in_file), icon="⚠️")
        if result.open_findings_not_in_file:
            # the findings named as the file writes them (units, items): shown as written
            head.warning(literal(result.open_findings_note().in_lang(ctx.lang)), icon="⚠️")
    else:
        head.caption(ctx.t("upload.replaces_nothing"))
    if result.system_changes:  # an indicator-system file's weights and targets, old → new
        changes = changes_listed(result.system_changes).in_lang(ctx.lang)
        head.info(literal_t(ctx, "upload.system_changes", changes=changes))
    if result.published:
        head.warning(published_note(ctx, "upload.published", result.published), icon="⚠️")
    if result.restated:
        head.info(published_note(ctx, "load.restated", tuple(result.restated)))
    warn_notes(ctx, head, result)  # hidden rows loaded, a hidden sheet read or passed over
    if result.ignored_columns:
        columns = ctx.t("text.list_sep").join(result.ignored_columns)  # 、 between them in Chinese
        st.caption(literal_t(ctx, "upload.ignored", name=name, columns=columns))
    if result.preview is not None:  # under every file's box: named, to be told apart
        st.caption(literal_t(ctx, "upload.preview", name=name))
        preview = uploads.preview_for_display(result.preview, result.kind, ctx.lang)
        tables.dataframe(preview, width="stretch", hide_index=True)


def warn_notes(ctx: Context, head, result: LoadResult) -> None:
    """The loader's notes on the file, one warning each."""
    for note in result.notes:
        head.warning(literal(note.in_lang(ctx.lang)), icon="⚠️")


def draw_problems(ctx: Context, results: Iterable[LoadResult]) -> None:
    """Every problem of every chosen file in one table, with a CSV of it (named after the
    files with problems, so that two uploads' lists are not problems.csv and problems (1).csv);
    nothing if none."""
    results = list(results)
    problems = uploads.problems_frame(results, ctx.lang)
    if not problems.height:
        return
    labels = {c: ctx.t(f"upload.problem.{c}") for c in problems.columns}
    # the loader lists a file's first problems (etl.problems.MAX_PROBLEMS) and counts the rest
    found = sum(max(r.problem_total, len(r.problems)) for r in results)
    if found > problems.height:
        st.subheader(ctx.t("upload.problems_listed", count=found, listed=problems.height))
    else:
        st.subheader(ctx.t("upload.problems", count=found))
    # a problem of the whole file names no row or column: an empty cell, not "None"
    shown = problems.with_columns(
        pl.col("row").cast(pl.String).fill_null(""),
        pl.col("column").fill_null(""),
        pl.col("expected").map_elements(unbroken_spaces, return_dtype=pl.String),
    )
    lines = problem_lines(shown["expected"])
    shown = shown.with_columns(
        pl.col("value").map_elements(lambda v: shortened(v, lines), return_dtype=pl.String)
    )
    widths = {c: PROBLEM_WIDTHS[c] for c in problems.columns}
    tables.dataframe(
        shown.rename(labels),
        width="stretch",
        hide_index=True,
        column_config={labels[c]: st.column_config.TextColumn(width=w) for c, w in widths.items()},
        row_height=problem_row_height(shown["expected"]),
    )
    st.download_button(
        ctx.t("upload.problems_csv"),
        for_this_account(ctx, partial(table_csv, problems, labels)),
        file_name=problems_file_name(r.file_name for r in results if r.problems),
        mime=MIME_TYPES["csv"],
        on_click=ON_CLICK,
    )


# px of the problems' columns (file, row, column, value, expected): together the width of the
# page's table beside the sidebar at 1280 px (820 px), so that what to do, at the end of a long
# message ("该文件看起来是满意度调查文件…请更正所选类型"), is not cut off at the table's edge
# (a workbook's sheet, when its problems name one, makes the table wider than the page)
PROBLEM_WIDTHS = {
    "file": 150,
    "sheet": 90,
    "row": 44,
    "column": 120,
    "value": 100,
    "expected": 400,
}
LINE_PX, CHAR_PX, PADDING_PX = 20, 14, 16  # the grid's text: a line, a Chinese character
WRAP_PX = 64  # Streamlit's grid wraps a cell's text only in rows taller than this (4rem)


def unbroken_spaces(text: str) -> str:
    """``text`` with each space beside a Chinese character made a no-break space: the grid
    wraps a line at its last space that fits, so "这是 Excel 或 WPS 打开工作簿…" wrapped after
    WPS, lines shorter than ``problem_row_height`` counts (and its last words cut off); in
    Chinese a line breaks between any two characters. A space between Latin words stays one."""
    beside = zip((" " + text)[: len(text)], text, text[1:] + " ", strict=True)
    return "".join(
        "\u00a0" if ch == " " and (is_wide(before) or is_wide(after)) else ch
        for before, ch, after in beside
    )


def ems(text: str) -> float:
    """How wide ``text`` is drawn, in the grid's ems: a Chinese character one, any other
    about half."""
    return sum(1 if is_wide(ch) else 0.55 for ch in text)


def ems_a_line(column: str) -> float:
    return (PROBLEM_WIDTHS[column] - PADDING_PX) / CHAR_PX


def problem_lines(messages: Iterable[str]) -> int:
    """The lines of the longest message wrapped in the expected column, at least one."""
    per_line = ems_a_line("expected")
    return int(max([1, *(-(-ems(m or "") // per_line) for m in messages)]))


def problem_row_height(messages: Iterable[str]) -> int:
    """Rows tall enough for the longest message wrapped in the expected column, at least the
    grid's one line; rows of two lines or more are over ``WRAP_PX``, or the grid would draw
    one line and cut off the rest (a two-line message in a 56-px row lost its 后重新上传)."""
    lines = problem_lines(messages)
    if lines == 1:
        return tables.ROW_PX
    return max(lines * LINE_PX + PADDING_PX, WRAP_PX + 1)


def shortened(value: str, lines: int) -> str:
    """A problem's value as the value column holds it in rows of ``lines`` lines: whole, or
    cut short with "…" (a note row's whole text was cut mid-line, nothing said of the rest;
    the CSV of the problems keeps it whole)."""
    room = lines * ems_a_line("value")
    if ems(value) <= room:
        return value
    kept, used = [], 0.0
    for ch in value:
        used += ems(ch)
        if used > room - 1:  # the … takes one em
            break
        kept.append(ch)
    return "".join(kept) + "…"


def problems_file_name(files: Iterable[str]) -> str:
    """civbench_problems_检查结果.csv: the file's own name, or the first's and how many more."""
    stems = [PurePath(name).stem for name in files]
    detail = stems[0] + (f"+{len(stems) - 1}" if len(stems) > 1 else "") if stems else None
    return export_filename("problems", ext="csv", detail=detail)


def load_messages(ctx: Context, results: Iterable[LoadResult]) -> list[Message]:
    """One message per file after a load: loaded (rows, load id, and the load's notes: a
    weight a later row overrides, a unit closed in quarters it has data of…) or not loaded."""
    return [
        ("ok", loaded_message(ctx, r)) if r.outcome == "loaded" else ("error", refusal(ctx, r))
        for r in results
    ]


def left_out(ctx: Context, refused: list[LoadResult]) -> list[Message]:
    """After a load, one message per chosen file its check refused (``ui.uploads
    .record_refusals``), which the load left out: the page's new round shows no check, and a
    batch's summary named only the files loaded."""
    return [
        (
            "error",
            literal_t(
                ctx,
                "upload.left_out",
                name=result.named().in_lang(ctx.lang),
                problems=result.problem_total,
            ),
        )
        for result in refused
    ]


# how many of a file's problems found at its load its message names (the rest counted)
REFUSAL_PROBLEMS = 5


def refusal(ctx: Context, result: LoadResult) -> str:
    """Why a file that passed its check was not loaded: the problems its load found (a row of
    the upload's earlier file's data, etl.load.refuse_batch_overlap), where the page said
    only that the data changed since the check, and a check again then passed; without
    problems (the data did change), that."""
    if not result.problems:
        return literal_t(ctx, "upload.not_loaded", name=result.named().in_lang(ctx.lang))
    said = [p.describe(ctx.lang) for p in result.problems[:REFUSAL_PROBLEMS]]
    if result.problem_total > len(said):
        said.append(msg("load.more", count=result.problem_total - len(said)).in_lang(ctx.lang))
    return literal_t(ctx, "upload.refused_at_load", problems=ctx.t("text.semicolon_sep").join(said))


def loaded_message(ctx: Context, result: LoadResult) -> str:
    """What a load did, as the command line's summary says it: rows, load id, the rows it
    replaced, a published quarter it revises, and its notes."""
    name = result.named().in_lang(ctx.lang)
    done = literal_t(ctx, "upload.done", name=name, rows=result.rows, load_id=result.load_id)
    replaced = ctx.t("upload.done_replaced", replaced=result.replaced) if result.replaced else ""
    return sentences(
        ctx,
        done,
        replaced,
        published_note(ctx, "load.published", tuple(result.published)),
        published_note(ctx, "load.restated", tuple(result.restated)),
        changes_said(ctx, result.system_changes),
        notes_said(ctx, result) if result.notes else "",
    )


def changes_said(ctx: Context, changes: Sequence[Text]) -> str:
    """The weights and targets an indicator-system load changed, or its withdrawal put back,
    old → new, as one sentence; "" for none."""
    if not changes:
        return ""
    listed_here = changes_listed(changes).in_lang(ctx.lang)
    return literal_t(ctx, "upload.system_changes_done", changes=listed_here)


def sentences(ctx: Context, *said: str) -> str:
    """The sentences of a message one after another (those not empty): with a space between
    them in English, none in Chinese (。替换…, not 。 替换…)."""
    return ("" if ctx.lang == "zh" else " ").join(s for s in said if s)


def notes_said(ctx: Context, result: LoadResult) -> str:
    """A load's notes (weights that no longer add up to the whole, an indicator with no
    definition…) as one sentence: 注意：…。"""
    notes = joined(result.notes, "text.semicolon_sep").in_lang(ctx.lang)
    return literal_t(ctx, "upload.notes", notes=notes)


def visible_history(ctx: Context, con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The upload history the signed-in analyst may see: a scoped one's loads come from the
    named query ``loads``, run under the viewer's scope and cached per data version (not
    again on every widget change)."""
    visible = None if viewer_scope().is_everything else query("loads")["load_id"]
    return uploads.upload_history(con, ctx.user, visible)


def withdrawable(ctx: Context, past: pl.DataFrame) -> list[int]:
    """The loads of the history the signed-in analyst may withdraw or date
    (``ui.uploads.withdrawable``), kept per data version, account and scope: the page reruns
    on every widget change, and finding a scoped account's loads reads the facts' units."""
    loads = tuple(past.filter(pl.col("outcome") == "loaded").select("load_id", "kind").rows())
    scope = viewer_scope()
    key = (ctx.user, ctx.role, scope.districts, scope.unit)  # a changed role or scope: anew
    return _withdrawable(db.db_path(), data_version(), key, loads)


@st.cache_data(max_entries=64, ttl=QUERY_CACHE_SECONDS, show_spinner=False)
def _withdrawable(path: str, version: str, key: tuple, loads: tuple) -> list[int]:
    frame = pl.DataFrame(
        list(loads), schema={"load_id": pl.Int64, "kind": pl.String}, orient="row"
    ).with_columns(outcome=pl.lit("loaded"))
    return uploads.withdrawable(connection(), frame, key[0])


def load_option(ctx: Context, past: pl.DataFrame) -> Callable[[int], str]:
    """How the withdraw and day-received boxes name a load of the history ``past``: its id,
    file, time loaded and who loaded it (``295 · 活动统计_2026Q3.xlsx · 2026-12-04 14:02 ·
    analyst``), where a bare id told the analyst nothing; the box's value stays the id."""
    labels = {
        r["load_id"]: ctx.t(
            "upload.load_option",
            load_id=r["load_id"],
            name=r["file_name"],
            at=r["loaded_at"].strftime(uploads.TIME_FORMAT),
            by=person(r["loaded_by"]).in_lang(ctx.lang),
        )
        for r in past.select("load_id", "file_name", "loaded_at", "loaded_by").iter_rows(named=True)
    }
    return lambda load_id: labels.get(load_id, str(load_id))


def withdraw_message(ctx: Context, load_id: int, detail: Withdrawal | str) -> Message:
    """After a withdrawal: the rows removed and restored, or why it was refused
    (``ui.uploads.withdraw_load``)."""
    if isinstance(detail, Withdrawal):
        said = detail.said("upload.withdrawn", load_id).in_lang(ctx.lang)
        notes = (published_note(ctx, key, quarters) for key, quarters in detail.notes())
        return "ok", sentences(ctx, said, changes_said(ctx, detail.changes), *notes)
    return "error", literal_t(ctx, "upload.withdraw_refused", reason=detail)


def published_note(ctx: Context, key: str, quarters: Sequence[str]) -> str:
    """The command line's note on published quarters (``key``), which follows its summary
    after "；", as a sentence of its own (``sentences`` puts it after another); "" when none
    is published."""
    if not quarters:
        return ""
    text = quarters_note(key, quarters).in_lang(ctx.lang).lstrip("；; ")
    return text[0].upper() + text[1:]


def received_message(ctx: Context, load_id: int, day, detail: Received | str) -> Message:
    """After a day received was recorded (``ui.uploads.record_received``): done, with a note
    when the load's quarters are published, or why it was refused."""
    if isinstance(detail, Received):
        said = ctx.t("upload.received_set", load_id=load_id, on=day.isoformat())
        return "ok", sentences(
            ctx, said, published_note(ctx, "received.published", detail.published)
        )
    return "error", literal_t(ctx, "upload.received_refused", reason=detail)


def received_day(ctx: Context, key: str | None = None):
    """The box for the day files were received (empty: not said), never later than today,
    the day written 2025/10/05 as a Chinese reader writes it; on a Chinese page its empty
    parts read 年/月/日 (ui/upload_words.py ``date_words``)."""
    return st.date_input(
        ctx.t("upload.received"),
        value=None,
        max_value="today",
        format=DAY_FORMAT,
        help=ctx.t("upload.received_help"),
        key=key,
    )


def received_form(ctx: Context, candidates: list[int], option: Callable[[int], str]):
    """The form for a day received recorded after the load: (load id, day) when submitted
    with both, None otherwise (a warning says what is missing). ``option`` names a load in
    the box (``load_option``)."""
    with st.form("received_form"):
        load_id = st.selectbox(
            ctx.t("upload.received_which"),
            candidates,
            index=None,
            format_func=option,
            placeholder=ctx.t("widget.choose_one"),
        )
        day = received_day(ctx)
        go = st.form_submit_button(ctx.t("upload.received_record"))
    if not go:
        return None
    if load_id is None or day is None:
        st.warning(ctx.t("upload.received_missing"))
        return None
    return int(load_id), day


def draw_history(ctx: Context, past: pl.DataFrame) -> None:
    """The upload history, headed and worded in the page's language."""
    shown = uploads.history_for_display(past, ctx.lang)
    tables.dataframe(
        shown.rename({c: ctx.t(f"upload.col.{c}") for c in shown.columns}),
        width="stretch",
        hide_index=True,
    )
