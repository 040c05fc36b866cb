"""Strings of the shared frame, sign-in, and the upload, indicator-system and method pages."""

STRINGS: dict[str, tuple[str, str]] = {
    "frame.app_title": ("卫生系统文明创建测评", "Civbench: civility benchmarking"),
    "frame.menu.overview": ("总览", "Overview"),
    "frame.menu.rankings": ("排名", "Rankings"),
    "frame.menu.unit_profile": ("单位画像", "Unit profile"),
    "frame.menu.trends": ("趋势", "Trends"),
    "frame.menu.ledger": ("整改台帐", "Rectification ledger"),
    "frame.menu.data_quality": ("数据质量", "Data quality"),
    "frame.menu.upload": ("数据上传", "Upload"),
    "frame.menu.indicator_system": ("测评体系", "Indicator system"),
    "frame.menu.method": ("测评方法", "Method"),
    "frame.quarter": ("季度", "Quarter"),
    "frame.peer_group": ("单位类别", "Peer group"),
    "frame.all_groups": ("全部类别", "All peer groups"),
    "frame.no_quarters": (
        "尚无数据：请在“数据上传”页上传文件。",
        "No data yet: upload files on the Upload page.",
    ),
    "frame.role.viewer": ("查看者", "viewer"),
    "frame.role.analyst": ("分析员", "analyst"),
    "frame.role.admin": ("管理员", "admin"),
    "frame.signed_in_as": ("已登录：{user}（{role}）", "Signed in as {user} ({role})"),
    "frame.signout": ("退出登录", "Sign out"),
    "frame.signin.title": ("登录", "Sign in"),
    "frame.signin.user": ("用户名", "User name"),
    "frame.signin.password": ("密码", "Password"),
    "frame.signin.submit": ("登录", "Sign in"),
    "frame.signin.failed": ("用户名或密码错误。", "Wrong user name or password."),
    "frame.signin.locked": (
        "登录失败次数过多，请 {minutes} 分钟后再试。",
        "Too many failed sign-ins; try again in {minutes} minute(s).",
    ),
    "frame.refused_signin": (
        "此页面需要以{role}或更高权限登录。请先登录。",
        "This page needs a signed-in {role} (or higher). Please sign in.",
    ),
    "frame.refused_role": (
        "您的账号没有打开此页面的权限（需要{role}或更高权限）。",
        "Your account may not open this page: it needs the {role} role or higher.",
    ),
    "frame.action_refused": (
        "操作被拒绝：需要{role}或更高权限。",
        "Action refused: it needs the {role} role or higher.",
    ),
    "method.missing": (
        "测评方法说明（docs/METHOD.md）尚未编写。",
        "The description of the method (docs/METHOD.md) has not been written yet.",
    ),
}
