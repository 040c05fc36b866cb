#!/usr/bin/env bash
# Sets up (including chromium for the browser tests) and runs every test, then ruff.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
