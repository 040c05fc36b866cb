"""Every table of the pages is drawn through ui.tables, so that a missing value shows empty on
every page (Streamlit's grid writes None)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DRAWN_DIRECTLY = re.compile(r"\bst\.(dataframe|data_editor)\(")


def test_no_page_draws_a_table_but_through_ui_tables():
    sources = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "dashboard.py"]
    direct = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        if path.name != "tables.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if DRAWN_DIRECTLY.search(line)
    ]
    assert direct == []
