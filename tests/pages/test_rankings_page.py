"""The Rankings page in a quarter under way (AppTest, the demo database of
tests/pages/conftest.py): when no unit can be ranked yet, it names the units that reported,
not every unit of the registry."""

from __future__ import annotations

from datetime import date

from quarter_words import en, zh

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
        f"In {en(quarter_of(date.today()))}, All peer groups has 2 units with data but too "
        "little to be ranked"
    )
    # the Rankings page, and the overview (it asked for files that were loaded)
    for page in ("pages/rankings.py", "dashboard.py"):
        at = open_page(page, lang="en", quarter=quarter_of(date.today()))
        assert not at.exception
        said = [i.value for i in at.info] + [m.value for m in at.markdown]
        found = [text for text in said if expected in text]
        assert len(found) == 1, (page, [t for t in said if "units" in t or "upload" in t])
        # the two, by name; none of the 22 units that sent nothing
        assert [name in found[0] for name in units["unit_name"]] == [True, True]


def test_a_ranking_by_an_indicator_says_which_target_applied(open_page, page_db):
    """Ranked by an indicator, the page said no word of the target its units are held to (the
    dots had no target line): after an analyst raised the 全部 target, a leader could not
    tell which applied. The demo (etl/demo.py) holds 乡镇卫生院 to 88% outpatient
    satisfaction from its first quarter, the others to 90%, raised by 0.02 from its third."""
    con = connect(str(page_db))
    quarters = sorted(run(con, "quarters")["quarter"].to_list())
    con.close()
    by = {"indicator": "outpatient_satisfaction", "quarter": quarters[-1]}
    at = open_page("pages/rankings.py", peer_group="乡镇卫生院", **by)
    assert not at.exception
    said = [c.value for c in at.caption if "目标值" in c.value]
    assert said == [f"目标值：88.0%（所示各单位相同，自{zh(quarters[0])}起施行）"]
    at = open_page("pages/rankings.py", **by)  # every group: 88% beside 92%
    assert [c.value for c in at.caption if "目标值" in c.value] == [
        "所示各单位适用的目标值不同（按单位类别）：每个单位的目标值见其单位画像"
    ]
