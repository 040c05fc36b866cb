"""Rankings: the league table by the index or one indicator, with rank changes and plausible
rank ranges, and four views of it (bars, caterpillar, funnel plot, robustness)."""

import polars as pl
import streamlit as st

from charts import builders
from ui import page_parts as parts
from ui.data import query
from ui.frame import frame
from ui.funnel_view import draw_funnel

ctx = frame("rankings")

INDEX = "index"
NORMALISATIONS = ("attainment", "minmax", "zscore")
SORTS = ("rank", "rank_change", "value", "unit_code")
VIEWS = ("league", "caterpillar", "funnel", "robustness")
BARS_SHOWN = 50
ROBUSTNESS_SHOWN = 60
TABLE_COLUMNS = (
    "rank",
    "movement",
    "unit_name",
    "unit_code",
    "district",
    "peer_label",
    "value",
    "weight_covered",
    "rank_range",
    "previous_rank",
    "status_label",
)

st.title(ctx.t("frame.menu.rankings"))
if ctx.quarter is None:
    parts.empty_state(ctx, "pages.no_data")
    st.stop()

indicators = query("indicators").filter(pl.col("has_definition"))
indicator_rows = {row["indicator_code"]: row for row in indicators.iter_rows(named=True)}
districts = query("districts")["district"].to_list()


def indicator_name(code: str) -> str:
    if code == INDEX:
        return ctx.t("charts.index")
    return parts.indicator_label(indicator_rows[code], ctx.lang)


def read_filters() -> dict:
    """The filters, from the URL first; one form so that changing several is one rerun."""
    codes = (INDEX, *indicator_rows)
    parts.seed_widget("rk_indicator", parts.url_choice("indicator", codes, INDEX))
    parts.seed_widget(
        "rk_normalisation", parts.url_choice("normalisation", NORMALISATIONS, "attainment")
    )
    parts.seed_widget("rk_sort", parts.url_choice("sort", SORTS, "rank"))
    with st.form("rankings_filters", border=False):
        cols = st.columns([3, 2, 3, 2])
        cols[0].selectbox(
            ctx.t("pages.rankings.rank_by"), codes, format_func=indicator_name, key="rk_indicator"
        )
        cols[1].selectbox(
            ctx.t("pages.rankings.normalisation"),
            NORMALISATIONS,
            format_func=lambda n: ctx.t(f"pages.normalisation.{n}"),
            key="rk_normalisation",
        )
        parts.district_filter(cols[2], ctx, "rk_districts", districts, many=True)
        cols[3].selectbox(
            ctx.t("pages.rankings.sort"),
            SORTS,
            format_func=lambda s: ctx.t(f"pages.sort.{s}"),
            key="rk_sort",
        )
        st.form_submit_button(ctx.t("pages.apply"), type="primary")
    chosen = {
        "indicator": st.session_state["rk_indicator"],
        "normalisation": st.session_state["rk_normalisation"],
        "district": st.session_state["rk_districts"],
        "sort": st.session_state["rk_sort"],
    }
    parts.keep_in_url(**chosen)
    return chosen


def read_view() -> str:
    parts.seed_widget("rk_view", parts.url_choice("view", VIEWS, "league"))
    view = st.segmented_control(
        ctx.t("pages.rankings.view"),
        VIEWS,
        format_func=lambda v: ctx.t(f"pages.rankings.view_{v}"),
        key="rk_view",
        required=True,
    )
    parts.keep_in_url(view=view)
    return view or "league"


def shown_rows(ranking: pl.DataFrame, chosen: dict) -> pl.DataFrame:
    """The ranking as the reader asked to see it: districts kept, sorted (ranks unchanged)."""
    rows = ranking
    if chosen["district"]:
        rows = rows.filter(pl.col("district").is_in(chosen["district"]))
    sort = chosen["sort"]
    descending = sort in ("rank_change", "value")
    if sort == "value" and is_lower_better(chosen["indicator"]):
        descending = False
    return rows.sort([sort, "unit_code"], descending=[descending, False], nulls_last=True)


def is_lower_better(code: str) -> bool:
    return code != INDEX and indicator_rows[code]["direction"] == "lower"


def is_rate(code: str) -> bool:
    return code != INDEX and indicator_rows[code]["unit"] == "rate"


def decorated(rows: pl.DataFrame) -> pl.DataFrame:
    labelled = builders.with_peer_labels(parts.with_rank_words(rows), ctx.lang)
    return parts.with_status_labels(labelled, ctx)


def draw_table(rows: pl.DataFrame, code: str) -> None:
    """The league table; ranking by the index, with the share of the weight each unit's index
    covers and the share it needs (why a unit is "insufficient data")."""
    columns = [c for c in TABLE_COLUMNS if code == INDEX or c != "weight_covered"]
    value_column = st.column_config.NumberColumn(
        indicator_name(code), format="percent" if is_rate(code) else "%.2f"
    )
    config = parts.text_columns(columns, ctx.lang) | {"value": value_column}
    parts.unit_table(rows, ctx, "rankings_table", columns, config, height=420)
    if code == INDEX:
        needed = parts.percent(rows["weight_needed"][0])
        st.caption(ctx.t("pages.rankings.weight_help", needed=needed))
    st.caption(ctx.t("pages.rankings.table_help"))
    parts.table_downloads(
        rows.select(columns),
        ctx,
        "rankings",
        detail=code,
        labels={"value": indicator_name(code)},
        columns=columns,
    )


def draw_league(rows: pl.DataFrame, code: str) -> None:
    bars = rows.filter(pl.col("rank").is_not_null()).head(BARS_SHOWN)
    if rows.height > BARS_SHOWN:
        st.caption(ctx.t("pages.rankings.bars_shown", shown=bars.height, total=rows.height))
    chart = builders.render_league_chart(
        bars, ctx.lang, value_label=indicator_name(code), is_rate=is_rate(code)
    )
    parts.chart_with_downloads(chart, ctx, "league", detail=code)


def draw_caterpillar(rows: pl.DataFrame, code: str) -> None:
    if code == INDEX:
        chart = builders.render_caterpillar_chart(rows, ctx.lang, measure="rank")
        st.caption(ctx.t("pages.rankings.caterpillar_rank_help"))
    else:
        chart = builders.render_caterpillar_chart(
            rows,
            ctx.lang,
            value_label=indicator_name(code),
            is_rate=is_rate(code),
            target=common_target(code),
        )
    parts.chart_with_downloads(chart, ctx, "caterpillar", detail=code)


def common_target(code: str) -> float | None:
    """The target line, when every unit shown has the same target (else none is drawn)."""
    found = query(
        "common_target", quarter=ctx.quarter, peer_group=ctx.peer_group, indicator_code=code
    )
    return found["target"][0] if found.height else None


def draw_robustness(code: str, chosen_districts: list[str]) -> None:
    if code != INDEX:
        parts.empty_state(ctx, "pages.rankings.robustness_needs_index")
        return
    ranks = query("rank_sensitivity", quarter=ctx.quarter, peer_group=ctx.peer_group)
    if chosen_districts:
        ranks = ranks.filter(pl.col("district").is_in(chosen_districts))
    shown = ranks.filter(pl.col("rank_attainment").is_not_null()).head(ROBUSTNESS_SHOWN)
    if ranks.height > ROBUSTNESS_SHOWN:
        st.caption(ctx.t("pages.rankings.bars_shown", shown=shown.height, total=ranks.height))
    chart = builders.render_robustness_chart(shown, ctx.lang)
    parts.chart_with_downloads(chart, ctx, "robustness")
    st.caption(ctx.t("pages.rankings.robustness_help"))


chosen = read_filters()
code = chosen["indicator"]
params = {
    "quarter": ctx.quarter,
    "peer_group": ctx.peer_group,
    "indicator_code": code,
    "normalisation": chosen["normalisation"],
}
# Ranks come first without their plausible ranges (draws=0: the same ranks, computed in a
# fraction of the time), so the chart is drawn at once; the simulated rank ranges follow for
# the table and the rank caterpillar. At province scale the simulation is most of the time.
ranking = query("rankings", draws=0, **params)
scope = builders.peer_group_label(ctx.peer_group, ctx.lang)
st.caption(
    ctx.t(
        "pages.rankings.caption",
        quarter=ctx.quarter,
        scope=scope,
        indicator=indicator_name(code),
        normalisation=ctx.t(f"pages.normalisation.{chosen['normalisation']}"),
    )
)
if ranking.filter(pl.col("rank").is_not_null()).is_empty():
    parts.empty_state(ctx, "pages.rankings.empty", scope=scope, indicator=indicator_name(code))
    st.stop()

rows = decorated(shown_rows(ranking, chosen))
view = read_view()
if view == "league":
    draw_league(rows, code)
elif view == "caterpillar":
    rows = decorated(shown_rows(query("rankings", **params), chosen))
    draw_caterpillar(rows, code)
elif view == "funnel" and (code == INDEX or not indicator_rows[code]["is_proportion"]):
    parts.empty_state(ctx, "pages.rankings.funnel_needs_proportion")
elif view == "funnel":
    draw_funnel(ctx, code, indicator_name(code), chosen["district"])
else:
    draw_robustness(code, chosen["district"])

st.subheader(ctx.t("pages.rankings.table"))
rows = decorated(shown_rows(query("rankings", **params), chosen))
if rows.is_empty():
    parts.empty_state(ctx, "pages.filter.no_rows")
else:
    draw_table(rows, code)
