"""Where the indicators' definitions live: ``queries/indicators/<code>.sql``, one SELECT per
indicator (docs/METHOD.md). The query layer reads them (queries/pipeline.py); the loader notes
an indicator system that names a code without one, whose weight then counts in the total while
no unit can score on it."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DEFINITIONS_DIR = Path(__file__).resolve().parents[1] / "queries" / "indicators"
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def defined_indicator_files() -> dict[str, Path]:
    """indicator_code -> its definition file, for every queries/indicators/<code>.sql (listed
    again only when a file is added, removed or renamed: the folder's mtime changes)."""
    return dict(indicator_files(DEFINITIONS_DIR.stat().st_mtime_ns))


@lru_cache(maxsize=8)
def indicator_files(folder_mtime_ns: int) -> tuple[tuple[str, Path], ...]:
    return tuple(
        (path.stem, path)
        for path in sorted(DEFINITIONS_DIR.glob("*.sql"))
        if CODE_PATTERN.match(path.stem)
    )
