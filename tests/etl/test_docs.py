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
