-- name: ledger
-- Rectification ledger per unit at quarter end (or today): open, overdue, closed on time, days to close.
-- zh: 季度末（或今天）各单位的整改台账：未整改、逾期未整改、按期整改、整改天数。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- param: district district = None
WITH per_unit AS (
    SELECT * FROM ledger_counts(ledger_day($quarter))
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
    FROM units_in_force([$quarter]) AS u  -- the registry in the quarter
    LEFT JOIN per_unit AS p ON p.unit_code = u.unit_code
    WHERE ($peer_group = '全部' OR u.peer_group = $peer_group)
        -- a district's units by their latest registry row (macro district_units)
        AND ($district IS NULL
            OR u.unit_code IN (SELECT unit_code FROM district_units($district)))
)
SELECT * FROM final
ORDER BY overdue_open DESC, open_findings DESC, unit_code
