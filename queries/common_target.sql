-- name: common_target
-- The target all units shown share for an indicator and quarter (the line a chart of the
-- indicator draws, the Rankings page's caption) and the quarter its row holds from (null when
-- the units' equal targets come from rows of different quarters); no row when their targets
-- differ or none applies: none does to an indicator not assessed in the quarter (retired,
-- macro assessed), whose target row, though in force, no unit meets or misses.
-- zh: 所显示的单位对某指标和季度共用的目标值（该指标图中的目标线、排名页的说明）
-- 及其所在行的起始季度；各单位目标值不同、均无目标值或该指标本季度已停用时无结果。
-- param: quarter quarter
-- param: indicator_code indicator
-- param: peer_group peer_group = 全部
-- stage: values
-- window: current
SELECT shared_target(target) AS target, shared_target(target_from) AS target_from
FROM unit_indicator_values
WHERE quarter = $quarter AND indicator_code = $indicator_code AND assessed(weight)
HAVING shared_target(target) IS NOT NULL
