-- indicator: inspection_score_rate
-- Σ score / Σ max_score over every inspection item in the quarter; n = items inspected.
SELECT
    unit_code,
    quarter,
    sum(score) / sum(max_score) AS value,
    sum(score) AS numerator,
    sum(max_score) AS denominator,
    count(*) AS n
FROM inspections
WHERE quarter BETWEEN $first_quarter AND $last_quarter
GROUP BY unit_code, quarter
HAVING sum(max_score) > 0
