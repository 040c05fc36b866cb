-- name: reporting_summary
-- Per kind of report (inspections, surveys, activities): how many units in scope sent one.
-- zh: 按报送类别（检查、调查、活动）：范围内有多少单位报送了数据。
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
sent AS (
    SELECT unit_code, kind FROM reports_sent([$quarter])
),
kinds (kind, sort_order) AS (
    VALUES ('inspections', 1), ('surveys', 2), ('activities', 3)
),
expected AS (
    -- a quarter nobody reported for is not expected (as the completeness query has it)
    SELECT CASE WHEN (SELECT count(*) FROM sent) > 0
        THEN (SELECT count(*) FROM units_in_scope) ELSE 0 END AS units_expected
),
final AS (
    SELECT
        k.kind,
        e.units_expected,
        count(s.unit_code) AS units_reported,
        k.sort_order
    FROM kinds AS k
    CROSS JOIN expected AS e
    LEFT JOIN sent AS s
        ON s.kind = k.kind AND s.unit_code IN (SELECT unit_code FROM units_in_scope)
    GROUP BY k.kind, e.units_expected, k.sort_order
)
SELECT
    kind,
    units_expected,
    units_reported,
    units_expected - units_reported AS units_missing,
    units_reported / nullif(units_expected, 0) AS reporting_rate
FROM final
ORDER BY sort_order
