"""``python -m charts``: see charts/cli.py."""

import sys

from charts.cli import main

sys.exit(main())
