"""How a unit registry's spellings are read: a hospital's grade as a peer group, and districts
written two ways (新區 and 新区) that would count as two districts."""

from __future__ import annotations

import pytest
from etl_helpers import load, merged_workbook

UNITS_HEADER = "单位编码,单位名称,区县,单位类别,职工人数\n"


def test_a_hospital_grade_written_without_yiyuan_is_its_level(file_con):
    """三级甲等 is how a grade is written on a hospital's plaque; 三级甲等医院 and 三甲 were read
    already, and the grade without 医院 is the same peer group."""
    registry = UNITS_HEADER + (
        "H1,甲院,城关区,三级甲等,900\n"
        "H2,乙院,城关区,三级乙等,800\n"
        "H3,丙院,城关区,三级丙等,700\n"
        "H4,丁院,城关区,二级甲等,300\n"
        "H5,戊院,城关区,二级乙等,200\n"
        "H6,己院,城关区,二级丙等,100\n"
        "H7,庚院,城关区,三級甲等,600\n"  # Traditional, as the other spellings are read
    )
    result = load(file_con, registry, "名录.csv")
    assert result.outcome == "loaded", result.problems
    stored = file_con.execute("SELECT unit_code, peer_group FROM units ORDER BY 1").fetchall()
    assert stored == [
        ("H1", "三级医院"),
        ("H2", "三级医院"),
        ("H3", "三级医院"),
        ("H4", "二级医院"),
        ("H5", "二级医院"),
        ("H6", "二级医院"),
        ("H7", "三级医院"),
    ]


def stored_districts(con) -> list[tuple]:
    return con.execute("SELECT unit_code, district FROM units ORDER BY 1").fetchall()


def test_districts_written_two_ways_in_one_file_are_named_before_and_after_loading(file_con):
    """新區 beside 新区 (Traditional), 高新区(北区) beside 高新区（北区） (half- and full-width
    brackets): each pair would be two districts. They are kept as written, and the check and
    the load both say so; 高新区（南区） is another place, not a spelling of 高新区（北区）."""
    book = merged_workbook(
        [
            ["单位编码", "单位名称", "区县", "单位类别", "职工人数"],
            ["U1", "甲院", "新区", "三级医院", 100],
            ["U2", "乙院", "新区", "二级医院", 50],
            ["U3", "丙院", "新區", "乡镇卫生院", 20],
            ["U4", "丁院", "高新区（北区）", "乡镇卫生院", 30],
            ["U5", "戊院", "高新区(北区)", "乡镇卫生院", 30],
            ["U6", "己院", "高新区（南区）", "乡镇卫生院", 30],
        ]
    )
    zh = [
        "注意：区县“新區”（U3）与“新区”（U1、U2）只是繁简、全半角、大小写或空格写法不同，"
        "会被当作 2 个不同的区县，分别列出和汇总：如是同一区县，请统一写法后重新上传名录",
        "注意：区县“高新区(北区)”（U5）与“高新区（北区）”（U4）只是繁简、全半角、大小写或空格"
        "写法不同，会被当作 2 个不同的区县，分别列出和汇总：如是同一区县，请统一写法后重新上传名录",
    ]
    en_first = (
        "note: the districts '新區' (U3) and '新区' (U1, U2) differ only in Traditional or "
        "Simplified characters, width, case or spacing, and count as 2 different districts, "
        "listed and totalled apart: if they are one district, write it the same way in every "
        "row and load the registry again"
    )
    checked = load(file_con, book, "名录.xlsx", dry_run=True)
    assert checked.outcome == "checked"
    assert [note.zh for note in checked.notes] == zh
    assert checked.notes[0].en == en_first
    assert stored_districts(file_con) == []
    loaded = load(file_con, book, "名录.xlsx")
    assert loaded.outcome == "loaded"
    assert [note.zh for note in loaded.notes] == zh
    assert f"；{zh[0]}；{zh[1]}" in loaded.summary("zh")
    assert stored_districts(file_con) == [
        ("U1", "新区"),
        ("U2", "新区"),
        ("U3", "新區"),
        ("U4", "高新区（北区）"),
        ("U5", "高新区(北区)"),
        ("U6", "高新区（南区）"),
    ]


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_district_the_registry_writes_another_way_is_named(registry):
    """The store's registry (tests/fixtures/etl/units.csv) writes 城关区 (C001, H001, H001-W1)
    and 七里河区 (H002); a new unit in 城關區 or in 七里河 区 would make a district of its own."""
    units = UNITS_HEADER + (
        "H009,新院,城關區,二级医院,100\n"
        "H010,七院,七里河 区,二级医院,100\n"
        "T009,永院,永登县,乡镇卫生院,20\n"
    )
    result = load(registry, units, "新增单位.csv")
    assert result.outcome == "loaded"
    said = "differ only in Traditional or Simplified characters, width, case or spacing"
    assert [note.en.split(" differ only")[0] for note in result.notes] == [
        "note: the districts '七里河 区' (H010) and '七里河区' (H002)",
        "note: the districts '城關區' (H009) and '城关区' (C001, H001, H001-W1)",
    ]
    assert all(said in note.en for note in result.notes)


def test_a_district_respelt_in_every_row_that_had_it_is_not_named(file_con):
    """The fix the note asks for: the corrected registry replaces the row that wrote 新區, so
    the registry writes 新区 alone. A file that leaves the two spellings alone (a unit in
    another district) is not told about them either."""
    first = UNITS_HEADER + (
        "U1,甲院,新区,三级医院,100\nU2,乙院,新区,二级医院,50\nU3,丙院,新區,乡镇卫生院,20\n"
    )
    assert len(load(file_con, first, "名录.csv").notes) == 1
    other = UNITS_HEADER + "U4,丁院,城关区,乡镇卫生院,20\n"
    assert load(file_con, other, "城关区.csv").notes == []
    fixed = UNITS_HEADER + "U3,丙院,新区,乡镇卫生院,20\n"
    result = load(file_con, fixed, "名录更正.csv")
    # nor is the respelt district a move to another district in every quarter, which a
    # registry row without from_quarter is told to date (load.regrouped_everywhere)
    assert result.outcome == "loaded" and result.notes == []
    assert stored_districts(file_con) == [
        ("U1", "新区"),
        ("U2", "新区"),
        ("U3", "新区"),
        ("U4", "城关区"),
    ]
    moved = load(file_con, UNITS_HEADER + "U3,丙院,城关区,乡镇卫生院,20\n", "迁入城关区.csv")
    assert [note.key for note in moved.notes] == ["load.regrouped_everywhere"]
    assert "U3（新区 → 城关区）" in moved.notes[0].zh


def test_a_district_of_many_units_names_three_and_counts_them(file_con):
    units = UNITS_HEADER + "".join(f"U{i},院{i},新区,乡镇卫生院,20\n" for i in range(1, 6))
    units += "U9,丙院,新區,乡镇卫生院,20\n"
    [note] = load(file_con, units, "名录.csv").notes
    assert "“新區”（U9）与“新区”（U1、U2、U3等 5 个单位）" in note.zh
    assert "'新區' (U9) and '新区' (U1, U2, U3 and more, 5 units in all)" in note.en


def test_a_district_written_without_its_qu_is_named_beside_the_one_with_it(file_con):
    """A bureau's export writes 城关区 on most rows and 城关 on one: two districts to every
    list, ranking and scope, and nothing said (only 城關區 beside 城关区 was named). The load
    names 城关 beside 城关区 and 城關區, all three in one note; 永登县 beside 永登 the same. A
    kind written two ways with no bare name (榆中县 beside 榆中区) is no slip, and 新区 beside
    新 is no place's name left out."""
    units = UNITS_HEADER + (
        "U1,甲院,城关区,三级医院,100\n"
        "U2,乙院,城关区,二级医院,50\n"
        "U3,丙院,城关,乡镇卫生院,20\n"
        "U4,丁院,城關區,乡镇卫生院,20\n"
        "U5,戊院,永登,乡镇卫生院,20\n"
        "U6,己院,永登县,乡镇卫生院,20\n"
        "U7,庚院,榆中县,乡镇卫生院,20\n"
        "U8,辛院,榆中区,乡镇卫生院,20\n"
        "U9,壬院,新区,乡镇卫生院,20\n"
        "V1,癸院,新,乡镇卫生院,20\n"
    )
    loaded = load(file_con, units, "名录.csv")
    assert loaded.outcome == "loaded"
    assert [note.zh.split("只差")[0] for note in loaded.notes] == [
        "注意：区县“城关”（U3）、“城關區”（U4）与“城关区”（U1、U2）",
        "注意：区县“永登”（U5）与“永登县”（U6）",
    ]
    assert loaded.notes[0].en.startswith(
        "note: the districts '城关' (U3), '城關區' (U4) and '城关区' (U1, U2) differ only in a "
        "closing character that names the kind of place (区, 县, 市, 镇, 乡 …)"
    )
    assert "会被当作 3 个不同的区县" in loaded.notes[0].zh
    # kept as written: the note asks, it does not rewrite
    assert ("U3", "城关") in stored_districts(file_con)
    # the fix it asks for, a row without from_quarter, is a spelling, not a move in every
    # quarter (load.regrouped_everywhere), and leaves nothing to name
    fixed = UNITS_HEADER + "U3,丙院,城关区,乡镇卫生院,20\nU4,丁院,城关区,乡镇卫生院,20\n"
    assert [note.key for note in load(file_con, fixed, "更正.csv").notes] == []


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_code_in_other_letter_case_than_a_registered_one_is_refused_naming_it(registry):
    """Trial (session 56): a staff-count correction headed u0001 for the registered U0001
    loaded as a second unit (listed as not reporting every quarter), U0001 unchanged; so did
    U0081 and u0081 in one new registry. Codes are told apart by case, writers do not."""
    before = registry.execute("SELECT * FROM units ORDER BY ALL").fetchall()
    corrected = load(registry, UNITS_HEADER + "h001,兰州市城关第一医院,城关区,三级医院,1300\n")
    assert corrected.outcome == "rejected"
    [problem] = corrected.problems
    assert (problem.row, problem.value) == (2, "h001")
    assert problem.expected == (
        "the registry has the code H001, which this one differs from in letter case only: "
        "codes are told apart by case, so this would register a second unit; if H001 is "
        "meant, write it so"
    )
    twice = UNITS_HEADER + "N081,新区一院,城关区,二级医院,300\nn081,新区二院,城关区,二级医院,200\n"
    [problem] = load(registry, twice).problems
    assert (problem.row, problem.value) == (3, "n081")
    assert problem.expected.startswith("row 2 of this file has the code N081, which this one")
    assert registry.execute("SELECT * FROM units ORDER BY ALL").fetchall() == before
    written_so = load(registry, UNITS_HEADER + "H001,兰州市城关第一医院,城关区,三级医院,1300\n")
    assert (written_so.outcome, written_so.replaced) == ("loaded", 1)


@pytest.mark.parametrize("store", ["file"], indirect=True)  # reading and checking, not the store
def test_a_whole_registry_that_leaves_a_unit_out_names_it(registry):
    """Trial (session 56): a year's new registry left out one unit, which stayed open and
    ranked, unsaid. A file naming most open units is a whole registry: the ones it leaves out
    are named. A file of changed rows says nothing."""
    whole = UNITS_HEADER + (
        "H001,兰州市城关第一医院,城关区,三级医院,1200\n"
        "H002,七里河区人民医院,七里河区,二级医院,450\n"
        "C001,城关区白银路街道社区卫生服务中心,城关区,社区卫生服务中心,60\n"
        "H001-W1,城关第一医院门诊挂号窗口,城关区,三级医院,12\n"
    )  # T001 left out: 4 of the 5 open units
    said = load(registry, whole, "名录2026.csv", dry_run=True).summary("en")
    assert said.endswith(
        "note: this file lists 4 units, as a whole registry does, but not the registered T001: "
        "they stay open, ranked and listed as not reporting when they send nothing; if they "
        "closed or merged, load a row of each whose status is 撤销 or 撤并, with its from_quarter"
    )
    changed = UNITS_HEADER + "H002,七里河区人民医院,七里河区,二级医院,460\n"
    assert "whole registry" not in load(registry, changed, "变更.csv").summary("en")
