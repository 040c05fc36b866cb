#!/usr/bin/env bash
# Sets up (chromium for the browser tests, PostgreSQL for the shared-store tests), runs ruff,
# then every test on three worker processes (pytest-xdist; each test file stays on one worker,
# so its module fixtures are built once). Files are handed out in collection order, not
# xdist's default of most tests first: that left the browser files of few but long tests
# (three dashboards and four loaders for a minute) to the end, one worker idle meanwhile.
# Three workers on this two-core machine: with two, the cores were busy 1.44 of 2 on average
# (user + sys time over wall time), the rest waiting on browsers, dashboards and PostgreSQL.
# The 25 slowest tests are listed at the end, so that a suite growing slow shows where.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser --with-postgres
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest -n 3 --dist loadfile --no-loadscope-reorder --durations=25 "$@"
