"""A published quarter in a real browser: the pages show it as published (a banner says so), a
correction loaded afterwards appears in the revisions list but not in the figures, and the
switch shows the current figures."""

from __future__ import annotations

import time

from playwright.sync_api import expect
from test_browser_exports import download
from test_browser_shared_store import (
    FIRST_RUN_SECONDS,
    RANKING,
    RUN_SECONDS,
    SURVEY_HEADER,
    VALUE_COLUMN,
    build_small_store,
    errors_on,
    lake,
    main,
    open_page,
)

from etl.cli import main as civbench


def value_of(app, unit: str, wanted: str | None = None) -> str | None:
    """The unit's outpatient satisfaction in the rankings table (the page may also hold the
    revisions table, so the table is found by its column), read again until it is ``wanted``."""
    deadline = time.monotonic() + RUN_SECONDS
    while True:
        try:
            rows = [r for r in app.table_with(VALUE_COLUMN) if r.get("Code") == unit]
        except AssertionError:  # the table is not drawn yet
            rows = []
        value = rows[0][VALUE_COLUMN] if rows else None
        if (value is not None and wanted in (None, value)) or time.monotonic() > deadline:
            return value
        app.page.wait_for_timeout(500)


def test_published_banner_switch_and_revisions(
    request, tmp_path, monkeypatch, launch_server, make_app
):
    url, env = lake(request, "sqlite", tmp_path / "store", monkeypatch)
    span = build_small_store(url, tmp_path / "files")
    quarter = span[-1]
    assert publish_quarter(url, quarter) == 0
    srv = launch_server(url, **env)
    srv.wait_healthy()
    app = make_app(srv)
    page = app.page
    open_page(app, "/rankings", {**RANKING, "quarter": quarter}, FIRST_RUN_SECONDS)
    body = main(page)
    expect(body.get_by_text("this page shows the figures as published")).to_be_visible()
    said = "No unit's index, rank or overdue findings has changed since publication."
    expect(body.get_by_text(said)).to_be_visible()
    as_published = value_of(app, "U0001")
    assert as_published is not None and as_published != "0.9"

    correction = tmp_path / "correction.csv"
    correction.write_text(f"{SURVEY_HEADER}\nU0001,{quarter},门诊,50,45\n", encoding="utf-8")
    # loaded by the command, in this process: the dashboard's is another
    assert civbench(["load", str(correction), "--db", url]) == 0

    body.get_by_role("button", name="Apply").click()  # the next rerun
    app.wait()
    expect(body.get_by_text("this page shows the figures as published")).to_be_visible()
    assert value_of(app, "U0001") == as_published  # still as published
    revisions = body.get_by_text("Revisions since publication (")
    expect(revisions).to_be_visible()
    revisions.click()
    app.wait()
    changed = app.table_with("Loads that changed it")
    u0001 = [row for row in changed if row["Unit code"] == "U0001"]
    assert len(u0001) == 1 and "correction.csv (loaded)" in u0001[0]["Loads that changed it"]
    name, _ = download(page, "CSV")
    assert not name.endswith("_current.csv")

    body.get_by_text("Show current figures").click()
    app.wait()
    expect(body.get_by_text("This page shows the current figures")).to_be_visible()
    assert value_of(app, "U0001", wanted="0.9") == "0.9"  # 45 / 50
    assert "figures=current" in page.url
    # the current figures' files say so: both files were named alike
    name, _ = download(page, "CSV")
    assert name.endswith("_current.csv")
    name, svg = download(page, "SVG")
    assert name.endswith("_current.svg") and "current figures, not as published" in svg.decode()

    # Trial B: published again, the page said only "(publication 2)": a leader who had read
    # the first figures was not told that these correct them, nor which units changed
    assert publish_quarter(url, quarter) == 0
    body.get_by_text("Show current figures").click()  # back to the figures as published
    app.wait()
    expect(body.get_by_text("this page shows the figures as published")).to_be_visible()
    expect(
        body.get_by_text("This is a revised publication, replacing publication 1 of")
    ).to_be_visible()
    body.get_by_text("Units publication 2 revised (").click()
    app.wait()
    revised = app.table_with("Index, publication 1")
    u0001 = [row for row in revised if row["Unit code"] == "U0001"]
    assert len(u0001) == 1 and "correction.csv (loaded)" in u0001[0]["Loads that changed it"]
    # its chart files say which publication they show: the first's and the second's differed
    # only in their figures
    _, svg = download(page, "SVG")
    assert "(publication 2)" in svg.decode()
    assert errors_on(app) == []


def publish_quarter(url: str, quarter: str) -> int:
    """The command's exit code (run in this process: the dashboard's is another; ``lake`` set
    the store's environment here)."""
    return civbench(["publish", quarter, "--by", "director", "--db", url])
