"""Accounts are not ETL: the package uses only the store (etl.db), the one list of settings
(etl.settings), the scope (etl.scope), the messages (etl.messages) and the display widths its
command line pads by (etl.widths, a standalone module) of the project, and the bureau's words
the catalogue speaks in (i18n.voice, which the stored settings set), and the ETL reaches
accounts only from its command line (``python -m etl users`` and ``load --as-user``).

The messages let the audit log keep an account change or a sign-in as a catalogue key and its
values, read in the reader's language on the User admin page; etl.db imports etl.messages
already, so nothing new enters the package's reach."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("accounts", "charts", "etl", "i18n", "pages", "queries", "ui")


def imported(path: Path) -> set[str]:
    """Every project module the file imports (at any depth: lazy imports count)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] in PROJECT}


ALLOWED = (
    "etl.db",
    "etl.settings",
    "etl.scope",
    "etl.messages",
    "etl.arguments",
    "etl.widths",
    "i18n.voice",
)


def test_accounts_import_only_the_store_settings_scope_messages_widths_and_voice():
    files = sorted((ROOT / "accounts").glob("*.py"))
    assert len(files) >= 6
    outside = {
        (f.name, name)
        for f in files
        for name in imported(f)
        if name.split(".")[0] != "accounts" and name not in ALLOWED
    }
    assert outside == set()


def test_the_etl_reaches_accounts_only_from_its_command_line():
    users = {
        (f.name, name)
        for f in sorted((ROOT / "etl").glob("*.py"))
        for name in imported(f)
        if name.split(".")[0] == "accounts"
    }
    assert users == {("cli.py", "accounts"), ("cli.py", "accounts.cli")}
    assert not (ROOT / "etl" / "accounts.py").exists()
