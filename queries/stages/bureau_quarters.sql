-- stage: bureau_quarters
-- The bureau (or the peer group in scope) per quarter: how many units there were, were assessed,
-- ranked or short of data, the bureau index (mean and median of the ranked units' indices) and
-- the attainment rate. A unit assessed sent a report of the quarter (macro units_reporting); a
-- unit that sent nothing is missing, not short of data, and has no attainment of the quarter.
WITH reporting AS (
    SELECT * FROM units_reporting((SELECT list(DISTINCT quarter) FROM unit_index))
),
per_quarter AS (
    SELECT
        quarter,
        count(*) AS units_total,
        count(*) FILTER (WHERE indicators_scored > 0 AND r.unit_code IS NOT NULL)
            AS units_assessed,
        count(*) FILTER (WHERE status = 'ranked') AS units_ranked,
        count(*) FILTER (
            WHERE status = 'insufficient_data' AND indicators_scored > 0
                AND r.unit_code IS NOT NULL
        ) AS units_insufficient,
        avg(civility_index) FILTER (WHERE status = 'ranked') AS bureau_index,
        median(civility_index) FILTER (WHERE status = 'ranked') AS index_median
    FROM unit_index AS i
    LEFT JOIN reporting AS r USING (unit_code, quarter)
    GROUP BY quarter
),
attainment AS (
    SELECT v.quarter, avg(v.met::INTEGER) AS attainment_rate
    FROM unit_indicator_values AS v
    SEMI JOIN reporting AS r USING (unit_code, quarter)
    WHERE v.met IS NOT NULL
    GROUP BY v.quarter
)
SELECT q.*, a.attainment_rate
FROM per_quarter AS q
LEFT JOIN attainment AS a USING (quarter)
