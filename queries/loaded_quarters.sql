-- name: loaded_quarters
-- Quarters that have any inspection, survey or activity rows, newest first: the quarters of
-- `quarters` without its counts. Every page lists them (ui/frame.py) on its first run after a
-- load, and counting the units that reported in each quarter read every fact row (0.1-0.3 s at
-- province scale); listing the quarters reads one column.
SELECT quarter FROM inspections
UNION
SELECT quarter FROM surveys
UNION
SELECT quarter FROM activities
ORDER BY quarter DESC
