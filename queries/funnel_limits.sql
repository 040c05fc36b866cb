-- name: funnel_limits
-- The funnel curve for drawing: centre and 95%/99.8% limits over log-spaced n.
-- zh: 用于绘图的漏斗曲线：
-- 中心线及按对数间隔的 n 计算的 95% 与 99.8% 控制限。
-- param: quarter quarter
-- param: indicator_code indicator
-- param: peer_group peer_group = 全部
-- param: centre choice(target,mean) = target
-- param: limits choice(exact,normal) = exact
-- param: overdispersion choice(auto,none,multiplicative,additive) = auto
-- param: points int = 60
-- stage: funnel
-- window: current
-- The limits at each n and the over-dispersion test are added by queries/funnels.py, from the
-- same units as the funnel's points.
WITH
centre_line AS (
    SELECT any_value(centre) AS centre, any_value(centre_kind) AS centre_kind FROM funnel_centre
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
SELECT g.n, c.centre, c.centre_kind
FROM grid AS g
CROSS JOIN centre_line AS c
ORDER BY g.n
