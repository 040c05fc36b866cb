"""A chart's title as a file shows it, read from its Vega-Lite spec."""

from __future__ import annotations

import json


def title_text(title) -> str | None:
    """The title (a spec's ``title``: a string, or parameters whose text is a string or, for
    a long one, an expression ending with its one line after its lines for a narrow page:
    charts.builders.fitted_title) on one line."""
    text = title.get("text") if isinstance(title, dict) else title
    if isinstance(text, dict):
        return json.loads(text["expr"].rsplit(" : ", 1)[1])
    return text
