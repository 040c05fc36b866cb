"""Text a spreadsheet would take for a formula (OWASP's "CSV injection"): a cell of a file
Civbench writes that begins with = + - @, a tab or a carriage return gets a leading apostrophe,
shown and kept as text by Excel, LibreOffice and Google Sheets alike. One rule for the pages'
downloads (charts/export.py) and the command line's CSV (queries/cli.py); the workbooks
Civbench writes mark such text as text instead (charts/export.py ``write_cell``)."""

from __future__ import annotations

import polars as pl

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """'=HYPERLINK(...)' becomes "'=HYPERLINK(...)"; other text stays as it is."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def neutralised_text(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with ``neutralise`` applied to every text column, in one pass."""
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.any_horizontal(*(pl.col(name).str.starts_with(p) for p in FORMULA_PREFIXES)))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in texts
    )
