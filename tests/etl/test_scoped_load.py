"""A scoped analyst's loads: a file naming a unit outside the loader's scope is refused whole,
each such row named (file, row, column, value, what to do), and the store's data unchanged; a
file inside the scope loads as any other. The registry is tests/fixtures/etl/units.csv:
城关区 H001, C001, H001-W1; 七里河区 H002; 永登县 T001."""

from __future__ import annotations

import pytest
from etl_helpers import FIXTURES, contents, fixture_bytes, load

from etl.cli import EXIT_BAD_INPUT, EXIT_OK, main
from etl.scope import Scope

pytestmark = pytest.mark.parametrize("store", ["file"], indirect=True)

CHENGGUAN = Scope(districts=("城关区",))
HEADER = "单位编码,季度,调查类型,样本量,满意人数,满意度得分\n"
# spreadsheet rows 2–4: H001 (城关区), H002 (七里河区), C001 (城关区)
MIXED = HEADER + "H001,2025Q3,门诊,100,90,\nH002,2025Q3,门诊,80,70,\nC001,2025Q3,门诊,50,45,\n"
OWN = HEADER + "H001,2025Q3,门诊,100,90,\nC001,2025Q3,门诊,50,45,\n"


def data_tables(con) -> dict[str, list[tuple]]:
    """Every table the data lives in (the upload log records the refusal, as for any file)."""
    return {t: rows for t, rows in contents(con).items() if t != "upload_log"}


def test_a_file_naming_a_unit_of_another_district_is_refused_and_nothing_changes(registry):
    con = registry
    before = data_tables(con)
    log_before = con.execute("SELECT count(*) FROM upload_log").fetchone()[0]
    result = load(con, MIXED, "surveys.csv", by="zhang", scope=CHENGGUAN)
    assert result.outcome == "rejected" and result.problem_total == 1
    (problem,) = result.problems
    assert (problem.file, problem.row, problem.value) == ("surveys.csv", 3, "H002")
    assert problem.column == "单位编码 (unit_code)"
    # the unit's district is not said: which district a code is in is not the loader's to see
    assert problem.expected_in("en") == (
        "this unit is outside your scope (districts: 城关区): remove the row, or ask an account "
        "whose scope includes the unit to load the file"
    )
    assert problem.expected_in("zh").startswith("该单位不在您的数据范围（区县：城关区）内")
    assert "七里河区" not in problem.expected_in("zh") + problem.expected_in("en")
    assert data_tables(con) == before
    rejected = con.execute(
        "SELECT loaded_by, outcome, problem_count FROM upload_log ORDER BY load_id DESC LIMIT 1"
    ).fetchone()
    assert rejected == ("zhang", "rejected", 1)
    assert con.execute("SELECT count(*) FROM upload_log").fetchone()[0] == log_before + 1


def test_a_dry_run_refuses_the_same_rows(registry):
    result = load(registry, MIXED, "surveys.csv", scope=CHENGGUAN, dry_run=True)
    assert [(p.row, p.value) for p in result.problems] == [(3, "H002")]


def test_a_file_inside_the_scope_loads(registry):
    result = load(registry, OWN, "surveys.csv", by="zhang", scope=CHENGGUAN)
    assert result.outcome == "loaded", result.problems
    units = registry.execute("SELECT unit_code FROM surveys ORDER BY 1").fetchall()
    assert units == [("C001",), ("H001",)]


def test_a_unit_account_loads_its_own_rows_only(registry):
    result = load(registry, OWN, "surveys.csv", scope=Scope(unit="C001"))
    assert [(p.row, p.value) for p in result.problems] == [(2, "H001")]
    assert "outside your scope (unit: C001)" in result.problems[0].expected
    own = HEADER + "C001,2025Q3,门诊,50,45,\n"
    assert load(registry, own, "c001.csv", scope=Scope(unit="C001")).outcome == "loaded"


def test_a_registry_file_may_neither_add_nor_take_units_of_other_districts(registry):
    con = registry
    before = data_tables(con)
    header = "unit_code,unit_name,district,peer_group,staff_count,parent_code\n"
    registry_file = (
        header
        + "C002,城关区新社区卫生服务中心,城关区,社区卫生服务中心,30,\n"  # row 2: fine
        + "T002,永登县新卫生院,永登县,乡镇卫生院,20,\n"  # row 3: another district
        + "H002,七里河区人民医院,城关区,二级医院,450,\n"  # row 4: moves 七里河区's unit
    )
    result = load(con, registry_file, "units.csv", scope=CHENGGUAN)
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (3, "district", "永登县"),
        (4, "unit_code", "H002"),
    ]
    moved = result.problems[1]
    assert moved.expected_in("en").startswith("this unit is registered outside your scope")
    assert "七里河区" not in moved.expected_in("zh") + moved.expected_in("en")
    assert data_tables(con) == before


def test_the_indicator_system_is_loaded_by_bureau_wide_accounts_only(registry):
    result = load(registry, fixture_bytes("indicators.csv"), "indicators.csv", scope=CHENGGUAN)
    assert result.outcome == "rejected"
    assert result.problems[0].row is None
    assert "only an account with the bureau-wide scope" in result.problems[0].expected


def test_the_command_line_loads_as_a_user_with_their_scope(registry, db_path, tmp_path, capsys):
    import accounts

    accounts.add_user(registry, "zhang", "analyst", "long enough", scope=CHENGGUAN)
    accounts.add_user(registry, "wang", "viewer", "long enough")
    before = data_tables(registry)
    registry.close()
    path = tmp_path / "surveys.csv"
    path.write_text(MIXED, encoding="utf-8")
    common = [str(path), "--db", db_path, "--lang", "en"]
    assert main(["load", *common, "--as-user", "zhang"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "surveys.csv, row 3, column 单位编码 (unit_code): 'H002'" in err
    assert "outside your scope (districts: 城关区)" in err
    assert main(["load", *common, "--as-user", "wang"]) == EXIT_BAD_INPUT
    assert "'wang' is a viewer account and may not load" in capsys.readouterr().err
    assert main(["load", *common, "--as-user", "ghost"]) == EXIT_BAD_INPUT
    assert "'ghost' is not an account that may load, withdraw" in capsys.readouterr().err
    from etl.db import connect

    con = connect(db_path)
    assert data_tables(con) == before
    by = con.execute("SELECT DISTINCT loaded_by FROM upload_log WHERE outcome = 'rejected'")
    assert by.fetchall() == [("zhang",)]
    con.close()


def test_a_scoped_analyst_withdraws_only_loads_inside_its_scope(registry):
    from etl.load import Withdrawal, WithdrawRefused, withdraw

    con = registry
    mixed = load(con, MIXED, "mixed.csv", by="bureau")  # a bureau-wide load: H001, H002, C001
    own = load(con, OWN, "own.csv", by="zhang", scope=CHENGGUAN)
    assert (mixed.outcome, own.outcome) == ("loaded", "loaded")
    before = data_tables(con)
    with pytest.raises(WithdrawRefused) as refused:
        withdraw(con, mixed.load_id, by="zhang", scope=CHENGGUAN)
    # MIXED names H002 (七里河区), counted, not named: its code is not zhang's to see
    assert str(refused.value) == (
        f"load {mixed.load_id} holds 1 unit outside your scope (districts: 城关区); ask an "
        "analyst whose scope covers them to withdraw it."
    )
    assert data_tables(con) == before  # nothing withdrawn
    # its own load, within 城关区: withdrawn, restoring the bureau load's rows it replaced
    # its two rows out, the two bureau rows they had replaced back
    assert withdraw(con, own.load_id, by="zhang", scope=CHENGGUAN) == Withdrawal(2, 2)
    surveys = con.execute("SELECT unit_code, load_id FROM surveys ORDER BY unit_code").fetchall()
    assert surveys == [("C001", mixed.load_id), ("H001", mixed.load_id), ("H002", mixed.load_id)]


def test_a_bureau_load_whose_other_districts_rows_were_corrected_is_not_the_districts(registry):
    """Trial (session 57): a bureau-wide file whose rows of other districts were all replaced
    since holds only the district's units in force; it was offered to the district's analyst,
    whose withdrawal was then refused naming the other districts' loads."""
    from etl.load import WithdrawRefused, withdraw
    from etl.scope_check import loads_in_scope

    con = registry
    mixed = load(con, MIXED, "mixed.csv", by="bureau")  # H001, H002 (七里河区), C001
    fix = load(con, HEADER + "H002,2025Q3,门诊,80,72,\n", "qilihe.csv", by="bureau")
    assert (mixed.outcome, fix.outcome) == ("loaded", "loaded")
    in_force = con.execute(
        "SELECT DISTINCT unit_code FROM surveys WHERE load_id = ?", [mixed.load_id]
    )
    assert sorted(u for (u,) in in_force.fetchall()) == ["C001", "H001"]  # 城关区's alone
    assert loads_in_scope(con.cursor(), {mixed.load_id: "surveys"}, CHENGGUAN) == []
    with pytest.raises(WithdrawRefused) as refused:
        withdraw(con, mixed.load_id, by="zhang", scope=CHENGGUAN)
    assert "1 unit outside your scope" in str(refused.value)
    assert f"{fix.load_id}" not in str(refused.value)


def test_a_district_may_not_withdraw_a_bureau_row_that_moved_a_unit_into_it(registry):
    """Trial (session 57): the bureau moves H002 (七里河区) into 城关区 from 2025Q4; 城关区's
    analyst withdrew that row, and so moved H002 back to 七里河区: what loading such a row is
    refused. A bureau-wide account may; the district's own new unit's row it may too."""
    from etl.load import WithdrawRefused, withdraw

    con = registry
    header = "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
    moved = load(con, header + "H002,七里河区人民医院,城关区,二级医院,450,2025Q4\n", "m.csv")
    assert moved.outcome == "loaded"
    before = data_tables(con)
    with pytest.raises(WithdrawRefused) as refused:
        withdraw(con, moved.load_id, by="zhang", scope=CHENGGUAN)
    assert str(refused.value) == (
        f"withdrawing load {moved.load_id} would leave 1 unit registered outside your scope "
        "(districts: 城关区); ask an analyst whose scope covers them to withdraw it."
    )
    assert data_tables(con) == before
    new = load(con, header + "C002,城关区新社区,城关区,社区卫生服务中心,20,2025Q4\n", "n.csv")
    assert withdraw(con, new.load_id, by="zhang", scope=CHENGGUAN).removed == 1
    assert withdraw(con, moved.load_id, by="bureau").removed == 1
    district = "SELECT district FROM units WHERE unit_code = 'H002'"
    assert con.execute(district).fetchall() == [("七里河区",)]


def test_the_command_line_loads_the_indicator_system_as_an_admin_only(registry, db_path, capsys):
    """A bureau-wide analyst may load data, not the indicator system (README, roles); the
    refusal speaks the reader's language."""
    import accounts

    accounts.add_user(registry, "li", "analyst", "long enough")
    accounts.add_user(registry, "wang", "admin", "long enough")
    accounts.add_user(registry, "zhao", "viewer", "long enough")
    registry.close()
    common = ["load", str(FIXTURES / "indicators.csv"), "--db", db_path]
    assert main([*common, "--as-user", "li", "--lang", "zh"]) == EXIT_BAD_INPUT
    assert "只有管理员可以上传" in capsys.readouterr().err
    assert main([*common, "--as-user", "zhao", "--lang", "zh"]) == EXIT_BAD_INPUT
    assert "“zhao”是查看者账号，不能上传" in capsys.readouterr().err
    assert main([*common, "--as-user", "wang"]) == EXIT_OK


def test_a_county_bureaus_indicator_system_is_withdrawn_by_a_county_wide_account_only(registry):
    """The loading refusal said 全县范围的账户; withdrawing the same system said 全局账号."""
    import accounts
    from etl.load import WithdrawRefused, withdraw

    con = registry
    accounts.set_bureau(con, level="县", name="榆中县卫生健康局")
    accounts.speak_for_store(con)
    system = load(con, fixture_bytes("indicators.csv"), "indicators.csv", by="bureau")
    assert system.outcome == "loaded"
    with pytest.raises(WithdrawRefused) as refused:
        withdraw(con, system.load_id, by="zhang", scope=CHENGGUAN)
    assert refused.value.text.zh == (
        f"第 {system.load_id} 次导入是测评体系，适用于全县，"
        "只能由全县范围的账号撤回（您的范围：乡镇：城关区）。"  # a county's places: 乡镇
    )


def test_a_scoped_file_refused_for_other_problems_names_its_rows_outside_the_scope_too(registry):
    """A 城关区 analyst's file with a slip (row 2: more satisfied than asked) and two units of
    other districts (rows 3, 4): one round names all three, where the scope's rows came only
    once the slip was fixed. An unregistered code (row 5) is named as unregistered only, and a
    bureau-wide analyst sees no scope problem."""
    text = (
        HEADER
        + "H001,2025Q3,门诊,100,120,\n"
        + "H002,2025Q3,门诊,80,70,\n"
        + "T001,2025Q3,门诊,20,18,\n"
        + "X999,2025Q3,门诊,10,9,\n"
    )
    for dry_run in (True, False):
        result = load(registry, text, "surveys.csv", scope=CHENGGUAN, dry_run=dry_run)
        assert result.problem_total == 4
        assert [(p.row, p.value) for p in result.problems] == [
            (2, "120 > 100"),
            (3, "H002"),
            (4, "T001"),
            (5, "X999"),
        ]
        outside = "this unit is outside your scope (districts: 城关区)"
        assert result.problems[1].expected_in("en").startswith(outside)
        assert result.problems[2].expected_in("en").startswith(outside)
        assert result.problems[3].expected_in("en").startswith("unknown unit code")
    everyone = load(registry, text, "surveys.csv", dry_run=True)
    assert [p.row for p in everyone.problems] == [2, 5]


def test_a_scoped_registry_file_refused_for_a_slip_names_its_other_districts_rows_too(registry):
    """Row 2 has staff of -3, row 3 registers a unit in 永登县: both in one round."""
    header = "unit_code,unit_name,district,peer_group,staff_count,parent_code\n"
    registry_file = (
        header
        + "C002,城关区新社区卫生服务中心,城关区,社区卫生服务中心,-3,\n"
        + "T002,永登县新卫生院,永登县,乡镇卫生院,20,\n"
    )
    result = load(registry, registry_file, "units.csv", scope=CHENGGUAN, dry_run=True)
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (2, "staff_count", "-3"),
        (3, "district", "永登县"),
    ]


def test_a_scoped_dry_run_of_a_new_units_registry_and_its_data_passes_both(registry):
    """A 城关区 analyst registers C005 in 城关区 and checks its survey with it: both pass, as
    their load loads both; the survey alone names an unregistered unit."""
    units_file = (
        "单位编码,单位名称,区县,单位类别,职工人数,生效季度\n"
        "C005,东岗街道社区卫生服务中心,城关区,社区卫生服务中心,40,2025Q3\n"
    )
    survey = HEADER + "C005,2025Q3,门诊,100,90,\n"
    units = load(registry, units_file, "11_C005.csv", scope=CHENGGUAN, dry_run=True)
    data = load(registry, survey, "s.csv", scope=CHENGGUAN, dry_run=True, batch=(units,))
    assert (units.outcome, data.outcome) == ("checked", "checked")
    alone = load(registry, survey, "s.csv", scope=CHENGGUAN, dry_run=True)
    assert [(p.row, p.value) for p in alone.problems] == [(2, "C005")]
