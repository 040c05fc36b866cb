-- name: common_target
-- The target all units shown share for an indicator and quarter (the line a chart of the
-- indicator draws, the Rankings page's caption) and the quarter its row holds from (null when
-- the units' equal targets come from rows of different quarters); no row when their targets
-- differ or none applies.
-- param: quarter quarter
-- param: indicator_code indicator
-- param: peer_group peer_group = 全部
-- stage: values
-- window: current
SELECT shared_target(target) AS target, shared_target(target_from) AS target_from
FROM unit_indicator_values
WHERE quarter = $quarter AND indicator_code = $indicator_code
HAVING shared_target(target) IS NOT NULL
