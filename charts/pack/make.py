"""Making the pack's files: every chart rendered to PNG once, the same pictures placed in the
PPTX and the PDF (charts.deck), and the draft circular (charts.circular) from the same data."""

from __future__ import annotations

import contextvars
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

from charts.circular import CircularInput, circular_docx
from charts.deck import Slide, deck_pdf, deck_pptx
from charts.export import chart_spec, export_filename, vl_version
from charts.fonts import cjk_font
from charts.labels import fmt_date
from charts.pack.data import PackData, Progress, gather_state
from charts.pack.request import PackRequest
from charts.pack.slides import pack_slides
from charts.pictures import Renderer
from etl.quarters import ledger_day
from i18n import t

CHART_SCALE = 2.0


@dataclass
class PackFiles:
    slides: list[Slide]
    pptx: bytes | None
    pdf: bytes | None
    docx: bytes | None
    seconds: float
    charts: int
    figures: str = ""  # which figures (PackData.figures), for the files' names


def pack_file_name(request: PackRequest, figures: str, ext: str) -> str:
    """A pack file's download name, saying which figures it holds (``figures``, as
    PackData.figures): the pack as published and the pack of the current figures of one
    quarter, both downloaded, would otherwise be one name and 'name (1)'.
    ``civbench_2026Q3_circular_publication-1.docx``, ``…_meeting-pack_current.pptx``."""
    group = request.peer_groups[0] if len(request.peer_groups) == 1 else None
    kind = "circular" if ext == "docx" else "meeting-pack"
    return export_filename(
        kind,
        request.quarter,
        group,
        ext=ext,
        districts=request.named_districts,
        detail=figures or None,
    )


def circular_input(data: PackData) -> CircularInput:
    """The circular's input from the meeting pack's data."""
    rankings = pl.concat(list(data.rankings.values()), how="vertical_relaxed")
    return CircularInput(
        quarter=data.quarter,
        lang=data.lang,
        rankings=rankings,
        indicator_values=data.indicator_values,
        funnels=data.funnels,
        overdue=data.overdue,
        late_loads=data.late_loads,
        missing=data.completeness.filter(~pl.col("reported")),
        coverage=data.coverage,
        headline=data.headline,
        loaded_up_to=data.loaded_up_to,
        rules=data.request.rules,
        state=data.state,
        as_at=fmt_date(ledger_day(data.quarter), data.lang) if data.unfinished else "",
        system_changes=data.system_changes,
        indicator_order=tuple(data.indicators["indicator_code"].to_list()),
        replaces_number=data.replaces.publication_id if data.replaces else None,
        replaces_date=fmt_date(data.replaces.published_at, data.lang) if data.replaces else "",
        revision=data.revision,
        listed_before=data.listed_before,
        registry_corrected=data.registry_corrected,
    )


class ChartPictures:
    """The pack's charts, each submitted for rendering as soon as its slide is made (``add``,
    SlideMaker's ``on_chart``), and put on its slide when a deck reaches it: each chart is
    rendered once for the PPTX and the PDF alike. Specs are made on the pack's thread
    (Altair's data settings are global); ``picture`` may be called from any thread, ``ready``
    (which also reports progress: a Streamlit progress bar needs the page's thread) from the
    pack's thread only."""

    def __init__(self, progress: Progress, lang: str, start: float, end: float):
        self.progress, self.lang, self.start, self.end = progress, lang, start, end
        self.renderer = Renderer(vl_version(), CHART_SCALE, str(cjk_font().path.parent))
        self.charts: dict[int, tuple[Slide, dict, Future]] = {}
        self.shown: set[int] = set()

    def add(self, slide: Slide, chart) -> None:
        spec = chart_spec(chart)
        self.charts[id(slide)] = (slide, spec, self.renderer.submit(spec))

    def picture(self, slide: Slide) -> None:
        """The slide's picture, waited for if it is still rendering."""
        found = self.charts.get(id(slide))
        if found is not None and slide.picture is None:
            slide.picture = self.renderer.png(found[2], found[1])

    def ready(self, slide: Slide) -> None:
        if id(slide) not in self.charts or id(slide) in self.shown:
            return
        self.picture(slide)
        self.shown.add(id(slide))
        done, total = len(self.shown), len(self.charts)
        self.progress(
            self.start + (self.end - self.start) * done / total,
            t("pack.progress.charts", self.lang, n=done, total=total),
        )

    def finish(self) -> None:
        """Every chart on its slide (for a caller that draws no deck)."""
        for slide, _, _ in list(self.charts.values()):
            self.ready(slide)


def draft_circular(data: PackData) -> bytes:
    """The circular (it waits, on its own thread, for the funnel flags it needs)."""
    return circular_docx(circular_input(data))


def render_charts(charts, progress: Progress, lang: str, start: float, end: float) -> None:
    """Every chart to PNG on its slide."""
    pictures = ChartPictures(progress, lang, start, end)
    for slide, chart in charts:
        pictures.add(slide, chart)
    pictures.finish()


def make_pack(
    con,
    request: PackRequest,
    progress: Progress | None = None,
    pdf: bool = True,
    circular: bool = True,
    pptx: bool = True,
) -> PackFiles:
    """The meeting pack for one quarter: the PPTX, the PDF and the draft circular, each on
    request (all three unless told otherwise). The circular alone is made from the pack's data
    without any slide (``slides`` empty): no chart is made or rendered.

    The charts render in worker processes (charts.pictures) as their slides are made, while
    the rankings are still running (charts.pack.data); the PPTX, the PDF and the circular are
    then written at once, on this thread and two others, each drawing while the others wait
    for a chart or for the circular's funnel flags. ``progress(fraction, message)`` is called
    from this thread as work proceeds (the page's progress bar, the command line's printout).
    """
    started = time.perf_counter()
    cjk_font()  # no CJK font: say so (CJKFontMissing) before any work, never draw boxes
    note = progress or (lambda fraction, message: None)
    pictures = ChartPictures(note, request.lang, 0.38, 0.85)
    data = gather_state(con, request, note)
    slides, charts = pack_slides(data, on_chart=pictures.add) if pptx or pdf else ([], [])
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pack-files") as side:
        # each in a copy of this thread's context: the bureau's words (i18n/voice.py) with it
        here = contextvars.copy_context
        pdf_job = (
            side.submit(here().run, deck_pdf, slides, None, pictures.picture, request.lang)
            if pdf
            else None
        )
        docx_job = side.submit(here().run, draft_circular, data) if circular else None
        deck = None
        if pptx:
            note(0.38, t("pack.progress.pptx", request.lang))
            deck = deck_pptx(slides, ready=pictures.ready, lang=request.lang)
        pictures.finish()
        docx = pdf_bytes = None
        if docx_job is not None:
            note(0.88, t("pack.progress.docx", request.lang))
            docx = docx_job.result()
        if pdf_job is not None:
            note(0.92, t("pack.progress.pdf", request.lang))
            pdf_bytes = pdf_job.result()
    note(1.0, t("pack.progress.done", request.lang))
    seconds = time.perf_counter() - started
    return PackFiles(slides, deck, pdf_bytes, docx, seconds, len(charts), data.figures)
