"""The published banner's table of revisions (ui/published.py): what each column says."""

from __future__ import annotations

import polars as pl

from queries.composed import REVISION_COLUMNS
from ui.context import Context
from ui.published import revision_rows


def test_revisions_read_the_overdue_findings_as_published_then_now():
    changed = pl.DataFrame(
        {
            "unit_code": ["T2", "H9"],
            "unit_name": ["戊卫生院", "新医院"],
            "published_value": [81.234, None],
            "current_value": [81.234, 77.5],
            "value_change": [0.0, None],
            "published_rank": [3, None],
            "current_rank": [3, 5],
            "rank_change": [0, None],
            "published_status": ["ranked", None],
            "current_status": ["ranked", "ranked"],
            "published_overdue": [0, None],  # H9 is new since publication
            "current_overdue": [2, 1],
            "published_previous": [92.105, None],  # T2's last quarter corrected since
            "current_previous": [78.77, None],
            "load_ids": [[7], [8]],
            "loads": ["7 t2_q2.csv (loaded)", "8 units.csv (loaded)"],
            "moved_only": [False, False],
            "current_group": [None, None],
            "published_group": [None, None],
        },
        schema=REVISION_COLUMNS,
    )
    log = pl.DataFrame(
        {
            "load_id": [7, 8, 9],
            "file_name": ["t2_q2.csv", "units.csv", "other.csv"],
            "outcome": ["withdrawn", "loaded", "loaded"],
        }
    )
    zh = revision_rows(changed, log, Context("rankings", "zh", None, None, "2025Q3", "全部"))
    # the status beside the name (a unit fallen to 数据不足 is read so before its index), the
    # loads that changed it before the ranks (the columns a 1280-px window shows)
    assert zh.columns == [
        "单位编码",
        "单位名称",
        "状态（发布时 → 当前）",
        "发布时指数",
        "当前指数",
        "指数变化",
        "引起变动的装载",
        "发布时排名",
        "当前排名",
        "逾期问题（发布时 → 当前）",
        "上季度指数（发布时 → 当前）",
    ]
    assert zh["逾期问题（发布时 → 当前）"].to_list() == ["0 → 2", "0 → 1"]
    # the last quarter's index a change is counted from (session 60), half up as shown
    assert zh["上季度指数（发布时 → 当前）"].to_list() == ["92.11 → 78.77", "— → —"]
    assert zh["发布时指数"].to_list() == [81.23, None]
    # the loads in the reader's words (the query's own text said "(withdrawn)" in Chinese too)
    assert zh["引起变动的装载"].to_list() == ["7 t2_q2.csv（已撤回）", "8 units.csv（已上传）"]
    assert zh["状态（发布时 → 当前）"].to_list() == ["已排名 → 已排名", "— → 已排名"]
    en = revision_rows(changed, log, Context("rankings", "en", None, None, "2025Q3", "全部"))
    assert en["Loads that changed it"].to_list() == [
        "7 t2_q2.csv (withdrawn)",
        "8 units.csv (loaded)",
    ]


def test_a_unit_regrouped_since_publication_says_where_it_went():
    """Regrouped since publication, a unit has no current figures in the group asked for: its
    status read 已排名 → — as if it had gone."""
    changed = pl.DataFrame(
        {
            "unit_code": ["U1"],
            "unit_name": ["甲医院"],
            "published_value": [88.1],
            "current_value": [None],
            "value_change": [None],
            "published_rank": [2],
            "current_rank": [None],
            "rank_change": [None],
            "published_status": ["ranked"],
            "current_status": [None],
            "published_overdue": [0],
            "current_overdue": [None],
            "published_previous": [None],
            "current_previous": [None],
            "load_ids": [[9]],
            "loads": ["9 units.csv (loaded)"],
            "moved_only": [False],
            "current_group": ["二级医院"],
            "published_group": [None],
        },
        schema=REVISION_COLUMNS,
    )
    log = pl.DataFrame({"load_id": [9], "file_name": ["units.csv"], "outcome": ["loaded"]})
    zh = revision_rows(changed, log, Context("rankings", "zh", None, None, "2025Q3", "三级医院"))
    assert zh["状态（发布时 → 当前）"].to_list() == ["已排名 → 现属二级医院"]
    en = revision_rows(changed, log, Context("rankings", "en", None, None, "2025Q3", "三级医院"))
    assert en["Status (published → now)"].to_list() == ["Ranked → now in Secondary hospital"]


def test_a_unit_regrouped_into_the_group_since_publication_says_where_it_was():
    """Trial (session 58): a unit regrouped into 三级医院 after publication read "— → 已排名"
    in that group's revisions, as a unit new since, though it was published in 二级医院."""
    changed = pl.DataFrame(
        {
            "unit_code": ["U8"],
            "unit_name": ["榆中县第二人民医院"],
            "published_value": [None],
            "current_value": [82.87],
            "value_change": [None],
            "published_rank": [None],
            "current_rank": [3],
            "rank_change": [None],
            "published_status": [None],
            "current_status": ["ranked"],
            "published_overdue": [None],
            "current_overdue": [0],
            "published_previous": [None],
            "current_previous": [None],
            "load_ids": [[40]],
            "loads": ["40 units.csv (loaded)"],
            "moved_only": [False],
            "current_group": [None],
            "published_group": ["二级医院"],
        },
        schema=REVISION_COLUMNS,
    )
    log = pl.DataFrame({"load_id": [40], "file_name": ["units.csv"], "outcome": ["loaded"]})
    zh = revision_rows(changed, log, Context("rankings", "zh", None, None, "2026Q2", "三级医院"))
    assert zh["状态（发布时 → 当前）"].to_list() == ["发布时属二级医院 → 已排名"]
    en = revision_rows(changed, log, Context("rankings", "en", None, None, "2026Q2", "三级医院"))
    assert en["Status (published → now)"].to_list() == [
        "in Secondary hospital when published → Ranked"
    ]
