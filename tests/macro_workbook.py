"""An .xlsm as Excel saves one: an .xlsx whose workbook part is declared macro-enabled, with a
VBA project part (``xl/vbaProject.bin``) related to it, as openpyxl's ``keep_vba`` keeps."""

from __future__ import annotations

import io
import zipfile

XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
VBA_RELATION = (
    b'<Relationship Id="rIdVba" Target="vbaProject.bin" '
    b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/>'
)
# the head of an OLE compound file, as a VBA project is stored; a macro that would run
# on opening (Workbook_Open) is what a reader must never run
VBA_PROJECT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Sub Workbook_Open()\x00" * 16


def macro_enabled(xlsx: bytes) -> bytes:
    """The workbook ``xlsx`` saved as a macro-enabled .xlsm holding a VBA project."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                assert XLSX_MAIN in content
                content = content.replace(XLSX_MAIN, XLSM_MAIN)
                content = content.replace(b"<Default ", VBA_TYPE + b"<Default ", 1)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", VBA_RELATION + b"</Relationships>")
            target.writestr(item, content)
        target.writestr("xl/vbaProject.bin", VBA_PROJECT)
    return out.getvalue()
