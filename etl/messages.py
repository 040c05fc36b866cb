"""A message of the ETL as a catalogue key and its values, said in a language only when read.

The wording lives in the one catalogue of strings (``i18n/strings_etl.py``, looked up through
``i18n.t``). A ``Text`` is the key and its values, not the words, so it can be kept: the upload
and audit logs store a message's key and values (``as_json``) and a page says them in its
reader's language (``Text.from_json(...).in_lang(lang)``). A value may itself be a ``Text`` (an
expectation, a rule), which each language says its own way.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass

from etl import settings
from i18n import t

LANGS = ("zh", "en")
OUTCOMES = ("loaded", "rejected", "withdrawn", "unchanged", "checked")


@dataclass(frozen=True)
class Text:
    """One message: ``key`` in the catalogue and its ``values`` (name, value) pairs."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def in_lang(self, lang: str) -> str:
        return t(self.key, lang, **{name: said(v, lang) for name, v in self.values})

    @property
    def zh(self) -> str:
        return self.in_lang("zh")

    @property
    def en(self) -> str:
        return self.in_lang("en")

    def __str__(self) -> str:
        return self.en

    def __add__(self, other: Text) -> Text:
        return Text("text.concat", (("parts", (*self.parts(), *other.parts())),))

    def parts(self) -> tuple[Text, ...]:
        """The messages this one is a concatenation of (itself, when it is not one)."""
        if self.key == "text.concat":
            return dict(self.values)["parts"]
        return (self,)

    def as_json(self) -> str:
        """The values as JSON (nested messages as ``{"key": …, "values": {…}}``)."""
        return json.dumps(values_json(self.values), ensure_ascii=False)

    @classmethod
    def from_json(cls, key: str, values: str | None) -> Text:
        """The message stored as ``key`` and ``as_json()``'s values."""
        return cls(key, values_read(json.loads(values) if values else {}))


def said(value: object, lang: str) -> object:
    if isinstance(value, Text):
        return value.in_lang(lang)
    if isinstance(value, tuple):
        return "".join(str(said(v, lang)) for v in value)
    return value


def error_line(text: object, lang: str) -> str:
    """A command's refusal as printed on stderr: 错误：… in Chinese, error: … in English."""
    return t("cli.error", lang, text=said(text, lang))


def kept(value: object) -> object:
    """A value as a message keeps it: numbers and messages as they are, anything else (a
    date, a library's exception) as its text."""
    if isinstance(value, Text | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return tuple(kept(v) for v in value)
    return str(value)


def values_json(values: tuple[tuple[str, object], ...]) -> dict[str, object]:
    def one(value: object) -> object:
        if isinstance(value, Text):
            return {"key": value.key, "values": values_json(value.values)}
        if isinstance(value, tuple):
            return [one(v) for v in value]
        return value

    return {name: one(v) for name, v in values}


def values_read(data: dict[str, object]) -> tuple[tuple[str, object], ...]:
    def one(value: object) -> object:
        if isinstance(value, dict):
            return Text(str(value["key"]), values_read(value.get("values") or {}))
        if isinstance(value, list):
            return tuple(one(v) for v in value)
        return value

    return tuple((name, one(v)) for name, v in data.items())


def msg(key: str, /, **fields: object) -> Text:
    """The message ``key`` (in ``i18n/strings_etl.py``) with ``fields`` as its values."""
    return Text(key, tuple((name, kept(v)) for name, v in fields.items()))


def same(text: object) -> Text:
    """Words that read the same in both languages (a code, a value, a library's error)."""
    return msg("text.same", text=str(text))


# who acted when a command was run without naming anyone (--by's default): the store's holder
COMMAND_LINE = "cli"


def person(by: str | None) -> Text:
    """Who loaded or published, as a reader reads it: the name, or 命令行 / the command line
    for ``COMMAND_LINE`` (a leader reading "由 cli 发布" learns nothing)."""
    return msg("text.command_line") if by == COMMAND_LINE else same(by or "")


def listed_person(by: str | None, lang: str) -> str:
    """Who acted, in a command's columns (``etl history``, ``etl users audit``): in Chinese as
    the pages say it (命令行 for the command line, not ``cli``); in English the account name as
    stored, one word that scripts reading the columns split on."""
    return person(by).in_lang(lang) if lang == "zh" else by or ""


def pair(zh: str, en: str) -> Text:
    """Words given in both languages by the data itself (a contract's Chinese and English
    names), not by the catalogue."""
    return msg("text.pair", zh=zh, en=en)


def named(code: str, name_zh: str | None, name_en: str | None) -> Text:
    """An indicator as the indicator-system file and pages name it: 住院患者满意度
    （inpatient_satisfaction）in Chinese, Inpatient satisfaction rate (inpatient_satisfaction)
    in English; the code alone where it has no name (yet)."""
    return pair(
        f"{name_zh}（{code}）" if name_zh else code, f"{name_en} ({code})" if name_en else code
    )


def joined(items: list[Text], separator: str = "text.list_sep") -> Text:
    """``items`` one after another with the separator ``separator`` (a catalogue key:
    ``text.list_sep`` 、/, or ``text.or_sep`` 或/or) between them."""
    parts: list[Text] = []
    for i, item in enumerate(items):
        if i:
            parts.append(msg(separator))
        parts.append(item)
    return msg("text.concat", parts=tuple(parts))


def listed(values) -> Text:
    """Values as written (names, codes, headers), one after another: 、 between them in
    Chinese, ``, `` in English."""
    return joined([same(value) for value in values])


def or_listed(values) -> Text:
    """Values as written, one after another with 或 / or between them: one of them is meant."""
    return joined([same(value) for value in values], "text.or_sep")


def quarters_note(key: str, quarters: Sequence[str]) -> Text:
    """The message ``key`` on these quarters (the published ones a load, a withdrawal or a
    day received revises): listed, and counted beside the list, for English to say
    "2025Q3 is published" and "2025Q3, 2025Q4 are published" (``i18n.english``)."""
    return msg(key, quarters=listed(quarters), quarters_count=len(quarters))


def lines(items: list[Text]) -> Text:
    """``items`` one per line."""
    parts = [item if i == 0 else msg("text.new_line", text=item) for i, item in enumerate(items)]
    return msg("text.concat", parts=tuple(parts))


def outcome_label(outcome: str | None, lang: str) -> str:
    """An upload outcome in the analyst's language (unknown values as they are)."""
    if outcome not in OUTCOMES:
        return outcome or ""
    return t(f"outcome.{outcome}", lang)


def stored_text(key: str | None, values: str | None, text: str | None, lang: str) -> str:
    """A log entry as its reader reads it: said in ``lang`` from its key and values, or, for
    an entry written before logs kept keys, its stored text as it is."""
    if key:
        return Text.from_json(key, values).in_lang(lang)
    return text or ""


def message_lang(chosen: str | None) -> str:
    """``--lang`` if given, else Chinese when the locale ($LC_ALL, $LC_MESSAGES, $LANG) is
    Chinese (``zh_CN.UTF-8``), else English."""
    if chosen:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = settings.environment(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def add_lang(parser: argparse.ArgumentParser) -> None:
    """The command's ``--lang`` option (its value is read by ``message_lang``)."""
    parser.add_argument(
        "--lang",
        choices=LANGS,
        help=msg("help.lang"),
    )


def lang_in(argv: list[str]) -> str | None:
    """The ``--lang`` value on a command line, if any and valid (for a message given after the
    command's own parsing is over)."""
    for flag, value in zip(argv, [*argv[1:], None], strict=False):
        flag, equals, joined_value = flag.partition("=")  # --lang=zh: one word
        value = joined_value if equals else value
        if flag == "--lang" and value in LANGS:
            return value
    return None
