"""The leaders' pages in AppTest against a copy of a small demo database (24 units, 4 quarters):
they render without an exception in both languages, show their key elements, keep their filters
in the URL, and explain an empty database instead of drawing blank charts."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pyarrow
import pytest
from chart_titles import title_text
from quarter_words import en, zh

from etl.db import connect
from etl.load import load_file
from queries import run

PAGES = {
    "dashboard.py": ("本季度总览", "The quarter at a glance"),
    "pages/rankings.py": ("排名", "Rankings"),
    "pages/trends.py": ("趋势", "Trends"),
    "pages/ledger.py": ("整改台账", "Rectification ledger"),
    "pages/data_quality.py": ("数据质量", "Data quality"),
}
DOWNLOAD_LABELS = {"zh": {"PNG 图片", "CSV 表格"}, "en": {"PNG", "CSV"}}


def sql(path, query: str, *params) -> list[tuple]:
    # the app under test holds the file in this process; DuckDB shares that instance
    return duckdb.connect(str(path)).execute(query, list(params)).fetchall()


def latest_quarter(path) -> str:
    return sql(path, "SELECT max(quarter) FROM inspections")[0][0]


def quarter_end(quarter: str) -> date:
    year, q = int(quarter[:4]), int(quarter[-1])
    return {1: date(year, 3, 31), 2: date(year, 6, 30), 3: date(year, 9, 30)}.get(
        q, date(year, 12, 31)
    )


def chart_titles(at) -> list[str]:
    titles = []
    for chart in at.get("vega_lite_chart"):
        titles.append(title_text(json.loads(chart.proto.spec).get("title")))
    return titles


def download_labels(at) -> set[str]:
    return {b.proto.label for b in at.get("download_button")}


def metric(at, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert len(found) == 1, f"expected one metric {label!r}, got {[m.label for m in at.metric]}"
    return found[0]


def table_with(at, column: str):
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert frames, f"no table with a column {column!r}"
    return frames[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_with_charts_and_downloads(seen_page, path, lang):
    at = seen_page(path, lang=lang)
    assert not at.exception
    assert [t.value for t in at.title] == [PAGES[path][0 if lang == "zh" else 1]]
    if path != "pages/data_quality.py":  # its matrix shows only units that missed a report
        assert at.get("vega_lite_chart"), "the page draws at least one chart"
        assert DOWNLOAD_LABELS[lang] <= download_labels(at)
    assert not at.error


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unit_profile_renders_for_the_unit_in_the_url(seen_page, page_db, lang):
    name = sql(page_db, "SELECT unit_name FROM units WHERE unit_code = 'U0005'")[0][0]
    # one row per indicator and from_quarter: count the indicators
    indicators = sql(page_db, "SELECT count(DISTINCT indicator_code) FROM indicators")[0][0]
    at = seen_page("pages/unit_profile.py", lang=lang, unit="U0005")
    assert not at.exception
    assert [t.value for t in at.title] == [name]
    assert at.selectbox(key="up_unit").value == "U0005"
    # the index, one chart per indicator, and the rank history
    assert len(at.get("vega_lite_chart")) == 1 + indicators + 1
    titles = chart_titles(at)
    assert ("名次变化" if lang == "zh" else "Rank history") in titles
    assert ("文明指数" if lang == "zh" else "Civility index") in titles
    # the index with two decimals, as the Rankings page shows and ranks it
    con = connect(str(page_db))
    ranked = run(con, "rankings", quarter=latest_quarter(page_db), draws=0)
    con.close()
    value = ranked.filter(pl.col("unit_code") == "U0005")["value"][0]
    assert at.metric[0].value == f"{value:,.2f}"


def in_order(node) -> list:
    """Every element under an AppTest block, in the order the page draws them."""
    children = getattr(node, "children", None)
    if not children:
        return [node]
    return [e for key in sorted(children) for e in in_order(children[key])]


def test_unit_profile_says_what_the_index_charts_band_and_dashes_are(seen_page):
    """A trial: the profile's first chart (the index) drew a grey band and a grey dashed line
    with no word; what they are was said only below it, under the indicators' heading."""
    at = seen_page("pages/unit_profile.py", lang="zh", unit="U0005")
    assert not at.exception
    drawn = in_order(at.main)
    first_chart = next(i for i, e in enumerate(drawn) if e.type == "vega_lite_chart")
    said = [e.value for e in drawn[:first_chart] if e.type == "caption"]
    assert "灰色带为同类单位的上下四分位" in said[-1] and "灰色虚线为同类中位数" in said[-1]


def test_an_index_never_ranked_is_said_so_not_said_to_have_no_data(open_page, page_db):
    """A unit left with its activities alone covers too little of the weight to be ranked in
    any quarter: its index panel said the unit had no data for it, beside a Rankings page
    listing the unit's index with 数据不足."""
    con = duckdb.connect(str(page_db))
    for table in ("inspections", "surveys"):
        con.execute(f"DELETE FROM {table} WHERE unit_code = 'U0005'")
    con.close()
    at = open_page("pages/unit_profile.py", lang="zh", unit="U0005")
    assert not at.exception
    assert at.metric[0].value == "数据不足"
    assert "**文明指数**" in [m.value for m in at.markdown]
    captions = [c.value for c in at.caption]
    assert (
        "该单位在所示季度都未参加排名（指标数据不足或没有数据），文明指数没有可画的趋势。"
        in captions
    )
    assert "该单位在所示季度没有这项指标的数据。" in captions  # an inspection indicator's panel


def test_an_indicator_the_unit_has_no_value_of_is_named_not_drawn(open_page, page_db):
    """Without any inpatient survey of U0005, its inpatient-satisfaction panel names the
    indicator and says so: no blank chart with downloads."""
    con = duckdb.connect(str(page_db))
    con.execute("DELETE FROM surveys WHERE unit_code = 'U0005' AND survey_type = '住院'")
    con.close()
    indicators = sql(page_db, "SELECT count(DISTINCT indicator_code) FROM indicators")[0][0]
    at = open_page("pages/unit_profile.py", lang="en", unit="U0005")
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1 + (indicators - 1) + 1
    assert "Inpatient satisfaction rate" not in chart_titles(at)
    assert "**Inpatient satisfaction rate**" in [m.value for m in at.markdown]
    assert "The unit has no value of this indicator in the quarters shown." in [
        c.value for c in at.caption
    ]


def test_unit_profile_lists_the_units_activities(seen_page, page_db):
    quarter = latest_quarter(page_db)
    rows = sql(
        page_db,
        "SELECT activity_type, sessions FROM activities WHERE unit_code = 'U0005' AND quarter = ?",
        quarter,
    )
    at = seen_page("pages/unit_profile.py", lang="en", unit="U0005")
    assert not at.exception
    table = table_with(at, "activity_type")
    assert sorted(zip(table["activity_type"], table["sessions"], strict=True)) == sorted(rows)
    assert set(table["quarter"]) == {quarter}
    downloads = [b.proto.id for b in at.get("download_button")]
    assert [i for i in downloads if "dl_activities_U0005_csv" in i]


def test_unit_profile_of_an_unknown_code_says_so(open_page):
    at = open_page("pages/unit_profile.py", lang="en", unit="NOPE")
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "There is no unit with code “NOPE”; showing the first unit instead."
    ]
    assert at.selectbox(key="up_unit").value == "U0001"


def test_overview_headline_counts_units_from_the_database(seen_page, page_db):
    quarter = latest_quarter(page_db)
    total = sql(page_db, "SELECT count(*) FROM units")[0][0]
    # units with any inspection, survey or activity in the quarter (each gives an indicator)
    assessed = sql(
        page_db,
        "SELECT count(DISTINCT unit_code) FROM (SELECT unit_code FROM inspections WHERE "
        "quarter = ? UNION ALL SELECT unit_code FROM surveys WHERE quarter = ? UNION ALL "
        "SELECT unit_code FROM activities WHERE quarter = ?)",
        quarter,
        quarter,
        quarter,
    )[0][0]
    at = seen_page("dashboard.py", lang="en")
    # the count alone as the value, the total in the label: a province's "3,000 / 3,000" ran
    # past the card's edge at 1366 px ("3,000 / 3,…"); the other cards' values are as short
    assert metric(at, "Units assessed") == f"{assessed}"
    [card] = [m for m in at.metric if m.label == "Units assessed"]
    assert card.delta == f"of {total}"
    assert all(len(m.value) <= len("3,000.0%") for m in at.metric)
    top = table_with(at, "end")
    tops = top[top["end"] == "top"]["rank"].tolist()
    assert tops[0] == 1 and tops == sorted(tops)
    assert at.caption[0].value.startswith(en(quarter) + " · ")


def test_a_group_of_twenty_or_fewer_gets_its_whole_ranking_once_on_the_overview(open_page, page_db):
    """The demo's 24 units are split over five groups: the largest has 7, all of them both in
    its top ten and in its bottom ten."""
    [(group, units)] = sql(
        page_db,
        "SELECT peer_group, count(*) FROM units GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1",
    )
    assert 1 < units <= 10
    at = open_page("dashboard.py", lang="en", peer_group=group)
    assert not at.exception
    headers = [h.value for h in at.subheader]
    assert "Top 10" not in headers and "Bottom 10" not in headers
    [whole] = [h for h in headers if h.startswith("The whole ranking")]
    table = table_with(at, "end")
    assert whole == f"The whole ranking ({len(table)} units)"
    assert table["unit_code"].is_unique and table["rank"].tolist() == sorted(table["rank"])
    assert 1 < len(table) <= units  # its ranked units (one with too little data is not)


def test_overview_reporting_counts_from_the_database(open_page, page_db):
    quarter = latest_quarter(page_db)
    con = duckdb.connect(str(page_db))
    con.execute("DELETE FROM activities WHERE unit_code = 'U0003' AND quarter = ?", [quarter])
    con.close()
    total = sql(page_db, "SELECT count(*) FROM units")[0][0]
    sent = {
        kind: sql(
            page_db, f"SELECT count(DISTINCT unit_code) FROM {kind} WHERE quarter = ?", quarter
        )[0][0]
        for kind in ("inspections", "surveys", "activities")
    }
    at = open_page("dashboard.py", lang="en")
    assert not at.exception
    # one report expected per unit and kind: the share of the 3 × total sent
    share = sum(sent.values()) / (3 * total)
    assert metric(at, "Reporting completeness") == f"{share * 100:.1f}%"
    assert metric(at, "Activities") == f"{sent['activities']} / {total}"
    assert sent["activities"] < total  # U0003's activities were removed


def test_rankings_filters_come_from_the_url(open_page, page_db):
    district = sql(page_db, "SELECT min(district) FROM units")[0][0]
    in_district = sql(page_db, "SELECT count(*) FROM units WHERE district = ?", district)[0][0]
    at = open_page(
        "pages/rankings.py",
        lang="en",
        indicator="outpatient_satisfaction",
        view="funnel",
        district=district,
    )
    assert not at.exception
    assert at.selectbox(key="rk_indicator").value == "outpatient_satisfaction"
    assert chart_titles(at) == ["Funnel plot: proportion by sample size (95% and 99.8% limits)"]
    table = table_with(at, "rank_range")
    assert set(table["district"]) == {district}
    assert len(table) == in_district


def test_funnel_view_states_its_limits_and_over_dispersion_and_keeps_the_choice(open_page, page_db):
    """Issue 11: the reader chooses exact or normal limits and the adjustment (in the URL);
    the over-dispersion test is written under the plot, with φ as the query computed it."""
    from queries import run

    at = open_page(
        "pages/rankings.py",
        lang="en",
        indicator="outpatient_satisfaction",
        view="funnel",
        limits="normal",
        dispersion="multiplicative",
    )
    assert not at.exception
    assert at.selectbox(key="fn_limits").value == "normal"
    assert at.selectbox(key="fn_dispersion").value == "multiplicative"
    [chart] = at.get("vega_lite_chart")
    note = json.loads(chart.proto.spec)["vconcat"][1]  # the line under the plot
    [data] = [d.data.data for d in chart.proto.datasets if d.name == note["data"]["name"]]
    [row] = pyarrow.ipc.open_stream(data).read_all().to_pylist()
    con = connect(page_db)
    try:
        curve = run(
            con,
            "funnel_limits",
            quarter=latest_quarter(page_db),
            indicator_code="outpatient_satisfaction",
            limits="normal",
            overdispersion="multiplicative",
        ).row(0, named=True)
    finally:
        con.close()
    # the centre line first: the demo's 乡镇卫生院 have an outpatient target of their own, so
    # all groups together centre on their pooled proportion
    centre = (
        f"Centre line: the units' pooled proportion, {curve['centre'] * 100:.1f}% (not a target). "
    )
    assert curve["centre_kind"] == "mean"
    assert row["note"].startswith(
        f"{centre}Normal-approximation limits. Over-dispersion test: φ = {curve['phi']:.2f} "
        f"({curve['units_tested']} units; over-dispersed above {curve['phi_limit']:.2f}); "
    )
    widened = f"limits widened by √φ = {curve['phi'] ** 0.5:.2f}."
    assert row["note"].endswith(widened if curve["phi"] > 1 else "so they stay as they are.")


def test_rankings_form_writes_the_filters_to_the_url(open_page):
    at = open_page("pages/rankings.py", lang="en")
    at.selectbox(key="rk_indicator").set_value("inspection_score_rate")
    at.selectbox(key="rk_sort").set_value("rank_change")
    [apply] = [b for b in at.button if b.label == "Apply"]
    apply.click().run()
    assert not at.exception
    assert at.query_params["indicator"] == "inspection_score_rate"
    assert at.query_params["sort"] == "rank_change"
    changes = table_with(at, "rank_range")["rank_change"].dropna().tolist()
    assert changes == sorted(changes, reverse=True)


def test_rankings_follow_the_quarter_selector(open_page, page_db):
    quarters = [q for (q,) in sql(page_db, "SELECT DISTINCT quarter FROM inspections ORDER BY 1")]
    at = open_page("pages/rankings.py", lang="en")
    assert set(table_with(at, "rank_range")["quarter"]) == {quarters[-1]}
    at.selectbox(key="_quarter_widget").set_value(quarters[-2]).run()
    assert not at.exception
    assert set(table_with(at, "rank_range")["quarter"]) == {quarters[-2]}
    assert at.query_params["quarter"] == quarters[-2]


@pytest.mark.parametrize(
    ("params", "title"),
    [
        ({"view": "robustness"}, "Robustness: ranks under other normalisations and equal weights"),
        ({"view": "caterpillar"}, "Each unit's rank with its plausible range"),
        ({"view": "league", "indicator": "public_satisfaction"}, "League table"),
    ],
)
def test_rankings_views(open_page, params, title):
    at = open_page("pages/rankings.py", lang="en", **params)
    assert not at.exception
    assert chart_titles(at) == [title]


def test_funnel_of_the_index_explains_what_it_needs(open_page):
    at = open_page("pages/rankings.py", lang="en", view="funnel")
    assert not at.exception
    assert chart_titles(at) == []
    assert any("needs a proportion indicator" in i.value for i in at.info)


def test_ledger_open_findings_match_the_inspections(seen_page, page_db):
    quarter = latest_quarter(page_db)
    end = quarter_end(quarter)
    # open at quarter end: found by then, not rectified by then
    open_count = sql(
        page_db,
        "SELECT count(*) FROM inspections WHERE finding IS NOT NULL AND inspection_date <= ? "
        "AND (rectified_on IS NULL OR rectified_on > ?)",
        end,
        end,
    )[0][0]
    at = seen_page("pages/ledger.py", lang="en")
    assert metric(at, "Open findings") == f"{open_count:,}"
    assert "Open findings by age (days since the inspection)" in chart_titles(at)


def test_ledger_by_district_adds_up_to_the_totals(seen_page, page_db):
    quarter = latest_quarter(page_db)
    end = quarter_end(quarter)
    per_district = dict(
        sql(
            page_db,
            "SELECT u.district, count(*) FROM inspections AS i JOIN units AS u USING (unit_code) "
            "WHERE i.finding IS NOT NULL AND i.inspection_date <= ? "
            "AND (i.rectified_on IS NULL OR i.rectified_on > ?) GROUP BY u.district",
            end,
            end,
        )
    )
    units = dict(sql(page_db, "SELECT district, count(*) FROM units GROUP BY district"))
    at = seen_page("pages/ledger.py", lang="en")
    table = table_with(at, "units")
    shown = dict(zip(table["district"], table["open_findings"], strict=True))
    assert shown == {d: per_district.get(d, 0) for d in units}
    assert dict(zip(table["district"], table["units"], strict=True)) == units
    overdue = table["overdue_open"].tolist()
    assert overdue == sorted(overdue, reverse=True)


def test_ledger_district_filter_from_the_url(open_page, page_db):
    district = sql(page_db, "SELECT max(district) FROM units")[0][0]
    at = open_page("pages/ledger.py", lang="zh", district=district)
    assert not at.exception
    assert set(table_with(at, "oldest_open_days")["district"]) == {district}
    assert "按区县" not in [s.value for s in at.subheader]


def test_data_quality_shows_a_missing_report(open_page, page_db):
    quarter = latest_quarter(page_db)
    con = duckdb.connect(str(page_db))
    con.execute("DELETE FROM surveys WHERE unit_code = 'U0002' AND quarter = ?", [quarter])
    con.close()
    total = sql(page_db, "SELECT count(*) FROM units")[0][0]
    reported = sql(
        page_db, "SELECT count(DISTINCT unit_code) FROM surveys WHERE quarter = ?", quarter
    )[0][0]
    at = open_page("pages/data_quality.py", lang="en")
    assert not at.exception
    assert metric(at, f"Surveys reported, {en(quarter)}") == f"{reported} / {total}"
    assert "Reporting completeness" in chart_titles(at)
    missing = table_with(at, "kind_label")
    assert ("U0002", "Surveys") in set(
        zip(missing["unit_code"], missing["kind_label"], strict=True)
    )
    # U0002's own account: its one unit missed a report, and no other unit is in its scope
    # (the caption said "the other 0 reported everything")
    import accounts
    from etl.scope import Scope

    with contextlib.closing(connect(str(page_db))) as store:
        accounts.add_user(store, "u2", "viewer", "u2-pass-123", scope=Scope(unit="U0002"))
    at = open_page("pages/data_quality.py", user="u2", lang="en")
    [said] = [c.value for c in at.caption if "missed a report" in c.value]
    assert said.endswith(
        ": 1 unit missed a report; the matrix shows 1 of them; no unit in scope reported "
        "everything."
    ), said


def test_outliers_read_in_each_indicators_unit(open_page, page_db):
    """U0001's outpatients: 10 of 400 satisfied, a rate of 2.5% far below its peers: flagged,
    and shown as the rate it is (2.5%), not as 0.025 beside counts and hours."""
    quarter = latest_quarter(page_db)
    con = connect(str(page_db))
    survey = f"unit_code,quarter,survey_type,respondents,satisfied\nU0001,{quarter},门诊,400,10\n"
    assert load_file(con, survey.encode(), "u1_survey.csv").outcome == "loaded"
    con.close()
    at = open_page("pages/data_quality.py", lang="en", quarter=quarter)
    assert not at.exception
    outliers = pl.from_pandas(table_with(at, "own_median"))
    row = outliers.filter(
        (pl.col("unit_code") == "U0001") & (pl.col("indicator") == "Outpatient satisfaction rate")
    )
    assert row["value"].to_list() == ["2.5%"], outliers.select(
        "unit_code", "indicator", "value"
    ).rows()
    assert re.fullmatch(r"\d+\.\d%", row["peer_median"][0])
    # z-scores with two decimals each (-2.70, 2.02, -0.68), where three significant digits
    # read -2.7, 2.02, -0.675 side by side
    [table] = [d for d in at.dataframe if "own_median" in d.value.columns]
    config = json.loads(table.proto.columns)  # as the browser gets it
    formats = [config[c]["type_config"]["format"] for c in ("peer_z", "own_z")]
    assert formats == ["%.2f", "%.2f"], config["peer_z"]


def test_late_files_name_their_kind_in_the_pages_language(seen_page):
    # the demo's late reporters (etl/demo.py) load some files after the 15-day deadline
    at = seen_page("pages/data_quality.py", lang="zh")
    late = table_with(at, "days_late")
    assert len(late) > 0
    assert set(late["kind_label"]) <= {"检查结果", "满意度调查", "活动统计"}
    # no day received given: empty cells, as text (a date column shows empty text as None)
    assert set(late["received_on"]) == {""}
    [table] = [d for d in at.dataframe if "days_late" in d.value.columns]
    config = json.loads(table.proto.columns)  # as the browser gets it
    assert config["received_on"]["type_config"]["type"] == "text", config["received_on"]


def test_a_late_file_loaded_from_the_command_line_is_said_loaded_by_the_command_line(
    open_page, page_db
):
    """A trial: a file loaded without --by showed 上传人 "cli" in the Chinese late files'
    table and its download; the logs say it 命令行 (etl.messages.person)."""
    quarter = latest_quarter(page_db)
    loaded = datetime.combine(quarter_end(quarter) + timedelta(days=30), datetime.min.time())
    survey = f"单位编码,季度,调查类型,样本量,满意人数\nU0004,{quarter},职工,400,390\n"
    con = connect(page_db)
    result = load_file(con, survey.encode(), "迟报_职工.csv", kind="surveys", now=loaded)
    con.close()
    assert result.outcome == "loaded" and result.replaced == 0  # a report, not a correction
    at = open_page("pages/data_quality.py", lang="zh")
    late = table_with(at, "days_late")
    assert late.loc[late["file_name"] == "迟报_职工.csv", "loaded_by"].tolist() == ["命令行"]


def test_a_correction_after_the_deadline_is_named_apart_not_as_late(open_page, page_db):
    """U0001's outpatient survey of the quarter, restated 30 days after its end (15 after the
    deadline): it replaces the demo's row, so it is a correction, not a late report."""
    quarter = latest_quarter(page_db)
    survey = f"单位编码,季度,调查类型,样本量,满意人数\nU0001,{quarter},门诊,400,390\n"
    loaded = datetime.combine(quarter_end(quarter) + timedelta(days=30), datetime.min.time())
    con = connect(page_db)
    result = load_file(con, survey.encode(), "更正_满意度.csv", now=loaded)
    con.close()
    assert result.outcome == "loaded" and result.replaced == 1
    at = open_page("pages/data_quality.py", lang="zh")
    assert not at.exception
    # the file name as written (Markdown escapes: the page shows 更正_满意度.csv)
    assert "截止日后载入的更正文件 1 份，不计为迟报：更正\\_满意度\\.csv。" in [
        c.value for c in at.caption
    ]
    assert "更正_满意度.csv" not in set(table_with(at, "days_late")["file_name"])


def test_withdrawn_files_are_not_late_and_the_page_lists_what_the_pack_lists(open_page, page_db):
    """The trial's case: the quarter published, then three corrections of outpatient surveys
    (U0001-U0003, which the demo has: each replaces a row) and U0004's first staff survey
    (which it has none of: a report) loaded 30 days after the quarter's end (15 after the
    deadline); the third correction and the report withdrawn; published again. As published,
    the page names the two corrections in force and lists neither withdrawn file as late, and
    its late files are the pack's for that publication."""
    from charts.pack import PackRequest, state_late_loads
    from etl.load import withdraw
    from etl.publish import publish

    quarter = latest_quarter(page_db)
    loaded = datetime.combine(quarter_end(quarter) + timedelta(days=30), datetime.min.time())
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    con = connect(page_db)
    publish(con, quarter, "director")
    ids = {}
    for name, unit, kind in [
        ("更正1.csv", "U0001", "门诊"),
        ("更正2.csv", "U0002", "门诊"),
        ("更正3.csv", "U0003", "门诊"),
        ("迟报.csv", "U0004", "职工"),
    ]:
        survey = f"{header}{unit},{quarter},{kind},400,390\n"
        result = load_file(con, survey.encode(), name, kind="surveys", now=loaded)
        assert result.outcome == "loaded" and result.replaced == (kind == "门诊")
        ids[name] = result.load_id
    withdraw(con, ids["更正3.csv"], by="analyst")
    withdraw(con, ids["迟报.csv"], by="analyst")
    again = publish(con, quarter, "director")
    # the late files the pack of that publication lists (gather_state's), without its other
    # queries
    pack = state_late_loads(con, PackRequest(quarter, publication=again.publication_id))
    con.close()
    at = open_page("pages/data_quality.py", lang="zh", quarter=quarter)
    assert not at.exception
    assert "截止日后载入的更正文件 2 份，不计为迟报：更正1\\.csv、更正2\\.csv。" in [
        c.value for c in at.caption
    ]
    listed = table_with(at, "days_late")["file_name"].to_list()
    assert not {"更正3.csv", "迟报.csv"} & set(listed)
    assert sorted(listed) == sorted(pack["file_name"].to_list())


def test_data_quality_when_everything_was_reported(seen_page, page_db):
    at = seen_page("pages/data_quality.py", lang="en")
    missed = sql(
        page_db,
        "SELECT count(*) FROM units u, (SELECT DISTINCT quarter FROM inspections) q "
        "WHERE NOT EXISTS (SELECT 1 FROM surveys s WHERE s.unit_code = u.unit_code "
        "AND s.quarter = q.quarter)",
    )[0][0]
    if missed:
        assert "Reporting completeness" in chart_titles(at)
    else:
        assert any("reported inspections, surveys and activities" in s.value for s in at.success)


def test_trends_window_from_the_url(open_page, page_db):
    quarters = [q for (q,) in sql(page_db, "SELECT DISTINCT quarter FROM inspections ORDER BY 1")]
    at = open_page("pages/trends.py", lang="en", **{"from": quarters[1], "to": quarters[2]})
    assert not at.exception
    assert at.caption[0].value.startswith(f"{en(quarters[1])} – {en(quarters[2])}")
    assert at.select_slider(key="tr_window").value == (quarters[1], quarters[2])


def test_trends_end_at_the_pages_quarter_not_at_one_under_way(open_page, page_db):
    """A report of the quarter under way (today): the window still ends at the last ended
    quarter by default, the page's; asked to end at the quarter under way, it says it has not
    ended."""
    ended = latest_quarter(page_db)
    con = connect(str(page_db))
    visit = "unit_code,inspection_date,inspection_type,item,score,max_score\n"
    visit += f"U0001,{date.today()},暗访,服务态度,9,10\n"
    assert load_file(con, visit.encode(), "visit.csv").outcome == "loaded"
    con.close()
    now = latest_quarter(page_db)
    assert now > ended
    at = open_page("pages/trends.py", lang="en")
    assert not at.exception
    assert at.select_slider(key="tr_window").value[1] == ended
    assert not [i for i in at.info if "has not ended" in i.value]
    at = open_page("pages/trends.py", lang="en", to=now)
    assert [i.value for i in at.info if "has not ended" in i.value] == [
        f"{en(now)} has not ended yet: units are still sending their files, so indices and ranks "
        "may change."
    ]


def test_trends_attainment_of_a_published_quarter_is_read_as_published(open_page, page_db):
    """The page says it shows a published quarter's figures as published; its attainment
    chart and table read the store as it is now: a correction loaded since showed there."""
    from etl.publish import publish

    quarter = latest_quarter(page_db)

    def attainment_of_the_quarter() -> list[tuple]:
        at = open_page("pages/trends.py", lang="en", quarter=quarter)
        assert not at.exception
        table = table_with(at, "units_meeting")
        rows = table[table["quarter"] == quarter]
        columns = (rows["indicator"], rows["units_with_value"], rows["units_meeting"])
        return sorted(zip(*columns, strict=True))

    before = attainment_of_the_quarter()
    # every outpatient survey of the quarter corrected to 10 satisfied of 400: none meets a
    # target now, where some did as published
    units = [u for (u,) in sql(page_db, OUTPATIENT_UNITS, quarter)]
    assert units and max(n for _, _, n in before) > 0
    con = connect(page_db)
    publish(con, quarter, "director")
    con.close()
    survey = "单位编码,季度,调查类型,样本量,满意人数\n" + "".join(
        f"{unit},{quarter},门诊,400,10\n" for unit in units
    )
    con = connect(page_db)
    assert load_file(con, survey.encode(), "更正.csv", kind="surveys").outcome == "loaded"
    con.close()
    assert attainment_of_the_quarter() == before


OUTPATIENT_UNITS = (
    "SELECT DISTINCT unit_code FROM surveys WHERE quarter = ? AND survey_type = '门诊' ORDER BY 1"
)


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory) -> Path:
    """A database with the schema and nothing loaded, made once for the module."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    connect(path).close()
    return path


@pytest.fixture
def empty_db(empty_template, tmp_path, monkeypatch):
    """A database with the schema and nothing loaded: a copy of the module's, of its own."""
    path = tmp_path / "empty.duckdb"
    shutil.copyfile(empty_template, path)
    monkeypatch.setenv("CIVBENCH_DB", str(path))
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", [*PAGES, "pages/unit_profile.py"])
def test_empty_database_is_explained_not_drawn(open_page, empty_db, path, lang):
    at = open_page(path, lang=lang)
    assert not at.exception
    assert at.get("vega_lite_chart") == []
    upload = "数据上传" if lang == "zh" else "Upload page"
    assert any(upload in i.value for i in at.info)
    # a bureau with a store already moves it in rather than starting again
    moving = f"`python -m etl migrate --from data/civbench.duckdb --to '{empty_db}'`"
    assert [i.value for i in at.info if moving in i.value], at.info


def test_an_empty_registry_asks_for_the_registry_first_then_files(open_page, empty_db):
    """A new bureau's admin, signed in on the empty store, was told on every page to upload
    'files': a quarter's surveys are refused until the units they name are registered. With
    no unit registered the pages ask for the registry first (Upload page or the command);
    once it is loaded, for the quarter's files."""
    import accounts

    con = connect(empty_db)
    accounts.add_user(con, "root", "admin", "a long password")
    con.close()
    for path in PAGES:
        at = open_page(path, user="root", lang="zh")
        assert not at.exception, path
        infos = [i.value for i in at.info]
        assert len(infos) == 1, (path, infos)
        said = infos[0]
        assert "单位名录" in said and "python -m etl load 单位名录.xlsx" in said, path
    con = connect(empty_db)
    registry = Path(__file__).parents[1] / "fixtures" / "etl" / "units.csv"
    assert load_file(con, registry.read_bytes(), "units.csv").outcome == "loaded"
    con.close()
    at = open_page("dashboard.py", user="root", lang="en")
    [said] = [i.value for i in at.info]
    assert said == (
        "No inspections, surveys or activities are loaded yet: upload files on the Upload page."
    )


def test_a_store_without_accounts_says_how_to_create_the_first_admin(open_page, empty_db):
    at = open_page("dashboard.py", lang="zh")
    assert not at.exception
    [said] = [i.value for i in at.sidebar.info if "尚无任何账户" in i.value]
    assert "`python -m etl users add 名字 --role admin`" in said
    [moving] = [i.value for i in at.info if "python -m etl migrate" in i.value]
    # a new bureau is told what comes first (an admin, the registry, the indicator system) and
    # how; a bureau with a store already, how to move it in
    assert moving == (
        "存储中尚无任何数据。本局初次使用时，先在服务器上建立管理员账户（见侧栏），再装载单位名录，"
        "然后是测评体系，其后才能装载各季度的检查、调查和活动数据（都按单位名录和测评体系核对）："
        "管理员登录后在“数据上传”页上传，或在服务器上运行 "
        "`python -m etl load 单位名录.xlsx 测评体系.csv`。\n\n"
        "若要迁入本局已有的存储（例如旧的 data/civbench.duckdb），请在服务器上运行一次：\n\n"
        f"`python -m etl migrate --from data/civbench.duckdb --to '{empty_db}'`"
    )
    assert not at.sidebar.get("expander")  # no sign-in form nobody could use
    import accounts

    con = connect(empty_db)
    accounts.add_user(con, "root", "admin", "a long password")
    con.close()
    again = open_page("dashboard.py", lang="zh")
    assert not [i for i in again.sidebar.info if "尚无任何账户" in i.value]
    assert again.sidebar.get("expander")
    assert not [i for i in again.info if "python -m etl migrate" in i.value]  # not empty now


def test_a_unit_account_sees_its_units_rank_not_an_empty_list(open_page, page_db):
    """A unit's account whose unit is among the first ten got the 后10名 heading over an
    empty table beside its own (an empty list says nothing the heading does not); one whose
    unit was neither among the first nor the last ten was sent to the Rankings page. One unit
    is fewer than the two lists hold (query top_bottom): the overview lists it, with its rank
    among all the bureau's units, under a heading that says whose it is."""
    import accounts
    from etl.db import connect
    from queries import run
    from queries.scope import Scope

    quarter = latest_quarter(page_db)
    con = connect(str(page_db))
    ranking = run(con, "rankings", quarter=quarter, peer_group="全部", draws=0)
    assert ranking.height == 24 and ranking["rank"].max() > 20  # the two ends are apart
    ordered = ranking.filter(pl.col("status") == "ranked").sort("rank", "unit_code")
    first, mid = ordered.row(0, named=True), ordered.row(12, named=True)
    assert 10 < mid["rank"] < ranking["rank"].max() - 10  # on neither list of ten
    for name, row in (("top_acct", first), ("mid_acct", mid)):
        accounts.add_user(con, name, "viewer", "unit-pass-1", scope=Scope(unit=row["unit_code"]))
    con.close()

    for name, row in (("top_acct", first), ("mid_acct", mid)):
        at = open_page("dashboard.py", user=name, lang="en")
        assert not at.exception
        headers = [h.value for h in at.subheader]
        assert "Top 10" not in headers and "Bottom 10" not in headers
        assert "The units you may see (1), ranked among all of All peer groups" in headers
        ends = [d.value for d in at.dataframe if "end" in d.value.columns]
        assert [list(zip(frame["unit_code"], frame["rank"], strict=True)) for frame in ends] == [
            [(row["unit_code"], row["rank"])]
        ]
        assert not at.info


def test_a_district_of_more_than_twenty_units_none_at_the_ends_is_sent_to_the_rankings(
    open_page, monkeypatch, tmp_path
):
    """44 units 0.01 apart: 城关区 holds ranks 11–34, on neither list of ten; its 24 units
    are more than the two lists hold, so the overview lists the group's ends and says none of
    the viewer's units is on them, and where each one's rank is. 西固区's twenty (ranks 1–10,
    35–44) are listed whole. The headline's figures are the bureau's, and say so."""
    from pack_bureau import build

    import accounts
    from etl.quarters import quarter_of_today, shift_quarter
    from queries.scope import Scope

    path = tmp_path / "bureau.duckdb"
    quarter = shift_quarter(quarter_of_today(), -1)  # an ended quarter
    units = {  # 0.88 down to 0.45, each under the target 0.90: no rank shared
        f"U{i:02d}": (f"第{i}医院", "城关区" if 11 <= i <= 34 else "西固区", 8900 - 100 * i)
        for i in range(1, 45)
    }
    build(path, quarter, units)
    con = connect(str(path))
    accounts.add_user(con, "cg", "viewer", "district-pass-1", scope=Scope(("城关区",)))
    accounts.add_user(con, "xg", "viewer", "district-pass-1", scope=Scope(("西固区",)))
    con.close()
    monkeypatch.setenv("CIVBENCH_DB", str(path))

    at = open_page("dashboard.py", user="cg", lang="en")
    assert not at.exception
    said = " ".join(i.value for i in at.info)
    assert (
        f"In {en(quarter)} none of the units you may see is among the first or last 10 of the "
        "ranking of All peer groups"
    ) in said
    assert not [d for d in at.dataframe if "end" in d.value.columns]
    notes = [c.value for c in at.caption if c.value.startswith("The four figures above")]
    assert notes == [
        "The four figures above are of every unit in All peer groups; the lists below show "
        "only the units you may see."
    ]
    at = open_page("dashboard.py", user="xg", lang="zh")
    assert not at.exception
    headers = [h.value for h in at.subheader]
    assert "您可查看的单位（20 家）及其在“全部类别”排名中的名次" in headers
    assert table_with(at, "end")["rank"].to_list() == [*range(1, 11), *range(35, 45)]


def test_files_without_an_indicator_system_are_told_to_load_one_not_to_upload(open_page, page_db):
    con = duckdb.connect(str(page_db))
    con.execute("DELETE FROM targets")
    con.execute("DELETE FROM indicators")
    con.close()
    scoring = ("dashboard.py", "pages/rankings.py", "pages/trends.py", "pages/unit_profile.py")
    for path in scoring:
        at = open_page(path, lang="zh")
        assert not at.exception, path
        warned = [w.value for w in at.warning][-1]
        assert warned.startswith("尚未装载测评体系：没有指标、权重和目标"), path
        assert not [i.value for i in at.info if "数据上传" in i.value], path
        assert not at.get("vega_lite_chart"), path
    # the meeting pack is made of indices and ranks: its page says so before its button, which
    # made a pack of a quarter with nothing to rank
    pack = open_page("pages/meeting_pack.py", user="admin", lang="zh")
    assert not pack.exception
    assert [w.value for w in pack.warning][-1].startswith("尚未装载测评体系：没有指标、权重和目标")
    assert not [b for b in pack.main.button if b.label == "生成例会材料"]
    # the ledger needs no indicator system: it is drawn as before
    ledger = open_page("pages/ledger.py", lang="zh")
    assert not ledger.warning and table_with(ledger, "oldest_open_days") is not None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_data_quality_without_an_indicator_system_does_not_call_its_values_clean(
    open_page, page_db, lang
):
    """A new bureau that loaded its files before its indicator system saw a green "No values
    to check", read as a clean result: no value had been computed to check. The page says
    that, and how to load the system; what needs no system (the reports received) stays."""
    con = duckdb.connect(str(page_db))
    con.execute("DELETE FROM targets")
    con.execute("DELETE FROM indicators")
    con.close()
    at = open_page("pages/data_quality.py", lang=lang)
    assert not at.exception
    clean = "没有需要核实的异常值" if lang == "zh" else "No values to check"
    assert not [s.value for s in at.success if clean in s.value]
    system = "测评体系" if lang == "zh" else "indicator system"
    [said] = [i.value for i in at.info if system in i.value]
    assert "python -m etl load" in said
    assert ("“测评体系”页" if lang == "zh" else "Indicator system page") in said
    assert at.dataframe  # the reports received are shown as before


def test_rankings_where_every_unit_lacks_data_name_them_instead_of_asking_for_uploads(
    open_page, page_db
):
    """Only the quarter's surveys left: the demo's survey indicators carry 30% of the weight
    (15% + 10% + 5%), the older findings at most 20% more, below the 70% a rank needs."""
    quarter = latest_quarter(page_db)
    con = duckdb.connect(str(page_db))
    for table in ("inspections", "activities"):
        con.execute(f"DELETE FROM {table} WHERE quarter = ?", [quarter])
    con.close()
    name = sql(page_db, "SELECT unit_name FROM units WHERE unit_code = 'U0001'")[0][0]
    at = open_page("pages/rankings.py", lang="zh")
    assert not at.exception
    [said] = [i.value.replace("\\", "") for i in at.info if "未能排名" in i.value]  # markdown
    assert said.startswith(f"{zh(quarter)}在“全部类别”范围内有 ")
    assert "但都数据不足、未能排名（指标得分需覆盖至少 70.0% 的权重）：" in said
    assert name in said and "数据上传" not in said


def test_movers_say_when_fewer_units_are_ranked_than_the_quarter_before(open_page, page_db):
    """U0001 sends nothing for the quarter: it is ranked the quarter before, not now."""
    quarter = latest_quarter(page_db)
    con = duckdb.connect(str(page_db))
    for table in ("inspections", "surveys", "activities"):
        con.execute(f"DELETE FROM {table} WHERE unit_code = 'U0001' AND quarter = ?", [quarter])
    con.close()
    at = open_page("dashboard.py", lang="zh")
    assert not at.exception
    counts = [re.match(r"本季度参加排名 (\d+) 家，上季度 (\d+) 家：", c.value) for c in at.caption]
    [(now, before)] = [tuple(map(int, m.groups())) for m in counts if m]
    assert now < before


def test_movers_show_their_rank_change_as_an_arrow(seen_page):
    """The movers' table shows the change of rank as the rankings do (▲3: up three places,
    from the rank the quarter before to this one), never a bare None."""
    at = seen_page("dashboard.py", lang="zh")
    assert not at.exception
    [table] = [d for d in at.dataframe if "since_rank" in d.value.columns]
    assert "movement" in table.proto.column_order and "rank_change" not in table.proto.column_order
    rows = table.value.to_dict("records")
    assert rows
    for row in rows:
        places = int(row["since_rank"]) - int(row["rank"])
        expected = f"▲{places}" if places > 0 else f"▼{-places}" if places < 0 else "＝"
        assert row["movement"] == expected


def test_a_quarter_under_way_says_not_yet_sent_and_gives_no_change(open_page, page_db):
    """One unit has sent this quarter's activities (the quarter is under way): the others have
    not sent theirs yet, which is not missing before the quarter ends (the bureau's change is
    not given either: tests/queries/test_scoring.py)."""
    from etl.quarters import quarter_of

    now = quarter_of(date.today())
    con = duckdb.connect(str(page_db))
    con.execute(
        "INSERT INTO activities SELECT * REPLACE (? AS quarter, NULL AS activity_date) "
        "FROM activities WHERE unit_code = 'U0001' LIMIT 1",
        [now],
    )
    con.close()
    total = sql(page_db, "SELECT count(*) FROM units")[0][0]
    at = open_page("dashboard.py", lang="en", quarter=now)
    assert not at.exception
    [activities] = [m for m in at.metric if m.label == "Activities"]
    assert (activities.value, activities.delta) == (f"1 / {total}", f"{total - 1} not yet sent")


def test_data_quality_counts_no_missed_report_in_a_quarter_under_way(open_page, page_db):
    """One unit has sent this quarter's activities (the quarter is under way): the others have
    not sent theirs yet, which the page says, listing them as not yet sent; the units that
    missed a report are counted over the quarters that have ended, up to the last quarter."""
    from etl.quarters import quarter_of, shift_quarter

    now = quarter_of(date.today())
    con = duckdb.connect(str(page_db))
    con.execute(
        "INSERT INTO activities SELECT * REPLACE (? AS quarter, NULL AS activity_date) "
        "FROM activities WHERE unit_code = 'U0001' LIMIT 1",
        [now],
    )
    con.close()
    at = open_page("pages/data_quality.py", lang="en", quarter=now)
    assert not at.exception
    said = [c.value for c in at.caption] + [s.value for s in at.success]
    assert f"{en(now)} is under way: a unit that has not sent its report yet has not missed it" in (
        " ".join(said)
    )
    spans = [text for text in said if " – " in text]
    assert spans and all(f" – {en(shift_quarter(now, -1))}:" in text for text in spans)
    assert f"**Not yet sent, {en(now)}**" in [m.value for m in at.markdown]


def test_a_cell_with_no_value_shows_empty_not_none(seen_page, page_db):
    """The unit profile's registry rows hold from the beginning (no 起始季度) and a unit without
    findings closed late has no days overdue: Streamlit's grid wrote None in those cells, in
    English under a caption saying 为空则自始施行; every table of the page shows them empty."""
    (from_quarter,) = sql(page_db, "SELECT from_quarter FROM units WHERE unit_code = 'U0005'")[0]
    assert from_quarter is None  # the demo's registry row of U0005, in force from the beginning
    at = seen_page("pages/unit_profile.py", lang="zh", unit="U0005")
    assert not at.exception
    tables = list(at.dataframe)
    assert table_with(at, "起始季度")["起始季度"].isna().all()
    assert [(t.proto.HasField("placeholder"), t.proto.placeholder) for t in tables] == [
        (True, "")
    ] * len(tables)


@pytest.mark.parametrize("path", list(PAGES))
def test_chinese_pages_say_quarters_as_the_exports_do(seen_page, page_db, path):
    """The deck writes 2026年第3季度 (the circular 2026年第三季度); the pages wrote 2026Q3 in
    their sentences and in the quarter box. Every caption, note and heading now says the quarter
    in words, and the box offers them so; the data's spelling stays for tables and the URL."""
    quarter = latest_quarter(page_db)
    at = seen_page(path, lang="zh")
    assert not at.exception
    box = at.selectbox(key="_quarter_widget")
    assert box.value == quarter and box.options[0] == zh(quarter)
    said = [
        e.value
        for kind in ("caption", "info", "success", "warning", "markdown")
        for e in at.get(kind)
        if isinstance(e.value, str)
    ]
    assert any(zh(quarter) in text for text in said), said
    iso = re.compile(r"\b20\d\dQ[1-4]\b")
    assert [text for text in said if iso.search(text)] == []
    assert at.query_params["quarter"] == quarter


def test_the_revisions_since_publication_show_each_index_to_two_decimals(open_page, page_db):
    """A trial: the revisions table under a published quarter's banner read 87.5, 100 and
    82.04 side by side (each index as the float came), where the pages rank and show the index
    to two decimals (87.50, 100.00)."""
    from etl.publish import publish

    quarter = latest_quarter(page_db)
    con = connect(page_db)
    publish(con, quarter, "director")
    survey = f"单位编码,季度,调查类型,样本量,满意人数\nU0001,{quarter},门诊,400,10\n"
    assert load_file(con, survey.encode(), "更正.csv", kind="surveys").outcome == "loaded"
    con.close()
    at = open_page("dashboard.py", lang="zh", quarter=quarter)
    assert not at.exception
    [table] = [d for d in at.dataframe if "发布时指数" in d.value.columns]
    assert "U0001" in set(table.value["单位编码"])
    config = json.loads(table.proto.columns)  # as the browser gets it
    formats = [config[c]["type_config"]["format"] for c in ("发布时指数", "当前指数", "指数变化")]
    assert formats == ["%.2f", "%.2f", "%.2f"]


def test_a_revised_publications_banner_counts_the_units_its_circular_counts(open_page, page_db):
    """Trial (session 56): the Overview said a republication changed 3 units (2 of them in
    rank only) where its circular said 2 (1): the page counted ranks among every unit, the
    circular within the peer groups, and its words did not say which."""
    from charts.pack import PackRequest
    from charts.pack.data import gather_state
    from etl.publish import publish

    quarter = latest_quarter(page_db)
    con = connect(page_db)
    publish(con, quarter, "director")
    survey = f"单位编码,季度,调查类型,样本量,满意人数\nU0001,{quarter},门诊,400,10\n"
    assert load_file(con, survey.encode(), "更正.csv", kind="surveys").replaced == 1
    again = publish(con, quarter, "director")
    request = PackRequest(quarter, publication=again.publication_id)
    circular = gather_state(con, request).revision
    con.close()
    assert circular.height >= 1
    at = open_page("dashboard.py", lang="zh", quarter=quarter)
    assert not at.exception
    [banner] = [w.value for w in at.warning if w.value.startswith("本次为修订发布")]
    # the pack's count of units, said as the page says a count within the groups
    assert (
        f"与之相比，{circular.height} 个单位的指数、类别内名次、逾期问题或较上季度的变化有变动"
        in banner
    )


def test_the_revisions_since_publication_count_the_units_the_pack_page_counts(open_page, page_db):
    """Trial (session 56): after corrections the Overview's banner said 45 units had changed
    since publication where the Meeting-pack page and the pack said 25: the one counted ranks
    among every unit, the others within the peer groups."""
    from etl.publish import publish

    quarter = latest_quarter(page_db)
    con = connect(page_db)
    publish(con, quarter, "director")
    survey = f"单位编码,季度,调查类型,样本量,满意人数\nU0001,{quarter},门诊,400,10\n"
    assert load_file(con, survey.encode(), "更正.csv", kind="surveys").replaced == 1
    con.close()

    def counted(at) -> int:
        [label] = [e.label for e in at.expander if e.label.startswith("Revisions since")]
        return int(label.split("(")[1].split(" unit")[0])

    overview = open_page("dashboard.py", lang="en", quarter=quarter)
    pack_page = open_page("pages/meeting_pack.py", user="admin", lang="en", quarter=quarter)
    assert not overview.exception and not pack_page.exception
    assert counted(overview) == counted(pack_page) >= 1


def test_the_index_cards_help_names_the_previous_quarter_as_the_page_says_quarters(
    seen_page, page_db
):
    """A leader who hovers over the bureau index's change read "变化与 2026Q2 相比": the
    data's own spelling in a sentence of a page that says 2026年第3季度 everywhere else
    (ui/context.py, quarter_said)."""
    quarter = latest_quarter(page_db)
    year, number = quarter.split("Q")
    previous = f"{year}Q{int(number) - 1}" if number != "1" else f"{int(year) - 1}Q4"
    at = seen_page("dashboard.py", lang="zh")
    [card] = [m for m in at.metric if m.label == "全市文明指数"]
    assert card.proto.help == f"已排名单位文明指数的平均值；变化与{zh(previous)}相比。"


def test_the_trends_window_says_its_quarters_as_the_page_does(open_page, page_db):
    """The Trends page's quarter range read 2024Q4 … 2026Q3 on a Chinese page whose caption
    and quarter box say 2024年第4季度: its ends are said as the page says quarters; the
    URL keeps the data's spelling."""
    quarters = sorted(q for (q,) in sql(page_db, "SELECT DISTINCT quarter FROM inspections"))
    at = open_page("pages/trends.py", **{"from": quarters[1], "to": quarters[2]})
    assert not at.exception
    window = at.select_slider(key="tr_window")
    assert window.options == [zh(q) for q in quarters]
    assert window.value == (quarters[1], quarters[2])


def test_trends_says_its_targets_met_rates_are_of_every_unit_beside_fewer_units(open_page, page_db):
    """A new user's trial: with a district chosen, or signed in as a district's analyst, the
    targets-met chart and its table counted every unit of the city (有数据单位数 80) under the
    district's name, where the page's other charts count the units chosen. The rates are the
    bureau's, as the Overview's headline is: the page now says so beside them."""
    import accounts
    from etl.scope import Scope

    said = (
        "The targets-met rates count every unit of the peer groups shown (All peer groups), "
        "whatever the districts chosen or the units you may see; the other charts count only "
        "the units you may see in the districts chosen."
    )
    district = sql(page_db, "SELECT min(district) FROM units")[0][0]
    whole = open_page("pages/trends.py", lang="en")
    assert not whole.exception
    assert said not in [c.value for c in whole.caption]
    chosen = open_page("pages/trends.py", lang="en", district=district)
    assert not chosen.exception
    assert said in [c.value for c in chosen.caption]
    con = connect(str(page_db))
    try:
        accounts.add_user(con, "zhao", "analyst", "long enough", scope=Scope((district,)))
    finally:
        con.close()
    scoped = open_page("pages/trends.py", user="zhao", lang="en")
    assert not scoped.exception
    assert said in [c.value for c in scoped.caption]


def test_a_unit_profiles_files_say_which_unit_they_are_of(open_page, page_db, monkeypatch):
    """Trial (session 58): the Unit profile's 13 files said "2026年第3季度 · 全部类别" and
    nowhere which unit: a chart pasted into a slide, a findings workbook forwarded, were no
    one's. They now name the unit, its code and its peer group."""
    import io

    import openpyxl
    from streamlit.delta_generator import DeltaGenerator

    made = {}
    monkeypatch.setattr(
        DeltaGenerator,
        "download_button",
        lambda self, label, data, file_name, **kw: made.__setitem__(file_name, data),
    )
    [(name, group)] = sql(
        page_db,
        "SELECT unit_name, peer_group FROM units WHERE unit_code = 'U0005' "
        "ORDER BY from_quarter DESC NULLS LAST LIMIT 1",
    )
    said = f"{name}（U0005，{group}）"
    at = open_page("pages/unit_profile.py", lang="zh", unit="U0005")
    assert not at.exception
    [rank_svg] = [f for f in made if "rank_history" in f and f.endswith(".svg")]
    assert said in made[rank_svg]().decode("utf-8")
    [findings] = [f for f in made if "findings" in f and f.endswith(".xlsx")]
    book = openpyxl.load_workbook(io.BytesIO(made[findings]()))
    about = [row[0].value for row in book[book.sheetnames[-1]].iter_rows()]
    assert about[1].startswith(f"{zh(latest_quarter(page_db))} · {said}")


def test_a_rankings_chart_file_says_what_it_ranks_by(open_page, monkeypatch):
    """Trial (session 58): the league chart's file was titled 排名, the page's name."""
    from streamlit.delta_generator import DeltaGenerator

    made = {}
    monkeypatch.setattr(
        DeltaGenerator,
        "download_button",
        lambda self, label, data, file_name, **kw: made.__setitem__(file_name, data),
    )
    at = open_page("pages/rankings.py", lang="zh")
    assert not at.exception
    [league] = [f for f in made if "_league_" in f and f.endswith(".svg")]
    drawn = re.findall(r">([^<>]+)</text>", made[league]().decode("utf-8"))
    assert "按文明指数排名" in drawn and "排名" not in drawn


def test_a_rankings_chart_file_of_the_first_units_says_they_are_the_first(
    open_page, page_db, monkeypatch
):
    """Trial (session 59): the page draws the first 50 of 80 units and its chart's title says
    so, but the file's title, which replaces it, said only 按文明指数排名: pasted on a slide,
    it read as the whole ranking. Here the page draws the first 5."""
    from streamlit.delta_generator import DeltaGenerator

    from ui import rankings_view

    made = {}
    monkeypatch.setattr(
        DeltaGenerator,
        "download_button",
        lambda self, label, data, file_name, **kw: made.__setitem__(file_name, data),
    )
    monkeypatch.setattr(rankings_view, "BARS_SHOWN", 5)
    at = open_page("pages/rankings.py", lang="zh")
    assert not at.exception
    [league] = [f for f in made if "_league_" in f and f.endswith(".svg")]
    drawn = re.findall(r">([^<>]+)</text>", made[league]().decode("utf-8"))
    titles = [d for d in drawn if d.startswith("按文明指数排名")]
    [(total,)] = [
        re.findall(r"^按文明指数排名：前 5 家（共 (\d+) 家参加排名）", d)[0:1] for d in titles
    ]
    [(units,)] = sql(page_db, "SELECT count(DISTINCT unit_code) FROM units")
    assert 5 < int(total) <= units
    assert sum(re.match(r"^\d+\. U\d{4}", d) is not None for d in drawn) == 5


@pytest.mark.parametrize(
    ("indicator", "said", "unsaid"),
    [
        ("index", "按文明指数排名 · 目标达成", "按指标值本身"),
        ("outpatient_satisfaction", "按门诊患者满意度排名（按指标值本身）", "目标达成"),
    ],
)
def test_the_rankings_caption_names_a_normalisation_only_for_the_index(
    seen_page, indicator, said, unsaid
):
    """Trial (session 58): ranked by one indicator, its raw values under every normalisation,
    the caption still named the normalisation chosen ("· z-score") above a table of counts."""
    at = seen_page("pages/rankings.py", lang="zh", indicator=indicator)
    assert not at.exception
    [caption] = [c.value for c in at.main.caption if "排名" in c.value and " · " in c.value][:1]
    assert said in caption and unsaid not in caption
