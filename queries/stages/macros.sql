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

-- The findings as known on a day: found on or before it, with the closing date only when that
-- lies on or before it too (a later closing date was not known yet), and the status on the day.
-- Shared by the ledger queries, the findings list and its counts.
CREATE OR REPLACE TEMP MACRO findings_known_on(as_of_day) AS TABLE
    WITH known AS (
        SELECT
            unit_code,
            quarter,
            inspection_date,
            inspection_type,
            item,
            finding,
            rectify_by,
            CASE WHEN rectified_on <= as_of_day THEN rectified_on END AS closed_on,
            as_of_day::DATE AS day
        FROM inspections
        WHERE finding IS NOT NULL AND inspection_date <= as_of_day
    )
    SELECT
        *,
        CASE
            WHEN closed_on IS NULL AND rectify_by < day THEN 'overdue'
            WHEN closed_on IS NULL THEN 'open'
            WHEN rectify_by IS NULL OR closed_on <= rectify_by THEN 'closed_on_time'
            ELSE 'closed_late'
        END AS status
    FROM known;

-- The rectification ledger of each unit with findings on a day (findings_known_on): counts of
-- findings, open, overdue, closed and closed by their deadline, mean days to close, the oldest
-- open finding's date.
CREATE OR REPLACE TEMP MACRO ledger_counts(as_of_day) AS TABLE
    SELECT
        unit_code,
        count(*) AS findings_total,
        count(*) FILTER (WHERE closed_on IS NULL) AS open_findings,
        count(*) FILTER (WHERE status = 'overdue') AS overdue_open,
        count(closed_on) AS closed,
        count(*) FILTER (WHERE closed_on <= rectify_by) AS closed_on_time,
        avg(closed_on - inspection_date) FILTER (WHERE closed_on IS NOT NULL)
            AS mean_days_to_close,
        min(inspection_date) FILTER (WHERE closed_on IS NULL) AS oldest_open_date,
        any_value(day) AS day
    FROM findings_known_on(as_of_day)
    GROUP BY unit_code;
