"""What is wrong with an input, said so that an analyst can find and fix it."""

from __future__ import annotations

from dataclasses import dataclass

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    """One problem: the file, the spreadsheet row (None for the whole file), the column,
    the value as the user typed it, and what is expected instead."""

    file: str
    row: int | None
    column: str | None
    value: str
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        value = f": '{self.value}'" if self.value not in ("", None) else ""
        return f"{where}{value}: {self.expected}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "expected": self.expected,
        }


class FileRejected(Exception):
    """A file that cannot be loaded; carries every problem found (capped) and the total."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = problems[:MAX_PROBLEMS]
        self.total = total if total is not None else len(problems)
        super().__init__(f"{self.total} problem(s)")
