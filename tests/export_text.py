"""The text of an exported deck or PDF, for tests that read what a reader would."""

from __future__ import annotations

import io

import pypdf
from pptx import Presentation


def pptx_text(data: bytes) -> str:
    """Every text frame and table cell of every slide, one per line."""
    parts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    """Every page's text without spaces: pypdf spaces out (or NUL-separates) the subset font's
    characters; viewers do not."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "".join(ch for page in reader.pages for ch in page.extract_text() if ch not in " \x00")
