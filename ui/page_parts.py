"""Pieces the leaders' pages share: a chart or table with its downloads, links to a unit's
profile, page filters kept in the URL, and plain-language formatting of numbers.

Presentation only: no query, no rule. (Written by the pages' author; the frame is in frame.py.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from urllib.parse import urlencode

import altair as alt
import polars as pl
import streamlit as st
from streamlit.errors import StreamlitAPIException, StreamlitPageNotFoundError

from charts import export
from charts.labels import (
    change_direction,
    fmt_date,
    fmt_number,
    fmt_rank_range,
    fmt_share,
    group_label,
    loaded_day,
    rank_move_expr,
)
from etl.contracts import ALL_PEER_GROUPS as ALL_GROUPS
from i18n import t
from ui import tables
from ui.data import (
    deferred_query,
    published_quarters,
    query,
    redrawing,
    showing_published,
    viewer_scope,
)
from ui.guarded_downloads import ON_CLICK, for_this_account
from ui.literal import literal, literal_t

UNIT_PAGE = "pages/unit_profile.py"
UNIT_URL_PATTERN = r"unit=([^&]+)"
Districts = str | Sequence[str] | None  # a district filter's choice: one, several or none

# Streamlit's own "Select all" entry in a multiselect is English on every page, and choosing
# none already means all (each box's placeholder says so): it is left out
SELECT_ALL = False


# ---------------------------------------------------------------- downloads


def chart_with_downloads(
    chart: alt.TopLevelMixin,
    ctx,
    kind: str,
    detail: str | None = None,
    districts: Districts = None,
    subject: str | None = None,
    title: str | None = None,
):
    """Draw the chart stretched to the page, with PNG and SVG downloads made on click. A stack
    of charts (vconcat) is stretched too: Streamlit gives each of them the page's width, and
    fit-x leaves room for their axes within it (a facet keeps its panels' widths)."""
    shown = chart
    if isinstance(chart, alt.Chart | alt.LayerChart | alt.VConcatChart):
        shown = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    st.altair_chart(shown, width="stretch", theme=None)
    chart_downloads(chart, ctx, kind, detail, districts, subject, title)


def chart_downloads(
    chart: alt.TopLevelMixin,
    ctx,
    kind: str,
    detail: str | None = None,
    districts: Districts = None,
    subject: str | None = None,
    title: str | None = None,
):
    """PNG, SVG and PDF buttons: the chart under its title, the quarter and scope, and a
    footnote (charts.export); the file is rendered only when clicked (a callable ``data``).

    ``districts``: the districts the page's filter chose, when the chart shows theirs only;
    the subtitle and the file name say which. ``subject``: what the chart is of, when it is
    of one unit (``unit_subject``), said in the subtitle instead of the peer group. ``title``:
    the file's, where the chart's own (else the page's name) does not say what is ranked by."""
    if title is None:
        title = chart.title if isinstance(chart.title, str) else None
    title = title or t(f"frame.menu.{ctx.page_id}", ctx.lang)
    subtitle = export_subtitle(ctx, districts, subject)
    source, load_date = t("export.bureau", ctx.lang), loaded_up_to_later(ctx)
    row = st.container(horizontal=True, gap="small")
    for ext in export.CHART_FORMATS:
        row.download_button(
            t(f"pages.download.{ext}", ctx.lang),
            data=for_this_account(
                ctx,
                partial(
                    titled_chart_file, chart, ext, title, subtitle, ctx.lang, source, load_date
                ),
            ),
            file_name=export_name(ctx, kind, ext, detail, districts),
            mime=export.MIME_TYPES[ext],
            key=f"dl_{kind}_{detail or ''}_{ext}",
            on_click=ON_CLICK,
            icon=":material/download:",
        )


def titled_chart_file(chart, ext, title, subtitle, lang, source, load_date: Callable) -> bytes:
    """The chart's file (charts.export), its footnote's load date asked for now: on click."""
    return export.titled_chart_file(
        chart, ext, title, subtitle, lang=lang, source=source, load_date=load_date()
    )


def export_subtitle(ctx, districts: Districts = None, subject: str | None = None) -> str:
    """What a downloaded file holds, under its title: the quarter, the scope (or the unit it
    is of, ``subject``) and, for a published quarter, which figures, as the pack says it
    (2026年第3季度 · 全部类别 · …)."""
    subtitle = f"{ctx.quarter_text} · {subject or scope_label(ctx, districts)}"
    if figures := figures_shown(ctx):
        subtitle += f" · {figures}"
    return subtitle


def figures_shown(ctx) -> str | None:
    """Which figures of a published quarter a chart's file shows, for its subtitle: the
    current ones, or which publication's (a revised publication replaces the first, and the
    two files differed only in their figures); None for a quarter not published."""
    if revised_view(ctx):
        return t("export.current_figures", ctx.lang)
    if not showing_published(ctx.quarter):
        return None
    found = published_quarters()[ctx.quarter]
    when = fmt_date(found.published_at.date(), ctx.lang)
    return t("export.published_figures", ctx.lang, number=found.publication_id, date=when)


def revised_view(ctx) -> bool:
    """The page shows a published quarter's current figures, not the published ones."""
    return ctx.quarter in published_quarters() and not showing_published(ctx.quarter)


def loaded_up_to_later(ctx) -> Callable[[], str | None]:
    """The day of the latest load the page's figures depend on, for an export's footnote (as
    the pack's footnote says it; None with no quarter), found when called: a chart's files are
    made on click, and the query (figures_loaded reads every fact row) is then no part of the
    page's run."""
    if ctx.quarter is None:
        return lambda: None
    group = ctx.peer_group or ALL_GROUPS
    found = deferred_query("figures_loaded", quarter=ctx.quarter, peer_group=group)
    lang = ctx.lang

    def day() -> str | None:
        loaded = found()
        return None if loaded is None else loaded_day(loaded, lang)

    return day


def unit_subject(ctx, unit: Mapping[str, object]) -> str:
    """A unit as a file of it says it: its name, code and peer group. A chart or table of one
    unit said only "全部类别", and, pasted into a slide or forwarded, of which unit nothing."""
    group = group_label(str(unit["peer_group"]), ctx.lang)
    return t(
        "export.unit_subject", ctx.lang, name=unit["unit_name"], code=unit["unit_code"], group=group
    )


def scope_label(ctx, districts: Districts = None) -> str:
    """The peer group, and the districts chosen if any, else a district account's own (as the
    file's name says them, ``export_name``): "全部 · 城关区、七里河区". A township analyst's
    files of its five units said only "全部类别", and, handed on, read as the county's."""
    group = group_label(ctx.peer_group or ALL_GROUPS, ctx.lang)
    chosen = viewer_scope().districts_named(as_districts(districts))
    return f"{group} · {t('text.list_sep', ctx.lang).join(chosen)}" if chosen else group


def as_districts(districts: Districts) -> tuple[str, ...]:
    """A district filter's choice (one, several or none) as the districts chosen."""
    if districts is None:
        return ()
    return (districts,) if isinstance(districts, str) else tuple(districts)


def table_downloads(
    df: pl.DataFrame,
    ctx,
    kind: str,
    detail: str | None = None,
    labels: Mapping[str, str] | None = None,
    columns: Sequence[str] | None = None,
    districts: Districts = None,
    config: Mapping[str, object] | None = None,
    row_formats: Mapping[str, Sequence[str | None]] | None = None,
    subject: str | None = None,
):
    """CSV (UTF-8 with BOM, for Excel) and XLSX of a table, under the table.

    ``columns`` names the columns whose headers and formats come from the pages' strings and
    rules (``text_columns``); ``labels`` adds or overrides headers; ``config`` is the column
    config the page drew the table with, where it differs from those rules (a change to one
    decimal, the index to two, a rate indicator's values as percentages): see
    ``table_files``. ``row_formats``: a number format per row, for values of indicators of
    several units. ``subject``: the unit the table is of (``export_subtitle``)."""
    shown = dict(text_columns(columns, ctx.lang)) if columns is not None else {}
    shown |= dict(config or {})
    if columns is not None:
        labels = labels_for(columns, ctx.lang) | dict(labels or {})
    sheet = t(f"frame.menu.{ctx.page_id}", ctx.lang)
    about = partial(
        about_lines,
        sheet,
        export_subtitle(ctx, districts, subject),
        t("export.bureau", ctx.lang),
        loaded_up_to_later(ctx),
        ctx.lang,
    )
    files = table_files(
        df, sheet, labels, shown, row_formats, about, t("export.about_sheet", ctx.lang)
    )
    row = st.container(horizontal=True, gap="small")
    for ext, maker in files.items():
        row.download_button(
            t(f"pages.download.{ext}", ctx.lang),
            data=for_this_account(ctx, maker),
            file_name=export_name(ctx, kind, ext, detail, districts),
            mime=export.MIME_TYPES[ext],
            key=f"dl_{kind}_{detail or ''}_{ext}",
            on_click=ON_CLICK,
            icon=":material/table:",
        )


def table_files(
    df: pl.DataFrame,
    sheet: str,
    labels: Mapping[str, str] | None,
    config: Mapping[str, object],
    row_formats: Mapping[str, Sequence[str | None]] | None = None,
    about: Callable[[], list[str]] | None = None,
    about_sheet: str = "about",
) -> dict[str, Callable[[], bytes]]:
    """The makers of a table's CSV and workbook, holding its figures as the page's table
    shows them (``config``): rounded once, half up, to the decimals shown (``ui.tables``), and
    in the workbook under the number format the page shows them in (+9.9, 85.20, 81.3%,
    1,058), on a sheet named ``sheet``; ``about``, asked for on click, gives the lines of the
    sheet after it (``about_sheet``): what the table holds and its source, as a chart's file
    says them under its title and in its footnote."""
    rounded = tables.rounded_as_shown(df, dict(config))
    formats = tables.workbook_formats(dict(config))

    def workbook() -> bytes:
        notes = about() if about is not None else None
        return export.table_xlsx(
            rounded,
            sheet,
            labels=labels,
            number_formats=formats,
            row_formats=row_formats,
            notes=notes,
            notes_sheet=about_sheet,
        )

    return {"csv": partial(export.table_csv, rounded, labels), "xlsx": workbook}


def about_lines(title: str, subtitle: str, source: str, load_date: Callable, lang: str):
    """A table's workbook's about sheet: its title, what it holds (``export_subtitle``) and
    the footnote a chart's file ends with, the load date asked for now (on click)."""
    return [title, subtitle, export.footnote_text(source, load_date(), lang)]


def export_name(
    ctx, kind: str, ext: str, detail: str | None = None, districts: Districts = None
) -> str:
    """The download's name; a published quarter's figures as they are now, not as published,
    say so (``…_current``): the two files would otherwise be named alike. Rows of some
    districts name them: those chosen, else a district account's own (its files would
    otherwise be named as the bureau's)."""
    group = None if ctx.peer_group in (None, ALL_GROUPS) else ctx.peer_group
    if revised_view(ctx):
        detail = f"{detail}_current" if detail else "current"
    named = viewer_scope().districts_named(as_districts(districts))
    return export.export_filename(kind, ctx.quarter, group, ext=ext, detail=detail, districts=named)


# ---------------------------------------------------------------- units


def unit_url(ctx, unit_code: str) -> str:
    """The profile's URL (relative to the app root), keeping language and quarter."""
    params = {"unit": unit_code, **ctx.link_params()}
    return "unit_profile?" + urlencode(params)


def with_profile_links(df: pl.DataFrame, ctx) -> pl.DataFrame:
    """Add ``profile``: a link to each unit's profile, for a LinkColumn."""
    params = urlencode(ctx.link_params())
    suffix = f"&{params}" if params else ""
    link = pl.lit("unit_profile?unit=") + pl.col("unit_code") + pl.lit(suffix)
    return df.with_columns(link.alias("profile"))


def profile_link_column(lang: str):
    return st.column_config.LinkColumn(
        t("pages.col.profile", lang), display_text=UNIT_URL_PATTERN, width="small"
    )


# A unit table's leading columns on a phone, in px, so that on its 358-px page (33 px of row
# checkboxes, then these) the figure ranked on ends inside the screen: 33 + 48 + 176 + 96 = 353.
# The unit's name took its whole length (up to 260 px), the figure lay past the right edge and
# a leader scrolled the grid sideways to read it. There a name longer than 176 px (about
# eleven characters) is cut at the column's edge, which a reader may drag wider; the downloads
# hold it whole. On a desktop the name keeps its whole length (the figure follows it, in view
# at 1366 px with two lists side by side), and so does the figure's header: 96 px cut an
# indicator's English name (Rectification on time rate), where the grid sizes an unfixed
# column to its header and values. A header cut at a phone's width is read whole in its
# tooltip. The rank keeps its width everywhere.
UNIT_TABLE_WIDTHS = {"rank": 48, "unit_name": 176, "value": 96}
ON_A_PHONE_ONLY = ("unit_name", "value")


def on_a_phone() -> bool:
    """Whether the page is drawn for a phone: its browser says ``Mobile`` in its User-Agent (as
    iPhone and Android browsers do; a tablet's does not, its page is wide). The server cannot
    know the window's width; the header comes with every run."""
    headers = st.context.headers if st.context else None
    return "Mobile" in ((headers or {}).get("User-Agent") or "")


def unit_table_config(
    column_config: Mapping[str, object], lang: str, phone: bool
) -> dict[str, object]:
    """A unit table's column config: ``column_config`` with the widths of UNIT_TABLE_WIDTHS
    for the columns it has (the name's and the figure's only on a ``phone``), each header
    given whole as its tooltip where the column has none, and the link to each unit's
    profile."""
    config = {"profile": profile_link_column(lang), **column_config}
    for name, width in UNIT_TABLE_WIDTHS.items():
        if name in config and (phone or name not in ON_A_PHONE_ONLY):
            column = config[name]
            config[name] = {
                **column,
                "width": width,
                "help": column.get("help") or column.get("label"),
            }
    return config


def unit_table(
    df: pl.DataFrame,
    ctx,
    key: str,
    columns: Sequence[str],
    column_config: Mapping[str, object],
    height: int | str = "auto",  # or "fit": as tall as the rows (up to 12)
) -> None:
    """A table of units: choosing a row opens that unit's profile (same tab, same session);
    the profile column is a plain link that can be opened in a new tab or bookmarked."""
    shown = with_profile_links(df, ctx)
    config = unit_table_config(column_config, ctx.lang, on_a_phone())
    if height == "fit":
        height = fitted_height(shown.height)
    event = tables.dataframe(
        shown,
        hide_index=True,
        column_order=[*columns, "profile"],
        column_config=config,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        height=height,
    )
    rows = event.selection.rows if event else []
    if rows:
        open_profile(shown["unit_code"][rows[0]], ctx)


def fitted_height(rows: int, most: int = 12) -> int:
    """A table height that shows up to ``most`` rows without an inner scroll bar."""
    return tables.rows_height(min(rows, most))


def open_profile(unit_code: str, ctx) -> None:
    params = {"unit": unit_code, **ctx.link_params()}
    try:
        st.switch_page(UNIT_PAGE, query_params=params)
    except StreamlitAPIException:
        # AppTest registers only the page under test; a link does the same job there.
        st.markdown(f"[{literal(unit_code)}]({unit_url(ctx, unit_code)})")


def page_link(ctx, path: str, label_key: str, icon: str | None = None, **params: str) -> None:
    """A link to another page keeping the shared selections (and ``params``)."""
    label = t(label_key, ctx.lang)
    query_params = {**ctx.link_params(), **params}
    try:
        st.page_link(path, label=label, query_params=query_params, icon=icon)
    except StreamlitPageNotFoundError:
        # AppTest registers only the page under test; a plain link is the same link.
        stem = path.removeprefix("pages/").removesuffix(".py")
        st.markdown(f"[{label}]({stem}?{urlencode(query_params)})")


# ---------------------------------------------------------------- filters in the URL


def url_choice(name: str, options: Sequence, default):
    """A page filter's value from the URL when it is one of ``options``, else ``default``."""
    asked = st.query_params.get(name)
    return asked if asked in options else default


def url_choices(name: str, options: Sequence) -> list:
    """A multi-valued filter from the URL (?district=A&district=B), keeping valid values."""
    return [v for v in st.query_params.get_all(name) if v in options]


def seed_widget(key: str, value) -> None:
    """Give a keyed widget its starting value (from the URL) the first time it is drawn, and
    its own value again when the run before stopped before drawing it (``redrawing``): the
    browser draws it anew with its first option otherwise, and sends that back."""
    if key not in st.session_state:
        st.session_state[key] = value
    elif redrawing():
        st.session_state[key] = st.session_state[key]


def forget_widgets(*prefixes: str) -> None:
    """Forget the values of every keyed widget whose key starts with one of ``prefixes``: they
    are seeded again (``seed_widget``, a box's default) when next drawn."""
    for key in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[key]


def same_choice_in_either_language(ctx, *keys: str) -> None:
    """Give each keyed box (``keys``: selectbox, multiselect, segmented control) back its own
    choice when the page's language changed since the box was drawn. Streamlit keeps a box's
    choice in the browser as the words it showed (已整改): in the other language no option has
    those words, and the next Apply silently chose the first option (the ledger's 已整改
    became "Open (including overdue)"). Only then: at other reruns a form's box keeps what
    was chosen in it but not yet applied. Call it before the boxes are drawn."""
    drawn = st.session_state.setdefault("_box_languages", {})
    for key in keys:
        if key in st.session_state and drawn.get(key, ctx.lang) != ctx.lang:
            st.session_state[key] = st.session_state[key]
        drawn[key] = ctx.lang


def district_filter(container, ctx, key: str, districts: list[str], many: bool = False):
    """The district filter of a page's filter form, seeded from the URL (``district``): one
    district or all (``many``: several or all)."""
    label, empty = ctx.t("pages.filter.district"), ctx.t("pages.filter.all_districts")
    if many:
        seed_widget(key, url_choices("district", districts))
        return container.multiselect(
            label, districts, key=key, placeholder=empty, select_all=SELECT_ALL
        )
    seed_widget(key, url_choice("district", districts, None))
    return container.selectbox(label, districts, key=key, index=None, placeholder=empty)


def keep_in_url(**values) -> None:
    """Write filters to the URL (lists as repeated parameters); drop empty ones."""
    for name, value in values.items():
        if value in (None, "", []):
            if name in st.query_params:
                del st.query_params[name]
        elif isinstance(value, list | tuple):
            if st.query_params.get_all(name) != [str(v) for v in value]:
                st.query_params[name] = [str(v) for v in value]
        elif st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)


# ---------------------------------------------------------------- words and numbers


def with_rank_words(df: pl.DataFrame) -> pl.DataFrame:
    """Add ``movement`` and ``rank_range`` to a ranking's rows: written as the deck and the
    circular write it (``fmt_rank_range``: "2–5", "3" for a range of one rank), blank where
    there is none."""
    ranges = pl.struct("rank_low", "rank_high").map_elements(
        lambda r: fmt_rank_range(r["rank_low"], r["rank_high"]), return_dtype=pl.String
    )
    both = pl.col("rank_low").is_not_null() & pl.col("rank_high").is_not_null()
    return df.with_columns(
        movement(), pl.when(both).then(ranges).otherwise(pl.lit("")).alias("rank_range")
    )


def movement() -> pl.Expr:
    """``movement`` from ``rank_change``: ▲3 moved up three places, ▼2 down two, ＝ no
    change, blank when there is no change to give (not ranked before, a quarter under way)."""
    return rank_move_expr().fill_null("").alias("movement")


def with_status_labels(df: pl.DataFrame, ctx) -> pl.DataFrame:
    """The table with ``status_label``: each row's ``status`` (ranked, overdue, closed_late…)
    in the page's language (``pages.status.<status>``)."""
    statuses = {s: ctx.t(f"pages.status.{s}") for s in df["status"].drop_nulls().unique()}
    return df.with_columns(
        pl.col("status").replace_strict(statuses, default="").alias("status_label")
    )


def indicator_label(row: Mapping[str, object], lang: str) -> str:
    return str(row["name_zh"] if lang == "zh" else row["name_en"])


# Numbers as people read them, with the one dash for a missing value (charts/labels.py).
number = fmt_number
percent = fmt_share


def change_delta(ctx, change: float | None, scale: float = 1, words: str | None = None) -> dict:
    """``st.metric``'s delta arguments for a change on the previous quarter (× ``scale``; in
    ``words``, an i18n key with a {value} field: "+3.2 个百分点"), half up to one decimal as
    every shown figure: one that shows as 0.0 says unchanged, grey and without an arrow, as the
    deck's headline does (a province's mean index moved by −0.04 read as a red ↓ -0.0)."""
    if change is None:
        return {"delta": None}
    direction, size = change_direction(change, scale)
    if direction == "flat":
        return {"delta": ctx.t("pages.change_flat"), "delta_color": "off", "delta_arrow": "off"}
    value = f"{size if direction == 'up' else -size:+.1f}"
    return {"delta": ctx.t(words, value=value) if words else value}


def empty_state(ctx, key: str, **fmt) -> None:
    """An explained empty state: what is missing and where to fix it (``fmt``'s texts shown
    literally: they may be names from files)."""
    text = literal_t(ctx, key, quarter=ctx.quarter_text, **fmt)
    st.info(text, icon=":material/info:")


def no_data_state(ctx) -> None:
    """The empty state of a page with no quarter to show: with no unit registered yet (a new
    bureau) the registry comes first, since every other file is checked against it; else the
    quarter's files."""
    empty_state(ctx, "pages.no_data" if not query("units").is_empty() else "pages.no_units")


def labels_for(columns: Sequence[str], lang: str) -> dict[str, str]:
    """Column headers for tables and downloads, from the pages' strings (pages.col.<name>)."""
    return {c: t(f"pages.col.{c}", lang) for c in columns}


DATE_COLUMNS = (
    "inspection_date",
    "rectify_by",
    "rectified_on",
    "received_on",
    "deadline",
    "oldest_open_date",
    "activity_date",
)
DATETIME_COLUMNS = ("loaded_at",)
PERCENT_COLUMNS = ("on_time_rate", "weight_covered", "attainment")
ONE_DECIMAL_COLUMNS = ("mean_days_to_close",)
# counts and days, with thousands separators in the viewer's locale (3,076 as the cards above
# the tables say 42,805), where they showed as 3076
COUNT_COLUMNS = (
    "units",
    "open_findings",
    "overdue_open",
    "closed",
    "findings_total",
    "units_meeting",
    "units_with_value",
    "sessions",
    "participants",
    "days_overdue",
    "days_late",
    "days_to_close",
    "oldest_open_days",
)


# Streamlit's "percent" format shows as many decimals as the column's step has, less two: a
# step of 0.001 shows shares to one decimal (70.5%), as ``percent`` writes them; without a
# step it showed up to two (33.33% beside 50%)
PERCENT_STEP = 0.001


def percent_column(label: str):
    """A column of shares (0.705) shown as percentages to one decimal: 70.5%."""
    return st.column_config.NumberColumn(label, format="percent", step=PERCENT_STEP)


def index_column(label: str):
    """A column of civility indices to two decimals, as ranked (docs/METHOD.md §4: equal
    shown values share a rank): 100.00 beside 99.72."""
    return st.column_config.NumberColumn(label, format="%.2f")


def text_columns(columns: Sequence[str], lang: str) -> dict[str, object]:
    """Column config giving every listed column its translated header (dates as dates, shares
    as percentages, mean days to one decimal, counts with thousands separators)."""
    config: dict[str, object] = {}
    for c in columns:
        label = t(f"pages.col.{c}", lang)
        if c in DATE_COLUMNS:
            config[c] = st.column_config.DateColumn(label, format="YYYY-MM-DD")
        elif c in DATETIME_COLUMNS:
            config[c] = st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm")
        elif c in PERCENT_COLUMNS:
            config[c] = percent_column(label)
        elif c in ONE_DECIMAL_COLUMNS:
            config[c] = st.column_config.NumberColumn(label, format="%.1f")
        elif c in COUNT_COLUMNS:
            config[c] = st.column_config.NumberColumn(label, format="localized")
        else:
            config[c] = st.column_config.Column(label)
    return config
