"""Formula cells of a workbook: a result Excel saved is loaded; an error it shows, or a result
the file does not hold, is refused with the cell named (fastexcel reads both as empty)."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import xlsxwriter
from etl_helpers import load, load_fixture, parse, problems_of
from macro_workbook import macro_enabled

HEADER = ["单位编码", "季度", "调查类型", "样本量", "满意人数", "满意度得分", "备注"]
FILE = "surveys.xlsx"


def workbook(formula_cells: dict[tuple[int, int], tuple[str, object]], first_column: int = 0):
    """Two survey rows under the header (0-based rows 1 and 2), starting at ``first_column``;
    ``formula_cells`` puts a formula (with the result xlsxwriter saves) at (row, column of
    HEADER)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("调查")
    rows = [
        HEADER,
        ["H001", "2025Q3", "门诊", 100, 90, 92, ""],
        ["C001", "2025Q3", "门诊", 50, 45, 88, ""],
    ]
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if (r, c) in formula_cells:
                formula, result = formula_cells[r, c]
                sheet.write_formula(r, first_column + c, formula, None, result)
            elif value != "":
                sheet.write(r, first_column + c, value)
    book.close()
    return buffer.getvalue()


def rewritten(data: bytes, change) -> bytes:
    """The workbook with each part's XML passed through ``change(part name, content)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, change(item.filename, source.read(item.filename)))
    return out.getvalue()


def as_saved_by_excel(data: bytes) -> bytes:
    """The workbook as Excel saves it: its results kept, no order to recalculate on opening
    (xlsxwriter asks for one, fullCalcOnLoad, because it calculates nothing itself)."""

    def change(name: str, content: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return re.sub(rb' fullCalcOnLoad="1"', b"", content)
        return content

    return rewritten(data, change)


def test_a_result_excel_saved_is_loaded():
    data = as_saved_by_excel(workbook({(1, 5): ("=ROUND(E2/D2*100,0)", 90)}))
    frame = parse(data, FILE)
    assert frame.select("unit_code", "score").rows() == [("H001", 90.0), ("C001", 88.0)]


def test_an_error_shown_in_a_loaded_column_is_refused_naming_the_cell():
    data = as_saved_by_excel(workbook({(2, 5): ("=E3/0", "#DIV/0!")}))
    [problem] = problems_of(data, FILE)
    assert (problem.row, problem.column, problem.value) == (3, "满意度得分 (score)", "#DIV/0!")
    assert problem.expected.startswith("cell F3 shows the error #DIV/0!")
    assert "单元格 F3 显示错误值 #DIV/0!" in problem.expected_zh


def test_the_cell_is_found_when_the_table_starts_in_a_later_column():
    # the table in columns C…I: 满意人数 (the 5th column) is column G
    data = as_saved_by_excel(workbook({(1, 4): ("=D2-10", "#N/A")}, first_column=2))
    [problem] = problems_of(data, FILE)
    assert (problem.row, problem.column, problem.value) == (2, "满意人数 (satisfied)", "#N/A")
    assert "cell G2" in problem.expected


def test_an_error_in_a_column_that_is_not_loaded_is_no_problem():
    data = as_saved_by_excel(workbook({(1, 6): ("=1/0", "#DIV/0!")}))
    frame = parse(data, FILE)
    assert frame.height == 2


def test_a_formula_a_program_wrote_is_refused_not_loaded_as_its_placeholder():
    # xlsxwriter saves 0 as the result and asks the spreadsheet to recalculate
    data = workbook({(1, 5): ("=ROUND(E2/D2*100,0)", 0), (2, 5): ("=ROUND(E3/D3*100,0)", 0)})
    problems = problems_of(data, FILE)
    assert [(p.row, p.column) for p in problems] == [
        (2, "满意度得分 (score)"),
        (3, "满意度得分 (score)"),
    ]
    assert "cell F2 holds a formula whose result the file does not hold" in problems[0].expected


def test_a_macro_workbook_is_read_as_an_xlsx_is_its_formulas_refused_alike():
    """An .xlsm (the Upload page offers it, as the command line reads it): its cells are read
    and its VBA project is passed over, never run; a formula without its result is refused
    as in an .xlsx, naming the cell (F2, 满意度得分 of H001)."""
    saved = macro_enabled(as_saved_by_excel(workbook({(1, 5): ("=ROUND(E2/D2*100,0)", 90)})))
    frame = parse(saved, "surveys.xlsm")
    assert frame.select("unit_code", "score").rows() == [("H001", 90.0), ("C001", 88.0)]
    unsaved = macro_enabled(workbook({(1, 5): ("=ROUND(E2/D2*100,0)", 0)}))
    [problem] = problems_of(unsaved, "surveys.xlsm")
    assert (problem.file, problem.row, problem.column) == ("surveys.xlsm", 2, "满意度得分 (score)")
    assert "cell F2 holds a formula whose result the file does not hold" in problem.expected


def test_a_formula_without_any_saved_result_is_refused():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["H001", "2025Q3", "门诊", 100, 90, "=ROUND(E2/D2*100,0)"])
    buffer = io.BytesIO()
    book.save(buffer)
    [problem] = problems_of(buffer.getvalue(), FILE)
    assert (problem.row, problem.column) == (2, "满意度得分 (score)")
    assert "cell F2 holds a formula" in problem.expected


INSPECTIONS = ["序号", "单位编码", "检查日期", "检查类型", "检查项目", "得分", "满分"]


def inspections_with_total(score_of_row_2: object = 8) -> bytes:
    """Two inspection rows (2 and 3) and a 合计 row (4) whose 得分 and 满分 are =SUM formulas,
    as a program writes them: openpyxl saves no result for a formula (the trial's F1b)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(INSPECTIONS)
    sheet.append([1, "H001", "2025-08-01", "暗访", "服务态度", score_of_row_2, 10])
    sheet.append([2, "T001", "2025-08-02", "巡查", "环境卫生", 9, 10])
    sheet.append(["合计", None, None, None, None, "=SUM(F2:F3)", "=SUM(G2:G3)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_total_row_of_formulas_is_refused_as_a_total_row_not_for_its_formulas():
    """One round: delete the row. Its formulas' results do not matter, it is not loaded."""
    [problem] = problems_of(inspections_with_total(), "检查.xlsx")
    assert (problem.row, problem.column, problem.value) == (4, "序号", "合计")
    assert problem.expected_zh.startswith("此行像是合计行")
    assert "formula" not in problem.expected


def test_a_formula_in_a_data_row_is_refused_with_the_total_row_in_the_same_round():
    data = inspections_with_total(score_of_row_2="=F3-1")
    problems = problems_of(data, "检查.xlsx")
    assert [(p.row, p.column) for p in problems] == [(2, "得分 (score)"), (4, "序号")]
    assert "cell F2 holds a formula whose result the file does not hold" in problems[0].expected
    assert problems[1].expected_zh.startswith("此行像是合计行")


def test_a_workbook_refused_for_a_total_row_of_formulas_says_its_kind(file_con):
    """The Upload page names the kind its header says (it said 未能识别 when the formula
    refused the file while it was read)."""
    assert load_fixture(file_con, "units.csv").outcome == "loaded"  # H001 and T001
    result = load(file_con, inspections_with_total(), "检查.xlsx", dry_run=True)
    assert (result.outcome, result.kind) == ("rejected", "inspections")
    assert [(p.row, p.value) for p in result.problems] == [(4, "合计")]


def with_calculation_order_removed(data: bytes, score_type: bytes | None) -> bytes:
    """openpyxl's workbook as a program leaves it: the formula's result an empty ``<v></v>``,
    and no order to recalculate on opening; ``score_type`` the cell type written on F2 (b"str":
    a formula Excel saved as returning "")."""

    def change(name: str, content: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return re.sub(rb"<calcPr[^>]*/>", b'<calcPr calcId="191029"/>', content)
        if name.startswith("xl/worksheets/") and score_type is not None:
            return content.replace(b'<c r="F2"', b'<c r="F2" t="' + score_type + b'"')
        return content

    return rewritten(data, change)


def survey_with_formula_in_optional_note() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["H001", "2025Q3", "门诊", 100, 90, "=AVERAGE(80,90)", "无"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_formula_with_an_empty_number_as_its_result_is_refused_not_loaded_empty():
    data = with_calculation_order_removed(survey_with_formula_in_optional_note(), None)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b'<c r="F2"><f>AVERAGE(80,90)</f><v></v></c>' in sheet
    [problem] = problems_of(data, FILE)
    assert (problem.row, problem.column) == (2, "满意度得分 (score)")
    assert "cell F2 holds a formula whose result the file does not hold" in problem.expected


def test_a_formula_excel_saved_as_returning_empty_text_is_an_empty_cell():
    data = with_calculation_order_removed(survey_with_formula_in_optional_note(), b"str")
    frame = parse(data, FILE)
    assert frame.select("unit_code", "score").rows() == [("H001", None)]
