"""The query macros (queries/stages/macros.sql, etl/registry.sql, etl/corrections.sql) are made
once per connection in its macro database (queries/pipeline.py ``ensure_macros``), not on each
query's cursor, and every cursor of the connection calls them there."""

from __future__ import annotations

import pytest
from polars.testing import assert_frame_equal

from queries import run
from queries.pipeline import MACRO_DB, MACRO_FILES, run_statement

ON_FILE = pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store

MACROS_SQL = (
    f"SELECT function_name, function_oid FROM duckdb_functions() "
    f"WHERE database_name = '{MACRO_DB}' ORDER BY ALL"
)
TEMP_MACROS_SQL = "SELECT count(*) FROM duckdb_functions() WHERE database_name = 'temp'"


@ON_FILE
def test_the_macros_are_made_once_per_connection_and_no_query_makes_them_again(bureau):
    first = run(bureau, "units")
    made = bureau.cursor().execute(MACROS_SQL).fetchall()
    names = {name for name, _ in made}
    # one macro of each file, and the units query's own
    assert {"quarter_of", "units_latest", "load_corrections", "units_in_force"} <= names
    again = run(bureau, "units")  # on a cursor of its own, as every query
    assert_frame_equal(again, first)
    # the same macros, not made anew (CREATE OR REPLACE would give each a new oid)
    assert bureau.cursor().execute(MACROS_SQL).fetchall() == made


@ON_FILE
def test_a_cursor_calls_the_connections_macros_which_answer_as_the_files_text(bureau):
    """A statement on a new cursor calls the macros made for the connection, making none of its
    own, and they give what the files' statements give run as they are (temporary macros on a
    cursor, as the loader makes the registry's)."""
    sql = (
        "SELECT u.quarter, u.unit_code, u.peer_group, i.indicator_code, i.weight, p.status, "
        "d.district, f.status AS finding_status, quarter_of(f.inspection_date) AS found_in "
        "FROM units_in_force(['2025Q2', '2025Q3']) AS u "
        "JOIN indicators_in_force(['2025Q2', '2025Q3']) AS i USING (quarter) "
        "LEFT JOIN unit_periods() AS p USING (unit_code) "
        "LEFT JOIN unit_districts() AS d USING (unit_code) "
        "LEFT JOIN findings_known_on(DATE '2025-09-30') AS f USING (unit_code, quarter) "
        "ORDER BY ALL"
    )
    run(bureau, "units")
    cursor = bureau.cursor()
    found = run_statement(cursor, sql, {})
    assert cursor.execute(TEMP_MACROS_SQL).fetchone()[0] == 0
    files_cursor = bureau.cursor()
    for path in MACRO_FILES:
        files_cursor.execute(path.read_text(encoding="utf-8"))
    expected = files_cursor.execute(sql).pl()
    assert expected.height > 0
    assert_frame_equal(found, expected)
    # 2025-08-01 is in the third quarter; H3's registry row says 三级医院 (bureau_fixture.py)
    checked = run_statement(
        bureau.cursor(),
        "SELECT quarter_of(DATE '2025-08-01') AS q, "
        "(SELECT peer_group FROM units_latest() WHERE unit_code = 'H3') AS peer_group",
        {},
    )
    assert checked.rows() == [("2025Q3", "三级医院")]
