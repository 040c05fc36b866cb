-- Helpers for quarter strings ('2025Q3'), created on each cursor as temporary macros.
CREATE OR REPLACE TEMP MACRO quarter_start(q) AS
    make_date(CAST(left(q, 4) AS INTEGER), CAST(right(q, 1) AS INTEGER) * 3 - 2, 1);
CREATE OR REPLACE TEMP MACRO quarter_end(q) AS
    last_day(make_date(CAST(left(q, 4) AS INTEGER), CAST(right(q, 1) AS INTEGER) * 3, 1));
CREATE OR REPLACE TEMP MACRO quarter_of(d) AS
    strftime(d, '%Y') || 'Q' || CAST(quarter(d) AS VARCHAR);
CREATE OR REPLACE TEMP MACRO quarter_number(q) AS
    CAST(left(q, 4) AS INTEGER) * 4 + CAST(right(q, 1) AS INTEGER) - 1;
CREATE OR REPLACE TEMP MACRO quarter_number_of(d) AS year(d) * 4 + quarter(d) - 1;

-- A patient-satisfaction rate of one survey type: Σ satisfied / Σ respondents per unit and
-- quarter; a survey given only as a 0–100 score counts score/100 × respondents as satisfied.
CREATE OR REPLACE TEMP MACRO satisfaction_rate(kind, first_quarter, last_quarter) AS TABLE
    WITH answers AS (
        SELECT
            unit_code,
            quarter,
            respondents,
            coalesce(satisfied, score / 100.0 * respondents) AS satisfied
        FROM surveys
        WHERE quarter BETWEEN first_quarter AND last_quarter
            AND survey_type = kind
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
    GROUP BY unit_code, quarter;

-- An inspection score rate: Σ score / Σ max_score per unit and quarter over the items of one
-- inspection type, or of every type when kind is NULL; n = items inspected.
CREATE OR REPLACE TEMP MACRO inspection_rate(kind, first_quarter, last_quarter) AS TABLE
    SELECT
        unit_code,
        quarter,
        sum(score) / sum(max_score) AS value,
        sum(score) AS numerator,
        sum(max_score) AS denominator,
        count(*) AS n
    FROM inspections
    WHERE quarter BETWEEN first_quarter AND last_quarter
        AND (kind IS NULL OR inspection_type = kind)
    GROUP BY unit_code, quarter
    HAVING sum(max_score) > 0;
