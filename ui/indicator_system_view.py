"""How the Indicator-system page draws its editors and its table of changes (presentation only:
the rules are in ui/indicator_system.py and the queries)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import streamlit as st

from charts.labels import fmt_value, group_label, quarter_label
from etl.contracts import ALL_PEER_GROUPS, DIRECTIONS, DOMAINS, PEER_GROUPS, VALUE_UNITS
from etl.messages import named, person
from ui import page_parts as parts
from ui import tables
from ui.data import indicator_system_loaded
from ui.indicator_system import column_heading, key_text, last_change, problems_with_rows
from ui.literal import literal_t
from ui.logs import TIME_FORMAT, as_person
from ui.upload_view import notes_said, published_note
from ui.uploads import history_for_display

CHANGE_COLUMNS = (
    "change",
    "indicator_code",
    "peer_group",
    "before",
    "after",
    "detail",
    "from_quarter",
    "loaded_by",
    "loaded_at",
    "load_id",
)
# the fields of an indicator whose values are codes said in words (system.value.<field>.<code>)
CODED_FIELDS = ("domain", "direction", "unit")
# the parts of a data editor's state that hold unsaved edits
EDITS = ("edited_rows", "added_rows", "deleted_rows")
HISTORY_COLUMNS = ("load_id", "loaded_at", "loaded_by", "outcome", "problem_count", "file_name")


def indicator_columns(ctx) -> dict:
    """The indicators editor's columns; from_quarter (the quarter each row holds from) is
    shown, not edited: a save holds from the quarter chosen."""
    return {
        "indicator_code": st.column_config.TextColumn(
            column_heading("indicator_code", ctx.lang), required=True
        ),
        "name_zh": st.column_config.TextColumn(column_heading("name_zh", ctx.lang), required=True),
        "name_en": st.column_config.TextColumn(column_heading("name_en", ctx.lang), required=True),
        "domain": st.column_config.SelectboxColumn(
            column_heading("domain", ctx.lang),
            options=list(DOMAINS),
            format_func=lambda code: ctx.t(f"system.value.domain.{code}"),
            required=True,
        ),
        "direction": st.column_config.SelectboxColumn(
            column_heading("direction", ctx.lang),
            options=list(DIRECTIONS),
            format_func=lambda code: ctx.t(f"system.value.direction.{code}"),
            required=True,
        ),
        # text, read by the contract on saving (ui/indicator_system.py EDITED_AS_TEXT)
        "weight": st.column_config.TextColumn(column_heading("weight", ctx.lang), required=True),
        "unit": st.column_config.SelectboxColumn(
            column_heading("unit", ctx.lang),
            options=list(VALUE_UNITS),
            format_func=lambda code: ctx.t(f"system.value.unit.{code}"),
            required=True,
        ),
        "from_quarter": st.column_config.TextColumn(
            column_heading("from_quarter", ctx.lang), disabled=True
        ),
    }


def target_columns(ctx, names: dict[str, str | None] | None = None) -> dict:
    """The targets editor's columns. ``names``: indicator code -> its name in the page's
    language (the indicators as edited above, so a new one can be given targets in the same
    save): a target's indicator is chosen by name, where a bare code told the analyst little."""
    names = names or {}
    return {
        "indicator_code": st.column_config.SelectboxColumn(
            column_heading("indicator_code", ctx.lang),
            options=list(names),
            format_func=lambda code: named_code(code, names[code], ctx.lang),
            required=True,
        ),
        "peer_group": st.column_config.SelectboxColumn(
            column_heading("peer_group", ctx.lang),
            options=[ALL_PEER_GROUPS, *PEER_GROUPS],
            format_func=lambda group: group_label(group, ctx.lang),
            required=True,
        ),
        "from_quarter": st.column_config.TextColumn(
            column_heading("from_quarter", ctx.lang), disabled=True
        ),
        "target": st.column_config.TextColumn(column_heading("target", ctx.lang)),
    }


def named_code(code: str, name: str | None, lang: str) -> str:
    """公众满意度（public_satisfaction）, as the loader's messages name an indicator
    (``etl.messages.named``); the code alone for an indicator not yet named."""
    return named(code, name, name).in_lang(lang)


def indicator_names(ctx, *frames: pl.DataFrame) -> dict[str, str | None]:
    """Code -> name in the page's language of every indicator in ``frames`` (the edited
    indicators, then the targets: a target of an indicator no longer listed keeps its code)."""
    names: dict[str, str | None] = {}
    column = "name_zh" if ctx.lang == "zh" else "name_en"
    for frame in frames:
        for row in frame.iter_rows(named=True):
            code = row.get("indicator_code")
            if code and code not in names:
                names[code] = row.get(column)
    return names


def forget_edits() -> None:
    """Drop the editors' unsaved edits (another quarter shows another system)."""
    for key in [
        k for k in st.session_state if str(k).startswith(("system_indicators_", "system_targets_"))
    ]:
        del st.session_state[key]


def edits_lost(ctx, past: pl.DataFrame, version: str) -> str | None:
    """When the system changed (another admin saved, or a load or withdrawal came) while this
    admin's editors held unsaved edits, what to say: the editors are drawn anew for each
    version (``system_version``), so those edits are gone, and a save would otherwise have
    said "nothing changed". Said once; the editors then show the system as it is now."""
    drawn = st.session_state.get("system_drawn")
    st.session_state["system_drawn"] = version
    if drawn is None or drawn == version:
        return None
    held = [
        st.session_state.get(f"{name}_{drawn}") or {}
        for name in ("system_indicators", "system_targets")
    ]
    forget_edits()
    if not any(state.get(part) for state in held for part in EDITS):
        return None
    who, load_id = last_change(past) or ("", 0)
    return literal_t(ctx, "system.edits_lost", who=person(who).in_lang(ctx.lang), load_id=load_id)


def quarter_choice(ctx, choices: list[str], key: str, **options) -> str:
    """A quarter to show the system of (the page's quarter by default), said as the other
    pages say quarters: the Indicator-system page's and the Method page's."""
    parts.seed_widget(key, ctx.quarter if ctx.quarter in choices else choices[0])
    parts.same_choice_in_either_language(ctx, key)
    return st.selectbox(
        ctx.t("system.quarter"),
        choices,
        key=key,
        placeholder=ctx.t("widget.choose_one"),
        format_func=ctx.quarter_said,
        **options,
    )


def said(ctx, frame: pl.DataFrame, column: str, say) -> pl.Series:
    """``frame``'s ``column`` as the reader reads it, headed as the editors head it."""
    return pl.Series(column_heading(column, ctx.lang), [say(v) for v in frame[column]], pl.String)


def system_in_force(ctx, indicators: pl.DataFrame, targets: pl.DataFrame) -> None:
    """The indicator system in force in a quarter (queries ``indicators`` and ``targets`` of
    that quarter), read-only, for every reader: the Method page's, where a leader reads which
    weights and targets held in a quarter (the Indicator-system page is an admin's)."""
    names = indicator_names(ctx, indicators, targets)

    def word(column: str):
        return lambda value: ctx.t(f"system.value.{column}.{value}")

    listed = pl.DataFrame(
        [
            said(
                ctx, indicators, "indicator_code", lambda c: named_code(c, names.get(c), ctx.lang)
            ),
            *(said(ctx, indicators, c, word(c)) for c in ("domain", "direction", "unit")),
            said(ctx, indicators, "weight", written),
            said(ctx, indicators, "from_quarter", lambda q: q or "—"),
        ]
    )
    if not indicators["has_definition"].all():
        # a code a file added with no definition: listed with its weight, yet it has no value
        # and counts in no index (query indicators), which the reader is told row by row
        none = ctx.t("method.system.no_definition")
        marks = [None if has else none for has in indicators["has_definition"]]
        listed = listed.with_columns(pl.Series(ctx.t("method.system.col.note"), marks, pl.String))
    tables.dataframe(listed, width="stretch", hide_index=True)
    tables.dataframe(targets_held(ctx, indicators, targets), width="stretch", hide_index=True)


def targets_held(ctx, indicators: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    """The targets in force in the quarter (query ``targets``) as the Method page lists them,
    each written as every other page writes a value; a retired indicator's (weight 0: the
    query's ``assessed`` false) marked so, where it read as a target units were held to."""
    names = indicator_names(ctx, indicators, targets)
    targets = targets.sort("indicator_code", "peer_group")
    units = dict(zip(indicators["indicator_code"], indicators["unit"], strict=True))
    # a target as every other page writes a value (a rate as 94.0%, not 0.94)
    shown = [
        fmt_value(v, units[c]) if c in units else written(v)
        for c, v in zip(targets["indicator_code"], targets["target"], strict=True)
    ]
    held = pl.DataFrame(
        [
            said(ctx, targets, "indicator_code", lambda c: named_code(c, names.get(c), ctx.lang)),
            said(ctx, targets, "peer_group", lambda g: group_label(g, ctx.lang)),
            pl.Series(column_heading("target", ctx.lang), shown, pl.String),
            said(ctx, targets, "from_quarter", str),
        ]
    )
    if not targets["assessed"].all():
        retired = ctx.t("method.system.retired")
        marks = [None if kept else retired for kept in targets["assessed"]]
        held = held.with_columns(pl.Series(ctx.t("method.system.col.note"), marks, pl.String))
    return held


def changes_table(ctx, changes: pl.DataFrame) -> None:
    """What changed between two systems: who, when, which weights and targets."""
    if changes.is_empty():  # "the same system" only where there is one to be the same
        st.caption(ctx.t("system.changes.none" if indicator_system_loaded() else "system.empty"))
        return
    detail = st.column_config.TextColumn(ctx.t("system.changes.detail"), width="large")
    tables.dataframe(
        changes_rows(ctx, changes),
        width="stretch",
        hide_index=True,
        column_config={ctx.t("system.changes.detail"): detail},
    )


def changes_rows(ctx, changes: pl.DataFrame) -> pl.DataFrame:
    """The changes as a reader reads them: in words, a weight's peer group as every group,
    nothing shown where there is nothing to say (the table read None)."""
    groups = changes["peer_group"].fill_null(ALL_PEER_GROUPS).unique().to_list()
    details = changes["detail"].to_list()
    shown = changes.with_columns(
        pl.col("change").replace_strict(
            {c: ctx.t(f"system.change.{c}") for c in changes["change"].unique()},
            return_dtype=pl.String,
        ),
        pl.concat_str(
            "indicator_code",
            pl.col("name_zh" if ctx.lang == "zh" else "name_en"),
            separator=" ",
            ignore_nulls=True,
        ).alias("indicator_code"),
        pl.col("peer_group")
        .fill_null(ALL_PEER_GROUPS)
        .replace_strict({g: group_label(g, ctx.lang) for g in groups}, return_dtype=pl.String),
        *(pl.Series(c, [written(v) for v in changes[c]], pl.String) for c in ("before", "after")),
        pl.Series("detail", [definition_text(ctx, d) for d in details], pl.String),
        as_person("loaded_by", ctx.lang),
        pl.col("loaded_at").dt.strftime(TIME_FORMAT),
    ).select(CHANGE_COLUMNS)
    return shown.rename({c: ctx.t(f"system.changes.{c}") for c in CHANGE_COLUMNS})


def written(value: float | None) -> str:
    """A weight or target as the editors and files write it: 0 and 8, not 0.0 and 8.0 (a
    retired indicator's weight read 0.05 → 0.0); — for none."""
    return "—" if value is None else key_text(round(value, 4))


def definition_text(ctx, fields: list[dict] | None) -> str:
    """A definition's changed fields (query indicator_changes: field, before, after) as the
    reader reads them: 英文名称：A → B；方向：越高越好 → 越低越好; "" for no field."""

    def value(field: str, code: str) -> str:
        return ctx.t(f"system.value.{field}.{code}") if field in CODED_FIELDS else code

    said = [
        ctx.t(
            "system.change.field",
            field=ctx.t(f"system.col.{f['field']}"),
            before=value(f["field"], f["before"]),
            after=value(f["field"], f["after"]),
        )
        for f in fields or ()
    ]
    return ctx.t("text.semicolon_sep").join(said)


def labelled_table(
    ctx, table: pl.DataFrame, prefix: str, index_columns: Sequence[str] = ()
) -> None:
    """A table headed by the strings ``<prefix>.<column>`` (problems, effect, history); the
    ``index_columns`` to two decimals, as the rankings show the index."""
    labels = {c: ctx.t(f"{prefix}.{c}") for c in table.columns}
    tables.dataframe(
        table.rename(labels),
        width="stretch",
        hide_index=True,
        column_config={labels[c]: parts.index_column(labels[c]) for c in index_columns},
    )


def draw_refused(ctx, result, rows: list[dict[str, object]]) -> None:
    """A refused save: how many problems, the loader's notes on its weights (a total that is
    not the whole, as the command line and the Upload page say it of the same file: the
    admin who mended the problems learnt of the total only on the next save), and the
    problems, each with its indicator and target row (``rows``: ``dated_rows``)."""
    st.error(ctx.t("system.rejected", count=result.problem_total))
    if result.notes:
        st.warning(notes_said(ctx, result))
    labelled_table(ctx, problems_with_rows(result, rows, ctx.lang), "system.problem")


def effect_table(ctx, comparison: pl.DataFrame) -> None:
    """The top of the ranking after a save, with each unit's rank and index before it
    (``ui.indicator_system.ranking_comparison``)."""
    labelled_table(ctx, comparison, "system.effect", ("index_before", "index_after"))


def history_table(ctx, past: pl.DataFrame) -> None:
    """The saves of the system, shown as the upload history shows loads."""
    labelled_table(ctx, history_for_display(past.select(HISTORY_COLUMNS), ctx.lang), "upload.col")


def saved_messages(ctx, result, quarter: str) -> list[tuple[str, str]]:
    """What a save says: the load and the quarter it holds from, and, when it changes the
    figures of quarters already published, the note a data load into them gets (the
    pages and packs keep showing the figures as published; publish again to issue these),
    and the notes the load of a file gets."""
    said_quarter = quarter_label(quarter, ctx.lang)
    saved = ctx.t("system.saved", load_id=result.load_id, rows=result.rows, quarter=said_quarter)
    said = [("ok", saved)]
    if result.published:
        note = published_note(ctx, "load.published", tuple(result.published))
        said.append(("warning", note.strip()))
    if result.notes:  # the loader's: weights that no longer add up to the whole, say
        said.append(("warning", notes_said(ctx, result)))
    return said
