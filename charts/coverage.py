"""What part of the bureau a meeting pack and its circular list, and whose their headline
figures are, in words (i18n/strings_exports.py, ``cover.*``).

A pack may list one unit (a unit's own account), some districts (chosen, or a district
account's), some peer groups, or everything; its headline figures (units assessed, the mean
index, the attainment rate) are those of every unit of the city, or of one chosen peer group
(charts.pack.data.scope_group). Titles, notes and captions name each as it is: 全市 only for
the whole city.
"""

from __future__ import annotations

from dataclasses import dataclass

from charts.labels import group_label
from etl.contracts import ALL_PEER_GROUPS
from i18n import t


@dataclass(frozen=True)
class Coverage:
    unit: str = ""  # the one unit listed (a unit's own account), by its name
    districts: tuple[str, ...] = ()  # the districts listed: those chosen, else the reader's
    groups: tuple[str, ...] = ()  # the peer groups chosen (none: every group)
    figures_group: str = ALL_PEER_GROUPS  # the headline figures' peer group; 全部: the city's

    @property
    def by_place(self) -> bool:
        """The lists hold one unit's or some districts' units only."""
        return bool(self.unit or self.districts)

    @property
    def partial(self) -> bool:
        """The pack lists part of the bureau: one unit, some districts or some peer groups."""
        return self.by_place or bool(self.groups)

    @property
    def narrower(self) -> bool:
        """The lists hold fewer units than the headline figures count (a note must say so)."""
        several_groups = bool(self.groups) and self.figures_group == ALL_PEER_GROUPS
        return self.by_place or several_groups

    def place(self, lang: str) -> str:
        """The unit's name or the districts, as a label of the listed units' own counts adds
        them ("逾期未整改问题（城关区）"); '' when every district's units are listed."""
        return self.unit or t("text.list_sep", lang).join(self.districts)

    def group_names(self, lang: str) -> str:
        return t("text.list_sep", lang).join(group_label(g, lang) for g in self.groups)

    def name(self, lang: str) -> str:
        """The units listed, as a name before a figure ("城关区三级医院文明指数"): the unit,
        the districts and peer groups chosen, or the whole city."""
        if self.unit:
            return self.unit
        place, groups = self.place(lang), self.group_names(lang)
        if place and groups:
            return t("cover.place_groups", lang, place=place, groups=groups)
        return place or groups or t("cover.city", lang)

    def listed(self, lang: str) -> str:
        """The units of the districts and peer groups listed, as the object of "lists …"
        ("城关区的单位", "三级医院"); a unit's own pack is said otherwise."""
        place, groups = self.place(lang), self.group_names(lang)
        if place and groups:
            return t("cover.listed_place_groups", lang, place=place, groups=groups)
        if place:
            return t("cover.listed_place", lang, place=place)
        return t("cover.listed_groups", lang, groups=groups)
