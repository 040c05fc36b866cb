"""The words and tables the slides share: column names, rank changes, the ranking table, the
"only the first 48" note, and the frame of the completeness matrix."""

from __future__ import annotations

import polars as pl

from charts.deck import Table
from charts.labels import (
    MISSING,
    change_direction,
    fmt_number,
    fmt_rank_move,
    fmt_rank_range,
    group_label,
    names_told_apart,
    unit_name,
)
from i18n import t

MAX_LIST_ROWS = 48  # long lists stop after four slides; the subtitle says how many there are
MAX_MATRIX_UNITS = 40  # units shown in the completeness matrix (those missing the most)
KIND_ORDER = ("inspections", "surveys", "activities")  # as query completeness orders them


def col(key: str, lang: str) -> str:
    return t(f"pack.col.{key}", lang)


def fmt_rank_change(
    change, previous_rank, lang: str, previous_value=None, previous_group=None
) -> str:
    """Places gained or lost; 新 for a unit without an index last quarter; 上季度未排名 for one
    that had an index but too little of the weight to be ranked (``previous_value``: a unit
    of the registry all along was called new, as one that joined this quarter); the group it
    came from for a unit regrouped since (``previous_group``: no previous rank in this group,
    and a hospital upgraded from a township centre was called new); nothing (—) where it was
    ranked but the change is held back, in a quarter under way (query rankings): calling
    every unit new said last quarter had none."""
    if change is not None:
        return fmt_rank_move(change)
    if previous_rank is not None:
        return MISSING
    if previous_group is not None:
        return t("pack.moved_from", lang, group=group_label(previous_group, lang))
    return t("pack.new" if previous_value is None else "pack.unranked_before", lang)


def change_words(delta, lang: str, points: bool = False, previous=None) -> str:
    """A figure's change on last quarter; that last quarter had no such figure; or, when it
    had one (``previous``) and the change is held back (a quarter under way: query
    bureau_headline), that the quarter is not compared yet."""
    if delta is None:
        key = "no_previous" if previous is None else "not_compared_yet"
        return t(f"pack.headline.{key}", lang)
    direction, size = change_direction(delta, 100 if points else 1)
    shown = f"{size:.1f}"
    if points:
        shown = t("pack.headline.points", lang, delta=shown)
    return t(f"pack.headline.{direction}", lang, delta=shown)


def change_of(value, delta, lang: str, points: bool = False, previous=None) -> str:
    """A figure's change on last quarter (``change_words``), or, when this quarter has no such
    figure yet (a quarter under way, no unit ranked), that it has none: the change is missing
    for want of this quarter's figure, not the last's."""
    if value is None:
        return t("pack.headline.none_yet", lang)
    return change_words(delta, lang, points, previous)


def index_change_of(headline: dict, lang: str) -> str:
    """The change of a group's (or the bureau's) index on last quarter (``change_of``), saying
    when the units ranked are not the same (query bureau_headline's ``units_ranked_both``):
    "三级医院 上升 0.6" read as the hospitals' rise where the four ranked in both quarters fell
    and a fifth, regrouped into them, brought the rise."""
    said = change_of(
        headline["bureau_index"],
        headline["index_change"],
        lang,
        previous=headline["previous_bureau_index"],
    )
    both = headline.get("units_ranked_both")
    if headline["index_change"] is None or both is None:
        return said
    if both < headline["units_ranked"] or both < headline["previous_units_ranked"]:
        said += t(
            "pack.ranked_units_changed",
            lang,
            before=headline["previous_units_ranked"],
            both=both,
        )
    return said


def ranking_table(rows: pl.DataFrame, lang: str) -> Table:
    body = [
        [
            str(r["rank"]) if r["rank"] is not None else MISSING,
            unit_name(r),
            r["district"],
            fmt_number(r["value"], 2),
            fmt_rank_range(r["rank_low"], r["rank_high"]),
            fmt_rank_change(
                r["rank_change"],
                r["previous_rank"],
                lang,
                r["previous_value"],
                r.get("previous_group"),
            ),
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


def leader_words(
    ranked: pl.DataFrame, lang: str, among: pl.DataFrame | None = None, part: bool = False
) -> str:
    """Who leads: the unit ranked first, or how many share first place. A list that is a
    scope's part of the group (``part``, or one that holds no unit ranked first) names its
    best unit with its rank in the group (a district pack's title said "：—"): a district's
    unit ranked first may share the place with another district's, whom its list leaves out
    ("中医医院居首" hid a tie); a dash for an empty list. The leader is told apart from a unit
    of ``among`` (the units listed, by default) with its name; the only unit ranked in its
    group is said to be so, not to lead it."""
    if ranked.is_empty():
        return MISSING
    best = ranked["rank"].min()
    first = ranked.filter(pl.col("rank") == best)
    if first.height > 1:
        if best != 1 or part:
            return t("pack.tied_best_here", lang, n=first.height, rank=best)
        return t("pack.tied_first", lang, n=first.height)
    listed = ranked if among is None else among
    [name] = names_told_apart(first, listed, lang)
    if (best != 1 or part) and ranked.height == 1:  # "the best here" of a list of one
        return t("pack.only_here", lang, unit=name, rank=best)
    if best != 1 or part:
        return t("pack.leads_here", lang, unit=name, rank=best)
    if listed.height == 1:  # a group of one: no one it leads
        return t("pack.ranked_alone", lang, unit=name)
    return t("pack.leads", lang, unit=name)


def joined(*parts: str, lang: str) -> str:
    """A caption's parts on one line, as clauses: in Chinese each but the last ended by "；"
    unless it ends a sentence already; in English as sentences, each ended by a full stop.
    Both ran two sentences together ("…of the ranking slides　79 units ranked…", and in
    Chinese "…类别内名次　本季度参加排名 79 家")."""
    kept = [part for part in parts if part]
    if len(kept) < 2:
        return "".join(kept)
    if lang == "zh":
        ended = [p if p.endswith(("。", "！", "？", "；")) else f"{p}；" for p in kept[:-1]]
        return "".join([*ended, kept[-1]])
    return " ".join(part if part.endswith((".", "!", "?")) else f"{part}." for part in kept)


def shown_of(shown: int, total: int, lang: str, page: str = "ledger", units: bool = False) -> str:
    """'Only the first 48 of 195 rows; the full list is on the … page' (or nothing); of a
    list of ``units``, counted as units (家, not 条)."""
    if shown >= total:
        return ""
    where = t(f"frame.menu.{page}", lang)
    key = "pack.shown_of_units" if units else "pack.shown_of"
    return t(key, lang, shown=shown, total=total, page=where)


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
