"""Running a command line (``python -m etl``, ``queries``, ``charts``) to its exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import NoReturn


def run_command(main: Callable[[], int]) -> NoReturn:
    """Exit with ``main()``'s status. When the reader of the output stops early
    (``python -m etl history | head``) the command ends quietly, as other tools do, instead
    of with a BrokenPipeError traceback (the recipe in Python's ``signal`` documentation)."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
