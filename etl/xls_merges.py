"""The merged cells of an old binary .xls sheet (BIFF8 in an OLE compound file), which the
reader (fastexcel, calamine) does not give: a unit's code merged down over its inspection items
read as empty on every row but the first ("a value is required"), where the same form saved as
.xlsx was read as the sheet shows it (etl/merged_cells.py). Only what that needs is read: the
compound file's Workbook stream, the sheets' names and places, and in the sheet asked for its
MERGEDCELLS records and the first column holding a value (fastexcel's first column, c0)."""

from __future__ import annotations

import struct

from etl.merged_cells import Span

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END_OF_CHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
BOF, EOF, BOUNDSHEET, MERGEDCELLS = 0x0809, 0x000A, 0x0085, 0x00E5
# records of a cell holding a value (not BLANK or MULBLANK, which only format a cell)
VALUE_RECORDS = {0x00FD, 0x0203, 0x027E, 0x00BD, 0x0006, 0x0205, 0x0204, 0x00D6}


def xls_spans(data: bytes, sheet: str | None) -> list[Span]:
    """The merged cells of ``sheet`` (the first sheet when None) of a binary .xls, in the
    frame's coordinates; [] for any other file or one this cannot read (the reader then reads
    it as before, merges unread)."""
    if not data.startswith(OLE_MAGIC):
        return []
    try:
        stream = workbook_stream(data)
        return sheet_spans(stream, sheet) if stream else []
    except (struct.error, IndexError, KeyError, ValueError):
        return []


def workbook_stream(data: bytes) -> bytes | None:
    """The ``Workbook`` (or BIFF5 ``Book``) stream of an OLE compound file."""
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    fat_count, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, _, _, first_difat, difat_count = struct.unpack_from("<IIIII", data, 0x38)
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s not in (FREE,)]
    next_difat, per_difat = first_difat, sector // 4 - 1
    for _ in range(difat_count):
        entries = struct.unpack_from(f"<{per_difat + 1}I", data, (next_difat + 1) * sector)
        fat_sectors += [s for s in entries[:-1] if s != FREE]
        next_difat = entries[-1]
    fat_sectors = fat_sectors[:fat_count]
    fat: list[int] = []
    for s in fat_sectors:
        fat += struct.unpack_from(f"<{sector // 4}I", data, (s + 1) * sector)

    def chain(start: int) -> bytes:
        out, seen = [], set()
        while start not in (END_OF_CHAIN, FREE) and start not in seen:
            seen.add(start)
            out.append(data[(start + 1) * sector : (start + 2) * sector])
            start = fat[start]
        return b"".join(out)

    directory = chain(first_dir)
    entries = {}
    for at in range(0, len(directory) - 127, 128):
        length = struct.unpack_from("<H", directory, at + 0x40)[0]
        name = directory[at : at + max(length - 2, 0)].decode("utf-16-le", errors="replace")
        kind = directory[at + 0x42]
        start, size = struct.unpack_from("<II", directory, at + 0x74)
        entries.setdefault(name, (kind, start, size))
    found = entries.get("Workbook") or entries.get("Book")
    if found is None:
        return None
    _, start, size = found
    # a stream under the cutoff lies in the mini stream: no spreadsheet program writes a
    # workbook that small (its styles and fonts alone fill 4 KB), so it is not read
    return chain(start)[:size] if size >= cutoff else None


def records(stream: bytes, at: int = 0):
    """The BIFF records from ``at``: (offset, type, body)."""
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        yield at, kind, stream[at + 4 : at + 4 + length]
        at += 4 + length


def sheet_spans(stream: bytes, sheet: str | None) -> list[Span]:
    """The merges of the sheet named (or the first), with columns counted from the first
    column that holds a value, as fastexcel's frame counts them."""
    places = {}
    for _, kind, body in records(stream):
        if kind == BOUNDSHEET:
            count, wide = body[6], body[7] & 1
            raw = body[8 : 8 + count * (2 if wide else 1)]
            name = raw.decode("utf-16-le" if wide else "latin-1")
            places.setdefault(name, struct.unpack_from("<I", body, 0)[0])
        elif kind == EOF:
            break
    if not places:
        return []
    start = places[sheet] if sheet is not None else next(iter(places.values()))
    merges, first_column = [], None
    for at, kind, body in records(stream, start):
        if kind == EOF:
            break
        if kind == MERGEDCELLS:
            count = struct.unpack_from("<H", body, 0)[0]
            merges += [struct.unpack_from("<4H", body, 2 + 8 * i) for i in range(count)]
        elif kind in VALUE_RECORDS:
            column = struct.unpack_from("<H", body, 2)[0]
            first_column = column if first_column is None else min(first_column, column)
        elif kind == BOF and at != start:
            break
    offset = first_column or 0
    return [
        Span(first_row, first_col - offset, last_row, last_col - offset)
        for first_row, last_row, first_col, last_col in merges
    ]
