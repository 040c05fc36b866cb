-- name: quarters
-- Quarters that have any inspection, survey or activity rows, newest first.
-- zh: 有检查、调查或活动数据的季度，最新的在前。
WITH facts AS (
    SELECT unit_code, quarter FROM inspections
    UNION
    SELECT unit_code, quarter FROM surveys
    UNION
    SELECT unit_code, quarter FROM activities
),
per_quarter AS (
    -- every quarter with data is listed; a scoped reader counts its own units reporting
    SELECT
        quarter,
        count(DISTINCT unit_code) FILTER (
            WHERE $scope_units IS NULL OR list_contains($scope_units, unit_code)
        ) AS units_reporting
    FROM facts
    GROUP BY quarter
),
final AS (
    SELECT
        quarter,
        CASE right(quarter, 1)
            WHEN '1' THEN CAST(CAST(left(quarter, 4) AS INTEGER) - 1 AS VARCHAR) || 'Q4'
            ELSE left(quarter, 5) || CAST(CAST(right(quarter, 1) AS INTEGER) - 1 AS VARCHAR)
        END AS previous_quarter,
        units_reporting,
        quarter = max(quarter) OVER () AS is_latest
    FROM per_quarter
)
SELECT * FROM final ORDER BY quarter DESC
