"""Scopes in the ETL's messages: a scoped analyst's file naming a unit outside the scope
(etl/scope_check.py), and a scope as the audit log names it (``etl.scope.Scope.text``). Said
through ``etl.messages.msg`` like every ETL message."""

STRINGS = {
    "scope.all": ("{area}", "all"),
    "scope.districts": ("{divisions}：{districts}", "{divisions}: {districts}"),
    "scope.unit": ("单位：{unit}", "unit: {unit}"),
    # a unit outside the scope is not placed: which district a code is in is not the loader's
    # to see (as a query's refusals say no other district's unit, queries/scope.py)
    "scope.unit_outside": (
        "该单位不在您的数据范围（{scope}）内：请删除此行，或请数据范围包含该单位的账户上传",
        "this unit is outside your scope ({scope}): remove the row, or ask an account whose "
        "scope includes the unit to load the file",
    ),
    "scope.registry_outside": (
        "不在您的数据范围（{scope}）内：您只能登记本范围内的单位；请删除此行，"
        "或请数据范围包含它的账户上传",
        "outside your scope ({scope}): you may register units of your scope only; remove the "
        "row, or ask an account whose scope includes it to load the file",
    ),
    # the upload history and the audit log: a load of the reader's units and others', or
    # (an account narrowed since) of others' only
    "scope.note_outside": (
        "此次上传含有您数据范围（{scope}）以外单位的数据：其说明可能提到那些单位或文件，此处不显示",
        "this load holds data of units outside your scope ({scope}): its note, which may name "
        "them or their file, is not shown here",
    ),
    # the same, of an entry no load's rows place (a rejected file, an account's change) made
    # by or about an account before it was given the scope it has now
    "scope.note_before": (
        "此条记录早于该账户现有数据范围的设定：其说明可能提到您数据范围（{scope}）以外的单位，"
        "此处不显示",
        "this entry is from before its account was given the scope it has now: its note, which "
        "may name units outside your scope ({scope}), is not shown here",
    ),
    # the upload history's rows cell of such a load: the rows of the reader's units alone
    "scope.rows_of_yours": ("您范围内单位的 {rows:,} 行", "{rows:,} rows of your units"),
    "scope.moved_in": (
        "该单位已登记在您的数据范围（{scope}）以外：不能把其他{divisions}的单位改登到"
        "本范围；请删除此行，或请{area}范围的账户上传",
        "this unit is registered outside your scope ({scope}): a unit of another {division} "
        "cannot be moved into yours; remove the row, or ask a bureau-wide account to load the "
        "file",
    ),
    # the refusal follows 不能撤回：/Cannot withdraw: (upload.withdraw_refused, the CLI's error:);
    # units outside the scope are counted, not named (their codes are not the reader's to see)
    "scope.withdraw_moves_out": (
        "撤回第 {load_id} 次导入后，将有 {count} 家单位登记在您的权限范围（{scope}）之外，"
        "请由有权限的分析员撤回。",
        "withdrawing load {load_id} would leave {count} units registered outside your scope "
        "({scope}); ask an analyst whose scope covers them to withdraw it.",
    ),
    "scope.withdraw_outside": (
        "第 {load_id} 次导入中有 {count} 家单位不在您的权限范围（{scope}）内，"
        "请由有权限的分析员撤回。",
        "load {load_id} holds {count} units outside your scope ({scope}); ask an analyst "
        "whose scope covers them to withdraw it.",
    ),
    "scope.withdraw_bureau_wide": (
        "第 {load_id} 次导入是测评体系，适用于{area}，只能由{area}范围的账号撤回"
        "（您的范围：{scope}）。",
        "load {load_id} is the indicator system, the whole bureau's: only a bureau-wide account "
        "may withdraw it (your scope: {scope}).",
    ),
    "scope.received_outside": (
        "第 {load_id} 次导入中有 {count} 家单位不在您的权限范围（{scope}）内，"
        "请由有权限的分析员登记收到日期。",
        "load {load_id} holds {count} units outside your scope ({scope}); ask an analyst "
        "whose scope covers them to record the day it was received.",
    ),
    "scope.received_bureau_wide": (
        "第 {load_id} 次导入是测评体系，适用于{area}，"
        "只能由{area}范围的账号登记收到日期（您的范围：{scope}）。",
        "load {load_id} is the indicator system, the whole bureau's: only a bureau-wide account "
        "may record the day it was received (your scope: {scope}).",
    ),
    "scope.bureau_wide": (
        "测评体系适用于{area}：只有{area}范围的账户可以上传（您的数据范围：{scope}）",
        "the indicator system is the whole bureau's: only an account with the bureau-wide "
        "scope may load it (yours: {scope})",
    ),
}
