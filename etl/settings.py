"""Every setting of Civbench in one list: name, where it lives, default and meaning.

Three kinds:

- ``environment``: an environment variable, read when needed (``environment(name)``);
- ``stored``: a row of the store's ``settings`` table, changed with ``python -m etl users …``
  (the accounts code reads and writes it; ``stored_default(name)`` is its value when no row
  says otherwise);
- ``method``: a value of the scoring method, changed here (``method_value(name)``); the Method
  page shows them.

The README's "Settings" table lists the same rows (``readme_table()`` writes it;
tests/etl/test_settings_readme.py fails when the two differ). Reading a name that is not in the
list is an error, so a new setting cannot be used without being declared here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

KINDS = ("environment", "stored", "method")


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str
    default: str | int | float | None  # None: no default (unset)
    meaning: str

    @property
    def default_text(self) -> str:
        return "(unset)" if self.default is None else str(self.default)


SETTINGS = (
    Setting(
        "CIVBENCH_DB",
        "environment",
        "ducklake:sqlite:data/civbench.sqlite",
        "The store: a DuckDB file path, `ducklake:sqlite:PATH` or `ducklake:postgres:…` (see "
        "Storage); `--db` on a command wins. An existing `data/civbench.duckdb` is used when the "
        "default lake does not exist yet.",
    ),
    Setting(
        "CIVBENCH_DATA_PATH",
        "environment",
        None,
        "The folder of a DuckLake store's Parquet files: beside a SQLite catalog by default "
        "(`data/civbench_files/`); required for a PostgreSQL catalog, at the same path on every "
        "machine.",
    ),
    Setting(
        "PGPASSWORD",
        "environment",
        None,
        "The PostgreSQL catalog's password (read by libpq); when unset, `[postgres] password` in "
        "`.streamlit/secrets.toml`.",
    ),
    Setting(
        "CIVBENCH_REQUIRE_SIGNIN",
        "environment",
        None,
        "`0`/`false`/`no`/`off`: viewing needs no sign-in; `1`/`true`/`yes`/`on`, or any "
        "other non-empty value (a misspelling never opens the pages): viewing any page needs "
        "sign-in. When set, it wins over the stored `require_signin`.",
    ),
    Setting(
        "CIVBENCH_FOLLOW_SECONDS",
        "environment",
        2,
        "How often (seconds) a dashboard on a shared store looks whether another process loaded, "
        "to rebuild its caches before the next viewer asks (once the data have held still that "
        "long); `0`: it does not look, and the first viewer after a load waits for them.",
    ),
    Setting(
        "CIVBENCH_WARM",
        "environment",
        1,
        "`0`: a dashboard does not build its caches and the default rankings' rank ranges ahead "
        "(on opening the store, after a load or withdrawal made on it; another process's loads: "
        "`CIVBENCH_FOLLOW_SECONDS`); the first viewer to ask waits for them. The test suite sets "
        "it (warming took 18 % of its test processes' CPU), except where warming is tested.",
    ),
    Setting(
        "CIVBENCH_THREADS",
        "environment",
        None,
        "DuckDB's threads in each process (unset: one per core). `1` where several Civbench "
        "processes share a machine (dashboard replicas, loaders): the dashboard's queries are "
        "small, and idle threads cost CPU (the test suite sets it: a quarter less CPU).",
    ),
    Setting(
        "CIVBENCH_FONT_DIR",
        "environment",
        None,
        "A folder searched first for a font that draws Chinese (exports refuse to draw boxes).",
    ),
    Setting(
        "XDG_CACHE_HOME",
        "environment",
        "~/.cache",
        "Where DuckDB's extensions are linked when the Python environment is read-only "
        "(`civbench/duckdb-extensions` inside it).",
    ),
    Setting(
        "LC_ALL",
        "environment",
        None,
        "The command lines' message language when `--lang` is not given: Chinese when it starts "
        "with `zh`; checked before `LC_MESSAGES` and `LANG`.",
    ),
    Setting(
        "LC_MESSAGES",
        "environment",
        None,
        "As `LC_ALL`, when `LC_ALL` is unset.",
    ),
    Setting(
        "LANG",
        "environment",
        None,
        "As `LC_ALL`, when `LC_ALL` and `LC_MESSAGES` are unset; English when none is set.",
    ),
    Setting(
        "require_signin",
        "stored",
        "off",
        "`on`: viewing any page needs sign-in; `off`: viewing is open and changes need sign-in "
        "(`python -m etl users require-signin on`, `off` or `show`).",
    ),
    Setting(
        "anonymous_view",
        "stored",
        "on",
        "`on`: a viewer who has not signed in sees the bureau-wide view; `off`: they must sign "
        "in to see any data.",
    ),
    Setting(
        "bureau_level",
        "stored",
        "市",
        "The bureau's level, one of 省 市 州 盟 县 区 旗: exports, pages and messages say its "
        "whole area as 全市 (全省, 全县 …) and the places one level down (the registry's 区县 "
        "column) as 区县 (a province's 市州, a county's 乡镇 …) "
        "(`python -m etl users bureau --level 省`).",
    ),
    Setting(
        "bureau_name",
        "stored",
        None,
        "The bureau's name as the circular signs it and the exports cite it (`python -m etl users "
        "bureau --name 兰州市卫生健康委员会`); unset: 市卫生健康委员会 (县卫生健康局 …, by level).",
    ),
    Setting(
        "deadline_days",
        "method",
        15,
        "Reporting deadline: a data file is late when loaded (or, given when loading, received) "
        "more than this many days after the end of the latest quarter it covers (Data quality "
        "page, meeting pack).",
    ),
    Setting(
        "outlier_threshold",
        "method",
        3.5,
        "A value is an outlier when its modified z-score (MAD) against its peer group or its "
        "own history is above this (Data quality page).",
    ),
)
BY_NAME = {s.name: s for s in SETTINGS}


def declared(name: str, kind: str) -> Setting:
    """The setting of that name and kind; a clear error for one not in the list."""
    found = BY_NAME.get(name)
    if found is None or found.kind != kind:
        raise KeyError(
            f"{name} is not a declared {kind} setting: add it to SETTINGS in etl/settings.py "
            "(and to the README's Settings table)"
        )
    return found


def environment(name: str) -> str | None:
    """The environment variable's value, or None when it is unset or blank."""
    declared(name, "environment")
    value = os.environ.get(name)
    return value if value and value.strip() else None


# How an environment switch is said on or off (case and surrounding spaces aside).
ON_WORDS = ("1", "true", "yes", "on")
OFF_WORDS = ("0", "false", "no", "off")


def said_on(text: str) -> bool:
    return text.strip().lower() in ON_WORDS


def said_off(text: str) -> bool:
    return text.strip().lower() in OFF_WORDS


def stored_default(name: str) -> str:
    """A stored setting's value when the store has no row for it."""
    return str(declared(name, "stored").default)


def method_value(name: str) -> int | float:
    """A value of the scoring method."""
    return declared(name, "method").default


def readme_table() -> str:
    """The README's Settings table (Markdown), one row per setting in list order."""
    rows = ["| Setting | Kind | Default | Meaning |", "| --- | --- | --- | --- |"]
    rows += [f"| `{s.name}` | {s.kind} | {s.default_text} | {s.meaning} |" for s in SETTINGS]
    return "\n".join(rows)
