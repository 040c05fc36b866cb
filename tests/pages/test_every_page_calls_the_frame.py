"""Every page file calls ui.frame.frame() before anything else (the role check lives there)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = sorted([ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py")])


def first_statement_after_imports(tree: ast.Module) -> ast.stmt | None:
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        return node
    return None


def is_frame_call(node: ast.stmt | None) -> bool:
    value = node.value if isinstance(node, ast.Assign | ast.Expr) else None
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "frame"
    )


def imports_frame_from_ui(tree: ast.Module) -> bool:
    return any(
        isinstance(n, ast.ImportFrom)
        and n.module == "ui.frame"
        and any(a.name == "frame" and a.asname is None for a in n.names)
        for n in tree.body
    )


def test_there_are_pages_to_check():
    names = {p.name for p in PAGE_FILES}
    assert {"dashboard.py", "upload.py", "indicator_system.py", "method.py"} <= names


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_page_calls_the_frame_first(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert imports_frame_from_ui(tree), f"{path.name} must import frame from ui.frame"
    first = first_statement_after_imports(tree)
    assert is_frame_call(first), f"{path.name}: the first statement must call frame(...)"


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_page_does_not_use_st_navigation(path):
    # pages/ and st.navigation do not mix: a direct URL would skip the entry script (README.md,
    # "Pages and the menu")
    assert "navigation(" not in path.read_text(encoding="utf-8")


def test_the_checker_catches_a_page_that_draws_before_the_frame():
    late = ast.parse(
        "import streamlit as st\nfrom ui.frame import frame\nst.title('x')\nctx = frame('p')\n"
    )
    assert not is_frame_call(first_statement_after_imports(late))
    early = ast.parse("from ui.frame import frame\nctx = frame('p')\n")
    assert is_frame_call(first_statement_after_imports(early))
