"""The pack's headline slide and the circular's overview say when the indicator system changed
from the previous quarter, with how many changes, as the Overview and Rankings pages do
(ui/system_changes.py, query indicator_changes); nothing when it did not change.

The bureau of tests/pack_bureau.py, surveyed in two quarters (BEFORE and QUARTER). Its system:
outpatient satisfaction, weight 1, target 0.90 for 全部. From QUARTER on, a second file sets

    weight 1 → 0.8                            1 change (a weight holds for every unit)
    target 全部 0.90 → 0.92                   1 change
    target 二级医院 none → 0.85               1 change (a group with no unit in 城关区)

so the bureau counts 3 changes, and a 城关区 account (its units all 三级医院) 2: the weight and
the 全部 target, not the target of a group it has no unit in. The mean index falls from
100 × 0.81 / 0.90 = 90.0 to 100 × 0.81 / 0.92 = 88.0 only by the new target: the sentences
say that part of the change comes from the system.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from pack_bureau import files

from charts.circular import circular_docx
from charts.pack import PackRequest, circular_input, gather, pack_slides
from charts.pack.data import system_changes
from etl.db import connect
from etl.load import load_file
from etl.quarters import quarter_of_today, shift_quarter
from queries import run
from queries.scope import Scope

QUARTER = shift_quarter(quarter_of_today(), -1)
BEFORE = shift_quarter(QUARTER, -1)
CHANGED = (
    "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,target\n"
    f"outpatient_satisfaction,门诊患者满意度,Outpatient satisfaction,survey,higher,0.8,rate,全部,"
    f"{QUARTER},0.92\n"
    f"outpatient_satisfaction,门诊患者满意度,Outpatient satisfaction,survey,higher,0.8,rate,"
    f"二级医院,{QUARTER},0.85\n"
)


def build(path, changed: bool, since: str = QUARTER) -> None:
    """The bureau surveyed in BEFORE and QUARTER; its system changed from ``since`` if
    ``changed``."""
    con = connect(str(path))
    try:
        loads = files(BEFORE)
        loads["surveys_now.csv"] = files(QUARTER)["surveys.csv"]
        if changed:
            loads["indicators_now.csv"] = CHANGED.replace(f",{QUARTER},", f",{since},")
        for name, text in loads.items():
            result = load_file(con, text.encode("utf-8"), name, today=date.today())
            assert result.outcome == "loaded", (name, result.problems)
    finally:
        con.close()


def store(tmp_path_factory, changed: bool, since: str = QUARTER):
    path = tmp_path_factory.mktemp("system_changes") / "bureau.duckdb"
    build(path, changed, since)
    return connect(str(path))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    connection = store(tmp_path_factory, changed=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory):
    connection = store(tmp_path_factory, changed=False)
    yield connection
    connection.close()


def made(con, **request):
    """The headline slide's subtitle and the circular's overview of a pack of QUARTER."""
    return said(gather(con, PackRequest(QUARTER, **request)))


def said(data):
    slides, _ = pack_slides(data)
    [headline] = [s for s in slides if s.figures]
    doc = Document(io.BytesIO(circular_docx(circular_input(data))))
    lead = "根据全市" if data.lang == "zh" else "Under the civility assessment system"
    overview = next(p.text for p in doc.paragraphs if p.text.startswith(lead))
    return headline.subtitle, overview


def test_the_pack_and_the_circular_say_the_system_changed_and_how_often(con):
    subtitle, overview = made(con, districts=("城关区",))
    said = "测评体系有 3 处调整（权重、目标或指标）：指数和名次的变化有一部分来自这些调整"
    assert said in subtitle
    assert "全市文明指数平均为88.0，较上季度下降2.0" in overview  # the sentence follows
    assert (
        "与上季度相比，测评体系有3处调整（权重、目标或指标），"
        "文明指数和名次的变化有一部分来自这些调整，而非单位本身。现将有关情况通报如下："
    ) in overview


def test_the_english_pack_and_circular_say_it_too(con):
    subtitle, overview = made(con, lang="en")
    said = "The indicator system changed from the previous quarter (3 changes to weights, "
    assert said in subtitle
    assert "The mean civility index was 88.0, down 2.0 on the previous quarter" in overview
    assert (
        "of targets were met. The indicator system changed from the previous quarter "
        "(3 changes to weights, targets or indicators): part of the changes in index and rank "
        "comes from that, not from the units. The results are as follows."
    ) in overview


def test_a_district_account_counts_the_weight_and_the_targets_of_its_groups(con):
    # the weight holds for its units too; the 二级医院 target does not (it has none)
    subtitle, overview = made(con, scope=Scope(districts=("城关区",)))
    assert "测评体系有 2 处调整" in subtitle
    assert "测评体系有2处调整" in overview


def test_nothing_is_said_when_the_system_did_not_change(unchanged):
    data = gather(unchanged, PackRequest(QUARTER, districts=("城关区",)))
    assert data.system_changes == 0
    subtitle, overview = said(data)
    # the index's change is stated, without the sentence: 100 × 0.81 / 0.90 = 90.0 in both
    # quarters, a change that is none (与上季度持平, not 较上季度下降0.0)
    assert "全市文明指数平均为90.0，与上季度持平" in overview
    assert "测评体系有" not in subtitle and "测评体系有" not in overview


def test_nothing_is_said_when_the_quarter_before_has_no_data(tmp_path_factory):
    # the same 3 changes, from BEFORE, the bureau's first quarter with data: the system
    # (held since 2020Q1) changed from the quarter before, which has no index to move from
    con = store(tmp_path_factory, changed=True, since=BEFORE)
    try:
        earlier = shift_quarter(BEFORE, -1)
        assert run(con, "indicator_changes", from_quarter=earlier, to_quarter=BEFORE).height == 3
        data = gather(con, PackRequest(BEFORE, districts=("城关区",)))
        assert data.system_changes == 0
        subtitle, overview = said(data)  # the circular asks the store for its funnel flags
    finally:
        con.close()
    assert "测评体系有" not in subtitle and "测评体系有" not in overview


def test_an_indicator_no_query_computes_is_not_counted(tmp_path_factory):
    """The 3 changes, and from QUARTER an indicator with no definition (and its target): it
    counts in no index, so the pack's "part of the change comes from the system" counts 3, not
    5, as the pages do (ui/system_changes.py)."""
    con = store(tmp_path_factory, changed=True)
    try:
        undefined = (
            "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,"
            f"target\nsmoke_free_rate,无烟达标率,Smoke-free rate,inspection,higher,0.1,rate,全部,"
            f"{QUARTER},0.9\n"
        )
        result = load_file(con, undefined.encode(), "undefined.csv", today=date.today())
        assert result.outcome == "loaded", result.problems
        assert run(con, "indicator_changes", from_quarter=BEFORE, to_quarter=QUARTER).height == 5
        assert system_changes(con, PackRequest(QUARTER), [BEFORE, QUARTER]) == 3
    finally:
        con.close()
