"""Audit entries keep their detail as a message key and values: an entry written while an
analyst worked in English reads in Chinese for a Chinese reader, on the Upload page's audit of
loads and withdrawals; entries written before keep their text as it is."""

from __future__ import annotations

from datetime import date, datetime

import accounts
from etl.db import connect
from etl.load import Withdrawal, load_file
from etl.messages import msg
from ui import uploads
from ui.logs import with_messages

UNITS = "unit_code,unit_name,district,peer_group,staff_count\nH001,一院,城关区,三级医院,100\n"
SURVEYS = "unit_code,quarter,survey_type,respondents,satisfied\nH001,2025Q3,门诊,40,38\n"


def details(con, lang: str) -> list[tuple[str, str]]:
    frame = with_messages(accounts.audit_entries(con, actions=("load", "withdraw")), lang, "detail")
    assert "message_key" not in frame.columns
    return sorted(zip(frame["action"], frame["detail"], strict=True))


def test_loads_and_withdrawals_audited_in_english_read_in_chinese(tmp_path):
    con = connect(str(tmp_path / "civbench.duckdb"))
    when = {"today": date(2026, 1, 15), "now": datetime(2026, 1, 15, 9, 0)}
    accounts.add_user(con, "li", "analyst", "analyst-pass-1")
    load_file(con, UNITS.encode(), "units.csv", by="li", **when)
    [result] = uploads.load_uploads(con, [uploads.Upload("s.csv", SURVEYS.encode())], "li")
    assert result.outcome == "loaded" and result.load_id == 2
    refused = uploads.withdraw_load(con, 1, "li", "en")  # its units have facts
    assert isinstance(refused, str) and "with no unit in the registry" in refused
    assert uploads.withdraw_load(con, 2, "li", "en") == Withdrawal(removed=1, restored=0)
    english = details(con, "en")
    chinese = details(con, "zh")
    con.close()
    assert english == [
        ("load", "s.csv: loaded 1 row of surveys, 2025Q3, 1 unit as load 2; 0 rows replaced"),
        (
            "withdraw",
            "load 1: withdrawing load 1 would leave 1 fact row of H001 with no unit in the "
            "registry, brought by 1 load (2), to be withdrawn first",
        ),
        ("withdraw", "load 2: 1 row removed, 0 replaced rows restored"),
    ]
    assert chinese == [
        (
            "load",
            "s.csv：已上传 1 行满意度调查数据，季度 2025Q3，1 个单位，批次 2；替换 0 行已有数据",
        ),
        (
            "withdraw",
            "批次 1：撤回批次 1 会使单位 H001 的 1 行数据失去所属单位：这些数据来自 1 个批次"
            "（2），请先撤回这些批次",
        ),
        ("withdraw", "批次 2：已撤回，删除 1 行数据，恢复被替换的 0 行"),
    ]


def test_an_entry_with_plain_text_shows_it_as_it_is(tmp_path):
    con = connect(str(tmp_path / "civbench.duckdb"))
    accounts.audit(con, "cli", "load", True, "load 7: 3 row(s) removed")
    accounts.audit(con, "cli", "withdraw", True, msg("log.withdrawn", load_id=8, rows=2))
    stored = con.execute(
        "SELECT detail, message_key FROM audit_log ORDER BY message_key NULLS FIRST"
    ).fetchall()
    said = details(con, "zh")
    con.close()
    assert stored == [
        ("load 7: 3 row(s) removed", None),
        ("load 8: 2 rows removed", "log.withdrawn"),  # the English text kept for tools
    ]
    assert said == [
        ("load", "load 7: 3 row(s) removed"),
        ("withdraw", "批次 8：已撤回，删除 2 行数据"),
    ]


SYSTEM = (
    "indicator_code,name_zh,name_en,domain,direction,weight,unit\n"
    "inspection_score_rate,检查得分率,Inspection score rate,inspection,higher,{weight},rate\n"
)


def test_a_withdrawn_system_change_is_audited_as_a_change_of_the_system(tmp_path):
    """The Indicator-system page's audit lists action ``indicators``; the withdrawal of a
    system load was audited as ``withdraw``, so a leader reading there never saw a change
    undone. Withdrawn from the Upload page (ui.uploads) and from the command line alike."""
    from etl.cli import main

    path = tmp_path / "civbench.duckdb"
    con = connect(str(path))
    accounts.add_user(con, "wang", "admin", "long enough")
    loads = [
        load_file(con, SYSTEM.format(weight=w).encode(), f"s{w}.csv", by="wang").load_id
        for w in (1, 0.5)
    ]
    assert loads == [1, 2]
    # load 2 replaced load 1's row: load 1 may not be withdrawn first, on the page nor the
    # command line, and the refusals are audited there too (they were ``withdraw``)
    refusal = "rows of load 1 were since replaced by 1 load (2), to be withdrawn first"
    assert uploads.withdraw_load(con, 1, "wang", "en") == refusal
    con.close()
    assert main(["withdraw", "1", "--db", str(path), "--by", "wang"]) == 2
    con = connect(str(path))
    assert uploads.withdraw_load(con, 2, "wang", "en") == Withdrawal(removed=1, restored=1)
    con.close()
    assert main(["withdraw", "1", "--db", str(path), "--by", "wang"]) == 0
    con = connect(str(path))
    entries = with_messages(accounts.audit_entries(con, actions=("indicators",)), "en", "detail")
    assert accounts.audit_entries(con, actions=("withdraw",)).height == 0
    con.close()
    done = [(u, d) for u, ok, d in zip(*entries["username", "ok", "detail"], strict=True) if ok]
    # each says the weight it put back (session 60): load 2's 0.5 gave way to load 1's 1, and
    # load 1's 1 to none
    weight = "weight of Inspection score rate (inspection_score_rate) from —"
    assert sorted(done) == [
        ("wang", f"load 1: 1 row removed, 0 replaced rows restored; changes: {weight}: 1 → —"),
        ("wang", f"load 2: 1 row removed, 1 replaced row restored; changes: {weight}: 0.5 → 1"),
    ]
    refused = [d for ok, d in zip(entries["ok"], entries["detail"], strict=True) if not ok]
    assert len(refused) == 2
    assert refused == ["load 1: " + refusal] * 2


def test_refusals_stored_before_their_loads_were_counted_still_read(tmp_path):
    """The withdrawal refusals now count the loads to withdraw first (withdraw.superseded_counted,
    withdraw.orphans_counted); entries stored with the keys before, which have no count, read
    with those keys' words, which no longer say 'load(s)'."""
    con = connect(str(tmp_path / "civbench.duckdb"))
    later = msg("text.pair", zh="2、3", en="2, 3")
    superseded = msg("withdraw.superseded", load_id=1, later=later)
    orphans = msg("withdraw.orphans_named", load_id=1, count=4, units="H001", loads=later)
    for reason in (superseded, orphans):
        accounts.audit(
            con, "cli", "withdraw", False, msg("log.withdraw_refused", load_id=1, reason=reason)
        )
    english = details(con, "en")
    con.close()
    assert english == [
        (
            "withdraw",
            "load 1: rows of load 1 were since replaced; withdraw first the load or loads that "
            "replaced them: 2, 3",
        ),
        (
            "withdraw",
            "load 1: withdrawing load 1 would leave 4 fact rows of H001 without their unit; "
            "withdraw first the load or loads they came with: 2, 3",
        ),
    ]
