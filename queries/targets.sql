-- name: targets
-- Target rows of the indicator system; with a quarter, only those in force for it.
-- zh: 测评体系的目标值各行；给出季度时，仅列该季度有效的。
-- param: quarter quarter = None
-- Every row (no quarter), or the rows in force in the quarter (macro target_rows_in_force),
-- each saying whether its indicator is assessed then: in force with a weight above 0 (macros
-- indicators_in_force, assessed); a retired indicator's target is in force yet met by none.
WITH chosen AS (
    SELECT indicator_code, peer_group, from_quarter, target, NULL::BOOLEAN AS assessed
    FROM targets
    WHERE $quarter IS NULL
    UNION ALL
    SELECT t.indicator_code, t.peer_group, t.from_quarter, t.target,
        coalesce(assessed(i.weight), false) AS assessed
    FROM target_rows_in_force([$quarter]) AS t
    LEFT JOIN indicators_in_force([$quarter]) AS i USING (indicator_code)
    WHERE $quarter IS NOT NULL
)
SELECT * FROM chosen
ORDER BY indicator_code, peer_group = '全部' DESC, peer_group, from_quarter
