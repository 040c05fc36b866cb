"""The Indicator-system page's editors in a real browser: a weight is typed into the grid as an
admin types it, and the contract reads what was typed. A number cell of the browser's grid
turned "abc" into 0 and "-0.3" into 0.3, and the page saved them without a word (a trial's
D01/D02); the store must be exactly as it was after a refusal."""

from __future__ import annotations

import duckdb
from playwright.sync_api import expect

# the indicators editor's columns, left to right (ui/indicator_system_view.py)
WEIGHT_COLUMN = 5  # code, Chinese name, English name, domain, direction, weight


def indicator_rows(path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT * FROM indicators ORDER BY ALL").fetchall()
    finally:
        con.close()


def type_weight_of_first_row(app, typed: str) -> None:
    """Select the first row's code cell, move right to its weight, open its editor, type over
    it, Enter: as a person edits a spreadsheet-like grid."""
    grid = app.page.locator('[data-testid="stDataFrame"]').first
    row_height = 35  # Streamlit's grid: a header row, then rows of 35 px
    # a click while the page still moves (a rerun after signing in, on a loaded machine) can land
    # beside the grid: a CI run's keys went to a select box. Playwright's own click waits until
    # the grid stands still and would take the click itself; click until the grid holds the
    # focus (six tries of 300 ms apart once all landed beside it at a load average of 17)
    for _ in range(10):
        app.wait()
        expect(grid).to_be_visible()
        grid.click(position={"x": 40, "y": row_height * 1.5})
        if grid.evaluate("g => g.contains(document.activeElement)"):
            break
        app.page.wait_for_timeout(1000)
    assert grid.evaluate("g => g.contains(document.activeElement)"), "the grid took no focus"
    for _ in range(WEIGHT_COLUMN):
        app.page.keyboard.press("ArrowRight")
    # Enter opens the cell's editor (a first typed key opens it too, but the grid can drop that
    # key while the editor opens: a CI run got "bc" for "abc")
    app.page.keyboard.press("Enter")
    editor = app.page.locator("textarea.gdg-input")
    expect(editor).to_be_visible()
    editor.fill(typed)
    app.page.keyboard.press("Enter")
    app.wait()


def test_a_weight_typed_wrong_in_the_grid_is_refused_and_nothing_is_saved(start_server, make_app):
    srv = start_server()
    before = indicator_rows(srv.db)
    app = make_app(srv).signed_in_as("admin")
    app.open("/indicator_system", lang="zh")
    # one server for both values (a server of one's own costs seconds), signed in by the
    # admin's session cookie; the page is opened again for the second, in a fresh grid
    for typed in ("abc", "-0.3"):
        if typed != "abc":
            app.open("/indicator_system", lang="zh")
        type_weight_of_first_row(app, typed)
        app.page.get_by_role("button", name="保存（自").click()
        app.wait()
        expect(app.page.get_by_text("未保存：发现 1 个问题")).to_be_visible()
        problems = app.table_with("应为")
        assert [p["应为"].startswith("应为数值 ≥ 0") for p in problems] == [True]
        assert typed in " ".join(problems[0].values())
        assert app.exceptions() == []
    srv.stop()
    assert indicator_rows(srv.db) == before
