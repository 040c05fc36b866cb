"""``python -m charts``: see charts/cli.py."""

from charts.cli import main
from etl.entry import run_command

run_command(main)
