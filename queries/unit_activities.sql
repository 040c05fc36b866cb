-- name: unit_activities
-- One unit's public-benefit activities (all quarters, or one), newest first.
-- zh: 某单位的公益活动（全部季度或某一季度），最新的在前。
-- param: unit_code unit
-- param: quarter quarter = None
SELECT
    quarter,
    activity_date,
    activity_type,
    sessions::BIGINT AS sessions,
    participants::BIGINT AS participants,
    volunteer_hours::DOUBLE AS volunteer_hours
FROM activities
WHERE unit_code = $unit_code AND ($quarter IS NULL OR quarter = $quarter)
ORDER BY quarter DESC, activity_date DESC NULLS LAST, activity_type
