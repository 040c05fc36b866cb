"""The README documents what the code does: its contracts section is the generated text, and
its schema table names every table and column the database has."""

from __future__ import annotations

import re
from pathlib import Path

from etl.db import connect
from etl.docs import contracts_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def test_readme_contracts_section_is_the_generated_text():
    readme = README.read_text(encoding="utf-8")
    documented = section(readme, "<!-- contracts:start -->", "<!-- contracts:end -->")
    assert documented.strip() == contracts_markdown().strip(), (
        "README.md's data contracts differ from etl/contracts.py: paste the output of "
        "`python -m etl contracts` between the contracts markers"
    )


def test_readme_schema_names_every_table_and_column():
    readme = README.read_text(encoding="utf-8")
    schema = section(readme, "## Database schema", "## Data contracts")
    documented = {
        match[0]: set(re.findall(r"[a-z_]+", match[1]))
        for match in re.findall(r"^\| `([a-z_<>]+)` \| ([^|]+) \|", schema, flags=re.M)
    }
    con = connect(":memory:")
    columns = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_name NOT LIKE 'archive_%'"
    ).fetchall()
    con.close()
    missing = [(t, c) for t, c in columns if c not in documented.get(t, set())]
    assert missing == []
    assert "replaced_by" in documented["archive_<table>"]


def test_readme_command_lines_name_every_option_of_their_command():
    """The "Loading files from the command line" block is where an analyst learns a command's
    options: `etl withdraw` there lacked --by, so a withdrawal was logged as made by "cli"
    (the history then reads "withdrawn … by cli" under the analyst's own load)."""
    from etl.cli import build_parser

    readme = README.read_text(encoding="utf-8")
    block = section(readme, "## Loading files from the command line", "Exit codes:")
    lines = {
        m[0]: m[1] for m in re.findall(r"^\.venv/bin/python -m etl (\w+)(.*)$", block, flags=re.M)
    }
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    commands = [name for name in sub.choices if name in lines]
    assert len(commands) >= 8, commands
    missing = {}
    for name in commands:
        options = [a.option_strings[-1] for a in sub.choices[name]._actions if a.option_strings]
        left_out = [o for o in options if o != "--help" and o not in lines[name]]
        if left_out:
            missing[name] = left_out
    assert missing == {}
