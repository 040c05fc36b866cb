-- indicator: inpatient_satisfaction
-- Σ satisfied / Σ respondents of inpatient (住院) surveys; a survey given only as a 0–100 score
-- counts score/100 × respondents as satisfied. n = respondents.
WITH answers AS (
    SELECT
        unit_code,
        quarter,
        respondents,
        coalesce(satisfied, score / 100.0 * respondents) AS satisfied
    FROM surveys
    WHERE quarter BETWEEN $first_quarter AND $last_quarter
        AND survey_type = '住院'
        AND respondents > 0
)
SELECT
    unit_code,
    quarter,
    sum(satisfied) / sum(respondents) AS value,
    sum(satisfied) AS numerator,
    sum(respondents) AS denominator,
    sum(respondents) AS n
FROM answers
GROUP BY unit_code, quarter
