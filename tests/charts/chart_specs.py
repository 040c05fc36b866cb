"""Reading Vega-Lite specs in the chart tests."""

from __future__ import annotations


def marks(spec: dict) -> list[dict]:
    """Every single-view spec (with a mark) inside layers, facets and concatenations."""
    found = [spec] if "mark" in spec else []
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            found.extend(marks(sub))
    if "spec" in spec:
        found.extend(marks(spec["spec"]))
    return found
