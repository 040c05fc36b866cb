"""Charts and tables leaving the app: PNG, SVG, PDF, CSV and XLSX, and their file names.

Charts are rendered on the server by vl-convert from the same Altair chart a page draws, with
the CJK font set explicitly (charts.fonts), so the export looks like the screen in Chinese.
Tables are written so that a spreadsheet never runs text from the data as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence

import altair as alt
import polars as pl
import vl_convert as vlc
import xlsxwriter

from charts import palette
from charts.fonts import DESKTOP_FAMILIES, cjk_font
from charts.labels import fmt_date
from etl.spreadsheet_text import FORMULA_PREFIXES, neutralise
from etl.widths import display_width
from i18n import t

# A chart about 800 px wide becomes 1,600 px: sharp on a 1080p projector, small enough to mail.
PROJECTOR_SCALE = 2.0
WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)
}
MAX_STEM_CHARS = 120
# every channel a legend can be drawn for (Vega-Lite's LegendResolveMap)
LEGEND_CHANNELS = (
    *("angle", "color", "fill", "fillOpacity", "opacity", "shape", "size", "stroke"),
    *("strokeDash", "strokeOpacity", "strokeWidth", "time"),
)


# ---------------------------------------------------------------- charts


def chart_spec(chart: alt.TopLevelMixin, fallbacks: tuple[str, ...] = ()) -> dict:
    """The chart's Vega-Lite spec with the CJK font set, so no renderer falls back to boxes;
    ``fallbacks``: families named after it (for a viewer without it: an SVG's)."""
    family = ", ".join((cjk_font().family, *fallbacks))
    # A province's charts can hold tens of thousands of rows (45,000 open findings); the
    # renderer copes, so the export lifts Altair's 5,000-row guard meant for browsers.
    with alt.data_transformers.enable("default", max_rows=None):
        spec = chart.to_dict()
    config = spec.setdefault("config", {})
    config["font"] = family
    for part in ("title", "axis", "legend", "header", "mark", "text"):
        section = config.get(part)
        if isinstance(section, dict):
            for key in ("font", "labelFont", "titleFont", "subtitleFont"):
                if key in section:
                    section[key] = family
    return spec


def chart_png(chart: alt.TopLevelMixin, scale: float = PROJECTOR_SCALE) -> bytes:
    """PNG at ``scale`` times the chart's own size (2 = sharp on a projector)."""
    spec = chart_spec(chart)
    return vlc.vegalite_to_png(spec, vl_version=vl_version(), scale=scale)


def chart_svg(chart: alt.TopLevelMixin) -> bytes:
    """SVG with text kept as text. It names the CJK font it was drawn with, then the bureau's
    desktop ones and any sans-serif: a PC without Noto draws its own Chinese font, the text
    placed as drawn here."""
    spec = chart_spec(chart, (*DESKTOP_FAMILIES, "sans-serif"))
    return vlc.vegalite_to_svg(spec, vl_version=vl_version()).encode("utf-8")


def chart_pdf(chart: alt.TopLevelMixin) -> bytes:
    """A vector PDF with the CJK font embedded."""
    return vlc.vegalite_to_pdf(chart_spec(chart), vl_version=vl_version())


def vl_version() -> str:
    """The Vega-Lite version Altair writes, in vl-convert's spelling ('6.4' -> 'v6_4')."""
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"v{major}_{minor}"


def footnote_text(source: str, load_date: str | dt.date | dt.datetime | None, lang: str) -> str:
    when = fmt_date(load_date, lang) if load_date else None
    loaded = t("export.footnote.loaded", lang, date=when) if when else ""
    return t("export.footnote.source", lang, source=source) + loaded


def with_title_and_footnote(
    chart: alt.TopLevelMixin,
    title: str,
    subtitle: str | None = None,
    source: str = "Civbench",
    load_date: str | dt.date | None = None,
    lang: str = "zh",
) -> alt.VConcatChart:
    """The chart under a title (what, which units, which quarter) and above a footnote
    (source and load date), as one chart for every export format.

    The chart's own title gives way to ``title``; its config moves to the top level, where
    Vega-Lite requires it.
    """
    inner = chart.copy(deep=True)
    config = inner.config
    inner.config = alt.Undefined
    inner.title = alt.Undefined
    note = (
        alt.Chart(alt.Data(values=[{"note": footnote_text(source, load_date, lang)}]))
        .mark_text(align="left", baseline="top", fontSize=11, color="#555555")
        .encode(text=alt.Text("note:N"), x=alt.XValue(0), y=alt.YValue(0))
        .properties(width=1, height=14, view=alt.ViewBackground(stroke=None))
    )
    heading = alt.Title(
        text=title,
        subtitle=subtitle or alt.Undefined,
        anchor="start",
        fontSize=18,
        subtitleFontSize=13,
        subtitleColor="#444444",
    )
    combined = alt.vconcat(inner, note, title=heading, spacing=8)
    # each legend with the chart it belongs to: shared (Vega-Lite's default for a concat), a
    # legend went under the whole, and the footnote stood between the chart and its legend
    combined = combined.resolve_legend(**dict.fromkeys(LEGEND_CHANNELS, "independent"))
    if config is not alt.Undefined:
        combined.config = config
    return combined


CHART_FORMATS = {"png": chart_png, "svg": chart_svg, "pdf": chart_pdf}
# The media type of every file the app offers for download, by extension (the one list).
MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def titled_chart_file(
    chart: alt.TopLevelMixin,
    ext: str,
    title: str,
    subtitle: str | None = None,
    source: str = "Civbench",
    load_date: str | dt.date | None = None,
    lang: str = "zh",
) -> bytes:
    """A chart download in one call: the title and footnote added, rendered as ``ext``
    (png | svg | pdf). Raises charts.fonts.CJKFontMissing when no CJK font exists."""
    titled = with_title_and_footnote(chart, title, subtitle, source, load_date, lang)
    return CHART_FORMATS[ext](titled)


# ---------------------------------------------------------------- tables


def as_polars(df) -> pl.DataFrame:
    return df if isinstance(df, pl.DataFrame) else pl.from_pandas(df)


def with_labels(df: pl.DataFrame, labels: Mapping[str, str] | None) -> pl.DataFrame:
    if not labels:
        return df
    return df.rename({c: labels[c] for c in df.columns if c in labels})


def table_csv(df, labels: Mapping[str, str] | None = None) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel on Windows opens Chinese correctly."""
    frame = with_labels(as_polars(df), labels)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(frame.columns)
    text_columns = {c for c, t in frame.schema.items() if t in (pl.String, pl.Categorical)}
    for row in frame.iter_rows(named=True):
        writer.writerow([csv_value(row[c], c in text_columns) for c in frame.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# a moment to the minute, as the pages (page_parts) and the workbooks (write_cell) show it: not
# str()'s "2026-10-14 09:12:33.123456"
CSV_TIME = "%Y-%m-%d %H:%M"


def csv_value(value, is_text: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return csv_number(value)
    if isinstance(value, dt.datetime):
        return value.strftime(CSV_TIME)
    text = str(value)
    return neutralise(text) if is_text or isinstance(value, str) else text


def csv_number(value: float) -> str:
    """A float as a spreadsheet reader wants it: at most 4 decimals (an index 78.1235, a rate
    0.9512), no float noise (78.12345678901234), empty for NaN; the XLSX keeps the exact value
    under a number format instead."""
    if value != value:
        return ""
    text = f"{value:.4f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return "0.0" if text == "-0.0" else text


def table_xlsx(
    df,
    sheet_name: str = "data",
    labels: Mapping[str, str] | None = None,
    number_formats: Mapping[str, str] | None = None,
    met_column: str | None = None,
    notes: list[str] | None = None,
    row_formats: Mapping[str, Sequence[str | None]] | None = None,
    notes_sheet: str = "about",
) -> bytes:
    """An Excel workbook: styled, frozen header; fitted widths; numbers as numbers; rows
    coloured blue/vermillion by the met-target column (``met_column``, or a boolean column named
    ``met`` or ``*_met``); text from the data kept as text; ``notes`` (source, load date,
    method) on a second sheet, named ``notes_sheet``. ``row_formats`` gives a column one
    number format per row (None: the column's), for a column whose rows differ in unit
    (``unit_number_format``).
    """
    frame = as_polars(df)
    met = met_column or next(
        (
            c
            for c, t in frame.schema.items()
            if t == pl.Boolean and (c == "met" or c.endswith("_met"))
        ),
        None,
    )
    formats_by_column = dict(number_formats or {})
    shown = with_labels(frame, labels)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    font = {"font_name": "Noto Sans CJK SC", "font_size": 11}
    header = book.add_format(
        {
            **font,
            "bold": True,
            "bg_color": "#1F4E79",
            "font_color": "#FFFFFF",
            "border": 1,
            "text_wrap": True,
            "valign": "vcenter",
        }
    )
    formats = FormatCache(book, font)
    sheet = book.add_worksheet(safe_sheet_name(sheet_name))
    widths = [display_width(str(name)) for name in shown.columns]
    for col, name in enumerate(shown.columns):
        sheet.write_string(0, col, str(name), header)
    for col, (name, dtype) in enumerate(frame.schema.items()):
        column_format = number_formats_for(name, dtype, formats_by_column)
        own_formats = (row_formats or {}).get(name) or [None] * frame.height
        values = zip(frame.get_column(name).to_list(), own_formats, strict=True)
        for row, (value, own_format) in enumerate(values, start=1):
            number_format = own_format or column_format
            fmt, as_text = formats.get(number_format), formats.get(number_format, quote_prefix=True)
            shown_text = write_cell(sheet, row, col, value, fmt, as_text)
            widths[col] = max(widths[col], display_width(shown_text))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, 6), 60))
    sheet.freeze_panes(1, 0)
    if frame.width:
        sheet.autofilter(0, 0, max(frame.height, 1), frame.width - 1)
    if met and met in frame.columns and frame.height:
        colour_met_rows(book, sheet, frame, met)
    if notes:
        about = book.add_worksheet(safe_sheet_name(notes_sheet))
        about.set_column(0, 0, 100)
        for row, note in enumerate(notes):
            about.write_string(row, 0, note, formats.get(None, quote_prefix=True))
    book.close()
    return buffer.getvalue()


class FormatCache:
    """One xlsxwriter format per number format (a workbook allows a limited number)."""

    def __init__(self, book: xlsxwriter.Workbook, font: dict):
        self.book, self.font, self.cache = book, font, {}

    def get(self, num_format: str | None, quote_prefix: bool = False):
        key = (num_format, quote_prefix)
        if key not in self.cache:
            props = dict(self.font)
            if num_format:
                props["num_format"] = num_format
            if quote_prefix:
                props["quote_prefix"] = True
            self.cache[key] = self.book.add_format(props)
        return self.cache[key]


# an indicator's value in its unit as the pages write it (charts.labels.fmt_value): a rate as a
# percentage to one decimal, a count whole, any other number to one decimal
UNIT_NUMBER_FORMATS = {"rate": "0.0%", "count": "#,##0"}
OTHER_NUMBER_FORMAT = "#,##0.0"


def unit_number_format(unit: str | None) -> str:
    """The Excel number format of an indicator's value in ``unit`` (rate, count, number)."""
    return UNIT_NUMBER_FORMATS.get(unit, OTHER_NUMBER_FORMAT)


def number_formats_for(name: str, dtype: pl.DataType, explicit: Mapping[str, str]) -> str | None:
    if name in explicit:
        return explicit[name]
    if dtype.is_integer():
        return "0"
    if dtype.is_float():
        return "0.00##"
    if dtype == pl.Date:
        return "yyyy-mm-dd"
    if dtype == pl.Datetime:
        return "yyyy-mm-dd hh:mm"
    return None


def write_cell(sheet, row: int, col: int, value, fmt, as_text) -> str:
    """Write one value with its real type; returns the text it shows, for the width.

    Text is a string cell, never a formula (the workbook turns no string into one); text a
    spreadsheet would take for a formula when edited (``=HYPERLINK(…)``) is written exactly as
    it came, under Excel's own quote-prefix style (``as_text``): shown as written, and kept as
    text when someone edits the cell, with no apostrophe added to the finding."""
    if value is None or (isinstance(value, float) and value != value):
        sheet.write_blank(row, col, None, fmt)
        return ""
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
        return "FALSE" if not value else "TRUE"
    if isinstance(value, int | float):
        sheet.write_number(row, col, value, fmt)
        return f"{value:.2f}" if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime | dt.date):
        sheet.write_datetime(row, col, value, fmt)
        return "yyyy-mm-dd hh:mm" if isinstance(value, dt.datetime) else "yyyy-mm-dd"
    text = str(value)
    sheet.write_string(row, col, text, as_text if text.startswith(FORMULA_PREFIXES) else fmt)
    return text


def colour_met_rows(book, sheet, frame: pl.DataFrame, met: str) -> None:
    """Light blue rows where the target is met, light vermillion where it is missed (the
    colour-blind-safe pair of charts.palette; the met column says TRUE or FALSE as well)."""
    col_letter = xlsxwriter.utility.xl_col_to_name(frame.columns.index(met))
    last = xlsxwriter.utility.xl_rowcol_to_cell(frame.height, frame.width - 1)
    cells = f"A2:{last}"
    met_format = book.add_format(dict(palette.XLSX_MET))
    missed_format = book.add_format(dict(palette.XLSX_MISSED))
    sheet.conditional_format(
        cells, {"type": "formula", "criteria": f"=${col_letter}2=TRUE", "format": met_format}
    )
    sheet.conditional_format(
        cells, {"type": "formula", "criteria": f"=${col_letter}2=FALSE", "format": missed_format}
    )


def safe_sheet_name(name: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "data"
    return cleaned[:31]


# ---------------------------------------------------------------- file names


def safe_filename(name: str) -> str:
    """A file name that Windows, macOS and Linux all accept, keeping Chinese characters."""
    name = unicodedata.normalize("NFC", name)
    name = WINDOWS_FORBIDDEN.sub("", name)
    name = re.sub(r"\s+", " ", name).strip().rstrip(". ")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem[:MAX_STEM_CHARS].rstrip(". ")
    if stem.split(".")[0].upper() in WINDOWS_RESERVED:
        stem = "_" + stem
    stem = stem or "export"
    return f"{stem}.{ext}" if ext else stem


def export_filename(
    kind: str,
    quarter: str | None = None,
    group: str | None = None,
    ext: str = "png",
    detail: str | None = None,
    districts: Sequence[str] = (),
) -> str:
    """Stable, meaningful names: ``civbench_2025Q3_rankings_三级医院.png``; rows of some
    districts only say which (``civbench_2025Q3_rankings_城关区-七里河区_INDEX.csv``). The
    quarter stays its code in either language, where the files' contents say it in words: a
    file is named alike for every reader, and a folder of them sorts by quarter."""
    place = "-".join(districts)
    parts = [clean_part(p) for p in ("civbench", quarter, kind, group, place, detail) if p]
    return safe_filename("_".join(p for p in parts if p) + "." + clean_part(ext).lstrip("."))


def clean_part(part: str) -> str:
    part = WINDOWS_FORBIDDEN.sub("", unicodedata.normalize("NFC", str(part)))
    return re.sub(r"\s+", "-", part.strip()).strip(".-")
