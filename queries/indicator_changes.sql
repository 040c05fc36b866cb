-- name: indicator_changes
-- What differs between the indicator systems in force in two quarters (weights, targets,
-- indicators added or dropped), with the load that set each new value: who, when.
-- A weight, an indicator added or dropped and a definition hold for every unit: their rows'
-- peer group is 全部, so a district's or a unit's reader (queries/scope.py keeps 全部 rows and
-- those of the reader's groups) counts them as the bureau does.
-- Nothing when either quarter has no system in force (before the system's first quarter): the
-- system begins there, nothing in it changed (its first quarter is not 'every indicator added').
-- zh: 两个季度有效的测评体系之间的差异（权重、目标值、新增或删除的指标），
-- 及设定每个新值的上传：何人、何时。
-- param: from_quarter quarter
-- param: to_quarter quarter
-- param: moving_only bool = false
WITH before AS (
    SELECT * FROM indicators_in_force([$from_quarter])
),
after AS (
    SELECT * FROM indicators_in_force([$to_quarter])
),
paired AS (
    SELECT
        indicator_code,
        b.indicator_code IS NOT NULL AS was_in,
        a.indicator_code IS NOT NULL AS is_in,
        b.weight AS weight_before,
        a.weight AS weight_after,
        -- what else an indicator row holds, field by field: the field's name and its value
        -- before and after, as stored (the page says them in the reader's language)
        list_filter([
            CASE WHEN a.name_zh <> b.name_zh
                THEN {'field': 'name_zh', 'before': b.name_zh, 'after': a.name_zh} END,
            CASE WHEN a.name_en <> b.name_en
                THEN {'field': 'name_en', 'before': b.name_en, 'after': a.name_en} END,
            CASE WHEN a.domain <> b.domain
                THEN {'field': 'domain', 'before': b.domain, 'after': a.domain} END,
            CASE WHEN a.direction <> b.direction
                THEN {'field': 'direction', 'before': b.direction, 'after': a.direction} END,
            CASE WHEN a.unit <> b.unit
                THEN {'field': 'unit', 'before': b.unit, 'after': a.unit} END
        ], x -> x IS NOT NULL) AS definition_change,
        a.from_quarter,
        a.load_id
    FROM before AS b
    FULL JOIN after AS a USING (indicator_code)
),
changes AS (
    SELECT
        CASE WHEN is_in THEN 'indicator_added' ELSE 'indicator_dropped' END AS change,
        indicator_code, '全部' AS peer_group, weight_before AS before, weight_after AS after,
        NULL::STRUCT(field VARCHAR, before VARCHAR, after VARCHAR)[] AS detail, from_quarter,
        load_id
    FROM paired
    WHERE was_in <> is_in
    UNION ALL
    SELECT 'weight', indicator_code, '全部', weight_before, weight_after, NULL, from_quarter, load_id
    FROM paired
    WHERE was_in AND is_in AND weight_before <> weight_after
    UNION ALL
    SELECT 'definition', indicator_code, '全部', NULL, NULL, definition_change, from_quarter, load_id
    FROM paired
    WHERE was_in AND is_in AND len(definition_change) > 0
    UNION ALL
    SELECT
        'target', indicator_code, peer_group, b.target, a.target, NULL, a.from_quarter, a.load_id
    FROM target_rows_in_force([$from_quarter]) AS b
    FULL JOIN target_rows_in_force([$to_quarter]) AS a USING (indicator_code, peer_group)
    WHERE a.target IS DISTINCT FROM b.target
),
final AS (
    SELECT
        c.change,
        c.indicator_code,
        coalesce(a.name_zh, b.name_zh) AS name_zh,
        coalesce(a.name_en, b.name_en) AS name_en,
        c.peer_group::VARCHAR AS peer_group,
        c.before::DOUBLE AS before,
        c.after::DOUBLE AS after,
        c.detail,
        c.from_quarter,
        c.load_id,
        l.loaded_by,
        l.loaded_at,
        -- a change of an indicator no query computes moves no index or rank (METHOD §1)
        list_contains($defined_codes, c.indicator_code) AS has_definition
    FROM changes AS c
    LEFT JOIN after AS a USING (indicator_code)
    LEFT JOIN before AS b USING (indicator_code)
    LEFT JOIN upload_log AS l ON l.load_id = c.load_id
    WHERE EXISTS (SELECT 1 FROM before) AND EXISTS (SELECT 1 FROM after)
)
SELECT * FROM final
WHERE has_definition OR NOT $moving_only
ORDER BY
    indicator_code,
    CASE change
        WHEN 'indicator_added' THEN 1 WHEN 'indicator_dropped' THEN 2 WHEN 'weight' THEN 3
        WHEN 'definition' THEN 4 ELSE 5
    END,
    peer_group = '全部' DESC,
    peer_group
