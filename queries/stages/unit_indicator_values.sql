-- stage: unit_indicator_values
-- Each unit's indicator values in the window with the target in force, Wilson 95% interval,
-- whether the target is met and the attainment score (docs/METHOD.md, "Attainment").
WITH scoped_units AS MATERIALIZED (
    -- each unit's peer group in force in each quarter (the dated registry)
    SELECT unit_code, quarter, peer_group
    FROM units_in_force((SELECT list(DISTINCT quarter) FROM raw_indicator_values))
    WHERE $peer_group = '全部' OR peer_group = $peer_group
),
values_in_scope AS (
    SELECT
        r.unit_code,
        u.peer_group,
        r.quarter,
        r.indicator_code,
        d.direction,
        d.unit,
        d.weight,
        r.value,
        r.numerator,
        r.denominator,
        r.n
    FROM raw_indicator_values AS r
    JOIN scoped_units AS u ON u.unit_code = r.unit_code AND u.quarter = r.quarter
    -- the indicator's weight, direction and unit in force in the quarter (dated system)
    JOIN defined_indicators AS d ON d.indicator_code = r.indicator_code AND d.quarter = r.quarter
    WHERE r.value IS NOT NULL
),
-- The target in force for each peer group, quarter and indicator (macro targets_in_force).
with_targets AS (
    SELECT v.*, t.target, t.target_peer_group, t.target_from
    FROM values_in_scope AS v
    LEFT JOIN targets_in_force(
        (SELECT list(DISTINCT quarter) FROM raw_indicator_values),
        (SELECT list(DISTINCT peer_group) FROM scoped_units)
    ) AS t
        ON t.peer_group = v.peer_group
        AND t.quarter = v.quarter
        AND t.indicator_code = v.indicator_code
),
-- Wilson score interval at 95% (macro z95), for values that carry a sample size n.
wilson AS (
    SELECT
        *,
        z95() AS z,
        CASE WHEN n > 0 THEN least(greatest(value, 0.0), 1.0) END AS p,
        -- the value as compared with the target: to 9 decimals, so that a rate summed from
        -- decimal scores (9.2 + 9.2 + 9.2 = 27.599999999999998 of 30) meets a target it
        -- equals as written (0.92); queries/uncertainty.py compares the same way
        round(value, 9) AS compared
    FROM with_targets
),
final AS (
    SELECT
        unit_code,
        peer_group,
        quarter,
        indicator_code,
        direction,
        unit,
        weight,
        value,
        numerator,
        denominator,
        n::BIGINT AS n,
        wilson_low(p, n, z) AS ci_low,
        wilson_high(p, n, z) AS ci_high,
        target,
        target_peer_group,
        target_from,
        -- a retired indicator (macro assessed) meets or misses no target: it is not assessed
        CASE
            WHEN target IS NULL OR NOT assessed(weight) THEN NULL
            WHEN direction = 'lower' THEN compared <= target
            ELSE compared >= target
        END AS met,
        CASE
            WHEN target IS NULL THEN NULL
            WHEN direction = 'lower' THEN
                CASE
                    WHEN compared <= target THEN 100.0
                    WHEN target > 0 THEN 100.0 * target / value
                    ELSE 100.0 / (1 + value - target)
                END
            ELSE
                CASE
                    WHEN compared >= target THEN 100.0
                    WHEN target <= 0 THEN 0.0
                    ELSE greatest(0.0, 100.0 * value / target)
                END
        END AS attainment
    FROM wilson
)
SELECT * FROM final
