-- name: funnel
-- Funnel-plot points (Spiegelhalter 2005): each unit's proportion and n with 95%/99.8% limits at n.
-- param: quarter quarter
-- param: indicator_code indicator
-- param: peer_group str = 全部
-- param: centre choice(target,mean) = target
-- stage: values
-- window: current
WITH points AS (
    SELECT unit_code, value, n
    FROM unit_indicator_values
    WHERE quarter = $quarter AND indicator_code = $indicator_code AND n > 0
),
-- The target in force for the peer group shown (the 全部 target for all units).
scope_target AS (
    SELECT target
    FROM targets
    WHERE indicator_code = $indicator_code
        AND from_quarter <= $quarter
        AND peer_group IN ($peer_group, '全部')
    ORDER BY peer_group = '全部', from_quarter DESC
    LIMIT 1
),
centre_line AS (
    SELECT
        CASE WHEN $centre = 'target' AND (SELECT target FROM scope_target) IS NOT NULL
            THEN (SELECT target FROM scope_target)
            ELSE (SELECT sum(value * n) / sum(n) FROM points)
        END AS centre,
        CASE WHEN $centre = 'target' AND (SELECT target FROM scope_target) IS NOT NULL
            THEN 'target' ELSE 'mean'
        END AS centre_kind
),
-- Normal approximation to the binomial: centre ± z × √(centre × (1 − centre) / n).
limits AS (
    SELECT
        p.*,
        c.centre,
        c.centre_kind,
        sqrt(c.centre * (1 - c.centre) / p.n) AS se
    FROM points AS p
    CROSS JOIN centre_line AS c
),
final AS (
    SELECT
        l.unit_code,
        u.unit_name,
        u.district,
        u.peer_group,
        l.value,
        l.n,
        l.centre,
        l.centre_kind,
        greatest(0.0, l.centre - 1.959964 * l.se) AS lower95,
        least(1.0, l.centre + 1.959964 * l.se) AS upper95,
        greatest(0.0, l.centre - 3.090232 * l.se) AS lower998,
        least(1.0, l.centre + 3.090232 * l.se) AS upper998
    FROM limits AS l
    JOIN units AS u ON u.unit_code = l.unit_code
)
SELECT
    *,
    CASE WHEN value > upper95 THEN 'above' WHEN value < lower95 THEN 'below' ELSE 'within' END
        AS flag,
    CASE WHEN value > upper998 THEN 'above' WHEN value < lower998 THEN 'below' ELSE 'within' END
        AS flag_998
FROM final
ORDER BY n, unit_code
