"""The draft circular (通报) for the quarter, as an editable Word document.

Names are chosen by ``queries.selection`` (the stated rules, repeated in the appendix); this
module only writes them down in the formal register of a bureau circular, in Chinese or, on
request, English. The analyst edits the draft before it goes out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import polars as pl
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

from charts.coverage import Coverage
from charts.document_properties import LANGUAGE_TAGS, stamp_office
from charts.labels import (
    MISSING,
    change_direction,
    fmt_date,
    fmt_number,
    fmt_rank_range,
    fmt_value,
    group_label,
    half_up,
    indicator_name,
    names_told_apart,
    quarter_label,
)
from etl.contracts import ALL_PEER_GROUPS, CLOSING, MERGED, peer_groups_in_order
from etl.messages import listed
from etl.widths import break_pieces, is_short, is_wide
from i18n import t
from queries.composed import DEFAULT_DRAWS, closed_since
from queries.selection import CircularRules, Selection, select_units

BODY_FONT_ZH = "仿宋"
HEADING_FONT_ZH = "黑体"
# the title's: the 小标宋 of Chinese offices' PCs (where it is missing, Word draws the title in
# a font it has, which the office then sets)
TITLE_FONT_ZH = "方正小标宋简体"
LATIN_FONT = "Times New Roman"
MAX_OVERDUE_ROWS = 200
MAX_REVISION_ROWS = 200
BODY_PT = 16  # 三号, the body of a 公文 (GB/T 9704-2012)
TITLE_PT = 22  # 二号, its title
TABLE_PT = 10.5  # 五号: a table's text, smaller than the body's so its columns hold it
CELL_MARGINS_PT = 2 * 0.08 * 72  # Word's cell margins, left and right (0.08 in each)


@dataclass
class CircularInput:
    """The named queries' frames the circular is drafted from."""

    quarter: str
    lang: str
    rankings: pl.DataFrame  # ``rankings`` of every peer group, stacked
    indicator_values: pl.DataFrame
    funnels: pl.DataFrame  # ``funnel`` per proportion indicator and peer group + indicator_code
    overdue: pl.DataFrame  # ``findings`` with status overdue
    late_loads: pl.DataFrame  # ``late_loads`` rows that are late
    # the quarter's missing reports (``completeness`` rows not reported: unit × kind)
    missing: pl.DataFrame = field(default_factory=pl.DataFrame)
    # what part of the bureau the circular lists, and whose its overview's figures are
    coverage: Coverage = field(default_factory=Coverage)
    headline: pl.DataFrame = field(default_factory=pl.DataFrame)  # ``bureau_headline``
    loaded_up_to: str = MISSING
    rules: CircularRules = field(default_factory=CircularRules)
    state: str = ""  # which data state the figures come from (charts.pack.data.gather_state)
    # a quarter not yet ended: the day its figures and ledger are counted at (today, as the
    # queries' macro ledger_day has it); '' for a quarter that has ended
    as_at: str = ""
    # changes to the indicator system from the previous quarter (PackData.system_changes)
    system_changes: int = 0
    # the indicator codes in the indicator system's order (query ``indicators``): a named
    # unit's reasons are listed in it; codes not in it come last, by code
    indicator_order: tuple[str, ...] = ()
    # a re-issued circular (its quarter published again after a correction): the number and
    # day (in words) of the publication it replaces, and the units whose figures or ranks it
    # revised (PackData.revision: query publication_revisions per peer group + peer_group)
    replaces_number: int | None = None
    replaces_date: str = ""
    revision: pl.DataFrame = field(default_factory=pl.DataFrame)
    # the units the replaced publication's circular praised and named (PackData.listed_before)
    listed_before: Selection | None = None
    # the units whose name or district was corrected since (PackData.registry_corrected)
    registry_corrected: pl.DataFrame = field(default_factory=pl.DataFrame)


def circular_docx(source: CircularInput) -> bytes:
    """The draft circular (DOCX) for its input (the pack makes one: charts.pack.circular_input)."""
    return write_circular(source, selection_in_scope(source))


def selection_in_scope(source: CircularInput) -> Selection:
    """The units the rules name, among those listed. A circular limited to some districts or
    to a reader's scope gets its frames already narrowed to their units by the query runner
    (queries/scope.py: a unit is its district's by its latest registry row, also in a quarter
    it belonged elsewhere); the ranks and group sizes in them are still the whole groups'."""
    return select_units(source.rankings, source.indicator_values, source.funnels, source.rules)


# ---------------------------------------------------------------- wording


def say(key: str, lang: str, **fmt) -> str:
    """The circular's text for ``key`` (i18n/strings_circular.py) in its language."""
    return t(f"circular.{key}", lang, **fmt)


def reason_text(row: dict, lang: str) -> str:
    """One indicator that put a unit on the list, with its value, target and the test it failed."""
    words = {
        "name": indicator_name(row, lang),
        "value": fmt_value(row["value"], row["unit"]),
        "target": fmt_value(row["target"], row["unit"]),
    }
    if row["reason"] == "funnel":
        return say("reason.funnel", lang, limit=fmt_value(row["lower95"], row["unit"]), **words)
    return say("reason.margin", lang, **words)


def plausible_ranks(low, high, lang: str) -> str:
    """A unit's plausible rank range in words: a single rank when the range holds one."""
    if low is not None and low == high:
        return say("range.one", lang, rank=low)
    return say("range.span", lang, ranks=fmt_rank_range(low, high))


# ---------------------------------------------------------------- the document


# GB/T 9704-2012, the layout of official documents: A4, a text block 156 × 225 mm whose top
# lies 37 mm and left side 28 mm from the page's (python-docx's default is US Letter)
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


def new_document(lang: str):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(size) for size in PAGE_MM)
    for side, size in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(size))
    zh = lang == "zh"
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        qn("w:eastAsia"), BODY_FONT_ZH if zh else LATIN_FONT
    )
    # the template's title and headings are blue, the title ruled underneath, their fonts
    # named by its theme, which Word reads before the font named beside it: a circular's are
    # black, in the fonts set here
    for name in ("Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        style.font.name = LATIN_FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
        # GB/T 9704-2012: the title 二号 小标宋, headings 三号 黑体 (the body's size), none bold
        title = name == "Title"
        style.font.size = Pt(TITLE_PT if title else BODY_PT)
        style.font.bold = False
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{theme}"), None)
        chinese = TITLE_FONT_ZH if title else HEADING_FONT_ZH
        fonts.set(qn("w:eastAsia"), chinese if zh else LATIN_FONT)
    # the template says the text is American English (en-US, also for East Asian text): Word
    # would check a Chinese circular's spelling as English; it is in the document's language
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    language = defaults.find(qn("w:rPr")).find(qn("w:lang"))
    language.set(qn("w:val"), LANGUAGE_TAGS[lang])
    language.set(qn("w:eastAsia"), LANGUAGE_TAGS["zh"])
    rule = doc.styles["Title"].element.get_or_add_pPr().find(qn("w:pBdr"))
    if rule is not None:
        rule.getparent().remove(rule)
    page_numbers(section)
    return doc


def page_numbers(section) -> None:
    """Each page's number at its foot, "— 1 —" (GB/T 9704-2012: a circular of twenty pages
    had none), as a PAGE field that Word and LibreOffice fill in."""
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.text = "1"
    number.append(shown)
    field.append(number)
    foot._p.append(field)
    foot.add_run(" —")


def paragraph(doc, text: str = "", bold_lead: str = "", indent: bool = True):
    para = doc.add_paragraph()
    if indent:
        para.paragraph_format.first_line_indent = Pt(2 * BODY_PT)  # two characters
    if bold_lead:
        para.add_run(bold_lead).bold = True
    if text:
        para.add_run(text)
    return para


def table(doc, columns: list[str], rows: list[list[str]]) -> None:
    """A grid with a bold heading row, repeated at the top of every page it runs onto, each
    row kept on one page, its columns as wide as their texts need (``column_widths``): Word's
    equal columns gave a province's 20-character unit names an inch and wrapped them onto
    four lines, while the days overdue had as much room."""
    grid = doc.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    grid.autofit = False
    heading = grid.rows[0]
    heading._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, name in zip(heading.cells, columns, strict=True):
        run = cell.paragraphs[0].add_run(name)
        run.bold, run.font.size = True, Pt(TABLE_PT)
    for values in rows:
        row = grid.add_row()
        # a row of several lines whole on one page, never a unit's name on one and its
        # finding on the next
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run(value).font.size = Pt(TABLE_PT)
    section = doc.sections[-1]
    text_width = Emu(section.page_width - section.left_margin - section.right_margin).pt
    widths = column_widths([columns, *rows], text_width)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Pt(width)
        for cell in column.cells:
            cell.width = Pt(width)


def text_pt(text: str, size: float = TABLE_PT) -> float:
    """A text's width on one line: a Chinese (full-width) character one em, others half, and
    a quarter em where Chinese and Latin text meet (Word's and WPS's default spacing between
    them: 2024年10月31日 takes 8.25 em, not 7)."""
    wide = [is_wide(ch) for ch in text]
    meets = sum(a != b for a, b in zip(wide, wide[1:], strict=False))
    return size * (sum(1.0 if w else 0.5 for w in wide) + 0.25 * meets)


# A Latin letter's width in ems, at most: Times New Roman's bold capitals and w reach 0.7 em
# (Township, Rank in the bold heading broke at half an em); digits and their punctuation are
# half an em
LATIN_EM = 0.6


def unbroken_pt(text: str, size: float = TABLE_PT) -> float:
    """The width of the text's longest run that a line may not break: Latin letters, digits
    and their punctuation between spaces, hyphens and Chinese characters (1,060 days, 98.33,
    Index). Writer broke such a run where its column was narrower (1,06 / 0, Inde / x); a
    date may break after its hyphens (2026- / 11-05), as Word and Writer break it."""
    latin = "".join(" " if is_wide(ch) else ch for ch in text)
    runs = latin.replace("-", "- ").split()
    ems = (sum(LATIN_EM if ch.isalpha() else 0.5 for ch in run) for run in runs)
    return max(ems, default=0.0) * size


def two_lines_pt(text: str) -> float:
    """The narrowest line on which ``text`` takes at most two lines: a line breaks between
    pieces (``break_pieces``), so the first may end a piece short of half the text."""
    widest = max((text_pt(piece.strip()) for piece in break_pieces(text)), default=0.0)
    return (text_pt(text) + widest) / 2


def column_widths(lines: list[list[str]], total_pt: float) -> list[float]:
    """Widths (pt) adding up to ``total_pt``, each column's in proportion to its longest text
    (the heading, ``lines[0]``, included): when they do not all fit on a line, every column
    then wraps onto about as many lines, the fewest the row can take, where equal columns
    wrapped a unit's name onto four lines beside a number on one. A column is never so
    narrow that its heading takes more than two lines (逾期天数 stood a character a line), nor
    narrower than its longest run of Latin letters and digits (``unbroken_pt``); and, when
    the line has room for it, nor so narrow that its longest text takes more than two (a
    province's 市州 stood 七 / 里 / 河 / 区 beside its 20-character unit names). Before all
    that, when the line has room for them, a column's short texts (``etl.widths.is_short``)
    are whole: squeezed in proportion, every column of the commended table lost a little and
    LibreOffice broke 七里河 / 区, 名 / 次 and 名次区 / 间 a character short (where that
    leaves every other text its two lines); failing that, the short texts below the headings
    are whole and the longer texts keep two lines while the line has room (``short_body_first``)."""
    needs = [
        max(text_pt(str(v)) for v in col) + CELL_MARGINS_PT for col in zip(*lines, strict=True)
    ]
    floors = [
        max(text_pt(str(col[0])) / 2, *(unbroken_pt(str(v)) for v in col)) + CELL_MARGINS_PT
        for col in zip(*lines, strict=True)
    ]
    # half the longest text, and the margins
    halves = [(need - CELL_MARGINS_PT) / 2 + CELL_MARGINS_PT for need in needs]
    two_lines = [max(pair) for pair in zip(floors, halves, strict=True)]
    # each column's longest short text (a district, a heading of a few characters, a rank)
    # whole, where squeezed in proportion with the rest it broke a character short; only
    # when every other text still takes at most two lines (``two_lines_pt``)
    short = [
        max((text_pt(str(v)) for v in col if is_short(str(v))), default=0) + CELL_MARGINS_PT
        for col in zip(*lines, strict=True)
    ]
    two = [
        max(two_lines_pt(str(v)) for v in col) + CELL_MARGINS_PT for col in zip(*lines, strict=True)
    ]
    whole = [max(trio) for trio in zip(floors, two, short, strict=True)]
    if sum(whole) <= total_pt:
        floors = whole
    elif sum(body := short_body_first(lines, floors, total_pt)) <= total_pt:
        floors = body
    elif sum(two_lines) <= total_pt:
        floors = two_lines
    if sum(floors) >= total_pt:
        # not even the narrowest columns fit the line (the nine English headings of a revised
        # circular's table, overdue findings included): each its share of the line, where the
        # columns fixed at their floors left the unit's name a negative width (a traceback)
        return [total_pt * floor / sum(floors) for floor in floors]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(needs)) if i not in fixed]
        room = total_pt - sum(fixed.values())
        share = sum(needs[i] for i in free)
        widths = {i: room * needs[i] / share for i in free}
        narrow = {i: floors[i] for i in free if widths[i] < floors[i]}
        if not narrow or len(narrow) == len(free):
            return [fixed[i] if i in fixed else widths[i] for i in range(len(needs))]
        fixed |= narrow


def short_body_first(lines: list[list[str]], floors: list[float], total_pt: float) -> list[float]:
    """The floors when not every text fits whole with the rest on two lines: each column's
    short texts below the heading whole (a district, an item of four characters), the
    heading on two lines at most (逾期 / 天数), then the longer texts on two lines column by
    column from the first (the unit's name) while the line has room, the last ones taking
    what is left. The overdue table of the demo stood 七里 / 河区 and 收费公 / 示 beside
    names and findings on two lines: a finding on three reads as well, a district broken
    does not."""
    cells = [[str(v) for v in col[1:]] for col in zip(*lines, strict=True)]
    short = [max((text_pt(v) for v in col if is_short(v)), default=0) for col in cells]
    body = [max(f, s + CELL_MARGINS_PT) for f, s in zip(floors, short, strict=True)]
    two = [max(map(two_lines_pt, col), default=0) + CELL_MARGINS_PT for col in cells]
    for i, need in enumerate(two):
        if need > body[i] and sum(body) - body[i] + need <= total_pt:
            body[i] = need
    return body


def columns(lang: str, *keys: str) -> list[str]:
    return [say(f"col.{key}", lang) for key in keys]


def write_circular(source: CircularInput, chosen: Selection) -> bytes:
    lang = source.lang
    doc = new_document(lang)
    write_heading(doc, source)
    write_overview(doc, source)
    write_commended(doc, chosen, lang, source.rankings, unfinished=bool(source.as_at))
    write_named(doc, chosen, lang, source.indicator_order, unfinished=bool(source.as_at))
    write_overdue(doc, source)
    write_late(doc, source)
    write_requirements(doc, lang, chosen, unfinished=bool(source.as_at))
    # in the body: nothing but the annex may follow the signature (GB/T 9704-2012)
    write_revision(doc, source)
    write_list_changes(doc, source, chosen)
    write_registry_corrected(doc, source)
    paragraph(doc, say("appendix.reference", lang))
    write_signature(doc, lang)
    write_appendix(doc, source)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def write_heading(doc, source: CircularInput) -> None:
    lang = source.lang
    label = quarter_label(source.quarter, lang, formal=True)
    group = source.coverage.figures_group
    if group == ALL_PEER_GROUPS:
        heading = say("title", lang, quarter=label)
    else:  # the figures are the group's: so is the circular
        heading = say("title_group", lang, quarter=label, group=group_label(group, lang))
    stamp_office(doc.core_properties, heading, lang)
    title = doc.add_heading(heading, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    draft = doc.add_paragraph(say("draft_revised" if source.replaces_number else "draft", lang))
    draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if source.state:
        doc.add_paragraph(source.state).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if source.as_at:
        unfinished = say("unfinished", lang, quarter=label, day=source.as_at)
        doc.add_paragraph(unfinished).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if source.coverage.partial:
        doc.add_paragraph(covered_note(source.coverage, lang)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(doc, say("addressees", lang), indent=False)


def covered_note(coverage: Coverage, lang: str) -> str:
    """Whose units the lists hold (a unit, districts, peer groups) and whose the overview's
    figures are (the city's, or all the units of the one peer group chosen)."""
    if coverage.figures_group == ALL_PEER_GROUPS:
        figures = say("covered.figures_city", lang)
    else:
        figures = say(
            "covered.figures_group", lang, group=group_label(coverage.figures_group, lang)
        )
    if coverage.unit:
        return say("covered_unit", lang, unit=coverage.unit, figures=figures)
    return say("covered", lang, listed=coverage.listed(lang), figures=figures)


def write_overview(doc, source: CircularInput) -> None:
    lang = source.lang
    label = quarter_label(source.quarter, lang, formal=True)
    head = source.headline.row(0, named=True) if source.headline.height else {}
    index, change = head.get("bureau_index"), head.get("index_change")
    # the figures are the city's, or the one peer group's the circular is limited to
    group = source.coverage.figures_group
    of_group = "" if group == ALL_PEER_GROUPS else "_group"
    group = group_label(group, lang)
    rate = head.get("attainment_rate")
    figures = []
    # a quarter under way: the figures are those of the units reported so far, not the
    # bureau's, and no change on the previous quarter's whole figures is a trend
    reported = "_reported" if source.as_at else of_group
    if index is not None:
        trend = ""
        if change is not None and not source.as_at:
            key, delta = change_direction(change)
            trend = say(f"overview.trend_{key}", lang, delta=delta)
        figures.append(
            say(f"overview.index{reported}", lang, group=group, index=half_up(index), trend=trend)
        )
    if rate is not None:
        figures.append(say("overview.rate", lang, rate=half_up(rate * 100)))
    assessed = head.get("units_assessed")
    units = (
        say(f"overview.units_all{of_group}", lang, group=group)
        if assessed is None
        else say(f"overview.units_n{of_group}", lang, group=group, n=assessed)
    )
    if source.as_at:
        lead = say("overview.lead_unfinished", lang, quarter=label, units=units, day=source.as_at)
    else:
        lead = say("overview.lead", lang, quarter=label, units=units)
    joined = say("sep.clauses", lang).join(figures)
    if joined and lang != "zh":
        joined = " " + joined[0].upper() + joined[1:]
    summary = joined + say("stop", lang) if joined else ""
    if index is not None and source.system_changes:
        # as the Overview and Rankings pages say beside a quarter's changes
        summary += say("overview.system_changed", lang, count=source.system_changes)
    paragraph(doc, lead + summary + say("overview.follows", lang))


def units_by_group(frame: pl.DataFrame) -> list[tuple[str, pl.DataFrame]]:
    """The frame's rows per peer group, the groups in the registry's order, as the deck lists
    them."""
    groups = peer_groups_in_order(frame["peer_group"])
    return [(g, frame.filter(pl.col("peer_group") == g)) for g in groups]


def write_commended(
    doc, chosen: Selection, lang: str, among: pl.DataFrame, unfinished: bool = False
) -> None:
    """The units commended, group by group, each told apart from a unit of ``among`` (every
    group's rankings) that has its name. None in a quarter under way (``unfinished``): its
    ranking is of the units that reported so far."""
    doc.add_heading(say("commended.heading", lang), level=1)
    if unfinished:
        paragraph(doc, say("lists_unfinished", lang))
        return
    if chosen.commended.is_empty():
        paragraph(doc, say("commended.none", lang))
        return
    paragraph(doc, say("commended.intro", lang))
    # the paragraphs and the table list the groups in the same order, each best first
    by_group = [
        (group, units.sort("rank", "unit_code"))
        for group, units in units_by_group(chosen.commended)
    ]
    for group, units in by_group:
        names = say("sep.names", lang).join(names_told_apart(units, among, lang))
        lead = say("group_lead", lang, group=group_label(group, lang))
        paragraph(doc, names + say("stop", lang), bold_lead=lead)
    rows = [
        [
            group_label(r["peer_group"], lang),
            r["unit_name"],
            r["district"],
            f"{r['value']:.2f}",
            str(r["rank"]),
            fmt_rank_range(r["rank_low"], r["rank_high"]),
        ]
        for _, units in by_group
        for r in units.iter_rows(named=True)
    ]
    names = columns(lang, "group", "unit", "district", "index", "rank", "rank_range")
    table(doc, names, rows)


def write_named(
    doc, chosen: Selection, lang: str, indicator_order=(), unfinished: bool = False
) -> None:
    """The units named for rectification, each with its reasons; none in a quarter under way
    (``unfinished``): of a group of 24 whose first district had reported, two of its five
    units were named as the group's last (trial, session 58)."""
    doc.add_heading(say("named.heading", lang), level=1)
    if unfinished:
        paragraph(doc, say("lists_unfinished", lang))
        return
    if chosen.named.is_empty():
        paragraph(doc, say("named.none", lang))
        return
    paragraph(doc, say("named.intro", lang))
    position = {code: i for i, code in enumerate(indicator_order)}
    listed = chosen.reasons.with_columns(
        pl.col("indicator_code").replace_strict(position, default=len(position)).alias("order")
    ).sort("unit_code", "order", "indicator_code")
    reasons = {}
    for row in listed.iter_rows(named=True):
        reasons.setdefault(row["unit_code"], []).append(reason_text(row, lang))
    # the groups in the contracts' order, as the commended section and the deck list them,
    # each from its lowest rank up
    named = [r for _, units in units_by_group(chosen.named) for r in units.iter_rows(named=True)]
    for r in named:
        where = say(
            "named.where",
            lang,
            district=r["district"],
            group=group_label(r["peer_group"], lang),
            value=r["value"],
            rank=r["rank"],
            units=r["units_ranked"],
            plausible=plausible_ranks(r["rank_low"], r["rank_high"], lang),
        )
        because = say("sep.clauses", lang).join(reasons.get(r["unit_code"], []))
        paragraph(doc, where + because + say("stop", lang), bold_lead=r["unit_name"])


def write_overdue(doc, source: CircularInput) -> None:
    lang = source.lang
    doc.add_heading(say("overdue.heading", lang), level=1)
    overdue = source.overdue.sort("days_overdue", "unit_code", descending=[True, False])
    if source.as_at:
        as_at = say("overdue.as_at_day", lang, day=source.as_at)
    else:
        as_at = say("overdue.as_at_end", lang)
    if overdue.is_empty():
        paragraph(doc, say("overdue.none", lang, as_at=as_at))
        return
    units = overdue["unit_code"].n_unique()
    paragraph(doc, say("overdue.intro", lang, as_at=as_at, findings=overdue.height, units=units))
    shown = overdue.head(MAX_OVERDUE_ROWS)
    # each unit's district beside it, as on the deck's slide: the circular goes to each
    # district's bureau, which looks for its own units in the list
    rows = [
        [
            r["unit_name"],
            r["district"],
            r["item"],
            r["finding"] or "",
            fmt_date(r["inspection_date"], lang, short=True),
            fmt_date(r["rectify_by"], lang, short=True),
            fmt_number(r["days_overdue"], 0),  # as the deck writes it: 1,058
        ]
        for r in shown.iter_rows(named=True)
    ]
    names = columns(
        lang, "unit", "district", "item", "finding", "inspected", "deadline", "days_overdue"
    )
    table(doc, names, rows)
    if overdue.height > shown.height:
        paragraph(doc, say("overdue.shown", lang, n=shown.height))


def rank_in(rank: int | None, group: str | None, lang: str) -> str:
    """A revised unit's rank, with the peer group it is in when that is not the row's (a unit
    regrouped between the two publications: queries.composed.in_other_groups)."""
    if rank is None:
        return MISSING
    if group is None:
        return str(rank)
    return say("revision.rank_in", lang, rank=rank, group=group_label(group, lang))


def regrouped(revised: pl.DataFrame) -> pl.Series:
    """Revised units in another peer group on one side (queries.composed.in_other_groups)."""
    named = [c for c in ("published_group", "current_group") if c in revised.columns]
    if not named:
        return pl.Series([False] * revised.height)
    return revised.select(pl.any_horizontal(pl.col(c).is_not_null() for c in named)).to_series()


def last_quarter_corrected(revised: pl.DataFrame) -> pl.Series:
    """Revised units whose last quarter's index changed in their own group: its data were
    corrected (a regrouped unit's differs by its groups' targets, no correction; a unit closed
    since has no figure now, and its last quarter stands: a trial's 修订稿 said it corrected)."""
    changed = revised["published_previous"].ne_missing(revised["current_previous"])
    return changed & ~regrouped(revised) & ~revised.select(closed_since()).to_series()


def figures_of_the_quarter_changed(revised: pl.DataFrame) -> pl.Series:
    """Revised units whose index, rank or overdue findings of the quarter itself changed."""
    return (
        revised["published_value"].ne_missing(revised["current_value"])
        | revised["published_rank"].ne_missing(revised["current_rank"])
        | revised["published_overdue"].ne_missing(revised["current_overdue"])
        | regrouped(revised)
    )


def write_revision(doc, source: CircularInput) -> None:
    """A re-issued circular's note: that it revises an earlier one (修订), which, and the units
    whose own figures the correction changed, with their index and rank in their peer group
    before and after, the largest change first (as query publication_revisions sorts them),
    and their overdue findings before and after when any of theirs changed (a revision of
    those alone listed the index and rank as they were, and not what was revised), and last
    quarter's index their change is counted from when a correction of last quarter's data
    changed it (it said "均未变动" while the changes it gave had moved); the units
    only moved in rank by them are counted, not listed (a province's one corrected hospital
    moves a hundred others by a place)."""
    if source.replaces_number is None:
        return
    lang = source.lang
    words = {"number": source.replaces_number, "date": source.replaces_date}
    own = source.revision.filter(~pl.col("moved_only")) if source.revision.height else None
    if own is None:
        paragraph(
            doc, say("revision.unchanged", lang, **words), bold_lead=say("revision.lead", lang)
        )
        return
    moved = source.revision.height - own.height
    if own.is_empty():  # the corrected units are not among those listed (a district's)
        text = say("revision.moved_only", lang, moved=moved, **words)
        paragraph(doc, text, bold_lead=say("revision.lead", lang))
        return
    overdue = own["published_overdue"].ne_missing(own["current_overdue"]).any()
    previous = last_quarter_corrected(own)
    intro = "revision.intro_overdue" if overdue else "revision.intro"
    if previous.all() and not figures_of_the_quarter_changed(own).any():
        intro = "revision.intro_previous"  # last quarter's data alone: no index, rank revised
    text = say(intro, lang, units=own.height, **words)
    if previous.any() and intro != "revision.intro_previous":
        text += say("revision.previous", lang, units=int(previous.sum()))
    if moved:
        text += say("revision.moved", lang, moved=moved)
    paragraph(doc, text + say("stop", lang), bold_lead=say("revision.lead", lang))
    # a unit's district as ranked now, or, closed since, as the registry note gives it
    districts = pl.concat(
        [
            source.rankings.select("unit_code", "district"),
            source.registry_corrected.select("unit_code", "district")
            if "district" in source.registry_corrected.columns
            else pl.DataFrame(schema={"unit_code": pl.String, "district": pl.String}),
        ],
        how="vertical_relaxed",
    ).unique("unit_code", keep="first", maintain_order=True)
    shown = own.join(districts, on="unit_code", how="left").head(MAX_REVISION_ROWS)
    rows = [
        [
            r["unit_name"],
            r["district"] or MISSING,
            group_label(r["peer_group"], lang),
            fmt_number(r["published_value"], 2),
            fmt_number(r["current_value"], 2),
            rank_in(r["published_rank"], r.get("published_group"), lang),
            rank_in(r["current_rank"], r.get("current_group"), lang),
            *(
                [fmt_number(r["published_overdue"], 0), fmt_number(r["current_overdue"], 0)]
                if overdue
                else []
            ),
            *(
                [fmt_number(r["published_previous"], 2), fmt_number(r["current_previous"], 2)]
                if previous.any()
                else []
            ),
        ]
        for r in shown.iter_rows(named=True)
    ]
    names = columns(
        lang,
        "unit",
        "district",
        "group",
        "index_before",
        "index_after",
        "rank_before",
        "rank_after",
        *(("overdue_before", "overdue_after") if overdue else ()),
        *(("previous_before", "previous_after") if previous.any() else ()),
    )
    table(doc, names, rows)
    if own.height > shown.height:
        paragraph(doc, say("revision.shown", lang, n=shown.height))


def write_list_changes(doc, source: CircularInput, chosen: Selection) -> None:
    """A re-issued circular's lists against the replaced one's: each unit no longer praised
    or named, and each newly so, by name. A correction that widened a unit's rank range past
    the bottom ten took it off the rectification list while its rank stayed 19 → 19: the
    revision table could not explain it, and a unit named in public was quietly dropped."""
    before = source.listed_before
    if source.replaces_number is None or before is None or source.as_at:
        return  # a quarter under way's circular lists no unit (``write_named``)
    lang = source.lang
    for key, then, now in (
        ("commended", before.commended, chosen.commended),
        ("named", before.named, chosen.named),
    ):
        left = then.join(now, on="unit_code", how="anti")["unit_name"].to_list()
        joined = now.join(then, on="unit_code", how="anti")["unit_name"].to_list()
        words = {"number": source.replaces_number, "list": say(f"revision.list_{key}", lang)}
        if left:
            text = say("revision.list_left", lang, units=listed(left).in_lang(lang), **words)
            paragraph(doc, text, bold_lead=say("revision.lead", lang))
        if joined:
            text = say("revision.list_joined", lang, units=listed(joined).in_lang(lang), **words)
            paragraph(doc, text, bold_lead=say("revision.lead", lang))


def write_registry_corrected(doc, source: CircularInput) -> None:
    """A re-issued circular's units whose name or district the registry corrected since the
    publication it replaces, or that it closed or merged in the quarter: the circular names
    them, so a 修订稿 issued for a name alone must say so (it said every figure stood, and
    nothing else), and one for a closure that the unit left the ranking."""
    corrected = source.registry_corrected
    if source.replaces_number is None or corrected.is_empty():
        return
    lang = source.lang
    said = []
    for row in corrected.iter_rows(named=True):
        parts = []
        if row["unit_name"] != row["unit_name_before"]:
            parts.append(say("revision.renamed", lang, was=row["unit_name_before"]))
        if row["district"] != row["district_before"]:
            was, now = (row[c] or MISSING for c in ("district_before", "district"))
            parts.append(say("revision.moved_district", lang, was=was, now=now))
        if row.get("status") == MERGED:
            parts.append(say("revision.merged", lang, into=row["into"] or MISSING))
        elif row.get("status") in CLOSING:
            parts.append(say("revision.closed", lang))
        said.append(row["unit_name"] + "".join(parts))
    text = say(
        "revision.registry", lang, number=source.replaces_number, units=listed(said).in_lang(lang)
    )
    paragraph(doc, text, bold_lead=say("revision.lead", lang))


def write_late(doc, source: CircularInput) -> None:
    """Reporting: the units that sent nothing of a kind for the quarter, then the late files."""
    lang = source.lang
    doc.add_heading(say("late.heading", lang), level=1)
    write_missing(doc, source)
    days = source.rules.deadline_days
    late = source.late_loads.sort("days_late", descending=True)
    if late.is_empty():
        paragraph(doc, say("late.none", lang, days=days))
        return
    paragraph(doc, say("late.intro", lang, days=days))
    # whose report was late and of what, as a circular to the districts says it: a file's
    # name (2026Q3_七里河区_surveys.csv) and the analyst's account were the bureau's own words
    kinds = kind_words(lang)
    rows = [
        [
            r["districts"] or MISSING,
            kinds.get(r["kind"], r["kind"] or MISSING),
            fmt_date(r["arrived"], lang, short=True),  # the day days_late counts from
            fmt_date(r["deadline"], lang, short=True),
            fmt_number(r["days_late"], 0),
        ]
        for r in late.iter_rows(named=True)
    ]
    table(doc, columns(lang, "district", "reported", "arrived", "due", "days_late"), rows)


def kind_words(lang: str) -> dict[str, str]:
    """Each kind of fact file in words (检查结果, 满意度调查, 活动统计), as the pages say it."""
    return {k: t(f"charts.kind.{k}", lang) for k in ("inspections", "surveys", "activities")}


def write_missing(doc, source: CircularInput) -> None:
    """The units missing a report of the quarter, by district, each with what it lacks (at
    most ``MAX_OVERDUE_ROWS`` listed; the data-quality page has them all)."""
    lang, missing = source.lang, source.missing
    if missing.is_empty():
        paragraph(doc, say("missing.none", lang))
        return
    kinds = kind_words(lang)
    by_unit = (
        missing.group_by("unit_code", "unit_name", "district")
        .agg("kind")
        .sort("district", "unit_code")
    )
    intro = "missing.not_yet" if source.as_at else "missing.intro"
    paragraph(doc, say(intro, lang, n=by_unit.height))
    rows = [
        [
            r["unit_name"],
            r["district"],
            say("sep.names", lang).join(kinds[k] for k in kinds if k in r["kind"]),
        ]
        for r in by_unit.head(MAX_OVERDUE_ROWS).iter_rows(named=True)
    ]
    table(doc, columns(lang, "unit", "district", "not_yet" if source.as_at else "missing"), rows)
    if by_unit.height > len(rows):
        paragraph(doc, say("missing.shown", lang, n=len(rows)))


def write_requirements(doc, lang: str, chosen: Selection, unfinished: bool) -> None:
    """What the units named, the units commended (when the circular lists any: one of a
    quarter under way lists none) and the divisions are to do."""
    doc.add_heading(say("requirements.heading", lang), level=1)
    for key, listed_here in (("named", chosen.named), ("commended", chosen.commended)):
        if not listed_here.is_empty() and not unfinished:
            paragraph(doc, say(f"requirements.{key}", lang))
    paragraph(doc, say("requirements.districts", lang))


def write_signature(doc, lang: str) -> None:
    for key in ("issuer", "date"):
        para = doc.add_paragraph(say(f"signature.{key}", lang))
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def write_appendix(doc, source: CircularInput) -> None:
    lang, rules = source.lang, source.rules
    doc.add_page_break()
    paragraph(doc, say("appendix.heading", lang), indent=False)  # 附件, at the page's top left
    title = doc.add_heading(say("appendix.title", lang), level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    items = (
        say(
            "appendix.basis",
            lang,
            quarter=quarter_label(source.quarter, lang, formal=True),
            loaded=source.loaded_up_to,
        ),
        say("appendix.n", lang, top_n=rules.top_n, share=f"{rules.max_share * 100:.0f}%"),
        say("appendix.range", lang, draws=f"{DEFAULT_DRAWS:,}"),
        say("appendix.commended", lang),
        say("appendix.named", lang, margin=f"{rules.margin * 100:.0f}%"),
        say("appendix.late", lang, days=rules.deadline_days),
    )
    for number, text in enumerate(items, start=1):
        paragraph(doc, text, bold_lead=f"{number}. ", indent=False)
