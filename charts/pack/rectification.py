"""The meeting pack's rectification-speed slides: days to close by district, by unit and per
finding (queries ``ledger_by_district``, ``ledger`` and ``findings``), after the overdue list.

Days to close = closing date − inspection date (docs/METHOD.md §7); the means are the queries'.
"""

from __future__ import annotations

import polars as pl

from charts.deck import LINES_PER_SLIDE, Table
from charts.labels import fmt_date, fmt_number, fmt_share, group_label, unit_name
from charts.pack.maker import SlideMaker
from charts.pack.tables import MAX_LIST_ROWS, col, shown_of
from etl.quarters import ledger_day
from i18n import t


def rectification_slides(maker: SlideMaker) -> None:
    district_slide(maker)
    unit_slide(maker)
    finding_slide(maker)


def district_slide(maker: SlideMaker) -> None:
    """Mean days to close per district, slowest first, and the scope's mean in the title."""
    data, lang = maker.data, maker.lang
    districts = data.ledger_districts.filter(pl.col("closed") > 0).sort(
        "mean_days_to_close", "district", descending=[True, False]
    )
    if data.ledger_totals.height:
        days = data.ledger_totals["mean_days_to_close"][0]
        title = t("pack.rectify.title", lang, days=fmt_number(days))
    else:
        title = t("pack.rectify.title_districts", lang)
    rows = [
        [
            r["district"],
            f"{r['closed']:,}",
            fmt_share(r["on_time_rate"]),
            fmt_number(r["mean_days_to_close"]),
        ]
        for r in districts.iter_rows(named=True)
    ]
    table = Table(
        [col("district", lang), col("closed", lang), col("on_time", lang), col("mean_days", lang)],
        rows,
        widths=[2.5, 1.4, 1.6, 1.8],
        numeric=[False, True, True, True],
    )
    if data.unfinished:  # counted as at today, as the ledger is
        as_at = t("pack.rectify.as_at_day", lang, day=fmt_date(ledger_day(data.quarter), lang))
    else:
        as_at = t("pack.rectify.as_at_end", lang)
    # a province's 14 市州 on one slide, as many rows as the slide's lines (12 a slide put
    # the last two on a slide of their own)
    subtitle = t("pack.rectify.subtitle", lang, as_at=as_at)
    maker.add_table(title, table, subtitle, rows_per_slide=LINES_PER_SLIDE)


def unit_slide(maker: SlideMaker) -> None:
    """The units slowest to close their findings (mean days to close, most first)."""
    data, lang = maker.data, maker.lang
    units = data.ledger_units.filter(pl.col("closed") > 0).sort(
        "mean_days_to_close", "unit_code", descending=[True, False]
    )
    rows = [
        [
            unit_name(r),
            r["district"],
            group_label(r["peer_group"], lang),
            f"{r['closed']:,}",
            fmt_share(r["on_time_rate"]),
            fmt_number(r["mean_days_to_close"]),
        ]
        for r in units.head(MAX_LIST_ROWS).iter_rows(named=True)
    ]
    table = Table(
        [
            col("unit", lang),
            col("district", lang),
            col("group", lang),
            col("closed", lang),
            col("on_time", lang),
            col("mean_days", lang),
        ],
        rows,
        widths=[3.4, 1.3, 1.9, 1.0, 1.3, 1.5],
        numeric=[False, False, False, True, True, True],
        # a peer group on one line: "Community health centre" wrapped in its share and each
        # row was counted as two of the slide's lines (7 rows a slide, the Chinese 12)
        whole=[False, False, True, False, False, False],
    )
    maker.add_table(
        t("pack.rectify.units_title", lang),
        table,
        shown_of(len(rows), units.height, lang, units=True),
    )


def finding_slide(maker: SlideMaker) -> None:
    """This quarter's findings that are closed, with their days to close (longest first)."""
    data, lang = maker.data, maker.lang
    closed = data.closed_findings.sort("days_to_close", "unit_code", descending=[True, False])
    rows = [
        [
            unit_name(r),
            r["item"],
            r["finding"] or "",
            fmt_date(r["inspection_date"], lang, short=True),
            fmt_date(r["rectified_on"], lang, short=True),
            fmt_number(r["days_to_close"], 0),
        ]
        for r in closed.head(MAX_LIST_ROWS).iter_rows(named=True)
    ]
    table = Table(
        [
            col("unit", lang),
            col("item", lang),
            col("finding", lang),
            col("inspected", lang),
            col("closed_on", lang),
            col("days_to_close", lang),
        ],
        rows,
        widths=[2.8, 1.6, 3.0, 1.3, 1.3, 1.1],
        numeric=[False, False, False, False, False, True],
        whole=[False, False, False, True, True, False],  # the dates (2025.8.31: not is_short)
    )
    title = t("pack.rectify.findings_title", lang, findings=closed.height)
    maker.add_table(title, table, shown_of(len(rows), closed.height, lang))
