-- name: rankings
-- Competition ranks (ties share) by index or one indicator, change from the previous quarter.
-- zh: 按综合指数或单项指标的竞争排名（并列同名次），及较上一季度的变化。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- param: indicator_code indicator = index
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- param: weighting choice(table,equal) = table
-- param: max_missing float = 0.3
-- param: draws int = 400
-- param: seed int = 2005
-- stage: ranks
-- window: previous
WITH current AS (SELECT * FROM unit_ranks WHERE quarter = $quarter),
previous AS (SELECT * FROM unit_ranks WHERE quarter = $previous_quarter),
final AS (
    SELECT
        c.unit_code,
        c.unit_name,  -- name, district and group as the registry had them in the quarter
        c.district,
        c.peer_group,
        c.quarter,
        c.value,
        c.rank,
        c.units_ranked,
        p.value AS previous_value,
        p.rank AS previous_rank,
        -- the peer group the unit was in last quarter when that was another: regrouped since,
        -- it has no previous rank in this one (docs/METHOD.md §8), and is no new unit
        CASE WHEN p.unit_code IS NULL AND w.peer_group <> c.peer_group THEN w.peer_group END
            AS previous_group,
        -- the places gained, as the two ranks shown say; none in a quarter under way (macro
        -- quarter_ended), whose ranking holds only the units that reported so far
        CASE WHEN quarter_ended($quarter) THEN p.rank - c.rank END AS rank_change,
        NULL::BIGINT AS rank_low,
        NULL::BIGINT AS rank_high,
        c.ci_low,
        c.ci_high,
        c.n,
        c.weight_covered,
        -- the share of the weight a unit needs to be ranked by the index (docs/METHOD.md §4)
        CASE WHEN $indicator_code = 'index' THEN round(1 - $max_missing, 9) END AS weight_needed,
        c.status,
        c.status = 'insufficient_data' AS insufficient,
        -- sent a report of the quarter (macro units_reporting): in a quarter under way a unit
        -- that sent nothing yet is insufficient_data too (its rectification values only)
        c.unit_code IN (SELECT unit_code FROM units_reporting([$quarter])) AS reported
    FROM current AS c
    LEFT JOIN previous AS p ON p.unit_code = c.unit_code
    LEFT JOIN units_in_force([$previous_quarter]) AS w ON w.unit_code = c.unit_code
)
SELECT * FROM final
ORDER BY insufficient, rank, unit_code
