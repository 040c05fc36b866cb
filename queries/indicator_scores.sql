-- name: indicator_scores
-- Each unit's 0–100 indicator scores under a normalisation, with the weight used (index parts).
-- zh: 某种标准化方法下每个单位各指标的 0–100 得分，及所用权重（指数的组成部分）。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- param: weighting choice(table,equal) = table
-- stage: scores
-- window: current
SELECT
    s.unit_code, u.unit_name, s.peer_group, s.quarter, s.indicator_code, d.name_zh, d.name_en,
    s.direction, s.value, s.target, s.score, s.weight
FROM unit_indicator_scores AS s
JOIN units_in_force([$quarter]) AS u ON u.unit_code = s.unit_code  -- the registry then
JOIN defined_indicators AS d ON d.indicator_code = s.indicator_code AND d.quarter = s.quarter
WHERE s.quarter = $quarter
ORDER BY s.unit_code, s.indicator_code
