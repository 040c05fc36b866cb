-- name: unit_history
-- The unit's registry rows over time: its name, district, peer group, staff, parent and status
-- (撤销: closed; 撤并: merged into another unit), each with the quarters it holds for (macro unit_periods).
-- zh: 该单位历年的名录行：名称、区县、单位类别、职工数、上级单位和状态（撤销：已关闭；
-- 撤并：并入其他单位），及每行适用的季度。
-- param: unit_code unit
SELECT
    -- the unit's own rows, whichever district each names: a reader of the district it moved to
    -- sees those of before the move (queries/scope.py keeps a row by its unit)
    unit_code,
    from_quarter,
    CASE WHEN next_from_quarter IS NOT NULL
        THEN quarter_from_number(quarter_number(next_from_quarter) - 1)
    END AS to_quarter,
    unit_name,
    district,
    peer_group,
    staff_count::BIGINT AS staff_count,
    parent_code,
    -- the parent lies outside the reader's scope: its code is not shown (queries/scope.py)
    false AS parent_outside,
    status,
    load_id
FROM unit_periods()
WHERE unit_code = $unit_code
ORDER BY from_quarter ASC NULLS FIRST
