"""queries/runner.py: binding and checking parameters, the quarters a query's window reads, the
pipeline's parameters, and running one query, on the tiny bureau (tests/queries/
bureau_fixture.py) whose numbers are worked out by hand in the comments."""

from __future__ import annotations

from dataclasses import replace

import pytest

from queries import lookup
from queries.catalogue import Param, Query, QueryError
from queries.pipeline import EARLIEST, LATEST
from queries.runner import (
    bind,
    check_indicator,
    check_unit,
    derived_params,
    execute_sql_query,
    stage_params,
    window_quarters,
)

ON_FILE = pytest.mark.parametrize("bureau", ["file"], indirect=True)  # not about the store

# the indicator files of queries/indicators/, by name
DEFINED = [
    "inpatient_satisfaction",
    "inspection_score_rate",
    "outpatient_satisfaction",
    "overdue_open_findings",
    "public_benefit_sessions",
    "public_satisfaction",
    "rectification_on_time_rate",
    "unannounced_score_rate",
    "volunteer_hours_per_100_staff",
]
LATE_LOADS = Query(
    "late_loads_like",
    "a query with the parameters of late_loads",
    (
        Param("deadline_days", "int", 15),
        Param("quarter", "quarter"),
        Param("late_only", "bool", False),
    ),
)


@ON_FILE
def test_bind_fills_in_defaults_and_keeps_given_values(bureau):
    cur = bureau.cursor()
    assert bind(cur, LATE_LOADS, {}) == {"deadline_days": 15, "quarter": None, "late_only": False}
    assert bind(cur, LATE_LOADS, {"quarter": "2025Q3", "deadline_days": 20}) == {
        "deadline_days": 20,
        "quarter": "2025Q3",
        "late_only": False,
    }


@ON_FILE
def test_bind_names_an_unknown_parameter_and_the_known_ones(bureau):
    with pytest.raises(QueryError) as refused:
        bind(bureau.cursor(), LATE_LOADS, {"quater": "2025Q3"})
    assert str(refused.value) == (
        "query late_loads_like has no parameter quater "
        "(its parameters: deadline_days, quarter, late_only)"
    )


@ON_FILE
def test_bind_refuses_a_value_of_the_wrong_type_or_spelling(bureau):
    with pytest.raises(QueryError, match="deadline_days must be int"):
        bind(bureau.cursor(), LATE_LOADS, {"deadline_days": "15"})
    with pytest.raises(QueryError, match="write it like 2025Q3"):
        bind(bureau.cursor(), LATE_LOADS, {"quarter": "2025-3"})


@ON_FILE
def test_bind_checks_units_and_indicators_against_the_store(bureau):
    query = Query(
        "q", "", (Param("unit_code", "unit"), Param("indicator_code", "indicator", "index"))
    )
    cur = bureau.cursor()
    assert bind(cur, query, {"unit_code": "H1"}) == {"unit_code": "H1", "indicator_code": "index"}
    with pytest.raises(QueryError, match="there is no unit with this code"):
        bind(cur, query, {"unit_code": "H9"})
    with pytest.raises(QueryError, match="is not allowed"):
        bind(cur, query, {"indicator_code": "made_up"})


@ON_FILE
def test_bind_checks_peer_groups_and_districts_against_the_registry(bureau):
    query = Query(
        "q", "", (Param("peer_group", "peer_group", "全部"), Param("district", "district"))
    )
    cur = bureau.cursor()
    given = {"peer_group": "乡镇卫生院", "district": "城关区"}
    assert bind(cur, query, given) == given
    assert bind(cur, query, {}) == {"peer_group": "全部", "district": None}
    with pytest.raises(QueryError) as refused:
        bind(cur, query, {"peer_group": "三級醫院"})  # Traditional: no unit has it
    assert str(refused.value) == (
        "parameter peer_group='三級醫院': no unit has it; use one of 全部, 三级医院, 乡镇卫生院"
    )
    with pytest.raises(QueryError) as refused:
        bind(cur, query, {"district": "城关"})  # the fixture's three, in code-point order
    assert str(refused.value) == (
        "parameter district='城关': no unit has it; use one of 城关区, 榆中县, 西固区"
    )


@ON_FILE
def test_check_indicator_offers_the_store_s_indicators_that_have_a_definition(bureau):
    # the bureau's three indicators all have a file in queries/indicators/
    with pytest.raises(QueryError) as refused:
        check_indicator(bureau.cursor(), "indicator_code", "made_up", None)
    assert str(refused.value) == (
        "parameter indicator_code='made_up' is not allowed: use one of index, "
        "inspection_score_rate, outpatient_satisfaction, overdue_open_findings"
    )
    # a proportion: the rates only (overdue_open_findings is a count; the index is no rate)
    with pytest.raises(QueryError) as refused:
        check_indicator(bureau.cursor(), "indicator_code", "index", "proportion")
    assert str(refused.value).endswith("use one of inspection_score_rate, outpatient_satisfaction")
    check_indicator(bureau.cursor(), "indicator_code", "outpatient_satisfaction", "proportion")


@ON_FILE
def test_check_unit(bureau):
    check_unit(bureau.cursor(), "unit_code", "T2")
    with pytest.raises(QueryError) as refused:
        check_unit(bureau.cursor(), "unit_code", "t2")
    assert str(refused.value) == "parameter unit_code='t2': there is no unit with this code"


@pytest.mark.parametrize(
    ("window", "values", "quarters"),
    [
        ("current", {"quarter": "2025Q3"}, ("2025Q3", "2025Q3")),
        ("previous", {"quarter": "2025Q1"}, ("2024Q4", "2025Q1")),
        ("since", {"quarter": "2025Q3", "since": "2024Q4"}, ("2024Q4", "2025Q3")),
        ("since", {"quarter": "2025Q3", "since": None}, ("2025Q2", "2025Q3")),
        ("since", {"quarter": "2025Q3", "since": "2026Q1"}, ("2025Q3", "2025Q3")),
        ("history", {"quarter": "2025Q3"}, ("2023Q3", "2025Q3")),  # 8 quarters back
        ("history", {"quarter": "2025Q3", "history": 4}, ("2024Q3", "2025Q3")),
        ("range", {"from_quarter": "2025Q3", "to_quarter": "2024Q2"}, ("2024Q2", "2025Q3")),
        ("all", {"quarter": "2025Q3"}, (EARLIEST, LATEST)),
        ("current", {"quarter": None}, (EARLIEST, LATEST)),
    ],
)
def test_window_quarters(window, values, quarters):
    assert window_quarters(replace(LATE_LOADS, window=window), values) == quarters


@ON_FILE
def test_stage_params_defaults_and_window(bureau):
    query = replace(LATE_LOADS, window="previous")
    assert stage_params(bureau.cursor(), query, {"quarter": "2025Q3", "peer_group": None}) == {
        "peer_group": "全部",
        "normalisation": "attainment",
        "weighting": "table",
        "max_missing": 0.30,
        "indicator_code": "index",
        "first_quarter": "2025Q2",
        "last_quarter": "2025Q3",
    }


@ON_FILE
def test_stage_params_of_a_unit_query_take_the_unit_s_peer_group(bureau):
    query = replace(LATE_LOADS, window="current", extra={"scope": "unit"})
    values = {"quarter": "2025Q3", "unit_code": "T1", "peer_group": "三级医院"}
    assert stage_params(bureau.cursor(), query, values)["peer_group"] == "乡镇卫生院"


def test_derived_params():
    order = ["三级医院", "二级医院", "乡镇卫生院", "社区卫生服务中心", "专业公共卫生机构"]
    assert derived_params({}) == {"defined_codes": DEFINED, "peer_group_order": order}
    assert derived_params({"quarter": "2025Q1"}) == {
        "defined_codes": DEFINED,
        "peer_group_order": order,
        "previous_quarter": "2024Q4",
        "since_quarter": "2024Q4",
    }
    assert derived_params({"quarter": "2025Q1", "since": "2024Q2"})["since_quarter"] == "2024Q2"


@ON_FILE
def test_execute_a_plain_query_binds_its_values(bureau):
    query = Query(
        "count",
        "",
        (),
        sql="SELECT count(*) AS n, $previous_quarter AS p FROM units "
        "WHERE peer_group = $peer_group",
    )
    result = execute_sql_query(
        bureau.cursor(), query, {"peer_group": "三级医院", "quarter": "2025Q1"}
    )
    assert result.rows() == [(3, "2024Q4")]  # H1, H2, H3


@ON_FILE
def test_execute_a_staged_query_reads_the_indicator_pipeline(bureau):
    query = lookup("indicator_values")
    cur = bureau.cursor()
    values = bind(cur, query, {"quarter": "2025Q3", "indicator_code": "inspection_score_rate"})
    result = execute_sql_query(cur, query, values).sort("unit_code")
    # 2025Q3 inspections: H1 9/10 + 10/10, H2 8/10 + 9/10, H3 8/10 + 9/10, T1 9/10 + 9/10
    assert result.select("unit_code", "numerator", "denominator", "n").rows() == [
        ("H1", 19.0, 20.0, 2),
        ("H2", 17.0, 20.0, 2),
        ("H3", 17.0, 20.0, 2),
        ("T1", 18.0, 20.0, 2),
    ]
    assert result["value"].to_list() == pytest.approx([0.95, 0.85, 0.85, 0.90])
