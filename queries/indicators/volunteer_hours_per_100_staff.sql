-- indicator: volunteer_hours_per_100_staff
-- Σ volunteer hours in the quarter / staff count × 100, for units that reported activities.
SELECT
    a.unit_code,
    a.quarter,
    100.0 * sum(coalesce(a.volunteer_hours, 0)) / any_value(u.staff_count) AS value,
    sum(coalesce(a.volunteer_hours, 0)) AS numerator,
    any_value(u.staff_count) AS denominator,
    NULL AS n
FROM activities AS a
JOIN units AS u ON u.unit_code = a.unit_code
WHERE a.quarter BETWEEN $first_quarter AND $last_quarter
    AND u.staff_count > 0
GROUP BY a.unit_code, a.quarter
