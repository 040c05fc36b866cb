-- name: units
-- The unit list for a selector, optionally one peer group and one district: each unit as the
-- registry has it in the quarter given (a unit closed then left out), or with no quarter as its
-- latest row has it, a unit closed since included (status 撤销, or 撤并: merged).
-- zh: 选择框的单位列表，可限定一个单位类别和一个区县：
-- 给出季度时为该季度名录中的各单位（已撤销的不列），
-- 未给季度时为各单位最新一行（此后撤销的也列出，状态为撤销或撤并）。
-- param: peer_group peer_group = 全部
-- param: district district = None
-- param: quarter quarter = None
WITH chosen AS (
    SELECT unit_code, unit_name, district, peer_group, staff_count, parent_code,
        NULL::VARCHAR AS status
    FROM units_in_force([$quarter])
    WHERE $quarter IS NOT NULL
    UNION ALL
    SELECT unit_code, unit_name, district, peer_group, staff_count, parent_code, status
    FROM units_latest()
    WHERE $quarter IS NULL
)
SELECT unit_code, unit_name, district, peer_group, staff_count::BIGINT AS staff_count,
    parent_code,
    -- the parent lies outside the reader's scope: its code is not shown (queries/scope.py)
    false AS parent_outside,
    status
FROM chosen
WHERE ($peer_group = '全部' OR peer_group = $peer_group)
    -- a district's units by their latest registry row (macro district_units)
    AND ($district IS NULL
        OR unit_code IN (SELECT unit_code FROM district_units($district)))
ORDER BY unit_code
