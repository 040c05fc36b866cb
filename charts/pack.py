"""The quarterly meeting pack: what goes on each slide, from the named queries and the shared
chart builders; ``charts.deck`` draws it as PPTX and PDF, ``charts.circular`` drafts the
circular from the same data.

Every number comes from a named query (queries/README.md) and every chart from a
``charts.builders`` function, so a chart in the pack is the chart on the page. Filters
(districts, peer groups) limit what is listed; ranks stay those of the whole peer group.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import altair as alt
import polars as pl
import vl_convert as vlc

from charts import builders
from charts.deck import Figure, Slide, Table, deck_pdf, deck_pptx, split_table
from charts.export import chart_spec, vl_version
from charts.fonts import cjk_font
from charts.selection import CircularRules, bottom_beyond_noise
from etl.contracts import ALL_PEER_GROUPS, PEER_GROUPS
from etl.publish import publication
from i18n import t
from queries import run
from queries.indicator_cache import bypassed

Progress = Callable[[float, str], None]
TOP_N = 10
MOVERS_N = 10
RANK_CHART_N = 20  # a rank chart on a slide shows the top and bottom 20 of a larger group
HISTORY_QUARTERS = 8
COMPLETENESS_QUARTERS = 4
MAX_LIST_ROWS = 48  # long lists stop after four slides; the subtitle says how many there are
MAX_MATRIX_UNITS = 40  # units shown in the completeness matrix (those missing the most)
KIND_ORDER = ("inspections", "surveys", "activities")  # as query completeness orders them
FUNNEL_CHARTS = ("outpatient_satisfaction", "inpatient_satisfaction")
CHART_SCALE = 2.0
RENDER_THREADS = 2  # vl-convert renders two charts at once about a quarter faster than one


class PackInputError(ValueError):
    """A quarter, district or peer group that the database does not have."""


@dataclass(frozen=True)
class PackRequest:
    quarter: str
    lang: str = "zh"
    peer_groups: tuple[str, ...] = ()  # none = every peer group
    districts: tuple[str, ...] = ()  # none = every district
    rules: CircularRules = field(default_factory=CircularRules)
    publication: int | None = None  # the figures as this publication showed them; None: current


@dataclass
class PackData:
    """The named queries' frames the pack and the circular are made from."""

    request: PackRequest
    groups: list[str]
    quarters: list[str]
    headline: pl.DataFrame
    group_headlines: pl.DataFrame
    rankings: dict[str, pl.DataFrame]
    top_bottom: dict[str, pl.DataFrame]
    movers: pl.DataFrame
    attainment: pl.DataFrame
    attainment_history: pl.DataFrame
    index_history: pl.DataFrame
    indicators: pl.DataFrame
    indicator_values: pl.DataFrame
    funnels: pl.DataFrame  # every proportion indicator, per peer group (for the circular)
    funnel_charts: dict[str, tuple[pl.DataFrame, pl.DataFrame]]  # code -> (points, limits)
    overdue: pl.DataFrame
    open_findings: pl.DataFrame
    ledger_totals: pl.DataFrame  # the scope's ledger, one row (none for several districts)
    ledger_districts: pl.DataFrame  # per district (query ledger_by_district)
    ledger_units: pl.DataFrame  # per unit (query ledger)
    closed_findings: pl.DataFrame  # the quarter's findings closed by its end, with days to close
    completeness: pl.DataFrame  # the quarter's missing reports (query completeness)
    completeness_history: pl.DataFrame  # the missing reports of completeness_window()
    late_loads: pl.DataFrame
    loaded_up_to: str
    state: str = ""  # which data state the pack shows, in its language (state_words)

    @property
    def lang(self) -> str:
        return self.request.lang

    @property
    def quarter(self) -> str:
        return self.request.quarter


@dataclass
class PackFiles:
    slides: list[Slide]
    pptx: bytes
    pdf: bytes | None
    docx: bytes | None
    seconds: float
    charts: int


# ---------------------------------------------------------------- checking the request


def check_request(con, request: PackRequest, quarters: list[str]) -> list[str]:
    """The peer groups the pack covers; PackInputError for a value the database lacks."""
    lang = request.lang
    if request.quarter not in quarters:
        shown = ", ".join(sorted(quarters)) or "—"
        raise PackInputError(t("pack.error.quarter", lang, quarter=request.quarter, quarters=shown))
    present = run(con, "peer_groups")["peer_group"].to_list()
    for group in request.peer_groups:
        if group not in present:
            choices = ", ".join(present)
            raise PackInputError(t("pack.error.group", lang, value=group, choices=choices))
    districts = run(con, "districts")["district"].to_list()
    for district in request.districts:
        if district not in districts:
            choices = ", ".join(districts)
            raise PackInputError(t("pack.error.district", lang, value=district, choices=choices))
    return [g for g in present if not request.peer_groups or g in request.peer_groups]


# ---------------------------------------------------------------- gathering the data


def in_scope(df: pl.DataFrame, request: PackRequest) -> pl.DataFrame:
    """Rows of the chosen districts and peer groups (all rows when none are chosen)."""
    if request.districts and "district" in df.columns:
        df = df.filter(pl.col("district").is_in(request.districts))
    if request.peer_groups and "peer_group" in df.columns:
        df = df.filter(pl.col("peer_group").is_in(request.peer_groups))
    return df


def scope_group(request: PackRequest) -> str:
    """The peer_group parameter for bureau-level queries: the one chosen group, else 全部."""
    return request.peer_groups[0] if len(request.peer_groups) == 1 else ALL_PEER_GROUPS


def gather_state(con, request: PackRequest, progress: Progress | None = None) -> PackData:
    """The pack's data from the state the request names: a publication's (read from the data
    state it recorded, so a re-built pack names the same units with the same numbers), or the
    current one; ``state`` says which."""
    if request.publication is None:
        data = gather(con, request, progress)
        data.state = t("pack.state.current", request.lang, loaded=data.loaded_up_to)
        return data
    found = publication(con, request.publication)
    if found is None or found.quarter != request.quarter:
        raise PackInputError(
            t(
                "pack.error.publication",
                request.lang,
                number=request.publication,
                quarter=request.quarter,
            )
        )
    with bypassed():
        data = gather(found.view(con), request, progress)
    data.state = t(
        "pack.state.published",
        request.lang,
        date=f"{found.published_at:%Y-%m-%d %H:%M}",
        number=found.publication_id,
        by=found.published_by,
    )
    return data


def gather(con, request: PackRequest, progress: Progress | None = None) -> PackData:
    """Run the named queries the pack needs (about 20 + 5 per peer group)."""
    note = progress or (lambda fraction, message: None)
    all_quarters = sorted(run(con, "quarters")["quarter"].to_list())
    groups = check_request(con, request, all_quarters)
    q, lang = request.quarter, request.lang
    note(0.02, t("pack.progress.queries", lang))
    history = [x for x in all_quarters if x <= q][-HISTORY_QUARTERS:]
    indicators = run(con, "indicators")
    proportions = indicators.filter(pl.col("is_proportion") & pl.col("has_definition"))
    rankings, top_bottom, funnels = {}, {}, []
    for number, group in enumerate(groups, start=1):
        rankings[group] = run(con, "rankings", quarter=q, peer_group=group)
        top_bottom[group] = ranking_ends(rankings[group], TOP_N)
        note(0.02 + 0.25 * number / len(groups), t("pack.progress.queries", lang))
    # The circular needs funnel flags only where a unit could be named (charts.selection)
    stacked = pl.concat(list(rankings.values()), how="vertical_relaxed")
    for group in bottom_beyond_noise(stacked, request.rules)["peer_group"].unique().to_list():
        for code in proportions["indicator_code"].to_list():
            points = run(con, "funnel", quarter=q, indicator_code=code, peer_group=group)
            funnels.append(points.with_columns(pl.lit(code).alias("indicator_code")))
    funnel_charts = {}
    for code in FUNNEL_CHARTS:
        if code in proportions["indicator_code"].to_list():
            group = scope_group(request)
            points = run(con, "funnel", quarter=q, indicator_code=code, peer_group=group)
            limits = run(con, "funnel_limits", quarter=q, indicator_code=code, peer_group=group)
            funnel_charts[code] = (in_scope(points, request), limits)
    index_history = pl.concat(
        [run(con, "civility_index", quarter=x, peer_group=ALL_PEER_GROUPS) for x in history],
        how="vertical_relaxed",
    )
    attainment_history = run(con, "attainment_rates", peer_group=scope_group(request))
    loads = run(con, "late_loads", quarter=q, deadline_days=request.rules.deadline_days)
    # only the missing reports: the whole unit × kind × quarter grid is 600,000 rows for a
    # province, where a slide lists the missing and draws a matrix of at most 40 units
    window = completeness_window(all_quarters, q)
    missing = run(con, "completeness", missing_only=True).filter(pl.col("quarter").is_in(window))
    ledger_scope = {"quarter": q, "peer_group": scope_group(request)}
    # the ledger's totals take one district at most; for several the title names none
    one_district = request.districts[0] if len(request.districts) == 1 else None
    totals = run(con, "ledger_totals", **ledger_scope, district=one_district)
    closed = run(con, "findings", quarter=q, status="closed", peer_group=scope_group(request))
    data = PackData(
        request=request,
        groups=groups,
        quarters=all_quarters,
        headline=run(con, "bureau_headline", quarter=q, peer_group=scope_group(request)),
        group_headlines=pl.concat(
            [
                run(con, "bureau_headline", quarter=q, peer_group=g).with_columns(
                    pl.lit(g).alias("peer_group")
                )
                for g in groups
            ],
            how="vertical_relaxed",
        ),
        rankings=rankings,
        top_bottom=top_bottom,
        movers=in_scope(
            run(con, "movers", quarter=q, peer_group=scope_group(request), n=MOVERS_N), request
        ),
        attainment=attainment_history.filter(pl.col("quarter") == q),
        attainment_history=attainment_history.filter(pl.col("quarter").is_in(history)),
        index_history=in_scope(index_history, request).select(
            "quarter", "peer_group", "civility_index"
        ),
        indicators=indicators,
        indicator_values=run(con, "indicator_values", quarter=q),
        funnels=pl.concat(funnels, how="vertical_relaxed") if funnels else empty_funnel(),
        funnel_charts=funnel_charts,
        overdue=in_scope(run(con, "findings", quarter=q, status="overdue"), request),
        open_findings=in_scope(run(con, "findings", quarter=q, status="open"), request),
        ledger_totals=totals if len(request.districts) <= 1 else totals.clear(),
        ledger_districts=in_scope(run(con, "ledger_by_district", **ledger_scope), request),
        ledger_units=in_scope(run(con, "ledger", **ledger_scope), request),
        closed_findings=in_scope(closed.filter(pl.col("quarter") == q), request),
        completeness=in_scope(missing.filter(pl.col("quarter") == q), request),
        completeness_history=in_scope(missing, request),
        late_loads=loads.filter(pl.col("late")),
        loaded_up_to=latest_load(loads),
    )
    note(0.35, t("pack.progress.queries", lang))
    return data


def completeness_window(quarters: list[str], quarter: str) -> list[str]:
    """The quarter and the ones before it that the completeness matrix shows."""
    return sorted(x for x in quarters if x <= quarter)[-COMPLETENESS_QUARTERS:]


def ranking_ends(ranking: pl.DataFrame, n: int) -> pl.DataFrame:
    """The top n and bottom n of a ranking, ties at the edge included, with ``end`` (top |
    bottom): the rows the ``top_bottom`` query returns, cut from a ranking already run, so
    that the rank ranges are not simulated twice (tests/charts/test_pack.py compares them)."""
    ranked = ranking.filter(pl.col("rank").is_not_null()).sort("rank", "unit_code")
    if ranked.is_empty():
        return ranked.with_columns(pl.lit(None, dtype=pl.Utf8).alias("end"))
    top_edge = ranked["rank"][min(n, ranked.height) - 1]
    bottom_edge = ranked["rank"].sort(descending=True)[min(n, ranked.height) - 1]
    top = ranked.filter(pl.col("rank") <= top_edge).with_columns(pl.lit("top").alias("end"))
    bottom = ranked.filter(pl.col("rank") >= bottom_edge).with_columns(
        pl.lit("bottom").alias("end")
    )
    return pl.concat([top, bottom])


def empty_funnel() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "unit_code": pl.Utf8,
            "indicator_code": pl.Utf8,
            "flag": pl.Utf8,
            "lower95": pl.Float64,
        }
    )


def latest_load(loads: pl.DataFrame) -> str:
    """The date of the last file loaded for the quarter (the footnote's "data loaded")."""
    if loads.is_empty() or loads["loaded_at"].drop_nulls().is_empty():
        return "—"
    return loads["loaded_at"].max().strftime("%Y-%m-%d")


# ---------------------------------------------------------------- formatting


def quarter_label(quarter: str, lang: str) -> str:
    year, number = quarter.split("Q")
    return f"{year}年第{number}季度" if lang == "zh" else f"{year} Q{number}"


def group_label(group: str, lang: str) -> str:
    """The stored Chinese name, or its English name with a capital (tertiary -> Tertiary)."""
    if lang == "zh":
        return group
    name = PEER_GROUPS.get(group, (group,))[0]
    return name[:1].upper() + name[1:]


def fmt_number(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def fmt_share(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def fmt_value(value, unit: str) -> str:
    """An indicator value as people read it: rates as percentages, counts whole."""
    if value is None:
        return "—"
    if unit == "rate":
        return fmt_share(value)
    if unit == "count":
        return f"{value:,.0f}"
    return fmt_number(value)


def fmt_rank_range(low, high) -> str:
    if low is None or high is None:
        return "—"
    return str(low) if low == high else f"{low}–{high}"


def fmt_rank_change(change, lang: str) -> str:
    if change is None:
        return t("pack.new", lang)
    if change > 0:
        return t("pack.up", lang, n=change)
    if change < 0:
        return t("pack.down", lang, n=-change)
    return t("pack.same", lang)


def fmt_date(value) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, dt.date) else (value or "—")


def unit_name(row: dict) -> str:
    return row.get("unit_name") or row.get("unit_code") or ""


def indicator_name(row: dict, lang: str) -> str:
    return row["name_zh"] if lang == "zh" else row["name_en"]


def col(key: str, lang: str) -> str:
    return t(f"pack.col.{key}", lang)


# ---------------------------------------------------------------- slides


class SlideMaker:
    """Builds the slide list; charts are collected first and rendered in one pass."""

    def __init__(self, data: PackData):
        self.data = data
        self.lang = data.lang
        self.slides: list[Slide] = []
        self.charts: list[tuple[Slide, alt.TopLevelMixin]] = []
        self.footnote = t(
            "pack.footnote",
            self.lang,
            source=t("export.bureau", self.lang),
            loaded=data.loaded_up_to,
            quarter_label=quarter_label(data.quarter, self.lang),
        )

    def add(self, *slides: Slide) -> None:
        for slide in slides:
            slide.footnote = slide.footnote or self.footnote
            self.slides.append(slide)

    def add_chart(self, title: str, chart: alt.TopLevelMixin, subtitle: str = "") -> None:
        slide = Slide(title, subtitle)
        self.add(slide)
        self.charts.append((slide, without_title(chart)))

    def add_table(self, title: str, table: Table, subtitle: str = "") -> None:
        self.add(
            *split_table(
                title,
                table,
                t("pack.continued", self.lang),
                subtitle=subtitle,
                empty=t("pack.empty", self.lang),
            )
        )


SLIDE_FACET_ROW_HEIGHT = 60  # px per row of a row-faceted chart, so it suits a 16:9 slide


def without_title(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart for a slide: without its own title (the slide's title says it), and a
    row-faceted chart made flatter, since a slide is wide where a page scrolls down."""
    copy = chart.copy(deep=True)
    copy.title = alt.Undefined
    if isinstance(copy, alt.FacetChart) and copy.facet is not alt.Undefined:
        inner = copy.spec
        has_rows = getattr(copy.facet, "row", alt.Undefined) is not alt.Undefined
        if has_rows and isinstance(getattr(inner, "height", None), int | float):
            inner.height = min(inner.height, SLIDE_FACET_ROW_HEIGHT)
    return copy


def pack_slides(data: PackData) -> tuple[list[Slide], list[tuple[Slide, alt.TopLevelMixin]]]:
    """Every slide in order, and the charts still to render onto the chart slides."""
    maker = SlideMaker(data)
    title_slide(maker)
    headline_slides(maker)
    for group in data.groups:
        group_slides(maker, group)
    movers_slides(maker)
    attainment_slides(maker)
    funnel_slides(maker)
    overdue_slides(maker)
    from charts.pack_rectification import rectification_slides  # it builds on this module

    rectification_slides(maker)
    completeness_slides(maker)
    return maker.slides, maker.charts


def title_slide(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    request = data.request
    scope = []
    if request.districts:
        scope.append(t("pack.scope.districts", lang, districts="、".join(request.districts)))
    if request.peer_groups:
        names = "、".join(group_label(g, lang) for g in request.peer_groups)
        scope.append(t("pack.scope.groups", lang, groups=names))
    lines = ["；".join(scope) if scope else t("pack.scope.all", lang)]
    lines.append(data.state)
    lines.append(t("pack.made_on", lang, date=dt.date.today().isoformat()))
    maker.add(
        Slide(
            t("pack.title", lang, quarter_label=quarter_label(data.quarter, lang)),
            "\n".join(lines),
            is_title_slide=True,
        )
    )


def change_words(delta, lang: str, points: bool = False) -> str:
    if delta is None:
        return t("pack.headline.no_previous", lang)
    shown = f"{abs(delta) * 100:.1f}" if points else f"{abs(delta):.1f}"
    if points:
        shown = t("pack.headline.points", lang, delta=shown)
    if round(abs(delta) * (100 if points else 1), 1) == 0:  # shown as 0.0: say unchanged
        return t("pack.headline.flat", lang)
    key = "pack.headline.up" if delta > 0 else "pack.headline.down"
    return t(key, lang, delta=shown)


def headline_slides(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    head = data.headline.row(0, named=True) if data.headline.height else {}
    missing_units = data.completeness.filter(~pl.col("reported"))["unit_code"].n_unique()
    overdue_units = data.overdue["unit_code"].n_unique()
    figures = [
        Figure(
            t("pack.headline.index", lang),
            fmt_number(head.get("bureau_index")),
            change_words(head.get("index_change"), lang),
        ),
        Figure(
            t("pack.headline.attainment", lang),
            fmt_share(head.get("attainment_rate")),
            change_words(head.get("attainment_change"), lang, points=True),
        ),
        Figure(
            t("pack.headline.assessed", lang),
            f"{head.get('units_assessed', 0):,}",
            t("pack.headline.of_total", lang, total=f"{head.get('units_total', 0):,}"),
        ),
        Figure(t("pack.headline.insufficient", lang), f"{head.get('units_insufficient', 0):,}"),
        Figure(
            t("pack.headline.overdue", lang),
            f"{data.overdue.height:,}",
            t("pack.overdue.title", lang, findings=data.overdue.height, units=overdue_units),
        ),
        Figure(t("pack.headline.missing", lang), f"{missing_units:,}"),
    ]
    title = t(
        "pack.headline.title",
        lang,
        index=fmt_number(head.get("bureau_index")),
        change=change_words(head.get("index_change"), lang),
    )
    maker.add(Slide(title, quarter_label(data.quarter, lang), figures=figures))
    rows = [
        [
            group_label(r["peer_group"], lang),
            fmt_number(r["bureau_index"]),
            change_words(r["index_change"], lang),
            fmt_share(r["attainment_rate"]),
            f"{r['units_ranked']:,} / {r['units_total']:,}",
        ]
        for r in data.group_headlines.iter_rows(named=True)
    ]
    table = Table(
        [
            col("group", lang),
            col("index", lang),
            col("change", lang),
            col("rate", lang),
            t("pack.headline.assessed", lang),
        ],
        rows,
        widths=[2.2, 1.2, 2.4, 1.2, 1.4],
        numeric=[False, True, False, True, True],
    )
    maker.add_table(t("pack.groups.title", lang), table)
    if data.index_history.height:
        first, last = data.index_history["quarter"].min(), data.index_history["quarter"].max()
        maker.add_chart(
            t(
                "pack.trend.title",
                lang,
                first=quarter_label(first, lang),
                last=quarter_label(last, lang),
            ),
            builders.render_index_distribution_chart(data.index_history, lang),
        )


def ranking_table(rows: pl.DataFrame, lang: str) -> Table:
    body = [
        [
            str(r["rank"]) if r["rank"] is not None else "—",
            unit_name(r),
            r["district"],
            fmt_number(r["value"], 2),
            fmt_rank_range(r["rank_low"], r["rank_high"]),
            fmt_rank_change(r["rank_change"], lang),
        ]
        for r in rows.iter_rows(named=True)
    ]
    return Table(
        [
            col("rank", lang),
            col("unit", lang),
            col("district", lang),
            col("index", lang),
            col("rank_range", lang),
            col("change", lang),
        ],
        body,
        widths=[0.8, 4.0, 1.5, 1.3, 1.3, 1.2],
        numeric=[True, False, False, True, True, True],
    )


def group_slides(maker: SlideMaker, group: str) -> None:
    """The top ten and bottom ten of the group with rank ranges, then its rank chart.

    A group of at most twenty ranked units would show most units twice: it gets its whole
    ranking instead.
    """
    data, lang = maker.data, maker.lang
    label = group_label(group, lang)
    ranking = data.rankings[group]
    ranked = ranking.filter(pl.col("rank").is_not_null())
    note = t("pack.district_note", lang) if data.request.districts else ""
    leader = leader_words(ranked, lang)
    if ranked.height <= 2 * TOP_N:
        maker.add_table(
            t("pack.whole.title", lang, group=label, units=ranked.height, leader=leader),
            ranking_table(in_scope(ranked, data.request), lang),
            note,
        )
    else:
        ends = in_scope(data.top_bottom[group], data.request)
        top = ends.filter(pl.col("end") == "top")
        bottom = ends.filter(pl.col("end") == "bottom").sort("rank", "unit_code")
        # ties at the edge can make an end long (dozens sharing rank 1): list a readable part
        maker.add_table(
            t("pack.top.title", lang, group=label, n=TOP_N, leader=leader),
            ranking_table(top.head(MAX_LIST_ROWS), lang),
            joined(note, shown_of(min(top.height, MAX_LIST_ROWS), top.height, lang, "rankings")),
        )
        maker.add_table(
            t("pack.bottom.title", lang, group=label, n=TOP_N, units=ranked.height),
            ranking_table(bottom.tail(MAX_LIST_ROWS), lang),
            joined(
                note, shown_of(min(bottom.height, MAX_LIST_ROWS), bottom.height, lang, "rankings")
            ),
        )
    chart, subtitle = rank_chart(in_scope(ranking, data.request), lang)
    maker.add_chart(
        t("pack.rank_chart.title", lang, group=label, units=ranked.height), chart, subtitle
    )


def rank_chart(ranking: pl.DataFrame, lang: str) -> tuple[alt.TopLevelMixin, str]:
    """The Rankings page's rank chart, cut to the top and bottom ``RANK_CHART_N`` when the
    group has more ranked units (1,500 points are unreadable on a projector and slow to
    draw), and the slide's subtitle, which then says so in one line."""
    chart = builders.render_caterpillar_chart(ranking, lang, measure="rank", ends=RANK_CHART_N)
    ranked = ranking.filter(pl.col("rank").is_not_null()).height
    if ranked <= 2 * RANK_CHART_N:
        return chart, t("pack.rank_chart.subtitle", lang)
    page = t("frame.menu.rankings", lang)
    return chart, t("pack.rank_chart.ends", lang, n=RANK_CHART_N, total=ranked, page=page)


def leader_words(ranked: pl.DataFrame, lang: str) -> str:
    """Who leads: the unit ranked first, or how many share first place."""
    if ranked.is_empty():
        return "—"
    first = ranked.filter(pl.col("rank") == ranked["rank"].min())
    if first.height > 1:
        return t("pack.tied_first", lang, n=first.height)
    return t("pack.leads", lang, unit=unit_name(first.row(0, named=True)))


def joined(*parts: str) -> str:
    return "　".join(p for p in parts if p)


def movers_slides(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    improved = data.movers.filter(pl.col("movement") == "improved")
    declined = data.movers.filter(pl.col("movement") == "declined")
    if improved.height and declined.height:
        up, down = improved.row(0, named=True), declined.row(0, named=True)
        title = t(
            "pack.movers.title",
            lang,
            up=f"{unit_name(up)}（{fmt_rank_change(up['rank_change'], lang)}）",
            down=f"{unit_name(down)}（{fmt_rank_change(down['rank_change'], lang)}）",
        )
    else:
        title = t("pack.movers.none", lang)
    rows = [
        [
            unit_name(r),
            group_label(r["peer_group"], lang),
            str(r["since_rank"]),
            str(r["rank"]),
            fmt_rank_change(r["rank_change"], lang),
        ]
        for r in data.movers.iter_rows(named=True)
    ]
    table = Table(
        [
            col("unit", lang),
            col("group", lang),
            col("previous_rank", lang),
            col("rank", lang),
            col("change", lang),
        ],
        rows,
        widths=[4, 2.2, 1.3, 1.0, 1.2],
        numeric=[False, False, True, True, True],
    )
    maker.add_table(title, table)
    maker.add_chart(
        t("pack.movers.chart_title", lang), builders.render_movers_chart(data.movers, lang)
    )


def attainment_slides(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    units = dict(zip(data.indicators["indicator_code"], data.indicators["unit"], strict=True))
    rates = data.attainment.filter(pl.col("attainment_rate").is_not_null()).sort("attainment_rate")
    if rates.height:
        worst = rates.row(0, named=True)
        title = t(
            "pack.attainment.title",
            lang,
            name=indicator_name(worst, lang),
            rate=fmt_share(worst["attainment_rate"]),
        )
    else:
        title = t("pack.attainment.chart_title", lang)
    rows = [
        [
            indicator_name(r, lang),
            fmt_value(r["target"], units.get(r["indicator_code"], "number")),
            fmt_value(r["median_value"], units.get(r["indicator_code"], "number")),
            f"{r['units_meeting']:,} / {r['units_with_value']:,}",
            fmt_share(r["attainment_rate"]),
        ]
        for r in rates.iter_rows(named=True)
    ]
    table = Table(
        [
            col("indicator", lang),
            col("target", lang),
            col("median", lang),
            col("meeting", lang),
            col("rate", lang),
        ],
        rows,
        widths=[4, 1.3, 1.3, 1.6, 1.2],
        numeric=[False, True, True, True, True],
    )
    maker.add_table(title, table)
    maker.add_chart(
        t("pack.attainment.chart_title", lang),
        builders.render_attainment_chart(data.attainment_history, lang),
    )


def funnel_slides(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    names = {
        r["indicator_code"]: indicator_name(r, lang) for r in data.indicators.iter_rows(named=True)
    }
    for code, (points, limits) in data.funnel_charts.items():
        below = points.filter(pl.col("flag") == "below").height
        maker.add_chart(
            t("pack.funnel.title", lang, name=names.get(code, code), below=below),
            builders.render_funnel_chart(points, lang, limits, value_label=names.get(code)),
            t("pack.funnel.subtitle", lang),
        )


def overdue_slides(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    overdue = data.overdue.sort("days_overdue", "unit_code", descending=[True, False])
    title = t(
        "pack.overdue.title", lang, findings=overdue.height, units=overdue["unit_code"].n_unique()
    )
    rows = [
        [
            unit_name(r),
            r["district"],
            r["item"],
            r["finding"] or "",
            fmt_date(r["rectify_by"]),
            str(r["days_overdue"]) if r["days_overdue"] is not None else "—",
        ]
        for r in overdue.head(MAX_LIST_ROWS).iter_rows(named=True)
    ]
    table = Table(
        [
            col("unit", lang),
            col("district", lang),
            col("item", lang),
            col("finding", lang),
            col("deadline", lang),
            col("days_overdue", lang),
        ],
        rows,
        widths=[3.0, 1.2, 1.6, 3.2, 1.4, 1.1],
        numeric=[False, False, False, False, False, True],
    )
    maker.add_table(title, table, shown_of(len(rows), overdue.height, lang))
    maker.add_chart(
        t("pack.overdue.chart_title", lang),
        builders.render_ledger_ageing_chart(
            data.open_findings.select("status", "days_overdue"), lang
        ),
    )


def shown_of(shown: int, total: int, lang: str, page: str = "ledger") -> str:
    """'Only the first 48 of 195 rows; the full list is on the … page' (or nothing)."""
    if shown >= total:
        return ""
    where = t(f"frame.menu.{page}", lang)
    return t("pack.shown_of", lang, shown=shown, total=total, page=where)


def completeness_slides(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    missing = data.completeness.filter(~pl.col("reported"))
    kinds = {k: t(f"pack.kind.{k}", lang) for k in ("inspections", "surveys", "activities")}
    by_unit = (
        missing.group_by("unit_code", "unit_name", "district", "peer_group")
        .agg(pl.col("kind").sort())
        .sort("district", "unit_code")
    )
    title = t("pack.completeness.title", lang, missing=by_unit.height, late=data.late_loads.height)
    rows = [
        [
            unit_name(r),
            r["district"],
            group_label(r["peer_group"], lang),
            "、".join(kinds.get(k, k) for k in r["kind"]),
        ]
        for r in by_unit.head(MAX_LIST_ROWS).iter_rows(named=True)
    ]
    table = Table(
        [col("unit", lang), col("district", lang), col("group", lang), col("missing", lang)],
        rows,
        widths=[3.5, 1.4, 2.0, 3.0],
    )
    maker.add_table(title, table, shown_of(len(rows), by_unit.height, lang, "data_quality"))
    late_rows = [
        [
            r["file_name"],
            kinds.get(r["kind"], r["kind"] or ""),
            r["loaded_by"],
            fmt_date(r["loaded_at"]),
            str(r["days_late"]),
        ]
        for r in data.late_loads.sort("days_late", descending=True)
        .head(MAX_LIST_ROWS)
        .iter_rows(named=True)
    ]
    late = Table(
        [
            col("file", lang),
            col("kind", lang),
            col("loaded_by", lang),
            col("loaded_at", lang),
            col("days_late", lang),
        ],
        late_rows,
        widths=[4.5, 1.5, 1.5, 1.5, 1.1],
        numeric=[False, False, False, False, True],
    )
    maker.add_table(t("pack.late.title", lang, days=data.request.rules.deadline_days), late)
    window = completeness_window(data.quarters, data.quarter)
    matrix = matrix_units(data.completeness_history, window)
    if matrix.height:  # with nothing missing the matrix would be all green: no chart
        maker.add_chart(
            t("pack.completeness.chart_title", lang, units=matrix["unit_code"].n_unique()),
            builders.render_completeness_chart(matrix, lang),
        )


def matrix_units(missing: pl.DataFrame, quarters: list[str]) -> pl.DataFrame:
    """The completeness matrix (rows as query ``completeness`` gives them) for the units
    missing the most reports in ``quarters``, a readable number of them: every kind and
    quarter of those units, reported unless ``missing`` lists it. A reported cell's ``rows``
    (a tooltip on the page) is left empty: the slide is a picture."""
    worst = (
        missing.group_by("unit_code")
        .agg(pl.len().alias("missing"))
        .sort("missing", "unit_code", descending=[True, False])
        .head(MAX_MATRIX_UNITS)
    )
    units = (
        missing.select("unit_code", "unit_name", "district", "peer_group")
        .unique("unit_code")
        .join(worst.select("unit_code"), on="unit_code", how="semi")
    )
    cells = units.join(pl.DataFrame({"quarter": quarters}), how="cross").join(
        pl.DataFrame({"kind": KIND_ORDER, "order": range(len(KIND_ORDER))}), how="cross"
    )
    keys = ["unit_code", "quarter", "kind"]
    return (
        cells.join(missing.select(*keys, "rows", "reported"), on=keys, how="left")
        .with_columns(pl.col("reported").fill_null(True))
        .sort("quarter", "unit_code", "order")
        .drop("order")
    )


# ---------------------------------------------------------------- making the files


def render_charts(charts, progress: Progress, lang: str, start: float, end: float) -> None:
    """Every chart to PNG, ``RENDER_THREADS`` at a time. The specs are made here, one by one
    (Altair's data settings are global); only vl-convert's rendering runs on the threads, and
    progress is reported from this thread (a Streamlit progress bar needs the page's thread)."""
    specs = [chart_spec(chart) for _, chart in charts]

    def png(spec: dict) -> bytes:
        return vlc.vegalite_to_png(spec, vl_version=vl_version(), scale=CHART_SCALE)

    with ThreadPoolExecutor(max_workers=RENDER_THREADS) as pool:
        pictures = pool.map(png, specs)
        for number, ((slide, _), picture) in enumerate(zip(charts, pictures, strict=True), 1):
            slide.picture = picture
            progress(
                start + (end - start) * number / max(len(charts), 1),
                t("pack.progress.charts", lang, n=number, total=len(charts)),
            )


def make_pack(
    con,
    request: PackRequest,
    progress: Progress | None = None,
    pdf: bool = True,
    circular: bool = True,
) -> PackFiles:
    """The meeting pack for one quarter: PPTX always, PDF and the draft circular on request.

    ``progress(fraction, message)`` is called as work proceeds (the page's progress bar, the
    command line's printout).
    """
    started = time.perf_counter()
    cjk_font()  # no CJK font: say so (CJKFontMissing) before any work, never draw boxes
    note = progress or (lambda fraction, message: None)
    data = gather_state(con, request, note)
    slides, charts = pack_slides(data)
    render_charts(charts, note, request.lang, 0.35, 0.8)
    note(0.8, t("pack.progress.pptx", request.lang))
    pptx = deck_pptx(slides)
    pdf_bytes = None
    if pdf:
        note(0.88, t("pack.progress.pdf", request.lang))
        pdf_bytes = deck_pdf(slides)
    docx = None
    if circular:
        from charts.circular import circular_docx

        note(0.95, t("pack.progress.docx", request.lang))
        docx = circular_docx(data)
    note(1.0, t("pack.progress.done", request.lang))
    return PackFiles(slides, pptx, pdf_bytes, docx, time.perf_counter() - started, len(charts))
