"""What a meeting pack is asked for (``PackRequest``), and the check that the store has it."""

from __future__ import annotations

from dataclasses import dataclass, field

from charts.labels import MISSING, quarter_label
from i18n import t
from queries import run
from queries.scope import EVERYTHING, Scope
from queries.selection import CircularRules


class PackInputError(ValueError):
    """A quarter, district or peer group that the database does not have."""


@dataclass(frozen=True)
class PackRequest:
    quarter: str
    lang: str = "zh"
    peer_groups: tuple[str, ...] = ()  # none = every peer group
    districts: tuple[str, ...] = ()  # none = every district
    rules: CircularRules = field(default_factory=CircularRules)
    publication: int | None = None  # the figures as this publication showed them; None: current
    scope: Scope = EVERYTHING  # the units its reader may see (queries/scope.py), on every query

    @property
    def named_districts(self) -> tuple[str, ...]:
        """The districts the pack is about: those chosen, else its reader's own (a district
        account's pack is its districts', and says so: in its heading and file names)."""
        return self.scope.districts_named(self.districts)


def check_quarter(quarter: str, quarters: list[str], lang: str) -> None:
    """PackInputError naming the quarters there are, when ``quarter`` is not one of them (each
    as the language reads a quarter: 2025年第4季度)."""
    if quarter not in quarters:
        labels = [quarter_label(q, lang) for q in sorted(quarters)]
        shown = t("text.list_sep", lang).join(labels) or MISSING
        said = t("pack.error.quarter", lang, quarter=quarter_label(quarter, lang), quarters=shown)
        raise PackInputError(said)


def check_request(con, request: PackRequest, quarters: list[str]) -> list[str]:
    """The peer groups the pack covers; PackInputError for a value the database lacks (or the
    request's scope does not reach)."""
    lang = request.lang
    check_quarter(request.quarter, quarters, lang)
    indicators = run(con, "indicators", request.scope)
    if indicators.filter(indicators["has_definition"]).is_empty():
        raise PackInputError(t("pack.error.no_system", lang))
    districts = run(con, "districts", request.scope)["district"].to_list()
    # a name the bureau has, refused because the scope or the districts chosen leave it out,
    # is said so (with what to do), not called unknown
    scope = request.scope.text().in_lang(lang)
    for district in request.districts:
        if district not in districts:
            choices = t("text.list_sep", lang).join(districts)
            key = "pack.error.district"
            if district in run(con, "districts")["district"].to_list():
                key = "pack.error.district_outside"
            raise PackInputError(t(key, lang, value=district, choices=choices, scope=scope))
    # the groups that have a unit in the districts asked for: a district pack has no slides for
    # a group it has no unit in
    chosen = {"districts": list(request.districts)} if request.districts else {}
    present = run(con, "peer_groups", request.scope, **chosen)["peer_group"].to_list()
    for group in request.peer_groups:
        if group not in present:
            choices = t("text.list_sep", lang).join(present)
            key = "pack.error.group"
            if group in run(con, "peer_groups")["peer_group"].to_list():
                key = "pack.error.group_absent"
            raise PackInputError(t(key, lang, value=group, choices=choices, scope=scope))
    return [g for g in present if not request.peer_groups or g in request.peer_groups]
