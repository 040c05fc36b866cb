#!/usr/bin/env bash
# Sets up (chromium for the browser tests, PostgreSQL for the shared-store tests), runs ruff,
# then every test on two worker processes (pytest-xdist; each test file stays on one worker,
# so its module fixtures are built once). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser --with-postgres
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest -n 2 --dist loadfile "$@"
