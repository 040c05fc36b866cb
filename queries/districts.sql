-- name: districts
-- Districts holding the units present in the quarter given (no quarter: every unit open now),
-- with their number of units. A district's units are those its latest registry row names
-- (unit_districts, etl/registry.sql), as a district parameter, a district's scope and the
-- per-district packs count them: a unit moved since is listed by the district that now answers
-- for it, also in the quarters before its move.
-- A scoped reader's districts are counted over its units only ($scope_units, queries/scope.py).
-- zh: 所给季度有单位的区县（未给季度：现有的全部单位），及各区县的单位数。
-- param: quarter quarter = None
SELECT d.district, count(*) AS unit_count
FROM units_in_force([coalesce($quarter, '9999Q4')]) AS q
JOIN unit_districts() AS d USING (unit_code)
WHERE $scope_units IS NULL OR list_contains($scope_units, unit_code)
GROUP BY d.district
ORDER BY d.district
