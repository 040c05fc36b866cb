"""Downloads in a real browser: a chart and a table from the Rankings page, and the meeting
pack's files from its page, opened again and checked.

The tests share one browser tab (``reused_app``: a page opened in a tab that has opened one
before costs the browser seconds less); the pages whose files are read in one walk are opened
by the menu, as a reader does."""

import csv
import io
import re
from urllib.parse import urlencode

import openpyxl
from docx import Document
from PIL import Image
from playwright.sync_api import expect
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

QUARTER_NAME = re.compile(r"^civbench_\d{4}Q[1-4]_")


def download(page, button_name: str):
    """Click a download button in the main area; the file's name and bytes."""
    buttons = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]')
    button = buttons.filter(has_text=button_name).first.locator("button")
    expect(button).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        button.click()
    file = info.value
    return file.suggested_filename, file.path().read_bytes()


def test_rankings_chart_and_table_downloads(reused_app):
    app = reused_app
    page = app.open("/rankings", lang="en", peer_group="三级医院")
    assert app.exceptions() == []
    name, data = download(page, "PNG")
    assert QUARTER_NAME.match(name) and "_三级医院" in name and name.endswith(".png")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size[0] >= 1000  # rendered at scale 2 for projectors
    # the footnote names the bureau and the day the quarter's last file was loaded, as the
    # pack's does (it said "Source: Civbench")
    name, data = download(page, "SVG")
    svg = data.decode("utf-8")
    assert "Source: City Health Commission" in svg  # no bureau named: a city's usual name
    assert re.search(r"data loaded \d{4}-\d{2}-\d{2}", svg)
    name, data = download(page, "Excel")
    assert QUARTER_NAME.match(name) and name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.freeze_panes == "A2"
    numbers = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
    assert any(isinstance(v, float) for v in numbers)  # numbers stay numbers
    # the sheet is named after the page, and a share reads as the page shows it (it read 0.69)
    assert sheet.title == "Rankings"
    headers = [c.value for c in sheet[1]]
    covered = sheet.cell(row=2, column=headers.index("Weight covered") + 1)
    assert isinstance(covered.value, float) and covered.number_format == "0.0%"


def test_the_overview_trends_data_quality_and_meeting_pack_files(reused_app):
    """One reader's walk, each page after the first by the menu: the Overview's, the Trends
    heatmap's and the Data-quality page's files in Chinese, the meeting pack's boxes in
    Chinese, then the pack built and downloaded once the page is switched to English."""
    app = reused_app
    app.open("/", lang="zh")
    the_overviews_top_and_bottom_ten_files_name_the_index_as_the_page_does(app)
    app.follow_menu("/trends")
    the_heatmap_table_heads_its_unit_columns_in_the_readers_language(app)
    app.follow_menu("/data_quality")
    the_outliers_workbook_keeps_values_as_numbers_in_their_units(app)
    app.follow_menu("/meeting_pack")
    the_meeting_pack_boxes_say_their_placeholders_in_chinese(app)
    app.page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    app.wait()
    assert "lang=en" in app.page.url, "the switch to English"
    the_meeting_pack_builds_and_downloads(app)


def the_meeting_pack_builds_and_downloads(app) -> None:
    page = app.page
    assert app.exceptions() == [], "the meeting pack in English"
    main = page.locator('[data-testid="stMain"]')
    main.get_by_role("button", name="Build the meeting pack").click()
    expect(main.get_by_text("Done:")).to_be_visible(timeout=90_000)
    assert app.exceptions() == []
    name, data = download(page, "Download the slides (PPTX)")
    assert QUARTER_NAME.match(name) and name.endswith("_meeting-pack.pptx")
    deck = Presentation(io.BytesIO(data))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[0].startswith("Civility assessment: quarterly review")
    pictures = [
        sh for s in deck.slides for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) >= 10
    name, data = download(page, "Download the draft circular (Word)")
    assert name.endswith("_circular.docx")
    assert Document(io.BytesIO(data)).paragraphs[0].text.startswith("Circular on the civility")
    name, data = download(page, "Download the PDF")
    assert name.endswith("_meeting-pack.pdf") and data[:5] == b"%PDF-"


def shown(box) -> str:
    """What a select box shows: its text and its input's placeholder."""
    inputs = box.locator("input")
    placeholders = [inputs.nth(i).get_attribute("placeholder") or "" for i in range(inputs.count())]
    return " ".join([box.inner_text(), *placeholders])


def the_meeting_pack_boxes_say_their_placeholders_in_chinese(app) -> None:
    """Read on the Chinese page before the pack is built on the English one (one session)."""
    page = app.page
    assert app.exceptions() == [], "the meeting pack in Chinese"
    boxes = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]')
    expect(boxes).to_have_count(2, timeout=60_000)
    districts, groups = (shown(boxes.nth(i)) for i in range(2))
    assert "全部区县" in districts and "全部类别" in groups  # none chosen: the whole bureau
    assert "Choose" not in districts + groups


def test_downloads_of_chosen_districts_say_which(reused_app):
    """Rankings filtered to two districts: the files' names and the chart's subtitle name
    them (both files were named as the whole ranking's, civbench_…_rankings_index.csv)."""
    app = reused_app
    query = urlencode([("lang", "zh"), ("district", "城关区"), ("district", "七里河区")])
    app.page.goto(f"{app.server.url}/rankings?{query}")
    app.wait()
    assert app.exceptions() == []
    name, data = download(app.page, "CSV")
    assert QUARTER_NAME.match(name)
    assert name.endswith("_rankings_城关区-七里河区_index.csv")
    districts = {row["区县"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    assert districts == {"城关区", "七里河区"}
    name, data = download(app.page, "SVG")
    assert name.endswith("_league_城关区-七里河区_index.svg")
    # the quarter as the pack says it (the subtitle said 2026Q3)
    assert re.search(r"\d{4}年第[1-4]季度 · 全部类别 · 城关区、七里河区", data.decode("utf-8"))


def the_outliers_workbook_keeps_values_as_numbers_in_their_units(app) -> None:
    """The Data-quality page's values to check: each value and median a number, a rate's as a
    percentage (they were text, '93.5%' and '79.1', beside the z-scores' numbers)."""
    page = app.page
    assert app.exceptions() == [], "the Data-quality page"
    button = page.locator(".st-key-dl_outliers__xlsx button")
    expect(button).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        button.click()
    sheet = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    headers = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    assert rows, "the demo has values to check"
    for name in ("数值", "同类中位数", "本单位历史中位数", "同类偏离度（修正Z）"):
        cells = [row[headers.index(name)] for row in rows]
        assert all(c.data_type == "n" for c in cells), name
    formats = {row[headers.index("数值")].number_format for row in rows}
    assert formats <= {"0.0%", "#,##0", "#,##0.0"} and "0.0%" in formats, formats
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def download_by_key(page, key_prefix: str, ext: str) -> bytes:
    """The file of the download button whose key starts ``dl_<key_prefix>`` and ends in ext."""
    selector = f'[class*="st-key-dl_{key_prefix}"][class*="_{ext}"] button'
    button = page.locator(selector).first
    expect(button).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        button.click()
    return info.value.path().read_bytes()


def the_heatmap_table_heads_its_unit_columns_in_the_readers_language(app) -> None:
    """A trial: the Trends heatmap's CSV and workbook headed their first columns unit_code and
    unit_name, raw keys among quarter columns; the quarters too are said in Chinese."""
    page = app.page
    assert app.exceptions() == [], "the Trends page"
    text = download_by_key(page, "heatmap_", "csv").decode("utf-8-sig")
    head = next(csv.reader(io.StringIO(text)))
    assert head[:2] == ["单位编码", "单位名称"]
    # the quarters as the heatmap's axis says them: 2025年3季度, not 2025Q3
    assert head[2:] and all(re.fullmatch(r"\d{4}年[1-4]季度", q) for q in head[2:])
    data = download_by_key(page, "heatmap_", "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]][:2] == ["单位编码", "单位名称"]


def the_overviews_top_and_bottom_ten_files_name_the_index_as_the_page_does(app) -> None:
    """A trial: the Overview's top-ten and bottom-ten tables head the score 文明指数, but their
    CSV and workbook headed it 数值 (value)."""
    page = app.page
    assert app.exceptions() == [], "the Overview"
    # the index beside the name (at 1366 px two tables side by side hid the columns after it)
    heads = ["名次", "单位名称", "文明指数", "名次可能范围", "名次变化", "单位类别"]
    for end in ("top_ten", "bottom_ten"):
        text = download_by_key(page, f"{end}_", "csv").decode("utf-8-sig")
        assert next(csv.reader(io.StringIO(text))) == heads
        sheet = openpyxl.load_workbook(io.BytesIO(download_by_key(page, f"{end}_", "xlsx"))).active
        assert [c.value for c in sheet[1]] == heads
