"""Strings of the dated registry and indicator system: the Indicator-system page's quarter,
its table of changes, and the unit profile's history of groups and districts."""

STRINGS: dict[str, tuple[str, str]] = {
    # ------------------------------------------- indicator system page (pages/indicator_system.py)
    "system.quarter": ("季度", "Quarter"),
    "system.quarter_help": (
        "下表是{quarter}施行的测评体系；“起始季度”为空的行自始施行。在此保存的修改自{quarter}"
        "起施行，此前各季度保持原来的权重和目标值。",
        "Below, the indicator system in force in {quarter}; a row with no “Holds from” holds "
        "from the beginning. A change saved here holds from {quarter} on; earlier quarters keep "
        "their weights and targets.",
    ),
    "system.col.holds_from": ("起始季度", "Holds from"),
    "system.none_in_force": (
        "{quarter}尚无施行的测评体系（新建的存储在装载测评体系之前都是如此），因此无法计算文明指数和排名："
        "请在“数据上传”页上传测评体系文件，或在服务器上运行 python -m etl load 测评体系.csv"
        "（python -m etl demo --files 文件夹 写出的 测评体系.csv 可作样例，各列见 python -m etl "
        "contracts），也可在下表逐行填写指标、权重和目标后保存。",
        "No indicator system is in force in {quarter} (a new store has none until one is "
        "loaded), so no index or ranking can be computed: upload an indicator-system file on "
        "the Upload page, or run python -m etl load 测评体系.csv on the server (the 测评体系.csv "
        "that python -m etl demo --files FOLDER writes is a model; the columns: python -m etl "
        "contracts), or fill in the indicators, weights and targets below and Save.",
    ),
    "method.system.col.note": ("说明", "Note"),
    "method.system.no_definition": (
        "尚无计算口径：没有数值，不计入文明指数",
        "No definition yet: it has no values and is left out of the index",
    ),
    "method.system.retired": (
        "已停用：不再考核，无单位据此达标或未达标",
        "Retired: no longer assessed, so no unit meets or misses it",
    ),
    "method.system.title": ("各季度施行的测评体系", "The indicator system, quarter by quarter"),
    "method.system.caption": (
        "{quarter}施行的测评指标、权重和目标值；“起始季度”是该行开始施行的季度（—：自始施行）。"
        "权重为 0 的指标已停用，不再考核：不计入文明指数和达标率。",
        "The indicators, weights and targets in force in {quarter}; “From quarter” is the "
        "quarter each row holds from (—: from the beginning). An indicator of weight 0 is "
        "retired, no longer assessed: it counts in neither the index nor the attainment "
        "rates.",
    ),
    "system.edits_lost": (
        "未保存：您编辑期间，测评体系已被 {who} 修改（批次 {load_id}），您的修改未能保存。"
        "下表已是最新的测评体系，请在其上重新修改后保存。",
        "Not saved: while you edited, {who} changed the indicator system (load {load_id}), so "
        "your edits could not be saved. The tables below show the system as it is now: make "
        "your changes on it and save again.",
    ),
    "system.removed_targets": (
        "不能删除目标值（{targets}）：目标值一直施行到被新的目标值取代，请改为填写新的目标值。",
        "Targets cannot be deleted ({targets}): a target holds until a later one replaces it; "
        "enter the new target instead.",
    ),
    "system.changes": ("两个季度之间的变化", "What changed between two quarters"),
    "system.compare_from": ("对比季度（之前）", "Compare the system of"),
    "system.compare_to": ("对比季度（之后）", "with the system of"),
    "system.empty": (
        "尚未装载测评体系，没有可比较的调整。",
        "No indicator system is loaded yet: there is nothing to compare.",
    ),
    "system.changes.none": (
        "这两个季度施行的测评体系相同。",
        "The two quarters have the same indicator system.",
    ),
    "pages.system_changed": (
        "{before}到{quarter}，测评体系有 {count} 处调整（权重、目标或指标）："
        "指数和名次的变化有一部分来自这些调整，而非单位本身",
        "The indicator system changed from {before} to {quarter} ({count} changes to weights, "
        "targets or indicators): part of the changes in index and rank comes from that, not "
        "from the units",
    ),
    # the Trends page, beside attainment rates over a window of quarters (ui/system_changes.py)
    "pages.trends.system_changed": (
        "所示季度中测评体系有 {count} 处调整（{quarters}起施行）：各指标达标率的升降有一部分"
        "来自这些调整（如目标值提高），而非单位本身",
        "The indicator system changed within the quarters shown ({count} changes, from "
        "{quarters}): part of the rise or fall of the attainment rates comes from that (a target "
        "raised, say), not from the units",
    ),
    "system.change.indicator_added": ("新增指标", "indicator added"),
    "system.change.indicator_dropped": ("指标不再施行", "indicator dropped"),
    "system.change.weight": ("权重", "weight"),
    "system.change.definition": ("指标定义", "definition"),
    # one field of a definition changed: 英文名称：A → B
    "system.change.field": ("{field}：{before} → {after}", "{field}: {before} → {after}"),
    "system.change.target": ("目标值", "target"),
    "system.changes.change": ("变化", "Change"),
    "system.changes.indicator_code": ("指标", "Indicator"),
    "system.changes.peer_group": ("单位类别", "Peer group"),
    "system.changes.before": ("之前", "Before"),
    "system.changes.after": ("之后", "After"),
    "system.changes.detail": ("说明", "Detail"),
    "system.changes.from_quarter": ("起始季度", "Holds from"),
    "system.changes.loaded_by": ("修改人", "By"),
    "system.changes.loaded_at": ("修改时间", "When"),
    "system.changes.load_id": ("批次", "Load"),
    # --------------------------------------------------- unit profile (pages/unit_profile.py)
    "pages.profile.history": ("类别与{divisions}的变化", "History of groups and {divisions}"),
    "pages.profile.history_help": (
        "单位名录中本单位的各行：每行自“起始季度”起施行（为空则自始施行），到“截止季度”为止；"
        "各季度的排名按当时的类别和{divisions}计算。",
        "The unit's rows in the registry: each holds from its first quarter (blank: from the "
        "beginning) to its last; every quarter's ranking uses the group and {division} of that "
        "quarter.",
    ),
    "pages.profile.history.from_quarter": ("起始季度", "From"),
    "pages.profile.history.to_quarter": ("截止季度", "To"),
    "pages.profile.history.unit_name": ("单位名称", "Name"),
    "pages.profile.history.district": ("{divisions}", "{Division}"),
    "pages.profile.history.peer_group": ("单位类别", "Peer group"),
    "pages.profile.history.staff_count": ("职工人数", "Staff"),
    "pages.profile.history.parent_code": ("上级单位编码", "Parent"),
    # the parent is a unit outside the reader's scope (queries/scope.py): not its code
    "pages.profile.parent_outside": ("（在您的数据范围以外）", "(outside your scope)"),
    "pages.profile.history.status": ("状态", "Status"),
    "pages.profile.status.open": ("在用", "Open"),
    "pages.profile.status.closed": ("撤销", "Closed"),
    "pages.profile.status.merged": ("撤并", "Merged"),
    "pages.profile.closed_from": (
        "本单位自{quarter}起撤销（见下方“类别与{divisions}的变化”）：{quarter}及以后各季度没有它的"
        "文明指数、名次和整改问题，此前各季度照常显示。",
        "This unit is closed from {quarter} on (see its history of groups and {divisions} "
        "below): it has no civility index, rank or findings in {quarter} and after; the "
        "quarters before are shown as they were.",
    ),
    "pages.profile.merged_from": (
        "本单位自{quarter}起撤并（见下方“类别与{divisions}的变化”）：{quarter}及以后各季度没有它的"
        "文明指数、名次和整改问题，此前各季度照常显示。",
        "This unit is merged into another from {quarter} on (see its history of groups and "
        "{divisions} below): it has no civility index, rank or findings in {quarter} and after; "
        "the quarters before are shown as they were.",
    ),
}
