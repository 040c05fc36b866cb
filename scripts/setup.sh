#!/usr/bin/env bash
# Creates .venv from the lock file and installs what the OS must provide (CJK fonts; chromium
# for the browser tests, PostgreSQL for the shared-store tests). Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# (grep without -q: with pipefail, -q would stop reading early and fail the pipeline)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need_apt+=(fonts-noto-cjk)
# emoji and pictographs in outline (🏥 in a unit's name), which the CJK fonts lack
fc-list 2>/dev/null | grep -i "Symbola" >/dev/null || need_apt+=(fonts-symbola)
# Debian's python3 ships venv without ensurepip; python3-venv provides it
python3 -c "import ensurepip" 2>/dev/null || need_apt+=(python3-venv)
for flag in "$@"; do
  case "$flag" in
    --with-browser) [ -x /usr/bin/chromium ] || need_apt+=(chromium) ;;
    # the tests start a throwaway PostgreSQL server of their own (tests/stores.py)
    --with-postgres)
      ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql)
      command -v psql >/dev/null || need_apt+=(postgresql-client) ;;
    *) echo "unknown option: $flag (use --with-browser, --with-postgres)" >&2; exit 2 ;;
  esac
done
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "Installing Debian packages: ${need_apt[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

stamp=.venv/.lock-installed
if [ ! -f "$stamp" ] || ! cmp -s requirements.lock "$stamp"; then
  echo "Installing Python packages into .venv"
  python3 -m venv .venv
  # uv (pinned in the lock) installs the lock's packages: about 5 s with its cache, and 10 s
  # more to compile their bytecode, where pip took a minute on every clean clone. uv compiles
  # only when asked (pip always does); without it, where Python may not write bytecode
  # (PYTHONDONTWRITEBYTECODE, as on the CI machine), every process compiles streamlit,
  # altair, scipy… from source again at start: 7 s for their imports instead of 2.5 s. pip,
  # as before, where uv cannot (a machine that reaches only a pip mirror: uv does not read
  # pip's configuration).
  uv_pin=$(grep -E "^uv==" requirements.lock)
  pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
  {
    "${pip[@]}" "$uv_pin" && .venv/bin/uv pip install -q --compile-bytecode --python .venv/bin/python \
      -r requirements.lock
  } >.venv/pip.log 2>&1 || "${pip[@]}" -r requirements.lock >>.venv/pip.log 2>&1 || {
    grep -v "is ignored" .venv/pip.log >&2
    echo "error: installing the Python packages failed (full log: .venv/pip.log)" >&2
    exit 1
  }
  cp requirements.lock "$stamp"
fi
# The project's own packages too, for the same reason: without their bytecode every command,
# dashboard and test process compiled etl, queries, charts… from source at start (0.1–0.15 s of
# CPU each). Quick when up to date; a module edited since is read from its source as usual
# (Python compares the time stamp the bytecode records).
.venv/bin/python -m compileall -q accounts charts etl i18n queries ui >/dev/null
