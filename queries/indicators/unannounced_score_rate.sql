-- indicator: unannounced_score_rate
-- Σ score / Σ max_score over unannounced (暗访) inspection items; n = items inspected.
SELECT
    unit_code,
    quarter,
    sum(score) / sum(max_score) AS value,
    sum(score) AS numerator,
    sum(max_score) AS denominator,
    count(*) AS n
FROM inspections
WHERE quarter BETWEEN $first_quarter AND $last_quarter
    AND inspection_type = '暗访'
GROUP BY unit_code, quarter
HAVING sum(max_score) > 0
