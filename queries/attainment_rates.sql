-- name: attainment_rates
-- Per indicator and quarter: units with a value, units meeting the target, the share meeting it.
-- param: quarter quarter = None
-- param: peer_group peer_group = 全部
-- stage: values
-- window: current
WITH scope_targets AS (
    SELECT quarter, indicator_code, target
    FROM targets_in_force(
        (SELECT list(DISTINCT quarter) FROM unit_indicator_values), [$peer_group]
    )
),
per_indicator AS (
    SELECT
        quarter,
        indicator_code,
        any_value(direction) AS direction,
        count(*) AS units_with_value,
        count(*) FILTER (WHERE met) AS units_meeting,
        avg(met::INTEGER) AS attainment_rate,
        median(value) AS median_value
    FROM unit_indicator_values
    WHERE $quarter IS NULL OR quarter = $quarter
    GROUP BY quarter, indicator_code
)
SELECT
    p.quarter, p.indicator_code, d.name_zh, d.name_en, p.direction, p.units_with_value,
    p.units_meeting, p.attainment_rate, p.median_value, t.target
FROM per_indicator AS p
JOIN defined_indicators AS d USING (quarter, indicator_code)
LEFT JOIN scope_targets AS t USING (quarter, indicator_code)
ORDER BY p.quarter, p.indicator_code
