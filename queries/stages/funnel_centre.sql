-- stage: funnel_centre
-- The points of a funnel plot (Spiegelhalter 2005) for one indicator and quarter, each with
-- the centre line: the target in force for the units shown, when they all have the same one
-- (docs/METHOD.md: the target of the unit's peer group), or the n-weighted mean of the
-- proportions when asked for or when no one target applies to them all (all peer groups shown,
-- one of which has a target of its own: a township centre is not held to a hospital's target).
WITH points AS (
    SELECT unit_code, value, n, target
    FROM unit_indicator_values
    WHERE quarter = $quarter AND indicator_code = $indicator_code AND n > 0
),
scope_target AS (
    SELECT CASE WHEN count(target) = count(*) THEN shared_target(target) END AS target
    FROM points
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
)
SELECT p.unit_code, p.value, p.n, c.centre, c.centre_kind
FROM points AS p
CROSS JOIN centre_line AS c
