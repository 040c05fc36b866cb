"""The frame lists the quarters with ``loaded_quarters``, not ``quarters``: counting the units
reporting in every quarter read every fact row, on every page's first run after a load."""

from __future__ import annotations

from etl.db import connect
from queries import run


def test_every_page_lists_the_quarters_without_counting_their_units(open_page, counted):
    at = open_page("pages/rankings.py", lang="en")
    assert not at.exception
    assert "loaded_quarters" in counted
    assert "quarters" not in counted


def test_the_quarters_listed_are_those_the_quarters_query_gives(page_db):
    con = connect(str(page_db))
    try:
        listed = run(con, "loaded_quarters")["quarter"].to_list()
        assert listed == run(con, "quarters")["quarter"].to_list()
        assert listed == sorted(listed, reverse=True) and len(listed) > 1
    finally:
        con.close()
