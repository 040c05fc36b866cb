"""A tiny bureau written out by hand, so every expected number in tests/queries can be worked
out on paper (the arithmetic is in the tests' comments).

Indicator system (three indicators, weights sum to 1):
    inspection_score_rate    rate  higher  0.5
    outpatient_satisfaction  rate  higher  0.3
    overdue_open_findings    count lower   0.2
Targets:
    inspection_score_rate    全部 2025Q1 0.90 · 三级医院 2025Q1 0.95 · 全部 2025Q3 0.92
    outpatient_satisfaction  全部 2025Q1 0.90
    overdue_open_findings    全部 2025Q1 1
Units: H1, H2, H3 (三级医院), T1, T2 (乡镇卫生院); quarters 2025Q2 and 2025Q3.
"""

from __future__ import annotations

from datetime import date, datetime

A, B = "三级医院", "乡镇卫生院"
UNITS = [
    ("H1", "甲医院", "城关区", A, 1000),
    ("H2", "乙医院", "城关区", A, 800),
    ("H3", "丙医院", "西固区", A, 900),
    ("T1", "丁卫生院", "榆中县", B, 40),
    ("T2", "戊卫生院", "榆中县", B, 30),
]
INDICATORS = [
    (
        "inspection_score_rate",
        "检查得分率",
        "Inspection score rate",
        "inspection",
        "higher",
        0.5,
        "rate",
    ),
    (
        "outpatient_satisfaction",
        "门诊患者满意度",
        "Outpatient satisfaction",
        "survey",
        "higher",
        0.3,
        "rate",
    ),
    (
        "overdue_open_findings",
        "逾期未整改问题数",
        "Overdue open findings",
        "inspection",
        "lower",
        0.2,
        "count",
    ),
]
TARGETS = [
    ("inspection_score_rate", "全部", "2025Q1", 0.90),
    ("inspection_score_rate", A, "2025Q1", 0.95),
    ("inspection_score_rate", "全部", "2025Q3", 0.92),
    ("outpatient_satisfaction", "全部", "2025Q1", 0.90),
    ("overdue_open_findings", "全部", "2025Q1", 1.0),
]


def d(text: str) -> date:
    return date.fromisoformat(text)


# unit, quarter, date, type, item, score, max, finding, rectify_by, rectified_on
INSPECTIONS = [
    # 2025Q2
    (
        "H1",
        "2025Q2",
        d("2025-05-10"),
        "暗访",
        "服务态度",
        8,
        10,
        "态度生硬",
        d("2025-06-09"),
        d("2025-06-01"),
    ),
    ("H2", "2025Q2", d("2025-05-12"), "巡查", "环境卫生", 10, 10, None, None, None),
    ("T1", "2025Q2", d("2025-05-20"), "巡查", "环境卫生", 10, 10, None, None, None),
    # 2025Q3
    (
        "H1",
        "2025Q3",
        d("2025-08-01"),
        "暗访",
        "服务态度",
        9,
        10,
        "态度生硬",
        d("2025-08-31"),
        d("2025-09-05"),
    ),
    ("H1", "2025Q3", d("2025-08-02"), "巡查", "环境卫生", 10, 10, None, None, None),
    ("H2", "2025Q3", d("2025-07-05"), "暗访", "收费公示", 8, 10, "公示不全", d("2025-08-04"), None),
    (
        "H2",
        "2025Q3",
        d("2025-07-06"),
        "巡查",
        "导医服务",
        9,
        10,
        "无人值守",
        d("2025-08-05"),
        d("2025-10-10"),
    ),
    ("H3", "2025Q3", d("2025-07-10"), "暗访", "收费公示", 8, 10, "公示不全", d("2025-08-09"), None),
    ("H3", "2025Q3", d("2025-07-11"), "督查", "控烟工作", 9, 10, "有人吸烟", d("2025-08-10"), None),
    ("T1", "2025Q3", d("2025-08-15"), "巡查", "环境卫生", 9, 10, None, None, None),
    ("T1", "2025Q3", d("2025-08-16"), "测评", "便民措施", 9, 10, None, None, None),
]
# unit, quarter, type, respondents, satisfied, score
SURVEYS = [
    ("H1", "2025Q2", "门诊", 100, 90, None),
    ("H2", "2025Q2", "门诊", 100, 95, None),
    ("H1", "2025Q3", "门诊", 100, 90, None),
    ("H2", "2025Q3", "门诊", 100, 80, None),
    ("H3", "2025Q3", "门诊", 100, 80, None),
    ("T2", "2025Q3", "门诊", 50, 45, None),
]


def insert(con, table: str, rows: list[tuple], columns: str) -> None:
    if not rows:
        return
    marks = ", ".join("?" for _ in columns.split(","))
    con.executemany(f"INSERT INTO {table} ({columns}, load_id) VALUES ({marks}, 1)", rows)


def build_bureau(
    con,
    *,
    units=UNITS,
    indicators=INDICATORS,
    targets=TARGETS,
    inspections=INSPECTIONS,
    surveys=SURVEYS,
    activities=(),
):
    insert(con, "units", list(units), "unit_code, unit_name, district, peer_group, staff_count")
    insert(
        con,
        "indicators",
        list(indicators),
        "indicator_code, name_zh, name_en, domain, direction, weight, unit",
    )
    insert(con, "targets", list(targets), "indicator_code, peer_group, from_quarter, target")
    insert(
        con,
        "inspections",
        list(inspections),
        "unit_code, quarter, inspection_date, inspection_type, item, score, max_score, "
        "finding, rectify_by, rectified_on",
    )
    insert(
        con,
        "surveys",
        list(surveys),
        "unit_code, quarter, survey_type, respondents, satisfied, score",
    )
    insert(
        con,
        "activities",
        list(activities),
        "unit_code, quarter, activity_type, sessions, participants, volunteer_hours",
    )
    return con


UPLOADS = [
    # load_id, file, kind, quarters, loaded_at, outcome
    (1, "units.csv", "units", "", datetime(2025, 4, 1), "loaded"),
    (2, "q3_surveys.csv", "surveys", "2025Q3", datetime(2025, 10, 10), "loaded"),
    (3, "q2q3_inspections.xlsx", "inspections", "2025Q2,2025Q3", datetime(2025, 10, 20), "loaded"),
    (4, "bad.csv", "surveys", "2025Q3", datetime(2025, 11, 1), "rejected"),
    (5, "old_q2.csv", "activities", "2025Q2", datetime(2025, 7, 30), "withdrawn"),
]


def add_uploads(con, uploads=UPLOADS) -> None:
    con.executemany(
        "INSERT INTO upload_log (load_id, file_name, file_hash, kind, quarters, loaded_by, "
        "loaded_at, outcome) VALUES (?, ?, 'hash', ?, ?, 'analyst', ?, ?)",
        [(i, f, k, q, t, o) for i, f, k, q, t, o in uploads],
    )
