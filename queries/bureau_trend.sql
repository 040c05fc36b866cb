-- name: bureau_trend
-- The bureau index and attainment rate for every quarter with data (for trend charts).
-- zh: 有数据的每个季度全部单位的指数和达标率（用于趋势图）。
-- param: peer_group peer_group = 全部
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- stage: bureau
-- window: all
SELECT quarter, units_assessed, units_ranked, bureau_index, index_median, attainment_rate
FROM bureau_quarters
ORDER BY quarter
