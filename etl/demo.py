"""A seeded demo bureau: units, four years of quarterly files, loaded through the real loader.

The files are written the way units really send them (GBK with Chinese headers, a title row,
Excel workbooks, full-width digits, ``95%``, thousands separators), so the demo exercises the
same reading and validation path as an analyst's upload. The same generator makes a province
(``--units 5000 --quarters 40``) for the benchmark.
"""

from __future__ import annotations

import math
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import xlsxwriter

from etl import settings
from etl.contracts import CONTRACTS
from etl.db import connect, parse_store
from etl.load import load_file
from etl.messages import Text, msg
from etl.quarters import quarter_end, quarter_of, quarter_range, quarter_start, shift_quarter

DISTRICTS = ("城关区", "七里河区", "西固区", "安宁区", "红古区", "永登县", "皋兰县", "榆中县")
TOWNS = (
    "红城",
    "中堡",
    "武胜驿",
    "树屏",
    "苦水",
    "连城",
    "河桥",
    "七山",
    "民乐",
    "通远",
    "秦王川",
    "上川",
    "水阜",
    "石洞",
    "黑石",
    "什川",
    "九合",
    "夏官营",
    "甘草店",
    "清水驿",
)
STREETS = (
    "白银路",
    "张掖路",
    "酒泉路",
    "庆阳路",
    "东岗",
    "拱星墩",
    "盐场路",
    "伏龙坪",
    "火车站",
    "草场街",
    "敦煌路",
    "西园",
    "西湖",
    "建兰路",
    "秀川",
    "彭家坪",
)
PEER_GROUP_SHARES = (
    ("三级医院", 0.10, (900, 3200)),
    ("二级医院", 0.18, (250, 900)),
    ("乡镇卫生院", 0.30, (25, 90)),
    ("社区卫生服务中心", 0.30, (30, 120)),
    ("专业公共卫生机构", 0.12, (60, 300)),
)
INSPECTION_ITEMS = (
    ("服务态度", "窗口人员服务态度生硬"),
    ("环境卫生", "候诊区卫生间保洁不及时"),
    ("便民措施", "未设置便民服务台或轮椅不足"),
    ("医德医风", "存在收受红包回扣的投诉"),
    ("窗口服务规范", "挂号收费窗口未做到文明用语"),
    ("控烟工作", "院内有人吸烟未劝阻"),
    ("收费公示", "药品价格公示不全"),
    ("导医服务", "导医台无人值守"),
)
INSPECTION_TYPES = ("暗访", "巡查", "督查", "测评")
ACTIVITY_TYPES = ("志愿服务", "义诊", "健康讲座", "道德讲堂", "送医下乡", "结对帮扶", "无偿献血")

INDICATORS = (
    # code, name_zh, name_en, domain, direction, weight, unit, target, targets by peer group
    (
        "inspection_score_rate",
        "检查得分率",
        "Inspection score rate",
        "inspection",
        "higher",
        0.20,
        "rate",
        0.90,
        {"三级医院": 0.92},
    ),
    (
        "unannounced_score_rate",
        "暗访得分率",
        "Unannounced inspection score rate",
        "inspection",
        "higher",
        0.15,
        "rate",
        0.85,
        {},
    ),
    (
        "rectification_on_time_rate",
        "按期整改率",
        "On-time rectification rate",
        "inspection",
        "higher",
        0.10,
        "rate",
        0.90,
        {},
    ),
    (
        "overdue_open_findings",
        "逾期未整改问题数",
        "Overdue open findings",
        "inspection",
        "lower",
        0.10,
        "count",
        1,
        {},
    ),
    (
        "outpatient_satisfaction",
        "门诊患者满意度",
        "Outpatient satisfaction rate",
        "survey",
        "higher",
        0.15,
        "rate",
        0.90,
        {"乡镇卫生院": 0.88},
    ),
    (
        "inpatient_satisfaction",
        "住院患者满意度",
        "Inpatient satisfaction rate",
        "survey",
        "higher",
        0.10,
        "rate",
        0.92,
        {},
    ),
    (
        "public_satisfaction",
        "社会公众满意度",
        "Public satisfaction",
        "survey",
        "higher",
        0.05,
        "number",
        85,
        {},
    ),
    (
        "volunteer_hours_per_100_staff",
        "每百名职工志愿服务时长",
        "Volunteer hours per 100 staff",
        "activity",
        "higher",
        0.10,
        "number",
        150,
        {},
    ),
    (
        "public_benefit_sessions",
        "公益活动次数",
        "Public-benefit sessions",
        "activity",
        "higher",
        0.05,
        "count",
        6,
        {"乡镇卫生院": 4, "社区卫生服务中心": 4},
    ),
)


@dataclass
class DemoUnit:
    code: str
    name: str
    district: str
    peer_group: str
    staff: int
    quality: float  # latent; 0 is average, +2 excellent, -2 poor
    trend: float  # change of quality per quarter
    late_reporter: bool


def last_complete_quarter(today: date) -> str:
    return shift_quarter(quarter_of(today), -1)


def make_units(rng: random.Random, count: int) -> list[DemoUnit]:
    units: list[DemoUnit] = []
    names: set[str] = set()
    for i in range(count):
        group, _, staff_range = pick_peer_group(i, count)
        district = DISTRICTS[i % len(DISTRICTS)]
        name = unit_name(rng, group, district, names)
        quality = rng.gauss(0, 0.8)
        if i % 17 == 3:
            quality = 1.8 + rng.random() * 0.4
        if i % 19 == 5:
            quality = -1.8 - rng.random() * 0.4
        trend = 0.08 if i % 11 == 7 else rng.gauss(0, 0.01)
        units.append(
            DemoUnit(
                code=f"U{i + 1:04d}",
                name=name,
                district=district,
                peer_group=group,
                staff=rng.randint(*staff_range),
                quality=quality,
                trend=trend,
                late_reporter=(i % 13 == 9),
            )
        )
    return units


def pick_peer_group(i: int, count: int) -> tuple[str, float, tuple[int, int]]:
    """Spread peer groups by their shares, interleaved so every district gets each kind."""
    position = (i * 0.6180339887) % 1.0
    cumulative = 0.0
    for group in PEER_GROUP_SHARES:
        cumulative += group[1]
        if position < cumulative:
            return group
    return PEER_GROUP_SHARES[-1]


def unit_name(rng: random.Random, group: str, district: str, taken: set[str]) -> str:
    base = district.removesuffix("区").removesuffix("县")
    candidates = {
        "三级医院": lambda: (
            f"兰州市{base}{rng.choice(['第一', '第二', '中心', '中医', '妇幼'])}医院"
        ),
        "二级医院": lambda: f"{district}{rng.choice(['人民', '中医', '第二人民', '骨科'])}医院",
        "乡镇卫生院": lambda: f"{district}{rng.choice(TOWNS)}镇中心卫生院",
        "社区卫生服务中心": lambda: f"{district}{rng.choice(STREETS)}街道社区卫生服务中心",
        "专业公共卫生机构": lambda: (
            f"{district}{rng.choice(['疾病预防控制中心', '妇幼保健院', '卫生监督所', '急救中心'])}"
        ),
    }[group]
    name = candidates()
    n = 2
    while name in taken:
        name = f"{candidates()}" if n < 4 else f"{candidates()}（{n}部）"
        n += 1
    taken.add(name)
    return name


def clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def quality_at(unit: DemoUnit, q_index: int) -> float:
    return unit.quality + unit.trend * q_index


def inspection_rows(rng, unit, quarter, q_index, today) -> list[dict]:
    rows = []
    start = quarter_start(quarter)
    items = rng.sample(INSPECTION_ITEMS, k=rng.randint(3, 5))
    for j, (item, finding_text) in enumerate(items):
        day = start + timedelta(days=rng.randint(0, 85))
        if day > today:
            continue
        kind = "暗访" if j == 0 else rng.choice(INSPECTION_TYPES)
        rate = clamp(0.86 + 0.05 * quality_at(unit, q_index) + rng.gauss(0, 0.05), 0.3, 1.0)
        if kind == "暗访":
            rate = clamp(rate - 0.04, 0.2, 1.0)
        score = round(10 * rate, 1)
        row = {
            "unit_code": unit.code,
            "inspection_date": day,
            "inspection_type": kind,
            "item": item,
            "score": score,
            "max_score": 10,
            "finding": None,
            "rectify_by": None,
            "rectified_on": None,
        }
        if score < 8.5:
            deadline = day + timedelta(days=30)
            row.update(finding=finding_text, rectify_by=deadline)
            lateness = rng.gauss(-10 + -6 * quality_at(unit, q_index), 15)
            closed = deadline + timedelta(days=int(lateness))
            if quality_at(unit, q_index) < -1.2 and rng.random() < 0.5:
                closed = None
            if closed is not None and closed < day:
                closed = day + timedelta(days=rng.randint(1, 10))
            row["rectified_on"] = closed if closed is not None and closed <= today else None
        rows.append(row)
    return rows


def survey_rows(rng, unit, quarter, q_index) -> list[dict]:
    rows = []
    big = unit.peer_group in ("三级医院", "二级医院")
    for survey_type in ("门诊", "住院", "公众"):
        if survey_type == "住院" and unit.peer_group in ("社区卫生服务中心", "专业公共卫生机构"):
            continue
        if rng.random() < 0.04:
            continue  # a missing report
        if big:
            n = rng.randint(300, 1200)
        else:
            n = rng.randint(12, 60) if rng.random() < 0.3 else rng.randint(60, 250)
        p = clamp(0.90 + 0.035 * quality_at(unit, q_index) + rng.gauss(0, 0.01), 0.5, 0.995)
        if survey_type == "公众":
            score = round(clamp(100 * p - 5 + rng.gauss(0, 2), 40, 100), 1)
            rows.append(
                {
                    "unit_code": unit.code,
                    "quarter": quarter,
                    "survey_type": survey_type,
                    "respondents": n,
                    "satisfied": None,
                    "score": score,
                }
            )
        else:
            satisfied = (
                sum(1 for _ in range(n) if rng.random() < p)
                if n < 300
                else round(n * p + rng.gauss(0, math.sqrt(n * p * (1 - p))))
            )
            rows.append(
                {
                    "unit_code": unit.code,
                    "quarter": quarter,
                    "survey_type": survey_type,
                    "respondents": n,
                    "satisfied": int(clamp(satisfied, 0, n)),
                    "score": None,
                }
            )
    return rows


def activity_rows(rng, unit, quarter, q_index) -> list[dict]:
    rows = []
    for activity_type in rng.sample(ACTIVITY_TYPES, k=rng.randint(2, 4)):
        sessions = max(0, int(rng.gauss(2.5 + 0.8 * quality_at(unit, q_index), 1.2)))
        participants = sessions * rng.randint(3, 15)
        hours = None
        if activity_type == "志愿服务":
            per_staff = clamp(1.6 + 0.5 * quality_at(unit, q_index) + rng.gauss(0, 0.3), 0, 6)
            hours = round(per_staff * unit.staff, 1)
        rows.append(
            {
                "unit_code": unit.code,
                "quarter": quarter,
                "activity_type": activity_type,
                "sessions": sessions,
                "participants": participants,
                "volunteer_hours": hours,
            }
        )
    return rows


def indicator_frame(first_quarter: str, later_quarter: str) -> pl.DataFrame:
    rows = []
    for code, zh, en, domain, direction, weight, unit, target, by_group in INDICATORS:
        base = {
            "indicator_code": code,
            "name_zh": zh,
            "name_en": en,
            "domain": domain,
            "direction": direction,
            "weight": weight,
            "unit": unit,
        }
        rows.append({**base, "peer_group": "全部", "from_quarter": first_quarter, "target": target})
        for group, group_target in by_group.items():
            rows.append(
                {**base, "peer_group": group, "from_quarter": first_quarter, "target": group_target}
            )
        if unit == "rate" and direction == "higher" and later_quarter != first_quarter:
            raised = min(0.98, round(target + 0.02, 2))
            rows.append(
                {**base, "peer_group": "全部", "from_quarter": later_quarter, "target": raised}
            )
    return pl.DataFrame(rows)


CHINESE_HEADERS = {
    kind: {c.name: c.zh for c in contract.columns} for kind, contract in CONTRACTS.items()
}


def to_chinese_headers(frame: pl.DataFrame, kind: str) -> pl.DataFrame:
    return frame.rename({c: CHINESE_HEADERS[kind].get(c, c) for c in frame.columns})


def write_xlsx(frame: pl.DataFrame, path: Path, sheet: str) -> None:
    """An Excel workbook built in memory (xlsxwriter's temporary files are slow to remove)."""
    book = xlsxwriter.Workbook(str(path), {"in_memory": True})
    frame.write_excel(book, worksheet=sheet)
    book.close()


def write_file(frame: pl.DataFrame, kind: str, path: Path, style: int, title: str) -> Path:
    """Write a file the way one of several kinds of unit would send it."""
    if style == 0:
        path = path.with_suffix(".xlsx")
        write_xlsx(to_chinese_headers(frame, kind), path, "数据")
        return path
    path = path.with_suffix(".csv")
    if style == 1:  # Excel's "CSV" on a Chinese Windows: GBK, Chinese headers, a title row
        text = title + "\n" + to_chinese_headers(frame, kind).write_csv()
        path.write_bytes(text.encode("gb18030"))
    elif style == 2:  # UTF-8 with BOM, English headers, percentages and padded cells
        styled = frame.with_columns(
            pl.col(c).cast(pl.String).str.pad_start(1) for c in frame.columns if c == "item"
        )
        path.write_bytes(b"\xef\xbb\xbf" + styled.write_csv().encode("utf-8"))
    else:
        path.write_text(to_chinese_headers(frame, kind).write_csv(), encoding="utf-8")
    return path


def build_demo(
    db: str,
    *,
    units: int = 80,
    quarters: int = 12,
    seed: int = 42,
    today: date | None = None,
    keep_files: Path | None = None,
    progress: Callable[[Text], None] = lambda _: None,
) -> Text:
    """Generate the demo files and load them; returns a one-line summary. ``progress`` is
    told each quarter as it is loaded, as a message to say in the reader's language.

    Into a DuckLake store the demo is loaded into a DuckDB file first and then migrated
    (etl/migrate.py): the same loads, rows and upload log, without paying the lake's
    per-commit catalog work for each of the hundreds of small demo files."""
    if parse_store(db).is_lake:
        return build_demo_via_file(
            db,
            units=units,
            quarters=quarters,
            seed=seed,
            today=today,
            keep_files=keep_files,
            progress=progress,
        )
    today = today or date.today()
    rng = random.Random(seed)
    last = last_complete_quarter(today)
    span = quarter_range(shift_quarter(last, -(quarters - 1)), last)
    demo_units = make_units(rng, units)
    folder = Path(keep_files) if keep_files else Path(tempfile.mkdtemp(prefix="civbench-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    con = connect(db)
    try:
        setup_time = datetime.combine(quarter_start(span[0]), datetime.min.time())
        load_or_fail(con, write_units(demo_units, folder), setup_time)
        indicators = indicator_frame(span[0], span[len(span) // 2])
        path = folder / "测评体系.csv"
        path.write_text(indicators.write_csv(), encoding="utf-8")
        load_or_fail(con, path, setup_time)
        per_district = units <= 500
        groups = group_units(demo_units, per_district)
        for q_index, quarter in enumerate(span):
            progress(msg("demo.quarter", quarter=quarter, number=q_index + 1, of=len(span)))
            for g_index, (label, members) in enumerate(groups):
                load_quarter(con, rng, folder, quarter, q_index, label, g_index, members, today)
        total = con.execute(
            "SELECT (SELECT count(*) FROM inspections) + (SELECT count(*) FROM surveys) "
            "+ (SELECT count(*) FROM activities)"
        ).fetchone()[0]
    finally:
        con.close()
        if not keep_files:
            shutil.rmtree(folder, ignore_errors=True)
    return msg("demo.built", store=db, units=units, first=span[0], last=span[-1], rows=total)


def build_demo_via_file(db: str, **options) -> Text:
    from etl.migrate import migrate

    shown = parse_store(db).shown
    with tempfile.TemporaryDirectory(prefix="civbench-demo-") as folder:
        staging = str(Path(folder) / "demo.duckdb")
        summary = build_demo(staging, **options)
        options["progress"](msg("demo.moving", store=shown))
        migrate(staging, db)
    return msg(summary.key, **(dict(summary.values) | {"store": shown}))


def group_units(units: list[DemoUnit], per_district: bool) -> list[tuple[str, list[DemoUnit]]]:
    if not per_district:
        return [("全市", units)]
    return [
        (d, [u for u in units if u.district == d])
        for d in DISTRICTS
        if any(u.district == d for u in units)
    ]


def write_units(units: list[DemoUnit], folder: Path) -> Path:
    frame = pl.DataFrame(
        {
            "unit_code": [u.code for u in units],
            "unit_name": [u.name for u in units],
            "district": [u.district for u in units],
            "peer_group": [u.peer_group for u in units],
            "staff_count": [u.staff for u in units],
            "parent_code": [None for _ in units],
        }
    )
    path = folder / "单位名录.xlsx"
    write_xlsx(to_chinese_headers(frame, "units"), path, "单位名录")
    return path


def load_quarter(con, rng, folder, quarter, q_index, label, g_index, members, today) -> None:
    makers = {
        "inspections": lambda u: inspection_rows(rng, u, quarter, q_index, today),
        "surveys": lambda u: survey_rows(rng, u, quarter, q_index),
        "activities": lambda u: activity_rows(rng, u, quarter, q_index),
    }
    late = any(u.late_reporter for u in members) and (q_index + g_index) % 4 == 0
    deadline = settings.method_value("deadline_days")
    for k_index, (kind, make) in enumerate(makers.items()):
        rows = [row for unit in members for row in make(unit)]
        if not rows:
            continue
        frame = pl.DataFrame(rows, infer_schema_length=None)
        style = (q_index + g_index + k_index) % 4
        title = f"{label}{quarter[:4]}年第{quarter[5]}季度{CONTRACTS[kind].zh}"
        path = write_file(frame, kind, folder / f"{quarter}_{label}_{kind}", style, title)
        # loaded this many days after the quarter ended: before the deadline, or 5 to 30 past it
        days = rng.randint(deadline + 5, deadline + 30) if late else rng.randint(1, deadline - 1)
        loaded_at = min(
            datetime.combine(quarter_end(quarter) + timedelta(days=days), datetime.min.time()),
            datetime.combine(today, datetime.min.time()),
        )
        load_or_fail(con, path, loaded_at)


def load_or_fail(con, path: Path, now: datetime) -> None:
    result = load_file(con, path.read_bytes(), path.name, by="demo", now=now)
    if not result.ok:
        details = "\n".join(str(p) for p in result.problems[:10])
        raise RuntimeError(f"demo file {path.name} was rejected:\n{details}")
