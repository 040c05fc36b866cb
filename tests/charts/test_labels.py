"""Labels and numbers as people read them (charts/labels.py): one wording per kind of value,
for the pack, the circular, the chart exports and the pages alike."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from charts.labels import (
    fmt_date,
    fmt_number,
    fmt_rank_move,
    fmt_share,
    fmt_signed,
    loaded_day,
    names_told_apart,
    quarter_label,
    quarter_label_expr,
    rank_move_expr,
)


def test_figures_round_half_up_on_their_decimal_value():
    """四舍五入 as an official figure is rounded, whatever the float holds: 89.85 − 80.00 is
    9.849999999999994 as a float (a format string gives 9.8), 2.675 is 2.67499999999999982
    (2.67), 0.125 is exact (half even gives 0.12)."""
    assert (fmt_signed(89.85 - 80.0), fmt_signed(80.0 - 89.85)) == ("+9.9", "−9.9")
    assert (fmt_signed(9.855), fmt_signed(9.845)) == ("+9.9", "+9.8")  # no tie at one decimal
    assert (fmt_number(2.675, 2), fmt_number(0.125, 2), fmt_number(1234.25)) == (
        "2.68",
        "0.13",
        "1,234.3",
    )


def test_a_share_rounds_half_up_as_every_other_figure():
    """13 of 16 satisfied is 81.25%: 81.3% (a format string gave 81.2%, half even); 0.705 is
    70.4999… ×100 as a float, and is shown 70.5%."""
    assert (fmt_share(13 / 16), fmt_share(0.705), fmt_share(1 / 3)) == ("81.3%", "70.5%", "33.3%")


def test_a_share_short_of_the_whole_is_never_shown_as_the_whole():
    """Trial (session 57): 11,997 of 12,000 reports received showed as 100.0%, beside three
    units listed as missing one. Nor is a share above none shown as none."""
    assert fmt_share(11_997 / 12_000) == "99.9%"
    assert fmt_share(3 / 12_000) == "0.1%"
    assert (fmt_share(1.0), fmt_share(0.0), fmt_share(0.9994)) == ("100.0%", "0.0%", "99.9%")
    assert fmt_share(0.99949) == "99.9%" and fmt_share(0.9985) == "99.9%"  # as rounded


def test_a_day_in_chinese_is_written_as_a_document_writes_it():
    assert fmt_date(date(2026, 11, 13), "zh") == "2026年11月13日"
    assert fmt_date(date(2026, 1, 5), "zh") == "2026年1月5日"  # no leading zeros


def test_a_day_in_a_chinese_tables_column_is_short_and_keeps_its_year():
    """The circular's overdue table broke 2023年10 / 月8日 in its date columns; 2023.10.8 is
    4.5 em on one line, and its year is there (findings overdue for years are listed)."""
    assert fmt_date(date(2023, 10, 8), "zh", short=True) == "2023.10.8"
    assert fmt_date(date(2026, 9, 30), "zh", short=True) == "2026.9.30"
    assert fmt_date(date(2026, 9, 30), "en", short=True) == "2026-09-30"  # ISO as ever


def test_a_moment_in_chinese_is_its_day_and_time_to_the_minute():
    assert fmt_date(datetime(2026, 12, 4, 16, 19, 33), "zh") == "2026年12月4日 16:19"
    assert fmt_date(datetime(2026, 12, 4, 9, 5), "zh") == "2026年12月4日 09:05"


def test_english_keeps_iso():
    assert fmt_date(date(2026, 11, 13), "en") == "2026-11-13"
    assert fmt_date(datetime(2026, 12, 4, 16, 19, 33), "en") == "2026-12-04 16:19"


def test_no_day_is_a_dash_and_text_stays_as_it_is():
    assert fmt_date(None, "zh") == "—"
    assert fmt_date("2026年11月13日", "zh") == "2026年11月13日"


def test_the_day_loaded_up_to_is_worded_in_the_language():
    loaded = pl.DataFrame({"loaded_at": [datetime(2026, 11, 13, 23, 50)]})
    assert loaded_day(loaded, "zh") == "2026年11月13日"
    assert loaded_day(loaded, "en") == "2026-11-13"
    assert loaded_day(loaded.clear(), "zh") == "—"


def test_a_quarter_in_full_and_short_on_a_chart():
    assert quarter_label("2024Q4", "zh") == "2024年第4季度"
    assert quarter_label("2024Q4", "zh", short=True) == "2024年4季度"
    assert quarter_label("2024Q4", "en") == "2024 Q4"
    assert quarter_label("2024Q4", "en", short=True) == "2024Q4"
    # a circular's, as official documents write it (a new user's trial)
    assert [quarter_label(f"2026Q{n}", "zh", formal=True) for n in range(1, 5)] == [
        "2026年第一季度",
        "2026年第二季度",
        "2026年第三季度",
        "2026年第四季度",
    ]
    assert quarter_label("2026Q3", "en", formal=True) == "2026 Q3"


def test_only_a_language_whose_short_quarter_is_not_the_code_relabels_an_axis():
    assert '"$1年$2季度"' in quarter_label_expr("datum.value", "zh")
    assert quarter_label_expr("datum.value", "zh").startswith("replace(datum.value, ")
    assert quarter_label_expr("datum.value", "en") is None


def test_two_units_of_one_name_are_told_apart_by_district_else_by_code():
    """Trial J: a county's two townships each have a 中心卫生院; the Rankings page listed the
    units with too little data as "中心卫生院, 中心卫生院, 三塬镇卫生院" and the pack's title
    said "中心卫生院居首", which of the two unsaid."""
    units = pl.DataFrame(
        {
            "unit_code": ["YJ101", "YJ102", "YJ103", "YJ104"],
            "unit_name": ["中心卫生院", "中心卫生院", "三塬镇卫生院", "中心卫生院"],
            "district": ["盐锅峡镇", "西河镇", "三塬镇", "西河镇"],
        }
    )
    told = names_told_apart(units.head(3), units.head(3), "zh")
    assert told == ["中心卫生院（盐锅峡镇）", "中心卫生院（西河镇）", "三塬镇卫生院"]
    # only one of them listed, the other elsewhere in the registry: still told apart
    assert names_told_apart(units.head(1), units, "en") == ["中心卫生院 (盐锅峡镇)"]
    # two of one name in one township: by code
    assert names_told_apart(units.tail(1), units, "zh") == ["中心卫生院（YJ104）"]


def test_the_deck_and_the_circular_count_in_the_singular_and_the_plural():
    """The English deck and circular wrote "1 unit(s)", "3 finding(s)", "2 file(s)"."""
    from i18n import STRINGS, t

    written = [
        k for k, (_, en) in STRINGS.items() if k.startswith(("pack.", "circular.")) and "(s)" in en
    ]
    assert written == []
    assert t("pack.funnel.title", "en", name="Wait", below=1) == "Wait: 1 unit below the 95% limit"
    assert t("pack.overdue.title", "en", findings=3, units=1) == (
        "3 findings overdue and open at 1 unit"
    )
    assert t("pack.completeness.title", "en", missing=2, late=1) == (
        "Data completeness: 2 units missing a report, 1 file late"
    )
    assert t("circular.missing.intro", "en", n=1) == (
        "Units that did not send all their reports for the quarter (1 unit):"
    )


def test_rank_moves_are_written_as_one_rule_without_a_python_call_per_row():
    """A column of rank changes is written by Polars (it was one Python call per row), as
    fmt_rank_move writes one: ▲ up, ▼ down, ＝ unchanged, null for none."""
    changes = pl.DataFrame({"rank_change": [3, -2, 0, None, 12, -1]})
    written = changes.lazy().select(rank_move_expr())
    assert "python" not in written.explain().lower()
    assert written.collect().to_series().to_list() == ["▲3", "▼2", "＝", None, "▲12", "▼1"]
    assert [fmt_rank_move(n) for n in (3, -2, 0, 12, -1)] == ["▲3", "▼2", "＝", "▲12", "▼1"]
