-- name: unit_loads
-- The loads whose rows hold each unit's facts of a quarter, and its registry rows: what a change of the unit's figures came from.
-- zh: 各单位某季度事实数据所在的上传及其名录行：单位数据的变化来自何处。
-- param: quarter quarter
-- param: after_load_id int = 0
-- param: archived bool = false
WITH rows_by_load AS (
    -- a quarter's overdue and on-time findings count the inspections of earlier quarters too,
    -- and its changes on last quarter that quarter's facts (etl/publish.py QUARTER_ROWS)
    SELECT unit_code, load_id FROM inspections WHERE quarter <= $quarter
    UNION ALL
    SELECT unit_code, load_id FROM surveys WHERE quarter IN ($quarter, $previous_quarter)
    UNION ALL
    SELECT unit_code, load_id FROM activities WHERE quarter IN ($quarter, $previous_quarter)
    UNION ALL
    SELECT unit_code, load_id FROM units
    -- archived: also the rows later loads replaced (a withdrawal of those loads restores them)
    UNION ALL
    SELECT unit_code, load_id FROM archive_inspections WHERE $archived AND quarter <= $quarter
    UNION ALL
    SELECT unit_code, load_id FROM archive_surveys
    WHERE $archived AND quarter IN ($quarter, $previous_quarter)
    UNION ALL
    SELECT unit_code, load_id FROM archive_activities
    WHERE $archived AND quarter IN ($quarter, $previous_quarter)
    UNION ALL
    SELECT unit_code, load_id FROM archive_units WHERE $archived
)
SELECT DISTINCT unit_code, load_id
FROM rows_by_load
WHERE load_id > $after_load_id
ORDER BY unit_code, load_id
