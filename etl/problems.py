"""What is wrong with an input, said so that an analyst can find and fix it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from etl.messages import Text, msg, pair, same
from i18n.english import counted

if TYPE_CHECKING:
    import polars as pl

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    """One problem: the file, the spreadsheet row (None for the whole file), the column,
    the value as the user typed it, and what is expected instead; ``sheet`` names the sheet
    of a workbook of several (its sheets are loaded one by one, each with its own rows 1, 2…,
    so a row number alone does not say where the cell is).

    ``expected`` is English (the CLI's default); ``expected_zh`` says the same in Chinese.
    ``value_zh`` is set only where the value is words of Civbench's own (``same as row 2``)
    rather than a cell as typed. ``column_zh`` names the column for a Chinese reader where
    ``column`` adds the contract's English name to the file's header (``得分`` beside
    ``得分 (score)``). ``text`` is the expectation as a message (its key and
    values), kept so that the upload log can store it and say it in its reader's language.
    """

    file: str
    row: int | None
    column: str | None
    value: str
    expected: str
    expected_zh: str = ""
    value_zh: str | None = None
    text: Text | None = field(default=None, compare=False, repr=False)
    column_zh: str | None = field(default=None, compare=False, repr=False)
    sheet: str | None = None

    def __post_init__(self) -> None:
        # a cell that swallowed the rest of a file (a stray quote) must not make a message of
        # megabytes: the value is quoted to its first 200 characters
        object.__setattr__(self, "value", shortened(self.value))

    @classmethod
    def of(
        cls,
        file: str,
        row: int | None,
        column: str | None,
        value: str,
        text: Text,
        value_text: Text | None = None,
        column_zh: str | None = None,
    ) -> Problem:
        """A problem whose expectation (and, if given, value) is said in both languages."""
        value_zh = value_text.zh if value_text is not None else None
        value = value_text.en if value_text is not None else value
        return cls(file, row, column, value, text.en, text.zh, value_zh, text, column_zh)

    def in_sheet(self, sheet: str | None) -> Problem:
        """The same problem, found in ``sheet`` of its workbook (None: a file of one table)."""
        return self if sheet is None else replace(self, sheet=sheet)

    def expected_in(self, lang: str) -> str:
        """What is expected, in ``lang`` ('zh' or 'en'); English when no Chinese was given."""
        return self.expected_zh if lang == "zh" and self.expected_zh else self.expected

    def column_in(self, lang: str) -> str | None:
        return self.column_zh if lang == "zh" and self.column_zh is not None else self.column

    def value_in(self, lang: str) -> str:
        return self.value_zh if lang == "zh" and self.value_zh is not None else self.value

    def describe(self, lang: str = "en") -> str:
        """``file, sheet s, row 3, column x: 'value': expected …`` in ``lang`` (the sheet only
        for a workbook of several)."""
        return self.described().in_lang(lang)

    def described(self) -> Text:
        """The problem as one message: where it is, then what is expected."""
        where = same(self.file)
        if self.sheet is not None:
            where += msg("where.sheet", sheet=self.sheet)
        if self.row is not None:
            where += msg("where.row", row=self.row)
        if self.column:
            column = (
                same(self.column) if self.column_zh is None else pair(self.column_zh, self.column)
            )
            where += msg("where.column", column=column)
        if self.value not in ("", None):
            value = pair(self.value_in("zh"), self.value) if self.value_zh else same(self.value)
            where += msg("where.value", value=value)
        expected = self.text or pair(self.expected_in("zh"), self.expected)
        return msg("problem.described", where=where, expected=expected)

    def __str__(self) -> str:
        return self.describe("en")

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column_in(lang),
            "value": self.value_in(lang),
            "expected": self.expected_in(lang),
        }


class FileRejected(Exception):
    """A file that cannot be loaded; carries every problem found (capped) and the total."""

    def __init__(
        self,
        problems: list[Problem],
        total: int | None = None,
        kind: str | None = None,
        rows: pl.DataFrame | None = None,
    ):
        self.problems = problems[:MAX_PROBLEMS]
        self.total = total if total is not None else len(problems)
        self.kind = kind  # the kind of file, when it was told before the refusal
        # the rows the contract's checks read (etl.validate.parse_and_check), when they refused
        # the file: the loader's scope check names those outside the scope with the problems
        self.rows = rows
        # what the file's load would say besides (weights that do not add up), said with the
        # problems so that the file is corrected once (etl/load.py ``refused_notes``)
        self.notes: list[Text] = []
        # the quarters of the file's rows, when they were read before the refusal: the upload
        # log names them, as it names a load's (etl/load.py ``passed_checks``)
        self.quarters: list[str] = []
        super().__init__(
            counted("{total} problems", {"total": self.total}).format(total=self.total)
        )


class Refused(Exception):
    """An action on a load that cannot be done, with the reason in plain words (``str()`` is
    English, ``text`` has both languages)."""

    def __init__(self, text: Text):
        self.text = text
        super().__init__(text.en)


class WithdrawRefused(Refused):
    """A load that cannot be withdrawn; ``kind``: the load's kind (etl/contracts.py), when
    the refusal came after it was read, for its audit action."""

    def __init__(self, text: Text, kind: str = ""):
        super().__init__(text)
        self.kind = kind

    @property
    def audit_action(self) -> str:
        return withdrawal_action(self.kind)


def withdrawal_action(kind: str) -> str:
    """The audit log's action for a withdrawal of a load of ``kind``, done or refused: taking
    back an indicator-system load changes the system as its load did (``indicators``: the
    Indicator-system page's audit lists it, so a leader reads there that a change was undone,
    or refused, by whom and when); any other withdrawal is a ``withdraw``."""
    return "indicators" if kind == "indicators" else "withdraw"


class ReceivedRefused(Refused):
    """A load whose day received cannot be set (etl/received.py)."""


MAX_VALUE_CHARS = 200


def shortened(value: str) -> str:
    """A value cut to its first 200 characters, marked as cut."""
    if not isinstance(value, str) or len(value) <= MAX_VALUE_CHARS:
        return value
    return value[:MAX_VALUE_CHARS] + "…"
