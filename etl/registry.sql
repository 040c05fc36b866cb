-- The unit registry's rules that the loader and the named queries both apply, as table macros:
-- one text each, installed on a cursor by etl.registry.install_registry_macros (the loader) and
-- by the query pipeline with its own macros (queries/pipeline.py).

-- Whether a registry row's status takes its unit out from its from_quarter on: closed (撤销)
-- or merged into another unit (撤并), etl/contracts.py CLOSING (tests/etl/test_contracts.py
-- checks the two agree).
CREATE OR REPLACE TEMP MACRO closes_unit(status) AS coalesce(status IN ('撤销', '撤并'), false);

-- Every unit of the registry as its latest row has it, a unit closed since included (its status
-- says so): the unit list without a quarter (query units), whose unit profiles stay open to a
-- closed unit's history, a unit's district now, and so the district a scope holds it in (the
-- loader's scope check, etl/scope_check.py; the query runner's, queries/scope.py).
-- units_latest_of another table gives it for the registry a batch's earlier registry files
-- would leave (a dry run's scope check, etl/load.py batch_registry).
CREATE OR REPLACE TEMP MACRO units_latest_of(registry) AS TABLE
    SELECT DISTINCT ON (unit_code)
        unit_code, unit_name, district, peer_group, staff_count, parent_code, status
    FROM query_table(registry)
    ORDER BY unit_code, from_quarter DESC NULLS LAST, load_id DESC;

CREATE OR REPLACE TEMP MACRO units_latest() AS TABLE
    SELECT * FROM units_latest_of('units');

-- The units a district answers for: those whose latest registry row names it, so a unit moved
-- since is its new district's, also in the quarters before the move (its rows there still
-- name the district it had then). The one rule for a district's units: a district parameter
-- of a query (completeness, reporting_summary, the ledger's, findings, units), as a district's
-- scope, the districts list parameter and the per-district packs choose them (queries/scope.py,
-- from units_latest too), in a published quarter's figures too: today's registry (below).
-- unit_districts gives every unit's district by that rule, for the tables that group units by
-- district (queries districts, ledger_by_district), so that a district's row counts what the
-- district parameter chooses: the by-district ledger's 城关区 row and ledger_totals for 城关区
-- agree in every quarter, a unit's move included.
-- A publication's figures are read from its own state, but whose a unit is, is today's registry's
-- (README, "Who sees what"): a view of a state (etl.db.StateView) names today's table in the
-- variable civbench_registry, and a district's units are read from it; anywhere else it is unset
-- and they are the units table's.
CREATE OR REPLACE TEMP MACRO unit_districts() AS TABLE
    SELECT unit_code, district
    FROM units_latest_of(coalesce(getvariable('civbench_registry'), 'units'));

CREATE OR REPLACE TEMP MACRO district_units(named) AS TABLE
    SELECT unit_code FROM unit_districts() WHERE district = named;

-- Every unit of the registry as its first row has it: the row without from_quarter (it holds
-- from the beginning), else the earliest. An undated row of a file replaces that one, so the
-- loader compares it with this row to tell a move in every quarter (etl/load.py
-- regrouped_in_every_quarter), not with the latest, which a dated move may have changed since.
-- units_first_of another table gives it for the registry a batch's earlier registry files
-- would leave (a dry run's notes, etl/load.py batch_registry).
CREATE OR REPLACE TEMP MACRO units_first_of(registry) AS TABLE
    SELECT DISTINCT ON (unit_code)
        unit_code, unit_name, district, peer_group, staff_count, parent_code, status
    FROM query_table(registry)
    ORDER BY unit_code, from_quarter NULLS FIRST, load_id DESC;

CREATE OR REPLACE TEMP MACRO units_first() AS TABLE
    SELECT * FROM units_first_of('units');

-- Each row of the unit registry with the quarter the unit's next row starts (NULL: none), for
-- listing a unit's history (query unit_history) and for a closure's quarters (the loader refuses
-- data of a quarter in which its unit is closed, etl/load.py); units_in_force
-- (queries/stages/macros.sql) is the same rule per quarter.
CREATE OR REPLACE TEMP MACRO unit_periods_of(registry) AS TABLE
    SELECT
        u.unit_code,
        u.unit_name,
        u.district,
        u.peer_group,
        u.staff_count,
        u.parent_code,
        u.from_quarter,
        u.status,
        (
            SELECT min(n.from_quarter) FROM query_table(registry) AS n
            WHERE n.unit_code = u.unit_code AND n.from_quarter > coalesce(u.from_quarter, '')
        ) AS next_from_quarter,
        u.load_id
    FROM query_table(registry) AS u;

-- The registry's periods (unit_periods_of the table units); unit_periods_of another table
-- gives them for the registry a load would leave (a dry run's, etl/load.py closed_with_data; the
-- batch's, batch_registry).
CREATE OR REPLACE TEMP MACRO unit_periods() AS TABLE
    SELECT * FROM unit_periods_of('units');
