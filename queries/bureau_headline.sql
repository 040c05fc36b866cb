-- name: bureau_headline
-- The bureau (or one peer group) at a glance for a quarter, with the change from the previous one.
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- stage: index
-- window: previous
WITH per_quarter AS (
    SELECT
        quarter,
        count(*) AS units_total,
        -- a unit assessed sent a report of the quarter (macro units_reporting)
        count(*) FILTER (WHERE indicators_scored > 0 AND r.unit_code IS NOT NULL)
            AS units_assessed,
        count(*) FILTER (WHERE status = 'ranked') AS units_ranked,
        -- of the units assessed: a unit that sent nothing is missing, not short of data
        count(*) FILTER (
            WHERE status = 'insufficient_data' AND indicators_scored > 0
                AND r.unit_code IS NOT NULL
        ) AS units_insufficient,
        avg(civility_index) FILTER (WHERE status = 'ranked') AS bureau_index
    FROM unit_index AS i
    LEFT JOIN units_reporting((SELECT list(DISTINCT quarter) FROM unit_index)) AS r
        USING (unit_code, quarter)
    GROUP BY quarter
),
units_in_scope AS (
    SELECT unit_code FROM units_in_force([$quarter])  -- the registry in the quarter
    WHERE $peer_group = '全部' OR peer_group = $peer_group
),
reports_sent AS (
    SELECT DISTINCT unit_code, 'inspections' AS kind FROM inspections WHERE quarter = $quarter
    UNION ALL
    SELECT DISTINCT unit_code, 'surveys' FROM surveys WHERE quarter = $quarter
    UNION ALL
    SELECT DISTINCT unit_code, 'activities' FROM activities WHERE quarter = $quarter
),
reports AS (
    -- one report expected per unit in scope and kind (inspections, surveys, activities) when
    -- any unit reported anything for the quarter, as the completeness query counts them
    SELECT
        CASE WHEN (SELECT count(*) FROM reports_sent) > 0
            THEN (SELECT count(*) FROM units_in_scope) * 3 ELSE 0 END AS reports_expected,
        (SELECT count(*) FROM reports_sent
            WHERE unit_code IN (SELECT unit_code FROM units_in_scope)) AS reports_received
),
attainment AS (
    -- of the units assessed: a unit that sent nothing has no attainment of the quarter
    SELECT v.quarter, avg(v.met::INTEGER) AS attainment_rate
    FROM unit_indicator_values AS v
    SEMI JOIN units_reporting((SELECT list(DISTINCT quarter) FROM unit_index)) AS r
        USING (unit_code, quarter)
    WHERE v.met IS NOT NULL
    GROUP BY v.quarter
),
final AS (
    SELECT
        $quarter AS quarter,
        $previous_quarter AS previous_quarter,
        coalesce(c.units_total, (SELECT count(*) FROM units_in_scope)) AS units_total,
        coalesce(c.units_assessed, 0) AS units_assessed,
        coalesce(c.units_ranked, 0) AS units_ranked,
        coalesce(c.units_insufficient, 0) AS units_insufficient,
        c.bureau_index,
        p.bureau_index AS previous_bureau_index,
        c.bureau_index - p.bureau_index AS index_change,
        ca.attainment_rate,
        pa.attainment_rate AS previous_attainment_rate,
        ca.attainment_rate - pa.attainment_rate AS attainment_change,
        r.reports_expected,
        r.reports_received,
        r.reports_received / nullif(r.reports_expected, 0) AS reporting_rate
    FROM (SELECT 1) AS one
    CROSS JOIN reports AS r
    LEFT JOIN per_quarter AS c ON c.quarter = $quarter
    LEFT JOIN per_quarter AS p ON p.quarter = $previous_quarter
    LEFT JOIN attainment AS ca ON ca.quarter = $quarter
    LEFT JOIN attainment AS pa ON pa.quarter = $previous_quarter
)
SELECT * FROM final
