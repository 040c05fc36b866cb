"""Reading real files: encodings, Excel, title rows, blank rows, noisy cells, quarters,
kinds detected from headers. Expected values are written out from the inputs by hand."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
import xlsxwriter
from etl_helpers import (
    fixture_bytes,
    fixture_problems,
    parse,
    problems_of,
    unreadable_compound_file,
)
from test_workbook_formulas import rewritten

from etl.encrypted_workbook import is_encrypted_workbook
from etl.problems import FileRejected
from etl.read import WorkbookSheets, read_file, sheets_to_load
from i18n import voice

ACTIVITIES_HEADER = "单位编码,季度,活动类型,次数,参与人数,志愿服务时长"


def xlsx(*sheets: tuple[str, list[tuple[int, list]]]) -> bytes:
    """A workbook from (sheet name, [(0-based row, cells)]) pairs; datetimes become date cells."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for at, cells in rows:
            for col, value in enumerate(cells):
                if isinstance(value, datetime):
                    sheet.write_datetime(at, col, value, day)
                elif value is not None:
                    sheet.write(at, col, value)
    book.close()
    return buffer.getvalue()


# --- encodings ------------------------------------------------------------------------------


def test_utf8_is_read_without_being_told():
    text = ACTIVITIES_HEADER + "\nH001,2025Q3,义诊,2,30,\n"
    raw = read_file(text.encode("utf-8"), "a.csv")
    assert raw.encoding == "utf-8-sig"
    assert parse(text)["activity_type"].to_list() == ["义诊"]


def test_utf8_with_bom_keeps_the_first_header_recognisable():
    data = (
        "unit_code,quarter,activity_type,sessions,participants\nH001,2025Q3,义诊,2,30\n"
    ).encode("utf-8-sig")
    frame = parse(data)
    assert frame["unit_code"].to_list() == ["H001"]


def test_gbk_is_detected():
    data = (ACTIVITIES_HEADER + "\nT001,2025Q3,送医下乡,3,45,\n").encode("gbk")
    raw = read_file(data, "a.csv")
    assert raw.encoding == "gb18030"  # the superset of GBK
    assert raw.kind == "activities"
    assert parse(data)["activity_type"].to_list() == ["送医下乡"]


def test_gb18030_character_outside_gbk_survives():
    frame = parse(fixture_bytes("activities_gb18030.csv"))
    # the fixture's 义诊（𠮷祥村）, 𠮷 (U+20BB7) included, stored as written: an activity type
    # is free text, so its full-width brackets stay (issue 11; they were made half-width before)
    assert frame["activity_type"].to_list() == ["义诊（𠮷祥村）", "志愿服务"]
    assert frame["participants"].to_list() == [45, 1020]


def test_gbk_below_a_plain_ascii_head_is_still_read_as_gbk(monkeypatch):
    """Only the head of a file is decoded up front; GBK bytes after a head that happens to be
    plain ASCII (English headers, ASCII rows) must still be read as GBK, not refused."""
    from etl import read

    ascii_rows = "".join(f"H001,2025Q{q},volunteer,1,2,\n" for q in (1, 2, 3))
    text = "unit_code,quarter,activity_type,sessions,participants,volunteer_hours\n" + ascii_rows
    data = (text + "T001,2025Q3,送医下乡,3,45,\n").encode("gbk")
    monkeypatch.setattr(read, "HEAD_CHARS", len(text.encode()))
    raw = read_file(data, "a.csv")
    assert raw.encoding == "gb18030"
    assert raw.frame["activity_type"].to_list()[-1] == "送医下乡"


@pytest.mark.parametrize("cut", range(1, 4))
def test_utf8_character_cut_by_the_head_is_read_whole(monkeypatch, cut):
    """The head ends inside a three-byte character: the head decoder must not call the file
    non-UTF-8, and the character must arrive whole."""
    from etl import read

    first = ACTIVITIES_HEADER + "\nH001,2025Q3,"
    monkeypatch.setattr(read, "HEAD_CHARS", len(first.encode()) + cut)
    text = first + "义诊,2,30,\nH002,2025Q3,志愿服务,1,5,\n"
    raw = read_file(text.encode("utf-8"), "a.csv")
    assert raw.encoding == "utf-8-sig"
    assert raw.frame["activity_type"].to_list() == ["义诊", "志愿服务"]


# --- Excel ----------------------------------------------------------------------------------


def test_xlsx_first_sheet_with_empty_rows_merged_title_and_date_cells():
    frame = parse(fixture_bytes("activities.xlsx"), "activities.xlsx", sheet="三季度")
    assert frame["unit_code"].to_list() == ["H001", "C001", "C001"]
    # a real date cell, a text 2025/9/5, a text 2025.08.15
    assert frame["activity_date"].to_list() == [
        date(2025, 7, 12),
        date(2025, 9, 5),
        date(2025, 8, 15),
    ]
    assert frame["quarter"].to_list() == ["2025Q3"] * 3  # derived from the dates
    assert frame["sessions"].to_list() == [12, 2, 1]  # 12.0 stored by Excel → 12
    assert frame["participants"].to_list() == [30, 80, 15]  # 80 typed as text in its cell
    assert frame["volunteer_hours"].to_list() == [96.5, None, None]
    # sheet rows: 1–2 empty, 3 merged title, 4 header, 5 and 6 data, 7 blank, 8 data
    assert frame["_row"].to_list() == [5, 6, 8]


def test_a_workbook_with_several_data_sheets_is_read_sheet_by_sheet_not_whole():
    """Reading only the first would leave the others out unnoticed: the loaders load each
    (``sheets_to_load``), naming it; read whole, such a workbook is refused."""
    data = fixture_bytes("activities.xlsx")
    [problem] = problems_of(data, "activities.xlsx")
    assert "several sheets of the workbook hold data (三季度, 二季度)" in problem.expected
    assert "--sheet" in problem.expected
    assert sheets_to_load(data, "activities.xlsx") == WorkbookSheets(("三季度", "二季度"))


def test_the_sheets_to_load_are_the_visible_tables_the_hidden_ones_named():
    """An instructions sheet is passed over, and a hidden old copy named to be said; a file
    read as one table (a CSV file, a workbook with one table, a sheet named) has none."""
    header = (0, ["单位编码", "季度", "活动类型", "次数", "参与人数"])
    book = xlsx(
        ("填表说明", [(0, ["填表说明：每个街道一张表"])]),
        ("东街", [header, (1, ["H001", "2025Q3", "义诊", 2, 30])]),
        ("旧表", [header, (1, ["H001", "2025Q2", "义诊", 1, 10])]),
        ("西街", [header, (1, ["C001", "2025Q3", "义诊", 1, 20])]),
    )
    hidden = hide_sheet(book, "旧表")
    found = sheets_to_load(hidden, "街道.xlsx")
    assert found == WorkbookSheets(("东街", "西街"), ("旧表",))
    assert found.said("街道.xlsx").zh == (
        "街道.xlsx：工作簿中有 2 个工作表含数据表（东街、西街），逐个作为单独的上传："
        "每个工作表各自检查，各自上传或被拒绝；隐藏的工作表“旧表”也有数据表，未载入；"
        "如需载入，请指定该工作表（命令行 --sheet 工作表名，或上传页面的“工作表”选项）"
    )
    assert sheets_to_load(book, "街道.xlsx").sheets == ("东街", "旧表", "西街")  # all shown
    assert sheets_to_load(hidden, "街道.xlsx", sheet="西街") is None
    assert sheets_to_load(b"unit_code,quarter\nH001,2025Q3\n", "a.csv") is None
    one = xlsx(
        ("填表说明", [(0, ["说明"])]), ("数据", [header, (1, ["H001", "2025Q3", "义诊", 2, 30])])
    )
    assert sheets_to_load(one, "a.xlsx") is None


def hide_sheet(data: bytes, name: str) -> bytes:
    """The workbook with sheet ``name`` hidden (saved again by openpyxl)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    book[name].sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_one_data_sheet_is_found_behind_an_instructions_sheet():
    book = xlsx(
        ("填表说明", [(0, ["填表说明：单位编码按统一编码填写；季度如 2025Q3"])]),
        (
            "数据",
            [
                (0, ["单位编码", "季度", "活动类型", "次数", "参与人数"]),
                (1, ["H001", "2025Q3", "义诊", 2, 30]),
            ],
        ),
    )
    raw = read_file(book, "book.xlsx")
    assert (raw.chosen_sheet, raw.first_data_row) == ("数据", 2)
    assert parse(book, "book.xlsx")["participants"].to_list() == [30]


def test_a_workbook_of_another_kind_behind_an_instructions_sheet_is_told_its_kind():
    """Trial (session 60): an inspections workbook with a 填表说明 sheet first, loaded as
    surveys, was told only "no header row found in the first 30 rows" (of the instructions
    sheet, the data sheet never read); its data sheet alone was told which kind it looks
    like. Both are now."""
    header = ["单位编码", "检查日期", "检查类型", "检查项目", "得分", "满分"]
    data = ("数据", [(0, header), (1, ["H001", "2025-08-28", "暗访", "控烟工作", 8, 10])])
    hint = (
        "the file looks like a 检查结果 (inspections) file, but it was loaded as 满意度调查 "
        "(surveys): choose its kind again (or leave it to be recognised)"
    )
    alone = xlsx(data)
    behind = xlsx(("填表说明", [(0, ["填表说明：单位编码按统一编码填写；季度如 2025Q3"])]), data)
    for book in (alone, behind):
        [problem] = problems_of(book, "book.xlsx", kind="surveys")
        assert problem.expected.startswith("no header row found in the first 30 rows")
        assert problem.expected.endswith(hint)


def test_a_tab_separated_gbk_export_named_xls_is_read_as_text():
    # what many reporting systems' 导出Excel buttons save: text, named .xls
    text = "单位编码\t季度\t活动类型\t次数\t参与人数\r\nH001\t2025Q3\t义诊\t2\t30\r\n"
    frame = parse(text.encode("gbk"), "导出.xls")
    assert frame.select("unit_code", "activity_type", "participants").rows() == [
        ("H001", "义诊", 30)
    ]


def test_a_web_page_named_xls_is_read_as_excel_opens_it():
    # a title cell spanning the table, the header, a row, then a bad row (spreadsheet row 4)
    page = (
        '<html><head><meta charset="gbk"><style>td { color: red }</style></head><body>'
        '<table><tr><td colspan="5">2025年第三季度  活动统计</td></tr>'
        "<tr><th>单位编码</th><th>季度</th><th>活动类型</th><th>次数</th><th>参与人数</th></tr>"
        "<tr><td>H001</td><td>2025Q3</td><td>\n  义诊 </td><td>2</td><td>30</td></tr>"
        "<tr><td>T001</td><td>2025Q3</td><td>义诊</td><td>x</td><td>5</td></tr>"
        "</table></body></html>"
    ).encode("gbk")
    [problem] = problems_of(page, "export.xls")
    assert (problem.row, problem.column, problem.value) == (4, "次数 (sessions)", "x")
    good = page.replace(b"<td>x</td>", b"<td>1</td>")
    frame = parse(good, "export.xls")
    assert frame.select("unit_code", "activity_type", "sessions", "_row").rows() == [
        ("H001", "义诊", 2, 3),
        ("T001", "义诊", 1, 4),
    ]


def test_a_web_page_header_spanning_rows_keeps_each_name_over_its_column():
    """Reporting systems export a two-row header with rowspan and colspan: the names under
    调查结果 stay under it, as Excel lays them out (they once moved left by three columns)."""
    page = (
        "<table><tr><td rowspan=2>单位编码</td><td rowspan=2>季度</td><td rowspan=2>调查类型</td>"
        "<td colspan=2>调查结果</td><td rowspan=2>备注</td></tr>"
        "<tr><td>样本量</td><td>满意人数</td></tr>"
        "<tr><td>C001</td><td>2025Q3</td><td>公众</td><td>90</td><td>81</td><td>抽样</td></tr>"
        "</table>"
    )
    # no charset declared, in UTF-8 or GBK: read as a text file is (it was read as Latin-1)
    for encoding in ("utf-8", "gbk"):
        frame = parse(page.encode(encoding), "export.xls")
        assert frame.select("_row", "unit_code", "respondents", "satisfied").rows() == [
            (3, "C001", 90, 81)
        ]


def test_a_damaged_workbook_is_said_in_one_line_with_the_fix():
    [problem] = problems_of(b"PK\x03\x04" + b"\x00" * 200, "damaged.xlsx")
    assert problem.expected.startswith("not a readable Excel workbook (")
    assert problem.expected.endswith(
        "open it in Excel or WPS and save it again, or if it will not open, ask the sender for "
        "the file again"
    )
    assert "\n" not in problem.expected and "Context" not in problem.expected


def test_a_workbook_cut_short_says_it_may_be_damaged_in_both_languages():
    """A download cut off halfway: the reader's detail is kept in brackets, and the Chinese
    sentence says without it what is wrong and what to do."""
    whole = xlsx(("Sheet1", [(0, ["单位编码", "季度", "活动类型", "次数", "参与人数"])]))
    [problem] = problems_of(whole[: len(whole) // 2], "活动.xlsx")
    assert (problem.file, problem.row, problem.value) == ("活动.xlsx", None, "")
    assert problem.text.key == "file.excel_unreadable"
    detail = problem.expected_zh[problem.expected_zh.index("（") : problem.expected_zh.index("）")]
    assert detail.startswith("（calamine error")  # the library's words, only in the brackets
    assert problem.expected_zh.replace(detail + "）", "") == (
        "无法读取该 Excel 工作簿：文件可能已损坏，或并不是 Excel 工作簿；请用 Excel 或 WPS "
        "打开并重新保存后再上传，若无法打开，请向报送单位重新索取文件"
    )
    assert "it may be damaged, or not a workbook" in problem.expected


@pytest.mark.parametrize("name", ["活动.xlsx", "活动.csv"])
def test_a_workbook_with_an_open_password_is_told_to_remove_it_not_to_save_it_again(name):
    # encrypted with the password 123456 (tests/fixtures/etl/make_office_fixtures.py);
    # re-saving keeps the password, so the damaged workbook's fix would lead nowhere
    [problem] = problems_of(fixture_bytes("activities_password.xlsx"), name)
    assert (problem.file, problem.row, problem.column, problem.value) == (name, None, None, "")
    assert problem.expected_zh == (
        "该 Excel 文件设有打开密码，系统无法读取：请在 Excel 中取消密码（文件 → 信息 → 保护工作簿 "
        "→ 用密码进行加密，清空密码）并保存后重新上传"
    )
    assert problem.expected == (
        "the Excel file is protected by an open password, so it cannot be read: remove the "
        "password in Excel (File → Info → Protect Workbook → Encrypt with Password, clear the "
        "password), save it and upload it again"
    )


@pytest.mark.parametrize("name", ["activities.xls", "活动.et", "活动模板.ett"])
def test_a_real_xls_with_a_title_row_is_read(name):
    """Excel 97–2003 format (BIFF8, made with xlwt): also an OLE compound file, not encrypted.
    WPS 表格 saves its own .et (and templates .ett) the same way, a BIFF8 Workbook stream in
    a compound file, and they are read as an .xls is."""
    frame = parse(fixture_bytes("activities.xls"), name)
    assert frame["unit_code"].to_list() == ["H001", "T001"]
    assert frame["quarter"].to_list() == ["2025Q3", "2025Q3"]
    assert frame["activity_type"].to_list() == ["义诊", "健康讲座"]
    assert frame["sessions"].to_list() == [2, 1]
    assert frame["participants"].to_list() == [30, 45]
    assert frame["_row"].to_list() == [3, 4]  # row 1 the title, row 2 the header


def test_an_et_file_the_reader_cannot_read_is_named_a_wps_file_to_save_as_xlsx():
    """A WPS 表格 file the reader cannot read (a compound file with no Workbook stream it
    knows, as a form of WPS's own would be) was said to be a damaged Excel workbook, to open
    "in Excel or WPS and save it again": it is named a WPS file, to be saved as .xlsx in WPS.
    Named .xls, the same bytes are still a damaged Excel workbook."""
    data = unreadable_compound_file()
    [problem] = problems_of(data, "活动.et")
    assert problem.text.key == "file.wps_unreadable"
    assert problem.expected_zh.startswith("无法读取该 WPS 表格文件（calamine error")
    assert problem.expected_zh.endswith(
        "请在 WPS 中打开它，点“文件 → 另存为”，文件类型选“Excel 工作簿（*.xlsx）”，"
        "然后上传另存的 .xlsx 文件"
    )
    assert problem.expected.endswith(
        "save it as an Excel workbook (*.xlsx), and upload that .xlsx file"
    )
    [as_xls] = problems_of(data, "活动.xls")
    assert as_xls.text.key == "file.excel_unreadable"


def test_an_xlsx_as_wps_writes_it_keeps_its_text_as_written_and_reads_a_formulas_result():
    """surveys_wps.xlsx, as WPS 表格 saves an .xlsx (inline strings, figures typed as text,
    a formula with its saved result): the code 0101 stays 0101, the figures typed as text
    read as numbers, =D2*0.9 as its result 90. Without that result the formula is refused,
    as any workbook's is."""
    data = fixture_bytes("surveys_wps.xlsx")
    frame = parse(data, "surveys_wps.xlsx", known_units={"0101", "T001"})
    assert frame.select("unit_code", "quarter", "survey_type").rows() == [
        ("0101", "2025Q3", "门诊"),
        ("T001", "2025Q3", "住院"),
    ]
    assert frame["respondents"].to_list() == [100, 50]
    assert frame["satisfied"].to_list() == [90, 45]
    unsaved = rewritten(
        data, lambda name, xml: xml.replace(b"<f>D2*0.9</f><v>90</v>", b"<f>D2*0.9</f>")
    )
    [problem] = problems_of(unsaved, "surveys_wps.xlsx", known_units={"0101", "T001"})
    assert (problem.row, problem.column) == (2, "满意人数 (satisfied)")
    assert problem.text.key == "cell.formula_not_calculated"
    assert "E2" in problem.expected


def test_the_encryption_streams_are_found_only_as_directory_entries():
    """A workbook is encrypted when its compound file's directory names the two streams: the
    names written elsewhere (in a cell's text) do not make it so."""
    xls = fixture_bytes("activities.xls")
    assert not is_encrypted_workbook(xls)
    assert is_encrypted_workbook(fixture_bytes("activities_password.xlsx"))
    entries = stream_entry("EncryptionInfo") + stream_entry("EncryptedPackage")
    assert len(xls) % 128 == 0
    assert not is_encrypted_workbook(xls + b"\0" * 3 + entries)  # off the 128-byte grid
    assert is_encrypted_workbook(xls + entries)  # on the grid: directory entries


def stream_entry(name: str) -> bytes:
    """A compound file's 128-byte directory entry of a stream: its name in UTF-16LE ending in
    a zero character, the name's length in bytes, the type 2 (stream), the rest zeros."""
    encoded = name.encode("utf-16-le") + b"\0\0"
    entry = encoded.ljust(64, b"\0") + len(encoded).to_bytes(2, "little") + b"\x02"
    return entry.ljust(128, b"\0")


def test_xlsx_named_sheet():
    frame = parse(fixture_bytes("activities.xlsx"), "activities.xlsx", sheet="二季度")
    assert frame.select("unit_code", "quarter", "activity_type", "sessions").rows() == [
        ("T001", "2025Q2", "送医下乡", 4)
    ]


def test_xlsx_unknown_sheet_names_the_sheets_there_are():
    with pytest.raises(FileRejected) as rejected:
        read_file(fixture_bytes("activities.xlsx"), "activities.xlsx", sheet="四季度")
    message = str(rejected.value.problems[0])
    assert "activities.xlsx" in message and "四季度" in message
    assert "三季度, 二季度" in message


def test_xlsx_error_row_is_the_spreadsheet_row():
    data = xlsx(
        (
            "数据",
            [
                (1, ["2025年第3季度活动统计"]),
                (3, ["单位编码*", "季度", "活动类型", "次数", "参与人数"]),
                (4, ["H001", "2025Q3", "义诊", 1.0, 10]),
                (6, ["H001", "2025Q3", "健康讲座", -2, 10]),
            ],
        )
    )
    [problem] = problems_of(data, "a.xlsx")
    # row 2 title, row 4 header, row 5 data, row 6 blank, row 7 the bad one
    assert (problem.row, problem.column, problem.value) == (7, "次数 (sessions)", "-2")


def test_xlsx_total_row_is_rejected_with_a_hint():
    data = xlsx(
        (
            "数据",
            [
                (0, ["单位编码", "季度", "活动类型", "次数", "参与人数"]),
                (1, ["H001", "2025Q3", "义诊", 1, 10]),
                (2, ["合计", None, None, 1, 10]),
            ],
        )
    )
    [problem] = problems_of(data, "a.xlsx")
    assert (problem.row, problem.column, problem.value) == (3, "单位编码 (unit_code)", "合计")
    assert "delete the total row" in problem.expected


# --- layout: title rows, blank rows, delimiters, line ends -----------------------------------


def test_title_row_and_blank_rows_keep_spreadsheet_row_numbers():
    text = (
        "城关区2025年第3季度活动统计\n"
        "\n"
        f"{ACTIVITIES_HEADER}\n"
        "H001,2025Q3,义诊,2,30,\n"
        "\n"
        "H001,2025Q3,健康讲座,x,30,\n"
    )
    [problem] = problems_of(text)
    # title 1, blank 2, header 3, data 4, blank 5, bad row 6
    # the column is named as the file heads it, with the contract's name
    assert (problem.row, problem.column, problem.value) == (6, "次数 (sessions)", "x")
    assert "a whole number" in problem.expected


def test_crlf_line_ends_and_blank_rows():
    text = f"{ACTIVITIES_HEADER}\r\nH001,2025Q3,义诊,2,30,\r\n\r\nT001,2025Q3,义诊,1,5,\r\n"
    frame = parse(text.encode("gbk"))
    assert frame.select("unit_code", "_row").rows() == [("H001", 2), ("T001", 4)]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_lines_ended_by_a_carriage_return_alone_are_read(encoding):
    # Excel's "CSV (Macintosh)": no line feed anywhere; rows as the spreadsheet numbers them
    text = f"{ACTIVITIES_HEADER}\rH001,2025Q3,义诊,2,30,\r\rT001,2025Q3,送医下乡,1,5,\r"
    frame = parse(text.encode(encoding))
    assert frame.select("unit_code", "activity_type", "_row").rows() == [
        ("H001", "义诊", 2),
        ("T001", "送医下乡", 4),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_lines_ended_by_a_carriage_return_alone_keep_a_line_break_typed_in_a_cell(encoding):
    """A trial: Excel for Mac's "CSV (Macintosh)" ends its lines with a carriage return and
    keeps a line break typed in a cell (Alt+Enter) as a line feed inside the cell's quotes;
    the file was read as one line and refused as holding no data rows."""
    header = "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述"
    rows = [
        'H001,2025-07-05,暗访,服务态度,8,10,"卫生间异味\n地面湿滑"',
        "T001,2025-07-06,暗访,服务态度,9,10,",
    ]
    for end in ("\r", "\r\n"):  # the last line's end as the trial's file had it, or not
        frame = parse(("\r".join([header, *rows]) + end).encode(encoding))
        assert frame.select("_row", "unit_code", "finding").rows() == [
            (2, "H001", "卫生间异味\n地面湿滑"),
            (3, "T001", None),
        ]


def test_a_quote_never_closed_in_a_large_file_names_its_row():
    """Past 128 KB the rest of the file is one cell too long for Python's CSV reader, which
    looks for the header: a trial's file stopped the command with a traceback."""
    rows = ['H001,2025Q3,"义诊,2,30,'] + ["T001,2025Q3,送医下乡,1,5,"] * 8000  # 200 KB
    [problem] = problems_of(ACTIVITIES_HEADER + "\n" + "\n".join(rows) + "\n")
    assert (problem.row, problem.value) == (2, 'H001,2025Q3,"义诊,2,30,')
    assert "never closed" in problem.expected


def test_a_carriage_return_alone_inside_a_cell_is_part_of_it():
    """A finding pasted from an old system holds a carriage return alone, in a file whose
    lines end in line feeds: a trial's file stopped the command with a traceback (Python's
    CSV reader, looking for the header, refused the line)."""
    raw = read_file(fixture_bytes("inspections_lone_cr.csv"), "inspections_lone_cr.csv")
    assert raw.kind == "inspections"
    frame = parse(fixture_bytes("inspections_lone_cr.csv"))
    assert frame.select("_row", "unit_code", "finding").rows() == [
        (2, "H001", "窗口\r态度生硬"),
        (3, "T001", None),
    ]


def test_a_quote_never_closed_names_its_row_instead_of_the_readers_error():
    rows = (
        ["H001,2025Q3,义诊,2,30,"] * 3 + ['T001,2025Q3,"送医下乡,1,5,'] + ["H001,2025Q4,义诊,2,30,"]
    )
    [problem] = problems_of(ACTIVITIES_HEADER + "\n" + "\n".join(rows) + "\n")
    assert (problem.row, problem.column) == (5, None)  # header 1, rows 2-4, the quote in 5
    assert problem.value == 'T001,2025Q3,"送医下乡,1,5,'
    assert "opens a quote" in problem.expected
    assert "英文引号" in problem.expected_zh


def test_a_cell_quoted_in_a_problem_is_cut_to_200_characters():
    long_type = "义" * 500
    [problem] = problems_of(f"{ACTIVITIES_HEADER}\nH001,2025Q3,{long_type},x,30,\n")
    assert problem.value == "x"
    [problem] = problems_of(f"{ACTIVITIES_HEADER}\nH001,2025Q3,义诊,{'9' * 500},30,\n")
    assert problem.value == "9" * 200 + "…"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimiters(delimiter):
    text = (
        delimiter.join(["单位编码", "季度", "活动类型", "次数", "参与人数"])
        + "\n"
        + delimiter.join(["H001", "2025Q3", "义诊", "1,234", "30"])
        + "\n"
    )
    frame = parse(text)
    assert frame.select("unit_code", "sessions", "participants").rows() == [("H001", 1234, 30)]


def test_total_row_in_csv_is_rejected_never_dropped():
    text = f"{ACTIVITIES_HEADER}\nH001,2025Q3,义诊,2,30,\nT001,2025Q3,义诊,1,5,\n 总 计 ,,,3,35,\n"
    [problem] = problems_of(text)
    assert problem.row == 4 and problem.column == "单位编码 (unit_code)"
    assert "delete the total row" in problem.expected


def test_a_row_split_by_a_comma_in_its_last_cell_is_refused_never_cut():
    # 参与人数 is the 5th of six columns; row 3 has a seventh cell: 导医 typed "2,5" unquoted
    text = f"{ACTIVITIES_HEADER}\nH001,2025Q3,义诊,2,30,\nT001,2025Q3,义诊,1,5,2,5\n"
    [problem] = problems_of(text)
    assert (problem.row, problem.value) == (3, "5")
    assert "this row has 7 cells but the header has 6 columns" in problem.expected
    assert "double quotes" in problem.expected


def test_every_overflowing_row_is_named_with_what_lies_beyond():
    rows = ["H001,2025Q3,义诊,2,30,"] * 4 + ["H001,2025Q4,义诊,2,30,1,x, y "] * 2
    [first, second] = problems_of(ACTIVITIES_HEADER + "\n" + "\n".join(rows) + "\n")
    assert (first.row, second.row) == (6, 7)
    assert first.value == "x | y"  # cells 7 and 8, padding trimmed; the 1 is in column 6
    assert "8 cells" in first.expected


def test_trailing_empty_cells_beyond_the_header_are_no_problem():
    text = f"{ACTIVITIES_HEADER}\nH001,2025Q3,义诊,2,30,,,,\nT001,2025Q3,义诊,1,5,\n"
    frame = parse(text)
    assert frame.select("unit_code", "sessions").rows() == [("H001", 2), ("T001", 1)]


# --- cells ------------------------------------------------------------------------------------


def test_padded_cells_and_full_width_digits_and_spaces():
    text = f"{ACTIVITIES_HEADER}\n  H001\u3000, 2025Q3 ,\u3000义诊 ,１２,\uff13\uff10,１.５\n"
    frame = parse(text)
    assert frame.select(
        "unit_code", "quarter", "activity_type", "sessions", "participants", "volunteer_hours"
    ).rows() == [("H001", "2025Q3", "义诊", 12, 30, 1.5)]


def test_thousands_separators():
    text = f'{ACTIVITIES_HEADER}\nH001,2025Q3,志愿服务,"1,234","12,345,678","1,234.5"\n'
    frame = parse(text)
    assert frame.select("sessions", "participants", "volunteer_hours").rows() == [
        (1234, 12345678, 1234.5)
    ]


def test_thousands_grouped_by_spaces_are_read_and_other_spaces_inside_a_number_refused():
    text = f"{ACTIVITIES_HEADER}\nH001,2025Q3,志愿服务,2,1 234,1 234.5\n"
    assert parse(text).select("participants", "volunteer_hours").rows() == [(1234, 1234.5)]
    # 1 2 could be 12 or two numbers typed in one cell: asked, never guessed
    text = f"{ACTIVITIES_HEADER}\nH001,2025Q3,义诊,1 2,30,\nT001,2025Q3,义诊,2,12 34,\n"
    problems = problems_of(text)
    assert [(p.row, p.value) for p in problems] == [(2, "1 2"), (3, "12 34")]
    assert all("a whole number" in p.expected for p in problems)


def test_percent_means_points_for_a_survey_score():
    text = "单位编码,季度,调查类型,样本量,满意度得分\nT001,2025Q3,公众,60,95%\n"
    text += "H001,2025Q3,公众,60,87.5\nH001,2025Q3,门诊,60,91 %\n"
    assert parse(text)["score"].to_list() == [95.0, 87.5, 91.0]


def test_percent_means_a_fraction_for_a_weight_and_a_target():
    text = (
        "indicator_code,name_zh,name_en,domain,direction,weight,unit,from_quarter,target\n"
        "r,得分率,Score rate,inspection,higher,25%,rate,2025Q1,92.5%\n"
    )
    frame = parse(text)
    assert frame.select("weight", "target").rows() == [(0.25, 0.925)]


def test_percent_is_refused_where_it_means_nothing():
    [problem] = problems_of(f"{ACTIVITIES_HEADER}\nH001,2025Q3,义诊,95%,30,\n")
    assert (problem.row, problem.column, problem.value) == (2, "次数 (sessions)", "95%")


def test_excel_style_whole_numbers_with_a_decimal_zero():
    frame = parse(f"{ACTIVITIES_HEADER}\nH001,2025Q3,义诊,12.0,30.00,\n")
    assert frame.select("sessions", "participants").rows() == [(12, 30)]


@pytest.mark.parametrize(
    "written",
    [
        "2025Q3",
        "2025-Q3",
        "2025q3",
        "2025 Q3",
        "Q3 2025",
        "2025年第3季度",
        "2025年三季度",
        "2025年第三季度",
        "2025年3季度",
        "２０２５Ｑ３",
    ],
)
def test_quarter_spellings(written):
    frame = parse(f"{ACTIVITIES_HEADER}\nH001,{written},义诊,1,5,\n")
    assert frame["quarter"].to_list() == ["2025Q3"]


@pytest.mark.parametrize(
    "written",
    [
        "2025-08-15",
        "2025/8/15",
        "2025.08.15",
        "2025年8月15日",
        "20250815",
        "2025-08-15 00:00:00",
        "2025/08/15 09:30",
    ],
)
def test_date_spellings_and_quarter_derived_from_the_date(written):
    text = f"单位编码,活动日期,活动类型,次数,参与人数\nH001,{written},义诊,1,5\n"
    frame = parse(text)
    assert frame.select("activity_date", "quarter").rows() == [(date(2025, 8, 15), "2025Q3")]


def test_a_day_in_a_quarter_column_of_figures_is_refused_alike_in_a_csv_and_a_workbook():
    """A survey's quarter given as a day (2025-11-15) was read as the quarter it falls in, but
    a quarter column holds a whole quarter's figures and a day there is as unclear as a month
    (the day of the survey? of the report?): refused as the month is, naming the quarter it
    falls in (Q4) and what to write, whether typed in a CSV or stored as a date in an .xlsx or
    an old binary .xls (surveys_months.xls, C001's 季度 under yyyy-mm-dd). A registry's
    生效日期 still reads as its quarter (tests/etl/test_dated_loads.py)."""
    import datetime as dt

    import xlsxwriter

    [typed] = problems_of("单位编码,季度,调查类型,样本量,满意人数\nH001,2025-11-15,门诊,100,90\n")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["单位编码", "季度", "调查类型", "样本量", "满意人数"])
    sheet.write_row(1, 0, ["H001", None, "门诊", 100, 90])
    sheet.write_datetime(1, 1, dt.datetime(2025, 11, 15), book.add_format({"num_format": 14}))
    book.close()
    [stored] = problems_of(buffer.getvalue(), "surveys.xlsx")
    old = {p.row: p for p in fixture_problems("surveys_months.xls")}[4]
    assert (typed.row, typed.column, typed.value) == (2, "季度 (quarter)", "2025-11-15")
    assert (stored.row, stored.column) == (2, "季度 (quarter)")
    assert (old.row, old.column) == (4, "季度 (quarter)")
    for problem in (stored, old):
        # as the sheet shows it, not as the reader gives it (2025-11-15 00:00:00)
        assert problem.value == "2025-11-15"
        assert (problem.expected, problem.expected_zh) == (typed.expected, typed.expected_zh)
    assert typed.expected == (
        "a date where the quarter is asked (the day is in Q4), and the figures of a row are a "
        "whole quarter's: a day does not say whose day it is (the survey's? the report's?); "
        "write the quarter, the year as written, such as 2025Q4"
    )


# --- headers and kinds ----------------------------------------------------------------------

KIND_HEADERS = {
    "units": (
        "单位编码,单位名称,区县,单位类别,职工人数",
        "unit_code,unit_name,district,peer_group,staff_count",
    ),
    "inspections": (
        "单位编码,检查日期,检查类型,检查项目,得分,满分",
        "unit_code,inspection_date,inspection_type,item,score,max_score",
    ),
    "surveys": (
        "单位编码,季度,调查类型,样本量,满意人数",
        "unit_code,quarter,survey_type,respondents,satisfied",
    ),
    "activities": (
        "单位编码,季度,活动类型,次数,参与人数",
        "unit_code,quarter,activity_type,sessions,participants",
    ),
    "indicators": (
        "指标编码,指标名称,英文名称,领域,方向,权重",
        "indicator_code,name_zh,name_en,domain,direction,weight",
    ),
}


@pytest.mark.parametrize("kind", list(KIND_HEADERS))
@pytest.mark.parametrize("language", [0, 1], ids=["chinese", "english"])
def test_kind_is_detected_from_headers(kind, language):
    header = KIND_HEADERS[kind][language]
    assert read_file(f"{header}\n".encode(), "x.csv").kind == kind


def test_header_marks_units_and_line_breaks_do_not_matter():
    text = (
        '"单位编码*",季度 ,活动类型＊,"次数\n(次)",参与人数（人）,志愿服务时长（小时）\n'
        "H001,2025Q3,义诊,2,30,4.5\n"
    )
    raw = read_file(text.encode(), "x.csv")
    assert raw.kind == "activities" and raw.ignored_columns == []
    assert parse(text)["volunteer_hours"].to_list() == [4.5]


def test_unknown_columns_are_ignored_and_reported():
    raw = read_file(f"{ACTIVITIES_HEADER},备注\nH001,2025Q3,义诊,1,5,,好\n".encode(), "x.csv")
    assert raw.ignored_columns == ["备注"]


def test_missing_required_column_is_named():
    problems = problems_of("单位编码,季度,活动类型,次数\nH001,2025Q3,义诊,1\n")
    assert [(p.row, p.column) for p in problems] == [(None, "参与人数 (participants)")]
    assert "参与人数" in problems[0].expected


def test_a_missing_column_is_named_in_chinese_on_a_chinese_line():
    [problem] = problems_of("单位编码,季度,活动类型,次数\nH001,2025Q3,义诊,1\n", "a.csv")
    # the Chinese line names the column in Chinese only; the English one adds its contract name
    assert problem.describe("zh").startswith("a.csv，列 参与人数：")
    assert problem.describe("en").startswith("a.csv, column 参与人数 (participants): ")
    assert problem.as_dict("zh")["column"] == "参与人数"


def test_a_missing_column_names_its_other_spellings_and_the_headers_not_recognised():
    [problem] = problems_of("单位编码,季度,活动内容,次数,参与人数\nH001,2025Q3,义诊,1,2\n")
    assert problem.column == "活动类型 (activity_type)"
    assert problem.expected == (
        "required column missing: add a column headed 活动类型 or activity_type (also accepted: "
        "活动名称, 活动形式, 活动类别, 类型); the file's headers not recognised: 活动内容. If one "
        "of them is the missing column, head it as above"
    )
    assert "文件中以下列名未能识别：活动内容" in problem.expected_zh


def test_two_columns_with_one_meaning():
    problems = problems_of(
        "单位编码,unit_code,季度,活动类型,次数,参与人数\nH001,H001,2025Q3,义诊,1,5\n"
    )
    assert problems[0].column == "单位编码 (unit_code)" and "keep one" in problems[0].expected


def test_a_column_headed_by_its_own_name_wins_over_another_spelling_beside_it():
    # a national form's 机构代码 (another accepted spelling of unit_code) beside the bureau's
    text = "机构代码,单位编码,季度,活动类型,次数,参与人数\n12620100MB0001,H001,2025Q3,义诊,1,5\n"
    raw = read_file(text.encode(), "f.csv")
    assert raw.ignored_columns == ["机构代码"]
    assert parse(text).select("unit_code", "sessions").rows() == [("H001", 1)]
    # two other spellings of one column: which one is meant is the user's to say
    problems = problems_of(
        "机构代码,单位代码,季度,活动类型,次数,参与人数\nH001,H001,2025Q3,义诊,1,5\n"
    )
    assert "keep one" in problems[0].expected


def test_a_figure_or_a_date_headed_twice_is_the_users_to_choose_even_under_its_own_name():
    """Trial (session 60): an inspection form with 标准分 10 beside 满分 100 (both headings of
    max_score) loaded 100 as the maximum, 标准分 only listed as ignored; 得分 beside 实得分 and
    a form's 日期 beside 检查日期 likewise. Which figure is meant is not the reader's guess."""
    header = "单位编码,检查日期,检查类型,检查项目,标准分,满分,得分\n"
    problems = problems_of(header + "H001,2025-08-28,暗访,控烟工作,10,100,87\n")
    assert [(p.column, p.value) for p in problems] == [("满分 (max_score)", "满分")]
    assert problems[0].expected == (
        "two columns mean max_score: '标准分 (column E)' and '满分 (column F)'; keep one"
    )
    dated = "单位编码,日期,检查日期,检查类型,检查项目,得分,满分\n"
    problems = problems_of(dated + "H001,2025-09-30,2025-08-28,暗访,控烟工作,8,10\n")
    assert [p.column for p in problems] == ["检查日期 (inspection_date)"]
    # a code beside another code system's keeps its own name's (above): codes never clash


def test_a_file_loaded_as_the_wrong_kind_says_which_kind_it_looks_like():
    text = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,40,36\n"
    [problem] = problems_of(text, kind="inspections")
    assert problem.expected.endswith(
        "; the file looks like a 满意度调查 (surveys) file, but it was loaded as 检查结果 "
        "(inspections): "
        "choose its kind again (or leave it to be recognised)"
    )
    assert "该文件看起来是满意度调查文件" in problem.expected_zh


def test_no_header_row():
    problems = problems_of("a,b,c\n1,2,3\n", "x.csv")
    assert "no header row found" in problems[0].expected
    assert "survey platform" not in problems[0].expected


def test_a_survey_platforms_export_of_answers_is_told_to_be_summed_up():
    """Trial (session 56): a 问卷星 export (序号, 提交答卷时间, 所用时间 …, then the questions)
    was told only that no header row was found."""
    export = (
        "序号,提交答卷时间,所用时间,来源,来自IP,1、您就诊的单位,2、您就诊的类型,3、您的总体满意度\n"
        "1,2025/10/2 9:01:11,85秒,微信,1.2.3.4,兰州市城关第一医院,门诊,满意\n"
    )
    [problem] = problems_of(export, "问卷星导出.csv")
    assert problem.expected.startswith("no header row found")
    assert problem.expected.endswith(
        "the file looks like a survey platform's export of answers (问卷星: a row per "
        "respondent, a column per question): sum it up to a row per unit, quarter and survey "
        "type, the answers counted as respondents and those answering 满意 or 非常满意 as "
        "satisfied, and upload that"
    )


def test_a_file_of_another_kind_and_a_pivot_table_are_told_what_they_are():
    """Trial (session 57): a staff roster, its header in row 1, and a pivot table's layout were
    both told only that no header row was found."""
    roster = "姓名,性别,出生日期,科室,职称\n张三,男,1980-01-01,内科,主治医师\n"
    [problem] = problems_of(roster, "职工花名册.csv")
    assert problem.expected.endswith(
        "; row 1 looks like a header (姓名、性别、出生日期、科室、职称…) but names no column "
        "of any kind of file Civbench loads: the file may be none of a unit registry, "
        "inspections, surveys, activities or an indicator system"
    )
    assert "第 1 行像是表头（姓名、性别、出生日期、科室、职称……）" in problem.expected_zh
    pivot = "求和项:样本量,列标签,,\n行标签,门诊,住院,总计\nH001,960,1014,1974\n"
    [problem] = problems_of(pivot, "透视表.csv")
    assert problem.expected.endswith(
        "; the file looks like an Excel pivot table (Sum of, Row Labels…), a summary: upload "
        "the table it sums instead (a row per unit, quarter…)"
    )
    # a head of numbers is no header of another kind
    [problem] = problems_of("1,2,3\n4,5,6\n", "x.csv")
    assert "looks like a header" not in problem.expected


def test_empty_file():
    assert "empty" in problems_of(b"  \n", "x.csv")[0].expected


def test_file_with_only_a_header_has_no_data_rows():
    assert "no data rows" in problems_of(f"{ACTIVITIES_HEADER}\n\n")[0].expected


def test_utf16_tab_separated_unicode_text_from_excel():
    text = "单位编码\t季度\t活动类型\t次数\t参与人数\r\nH001\t2025Q3\t义诊\t2\t30\r\n"
    frame = parse(text.encode("utf-16"))  # with its byte-order mark, as Excel writes it
    assert frame.select("unit_code", "activity_type", "sessions").rows() == [("H001", "义诊", 2)]


def test_the_dos_end_of_file_mark_after_the_last_line_is_no_row():
    """A trial's CSV ended in Ctrl+Z, as DOS tools and Windows' copy in text mode end a file:
    it was read as a last row whose unit code was that character, refused with four empty
    required cells."""
    frame = parse(fixture_bytes("surveys_dos_eof.csv"))
    assert frame.select("_row", "unit_code", "respondents").rows() == [(2, "H001", 100)]


def test_a_file_of_two_encodings_is_refused_naming_a_line_of_each():
    """A trial's CSV: a GBK file and rows of a UTF-8 one put together. Read as GB18030, the
    UTF-8 row's 义诊 loaded as 涔夎瘖, unseen; put the other way round, the file was said to
    have no header."""
    gbk_first = fixture_bytes("activities_mixed_encodings.csv")
    [problem] = problems_of(gbk_first)
    assert problem.row is None
    assert "line 3 is UTF-8 text but line 1 is not" in problem.expected
    assert "第 3 行是 UTF-8 编码的文字，第 1 行却不是" in problem.expected_zh
    header, gbk_row, utf8_row = gbk_first.split(b"\r\n")[:3]
    utf8_first = header.decode("gbk").encode() + b"\r\n" + utf8_row + b"\r\n" + gbk_row + b"\r\n"
    [problem] = problems_of(utf8_first)
    assert "line 1 is UTF-8 text but line 3 is not" in problem.expected
    assert parse(gbk_first.split(b"T001")[0])["activity_type"].to_list() == ["健康讲座"]


def test_utf16_without_its_byte_order_mark_is_read():
    """A reporting system's "Unicode" export: UTF-16 (little-endian) with no byte-order mark.
    It stopped the command with a traceback; its zero bytes now say what it is."""
    raw = read_file(fixture_bytes("surveys_utf16_no_bom.csv"), "surveys_utf16_no_bom.csv")
    assert raw.encoding == "utf-16-le"
    frame = parse(fixture_bytes("surveys_utf16_no_bom.csv"))
    assert frame.select("unit_code", "survey_type", "respondents", "satisfied").rows() == [
        ("H001", "门诊", 120, 108),
        ("T001", "住院", 40, 36),
    ]
    big_endian = fixture_bytes("surveys_utf16_no_bom.csv").decode("utf-16-le").encode("utf-16-be")
    assert read_file(big_endian, "be.csv").encoding == "utf-16-be"


def test_a_workbook_renamed_to_csv_is_read_as_a_workbook():
    frame = parse(fixture_bytes("activities.xlsx"), "activities.csv", sheet="二季度")
    assert frame["unit_code"].to_list() == ["T001"]


def test_a_repeated_header_row_is_one_problem_not_one_per_cell():
    text = (
        f"{ACTIVITIES_HEADER}\nH001,2025Q3,义诊,2,30,\n{ACTIVITIES_HEADER}\nT001,2025Q3,义诊,1,5,\n"
    )
    [problem] = problems_of(text)
    assert (problem.row, problem.column) == (3, None)
    assert "repeats the header row" in problem.expected


def test_an_excel_date_shown_as_a_number_gets_a_hint():
    # 45873 is 2025-08-04 counted in days from 1899-12-30
    [problem] = problems_of("单位编码,活动日期,活动类型,次数,参与人数\nH001,45873,义诊,1,5\n")
    assert (problem.row, problem.value) == (2, "45873")
    assert "Excel date shown as a number" in problem.expected


def test_a_date_written_as_words_is_asked_for_the_day_or_an_empty_cell():
    """A trial's ledger: 立行立改 as the deadline, 已整改 as the day rectified, 是 as the day
    inspected; each was refused as 'expected a date such as 2025-07-15'."""
    problems = fixture_problems("inspections_date_words.csv")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "整改期限 (rectify_by)", "立行立改"),
        (2, "整改完成日期 (rectified_on)", "已整改"),
        (3, "检查日期 (inspection_date)", "是"),
    ]
    assert "leave the cell empty when there is no such day yet" in problems[1].expected
    assert "尚未整改）时请留空" in problems[1].expected_zh
    # the inspection date is required: no advice to leave it empty
    assert problems[2].expected.startswith("expected a date, not words")
    assert "empty" not in problems[2].expected


def test_a_value_written_as_excel_keeps_text_gets_the_hint_of_what_to_write():
    # a reporting system's ="2025-08-04", and an apostrophe Excel kept in a CSV
    problems = fixture_problems("activities_text_marked.csv")
    assert [(p.row, p.value) for p in problems] == [(2, '="2025-08-04"'), (3, "'12")]
    assert all("the cell is written as Excel keeps text" in p.expected for p in problems)
    assert problems[0].expected.startswith("expected a date such as")


def test_a_unit_code_with_an_excel_decimal_gets_a_hint():
    [problem] = problems_of(f"{ACTIVITIES_HEADER}\nH001.0,2025Q3,义诊,1,5,\n")
    assert (problem.row, problem.value) == (2, "H001.0")
    assert (
        "without its '.0' (and with any leading zeros back) it is a known one" in problem.expected
    )


def test_unknown_unit_codes_get_the_hint_of_what_most_likely_happened():
    known = {"000123", "H001", "C001"}
    text = (
        f"{ACTIVITIES_HEADER}\n123,2025Q3,义诊,1,5,\nH001\u200b,2025Q3,义诊,1,5,\n"
        "c001,2025Q3,义诊,1,5,\nX9,2025Q3,义诊,1,5,\n1230,2025Q3,义诊,1,5,\n"
    )
    found = {p.row: (p.value, p.expected) for p in problems_of(text, known_units=known)}
    assert set(found) == {2, 3, 4, 5, 6}
    assert found[2][0] == "123" and "with its leading zeros it is the known 000123" in found[2][1]
    assert found[3][0] == "H001\u200b" and "invisible character" in found[3][1]
    assert found[4][0] == "c001" and "other letter case" in found[4][1]
    assert found[5][1].startswith("unknown unit code: load it in the unit registry")
    assert found[6][1].startswith("unknown unit code: load it")  # 1230 is no 000123


def test_a_code_that_lost_its_leading_zeros_is_told_the_code_or_codes_it_may_be():
    """Trial (session 60): a registry of codes of several lengths (00124, 0125) and a file
    whose codes Excel stripped (124, 125) were told "with its leading zeros it is a known one",
    not which: how many zeros to restore was the analyst's guess. Two registered codes that
    lose their zeros alike (0126 and 00126) are both named: which one is not ours to say."""
    known = {"00124", "0125", "0126", "00126", "H001"}
    rows = "".join(f"{code},2025Q3,义诊,1,5,\n" for code in ("124", "125", "126"))
    found = {p.value: p for p in problems_of(f"{ACTIVITIES_HEADER}\n{rows}", known_units=known)}
    assert "with its leading zeros it is the known 00124: Excel" in found["124"].expected
    assert "with its leading zeros it is the known 0125: Excel" in found["125"].expected
    assert "with its leading zeros it is the known 00126 or 0126: Excel" in found["126"].expected
    assert "补上开头的 0 后是已登记的编码 00126或0126：" in found["126"].expected_zh


def test_a_code_the_registry_holds_without_its_leading_zeros_gets_a_hint():
    """Trial H: the registry was loaded from a sheet that took 0101 for a number (101); a data
    file writing the code in full, 0101, was told the code is unknown and to load it in the
    registry first, which would register 0101 beside 101, a second unit. It is told that the
    registry holds it without its zeros; a code no zeros make known stays unknown."""
    known = {"101", "H001"}
    text = f"{ACTIVITIES_HEADER}\n0101,2025Q3,义诊,1,5,\n0102,2025Q3,义诊,1,5,\n"
    found = {
        p.row: (p.value, p.expected, p.expected_zh) for p in problems_of(text, known_units=known)
    }
    assert set(found) == {2, 3}
    assert found[2][:2] == (
        "0101",
        "unknown unit code, but the unit registry holds it without its leading zeros (101 for "
        "0101): the registry's codes lost them when Excel took them for numbers; write the "
        "code as the registry does, or have the registry's codes corrected",
    )
    assert found[2][2] == (
        "单位编码未登记，但去掉开头的 0 后是名录中已登记的编码（如 0101 在名录中登记为 101）："
        "名录的编码曾被 Excel 当作数字，去掉了开头的 0；"
        "请按名录的写法填写编码，或请更正名录中的编码"
    )
    assert found[3][1].startswith("unknown unit code: load it in the unit registry")


def test_a_code_in_excel_scientific_notation_is_refused_never_registered():
    """A trial's registry CSV, saved from a sheet that showed its 12-digit codes as
    6.20102E+11: the code loaded as written, a unit no file could ever name."""
    problems = fixture_problems("units_scientific.csv")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "单位编码 (unit_code)", "6.20102E+11"),
        (3, "上级单位编码 (parent_code)", "6.20102E+11"),
    ]
    assert "scientific notation" in problems[0].expected
    assert problems[1].expected == problems[0].expected
    assert "科学计数法" in problems[0].expected_zh
    text = f"{ACTIVITIES_HEADER}\n6.20102E+11,2025Q3,义诊,1,5,\nH001E+12,2025Q3,义诊,1,5,\n"
    data, other = problems_of(text)
    assert (data.row, other.row) == (2, 3)
    assert "scientific notation" in data.expected
    assert other.expected.startswith("unknown unit code: load it")


def test_a_code_written_as_excel_text_formula_is_refused_naming_the_code_to_write():
    """="00123" is how reporting systems export codes so that Excel keeps their zeros: Excel
    shows 00123, the CSV file holds the formula. Refused as written, never read as 00123."""
    text = (
        "单位编码,季度,活动类型,次数,参与人数\r\n"
        '="00123",2025Q3,义诊,2,100\r\n'
        '"=""00123""",2025Q3,健康讲座,1,20\r\n'  # the same cell as a CSV writer quotes it
        '="h001",2025Q3,义诊,1,5\r\n'
        '="X9",2025Q3,义诊,1,5\r\n'
        "'00123,2025Q3,义诊,1,5\r\n"
    )
    problems = problems_of(text.encode("gbk"), "导出.csv", known_units={"00123", "H001"})
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "单位编码 (unit_code)", '="00123"'),
        (3, "单位编码 (unit_code)", '="00123"'),
        (4, "单位编码 (unit_code)", '="h001"'),
        (5, "单位编码 (unit_code)", '="X9"'),
        (6, "单位编码 (unit_code)", "'00123"),
    ]
    assert problems[0].expected_zh == (
        '单元格写成了 Excel 文本公式 ="00123"：请改为 00123（在 Excel 中复制该列，'
        "选择性粘贴为数值）后重新上传"
    )
    assert problems[0].expected == (
        'the cell holds Excel\'s text formula ="00123": write 00123 instead (in Excel, copy the '
        "column and paste it back as values) and upload again"
    )
    assert problems[1].expected == problems[0].expected
    assert 'text formula ="h001": write H001 instead' in problems[2].expected  # as registered
    assert problems[3].expected.startswith("unknown unit code: load it")  # X9 is no unit
    assert "leading apostrophe" in problems[4].expected


def test_a_file_of_text_formula_codes_names_each_code_and_counts_every_row():
    # one check per code, for the first 200 codes only (no more problems are shown): each
    # problem shown still names its own code, and every row is counted
    known = {f"U{i:04d}" for i in range(250)}
    rows = "".join(f'="U{i:04d}",2025Q3,义诊,1,5\n' for i in range(250))
    with pytest.raises(FileRejected) as rejected:
        parse(f"{ACTIVITIES_HEADER}\n{rows}", known_units=known)
    shown = rejected.value.problems
    assert (rejected.value.total, len(shown)) == (250, 200)
    assert shown[0].value == '="U0000"' and shown[199].value == '="U0199"'
    assert all(p.text.key == "unit.excel_text_formula" for p in shown)
    assert shown[199].expected.startswith(
        'the cell holds Excel\'s text formula ="U0199": write U0199'
    )


def test_a_summary_sheet_by_district_is_told_as_one_not_asked_for_unit_codes():
    """A trial's workbook: a 汇总 sheet by district before the units' sheet. It was refused
    for three missing columns, with the fix of adding a 单位编码 column to a summary."""
    data = fixture_bytes("surveys_summary_sheet.xlsx")
    assert sheets_to_load(data, "分区.xlsx").sheets == ("汇总", "城关区")
    with pytest.raises(FileRejected) as rejected:
        read_file(data, "分区.xlsx", sheet="汇总")
    [problem] = rejected.value.problems
    assert (problem.row, problem.column) == (None, "单位编码 (unit_code)")
    assert "looks like a summary by district" in problem.expected
    assert "按“区县”列出的数字" in problem.expected_zh
    frame = parse(data, "分区.xlsx", sheet="城关区")
    assert frame.select("unit_code", "respondents").rows() == [("H001", 100), ("C001", 50)]
    # a table of the units by name, not code, is asked for the codes as before
    by_name = problems_of(
        "区县,单位名称,季度,调查类型,样本量,满意人数\n城关区,一院,2025Q3,门诊,9,8\n"
    )
    assert [p.expected.startswith("required column missing") for p in by_name] == [True]


def test_a_table_of_units_by_name_alone_is_told_to_add_their_codes():
    """A township's form lists its units by 单位名称 with no 单位编码: refused for the missing
    column, with "the file's headers not recognised: 单位名称", though the name was read as
    what it is. The refusal now says the names are names and the codes are asked for, from
    the registry; nothing is matched by name."""
    [problem] = problems_of("单位名称,季度,调查类型,样本量,满意人数\n一院,2025Q3,门诊,9,8\n")
    assert problem.column == "单位编码 (unit_code)"
    assert "not recognised" not in problem.expected
    assert problem.expected.endswith(
        "; 单位名称 holds the units' names: rows are matched to units by their code (a name "
        "may be written several ways, a code only one): add a 单位编码 column with each unit's "
        "code from the unit registry (the name column may stay)"
    )
    assert problem.expected_zh.endswith(
        "；“单位名称”列是单位名称：系统按单位编码认定单位（名称可有多种写法，编码只有一个），"
        "请加一列单位编码，填写单位名录中各单位的编码（名称列可以保留）"
    )


def test_a_chart_sheet_is_passed_over_without_a_word_in_the_terminal(caplog):
    """A trial's workbook with a chart sheet printed "'chartsheet' not a valid worksheet" (a
    warning of fastexcel's reader, through Python's logging) before the command's lines."""
    data = fixture_bytes("surveys_chartsheet.xlsx")
    frame = parse(data, "surveys_chartsheet.xlsx")
    assert frame.select("unit_code", "respondents").rows() == [("H001", 100)]
    assert [r.getMessage() for r in caplog.records if r.name.startswith("calamine")] == []


def test_an_empty_sheet_says_it_is_empty():
    """A workbook whose only sheet holds nothing said "no header row found", which sends the
    reader looking for a misspelt header: it says the sheet is empty. A sheet holding cells
    but no header still says no header was found; of several sheets, the empty one read is
    named."""
    [problem] = problems_of(xlsx(("空", [])), "empty.xlsx")
    assert (problem.file, problem.row, problem.value) == ("empty.xlsx", None, "")
    assert problem.expected.startswith("the sheet is empty")
    assert problem.expected_zh.startswith("工作表是空的")
    [problem] = problems_of(xlsx(("空", []), ("说明", [])), "two.xlsx", sheet="空")
    assert (problem.value, problem.expected[:18]) == ("空", "the sheet is empty")
    [problem] = problems_of(xlsx(("表", [(3, [None, "填表说明"])])), "notes.xlsx")
    assert "no header row found" in problem.expected


def test_common_variants_of_header_names_are_recognised():
    """Headers as bureaus' own forms write them (活动季度, 机构编码, 有效问卷数…)."""
    activities = parse(
        "机构编码,活动季度,活动形式,开展次数,参与人次,志愿时长\nH001,2025Q3,义诊,2,30,4\n"
    )
    assert activities.select("unit_code", "quarter", "activity_type", "sessions").row(0) == (
        "H001",
        "2025Q3",
        "义诊",
        2,
    )
    assert activities["volunteer_hours"].to_list() == [4.0]
    surveys = parse(
        "机构代码,所属季度,调查类别,有效问卷数,满意人次\nH001,2025年第三季度,门诊,40,38\n"
    )
    assert surveys.select("quarter", "survey_type", "respondents", "satisfied").row(0) == (
        "2025Q3",
        "门诊",
        40,
        38,
    )


@pytest.mark.parametrize(
    ("level", "heading"),
    [
        ("省", "所属市州"),
        ("省", "市（州）"),
        ("省", "地市"),
        ("州", "县（市）"),
        ("县", "乡镇（街道）"),
        ("县", "所属乡镇"),
        ("盟", "旗县"),
    ],
)
def test_a_provinces_or_countys_registry_heads_its_places_in_its_own_words(level, heading):
    """The registry's 区县 column, headed as a province (市州), a county (乡镇) or a league
    (旗县) heads the places one level down: read as the column, the places as written."""
    header = f"单位编码,单位名称,{heading},单位类别,职工人数"
    with voice.speaking_for(voice.Bureau(level)):
        units = parse(header + "\nH001,甲医院,天水市,三级医院,300\n")
    assert units.select("unit_code", "district").row(0) == ("H001", "天水市")


def test_a_countys_summary_by_township_is_told_as_one_in_its_words():
    """Trial (session 58): a county's 汇总 sheet headed 乡镇 was asked for a 单位编码 column
    (乡镇 unread), and one headed 区县 was "像是各区县的汇总表"; a group heading row was told
    the registry groups units by 区县."""
    summary = "乡镇,样本量,满意人数\n首阳镇,100,90\n文峰镇,80,70\n"
    with voice.speaking_for(voice.Bureau("县")):
        with pytest.raises(FileRejected) as rejected:
            read_file(summary.encode(), "汇总.csv", kind="surveys")
        [problem] = rejected.value.problems
        assert "按“乡镇”列出的数字：像是各乡镇的汇总表。" in problem.expected_zh
        assert "looks like a summary by township" in problem.expected
        grouped = "单位编码,季度,调查类型,样本量,满意人数\n一、首阳镇,,,,\n"
        grouped += "H001,2025Q3,门诊,100,90\n"
        with pytest.raises(FileRejected) as rejected:
            parse(grouped)
        said = " ".join(p.expected_zh for p in rejected.value.problems)
        assert "单位类别和乡镇决定" in said and "区县" not in said


def test_a_provinces_places_beside_its_counties_are_its_own_and_a_citys_are_not():
    # a province's form with both: 市州 is its own word, read; 县区 beside it is ignored
    text = "单位编码,单位名称,市州,县区,单位类别,职工人数\nH001,甲医院,天水市,秦州区,三级医院,300\n"
    with voice.speaking_for(voice.Bureau("省")):
        assert parse(text)["district"].to_list() == ["天水市"]
        assert read_file(text.encode(), "units.csv").ignored_columns == ["县区"]
    # a city reads its 县区 as before, a province's form's 市州 column ignored
    assert parse(text)["district"].to_list() == ["秦州区"]
    # a city's own form with a township column beside its districts: 乡镇 is not its 区县
    city = "单位编码,单位名称,区县,乡镇,单位类别,职工人数\n"
    city += "H002,乙卫生院,榆中县,和平镇,乡镇卫生院,30\n"
    assert parse(city)["district"].to_list() == ["榆中县"]
    # and a city's form headed 市州 alone lacks its 区县 column, said so
    lacking = problems_of(text.replace("县区", "备注"), kind="units")
    assert any(p.column == "区县 (district)" for p in lacking)


def test_a_signature_line_below_the_table_is_one_problem():
    text = ACTIVITIES_HEADER + "\nH001,2025Q3,义诊,2,30,\n\n填表人：王五,,审核人：李四,,,\n"
    [problem] = problems_of(text)
    assert (problem.row, problem.column, problem.value) == (
        4,
        "单位编码 (unit_code)",
        "填表人：王五",  # as written, full-width colon and all
    )
    assert "note or signature below the table" in problem.expected


def test_a_signature_line_with_signing_brackets_is_one_problem():
    # the usual form footer: 单位负责人（签字）： … 填表人：… 联系电话：…
    text = (
        ACTIVITIES_HEADER
        + "\nH001,2025Q3,义诊,2,30,\n单位负责人（签字）：,,填表人：王五,联系电话：123,,\n"
    )
    [problem] = problems_of(text)
    assert (problem.row, problem.column) == (3, "单位编码 (unit_code)")
    assert "note or signature below the table" in problem.expected


def test_a_numbered_notes_block_under_the_table_is_one_problem_a_line():
    """填表说明： and its numbered items under the table: one note problem per line (rows 4–7),
    not five complaints about each line's empty cells. A numbered line above the notes is
    not a note: it is checked as data."""
    text = (
        ACTIVITIES_HEADER
        + "\nH001,2025Q3,义诊,2,30,\n"
        + "1. 单位编码按统一编码填写,,,,,\n"
        + "填表说明：,,,,,\n"
        + "1. 单位编码按市卫健局统一编码填写；,,,,,\n"
        + "2、活动日期填写活动开展当日。,,,,,\n"
        + "（3）次数填整数,,,,,\n"
    )
    problems = problems_of(text)
    notes = [(p.row, p.value) for p in problems if "note or signature" in p.expected]
    assert notes == [
        (4, "填表说明："),
        (5, "1. 单位编码按市卫健局统一编码填写；"),
        (6, "2、活动日期填写活动开展当日。"),
        (7, "（3）次数填整数"),
    ]
    above = [p for p in problems if p.row == 3]
    assert above and not [p for p in above if "note or signature" in p.expected]


def test_hospital_grades_are_read_as_their_level():
    text = (
        "单位编码,单位名称,区县,单位类别,职工人数\n"
        "H101,甲院,城关区,三级甲等医院,900\nH102,乙院,城关区,三甲,800\nH103,丙院,城关区,二乙医院,300\n"
    )
    frame = parse(text, "units.csv")
    assert frame["peer_group"].to_list() == ["三级医院", "三级医院", "二级医院"]


def test_a_note_in_a_number_column_is_one_problem_and_other_rows_still_count():
    text = (
        "单位编码,季度,调查类型,样本量,满意人数\n"
        "H001,2025Q3,门诊,40,50\n"
        ",,,注：样本量为有效问卷数,\n"
    )
    problems = problems_of(text)
    assert [(p.row, p.value) for p in problems] == [(2, "50 > 40"), (3, "注：样本量为有效问卷数")]
    assert "note or signature" in problems[1].expected


def test_a_row_with_data_and_a_note_like_cell_is_checked_as_data():
    """Only rows whose every filled cell is a note are notes: a unit named 备注:… with
    numbers is data, and its problems are reported as such (its code cell holds the code
    H001 and more)."""
    [problem] = problems_of(ACTIVITIES_HEADER + "\n备注:H001,2025Q3,义诊,2,30,\n")
    assert (problem.column, problem.value) == ("单位编码 (unit_code)", "备注:H001")
    assert "the unit code H001 with other words beside it" in problem.expected


def test_a_total_in_a_serial_number_column_is_one_problem():
    """Bureau forms number their rows in a 序号 column the contract ignores and write 合计 there,
    leaving the code and type blank: one total-row problem, not three empty required cells."""
    header = "序号,单位编码,季度,调查类型,样本量,满意人数,备注\n"
    text = header + "1,H001,2025Q3,门诊,40,38,\n合计,,,,40,38,\n"
    [problem] = problems_of(text)
    assert (problem.row, problem.column, problem.value) == (3, "序号", "合计")
    assert "total row" in problem.expected


SERIAL_FORM = "序号,单位编码,单位名称,季度,活动类型,次数,参与人数\n1,H001,一院,2025Q3,义诊,2,30\n"


@pytest.mark.parametrize(
    ("row", "column", "value", "words"),
    [
        # only the ignored 序号 column filled: the row was dropped as blank, unreported
        ("合\u3000计,,,,,,", "序号", "合\u3000计", "total row"),
        ("填表人：王五（签字）,,,,,,", "序号", "填表人：王五（签字）", "note or signature"),
        # the footer of a statistical form (统计报表), each person and the day reported in
        # a cell of its own: it was refused cell by cell, 报出日期 read as a number (the
        # problem names the first column read that holds a note)
        (
            "单位负责人：王五,,统计负责人：李四,,填表人：张三,报出日期：2025年12月30日,",
            "活动类型 (activity_type)",
            "填表人：张三",
            "note or signature",
        ),
        # totals of a whole district, or with a colon
        ("全区合计,,,,,3,45", "序号", "全区合计", "total row"),
        (",,合计：,,,3,45", "单位名称", "合计：", "total row"),
        # a total named after what it totals, in the name column (a trial's 西固区小计)
        (",,西固区小计,,,3,45", "单位名称", "西固区小计", "total row"),
        (",,乡镇卫生院 合计：,,,3,45", "单位名称", "乡镇卫生院 合计：", "total row"),
        # ... or in the code column, the form's first (no code is written in Chinese): it was
        # refused cell by cell, as an unknown unit code and empty required cells
        (",西固区小计,,,,3,45", "单位编码 (unit_code)", "西固区小计", "total row"),
        # a total that counts what it totals (a trial's registry: 共 4 家单位 under the units)
        (",共 2 家单位,,,,3,45", "单位编码 (unit_code)", "共 2 家单位", "total row"),
        (",,合计：2家,,,3,45", "单位名称", "合计：2家", "total row"),
        ("共计,,,,,3,45", "序号", "共计", "total row"),
        # a new user's trial: 总数 in the serial column, the whole city alone in the code's
        ("总数,,,,,3,45", "序号", "总数", "total row"),
        (",全市,,,,3,45", "单位编码 (unit_code)", "全市", "total row"),
        (",,全区,,,3,45", "单位名称", "全区", "total row"),
    ],
)
def test_a_total_or_note_in_an_ignored_column_is_one_problem(row, column, value, words):
    [problem] = problems_of(SERIAL_FORM + row + "\n")
    assert (problem.row, problem.column, problem.value) == (3, column, value)
    assert words in problem.expected


def test_an_excel_tables_total_row_and_a_row_of_averages_are_one_problem_each():
    """A Chinese Excel labels a table's total row 汇总; a 全区平均 row typed below it is no data
    either. Each is told as what it is, never as an unknown unit code."""
    problems = fixture_problems("surveys_table_totals.xlsx")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (4, "单位编码 (unit_code)", "汇总"),
        (5, "单位编码 (unit_code)", "全区平均"),
    ]
    assert "delete the total row" in problems[0].expected
    assert "row of averages" in problems[1].expected


@pytest.mark.parametrize("word", ["平均", "平 均", "平均值", "城关区平均", "Average"])
def test_a_row_of_averages_is_told_as_one(word):
    [problem] = problems_of(SERIAL_FORM + f",,{word},,,1.5,22.5\n")
    assert (problem.row, problem.value) == (3, word)
    assert "row of averages" in problem.expected


def test_a_unit_named_like_a_total_is_data_when_its_row_has_a_code():
    # a unit may be called …小计 nowhere, but a coded row is data whatever its name says
    text = SERIAL_FORM + "2,H002,西固区小计,2025Q3,义诊,1,12\n"
    frame = parse(text)
    assert frame.select("_row", "unit_code", "participants").rows() == [
        (2, "H001", 30),
        (3, "H002", 12),
    ]


def test_a_row_of_data_whose_unit_name_says_the_whole_district_is_data():
    # only a row without a unit code (or that says it in the code's cell) is the area's total
    frame = parse(SERIAL_FORM + "2,H002,全区,2025Q3,义诊,1,12\n")
    assert frame.select("_row", "unit_code", "participants").rows() == [
        (2, "H001", 30),
        (3, "H002", 12),
    ]


def test_rows_that_hold_only_their_serial_number_are_blank():
    """Templates number rows nobody filled in: those are no data and no problem."""
    frame = parse(SERIAL_FORM + "2,,,,,,\n3,,,,,,\n")
    assert frame.select("_row", "unit_code").rows() == [(2, "H001")]


def test_ignored_columns_do_not_reach_the_typed_rows():
    frame = parse(
        "序号,单位编码,季度,调查类型,样本量,满意人数,备注\n1,H001,2025Q3,门诊,40,38,电话回访\n"
    )
    assert frame.columns == [
        "_row",
        "unit_code",
        "quarter",
        "survey_type",
        "respondents",
        "satisfied",
        "score",
    ]


def test_a_file_loaded_as_a_kind_sharing_some_columns_says_which_kind_it_is():
    """An activities file loaded as surveys: its header names two survey columns (unit code,
    quarter), so it is taken as a survey file missing columns; the first problem also says
    it looks like an activities file."""
    text = ACTIVITIES_HEADER + "\nH001,2025Q3,义诊,2,30,\n"
    problems = problems_of(text, kind="surveys")
    assert [p.column for p in problems] == [
        "调查类型 (survey_type)",
        "样本量 (respondents)",
        "满意人数/满意度得分 (satisfied/score)",
    ]
    hint = "looks like a 活动统计 (activities) file, but it was loaded as 满意度调查 (surveys)"
    assert [hint in p.expected for p in problems] == [True, False, False]


@pytest.mark.parametrize(
    ("title", "stated", "refused"),
    [
        ("城关区2025年第三季度满意度调查汇总表", "2025Q3", False),
        ("城关区2025年第三季度满意度调查汇总表", "2025Q2", True),
        ("2025-Q3 survey", "2025年第2季度", True),
        ("满意度调查汇总表", "2025Q2", False),  # a title naming no quarter: nothing to compare
    ],
)
def test_a_stated_quarter_unlike_the_forms_title_is_refused(title, stated, refused):
    text = f"{title}\n单位编码,调查类型,样本量,满意人数\nH001,门诊,40,36\n"
    if refused:
        [problem] = problems_of(text, "surveys.csv", quarter=stated)
        assert problem.column == "quarter" and "title names" in problem.expected
    else:
        assert parse(text, "surveys.csv", quarter=stated)["quarter"].to_list() == [stated]


def test_a_form_without_a_quarter_column_is_told_the_quarter_its_title_names():
    text = "城关区2025年第三季度满意度调查\n单位编码,调查类型,样本量,满意人数\nH001,门诊,40,36\n"
    [problem] = problems_of(text, "surveys.csv")
    assert problem.column == "季度 (quarter)"
    assert problem.expected.endswith(
        "the form's title says 2025Q3: if that is the quarter, state 2025Q3"
    )


@pytest.mark.parametrize(
    ("name", "stated", "refused"),
    [
        ("2025年第三季度 满意度（终稿）(1).csv", "2025Q2", True),
        ("满意度_2025Q3.csv", "2025年第2季度", True),
        ("满意度_2025Q3.csv", "2025Q3", False),
        ("满意度调查（终稿）.csv", "2025Q2", False),  # a name naming no quarter
    ],
)
def test_a_stated_quarter_unlike_the_files_name_is_refused(name, stated, refused):
    """Trial (session 56): a file named for 2026Q3 loaded alone as 2026Q4 without a word,
    where the same file loaded with another was refused."""
    text = "单位编码,调查类型,样本量,满意人数\nH001,门诊,40,36\n"
    if refused:
        [problem] = problems_of(text, name, quarter=stated)
        assert (problem.column, problem.value) == ("quarter", "2025Q2")
        assert problem.expected == (
            "the quarter stated is not the one the file's name names: it says 2025Q3; check "
            "which is right and state that quarter (or correct the name)"
        )
    else:
        assert parse(text, name, quarter=stated)["quarter"].to_list() == [stated]


def test_a_file_without_a_quarter_column_is_told_the_quarter_its_name_says():
    text = "单位编码,调查类型,样本量,满意人数\nH001,门诊,40,36\n"
    [problem] = problems_of(text, "满意度_2025Q3.csv")
    assert problem.column == "季度 (quarter)"
    assert problem.expected.endswith(
        "the file's name says 2025Q3: if that is the quarter, state 2025Q3"
    )


def test_a_row_of_a_quarter_the_title_does_not_name_is_refused_naming_its_date():
    # the title says 2025年第三季度; row 4's date (5 Oct) is in 2025Q4: a slip, or a row of the
    # next quarter's form; it would have loaded into 2025Q4 without a word
    title = "城关区2025年第三季度检查结果"
    header = "单位编码,检查日期,检查类型,检查项目,得分,满分"
    rows = ["H001,2025-07-05,暗访,服务态度,8,10", "H001,2025-09-30,巡查,环境卫生,9,10"]
    rows.append("T001,2025-10-05,巡查,环境卫生,9,10")
    [problem] = problems_of("\n".join([title, header, *rows]) + "\n")
    assert (problem.row, problem.column, problem.value) == (
        5,
        "检查日期 (inspection_date)",
        "2025-10-05",
    )
    assert "form's title names (2025Q3)" in problem.expected
    # a title naming both quarters covers both
    both = "城关区2025年第三季度、2025年第四季度检查结果"
    assert parse("\n".join([both, header, *rows]) + "\n").height == 3
    # a quarter column that differs from the title is named too
    rows = ["H001,2025Q3,义诊,2,30,", "T001,2025Q4,义诊,1,5,"]
    text = "\n".join(["2025年第3季度活动统计", ACTIVITIES_HEADER, *rows]) + "\n"
    [problem] = problems_of(text)
    assert (problem.row, problem.column, problem.value) == (4, "季度 (quarter)", "2025Q4")


# --- hidden rows and sheets ------------------------------------------------------------------

HIDDEN_HEADER = ["单位编码", "季度", "活动类型", "次数", "参与人数"]


def hidden_rows_book(hidden: tuple[int, ...]) -> bytes:
    """Row 1 a title, row 2 the header, rows 3–8 data (H001…H006, 1…6 sessions); the 1-based
    spreadsheet rows ``hidden`` are hidden (as a filter or a right click hides them)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("数据")
    sheet.write_row(0, 0, ["2025年第三季度活动统计"])
    sheet.write_row(1, 0, HIDDEN_HEADER)
    for i in range(6):
        sheet.write_row(2 + i, 0, [f"H00{i + 1}", "2025Q3", "义诊", i + 1, 10])
    for row in hidden:
        sheet.set_row(row - 1, None, None, {"hidden": True})
    book.close()
    return buffer.getvalue()


def test_hidden_data_rows_are_loaded_and_named_in_a_note():
    raw = read_file(hidden_rows_book((1, 4, 6, 7)), "a.xlsx")
    # every data row is read, the hidden ones too
    assert raw.frame["unit_code"].to_list() == ["H001", "H002", "H003", "H004", "H005", "H006"]
    # the hidden title row (1) is not a data row; data rows 4, 6 and 7 are hidden
    [note] = raw.notes
    assert note.en == (
        "the sheet hides or filters out 3 data rows (numbered 4, 6–7 in it), loaded with the "
        "others; delete any that should not be and upload again"
    )
    assert "（第 4、6–7 行）" in note.zh  # the Chinese list separator
    assert read_file(hidden_rows_book(()), "a.xlsx").notes == []
    assert read_file(hidden_rows_book((1,)), "a.xlsx").notes == []


def hidden_columns_book(hidden: str, first_column: int = 0) -> bytes:
    """The header and one data row, from column ``first_column`` (0: A), with a 备注 column the
    contract ignores last; the columns ``hidden`` (``"D:E"``, as Excel names them) are hidden."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("数据")
    sheet.write_row(0, first_column, [*HIDDEN_HEADER, "备注"])
    sheet.write_row(1, first_column, ["H001", "2025Q3", "义诊", 3, 10, "无"])
    if hidden:
        sheet.set_column(hidden, None, None, {"hidden": True})
    book.close()
    return buffer.getvalue()


def test_a_hidden_column_that_is_loaded_is_named_in_a_note():
    # D and E are 次数 and 参与人数 (A–E: 单位编码 季度 活动类型 次数 参与人数, F: 备注)
    raw = read_file(hidden_columns_book("D:E"), "a.xlsx")
    assert raw.frame.select("sessions", "participants").row(0) == ("3", "10")
    [note] = raw.notes
    assert note.zh.startswith("工作表隐藏了以下列：D（次数）、E（参与人数），这些列的数据也已载入")
    assert note.en.startswith(
        "the cells of the sheet's hidden columns were loaded too (D（次数）, E（参与人数）)"
    )


def test_hidden_columns_are_found_where_the_table_starts_later_and_ignored_ones_are_unsaid():
    # the table in C–H: 参与人数 is G; the hidden 备注 (H) is not loaded, so not said
    assert read_file(hidden_columns_book("H:H", first_column=2), "a.xlsx").notes == []
    [note] = read_file(hidden_columns_book("G:H", first_column=2), "a.xlsx").notes
    assert "隐藏了以下列：G（参与人数），" in note.zh
    assert read_file(hidden_columns_book(""), "a.xlsx").notes == []


def test_an_old_xls_sheet_hiding_rows_and_a_column_says_so_as_an_xlsx_does():
    """An .xls (Excel 97–2003, or WPS's .et) whose rows 4 and 6 and columns E (参与人数) and F
    (备注, not loaded) are hidden: every row was loaded without a word, where the same sheet
    saved as .xlsx named the hidden rows and columns. The notes now say the same."""
    raw = read_file(fixture_bytes("activities_hidden.xls"), "activities_hidden.xls")
    assert raw.frame["unit_code"].to_list() == ["H001", "H002", "C001", "T001"]
    assert raw.frame["participants"].to_list() == ["30", "20", "45", "60"]
    [rows, columns] = raw.notes
    assert rows.en == (
        "the sheet hides or filters out 2 data rows (numbered 4, 6 in it), loaded with the "
        "others; delete any that should not be and upload again"
    )
    assert "（第 4、6 行）" in rows.zh
    assert columns.zh.startswith("工作表隐藏了以下列：E（参与人数），这些列的数据也已载入")
    # a sheet that hides nothing says nothing (activities.xls, the same form)
    assert read_file(fixture_bytes("activities.xls"), "activities.xls").notes == []


def with_hidden_sheets(*sheets: tuple[str, bool]) -> bytes:
    """A workbook of activity tables: (sheet name, hidden); each sheet's one row is H001 with
    its position + 1 as its sessions."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    made = []
    for i, (name, hidden) in enumerate(sheets):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, HIDDEN_HEADER)
        sheet.write_row(1, 0, ["H001", "2025Q3", "义诊", i + 1, 10])
        made.append((sheet, hidden))
    next(sheet for sheet, hidden in made if not hidden).activate()  # Excel shows it on opening
    for sheet, hidden in made:
        if hidden:
            sheet.hide()
    book.close()
    return buffer.getvalue()


def test_a_hidden_sheet_holding_a_table_is_passed_over_for_the_visible_one_and_named():
    data = with_hidden_sheets(("旧数据", True), ("数据", False))
    raw = read_file(data, "a.xlsx")
    assert raw.chosen_sheet == "数据"
    assert raw.frame["sessions"].to_list() == ["2"]
    [note] = raw.notes
    assert note.zh == (
        "隐藏的工作表“旧数据”也有数据表，未载入；如需载入，请指定该工作表"
        "（命令行 --sheet 工作表名，或上传页面的“工作表”选项）"
    )
    # named, the hidden sheet is read, and the note says it is hidden
    named = read_file(data, "a.xlsx", sheet="旧数据")
    assert named.frame["sessions"].to_list() == ["1"]
    assert [n.en for n in named.notes] == ["the sheet loaded, 旧数据, is hidden in Excel"]


def test_two_visible_data_sheets_and_a_hidden_one_are_refused_naming_all_three():
    data = with_hidden_sheets(("一", False), ("二", True), ("三", False))
    [problem] = problems_of(data, "a.xlsx")
    # listed as each language lists: 、 in Chinese, a comma in English
    assert "several sheets of the workbook hold data (一, 二, 三)" in problem.expected
    assert "（一、二、三）" in problem.expected_zh


def test_a_type_named_only_in_the_title_is_said_beside_its_missing_column():
    """An unannounced-visit team's form says 暗访 only in its title, a survey team's 门诊患者
    only in its: the missing 检查类型 (调查类型) column was asked for without a word of the
    title. The refusal now names the type the title gives, and the column to add with it;
    a title naming two types (测评 and 暗访) names none. Nothing is loaded on the title's word."""
    inspections = "城关区2025年第三季度暗访检查结果\n单位编码,检查日期,检查项目,得分,满分\n"
    with pytest.raises(FileRejected) as rejected:
        read_file((inspections + "H001,2025-07-05,导医服务,8,10\n").encode(), "暗访.csv")
    [problem] = rejected.value.problems
    assert problem.expected_zh.endswith(
        "；表头标题里有“暗访”：若整张表都是暗访，请添加“检查类型”列，每一行都填写 暗访"
    )
    assert problem.expected.endswith(
        "; the form's title names 暗访: if every row is of 暗访, add a column headed 检查类型 "
        "with 暗访 on every row"
    )
    surveys = (
        "2025年第三季度门诊患者满意度调查表\n单位编码,季度,样本量,满意人数\nH001,2025Q3,50,45\n"
    )
    with pytest.raises(FileRejected) as rejected:
        read_file(surveys.encode(), "门诊.csv")
    [problem] = rejected.value.problems
    assert "表头标题里有“门诊”" in problem.expected_zh
    both = inspections.replace("暗访检查", "文明测评暗访检查")
    with pytest.raises(FileRejected) as rejected:
        read_file((both + "H001,2025-07-05,导医服务,8,10\n").encode(), "测评.csv")
    [problem] = rejected.value.problems
    assert "表头标题里有" not in problem.expected_zh


def test_a_maximum_given_in_the_score_header_is_said_beside_the_missing_column():
    """An inspection form heads its score 得分（满分10分） and has no 满分 column: the header was
    read as 得分 and 满分 asked for without a word of the 10. The refusal now names the
    maximum the header gives and the column to add with it; nothing is read from a header."""
    text = (
        "单位编码,检查日期,检查类型,检查项目,得分（满分１０分）\nH001,2025-07-05,暗访,导医服务,8\n"
    )
    with pytest.raises(FileRejected) as rejected:
        read_file(text.encode(), "暗访.csv")
    [problem] = rejected.value.problems
    assert problem.expected_zh.endswith(
        "；“得分（满分１０分）”列的表头写有满分 10：请添加“满分”列，每一行都填写 10"
        "（各项目满分不同时，逐行填写各自的满分）"
    )
    assert "the header 得分（满分１０分） gives the maximum 10: add a column headed 满分" in (
        problem.expected
    )
    plain = text.replace("得分（满分１０分）", "得分")
    with pytest.raises(FileRejected) as rejected:
        read_file(plain.encode(), "暗访.csv")
    [problem] = rejected.value.problems
    assert "表头写有满分" not in problem.expected_zh


def test_two_columns_of_one_meaning_are_named_in_chinese_on_a_chinese_page():
    text = "机构代码,单位代码,季度,调查类型,样本量,满意人数\nH001,H001,2025Q3,门诊,100,90\n"
    with pytest.raises(FileRejected) as rejected:
        read_file(text.encode(), "a.csv")
    [problem] = rejected.value.problems
    assert problem.expected_zh == (
        "有两列都表示单位编码（unit_code）：“机构代码（A 列）”和“单位代码（B 列）”；"
        "请只保留其中一列"
    )
    assert problem.expected == (
        "two columns mean unit_code: '机构代码 (column A)' and '单位代码 (column B)'; keep one"
    )


def test_two_columns_of_one_name_say_which_and_that_one_is_hidden():
    """Trial E: a survey sheet kept its old 满意人数 column hidden (E) beside the new one (F);
    refused as "two columns mean 满意人数: '满意人数' and '满意人数'", the analyst saw one
    column and could not tell what to delete. Each is named by its letter, the hidden one
    as hidden."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位编码", "季度", "调查类型", "样本量", "满意人数", "满意人数"])
    sheet.append(["H001", "2025Q3", "门诊", 100, 85, 90])
    sheet.column_dimensions["E"].hidden = True
    data = io.BytesIO()
    book.save(data)
    [problem] = problems_of(data.getvalue(), "a.xlsx")
    assert "“满意人数（E 列，已隐藏）”和“满意人数（F 列）”" in problem.expected_zh
    assert "'满意人数 (column E, hidden)' and '满意人数 (column F)'" in problem.expected


def test_a_survey_of_one_row_per_respondent_is_told_to_be_summed_up():
    """Trial J: a survey system's export, one row per questionnaire (问卷编号, the unit, the
    quarter, the type and the answer 满意/不满意), was told only that 样本量 is missing. It
    is told that its rows repeat one unit's survey and how to sum them up; a file of one row
    per unit lacking 样本量 is not."""
    answers = "问卷编号,单位编码,季度,调查类型,满意度\n"
    answers += "1,H001,2025Q3,门诊,满意\n2,H001,2025Q3,门诊,不满意\n"
    [problem] = problems_of(answers)
    assert problem.column == "样本量 (respondents)"
    assert "several rows of one unit, quarter and survey type" in problem.expected
    assert "样本量填问卷份数，满意人数填答“满意”的份数" in problem.expected_zh
    [single] = problems_of(
        "单位编码,季度,调查类型,满意人数\nH001,2025Q3,门诊,40\nT001,2025Q3,门诊,30\n"
    )
    assert single.column == "样本量 (respondents)"
    assert "one row per respondent" not in single.expected


def test_a_survey_with_a_column_per_survey_type_is_told_to_write_a_row_per_type():
    """Trial J: a summary sheet of one row per unit, 门诊满意度 and 住院满意度 side by side,
    was told that 调查类型 is missing and that those headers are not recognised, not that
    they are survey types, each to be a row of its own."""
    wide = "单位编码,季度,样本量,门诊满意度,住院满意度\nH001,2025Q3,100,92.5,95\n"
    [survey_type, _] = problems_of(wide)
    assert survey_type.column == "调查类型 (survey_type)"
    assert "门诊满意度、住院满意度是调查类型" in survey_type.expected_zh
    assert "write one row per unit and survey type instead, the type (门诊, 住院)" in (
        survey_type.expected
    )


def test_a_survey_with_each_types_figures_in_columns_of_their_own_is_told_the_same():
    """A new user's trial: 门诊样本量, 门诊满意人数, 住院样本量, 住院满意人数 side by side got
    three missing columns each advising to head one of those columns as the missing one,
    which would have loaded the outpatient figures alone. Each problem now says to write a
    row per type."""
    wide = (
        "单位编码,季度,门诊样本量,门诊满意人数,住院 样本量,住院满意人数\nH001,2025Q3,100,90,50,45\n"
    )
    problems = problems_of(wide)
    assert [p.column for p in problems] == [
        "调查类型 (survey_type)",
        "样本量 (respondents)",
        "满意人数/满意度得分 (satisfied/score)",
    ]
    for problem in problems:
        assert "write one row per unit and survey type instead, the type (门诊, 住院)" in (
            problem.expected
        )
        assert "If one of them is the missing column" not in problem.expected


def test_a_survey_counting_each_answer_in_a_column_is_told_to_add_the_satisfied_ones():
    """Trial (session 56): 非常满意, 满意, 一般, 不满意 counted side by side were told "if one
    of them is the missing column, head it so": 满意 headed 满意人数 loaded 45 satisfied
    where 40 + 45 were."""
    answers = (
        "单位编码,季度,调查类型,样本量,非常满意,满意,一般,不满意\nH001,2025Q3,门诊,100,40,45,10,5\n"
    )
    [problem] = problems_of(answers)
    assert problem.column == "满意人数/满意度得分 (satisfied/score)"
    assert problem.expected.endswith(
        "非常满意, 满意, 一般, 不满意 count each answer: the satisfied are the sum of the "
        "satisfied answers (非常满意 + 满意), so add a 满意人数 column holding that sum rather "
        "than renaming the 满意 column alone; respondents are all the answers"
    )
    assert problem.expected_zh.endswith(
        "满意人数是满意答案的人数之和（非常满意＋满意），"
        "请添加“满意人数”列写这个和，不要只把“满意”一列改名；"
        "样本量为全部答案的人数"
    )


def test_an_activities_log_of_one_row_per_event_is_told_to_count_them():
    """Trial (session 56): a log of events (date, place, people) without 次数 was told "if
    one of them is the missing column, head it so", inviting 活动地点 as 次数."""
    log = "单位编码,活动日期,活动类型,活动地点,参与人数\nH001,2025-08-10,义诊,城关区广场,50\n"
    [problem] = problems_of(log)
    assert problem.column == "次数 (sessions)"
    assert "the file looks like a log of one row per event (活动地点): sum it up by unit" in (
        problem.expected
    )
    assert "If one of them is the missing column" not in problem.expected


def test_headers_that_merely_contain_a_survey_measure_are_not_survey_types():
    wide = "单位编码,季度,样本量说明,备注\nH001,2025Q3,抽样,无\n"
    survey_type = problems_of(wide)[0]
    assert survey_type.column == "调查类型 (survey_type)"
    assert "name survey types" not in survey_type.expected
    assert "not recognised: 样本量说明, 备注" in survey_type.expected


def time_workbook() -> bytes:
    """An inspection form whose 检查日期 holds 10:30 and 14:05:30 typed in Excel: each stored
    as a fraction of a day under a time format (openpyxl gives a time h:mm:ss)."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位编码", "检查日期", "检查类型", "检查项目", "得分", "满分"])
    sheet.append(["H001", dt.time(10, 30), "暗访", "服务态度", 8, 10])
    sheet.append(["H001", dt.time(14, 5, 30), "暗访", "环境卫生", 8, 10])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_time_of_day_in_a_date_column_is_named_as_a_time():
    """A time alone was quoted as '1899-12-31 10:30:00' (Excel's day 0) and refused as a date
    before 2000: it is quoted as the time and named as one, with the fix (write the date)."""
    problems = problems_of(time_workbook(), "inspections.xlsx")
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "检查日期 (inspection_date)", "10:30"),
        (3, "检查日期 (inspection_date)", "14:05:30"),
    ]
    assert "time of day, not a date: write the date" in problems[0].expected
    assert "时刻，不是日期" in problems[0].expected_zh


def test_row_ranges_are_listed_as_each_language_lists():
    from etl.read import row_ranges

    said = row_ranges([3, 5, 6, 7, 9])
    assert (said.zh, said.en) == ("3、5–7、9", "3, 5–7, 9")
    cut = row_ranges([1, 3, 5], shown=2)
    assert (cut.zh, cut.en) == ("1、3、…", "1, 3, …")
