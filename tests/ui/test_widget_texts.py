"""Streamlit's own words on a Chinese page: every select box in pages/ and ui/ says what it
shows when empty in the page's language (``placeholder=``), not Streamlit's English "Choose an
option" / "Choose options"."""

from __future__ import annotations

import ast
from pathlib import Path

from i18n import t

ROOT = Path(__file__).resolve().parents[2]
SELECT_BOXES = {"selectbox", "multiselect"}


def select_box_calls(path: Path) -> list[tuple[int, bool]]:
    """(line, has placeholder=) of each selectbox / multiselect call in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, any(k.arg == "placeholder" for k in node.keywords))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SELECT_BOXES
    ]


def test_every_select_box_has_a_placeholder_in_the_page_language():
    files = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")])
    calls = {f.relative_to(ROOT).as_posix(): select_box_calls(f) for f in files}
    found = sum(len(c) for c in calls.values())
    assert found >= 15  # the pages' select boxes: the check below has something to check
    missing = [f"{name}:{line}" for name, c in calls.items() for line, has in c if not has]
    assert missing == []


def test_the_finder_finds_a_select_box_without_placeholder(tmp_path):
    page = tmp_path / "page.py"
    page.write_text(
        "import streamlit as st\n"
        "a = st.selectbox('x', [1])\n"
        "b = cols[0].multiselect('y', [2], placeholder='请选择')\n",
        encoding="utf-8",
    )
    assert select_box_calls(page) == [(2, False), (3, True)]


def test_the_placeholders_in_chinese():
    assert t("widget.choose_one", "zh") == "请选择"
    assert t("widget.choose_many", "zh") == "请选择（可多选）"
    assert t("widget.choose_one", "en") == "Choose an option"
