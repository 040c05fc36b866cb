"""Whose words the catalogue speaks: the bureau's name and its level (a city's 全市, a
province's 全省), filled into every string that says ``{area}``, ``{bureau}`` (``{the_bureau}``
in an English sentence: with its article), ``{bureau_units}`` (the units the bureau runs: a
commission's 委属, a bureau's 局属), ``{divisions}`` (the places one level down: a city's 区县,
a province's 市州, a county's 乡镇) or ``{division_offices}`` (whom a circular addresses there).
English says those places in the singular too (``{division}``, a prefecture) and at the start
of a heading or sentence (``{Division}``, ``{Divisions}``); in Chinese all four are one word.

A bureau sets them once in its store (``python -m etl users bureau``); each page run and each
command reads them and speaks with them (``use``), or a block does (``speaking_for``). They are
held in a context variable, as a locale is: a string three calls below a page or an export
says the bureau's words without every function in between passing them on, and two sessions
of one dashboard (two threads) or two stores in one test never see each other's. Unset, the
words are a city's health commission's, as the product always said.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import NamedTuple

# level -> (the whole area in Chinese, its noun in English, the usual name of its bureau)
LEVELS = {
    "省": ("全省", "Province", "卫生健康委员会"),
    "市": ("全市", "City", "卫生健康委员会"),
    "州": ("全州", "Prefecture", "卫生健康委员会"),
    "盟": ("全盟", "League", "卫生健康委员会"),
    "县": ("全县", "County", "卫生健康局"),
    "区": ("全区", "District", "卫生健康局"),
    "旗": ("全旗", "Banner", "卫生健康局"),
}


class Divisions(NamedTuple):
    """The places one level down (the registry's 区县 column holds them)."""

    word: str  # what they are called: a province's 市州, a county's 乡镇
    offices: str  # whom a circular addresses there besides the bureau's own units
    # how the bureau's forms head the registry's column besides the contract's spellings: read
    # only for a bureau of that level (a city's registry may have a 乡镇 or 市州 column beside
    # its 区县); brackets are not matched, so 县（市、区） is 县
    headings: tuple[str, ...]
    english: tuple[str, str, str]  # one of them, several, and whom a circular addresses there


DIVISIONS = {
    "省": Divisions(
        "市州",
        "各市州卫生健康委",
        ("市州", "所属市州", "地市", "所属地市", "地州", "市"),
        ("prefecture", "prefectures", "the prefecture health commissions"),
    ),
    "市": Divisions(
        "区县", "各区县卫生健康局", (), ("district", "districts", "the district health bureaus")
    ),
    "州": Divisions(
        "县市",
        "各县市卫生健康局",
        ("县市", "所属县市", "县", "所属县"),
        ("county", "counties", "the county health bureaus"),
    ),
    "盟": Divisions(
        "旗县市",
        "各旗县市卫生健康局",
        ("旗县市", "所属旗县市", "旗县", "所属旗县"),
        ("banner", "banners", "the banner health bureaus"),
    ),
    "县": Divisions(
        "乡镇",
        "各乡镇卫生院",
        ("乡镇", "所属乡镇", "乡镇街道", "所在乡镇"),
        ("township", "townships", "the township health centres"),
    ),
    "区": Divisions(
        "街镇",
        "各街镇社区卫生服务中心",
        ("街镇", "街道", "所属街道", "街道乡镇", "乡镇街道"),
        ("subdistrict", "subdistricts", "the subdistricts' community health centres"),
    ),
    "旗": Divisions(
        "苏木乡镇",
        "各苏木乡镇卫生院",
        ("苏木乡镇", "所属苏木乡镇", "苏木", "乡镇"),
        ("township", "townships", "the township health centres"),
    ),
}
DEFAULT_LEVEL = "市"
# what words() fills
WORDS = (
    "area",
    "bureau",
    "the_bureau",
    "bureau_units",
    "division",
    "divisions",
    "Division",
    "Divisions",
    "division_offices",
)


@dataclass(frozen=True)
class Bureau:
    """``level`` one of LEVELS; ``name`` as the bureau writes it, or None for the usual name
    of a bureau of that level (市卫生健康委员会)."""

    level: str = DEFAULT_LEVEL
    name: str | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"bureau level {self.level!r} is not one of {'、'.join(LEVELS)}")

    def words(self, lang: str) -> dict[str, str]:
        area, noun, office = LEVELS[self.level]
        divisions = DIVISIONS[self.level]
        if lang == "zh":
            name = self.name or self.level + office
            return {
                "area": area,
                "bureau": name,
                "the_bureau": name,
                "bureau_units": own_units(name),
                **dict.fromkeys(("division", "divisions", "Division", "Divisions"), divisions.word),
                "division_offices": divisions.offices,
            }
        english = "Health Commission" if office.endswith("委员会") else "Health Bureau"
        one, several, offices = divisions.english
        usual = f"{noun} {english}"
        return {
            "area": f"the {noun.lower()}",
            "bureau": self.name or usual,  # as it signs: City Health Commission
            # in a sentence: the usual name takes its article (the City Health Commission
            # assessed …), a name as the bureau wrote it is said as written
            "the_bureau": self.name or f"the {usual}",
            "bureau_units": "its",
            "division": one,
            "divisions": several,
            "Division": one.capitalize(),
            "Divisions": several.capitalize(),
            "division_offices": offices,
        }


def in_own_words(text: str, lang: str) -> str:
    """A document written for a city (docs/METHOD.md, shown on the Method page) in the words
    of the bureau spoken for: a county's reader read of 区县 and districts where its pages say
    乡镇 and townships. A city's text is returned as it is."""
    bureau = current()
    if bureau.level == CITY.level:
        return text
    own = bureau.words(lang)
    if lang == "zh":
        return text.replace("区县", own["divisions"])
    for city, word in (("districts", "divisions"), ("district", "division")):
        text = re.sub(rf"\b{city}\b", own[word], text)
        text = re.sub(rf"\b{city.capitalize()}\b", own[word].capitalize(), text)
    return text


def own_units(name: str) -> str:
    """How a circular calls the units a bureau runs, by what its name says it is: a
    commission's (委员会, 委) 委属, a bureau's (局) 局属, any other's 所属."""
    if name.endswith(("委员会", "委")):
        return "委属"
    return "局属" if name.endswith("局") else "所属"


CITY = Bureau()  # the words when no bureau was said: a city's health commission
_VOICE: ContextVar[Bureau | None] = ContextVar("civbench_bureau", default=None)


def current() -> Bureau:
    return _VOICE.get() or CITY


def words(lang: str) -> dict[str, str]:
    """The current bureau's words (``WORDS``) in ``lang``."""
    return current().words(lang)


def use(bureau: Bureau) -> None:
    """Speak for ``bureau`` from now on in this thread (a page run, a command)."""
    _VOICE.set(bureau)


@contextmanager
def speaking_for(bureau: Bureau | None) -> Iterator[None]:
    """Speak for ``bureau`` inside the block only (None: as no bureau was said, a city's)."""
    token = _VOICE.set(bureau)
    try:
        yield
    finally:
        _VOICE.reset(token)
