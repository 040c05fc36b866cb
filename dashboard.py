"""Overview: the quarter at a glance — units assessed, the bureau's civility index and its
change, attainment against targets, reporting completeness; then the top ten and bottom ten
(with rank ranges) and the biggest movers."""

import polars as pl
import streamlit as st

from charts import builders
from ui import page_parts as parts
from ui.data import query, viewer_scope
from ui.frame import frame
from ui.overview_view import draw_completeness, draw_movers, end_heading, index_label
from ui.rankings_view import explain_none_ranked
from ui.system_changes import note_system_changes

ctx = frame("overview")

TOP_N = 10
# the index beside the name, where a narrow window shows it
END_COLUMNS = ("rank", "unit_name", "value", "rank_range", "movement", "peer_label")

st.title(ctx.t("pages.overview.title"))
if ctx.quarter is None:
    parts.no_data_state(ctx)
    st.stop()

scope = builders.peer_group_label(ctx.peer_group, ctx.lang)
st.caption(ctx.t("pages.overview.caption", quarter=ctx.quarter_text, scope=scope))


def draw_headline(head: dict) -> None:
    cols = st.columns(4)
    cols[0].metric(
        ctx.t("pages.overview.units_assessed"),
        f"{head['units_assessed']:,}",
        delta=ctx.t("pages.overview.units_total", total=f"{head['units_total']:,}"),
        delta_color="off",
        delta_arrow="off",
        help=ctx.t("pages.overview.units_assessed_help", insufficient=head["units_insufficient"]),
        border=True,
    )
    cols[1].metric(
        index_label(ctx),
        parts.number(head["bureau_index"]),
        **parts.change_delta(ctx, head["index_change"]),
        help=ctx.t(
            "pages.overview.bureau_index_help", previous=ctx.quarter_said(head["previous_quarter"])
        ),
        border=True,
    )
    cols[2].metric(
        ctx.t("pages.overview.attainment"),
        parts.percent(head["attainment_rate"]),
        # in percentage points
        **parts.change_delta(ctx, head["attainment_change"], 100, "pages.overview.points"),
        help=ctx.t("pages.overview.attainment_help"),
        border=True,
    )
    cols[3].metric(
        ctx.t("pages.overview.completeness"),
        parts.percent(head["reporting_rate"]),
        help=ctx.t("pages.overview.completeness_help"),
        border=True,
    )
    if not viewer_scope().is_everything:  # beside lists of the viewer's own units
        st.caption(ctx.t("pages.overview.headline_bureau_wide", scope=scope))


def end_table(rows: pl.DataFrame, key: str) -> None:
    shown = builders.with_peer_labels(parts.with_rank_words(rows), ctx.lang)
    index = ctx.t("charts.index")  # the score's name, in the table and in its files
    config = parts.text_columns(END_COLUMNS, ctx.lang) | {"value": parts.index_column(index)}
    parts.unit_table(shown, ctx, key, END_COLUMNS, config, height="fit")
    table = shown.select(END_COLUMNS)
    parts.table_downloads(
        table, ctx, key, labels={"value": index}, columns=END_COLUMNS, config=config
    )


def draw_top_bottom(ends: pl.DataFrame) -> None:
    """The group's first and last ten; one list of the units listed when they are 20 or fewer
    (query ``top_bottom``, end 'whole'). A viewer of some units only gets the ends that hold
    one of them, not an empty table."""
    top, bottom, whole = (ends.filter(pl.col("end") == end) for end in ("top", "bottom", "whole"))
    if whole.height:
        st.subheader(end_heading(ctx, "whole", whole, TOP_N, viewer_scope().is_everything))
        end_table(whole, "whole_ranking")
    else:  # one under the other: side by side, a projector's 1280 px hid half their columns
        for end, rows in (("top", top), ("bottom", bottom)):
            if rows.height:
                st.subheader(end_heading(ctx, end, rows, TOP_N))
                end_table(rows, f"{end}_ten")
    st.caption(ctx.t("pages.overview.rank_range_help"))


headline = query("bureau_headline", quarter=ctx.quarter, peer_group=ctx.peer_group)
head = headline.row(0, named=True) if headline.height else None
if head is None or not head["units_assessed"]:
    parts.empty_state(ctx, "pages.overview.nothing_assessed", scope=scope)
    st.stop()

draw_headline(head)

ends = query("top_bottom", quarter=ctx.quarter, peer_group=ctx.peer_group, n=TOP_N)
if ends.height:
    draw_top_bottom(ends)
else:
    ranking = query("rankings", quarter=ctx.quarter, peer_group=ctx.peer_group, draws=0)
    if ranking.filter(pl.col("status") == "ranked").is_empty():  # why, as Rankings says it
        explain_none_ranked(ctx, ranking, scope, ctx.t("charts.index"))
    else:  # more than 20 of the viewer's units are ranked, none at either end of the group
        parts.empty_state(ctx, "pages.overview.none_at_the_ends", n=TOP_N, scope=scope)
        parts.page_link(
            ctx, "pages/rankings.py", "pages.overview.to_rankings", ":material/leaderboard:"
        )

note_system_changes(ctx)
draw_movers(ctx, query("movers", quarter=ctx.quarter, peer_group=ctx.peer_group, n=TOP_N))
draw_completeness(ctx, query("reporting_summary", quarter=ctx.quarter, peer_group=ctx.peer_group))
