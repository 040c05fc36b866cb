-- stage: unit_index
-- The civility index: weighted mean of the scores a unit has; missing more than max_missing of
-- the weight makes it insufficient_data. One row per unit in scope and quarter with data, with
-- the unit's name, district and peer group in force in the quarter (macro units_in_force).
WITH scoped_units AS (
    SELECT unit_code, quarter, unit_name, district, peer_group
    FROM units_in_force((SELECT list(quarter) FROM reported_quarters))
    WHERE $peer_group = '全部' OR peer_group = $peer_group
),
-- the indicator system in force in each quarter: how many indicators are assessed (a retired
-- one, of weight 0, is not: macro assessed), their total weight
system_total AS (
    SELECT
        quarter,
        count(*) FILTER (WHERE assessed(weight)) AS indicators_defined,
        CASE $weighting WHEN 'equal' THEN 1.0 ELSE sum(weight) END AS total_weight
    FROM defined_indicators
    GROUP BY quarter
),
scored AS (
    SELECT
        unit_code,
        quarter,
        -- rounded to 9 decimals: a parallel sum adds in varying order, and a last-bit
        -- difference would flip an index on a rounding boundary (and so a rank) between runs
        round(sum(weight * score) / sum(weight), 9) AS civility_index,
        sum(weight) AS weight_scored,
        count(*) FILTER (WHERE assessed(weight)) AS indicators_scored
    FROM unit_indicator_scores
    WHERE score IS NOT NULL
    GROUP BY unit_code, quarter
),
final AS (
    SELECT
        u.unit_code,
        u.unit_name,
        u.district,
        u.peer_group,
        u.quarter,
        s.civility_index,
        round(coalesce(s.weight_scored, 0) / t.total_weight, 9) AS weight_covered,
        coalesce(s.indicators_scored, 0) AS indicators_scored,
        coalesce(t.indicators_defined, 0) AS indicators_defined,
        CASE
            WHEN s.civility_index IS NOT NULL
                AND coalesce(s.weight_scored, 0) / t.total_weight >= 1 - $max_missing - 1e-9
            THEN 'ranked'
            ELSE 'insufficient_data'
        END AS status
    FROM scoped_units AS u
    LEFT JOIN system_total AS t ON t.quarter = u.quarter
    LEFT JOIN scored AS s ON s.unit_code = u.unit_code AND s.quarter = u.quarter
)
SELECT * FROM final
