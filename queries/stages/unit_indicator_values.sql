-- stage: unit_indicator_values
-- Each unit's indicator values in the window with the target in force, Wilson 95% interval,
-- whether the target is met and the attainment score (docs/METHOD.md, "Attainment").
WITH scoped_units AS (
    SELECT unit_code, peer_group
    FROM units
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
    JOIN scoped_units AS u ON u.unit_code = r.unit_code
    JOIN defined_indicators AS d ON d.indicator_code = r.indicator_code
    WHERE r.value IS NOT NULL
),
-- The most specific target for each peer group, quarter and indicator: the peer group's own
-- target beats the one for 全部 (all); among those, the latest from_quarter <= quarter.
targets_in_force AS (
    SELECT
        g.peer_group,
        g.quarter,
        t.indicator_code,
        t.target,
        t.peer_group AS target_peer_group,
        t.from_quarter AS target_from
    FROM (SELECT DISTINCT peer_group, quarter FROM values_in_scope) AS g
    JOIN targets AS t
        ON t.from_quarter <= g.quarter
        AND t.peer_group IN (g.peer_group, '全部')
    QUALIFY row_number() OVER (
        PARTITION BY g.peer_group, g.quarter, t.indicator_code
        ORDER BY (t.peer_group = '全部'), t.from_quarter DESC
    ) = 1
),
with_targets AS (
    SELECT v.*, t.target, t.target_peer_group, t.target_from
    FROM values_in_scope AS v
    LEFT JOIN targets_in_force AS t
        ON t.peer_group = v.peer_group
        AND t.quarter = v.quarter
        AND t.indicator_code = v.indicator_code
),
-- Wilson score interval, z = 1.959964 (95%), for values that carry a sample size n.
wilson AS (
    SELECT
        *,
        1.959964 AS z,
        CASE WHEN n > 0 THEN least(greatest(value, 0.0), 1.0) END AS p
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
        (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
            / (1 + z * z / n) AS ci_low,
        (p + z * z / (2 * n) + z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
            / (1 + z * z / n) AS ci_high,
        target,
        target_peer_group,
        target_from,
        CASE
            WHEN target IS NULL THEN NULL
            WHEN direction = 'lower' THEN value <= target
            ELSE value >= target
        END AS met,
        CASE
            WHEN target IS NULL THEN NULL
            WHEN direction = 'lower' THEN
                CASE
                    WHEN value <= target THEN 100.0
                    WHEN target > 0 THEN 100.0 * target / value
                    ELSE 100.0 / (1 + value - target)
                END
            ELSE
                CASE
                    WHEN value >= target THEN 100.0
                    WHEN target <= 0 THEN 0.0
                    ELSE greatest(0.0, 100.0 * value / target)
                END
        END AS attainment
    FROM wilson
)
SELECT * FROM final
