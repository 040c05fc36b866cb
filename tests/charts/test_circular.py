"""The draft circular read back: it names exactly the units the stated rules select.

The fixture and the hand-worked selection are described in test_selection.py: commended
H01 第一医院, H03 第三医院, T01 甲乡镇卫生院; named H06 第六医院 (outpatient satisfaction
below the funnel, overdue findings 3 vs 1) and T03 丙乡镇卫生院 (sessions 3 vs 4).
"""

import io
from pathlib import Path

import polars as pl
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table

from charts.circular import CircularInput, circular_docx, column_widths

FIXTURES = Path(__file__).parents[1] / "fixtures" / "charts"
ALL_UNITS = {
    "H01": "第一医院",
    "H02": "第二医院",
    "H03": "第三医院",
    "H04": "第四医院",
    "H05": "第五医院",
    "H06": "第六医院",
    "H07": "第七医院",
    "T01": "甲乡镇卫生院",
    "T02": "乙乡镇卫生院",
    "T03": "丙乡镇卫生院",
}


def fixture(name: str, **kwargs) -> pl.DataFrame:
    return pl.read_csv(FIXTURES / f"{name}.csv", try_parse_dates=True, **kwargs)


def circular_input(
    lang: str = "zh",
    districts: tuple[str, ...] = (),
    index: float = 82.41,
    rate: float = 0.713,
    change: float = -1.2,
) -> CircularInput:
    headline = pl.DataFrame(
        {
            "bureau_index": [index],
            "index_change": [change],
            "attainment_rate": [rate],
            "units_assessed": [10],
        }
    )
    rankings, overdue = fixture("rankings"), fixture("overdue")
    if districts:  # the runner narrows the frames of a district's circular (queries/scope.py)
        rankings = rankings.filter(pl.col("district").is_in(districts))
        overdue = overdue.filter(pl.col("district").is_in(districts))
    return CircularInput(
        quarter="2025Q3",
        lang=lang,
        rankings=rankings,
        indicator_values=fixture("indicator_values"),
        funnels=fixture("funnel"),
        overdue=overdue,
        late_loads=fixture("late_loads"),
        headline=headline,
        loaded_up_to="2025年11月2日",  # as charts.labels.loaded_day words it
    )


def blocks(data: bytes) -> list[str]:
    """The document's paragraphs and table rows as text, in reading order."""
    doc = Document(io.BytesIO(data))
    out = []
    for item in doc.iter_inner_content():
        if isinstance(item, Table):
            out += [" | ".join(c.text for c in row.cells) for row in item.rows]
        else:
            out.append(item.text)
    return out


def section(lines: list[str], start: str, end: str) -> str:
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if line.startswith(end))
    return "\n".join(lines[first:last])


def units_named_in(text: str) -> set[str]:
    return {code for code, name in ALL_UNITS.items() if name in text}


def test_chinese_circular_names_exactly_the_selected_units():
    lines = blocks(circular_docx(circular_input()))
    assert lines[0] == "关于2025年第三季度全市卫生健康系统文明创建测评情况的通报"
    commended = section(lines, "一、表扬单位", "二、通报整改单位")
    named = section(lines, "二、通报整改单位", "三、逾期未整改问题")
    assert units_named_in(commended) == {"H01", "H03", "T01"}
    assert units_named_in(named) == {"H06", "T03"}
    h06 = next(line for line in lines if line.startswith("第六医院"))
    assert "门诊患者满意度 75.0%（目标值 90.0%，低于漏斗图95%控制限 87.4%）" in h06
    assert "逾期未整改问题数 3（目标值 1，未达目标" in h06
    assert "第6名/共6家，名次区间5–6" in h06
    t03 = next(line for line in lines if line.startswith("丙乡镇卫生院"))
    assert "公益活动次数 3" in t03
    assert "检查得分率" not in t03  # exactly at the 10% margin: not a reason


def test_overdue_late_and_appendix_sections():
    lines = blocks(circular_docx(circular_input()))
    overdue = section(lines, "三、逾期未整改问题", "四、数据报送情况")
    assert "共有1个问题逾期未整改，涉及1家单位" in overdue
    assert (
        "第四医院 | 七里河区 | 导医服务 | 导医台无人值守 | 2025.5.10 | 2025.6.10 | 112" in overdue
    )
    late = section(lines, "四、数据报送情况", "五、工作要求")
    # whose report was late and of what (trial, session 58: the file's name and the analyst's
    # account, the bureau's own words, were listed to the districts)
    assert "区县 | 报送内容 | 报送日期 | 截止日期 | 迟报天数" in late
    assert "西固区 | 满意度调查 | 2025.11.2 | 2025.10.15 | 18" in late
    assert "analyst1" not in late and "surveys.xlsx" not in late
    assert "本季度各单位均已报送检查结果、满意度调查和活动统计。" in late  # no missing report given
    # named in the body before the signature, then headed 附件 on a page of its own
    # (GB/T 9704-2012: nothing but the annex follows the signature)
    assert lines.index("附件：名单产生规则") < lines.index("市卫生健康委员会") < lines.index("附件")
    appendix = "\n".join(lines[lines.index("附件") :])
    assert appendix.startswith("附件\n名单产生规则\n")
    assert "N取10，但不超过本类别排名单位数的50%" in appendix
    assert "差距超过目标值的10%" in appendix
    assert "数据装载截至2025年11月2日" in appendix
    # as many simulations as the rankings run (queries/composed.py; the Method page says 400)
    assert "按各指标的抽样误差模拟400次排名" in appendix
    assert "全市文明指数平均为82.4，较上季度下降1.2；指标达标率为71.3%" in "\n".join(lines)


def test_a_quarter_with_units_missing_and_no_file_late_does_not_say_every_unit_reported():
    """Trial E: a district sent nothing by publication; the circular listed its five units as
    missing their reports, then said 本季度各单位均在季度结束后15天内报送数据 ("every unit
    reported within 15 days"), which those five had not. What holds is what the English
    says: every file that came arrived in time."""
    from dataclasses import replace

    missing = pl.DataFrame(
        {
            "unit_code": ["T02", "T02"],
            "unit_name": ["乙乡镇卫生院", "乙乡镇卫生院"],
            "district": ["榆中县", "榆中县"],
            "kind": ["inspections", "surveys"],
        }
    )
    source = replace(circular_input(), late_loads=fixture("late_loads").head(0), missing=missing)
    late = section(blocks(circular_docx(source)), "四、数据报送情况", "五、工作要求")
    assert "乙乡镇卫生院 | 榆中县 | 检查结果、满意度调查" in late
    assert "各单位均在" not in late
    assert "本季度报送的文件均在季度结束后15天内送达。" in late
    english = section(
        blocks(circular_docx(replace(source, lang="en"))), "4. Reporting", "5. Requirements"
    )
    assert "Every file for the quarter arrived within 15 days of its end." in english


def test_english_circular_names_the_same_units():
    lines = blocks(circular_docx(circular_input("en")))
    commended = section(lines, "1. Units commended", "2. Units named")
    named = section(lines, "2. Units named", "3. Overdue findings")
    assert units_named_in(commended) == {"H01", "H03", "T01"}
    assert units_named_in(named) == {"H06", "T03"}
    # the overdue findings by unit and its district, whose bureau the circular addresses
    overdue = section(lines, "3. Overdue findings", "4. ")
    assert "Unit | District | Item | Finding | Inspected | Deadline | Days overdue" in overdue
    assert "第四医院 | 七里河区 | 导医服务 |" in overdue
    assert "Annex: how the names were chosen" in lines and "How the names were chosen" in lines


def test_district_filter_lists_only_its_units():
    # 榆中县 holds T01 (commended) and T02 (neither); the rules still rank whole groups
    lines = blocks(circular_docx(circular_input(districts=("榆中县",))))
    commended = section(lines, "一、表扬单位", "二、通报整改单位")
    named = section(lines, "二、通报整改单位", "三、逾期未整改问题")
    assert units_named_in(commended) == {"T01"}
    assert units_named_in(named) == set()
    assert "本季度没有同时符合通报条件的单位" in named
    overdue = section(lines, "三、逾期未整改问题", "四、数据报送情况")
    assert "第四医院" not in overdue and "七里河区" not in overdue


def hospitals_as_secondary(source):
    """The fixture's 三级医院 as 二级医院, whose name sorts after 乡镇卫生院 by code point."""
    secondary = pl.col("peer_group").replace("三级医院", "二级医院")
    source.rankings = source.rankings.with_columns(secondary)
    source.indicator_values = source.indicator_values.with_columns(secondary)
    source.funnels = source.funnels.with_columns(secondary)
    return source


def test_commended_groups_follow_the_contracts_order_in_paragraphs_and_table():
    # the fixture's hospitals as 二级医院: commended H01, H03 (二级医院) and T01 (乡镇卫生院);
    # 乡 (U+4E61) sorts before 二 (U+4E8C) by code point, the contracts put 二级医院 first
    source = hospitals_as_secondary(circular_input())
    lines = blocks(circular_docx(source))
    commended = section(lines, "一、表扬单位", "二、通报整改单位").splitlines()
    assert [line for line in commended if line.endswith("。")] == [
        "二级医院：第一医院、第三医院。",
        "乡镇卫生院：甲乡镇卫生院。",
    ]
    table = commended[commended.index("类别 | 单位 | 区县 | 文明指数 | 名次 | 名次区间") + 1 :]
    assert table == [
        "二级医院 | 第一医院 | 城关区 | 95.10 | 1 | 1–2",
        "二级医院 | 第三医院 | 七里河区 | 92.00 | 3 | 2–3",
        "乡镇卫生院 | 甲乡镇卫生院 | 榆中县 | 88.00 | 1 | 1",  # range 1–1: one rank
    ]


def test_named_groups_and_reasons_follow_the_contracts_and_the_indicator_systems_order():
    # as above, the hospitals as 二级医院: named H06 第六医院 (二级医院) and T03 丙乡镇卫生院;
    # by code point 乡 (U+4E61) came before 二 (U+4E8C), and the commended section lists
    # 二级医院 first. H06's reasons: in the indicator system the inspection indicators come
    # before the surveys (query indicators), so 逾期未整改问题数 before 门诊患者满意度, where
    # the codes' alphabet put outpatient_satisfaction before overdue_open_findings.
    source = hospitals_as_secondary(circular_input())
    source.indicator_order = (
        "inspection_score_rate",
        "overdue_open_findings",
        "outpatient_satisfaction",
        "public_benefit_sessions",
    )
    lines = blocks(circular_docx(source))
    named = section(lines, "二、通报整改单位", "三、逾期未整改问题").splitlines()[2:]
    assert [line.split("（")[0] for line in named] == ["第六医院", "丙乡镇卫生院"]
    h06 = named[0]
    assert h06.index("逾期未整改问题数 3") < h06.index("门诊患者满意度 75.0%")


def test_a_named_units_range_of_one_rank_reads_as_that_rank():
    lines = blocks(circular_docx(circular_input()))
    t03 = next(line for line in lines if line.startswith("丙乡镇卫生院"))
    assert "第3名/共3家，名次区间仅为第3名）" in t03  # range 3–3
    english = blocks(circular_docx(circular_input("en")))
    t03 = next(line for line in english if line.startswith("丙乡镇卫生院"))
    assert "rank 3 of 3, plausible rank 3 only)" in t03
    h06 = next(line for line in english if line.startswith("第六医院"))
    assert "rank 6 of 6, plausible 5–6)" in h06


def test_overdue_findings_of_a_quarter_under_way_are_counted_as_at_its_day():
    source = circular_input()
    source.as_at = "2026年12月3日"  # the quarter has not ended: the ledger is read on this day
    overdue = section(blocks(circular_docx(source)), "三、逾期未整改问题", "四、数据报送情况")
    assert "截至2026年12月3日，共有1个问题逾期未整改，涉及1家单位" in overdue
    assert "本季度末" not in overdue
    ended = section(blocks(circular_docx(circular_input())), "三、逾期未整改问题", "四、")
    assert "截至本季度末，共有1个问题逾期未整改，涉及1家单位" in ended


def test_days_are_numbers_with_thousands_separators_as_on_the_slides():
    source = circular_input()
    source.overdue = source.overdue.with_columns(pl.lit(1058).alias("days_overdue"))
    source.late_loads = source.late_loads.with_columns(pl.lit(1203).alias("days_late"))
    lines = blocks(circular_docx(source))
    overdue = section(lines, "三、逾期未整改问题", "四、数据报送情况")
    assert (
        "第四医院 | 七里河区 | 导医服务 | 导医台无人值守 | 2025.5.10 | 2025.6.10 | 1,058" in overdue
    )
    late = section(lines, "四、数据报送情况", "五、工作要求")
    assert late.endswith("| 2025.11.2 | 2025.10.15 | 1,203")


def test_table_columns_are_as_wide_as_their_texts_and_the_heading_repeats_on_every_page():
    """A province's unit names are 20 characters: Word's equal columns of an inch wrapped
    them onto four lines and the dates onto two, while the days overdue had as much room, and
    a table of 200 findings ran over twenty pages with its headings only on the first."""
    source = circular_input()
    long_name = "甘南藏族自治州夏河县拉卜楞镇中心卫生院"  # 19 characters
    source.overdue = source.overdue.with_columns(pl.lit(long_name).alias("unit_name"))
    doc = Document(io.BytesIO(circular_docx(source)))
    [overdue] = [t for t in doc.tables if t.cell(0, 0).text == "单位" and len(t.columns) == 7]
    assert [c.text for c in overdue.rows[1].cells][:4] == [
        long_name,
        "七里河区",
        "导医服务",
        "导医台无人值守",
    ]
    # 10.5 pt text, 11.52 pt of cell margins; a Chinese character 1 em, a digit or a point
    # half of one. Each column's longest text plus margins: unit 19 em: 199.5 + 11.52 =
    # 211.02; 七里河区, 导医服务 and the heading 逾期天数 4 em: 53.52; 导医台无人值守 7 em:
    # 85.02; 2025.5.10 4.5 em (a day as a table writes it, the year kept): 58.77 (twice).
    # Together 574.14 pt, more than the 156 mm line of an A4 official document (442.25 pt in
    # the EMUs python-docx makes of 210 − 28 − 26 mm). Every short text whole (the headings
    # too) and every other on two lines would take 448.14 pt: the unit's two lines 10 em
    # (116.52), the finding's 4 em (53.52), 逾期天数 53.52, the rest as above. So the texts
    # under the headings are whole (七里河区, 导医服务: 53.52; a date: 58.77) and a heading
    # takes two lines at most (逾期 / 天数: 2 em, 32.52), the unit and the finding two lines
    # (116.52, 53.52): 427.14 pt. In proportion (442.25 / 574.14 = 0.7703) the district,
    # item and dates fall below these and keep them (224.58 pt); of the 217.67 pt left, in
    # proportion to 211.02, 85.02 and 53.52, the finding's 52.94 is below its 53.52, which
    # it keeps; the unit and the days share the 164.15 left: 130.94 and 33.21. The old rule
    # broke 七里 / 河区, 导医服 / 务 and 2025年5月 / 10日 to keep every row on two lines.
    widths = [cell.width.pt for cell in overdue.rows[1].cells]
    expected = [130.94, 53.52, 53.52, 53.52, 58.77, 58.77, 33.21]
    assert all(abs(w - e) <= 0.05 for w, e in zip(widths, expected, strict=True)), widths
    assert [c.width.pt for c in overdue.rows[0].cells] == widths
    heading = overdue.rows[0]._tr.trPr
    assert heading is not None and heading.find(qn("w:tblHeader")) is not None
    sizes = {run.font.size.pt for cell in overdue.rows[1].cells for run in cell.paragraphs[0].runs}
    assert sizes == {10.5}


def test_the_circular_is_laid_out_on_a4_as_official_documents_are():
    """GB/T 9704-2012: A4 (210 × 297 mm), a text block of 156 × 225 mm, 37 mm from the top and
    28 mm from the left; python-docx's default was US Letter (215.9 × 279.4 mm)."""
    doc = Document(io.BytesIO(circular_docx(circular_input())))
    [section] = doc.sections
    mm = 25.4 / 914400  # millimetres in an EMU
    size = [round(v * mm, 1) for v in (section.page_width, section.page_height)]
    sides = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    margins = [round(v * mm, 1) for v in sides]
    assert size == [210.0, 297.0]
    assert margins == [37.0, 35.0, 28.0, 26.0]
    assert size[0] - margins[2] - margins[3] == 156.0 and size[1] - margins[0] - margins[1] == 225.0


def test_a_column_is_never_so_narrow_that_its_heading_takes_more_than_two_lines():
    # 名次 2 em: 21 + 11.52 = 32.52 pt; forty characters: 420 + 11.52 = 431.52. In proportion
    # 名次 would have 100 × 32.52 / 464.04 = 7.01 pt of a 100 pt line: it keeps half its
    # heading plus margins, 10.5 + 11.52 = 22.02, and the names the other 77.98.
    widths = column_widths([["名次", "单位"], ["1", "一" * 40]], 100)
    assert [round(w, 2) for w in widths] == [22.02, 77.98]


def test_the_overviews_figures_round_half_up_as_the_pages_do():
    """82.35 is 82.34999… as a float and 71.25 a tie: a format string wrote 82.3 and 71.2
    (half to even); 四舍五入 gives 82.4 and 71.3, as every shown figure (charts/labels.py)."""
    lines = blocks(circular_docx(circular_input(index=82.35, rate=0.7125)))
    assert "全市文明指数平均为82.4，较上季度下降1.2；指标达标率为71.3%" in "\n".join(lines)


def test_an_index_change_that_rounds_to_nothing_is_said_as_unchanged():
    """A province's mean index moved by −0.04: shown to one decimal that is no change, and the
    circular said 较上季度下降0.0 where the deck's headline says 与上季度持平."""
    for change in (-0.04, 0.04):
        zh = "\n".join(blocks(circular_docx(circular_input(change=change))))
        assert "全市文明指数平均为82.4，与上季度持平；指标达标率为71.3%" in zh
        assert "上季度下降0.0" not in zh and "上季度上升0.0" not in zh
    en = "\n".join(blocks(circular_docx(circular_input(lang="en", change=-0.04))))
    assert "mean civility index was 82.4, unchanged on the previous quarter" in en


def revision_rows(*rows: tuple) -> pl.DataFrame:
    """publication_revisions rows as the pack stacks them (with peer_group)."""
    names = ("unit_code", "unit_name", "peer_group", "moved_only")
    return pl.DataFrame([dict(zip(names, row, strict=True)) for row in rows])


def test_a_district_circular_whose_units_were_only_moved_says_so_without_a_table():
    """A district's re-issued circular: the corrected unit is another district's, two of its
    own units moved a place: it says which publication it revises and that only ranks moved,
    and lists no unit as corrected; a revision that changed nothing says that."""
    source = circular_input()
    source.replaces_number, source.replaces_date = 1, "2026年12月5日 14:00"
    source.revision = revision_rows(
        ("H1", "第一医院", "三级医院", True), ("H2", "第二医院", "三级医院", True)
    )
    lines = blocks(circular_docx(source))
    assert "（修订稿，草稿，供审定）" in lines
    assert (
        "修订说明：本通报是第 1 号发布（2026年12月5日 14:00）数据的修订稿。此后更正的数据不涉及"
        "本通报所列单位，但其中 2 家单位的名次随之变动。" in lines
    )
    assert not any(line.startswith("单位 | 区县 | 类别 | 原文明指数") for line in lines)
    source.revision = pl.DataFrame()
    assert (
        "修订说明：本通报是第 1 号发布（2026年12月5日 14:00）数据的修订稿，各单位的文明指数、"
        "名次、逾期问题和较上季度的变化均未变动。" in blocks(circular_docx(source))
    )


def test_a_revised_units_overdue_findings_are_listed_where_they_changed():
    """A correction closed one of H01's 23 overdue findings (its index and rank as before):
    the note listed its index and rank, unchanged, and said nothing of the 23 → 22 that
    made it a revision. Its overdue findings are listed before and after, with the index and
    rank; a note whose units' overdue findings did not change has no such columns."""
    source = circular_input()
    source.replaces_number, source.replaces_date = 1, "2026年12月5日 14:00"
    revised = {
        "unit_code": ["H01", "H02"],
        "unit_name": ["第一医院", "第二医院"],
        "peer_group": ["三级医院", "三级医院"],
        "published_value": [95.1, 80.0],
        "current_value": [95.1, 81.5],
        "published_rank": [1, 3],
        "current_rank": [1, 2],
        "published_overdue": [23, 4],
        "current_overdue": [22, 4],
        "published_previous": [94.0, 79.0],  # last quarter's index, not corrected
        "current_previous": [94.0, 79.0],
        "published_status": ["ranked", "ranked"],
        "current_status": ["ranked", "ranked"],
        "moved_only": [False, False],
    }
    source.revision = pl.DataFrame(revised)
    lines = blocks(circular_docx(source))
    assert (
        "修订说明：本通报是第 1 号发布（2026年12月5日 14:00）数据的修订稿。此后因数据更正或测评"
        "体系调整，2 家单位的数据有变化，其文明指数、在本类别内的名次和逾期问题数修订如下。"
        in lines
    )
    heading = "单位 | 区县 | 类别 | 原文明指数 | 修订后指数 | 原名次 | 修订后名次"
    assert f"{heading} | 原逾期问题 | 修订后逾期问题" in lines
    assert "第一医院 | 城关区 | 三级医院 | 95.10 | 95.10 | 1 | 1 | 23 | 22" in lines
    assert "第二医院 | 城关区 | 三级医院 | 80.00 | 81.50 | 3 | 2 | 4 | 4" in lines
    source.lang = "en"
    en = blocks(circular_docx(source))
    assert any(
        "their civility index, rank in their peer group and overdue findings are revised as "
        "below." in line
        for line in en
    )
    assert any(line.endswith("| Overdue before | Overdue revised") for line in en)
    assert any(line.endswith("| 1 | 1 | 23 | 22") for line in en)
    # no overdue finding changed: index and rank alone, as before
    source.lang = "zh"
    source.revision = pl.DataFrame(revised | {"current_overdue": [23, 4]})
    lines = blocks(circular_docx(source))
    assert heading in lines
    assert any("其文明指数和在本类别内的名次修订如下。" in line for line in lines)


def test_no_number_date_or_word_is_broken_across_lines_in_a_table_cell():
    """Rendered in Writer, a column sized in proportion to its texts broke 1,060 days overdue
    into 1,06 / 0, and the English commended table's Inde / x, Ra / nk and 98.3 / 3: a run of
    Latin letters or digits cannot wrap, so each column is at least as wide as its longest
    (10.5 pt text; a Latin letter 0.6 em, 6.3 pt, as wide as bold Rank's in Times New Roman,
    0.58 em, a digit or its punctuation half an em; 11.52 pt of cell margins)."""
    source = circular_input()
    long_name = "甘南藏族自治州夏河县拉卜楞镇中心卫生院"
    source.overdue = source.overdue.with_columns(
        pl.lit(long_name).alias("unit_name"), pl.lit(1060).alias("days_overdue")
    )
    doc = Document(io.BytesIO(circular_docx(source)))
    [overdue] = [t for t in doc.tables if t.cell(0, 0).text == "单位" and len(t.columns) == 7]
    assert overdue.cell(1, 6).text == "1,060"
    # 1,060: 5 × 5.25 = 26.25 pt + 11.52 = 37.77 pt (the rule gave it 36.84)
    assert overdue.cell(1, 6).width.pt >= 37.77 - 0.05
    source = circular_input(lang="en")  # the demo's names, as long as a province's
    source.rankings = source.rankings.with_columns(
        unit_name=pl.lit(long_name) + pl.col("unit_code")
    )
    doc = Document(io.BytesIO(circular_docx(source)))
    [commended] = [t for t in doc.tables if t.cell(0, 0).text == "Peer group"]
    heading = [c.text for c in commended.rows[0].cells]
    assert heading == ["Peer group", "Unit", "District", "Index", "Rank", "Rank range"]
    assert commended.cell(1, 3).text == "95.10"
    # District 8 × 6.3 = 50.4 + 11.52 = 61.92; Index 5: 43.02 (95.10: 37.77); Rank 4: 36.72;
    # range 5: 43.02
    needs = {2: 61.92, 3: 43.02, 4: 36.72, 5: 43.02}
    widths = {i: commended.cell(1, i).width.pt for i in needs}
    assert all(widths[i] >= needs[i] - 0.05 for i in needs), widths


def test_the_title_and_headings_are_black_in_the_fonts_set_for_them():
    """A circular is black on white, its headings in 黑体, its title in 小标宋 (GB/T 9704).
    The Word template's Title and Heading styles were blue (17365D, 365F91), the title ruled
    underneath, and their fonts named by theme (majorEastAsia), which Word reads before the
    font written beside it."""
    for lang, title_font, heading_font in (
        ("zh", "方正小标宋简体", "黑体"),
        ("en", "Times New Roman", "Times New Roman"),
    ):
        doc = Document(io.BytesIO(circular_docx(circular_input(lang=lang))))
        styles = {p.style.name for p in doc.paragraphs if p.style.name != "Normal"}
        assert styles == {"Title", "Heading 1"}
        for name in ("Title", "Heading 1", "Heading 2"):
            rpr = doc.styles[name].element.rPr
            fonts = rpr.find(qn("w:rFonts"))
            east_asian = title_font if name == "Title" else heading_font
            assert fonts.get(qn("w:eastAsia")) == east_asian
            assert fonts.get(qn("w:ascii")) == "Times New Roman"
            assert not [a for a in fonts.attrib if "theme" in a.lower()], fonts.attrib
            color = rpr.find(qn("w:color"))
            assert color.get(qn("w:val")) == "000000" and color.get(qn("w:themeColor")) is None
        assert doc.styles["Title"].element.pPr.find(qn("w:pBdr")) is None


def test_the_circular_says_which_language_it_is_in():
    """python-docx's template marks every text American English (en-US, East Asian text too),
    so Word checked a Chinese circular's spelling as English. The English circular is en-GB,
    as its document properties say."""
    for lang, tag in (("zh", "zh-CN"), ("en", "en-GB")):
        doc = Document(io.BytesIO(circular_docx(circular_input(lang=lang))))
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        language = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
        assert (language.get(qn("w:val")), language.get(qn("w:eastAsia"))) == (tag, "zh-CN")
        assert doc.core_properties.language == tag


def test_a_table_row_is_never_split_across_two_pages():
    """A district's overdue findings, rendered: a row of four lines began at the foot of one
    page and ended at the head of the next ('七里河区酒泉路街道社区卫' / '生服务中心（5部）'), the
    unit's name and its finding apart. Every row is kept on one page (w:cantSplit)."""
    doc = Document(io.BytesIO(circular_docx(circular_input())))
    rows = [row for table in doc.tables for row in table.rows[1:]]
    assert len(rows) >= 5  # the commended, overdue and late tables' rows
    for row in rows:
        trpr = row._tr.trPr
        assert trpr is not None and trpr.find(qn("w:cantSplit")) is not None


def test_a_short_column_keeps_two_characters_a_line_beside_long_names():
    """A province's overdue table, rendered: beside 20-character unit names its 市州 column
    (heading two characters, half of it the floor) got 31 pt and stood 七 / 里 / 河 / 区, a
    character a line. When the line has room for it, no column wraps its longest text onto
    more than two lines: 七里河区 4 em, half of it 21 pt + 11.52 pt of margins = 32.52 pt."""
    source = circular_input()
    long_name = "七里河区张掖路街道社区卫生服务中心（4部）"  # 21 characters
    source.overdue = source.overdue.with_columns(
        pl.lit(long_name).alias("unit_name"),
        pl.lit("窗口人员服务态度生硬且未按规定公示").alias("finding"),  # 17 characters
    )
    doc = Document(io.BytesIO(circular_docx(source)))
    [overdue] = [t for t in doc.tables if t.cell(0, 0).text == "单位" and len(t.columns) == 7]
    assert [overdue.cell(0, 1).text, overdue.cell(1, 1).text] == ["区县", "七里河区"]
    assert overdue.cell(1, 1).width.pt >= 32.52 - 0.05
    # and a line too narrow for that keeps the rule of the heading (test above)
    assert [round(w, 2) for w in column_widths([["名次", "单位"], ["1", "一" * 40]], 100)] == [
        22.02,
        77.98,
    ]


def test_short_cells_keep_on_one_line_and_the_long_names_give_the_room():
    """A trial in LibreOffice: the commended table's columns, each squeezed in proportion to
    its longest text, stood 七里河 / 区, 名 / 次, 名次区 / 间. Short cells (four characters
    or fewer, a rank) keep their whole width; the unit names and the groups wrap instead.
    At 10.5 pt: 七里河区 and 名次区间 4 em, 42 + 11.52 pt of margins = 53.52; 名次 2 em,
    21 + 11.52 = 32.52; 文明指数 53.52 too."""
    lines = [
        ["类别", "单位", "区县", "文明指数", "名次", "名次区间"],
        ["社区卫生服务中心", "永登县东岗街道社区卫生服务中心", "七里河区", "99.72", "4", "1–10"],
    ]
    widths = column_widths(lines, 442)
    assert round(sum(widths), 6) == 442
    assert [round(widths[i], 2) for i in (2, 3, 4, 5)] == [53.52, 53.52, 32.52, 53.52]
    # the rest, 442 − 193.08 = 248.92 pt, to the group and the unit in proportion to their
    # longest texts: 8 em (84 + 11.52 = 95.52) and 15 em (157.5 + 11.52 = 169.02)
    assert round(widths[0], 2) == round(248.92 * 95.52 / 264.54, 2)
    # and in the circular itself: the commended table's district and rank columns
    doc = Document(io.BytesIO(circular_docx(circular_input())))
    commended = [t for t in doc.tables if t.cell(0, 4).text == "名次"]
    assert commended
    for grid in commended:
        assert grid.cell(0, 4).width.pt >= 32.52 - 0.05
        assert grid.cell(0, 2).width.pt >= 3 * 10.5 + 11.52 - 0.05  # 区县, districts of three


def test_columns_whose_narrowest_widths_overflow_the_line_share_it_none_negative():
    """Trial (session 56): an English revised circular's table of nine columns (its headings
    two lines each at most, the peer groups' longest words whole) needed more than the line;
    the columns fixed at those widths left the unit's name −12.6 pt, and python-docx stopped
    the pack with a traceback, no deck, no circular. Each column now has its share."""
    headings = ["Unit", "District", "Peer group", "Index before", "Index revised"]
    headings += ["Rank before", "Rank revised", "Overdue before", "Overdue revised"]
    groups = ["Secondary hospital", "Township health centre", "Public-health institution"]
    unit, district = "永登县盐场路街道社区卫生服务中心", "七里河区"
    rows = [[unit, district, group, "83.21", "80.12", "4", "13", "25", "23"] for group in groups]
    widths = column_widths([headings, *rows], 451.3)
    assert min(widths) > 0
    assert round(sum(widths), 6) == 451.3


def test_a_quarter_under_way_names_no_unit_and_calls_no_report_missing():
    """Trial (session 58): with one district of eight reported, the draft named two of the
    five community centres that had reported as the group's last (第5名/共5家) for 通报整改,
    and listed the 70 units yet to report as 缺报, though the deadline was weeks away."""
    from dataclasses import replace

    missing = pl.DataFrame(
        {
            "unit_code": ["T02"],
            "unit_name": ["乙乡镇卫生院"],
            "district": ["榆中县"],
            "kind": ["surveys"],
        }
    )
    source = replace(circular_input(), missing=missing, as_at="2026年12月7日")
    lines = blocks(circular_docx(source))
    commended = section(lines, "一、表扬单位", "二、通报整改单位")
    named = section(lines, "二、通报整改单位", "三、逾期未整改问题")
    assert units_named_in(commended) == set() and units_named_in(named) == set()
    assert "名单待数据报齐后确定" in commended and "名单待数据报齐后确定" in named
    reporting = section(lines, "四、数据报送情况", "五、工作要求")
    assert "缺报数据" not in reporting and "缺报内容" not in reporting
    assert "以下1家单位本季度尚未报送全部数据（本季度尚未结束，尚未报送不计为缺报）：" in reporting
    assert "单位 | 区县 | 尚未报送内容" in reporting
    assert "乙乡镇卫生院 | 榆中县 | 满意度调查" in reporting
    # the quarter ended: the lists and the word are back
    ended = blocks(circular_docx(replace(source, as_at="")))
    assert units_named_in(section(ended, "一、表扬单位", "二、通报整改单位")) == {
        "H01",
        "H03",
        "T01",
    }
    assert "以下1家单位本季度缺报数据：" in ended


def test_a_quarter_under_ways_circular_gives_its_figures_as_the_reported_units_and_asks_no_list():
    """Trial (session 59): with one district of eight reported, the circular said the bureau
    had assessed "全市10家单位" and gave their mean as the city's (up 2.1 on last quarter's
    whole), and its requirements still told the units named and commended, of which it listed
    none, what to do."""
    from dataclasses import replace

    source = replace(circular_input(index=84.94, rate=0.494, change=2.1), as_at="2026年12月7日")
    lines = blocks(circular_docx(source))
    overview = next(line for line in lines if "文明创建测评" in line and "截至" in line)
    assert overview == (
        "根据全市文明创建测评体系，市卫生健康委员会正在开展2025年第三季度文明创建测评。本季度尚未"
        "结束，截至2026年12月7日，全市10家单位已报送数据，以下数字只含这些单位。已报送单位文明"
        "指数平均为84.9；指标达标率为49.4%。现将有关情况通报如下："
    )
    requirements = section(lines, "五、工作要求", "市卫生健康委员会")
    assert "被通报单位" not in requirements and "受表扬单位" not in requirements
    assert "加强督促检查" in requirements
    ended = blocks(circular_docx(replace(source, as_at="")))
    assert "被通报单位" in section(ended, "五、工作要求", "市卫生健康委员会")
    assert any("较上季度上升2.1" in line for line in ended)


def one_revised(**changed) -> pl.DataFrame:
    """One unit's publication_revisions row as the pack stacks it: H01 of 三级医院, its index
    95.1, 1st, 3 overdue findings and last quarter's 60.1 unchanged, but for ``changed``."""
    row = {
        "unit_code": "H01",
        "unit_name": "第一医院",
        "peer_group": "三级医院",
        "published_value": 95.1,
        "current_value": 95.1,
        "published_rank": 1,
        "current_rank": 1,
        "published_overdue": 3,
        "current_overdue": 3,
        "published_previous": 60.1,
        "current_previous": 60.1,
        "published_group": None,
        "current_group": None,
        "published_status": "ranked",
        "current_status": "ranked",
        "moved_only": False,
    }
    return pl.DataFrame(
        [row | changed], schema_overrides={"published_group": pl.String, "current_group": pl.String}
    )


def test_a_revision_of_last_quarters_data_says_so_and_lists_that_quarters_index():
    """Trial (session 60): a correction of last quarter's data changed H01's change on it
    (its index this quarter as it was), and the re-issued circular said every unit's index,
    rank and overdue findings were unchanged. It lists the unit with last quarter's index
    before and after, and says why."""
    source = circular_input()
    source.replaces_number, source.replaces_date = 1, "2026年12月5日 14:00"
    source.revision = one_revised(published_previous=92.11, current_previous=78.77)
    lines = blocks(circular_docx(source))
    # its index and rank this quarter stand: the note says so, not that they were revised
    # (a trial of the day's changes, session 60)
    assert (
        "修订说明：本通报是第 1 号发布（2026年12月5日 14:00）数据的修订稿。此后上季度的数据有"
        "更正，1 家单位本季度的文明指数和名次未变，其较上季度的变化随之修订如下。" in lines
    )
    assert (
        "单位 | 区县 | 类别 | 原文明指数 | 修订后指数 | 原名次 | 修订后名次 | 原上季度指数 | "
        "修订后上季度指数" in lines
    )
    assert "第一医院 | 城关区 | 三级医院 | 95.10 | 95.10 | 1 | 1 | 92.11 | 78.77" in lines
    assert not any("均未变动" in line for line in lines)
    # with a unit whose own index changed too: the usual note, and the last quarter's
    source.revision = pl.concat(
        [
            source.revision,
            source.revision.with_columns(
                unit_code=pl.lit("H02"),
                unit_name=pl.lit("第二医院"),
                current_value=pl.lit(90.0),
                published_previous=pl.lit(88.0),
                current_previous=pl.lit(88.0),
            ),
        ]
    )
    lines = blocks(circular_docx(source))
    assert any(
        line.endswith(
            "2 家单位的数据有变化，其文明指数和在本类别内的名次修订如下；其中 1 家单位上季度的"
            "数据也有更正，其较上季度的变化随之修订（见表中上季度指数）。"
        )
        for line in lines
    )


def test_a_revision_says_which_units_left_or_joined_its_lists():
    """Trial (session 59): a correction widened a named unit's rank range past the bottom ten,
    and the re-issued circular dropped it from 通报整改 while its revision table read 19 → 19:
    a unit named in public was taken off, unsaid. The revision now names each unit that left
    or joined a list against the replaced publication's circular."""
    from queries.selection import Selection

    source = circular_input()
    source.replaces_number, source.replaces_date = 1, "2026年12月5日 14:00"
    source.revision = revision_rows(("H1", "第一医院", "三级医院", True))

    # the fixture praises H01, H03 and T01 and names H06 and T03 (worked out by hand:
    # test_chinese_circular_names_exactly_the_selected_units); the replaced circular praised
    # H03 and T01 only and named a unit since gone beside H06 and T03
    def units(*codes: str) -> pl.DataFrame:
        names = {**ALL_UNITS, "ZZ01": "已撤整改单位"}
        return pl.DataFrame({"unit_code": codes, "unit_name": [names[c] for c in codes]})

    source.listed_before = Selection(
        commended=units("H03", "T01"), named=units("H06", "T03", "ZZ01"), reasons=pl.DataFrame()
    )
    lines = blocks(circular_docx(source))
    joined = ALL_UNITS["H01"]
    assert (
        "修订说明：第 1 号发布的通报列入通报整改名单的已撤整改单位，按修订后的数据不再符合名单产生"
        "规则（见附件），本修订稿不再列入。" in lines
    )
    assert (
        f"修订说明：按修订后的数据，{joined}符合名单产生规则（见附件），本修订稿新列入表扬名单"
        "（第 1 号发布的通报未列入）。" in lines
    )
    assert sum(line.startswith("修订说明：") for line in lines) == 3  # with the ranks moved
    # a quarter under way's circular lists no unit, so it says no list changed
    from dataclasses import replace

    under_way = blocks(circular_docx(replace(source, as_at="2026年12月7日")))
    assert not any("本修订稿不再列入" in line or "本修订稿新列入" in line for line in under_way)


def test_each_page_is_numbered_and_a_revision_comes_before_the_signature():
    """Trial (session 59): a circular of twenty-three pages had no page number, and a
    re-issued one's 修订说明 and its table came after the signature and date, where GB/T
    9704-2012 lets nothing but the annex stand."""
    source = circular_input()
    source.replaces_number, source.replaces_date = 1, "2026年12月5日 14:00"
    source.revision = revision_rows(("H1", "第一医院", "三级医院", True))
    data = circular_docx(source)
    footer = Document(io.BytesIO(data)).sections[0].footer.paragraphs[0]
    fields = footer._p.findall(qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"]
    assert footer.text == "—  —"  # the number between the dashes is the field's
    lines = blocks(data)
    revision = next(i for i, line in enumerate(lines) if line.startswith("修订说明："))
    assert revision < lines.index("市卫生健康委员会") < lines.index("附件")


def test_the_body_title_and_headings_are_set_as_a_公文_sets_them():
    """Trial (session 59): the body was 四号 (14 pt), the title 一号 黑体 and the headings
    bold; GB/T 9704-2012 sets a 公文's body in 三号 (16 pt), its title in 二号 (22 pt) 小标宋
    and its headings in 三号 黑体, not bold."""
    doc = Document(io.BytesIO(circular_docx(circular_input())))
    styles = doc.styles
    assert styles["Normal"].font.size.pt == 16
    assert (styles["Title"].font.size.pt, styles["Title"].font.bold) == (22, False)
    assert (styles["Heading 1"].font.size.pt, styles["Heading 1"].font.bold) == (16, False)
    east_asian = styles["Title"].element.rPr.rFonts.get(qn("w:eastAsia"))
    assert east_asian == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("根据全市文明创建测评体系"))
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters of 16 pt


def test_a_regrouped_units_rank_before_names_the_group_it_was_in():
    """A unit regrouped between two publications (三级医院 → 二级医院) is listed with its rank
    before in the group it was in, named: it read "—" (trial, session 60)."""
    source = circular_input()
    source.replaces_number, source.replaces_date = 1, "2026年12月5日 14:00"
    source.revision = one_revised(
        peer_group="二级医院",
        published_value=59.7,
        current_value=59.7,
        published_rank=5,
        current_rank=9,
        published_group="三级医院",
    )
    lines = blocks(circular_docx(source))
    assert "第一医院 | 城关区 | 二级医院 | 59.70 | 59.70 | 5（三级医院） | 9" in lines
    # its last quarter's index in each group differs by the groups' targets: no data of last
    # quarter were corrected, and the note does not say so (a trial of the day's changes)
    source.revision = source.revision.with_columns(current_previous=pl.lit(60.5))
    lines = blocks(circular_docx(source))
    assert not any("上季度" in line for line in lines if line.startswith("修订说明"))
    assert "第一医院 | 城关区 | 二级医院 | 59.70 | 59.70 | 5（三级医院） | 9" in lines
    source.lang = "en"
    assert any(
        line.endswith("| 59.70 | 59.70 | 5 (Tertiary hospital) | 9")
        for line in blocks(circular_docx(source))
    )
