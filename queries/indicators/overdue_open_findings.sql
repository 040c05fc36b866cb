-- indicator: overdue_open_findings
-- Findings past their deadline and still open at quarter end, for each unit inspected that quarter.
WITH inspected AS (
    SELECT DISTINCT unit_code, quarter, quarter_end(quarter) AS quarter_end
    FROM inspections
    WHERE quarter BETWEEN $first_quarter AND $last_quarter
),
-- Only findings that can be overdue and open at some quarter end in the window.
findings AS (
    SELECT unit_code, inspection_date, rectify_by, rectified_on
    FROM inspections
    WHERE finding IS NOT NULL
        AND rectify_by < quarter_end($last_quarter)
        AND (rectified_on IS NULL OR rectified_on > quarter_end($first_quarter))
),
final AS (
    SELECT
        i.unit_code,
        i.quarter,
        count(f.unit_code) FILTER (
            WHERE f.rectify_by < i.quarter_end
                AND f.inspection_date <= i.quarter_end
                AND (f.rectified_on IS NULL OR f.rectified_on > i.quarter_end)
        ) AS overdue
    FROM inspected AS i
    LEFT JOIN findings AS f ON f.unit_code = i.unit_code
    GROUP BY i.unit_code, i.quarter
)
SELECT unit_code, quarter, overdue AS value, overdue AS numerator, NULL AS denominator, NULL AS n
FROM final
