"""The named queries: read from the headers of queries/*.sql and from the composed ones.

A SQL file declares itself in its header::

    -- name: rankings
    -- Ranks units by civility index or one indicator, with change and plausible rank range.
    -- param: quarter quarter
    -- param: peer_group peer_group = 全部
    -- param: normalisation choice(attainment,minmax,zscore) = attainment
    -- stage: index
    -- window: previous

``param`` lines give name, type and default (no default = required; ``= None`` = optional;
``= setting:NAME`` = the method setting NAME of etl/settings.py, defined there once).
``stage`` says how far the indicator pipeline is built for the call (values | scores | index
| ranks, or funnel: the values and the funnel plot's points with their centre line)
and ``window`` which quarters it covers (see ``queries.runner``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from etl.cells import allowed_of_text, quarter_of_text
from etl.contracts import PEER_GROUPS_OR_ALL
from etl.docs import spellings
from etl.messages import Text, listed, msg, same
from etl.quarters import QUARTER_PATTERN
from etl.settings import method_value

HERE = Path(__file__).parent
# indicator, unit, peer_group and district: text that must name one the store holds
PARAM_TYPES = (
    "str",
    "quarter",
    "int",
    "float",
    "bool",
    "date",
    "indicator",
    "unit",
    "peer_group",
    "district",
    "choice",
)
STAGES = ("none", "values", "scores", "index", "ranks", "funnel", "bureau")
WINDOWS = ("none", "current", "previous", "since", "history", "range", "all")


class QueryError(ValueError):
    """A named query was called with an unknown name or bad parameters: ``text`` says which
    in both languages (i18n/strings_queries.py); ``str()`` is the English."""

    def __init__(self, text: Text | str):
        self.text = text if isinstance(text, Text) else same(text)
        super().__init__(self.text.en)

    def in_lang(self, lang: str) -> str:
        return self.text.in_lang(lang)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: object = None
    required: bool = False
    choices: tuple[str, ...] = ()

    def describe(self, lang: str = "en") -> str:
        """The parameter as ``python -m queries list`` says it: its name, type or choices, and
        whether it is required, optional or has a default."""
        kind = msg("query.param.one_of", choices="|".join(self.choices)) if self.choices else None
        kind = kind or type_word(self.type)
        if self.required:
            return msg("query.param.required", name=self.name, kind=kind).in_lang(lang)
        if self.default is None:
            return msg("query.param.optional", name=self.name, kind=kind).in_lang(lang)
        default = str(self.default).lower() if isinstance(self.default, bool) else self.default
        said = msg("query.param.default", name=self.name, kind=kind, default=str(default))
        return said.in_lang(lang)

    def coerce(self, value: object) -> object:
        """Check (and, for text from the command line, convert) one value."""
        if value is None:
            if self.required:
                raise QueryError(msg("query.required", name=self.name))
            return None
        converted = convert(self, value)
        if self.type == "quarter" and not QUARTER_PATTERN.match(converted):
            raise QueryError(msg("query.not_a_quarter", name=self.name, value=value))
        if self.choices and converted not in self.choices:
            said = msg(
                "query.not_allowed", name=self.name, value=value, choices=listed(self.choices)
            )
            raise QueryError(said)
        return converted


def convert(param: Param, value: object) -> object:
    expected = {"int": int, "float": (int, float), "bool": bool, "date": date}.get(param.type, str)
    if param.type == "int" and isinstance(value, bool):
        raise QueryError(msg("query.not_an_integer", name=param.name, value=repr(value)))
    if not isinstance(value, expected):
        kind, shown = type(value).__name__, repr(value)
        type_ = type_word(param.type)
        raise QueryError(
            msg("query.wrong_type", name=param.name, type=type_, kind=kind, value=shown)
        )
    return float(value) if param.type == "float" else value


def parse_text(param: Param, text: str) -> object:
    """A value typed on the command line, as the parameter's type (QueryError if it is not);
    a quarter or a peer group in any spelling ``python -m etl`` takes (``2025年第3季度``,
    ``三甲``), as stored (``2025Q3``, ``三级医院``)."""
    if param.type == "quarter":
        quarter = quarter_of_text(text)
        if quarter is None:
            raise QueryError(msg("query.text_not_a_quarter", name=param.name, value=text))
        return quarter
    if param.type == "peer_group":
        return peer_group_named(param.name, text)
    if param.choices:  # Attainment, " zscore": a choice as written, whatever its case
        folded = text.strip().lower()
        return folded if folded in param.choices else text
    if param.type not in ("int", "float", "bool", "date"):
        return text
    try:
        if param.type == "int":
            return int(text)
        if param.type == "float":
            return float(text)
        if param.type == "date":
            return date.fromisoformat(text)
    except ValueError:
        said = msg("query.not_valid", name=param.name, value=text, type=type_word(param.type))
        raise QueryError(said) from None
    if text.lower() in ("true", "yes", "1"):
        return True
    if text.lower() in ("false", "no", "0"):
        return False
    raise QueryError(msg("query.not_true_or_false", name=param.name, value=text))


def peer_group_of_text(text: str) -> str:
    """A peer group typed on the command line, in any spelling a registry's 单位类别 column
    takes (三甲 is 三级医院, all is 全部), as stored; any other text as written, for the runner
    to refuse naming the groups there are."""
    return allowed_of_text(text, PEER_GROUPS_OR_ALL) or text


def peer_group_named(name: str, text: str) -> str:
    """A peer group typed for the parameter ``name``, as stored (``peer_group_of_text``);
    QueryError naming every group and the spellings it takes when the text names none."""
    group = allowed_of_text(text, PEER_GROUPS_OR_ALL)
    if group is None:
        raise QueryError(
            msg(
                "query.not_a_peer_group",
                name=name,
                value=text,
                choices=spellings(PEER_GROUPS_OR_ALL),
            )
        )
    return group


def type_word(kind: str) -> Text:
    """A parameter type as a refusal names it (int, 整数)."""
    return msg(f"query.type.{kind}")


@dataclass
class Query:
    name: str
    purpose: str
    params: tuple[Param, ...]
    sql: str = ""
    stage: str = "none"
    window: str = "none"
    path: Path | None = None
    composed: object = None  # a Python function for queries composed from SQL ones
    extra: dict = field(default_factory=dict)
    purpose_zh: str = ""  # the purpose in Chinese (``-- zh:`` in a .sql file's header)

    def purpose_in(self, lang: str) -> str:
        return self.purpose_zh if lang == "zh" else self.purpose

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_param(text: str, where: str) -> Param:
    match = re.match(r"^(\w+)\s+(\w+)(?:\(([^)]*)\))?\s*(?:=\s*(.*))?$", text.strip())
    if not match or match.group(2) not in PARAM_TYPES:
        raise ValueError(f"{where}: bad param line {text!r}")
    name, kind, choices, default = match.groups()
    param = Param(
        name=name,
        type=kind,
        required=default is None,
        choices=tuple(c.strip() for c in choices.split(",")) if choices else (),
    )
    if default is None or default.strip() == "None":
        return param
    text_default = default.strip()
    if text_default.startswith("setting:"):
        value = method_value(text_default.removeprefix("setting:"))
        return Param(name, kind, float(value) if kind == "float" else value, False, param.choices)
    value = parse_text(param, text_default) if kind in ("int", "float", "bool") else text_default
    return Param(name, kind, value, False, param.choices)


def parse_sql_file(path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    header = [line[2:].strip() for line in text.splitlines() if line.startswith("--")]
    if not header or not header[0].startswith("name:"):
        raise ValueError(f"{path}: the first line must be '-- name: <name>'")
    name = header[0].removeprefix("name:").strip()
    params, settings = [], {"stage": "none", "window": "none", "scope": "params"}
    # the purpose: the header's lines up to its first key (its first sentence is said), and
    # in Chinese the lines from "zh:" on, both wrapped as the header wraps them
    purpose: list[str] = []
    purpose_zh: list[str] = []
    said = purpose
    for line in header[1:]:
        key, _, value = line.partition(":")
        if key == "param":
            params.append(parse_param(value, str(path)))
        elif key in settings:
            settings[key] = value.strip()
        elif key == "zh":
            purpose_zh.append(value.strip())
            said = purpose_zh
            continue
        elif line and said is not None:
            said.append(line)
            continue
        said = None
    if settings["stage"] not in STAGES or settings["window"] not in WINDOWS:
        raise ValueError(f"{path}: unknown stage or window in {settings}")
    return Query(
        name,
        re.split(r"(?<=\.) ", " ".join(purpose), maxsplit=1)[0],
        tuple(params),
        text,
        settings["stage"],
        settings["window"],
        path,
        extra={"scope": settings["scope"]},
        purpose_zh="".join(purpose_zh),
    )


def sql_queries() -> dict[str, Query]:
    found = {}
    for path in sorted(HERE.glob("*.sql")):
        query = parse_sql_file(path)
        if query.name in found:
            raise ValueError(f"{path}: query {query.name} is defined twice")
        found[query.name] = query
    return found
