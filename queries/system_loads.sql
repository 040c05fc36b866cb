-- name: system_loads
-- The loads whose rows of the indicator system (weights and targets) are in force in a quarter: an indicator-system load since a publication revises that quarter only if it is one of them, now or as published.
-- zh: 某季度有效的测评体系（权重和目标值）各行来自的上传：发布后测评体系的上传，
-- 仅当其为其中之一（现在或发布时）才修订该季度。
-- param: quarter quarter
SELECT load_id FROM indicators_in_force([$quarter])
UNION
SELECT load_id FROM target_rows_in_force([$quarter])
ORDER BY load_id
