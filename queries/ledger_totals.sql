-- name: ledger_totals
-- The rectification ledger's totals at quarter end for the scope (one row), as the ledger counts.
-- param: quarter quarter
-- param: peer_group str = 全部
-- param: district str = None
WITH as_of AS (
    SELECT quarter_end($quarter) AS day
),
units_in_scope AS (
    SELECT unit_code FROM units
    WHERE ($peer_group = '全部' OR peer_group = $peer_group)
        AND ($district IS NULL OR district = $district)
),
findings AS (
    SELECT
        f.rectify_by,
        -- a closing date after the as-of day is not known yet on that day (as in ledger)
        CASE WHEN f.rectified_on <= a.day THEN f.rectified_on END AS closed_on,
        a.day
    FROM inspections AS f
    CROSS JOIN as_of AS a
    WHERE f.finding IS NOT NULL
        AND f.inspection_date <= a.day
        AND f.unit_code IN (SELECT unit_code FROM units_in_scope)
),
totals AS (
    SELECT
        (SELECT count(*) FROM units_in_scope) AS units,
        count(*) AS findings_total,
        count(*) FILTER (WHERE closed_on IS NULL) AS open_findings,
        count(*) FILTER (WHERE closed_on IS NULL AND rectify_by < day) AS overdue_open,
        count(closed_on) AS closed,
        count(*) FILTER (WHERE closed_on <= rectify_by) AS closed_on_time
    FROM findings
)
SELECT *, closed_on_time / nullif(closed, 0) AS on_time_rate
FROM totals
