"""The Rankings page in a quarter under way (AppTest, the demo database of
tests/pages/conftest.py): when no unit can be ranked yet, it names the units that reported,
not every unit of the registry."""

from __future__ import annotations

from datetime import date

from quarter_words import en

from etl.db import connect
from etl.load import load_file
from etl.quarters import quarter_of
from queries import run


def test_a_quarter_under_way_counts_only_the_units_that_reported(open_page, page_db):
    con = connect(str(page_db))
    units = run(con, "units").sort("unit_code").head(2)
    day = date.today().isoformat()
    # two units inspected today, nothing else in the quarter: an inspection alone carries too
    # little of the weight to rank a unit (etl/demo.py), so nobody is ranked yet
    lines = ["单位编码,检查日期,检查类型,检查项目,得分,满分"] + [
        f"{code},{day},暗访,服务态度,9,10" for code in units["unit_code"]
    ]
    result = load_file(con, "\n".join(lines).encode(), "inspections.csv")
    assert result.outcome == "loaded", result.summary()
    con.close()

    expected = (
        f"In {en(quarter_of(date.today()))}, 2 unit(s) in All peer groups have data but too little "
        "to be ranked"
    )
    # the Rankings page, and the overview (it asked for files that were loaded)
    for page in ("pages/rankings.py", "dashboard.py"):
        at = open_page(page, lang="en", quarter=quarter_of(date.today()))
        assert not at.exception
        said = [i.value for i in at.info] + [m.value for m in at.markdown]
        found = [text for text in said if expected in text]
        assert len(found) == 1, (page, [t for t in said if "unit(s)" in t or "upload" in t])
        # the two, by name; none of the 22 units that sent nothing
        assert [name in found[0] for name in units["unit_name"]] == [True, True]
