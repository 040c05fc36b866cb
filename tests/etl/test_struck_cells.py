"""Cells struck through (删除线), how analysts mark a row cancelled without deleting it: the
row is refused, naming a struck cell, never loaded as if it stood."""

from __future__ import annotations

import io
import zipfile

import pytest
import xlsxwriter
from etl_helpers import fixture_problems, parse, problems_of
from test_workbook_formulas import rewritten

from etl import sheet_xml
from etl.sheet_xml import sheet_parts
from etl.struck_cells import struck_cells, struck_styles


@pytest.mark.parametrize(
    ("fixture", "row_cell", "figure_cell"),
    # the fixtures: T001's whole row 3 struck, C001's 样本量 struck, H001's 备注 struck; the
    # old binary .xls (Excel 97–2003) has its table from column B
    [("surveys_struck.xlsx", "A3", "D4"), ("surveys_struck.xls", "B3", "E4")],
)
def test_a_struck_row_and_a_struck_figure_are_refused_naming_a_cell_each(
    fixture, row_cell, figure_cell
):
    problems = fixture_problems(fixture)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "单位编码 (unit_code)", "T001"),
        (4, "样本量 (respondents)", "60"),
    ]
    assert f"cell {row_cell} is struck through" in problems[0].expected
    assert f"cell {figure_cell} is struck through" in problems[1].expected
    assert "删除线" in problems[1].expected_zh


def test_struck_text_outside_the_loaded_columns_and_a_strike_turned_off_load():
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    struck = book.add_format({"font_strikeout": True})
    sheet.write_row(0, 0, ["单位编码", "季度", "调查类型", "样本量", "满意人数", "备注"])
    sheet.write_row(1, 0, ["H001", "2025Q3", "门诊", 100, 90])
    sheet.write(1, 5, "旧数据已更正", struck)  # an ignored column
    book.close()
    data = out.getvalue()
    assert [c.reference for c in struck_cells(sheet_parts(data, None))] == ["F2"]
    frame = parse(data, "book.xlsx")
    assert frame.select("unit_code", "respondents").rows() == [("H001", 100)]


def test_only_fonts_whose_strike_is_on_strike_their_cells():
    styles = (
        b'<styleSheet><fonts count="4"><font><sz val="11"/></font>'
        b'<font><strike val="0"/></font><font><b/><strike/></font>'
        b'<font><strike val="true"/></font></fonts>'
        b'<cellXfs count="4"><xf fontId="0"/><xf fontId="1"/><xf fontId="2"/><xf fontId="3"/>'
        b"</cellXfs></styleSheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("xl/styles.xml", styles)
    assert struck_styles(zipfile.ZipFile(out)) == {b"2", b"3"}


def test_only_the_cells_looked_for_are_parsed(monkeypatch):
    """Parsing every cell's XML cost 15 s on a 200,000-row sheet: a plain workbook (no struck
    cell, formula or merge) is read parsing none, one with a struck cell parsing that one,
    and one with a shared string struck in part parsing the cell naming it alone."""
    parsed = []
    real = sheet_xml.xml_cell
    monkeypatch.setattr(sheet_xml, "xml_cell", lambda match: parsed.append(match) or real(match))

    def workbook(struck: str | None) -> bytes:
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["单位编码", "季度", "调查类型", "样本量", "满意人数"])
        for row in range(1, 50):
            sheet.write_row(row, 0, [f"H{row:03d}", "2025Q3", "门诊", 100, 90])
        strikeout = book.add_format({"font_strikeout": True})
        if struck == "cell":
            sheet.write(7, 4, 90, strikeout)
        elif struck == "part":
            sheet.write_rich_string(7, 3, strikeout, "1", "00")
        book.close()
        return out.getvalue()

    codes = {f"H{row:03d}" for row in range(1, 50)}
    frame = parse(workbook(struck=None), "book.xlsx", known_units=codes)
    assert (frame.height, parsed) == (49, [])
    [problem] = problems_of(workbook(struck="cell"), "book.xlsx", known_units=codes)
    assert (problem.row, problem.value) == (8, "90")
    assert [m.group(0)[:12] for m in parsed] == [b'<c r="E8" s=']
    parsed.clear()
    [problem] = problems_of(workbook(struck="part"), "book.xlsx", known_units=codes)
    assert (problem.row, problem.value) == (8, "100")
    assert [m.group(0)[:12] for m in parsed] == [b'<c r="D8" t=']


@pytest.mark.parametrize(
    "fixture", ["activities_partly_struck.xlsx", "activities_partly_struck.xls"]
)
def test_a_cell_struck_in_part_is_refused_naming_the_struck_text(fixture):
    """Rich text struck in part (activities_partly_struck.xlsx, and as Excel 97–2003 saves it
    in an .xls) loaded whole, as if nothing were struck: H001's 活动类型 义诊 + struck 讲座 as
    义诊讲座, T001's 参与人数 struck 120 + 150 as the number 120150. Each is refused naming
    the cell and the struck text; C001's 活动类型, a bold run and a plain one, loads."""
    problems = fixture_problems(fixture)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "活动类型 (activity_type)", "义诊讲座"),
        (3, "参与人数 (participants)", "120150"),
    ]
    assert problems[0].expected.startswith("part of cell C2 is struck through (讲座), ")
    assert "delete the struck text, or remove the strikethrough" in problems[0].expected
    assert problems[1].expected.startswith("part of cell E3 is struck through (120), ")
    assert problems[1].expected_zh.startswith("单元格 E3 中有部分文字带删除线（120）")


def inline_string_workbook(cells: dict[str, bytes]) -> bytes:
    """A survey table in an .xlsx whose cells ``cells`` (by reference) are replaced by the
    XML given, as WPS writes inline strings (``t="inlineStr"``)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["单位编码", "季度", "调查类型", "样本量", "满意人数", "备注"])
    sheet.write_row(1, 0, ["H001", "2025Q3", "门诊", 100, 90, "x"])
    sheet.write_row(2, 0, ["T001", "2025Q3", "门诊", 50, 45, "x"])
    book.close()

    def change(name: str, data: bytes) -> bytes:
        for reference, xml in cells.items() if name == "xl/worksheets/sheet1.xml" else ():
            start = data.index(b'<c r="' + reference.encode() + b'"')
            data = data[:start] + xml + data[data.index(b"</c>", start) + 4 :]
        return data

    return rewritten(out.getvalue(), change)


def test_an_inline_string_struck_in_part_or_whole_is_refused():
    """Inline strings (WPS's ``t="inlineStr"``) keep their runs in the cell: H001's 备注 is
    struck in part outside the loaded columns (loads), its 调查类型 门诊 + struck 住院 (as
    openpyxl writes it, in character references) is refused naming 住院; T001's 单位编码,
    every run struck, is refused as a struck cell."""
    part = b"<r><t>%s</t></r><r><rPr><strike/></rPr><t>%s</t></r>"
    data = inline_string_workbook(
        {
            "C2": b'<c r="C2" t="inlineStr"><is>'
            + part % ("门诊".encode(), b"&#20303;&#38498;")
            + b"</is></c>",
            "F2": b'<c r="F2" t="inlineStr"><is>' + part % (b"ok", b"old") + b"</is></c>",
            "A3": b'<c r="A3" t="inlineStr"><is><r><rPr><strike val="1"/></rPr><t>T0</t></r>'
            b"<r><rPr><b/><strike/></rPr><t>01</t></r></is></c>",
        }
    )
    problems = problems_of(data, "book.xlsx", known_units={"H001", "T001"})
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "调查类型 (survey_type)", "门诊住院"),
        (3, "单位编码 (unit_code)", "T001"),
    ]
    assert problems[0].expected.startswith("part of cell C2 is struck through (住院), ")
    assert "cell A3 is struck through, as if the row were cancelled" in problems[1].expected
