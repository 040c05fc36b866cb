"""ui.indicator_system without Streamlit: the file built from the editors, the comparison."""

from datetime import date, datetime

import polars as pl

from etl.db import connect
from etl.load import load_file
from ui import indicator_system as system

INDICATORS = pl.DataFrame(
    {
        "indicator_code": ["a", "b"],
        "name_zh": ["甲", "乙"],
        "name_en": ["A", "B"],
        "domain": ["survey", "activity"],
        "direction": ["higher", "lower"],
        "weight": [0.7, 0.3],
        "unit": ["rate", "count"],
    }
)
TARGETS = pl.DataFrame(
    {
        "indicator_code": ["a", "a", "zz", None],
        "peer_group": ["全部", "三级医院", "全部", None],
        "from_quarter": ["2025Q1", "2025Q3", "2025Q1", None],
        "target": [0.9, 0.95, 1.0, None],
    }
)


def test_one_row_per_target_an_indicator_without_targets_and_orphan_targets_kept():
    rows = system.system_rows(INDICATORS, TARGETS)
    assert [(r["indicator_code"], r["peer_group"], r["target"]) for r in rows] == [
        ("a", "全部", 0.9),
        ("a", "三级医院", 0.95),
        ("b", None, None),  # no target: the indicator's own row, target fields empty
        ("zz", "全部", 1.0),  # a target of an unknown indicator goes to the loader to reject
    ]
    text = system.system_csv(rows).decode()
    assert text.splitlines()[0] == ",".join(system.CSV_COLUMNS)
    assert text.splitlines()[3] == "b,乙,B,activity,lower,0.3,count,,,"


def test_change_detection_ignores_row_order():
    reordered = TARGETS.reverse()
    assert not system.system_changed(INDICATORS, TARGETS, INDICATORS, reordered)
    heavier = INDICATORS.with_columns(pl.Series("weight", [0.6, 0.4]))
    assert system.system_changed(INDICATORS, TARGETS, heavier, TARGETS)


def test_a_deleted_indicator_is_reported():
    assert system.removed_indicators(INDICATORS, INDICATORS.head(1)) == ["b"]


def test_ranking_comparison_shows_the_new_top_with_old_ranks():
    before = pl.DataFrame(
        {"unit_code": ["u1", "u2", "u3"], "rank": [1, 2, 3], "value": [90.0, 80.0, 70.0]}
    )
    after = pl.DataFrame(
        {
            "unit_code": ["u3", "u1", "u2"],
            "unit_name": ["C", "A", "B"],
            "rank": [1, 2, None],
            "value": [95.0, 85.0, None],
        }
    )
    table = system.ranking_comparison(before, after, n=10)
    # u3 moved from 3rd to 1st (+2), u1 from 1st to 2nd (−1); u2 is unranked now: listed last,
    # with no rank after (it was left out, and the table showed u3 rise with no word of why)
    assert table.select("unit_code", "rank_before", "rank_after", "rank_change").rows() == [
        ("u3", 3, 1, 2),
        ("u1", 1, 2, -1),
        ("u2", 2, None, None),
    ]
    assert table["unit_name"].to_list() == ["C", "A", "B"]


def test_ranking_comparison_lists_a_unit_that_fell_out_of_the_top_after_it():
    before = pl.DataFrame({"unit_code": ["u1", "u2", "u3"], "rank": [1, 2, 3], "value": [9.0] * 3})
    after = pl.DataFrame(
        {"unit_code": ["u3", "u1", "u2"], "unit_name": ["C", "A", "B"], "rank": [1, 2, 3]}
    ).with_columns(value=pl.lit(8.0))
    table = system.ranking_comparison(before, after, n=2)  # the top two: u3, u1; u2 fell to 3rd
    assert table.select("unit_code", "rank_before", "rank_after").rows() == [
        ("u3", 3, 1),
        ("u1", 1, 2),
        ("u2", 2, 3),
    ]


UNITS_CSV = "unit_code,unit_name,district,peer_group,staff_count\nH001,一院,城关区,三级医院,100\n"
SYSTEM_CSV = (
    "indicator_code,name_zh,name_en,domain,direction,weight,unit\n"
    "inspection_score_rate,检查得分率,Inspection score rate,inspection,higher,1,rate\n"
)


def test_the_system_history_keeps_its_versions_however_many_files_came_since(tmp_path):
    """The page's 修改历史 read the latest 200 loads of any kind and kept the indicator
    system's among them: after 200 data files (a bureau's two years) it was empty, under its
    heading. Here a history of 2 after the system and 3 data files."""
    con = connect(str(tmp_path / "civbench.duckdb"))
    when = {"today": date(2026, 1, 15), "now": datetime(2026, 1, 15, 9, 30)}
    load_file(con, UNITS_CSV.encode(), "units.csv", by="li", **when)
    system_load = load_file(con, SYSTEM_CSV.encode(), "system.csv", by="li", **when)
    assert system_load.outcome == "loaded", system_load.summary()
    for n in range(3):
        survey = f"单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q{n + 1},门诊,40,3{n}\n"
        assert load_file(con, survey.encode(), f"s{n}.csv", by="li", **when).outcome == "loaded"
    shown = system.system_history(con, limit=2)
    con.close()
    assert shown["load_id"].to_list() == [system_load.load_id]


def test_every_change_draws_the_editors_anew_however_long_the_history(tmp_path):
    """The editors' version counted the changes among the versions shown (200): past them a
    new version pushed the oldest out, the count stayed, and a second admin's edits went on
    over a system changed under them. Here a history of 2 versions."""
    from etl.load import withdraw

    con = connect(str(tmp_path / "civbench.duckdb"))

    def version() -> str:
        return system.system_version(system.system_history(con, limit=2))

    def load(weight: str) -> str:
        text = SYSTEM_CSV.replace(",higher,1,", f",higher,{weight},")
        return load_file(con, text.encode(), f"system_{weight}.csv").outcome

    assert [load(w) for w in ("1", "0.5", "0.25")] == ["loaded"] * 3
    seen = [version()]
    assert load("0.75") == "loaded"  # a fourth version: two shown still
    seen.append(version())
    withdraw(con, 4)
    seen.append(version())
    assert load("abc") == "rejected"  # a refused save changes nothing
    assert version() == seen[-1]
    con.close()
    assert len(set(seen)) == 3, seen


def test_the_editors_write_whole_numbers_as_a_file_would():
    # a count target of 6 read "6.0", a weight of 1 "1.0"; 0.9 stays 0.9
    stored = pl.DataFrame({"weight": [1.0, 0.25], "target": [6.0, 0.9]})
    shown = system.editable(stored)
    assert shown["weight"].to_list() == ["1", "0.25"]
    assert shown["target"].to_list() == ["6", "0.9"]


def test_only_a_bureau_wide_admin_saves_the_indicator_system(tmp_path):
    """The Indicator system page saved an admin's edits whatever the admin's scope: an admin
    of one district changed the weights and targets of the whole bureau, which an upload of
    the same file refuses (README: only a bureau-wide account loads it)."""
    import accounts
    from etl.scope import Scope

    con = connect(str(tmp_path / "civbench.duckdb"))
    when = {"today": date(2026, 1, 15), "now": datetime(2026, 1, 15, 9, 30)}
    load_file(con, UNITS_CSV.encode(), "units.csv", **when)
    accounts.add_user(con, "zhao", "admin", "long enough", scope=Scope(("城关区",)))
    accounts.add_user(con, "wang", "admin", "long enough")
    row = dict.fromkeys(system.CSV_COLUMNS)
    row.update(
        indicator_code="inspection_score_rate",
        name_zh="检查得分率",
        name_en="Inspection score rate",
        domain="inspection",
        direction="higher",
        weight=1,
        unit="rate",
    )
    refused = system.save_system(con, [row], by="zhao", now=datetime(2026, 1, 15, 9, 31))
    assert refused.outcome == "rejected"
    assert con.execute("SELECT count(*) FROM indicators").fetchone()[0] == 0
    [problem] = refused.problems
    assert problem.expected == (
        "the indicator system is the whole bureau's: only an account with the bureau-wide "
        "scope may load it (yours: districts: 城关区)"
    )
    saved = system.save_system(con, [row], by="wang", now=datetime(2026, 1, 15, 9, 32))
    assert saved.outcome == "loaded", saved.summary()
    con.close()
