-- name: bureau_trend
-- The bureau index and attainment rate for every quarter with data (for trend charts).
-- param: peer_group peer_group = 全部
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- stage: index
-- window: all
WITH per_quarter AS (
    SELECT
        quarter,
        -- a unit assessed sent a report of the quarter (macro units_reporting)
        count(*) FILTER (WHERE indicators_scored > 0 AND r.unit_code IS NOT NULL)
            AS units_assessed,
        count(*) FILTER (WHERE status = 'ranked') AS units_ranked,
        avg(civility_index) FILTER (WHERE status = 'ranked') AS bureau_index,
        median(civility_index) FILTER (WHERE status = 'ranked') AS index_median
    FROM unit_index AS i
    LEFT JOIN units_reporting((SELECT list(DISTINCT quarter) FROM unit_index)) AS r
        USING (unit_code, quarter)
    GROUP BY quarter
),
attainment AS (
    -- of the units assessed: a unit that sent nothing has no attainment of the quarter
    SELECT v.quarter, avg(v.met::INTEGER) AS attainment_rate
    FROM unit_indicator_values AS v
    SEMI JOIN units_reporting((SELECT list(DISTINCT quarter) FROM unit_index)) AS r
        USING (unit_code, quarter)
    WHERE v.met IS NOT NULL
    GROUP BY v.quarter
)
SELECT q.quarter, q.units_assessed, q.units_ranked, q.bureau_index, q.index_median, a.attainment_rate
FROM per_quarter AS q
LEFT JOIN attainment AS a USING (quarter)
ORDER BY q.quarter
