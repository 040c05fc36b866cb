-- name: indicators
-- The indicator system in force in a quarter (no quarter: each indicator's latest row).
-- zh: 某季度有效的测评体系（未给季度：每个指标的最新一行）。
-- param: quarter quarter = None
-- Whether each indicator has a definition in queries/indicators/; from_quarter: the quarter
-- its row holds from (NULL: from the beginning), macro indicators_in_force.
SELECT
    indicator_code,
    name_zh,
    name_en,
    domain,
    direction,
    unit,
    weight,
    unit = 'rate' AS is_proportion,
    list_contains($defined_codes, indicator_code) AS has_definition,
    from_quarter
FROM indicators_in_force([coalesce($quarter, '9999Q4')])
ORDER BY
    CASE domain WHEN 'inspection' THEN 1 WHEN 'survey' THEN 2 WHEN 'activity' THEN 3 ELSE 4 END,
    weight DESC,
    indicator_code
