-- indicator: volunteer_hours_per_100_staff
-- Σ volunteer hours in the quarter / staff count × 100, for units that reported activities;
-- the staff count is the one in force in the quarter (macro units_in_force).
WITH reported AS (
    SELECT unit_code, quarter, sum(coalesce(volunteer_hours, 0)) AS hours
    FROM activities
    WHERE quarter BETWEEN $first_quarter AND $last_quarter
    GROUP BY unit_code, quarter
)
SELECT
    r.unit_code,
    r.quarter,
    100.0 * r.hours / u.staff_count AS value,
    r.hours AS numerator,
    u.staff_count AS denominator,
    NULL AS n
FROM reported AS r
JOIN units_in_force((SELECT list(DISTINCT quarter) FROM reported)) AS u
    ON u.unit_code = r.unit_code AND u.quarter = r.quarter
WHERE u.staff_count > 0
