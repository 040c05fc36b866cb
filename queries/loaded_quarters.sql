-- name: loaded_quarters
-- Quarters that have any inspection, survey or activity rows, newest first: the quarters of
-- `quarters` without its counts. Every page lists them (ui/frame.py) on its first run after a
-- load, and counting the units that reported in each quarter read every fact row (0.1-0.3 s at
-- province scale); listing the quarters reads one column.
-- zh: 有检查、调查或活动数据的季度，最新的在前：即 quarters 查询的季度，
-- 不含其计数。
SELECT quarter FROM inspections
UNION
SELECT quarter FROM surveys
UNION
SELECT quarter FROM activities
ORDER BY quarter DESC
