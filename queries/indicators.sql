-- name: indicators
-- The indicator system, with whether each indicator has a definition in queries/indicators/.
SELECT
    indicator_code,
    name_zh,
    name_en,
    domain,
    direction,
    unit,
    weight,
    unit = 'rate' AS is_proportion,
    list_contains($defined_codes, indicator_code) AS has_definition
FROM indicators
ORDER BY
    CASE domain WHEN 'inspection' THEN 1 WHEN 'survey' THEN 2 WHEN 'activity' THEN 3 ELSE 4 END,
    weight DESC,
    indicator_code
