-- name: districts
-- Districts present in the unit list, with their number of units, in the quarter given (no
-- quarter: each unit's latest row).
-- param: quarter quarter = None
SELECT district, count(*) AS unit_count
FROM units_in_force([coalesce($quarter, '9999Q4')])
GROUP BY district
ORDER BY district
