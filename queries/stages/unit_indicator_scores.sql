-- stage: unit_indicator_scores
-- Each value as a 0–100 score under the chosen normalisation, with the weight used.
WITH peer_stats AS (
    SELECT
        peer_group,
        quarter,
        indicator_code,
        min(value) AS peer_min,
        max(value) AS peer_max,
        avg(value) AS peer_mean,
        stddev_pop(value) AS peer_sd
    FROM unit_indicator_values
    WHERE $normalisation <> 'attainment'  -- attainment needs no peer statistics
    GROUP BY peer_group, quarter, indicator_code
),
normalised AS (
    SELECT
        v.*,
        -- min–max within peer group: best 100, worst 0; everyone equal: 100.
        CASE
            WHEN s.peer_max = s.peer_min THEN 100.0
            WHEN v.direction = 'lower' THEN
                least(100.0, 100.0 * (s.peer_max - v.value) / (s.peer_max - s.peer_min))
            ELSE least(100.0, 100.0 * (v.value - s.peer_min) / (s.peer_max - s.peer_min))
        END AS minmax_score,
        -- z-score within peer group as a T-score 50 + 10z, kept within 0–100; sd 0: 50.
        CASE
            WHEN coalesce(s.peer_sd, 0) = 0 THEN 50.0
            ELSE least(100.0, greatest(0.0, 50.0 + 10.0
                * (CASE WHEN v.direction = 'lower' THEN -1 ELSE 1 END)
                * (v.value - s.peer_mean) / s.peer_sd))
        END AS zscore_score
    FROM unit_indicator_values AS v
    LEFT JOIN peer_stats AS s USING (peer_group, quarter, indicator_code)
),
final AS (
    SELECT
        normalised.* EXCLUDE (minmax_score, zscore_score, weight),
        CASE $normalisation
            WHEN 'minmax' THEN minmax_score
            WHEN 'zscore' THEN zscore_score
            ELSE attainment
        END AS score,
        CASE
            WHEN $weighting <> 'equal' THEN weight
            WHEN assessed(weight) THEN 1.0 / system_size.indicators
            ELSE 0.0
        END AS weight
    FROM normalised
    -- equal weights: one share for each indicator in the system in force in the quarter, a
    -- retired one (weight 0 from a quarter on) none: it counts no more than in the table's
    LEFT JOIN (
        SELECT quarter, count(*) FILTER (WHERE assessed(weight)) AS indicators
        FROM defined_indicators GROUP BY quarter
    ) AS system_size USING (quarter)
)
SELECT * FROM final
