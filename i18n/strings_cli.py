"""The command lines' helps (``--help`` of python -m etl, etl users, queries and charts, said
by ``etl.arguments.SpeakingParser``), and argparse's own headings and exit codes."""

STRINGS = {
    # argparse's own words, for every program
    "args.positionals": ("位置参数", "positional arguments"),
    "args.options": ("选项", "options"),
    "args.show_help": ("显示本帮助并退出", "show this help message and exit"),
    "args.no_command": ("没有给出命令", "no command given"),
    "args.exit_codes": (
        "退出码：0 完成；2 输入有误或请求被拒绝（原因见标准错误输出）；3 库正忙、无法使用或"
        "不存在；130 被 Ctrl-C 中止（进行中的写入已撤销）{more}。",
        "Exit codes: 0 done; 2 bad input or a request refused (the reason on stderr); 3 the "
        "store is busy, unusable or not there; 130 stopped by Ctrl-C (the write under way "
        "undone){more}.",
    ),
    "args.exit_font": (
        "；4 没有中文字体（请安装 fonts-noto-cjk）",
        "; 4 no Chinese font (install fonts-noto-cjk)",
    ),
    "help.lang": (
        "消息的语言：zh 或 en（默认：$LANG 为 zh_* 时为 zh，否则为 en）",
        "language of the messages: en or zh (default: zh when $LANG is zh_*, else en)",
    ),
    "help.db": (
        "库：DuckDB 文件路径、ducklake:sqlite:路径 或 ducklake:postgres:连接串"
        "（默认：${variable}，否则 {default}）",
        "the store: a DuckDB file path, ducklake:sqlite:PATH or ducklake:postgres:CONNINFO "
        "(default: ${variable}, else {default})",
    ),
    # python -m etl
    "help.etl": (
        "装载文件、生成演示库、列出和撤回装载、发布季度、迁移库。新单位先装载单位名录，再装载"
        "测评体系，然后是每个季度的检查结果、满意度调查和活动统计"
        "（python -m etl load 单位名录.xlsx 测评体系.csv）。",
        "Load files, build the demo store, list and withdraw loads, publish a quarter, move a "
        "store. A new bureau loads its unit registry first, then its indicator system, then "
        "each quarter's inspections, surveys and activities (python -m etl load 单位名录.xlsx "
        "测评体系.csv).",
    ),
    "help.etl.load": (
        "检查并装载文件（CSV 或 Excel）；有文件被拒绝时退出码为 2，同批其他文件照常装载",
        "validate and load files (CSV or Excel); exit 2 when a file is rejected, the others "
        "given with it loaded",
    ),
    "help.etl.load.files": (
        "CSV 或 Excel 文件，按给出的顺序装载（单位名录在先）",
        "CSV or Excel files, loaded in the order given (the unit registry first)",
    ),
    "help.etl.load.kind": (
        "每个文件的类型，英文名或中文名（{kinds}；默认：自动识别）",
        "the kind of every file, by name or in Chinese ({kinds}; default: detect)",
    ),
    "cli.kind_unknown": (
        "“{given}”不是文件类型：请写 {kinds} 之一",
        "'{given}' is no kind of file: give one of {kinds}",
    ),
    "help.etl.load.sheet": (
        "要读取的 Excel 工作表（默认：每个含表格的可见工作表，各作一次装载，逐个进行；"
        "说明页和隐藏的副本跳过）",
        "the Excel sheet to read (default: every visible sheet holding a table, each loaded "
        "as an upload of its own, one by one; an instructions sheet and hidden copies are "
        "passed over)",
    ),
    "help.etl.load.quarter": (
        "每一行的季度（2025Q3），用于没有季度列的满意度或活动文件。给一次即为每个文件的季度"
        "（若几个文件中有一个以别的季度命名，如 满意度_2025Q2.csv，则拒绝）；重复给出时按文件"
        "顺序每个文件一个（a.csv b.csv --quarter 2025Q2 --quarter 2025Q3；工作簿的季度即其"
        "各工作表的季度）",
        "the quarter of every row (2025Q3), for survey or activity files without a quarter "
        "column. Given once, it is every file's quarter (refused when one of several files is "
        "named after another quarter: 满意度_2025Q2.csv); repeated, one per file in the order "
        "the files are given (a.csv b.csv --quarter 2025Q2 --quarter 2025Q3; a workbook's is "
        "each of its sheets')",
    ),
    "help.etl.load.received": (
        "文件送达本委的日期（2025-10-08），用于很久以后才装载的文件（新单位的历史数据）："
        "按此日期而非今天判断是否迟报",
        "the day the files reached the bureau (2025-10-08), for files loaded long after (a new "
        "bureau's history): lateness is judged by it, not by today",
    ),
    "help.etl.load.dry_run": ("只检查，不改动任何数据", "check only; change nothing"),
    "help.etl.load.by": ("装载人，记入上传记录", "who is loading, for the upload log"),
    "help.etl.load.as_user": (
        "以此账号（分析员或管理员）装载：按其范围检查（文件中有范围外的单位即拒绝），"
        "上传记录记为此账号",
        "load as this account (an analyst or admin): its scope applies (a file naming a unit "
        "outside it is refused) and it is the upload log's 'by'",
    ),
    "help.etl.demo": (
        "用真实的装载程序生成演示库",
        "build the demo database through the real loader",
    ),
    "help.etl.demo.units": ("单位数（默认 80）", "how many units (default 80)"),
    "help.etl.demo.quarters": (
        "季度数，截至最近结束的季度（默认 12）",
        "how many quarters, up to the last one ended (default 12)",
    ),
    "help.etl.demo.seed": (
        "随机数种子：种子相同，数据相同",
        "the random seed: the same seed, the same data",
    ),
    "help.etl.demo.files": (
        "把生成的文件保存在此文件夹（单位名录、测评体系和每个季度的文件：可作本单位文件的样板）",
        "keep the generated files in this folder (the unit registry, the indicator system and "
        "each quarter's files: models for a bureau's own)",
    ),
    "help.etl.history": ("列出最近的装载和拒绝", "list recent loads and rejections"),
    "help.etl.history.limit": ("显示多少次装载（默认 50）", "how many loads (default 50)"),
    "help.etl.history.notes": (
        "在每一行下显示其说明（拒绝原因、更正取代的数据、数据提示）",
        "under each entry, its note (why a file was refused, what a correction replaced, notes "
        "on the data)",
    ),
    "help.etl.withdraw": (
        "撤回一次装载，恢复被它替换的数据",
        "withdraw a load, restoring what it replaced",
    ),
    "help.etl.load_id": (
        "装载编号，即 history 列出的编号",
        "the load's number, as history lists it",
    ),
    "help.etl.withdraw.by": ("撤回人，记入上传记录", "who withdraws, for the upload log"),
    "help.etl.withdraw.as_user": (
        "以此账号（分析员或管理员）撤回：仅限所有单位都在其范围内的装载",
        "withdraw as this account (an analyst or admin): only loads whose every unit lies in "
        "its scope",
    ),
    "help.etl.received": (
        "记录已装载文件送达本委的日期（用于 --received 出现之前装载的历史数据，或改正填错的日期）",
        "record the day a loaded file reached the bureau (for history loaded before it could "
        "be given with --received, or a day mistyped)",
    ),
    "help.etl.received.day": (
        "日期，如 2025-10-08 或 2025年10月8日",
        "the day, e.g. 2025-10-08 or 2025年10月8日",
    ),
    "help.etl.received.by": ("记录人，记入审计日志", "who records it, for the audit log"),
    "help.etl.received.as_user": (
        "以此账号（分析员或管理员）记录：仅限所有单位都在其范围内的装载",
        "record it as this account (an analyst or admin): only for loads whose every unit lies "
        "in its scope",
    ),
    "help.etl.publish": ("记录某季度的数据已发布", "record that a quarter's figures are published"),
    "help.etl.publish.quarter": (
        "季度，如 2026Q3 或 2026年第3季度",
        "the quarter, e.g. 2026Q3 or 2026年第3季度",
    ),
    "help.etl.publish.by": ("发布人，记入发布记录", "who publishes, for the record"),
    "help.etl.publications": ("列出（某季度的）发布记录", "list the publications (of one quarter)"),
    "help.etl.publications.quarter": (
        "只列此季度的，如 2026Q3",
        "only this quarter's, e.g. 2026Q3",
    ),
    "help.etl.migrate": (
        "把一个库的每张表复制到一个新的空库",
        "copy every table of a store into a new, empty one",
    ),
    "help.etl.migrate.to": (
        "新库的 URL（ducklake:sqlite:路径 …）",
        "the new store's URL (ducklake:sqlite:PATH …)",
    ),
    "help.etl.migrate.from": (
        "要复制的库（默认：{legacy}）",
        "the store to copy (default: {legacy})",
    ),
    "help.etl.tidy": (
        "清除没有发布记录引用的旧快照并删除其文件，合并小数据文件",
        "expire old snapshots no publication reads and delete their files; merge small data files",
    ),
    "help.etl.tidy.keep_days": (
        "保留最近 N 天的每个状态（默认 30；发布记录引用的始终保留）",
        "keep every state of the last N days (default 30; publications are always kept)",
    ),
    "help.etl.tidy.orphans": (
        "同时删除任何快照都不认识、超过一天的文件（被中断的写入留下的）；仅在没有别的库共用"
        "数据文件夹时使用",
        "also delete files no snapshot knows, older than a day (left by killed writes); only "
        "where no other store shares the data folder",
    ),
    "help.etl.tidy.by": ("清理人，记入记录", "who tidies, for the record"),
    "help.etl.contracts": ("以 Markdown 打印数据约定", "print the data contracts as Markdown"),
    "help.etl.users": (
        "管理登录账号（python -m etl users --help）",
        "manage sign-in accounts (python -m etl users --help)",
    ),
    # python -m etl users
    "help.users": (
        "在命令行管理登录账号、账号范围和查看设置。每个命令都说明做了什么；密码按原样打印。",
        "Manage sign-in accounts, their scopes and the viewing settings from the command line. "
        "Every command says what it did; passwords are printed as they are.",
    ),
    "help.users.name": (
        "账号的用户名，即登录所用的名字",
        "the account's user name, as it signs in",
    ),
    "help.users.role": (
        "viewer（查看）、analyst（还能装载文件）、admin（还能管理测评体系和账号）",
        "viewer (reads), analyst (also loads files), admin (also the indicator system, accounts)",
    ),
    # after a users command that made the store it named (etl users require-signin, on a
    # mistyped --db): said, where the setting was stored in a new, empty store in silence
    "users.store_made": (
        "注意：{store} 处原本没有存储，已为此新建了一个空存储；如果这不是您的存储，请核对 --db"
        "（或 $CIVBENCH_DB），并删除新建的存储",
        "note: there was no store at {store}; a new, empty one was made for this. If it is not "
        "your store, check --db (or $CIVBENCH_DB) and remove the new one",
    ),
    "help.users.setting": ("on、off，或 show：显示当前设置", "on, off, or show: say how it is now"),
    "help.users.districts": (
        "把账号限于这些区县，用逗号分隔：城关区,七里河区",
        "limit the user to these districts (区县), comma-separated: 城关区,七里河区",
    ),
    "help.users.unit": (
        "把账号限于一个单位（单位自己的账号），按单位编码：U0001",
        "limit the user to one unit (a unit's own account), by its code: U0001",
    ),
    "help.users.all": ("全局范围", "the bureau-wide scope"),
    "help.users.password_stdin": ("从标准输入读取密码", "read the password from standard input"),
    "help.users.one_time": (
        "一次性密码：用户首次登录时须自设密码",
        "a password to hand on: the user must choose their own at the first sign-in",
    ),
    "help.users.add": (
        "添加账号（全局范围，除非给出 --districts 或 --unit）",
        "add a user (bureau-wide unless --districts or --unit)",
    ),
    "help.users.set_password": ("设置账号的密码", "set a user's password"),
    "help.users.set_role": ("更改账号的角色", "change a user's role"),
    "help.users.set_scope": (
        "把账号限于区县或一个单位，或用 --all 取消限制",
        "limit a user to districts or a unit, or --all",
    ),
    "help.users.remove": ("删除账号", "remove a user"),
    "help.users.unlock": (
        "让因多次登录失败而锁定的用户名重新可以登录",
        "let a name locked by failed sign-ins sign in again",
    ),
    "help.users.list": ("列出账号、角色和范围", "list users, roles and scopes"),
    "help.users.demo": (
        "创建演示账号（viewer、analyst、admin）并打印密码",
        "create demo accounts (viewer, analyst, admin); print passwords",
    ),
    "help.users.require_signin": ("查看是否需要登录", "whether viewing needs sign-in"),
    "help.users.anonymous_view": (
        "未登录的查看者是否看到全局视图",
        "whether viewers not signed in see the bureau-wide view",
    ),
    "help.users.bureau": (
        "本委的层级和名称，导出文件和页面都这样称呼（全市，市卫生健康委员会）；不带选项：显示",
        "the bureau's level and name, as exports and pages say them (全市, 市卫生健康委员会); "
        "without options: show them",
    ),
    "help.users.bureau.level": (
        "{levels} 之一（全省、全市、全县 …）",
        "one of {levels} (全省, 全市, 全县 …)",
    ),
    "help.users.bureau.time_zone": (
        "本委的时区（如 Asia/Shanghai）：每台机器的命令和仪表板都按此时区计时；留空：各机器自己的",
        "the bureau's time zone (Asia/Shanghai, say): every machine's commands and dashboards "
        "keep its time; empty: each machine's own",
    ),
    "help.users.bureau.name": (
        "通报落款所用的名称；留空：该层级的通常名称",
        "as the circular signs it; empty: the usual name of its level",
    ),
    "help.users.audit": ("显示最近的审计日志", "show the latest audit-log entries"),
    "help.users.audit.limit": ("显示多少条（默认 30）", "how many entries (default 30)"),
    "help.users.audit.user": (
        "只显示此用户做的或关于此用户的记录",
        "only entries made by or about this user",
    ),
    "help.users.audit.action": (
        "只显示此操作（sign_in、users、load、unlock …）",
        "only this action (sign_in, users, load, unlock …)",
    ),
    # python -m queries
    "help.queries": (
        "列出具名查询，或运行一个查询并打印结果。--as-user 账号 按该账号的范围运行查询，与仪表板"
        "为该用户所做的相同；不给时命令行看到全部单位。",
        "List the named queries, or run one and print its result. --as-user NAME runs the "
        "query under that account's scope, as the dashboard would for that user; without it "
        "the command line sees every unit.",
    ),
    "help.queries.list": ("每个具名查询及其参数", "every named query with its parameters"),
    "help.queries.run": ("运行一个具名查询并打印结果", "run one named query and print the result"),
    "help.queries.name": (
        "查询名，即 python -m queries list 列出的名字",
        "the query's name, as python -m queries list shows it",
    ),
    "help.queries.param": (
        "一个参数，如 --param quarter=2025Q3（多个参数重复给出）；列表参数 {selections} 用逗号"
        "分隔，如 --param districts=城关区,七里河区；as_published=true 读取已发布季度发布时的"
        "数据（publication=N：第 N 号发布时的）",
        "a parameter, e.g. --param quarter=2025Q3 (repeat for more); the lists {selections} "
        "take names separated by commas, e.g. --param districts=城关区,七里河区; "
        "as_published=true reads a published quarter's figures as published (publication=N: "
        "as publication N)",
    ),
    "help.queries.as_user": ("按此账号的范围", "apply this account's scope"),
    "help.queries.format": ("结果的格式（csv）", "the result's format (csv)"),
    # python -m charts
    "help.charts": (
        "在命令行生成季度会议材料（定时任务和人工都可用）；--per-district 为每个区县各生成一份，"
        "--as-user 账号 把材料限于该账号的范围。",
        "The quarterly meeting pack from the command line (for a scheduled job as much as for "
        "a person); --per-district writes one pack per district, --as-user NAME limits any "
        "pack to that account's scope.",
    ),
    "help.charts.pack": (
        "生成会议材料：PPTX，按需另出 PDF / DOCX",
        "make the meeting pack: PPTX, and PDF / DOCX on request",
    ),
    "help.charts.quarter": (
        "季度，如 2025Q3 或 2025年第3季度（python -m etl 接受的任何写法），或 'previous'："
        "今天所在季度的上一季度（用于季度结束后运行的定时任务）",
        "the quarter, e.g. 2025Q3 or 2025年第3季度 (any spelling python -m etl takes), or "
        "'previous': the quarter before today's (for a scheduled job run after a quarter ends)",
    ),
    "help.charts.out": (
        "要写出的幻灯片（.pptx）；与 --per-district 同用时为写入的文件夹",
        "the slide deck to write (.pptx); with --per-district, the folder to write into",
    ),
    "help.charts.per_district": (
        "每个区县一份材料（PPTX、PDF 和通报），各限于本区县，命名如 --out 文件夹中的 "
        "2026Q3_城关区.pptx",
        "one pack (PPTX, PDF and circular) per district, each limited to its district, named "
        "like 2026Q3_城关区.pptx in the --out folder",
    ),
    "help.charts.as_user": (
        "只含此账号能看到的内容（python -m etl users list 显示各账号的范围）",
        "only what this account may see (python -m etl users list shows the scopes)",
    ),
    "help.charts.pdf": ("另写一份内容相同的 PDF", "also write the same content as a PDF"),
    "help.charts.circular": ("另写通报草稿（.docx）", "also write the draft circular (.docx)"),
    "help.charts.lang": (
        "材料和本命令消息的语言（默认 zh，不论系统语言：材料是本委开会用的）",
        "the language of the pack and of this command's messages (default zh, whatever the "
        "locale: the pack is for the bureau's meeting)",
    ),
    "help.charts.peer_group": ("只含此同类组（可重复）", "only this peer group (repeatable)"),
    "help.charts.district": ("只含此区县（可重复）", "only this district (repeatable)"),
    "help.charts.publication": (
        "按此次发布时的数据（python -m etl publications）",
        "the figures as this publication showed them (python -m etl publications)",
    ),
    "help.charts.as_published": (
        "按该季度最近一次发布时的数据（已发布季度的默认做法；未发布的季度拒绝）",
        "the figures as the quarter's latest publication showed them (the default for a "
        "published quarter; refused for one not published)",
    ),
    "help.charts.current": (
        "按库中现有的数据，已发布的季度也如此（否则按发布时的数据，与页面相同）",
        "the figures as the store holds them now, also for a published quarter (whose pack "
        "otherwise shows them as published, as the pages do)",
    ),
    "help.charts.quiet": ("不显示进度", "no progress lines"),
}
