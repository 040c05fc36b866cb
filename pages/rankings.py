"""Rankings: the league table by the index or one indicator, with rank changes and plausible
rank ranges, and four views of it (bars, caterpillar, funnel plot, robustness)."""

import polars as pl
import streamlit as st

from charts import builders
from ui import page_parts as parts
from ui import rankings_view as view
from ui.data import query
from ui.frame import frame
from ui.funnel_view import draw_funnel
from ui.system_changes import note_system_changes

ctx = frame("rankings")

st.title(ctx.t("frame.menu.rankings"))
if ctx.quarter is None:
    parts.no_data_state(ctx)
    st.stop()

indicators = query("indicators").filter(pl.col("has_definition"))
by = view.RankedBy(
    {row["indicator_code"]: row for row in indicators.iter_rows(named=True)}, ctx.lang
)
districts = query("districts")["district"].to_list()

chosen = view.read_filters(ctx, by, districts)
code = chosen["indicator"]
lower_better = by.is_lower_better(code)
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
params["districts"] = chosen["district"] or None  # the rows shown: the chosen districts'
scope = builders.peer_group_label(ctx.peer_group, ctx.lang)
view.say_ranked_by(ctx, scope, by, code, chosen["normalisation"])
view.say_target(ctx, by, code)
if ranking.filter(pl.col("rank").is_not_null()).is_empty():
    view.explain_none_ranked(ctx, ranking, scope, by.name(code))
    st.stop()

rows = view.decorated(
    view.shown_rows(query("rankings", draws=0, **params), chosen, lower_better), ctx
)
shown_view = view.read_view(ctx)
if shown_view == "league":
    view.draw_league(ctx, rows, by, code, chosen["district"])
elif shown_view == "caterpillar":
    rows = view.decorated(view.shown_rows(query("rankings", **params), chosen, lower_better), ctx)
    view.draw_caterpillar(ctx, rows, by, code, chosen["district"])
elif shown_view == "funnel" and not by.has_funnel(code):
    parts.empty_state(ctx, "pages.rankings.funnel_needs_proportion")
elif shown_view == "funnel":
    draw_funnel(ctx, code, by.name(code), chosen["district"])
else:
    view.draw_robustness(ctx, code, chosen["district"])

st.subheader(ctx.t("pages.rankings.table"))
rows = view.decorated(view.shown_rows(query("rankings", **params), chosen, lower_better), ctx)
if rows.is_empty():
    parts.empty_state(ctx, "pages.filter.no_rows")
else:
    view.draw_table(ctx, rows, by, code, chosen["district"])
note_system_changes(ctx)  # under the table: what part of its changes the system made
