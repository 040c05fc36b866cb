"""The Upload page in AppTest: refusal, dry run with row-level problems, load, withdraw, a day
received recorded later.

The core of the upload flow (a bad file refused with nothing changed, a good file loaded and
audited, a load refused after a demotion, a withdrawal) takes ``page_store`` and runs on each
store (tests/pages/conftest.py); the rest, about what the page shows and reads, runs on the
DuckDB file (``page_db``)."""

import re
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from macro_workbook import macro_enabled

import accounts
from etl.db import connect, parse_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "frame"
BAD_SURVEYS = (FIXTURES / "surveys_bad.csv").read_bytes()


def good_surveys(quarter: str) -> bytes:
    # U0001 (a tertiary hospital in the demo) with every outpatient and inpatient satisfied
    return (
        "unit_code,quarter,survey_type,respondents,satisfied,score\n"
        f"U0001,{quarter},门诊,400,400,\n"
        f"U0001,{quarter},住院,300,300,\n"
    ).encode()


LAKES: dict[str, duckdb.DuckDBPyConnection] = {}  # the test's own connection to each lake


@pytest.fixture(autouse=True)
def close_lake_connections():
    yield
    while LAKES:
        LAKES.popitem()[1].close()


def db(path) -> duckdb.DuckDBPyConnection:
    """A connection to the app's store. A DuckDB file: the app under test holds it in this
    process and DuckDB shares that instance. A lake: a connection of the test's own (opening
    one costs about a second, so one per test), which sees what the app commits."""
    if not parse_store(path).is_lake:
        return duckdb.connect(str(path))
    if path not in LAKES:
        LAKES[path] = connect(path)
    return LAKES[path]


def upload_log_rows(path) -> list[tuple]:
    return (
        db(path)
        .execute("SELECT load_id, file_name, outcome, loaded_by FROM upload_log ORDER BY load_id")
        .fetchall()
    )


def latest_quarter(path) -> str:
    return db(path).execute("SELECT max(quarter) FROM surveys").fetchone()[0]


def file_box(at, box: str, file: int = 0):
    """The ``box`` (kind, quarter, sheet) of the ``file``-th file chosen (each file's boxes are
    keyed by the file)."""
    boxes = [s for s in at.selectbox if (s.key or "").startswith(f"upload_{box}_")]
    return boxes[file]


def table_with_column(at, column: str):
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(frames) == 1, f"expected one table with a column {column!r}"
    return frames[0]


@pytest.mark.parametrize(("lang", "title"), [("zh", "数据上传"), ("en", "Upload")])
def test_analyst_sees_the_page_in_both_languages(open_page, lang, title):
    at = open_page("pages/upload.py", user="analyst", lang=lang)
    assert not at.exception
    assert [t.value for t in at.title] == [title]
    assert len(at.get("file_uploader")) == 1
    # the demo database was built through the loader, so the history lists its loads
    assert at.dataframe and at.dataframe[-1].value.shape[0] > 0


def test_signed_out_visitor_gets_the_refusal_and_a_sign_in_form_only(open_page):
    at = open_page("pages/upload.py")
    assert not at.exception
    assert [e.value for e in at.error] == ["此页面需要以分析员或更高权限登录。请先登录。"]
    assert at.title == [] and len(at.get("file_uploader")) == 0
    assert any(t.label == "密码" for t in at.main.text_input)


def test_viewer_is_refused(open_page):
    at = open_page("pages/upload.py", user="viewer", lang="en")
    assert [e.value for e in at.error] == [
        "Your account may not open this page: it needs the analyst role or higher. To use it, "
        "ask an admin to change your role."
    ]
    assert len(at.get("file_uploader")) == 0
    assert not [b for b in at.button if b.key == "load"]


def bad_file_chosen(seen_page, lang: str):
    """The analyst's page after choosing tests/fixtures/frame/surveys_bad.csv: its dry run, on
    the DuckDB file (the page's words, not the store), drawn once per module and language for
    the tests that only read it."""
    bad = ("surveys_bad.csv", BAD_SURVEYS, "text/csv")
    return seen_page("pages/upload.py", user="analyst", lang=lang, chosen=bad)


def test_bad_file_shows_every_problem_by_row_and_column_and_cannot_be_loaded(
    seen_page, page_db_template
):
    at = bad_file_chosen(seen_page, "en")
    assert not at.exception
    problems = table_with_column(at, "Expected")
    # the fixture: row 3 has 60 satisfied of 50 respondents, row 4 an unknown unit ZZ999
    assert list(zip(problems["Row"], problems["Column"], strict=True)) == [
        ("3", "satisfied"),  # as text: a problem of the whole file shows an empty row cell
        ("4", "unit_code"),
    ]
    assert at.button(key="load").disabled
    # a dry run changes nothing, not even the log: the store drawn on is as the template it
    # was copied from
    assert upload_log_rows(seen_page.store) == upload_log_rows(page_db_template)


def test_a_batch_says_which_files_its_load_left_out_and_what_it_said_stays(open_page, page_db):
    """Trial (session 57): of a good and a bad file, the load said only that the good one
    loaded; the bad one vanished with its problems, and the upload log had no line of it,
    where the command line logs a refused file among those it loads. And a rerun (a change of
    language) took the message away before it was read."""
    before = upload_log_rows(page_db)
    quarter = latest_quarter(page_db)
    at = open_page("pages/upload.py", user="analyst", lang="en")
    at.get("file_uploader")[0].set_value(
        [
            ("u1_surveys.csv", good_surveys(quarter), "text/csv"),
            ("surveys_bad.csv", BAD_SURVEYS, "text/csv"),
        ]
    )
    at.run()
    at.button(key="load").click().run()
    assert not at.exception
    after = upload_log_rows(page_db)
    assert after[: len(before)] == before
    assert [line[1:] for line in after[len(before) :]] == [
        ("u1_surveys.csv", "loaded", "analyst"),
        ("surveys_bad.csv", "rejected", "analyst"),
    ]
    load_id = after[-2][0]
    said = (
        [rf"u1\_surveys\.csv: loaded 2 rows as load {load_id}."],
        [
            r"surveys\_bad\.csv: not loaded, its check found 2 problems; choose it again "
            "once corrected."
        ],
    )
    for _ in range(2):  # as loaded, then after a rerun
        assert [m.value.split(" 2 existing")[0] for m in at.success] == said[0]
        assert [m.value for m in at.error] == said[1]
        at.run()


def test_a_batch_a_rerun_stopped_says_which_files_it_loaded_and_which_not(open_page, page_db):
    """Trial (session 57): a click elsewhere while a batch of 8 files loaded stopped it after
    3, and the page said nothing of any of them. The session keeps each file's outcome as it
    commits (ui/upload_batch.py); the page's next run says them, and which files did not
    load. Here the state a run stopped after the first of two files leaves."""
    from etl.load import LoadResult

    at = open_page("pages/upload.py", user="analyst", lang="en")
    first = LoadResult("a.csv", "surveys", "loaded", rows=3, load_id=77)
    at.session_state["upload_batch"] = {
        "user": "analyst",
        "names": ["a.csv", "b.csv"],
        "results": [first],
    }
    at.run()
    assert not at.exception
    assert [m.value for m in at.success] == [r"a\.csv: loaded 3 rows as load 77."]
    assert at.error[0].value == (
        r"The batch stopped after 1 of its 2 files (the page was rerun or left); not loaded: "
        r"b\.csv. Choose them again to load them."
    )
    at.session_state["auth_user"] = "viewer"  # another user of the screen is told nothing
    at.run()
    assert not [m for m in at.error if "batch stopped" in m.value]


def test_a_batch_stopped_by_reloading_the_page_is_said_in_the_new_session(
    open_page, page_db, monkeypatch
):
    """Trial (session 61): reloading the page while 12 files loaded stopped the batch after
    some of them, and the reloaded page (a new session, which remembers nothing of the old)
    said nothing. The process keeps the account's batch under way (ui/upload_batch.py): the
    next Upload page of that account says what it loaded and what not, once, and to nobody
    else; a batch still loading says how far it got."""
    from etl.load import LoadResult
    from ui import upload_batch

    first = LoadResult("a.csv", "surveys", "loaded", rows=3, load_id=77)
    record = {"user": "analyst", "names": ["a.csv", "b.csv"], "results": [first], "ended": True}
    monkeypatch.setitem(upload_batch.UNDER_WAY, "analyst", record)
    other = open_page("pages/upload.py", user="viewer", lang="en")
    assert not [m for m in other.error if "batch" in m.value]
    at = open_page("pages/upload.py", user="analyst", lang="en")
    assert not at.exception
    assert [m.value for m in at.success] == [r"a\.csv: loaded 3 rows as load 77."]
    assert at.error[0].value.startswith(r"The batch stopped after 1 of its 2 files")
    assert "analyst" not in upload_batch.UNDER_WAY  # said once
    record["ended"] = False  # loading still, in another window
    monkeypatch.setitem(upload_batch.UNDER_WAY, "analyst", record)
    monkeypatch.setattr(upload_batch, "ENDING_SECONDS", 0.2)
    again = open_page("pages/upload.py", user="analyst", lang="en")
    assert again.error[0].value.startswith(
        r"A batch of your 2 files (begun on this page before it was reloaded, or in another "
        r"window) is still loading or stopping: 1 loaded so far; not loaded yet: b\.csv."
    )
    # kept until it ends, then said (another window opened meanwhile took it, and the window
    # reloaded after said nothing)
    record["results"].append(LoadResult("b.csv", "surveys", "loaded", rows=2, load_id=78))
    record["ended"] = True
    ended = open_page("pages/upload.py", user="analyst", lang="en")
    assert [m.value for m in ended.success] == [
        r"a\.csv: loaded 3 rows as load 77.",
        r"b\.csv: loaded 2 rows as load 78.",
    ]
    assert not [m for m in ended.error if "batch" in m.value]  # every file loaded
    assert "analyst" not in upload_batch.UNDER_WAY


@pytest.mark.parametrize(
    ("lang", "satisfied", "unknown"),
    [
        (
            "zh",
            "满意人数不能超过样本量",
            "单位编码未登记：请先在单位名录中录入该单位，或更正编码",
        ),
        (
            "en",
            "satisfied may not exceed respondents",
            "unknown unit code: load it in the unit registry (单位名录) first, or correct the code",
        ),
    ],
)
def test_problems_are_said_in_the_page_language(seen_page, lang, satisfied, unknown):
    at = bad_file_chosen(seen_page, lang)
    assert not at.exception
    problems = table_with_column(at, "应为" if lang == "zh" else "Expected")
    expected = list(problems["应为" if lang == "zh" else "Expected"])
    # the fixture: row 3 has 60 satisfied of 50 respondents, row 4 an unknown unit ZZ999
    assert expected == [satisfied, unknown]


def test_dry_run_warns_how_many_rows_a_load_would_replace(open_page, page_db):
    quarter = latest_quarter(page_db)
    # the rows the file's keys (U0001, quarter, 门诊 / 住院) would replace, counted directly
    existing = (
        db(page_db)
        .execute(
            "SELECT count(*) FROM surveys WHERE unit_code = 'U0001' AND quarter = ? "
            "AND survey_type IN ('门诊', '住院')",
            [quarter],
        )
        .fetchone()[0]
    )
    assert existing == 2  # the demo has one row per unit, quarter and survey type
    at = open_page("pages/upload.py", user="analyst", lang="zh")
    at.get("file_uploader")[0].set_value(("u1_surveys.csv", good_surveys(quarter), "text/csv"))
    at.run()
    assert not at.exception
    assert at.success[0].value == f"检查通过：读取 2 行，季度 {quarter}，1 个单位。"
    assert [w.value.split("：")[0] for w in at.warning] == ["将替换 2 行已有数据"]


def test_a_file_chosen_before_a_sign_out_is_not_the_next_users(open_page, page_db):
    """Trial (session 56): an analyst chose a file of U0001 and signed out without loading;
    the next analyst to sign in in the same tab, of another district, found the file chosen,
    its check passed (the first analyst's, kept) and the load button enabled."""
    import accounts
    from etl.scope import Scope

    con = db(page_db)
    other = con.execute(
        "SELECT min(district) FROM units WHERE district <> "
        "(SELECT district FROM units WHERE unit_code = 'U0001')"
    ).fetchone()[0]
    accounts.add_user(con, "zhang", "analyst", "long enough", scope=Scope((other,)))
    quarter = latest_quarter(page_db)
    at = open_page("pages/upload.py", user="analyst", lang="zh")
    at.get("file_uploader")[0].set_value(("u1_surveys.csv", good_surveys(quarter), "text/csv"))
    at.run()
    assert at.success[0].value == f"检查通过：读取 2 行，季度 {quarter}，1 个单位。"
    at.session_state["auth_user"] = "zhang"  # signed out, the next user signed in
    at.run()
    assert not at.exception
    assert not at.success and not [b for b in at.button if b.key == "load"]
    assert [u.value for u in at.get("file_uploader")] in ([None], [[]])


def test_dry_run_says_how_many_replaced_rows_left_out_are_open_findings(open_page, page_db):
    """A correction of one unit's inspection that leaves out its open findings warned only
    that rows not in the file would be replaced: it now says how many are open findings."""
    unit, day, kind, findings = (
        db(page_db)
        .execute(
            "SELECT unit_code, min(inspection_date), inspection_type, count(*) FROM inspections "
            "WHERE finding IS NOT NULL AND rectified_on IS NULL "
            "GROUP BY unit_code, quarter, inspection_type ORDER BY 4 DESC, 1, 3 LIMIT 1"
        )
        .fetchone()
    )
    assert findings >= 1
    correction = f"单位编码,检查日期,检查类型,检查项目,得分,满分\n{unit},{day},{kind},新项目,8,10\n"
    at = open_page("pages/upload.py", user="analyst", lang="en")
    at.get("file_uploader")[0].set_value(("fix.csv", correction.encode(), "text/csv"))
    at.run()
    assert not at.exception
    said = [w.value.replace("\\", "") for w in at.warning]  # markdown-escaped (ui/literal.py)
    counted = f"{findings} open finding{'s' if findings > 1 else ''} (with no rectification"
    [note] = [w for w in said if w.startswith(counted)]
    assert f": {unit} {day} " in note  # the first named: the unit's earliest inspection


def new_rows_chosen(seen_page, lang: str):
    """The analyst's page after choosing a file of new rows (2000Q1 is long before the demo's
    quarters: nothing there to replace; its 满意度得分 left empty): its dry run, drawn once per
    module and language for the tests that only read it."""
    new_rows = ("u1_surveys.csv", good_surveys("2000Q1"), "text/csv")
    return seen_page("pages/upload.py", user="analyst", lang=lang, chosen=new_rows)


def test_dry_run_of_new_rows_says_nothing_is_replaced(seen_page):
    at = new_rows_chosen(seen_page, "en")
    assert not at.exception
    assert not at.warning
    assert "No existing rows will be replaced." in [c.value for c in at.caption]


def test_the_preview_shows_an_empty_cell_empty(seen_page):
    # the file leaves 满意度得分 empty: the preview read None in both rows
    at = new_rows_chosen(seen_page, "zh")
    assert not at.exception
    preview = table_with_column(at, "满意度得分")
    assert list(preview["满意度得分"]) == ["", ""]
    assert list(preview["满意人数"]) == ["400", "300"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_day_received_boxes_write_a_day_year_month_day_with_a_hint(seen_page, lang):
    # they wrote 2025-10-05 and, empty, read yyyy-mm-dd on the Chinese page without a word
    at = new_rows_chosen(seen_page, lang)
    assert not at.exception
    boxes = [at.date_input(key="upload_received_0"), at.date_input[-1]]  # the load's, the form's
    assert len(at.date_input) == 2
    hint = {
        "zh": "日期按 年/月/日 填写（如 2025/10/05），或在日历中选择。",
        "en": "The day is written year/month/day (2025/10/05), or chosen in the calendar.",
    }[lang]
    for box in boxes:
        assert box.proto.format == "YYYY/MM/DD"
        assert box.help.endswith(hint)
    sheets = "".join(h.proto.body for h in at.get("html"))
    empty_year = '[data-testid="stDateInput"] [data-type="year"][data-placeholder]::after'
    assert (f'{empty_year} {{ content: "年";' in sheets) == (lang == "zh")


def u1_rows(store, quarter: str) -> list[tuple]:
    """U0001's outpatient and inpatient survey rows of the quarter, as stored."""
    return (
        db(store)
        .execute(
            "SELECT survey_type, respondents, satisfied, score FROM surveys "
            "WHERE unit_code = 'U0001' AND quarter = ? AND survey_type IN ('门诊', '住院') "
            "ORDER BY ALL",
            [quarter],
        )
        .fetchall()
    )


def test_good_file_is_checked_then_loaded_and_audited_and_withdrawn(open_page, page_store):
    """The upload flow on each store, one visit: the dry run, the load and its audit, then the
    load's withdrawal, which removes it."""
    quarter = latest_quarter(page_store)
    demo_rows = u1_rows(page_store, quarter)
    assert len(demo_rows) == 2  # the demo has one row per unit, quarter and survey type
    at = open_page("pages/upload.py", user="analyst", lang="en")
    at.get("file_uploader")[0].set_value(("u1_surveys.csv", good_surveys(quarter), "text/csv"))
    at.run()
    assert not at.exception
    assert "Check passed: 2 rows read" in at.success[0].value
    assert upload_log_rows(page_store)[-1][1] != "u1_surveys.csv"  # not loaded by the dry run
    at.button(key="load").click().run()
    assert not at.exception
    load_id, name, outcome, by = upload_log_rows(page_store)[-1]
    assert (name, outcome, by) == ("u1_surveys.csv", "loaded", "analyst")
    # the Markdown source: the file name escaped (ui.literal), shown as u1_surveys.csv
    # it replaced U0001's 门诊 and 住院 surveys of the quarter, and says so as the check did
    assert at.success[0].value == (
        rf"u1\_surveys\.csv: loaded 2 rows as load {load_id}. 2 existing rows replaced "
        "(archived: withdrawing the load restores them)."
    )
    rows = (
        db(page_store)
        .execute(
            # a load replaces per survey type: the unit's other types (公众, 职工) stay
            "SELECT survey_type, respondents, satisfied FROM surveys "
            "WHERE unit_code = 'U0001' AND quarter = ? AND survey_type IN ('门诊', '住院') "
            "ORDER BY survey_type",
            [quarter],
        )
        .fetchall()
    )
    assert sorted(rows) == sorted([("门诊", 400, 400), ("住院", 300, 300)])
    audit = db(page_store).execute("SELECT username, ok FROM audit_log WHERE action = 'load'")
    assert audit.fetchall() == [("analyst", True)]
    # the withdrawal removes the load: the demo's own rows are back
    assert u1_rows(page_store, quarter) == [("住院", 300, 300, None), ("门诊", 400, 400, None)]
    at.selectbox[0].set_value(load_id)
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Withdraw").click().run()
    assert not at.exception
    assert upload_log_rows(page_store)[-1][2] == "withdrawn"
    assert at.success[0].value.startswith(f"Load {load_id} withdrawn: 2 rows removed")
    assert u1_rows(page_store, quarter) == demo_rows, "the withdrawal brings the demo's rows back"


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the page's words, not the store
def test_role_is_checked_again_when_load_is_pressed(open_page, page_store):
    quarter = latest_quarter(page_store)
    before = upload_log_rows(page_store)
    at = open_page("pages/upload.py", user="analyst", lang="en")
    at.get("file_uploader")[0].set_value(("u1_surveys.csv", good_surveys(quarter), "text/csv"))
    at.run()
    con = db(page_store)
    accounts.add_user(con, "second_admin", "admin", "long enough")
    accounts.set_role(con, "analyst", "viewer")  # demoted while the page is open
    at.button(key="load").click().run()
    assert upload_log_rows(page_store) == before
    assert at.error and "analyst" in at.error[0].value


def test_a_file_refused_at_the_press_by_a_scope_narrowed_meanwhile_is_said_and_logged(
    open_page, page_db
):
    """Trial (session 58): the file passed its check; an admin narrowed the analyst to another
    district; the press said "check failed … nothing to load" and the upload log had no line
    of the refusal, where README says a file refused when its load is asked is logged."""
    from etl.scope import Scope

    quarter = latest_quarter(page_db)
    before = upload_log_rows(page_db)
    at = open_page("pages/upload.py", user="analyst", lang="en")
    at.get("file_uploader")[0].set_value(("u1_surveys.csv", good_surveys(quarter), "text/csv"))
    at.run()
    assert not at.button(key="load").disabled  # it passed
    con = connect(page_db)
    [(own,)] = con.execute("SELECT district FROM units WHERE unit_code = 'U0001'").fetchall()
    [(other,)] = con.execute(
        "SELECT min(district) FROM units WHERE district <> $own", {"own": own}
    ).fetchall()
    accounts.set_scope(con, "analyst", Scope((other,)))  # meanwhile, by an admin
    con.close()
    at.button(key="load").click().run()
    assert not at.exception
    after = upload_log_rows(page_db)
    assert after[: len(before)] == before
    assert [line[1:] for line in after[len(before) :]] == [
        ("u1_surveys.csv", "rejected", "analyst")
    ]
    [said] = [m.value for m in at.error]
    assert said.startswith(r"u1\_surveys\.csv: not loaded, its check found 2 problems")


def test_the_withdraw_and_received_boxes_name_each_load_and_the_history_is_in_chinese(
    open_page, page_db
):
    """One load and its withdrawal on the Chinese page: the boxes name each load, and the
    history translates kind and outcome."""
    # each load by its id, file, time and who loaded it, not a bare number; the value is the id
    quarter = latest_quarter(page_db)
    at = open_page("pages/upload.py", user="analyst", lang="zh")
    at.get("file_uploader")[0].set_value(("u1_surveys.csv", good_surveys(quarter), "text/csv"))
    at.run()
    at.button(key="load").click().run()
    load_id, loaded_at = (
        db(page_db)
        .execute("SELECT load_id, loaded_at FROM upload_log ORDER BY load_id DESC LIMIT 1")
        .fetchone()
    )
    newest = f"{load_id} · u1_surveys.csv · {loaded_at:%Y-%m-%d %H:%M} · analyst"
    withdraw = next(s for s in at.selectbox if s.label == "撤回哪一批次")
    received = next(s for s in at.selectbox if s.label.startswith("为哪一批次登记收到日期"))
    assert withdraw.options[0] == newest and received.options[0] == newest
    # the demo's loads, by its loader "demo", are named the same way
    assert all(
        re.fullmatch(r"\d+ · .+ · \d{4}-\d{2}-\d{2} \d{2}:\d{2} · .+", o) for o in withdraw.options
    )
    assert withdraw.value == load_id
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "撤回").click().run()
    assert not at.exception
    assert upload_log_rows(page_db)[-1][2] == "withdrawn"
    # the history in Chinese translates kind and outcome
    past = table_with_column(at, "撤回时间")
    latest = past.iloc[0].to_dict()  # the newest load first
    assert (latest["批次"], latest["类型"], latest["结果"]) == (load_id, "满意度调查", "已撤回")
    assert latest["撤回人"] == "analyst"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", latest["撤回时间"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", latest["时间"])
    earlier = past.iloc[1].to_dict()
    assert earlier["结果"] == "已上传" and earlier["撤回时间"] == "" and earlier["撤回人"] == ""
    assert set(past["结果"]) <= {"已上传", "已拒绝", "已撤回"}


def surveys_xlsx(quarter: str) -> bytes:
    """An Excel workbook with Chinese headers: U0002's outpatient and public surveys."""
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("满意度")
    rows = [
        ["单位编码", "季度", "调查类型", "样本量", "满意人数", "满意度得分"],
        ["U0002", quarter, "门诊", 200, 180, None],
        ["U0002", quarter, "公众", 150, None, 88.5],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def test_several_files_at_once_csv_and_excel_load_in_one_go(open_page, page_db):
    """A CSV and a macro workbook (.xlsm, offered as the command line reads it: its cells
    loaded, its macros neither run nor kept) in one go."""
    quarter = latest_quarter(page_db)
    at = open_page("pages/upload.py", user="analyst", lang="en")
    uploader = at.get("file_uploader")[0]
    assert ".xlsm" in uploader.proto.type and ".xlsx" in uploader.proto.type
    xlsm = "application/vnd.ms-excel.sheet.macroEnabled.12"
    uploader.set_value(
        [
            ("u1_surveys.csv", good_surveys(quarter), "text/csv"),
            ("u2_surveys.xlsm", macro_enabled(surveys_xlsx(quarter)), xlsm),
        ]
    )
    at.run()
    assert not at.exception
    assert [s.value.split(":")[0] for s in at.success] == ["Check passed", "Check passed"]
    # the previews come under the files' boxes: each names its file (both read "Preview")
    previews = [c.value.replace("\\", "") for c in at.caption if c.value.startswith("Preview")]
    assert previews == [
        "Preview of u1_surveys.csv (first 20 rows, normalised)",
        "Preview of u2_surveys.xlsm (first 20 rows, normalised)",
    ]
    at.button(key="load").click().run()
    loaded = [r[1] for r in upload_log_rows(page_db)[-2:]]
    assert loaded == ["u1_surveys.csv", "u2_surveys.xlsm"]
    rows = (
        db(page_db)
        .execute(
            "SELECT survey_type, respondents, satisfied, score FROM surveys "
            "WHERE unit_code = 'U0002' AND quarter = ? AND survey_type IN ('门诊', '公众') "
            "ORDER BY survey_type",
            [quarter],
        )
        .fetchall()
    )
    assert sorted(rows) == sorted([("门诊", 200, 180, None), ("公众", 150, None, 88.5)])


def test_a_form_without_a_quarter_column_loads_with_the_quarter_chosen(open_page, page_db):
    quarter = latest_quarter(page_db)
    form = "单位编码,调查类型,样本量,满意人数\nU0001,门诊,400,396\nU0001,住院,300,297\n".encode()
    at = open_page("pages/upload.py", user="analyst", lang="zh")
    at.get("file_uploader")[0].set_value(("三季度满意度.csv", form, "text/csv"))
    at.run()
    assert not at.exception
    [problem] = table_with_column(at, "应为").to_dict("records")
    assert "上传页面的“季度”选项" in problem["应为"]
    file_box(at, "quarter").set_value(quarter).run()
    assert not at.exception
    assert at.success[0].value == f"检查通过：读取 2 行，季度 {quarter}，1 个单位。"
    at.button(key="load").click().run()
    assert not at.exception
    rows = (
        db(page_db)
        .execute(
            "SELECT survey_type, satisfied FROM surveys WHERE unit_code = 'U0001' "
            "AND quarter = ? AND survey_type IN ('门诊', '住院') ORDER BY survey_type",
            [quarter],
        )
        .fetchall()
    )
    assert sorted(rows) == sorted([("门诊", 396), ("住院", 297)])


def surveys_workbook(quarters: dict[str, str], hidden: tuple[str, ...] = ()) -> bytes:
    """A workbook with one sheet of U0001's outpatient survey per (sheet name → quarter); the
    sheets named in ``hidden`` are hidden."""
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    pages = []
    for sheet, quarter in quarters.items():
        page = book.add_worksheet(sheet)
        page.write_row(0, 0, ["单位编码", "季度", "调查类型", "样本量", "满意人数"])
        page.write_row(1, 0, ["U0001", quarter, "门诊", 100, 99])
        pages.append(page)
    next(p for p in pages if p.name not in hidden).activate()
    for page in pages:
        if page.name in hidden:
            page.hide()
    book.close()
    return out.getvalue()


def test_a_hidden_sheet_passed_over_is_named_in_the_dry_run(open_page, page_db):
    book = surveys_workbook({"往年": "2000Q1", "本季度": "2000Q2"}, hidden=("往年",))
    at = open_page("pages/upload.py", user="analyst", lang="zh")
    at.get("file_uploader")[0].set_value(("book.xlsx", book, "application/vnd.ms-excel"))
    at.run()
    assert not at.exception
    assert "季度 2000Q2" in at.success[0].value
    assert [w.value for w in at.warning] == [
        "隐藏的工作表“往年”也有数据表，未载入；如需载入，请指定该工作表"
        # the page's Markdown keeps -- as typed (escaped, a word joiner between)
        "（命令行 \\-\u2060\\-sheet 工作表名，或上传页面的“工作表”选项）"
    ]


def test_a_workbook_with_two_data_sheets_checks_and_loads_each_sheet(open_page, page_db):
    """Each visible sheet holding a table is an upload of its own: checked in the file's box
    (named by file and sheet), loaded, and logged with its sheet; a sheet may still be
    chosen alone."""
    quarter = latest_quarter(page_db)
    book = surveys_workbook({"本季度": quarter, "往年": "2000Q1"})
    at = open_page("pages/upload.py", user="analyst", lang="en")
    at.get("file_uploader")[0].set_value(("book.xlsx", book, "application/vnd.ms-excel"))
    at.run()
    assert not at.exception
    assert as_read(at.info[0].value).startswith(
        "book.xlsx: 2 sheets of the workbook hold tables (本季度, 往年), each loaded as an "
        "upload of its own"
    )
    checks = [s.value for s in at.success]
    assert checks == [
        f"Check passed: 1 row read, 1 quarter ({quarter}), 1 unit.",
        "Check passed: 1 row read, 1 quarter (2000Q1), 1 unit.",
    ]
    names = [as_read(m.value) for m in at.markdown if m.value.startswith("**book")]
    assert names == [
        "**book.xlsx (sheet 本季度)** · surveys",
        "**book.xlsx (sheet 往年)** · surveys",
    ]
    # two uploads from one file: "Load the 2 file(s)" counted the sheets as files
    assert at.button(key="load").label == (
        "Load the 2 that passed (1 file, a workbook counted by its sheets)"
    )
    at.button(key="load").click().run()
    assert not at.exception
    logged = db(page_db).execute(
        "SELECT sheet, outcome FROM upload_log WHERE file_name = 'book.xlsx' ORDER BY load_id"
    )
    assert logged.fetchall() == [("本季度", "loaded"), ("往年", "loaded")]
    said = [as_read(s.value) for s in at.success]
    # the demo's outpatient survey of U0001 in the latest quarter is replaced, and said so
    assert said[0].startswith(
        f"book.xlsx (sheet 本季度): loaded 1 row as load {first_load(page_db, '本季度')}. 1 "
    )
    assert said[1] == f"book.xlsx (sheet 往年): loaded 1 row as load {first_load(page_db, '往年')}."
    # one sheet chosen: only it is checked (loaded already), and no workbook line is said
    at.get("file_uploader")[0].set_value(("book.xlsx", book, "application/vnd.ms-excel"))
    at.run()
    file_box(at, "sheet").set_value("往年").run()
    assert not at.exception
    assert [i.value for i in at.info] == [
        f"This file is loaded already (load {first_load(page_db, '往年')}); loading it again "
        "changes nothing."
    ]
    assert not at.success


def as_read(markdown: str) -> str:
    """Text as the page shows it: without the backslashes that keep its punctuation from being
    read as Markdown (ui/literal.py)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def first_load(path, sheet: str) -> int:
    return (
        db(path)
        .execute("SELECT min(load_id) FROM upload_log WHERE sheet = ?", [sheet])
        .fetchone()[0]
    )


def test_a_bad_sheet_of_a_workbook_is_named_in_the_problems_and_not_loaded(open_page, page_db):
    """The problems table names the sheet of each problem (the download too: the same frame);
    the good sheet alone may be loaded."""
    quarter = latest_quarter(page_db)
    book = surveys_workbook({"好": quarter, "坏": "2000Q9"})
    at = open_page("pages/upload.py", user="analyst", lang="zh")
    at.get("file_uploader")[0].set_value(("book.xlsx", book, "application/vnd.ms-excel"))
    at.run()
    assert not at.exception
    [problem] = table_with_column(at, "工作表").to_dict("records")
    assert (problem["文件"], problem["工作表"], problem["行"], problem["内容"]) == (
        "book.xlsx",
        "坏",
        "2",
        "2000Q9",
    )
    assert at.button(key="load").label == "上传通过检查的 1 个文件"


def test_a_district_analyst_sees_only_the_uploads_of_its_district(open_page, page_db):
    """The demo loads one file per district and kind (2025Q3_城关区_surveys.csv…): a 城关区
    analyst's history names no other district's file, a bureau-wide analyst's does."""
    from etl.scope import Scope

    con = connect(page_db)
    districts = sorted(r[0] for r in con.execute("SELECT DISTINCT district FROM units").fetchall())
    own, others = districts[0], districts[1:]
    accounts.add_user(
        con, "district_analyst", "analyst", "a long pass phrase 2", scope=Scope((own,))
    )
    con.close()

    def files_seen(user: str) -> list[str]:
        at = open_page("pages/upload.py", user=user, lang="zh")
        assert not at.exception
        return list(table_with_column(at, "文件")["文件"])

    everything = files_seen("analyst")
    assert any(other in name for name in everything for other in others)
    seen = files_seen("district_analyst")
    assert any(own in name for name in seen)
    assert not any(other in name for name in seen for other in others), seen


def test_files_of_history_load_with_the_day_they_were_received(open_page, page_db):
    """The day chosen is kept in the upload log, shown in the history, and lateness is judged
    by it: five days after the quarter's end is within the 15-day deadline."""
    from datetime import timedelta

    from etl.quarters import quarter_end
    from queries import run

    quarter = latest_quarter(page_db)
    arrived = quarter_end(quarter) + timedelta(days=5)
    at = open_page("pages/upload.py", user="analyst", lang="zh")
    at.get("file_uploader")[0].set_value(("u1_surveys.csv", good_surveys(quarter), "text/csv"))
    at.run()
    at.date_input(key="upload_received_0").set_value(arrived).run()
    at.button(key="load").click().run()
    assert not at.exception
    load_id, received = (
        db(page_db)
        .execute("SELECT load_id, received_on FROM upload_log ORDER BY load_id DESC LIMIT 1")
        .fetchone()
    )
    assert received == arrived
    history = table_with_column(at, "收到日期")
    assert history.loc[history["批次"] == load_id, "收到日期"].tolist() == [arrived.isoformat()]
    late = run(db(page_db), "late_loads", deadline_days=15, quarter=quarter)
    row = late.filter(late["load_id"] == load_id).row(0, named=True)
    assert (row["days_late"], row["late"]) == (-10, False)


def test_a_day_received_is_recorded_for_a_load_already_made(open_page, page_db):
    """The demo's latest surveys load, loaded without a day received: a day before its
    quarter began is refused and nothing is written; the day it was loaded is recorded (after
    its quarter ended, and no later than the load)."""
    con = db(page_db)
    load_id, quarters, loaded_at = con.execute(
        "SELECT max(load_id), arg_max(quarters, load_id), arg_max(loaded_at, load_id) "
        "FROM upload_log WHERE kind = 'surveys' AND outcome = 'loaded'"
    ).fetchone()
    latest = quarters.split(",")[-1]
    year, q = int(latest[:4]), int(latest[-1])
    too_early = date(year, 3 * q - 2, 1) - timedelta(days=1)  # the day before it began
    at = open_page("pages/upload.py", user="analyst", lang="en")
    form = [s for s in at.selectbox if s.label.startswith("Load whose day received")]
    assert len(form) == 1
    form[0].set_value(load_id)
    at.date_input[-1].set_value(too_early)
    next(b for b in at.button if b.label == "Record the day received").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Not recorded: the day received is before")
    received = "SELECT received_on FROM upload_log WHERE load_id = ?"
    assert con.execute(received, [load_id]).fetchone() == (None,)
    day = loaded_at.date()  # the day it was loaded (the demo dates its loads in the past)
    next(s for s in at.selectbox if s.label.startswith("Load whose")).set_value(load_id)
    at.date_input[-1].set_value(day)
    next(b for b in at.button if b.label == "Record the day received").click().run()
    assert at.success[0].value == (
        f"Load {load_id}: {day.isoformat()} recorded as the day received."
    )
    assert con.execute(received, [load_id]).fetchone() == (day,)
    audited = accounts.audit_entries(con, actions=("received",))
    assert audited["username"].to_list() == ["analyst", "analyst"]
    assert audited["ok"].to_list() == [True, False]


# one indicator's weight and target from 2026Q3 on
SYSTEM = (
    "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,"
    "target\ninspection_score_rate,检查得分率,Inspection score rate,inspection,higher,0.3,"
    "rate,全部,2026Q3,0.9\n"
).encode()


def test_an_analysts_indicator_system_file_is_refused_with_empty_row_and_column(open_page, page_db):
    """A problem of the whole file names no row or column: empty cells, not "None" (trial);
    and an analyst may not change the indicator system (admins only)."""
    at = open_page("pages/upload.py", user="analyst", lang="en")
    at.get("file_uploader")[0].set_value(("system.csv", SYSTEM, "text/csv"))
    at.run()
    assert not at.exception
    problems = table_with_column(at, "Expected")
    assert list(zip(problems["Row"], problems["Column"], strict=True)) == [("", "")]
    assert "only an admin may load" in problems["Expected"][0]
    assert at.button(key="load").disabled


def test_an_indicator_system_check_names_no_quarter_or_unit(open_page, page_db):
    """An indicator-system file has neither a quarter nor a unit column: its check says how
    many rows it read and nothing of quarters or units (it said "quarters —, 0 unit(s)")."""
    at = open_page("pages/upload.py", user="admin", lang="zh")
    at.get("file_uploader")[0].set_value(("system.csv", SYSTEM, "text/csv"))
    at.run()
    assert not at.exception
    assert at.success[0].value == "检查通过：读取 1 行。"
    # refused for a peer group, it says with the problems what its weights add up to: the
    # demo's other weights 0.8 (1 less inspection_score_rate's 0.2) and 15 make 15.8
    refused = SYSTEM.replace(b"0.3,rate,\xe5\x85\xa8\xe9\x83\xa8", "15,rate,乡镇卫生员".encode())
    assert refused != SYSTEM
    at.get("file_uploader")[0].set_value(("system.csv", refused, "text/csv"))
    at.run()
    assert at.error and not at.success
    said = [w.value.replace("\\", "") for w in at.warning]  # markdown-escaped (ui/literal.py)
    assert [w for w in said if "权重合计为 15.8，不是 1" in w]


def test_a_files_boxes_stay_with_it_when_a_file_above_it_is_taken_away(open_page, page_db):
    """Two files, a quarter stated for the first (a form naming its quarter only in its
    title), then the first taken away: the second took over the first's boxes (they were keyed
    by place), was checked with that quarter stated, and refused, though nobody chose one."""
    quarter = latest_quarter(page_db)
    form = "单位编码,调查类型,样本量,满意人数\nU0001,门诊,400,396\n".encode()
    at = open_page("pages/upload.py", user="analyst", lang="zh")
    uploader = at.get("file_uploader")[0]
    uploader.set_value(
        [("form.csv", form, "text/csv"), ("u1.csv", good_surveys(quarter), "text/csv")]
    )
    at.run()
    file_box(at, "quarter", 0).set_value(quarter).run()
    assert [s.value for s in at.success][:1] == [f"检查通过：读取 1 行，季度 {quarter}，1 个单位。"]
    uploader = at.get("file_uploader")[0]
    uploader.set_value([("u1.csv", good_surveys(quarter), "text/csv")])
    at.run()
    assert not at.exception
    assert file_box(at, "quarter").value == ""  # the loader's own choice: from the file
    assert at.success[0].value == f"检查通过：读取 2 行，季度 {quarter}，1 个单位。"


def test_problems_beyond_those_listed_are_counted_in_the_heading(open_page, page_db):
    """A browser trial: a file of 286 problems; its box said 286, the table's heading "发现的
    问题（200 个）" and the table and its CSV listed 200 (the loader keeps the first 200),
    without a word of the other 86."""
    quarter = latest_quarter(page_db)
    rows = "".join(f"U0001,{quarter},门诊,很多,1\n" for _ in range(250))
    data = ("单位编码,季度,调查类型,样本量,满意人数\n" + rows).encode()
    at = open_page("pages/upload.py", user="analyst", lang="zh")
    at.get("file_uploader")[0].set_value(("满意度.csv", data, "text/csv"))
    at.run()
    assert not at.exception
    # each row's 样本量 in words, and each row after the first repeats its unit, quarter, type
    assert at.error[0].value == "检查未通过：499 个问题（见下表），不能上传。"
    assert len(table_with_column(at, "应为")) == 200
    assert [h.value for h in at.subheader][0] == "发现的问题（499 个，下表及清单列出前 200 个）"


def test_a_withdrawal_is_confirmed_anew_for_each_load(open_page, page_db):
    """A browser trial: a load withdrawn, the box then on the next load and the confirmation
    still ticked, so one more press of Withdraw withdrew that load too, never confirmed."""
    at = open_page("pages/upload.py", user="analyst", lang="en")
    first, second = (r[0] for r in upload_log_rows(page_db)[::-1][:2])
    at.selectbox[0].set_value(first)
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Withdraw").click().run()
    assert at.success[0].value.startswith(f"Load {first} withdrawn")
    assert at.checkbox[0].value is False
    next(b for b in at.button if b.label == "Withdraw").click().run()
    assert not at.exception
    outcomes = {r[0]: r[2] for r in upload_log_rows(page_db)}
    assert (outcomes[first], outcomes[second]) == ("withdrawn", "loaded")
    assert [w.value for w in at.warning] == ["Tick the confirmation first."]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_empty_registry_is_asked_for_first(open_page, page_db, tmp_path, monkeypatch, lang):
    """A new bureau's admin on the Upload page of an empty store read only that chosen files
    are checked first, nothing about which file comes first: every other file is checked
    against the unit registry. Once units are registered the page says no more than before."""
    path = tmp_path / "new.duckdb"
    con = connect(path)
    accounts.add_user(con, "root", "admin", "a long password")
    con.close()
    monkeypatch.setenv("CIVBENCH_DB", str(path))
    at = open_page("pages/upload.py", user="root", lang=lang)
    assert not at.exception
    first = "先上传单位名录" if lang == "zh" else "the unit registry first"
    [said] = [i.value for i in at.info if first in i.value]
    assert ("测评体系" if lang == "zh" else "indicator system") in said
    monkeypatch.setenv("CIVBENCH_DB", str(page_db))
    demo = open_page("pages/upload.py", user="analyst", lang=lang)
    assert demo.info  # the page's usual note
    assert not [i.value for i in demo.info if first in i.value]
