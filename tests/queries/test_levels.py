"""The method's confidence levels are written once (queries/levels.py); SQL's one z agrees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.db import connect
from queries.levels import UPPER_TAIL, z_of
from queries.pipeline import ensure_macros, qualified

ROOT = Path(__file__).resolve().parents[2]
# The z values of the usual two-sided levels as printed in statistical tables, typed or rounded.
Z_LITERAL = re.compile(r"(?<![\d.])(1\.96\d*|3\.09\d*|2\.576\d*|2\.58\b|1\.645\d*|0\.975|0\.999)")


def test_levels_are_the_textbook_quantiles():
    # Standard normal table: 95% two-sided -> 1.959964, 99.8% two-sided -> 3.090232.
    assert UPPER_TAIL == {"95": 0.975, "998": 0.999}
    assert z_of("95") == pytest.approx(1.959964, abs=1e-6)
    assert z_of("998") == pytest.approx(3.090232, abs=1e-6)


def test_the_sql_z95_macro_is_the_level_95():
    con = connect(":memory:")  # the macros are made for a store: some read its tables
    ensure_macros(con)
    (value,) = con.execute(qualified("SELECT z95()")).fetchone()
    assert value == pytest.approx(z_of("95"), abs=1e-15)


def test_no_other_file_types_a_z_value_or_a_tail_probability():
    """Only queries/levels.py and the z95 macro hold the numbers; every other source file in
    the layers that compute or draw (queries, charts, ui, pages) takes them from there."""
    allowed = {ROOT / "queries" / "levels.py", ROOT / "queries" / "stages" / "macros.sql"}
    files = [
        p
        for folder in ("queries", "charts", "ui", "pages")
        for p in sorted((ROOT / folder).rglob("*"))
        if p.suffix in (".py", ".sql") and p not in allowed
    ]
    assert len(files) > 40  # the walk found the source files
    typed = {
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in files
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if Z_LITERAL.search(line)
    }
    assert typed == set()
