"""The meeting-pack page (AppTest): builds the pack with a progress bar and offers the files.

Download bytes are not exposed by AppTest (README.md, "Pages and the menu"); the files
themselves are checked in tests/charts/test_pack.py and clicked in
tests/browser/test_browser_exports.py.
"""

import contextlib

import duckdb
import pytest


def quarters_in(db) -> list[str]:
    con = duckdb.connect(str(db))
    try:
        return sorted(r[0] for r in con.execute("SELECT DISTINCT quarter FROM surveys").fetchall())
    finally:
        con.close()


@pytest.mark.parametrize(
    ("lang", "title", "button"),
    [
        ("zh", "季度例会材料", "生成例会材料"),
        ("en", "Quarterly meeting pack", "Build the meeting pack"),
    ],
)
def test_page_offers_quarter_filters_and_one_button(open_page, page_db, lang, title, button):
    latest = quarters_in(page_db)[-1]
    at = open_page("pages/meeting_pack.py", lang=lang)
    assert not at.exception
    assert [x.value for x in at.title] == [title]
    assert at.selectbox(key="mp_quarter").value == latest
    assert at.multiselect(key="mp_districts").value == []
    assert at.multiselect(key="mp_groups").value == []
    assert [b.label for b in at.main.button] == [button]


def publications_in(db) -> list[tuple]:
    con = duckdb.connect(str(db))
    try:
        return con.execute("SELECT quarter, published_by FROM publications").fetchall()
    finally:
        con.close()


def test_only_an_admin_publishes_and_the_build_makes_the_files_of_the_chosen_scope(
    open_page, page_db
):
    """One admin's visit: the publish button (a viewer sees none) publishes the quarter chosen,
    and the build then makes the three files of the quarter and peer group chosen, from the
    publication by default. (A peer group's pack: fewer charts to draw.)"""
    quarters = quarters_in(page_db)
    latest, oldest = quarters[-1], quarters[0]
    viewer = open_page("pages/meeting_pack.py", user="viewer", lang="en")
    assert f"Publish {latest[:4]} Q{latest[-1]}" not in [b.label for b in viewer.main.button]
    # the quarter chosen by the page's address (the form's choice is sent only by its build
    # button, and the publish button acts on the quarter the page was drawn for)
    admin = open_page("pages/meeting_pack.py", user="admin", lang="en", quarter=oldest)
    assert admin.selectbox(key="mp_quarter").value == oldest
    label = f"Publish {oldest[:4]} Q{oldest[-1]}"
    publish = next(b for b in admin.main.button if b.label == label)
    publish.click().run()
    assert not admin.exception
    assert admin.success[0].value.startswith("Published (publication 1)")
    assert publications_in(page_db) == [(oldest, "admin")], "the quarter chosen is published"
    # from the next run on the page says the quarter is published, and builds from the
    # publication by default
    admin.multiselect(key="mp_groups").select("三级医院")
    admin.main.button[0].click().run()
    assert not admin.exception
    assert admin.success[0].value.startswith("Done:")
    assert any(c.value.startswith("This quarter was published on") for c in admin.caption)
    builder, request, files, _ = admin.session_state["mp_pack"]
    assert builder == "admin"
    assert request.publication == 1, "built from the publication by default"
    assert request.quarter == oldest, "the quarter chosen"
    assert request.peer_groups == ("三级医院",) and request.lang == "en"
    assert files.pptx[:2] == b"PK" and files.docx[:2] == b"PK" and files.pdf[:5] == b"%PDF-"
    titles = [s.title for s in files.slides]
    assert any(t.startswith("Tertiary hospital") for t in titles)
    assert not any(t.startswith("Secondary hospital") for t in titles)


def district_account(page_db, name: str, role: str) -> str:
    """An account of ``role`` whose scope is the first district of the demo; that district."""
    import accounts
    from etl.db import connect
    from etl.scope import Scope

    con = connect(str(page_db))
    try:
        district = con.execute("SELECT min(district) FROM units").fetchone()[0]
        accounts.add_user(con, name, role, "long enough", scope=Scope((district,)))
    finally:
        con.close()
    return district


def test_a_pack_built_before_a_sign_out_is_not_offered_to_the_next_user(open_page, page_db):
    """Trial (session 56): on a shared screen an admin built the bureau-wide pack and signed
    out; a district's analyst who signed in next in the same tab found it on the page, its
    files naming 66 units of other districts. A pack is offered to whoever built it, as they
    may see now."""
    district_account(page_db, "zhang", "analyst")
    at = open_page("pages/meeting_pack.py", user="admin", lang="en")
    at.multiselect(key="mp_groups").select("三级医院")
    at.main.button[0].click().run()
    assert at.success[0].value.startswith("Done:")
    at.session_state["auth_user"] = "zhang"  # signed out, the next user signed in
    at.run()
    assert not at.exception
    assert not [s for s in at.success if s.value.startswith("Done:")]
    assert "mp_pack" not in at.session_state
    assert not at.get("download_button")


def test_an_admin_of_one_district_may_not_publish_the_bureaus_quarter(
    open_page, page_db, monkeypatch
):
    """The button was offered to any admin: an admin of one district fixed the published
    figures of every district (what every page and pack shows by default)."""
    from types import SimpleNamespace

    import accounts
    import ui.signin
    from etl.db import connect
    from i18n import t
    from ui import published

    district = district_account(page_db, "zhao", "admin")
    latest = quarters_in(page_db)[-1]
    label = f"Publish {latest[:4]} Q{latest[-1]}"
    at = open_page("pages/meeting_pack.py", user="zhao", lang="en")
    assert not at.exception
    assert label not in [b.label for b in at.main.button]
    # pressed all the same (a page drawn before the scope was narrowed): refused on the server
    said = []
    monkeypatch.setattr(published.st, "error", said.append)
    monkeypatch.setattr(ui.signin, "require_role", lambda ctx, needed: "zhao")
    ctx = SimpleNamespace(lang="en", page_id="meeting_pack", t=lambda key, **v: t(key, "en", **v))
    published.publish_quarter(ctx, latest)
    assert said == [
        "Publishing a quarter fixes the figures of every unit of the bureau: only an admin "
        f"with the bureau-wide scope may publish (yours: districts: {district}). Ask such an "
        "admin to publish it."
    ]
    assert publications_in(page_db) == []
    con = connect(str(page_db))
    try:
        from ui.logs import with_messages

        refusal = accounts.audit_entries(con, actions=("publish",), user="zhao")
        assert refusal.select("username", "ok").rows() == [("zhao", False)]
        # said in the reader's language, as every other entry (it was stored in English only)
        assert with_messages(refusal, "zh", "detail")["detail"].to_list() == [
            f"{latest}：未发布（只有全局范围的管理员可以发布）"
        ]
        assert with_messages(refusal, "en", "detail")["detail"].to_list() == [
            f"{latest}: not bureau-wide"
        ]
        assert not accounts.may_publish(con, "zhao")
        assert accounts.may_publish(con, "admin")
    finally:
        con.close()


def test_a_press_by_an_admin_narrowed_since_the_button_was_drawn_is_refused_in_words(
    open_page, page_db
):
    """Trial (session 58): the page drew the button for a bureau-wide admin; another admin
    narrowed that admin to a district; the press made the button vanish, nothing said,
    nothing published and nothing in the audit log."""
    import accounts
    from etl.db import connect
    from etl.scope import Scope

    latest = quarters_in(page_db)[-1]
    label = f"Publish {latest[:4]} Q{latest[-1]}"
    at = open_page("pages/meeting_pack.py", user="admin", lang="en")
    [button] = [b for b in at.main.button if b.label == label]
    con = connect(str(page_db))
    accounts.add_user(con, "boss2", "admin", "long enough")
    district = con.execute("SELECT min(district) FROM units").fetchone()[0]
    accounts.set_scope(con, "admin", Scope((district,)), by="boss2")
    con.close()
    button.click()
    at.run()
    assert not at.exception
    [said] = [e.value for e in at.error]
    assert said.startswith("Publishing a quarter fixes the figures of every unit of the bureau")
    assert publications_in(page_db) == []
    con = connect(str(page_db))
    refusal = accounts.audit_entries(con, actions=("publish",), user="admin")
    con.close()
    assert refusal.select("username", "ok").rows() == [("admin", False)]
    at.run()  # the next run: the button is not offered to a district's admin
    assert label not in [b.label for b in at.main.button]


def test_a_published_quarter_is_shown_as_published_with_a_switch(open_page, page_db):
    latest = quarters_in(page_db)[-1]
    from etl.db import connect
    from etl.publish import publish

    store = connect(page_db)
    publish(store, latest, "director")
    store.close()
    at = open_page("pages/rankings.py", lang="en")
    assert not at.exception
    assert any("this page shows the figures as published" in i.value for i in at.info)
    said = "No unit's index, rank or overdue findings has changed since publication."
    assert [c.value for c in at.caption if "since publication" in c.value] == [said]
    at.toggle(key="_figures_widget").set_value(True).run()
    assert not at.exception
    assert any("shows the current figures" in w.value for w in at.warning)


def test_a_restatement_since_publication_is_no_load_since_it(open_page, page_db):
    """U0001's surveys of the quarter loaded again in another order: a new load replacing its
    rows with the very same values, a restatement (etl/load.py, ``restates``). The published
    figures stand and the banner says nothing changed; it said "1 load(s) of this quarter since
    publication", inviting a second publication of the same figures. (A load that changes a
    row is counted: tests/queries/test_published.py.)"""
    from etl.db import connect
    from etl.load import load_file
    from etl.publish import publish

    latest = quarters_in(page_db)[-1]
    store = connect(page_db)
    publish(store, latest, "director")
    rows = store.execute(
        "SELECT unit_code, quarter, survey_type, respondents, satisfied, score FROM surveys "
        "WHERE unit_code = 'U0001' AND quarter = ? ORDER BY survey_type DESC",
        [latest],
    ).fetchall()
    assert len(rows) >= 2  # in another order than loaded: another file
    text = "unit_code,quarter,survey_type,respondents,satisfied,score\n" + "".join(
        ",".join("" if v is None else str(v) for v in row) + "\n" for row in rows
    )
    again = load_file(store, text.encode(), "again.csv", kind="surveys", by="analyst")
    store.close()
    assert again.outcome == "loaded", again.summary()
    at = open_page("pages/rankings.py", lang="en")
    assert not at.exception
    assert again.restated == [latest]
    assert [c.value for c in at.caption if "since publication" in c.value] == [
        "No unit's index, rank or overdue findings has changed since publication."
    ]


def test_publishing_again_with_nothing_changed_is_refused_in_the_pages_language(open_page, page_db):
    latest = quarters_in(page_db)[-1]
    label = f"发布{latest[:4]}年第{latest[-1]}季度数据"
    admin = open_page("pages/meeting_pack.py", user="admin", lang="zh")
    labels = [b.label for b in admin.main.button]
    assert label in labels, labels
    next(b for b in admin.main.button if b.label == label).click().run()
    assert admin.success[0].value.startswith("已发布（第 1 号发布）")
    next(b for b in admin.main.button if b.label == label).click().run()
    assert not admin.exception
    assert [e.value for e in admin.error] == [
        f"{latest} 已发布（第 1 号发布），现在的数据与该次发布时完全相同：再次发布的数据将完全相同"
    ]
    assert publications_in(page_db) == [(latest, "admin")]  # no second publication


def test_the_unit_profile_of_a_published_quarter_shows_the_published_figures(open_page, page_db):
    """A correction loaded after publication: the profile, under its 'as published' banner,
    keeps the figures of the publication; switched to current ones, it shows the correction."""
    from etl.db import connect
    from etl.load import load_file
    from etl.publish import publish
    from queries import run

    latest = quarters_in(page_db)[-1]
    store = connect(page_db)
    unit = store.execute(
        "SELECT unit_code FROM surveys WHERE quarter = ? AND survey_type = '门诊' "
        "ORDER BY unit_code LIMIT 1",
        [latest],
    ).fetchone()[0]
    published_index = index_of(run(store, "rank_history", unit_code=unit), latest)
    publish(store, latest, "director")
    # the unit's outpatient survey corrected to 0 satisfied of 100: its index must fall
    fix = f"单位编码,季度,调查类型,样本量,满意人数\n{unit},{latest},门诊,100,0\n"
    assert load_file(store, fix.encode(), "fix.csv").outcome == "loaded"
    current_index = index_of(run(store, "rank_history", unit_code=unit), latest)
    store.close()
    assert current_index < published_index

    at = open_page("pages/unit_profile.py", lang="en", unit=unit)
    assert not at.exception
    assert any("this page shows the figures as published" in i.value for i in at.info)
    assert headline_index(at) == f"{published_index:.2f}"  # as ranked: two decimals
    at.toggle(key="_figures_widget").set_value(True).run()
    assert headline_index(at) == f"{current_index:.2f}"


def index_of(history, quarter: str) -> float:
    return history.filter(history["quarter"] == quarter)["civility_index"].item()


def headline_index(at) -> str:
    [metric] = [m for m in at.metric if m.label.startswith("Civility index")]
    return metric.value


def publish_quarter(page_db, quarter: str) -> None:
    from etl.db import connect
    from etl.publish import publish

    with contextlib.closing(connect(page_db)) as store:
        publish(store, quarter, "director")


def correct_one_unit(page_db, quarter: str) -> str:
    """A correction of the first unit's outpatient survey (none satisfied): its code."""
    from etl.db import connect
    from etl.load import load_file

    with contextlib.closing(connect(page_db)) as store:
        unit = store.execute(
            "SELECT unit_code FROM surveys WHERE quarter = ? AND survey_type = '门诊' "
            "ORDER BY unit_code LIMIT 1",
            [quarter],
        ).fetchone()[0]
        fix = f"单位编码,季度,调查类型,样本量,满意人数\n{unit},{quarter},门诊,100,0\n"
        assert load_file(store, fix.encode(), "fix.csv").outcome == "loaded"
    return unit


def test_the_pack_page_says_a_published_quarter_was_revised_since_until_published_again(
    open_page, page_db
):
    """Every page told of a correction after publication but the Meeting-pack page, where the
    pack is built and the quarter republished.

    Then, published again from the page: the page said "Published (publication 2)" under the
    first publication's date and its warning that units changed since, with their list
    (drawn before the button did its work)."""
    latest = quarters_in(page_db)[-1]
    publish_quarter(page_db, latest)
    at = open_page("pages/meeting_pack.py", user="admin", lang="en")
    assert not at.exception and not at.warning  # nothing changed yet
    unit = correct_one_unit(page_db, latest)
    at = open_page("pages/meeting_pack.py", user="admin", lang="en")
    assert not at.exception
    [warning] = [w.value for w in at.warning]
    count = int(warning.removeprefix("Since publication, ").split(" unit")[0])
    assert count >= 1  # the unit itself, and any unit its fall passed in rank
    # only the corrected unit's own figures changed; any other unit only moved in rank
    split = (
        f" (the figures of 1 of them, and only the rank or rank change of the other {count - 1})"
    )
    noun = "units'" if count > 1 else "unit's"
    assert warning == (
        f"Since publication, {count} {noun} index, rank within their peer group, "
        "overdue findings or change on last quarter changed"
        f"{split if count > 1 else ''}: with "
        '"For a published quarter, use the figures as published" ticked the pack keeps the '
        "published figures, unticked it uses the current ones. To issue the current figures, "
        "publish the quarter again."
    )
    [listed] = [
        e for e in at.expander if e.label.startswith(f"Revisions since publication ({count} unit")
    ]
    assert unit in listed.dataframe[0].value["Unit code"].to_list()
    # counted within the peer groups, as the pack this page builds ranks and counts them
    # (asked for every unit together, a unit's fall moves more ranks than any slide shows)
    from etl.db import connect
    from queries import run

    with contextlib.closing(connect(page_db)) as store:
        groups = run(store, "peer_groups")["peer_group"].to_list()
        assert len(groups) > 1
        by_group = [run(store, "revisions", quarter=latest, peer_group=g) for g in groups]
        overall = run(store, "revisions", quarter=latest).height
    assert count == sum(found.height for found in by_group) < overall

    # published again from the page: redrawn as just published
    label = f"Publish {latest[:4]} Q{latest[-1]}"
    next(b for b in at.main.button if b.label == label).click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Published (publication 2). Pages now show these figures by default."
    ], "the second publication is said"
    assert [w.value for w in at.warning if w.value.startswith("Since publication, ")] == [], (
        "no warning of changes since the publication just made"
    )
    assert [e.label for e in at.expander if e.label.startswith("Revisions since")] == []
    (published_on,) = [c.value for c in at.caption if c.value.startswith("This quarter was")]
    with connect(page_db) as con:
        (when,) = con.execute("SELECT max(published_at) FROM publications").fetchone()
    # Trial B: the page said the same after the second publication as after the first
    assert published_on == f"This quarter was published on {when:%Y-%m-%d %H:%M} (publication 2)."


def test_a_quarter_not_ended_is_published_only_once_confirmed(open_page, page_db):
    """Browser trial D: one click published a quarter under way (10 of 80 units reported),
    said only in a note after it. Now the page asks first, saying how many units have data."""
    from etl.db import connect
    from etl.load import load_file
    from etl.quarters import quarter_of_today

    now = quarter_of_today()
    with contextlib.closing(connect(page_db)) as store:
        survey = f"单位编码,季度,调查类型,样本量,满意人数\nU0001,{now},门诊,100,90\n"
        assert load_file(store, survey.encode(), "now.csv").outcome == "loaded"
        (reported,) = store.execute(
            "SELECT count(DISTINCT unit_code) FROM (SELECT unit_code, quarter FROM surveys "
            "UNION ALL SELECT unit_code, quarter FROM activities "
            "UNION ALL SELECT unit_code, quarter FROM inspections) WHERE quarter = ?",
            [now],
        ).fetchone()
    shown = f"{now[:4]} Q{now[-1]}"
    at = open_page("pages/meeting_pack.py", user="admin", lang="en", quarter=now)
    next(b for b in at.main.button if b.label == f"Publish {shown}").click().run()
    assert not at.exception
    assert publications_in(page_db) == []  # not yet: asked first
    assert [w.value for w in at.warning if "not ended" in w.value] == [
        f"{shown} has not ended yet, and {reported} of 24 units have data so far. Once "
        "published, the pages and packs show the figures as published by default; publish "
        "again once all the data is in. Publish now?"
    ]
    next(b for b in at.main.button if b.label == "Not now").click().run()
    assert publications_in(page_db) == []
    assert [w.value for w in at.warning if "not ended" in w.value] == []
    next(b for b in at.main.button if b.label == f"Publish {shown}").click().run()
    next(b for b in at.main.button if b.label == "Publish now").click().run()
    assert not at.exception
    assert publications_in(page_db) == [(now, "admin")]
    assert [s.value for s in at.success] == [
        "Published (publication 1). Pages now show these figures by default."
    ]
