-- name: targets
-- Target rows of the indicator system; with a quarter, only those in force for it.
-- zh: 测评体系的目标值各行；给出季度时，仅列该季度有效的。
-- param: quarter quarter = None
-- Every row (no quarter), or the rows in force in the quarter (macro target_rows_in_force).
WITH chosen AS (
    SELECT indicator_code, peer_group, from_quarter, target
    FROM targets
    WHERE $quarter IS NULL
    UNION ALL
    SELECT indicator_code, peer_group, from_quarter, target
    FROM target_rows_in_force([$quarter])
    WHERE $quarter IS NOT NULL
)
SELECT * FROM chosen
ORDER BY indicator_code, peer_group = '全部' DESC, peer_group, from_quarter
