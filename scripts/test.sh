#!/usr/bin/env bash
# Sets up (chromium for the browser tests, PostgreSQL for the shared-store tests) and runs
# every test, then ruff.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser --with-postgres
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
