"""The pack's "data loaded up to" (数据装载截至) is the day of the latest load its figures
depend on: facts of any unit they count, the registry and the indicator system in force,
whatever part of the bureau the pack lists.

The bureau of tests/pack_bureau.py, loaded at stated times:

    load                                       loaded at    in force in 2026Q2's figures of
    indicators.csv (weight 1 from 2020Q1)      2026-07-01   every pack
    units.csv (U1–U8, 三级医院)                2026-07-02   every pack
    城关区's surveys of 2026Q2 (U1 U3 U5 U7)   2026-07-05   every pack
    西固区's surveys of 2026Q2 (U2 U4 U6 U8)   2026-07-09   every pack: 城关区's ranks count them
    a new weight from 2026Q2                   2026-07-20   every pack
    U1's survey of 2026Q3                      2026-10-03   none: a later quarter
    U9 九号卫生院 (乡镇卫生院) and its survey   2026-07-25   the whole bureau's, not 三级医院's
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pack_bureau import UNITS, files

from charts.pack import PackRequest, gather
from etl.db import connect
from etl.load import load_file
from queries.scope import Scope

QUARTER = "2026Q2"
SYSTEM = (
    "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,target\n"
)


def surveys(codes: list[str], quarter: str = QUARTER) -> str:
    rows = "".join(f"{code},{quarter},门诊,10000,{UNITS[code][2]}\n" for code in codes)
    return "unit_code,quarter,survey_type,respondents,satisfied\n" + rows


def load(con, name: str, text: str, when: datetime) -> None:
    result = load_file(con, text.encode(), name, today=date(2026, 12, 3), now=when)
    assert result.outcome == "loaded", (name, result.problems)


@pytest.fixture
def bureau(tmp_path):
    """The bureau up to the new weight (2026-07-20); the test adds the later loads."""
    con = connect(str(tmp_path / "loaded.duckdb"))
    given = files(QUARTER)
    load(con, "indicators.csv", given["indicators.csv"], datetime(2026, 7, 1, 9))
    load(con, "units.csv", given["units.csv"], datetime(2026, 7, 2, 9))
    chengguan = [c for c, (_, d, _) in UNITS.items() if d == "城关区"]
    xigu = [c for c, (_, d, _) in UNITS.items() if d == "西固区"]
    load(con, "chengguan.csv", surveys(chengguan), datetime(2026, 7, 5, 9))
    load(con, "xigu.csv", surveys(xigu), datetime(2026, 7, 9, 9))
    yield con
    con.close()


def loaded_up_to(con, **request) -> str:
    return gather(con, PackRequest(QUARTER, **request)).loaded_up_to


def test_a_district_pack_is_dated_by_the_loads_its_bureau_wide_figures_count(bureau):
    # 城关区's own surveys came on 07-05, but its ranks among all eight count 西固区's of 07-09
    assert loaded_up_to(bureau) == "2026年7月9日"
    assert loaded_up_to(bureau, districts=("城关区",)) == "2026年7月9日"
    assert loaded_up_to(bureau, scope=Scope(unit="U1")) == "2026年7月9日"


def test_an_indicator_system_load_in_force_dates_every_pack(bureau):
    weight = "outpatient_satisfaction,门诊患者满意度,Outpatient satisfaction,survey,higher,2,"
    load(bureau, "weights.csv", f"{SYSTEM}{weight}rate,全部,{QUARTER},0.9\n", datetime(2026, 7, 20))
    # a later quarter's survey is no row of 2026Q2's figures
    load(bureau, "u1_q3.csv", surveys(["U1"], "2026Q3"), datetime(2026, 10, 3))
    for request in ({}, {"districts": ("西固区",)}, {"scope": Scope(unit="U1")}):
        assert loaded_up_to(bureau, **request) == "2026年7月20日", request


def test_a_peer_group_pack_is_dated_by_its_groups_loads(bureau):
    registry = (
        "unit_code,unit_name,district,peer_group,staff_count\nU9,九号卫生院,安宁区,乡镇卫生院,40\n"
    )
    load(bureau, "u9.csv", registry, datetime(2026, 7, 25))
    survey = f"unit_code,quarter,survey_type,respondents,satisfied\nU9,{QUARTER},门诊,500,450\n"
    load(bureau, "u9_surveys.csv", survey, datetime(2026, 7, 25, 10))
    assert loaded_up_to(bureau) == "2026年7月25日"
    assert loaded_up_to(bureau, peer_groups=("三级医院",)) == "2026年7月9日"
