-- name: ledger
-- Rectification ledger per unit at quarter end: open, overdue, closed on time, days to close.
-- param: quarter quarter
-- param: peer_group str = 全部
-- param: district str = None
WITH as_of AS (
    SELECT quarter_end($quarter) AS day
),
findings AS (
    SELECT
        f.unit_code,
        f.inspection_date,
        f.rectify_by,
        -- a closing date after the as-of day is not known yet on that day
        CASE WHEN f.rectified_on <= a.day THEN f.rectified_on END AS closed_on,
        a.day
    FROM inspections AS f
    CROSS JOIN as_of AS a
    WHERE f.finding IS NOT NULL AND f.inspection_date <= a.day
),
per_unit AS (
    SELECT
        unit_code,
        count(*) AS findings_total,
        count(*) FILTER (WHERE closed_on IS NULL) AS open_findings,
        count(*) FILTER (WHERE closed_on IS NULL AND rectify_by < day) AS overdue_open,
        count(closed_on) AS closed,
        count(*) FILTER (WHERE closed_on <= rectify_by) AS closed_on_time,
        avg(closed_on - inspection_date) FILTER (WHERE closed_on IS NOT NULL)
            AS mean_days_to_close,
        min(inspection_date) FILTER (WHERE closed_on IS NULL) AS oldest_open_date,
        any_value(day) AS day
    FROM findings
    GROUP BY unit_code
),
final AS (
    SELECT
        u.unit_code,
        u.unit_name,
        u.district,
        u.peer_group,
        coalesce(p.findings_total, 0) AS findings_total,
        coalesce(p.open_findings, 0) AS open_findings,
        coalesce(p.overdue_open, 0) AS overdue_open,
        coalesce(p.closed, 0) AS closed,
        coalesce(p.closed_on_time, 0) AS closed_on_time,
        p.closed_on_time / nullif(p.closed, 0) AS on_time_rate,
        p.mean_days_to_close::DOUBLE AS mean_days_to_close,
        p.oldest_open_date,
        (p.day - p.oldest_open_date)::BIGINT AS oldest_open_days
    FROM units AS u
    LEFT JOIN per_unit AS p ON p.unit_code = u.unit_code
    WHERE ($peer_group = '全部' OR u.peer_group = $peer_group)
        AND ($district IS NULL OR u.district = $district)
)
SELECT * FROM final
ORDER BY overdue_open DESC, open_findings DESC, unit_code
