#!/usr/bin/env bash
# Sets up, builds the demo store if there is none yet, and opens the dashboard.
# The store is $CIVBENCH_DB, else the shared default ducklake:sqlite:data/civbench.sqlite (an old
# data/civbench.duckdb keeps being used until it is migrated: python -m etl migrate --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! .venv/bin/python -c "import sys; from etl.db import store_exists; sys.exit(not store_exists())"
then
  .venv/bin/python -m etl demo
  .venv/bin/python -m etl users demo
fi
exec .venv/bin/streamlit run dashboard.py "$@"
