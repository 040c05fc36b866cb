"""The dated registry and indicator system on the pages (AppTest, the demo database of
tests/pages/conftest.py): the Indicator-system page edits weights from a chosen quarter and
shows what changed; the unit profile shows a unit's history of groups and districts."""

from __future__ import annotations

import polars as pl
from quarter_words import en, zh

from etl.db import connect
from etl.load import load_file
from etl.quarters import shift_quarter
from queries import run


def figures(path, name: str, **params) -> pl.DataFrame:
    con = connect(str(path))
    try:
        return run(con, name, **params)
    finally:
        con.close()


def demo_quarters(path) -> list[str]:
    return sorted(figures(path, "quarters")["quarter"].to_list())


def test_a_weight_edited_from_a_quarter_leaves_the_earlier_quarters_alone(open_page, page_db):
    quarters = demo_quarters(page_db)  # four quarters, oldest first
    start = quarters[1]
    span = {"from_quarter": quarters[0], "to_quarter": quarters[-1]}
    before = figures(page_db, "index_series", **span)
    at = open_page("pages/indicator_system.py", user="admin", lang="en")
    at.selectbox(key="system_quarter").set_value(start).run()
    editor = at.data_editor[0]
    code, weight = editor.value["indicator_code"][0], editor.value["weight"][0]
    assert weight == "0.2"  # etl/demo.py: the inspection score rate weighs 0.2 (edited as text)
    at.session_state[editor.key] = {
        "edited_rows": {0: {"weight": "0.6"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="save_system").click().run()
    assert not at.exception
    year, number = start.split("Q")
    # the quarter as English pages say it: 2026 Q1
    assert at.success[0].value.endswith(f"it holds from {year} Q{number} on.")
    after = figures(page_db, "index_series", **span)
    earlier = pl.col("quarter") < start
    # the quarter before the edit: every index exactly as it was
    assert after.filter(earlier).equals(before.filter(earlier))
    # from the edit on: the weight in force is the new one, and indices moved
    for quarter in quarters[1:]:
        system = figures(page_db, "indicators", quarter=quarter)
        assert system.filter(pl.col("indicator_code") == code)["weight"].to_list() == [0.6]
    moved = after.filter(~earlier).join(
        before.filter(~earlier), on=["unit_code", "quarter"], suffix="_before"
    )
    assert (moved["civility_index"] != moved["civility_index_before"]).sum() > 0
    # what changed between the oldest quarter and the edited one: this weight, by admin
    changes = next(pl.from_pandas(d.value) for d in at.dataframe if "Change" in d.value.columns)
    assert changes.select("Change", "Before", "After", "By").rows() == [
        ("weight", "0.2", "0.6", "admin")  # as text: an added indicator's "before" is "—"
    ]

    # beside the quarter-on-quarter changes, the rankings and the overview say the weight moved
    said = (
        f"The indicator system changed from {en(quarters[0])} to {en(start)} (1 change to "
        "weights, targets or indicators)"
    )
    for page in ("pages/rankings.py", "dashboard.py"):
        at = open_page(page, lang="en", quarter=start)
        labels = [e.label for e in at.expander if e.label.startswith("The indicator system")]
        assert [label.split(":")[0] for label in labels] == [said], page
        table = next(pl.from_pandas(d.value) for d in at.dataframe if "Change" in d.value.columns)
        assert table.select("Change", "Before", "After").rows() == [("weight", "0.2", "0.6")]
    # the demo raises its rate targets from the third quarter (etl/demo.py), the weight stays
    at = open_page("pages/rankings.py", lang="en", quarter=quarters[2])
    table = next(pl.from_pandas(d.value) for d in at.dataframe if "Change" in d.value.columns)
    assert set(table["Change"]) == {"target"}
    # the last quarter: the same system as the quarter before it, so nothing is said
    at = open_page("pages/rankings.py", lang="en", quarter=quarters[3])
    assert not [e for e in at.expander if e.label.startswith("The indicator system")]


def test_deleting_a_target_is_refused(open_page, page_db):
    at = open_page("pages/indicator_system.py", user="admin", lang="en")
    targets = at.data_editor[1]
    at.session_state[targets.key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [0]}
    at.button(key="save_system").click().run()
    assert at.error[0].value.startswith("Targets cannot be deleted")


def load_registry_row(page_db, unit: dict, from_quarter: str, status: str = "", **changed):
    """One dated registry row of the unit (its row with ``changed`` values), loaded."""
    row = {**unit, **changed}
    registry = (
        "unit_code,unit_name,district,peer_group,staff_count,parent_code,from_quarter,status\n"
        f"{row['unit_code']},{row['unit_name']},{row['district']},{row['peer_group']},"
        f"{row['staff_count']},,{from_quarter},{status}\n"
    )
    con = connect(str(page_db))
    assert load_file(con, registry.encode(), "registry.csv").outcome == "loaded"
    con.close()


def test_the_unit_profile_shows_the_history_of_groups_and_districts(open_page, page_db):
    quarters = demo_quarters(page_db)
    units = figures(page_db, "units")
    unit = units.row(0, named=True)
    new_group = "专业公共卫生机构" if unit["peer_group"] != "专业公共卫生机构" else "二级医院"
    load_registry_row(page_db, unit, quarters[2], district="新区", peer_group=new_group)
    at = open_page("pages/unit_profile.py", lang="en", unit=unit["unit_code"])
    assert not at.exception
    assert "History of groups and districts" in [s.value for s in at.subheader]
    history = next(pl.from_pandas(d.value) for d in at.dataframe if "District" in d.value.columns)
    previous = quarters[1]  # the quarter before the change
    assert history.select("From", "To", "District").rows() == [
        (None, previous, unit["district"]),
        (quarters[2], None, "新区"),
    ]


def test_a_closed_units_profile_opens_and_its_history_says_when_it_closed(open_page, page_db):
    quarters = demo_quarters(page_db)
    unit = figures(page_db, "units").row(0, named=True)
    load_registry_row(page_db, unit, quarters[-1], status="撤销")
    for quarter in (quarters[-2], quarters[-1]):  # open, then closed
        at = open_page("pages/unit_profile.py", lang="en", unit=unit["unit_code"], quarter=quarter)
        assert not at.exception, quarter
        assert at.warning.len == 0, [w.value for w in at.warning]  # no "no unit with code"
    history = next(pl.from_pandas(d.value) for d in at.dataframe if "Status" in d.value.columns)
    assert history.select("From", "To", "Status").rows() == [
        (None, quarters[-2], "Open"),
        (quarters[-1], None, "Closed"),
    ]


def test_a_closed_units_profile_says_from_when_it_is_closed(open_page, page_db):
    """A leader opening a closed unit's profile on a quarter after its closure saw dashes for
    its index and ranks and "no findings" with no word why; the page says the unit is closed
    and from which quarter (the registry row that closed it), in both languages. An open
    unit's profile says nothing of the kind."""
    quarters = demo_quarters(page_db)
    units = figures(page_db, "units")
    closed, still_open = units.row(0, named=True), units.row(1, named=True)
    load_registry_row(page_db, closed, quarters[-1], status="撤销")
    at = open_page("pages/unit_profile.py", lang="en", unit=closed["unit_code"])
    assert not at.exception
    said = [i.value for i in at.info if "closed" in i.value]
    assert len(said) == 1 and f"closed from {en(quarters[-1])} on" in said[0], said
    at = open_page("pages/unit_profile.py", lang="zh", unit=closed["unit_code"])
    assert [i.value for i in at.info if f"自{zh(quarters[-1])}起撤销" in i.value], at.info
    at = open_page("pages/unit_profile.py", lang="en", unit=still_open["unit_code"])
    assert not [i.value for i in at.info if "closed" in i.value]


def test_a_merged_units_profile_says_merged_not_closed(open_page, page_db):
    """撤并 (merged into another unit) was stored and shown as 撤销 (closed): it is kept, and
    the profile's history and notice say merged, while the unit is out as a closed one is."""
    quarters = demo_quarters(page_db)
    merged = figures(page_db, "units").row(2, named=True)
    load_registry_row(page_db, merged, quarters[-1], status="撤并")
    at = open_page("pages/unit_profile.py", lang="en", unit=merged["unit_code"])
    assert not at.exception
    said = [i.value for i in at.info if f"merged into another from {en(quarters[-1])}" in i.value]
    assert len(said) == 1 and not [i.value for i in at.info if "is closed" in i.value]
    history = next(pl.from_pandas(d.value) for d in at.dataframe if "Status" in d.value.columns)
    assert history.select("From", "Status").rows()[-1] == (quarters[-1], "Merged")
    index = figures(page_db, "civility_index", quarter=quarters[-1])
    assert merged["unit_code"] not in index["unit_code"].to_list()  # out, as a closed unit is


def system_notes(at) -> list[str]:
    return [e.label for e in at.expander if "测评体系有" in e.label]


def test_the_first_quarter_with_data_says_nothing_of_a_system_change(open_page, page_db):
    # the demo's system holds from its first quarter (etl/demo.py): the quarter before has no
    # system in force, and the first quarter's is where it begins, not 22 changes
    first = demo_quarters(page_db)[0]
    for page in ("pages/rankings.py", "dashboard.py"):
        at = open_page(page, quarter=first)
        assert not at.exception, page
        assert system_notes(at) == [], page


def test_a_change_from_a_quarter_without_data_is_not_said(open_page, page_db):
    # one indicator held from the quarter before the first with data (its weight as in the
    # demo): that quarter has a system (one indicator), so the system differs from it (8
    # indicators and the targets added), but it has no data and no index to have moved from
    first = demo_quarters(page_db)[0]
    before = shift_quarter(first, -1)
    row = (
        "indicator_code,name_zh,name_en,domain,direction,weight,unit,from_quarter\n"
        f"inspection_score_rate,检查得分率,Inspection score rate,inspection,higher,0.2,rate,"
        f"{before}\n"
    )
    con = connect(str(page_db))
    assert load_file(con, row.encode(), "system.csv").outcome == "loaded"
    assert run(con, "indicator_changes", from_quarter=before, to_quarter=first).height > 0
    con.close()
    at = open_page("pages/rankings.py", quarter=first)
    assert not at.exception
    assert system_notes(at) == []


def test_trends_says_which_quarters_targets_changed_in_beside_the_attainment_rates(
    open_page, page_db
):
    """An analyst raised five targets from a quarter on (etl/demo.py: each higher-is-better
    rate's 全部 target, by 0.02, from the third of the demo's four quarters): the Trends page's
    attainment rates fell there though no unit changed, and the page said nothing of it, where
    the Overview and the Rankings name such a change. It now says, beside the chart, in which
    quarter of the window the system changed and how many changes; a window without a change
    says nothing."""
    quarters = demo_quarters(page_db)
    raised = quarters[2]
    at = open_page("pages/trends.py")
    assert not at.exception
    notes = [e.label for e in at.expander if "测评体系" in e.label]
    assert notes == [
        f"所示季度中测评体系有 5 处调整（{zh(raised)}起施行）：各指标达标率的升降有一部分"
        "来自这些调整（如目标值提高），而非单位本身"
    ]
    at = open_page("pages/trends.py", **{"from": quarters[0], "to": quarters[1]})
    assert not at.exception
    assert [e.label for e in at.expander if "测评体系" in e.label] == []


def test_an_indicator_with_no_definition_is_no_change_that_moves_an_index(open_page, page_db):
    """An analyst added an indicator no query computes yet (an inspection item of its own) from
    the latest quarter: the Rankings page said the system changed and that part of the
    changes in index and rank came from it, though such an indicator counts in no index
    (docs/METHOD.md §1). The readers' note now leaves it out; the admin's list of changes
    still names it."""
    quarters = demo_quarters(page_db)
    row = (
        "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,"
        "target\n"
        f"smoke_free_rate,无烟医院达标率,Smoke-free rate,inspection,higher,0.05,rate,全部,"
        f"{quarters[-1]},0.9\n"
    )
    con = connect(str(page_db))
    assert load_file(con, row.encode(), "system.csv").outcome == "loaded"
    changes = run(con, "indicator_changes", from_quarter=quarters[-2], to_quarter=quarters[-1])
    con.close()
    assert sorted(changes["change"]) == ["indicator_added", "target"]
    assert changes["has_definition"].to_list() == [False, False]
    at = open_page("pages/rankings.py", quarter=quarters[-1])
    assert not at.exception
    assert system_notes(at) == []
