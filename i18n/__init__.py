"""Chinese and English strings: ``t(key, lang, **fmt)``.

Every module ``i18n/strings_<area>.py`` defines ``STRINGS = {"key": ("中文", "English")}``;
they are merged here so each area owns its own file. ``{area}``, ``{bureau}``, ``{the_bureau}``,
``{bureau_units}``, ``{divisions}`` (``{division}``, ``{Division}``, ``{Divisions}``: English's
singular and capitals) and ``{division_offices}`` in a string are the bureau's own words (全市,
市卫生健康委员会, 委属, 区县, 各区县卫生健康局; a province's prefectures in English:
``i18n/voice.py``) unless the caller gives them. A missing key shows as the key itself
(visible, never a crash); ``tests/pages/test_i18n.py`` checks that none is missing or doubled.
English puts a counted noun in the singular after a count of one (``i18n/english.py``).
"""

from __future__ import annotations

import importlib
import pkgutil

from i18n import voice
from i18n.english import counted

LANGUAGES = ("zh", "en")
DEFAULT_LANG = "zh"


def _merge_strings() -> tuple[dict[str, tuple[str, str]], dict[str, list[str]]]:
    merged: dict[str, tuple[str, str]] = {}
    owners: dict[str, list[str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("strings_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, pair in module.STRINGS.items():
            owners.setdefault(key, []).append(info.name)
            merged.setdefault(key, pair)
    duplicates = {k: v for k, v in owners.items() if len(v) > 1}
    return merged, duplicates


STRINGS, DUPLICATES = _merge_strings()


def normalise_lang(lang: str | None) -> str:
    """'zh', 'zh-CN', 'en-GB', 'EN' … → 'zh' or 'en'; anything else → the default."""
    code = (lang or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANG


def t(key: str, lang: str, /, **fmt: object) -> str:
    """The text for ``key`` in ``lang``, formatted with ``fmt`` (``str.format`` fields, which
    may themselves be called ``key`` or ``lang``)."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    lang = normalise_lang(lang)
    text = pair[0] if lang == "zh" else pair[1]
    if any("{" + word + "}" in text for word in voice.WORDS):  # the bureau's (i18n/voice.py)
        fmt = voice.words(lang) | fmt
    if not fmt:
        return text
    return (counted(text, fmt) if lang == "en" else text).format(**fmt)
