-- name: ledger_by_district
-- Rectification ledger per district at quarter end: units, open, overdue, closed, on-time rate.
-- param: quarter quarter
-- param: peer_group str = 全部
WITH as_of AS (
    SELECT quarter_end($quarter) AS day
),
findings AS (
    SELECT
        f.unit_code,
        f.rectify_by,
        -- a closing date after the as-of day is not known yet on that day (as in ledger)
        CASE WHEN f.rectified_on <= a.day THEN f.rectified_on END AS closed_on,
        a.day
    FROM inspections AS f
    CROSS JOIN as_of AS a
    WHERE f.finding IS NOT NULL AND f.inspection_date <= a.day
),
per_unit AS (
    SELECT
        unit_code,
        count(*) FILTER (WHERE closed_on IS NULL) AS open_findings,
        count(*) FILTER (WHERE closed_on IS NULL AND rectify_by < day) AS overdue_open,
        count(closed_on) AS closed,
        count(*) FILTER (WHERE closed_on <= rectify_by) AS closed_on_time
    FROM findings
    GROUP BY unit_code
),
per_district AS (
    SELECT
        u.district,
        count(*) AS units,
        coalesce(sum(p.open_findings), 0)::BIGINT AS open_findings,
        coalesce(sum(p.overdue_open), 0)::BIGINT AS overdue_open,
        coalesce(sum(p.closed), 0)::BIGINT AS closed,
        coalesce(sum(p.closed_on_time), 0)::BIGINT AS closed_on_time
    FROM units AS u
    LEFT JOIN per_unit AS p ON p.unit_code = u.unit_code
    WHERE $peer_group = '全部' OR u.peer_group = $peer_group
    GROUP BY u.district
)
SELECT *, closed_on_time / nullif(closed, 0) AS on_time_rate
FROM per_district
ORDER BY overdue_open DESC, district
