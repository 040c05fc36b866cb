"""What a command pays before it reads a file: importing the loader's command line makes no
converter to Traditional characters (0.4 s for the three) and no password hash (0.1 s); each
is made when first needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MADE = (
    "import etl.cli, accounts.sessions as s, etl.chinese as c\n"
    "print(c.to_traditional.cache_info().currsize, s.dummy_hash.cache_info().currsize)\n"
)


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_importing_the_command_line_makes_neither_a_converter_nor_a_hash():
    assert run(MADE) == "0 0"


def test_each_is_made_once_when_first_needed():
    use = "c.traditional_spellings('门诊'), c.traditional_spellings('单位'), s.dummy_hash()\n"
    code = MADE.replace("print(", use + "s.dummy_hash()\nprint(", 1)
    code += "print(' '.join(c.traditional_spellings('门诊')))\n"
    assert run(code).split("\n") == ["1 1", "門診"]
