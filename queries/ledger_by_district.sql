-- name: ledger_by_district
-- Rectification ledger per district at quarter end: units, open, overdue, closed, on-time rate.
-- param: quarter quarter
-- param: peer_group str = 全部
WITH per_unit AS (
    SELECT * FROM ledger_counts(quarter_end($quarter))
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
