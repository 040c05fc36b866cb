-- name: units
-- The unit list for a selector, optionally one peer group and one district: each unit as the
-- registry has it in the quarter given (no quarter: its latest row).
-- param: peer_group peer_group = 全部
-- param: district district = None
-- param: quarter quarter = None
SELECT unit_code, unit_name, district, peer_group, staff_count::BIGINT AS staff_count, parent_code
FROM units_in_force([coalesce($quarter, '9999Q4')])
WHERE ($peer_group = '全部' OR peer_group = $peer_group)
    AND ($district IS NULL OR district = $district)
ORDER BY unit_code
