-- name: units
-- The unit list for a selector, optionally one peer group and one district.
-- param: peer_group str = 全部
-- param: district str = None
SELECT unit_code, unit_name, district, peer_group, staff_count::BIGINT AS staff_count, parent_code
FROM units
WHERE ($peer_group = '全部' OR peer_group = $peer_group)
    AND ($district IS NULL OR district = $district)
ORDER BY unit_code
