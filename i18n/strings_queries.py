"""The named queries' refusals (``queries.QueryError``: an unknown query, a bad parameter, a
name outside the reader's scope) and the query command line's own messages
(``python -m queries``, said in its ``--lang``). Said through ``etl.messages.msg``."""

STRINGS = {
    "query.no_such_query": (
        "没有名为“{name}”的查询：`python -m queries list` 列出全部查询",
        "there is no query named {name!r}; `python -m queries list` shows them all",
    ),
    "query.no_such_parameter": (
        "查询 {query} 没有参数 {unknown}（它的参数：{known}）",
        "query {query} has no parameter {unknown} (its parameters: {known})",
    ),
    "query.no_parameters": ("无", "none"),
    # python -m queries list: a query and its purpose, each parameter, and the closing sentence
    "query.cli.purpose": ("{name}：{purpose}", "{name}: {purpose}"),
    "query.param.required": ("{name}（{kind}，必填）", "{name} ({kind}, required)"),
    "query.param.optional": ("{name}（{kind}，可选）", "{name} ({kind}, optional)"),
    "query.param.default": (
        "{name}（{kind}，默认 {default}）",
        "{name} ({kind}, default {default})",
    ),
    "query.param.one_of": ("以下之一：{choices}", "one of {choices}"),
    "query.cli.every_query_takes": (
        "每个查询还可用参数：districts、peer_groups、units（名称列表，以逗号分隔：只列出含这些名称"
        "的行）；as_published=true（已发布季度按发布时的数据）或 publication=N（按第 N 号发布）。",
        "Every query also takes: districts, peer_groups, units (lists, comma-separated: only the "
        "rows naming them); as_published=true (a published quarter's figures as published) or "
        "publication=N (as publication N).",
    ),
    "query.required": ("缺少参数 {name}（必填）", "parameter {name} is required"),
    "query.not_a_quarter": (
        "参数 {name}=“{value}”不是季度：请写成 2025Q3 这样",
        "parameter {name}={value!r} is not a quarter: write it like 2025Q3",
    ),
    # a quarter typed on the command line, which takes the spellings python -m etl takes
    "query.text_not_a_quarter": (
        "参数 {name}=“{value}”不是季度：请写成 2025Q3 或 2025年第3季度 这样",
        "parameter {name}={value!r} is not a quarter: write it like 2025Q3 or 2025年第3季度",
    ),
    "query.not_allowed": (
        "参数 {name}=“{value}”不可用：请用以下之一：{choices}",
        "parameter {name}={value!r} is not allowed: use one of {choices}",
    ),
    "query.not_an_integer": (
        "参数 {name} 应为整数，而不是 {value}",
        "parameter {name} must be an integer, not {value}",
    ),
    "query.wrong_type": (
        "参数 {name} 应为{type}，而不是 {kind} {value}",
        "parameter {name} must be {type}, not {kind} {value}",
    ),
    "query.not_valid": (
        "参数 {name}=“{value}”不是有效的{type}",
        "parameter {name}={value!r} is not a valid {type}",
    ),
    "query.not_true_or_false": (
        "参数 {name}=“{value}”应为 true 或 false",
        "parameter {name}={value!r} is not true or false",
    ),
    # a parameter's type, as a refusal names it (queries.catalogue.PARAM_TYPES)
    "query.type.str": ("文本", "str"),
    "query.type.quarter": ("季度", "quarter"),
    "query.type.int": ("整数", "int"),
    "query.type.float": ("数值", "float"),
    "query.type.bool": ("true 或 false", "bool"),
    "query.type.date": ("日期", "date"),
    "query.type.indicator": ("指标编码", "indicator"),
    "query.type.unit": ("单位编码", "unit"),
    "query.type.peer_group": ("单位类别", "peer_group"),
    "query.type.district": ("{divisions}", "{division}"),
    "query.type.choice": ("选项", "choice"),
    "query.no_such_unit": (
        "参数 {name}=“{value}”：没有这个编码的单位",
        "parameter {name}={value!r}: there is no unit with this code",
    ),
    "query.not_a_peer_group": (
        "参数 {name}=“{value}”不是单位类别：请用以下之一（括号内为也可用的写法）：{choices}",
        "parameter {name}={value!r} is not a peer group: use one of (other spellings in "
        "brackets) {choices}",
    ),
    "query.no_unit_has_it": (
        "参数 {name}=“{value}”：没有哪个单位属于它；请用以下之一：{choices}",
        "parameter {name}={value!r}: no unit has it; use one of {choices}",
    ),
    "query.not_a_list": (
        "参数 {name} 应为名称的列表，而不是 {value}",
        "parameter {name} must be a list of names, not {value}",
    ),
    "query.unit_outside": (
        "单位 {value} 不在数据范围（{scope}）内",
        "unit {value} is outside the scope ({scope})",
    ),
    "query.district_outside": (
        "{divisions} {value} 不在数据范围（{scope}）内",
        "{division} {value} is outside the scope ({scope})",
    ),
    "query.peer_group_outside": (
        "单位类别 {value} 不在数据范围（{scope}）内",
        "peer group {value} is outside the scope ({scope})",
    ),
    # a list parameter (districts, peer_groups, units) for a query whose rows name no such thing
    "query.lists_no": (
        "此查询的结果不列出{listed}：参数 {name} 不适用",
        "this query lists no {listed}: parameter {name} does not apply",
    ),
    "query.listed.district": ("{divisions}", "{division}"),
    "query.listed.peer_group": ("单位类别", "peer_group"),
    "query.listed.units": ("单位", "units"),
    "query.scope_type": (
        "scope 应为 queries.scope.Scope，而不是 {scope}",
        "scope must be a queries.scope.Scope, not {scope}",
    ),
    "query.no_publication": ("没有第 {number} 号发布", "there is no publication {number}"),
    "query.publication_of_another_quarter": (
        "第 {number} 号发布是 {quarter} 的发布，没有发布过 {asked} 的数据：请去掉 publication，"
        "或用 as_published=true 读取 {asked} 最近一次发布的数据",
        "publication {number} is of {quarter}, not {asked}: it published no figures of {asked}; "
        "drop publication, or give as_published=true for the latest publication of {asked}",
    ),
    "query.published_needs_quarter": (
        "as_published 需要季度，而查询 {name} 没有季度参数：请改为指定发布（publication=N）",
        "as_published needs the quarter: query {name} has none; name the publication instead "
        "(publication=N)",
    ),
    "query.compares_publications": (
        "查询 {name} 本身就是比较：revisions 比较最近一次发布的数据与现在的数据，"
        "publication_revisions 比较一次发布与其上一次发布，不能再加 as_published 或 publication："
        "请去掉它们（某次发布修订了什么：publication_revisions --param number=N）",
        "{name} compares publications itself (revisions compares the figures as published with "
        "today's, publication_revisions a publication with the one before it): as_published and "
        "publication do not apply to it; leave them out (what publication N revised: "
        "publication_revisions with number=N)",
    ),
    "query.not_published": (
        "{quarter} 尚未发布（python -m etl publish）",
        "{quarter} has not been published (python -m etl publish)",
    ),
    # the command line (queries/cli.py)
    "query.cli.param_form": (
        "--param “{pair}” 应写成 名称=值，如 quarter=2025Q3",
        "--param {pair!r} should look like NAME=VALUE, e.g. quarter=2025Q3",
    ),
    "query.cli.no_user": ("没有名为“{name}”的用户", "there is no user named {name!r}"),
    # a unit's change on last quarter is one of its figures (a correction of that quarter)
    "revisions.units": (
        " {units} 个单位的指数、名次、逾期问题或较上季度的变化有变动",
        "{units} units' index, rank, overdue findings or change on last quarter changed",
    ),
    "revisions.units_some_moved": (
        " {units} 个单位的指数、名次、逾期问题或较上季度的变化有变动（其中 {own} 个单位本身的"
        "数据有变动，其余 {moved} 个单位仅名次或名次变化随之变动）",
        "{units} units' index, rank, overdue findings or change on last quarter changed (the "
        "figures of {own} of them, and only the rank or rank change of the other {moved})",
    ),
    # the same of the revisions within each peer group (queries.composed.within_peer_groups):
    # the pack's, and the Meeting-pack page's, whose ranks are within the groups
    "revisions.units_in_groups": (
        " {units} 个单位的指数、类别内名次、逾期问题或较上季度的变化有变动",
        "{units} units' index, rank within their peer group, overdue findings or change on last "
        "quarter changed",
    ),
    "revisions.units_some_moved_in_groups": (
        " {units} 个单位的指数、类别内名次、逾期问题或较上季度的变化有变动（其中 {own} 个单位"
        "本身的数据有变动，其余 {moved} 个单位仅类别内名次或名次变化随之变动）",
        "{units} units' index, rank within their peer group, overdue findings or change on last "
        "quarter changed (the figures of {own} of them, and only the rank or rank change of the "
        "other {moved})",
    ),
    "query.cli.current_of_published": (
        "注意：{quarter} 已于 {date} 发布（第 {number} 号发布），以下为当前数据："
        "发布后有{changed}。加 --param as_published=true 可看发布时的数据。",
        "note: {quarter} was published on {date} (publication {number}); these are the current "
        "figures, and since then {changed}. Add --param as_published=true for the figures as "
        "published.",
    ),
    # query.cli.current_of_published for the revisions query, whose rows are those changes
    "query.cli.revisions_since": (
        "注意：{quarter} 已于 {date} 发布（第 {number} 号发布），发布后有{changed}，列于下表。",
        "note: {quarter} was published on {date} (publication {number}); since then "
        "{changed}, as listed below.",
    ),
    "query.cli.current_as_published": (
        "注意：{quarter} 已于 {date} 发布（第 {number} 号发布），发布后数据没有变动，"
        "以下当前数据即发布时的数据。",
        "note: {quarter} was published on {date} (publication {number}), and nothing has "
        "changed since: these current figures are the figures as published.",
    ),
    # data changed since publication that moved no unit's index, rank or overdue findings
    "query.cli.data_changed": (
        "注意：{quarter} 已于 {date} 发布（第 {number} 号发布），发布后各单位的指数、名次和逾期问题"
        "数均未变化，但数据有变动（更正，或登记的收到日期）：以下为当前数据；发布时的数据请加 "
        "--param as_published=true。",
        "note: {quarter} was published on {date} (publication {number}); since then no unit's "
        "index, rank or overdue findings has changed, but its data have (a correction, or a "
        "day received recorded): these are the current figures. Add --param as_published=true "
        "for the figures as published.",
    ),
    "query.cli.unloaded": (
        "{asked} 尚未上传任何文件，所以结果为空（有数据的季度：{have}）",
        "no file has been loaded for {asked}, so the result is empty (quarters with data: {have})",
    ),
    "query.cli.no_quarters": ("无", "none"),
}
