"""Strings of the draft circular (charts/circular.py): the formal register of a bureau's
circular in Chinese, and its English rendering. Fields are ``str.format`` fields."""

STRINGS: dict[str, tuple[str, str]] = {
    # punctuation as each language joins the circular's lists and ends its sentences
    "circular.sep.clauses": ("；", "; "),
    "circular.sep.names": ("、", ", "),
    "circular.stop": ("。", "."),
    "circular.group_lead": ("{group}：", "{group}: "),
    # heading
    "circular.title": (
        "关于{quarter}{area}卫生健康系统文明创建测评情况的通报",
        "Circular on the civility assessment of the health units of {area}, {quarter}",
    ),
    # a circular whose figures are one peer group's (charts/coverage.py, figures_group)
    "circular.title_group": (
        "关于{quarter}{group}文明创建测评情况的通报",
        "Circular on the civility assessment of {group} units, {quarter}",
    ),
    "circular.draft": ("（草稿，供审定）", "(Draft for review)"),
    "circular.draft_revised": ("（修订稿，草稿，供审定）", "(Revised circular: draft for review)"),
    "circular.unfinished": (
        "（{quarter}尚未结束，各单位数据仍在陆续报送，本稿数据截至{day}，可能随之变化，定稿前请核对。）",
        "({quarter} has not ended yet: units are still sending their data, so the figures, "
        "as at {day}, may change; check them before this is issued.)",
    ),
    # a circular limited to some units (charts/coverage.py): whose its lists and figures are
    "circular.covered": (
        "（本稿仅列{listed}：表扬、通报、逾期未整改问题和报送情况均为其单位；{figures}。）",
        "(This draft lists {listed} only: the commended and named units, overdue findings and "
        "reporting are theirs; {figures}.)",
    ),
    "circular.covered_unit": (
        "（本稿仅列{unit}一家单位：表扬、通报、逾期未整改问题和报送情况均只涉及该单位；{figures}。）",
        "(This draft lists one unit only, {unit}: its commendation or naming, overdue findings "
        "and reporting; {figures}.)",
    ),
    "circular.covered.figures_city": (
        "参评单位数、文明指数平均值和达标率为{area}数据",
        "the units assessed, the mean index and the attainment rate are the whole bureau's",
    ),
    "circular.covered.figures_group": (
        "参评单位数、文明指数平均值和达标率为全部{group}的数据",
        "the units assessed, the mean index and the attainment rate are those of all {group} units",
    ),
    "circular.addressees": (
        "{division_offices}，{bureau_units}各单位：",
        "To {division_offices} and all units:",
    ),
    # overview
    "circular.overview.trend_up": (
        "，较上季度上升{delta:.1f}",
        ", up {delta:.1f} on the previous quarter",
    ),
    "circular.overview.trend_flat": ("，与上季度持平", ", unchanged on the previous quarter"),
    "circular.overview.trend_down": (
        "，较上季度下降{delta:.1f}",
        ", down {delta:.1f} on the previous quarter",
    ),
    "circular.overview.index": (
        "{area}文明指数平均为{index:.1f}{trend}",
        "the mean civility index was {index:.1f}{trend}",
    ),
    "circular.overview.index_group": (
        "{group}文明指数平均为{index:.1f}{trend}",
        "the mean civility index of {group} units was {index:.1f}{trend}",
    ),
    "circular.overview.system_changed": (
        "与上季度相比，测评体系有{count}处调整（权重、目标或指标），"
        "文明指数和名次的变化有一部分来自这些调整，而非单位本身。",
        " The indicator system changed from the previous quarter ({count} changes to weights, "
        "targets or indicators): part of the changes in index and rank comes from that, not "
        "from the units.",
    ),
    "circular.overview.index_reported": (
        "已报送单位文明指数平均为{index:.1f}",
        "the mean civility index of the units reported so far was {index:.1f}",
    ),
    "circular.overview.rate": ("指标达标率为{rate:.1f}%", "{rate:.1f}% of targets were met"),
    # the units assessed: the city's, or those of the one peer group a circular is limited to
    "circular.overview.units_all": ("{area}", "the bureau's units"),
    "circular.overview.units_n": ("{area}{n}家", "{n} units"),
    "circular.overview.units_all_group": ("{group}", "the {group} units"),
    "circular.overview.units_n_group": ("{group}{n}家", "{n} {group} units"),
    "circular.overview.lead": (
        "根据{area}文明创建测评体系，{bureau}于{quarter}对{units}单位开展了文明创建测评，"
        "采取暗访、巡查、督查、满意度调查和公益活动统计相结合的方式进行。",
        "Under the civility assessment system of {area}, {the_bureau} assessed {units} in "
        "{quarter} through unannounced visits, patrols, supervision, satisfaction surveys and "
        "activity counts.",
    ),
    # a quarter under way (its circular names no unit): the units reported so far
    "circular.overview.lead_unfinished": (
        "根据{area}文明创建测评体系，{bureau}正在开展{quarter}文明创建测评。本季度尚未结束，"
        "截至{day}，{units}单位已报送数据，以下数字只含这些单位。",
        "Under the civility assessment system of {area}, {the_bureau} is assessing {quarter}. "
        "The quarter has not ended: by {day} {units} had reported, and the figures below are "
        "theirs alone.",
    ),
    "circular.overview.follows": ("现将有关情况通报如下：", " The results are as follows."),
    # a re-issued circular (charts/circular.py, write_revision)
    "circular.revision.lead": ("修订说明：", "Revision: "),
    "circular.revision.intro": (
        "本通报是第 {number} 号发布（{date}）数据的修订稿。此后因数据更正或测评体系调整，"
        "{units} 家单位的数据有变化，其文明指数和在本类别内的名次修订如下",
        "this circular revises the figures of publication {number} of {date}. Data corrections "
        "or changes to the indicator system since changed the figures of {units} units; their "
        "civility index and rank in their peer group are revised as below",
    ),
    "circular.revision.intro_overdue": (
        "本通报是第 {number} 号发布（{date}）数据的修订稿。此后因数据更正或测评体系调整，"
        "{units} 家单位的数据有变化，其文明指数、在本类别内的名次和逾期问题数修订如下",
        "this circular revises the figures of publication {number} of {date}. Data corrections "
        "or changes to the indicator system since changed the figures of {units} units; their "
        "civility index, rank in their peer group and overdue findings are revised as below",
    ),
    "circular.revision.intro_previous": (
        "本通报是第 {number} 号发布（{date}）数据的修订稿。此后上季度的数据有更正，"
        "{units} 家单位本季度的文明指数和名次未变，其较上季度的变化随之修订如下",
        "this circular revises the figures of publication {number} of {date}. Last quarter's "
        "data were corrected since: the civility index and rank of {units} units this quarter "
        "stand, and their change on last quarter is revised as below",
    ),
    "circular.revision.previous": (
        "；其中 {units} 家单位上季度的数据也有更正，其较上季度的变化随之修订（见表中上季度指数）",
        "; for {units} of them last quarter's data were corrected too, and their change on "
        "last quarter with them (the table's last-quarter index)",
    ),
    # a regrouped unit's rank in the group it was in (or is in now)
    "circular.revision.rank_in": ("{rank}（{group}）", "{rank} ({group})"),
    "circular.revision.moved": (
        "；另有 {moved} 家单位仅名次随之变动，不逐一列出",
        "; the ranks of another {moved} units moved with them and are not listed",
    ),
    "circular.revision.unchanged": (
        "本通报是第 {number} 号发布（{date}）数据的修订稿，"
        "各单位的文明指数、名次、逾期问题和较上季度的变化均未变动。",
        "this circular revises publication {number} of {date}; no unit's civility index, rank, "
        "overdue findings or change on last quarter changed.",
    ),
    "circular.revision.moved_only": (
        "本通报是第 {number} 号发布（{date}）数据的修订稿。此后更正的数据不涉及本通报所列单位，"
        "但其中 {moved} 家单位的名次随之变动。",
        "this circular revises publication {number} of {date}. The data corrected since are "
        "none of the listed units', but the ranks of {moved} of them moved with them.",
    ),
    "circular.revision.list_commended": ("表扬名单", "the list of units commended"),
    "circular.revision.list_named": ("通报整改名单", "the list of units named for rectification"),
    "circular.revision.list_left": (
        "第 {number} 号发布的通报列入{list}的{units}，"
        "按修订后的数据不再符合名单产生规则（见附件），本修订稿不再列入。",
        "{units}, in {list} of publication {number}'s circular, no longer meet the rules "
        "that make the lists (see the annex) on the revised figures, and this revision "
        "leaves them out.",
    ),
    "circular.revision.list_joined": (
        "按修订后的数据，{units}符合名单产生规则（见附件），本修订稿新列入{list}"
        "（第 {number} 号发布的通报未列入）。",
        "On the revised figures {units} meet the rules that make the lists (see the annex) "
        "and this revision adds them to {list} (publication {number}'s circular did not list "
        "them).",
    ),
    # units whose name or district the registry corrected (write_registry_corrected)
    "circular.revision.registry": (
        "与第 {number} 号发布相比，以下单位的名录信息有更正：{units}。",
        "Against publication {number}, the registry details of these units were corrected: "
        "{units}.",
    ),
    "circular.revision.renamed": ("（原名{was}）", " (formerly {was})"),
    "circular.revision.closed": (
        "（已撤销，本季度不再参加排名）",
        " (closed, no longer ranked this quarter)",
    ),
    "circular.revision.merged": (
        "（已并入{into}，本季度不再参加排名）",
        " (merged into {into}, no longer ranked this quarter)",
    ),
    "circular.revision.moved_district": (
        "（所属{divisions}由{was}改为{now}）",
        " (its {division} {was} → {now})",
    ),
    "circular.revision.shown": (
        "（仅列出变动最大的{n}家。）",
        "(Only the {n} largest changes are listed.)",
    ),
    # 1. commended
    "circular.commended.heading": ("一、表扬单位", "1. Units commended"),
    "circular.commended.none": (
        "本季度没有符合表扬条件的单位。",
        "No unit meets the rule for commendation this quarter.",
    ),
    "circular.commended.intro": (
        "以下单位在本类别中位居前列，且其名次可能范围全部处于前列，予以通报表扬：",
        "These units are at the top of their peer group, and their whole plausible rank "
        "range stays there; they are commended:",
    ),
    # 2. named
    "circular.named.heading": ("二、通报整改单位", "2. Units named for rectification"),
    "circular.named.none": (
        "本季度没有同时符合通报条件的单位（排名靠后且有指标明显低于目标）。",
        "No unit meets every condition for naming this quarter (low rank beyond noise "
        "and an indicator clearly below target).",
    ),
    "circular.named.intro": (
        "以下单位在本类别中排名靠后（名次可能范围全部处于末位段），且有指标低于漏斗图95%控制限"
        "或未达目标值超过规定幅度，予以通报，限期整改：",
        "These units rank at the bottom of their peer group (their whole plausible rank range "
        "stays there) and have indicators below the funnel plot's 95% limit or missing the "
        "target by more than the stated margin. They are named and must rectify:",
    ),
    "circular.named.where": (
        "（{district}，{group}，文明指数{value:.2f}，第{rank}名/共{units}家，{plausible}）：",
        " ({district}, {group}, index {value:.2f}, rank {rank} of {units}, {plausible}): ",
    ),
    # a named unit's plausible rank range: a span, or one rank when the range holds only it
    "circular.range.span": ("名次区间{ranks}", "plausible {ranks}"),
    "circular.range.one": ("名次区间仅为第{rank}名", "plausible rank {rank} only"),
    "circular.reason.funnel": (
        "{name} {value}（目标值 {target}，低于漏斗图95%控制限 {limit}）",
        "{name} {value} (target {target}; below the funnel plot's 95% limit, {limit})",
    ),
    "circular.reason.margin": (
        "{name} {value}（目标值 {target}，未达目标且差距超过目标值的规定幅度）",
        "{name} {value} (target {target}; misses it by more than the stated margin)",
    ),
    # 3. overdue
    "circular.overdue.heading": ("三、逾期未整改问题", "3. Overdue findings"),
    # the ledger's day: the quarter's end, or today for a quarter under way (macro ledger_day)
    "circular.overdue.as_at_end": ("截至本季度末", "At the end of the quarter"),
    "circular.overdue.as_at_day": ("截至{day}", "As at {day}"),
    "circular.overdue.none": (
        "{as_at}没有逾期未整改的问题。",
        "{as_at}, no finding was overdue.",
    ),
    "circular.overdue.intro": (
        "{as_at}，共有{findings}个问题逾期未整改，涉及{units}家单位。"
        "请相关单位于收到通报后15个工作日内完成整改并报送整改报告。",
        "{as_at}, {findings} findings at {units} units had passed their deadline. The "
        "units concerned must rectify them and report within 15 working days of this circular.",
    ),
    "circular.overdue.shown": (
        "（仅列出逾期最久的{n}个，完整清单见系统“整改台账”页面。）",
        "(The {n} longest overdue; the full list is on the ledger page.)",
    ),
    # 4. late
    "circular.late.heading": ("四、数据报送情况", "4. Reporting"),
    "circular.missing.none": (
        "本季度各单位均已报送检查结果、满意度调查和活动统计。",
        "Every unit sent its inspections, surveys and activities for the quarter.",
    ),
    "circular.missing.intro": (
        "以下{n}家单位本季度缺报数据：",
        "Units that did not send all their reports for the quarter ({n} units):",
    ),
    # a quarter under way: a report not sent yet is not missed (the Data quality page's words)
    "circular.missing.not_yet": (
        "以下{n}家单位本季度尚未报送全部数据（本季度尚未结束，尚未报送不计为缺报）：",
        "Units that have not sent all their reports yet ({n} units; the quarter has not ended, "
        "so none has missed one):",
    ),
    # the commended and named lists of a quarter under way: none
    "circular.lists_unfinished": (
        "本季度尚未结束，各单位数据尚未报齐，现有排名只含已报送的单位；名单待数据报齐后确定。",
        "The quarter has not ended and not every unit has reported: the ranking so far holds "
        "only the units that have, so no unit is listed until the data are in.",
    ),
    "circular.missing.shown": (
        "（仅列出前{n}家，完整清单见系统“数据质量”页面。）",
        "(The first {n}; the full list is on the data quality page.)",
    ),
    "circular.late.none": (
        # the files that came (as the English says), not every unit: units that sent
        # nothing are listed just above it
        "本季度报送的文件均在季度结束后{days}天内送达。",
        "Every file for the quarter arrived within {days} days of its end.",
    ),
    "circular.late.intro": (
        "按规定，季度数据应于季度结束后{days}天内报送。以下报送迟于期限：",
        "Quarterly data are due {days} days after the quarter ends. These arrived late:",
    ),
    # 5. requirements, signature
    "circular.requirements.heading": ("五、工作要求", "5. Requirements"),
    "circular.requirements.named": (
        "被通报单位要认真查找问题根源，制定整改方案，明确责任人和整改时限，"
        "于收到通报后15个工作日内将整改报告报{bureau}。",
        "Units named must find the causes, set out a rectification plan with the people "
        "responsible and deadlines, and report to {the_bureau} within 15 working days.",
    ),
    "circular.requirements.commended": (
        "受表扬单位要总结经验、持续改进，发挥示范带动作用。",
        "Units commended should share what works and keep improving.",
    ),
    "circular.requirements.districts": (
        "{division_offices}要加强督促检查，确保数据按时、完整、准确报送。",
        "Data must arrive on time, complete and correct: {division_offices} should see to it.",
    ),
    "circular.signature.issuer": ("{bureau}", "{bureau}"),
    "circular.signature.date": ("年  月  日", "Date:"),
    # table columns
    "circular.col.group": ("类别", "Peer group"),
    "circular.col.index_before": ("原文明指数", "Index before"),
    "circular.col.index_after": ("修订后指数", "Index revised"),
    "circular.col.rank_before": ("原名次", "Rank before"),
    "circular.col.rank_after": ("修订后名次", "Rank revised"),
    "circular.col.overdue_before": ("原逾期问题", "Overdue before"),
    "circular.col.overdue_after": ("修订后逾期问题", "Overdue revised"),
    "circular.col.previous_before": ("原上季度指数", "Last quarter before"),
    "circular.col.previous_after": ("修订后上季度指数", "Last quarter revised"),
    "circular.col.unit": ("单位", "Unit"),
    "circular.col.district": ("{divisions}", "{Division}"),
    "circular.col.index": ("文明指数", "Index"),
    "circular.col.rank": ("名次", "Rank"),
    "circular.col.rank_range": ("名次区间", "Rank range"),
    "circular.col.item": ("检查项目", "Item"),
    "circular.col.finding": ("问题", "Finding"),
    "circular.col.inspected": ("检查日期", "Inspected"),
    "circular.col.deadline": ("整改期限", "Deadline"),
    "circular.col.days_overdue": ("逾期天数", "Days overdue"),
    "circular.col.reported": ("报送内容", "Report"),
    "circular.col.arrived": ("报送日期", "Received"),
    "circular.col.due": ("截止日期", "Due"),
    "circular.col.days_late": ("迟报天数", "Days late"),
    "circular.col.missing": ("缺报内容", "Missing"),
    "circular.col.not_yet": ("尚未报送内容", "Not yet sent"),
    # appendix: how the names were chosen
    # the annex (附件): named in the body before the signature, then on a page of its own
    "circular.appendix.reference": ("附件：名单产生规则", "Annex: how the names were chosen"),
    "circular.appendix.heading": ("附件", "Annex"),
    "circular.appendix.title": ("名单产生规则", "How the names were chosen"),
    "circular.appendix.basis": (
        "名单依据{quarter}各单位文明指数在本类别内的排名产生；"
        "数据装载截至{loaded}。数据不足、未排名的单位不列入名单。",
        "Names follow each unit's civility-index rank within its peer group for "
        "{quarter}; data loaded up to {loaded}. Units with "
        "insufficient data are not ranked and never named.",
    ),
    "circular.appendix.n": (
        "“前列”与“末位段”指本类别前N名与后N名，N取{top_n}，但不超过本类别排名单位数的{share}"
        "（向下取整），因此同一单位不会既受表扬又被通报。",
        "'Top' and 'bottom' mean the first and last N of the peer group, where N is "
        "{top_n} but never more than {share} of the units ranked there (rounded "
        "down), so no unit can be both commended and named.",
    ),
    "circular.appendix.range": (
        "名次可能范围：按各指标的抽样误差模拟{draws}次排名，取第2.5至第97.5百分位的名次（见“测评方法”页）。",
        "Plausible rank range: ranks simulated {draws} times from each indicator's sampling "
        "error; the 2.5th to 97.5th percentile (see the Method page).",
    ),
    "circular.appendix.commended": (
        "表扬：名次在前N名，且名次可能范围的最差名次仍在前N名。",
        "Commended: ranked in the top N, and even the worst plausible rank is within the top N.",
    ),
    "circular.appendix.named": (
        "通报：名次在后N名，且名次可能范围的最好名次仍在后N名（排名靠后并非随机波动），"
        "并至少有一项计入指数的指标（权重不为0；已停用的不计）低于漏斗图95%控制限（比例类指标，中心线为目标值；精确二项分布控制限，"
        "同类单位过度离散时按随机效应放宽，见例会材料中漏斗图下的说明），"
        "或未达目标值且差距超过目标值的{margin}（逆向指标为超过目标值{margin}以上；"
        "目标值为0的逆向指标，任何大于0的值）。通报时列出这些指标。",
        "Named: ranked in the bottom N, and even the best plausible rank is in the bottom N "
        "(the low place is not noise), and at least one indicator counted in the index (a "
        "retired one, of weight 0, is none) is below the funnel "
        "plot's 95% limit (proportions; centre line at the target; exact binomial limits, "
        "widened by random effects when the peer group is over-dispersed, as stated under "
        "each funnel plot of the pack) or misses its target "
        "by more than {margin} of the target (lower-is-better: exceeds it by more than "
        "{margin}; with a target of 0, any value above 0). Those indicators are listed.",
    ),
    "circular.appendix.late": (
        "迟报：文件报送日期（登记了收到日期的为收到日期，否则为装载日期）晚于季度结束后{days}天；"
        "更正此前已报数据的文件不计迟报。逾期问题：整改期限已过、季度末"
        "（季度尚未结束的，制稿当日）仍未整改。",
        "Late: a file received (or, when no day received was recorded, loaded) more than {days} "
        "days after the quarter ended; a file correcting figures sent before is not late. "
        "Overdue: a finding past its deadline and still open at the end of the quarter (for a "
        "quarter not yet ended, on the day the draft is made).",
    ),
}
