"""Loading fixture files into a real DuckDB file: exact values, all-or-nothing, idempotence,
replacement, withdrawal, and the upload log."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime

import pytest
import xlsxwriter
from etl_helpers import TODAY, contents, fixture_bytes, load, load_fixture

from etl.db import connect, data_version
from etl.load import WithdrawRefused, history, load_file, withdraw
from etl.messages import Text, stored_text
from etl.publish import publish

SURVEYS_HEADER = "单位编码,季度,调查类型,样本量,满意人数,满意度得分\n"


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_units_registry_exact_values(registry):
    sql = "SELECT * EXCLUDE (load_id, status) FROM units ORDER BY unit_code"
    assert rows(registry, sql) == [
        # the fixture gives no from_quarter: every row holds from the beginning (last column)
        ("C001", "城关区白银路街道社区卫生服务中心", "城关区", "社区卫生服务中心", 60, None, None),
        ("H001", "兰州市城关第一医院", "城关区", "三级医院", 1200, None, None),
        ("H001-W1", "城关第一医院门诊挂号窗口", "城关区", "三级医院", 12, "H001", None),
        ("H002", "七里河区人民医院", "七里河区", "二级医院", 450, None, None),
        ("T001", "永登县红城镇中心卫生院", "永登县", "乡镇卫生院", 48, None, None),
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_gbk_inspections_with_title_row_exact_values(registry):
    result = load_fixture(registry, "inspections_gbk.csv")
    assert (result.outcome, result.kind, result.rows, result.quarters, result.units) == (
        "loaded",
        "inspections",
        3,
        ["2025Q3"],
        2,
    )
    assert rows(
        registry, "SELECT * EXCLUDE (load_id) FROM inspections ORDER BY inspection_date"
    ) == [
        ("H001", "2025Q3", date(2025, 7, 5), "暗访", "服务态度", 9.5, 10.0, None, None, None),
        (
            "H001",
            "2025Q3",
            date(2025, 8, 1),
            "巡查",
            "环境卫生",
            7.0,
            10.0,
            "候诊区卫生间保洁不及时",
            date(2025, 8, 31),
            date(2025, 8, 20),
        ),
        (
            "T001",
            "2025Q3",
            date(2025, 9, 3),
            "督查",
            "便民措施",
            6.5,
            10.0,
            "未设置便民服务台",
            date(2025, 10, 3),
            None,
        ),
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_bom_surveys_exact_values(registry):
    assert load_fixture(registry, "surveys_bom.csv").outcome == "loaded"
    assert rows(
        registry, "SELECT * EXCLUDE (load_id) FROM surveys ORDER BY unit_code, survey_type"
    ) == [
        ("H001", "2025Q3", "住院", 310, 301, None),
        ("H001", "2025Q3", "门诊", 1234, 1180, None),  # "1,234"
        ("T001", "2025Q3", "公众", 60, None, 95.0),  # 95% of a 0–100 score
        ("T001", "2025Q3", "门诊", 25, 22, None),
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_excel_activities_both_sheets(registry):
    first = load_fixture(registry, "activities.xlsx", sheet="三季度")
    assert (first.rows, first.chosen_sheet) == (3, "三季度")  # named: the summary says which
    second = load_fixture(registry, "activities.xlsx", sheet="二季度")
    assert second.outcome == "loaded"  # another sheet of the same workbook is another upload
    assert rows(
        registry,
        "SELECT unit_code, quarter, activity_date, activity_type, sessions, participants, "
        "volunteer_hours FROM activities ORDER BY quarter, unit_code, activity_type",
    ) == [
        ("T001", "2025Q2", None, "送医下乡", 4, 40, None),
        ("C001", "2025Q3", date(2025, 8, 15), "义诊", 1, 15, None),
        ("C001", "2025Q3", date(2025, 9, 5), "健康讲座", 2, 80, None),
        ("H001", "2025Q3", date(2025, 7, 12), "志愿服务", 12, 30, 96.5),
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and logging, not the store
def test_each_sheet_of_a_workbook_is_named_in_the_history(registry):
    """Trial E: a workbook of one sheet per district, loaded sheet by sheet (as the loader
    asks), left seven entries in the history under one file name, told apart only by their
    row counts: to withdraw one district's sheet the analyst had to guess its load. The log
    keeps the sheet read, and the history names it beside the file (one rule for the command
    line's history and the Upload page's, and the boxes that choose a load)."""
    first = load_fixture(registry, "activities.xlsx", sheet="三季度")
    second = load_fixture(registry, "activities.xlsx", sheet="二季度")
    single = load_fixture(registry, "surveys_bom.csv")
    logged = rows(registry, "SELECT load_id, sheet FROM upload_log ORDER BY load_id")
    assert logged[-3:] == [
        (first.load_id, "三季度"),
        (second.load_id, "二季度"),
        (single.load_id, None),
    ]
    shown = dict(history(registry).select("load_id", "file_name").iter_rows())
    assert shown[first.load_id] == "activities.xlsx · 三季度"
    assert shown[second.load_id] == "activities.xlsx · 二季度"
    assert shown[single.load_id] == "surveys_bom.csv"
    # a sheet refused says which, in its summary and its entry
    refused = load(registry, broken_sheet(), "分区县.xlsx", sheet="城关区")
    assert refused.summary("zh").startswith("分区县.xlsx（工作表“城关区”）：未通过检查")
    assert refused.summary("en").startswith("分区县.xlsx (sheet 城关区): rejected")
    assert history(registry)["file_name"][0] == "分区县.xlsx · 城关区"


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and logging, not the store
def test_a_problem_in_a_workbook_of_several_sheets_names_its_sheet(registry):
    """Every sheet of a workbook numbers its rows from 1: "分区县.xlsx, row 2" may be any
    district's row 2. A problem names the sheet after the file, in both languages, in the
    terminal's line, the page's table (``as_dict``) and the upload log's entry; a CSV file's
    problem names none."""
    refused = load(registry, broken_sheet(), "分区县.xlsx", sheet="城关区")
    [problem] = refused.problems
    assert problem.describe("en").startswith(
        "分区县.xlsx, sheet 城关区, row 2, column 满意度得分 (score): '120': "
    )
    assert problem.describe("zh").startswith(
        "分区县.xlsx，工作表“城关区”，第 2 行，列 满意度得分：“120”："
    )
    assert (problem.as_dict("zh")["file"], problem.as_dict("zh")["sheet"]) == (
        "分区县.xlsx",
        "城关区",
    )
    [(message,)] = rows(registry, "SELECT message FROM upload_log WHERE outcome = 'rejected'")
    assert "分区县.xlsx, sheet 城关区, row 2, column 满意度得分 (score): '120'" in message
    plain = load(registry, SURVEYS_HEADER + "H001,2025Q3,门诊,60,70,\n", "bad.csv")
    assert plain.problems[0].describe("en").startswith("bad.csv, row 2, column 满意人数")
    assert plain.problems[0].as_dict("en")["sheet"] is None


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the reader's refusal, not the store
def test_a_sheet_the_workbook_lacks_is_named_once_as_the_value_not_as_where(registry):
    """A sheet asked for that the workbook does not have is the problem's value; said also as
    where the problem lies, the line named it twice ("sheet 四季度: '四季度': no sheet …")."""
    refused = load(registry, broken_sheet(), "分区县.xlsx", sheet="四季度")
    [problem] = refused.problems
    line = problem.describe("en")
    assert line.startswith("分区县.xlsx: '四季度': ") and line.count("四季度") == 1
    assert "城关区, 七里河区" in line  # the sheets there are
    assert problem.as_dict("en")["sheet"] is None


def broken_sheet() -> bytes:
    """A workbook of two districts' sheets, 城关区's with a score above 100."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    for name, score in (("城关区", 120), ("七里河区", 90)):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, ["单位编码", "季度", "调查类型", "样本量", "满意度得分"])
        sheet.write_row(1, 0, ["H001", "2025Q3", "公众", 60, score])
    book.close()
    return out.getvalue()


INSPECTIONS = "单位编码,检查日期,检查类型,检查项目,得分,满分\n"


def test_a_same_visit_note_kept_before_it_was_counted_reads_without_rows_1():
    """Notes kept in upload logs under load.same_visit_other_type have no count: they read
    "row or rows 2", not "rows 2" for the one row."""
    from etl.messages import msg

    kept = msg("load.same_visit_other_type", rows="2", types="暗访", loads="5")
    assert kept.en.startswith("row or rows 2: the same visit (unit, date and item) is already")


def test_a_satisfaction_note_kept_before_it_was_counted_reads_without_rows_1():
    """Notes kept in upload logs under load.satisfaction_given_twice have no count: they read
    "row or rows 2", not "rows 2 give" for the one row."""
    from etl.messages import msg

    kept = msg(
        "load.satisfaction_given_twice",
        rows="2",
        row=2,
        satisfied=40,
        respondents=50,
        share="80.0",
        score="95",
    )
    assert kept.en.startswith("row or rows 2 give both the satisfied count and the satisfaction")
    assert kept.zh.startswith("第 2 行同时填了满意人数和满意度得分")


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the loader's checks, not the store
def test_a_visit_loaded_again_under_another_type_says_the_first_stays(registry):
    """Trial E: a week after the city's inspections, a corrected file for H001 gave its
    2025-11-05 visit as 督查 where the first file had 暗访. A file replaces the rows of its
    own inspection types only (types come from different teams), so the 暗访 rows stayed
    beside the 督查 ones: the same items of the same visit scored twice (2 of H001's 3 rows
    twice over), said nowhere. The load says which rows, the type and the load they are
    already under, and how to correct a type (withdraw that load); a visit held under its
    own type only, restated, says nothing."""
    first = load(
        registry,
        INSPECTIONS + "H001,2025-11-05,暗访,服务态度,8,10\nH001,2025-11-05,暗访,环境卫生,9,10\n"
        "H001,2025-11-20,巡查,控烟工作,10,10\n",
        "inspections.csv",
    )
    fix = INSPECTIONS + "H001,2025-11-05,督查,服务态度,8,10\nH001,2025-11-05,督查,环境卫生,9,10\n"
    checked = load(registry, fix, "fix.csv", dry_run=True)
    said = checked.summary("zh")
    assert (
        f"第 2–3 行（共 2 行）的检查（单位、日期、检查项目相同）已以检查类型 暗访 载入（批次 "
        f"{first.load_id}）" in said
    )
    assert f"若是更正检查类型，请撤回批次 {first.load_id}" in said
    loaded = load(registry, fix, "fix.csv")
    assert (
        "this file has 2 rows (numbered 2–3) whose visit (unit, date and item) is already "
        "loaded as 暗访" in loaded.summary("en")
    )
    # now the 督查 rows stand beside the 暗访 ones: restating 暗访 says so in turn …
    again = load(registry, INSPECTIONS + "H001,2025-11-05,暗访,服务态度,8.5,10\n", "again.csv")
    assert (
        "this file has 1 row (numbered 2) whose visit (unit, date and item) is already loaded "
        f"as 督查 (load {loaded.load_id})" in again.summary("en")
    )
    # … and a visit held under its own type only, restated, says nothing
    alone = load(registry, INSPECTIONS + "H001,2025-11-20,巡查,控烟工作,9,10\n", "alone.csv")
    assert "same visit" not in alone.summary("en")


def test_a_correction_that_drops_a_units_only_rows_of_a_type_says_they_stay(registry):
    """Trial (session 55): a corrected 2025Q4 file, meant as the quarter's whole truth, had
    H002's 暗访 row again but none of H001's two 暗访 rows (written in error). Inspections are
    replaced type by type, so H001's 暗访 rows stayed and were scored, unsaid. The dry run
    and the load say so, naming the unit, the rows and the load they came in; a team's file
    with no 暗访 row at all says nothing of 暗访."""
    first = load(
        registry,
        INSPECTIONS + "H001,2025-11-05,暗访,服务态度,8,10\nH001,2025-11-05,暗访,环境卫生,9,10\n"
        "H001,2025-11-20,巡查,控烟工作,10,10\nH002,2025-11-06,暗访,服务态度,7,10\n",
        "inspections.csv",
    )
    assert first.outcome == "loaded"
    whole = INSPECTIONS + "H001,2025-11-20,巡查,控烟工作,9,10\nH002,2025-11-06,暗访,服务态度,6,10\n"
    checked = load(registry, whole, "更正.csv", dry_run=True)
    assert (
        "本文件有检查类型为 暗访 的行，但其中 1 个单位（H001）在同一季度没有，它们已有的 2 行 "
        f"暗访 数据（批次 {first.load_id}）保持不变" in checked.summary("zh")
    )
    loaded = load(registry, whole, "更正.csv")
    assert (
        "this file has rows of inspection type 暗访, but none for 1 unit of it (H001) in the "
        f"same quarter, whose 2 earlier 暗访 rows (load {first.load_id}) stay as they were"
        in loaded.summary("en")
    )
    assert loaded.replaced == 2  # H001's 巡查 row and H002's 暗访 row
    assert rows(
        registry, "SELECT unit_code, inspection_type, score FROM inspections ORDER BY 1, 2, 3"
    ) == [
        ("H001", "巡查", 9.0),
        ("H001", "暗访", 8.0),
        ("H001", "暗访", 9.0),
        ("H002", "暗访", 6.0),
    ]
    team = load(registry, INSPECTIONS + "H001,2025-11-20,巡查,控烟工作,8,10\n", "巡查组.csv")
    assert (team.outcome, team.replaced) == ("loaded", 1)
    assert "暗访" not in team.summary("zh")


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the loader's checks, not the store
def test_a_correction_of_one_units_visit_loads_in_a_small_store(registry):
    """Trial J: a county's first quarter held two units' visits (H001's 暗访, H002's 巡查 of
    the same item and day); H001's corrected 暗访 file stopped with a traceback
    (ArrowNotImplementedError: 'equal' has no kernel for string_view): DuckDB pushed the
    join's filter on the unit code into the file's Arrow rows, which it handed over as
    string views, a layout pyarrow's filters cannot compare."""
    load(
        registry,
        INSPECTIONS + "H001,2025-11-05,暗访,服务态度,8,10\nH002,2025-11-05,巡查,服务态度,7,10\n",
        "inspections.csv",
    )
    fixed = load(registry, INSPECTIONS + "H001,2025-11-05,暗访,服务态度,6,10\n", "fix.csv")
    assert (fixed.outcome, fixed.replaced) == ("loaded", 1)
    assert rows(registry, "SELECT unit_code, score FROM inspections ORDER BY 1") == [
        ("H001", 6.0),
        ("H002", 7.0),
    ]


def test_indicator_system_fills_indicators_and_targets(registry):
    assert load_fixture(registry, "indicators.csv").outcome == "loaded"
    # one row per indicator and from_quarter: every line of the fixture says 2025Q1
    assert rows(registry, "SELECT * EXCLUDE (load_id) FROM indicators ORDER BY 1") == [
        ("inspection_score_rate", "检查得分率", "Inspection score rate", "inspection", "higher",
         0.6, "rate", "2025Q1"),
        ("overdue_open_findings", "逾期未整改问题数", "Overdue open findings", "inspection",
         "lower", 0.4, "count", "2025Q1"),
    ]  # fmt: skip
    assert rows(registry, "SELECT * EXCLUDE (load_id) FROM targets ORDER BY 1, 2") == [
        ("inspection_score_rate", "三级医院", "2025Q1", 0.92),
        ("inspection_score_rate", "全部", "2025Q1", 0.9),
        ("overdue_open_findings", "全部", "2025Q1", 1.0),
    ]


def test_an_indicator_systems_correction_says_how_many_indicators_and_targets_it_replaced(
    registry,
):
    """A new user's trial: a reloaded system of 18 lines said "32 rows replaced", the
    indicators and targets added up, as if it had lost rows. The fixture: 3 lines, 2
    indicators, 3 targets; the correction changes one weight."""
    assert load_fixture(registry, "indicators.csv").outcome == "loaded"
    corrected = fixture_bytes("indicators.csv").decode().replace("60%", "55%")
    checked = load(registry, corrected, "system.csv", dry_run=True)
    done = load(registry, corrected, "system.csv")
    for result in (checked, done):
        assert (result.rows, result.replaced) == (3, 5)
        assert "5 rows" in result.summary() and "(2 of indicators, 3 of targets)" in (
            result.summary()
        )
        assert "替换 5 行已有数据（指标 2 行、目标值 3 行）" in result.summary("zh")
    # a fact file's summary has no such breakdown
    surveys = load_fixture(registry, "surveys_bom.csv")
    again = load(registry, fixture_bytes("surveys_bom.csv").replace(b"1180", b"1181"), "s2.csv")
    assert surveys.outcome == again.outcome == "loaded" and again.replaced > 0
    assert "of indicators" not in again.summary()


def test_upload_log_records_a_load(registry):
    when = datetime(2025, 10, 8, 9, 30)
    result = load_fixture(registry, "surveys_bom.csv", by="analyst", now=when)
    digest = hashlib.sha256(fixture_bytes("surveys_bom.csv")).hexdigest()
    assert rows(
        registry,
        "SELECT file_name, file_hash, kind, quarters, unit_count, row_count, replaced_rows, "
        "loaded_by, loaded_at, outcome, problem_count FROM upload_log WHERE load_id = "
        f"{result.load_id}",
    ) == [("surveys_bom.csv", digest, "surveys", "2025Q3", 2, 4, 0, "analyst", when, "loaded", 0)]


def test_rejected_file_changes_no_table_and_logs_one_rejection(registry):
    load_fixture(registry, "surveys_bom.csv")
    before = contents(registry)
    bad = (
        SURVEYS_HEADER
        + "H001,2025Q3,门诊,100,90,\nH001,2025Q3,住院,100,120,\nZ9,2025Q3,门诊,5,5,\n"
    )
    result = load(registry, bad, "bad.csv", by="analyst")
    assert result.outcome == "rejected" and result.problem_total == 2
    after = contents(registry)
    assert {t: v for t, v in after.items() if t != "upload_log"} == {
        t: v for t, v in before.items() if t != "upload_log"
    }
    new_log = [r for r in after["upload_log"] if r not in before["upload_log"]]
    assert len(new_log) == 1
    logged = dict(
        zip(
            [d[0] for d in registry.execute("SELECT * FROM upload_log").description],
            new_log[0],
            strict=True,
        )
    )
    assert (logged["file_name"], logged["outcome"], logged["problem_count"]) == (
        "bad.csv",
        "rejected",
        2,
    )
    assert "bad.csv, row 3, column 满意人数 (satisfied): '120 > 100'" in logged["message"]
    assert "bad.csv, row 4, column 单位编码 (unit_code): 'Z9'" in logged["message"]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_row_whose_unit_name_is_another_units_is_refused_naming_both(registry):
    # units.csv: H001 兰州市城关第一医院, T001 永登县红城镇中心卫生院. Row 3 has T001's name
    # under H001's code (a code typed wrong): it would load onto H001 without a word. Row 2's
    # abbreviation and row 4's right name pass.
    text = (
        "单位编码,单位名称,季度,调查类型,样本量,满意人数\n"
        "H001,城关一院,2025Q3,门诊,100,90\n"
        "H001, 永登县红城镇中心卫生院 ,2025Q3,住院,50,45\n"
        "T001,永登县红城镇中心卫生院,2025Q3,门诊,40,36\n"
    )
    result = load(registry, text, "names.csv")
    assert result.outcome == "rejected"
    [problem] = result.problems
    assert (problem.row, problem.column, problem.value) == (3, "单位编码 (unit_code)", "H001")
    assert problem.expected == (
        "the unit name on this row, '永登县红城镇中心卫生院', is the registered name of T001, "
        "while this code is registered as '兰州市城关第一医院': check the unit code (or the "
        "name) and upload again"
    )
    corrected = text.replace("H001, 永登县红城镇中心卫生院 ", "H001,兰州市城关第一医院")
    assert load(registry, corrected, "names.csv").outcome == "loaded"


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_another_units_name_written_another_way_is_refused_as_well(registry):
    """Trial (session 56): T001's name in Traditional characters, with a space inside, or
    with full-width brackets under another unit's code passed the check (names were compared
    as written) and loaded onto that unit. They are the same name written otherwise."""
    text = (
        "单位编码,单位名称,季度,调查类型,样本量,满意人数\n"
        "H001,永登縣紅城鎮中心衛生院,2025Q3,门诊,100,90\n"
        "H002,永登县 红城镇中心卫生院,2025Q3,门诊,50,45\n"
        "H002,七里河區人民医院,2025Q3,住院,50,45\n"  # its own name, in Traditional: passes
    )
    result = load(registry, text, "names.csv")
    assert result.outcome == "rejected"
    assert [(p.row, p.value) for p in result.problems] == [(2, "H001"), (3, "H002")]
    assert result.problems[0].expected.startswith(
        "the unit name on this row, '永登縣紅城鎮中心衛生院', is the registered name of T001, "
        "while this code is registered as '兰州市城关第一医院'"
    )


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_name_several_units_have_had_names_them_all_and_every_name_of_the_code(registry):
    # From 2025Q3 H002 is renamed and C001 takes T001's name (a merger). A row of H002 under
    # T001's old name names both units that have had it, and both names H002 has had.
    renamed = (
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
        "H002,兰州市七里河区人民医院,七里河区,二级医院,450,2025Q3\n"
        "C001,永登县红城镇中心卫生院,城关区,社区卫生服务中心,60,2025Q3\n"
    )
    assert load(registry, renamed, "renamed.csv").outcome == "loaded"
    text = (
        "单位编码,单位名称,季度,调查类型,样本量,满意人数\n"
        "H002,七里河区人民医院,2025Q3,门诊,100,90\n"
        "H002,永登县红城镇中心卫生院,2025Q3,住院,50,45\n"
    )
    result = load(registry, text, "names.csv")
    assert result.outcome == "rejected"
    [problem] = result.problems
    assert (problem.row, problem.value) == (3, "H002")
    assert problem.expected == (
        "the unit name on this row, '永登县红城镇中心卫生院', is the registered name of "
        "C001, T001, while this code is registered as '七里河区人民医院, 兰州市七里河区人民医院': "
        "check the unit code (or the name) and upload again"
    )


def test_a_number_too_large_for_its_column_is_rejected_not_a_database_error(registry):
    """A count too large for the INTEGER column would make DuckDB's insert fail; the file
    must be rejected with the checker's plain message before anything is written."""
    load_fixture(registry, "surveys_bom.csv")
    before = contents(registry)
    bad = SURVEYS_HEADER + "H001,2025Q4,门诊,3000000000,90,\n"
    result = load(registry, bad, "huge.csv")
    assert (result.outcome, result.problem_total) == ("rejected", 1)
    [problem] = result.problems
    assert (problem.row, problem.value) == (2, "3000000000")
    assert "2,147,483,647" in problem.expected
    after = contents(registry)
    assert {t: v for t, v in after.items() if t != "upload_log"} == {
        t: v for t, v in before.items() if t != "upload_log"
    }


def test_dry_run_changes_nothing_at_all(registry):
    before = contents(registry)
    good = load_fixture(registry, "surveys_bom.csv", dry_run=True)
    bad = load(registry, SURVEYS_HEADER + "H001,2025Q3,门诊,0,0,\n", "bad.csv", dry_run=True)
    assert (good.outcome, good.rows, bad.outcome) == ("checked", 4, "rejected")
    assert contents(registry) == before


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_dry_run_counts_what_would_be_replaced(registry):
    load_fixture(registry, "surveys_bom.csv")
    corrected = SURVEYS_HEADER + "H001,2025Q3,门诊,1234,1190,\n"
    result = load(registry, corrected, "fix.csv", dry_run=True)
    assert (result.outcome, result.replaced) == ("checked", 1)  # H001's 2025Q3 门诊 row only


def test_same_file_twice_changes_nothing(registry):
    first = load_fixture(registry, "inspections_gbk.csv")
    before = contents(registry)
    version = data_version(registry)
    again = load_fixture(registry, "inspections_gbk.csv")
    assert (again.outcome, again.load_id) == ("unchanged", first.load_id)
    assert contents(registry) == before
    assert data_version(registry) == version


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the upload log's rule
def test_a_file_loaded_back_after_its_correction_is_unchanged_the_next_time(registry):
    original = SURVEYS_HEADER + "H001,2025Q3,门诊,100,90,\n"
    correction = SURVEYS_HEADER + "H001,2025Q3,门诊,100,95,\n"
    first = load(registry, original, "a.csv")
    load(registry, correction, "b.csv")
    back = load(registry, original, "a.csv")  # the correction was wrong: the original again
    again = load(registry, original, "a.csv")
    assert (first.outcome, back.outcome, again.outcome) == ("loaded", "loaded", "unchanged")
    assert again.load_id == back.load_id == first.load_id + 2
    assert rows(registry, "SELECT satisfied FROM surveys") == [(90,)]


def test_corrected_file_replaces_the_same_kind_quarter_units_and_survey_type(registry):
    first = load_fixture(registry, "surveys_bom.csv")  # H001 and T001, 2025Q3
    corrected = SURVEYS_HEADER + "H001,2025Q3,门诊,1234,1190,\n"
    second = load(registry, corrected, "surveys_fixed.csv")
    # H001's 2025Q3 门诊 row is replaced; its 住院 row (another survey) and T001's rows stay
    assert (second.outcome, second.replaced) == ("loaded", 1)
    assert rows(
        registry, "SELECT unit_code, survey_type, satisfied, load_id FROM surveys ORDER BY 1, 2"
    ) == [
        ("H001", "住院", 301, first.load_id),
        ("H001", "门诊", 1190, second.load_id),
        ("T001", "公众", None, first.load_id),
        ("T001", "门诊", 22, first.load_id),
    ]
    assert rows(
        registry,
        "SELECT unit_code, survey_type, satisfied, replaced_by FROM archive_surveys ORDER BY 2",
    ) == [("H001", "门诊", 1180, second.load_id)]
    log = rows(registry, "SELECT load_id, outcome, replaced_rows FROM upload_log ORDER BY 1")
    assert log[-2:] == [(first.load_id, "loaded", 0), (second.load_id, "loaded", 1)]


ACTIVITIES_HEADER = "单位编码,活动日期,活动类型,次数,参与人数\n"


def test_a_monthly_file_over_the_quarter_says_which_replaced_rows_it_does_not_restate(registry):
    july = ACTIVITIES_HEADER + "H001,2025-07-05,义诊,1,20\nH001,2025-07-19,义诊,1,25\n"
    load(registry, july, "2025-07.csv")
    # August's file restates one July row (07-19, corrected) and adds an August one
    august = ACTIVITIES_HEADER + "H001,2025-07-19,义诊,1,26\nH001,2025-08-02,义诊,2,40\n"
    checked = load(registry, august, "2025-08.csv", dry_run=True)
    # both July rows go (a file replaces H001's 2025Q3 rows); 07-05 is not in the file
    assert (checked.replaced, checked.replaced_not_in_file) == (2, 1)
    assert checked.summary().endswith(
        "2 rows would be replaced; note: that includes 1 row not in this file, to be replaced "
        "all the same. A file replaces its units' earlier rows of its quarters; if it only adds "
        "to them (a monthly file), load the whole quarter in one file"
    )
    loaded = load(registry, august, "2025-08.csv")
    assert (loaded.outcome, loaded.replaced, loaded.replaced_not_in_file) == ("loaded", 2, 1)
    # said after the load in its tense, with the way back
    assert loaded.summary().endswith(
        "2 rows replaced; note: that included 1 row not in this file, replaced all the same. A "
        "file replaces its units' earlier rows of its quarters; if it only adds to them (a "
        "monthly file), withdraw this load (which restores them) and load the whole quarter in "
        "one file"
    )
    assert "也已被取代" in loaded.summary("zh") and "也会被取代" in checked.summary("zh")
    [(message,)] = rows(
        registry, f"SELECT message FROM upload_log WHERE load_id = {loaded.load_id}"
    )
    assert message == "1 replaced row not in this file"
    # a correction restating every row it replaces says nothing more
    fix = load(registry, august.replace(",2,40", ",2,41"), "2025-08-fix.csv")
    assert (fix.replaced, fix.replaced_not_in_file) == (2, 0)
    assert "not in this file" not in fix.summary()


FINDINGS = "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限,整改完成日期\n"


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_correction_leaving_out_an_open_finding_says_so(registry):
    """A correction of H001's 2025Q3 unannounced inspection that leaves out two rows only
    warned '2 of them are not in this file': one of them was a finding with no rectification
    recorded, which the replacing drops from the rectification ledger unsaid."""
    first = FINDINGS + (
        "H001,2025-07-05,暗访,环境卫生,8,10,地面有积水,2025-08-05,\n"  # open
        "H001,2025-07-05,暗访,导医服务,9,10,导医不在岗,2025-08-05,2025-07-20\n"  # rectified
        "H001,2025-07-05,暗访,候诊秩序,10,10,,,\n"
    )
    assert load(registry, first, "7月暗访.csv").outcome == "loaded"
    # a correction keeping the open finding says nothing of findings
    kept = FINDINGS + "H001,2025-07-05,暗访,环境卫生,8,10,地面有积水,2025-08-05,\n"
    result = load(registry, kept, "更正2.csv", dry_run=True)
    assert (result.replaced_not_in_file, result.open_findings_not_in_file) == (2, 0)
    assert "open finding" not in result.summary()
    fix = FINDINGS + "H001,2025-07-05,暗访,候诊秩序,9,10,,,\n"
    for dry_run in (True, False):
        result = load(registry, fix, "更正.csv", dry_run=dry_run)
        assert (result.replaced, result.replaced_not_in_file) == (3, 2)
        assert result.open_findings_not_in_file == 1
        # named by its unit, inspection date and item, for the analyst to find it
        assert result.summary().endswith(
            "; 1 open finding (with no rectification recorded) among the replaced rows not in "
            "this file: H001 2025-07-05 环境卫生; once replaced they leave the rectification "
            "ledger; if that is not meant, keep those rows in the file"
        )
        assert "其中 1 行是尚未记录整改完成的检查发现问题：H001 2025-07-05 环境卫生；" in (
            result.summary("zh")
        )


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_correction_names_the_first_five_open_findings_it_leaves_out(registry):
    """The note counted the open findings a correction leaves out ('7 of the replaced rows…')
    and named none: the analyst had to search the earlier file for them. The first five (by
    unit, date and item) are named, then how many more; the audit log keeps the note."""
    first = FINDINGS + (
        "H002,2025-08-01,暗访,环境卫生,8,10,地面不洁,2025-09-01,\n"
        "H002,2025-07-10,暗访,导医服务,8,10,无人值守,2025-08-10,\n"
        "H001,2025-07-05,暗访,环境卫生,8,10,地面有积水,2025-08-05,\n"
        "H001,2025-07-05,暗访,候诊秩序,8,10,秩序混乱,2025-08-05,\n"
        "H001,2025-09-02,暗访,服务态度,8,10,态度生硬,2025-10-02,\n"
        "H001,2025-08-15,暗访,收费公示,8,10,未公示,2025-09-15,\n"
        "H002,2025-07-10,暗访,服务态度,8,10,态度生硬,2025-08-10,2025-07-20\n"  # rectified
        "H001,2025-07-05,暗访,标识标牌,10,10,,,\n"  # no finding
        "H002,2025-09-20,暗访,候诊秩序,7,10,拥挤,2025-10-20,\n"
    )
    assert load(registry, first, "暗访.csv").outcome == "loaded"
    fix = (
        FINDINGS
        + "H001,2025-09-30,暗访,标识标牌,10,10,,,\nH002,2025-09-30,暗访,标识标牌,10,10,,,\n"
    )
    result = load(registry, fix, "更正.csv")
    # all 9 rows of H001's and H002's 暗访 of 2025Q3 replaced, none restated; open: 7 (not
    # H002's rectified 服务态度, nor H001's 标识标牌). In code point order 候 (U+5019) comes
    # before 环 (U+73AF): H001's four, then H002's earliest; H002's 环境卫生 and 候诊秩序 left
    assert (result.replaced_not_in_file, result.open_findings_not_in_file) == (9, 7)
    named = (
        "H001 2025-07-05 候诊秩序, H001 2025-07-05 环境卫生, H001 2025-08-15 收费公示, "
        "H001 2025-09-02 服务态度, H002 2025-07-10 导医服务 and 2 more"
    )
    said = "; 7 open findings (with no rectification recorded) among the replaced rows not in "
    assert f"{said}this file: {named};" in result.summary()
    assert (
        "其中 7 行是尚未记录整改完成的检查发现问题：H001 2025-07-05 候诊秩序、"
        "H001 2025-07-05 环境卫生、H001 2025-08-15 收费公示、H001 2025-09-02 服务态度、"
        "H002 2025-07-10 导医服务，另有 2 个；"
    ) in result.summary("zh")
    # the note as an audit entry stores it (key and values) reads back the same
    stored = Text.from_json(result.summary_text().key, result.summary_text().as_json())
    assert stored.in_lang("zh") == result.summary("zh")
    # entries written before the names keep load.open_findings_not_in_file's count
    before = Text.from_json("load.open_findings_not_in_file", '{"findings": 2}')
    assert before.zh.startswith("其中 2 行是尚未记录整改完成的检查发现问题：被取代后")


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and logging, not the store
def test_the_history_names_the_open_findings_a_correction_left_out(registry):
    """The upload log kept only '3 replaced rows not in this file': a week later the history
    did not say that two open findings had left the rectification ledger, nor which. It says
    both, in its reader's language; an entry written before keeps its row count."""
    first = FINDINGS + (
        "H001,2025-07-05,暗访,环境卫生,8,10,地面有积水,2025-08-05,\n"  # open
        "H001,2025-07-05,暗访,收费公示,8,10,未公示,2025-08-05,\n"  # open
        "H001,2025-07-05,暗访,导医服务,9,10,导医不在岗,2025-08-05,2025-07-20\n"  # rectified
        "H001,2025-07-05,暗访,候诊秩序,10,10,,,\n"
    )
    assert load(registry, first, "7月暗访.csv").outcome == "loaded"
    fix = FINDINGS + "H001,2025-07-05,暗访,候诊秩序,9,10,,,\n"
    assert load(registry, fix, "更正.csv").outcome == "loaded"
    entries = history(registry).rows(named=True)
    assert [e["file_name"] for e in entries][:2] == ["更正.csv", "7月暗访.csv"]
    newest = entries[0]
    stored = (newest["message_key"], newest["message_values"], newest["message"])
    # 收 (U+6536) comes before 环 (U+73AF): named by unit, date, then item
    assert stored_text(*stored, "zh") == (
        "取代的数据中有 3 行不在本文件中，其中 2 行是尚未记录整改完成的检查发现问题，"
        "已随之移出整改台账：H001 2025-07-05 收费公示、H001 2025-07-05 环境卫生"
    )
    assert stored_text(*stored, "en") == (
        "3 replaced rows not in this file, 2 open findings (with no rectification recorded) "
        "among them, which left the rectification ledger: H001 2025-07-05 收费公示, "
        "H001 2025-07-05 环境卫生"
    )
    assert newest["message"] == stored_text(*stored, "en")  # what tools outside Civbench read
    before = ("log.not_in_file", '{"count": 2}', "2 replaced rows not in this file")
    assert stored_text(*before, "zh") == "取代的数据中有 2 行不在本文件中"


def test_a_public_survey_file_leaves_the_patient_surveys_of_its_units(registry):
    load_fixture(registry, "surveys_bom.csv")
    public = load(registry, SURVEYS_HEADER + "H001,2025Q3,公众,200,,88\n", "public.csv")
    assert (public.outcome, public.replaced) == ("loaded", 0)
    assert rows(
        registry, "SELECT survey_type FROM surveys WHERE unit_code = 'H001' ORDER BY 1"
    ) == [("住院",), ("公众",), ("门诊",)]


def test_another_quarter_adds_rows_without_replacing(registry):
    load_fixture(registry, "surveys_bom.csv")
    other = load(registry, SURVEYS_HEADER + "H001,2025Q2,门诊,100,91,\n", "q2.csv")
    assert other.replaced == 0
    assert rows(registry, "SELECT count(*) FROM surveys") == [(5,)]


def test_withdraw_restores_what_the_load_replaced(registry):
    load_fixture(registry, "surveys_bom.csv")
    before = contents(registry)
    second = load(registry, SURVEYS_HEADER + "H001,2025Q3,门诊,1234,1190,\n", "fix.csv")
    done = withdraw(registry, second.load_id, by="admin", now=datetime(2025, 10, 9))
    assert (done.removed, done.restored) == (1, 1)  # fix.csv's row out, the fixture's H001 back
    after = contents(registry)
    assert {t: v for t, v in after.items() if t != "upload_log"} == {
        t: v for t, v in before.items() if t != "upload_log"
    }
    assert rows(
        registry,
        f"SELECT outcome, withdrawn_by, withdrawn_at FROM upload_log "
        f"WHERE load_id = {second.load_id}",
    ) == [("withdrawn", "admin", datetime(2025, 10, 9))]


def test_withdrawing_a_superseded_load_is_refused(registry):
    first = load_fixture(registry, "surveys_bom.csv")
    second = load(registry, SURVEYS_HEADER + "H001,2025Q3,门诊,1234,1190,\n", "fix.csv")
    before = contents(registry)
    with pytest.raises(WithdrawRefused) as refused:
        withdraw(registry, first.load_id)
    assert str(refused.value) == (
        f"rows of load {first.load_id} were since replaced by 1 load ({second.load_id}), to be "
        "withdrawn first"
    )
    assert contents(registry) == before


def test_withdraw_refuses_unknown_and_rejected_loads(registry):
    with pytest.raises(WithdrawRefused, match="there is no load 999"):
        withdraw(registry, 999)
    rejected = load(registry, SURVEYS_HEADER + "H001,2025Q3,门诊,0,0,\n", "bad.csv")
    row = registry.execute("SELECT max(load_id) FROM upload_log").fetchone()[0]
    assert rejected.outcome == "rejected"
    with pytest.raises(WithdrawRefused, match="is rejected, so there is nothing to withdraw"):
        withdraw(registry, row)


def test_withdrawing_units_that_facts_need_is_refused_and_rolled_back(registry):
    [(units_load,)] = rows(registry, "SELECT load_id FROM upload_log")  # the registry's
    load_fixture(registry, "surveys_bom.csv")
    before = contents(registry)
    with pytest.raises(WithdrawRefused, match="with no unit in the registry"):
        withdraw(registry, units_load)
    assert contents(registry) == before


def test_withdrawing_a_new_units_registration_names_the_unit_and_the_loads_to_withdraw_first(
    registry,
):
    """A community centre registered from 2025Q4 (load A), its surveys of 2025Q4 (two rows,
    load B) and 2026Q1 (one row, load C), and another unit's survey (load D). Withdrawing A
    would leave C9's three rows without their unit: the refusal names C9 and loads B and C,
    not D, where it said only "3 rows, withdraw the loads of those facts first"."""
    c9 = UNITS_HEADER + "C9,雁园社区卫生服务中心,城关区,社区卫生服务中心,20,2025Q4\n"
    registered = load(registry, c9, "新设.csv")
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    q4 = load(registry, header + "C9,2025Q4,门诊,40,36\nC9,2025Q4,住院,10,9\n", "q4.csv")
    q1 = load(registry, header + "C9,2026Q1,门诊,50,45\n", "q1.csv")
    other = load(registry, header + "H001,2026Q1,门诊,50,45\n", "h001.csv")
    assert all(r.ok for r in (registered, q4, q1, other))
    before = contents(registry)
    with pytest.raises(WithdrawRefused) as refused:
        withdraw(registry, registered.load_id)
    b, c = q4.load_id, q1.load_id
    assert refused.value.text.en == (
        f"withdrawing load {registered.load_id} would leave 3 fact rows of C9 with no unit in "
        f"the registry, brought by 2 loads ({b}, {c}), to be withdrawn first"
    )
    assert refused.value.text.zh == (
        f"撤回批次 {registered.load_id} 会使单位 C9 的 3 行数据失去所属单位：这些数据来自 "
        f"2 个批次（{b}、{c}），请先撤回这些批次"
    )
    assert contents(registry) == before


def test_same_file_loads_again_after_its_withdrawal(registry):
    first = load_fixture(registry, "surveys_bom.csv")
    withdraw(registry, first.load_id)
    again = load_fixture(registry, "surveys_bom.csv")
    assert again.outcome == "loaded" and again.load_id != first.load_id
    assert rows(registry, "SELECT count(*) FROM surveys") == [(4,)]


def test_history_lists_newest_first(registry):
    load_fixture(registry, "surveys_bom.csv")
    load(registry, "nonsense", "bad.csv")
    frame = history(registry)
    assert frame["outcome"].to_list() == ["rejected", "loaded", "loaded"]
    assert frame["file_name"].to_list() == ["bad.csv", "surveys_bom.csv", "units.csv"]


def test_facts_survive_reopening_the_file(db_path, registry):
    load_fixture(registry, "inspections_gbk.csv")
    registry.close()
    reopened = connect(db_path)
    assert rows(reopened, "SELECT count(*) FROM inspections") == [(3,)]
    assert rows(reopened, "SELECT count(*) FROM units") == [(5,)]
    reopened.close()


NO_QUARTER_SURVEYS = "单位编码,调查类型,样本量,满意人数\nH001,门诊,40,38\n\nH002,住院,20,19\n"


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_stated_quarter_fills_every_row_of_a_file_without_a_quarter_column(registry):
    result = load(registry, NO_QUARTER_SURVEYS, "form.csv", quarter="2025-Q3")
    assert (result.outcome, result.rows, result.quarters) == ("loaded", 2, ["2025Q3"])
    assert rows(registry, "SELECT unit_code, quarter, survey_type FROM surveys ORDER BY 1") == [
        ("H001", "2025Q3", "门诊"),
        ("H002", "2025Q3", "住院"),
    ]
    [note] = rows(registry, f"SELECT message FROM upload_log WHERE load_id = {result.load_id}")
    assert note == ("quarter stated when loading: 2025Q3",)


def test_one_file_stated_as_two_quarters_is_two_loads(registry):
    first = load(registry, NO_QUARTER_SURVEYS, "form.csv", quarter="2025Q2")
    second = load(registry, NO_QUARTER_SURVEYS, "form.csv", quarter="2025Q3")
    again = load(registry, NO_QUARTER_SURVEYS, "form.csv", quarter="2025Q3")
    assert (first.outcome, second.outcome, again.outcome) == ("loaded", "loaded", "unchanged")
    assert again.load_id == second.load_id
    assert rows(registry, "SELECT quarter, count(*) FROM surveys GROUP BY 1 ORDER BY 1") == [
        ("2025Q2", 2),
        ("2025Q3", 2),
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_stated_quarter_is_checked_against_activity_dates(registry):
    header = "单位编码,活动日期,活动类型,次数,参与人数\n"
    text = header + "H001,2025-08-01,义诊,1,9\nH001,2025-10-02,义诊,1,9\n"
    result = load(registry, text, "dated.csv", quarter="2025Q3")
    assert result.outcome == "rejected"
    assert [(p.row, p.column) for p in result.problems] == [(3, "活动日期 (activity_date)")]
    # the file has no quarter on its rows: the message names the one stated when loading
    assert result.problems[0].expected_zh.startswith(
        "活动日期不在上传时指定的季度 2025Q3 之内：请核对所指定的季度"
    )


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_column_without_a_header_that_holds_values_is_said_not_to_be_loaded(registry):
    # column C has no header and one remark; the spare empty column F goes unsaid
    text = (
        "单位编码,季度,,活动类型,次数,,参与人数\n"
        "H001,2025Q3,,义诊,1,,10\n"
        "H002,2025Q3,备注：补报,义诊,2,,20\n"
    )
    result = load(registry, text, "活动.csv")
    assert result.outcome == "loaded" and result.rows == 2
    assert result.summary("zh").endswith(
        "第 C 列没有列名，但有内容（如“备注：补报”）：该列未导入；如需导入，请为其填写列名"
    )
    [(message,)] = rows(
        registry, f"SELECT message FROM upload_log WHERE load_id = {result.load_id}"
    )
    assert message == (
        "column C has no header but holds values (such as '备注：补报'): it was not loaded; "
        "to load it, give it a header"
    )


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_column_without_a_header_is_named_by_its_letter_on_a_sheet_starting_further_right(
    registry,
):
    """Trial (session 56): a table drawn from column C (A and B empty), its remark in I, was
    told "column G has no header": the letter counted from the table's first column."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(4, 2, ["单位编码", "季度", "活动类型", "次数", "参与人数"])
    sheet.write_row(5, 2, ["H001", "2025Q3", "义诊", 1, 10])
    sheet.write_row(6, 2, ["H002", "2025Q3", "义诊", 2, 20, None, "备注：补报"])
    book.close()
    result = load(registry, buffer.getvalue(), "活动.xlsx")
    assert result.outcome == "loaded" and result.rows == 2
    assert result.summary("en").endswith(
        "column I has no header but holds values (such as '备注：补报'): it was not loaded; "
        "to load it, give it a header"
    )


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_load_with_hidden_rows_says_so_in_its_summary_and_its_log_entry(registry):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["单位编码", "季度", "活动类型", "次数", "参与人数"])
    sheet.write_row(1, 0, ["H001", "2025Q3", "义诊", 1, 10])
    sheet.write_row(2, 0, ["H002", "2025Q3", "义诊", 2, 20])
    sheet.set_row(2, None, None, {"hidden": True})  # spreadsheet row 3: H002
    book.close()
    result = load(registry, buffer.getvalue(), "活动.xlsx")
    assert result.outcome == "loaded" and result.rows == 2
    assert result.summary().endswith(
        "; the sheet hides or filters out 1 data row (numbered 3 in it), loaded with the "
        "others; delete any that should not be and upload again"
    )
    [(message,)] = rows(
        registry, f"SELECT message FROM upload_log WHERE load_id = {result.load_id}"
    )
    assert message.startswith("the sheet hides or filters out 1 data row (numbered 3 in it)")


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_an_indicator_without_a_definition_is_named_in_the_summary_and_the_log(registry):
    """queries/indicators/ holds inspection_score_rate.sql and no smile_rate.sql."""
    system = (
        "indicator_code,name_zh,name_en,domain,direction,weight,unit\n"
        "inspection_score_rate,检查得分率,Inspection score rate,inspection,higher,0.7,rate\n"
        "smile_rate,微笑服务率,Smile rate,inspection,higher,0.3,rate\n"
    )
    result = load(registry, system, "体系.csv")
    assert result.outcome == "loaded"
    # left out of the index until defined (docs/METHOD.md §1), not counted as missing weight
    # named as the file and the pages name an indicator, its code in brackets
    note = "; these indicators have no definition yet: Smile rate (smile_rate) — a developer adds "
    assert note in result.summary()
    assert "until then they are left out of the index, their weight counts nowhere" in (
        result.summary()
    )
    assert "指标 微笑服务率（smile_rate） 尚无计算方法" in result.summary("zh")
    [(message,)] = rows(
        registry, f"SELECT message FROM upload_log WHERE load_id = {result.load_id}"
    )
    assert "no definition yet: Smile rate (smile_rate)" in message
    defined_only = "\n".join(system.splitlines()[:2]) + "\n"
    defined = load(registry, defined_only, "体系2.csv")
    assert defined.outcome == "loaded" and "no definition" not in defined.summary()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_an_indicator_code_a_letter_from_a_defined_one_is_said_as_a_likely_typo(registry):
    """An admin writing outpatient_satisfation (the c left out) for outpatient_satisfaction got
    only 'no definition yet': the row loaded as a new indicator and the target meant for the
    real one never changed. inpatient_satisfaction is another indicator, not a typo of it."""
    system = (
        "指标编码,指标名称,英文名称,领域,方向,权重,计量单位,单位类别,起始季度,目标值\n"
        "outpatient_satisfation,门诊患者满意度,Outpatient satisfaction,满意度,越高越好,0.5,比率,"
        "全部,2025Q3,95%\n"
        "inpatient_satisfaction,住院患者满意度,Inpatient satisfaction,满意度,越高越好,0.5,比率,"
        "全部,2025Q3,95%\n"
    )
    result = load(registry, system, "体系.xlsx.csv", dry_run=True)
    assert result.ok
    assert [n.key for n in result.notes] == ["load.indicator_code_like"]
    assert result.notes[0].zh.startswith(
        "指标编码 outpatient_satisfation 与已有指标 outpatient_satisfaction 只差一两个字母，"
        "是否写错了？"
    )
    assert result.notes[0].zh.endswith("如是笔误，请改为 outpatient_satisfaction 后重新上传")


@pytest.mark.parametrize(
    ("received", "says"),
    [
        (date(2026, 11, 21), "lies after today (2026-11-20)"),
        (date(2025, 6, 30), "before the file's latest quarter (2025Q3) began (2025-07-01)"),
    ],
)
@pytest.mark.parametrize("dry_run", [False, True])  # a dry run checks the day as a load does
@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_day_received_that_cannot_be_is_refused_and_nothing_is_loaded(
    registry, received, says, dry_run
):
    before = registry.execute("SELECT count(*) FROM surveys").fetchone()[0]
    result = load_file(
        registry,
        "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,40,36\n".encode(),
        "q3.csv",
        today=date(2026, 11, 20),
        received=received,
        dry_run=dry_run,
    )
    assert result.outcome == "rejected"
    [problem] = result.problems
    assert problem.value == received.isoformat() and says in problem.expected
    assert registry.execute("SELECT count(*) FROM surveys").fetchone()[0] == before


CLOSING = "单位编码,单位名称,区县,单位类别,职工人数,生效季度,状态\n"
T001 = "T001,永登县红城镇中心卫生院,永登县,乡镇卫生院,48"


def survey(unit: str, quarter: str) -> bytes:
    return f"单位编码,季度,调查类型,样本量,满意人数\n{unit},{quarter},门诊,40,36\n".encode()


def test_a_closed_unit_takes_no_data_of_the_quarters_it_is_closed(registry):
    """T001 merged (撤并) from 2025Q3, open again (在用) from 2026Q1: its 2025Q2 and 2026Q1
    surveys load, its 2025Q3 and 2025Q4 ones are refused, named by row, column and quarter."""
    closing = f"{CLOSING}{T001},2025Q3,撤并\n{T001},2026Q1,在用\n"
    assert load_file(registry, closing.encode(), "closing.csv", today=TODAY).ok
    stored = rows(registry, "SELECT from_quarter, status FROM units WHERE unit_code = 'T001'")
    # merged (撤并) is kept as written, not made 撤销 (closed): it says where the unit went
    assert sorted(stored, key=str) == [("2025Q3", "撤并"), ("2026Q1", "在用"), (None, None)]
    for quarter, loads in (
        ("2025Q2", True),
        ("2025Q3", False),
        ("2025Q4", False),
        ("2026Q1", True),
    ):
        result = load_file(registry, survey("T001", quarter), f"{quarter}.csv", today=TODAY)
        assert result.ok is loads, (quarter, result.problems)
        if not loads:
            [problem] = result.problems
            assert (problem.row, problem.column, problem.value) == (2, "季度 (quarter)", quarter)
            # merged, said as merged (it was said closed, 撤销, as if the unit had been shut)
            assert "unit T001 is merged into another unit from 2025Q3 on" in problem.expected
            assert "自 2025Q3 起已撤并（并入其他单位）" in problem.expected_zh
            # the quarter of closing is itself closed: not only "a later quarter" (said of
            # 2025Q3 itself, that read as if 2025Q3 were still open)
            assert "a row of 2025Q3 or a later quarter" in problem.expected
            assert "2025Q3 及此后季度" in problem.expected_zh


def test_a_merged_units_data_are_refused_naming_the_unit_it_went_into(registry):
    """Trial (session 56): T001 merged (撤并) into C001 from 2025Q3, its 上级单位编码 saying
    so; its 2025Q3 surveys were refused as "merged into another unit", which the analyst
    who must now write them under C001 could not tell."""
    merged = "单位编码,单位名称,区县,单位类别,职工人数,生效季度,状态,上级单位编码\n"
    merged += f"{T001},2025Q3,撤并,C001\n"
    assert load_file(registry, merged.encode(), "merged.csv", today=TODAY).ok
    [problem] = load_file(registry, survey("T001", "2025Q3"), "q3.csv", today=TODAY).problems
    assert problem.expected.startswith(
        "unit T001 is merged into C001 from 2025Q3 on, so a row of 2025Q3 or a later quarter "
        "would be counted nowhere: if the row is of after the merger, write C001's code"
    )
    assert problem.expected_zh.startswith("单位 T001 自 2025Q3 起已并入 C001")
    # the fix as said: the merged site's file, its name column kept, under C001's code (it
    # was refused again, T001's name being "another unit's")
    named = "单位编码,单位名称,季度,调查类型,样本量,满意人数\n"
    named += "C001,永登县红城镇中心卫生院,2025Q3,门诊,40,36\n"
    assert load_file(registry, named.encode(), "q3.csv", today=TODAY).ok


def test_a_merger_without_the_unit_it_went_into_is_noted(registry):
    """Trial (session 56): 撤并 with 上级单位编码 left empty loaded without a word; the
    unit's later data were then refused as merged "into another unit", naming none."""
    unnamed = f"{CLOSING}{T001},2025Q3,撤并\n"
    result = load_file(registry, unnamed.encode(), "merged.csv", today=TODAY)
    assert result.ok
    assert [n.en for n in result.notes if n.key == "load.merged_without_successor"] == [
        "note: merged (撤并) without the unit it went into: T001; give that unit's code as "
        "上级单位编码 (parent_code), so that refusals of their later data point to it"
    ]


INSPECTION = "单位编码,检查日期,检查类型,检查项目,得分,满分\n{unit},{day},暗访,环境卫生,8,10\n"


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_an_inspection_of_a_unit_closed_or_not_yet_open_names_the_date_it_was_written_with(
    registry,
):
    """An inspections file has no quarter column: the quarter comes from 检查日期. A row of a
    quarter its unit is closed in (T001 merged from 2025Q3), or registered only later (C9 from
    2025Q4), names the date cell to correct, as written, not an internal column "quarter"
    the file does not have and a quarter the user never typed."""
    c9 = "C9,雁园社区卫生服务中心,七里河区,社区卫生服务中心,20,2025Q4,"
    registry_rows = f"{CLOSING}{T001},2025Q3,撤并\n{c9}\n"
    assert load_file(registry, registry_rows.encode(), "changes.csv", today=TODAY).ok
    for unit, day, says in (
        ("T001", "2025/8/10", "unit T001 is merged into another unit from 2025Q3 on"),
        ("C9", "2025.09.30", "unit C9 is in the unit registry only from 2025Q4 on"),
    ):
        data = INSPECTION.format(unit=unit, day=day).encode()
        result = load_file(registry, data, f"{unit}.csv", today=TODAY)
        assert not result.ok
        [problem] = result.problems
        assert (problem.row, problem.column, problem.value) == (
            2,
            "检查日期 (inspection_date)",
            day,
        )
        assert says in problem.expected


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
@pytest.mark.parametrize(
    ("status", "zh", "en"),
    [
        (
            "撤销",
            "单位 T001 自 2025Q3 起撤销，但已有其此后季度的 1 行数据，",
            "unit T001 is closed from 2025Q3 on but has 1 row of data of those quarters, counted "
            "nowhere now; if the quarter of closing is wrong, correct it and load the registry "
            "again",
        ),
        # merged, said as merged: the note said 撤销 (closed), a word the registry keeps apart
        # (the status is kept as written, the unit profile says 撤并)
        (
            "撤并",
            "单位 T001 自 2025Q3 起撤并（并入其他单位），但已有其此后季度的 1 行数据，"
            "这些数据不再计入任何统计；若撤并季度有误，请改正后重新上传名录",
            "unit T001 is merged into another unit from 2025Q3 on but has 1 row of data of "
            "those quarters, counted nowhere now; if the quarter of the merger is wrong, correct "
            "it and load the registry again",
        ),
    ],
)
def test_closing_a_unit_in_quarters_it_has_data_of_says_so(registry, status, zh, en):
    assert load_file(registry, survey("T001", "2025Q3"), "t001_q3.csv", today=TODAY).ok
    closing = load_file(
        registry, f"{CLOSING}{T001},2025Q3,{status}\n".encode(), "closing.csv", today=TODAY
    )
    assert closing.ok
    # (a merger without its successor is noted apart: test_a_merger_without_the_unit_…)
    [note] = [n for n in closing.notes if n.key != "load.merged_without_successor"]
    assert note.zh.startswith(zh)
    assert note.en == en


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_closing_a_unit_names_its_findings_with_no_rectification_that_leave_the_ledger(registry):
    """An analyst closed a unit with 28 overdue findings from the quarter under way: the
    ledger's overdue count fell by 28 that quarter, as if they had been rectified, and the load
    said nothing (the unit had no data of that quarter). T001's 2025Q2 inspection found three
    problems, one rectified; the closure from 2025Q3 names the two with no rectification
    recorded, which leave the ledger from 2025Q3 on; the dry run says it too."""
    visits = (
        "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限,整改完成日期\n"
        "T001,2025-05-10,暗访,环境卫生,8,10,卫生间无洗手液,2025-06-10,2025-06-01\n"
        "T001,2025-05-10,暗访,服务态度,8,10,导诊台无人值守,2025-06-10,\n"
        "T001,2025-05-10,暗访,医德医风,8,10,公示栏信息过期,,\n"
        "T001,2025-05-10,暗访,控烟工作,10,10,,,\n"
    )
    assert load_file(registry, visits.encode(), "t001_q2.csv", today=TODAY).ok
    closing = f"{CLOSING}{T001},2025Q3,撤销\n".encode()
    checked = load_file(registry, closing, "closing.csv", today=TODAY, dry_run=True)
    loaded = load_file(registry, closing, "closing.csv", today=TODAY)
    assert loaded.ok
    assert [n.zh for n in loaded.notes] == [
        "单位 T001 自 2025Q3 起撤销，此前检查发现的 2 个问题尚未记录整改完成：自 2025Q3 起"
        "它们不再列入整改台账（此前各季度的台账不变）"
    ]
    assert [n.en for n in loaded.notes] == [
        "unit T001 is closed from 2025Q3 on, so from then on the rectification ledger leaves out "
        "2 findings of its earlier inspections with no rectification recorded (the ledgers of "
        "the quarters before stay as they were)"
    ]
    assert [n.en for n in checked.notes] == [n.en for n in loaded.notes]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_the_closure_note_is_said_by_the_dry_run_and_only_for_the_files_units(registry):
    """The analyst checks a registry file before loading it: the dry run says what the load
    will say of a unit closed in quarters it has data of (it said nothing, and the load then
    did). A later registry file about another unit (H002's staff) says nothing of T001,
    whose closure it does not touch (every registry load repeated it)."""
    assert load_file(registry, survey("T001", "2025Q3"), "t001_q3.csv", today=TODAY).ok
    closing = f"{CLOSING}{T001},2025Q3,撤销\n".encode()
    checked = load_file(registry, closing, "closing.csv", today=TODAY, dry_run=True)
    assert checked.ok
    assert [n.en.split(" counted ")[0] for n in checked.notes] == [
        "unit T001 is closed from 2025Q3 on but has 1 row of data of those quarters,"
    ]
    assert rows(registry, "SELECT count(*) FROM units WHERE status IS NOT NULL") == [(0,)]
    loaded = load_file(registry, closing, "closing.csv", today=TODAY)
    assert [n.en for n in loaded.notes] == [n.en for n in checked.notes]
    # H002 七里河区人民医院 (450 staff, tests/fixtures/etl/make_fixtures.py): 460 from 2025Q4
    other = f"{CLOSING}H002,七里河区人民医院,七里河区,二级医院,460,2025Q4,\n".encode()
    for dry_run in (True, False):
        result = load_file(registry, other, "h002.csv", today=TODAY, dry_run=dry_run)
        assert result.ok and result.notes == [], [n.en for n in result.notes]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_new_unit_without_from_quarter_is_said_to_count_in_every_past_quarter(registry):
    """A unit added mid-year in a row without 生效季度 holds from the beginning: every past
    quarter with data (here 2025Q3) then lists it as not reporting and without an index, and a
    published quarter is revised, where the bureau meant it to open now. The load (and its
    dry run) says so, as it does for a unit regrouped without from_quarter; a new unit with
    from_quarter, or a known unit restated, is not named."""
    assert load_file(registry, survey("T001", "2025Q3"), "t001_q3.csv", today=TODAY).ok
    header = "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
    undated = f"{header}N001,永登县新建卫生院,永登县,乡镇卫生院,30,\n{T001},\n".encode()
    for dry_run in (True, False):
        result = load_file(registry, undated, "new.csv", today=TODAY, dry_run=dry_run)
        assert result.ok
        [note] = [n for n in result.notes if n.key == "load.new_undated"]
        # one unit or several, the English reads alike ("U0041, U0042 is new … it" did not)
        assert note.en.startswith(
            "note: new to the registry in a row without from_quarter: N001."
        ), note.en
        assert "from 2025Q3" in note.en and "N001" in note.zh and "2025Q3" in note.zh
    dated = f"{header}N002,永登县新区卫生院,永登县,乡镇卫生院,30,2026Q1\n".encode()
    result = load_file(registry, dated, "dated.csv", today=TODAY)
    assert result.ok and not [n for n in result.notes if n.key == "load.new_undated"]


def test_a_correction_taken_back_by_the_published_rows_says_nothing_is_to_publish(registry):
    """Trial (session 56): a correction of a published quarter, then the original file sent
    again: the second load said it was a revision, to publish again, and publishing then
    refused it as nothing new. Back exactly as published, it says so."""
    load_fixture(registry, "surveys_bom.csv")  # H001 门诊 1,234 respondents, 1180 satisfied
    publish(registry, "2025Q3", "director")
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    fix = load(registry, header + "H001,2025Q3,门诊,1234,1100\n", "更正.csv")
    assert fix.published == ["2025Q3"] and "publish 2025Q3 again" in fix.summary()
    back = load(registry, header + "H001,2025Q3,门诊,1234,1180\n", "原表.csv")
    assert back.outcome == "loaded" and back.published == []
    said = back.summary()
    assert said.endswith(
        "; 2025Q3 is now exactly as published: the published figures stand, "
        "with nothing to publish again"
    )
    assert "publish 2025Q3 again" not in said


def test_an_indicator_systems_correction_taken_back_says_nothing_is_to_publish(registry):
    """As a fact file's (above): the system as published, sent again after a correction,
    said the quarter was revised, to publish again, and publishing refused it."""
    load_fixture(registry, "indicators.csv")  # weights 60% and 0.4 from 2025Q1
    load_fixture(registry, "surveys_bom.csv")
    publish(registry, "2025Q3", "director")
    system = fixture_bytes("indicators.csv").decode()
    fix = load(registry, system.replace("60%", "55%"), "体系更正.csv")
    assert fix.published == ["2025Q3"] and "publish 2025Q3 again" in fix.summary()
    back = load(registry, system, "体系原表.csv")
    assert back.outcome == "loaded" and back.published == []
    assert back.summary().endswith(
        "; 2025Q3 is now exactly as published: the published figures stand, "
        "with nothing to publish again"
    )
    # a correction that is no take-back still says to publish again
    other = load(registry, system.replace("0.4", "0.45"), "体系再改.csv")
    assert other.published == ["2025Q3"] and "publish 2025Q3 again" in other.summary()


def test_a_system_repeating_the_one_in_force_from_a_later_quarter_is_no_revision(registry):
    """Trial (session 57): the indicator system sent again with from_quarter 2025Q3 in place of
    2025Q1, every weight and target as they were, changes no figure of 2025Q3; it was said to
    be a revision to publish again, and publishing again issued a 修订稿 with nothing revised.
    The system in force in the quarter is compared, not its rows."""
    from etl.publish import PublishRefused

    load_fixture(registry, "indicators.csv")  # weights 60% and 0.4, targets, from 2025Q1
    load_fixture(registry, "surveys_bom.csv")
    publish(registry, "2025Q3", "director")
    again = fixture_bytes("indicators.csv").decode().replace(",2025Q1,", ",2025Q3,")
    assert again.count(",2025Q3,") == 3
    same = load(registry, again, "体系重报.csv")
    assert same.outcome == "loaded" and same.published == []
    assert "2025Q3 is now exactly as published" in same.summary()
    with pytest.raises(PublishRefused):
        publish(registry, "2025Q3", "director")
    # a weight changed from 2025Q3 on is a revision still
    changed = load(registry, again.replace("60%", "55%"), "体系改.csv")
    assert changed.published == ["2025Q3"] and "publish 2025Q3 again" in changed.summary()


UNITS_HEADER = "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_registry_row_without_from_quarter_says_it_regroups_the_unit_in_every_quarter(registry):
    # units.csv: H002 七里河区人民医院, 七里河区, 二级医院; T001 永登县, 乡镇卫生院
    load_fixture(registry, "surveys_bom.csv")
    publish(registry, "2025Q3", "director")
    undated = (
        UNITS_HEADER
        + "H002,七里河区人民医院,七里河区,三级医院,450,\n"
        + "T001,永登县红城镇中心卫生院,永登县,乡镇卫生院,50,\n"  # staff only: no regrouping
    )
    for dry_run in (True, False):
        result = load(registry, undated, "名录.csv", dry_run=dry_run)
        assert result.ok and result.published == ["2025Q3"]
        said = result.summary("zh")
        assert "；注意：H002（二级医院 → 三级医院）的区县或单位类别有变化，但未填生效季度" in said
        assert "；；" not in said
        assert (
            "; note: district or peer group changed in rows without from_quarter: "
            "H002 (二级医院 → 三级医院). Such a change" in result.summary()
        )
        assert "; ;" not in result.summary()
    # its withdrawal says so too: it takes back a revision of 2025Q3 made since publication
    withdrawal = withdraw(registry, result.load_id)
    assert (withdrawal.published, withdrawal.after_publication) == ((), ("2025Q3",))
    assert withdrawal.as_published == ("2025Q3",)  # nothing else changed since
    # from a quarter on: the published 2025Q3 stays as it is, and nothing regroups it
    dated = UNITS_HEADER + "H002,七里河区人民医院,城关区,二级医院,450,2025Q4\n"
    result = load(registry, dated, "名录2.csv")
    assert result.ok and result.published == []
    assert "note" not in result.summary()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_an_undated_row_is_compared_with_the_row_it_replaces_not_the_units_latest(registry):
    """units.csv: H002 七里河区人民医院, 七里河区, 二级医院, undated. The bureau regroups it
    from 2025Q4 (三级医院, a dated row), then uploads its corrected registry with H002's
    undated row as it was: no quarter changes, yet the load said H002 went 三级医院 → 二级医院
    in every quarter (it compared with the 2025Q4 row). An undated row that does regroup it
    (城关区) is told against the undated row it replaces, and one making it 三级医院 before
    2025Q4 too is told, where comparing with the latest row said nothing."""
    dated = UNITS_HEADER + "H002,七里河区人民医院,七里河区,三级医院,460,2025Q4\n"
    assert load(registry, dated, "晋级.csv").ok
    for district, group, says in (
        ("七里河区", "二级医院", None),
        ("城关区", "二级医院", "H002（七里河区 → 城关区）"),
        ("七里河区", "三级医院", "H002（二级医院 → 三级医院）"),
    ):
        undated = UNITS_HEADER + f"H002,七里河区人民医院,{district},{group},450,\n"
        result = load(registry, undated, f"更正{district}{group}.csv", dry_run=True)
        regrouped = [n.zh for n in result.notes if n.key == "load.regrouped_everywhere"]
        if says is None:
            assert result.ok and regrouped == [], regrouped
        else:
            assert result.ok and len(regrouped) == 1 and regrouped[0].startswith(f"注意：{says}")


@pytest.mark.parametrize(
    ("text", "quarter", "kind"),
    [
        # a survey form naming its quarter only in its title, loaded without the quarter
        (
            "2025年第三季度满意度调查\n单位编码,调查类型,样本量,满意人数\nH001,门诊,40,38\n",
            None,
            "surveys",
        ),
        # an inspection file with a quarter stated (it takes its quarter from its dates)
        (
            "单位编码,检查日期,检查类型,检查项目,得分,满分\nH001,2025-07-05,暗访,服务态度,9,10\n",
            "2025Q3",
            "inspections",
        ),
    ],
)
def test_a_file_refused_for_its_header_keeps_the_kind_it_was_read_as(registry, text, quarter, kind):
    """The Upload page headed such a file 未能识别 (kind unknown) above a problem that talked of
    its kind's own columns, and the upload log had no kind for it."""
    result = load(registry, text, "form.csv", quarter=quarter)
    assert (result.outcome, result.kind) == ("rejected", kind)
    logged = rows(registry, "SELECT kind FROM upload_log WHERE outcome = 'rejected'")
    assert logged == [(kind,)]


NEW_UNIT = (
    "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
    "C005,东岗街道社区卫生服务中心,城关区,社区卫生服务中心,40,2025Q3\n"
)


def every_table(con) -> dict[str, list[tuple]]:
    """Every row of every table of the store (the registry, the facts, the logs, the accounts
    …), found in its catalog rather than listed: a dry run must leave each as it was."""
    names = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_catalog = current_database() AND table_type = 'BASE TABLE' ORDER BY 1"
    ).fetchall()
    assert len(names) > 10, names  # the store's tables, not an empty catalog
    return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for (t,) in names}


def test_a_dry_run_checks_a_batchs_data_against_its_registry_file_and_changes_nothing(registry):
    """A new unit's registry row and its survey, checked together (``python -m etl load
    名录.csv 满意度.csv --dry-run``, the Upload page): the survey passes, as the load of the two
    finds it (the registry commits first); checked alone it names an unregistered unit. The
    store is left as it was, every table of it."""
    before = every_table(registry)
    units = load(registry, NEW_UNIT, "11_C005.csv", dry_run=True)
    data = load(registry, survey("C005", "2025Q3"), "满意度.csv", dry_run=True, batch=(units,))
    alone = load(registry, survey("C005", "2025Q3"), "满意度.csv", dry_run=True)
    assert (units.outcome, data.outcome, data.rows, data.units) == ("checked", "checked", 1, 1)
    assert alone.outcome == "rejected"
    assert alone.problems[0].expected.startswith("unknown unit code")
    assert every_table(registry) == before
    loaded = load(registry, NEW_UNIT, "11_C005.csv")
    facts = load(registry, survey("C005", "2025Q3"), "满意度.csv", batch=(loaded,))
    assert (loaded.outcome, facts.outcome) == ("loaded", "loaded")


@pytest.mark.parametrize("store", ["file"], indirect=True)  # what is checked, not the store
def test_a_batchs_registry_file_dates_its_new_unit_for_the_dry_run_of_its_data(registry):
    """The registry file opens C005 from 2025Q3: its data of 2025Q2 is refused by the dry run
    of the two as by their load, and a registry file given after the data counts for neither."""
    units = load(registry, NEW_UNIT, "11_C005.csv", dry_run=True)
    early = load(registry, survey("C005", "2025Q2"), "q2.csv", dry_run=True, batch=(units,))
    assert early.outcome == "rejected"
    [problem] = early.problems
    assert (problem.row, problem.value) == (2, "2025Q2")
    data = load(registry, survey("C005", "2025Q3"), "q3.csv", dry_run=True)
    later = load(registry, NEW_UNIT, "11_C005.csv", dry_run=True, batch=(data,))
    assert (data.outcome, later.outcome) == ("rejected", "checked")


def test_a_dry_run_refuses_data_of_a_unit_the_batchs_registry_file_closes(registry):
    """The registry file closes T001 from 2025Q3 (撤销): the survey of T001's 2025Q3 given
    with it is refused by the dry run as by the load, though alone it passes."""
    before = every_table(registry)
    closing = f"{CLOSING}{T001},2025Q3,撤销\n"
    units = load(registry, closing, "closing.csv", dry_run=True)
    data = load(registry, survey("T001", "2025Q3"), "t001.csv", dry_run=True, batch=(units,))
    alone = load(registry, survey("T001", "2025Q3"), "t001.csv", dry_run=True)
    assert (units.outcome, data.outcome, alone.outcome) == ("checked", "rejected", "checked")
    [problem] = data.problems
    assert problem.row == 2
    assert problem.expected.startswith("unit T001 is closed from 2025Q3 on")
    assert every_table(registry) == before
    loaded = load(registry, closing, "closing.csv")
    facts = load(registry, survey("T001", "2025Q3"), "t001.csv", batch=(loaded,))
    assert facts.outcome == "rejected"
    assert facts.problems[0].expected == problem.expected


@pytest.mark.parametrize("store", ["file"], indirect=True)  # what is said, not the store
def test_a_batchs_second_registry_file_is_told_against_the_registry_the_first_leaves(registry):
    """``python -m etl load 名录1.csv 名录2.csv --dry-run``: the first file opens N001 in 新區
    (乡镇卫生院) from 2025Q3 and closes T001 from 2025Q3; the second restates N001 undated in
    新区 as a 社区卫生服务中心 and T001's staff. Its load, after the first's, says N001 regroups
    in every quarter, 新区 beside 新區, and T001 closed with its 2025Q3 row; its dry run said
    instead that N001 was new to the registry, having read the stored registry, not the
    batch's. The dry run now says what the load says, and writes nothing."""
    assert load(registry, survey("T001", "2025Q3"), "t001_q3.csv").ok
    first = CLOSING + "N001,永登县新建卫生院,新區,乡镇卫生院,30,2025Q3,\n" + f"{T001},2025Q3,撤销\n"
    second = UNITS_HEADER + "N001,永登县新建卫生院,新区,社区卫生服务中心,30,\n" + f"{T001},\n"
    before = every_table(registry)
    checked_first = load(registry, first, "名录1.csv", dry_run=True)
    checked = load(registry, second, "名录2.csv", dry_run=True, batch=(checked_first,))
    assert (checked_first.outcome, checked.outcome) == ("checked", "checked")
    assert [n.key for n in checked.notes] == [
        "load.regrouped_everywhere",
        "load.lookalike_districts",
        "load.closed_with_data",
    ]
    regrouped, lookalike, closed = (n.zh for n in checked.notes)
    assert regrouped.startswith("注意：N001（新區/乡镇卫生院 → 新区/社区卫生服务中心）")
    assert "新區" in lookalike and "新区" in lookalike and "N001" in lookalike
    assert "T001" in closed and "2025Q3" in closed
    assert every_table(registry) == before
    assert load(registry, first, "名录1.csv").outcome == "loaded"
    loaded = load(registry, second, "名录2.csv")
    assert loaded.outcome == "loaded"
    assert [n.en for n in checked.notes] == [n.en for n in loaded.notes]


def test_a_survey_row_whose_count_and_score_disagree_is_said_and_loads(registry):
    """Trial J: 40 of 50 satisfied (80%) beside a score of 95 loaded without a word, one of
    the two silently not the figure scored. Row 2 (the first data row): 80.0% vs 95, off by
    15 points, said; row 3: 45 of 50 (90%) vs 90.5, half a point, a rounding, not said."""
    text = SURVEYS_HEADER + "H001,2025Q3,门诊,50,40,95\nH001,2025Q3,住院,50,45,90.5\n"
    checked = load(registry, text, "twice.csv", dry_run=True)
    loaded = load(registry, text, "twice.csv")
    assert loaded.outcome == "loaded"
    for result in (checked, loaded):
        said = result.summary("zh")
        assert "第 2 行（共 1 行）同时填了满意人数和满意度得分，两者不一致" in said
        assert "满意人数 40／样本量 50 为 80.0%，满意度得分为 95" in said
        assert "第 2-3 行" not in said and "第 2–3 行" not in said
    # one row: "in 1 row", not "rows 2 give"
    assert (
        "the satisfied count and the satisfaction score given disagree in 1 row (numbered 2; "
        "row 2: 40 of 50 is 80.0%, the score 95)" in loaded.summary("en")
    )
    agreeing = load(registry, SURVEYS_HEADER + "H002,2025Q3,门诊,50,45,90.5\n", "ok.csv")
    assert "disagree" not in agreeing.summary("en")


@pytest.mark.parametrize("store", ["file"], indirect=True)  # what is said, not the store
def test_a_file_given_twice_in_one_batch_is_refused_as_given_twice(registry):
    """满意度.csv and 满意度(1).csv, one attachment saved twice, loaded together: the copy was
    refused row by row as if another file brought the same units' data, saying to check which
    file is right and delete its rows from the other (both are one file, and deleting rows
    from either would lose data). It is refused as the very file given twice, one problem,
    by the dry run as by the load; the first file loads."""
    data = survey("H001", "2025Q3") + "C001,2025Q3,住院,50,45\n".encode()
    expected = (
        "the file is the same as 满意度.csv, given before it in the same batch (the same "
        "content): it was given twice; leave this copy out"
    )
    checked = load(registry, data, "满意度.csv", dry_run=True)
    copy = load(registry, data, "满意度(1).csv", dry_run=True, batch=(checked,))
    loaded = load(registry, data, "满意度.csv")
    again = load(registry, data, "满意度(1).csv", batch=(loaded,))
    assert (checked.outcome, loaded.outcome) == ("checked", "loaded")
    for result in (copy, again):
        assert result.outcome == "rejected"
        [problem] = result.problems
        assert (problem.row, problem.column, problem.expected) == (None, None, expected)
        assert problem.expected_zh == (
            "此文件与同批中在它之前的 满意度.csv 相同（内容一致）：同一文件给了两次；请去掉这份副本"
        )
    # a file of other content for the same unit and quarter is still refused row by row
    other = survey("H001", "2025Q3").replace(b",36", b",30")
    clash = load(registry, other, "七里河区.csv", batch=(loaded,))
    assert [p.row for p in clash.problems] == [2]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # what is said, not the store
def test_a_batch_overlap_names_the_columns_as_the_file_heads_them(registry):
    """The problem of a row whose data another file of the batch brings named its columns by
    their internal names (``unit_code/quarter/inspection_type``), in English, and an
    inspections file's ``quarter``, which no such file has: they are named as the file heads
    them, the quarter by the date it comes from, as a duplicate row's are."""
    head = "机构编码,督查日期,检查方式,检查项目,得分,满分\n"
    first = head + "H001,2025-07-15,暗访,服务态度,8,10\n"
    second = head + "H001,2025-08-02,暗访,环境卫生,9,10\n"
    earlier = load(registry, first, "7月.csv", dry_run=True)
    later = load(registry, second, "8月.csv", dry_run=True, batch=(earlier,))
    [problem] = later.problems
    assert problem.row == 2
    assert problem.column_in("en") == "机构编码/督查日期/检查方式"
    assert problem.column_in("zh") == "机构编码/督查日期/检查方式"


def test_a_summary_counts_in_english_as_the_catalogue_counts_and_with_thousands():
    # i18n/english.py: "{n} rows" is "1 row" after a count of one, no "row(s)"; numbers are
    # written 1,234 as the Upload page writes them
    from etl.load import LoadResult

    one = LoadResult("u.csv", "units", "loaded", rows=1, units=1, load_id=4)
    assert one.summary("en") == "u.csv: loaded 1 row of units, 1 unit as load 4; 0 rows replaced"
    many = LoadResult(
        "a.csv", "activities", "checked", rows=12_345, units=2, replaced=1, quarters=["2025Q3"]
    )
    assert many.summary("en") == (
        "a.csv: dry run OK: would load 12,345 rows of activities, 2025Q3, 2 units; "
        "1 row would be replaced"
    )
    assert many.summary("zh") == (
        "a.csv：试运行通过，可上传 12,345 行活动统计数据，季度 2025Q3，2 个单位，"
        "将替换 1 行已有数据"
    )
    refused = LoadResult("s.csv", "surveys", "rejected", problem_total=1)
    assert refused.summary("en") == "s.csv: rejected, 1 problem; nothing loaded"
    assert LoadResult("s.csv", None, "rejected", problem_total=1_200).summary("en") == (
        "s.csv: rejected, 1,200 problems; nothing loaded"
    )


def test_the_history_row_counts_are_written_as_the_pages_write_them():
    from etl.messages import msg

    assert msg("cli.rows", rows=9023).en == "9,023 rows"
    assert msg("cli.rows", rows=9023).zh == "9,023 行"
    assert msg("cli.rows", rows=1).en == "1 row"
    from etl.cli import rows_cell

    assert rows_cell(1, "en") == "        1 row "
    assert rows_cell(12_345, "zh") == "   12,345 行 "


def test_the_indicator_system_page_and_the_banner_count_as_the_load_summaries_do():
    # the same rule (i18n/english.py) for the other messages of a load or about loads
    from i18n import t

    assert t("system.rejected", "en", count=1) == (
        "Not saved: 1 problem found; correct the table and save again."
    )
    assert t("system.rejected", "en", count=3) == (
        "Not saved: 3 problems found; correct the table and save again."
    )
    saved = t("system.saved", "en", load_id=7, rows=1_200, quarter="2026Q1")
    assert saved == "Indicator system saved (load 7, 1,200 rows); it holds from 2026Q1 on."
    assert t("published.no_revisions_despite", "en", count=1).startswith(
        "1 load of this quarter since publication, but"
    )
    assert t("frame.signin.locked", "en", minutes=1) == (
        "Too many failed sign-ins; try again in 1 minute."
    )
