-- name: unit_loads
-- The loads whose rows hold each unit's facts of a quarter, and its registry rows: what a change of the unit's figures came from.
-- param: quarter quarter
-- param: after_load_id int = 0
WITH rows_by_load AS (
    -- a quarter's overdue and on-time findings count the inspections of earlier quarters too
    SELECT unit_code, load_id FROM inspections WHERE quarter <= $quarter
    UNION ALL
    SELECT unit_code, load_id FROM surveys WHERE quarter = $quarter
    UNION ALL
    SELECT unit_code, load_id FROM activities WHERE quarter = $quarter
    UNION ALL
    SELECT unit_code, load_id FROM units
)
SELECT DISTINCT unit_code, load_id
FROM rows_by_load
WHERE load_id > $after_load_id
ORDER BY unit_code, load_id
