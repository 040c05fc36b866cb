"""The Indicator-system page in AppTest: admin only, edits saved through the real loader."""

import json

import duckdb
import pytest

# the editors of the demo's indicator system: its load 2 (the registry is load 1)
INDICATORS_KEY = "system_indicators_2"
TARGETS_KEY = "system_targets_2"
# the demo's public-benefit sessions, weight 0.05 raised to 0.1 (etl/demo.py INDICATORS)
OTHER_WEIGHT = {
    "indicator_code": "public_benefit_sessions",
    "name_zh": "公益活动次数",
    "name_en": "Public-benefit sessions",
    "domain": "activity",
    "direction": "higher",
    "weight": "0.1",
    "unit": "count",
}


def db(path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path))


def indicator_loads(path) -> list[tuple]:
    return (
        db(path)
        .execute(
            "SELECT load_id, outcome, loaded_by FROM upload_log WHERE kind = 'indicators' "
            "ORDER BY load_id"
        )
        .fetchall()
    )


def edit(at, key: str, edited_rows: dict) -> None:
    at.session_state[key] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}


def save(at):
    at.button(key="save_system").click().run()
    assert not at.exception
    return at


def warnings_read(at) -> list[str]:
    """The page's warnings (Markdown with the file's text escaped: ui/literal.py), unescaped."""
    return [w.value.replace("\\", "") for w in at.warning]


def raised_weight_said(quarter: str, named: str) -> str:
    """The note on the first indicator's weight raised from 0.2 to 0.6 from ``quarter`` on: the
    demo's weights add up to 1, so they make 1.4, of which 0.6 is 42.9%."""
    return (
        f"Note: the weights counted in the index from {quarter} add up to 1.4, not 1 "
        "(100%): the civility index is a weighted mean, so each indicator counts for its "
        f"weight ÷ 1.4 ({named}: 42.9%); if a weight is written wrong (15 for 15%), correct it "
        "(in the system's file or on the Indicator system page)."
    )


@pytest.mark.parametrize(("lang", "title"), [("zh", "测评体系"), ("en", "Indicator system")])
def test_admin_sees_indicators_and_targets_in_both_languages(seen_page, lang, title):
    at = seen_page("pages/indicator_system.py", user="admin", lang=lang)
    assert not at.exception
    assert [t.value for t in at.title] == [title]
    editors = at.data_editor
    assert [e.key for e in editors] == [INDICATORS_KEY, TARGETS_KEY]
    # the demo's indicator system: nine indicators (etl/demo.py INDICATORS)
    assert editors[0].value.shape[0] == 9


@pytest.mark.parametrize("user", [None, "viewer", "analyst"])
def test_everyone_but_an_admin_is_refused(open_page, user):
    at = open_page("pages/indicator_system.py", user=user, lang="en")
    assert not at.exception
    assert len(at.error) == 1 and "admin" in at.error[0].value
    assert len(at.data_editor) == 0


def test_an_edited_weight_is_saved_as_a_new_version_and_the_effect_shown_then_withdrawn(
    open_page, page_db
):
    """A weight edited and saved (one visit for three properties): it is saved as a new version
    and its effect on the ranking shown, the index to two decimals; then the latest change is
    withdrawn on the page and audited there."""
    before = indicator_loads(page_db)
    earlier_rows = db(page_db).execute("SELECT * FROM indicators ORDER BY ALL").fetchall()
    at = open_page("pages/indicator_system.py", user="admin", lang="en")
    codes = list(at.data_editor[0].value["indicator_code"])
    # named as the editors name it: Inspection score rate (inspection_score_rate)
    named = f"{at.data_editor[0].value['name_en'][0]} ({codes[0]})"
    shown_quarter = at.selectbox(key="system_quarter").value  # the latest quarter by default
    edit(at, INDICATORS_KEY, {0: {"weight": "0.6"}})
    save(at)
    after = indicator_loads(page_db)
    assert len(after) == len(before) + 1 and after[-1][1:] == ("loaded", "admin")
    # the new weight holds from the quarter shown on: one new row, the earlier rows unchanged
    new_rows = (
        db(page_db)
        .execute(
            "SELECT indicator_code, weight, from_quarter FROM indicators WHERE load_id = ?",
            [after[-1][0]],
        )
        .fetchall()
    )
    assert new_rows == [(codes[0], pytest.approx(0.6), shown_quarter)]
    kept = db(page_db).execute(
        "SELECT * FROM indicators WHERE load_id <> ? ORDER BY ALL", [after[-1][0]]
    )
    assert kept.fetchall() == earlier_rows
    assert at.success[0].value.startswith(f"Indicator system saved (load {after[-1][0]}")
    assert warnings_read(at) == [raised_weight_said(shown_quarter, named)]
    effect = next(d.value for d in at.dataframe if "Index after" in d.value.columns)
    # the top ten after, then the units of the top ten before that left it (ranked lower now)
    top, left = effect.head(10), effect.iloc[10:]
    assert list(top["Rank after"]) == sorted(top["Rank after"]) and top["Rank after"].max() <= 10
    assert ((left["Rank before"] <= 10) & ~(left["Rank after"] <= 10)).all()
    # raising one indicator's weight from 0.2 to 0.6 moves the weighted mean of most units
    assert (effect["Index before"] != effect["Index after"]).sum() > 0
    audit = (
        db(page_db)
        .execute("SELECT username, ok FROM audit_log WHERE action = 'indicators'")
        .fetchall()
    )
    assert audit == [("admin", True)]
    # the effect on the ranking shows the index to two decimals: it mixed 100 and 99.72 where
    # the Rankings page writes 100.00
    [shown] = [d for d in at.dataframe if "Index after" in d.value.columns]
    config = json.loads(shown.proto.columns)
    for label in ("Index before", "Index after"):
        assert config[label]["type_config"]["format"] == "%.2f", f"{label} to two decimals"
    # The latest change withdrawn: the intro said a change can be withdrawn, but not where:
    # the page now offers the withdrawal of its latest change (checked on the server as the
    # Upload page's is), and its audit shows who undid it.
    saved = after[-1]
    button = at.button(key="withdraw_system")
    assert button.label == f"Withdraw the latest change (load {saved[0]})"
    button.click().run()  # not confirmed: nothing withdrawn (it changes every index)
    assert not at.exception
    assert at.warning[-1].value == "Tick the confirmation first."
    assert indicator_loads(page_db)[-1] == (saved[0], "loaded", "admin")
    at.checkbox(key="withdraw_system_confirm").check()
    at.button(key="withdraw_system").click().run()
    assert not at.exception
    assert indicator_loads(page_db)[-1] == (saved[0], "withdrawn", "admin")
    rows = db(page_db).execute("SELECT count(*) FROM indicators WHERE load_id = ?", [saved[0]])
    assert rows.fetchone() == (0,)
    # the save added one row holding from the quarter shown, replacing none: that row goes,
    # and the demo's 0.2 holds there again (sessions 60, 61), as Markdown shows it literally
    taken = f"weight of {named} from {shown_quarter}: 0.6 → 0.2"
    escaped = "".join(f"\\{c}" if c in "()_:." else c for c in taken)
    assert at.success[0].value == (
        f"Load {saved[0]} withdrawn: 1 row removed, 0 replaced rows restored. Changed: {escaped}."
    )
    audit = db(page_db).execute(
        "SELECT username, ok, detail FROM audit_log WHERE action = 'indicators' ORDER BY logged_at"
    )
    assert [row[:2] for row in audit.fetchall()] == [("admin", True), ("admin", True)]


def test_an_invalid_target_is_refused_with_its_row_and_nothing_changes(open_page, page_db):
    before = db(page_db).execute("SELECT * FROM targets ORDER BY ALL").fetchall()
    at = open_page("pages/indicator_system.py", user="admin", lang="en")
    targets = at.data_editor[1].value
    rate_row = next(
        i for i, code in enumerate(targets["indicator_code"]) if code == "inspection_score_rate"
    )
    edit(at, TARGETS_KEY, {rate_row: {"target": "1.5"}})  # a rate's target must lie in 0–1
    save(at)
    assert at.error[0].value.startswith("Not saved: 1 problem found")
    problems = next(d.value for d in at.dataframe if "Expected" in d.value.columns)
    assert list(problems["Indicator"]) == ["inspection_score_rate"]
    assert list(problems["Column"]) == ["Target"]  # as the editor heads it
    assert db(page_db).execute("SELECT * FROM targets ORDER BY ALL").fetchall() == before


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # the browser's number cell made these 0 and 0.3, saved without a word (a trial's D01/D02)
        ("abc", "应为数值 ≥ 0；请用阿拉伯数字填写，如 95 或 0.95"),
        ("-0.3", "应为数值 ≥ 0"),
    ],
)
def test_a_weight_typed_wrong_is_refused_as_written_and_nothing_changes(
    open_page, page_db, typed, expected
):
    before = db(page_db).execute("SELECT * FROM indicators ORDER BY ALL").fetchall()
    at = open_page("pages/indicator_system.py", user="admin", lang="zh")
    code = at.data_editor[0].value["indicator_code"][0]
    edit(at, INDICATORS_KEY, {0: {"weight": typed}})
    save(at)
    assert at.error[0].value.startswith("未保存：发现 1 个问题")
    problems = next(d.value for d in at.dataframe if "应为" in d.value.columns)
    assert list(problems["应为"]) == [expected]
    assert list(problems.iloc[:, 0]) == [code]
    assert typed in problems.to_string()
    assert db(page_db).execute("SELECT * FROM indicators ORDER BY ALL").fetchall() == before


def test_a_refused_save_keeps_the_edits_to_correct(open_page, page_db):
    """The editors were drawn anew after a refused save (its entry in the upload log counted as
    a new version), so the admin's other edits were gone and every change had to be typed again
    to mend the one cell refused."""
    at = open_page("pages/indicator_system.py", user="admin", lang="zh")
    edit(at, INDICATORS_KEY, {0: {"weight": "0.3"}, 1: {"weight": "abc"}})
    save(at)
    assert at.error[0].value.startswith("未保存：发现 1 个问题")
    at.run()  # the next run (the admin goes to correct the cell) keeps both edits
    assert [e.key for e in at.data_editor] == [INDICATORS_KEY, TARGETS_KEY]
    assert not at.error
    edit(at, INDICATORS_KEY, {0: {"weight": "0.3"}, 1: {"weight": "0.05"}})
    save(at)
    assert at.success[0].value.startswith("测评体系已保存")
    at.run()  # a save of one's own is no change by another admin
    assert not at.error


@pytest.mark.parametrize(
    ("editor", "column", "typed", "lang", "label"),
    [
        # the tester's cases: the column read target / weight on the Chinese page; each is named
        # as the editor heads it
        ("targets", "target", "1.2", "zh", "目标值"),
        ("targets", "target", "-0.1", "zh", "目标值"),
        ("targets", "target", "abc", "zh", "目标值"),
        ("indicators", "weight", "-0.1", "zh", "权重"),
        ("indicators", "weight", "150%", "zh", "权重"),
        ("targets", "target", "abc", "en", "Target"),
        ("indicators", "weight", "150%", "en", "Weight"),
        # as the editor heads the column, not as the contract names it (指标名称, name_zh)
        ("indicators", "name_zh", "", "zh", "中文名称"),
        ("indicators", "name_zh", "", "en", "Chinese name"),
    ],
)
def test_a_refused_cell_is_named_by_its_column_in_the_page_language(
    open_page, page_db, editor, column, typed, lang, label
):
    at = open_page("pages/indicator_system.py", user="admin", lang=lang)
    if editor == "targets":
        codes = list(at.data_editor[1].value["indicator_code"])
        edit(at, TARGETS_KEY, {codes.index("inspection_score_rate"): {column: typed}})
    else:
        edit(at, INDICATORS_KEY, {0: {column: typed}})
    save(at)
    heading = {"zh": "列", "en": "Column"}[lang]
    problems = next(d.value for d in at.dataframe if heading in d.value.columns)
    assert list(problems[heading]) == [label]


def test_the_weight_total_reads_weights_as_the_contract_does(open_page):
    at = open_page("pages/indicator_system.py", user="admin", lang="en")
    weights = list(at.data_editor[0].value["weight"])
    # the demo's weights as the editor shows them: text, each as the stored number reads
    assert all(isinstance(w, str) for w in weights) and len(weights) == 9
    edit(at, INDICATORS_KEY, {0: {"weight": "20%"}, 1: {"weight": "abc"}})
    at.run()
    expected = 0.2 + sum(float(w) for w in weights[2:])
    assert any(f"{expected:.3f}" in c.value for c in at.caption)


def test_the_weight_total_leaves_out_an_indicator_with_no_definition(open_page):
    """The page said the weights added up to 1.000 with a new indicator of weight 0.05 that
    has no definition, while the index (and the save's note) divided by 0.95: the new row's
    weight counts nowhere until a developer defines it (docs/METHOD.md §1)."""
    at = open_page("pages/indicator_system.py", user="admin", lang="en")
    weights = [float(w) for w in at.data_editor[0].value["weight"]]  # the demo's nine: 1.0
    added = {"indicator_code": "staff_satisfaction", "name_zh": "职工满意度", "weight": "0.05"}
    at.session_state[INDICATORS_KEY] = {
        "edited_rows": {},
        "added_rows": [added],
        "deleted_rows": [],
    }
    at.run()
    totals = [c.value for c in at.caption if "add up to" in c.value]
    assert totals == [
        f"The weights counted in the index add up to {sum(weights):.3f} (the index is a weighted "
        "mean; they need not add up to 1)"
    ]


def test_problems_are_said_in_chinese_on_the_chinese_page(open_page, page_db):
    at = open_page("pages/indicator_system.py", user="admin", lang="zh")
    targets = at.data_editor[1].value
    rate_row = next(
        i for i, code in enumerate(targets["indicator_code"]) if code == "inspection_score_rate"
    )
    edit(at, TARGETS_KEY, {rate_row: {"target": "1.5"}})
    save(at)
    assert at.error[0].value.startswith("未保存：发现 1 个问题")
    problems = next(d.value for d in at.dataframe if "应为" in d.value.columns)
    assert list(problems["应为"]) == [
        "比率类指标的目标值必须在 0 到 1 之间（如 95% 请填写 95% 或 0.95）"
    ]
    at.run()  # the rejected page stops at its problems; the next run shows the history
    history = next(d.value for d in at.dataframe if "结果" in d.value.columns)
    assert set(history["结果"]) <= {"已上传", "已拒绝", "已撤回"} and "已拒绝" in set(
        history["结果"]
    )


def test_saving_without_a_change_loads_nothing(open_page, page_db):
    before = indicator_loads(page_db)
    at = open_page("pages/indicator_system.py", user="admin", lang="en")
    save(at)
    assert at.info[0].value == "Nothing changed; nothing to save."
    assert indicator_loads(page_db) == before


def test_an_edit_made_while_another_admin_saved_is_not_said_to_be_no_change(open_page, page_db):
    """Two admins edit at once: the second to save had typed a target while the first saved a
    weight. The system had changed under the second's editors, which the page draws anew for
    each version, so the typed target was dropped and the page said "Nothing changed" — the
    admin believed it saved. It must say the edit was not saved and why, and save nothing."""
    from etl.db import connect
    from ui.indicator_system import save_system

    at = open_page("pages/indicator_system.py", user="admin", lang="zh")
    quarter = at.selectbox(key="system_quarter").value
    edit(at, TARGETS_KEY, {0: {"target": "0.97"}})
    store = connect(page_db)
    other = save_system(store, [{**OTHER_WEIGHT, "from_quarter": quarter}], by="admin")
    store.close()
    assert other.outcome == "loaded"
    before = indicator_loads(page_db)
    save(at)
    assert indicator_loads(page_db) == before
    assert not at.info  # not "没有修改，无需保存。"
    assert [e.value.replace("\\", "") for e in at.error] == [
        f"未保存：您编辑期间，测评体系已被 admin 修改（批次 {other.load_id}），您的修改未能保存。"
        "下表已是最新的测评体系，请在其上重新修改后保存。"
    ]


def test_save_checks_the_role_again_when_pressed(open_page, page_db):
    import accounts

    before = indicator_loads(page_db)
    at = open_page("pages/indicator_system.py", user="admin", lang="en")
    edit(at, INDICATORS_KEY, {0: {"weight": "0.6"}})
    con = db(page_db)
    accounts.add_user(con, "other_admin", "admin", "long enough")
    accounts.set_role(con, "admin", "analyst")
    at.button(key="save_system").click().run()
    assert indicator_loads(page_db) == before
    assert any("admin" in e.value for e in at.error)


def test_the_audit_log_is_drawn_as_on_the_users_page(open_page):
    # it showed raw columns (logged_at, username, …) and None where no account is concerned
    at = open_page("pages/indicator_system.py", user="admin", lang="zh")
    edit(at, INDICATORS_KEY, {0: {"weight": "0.6"}})
    save(at)
    assert "审计日志" in [c.value for c in at.caption]
    columns = ["时间", "操作人", "操作", "结果", "详情", "涉及用户"]
    [audit] = [d.value for d in at.dataframe if list(d.value.columns) == columns]
    [entry] = audit.to_dict("records")
    assert (entry["操作人"], entry["操作"], entry["结果"], entry["涉及用户"]) == (
        "admin",
        "测评体系",
        "成功",
        "",
    )
    assert "已上传 1 行测评体系数据" in entry["详情"]  # in the page's language
    # the Users page draws the same entry, the same way
    users = open_page("pages/users_admin.py", user="admin", lang="zh")
    [log] = [d.value for d in users.dataframe if list(d.value.columns) == columns]
    assert log[log["操作"] == "测评体系"].to_dict("records") == [entry]


def test_a_save_that_changes_a_published_quarter_says_so(open_page, page_db):
    """A weight changed from a published quarter on changes its figures as a correction would,
    but the save only said it was saved: now it says what a load into that quarter says."""
    from etl.db import connect
    from etl.publish import publish

    at = open_page("pages/indicator_system.py", user="admin", lang="en")
    shown_quarter = at.selectbox(key="system_quarter").value  # the latest quarter by default
    store = connect(page_db)
    publish(store, shown_quarter, "director")
    store.close()
    # 0.2 → 0.3 and 0.15 → 0.05: the weights still add up to 1, so no note says otherwise
    edit(at, INDICATORS_KEY, {0: {"weight": "0.3"}, 1: {"weight": "0.05"}})
    save(at)
    assert at.success[0].value.startswith("Indicator system saved")
    assert [w.value for w in at.warning] == [
        f"Note: {shown_quarter} is published: pages and packs show the figures as published by "
        "default, and this load is listed among the revisions since; to issue the corrected "
        f"figures, publish {shown_quarter} again"
    ]


def test_the_quarter_is_said_as_the_other_pages_say_it(seen_page):
    """The page said 2026Q3 in its choice, headings and save button where every other
    Chinese page says 2026年第3季度."""
    at = seen_page("pages/indicator_system.py", user="admin", lang="zh")
    box = at.selectbox(key="system_quarter")
    year, number = box.value[:4], box.value[-1]
    said = f"{year}年第{number}季度"
    assert box.format_func(box.value) == said
    assert [h.value for h in at.subheader][:2] == [
        f"{said}施行的测评指标与权重",
        f"{said}施行的目标值（按单位类别）",
    ]
    assert at.button(key="save_system").label == f"保存（自{said}起施行）"
    assert not [c.value for c in at.caption if box.value in c.value]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_store_without_a_system_says_how_to_make_one(seen_page, open_page, page_db, lang):
    """A new bureau's admin found two empty tables and 'weights add up to 0.000', with no word
    that no system is loaded yet nor how to load one; the demo's system draws no such note."""
    note = "尚无施行的测评体系" if lang == "zh" else "No indicator system is in force"
    demo = seen_page("pages/indicator_system.py", user="admin", lang=lang)
    assert not [i.value for i in demo.info if note in i.value]
    con = db(page_db)
    con.execute("DELETE FROM targets")
    con.execute("DELETE FROM indicators")
    con.close()
    at = open_page("pages/indicator_system.py", user="admin", lang=lang)
    assert not at.exception
    [said] = [i.value for i in at.info if note in i.value]
    assert "python -m etl load 测评体系.csv" in said
    assert ("“数据上传”页" if lang == "zh" else "Upload page") in said
    # nor are two quarters said to have "the same" system when neither has one
    same = "这两个季度施行的测评体系相同" if lang == "zh" else "the same indicator system"
    assert not [c.value for c in at.caption if same in c.value]
    nothing = "没有可比较的调整" if lang == "zh" else "nothing to compare"
    assert [c.value for c in at.caption if nothing in c.value]
    assert not [c.value for c in demo.caption if nothing in c.value]


def test_a_refused_save_says_its_weights_total_as_a_saved_one_does(open_page, page_db):
    """A save refused for a target said only its problem: the admin who mended it learnt on
    the next save that the weights no longer add up, as the command line and the Upload page
    say of the same file with the problem."""
    at = open_page("pages/indicator_system.py", user="admin", lang="en")
    codes = list(at.data_editor[0].value["indicator_code"])
    named = f"{at.data_editor[0].value['name_en'][0]} ({codes[0]})"
    shown_quarter = at.selectbox(key="system_quarter").value
    targets = at.data_editor[1].value
    rate_row = next(
        i for i, code in enumerate(targets["indicator_code"]) if code == "inspection_score_rate"
    )
    edit(at, INDICATORS_KEY, {0: {"weight": "0.6"}})
    edit(at, TARGETS_KEY, {rate_row: {"target": "1.5"}})  # a rate's target must lie in 0–1
    save(at)
    assert at.error[0].value.startswith("Not saved: 1 problem found")
    assert warnings_read(at) == [raised_weight_said(shown_quarter, named)]
    problems = next(d.value for d in at.dataframe if "Expected" in d.value.columns)
    assert list(problems["Indicator"]) == ["inspection_score_rate"]
