-- name: funnel
-- Funnel-plot points (Spiegelhalter 2005): each unit's proportion and n with 95%/99.8% limits at n.
-- param: quarter quarter
-- param: indicator_code indicator
-- param: peer_group str = 全部
-- param: centre choice(target,mean) = target
-- stage: funnel
-- window: current
WITH
-- Normal approximation to the binomial: centre ± z × √(centre × (1 − centre) / n).
limits AS (
    SELECT *, sqrt(centre * (1 - centre) / n) AS se
    FROM funnel_centre
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
