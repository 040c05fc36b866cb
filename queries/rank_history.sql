-- name: rank_history
-- The unit's civility index and rank, in its peer group and overall, for every quarter.
-- param: unit_code unit
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- stage: index
-- window: all
WITH ranked AS (
    SELECT
        unit_code,
        quarter,
        peer_group,
        civility_index,
        weight_covered,
        status,
        CASE WHEN status = 'ranked' THEN rank() OVER (
            PARTITION BY quarter, peer_group, status = 'ranked'
            ORDER BY round(civility_index, 2) DESC
        ) END AS rank,
        count(*) FILTER (WHERE status = 'ranked') OVER (PARTITION BY quarter, peer_group)
            AS units_ranked,
        CASE WHEN status = 'ranked' THEN rank() OVER (
            PARTITION BY quarter, status = 'ranked'
            ORDER BY round(civility_index, 2) DESC
        ) END AS overall_rank,
        count(*) FILTER (WHERE status = 'ranked') OVER (PARTITION BY quarter)
            AS overall_units_ranked
    FROM unit_index
),
mine AS (
    SELECT quarter, lag(quarter) OVER (ORDER BY quarter) AS previous_quarter
    FROM ranked
    WHERE unit_code = $unit_code
),
-- rank changes as the rankings query counts them: the places gained among the units ranked in
-- both the quarter and the unit's previous one (each quarter's ranks counted again among them,
-- ties still shared), in the peer group among those in it in both quarters; a unit newly
-- ranked, or no longer, gives or takes no place
both_ranked AS (
    SELECT
        m.quarter,
        c.unit_code,
        c.peer_group,
        c.peer_group = p.peer_group AS same_group,
        round(c.civility_index, 2) AS now_index,
        round(p.civility_index, 2) AS before_index
    FROM mine AS m
    JOIN ranked AS c ON c.quarter = m.quarter AND c.rank IS NOT NULL
    JOIN ranked AS p
        ON p.quarter = m.previous_quarter AND p.unit_code = c.unit_code AND p.rank IS NOT NULL
),
changes AS (
    SELECT quarter, unit_code, rank_change, overall_rank_change
    FROM (
        SELECT
            quarter,
            unit_code,
            rank() OVER (PARTITION BY quarter ORDER BY before_index DESC)
                - rank() OVER (PARTITION BY quarter ORDER BY now_index DESC)
                AS overall_rank_change
        FROM both_ranked
    )
    LEFT JOIN (
        SELECT
            quarter,
            unit_code,
            rank() OVER (PARTITION BY quarter, peer_group ORDER BY before_index DESC)
                - rank() OVER (PARTITION BY quarter, peer_group ORDER BY now_index DESC)
                AS rank_change
        FROM both_ranked
        WHERE same_group
    ) USING (quarter, unit_code)
    WHERE unit_code = $unit_code
),
unit_rows AS (
    SELECT
        quarter,
        peer_group,
        civility_index,
        rank::BIGINT AS rank,
        units_ranked::BIGINT AS units_ranked,
        overall_rank::BIGINT AS overall_rank,
        overall_units_ranked::BIGINT AS overall_units_ranked,
        weight_covered,
        -- the share of the weight needed to be ranked (the default 30% may be missing)
        round(1 - $max_missing, 9) AS weight_needed,
        status
    FROM ranked
    WHERE unit_code = $unit_code
)
SELECT
    u.*,
    -- against the unit's previous quarter with data; positive rank changes = moved up. An
    -- index of too little of the weight (insufficient_data) is no figure to compare
    CASE WHEN u.status = 'ranked' AND lag(u.status) OVER by_quarter = 'ranked'
        THEN u.civility_index - lag(u.civility_index) OVER by_quarter END AS index_change,
    c.rank_change::BIGINT AS rank_change,
    c.overall_rank_change::BIGINT AS overall_rank_change
FROM unit_rows AS u
LEFT JOIN changes AS c USING (quarter)
WINDOW by_quarter AS (ORDER BY u.quarter)
ORDER BY u.quarter
