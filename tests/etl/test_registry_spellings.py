"""How a unit registry's spellings are read: a hospital's grade as a peer group, and districts
written two ways (新區 and 新区) that would count as two districts."""

from __future__ import annotations

from etl_helpers import load

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
