"""``python -m charts``: see charts/cli.py."""

from charts.cli import PACK_LANG, main
from etl.entry import run_command

run_command(main, default_lang=PACK_LANG)
