-- name: late_loads
-- Loaded fact files against a deadline: N days after the end of the latest quarter they cover.
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
        list_max(string_split(quarters, ',')) AS last_quarter
    FROM upload_log
    WHERE outcome IN ('loaded', 'withdrawn')
        AND kind IN ('inspections', 'surveys', 'activities')
        AND coalesce(quarters, '') <> ''
        AND ($quarter IS NULL OR list_contains(string_split(quarters, ','), $quarter))
),
final AS (
    SELECT
        *,
        quarter_end(last_quarter) + $deadline_days::INTEGER AS deadline
    FROM files
)
SELECT
    load_id, file_name, kind, quarters, loaded_by, loaded_at, outcome, deadline,
    (loaded_at::DATE - deadline)::BIGINT AS days_late,
    loaded_at::DATE > deadline AS late,
    $deadline_days::BIGINT AS deadline_days
FROM final
WHERE NOT $late_only OR loaded_at::DATE > deadline
ORDER BY loaded_at::DATE > deadline DESC, loaded_at::DATE - deadline DESC, load_id
