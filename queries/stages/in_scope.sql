-- The units a caller may see (queries/scope.py): each unit as its latest registry row has it
-- (latest_units, etl/scope.py), kept when the scope is everything, names the unit, or lists
-- the unit's district.
SELECT unit_code, district, peer_group
FROM latest_units
WHERE ($scope_districts IS NULL OR list_contains($scope_districts, district))
    AND ($scope_unit IS NULL OR unit_code = $scope_unit)
