from etl.entry import run_command
from queries.cli import main

run_command(main)
