"""Labels and numbers as people read them: quarters, peer groups, values, ranks and dates (one
definition, used by the meeting pack, the circular, the chart builders and the pages)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from etl.contracts import ALL_PEER_GROUPS, PEER_GROUPS
from i18n import t

MISSING = "—"  # a value that is not there


# How each language writes a quarter: in full (captions, headings, documents) and short (a
# chart's axis and tooltips, where quarters sit side by side). English charts keep the code.
QUARTER_WORDS = {"zh": "{year}年第{number}季度", "en": "{year} Q{number}"}
QUARTER_SHORT_WORDS = {"zh": "{year}年{number}季度", "en": "{year}Q{number}"}


# a circular's (通报) quarter, as official documents write it: 2026年第三季度
FORMAL_QUARTER_NUMBERS = {"1": "一", "2": "二", "3": "三", "4": "四"}


def quarter_label(quarter: str, lang: str, short: bool = False, formal: bool = False) -> str:
    """2026年第3季度 / 2026 Q3; ``short`` 2026年3季度 / 2026Q3 (a chart's axis); ``formal``
    2026年第三季度, the Chinese numeral a circular writes (English as ever)."""
    year, number = quarter.split("Q")
    words = QUARTER_SHORT_WORDS if short else QUARTER_WORDS
    if formal and lang == "zh":
        number = FORMAL_QUARTER_NUMBERS[number]
    return words["zh" if lang == "zh" else "en"].format(year=year, number=number)


def quarter_label_expr(field: str, lang: str) -> str | None:
    """A Vega expression turning the quarter code in ``field`` (``datum.value`` on an axis)
    into ``quarter_label(..., short=True)``, from the same words, so a chart keeps the codes as
    its data (they sort) and shows the language's words; None where the short form is the
    code itself (English)."""
    words = QUARTER_SHORT_WORDS["zh" if lang == "zh" else "en"]
    if words == "{year}Q{number}":
        return None
    into = json.dumps(words.format(year="$1", number="$2"), ensure_ascii=False)
    return f"replace({field}, regexp('^([0-9]+)Q([0-9])$'), {into})"


def group_label(group: str | None, lang: str) -> str:
    """The stored Chinese name, or its English name with a capital (tertiary -> Tertiary); 全部
    (every group) as "all peer groups" in the language; nothing for no group."""
    if group is None:
        return ""
    if group == ALL_PEER_GROUPS:
        return t("charts.all_groups", lang)
    if lang == "zh":
        return group
    name = PEER_GROUPS.get(group, (group,))[0]
    return name[:1].upper() + name[1:]


def half_up(value: float, digits: int = 1) -> float:
    """``value`` rounded as official figures are (四舍五入: a 5 rounds away from zero), on its
    decimal value: the float's last-bit noise dropped first (to 9 decimals, as the index is
    kept), so 89.85 − 80.0 (9.849999999999994 as a float, "9.8" to a format string) is 9.9."""
    exact = Decimal(repr(round(value, 9)))
    return float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def half_up_values(values: pl.Series, digits: int, share: bool = False) -> pl.Series:
    """``half_up`` of every finite value (``share_shown`` of a ``share``'s), each distinct
    value rounded once; null, NaN and infinity as they are."""
    distinct = values.drop_nulls().unique()
    distinct = distinct.filter(distinct.is_finite())
    if distinct.is_empty():
        return values
    rounding = share_shown if share else half_up
    rounded = pl.Series([rounding(v, digits) for v in distinct.to_list()], dtype=pl.Float64)
    return values.cast(pl.Float64).replace(distinct, rounded)


# a d3 number format with fixed decimals: ".1f", "+.1f", ",.2f", ".1%", "d"
D3_DECIMALS = re.compile(r"\+?,?(?:\.(\d+))?([fd%])")


def d3_decimals(form: str) -> int:
    """How many decimals of its value a chart's number format (d3's) shows: 1 for ".1f", 3 for
    a share shown as a percentage to one decimal (".1%"), 0 for whole numbers ("d")."""
    found = D3_DECIMALS.fullmatch(form)
    if found is None:
        raise ValueError(f"not a fixed-decimals number format: {form!r}")
    digits, kind = int(found.group(1) or 0), found.group(2)
    return digits + 2 if kind == "%" else digits


def change_direction(change: float, scale: float = 1) -> tuple[str, float]:
    """A change on the previous quarter as shown (× ``scale``, half up to one decimal): its
    size, and "up", "down" or "flat". One that shows as 0.0 is no change, said as such by the
    pages, the deck and the circular alike (a province's mean index moved by −0.04 read as a
    red ↓ -0.0, and as 下降0.0)."""
    size = half_up(abs(change) * scale)
    return ("flat" if size == 0 else "up" if change > 0 else "down"), size


def fmt_number(value, digits: int = 1) -> str:
    return MISSING if value is None else f"{half_up(value, digits):,.{digits}f}"


def fmt_signed(change, digits: int = 1) -> str:
    """A change as +5.2 or −3.1 (a true minus sign), rounded once, half up (``half_up``)."""
    if change is None:
        return MISSING
    shown = half_up(change, digits)
    return f"{'+' if shown >= 0 else '−'}{abs(shown):,.{digits}f}"


def fmt_share(value) -> str:
    """A share as a percentage to one decimal, rounded once, half up: 13 of 16 is 81.3%; a
    share short of the whole never shows as the whole, nor one above none as none
    (``share_shown``)."""
    return MISSING if value is None else f"{share_shown(value, 3) * 100:.1f}%"


def share_shown(value: float, digits: int) -> float:
    """A share (0–1) rounded half up to ``digits`` decimals, kept off 0 and 1 unless it is
    one of them: 11,997 reports of 12,000 showed as 100.0% on the Overview, beside
    the Data quality page's three units missing a report."""
    shown, step = half_up(value, digits), 10.0**-digits
    if 0 < value < 1:
        return min(max(shown, step), 1 - step)
    return shown


def fmt_value(value, unit: str) -> str:
    """An indicator value as people read it: rates as percentages, counts whole. A count that
    is not whole (the median of two units' 1 and 2 sessions, 1.5) keeps its decimal: written
    whole it read as 2, a median no unit was below."""
    if value is None:
        return MISSING
    if unit == "rate":
        return fmt_share(value)
    if unit == "count" and float(value).is_integer():
        return f"{value:,.0f}"
    return fmt_number(value)


def fmt_rank_range(low, high) -> str:
    if low is None or high is None:
        return MISSING
    return str(low) if low == high else f"{low}–{high}"


RANK_UP, RANK_DOWN, RANK_SAME = "▲", "▼", "＝"  # a change of rank, in every language


def fmt_rank_move(change: int) -> str:
    """A change of rank as the pages, their spreadsheets, the deck and the circular write it:
    ▲3 moved up three places, ▼2 down two, ＝ no change (``rank_move_of``, the one rule)."""
    return pl.select(rank_move_of(pl.lit(change, dtype=pl.Int64))).item()


def rank_move_expr(field: str = "rank_change") -> pl.Expr:
    """``fmt_rank_move`` of a column of rank changes, null where there is none."""
    return rank_move_of(pl.col(field))


def rank_move_of(change: pl.Expr) -> pl.Expr:
    """Rank changes written ▲3, ▼2, ＝ (null for none), in Polars: a page's table of a
    thousand units is written at once, not one Python call per row."""
    change = change.cast(pl.Int64)
    return (
        pl.when(change > 0)
        .then(pl.lit(RANK_UP) + change.cast(pl.String))
        .when(change < 0)
        .then(pl.lit(RANK_DOWN) + (-change).cast(pl.String))
        .when(change == 0)
        .then(pl.lit(RANK_SAME))
    )


def fmt_date(value, lang: str, short: bool = False) -> str:
    """A day, or a moment to the minute, as a document in the language writes it: 2026年11月13日
    (2026年12月4日 16:19) in Chinese, ISO in English (2026-11-13, 2026-12-04 16:19); text as
    it is, — for none. Files a machine reads (names, CSV and workbook cells) keep ISO.

    ``short``: a Chinese day in a table's column, 2026.11.13 (5 em, on one line, where
    2026年11月13日 takes 8.25 em and its column broke it 2026年11 / 月13日). The year stays: a
    circular's overdue findings go back years, and 11月13日 would not say which."""
    if isinstance(value, dt.datetime):
        return f"{fmt_date(value.date(), lang, short)} {value:%H:%M}"
    if isinstance(value, dt.date):
        if lang != "zh":
            return value.isoformat()
        if short:
            return f"{value.year}.{value.month}.{value.day}"
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value or MISSING)


def unit_name(row: dict) -> str:
    return row.get("unit_name") or row.get("unit_code") or ""


def names_told_apart(rows: pl.DataFrame, among: pl.DataFrame, lang: str) -> list[str]:
    """The names of ``rows``' units as a sentence lists them, each told apart from another unit
    of ``among`` (unit_code, unit_name, district) that has the same name: by its district
    (中心卫生院（盐锅峡镇）), or by its code when they share that too. Two townships' 中心卫生院
    read as one unit twice in a title or a list, where tables show their codes."""
    names: dict[str, set[str]] = {}
    places: dict[tuple[str, str], set[str]] = {}
    for r in among.iter_rows(named=True):
        names.setdefault(r["unit_name"], set()).add(r["unit_code"])
        places.setdefault((r["unit_name"], r.get("district")), set()).add(r["unit_code"])
    told = []
    for r in rows.iter_rows(named=True):
        name, code, district = unit_name(r), r["unit_code"], r.get("district")
        if len(names.get(r["unit_name"], set()) | {code}) > 1:
            same_place = places.get((r["unit_name"], district), set()) | {code}
            alone = district is not None and same_place == {code}
            name += t("labels.told_apart", lang, what=district if alone else code)
        told.append(name)
    return told


def indicator_name(row: dict, lang: str) -> str:
    return row["name_zh"] if lang == "zh" else row["name_en"]


def ranked_set_words(movers, lang: str) -> str:
    """When fewer or more units were ranked than in the quarter compared with (query
    ``movers``), a rank change is partly theirs (units that sent nothing drop out): say so,
    with both counts; '' when the same number were ranked."""
    changed = movers.filter(movers["units_ranked"] != movers["since_units_ranked"])
    if changed.is_empty():
        return ""
    row = changed.row(0, named=True)
    return t(
        "charts.movers.ranked_set", lang, now=row["units_ranked"], before=row["since_units_ranked"]
    )


def loaded_day(figures_loaded: pl.DataFrame, lang: str) -> str:
    """The day of the latest load the figures depend on (query ``figures_loaded``), in the
    language's words: the footnote's "data loaded up to"."""
    loaded_at = figures_loaded["loaded_at"][0] if figures_loaded.height else None
    return MISSING if loaded_at is None else fmt_date(loaded_at.date(), lang)
