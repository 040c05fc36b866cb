"""The packages scripts/setup.sh installs carry their compiled bytecode, so that no process
compiles them from source at start (Python may not write bytecode itself: the CI machine sets
PYTHONDONTWRITEBYTECODE; importing streamlit, altair, polars, duckdb, scipy.stats and pandas
took 7 s without it, 2.5 s with it). So do the project's own packages (0.1–0.15 s a process)."""

import importlib.util
from pathlib import Path

import pytest

# the heaviest imports of a dashboard, a pack or a load, and one module deep in each
MODULES = ("streamlit", "altair.vegalite.v6.schema.core", "scipy.stats._stats_py", "pandas")
OWN_MODULES = ("etl.load", "queries.pipeline", "charts.deck", "ui.frame", "accounts.users")


@pytest.mark.parametrize("name", MODULES + OWN_MODULES)
def test_an_installed_package_module_has_its_bytecode_beside_it(name):
    source = Path(importlib.util.find_spec(name).origin)
    assert source.suffix == ".py"
    assert Path(importlib.util.cache_from_source(str(source))).is_file(), source
