"""The slide list as it is built: ``SlideMaker`` adds slides with the pack's footnote and
collects the charts, which are rendered afterwards in one pass (charts.pack.make)."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

from charts.deck import ROWS_PER_SLIDE, Slide, Table, split_table
from charts.labels import quarter_label
from charts.pack.data import PackData
from i18n import t

SLIDE_FACET_ROW_HEIGHT = 60  # px per row of a row-faceted chart, so it suits a 16:9 slide


class SlideMaker:
    """Builds a list of slides; each chart is collected with its slide, and handed at once to
    ``on_chart`` (charts.pack.make starts rendering it) when one is given."""

    def __init__(
        self, data: PackData, on_chart: Callable[[Slide, alt.TopLevelMixin], None] | None = None
    ):
        self.data = data
        self.on_chart = on_chart
        self.lang = data.lang
        self.coverage = data.coverage
        # whose units a pack limited to a unit or districts lists (城关区); '' for every district
        self.covered = data.coverage.place(self.lang)
        self.slides: list[Slide] = []
        self.charts: list[tuple[Slide, alt.TopLevelMixin]] = []
        self.footnote = t(
            "pack.footnote",
            self.lang,
            source=t("export.bureau", self.lang),
            loaded=data.loaded_up_to,
            quarter_label=quarter_label(data.quarter, self.lang),
        )

    def add(self, *slides: Slide) -> None:
        for slide in slides:
            slide.footnote = slide.footnote or self.footnote
            self.slides.append(slide)

    def add_chart(self, title: str, chart: alt.TopLevelMixin, subtitle: str = "") -> None:
        slide = Slide(title, subtitle)
        self.add(slide)
        made = without_title(chart)
        self.charts.append((slide, made))
        if self.on_chart is not None:
            self.on_chart(slide, made)

    def add_table(
        self,
        title: str,
        table: Table,
        subtitle: str = "",
        empty: str = "",
        rows_per_slide: int = ROWS_PER_SLIDE,
    ) -> None:
        """The table on as many slides as it needs; ``empty``: what a slide with no rows says
        (default: nothing to list)."""
        self.add(
            *split_table(
                title,
                table,
                t("pack.continued", self.lang),
                subtitle=subtitle,
                empty=empty or t("pack.empty", self.lang),
                rows_per_slide=rows_per_slide,
            )
        )


def without_title(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart for a slide: without its own title (the slide's title says it), and a
    row-faceted chart made flatter, since a slide is wide where a page scrolls down."""
    copy = chart.copy(deep=True)
    copy.title = alt.Undefined
    if isinstance(copy, alt.FacetChart) and copy.facet is not alt.Undefined:
        inner = copy.spec
        has_rows = getattr(copy.facet, "row", alt.Undefined) is not alt.Undefined
        if has_rows and isinstance(getattr(inner, "height", None), int | float):
            inner.height = min(inner.height, SLIDE_FACET_ROW_HEIGHT)
    return copy
