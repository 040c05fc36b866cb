"""The User admin page (pages/users_admin.py, ui/users_admin_view.py): accounts, roles, scopes,
one-time passwords, locked names, the audit log, and the refusals of accounts said again."""

STRINGS = {
    "frame.menu.users_admin": ("用户管理", "User admin"),
    "admin.users": ("用户", "Users"),
    "admin.no_users": ("还没有用户。", "No users yet."),
    "admin.col.name": ("用户名", "User"),
    # the audit log's actions (accounts and the pages that audit)
    "admin.action.users": ("账号管理", "Accounts"),
    "admin.action.sign_in": ("登录", "Sign-in"),
    "admin.action.sign_out": ("退出登录", "Sign-out"),
    "admin.action.unlock": ("解除锁定", "Unlock"),
    "admin.action.settings": ("设置", "Settings"),
    "admin.action.indicators": ("测评体系", "Indicator system"),
    "admin.action.load": ("上传", "Load"),
    "admin.action.withdraw": ("撤回", "Withdraw"),
    "admin.action.received": ("登记收到日期", "Day received"),
    "admin.action.publish": ("发布", "Publish"),
    "admin.action.tidy": ("整理存储", "Tidy"),
    "admin.action.denied": ("拒绝访问", "Access denied"),
    # the audit log's details, written by accounts as messages (etl.messages.msg): the English
    # is what the detail column stores (sessions.py counts failures by the detail "locked")
    "admin.log.locked": ("账号已锁定，拒绝登录", "locked"),
    "admin.log.wrong_password": ("用户名或密码错误", "wrong user name or password"),
    "admin.log.unlocked": ("已解除 {name} 的锁定", "unlocked {name}"),
    "admin.log.added": ("已添加用户 {name}（{role}）", "added {name} as {role}"),
    "admin.log.added_scoped": (
        "已添加用户 {name}（{role}，{scope}）",
        "added {name} as {role} ({scope})",
    ),
    "admin.log.password_set": ("已设置 {name} 的密码", "password of {name} set"),
    "admin.log.role_set": ("已将 {name} 的角色改为{role}", "{name} is now {role}"),
    "admin.log.scope_set": ("已将 {name} 的数据范围改为“{scope}”", "scope of {name}: {scope}"),
    "admin.log.removed": ("已删除用户 {name}", "removed {name}"),
    "admin.log.demo_created": ("已创建演示账号", "demo accounts created"),
    "admin.log.refused": ("未执行：{reason}", "refused: {reason}"),
    "admin.log.setting.require_signin": ("查看须先登录：{value}", "require_signin {value}"),
    "admin.log.setting.bureau": (
        "机构：{name}（层级：{level}）",
        "bureau: {name} (level {level})",
    ),
    "admin.log.setting.time_zone": ("；时区：{zone}", "; time zone: {zone}"),
    "admin.log.time_zone_each": ("各机器自己的", "each machine's own"),
    "admin.cli.time_zone_from_now": (
        "（自现在起按此时区计时；此前记录的时间仍是当时各机器的时钟所读）",
        " (kept from now on; times recorded before stay as their machines' clocks read them)",
    ),
    "admin.log.setting.anonymous_view": (
        "未登录的访客可查看{area}数据：{value}",
        "anonymous_view {value}",
    ),
    "admin.log.on": ("开启", "on"),
    "admin.log.off": ("关闭", "off"),
    "admin.col.role": ("角色", "Role"),
    "admin.col.scope": ("数据范围", "Scope"),
    "admin.col.updated": ("更新时间", "Updated"),
    "admin.col.password": ("密码", "Password"),
    "admin.password_one_time": ("一次性密码，本人尚未更改", "one-time, not yet changed"),
    "admin.password_own": ("本人设置", "their own"),
    "admin.scope.all": ("{area}", "bureau-wide"),
    "admin.add": ("添加用户", "Add a user"),
    "admin.name": ("用户名", "User name"),
    "admin.role": ("角色", "Role"),
    "admin.districts": ("限定{divisions}", "Limit to {divisions}"),
    "admin.unit": ("限定单位", "Limit to one unit"),
    "admin.no_unit": ("（不限定单位）", "(no single unit)"),
    "admin.scope_help": (
        "都不选：{area}范围；选{divisions}：只看这些{divisions}的单位；选单位：只看该单位（单位自己的账户）",
        "Neither: bureau-wide; {divisions}: the units of those {divisions} only; a unit: that unit "
        "only (a unit's own account)",
    ),
    "admin.add_submit": ("添加", "Add"),
    "admin.change": ("修改用户", "Change a user"),
    "admin.which": ("用户", "User"),
    "admin.save": ("保存角色和数据范围", "Save role and scope"),
    "admin.reset": ("重置密码", "Reset the password"),
    "admin.remove": ("删除用户", "Remove the user"),
    "admin.remove_confirm": ("确认删除该用户", "Yes, remove this user"),
    "admin.remove_unconfirmed": (
        "请先勾选“确认删除该用户”。",
        "Tick “Yes, remove this user” first.",
    ),
    "admin.added": ("已添加用户 {name}。", "User {name} added."),
    "admin.saved": ("已保存 {name} 的角色和数据范围。", "Role and scope of {name} saved."),
    "admin.reset_done": ("已重置 {name} 的密码。", "The password of {name} was reset."),
    "admin.removed": ("已删除用户 {name}。", "User {name} removed."),
    "admin.unlocked": ("{name} 可以重新登录了。", "{name} may sign in again."),
    "admin.one_time": (
        "{name} 的一次性密码如下，只显示这一次：请交给本人。本人用它登录后须先设置自己的新密码。",
        "The one-time password of {name} is below and is shown only now: hand it to them. When "
        "they sign in with it, they must first choose a password of their own.",
    ),
    "admin.locked": ("被锁定的用户名", "Locked user names"),
    "admin.locked_help": (
        "登录失败次数过多而被暂时锁定的用户名；解锁后可立即重新登录（审计日志保留每次尝试）。",
        "Names locked after too many failed sign-ins; unlocking lets them sign in at once (the "
        "audit log keeps every attempt).",
    ),
    "admin.locked_until": ("{name}（锁定至 {until}）", "{name} (locked until {until})"),
    "admin.no_locked": ("目前没有被锁定的用户名。", "No user name is locked now."),
    "admin.unlock": ("解锁", "Unlock"),
    "admin.audit": ("审计日志", "Audit log"),
    "admin.audit_user": ("按用户筛选（留空：全部）", "Filter by user (blank: all)"),
    "admin.audit_actions": ("按操作筛选（不选：全部）", "Filter by action (none: all)"),
    "admin.audit_empty": ("没有符合条件的记录。", "No entries match."),
    "admin.col.logged_at": ("时间", "Time"),
    "admin.col.username": ("操作人", "By"),
    "admin.col.action": ("操作", "Action"),
    "admin.col.ok": ("结果", "Result"),
    "admin.col.detail": ("详情", "Detail"),
    "admin.col.subject": ("涉及用户", "Account"),
    "admin.ok": ("成功", "ok"),
    "admin.failed": ("未成功", "refused"),
    "admin.error.both_scopes": (
        "请只选{divisions}或只选一个单位，不要同时选择。",
        "Choose {divisions} or one unit, not both.",
    ),
    "admin.error.name": (
        "用户名为 1–64 个字符，不能含空格。",
        "A user name is 1–64 characters without spaces.",
    ),
    "admin.error.name_reserved": (
        "“{name}”是日志中“命令行”的名称，不能作为用户名：请换一个用户名。",
        "'{name}' is the logs' name for the command line: choose another user name.",
    ),
    "admin.error.password_short": (
        "密码至少需要 {length} 个字符（首尾的空格不计）。",
        "A password needs at least {length} characters (spaces at either end not counted).",
    ),
    "admin.error.password_same": (
        "新密码不能与当前密码（一次性密码）相同。",
        "The new password must differ from the current (one-time) password.",
    ),
    "admin.error.role_unknown": ("没有“{role}”这个角色。", "There is no role “{role}”."),
    "admin.error.exists": (
        "用户 {name} 已存在：请换一个用户名，或在“修改用户”中修改它。",
        "User {name} exists already: choose another name, or change it under “Change a user”.",
    ),
    "admin.error.no_user": ("没有用户 {name}。", "There is no user {name}."),
    "admin.error.not_admin": (
        "{name} 不是管理员：只有管理员可以管理用户。",
        "{name} is not an admin: only an admin manages accounts.",
    ),
    "admin.error.outside_scope": (
        "{name}（{scope}）不在您的数据范围（{own}）内：请数据范围包含它的管理员处理。",
        "{name} ({scope}) is outside your scope ({own}): ask an admin whose scope covers it.",
    ),
    "admin.error.role_above": (
        "您不能授予高于自己角色（{own}）的角色“{role}”。",
        "You cannot grant the role “{role}”, above your own ({own}).",
    ),
    "admin.error.scope_wider": (
        "您不能授予比自己数据范围（{own}）更宽的范围（{scope}）。",
        "You cannot grant a scope ({scope}) wider than your own ({own}).",
    ),
    "admin.error.bad_level": (
        "机构层级“{value}”不在可选之列：请写 {levels} 之一。",
        "The bureau's level “{value}” is not one of {levels}: write one of them.",
    ),
    "admin.error.bad_time_zone": (
        "没有名为“{value}”的时区：请写 Asia/Shanghai 这样的时区名。",
        "There is no time zone “{value}”: write a time zone's name, such as Asia/Shanghai.",
    ),
    "admin.error.bad_bureau_name": (
        "机构名称“{value}”须为一行、不超过 {longest} 个字：请改短或去掉换行。",
        "The bureau's name “{value}” must be one line of at most {longest} characters: shorten "
        "it or remove the line break.",
    ),
    "admin.error.bureau_wide_only": (
        "只有{area}范围的管理员可以修改机构名称和层级（您的数据范围：{own}）。",
        "Only an admin with the bureau-wide scope may change the bureau's name and level "
        "(yours: {own}).",
    ),
    "admin.error.viewing_bureau_wide_only": (
        "只有{area}范围的管理员可以修改谁可以查看（您的数据范围：{own}）。",
        "Only an admin with the bureau-wide scope may change who may view (yours: {own}).",
    ),
    "admin.viewing.title": ("谁可以查看", "Who may view"),
    "admin.viewing.help": (
        "上传、发布和管理始终须先登录。开启“查看须先登录”后，任何页面都须登录才能查看；"
        "关闭时，未登录的访客能否查看{area}数据由第二项决定。已打开的页面在下次刷新时按新设置办理。",
        "Uploading, publishing and administration always need sign-in. With “Viewing needs "
        "sign-in” on, every page needs sign-in; with it off, the second box says whether a "
        "visitor who has not signed in sees the figures of {area}. Pages already open follow "
        "the new setting at their next rerun.",
    ),
    "admin.viewing.require_signin": ("查看须先登录", "Viewing needs sign-in"),
    "admin.viewing.anonymous_view": (
        "未登录的访客可查看{area}数据",
        "A visitor who has not signed in sees the figures of {area}",
    ),
    "admin.viewing.env_wins": (
        "“查看须先登录”由服务器的环境变量 {env}={value} 决定，在此不能修改。",
        "“Viewing needs sign-in” is set by the server's environment variable {env}={value} and "
        "cannot be changed here.",
    ),
    "admin.viewing.save": ("保存查看设置", "Save who may view"),
    "admin.viewing.saved": ("已保存谁可以查看的设置。", "Saved who may view."),
    "admin.viewing.unchanged": ("设置与原来相同，未作修改。", "The settings are as they were."),
    "admin.bureau.title": ("机构名称与层级", "The bureau's name and level"),
    "admin.bureau.help": (
        "导出材料、通报和各页面按此称呼本机构及其辖区：层级为“省”时写作“全省”，下一级写作“市州”；"
        "为“市”时写作“全市”“区县”；为“县”时写作“全县”“乡镇”。单位名录的区县一列也可按此层级的"
        "写法作表头（如“所属市州”）。名称为通报落款和图表的数据来源；留空则用该层级的通常名称。",
        "Exports, the circular and the pages call the bureau, its area and the places one level "
        "down by these: 全省 and 市州 for a province, 全市 and 区县 for a city, 全县 and 乡镇 for "
        "a county; the registry's 区县 column may then be headed so too (所属市州). The name "
        "signs the circular and is the charts' source; an empty name gives the usual name of "
        "the level.",
    ),
    "admin.bureau.level": ("层级", "Level"),
    "admin.bureau.level_option": (
        "{level}（{area} · {divisions}）",
        "{level} ({area} · {divisions})",
    ),
    "admin.bureau.name": ("机构名称", "Name"),
    "admin.bureau.save": ("保存机构名称与层级", "Save the bureau's name and level"),
    "admin.bureau.saved": ("已保存：{name}（{area}）。", "Saved: {name} ({area})."),
    # the User admin form was drawn before another admin changed the account (users_admin_view.save)
    "admin.error.changed_since_shown": (
        "用户 {name} 的账号在此表单显示后已被他人修改，现为{role}（{scope}），本次未保存。"
        "表单已显示其现状，请重新修改后保存。",
        "The account of {name} was changed by someone else since this form was shown: it is "
        "now {role} ({scope}). Nothing was saved; the form shows it as it is now: make your "
        "change again.",
    ),
    "admin.error.last_admin": (
        "{name} 是最后一个{area}范围的管理员：不能删除、降级或缩小其数据范围，"
        "请先添加另一位管理员。",
        "{name} is the last admin with the bureau-wide scope: it cannot be removed, demoted or "
        "narrowed; add another admin first.",
    ),
    "admin.error.own_admin": (
        "不能降低、缩小或删除自己的管理员账户 {name}：请另一位管理员操作。",
        "You cannot demote, narrow or remove your own admin account {name}: ask another admin.",
    ),
    "admin.error.unknown_district": (
        "单位名录中没有{divisions} {districts}；现有{divisions}：{known}。",
        "The unit registry has no {division} {districts}; its {divisions} are: {known}.",
    ),
    "admin.error.unknown_unit": (
        "单位名录中没有单位 {unit}：请检查编码，或先在单位名录中登记该单位。",
        "There is no unit {unit} in the unit registry: check the code, or register it first.",
    ),
    # python -m etl users … (accounts/cli.py): what it did, said in --lang (its refusals are
    # the admin.error.* above; roles and scopes as the page says them)
    "admin.cli.added": ("已添加用户 {name}（{role}）", "added {name} ({role})"),
    "admin.cli.added_scoped": (
        "已添加用户 {name}（{role}，数据范围：{scope}）",
        "added {name} ({role}), scope {scope}",
    ),
    "admin.cli.one_time": (
        "（一次性密码：本人首次登录时须改用自己的密码）",
        " (one-time: they choose their own at the first sign-in)",
    ),
    "admin.cli.unlocked": ("已解除 {name} 的锁定，可以再次登录", "{name} may sign in again"),
    "admin.cli.no_users": ("还没有用户", "no users"),
    "admin.cli.one_time_password": (
        "一次性密码（本人尚未更改）",
        "one-time password (not yet changed)",
    ),
    "admin.cli.demo": (
        "演示账号（密码仅此一次显示，请妥善转交）：",
        "Demo accounts (the passwords are shown only now):",
    ),
    "admin.cli.demo_account": (
        "  {name} 角色 {role} 密码 {password}",
        "  {name} role {role} password {password}",
    ),
    "admin.cli.require_signin": ("查看须先登录：{state}", "viewing requires sign-in: {state}"),
    "admin.cli.env_wins": (
        "（已设置环境变量 {variable}，以其为准）",
        " ({variable} is set and wins)",
    ),
    "admin.cli.bureau": (
        "机构：{bureau}（辖区统称：{area}）",
        "bureau: {bureau} (its whole area: {area})",
    ),
    "admin.cli.anonymous_view": ("未登录的访客可查看：{view}", "viewers not signed in see: {view}"),
    "admin.cli.anonymous_all": ("{area}数据", "the bureau-wide view"),
    "admin.cli.anonymous_none": ("无（须先登录）", "nothing (they must sign in)"),
    "admin.cli.failed": ("未成功", "FAILED"),
    "admin.cli.audit_empty": ("审计日志中没有符合条件的记录", "the audit log is empty"),
    "admin.cli.password": ("密码：", "Password: "),
    "admin.cli.password_again": ("再次输入密码：", "Repeat password: "),
    "admin.error.passwords_differ": (
        "两次输入的密码不一致，未作任何更改。",
        "the two passwords differ; nothing changed",
    ),
    "admin.error.no_unit_given": (
        "--unit 未写单位：请写单位编码，如 --unit U0001。",
        "--unit names no unit: give a unit code, e.g. --unit U0001",
    ),
    "admin.error.no_district_given": (
        "--districts 未写{divisions}：请写{divisions}名称，以逗号分隔。",
        "--districts names no {division}: give them comma-separated",
    ),
}
