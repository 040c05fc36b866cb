-- indicator: outpatient_satisfaction
-- Σ satisfied / Σ respondents of outpatient (门诊) surveys (macro satisfaction_rate in
-- queries/stages/macros.sql). n = respondents.
SELECT * FROM satisfaction_rate('门诊', $first_quarter, $last_quarter)
