"""The settings are one list (etl/settings.py): the README's Settings table says the same, the
code reads the environment only through it, and the named queries' defaults are its values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl import settings
from queries.catalogue import sql_queries

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("accounts", "etl", "queries", "charts", "ui", "pages", "i18n")
# A read of the environment: os.environ.get(…), os.getenv(…), os.environ[…] not assigned to.
ENV_READ = re.compile(r"os\.environ\.get\(|os\.getenv\(|os\.environ\[[^\]]*\](?!\s*=[^=])")
# Handed on to a child process, not read as a setting of Civbench.
PASSED_ON = re.compile(r"os\.environ\.get\(\"PYTHONPATH\"")


def readme_settings_rows() -> list[list[str]]:
    """The cells of the table under the README's "## Settings" heading, header row excluded."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("## Settings")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    table = [line for line in lines[start:end] if line.startswith("|")]
    assert table[0] == "| Setting | Kind | Default | Meaning |"
    assert set(table[1]) <= set("|- ")
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in table[2:]]


def test_the_readme_table_lists_every_setting_as_declared():
    rows = readme_settings_rows()
    declared = [[f"`{s.name}`", s.kind, s.default_text, s.meaning] for s in settings.SETTINGS]
    assert rows == declared


def test_the_list_holds_the_settings_the_issue_names():
    # The environment variables and stored settings the project reads, and the two method
    # values of the Data quality page (a 15-day deadline, a 3.5 outlier threshold).
    names = {s.name: (s.kind, s.default) for s in settings.SETTINGS}
    assert names["CIVBENCH_DB"] == ("environment", "ducklake:sqlite:data/civbench.sqlite")
    for env in ("CIVBENCH_DATA_PATH", "CIVBENCH_REQUIRE_SIGNIN", "CIVBENCH_FONT_DIR", "PGPASSWORD"):
        assert names[env] == ("environment", None)
    assert names["require_signin"] == ("stored", "off")
    assert names["anonymous_view"] == ("stored", "on")
    assert names["deadline_days"] == ("method", 15)
    assert names["outlier_threshold"] == ("method", 3.5)
    assert all(s.kind in settings.KINDS and s.meaning for s in settings.SETTINGS)
    assert len(names) == len(settings.SETTINGS)  # no name declared twice


def test_a_name_not_in_the_list_cannot_be_read():
    with pytest.raises(KeyError, match="add it to SETTINGS in etl/settings.py"):
        settings.environment("CIVBENCH_NOT_A_SETTING")
    with pytest.raises(KeyError, match="not a declared method setting"):
        settings.method_value("CIVBENCH_DB")


def test_environment_reads_unset_and_blank_as_none(monkeypatch):
    monkeypatch.setenv("CIVBENCH_FONT_DIR", "/srv/fonts")
    assert settings.environment("CIVBENCH_FONT_DIR") == "/srv/fonts"
    monkeypatch.setenv("CIVBENCH_FONT_DIR", "  ")
    assert settings.environment("CIVBENCH_FONT_DIR") is None
    monkeypatch.delenv("CIVBENCH_FONT_DIR")
    assert settings.environment("CIVBENCH_FONT_DIR") is None


def test_only_the_list_reads_the_environment():
    files = [
        p
        for folder in SOURCE_FOLDERS
        for p in sorted((ROOT / folder).rglob("*.py"))
        if p != ROOT / "etl" / "settings.py"
    ] + [ROOT / "dashboard.py"]
    assert len(files) > 50  # the walk found the source files
    reads = {
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in files
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if ENV_READ.search(line) and not PASSED_ON.search(line)
    }
    assert reads == set()


def test_the_named_queries_default_to_the_method_settings():
    """The SQL headers name the settings (``= setting:NAME``) instead of typing the values."""
    queries = sql_queries()
    assert queries["late_loads"].param("deadline_days").default == 15
    assert queries["outliers"].param("threshold").default == 3.5
    headers = {name: queries[name].path.read_text(encoding="utf-8") for name in queries}
    assert "= setting:deadline_days" in headers["late_loads"]
    assert "= setting:outlier_threshold" in headers["outliers"]
