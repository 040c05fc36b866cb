"""The leaders' pages in a real browser: each opens and draws its charts without an exception,
choosing a unit in a table opens its profile, and the rankings follow the quarter selector."""

import os
import re
import signal
import subprocess
import threading
import time
from contextlib import contextmanager

import duckdb
import pytest
from demo_templates import demo_copy
from playwright.sync_api import expect
from stores import store_url
from test_browser_phone import unit_labels
from test_browser_shared_store import RUN_SECONDS

from etl.migrate import migrate

LEADER_PAGES = {  # the Rankings last: its checks below change its filters and leave it
    "/": "The quarter at a glance",
    "/unit_profile": None,  # titled with the unit's name
    "/trends": "Trends",
    "/ledger": "Rectification ledger",
    "/data_quality": "Data quality",
    "/rankings": "Rankings",
}
GRID_HEADER_PX, GRID_ROW_PX, ROW_MARKER_X = 35, 35, 20


def main(app):
    return app.page.locator('[data-testid="stMain"]')


def wait_for_charts(app) -> int:
    """Charts are drawn by vega-embed after the script run ends; wait for every one."""
    charts = main(app).locator('[data-testid="stVegaLiteChart"]')
    expect(charts.first).to_be_attached()  # drawn once vega's scripts have loaded
    count = charts.count()
    for i in range(count):
        expect(charts.nth(i).locator("canvas, svg").first).to_be_attached()
    return count


def test_every_leader_page_opens_and_draws_its_charts(reused_app):
    """The pages after the first are opened by the menu, as a reader does (a page load costs
    the browser seconds). The Rankings page, once open, is also read for what its tests prove:
    it redraws for another quarter, its table is as tall as its rows, and a row chosen opens
    its profile; then its robustness view names its methods in a legend."""
    app = reused_app
    for path, title in LEADER_PAGES.items():
        app.open(path, lang="en") if path == "/" else app.follow_menu(path)
        assert app.exceptions() == [], path
        if title:
            expect(main(app).locator("h1").first).to_have_text(title)
        if path != "/data_quality":  # its matrix shows only units that missed a report
            assert wait_for_charts(app) >= 1, path
    the_rankings_redraw_when_the_quarter_changes(app)
    a_short_table_is_as_tall_as_its_rows_and_a_long_one_scrolls(app)
    choosing_a_unit_in_the_rankings_opens_its_profile(app)
    the_robustness_chart_names_its_methods_in_a_legend(app)


def choosing_a_unit_in_the_rankings_opens_its_profile(app) -> None:
    grid = main(app).locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # the first row's selection marker (the table is drawn on a canvas)
    app.page.mouse.click(box["x"] + ROW_MARKER_X, box["y"] + GRID_HEADER_PX + GRID_ROW_PX / 2)
    app.page.wait_for_url(re.compile(r"/unit_profile\?unit=U\d{4}"))
    app.wait()
    assert app.exceptions() == []
    code = re.search(r"unit=(U\d{4})", app.page.url).group(1)
    heading = main(app).locator("h1").first.inner_text()
    # the profile's caption starts with the unit code it shows
    expect(main(app).get_by_text(re.compile(rf"^{code} · "))).to_be_visible()
    assert heading and heading != "Rankings"
    unit_choice = app.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"] input')
    expect(unit_choice.last).to_have_value(re.compile(rf"^{code} "))


def the_rankings_redraw_when_the_quarter_changes(app) -> None:
    # the caption and the box say a quarter as 2026 Q3; the URL keeps the data's 2026Q3
    caption = main(app).get_by_text(re.compile(r"^\d{4} Q\d · .* ranked by"))
    first_quarter = caption.inner_text()[:7]
    wait_for_charts(app)
    # the units' names whole on a desktop's page (cut short on a phone's: test_browser_phone)
    names = [text for text, _ in unit_labels(app)["labels"]]
    assert len(names) > 10 and [n for n in names if n.endswith("…")] == []
    sidebar = app.page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name="Quarter").click()
    options = app.page.get_by_role("option")
    other = next(t for t in options.all_inner_texts() if t.strip() != first_quarter).strip()
    app.page.get_by_role("option", name=other, exact=True).click()
    app.wait()
    expect(caption).to_have_text(re.compile(rf"^{other} · "))
    assert f"quarter={other.replace(' ', '')}" in app.page.url
    assert wait_for_charts(app) == 1
    assert app.exceptions() == []


#: Records, from before the page's first script, whether "正在计算…" was ever drawn in the page's
#: main area: the spinner stands for as long as the slow query runs, however short that is.
SEEN_COMPUTING_JS = """() => {
  window.seenComputing = false;
  new MutationObserver(() => {
    const main = document.querySelector('[data-testid="stMain"]');
    if (main && main.innerText.includes('正在计算…')) window.seenComputing = true;
  }).observe(document, {subtree: true, childList: true, characterData: true});
}"""


# how many times slower ``slowed`` runs a process (0.05 s of every 0.15 s)
SLOWED = 3


@contextmanager
def slowed(process: subprocess.Popen, running: float = 0.05, stopped: float = 0.1):
    """The process runs ``running`` seconds of every ``running + stopped`` (stopped and
    continued by signal), as on a machine busy with other work: a query that takes 0.5 s on a
    quiet machine takes three times as long."""
    done = threading.Event()

    def pause_and_resume() -> None:
        while not done.is_set():
            os.kill(process.pid, signal.SIGSTOP)
            time.sleep(stopped)
            os.kill(process.pid, signal.SIGCONT)
            done.wait(running)

    pacer = threading.Thread(target=pause_and_resume, daemon=True)
    pacer.start()
    try:
        yield
    finally:
        done.set()
        pacer.join()
        os.kill(process.pid, signal.SIGCONT)


def test_a_page_that_computes_for_seconds_says_so_until_it_has_drawn(
    tmp_path_factory, launch_server, make_app
):
    """At province scale on the default store (a DuckLake), a page's first queries take seconds:
    meanwhile the page says 正在计算… under its filters, not a blank page; the words go once it
    has drawn. An earlier quarter's rankings (the latest quarter's rank ranges are worked out
    while the dashboard starts: queries/warm.py), on a server slowed to a third of its speed:
    on a quiet machine its slowest query takes 0.4–0.7 s, around the half second after which
    Streamlit shows a spinner, and the test depended on how busy the machine was."""
    folder = tmp_path_factory.mktemp("province")
    staged = demo_copy(tmp_path_factory, folder / "province.duckdb", units=2000, quarters=4)
    con = duckdb.connect(str(staged), read_only=True)
    earliest = con.execute("SELECT min(quarter) FROM inspections").fetchone()[0]
    con.close()
    url, _ = store_url("sqlite", folder)  # a SQLite catalog needs no environment
    migrate(str(staged), url)
    srv = launch_server(url, CIVBENCH_WARM="1")  # warming at start, as by default
    srv.wait_healthy()
    app = make_app(srv)
    app.page.add_init_script(f"({SEEN_COMPUTING_JS})()")
    with slowed(srv.process):
        app.page.goto(f"{srv.url}/rankings?lang=zh&quarter={earliest}")
        app.wait(SLOWED * RUN_SECONDS)  # a run may take as long as on a busy machine, slowed
        assert wait_for_charts(app) >= 1
    assert app.page.evaluate("window.seenComputing") is True
    expect(main(app).get_by_text("正在计算…")).to_have_count(0)
    assert app.exceptions() == []


def a_short_table_is_as_tall_as_its_rows_and_a_long_one_scrolls(app) -> None:
    """The rankings table is at most 420 px tall; one district's few units take only their rows'
    height, not 420 px with empty rows under them."""
    grid = main(app).locator('[data-testid="stDataFrame"]').first
    bureau_rows = len(app.table_with("Unit"))
    assert bureau_rows > 10  # the demo's 24 units: more than 420 px of rows
    assert grid.bounding_box()["height"] == pytest.approx(420, abs=2)
    district_box = main(app).get_by_label("District", exact=True)
    district_box.click()
    district = app.page.get_by_role("option").first.inner_text().strip()
    app.page.keyboard.press("Escape")
    app.choose("District", district, within=main(app))
    main(app).get_by_role("button", name="Apply").click()
    app.wait()
    rows = len(app.table_with("Unit"))
    assert 0 < rows < bureau_rows
    # Streamlit's grid: a 38 px header (with its borders), then 35 px a row
    assert grid.bounding_box()["height"] == pytest.approx(38 + 35 * rows, abs=2)


def the_robustness_chart_names_its_methods_in_a_legend(app) -> None:
    """A trial: the Rankings page's robustness view drew dots in four colours and shapes, one
    per scoring method, with no legend on the page (its files listed them alphabetically)."""
    app.open("/rankings", lang="zh", view="robustness")
    assert app.exceptions() == []
    wait_for_charts(app)
    chart = main(app).locator('[data-testid="stVegaLiteChart"]').first
    legend = chart.locator(".role-legend")
    expect(legend).to_have_count(1)
    labels = legend.locator(".role-legend-label text").all_text_contents()
    assert labels == ["目标达成（默认）", "最小-最大", "Z分数", "等权重"]


TITLE_OFFSETS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] .vega-embed svg')]
  .filter(svg => svg.querySelector('.role-title'))
  .map(svg => {
    // where the drawing starts, and where the title sits above it (Vega's groups' translate)
    const y = g => parseFloat((g.getAttribute('transform') || '').split(',')[1] || '0');
    const title = svg.querySelector('.role-title > g');
    return [svg.querySelector('.role-title-text text').textContent,
            y(svg.querySelector('g')) + y(title)];
  })"""
# a city's first quarter, as a trial loaded it (three hospitals; their facts of 2026Q3)
FIRST_QUARTER = {
    "units.csv": "unit_code,unit_name,district,peer_group,staff_count\n"
    "H001,第一人民医院,城关区,三级医院,1200\nH002,第二人民医院,七里河区,三级医院,800\n"
    "H003,中医医院,城关区,三级医院,600\n",
    "indicators.csv": "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,"
    "from_quarter,target\n"
    "inspection_score_rate,检查得分率,Inspection score rate,inspection,higher,0.2,rate,全部,"
    "2026Q3,0.92\n"
    "unannounced_score_rate,暗访得分率,Unannounced score rate,inspection,higher,0.15,rate,全部,"
    "2026Q3,0.87\n"
    "outpatient_satisfaction,门诊患者满意度,Outpatient satisfaction,survey,higher,0.15,rate,"
    "全部,2026Q3,0.92\n"
    "inpatient_satisfaction,住院患者满意度,Inpatient satisfaction,survey,higher,0.1,rate,全部,"
    "2026Q3,0.94\n",
    "inspections.csv": "unit_code,inspection_date,inspection_type,item,score,max_score\n"
    "H001,2026-08-08,暗访,服务态度,9,10\nH001,2026-08-08,暗访,环境卫生,8,10\n"
    "H001,2026-09-03,巡查,医德医风,19,20\nH002,2026-07-15,暗访,服务态度,8,10\n"
    "H002,2026-07-15,暗访,环境卫生,9,10\nH002,2026-09-10,巡查,医德医风,18,20\n"
    "H003,2026-08-20,暗访,服务态度,10,10\nH003,2026-08-21,巡查,医德医风,20,20\n",
    "surveys.csv": "unit_code,quarter,survey_type,respondents,satisfied\n"
    "H001,2026Q3,门诊,400,372\nH001,2026Q3,住院,200,190\nH002,2026Q3,门诊,300,270\n"
    "H002,2026Q3,住院,150,138\nH003,2026Q3,门诊,250,231\nH003,2026Q3,住院,100,96\n",
}


def test_every_chart_title_of_a_units_profile_lies_within_its_chart(
    launch_server, make_app, tmp_path
):
    # a trial: on a hospital's profile in a city's first quarter, the titles of the right-hand
    # charts of a row (暗访得分率, 住院患者满意度) were cut off at the top: Streamlit's default
    # autosize ("fit" in both directions) squeezed each chart into its 300-px plot height, and
    # Vega placed the drawing 6 px lower than the title above it needs
    from datetime import date

    from etl.db import connect
    from etl.load import load_file

    store = tmp_path / "civbench.duckdb"
    con = connect(str(store))
    for name, text in FIRST_QUARTER.items():
        result = load_file(con, text.encode("utf-8"), name, today=date(2026, 12, 5))
        assert result.outcome == "loaded", (name, result.problems)
    con.close()
    srv = launch_server(str(store))
    srv.wait_healthy()
    app = make_app(srv)
    app.open("/unit_profile", lang="zh", unit="H002", quarter="2026Q3")
    assert wait_for_charts(app) >= 4
    app.page.wait_for_timeout(1000)  # vega-embed may resize a chart once after drawing it
    offsets = app.page.evaluate(TITLE_OFFSETS_JS)
    assert len(offsets) >= 4, offsets
    assert [title for title, top in offsets if top < 0] == [], offsets


def test_on_a_projector_the_overviews_ten_first_and_last_show_every_column(make_app):
    """A trial: on the meeting room's projector (1280 × 720) the Overview's first and last ten
    stood side by side, each 400 px of its 767: 名次可能范围 was a sliver and 名次变化 and
    单位类别 out of sight, though the caption under them explains the range. One under the
    other, each shows them all. The grid draws only the columns in view, its accessibility
    table too: every header is among them."""
    app = make_app(viewport={"width": 1280, "height": 720})
    app.open("/", lang="zh")
    grids = main(app).locator('[data-testid="stDataFrame"]')
    expect(grids).to_have_count(3)  # 24 units: the first ten, the last ten; then the movers
    for grid in grids.all()[:2]:
        grid.scroll_into_view_if_needed()
        header = grid.locator("table").first.locator("tr").first.locator("th")
        for name in ("名次", "单位名称", "文明指数", "名次可能范围", "名次变化", "单位类别"):
            expect(header.filter(has_text=name).first).to_be_attached()


# a caption's text colour as drawn: its colour blended over white by the opacity of it and of
# every element around it (Streamlit fades captions with opacity, not with a lighter colour)
CAPTION_COLOUR_JS = """() => {
  const caption = document.querySelector(
    '[data-testid="stMain"] [data-testid="stCaptionContainer"]');
  let alpha = 1;
  for (let node = caption; node; node = node.parentElement) {
    alpha *= parseFloat(getComputedStyle(node).opacity);
  }
  const [r, g, b, a = 1] = getComputedStyle(caption).color.match(/[\\d.]+/g).map(Number);
  return [r, g, b].map(c => c * a * alpha + 255 * (1 - a * alpha));
}"""


def relative_luminance(rgb: list[float]) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour (0-255 per channel)."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (x / 255 for x in rgb)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_captions_under_titles_and_charts_are_dark_enough_to_read(reused_app):
    """A trial: every caption (the quarter and scope, what 名次可能范围 means, the key to a
    unit's lines) measured 3.9:1 against the white page, below WCAG AA's 4.5:1 for text of
    its size, on seven of the eight leader pages."""
    app = reused_app
    app.open("/", lang="zh")
    expect(main(app).locator('[data-testid="stCaptionContainer"]').first).to_be_visible()
    drawn = app.page.evaluate(CAPTION_COLOUR_JS)
    contrast = 1.05 / (relative_luminance(drawn) + 0.05)  # white's luminance is 1
    assert contrast >= 4.5, (drawn, contrast)


FOCUSED_JS = """() => {
  const on = document.activeElement;
  const style = getComputedStyle(on);
  return {link: on.getAttribute('data-testid'), outline: style.outlineStyle,
          width: style.outlineWidth, colour: style.outlineColor};
}"""


def test_the_menu_entry_a_keyboard_is_on_is_plainly_marked(reused_app):
    """A trial: tabbing onto a menu entry changed only its background, 1.1:1 against the
    sidebar's: a leader moving with the keyboard could not tell which of the entries was
    focused (WCAG 2.4.7). It now has a dark blue outline."""
    app = reused_app
    app.open("/", lang="zh")
    for _ in range(12):  # the skip link and the language switch come first
        app.page.keyboard.press("Tab")
        focused = app.page.evaluate(FOCUSED_JS)
        if focused["link"] == "stPageLink-NavLink":
            break
    assert focused["link"] == "stPageLink-NavLink", focused
    assert (focused["outline"], focused["width"], focused["colour"]) == (
        "solid",
        "2px",
        "rgb(31, 78, 121)",
    )
