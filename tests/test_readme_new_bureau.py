"""The README's steps for a new bureau's own data: every command it gives is one the command
lines take as written, in the order that works (the registry before what is checked
against it)."""

from __future__ import annotations

import shlex
from pathlib import Path

from accounts.cli import build_parser as users_parser
from charts.cli import build_parser as charts_parser
from etl.cli import build_parser as etl_parser

ROOT = Path(__file__).resolve().parents[1]
PARSERS = {"etl": etl_parser, "charts": charts_parser}


def new_bureau_commands() -> list[list[str]]:
    """The python -m … lines of the code block under "## A new bureau's own data", without
    their comments."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("## A new bureau's own data")
    first = lines.index("```bash", start)
    block = lines[first + 1 : lines.index("```", first + 1)]
    return [
        shlex.split(line.split("#")[0])[1:]
        for line in block
        if line.startswith(".venv/bin/python -m ")
    ]


def test_every_command_of_the_new_bureau_steps_parses_as_written():
    commands = new_bureau_commands()
    assert len(commands) == 13
    for command in commands:
        assert command[0] == "-m" and command[1] in PARSERS, command
        args = command[2:]
        parser = users_parser() if args[0] == "users" else PARSERS[command[1]]()
        parser.parse_args(args[1:] if args[0] == "users" else args)  # exits when refused


def test_the_registry_is_loaded_before_the_indicator_system_and_the_quarter():
    loads = [c[3:] for c in new_bureau_commands() if c[1:3] == ["etl", "load"]]
    assert loads[:2] == [["单位名录.xlsx"], ["测评体系.csv"]]
    assert [f[:6] for f in loads[2]] == ["2026Q3"] * 3


def test_the_demo_store_is_moved_aside_by_a_copy_that_opens_where_it_lands():
    # a plain mv of data/civbench.sqlite and data/civbench_files leaves a store that cannot be
    # opened where it lands (its catalog records its folder's old place): the step copies it
    # with migrate, which writes a new catalog and folder, then removes the two
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "mv data/civbench.sqlite" not in readme
    first = new_bureau_commands()[0]
    assert first[1:5] == ["etl", "migrate", "--from", "ducklake:sqlite:data/civbench.sqlite"]
    assert first[5] == "--to" and first[6].startswith("ducklake:sqlite:/")
    block = readme.split("## A new bureau's own data", 1)[1].split("```", 2)[1]
    assert "\nrm -r data/civbench.sqlite* data/civbench_files" in block  # its -wal, -shm too
    assert block.index("etl migrate") < block.index("rm -r data/civbench.sqlite")
