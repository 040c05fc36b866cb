-- indicator: inpatient_satisfaction
-- Σ satisfied / Σ respondents of inpatient (住院) surveys (macro satisfaction_rate in
-- queries/stages/macros.sql). n = respondents.
SELECT * FROM satisfaction_rate('住院', $first_quarter, $last_quarter)
