-- name: finding_counts
-- How many findings are in each status (overdue, open, closed late, closed on time) at quarter end (or today).
-- zh: 季度末（或今天）各状态（逾期未整改、未整改、逾期整改、按期整改）的问题数。
-- param: quarter quarter = None
-- param: unit_code unit = None
-- param: peer_group peer_group = 全部
-- param: district district = None
WITH classified AS (
    SELECT f.status
    FROM findings_known_on(
        CASE WHEN $quarter IS NULL THEN current_date ELSE ledger_day($quarter) END
    ) AS f
    -- the registry at the as-of date (no quarter: each unit's latest row)
    JOIN units_in_force([coalesce($quarter, '9999Q4')]) AS u ON u.unit_code = f.unit_code
    WHERE ($unit_code IS NULL OR f.unit_code = $unit_code)
        AND ($peer_group = '全部' OR u.peer_group = $peer_group)
        -- a district's units by their latest registry row (macro district_units)
        AND ($district IS NULL
            OR u.unit_code IN (SELECT unit_code FROM district_units($district)))
        AND ($scope_units IS NULL OR list_contains($scope_units, u.unit_code))  -- the reader's
),
statuses (status, sort_order) AS (
    VALUES ('overdue', 1), ('open', 2), ('closed_late', 3), ('closed_on_time', 4)
)
SELECT s.status, count(c.status) AS findings
FROM statuses AS s
LEFT JOIN classified AS c ON c.status = s.status
GROUP BY s.status, s.sort_order
ORDER BY s.sort_order
