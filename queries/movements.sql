-- name: movements
-- Every unit ranked in both a quarter and an earlier one (default: previous) whose value moved:
-- improved first, then declined, each the largest change first (queries/composed.py's movers
-- keeps the first n of each, after the viewer's scope).
-- zh: 在某季度和较早季度（默认：上一季度）都有名次且数值有变化的每个单位：先进步后退步，
-- 各按变化从大到小。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- param: indicator_code indicator = index
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- param: since quarter = None
-- stage: ranks
-- window: since
WITH pairs AS (
    SELECT
        c.unit_code,
        c.unit_name,  -- as the registry had them in the quarter
        c.district,
        c.peer_group,
        c.value,
        s.value AS since_value,
        -- "better" is up for higher-is-better and down for lower-is-better indicators; from
        -- the unrounded values, rounded once where shown (charts/labels.py, half_up): the
        -- two-decimal indices' difference, rounded again, was off by 0.1 (−1.55 for −1.5528)
        -c.better_sign * (c.exact_value - s.exact_value) AS value_change,
        c.rank,
        s.rank AS since_rank,
        -- the places gained, as the two ranks say (as in rankings); none in a quarter under way
        CASE WHEN quarter_ended($quarter) THEN s.rank - c.rank END AS rank_change,
        c.units_ranked,
        s.units_ranked AS since_units_ranked  -- ranks of different sets differ by their size
    FROM unit_ranks AS c
    JOIN unit_ranks AS s ON s.unit_code = c.unit_code AND s.quarter = $since_quarter
    WHERE c.quarter = $quarter AND c.status = 'ranked' AND s.status = 'ranked'
),
ordered AS (
    SELECT
        *,
        CASE WHEN value_change > 0 THEN 'improved' WHEN value_change < 0 THEN 'declined' END
            AS movement,
        row_number() OVER (
            PARTITION BY value_change > 0 ORDER BY abs(value_change) DESC, unit_code
        ) AS place
    FROM pairs
    WHERE value_change <> 0
),
final AS (
    SELECT
        o.unit_code, o.unit_name, o.district, o.peer_group, o.value, o.since_value,
        o.value_change, o.rank, o.since_rank, o.rank_change, o.units_ranked,
        o.since_units_ranked, o.movement, o.place
    FROM ordered AS o
)
SELECT * EXCLUDE (place) FROM final
ORDER BY movement = 'declined', place
