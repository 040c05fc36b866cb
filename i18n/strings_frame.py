"""Strings of the shared frame, sign-in, and the upload, indicator-system and method pages."""

STRINGS: dict[str, tuple[str, str]] = {
    "frame.app_title": ("卫生系统文明创建测评", "Civbench: civility benchmarking"),
    "frame.menu.overview": ("总览", "Overview"),
    "frame.menu.rankings": ("排名", "Rankings"),
    "frame.menu.unit_profile": ("单位画像", "Unit profile"),
    "frame.menu.trends": ("趋势", "Trends"),
    "frame.menu.ledger": ("整改台账", "Rectification ledger"),
    "frame.menu.data_quality": ("数据质量", "Data quality"),
    "frame.menu.upload": ("数据上传", "Upload"),
    "frame.menu.indicator_system": ("测评体系", "Indicator system"),
    "frame.menu.method": ("测评方法", "Method"),
    "frame.quarter": ("季度", "Quarter"),
    "frame.peer_group": ("单位类别", "Peer group"),
    "published.showing_published": (
        "{quarter}的数据已于{date}由 {by} 发布（第 {number} 号发布），本页显示发布时的数据。",
        "{quarter} was published on {date} by {by} (publication {number}): this page shows "
        "the figures as published.",
    ),
    "published.showing_current": (
        "本页显示{quarter}的当前数据，可能与{date}发布的数据不同。",
        "This page shows the current figures of {quarter}, which may differ from those "
        "published on {date}.",
    ),
    "published.switch": ("显示当前数据", "Show current figures"),
    "published.no_revisions": (
        "发布以来各单位的指数、名次和逾期问题都没有变动。",
        "No unit's index, rank or overdue findings has changed since publication.",
    ),
    "published.no_revisions_despite": (
        "发布后本季度另有 {count} 次上传，但各单位的指数、名次和逾期问题都没有变动。",
        "{count} loads of this quarter since publication, but no unit's index, rank or "
        "overdue findings has changed.",
    ),
    "published.revisions": (
        "发布以来的变动（{count} 个单位）",
        "Revisions since publication ({count} units)",
    ),
    "published.revision_of": (
        "本次为修订发布，替代{date}的第 {number} 号发布：与之相比，{changed}。",
        "This is a revised publication, replacing publication {number} of {date}: since that "
        "one, {changed}.",
    ),
    "published.revision_of_unchanged": (
        "本次为修订发布，替代{date}的第 {number} 号发布；与之相比，各单位的指数、名次、逾期问题"
        "和较上季度的变化均无变动。",
        "This is a revised publication, replacing publication {number} of {date}; no unit's "
        "index, rank, overdue findings or change on last quarter differs from it.",
    ),
    "published.revised_units": (
        "第 {number} 号发布修订的单位（{count} 个）",
        "Units publication {number} revised ({count})",
    ),
    "published.col.value_of": ("第 {number} 号发布指数", "Index, publication {number}"),
    "published.col.rank_of": ("第 {number} 号发布排名", "Rank, publication {number}"),
    "published.col.status_between": (
        "状态（第 {before} 号 → 第 {after} 号发布）",
        "Status (publication {before} → {after})",
    ),
    "published.col.overdue_between": (
        "逾期问题（第 {before} 号 → 第 {after} 号发布）",
        "Overdue findings (publication {before} → {after})",
    ),
    "published.col.unit_code": ("单位编码", "Unit code"),
    "published.col.unit_name": ("单位名称", "Unit"),
    "published.col.published_value": ("发布时指数", "Index as published"),
    "published.col.current_value": ("当前指数", "Index now"),
    "published.col.value_change": ("指数变化", "Change"),
    "published.col.published_rank": ("发布时排名", "Rank as published"),
    "published.col.current_rank": ("当前排名", "Rank now"),
    "published.col.overdue": ("逾期问题（发布时 → 当前）", "Overdue findings (published → now)"),
    # the last quarter's index the unit's change is counted from (a correction of that quarter)
    "published.col.previous": (
        "上季度指数（发布时 → 当前）",
        "Last quarter's index (published → now)",
    ),
    "published.col.loads": ("引起变动的装载", "Loads that changed it"),
    "published.col.status": ("状态（发布时 → 当前）", "Status (published → now)"),
    "frame.url_unknown.quarter": (
        "链接中的季度“{value}”没有数据，显示的是{shown}。",
        "The link's quarter “{value}” has no data; showing {shown}.",
    ),
    "frame.url_unknown.peer_group": (
        "链接中的单位类别“{value}”不存在，显示的是全部类别。",
        "The link's peer group “{value}” does not exist; showing all peer groups.",
    ),
    "published.now_in": ("现属{group}", "now in {group}"),
    "published.then_in": ("发布时属{group}", "in {group} when published"),
    "published.load": ("{load_id} {file}（{outcome}）", "{load_id} {file} ({outcome})"),
    "frame.no_quarters": (
        "尚无检查、调查或活动数据：请在“数据上传”页上传文件。",
        "No inspections, surveys or activities yet: upload files on the Upload page.",
    ),
    "frame.no_accounts": (
        "尚无任何账户，因此无法登录和上传。请先在服务器上用命令行创建管理员：\n\n"
        "`python -m etl users add 名字 --role admin`",
        "There are no accounts yet, so nobody can sign in or upload. First create an admin on "
        "the server's command line:\n\n`python -m etl users add NAME --role admin`",
    ),
    "frame.empty_store": (
        "存储中尚无任何数据。本局初次使用时，先在服务器上建立管理员账户（见侧栏），再装载单位名录，"
        "然后是测评体系，其后才能装载各季度的检查、调查和活动数据（都按单位名录和测评体系核对）："
        "管理员登录后在“数据上传”页上传，或在服务器上运行 "
        "`python -m etl load 单位名录.xlsx 测评体系.csv`。\n\n"
        "若要迁入本局已有的存储（例如旧的 {legacy}），请在服务器上运行一次：\n\n"
        "`python -m etl migrate --from {legacy} --to '{store}'`",
        "The store holds nothing yet. A bureau starting afresh first creates an admin account on "
        "the server (see the sidebar), then loads its unit registry, then its indicator system "
        "(测评体系), and only then each quarter's inspections, surveys and activities (all "
        "checked against those two): on the Upload page once the admin has signed in, or on the "
        "server with `python -m etl load 单位名录.xlsx 测评体系.csv`.\n\n"
        "To move the bureau's existing store here (an old {legacy}, say), run once on the "
        "server:\n\n`python -m etl migrate --from {legacy} --to '{store}'`",
    ),
    "frame.no_indicator_system": (
        "尚未装载测评体系：没有指标、权重和目标，无法计算文明指数和排名。"
        "请管理员在“测评体系”页上传测评体系文件（或运行 python -m etl load 测评体系.csv）；"
        "已上传的检查、调查和活动数据都已保存，装载测评体系后即可计算。",
        "No indicator system is loaded: without indicators, weights and targets no index or "
        "ranking can be computed. An admin uploads the indicator system on the Indicator system "
        "page (or runs python -m etl load indicators.csv); the inspections, surveys and "
        "activities already loaded are kept and scored once it is loaded.",
    ),
    "frame.unfinished_quarter": (
        "{quarter}尚未结束：各单位的数据仍在陆续上报，指数和排名可能随之变化。",
        "{quarter} has not ended yet: units are still sending their files, so indices and ranks "
        "may change.",
    ),
    "frame.role.viewer": ("查看者", "viewer"),
    "frame.role.analyst": ("分析员", "analyst"),
    "frame.role.admin": ("管理员", "admin"),
    "frame.computing": ("正在计算…", "Computing…"),
    "frame.signed_in_as": ("已登录：{user}（{role}）", "Signed in as {user} ({role})"),
    "frame.signout": ("退出登录", "Sign out"),
    "frame.signed_in_unreadable": ("已登录：{user}", "Signed in as {user}"),
    "frame.menu_unreadable": (
        "存储恢复读取后，这里会显示页面菜单。",
        "The pages' menu shows here once the store can be read again.",
    ),
    "frame.signin.title": ("登录", "Sign in"),
    "frame.signin.user": ("用户名", "User name"),
    "frame.signin.password": ("密码", "Password"),
    "frame.signin.submit": ("登录", "Sign in"),
    "frame.signin.failed": ("用户名或密码错误。", "Wrong user name or password."),
    "frame.new_password.title": ("设置新密码", "Choose a new password"),
    "frame.new_password.why": (
        "您是用一次性密码登录的。请先设置自己的新密码（至少 {length} 个字符），"
        "然后才能使用各页面。",
        "You signed in with a one-time password. Choose a password of your own (at least "
        "{length} characters) before using the pages.",
    ),
    "frame.new_password.new": ("新密码", "New password"),
    "frame.new_password.again": ("再次输入新密码", "New password again"),
    "frame.new_password.submit": ("保存新密码", "Save the new password"),
    "frame.new_password.mismatch": (
        "两次输入的密码不一致，请重新输入。",
        "The two passwords differ; type them again.",
    ),
    "frame.new_password.done": ("新密码已保存。", "Your new password is saved."),
    "frame.change_password.title": ("修改密码", "Change password"),
    "frame.change_password.current": ("当前密码", "Current password"),
    "frame.change_password.wrong": ("当前密码不正确。", "The current password is wrong."),
    "frame.signin.ended": (
        "您的登录已结束（已在别处退出、密码已更改，或已超过 12 小时）。请重新登录。",
        "Your sign-in has ended (signed out elsewhere, the password changed, or 12 hours "
        "passed). Please sign in again.",
    ),
    "frame.signin.removed": (
        "账号 {name} 已被删除，您的登录已结束。如仍需使用，请联系管理员开设账号。",
        "The account {name} has been removed, so your sign-in has ended. If you still need "
        "access, ask an admin for an account.",
    ),
    "frame.signin.locked": (
        "登录失败次数过多，请 {minutes} 分钟后再试。",
        "Too many failed sign-ins; try again in {minutes} minutes.",
    ),
    # what the sign-in box says: when the lock ends (accounts.lock_end), as times are shown
    "frame.signin.locked_until": (
        "登录失败次数过多，此用户名已锁定至 {until}（{minutes} 分钟后），届时可再试；"
        "管理员也可提前解锁。",
        "Too many failed sign-ins: this user name is locked until {until} ({minutes} minutes "
        "from now); try again then, or ask an admin to unlock it sooner.",
    ),
    "frame.refused_signin": (
        "此页面需要以{role}或更高权限登录。请先登录。",
        "This page needs a signed-in {role} (or higher). Please sign in.",
    ),
    "frame.refused_signin_top": (
        "此页面需要以{role}身份登录。请先登录。",
        "This page needs a signed-in {role}. Please sign in.",
    ),
    "frame.refused_role_top": (
        "您的账号没有打开此页面的权限（需要{role}权限）。如需使用此页面，请联系管理员调整您的角色。",
        "Your account may not open this page: it needs the {role} role. To use it, ask an admin "
        "to change your role.",
    ),
    "frame.refused_role": (
        "您的账号没有打开此页面的权限（需要{role}或更高权限）。如需使用此页面，请联系管理员调整您的角色。",
        "Your account may not open this page: it needs the {role} role or higher. To use it, "
        "ask an admin to change your role.",
    ),
    "frame.out_of_scope": (
        "此链接指向您账号数据范围以外的单位、{divisions}或单位类别，无法显示。请从左侧菜单重新打开"
        "页面，查看您范围内的单位；如需查看其他单位，请联系管理员调整您账号的数据范围。",
        "This link names a unit, {division} or peer group outside what your account may see. "
        "Open the page again from the menu to see your own units; to see others, ask an admin "
        "to widen your account's scope.",
    ),
    "frame.action_refused": (
        "操作被拒绝：需要{role}或更高权限。请以有此权限的账号登录，或联系管理员调整您的角色。",
        "Action refused: it needs the {role} role or higher. Sign in with an account that has "
        "it, or ask an admin to change your role.",
    ),
    "method.missing": (
        "测评方法说明（docs/METHOD.md）尚未编写。",
        "The description of the method (docs/METHOD.md) has not been written yet.",
    ),
    "upload.choose": (
        "选择文件（CSV 或 Excel，可多选）",
        "Choose files (CSV or Excel, several at once)",
    ),
    "upload.choose_help": (
        "单位名录、检查结果、满意度调查、活动统计或测评体系；类型自动识别。",
        "Units, inspections, surveys, activities or the indicator system; the kind is detected.",
    ),
    "upload.kind": ("文件类型", "Kind"),
    "upload.detect": ("自动识别", "Detect"),
    "upload.sheet": ("工作表", "Sheet"),
    "upload.sheet_auto": ("所有含数据的工作表", "Every sheet with data"),
    "upload.sheet_help": (
        "工作簿有多个工作表时，默认读取每个含有数据的工作表，各作为一份单独的上传，分别检查，"
        "通过的各自上传（填表说明和隐藏的旧副本不读取）；也可只选其中一个工作表。",
        "A workbook with several sheets: by default every sheet holding data is read, each "
        "as an upload of its own, checked on its own, and those that pass are loaded (an "
        "instructions sheet and hidden old copies are passed over); or choose one sheet.",
    ),
    "upload.quarter": ("季度", "Quarter"),
    "upload.quarter_from_file": ("取自文件", "From the file"),
    "upload.quarter_help": (
        "仅用于没有季度列的满意度调查或活动统计文件（如只在标题中写明季度的报表）："
        "表中每一行都属于所选季度。",
        "Only for a survey or activity file without a quarter column (a form that says the "
        "quarter only in its title): every row belongs to the quarter chosen.",
    ),
    "upload.rejected": (
        "检查未通过：{problems:,} 个问题（见下表），不能上传。",
        "Check failed: {problems:,} problems (see the table below); it cannot be loaded.",
    ),
    "upload.unchanged": (
        "此文件已上传过（批次 {load_id}），再次上传不会改变任何数据。",
        "This file is loaded already (load {load_id}); loading it again changes nothing.",
    ),
    "upload.ignored": ("{name} 中未使用的列：{columns}", "Columns of {name} not used: {columns}"),
    "upload.preview": (
        "预览：{name}（前 20 行，已规范化）",
        "Preview of {name} (first 20 rows, normalised)",
    ),
    "upload.problems": ("发现的问题（{count} 个）", "Problems found ({count})"),
    "upload.problems_listed": (
        "发现的问题（{count} 个，下表及清单列出前 {listed} 个）",
        "Problems found ({count}; the table and its CSV list the first {listed})",
    ),
    "upload.problems_csv": ("下载问题清单（CSV）", "Download the problems (CSV)"),
    "upload.problem.file": ("文件", "File"),
    "upload.problem.sheet": ("工作表", "Sheet"),
    "upload.problem.row": ("行", "Row"),
    "upload.problem.column": ("列", "Column"),
    "upload.problem.value": ("内容", "Value"),
    "upload.problem.expected": ("应为", "Expected"),
    "upload.load": ("上传通过检查的 {count} 个文件", "Load the {count} files that passed"),
    "upload.load_sheets": (
        "上传通过检查的 {count} 份（{files} 个文件，工作簿按其工作表计）",
        "Load the {count} that passed ({files} files, a workbook counted by its sheets)",
    ),
    "upload.nothing_to_load": (
        "没有可上传的文件：请修改问题后重新选择文件。",
        "Nothing to load: correct the problems and choose the files again.",
    ),
    "upload.nothing_new": (
        "没有需要上传的文件：所选文件都已上传过，数据不变。",
        "Nothing to load: the files chosen are loaded already.",
    ),
    "upload.loading": ("正在上传…", "Loading…"),
    "frame.other_folder": (
        "Civbench 的看板是在 {here} 启动的：它的设置和默认存储都在 Civbench 目录（{folder}）"
        "中。请在该目录启动（bash scripts/start.sh），或用 CIVBENCH_DB 指明存储；页面不会在此"
        "新建存储。",
        "The dashboard was started in {here}: its settings and its default store are in the "
        "Civbench folder ({folder}). Start it there (bash scripts/start.sh), or name the store "
        "with CIVBENCH_DB; no store is made here.",
    ),
    "upload.loaded_one": ("已处理：{name}", "Done: {name}"),
    "upload.done": (
        "{name}：已上传 {rows:,} 行（批次 {load_id}）。",
        "{name}: loaded {rows:,} rows as load {load_id}.",
    ),
    "upload.done_replaced": (
        "替换 {replaced:,} 行已有数据（原数据已存档，撤回本批次即可恢复）。",
        "{replaced:,} existing rows replaced (archived: withdrawing the load restores them).",
    ),
    "upload.notes": ("注意：{notes}。", "Note: {notes}."),
    # an indicator-system file's weights and targets, old → new (etl.load: changes_listed)
    "upload.system_changes": ("将变更：{changes}。", "It changes: {changes}."),
    "upload.system_changes_done": ("变更：{changes}。", "Changed: {changes}."),
    "upload.not_loaded": (
        "{name}：未上传（数据在检查后已变化，请重新检查）。",
        "{name}: not loaded (the data changed since the check; check it again).",
    ),
    "upload.refused_at_load": ("未上传：{problems}", "Not loaded: {problems}"),
    "upload.left_out": (
        "{name}：未上传，检查发现 {problems} 个问题；改正后请重新选择上传。",
        "{name}: not loaded, its check found {problems} problems; choose it again once corrected.",
    ),
    "upload.cut_short": (
        "本批 {total} 个文件上传了 {done} 个后中断（页面被刷新或离开）；未上传：{files}。"
        "请重新选择这些文件上传。",
        "The batch stopped after {done} of its {total} files (the page was rerun or left); not "
        "loaded: {files}. Choose them again to load them.",
    ),
    "upload.still_stopping": (
        "您的一批 {total} 个文件（刷新前的页面或另一个窗口中开始上传）尚在上传或停止中：目前已上传 "
        "{done} 个；尚未上传：{files}。请稍后查看下方的上传记录，未上传的文件请重新选择上传。",
        "A batch of your {total} files (begun on this page before it was reloaded, or in another "
        "window) is still loading or stopping: {done} loaded so far; not loaded yet: {files}. "
        "See the upload history below in a moment, and choose again the files not loaded.",
    ),
    "upload.failed_after": (
        "数据库出错，本批 {total} 个文件上传了 {done} 个后停止：{error}；未上传：{files}"
        "（这些文件未改变任何数据），请稍后重新选择上传。",
        "A database error stopped the batch after {done} of its {total} files: {error}; not "
        "loaded: {files} (they changed nothing); choose them again later.",
    ),
    "upload.empty": (
        "选择文件后将先进行检查（不改变任何数据），检查通过后才能上传。",
        "Chosen files are checked first (changing nothing); only then can they be loaded.",
    ),
    "upload.history": ("上传记录", "Upload history"),
    "upload.empty_registry": (
        "单位名录中尚无任何单位：新建的存储请先上传单位名录，再上传测评体系（管理员），然后是"
        "各季度的检查、调查和活动数据：每个文件都按单位名录核对。可一次选择多个文件，名录总是先装载。"
        "选择文件后将先进行检查（不改变任何数据），检查通过后才能上传。",
        "No unit is registered yet: a new store loads the unit registry first, then the "
        "indicator system (an admin), then each quarter's inspections, surveys and activities, "
        "every file being checked against the registry. Several files may be chosen at once; "
        "the registry is always loaded first. Chosen files are checked first (changing "
        "nothing); only then can they be loaded.",
    ),
    "upload.no_history": ("尚无上传记录。", "No uploads yet."),
    "upload.col.load_id": ("批次", "Load"),
    "upload.col.loaded_at": ("时间", "When"),
    "upload.received": (
        "文件收到日期（补录历史数据时填写）",
        "Day the files were received (for history)",
    ),
    "upload.received_help": (
        "补录以前季度的数据时，填写文件当初送达的日期：是否迟报按这一天判断。留空则按今天上传判断。"
        "日期按 年/月/日 填写（如 2025/10/05），或在日历中选择。",
        "When loading earlier quarters' data after the event, give the day the files first "
        "arrived: lateness is judged by that day. Left empty, by today's upload. The day is "
        "written year/month/day (2025/10/05), or chosen in the calendar.",
    ),
    "upload.col.received_on": ("收到日期", "Received"),
    "upload.col.loaded_by": ("上传人", "By"),
    "upload.col.kind": ("类型", "Kind"),
    "upload.col.file_name": ("文件", "File"),
    "upload.col.quarters": ("季度", "Quarters"),
    "upload.col.row_count": ("行数", "Rows"),
    "upload.col.replaced_rows": ("替换行数", "Replaced"),
    "upload.col.outcome": ("结果", "Outcome"),
    "upload.col.problem_count": ("问题数", "Problems"),
    "upload.col.withdrawn_at": ("撤回时间", "Withdrawn at"),
    "upload.col.withdrawn_by": ("撤回人", "Withdrawn by"),
    "upload.withdraw_which": ("撤回哪一批次", "Load to withdraw"),
    # a load as the withdraw and day-received boxes list it: id · file · loaded at · by whom
    "upload.load_option": ("{load_id} · {name} · {at} · {by}", "{load_id} · {name} · {at} · {by}"),
    "upload.withdraw_confirm": (
        "确认撤回：删除该批次的数据并恢复其替换的数据",
        "Yes: remove this load's rows and restore what it replaced",
    ),
    "upload.withdraw": ("撤回", "Withdraw"),
    "upload.withdraw_unconfirmed": ("请先勾选确认。", "Tick the confirmation first."),
    "upload.withdrawn": (
        "批次 {load_id} 已撤回：删除 {rows:,} 行，恢复被替换的 {restored:,} 行。",
        "Load {load_id} withdrawn: {rows:,} rows removed, {restored:,} replaced rows restored.",
    ),
    "upload.withdrawn_system": (
        "批次 {load_id} 已撤回：删除 {rows:,} 行（指标 {indicators:,} 行、目标值 {targets:,} 行），"
        "恢复被替换的 {restored:,} 行。",
        "Load {load_id} withdrawn: {rows:,} rows removed ({indicators:,} of indicators, "
        "{targets:,} of targets), {restored:,} replaced rows restored.",
    ),
    "upload.withdraw_refused": ("不能撤回：{reason}", "Cannot withdraw: {reason}"),
    "upload.received_which": (
        "为哪一批次登记收到日期（补录历史数据时当初未填写或填错）",
        "Load whose day received to record (history loaded without it, or with a wrong day)",
    ),
    "upload.received_record": ("登记收到日期", "Record the day received"),
    "upload.received_missing": ("请先选择批次和日期。", "Choose a load and a day first."),
    "upload.received_set": (
        "已登记批次 {load_id} 的收到日期：{on}。",
        "Load {load_id}: {on} recorded as the day received.",
    ),
    "upload.received_refused": ("未登记：{reason}", "Not recorded: {reason}"),
    "system.intro": (
        "选择季度查看当时施行的测评体系；修改指标、权重和目标值后点击“保存”，修改自该季度起施行，"
        "此前各季度的指数不变。修改按数据规范校验后作为一次上传载入，上传记录保留每个版本；"
        "最近一次修改可在本页“修改历史”下撤回，任一版本可在“数据上传”页撤回"
        "（或运行 python -m etl withdraw 批次号）。",
        "Choose a quarter to see the indicator system in force then; edit indicators, weights "
        "and targets and Save: the change holds from that quarter on, and earlier quarters' "
        "indices stay as they were. It is validated by the data contract and loaded as one "
        "upload; the upload history keeps every version. The latest change can be withdrawn "
        "under History of changes on this page, any version on the Upload page (or with python -m "
        "etl withdraw LOAD_ID).",
    ),
    "system.indicators": (
        "{quarter}施行的测评指标与权重",
        "Indicators and weights in force in {quarter}",
    ),
    "system.targets": (
        "{quarter}施行的目标值（按单位类别）",
        "Targets in force in {quarter} (by peer group)",
    ),
    "system.col.code": ("指标编码", "Code"),
    "system.col.name_zh": ("中文名称", "Chinese name"),
    "system.col.name_en": ("英文名称", "English name"),
    "system.col.domain": ("领域", "Domain"),
    "system.col.direction": ("方向", "Direction"),
    "system.col.weight": ("权重", "Weight"),
    "system.col.unit": ("计量单位", "Unit"),
    "system.col.from_quarter": ("起始季度", "From quarter"),
    "system.col.target": ("目标值", "Target"),
    "system.value.domain.inspection": ("检查", "Inspection"),
    "system.value.domain.survey": ("满意度调查", "Survey"),
    "system.value.domain.activity": ("公益活动", "Activity"),
    "system.value.direction.higher": ("越高越好", "Higher is better"),
    "system.value.direction.lower": ("越低越好", "Lower is better"),
    "system.value.unit.rate": ("比率（0–1）", "Rate (0–1)"),
    "system.value.unit.count": ("个数", "Count"),
    "system.value.unit.number": ("数值", "Number"),
    "system.weight_total": (
        "计入指数的权重合计：{total}（指数为加权平均，合计不必为 1）",
        "The weights counted in the index add up to {total} (the index is a weighted mean; they "
        "need not add up to 1)",
    ),
    "system.no_definition": (
        "以下指标没有计算口径（queries/indicators/），不计入指数：{codes}",
        "These indicators have no definition (queries/indicators/) and are left out of the "
        "index: {codes}",
    ),
    "system.save": ("保存（自{quarter}起施行）", "Save (holds from {quarter} on)"),
    "system.removed": (
        "不能删除指标（{codes}）：请把其权重设为 0。",
        "Indicators cannot be deleted ({codes}): set their weight to 0 instead.",
    ),
    "system.rejected": (
        "未保存：发现 {count:,} 个问题，请修改后再保存。",
        "Not saved: {count:,} problems found; correct the table and save again.",
    ),
    "system.unchanged": ("没有修改，无需保存。", "Nothing changed; nothing to save."),
    "system.saved": (
        "测评体系已保存（批次 {load_id}，{rows:,} 行），自{quarter}起施行。",
        "Indicator system saved (load {load_id}, {rows:,} rows); it holds from {quarter} on.",
    ),
    "system.problem.indicator_code": ("指标编码", "Indicator"),
    "system.problem.peer_group": ("单位类别", "Peer group"),
    "system.problem.from_quarter": ("起始季度", "From quarter"),
    "system.problem.column": ("列", "Column"),
    "system.problem.value": ("内容", "Value"),
    "system.problem.expected": ("应为", "Expected"),
    "system.effect": (
        "对排名的影响（{quarter}：修改后的前十名，以及离开前十名的单位）",
        "Effect on the rankings ({quarter}: the top ten after, and the units that left it)",
    ),
    "system.effect.unit_code": ("单位编码", "Unit code"),
    "system.effect.unit_name": ("单位名称", "Unit"),
    "system.effect.rank_before": ("修改前排名", "Rank before"),
    "system.effect.rank_after": ("修改后排名", "Rank after"),
    "system.effect.rank_change": ("名次变化", "Rank change"),
    "system.effect.index_before": ("修改前指数", "Index before"),
    "system.effect.index_after": ("修改后指数", "Index after"),
    "system.history": ("修改历史", "History of changes"),
    "system.withdraw": (
        "撤回最近一次修改（批次 {load_id}）",
        "Withdraw the latest change (load {load_id})",
    ),
    "system.audit": ("审计日志", "Audit log"),
}
