"""The query macros (queries/stages/macros.sql, etl/registry.sql, etl/corrections.sql) are made
once per connection in its macro database (queries/pipeline.py ``ensure_macros``), not on each
query's cursor, and every cursor of the connection calls them there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from queries import run
from queries.pipeline import MACRO_DB, MACRO_FILES, macro_call, qualified, run_statement

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


ROOT = Path(__file__).resolve().parents[2]
SQL_FILES = sorted([*ROOT.glob("queries/**/*.sql"), *ROOT.glob("etl/*.sql")])
TEXT_LITERAL = re.compile(r"'(?:[^']|'')*'")


def macro_calls_in_literals(sql: str) -> list[str]:
    """The text literals of ``sql`` (outside comments) that hold a macro's call."""
    uncommented = re.sub(r"--[^\n]*", "", sql)
    return [text for text in TEXT_LITERAL.findall(uncommented) if macro_call().search(text)]


def test_no_sql_file_calls_a_macro_inside_a_text_literal():
    """``qualified`` names each macro call's database by a pattern over the SQL's text, so it
    would rewrite a call written inside a text literal as well (a label 'quarter_of(q)'),
    changing the text a query returns: no SQL file holds one. The scan itself finds one."""
    planted = "SELECT 'by quarter_of(day)' AS label, quarter_of(day) FROM t"
    assert macro_calls_in_literals(planted) == ["'by quarter_of(day)'"]
    assert "civmacros.main.quarter_of(day)'" in qualified(planted)  # the hazard
    assert len(SQL_FILES) >= 50
    found = {p.name: macro_calls_in_literals(p.read_text(encoding="utf-8")) for p in SQL_FILES}
    assert {name: calls for name, calls in found.items() if calls} == {}


@ON_FILE
def test_a_macro_added_while_the_dashboard_runs_is_called_without_a_restart(
    bureau, tmp_path, monkeypatch
):
    """Trial (session 57): a deploy added a macro (shown_index) under a running dashboard; the
    macro files were read again, but the names to qualify had been found once, at import, and
    every ranking failed with "shown_index does not exist" until a restart. Here the macro
    files are copies, and one gets a macro the connection has not made yet."""
    from queries import pipeline

    copies = []
    for path in MACRO_FILES:
        copy = tmp_path / path.name
        copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        copies.append(copy)
    monkeypatch.setattr(pipeline, "MACRO_FILES", tuple(copies))
    cursor = bureau.cursor()
    assert run_statement(cursor, "SELECT quarter_of(DATE '2025-08-01') AS q", {}).item() == "2025Q3"
    with copies[0].open("a", encoding="utf-8") as macros:
        macros.write("\nCREATE OR REPLACE TEMP MACRO doubled_later(x) AS 2 * x;\n")
    sql = "SELECT doubled_later(21) AS d, quarter_of(DATE '2025-11-30') AS q"
    assert "civmacros.main.doubled_later(" in qualified(sql)
    assert run_statement(bureau.cursor(), sql, {}).rows() == [(42, "2025Q4")]
