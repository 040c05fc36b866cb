-- name: late_loads
-- Loaded fact files against a deadline: N days after the end of the latest quarter they cover.
-- A correction (macro load_corrections, etl/corrections.sql: every unit and quarter it brought
-- rows of had rows already, which it replaced) loaded after the deadline is not a late report
-- (the figures it corrects were sent in time or were late themselves). A file that also brings a
-- unit's first rows for a quarter is that unit's report, late or not. A file is judged by the
-- day it reached the bureau when the loader gave it (received_on: history loaded later), else by
-- the day it was loaded.
-- A withdrawn file is listed (outcome withdrawn) but never late: nothing it brought counts.
-- Its rows and the ones it replaced are gone, so whether it was a correction is what the
-- upload log kept at its withdrawal (withdrawn_correction; unknown, NULL, for a withdrawal made
-- before the log kept it, unless it replaced no row: then it was none).
-- zh: 已上传的事实数据文件与截止日期的对比：截止日期为文件所涉最晚季度结束后 N 天。
-- param: deadline_days int = setting:deadline_days
-- param: quarter quarter = None
-- param: late_only bool = false
WITH files AS (
    SELECT
        load_id,
        file_name,
        kind,
        quarters,
        loaded_by,
        loaded_at,
        received_on,
        coalesce(received_on, loaded_at::DATE) AS arrived,
        outcome,
        withdrawn_correction,
        replaced_rows,
        list_max(string_split(quarters, ',')) AS last_quarter
    FROM upload_log
    WHERE outcome IN ('loaded', 'withdrawn')
        AND kind IN ('inspections', 'surveys', 'activities')
        AND coalesce(quarters, '') <> ''
        AND ($quarter IS NULL OR list_contains(string_split(quarters, ','), $quarter))
),
corrections AS (
    SELECT load_id, correction
    FROM load_corrections()
    WHERE load_id IN (SELECT load_id FROM files)
),
against AS (
    SELECT
        f.* EXCLUDE (withdrawn_correction, replaced_rows),
        CASE
            WHEN f.outcome = 'withdrawn'
                THEN coalesce(f.withdrawn_correction, CASE WHEN f.replaced_rows = 0 THEN false END)
            ELSE coalesce(c.correction, false)
        END AS correction,
        quarter_end(f.last_quarter) + $deadline_days::INTEGER AS deadline
    FROM files AS f
    LEFT JOIN corrections AS c USING (load_id)
),
final AS (
    SELECT
        *,
        arrived > deadline AS after_deadline,
        outcome = 'loaded' AND arrived > deadline AND NOT correction AS late
    FROM against
),
-- the districts of the units a late file brought rows of (by their latest registry row, as a
-- scope places them): whose report was late, as a circular to the districts names it
late_places AS (
    SELECT b.load_id, string_agg(DISTINCT u.district, '、' ORDER BY u.district) AS districts
    FROM (
        SELECT load_id, unit_code FROM inspections
        UNION SELECT load_id, unit_code FROM surveys
        UNION SELECT load_id, unit_code FROM activities
    ) AS b
    JOIN units_in_force(['9999Q4']) AS u USING (unit_code)
    WHERE b.load_id IN (SELECT load_id FROM final WHERE late)
    GROUP BY b.load_id
)
SELECT
    load_id, file_name, kind, quarters, loaded_by, loaded_at, received_on, arrived, outcome,
    deadline,
    (arrived - deadline)::BIGINT AS days_late,
    after_deadline, correction, late,
    $deadline_days::BIGINT AS deadline_days,
    p.districts
FROM final
LEFT JOIN late_places AS p USING (load_id)
WHERE NOT $late_only OR late
ORDER BY late DESC, arrived - deadline DESC, load_id
