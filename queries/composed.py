"""Queries composed in Python from the SQL ones, and the post-steps that add what SQL does
badly: rank ranges (queries/uncertainty.py) and funnel limits (queries/funnels.py)."""

from __future__ import annotations

import polars as pl

from etl.contracts import ALL_PEER_GROUPS
from etl.messages import Text, msg, outcome_label
from etl.scope import EVERYTHING
from i18n import t
from queries.catalogue import Param, Query
from queries.funnels import add_curve_limits, add_point_limits
from queries.uncertainty import add_rank_ranges

DEFAULT_DRAWS = 400  # simulations of the plausible rank ranges (pages, pack, circular)

NORMALISATIONS = ("attainment", "minmax", "zscore")
RANKING_PARAMS = (
    Param("quarter", "quarter", required=True),
    Param("peer_group", "peer_group", "全部"),
    Param("indicator_code", "indicator", "index"),
    Param("normalisation", "choice", "attainment", choices=NORMALISATIONS),
    Param("weighting", "choice", "table", choices=("table", "equal")),
    Param("max_missing", "float", 0.3),
    Param("draws", "int", DEFAULT_DRAWS),
    Param("seed", "int", 2005),
)


def top_bottom(run, con, *, n: int, scope, selection=None, **ranking) -> pl.DataFrame:
    """The group's best n and worst n ranked units, ties at the edge included: the lists a
    circular names. Cut from the whole group's ranking whatever the ``scope`` (the runner then
    keeps the rows in scope), so a district sees which of its units are on the group's lists,
    with the same edges and ties as the bureau.

    When the ranked units listed (those of the scope and of the districts, groups or units
    chosen) are no more than ``whole_list_max(n)``, every one of them instead, once, ``end``
    'whole' (``listed_whole``): the Overview and the meeting pack then show one ranking."""
    ranked = run(con, "rankings", EVERYTHING, **ranking).filter(pl.col("status") == "ranked")
    if ranked.is_empty():
        return ranked.with_columns(end=pl.lit(None, pl.String))
    whole = listed_whole(run, con, ranked, n, scope, selection or {}, ranking)
    if whole is not None:
        return whole
    # the scope and the chosen districts, groups or units are applied by the runner to the
    # result, not to the ranking the lists are cut from
    worst_rank = ranked["rank"].max()
    top = ranked.filter(pl.col("rank") <= n).with_columns(end=pl.lit("top"))
    cutoff = worst_rank_cutoff(ranked["rank"].to_list(), n, worst_rank)
    bottom = ranked.filter(pl.col("rank") >= cutoff).with_columns(end=pl.lit("bottom"))
    return pl.concat([top, bottom])


def whole_list_max(n: int) -> int:
    """The most ranked units listed whole rather than as a top n and a bottom n: 2n, as many
    as the two lists hold. A group of twenty or fewer would show most units on both lists; a
    district's eleven units (the group's ten best of them) would read 前10名 over ten rows and
    后10名 over one, where its director wants the eleven in order."""
    return 2 * n


def listed_whole(
    run, con, ranked: pl.DataFrame, n: int, scope, selection: dict, ranking: dict
) -> pl.DataFrame | None:
    """Every ranked unit listed (of the scope and the ``selection``), best first, ``end``
    'whole', when they are no more than ``whole_list_max(n)``; else None (``top_bottom``).
    Their ranks stay those among the whole group (``ranked``)."""
    chosen = {name: value for name, value in selection.items() if value is not None}
    listed = ranked
    if chosen or not scope.is_everything:
        rows = run(con, "rankings", scope, **chosen, **ranking)
        listed = rows.filter(pl.col("status") == "ranked")
    if listed.height > whole_list_max(n):
        return None
    return listed.sort("rank", "unit_code").with_columns(end=pl.lit("whole"))


def movers(run, con, *, n: int, scope, selection=None, **movement) -> pl.DataFrame:
    """The n most improved and the n most declined units of the scope (their ranks among all
    their peers): the scope's movements, cut after n in each direction, so a district's
    director sees the district's ten biggest moves, not the district's share of the bureau's.
    The districts, peer groups or units chosen (a pack's ``--district``) select the movements
    before the cut in the same way."""
    chosen = {name: value for name, value in (selection or {}).items() if value is not None}
    moved = run(con, "movements", scope, **chosen, **movement)
    return moved.filter(pl.int_range(pl.len()).over("movement") < n)


def worst_rank_cutoff(ranks: list[int], n: int, worst_rank: int) -> int:
    """The rank at which the bottom n starts: the n-th worst unit's rank (ties included)."""
    ordered = sorted(ranks, reverse=True)
    return ordered[min(n, len(ordered)) - 1] if n > 0 else worst_rank + 1


def rank_sensitivity(
    run, con, *, quarter: str, peer_group: str, max_missing: float, scope, selection=None
) -> pl.DataFrame:
    """Rank under each normalisation and under equal weights, and the largest shift."""
    del selection  # applied by the runner to the result (a unit's ranks are its peers')
    common = {"quarter": quarter, "peer_group": peer_group, "max_missing": max_missing, "draws": 0}
    variants = {
        "rank_attainment": {"normalisation": "attainment"},
        "rank_minmax": {"normalisation": "minmax"},
        "rank_zscore": {"normalisation": "zscore"},
        "rank_equal_weights": {"normalisation": "attainment", "weighting": "equal"},
    }
    base = None
    for column, options in variants.items():
        frame = run(con, "rankings", scope, **common, **options).select(
            "unit_code", pl.col("rank").alias(column), *(["status"] if base is None else [])
        )
        base = frame if base is None else base.join(frame, on="unit_code", how="left")
    units = run(con, "units", peer_group=peer_group, quarter=quarter)  # as they were then
    rank_columns = list(variants)
    result = units.select("unit_code", "unit_name", "district", "peer_group").join(
        base, on="unit_code", how="inner"
    )
    return (
        result.with_columns(
            rank_best=pl.min_horizontal(rank_columns),
            rank_worst=pl.max_horizontal(rank_columns),
        )
        .with_columns(largest_shift=pl.col("rank_worst") - pl.col("rank_best"))
        .select(
            "unit_code",
            "unit_name",
            "district",
            "peer_group",
            *rank_columns,
            "rank_best",
            "rank_worst",
            "largest_shift",
            "status",
        )
        .sort(["rank_attainment", "unit_code"], nulls_last=True)
    )


REVISION_COLUMNS = {
    "unit_code": pl.String,
    "unit_name": pl.String,
    "published_value": pl.Float64,
    "current_value": pl.Float64,
    "value_change": pl.Float64,
    "published_rank": pl.Int64,
    "current_rank": pl.Int64,
    "rank_change": pl.Int64,
    "published_status": pl.String,
    "current_status": pl.String,
    "published_overdue": pl.Int64,
    "current_overdue": pl.Int64,
    # the last quarter's index each counts the unit's change from: a correction of last
    # quarter's data changes the unit's change on it, its own figures this quarter unchanged
    "published_previous": pl.Float64,
    "current_previous": pl.Float64,
    "load_ids": pl.List(pl.Int64),
    "loads": pl.String,
    # its own index, status, overdue findings and last quarter's index unchanged: moved only
    "moved_only": pl.Boolean,
    # the peer group the unit is in now in that quarter, when it has left the one asked for
    # (regrouped since publication: no current figures there, which alone would read as gone)
    "current_group": pl.String,
    # the peer group the unit was in as published, when it has joined the one asked for since
    # (regrouped: no published figures there, which alone would read as a unit new since)
    "published_group": pl.String,
}


def revisions(run, con, *, quarter: str, peer_group: str, scope, selection=None) -> pl.DataFrame:
    """Units whose index, rank, status or number of overdue findings (the ledger's, which the
    circular lists) for a published quarter differ today from the latest publication (the
    largest change of index first, a unit new or gone, or entering or leaving the ranking,
    counting as largest; units only moved in rank by the others, or whose overdue findings
    alone changed, last): by how much, and the
    loads since publication that brought or took away rows of theirs (new loads, loads
    withdrawn since, and any indicator-system load). An earlier quarter's inspections loaded
    since can add overdue findings to units the quarter's index does not score on them. Empty
    when the quarter was never published."""
    from etl.publish import latest_publication

    del selection  # applied by the runner to the result
    published = latest_publication(con, quarter)
    if published is None:
        return pl.DataFrame(schema=REVISION_COLUMNS)
    return changed_between(run, con, quarter, peer_group, scope, published, None)


def publication_revisions(
    run, con, *, quarter: str, peer_group: str, number: int | None, scope, selection=None
) -> pl.DataFrame:
    """What publication ``number`` of a quarter (None: its latest) revised: the units whose
    index, rank, status or overdue findings differ from the quarter's publication before it,
    as ``revisions`` lists them (``published_*`` the earlier publication's, ``current_*`` this
    one's), with the loads between the two. Empty for a quarter's first publication, so that
    a re-issued circular can say what it corrects, and a first one says nothing of the kind."""
    from etl.publish import publications

    del selection  # applied by the runner to the result
    found = publications(con, quarter)
    later = next((p for p in reversed(found) if number in (None, p.publication_id)), None)
    if later is None or found.index(later) == 0:
        return pl.DataFrame(schema=REVISION_COLUMNS)
    earlier = found[found.index(later) - 1]
    return changed_between(run, con, quarter, peer_group, scope, earlier, later)


def changed_between(run, con, quarter: str, peer_group: str, scope, earlier, later):
    """The units whose figures differ between publication ``earlier`` and ``later`` (None:
    the store now), and the loads between them that changed them (``revisions``)."""
    ranking = {"quarter": quarter, "peer_group": peer_group, "draws": 0}
    kept = ["unit_code", "unit_name", "value", "rank", "status", "previous_value", "previous_rank"]
    ledger = {"quarter": quarter, "peer_group": peer_group}
    as_published = {"publication": earlier.publication_id}
    now_state = {} if later is None else {"publication": later.publication_id}
    # both sides over every unit, then the reader's units now: a unit moved into the scope
    # since is compared with its own published figures (under the registry as published it
    # was another district's, and read as a unit with none)
    then, now = (
        run(con, "rankings", EVERYTHING, **ranking, **state)
        .select(kept)
        .join(
            run(con, "ledger", EVERYTHING, **ledger, **state).select("unit_code", "overdue_open"),
            on="unit_code",
            how="full",
            coalesce=True,
        )
        for state in (as_published, now_state)
    )
    both = then.join(now, on="unit_code", how="full", coalesce=True, suffix="_now")
    readers = run(con, "units", scope).get_column("unit_code")
    groups_now, groups_then = (
        run(con, "units", EVERYTHING, quarter=quarter, **state).select(
            "unit_code", pl.col("peer_group").alias(name)
        )
        for name, state in (("group_now", now_state), ("group_then", as_published))
    )
    changed = both.filter(own_figures_differ() | ranks_differ()).filter(
        pl.col("unit_code").is_in(readers.implode())
    )
    causes = revision_causes(run, con, earlier, quarter, later)
    return (
        changed.select(
            "unit_code",
            pl.coalesce("unit_name_now", "unit_name").alias("unit_name"),
            pl.col("value").alias("published_value"),
            pl.col("value_now").alias("current_value"),
            # the index has two decimals: so has its change (no 3.8100000000000023); only
            # between two ranked indices: one over too little of the weight (a unit that had
            # sent only its survey when published, then its late inspections) is no figure to
            # compare, and its 'change' read as a ranked unit's rise or fall
            pl.when((pl.col("status") == "ranked") & (pl.col("status_now") == "ranked"))
            .then((pl.col("value_now") - pl.col("value")).round(2))
            .alias("value_change"),
            pl.col("rank").cast(pl.Int64).alias("published_rank"),
            pl.col("rank_now").cast(pl.Int64).alias("current_rank"),
            # as in every ranking: places gained (published rank − current rank)
            (pl.col("rank").cast(pl.Int64) - pl.col("rank_now").cast(pl.Int64)).alias(
                "rank_change"
            ),
            pl.col("status").alias("published_status"),
            pl.col("status_now").alias("current_status"),
            pl.col("overdue_open").cast(pl.Int64).alias("published_overdue"),
            pl.col("overdue_open_now").cast(pl.Int64).alias("current_overdue"),
            pl.col("previous_value").alias("published_previous"),
            pl.col("previous_value_now").alias("current_previous"),
            (~own_figures_differ()).alias("moved_only"),
        )
        .join(groups_now, on="unit_code", how="left")
        .join(groups_then, on="unit_code", how="left")
        .with_columns(
            pl.when(pl.lit(peer_group != ALL_PEER_GROUPS) & (pl.col(group) != peer_group))
            .then(pl.col(group))
            .alias(name)
            for name, group in (("current_group", "group_now"), ("published_group", "group_then"))
        )
        .join(moved_by_others(causes, changed), on="unit_code", how="left")
        .pipe(in_other_groups, run, con, quarter, as_published, now_state)
        .pipe(largest_change_first)
        .select(list(REVISION_COLUMNS))
    )


def in_other_groups(changed: pl.DataFrame, run, con, quarter: str, then: dict, now: dict):
    """A unit regrouped between the two states has, in the group asked for, figures on one
    side only; the other side's (index, rank, overdue findings, last quarter's index) are those
    of the group it was in then (``published_group``) or is in now (``current_group``), which
    the columns name: a re-issued circular gave a regrouped unit's index and rank before as
    "—", as if it had had none, where it had ranked 5th of 5 in 三级医院 (trial, session 60).
    Its status stays empty there, and no change of index or rank is counted across groups."""
    for side, group, state in (
        ("published", "published_group", then),
        ("current", "current_group", now),
    ):
        groups = changed[group].drop_nulls().unique().sort().to_list()
        if not groups:
            continue
        figures = pl.concat(
            [
                run(con, "rankings", EVERYTHING, quarter=quarter, peer_group=g, draws=0, **state)
                .select("unit_code", "value", "rank", "previous_value")
                .join(
                    run(con, "ledger", EVERYTHING, quarter=quarter, peer_group=g, **state).select(
                        "unit_code", "overdue_open"
                    ),
                    on="unit_code",
                    how="left",
                )
                .with_columns(pl.lit(g).alias(group))
                for g in groups
            ]
        )
        changed = (
            changed.join(figures, on=["unit_code", group], how="left")
            .with_columns(
                pl.coalesce(f"{side}_value", "value").alias(f"{side}_value"),
                pl.coalesce(f"{side}_rank", pl.col("rank").cast(pl.Int64)).alias(f"{side}_rank"),
                pl.coalesce(f"{side}_overdue", pl.col("overdue_open").cast(pl.Int64)).alias(
                    f"{side}_overdue"
                ),
                pl.coalesce(f"{side}_previous", "previous_value").alias(f"{side}_previous"),
            )
            .drop("value", "rank", "overdue_open", "previous_value")
        )
    return changed


def largest_change_first(changed: pl.DataFrame) -> pl.DataFrame:
    """Revisions in the order they are read: the units whose own figures changed first, by
    how much (a unit new, gone, or entering or leaving the ranking, with no change to give,
    counting as largest); those only moved by them after."""
    return changed.sort(
        pl.col("value_change").abs().fill_null(float("inf")),
        "unit_code",
        descending=[True, False],
    )


def within_peer_groups(ask, groups) -> pl.DataFrame:
    """The revisions (``ask(group)``: query revisions or publication_revisions for that peer
    group) of each group in ``groups``, ranks within it, with ``peer_group``: what a meeting
    pack, which ranks within the groups, counts as changed, and the Meeting-pack page with it.
    Asked for 全部 they would also count the units moved only in the rank among every unit,
    which no slide shows (one unit's correction: 17 units there, 8 within their groups).
    Whatever the groups' order, the largest change comes first, as in each group's."""
    frames = [ask(group).with_columns(peer_group=pl.lit(group)) for group in groups]
    if not frames:  # a reader with no unit in any group
        return pl.DataFrame(schema={**REVISION_COLUMNS, "peer_group": pl.String})
    return largest_change_first(pl.concat(frames, how="vertical"))


def moved_by_others(causes: pl.DataFrame, changed: pl.DataFrame) -> pl.DataFrame:
    """The causes of every changed unit: the loads that touched its rows when its own figures
    changed; else (only its rank moved, or it has no load of its own) the loads of the units
    whose figures changed. A load that touched a unit's rows without changing its figures
    (the same survey sent again) moved nobody, and is named for nobody."""
    own_figures = changed.filter(own_figures_differ())["unit_code"]
    own = causes.filter(pl.col("unit_code").is_in(own_figures.implode()))
    every = own.explode("load_ids", "labels").unique("load_ids").sort("load_ids")
    others = changed.select("unit_code").join(own, on="unit_code", how="anti")
    moved = others.with_columns(
        load_ids=pl.lit(every["load_ids"].to_list(), dtype=pl.List(pl.Int64)),
        labels=pl.lit(every["labels"].to_list(), dtype=pl.List(pl.String)),
    )
    return pl.concat([own, moved]).select(
        "unit_code", "load_ids", pl.col("labels").list.join("; ").alias("loads")
    )


def own_figures_differ() -> pl.Expr:
    """A unit's own figures (index, status, overdue findings, and the last quarter's index its
    change is counted from) differ between the publication and now; a unit whose rank alone
    moved, or its last quarter's rank, was moved by the others'."""
    return (
        differ("value", "value_now")
        | differ("status", "status_now")
        | differ("overdue_open", "overdue_open_now")
        | differ("previous_value", "previous_value_now")
    )


def closed_since() -> pl.Expr:
    """Rows of ``publication_revisions`` (or ``revisions``) of a unit in the publication's
    figures and in none now: closed or merged in the quarter since. The pack counts it among
    its changed units and its circular says it left (charts/pack/data.py, charts/circular.py)."""
    return pl.col("published_status").is_not_null() & pl.col("current_status").is_null()


def ranks_differ() -> pl.Expr:
    """A unit's rank, or its last quarter's rank its rank change is counted from, differs."""
    return differ("rank", "rank_now") | differ("previous_rank", "previous_rank_now")


def revised_units(changed: pl.DataFrame, within_groups: bool = False) -> Text:
    """How many units the revisions (query revisions) hold, in words for the pages, the pack
    and the command line: those whose own figures changed told apart from those only moved in
    rank by them, when there are both. ``within_groups``: the revisions are each peer group's
    (``within_peer_groups``), whose ranks the words say are within the group: a pack's count
    (1) read as a count of the same changes as the command line's for every unit (3, two of
    them moved only in the rank among every unit)."""
    moved = int(changed["moved_only"].sum())
    own = changed.height - moved
    suffix = "_in_groups" if within_groups else ""
    if moved and own:
        key = f"revisions.units_some_moved{suffix}"
        return msg(key, units=changed.height, own=own, moved=moved)
    return msg(f"revisions.units{suffix}", units=changed.height)


def loads_in(changed: pl.DataFrame, log: pl.DataFrame, lang: str) -> pl.Series:
    """The ``loads`` of revisions (query revisions, publication_revisions) as a reader reads
    them, each load's outcome in ``lang``: "291 更正.csv（已撤回）" (``log``: the ``loads``
    query's rows, as the reader may see them; a load the reader may not see, by its number
    alone). The query's own column says the outcome as its code; the pages and the command
    line say it with this."""
    loads = {row[0]: row[1:] for row in log.select("load_id", "file_name", "outcome").rows()}

    def said(load_id: int) -> str:
        if load_id not in loads:
            return str(load_id)
        file_name, outcome = loads[load_id]
        shown = outcome_label(outcome, lang)
        return t("published.load", lang, load_id=load_id, file=file_name, outcome=shown)

    words = ["; ".join(said(i) for i in ids) for ids in changed["load_ids"].to_list()]
    return pl.Series("loads", words, dtype=pl.String)


def differ(left: str, right: str) -> pl.Expr:
    """Values differ, a missing value on one side only counting as a difference (index values
    are compared to 1e-9: the same data gives the same floats, but say so explicitly)."""
    a, b = pl.col(left), pl.col(right)
    if left in ("value", "previous_value"):
        return (a.is_null() != b.is_null()) | ((a - b).abs() > 1e-9).fill_null(False)
    return (a.is_null() != b.is_null()) | (a != b).fill_null(False)


def revision_causes(run, con, published, quarter: str, later=None) -> pl.DataFrame:
    """unit_code -> the loads since publication (up to publication ``later``, when given)
    that touched its rows of the quarter, in load order: also those whose rows a later load
    replaced since, but none that restated exactly the rows it replaced."""
    loads = run(con, "loads")
    upto = pl.lit(True) if later is None else pl.col("load_id") <= later.last_load_id
    taken_back = pl.col("withdrawn_at") > published.published_at
    if later is not None:
        taken_back &= pl.col("withdrawn_at") <= later.published_at
    since = loads.filter(((pl.col("load_id") > published.last_load_id) & upto) | taken_back)
    withdrawn = since.filter(taken_back)["load_id"]
    now_state = {} if later is None else {"publication": later.publication_id}
    # archived: also the loads whose rows a later one replaced since (a correction, then the
    # same rows sent again): the first is the load that changed the figure, not the last
    added = run(
        con,
        "unit_loads",
        quarter=quarter,
        after_load_id=published.last_load_id,
        archived=True,
        **now_state,
    )
    as_published = {"publication": published.publication_id}
    # a load withdrawn since took its rows away, also those a correction had replaced when
    # the quarter was published (withdrawn first, it restored them)
    taken = run(con, "unit_loads", quarter=quarter, archived=True, **as_published)
    pairs = pl.concat([added, taken.filter(pl.col("load_id").is_in(withdrawn.implode()))])
    system = since.filter(pl.col("kind") == "indicators")["load_id"]
    if not system.is_empty():  # only one whose rows are in force in the quarter, now or then
        in_force = pl.concat(
            [
                run(con, "system_loads", quarter=quarter, **now_state)["load_id"],
                run(con, "system_loads", quarter=quarter, **as_published)["load_id"],
            ]
        )
        system = system.filter(system.is_in(in_force.implode()))
    if not system.is_empty():  # an indicator-system load rescores every unit
        everyone = run(con, "units").select("unit_code")
        pairs = pl.concat([pairs, everyone.join(system.to_frame(), how="cross")])
    # a load that restated exactly the rows it replaced changed no figure: it is no cause
    names = since.filter(~pl.col("restated")).select(
        "load_id",
        pl.format("{} {} ({})", "load_id", "file_name", "outcome").alias("label"),
    )
    return (
        pairs.unique()
        .join(names, on="load_id", how="inner")
        .sort("unit_code", "load_id")
        .group_by("unit_code", maintain_order=True)
        .agg(pl.col("load_id").alias("load_ids"), pl.col("label").alias("labels"))
    )


COMPOSED = [
    Query(
        "top_bottom",
        "The top N and bottom N of a ranking (ties at the edge included), with rank ranges; "
        "the units listed, once, when 2N or fewer.",
        (*RANKING_PARAMS, Param("n", "int", 10)),
        composed=top_bottom,
        purpose_zh="排名的前 N 名和后 N 名（含边界处并列者），及名次区间；单位数不超过 2N 时，"
        "每个单位只列一次。",
    ),
    Query(
        "movers",
        "The n most improved and n most declined units between a quarter and an earlier one "
        "(default: the previous), of the units in scope.",
        (
            Param("quarter", "quarter", required=True),
            Param("peer_group", "peer_group", "全部"),
            Param("indicator_code", "indicator", "index"),
            Param("normalisation", "choice", "attainment", choices=NORMALISATIONS),
            Param("since", "quarter", None),
            Param("n", "int", 10),
        ),
        composed=movers,
        purpose_zh="某季度与较早季度（默认：上一季度）之间进步最大和退步最大的各 n 个单位"
        "（限数据范围内的单位）。",
    ),
    Query(
        "rank_sensitivity",
        "Each unit's rank under every normalisation and under equal weights; the largest shift.",
        (
            Param("quarter", "quarter", required=True),
            Param("peer_group", "peer_group", "全部"),
            Param("max_missing", "float", 0.3),
        ),
        composed=rank_sensitivity,
        purpose_zh="每个单位在各种标准化方法和等权重下的名次，及其最大变动。",
    ),
    Query(
        "revisions",
        "Units whose index, rank, status or overdue findings of a published quarter changed "
        "since its latest publication, by how much, and the loads that changed them.",
        (Param("quarter", "quarter", required=True), Param("peer_group", "peer_group", "全部")),
        composed=revisions,
        purpose_zh="已发布季度自最近一次发布以来指数、名次、状态或逾期问题有变化的单位，"
        "变化多少，及引起变化的上传。",
    ),
    Query(
        "publication_revisions",
        "Units whose index, rank, status or overdue findings a re-publication of a quarter "
        "revised (differ from the quarter's publication before it), by how much, and the "
        "loads between the two publications that changed them.",
        (
            Param("quarter", "quarter", required=True),
            Param("peer_group", "peer_group", "全部"),
            Param("number", "int"),
        ),
        composed=publication_revisions,
        purpose_zh="某季度重新发布时修订了指数、名次、状态或逾期问题的单位（与该季度上一次发布"
        "不同），变化多少，及两次发布之间引起变化的上传。",
    ),
]


def one_unit(_cursor, rows: pl.DataFrame, values: dict) -> pl.DataFrame:
    """The rows of the unit asked for, of a query whose SQL answers for every unit so that its
    rows are computed once for all of them (queries/rank_history.sql)."""
    return rows.filter(pl.col("unit_code") == values["unit_code"]).drop("unit_code")


POSTPROCESS = {
    "rankings": add_rank_ranges,
    "rank_history": one_unit,
    "funnel": add_point_limits,
    "funnel_limits": add_curve_limits,
}
SQL_EXTRAS = {"funnel": {"indicator": "proportion"}, "funnel_limits": {"indicator": "proportion"}}
