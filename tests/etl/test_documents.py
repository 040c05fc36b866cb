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
