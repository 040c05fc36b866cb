-- name: civility_index
-- The civility index (0–100) of every unit in scope for a quarter, with weight covered and status.
-- zh: 某季度范围内每个单位的文明指数（0–100），及已覆盖的权重和状态。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- param: weighting choice(table,equal) = table
-- param: max_missing float = 0.3
-- stage: index
-- window: current
SELECT
    i.unit_code, i.unit_name, i.district, i.peer_group, i.quarter, i.civility_index,
    i.weight_covered, i.indicators_scored, i.indicators_defined, i.status
FROM unit_index AS i  -- name, district and group as the registry had them in each quarter
WHERE i.quarter = $quarter
ORDER BY i.status, i.civility_index DESC NULLS LAST, i.unit_code
