"""Chart builders: one function per chart, shared by the pages and the meeting pack.

Every builder takes the output of a named query (queries/README.md) as it comes, plus the
language, and returns an ``alt.Chart`` (or layered/faceted chart) with translated titles and
axes and the CJK font configured. Only presentation happens here: labels, sort order for the
eye, reshaping wide columns to long for Vega-Lite. No score, limit or rank is computed here.

Sizes: about 720 px wide, so a PNG at scale 2 is sharp on a projector and the chart fits a
laptop screen; pages stretch it to the container width.
"""

from __future__ import annotations

import json
import math
import re

import altair as alt
import polars as pl

from charts import palette
from charts.labels import (
    MISSING,
    d3_decimals,
    fmt_share,
    half_up_values,
    quarter_label,
    quarter_label_expr,
)
from charts.labels import group_label as peer_group_label
from etl.contracts import peer_groups_in_order
from etl.quarters import quarter_range
from etl.widths import display_width, is_wide, wrapped
from i18n import t

# Altair checks each schema object (an axis, a scale, a channel) against the Vega-Lite schema
# as it is made (its DEBUG_MODE), then the whole chart again in ``to_dict`` (Streamlit's, the
# exports', the tests'): the first checks cost a quarter of building a chart, and a chart that
# breaks the schema still fails the second, whoever draws it.
alt.utils.schemapi.disable_debug_mode()

FONT = "Noto Sans CJK SC"
WIDTH = 720
HEIGHT = 380
ROW_STEP = 18  # px per unit row in charts that list units
# Panels side by side on a 16:9 slide share this width (px), about 2.3 times their height as
# the slide's content box is (charts.deck.content_box: 12.4 x 5.35 in)
SLIDE_CHART_WIDTH, SLIDE_CHART_HEIGHT = 1100, 390
MAX_LABEL_CHARS = 18
LABEL_LIMIT = 260  # px an axis label may take (a unit's label of MAX_LABEL_CHARS, whole)
# On a narrow page (a phone: 358 px inside a 390-px window) the names of a chart of units take
# at most this share of its width, truncated with an ellipsis (the tooltip names the unit in
# full): at 260 px they took 70% of it, the bars a sliver. Never below NARROW_LABEL_MIN px.
NARROW_LABEL_SHARE, NARROW_LABEL_MIN = 0.35, 40
# The page's width for a chart, from the window's, where the chart's own box says nothing (a
# faceted chart's box is as wide as the chart): Streamlit pads the page at least 16 px a side,
# beside the 300-px sidebar from 768 px up (below, the sidebar lies over the page)
PAGE_WIDTH_EXPR = "(windowSize()[0] < 768 ? windowSize()[0] - 32 : windowSize()[0] - 332)"
NAMED_POINTS = 12  # a caterpillar of at most this many units names each point under it
# ... and in a file (a slide, a download: no tooltip to tell one point from another) of at
# most this many, a slide's rank chart of a large group (2 × 20, charts.pack.slides)
FILE_NAMED_POINTS = 40
LABEL_LINE_PX = 16  # the room across a turned axis label (12 px) with a gap to the next
AXIS_PX_PER_COLUMN = 6  # px an axis label takes per display column (a Chinese character: 2)
# A legend under a chart lays its entries out from the plot's left edge, in one row unless
# told how many columns: on a phone's page (358 px) the row of five peer groups ran past the
# chart's right edge and its last entries were cut off, unread. LEGEND_ENTRY_PX: an entry's
# room beside its label (symbol, paddings); LEGEND_PX_PER_COLUMN as for an axis, the legend's
# labels a size larger.
LEGEND_ENTRY_PX, LEGEND_PX_PER_COLUMN = 44, 7
# A chart's title: its size (px), a Latin letter's width in ems of it, and the widest a line
# of a title wrapped on a narrow page may be (a phone's page is 358 px, less Streamlit's 40)
TITLE_PX, LATIN_EM, TITLE_WRAP_PX = 16, 0.55, 280
VALUE_AXIS_PX = "64"  # a value axis's labels (100%, 0.95) and its title, beside the plot

FLAG_COLOURS = {"above": palette.GOOD, "within": palette.NEUTRAL, "below": palette.BAD}
FLAG_SHAPES = {"above": "triangle-up", "within": "circle", "below": "triangle-down"}
SERIES_COLOURS = {"value": palette.BLUE, "median": palette.GREY, "target": palette.VERMILLION}
MOVE_SHAPES = {"improved": "triangle-up", "declined": "triangle-down"}
MARKER_ROOM = 12  # px a value scale keeps beyond its extremes, for a marker drawn there
# reported: a small dot; missing: a bold ×  (SVG paths in the unit square, as Vega takes them)
STATE_SHAPES = (
    "M-0.4,0A0.4,0.4 0 1,0 0.4,0A0.4,0.4 0 1,0 -0.4,0Z",
    "M-1,-0.6L-0.6,-1L0,-0.4L0.6,-1L1,-0.6L0.4,0L1,0.6L0.6,1L0,0.4L-0.6,1L-1,0.6L-0.4,0Z",
)
RANK_COLUMNS = ("rank_attainment", "rank_minmax", "rank_zscore", "rank_equal_weights")
KIND_ORDER = ("inspections", "surveys", "activities")
# px a quarter's column of the completeness matrix, and between its panels: narrow enough for
# three panels of four quarters and the units' names to fit a phone's page (358 px), where
# columns of 30 px drew the matrix 669 px wide and cut it off (its quarters' names turned
# upright to fit the narrower columns)
COMPLETENESS_STEP, COMPLETENESS_SPACING = 18, 10
# px the matrix takes beside its panels: the unit axis's ticks and padding, the chart's padding
COMPLETENESS_EDGES = 24
# px a panel of the completeness matrix takes at least: its title (满意度调查, five characters
# of the 13-px header) over fewer quarters than that would run into its neighbours' titles
COMPLETENESS_MIN_PANEL = 72
FINDING_STATUSES = ("overdue", "open")
AXIS_TICKS = 8  # Vega-Lite's default for a 300-pixel axis (one per 40 pixels)
# Only the columns a chart encodes are sent to the browser (a province has thousands of units).
LEAGUE_FIELDS = (
    "unit_code",
    "unit_name",
    "value",
    "rank",
    "rank_low",
    "rank_high",
    "ci_low",
    "ci_high",
)
LEAGUE_TICKS = 5  # about how many steps the league chart's value axis is cut into
FUNNEL_FIELDS = ("unit_code", "unit_name", "value", "n", "flag")
BOX_EXTENT = 1.5  # whiskers reach 1.5 × IQR beyond the box
BOX_SIZE = 14


# ---------------------------------------------------------------- shared presentation helpers


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """``chart`` (which its builder has just made) in the font and sizes every chart uses
    (readable on a projector), its title ``fitted_title``. Set on the chart itself, the
    config at once: each ``configure_*`` or ``properties`` call returns a copy, and a copy of
    a layered chart deep-copies every layer (Altair's ``LayerChart.__init__``): chained,
    seven copies of each chart took more time than building it."""
    if isinstance(chart.title, str):
        chart.title = fitted_title(chart.title)
    chart.config = alt.Config(
        font=FONT,
        title=alt.TitleConfig(fontSize=TITLE_PX, anchor="start", offset=10),
        axis=alt.AxisConfig(labelFontSize=12, titleFontSize=13, labelLimit=LABEL_LIMIT),
        legend=alt.LegendConfig(
            labelFontSize=12, titleFontSize=13, orient="bottom", labelLimit=LABEL_LIMIT
        ),
        header=alt.HeaderConfig(labelFontSize=13, titleFontSize=13),
        view=alt.ViewConfig(stroke=None),
    )
    return chart


def fitted_title(text: str) -> str | alt.TitleParams:
    """``text`` on one line where the chart's box (``containerSize``) holds it, in lines of
    at most ``TITLE_WRAP_PX`` where it does not: Streamlit cuts a title 40 px short of the box
    with an ellipsis, and on a phone (358 px) "Open findings by age (days since the i…" lost
    what the bars count. A file (no box) keeps one line."""

    def px(piece: str) -> float:
        return sum(TITLE_PX if is_wide(ch) else TITLE_PX * LATIN_EM for ch in piece)

    lines = wrapped(text, TITLE_WRAP_PX, px)
    if len(lines) == 1:
        return text
    room = math.ceil(px(text)) + 40
    words = f"{json.dumps(lines, ensure_ascii=False)} : {json.dumps(text, ensure_ascii=False)}"
    return alt.TitleParams(
        text=alt.ExprRef(expr=f"containerSize()[0] > 0 && containerSize()[0] < {room} ? {words}")
    )


def quarter_x(lang: str, angle: int = -45, quarters: list[str] | None = None) -> alt.X:
    """The quarter axis: the codes stay the data (2024Q4, they sort), each labelled as the
    language writes a quarter on a chart (2024年4季度, ``quarter_label(short=True)``), turned
    by ``angle`` degrees; ``quarters``: every quarter the axis holds, those without data too."""
    words = quarter_label_expr("datum.value", lang)
    axis = alt.Axis(labelAngle=angle)
    if words is not None:
        axis = alt.Axis(labelAngle=angle, labelExpr=words)
    scale = alt.Undefined if quarters is None else alt.Scale(domain=quarters)
    return alt.X("quarter:O", title=t("charts.quarter", lang), axis=axis, scale=scale)


def with_runs(rows: pl.DataFrame, quarters: list[str], by: str | None = None) -> pl.DataFrame:
    """``rows`` (of the ``quarters``, each row's ``quarter``) with ``run``: the number of the
    unbroken run of quarters the row is in, within its ``by`` (a series): a line is drawn
    within a run (``alt.Detail``), never across a quarter without a value, which read as a
    value there and left the quarter off the axis (a unit short of data one quarter)."""
    at = pl.col("quarter").replace_strict({q: i for i, q in enumerate(quarters)}, default=None)
    keys = [by] if by else []
    broken = (at.diff().over(keys) != 1) if by else (at.diff() != 1)
    run = broken.fill_null(True).cast(pl.Int64).cum_sum()
    return rows.sort([*keys, "quarter"]).with_columns((run.over(keys) if by else run).alias("run"))


def quarter_tooltip(lang: str) -> alt.Tooltip:
    """The quarter in a tooltip as its axis says it: the field ``with_quarter_words`` adds."""
    field = "quarter:O" if quarter_label_expr("datum.quarter", lang) is None else "quarter_words:N"
    return alt.Tooltip(field, title=t("charts.quarter", lang))


def with_quarter_words(chart: alt.Chart, lang: str) -> alt.Chart:
    """``chart`` with ``quarter_words``, its quarter as the axis labels it, for the tooltip."""
    words = quarter_label_expr("datum.quarter", lang)
    return chart if words is None else chart.transform_calculate(quarter_words=words)


def with_peer_labels(df: pl.DataFrame, lang: str, column: str = "peer_group") -> pl.DataFrame:
    """Add ``peer_label`` (the peer group in the reader's language)."""
    labels = {g: peer_group_label(g, lang) for g in df[column].unique().to_list()}
    return df.with_columns(pl.col(column).replace_strict(labels, default="").alias("peer_label"))


def peer_group_colour(df: pl.DataFrame, lang: str, **kwargs) -> alt.Color:
    """Colour by ``peer_label`` (``with_peer_labels``), each group in its own colour
    (palette.peer_group_colour) and the legend in the registry's order.

    The scale names its domain (the labels of the groups in ``df``) and the colour of each, so
    a chart of fewer groups (a district's) moves no colour, as a range alone would, handed out
    in the labels' order; and the colour is chosen by the group, the same in either language.
    """
    groups = peer_groups_in_order(df["peer_group"].to_list())
    scale = alt.Scale(
        domain=[peer_group_label(g, lang) for g in groups],
        range=[palette.peer_group_colour(g) for g in groups],
    )
    return alt.Color("peer_label:N", scale=scale, **kwargs)


def name_column(lang: str) -> str:
    """The indicator-name column for the language (queries give name_zh and name_en)."""
    return "name_zh" if lang == "zh" else "name_en"


# a name's bracketed end, the part that tells it from a namesake (…服务中心（14部）)
BRACKETED_END = re.compile(r"(（[^（）]*）|\([^()]*\))$")


def short_name(name: str) -> str:
    """A name of at most ``MAX_LABEL_CHARS`` characters, and '…' where it was cut: before its
    bracketed end, kept whole when it is at most half of them (cut at the end, the province's
    '…卫生服务中心（14部）' read '…卫生服务中心（1…', the part lost), else at the end."""
    if len(name) <= MAX_LABEL_CHARS:
        return name
    end = BRACKETED_END.search(name)
    kept = end.group(1) if end and len(end.group(1)) <= MAX_LABEL_CHARS // 2 else ""
    return name[: MAX_LABEL_CHARS - len(kept)] + "…" + kept


def with_unit_labels(df: pl.DataFrame) -> pl.DataFrame:
    """Add ``unit_label``: a short, unique unit label ("U0001 城关第一医院…")."""
    name = pl.col("unit_name").map_elements(short_name, return_dtype=pl.String)
    return df.with_columns((pl.col("unit_code") + " " + name).alias("unit_label"))


def unit_label_limit(beside: int | None = None) -> alt.ExprRef:
    """``labelLimit`` of an axis naming units, as wide as the page the chart is drawn on lets
    it: ``LABEL_LIMIT`` on a desktop's page; on a narrow one ``NARROW_LABEL_SHARE`` of the
    chart (Vega's ``containerSize()``: the page's box for a chart stretched to it), or, with
    ``beside``, what the page (``PAGE_WIDTH_EXPR``) leaves beside that many px of fixed width
    (the completeness matrix's panels, which cannot shrink). A file (vl-convert) has no
    window nor box: its names stay whole."""
    room = "containerSize()[0]" if beside is None else PAGE_WIDTH_EXPR
    wanted = f"{room} * {NARROW_LABEL_SHARE}" if beside is None else f"{room} - {beside}"
    return alt.ExprRef(
        expr=f"{room} > 0 ? clamp({wanted}, {NARROW_LABEL_MIN}, {LABEL_LIMIT}) : {LABEL_LIMIT}"
    )


def page_or_file(on_page: str, in_file: str) -> str:
    """A Vega expression worth ``on_page`` where the chart is drawn on a page (its box,
    ``containerSize()``, is the page's width) and ``in_file`` in a file (vl-convert draws it
    in no box: 0 wide)."""
    return f"containerSize()[0] > 0 ? {on_page} : {in_file}"


def legend_columns(labels: list[str], beside: str, wide: int = 0) -> alt.ExprRef:
    """Legend ``columns``: as many as fit in the chart's box (Vega's ``containerSize()``)
    right of ``beside`` (an expression of the px the axis beside the plot takes), at least one
    and at most ``wide`` (0: all ``labels`` in one row), which is also what a file (vl-convert,
    no box) gets."""
    entry = max(display_width(label) for label in labels) * LEGEND_PX_PER_COLUMN
    most = wide if wide > 0 else len(labels)
    fitting = f"floor((containerSize()[0] - ({beside})) / {entry + LEGEND_ENTRY_PX})"
    return alt.ExprRef(expr=page_or_file(f"clamp({fitting}, 1, {most})", str(wide)))


def unit_axis_px() -> str:
    """The px a unit axis (``unit_y``) takes beside the plot: its labels and their padding."""
    return f"{unit_label_limit().expr} + 16"


def unit_y(field: str, beside: int | None = None, **kwargs) -> alt.Y:
    """The y encoding of a chart listing units by ``field`` (their labels), untitled, its
    labels limited to the page's width (``unit_label_limit``)."""
    return alt.Y(field, title=None, axis=alt.Axis(labelLimit=unit_label_limit(beside)), **kwargs)


def value_axis(
    title: str, is_rate: bool, zero: bool = False, ticks: int | None = None, **kwargs
) -> dict:
    """Axis and scale settings for a measure: rates (0–1) are shown as percentages, with
    as many decimals as the tick needs (``~%``: 90%, 90.5%; a whole percent each read
    "91%, 91%" for ticks half a point apart); ``ticks``, when given, is the most ticks the
    axis may have (``whole_ticks``)."""
    more = {} if ticks is None else {"tickCount": ticks}
    axis = alt.Axis(title=title, format="~%" if is_rate else ",.4~g", **more)
    return {"axis": axis, "scale": alt.Scale(zero=zero), **kwargs}


def whole_ticks(lowest: float | None, highest: float | None) -> int:
    """The most ticks an axis of whole numbers (counts, ranks) from ``lowest`` to ``highest``
    may have so that each step is a whole number: no more than the span (Vega ignores
    tickMinStep: a group of three ranks read "1, 2, 2, 3, 3")."""
    span = 0 if lowest is None or highest is None else int(highest - lowest)
    return max(1, min(AXIS_TICKS, span))


def value_format(is_rate: bool) -> str:
    return ".1%" if is_rate else ",.2f"


SHOWN = "__shown"  # the suffix of a field rounded as its tooltip shows it (``with_shown``)


def number_tooltip(field: str, title: str, form: str) -> alt.Tooltip:
    """A number in a hover, in the d3 format ``form``, read from the field rounded as shown:
    the chart's data needs ``with_shown``."""
    return alt.Tooltip(f"{field}{SHOWN}:Q", title=title, format=form)


def with_shown(data: pl.DataFrame, tooltips: list) -> pl.DataFrame:
    """``data`` with the field of each ``number_tooltip`` rounded once, half up, to the
    decimals its format shows (``charts.labels.half_up``, as the pages' tables, the pack and
    the circular round it): Vega's format rounds the float again on its binary value, so an
    index of 89.845 (89.844999… as a float) read 89.84 in a hover and 89.85 in the table."""
    shown = {}
    for tooltip in tooltips:
        spec = tooltip.to_dict() if isinstance(tooltip, alt.Tooltip) else {}
        field = spec.get("field", "")
        if field.endswith(SHOWN):
            values = data.get_column(field.removesuffix(SHOWN))
            shown[field] = half_up_values(values, d3_decimals(spec["format"])).alias(field)
    return data.with_columns(shown.values())


def empty_note(lang: str) -> alt.Chart:
    """What a builder returns for an empty frame: a chart that says so, never a blank one."""
    note = pl.DataFrame({"text": [t("charts.no_data", lang)]})
    chart = (
        alt.Chart(note)
        .mark_text(fontSize=16, color=palette.GREY)
        .encode(text=alt.Text("text:N"))
        .properties(width=WIDTH, height=80)
    )
    return styled(chart)


# ---------------------------------------------------------------- rankings


def render_league_chart(
    df: pl.DataFrame,
    lang: str,
    value_label: str | None = None,
    is_rate: bool = False,
    title: str | None = None,
    total: int | None = None,
    tied: int | None = None,
) -> alt.TopLevelMixin:
    """League table as dots: one row per ranked unit, best at the top (query ``rankings``),
    its value a dot in its peer group's colour, with its interval (``ci_low``–``ci_high``)
    where the ranking has one (a proportion's; the index has none). ``total``: how many
    units the ranking ranks, when ``df`` holds only its first ones (a province's 500
    hospitals, 50 drawn): the title says so, in the exported file too, where the page's
    caption beside the chart is not; ``tied``: how many units share the last rank drawn,
    when the first ones cut that tie (101 units ranked first, 50 drawn, picked by code,
    read as the top 50), which the title says too.

    Dots, not bars: a province's top fifty indices span two points (98–100), bars from zero
    all the same length; a dot's place, not a length, reads as the value, so the axis is
    fitted to the values and intervals (``league_domain``) and its title says where it starts.
    """
    ranked = df.filter(pl.col("rank").is_not_null() & pl.col("value").is_not_null())
    if ranked.is_empty():
        return empty_note(lang)
    data = (
        with_peer_labels(with_unit_labels(ranked), lang)
        .with_columns(
            (pl.col("rank").cast(pl.Utf8) + ". " + pl.col("unit_label")).alias("bar_label")
        )
        .select(*LEAGUE_FIELDS, "peer_label", "bar_label")
    )
    has_interval = data["ci_low"].is_not_null().any() and data["ci_high"].is_not_null().any()
    ends = [data["value"].min(), data["value"].max()]
    if has_interval:
        ends += [data["ci_low"].min(), data["ci_high"].max()]
    domain, step = league_domain(min(e for e in ends if e is not None), max(ends), is_rate)
    # an index is 0–100, a rate 0–1: one value at the top (every unit drawn at 100) had the
    # axis run to 101; values within those bounds keep the axis within them
    top = 1.0 if is_rate else 100.0
    if max(ends) <= top:
        domain[1] = min(domain[1], top)
    if min(e for e in ends if e is not None) >= 0:
        domain[0] = max(domain[0], 0.0)
    value_title = value_label or t("charts.index", lang)
    fmt = "~%" if is_rate else ",.4~g"
    scale = alt.Scale(domain=domain, zero=False, nice=False, padding=MARKER_ROOM)
    axis = alt.Axis(
        title=axis_from(value_title, domain[0], is_rate, lang),
        format=fmt,
        values=steps_of(domain, step),
    )
    x_enc = alt.X("value:Q", axis=axis, scale=scale)
    y_enc = unit_y("bar_label:N", sort=alt.EncodingSortField("rank", order="ascending"))
    legend = alt.Legend(columns=legend_columns(data["peer_label"].to_list(), unit_axis_px()))
    colour = peer_group_colour(ranked, lang, title=t("charts.peer_group", lang), legend=legend)
    tooltip = [
        alt.Tooltip("unit_code:N", title=t("charts.unit_code", lang)),
        alt.Tooltip("unit_name:N", title=t("charts.unit", lang)),
        number_tooltip("value", value_title, value_format(is_rate)),
        alt.Tooltip("rank:Q", title=t("charts.rank", lang)),
    ]
    if data["rank_low"].is_not_null().any():  # the Rankings page draws it before they are known
        tooltip += [
            alt.Tooltip("rank_low:Q", title=t("charts.rank_low", lang)),
            alt.Tooltip("rank_high:Q", title=t("charts.rank_high", lang)),
        ]
    base = alt.Chart(
        with_shown(data, tooltip).with_columns(row_from=pl.lit(domain[0]), row_to=pl.lit(domain[1]))
    )
    # the whole row answers the hover, not only its dot: a small target on a phone. It shares
    # the dots' scale and so their axis: ``axis=None`` here, the first layer, drew none at all
    # not read out by a screen reader: a row of field names (row_from: 80 …) per unit
    row = base.mark_rect(opacity=0, aria=False).encode(
        x=alt.X("row_from:Q", scale=scale, axis=axis),
        x2=alt.X2("row_to:Q"),
        y=y_enc,
        tooltip=tooltip,
    )
    dots = base.mark_point(
        filled=True, size=60, opacity=1, stroke=palette.DOT_EDGE, strokeWidth=0.8
    ).encode(x=x_enc, y=y_enc, color=colour, tooltip=tooltip)
    layers = [row, dots]
    if has_interval:
        interval = base.mark_rule(color=palette.PALE_BLUE, strokeWidth=2).encode(
            x=alt.X("ci_low:Q", scale=scale), x2=alt.X2("ci_high:Q"), y=y_enc
        )
        layers.insert(1, interval)
    first = league_first_words(data, lang, total, tied)
    if title is None and first is not None:
        title = t("charts.league.title_first", lang, first=first)
    chart = alt.layer(
        *layers,
        width=WIDTH,
        height=alt.Step(ROW_STEP),
        title=title or t("charts.league.title", lang),
    )
    return styled(chart)


def league_first_words(
    drawn: pl.DataFrame, lang: str, total: int | None, tied: int | None = None
) -> str | None:
    """What a league chart drawing only the first of the units ranked says of them (前 50 家
    （共 500 家参加排名）, and a tie its last rank cuts), for its title and its file's; None
    when it draws them all. ``drawn``: the ranked rows drawn; ``total``, ``tied``: as
    ``render_league_chart`` takes them."""
    if total is None or total <= drawn.height:
        return None
    first = t("charts.league.first", lang, shown=drawn.height, total=total)
    last = int(drawn["rank"].max())
    at_last = drawn.filter(pl.col("rank") == last).height
    if tied is not None and tied > at_last:
        first += t("charts.league.tie_cut", lang, rank=last, tied=tied, drawn=at_last)
    return first


def league_domain(lowest: float, highest: float, is_rate: bool) -> tuple[list[float], float]:
    """The league chart's value axis and its step: from ``lowest`` down to a round step to
    ``highest`` up to one, the step 1, 2 or 5 × a power of ten cutting the span into about
    ``LEAGUE_TICKS`` (98.04–100: step 0.5, 98–100; 55–95: step 10, 50–100), never finer than
    the figures are shown (an index's 0.01, a rate's 0.1%): a province's first fifty, all
    within 99.93–100, had Vega tick every 0.005 and read 99.94 three times and 100 twice. The
    steps divide 1 and 100, so a rate stays within 0–1 and the index within 0–100. One value
    (no span): a unit's step (1, a rate's 0.01) beyond it on either side."""
    span = highest - lowest
    if span <= 0:
        step = 0.01 if is_rate else 1.0
        low, high = math.floor(lowest / step) - 1, math.ceil(highest / step) + 1
        return [round(low * step, 10), round(high * step, 10)], step
    rough = max(span / LEAGUE_TICKS, 0.001 if is_rate else 0.01)
    power = 10 ** math.floor(math.log10(rough) + 1e-9)
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough - 1e-12)
    low = math.floor(lowest / step + 1e-9)
    high = math.ceil(highest / step - 1e-9)
    return [round(low * step, 10), round(high * step, 10)], step


def steps_of(domain: list[float], step: float) -> list[float]:
    """The multiples of ``step`` from one end of ``domain`` to the other: the axis's ticks,
    given, since Vega picks its own finer ones whatever a spec's tickMinStep says."""
    first = math.ceil(domain[0] / step - 1e-9)
    last = math.floor(domain[1] / step + 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def axis_from(title: str, start: float, is_rate: bool, lang: str) -> str:
    """A value axis's title, saying where the axis starts when that is not zero."""
    if start <= 0:
        return title
    said = f"{start * 100:g}%" if is_rate else f"{start:g}"
    return t("charts.league.axis_from", lang, title=title, start=said)


def render_caterpillar_chart(
    df: pl.DataFrame,
    lang: str,
    value_label: str | None = None,
    is_rate: bool = False,
    target: float | None = None,
    measure: str = "value",
    ends: int | None = None,
) -> alt.TopLevelMixin:
    """Caterpillar: every unit's value with its interval, units sorted, and the target line.

    ``measure="value"`` draws ``value`` with its Wilson interval ``ci_low``–``ci_high``
    (query ``rankings`` by a proportion indicator, or ``indicator_values``).
    ``measure="rank"`` draws ``rank`` with its plausible range ``rank_low``–``rank_high``
    (query ``rankings`` by the index), rank 1 at the top.
    ``ends=n`` keeps only the first n and the last n units of that order when there are more
    than 2n (a slide cannot show 1,500 units): a dashed rule marks the units left out and the
    x-axis title says how many are shown of how many.
    """
    low, high = ("ci_low", "ci_high") if measure == "value" else ("rank_low", "rank_high")
    shown = df.filter(pl.col(measure).is_not_null())
    if shown.is_empty():
        return empty_note(lang)
    ascending = measure == "rank"
    data = (
        with_unit_labels(shown)
        .sort([measure, "unit_code"], descending=[not ascending, False])
        .with_row_index("position", offset=1)
        .select("position", "unit_code", "unit_name", "unit_label", measure, low, high)
    )
    total = data.height
    cut = ends is not None and total > 2 * ends
    if cut:
        data = first_and_last(data, ends)
    if measure == "rank":
        y_title = t("charts.rank", lang)
        # every rank the group's units can take, also where only some of them are listed
        size = group_size(shown)
        ranks = alt.Scale(domain=[1, size], reverse=True, nice=False)
        # ranks are whole numbers: no more ticks than ranks below the first (Vega ignores
        # tickMinStep: a group of three read "1, 2, 2, 3, 3")
        whole = alt.Axis(format="d", tickMinStep=1, tickCount=whole_ticks(1, size))
        y_enc = alt.Y("rank:Q", title=y_title, scale=ranks, axis=whole)
        y_low, y_high = alt.Y(f"{low}:Q", scale=ranks), alt.Y2(f"{high}:Q")
        fmt = "d"
    else:
        y_title = value_label or t("charts.value", lang)
        y_enc = alt.Y("value:Q", **value_axis(y_title, is_rate))
        y_low, y_high = alt.Y(f"{low}:Q"), alt.Y2(f"{high}:Q")
        fmt = value_format(is_rate)
    x_title = t("charts.caterpillar.units_sorted", lang)
    if cut:
        x_title = t("charts.caterpillar.ends_shown", lang, n=ends, total=total)
    width = WIDTH
    if total <= NAMED_POINTS:  # a few units (a district's share of a group): name each one
        axis = unit_axis(data, width)
    elif data.height <= FILE_NAMED_POINTS:
        # on a page the tooltips name them; a file's names need a slide's width (a page
        # stretches the chart to its own), where at 720 px they stood turned at -45 and
        # the slide shrank the chart to half its width
        width = SLIDE_CHART_WIDTH
        axis = unit_axis(data, width, in_file_only=True)
    else:
        axis = alt.Axis(labels=False, ticks=False, grid=False)
    x_enc = alt.X(
        "position:Q",
        title=x_title,
        axis=axis,
        scale=alt.Scale(domain=[0, data["position"].max() + 1], nice=False),
    )
    tooltip = [
        alt.Tooltip("unit_code:N", title=t("charts.unit_code", lang)),
        alt.Tooltip("unit_name:N", title=t("charts.unit", lang)),
        number_tooltip(measure, y_title, fmt),
        number_tooltip(low, t("charts.interval_low", lang), fmt),
        number_tooltip(high, t("charts.interval_high", lang), fmt),
    ]
    base = alt.Chart(with_shown(data, tooltip)).encode(x=x_enc)
    layers = [
        base.mark_rule(color=palette.PALE_BLUE, strokeWidth=2).encode(y=y_low, y2=y_high),
        base.mark_point(filled=True, size=30, color=SERIES_COLOURS["value"]).encode(
            y=y_enc, tooltip=tooltip
        ),
    ]
    if cut:
        gap = pl.DataFrame({"position": [ends + 1]})
        layers.append(
            alt.Chart(gap)
            .mark_rule(color=palette.GREY, strokeDash=[4, 4])
            .encode(x=x_enc)  # the units' axis: a default one merged in hid most names
        )
    if target is not None and measure == "value":
        target_frame = pl.DataFrame({"target": [target], "label": [t("charts.target", lang)]})
        layers.append(
            alt.Chart(target_frame)
            .mark_rule(color=SERIES_COLOURS["target"], strokeDash=[6, 4], strokeWidth=2)
            .encode(
                y=alt.Y("target:Q"),
                tooltip=[alt.Tooltip("target:Q", title=t("charts.target", lang))],
            )
        )
    title = t(f"charts.caterpillar.title_{measure}", lang)
    chart = alt.layer(*layers, width=width, height=HEIGHT, title=title)
    return styled(chart)


def group_size(ranking: pl.DataFrame) -> int:
    """The ranks a peer group's units can take, 1 to its number of ranked units (query
    ``rankings``: ``units_ranked``), also when the frame lists only some of them (a district's,
    a reader's scope); the widest rank range's end for a frame without that column."""
    if "units_ranked" in ranking.columns and ranking["units_ranked"].max() is not None:
        return int(ranking["units_ranked"].max())
    return int(ranking["rank_high"].max())


def unit_axis(data: pl.DataFrame, width: int = WIDTH, in_file_only: bool = False) -> alt.Axis:
    """An x-axis that names each unit under its point (at its ``position``), where a name
    beside the point ran across the next units' intervals (a chart ``width`` px wide); the
    names turned when they do not fit side by side with a Chinese character's gap between
    them (without one, four names of nine characters filled their slots exactly and read as
    one line), as little as lets each lie ``LABEL_LINE_PX`` from the next (``label_angle``).
    ``in_file_only``: named in a file (vl-convert has no box: ``containerSize()`` is 0) and
    not on a page, whose tooltips name the units of a chart too crowded to name them all."""
    positions, names = data["position"].to_list(), data["unit_label"].to_list()
    label = " : ".join(
        f"datum.value == {p} ? {json.dumps(name, ensure_ascii=False)}"
        for p, name in zip(positions, names, strict=True)
    )
    named = f"{label} : ''"
    if in_file_only:
        named = page_or_file("''", f"({named})")
    slot = width / (max(positions) + 1)
    widest = (max(display_width(name) for name in names) + 2) * AXIS_PX_PER_COLUMN
    return alt.Axis(
        values=positions,
        labelExpr=named,
        labelAngle=label_angle(slot, widest),
        labelLimit=0,  # a name is cut to MAX_LABEL_CHARS already (with_unit_labels)
        labelOverlap=False,  # turned names lie side by side: each unit keeps its name
        ticks=False,
        grid=False,
    )


def label_angle(slot: float, widest: float) -> int:
    """The angle of names ``slot`` px apart on an axis: 0 when the widest fits its slot; else
    the least of -30, -45 and -90 at which parallel names lie ``LABEL_LINE_PX`` apart (at -30
    the 23 names of 30-px slots lay 15 px apart, their characters touching)."""
    if widest <= slot:
        return 0
    return next((a for a in (-30, -45) if slot * math.sin(math.radians(-a)) >= LABEL_LINE_PX), -90)


def first_and_last(data: pl.DataFrame, n: int) -> pl.DataFrame:
    """The first n and the last n rows of a frame numbered by ``position`` (1, 2, …), the last
    renumbered to follow one empty position (n + 2 …), where the chart marks the gap."""
    last = data.tail(n).with_columns(pl.int_range(n + 2, 2 * n + 2).alias("position"))
    return pl.concat([data.head(n), last.cast(data.schema)])


FUNNEL_WORDS_AT_MOST = 8  # flagged points that get their flag in words beside them


def render_funnel_chart(
    points: pl.DataFrame,
    lang: str,
    limits: pl.DataFrame,
    value_label: str | None = None,
) -> alt.TopLevelMixin:
    """Funnel plot (Spiegelhalter 2005): proportion by sample size, with the centre line and the
    95% and 99.8% limits (queries ``funnel`` for the points and ``funnel_limits`` for curves).

    A flag is told by shape (▲ above, ● within, ▼ below) and by word beside the point (when
    at most ``FUNNEL_WORDS_AT_MOST`` are flagged) as well as by colour, so it survives a
    grey-scale print; the over-dispersion test and the adjustment in force are stated under
    the plot (``funnel_note``), so every copy of the chart (page, download, slide) says which
    limits it draws."""
    if points.is_empty() or limits.is_empty():
        return empty_note(lang)
    y_title = value_label or t("charts.value", lang)
    flags = {f: t(f"charts.funnel.flag_{f}", lang) for f in FLAG_COLOURS}
    data = points.select(*FUNNEL_FIELDS).with_columns(
        pl.col("flag").replace_strict(flags, default="").alias("flag_label")
    )
    curve_names = {
        "lower998": t("charts.funnel.limit998", lang),
        "upper998": t("charts.funnel.limit998", lang),
        "lower95": t("charts.funnel.limit95", lang),
        "upper95": t("charts.funnel.limit95", lang),
        "centre": t("charts.funnel.centre", lang),
    }
    curves = (
        limits.select("n", *curve_names)
        .unpivot(index="n", on=list(curve_names), variable_name="curve", value_name="limit")
        .with_columns(pl.col("curve").replace_strict(curve_names).alias("curve_label"))
        .with_columns(pl.col("curve").alias("curve_id"))
    )
    # the axis spans the curves' grid (query funnel_limits: half the smallest n to 1.2 times
    # the largest), not the powers of ten a log scale rounds to (10,000 for a largest n of 1,200)
    sizes = pl.concat([curves["n"].cast(pl.Float64), data["n"].cast(pl.Float64)])
    x_scale = alt.Scale(type="log", domain=[sizes.min(), sizes.max()], nice=False)
    x_enc = alt.X("n:Q", title=t("charts.funnel.n", lang), scale=x_scale)
    curve_order = [curve_names["centre"], curve_names["lower95"], curve_names["lower998"]]
    lines = (
        alt.Chart(curves)
        .mark_line(strokeWidth=1.5)
        .encode(
            x=x_enc,
            y=alt.Y("limit:Q", **value_axis(y_title, True)),
            detail=alt.Detail("curve_id:N"),
            strokeDash=alt.StrokeDash(
                "curve_label:N",
                title=t("charts.funnel.limits", lang),
                sort=curve_order,
                scale=alt.Scale(domain=curve_order, range=[[1, 0], [6, 4], [2, 2]]),
            ),
            color=alt.ColorValue(palette.DARK_GREY),
        )
    )
    flag_order = [flags["above"], flags["within"], flags["below"]]
    legend_title = t("charts.funnel.flag", lang)
    flag_legend = alt.Legend(columns=legend_columns(flag_order, VALUE_AXIS_PX))
    dot_tooltip = [
        alt.Tooltip("unit_code:N", title=t("charts.unit_code", lang)),
        alt.Tooltip("unit_name:N", title=t("charts.unit", lang)),
        number_tooltip("value", y_title, ".1%"),
        alt.Tooltip("n:Q", title=t("charts.funnel.n", lang)),
        alt.Tooltip("flag_label:N", title=legend_title),
    ]
    dots = (
        alt.Chart(with_shown(data, dot_tooltip))
        .mark_point(size=70, opacity=0.85, filled=True)
        .encode(
            x=x_enc,
            y=alt.Y("value:Q"),
            color=alt.Color(
                "flag_label:N",
                title=legend_title,
                scale=alt.Scale(domain=flag_order, range=list(FLAG_COLOURS.values())),
                legend=flag_legend,
            ),
            shape=alt.Shape(
                "flag_label:N",
                title=legend_title,
                scale=alt.Scale(domain=flag_order, range=list(FLAG_SHAPES.values())),
                legend=flag_legend,
            ),
            tooltip=dot_tooltip,
        )
    )
    layers = [lines, dots]
    # words beside a few flagged points; beside dozens they overlap into a smudge (a quarter
    # with 30 units below the limit), and the shapes and the legend say it alone
    if data.filter(pl.col("flag").is_in(["above", "below"])).height <= FUNNEL_WORDS_AT_MOST:
        words = (
            alt.Chart(data)
            .transform_filter(alt.datum.flag != "within")
            .mark_text(align="left", dx=8, fontSize=11, color=palette.DARK_GREY)
            .encode(x=x_enc, y=alt.Y("value:Q"), text=alt.Text("flag_label:N"))
        )
        layers.append(words)
    note = funnel_note(limits, lang)
    if note is None:
        title = t("charts.funnel.title", lang)
        return styled(alt.layer(*layers, width=WIDTH, height=HEIGHT, title=title))
    plot = alt.layer(*layers, width=WIDTH, height=HEIGHT)
    below = (
        alt.Chart(pl.DataFrame({"note": [note]}))
        .mark_text(align="left", baseline="top", fontSize=12, color=palette.DARK_GREY)
        .encode(text=alt.Text("note:N"), x=alt.XValue(0), y=alt.YValue(0))
        .properties(width=WIDTH, height=16, view=alt.ViewBackground(stroke=None))
    )
    chart = alt.vconcat(plot, below, spacing=6, title=t("charts.funnel.title", lang))
    return styled(chart)


def funnel_note(limits: pl.DataFrame, lang: str) -> str | None:
    """One line under a funnel: which limits, the over-dispersion test and what was done about
    it, in words (query ``funnel_limits``: the same values on every row). None for a frame
    without those columns."""
    if "phi" not in limits.columns or limits.is_empty():
        return None
    row = limits.row(0, named=True)
    centre = centre_words(row, lang)
    kind = t(f"charts.funnel.limits_{row['limits']}", lang)
    if row["phi"] is None:
        return centre + t("charts.funnel.note_untested", lang, kind=kind, units=row["units_tested"])
    test = t(
        "charts.funnel.note_test",
        lang,
        kind=kind,
        phi=f"{row['phi']:.2f}",
        limit=f"{row['phi_limit']:.2f}",
        units=row["units_tested"],
    )
    outcome = t(f"charts.funnel.outcome_{funnel_outcome(row)}", lang, **outcome_figures(row))
    return centre + test + outcome


def centre_words(row: dict, lang: str) -> str:
    """What the centre line is: the units' target, or their pooled proportion (asked for, or
    no one target applies to them all); '' for a frame that does not say."""
    kind = row.get("centre_kind")
    if kind not in ("target", "mean") or row.get("centre") is None:
        return ""
    return t(f"charts.funnel.centre_{kind}", lang, centre=fmt_share(row["centre"]))


def funnel_outcome(row: dict) -> str:
    """Which sentence says what was done: widened (by which rule), left as chosen, or left
    because an adjustment would have narrowed the limits (φ ≤ 1 or τ² = 0)."""
    adjustment = row["adjustment"]
    if row["adjusted"]:
        return adjustment
    if adjustment == "none":
        return "not_chosen" if row["overdispersed"] else "none_needed"
    return f"{adjustment}_would_narrow"


def outcome_figures(row: dict) -> dict[str, str]:
    return {
        "root": f"{max(row['phi'], 1.0) ** 0.5:.2f}",
        "tau2": f"{row['tau2']:.3g}" if row["tau2"] is not None else MISSING,
    }


def render_robustness_chart(df: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Each unit's rank under every normalisation and equal weights, with the spread from best
    to worst (query ``rank_sensitivity``); units in the order of the default ranking."""
    ranked = df.filter(pl.col("rank_attainment").is_not_null())
    if ranked.is_empty():
        return empty_note(lang)
    methods = {c: t(f"charts.robustness.{c}", lang) for c in RANK_COLUMNS}
    data = with_unit_labels(ranked)
    long = (
        data.unpivot(
            index=["unit_code", "unit_name", "unit_label", "rank_attainment"],
            on=list(RANK_COLUMNS),
            variable_name="method",
            value_name="method_rank",
        )
        .filter(pl.col("method_rank").is_not_null())
        .with_columns(pl.col("method").replace_strict(methods).alias("method_label"))
    )
    y_enc = unit_y("unit_label:N", sort=alt.EncodingSortField("rank_attainment", order="ascending"))
    rank_title = t("charts.rank", lang)
    # ranks are whole: a peer group of eight read "1.0, 1.5, 2.0 …" on the rank axis
    spanned = pl.concat([data["rank_best"], data["rank_worst"]]).cast(pl.Float64)
    whole = alt.Axis(format="d", tickCount=whole_ticks(spanned.min(), spanned.max()))
    spread = (
        alt.Chart(data)
        .mark_rule(color=palette.LIGHT_GREY, strokeWidth=3)
        .encode(
            y=y_enc,
            x=alt.X("rank_best:Q", title=rank_title, scale=alt.Scale(zero=False), axis=whole),
            x2=alt.X2("rank_worst:Q"),
            tooltip=[
                alt.Tooltip("unit_name:N", title=t("charts.unit", lang)),
                alt.Tooltip("rank_best:Q", title=t("charts.robustness.best", lang)),
                alt.Tooltip("rank_worst:Q", title=t("charts.robustness.worst", lang)),
                alt.Tooltip("largest_shift:Q", title=t("charts.robustness.shift", lang)),
            ],
        )
    )
    order = [methods[c] for c in RANK_COLUMNS]
    legend = alt.Legend(columns=legend_columns(order, unit_axis_px()))
    dots = (
        alt.Chart(long)
        .mark_point(filled=True, size=50, stroke=palette.DOT_EDGE, strokeWidth=0.8)
        .encode(
            y=y_enc,
            x=alt.X("method_rank:Q"),
            # colour and shape name the method in one legend (same field, title and domain, so
            # Vega-Lite merges them); the shape's legend=None hid it on the page, and the files'
            # legend listed the methods alphabetically, in circles unlike the dots
            color=alt.Color(
                "method_label:N",
                title=t("charts.robustness.method", lang),
                scale=alt.Scale(domain=order, range=list(palette.CATEGORICAL)),
                legend=legend,
            ),
            shape=alt.Shape(
                "method_label:N",
                title=t("charts.robustness.method", lang),
                scale=alt.Scale(domain=order),
                legend=legend,
            ),
            tooltip=[
                alt.Tooltip("unit_name:N", title=t("charts.unit", lang)),
                alt.Tooltip("method_label:N", title=t("charts.robustness.method", lang)),
                alt.Tooltip("method_rank:Q", title=rank_title),
            ],
        )
    )
    chart = alt.layer(
        spread,
        dots,
        width=WIDTH,
        height=alt.Step(ROW_STEP),
        title=t("charts.robustness.title", lang),
    )
    return styled(chart)


# ---------------------------------------------------------------- one unit


def render_unit_trend_chart(
    df: pl.DataFrame,
    lang: str,
    title: str | None = None,
    is_rate: bool = False,
    field: str = "value",
    whole: bool = False,
) -> alt.TopLevelMixin:
    """One indicator of one unit over the quarters: its value, the target, its peer group's
    median and the quartile band (query ``unit_profile``, rows of one ``indicator_code``).

    For the civility index pass ``field="score"`` (the index is the score of ``index``).
    ``whole``: the indicator counts (findings, sessions): its axis has whole steps only (a unit
    with 0 or 1 overdue finding read "0.1, 0.2 … 0.9" findings).
    """
    if df.is_empty() or df[field].is_null().all():
        return empty_note(lang)
    names = {
        field: t("charts.trend.unit", lang),
        "peer_median": t("charts.trend.peer_median", lang),
        "target": t("charts.target", lang),
    }
    data = df.select("quarter", field, "target", "peer_median", "peer_q1", "peer_q3")
    long = data.unpivot(
        index="quarter", on=list(names), variable_name="series", value_name="y"
    ).with_columns(pl.col("series").replace_strict(names).alias("series_label"))
    y_title = t("charts.value", lang) if field == "value" else t("charts.index", lang)
    quarters = quarter_range(df["quarter"].min(), df["quarter"].max())
    x_enc = quarter_x(lang, quarters=quarters)
    fmt = value_format(is_rate)
    drawn_values = pl.concat([data[c].cast(pl.Float64) for c in data.columns if c != "quarter"])
    ticks = whole_ticks(drawn_values.min(), drawn_values.max()) if whole else None
    band_tooltip = [
        quarter_tooltip(lang),
        number_tooltip("peer_q1", t("charts.trend.peer_q1", lang), fmt),
        number_tooltip("peer_q3", t("charts.trend.peer_q3", lang), fmt),
    ]
    spread = with_runs(data.filter(pl.col("peer_q1").is_not_null()), quarters)
    band = (
        with_quarter_words(alt.Chart(with_shown(spread, band_tooltip)), lang)
        .mark_area(opacity=0.25, color=palette.GREY)
        .encode(
            x=x_enc,
            y=alt.Y("peer_q1:Q", **value_axis(y_title, is_rate, ticks=ticks)),
            y2=alt.Y2("peer_q3:Q"),
            detail=alt.Detail("run:N"),
            tooltip=band_tooltip,
        )
    )
    drawn = with_runs(long.filter(pl.col("y").is_not_null()), quarters, by="series")
    # colour and dash share one legend of lines (same field, title, domain and symbols), of
    # the lines drawn only (the index has no target)
    styles = zip(names, SERIES_COLOURS.values(), ([1, 0], [4, 3], [8, 4]), strict=True)
    shown = [(names[s], c, d) for s, c, d in styles if s in drawn["series"].to_list()]
    order, colours, dashes = (list(x) for x in zip(*shown, strict=True))
    legend = alt.Legend(
        columns=legend_columns(order, VALUE_AXIS_PX),
        symbolType="stroke",
        symbolStrokeWidth=2,
        symbolSize=300,
    )

    line_tooltip = [
        quarter_tooltip(lang),
        alt.Tooltip("series_label:N", title=t("charts.series", lang)),
        number_tooltip("y", y_title, fmt),
    ]

    def lines_of(series: pl.DataFrame, interpolate: str) -> alt.Chart:
        return (
            with_quarter_words(alt.Chart(with_shown(series, line_tooltip)), lang)
            .mark_line(point=True, interpolate=interpolate)
            .encode(
                x=x_enc,
                y=alt.Y("y:Q"),
                color=alt.Color(
                    "series_label:N",
                    title=None,
                    legend=legend,
                    scale=alt.Scale(domain=order, range=colours),
                ),
                # legend=None here hid the legend it merges with: the lines had no word at all
                strokeDash=alt.StrokeDash(
                    "series_label:N",
                    title=None,
                    legend=legend,
                    scale=alt.Scale(domain=order, range=dashes),
                ),
                detail=alt.Detail("run:N"),
                tooltip=line_tooltip,
            )
        )

    # a target holds from its quarter until the next one: a step at the quarter it changes
    # (a line sloping from 92% to 96% read as a target raised bit by bit over the quarter)
    is_target = pl.col("series") == "target"
    lines = [lines_of(drawn.filter(~is_target), "linear")]
    if drawn.filter(is_target).height:
        lines.append(lines_of(drawn.filter(is_target), "step-after"))
    chart = alt.layer(
        band, *lines, width=WIDTH, height=300, title=title or t("charts.trend.title", lang)
    )
    return styled(chart)


def render_rank_history_chart(df: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """The unit's rank in its peer group and overall, quarter by quarter, rank 1 at the top
    (query ``rank_history``). The rank in the group breaks where the unit changed group: a
    rank among township centres and one among hospitals are no line (docs/METHOD.md §8)."""
    names = {"rank": t("charts.rank_history.peer", lang)}
    names["overall_rank"] = t("charts.rank_history.overall", lang)
    if df.is_empty() or df.select(pl.col("rank", "overall_rank").is_null().all()).row(0) == (
        True,
        True,
    ):
        return empty_note(lang)
    regrouped = pl.col("peer_group") != pl.col("peer_group").shift(1)
    groups = {g: peer_group_label(g, lang) for g in df["peer_group"].unique().to_list()}
    long = (
        df.sort("quarter")
        .with_columns(stretch=regrouped.fill_null(False).cum_sum())
        .unpivot(
            index=["quarter", "peer_group", "stretch", "units_ranked", "overall_units_ranked"],
            on=list(names),
            variable_name="series",
            value_name="rank_value",
        )
        .filter(pl.col("rank_value").is_not_null())
        .with_columns(
            pl.col("series").replace_strict(names).alias("series_label"),
            pl.when(pl.col("series") == "rank")
            .then(pl.col("units_ranked"))
            .otherwise(pl.col("overall_units_ranked"))
            .alias("out_of"),
            # the overall rank is one line whatever the group
            pl.when(pl.col("series") == "rank").then(pl.col("stretch")).otherwise(-1),
            pl.when(pl.col("series") == "rank")
            .then(pl.col("peer_group").replace_strict(groups, default=None))
            .otherwise(pl.lit(t("charts.all_groups", lang)))
            .alias("group_label"),
        )
    )
    rank_title = t("charts.rank", lang)
    ticks = whole_ticks(1, long["rank_value"].max())
    chart = (
        with_quarter_words(alt.Chart(long), lang)
        .mark_line(point=True)
        .encode(
            x=quarter_x(lang),
            y=alt.Y(
                "rank_value:Q",
                title=rank_title,
                # ranks start at 1 (a nice domain ran from 0, labelled "0" at the top) and come
                # whole: no more ticks than ranks below the first, else "1, 2, 2, 3, 3"
                scale=alt.Scale(reverse=True, zero=False, domainMin=1),
                axis=alt.Axis(format="d", tickCount=ticks),
            ),
            color=alt.Color(
                "series_label:N", title=None, scale=alt.Scale(range=list(palette.LINE_COLOURS))
            ),
            strokeDash=alt.StrokeDash(
                "series_label:N", title=None, scale=alt.Scale(range=[[1, 0], [6, 3]])
            ),
            detail="stretch:N",
            tooltip=[
                quarter_tooltip(lang),
                alt.Tooltip("series_label:N", title=t("charts.series", lang)),
                alt.Tooltip("group_label:N", title=t("charts.rank_history.among", lang)),
                alt.Tooltip("rank_value:Q", title=rank_title),
                alt.Tooltip("out_of:Q", title=t("charts.rank_history.out_of", lang)),
            ],
        )
        .properties(width=WIDTH, height=300, title=t("charts.rank_history.title", lang))
    )
    return styled(chart)


# ---------------------------------------------------------------- the bureau over time


def render_attainment_chart(df: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Share of units meeting the target, per indicator over the quarters
    (query ``attainment_rates`` with no quarter)."""
    shown = df.filter(pl.col("attainment_rate").is_not_null())
    if shown.is_empty():
        return empty_note(lang)
    data = shown.with_columns(pl.col(name_column(lang)).alias("indicator"))
    rate_title = t("charts.attainment.rate", lang)
    # colour and dash share one legend: the same title and symbols (lines) for both
    legend = alt.Legend(
        columns=legend_columns(data["indicator"].to_list(), VALUE_AXIS_PX, wide=3),
        symbolType="stroke",
        symbolStrokeWidth=2,
        symbolSize=300,
    )
    tooltip = [
        quarter_tooltip(lang),
        alt.Tooltip("indicator:N", title=t("charts.indicator", lang)),
        number_tooltip("attainment_rate", rate_title, ".1%"),
        alt.Tooltip("units_meeting:Q", title=t("charts.attainment.meeting", lang)),
        alt.Tooltip("units_with_value:Q", title=t("charts.attainment.with_value", lang)),
    ]
    chart = (
        with_quarter_words(alt.Chart(with_shown(data, tooltip)), lang)
        .mark_line(point=True)
        .encode(
            x=quarter_x(lang),
            y=alt.Y(
                "attainment_rate:Q",
                title=rate_title,
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "indicator:N",
                title=t("charts.indicator", lang),
                legend=legend,
                scale=alt.Scale(range=list(palette.LINE_COLOURS)),
            ),
            # more indicators than colours: each line also has a dash (one legend for both)
            strokeDash=alt.StrokeDash(
                "indicator:N",
                title=t("charts.indicator", lang),
                legend=legend,
                scale=alt.Scale(range=[list(d) for d in palette.LINE_DASHES]),
            ),
            tooltip=tooltip,
        )
        .properties(width=WIDTH, height=HEIGHT, title=t("charts.attainment.title", lang))
    )
    return styled(chart)


def render_index_distribution_chart(
    df: pl.DataFrame, lang: str, side_by_side: bool = False
) -> alt.TopLevelMixin:
    """Box plots of the civility index per quarter, one row per peer group
    (query ``civility_index`` for several quarters, stacked); ``side_by_side``: one column
    per peer group, for a 16:9 slide, where five rows stacked made a picture taller than wide
    that the slide shrank to a third of its width, its boxes too small to read.

    The boxes are drawn from statistics computed here as Vega-Lite's box plot computes them
    (``box_statistics``): one row per box plus the outliers, so a province's tens of thousands
    of rows (5,000 units × 8 quarters) stay light on a page and quick to export, and every
    hover says the quarter and the figures in the reader's language, where the boxplot mark's
    own tooltip showed the quarter's code and "Q3 of 文明指数".

    Only ranked units are drawn: an index over too little of the weight (insufficient_data,
    docs/METHOD.md §4; in a quarter under way, a unit with only its overdue findings) is no
    figure to compare, and drew boxes spanning 0–100 for groups that had sent nothing.
    """
    shown = df.filter(pl.col("civility_index").is_not_null() & (pl.col("status") == "ranked"))
    if shown.is_empty():
        return empty_note(lang)
    data = with_peer_labels(shown, lang)
    order = [peer_group_label(g, lang) for g in peer_groups_in_order(shown["peer_group"])]
    colour = peer_group_colour(shown, lang, legend=None)
    title = t("charts.distribution.title", lang)
    if not side_by_side:
        return styled(distribution_rows(data, order, lang, colour, title))
    header = alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start")
    width = min(WIDTH, SLIDE_CHART_WIDTH // len(order))
    column = alt.Column("peer_label:N", sort=order, title=None, header=header)
    layers = summarised_box_layers(
        data, lang, quarter_x(lang), colour, width=width, height=SLIDE_CHART_HEIGHT
    )
    return styled(layers.facet(column=column, title=title))


def distribution_rows(
    data: pl.DataFrame, order: list[str], lang: str, colour: alt.Color, title: str
) -> alt.VConcatChart:
    """The box plots a row per peer group (in ``order``), under the group's name, sharing the
    quarter and index scales, the quarters named under the last row only, as a row facet drew
    them. Rows stacked (vconcat), not faceted: a page stretches such a chart to its width
    (Streamlit gives each row the page's width, autosize fit-x makes room for the axes), where
    a facet's 720-px panels drew it 762 px wide on a phone's 358-px page, scrolling sideways;
    a file keeps the rows' ``WIDTH``."""
    rows = []
    for i, label in enumerate(order):
        last = i == len(order) - 1
        x_enc = quarter_x(lang) if last else alt.X("quarter:O", title=None, axis=None)
        heading = alt.Title(label, anchor="start", fontSize=13, fontWeight="normal", offset=4)
        group = data.filter(pl.col("peer_label") == label)
        rows.append(
            summarised_box_layers(
                group, lang, x_enc, colour, width=WIDTH, height=110, title=heading
            )
        )
    shared = alt.Resolve(scale=alt.ScaleResolveMap(x="shared", y="shared"))
    return alt.vconcat(*rows, spacing=12, resolve=shared, title=title)


def box_statistics(df: pl.DataFrame, by: list[str], value: str) -> pl.DataFrame:
    """Per group, what a Vega-Lite box plot (extent 1.5) draws, computed as Vega does:
    quartiles ``q1``, ``median``, ``q3`` interpolated linearly (R type 7), whiskers at the
    lowest and highest values within 1.5 × IQR of the box; plus one row per value outside
    them (``outlier``, the box columns null) and ``part``: box | outlier. Rows in one order
    whatever the input's (each group's box, then its outliers from the lowest), so that the
    same figures make the same chart, its inline dataset's name included."""
    quartiles = df.group_by(by).agg(
        pl.col(value).quantile(0.25, interpolation="linear").alias("q1"),
        pl.col(value).quantile(0.5, interpolation="linear").alias("median"),
        pl.col(value).quantile(0.75, interpolation="linear").alias("q3"),
    )
    iqr = pl.col("q3") - pl.col("q1")
    fenced = df.join(quartiles, on=by, how="left").with_columns(
        (
            (pl.col(value) < pl.col("q1") - BOX_EXTENT * iqr)
            | (pl.col(value) > pl.col("q3") + BOX_EXTENT * iqr)
        ).alias("is_outlier")
    )
    whiskers = (
        fenced.filter(~pl.col("is_outlier"))
        .group_by(by)
        .agg(
            pl.col(value).min().alias("lower_whisker"),
            pl.col(value).max().alias("upper_whisker"),
        )
    )
    boxes = quartiles.join(whiskers, on=by, how="left").with_columns(pl.lit("box").alias("part"))
    outliers = fenced.filter(pl.col("is_outlier")).select(
        *by, pl.col(value).alias("outlier"), pl.lit("outlier").alias("part")
    )
    return pl.concat([boxes, outliers], how="diagonal_relaxed").sort([*by, "part", "outlier"])


def summarised_box_layers(
    data: pl.DataFrame, lang: str, x_enc, colour, **properties
) -> alt.LayerChart:
    """The layers of Vega-Lite's box plot (whisker rule, box, median tick, outlier points)
    drawn from ``box_statistics`` instead of every row, each hover in the reader's words;
    ``properties`` (width, height, title) of the layered chart given as it is made: set
    after (``.properties``), they copied every layer again."""
    stats = box_statistics(data, ["peer_group", "peer_label", "quarter"], "civility_index")
    y_title = t("charts.index", lang)
    tooltip = [
        quarter_tooltip(lang),
        number_tooltip("median", t("charts.trend.peer_median", lang), ".1f"),
        number_tooltip("q1", t("charts.trend.peer_q1", lang), ".1f"),
        number_tooltip("q3", t("charts.trend.peer_q3", lang), ".1f"),
    ]
    outlier_tooltip = [quarter_tooltip(lang), number_tooltip("outlier", y_title, ".1f")]
    stats = with_shown(stats, tooltip + outlier_tooltip)
    base = with_quarter_words(alt.Chart(stats), lang).encode(x=x_enc)
    boxes = base.transform_filter(alt.datum.part == "box")
    y_scale = alt.Scale(zero=False)
    return alt.layer(
        boxes.mark_rule(color=palette.BLACK).encode(
            y=alt.Y("lower_whisker:Q", title=y_title, scale=y_scale), y2=alt.Y2("upper_whisker:Q")
        ),
        boxes.mark_bar(size=BOX_SIZE).encode(
            y=alt.Y("q1:Q", title=y_title), y2=alt.Y2("q3:Q"), color=colour, tooltip=tooltip
        ),
        boxes.mark_tick(size=BOX_SIZE, thickness=1, color="white", opacity=0.7).encode(
            y=alt.Y("median:Q", title=y_title), tooltip=tooltip
        ),
        base.transform_filter(alt.datum.part == "outlier")
        .mark_point(opacity=0.7, filled=False)
        .encode(y=alt.Y("outlier:Q", title=y_title), color=colour, tooltip=outlier_tooltip),
        **properties,
    )


def with_latest_names(df: pl.DataFrame) -> pl.DataFrame:
    """Each unit's rows under the name of its latest quarter in ``df``: a series of quarters
    names each row as the registry had it then, and a unit renamed inside it is still one
    unit (one row of a heatmap, one line of its table)."""
    latest = df.sort("quarter").group_by("unit_code").agg(pl.col("unit_name").last())
    return df.drop("unit_name").join(latest, on="unit_code", how="left")


def heatmap_table(df: pl.DataFrame) -> pl.DataFrame:
    """The heatmap's table: a line per unit (its latest name), a column per quarter."""
    wide = with_latest_names(df).pivot(
        on="quarter", index=["unit_code", "unit_name"], values="civility_index"
    )
    return wide.sort("unit_code")


def heatmap_headers(table: pl.DataFrame, lang: str) -> dict[str, str]:
    """The heatmap table's quarter columns headed as the heatmap's axis says them (2025年3季度;
    English keeps 2025Q3): a Chinese CSV and workbook headed them 2025Q3 beside 单位编码."""
    units = ("unit_code", "unit_name")
    return {q: quarter_label(q, lang, short=True) for q in table.columns if q not in units}


def heatmap_order(df: pl.DataFrame) -> pl.DataFrame:
    """unit_code, latest_index: each unit's index in its latest quarter of ``df`` when it was
    ranked there, best first; then the units whose latest index was not (insufficient data,
    docs/METHOD.md §4, latest_index null), by code. An index over half the weight (100.0) drew
    its unit at the top, above every ranked unit, unmarked (trial)."""
    ranked = pl.when(pl.col("status") == "ranked").then(pl.col("civility_index"))
    latest = (
        df.filter(pl.col("civility_index").is_not_null())
        .sort("quarter")
        .group_by("unit_code")
        .agg(ranked.last().alias("latest_index"))
    )
    return latest.sort(["latest_index", "unit_code"], descending=[True, False], nulls_last=True)


def render_heatmap_chart(df: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Units × quarters, coloured by the civility index; units in ``heatmap_order``, each under
    its latest name (``with_latest_names``). A quarter whose index covers too little of the
    weight is a grey cell that says 数据不足 (query ``civility_index`` for several quarters,
    stacked, with each row's status)."""
    shown = with_latest_names(df).filter(pl.col("civility_index").is_not_null())
    if shown.is_empty():
        return empty_note(lang)
    order = heatmap_order(shown)
    statuses = {s: t(f"pages.status.{s}", lang) for s in ("ranked", "insufficient_data")}
    data = (
        with_unit_labels(shown)
        .join(order, on="unit_code", how="left")
        .with_columns(status_label=pl.col("status").replace_strict(statuses, default=None))
        .select(
            "unit_code",
            "unit_name",
            "unit_label",
            "quarter",
            "civility_index",
            "latest_index",
            "status",
            "status_label",
        )
    )
    labels = data.unique("unit_code").join(order.with_row_index("at"), on="unit_code")
    index_title = t("charts.index", lang)
    tooltip = [
        alt.Tooltip("unit_name:N", title=t("charts.unit", lang)),
        quarter_tooltip(lang),
        number_tooltip("civility_index", index_title, ".1f"),
        alt.Tooltip("status_label:N", title=t("charts.ledger.status", lang)),
    ]
    colour = alt.Color(
        "civility_index:Q", title=index_title, scale=alt.Scale(scheme=palette.SEQUENTIAL_SCHEME)
    )
    chart = (
        with_quarter_words(alt.Chart(with_shown(data, tooltip)), lang)
        .mark_rect()
        .encode(
            x=quarter_x(lang),
            y=unit_y("unit_label:N", sort=labels.sort("at")["unit_label"].to_list()),
            color=alt.condition(
                alt.datum.status == "ranked", colour, alt.value(palette.LIGHT_GREY)
            ),
            tooltip=tooltip,
        )
        .properties(width=WIDTH, height=alt.Step(14), title=t("charts.heatmap.title", lang))
    )
    return styled(chart)


# ---------------------------------------------------------------- ledger and data quality


# the least room (px) between two labels of a dense axis: closer, every other label goes
LABEL_GAP = 6
AGEING_TITLES = {
    "days_overdue": "charts.ledger.ageing_title",
    "days_open": "charts.ledger.open_age_title",
}


def render_ledger_ageing_chart(
    df: pl.DataFrame, lang: str, bin_days: int = 30, age: str = "days_overdue"
):
    """Open findings by age, stacked by status (overdue or not yet due), from query
    ``findings``. ``age="days_overdue"``: days past the deadline (overdue findings only, as the
    query has no such age for a finding not yet due); ``age="days_open"``: days since the
    inspection, for every open finding (status ``open`` lists open and overdue)."""
    shown = df.filter(pl.col("status").is_in(FINDING_STATUSES) & pl.col(age).is_not_null())
    if shown.is_empty():
        return empty_note(lang)
    statuses = {s: t(f"charts.ledger.status_{s}", lang) for s in FINDING_STATUSES}
    # One row per age and status with the number of findings sharing it: the same bars,
    # binned by Vega-Lite, from a few hundred rows instead of every finding (tens of
    # thousands in a province).
    data = (
        shown.group_by(age, pl.col("status").replace_strict(statuses).alias("status_label"))
        .agg(pl.len().alias("findings"))
        .sort(age, "status_label")
    )
    # the statuses drawn only: by days overdue no finding not yet due has an age, and the
    # legend named 未到期 beside no bar (trial, session 58)
    drawn = [s for s in FINDING_STATUSES if s in set(shown["status"])]
    order = [statuses[s] for s in drawn]
    colours = dict(zip(FINDING_STATUSES, (palette.VERMILLION, palette.SKY_BLUE), strict=True))
    outlines = dict(zip(FINDING_STATUSES, (1.5, 0), strict=True))
    count_title = t("charts.ledger.findings", lang)
    # Findings come whole: no more ticks than the tallest bar has findings, so every step is
    # a whole number (a district's few read "0.0, 0.5, 1.0" findings). Vega ignores the axis's
    # tickMinStep; the bins, as Vega-Lite's, start at multiples of the step.
    tallest = data.group_by(pl.col(age) // bin_days).agg(pl.col("findings").sum())["findings"]
    ticks = whole_ticks(0, tallest.max())
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            # days are whole: one bin alone (every finding under 30 days) read "0.0, 30.0"
            x=alt.X(
                f"{age}:Q",
                bin=alt.Bin(step=bin_days),
                title=t(f"charts.ledger.{age}", lang),
                # each label under its tick: the last one set flush with the axis's end ran
                # into the one before (1,020 and 1,080 days read '10201080'); and a gap
                # between labels, which Vega drops only when they overlap: stretched to a
                # wide page, three years of bins set the four-digit ones edge to edge
                axis=alt.Axis(format="d", labelFlush=False, labelSeparation=LABEL_GAP),
            ),
            y=alt.Y("sum(findings):Q", title=count_title, axis=alt.Axis(tickCount=ticks)),
            color=alt.Color(
                "status_label:N",
                title=t("charts.ledger.status", lang),
                scale=alt.Scale(domain=order, range=[colours[s] for s in drawn]),
            ),
            # not by colour alone: overdue bars are also outlined. The outline shares the colour's
            # legend (same field and title: Vega-Lite merges them, so its swatch is outlined
            # too); ``legend=None`` here hid the merged legend, colours and all.
            stroke=alt.StrokeValue(palette.BLACK),
            strokeWidth=alt.StrokeWidth(
                "status_label:N",
                title=t("charts.ledger.status", lang),
                scale=alt.Scale(domain=order, range=[outlines[s] for s in drawn]),
            ),
            tooltip=[
                alt.Tooltip("status_label:N", title=t("charts.ledger.status", lang)),
                alt.Tooltip("sum(findings):Q", title=count_title),
            ],
        )
        .properties(width=WIDTH, height=300, title=t(AGEING_TITLES[age], lang))
    )
    return styled(chart)


def render_completeness_chart(df: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Completeness matrix: unit × quarter, one panel per kind of file, reported or missing
    (query ``completeness``)."""
    if df.is_empty():
        return empty_note(lang)
    kinds = {k: t(f"charts.kind.{k}", lang) for k in KIND_ORDER}
    states = {True: t("charts.completeness.reported", lang)}
    states[False] = t("charts.completeness.missing", lang)
    data = with_unit_labels(df).with_columns(
        pl.col("kind").replace_strict(kinds, default=pl.col("kind")).alias("kind_label"),
        pl.when(pl.col("reported"))
        .then(pl.lit(states[True]))
        .otherwise(pl.lit(states[False]))
        .alias("state"),
    )
    order = [kinds[k] for k in KIND_ORDER]
    domain = [states[True], states[False]]
    panel = completeness_panel_width(data)
    panel_px = panel if isinstance(panel, int) else COMPLETENESS_STEP * data["quarter"].n_unique()
    panels = data["kind"].n_unique()
    beside = panels * panel_px + (panels - 1) * COMPLETENESS_SPACING + COMPLETENESS_EDGES
    base = with_quarter_words(alt.Chart(), lang).encode(
        x=quarter_x(lang, angle=-90),
        y=unit_y("unit_label:N", beside=beside, sort="ascending"),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=0.5).encode(
        color=alt.Color(
            "state:N",
            title=None,
            scale=alt.Scale(domain=domain, range=[palette.PALE_BLUE, palette.VERMILLION]),
        ),
        tooltip=[
            alt.Tooltip("unit_code:N", title=t("charts.unit_code", lang)),
            alt.Tooltip("unit_name:N", title=t("charts.unit", lang)),
            alt.Tooltip("kind_label:N", title=t("charts.kind", lang)),
            quarter_tooltip(lang),
            alt.Tooltip("rows:Q", title=t("charts.completeness.rows", lang)),
        ],
    )
    # a dot on a reported cell, a cross on a missing one: the state is read without colour
    glyphs = base.mark_point(filled=True, size=40, color=palette.BLACK, opacity=0.85).encode(
        shape=alt.Shape(
            "state:N",
            title=None,
            scale=alt.Scale(domain=domain, range=list(STATE_SHAPES)),
            legend=alt.Legend(symbolSize=220, symbolStrokeColor=palette.DARK_GREY),
        )
    )
    # a column of cells per quarter, so that the three panels and the units' names fit the
    # page beside the sidebar (820 px at a 1280-wide window), where 220 px a panel drew
    # 953 px and cut the activities panel off; and a phone's (COMPLETENESS_STEP)
    chart = alt.layer(cells, glyphs, width=panel, height=alt.Step(16)).facet(
        column=alt.Column("kind_label:N", sort=order, title=None),
        data=data,
        spacing=COMPLETENESS_SPACING,
        title=t("charts.completeness.title", lang),
    )
    return styled(chart)


def completeness_panel_width(data: pl.DataFrame) -> alt.Step | int:
    """A column of cells per quarter, but never narrower than a panel's title: a bureau's
    first quarter drew three panels 30 px wide whose titles ran together
    ("检查结果满意度调查活动统计")."""
    if data["quarter"].n_unique() * COMPLETENESS_STEP >= COMPLETENESS_MIN_PANEL:
        return alt.Step(COMPLETENESS_STEP)
    return COMPLETENESS_MIN_PANEL


def render_movers_chart(df: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Biggest movers: the change of index since the earlier quarter (by which the query
    chose them and calls them improved or declined, so bar, colour and ▲/▼ agree), the
    largest change first, rise or fall (by its size, as the query chose them; equal ones by
    unit code); the ranks are in the tooltip (query ``movers``)."""
    if df.is_empty():
        return empty_note(lang)
    moves = {m: t(f"charts.movers.{m}", lang) for m in ("improved", "declined")}
    data = with_unit_labels(df).with_columns(
        pl.col("movement").replace_strict(moves, default="").alias("movement_label")
    )
    change_title = t("charts.movers.value_change", lang)
    domain = [moves["improved"], moves["declined"]]
    # the order as a list of the units: a sort by a field is dropped where layers share the axis
    by_size = data.sort(pl.col("value_change").abs(), "unit_code", descending=[True, False])
    tooltip = [
        alt.Tooltip("unit_name:N", title=t("charts.unit", lang)),
        number_tooltip("value_change", change_title, "+.1f"),  # as the tables say it: +9.9
        alt.Tooltip("since_rank:Q", title=t("charts.movers.since_rank", lang)),
        alt.Tooltip("rank:Q", title=t("charts.rank", lang)),
        alt.Tooltip("rank_change:Q", title=t("charts.movers.rank_change", lang)),
    ]
    base = alt.Chart(with_shown(data, tooltip)).encode(
        x=alt.X(
            "value_change:Q",
            title=change_title,
            axis=alt.Axis(format=".1f"),
            # room beyond the longest bars, so their ▲/▼ lie inside the plot, off the axis
            scale=alt.Scale(padding=MARKER_ROOM),
        ),
        y=unit_y("unit_label:N", sort=by_size["unit_label"].to_list()),
        color=alt.Color(
            "movement_label:N",
            title=None,
            scale=alt.Scale(domain=domain, range=[palette.GOOD, palette.BAD]),
        ),
        tooltip=tooltip,
    )
    # ▲ at the end of a bar that moved up, ▼ of one that moved down: told without colour
    ends = base.mark_point(filled=True, size=80, opacity=1).encode(
        shape=alt.Shape(
            "movement_label:N",
            title=None,
            scale=alt.Scale(
                domain=domain, range=[MOVE_SHAPES["improved"], MOVE_SHAPES["declined"]]
            ),
        )
    )
    chart = alt.layer(
        base.mark_bar(),
        ends,
        width=WIDTH,
        height=alt.Step(ROW_STEP),
        title=t("charts.movers.title", lang),
    )
    return styled(chart)
