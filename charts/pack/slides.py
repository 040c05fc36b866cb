"""What goes on each slide, in order: the named queries' frames (charts.pack.data) as
titles, tables and ``charts.builders`` charts, so a chart in the pack is the chart on the page.
The districts and peer groups chosen limit what is listed; ranks stay those of the whole
peer group."""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from charts import builders
from charts.deck import Figure, Slide, Table, title_fits
from charts.labels import (
    MISSING,
    fmt_date,
    fmt_number,
    fmt_share,
    fmt_signed,
    fmt_value,
    group_label,
    indicator_name,
    names_told_apart,
    quarter_label,
    ranked_set_words,
    unit_name,
)
from charts.pack.data import TOP_N, PackData, completeness_window, group_size, scope_group
from charts.pack.maker import SlideMaker
from charts.pack.rectification import rectification_slides
from charts.pack.tables import (
    MAX_LIST_ROWS,
    change_of,
    change_words,
    col,
    fmt_rank_change,
    index_change_of,
    joined,
    leader_words,
    matrix_units,
    ranking_table,
    shown_of,
)
from etl.contracts import ALL_PEER_GROUPS, peer_groups_in_order
from etl.messages import listed, person
from i18n import t

RANK_CHART_N = 20  # a rank chart on a slide shows the top and bottom 20 of a larger group
UNRANKED_NAMED = 5  # the units short of data a group's ranking names under it


def pack_slides(
    data: PackData, on_chart=None
) -> tuple[list[Slide], list[tuple[Slide, alt.TopLevelMixin]]]:
    """Every slide in order, and the charts still to render onto the chart slides.

    The peer groups' slides come second in the deck but are made last: they wait for the
    rankings (charts.pack.data), and the other slides' charts can render meanwhile
    (``on_chart``: SlideMaker)."""
    opening, groups, rest = (SlideMaker(data, on_chart) for _ in range(3))
    title_slide(opening)
    headline_slides(opening)
    movers_slides(rest)
    attainment_slides(rest)
    funnel_slides(rest)
    overdue_slides(rest)
    rectification_slides(rest)
    completeness_slides(rest)
    unranked = [group for group in data.groups if not group_slides(groups, group)]
    if unranked:
        unranked_slide(groups, unranked)
    makers = (opening, groups, rest)
    return [s for m in makers for s in m.slides], [c for m in makers for c in m.charts]


def title_slide(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    request = data.request
    scope = []
    units = maker.covered
    if request.scope.unit is not None:
        scope.append(t("pack.scope.unit", lang, unit=units))
    elif units:
        scope.append(t("pack.scope.districts", lang, districts=units))
    if request.peer_groups:
        names = t("text.list_sep", lang).join(group_label(g, lang) for g in request.peer_groups)
        scope.append(t("pack.scope.groups", lang, groups=names))
    lines = [t("text.semicolon_sep", lang).join(scope) if scope else t("pack.scope.all", lang)]
    lines.append(data.state)
    if data.unfinished:
        lines.append(t("pack.unfinished", lang, quarter_label=quarter_label(data.quarter, lang)))
    lines.append(t("pack.made_on", lang, date=fmt_date(dt.date.today(), lang)))
    maker.add(
        Slide(
            t("pack.title", lang, quarter_label=quarter_label(data.quarter, lang)),
            "\n".join(lines),
            is_title_slide=True,
        )
    )


def headline_slides(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    head = data.headline.row(0, named=True) if data.headline.height else {}
    missing_units = data.completeness.filter(~pl.col("reported"))["unit_code"].n_unique()
    overdue_units = data.overdue["unit_code"].n_unique()
    # the index and the counts of units are the bureau's; the overdue findings and the missing
    # reports are those of the units the pack covers, which their labels then name
    covered = maker.covered
    missing_key = "not_yet_sent" if data.unfinished else "missing"

    def own(label: str) -> str:
        return t("pack.headline.covered", lang, label=label, units=covered) if covered else label

    figures = [
        Figure(
            t("pack.headline.index", lang),
            fmt_number(head.get("bureau_index")),
            change_of(
                head.get("bureau_index"),
                head.get("index_change"),
                lang,
                previous=head.get("previous_bureau_index"),
            ),
        ),
        Figure(
            t("pack.headline.attainment", lang),
            fmt_share(head.get("attainment_rate")),
            change_of(
                head.get("attainment_rate"),
                head.get("attainment_change"),
                lang,
                points=True,
                previous=head.get("previous_attainment_rate"),
            ),
        ),
        Figure(
            t("pack.headline.assessed", lang),
            f"{head.get('units_assessed', 0):,}",
            t("pack.headline.of_total", lang, total=f"{head.get('units_total', 0):,}"),
        ),
        Figure(t("pack.headline.insufficient", lang), f"{head.get('units_insufficient', 0):,}"),
        Figure(
            own(t("pack.headline.overdue", lang)),
            f"{data.overdue.height:,}",
            t("pack.overdue.title", lang, findings=data.overdue.height, units=overdue_units),
        ),
        Figure(own(t(f"pack.headline.{missing_key}", lang)), f"{missing_units:,}"),
    ]
    # a pack of one peer group heads with that group's index (bureau_headline of the group)
    group = scope_group(data.request)
    key = "pack.headline.title" if group == ALL_PEER_GROUPS else "pack.headline.title_group"
    if head.get("bureau_index") is None:  # no unit ranked yet: no index to change
        key += "_none"
    title = t(
        key,
        lang,
        group=group_label(group, lang),
        index=fmt_number(head.get("bureau_index")),
        change=change_words(
            head.get("index_change"), lang, previous=head.get("previous_bureau_index")
        ),
    )
    when = quarter_label(data.quarter, lang)
    if data.unfinished:
        when = t("pack.headline.unfinished", lang, quarter_label=when)
    if data.system_changes and head.get("bureau_index") is not None:
        # as the Overview and Rankings pages say beside a quarter's changes
        changed = t("pack.headline.system_changed", lang, count=data.system_changes)
        when = joined(when, changed, lang=lang)
    maker.add(Slide(title, when, figures=figures))
    rows = [
        [
            group_label(r["peer_group"], lang),
            fmt_number(r["bureau_index"]),
            index_change_of(r, lang),
            fmt_share(r["attainment_rate"]),
            f"{r['units_ranked']:,} / {r['units_total']:,}",
        ]
        for r in data.group_headlines.iter_rows(named=True)
    ]
    table = Table(
        [
            col("group", lang),
            col("index", lang),
            col("index_change", lang),
            col("rate", lang),
            col("ranked_of_units", lang),
        ],
        rows,
        widths=[2.2, 1.2, 2.4, 1.2, 1.4],
        numeric=[False, True, False, True, True],
    )
    bureau_wide = t("pack.groups_bureau_wide", lang) if maker.covered else ""
    maker.add_table(t("pack.groups.title", lang), table, bureau_wide)
    if data.index_history.height:
        first, last = data.index_history["quarter"].min(), data.index_history["quarter"].max()
        maker.add_chart(
            t(
                "pack.trend.title",
                lang,
                scope=maker.coverage.name(lang),  # the units the chart draws: those listed
                first=quarter_label(first, lang),
                last=quarter_label(last, lang),
            ),
            builders.render_index_distribution_chart(data.index_history, lang, side_by_side=True),
        )


def group_slides(maker: SlideMaker, group: str) -> bool:
    """The top ten and bottom ten of the group with rank ranges (``ends_slides``), then its
    rank chart; False, and no slide, when none of the units listed is ranked
    (``unranked_slide`` says so).

    At most twenty ranked units listed (a small group; a district's units of a group, a
    unit's own) get one ranking instead, as the Overview shows them (query ``top_bottom``,
    end 'whole'): two lists would show most units twice, or a district's eleven as ten and
    one.
    """
    data, lang = maker.data, maker.lang
    label = group_label(group, lang)
    ranking = data.rankings[group]
    ranked = ranking.filter(pl.col("rank").is_not_null())
    if ranked.is_empty():
        return False
    units = group_size(ranking)
    note = listed_note(maker)
    among = every_ranking(data)
    leader = leader_words(ranked, lang, among, part=maker.coverage.by_place)
    unranked = unranked_words(ranking, lang, among)
    whole = data.top_bottom[group].filter(pl.col("end") == "whole")
    if whole.height:
        maker.add_table(
            t("pack.whole.title", lang, group=label, units=units, leader=leader),
            ranking_table(whole, lang),
            joined(note, unranked, lang=lang),
        )
    else:
        ends_slides(maker, group, units, leader, unranked)
    chart, subtitle = rank_chart(ranking, lang)
    maker.add_chart(t("pack.rank_chart.title", lang, group=label, units=units), chart, subtitle)
    return True


def unranked_words(ranking: pl.DataFrame, lang: str, among: pl.DataFrame) -> str:
    """The units listed that are not ranked, too little of the weight scored (docs/METHOD.md:
    listed, never ranked), named (the first ``UNRANKED_NAMED``) under the group's ranking: a
    unit short of data was in no list of the pack, and the title's count left it out."""
    short = ranking.filter(pl.col("status") == "insufficient_data")
    if short.is_empty():
        return ""
    named = names_told_apart(short.head(UNRANKED_NAMED), among, lang)
    names = t("text.list_sep", lang).join(named)
    key = "pack.unranked_units" if short.height <= UNRANKED_NAMED else "pack.unranked_units_more"
    return t(key, lang, n=short.height, units=names)


def ends_slides(maker: SlideMaker, group: str, units: int, leader: str, unranked: str = "") -> None:
    """The group's top ten and bottom ten. A district's pack lists its own units on them, maybe
    none: an empty top ten still has its slide (it names the group's leader), but with none
    of its units in the bottom ten (most districts' packs in a province) the top ten's slide
    says so in one line, where a slide of its own stood all but empty. ``unranked``: the
    units not ranked (``unranked_words``), said under the last of the two."""
    lang = maker.lang
    label = group_label(group, lang)
    ends = maker.data.top_bottom[group]
    top = ends.filter(pl.col("end") == "top")
    bottom = ends.filter(pl.col("end") == "bottom").sort("rank", "unit_code")
    place = maker.coverage.place(lang)
    none_here = t("pack.none_listed", lang, place=place) if place else ""
    none_at_bottom = bool(place) and bottom.is_empty()
    note = listed_note(maker)
    # ties at the edge can make an end long (dozens sharing rank 1): list a readable part
    maker.add_table(
        t("pack.top.title", lang, group=label, n=TOP_N, leader=leader),
        ranking_table(top.head(MAX_LIST_ROWS), lang),
        joined(
            note,
            shown_of(min(top.height, MAX_LIST_ROWS), top.height, lang, "rankings", units=True),
            t("pack.none_at_bottom", lang, place=place, n=TOP_N) if none_at_bottom else "",
            unranked if none_at_bottom else "",
            lang=lang,
        ),
        none_here,
    )
    if none_at_bottom:
        return
    maker.add_table(
        t("pack.bottom.title", lang, group=label, n=TOP_N, units=units),
        ranking_table(bottom.tail(MAX_LIST_ROWS), lang),
        joined(
            note,
            shown_of(
                min(bottom.height, MAX_LIST_ROWS), bottom.height, lang, "rankings", units=True
            ),
            unranked,
            lang=lang,
        ),
        none_here,
    )


def unranked_slide(maker: SlideMaker, groups: list[str]) -> None:
    """One slide for the groups none of whose units listed is ranked yet (a quarter under
    way, a district's units short of data), in place of their empty rankings and rank charts:
    how many of its units listed have sent data of the quarter (the ranking's rows that
    ``reported``: it lists a unit that sent nothing yet too, short of data) and how many units
    the whole group ranks."""
    lang = maker.lang
    rows = []
    for group in groups:
        ranking = maker.data.rankings[group]
        whole = int(ranking["units_ranked"].max() or 0) if ranking.height else 0
        sent = ranking.filter(pl.col("reported")).height
        rows.append([group_label(group, lang), f"{sent:,}", f"{whole:,}"])
    table = Table(
        [col("group", lang), col("units_with_data", lang), col("units_ranked_group", lang)],
        rows,
        widths=[3.0, 2.0, 2.4],
        numeric=[False, True, True],
    )
    names = t("text.list_sep", lang).join(group_label(g, lang) for g in groups)
    title = t("pack.unranked.title", lang, groups=names)
    maker.add_table(title, table, t("pack.unranked.subtitle", lang))


def listed_note(maker: SlideMaker) -> str:
    """Under a ranking that lists one unit's or some districts' units: whose, and that the
    ranks are among the whole peer group; '' for a ranking listing every district's units."""
    coverage, lang = maker.coverage, maker.lang
    if coverage.unit:
        return t("pack.unit_note", lang, unit=coverage.unit)
    if coverage.districts:
        return t("pack.district_note", lang, districts=coverage.place(lang))
    return ""


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


def every_ranking(data) -> pl.DataFrame:
    """Every group's ranking, stacked: the units a name in a title is told apart from (none
    for a pack whose groups hold no unit)."""
    frames = list(data.rankings.values())
    if not frames:
        return pl.DataFrame(schema={"unit_code": pl.String, "unit_name": pl.String})
    return pl.concat(frames, how="diagonal_relaxed")


def movers_title(movers: pl.DataFrame, among: pl.DataFrame, lang: str) -> str:
    """The movers slide's title: the units whose index rose and fell most, with that change
    (the movers are chosen by it; the table lists it beside the change of rank), each told
    apart from a unit of ``among`` with its name."""
    improved = movers.filter(pl.col("movement") == "improved")
    declined = movers.filter(pl.col("movement") == "declined")
    if improved.is_empty() or declined.is_empty():
        return t("pack.movers.none", lang)

    def named(first: pl.DataFrame, shown=str) -> str:
        [name] = names_told_apart(first.head(1), among, lang)
        change = fmt_signed(first["value_change"][0])
        return t("pack.movers.unit", lang, unit=shown(name), change=change)

    title = t("pack.movers.title", lang, up=named(improved), down=named(declined))
    if title_fits(title):
        return title
    # two long names ran the title past its box, over the note below it (trial): both cut,
    # as the charts cut them; the table below names them whole
    short = builders.short_name
    return t("pack.movers.title", lang, up=named(improved, short), down=named(declined, short))


def movers_slides(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    title = movers_title(data.movers, every_ranking(data), lang)
    # in a quarter under way a rank is among the units that reported so far: beside last
    # quarter's among all, 67 then 9 read as a rise (trial, session 58); the change in index
    # is the unit's own
    ranks = (
        (lambda r: [MISSING, MISSING])
        if data.unfinished
        else (lambda r: [str(r["since_rank"]), str(r["rank"])])
    )
    rows = [
        [
            unit_name(r),
            group_label(r["peer_group"], lang),
            fmt_signed(r["value_change"]),
            *ranks(r),
            fmt_rank_change(r["rank_change"], r["since_rank"], lang),
        ]
        for r in data.movers.iter_rows(named=True)
    ]
    # the ranks are the city's overall ranking or the one chosen group's (query movers with the
    # pack's peer group), not the ranks within each group of the ranking slides: say which
    city = maker.coverage.figures_group == ALL_PEER_GROUPS
    ranking = "city" if city else "group"
    table = Table(
        [
            col("unit", lang),
            col("group", lang),
            col("index_change", lang),
            col(f"previous_rank_{ranking}", lang),
            col(f"rank_{ranking}", lang),
            col("change", lang),
        ],
        rows,
        widths=[3.3, 1.8, 1.4, 1.5, 1.2, 1.1],
        numeric=[False, False, True, True, True, True],
        whole=[
            False,
            True,
            False,
            False,
            False,
            False,
        ],  # a peer group on one line (rectification.unit_slide)
    )
    which = ""
    if data.movers.height:
        units = data.movers["units_ranked"].max()
        group = group_label(maker.coverage.figures_group, lang)
        which = t(f"pack.movers.ranks_{ranking}", lang, units=units, group=group)
    caption = joined(which, ranked_set_words(data.movers, lang), lang=lang)
    maker.add_table(title, table, caption, empty=t("pack.movers.none_yet", lang))
    if data.movers.height:  # no chart of nothing
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
    rows, follows = [], []
    for r in rates.iter_rows(named=True):
        unit = units.get(r["indicator_code"], "number")
        name = indicator_name(r, lang)
        held = targets_held(data.attainment_targets, r["indicator_code"])
        if len(held) < 2:
            rows.append(attainment_row(name, fmt_value(r["target"], unit), r, unit))
            follows.append(False)
            continue
        # targets that differ by peer group: the indicator's total, then each target with the
        # groups held to it and their own counts, which add up to the total (on its slide)
        rows.append(attainment_row(name, t("pack.attainment.by_group", lang), r, unit))
        for h in held:
            groups = listed(group_label(g, lang) for g in h["peer_groups"]).in_lang(lang)
            label = t("pack.attainment.groups", lang, groups=groups)
            rows.append(attainment_row(label, fmt_value(h["target"], unit), h, unit))
        follows += [False] + [True] * len(held)
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
        follows=follows,
    )
    maker.add_table(title, table, attainment_note(maker))
    maker.add_chart(
        t("pack.attainment.chart_title", lang),
        builders.render_attainment_chart(data.attainment_history, lang),
    )


def targets_held(by_target: pl.DataFrame, code: str) -> list[dict]:
    """The targets an indicator holds units to (query attainment_rates by_target), each with
    its peer groups, in the registry's order of the peer groups."""
    held = [
        r | {"peer_groups": peer_groups_in_order(r["peer_groups"])}
        for r in by_target.filter(pl.col("indicator_code") == code).iter_rows(named=True)
    ]
    order = peer_groups_in_order(g for r in held for g in r["peer_groups"])
    return sorted(held, key=lambda r: [order.index(g) for g in r["peer_groups"]])


def attainment_row(label: str, target: str, r: dict, unit: str) -> list[str]:
    """A row of the attainment table: units meeting the target of those held to one (units
    without a target, where an indicator's groups have none: their count, none meeting)."""
    if r["units_with_target"]:
        meeting = f"{r['units_meeting']:,} / {r['units_with_target']:,}"
    else:
        meeting = f"{MISSING} / {r['units_with_value']:,}"
    return [
        label,
        target,
        fmt_value(r["median_value"], unit),
        meeting,
        fmt_share(r["attainment_rate"]),
    ]


def attainment_note(maker: SlideMaker) -> str:
    """Under attainment counted over more units than the pack lists: over whose (the city's
    or the chosen peer group's); '' when the pack lists every unit counted."""
    coverage, lang = maker.coverage, maker.lang
    if not coverage.narrower:
        return ""
    if coverage.figures_group == ALL_PEER_GROUPS:
        return t("pack.bureau_wide", lang)
    return t("pack.group_wide", lang, group=group_label(coverage.figures_group, lang))


def funnel_slides(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    names = {
        r["indicator_code"]: indicator_name(r, lang) for r in data.indicators.iter_rows(named=True)
    }
    for code, (points, limits) in data.funnel_charts.items():
        if points.filter(pl.col("value").is_not_null()).is_empty():
            continue  # no unit has a value yet: a funnel without points says nothing
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
    if maker.covered:  # the covered units' findings only
        title = t("pack.headline.covered", lang, label=title, units=maker.covered)
    rows = [
        [
            unit_name(r),
            r["district"],
            r["item"],
            r["finding"] or "",
            fmt_date(r["rectify_by"], lang, short=True),
            fmt_number(r["days_overdue"], 0),
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
        whole=[False, False, False, False, True, False],  # the deadline
    )
    maker.add_table(title, table, shown_of(len(rows), overdue.height, lang))
    maker.add_chart(  # titled as the page titles the same chart: by days past the deadline
        t(builders.AGEING_TITLES["days_overdue"], lang),
        builders.render_ledger_ageing_chart(
            data.open_findings.select("status", "days_overdue"), lang
        ),
    )


def fold_all_clear(
    maker: SlideMaker,
    title: str,
    missing: tuple[Table, int],
    late: tuple[Table, int],
    days: int,
) -> None:
    """The units missing a report, then the late files, each on its own slides; a list with
    nothing in it is said in one line on the other's slide (a slide holding 所有文件均在截止日
    前送达 and nothing else stood all but empty), and with both empty the section's slide says
    both."""
    lang = maker.lang
    (table, units), (files, late_count) = missing, late
    none_missing = t("pack.completeness.none_missing", lang)
    none_late = t("pack.late.none", lang, days=days)
    if units:
        shown = shown_of(len(table.rows), units, lang, "data_quality", units=True)
        said = t("pack.then", lang, first=shown, then=none_late) if shown else none_late
        maker.add_table(title, table, said if not late_count else shown)
        if late_count:
            maker.add_table(t("pack.late.title", lang, days=days), files)
    elif late_count:
        below = t("pack.late.below", lang, days=days)
        maker.add_table(title, files, t("pack.then", lang, first=none_missing, then=below))
    else:
        maker.add_table(
            title, table, empty=t("pack.then", lang, first=none_missing, then=none_late)
        )


def completeness_slides(maker: SlideMaker) -> None:
    data, lang = maker.data, maker.lang
    missing = data.completeness.filter(~pl.col("reported"))
    kinds = {k: t(f"charts.kind.{k}", lang) for k in builders.KIND_ORDER}
    by_unit = (
        missing.group_by("unit_code", "unit_name", "district", "peer_group")
        .agg(pl.col("kind").sort())
        .sort("district", "unit_code")
    )
    # a quarter under way: a report not sent yet is not missed, as the Data quality page says
    key = "pack.completeness.title_unfinished" if data.unfinished else "pack.completeness.title"
    title = t(key, lang, missing=by_unit.height, late=data.late_loads.height)
    rows = [
        [
            unit_name(r),
            r["district"],
            group_label(r["peer_group"], lang),
            t("text.list_sep", lang).join(kinds.get(k, k) for k in r["kind"]),
        ]
        for r in by_unit.head(MAX_LIST_ROWS).iter_rows(named=True)
    ]
    table = Table(
        [
            col("unit", lang),
            col("district", lang),
            col("group", lang),
            col("not_yet" if data.unfinished else "missing", lang),
        ],
        rows,
        widths=[3.5, 1.4, 2.0, 3.0],
        whole=[False, False, True, False],  # a peer group on one line (rectification.unit_slide)
    )
    late_rows = [
        [
            r["file_name"],
            kinds.get(r["kind"], r["kind"] or ""),
            person(r["loaded_by"]).in_lang(lang),  # the command line as 命令行, as the circular
            fmt_date(r["arrived"], lang, short=True),  # the day days_late counts from
            fmt_number(r["days_late"], 0),
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
            col("arrived", lang),
            col("days_late", lang),
        ],
        late_rows,
        widths=[4.5, 1.5, 1.5, 1.5, 1.1],
        numeric=[False, False, False, False, True],
        whole=[False, False, False, True, False],  # the day received
    )
    days = data.request.rules.deadline_days
    fold_all_clear(maker, title, (table, by_unit.height), (late, data.late_loads.height), days)
    window = completeness_window(data.quarters, data.quarter)
    matrix = matrix_units(data.completeness_history, window)
    if matrix.height:  # with nothing missing the matrix would be all green: no chart
        key = "pack.completeness.chart_title" + ("_one" if len(window) == 1 else "")
        units = matrix["unit_code"].n_unique()
        maker.add_chart(
            t(key, lang, units=units, quarters=len(window)),
            builders.render_completeness_chart(matrix, lang),
        )
