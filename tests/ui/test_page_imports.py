"""What a page imports: the overview's modules leave the meeting pack's document libraries and
scipy unimported (a dashboard server's first page paid 1.9 s of imports for them; a page that
draws a funnel or makes a pack imports them when it does)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("scipy", "pptx", "docx", "fpdf", "charts.pack")
# the modules dashboard.py (the overview) imports
OVERVIEW = (
    "charts.builders",
    "ui.page_parts",
    "ui.data",
    "ui.frame",
    "ui.overview_view",
    "ui.rankings_view",
    "ui.system_changes",
)


def test_the_overviews_modules_import_neither_the_pack_nor_scipy():
    code = (
        f"import sys, {', '.join(OVERVIEW)}\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules) or 'none')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "none", done.stdout


def test_a_funnel_still_imports_scipy_when_it_needs_it():
    code = (
        "import sys, numpy as np\n"
        "from queries.spiegelhalter import exact_limit\n"
        "before = 'scipy' in sys.modules\n"
        "limit = exact_limit(0.975, np.array([100.0]), 0.5, 'binomial')[0]\n"
        "print(before, 'scipy.stats' in sys.modules, round(float(limit), 4))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, after, limit = done.stdout.split()
    assert (before, after) == ("False", "True")
    # binomial(100, 0.5), the upper limit from the top: P(R >= 61) = 1 - 0.98240 = 0.01760 <
    # 0.025 <= P(R >= 60) = 1 - 0.97156 = 0.02844, so u = 60, alpha = (0.02844 - 0.025) /
    # (0.02844 - 0.01760) = 0.3173, limit (60 + 0.3173) / 100
    assert abs(float(limit) - 0.6032) < 0.0002
