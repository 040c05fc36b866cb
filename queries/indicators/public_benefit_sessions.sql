-- indicator: public_benefit_sessions
-- Σ sessions of every public-benefit activity reported for the quarter.
SELECT
    unit_code,
    quarter,
    sum(sessions) AS value,
    sum(sessions) AS numerator,
    NULL AS denominator,
    NULL AS n
FROM activities
WHERE quarter BETWEEN $first_quarter AND $last_quarter
GROUP BY unit_code, quarter
