-- name: bureau_headline
-- The bureau (or one peer group) at a glance for a quarter, with the change from the previous one.
-- zh: 某季度全部单位（或某一单位类别）的概况，及较上一季度的变化。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- param: normalisation choice(attainment,minmax,zscore) = attainment
-- stage: bureau
-- window: previous
WITH units_in_scope AS (
    SELECT unit_code FROM units_in_force([$quarter])  -- the registry in the quarter
    WHERE $peer_group = '全部' OR peer_group = $peer_group
),
sent AS (
    SELECT unit_code, kind FROM reports_sent([$quarter])
),
reports AS (
    -- one report expected per unit in scope and kind (inspections, surveys, activities) when
    -- any unit reported anything for the quarter, as the completeness query counts them
    SELECT
        CASE WHEN (SELECT count(*) FROM sent) > 0
            THEN (SELECT count(*) FROM units_in_scope) * 3 ELSE 0 END AS reports_expected,
        (SELECT count(*) FROM sent
            WHERE unit_code IN (SELECT unit_code FROM units_in_scope)) AS reports_received
),
-- the units ranked both this quarter and the previous one: where they are fewer than either
-- quarter's, the index's change is partly of units that joined or left the ranking
ranked_both AS (
    SELECT count(*) AS units
    FROM unit_index AS c
    JOIN unit_index AS p ON p.unit_code = c.unit_code AND p.quarter = $previous_quarter
    WHERE c.quarter = $quarter AND c.status = 'ranked' AND p.status = 'ranked'
),
final AS (
    SELECT
        $quarter AS quarter,
        $previous_quarter AS previous_quarter,
        coalesce(c.units_total, (SELECT count(*) FROM units_in_scope)) AS units_total,
        coalesce(c.units_assessed, 0) AS units_assessed,
        coalesce(c.units_ranked, 0) AS units_ranked,
        coalesce(p.units_ranked, 0) AS previous_units_ranked,
        b.units AS units_ranked_both,
        coalesce(c.units_insufficient, 0) AS units_insufficient,
        c.bureau_index,
        p.bureau_index AS previous_bureau_index,
        -- the changes, as the rankings give them: none in a quarter under way (macro
        -- quarter_ended), whose figures hold only the units that reported so far
        CASE WHEN quarter_ended($quarter) THEN c.bureau_index - p.bureau_index END
            AS index_change,
        c.attainment_rate,
        p.attainment_rate AS previous_attainment_rate,
        CASE WHEN quarter_ended($quarter) THEN c.attainment_rate - p.attainment_rate END
            AS attainment_change,
        r.reports_expected,
        r.reports_received,
        r.reports_received / nullif(r.reports_expected, 0) AS reporting_rate
    FROM (SELECT 1) AS one
    CROSS JOIN reports AS r
    CROSS JOIN ranked_both AS b
    LEFT JOIN bureau_quarters AS c ON c.quarter = $quarter
    LEFT JOIN bureau_quarters AS p ON p.quarter = $previous_quarter
)
SELECT * FROM final
