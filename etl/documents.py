"""Files that are documents, not tables: a circular as PDF or Word, a meeting deck, a photo of
a form. Told by their first bytes (and, for Office's zip files, by the folder their content
lies in), so that the analyst reads what the file is rather than that a workbook "cannot be
read" or that a text file's encoding is unknown."""

from __future__ import annotations

import io
import zipfile

from etl.messages import Text, msg

# the first bytes of each kind of document, and the message naming it
MAGIC = (
    (b"%PDF-", "file.kind.pdf"),
    (b"\x89PNG\r\n\x1a\n", "file.kind.image"),
    (b"\xff\xd8\xff", "file.kind.image"),
    (b"GIF8", "file.kind.image"),
)
# an Office file is a zip: its parts lie in word/ (Word), ppt/ (PowerPoint), xl/ (Excel)
OFFICE_FOLDERS = (("word/", "file.kind.word"), ("ppt/", "file.kind.powerpoint"))


def document_kind(data: bytes) -> Text | None:
    """What document ``data`` is, when it is one that holds no table to read; else None."""
    for magic, key in MAGIC:
        if data.startswith(magic):
            return msg(key)
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return None  # a damaged workbook: the workbook reader says so
    if any(name.startswith("xl/") for name in names):
        return None
    for folder, key in OFFICE_FOLDERS:
        if any(name.startswith(folder) for name in names):
            return msg(key)
    return None
