#!/usr/bin/env bash
# Sets up, builds the demo database if none exists yet, and opens the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
db="${CIVBENCH_DB:-data/civbench.duckdb}"
if [ ! -e "$db" ]; then
  .venv/bin/python -m etl demo --db "$db"
  .venv/bin/python -m etl users demo --db "$db"
fi
exec .venv/bin/streamlit run dashboard.py "$@"
