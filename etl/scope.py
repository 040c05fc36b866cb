"""Who may see which units: every unit, the units of some districts, or one unit.

The lowest layer defines the scope so that every layer may take one: the loader refuses a
scoped analyst's file naming another district's unit (etl/scope_check.py), the query runner
leaves out of every result the units outside the viewer's scope (queries/scope.py), and the
accounts say which scope each user has (accounts/).
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.messages import Text, joined, msg, same

# Where a unit belongs for scopes: its latest registry row (the latest from_quarter; a row
# without one is the oldest), the registry's macro units_latest (etl/registry.sql), read by the
# query runner (queries/scope.py) on a cursor with the macro installed; the loader's scope check
# reads the same rule of the registry a load would see (units_latest_of, etl/scope_check.py).
LATEST_UNIT_ROWS_SQL = "SELECT unit_code, district, peer_group FROM units_latest()"


@dataclass(frozen=True)
class Scope:
    districts: tuple[str, ...] | None = None
    unit: str | None = None

    def __post_init__(self) -> None:
        if self.districts is not None and self.unit is not None:
            raise ValueError("a scope is districts or one unit, not both")
        if self.districts is not None and not self.districts:
            raise ValueError("a district scope names at least one district")

    @property
    def is_everything(self) -> bool:
        return self.districts is None and self.unit is None

    def sees(self, unit_code: str, district: str | None) -> bool:
        """Whether the scope holds the unit, given the district its latest registry row names
        (where a unit belongs for scopes)."""
        if self.unit is not None:
            return unit_code == self.unit
        return self.districts is None or district in self.districts

    def districts_named(self, chosen: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The districts an export is about, as its heading and file name say: those chosen,
        else this reader's own (a district account's files are its districts', not the
        bureau's); none for a bureau-wide reader who chose none."""
        return tuple(chosen) or self.districts or ()

    def describe(self) -> str:
        """For lists and the command line: 'all', 'districts: 城关区, 七里河区' or 'unit: U0001'
        (``text()`` in English)."""
        return self.text().en

    def text(self) -> Text:
        """The scope as a message, said in its reader's language (区县：城关区、七里河区 /
        districts: 城关区, 七里河区), as the audit log keeps it."""
        if self.unit is not None:
            return msg("scope.unit", unit=self.unit)
        if self.districts is not None:
            return msg("scope.districts", districts=joined([same(d) for d in self.districts]))
        return msg("scope.all")


EVERYTHING = Scope()
