"""The indicator cache (queries/indicator_cache.py): cached results equal the uncached ones, and
every load, withdrawal or direct change of the facts is seen by the very next query."""

from __future__ import annotations

import calendar
import threading
from datetime import date, timedelta

import pytest
from bureau_fixture import A, insert
from demo_templates import demo_copy
from polars.testing import assert_frame_equal

from etl.db import connect
from etl.load import load_file, withdraw
from queries import catalogue, indicator_cache, run

Q = "2025Q3"
REQUIRED = {
    "quarter": Q,
    "from_quarter": "2025Q2",
    "to_quarter": Q,
    "unit_code": "H2",
    "indicator_code": "outpatient_satisfaction",
}


def cached_and_uncached(con, name, **params):
    run(con, name, **params)  # builds the cache if it is stale
    cached = run(con, name, **params)
    with indicator_cache.bypassed():
        uncached = run(con, name, **params)
    return cached, uncached


def cache_key(con):
    return con.execute("SELECT key FROM civcache.cache_state").fetchone()[0]


@pytest.mark.parametrize("query", catalogue(), ids=lambda q: q.name)
def test_every_query_gives_the_same_result_cached_and_uncached(file_bureau_to_read, query):
    """On the DuckDB file only (not about the store), one connection for every query: each
    only reads the bureau."""
    params = {p.name: REQUIRED[p.name] for p in query.params if p.required}
    if query.name in ("rankings", "top_bottom"):
        params["draws"] = 60
    cached, uncached = cached_and_uncached(file_bureau_to_read, query.name, **params)
    assert_frame_equal(cached, uncached)


def test_the_cache_is_built_once_and_then_read(bureau):
    run(bureau, "civility_index", quarter=Q)
    # The tiny bureau: 5 units; 2025Q2 and Q3 values (see bureau_fixture.py).
    cached_units = bureau.execute(
        "SELECT count(DISTINCT unit_code) FROM civcache.cache_indicator_values"
    )
    assert cached_units.fetchone()[0] == 5
    key = cache_key(bureau)
    run(bureau, "rankings", quarter=Q, draws=0)
    assert cache_key(bureau) == key


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """24 demo units over six quarters, loaded through the real loader."""
    path = tmp_path_factory.mktemp("cache") / "demo.duckdb"
    demo_copy(tmp_path_factory, path, units=24, quarters=6, seed=3, today=date(2026, 10, 15))
    con = connect(path)
    yield con
    con.close()


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("rankings", {"quarter": "2026Q3", "draws": 100}),
        ("rankings", {"quarter": "2026Q2", "peer_group": "乡镇卫生院", "draws": 100}),
        ("rankings", {"quarter": "2026Q3", "normalisation": "zscore", "draws": 100}),
        ("rankings", {"quarter": "2026Q3", "indicator_code": "overdue_open_findings"}),
        ("rank_sensitivity", {"quarter": "2026Q3"}),
        ("indicator_values", {"quarter": "2025Q4"}),
        ("bureau_trend", {}),
        ("rank_history", {"unit_code": "first unit"}),
        ("unit_profile", {"unit_code": "first unit", "normalisation": "minmax"}),
        ("movers", {"quarter": "2026Q3", "since": "2025Q3"}),
        ("outliers", {"quarter": "2026Q3"}),
        ("attainment_rates", {"quarter": "2026Q1"}),
    ],
)
def test_demo_bureau_gives_the_same_results_cached_and_uncached(demo, name, params):
    if params.get("unit_code") == "first unit":
        first = demo.execute("SELECT min(unit_code) FROM units").fetchone()[0]
        params = {**params, "unit_code": first}
    cached, uncached = cached_and_uncached(demo, name, **params)
    assert cached.height > 0
    assert_frame_equal(cached, uncached)


def test_overdue_open_findings_match_a_count_finding_by_finding(demo):
    # Independent count: for each unit inspected in a quarter, the findings with a deadline
    # before the quarter's last day, found on or before it and not closed by it.
    findings = demo.execute(
        "SELECT unit_code, inspection_date, rectify_by, rectified_on FROM inspections "
        "WHERE finding IS NOT NULL"
    ).fetchall()
    inspected = demo.execute("SELECT DISTINCT unit_code, quarter FROM inspections").fetchall()
    expected = {}
    for unit, quarter in inspected:
        year, month = int(quarter[:4]), 3 * int(quarter[-1])
        end = date(year, month, calendar.monthrange(year, month)[1])
        expected[(unit, quarter)] = sum(
            1
            for u, found, due, closed in findings
            if u == unit and due < end and found <= end and (closed is None or closed > end)
        )
    got = {}
    for quarter in sorted({q for _, q in inspected}):
        frame = run(demo, "indicator_values", quarter=quarter)
        frame = frame.filter(frame["indicator_code"] == "overdue_open_findings")
        for unit, value in zip(frame["unit_code"], frame["value"], strict=True):
            got[(unit, quarter)] = value
    assert got == expected
    assert sum(expected.values()) > 0  # the demo has overdue findings to count


SURVEY_CSV = "单位编码,季度,调查类型,样本量,满意人数,满意度得分\nH2,2025Q3,门诊,100,99,\n"


def test_a_load_and_its_withdrawal_change_the_ranking_at_once(bureau):
    """And a survey load after the cache was built, recomputed in part, gives what the facts
    give (as an inspection load does: test_an_inspection_load_recomputed_in_part_…)."""
    before = run(bureau, "rankings", quarter=Q, peer_group=A, draws=0)  # the cache built
    # H2 = H3 = 81.40 share rank 2 (test_scoring.py).
    assert dict(zip(before["unit_code"], before["rank"], strict=True)) == {
        "H1": 1,
        "H2": 2,
        "H3": 2,
    }
    result = load_file(bureau, SURVEY_CSV.encode(), "h2_q3_survey.csv", kind="surveys", by="test")
    assert result.outcome == "loaded", result.summary()
    recomputed_in_part_gives_what_the_facts_give(bureau)
    after = run(bureau, "rankings", quarter=Q, peer_group=A, draws=0)
    # H2 now meets the outpatient target (0.99 ≥ 0.90): 0.5 × 89.473684 + 0.3 × 100 + 0.2 × 50
    # = 84.736842 -> 84.74, alone in 2nd place; H3 third.
    assert dict(zip(after["unit_code"], after["value"], strict=True))["H2"] == 84.74
    assert dict(zip(after["unit_code"], after["rank"], strict=True)) == {"H1": 1, "H2": 2, "H3": 3}
    load_id = bureau.execute("SELECT max(load_id) FROM upload_log").fetchone()[0]
    withdraw(bureau, load_id, by="test")
    assert_frame_equal(run(bureau, "rankings", quarter=Q, peer_group=A, draws=0), before)


def test_rows_inserted_outside_the_loader_are_seen(bureau):
    run(bureau, "indicator_values", quarter=Q)
    # A newer, more specific target of 0 for 三级医院: H2 (2 overdue) scores 100 / (1 + 2).
    insert(
        bureau,
        "targets",
        [("overdue_open_findings", A, Q, 0.0)],
        "indicator_code, peer_group, from_quarter, target",
    )
    frame = run(bureau, "indicator_values", quarter=Q, indicator_code="overdue_open_findings")
    attainment = dict(zip(frame["unit_code"], frame["attainment"], strict=True))
    assert attainment["H2"] == pytest.approx(100 / 3)


def test_a_failed_build_keeps_the_old_cache_and_answers_from_the_facts(bureau, monkeypatch):
    run(bureau, "civility_index", quarter=Q)
    key = cache_key(bureau)
    rows = bureau.execute("SELECT count(*) FROM civcache.cache_indicator_values").fetchone()[0]
    insert(
        bureau,
        "surveys",
        [("T1", Q, "门诊", 40, 20, None)],
        "unit_code, quarter, survey_type, respondents, satisfied, score",
    )

    real = indicator_cache.cache_build_statements

    def failing(cursor, *args):
        return [*real(cursor, *args), ("SELECT error('build failed half way')", {})]

    monkeypatch.setattr(indicator_cache, "cache_build_statements", failing)
    result = run(bureau, "civility_index", quarter=Q)
    with indicator_cache.bypassed():
        assert_frame_equal(result, run(bureau, "civility_index", quarter=Q))
    # T1 now has a survey: 20/40 = 0.5 -> attainment 100 × 0.5 / 0.9 = 55.555556 counted.
    assert dict(zip(result["unit_code"], result["indicators_scored"], strict=True))["T1"] == 3
    assert cache_key(bureau) == key  # the failed build changed nothing
    cached_rows = bureau.execute("SELECT count(*) FROM civcache.cache_indicator_values")
    assert cached_rows.fetchone()[0] == rows
    monkeypatch.undo()
    assert_frame_equal(run(bureau, "civility_index", quarter=Q), result)
    assert cache_key(bureau) != key


def test_threads_asking_at_once_all_get_the_current_result(bureau):
    with indicator_cache.bypassed():
        expected = run(bureau, "rankings", quarter=Q, draws=0)
    results, errors = [], []

    def ask():
        try:
            results.append(run(bureau, "rankings", quarter=Q, draws=0))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 4
    for result in results:
        assert_frame_equal(result, expected)


INSPECTION_COLUMNS = (
    "unit_code, quarter, inspection_date, inspection_type, item, score, max_score, finding, "
    "rectify_by, rectified_on"
)


def with_running_quarter_findings(con) -> str:
    """Three findings of H1 in the quarter running today, found on its first day: one due
    yesterday and open, one due tomorrow and open, one due yesterday and closed today. Read as at
    today, one is overdue; read at the quarter's end, the one due tomorrow would count too (on
    every day but a quarter's last). Returns the running quarter."""
    today = date.today()
    first_day = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    running = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
    insert(
        con,
        "inspections",
        [
            ("H1", running, first_day, "暗访", "服务态度", 8, 10, "态度生硬", yesterday, None),
            ("H1", running, first_day, "暗访", "收费公示", 8, 10, "公示不全", tomorrow, None),
            ("H1", running, first_day, "巡查", "环境卫生", 8, 10, "地面湿滑", yesterday, today),
        ],
        INSPECTION_COLUMNS,
    )
    return running


def overdue_of(con, quarter: str, unit: str) -> float:
    frame = run(con, "indicator_values", quarter=quarter, indicator_code="overdue_open_findings")
    return dict(zip(frame["unit_code"], frame["value"], strict=True))[unit]


def test_the_running_quarters_overdue_findings_are_counted_as_at_today_and_a_new_day_recomputes(
    bureau,
):
    """The running quarter's overdue findings are counted as at today, cached or not; and a
    new day recomputes from the quarter the cache was built in (the findings inserted once
    serve both)."""
    running = with_running_quarter_findings(bureau)
    assert overdue_of(bureau, running, "H1") == 1
    with indicator_cache.bypassed():
        assert overdue_of(bureau, running, "H1") == 1
    # an ended quarter is still read at its end: H2's two 2025Q3 findings were open on 30 Sep
    assert overdue_of(bureau, Q, "H2") == 2
    # Make the cache look built yesterday, with wrong values in the running quarter and in an
    # ended one: the next reader must recompute the running quarter, and only from there on.
    key = cache_key(bureau)
    head, day, source = key.rsplit("|", 2)
    yesterday = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    bureau.execute("UPDATE civcache.cache_state SET key = ?", [f"{head}|{yesterday}|{source}"])
    bureau.execute(
        "UPDATE civcache.cache_indicator_values SET value = 99 "
        "WHERE indicator_code = 'overdue_open_findings' AND quarter IN (?, ?)",
        [running, Q],
    )
    assert overdue_of(bureau, running, "H1") == 1
    assert overdue_of(bureau, Q, "H2") == 99  # 2025Q3 was not recomputed
    assert cache_key(bureau) == key


SURVEY_CODES = {"outpatient_satisfaction", "inpatient_satisfaction", "public_satisfaction"}


def test_a_surveys_load_recomputes_only_the_survey_indicators_of_its_quarters(bureau):
    """After a load only what it touched is recomputed: its quarters (and later ones), and of
    them only the indicators that read its kind of facts. Every cached value is marked first;
    those recomputed lose the mark."""
    run(bureau, "indicator_values", quarter=Q)  # the cache built
    mark = -12345.0
    bureau.execute("UPDATE civcache.cache_indicator_values SET value = ?", [mark])
    result = load_file(bureau, SURVEY_CSV.encode(), "h2_q3_survey.csv", kind="surveys", by="test")
    assert result.outcome == "loaded", result.summary()
    indicator_cache.build(bureau)
    rebuilt = bureau.execute(
        "SELECT DISTINCT indicator_code, quarter FROM civcache.cache_indicator_values "
        "WHERE value <> ?",
        [mark],
    ).fetchall()
    survey_codes_in_q = {
        code
        for (code,) in bureau.execute(
            "SELECT DISTINCT indicator_code FROM civcache.cache_indicator_values "
            "WHERE quarter = ? AND list_contains(?, indicator_code)",
            [Q, sorted(SURVEY_CODES)],
        ).fetchall()
    }
    assert survey_codes_in_q
    assert set(rebuilt) == {(code, Q) for code in survey_codes_in_q}
    others = bureau.execute(
        "SELECT count(*) FROM civcache.cache_indicator_values WHERE value = ?", [mark]
    ).fetchone()[0]
    assert others > 0  # the other indicators and the quarter before kept their (marked) rows


def recomputed_in_part_gives_what_the_facts_give(con) -> None:
    """After a load into a store whose cache was built: the cached results, recomputed in part
    for the load, equal the uncached ones."""
    for query, params in (("indicator_values", {}), ("rankings", {"draws": 0})):
        cached, uncached = cached_and_uncached(con, query, quarter=Q, **params)
        assert_frame_equal(cached, uncached)


def test_an_inspection_load_recomputed_in_part_gives_what_the_facts_give(bureau):
    """(A survey load's: test_a_load_and_its_withdrawal_change_the_ranking_at_once.)"""
    run(bureau, "rankings", quarter=Q, draws=0)  # the cache built before the load
    data = (
        "unit_code,inspection_date,inspection_type,item,score,max_score\n"
        "H2,2025-08-01,暗访,服务态度,3,10\n"
    )
    result = load_file(bureau, data.encode(), "h2_q3_inspection.csv", kind="inspections", by="test")
    assert result.outcome == "loaded", result.summary()
    recomputed_in_part_gives_what_the_facts_give(bureau)
