"""How wide a text shows where every character takes a fixed width (a terminal, a spreadsheet
column): a wide character (Chinese, full-width letters) takes two columns, so padding or sizing
by characters would shift or cut the columns after it; and where a line of text may break
(``wrapped``), for the slides, the PDF, the charts' titles and the command line's helps."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable


def is_wide(ch: str) -> bool:
    """A wide character (Chinese, a full-width letter or sign): about twice a Latin letter's
    width in any font, and a place a line may break. The one test of it: the terminal's
    columns here, the slides', the circular's and the problems grid's estimates of a text's
    width (each with its font's widths) read it."""
    return unicodedata.east_asian_width(ch) in "WF"


def display_width(text: str) -> int:
    """Columns ``text`` takes: wide (CJK, full-width) characters count double."""
    return sum(2 if is_wide(ch) else 1 for ch in text)


# A text of at most this many columns (four Chinese characters, eight digits) is short: a
# district (七里河区), a heading of a few characters (名次区间), a rank or a figure. Broken, it
# reads wrong (七里河 / 区, 名 / 次), so the deck's and the circular's tables keep their short
# texts on one line where the line has room (charts.deck.column_widths,
# charts.circular.column_widths).
SHORT_COLUMNS = 8


def is_short(text: str) -> bool:
    """A text a table keeps on one line when it can (``SHORT_COLUMNS``)."""
    return display_width(text) <= SHORT_COLUMNS


def padded(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` columns (none when it is wider)."""
    return text + " " * max(width - display_width(text), 0)


def aligned(rows: list[list[str]], widths: list[int]) -> list[str]:
    """Each row's cells padded so that every column starts at one place on every line: each
    column as wide as its widest cell, or its given width if wider (a long name padded to a
    fixed width shifted the columns after it on its line); the last cell is not padded."""
    for row in rows:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=False)]
    return [
        " ".join([*(padded(c, w) for c, w in zip(row[:-1], widths, strict=False)), row[-1]])
        for row in rows
    ]


def break_pieces(text: str) -> list[str]:
    """The pieces a line may break between: each Chinese (or full-width) character, and each
    run of other characters with the space after it (a word, a number), as PowerPoint and
    Writer break a line."""
    pieces, word = [], ""
    for ch in text:
        if is_wide(ch):
            pieces += [word, ch] if word else [ch]
            word = ""
        else:
            word += ch
            if ch == " ":
                pieces.append(word)
                word = ""
    return pieces + [word] if word else pieces


def wrapped(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """The text in lines no wider than ``width`` (as ``measure`` reads a piece of it), broken
    between ``break_pieces`` and at line breaks in the text; a space ending a line takes no
    room, and a word wider than a line starts a line and is broken between its characters.
    Broken between any two characters, an English subtitle of the PDF read "80 in t / he"."""
    lines = []
    for part in text.split("\n"):
        line, used = "", 0.0
        for piece in break_pieces(part):
            word = measure(piece.rstrip(" "))
            if line and used + word > width:
                lines.append(line.rstrip(" "))
                line, used = "", 0.0
            for chunk in [piece] if word <= width else list(piece):
                size = measure(chunk)
                if line and chunk != " " and used + size > width:
                    lines.append(line.rstrip(" "))
                    line, used = "", 0.0
                line, used = line + chunk, used + size
        lines.append(line.rstrip(" "))
    return lines
