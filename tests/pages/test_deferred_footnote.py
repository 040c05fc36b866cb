"""A chart's downloads find their footnote's load date when clicked, not on every run: the
query behind it (figures_loaded) read every fact row, a second of the Rankings page's first
view after a load at province scale (bench/bench_after_load.py)."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from charts.labels import loaded_day
from etl.load import load_file


def test_the_rankings_page_runs_without_the_load_date_query(open_page, counted):
    at = open_page("pages/rankings.py", lang="en")
    assert not at.exception
    assert at.get("download_button"), "the chart's downloads are drawn"
    assert "rankings" in counted
    assert "figures_loaded" not in counted


def footnote_script():
    import streamlit as st

    from ui.data import query
    from ui.frame import frame
    from ui.page_parts import loaded_up_to_later

    ctx = frame("rankings")
    st.session_state["later"] = loaded_up_to_later(ctx)
    st.session_state["now"] = query("figures_loaded", quarter=ctx.quarter, peer_group="全部")
    st.session_state["quarter"] = ctx.quarter


def test_the_load_date_found_on_click_is_the_one_the_run_would_have_found(page_db):
    at = AppTest.from_function(footnote_script, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    later, now = at.session_state["later"], at.session_state["now"]
    assert loaded_day(now, "en") is not None
    assert later() == loaded_day(now, "en")  # outside the run, as Streamlit calls it
    # by hand: the demo's loads all bring rows of the quarters up to the latest, none
    # withdrawn, so the day is that of its last load
    import ui.data

    last = (
        ui.data._open(str(page_db))
        .cursor()
        .execute(
            "SELECT max(loaded_at)::DATE FROM upload_log "
            "WHERE outcome = 'loaded' AND withdrawn_at IS NULL"
        )
        .fetchone()[0]
    )
    assert later() == last.isoformat()

    # a load since the page was drawn: the chart shows the figures before it, so no date
    con = ui.data._open(str(page_db))
    quarter = at.session_state["quarter"]
    survey = f"unit_code,quarter,survey_type,respondents,satisfied\nU0001,{quarter},门诊,400,10\n"
    try:
        assert load_file(con, survey.encode(), "u1_survey.csv").outcome == "loaded"
    except duckdb.Error as exc:  # pragma: no cover - the store must take the load
        pytest.fail(str(exc))
    assert later() is None
