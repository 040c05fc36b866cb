-- name: late_loads
-- Loaded fact files against a deadline: N days after the end of the latest quarter they cover.
-- A file every unit and quarter of which had rows already, which it replaced, is a correction:
-- loaded after the deadline it is not a late report (the figures it corrects were sent in time
-- or were late themselves). A file that also brings a unit's first rows for a quarter is that
-- unit's report, late or not. A file is judged by the day it reached the bureau when the loader
-- gave it (received_on: history loaded later), else by the day it was loaded.
-- A withdrawn file is listed (outcome withdrawn) but never late: nothing it brought counts.
-- Its rows and the ones it replaced are gone, so whether it was a correction is what the
-- upload log kept at its withdrawal (withdrawn_correction; unknown, NULL, for a withdrawal made
-- before the log kept it, unless it replaced no row: then it was none).
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
fact_rows AS (
    -- every fact row loaded: in force (replaced_by NULL), or replaced since by another load
    SELECT load_id, NULL::BIGINT AS replaced_by, unit_code, quarter FROM inspections
    UNION ALL
    SELECT load_id, replaced_by, unit_code, quarter FROM archive_inspections
    UNION ALL
    SELECT load_id, NULL::BIGINT, unit_code, quarter FROM surveys
    UNION ALL
    SELECT load_id, replaced_by, unit_code, quarter FROM archive_surveys
    UNION ALL
    SELECT load_id, NULL::BIGINT, unit_code, quarter FROM activities
    UNION ALL
    SELECT load_id, replaced_by, unit_code, quarter FROM archive_activities
),
brought AS (
    -- the units and quarters each file brought rows of
    SELECT DISTINCT load_id, unit_code, quarter
    FROM fact_rows
    WHERE load_id IN (SELECT load_id FROM files)
),
replaced AS (
    -- the units and quarters whose earlier rows each file replaced
    SELECT DISTINCT replaced_by AS load_id, unit_code, quarter
    FROM fact_rows
    WHERE replaced_by IN (SELECT load_id FROM files)
),
corrections AS (
    SELECT b.load_id, count(*) = count(r.load_id) AS correction
    FROM brought AS b
    LEFT JOIN replaced AS r USING (load_id, unit_code, quarter)
    GROUP BY b.load_id
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
)
SELECT
    load_id, file_name, kind, quarters, loaded_by, loaded_at, received_on, outcome, deadline,
    (arrived - deadline)::BIGINT AS days_late,
    after_deadline, correction, late,
    $deadline_days::BIGINT AS deadline_days
FROM final
WHERE NOT $late_only OR late
ORDER BY late DESC, arrived - deadline DESC, load_id
