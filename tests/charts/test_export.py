"""Every export format opened again and checked (charts.export)."""

import datetime as dt
import io
import re

import altair as alt
import openpyxl
import polars as pl
import pypdf
import pytest
from PIL import Image, ImageChops

from charts.export import (
    chart_pdf,
    chart_png,
    chart_svg,
    export_filename,
    footnote_text,
    safe_filename,
    table_csv,
    table_xlsx,
    titled_chart_file,
    unit_number_format,
    with_title_and_footnote,
)

UNITS = pl.DataFrame(
    {
        "unit_name": ["兰州市第一人民医院", "城关区社区卫生服务中心", "榆中县乡镇卫生院"],
        "civility_index": [91.5, 78.25, 65.0],
    }
)


def bar_chart() -> alt.Chart:
    return (
        alt.Chart(UNITS)
        .mark_bar()
        .encode(x="civility_index:Q", y=alt.Y("unit_name:N", title="单位"))
        .properties(width=400, title="a title the export replaces")
    )


def titled_chart() -> alt.VConcatChart:
    return with_title_and_footnote(
        bar_chart(),
        title="文明指数排名：三级医院，2025年第3季度",
        subtitle="文明指数（0–100）",
        source="兰州市卫健委",
        load_date="2025-10-12",
    )


def one_character(char: str) -> alt.Chart:
    """A 100 x 60 view with one large character and nothing else (no axes, no padding)."""
    return (
        alt.Chart(alt.Data(values=[{"c": char}]))
        .mark_text(fontSize=48)
        .encode(text="c:N", x=alt.value(50), y=alt.value(30))
        .properties(width=100, height=60, padding=0, view=alt.ViewBackground(stroke=None))
    )


def png_image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_png_size_is_chart_size_times_scale():
    # view 100 x 60, padding 0, no axes: 100*3 = 300 by 60*3 = 180 pixels at scale 3
    image = Image.open(io.BytesIO(chart_png(one_character("文"), scale=3)))
    assert image.format == "PNG"
    assert image.size == (300, 180)


def test_two_chinese_characters_render_as_different_pixels():
    # Without a CJK font both would be the same "missing glyph" box.
    wen = png_image(chart_png(one_character("文")))
    ming = png_image(chart_png(one_character("明")))
    blank = png_image(chart_png(one_character(" ")))
    assert ImageChops.difference(wen, ming).getbbox() is not None
    assert ImageChops.difference(wen, blank).getbbox() is not None  # something was drawn


def test_png_of_titled_chart_is_projector_sized():
    image = Image.open(io.BytesIO(chart_png(titled_chart())))
    # a 400 px plot plus axis labels, at the default scale 2: wider than 2 * 400
    assert image.size[0] > 800
    assert image.size[1] > 2 * 3 * 20  # three bars of 20 px at least, doubled


def test_svg_keeps_title_footnote_and_font_as_text():
    svg = chart_svg(titled_chart()).decode("utf-8")
    assert "文明指数排名：三级医院，2025年第3季度" in svg
    assert "数据来源：兰州市卫健委" in svg
    assert "2025-10-12" in svg
    assert "a title the export replaces" not in svg


def test_svg_names_the_font_it_was_drawn_with_then_the_desktop_ones():
    svg = chart_svg(titled_chart()).decode("utf-8")
    families = set(re.findall(r'font-family="([^"]*)"', svg))
    assert families == {
        "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, Source Han Sans SC, "
        "WenQuanYi Micro Hei, sans-serif"
    }


def test_pdf_embeds_font_and_contains_the_text():
    data = chart_pdf(titled_chart())
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "文明指数排名：三级医院，2025年第3季度" in text
    assert "兰州市第一人民医院" in text
    assert b"NotoSansCJK" in data  # the embedded font's name


def test_english_footnote():
    chart = with_title_and_footnote(bar_chart(), "Ranking", None, "City bureau", "2025-10-12", "en")
    svg = chart_svg(chart).decode("utf-8")
    assert "Source: City bureau; data loaded 2025-10-12" in svg


HOSTILE = pl.DataFrame(
    {
        "unit_code": ["U001", "U002", "U003", "U004"],
        "unit_name": ['=HYPERLINK("http://evil.example","点我")', "+1+2", "-3", "城关区医院"],
        "note": ["@SUM(A1)", "\tTAB", "plain", None],
        "respondents": [1200, 12, 0, 45],
        "value": [0.9512, 0.5, 1.0, None],
        "met": [True, False, True, None],
    }
)


def test_csv_has_bom_keeps_chinese_and_neutralises_formulas():
    data = table_csv(HOSTILE)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "unit_code,unit_name,note,respondents,value,met"
    assert lines[1].startswith('U001,"\'=HYPERLINK(""http://evil.example"",""点我"")",\'@SUM(A1)')
    assert lines[2] == "U002,'+1+2,'\tTAB,12,0.5,FALSE"
    assert lines[3] == "U003,'-3,plain,0,1.0,TRUE"
    assert lines[4] == "U004,城关区医院,,45,,"


def test_csv_numbers_have_at_most_four_decimals_and_no_float_noise():
    values = [78.12345678901234, 0.1 + 0.2, 2.0, -0.00001, 1234567.5, None]
    frame = pl.DataFrame({"n": range(6), "x": values})
    lines = table_csv(frame).decode("utf-8-sig").split("\r\n")
    assert lines[1:7] == ["0,78.1235", "1,0.3", "2,2.0", "3,0.0", "4,1234567.5", "5,"]


def test_csv_moments_to_the_minute_and_days_as_days():
    frame = pl.DataFrame(
        {
            "loaded_at": [dt.datetime(2026, 10, 14, 9, 12, 33, 123456), None],
            "received_on": [dt.date(2026, 10, 5), dt.date(2026, 1, 31)],
        }
    )
    lines = table_csv(frame).decode("utf-8-sig").split("\r\n")
    assert lines[1:3] == ["2026-10-14 09:12,2026-10-05", ",2026-01-31"]


def test_csv_labels_rename_header():
    text = table_csv(UNITS, labels={"unit_name": "单位名称"}).decode("utf-8-sig")
    assert text.split("\r\n")[0] == "单位名称,civility_index"


def read_xlsx(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_numbers_intact_and_formulas_neutralised():
    book = read_xlsx(table_xlsx(HOSTILE, sheet_name="排名", labels={"unit_name": "单位名称"}))
    sheet = book["排名"]
    assert [c.value for c in sheet[1]] == [
        "unit_code",
        "单位名称",
        "note",
        "respondents",
        "value",
        "met",
    ]
    # text exactly as written, in string cells under Excel's quote-prefix style: shown as
    # written, and still text when someone edits the cell (no apostrophe added to the value)
    assert sheet["B2"].value == '=HYPERLINK("http://evil.example","点我")'
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix
    assert sheet["B3"].value == "+1+2" and sheet["B3"].quotePrefix
    assert sheet["B4"].value == "-3" and sheet["B4"].quotePrefix
    assert sheet["C2"].value == "@SUM(A1)" and sheet["C2"].quotePrefix
    assert sheet["C3"].value == "\tTAB" and sheet["C3"].quotePrefix
    assert sheet["B5"].value == "城关区医院" and not sheet["B5"].quotePrefix
    assert sheet["D2"].value == 1200 and sheet["D2"].data_type == "n"
    assert sheet["E2"].value == pytest.approx(0.9512)
    assert sheet["E5"].value is None
    assert sheet["F3"].value is False
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row), (
        "no cell may be a formula"
    )


def test_xlsx_header_frozen_styled_and_widths_fitted():
    sheet = read_xlsx(table_xlsx(HOSTILE))["data"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    # longest unit_name: =HYPERLINK("http://evil.example","点我") as written:
    # 37 narrow characters + 2 wide (counted 2 each) = 41, plus 2 of margin = 43
    assert sheet.column_dimensions["B"].width == pytest.approx(43, abs=1)
    # 'respondents' is the longest text in column D: 11 + 2
    assert sheet.column_dimensions["D"].width == pytest.approx(13, abs=1)


def test_xlsx_colours_met_and_missed_rows():
    sheet = read_xlsx(table_xlsx(HOSTILE))["data"]
    rules = {
        rng.sqref: [r.formula[0] for r in sheet.conditional_formatting[rng]]
        for rng in sheet.conditional_formatting
    }
    ((cells, formulas),) = rules.items()
    assert str(cells) == "A2:F5"
    assert formulas == ["$F2=TRUE", "$F2=FALSE"]


def test_xlsx_without_met_column_has_no_colours_and_notes_sheet():
    book = read_xlsx(table_xlsx(UNITS, notes=["数据来源：兰州市卫健委", "=cmd"]))
    assert len(list(book["data"].conditional_formatting)) == 0
    assert [c.value for c in book["about"]["A"]] == ["数据来源：兰州市卫健委", "=cmd"]
    assert all(c.quotePrefix and c.data_type == "s" for c in book["about"]["A"])


def test_export_filename_examples():
    assert (
        export_filename("rankings", quarter="2025Q3", group="三级医院", ext="png")
        == "civbench_2025Q3_rankings_三级医院.png"
    )
    assert export_filename("pack", quarter="2025Q3", ext=".pptx") == "civbench_2025Q3_pack.pptx"
    chosen = export_filename("rankings", "2025Q3", "三级医院", "csv", "index", ("城关区", "西固区"))
    assert chosen == "civbench_2025Q3_rankings_三级医院_城关区-西固区_index.csv"
    assert (
        export_filename('rank<>:"/\\|?*ings', quarter="2025Q3", group="三级 医院. ", ext="xlsx")
        == "civbench_2025Q3_rankings_三级-医院.xlsx"
    )


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("CON.txt", "_CON.txt"),
        ("lpt1", "_lpt1"),
        ("report. . ", "report"),
        ("a\x01b\x7f.png", "ab.png"),
        ("...", "export"),
        ("排名 2025Q3.xlsx", "排名 2025Q3.xlsx"),
    ],
)
def test_safe_filename_on_windows(name, safe):
    assert safe_filename(name) == safe


def test_titled_chart_file_in_each_format():
    args = dict(title="三级医院排名", subtitle="2025年第3季度", load_date="2025-10-12")
    png = titled_chart_file(bar_chart(), "png", **args)
    assert Image.open(io.BytesIO(png)).format == "PNG"
    svg = titled_chart_file(bar_chart(), "svg", **args).decode("utf-8")
    assert "三级医院排名" in svg and "2025年第3季度" in svg and "2025-10-12" in svg
    pdf = titled_chart_file(bar_chart(), "pdf", **args)
    assert "三级医院排名" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_xlsx_writes_days_as_dates_and_a_missing_day_as_an_empty_cell():
    """The late files' day received: a date cell, or nothing (it held empty text)."""
    frame = pl.DataFrame({"received_on": [dt.date(2026, 10, 5), None]})
    sheet = read_xlsx(table_xlsx(frame)).active
    assert (
        sheet["A2"].value == dt.datetime(2026, 10, 5) and sheet["A2"].number_format == "yyyy-mm-dd"
    )
    assert sheet["A3"].value is None


def test_xlsx_values_of_several_units_are_numbers_each_in_its_units_format():
    # the outliers' values were written as text ('93.5%', '79.1') beside real z-scores
    frame = pl.DataFrame(
        {
            "indicator": ["=满意度", "投诉数", "满意度得分"],
            "value": [0.935, 12.0, 79.1],
            "peer_z": [-3.2, 4.1, None],
        }
    )
    formats = [unit_number_format(u) for u in ("rate", "count", "number")]
    sheet = read_xlsx(table_xlsx(frame, row_formats={"value": formats})).active
    cells = [sheet.cell(row=r, column=2) for r in (2, 3, 4)]
    assert [(c.value, c.data_type, c.number_format) for c in cells] == [
        (pytest.approx(0.935), "n", "0.0%"),
        (12, "n", "#,##0"),
        (pytest.approx(79.1), "n", "#,##0.0"),
    ]
    # a column without row formats keeps its own; text stays text, never a formula
    assert sheet["C2"].value == pytest.approx(-3.2) and sheet["C2"].number_format == "0.00##"
    assert sheet["A2"].value == "=满意度" and sheet["A2"].data_type == "s"
    assert sheet["A2"].quotePrefix


def test_a_footnotes_load_day_is_written_in_the_charts_language():
    day = dt.date(2025, 10, 12)
    said = footnote_text("兰州市卫健委", day, "zh")
    assert said == "数据来源：兰州市卫健委　数据装载日期：2025年10月12日"
    assert footnote_text("City bureau", day, "en") == "Source: City bureau; data loaded 2025-10-12"


def test_a_chinese_charts_download_labels_its_quarters_as_the_page_does():
    # a trial: the unit profile's downloads read 2025Q2 under a title of 2025年第3季度
    from charts.builders import render_rank_history_chart

    ranks = pl.DataFrame(
        {
            "quarter": ["2025Q2", "2025Q3"],
            "peer_group": ["三级医院"] * 2,
            "rank": [3, 1],
            "units_ranked": [8, 8],
            "overall_rank": [30, 12],
            "overall_units_ranked": [80, 80],
        }
    )
    args = dict(title="名次变化：一院", subtitle="2025年第3季度", load_date="2025-10-12")
    chart = render_rank_history_chart(ranks, "zh")
    svg = titled_chart_file(chart, "svg", **args).decode("utf-8")
    drawn = re.findall(r">([^<>]+)</text>", svg)  # the words drawn, not the aria-labels
    assert "2025年2季度" in drawn and "2025年3季度" in drawn
    assert not [words for words in drawn if "2025Q" in words], drawn
    pdf = titled_chart_file(chart, "pdf", **args)
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace(" ", "")
    assert "2025年2季度" in text and "2025Q" not in text
    english = titled_chart_file(render_rank_history_chart(ranks, "en"), "svg", **args)
    assert "2025Q2" in english.decode("utf-8")


def text_heights(svg: bytes) -> dict[str, float]:
    """The height on the drawing of each text of an SVG, its groups' moves added up."""
    import xml.etree.ElementTree as ET

    heights: dict[str, float] = {}

    def walk(node, y: float) -> None:
        moved = re.search(r"translate\(\s*[-\d.e]+[ ,]+([-\d.e]+)", node.get("transform", ""))
        y += float(moved.group(1)) if moved else 0.0
        if node.tag.endswith("text") and node.text:
            heights[node.text] = y
        for child in node:
            walk(child, y)

    walk(ET.fromstring(svg), 0.0)
    return heights


def test_a_charts_file_ends_with_its_footnote_below_its_legend():
    """A trial of the page downloads: a chart with a legend (peer groups, a finding's status)
    was drawn with the footnote naming the source between the chart and its legend."""
    # as every chart of the pages is styled (charts.builders.styled): its legend at the bottom
    coloured = (
        bar_chart()
        .encode(color=alt.Color("unit_name:N", title="单位类别"))
        .configure_legend(orient="bottom")
    )
    chart = with_title_and_footnote(coloured, "排名", None, "市卫生健康委员会", "2026-11-13")
    heights = text_heights(chart_svg(chart))
    note = next(h for text, h in heights.items() if text.startswith("数据来源"))
    assert heights["单位类别"] < note  # the legend's title above the footnote
    assert heights["榆中县乡镇卫生院"] < note


def label_png(text: str) -> Image.Image:
    label = alt.Chart(pl.DataFrame({"t": [text]})).mark_text(size=40).encode(text="t:N")
    return Image.open(io.BytesIO(chart_png(label.properties(width=80, height=60), scale=1)))


def test_an_emoji_in_a_units_name_is_drawn_in_a_charts_png_not_as_a_box():
    """A trial: a unit registered as 🏥医院 was labelled ☒医院 in the Rankings chart's PNG and
    PDF: no font here drew 🏥. Symbola (fonts-symbola, scripts/setup.sh) does: the label is
    no longer the box drawn for a character no font has (U+0378, unassigned)."""
    drawn, no_glyph = label_png("🏥"), label_png("\u0378")
    assert ImageChops.difference(drawn.convert("RGB"), no_glyph.convert("RGB")).getbbox()
