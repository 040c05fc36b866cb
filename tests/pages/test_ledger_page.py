"""The Ledger page says the day its figures are counted at (AppTest, the demo database of
tests/pages/conftest.py): a quarter's end, or today in a quarter under way."""

from __future__ import annotations

import json
from datetime import date

from quarter_words import en, zh

from etl.db import connect
from etl.load import load_file
from etl.quarters import quarter_of, shift_quarter
from queries import run


def test_the_ledger_of_a_quarter_under_way_is_as_at_today(open_page, page_db):
    con = connect(str(page_db))
    code = run(con, "units").sort("unit_code")["unit_code"][0]
    today = date.today()
    # a finding today, due in a year: open, in the quarter under way
    lines = [
        "单位编码,检查日期,检查类型,检查项目,得分,满分,问题描述,整改期限",
        f"{code},{today},暗访,服务态度,6,10,候诊区卫生间保洁不及时,{today.year + 1}-01-31",
    ]
    assert load_file(con, "\n".join(lines).encode(), "inspections.csv").outcome == "loaded"
    con.close()

    now = quarter_of(today)
    at = open_page("pages/ledger.py", lang="en", quarter=now)
    assert not at.exception
    assert at.caption[0].value.startswith(f"As at {today.isoformat()} ({en(now)} has not ended) · ")
    at = open_page("pages/ledger.py", lang="zh", quarter=now)
    day = f"{today.year}年{today.month}月{today.day}日"  # as the pack's documents write it
    assert at.caption[0].value.startswith(f"截至{day}（{zh(now)}尚未结束） · ")
    # the demo's last quarter has ended (etl/demo.py: up to the last complete quarter)
    ended = shift_quarter(now, -1)
    at = open_page("pages/ledger.py", lang="zh", quarter=ended)
    assert not at.exception
    assert at.caption[0].value.startswith(f"截至{zh(ended)}末 · ")


def column_config(at, column: str) -> list[dict]:
    """The column's config in every table showing it, as the browser gets it."""
    return [
        json.loads(table.proto.columns)[column]
        for table in at.dataframe
        if column in table.value.columns
    ]


def test_on_time_rates_are_shown_to_one_decimal_as_elsewhere(open_page):
    # by unit and by district they read 33.33%, 50%, 68.72% beside the pages' 70.5%: the
    # percent format shows the step's decimals less two (ui/page_parts.py PERCENT_STEP)
    at = open_page("pages/ledger.py", lang="zh")
    assert not at.exception
    configs = column_config(at, "on_time_rate")
    assert len(configs) == 2  # by district, by unit
    for config in configs:
        assert config["label"] == "按期整改率"
        assert config["type_config"]["format"] == "percent"
        assert config["type_config"]["step"] == 0.001


def test_counts_are_shown_with_thousands_separators_as_the_cards_say_them(open_page):
    """A province's 3,076 open findings in a district showed as 3076 under cards saying
    42,805: count columns are numbers in the viewer's locale (3,076), still sorted as
    numbers."""
    at = open_page("pages/ledger.py", lang="zh")
    assert not at.exception
    labels = {"units": "单位数", "open_findings": "未整改问题", "closed": "已整改"}
    for column, label in labels.items():
        configs = column_config(at, column)
        assert configs, column  # by district, and by unit for the findings
        for config in configs:
            assert config["label"] == label
            assert config["type_config"]["format"] == "localized"


def test_a_ledger_with_no_inspections_loaded_says_so_not_that_there_are_no_findings(
    open_page, page_db
):
    """A new bureau that loaded its surveys and activities but no inspections yet read "no
    findings in the chosen scope", a clean result, where no inspection had been loaded."""
    con = connect(str(page_db))
    con.execute("DELETE FROM inspections")
    con.close()
    at = open_page("pages/ledger.py", lang="zh")
    assert not at.exception
    assert not [i.value for i in at.info if "没有检查发现的问题" in i.value]
    [said] = [i.value for i in at.info if "尚未上传检查结果" in i.value]
    assert "数据上传" in said


def test_a_ledger_of_inspections_without_findings_says_there_are_none(open_page, page_db):
    con = connect(str(page_db))
    con.execute("UPDATE inspections SET finding = NULL, rectify_by = NULL, rectified_on = NULL")
    con.close()
    at = open_page("pages/ledger.py", lang="zh")
    assert [i.value for i in at.info if "没有检查发现的问题" in i.value]
    assert not [i.value for i in at.info if "尚未上传检查结果" in i.value]
