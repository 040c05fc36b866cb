"""A document given where a table is asked (a circular as PDF or Word, last quarter's deck, a
photo of a form) is named as what it is, not as a workbook that "cannot be read" or a text
file of unknown encoding (etl/documents.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from etl_helpers import problems_of
from pptx import Presentation

# a 1 × 1 white PNG, as any screenshot begins: signature, IHDR, IDAT, IEND
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4e800"
    "00000049454e44ae426082"
)


def word_document() -> bytes:
    document = Document()
    document.add_paragraph("关于2026年第三季度文明创建测评情况的通报")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "单位编码", "满意度"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def deck() -> bytes:
    out = io.BytesIO()
    Presentation().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "zh", "en"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "通报.pdf", "这是 PDF 文件，", "this is a PDF file, "),
        (word_document(), "通报.docx", "这是 Word 文档，", "this is a Word document, "),
        (deck(), "汇报.xlsx", "这是 PowerPoint 演示文稿，", "this is a PowerPoint presentation, "),
        (PNG, "报表截图.png", "这是图片，", "this is an image, "),
    ],
)
def test_a_document_is_named_as_what_it_is(data, name, zh, en):
    (problem,) = problems_of(data, name)
    assert problem.expected_zh.startswith(zh + "不是表格文件：请上传 CSV 文件或 Excel 工作簿")
    assert problem.expected.startswith(en + "not a table: load a CSV file or an Excel workbook")


def test_a_zip_that_is_no_office_document_is_left_to_the_workbook_reader():
    """A zip of CSV files named .xlsx is no document of these kinds: the workbook reader says
    it cannot read it, as before."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("surveys.csv", "单位编码,季度\n")
    (problem,) = problems_of(out.getvalue(), "surveys.xlsx")
    assert "not a table" not in problem.expected
    assert "Excel" in problem.expected


def excel_owner_file(user: str) -> bytes:
    """What Excel writes beside a workbook while it is open (~$满意度.xlsx): the user's name
    in the ANSI code page padded to 54 bytes, then in UTF-16, 165 bytes in all."""
    ansi = user.encode("gbk")
    head = bytes([len(user)]) + ansi + b" " * (53 - len(ansi))
    wide = bytes([len(user), 0]) + user.encode("utf-16-le")
    return (head + wide + b" \x00" * (54 - len(user)))[:165].ljust(165, b"\x00")


@pytest.mark.parametrize("name", ["~$满意度.xlsx", ".~lock.满意度.xlsx#"])
def test_an_open_workbooks_lock_file_is_told_as_such(name):
    """Trial H: ``etl load 报表/*.xlsx`` while a colleague had 满意度.xlsx open took Excel's
    lock file ~$满意度.xlsx too (hidden on Windows, not in a shared folder seen from the
    server); it was refused as a damaged workbook with calamine's 'Cannot detect file format',
    to be opened and saved again or asked for again. It is the lock file, to be left out."""
    [problem] = problems_of(excel_owner_file("张三"), name)
    assert (problem.row, problem.column) == (None, None)
    assert problem.expected == (
        "this is the lock file Excel or WPS makes beside a workbook while it is open (its name "
        "begins with ~$ or .~lock.), not data: leave it out and load the workbook itself, "
        "满意度.xlsx"
    )
    assert problem.expected_zh == (
        "这是 Excel 或 WPS 打开工作簿时在旁边生成的锁定文件（文件名以 ~$ 或 .~lock. 开头），"
        "不是数据：请不要上传它，上传工作簿本身 满意度.xlsx"
    )
