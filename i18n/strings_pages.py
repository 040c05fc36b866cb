"""Strings of the chart builders and of the pages leaders use (overview, rankings, unit profile,
trends, ledger, data quality)."""

STRINGS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ charts (charts/builders.py)
    "charts.no_data": ("暂无可绘制的数据", "No data to draw"),
    "charts.all_groups": ("全部类别", "All peer groups"),
    "charts.index": ("文明指数", "Civility index"),
    "charts.value": ("指标值", "Value"),
    "charts.rank": ("名次", "Rank"),
    "charts.rank_low": ("名次区间（最好）", "Rank range (best)"),
    "charts.rank_high": ("名次区间（最差）", "Rank range (worst)"),
    "charts.unit": ("单位", "Unit"),
    "charts.unit_code": ("单位编码", "Unit code"),
    "charts.peer_group": ("单位类别", "Peer group"),
    "charts.quarter": ("季度", "Quarter"),
    "charts.target": ("目标值", "Target"),
    "charts.indicator": ("指标", "Indicator"),
    "charts.series": ("系列", "Series"),
    "charts.interval_low": ("区间下限", "Interval low"),
    "charts.interval_high": ("区间上限", "Interval high"),
    "charts.league.title": ("排名", "League table"),
    "charts.league.first": (
        "前 {shown} 家（共 {total} 家参加排名）",
        "the first {shown} of {total} ranked units",
    ),
    "charts.league.title_first": ("排名：{first}", "League table: {first}"),
    # after title_first, when the units drawn cut a tie: which of the tied were drawn is
    # no ranking (they are drawn by code)
    "charts.league.tie_cut": (
        "；第 {rank} 名并列 {tied} 家，图中只画出其中 {drawn} 家",
        "; {tied} units share rank {rank}, {drawn} of them drawn",
    ),
    # the league chart's value axis, fitted to the values: where it starts (not at zero)
    "charts.league.axis_from": ("{title}（横轴自 {start} 起）", "{title} (axis from {start})"),
    "charts.caterpillar.title_value": (
        "各单位指标值及95%置信区间",
        "Each unit's value with its 95% interval",
    ),
    "charts.caterpillar.title_rank": (
        "各单位名次及名次可能范围",
        "Each unit's rank with its plausible range",
    ),
    "charts.caterpillar.units_sorted": ("单位（按数值排序）", "Units (sorted)"),
    "charts.caterpillar.ends_shown": (
        "单位（按数值排序）：前 {n} 家与后 {n} 家，共 {total} 家",
        "Units (sorted): the first {n} and the last {n} of {total}",
    ),
    "charts.funnel.title": (
        "漏斗图：比例与样本量（95%与99.8%控制限）",
        "Funnel plot: proportion by sample size (95% and 99.8% limits)",
    ),
    "charts.funnel.n": ("样本量", "Sample size"),
    "charts.funnel.limits": ("控制限", "Limits"),
    "charts.funnel.limit95": ("95%控制限", "95% limits"),
    "charts.funnel.limit998": ("99.8%控制限", "99.8% limits"),
    "charts.funnel.centre": ("中心线", "Centre line"),
    "charts.funnel.flag": ("与控制限相比", "Against the 95% limits"),
    "charts.funnel.flag_above": ("高于上限", "Above"),
    "charts.funnel.flag_within": ("在限内", "Within"),
    "charts.funnel.flag_below": ("低于下限", "Below"),
    "charts.funnel.limits_exact": ("精确控制限", "Exact limits"),
    "charts.funnel.limits_normal": ("正态近似控制限", "Normal-approximation limits"),
    "charts.funnel.centre_target": (
        "中心线：目标值 {centre}。",
        "Centre line: the target, {centre}. ",
    ),
    "charts.funnel.centre_mean": (
        "中心线：所示单位的合并比例 {centre}（不是目标值）。",
        "Centre line: the units' pooled proportion, {centre} (not a target). ",
    ),
    "charts.funnel.note_untested": (
        "{kind}。单位太少（{units} 家），无法检验过度离散，控制限未调整。",
        "{kind}. Too few units ({units}) to test for over-dispersion; limits not adjusted.",
    ),
    "charts.funnel.note_test": (
        "{kind}。过度离散检验：φ = {phi}（{units} 家单位，超过 {limit} 即为过度离散）；",
        "{kind}. Over-dispersion test: φ = {phi} ({units} units; over-dispersed above {limit}); ",
    ),
    "charts.funnel.outcome_additive": (
        "已按随机效应放宽控制限（τ² = {tau2}）。",
        "limits widened by random effects (τ² = {tau2}).",
    ),
    "charts.funnel.outcome_multiplicative": (
        "已将控制限放宽为 √φ = {root} 倍。",
        "limits widened by √φ = {root}.",
    ),
    "charts.funnel.outcome_not_chosen": (
        "按所选未调整控制限。",
        "limits not adjusted, as chosen.",
    ),
    "charts.funnel.outcome_none_needed": (
        "未发现过度离散，控制限未调整。",
        "no over-dispersion: limits not adjusted.",
    ),
    "charts.funnel.outcome_multiplicative_would_narrow": (
        "φ ≤ 1：单位间差异不大于随机误差，调整只会收窄控制限，故保持不变。",
        "φ ≤ 1: units vary no more than chance allows; adjusting would only narrow the limits, "
        "so they stay as they are.",
    ),
    "charts.funnel.outcome_additive_would_narrow": (
        "τ² = 0：单位间差异不大于随机误差，控制限保持不变。",
        "τ² = 0: units vary no more than chance allows; the limits stay as they are.",
    ),
    "charts.robustness.title": (
        "稳健性：不同标准化方法与等权重下的名次",
        "Robustness: ranks under other normalisations and equal weights",
    ),
    "charts.robustness.method": ("方法", "Method"),
    "charts.robustness.rank_attainment": ("目标达成（默认）", "Target attainment (default)"),
    "charts.robustness.rank_minmax": ("最小-最大", "Min–max"),
    "charts.robustness.rank_zscore": ("Z分数", "z-score"),
    "charts.robustness.rank_equal_weights": ("等权重", "Equal weights"),
    "charts.robustness.best": ("最好名次", "Best rank"),
    "charts.robustness.worst": ("最差名次", "Worst rank"),
    "charts.robustness.shift": ("最大变动", "Largest shift"),
    "charts.trend.title": ("随时间变化", "Over time"),
    "charts.trend.unit": ("本单位", "This unit"),
    "charts.trend.peer_median": ("同类中位数", "Peer-group median"),
    "charts.trend.peer_q1": ("同类下四分位", "Peer-group lower quartile"),
    "charts.trend.peer_q3": ("同类上四分位", "Peer-group upper quartile"),
    "charts.rank_history.title": ("名次变化", "Rank history"),
    "charts.rank_history.peer": ("同类内名次", "Rank in peer group"),
    "charts.rank_history.overall": ("{area}名次", "Overall rank"),
    "charts.rank_history.out_of": ("参评单位数", "Units ranked"),
    "charts.rank_history.among": ("排名范围", "Ranked among"),
    "charts.attainment.title": (
        "各指标达标率（按季度）",
        "Share of units meeting the target, by indicator",
    ),
    "charts.attainment.rate": ("达标率", "Attainment rate"),
    "charts.attainment.meeting": ("达标单位数", "Units meeting target"),
    "charts.attainment.with_value": ("有数据单位数", "Units with a value"),
    "charts.distribution.title": (
        "各类单位文明指数分布（按季度）",
        "Civility index by peer group and quarter",
    ),
    "charts.heatmap.title": ("单位 × 季度文明指数", "Civility index: units × quarters"),
    "charts.ledger.ageing_title": (
        "逾期未整改问题账龄（超过整改期限天数）",
        "Overdue findings by days past their deadline",
    ),
    "charts.ledger.days_overdue": ("超过整改期限天数", "Days past the deadline"),
    "charts.ledger.open_age_title": (
        "未整改问题账龄（自检查之日起天数）",
        "Open findings by age (days since the inspection)",
    ),
    "charts.ledger.days_open": ("自检查之日起天数", "Days since the inspection"),
    "charts.ledger.findings": ("问题数", "Findings"),
    "charts.ledger.status": ("状态", "Status"),
    "charts.ledger.status_overdue": ("已超期", "Overdue"),
    "charts.ledger.status_open": ("未到期", "Open, not yet due"),
    "charts.kind": ("数据类型", "Kind"),
    "charts.kind.inspections": ("检查结果", "Inspections"),
    "charts.kind.surveys": ("满意度调查", "Surveys"),
    "charts.kind.activities": ("活动统计", "Activities"),
    "charts.completeness.title": ("数据报送完整性", "Reporting completeness"),
    "charts.completeness.reported": ("已报送", "Reported"),
    "charts.completeness.missing": ("缺报", "Missing"),
    "charts.completeness.rows": ("行数", "Rows"),
    "charts.movers.title": ("指数变化最大的单位", "Biggest movers"),
    "charts.movers.value_change": ("指数变化（正数为进步）", "Index change (positive: better)"),
    "charts.movers.ranked_set": (
        "本季度参加排名 {now} 家，上季度 {before} 家：名次变化有一部分来自参加排名单位的增减。",
        "{now} units ranked this quarter, {before} in the quarter compared with: part of a rank "
        "change comes from units ranked in one quarter only.",
    ),
    "charts.movers.improved": ("上升", "Improved"),
    "charts.movers.declined": ("下降", "Declined"),
    "charts.movers.rank_change": ("名次变化（正数为上升）", "Rank change (positive: moved up)"),
    "charts.movers.since_rank": ("上期名次", "Earlier rank"),
    # ------------------------------------------------------------ shared by the pages
    "pages.no_data": (
        "尚未装载任何检查、调查或活动数据：请在“数据上传”页上传文件。",
        "No inspections, surveys or activities are loaded yet: upload files on the Upload page.",
    ),
    "pages.no_units": (
        "单位名录为空：新建的存储先上传单位名录，再上传测评体系，然后是各季度的检查、调查和"
        "活动数据（都按单位名录核对）：在“数据上传”页上传，或在服务器上运行 "
        "python -m etl load 单位名录.xlsx 测评体系.csv。",
        "The unit registry is empty: a new store loads its unit registry first, then its "
        "indicator system, then each quarter's inspections, surveys and activities (all checked "
        "against the registry): upload them on the Upload page, or run python -m etl load "
        "单位名录.xlsx 测评体系.csv on the server.",
    ),
    "pages.apply": ("应用筛选", "Apply"),
    "pages.filter.district": ("{divisions}", "{Division}"),
    "pages.filter.all_districts": ("全部{divisions}", "All {divisions}"),
    "pages.filter.no_rows": (
        "所选{divisions}没有单位：请放宽筛选条件。",
        "No unit in the chosen {divisions}: widen the filter.",
    ),
    "pages.download.png": ("PNG 图片", "PNG"),
    "pages.download.svg": ("SVG 图片", "SVG"),
    "pages.download.pdf": ("PDF 文件", "PDF"),
    "pages.download.csv": ("CSV 表格", "CSV"),
    "pages.download.xlsx": ("Excel 表格", "Excel"),
    "pages.normalisation.attainment": ("目标达成", "Target attainment"),
    "pages.normalisation.minmax": ("最小-最大（同类内）", "Min–max (within peer group)"),
    "pages.normalisation.zscore": ("Z分数（同类内）", "z-score (within peer group)"),
    "pages.sort.rank": ("名次", "Rank"),
    "pages.sort.rank_change": ("名次上升", "Rank change"),
    "pages.sort.value": ("数值", "Value"),
    "pages.sort.unit_code": ("单位编码", "Unit code"),
    "pages.status.ranked": ("已排名", "Ranked"),
    "pages.status.insufficient_data": ("数据不足", "Insufficient data"),
    "pages.status.open": ("未到期", "Open, not yet due"),
    "pages.status.overdue": ("逾期未整改", "Overdue"),
    "pages.status.closed_on_time": ("按期整改", "Closed on time"),
    "pages.status.closed_late": ("逾期整改", "Closed late"),
    # table columns (headers on screen and in downloads)
    "pages.col.profile": ("画像", "Profile"),
    "pages.col.rank": ("名次", "Rank"),
    "pages.col.movement": ("名次变化", "Change"),
    "pages.col.unit_name": ("单位名称", "Unit"),
    "pages.col.unit_code": ("单位编码", "Code"),
    "pages.col.district": ("{divisions}", "{Division}"),
    "pages.col.peer_label": ("单位类别", "Peer group"),
    "pages.col.value": ("数值", "Value"),
    "pages.col.rank_range": ("名次可能范围", "Plausible ranks"),
    "pages.col.weight_covered": ("权重覆盖", "Weight covered"),
    "pages.col.mean_days_to_close": ("平均整改天数", "Mean days to close"),
    "pages.col.days_to_close": ("整改天数", "Days to close"),
    "pages.col.previous_rank": ("上期名次", "Previous rank"),
    "pages.col.status_label": ("状态", "Status"),
    "pages.col.since_rank": ("上期名次", "Earlier rank"),
    "pages.col.rank_change": ("名次变化", "Rank change"),
    "pages.col.value_change": ("指数变化", "Index change"),
    "pages.col.quarter": ("季度", "Quarter"),
    "pages.col.indicator": ("指标", "Indicator"),
    "pages.col.units_with_value": ("有数据单位数", "Units with a value"),
    "pages.col.units_meeting": ("达标单位数", "Units meeting target"),
    "pages.col.attainment": ("达标率", "Attainment rate"),
    "pages.col.inspection_date": ("检查日期", "Inspected on"),
    "pages.col.inspection_type": ("检查类型", "Inspection type"),
    "pages.col.item": ("检查项目", "Item"),
    "pages.col.finding": ("问题描述", "Finding"),
    "pages.col.rectify_by": ("整改期限", "Rectify by"),
    "pages.col.rectified_on": ("整改完成日期", "Rectified on"),
    "pages.col.days_overdue": ("逾期天数", "Days overdue"),
    "pages.col.activity_date": ("活动日期", "Date"),
    "pages.col.activity_type": ("活动类型", "Activity"),
    "pages.col.sessions": ("场次", "Sessions"),
    "pages.col.participants": ("参与人次", "Participants"),
    "pages.col.volunteer_hours": ("志愿服务时长（小时）", "Volunteer hours"),
    "pages.col.units": ("单位数", "Units"),
    "pages.col.findings_total": ("问题总数", "Findings"),
    "pages.col.open_findings": ("未整改问题", "Open findings"),
    "pages.col.overdue_open": ("逾期未整改", "Overdue"),
    "pages.col.closed": ("已整改", "Closed"),
    "pages.col.on_time_rate": ("按期整改率", "On-time rate"),
    "pages.col.oldest_open_days": ("最久未整改（天）", "Oldest open (days)"),
    "pages.col.kind_label": ("数据类型", "Kind"),
    "pages.col.file_name": ("文件名", "File"),
    "pages.col.kind": ("数据类型", "Kind"),
    "pages.col.quarters": ("涉及季度", "Quarters"),
    "pages.col.loaded_by": ("上传人", "Loaded by"),
    "pages.col.loaded_at": ("上传时间", "Loaded at"),
    "pages.col.received_on": ("收到日期", "Received on"),
    "pages.col.deadline": ("报送期限", "Deadline"),
    "pages.col.days_late": ("迟报天数", "Days late"),
    "pages.col.peer_median": ("同类中位数", "Peer median"),
    "pages.col.peer_z": ("同类偏离度（修正Z）", "Peer modified z"),
    "pages.col.own_median": ("本单位历史中位数", "Own history median"),
    "pages.col.own_z": ("历史偏离度（修正Z）", "Own modified z"),
    "pages.col.history_quarters": ("历史季度数", "Quarters of history"),
    # ------------------------------------------------------------ overview (dashboard.py)
    "pages.overview.title": ("本季度总览", "The quarter at a glance"),
    "pages.overview.caption": ("{quarter} · {scope}", "{quarter} · {scope}"),
    "pages.overview.units_assessed": ("参评单位", "Units assessed"),
    # under the count, where "3,000 / 3,000" as the value ran past a card at 1366 px
    "pages.overview.units_total": ("在册 {total} 家", "of {total}"),
    "pages.overview.units_assessed_help": (
        "报送了本季度数据的单位数 / 范围内单位总数；其中 {insufficient} 家因数据不足未排名。",
        "Units that sent the quarter's data / units in scope; {insufficient} of them lack data "
        "and are not ranked.",
    ),
    # as the deck's headline names the same figure (pack.headline.title, .title_group)
    "pages.overview.bureau_index": ("{area}文明指数", "Bureau civility index"),
    "pages.overview.group_index": ("{group}文明指数", "{group} civility index"),
    "pages.overview.bureau_index_help": (
        "已排名单位文明指数的平均值；变化与{previous}相比。",
        "Mean civility index of the ranked units; change against {previous}.",
    ),
    "pages.overview.attainment": ("目标达成率", "Targets met"),
    "pages.overview.attainment_help": (
        "有数据且有目标值的“单位×指标”中达到目标的比例；变化为百分点。",
        "Share of unit × indicator pairs with a value and a target that meet it; change in "
        "percentage points.",
    ),
    "pages.overview.points": ("{value} 个百分点", "{value} pp"),
    "pages.change_flat": ("与上季度持平", "unchanged on last quarter"),
    "pages.overview.completeness": ("报送完整率", "Reporting completeness"),
    "pages.overview.completeness_help": (
        "本季度应报送的“单位×数据类型”（检查、调查、活动）中已报送的比例。",
        "Share of unit × kind (inspections, surveys, activities) reported this quarter.",
    ),
    "pages.overview.top": ("前{n}名", "Top {n}"),
    "pages.overview.bottom": ("后{n}名", "Bottom {n}"),
    # as the deck's pack.tied_first says it
    "pages.overview.top_tied_first": (
        "前{n}名：{count} 家单位并列第一",
        "Top {n}: {count} units share first place",
    ),
    "pages.overview.end_with_ties": (
        "{end}（含并列，共 {count} 家）",
        "{end} (with ties: {count} units)",
    ),
    "pages.overview.whole": ("全部排名（{n} 家）", "The whole ranking ({n} units)"),
    # a scoped viewer's units, when no more than the two lists would hold (queries/composed.py)
    "pages.overview.whole_yours": (
        "您可查看的单位（{n} 家）及其在“{scope}”排名中的名次",
        "The units you may see ({n}), ranked among all of {scope}",
    ),
    "pages.overview.rank_range_help": (
        "“名次可能范围”考虑了样本量带来的不确定性：区间很宽的单位，名次可能只是偶然。"
        "点击一行打开该单位画像。",
        "Plausible ranks allow for the uncertainty of small samples: a unit with a wide range "
        "may be there by chance. Choose a row to open the unit's profile.",
    ),
    "pages.overview.no_movers": (
        "{quarter}与上一季度没有同时排名的单位，无法比较名次变化。",
        "No unit is ranked both in {quarter} and the quarter before: no movement to show.",
    ),
    "pages.overview.nothing_assessed": (
        "{quarter}在“{scope}”范围内没有任何单位有指标数据：请在“数据上传”页上传该季度的文件。",
        "No unit in {scope} has any indicator value for {quarter}: upload that quarter's files "
        "on the Upload page.",
    ),
    "pages.overview.reporting": ("数据报送情况", "Reporting"),
    "pages.overview.missing": ("缺报 {n} 家", "{n} missing"),
    "pages.overview.not_yet": ("尚未报送 {n} 家", "{n} not yet sent"),
    "pages.overview.to_data_quality": ("查看数据质量详情", "See data quality"),
    # ------------------------------------------------------------ rankings
    "pages.rankings.rank_by": ("排名依据", "Rank by"),
    "pages.rankings.normalisation": ("标准化方法", "Normalisation"),
    "pages.rankings.sort": ("排序", "Sort by"),
    "pages.rankings.view": ("图表", "Chart"),
    "pages.rankings.view_league": ("排名点图", "League dot plot"),
    "pages.rankings.view_caterpillar": ("区间图", "Caterpillar"),
    "pages.rankings.view_funnel": ("漏斗图", "Funnel plot"),
    "pages.rankings.view_robustness": ("稳健性", "Robustness"),
    # under the caption, ranked by an indicator: the target its units are held to
    "pages.rankings.target_shared": (
        "目标值：{target}（所示各单位相同）",
        "Target: {target} (the same for every unit shown)",
    ),
    "pages.rankings.target_shared_since": (
        "目标值：{target}（所示各单位相同，自{since}起施行）",
        "Target: {target} (the same for every unit shown, in force from {since})",
    ),
    "pages.rankings.target_varies": (
        "所示各单位适用的目标值不同（按单位类别）：每个单位的目标值见其单位画像",
        "The units shown are held to different targets (by peer group): each unit's profile "
        "gives its own",
    ),
    "pages.rankings.target_retired": (
        "该指标本季度已停用（权重为 0），不再考核：无单位据此达标或未达标，不显示目标值",
        "This indicator is retired in this quarter (weight 0), no longer assessed: no unit "
        "meets or misses a target on it, so none is shown",
    ),
    "pages.rankings.caption": (
        "{quarter} · {scope} · 按{indicator}排名 · {normalisation}",
        "{quarter} · {scope} · ranked by {indicator} · {normalisation}",
    ),
    # ranked by one indicator: its own values, no normalisation (ui.rankings_view.say_ranked_by)
    "pages.rankings.caption_indicator": (
        "{quarter} · {scope} · 按{indicator}排名（按指标值本身）",
        "{quarter} · {scope} · ranked by {indicator} (its own values)",
    ),
    # {scope}: the ranking the lists are of (全部类别: all units together, else one group)
    "pages.overview.none_at_the_ends": (
        "{quarter}，您可查看的单位都不在“{scope}”排名的前 {n} 名或后 {n} 名之列："
        "各单位的名次见“排名”页。",
        "In {quarter} none of the units you may see is among the first or last {n} of the "
        "ranking of {scope}: the Rankings page shows each one's rank.",
    ),
    "pages.overview.to_rankings": ("查看排名", "See the rankings"),
    # under the headline, for a viewer who sees some units only: whose figures they are
    "pages.overview.headline_bureau_wide": (
        "以上四项为“{scope}”全部单位的数据；下方名单只列您可查看的单位。",
        "The four figures above are of every unit in {scope}; the lists below show only the "
        "units you may see.",
    ),
    # under the targets-met chart, for a viewer who sees some units only or chose districts
    "pages.trends.attainment_bureau_wide": (
        "各指标达标率为“{scope}”全部单位的数据，不随{divisions}筛选或您可查看的单位而变；"
        "其余图表只计所选{divisions}中您可查看的单位。",
        "The targets-met rates count every unit of the peer groups shown ({scope}), whatever "
        "the {divisions} chosen or the units you may see; the other charts count only the "
        "units you may see in the {divisions} chosen.",
    ),
    "pages.rankings.empty": (
        "{quarter}在“{scope}”范围内没有可按{indicator}排名的单位："
        "请在“数据上传”页上传该季度的文件，或换一个季度或类别。",
        "No unit in {scope} can be ranked by {indicator} for {quarter}: upload that quarter's "
        "files on the Upload page, or choose another quarter or peer group.",
    ),
    "pages.rankings.all_insufficient": (
        "{quarter}在“{scope}”范围内有 {n} 家单位有数据，但都数据不足、未能排名（指标得分需覆盖"
        "至少 {needed} 的权重）：{names}。各单位缺少哪些数据，见“单位画像”页。",
        "In {quarter}, {scope} has {n} units with data but too little to be ranked (the "
        "scored indicators must carry at least {needed} of the weight): {names}. The Unit "
        "profile page shows what each one lacks.",
    ),
    "pages.rankings.and_more": ("等（另有 {n} 家）", " and {n} more"),
    "pages.rankings.bars_shown": (
        "图中显示前 {shown} 家（共 {total} 家参加排名）；下表列出全部单位。",
        "The chart shows the first {shown} of {total} ranked units; the table lists them all.",
    ),
    "pages.rankings.caterpillar_rank_help": (
        "每个点是单位的名次，竖线是考虑抽样误差后的名次可能范围（95%）。区间重叠的单位不宜区分先后。",
        "Each dot is a unit's rank; the line is its plausible range (95%) given sampling "
        "error. Units whose ranges overlap should not be told apart.",
    ),
    "pages.rankings.funnel_needs_proportion": (
        "漏斗图只适用于比例类指标（如满意度、得分率）：请在“排名依据”中选择一个比例指标。",
        "A funnel plot needs a proportion indicator (a satisfaction or score rate): choose one "
        "under Rank by.",
    ),
    "pages.rankings.funnel_help": (
        "控制限随样本量收窄：落在限外的单位才与中心线有明显差异；小样本单位的极端值多为偶然。",
        "The limits narrow as the sample grows: only units outside them differ clearly from the "
        "centre line; extreme values of small samples are mostly chance.",
    ),
    "pages.rankings.robustness_needs_index": (
        "稳健性视图比较文明指数在不同方法下的名次：请在“排名依据”中选择“文明指数”。",
        "The robustness view compares ranks of the civility index under other methods: choose "
        "Civility index under Rank by.",
    ),
    "pages.rankings.robustness_help": (
        "灰线从最好名次到最差名次：线越长，名次越依赖于方法的选择。",
        "The grey line runs from the best to the worst rank: the longer it is, the more the "
        "rank depends on the method chosen.",
    ),
    "pages.rankings.table": ("排名表", "League table"),
    "pages.rankings.weight_help": (
        "“权重覆盖”是单位已有得分的指标占总权重的比例；低于 {needed} 的单位显示为“数据不足”，"
        "不参加排名，也不会排在最后。",
        "Weight covered is the share of the total weight that the unit's scored indicators "
        "carry; a unit below {needed} is shown as insufficient data: listed, never ranked, never "
        "put last.",
    ),
    # ------------------------------------------------------------ funnel view (ui/funnel_view.py)
    "pages.funnel.limits": ("控制限", "Limits"),
    "pages.funnel.limits_exact": ("精确（二项分布，默认）", "Exact (binomial, default)"),
    "pages.funnel.limits_normal": ("正态近似（对照）", "Normal approximation (to compare)"),
    "pages.funnel.dispersion": ("过度离散调整", "Over-dispersion adjustment"),
    "pages.funnel.dispersion_auto": (
        "自动（检验发现过度离散时用随机效应，默认）",
        "Automatic (random effects when the test finds over-dispersion; default)",
    ),
    "pages.funnel.dispersion_none": ("不调整", "None"),
    "pages.funnel.dispersion_multiplicative": ("乘法（按 √φ 放宽）", "Multiplicative (× √φ)"),
    "pages.funnel.dispersion_additive": ("加法（随机效应 τ²）", "Additive (random effects τ²)"),
    "pages.rankings.table_help": (
        "点击列标题排序；选中一行打开该单位画像；“画像”列的链接可在新标签页打开或收藏。",
        "Click a header to sort; choose a row to open the unit's profile; the Profile link "
        "opens in a new tab or can be bookmarked.",
    ),
    # ------------------------------------------------------------ unit profile
    "pages.profile.choose_unit": ("单位", "Unit"),
    "pages.profile.unknown_unit": (
        "找不到单位编码“{unit}”，已显示第一个单位。",
        "There is no unit with code “{unit}”; showing the first unit instead.",
    ),
    "pages.profile.caption": (
        "{code} · {district} · {group} · 职工 {staff} 人",
        "{code} · {district} · {group} · {staff} staff",
    ),
    "pages.profile.index_in": ("{quarter}文明指数", "Civility index, {quarter}"),
    "pages.profile.rank_in_group": ("同类内名次", "Rank in peer group"),
    "pages.profile.rank_overall": ("{area}名次", "Overall rank"),
    # the number ranked goes in the card's label: "第 2977 / 2991" was cut to "第 2977 / …"
    "pages.profile.ranked_of": ("{label}（共 {total} 家）", "{label} (of {total})"),
    "pages.profile.rank_of": ("第 {rank} 名", "{rank}"),
    "pages.profile.places": ("{n} 位", "{n} places"),
    "pages.profile.weight_help": (
        "文明指数所依据的指标占总权重的比例；至少 {needed} 才参加排名。",
        "The share of the total weight carried by the indicators the index is computed from; "
        "at least {needed} is needed to be ranked.",
    ),
    "pages.profile.insufficient": (
        "数据不足：本季度该单位的文明指数只覆盖 {covered} 的权重，至少需要 {needed}，"
        "因此不参加排名。",
        "Insufficient data: this quarter the unit's index covers only {covered} of the weight, "
        "and at least {needed} is needed, so it is not ranked.",
    ),
    "pages.profile.index_help": (
        "蓝线为本单位的文明指数，灰色带为同类单位的上下四分位，灰色虚线为同类中位数。",
        "Blue: this unit's civility index; grey band: the peer group's middle half (quartiles); "
        "grey dashes: peer median.",
    ),
    "pages.profile.indicators": ("各项指标", "Indicators"),
    "pages.profile.indicators_help": (
        "蓝线为本单位，灰色带为同类单位的上下四分位，灰色虚线为同类中位数，红色虚线为目标值。",
        "Blue: this unit; grey band: the peer group's middle half (quartiles); grey dashes: "
        "peer median; red dashes: the target.",
    ),
    "pages.profile.lower_better": ("（越低越好）", " (lower is better)"),
    "pages.profile.activities": ("公益活动", "Public-benefit activities"),
    "pages.profile.no_activity_indicators": (
        "测评体系中没有活动类指标。",
        "The indicator system has no activity indicators.",
    ),
    "pages.profile.activity_list": ("{quarter}活动记录", "Activities in {quarter}"),
    "pages.profile.no_activities": (
        "该单位{quarter}没有活动记录。",
        "No activities recorded for this unit in {quarter}.",
    ),
    "pages.profile.findings": ("问题与整改", "Findings and rectification"),
    "pages.profile.no_findings": (
        "{as_at}，该单位没有检查发现的问题。",
        "No findings for this unit ({as_at}).",
    ),
    "pages.profile.no_index": (
        "该单位在所示季度都未参加排名（指标数据不足或没有数据），文明指数没有可画的趋势。",
        "The unit was ranked in none of the quarters shown (too little data or none), so its "
        "index has no trend to draw.",
    ),
    "pages.profile.no_values_for": (
        "该单位在所示季度没有这项指标的数据。",
        "The unit has no value of this indicator in the quarters shown.",
    ),
    "pages.profile.no_values": (
        "该单位还没有任何指标数据：请在“数据上传”页上传其检查、调查或活动文件。",
        "This unit has no indicator value yet: upload its inspections, surveys or activities "
        "on the Upload page.",
    ),
    # ------------------------------------------------------------ trends
    "pages.trends.window": ("季度范围", "Quarters"),
    "pages.trends.caption": ("{start} – {end} · {scope}", "{start} – {end} · {scope}"),
    "pages.trends.attainment_table": ("达标率明细表", "Attainment rates as a table"),
    "pages.trends.no_attainment": (
        "所选季度没有可计算达标率的数据（需要指标值和目标值）。",
        "No attainment rate for the chosen quarters (it needs values and targets).",
    ),
    "pages.trends.no_index": (
        "所选季度和范围内没有文明指数：请在“数据上传”页上传数据，或放宽筛选。",
        "No civility index in the chosen quarters and scope: upload data on the Upload page, "
        "or widen the filters.",
    ),
    "pages.trends.heatmap_cut": (
        "热力图显示最近一季指数最高的 {shown} 家（共 {total} 家）；"
        "请按{divisions}或类别筛选以查看其余单位。下载的表格包含全部单位。",
        "The heatmap shows the {shown} units with the highest latest index (of {total}); "
        "filter by {division} or peer group to see the others. The download has every unit.",
    ),
    # ------------------------------------------------------------ ledger
    "pages.ledger.caption": ("{as_at} · {scope}", "{as_at} · {scope}"),
    # the day the ledger is counted at (macro ledger_day): a quarter's end, or today
    "pages.ledger.as_at_end": ("截至{quarter}末", "as at the end of {quarter}"),
    "pages.ledger.as_at_day": (
        "截至{day}（{quarter}尚未结束）",
        "as at {day} ({quarter} has not ended)",
    ),
    "pages.ledger.status_filter": ("问题清单显示", "Findings to list"),
    "pages.ledger.show_open": ("未整改（含逾期）", "Open (including overdue)"),
    "pages.ledger.show_overdue": ("仅逾期未整改", "Overdue only"),
    "pages.ledger.show_closed": ("已整改", "Closed"),
    "pages.ledger.show_all": ("全部", "All"),
    "pages.ledger.on_time_help": (
        "已整改问题中在整改期限内完成的比例。",
        "Share of closed findings that were closed by their deadline.",
    ),
    "pages.ledger.days_help": (
        "整改天数 = 整改完成日期 − 检查日期，按截至统计日已整改的问题平均。",
        "Days to close = closing date − inspection date, averaged over the findings closed by "
        "the day the ledger is counted at.",
    ),
    "pages.ledger.by_district": ("按{divisions}", "By {division}"),
    "pages.ledger.by_unit": ("按单位", "By unit"),
    "pages.ledger.findings": ("问题清单", "Findings"),
    "pages.ledger.empty": (
        "{as_at}，所选范围内没有检查发现的问题。",
        "No findings in the chosen scope ({as_at}).",
    ),
    "pages.ledger.no_inspections": (
        "{as_at}，所选范围内尚未上传检查结果：台账列出检查发现的问题及其整改，"
        "请在“数据上传”页上传检查结果文件。",
        "No inspections are loaded for the chosen scope ({as_at}): the ledger lists the "
        "findings of inspections and their rectification; upload inspections files on the "
        "Upload page.",
    ),
    "pages.ledger.no_open": (
        "{as_at}，没有未整改的问题。",
        "No open findings ({as_at}).",
    ),
    "pages.ledger.no_findings": (
        "没有符合条件的问题。",
        "No finding matches the chosen filters.",
    ),
    # ------------------------------------------------------------ data quality
    "pages.quality.caption": ("{quarter} · {scope}", "{quarter} · {scope}"),
    "pages.quality.deadline_days": (
        "报送期限（季度结束后天数）",
        "Deadline (days after the quarter ends)",
    ),
    "pages.quality.reported_of": ("{quarter}{kind}已报送", "{kind} reported, {quarter}"),
    "pages.quality.no_units": (
        "所选范围内没有单位：请在“数据上传”页上传单位名录，或放宽筛选。",
        "No unit in the chosen scope: upload the unit list on the Upload page, or widen the "
        "filters.",
    ),
    "pages.quality.window_complete": (
        "{start} – {end}：范围内 {units} 家单位均已报送检查、调查和活动三类数据。",
        "{start} – {end}: all {units} units in scope reported inspections, surveys and activities.",
    ),
    "pages.quality.matrix_shows": (
        "{start} – {end}有缺报的单位共 {missed} 家，矩阵显示其中 {shown} 家；",
        "{start} – {end}: {missed} units missed a report; the matrix shows {shown} of them; ",
    ),
    "pages.quality.others_complete": (
        "其余 {others} 家三类数据均已报送。",
        "the other {others} reported everything.",
    ),
    "pages.quality.none_complete": (
        "范围内没有一家单位三类数据全部报送。",
        "no unit in scope reported everything.",
    ),
    "pages.quality.missing_list": ("{quarter}缺报清单", "Missing reports, {quarter}"),
    "pages.quality.not_yet_list": ("{quarter}尚未报送清单", "Not yet sent, {quarter}"),
    "pages.quality.under_way": (
        "{quarter}尚未结束：尚未报送的单位不计为缺报，缺报只按已结束的季度统计。",
        "{quarter} is under way: a unit that has not sent its report yet has not missed it; "
        "missed reports are counted over the quarters that have ended.",
    ),
    "pages.quality.none_missing": (
        "{quarter}所有单位均已报送三类数据。",
        "Every unit reported all three kinds for {quarter}.",
    ),
    "pages.quality.late_loads": ("迟报文件", "Files loaded late"),
    "pages.quality.late_help": (
        "报送期限为季度结束后 {days} 天。填了收到日期的文件（补录的历史数据）按收到日期判断，"
        "其余按上传日期。",
        "The deadline is {days} days after the end of the quarter. A file given the day it was "
        "received (history loaded later) is judged by that day, any other by the day it was "
        "loaded.",
    ),
    "pages.quality.late_corrections": (
        "截止日后载入的更正文件 {n} 份，不计为迟报：{files}。",
        "Corrections loaded after the deadline, not counted as late: {n} files, {files}.",
    ),
    "pages.quality.no_late": (
        # arrived (received, else loaded), as the caption above says lateness is judged
        "{quarter}的文件均在期限内送达。",
        "Every file for {quarter} arrived by the deadline.",
    ),
    "pages.quality.outliers": ("待核实的异常值", "Values to check"),
    "pages.quality.outliers_help": (
        "与同类单位或本单位历史相比偏离很大的指标值（修正Z分数绝对值大于 {threshold}）："
        "可能是录入错误，请与报送单位核实。",
        "Values far from the peer group or from the unit's own history (modified z-score "
        "above {threshold} in absolute value): possibly a data-entry error; check with the unit.",
    ),
    "pages.quality.no_indicator_system": (
        "尚未装载测评体系，还没有可核实的指标值：装载测评体系后才能找出异常值。"
        "请管理员在“测评体系”页上传测评体系文件（或运行 python -m etl load 测评体系.csv）。",
        "No indicator system (测评体系) is loaded, so no indicator value has been computed to "
        "check for outliers yet. An admin uploads it on the Indicator system page (or runs "
        "python -m etl load indicators.csv).",
    ),
    "pages.quality.no_outliers": (
        "{quarter}没有需要核实的异常值。",
        "No values to check for {quarter}.",
    ),
}
