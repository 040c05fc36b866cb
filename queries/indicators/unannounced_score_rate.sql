-- indicator: unannounced_score_rate
-- Σ score / Σ max_score over unannounced (暗访) inspection items; n = items inspected
-- (macro inspection_rate in queries/stages/macros.sql).
SELECT * FROM inspection_rate('暗访', $first_quarter, $last_quarter)
