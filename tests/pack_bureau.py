"""An eight-unit bureau for the meeting-pack tests, loaded through the real loader, whose
circular and district packs are worked by hand here.

One indicator, outpatient satisfaction (weight 1, target 0.90, higher is better), from
surveys of 10,000 patients each, so every rank range is a single rank (neighbours are 0.02
apart, about four standard errors of their difference). One peer group (三级医院) of 8
ranked units: N = min(10, 50% of 8) = 4.

    rank unit         district value  shortfall from 0.90   circular
    1    U1 甲医院    城关区   0.89    1.1%                 commended (top 4, range 1–1)
    2    U2 乙医院    西固区   0.87    3.3%                 commended
    3    U3 丙医院    城关区   0.85    5.6%                 commended
    4    U4 丁医院    西固区   0.83    7.8%                 commended
    5    U5 戊医院    城关区   0.79   12.2% > 10% margin    named (bottom 4, range 5–5)
    6    U6 己医院    西固区   0.77   14.4%                 named
    7    U7 庚医院    城关区   0.75   16.7%                 named
    8    U8 辛医院    西固区   0.73   18.9%                 named

The 城关区 pack lists U1, U3, U5, U7 (ranks 1, 3, 5, 7 of 8); the 西固区 pack U2, U4, U6, U8.
"""

from __future__ import annotations

from datetime import date

from etl.db import connect
from etl.load import load_file

UNITS = {  # code: (name, district, satisfied of 10,000)
    "U1": ("甲医院", "城关区", 8900),
    "U2": ("乙医院", "西固区", 8700),
    "U3": ("丙医院", "城关区", 8500),
    "U4": ("丁医院", "西固区", 8300),
    "U5": ("戊医院", "城关区", 7900),
    "U6": ("己医院", "西固区", 7700),
    "U7": ("庚医院", "城关区", 7500),
    "U8": ("辛医院", "西固区", 7300),
}
RESPONDENTS = 10_000
COMMENDED = ["U1", "U2", "U3", "U4"]
NAMED = ["U5", "U6", "U7", "U8"]


def in_district(district: str) -> list[str]:
    return [code for code, (_, where, _) in UNITS.items() if where == district]


def files(quarter: str, bureau_units: dict = UNITS) -> dict[str, str]:
    """The bureau's files (``bureau_units`` as ``UNITS``: another bureau of the same shape)."""
    units = "".join(
        f"{code},{name},{district},三级医院,300\n"
        for code, (name, district, _) in bureau_units.items()
    )
    surveys = "".join(
        f"{code},{quarter},门诊,{RESPONDENTS},{satisfied}\n"
        for code, (_, _, satisfied) in bureau_units.items()
    )
    return {
        "indicators.csv": (
            "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,"
            "from_quarter,target\n"
            "outpatient_satisfaction,门诊患者满意度,Outpatient satisfaction,survey,higher,1,"
            "rate,全部,2020Q1,0.9\n"
        ),
        "units.csv": "unit_code,unit_name,district,peer_group,staff_count\n" + units,
        "surveys.csv": "unit_code,quarter,survey_type,respondents,satisfied\n" + surveys,
    }


def build(path, quarter: str, bureau_units: dict = UNITS) -> None:
    """The bureau in a new store at ``path`` (a DuckDB file), every file through the loader."""
    con = connect(str(path))
    try:
        for name, text in files(quarter, bureau_units).items():
            result = load_file(con, text.encode("utf-8"), name, today=date.today())
            assert result.outcome == "loaded", (name, result.problems)
    finally:
        con.close()
