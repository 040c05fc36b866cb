"""The Upload page's loads (ui.uploads) run in the signed-in analyst's scope, read from the
account: a dry run and a load of a file naming another district's unit are refused, the row
named; the same file loads for a bureau-wide analyst."""

from datetime import date
from pathlib import Path

import pytest

import accounts
from etl.db import connect
from etl.load import load_file
from etl.scope import Scope
from queries import run
from ui import uploads
from ui.audit_view import audit_frame

UNITS = Path(__file__).resolve().parents[1] / "fixtures" / "etl" / "units.csv"
# rows 2 and 3: H001 (城关区), T001 (永登县)
SURVEYS = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,10,9\nT001,2025Q3,门诊,20,18\n"


@pytest.fixture
def con(tmp_path):
    connection = connect(tmp_path / "civbench.duckdb")
    assert load_file(connection, UNITS.read_bytes(), "units.csv", today=date(2026, 1, 15)).ok
    accounts.add_user(connection, "zhang", "analyst", "long enough", scope=Scope(("城关区",)))
    accounts.add_user(connection, "li", "analyst", "long enough")
    yield connection
    connection.close()


def test_a_scoped_analysts_dry_run_and_load_are_refused_naming_the_row(con):
    upload = uploads.Upload("surveys.csv", SURVEYS.encode(), "surveys")
    checked = uploads.dry_run(con, upload, by="zhang")
    assert checked.outcome == "rejected"
    assert [(p.row, p.value) for p in checked.problems] == [(3, "T001")]
    (loaded,) = uploads.load_uploads(con, [upload], by="zhang")
    assert loaded.outcome == "rejected"
    assert con.execute("SELECT count(*) FROM surveys").fetchone()[0] == 0
    audited = con.execute(
        "SELECT username, ok FROM audit_log WHERE action = 'load' ORDER BY logged_at"
    ).fetchall()
    assert audited == [("zhang", False)]


def test_a_bureau_wide_analyst_loads_the_same_file(con):
    upload = uploads.Upload("surveys.csv", SURVEYS.encode(), "surveys")
    assert uploads.dry_run(con, upload, by="li").outcome == "checked"
    (loaded,) = uploads.load_uploads(con, [upload], by="li")
    assert loaded.outcome == "loaded"
    assert con.execute("SELECT count(*) FROM surveys").fetchone()[0] == 2


def test_a_scoped_analyst_sees_the_uploads_of_its_own_units_and_its_own_rejections(con):
    """zhang (城关区) sees the registry (it brought H001 and C001), li's file with H001 in it
    and zhang's own rejected file; not li's file of T001 (永登县) only, nor li's rejection."""
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    files = [
        ("城关.csv", header + "H001,2025Q3,门诊,10,9\n", "li"),  # load 2
        ("永登.csv", header + "T001,2025Q3,住院,20,18\n", "li"),  # load 3
        ("坏.csv", header + "H001,2025Q3,门诊,x,9\n", "li"),  # load 4, rejected
        ("我的坏.csv", header + "H001,2025Q3,门诊,y,9\n", "zhang"),  # load 5, rejected
    ]
    for name, text, by in files:
        uploads.load_uploads(con, [uploads.Upload(name, text.encode(), "surveys")], by=by)
    everything = uploads.upload_history(con, "li")
    assert everything["file_name"].to_list() == [
        "我的坏.csv",
        "坏.csv",
        "永登.csv",
        "城关.csv",
        "units.csv",
    ]
    visible = run(con, "loads", Scope(("城关区",)))["load_id"]  # what the page passes
    seen = uploads.upload_history(con, "zhang", visible)
    assert seen["file_name"].to_list() == ["我的坏.csv", "城关.csv", "units.csv"]
    # the latest two of its own, however many other files came since: the page's history
    # (and what it may withdraw) took the latest 100 loads of any district, then kept its
    # own; after 100 files of other districts a scoped analyst's history was empty
    for n in range(3):
        other = header + f"T001,2025Q{n + 1},门诊,20,1{n}\n"
        uploads.load_uploads(
            con, [uploads.Upload(f"永登{n}.csv", other.encode(), "surveys")], by="li"
        )
    latest = uploads.upload_history(con, "zhang", visible, limit=2)
    assert latest["file_name"].to_list() == ["我的坏.csv", "城关.csv"]


INDICATORS = UNITS.with_name("indicators.csv")


def indicator_rows(con) -> int:
    return con.execute("SELECT count(*) FROM indicators").fetchone()[0]


def test_only_an_admin_loads_or_withdraws_the_indicator_system(con):
    """The indicator system is an admin's to change (README, roles): a bureau-wide analyst's
    check and load of an indicator-system file are refused and change nothing; an admin's
    load lands, and the analyst may not withdraw it either."""
    accounts.add_user(con, "wang", "admin", "long enough")
    upload = uploads.Upload("indicators.csv", INDICATORS.read_bytes(), "indicators")
    checked = uploads.dry_run(con, upload, by="li")
    assert checked.outcome == "rejected"
    [problem] = checked.problems
    assert "only an admin may load" in problem.expected
    (refused,) = uploads.load_uploads(con, [upload], by="li")
    assert refused.outcome == "rejected" and indicator_rows(con) == 0
    (loaded,) = uploads.load_uploads(con, [upload], by="wang")
    assert loaded.outcome == "loaded" and indicator_rows(con) > 0
    said = uploads.withdraw_load(con, loaded.load_id, "li", "en")
    assert said == f"load {loaded.load_id} is the indicator system: only an admin may withdraw it"
    assert indicator_rows(con) > 0
    assert uploads.withdraw_load(con, loaded.load_id, "wang", "en").removed > 0
    assert indicator_rows(con) == 0


def test_a_scoped_analyst_is_offered_only_the_loads_it_may_withdraw(con):
    """zhang (城关区) sees the registry (it names 永登县's T001 too) and li's file of H001:
    only the latter is all 城关区's, so only it is offered; li (bureau-wide, an analyst) is
    offered both, and the indicator system's load only an admin."""
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    h001 = load_file(con, (header + "H001,2025Q3,门诊,10,9\n").encode(), "城关.csv")
    system = Path(__file__).resolve().parents[1] / "fixtures" / "etl" / "indicators.csv"
    rules = load_file(con, system.read_bytes(), "体系.csv")
    assert h001.ok and rules.ok
    accounts.add_user(con, "wu", "admin", "long enough")
    everything = uploads.upload_history(con)
    assert uploads.withdrawable(con, everything, "zhang") == [h001.load_id]
    assert uploads.withdrawable(con, everything, "li") == [h001.load_id, 1]
    assert uploads.withdrawable(con, everything, "wu") == [rules.load_id, h001.load_id, 1]


def test_a_scoped_analyst_sees_a_files_slip_and_its_other_districts_rows_in_one_round(con):
    """Row 2 has more satisfied than asked, row 3 is 永登县's T001: the page's check names
    both in one table (the scope's row came only once the slip was fixed), each row once."""
    text = (
        "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,10,12\nT001,2025Q3,门诊,20,18\n"
    )
    upload = uploads.Upload("surveys.csv", text.encode(), "surveys")
    checked = uploads.dry_run(con, upload, by="zhang")
    assert (checked.outcome, checked.problem_total) == ("rejected", 2)
    table = uploads.problems_frame([checked], "zh")
    assert table["row"].to_list() == [2, 3]
    assert table["column"].to_list() == ["满意人数", "单位编码"]
    assert table["expected"][1].startswith("该单位不在您的数据范围（区县：城关区）内")
    assert uploads.dry_run(con, upload, by="li").problem_total == 1  # bureau-wide: the slip


def test_a_scoped_analyst_is_not_shown_a_note_naming_another_districts_unit(con):
    """li (bureau-wide) loads T001's (永登县) surveys, then a registry closing T001 from
    2025Q3: its note names T001 and its row. zhang (城关区) sees that registry load (it brought
    H001 and C001), but not its note: a sentence in its place says a note is left out; the
    first registry load, all of whose notes are none, reads as before, and li reads the note."""
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    surveys = (header + "T001,2025Q3,门诊,20,18\n").encode()
    uploads.load_uploads(con, [uploads.Upload("永登.csv", surveys, "surveys")], by="li")
    lines = UNITS.read_text(encoding="utf-8").splitlines()
    closing = [lines[0] + ",from_quarter,status"] + [line + ",," for line in lines[1:]]
    closing.append("T001,永登县红城镇中心卫生院,永登县,乡镇卫生院,48,,2025Q3,撤销")
    registry = ("\n".join(closing) + "\n").encode()
    uploads.load_uploads(con, [uploads.Upload("名录.csv", registry, "units")], by="li")
    everything = uploads.history_for_display(uploads.upload_history(con, "li"), "en")
    assert "T001" in everything["message"][0]  # the note as the bureau reads it
    visible = run(con, "loads", Scope(("城关区",)))["load_id"]
    seen = uploads.history_for_display(uploads.upload_history(con, "zhang", visible), "en")
    assert seen["file_name"].to_list() == ["名录.csv", "units.csv"]
    assert not any("T001" in str(cell) for row in seen.rows() for cell in row)
    assert seen["message"].to_list() == [
        "this load holds data of units outside your scope (districts: 城关区): its note, which "
        "may name them or their file, is not shown here",
        "",
    ]


def test_a_scoped_admin_reads_no_detail_of_a_load_of_another_districts_units(con):
    """li loads 永登县's T001 while bureau-wide, then is narrowed to 城关区: an admin of 城关区
    reads li's entries in the audit log, but not the file name and counts of that load, which
    holds no unit of 城关区; a sentence in their place says so. The bureau's admin reads them."""
    surveys = "单位编码,季度,调查类型,样本量,满意人数\nT001,2025Q3,门诊,20,18\n".encode()
    uploads.load_uploads(con, [uploads.Upload("永登县_满意度.csv", surveys, "surveys")], by="li")
    accounts.set_scope(con, "li", Scope(("城关区",)))
    names = [a.name for a in accounts.list_users(con, Scope(("城关区",)))]
    assert names == ["li", "zhang"]
    bureau = audit_frame(con, "en", actions=("load",), names=names)
    assert bureau["Detail"].to_list() == [
        "永登县_满意度.csv: loaded 1 row of surveys, 2025Q3, 1 unit as load 2; 0 rows replaced"
    ]
    seen = audit_frame(con, "en", actions=("load",), names=names, scope=Scope(("城关区",)))
    assert seen["Detail"].to_list() == [
        "this load holds data of units outside your scope (districts: 城关区): its note, which "
        "may name them or their file, is not shown here"
    ]
    everything = audit_frame(con, "en", names=names, scope=Scope(("城关区",)))
    assert everything.height == 4  # three account entries (added, narrowed), read as they were
    assert not any("永登" in str(cell) for row in everything.rows() for cell in row)


def test_a_scoped_reader_counts_only_its_own_units_rows_of_a_bureau_wide_file(con):
    """The registry (5 rows) names 3 units of 城关区 (H001, C001, H001-W1); li's surveys name
    H001 and T001 (永登县), and li's correction replaces both rows. zhang (城关区) reads the
    rows of its units alone, said to be theirs (in either language); the whole file's counts
    told it how many units lie outside. li reads the whole counts."""
    header = "单位编码,季度,调查类型,样本量,满意人数\n"
    for satisfied in (9, 8):
        both = f"{header}H001,2025Q3,门诊,10,{satisfied}\nT001,2025Q3,门诊,20,18\n"
        uploads.load_uploads(con, [uploads.Upload("两区.csv", both.encode(), "surveys")], by="li")
    everything = uploads.history_for_display(uploads.upload_history(con, "li"), "en")
    assert everything.select("row_count", "replaced_rows").rows() == [
        ("2", "2"),
        ("2", "0"),
        ("5", "0"),
    ]
    visible = run(con, "loads", Scope(("城关区",)))["load_id"]
    seen = uploads.upload_history(con, "zhang", visible)
    english = uploads.history_for_display(seen, "en")
    assert english.select("row_count", "replaced_rows").rows() == [
        ("1 row of your units", "1"),
        ("1 row of your units", "0"),
        ("3 rows of your units", "0"),
    ]
    assert uploads.history_for_display(seen, "zh")["row_count"][2] == "您范围内单位的 3 行"


def test_entries_made_before_an_account_was_narrowed_leave_their_notes_out(con):
    """li, bureau-wide, has a file rejected (row 3: T001 of 永登县, the file named after it),
    then is narrowed to 城关区; zhang (城关区 from the start) has one rejected too. li's own
    history and 城关区's audit log leave out the note of li's rejection and the entry of its
    bureau-wide account (a sentence says so); zhang's rejection, made in its scope, reads as
    it was; the bureau's admin reads everything."""
    bad = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,x,9\nT001,2025Q3,门诊,y,18\n"
    for name, by in (("永登县_坏.csv", "li"), ("坏2.csv", "zhang")):
        uploads.load_uploads(con, [uploads.Upload(name, bad.encode(), "surveys")], by=by)
    accounts.set_scope(con, "li", Scope(("城关区",)))
    before = (
        "this entry is from before its account was given the scope it has now: its note, which "
        "may name units outside your scope (districts: 城关区), is not shown here"
    )
    visible = run(con, "loads", Scope(("城关区",)))["load_id"]
    own = uploads.history_for_display(uploads.upload_history(con, "li", visible), "en")
    assert own.filter(outcome="rejected")["message"].to_list() == [before]
    zhangs = uploads.history_for_display(uploads.upload_history(con, "zhang", visible), "en")
    [note] = zhangs.filter(outcome="rejected")["message"].to_list()
    assert note.startswith("坏2.csv, row 2, column 样本量")
    names = [a.name for a in accounts.list_users(con, Scope(("城关区",)))]
    seen = audit_frame(con, "en", names=names, scope=Scope(("城关区",)))
    assert seen.select("By", "Detail").rows() == [
        ("the command line", "scope of li: districts: 城关区"),
        ("zhang", "坏2.csv: rejected, 3 problems; nothing loaded"),
        ("li", before),
        ("the command line", before),  # li added bureau-wide (the fixture adds zhang first)
        ("the command line", "added zhang as analyst (districts: 城关区)"),
    ]
    bureau = audit_frame(con, "en", names=names)
    assert bureau["Detail"][2] == "永登县_坏.csv: rejected, 2 problems; nothing loaded"
    assert bureau["Detail"][3] == "added li as analyst"
