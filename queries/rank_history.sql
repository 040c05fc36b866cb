-- name: rank_history
-- The unit's civility index and rank, in its peer group and overall, for every quarter.
-- zh: 该单位每个季度的文明指数及在同类内和全部单位中的名次。
-- param: unit_code unit
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- stage: index
-- window: all
-- Every unit's rows, whatever the unit asked for: the post-step keeps that unit's
-- (queries/composed.py, one_unit), and the rows are kept for the data version
-- (queries/result_memo.py), so the next unit's profile is a lookup, not a ranking of every
-- unit in every quarter again (seconds at province scale: bench/bench_rankings.py).
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
            ORDER BY shown_index(civility_index) DESC
        ) END AS rank,
        count(*) FILTER (WHERE status = 'ranked') OVER (PARTITION BY quarter, peer_group)
            AS units_ranked,
        CASE WHEN status = 'ranked' THEN rank() OVER (
            PARTITION BY quarter, status = 'ranked'
            ORDER BY shown_index(civility_index) DESC
        ) END AS overall_rank,
        count(*) FILTER (WHERE status = 'ranked') OVER (PARTITION BY quarter)
            AS overall_units_ranked
    FROM unit_index
),
unit_rows AS (
    SELECT
        unit_code,
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
)
SELECT
    *,
    -- against the unit's previous quarter with data; positive rank changes = moved up, as the
    -- two ranks say (as in rankings), none in a quarter under way (macro quarter_ended). An
    -- index of too little of the weight (insufficient_data) is no figure to compare. A unit
    -- regrouped since its previous quarter has no previous rank in its new group, so no rank
    -- change there (as in rankings; docs/METHOD.md §8); its overall rank change stays
    CASE WHEN status = 'ranked' AND lag(status) OVER by_quarter = 'ranked'
        THEN civility_index - lag(civility_index) OVER by_quarter END AS index_change,
    CASE WHEN quarter_ended(quarter) AND lag(peer_group) OVER by_quarter = peer_group
        THEN lag(rank) OVER by_quarter - rank END AS rank_change,
    CASE WHEN quarter_ended(quarter)
        THEN lag(overall_rank) OVER by_quarter - overall_rank END AS overall_rank_change
FROM unit_rows
WINDOW by_quarter AS (PARTITION BY unit_code ORDER BY quarter)
ORDER BY unit_code, quarter
