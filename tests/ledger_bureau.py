"""A three-unit bureau loaded through the real loader from files written out here, whose weight
shares and days to close are worked by hand (used by the page and pack tests of issue 11).

Indicator system (weights 0.5 + 0.3 + 0.2 = 1; a unit may miss 30%, so it needs 70%):
    inspection_score_rate 0.5 · outpatient_satisfaction 0.3 · overdue_open_findings 0.2
2025Q3:
    A1 城关区: inspections and a survey      → covers 0.5 + 0.3 + 0.2 = 100%
    A2 城关区: a survey only                 → covers 0.3 = 30%: insufficient data
    A3 西固区: inspections only              → covers 0.5 + 0.2 = 70%: ranked, just
Findings (days to close = closing date − inspection date):
    F1 A1 07-01 → 07-11: 10 days (deadline 07-31, on time)
    F2 A1 08-01 → 08-31: 30 days (deadline 08-15, late)
    F3 A3 07-10 → 07-15:  5 days (deadline 08-10, on time)
    F4 A3 09-01, open at quarter end (deadline 12-31: not overdue)
    Mean per unit: A1 (10 + 30) / 2 = 20.0; A3 5.0; A2 none.
    Per district: 城关区 20.0 (A1's two); 西固区 5.0. All: (10 + 30 + 5) / 3 = 15.0.
"""

from __future__ import annotations

from datetime import date

from etl.db import connect
from etl.load import load_file

QUARTER = "2025Q3"
TODAY = date(2026, 1, 15)
FILES = {
    "indicators.csv": (
        "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,"
        "target\n"
        "inspection_score_rate,检查得分率,Inspection score rate,inspection,higher,0.5,rate,"
        "全部,2025Q1,0.9\n"
        "outpatient_satisfaction,门诊患者满意度,Outpatient satisfaction,survey,higher,0.3,rate,"
        "全部,2025Q1,0.9\n"
        "overdue_open_findings,逾期未整改问题数,Overdue open findings,inspection,lower,0.2,"
        "count,全部,2025Q1,1\n"
    ),
    "units.csv": (
        "unit_code,unit_name,district,peer_group,staff_count\n"
        "A1,甲医院,城关区,三级医院,500\n"
        "A2,乙医院,城关区,三级医院,400\n"
        "A3,丙医院,西固区,三级医院,300\n"
    ),
    "inspections.csv": (
        "unit_code,inspection_date,inspection_type,item,score,max_score,finding,rectify_by,"
        "rectified_on\n"
        "A1,2025-07-01,暗访,服务态度,9,10,态度生硬,2025-07-31,2025-07-11\n"
        "A1,2025-08-01,巡查,环境卫生,8,10,地面不洁,2025-08-15,2025-08-31\n"
        "A3,2025-07-10,暗访,服务态度,9,10,未佩戴工牌,2025-08-10,2025-07-15\n"
        "A3,2025-09-01,巡查,环境卫生,10,10,标识缺失,2025-12-31,\n"
    ),
    "surveys.csv": (
        "unit_code,quarter,survey_type,respondents,satisfied\n"
        "A1,2025Q3,门诊,100,90\n"
        "A2,2025Q3,门诊,100,85\n"
    ),
}


def build(path) -> None:
    """The bureau in a new store at ``path`` (a DuckDB file), every file through the loader."""
    con = connect(str(path))
    try:
        for name, text in FILES.items():
            result = load_file(con, text.encode("utf-8"), name, today=TODAY)
            assert result.outcome == "loaded", (name, result.problems)
    finally:
        con.close()
