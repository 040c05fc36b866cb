"""The deck's chart of overdue findings is titled by what it draws: a trial's slide read
"各单位逾期未整改问题数" (overdue open findings by unit) over the ledger's ageing histogram, one
bar of findings per 30 days past the deadline, with no unit on it."""

from __future__ import annotations

from datetime import date

import pytest

from charts.pack import PackRequest, gather, pack_slides
from charts.pack.tables import col
from etl.db import connect
from etl.load import load_file

TODAY = date(2026, 12, 5)
FILES = {
    "indicators.csv": (
        "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,"
        "target\n"
        "inspection_score_rate,检查得分率,Inspection score rate,inspection,higher,0.5,rate,"
        "全部,2026Q3,0.9\n"
        "overdue_open_findings,逾期未整改问题数,Overdue open findings,inspection,lower,0.5,"
        "count,全部,2026Q3,0\n"
    ),
    "units.csv": (
        "unit_code,unit_name,district,peer_group,staff_count\n"
        "H001,甲医院,城关区,三级医院,500\n"
        "H002,乙医院,七里河区,三级医院,400\n"
    ),
    # H002's finding was due 09-25 and is open at quarter end: 5 days overdue on 09-30
    "inspections.csv": (
        "unit_code,inspection_date,inspection_type,item,score,max_score,finding,rectify_by,"
        "rectified_on\n"
        "H001,2026-08-08,暗访,服务态度,9,10,,,\n"
        "H002,2026-09-10,巡查,医德医风,18,20,投诉登记不全,2026-09-25,\n"
    ),
}


@pytest.fixture(scope="module")
def pack_by_lang(tmp_path_factory):
    con = connect(str(tmp_path_factory.mktemp("pack_ageing") / "bureau.duckdb"))
    try:
        for name, text in FILES.items():
            result = load_file(con, text.encode("utf-8"), name, today=TODAY)
            assert result.outcome == "loaded", (name, result.problems)
        return {
            lang: pack_slides(gather(con, PackRequest("2026Q3", lang=lang)))
            for lang in ("zh", "en")
        }
    finally:
        con.close()


def ageing_slide_title(charts) -> str:
    """The title of the one slide whose chart bins findings by days past their deadline."""
    found = []
    for slide, chart in charts:
        x = chart.to_dict().get("encoding", {}).get("x", {})
        if x.get("field") == "days_overdue" and x.get("bin"):
            found.append(slide.title)
    assert len(found) == 1, found
    return found[0]


def test_the_overdue_ageing_slide_says_it_counts_by_days_past_the_deadline(pack_by_lang):
    zh, en = ageing_slide_title(pack_by_lang["zh"][1]), ageing_slide_title(pack_by_lang["en"][1])
    assert "超过整改期限天数" in zh and "各单位" not in zh, zh
    assert "days past" in en.lower() and "by unit" not in en.lower(), en


def test_the_overdue_table_writes_its_deadline_short_in_chinese_iso_in_english(pack_by_lang):
    """A day in a deck's table as in the circular's: 2026.9.25 (the year kept), ISO in English."""
    rows = {}
    for lang, (slides, _) in pack_by_lang.items():
        [overdue] = [
            s for s in slides if s.table and s.table.columns[-1] == col("days_overdue", lang)
        ]
        rows[lang] = overdue.table.rows
    assert rows["zh"] == [["乙医院", "七里河区", "医德医风", "投诉登记不全", "2026.9.25", "5"]]
    assert rows["en"] == [["乙医院", "七里河区", "医德医风", "投诉登记不全", "2026-09-25", "5"]]
