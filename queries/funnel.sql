-- name: funnel
-- Funnel-plot points (Spiegelhalter 2005): each unit's proportion and n with 95%/99.8% limits at n.
-- zh: 漏斗图的点（Spiegelhalter 2005）：每个单位的比例和样本量 n，
-- 及在 n 处的 95% 与 99.8% 控制限。
-- param: quarter quarter
-- param: indicator_code indicator
-- param: peer_group peer_group = 全部
-- param: centre choice(target,mean) = target
-- param: limits choice(exact,normal) = exact
-- param: overdispersion choice(auto,none,multiplicative,additive) = auto
-- stage: funnel
-- window: current
-- The limits, the over-dispersion test and the flags are added by queries/funnels.py (exact
-- binomial and Poisson quantiles need scipy): this file selects the points and the centre.
SELECT
    f.unit_code,
    u.unit_name,
    u.district,
    u.peer_group,
    f.value,
    f.n,
    f.centre,
    f.centre_kind
FROM funnel_centre AS f
JOIN units_in_force([$quarter]) AS u ON u.unit_code = f.unit_code  -- the registry in the quarter
ORDER BY f.n, f.unit_code
