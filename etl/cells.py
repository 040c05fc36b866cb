"""A file's text cells as typed values: numbers, dates, quarters and allowed values as units
write them (``1,234``, ``95%``, ``2025年7月5日``, ``2025年第三季度``, ``門診``), null where a cell
cannot be read (the rules in ``etl/rules.py`` then say why).

Small files are parsed in one select; large ones parse each distinct value once and map it
back, skip NFKC on ASCII columns and take a column of plain numbers as its own text
(``typed_frame``); both paths give the very same frame (tests/etl/test_validate.py).
``bench/bench_load.py`` measures a million-row load against DuckDB's bare ``read_csv``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import PurePath

import polars as pl
from rapidfuzz.distance import OSA

from etl.chinese import simplified, simplified_expr, traditional_spellings
from etl.contracts import Column, Contract
from etl.headers import header_key
from etl.quarters import quarter_of_date_expr

# typed by hand, also without the 日 (2025年7月5) or with it after a dotted date (2025.7.5日)
DATE_FORMATS = (
    *(f"%Y{between}%m{between}%d{end}" for between in "-/." for end in ("", "日")),
    *(f"%Y年%m月%d{end}" for end in ("日", "号", "")),
    "%Y%m%d",
)
NUMBER_PATTERN = r"^[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d*)?([eE][+-]?\d+)?%?$"
DISTINCT_FROM_ROWS = 20_000
# a time of day after a date, as Excel and WPS write a date-time cell as text: 2025-07-05
# 09:30:00, and on a Chinese system with 上午/下午 (AM/PM) before or after the time (2025/7/5
# 上午 09:30:00, 2025/7/5 3:05 下午) or in 时 and 分 (下午3时05分); a 12-hour time's hour is 0–12
CLOCK = r"(([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?|([01]?\d|2[0-3])时[0-5]?\d分([0-5]?\d秒)?)"
CLOCK_12 = r"((0?\d|1[0-2]):[0-5]\d(:[0-5]\d(\.\d+)?)?|(0?\d|1[0-2])时[0-5]?\d分([0-5]?\d秒)?)"
HALF_DAY = r"(上午|下午|[AaPp][Mm])"
TIME_OF_DAY = rf"([ T]{CLOCK}|\s*{HALF_DAY}\s*{CLOCK_12}|\s{CLOCK_12}\s*{HALF_DAY})$"
# the day of the week after a date, as a Chinese Excel's aaaa and aaa formats write it
# (2025年10月16日 星期四, 2025/10/16 四) or as typed (2025-10-16（周四）): read only when it is
# the date's own day (``weekday_disagrees`` names the ones that are not)
WEEKDAY = (
    r"\s*(?:[(]\s*(?:(?:星期|周|礼拜)\s*)?|(?:星期|周|礼拜)\s*|\s)([一二三四五六日天])\s*[)]?$"
)
WEEKDAY_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}


def text_expr(name: str, normalise: bool = True) -> pl.Expr:
    """Cell text with full-width characters made half-width and padding removed; '' → null.

    NFKC is the identity on ASCII, so pure-ASCII columns skip it (``normalise=False``), and so
    do free-text columns, which keep what the user wrote (``Column.free_text``).
    """
    text = pl.col(name).str.normalize("NFKC") if normalise else pl.col(name)
    return text.str.strip_chars().replace("", None)


SPACED_THOUSANDS = r"^[+-]?\d{1,3}( \d{3})+(\.\d*)?$"  # 1 234 567.5, as some locales group


def number_expr(name: str, percent: str | None) -> pl.Expr:
    """A number from text such as ``1,234``, ``1 234``, ``95%``, ``95 %`` or ``-0.5``; null
    when unreadable. A space elsewhere inside a number (``1 2``) is no thousands separator and
    the cell is not read: nobody can tell whether 12 or two numbers were meant."""
    cell = pl.col(name).str.replace(r"\s+%$", "%")
    text = pl.when(cell.str.contains(SPACED_THOUSANDS)).then(cell.str.replace_all(" ", ""))
    text = text.otherwise(cell)
    looks_numeric = text.str.contains(NUMBER_PATTERN) & text.str.contains(r"\d")
    value = text.str.replace_all(r"[,%]", "").cast(pl.Float64, strict=False)
    is_percent = text.str.ends_with("%")
    if percent == "fraction":
        # 15 significant digits, as many as the cell can hold: 95% is 0.95, not the
        # 0.9500000000000001 that dividing by 100 in binary gives
        value = pl.when(is_percent).then((value / 100).round_sig_figs(15)).otherwise(value)
    elif percent is None:
        value = pl.when(is_percent).then(None).otherwise(value)
    return pl.when(looks_numeric).then(value).otherwise(None)


def date_expr(name: str) -> pl.Expr:
    """A date from 2025-07-05, 2025/7/5, 2025.07.05, 2025年7月5日 (also 5号, 2025年7月5 and
    2025.7.5日, and spaced out as 2025 年 7 月 5 日) or 20250705; a time of day after the date
    (Excel date cells read as ``2025-07-05 00:00:00``, ``TIME_OF_DAY``) is ignored, and so is
    the day of the week after it when it is the date's own (``WEEKDAY``); a date with another
    day of the week is null."""
    day, written = date_and_weekday(name)
    return pl.when(written.is_null() | (written == day.dt.weekday())).then(day)


def date_and_weekday(name: str) -> tuple[pl.Expr, pl.Expr]:
    """The date a cell writes and the day of the week written after it (1 for 一 … 7 for 日,
    null when none is). A cell that reads as a date whole (2025 年 7 月 5 日 ends in a space
    and 日) has no day of the week."""
    text = pl.col(name).str.replace(TIME_OF_DAY, "")
    whole = parsed_date(text)
    written = text.str.extract(WEEKDAY, 1).replace_strict(WEEKDAY_NUMBERS, default=None)
    written = pl.when(whole.is_null()).then(written).cast(pl.Int8)
    day = pl.coalesce([whole, parsed_date(text.str.replace(WEEKDAY, ""))])
    return day, written


def parsed_date(text: pl.Expr) -> pl.Expr:
    text = text.str.replace_all(r"\s", "")
    return pl.coalesce([text.str.to_date(f, strict=False, exact=True) for f in DATE_FORMATS])


def weekday_disagrees(name: str) -> pl.Expr:
    """The day of the week (1 for Monday … 7 for Sunday) of a cell's date where the day of the
    week written after it is another (2025-10-16（周三）: 2025-10-16 is a Thursday), else
    null: one of the two is a typo, and which one nobody can tell."""
    day, written = date_and_weekday(name)
    actual = day.dt.weekday()
    return pl.when(written.is_not_null() & (written != actual)).then(actual)


def date_of_text(text: str) -> date | None:
    """One date typed on the command line, in any spelling a date cell takes (None if none)."""
    return pl.DataFrame({"text": [text]}).select(date_expr("text"))["text"][0]


# The spellings of a quarter (without spaces, upper case, Chinese digits made Arabic), each
# with which of its groups is the year and which the quarter
# a quarter's number, in Arabic or Roman numerals as some forms number their parts (Ⅳ is IV
# once the cell is made half-width)
QUARTER_NUMBER = r"[1-4]|IV|I{1,3}"
YEAR_Q = r"(\d{4})(?:年度?)?[-_/.]?Q([1-4])"  # 2025Q3, 2025-Q3, 2025年Q3
Q_YEAR = r"Q([1-4])[-_/.]?(\d{4})"  # Q3 2025
# 2025年第3季, 2025年度第三季, 2025第三季, 2025年Ⅳ季度, 2025年第IV季度
CHINESE_QUARTER = rf"(\d{{4}})(?:年度?第?|第)({QUARTER_NUMBER})季"
ROMAN_QUARTERS = {"I": "1", "II": "2", "III": "3", "IV": "4"}
# a whole cell: after its Q a quarter numbered in Roman numerals too (2025QIV, QIII 2025)
QUARTER_FORMS = (
    (YEAR_Q.replace("[1-4]", QUARTER_NUMBER), 1, 2),
    (Q_YEAR.replace("[1-4]", QUARTER_NUMBER), 2, 1),
    (CHINESE_QUARTER + "度?", 1, 2),
)
# within a line of text (a form's title) 季 needs its 度: 2025年3 alone is no quarter there;
# nor is a Q with a Roman numeral, which may start a word (2025QINGHAI)
QUARTERS_IN_TEXT = tuple(
    (re.compile(pattern), y, q)
    for pattern, y, q in ((YEAR_Q, 1, 2), (Q_YEAR, 2, 1), (CHINESE_QUARTER + "度", 1, 2))
)


def quarter_expr(name: str, days: bool = True) -> pl.Expr:
    """``2025Q3`` from 2025Q3, 2025-Q3, 2025年Q3, Q3 2025, 2025QIII, 2025年第3季度,
    2025年度第三季度, 2025第三季度, 2025年三季度, 2025年Ⅲ季度 or, when ``days``, a date
    (``Column.day_as_quarter``)."""
    text = pl.col(name).str.replace_all(r"\s", "").str.to_uppercase()
    text = text.str.replace_many(CHINESE_DIGITS)
    quarters = [
        pl.concat_str(
            [
                text.str.extract(f"^{p}$", y),
                pl.lit("Q"),
                text.str.extract(f"^{p}$", q).replace(ROMAN_QUARTERS),
            ]
        )
        for p, y, q in QUARTER_FORMS
    ]
    if days:
        quarters.append(quarter_of_date_expr(date_expr(name)))
    return pl.coalesce(quarters)


def quarters_in_text(text: str) -> set[str]:
    """Every quarter a line of text (a form's title) names, as ``2025Q3``, in the spellings
    a quarter column takes."""
    cleaned = re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).upper()
    for chinese, digit in CHINESE_DIGITS.items():
        cleaned = cleaned.replace(chinese, digit)
    return {
        f"{found.group(y)}Q{ROMAN_QUARTERS.get(found.group(q), found.group(q))}"
        for pattern, y, q in QUARTERS_IN_TEXT
        for found in pattern.finditer(cleaned)
    }


def quarters_of_file_name(file_name: str) -> set[str]:
    """Every quarter a file's name names (满意度_2025Q3.csv), its extension aside: what a
    quarter stated for the file must be one of, and the quarter a file without a quarter
    column is told it may state."""
    return quarters_in_text(PurePath(file_name).stem)


def one_cell(text: str) -> pl.DataFrame:
    """One typed value as a one-row column ``q`` of a quarter column (width-normalised and
    trimmed), for the column's expressions to read."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    return pl.DataFrame({"q": [cleaned]}, schema={"q": pl.String})


def quarter_of_text(text: str, days: bool = True) -> str | None:
    """``2025Q3`` from one quarter written in any spelling a quarter column takes
    (``2025年第3季度``, ``2025-Q3``…; a date too, when ``days``); None when it is not a
    quarter."""
    return one_cell(text).select(quarter_expr("q", days=days)).item()


def allowed_expr(name: str, allowed: dict[str, tuple[str, ...]]) -> pl.Expr:
    """The canonical value a cell names, in any of its spellings: Simplified, Traditional
    (門診 is 门诊) or a mixture of both (测評, 测 Simplified and 評 Traditional, is 测评), as
    some input methods and converters leave them. The cell and every spelling are compared
    in Simplified characters (``simplified``, etl/chinese.py), as header names are, so both
    sides always agree; null for a cell that names none."""
    mapping = {
        simplified(header_key(spelling)): canonical
        for canonical, vs in allowed.items()
        for v in (canonical, *vs)
        for spelling in (v, *traditional_spellings(v))  # 衞 and 衛: t2s keeps 衞 as it is
    }
    key = pl.col(name).str.to_lowercase().str.replace_all(r"[\s*_\-:：]", "")
    return simplified_expr(key).replace_strict(mapping, default=None, return_dtype=pl.String)


def allowed_of_text(text: str, allowed: dict[str, tuple[str, ...]]) -> str | None:
    """The canonical value one text typed on a command line names, in any spelling a cell of
    a column with these ``allowed`` values takes (三甲 and 三級醫院 are 三级医院); None when it
    names none."""
    cell = pl.DataFrame({"v": [text]}, schema={"v": pl.String}).select(text_expr("v"))
    return cell.select(allowed_expr("v", allowed)).item()


# at most how many characters a look-alike differs by (one typed wrong, left out, added, or two
# swapped, each counting one), and at most one in how many of the value's characters
LOOKALIKE_EDITS = 2
LOOKALIKE_SPAN = 4


def lookalike(value: str, known: Iterable[str]) -> str | None:
    """The one ``known`` value that ``value`` is most likely a typing error of: a character
    or two from it, and at most one in four of its characters (乡镇卫生员 for 乡镇卫生院,
    outpatient_satisfation for outpatient_satisfaction). Not inpatient_ for
    outpatient_satisfaction (three apart: another indicator), nor 急诊 for 门诊 (one of two
    characters is half the word); none when two known values are as near (四级医院: 三级医院 or
    二级医院?). The one rule of the loader's "did you mean": an indicator code with no
    definition, a value a column does not list."""
    most = min(LOOKALIKE_EDITS, len(value) // LOOKALIKE_SPAN)
    # apart: characters typed wrong, left out, added, or swapped with the next (the optimal
    # string alignment distance)
    near = sorted((OSA.distance(value, k), k) for k in set(known) if k != value)
    near = [(apart, k) for apart, k in near if apart <= most]
    if not near or (len(near) > 1 and near[1][0] == near[0][0]):
        return None
    return near[0][1]


def typed_expr(column: Column, source: str) -> pl.Expr:
    """The column's typed value, read from its cleaned text (null where unreadable)."""
    if column.allowed:
        return allowed_expr(source, column.allowed)
    return {
        "text": lambda: pl.col(source),
        "int": lambda: number_expr(source, column.percent),
        "number": lambda: number_expr(source, column.percent),
        "date": lambda: date_expr(source),
        "quarter": lambda: quarter_expr(source, days=column.day_as_quarter),
    }[column.type]()


def typed_frame(cells: pl.DataFrame, contract: Contract) -> pl.DataFrame:
    """The file's cells with ``<name>__text`` (cleaned) and ``<name>`` (typed) columns.

    Small files in one select (per-operation overhead dominates there); large ones through
    ``large_file_columns``, which parses each distinct value once."""
    return typed_frame_and_texts(cells, contract)[0]


def typed_frame_and_texts(
    cells: pl.DataFrame, contract: Contract
) -> tuple[pl.DataFrame, dict[str, pl.Series]]:
    """``typed_frame``, and for each column of a large file parsed through its distinct cells
    (``distinct_mapped_columns``) those cells' cleaned texts: every value of its
    ``<name>__text`` is among them, so a check may count over a few thousand values where
    it would count over a million rows (``Checker.texts``)."""
    if cells.height < DISTINCT_FROM_ROWS:
        frame = cells.with_columns(
            text_expr(c.name, normalise=not c.free_text).alias(f"{c.name}__text")
            for c in contract.columns
        ).with_columns(typed_expr(c, f"{c.name}__text").alias(c.name) for c in contract.columns)
        return frame, {}
    texts: dict[str, pl.Series] = {}
    columns = large_file_columns(cells, contract, texts)
    return with_clean_numbers(cells.with_columns(columns), contract), texts


def large_file_columns(
    cells: pl.DataFrame, contract: Contract, texts: dict[str, pl.Series] | None = None
) -> list[pl.Series]:
    """The cleaned text and typed value of every column, for ``with_columns``.

    A column of plain numbers is its own cleaned text (``plain_number_columns``). Columns with
    few distinct values (types, quarters, dates, names) and any column with non-ASCII text are
    cleaned and parsed once per distinct value and mapped back (``distinct_mapped_columns``);
    that is what makes a million rows cheap. Other ASCII columns skip NFKC, which is the
    identity on ASCII: their text is cleaned and their numbers cast (``with_clean_numbers``
    re-reads any the cast could not). Each step handles all its columns in one parallel pass.
    """
    columns = plain_number_columns(
        cells, [c for c in contract.columns if c.type in ("int", "number") and not c.allowed]
    )
    always_distinct = [
        c
        for c in contract.columns
        if c.allowed or c.type in ("date", "quarter") or c.name in contract.key
    ]
    maybe_direct = [
        c for c in contract.columns if c.name not in columns and c not in always_distinct
    ]
    ascii_only = (
        cells.select(is_ascii_expr(c.name) for c in maybe_direct).row(0) if maybe_direct else ()
    )
    direct = [c for c, is_ascii in zip(maybe_direct, ascii_only, strict=True) if is_ascii]
    columns |= distinct_mapped_columns(
        cells, always_distinct + [c for c in maybe_direct if c not in direct], texts
    )
    # cleaned once, in one select: as two expressions the text would be cleaned twice
    cleaned = cells.select(text_expr(c.name, normalise=False) for c in direct)
    for column in direct:
        text = cleaned.get_column(column.name)
        typed = text.cast(pl.Float64, strict=False) if column.type != "text" else text
        columns[column.name] = [text.alias(f"{column.name}__text"), typed.alias(column.name)]
    return [part for c in contract.columns for part in columns[c.name]]


def plain_number_columns(cells: pl.DataFrame, numbers: list[Column]) -> dict[str, list[pl.Series]]:
    """Number columns whose every cell is a plain finite number or empty, each as its own
    cleaned text and its numbers: the cast refuses padding and '' (so nothing needed
    cleaning) and anything ``number_expr`` would read differently."""
    if not numbers:
        return {}
    names = [c.name for c in numbers]
    cast = cells.select(pl.col(names).cast(pl.Float64, strict=False))
    cast_nulls = cast.null_count().row(0)
    cell_nulls = cells.select(names).null_count().row(0)
    finite = cast.select(pl.all().is_finite().all(ignore_nulls=True)).row(0)
    return {
        n: [cells.get_column(n).alias(f"{n}__text"), cast.get_column(n)]
        for n, after, before, all_finite in zip(names, cast_nulls, cell_nulls, finite, strict=True)
        if after == before and all_finite
    }


def is_ascii_expr(name: str) -> pl.Expr:
    """True when every cell of the column is ASCII (or the column is empty)."""
    cells = pl.col(name)
    return (cells.str.len_bytes() == cells.str.len_chars()).all(ignore_nulls=True)


def distinct_mapped_columns(
    cells: pl.DataFrame, columns: list[Column], texts: dict[str, pl.Series] | None = None
) -> dict[str, list[pl.Series]]:
    """The cleaned text and typed value of each distinct cell, mapped back onto its column:
    the column as an Enum of its distinct values is an index into them (one hash lookup per
    cell, faster than replacing values twice: bench/bench_load.py). NFKC only if some cell
    needs it. ``texts``, when given, gets each column's distinct cleaned texts."""
    if not columns:
        return {}
    names = [c.name for c in columns]
    uniques = cells.select(pl.col(names).unique().implode())
    distinct = {n: uniques.get_column(n).explode().drop_nulls() for n in names}
    parsed = {c.name: parsed_values(distinct[c.name], c) for c in columns if not read_as_date(c)}
    mapped = {
        name: [cells.get_column(name).alias(f"{name}__text"), cells.get_column(name)]
        for name in parsed
        if already_clean(distinct[name], parsed[name])
    }
    dates = dates_parsed_together([c for c in columns if read_as_date(c)], distinct)
    for name, (values, dated) in dates.items():
        distinct[name], parsed[name] = values, dated
    if texts is not None:
        texts |= {name: parsed[name].get_column(f"{name}__text") for name in names}
    to_map = [name for name in names if name not in mapped]
    index = cells.select(pl.col(n).cast(pl.Enum(distinct[n])).to_physical() for n in to_map)
    for name in to_map:
        text = f"{name}__text"
        mapped[name] = [
            parsed[name].get_column(text).gather(index.get_column(name)).alias(text),
            parsed[name].get_column(name).gather(index.get_column(name)).alias(name),
        ]
    return mapped


def read_as_date(column: Column) -> bool:
    """A column read with ``date_expr`` alone (a date column listing no values)."""
    return column.type == "date" and not column.allowed


def dates_parsed_together(
    dates: list[Column], distinct: dict[str, pl.Series]
) -> dict[str, tuple[pl.Series, pl.DataFrame]]:
    """For each date column (``read_as_date``), the distinct cells of all the date columns
    read as it is (its ``free_text``) and their ``parsed_values`` under its names, parsed
    once: an inspection's date, deadline and day rectified share most of their days, and
    parsing a few thousand dates in their many spellings (``date_expr``) costs as much as
    mapping a million cells. A date is read the same whichever column it is in (NFKC, needed
    if any of the cells is not ASCII, is the identity on ASCII)."""
    together = {}
    for free_text in {c.free_text for c in dates}:
        alike = [c for c in dates if c.free_text == free_text]
        first = alike[0].name
        values = pl.concat([distinct[c.name] for c in alike]).unique()
        values, parsed = iso_dates_first(values.alias(first), alike[0])
        for c in alike:
            names = {f"{first}__text": f"{c.name}__text", first: c.name}
            together[c.name] = (values, parsed.rename(names))
    return together


# a day as ISO 8601 writes it (2025-07-05), the most usual spelling by far
ISO_DATE = "%Y-%m-%d"


def iso_dates_first(values: pl.Series, column: Column) -> tuple[pl.Series, pl.DataFrame]:
    """Distinct date cells (no null, the series named as the column), reordered, and their
    ``parsed_values``, row for row: first the cells that are their own cleaned text, hold no
    white space and are read exactly by the one format ``ISO_DATE``, then the others, parsed
    by the full rule. ``date_expr`` tries ten formats twice, around a time of day and a day of
    the week, about 13 µs a distinct day (the 3,200 days of a million inspections: 40 ms); on
    such a cell it gives what that format gives: it removes white space (there is none), finds
    no time of day or weekday (the format read the whole cell) and tries that format first
    (tests/etl/test_validate.py compares the two on awkward cells)."""
    iso = values.str.to_date(ISO_DATE, strict=False, exact=True)
    clean = (cleaned_texts(values, column) == values) & ~values.str.contains(r"\s")
    read = (iso.is_not_null() & clean).fill_null(False)
    if not read.any():
        return values, parsed_values(values, column)
    name, text = column.name, f"{column.name}__text"
    others = values.filter(~read)
    first = pl.DataFrame({text: values.filter(read), name: iso.filter(read)})
    parsed = pl.concat([first, parsed_values(others.alias(name), column)])
    return pl.concat([values.filter(read), others]), parsed


def already_clean(values: pl.Series, parsed: pl.DataFrame) -> bool:
    """Every distinct cell is its own cleaned text and its own value (quarters written 2025Q3,
    types spelt as the contract spells them), so the column is used as it is, uncopied."""
    text, typed = parsed.columns
    return (
        parsed.schema[typed] == pl.String
        and parsed.get_column(text).equals(values)
        and parsed.get_column(typed).equals(values)
    )


def parsed_values(values: pl.Series, column: Column) -> pl.DataFrame:
    """Distinct cells (no null, the series named as the column) with their cleaned text and
    typed value."""
    name, text = column.name, f"{column.name}__text"
    parsed = values.to_frame().with_columns(cleaned_texts(values, column))
    return parsed.select(pl.col(text), typed_expr(column, text).alias(name))


def cleaned_texts(values: pl.Series, column: Column) -> pl.Series:
    """Distinct cells' cleaned texts (``text_expr``) as ``<name>__text``: NFKC only if some
    cell needs it, and not for free text."""
    normalise = (
        not column.free_text
        and not values.is_empty()
        and not (values.str.len_bytes() == values.str.len_chars()).all()
    )
    cleaned = values.to_frame().select(text_expr(values.name, normalise=normalise))
    return cleaned.to_series().alias(f"{column.name}__text")


def with_clean_numbers(frame: pl.DataFrame, contract: Contract) -> pl.DataFrame:
    """Number columns whose plain cast lost a value (``1,234``, ``95%``, ``1e400``) re-read with
    the full rule; a file of plain numbers needs only the one check."""
    numbers = [
        c
        for c in contract.columns
        if c.type in ("int", "number") and frame.schema[c.name] == pl.Float64
    ]
    if not numbers:
        return frame
    lost = frame.select(
        (
            (pl.col(c.name).null_count() != pl.col(f"{c.name}__text").null_count())
            | ~pl.col(c.name).is_finite().all(ignore_nulls=True)
        ).alias(c.name)
        for c in numbers
    ).row(0)
    redo = [c for c, is_lost in zip(numbers, lost, strict=True) if is_lost]
    return frame.with_columns(typed_expr(c, f"{c.name}__text").alias(c.name) for c in redo)


def quarter_of_dates(dates: pl.Series) -> pl.Series:
    """The quarter of each date as ``2025Q3``: an index into the quarters of the years the
    dates span (building the strings row by row costs a tenth of a second per million), found
    by a binary search of the quarters' first days (working out each date's year and quarter
    costs three times as much)."""
    first, last = dates.min(), dates.max()
    if first is None:
        return pl.Series(dates.name, [], dtype=pl.String).extend_constant(None, dates.len())
    years = range(first.year, last.year + 1)
    labels = pl.Series([f"{y}Q{q}" for y in years for q in range(1, 5)])
    starts = pl.Series([date(y, month, 1) for y in years for month in (1, 4, 7, 10)])
    position = starts.search_sorted(dates, side="right").cast(pl.Int64)
    # a null date's position is 0, which names no quarter
    index = pl.select(pl.when(dates.is_not_null()).then(position - 1)).to_series()
    return labels.gather(index).alias(dates.name)
