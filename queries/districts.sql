-- name: districts
-- Districts present in the unit list, with their number of units.
SELECT district, count(*) AS unit_count
FROM units
GROUP BY district
ORDER BY district
