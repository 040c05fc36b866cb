-- name: ledger_totals
-- The rectification ledger's totals at quarter end (or today) for the scope (one row), as the ledger counts,
-- with the mean days to close over every closed finding.
-- zh: 季度末（或今天）数据范围内整改台账的合计（一行），口径同整改台账，
-- 平均整改天数按全部已整改问题计。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- param: district district = None
WITH units_in_scope AS (
    SELECT unit_code FROM units_in_force([$quarter])  -- the registry in the quarter
    WHERE ($peer_group = '全部' OR peer_group = $peer_group)
        -- a district's units by their latest registry row (macro district_units)
        AND ($district IS NULL
            OR unit_code IN (SELECT unit_code FROM district_units($district)))
        AND ($scope_units IS NULL OR list_contains($scope_units, unit_code))  -- the reader's
),
totals AS (
    SELECT
        (SELECT count(*) FROM units_in_scope) AS units,
        coalesce(sum(p.findings_total), 0)::BIGINT AS findings_total,
        coalesce(sum(p.open_findings), 0)::BIGINT AS open_findings,
        coalesce(sum(p.overdue_open), 0)::BIGINT AS overdue_open,
        coalesce(sum(p.closed), 0)::BIGINT AS closed,
        coalesce(sum(p.closed_on_time), 0)::BIGINT AS closed_on_time,
        sum(p.days_to_close_total) AS days_to_close_total
    FROM ledger_counts(ledger_day($quarter)) AS p
    WHERE p.unit_code IN (SELECT unit_code FROM units_in_scope)
)
SELECT
    * EXCLUDE (days_to_close_total),
    closed_on_time / nullif(closed, 0) AS on_time_rate,
    (days_to_close_total / nullif(closed, 0))::DOUBLE AS mean_days_to_close
FROM totals
