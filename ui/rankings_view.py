"""The Rankings page's filters, rows and views as drawn: the league table, the bars, the
caterpillar and the robustness chart (the funnel view is ui.funnel_view).

Presentation only: the ranks, ranges and targets come from the named queries (rankings,
rank_sensitivity, common_target); this module chooses, sorts and labels what they return.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
import streamlit as st

from charts import builders
from charts.labels import fmt_value, names_told_apart
from etl.contracts import ALL_PEER_GROUPS
from i18n import t
from ui import page_parts as parts
from ui.context import Context
from ui.data import query
from ui.literal import literal_t

INDEX = "index"
NORMALISATIONS = ("attainment", "minmax", "zscore")
SORTS = ("rank", "rank_change", "value", "unit_code")
VIEWS = ("league", "caterpillar", "funnel", "robustness")
BARS_SHOWN = 50
ROBUSTNESS_SHOWN = 60
# what a leader reads first, first: at 1280 px the grid beside the sidebar shows about six
# columns, and the rank range and the status stood eighth and last, scrolled out of view; on a
# phone the figure follows the name at once (page_parts.UNIT_TABLE_WIDTHS), the change after it
TABLE_COLUMNS = (
    "rank",
    "unit_name",
    "value",
    "movement",
    "rank_range",
    "status_label",
    "unit_code",
    "weight_covered",
    "previous_rank",
    "district",
    "peer_label",
)


@dataclass(frozen=True)
class RankedBy:
    """What a ranking can be by: the civility index or one defined indicator (query
    ``indicators``, by code)."""

    indicators: Mapping[str, Mapping[str, object]]
    lang: str

    @property
    def codes(self) -> tuple[str, ...]:
        return (INDEX, *self.indicators)

    def name(self, code: str) -> str:
        if code == INDEX:
            return t("charts.index", self.lang)
        return parts.indicator_label(self.indicators[code], self.lang)

    def is_lower_better(self, code: str) -> bool:
        return code != INDEX and self.indicators[code]["direction"] == "lower"

    def is_rate(self, code: str) -> bool:
        return code != INDEX and self.indicators[code]["unit"] == "rate"

    def has_funnel(self, code: str) -> bool:
        """A funnel plot needs a proportion indicator (the index has none)."""
        return code != INDEX and bool(self.indicators[code]["is_proportion"])


def read_filters(ctx: Context, by: RankedBy, districts: list[str]) -> dict:
    """The filters, from the URL first; one form so that changing several is one rerun."""
    parts.seed_widget("rk_indicator", parts.url_choice("indicator", by.codes, INDEX))
    parts.seed_widget(
        "rk_normalisation", parts.url_choice("normalisation", NORMALISATIONS, "attainment")
    )
    parts.seed_widget("rk_sort", parts.url_choice("sort", SORTS, "rank"))
    parts.same_choice_in_either_language(ctx, "rk_indicator", "rk_normalisation", "rk_sort")
    with st.form("rankings_filters", border=False):
        cols = st.columns([3, 2, 3, 2])
        cols[0].selectbox(
            ctx.t("pages.rankings.rank_by"),
            by.codes,
            format_func=by.name,
            key="rk_indicator",
            placeholder=ctx.t("widget.choose_one"),
        )
        cols[1].selectbox(
            ctx.t("pages.rankings.normalisation"),
            NORMALISATIONS,
            format_func=lambda n: ctx.t(f"pages.normalisation.{n}"),
            key="rk_normalisation",
            placeholder=ctx.t("widget.choose_one"),
        )
        parts.district_filter(cols[2], ctx, "rk_districts", districts, many=True)
        cols[3].selectbox(
            ctx.t("pages.rankings.sort"),
            SORTS,
            format_func=lambda s: ctx.t(f"pages.sort.{s}"),
            key="rk_sort",
            placeholder=ctx.t("widget.choose_one"),
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


def read_view(ctx: Context) -> str:
    parts.seed_widget("rk_view", parts.url_choice("view", VIEWS, "league"))
    parts.same_choice_in_either_language(ctx, "rk_view")
    view = st.segmented_control(
        ctx.t("pages.rankings.view"),
        VIEWS,
        format_func=lambda v: ctx.t(f"pages.rankings.view_{v}"),
        key="rk_view",
        required=True,
    )
    parts.keep_in_url(view=view)
    return view or "league"


def shown_rows(ranking: pl.DataFrame, chosen: dict, lower_better: bool) -> pl.DataFrame:
    """The ranking (of the chosen districts: the query's ``districts``) sorted as the reader
    asked, ranks unchanged.

    Rank changes and values sort largest first, except the values of an indicator where lower
    is better; ties and missing values go by unit code, missing values last."""
    sort = chosen["sort"]
    descending = sort == "rank_change" or (sort == "value" and not lower_better)
    return ranking.sort([sort, "unit_code"], descending=[descending, False], nulls_last=True)


def decorated(rows: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """The rows with their words: rank arrows and ranges, peer-group and status labels."""
    labelled = builders.with_peer_labels(parts.with_rank_words(rows), ctx.lang)
    return parts.with_status_labels(labelled, ctx)


def table_columns(code: str) -> list[str]:
    """The league table's columns; the weight covered means something for the index only."""
    return [c for c in TABLE_COLUMNS if code == INDEX or c != "weight_covered"]


def draw_table(
    ctx: Context, rows: pl.DataFrame, by: RankedBy, code: str, districts: list[str]
) -> None:
    """The league table; ranking by the index, with the share of the weight each unit's index
    covers and the share it needs (why a unit is "insufficient data")."""
    columns = table_columns(code)
    value_column = parts.percent_column if by.is_rate(code) else parts.index_column
    config = parts.text_columns(columns, ctx.lang) | {"value": value_column(by.name(code))}
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
        labels={"value": by.name(code)},
        columns=columns,
        districts=districts,
        config=config,
    )


def draw_league(
    ctx: Context, rows: pl.DataFrame, by: RankedBy, code: str, districts: list[str]
) -> None:
    ranked = rows.filter(pl.col("rank").is_not_null())  # units short of data have no rank
    bars = ranked.head(BARS_SHOWN)
    if ranked.height > BARS_SHOWN:
        st.caption(ctx.t("pages.rankings.bars_shown", shown=bars.height, total=ranked.height))
    tied = ranked.filter(pl.col("rank") == bars["rank"].max()).height
    chart = builders.render_league_chart(
        bars,
        ctx.lang,
        value_label=by.name(code),
        is_rate=by.is_rate(code),
        total=ranked.height,
        tied=tied,
    )
    # the file's title replaces the chart's, which says when only the first units are drawn
    first = builders.league_first_words(bars, ctx.lang, ranked.height, tied)
    title = ctx.t("export.title.league", name=by.name(code))
    if first is not None:
        title = ctx.t("export.title.league_first", name=by.name(code), first=first)
    parts.chart_with_downloads(chart, ctx, "league", code, districts, title=title)


def draw_caterpillar(
    ctx: Context, rows: pl.DataFrame, by: RankedBy, code: str, districts: list[str]
) -> None:
    if code == INDEX:
        chart = builders.render_caterpillar_chart(rows, ctx.lang, measure="rank")
        st.caption(ctx.t("pages.rankings.caterpillar_rank_help"))
    else:
        chart = builders.render_caterpillar_chart(
            rows,
            ctx.lang,
            value_label=by.name(code),
            is_rate=by.is_rate(code),
            target=common_target(ctx, code),
        )
    title = ctx.t("export.title.caterpillar", name=by.name(code), chart=chart.title)
    parts.chart_with_downloads(chart, ctx, "caterpillar", code, districts, title=title)


def common_target(ctx: Context, code: str) -> float | None:
    """The target line, when every unit shown has the same target (else none is drawn)."""
    found = query(
        "common_target", quarter=ctx.quarter, peer_group=ctx.peer_group, indicator_code=code
    )
    return found["target"][0] if found.height else None


def say_ranked_by(ctx: Context, scope: str, by: RankedBy, code: str, normalisation: str) -> None:
    """What the ranking is of and by: the quarter, the group, the index with the normalisation
    of its scores, or one indicator's own values (no normalisation applies to them: a caption
    naming z-score stood above a table of raw counts)."""
    words = {"quarter": ctx.quarter_text, "scope": scope, "indicator": by.name(code)}
    if code == INDEX:
        words["normalisation"] = ctx.t(f"pages.normalisation.{normalisation}")
    key = "pages.rankings.caption" if code == INDEX else "pages.rankings.caption_indicator"
    st.caption(literal_t(ctx, key, **words))


def say_target(ctx: Context, by: RankedBy, code: str) -> None:
    """Ranked by an indicator, which target its units are held to (a leader could not tell,
    after a target was raised, which one applied): the one they share, with the quarter its
    row holds from; or that it differs by peer group, when all groups are shown and some
    group has a target; that none applies to an indicator retired in the quarter (query
    targets' ``assessed``), whose targets in force no unit meets or misses; nothing for the
    index, or where no target applies."""
    if code == INDEX:
        return
    held = query("targets", quarter=ctx.quarter).filter(pl.col("indicator_code") == code)
    if held.height and not held["assessed"].any():
        st.caption(ctx.t("pages.rankings.target_retired"))
        return
    found = query(
        "common_target", quarter=ctx.quarter, peer_group=ctx.peer_group, indicator_code=code
    )
    if found.height:
        target = fmt_value(found["target"][0], by.indicators[code]["unit"])
        since = found["target_from"][0]
        if since is None:
            st.caption(ctx.t("pages.rankings.target_shared", target=target))
        else:
            said = ctx.quarter_said(since)
            st.caption(ctx.t("pages.rankings.target_shared_since", target=target, since=said))
        return
    if ctx.peer_group == ALL_PEER_GROUPS and held.height:
        st.caption(ctx.t("pages.rankings.target_varies"))


def draw_robustness(ctx: Context, code: str, chosen_districts: list[str]) -> None:
    if code != INDEX:
        parts.empty_state(ctx, "pages.rankings.robustness_needs_index")
        return
    ranks = query(
        "rank_sensitivity",
        quarter=ctx.quarter,
        peer_group=ctx.peer_group,
        districts=chosen_districts or None,
    )
    shown = ranks.filter(pl.col("rank_attainment").is_not_null()).head(ROBUSTNESS_SHOWN)
    if ranks.height > ROBUSTNESS_SHOWN:
        st.caption(ctx.t("pages.rankings.bars_shown", shown=shown.height, total=ranks.height))
    chart = builders.render_robustness_chart(shown, ctx.lang)
    parts.chart_with_downloads(chart, ctx, "robustness", districts=chosen_districts)
    st.caption(ctx.t("pages.rankings.robustness_help"))


def explain_none_ranked(ctx: Context, ranking: pl.DataFrame, scope: str, indicator: str) -> None:
    """Why nothing is ranked: no unit has reported (upload), or every unit that reported in
    the quarter has too little to be ranked (named, with the share of the weight a unit
    needs). A unit that sent nothing yet is not among them, though it is insufficient_data."""
    short = ranking.filter((pl.col("status") == "insufficient_data") & pl.col("reported"))
    if short.is_empty() or short["weight_needed"][0] is None:
        parts.empty_state(ctx, "pages.rankings.empty", scope=scope, indicator=indicator)
        return
    told = names_told_apart(short.sort("unit_code").head(10), ranking, ctx.lang)
    names = ctx.t("text.list_sep").join(told)
    more = ctx.t("pages.rankings.and_more", n=short.height - 10) if short.height > 10 else ""
    parts.empty_state(
        ctx,
        "pages.rankings.all_insufficient",
        scope=scope,
        n=short.height,
        names=names + more,
        needed=parts.percent(short["weight_needed"][0]),
    )
