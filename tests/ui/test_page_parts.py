"""Words the pages' tables share (ui/page_parts.py)."""

from __future__ import annotations

import polars as pl

from ui import page_parts as parts


def test_a_rank_change_reads_as_an_arrow_and_a_missing_one_as_nothing():
    """A quarter under way gives no rank change (None): the movers' table showed "None"."""
    changes = pl.DataFrame({"rank_change": [3, -2, 0, None]}, schema={"rank_change": pl.Int64})
    words = changes.select(parts.movement())["movement"].to_list()
    assert words == ["▲3", "▼2", "＝", ""]
