"""Results kept per data version (queries/result_memo.py): a repeated call is answered from
memory, any change of the data the cache's version covers is seen at once, and only queries
reading nothing but those tables are kept.

A row changed in place by hand (same row counts, no load) is the one change the cache's version
does not see (queries/indicator_cache.py says to call ``clear`` then); the tests use it to
observe whether a result came from memory."""

from __future__ import annotations

import pytest
from bureau_fixture import A, insert

from etl.load import load_file
from etl.publish import publish
from queries import indicator_cache, result_memo, run, runner, sql_tables, warm

Q = "2025Q3"
pytestmark = pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store


def rename_h1(con, name: str) -> None:
    con.execute("UPDATE units SET unit_name = $name WHERE unit_code = 'H1'", {"name": name})


def name_of_h1(con, **params) -> str:
    frame = run(con, "rankings", quarter=Q, peer_group=A, draws=0, **params)
    return dict(zip(frame["unit_code"], frame["unit_name"], strict=True))["H1"]


def test_a_repeated_call_is_answered_from_memory_until_the_cache_is_cleared(bureau):
    assert name_of_h1(bureau) == "甲医院"  # bureau_fixture.py
    rename_h1(bureau, "甲医院（新）")
    assert name_of_h1(bureau) == "甲医院"  # kept: an in-place edit moves no version
    assert name_of_h1(bureau, normalisation="minmax") == "甲医院（新）"  # other parameters
    indicator_cache.clear(bureau)
    assert name_of_h1(bureau) == "甲医院（新）"


def test_rows_added_outside_the_loader_are_seen_by_the_next_repeated_call(bureau):
    assert name_of_h1(bureau) == "甲医院"
    rename_h1(bureau, "甲医院（新）")
    # a new target row changes the targets' row count, so the cache's version
    insert(
        bureau,
        "targets",
        [("overdue_open_findings", A, Q, 0.0)],
        "indicator_code, peer_group, from_quarter, target",
    )
    assert name_of_h1(bureau) == "甲医院（新）"


def test_a_caller_changing_its_result_does_not_change_what_is_kept(bureau):
    first = run(bureau, "rankings", quarter=Q, peer_group=A, draws=0)
    first.drop_in_place("unit_name")
    again = run(bureau, "rankings", quarter=Q, peer_group=A, draws=0)
    assert again["unit_name"].to_list() == ["甲医院", "乙医院", "丙医院"]  # ranks 1, 2, 2


def test_only_the_results_used_last_are_kept(bureau, monkeypatch):
    monkeypatch.setattr(result_memo, "MAX_RESULTS", 2)
    result_memo.forget()
    assert name_of_h1(bureau) == "甲医院"
    rename_h1(bureau, "甲医院（新）")
    assert name_of_h1(bureau, max_missing=0.1) == "甲医院（新）"
    assert name_of_h1(bureau, max_missing=0.2) == "甲医院（新）"
    assert name_of_h1(bureau) == "甲医院（新）"  # the first result was the third used last


def test_the_size_kept_in_all_is_bounded(bureau, monkeypatch):
    result_memo.forget()
    assert name_of_h1(bureau) == "甲医院"
    first = sum(frame.estimated_size() for frame in result_memo._kept.values())
    monkeypatch.setattr(result_memo, "MAX_KEPT_BYTES", first)  # room for one call's results
    rename_h1(bureau, "甲医院（新）")
    assert name_of_h1(bureau, max_missing=0.1) == "甲医院（新）"  # as large again: the first goes
    assert name_of_h1(bureau) == "甲医院（新）"


def test_results_larger_than_the_limit_are_not_kept(bureau, monkeypatch):
    monkeypatch.setattr(result_memo, "MAX_BYTES", 100)  # a ranking of three units is larger
    assert name_of_h1(bureau) == "甲医院"
    rename_h1(bureau, "甲医院（新）")
    assert name_of_h1(bureau) == "甲医院（新）"


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    """The SQL statements the named queries run from now on (none: answered from memory)."""
    run_statements = []
    counted = runner.run_statement

    def counting(*args, **kwargs):
        run_statements.append(args[1])
        return counted(*args, **kwargs)

    result_memo.forget()
    monkeypatch.setattr(runner, "run_statement", counting)
    return run_statements


def test_a_units_rank_history_is_cut_from_every_units_computed_once(bureau, statements):
    """rank_history ranks every unit in every quarter, whichever unit is asked for: the next
    unit's profile is answered from the rows kept, its own rows only."""
    first = run(bureau, "rank_history", unit_code="H1")
    assert len(statements) == 1
    second = run(bureau, "rank_history", unit_code="H2")
    assert len(statements) == 1  # no statement run for H2
    with result_memo.recomputed():
        assert second.equals(run(bureau, "rank_history", unit_code="H2"))
        assert first.equals(run(bureau, "rank_history", unit_code="H1"))
    assert len(statements) == 3
    assert not first.equals(second)


def test_a_published_figure_asked_again_is_kept_whatever_is_loaded_since(bureau):
    """A publication's data never change, so its figures, computed from its facts, are kept
    for it: a load since (a new data version) does not recompute them. The publication's own
    copy of the registry (on a DuckDB file, a schema of its own) changed by hand shows that."""
    publication = publish(bureau, Q, "director")
    assert name_of_h1(bureau, as_published=True) == "甲医院"
    schema = publication.state.removeprefix("schema:")
    bureau.execute(f"UPDATE {schema}.units SET unit_name = '甲医院（新）' WHERE unit_code = 'H1'")
    survey = "单位编码,季度,调查类型,样本量,满意人数\nH2,2025Q3,门诊,100,99\n".encode()
    assert load_file(bureau, survey, "h2.csv", kind="surveys").outcome == "loaded"
    assert name_of_h1(bureau, as_published=True) == "甲医院"  # kept
    assert name_of_h1(bureau) == "甲医院"  # today's data: the live registry
    with result_memo.recomputed():
        assert name_of_h1(bureau, as_published=True) == "甲医院（新）"


def test_warming_up_keeps_the_latest_published_quarters_default_rankings(bureau):
    """The app warms up at start and after each load (queries/warm.py): the default rankings
    of the latest published quarter, as published, are then kept, so the first leader to look
    is answered from memory (the publication's copy of the registry changed by hand after the
    warm-up shows that)."""
    publication = publish(bureau, Q, "director")
    assert warm.warm(bureau) is True
    schema = publication.state.removeprefix("schema:")
    bureau.execute(f"UPDATE {schema}.units SET unit_name = '甲医院（新）' WHERE unit_code = 'H1'")
    frame = run(bureau, "rankings", quarter=Q, peer_group=A, as_published=True)
    assert dict(zip(frame["unit_code"], frame["unit_name"], strict=True))["H1"] == "甲医院"
    with result_memo.recomputed():
        frame = run(bureau, "rankings", quarter=Q, peer_group=A, as_published=True)
    assert dict(zip(frame["unit_code"], frame["unit_name"], strict=True))["H1"] == "甲医院（新）"


def test_warming_up_keeps_every_units_rank_history_current_and_as_published(bureau, statements):
    """The Unit profile page's first view after a start or a load is a lookup: the warm-up
    ranked every unit in every quarter, with today's data and as the latest publication."""
    publication = publish(bureau, Q, "director")
    assert warm.warm(bureau) is True
    warmed = len(statements)
    history = run(bureau, "rank_history", unit_code="H2")
    published = run(bureau, "rank_history", unit_code="H2", publication=publication.publication_id)
    assert len(statements) == warmed
    assert history.filter(quarter=Q)["rank"].to_list() == [2]  # bureau_fixture.py: 甲, then 乙
    assert published.equals(history)  # nothing changed since the publication


def test_a_query_without_the_cache_is_not_kept(bureau):
    with indicator_cache.bypassed():
        assert name_of_h1(bureau) == "甲医院"
        rename_h1(bureau, "甲医院（新）")
        assert name_of_h1(bureau) == "甲医院（新）"


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ("SELECT * FROM units", {"units"}),
        ("WITH units_now AS (SELECT * FROM units) SELECT * FROM units_now", {"units"}),
        ("SELECT * FROM civcache.cache_indicator_values", {"cache_indicator_values"}),
        # a table macro calling another (stages/macros.sql): targets_in_force reads targets
        ("SELECT * FROM targets_in_force(['2025Q3'])", {"targets"}),
        # a table macro used in a join: satisfaction_rate reads surveys
        (
            "SELECT * FROM units AS u JOIN satisfaction_rate('门诊', '2025Q3', '2025Q3') AS s "
            "USING (unit_code)",
            {"units", "surveys"},
        ),
        ("SELECT 1 WHERE 'x' IN (SELECT file_hash FROM upload_log)", {"upload_log"}),
    ],
)
def test_the_tables_a_statement_reads_are_found_in_its_macros_too(bureau, sql, tables):
    assert sql_tables.tables_read(sql) == tables


@pytest.mark.parametrize(
    ("sql", "kept"),
    [
        ("SELECT * FROM units JOIN civcache.cache_indicator_values USING (unit_code)", True),
        ("SELECT * FROM targets_in_force(['2025Q3'])", True),
        ("SELECT * FROM units JOIN upload_log ON true", False),  # not covered by the version
        ("SELECT * FROM publications", False),
        ("SELEC nothing", False),  # not understood: never kept
    ],
)
def test_only_statements_reading_versioned_tables_may_be_kept(bureau, sql, kept):
    assert result_memo.reads_only_versioned_tables(sql) is kept


def test_within_recomputed_results_are_neither_recalled_nor_kept(bureau):
    assert name_of_h1(bureau) == "甲医院"
    rename_h1(bureau, "甲医院（新）")
    with result_memo.recomputed():
        assert name_of_h1(bureau) == "甲医院（新）"
        assert name_of_h1(bureau, max_missing=0.1) == "甲医院（新）"
    assert name_of_h1(bureau) == "甲医院"  # the result kept before the block
    rename_h1(bureau, "甲医院（二）")
    assert name_of_h1(bureau, max_missing=0.1) == "甲医院（二）"  # nothing kept in the block


def test_the_ranks_with_their_ranges_reuse_the_rows_of_the_ranks_without(bureau, monkeypatch):
    """The Rankings page asks for the ranks without their ranges (draws=0), then with them:
    the second call computes only the ranges, from the first call's rows, and gives what
    computing both afresh gives."""
    import queries.runner

    statements = []
    real = queries.runner.run_statement

    def counting(cursor, sql, values, post=None):
        statements.append(sql)
        return real(cursor, sql, values, post)

    result_memo.forget()
    monkeypatch.setattr(queries.runner, "run_statement", counting)
    without = run(bureau, "rankings", quarter=Q, peer_group=A, draws=0)
    full = run(bureau, "rankings", quarter=Q, peer_group=A)
    assert len(statements) == 1
    assert full.drop("rank_low", "rank_high").equals(without.drop("rank_low", "rank_high"))
    monkeypatch.setattr(queries.runner, "run_statement", real)
    with result_memo.recomputed():
        assert full.equals(run(bureau, "rankings", quarter=Q, peer_group=A))
    assert full["rank_low"].null_count() < full.height  # the ranges were filled in


def test_statements_are_parsed_once_each_on_one_database(bureau, monkeypatch):
    """The first load seen after start asks which tables every indicator reads: twenty parses
    (the indicators and the macros they call), each on a new database, were 0.2 s of the
    first view after it. Each text is parsed once, on one database kept for parsing."""
    import duckdb

    from etl.indicator_definitions import defined_indicator_files
    from queries.pipeline import read_sql

    opened = []
    real = duckdb.connect

    def counting(*args, **kwargs):
        opened.append(args)
        return real(*args, **kwargs)

    sql_tables.tables_named.cache_clear()
    monkeypatch.setattr(sql_tables, "_parser", None)
    monkeypatch.setattr(duckdb, "connect", counting)
    files = defined_indicator_files()
    first = {code: sql_tables.tables_read(read_sql(path)) for code, path in files.items()}
    again = {code: sql_tables.tables_read(read_sql(path)) for code, path in files.items()}
    assert len(opened) == 1
    assert first == again
    assert first["outpatient_satisfaction"] == {"surveys"}
    assert first["overdue_open_findings"] == {"inspections"}
