-- name: system_loads
-- The loads whose rows of the indicator system (weights and targets) are in force in a quarter: an indicator-system load since a publication revises that quarter only if it is one of them, now or as published.
-- param: quarter quarter
SELECT load_id FROM indicators_in_force([$quarter])
UNION
SELECT load_id FROM target_rows_in_force([$quarter])
ORDER BY load_id
