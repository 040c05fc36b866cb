"""The Data quality page's parts as drawn: the reporting matrix and counts, the list of missing
reports, the files loaded late and the values flagged as outliers.

Presentation only: who reported, what was late and what is an outlier come from the named
queries (completeness, reporting_summary, late_loads, outliers).
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from charts import builders, export
from charts.labels import fmt_value
from etl import settings
from etl.quarters import unfinished
from i18n import t
from ui import page_parts as parts
from ui import tables
from ui.context import Context
from ui.data import indicator_system_loaded, query
from ui.literal import literal
from ui.logs import as_person

MATRIX_QUARTERS = 4
MATRIX_UNITS = 120
DEADLINES = tuple(str(d) for d in range(91))  # days after quarter end
DEFAULT_DEADLINE = str(settings.method_value("deadline_days"))
THRESHOLD = settings.method_value("outlier_threshold")
MISSING_COLUMNS = ("unit_name", "unit_code", "district", "peer_label", "quarter", "kind_label")
LATE_COLUMNS = (
    "file_name",
    "kind_label",
    "quarters",
    "loaded_by",
    "loaded_at",
    "received_on",
    "deadline",
    "days_late",
)
OUTLIER_COLUMNS = (
    "unit_name",
    "unit_code",
    "indicator",
    "value",
    "peer_median",
    "peer_z",
    "own_median",
    "own_z",
    "history_quarters",
)
OUTLIER_VALUES = ("value", "peer_median", "own_median")  # in the indicator's unit
OUTLIER_SCORES = ("peer_z", "own_z")


def read_filters(ctx: Context, districts: list[str]) -> dict:
    """One district (or all) and the reporting deadline in days, from the URL first."""
    deadline = int(parts.url_choice("deadline", DEADLINES, DEFAULT_DEADLINE))
    parts.seed_widget("dq_deadline", deadline)
    with st.form("quality_filters", border=False):
        cols = st.columns([3, 3, 1])
        parts.district_filter(cols[0], ctx, "dq_district", districts)
        cols[1].number_input(ctx.t("pages.quality.deadline_days"), 0, 90, step=1, key="dq_deadline")
        cols[2].form_submit_button(ctx.t("pages.apply"), type="primary")
    chosen = {
        "district": st.session_state["dq_district"],
        "deadline": st.session_state["dq_deadline"],
    }
    parts.keep_in_url(**chosen)
    return chosen


def matrix_quarters(quarters: tuple[str, ...], quarter: str) -> list[str]:
    """The chosen quarter and the ones before it (up to four), oldest first."""
    upto = [q for q in quarters if q <= quarter]
    return upto[-MATRIX_QUARTERS:]


def units_that_missed(matrix: pl.DataFrame) -> pl.Series:
    """The codes of the units that missed any report in the matrix, in code order."""
    return matrix.filter(~pl.col("reported"))["unit_code"].unique().sort()


def with_kind_labels(missing: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Add ``peer_label`` and ``kind_label`` (the kind of report in the page's language)."""
    return builders.with_peer_labels(missing, lang).with_columns(kind_label(lang))


def kind_label(lang: str) -> pl.Expr:
    """``kind_label``: the kind of report in the page's language (检查结果, not inspections)."""
    kinds = {k: t(f"charts.kind.{k}", lang) for k in builders.KIND_ORDER}
    return pl.col("kind").replace_strict(kinds, default=pl.col("kind")).alias("kind_label")


def draw_completeness(ctx: Context, chosen: dict) -> None:
    st.subheader(ctx.t("charts.completeness.title"))
    window = matrix_quarters(ctx.quarters, ctx.quarter)
    matrix = query(
        "completeness",
        quarter=ctx.quarter,
        from_quarter=window[0],
        peer_group=ctx.peer_group,
        district=chosen["district"],
    )
    if matrix.is_empty():
        parts.empty_state(ctx, "pages.quality.no_units")
        return
    now = matrix.filter(pl.col("quarter") == ctx.quarter)
    draw_completeness_counts(ctx, chosen)
    draw_matrix(ctx, matrix, window, chosen["district"])
    draw_missing(ctx, now, chosen["district"])


def draw_matrix(
    ctx: Context, matrix: pl.DataFrame, window: list[str], district: str | None
) -> None:
    """The matrix of the units that missed a report in the window (the others reported all).
    A quarter under way is no quarter of missed reports: its units have not sent them yet, as
    a caption says; the window's counts end at the last quarter that has ended."""
    units = matrix["unit_code"].unique()
    ended = [quarter for quarter in window if not unfinished(quarter)]
    if len(ended) < len(window):
        st.caption(ctx.t("pages.quality.under_way", quarter=ctx.quarter_said(window[-1])))
    if not ended:
        return
    missed = units_that_missed(matrix.filter(pl.col("quarter").is_in(ended)))
    span = {"start": ctx.quarter_said(ended[0]), "end": ctx.quarter_said(ended[-1])}
    if missed.is_empty():
        st.success(ctx.t("pages.quality.window_complete", units=units.len(), **span))
        return
    shown = missed.head(MATRIX_UNITS)
    others = units.len() - missed.len()
    rest = ctx.t("pages.quality.others_complete", others=others)
    st.caption(
        ctx.t("pages.quality.matrix_shows", shown=shown.len(), missed=missed.len(), **span)
        + (rest if others else ctx.t("pages.quality.none_complete"))
    )
    matrix = matrix.filter(pl.col("unit_code").is_in(shown.to_list()))
    chart = builders.render_completeness_chart(matrix, ctx.lang)
    parts.chart_with_downloads(chart, ctx, "completeness", districts=district)


def draw_completeness_counts(ctx: Context, chosen: dict) -> None:
    """One metric per kind of report (query ``reporting_summary``)."""
    counts = query(
        "reporting_summary",
        quarter=ctx.quarter,
        peer_group=ctx.peer_group,
        district=chosen["district"],
    )
    cols = st.columns(counts.height)
    for col, row in zip(cols, counts.iter_rows(named=True), strict=True):
        label = ctx.t(f"charts.kind.{row['kind']}")
        col.metric(
            ctx.t("pages.quality.reported_of", kind=label, quarter=ctx.quarter_text),
            f"{row['units_reported']:,} / {row['units_expected']:,}",
            border=True,
        )


def draw_missing(ctx: Context, now: pl.DataFrame, district: str | None) -> None:
    missing = now.filter(~pl.col("reported"))
    title = (
        "pages.quality.not_yet_list" if unfinished(ctx.quarter) else "pages.quality.missing_list"
    )
    st.markdown(f"**{ctx.t(title, quarter=ctx.quarter_text)}**")
    if missing.is_empty():
        st.success(ctx.t("pages.quality.none_missing", quarter=ctx.quarter_text))
        return
    shown = with_kind_labels(missing, ctx.lang)
    config = parts.text_columns(MISSING_COLUMNS, ctx.lang)
    parts.unit_table(shown, ctx, "missing_units", MISSING_COLUMNS, config, height=300)
    parts.table_downloads(
        shown.select(MISSING_COLUMNS), ctx, "missing", columns=MISSING_COLUMNS, districts=district
    )


def corrections_said(lang: str, files: list[str]) -> str:
    """The caption naming the corrections loaded after the deadline: the file names, as an
    analyst named the files, shown as written, never read as Markdown (a link, bold)."""
    names = t("text.list_sep", lang).join(literal(name) for name in files)
    return t("pages.quality.late_corrections", lang, n=len(files), files=names)


def draw_late_loads(ctx: Context, chosen: dict) -> None:
    st.subheader(ctx.t("pages.quality.late_loads"))
    loads = query("late_loads", deadline_days=chosen["deadline"], quarter=ctx.quarter)
    late = loads.filter(pl.col("late"))
    st.caption(ctx.t("pages.quality.late_help", days=chosen["deadline"]))
    # the corrections in force: a withdrawn one corrects nothing (and one withdrawn and loaded
    # again is named once), as a withdrawn load is never among the late (queries/late_loads.sql)
    in_force = pl.col("outcome") == "loaded"
    corrections = loads.filter(in_force & pl.col("after_deadline") & pl.col("correction"))
    if not corrections.is_empty():
        st.caption(corrections_said(ctx.lang, corrections["file_name"].to_list()))
    if late.is_empty():
        st.success(ctx.t("pages.quality.no_late", quarter=ctx.quarter_text))
        return
    # a file without a day received shows an empty cell, not "None": the days as text, in a
    # text column (a date column shows its empty text as None)
    # (the downloads keep the days as dates: a workbook's cell is empty, not an empty text)
    files = late.with_columns(kind_label(ctx.lang), as_person("loaded_by", ctx.lang))
    files = files.select(LATE_COLUMNS)
    received = pl.col("received_on").dt.strftime("%Y-%m-%d").fill_null("")
    config = parts.text_columns(LATE_COLUMNS, ctx.lang)
    config["received_on"] = st.column_config.TextColumn(ctx.t("pages.col.received_on"))
    tables.dataframe(files.with_columns(received), hide_index=True, column_config=config)
    parts.table_downloads(files, ctx, "late_loads", columns=LATE_COLUMNS)


def draw_outliers(ctx: Context, chosen: dict) -> None:
    st.subheader(ctx.t("pages.quality.outliers"))
    if not indicator_system_loaded():  # no value computed: "none to check" would read as clean
        st.info(ctx.t("pages.quality.no_indicator_system"), icon=":material/rule:")
        return
    flagged = query(
        "outliers",
        quarter=ctx.quarter,
        peer_group=ctx.peer_group,
        threshold=THRESHOLD,
        districts=[chosen["district"]] if chosen["district"] else None,
    )
    st.caption(ctx.t("pages.quality.outliers_help", threshold=THRESHOLD))
    if flagged.is_empty():
        st.success(ctx.t("pages.quality.no_outliers", quarter=ctx.quarter_text))
        return
    # the indicators differ in unit: a rate reads as a percentage, a count whole (one column
    # of 0.85 beside 12 beside 96.5 read as the same kind of figure); the workbook keeps the
    # numbers, each row in its unit's number format (they were text: '93.5%')
    named = flagged.with_columns(pl.col(builders.name_column(ctx.lang)).alias("indicator"))
    shown = named.with_columns(
        *(
            pl.struct(c, "unit")
            .map_elements(lambda r, c=c: fmt_value(r[c], r["unit"]), return_dtype=pl.String)
            .alias(c)
            for c in OUTLIER_VALUES
        ),
    )
    config = (
        parts.text_columns(OUTLIER_COLUMNS, ctx.lang)
        | {c: st.column_config.TextColumn(ctx.t(f"pages.col.{c}")) for c in OUTLIER_VALUES}
        | {
            c: st.column_config.NumberColumn(ctx.t(f"pages.col.{c}"), format="%.2f")
            for c in OUTLIER_SCORES
        }
    )
    parts.unit_table(shown, ctx, "outliers", OUTLIER_COLUMNS, config, height=320)
    in_unit = [export.unit_number_format(unit) for unit in named["unit"]]
    parts.table_downloads(
        named.select(OUTLIER_COLUMNS),
        ctx,
        "outliers",
        columns=OUTLIER_COLUMNS,
        districts=chosen["district"],
        config={c: config[c] for c in OUTLIER_SCORES},
        row_formats=dict.fromkeys(OUTLIER_VALUES, in_unit),
    )
