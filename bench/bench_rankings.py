"""Rankings at province scale: the full `rankings` query against a minimal GROUP BY + window.

Build the province once:
    .venv/bin/python -m etl demo --db /tmp/province.duckdb --units 5000 --quarters 40
then:
    .venv/bin/python bench/bench_rankings.py [--db /tmp/province.duckdb] [--peer-group 乡镇卫生院]

Both are timed warm (one untimed run first) on the same connection in the same run; the
figures printed are the median and the best of --repeat runs. Goal: full ≤ 200 ms and ≤ 3×
the minimal query. "full, no ranges" is the same query with draws=0 (no simulation).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from etl.db import connect  # noqa: E402
from etl.quarters import shift_quarter  # noqa: E402
from queries import run  # noqa: E402

MINIMAL_SQL = """
WITH inspected AS (
    SELECT unit_code, quarter, sum(score) / sum(max_score) AS score_rate
    FROM inspections WHERE quarter IN ($quarter, $previous) GROUP BY unit_code, quarter
),
surveyed AS (
    SELECT unit_code, quarter, sum(satisfied) / sum(respondents) AS satisfaction
    FROM surveys WHERE quarter IN ($quarter, $previous) AND satisfied IS NOT NULL
    GROUP BY unit_code, quarter
),
active AS (
    SELECT unit_code, quarter, sum(sessions) AS sessions
    FROM activities WHERE quarter IN ($quarter, $previous) GROUP BY unit_code, quarter
)
SELECT
    u.unit_code,
    i.quarter,
    i.score_rate + coalesce(s.satisfaction, 0) + coalesce(a.sessions, 0) / 10 AS value,
    rank() OVER (PARTITION BY i.quarter ORDER BY value DESC) AS rank
FROM units AS u
JOIN inspected AS i ON i.unit_code = u.unit_code
LEFT JOIN surveyed AS s ON s.unit_code = i.unit_code AND s.quarter = i.quarter
LEFT JOIN active AS a ON a.unit_code = i.unit_code AND a.quarter = i.quarter
WHERE u.peer_group = $peer_group
"""


def timed(action, repeat: int) -> tuple[float, float]:
    action()  # warm-up, not timed
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/province.duckdb")
    parser.add_argument("--peer-group", default="乡镇卫生院")
    parser.add_argument("--quarter", help="default: the latest quarter with data")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    con = connect(args.db)
    quarter = args.quarter or run(con, "quarters")["quarter"][0]
    params = {
        "quarter": quarter,
        "previous": shift_quarter(quarter, -1),
        "peer_group": args.peer_group,
    }
    units, facts = con.execute(
        "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM inspections)"
        " + (SELECT count(*) FROM surveys) + (SELECT count(*) FROM activities)"
    ).fetchone()
    ranked = run(con, "rankings", quarter=quarter, peer_group=args.peer_group, draws=0)

    def minimal():
        return con.cursor().execute(MINIMAL_SQL, params).pl()

    def full():
        return run(con, "rankings", quarter=quarter, peer_group=args.peer_group)

    def full_without_ranges():
        return run(con, "rankings", quarter=quarter, peer_group=args.peer_group, draws=0)

    results = {
        "minimal GROUP BY + window": timed(minimal, args.repeat),
        "rankings, no rank ranges (draws=0)": timed(full_without_ranges, args.repeat),
        "rankings, full (1000 draws)": timed(full, args.repeat),
    }
    print(f"database {args.db}: {units} units, {facts} fact rows")
    print(f"ranking {quarter} within {args.peer_group}: {ranked.height} units")
    base = results["minimal GROUP BY + window"][0]
    for name, (median, best) in results.items():
        print(f"  {name:38s} median {median:7.1f} ms  best {best:7.1f} ms  ×{median / base:4.1f}")
    full_median = results["rankings, full (1000 draws)"][0]
    verdict = "meets" if full_median <= 200 and full_median <= 3 * base else "misses"
    print(f"goal ≤ 200 ms and ≤ 3× minimal: full rankings {verdict} it")
    con.close()


if __name__ == "__main__":
    main()
