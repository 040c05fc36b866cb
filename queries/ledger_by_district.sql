-- name: ledger_by_district
-- Rectification ledger per district at quarter end (or today): units, open, overdue, closed, on-time rate,
-- mean days to close (over the district's closed findings, not a mean of the units' means).
-- A district's units are those its latest registry row names (unit_districts, etl/registry.sql),
-- in every quarter, as ledger_totals with a district counts them: a unit moved since is counted
-- by the district it moved to.
-- zh: 季度末（或今天）各区县的整改台账：单位数、未整改、逾期未整改、已整改、按期整改率、
-- 平均整改天数（按该区县已整改的问题计，而非各单位平均值的平均）。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
WITH per_unit AS (
    SELECT * FROM ledger_counts(ledger_day($quarter))
),
per_district AS (
    SELECT
        d.district,
        count(*) AS units,
        coalesce(sum(p.open_findings), 0)::BIGINT AS open_findings,
        coalesce(sum(p.overdue_open), 0)::BIGINT AS overdue_open,
        coalesce(sum(p.closed), 0)::BIGINT AS closed,
        coalesce(sum(p.closed_on_time), 0)::BIGINT AS closed_on_time,
        sum(p.days_to_close_total) AS days_to_close_total
    FROM units_in_force([$quarter]) AS u  -- the units open in the quarter
    JOIN unit_districts() AS d USING (unit_code)
    LEFT JOIN per_unit AS p ON p.unit_code = u.unit_code
    WHERE ($peer_group = '全部' OR u.peer_group = $peer_group)
        -- a district's totals add up the reader's units in it only (a unit's account sees
        -- its own, not its district's)
        AND ($scope_units IS NULL OR list_contains($scope_units, u.unit_code))
    GROUP BY d.district
)
SELECT
    * EXCLUDE (days_to_close_total),
    closed_on_time / nullif(closed, 0) AS on_time_rate,
    (days_to_close_total / nullif(closed, 0))::DOUBLE AS mean_days_to_close
FROM per_district
ORDER BY overdue_open DESC, district
