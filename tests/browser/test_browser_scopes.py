"""Who sees what, in a real browser: a district's viewer and a unit's own account open every
page, read every table, download the rankings table (CSV, XLSX) and a chart (SVG), and never
meet a unit outside their scope; a tampered ``?unit=`` link is refused.

The expected units are read straight from the demo store's registry (plain SQL on the
template file), not through the code under test. The scoped accounts are made by the browser
conftest (``district_viewer``: the district of the first unit code; ``unit_account``: the first
unit code of another district).
"""

from __future__ import annotations

import csv
import io

import duckdb
import openpyxl
import pytest
from playwright.sync_api import expect
from test_browser_access import PAGE_URLS, assert_signed_in
from test_browser_exports import download

ANALYST_OR_ADMIN = ("/upload", "/indicator_system", "/users_admin")
PAGES = tuple(url for url in PAGE_URLS if url not in ANALYST_OR_ADMIN)  # a viewer's pages
REFUSAL = "outside what your account may see"


def registry(template) -> list[tuple[str, str, str]]:
    con = duckdb.connect(str(template), read_only=True)
    try:
        return con.execute(
            "SELECT unit_code, unit_name, district FROM units ORDER BY unit_code"
        ).fetchall()
    finally:
        con.close()


def split(template, account: str) -> tuple[set[str], set[str], list[str]]:
    """(codes in scope, codes outside, names outside) for one of the scoped accounts."""
    units = registry(template)
    first_district = units[0][2]
    if account == "district_viewer":
        inside = {code for code, _, district in units if district == first_district}
    else:
        inside = {min(code for code, _, district in units if district != first_district)}
    outside = [(code, name) for code, name, _ in units if code not in inside]
    return inside, {code for code, _ in outside}, [name for _, name in outside]


def everything_shown(app) -> str:
    tables = "\n".join("\t".join(row) for table in app.tables() for row in table)
    return app.main_text() + "\n" + tables


@pytest.mark.parametrize("account", ["district_viewer", "unit_account"])
def test_a_scoped_account_never_sees_a_unit_outside_its_scope(
    reused_app, demo_db_template, account
):
    """Both accounts in one browser tab (``reused_app``: a tab that has opened a page before
    opens the next for seconds less), each walk with its own account's cookie."""
    app = reused_app
    inside, outside_codes, outside_names = split(demo_db_template, account)
    assert inside and outside_codes  # the demo has units on both sides
    app.signed_in_as(account)
    seen_inside = set()
    for path in PAGES:
        # the first page by its URL, the others by the menu (a page load costs the browser
        # seconds); each page's run is the server's, for the signed-in account, either way
        page = app.open(path, lang="en") if path == "/" else app.follow_menu(path)
        assert app.exceptions() == [], path
        assert_signed_in(app, account, "viewer", path)
        shown = everything_shown(app)
        leaked = [c for c in outside_codes if c in shown] + [n for n in outside_names if n in shown]
        assert leaked == [], f"{path} shows units outside the scope: {leaked}"
        seen_inside |= {code for code in inside if code in shown}
        if path == "/rankings":
            assert_downloads_in_scope(page, inside, outside_codes, outside_names)
    assert seen_inside, "no page named any unit of the scope: the check above proved nothing"

    stranger = sorted(outside_codes)[0]
    page = app.open("/unit_profile", lang="en", unit=stranger)
    expect(page.get_by_text(REFUSAL)).to_be_visible()
    shown = everything_shown(app)
    assert stranger not in shown.replace(REFUSAL, "")
    assert not [name for name in outside_names if name in shown]


def assert_downloads_in_scope(page, inside, outside_codes, outside_names) -> None:
    """The rankings table's CSV and XLSX and the chart's SVG hold units of the scope only."""
    _, data = download(page, "CSV")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    codes = {row[next(k for k in row if "code" in k.lower())] for row in rows}
    assert codes and codes <= inside
    _, data = download(page, "Excel")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert cells & inside and not cells & outside_codes
    assert not any(name in cell for cell in cells for name in outside_names)
    _, data = download(page, "SVG")
    svg = data.decode("utf-8")
    assert svg.startswith("<svg") or "<svg" in svg[:200]
    assert not [name for name in outside_names if name in svg]
