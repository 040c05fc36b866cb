"""Text from files is shown as text, in a real browser (issue 13, "Data is shown as data").

The store is the demo bureau with ten units renamed by tests/fixtures/literal/units_markup.csv
(names full of Markdown, HTML, script, LaTeX, Streamlit colour syntax and a formula), one
district so named, and a finding whose text is a link, bold and an image. Every page of the
menu is opened signed in as admin (the admin's walk of the access tests too); none may hold an
injected link, script, image or formatting, and the names must read exactly as in the file on
the unit profile, in the rankings table and in the rankings CSV, XLSX and SVG downloads. File
names on the Upload page likewise.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect
from test_browser_access import ADMIN_MENU, PAGE_URLS, REFUSED, expect_menu

from etl.cli import main as etl_main
from etl.demo import last_complete_quarter
from etl.quarters import quarter_start
from i18n import t
from ui.frame import ROOT
from ui.literal import JOINER

REGISTRY = ROOT / "tests" / "fixtures" / "literal" / "units_markup.csv"
FINDING = "[整改](http://evil.example)**立即**<img src=x onerror=alert(1)>"
UPLOAD_NAME = "[点我](http://evil.example)**粗体**.csv"
EVIL_DISTRICT = "[区](http://evil.example)<b>县</b>"
DRAW_SECONDS = 60  # a busy machine: as long as a script run may take

# What the page must not hold, counted in the DOM (hidden elements too): links to the evil
# site, the injected script or image, and formatting made from the names' Markdown (an element
# holding just the marked-up word; the page's own bold around a whole name is fine).
INJECTED = """() => {
  const all = (selector, test) => [...document.querySelectorAll(selector)].filter(test).length;
  return {
    links: all('a[href]', a => a.href.includes('evil.example')),
    scripts: all('script', s => s.textContent.includes('alert(1)')),
    images: all('img', i => i.getAttribute('src') === 'x' || i.hasAttribute('onerror')),
    bold: all('strong, b', e => /^(粗体|立即|县)$/.test(e.textContent.trim())),
    italic: all('em, i', e => e.textContent.trim() === '斜体'),
    code: all('code', e => e.textContent.trim() === '代码'),
    math: all('.katex, math', () => true),
    headings: all('h1, h2, h3, h4, h5, h6', e => e.textContent.trim().startsWith('标题医院')),
  };
}"""
NOTHING_INJECTED = dict.fromkeys(
    ("links", "scripts", "images", "bold", "italic", "code", "math", "headings"), 0
)


def registry() -> dict[str, str]:
    """unit_code → unit_name, read from the fixture file itself."""
    with REGISTRY.open(encoding="utf-8", newline="") as f:
        return {row["unit_code"]: row["unit_name"] for row in csv.DictReader(f)}


NAMES = registry()


def load(db: Path, file: Path) -> None:
    """``python -m etl load`` as the command runs it, in this process (no process of its own:
    its exit code is not what this module tests)."""
    assert etl_main(["load", str(file), "--db", str(db), "--lang", "en"]) == 0, file


@pytest.fixture(scope="module")
def markup_db(demo_db_template, tmp_path_factory) -> Path:
    """The demo store with the marked-up registry and finding loaded."""
    folder = tmp_path_factory.mktemp("literal")
    db = folder / "markup.duckdb"
    shutil.copyfile(demo_db_template, db)
    load(db, REGISTRY)
    quarter = last_complete_quarter(date.today())
    day = quarter_start(quarter) + timedelta(days=9)
    inspections = folder / "inspections_markup.csv"
    inspections.write_text(
        "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限,整改完成日期\n"
        f'U0001,{day},暗访,环境卫生,6.0,10,"{FINDING}",{day + timedelta(days=30)},\n',
        encoding="utf-8",
    )
    load(db, inspections)
    return db


@pytest.fixture(scope="module")
def markup_server(markup_db, launch_module_server):
    """One dashboard on the marked-up store for the module's tests: none of them changes the
    store (the upload is a dry run)."""
    srv = launch_module_server(str(markup_db))
    srv.wait_healthy()
    return srv


@pytest.fixture
def markup_app(markup_server, make_app):
    """A browser session of the test's own on the marked-up store's dashboard."""
    return make_app(markup_server)


def visible(text: str) -> str:
    """A page's text less the invisible word joiners ui.literal puts into bare links."""
    return text.replace(JOINER, "")


def assert_nothing_injected(app, where: str) -> None:
    assert app.page.evaluate(INJECTED) == NOTHING_INJECTED, where
    assert app.exceptions() == [], where


def download(page, button_name: str) -> bytes:
    buttons = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]')
    button = buttons.filter(has_text=button_name).first.locator("button")
    expect(button).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        button.click()
    return info.value.path().read_bytes()


def table_when_drawn(app, header: str) -> list[dict[str, str]]:
    """The table with a column ``header``, read again until the page has drawn it (the league
    table follows the chart once the rank ranges are simulated)."""
    deadline = time.monotonic() + DRAW_SECONDS
    while True:
        try:
            return app.table_with(header)
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            app.page.wait_for_timeout(500)


def test_every_page_shows_the_names_as_text(markup_app):
    """Also the admin's walk of tests/browser/test_browser_access.py: the admin's menu holds
    every page, and each opens without an exception or a refusal. The pages the walk opens are
    read once for every check of them: the Unit profile's findings and other units' profiles
    and a marked-up ``?unit=`` (in this browser session: one of their own cost the browser
    seconds), the Rankings table, its downloads and its chart's tooltips, the Upload page's
    file name."""
    app = markup_app.signed_in_as("admin")
    app.open("/", lang="en")
    expect_menu(app, ADMIN_MENU)
    main = app.page.locator('[data-testid="stMain"]')
    for url in PAGE_URLS:
        if url != "/":
            app.follow_menu(url)  # as a reader does (a page opened by the menu keeps the session)
        assert_nothing_injected(app, url)
        assert main.locator('[data-testid="stAlert"]').filter(has_text=REFUSED).count() == 0, url
        if url == "/unit_profile":  # the first unit is chosen: U0001
            assert visible(main.locator("h1").first.inner_text()) == NAMES["U0001"]
            the_findings_are_literal(app)
            unit_profiles_title_caption_and_url_are_literal(app)
        if url == "/rankings":
            the_rankings_table_carries_the_names_as_written(app)
            the_chart_tooltips_show_the_names_as_text(app)
            the_rankings_downloads_carry_the_names_as_written(app)
        if url == "/upload":
            upload_a_file_with_a_marked_up_name(app)


def upload_a_file_with_a_marked_up_name(app) -> None:
    """The dry run names the file: its name is shown as written, not as a link."""
    chooser = app.page.locator('[data-testid="stFileUploader"] input[type=file]')
    payload = {"name": UPLOAD_NAME, "mimeType": "text/csv", "buffer": REGISTRY.read_bytes()}
    chooser.set_input_files(payload)
    app.wait()
    main = app.page.locator('[data-testid="stMain"]')
    expect(main.get_by_text(re.compile("loaded already|Check passed")).first).to_be_visible()
    assert UPLOAD_NAME in visible(main.inner_text())
    assert_nothing_injected(app, "upload with a file chosen")


def unit_profiles_title_caption_and_url_are_literal(app) -> None:
    """Other units' profiles, chosen in the sidebar's Unit box as a reader does (each profile
    opened by its URL cost the browser seconds more), then a marked-up ``?unit=``."""
    main = app.page.locator('[data-testid="stMain"]')
    sidebar = app.page.locator('[data-testid="stSidebar"]')
    for code in ("U0002", "U0006", "U0009"):
        unit_box = t("pages.profile.choose_unit", "en")
        app.choose(unit_box, f"{code} {NAMES[code]}", within=sidebar, typed=code)
        assert f"unit={code}" in app.page.url, code
        assert_nothing_injected(app, code)
        assert visible(main.locator("h1").first.inner_text()) == NAMES[code]
    caption = main.locator('[data-testid="stCaptionContainer"]').first
    assert visible(caption.inner_text()).startswith(f"U0009 · {EVIL_DISTRICT} · ")

    asked = "[点我](http://evil.example)"
    app.open("/unit_profile", lang="en", unit=asked)
    assert_nothing_injected(app, "?unit=" + asked)
    warning = main.locator('[data-testid="stAlert"]').first
    assert f"“{asked}”" in visible(warning.inner_text())


def the_findings_are_literal(app) -> None:
    """U0001's profile lists its finding (a link, bold and an image) as written."""
    expect(app.page.get_by_text(t("pages.profile.findings", "en")).first).to_be_visible()
    rows = app.table_with(t("pages.col.finding", "en"))
    assert FINDING in [row[t("pages.col.finding", "en")] for row in rows]
    assert_nothing_injected(app, "findings")


CODE_COL, NAME_COL = t("pages.col.unit_code", "en"), t("pages.col.unit_name", "en")


def the_rankings_table_carries_the_names_as_written(app) -> None:
    drawn = {
        r[CODE_COL]: r[NAME_COL] for r in table_when_drawn(app, CODE_COL) if r[CODE_COL] in NAMES
    }
    assert len(drawn) >= 3, "the first rows of the table hold some of the renamed units"
    assert drawn == {code: NAMES[code] for code in drawn}


def the_rankings_downloads_carry_the_names_as_written(app) -> None:
    page = app.page
    text = download(page, t("pages.download.csv", "en")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    in_csv = {r[CODE_COL]: r[NAME_COL] for r in rows if r[CODE_COL] in NAMES}
    expected = {code: NAMES[code] for code in in_csv} | {"U0010": "'=1+2卫生院"}
    assert set(in_csv) == set(NAMES), "every renamed unit is ranked (all peer groups)"
    assert in_csv == expected  # a leading = becomes text: OWASP's apostrophe

    sheet = openpyxl.load_workbook(io.BytesIO(download(page, "Excel"))).active
    header = [c.value for c in sheet[1]]
    code_at, name_at = header.index(CODE_COL), header.index(NAME_COL)
    cells = {row[code_at].value: row[name_at] for row in sheet.iter_rows(min_row=2)}
    # the workbook keeps the name exactly, as text under Excel's quote-prefix style
    assert {code: cells[code].value for code in NAMES} == NAMES
    assert all(cells[code].data_type == "s" for code in NAMES)
    assert cells["U0010"].quotePrefix
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)

    svg = ET.fromstring(download(page, "SVG"))
    tags = {element.tag.rsplit("}", 1)[-1] for element in svg.iter()}
    assert not tags & {"script", "a", "foreignObject", "image"}
    texts = ["".join(element.itertext()) for element in svg.iter() if element.tag.endswith("text")]
    # the bars' labels read "rank. code name" (a long name may be cut, ending in …)
    labels = [re.fullmatch(r"\d+\. (U\d{4}) (.*)", text) for text in texts]
    labelled = {m[1]: m[2] for m in labels if m and m[1] in NAMES}
    assert len(labelled) >= 3, "the chart's labels hold some of the renamed units"
    for code, label in labelled.items():
        assert label == NAMES[code] or NAMES[code].startswith(label.removesuffix("…")), code


# the vertical middle of each unit's row of the first chart (its y-axis labels), in the window
ROW_MIDDLES_JS = """() => [...document.querySelector(
  '[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg').querySelectorAll(
  'g.role-axis[aria-label^="Y-axis for a discrete scale"] g.role-axis-label text')]
  .map(t => { const r = t.getBoundingClientRect(); return r.top + r.height / 2; })"""


def the_chart_tooltips_show_the_names_as_text(app) -> None:
    """Hovering over each of the league chart's bars, at the middle of its unit's row (it was
    swept every 6 px, three moves a bar): each tooltip names its unit in plain text (Vega's
    tooltip handler escapes HTML), never an image or script made from the name."""
    chart = app.page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    tooltip = app.page.locator("#vg-tooltip-element")
    seen = set()
    rows = app.page.evaluate(ROW_MIDDLES_JS)
    assert len(rows) > 10, "the chart has a bar for each of the demo's units"
    for y in rows:
        app.page.mouse.move(box["x"] + box["width"] * 0.45, y)
        app.page.wait_for_timeout(60)
        if tooltip.count() and tooltip.is_visible():
            assert tooltip.locator("img, script, a").count() == 0
            seen.add(tooltip.inner_text())
    shown = {name for name in NAMES.values() if any(name in text for text in seen)}
    assert {NAMES["U0003"], NAMES["U0004"]} <= shown, "the script and image names, as text"
    assert_nothing_injected(app, "after the tooltips")
