-- name: completeness
-- Which unit reported which kind (inspections, surveys, activities) for which quarter:
-- the quarter given (from from_quarter to it, when given too), or every quarter.
-- zh: 哪些单位在哪些季度报送了哪类数据（检查、调查、活动）：
-- 所给季度（同时给出 from_quarter 时为其间各季度），或全部季度。
-- param: quarter quarter = None
-- param: from_quarter quarter = None
-- param: peer_group peer_group = 全部
-- param: district district = None
-- param: missing_only bool = false
WITH facts AS (
    SELECT unit_code, quarter, 'inspections' AS kind, count(*) AS rows
    FROM inspections GROUP BY unit_code, quarter
    UNION ALL
    SELECT unit_code, quarter, 'surveys', count(*) FROM surveys GROUP BY unit_code, quarter
    UNION ALL
    SELECT unit_code, quarter, 'activities', count(*) FROM activities GROUP BY unit_code, quarter
),
quarters AS (
    SELECT DISTINCT quarter FROM facts
    WHERE $quarter IS NULL OR quarter BETWEEN coalesce($from_quarter, $quarter) AND $quarter
),
kinds (kind, sort_order) AS (
    VALUES ('inspections', 1), ('surveys', 2), ('activities', 3)
),
final AS (
    SELECT
        u.unit_code,
        u.unit_name,
        u.district,
        u.peer_group,
        u.quarter,
        k.kind,
        coalesce(f.rows, 0) AS rows,
        f.rows IS NOT NULL AS reported,
        k.sort_order
    -- the units in the registry in each quarter, as they were then
    FROM units_in_force((SELECT list(quarter) FROM quarters)) AS u
    CROSS JOIN kinds AS k
    LEFT JOIN facts AS f
        ON f.unit_code = u.unit_code AND f.quarter = u.quarter AND f.kind = k.kind
    WHERE ($peer_group = '全部' OR u.peer_group = $peer_group)
        -- a district's units by their latest registry row (macro district_units)
        AND ($district IS NULL
            OR u.unit_code IN (SELECT unit_code FROM district_units($district)))
)
SELECT * EXCLUDE (sort_order) FROM final
WHERE NOT $missing_only OR NOT reported
ORDER BY quarter, unit_code, sort_order
