"""The pack's data: every named query the meeting pack and the circular are made from, run
under the request's scope, with the chosen districts and peer groups as the queries' list
parameters (rows outside them never leave the query runner).

Ranks, rank ranges and a group's size stay those of the whole peer group: the runner computes
them over every unit and only then keeps the rows in scope (queries/scope.py).

The rankings (with their simulated rank ranges, the pack's slowest queries) run on a thread
of their own while the other queries run, and while the slides that do not need them are
made and their charts rendered (charts.pack.make); the first use of ``rankings`` or
``top_bottom`` waits for them (a caller of ``gather`` uses one of them, or waits for
``ranked``, before closing the connection). The funnel flags only the circular needs run on
the first use of ``funnels``, on the thread that drafts it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from functools import cache

import polars as pl

from charts.coverage import Coverage
from charts.labels import fmt_date, loaded_day, quarter_label
from charts.pack.request import PackInputError, PackRequest, check_request
from etl.contracts import ALL_PEER_GROUPS
from etl.db import held_still
from etl.messages import person
from etl.publish import Publication, latest_publication, publication, publications
from etl.quarters import previous_with_data, unfinished
from i18n import t
from queries import run
from queries.composed import closed_since, revised_units, within_peer_groups
from queries.indicator_cache import bypassed
from queries.selection import Selection, bottom_beyond_noise, select_units

Progress = Callable[[float, str], None]
TOP_N = 10
MOVERS_N = 10
HISTORY_QUARTERS = 8
COMPLETENESS_QUARTERS = 4
FUNNEL_CHARTS = ("outpatient_satisfaction", "inpatient_satisfaction")
LISTS = ("districts", "peer_groups")


@dataclass
class PackData:
    """The named queries' frames the pack and the circular are made from."""

    request: PackRequest
    groups: list[str]
    quarters: list[str]
    headline: pl.DataFrame
    group_headlines: pl.DataFrame
    ranked: Future  # -> Ranked: each peer group's ranking and its ends
    flagged: Callable[[], pl.DataFrame]  # the circular's funnel flags, run on first use
    movers: pl.DataFrame
    attainment: pl.DataFrame
    attainment_history: pl.DataFrame
    # the quarter's attainment per target an indicator holds units to (query attainment_rates
    # by_target): several rows where the target differs by peer group
    attainment_targets: pl.DataFrame
    index_history: pl.DataFrame
    indicators: pl.DataFrame
    indicator_values: pl.DataFrame
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
    # the number of that latest load (python -m etl history's), for the title's "current
    # figures": two packs made the same day from other data say so
    last_load: int | None
    coverage: Coverage  # what part of the bureau the pack lists, whose its figures are
    # the quarter has not ended (etl.quarters.unfinished): its files are still coming, and
    # its ledger is counted as at today (the queries' macro ledger_day)
    unfinished: bool = False
    state: str = ""  # which data state the pack shows, in its language (state_words)
    # how many weights, targets or indicators changed from the previous quarter to this one
    # (query indicator_changes, under the reader's scope as the pages count them); 0: none
    system_changes: int = 0
    # which figures, in the files' names (pack_file_name): publication-N, current for a
    # published quarter's current figures, empty for a quarter never published
    figures: str = ""
    # a re-publication's pack: the units of its groups whose figures or ranks it revised
    # (query publication_revisions, per peer group, ranks within it, with ``peer_group``) and
    # the publication it replaces, for the circular to list; empty and None for any other pack
    revision: pl.DataFrame = field(default_factory=pl.DataFrame)
    replaces: Publication | None = None
    # the listed units whose name or district the registry corrected between the replaced
    # publication and this one (``registry_corrected``)
    registry_corrected: pl.DataFrame = field(default_factory=pl.DataFrame)
    # the units the replaced publication's circular praised and named, for the re-issued one
    # to say which left or joined its lists (``listed_by`` on its state)
    listed_before: Selection | None = None

    @property
    def lang(self) -> str:
        return self.request.lang

    @property
    def rankings(self) -> dict[str, pl.DataFrame]:
        """Per peer group, the units listed (ranked among all the group's units)."""
        return self.ranked.result().rankings

    @property
    def top_bottom(self) -> dict[str, pl.DataFrame]:
        return self.ranked.result().top_bottom

    @property
    def funnels(self) -> pl.DataFrame:
        """Every proportion indicator's funnel, per peer group (for the circular)."""
        return self.flagged()

    @property
    def quarter(self) -> str:
        return self.request.quarter


def ask(con, request: PackRequest, name: str, lists=LISTS, **params) -> pl.DataFrame:
    """The named query under the request's scope; ``lists`` names the list parameters
    (districts, peer_groups) the query gets from the request: those of the queries that list
    units, districts or peer groups; bureau-wide figures get none."""
    chosen = {"districts": request.districts, "peer_groups": request.peer_groups}
    selection = {k: list(chosen[k]) for k in lists if chosen[k]}
    return run(con, name, request.scope, **selection, **params)


def scope_group(request: PackRequest) -> str:
    """The peer_group parameter for bureau-level queries: the one chosen group, else 全部."""
    return request.peer_groups[0] if len(request.peer_groups) == 1 else ALL_PEER_GROUPS


def coverage_of(con, request: PackRequest) -> Coverage:
    """What the pack lists and whose its headline figures are; a unit's account by its unit's
    name (a code is no name for a meeting)."""
    unit = ""
    if request.scope.unit is not None:
        rows = run(con, "units", request.scope)
        unit = rows["unit_name"][0] if rows.height else request.scope.unit
    return Coverage(
        unit=unit,
        districts=request.named_districts,
        groups=request.peer_groups,
        figures_group=scope_group(request),
    )


def gather_state(con, request: PackRequest, progress: Progress | None = None) -> PackData:
    """The pack's data from the state the request names: a publication's (read from the data
    state it recorded, so a re-built pack names the same units with the same numbers), or the
    current one; ``state`` says which. The current one is the store as it is when the pack
    begins (``etl.db.held_still``): a load committed while its forty queries run (a province's
    pack takes minutes) would otherwise show on the slides made after it and not before."""
    if request.publication is None:
        con = held_still(con)
        data = gather(con, request, progress)
        data.state = t(
            "pack.state.current", request.lang, loaded=data.loaded_up_to, load=data.last_load
        )
        data.state += published_before(con, request, data)
        data.figures = "current" if latest_publication(con, request.quarter) else ""
        return data
    found = requested_publication(con, request)
    with bypassed():
        data = gather(found.view(con), request, progress)
    data.state = t(
        "pack.state.published",
        request.lang,
        date=fmt_date(found.published_at, request.lang),
        number=found.publication_id,
        by=person(found.published_by).in_lang(request.lang),
    ) + revised_since(con, request, found, data)
    data.state += revision_of(con, request, found, data)
    data.figures = f"publication-{found.publication_id}"
    return data


def requested_publication(con, request: PackRequest) -> Publication:
    """The publication the request names, which must be one of its quarter's."""
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
    return found


def late_loads(con, request: PackRequest) -> pl.DataFrame:
    """The quarter's late files that brought rows of the units listed (of the districts and
    groups chosen), by the query's rule, as the Data quality page's: a withdrawn load is never
    late (its rows are gone; a file withdrawn and loaded again is listed once)."""
    loads = ask(
        con,
        request,
        "late_loads",
        quarter=request.quarter,
        deadline_days=request.rules.deadline_days,
    )
    return loads.filter(pl.col("late"))


def state_late_loads(con, request: PackRequest) -> pl.DataFrame:
    """The late files the pack of the request's state lists (``gather_state``'s
    ``late_loads``), without the pack's other queries: a publication's, read from the state it
    recorded, or the current ones."""
    if request.publication is None:
        return late_loads(con, request)
    found = requested_publication(con, request)
    with bypassed():
        return late_loads(found.view(con), request)


def revision_of(con, request: PackRequest, found, data: PackData) -> str:
    """For a quarter published again (a correction re-issued): that this publication replaces
    the one before and how many of the pack's units it revised, so that a meeting holding both
    decks knows which stands and why they differ; ``data.revision`` gets the units whose own
    figures changed, ranked within their peer groups as the pack ranks them. Nothing for a
    quarter's first publication."""
    found_id = found.publication_id
    earlier = [p for p in publications(con, request.quarter) if p.publication_id < found_id]
    if not earlier:
        return ""
    data.revision = pack_revisions(con, request, data, "publication_revisions", number=found_id)
    data.replaces = earlier[-1]
    with bypassed():
        data.listed_before = listed_by(data.replaces.view(con), request, data)
        data.registry_corrected = registry_corrected(con, request, data.replaces, found, data)
    key = "pack.state.revision" if data.revision.height else "pack.state.revision_unchanged"
    return t(
        key,
        request.lang,
        number=data.replaces.publication_id,
        date=fmt_date(data.replaces.published_at, request.lang),
        changed=revised_units(data.revision, within_groups=True).in_lang(request.lang).strip(),
    )


def registry_corrected(
    con, request: PackRequest, earlier: Publication, later: Publication, data: PackData
) -> pl.DataFrame:
    """The pack's units whose registry row in the quarter differs between two publications:
    unit_code, unit_name and district in ``later``, unit_name_before and district_before in
    ``earlier``; status and into (the unit merged into, by name) for a unit of the pack's
    groups closed or merged since (撤销, 撤并: in the quarter of ``earlier`` only). A unit's
    name corrected after publication made a revision to publish again (the circular names
    units), whose 修订稿 said nothing had changed; a unit closed since left the ranking, and the
    修订稿 said only that it no longer met the list's rules (trial)."""
    listed = pl.concat([ranked["unit_code"] for ranked in data.rankings.values()])
    columns = ("unit_code", "unit_name", "district", "peer_group")
    before, after = (
        ask(found.view(con), request, "units", (), quarter=request.quarter).select(columns)
        for found in (earlier, later)
    )
    both = after.filter(pl.col("unit_code").is_in(listed.implode())).join(
        before, on="unit_code", suffix="_before"
    )
    changed = both.filter(
        pl.col("unit_name").ne_missing(pl.col("unit_name_before"))
        | pl.col("district").ne_missing(pl.col("district_before"))
    )
    latest = ask(con, request, "units", ()).select(
        "unit_code", "unit_name", "status", "parent_code"
    )
    names = dict(zip(latest["unit_code"], latest["unit_name"], strict=True))
    gone = (
        before.filter(pl.col("unit_code").is_in(selected_units(con, request).implode()))
        .join(after, on="unit_code", how="anti")
        .join(latest.select("unit_code", "status", "parent_code"), on="unit_code", how="left")
        .with_columns(
            unit_name_before=pl.col("unit_name"),
            district_before=pl.col("district"),
            into=pl.col("parent_code").replace_strict(names, default=pl.col("parent_code")),
        )
    )
    shown = ("unit_code", "unit_name", "district", "unit_name_before", "district_before")
    return pl.concat(
        [changed.select(shown), gone.select(*shown, "status", "into")], how="diagonal_relaxed"
    ).sort("unit_code")


def pack_revisions(con, request: PackRequest, data: PackData, name: str, **params):
    """Query ``name`` (revisions, publication_revisions) within each peer group the pack
    ranks (queries.composed.within_peer_groups), limited to the units it lists: what a pack
    counts as changed, whichever publication it compares."""

    selected = selected_units(con, request).implode()

    def listed_in(group: str) -> pl.DataFrame:
        listed = data.rankings[group]["unit_code"]
        changed = ask(con, request, name, (), quarter=request.quarter, peer_group=group, **params)
        # a unit of the pack's in the publication's figures and closed in the quarter since
        gone = closed_since() & pl.col("unit_code").is_in(selected)
        return changed.filter(pl.col("unit_code").is_in(listed.implode()) | gone)

    return within_peer_groups(listed_in, data.groups)


def selected_units(con, request: PackRequest) -> pl.Series:
    """Every unit of the pack's scope, districts and groups, by each unit's latest registry
    row: those closed since too, which its rankings no longer list."""
    return ask(con, request, "units")["unit_code"]


def revised_since(con, request: PackRequest, found, data: PackData) -> str:
    """For the quarter's latest publication: how many of the pack's units (ranked within their
    peer groups) have an index, rank or overdue findings changed since (loads or
    withdrawals after it), so that a pack that shows the published figures does not hide that
    newer ones exist; nothing when none. For an earlier publication: the one that replaced it
    (a pack made to compare would otherwise read as the figures in force)."""
    latest = latest_publication(con, request.quarter)
    if latest is None:
        return ""
    if latest.publication_id != found.publication_id:
        return t(
            "pack.state.replaced",
            request.lang,
            number=latest.publication_id,
            date=fmt_date(latest.published_at, request.lang),
        )
    changed = pack_revisions(con, request, data, "revisions")
    if changed.is_empty():
        return ""
    units = revised_units(changed, within_groups=True).in_lang(request.lang)
    return t("pack.state.revised", request.lang, changed=units)


def published_before(con, request: PackRequest, data: PackData) -> str:
    """For a pack of current figures of a published quarter: that the quarter was published
    and how many of the pack's units changed since, so that a reader holding the published
    pack is not left to find the differences (the bureau's index, the praise list…)."""
    latest = latest_publication(con, request.quarter)
    if latest is None:
        return ""
    changed = pack_revisions(con, request, data, "revisions")
    key = "pack.state.current_revised" if changed.height else "pack.state.current_unrevised"
    return t(
        key,
        request.lang,
        quarter=quarter_label(request.quarter, request.lang),
        date=fmt_date(latest.published_at, request.lang),
        number=latest.publication_id,
        changed=revised_units(changed, within_groups=True).in_lang(request.lang),
    )


@dataclass
class Ranked:
    rankings: dict[str, pl.DataFrame]
    top_bottom: dict[str, pl.DataFrame]


def rank_groups(con, request: PackRequest, groups: list[str]) -> Ranked:
    """Each group's ranking and its ends (the group's top and bottom ten, of which the scope's
    units show: the ``top_bottom`` query; its ranking is the one just run, kept by the runner
    for the data version, so the rank ranges are not simulated again)."""
    rankings, top_bottom = {}, {}
    for each in groups:
        asked = {"quarter": request.quarter, "peer_group": each}
        rankings[each] = ask(con, request, "rankings", ("districts",), **asked)
        top_bottom[each] = ask(con, request, "top_bottom", ("districts",), **asked, n=TOP_N)
    return Ranked(rankings, top_bottom)


def funnel_codes(indicators: pl.DataFrame) -> list[str]:
    """The indicators (query ``indicators``) a funnel is drawn for: proportions with a
    definition (METHOD: the funnel is of proportions)."""
    proportions = indicators.filter(pl.col("is_proportion") & pl.col("has_definition"))
    return proportions["indicator_code"].to_list()


def listed_by(con, request: PackRequest, data: PackData) -> Selection:
    """The units a circular of ``con``'s state (a publication's view) praises and names, by
    the rules the pack's circular applies (queries.selection), in the pack's groups and
    scope: a correction re-issued can take a unit off a list (its rank range widened past
    the bottom ten) while its rank stays, which its revision must say."""
    stacked = pl.concat(
        list(rank_groups(con, request, data.groups).rankings.values()), how="vertical_relaxed"
    )
    codes = funnel_codes(data.indicators)
    values = ask(con, request, "indicator_values", quarter=request.quarter)
    flags = flags_of(con, request, stacked, codes)
    return select_units(stacked, values, flags, request.rules)


def funnel_flags(con, request: PackRequest, ranked: Future, codes: list[str]) -> pl.DataFrame:
    """``flags_of`` the rankings ``ranked`` holds, once they are done."""
    stacked = pl.concat(list(ranked.result().rankings.values()), how="vertical_relaxed")
    return flags_of(con, request, stacked, codes)


def flags_of(con, request: PackRequest, stacked: pl.DataFrame, codes: list[str]) -> pl.DataFrame:
    """The funnel flags of every proportion indicator ``codes`` in the groups where the
    circular could name a unit (queries.selection): the circular needs no others."""
    funnels = []
    for each in bottom_beyond_noise(stacked, request.rules)["peer_group"].unique().to_list():
        for code in codes:
            points = ask(
                con,
                request,
                "funnel",
                quarter=request.quarter,
                indicator_code=code,
                peer_group=each,
            )
            funnels.append(points.with_columns(pl.lit(code).alias("indicator_code")))
    return pl.concat(funnels, how="vertical_relaxed") if funnels else empty_funnel()


def gather(con, request: PackRequest, progress: Progress | None = None) -> PackData:
    """Run the named queries the pack needs (about 20 + 5 per peer group), the rankings on a
    thread of their own (in this thread's context: a publication's bypass of the cache holds
    there too)."""
    note = progress or (lambda fraction, message: None)
    all_quarters = sorted(ask(con, request, "loaded_quarters", ())["quarter"].to_list())
    groups = check_request(con, request, all_quarters)
    note(0.02, t("pack.progress.queries", request.lang))
    indicators = ask(con, request, "indicators", ())
    codes = funnel_codes(indicators)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pack-rankings")
    context = contextvars.copy_context()
    ranked = pool.submit(context.run, rank_groups, con, request, groups)
    pool.shutdown(wait=False)  # its one thread ends with the rankings

    @cache
    def flagged() -> pl.DataFrame:
        return context.copy().run(funnel_flags, con, request, ranked, codes)

    try:
        data = gather_rest(con, request, all_quarters, groups, indicators, ranked, flagged)
    except BaseException:
        wait([ranked])  # the caller may close con as soon as this raises
        raise
    note(0.35, t("pack.progress.queries", request.lang))
    return data


def gather_rest(con, request, all_quarters, groups, indicators, ranked, flagged) -> PackData:
    """Every query but the rankings'."""
    q, group = request.quarter, scope_group(request)
    history = [x for x in all_quarters if x <= q][-HISTORY_QUARTERS:]
    funnel_charts, drawn = {}, funnel_codes(indicators)
    for code in FUNNEL_CHARTS:
        if code in drawn:
            points = ask(con, request, "funnel", quarter=q, indicator_code=code, peer_group=group)
            limits = ask(
                con, request, "funnel_limits", (), quarter=q, indicator_code=code, peer_group=group
            )
            funnel_charts[code] = (points, limits)
    index_history = pl.concat(
        [
            ask(con, request, "civility_index", quarter=x, peer_group=ALL_PEER_GROUPS)
            for x in history
        ],
        how="vertical_relaxed",
    )
    attainment_history = ask(con, request, "attainment_rates", (), peer_group=group)
    # only the missing reports: the whole unit × kind × quarter grid is 600,000 rows for a
    # province, where a slide lists the missing and draws a matrix of at most 40 units
    window = completeness_window(all_quarters, q)
    missing = ask(con, request, "completeness", missing_only=True).filter(
        pl.col("quarter").is_in(window)
    )
    ledger_scope = {"quarter": q, "peer_group": group}
    # the ledger's totals take one district at most; for several the title names none
    one_district = request.districts[0] if len(request.districts) == 1 else None
    totals = ask(con, request, "ledger_totals", (), **ledger_scope, district=one_district)
    closed = ask(con, request, "findings", quarter=q, status="closed", peer_group=group)
    figures_loaded = ask(con, request, "figures_loaded", (), quarter=q, peer_group=group)
    return PackData(
        request=request,
        groups=groups,
        quarters=all_quarters,
        headline=ask(con, request, "bureau_headline", (), quarter=q, peer_group=group),
        group_headlines=pl.concat(
            [
                ask(con, request, "bureau_headline", (), quarter=q, peer_group=g).with_columns(
                    pl.lit(g).alias("peer_group")
                )
                for g in groups
            ],
            how="vertical_relaxed",
        ),
        ranked=ranked,
        flagged=flagged,
        movers=ask(con, request, "movers", quarter=q, peer_group=group, n=MOVERS_N),
        attainment=attainment_history.filter(pl.col("quarter") == q),
        attainment_history=attainment_history.filter(pl.col("quarter").is_in(history)),
        attainment_targets=ask(
            con, request, "attainment_rates", (), quarter=q, peer_group=group, by_target=True
        ),
        index_history=index_history.select("quarter", "peer_group", "civility_index", "status"),
        indicators=indicators,
        indicator_values=ask(con, request, "indicator_values", quarter=q),
        funnel_charts=funnel_charts,
        overdue=ask(con, request, "findings", quarter=q, status="overdue"),
        open_findings=ask(con, request, "findings", quarter=q, status="open"),
        ledger_totals=totals if len(request.districts) <= 1 else totals.clear(),
        ledger_districts=ask(con, request, "ledger_by_district", ("districts",), **ledger_scope),
        ledger_units=ask(con, request, "ledger", **ledger_scope),
        closed_findings=closed.filter(pl.col("quarter") == q),
        completeness=missing.filter(pl.col("quarter") == q),
        completeness_history=missing,
        late_loads=late_loads(con, request),
        loaded_up_to=loaded_day(figures_loaded, request.lang),
        last_load=figures_loaded["last_load_id"][0] if figures_loaded.height else None,
        coverage=coverage_of(con, request),
        unfinished=unfinished(q),
        system_changes=system_changes(con, request, all_quarters),
    )


def system_changes(con, request: PackRequest, quarters: list[str]) -> int:
    """How many changes the indicator system had from the previous quarter to the pack's: the
    Overview's and Rankings' count (ui/system_changes.py), the same query under the reader's
    scope and no district or group chosen (a weight holds for every unit), of the indicators a
    query computes (the others move no index); 0 when the previous quarter has no data (of
    ``quarters``), as there."""
    before = previous_with_data(request.quarter, quarters)
    if before is None:
        return 0
    changes = ask(
        con,
        request,
        "indicator_changes",
        (),
        from_quarter=before,
        to_quarter=request.quarter,
        moving_only=True,
    )
    return changes.height


def completeness_window(quarters: list[str], quarter: str) -> list[str]:
    """The quarter and the ones before it that the completeness matrix shows."""
    return sorted(x for x in quarters if x <= quarter)[-COMPLETENESS_QUARTERS:]


def group_size(ranking: pl.DataFrame) -> int:
    """Units ranked in the whole peer group (the ranking may list only those in scope)."""
    ranked = ranking.filter(pl.col("rank").is_not_null())
    if ranked.is_empty():
        return 0
    return int(ranked["units_ranked"].max()) if "units_ranked" in ranked.columns else ranked.height


def empty_funnel() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "unit_code": pl.Utf8,
            "indicator_code": pl.Utf8,
            "flag": pl.Utf8,
            "lower95": pl.Float64,
        }
    )
