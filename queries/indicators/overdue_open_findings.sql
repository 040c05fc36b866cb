-- indicator: overdue_open_findings
-- Findings past their deadline and still open at quarter end, for each unit inspected that quarter;
-- for the quarter running today, as at today (ledger_day: a finding due later is not overdue yet).
-- A finding counts at the end of quarter Q when its deadline is before that day, it was found on
-- or before it and it was not closed by it. In quarter numbers (year × 4 + quarter − 1) these are
-- the quarters from max(quarter of deadline + 1 day, quarter found) to the quarter before the one
-- it was closed in: each finding adds +1 at the first and −1 after the last, and a unit's count
-- at Q is the running sum of its changes up to Q (one pass, instead of findings × quarters).
WITH inspected AS (
    SELECT DISTINCT unit_code, quarter, quarter_number(quarter) AS quarter_no
    FROM inspections
    WHERE quarter BETWEEN $first_quarter AND $last_quarter
),
-- Only findings that can be overdue and open at some quarter end in the window.
spans AS (
    SELECT
        unit_code,
        greatest(
            quarter_number_of(rectify_by + 1), quarter_number_of(inspection_date)
        ) AS first_no,
        quarter_number_of(rectified_on) - 1 AS last_no
    FROM inspections
    WHERE finding IS NOT NULL
        AND rectify_by < ledger_day($last_quarter)
        AND (rectified_on IS NULL OR rectified_on > quarter_end($first_quarter))
),
changes AS (
    SELECT unit_code, first_no AS quarter_no, 1 AS change
    FROM spans
    WHERE last_no IS NULL OR last_no >= first_no
    UNION ALL
    SELECT unit_code, last_no + 1 AS quarter_no, -1 AS change
    FROM spans
    WHERE last_no >= first_no
),
open_counts AS (
    SELECT
        unit_code,
        quarter_no,
        sum(sum(change)) OVER (PARTITION BY unit_code ORDER BY quarter_no) AS overdue
    FROM changes
    GROUP BY unit_code, quarter_no
),
final AS (
    SELECT i.unit_code, i.quarter, coalesce(c.overdue, 0)::BIGINT AS overdue
    FROM inspected AS i
    ASOF LEFT JOIN open_counts AS c
        ON c.unit_code = i.unit_code
        AND c.quarter_no <= i.quarter_no
)
SELECT unit_code, quarter, overdue AS value, overdue AS numerator, NULL AS denominator, NULL AS n
FROM final
