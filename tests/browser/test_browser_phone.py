"""The dashboard on a phone (a 390 × 844 touch window, where the page is 358 px wide): after
signing in a leader sees the page, not the sidebar over it, and a ranking's bars keep most of
the chart beside the units' names (on a desktop the sidebar stays open and the names whole:
test_browser_language_signin, test_browser_leader_pages).

Measured from the boxes the browser lays out (the sidebar's, the chart's, its labels'), not
from screenshots. The completeness matrix's fit is checked on its spec (tests/charts)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

PHONE = {
    "viewport": {"width": 390, "height": 844},
    # a phone's browser says Mobile: the unit tables' names are then kept short
    # (ui.page_parts.on_a_phone)
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36"
    ),
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
SIDEBAR = '[data-testid="stSidebar"]'
# the first chart's unit names (its y-axis of a discrete scale) and its width, in px from its left
UNIT_LABELS_JS = """() => {
  const svg = document.querySelector('[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg');
  const left = svg.getBoundingClientRect().left;
  const labels = [...svg.querySelectorAll(
    'g.role-axis[aria-label^="Y-axis for a discrete scale"] g.role-axis-label text')];
  return {width: svg.getBoundingClientRect().width,
          labels: labels.map(t => [t.textContent, t.getBoundingClientRect().right - left])};
}"""

# each chart's legend labels: their text and right edge, and the chart's right edge, in px
LEGEND_LABELS_JS = """() => [...document.querySelectorAll(
  '[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg')].map(svg => ({
    right: svg.getBoundingClientRect().right,
    labels: [...svg.querySelectorAll('g.role-legend-label text')].map(
      t => [t.textContent, t.getBoundingClientRect().right])}))"""

CHART_WIDTHS_JS = """() => [...document.querySelectorAll(
  '[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg')]
  .map(svg => svg.getBoundingClientRect().width)"""


@pytest.fixture
def phone(make_app):
    """conftest's App on the shared server in a phone's browser context (in Chinese, as
    every context of conftest's, with its reduced motion)."""
    return make_app(**PHONE)


def sidebar_right(app) -> float:
    """The sidebar's right edge in the window (0 or less: closed)."""
    box = app.page.locator(SIDEBAR).bounding_box()
    return box["x"] + box["width"]


def wait_for_sidebar(app, is_open: bool) -> None:
    """Wait until the sidebar is closed, or open over most of the page (it slides in and out:
    half way it is neither)."""
    width = app.page.viewport_size["width"]

    def done() -> bool:
        right = sidebar_right(app)
        return right >= 0.7 * width if is_open else right <= 0

    for _ in range(100):
        if done():
            return
        app.page.wait_for_timeout(100)
    assert done(), f"the sidebar is not {'open' if is_open else 'closed'}: {sidebar_right(app)}"


def unit_labels(app) -> dict:
    app.page.locator('[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg').first.wait_for()
    return app.page.evaluate(UNIT_LABELS_JS)


def figure_in_view(app) -> None:
    """A trial: a unit table's figure (文明指数) lay past the phone's right edge, beyond a name
    that took most of the screen, and a leader scrolled the grid sideways to read it. The grid
    draws only the columns in view, its accessibility table too: the figure's header is among
    them (its widths, which end inside the screen, are checked in tests/ui)."""
    frame = app.page.locator('[data-testid="stDataFrame"]').first
    frame.scroll_into_view_if_needed()
    header = frame.locator("table").first.locator("tr").first.locator("th")
    expect(header.filter(has_text="单位名称")).to_have_count(1)
    expect(header.filter(has_text="文明指数")).to_have_count(1)


def trends_fit_the_page(app) -> None:
    """A trial: the Trends page's box plots of the index (a row per peer group) drew 762 px on
    the 358-px page, which scrolled sideways; every chart of the page now fits it."""
    charts = app.page.locator('[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg')
    expect(charts).to_have_count(3)  # the attainment, the distribution, the heatmap
    widths = app.page.evaluate(CHART_WIDTHS_JS)
    assert len(widths) == 3 and max(widths) <= PHONE["viewport"]["width"] - 32, widths
    assert app.page.evaluate("document.documentElement.scrollWidth") <= 390
    # the attainment chart's nine indicators, in columns of the legend that fit the chart
    legends_fit_their_charts(app, {"住院患者满意度", "门诊患者满意度", "每百名职工志愿服务时长"})


def legends_fit_their_charts(app, wanted: set[str]) -> None:
    """A trial: a legend under a chart ran in a row (or three columns) past the chart's right
    edge on a phone, its last entries cut off; every label, ``wanted`` among them, now lies
    within its chart."""
    charts = app.page.evaluate(LEGEND_LABELS_JS)
    labels = [(text, right, chart["right"]) for chart in charts for text, right in chart["labels"]]
    assert wanted <= {text for text, _, _ in labels}, labels
    assert all(right <= edge + 1 for _, right, edge in labels), labels


def test_signing_in_on_a_phone_shows_the_page_and_its_bars_beside_short_names(
    phone, scoped_password
):
    phone.open("/trends")
    trends_fit_the_page(phone)  # the bureau's, as an anonymous reader sees it
    phone.open("/")
    figure_in_view(phone)  # the top ten's
    phone.open("/rankings")
    wait_for_sidebar(phone, is_open=False)  # Streamlit's "auto": closed on a narrow window
    figure_in_view(phone)  # the league table's
    # a trial: the names took 251 of the chart's 358 px, the bars a sliver
    drawn = unit_labels(phone)
    assert drawn["width"] <= PHONE["viewport"]["width"] - 32
    assert len(drawn["labels"]) > 10  # the demo's 24 units, one label each
    assert max(right for _, right in drawn["labels"]) <= 0.4 * drawn["width"]
    assert any(text.endswith("…") for text, _ in drawn["labels"])  # long names cut short
    legends_fit_their_charts(phone, {"三级医院", "社区卫生服务中心", "专业公共卫生机构"})
    # a trial: the sidebar, opened to sign in, stayed open over the page after the sign-in
    # (and on every page opened after it: Streamlit remembers it as the reader left it)
    phone.page.locator('[data-testid="stExpandSidebarButton"]').click()
    wait_for_sidebar(phone, is_open=True)  # over the page
    sidebar = phone.page.locator(SIDEBAR)
    # a district's leader; a submit lost to a run still drawing is submitted again, as a person
    # would (CI once saw the name never come: the form still held it)
    phone.sign_in("district_viewer", scoped_password, stays_in_view=False)
    phone.wait()
    wait_for_sidebar(phone, is_open=False)
    # a trial: a page chosen from the sidebar's menu opened under the sidebar, still open
    phone.page.locator('[data-testid="stExpandSidebarButton"]').click()
    wait_for_sidebar(phone, is_open=True)
    sidebar.get_by_role("link", name="趋势").click()
    phone.wait()
    assert "/trends" in phone.page.url
    wait_for_sidebar(phone, is_open=False)
    trends_fit_the_page(phone)  # a district's leader's
    # opened again on the same page (to choose a quarter), it stays open across the page's runs
    phone.page.locator('[data-testid="stExpandSidebarButton"]').click()
    wait_for_sidebar(phone, is_open=True)
    phone.page.wait_for_timeout(1000)
    wait_for_sidebar(phone, is_open=True)
