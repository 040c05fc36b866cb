"""The meeting pack's attainment slide where an indicator's target differs by peer group: each
target is shown with the groups held to it and the units meeting it, worked here by hand.

Nine units of 100 staff, every file through the real loader; one quarter, 2025Q3.

Public-benefit sessions (a count): target 6 for 全部 and for 二级医院 (the same 6), 4 for
乡镇卫生院 and 社区卫生服务中心.

    held to 6: H1 8, H2 6, H3 6 (三级医院), S1 3 (二级医院)   meeting H1 H2 H3: 3 / 4, median 6
    held to 4: T1 4, T2 4, T3 2 (乡镇卫生院), C1 3, C2 5 (社区) meeting T1 T2 C2: 3 / 5, median 4
    all nine:  2 3 3 4 4 5 6 6 8                              meeting 6 / 9 = 66.7%, median 4

Before, the slide said target 6 and 6 / 9 meeting it, where only H1, H2 and H3 reach 6.

Volunteer hours per 100 staff (a number; hours / 100 staff × 100 = the hours): target 100 for
三级医院 and 二级医院 only, none for the others (no 全部 row).

    held to 100: H1 120, H2 80, H3 100, S1 90   meeting H1 H3: 2 / 4 = 50.0%, median 95
    no target:   T1 10, T2 20, T3 30, C1 40, C2 50                        median 30
    all nine:    median 50; the share meeting is of the four with a target: 2 / 4 = 50.0%
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from pptx import Presentation

from charts.pack import PackRequest, gather, make_pack, pack_slides
from etl.db import connect
from etl.load import load_file

QUARTER = "2025Q3"
UNITS = {  # code: (peer group, sessions, volunteer hours)
    "H1": ("三级医院", 8, 120),
    "H2": ("三级医院", 6, 80),
    "H3": ("三级医院", 6, 100),
    "S1": ("二级医院", 3, 90),
    "T1": ("乡镇卫生院", 4, 10),
    "T2": ("乡镇卫生院", 4, 20),
    "T3": ("乡镇卫生院", 2, 30),
    "C1": ("社区卫生服务中心", 3, 40),
    "C2": ("社区卫生服务中心", 5, 50),
}
SESSIONS = "public_benefit_sessions,公益活动次数,Public-benefit sessions,activity,higher,0.5,count"
HOURS = (
    "volunteer_hours_per_100_staff,每百名职工志愿服务时长,Volunteer hours per 100 staff,"
    "activity,higher,0.5,number"
)
TARGETS = [
    (SESSIONS, "全部", 6),
    (SESSIONS, "二级医院", 6),
    (SESSIONS, "乡镇卫生院", 4),
    (SESSIONS, "社区卫生服务中心", 4),
    (HOURS, "三级医院", 100),
    (HOURS, "二级医院", 100),
]

ZH_ROWS = [
    ["每百名职工志愿服务时长", "按类别，见下", "50.0", "2 / 4", "50.0%"],
    ["　三级医院、二级医院", "100.0", "95.0", "2 / 4", "50.0%"],
    ["　乡镇卫生院、社区卫生服务中心", "—", "30.0", "— / 5", "—"],
    ["公益活动次数", "按类别，见下", "4", "6 / 9", "66.7%"],
    ["　三级医院、二级医院", "6", "6", "3 / 4", "75.0%"],
    ["　乡镇卫生院、社区卫生服务中心", "4", "4", "3 / 5", "60.0%"],
]


def files() -> dict[str, str]:
    targets = "".join(f"{row},{group},2025Q1,{target}\n" for row, group, target in TARGETS)
    units = "".join(f"{code},{code}院,城关区,{group},100\n" for code, (group, *_) in UNITS.items())
    activities = "".join(
        f"{code},{QUARTER},义诊,{sessions},20,{hours}\n"
        for code, (_, sessions, hours) in UNITS.items()
    )
    return {
        "indicators.csv": (
            "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,"
            "from_quarter,target\n" + targets
        ),
        "units.csv": "unit_code,unit_name,district,peer_group,staff_count\n" + units,
        "activities.csv": (
            "unit_code,quarter,activity_type,sessions,participants,volunteer_hours\n" + activities
        ),
    }


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    connection = connect(str(tmp_path_factory.mktemp("pack_targets") / "bureau.duckdb"))
    for name, text in files().items():
        result = load_file(connection, text.encode("utf-8"), name, today=date.today())
        assert result.outcome == "loaded", (name, result.problems)
    yield connection
    connection.close()


def attainment_table(con, lang: str) -> tuple[str, list[list[str]]]:
    slides, _ = pack_slides(gather(con, PackRequest(QUARTER, lang=lang)))
    headers = (["指标", "目标值"], ["Indicator", "Target"])
    [slide] = [s for s in slides if s.table is not None and s.table.columns[:2] in headers]
    return slide.title, slide.table.rows


def test_each_target_is_shown_with_its_groups_and_the_units_meeting_it(con):
    title, rows = attainment_table(con, "zh")
    assert title == "指标达标：达标率最低的是每百名职工志愿服务时长（50.0%）"
    assert rows == ZH_ROWS


def test_the_english_slide_names_the_groups_as_english_lists_them(con):
    _, rows = attainment_table(con, "en")
    assert [row[0] for row in rows] == [
        "Volunteer hours per 100 staff",
        "\u2003Tertiary hospital, Secondary hospital",
        "\u2003Township health centre, Community health centre",
        "Public-benefit sessions",
        "\u2003Tertiary hospital, Secondary hospital",
        "\u2003Township health centre, Community health centre",
    ]
    assert rows[0][1] == rows[3][1] == "By group, below"
    assert [row[1:] for row in rows[4:]] == [
        ["6", "6", "3 / 4", "75.0%"],
        ["4", "4", "3 / 5", "60.0%"],
    ]


def test_the_pptx_shows_the_targets_and_counts_worked_by_hand(con):
    pptx = make_pack(con, PackRequest(QUARTER), pdf=False, circular=False).pptx
    tables = [
        [[cell.text for cell in row.cells] for row in shape.table.rows]
        for slide in Presentation(io.BytesIO(pptx)).slides
        for shape in slide.shapes
        if shape.has_table
    ]
    [table] = [t for t in tables if t[0][:2] == ["指标", "目标值"]]
    assert table[1:] == ZH_ROWS
