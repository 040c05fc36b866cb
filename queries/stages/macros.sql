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
