"""Finding a file's header: which row (or pair of rows) names the columns, and of which kind.

Header cells are matched loosely (``match_key``: spacing, width, case, units and Traditional
characters do not matter) against every contract's accepted spellings. Forms often head
some columns over two rows: a group label such as 调查结果 merged over 样本量/满意人数 in
the row below, the other columns merged down both rows. Such a pair is read as one header
(``second_header_row``)."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from etl.chinese import simplified
from etl.contracts import CONTRACTS
from etl.messages import joined, msg, pair
from etl.problems import FileRejected, Problem

HEADER_SCAN_LINES = 30


@functools.lru_cache(maxsize=4096)
def header_key(text: object) -> str:
    """Normalise a header cell so that spacing, width, case, ``*`` and units do not matter."""
    key = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    key = re.sub(r"\(.*?\)|\[.*?\]", "", key)
    return re.sub(r"[\s*_\-:：]", "", key)


@functools.lru_cache(maxsize=4096)
def match_key(text: object) -> str:
    """A header cell as it is matched against the contracts' names: its ``header_key`` in
    Simplified characters, so that 單位編碼 is recognised as 单位编码 (etl/chinese.py). The
    contracts' own names go through the same function, so both sides always agree."""
    return simplified(header_key(text))


def alias_index() -> dict[str, dict[str, str]]:
    """For each kind, header key → canonical column name."""
    return {
        kind: {match_key(h): col.name for col in contract.columns for h in col.header_names}
        for kind, contract in CONTRACTS.items()
    }


ALIASES = alias_index()


@dataclass(frozen=True)
class Header:
    """The header found: its first and last row (0-based, equal unless the header spans two
    rows), the kind it names, and one cell per column (for a two-row header, the cell that
    names the column)."""

    first: int
    last: int
    kind: str
    cells: list

    @property
    def mapping(self) -> dict[str, str]:
        return ALIASES[self.kind]


def filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


def second_header_row(upper: list, lower: list, kind: str) -> bool:
    """True when the row under a header row heads columns too: it names some column of the
    kind, or gives units in brackets (``（人）``, ``(%)``), and every other cell it fills lies
    under a cell that names no column (a group label such as 调查结果, or a cell merged from
    the left). A data row fills the cells under the header's names with values (a unit code
    under 单位编码), so it never is."""
    aliases = ALIASES[kind]
    heads = False
    for position, cell in enumerate(lower):
        if not filled(cell):
            continue
        key = match_key(cell)
        if key == "" or key in aliases:  # only a bracketed unit, or a column's name
            heads = True
            continue
        above = upper[position] if position < len(upper) else None
        if filled(above) and match_key(above) in aliases:
            return False
    return heads


def combined_cells(upper: list, lower: list, kind: str) -> list:
    """One header cell per column of a two-row header: the upper cell where it names a
    column (merged down over both rows) or the lower one gives only a unit, else the lower
    cell (under a group label, or under a cell merged from the left), else the upper."""
    aliases = ALIASES[kind]
    width = max(len(upper), len(lower))
    upper = list(upper) + [None] * (width - len(upper))
    lower = list(lower) + [None] * (width - len(lower))

    def cell(above: object, below: object) -> object:
        if filled(above) and (match_key(above) in aliases or not match_key(below)):
            return above
        return below if filled(below) else above

    return [cell(above, below) for above, below in zip(upper, lower, strict=True)]


def candidate_headers(grid: list[list], kind: str):
    """Each row as a possible header of the kind: alone, or with the row under it when that
    row heads columns too."""
    for at, row in enumerate(grid):
        below = grid[at + 1] if at + 1 < len(grid) else None
        if below is not None and second_header_row(row, below, kind):
            yield Header(at, at + 1, kind, combined_cells(row, below, kind))
        else:
            yield Header(at, at, kind, list(row))


def best_header(grid: list[list], kind: str | None) -> Header | None:
    """The header: the first row (or pair of rows) naming every required column of a kind,
    else the one naming most; None when no row names two columns of a kind."""
    kinds = [kind] if kind else list(CONTRACTS)
    by_kind = {k: list(candidate_headers(grid, k)) for k in kinds}
    best: tuple[float, Header] | None = None
    for at in range(len(grid)):
        for k in kinds:
            header = by_kind[k][at]
            required = {c.name for c in CONTRACTS[k].columns if c.required}
            keys = {match_key(c) for c in header.cells if c is not None}
            found = {ALIASES[k][key] for key in keys if key in ALIASES[k]}
            if len(found) < 2:
                continue
            score = len(found & required) / len(required) + 0.01 * len(found)
            if best is None or score > best[0]:
                best = (score, header)
        if best and best[0] >= 1:
            break
    return None if best is None else best[1]


def find_header(grid: list[list], file_name: str, kind: str | None) -> Header:
    """The header (``best_header``); ``FileRejected`` saying what a header must name, and which
    kind the file looks like when a kind was given and another fits."""
    best = best_header(grid, kind)
    if best is not None:
        return best
    if kind:
        expected = pair(
            "、".join(c.zh + "/" + c.name for c in CONTRACTS[kind].columns if c.required),
            ", ".join(c.zh + "/" + c.name for c in CONTRACTS[kind].columns if c.required),
        )
    else:
        kinds = [pair(f"{c.zh}（{k}）", f"{c.zh} ({k})") for k, c in CONTRACTS.items()]
        expected = msg("file.header_of_any", kinds=joined(kinds))
    text = msg("file.no_header", lines=HEADER_SCAN_LINES, expected=expected)
    other = best_header(grid, None) if kind else None
    if other is not None:
        found, given = CONTRACTS[other.kind], CONTRACTS[kind]
        text += msg(
            "file.other_kind",
            kind=pair(found.zh, f"{found.zh} ({other.kind})"),
            given=pair(given.zh, f"{given.zh} ({kind})"),
        )
    raise FileRejected([Problem.of(file_name, None, None, "", text)])
