"""ui.uploads without Streamlit: problem table, load order, the dry run's safety net, and the
upload history in its reader's language."""

from dataclasses import replace
from datetime import date, datetime

import duckdb
import polars as pl

from etl.db import connect
from etl.load import LoadResult, load_file
from etl.problems import Problem
from ui import uploads


def result(kind: str, outcome: str = "checked", problems=()) -> LoadResult:
    return LoadResult(f"{kind}.csv", kind, outcome, problems=list(problems))


def test_problem_table_has_one_row_per_problem_in_order():
    first = result("surveys", "rejected", [Problem("a.csv", 3, "satisfied", "60", "≤ 50")])
    second = result(
        "units",
        "rejected",
        [
            Problem("b.csv", None, None, "", "the file is empty"),
            Problem("b.csv", 7, "x", "=1", "y"),
        ],
    )
    table = uploads.problems_frame([first, second])
    assert table.columns == ["file", "row", "column", "value", "expected"]
    assert table["row"].to_list() == [3, None, 7]
    assert table["file"].to_list() == ["a.csv", "b.csv", "b.csv"]
    assert uploads.problems_frame([result("units")]).height == 0


def test_only_passed_files_load_and_units_go_first():
    checked = [
        (uploads.Upload("s.csv", b"s"), result("surveys")),
        (uploads.Upload("bad.csv", b"b"), result("inspections", "rejected")),
        (uploads.Upload("same.csv", b"x"), result("activities", "unchanged")),
        (uploads.Upload("u.csv", b"u"), result("units")),
    ]
    assert [u.name for u, _ in uploads.loadable(checked)] == ["u.csv", "s.csv"]


def test_an_unforeseen_failure_becomes_a_problem_of_the_file(tmp_path):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))  # no schema: the loader's query fails
    data = "unit_code,quarter,survey_type,respondents,satisfied\nU1,2025Q3,门诊,10,9\n".encode()
    checked = uploads.dry_run(con, uploads.Upload("s.csv", data, "surveys"), "li")
    assert checked.outcome == "rejected"
    assert checked.problems[0].file == "s.csv"
    assert checked.problems[0].expected.startswith("the file could not be checked")


def test_a_workbook_of_several_sheets_is_an_upload_per_sheet_and_never_a_crash(tmp_path):
    from pathlib import Path

    book = (Path(__file__).parents[1] / "fixtures" / "etl" / "activities.xlsx").read_bytes()
    chosen = uploads.Upload("a.xlsx", book, quarter="2025Q3")
    made, workbook = uploads.sheet_uploads(chosen)
    # the fixture's two activity sheets, in the workbook's order, each keeping the quarter box
    assert [(u.name, u.sheet, u.quarter) for u in made] == [
        ("a.xlsx", "三季度", "2025Q3"),
        ("a.xlsx", "二季度", "2025Q3"),
    ]
    assert workbook.sheets == ("三季度", "二季度")
    assert uploads.sheet_uploads(uploads.Upload("a.xlsx", book, sheet="二季度")) == (
        [uploads.Upload("a.xlsx", book, sheet="二季度")],
        None,
    )
    # finding the sheets failing (a kind nobody knows): the file as chosen, whose dry run
    # then says what is wrong, as for any unforeseen failure
    odd = uploads.Upload("a.xlsx", book, kind="no such kind")
    assert uploads.sheet_uploads(odd) == ([odd], None)
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    assert uploads.dry_run(con, odd, "li").outcome == "rejected"


def test_withdrawable_loads_are_the_loaded_ones():
    frame = pl.DataFrame(
        {
            "load_id": [3, 2, 1],
            "outcome": ["rejected", "loaded", "withdrawn"],
            "kind": ["surveys", "surveys", "units"],
        }
    )
    assert uploads.withdrawable(None, frame, None) == [2]  # nobody signed in: no scope


def test_problem_table_and_its_csv_in_chinese():
    from charts.export import table_csv
    from etl.messages import msg

    duplicate = Problem.of(
        "a.csv", 3, "unit_code", "", msg("row.duplicate", key="k"), msg("row.same_as", row=2)
    )
    table = uploads.problems_frame([result("surveys", "rejected", [duplicate])], "zh")
    assert table.row(0) == (
        "a.csv",
        3,
        "unit_code",
        "与第 2 行相同",
        "重复行：k相同的行已在前面出现，请删除重复的行",
    )
    labels = {"file": "文件", "row": "行", "column": "列", "value": "内容", "expected": "应为"}
    text = table_csv(table, labels).decode("utf-8-sig")
    assert text.splitlines()[0] == "文件,行,列,内容,应为"
    assert "与第 2 行相同" in text and "same as row" not in text
    english = uploads.problems_frame([result("surveys", "rejected", [duplicate])])
    assert english["value"].to_list() == ["same as row 2"]


def test_problem_table_and_its_csv_name_the_sheet_of_a_workbook_of_several():
    """The page's table and its download: a column for the sheet, after the file, when a
    problem is in a workbook of several sheets (a CSV file's problem leaves it empty)."""
    from charts.export import table_csv
    from etl.messages import msg

    in_sheet = Problem.of("分区县.xlsx", 4, "样本量", "60", msg("row.duplicate", key="k")).in_sheet(
        "城西区"
    )
    plain = Problem("a.csv", 2, "satisfied", "60", "≤ 50")
    table = uploads.problems_frame(
        [result("surveys", "rejected", [in_sheet]), result("surveys", "rejected", [plain])], "zh"
    )
    assert table.columns == ["file", "sheet", "row", "column", "value", "expected"]
    assert table["sheet"].to_list() == ["城西区", None]
    labels = {"file": "文件", "sheet": "工作表", "row": "行", "column": "列"}
    labels |= {"value": "内容", "expected": "应为"}
    lines = table_csv(table, labels).decode("utf-8-sig").splitlines()
    assert lines[0] == "文件,工作表,行,列,内容,应为"
    assert lines[1].startswith("分区县.xlsx,城西区,4,样本量,60,")


def test_quarters_an_analyst_may_state_are_the_current_and_eleven_before():
    from datetime import date

    choices = uploads.stated_quarter_choices(date(2026, 1, 15))
    assert choices[:3] == ["2026Q1", "2025Q4", "2025Q3"]
    assert len(choices) == 12 and choices[-1] == "2023Q2"


def test_preview_is_headed_in_the_page_language():
    preview = pl.DataFrame({"_row": [2], "unit_code": ["H001"], "quarter": ["2025Q3"]})
    zh = uploads.preview_for_display(preview, "surveys", "zh")
    assert zh.columns == ["行", "单位编码", "季度"]
    assert uploads.preview_for_display(preview, "surveys", "en").columns == [
        "Row",
        "unit_code",
        "quarter",
    ]


def test_an_inspections_quarter_read_from_its_date_is_headed_in_chinese():
    # an inspection file has no quarter column: the loader adds it from the date, and the
    # Chinese preview headed it "quarter" (browser trial)
    preview = pl.DataFrame({"_row": [4], "inspection_date": ["2026-10-05"], "quarter": ["2026Q4"]})
    zh = uploads.preview_for_display(preview, "inspections", "zh")
    assert zh.columns == ["行", "检查日期", "季度"]
    assert uploads.preview_for_display(preview, "inspections", "en").columns[-1] == "quarter"


def test_a_cell_left_empty_previews_empty_not_none():
    preview = pl.DataFrame(
        {"_row": [2, 3], "satisfied": [38, None], "score": [None, 79.1], "note": ["好", None]}
    )
    shown = uploads.preview_for_display(preview, "surveys", "zh")
    assert shown.rows() == [(2, "38", "", "好"), (3, "", "79.1", "")]


UNITS = "unit_code,unit_name,district,peer_group,staff_count\nH001,一院,城关区,三级医院,100\n"
NO_QUARTER = "单位编码,调查类型,样本量,满意人数,备注\nH001,门诊,40,38,好\n"


def test_history_made_in_english_reads_in_chinese(tmp_path):
    con = connect(str(tmp_path / "civbench.duckdb"))
    when = {"today": date(2026, 1, 15), "now": datetime(2026, 1, 15, 9, 30)}
    load_file(con, UNITS.encode(), "units.csv", by="li", **when)
    loaded = load_file(con, NO_QUARTER.encode(), "form.csv", by="li", quarter="2025Q3", **when)
    assert loaded.summary("en").startswith("form.csv: loaded")  # worked in English
    rejected = "unit_code,quarter,survey_type,respondents,satisfied\nZ9,2025Q3,门诊,10,9\n"
    load_file(con, rejected.encode(), "bad.csv", by="li", **when)
    # an entry written before the log kept keys: its text stays as it was written
    con.execute(
        "INSERT INTO upload_log (load_id, file_name, file_hash, kind, loaded_by, loaded_at, "
        "outcome, problem_count, message) VALUES (9, 'old.csv', 'h', 'surveys', 'wang', "
        "TIMESTAMP '2025-10-01 08:00', 'rejected', 1, 'old.csv: the file is empty')"
    )
    shown = uploads.history_for_display(uploads.upload_history(con), "zh")
    con.close()
    assert "message_key" not in shown.columns and "message_values" not in shown.columns
    said = dict(zip(shown["file_name"], shown["message"], strict=True))
    assert said == {
        "old.csv": "old.csv: the file is empty",
        "bad.csv": "bad.csv，第 2 行，列 unit_code：“Z9”："
        "单位编码未登记：请先在单位名录中录入该单位，或更正编码",
        "form.csv": "未使用的列：备注；季度为上传时指定：2025Q3",
        "units.csv": "",
    }

    rows = dict(zip(shown["file_name"], shown["row_count"], strict=True))
    assert rows["bad.csv"] == "" and rows["form.csv"] == "1"  # a rejection counted no rows
    outcomes = dict(zip(shown["file_name"], shown["outcome"], strict=True))
    assert outcomes == {
        "old.csv": "已拒绝",
        "bad.csv": "已拒绝",
        "form.csv": "已上传",
        "units.csv": "已上传",
    }


def test_the_historys_counts_are_grouped_by_thousands_as_the_messages_say_them(tmp_path):
    """Trial (session 57): the history showed 48240 rows beside a message of 48,240. Here
    1,200 units registered; a refused file counts no rows (an empty cell)."""
    con = connect(str(tmp_path / "civbench.duckdb"))
    units = "".join(f"H{i:04d},院{i},城关区,三级医院,100\n" for i in range(1200))
    load_file(con, (UNITS.splitlines()[0] + "\n" + units).encode(), "units.csv", by="li")
    load_file(con, b"unit_code,quarter\n", "bad.csv", by="li")
    shown = uploads.history_for_display(uploads.upload_history(con), "zh")
    con.close()
    counts = dict(zip(shown["file_name"], shown["row_count"], strict=True))
    assert counts == {"units.csv": "1,200", "bad.csv": ""}


def test_a_restatement_of_a_published_quarter_reads_as_one_in_the_history(tmp_path):
    """Trial: a survey of a published quarter sent again as it was showed in the history
    only as 1 row replaced, a correction's entry; its note says it restated the row
    unchanged, before the load's own note; a correction's entry has no such note."""
    from etl.publish import publish

    con = connect(str(tmp_path / "civbench.duckdb"))
    when = {"today": date(2026, 1, 15), "now": datetime(2026, 1, 15, 9, 30)}
    load_file(con, UNITS.encode(), "units.csv", by="li", **when)
    load_file(con, NO_QUARTER.encode(), "form.csv", by="li", quarter="2025Q3", **when)
    publish(con, "2025Q3", "director")
    retyped = NO_QUARTER.replace("好", "好。").encode()  # another file, the same row
    again = load_file(con, retyped, "重报.csv", by="li", quarter="2025Q3", **when)
    assert again.restated == ["2025Q3"]  # the same row: the published figures stand
    fixed = NO_QUARTER.replace("40,38", "40,39")
    load_file(con, fixed.encode(), "更正.csv", by="li", quarter="2025Q3", **when)
    history = uploads.upload_history(con)
    con.close()
    notes = {
        "zh": "原样重报此前已上传的 1 行：已发布的数据不变；未使用的列：备注；"
        "季度为上传时指定：2025Q3",
        "en": "restated 1 row loaded before, unchanged: the published figures stand; "
        "ignored columns: 备注; quarter stated when loading: 2025Q3",
    }
    for lang, note in notes.items():
        shown = uploads.history_for_display(history, lang)
        said = dict(zip(shown["file_name"], shown["message"], strict=True))
        assert said["重报.csv"] == note
        assert said["更正.csv"] == said["form.csv"]  # a correction: its own note alone
        assert "restated" not in shown.columns


def test_a_load_from_the_command_line_reads_as_the_command_line(tmp_path):
    con = connect(str(tmp_path / "civbench.duckdb"))
    when = {"today": date(2026, 1, 15), "now": datetime(2026, 1, 15, 9, 30)}
    load_file(con, UNITS.encode(), "units.csv", **when)  # no --by: the command line
    load_file(con, NO_QUARTER.encode(), "form.csv", by="li", quarter="2025Q3", **when)
    history = uploads.upload_history(con)
    con.close()
    for lang, words in (("zh", "命令行"), ("en", "the command line")):
        shown = uploads.history_for_display(history, lang)
        by = dict(zip(shown["file_name"], shown["loaded_by"], strict=True))
        assert by == {"units.csv": words, "form.csv": "li"}


def test_of_two_files_uploaded_together_for_the_same_survey_the_second_is_refused(tmp_path):
    """Both files passed their checks (each against the store as it was) and the second then
    replaced the first's row for H001 unseen: the page's two green lines said nothing of it."""
    import accounts

    con = connect(str(tmp_path / "civbench.duckdb"))
    load_file(con, UNITS.encode(), "units.csv", today=date(2026, 1, 15))
    accounts.add_user(con, "li", "analyst", "long enough")
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    chosen = [
        uploads.Upload("一.csv", (header + "H001,2025Q3,门诊,40,38\n").encode(), "surveys"),
        uploads.Upload("二.csv", (header + "H001,2025Q3,门诊,40,20\n").encode(), "surveys"),
    ]
    checked = [(u, uploads.dry_run(con, u, by="li")) for u in chosen]
    assert [r.outcome for _, r in checked] == ["checked", "checked"]  # each alone
    # checked together, as the page shows them: the second is refused as its load will be
    together = [r for _, r in uploads.checked_together(con, checked, by="li")]
    assert [r.outcome for r in together] == ["checked", "rejected"]
    [overlap] = together[1].problems
    assert (overlap.file, overlap.row, overlap.column_in("zh")) == (
        "二.csv",
        2,
        "单位编码/季度/调查类型",
    )
    assert "在同批的 一.csv 中也有数据" in overlap.expected_in("zh")
    assert uploads.loadable(uploads.checked_together(con, checked, by="li")) == [checked[0]]
    first, second = uploads.load_uploads(con, chosen, by="li")
    satisfied = con.execute("SELECT satisfied FROM surveys").fetchall()
    con.close()
    assert (first.outcome, second.outcome) == ("loaded", "rejected")
    assert [(p.row, p.column_in("zh")) for p in second.problems] == [(2, "单位编码/季度/调查类型")]
    assert "一.csv" in second.problems[0].expected_in("zh")
    assert satisfied == [(38,)]


def analysts_store(tmp_path):
    """A store holding the registry of units.csv and an analyst, li, to check and load as."""
    import accounts

    con = connect(str(tmp_path / "civbench.duckdb"))
    load_file(con, UNITS.encode(), "units.csv", today=date(2026, 1, 15))
    accounts.add_user(con, "li", "analyst", "long enough")
    return con


def checked_alone_and_together(con, chosen: list) -> tuple[list, list]:
    """The outcomes of ``chosen`` each checked alone, and the (upload, result) pairs checked
    together, as the Upload page checks them."""
    checked = [(u, uploads.dry_run(con, u, by="li")) for u in chosen]
    return [r.outcome for _, r in checked], uploads.checked_together(con, checked, by="li")


def test_a_new_units_registry_and_its_survey_chosen_together_pass_and_load_both(tmp_path):
    """Chosen together (the survey first), a registry file adding C005 and C005's survey: each
    checked alone, the survey names an unregistered unit and was not offered for loading;
    checked together it passes, as their load (the registry first) loads both."""
    con = analysts_store(tmp_path)
    registry = (
        "unit_code,unit_name,district,peer_group,staff_count\n"
        "C005,东岗,城关区,社区卫生服务中心,40\n"
    )
    survey = "单位编码,季度,调查类型,样本量,满意人数\nC005,2025Q3,门诊,40,38\n"
    chosen = [
        uploads.Upload("11_C005_满意度.csv", survey.encode()),
        uploads.Upload("11_C005.csv", registry.encode()),
    ]
    alone, together = checked_alone_and_together(con, chosen)
    assert alone == ["rejected", "checked"]
    assert [r.outcome for _, r in together] == ["checked", "checked"]
    ready = uploads.loadable(together)
    assert [u.name for u, _ in ready] == ["11_C005.csv", "11_C005_满意度.csv"]
    loaded = uploads.load_uploads(con, [u for u, _ in ready], by="li")
    assert [r.outcome for r in loaded] == ["loaded", "loaded"]
    assert con.execute("SELECT unit_code, satisfied FROM surveys").fetchall() == [("C005", 38)]
    con.close()


def test_data_of_a_unit_closed_by_a_registry_file_chosen_with_it_is_refused(tmp_path):
    """The registry file closes H001 from 2025Q3: H001's survey of 2025Q3, which passes alone,
    is refused when chosen with it, as their load refuses it."""
    con = analysts_store(tmp_path)
    closing = (
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度,状态\n"
        "H001,一院,城关区,三级医院,100,2025Q3,撤销\n"
    )
    survey = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,40,38\n"
    chosen = [
        uploads.Upload("closing.csv", closing.encode()),
        uploads.Upload("s.csv", survey.encode()),
    ]
    alone, pairs = checked_alone_and_together(con, chosen)
    assert alone == ["checked", "checked"]
    together = [r for _, r in pairs]
    assert [r.outcome for r in together] == ["checked", "rejected"]
    assert together[1].problems[0].expected_in("en").startswith("unit H001 is closed from 2025Q3")
    loaded = uploads.load_uploads(con, chosen, by="li")  # as the load finds them
    assert [r.outcome for r in loaded] == ["loaded", "rejected"]
    assert loaded[1].problems[0].expected_in("en") == together[1].problems[0].expected_in("en")
    con.close()


def test_an_uploads_digest_is_its_bytes_sha256_and_follows_a_replaced_file():
    # FIPS 180-2's own examples: SHA-256 of "abc" and of the empty message
    abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    upload = uploads.Upload("a.csv", b"abc")
    assert upload.digest == abc
    assert upload.digest == abc  # asked again: the same, from the one reckoning
    assert replace(upload, data=b"").digest == empty
    assert replace(upload, sheet="Sheet1").digest == abc


def test_a_chosen_files_name_is_read_back_as_the_browser_had_it():
    """Browsers send a file's name with ", CR and LF written %22, %0D and %0A (HTML's form
    encoding) and no other character so: those three are read back, nothing else is touched."""
    assert (
        uploads.chosen_name("2026Q3 城关区 %22最终版%22(2).xlsx")
        == '2026Q3 城关区 "最终版"(2).xlsx'
    )
    assert uploads.chosen_name("a%0D%0Ab.csv") == "a\r\nb.csv"
    assert uploads.chosen_name("满意度 100%.csv") == "满意度 100%.csv"
    assert uploads.chosen_name("%E6%BB%A1.csv") == "%E6%BB%A1.csv"
