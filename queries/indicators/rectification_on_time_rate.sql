-- indicator: rectification_on_time_rate
-- Findings whose deadline falls in the quarter, share closed on or before it; n = findings due.
-- Only quarters up to the latest quarter with inspections (a later deadline is not yet due),
-- and only findings whose outcome is known today: closed, or due before today. A finding of the
-- running quarter still open and due today or later may yet be closed in time (as the overdue
-- count, overdue_open_findings, does not count it either).
WITH due AS (
    SELECT
        unit_code,
        quarter_of(rectify_by) AS quarter,
        coalesce(rectified_on <= rectify_by, false) AS on_time
    FROM inspections
    WHERE finding IS NOT NULL
        AND rectify_by BETWEEN quarter_start($first_quarter) AND quarter_end($last_quarter)
        AND rectify_by <= (SELECT quarter_end(max(quarter)) FROM inspections)
        AND (rectified_on IS NOT NULL OR rectify_by < current_date)
)
SELECT
    unit_code,
    quarter,
    avg(on_time::INTEGER) AS value,
    sum(on_time::INTEGER) AS numerator,
    count(*) AS denominator,
    count(*) AS n
FROM due
GROUP BY unit_code, quarter
