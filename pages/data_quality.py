"""Data quality: which unit reported which kind of file for which quarter, files loaded after
the deadline, and indicator values far from a unit's history or its peers (to check)."""

import polars as pl
import streamlit as st

from charts import builders
from ui import page_parts as parts
from ui.data import query
from ui.frame import frame

ctx = frame("data_quality")

MATRIX_QUARTERS = 4
MATRIX_UNITS = 120
DEADLINES = tuple(str(d) for d in range(91))  # days after quarter end
MISSING_COLUMNS = ("unit_name", "unit_code", "district", "peer_label", "quarter", "kind_label")
LATE_COLUMNS = ("file_name", "kind", "quarters", "loaded_by", "loaded_at", "deadline", "days_late")
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

st.title(ctx.t("frame.menu.data_quality"))
if ctx.quarter is None:
    parts.empty_state(ctx, "pages.no_data")
    st.stop()

districts = query("districts")["district"].to_list()


def read_filters() -> dict:
    parts.seed_widget("dq_deadline", int(parts.url_choice("deadline", DEADLINES, "15")))
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


def matrix_quarters() -> list[str]:
    """The chosen quarter and the ones before it (up to four)."""
    upto = [q for q in ctx.quarters if q <= ctx.quarter]
    return upto[-MATRIX_QUARTERS:]


def draw_completeness(chosen: dict) -> None:
    st.subheader(ctx.t("charts.completeness.title"))
    window = matrix_quarters()
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
    draw_completeness_counts(chosen)
    draw_matrix(matrix, window)
    draw_missing(now)


def draw_matrix(matrix: pl.DataFrame, window: list[str]) -> None:
    """The matrix of the units that missed a report in the window (the others reported all)."""
    units = matrix["unit_code"].unique()
    missed = matrix.filter(~pl.col("reported"))["unit_code"].unique().sort()
    span = {"start": window[0], "end": window[-1]}
    if missed.is_empty():
        st.success(ctx.t("pages.quality.window_complete", units=units.len(), **span))
        return
    shown = missed.head(MATRIX_UNITS)
    st.caption(
        ctx.t("pages.quality.matrix_shows", shown=shown.len(), missed=missed.len(), **span)
        + ctx.t("pages.quality.others_complete", others=units.len() - missed.len())
    )
    matrix = matrix.filter(pl.col("unit_code").is_in(shown.to_list()))
    chart = builders.render_completeness_chart(matrix, ctx.lang)
    parts.chart_with_downloads(chart, ctx, "completeness")


def draw_completeness_counts(chosen: dict) -> None:
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
            ctx.t("pages.quality.reported_of", kind=label, quarter=ctx.quarter),
            f"{row['units_reported']:,} / {row['units_expected']:,}",
            border=True,
        )


def draw_missing(now: pl.DataFrame) -> None:
    missing = now.filter(~pl.col("reported"))
    st.markdown(f"**{ctx.t('pages.quality.missing_list', quarter=ctx.quarter)}**")
    if missing.is_empty():
        st.success(ctx.t("pages.quality.none_missing", quarter=ctx.quarter))
        return
    kinds = {k: ctx.t(f"charts.kind.{k}") for k in builders.KIND_ORDER}
    shown = builders.with_peer_labels(missing, ctx.lang).with_columns(
        pl.col("kind").replace_strict(kinds, default=pl.col("kind")).alias("kind_label")
    )
    config = parts.text_columns(MISSING_COLUMNS, ctx.lang)
    parts.unit_table(shown, ctx, "missing_units", MISSING_COLUMNS, config, height=300)
    parts.table_downloads(shown.select(MISSING_COLUMNS), ctx, "missing", columns=MISSING_COLUMNS)


def draw_late_loads(chosen: dict) -> None:
    st.subheader(ctx.t("pages.quality.late_loads"))
    late = query(
        "late_loads", deadline_days=chosen["deadline"], quarter=ctx.quarter, late_only=True
    )
    st.caption(ctx.t("pages.quality.late_help", days=chosen["deadline"]))
    if late.is_empty():
        st.success(ctx.t("pages.quality.no_late", quarter=ctx.quarter))
        return
    shown = late.select(LATE_COLUMNS)
    st.dataframe(shown, hide_index=True, column_config=parts.text_columns(LATE_COLUMNS, ctx.lang))
    parts.table_downloads(shown, ctx, "late_loads", columns=LATE_COLUMNS)


def draw_outliers(chosen: dict) -> None:
    st.subheader(ctx.t("pages.quality.outliers"))
    flagged = query("outliers", quarter=ctx.quarter, peer_group=ctx.peer_group)
    if chosen["district"]:
        flagged = flagged.filter(pl.col("district") == chosen["district"])
    threshold = flagged["threshold"][0] if flagged.height else 3.5
    st.caption(ctx.t("pages.quality.outliers_help", threshold=threshold))
    if flagged.is_empty():
        st.success(ctx.t("pages.quality.no_outliers", quarter=ctx.quarter))
        return
    shown = flagged.with_columns(pl.col(builders.name_column(ctx.lang)).alias("indicator"))
    config = parts.text_columns(OUTLIER_COLUMNS, ctx.lang) | {
        c: st.column_config.NumberColumn(ctx.t(f"pages.col.{c}"), format="%.3g")
        for c in ("value", "peer_median", "peer_z", "own_median", "own_z")
    }
    parts.unit_table(shown, ctx, "outliers", OUTLIER_COLUMNS, config, height=320)
    parts.table_downloads(shown.select(OUTLIER_COLUMNS), ctx, "outliers", columns=OUTLIER_COLUMNS)


chosen = read_filters()
st.caption(
    ctx.t(
        "pages.quality.caption",
        quarter=ctx.quarter,
        scope=builders.peer_group_label(ctx.peer_group, ctx.lang),
    )
)
draw_completeness(chosen)
draw_late_loads(chosen)
draw_outliers(chosen)
