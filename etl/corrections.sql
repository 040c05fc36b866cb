-- Which data files were corrections: the rule the loader (etl/load.py keeps the answer when a
-- file is withdrawn, since its rows then leave) and the late files (queries/late_loads.sql)
-- both apply, as a table macro installed by etl.registry.install_corrections_macro and by the
-- query pipeline with its own macros (queries/pipeline.py).
--
-- A file is a correction when every unit and quarter it brought rows of had rows already,
-- which it replaced: loaded after the deadline it is not a late report. A file that also brings
-- a unit's first rows for a quarter is that unit's report. Its rows count whether still in force
-- or replaced since by a later file (archive_*, replaced_by that file). One row per file that
-- brought data rows; a reader restricts it by load_id (the filter reaches the scans).
CREATE OR REPLACE TEMP MACRO load_corrections() AS TABLE
    WITH fact_rows AS (
        SELECT load_id, NULL::BIGINT AS replaced_by, unit_code, quarter FROM inspections
        UNION ALL
        SELECT load_id, replaced_by, unit_code, quarter FROM archive_inspections
        UNION ALL
        SELECT load_id, NULL::BIGINT, unit_code, quarter FROM surveys
        UNION ALL
        SELECT load_id, replaced_by, unit_code, quarter FROM archive_surveys
        UNION ALL
        SELECT load_id, NULL::BIGINT, unit_code, quarter FROM activities
        UNION ALL
        SELECT load_id, replaced_by, unit_code, quarter FROM archive_activities
    ),
    brought AS (
        SELECT DISTINCT load_id, unit_code, quarter FROM fact_rows
    ),
    replaced AS (
        SELECT DISTINCT replaced_by AS load_id, unit_code, quarter
        FROM fact_rows
        WHERE replaced_by IS NOT NULL
    )
    SELECT b.load_id, count(*) = count(r.load_id) AS correction
    FROM brought AS b
    LEFT JOIN replaced AS r USING (load_id, unit_code, quarter)
    GROUP BY b.load_id;
