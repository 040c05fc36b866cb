"""Files that are documents, not tables: a circular as PDF or Word, a meeting deck, a photo of
a form. Told by their first bytes (and, for Office's zip files, by the folder their content
lies in), so that the analyst reads what the file is rather than that a workbook "cannot be
read" or that a text file's encoding is unknown."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

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
# the lock file Excel and WPS (~$满意度.xlsx) or LibreOffice (.~lock.满意度.xlsx#) make beside a
# workbook while it is open: the name of who opened it, no table
LOCK_PREFIXES = ("~$", ".~lock.")
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


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


def locked_workbook(data: bytes, file_name: str) -> str | None:
    """The workbook ``file_name`` is the lock file of (满意度.xlsx for ~$满意度.xlsx), when its
    name is a lock file's and its content no workbook (a workbook merely so named is read);
    else None. A folder's files given together (``etl load 报表/*.xlsx``) take the lock file
    of a workbook someone has open, and it would be told as a damaged workbook."""
    name = PurePath(file_name).name
    prefix = next((p for p in LOCK_PREFIXES if name.startswith(p)), None)
    if prefix is None or data[:4] in WORKBOOK_MAGIC:
        return None
    return name.removeprefix(prefix).removesuffix("#")
