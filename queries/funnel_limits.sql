-- name: funnel_limits
-- The funnel curve for drawing: centre and 95%/99.8% limits over log-spaced n.
-- param: quarter quarter
-- param: indicator_code indicator
-- param: peer_group str = 全部
-- param: centre choice(target,mean) = target
-- param: points int = 60
-- stage: funnel
-- window: current
WITH
centre_line AS (
    SELECT any_value(centre) AS centre FROM funnel_centre
),
span AS (
    SELECT greatest(2.0, min(n) / 2.0) AS low, greatest(3.0, max(n) * 1.2) AS high
    FROM funnel_centre
    HAVING count(*) > 0
),
grid AS (
    SELECT DISTINCT
        round(exp(ln(s.low) + i * (ln(s.high) - ln(s.low)) / greatest($points - 1, 1)))::BIGINT
            AS n
    FROM span AS s
    CROSS JOIN range(0, greatest($points, 2)) AS r(i)
)
SELECT
    g.n,
    c.centre,
    greatest(0.0, c.centre - 1.959964 * sqrt(c.centre * (1 - c.centre) / g.n)) AS lower95,
    least(1.0, c.centre + 1.959964 * sqrt(c.centre * (1 - c.centre) / g.n)) AS upper95,
    greatest(0.0, c.centre - 3.090232 * sqrt(c.centre * (1 - c.centre) / g.n)) AS lower998,
    least(1.0, c.centre + 3.090232 * sqrt(c.centre * (1 - c.centre) / g.n)) AS upper998
FROM grid AS g
CROSS JOIN centre_line AS c
ORDER BY g.n
