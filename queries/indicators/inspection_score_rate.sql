-- indicator: inspection_score_rate
-- Σ score / Σ max_score over every inspection item in the quarter; n = items inspected
-- (macro inspection_rate in queries/stages/macros.sql).
SELECT * FROM inspection_rate(NULL, $first_quarter, $last_quarter)
