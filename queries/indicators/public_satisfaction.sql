-- indicator: public_satisfaction
-- Respondent-weighted mean 0–100 score of public (公众) surveys (satisfied share × 100 when
-- only counts are given). Not a proportion: no n.
WITH answers AS (
    SELECT
        unit_code,
        quarter,
        respondents,
        coalesce(score, 100.0 * satisfied / respondents) AS score
    FROM surveys
    WHERE quarter BETWEEN $first_quarter AND $last_quarter
        AND survey_type = '公众'
        AND respondents > 0
)
SELECT
    unit_code,
    quarter,
    sum(score * respondents) / sum(respondents) AS value,
    sum(score * respondents) AS numerator,
    sum(respondents) AS denominator,
    NULL AS n
FROM answers
GROUP BY unit_code, quarter
