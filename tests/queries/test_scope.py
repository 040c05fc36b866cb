"""Scopes and list parameters in the query runner (queries/scope.py), on the tiny bureau.

The bureau's registry (bureau_fixture.py): 城关区 has H1 and H2 (三级医院), 西固区 H3 (三级医院),
榆中县 T1 and T2 (乡镇卫生院). A 城关区 scope may therefore see H1 and H2 only, in 三级医院.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from etl.load import load_file, withdraw
from queries import OutOfScope, QueryError, Scope, catalogue, run

CHENGGUAN = Scope(districts=("城关区",))
TODAY = date(2026, 1, 15)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "etl"
H3_ONLY = Scope(unit="H3")
REQUIRED = {
    "quarter": "2025Q3",
    "from_quarter": "2025Q2",
    "to_quarter": "2025Q3",
    "unit_code": "H2",
    "indicator_code": "outpatient_satisfaction",
}


def required_params(query) -> dict:
    params = {p.name: REQUIRED[p.name] for p in query.params if p.required}
    if query.param("draws"):
        params["draws"] = 50
    return params


@pytest.mark.parametrize("query", catalogue(), ids=lambda q: q.name)
def test_no_query_names_a_unit_outside_a_district_scope(bureau, query):
    params = required_params(query)
    everything = run(bureau, query.name, **params)
    scoped = run(bureau, query.name, CHENGGUAN, **params)
    if "unit_code" in everything.columns:
        assert set(scoped["unit_code"].drop_nulls()) <= {"H1", "H2"}
    if query.name == "movers":  # the scope's own biggest moves: test_movers_of_a_scope…
        return
    if "unit_code" in everything.columns:
        # the same rows, bureau-wide figures untouched (ranks stay ranks among all peers)
        expected = everything.filter(pl.col("unit_code").is_in(["H1", "H2"]))
        assert scoped.equals(expected), query.name
    elif "district" in everything.columns:
        assert set(scoped["district"]) <= {"城关区"}
        assert scoped.equals(everything.filter(pl.col("district") == "城关区"))
    elif "peer_group" in everything.columns:
        assert set(scoped["peer_group"]) <= {"三级医院", "全部"}
    elif {"load_id", "file_name", "kind"} <= set(everything.columns):
        # a list of loads: those that brought rows of the scope's units. The fixture inserts
        # every registry and fact row as load 1 (bureau_fixture.insert), units.csv in its log:
        # loads 2, 3 and 5 brought no row of H1 or H2 (test_a_scoped_reader_sees_the_loads…)
        assert scoped.equals(everything.filter(pl.col("load_id") == 1)), query.name
    elif "$scope_units" in query.sql and query.param("district"):  # the reader's totals
        assert scoped.equals(run(bureau, query.name, district="城关区", **params)), query.name
    elif "$scope_units" in query.sql:  # quarters: the same rows, its own units counted
        assert scoped["quarter"].equals(everything["quarter"]), query.name
    else:
        assert scoped.equals(everything), f"{query.name} names no unit: bureau-wide, unchanged"
    for column in ("unit_name",):
        if column in scoped.columns:
            assert set(scoped[column].drop_nulls()) <= {"甲医院", "乙医院"}


def test_a_unit_account_sees_its_own_rank_among_all_its_peers(bureau):
    everything = run(bureau, "rankings", quarter="2025Q3", peer_group="三级医院", draws=0)
    own = run(bureau, "rankings", H3_ONLY, quarter="2025Q3", peer_group="三级医院", draws=0)
    assert own["unit_code"].to_list() == ["H3"]
    row = everything.filter(pl.col("unit_code") == "H3")
    assert own["rank"].to_list() == row["rank"].to_list()
    assert own["units_ranked"].to_list() == [3]  # H1, H2, H3 are ranked in 三级医院
    assert run(bureau, "units", H3_ONLY)["unit_name"].to_list() == ["丙医院"]
    assert run(bureau, "districts", H3_ONLY)["district"].to_list() == ["西固区"]


def test_top_bottom_of_a_scope_are_its_units_on_the_groups_lists(bureau):
    # Q3 overall (test_scoring.py): H1 100 rank 1, T1 98.45 rank 2, H2 = H3 = 81.40 rank 3,
    # T2 not ranked. The group's lists for n = 1: top H1; bottom H2 and H3 (tied at the edge).
    def ends(scope):
        found = run(bureau, "top_bottom", scope, quarter="2025Q3", n=1, draws=0)
        return found.select("unit_code", "end").rows()

    # 城关区 and 榆中县 rank three (H1, T1, H2), more than the two lists of one hold
    assert ends(Scope(districts=("城关区", "榆中县"))) == [("H1", "top"), ("H2", "bottom")]
    # H3, tied with H2 at the edge, comes with 西固区
    both = ends(Scope(districts=("城关区", "西固区")))
    assert both == [("H1", "top"), ("H2", "bottom"), ("H3", "bottom")]
    # two ranked units or fewer (2n) are listed whole, in order: T1, second of four, on
    # neither list, is listed for 榆中县 (T2 is not ranked)
    assert ends(CHENGGUAN) == [("H1", "whole"), ("H2", "whole")]
    assert ends(Scope(districts=("榆中县",))) == [("T1", "whole")]


def test_movers_of_a_scope_are_its_own_biggest_moves(bureau):
    # Q2 -> Q3 (test_scoring.py): H1 +7.89, H2 -18.60, T1 -1.55 (H3, T2 not ranked in both).
    # Bureau-wide, the first declined is H2; for 榆中县 (T1, T2) it is T1, the district's own.
    assert run(bureau, "movers", quarter="2025Q3", n=1)["unit_code"].to_list() == ["H1", "H2"]
    yuzhong = run(bureau, "movers", Scope(districts=("榆中县",)), quarter="2025Q3", n=1)
    assert yuzhong.select("unit_code", "movement", "rank_change").rows() == [
        ("T1", "declined", -1)  # overall rank 1 -> 2, among all peers
    ]
    assert run(bureau, "movers", CHENGGUAN, quarter="2025Q3", n=1)["unit_code"].to_list() == [
        "H1",
        "H2",
    ]


def test_movers_of_chosen_districts_are_their_own_biggest_moves(bureau):
    # A pack's --district 榆中县 (the list parameter districts) is the district's pack as its
    # own account sees it: its biggest decline is T1 (-1.55; bureau-wide the first is H2 of
    # 城关区, which is not 榆中县's), not nothing.
    chosen = run(bureau, "movers", quarter="2025Q3", n=1, districts=["榆中县"])
    assert chosen.select("unit_code", "movement", "rank_change").rows() == [("T1", "declined", -1)]
    both = run(bureau, "movers", quarter="2025Q3", n=1, peer_groups=["乡镇卫生院"])
    assert both["unit_code"].to_list() == ["T1"]


def test_naming_a_unit_district_or_group_outside_the_scope_is_refused(bureau):
    with pytest.raises(OutOfScope, match="unit T1 is outside the scope"):
        run(bureau, "unit_profile", CHENGGUAN, unit_code="T1")
    with pytest.raises(OutOfScope, match="district 榆中县"):
        run(bureau, "units", CHENGGUAN, district="榆中县")
    with pytest.raises(OutOfScope, match="peer group 乡镇卫生院"):
        run(bureau, "rankings", CHENGGUAN, quarter="2025Q3", peer_group="乡镇卫生院")
    assert issubclass(OutOfScope, QueryError)  # the command line's exit 2, a page's refusal
    # inside the scope the same calls answer
    assert not run(bureau, "unit_profile", CHENGGUAN, unit_code="H1").is_empty()


def test_a_scoped_reader_learns_no_other_districts_names_or_codes_from_a_refusal(bureau):
    """A unit code or district the bureau does not have was told apart from one outside the
    scope ("no unit with this code" beside "outside the scope"), and a district typo listed
    every district of the bureau: a scoped reader could probe the registry."""
    refusals = []
    for unit_code in ("T1", "NOPE"):  # T1 is 榆中县's; NOPE no unit's
        with pytest.raises(OutOfScope) as refused:
            run(bureau, "unit_profile", CHENGGUAN, unit_code=unit_code)
        refusals.append(refused.value.text.en.replace(unit_code, "…"))
    assert refusals[0] == refusals[1]
    with pytest.raises(OutOfScope) as refused:
        run(bureau, "units", CHENGGUAN, district="不存在区")
    assert "榆中县" not in refused.value.text.en and "西固区" not in refused.value.text.en
    # a list naming a district no unit has offers the reader's own districts only
    with pytest.raises(QueryError) as typo:
        run(bureau, "units", CHENGGUAN, districts=["城关"])
    said = typo.value.text.en
    assert "城关区" in said and "榆中县" not in said and "西固区" not in said
    # the whole bureau's reader is told the districts there are, as before
    with pytest.raises(QueryError) as typo:
        run(bureau, "units", districts=["城关"])
    assert "榆中县" in typo.value.text.en


def test_a_scoped_readers_list_naming_another_district_or_its_unit_is_refused_as_a_typo_is(
    bureau,
):
    """A list kept what scope and list both allow: 榆中县 or T1 in a 城关区 reader's list gave
    an empty result where a name no unit has was refused, so the reader could tell which
    districts and codes the bureau has. Both are now refused in the same words."""
    said = {}
    for name, values in (
        ("districts", ["城关区", "榆中县"]),
        ("districts", ["城关区", "不存在区"]),
        ("units", ["H1", "T1"]),
        ("units", ["H1", "NOPE"]),
    ):
        with pytest.raises(OutOfScope) as refused:
            run(bureau, "rankings", CHENGGUAN, quarter="2025Q3", draws=0, **{name: values})
        said[values[1]] = refused.value.text.en.replace(values[1], "…")
    assert (
        said["榆中县"] == said["不存在区"] == "district … is outside the scope (districts: 城关区)"
    )
    assert said["T1"] == said["NOPE"] == "unit … is outside the scope (districts: 城关区)"
    # a unit's own account, likewise
    with pytest.raises(OutOfScope, match="unit H1 is outside the scope"):
        run(bureau, "units", H3_ONLY, units=["H1"])


def test_list_parameters_select_rows_in_sql(bureau):
    ranks = run(bureau, "rankings", quarter="2025Q3", draws=0)
    chosen = run(bureau, "rankings", quarter="2025Q3", draws=0, districts=["西固区", "榆中县"])
    assert sorted(chosen["unit_code"]) == ["H3", "T1", "T2"]
    assert chosen.equals(ranks.filter(pl.col("unit_code").is_in(["H3", "T1", "T2"])))
    groups = run(bureau, "units", peer_groups=["乡镇卫生院"])
    assert groups["unit_code"].to_list() == ["T1", "T2"]
    one = run(bureau, "findings", quarter="2025Q3", units=["H2"])
    assert set(one["unit_code"]) <= {"H2"}
    # a selection and a scope together: what both allow, where the list is the scope's own
    both = run(bureau, "units", CHENGGUAN, units=["H2"], peer_groups=["三级医院", "乡镇卫生院"])
    assert both["unit_code"].to_list() == ["H2"]


def test_bad_list_parameters_are_named(bureau):
    with pytest.raises(QueryError, match="districts must be a list"):
        run(bureau, "units", districts="城关区")
    with pytest.raises(QueryError, match="lists no units"):
        run(bureau, "bureau_trend", units=["H1"])
    with pytest.raises(QueryError, match="must be a queries.scope.Scope"):
        run(bureau, "units", "城关区")
    # a name no unit has is a typo, not a selection of nothing
    with pytest.raises(QueryError, match="districts='西固': no unit has it"):
        run(bureau, "rankings", quarter="2025Q3", draws=0, districts=["城关区", "西固"])
    with pytest.raises(QueryError, match="peer_groups='三级'"):
        run(bureau, "units", peer_groups=["三级"])
    with pytest.raises(QueryError, match="units='U9': there is no unit with this code"):
        run(bureau, "units", units=["H1", "U9"])


def test_a_scope_is_districts_or_a_unit():
    with pytest.raises(ValueError):
        Scope(districts=("城关区",), unit="H1")
    with pytest.raises(ValueError):
        Scope(districts=())


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the scope's rules, not the store
def test_a_scoped_reader_sees_the_loads_of_its_own_units_and_the_indicator_system(registry):
    # tests/fixtures/etl/units.csv: H001 and C001 in 城关区, H002 in 七里河区, T001 in 永登县
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    for name, rows in (
        ("城关.csv", "H001,2025Q3,门诊,40,36\n"),
        ("七里河.csv", "H002,2025Q3,门诊,40,30\n"),
    ):
        assert load_file(registry, (header + rows).encode(), name, today=TODAY).ok
    system = (FIXTURES / "indicators.csv").read_bytes()
    assert load_file(registry, system, "体系.csv", today=TODAY).ok
    everything = run(registry, "loads")
    assert set(everything["file_name"]) == {"units.csv", "城关.csv", "七里河.csv", "体系.csv"}
    scoped = run(registry, "loads", CHENGGUAN)
    # the registry brought 城关区's units; the indicator system is everyone's
    assert set(scoped["file_name"]) == {"units.csv", "城关.csv", "体系.csv"}
    late = run(registry, "late_loads", CHENGGUAN, deadline_days=0)
    assert set(late["file_name"]) == {"城关.csv"}  # fact files only, 2025Q3 loaded late
    # the same loads for a reader of everything who chose the district (a district pack)
    chosen = run(registry, "loads", districts=["城关区"])
    assert set(chosen["file_name"]) == {"units.csv", "城关.csv", "体系.csv"}
    late = run(registry, "late_loads", districts=["七里河区"], deadline_days=0)
    assert set(late["file_name"]) == {"七里河.csv"}


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the scope's rules, not the store
def test_a_late_file_of_several_districts_names_only_the_readers(registry):
    """A trial: 兰州市's circular listed a province-wide late file as late for 兰州市、金昌市、…
    (its 区县 column named every district the file brought rows of). A reader sees the
    districts of its scope, a chosen list those chosen. tests/fixtures/etl/units.csv: H001
    城关区, H002 七里河区, T001 永登县; in text order 七里河区、城关区、永登县."""
    rows = "H001,2025Q3,门诊,40,36\nH002,2025Q3,门诊,40,30\nT001,2025Q3,门诊,40,33\n"
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    assert load_file(registry, (header + rows).encode(), "全市.csv", today=TODAY).ok

    def named(**asked) -> list[str | None]:
        return run(registry, "late_loads", deadline_days=0, **asked)["districts"].to_list()

    assert named() == ["七里河区、城关区、永登县"]
    assert named(scope=CHENGGUAN) == ["城关区"]
    assert named(districts=["永登县", "七里河区"]) == ["七里河区、永登县"]
    assert named(scope=CHENGGUAN, districts=["城关区"]) == ["城关区"]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the scope's rules, not the store
def test_a_scoped_reader_still_sees_its_withdrawn_loads(registry):
    """A withdrawn load's rows are gone; the log keeps which units they were, so 城关区's reader
    still finds its withdrawn file (outcome withdrawn), and 七里河区's does not."""
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    loaded = load_file(registry, (header + "H001,2025Q3,门诊,40,36\n").encode(), "城关.csv")
    assert loaded.ok
    withdraw(registry, loaded.load_id)
    scoped = run(registry, "loads", CHENGGUAN).filter(file_name="城关.csv")
    assert scoped.select("load_id", "outcome").rows() == [(loaded.load_id, "withdrawn")]
    other = run(registry, "loads", Scope(districts=("七里河区",)))
    assert "城关.csv" not in other["file_name"].to_list()


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the scope's rules, not the store
def test_peer_groups_chosen_by_district_are_those_with_a_unit_there(registry):
    # tests/fixtures/etl/units.csv: 城关区 has H001 (三级医院) and C001 (社区卫生服务中心)
    groups = run(registry, "peer_groups", districts=["城关区"])["peer_group"].to_list()
    assert groups == ["三级医院", "社区卫生服务中心"]
    with pytest.raises(QueryError, match="parameter districts does not apply"):
        run(registry, "indicators", districts=["城关区"])


@pytest.mark.parametrize("name", ["ledger_totals", "finding_counts", "reporting_summary"])
def test_totals_of_a_scoped_reader_add_up_its_own_units_only(bureau, name):
    """Totals name no unit, so the runner cannot filter their rows: the query counts the
    reader's units itself. A 城关区 reader's totals are 城关区's (H1 and H2), a unit's its own."""
    scoped = run(bureau, name, CHENGGUAN, quarter="2025Q3")
    assert scoped.equals(run(bureau, name, quarter="2025Q3", district="城关区"))
    if name == "ledger_totals":
        assert scoped["units"].to_list() == [2]
        assert run(bureau, name, H3_ONLY, quarter="2025Q3")["units"].to_list() == [1]
    if name == "reporting_summary":
        assert set(scoped["units_expected"]) == {2}


def test_a_districts_ledger_totals_add_up_the_readers_units_only(bureau):
    """As at 2025-09-30 (bureau_fixture.py): H1's two findings were closed (one on time), H2's
    two are open and overdue (one closed only on 10 October). 城关区 holds both; H2's account
    sees its own two, not its district's closed ones."""
    columns = ("district", "units", "open_findings", "overdue_open", "closed", "closed_on_time")
    by_district = run(bureau, "ledger_by_district", CHENGGUAN, quarter="2025Q3")
    assert by_district.select(columns).rows() == [("城关区", 2, 2, 2, 2, 1)]
    own = run(bureau, "ledger_by_district", Scope(unit="H2"), quarter="2025Q3")
    assert own.select(columns).rows() == [("城关区", 1, 2, 2, 0, 0)]


def test_a_unit_moved_to_another_district_is_that_districts_in_every_list(bureau):
    """H3 moved from 西固区 to 城关区 from 2025Q4 (a dated registry row). A 城关区 director's
    scope holds it (its latest row), so 2025Q3's lists chosen for 城关区 hold it too, whether a
    list names each row's district of the quarter (rankings: 西固区 then) or only the unit
    (findings): one rule, the scope's, not one per column."""
    moved = (
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度\nH3,丙医院,城关区,三级医院,900,2025Q4\n"
    )
    assert load_file(bureau, moved.encode(), "moved.csv", today=TODAY).ok
    for name, params in (
        ("rankings", {"draws": 0}),
        ("findings", {}),
        ("indicator_values", {}),
    ):
        chosen = run(bureau, name, quarter="2025Q3", districts=["城关区"], **params)
        scoped = run(bureau, name, CHENGGUAN, quarter="2025Q3", **params)
        assert set(chosen["unit_code"]) == set(scoped["unit_code"]) == {"H1", "H2", "H3"}, name
    ranks = run(bureau, "rankings", quarter="2025Q3", draws=0, districts=["城关区"])
    # the row still says where H3 was in the quarter ranked
    assert dict(zip(ranks["unit_code"], ranks["district"], strict=True))["H3"] == "西固区"
    # and 西固区's own lists of 2025Q3 no longer hold it: nobody's but 城关区's
    west = run(bureau, "rankings", quarter="2025Q3", draws=0, districts=["西固区"])
    assert "H3" not in set(west["unit_code"])


def test_a_district_reader_keeps_its_moved_units_past_ledger_under_its_district(bureau):
    """H3 moved from 西固区 to 城关区 from 2025Q4: a 城关区 reader's ledger of 2025Q3 lists H3
    (its unit), and its ledger totals count it; the ledger by district counts it in 城关区's
    row too, as the district parameter and the scope choose a district's units (its latest
    registry row), so the two tables of one page agree (a row named 西固区, a district outside
    the scope, had dropped H3's units and findings from the reader's table)."""
    moved = (
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度\nH3,丙医院,城关区,三级医院,900,2025Q4\n"
    )
    assert load_file(bureau, moved.encode(), "moved.csv", today=TODAY).ok
    by_district = run(bureau, "ledger_by_district", CHENGGUAN, quarter="2025Q3")
    # bureau_fixture.py, 2025Q3 at quarter end: H3's two findings (公示不全 due 2025-08-09,
    # 有人吸烟 due 2025-08-10) are open and overdue; 城关区's units: H1, H2 and H3
    [row] = by_district.iter_rows(named=True)
    assert (row["district"], row["units"]) == ("城关区", 3)
    totals = run(bureau, "ledger_totals", CHENGGUAN, quarter="2025Q3").row(0, named=True)
    assert totals["units"] == 3
    for column in ("open_findings", "overdue_open", "closed", "closed_on_time"):
        assert row[column] == totals[column], column
    assert row["open_findings"] >= 2 and row["overdue_open"] >= 2  # H3's two among them
    # the 西固区 reader, whose district H3 has left, sees no row of it
    west_reader = run(bureau, "ledger_by_district", Scope(districts=("西固区",)), quarter="2025Q3")
    assert west_reader.is_empty()


def test_the_units_reporting_of_a_scoped_reader_are_its_own(bureau):
    """``quarters`` counts the units reporting each quarter: a total adding units up, so a
    scoped reader counts its own (bureau_fixture.py: 2025Q2 H1, H2, T1 report; 2025Q3 all five),
    not the bureau's, while the quarters listed stay those with any data (the selector's)."""
    counted = ("quarter", "units_reporting")
    assert run(bureau, "quarters").select(counted).rows() == [("2025Q3", 5), ("2025Q2", 3)]
    assert run(bureau, "quarters", CHENGGUAN).select(counted).rows() == [
        ("2025Q3", 2),
        ("2025Q2", 2),
    ]
    assert run(bureau, "quarters", H3_ONLY).select(counted).rows() == [("2025Q3", 1), ("2025Q2", 0)]


def test_the_unit_counts_of_a_scoped_readers_groups_and_districts_are_its_own(bureau):
    """``peer_groups`` and ``districts`` count units: a unit's account counts itself, not its
    group's or district's others (bureau_fixture.py: 三级医院 H1, H2, H3; 乡镇卫生院 T1, T2;
    城关区 H1, H2; 西固区 H3; 榆中县 T1, T2)."""
    counted = ("peer_group", "unit_count")
    assert run(bureau, "peer_groups").select(counted).rows() == [("三级医院", 3), ("乡镇卫生院", 2)]
    assert run(bureau, "peer_groups", CHENGGUAN).select(counted).rows() == [("三级医院", 2)]
    assert run(bureau, "peer_groups", H3_ONLY).select(counted).rows() == [("三级医院", 1)]
    assert run(bureau, "districts").rows() == [("城关区", 2), ("榆中县", 2), ("西固区", 1)]
    assert run(bureau, "districts", CHENGGUAN).rows() == [("城关区", 2)]
    assert run(bureau, "districts", Scope(unit="H1")).rows() == [("城关区", 1)]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the scope's rules, not the store
def test_a_parent_in_another_district_is_said_to_lie_outside_not_named(registry):
    """Station S001 in 七里河区 (its group the centres', the contract has no stations' group)
    belongs to C001, 城关区's centre. 七里河区's reader sees S001
    with no parent code and parent_outside true, in the list and in its history; the unit's
    own account the same; the bureau reads C001. A parent in the scope stays (H001-W1's
    H001 for 城关区)."""
    registry_rows = (FIXTURES / "units.csv").read_text(encoding="utf-8")
    station = "S001,七里河区东岗社区卫生服务站,七里河区,社区卫生服务中心,8,C001\n"
    assert load_file(registry, (registry_rows + station).encode(), "名录.csv", today=TODAY).ok
    parents = ["unit_code", "parent_code", "parent_outside"]
    everything = run(registry, "units").filter(unit_code="S001").select(parents)
    assert everything.rows() == [("S001", "C001", False)]
    for scope in (Scope(districts=("七里河区",)), Scope(unit="S001")):
        listed = run(registry, "units", scope).filter(unit_code="S001").select(parents)
        assert listed.rows() == [("S001", None, True)]
        history = run(registry, "unit_history", scope, unit_code="S001")
        assert history.select("parent_code", "parent_outside").rows() == [(None, True)]
    own = run(registry, "units", CHENGGUAN).filter(unit_code="H001-W1").select(parents)
    assert own.rows() == [("H001-W1", "H001", False)]
