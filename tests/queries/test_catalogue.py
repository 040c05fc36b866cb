"""queries/README.md must describe every query, its parameters and its result columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from queries import QueryError, catalogue, run

README = (Path(__file__).resolve().parents[2] / "queries" / "README.md").read_text("utf-8")
REQUIRED = {
    "quarter": "2025Q3",
    "from_quarter": "2025Q2",
    "to_quarter": "2025Q3",
    "unit_code": "H2",
    "indicator_code": "outpatient_satisfaction",
}


def section(name: str) -> str:
    match = re.search(rf"^### `{name}`\n(.*?)(?=^### |\Z)", README, re.S | re.M)
    assert match, f"queries/README.md has no section for {name}"
    text = match.group(1)
    borrowed = re.search(r"Parameters: as `(\w+)`", text)
    return text + section(borrowed.group(1)) if borrowed else text


def test_every_query_and_parameter_is_documented():
    documented = set(re.findall(r"^### `(\w+)`", README, re.M))
    names = {q.name for q in catalogue()}
    assert documented == names
    for query in catalogue():
        text = section(query.name)
        for param in query.params:
            assert f"`{param.name}`" in text, f"{query.name}: parameter {param.name} undocumented"


@pytest.mark.parametrize("query", catalogue(), ids=lambda q: q.name)
def test_every_result_column_is_documented(bureau, query):
    params = {p.name: REQUIRED[p.name] for p in query.params if p.required}
    if query.name in ("rankings", "top_bottom"):
        params["draws"] = 50
    frame = run(bureau, query.name, **params)
    text = section(query.name)
    missing = [c for c in frame.columns if f"`{c}`" not in text]
    assert not missing, f"{query.name}: columns {missing} not in queries/README.md"


def test_python_callers_get_query_errors(bureau):
    with pytest.raises(QueryError, match="must be int"):
        run(bureau, "rankings", quarter="2025Q3", draws="10")
    with pytest.raises(QueryError, match="no unit with this code"):
        run(bureau, "unit_profile", unit_code="NOPE")
