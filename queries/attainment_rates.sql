-- name: attainment_rates
-- Per indicator and quarter: units with a value, units meeting the target, the share meeting it;
-- with by_target, one row per target the indicator holds the units to (targets may differ by
-- peer group, docs/METHOD.md "Targets"), naming the peer groups held to it.
-- zh: 按指标和季度：有数值的单位数、达标的单位数及达标率；加 by_target 时，
-- 指标的每个目标值一行（目标值可因单位类别而异），并列出适用该目标的单位类别。
-- param: quarter quarter = None
-- param: peer_group peer_group = 全部
-- param: by_target bool = false
-- stage: values
-- window: current
WITH counted AS (
    SELECT
        *,
        -- the rows one result row counts: all the indicator's, or those held to one target
        -- (units with no target together)
        CASE WHEN $by_target THEN target END AS held_to
    FROM unit_indicator_values
    -- a retired indicator is not assessed (macro assessed): it has no rate in its quarters
    WHERE ($quarter IS NULL OR quarter = $quarter) AND assessed(weight)
),
per_indicator AS (
    SELECT
        quarter,
        indicator_code,
        any_value(direction) AS direction,
        count(*) AS units_with_value,
        count(target) AS units_with_target,
        count(*) FILTER (WHERE met) AS units_meeting,
        avg(met::INTEGER) AS attainment_rate,
        median(value) AS median_value,
        -- the target the units counted share (macro shared_target), as their counts use it
        shared_target(target) AS target,
        list(DISTINCT peer_group ORDER BY peer_group) AS peer_groups
    FROM counted
    GROUP BY quarter, indicator_code, held_to
)
SELECT
    p.quarter, p.indicator_code, d.name_zh, d.name_en, p.direction, p.units_with_value,
    p.units_with_target, p.units_meeting, p.attainment_rate, p.median_value, p.target,
    p.peer_groups
FROM per_indicator AS p
JOIN defined_indicators AS d USING (quarter, indicator_code)
ORDER BY p.quarter, p.indicator_code, p.target NULLS LAST
