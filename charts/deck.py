"""The meeting pack's slides, drawn twice: as a PowerPoint deck and as the same pages in a PDF.

``charts.pack`` decides what goes on each slide (a ``Slide``); this module only draws it.
Slides are 16:9 (13.33 x 7.5 in). A chart is a PNG fitted into the slide's content box with
its aspect ratio kept, so it is never cut off; a long table is split over several slides.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import TextMode, WrapMode
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from charts.document_properties import stamp_office, stamp_pdf
from charts.fonts import DESKTOP_FAMILIES, cjk_font, symbol_font
from etl.widths import SHORT_COLUMNS, is_short, is_wide, wrapped

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
MARGIN_IN = 0.45
TITLE_TOP_IN, TITLE_H_IN = 0.3, 0.85
SUBTITLE_H_IN = 0.45
FOOT_H_IN = 0.35
ROWS_PER_SLIDE = 12
# Lines of text a slide's rows may take, a row wrapped onto n lines counting n: twelve rows of
# one line fit, and so do fewer rows of long names (a province's 40-character units) that a
# count of rows alone ran off the foot of the slide and the PDF page.
LINES_PER_SLIDE = 15
TABLE_PT = 12  # the table text's size on the slide (PDF_TABLE_SIZE in the PDF)
CELL_MARGIN_PT = 7.2  # PowerPoint's cell margin left and right (0.1 in); the PDF's is smaller
# PowerPoint on the bureau's Windows PCs has YaHei; elsewhere the viewer falls back to its
# own CJK font. Charts are pictures and keep the Noto font they were rendered with.
DECK_FONT = DESKTOP_FAMILIES[0]
DARK_BLUE = (0x1F, 0x4E, 0x79)
GREY = (0x59, 0x59, 0x59)
MM_PER_IN = 25.4


@dataclass
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths
    numeric: list[bool] | None = None  # right-align these columns
    # rows that belong with the row above (True): a slide does not start with one of them
    # (unless the rows held together are more than a slide holds)
    follows: list[bool] | None = None
    # columns whose cells stay on one line (dates): each at least as wide as its longest cell
    # (``column_widths``), where LibreOffice broke 2026年3月15日 after 月 in a column
    # of its share
    whole: list[bool] | None = None


@dataclass
class Slide:
    title: str
    subtitle: str = ""
    footnote: str = ""
    figures: list[Figure] = field(default_factory=list)
    table: Table | None = None
    picture: bytes | None = None  # PNG
    is_title_slide: bool = False

    @property
    def kind(self) -> str:
        if self.is_title_slide:
            return "title"
        if self.picture is not None:
            return "chart"
        if self.table is not None:
            return "table"
        return "figures"


def split_table(
    title: str,
    table: Table,
    continued: str,
    subtitle: str = "",
    footnote: str = "",
    empty: str = "",
    rows_per_slide: int = ROWS_PER_SLIDE,
) -> list[Slide]:
    """Up to ``rows_per_slide`` rows a slide, rows that follow the one above kept with it;
    later slides say '(continued 2/3)'."""
    if not table.rows:
        return [Slide(title, "　".join(p for p in (subtitle, empty) if p), footnote)]
    chunks = slide_rows(table, rows_per_slide)
    # every part in the columns of the whole table: a continued slide's dates line up with
    # the first's
    widths = column_widths(table, content_box()[2])
    slides = []
    for number, rows in enumerate(chunks, start=1):
        part = Table(table.columns, rows, widths, table.numeric)
        heading = (
            title if number == 1 else f"{title} {continued.format(n=number, total=len(chunks))}"
        )
        slides.append(Slide(heading, subtitle, footnote, table=part))
    return slides


def slide_rows(table: Table, rows_per_slide: int) -> list[list[list[str]]]:
    """The table's rows cut into as few slides as they fit (``rows_per_slide`` rows taking at
    most ``LINES_PER_SLIDE`` lines, a long text wrapped in its column, less the lines a header
    wrapped in its column takes beyond one), spread as evenly as the slides allow: thirteen
    rows go 7 + 6, not 12 + 1, leaving a lone row on a slide of its own. A row that follows the
    one above (``Table.follows``) goes on the same slide as it."""
    follows = table.follows or [False] * len(table.rows)
    widths = column_widths(table, content_box()[2])
    lines = [
        max(text_lines(str(v), w) for v, w in zip(row, widths, strict=True)) for row in table.rows
    ]
    header = max(text_lines(str(c), w) for c, w in zip(table.columns, widths, strict=True))
    room = LINES_PER_SLIDE - (header - 1)
    blocks: list[list[int]] = []
    for number, follow in enumerate(follows):
        if follow and blocks:
            blocks[-1].append(number)
        else:
            blocks.append([number])

    def cut(most: int) -> list[list[int]]:
        def fits(chunk: list[int], more: list[int]) -> bool:
            taken = chunk + more
            return len(taken) <= most and sum(lines[i] for i in taken) <= room

        chunks: list[list[int]] = []
        for block in blocks:
            if chunks and fits(chunks[-1], block):
                chunks[-1].extend(block)
                continue
            chunks.append([])  # a new slide; a block longer than a slide is cut where it is full
            for number in block:
                if chunks[-1] and not fits(chunks[-1], [number]):
                    chunks.append([])
                chunks[-1].append(number)
        return chunks

    fullest = cut(rows_per_slide)
    even = math.ceil(len(table.rows) / max(len(fullest), 1))
    spread = next(
        (c for most in range(even, rows_per_slide) if len(c := cut(most)) == len(fullest)),
        fullest,
    )
    return [[table.rows[i] for i in chunk] for chunk in spread]


def text_lines(
    text: str, width_in: float, size_pt: float = TABLE_PT, margin_pt: float = CELL_MARGIN_PT
) -> int:
    """The lines a cell's text takes in a column ``width_in`` wide, wrapped as ``wrapped``
    wraps it: a Chinese (or full-width) character is one em wide, any other about 0.6 em."""
    usable = max(width_in * 72 - 2 * margin_pt, size_pt)

    def width_pt(piece: str) -> float:
        ems = sum(1.0 if is_wide(ch) else 0.6 for ch in piece)
        return ems * size_pt

    return len(wrapped(text, usable, width_pt))


# Room a cell's line takes beyond its characters, in ems of its size: a character other than
# Chinese (or full-width) at most 0.65 em (DejaVu Sans's digits, 0.636 em, what LibreOffice
# draws where the deck's YaHei is missing; a Chinese one is 1 em), and, at each change
# between Chinese and other text, LibreOffice's added space (0.25–0.29 em, measured in its
# PDF of a deck: 2026 年 3 月 15 日).
LATIN_EM, SCRIPT_CHANGE_EM = 0.65, 0.3


def one_line_in(text: str, size_pt: float = TABLE_PT, margin_pt: float = CELL_MARGIN_PT) -> float:
    """The width (inches) of a cell holding ``text`` on one line, cell margins included."""
    wide = [is_wide(ch) for ch in text]
    changes = sum(a != b for a, b in zip(wide, wide[1:], strict=False))
    ems = sum(1.0 if w else LATIN_EM for w in wide) + changes * SCRIPT_CHANGE_EM
    return (ems * size_pt + 2 * margin_pt) / 72


def fits(text: str, box: tuple[float, float], size: float, line_in_per_pt: float) -> bool:
    """Whether ``text`` wrapped in ``box`` (usable width and height, inches) at ``size`` pt,
    a line ``line_in_per_pt`` × size high, takes no more than its height."""
    width, height = box
    return text_lines(text, width, size, margin_pt=0) * size * line_in_per_pt <= height


def fitted_size(
    text: str, box: tuple[float, float], sizes: Sequence[float], line_in_per_pt: float
) -> float:
    """The largest of ``sizes`` (pt) at which ``text`` fits in ``box`` (``fits``); the
    smallest when none does. A title or subtitle naming a province's units (进步最大：
    …卫生院；退步最大：…服务中心) ran onto a second line over the subtitle and the table."""
    for size in sizes:
        if fits(text, box, size, line_in_per_pt):
            return size
    return sizes[-1]


def fitted_text(
    text: str, box: tuple[float, float], sizes: Sequence[float], line_in_per_pt: float
) -> tuple[str, float]:
    """``text`` and its ``fitted_size``, the text cut with '…' where even the smallest size
    leaves it taller than the box: a title drawn past its box was printed over the subtitle
    (a trial's two 44-character unit names). Whoever writes a title that may run long says
    it shorter first (``title_fits``); this is the last resort, for every title alike."""
    size = fitted_size(text, box, sizes, line_in_per_pt)
    if fits(text, box, size, line_in_per_pt):
        return text, size
    kept = len(text) - 1
    while kept > 1 and not fits(text[:kept] + "…", box, size, line_in_per_pt):
        kept -= 1
    return text[:kept] + "…", size


# Title and subtitle sizes (pt) tried in turn, and the height of a line per point of size:
# PowerPoint's single spacing (1.2 × the size) and the PDF's (0.5 mm a point, pdf_text).
PPTX_TITLE_SIZES, PPTX_SUBTITLE_SIZES = (26, 24, 22, 20, 18), (14, 12, 11, 10)
PDF_TITLE_SIZES, PDF_SUBTITLE_SIZES = (22, 20, 18, 17, 16), (12, 11, 10, 9)
PPTX_LINE_IN_PER_PT, PDF_LINE_IN_PER_PT = 1.2 / 72, 0.5 / MM_PER_IN
PPTX_INSET_IN = 0.1  # a text box's inner margin left and right (top and bottom: half)


def pptx_title_box() -> tuple[float, float]:
    """Usable width and height (inches) of a slide's title in the PPTX."""
    return SLIDE_W_IN - 2 * MARGIN_IN - 2 * PPTX_INSET_IN, TITLE_H_IN - PPTX_INSET_IN


def pdf_title_box() -> tuple[float, float]:
    """Usable width and height (inches) of a slide's title in the PDF."""
    return SLIDE_W_IN - 2 * MARGIN_IN - 2 * PDF_MARGIN_IN, TITLE_H_IN - 0.15


def title_fits(text: str) -> bool:
    """Whether ``text`` fits a slide's title box at the smallest title size, in the PPTX and
    the PDF alike: a title naming units (the movers slide's two) is said with shorter names
    when not (else ``fitted_text`` would cut it at its end, the second unit lost)."""
    return fits(text, pptx_title_box(), PPTX_TITLE_SIZES[-1], PPTX_LINE_IN_PER_PT) and fits(
        text, pdf_title_box(), PDF_TITLE_SIZES[-1], PDF_LINE_IN_PER_PT
    )


def content_box() -> tuple[float, float, float, float]:
    """Left, top, width, height (inches) of the area under the title and subtitle."""
    top = TITLE_TOP_IN + TITLE_H_IN + SUBTITLE_H_IN
    height = SLIDE_H_IN - top - FOOT_H_IN - 0.2
    return MARGIN_IN, top, SLIDE_W_IN - 2 * MARGIN_IN, height


def fit_picture(
    png: bytes, box: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """The picture's place in the box: as large as fits, aspect ratio kept, centred."""
    left, top, width, height = box
    with Image.open(io.BytesIO(png)) as image:
        px_w, px_h = image.size
    scale = min(width / px_w, height / px_h)
    w, h = px_w * scale, px_h * scale
    return left + (width - w) / 2, top + (height - h) / 2, w, h


def deck_title(slides: Sequence[Slide]) -> str:
    """The deck's name in its properties: its title slide's title."""
    titled = [slide for slide in slides if slide.is_title_slide] or list(slides)
    return titled[0].title if titled else ""


# ---------------------------------------------------------------- PowerPoint


def deck_pptx(slides: Sequence[Slide], progress=None, ready=None, lang: str = "zh") -> bytes:
    """The deck as PPTX. ``ready(slide)``, when given, is called before a slide is drawn: it
    may fill in a picture still being rendered (charts.pack.make), so slides before it are
    drawn meanwhile. ``lang``: the deck's, for its properties (charts.document_properties)."""
    prs = Presentation()
    stamp_office(prs.core_properties, deck_title(slides), lang)
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    for number, slide in enumerate(slides, start=1):
        if ready:
            ready(slide)
        if slide.is_title_slide:
            draw_pptx_title_slide(prs, slide)
        else:
            draw_pptx_slide(prs, slide)
        if progress:
            progress(number / len(slides))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def style_run(run, size: float, bold: bool = False, color=None) -> None:
    """Size, weight, colour, and the font for both Latin and East Asian text."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = DECK_FONT
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = rpr.makeelement(qn(tag), {})
            rpr.append(element)
        element.set("typeface", DECK_FONT)
    if color:
        run.font.color.rgb = RGBColor(*color)


def set_text(frame, text: str, size: float, bold: bool = False, color=None, align=None) -> None:
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.text = ""
    run = paragraph.add_run()
    run.text = text
    style_run(run, size, bold, color)
    if align is not None:
        paragraph.alignment = align


def place(shape, left: float, top: float, width: float, height: float) -> None:
    shape.left, shape.top = Inches(left), Inches(top)
    shape.width, shape.height = Inches(width), Inches(height)


def draw_pptx_title_slide(prs, slide: Slide) -> None:
    page = prs.slides.add_slide(prs.slide_layouts[0])
    title, subtitle = page.shapes.title, page.placeholders[1]
    place(title, 0.8, 2.0, SLIDE_W_IN - 1.6, 1.6)
    place(subtitle, 0.8, 3.8, SLIDE_W_IN - 1.6, 1.6)
    set_text(title.text_frame, slide.title, 36, bold=True, color=DARK_BLUE)
    set_text(subtitle.text_frame, slide.subtitle, 20, color=GREY)
    if slide.footnote:
        add_footnote(page, slide.footnote)


def draw_pptx_slide(prs, slide: Slide) -> None:
    page = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    title = page.shapes.title
    width = SLIDE_W_IN - 2 * MARGIN_IN
    place(title, MARGIN_IN, TITLE_TOP_IN, width, TITLE_H_IN)
    said, size = fitted_text(slide.title, pptx_title_box(), PPTX_TITLE_SIZES, PPTX_LINE_IN_PER_PT)
    set_text(title.text_frame, said, size, bold=True, color=DARK_BLUE, align=1)
    if slide.subtitle:
        box = page.shapes.add_textbox(
            Inches(MARGIN_IN),
            Inches(TITLE_TOP_IN + TITLE_H_IN),
            Inches(width),
            Inches(SUBTITLE_H_IN),
        )
        inside = (width - 2 * PPTX_INSET_IN, SUBTITLE_H_IN - PPTX_INSET_IN)
        size = fitted_size(slide.subtitle, inside, PPTX_SUBTITLE_SIZES, PPTX_LINE_IN_PER_PT)
        set_text(box.text_frame, slide.subtitle, size, color=GREY)
    if slide.picture is not None:
        left, top, width, height = fit_picture(slide.picture, content_box())
        page.shapes.add_picture(
            io.BytesIO(slide.picture), Inches(left), Inches(top), Inches(width), Inches(height)
        )
    elif slide.table is not None:
        add_pptx_table(page, slide.table)
    elif slide.figures:
        add_pptx_figures(page, slide.figures)
    if slide.footnote:
        add_footnote(page, slide.footnote)


def add_footnote(page, text: str) -> None:
    box = page.shapes.add_textbox(
        Inches(MARGIN_IN),
        Inches(SLIDE_H_IN - FOOT_H_IN - 0.1),
        Inches(SLIDE_W_IN - 2 * MARGIN_IN),
        Inches(FOOT_H_IN),
    )
    set_text(box.text_frame, text, 10, color=GREY)


def column_widths(table: Table, total: float) -> list[float]:
    """The columns' widths (inches), adding up to ``total`` at most: in proportion to
    ``Table.widths``, except a column of ``Table.whole``, at least as wide as its longest cell
    on one line (``one_line_in``), and any column at least as wide as its longest short cell
    (``etl.widths.is_short``: a district, a rank, the rule the circular's tables follow), the
    room taken from the other columns, in proportion to their widths. When those cells do not
    all fit on the slide (a table of many columns, each kept whole), the widest columns are
    narrowed first (``narrowed``): widths that added up past the slide ran off its edge."""
    weights = table.widths or [1.0] * len(table.columns)
    whole = table.whole or [False] * len(table.columns)
    columns = [[str(row[col]) for row in table.rows] for col in range(len(weights))]
    floors = [
        max((one_line_in(c) for c in cells if keep or is_short(c)), default=0.0)
        for cells, keep in zip(columns, whole, strict=True)
    ]
    # a column of longer texts is as wide as the widest short cell at least (four Chinese
    # characters a line, a Chinese character taking two of SHORT_COLUMNS): at its share
    # beside columns of long names it held one or two (七里 / 河区 / 西津 / 西路)
    least = one_line_in("一" * (SHORT_COLUMNS // 2))
    wraps = [any(not is_short(c) for c in cells) for cells in columns]
    floors = [max(f, least) if w else f for f, w in zip(floors, wraps, strict=True)]
    if sum(floors) > total:
        # the columns without a cell to keep whole at their share of the slide (one of
        # longer texts at least its floor), then the widest narrowed: the table stays on it
        shares = [total * w / sum(weights) for w in weights]
        wanted = [max(f, s) if w else f or s for f, s, w in zip(floors, shares, wraps, strict=True)]
        return narrowed(wanted, total)
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        room = total - sum(fixed.values())
        share = sum(weights[i] for i in free)
        widths = {i: room * weights[i] / share for i in free} if share else {}
        narrow = {i: floors[i] for i in free if widths.get(i, 0.0) < floors[i]}
        if not narrow:
            return [fixed[i] if i in fixed else widths.get(i, 0.0) for i in range(len(weights))]
        fixed |= narrow


def narrowed(widths: list[float], total: float) -> list[float]:
    """``widths`` within ``total``: the widest columns cut to one width, as many of them as it
    takes, the narrower ones kept (a rank or a district whole beside names that wrap)."""
    if sum(widths) <= total:
        return widths
    ordered = sorted(widths, reverse=True)
    rest = sum(widths)
    for count, width in enumerate(ordered, start=1):
        rest -= width  # the columns narrower than the ``count`` widest
        cap = (total - rest) / count
        if count == len(ordered) or cap >= ordered[count]:
            return [min(w, cap) for w in widths]
    return widths


def add_pptx_table(page, table: Table) -> None:
    left, top, width, height = content_box()
    row_h = min(0.4, height / (len(table.rows) + 1))
    shape = page.shapes.add_table(
        len(table.rows) + 1,
        len(table.columns),
        Inches(left),
        Inches(top),
        Inches(width),
        Inches(row_h * (len(table.rows) + 1)),
    )
    grid = shape.table
    for col, w in enumerate(column_widths(table, width)):
        grid.columns[col].width = Emu(int(Inches(w)))
    numeric = table.numeric or [False] * len(table.columns)
    for col, name in enumerate(table.columns):
        cell = grid.cell(0, col)
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor(*DARK_BLUE)
        set_text(cell.text_frame, name, 13, bold=True, color=(0xFF, 0xFF, 0xFF))
    for r, row in enumerate(table.rows, start=1):
        grid.rows[r].height = Emu(int(Inches(row_h)))
        for col, value in enumerate(row):
            set_text(grid.cell(r, col).text_frame, value, 12, align=3 if numeric[col] else None)


def add_pptx_figures(page, figures: list[Figure]) -> None:
    left, top, width, height = content_box()
    per_row = 3
    card_w = width / per_row
    rows = (len(figures) + per_row - 1) // per_row
    card_h = min(1.9, height / max(rows, 1))
    for i, figure in enumerate(figures):
        x = left + (i % per_row) * card_w
        y = top + (i // per_row) * card_h
        value = page.shapes.add_textbox(Inches(x), Inches(y), Inches(card_w - 0.2), Inches(0.8))
        set_text(value.text_frame, figure.value, 34, bold=True, color=DARK_BLUE)
        label = page.shapes.add_textbox(
            Inches(x), Inches(y + 0.8), Inches(card_w - 0.2), Inches(card_h - 0.85)
        )
        set_text(label.text_frame, figure.label, 15)
        if figure.note:
            note = label.text_frame.add_paragraph().add_run()
            note.text = figure.note
            style_run(note, 12, color=GREY)


# ---------------------------------------------------------------- PDF


class DeckPDF(FPDF):
    """16:9 pages the size of the slides, with the CJK font embedded (subset)."""

    def __init__(self):
        super().__init__(
            orientation="L", unit="mm", format=(SLIDE_H_IN * MM_PER_IN, SLIDE_W_IN * MM_PER_IN)
        )
        self.set_auto_page_break(False)
        self.set_margins(MARGIN_IN * MM_PER_IN, TITLE_TOP_IN * MM_PER_IN)
        # One face only: subsetting a CJK font dominates the PDF's time (bench/bench_pack.py
        # prints the PDF's part), so bold is drawn by stroking the regular glyphs (see pdf_text).
        font = cjk_font()
        self.add_font("cjk", "", str(font.path), collection_font_number=font.index)
        # The subset keeps the whole font's bounding box instead of measuring every glyph
        # again (a valid, slightly larger box; it halves the time of writing the font).
        self.fonts["cjk"].ttfont.recalcBBoxes = False
        self.set_title("Civbench")
        self.set_creator("Civbench")


def mm(inches: float) -> float:
    return inches * MM_PER_IN


def deck_pdf(slides: Sequence[Slide], progress=None, ready=None, lang: str = "zh") -> bytes:
    """The same pages as a PDF; ``ready`` and ``lang`` as for deck_pptx."""
    pdf = DeckPDF()
    stamp_pdf(pdf, deck_title(slides), lang)
    for number, slide in enumerate(slides, start=1):
        if ready:
            ready(slide)
        pdf.add_page()
        if slide.is_title_slide:
            draw_pdf_title_slide(pdf, slide)
        else:
            draw_pdf_slide(pdf, slide)
        if progress:
            progress(number / len(slides))
    return bytes(pdf.output())


def pdf_text(
    pdf: FPDF,
    text: str,
    left: float,
    top: float,
    width: float,
    size: float,
    bold: bool = False,
    color=(0, 0, 0),
) -> None:
    """Text wrapped as ``wrapped`` wraps it in a box ``width`` wide; ``bold`` strokes the
    glyphs too.

    The stroke is set inside a saved graphics state (q … Q): fpdf writes the text render mode
    into the page once and never writes "fill only" back, so set on the page it outlined every
    later text of the following slides (the table's white headings black on dark blue)."""
    lacks_glyphs(pdf, text)
    pdf.set_font("cjk", "", size)
    pdf.set_text_color(*color)
    pdf.set_xy(mm(left), mm(top))
    mode = TextMode.FILL_STROKE if bold else TextMode.FILL
    with pdf.local_context(text_mode=mode, draw_color=color, line_width=size * 0.012):
        lines = wrapped(text, mm(width) - 2 * pdf.c_margin, CharWidths(pdf))
        pdf.multi_cell(mm(width), size * 0.5, "\n".join(lines), wrapmode=WrapMode.CHAR)


def draw_pdf_title_slide(pdf: FPDF, slide: Slide) -> None:
    pdf_text(pdf, slide.title, 0.8, 2.3, SLIDE_W_IN - 1.6, 32, bold=True, color=DARK_BLUE)
    pdf_text(pdf, slide.subtitle, 0.8, 3.9, SLIDE_W_IN - 1.6, 18, color=GREY)
    if slide.footnote:
        pdf_text(
            pdf,
            slide.footnote,
            MARGIN_IN,
            SLIDE_H_IN - FOOT_H_IN - 0.05,
            SLIDE_W_IN - 2 * MARGIN_IN,
            9,
            color=GREY,
        )


def draw_pdf_slide(pdf: FPDF, slide: Slide) -> None:
    width = SLIDE_W_IN - 2 * MARGIN_IN
    inside = width - 2 * PDF_MARGIN_IN
    said, size = fitted_text(slide.title, pdf_title_box(), PDF_TITLE_SIZES, PDF_LINE_IN_PER_PT)
    pdf_text(pdf, said, MARGIN_IN, TITLE_TOP_IN + 0.15, width, size, bold=True, color=DARK_BLUE)
    if slide.subtitle:
        box = (inside, SUBTITLE_H_IN)
        size = fitted_size(slide.subtitle, box, PDF_SUBTITLE_SIZES, PDF_LINE_IN_PER_PT)
        pdf_text(pdf, slide.subtitle, MARGIN_IN, TITLE_TOP_IN + TITLE_H_IN, width, size, color=GREY)
    if slide.picture is not None:
        left, top, w, h = fit_picture(slide.picture, content_box())
        pdf.image(io.BytesIO(slide.picture), x=mm(left), y=mm(top), w=mm(w), h=mm(h))
    elif slide.table is not None:
        draw_pdf_table(pdf, slide.table)
    elif slide.figures:
        draw_pdf_figures(pdf, slide.figures)
    if slide.footnote:
        pdf_text(
            pdf, slide.footnote, MARGIN_IN, SLIDE_H_IN - FOOT_H_IN - 0.05, width, 9, color=GREY
        )


PDF_MARGIN_IN = 1 / MM_PER_IN  # fpdf's cell margin (1 mm) left and right of a text box
PDF_TABLE_SIZE = 12  # pt
PDF_LINE_MM = 7.5  # height of one line of a table cell
PDF_BORDER_MM = 0.2
SYMBOLS = "symbols"  # the PDF's name of the font for what the CJK font lacks (symbol_font)


def draw_pdf_table(pdf: FPDF, table: Table) -> None:
    """A grid of cells: a dark heading row, text wrapped (``wrapped``), numbers right-aligned.

    Drawn with rectangles and single text lines rather than fpdf's table (which lays out every
    cell through its general line breaker): a deck has hundreds of small cells and this part
    of the PDF was the pack's slowest (bench/bench_pack.py)."""
    left, top, width, _ = content_box()
    widths = [mm(w) for w in column_widths(table, width)]
    numeric = table.numeric or [False] * len(table.columns)
    # before any width is measured: a character the CJK font lacks is measured in its fallback
    lacks_glyphs(pdf, "".join(str(value) for row in (table.columns, *table.rows) for value in row))
    pdf.set_font("cjk", "", PDF_TABLE_SIZE)
    pdf.set_line_width(PDF_BORDER_MM)
    pdf.set_draw_color(0, 0, 0)
    pdf.text_mode = TextMode.FILL
    measure = CharWidths(pdf)
    y = mm(top)
    for number, values in enumerate([table.columns, *table.rows]):
        cells = [
            wrapped(str(value), w - 2 * pdf.c_margin, measure)
            for value, w in zip(values, widths, strict=True)
        ]
        height = PDF_LINE_MM * max(len(lines) for lines in cells)
        x = mm(left)
        for lines, w, right in zip(cells, widths, numeric, strict=True):
            if number == 0:
                pdf.set_fill_color(*DARK_BLUE)
                pdf.rect(x, y, w, height, style="DF")
                pdf.set_text_color(255, 255, 255)
            else:
                pdf.rect(x, y, w, height)
                pdf.set_text_color(0, 0, 0)
            for line_number, line in enumerate(lines):
                shown = measure(line)
                at = x + w - pdf.c_margin - shown if right and number else x + pdf.c_margin
                baseline = y + PDF_LINE_MM * (line_number + 0.5) + pdf.font_size * 0.35
                pdf_line(pdf, at, baseline, line, measure)
            x += w
        y += height


def lacks_glyphs(pdf: FPDF, text: str) -> bool:
    """Whether the CJK font lacks a character of ``text`` (🏥医院); if so, the symbols font
    (``symbol_font``) is added to the PDF, once, as the font ``multi_cell`` falls back to.
    Added only then: embedded, even unused, it costs every deck a tenth of a second."""
    cmap = pdf.fonts["cjk"].cmap
    if all(ord(ch) in cmap for ch in text):
        return False
    symbols = symbol_font()
    if symbols is None:
        return False
    if SYMBOLS not in pdf.fonts:
        pdf.add_font(SYMBOLS, "", str(symbols))
        pdf.set_fallback_fonts([SYMBOLS])
    return True


def pdf_line(pdf: FPDF, x: float, baseline: float, line: str, measure: CharWidths) -> None:
    """One line of a table's cell: ``text`` writes in the current font alone, where a
    character it lacks would be left out, so such runs are written in the symbols font,
    each after the width of the text before it."""
    if not lacks_glyphs(pdf, line):
        pdf.text(x, baseline, line)
        return
    cmap = pdf.fonts["cjk"].cmap
    family, size = pdf.font_family, pdf.font_size_pt
    for lacking, characters in itertools.groupby(line, key=lambda ch: ord(ch) not in cmap):
        run = "".join(characters)
        width = measure(run)  # in the current font, which measures with its fallback
        if lacking:
            pdf.set_font(SYMBOLS, "", size)
        pdf.text(x, baseline, run)
        pdf.set_font(family, "", size)
        x += width


class CharWidths:
    """Text width in the PDF's current font and size, one measurement per character."""

    def __init__(self, pdf: FPDF):
        self.pdf, self.widths = pdf, {}

    def __call__(self, text: str) -> float:
        total = 0.0
        for ch in text:
            width = self.widths.get(ch)
            if width is None:
                width = self.widths[ch] = self.pdf.get_string_width(ch)
            total += width
        return total


def draw_pdf_figures(pdf: FPDF, figures: list[Figure]) -> None:
    left, top, width, height = content_box()
    per_row = 3
    card_w = width / per_row
    rows = (len(figures) + per_row - 1) // per_row
    card_h = min(1.9, height / max(rows, 1))
    for i, figure in enumerate(figures):
        x = left + (i % per_row) * card_w
        y = top + (i // per_row) * card_h
        pdf_text(pdf, figure.value, x, y, card_w - 0.2, 28, bold=True, color=DARK_BLUE)
        pdf_text(pdf, figure.label, x, y + 0.75, card_w - 0.2, 13)
        if figure.note:
            pdf_text(pdf, figure.note, x, y + 1.1, card_w - 0.2, 10, color=GREY)
