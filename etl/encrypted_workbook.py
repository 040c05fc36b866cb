"""Telling a password-protected workbook from a damaged one, so that each gets its own fix.

Excel and WPS save a workbook with an open password ("用密码进行加密") not as an .xlsx (a zip)
but as an OLE compound file, the container of the old .xls format, holding two streams named
``EncryptionInfo`` and ``EncryptedPackage`` (the encrypted .xlsx) and no ``Workbook`` stream.
Excel reading libraries only say they cannot tell the file's format; re-saving such a file, the
fix for a damaged one, keeps the password.

A compound file's directory is a run of 128-byte entries, each beginning with its name in
UTF-16LE ending in a zero character, followed by the name's length in bytes (the zero
included, 2 bytes little-endian) and the entry's type (2: a stream). The directory lies in
sectors of 512 or 4096 bytes after a 512-byte header, so every entry starts at an offset that
is a multiple of 128. A stream is looked for by its entry at such an offset, which a cell's
text that happens to read ``EncryptedPackage`` would not match; there is no need to follow
the file's sector chains (as a full reader such as ``olefile`` does) to see a name.
"""

from __future__ import annotations

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SIZE = 512  # the directory lies after it
ENTRY_SIZE = 128  # a directory entry; sectors (512 or 4096 bytes) hold whole entries
NAME_FIELD = 64  # the name's bytes, then its length (2 bytes), then its type (1 byte)
STREAM = 2
ENCRYPTION_STREAMS = ("EncryptionInfo", "EncryptedPackage")


def is_encrypted_workbook(data: bytes) -> bool:
    """An Office file encrypted with an open password: an OLE compound file holding the
    ``EncryptionInfo`` and ``EncryptedPackage`` streams."""
    return data.startswith(OLE_MAGIC) and all(has_stream(data, name) for name in ENCRYPTION_STREAMS)


def has_stream(data: bytes, name: str) -> bool:
    """Whether the compound file ``data`` has a directory entry for a stream named ``name``."""
    encoded = name.encode("utf-16-le") + b"\0\0"
    length_and_type = len(encoded).to_bytes(2, "little") + bytes([STREAM])
    at = data.find(encoded, HEADER_SIZE)
    while at != -1:
        fields = data[at + NAME_FIELD : at + NAME_FIELD + 3]
        if at % ENTRY_SIZE == 0 and fields == length_and_type:
            return True
        at = data.find(encoded, at + 1)
    return False
