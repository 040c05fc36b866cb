#!/usr/bin/env bash
# Sets up, builds the demo store if there is none yet, and opens the dashboard.
# The store is $CIVBENCH_DB, else the shared default ducklake:sqlite:data/civbench.sqlite (an old
# data/civbench.duckdb keeps being used until it is migrated: python -m etl migrate --help).
# A store that cannot be opened (its catalog server down, a wrong password or data folder) is
# said plainly and stops the script: the demo is built only where there is no store at all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
found=0
.venv/bin/python - <<'PY' || found=$?
import sys

from etl.db import StoreError, store_exists

try:
    sys.exit(0 if store_exists() else 10)
except StoreError as error:
    print(f"error: {error}", file=sys.stderr)
    sys.exit(3)
PY
case "$found" in
  0) ;;
  10)
    .venv/bin/python -m etl demo
    .venv/bin/python -m etl users demo
    ;;
  *) exit "$found" ;;
esac
exec .venv/bin/streamlit run dashboard.py "$@"
