"""What was computed and hidden is shown (issue 11): the share of the weight a unit's index
covers (and why a unit is "insufficient data") on Rankings and the unit profile; days to close
per unit, district and finding on the Ledger page. On tests/ledger_bureau.py, whose figures
are worked by hand in its docstring."""

from __future__ import annotations

import math

import pytest
from ledger_bureau import QUARTER, build


@pytest.fixture(scope="module")
def bureau_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("ledger_bureau") / "template.duckdb"
    build(path)
    return path


@pytest.fixture
def page_db(bureau_template, tmp_path, monkeypatch):
    """This module's pages read the hand-worked bureau instead of the demo."""
    import shutil

    path = tmp_path / "civbench.duckdb"
    shutil.copyfile(bureau_template, path)
    monkeypatch.setenv("CIVBENCH_DB", str(path))
    monkeypatch.delenv("CIVBENCH_REQUIRE_SIGNIN", raising=False)
    return path


def shown_table(at, column: str):
    """The table showing ``column`` (in its column order, when it sets one), as a frame."""
    for table in at.dataframe:
        order = list(table.proto.column_order)
        if column in table.value.columns and (not order or column in order):
            return table.value
    raise AssertionError(f"no table shows {column!r}")


def by_unit(frame, column: str) -> dict:
    return dict(zip(frame["unit_code"], frame[column], strict=True))


def metric(at, label: str) -> str:
    [value] = [m.value for m in at.metric if m.label == label]
    return value


def test_rankings_table_shows_the_weight_covered_and_why_a_unit_is_not_ranked(open_page):
    at = open_page("pages/rankings.py", lang="en", quarter=QUARTER)
    assert not at.exception
    table = shown_table(at, "weight_covered")
    # A1 has all three indicators, A3 inspections only (0.5 + 0.2), A2 a survey only (0.3)
    assert by_unit(table, "weight_covered") == {"A1": 1.0, "A2": 0.3, "A3": 0.7}
    assert by_unit(table, "status_label")["A2"] == "Insufficient data"
    captions = " ".join(c.value for c in at.caption)
    assert "a unit below 70.0% is shown as insufficient data" in captions


def test_rankings_table_puts_the_index_its_range_and_the_status_beside_the_name(open_page):
    """Trial A: at 1280 px the table scrolled sideways and hid 名次可能范围 and 状态, which
    stood eighth and last."""
    at = open_page("pages/rankings.py", lang="zh", quarter=QUARTER)
    assert not at.exception
    [league] = [t for t in at.dataframe if "rank_range" in t.proto.column_order]
    assert list(league.proto.column_order)[:6] == [
        "rank",
        "unit_name",
        "value",  # right after the name: on a phone it stood past the screen's right edge
        "movement",
        "rank_range",
        "status_label",
    ]


def test_rankings_by_one_indicator_has_no_weight_column(open_page):
    at = open_page("pages/rankings.py", lang="en", indicator="outpatient_satisfaction")
    assert not at.exception
    [league] = [t for t in at.dataframe if "rank_range" in t.proto.column_order]
    assert "value" in league.proto.column_order
    assert "weight_covered" not in league.proto.column_order


def test_profile_of_an_insufficient_unit_says_how_much_weight_it_covers(open_page):
    at = open_page("pages/unit_profile.py", lang="en", unit="A2", quarter=QUARTER)
    assert not at.exception
    assert metric(at, "Weight covered") == "30.0%"
    assert [w.value for w in at.warning] == [
        "Insufficient data: this quarter the unit's index covers only 30.0% of the weight, and "
        "at least 70.0% is needed, so it is not ranked."
    ]
    ranked = open_page("pages/unit_profile.py", lang="zh", unit="A3", quarter=QUARTER)
    assert metric(ranked, "权重覆盖") == "70.0%" and not ranked.warning


def test_ledger_shows_days_to_close_per_unit_district_and_finding(open_page):
    at = open_page("pages/ledger.py", lang="en", quarter=QUARTER, status="all")
    assert not at.exception
    assert metric(at, "Mean days to close") == "15.0"  # (10 + 30 + 5) / 3
    districts = shown_table(at, "units")  # the district table
    means = dict(zip(districts["district"], districts["mean_days_to_close"], strict=True))
    assert means == {"城关区": 20.0, "西固区": 5.0}
    units = shown_table(at, "oldest_open_days")  # the unit table
    days = by_unit(units, "mean_days_to_close")
    assert (days["A1"], days["A3"]) == (20.0, 5.0) and math.isnan(days["A2"])  # none closed
    findings = shown_table(at, "days_to_close")
    closed = sorted(
        (code, int(d))
        for code, d in zip(findings["unit_code"], findings["days_to_close"], strict=True)
        if not math.isnan(d)
    )
    assert closed == [("A1", 10), ("A1", 30), ("A3", 5)]
