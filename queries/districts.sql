-- name: districts
-- Districts present in the unit list, with their number of units, in the quarter given (no
-- quarter: each unit's latest row). With now_holding: the districts that hold the quarter's
-- units by their latest registry row, as a district's scope counts them (queries/scope.py), so
-- that a unit moved since is listed by the district that now answers for it.
-- param: quarter quarter = None
-- param: now_holding bool = false
WITH in_quarter AS (
    SELECT unit_code, district FROM units_in_force([coalesce($quarter, '9999Q4')])
),
latest AS (
    SELECT unit_code, district FROM units_latest()
)
SELECT
    CASE WHEN $now_holding THEN l.district ELSE q.district END AS district,
    count(*) AS unit_count
FROM in_quarter AS q
JOIN latest AS l USING (unit_code)
GROUP BY 1
ORDER BY 1
