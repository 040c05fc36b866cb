-- name: bureau_trend
-- The bureau index and attainment rate for every quarter with data (for trend charts).
-- param: peer_group peer_group = 全部
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- stage: bureau
-- window: all
SELECT quarter, units_assessed, units_ranked, bureau_index, index_median, attainment_rate
FROM bureau_quarters
ORDER BY quarter
