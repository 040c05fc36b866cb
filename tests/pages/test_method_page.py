"""The Method page renders docs/METHOD.md (or says plainly that it is not written yet)."""

import re
from pathlib import Path

import pytest

from i18n import t

METHOD = Path(__file__).resolve().parents[2] / "docs" / "METHOD.md"


@pytest.mark.parametrize(("lang", "title"), [("zh", "测评方法"), ("en", "Method")])
def test_method_page_in_both_languages(open_page, lang, title):
    at = open_page("pages/method.py", lang=lang)
    assert not at.exception
    assert [x.value for x in at.title] == [title]
    if METHOD.is_file():
        lines = METHOD.read_text(encoding="utf-8").splitlines()
        zh, en = lines.index("## 中文"), lines.index("## English")
        part = "\n".join(lines[zh + 1 : en] if lang == "zh" else lines[en + 1 :])
        # the developers' passages (file names, tests) are left out, markers and all
        shown = re.sub(r"\n *<!-- developers -->\n.*?<!-- /developers -->", "", part, flags=re.S)
        assert shown != part  # the document has such passages
        # as written, but for the line breaks inside Chinese sentences (the next test)
        assert re.sub(r"\s", "", at.main.markdown[0].value) == re.sub(r"\s", "", shown)
        assert not re.search(r"\.py|\.sql|tests/|developers", at.main.markdown[0].value)
    else:
        assert at.info[0].value == t("method.missing", lang)


def test_method_page_is_open_without_sign_in_but_not_when_viewing_needs_it(open_page, monkeypatch):
    monkeypatch.setenv("CIVBENCH_REQUIRE_SIGNIN", "1")
    at = open_page("pages/method.py", lang="en")
    assert at.title == [] and "signed-in viewer" in at.error[0].value


def test_the_method_speaks_to_any_bureau_not_only_a_citys():
    """The document is written for any bureau: it may not call the whole bureau 全市, nor the
    English "the city" (the page puts a bureau's own word for its divisions, a county's 乡镇,
    where the document says 区县: the next test)."""
    text = METHOD.read_text(encoding="utf-8")
    assert "全市" not in text and "the city" not in text.lower()


@pytest.mark.parametrize(
    ("lang", "own", "city"),
    [("zh", "每个乡镇的平均整改天数", "区县"), ("en", "the mean per township", "district")],
)
def test_a_countys_method_page_speaks_of_its_townships(open_page, page_db, lang, own, city):
    """Trial (session 58): a county's Method page said 区县 (districts) where every other page
    of the county says 乡镇 (townships)."""
    import accounts
    from etl.db import connect

    con = connect(str(page_db))
    accounts.set_bureau(con, level="县")
    con.close()
    at = open_page("pages/method.py", lang=lang)
    shown = at.main.markdown[0].value
    assert own in shown and city not in shown.lower()


def test_a_chinese_sentence_the_document_wraps_reads_on_without_a_space(open_page):
    """A trial read the Chinese page with stray spaces where docs/METHOD.md wraps its lines
    ("由开发人员 增加它的计算方法", "目标为 0 或负数时， 未达到目标得 0 分"): Markdown reads a
    line break inside a paragraph as a space, which Chinese does not put between words."""
    at = open_page("pages/method.py", lang="zh")
    shown = at.main.markdown[0].value
    assert "并由开发人员增加它的计算方法" in shown
    assert "目标为 0 或负数时，未达到目标得 0 分" in shown
    assert "\n### 2. 目标值\n" in shown  # headings keep their lines


def test_the_method_page_shows_the_indicator_system_in_force_in_each_quarter(open_page, page_db):
    """A leader read on the Method page that the Indicator-system page shows the system in
    force in any quarter, but that page is an admin's: nobody else could see which weights and
    targets held in a quarter. The page now shows them for the quarter chosen."""
    from etl.db import connect
    from etl.load import load_file
    from etl.quarters import shift_quarter

    at = open_page("pages/method.py", lang="zh")
    latest = at.selectbox(key="method_quarter").value  # the page's quarter, by default
    before = shift_quarter(latest, -1)
    store = connect(page_db)
    raised = (
        "指标编码,指标名称,英文名称,领域,方向,权重,计量单位,单位类别,起始季度,目标值\n"
        f"inspection_score_rate,检查得分率,Inspection score rate,检查,越高越好,0.25,比率,全部,"
        f"{latest},95%\n"
    ).encode()
    assert load_file(store, raised, "体系.csv", kind="indicators").outcome == "loaded"
    store.close()

    def system_in(quarter: str):
        at.selectbox(key="method_quarter").set_value(quarter).run()
        assert not at.exception
        indicators, targets = (d.value for d in at.dataframe)
        return indicators.set_index("指标编码"), targets

    indicators, targets = system_in(latest)
    assert len(indicators) == 9  # the demo's nine indicators (etl/demo.py INDICATORS)
    row = indicators.loc["检查得分率（inspection_score_rate）"]
    assert (row["权重"], row["起始季度"], row["方向"]) == ("0.25", latest, "越高越好")
    held = set(zip(targets["指标编码"], targets["单位类别"], targets["目标值"], strict=True))
    # targets as every other page writes a value (charts/labels.py fmt_value): a rate as a
    # percentage (95% was written 0.95), a count whole, a score to one decimal
    assert ("检查得分率（inspection_score_rate）", "全部类别", "95.0%") in held
    assert ("检查得分率（inspection_score_rate）", "三级医院", "92.0%") in held
    assert ("逾期未整改问题数（overdue_open_findings）", "全部类别", "1") in held
    assert ("社会公众满意度（public_satisfaction）", "全部类别", "85.0") in held
    mine = targets[targets["指标编码"] == "检查得分率（inspection_score_rate）"]
    assert ("全部类别", "95.0%", latest) in set(
        zip(mine["单位类别"], mine["目标值"], mine["起始季度"], strict=True)
    )
    indicators, targets = system_in(before)  # the quarter before keeps the demo's 0.2
    assert indicators.loc["检查得分率（inspection_score_rate）", "权重"] == "0.2"
    assert latest not in set(targets["起始季度"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_store_without_an_indicator_system_says_so_under_the_method(open_page, page_db, lang):
    """A new bureau's leader found the system's caption over an empty table, with no word
    that no system is loaded yet; the demo's system draws its table and no such note."""
    from etl.db import connect
    from etl.load import withdraw

    note = "尚无施行的测评体系" if lang == "zh" else "No indicator system is in force"
    demo = open_page("pages/method.py", lang=lang)
    assert not [i.value for i in demo.info if note in i.value]
    assert demo.main.dataframe  # the system's tables
    store = connect(page_db)
    [system_load] = store.execute(
        "SELECT load_id FROM upload_log WHERE kind = 'indicators' AND outcome = 'loaded'"
    ).fetchone()
    withdraw(store, system_load)  # the demo's only one: no system is left
    store.close()
    at = open_page("pages/method.py", lang=lang)
    assert not at.exception
    assert [i.value for i in at.info if note in i.value]
    assert not at.main.dataframe


def test_an_indicator_with_no_definition_is_marked_as_such(open_page, page_db):
    """A file may add a code with no definition (queries/indicators/): the Method page listed
    it with its weight like any other, though it has no value and counts in no index."""
    from etl.db import connect
    from etl.load import load_file

    store = connect(page_db)
    added = (
        "指标编码,指标名称,英文名称,领域,方向,权重,计量单位\n"
        "waiting_minutes,候诊时间,Waiting time,survey,lower,0.1,number\n"
    ).encode()
    assert load_file(store, added, "体系.csv", kind="indicators").outcome == "loaded"
    store.close()
    for lang, code, note, mark in (
        ("zh", "候诊时间（waiting_minutes）", "说明", "尚无计算口径：没有数值，不计入文明指数"),
        ("en", "Waiting time (waiting_minutes)", "Note", "No definition yet: it has no values"),
    ):
        at = open_page("pages/method.py", lang=lang)
        assert not at.exception
        listed = at.dataframe[0].value.set_index(at.dataframe[0].value.columns[0])
        assert len(listed) == 10  # the demo's nine and the one added
        marked = listed[listed[note].notna()]
        assert list(marked.index) == [code]
        assert marked[note].iloc[0].startswith(mark)
