-- name: findings
-- The findings list with each finding's status at the end of a quarter (or today).
-- zh: 问题清单，及每个问题在季度末（或今天）的状态。
-- param: quarter quarter = None
-- param: unit_code unit = None
-- param: peer_group peer_group = 全部
-- param: district district = None
-- param: status choice(all,open,overdue,closed) = all
WITH classified AS (
    SELECT * EXCLUDE (closed_on), closed_on AS rectified_on
    FROM findings_known_on(
        CASE WHEN $quarter IS NULL THEN current_date ELSE ledger_day($quarter) END
    )
    WHERE $unit_code IS NULL OR unit_code = $unit_code
),
final AS (
    SELECT
        c.unit_code,
        u.unit_name,
        u.district,
        u.peer_group,
        c.quarter,
        c.inspection_date,
        c.inspection_type,
        c.item,
        c.finding,
        c.rectify_by,
        c.rectified_on,
        c.status,
        (c.rectified_on - c.inspection_date)::BIGINT AS days_to_close,
        CASE WHEN c.rectified_on IS NULL THEN (c.day - c.inspection_date)::BIGINT END AS days_open,
        CASE c.status
            WHEN 'overdue' THEN (c.day - c.rectify_by)::BIGINT
            WHEN 'closed_late' THEN (c.rectified_on - c.rectify_by)::BIGINT
        END AS days_overdue
    FROM classified AS c
    -- the registry at the as-of date (no quarter: each unit's latest row)
    JOIN units_in_force([coalesce($quarter, '9999Q4')]) AS u ON u.unit_code = c.unit_code
    WHERE ($peer_group = '全部' OR u.peer_group = $peer_group)
        -- a district's units by their latest registry row (macro district_units)
        AND ($district IS NULL
            OR u.unit_code IN (SELECT unit_code FROM district_units($district)))
        AND (
            $status = 'all'
            OR ($status = 'open' AND c.status IN ('open', 'overdue'))
            OR ($status = 'overdue' AND c.status = 'overdue')
            OR ($status = 'closed' AND c.status IN ('closed_on_time', 'closed_late'))
        )
)
SELECT * FROM final
ORDER BY
    CASE status WHEN 'overdue' THEN 1 WHEN 'open' THEN 2 WHEN 'closed_late' THEN 3 ELSE 4 END,
    rectify_by,
    unit_code,
    inspection_date,
    inspection_type,
    item
