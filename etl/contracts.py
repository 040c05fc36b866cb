"""The data contracts: one declaration per input kind, used by the reader, the validator,
the loader, the upload page and the generated docs (``python -m etl contracts``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.messages import Text, msg, pair

# In the order every legend, facet and list of the groups keeps; each group's colour is in
# charts.palette.PEER_GROUP_COLOURS.
PEER_GROUPS: dict[str, tuple[str, ...]] = {
    # the grades within a level (甲等, 乙等, 丙等) are one peer group: 三甲 is a 三级医院, and so
    # is a hospital's grade as it is written on its plaque, 三级甲等 (without 医院)
    "三级医院": (
        "tertiary hospital",
        "tertiary",
        "三级",
        *(f"三级{g}等医院" for g in "甲乙丙"),
        *(f"三级{g}等" for g in "甲乙丙"),
        *(f"三{g}" for g in "甲乙丙"),
        *(f"三{g}医院" for g in "甲乙丙"),
    ),
    "二级医院": (
        "secondary hospital",
        "secondary",
        "二级",
        *(f"二级{g}等医院" for g in "甲乙丙"),
        *(f"二级{g}等" for g in "甲乙丙"),
        *(f"二{g}" for g in "甲乙丙"),
        *(f"二{g}医院" for g in "甲乙丙"),
    ),
    # each short form in both languages: a reader types 社区 as readily as community
    "乡镇卫生院": ("township health centre", "township health center", "township", "乡镇"),
    "社区卫生服务中心": (
        "community health centre",
        "community health center",
        "community",
        "社区",
        "社区中心",
    ),
    "专业公共卫生机构": (
        "public-health institution",
        "public health institution",
        "public health",
        "公共卫生",
        "公卫",
    ),
}
ALL_PEER_GROUPS = "全部"
# a peer group or every unit (a target for all groups, a ranking over all units)
PEER_GROUPS_OR_ALL = {ALL_PEER_GROUPS: ("all", "所有"), **PEER_GROUPS}
# a unit registry row's status: a closed unit (撤销, 关闭 …) and one merged into another (撤并)
# are out of the registry from the row's from_quarter on, until a later row of it
# (etl/registry.sql, closes_unit; queries/stages/macros.sql, units_in_force). 撤并 says more
# than 撤销 (the unit lives on in another), so it is kept as written and shown as such.
OPEN, CLOSED, MERGED = "在用", "撤销", "撤并"
CLOSING = (CLOSED, MERGED)  # the statuses that take a unit out
# each also as forms write it in full (暗访检查, 日常巡查, 专项督查, 第三方测评)
INSPECTION_TYPES: dict[str, tuple[str, ...]] = {
    "暗访": ("unannounced", "mystery", "暗访检查"),
    "巡查": ("patrol", "tour", "日常巡查", "巡查检查"),
    "督查": ("supervision", "audit", "专项督查", "督导检查", "督查检查"),
    "测评": ("assessment", "evaluation", "第三方测评", "测评检查"),
}
# each also as forms name the survey in full, as the indicators do (门诊患者满意度)
SURVEY_TYPES: dict[str, tuple[str, ...]] = {
    "门诊": ("outpatient", "门诊患者", "门诊病人", "门诊满意度", "门诊患者满意度"),
    "住院": ("inpatient", "住院患者", "住院病人", "住院满意度", "住院患者满意度"),
    "公众": ("public", "社会公众", "群众", "公众满意度", "社会满意度", "社会公众满意度"),
    "职工": ("staff", "医务人员", "员工", "职工满意度", "员工满意度", "医务人员满意度"),
}
DOMAINS: dict[str, tuple[str, ...]] = {
    "inspection": ("检查",),
    "survey": ("满意度", "调查"),
    "activity": ("活动",),
}
DIRECTIONS: dict[str, tuple[str, ...]] = {
    "higher": ("越高越好", "高", "正向", "up"),
    "lower": ("越低越好", "低", "负向", "down"),
}
VALUE_UNITS: dict[str, tuple[str, ...]] = {
    "rate": ("比率", "率", "%", "percent"),
    "count": ("个数", "次数", "数量"),
    "number": ("数值",),
}


@dataclass(frozen=True)
class Column:
    """One column of a contract.

    ``type`` is one of text, int, number, date, quarter. ``allowed`` maps each canonical value
    to the other spellings accepted for it. ``percent`` says what ``95%`` means in this column:
    ``"fraction"`` gives 0.95, ``"points"`` gives 95, None rejects it.

    ``free_text``: the user's own words (names, items, findings), stored exactly as written but
    for surrounding whitespace: full-width punctuation such as ，：（） is kept. Every other
    column is read as a code, number, date, quarter or enumerated value, and its cells are
    normalised (full-width characters made half-width) before they are read.

    ``day_as_quarter``: a quarter column that reads a date as the quarter it falls in (the day
    a registry change or an indicator took effect: from that day's quarter on). A quarter
    column of figures refuses a date as it refuses a month: its figures are a whole
    quarter's, and a day there (the survey's? the report's?) does not say whose.
    """

    name: str
    zh: str
    type: str = "text"
    required: bool = True
    aliases: tuple[str, ...] = ()
    allowed: dict[str, tuple[str, ...]] | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    percent: str | None = None
    help_en: str = ""
    free_text: bool = False
    day_as_quarter: bool = False

    @property
    def header_names(self) -> tuple[str, ...]:
        return (self.name, self.zh, *self.aliases)

    def expectation(self, lang: str = "en") -> str:
        """Plain words for what the column accepts, used in error messages and docs."""
        return self.expectation_text().in_lang(lang)

    def expectation_text(self) -> Text:
        """What the column accepts, in both languages: ``a whole number ≥ 0`` / ``整数 ≥ 0``."""
        words = msg(f"expect.{self.type}")
        if self.day_as_quarter:
            words += msg("expect.or_day_as_quarter")
        if self.allowed:
            words = msg("expect.one_of", values=allowed_values(self.allowed))
        if self.minimum is not None:
            sign = ">" if self.exclusive_minimum else "≥"
            words += msg("expect.minimum", sign=sign, minimum=f"{self.minimum:g}")
        if self.maximum is not None:
            words += msg("expect.maximum", maximum=f"{self.maximum:g}")
        return words


def allowed_values(allowed: dict[str, tuple[str, ...]]) -> Text:
    """``higher / lower`` in English; in Chinese an English value gets its first Chinese
    spelling beside it: ``higher（越高越好） / lower（越低越好）``."""

    def chinese(value: str, spellings: tuple[str, ...]) -> str:
        if not value.isascii():
            return value
        zh = next((s for s in spellings if not s.isascii()), None)
        return f"{value}（{zh}）" if zh else value

    return pair(
        " / ".join(chinese(v, s) for v, s in allowed.items()),
        " / ".join(allowed),
    )


# Columns the loader gives every fact row though a file need not have them, with their
# Chinese names: an inspection's quarter comes from its date (etl/validate.py).
DERIVED_COLUMNS = {"quarter": "季度"}


@dataclass(frozen=True)
class Rule:
    """A cross-field rule; ``check`` names a function in ``etl.rules.CROSS_FIELD_CHECKS``
    and its message, in both languages, is ``rule.<check>`` in ``i18n/strings_etl.py``."""

    check: str
    columns: tuple[str, ...]

    @property
    def text(self) -> Text:
        return msg(f"rule.{self.check}")

    @property
    def message(self) -> str:
        return self.text.en


@dataclass(frozen=True)
class Contract:
    kind: str
    zh: str
    table: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    replaces_by: tuple[str, ...] = field(default=())
    one_of: tuple[str, ...] = ()
    # rows that count things: two rows of one key may be two reports to add up (two activities
    # of one day, a survey in two batches), not a row typed twice
    summable: bool = False

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def column_label(self, names: str | None, lang: str) -> str:
        """Columns as the reader of ``lang`` knows them: ``weight`` (or a problem's
        ``indicator_code/peer_group``) as 权重 (指标编码/单位类别) in Chinese, by name in
        English; a name the contract lacks (a label made already) as written."""
        if lang != "zh" or not names:
            return names or ""
        known = DERIVED_COLUMNS | {c.name: c.zh for c in self.columns}
        return "/".join(known.get(name, name) for name in names.split("/"))

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


UNITS = Contract(
    kind="units",
    zh="单位名录",
    table="units",
    columns=(
        Column(
            "unit_code",
            "单位编码",
            aliases=("单位代码", "编码", "机构编码", "机构代码", "单位编号", "code"),
        ),
        Column(
            "unit_name",
            "单位名称",
            aliases=("名称", "机构名称", "单位全称", "name"),
            free_text=True,
        ),
        Column(
            "district",
            "区县",
            # a province's 市州, a county's 乡镇 …: accepted by the bureau's level
            # (i18n/voice.py DIVISIONS, etl/headers.py), where a city's form may hold them
            # beside its 区县 as other columns
            aliases=("所属区县", "所在区县", "县区", "区域", "地区"),
            free_text=True,
        ),
        Column(
            "peer_group",
            "单位类别",
            aliases=("类别", "单位类型", "机构类别", "机构类型", "group"),
            allowed=PEER_GROUPS,
        ),
        Column(
            "staff_count",
            "职工人数",
            type="int",
            aliases=("在职职工数", "在岗职工数", "职工总数", "职工数", "staff"),
            minimum=0,
            exclusive_minimum=True,
        ),
        Column("parent_code", "上级单位编码", required=False, aliases=("上级编码", "parent")),
        Column(
            "from_quarter",
            "生效季度",
            type="quarter",
            required=False,
            # a registry system exports the day a change took effect (生效日期 2026-01-01): read
            # as the quarter of that day, as a date in 生效季度 is, where the column was ignored
            # and a closure then refused as lacking the quarter the user had given
            aliases=("起始季度", "变更季度", "生效日期", "变更日期"),
            day_as_quarter=True,
        ),
        Column(
            "status",
            "状态",
            required=False,
            aliases=("单位状态", "机构状态", "运营状态"),
            allowed={
                OPEN: ("正常", "开业", "运行", "运营", "open"),
                CLOSED: ("已撤销", "关闭", "已关闭", "停业", "注销", "已注销", "closed"),
                MERGED: ("已撤并", "merged"),
            },
        ),
    ),
    key=("unit_code", "from_quarter"),
    rules=(
        Rule("parent_is_not_self", ("parent_code",)),
        Rule("closure_needs_quarter", ("status", "from_quarter")),
    ),
    replaces_by=("unit_code", "from_quarter"),
)

INSPECTIONS = Contract(
    kind="inspections",
    zh="检查结果",
    table="inspections",
    columns=(
        UNITS.columns[0],
        Column(
            "inspection_date",
            "检查日期",
            type="date",
            aliases=("检查时间", "暗访日期", "督查日期", "日期", "date"),
        ),
        Column(
            "inspection_type",
            "检查类型",
            aliases=("检查方式", "检查形式", "type"),
            allowed=INSPECTION_TYPES,
        ),
        Column(
            "item",
            "检查项目",
            aliases=("项目", "检查内容", "检查指标", "考核项目"),
            free_text=True,
        ),
        Column("score", "得分", type="number", aliases=("实际得分", "实得分"), minimum=0),
        Column(
            "max_score",
            "满分",
            type="number",
            aliases=("标准分", "标准分值", "满分值", "分值"),
            minimum=0,
            exclusive_minimum=True,
        ),
        Column(
            "finding",
            "问题描述",
            required=False,
            aliases=("存在问题", "发现问题", "主要问题", "问题"),
            free_text=True,
        ),
        Column(
            "rectify_by",
            "整改期限",
            type="date",
            required=False,
            aliases=("整改时限", "整改截止日期", "限期整改日期"),
        ),
        Column(
            "rectified_on",
            "整改完成日期",
            type="date",
            required=False,
            aliases=("整改完成时间", "完成整改日期", "实际整改日期"),
        ),
    ),
    key=("unit_code", "inspection_date", "inspection_type", "item"),
    replaces_by=("unit_code", "quarter", "inspection_type"),
    rules=(
        Rule("score_within_max", ("score", "max_score")),
        Rule("deadline_needs_finding", ("rectify_by",)),
        Rule("finding_not_none", ("finding",)),
        Rule("not_before_inspection", ("rectify_by", "rectified_on")),
        Rule("not_in_future", ("inspection_date", "rectified_on")),
    ),
)

SURVEYS = Contract(
    kind="surveys",
    zh="满意度调查",
    table="surveys",
    columns=(
        UNITS.columns[0],
        Column(
            "quarter",
            "季度",
            type="quarter",
            aliases=("调查季度", "统计季度", "所属季度", "填报季度", "考核季度", "period"),
        ),
        Column(
            "survey_type",
            "调查类型",
            aliases=("调查对象", "调查类别", "满意度类型", "类型"),
            allowed=SURVEY_TYPES,
        ),
        Column(
            "respondents",
            "样本量",
            type="int",
            aliases=("调查人数", "调查样本量", "有效样本", "有效问卷数", "样本数"),
            minimum=0,
            exclusive_minimum=True,
        ),
        Column(
            "satisfied",
            "满意人数",
            type="int",
            required=False,
            aliases=("满意数", "满意人次"),
            minimum=0,
        ),
        Column(
            "score",
            "满意度得分",
            type="number",
            required=False,
            aliases=("满意度",),
            minimum=0,
            maximum=100,
            percent="points",
        ),
    ),
    key=("unit_code", "quarter", "survey_type"),
    replaces_by=("unit_code", "quarter", "survey_type"),
    rules=(Rule("satisfied_within_respondents", ("satisfied", "respondents")),),
    one_of=("satisfied", "score"),
    summable=True,
)

ACTIVITIES = Contract(
    kind="activities",
    zh="活动统计",
    table="activities",
    columns=(
        UNITS.columns[0],
        Column("activity_date", "活动日期", type="date", required=False, aliases=("日期",)),
        Column(
            "quarter",
            "季度",
            type="quarter",
            required=False,
            aliases=("统计季度", "活动季度", "所属季度", "填报季度", "考核季度"),
        ),
        Column(
            "activity_type",
            "活动类型",
            aliases=("活动名称", "活动形式", "活动类别", "类型"),
            free_text=True,
        ),
        Column(
            "sessions",
            "次数",
            type="int",
            aliases=("活动次数", "开展次数", "活动场次", "场次"),
            minimum=0,
        ),
        Column(
            "participants",
            "参与人数",
            type="int",
            aliases=("参加人数", "参与人次", "参加人次", "服务人次", "人数"),
            minimum=0,
        ),
        Column(
            "volunteer_hours",
            "志愿服务时长",
            type="number",
            required=False,
            aliases=("志愿服务时长（小时）", "志愿时长", "服务时长", "时长"),
            minimum=0,
        ),
    ),
    key=("unit_code", "quarter", "activity_date", "activity_type"),
    rules=(
        Rule("date_matches_quarter", ("activity_date", "quarter")),
        Rule("not_in_future", ("activity_date",)),
        Rule("sessions_held", ("sessions", "participants")),
    ),
    replaces_by=("unit_code", "quarter"),
    one_of=("activity_date", "quarter"),
    summable=True,
)

INDICATORS = Contract(
    kind="indicators",
    zh="测评体系",
    table="indicators",
    columns=(
        Column("indicator_code", "指标编码", aliases=("指标代码", "code")),
        Column("name_zh", "指标名称", aliases=("中文名称", "名称"), free_text=True),
        Column("name_en", "英文名称", aliases=("english name",), free_text=True),
        Column("domain", "领域", aliases=("数据来源",), allowed=DOMAINS),
        Column("direction", "方向", aliases=("指标方向", "极性"), allowed=DIRECTIONS),
        Column("weight", "权重", type="number", minimum=0, percent="fraction"),
        Column("unit", "计量单位", required=False, aliases=("单位",), allowed=VALUE_UNITS),
        Column(
            "peer_group",
            "单位类别",
            required=False,
            aliases=("适用类别", "类别"),
            allowed=PEER_GROUPS_OR_ALL,
        ),
        Column(
            "from_quarter",
            "起始季度",
            type="quarter",
            required=False,
            aliases=("生效季度",),
            day_as_quarter=True,
        ),
        Column("target", "目标值", type="number", required=False, percent="fraction"),
    ),
    key=("indicator_code", "peer_group", "from_quarter"),
    rules=(
        Rule(
            "indicator_fields_consistent",
            ("name_zh", "name_en", "domain", "direction", "weight", "unit"),
        ),
        Rule("rate_target_is_fraction", ("target",)),
        Rule("count_target_not_negative", ("target", "unit")),
        Rule("percent_target_only_for_rates", ("target", "unit")),
        Rule("percent_weight_at_most_whole", ("weight",)),
        Rule("target_needs_quarter", ("target", "from_quarter")),
    ),
    replaces_by=("indicator_code", "from_quarter"),
)

CONTRACTS: dict[str, Contract] = {
    c.kind: c for c in (UNITS, INSPECTIONS, SURVEYS, ACTIVITIES, INDICATORS)
}
KINDS = tuple(CONTRACTS)


def kind_label(kind: str | None, lang: str) -> str:
    """A file's kind as its reader reads it: the contract's Chinese name in Chinese, its kind
    in English, and 未能识别 / unknown for a kind that could not be told (a file refused
    before it was recognised)."""
    if kind not in CONTRACTS:
        return msg("kind.unknown").in_lang(lang)
    return CONTRACTS[kind].zh if lang == "zh" else kind


def peer_groups_in_order(groups) -> list[str]:
    """The distinct groups given (nulls left out) in the order of PEER_GROUPS, a group outside
    it after them by name: one order for every legend, facet, list and table of the groups."""
    place = {g: i for i, g in enumerate(PEER_GROUPS)}
    return sorted({g for g in groups if g is not None}, key=lambda g: (place.get(g, len(place)), g))
