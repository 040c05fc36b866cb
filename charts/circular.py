"""The draft circular (通报) for the quarter, as an editable Word document.

Names are chosen by ``charts.selection`` (the stated rules, repeated in the appendix); this
module only writes them down in the formal register of a bureau circular, in Chinese or, on
request, English. The analyst edits the draft before it goes out.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import polars as pl
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from charts.selection import CircularRules, Selection, select_units

BODY_FONT_ZH = "仿宋"
HEADING_FONT_ZH = "黑体"
LATIN_FONT = "Times New Roman"
MAX_OVERDUE_ROWS = 200


@dataclass
class CircularInput:
    """The named queries' frames the circular is drafted from."""

    quarter: str
    lang: str
    rankings: pl.DataFrame  # ``rankings`` of every peer group, stacked
    indicator_values: pl.DataFrame
    funnels: pl.DataFrame  # ``funnel`` per proportion indicator and peer group + indicator_code
    overdue: pl.DataFrame  # ``findings`` with status overdue
    late_loads: pl.DataFrame  # ``late_loads`` rows that are late
    headline: pl.DataFrame = field(default_factory=pl.DataFrame)  # ``bureau_headline``
    districts: tuple[str, ...] = ()
    loaded_up_to: str = "—"
    rules: CircularRules = field(default_factory=CircularRules)
    state: str = ""  # which data state the figures come from (charts.pack.gather_state)


def circular_input(data) -> CircularInput:
    """The circular's input from the meeting pack's data (charts.pack.PackData)."""
    rankings = pl.concat(list(data.rankings.values()), how="vertical_relaxed")
    return CircularInput(
        quarter=data.quarter,
        lang=data.lang,
        rankings=rankings,
        indicator_values=data.indicator_values,
        funnels=data.funnels,
        overdue=data.overdue,
        late_loads=data.late_loads,
        headline=data.headline,
        districts=data.request.districts,
        loaded_up_to=data.loaded_up_to,
        rules=data.request.rules,
        state=data.state,
    )


def circular_docx(data) -> bytes:
    """The draft circular for the pack's data (PackData) or a CircularInput."""
    source = data if isinstance(data, CircularInput) else circular_input(data)
    return write_circular(source, selection_in_scope(source))


def selection_in_scope(source: CircularInput) -> Selection:
    """The rules applied to whole peer groups; then only the chosen districts are listed."""
    chosen = select_units(source.rankings, source.indicator_values, source.funnels, source.rules)
    if not source.districts:
        return chosen
    keep = pl.col("district").is_in(source.districts)
    named = chosen.named.filter(keep)
    reasons = chosen.reasons.join(named.select("unit_code"), on="unit_code", how="semi")
    return Selection(chosen.commended.filter(keep), named, reasons)


# ---------------------------------------------------------------- wording


class Words:
    """The circular's sentences in one language."""

    def __init__(self, lang: str):
        self.zh = lang == "zh"

    def quarter(self, quarter: str) -> str:
        year, number = quarter.split("Q")
        return f"{year}年第{number}季度" if self.zh else f"{year} Q{number}"

    def pick(self, zh: str, en: str) -> str:
        return zh if self.zh else en


def fmt_value(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "rate":
        return f"{value * 100:.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def fmt_date(value) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, dt.date) else str(value or "—")


def group_name(group: str, words: Words) -> str:
    from charts.pack import group_label

    return group_label(group, "zh" if words.zh else "en")


def reason_text(row: dict, words: Words) -> str:
    """One indicator that put a unit on the list, with its value, target and the test it failed."""
    name = row["name_zh"] if words.zh else row["name_en"]
    value, target = fmt_value(row["value"], row["unit"]), fmt_value(row["target"], row["unit"])
    if row["reason"] == "funnel":
        limit = fmt_value(row["lower95"], row["unit"])
        return words.pick(
            f"{name} {value}（目标值 {target}，低于漏斗图95%控制限 {limit}）",
            f"{name} {value} (target {target}; below the funnel plot's 95% limit, {limit})",
        )
    return words.pick(
        f"{name} {value}（目标值 {target}，未达目标且差距超过目标值的规定幅度）",
        f"{name} {value} (target {target}; misses it by more than the stated margin)",
    )


# ---------------------------------------------------------------- the document


def new_document(words: Words):
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(14)  # 四号
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        qn("w:eastAsia"), BODY_FONT_ZH if words.zh else LATIN_FONT
    )
    for name in ("Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        style.font.name = LATIN_FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(
            qn("w:eastAsia"), HEADING_FONT_ZH if words.zh else LATIN_FONT
        )
    return doc


def paragraph(doc, text: str = "", bold_lead: str = "", indent: bool = True):
    para = doc.add_paragraph()
    if indent:
        para.paragraph_format.first_line_indent = Pt(28)
    if bold_lead:
        para.add_run(bold_lead).bold = True
    if text:
        para.add_run(text)
    return para


def table(doc, columns: list[str], rows: list[list[str]]) -> None:
    grid = doc.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    for cell, name in zip(grid.rows[0].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    for values in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value


def write_circular(source: CircularInput, chosen: Selection) -> bytes:
    words = Words(source.lang)
    doc = new_document(words)
    write_heading(doc, source, words)
    write_overview(doc, source, words)
    write_commended(doc, chosen, words)
    write_named(doc, chosen, words, source)
    write_overdue(doc, source, words)
    write_late(doc, source, words)
    write_requirements(doc, words)
    write_signature(doc, words)
    write_appendix(doc, source, words)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def write_heading(doc, source: CircularInput, words: Words) -> None:
    label = words.quarter(source.quarter)
    title = doc.add_heading(
        words.pick(
            f"关于{label}全市卫生健康系统文明创建测评情况的通报",
            f"Circular on the civility assessment of the city's health units, {label}",
        ),
        level=0,
    )
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    draft = doc.add_paragraph(words.pick("（草稿，供审定）", "(Draft for review)"))
    draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if source.state:
        doc.add_paragraph(source.state).alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(
        doc,
        words.pick(
            "各区县卫生健康局，委属各单位：", "To the district health bureaus and all units:"
        ),
        indent=False,
    )


def write_overview(doc, source: CircularInput, words: Words) -> None:
    label = words.quarter(source.quarter)
    head = source.headline.row(0, named=True) if source.headline.height else {}
    index, change = head.get("bureau_index"), head.get("index_change")
    rate = head.get("attainment_rate")
    figures = []
    if index is not None:
        trend = ""
        if change is not None:
            trend = words.pick(
                f"，较上季度{'上升' if change >= 0 else '下降'}{abs(change):.1f}",
                f", {'up' if change >= 0 else 'down'} {abs(change):.1f} on the previous quarter",
            )
        figures.append(
            words.pick(
                f"全市文明指数平均为{index:.1f}{trend}",
                f"the mean civility index was {index:.1f}{trend}",
            )
        )
    if rate is not None:
        figures.append(
            words.pick(f"指标达标率为{rate * 100:.1f}%", f"{rate * 100:.1f}% of targets were met")
        )
    assessed = head.get("units_assessed")
    lead = words.pick(
        f"根据全市文明创建测评体系，市卫生健康委员会于{label}对"
        f"{'全市' if assessed is None else f'全市{assessed}家'}单位开展了文明创建测评，"
        "采取暗访、巡查、督查、满意度调查和公益活动统计相结合的方式进行。",
        f"Under the city's civility assessment system, the commission assessed "
        f"{'the city' if assessed is None else f'{assessed}'} units in {label} through "
        "unannounced visits, patrols, supervision, satisfaction surveys and activity counts.",
    )
    joined = words.pick("；", "; ").join(figures)
    if joined and not words.zh:
        joined = " " + joined[0].upper() + joined[1:]
    summary = joined + words.pick("。", ".") if joined else ""
    paragraph(
        doc, lead + summary + words.pick("现将有关情况通报如下：", " The results are as follows.")
    )


def units_by_group(frame: pl.DataFrame) -> list[tuple[str, pl.DataFrame]]:
    from etl.contracts import PEER_GROUPS

    order = {g: i for i, g in enumerate(PEER_GROUPS)}
    groups = sorted(frame["peer_group"].unique().to_list(), key=lambda g: (order.get(g, 99), g))
    return [(g, frame.filter(pl.col("peer_group") == g)) for g in groups]


def write_commended(doc, chosen: Selection, words: Words) -> None:
    doc.add_heading(words.pick("一、表扬单位", "1. Units commended"), level=1)
    if chosen.commended.is_empty():
        paragraph(
            doc,
            words.pick(
                "本季度没有符合表扬条件的单位。",
                "No unit meets the rule for commendation this quarter.",
            ),
        )
        return
    paragraph(
        doc,
        words.pick(
            "以下单位在本类别中位居前列，且其名次可信区间全部处于前列，予以通报表扬：",
            "These units are at the top of their peer group, and their whole plausible rank "
            "range stays there; they are commended:",
        ),
    )
    for group, units in units_by_group(chosen.commended):
        names = words.pick("、", ", ").join(units.sort("rank")["unit_name"].to_list())
        paragraph(
            doc,
            names + words.pick("。", "."),
            bold_lead=f"{group_name(group, words)}："
            if words.zh
            else f"{group_name(group, words)}: ",
        )
    rows = [
        [
            group_name(r["peer_group"], words),
            r["unit_name"],
            r["district"],
            f"{r['value']:.2f}",
            str(r["rank"]),
            f"{r['rank_low']}–{r['rank_high']}",
        ]
        for r in chosen.commended.iter_rows(named=True)
    ]
    table(
        doc,
        [
            words.pick("类别", "Peer group"),
            words.pick("单位", "Unit"),
            words.pick("区县", "District"),
            words.pick("文明指数", "Index"),
            words.pick("名次", "Rank"),
            words.pick("名次区间", "Rank range"),
        ],
        rows,
    )


def write_named(doc, chosen: Selection, words: Words, source: CircularInput) -> None:
    doc.add_heading(words.pick("二、通报整改单位", "2. Units named for rectification"), level=1)
    if chosen.named.is_empty():
        paragraph(
            doc,
            words.pick(
                "本季度没有同时符合通报条件的单位（排名靠后且有指标明显低于目标）。",
                "No unit meets every condition for naming this quarter (low rank beyond noise "
                "and an indicator clearly below target).",
            ),
        )
        return
    paragraph(
        doc,
        words.pick(
            "以下单位在本类别中排名靠后（名次可信区间全部处于末位段），且有指标低于漏斗图95%控制限"
            "或未达目标值超过规定幅度，予以通报，限期整改：",
            "These units rank at the bottom of their peer group (their whole plausible rank range "
            "stays there) and have indicators below the funnel plot's 95% limit or missing the "
            "target by more than the stated margin. They are named and must rectify:",
        ),
    )
    reasons = {}
    for row in chosen.reasons.iter_rows(named=True):
        reasons.setdefault(row["unit_code"], []).append(reason_text(row, words))
    for r in chosen.named.iter_rows(named=True):
        where = words.pick(
            f"（{r['district']}，{group_name(r['peer_group'], words)}，文明指数{r['value']:.2f}，"
            f"第{r['rank']}名/共{r['units_ranked']}家，名次区间{r['rank_low']}–{r['rank_high']}）：",
            f" ({r['district']}, {group_name(r['peer_group'], words)}, index {r['value']:.2f}, "
            f"rank {r['rank']} of {r['units_ranked']}, "
            f"plausible {r['rank_low']}–{r['rank_high']}): ",
        )
        because = words.pick("；", "; ").join(reasons.get(r["unit_code"], []))
        paragraph(doc, where + because + words.pick("。", "."), bold_lead=r["unit_name"])


def write_overdue(doc, source: CircularInput, words: Words) -> None:
    doc.add_heading(words.pick("三、逾期未整改问题", "3. Overdue findings"), level=1)
    overdue = source.overdue.sort("days_overdue", "unit_code", descending=[True, False])
    if source.districts:
        overdue = overdue.filter(pl.col("district").is_in(source.districts))
    if overdue.is_empty():
        paragraph(
            doc,
            words.pick(
                "本季度末没有逾期未整改的问题。",
                "No finding was overdue at the end of the quarter.",
            ),
        )
        return
    units = overdue["unit_code"].n_unique()
    paragraph(
        doc,
        words.pick(
            f"截至本季度末，共有{overdue.height}个问题逾期未整改，涉及{units}家单位。"
            "请相关单位于收到通报后15个工作日内完成整改并报送整改报告。",
            f"At the end of the quarter {overdue.height} finding(s) at {units} unit(s) were past "
            "their deadline. The units concerned must rectify them and report within 15 working "
            "days of this circular.",
        ),
    )
    shown = overdue.head(MAX_OVERDUE_ROWS)
    rows = [
        [
            r["unit_name"],
            r["item"],
            r["finding"] or "",
            fmt_date(r["inspection_date"]),
            fmt_date(r["rectify_by"]),
            str(r["days_overdue"] if r["days_overdue"] is not None else "—"),
        ]
        for r in shown.iter_rows(named=True)
    ]
    table(
        doc,
        [
            words.pick("单位", "Unit"),
            words.pick("检查项目", "Item"),
            words.pick("问题", "Finding"),
            words.pick("检查日期", "Inspected"),
            words.pick("整改期限", "Deadline"),
            words.pick("逾期天数", "Days overdue"),
        ],
        rows,
    )
    if overdue.height > shown.height:
        paragraph(
            doc,
            words.pick(
                f"（仅列出逾期最久的{shown.height}个，完整清单见系统“整改台帐”页面。）",
                f"(The {shown.height} longest overdue; the full list is on the ledger page.)",
            ),
        )


def write_late(doc, source: CircularInput, words: Words) -> None:
    doc.add_heading(words.pick("四、数据报送迟报情况", "4. Late reports"), level=1)
    days = source.rules.deadline_days
    late = source.late_loads.sort("days_late", descending=True)
    if late.is_empty():
        paragraph(
            doc,
            words.pick(
                f"本季度各单位均在季度结束后{days}天内报送数据。",
                f"Every file for the quarter arrived within {days} days of its end.",
            ),
        )
        return
    paragraph(
        doc,
        words.pick(
            f"按规定，季度数据应于季度结束后{days}天内报送。以下报送迟于期限：",
            f"Quarterly data are due {days} days after the quarter ends. These arrived late:",
        ),
    )
    rows = [
        [
            r["file_name"],
            r["loaded_by"],
            fmt_date(r["loaded_at"]),
            fmt_date(r["deadline"]),
            str(r["days_late"]),
        ]
        for r in late.iter_rows(named=True)
    ]
    table(
        doc,
        [
            words.pick("报送文件", "File"),
            words.pick("报送人", "Sent by"),
            words.pick("报送日期", "Loaded"),
            words.pick("截止日期", "Due"),
            words.pick("迟报天数", "Days late"),
        ],
        rows,
    )


def write_requirements(doc, words: Words) -> None:
    doc.add_heading(words.pick("五、工作要求", "5. Requirements"), level=1)
    for zh, en in (
        (
            "被通报单位要认真查找问题根源，制定整改方案，明确责任人和整改时限，"
            "于收到通报后15个工作日内将整改报告报市卫生健康委员会。",
            "Units named must find the causes, set out a rectification plan with the people "
            "responsible and deadlines, and report to the commission within 15 working days.",
        ),
        (
            "受表扬单位要总结经验、持续改进，发挥示范带动作用。",
            "Units commended should share what works and keep improving.",
        ),
        (
            "各区县卫生健康局要加强督促检查，确保数据按时、完整、准确报送。",
            "District bureaus should make sure data arrive on time, complete and correct.",
        ),
    ):
        paragraph(doc, words.pick(zh, en))


def write_signature(doc, words: Words) -> None:
    for text in (
        words.pick("市卫生健康委员会", "City Health Commission"),
        words.pick("年  月  日", "Date:"),
    ):
        para = doc.add_paragraph(text)
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def write_appendix(doc, source: CircularInput, words: Words) -> None:
    rules = source.rules
    doc.add_page_break()
    doc.add_heading(
        words.pick("附录：名单产生规则", "Appendix: how the names were chosen"), level=1
    )
    share = f"{rules.max_share * 100:.0f}%"
    margin = f"{rules.margin * 100:.0f}%"
    items = (
        (
            f"名单依据{words.quarter(source.quarter)}各单位文明指数在本类别内的排名产生；"
            f"数据装载截至{source.loaded_up_to}。数据不足、未排名的单位不列入名单。",
            f"Names follow each unit's civility-index rank within its peer group for "
            f"{words.quarter(source.quarter)}; data loaded up to {source.loaded_up_to}. Units with "
            "insufficient data are not ranked and never named.",
        ),
        (
            f"“前列”与“末位段”指本类别前N名与后N名，N取{rules.top_n}，但不超过本类别排名单位数的{share}"
            "（向下取整），因此同一单位不会既受表扬又被通报。",
            f"'Top' and 'bottom' mean the first and last N of the peer group, where N is "
            f"{rules.top_n} but never more than {share} of the units ranked there (rounded "
            "down), so no unit can be both commended and named.",
        ),
        (
            "名次可信区间：按各指标的抽样误差模拟1,000次排名，取第2.5至第97.5百分位的名次（见“测评方法”页）。",
            "Plausible rank range: ranks simulated 1,000 times from each indicator's sampling "
            "error; the 2.5th to 97.5th percentile (see the Method page).",
        ),
        (
            "表扬：名次在前N名，且名次可信区间的最差名次仍在前N名。",
            "Commended: ranked in the top N, and even the worst plausible rank is within the "
            "top N.",
        ),
        (
            "通报：名次在后N名，且名次可信区间的最好名次仍在后N名（排名靠后并非随机波动），"
            f"并至少有一项指标低于漏斗图95%控制限（比例类指标，中心线为目标值；精确二项分布控制限，"
            f"同类单位过度离散时按随机效应放宽，见例会材料中漏斗图下的说明），"
            f"或未达目标值且差距超过目标值的{margin}（逆向指标为超过目标值{margin}以上；目标值为0的逆向指标，任何大于0的值）。"
            "通报时列出这些指标。",
            "Named: ranked in the bottom N, and even the best plausible rank is in the bottom N "
            "(the low place is not noise), and at least one indicator is below the funnel "
            "plot's 95% limit (proportions; centre line at the target; exact binomial limits, "
            "widened by random effects when the peer group is over-dispersed, as stated under "
            "each funnel plot of the pack) or misses its target "
            f"by more than {margin} of the target (lower-is-better: exceeds it by more than "
            f"{margin}; with a target of 0, any value above 0). Those indicators are listed.",
        ),
        (
            f"迟报：文件装载日期晚于季度结束后{rules.deadline_days}天。逾期问题：整改期限已过、季度末仍未整改。",
            f"Late: a file loaded more than {rules.deadline_days} days after the quarter ended. "
            "Overdue: a finding past its deadline and still open at the end of the quarter.",
        ),
    )
    for number, (zh, en) in enumerate(items, start=1):
        paragraph(doc, words.pick(zh, en), bold_lead=f"{number}. ", indent=False)
