from etl.cli import main
from etl.entry import run_command

run_command(main)
