"""Which quarter has ended, and which one a page opens on."""

from datetime import date

from etl.quarters import default_quarter, ledger_day, unfinished


def test_a_quarter_is_unfinished_until_the_day_after_its_last():
    assert unfinished("2026Q4", date(2026, 12, 2)) is True
    assert unfinished("2026Q4", date(2026, 12, 31)) is True
    assert unfinished("2026Q4", date(2027, 1, 1)) is False
    assert unfinished("2027Q1", date(2026, 12, 2)) is True  # a future quarter too
    assert unfinished("2026Q3", date(2026, 12, 2)) is False


def test_pages_open_on_the_latest_quarter_that_has_ended():
    today = date(2026, 12, 2)  # in 2026Q4
    assert default_quarter(["2026Q2", "2026Q3", "2026Q4"], today) == "2026Q3"
    assert default_quarter(["2026Q2", "2026Q4", "2027Q1"], today) == "2026Q2"
    assert default_quarter(["2026Q3", "2026Q2"], today) == "2026Q3"  # order given does not count
    # only quarters still running: the latest of them, rather than nothing
    assert default_quarter(["2026Q4", "2027Q1"], today) == "2027Q1"
    assert default_quarter([], today) is None


def test_the_ledger_is_counted_at_the_quarters_end_or_today_while_it_is_under_way():
    today = date(2026, 12, 3)
    assert ledger_day("2026Q3", today) == date(2026, 9, 30)
    assert ledger_day("2026Q4", today) == today
    assert ledger_day("2024Q1", today) == date(2024, 3, 31)  # a leap year's first quarter
