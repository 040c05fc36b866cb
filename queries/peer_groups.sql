-- name: peer_groups
-- Peer groups present in the unit list, in the registry's order (etl.contracts.PEER_GROUPS,
-- bound as $peer_group_order; a group outside it after them by name), with their unit counts,
-- in the quarter given (no quarter: each unit's latest row). A scoped reader's groups are those
-- holding its units, counted over its units only ($scope_units, queries/scope.py).
-- zh: 单位名录中现有的单位类别，按名录规定的顺序（不在其中的类别按名称排在后面），
-- 及所给季度（未给季度：每个单位的最新一行）各类别的单位数。
-- param: quarter quarter = None
SELECT peer_group, count(*) AS unit_count
FROM units_in_force([coalesce($quarter, '9999Q4')])
WHERE $scope_units IS NULL OR list_contains($scope_units, unit_code)
GROUP BY peer_group
ORDER BY coalesce(list_position($peer_group_order, peer_group), 99), peer_group
