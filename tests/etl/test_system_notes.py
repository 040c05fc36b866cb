"""A weight or target changed from a quarter on that a later row of another load overrides:
the load says until when the change holds (etl/system_notes.py)."""

from __future__ import annotations

import pytest
from etl_helpers import load

pytestmark = pytest.mark.parametrize("store", ["file"], indirect=True)  # not about the store

HEADER = (
    "indicator_code,name_zh,name_en,domain,direction,weight,unit,peer_group,from_quarter,target\n"
)
ROW = "inspection_score_rate,检查得分率,Inspection score rate,inspection,higher,{w},rate,全部,"
ROW += "{q},{t}\n"
# load 2: weight 0.6 from 2025Q1 (target 0.9), restated from 2025Q2 to carry target 0.95
SYSTEM = HEADER + ROW.format(w=0.6, q="2025Q1", t=0.9) + ROW.format(w=0.6, q="2025Q2", t=0.95)


def test_a_weight_changed_before_a_later_row_says_until_when_it_holds(registry):
    assert load(registry, SYSTEM, "system.csv").outcome == "loaded"
    # load 3: weight 0.3 from 2025Q1; the 2025Q1 target stays 0.9 (no note: unchanged)
    changed = load(registry, HEADER + ROW.format(w=0.3, q="2025Q1", t=0.9), "weight.csv")
    assert changed.outcome == "loaded", changed.problems
    assert [n.en for n in changed.notes] == [
        "the weight 0.3 of indicator Inspection score rate (inspection_score_rate) from "
        "2025Q1 holds only until 2025Q2: a row from 2025Q2 on (weight 0.6, load 2) follows it; "
        "to keep the new weight after, change that row too"
    ]
    # load 4: target 92% from 2025Q1, weight back to 0.6 as the later row has it
    target = load(registry, HEADER + ROW.format(w=0.6, q="2025Q1", t="92%"), "target.csv")
    assert [n.en for n in target.notes] == [
        "the target 0.92 of indicator Inspection score rate (inspection_score_rate) for 全部 "
        "from 2025Q1 holds only until 2025Q2: a row from 2025Q2 on (target 0.95, load 2) "
        "follows it; to keep the new target after, change that row too"
    ]
    # named as the Indicator-system page names an indicator (etl.messages.named)
    assert target.notes[0].zh.startswith(
        "指标 检查得分率（inspection_score_rate） 自 2025Q1 起对“全部”的目标值 0.92 只施行到"
    )


def test_a_file_carrying_its_change_through_every_later_row_has_no_note(registry):
    assert load(registry, SYSTEM, "system.csv").outcome == "loaded"
    both = HEADER + ROW.format(w=0.3, q="2025Q1", t=0.9) + ROW.format(w=0.3, q="2025Q2", t=0.95)
    result = load(registry, both, "both.csv")
    assert result.outcome == "loaded" and result.notes == []


def test_a_new_target_for_every_group_names_an_earlier_groups_own_that_stays(registry):
    """Trial (session 56): a whole new system from 2026Q3 with targets for 全部 alone kept
    the 2023Q4 targets of single peer groups in force, unsaid (a group's own target comes
    first: docs/METHOD.md)."""
    grouped = ROW.replace(",全部,", ",乡镇卫生院,").format(w=0.6, q="2025Q1", t=0.88)
    assert load(registry, HEADER + grouped, "groups.csv").outcome == "loaded"
    whole = load(registry, HEADER + ROW.format(w=0.6, q="2025Q3", t=0.92), "new.csv")
    assert [n.en for n in whole.notes] == [
        "note: the target 0.88 of Inspection score rate (inspection_score_rate) for 乡镇卫生院 "
        "(from 2025Q1) stays in force over this file's target for 全部 from 2025Q3: a peer "
        "group's own target comes first; if the new one is meant, give 乡镇卫生院 a row from "
        "2025Q3 too"
    ]
    both = HEADER + ROW.format(w=0.6, q="2025Q3", t=0.92) + grouped.replace("2025Q1", "2025Q3")
    assert load(registry, both, "both.csv").notes == []  # the group restated: nothing to say


def test_a_target_for_one_group_says_which_targets_of_the_quarter_it_deletes(registry):
    """Trial (session 59): a file of one row, a target of 80 for 三级医院 from the quarter the
    system starts, replaced (same indicator, same quarter) the 全部 target of 85 and said only
    "1 row replaced": the units of every other group had no target from then on, unsaid."""
    assert load(registry, SYSTEM, "system.csv").outcome == "loaded"
    tertiary = ROW.replace(",全部,", ",三级医院,").format(w=0.6, q="2025Q1", t=0.8)
    one = load(registry, HEADER + tertiary, "tertiary.csv")
    assert one.outcome == "loaded", one.problems
    assert [n.en for n in one.notes] == [
        "note: this file replaces the targets of Inspection score rate (inspection_score_rate) "
        "from 2025Q1 without restating 全部 0.9: the load deletes them, and the peer groups not "
        "listed fall back to another target in force, or have none and the indicator leaves "
        "their index; to add one group's target, keep the other rows in the file too"
    ]
    assert one.notes[0].zh.startswith(
        "注意：本文件替换检查得分率（inspection_score_rate）自 2025Q1 起的目标值，"
        "但没有列出原有的目标值 全部 0.9，这些目标值将被删除"
    )
    # restating the 全部 row beside the group's: nothing deleted, nothing said of it
    both = HEADER + ROW.format(w=0.6, q="2025Q1", t=0.9) + tertiary
    assert "load.targets_dropped" not in [n.key for n in load(registry, both, "both.csv").notes]


def test_a_system_load_says_each_weight_and_target_it_changes_old_and_new(registry):
    """Trial (session 59): a weight raised by mistake (0.6 → 0.4) and corrected in the same
    quarter (0.4 → 0.25) left no value on record: the audit entries (a load's summary) said
    "1 row replaced", and the page compares two quarters (0.6 → 0.25). Each load now says
    each value it changes, and nothing of what it restates as it was."""
    first = load(registry, SYSTEM, "system.csv")
    assert first.outcome == "loaded"
    named = "Inspection score rate (inspection_score_rate)"
    assert first.summary_text().en.endswith(
        f"; changes: weight of {named} from 2025Q1: — → 0.6; weight of {named} from 2025Q2: "
        f"— → 0.6; target of {named} for 全部 from 2025Q1: — → 0.9; target of {named} for 全部 "
        "from 2025Q2: — → 0.95"
    )
    mistake = load(registry, HEADER + ROW.format(w=0.4, q="2025Q2", t=0.95), "mistake.csv")
    said = mistake.summary_text()
    assert said.en.endswith(f"; changes: weight of {named} from 2025Q2: 0.6 → 0.4")  # not the
    # target, restated as it was
    assert "；变更：检查得分率（inspection_score_rate）权重（自 2025Q2 起）0.6 → 0.4" in said.zh
    fixed = load(registry, HEADER + ROW.format(w=0.25, q="2025Q2", t="96%"), "fixed.csv")
    assert (
        f"; changes: weight of {named} from 2025Q2: 0.4 → 0.25; target of {named} for 全部 "
        "from 2025Q2: 0.95 → 0.96"
    ) in fixed.summary_text().en
    again = load(registry, HEADER + ROW.format(w=0.25, q="2025Q2", t="96%"), "again.csv")
    assert "changes:" not in again.summary_text().en  # the same file again: nothing changes


def test_withdrawing_a_system_load_says_each_weight_and_target_it_puts_back(registry):
    """Trial (session 59): withdrawing a mistaken system load said the rows it restored, not
    the values in force again. Here a file sets 2025Q2's weight 0.6 → 0.4 and a target for
    三级医院 alone, which deletes 2025Q2's 全部 target of 0.95 (the replace key: the indicator
    and quarter; 2025Q1's 0.9 holds in 2025Q2 instead); its withdrawal puts the weight and that
    target back and takes the group's away. The audit log's entry says the same."""
    from etl.load import withdraw, withdrawal_text

    load(registry, SYSTEM, "system.csv")
    tertiary = (
        "inspection_score_rate,检查得分率,Inspection score rate,inspection,higher,0.4,rate,"
        "三级医院,2025Q2,0.97\n"
    )
    mistake = load(registry, HEADER + tertiary, "mistake.csv")
    done = withdraw(registry, mistake.load_id)
    named = "Inspection score rate (inspection_score_rate)"
    put_back = (
        f"; changes: weight of {named} from 2025Q2: 0.4 → 0.6; target of {named} for 三级医院 "
        f"from 2025Q2: 0.97 → —; target of {named} for 全部 from 2025Q2: 0.9 → 0.95"
    )
    audited = withdrawal_text(mistake.load_id, done)
    assert (
        audited.en == f"load {mistake.load_id}: 2 rows removed, 2 replaced rows restored" + put_back
    )
    named_zh = "检查得分率（inspection_score_rate）"
    assert audited.zh.endswith(
        f"；变更：{named_zh}权重（自 2025Q2 起）0.4 → 0.6；{named_zh}对“三级医院”的目标值"
        f"（自 2025Q2 起）0.97 → —；{named_zh}对“全部”的目标值（自 2025Q2 起）0.9 → 0.95"
    )
    in_force = registry.execute(
        "SELECT i.weight, t.peer_group, t.target FROM indicators i JOIN targets t USING "
        "(indicator_code, from_quarter) WHERE from_quarter = '2025Q2'"
    ).fetchall()
    assert in_force == [(0.6, "全部", 0.95)]  # as the note says


def test_a_row_from_a_quarter_of_its_own_says_the_values_in_force_before_and_after(registry):
    """Trial (session 61): a weight raised from a quarter with no row yet (0.6 in force from
    2025Q2's row → 0.3 from 2025Q3), its target restated as in force (0.95), was said
    "weight … from 2025Q3: — → 0.3; target … for 全部 from 2025Q3: — → 0.95", and its
    withdrawal "0.3 → —; 0.95 → —", as if the indicator had had no weight before nor after.
    Both now say the values in force at 2025Q3 either side, and the target not at all."""
    from etl.load import withdraw, withdrawal_text

    load(registry, SYSTEM, "system.csv")
    raised = load(registry, HEADER + ROW.format(w=0.3, q="2025Q3", t=0.95), "raised.csv")
    assert raised.outcome == "loaded", raised.problems
    named = "Inspection score rate (inspection_score_rate)"
    assert raised.summary_text().en.endswith(f"; changes: weight of {named} from 2025Q3: 0.6 → 0.3")
    done = withdraw(registry, raised.load_id)
    assert withdrawal_text(raised.load_id, done).en.endswith(
        f"rows removed, 0 replaced rows restored; changes: weight of {named} from 2025Q3: 0.3 → 0.6"
    )
