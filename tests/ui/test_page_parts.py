"""Words the pages' tables share (ui/page_parts.py)."""

from __future__ import annotations

import polars as pl

from ui import page_parts as parts


def test_a_rank_change_reads_as_an_arrow_and_a_missing_one_as_nothing():
    """A quarter under way gives no rank change (None): the movers' table showed "None"."""
    changes = pl.DataFrame({"rank_change": [3, -2, 0, None]}, schema={"rank_change": pl.Int64})
    words = changes.select(parts.movement())["movement"].to_list()
    assert words == ["▲3", "▼2", "＝", ""]


def test_a_district_viewers_downloads_are_named_after_their_districts(monkeypatch):
    """A district account's table downloads were named as the bureau's (civbench_2026Q3_
    top_ten.csv); their rows are the district's, as a chosen district's are."""
    from types import SimpleNamespace

    from queries.scope import Scope

    monkeypatch.setattr(parts, "revised_view", lambda ctx: False)
    ctx = SimpleNamespace(quarter="2026Q3", peer_group="全部")
    monkeypatch.setattr(parts, "viewer_scope", lambda: Scope(districts=("城关区",)))
    assert parts.export_name(ctx, "top_ten", "csv") == "civbench_2026Q3_top_ten_城关区.csv"
    # a district chosen on the page names that one
    named = parts.export_name(ctx, "rankings", "xlsx", "index", districts="城关区")
    assert named == "civbench_2026Q3_rankings_城关区_index.xlsx"
    monkeypatch.setattr(parts, "viewer_scope", lambda: Scope())
    assert parts.export_name(ctx, "top_ten", "csv") == "civbench_2026Q3_top_ten.csv"


def test_a_rank_range_of_one_rank_reads_as_the_deck_and_the_circular_read_it():
    # a trial: the Rankings page gave a hospital certain of its rank "3–3" where the deck's
    # table gave "3" and the circular "名次区间仅为第3名"
    df = pl.DataFrame(
        {
            "rank_low": [3, 1, None],
            "rank_high": [3, 2, None],
            "rank_change": [None, None, None],
        },
        schema={"rank_low": pl.Int64, "rank_high": pl.Int64, "rank_change": pl.Int64},
    )
    assert parts.with_rank_words(df)["rank_range"].to_list() == ["3", "1–2", ""]
