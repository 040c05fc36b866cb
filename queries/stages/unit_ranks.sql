-- stage: unit_ranks
-- Competition ranks (1 = best, ties share) per quarter in the scope, by the index (rounded to
-- 2 decimals, as shown) or by one indicator in its direction; only ranked units get a rank.
-- Each row names the unit as the registry had it in the quarter (from unit_index).
WITH by_index AS (
    SELECT
        unit_code,
        unit_name,
        district,
        peer_group,
        quarter,
        shown_index(civility_index) AS value,
        civility_index AS exact_value,  -- what a change between quarters is computed from
        status,
        weight_covered,
        NULL::BIGINT AS n,
        NULL::DOUBLE AS ci_low,
        NULL::DOUBLE AS ci_high,
        -1 AS better_sign
    FROM unit_index
    WHERE $indicator_code = 'index'
),
by_indicator AS (
    SELECT
        i.unit_code,
        i.unit_name,
        i.district,
        i.peer_group,
        i.quarter,
        v.value,
        v.value AS exact_value,
        CASE WHEN v.value IS NULL THEN 'insufficient_data' ELSE 'ranked' END AS status,
        NULL::DOUBLE AS weight_covered,
        v.n,
        v.ci_low,
        v.ci_high,
        CASE WHEN d.direction = 'lower' THEN 1 ELSE -1 END AS better_sign
    FROM unit_index AS i
    -- the indicator's direction in force in the quarter
    JOIN defined_indicators AS d ON d.quarter = i.quarter AND d.indicator_code = $indicator_code
    LEFT JOIN unit_indicator_values AS v
        ON v.unit_code = i.unit_code
        AND v.quarter = i.quarter
        AND v.indicator_code = $indicator_code
    WHERE $indicator_code <> 'index'
),
candidates AS (
    SELECT * FROM by_index
    UNION ALL
    SELECT * FROM by_indicator
),
final AS (
    -- One partition per quarter, ranked units first, so a ranked unit's rank counts only the
    -- ranked units ahead of it. The count is a plain sum over the partition: count(*) FILTER
    -- over a window of its own took about half of a province-wide ranking's time.
    SELECT
        *,
        CASE WHEN status = 'ranked' THEN
            rank() OVER (
                PARTITION BY quarter
                ORDER BY status <> 'ranked', better_sign * round(value, 6)
            )
        END::BIGINT AS rank,
        (sum((status = 'ranked')::INTEGER) OVER (PARTITION BY quarter))::BIGINT AS units_ranked
    FROM candidates
)
SELECT * FROM final
