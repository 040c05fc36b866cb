-- name: index_series
-- The civility index of every unit in scope for each quarter of a range, in one call.
-- zh: 某季度区间内范围中每个单位各季度的文明指数，一次取出。
-- param: from_quarter quarter
-- param: to_quarter quarter
-- param: peer_group peer_group = 全部
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- param: weighting choice(table,equal) = table
-- param: max_missing float = 0.3
-- stage: index
-- window: range
SELECT
    i.unit_code, i.unit_name, i.district, i.peer_group, i.quarter, i.civility_index,
    i.weight_covered, i.indicators_scored, i.indicators_defined, i.status
FROM unit_index AS i  -- name, district and group as the registry had them in each quarter
WHERE i.quarter BETWEEN least($from_quarter, $to_quarter) AND greatest($from_quarter, $to_quarter)
ORDER BY i.quarter, i.status, i.civility_index DESC NULLS LAST, i.unit_code
