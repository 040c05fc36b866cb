"""Strings of the exports: chart and table downloads, the meeting pack and the draft circular."""

STRINGS: dict[str, tuple[str, str]] = {
    # the meeting-pack page (pages/meeting_pack.py)
    "frame.menu.meeting_pack": ("例会材料", "Meeting pack"),
    "pack.page.title": ("季度例会材料", "Quarterly meeting pack"),
    "pack.page.intro": (
        "一键生成本季度例会的演示文稿（PPTX）、同样内容的 PDF 和通报草稿（Word）。"
        "可只选部分{divisions}或单位类别；不选即为全部。",
        "One click makes the quarter's slide deck (PPTX), the same content as a PDF and a "
        "draft circular (Word). Optionally limit it to some {divisions} or peer groups; none "
        "chosen means all.",
    ),
    "pack.page.quarter": ("季度", "Quarter"),
    "pack.page.districts": ("{divisions}（可多选）", "{Divisions} (any number)"),
    "pack.page.peer_groups": ("单位类别（可多选）", "Peer groups (any number)"),
    "pack.page.build": ("生成例会材料", "Build the meeting pack"),
    "pack.page.as_published": (
        "已发布的季度按发布时的数据生成",
        "For a published quarter, use the figures as published",
    ),
    "pack.page.published": (
        "该季度已于{date}发布（第 {number} 号发布）。",
        "This quarter was published on {date} (publication {number}).",
    ),
    "pack.page.revised": (
        "发布后已有{changed}：勾选“已发布的季度按发布时的数据生成”，材料仍用发布时的数据；不勾选则"
        "用当前数据。若要以当前数据为准，请再次发布该季度。",
        'Since publication, {changed}: with "For a '
        'published quarter, use the figures as published" ticked the pack keeps the published '
        "figures, unticked it uses the current ones. To issue the current figures, publish the "
        "quarter again.",
    ),
    "pack.page.publish_bureau_wide": (
        "发布季度数据会固定{area}所有单位的数据，只有{area}范围的管理员可以发布（您的数据范围：{own}）。"
        "请联系{area}范围的管理员发布。",
        "Publishing a quarter fixes the figures of every unit of the bureau: only an admin with "
        "the bureau-wide scope may publish (yours: {own}). Ask such an admin to publish it.",
    ),
    "pack.page.publish": ("发布{quarter_label}数据", "Publish {quarter_label}"),
    "pack.page.confirm_unfinished": (
        "{quarter}尚未结束，目前 {reported}/{units} 个单位有数据。发布后，各页面和会议材料默认显示"
        "发布时的数据；数据齐全后可再次发布。确定现在发布吗？",
        "{quarter} has not ended yet, and {reported} of {units} units have data so far. Once "
        "published, the pages and packs show the figures as published by default; publish again "
        "once all the data is in. Publish now?",
    ),
    "pack.page.confirm_publish": ("确定发布", "Publish now"),
    "pack.page.cancel_publish": ("暂不发布", "Not now"),
    "pack.page.published_now": (
        "已发布（第 {number} 号发布）。此后各页面默认显示发布时的数据。",
        "Published (publication {number}). Pages now show these figures by default.",
    ),
    "pack.page.done": (
        "已生成：{slides} 页，用时 {seconds:.1f} 秒。",
        "Done: {slides} slides in {seconds:.1f} s.",
    ),
    "pack.page.download_pptx": ("下载演示文稿（PPTX）", "Download the slides (PPTX)"),
    "pack.page.download_pdf": ("下载 PDF", "Download the PDF"),
    "pack.page.download_docx": ("下载通报草稿（Word）", "Download the draft circular (Word)"),
    "pack.page.no_data": (
        "尚无数据，无法生成例会材料。",
        "No data loaded yet: nothing to put in a pack.",
    ),
    "pack.progress.queries": ("正在查询数据…", "Querying the data…"),
    "pack.progress.charts": ("正在绘制图表 {n}/{total}…", "Drawing chart {n} of {total}…"),
    "pack.progress.pptx": ("正在生成演示文稿…", "Writing the slide deck…"),
    "pack.progress.pdf": ("正在生成 PDF…", "Writing the PDF…"),
    "pack.progress.docx": ("正在起草通报…", "Drafting the circular…"),
    "pack.progress.done": ("完成", "Done"),
    "pack.cli.as_published": (
        "{quarter} 已发布：材料按第 {number} 号发布的数据制作（与页面一致）；"
        "要用当前数据，请加 --current",
        "{quarter} is published: the pack shows publication {number}'s figures, as the pages "
        "do; add --current for the figures as they are now",
    ),
    "pack.cli.wrote": ("已写出 {path}（{size:,} 字节）", "wrote {path} ({size:,} bytes)"),
    "pack.cli.summary": (
        "{slides} 张幻灯片，{charts} 张图表，用时 {seconds:.1f} 秒",
        "{slides} slides, {charts} charts, {seconds:.1f} s",
    ),
    "pack.cli.district_summary": (
        "{packs} 个{divisions}的材料，共 {slides} 张幻灯片，用时 {seconds:.1f} 秒",
        "{packs} {division} packs, {slides} slides, {seconds:.1f} s",
    ),
    # export buttons on pages
    "export.png": ("下载 PNG", "PNG"),
    "export.svg": ("下载 SVG", "SVG"),
    "export.pdf": ("下载 PDF", "PDF"),
    "export.csv": ("下载 CSV", "CSV"),
    "export.xlsx": ("下载 Excel", "Excel"),
    "export.bureau": ("{bureau}", "{bureau}"),
    # the unit a file of the Unit profile page is of (ui.page_parts.unit_subject)
    "export.unit_subject": ("{name}（{code}，{group}）", "{name} ({code}, {group})"),
    # a Rankings chart's file: what it ranks by (the page's name, 排名, said nothing of it)
    "export.title.league": ("按{name}排名", "Ranking by {name}"),
    # the file of a league chart drawing the first units only: says so as the chart's title
    # does (charts.builders.league_first_words), which the file's title replaces
    "export.title.league_first": ("按{name}排名：{first}", "Ranking by {name}: {first}"),
    "export.title.caterpillar": ("{name}：{chart}", "{name}: {chart}"),
    "export.title.funnel": ("{name}漏斗图", "Funnel plot of {name}"),
    "export.current_figures": ("当前数据（非发布数据）", "current figures, not as published"),
    "export.published_figures": (
        "第 {number} 号发布（{date}）的数据",
        "as published on {date} (publication {number})",
    ),
    "export.footnote.source": ("数据来源：{source}", "Source: {source}"),
    "export.footnote.loaded": ("　数据装载日期：{date}", "; data loaded {date}"),  # follows source
    # a table's workbook: the sheet after the table's, saying what it holds and its source
    "export.about_sheet": ("说明", "About"),
    # slide deck
    "pack.title": (
        "{quarter_label}文明创建测评季度例会",
        "Civility assessment: quarterly review, {quarter_label}",
    ),
    "pack.scope.all": ("{area}全部单位", "All units of the bureau"),
    "pack.scope.districts": ("{divisions}：{districts}", "{Divisions}: {districts}"),
    "pack.scope.unit": ("单位：{unit}", "Unit: {unit}"),
    "pack.scope.groups": ("单位类别：{groups}", "Peer groups: {groups}"),
    "pack.made_on": ("{date}生成", "Made on {date}"),
    # a pack of a quarter not yet ended (etl.quarters.unfinished), as the pages say it
    "pack.unfinished": (
        "{quarter_label}尚未结束：各单位的数据仍在陆续上报，本材料中的指数、名次和其他数据可能随之变化",
        "{quarter_label} has not ended yet: units are still sending their files, so the "
        "indices, ranks and other figures here may change",
    ),
    "pack.headline.unfinished": (
        "{quarter_label}（尚未结束，数据可能变化）",
        "{quarter_label} (not ended yet: figures may change)",
    ),
    "pack.arg.quarter": (
        "--quarter {quarter!r}：不是季度，请写成 2025Q3 或 2025年第3季度 这样"
        "（或 previous：上一季度）",
        "--quarter {quarter!r} is not a quarter: write it like 2025Q3 or 2025年第3季度 (or "
        "previous: the quarter before today's)",
    ),
    "pack.arg.not_begun": (
        "{quarter} 尚未开始（当前为 {current}），还没有数据：请核对 --quarter",
        "{quarter} has not begun (the current quarter is {current}), so it has no data yet: "
        "check --quarter",
    ),
    "pack.arg.not_per_district": (
        "{option} 不能与 --per-district 同用：每个{divisions}的材料（PPTX、PDF 和通报）整套写入 "
        "--out 文件夹",
        "{option} does not go with --per-district: each {division}'s pack is written whole "
        "(PPTX, PDF and circular) into the --out folder",
    ),
    "pack.arg.out_names_folder": (
        "--out {path}：使用 --per-district 时，--out 应为文件夹",
        "--out {path}: with --per-district, --out names a folder",
    ),
    "pack.arg.out_is_file": (
        "--out {path}：这是一个文件；请写一个文件夹",
        "--out {path}: this is a file; name a folder",
    ),
    "pack.arg.is_folder": (
        "{option} {path}：这是文件夹；请写出其中要生成的文件，如 {example}",
        "{option} {path}: this is a folder; name the file to write in it, such as {example}",
    ),
    "pack.arg.suffix": (
        "{option} {path}：文件名应以 {suffix} 结尾",
        "{option} {path}: the file name must end in {suffix}",
    ),
    "pack.arg.no_folder": (
        "{option} {path}：文件夹 {folder} 不存在",
        "{option} {path}: the folder {folder} does not exist",
    ),
    "pack.arg.folder_is_file": (
        "{option} {path}：{folder} 是一个文件，不是文件夹",
        "{option} {path}: {folder} is a file, not a folder",
    ),
    "pack.arg.folder_read_only": (
        "{option} {path}：无权写入文件夹 {folder}；请换一个可写的文件夹",
        "{option} {path}: the folder {folder} may not be written to; choose another",
    ),
    "pack.arg.figures_exclusive": (
        "--publication、--as-published 和 --current 只能选一个",
        "--publication, --as-published and --current exclude one another",
    ),
    "pack.arg.not_published": (
        "{quarter} 尚未发布（python -m etl publish）",
        "{quarter} has not been published (python -m etl publish)",
    ),
    "pack.arg.no_user": (
        "--as-user {user}：没有这个用户（python -m etl users list）",
        "--as-user {user}: there is no such user (python -m etl users list)",
    ),
    "pack.arg.cannot_write": (
        "无法写入 {path}：{reason}",
        "cannot write {path}: {reason}",
    ),
    "pack.cli.unfinished": (
        "注意：{quarter} 尚未结束，各单位的数据仍在陆续上报，材料中的数据可能随之变化",
        "note: {quarter} has not ended yet; units are still sending their files, so the "
        "pack's figures may change",
    ),
    "pack.state.current": (
        "当前数据（装载截至{loaded}，批次 {load}）",
        "Current figures (data loaded up to {loaded}, load {load})",
    ),
    "pack.state.current_revised": (
        "；{quarter}已于{date}发布（第 {number} 号发布），本材料用当前数据："
        "发布后已有{changed}，与发布时的材料不同",
        "; {quarter} was published on {date} (publication {number}) and this document uses the "
        "current figures: since then {changed}, so it differs from the published one",
    ),
    "pack.state.current_unrevised": (
        "；{quarter}已于{date}发布（第 {number} 号发布），发布后各单位的指数、名次和逾期问题"
        "都没有变动",
        "; {quarter} was published on {date} (publication {number}); no unit's index, rank or "
        "overdue findings has changed since",
    ),
    "pack.state.published": (
        "按{date}发布的数据（第 {number} 号发布，发布人 {by}）",
        "As published on {date} (publication {number}, by {by})",
    ),
    "pack.state.revised": (
        "；发布后已有{changed}，本材料仍用发布时的数据",
        "; since publication {changed}; this document keeps the figures as published",
    ),
    "pack.state.revision": (
        "；本次为修订发布，替代{date}的第 {number} 号发布：与之相比，{changed}",
        "; a revised publication, replacing publication {number} of {date}: since that one, "
        "{changed}",
    ),
    "pack.state.revision_unchanged": (
        "；本次为修订发布，替代{date}的第 {number} 号发布，"
        "各单位的指数、名次、逾期问题和较上季度的变化均无变动",
        "; a revised publication, replacing publication {number} of {date}; no unit's index, "
        "rank, overdue findings or change on last quarter differs from it",
    ),
    "pack.state.replaced": (
        "；已被{date}的第 {number} 号发布取代",
        "; replaced by publication {number} of {date}",
    ),
    "pack.error.publication": (
        "没有第 {number} 号发布的 {quarter} 数据",
        "There is no publication {number} of {quarter}",
    ),
    "pack.footnote": (
        "数据来源：{source}；数据装载截至{loaded}；{quarter_label}",
        "Source: {source}; data loaded up to {loaded}; {quarter_label}",
    ),
    "pack.shown_of": (
        "仅列出 {shown} 条，共 {total} 条；完整清单见“{page}”页面。",
        "{shown} of {total} shown; the full list is on the {page} page.",
    ),
    # a list of units: counted 家, where 条 counts findings and rows
    "pack.shown_of_units": (
        "仅列出 {shown} 家，共 {total} 家；完整清单见“{page}”页面。",
        "{shown} of {total} units shown; the full list is on the {page} page.",
    ),
    "pack.continued": ("（续 {n}/{total}）", "(continued {n}/{total})"),
    "pack.empty": ("本季度没有需要列出的内容。", "Nothing to list for this quarter."),
    "pack.headline.title": (
        "{area}文明指数 {index}，{change}",
        "Bureau civility index {index}, {change}",
    ),
    "pack.headline.title_group": (
        "{group}文明指数 {index}，{change}",
        "{group} civility index {index}, {change}",
    ),
    # no unit ranked yet this quarter (a quarter under way): no index, so no change of it
    "pack.headline.title_none": (
        "{area}本季度尚无文明指数：还没有参加排名的单位",
        "No bureau civility index yet this quarter: no unit is ranked yet",
    ),
    "pack.headline.title_group_none": (
        "{group}本季度尚无文明指数：还没有参加排名的单位",
        "No {group} civility index yet this quarter: no unit is ranked yet",
    ),
    "pack.headline.system_changed": (
        "与上季度相比，测评体系有 {count} 处调整（权重、目标或指标）："
        "指数和名次的变化有一部分来自这些调整，而非单位本身",
        "The indicator system changed from the previous quarter ({count} changes to weights, "
        "targets or indicators): part of the changes in index and rank comes from that, not "
        "from the units",
    ),
    "pack.headline.none_yet": ("本季度尚无数据", "none yet this quarter"),
    "pack.headline.up": ("较上季度上升 {delta}", "up {delta} on last quarter"),
    "pack.headline.down": ("较上季度下降 {delta}", "down {delta} on last quarter"),
    "pack.headline.flat": ("与上季度持平", "unchanged on last quarter"),
    "pack.headline.no_previous": ("上季度无可比数据", "no previous quarter to compare"),
    "pack.headline.not_compared_yet": (
        "本季度尚未结束，暂不与上季度比较",
        "the quarter is under way: not compared with the last yet",
    ),
    "pack.headline.index": (
        "文明指数（参加排名单位平均）",
        "Civility index (mean of ranked units)",
    ),
    "pack.headline.attainment": ("指标达标率", "Targets met"),
    "pack.headline.assessed": ("参评单位", "Units assessed"),
    "pack.headline.insufficient": ("数据不足、未排名单位", "Units not ranked (insufficient data)"),
    "pack.headline.overdue": ("逾期未整改问题", "Overdue open findings"),
    "pack.headline.missing": ("有缺报的单位", "Units with a missing report"),
    "pack.headline.not_yet_sent": ("尚未报齐的单位", "Units yet to send a report"),
    "pack.headline.covered": ("{label}（{units}）", "{label} ({units})"),
    "pack.headline.points": ("{delta} 个百分点", "{delta} percentage points"),
    "pack.headline.of_total": ("共 {total} 家", "of {total}"),
    "pack.groups.title": ("各类别单位文明指数", "Civility index by peer group"),
    "pack.trend.title": (
        "{scope}文明指数走势：{first} 至 {last}",
        "Civility index of {scope}, {first} to {last}",
    ),
    "pack.top.title": ("{group}前{n}名：{leader}", "{group}, top {n}: {leader}"),
    # a unit's name beside another unit's with the same name: its district, else its code
    "labels.told_apart": ("（{what}）", " ({what})"),
    "pack.leads": ("{unit}居首", "{unit} leads"),
    "pack.only_here": ("{unit}列第 {rank} 名", "{unit}, rank {rank}"),
    "pack.ranked_alone": ("仅{unit}参加排名，无从比较", "{unit} is the only unit ranked"),
    "pack.tied_first": ("{n} 家单位并列第一", "{n} units share first place"),
    "pack.leads_here": ("其中{unit}最高（第 {rank} 名）", "best here: {unit} (rank {rank})"),
    "pack.tied_best_here": (
        "其中 {n} 家单位并列最高（第 {rank} 名）",
        "best here: {n} units sharing rank {rank}",
    ),
    "pack.bottom.title": ("{group}后{n}名（共 {units} 家）", "{group}, bottom {n} (of {units})"),
    "pack.unranked.title": ("本季度尚无排名：{groups}", "No ranking yet this quarter: {groups}"),
    "pack.unranked.subtitle": (
        "所列单位的数据尚不足以计算文明指数（缺少的指标权重超过规定比例），数据报齐后即参加排名",
        "The units listed lack data for an index (more than the allowed share of the weight "
        "is missing); they are ranked once their data are in",
    ),
    "pack.whole.title": (
        "{group}排名（{units} 家）：{leader}",
        "{group} ranking ({units} units): {leader}",
    ),
    # the chart draws each unit's rank and its range, not its index (the tables give that)
    "pack.rank_chart.title": (
        "{group}：名次与名次可能范围（{units} 家）",
        "{group}: rank and plausible rank range ({units} units)",
    ),
    "pack.rank_chart.subtitle": (
        "名次区间为模拟得出的合理名次范围（95%）；区间重叠的单位名次差异可能源于抽样误差",
        "Rank ranges: plausible ranks (95%) from simulation; overlapping ranges may be noise",
    ),
    "pack.rank_chart.ends": (
        "前 {n} 名与后 {n} 名（共 {total} 家，完整排名见“{page}”页面及 Excel 表）；"
        "名次区间重叠的差异可能源于抽样误差",
        "Top and bottom {n} of {total} units (full ranking: {page} page, Excel table); "
        "overlapping rank ranges may be noise",
    ),
    "pack.groups_bureau_wide": (
        "各类别的文明指数、达标率和参评单位数为{area}数据",
        "The index, attainment and units of each peer group are the whole bureau's",
    ),
    "pack.bureau_wide": (
        "{area}所有参评单位的达标情况",
        "Attainment of every assessed unit of the bureau",
    ),
    "pack.group_wide": (
        "{group}所有参评单位（不限于所列单位）的达标情况",
        "Attainment of every assessed {group} unit, not only those listed",
    ),
    "pack.district_note": (
        "仅列出{districts}的单位；名次为全类别排名",
        "Only units of {districts} are listed; ranks are within the whole peer group",
    ),
    "pack.none_listed": (
        "{place}没有单位在此名单中。",
        "No unit of {place} is on this list.",
    ),
    "pack.none_at_bottom": (
        "{place}没有单位在后{n}名中。",
        "No unit of {place} is in the bottom {n}.",
    ),
    "pack.unit_note": (
        "仅列出{unit}；名次为其在全类别中的名次",
        "Only {unit} is listed; its rank is within the whole peer group",
    ),
    # what part of the bureau a pack lists and whose its figures are (charts/coverage.py)
    "cover.city": ("{area}", "the whole bureau"),
    "cover.group": ("{group}", "{group} units"),
    "cover.all_of_group": ("全部{group}", "all {group} units"),
    "cover.place_groups": ("{place}{groups}", "{groups} of {place}"),
    "cover.listed_place": ("{place}的单位", "the units of {place}"),
    "cover.listed_place_groups": ("{place}的{groups}", "the {groups} units of {place}"),
    "cover.listed_groups": ("{groups}", "the {groups} units"),
    "pack.movers.title": (
        "进步最大：{up}；退步最大：{down}",
        "Most improved: {up}; largest decline: {down}",
    ),
    "pack.movers.none": ("名次变化", "Rank changes"),
    "pack.movers.none_yet": (
        "尚无可比较的名次变化：需要本季度和上季度都参加排名的单位。",
        "No rank changes to show yet: they need units ranked both this quarter and the last.",
    ),
    "pack.movers.unit": ("{unit}（指数 {change}）", "{unit} (index {change})"),
    "pack.movers.chart_title": ("指数变化最大的单位", "Largest index changes"),
    "pack.movers.ranks_city": (
        "名次为{area} {units} 家参加排名单位的总排名（不分类别），不是各类别排名页的类别内名次",
        "Ranks are among all {units} ranked units of the bureau, every peer group together, not "
        "the ranks within each peer group of the ranking slides",
    ),
    "pack.movers.ranks_group": (
        "名次为{group}内的排名（{units} 家参加排名）",
        "Ranks are within {group} ({units} units ranked)",
    ),
    "pack.attainment.title": (
        "指标达标：达标率最低的是{name}（{rate}）",
        "Targets: lowest attainment is {name} ({rate})",
    ),
    "pack.attainment.chart_title": ("各指标达标率", "Share of units meeting each target"),
    "pack.attainment.by_group": ("按类别，见下", "By group, below"),
    # a row under an indicator whose target differs by peer group: the groups held to one target
    "pack.attainment.groups": ("　{groups}", "\u2003{groups}"),
    "pack.funnel.title": (
        "{name}：{below} 家单位低于95%控制限",
        "{name}: {below} units below the 95% limit",
    ),
    "pack.funnel.subtitle": (
        "漏斗图：按样本量画出95%与99.8%控制限，限内差异可能只是抽样误差",
        "Funnel plot: 95% and 99.8% limits by sample size; differences inside may be chance",
    ),
    "pack.overdue.title": (
        "逾期未整改问题 {findings} 个，涉及 {units} 家单位",
        "{findings} findings overdue and open at {units} units",
    ),
    "pack.rectify.title": (
        "整改用时：平均 {days} 天（按{divisions}）",
        "Time to close findings: {days} days on average (by {division})",
    ),
    "pack.rectify.title_districts": (
        "整改用时（按{divisions}）",
        "Time to close findings, by {division}",
    ),
    "pack.rectify.subtitle": (
        "整改天数 = 整改完成日期 − 检查日期；{as_at}已整改的问题，按{divisions}平均，最慢的在前",
        "Days to close = closing date − inspection date, over the findings closed {as_at}; "
        "slowest {division} first",
    ),
    # the day the ledger is counted at (macro ledger_day): a quarter's end, or today
    "pack.rectify.as_at_end": ("截至季度末", "by quarter end"),
    "pack.rectify.as_at_day": ("截至{day}", "by {day}"),
    "pack.rectify.units_title": (
        "整改最慢的单位（平均整改天数）",
        "Units slowest to close their findings (mean days to close)",
    ),
    "pack.rectify.findings_title": (
        "本季度发现并已整改的问题：{findings} 条（按整改天数）",
        "Findings of the quarter already closed: {findings} (by days to close)",
    ),
    "pack.completeness.title": (
        "数据完整性：{missing} 家单位有缺报，{late} 个文件迟报",
        "Data completeness: {missing} units missing a report, {late} files late",
    ),
    "pack.completeness.title_unfinished": (
        "数据完整性：本季度尚未结束，{missing} 家单位尚未报齐，{late} 个文件迟报",
        "Data completeness: the quarter has not ended, {missing} units yet to send a report, "
        "{late} files late",
    ),
    "pack.completeness.none_missing": (
        "所有单位均已报送检查结果、满意度调查和活动统计。",
        "Every unit sent its inspections, surveys and activities.",
    ),
    "pack.late.none": (
        # arrived: received, else loaded (late_loads), as the late files' own column says;
        # history loaded long after it arrived was not loaded by the deadline
        "所有文件均在截止日（季度结束后 {days} 天）前送达。",
        "Every file arrived by the deadline ({days} days after quarter end).",
    ),
    "pack.late.below": (
        "以下为迟报文件（截止：季度结束后 {days} 天）。",
        "The late files (due {days} days after quarter end):",
    ),
    # two sentences of a subtitle, one after the other
    "pack.then": ("{first}{then}", "{first} {then}"),
    # the quarters the matrix shows: up to four, fewer in a store that holds fewer (a trial's
    # two quarters read "近四个季度")
    "pack.completeness.chart_title": (
        "近 {quarters} 个季度缺报最多的 {units} 家单位",
        "The {units} units missing the most reports, last {quarters} quarters",
    ),
    "pack.completeness.chart_title_one": (
        "本季度缺报最多的 {units} 家单位",
        "The {units} units missing the most reports this quarter",
    ),
    "pack.late.title": (
        "迟报文件（截止：季度结束后 {days} 天）",
        "Late files (due {days} days after quarter end)",
    ),
    "pack.col.rank": ("名次", "Rank"),
    "pack.col.unit": ("单位", "Unit"),
    "pack.col.district": ("{divisions}", "{Division}"),
    "pack.col.group": ("类别", "Peer group"),
    "pack.col.index": ("文明指数", "Index"),
    "pack.col.rank_range": ("名次区间", "Rank range"),
    "pack.col.change": ("名次变化", "Rank change"),
    "pack.col.index_change": ("指数较上季度", "Index change on last quarter"),
    # the movers' ranks: in the city's overall ranking, or within the pack's one peer group
    "pack.col.units_with_data": ("已有数据的单位", "Units with data so far"),
    "pack.col.units_ranked_group": ("全类别参加排名", "Ranked in the whole group"),
    # the peer-group slide: units ranked of the group's units (the headline's 参评单位 counts
    # every unit with data, also those with too little of it to be ranked)
    "pack.col.ranked_of_units": ("参加排名 / 单位数", "Ranked / units"),
    "pack.col.previous_rank_city": ("上季度{area}名次", "Previous bureau rank"),
    "pack.col.rank_city": ("{area}名次", "Bureau rank"),
    "pack.col.previous_rank_group": ("上季度类别内名次", "Previous rank in group"),
    "pack.col.rank_group": ("类别内名次", "Rank in group"),
    "pack.col.indicator": ("指标", "Indicator"),
    "pack.col.target": ("目标值", "Target"),
    "pack.col.median": ("中位数", "Median"),
    "pack.col.meeting": ("达标单位", "Units meeting"),
    "pack.col.rate": ("达标率", "Share meeting"),
    "pack.col.item": ("检查项目", "Item"),
    "pack.col.finding": ("问题", "Finding"),
    "pack.col.inspected": ("检查日期", "Inspected"),
    "pack.col.deadline": ("整改期限", "Deadline"),
    "pack.col.days_overdue": ("逾期天数", "Days overdue"),
    "pack.col.closed": ("已整改", "Closed"),
    "pack.col.on_time": ("按期率", "On time"),
    "pack.col.mean_days": ("平均整改天数", "Mean days to close"),
    "pack.col.closed_on": ("整改日期", "Closed on"),
    "pack.col.days_to_close": ("整改天数", "Days to close"),
    "pack.col.kind": ("报送内容", "Report"),
    "pack.col.file": ("文件", "File"),
    "pack.col.loaded_by": ("报送人", "Loaded by"),
    "pack.col.arrived": ("报送日期", "Received"),
    "pack.col.days_late": ("迟报天数", "Days late"),
    "pack.col.missing": ("缺报内容", "Missing"),
    "pack.col.not_yet": ("尚未报送内容", "Not yet sent"),
    "pack.missing.title": ("缺报单位", "Units with a missing report"),
    "pack.new": ("新", "new"),
    # an index's change when the units ranked are not the same as last quarter's
    "pack.ranked_units_changed": (
        "（参评单位有增减：上季度 {before} 家，两季度均参评 {both} 家）",
        " (not the same units: {before} ranked before, {both} in both)",
    ),
    # a unit regrouped since last quarter: no rank there to compare, and no new unit
    "pack.moved_from": ("自{group}转入", "from {group}"),
    "pack.unranked_before": ("上季度未排名", "unranked before"),
    "pack.unranked_units": (
        "另有 {n} 家单位数据不足、未参加排名：{units}",
        "{n} more units not ranked, too little data: {units}",
    ),
    "pack.unranked_units_more": (
        "另有 {n} 家单位数据不足、未参加排名，如{units}",
        "{n} more units not ranked, too little data, such as {units}",
    ),
    # command line
    "pack.error.quarter": (
        "没有{quarter}的数据。已有数据的季度：{quarters}",
        "No data for {quarter}. Quarters with data: {quarters}",
    ),
    "pack.error.no_system": (
        "尚未装载测评体系（指标、权重和目标），无法计算文明指数：请先用 python -m etl load "
        "测评体系.csv 或在“测评体系”页上传",
        "No indicator system (indicators, weights and targets) is loaded, so no index can be "
        "computed: load one first (python -m etl load indicators.csv, or the Indicator system "
        "page)",
    ),
    "pack.error.district": (
        "未知的{divisions}：{value}。可选：{choices}",
        "Unknown {division}: {value}. Choose from: {choices}",
    ),
    "pack.error.district_outside": (
        "{divisions}“{value}”不在您的数据范围（{scope}）内，无法生成它的材料。可选：{choices}。"
        "如需其他{divisions}的材料，请联系管理员调整您账号的数据范围。",
        "{Division} {value} is outside your scope ({scope}): its pack cannot be made. Choose "
        "from: {choices}. For another {division}'s pack, ask an admin to widen your account's "
        "scope.",
    ),
    "pack.error.group_absent": (
        "您的数据范围（{scope}）及所选{divisions}内没有“{value}”类单位，无法生成它的材料。"
        "可选：{choices}",
        "No unit of the peer group {value} lies in your scope ({scope}) and the {divisions} "
        "chosen, so it has no pack. Choose from: {choices}",
    ),
    "pack.error.group": (
        "未知的单位类别：{value}。可选：{choices}",
        "Unknown peer group: {value}. Choose from: {choices}",
    ),
    "pack.error.no_districts": (
        "范围（{scope}）内没有{divisions}，无法按{divisions}生成例会材料。",
        "No {division} in the scope ({scope}): there is no {division} pack to make.",
    ),
    "pack.error.no_units": (
        "所选{divisions}和类别中没有参评单位。",
        "No assessed units in the chosen {divisions} and peer groups.",
    ),
    # the audit log's entry for a download refused because the account changed after its
    # button was drawn (ui/guarded_downloads.py)
    # the server's console, for a refused download (ui/guarded_downloads.py)
    "export.log_download_refused": (
        "账号 {name} 的下载被拒绝：页面显示下载按钮后账号已改变（已记入审计日志）",
        "download refused to {name}: the account changed since the button was drawn (in the "
        "audit log as denied)",
    ),
    "export.log_download_redrawn": (
        "下载未完成：按下时页面已重绘，该按钮的文件已失效（读者再按一次即可）",
        "download not made: the page was redrawn as the button was pressed, and its file with "
        "it (pressing again gives it)",
    ),
    "export.audit_download_refused": (
        "下载被拒绝：页面显示下载按钮后，账号已被删除、登录已结束，或角色、可见范围已改变",
        "download after the account changed: removed, signed out, or its role or units changed "
        "since the button was drawn",
    ),
}
