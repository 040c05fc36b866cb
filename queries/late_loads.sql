-- name: late_loads
-- Loaded fact files against a deadline: N days after the end of the latest quarter they cover.
-- A file that replaced rows already loaded is a correction: loaded after the deadline it is
-- not a late report (the figures it corrects were sent in time or were late themselves).
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
        outcome,
        coalesce(replaced_rows, 0) > 0 AS correction,
        list_max(string_split(quarters, ',')) AS last_quarter
    FROM upload_log
    WHERE outcome IN ('loaded', 'withdrawn')
        AND kind IN ('inspections', 'surveys', 'activities')
        AND coalesce(quarters, '') <> ''
        AND ($quarter IS NULL OR list_contains(string_split(quarters, ','), $quarter))
),
against AS (
    SELECT
        *,
        quarter_end(last_quarter) + $deadline_days::INTEGER AS deadline
    FROM files
),
final AS (
    SELECT
        *,
        loaded_at::DATE > deadline AS after_deadline,
        loaded_at::DATE > deadline AND NOT correction AS late
    FROM against
)
SELECT
    load_id, file_name, kind, quarters, loaded_by, loaded_at, outcome, deadline,
    (loaded_at::DATE - deadline)::BIGINT AS days_late,
    after_deadline, correction, late,
    $deadline_days::BIGINT AS deadline_days
FROM final
WHERE NOT $late_only OR late
ORDER BY late DESC, loaded_at::DATE - deadline DESC, load_id
