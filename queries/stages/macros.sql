-- The query macros, written as temporary macros (as the loader makes etl/registry.sql's on its
-- cursor); the query pipeline makes them, with the registry's and the corrections', once per
-- connection in its macro database (queries/pipeline.py ensure_macros).

-- Helpers for quarter strings ('2025Q3').
CREATE OR REPLACE TEMP MACRO quarter_start(q) AS
    make_date(CAST(left(q, 4) AS INTEGER), CAST(right(q, 1) AS INTEGER) * 3 - 2, 1);
CREATE OR REPLACE TEMP MACRO quarter_end(q) AS
    last_day(make_date(CAST(left(q, 4) AS INTEGER), CAST(right(q, 1) AS INTEGER) * 3, 1));
-- The day a quarter's rectification ledger is read on: its last day, or today while it lasts
-- (a finding due later this quarter is not overdue yet).
CREATE OR REPLACE TEMP MACRO ledger_day(q) AS least(quarter_end(q), current_date);
-- A quarter under way (its files still coming in, etl.quarters.unfinished): no rank change is
-- given for it, its ranking being of the units that reported so far
CREATE OR REPLACE TEMP MACRO quarter_ended(q) AS quarter_end(q) < current_date;
-- An index as shown and ranked: two decimals, 四舍五入 on its decimal value (docs/METHOD.md §4,
-- charts.labels.half_up). round() of the DOUBLE rounded 64.085, stored as 64.08499999…, down to
-- 64.08, one place below a unit at 64.09 it ties with; the index is kept to 9 decimals.
CREATE OR REPLACE TEMP MACRO shown_index(x) AS round(x::DECIMAL(18, 9), 2)::DOUBLE;
CREATE OR REPLACE TEMP MACRO quarter_of(d) AS
    strftime(d, '%Y') || 'Q' || CAST(quarter(d) AS VARCHAR);
CREATE OR REPLACE TEMP MACRO quarter_number(q) AS
    CAST(left(q, 4) AS INTEGER) * 4 + CAST(right(q, 1) AS INTEGER) - 1;
CREATE OR REPLACE TEMP MACRO quarter_number_of(d) AS year(d) * 4 + quarter(d) - 1;

-- The z value of a two-sided 95% level, the standard normal quantile of 0.975: the level named
-- "95" in queries/levels.py, where the method's levels are written down (SQL has no quantile
-- function; tests/queries/test_levels.py checks this number against it).
CREATE OR REPLACE TEMP MACRO z95() AS CAST(1.959963984540054 AS DOUBLE);
-- The modified z-score of x against values of median m (Iglewicz & Hoaglin: 0.6745 × (x − m) ÷
-- MAD); where more than half the values are m (MAD 0: seven units of eight without an overdue
-- finding) the mean absolute deviation stands in, as the literature has it (IBM SPSS, after
-- Iglewicz & Hoaglin): (x − m) ÷ (1.253314 × MeanAD). No spread at all, no score.
CREATE OR REPLACE TEMP MACRO modified_z(x, m, mad, meanad) AS
    CASE WHEN mad > 0 THEN 0.6745 * (x - m) / mad
        WHEN meanad > 0 THEN (x - m) / (1.253314 * meanad) END;
-- The Wilson interval of a proportion p of n at the normal quantile z (docs/METHOD.md §6). Its
-- bound at an end of 0–1 is that end exactly when p is: in floating point the formula gave
-- 1.0000000000000002 for 50 of 50 and 4.9e-17 for 0 of 3 (a trial's check of ci_high ≤ 1 in an
-- export failed). No p (a count, not a proportion): no interval.
CREATE OR REPLACE TEMP MACRO wilson_low(p, n, z) AS
    CASE WHEN p <= 0 THEN 0.0 WHEN p > 0 THEN greatest(0.0,
        (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
        / (1 + z * z / n)) END;
CREATE OR REPLACE TEMP MACRO wilson_high(p, n, z) AS
    CASE WHEN p >= 1 THEN 1.0 WHEN p < 1 THEN least(1.0,
        (p + z * z / (2 * n) + z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)))
        / (1 + z * z / n)) END;

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
        -- as each finding's status says it (a closed finding without a deadline is on time):
        -- counted by the deadline alone, the ledger's on-time rate disagreed with its list
        count(*) FILTER (WHERE status = 'closed_on_time') AS closed_on_time,
        avg(closed_on - inspection_date) FILTER (WHERE closed_on IS NOT NULL)
            AS mean_days_to_close,
        sum(closed_on - inspection_date) FILTER (WHERE closed_on IS NOT NULL)
            AS days_to_close_total,
        min(inspection_date) FILTER (WHERE closed_on IS NULL) AS oldest_open_date,
        any_value(day) AS day
    FROM findings_known_on(as_of_day)
    GROUP BY unit_code;

-- The quarter of a quarter number (the inverse of quarter_number).
CREATE OR REPLACE TEMP MACRO quarter_from_number(n) AS
    CAST(n // 4 AS VARCHAR) || 'Q' || CAST(n % 4 + 1 AS VARCHAR);

-- The dated unit registry (docs/METHOD.md, "Dated registry and weights"): every unit in the
-- registry in each of the quarters given (a list), one row per quarter and unit, with the
-- name, district, peer group, staff count and parent in force then, and the load that brought
-- them: the unit's row with the latest from_quarter not after the quarter (NULL: from the
-- beginning). A unit whose first row has a from_quarter is not in the registry before it, nor
-- a unit whose row in force is a closure (撤销 closed, 撤并 merged) while it is. The one
-- rule for a unit's attributes in a quarter. Written as "no later row of the unit starts by
-- then" (an anti-join with the few dated rows), which measured faster at province scale than a
-- range join with each row's next start or picking the latest row per quarter (row_number,
-- arg_max); bench/bench_rankings.py times the queries built on it.
CREATE OR REPLACE TEMP MACRO units_in_force(quarters) AS TABLE
    WITH candidates AS (
        SELECT q.quarter, u.*
        FROM (SELECT DISTINCT unnest(quarters) AS quarter) AS q
        JOIN units AS u ON coalesce(u.from_quarter, '') <= q.quarter  -- '' sorts first
    )
    SELECT c.quarter, c.unit_code, c.unit_name, c.district, c.peer_group, c.staff_count,
        c.parent_code, c.load_id
    FROM candidates AS c
    ANTI JOIN (SELECT unit_code, from_quarter FROM units WHERE from_quarter IS NOT NULL) AS later
        ON later.unit_code = c.unit_code
        AND later.from_quarter > coalesce(c.from_quarter, '')
        AND later.from_quarter <= c.quarter
    -- a unit whose row in force is a closure (status 撤销 or 撤并, etl/registry.sql) is out
    WHERE NOT closes_unit(c.status);

-- The dated indicator system: the indicator rows in force in each of the quarters given (a
-- list), one row per quarter and indicator: its row with the latest from_quarter not after the
-- quarter (NULL: from the beginning), with the weight, direction and unit it holds and its
-- from_quarter and load_id. An indicator whose first row has a from_quarter is not in the
-- system before it. The one rule for the system in force in a quarter.
CREATE OR REPLACE TEMP MACRO indicators_in_force(quarters) AS TABLE
    WITH candidates AS (
        SELECT q.quarter, i.*
        FROM (SELECT DISTINCT unnest(quarters) AS quarter) AS q
        JOIN indicators AS i ON coalesce(i.from_quarter, '') <= q.quarter
    )
    SELECT c.quarter, c.indicator_code, c.name_zh, c.name_en, c.domain, c.direction, c.weight,
        c.unit, c.from_quarter, c.load_id
    FROM candidates AS c
    ANTI JOIN (
        SELECT indicator_code, from_quarter FROM indicators WHERE from_quarter IS NOT NULL
    ) AS later
        ON later.indicator_code = c.indicator_code
        AND later.from_quarter > coalesce(c.from_quarter, '')
        AND later.from_quarter <= c.quarter;

-- Whether an indicator of the weight given is assessed (docs/METHOD.md, "Dated registry and
-- weights"): one retired by weight 0 from a quarter on (it is never deleted) is not, though
-- its values are still shown: it counts in no index, no equal-weight share, no attainment rate
-- and no count of the indicators a unit is assessed on. The one rule for a retired indicator.
CREATE OR REPLACE TEMP MACRO assessed(weight) AS weight > 0;

-- Each row of the indicator system with the quarter the indicator's next row starts (NULL:
-- none), for listing its history (query indicator_history).
CREATE OR REPLACE TEMP MACRO indicator_periods() AS TABLE
    SELECT
        i.indicator_code,
        i.name_zh,
        i.name_en,
        i.domain,
        i.direction,
        i.weight,
        i.unit,
        i.from_quarter,
        (
            SELECT min(n.from_quarter) FROM indicators AS n
            WHERE n.indicator_code = i.indicator_code
                AND n.from_quarter > coalesce(i.from_quarter, '')
        ) AS next_from_quarter,
        i.load_id
    FROM indicators AS i;

-- The target rows in force in each of the quarters given (a list): for every indicator and
-- peer group (or 全部, all), the row with the latest from_quarter not after the quarter.
CREATE OR REPLACE TEMP MACRO target_rows_in_force(quarters) AS TABLE
    SELECT q.quarter, t.indicator_code, t.peer_group, t.from_quarter, t.target, t.load_id
    FROM (SELECT DISTINCT unnest(quarters) AS quarter) AS q
    JOIN targets AS t ON t.from_quarter <= q.quarter
    QUALIFY row_number() OVER (
        PARTITION BY q.quarter, t.indicator_code, t.peer_group ORDER BY t.from_quarter DESC
    ) = 1;

-- The target that applies to each peer group given (a list; 全部 = all units) in each quarter
-- given: the group's own row in force beats the row for 全部 (docs/METHOD.md, "Targets").
-- target_peer_group and target_from name the row used.
CREATE OR REPLACE TEMP MACRO targets_in_force(quarters, groups) AS TABLE
    SELECT
        g.peer_group,
        r.quarter,
        r.indicator_code,
        r.target,
        r.peer_group AS target_peer_group,
        r.from_quarter AS target_from
    FROM (SELECT DISTINCT unnest(groups) AS peer_group) AS g
    JOIN target_rows_in_force(quarters) AS r ON r.peer_group IN (g.peer_group, '全部')
    QUALIFY row_number() OVER (
        PARTITION BY g.peer_group, r.quarter, r.indicator_code ORDER BY r.peer_group = '全部'
    ) = 1;

-- The one target the rows aggregated share (an aggregate: units without a target aside); NULL
-- when their targets differ or none has one (queries common_target, attainment_rates).
CREATE OR REPLACE TEMP MACRO shared_target(target) AS
    CASE WHEN count(DISTINCT target) = 1 THEN any_value(target) END;

-- The reports sent: each unit and kind (inspections, surveys, activities) with a row of each
-- quarter given (a list), as the reporting summary and the headline's reporting rate count them.
CREATE OR REPLACE TEMP MACRO reports_sent(quarters) AS TABLE
    SELECT DISTINCT unit_code, quarter, 'inspections' AS kind
    FROM inspections WHERE list_contains(quarters, quarter)
    UNION ALL
    SELECT DISTINCT unit_code, quarter, 'surveys' FROM surveys WHERE list_contains(quarters, quarter)
    UNION ALL
    SELECT DISTINCT unit_code, quarter, 'activities'
    FROM activities WHERE list_contains(quarters, quarter);

-- The units that sent any report of each quarter given (a list): the units a quarter assessed
-- (stage bureau_quarters, rankings' reported). A unit that sent nothing still has a value for
-- overdue findings of earlier inspections; it is missing, not assessed.
CREATE OR REPLACE TEMP MACRO units_reporting(quarters) AS TABLE
    SELECT DISTINCT unit_code, quarter FROM reports_sent(quarters);
