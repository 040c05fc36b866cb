"""The confidence levels of the method, written down once (docs/METHOD.md).

Two-sided levels by name, each as its upper tail probability: 95% (the Wilson interval of a
proportion, the funnel's inner limits, the plausible rank range) and 99.8% (the funnel's outer
limits). A z value is the standard normal quantile of the tail probability. SQL has no quantile
function, so the one z the SQL needs, ``z95()``, is a macro in stages/macros.sql; a test
(tests/queries/test_levels.py) checks it is the quantile of ``UPPER_TAIL["95"]``.
"""

from __future__ import annotations

from statistics import NormalDist

UPPER_TAIL = {"95": 0.975, "998": 0.999}


def z_of(level: str) -> float:
    """The z value of a two-sided level: 1.959964 for "95", 3.090232 for "998"."""
    return NormalDist().inv_cdf(UPPER_TAIL[level])
