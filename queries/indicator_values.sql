-- name: indicator_values
-- Each unit's indicator values for a quarter with n, Wilson 95% interval, target and attainment.
-- zh: 某季度每个单位的指标值，及样本量 n、Wilson 95% 区间、目标值和是否达标。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- param: indicator_code indicator = None
-- param: unit_code unit = None
-- stage: values
-- window: current
SELECT
    v.unit_code, u.unit_name, u.district, v.peer_group, v.quarter, v.indicator_code, d.name_zh,
    d.name_en, v.direction, v.unit, v.weight, v.value, v.numerator, v.denominator, v.n, v.ci_low,
    v.ci_high, v.target, v.target_peer_group, v.target_from, v.met, v.attainment,
    assessed(v.weight) AS assessed
FROM unit_indicator_values AS v
JOIN units_in_force([$quarter]) AS u ON u.unit_code = v.unit_code  -- the registry then
JOIN defined_indicators AS d ON d.indicator_code = v.indicator_code AND d.quarter = v.quarter
WHERE v.quarter = $quarter
    AND ($indicator_code IS NULL OR v.indicator_code = $indicator_code)
    AND ($unit_code IS NULL OR v.unit_code = $unit_code)
ORDER BY v.unit_code, v.indicator_code
