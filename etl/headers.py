"""Finding a file's header: which row (or rows) names the columns, and of which kind.

Header cells are matched loosely (``match_key``: spacing, width, case, units and Traditional
characters do not matter) against every contract's accepted spellings. Forms often head
columns over two or three rows: a group label such as 调查结果 merged over 样本量/满意人数
in the row below, the other names merged down; a row of group labels above the names; units
in brackets under them. Such rows are read as one header (``header_at``), below any title.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

from etl.chinese import simplified
from etl.contracts import CONTRACTS, Column
from etl.messages import Text, joined, msg, pair
from etl.problems import FileRejected, Problem
from i18n import voice

HEADER_SCAN_LINES = 30
MAX_HEADER_ROWS = 3  # group labels, names, units


def loose_key(text: object) -> str:
    """Text with width (NFKC: ０ is 0, Ａ is A), case, spacing and the marks ``* _ - : ：``
    left out of account."""
    key = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    return re.sub(r"[\s*_\-:：]", "", key)


@functools.lru_cache(maxsize=4096)
def header_key(text: object) -> str:
    """Normalise a header cell so that spacing, width, case, units and the marks of a required
    column do not matter: ``*`` (full-width ＊ is made half-width) and the ★ ☆ ※ of 填报
    templates. The header as written (★单位编码) is kept for messages (``RawTable.headers``)."""
    return re.sub(r"\(.*?\)|\[.*?\]|[★☆※]", "", loose_key(text))


@functools.lru_cache(maxsize=4096)
def match_key(text: object) -> str:
    """A header cell as it is matched against the contracts' names: its ``header_key`` in
    Simplified characters, so that 單位編碼 is recognised as 单位编码 (etl/chinese.py). The
    contracts' own names go through the same function, so both sides always agree."""
    return simplified(header_key(text))


@functools.cache
def unit_name_keys() -> frozenset[str]:
    return frozenset(match_key(h) for h in CONTRACTS["units"].column("unit_name").header_names)


def names_units(header: object) -> bool:
    """A header of the units' names (单位名称, 机构名称): the registry's column, which a data
    file may carry beside its codes, or instead of them."""
    return match_key(header) in unit_name_keys()


@functools.lru_cache(maxsize=4096)
def spelling_key(text: object) -> str:
    """Words as two spellings of them share it: matched as header names are (``match_key``:
    width, case, spacing and Traditional characters do not matter), but whole, brackets and
    all, as 高新区（北区） and 高新区（南区） are two places. Free text is stored as written:
    this only tells that two cells (新區 and 新区) look like one word written two ways."""
    return simplified(loose_key(text))


@functools.lru_cache(maxsize=16)
def alias_index(level: str) -> dict[str, dict[str, str]]:
    """For each kind, header key → canonical column name, for a bureau of ``level``: every
    contract's spellings, and the level's own headings of the registry's 区县 column (a
    province's 市州: ``i18n/voice.py`` DIVISIONS)."""
    index = {
        kind: {match_key(h): col.name for col in contract.columns for h in col.header_names}
        for kind, contract in CONTRACTS.items()
    }
    for kind, contract in CONTRACTS.items():
        for col in contract.columns:
            for heading in bilingual_names(col):
                index[kind].setdefault(match_key(heading), col.name)
    for heading in voice.DIVISIONS[level].headings:
        index["units"].setdefault(match_key(heading), "district")
    return index


def bilingual_names(column: Column) -> list[str]:
    """The column's names as a bilingual form heads it in one cell: each Chinese spelling
    followed by each English one (``单位编码 Unit code``, ``季度`` and ``Quarter`` on two lines;
    ``match_key`` leaves out the space, line break and case). Only the column's own pairs: a
    Chinese name beside another column's English, or beside any other words, names nothing."""
    chinese = [h for h in column.header_names if not h.isascii()]
    english = [h for h in column.header_names if h.isascii()]
    return [f"{zh} {en}" for zh in chinese for en in english]


def levels_heading(header: object) -> list[str]:
    """The bureau levels other than the one spoken for whose registries head the 区县 column
    as ``header`` (乡镇: a county's, a banner's), in ``voice.LEVELS`` order: a new county
    bureau's registry, read as a city's until its level is set, is told to set it."""
    key, own = match_key(header), voice.current().level
    return [
        level
        for level, divisions in voice.DIVISIONS.items()
        if level != own and key in {match_key(h) for h in divisions.headings}
    ]


def division_header_keys() -> set[str]:
    """The ``match_key`` of every heading of the registry's 区县 column for the bureau spoken
    for: the contract's (区县, 所属区县 …) and its level's own (a county's 乡镇)."""
    own = voice.DIVISIONS[voice.current().level].headings
    headings = (*CONTRACTS["units"].column("district").header_names, *own)
    return {match_key(h) for h in headings}


def aliases() -> dict[str, dict[str, str]]:
    """``alias_index`` of the bureau spoken for (each page run and command sets it)."""
    return alias_index(voice.current().level)


def own_names(column: Column) -> set[str]:
    """The header keys that name ``column`` by its own name (单位编码, unit_code), which win
    over another spelling beside them; for the registry's 区县 column also the bureau's own
    word for the places one level down (a province's 市州 beside its 县区)."""
    own = {match_key(column.zh), match_key(column.name)}
    if column.name == "district":
        own.add(match_key(voice.words("zh")["divisions"]))
    return own


@dataclass(frozen=True)
class Header:
    """The header found: its first and last row (0-based, equal unless the header spans two
    rows), the kind it names, and one cell per column (for a two-row header, the cell that
    names the column)."""

    first: int
    last: int
    kind: str
    cells: list
    title: str = ""  # the text of the rows above it (a form's title, 填报单位…)
    # a column's name merged over sub-columns none of which is a column (参与人数 over
    # 职工/群众): (the sub-columns' row, from 0; the name; the sub-columns' labels)
    split: tuple[tuple[int, str, tuple[str, ...]], ...] = ()

    @property
    def mapping(self) -> dict[str, str]:
        return aliases()[self.kind]


def filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


def cell_at(row: list, position: int) -> object:
    return row[position] if position < len(row) else None


def names_column(cell: object, kind: str) -> bool:
    return filled(cell) and match_key(cell) in aliases()[kind]


def starts_header(row: list, kind: str) -> bool:
    """A row that may head columns over the rows below it: it names a column of the kind, or
    holds group labels (two cells or more). A title (one cell) or an empty row never does."""
    cells = [c for c in row if filled(c)]
    return len(cells) >= 2 or any(names_column(c, kind) for c in cells)


def spans(upper: list, lower: list, position: int) -> bool:
    """The upper cell stands over several columns, as a merged group label does: the upper
    cell to its right is empty and the lower row fills that column."""
    return not filled(cell_at(upper, position + 1)) and filled(cell_at(lower, position + 1))


def second_header_row(upper: list, lower: list, kind: str) -> bool:
    """True when the row under a header row heads columns too: it names some column of the
    kind, or gives units in brackets (``（人）``, ``(%)``), and each other cell it fills lies
    under a group label (调查结果 over 样本量/满意人数, even one that is itself a column's
    name, 满意度 over 满意人数/满意率) or under a cell that names no column. A data row fills
    the cells under the header's names with values (a unit code under 单位编码), so it never
    is one."""
    heads = False
    for position, cell in enumerate(lower):
        if not filled(cell):
            continue
        if match_key(cell) == "" or names_column(cell, kind):  # a bracketed unit, or a name
            heads = True
        elif names_column(cell_at(upper, position), kind) and not spans(upper, lower, position):
            return False
    under_labels = [p for p, cell in enumerate(lower) if filled(cell)]
    spanned = {p for run in spanning_runs(upper, lower) for p in run}
    return heads or bool(under_labels) and set(under_labels) <= spanned


def spanning_runs(upper: list, lower: list) -> list[range]:
    """The columns each merged group label stands over: a filled upper cell, the empty upper
    cells to its right, each over a filled lower cell; two columns at least."""
    runs, position, width = [], 0, max(len(upper), len(lower))
    while position < width:
        end = position + 1
        if filled(cell_at(upper, position)) and filled(cell_at(lower, position)):
            while end < width and not filled(cell_at(upper, end)) and filled(cell_at(lower, end)):
                end += 1
        if end - position >= 2:
            runs.append(range(position, end))
        position = end
    return runs


def split_columns(upper: list, lower: list, kind: str) -> list[tuple[str, tuple[str, ...]]]:
    """Group labels that name a column of the kind over sub-columns none of which does, alone
    or with the label (参与人数 over 职工/群众): the file gives parts where the contract wants
    one figure, and adding them up would be a guess."""
    split = []
    for run in spanning_runs(upper, lower):
        label = str(upper[run.start]).strip()
        subs = [str(lower[p]).strip() for p in run]
        if names_column(label, kind) and not any(
            names_column(sub, kind) or names_column(f"{label}{sub}", kind) for sub in subs
        ):
            split.append((label, tuple(subs)))
    return split


def combined_cells(upper: list, lower: list, kind: str) -> list:
    """One header cell per column of a header over two rows: the lower cell where it names a
    column (the more precise name under a group label), or its group label and it together
    (志愿服务 over 时长 is 志愿服务时长); else the upper cell where it names one (merged down
    over both rows) or the lower gives only a unit; else the lower cell if filled, else the
    upper."""
    width = max(len(upper), len(lower))
    labels = group_labels(upper, lower)

    def cell(position: int) -> object:
        above, below = cell_at(upper, position), cell_at(lower, position)
        if names_column(below, kind):
            return below
        label = labels[position]
        if label is not None and filled(below) and names_column(f"{label}{below}", kind):
            return f"{label}{below}"
        if filled(above) and (names_column(above, kind) or not match_key(below)):
            return above
        return below if filled(below) else above

    return [cell(i) for i in range(width)]


def group_labels(upper: list, lower: list) -> list:
    """The group label over each column: an upper cell over a filled lower cell, carried
    right over the empty upper cells a merged label leaves (调查结果 over 样本量 and
    满意人数)."""
    labels, label = [], None
    for position in range(max(len(upper), len(lower))):
        above, below = cell_at(upper, position), cell_at(lower, position)
        if filled(above):
            label = str(above).strip() if filled(below) else None
        elif not filled(below):
            label = None
        labels.append(label if filled(below) else None)
    return labels


def header_at(grid: list[list], at: int, kind: str) -> Header:
    """The header of the kind that starts at row ``at``: the row, with the rows under it that
    head columns too (at most MAX_HEADER_ROWS in all: group labels, names, units)."""
    cells, last, split = list(grid[at]), at, []
    if not starts_header(cells, kind):
        return Header(at, at, kind, cells)
    while (
        last + 1 < len(grid)
        and last + 1 - at < MAX_HEADER_ROWS
        and second_header_row(cells, grid[last + 1], kind)
    ):
        split += [(last + 1, *s) for s in split_columns(cells, grid[last + 1], kind)]
        cells = combined_cells(cells, grid[last + 1], kind)
        last += 1
    return Header(at, last, kind, cells, split=tuple(split))


def best_header(grid: list[list], kind: str | None) -> Header | None:
    """The header: the first row (with the rows under it that head columns too) naming every
    required column of a kind, else the one naming most; None when none names two columns."""
    kinds = [kind] if kind else list(CONTRACTS)
    best: tuple[float, Header] | None = None
    for at in range(len(grid)):
        for k in kinds:
            header = header_at(grid, at, k)
            required = {c.name for c in CONTRACTS[k].columns if c.required}
            keys = {match_key(c) for c in header.cells if c is not None}
            index = aliases()[k]
            found = {index[key] for key in keys if key in index}
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
    if best is not None and best.split:
        problems = [split_problem(file_name, best, *split) for split in best.split]
        raise FileRejected(problems, kind=best.kind)
    if best is not None:
        above = [str(c).strip() for row in grid[: best.first] for c in row if filled(c)]
        return replace(best, title=" ".join(above))
    typed = typed_separator(grid)
    if typed is not None:
        row, separator = typed
        text = msg("file.typed_separator", row=row, separator=separator)
        raise FileRejected([Problem.of(file_name, None, None, "", text)])
    if kind:
        expected = pair(
            "、".join(c.zh + "/" + c.name for c in CONTRACTS[kind].columns if c.required),
            ", ".join(c.zh + "/" + c.name for c in CONTRACTS[kind].columns if c.required),
        )
    else:
        kinds = [pair(f"{c.zh}（{k}）", f"{c.zh} ({k})") for k, c in CONTRACTS.items()]
        expected = msg("file.header_of_any", kinds=joined(kinds))
    text = msg("file.no_header", lines=HEADER_SCAN_LINES, expected=expected)
    hint = other_kind_hint(grid, kind) if kind else None
    if hint is not None:
        text += hint
    elif survey_platform_export(grid):
        text += msg("file.survey_platform_export")
    elif pivot_table(grid):
        text += msg("file.pivot_table")
    elif (headed := unknown_header(grid)) is not None:
        row, cells = headed
        text += msg("file.other_header", row=row, cells="、".join(cells[:UNKNOWN_CELLS_SAID]))
    raise FileRejected([Problem.of(file_name, None, None, "", text)])


# what an Excel pivot table's layout writes in its head (中文 and English Excel)
PIVOT_WORDS = re.compile(
    r"^(求和项|计数项|平均值项|最大值项|最小值项|Sum of|Count of|Average of)\s*[:：]"
    r"|^(行标签|列标签|Row Labels|Column Labels)$"
)
UNKNOWN_CELLS_SAID = 5  # the cells of an unknown header a refusal quotes


def pivot_table(grid: list[list]) -> bool:
    """Whether the head holds a pivot table's words (求和项:样本量, 行标签): its totals, not
    the rows they sum, which the file's kinds ask for."""
    return any(PIVOT_WORDS.search(str(c).strip()) for row in grid for c in row if filled(c))


def unknown_header(grid: list[list]) -> tuple[int, list[str]] | None:
    """The first filled row (its spreadsheet number) and its cells when it reads as a header,
    at least three distinct cells of text and none a number: a staff roster (姓名, 性别, 科室)
    was told no header row was found, where it has one, of no kind Civbench loads."""
    for number, row in enumerate(grid, start=1):
        cells = [str(c).strip() for c in row if filled(c)]
        if not cells:
            continue
        texts = [c for c in cells if not re.fullmatch(r"[-+]?[\d.,%]+", c)]
        if len(set(texts)) >= 3 and len(texts) == len(cells):
            return number, cells
        return None
    return None


# the columns a survey platform (问卷星, 腾讯问卷) puts before the questions of its export
PLATFORM_COLUMNS = (
    "提交答卷时间",
    "所用时间",
    "来源",
    "来源详情",
    "来自IP",
    "答题时间",
    "提交时间",
)


def survey_platform_export(grid: list[list]) -> bool:
    """Whether a row of the head holds two of a survey platform's own columns: an export of
    answers, one row per respondent, headed by the questions (1、您就诊的单位)."""
    return any(
        sum(str(c).strip() in PLATFORM_COLUMNS for c in row if filled(c)) >= 2 for row in grid
    )


# what a line typed with a Chinese input method separates its names with, where a CSV file
# takes the English comma: 单位编码，季度，调查类型 (a CSV written by hand in Notepad)
TYPED_SEPARATORS = ("，", "、")


def typed_separator(grid: list[list]) -> tuple[int, str] | None:
    """The row (from 1) and separator of a header typed in one cell with a Chinese comma, when
    its parts name two columns or more of the contracts; else None. Only looked at when no
    header was found, so a readable file pays nothing."""
    for number, row in enumerate(grid, start=1):
        for cell in (str(c) for c in row if filled(c)):
            for separator in TYPED_SEPARATORS:
                parts = {match_key(part) for part in cell.split(separator)}
                if len(parts) > 1 and len(parts & known_header_keys()) >= 2:
                    return number, separator
    return None


@functools.lru_cache(maxsize=1)
def known_header_keys() -> frozenset[str]:
    """Every spelling of every contract's columns, as ``match_key`` gives it."""
    return frozenset(
        match_key(h) for c in CONTRACTS.values() for col in c.columns for h in col.header_names
    )


def split_problem(
    file_name: str, header: Header, row: int, label: str, subs: tuple[str, ...]
) -> Problem:
    """The problem of a column given in parts (``split_columns``), on the sub-columns' row."""
    name = header.mapping[match_key(label)]
    text = msg(split_message(header.kind, name), label=label)
    column = f"{label} ({name})"
    return Problem.of(file_name, row + 1, column, "、".join(subs), text, column_zh=label)


def split_message(kind: str, name: str) -> str:
    """The message key for a column given in parts: a figure's parts are to be added up into
    one (样本量 over 门诊/住院), a text's written in one cell (检查项目 over 一级指标/二级指标)."""
    numeric = CONTRACTS[kind].column(name).type in ("int", "number")
    return "file.split_column" if numeric else "file.split_text_column"


def other_kind_hint(grid: list[list], given: str) -> Text | None:
    """When the file was loaded as ``given`` but its header names another kind's columns
    better: which kind it looks like (a fragment to add to the problem)."""
    other = best_header(grid, None)
    if other is None or other.kind == given:
        return None
    found, stated = CONTRACTS[other.kind], CONTRACTS[given]
    return msg(
        "file.other_kind",
        kind=pair(found.zh, f"{found.zh} ({other.kind})"),
        given=pair(stated.zh, f"{stated.zh} ({given})"),
    )
