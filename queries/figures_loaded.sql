-- name: figures_loaded
-- The latest load in force among the rows a quarter's figures are computed from (one peer group's, or every unit's): the pack's "data loaded up to".
-- zh: 某季度数据（某一单位类别或全部单位）所依据的各行中最近一次仍有效的上传：
-- 即会议材料中的“数据截至”。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- Those rows: the facts of the quarter and of the quarters before it (changes, trends and the
-- ledger read them) of every unit counted, the registry rows and the indicator system's rows
-- in force then. Bureau-wide like the figures it dates: a district's or a unit's pack shows
-- indices and ranks counted over every unit, so every unit's loads date it, not only its own.
-- A withdrawn load has no rows left and a replaced row is not in force: neither counts.
WITH quarters AS (
    SELECT coalesce(list(DISTINCT quarter), []) AS quarters FROM (
        SELECT quarter FROM inspections WHERE quarter <= $quarter
        UNION
        SELECT quarter FROM surveys WHERE quarter <= $quarter
        UNION
        SELECT quarter FROM activities WHERE quarter <= $quarter
    )
),
counted AS (
    -- the units in the registry each quarter, of the peer group asked for (the dated registry)
    SELECT quarter, unit_code, load_id
    FROM units_in_force((SELECT quarters FROM quarters))
    WHERE $peer_group = '全部' OR peer_group = $peer_group
),
in_force AS (
    -- the loads, not their rows, made distinct: a few hundred ids, not millions of rows
    SELECT DISTINCT f.load_id FROM inspections AS f SEMI JOIN counted AS c USING (unit_code, quarter)
    UNION
    SELECT DISTINCT f.load_id FROM surveys AS f SEMI JOIN counted AS c USING (unit_code, quarter)
    UNION
    SELECT DISTINCT f.load_id FROM activities AS f SEMI JOIN counted AS c USING (unit_code, quarter)
    UNION
    SELECT load_id FROM counted
    UNION
    SELECT load_id FROM indicators_in_force((SELECT quarters FROM quarters))
    UNION
    SELECT load_id FROM target_rows_in_force((SELECT quarters FROM quarters))
)
SELECT
    max(l.loaded_at) AS loaded_at,
    arg_max(l.load_id, l.loaded_at) AS last_load_id
FROM upload_log AS l
WHERE l.load_id IN (SELECT load_id FROM in_force) AND l.outcome = 'loaded'
