-- name: unit_profile
-- One unit over every quarter: index and each indicator with target, peer median and quartiles.
-- zh: 某单位的历季度情况：指数和每个指标，及目标值、同类中位数和四分位数。
-- param: unit_code unit
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- stage: index
-- window: all
-- scope: unit
WITH indicator_rows AS (
    SELECT
        v.quarter, v.indicator_code, v.value, s.score, v.target, v.met, v.n, v.ci_low, v.ci_high
    FROM unit_indicator_values AS v
    JOIN unit_indicator_scores AS s USING (unit_code, quarter, indicator_code)
    WHERE v.unit_code = $unit_code
),
-- The unit's peer group in each quarter (the dated registry). The pipeline was built for that
-- group (scope: unit), or for every unit when the unit has been in several.
unit_groups AS (
    SELECT quarter, peer_group FROM unit_index WHERE unit_code = $unit_code
),
indicator_peers AS (
    SELECT
        quarter,
        indicator_code,
        quantile_cont(value, 0.5) AS peer_median,
        quantile_cont(value, 0.25) AS peer_q1,
        quantile_cont(value, 0.75) AS peer_q3
    FROM unit_indicator_values
    SEMI JOIN unit_groups USING (quarter, peer_group)
    GROUP BY quarter, indicator_code
),
index_rows AS (
    SELECT
        quarter,
        'index' AS indicator_code,
        civility_index AS value,
        civility_index AS score,
        NULL::DOUBLE AS target,
        NULL::BOOLEAN AS met,
        NULL::BIGINT AS n,
        NULL::DOUBLE AS ci_low,
        NULL::DOUBLE AS ci_high
    FROM unit_index
    WHERE unit_code = $unit_code
        AND status = 'ranked'  -- an index of too little of the weight is no point of a trend
),
index_peers AS (
    SELECT
        quarter,
        'index' AS indicator_code,
        quantile_cont(civility_index, 0.5) AS peer_median,
        quantile_cont(civility_index, 0.25) AS peer_q1,
        quantile_cont(civility_index, 0.75) AS peer_q3
    FROM unit_index
    SEMI JOIN unit_groups USING (quarter, peer_group)
    WHERE status = 'ranked'
    GROUP BY quarter
),
final AS (
    SELECT r.*, p.peer_median, p.peer_q1, p.peer_q3
    FROM (SELECT * FROM indicator_rows UNION ALL SELECT * FROM index_rows) AS r
    LEFT JOIN (SELECT * FROM indicator_peers UNION ALL SELECT * FROM index_peers) AS p
        USING (quarter, indicator_code)
)
SELECT
    f.quarter,
    f.indicator_code,
    coalesce(d.name_zh, '文明指数') AS name_zh,
    coalesce(d.name_en, 'Civility index') AS name_en,
    f.value, f.score, f.target, f.met, f.n, f.ci_low, f.ci_high,
    f.peer_median, f.peer_q1, f.peer_q3
FROM final AS f
LEFT JOIN defined_indicators AS d USING (quarter, indicator_code)
ORDER BY f.indicator_code <> 'index', f.indicator_code, f.quarter
