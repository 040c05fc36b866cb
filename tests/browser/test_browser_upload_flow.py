"""The upload flow end to end in a real browser on a server of its own.

The dry run names a bad file's problems by row and column; a good file chosen next loads; the
rankings change; a form, a workbook and a new unit load on the same server. Which unit to
improve and the rankings before and after are read through the public query API
(``queries.run``), never from page internals.
"""

from pathlib import Path

import duckdb
from playwright.sync_api import expect

from queries import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "frame"


def weakest_outpatient_unit(con) -> tuple[str, str]:
    """The latest quarter and a unit whose outpatient satisfaction misses its target, so a
    fully satisfied survey must raise its attainment score (and so its index)."""
    quarter = run(con, "quarters")["quarter"].max()
    values = run(con, "indicator_values", quarter=quarter, indicator_code="outpatient_satisfaction")
    below = values.filter(values["attainment"] < 100).sort("attainment")
    return quarter, below["unit_code"][0]


def fully_satisfied_surveys(con, unit: str, quarter: str) -> bytes:
    """The unit's survey rows for the quarter (a load replaces them all), with every
    outpatient and inpatient satisfied."""
    rows = con.execute(
        "SELECT survey_type, respondents, satisfied, score FROM surveys "
        "WHERE unit_code = ? AND quarter = ? ORDER BY survey_type",
        [unit, quarter],
    ).fetchall()
    lines = ["unit_code,quarter,survey_type,respondents,satisfied,score"]
    for survey_type, respondents, satisfied, score in rows:
        if survey_type in ("门诊", "住院"):
            satisfied = respondents
        cells = [unit, quarter, survey_type, respondents, satisfied, score]
        lines.append(",".join("" if c is None else str(c) for c in cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


def ranking_row(con, quarter: str, unit: str) -> dict:
    ranking = run(con, "rankings", quarter=quarter, peer_group="全部", draws=0)
    return ranking.filter(ranking["unit_code"] == unit).row(0, named=True)


def choose_files(app, *files: tuple[str, bytes]) -> None:
    app.page.locator('input[type="file"]').set_input_files(
        [{"name": name, "mimeType": "text/csv", "buffer": data} for name, data in files]
    )
    app.wait()


def a_bad_file_is_named_by_row_and_column_and_a_good_one_loads(app, good: bytes) -> None:
    """The dry run names the bad file's problems by row and column and offers nothing to load;
    the good file chosen next passes and loads (the rankings it changes are read from the store
    once the server stops)."""
    app.open("/upload", lang="en")
    choose_files(app, ("surveys_bad.csv", (FIXTURES / "surveys_bad.csv").read_bytes()))
    expect(app.page.get_by_text("Problems found (2)")).to_be_visible()
    problems = app.table_with("Expected")
    # the fixture: row 3 has 60 satisfied of 50 respondents, row 4 an unknown unit ZZ999
    assert [(p["Row"], p["Column"]) for p in problems] == [("3", "satisfied"), ("4", "unit_code")]
    load = app.page.get_by_role(
        "button", name="Nothing to load: correct the problems and choose the files again."
    )
    expect(load).to_be_disabled()

    choose_files(app, ("better_surveys.csv", good))
    expect(app.page.get_by_text("Check passed:")).to_be_visible()
    app.page.get_by_role("button", name="Load the 1 file that passed").click()
    app.wait()
    expect(app.page.get_by_text("better_surveys.csv: loaded")).to_be_visible()
    app.wait()
    assert app.exceptions() == []
    # the bad file, still chosen, was given to the load with it: refused, said and logged
    expect(app.page.get_by_text("surveys_bad.csv: not loaded, its check found 2")).to_be_visible()
    history = app.table_with("Outcome")
    assert [(h["File"], h["Outcome"], h["By"]) for h in history[:2]] == [
        ("surveys_bad.csv", "rejected", "analyst"),
        ("better_surveys.csv", "loaded", "analyst"),
    ]


# a name as analysts write them: the browser sends its quotes as %22 (HTML's form encoding)
FORM_NAME = '三季度门诊满意度 "最终版".csv'


def a_form_without_a_quarter_column_loads_with_the_quarter_box(app, unit, quarter) -> None:
    """A bureau form that names its quarter only in its title: refused with the hint, then
    checked and loaded once the analyst chooses the quarter in the box beside the file; its
    name, quotes and all, said as on the analyst's disk."""
    form = f"单位编码,调查类型,样本量,满意人数\n{unit},门诊,200,199\n".encode()
    app.open("/upload", lang="zh")
    choose_files(app, (FORM_NAME, form))
    expect(app.page.get_by_text("发现的问题（1 个）")).to_be_visible()
    assert "上传页面的“季度”选项" in app.table_with("应为")[0]["应为"]

    app.choose("季度", quarter)
    expect(app.page.get_by_text(f"检查通过：读取 1 行，季度 {quarter}，1 个单位。")).to_be_visible()
    # the kind chosen, then the page switched to English: the kind box held the Chinese label
    # it showed, which the English options lack, and lost the choice at the next run
    app.choose("文件类型", "满意度调查")
    app.page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    app.wait()
    boxes = app.page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input')
    expect(boxes.nth(0)).to_have_value("surveys")
    expect(boxes.nth(1)).to_have_value(quarter)
    expect(app.page.get_by_text(f"Check passed: 1 row read, 1 quarter ({quarter})")).to_be_visible()
    app.page.get_by_role("button", name="Load the 1 file that passed").click()
    app.wait()
    assert app.exceptions() == []
    expect(app.page.get_by_text(f"{FORM_NAME}: loaded 1 row as")).to_be_visible()


def district_workbook(unit: str, quarter: str) -> bytes:
    """A district's one workbook of surveys: an instructions sheet, then a sheet per
    sub-district; 城西区's respondents written in words, which no sheet may hold."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "填表说明"
    book.active.append(["填表说明：每个街道一张表"])
    for name, respondents in (("城关区", 300), ("城西区", "三百")):
        sheet = book.create_sheet(name)
        sheet.append(["单位编码", "季度", "调查类型", "样本量", "满意人数"])
        sheet.append([unit, quarter, "门诊" if name == "城关区" else "住院", respondents, 290])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def a_workbook_of_several_sheets_is_checked_and_loaded_sheet_by_sheet(app, unit, quarter):
    """Each sheet is an upload of its own: its check in the file's box, the bad one's problem
    named by its sheet, the good one loaded alone."""
    app.open("/upload", lang="en")
    app.page.locator('input[type="file"]').set_input_files(
        [{"name": "分区县.xlsx", "mimeType": XLSX, "buffer": district_workbook(unit, quarter)}]
    )
    app.wait()
    expect(
        app.page.get_by_text("分区县.xlsx: 2 sheets of the workbook hold tables (城关区, 城西区)")
    ).to_be_visible()
    expect(app.page.get_by_text("Check passed: 1 row read")).to_be_visible()
    expect(app.page.get_by_text("Problems found (1)")).to_be_visible()
    [problem] = app.table_with("Sheet")
    assert (problem["File"], problem["Sheet"], problem["Row"], problem["Value"]) == (
        "分区县.xlsx",
        "城西区",
        "2",
        "三百",
    )
    app.page.get_by_role("button", name="Load the 1 file that passed").click()
    app.wait()
    assert app.exceptions() == []
    expect(app.page.get_by_text("分区县.xlsx (sheet 城关区): loaded 1 row as")).to_be_visible()
    # the sheet left out is said too, where the page's new round shows no check of it
    left_out = "分区县.xlsx (sheet 城西区): not loaded, its check found 1 problem; choose it"
    expect(app.page.get_by_text(left_out)).to_be_visible()


def a_new_units_registry_and_its_survey_are_offered_and_loaded_together(app, district, quarter):
    """Chosen together, a registry file adding a unit and that unit's survey: each was checked
    alone, so the survey was refused (its unit unregistered) and not offered for loading; now
    both pass the check and one press loads both, the registry first."""
    registry = (
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
        f"NEW01,新建社区卫生服务中心,{district},社区卫生服务中心,30,{quarter}\n"
    ).encode()
    survey = f"单位编码,季度,调查类型,样本量,满意人数\nNEW01,{quarter},门诊,50,45\n".encode()
    app.open("/upload", lang="en")
    choose_files(app, ("NEW01_满意度.csv", survey), ("NEW01.csv", registry))
    expect(app.page.get_by_text("Check passed:")).to_have_count(2)
    app.page.get_by_role("button", name="Load the 2 files that passed").click()
    app.wait()
    assert app.exceptions() == []
    expect(app.page.get_by_text("NEW01.csv: loaded")).to_be_visible()
    expect(app.page.get_by_text("NEW01_满意度.csv: loaded")).to_be_visible()


def test_a_bad_file_a_good_one_a_form_a_workbook_and_a_new_unit_on_one_server(
    demo_db_template, start_server, make_app
):
    """Four uploads, each on a page of its own (a fresh session) of one server (a server's
    start and first page cost tens of seconds), each on units no other touches (a survey load
    replaces the unit's rows for the quarter); the store read for all four once it stops. The
    good file's unit is ranked afterwards among units the later uploads raise or add: they can
    only lower its rank, never make the rank's check pass."""
    con = duckdb.connect(str(demo_db_template), read_only=True)
    quarter, unit = weakest_outpatient_unit(con)
    good = fully_satisfied_surveys(con, unit, quarter)
    before = ranking_row(con, quarter, unit)
    form_unit, book_unit = (
        u
        for (u,) in con.execute("SELECT unit_code FROM units ORDER BY unit_code LIMIT 2").fetchall()
    )
    district = con.execute("SELECT min(district) FROM units").fetchone()[0]
    con.close()
    assert unit not in (form_unit, book_unit), "the good file's unit is touched by no other"

    srv = start_server()
    app = make_app(srv).signed_in_as("analyst")
    a_bad_file_is_named_by_row_and_column_and_a_good_one_loads(app, good)
    a_form_without_a_quarter_column_loads_with_the_quarter_box(app, form_unit, quarter)
    a_workbook_of_several_sheets_is_checked_and_loaded_sheet_by_sheet(app, book_unit, quarter)
    a_new_units_registry_and_its_survey_are_offered_and_loaded_together(app, district, quarter)

    srv.stop()
    con = duckdb.connect(str(srv.db), read_only=True)
    form_loaded = con.execute(
        "SELECT respondents, satisfied FROM surveys "
        "WHERE unit_code = ? AND quarter = ? AND survey_type = '门诊'",
        [form_unit, quarter],
    ).fetchall()
    note = con.execute("SELECT message FROM upload_log WHERE file_name = ?", [FORM_NAME]).fetchall()
    logged = con.execute(
        "SELECT sheet, outcome FROM upload_log WHERE file_name = '分区县.xlsx' ORDER BY sheet"
    ).fetchall()
    book_loaded = con.execute(
        "SELECT survey_type, respondents FROM surveys WHERE unit_code = ? AND quarter = ? "
        "AND respondents = 300",
        [book_unit, quarter],
    ).fetchall()
    new_unit = con.execute("SELECT district FROM units WHERE unit_code = 'NEW01'").fetchall()
    new_surveys = con.execute("SELECT satisfied FROM surveys WHERE unit_code = 'NEW01'").fetchall()
    after = ranking_row(con, quarter, unit)
    rejected = con.execute(
        "SELECT count(*) FROM upload_log WHERE file_name = 'surveys_bad.csv'"
    ).fetchone()[0]
    con.close()
    assert after["value"] > before["value"], "the good file raised its unit's index"
    assert after["rank"] <= before["rank"], "the good file's unit ranks no lower"
    assert rejected == 1, "the bad file: logged once, with the load it was chosen for"
    assert form_loaded == [(200, 199)], "the form without a quarter column: its row"
    assert note == [(f"quarter stated when loading: {quarter}",)], "the form: its log note"
    # the bad sheet was given to the load with the good one: refused, and logged as such
    assert logged == [("城关区", "loaded"), ("城西区", "rejected")], "the workbook: each sheet"
    assert book_loaded == [("门诊", 300)], "the workbook: its good sheet's row"
    assert (new_unit, new_surveys) == ([(district,)], [(45,)]), "the new unit and its survey"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# what the reader sees of the uploader's two texts: the dropzone's text as read (hidden text
# left out) and, for the button's label and the limits under it, what a style sheet shows
# after them (content, visibility, size)
UPLOADER_WORDS = """() => {
  const zone = document.querySelector('[data-testid="stFileUploaderDropzone"]');
  const after = (selector) => {
    const style = getComputedStyle(zone.querySelector(selector), '::after');
    return [style.content, style.visibility, style.fontSize];
  };
  return {
    text: zone.innerText,
    button: after('button [data-testid="stMarkdownContainer"] p'),
    limits: after('[data-testid="stFileUploaderDropzoneInstructions"] span'),
  };
}"""


def uploader_words(app) -> dict:
    """What the uploader shows, once it is drawn (read at once after signing in, it was not
    always there yet: the CI flake)."""
    expect(app.page.get_by_test_id("stFileUploaderDropzone")).to_be_visible()
    return app.page.evaluate(UPLOADER_WORDS)


UPLOAD_TYPES = "CSV, TXT, XLSX, XLSM, XLS, ET, ETT"


# the button's Chinese word is drawn (the page's style for Chinese readers has arrived): the
# uploader itself can be drawn a moment before it on a page opened signed in (a CI flake)
CHINESE_BUTTON_DRAWN = """() => {
  const p = document.querySelector(
    '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p');
  return p !== null && getComputedStyle(p, '::after').content !== 'none';
}"""


def the_uploader_says_its_button_and_limits_in_chinese(app) -> None:
    app.page.wait_for_function(CHINESE_BUTTON_DRAWN)  # within the page's default timeout
    words = uploader_words(app)
    assert "Upload" not in words["text"] and "per file" not in words["text"], words
    assert words["button"] == ['"选择文件"', "visible", "14px"]
    # .streamlit/config.toml: maxUploadSize = 50; the page offers CSV, TXT, XLSX, a macro
    # workbook's XLSM and XLS, and WPS 表格's own .et and .ett, which the file dialog offered
    # no way to choose
    assert words["limits"] == [f'"每个文件不超过 50MB • {UPLOAD_TYPES}"', "visible", "14px"]
    accepted = app.page.locator('[data-testid="stFileUploaderDropzoneInput"]').get_attribute(
        "accept"
    )
    assert {".et", ".ett", ".xls", ".xlsm"} <= set(accepted.split(",")), accepted


def the_uploader_says_its_button_and_limits_in_english(app) -> None:
    words = uploader_words(app)
    assert "Upload" in words["text"] and f"50MB per file • {UPLOAD_TYPES}" in words["text"]
    assert words["button"][0] == "none" and words["limits"][0] == "none"


# what the reader sees of an empty date box (the day-received form's): each part's own text and
# what a style sheet shows after it (content, visibility)
DATE_WORDS = """() => {
  const box = document.querySelector('[data-testid="stDateInput"]');
  return ['year', 'month', 'day'].map((part) => {
    const cell = box.querySelector(`[data-type="${part}"][data-placeholder]`);
    const style = getComputedStyle(cell, '::after');
    return [cell.textContent, style.content, style.visibility];
  });
}"""


def an_empty_date_box_reads_year_month_day_in_chinese(app) -> None:
    # it read yyyy-mm-dd on the Chinese page
    expect(app.page.get_by_test_id("stDateInput")).to_be_visible()
    assert app.page.evaluate(DATE_WORDS) == [
        ["yyyy", '"年"', "visible"],
        ["mm", '"月"', "visible"],
        ["dd", '"日"', "visible"],
    ]


def an_empty_date_box_reads_no_chinese_in_english(app) -> None:
    # the signed-in session is restored on the reopened page's own run; the box follows it
    expect(app.page.get_by_test_id("stDateInput")).to_be_visible()
    assert [after for _, after, _ in app.page.evaluate(DATE_WORDS)] == ["none"] * 3


def a_long_problem_is_read_whole_in_the_table_of_problems(app) -> None:
    # a trial: a survey form chosen as 活动统计 was refused with a message of about 190
    # characters whose end says what to do ("该文件看起来是满意度调查文件，而上传时指定的类型是
    # 活动统计：请更正所选类型"); the table drew it on one line, in a column wider than the
    # table, and cut it off after its first 40 characters
    survey = "单位编码,单位全称,季度,调查类型,调查人数,满意度\nU0001,甲医院,2026Q3,公众,300,88.5%\n"
    choose_files(app, ("2026Q3活动统计（补报）.csv", survey.encode("utf-8")))
    app.choose("文件类型", "活动统计")
    expect(app.page.get_by_text("发现的问题（3 个）")).to_be_visible()
    problems = app.table_with("应为")
    [long] = [p["应为"] for p in problems if "满意度调查文件" in p["应为"]]
    assert len(long) > 150, long
    grid = app.page.locator('[data-testid="stDataFrame"]').filter(has_text="应为").first
    scroller = grid.locator(".dvn-scroller")
    # every column within the table: no part of a message lies beyond its right edge
    width, shown = scroller.evaluate("s => [s.scrollWidth, s.clientWidth]")
    assert width <= shown + 1, (width, shown)
    # and a row tall enough for the message wrapped: over 150 characters of 13-px text in a
    # column of at most the table's 818 px take at least three lines of about 20 px
    height = scroller.evaluate("s => s.scrollHeight")
    header = 38  # Streamlit's grid header (ui/tables.py)
    assert (height - header) / len(problems) >= 3 * 20, (height, len(problems))


def test_the_upload_page_says_its_uploader_date_box_and_long_problems_in_the_readers_language(
    reused_app,
):
    """What the upload page shows before any load, read by a signed-in analyst (the stored
    session's cookie: signing in through the form costs seconds): the uploader's words and the
    empty date box in Chinese, a long problem whole, then both again on the page reopened in
    English."""
    app = reused_app
    app.signed_in_as("analyst").open("/upload", lang="zh")
    the_uploader_says_its_button_and_limits_in_chinese(app)
    an_empty_date_box_reads_year_month_day_in_chinese(app)
    a_long_problem_is_read_whole_in_the_table_of_problems(app)
    app.open("/upload", lang="en")
    the_uploader_says_its_button_and_limits_in_english(app)
    an_empty_date_box_reads_no_chinese_in_english(app)
