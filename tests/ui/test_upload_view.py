"""ui.upload_view without Streamlit: the messages shown after a load, a withdrawal or a day
received recorded."""

from datetime import date, datetime

import polars as pl

from etl.load import LoadResult, Withdrawal
from etl.received import Received
from ui import upload_view
from ui.context import Context

EN = Context("upload", "en", "analyst", "analyst", None, None)
ZH = Context("upload", "zh", "analyst", "analyst", None, None)


def test_one_message_per_file_after_a_load():
    # a file name is text from the analyst: Markdown-escaped (ui.literal), the message is not
    loaded = LoadResult("units.csv", "units", "loaded", rows=24, load_id=7)
    stale = LoadResult("surveys.csv", "surveys", "rejected")
    assert upload_view.load_messages(EN, [loaded, stale]) == [
        ("ok", r"units\.csv: loaded 24 rows as load 7."),
        ("error", r"surveys\.csv: not loaded (the data changed since the check; check it again)."),
    ]
    assert upload_view.load_messages(ZH, [loaded]) == [
        ("ok", r"units\.csv：已上传 24 行（批次 7）。")
    ]
    assert upload_view.load_messages(EN, []) == []


def test_a_restatement_of_a_published_quarter_is_said_to_be_no_revision():
    same = LoadResult("h3.csv", "surveys", "loaded", rows=1, load_id=9, restated=["2025Q3"])
    [(kind, said)] = upload_view.load_messages(EN, [same])
    assert kind == "ok" and "listed among the revisions since" not in said
    assert said.endswith(
        "Note: 2025Q3 is published, and this load's rows are exactly the rows it replaced: the "
        "published figures stand, and it is not listed among the revisions"
    )


def test_a_withdrawal_says_what_was_removed_or_why_not():
    assert upload_view.withdraw_message(EN, 7, Withdrawal(24, 3)) == (
        "ok",
        "Load 7 withdrawn: 24 rows removed, 3 replaced rows restored.",
    )
    # a load of a published quarter: its withdrawal is a revision, and the page says so
    kind, said = upload_view.withdraw_message(EN, 7, Withdrawal(24, 3, ("2025Q3",)))
    assert kind == "ok" and said.startswith("Load 7 withdrawn: 24 rows removed")
    assert said.endswith(
        "restored. Note: 2025Q3 is published: pages and packs show the figures as published by "
        "default, and this withdrawal is listed among the revisions since; to issue the figures "
        "without it, publish 2025Q3 again"
    )
    # a load made after the publication: its withdrawal takes a revision back, while another
    # change since remains (publish again to issue it) or none does (nothing to publish)
    _, said = upload_view.withdraw_message(EN, 7, Withdrawal(24, 3, (), ("2025Q3",)))
    assert said.endswith(
        "restored. Note: 2025Q3 was published before this load came: withdrawn, it is no "
        "longer among the revisions since, but other changes made since publication remain, "
        "so the figures still differ from those published; to issue them, publish 2025Q3 again"
    )
    _, said = upload_view.withdraw_message(EN, 7, Withdrawal(24, 3, (), ("2025Q3",), ("2025Q3",)))
    assert said.endswith(
        "restored. Note: 2025Q3 was published before this load came: withdrawn, it leaves "
        "2025Q3 exactly as published, so there is nothing to publish again"
    )
    assert upload_view.withdraw_message(EN, 7, "a later load depends on it") == (
        "error",
        "Cannot withdraw: a later load depends on it",
    )


def test_two_published_quarters_are_said_in_the_plural():
    """The Upload page warned "2025Q3, 2025Q4 is published" for a file of two published
    quarters: the verb follows the count of quarters, in the page's warning and in the notes
    after a load, a withdrawal or a day received alike; Chinese lists them with 、."""
    two = ("2025Q3", "2025Q4")
    assert upload_view.published_note(EN, "upload.published", two) == (
        "2025Q3, 2025Q4 are published: pages and packs show the figures as published by "
        "default, and this load will be listed among the revisions since. To issue the "
        "corrected figures, publish 2025Q3, 2025Q4 again."
    )
    assert upload_view.published_note(EN, "upload.published", two[:1]).startswith(
        "2025Q3 is published: "
    )
    assert upload_view.published_note(ZH, "upload.published", two).startswith(
        "2025Q3、2025Q4 已发布："
    )
    loaded = LoadResult("q.csv", "surveys", "loaded", rows=2, load_id=9, published=list(two))
    [(_, said)] = upload_view.load_messages(EN, [loaded])
    assert "Note: 2025Q3, 2025Q4 are published: " in said
    _, said = upload_view.withdraw_message(EN, 7, Withdrawal(2, 0, (), two))
    assert said.endswith(
        "Note: 2025Q3, 2025Q4 were published before this load came: withdrawn, it is no "
        "longer among the revisions since, but other changes made since publication remain, "
        "so the figures still differ from those published; to issue them, publish 2025Q3, "
        "2025Q4 again"
    )


def test_a_day_received_recorded_says_so_or_why_not():
    day = date(2025, 10, 8)
    assert upload_view.received_message(EN, 7, day, Received("q3.csv", ())) == (
        "ok",
        "Load 7: 2025-10-08 recorded as the day received.",
    )
    kind, said = upload_view.received_message(ZH, 7, day, Received("q3.csv", ("2025Q3",)))
    assert kind == "ok"
    assert said.startswith("已登记批次 7 的收到日期：2025-10-08。注意：2025Q3 已发布")
    assert upload_view.received_message(EN, 7, day, "load 7 is withdrawn") == (
        "error",
        "Not recorded: load 7 is withdrawn",
    )


def test_a_load_with_notes_says_them_after_the_load():
    """The command line's notes (a weight a later row overrides…) were left off the page."""
    from etl.messages import msg

    note = msg("load.closed_with_data", unit="U0007", closed="2025Q3", rows=4)
    loaded = LoadResult("units.csv", "units", "loaded", rows=1, load_id=9, notes=[note])
    [(kind, said)] = upload_view.load_messages(EN, [loaded])
    assert kind == "ok"
    # Markdown shown as written: the note's punctuation is escaped (ui.literal)
    assert said.replace("\\", "") == (
        "units.csv: loaded 1 row as load 9. Note: unit U0007 is closed from 2025Q3 on but "
        "has 4 rows of data of those quarters, counted nowhere now; if the quarter of closing "
        "is wrong, correct it and load the registry again."
    )


def test_a_load_says_what_it_replaced_and_that_it_revises_a_published_quarter():
    """The check said both; after the load the page said only "loaded 27 rows" (trial), while
    the command line's summary says both. Counts read with thousands separators."""
    loaded = LoadResult(
        "q3.csv", "surveys", "loaded", rows=200000, load_id=297, replaced=1500, published=["2026Q3"]
    )
    [(kind, said)] = upload_view.load_messages(ZH, [loaded])
    assert kind == "ok"
    # Chinese sentences follow each other without a space (a browser trial read "。 替换")
    assert said.startswith(
        r"q3\.csv：已上传 200,000 行（批次 297）。替换 1,500 行已有数据（原数据已存档，"
        "撤回本批次即可恢复）。注意：2026Q3 已发布，页面和会议材料默认显示发布时的数据，"
        "本次数据列为发布后的修订"
    )
    [(_, said)] = upload_view.load_messages(EN, [loaded])
    assert r"q3\.csv: loaded 200,000 rows as load 297. 1,500 existing rows replaced" in said
    assert "Note: 2026Q3 is published" in said


def test_a_load_is_named_by_its_file_time_and_who_loaded_it():
    past = pl.DataFrame(
        {
            "load_id": [295, 293],
            "file_name": ["活动统计_2026Q3.xlsx", "units.csv"],
            "loaded_at": [datetime(2026, 12, 4, 14, 2, 37), datetime(2026, 11, 30, 9, 5)],
            "loaded_by": ["analyst", "cli"],
            "outcome": ["loaded", "loaded"],
        }
    )
    zh, en = upload_view.load_option(ZH, past), upload_view.load_option(EN, past)
    assert zh(295) == "295 · 活动统计_2026Q3.xlsx · 2026-12-04 14:02 · analyst"
    # a load from the command line says so in the page's language, not "cli"
    assert zh(293) == "293 · units.csv · 2026-11-30 09:05 · 命令行"
    assert en(293) == "293 · units.csv · 2026-11-30 09:05 · the command line"


def test_a_problem_list_is_named_after_the_files_it_lists():
    # two uploads' lists were both problems.csv (the browser then saves "problems (1).csv")
    assert upload_view.problems_file_name(["检查结果2026Q3.xlsx"]) == (
        "civbench_problems_检查结果2026Q3.csv"
    )
    assert upload_view.problems_file_name(["a/满意度.csv", "公益.xls", "units.csv"]) == (
        "civbench_problems_满意度+2.csv"
    )
    assert upload_view.problems_file_name([]) == "civbench_problems.csv"


def test_a_file_refused_at_its_load_says_why():
    """A file that passed its check but was refused when loaded (a row of data another file of
    the same upload had just brought) said only that the data changed since the check; checked
    again alone, it passed, and loading it replaced the other file's row after all."""
    from etl.messages import msg
    from etl.problems import Problem

    why = msg("load.batch_overlap", file="一.csv", load_id=12)
    key = "unit_code/quarter/survey_type"
    problem = Problem.of("二.csv", 2, key, "", why, column_zh="单位编码/季度/调查类型")
    refused = LoadResult("二.csv", "surveys", "rejected", problems=[problem], problem_total=1)
    [(kind, said)] = upload_view.load_messages(ZH, [refused])
    assert kind == "error"
    assert said.startswith(r"未上传：二\.csv，第 2 行，列 单位编码\/季度\/调查类型：")
    assert r"已由同批上传的 一\.csv（批次 12）给出数据" in said


def test_a_problem_two_lines_long_is_wrapped_not_cut_off():
    # trial E: a workbook's 填表人 line under the table was refused with a message of two
    # lines in the 400-px column ("此行像是表格下方的备注或签名（如“填表人：…”）：请删除此行后
    # 重新上传", about 33 ems at 28 a line); its row was 2 × 20 + 16 = 56 px, and Streamlit's
    # grid wraps a cell's text only in rows taller than 4rem (64 px): it drew one line, cut
    # off before 后重新上传. A row of two lines or more must be over 64 px.
    two_lines = "此行像是表格下方的备注或签名（如“填表人：…”）：请删除此行后重新上传"
    assert upload_view.problem_row_height([two_lines]) > 64
    assert upload_view.problem_row_height(["应为整数 ≥ 0"]) == 35  # one line: the grid's row
    # 117 characters at (400 − 16) / 14 = 27.4 a line: five lines, 5 × 20 + 16
    assert upload_view.problem_row_height(["字" * 117]) == 116


def test_a_message_of_28_characters_is_two_lines():
    # a browser trial: three districts' files each with a 合计 row; the grid draws a Chinese
    # character 14 px wide (its 0.875rem), so 27 fit in the column's 384 px, not 28.4 (13.5
    # px): rows of one line cut the message off before its 上传
    total_row = "此行像是合计行：请删除合计行（系统会自行汇总）后重新上传"
    assert len(total_row) == 28
    assert upload_view.problem_row_height([total_row]) > 64
    assert upload_view.problem_row_height(["字" * 27]) == 35


def test_a_message_wraps_at_a_space_only_between_latin_words():
    # the grid wraps a line at its last space that fits: "这是 Excel 或 WPS 打开工作簿…" was
    # drawn "这是 Excel 或 WPS" and the rest on the next line (and "前 30" / "行中找不到…"),
    # taller than the row height counted for it; a space beside a Chinese character is kept
    # from breaking (U+00A0), one between Latin words is not
    assert (
        upload_view.unbroken_spaces("前 30 行中找不到表头行") == "前\u00a030\u00a0行中找不到表头行"
    )
    assert upload_view.unbroken_spaces("这是 Excel 或 WPS 打开") == (
        "这是\u00a0Excel\u00a0或\u00a0WPS\u00a0打开"
    )
    assert upload_view.unbroken_spaces("expected a number ≥ 0") == "expected a number ≥ 0"
    assert upload_view.unbroken_spaces("load it in the unit registry (单位名录) first") == (
        "load it in the unit registry (单位名录) first"
    )


def test_the_load_button_says_why_nothing_is_loaded():
    """A file loaded already, chosen again: its check said so (loading it changes nothing), and
    the greyed load button beside it said "correct the problems and choose the files again",
    though no file had a problem."""
    from ui import uploads

    again = (uploads.Upload("q3.xlsx", b"x"), LoadResult("q3.xlsx", "surveys", "unchanged"))
    bad = (uploads.Upload("bad.csv", b"y"), LoadResult("bad.csv", "surveys", "rejected"))
    good = (uploads.Upload("q4.csv", b"z"), LoadResult("q4.csv", "surveys", "checked"))
    assert (
        upload_view.load_label(ZH, [again]) == "没有需要上传的文件：所选文件都已上传过，数据不变。"
    )
    assert upload_view.load_label(EN, [again]) == (
        "Nothing to load: the files chosen are loaded already."
    )
    assert (
        upload_view.load_label(ZH, [again, bad]) == "没有可上传的文件：请修改问题后重新选择文件。"
    )
    assert upload_view.load_label(ZH, [again, good, bad]) == "上传通过检查的 1 个文件"


def test_a_value_longer_than_its_cell_ends_in_an_ellipsis():
    # a browser trial: a 填报说明 row under the table, refused, its value the whole note; the
    # 100-px value column (84 px of text: 6 Chinese characters a line) drew three lines of it
    # and cut the fourth in half, with nothing to say more was left (the CSV has it whole)
    note = "填报说明：1.满意人数按问卷统计；2.公众满意度按百分制填写。"
    assert upload_view.shortened(note, lines=2) == "填报说明：1.满意人数…"  # 11 of 12 ems, then …
    assert upload_view.shortened("抽查了一下", lines=1) == "抽查了一下"  # 5 of 6 fit
    assert upload_view.shortened("2026-13-45", lines=1) == "2026-13-45"
    assert upload_view.shortened("兰州市城关第一医院", lines=1) == "兰州市城关…"


def test_an_indicator_system_load_says_on_the_page_what_it_changes():
    """Trial (session 59): the command line and the audit log said a system file's weights and
    targets old → new, the Upload page neither at the check nor after the load. Beyond eight
    the page and the summary count the rest."""
    from etl.messages import same

    changes = [same(f"weight of w{i}: 0.1 → 0.2") for i in range(10)]
    done = LoadResult("sys.csv", "indicators", "loaded", rows=1, load_id=5, system_changes=changes)
    [(kind, said)] = upload_view.load_messages(EN, [done])
    listed = "; ".join(f"weight of w{i}: 0.1 → 0.2" for i in range(8))
    # Markdown-escaped (ui.literal: the names are the file's); read as shown
    assert kind == "ok" and said.replace("\\", "").endswith(f"Changed: {listed} and 2 more.")
    assert done.summary_text().en.endswith(
        "; changes: " + "; ".join(f"weight of w{i}: 0.1 → 0.2" for i in range(8)) + " and 2 more"
    )


def test_a_system_loads_withdrawal_says_what_it_puts_back():
    """Trial (session 59): the page said the rows a withdrawn system load restored, not the
    weight back in force (0.25 → 0.2); it says the values as the load's check did."""
    from etl.messages import msg

    back = msg(
        "load.change_weight",
        indicator="检查得分率",
        since="2025Q2",
        group="",
        was="0.25",
        now="0.2",
    )
    done = Withdrawal(2, 1, kind="indicators", removed_of={"indicators": 1}, changes=(back,))
    kind, said = upload_view.withdraw_message(ZH, 7, done)
    assert kind == "ok"
    assert said == (
        "批次 7 已撤回：删除 2 行，恢复被替换的 1 行。"
        "变更：检查得分率权重（自 2025Q2 起）0\\.25 → 0\\.2。"  # Markdown: 0.25 shown
    )
    _, said = upload_view.withdraw_message(EN, 7, done)
    assert said == (
        "Load 7 withdrawn: 2 rows removed, 1 replaced row restored. Changed: weight of 检查得分率 "
        "from 2025Q2\\: 0\\.25 → 0\\.2."
    )
