"""Slides drawn as PPTX and PDF, parsed back (charts.deck)."""

import io

import altair as alt
import polars as pl
import pypdf
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from charts.deck import (
    Figure,
    Slide,
    Table,
    column_widths,
    deck_pdf,
    deck_pptx,
    fit_picture,
    fitted_text,
    split_table,
    text_lines,
)
from charts.export import chart_png


def tall_chart_png() -> bytes:
    """A chart much taller than a slide's content box (the fit must shrink it)."""
    units = pl.DataFrame({"unit": [f"单位{i:02d}" for i in range(60)], "v": list(range(60))})
    chart = alt.Chart(units).mark_bar().encode(x="v:Q", y="unit:N").properties(width=300)
    return chart_png(chart, scale=1)


def rows(n: int) -> list[list[str]]:
    return [[str(i), f"兰州市第{i}医院", f"{90 - i * 0.5:.1f}"] for i in range(1, n + 1)]


def sample_slides() -> list[Slide]:
    table = Table(
        ["名次", "单位", "文明指数"], rows(30), widths=[1, 4, 1.5], numeric=[True, False, True]
    )
    return [
        Slide("2025年第3季度文明创建测评季度例会", "全市全部单位", is_title_slide=True),
        Slide(
            "全市文明指数 82.4，较上季度上升 1.2",
            "2025年第3季度",
            "数据来源：测试",
            figures=[Figure("文明指数", "82.4", "较上季度上升 1.2"), Figure("指标达标率", "71.3%")],
        ),
        *split_table("三级医院前十名", table, "（续 {n}/{total}）", footnote="数据来源：测试"),
        Slide("各单位名次", "", "数据来源：测试", picture=tall_chart_png()),
    ]


def test_split_table_makes_continued_slides():
    slides = split_table("长表", Table(["a"], [[str(i)] for i in range(30)]), "（续 {n}/{total}）")
    # 30 rows at most 12 a slide take three slides, spread evenly over them: 10 each
    assert [len(s.table.rows) for s in slides] == [10, 10, 10]
    assert [s.title for s in slides] == ["长表", "长表 （续 2/3）", "长表 （续 3/3）"]


def test_rows_of_long_names_wrapping_onto_two_lines_take_more_slides():
    # Two equal columns of the 12.43-inch content width: 6.22 in = 447.6 pt, less 2 × 7.2 pt
    # of cell margin = 433 pt, 36 characters of 12 pt. A 40-character name takes two lines:
    # twelve such rows (24 lines) ran off the slide and the PDF page; at most 15 lines a
    # slide, 7 rows (14 lines) a slide: two slides, spread evenly, 6 and 6.
    name = "甘肃省兰州市城关区人民政府卫生健康委员会直属第一人民医院暨甘肃省第二人民医院分院"
    assert len(name) == 40
    table = Table(["单位", "问题"], [[name, "导医台无人值守"] for _ in range(12)], widths=[1, 1])
    slides = split_table("逾期问题", table, "（续 {n}/{total}）")
    assert [len(s.table.rows) for s in slides] == [6, 6]
    # names of one line each: twelve rows a slide, as before
    short = Table(["单位", "问题"], [["城关区人民医院", "无"] for _ in range(24)], widths=[1, 1])
    assert [len(s.table.rows) for s in split_table("逾期问题", short, "（续）")] == [12, 12]


def test_rows_that_follow_a_row_stay_on_its_slide():
    # the attainment slide's rows per target under their indicator: a slide never starts with
    # one of them; the three go on to the next slide together
    rows = [["0"], ["1"], ["2"], ["指标"], ["目标 6"], ["目标 4"], ["3"]]
    follows = [False, False, False, False, True, True, False]
    table = Table(["a"], rows, follows=follows)
    slides = split_table("达标", table, "（续 {n}/{total}）", rows_per_slide=4)
    assert [s.table.rows for s in slides] == [rows[:3], rows[3:]]
    # more rows held together than a slide holds are cut where the slide is full (at most 4:
    # two slides), spread evenly over the two
    long = Table(["a"], [["指标"]] + [[str(i)] for i in range(4)], follows=[False] + [True] * 4)
    slides = split_table("达标", long, "（续 {n}/{total}）", rows_per_slide=4)
    assert [len(s.table.rows) for s in slides] == [3, 2]


def test_no_slide_is_left_with_a_lone_row():
    """The attainment table of 13 rows went 12 + 1: its "续 2/2" slide held one row."""
    table = Table(["指标", "达标率"], [[f"指标{i}", "90.0%"] for i in range(13)])
    slides = split_table("达标", table, "（续 {n}/{total}）")
    assert [len(s.table.rows) for s in slides] == [7, 6]
    # 24 rows fill two slides of 12 as before
    table = Table(["指标", "达标率"], [[f"指标{i}", "90.0%"] for i in range(24)])
    assert [len(s.table.rows) for s in split_table("达标", table, "（续）")] == [12, 12]


def test_a_header_wrapped_onto_more_lines_leaves_fewer_for_the_rows():
    """The English Targets slide: its header wrapped onto more lines than one and the last row
    touched the footnote. Five equal columns of the 12.43-inch content width: 2.49 in = 179 pt
    less 14.4 pt of margin = 164.6 pt, 13.7 ems of 12 pt. A 48-letter header (0.6 em each:
    28.8 ems) takes three lines, leaving 15 − 2 = 13 for the rows; a row whose first cell
    holds 20 Chinese characters (20 ems) takes two lines: seven such rows (14 lines) fit under
    a header of one line, not under this one."""
    long = "Indicator and the peer group it is set for here."
    assert len(long) == 48
    name = "兰州市城关区人民政府卫生健康委员会直属医"
    assert len(name) == 20
    rows = [[name, "", "", "", ""] for _ in range(7)]
    short = Table(["a", "b", "c", "d", "e"], rows, widths=[1] * 5)
    assert [len(s.table.rows) for s in split_table("Targets", short, "(cont.)")] == [7]
    wrapped = Table([long, "b", "c", "d", "e"], rows, widths=[1] * 5)
    assert [len(s.table.rows) for s in split_table("Targets", wrapped, "(cont.)")] == [4, 3]


def test_the_slides_estimate_wraps_as_wrapped_does():
    # the slides' estimate wraps alike. At 12 pt a Latin letter is 7.2 pt, a Chinese character
    # 12; a column 92 pt wide less 10-pt margins holds 72 pt: "abcdefg hijklmn opq" (19
    # characters, 136.8 pt) takes three lines of words (50.4 pt each, no two fit), not two
    assert text_lines("abcdefg hijklmn opq", 92 / 72, 12, 10) == 3
    assert text_lines("兰州市第一医院", 92 / 72, 12, 10) == 2  # 6 characters, then 1


def test_a_short_cell_stays_on_one_line_as_in_the_circular():
    """The deck kept only the columns it was told to whole (dates, a peer group), the circular
    every short text (four Chinese characters): one rule now (etl.widths.is_short). A district
    in a column of a twentieth of 10 in (0.5 in) broke 七里河 / 区; on one line at 12 pt it
    takes 4 × 12 pt + 2 × 7.2 pt of margins = 62.4 pt, 0.8667 in, the names the other 9.1333."""
    table = Table(["单位", "区县"], [["一" * 20, "七里河区"]], widths=[19, 1])
    assert [round(w, 4) for w in column_widths(table, 10)] == [9.1333, 0.8667]
    # eight characters: not short, so they wrap, but four a line, as wide as 七里河区 (below)
    long = Table(["单位", "地址"], [["一" * 20, "七里河区西津西路"]], widths=[19, 1])
    assert [round(w, 4) for w in column_widths(long, 10)] == [9.1333, 0.8667]


def test_no_column_of_long_texts_is_squeezed_under_four_characters_a_line():
    """Long Chinese text in every column, one of them given a twenty-fifth of 10 in: at its
    share, 0.4 in less 2 × 7.2 pt of margins is 14.4 pt, one character of 12 pt a line. Each
    column of texts longer than a short cell now holds four at least: (4 × 12 + 14.4) pt =
    0.8667 in, the other four sharing the rest, (10 − 0.8667) / 4 = 2.2833 in each."""
    text = "兰州市第一人民医院门诊部护理服务满意度调查"
    table = Table(list("甲乙丙丁戊"), [[text] * 5, [text[:10]] * 5], widths=[6, 6, 6, 6, 1])
    widths = column_widths(table, 10)
    assert [round(w, 4) for w in widths] == [2.2833] * 4 + [0.8667]
    assert text_lines(text, widths[4], 12, 7.2) == 6  # 21 characters, 4 a line


def test_a_table_of_many_short_cells_kept_whole_stays_within_the_slide():
    """Every column kept its short cells whole, the widths adding up past the slide: fifteen
    columns of 七里河区, each 62.4 pt (0.8667 in, as above), took 13 in of the 12.433 in
    between the slide's margins (13.333 − 2 × 0.45) and ran off its edge. Each is now a
    fifteenth of it, in the deck drawn as in the widths."""
    usable = 13.333 - 2 * 0.45
    table = Table([f"区县{i}" for i in range(15)], [["七里河区"] * 15] * 3)
    widths = column_widths(table, usable)
    assert [round(w, 4) for w in widths] == [round(usable / 15, 4)] * 15
    assert sum(widths) <= usable + 1e-9
    deck = Presentation(io.BytesIO(deck_pptx([Slide("各区县", table=table)])))
    [shape] = [sh for sh in deck.slides[0].shapes if sh.has_table]
    drawn = sum(column.width for column in shape.table.columns) / 914400  # EMU an inch
    assert drawn <= usable + 0.001


def test_the_widest_columns_are_narrowed_first_and_the_narrow_ones_kept_whole():
    """Two columns of 七里河区 (0.8667 in) and two of 名次 ((2 × 12 + 14.4) pt = 0.5333 in)
    do not fit in 2.6 in: the 名次 columns keep their 0.5333 in, the widest share what is
    left, (2.6 − 2 × 0.5333) / 2 = 0.7667 in each. Squeezed in proportion, 名次 got 0.4333
    and broke 名 / 次."""
    table = Table(["a", "b", "c", "d"], [["七里河区", "七里河区", "名次", "名次"]])
    assert [round(w, 4) for w in column_widths(table, 2.6)] == [0.7667, 0.7667, 0.5333, 0.5333]


def test_empty_table_becomes_a_slide_that_says_so():
    (slide,) = split_table(
        "逾期问题", Table(["a"], []), "（续）", empty="本季度没有需要列出的内容。"
    )
    assert slide.table is None and slide.picture is None
    assert slide.subtitle == "本季度没有需要列出的内容。"


def test_fit_keeps_aspect_ratio_inside_the_box():
    png = tall_chart_png()
    left, top, width, height = fit_picture(png, (1.0, 2.0, 10.0, 5.0))
    from PIL import Image

    px_w, px_h = Image.open(io.BytesIO(png)).size
    assert px_h > px_w  # tall: the height limits the fit
    assert height == 5.0 and top == 2.0
    assert abs(width / height - px_w / px_h) < 1e-9
    assert left == 1.0 + (10.0 - width) / 2  # centred


def test_pptx_parsed_back_has_slides_titles_tables_and_pictures():
    slides = sample_slides()
    deck = Presentation(io.BytesIO(deck_pptx(slides)))
    # title + figures + 3 table slides (30 rows, 10 a slide) + chart
    assert len(deck.slides) == 6
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles == [
        "2025年第3季度文明创建测评季度例会",
        "全市文明指数 82.4，较上季度上升 1.2",
        "三级医院前十名",
        "三级医院前十名 （续 2/3）",
        "三级医院前十名 （续 3/3）",
        "各单位名次",
    ]
    tables = [sh.table for sh in deck.slides[2].shapes if sh.has_table]
    assert len(tables) == 1
    assert len(tables[0].rows) == 11  # header + 10
    assert tables[0].cell(1, 1).text == "兰州市第1医院"
    pictures = [sh for sh in deck.slides[5].shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    picture = pictures[0]
    # never cut off: the whole picture lies on the slide
    assert picture.left >= 0 and picture.top >= 0
    assert picture.left + picture.width <= deck.slide_width
    assert picture.top + picture.height <= deck.slide_height
    all_text = " ".join(sh.text_frame.text for sh in deck.slides[1].shapes if sh.has_text_frame)
    assert "82.4" in all_text and "指标达标率" in all_text


def test_pdf_has_one_page_per_slide_with_text_and_font():
    slides = sample_slides()
    data = deck_pdf(slides)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 6
    # pypdf spaces out (or NUL-separates) the subset font's characters; viewers do not
    third = "".join(ch for ch in reader.pages[2].extract_text() if ch not in " \x00")
    assert "兰州市第1医院" in third
    assert "三级医院前十名" in third
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"].get("/Font", {}).values()
    }
    assert any("NotoSansCJK" in name for name in fonts)
    assert len(reader.pages[5].images) == 1


def text_render_modes(page) -> list[int]:
    """The text render mode (PDF operator Tr: 0 fill, 2 fill and stroke) each piece of text on
    the page is drawn with, following the graphics state through q/Q (which save and restore
    it) as a viewer does."""
    content = pypdf.generic.ContentStream(page.get_contents(), page.pdf)
    mode, saved, shown = 0, [], []
    for operands, operator in content.operations:
        if operator == b"q":
            saved.append(mode)
        elif operator == b"Q":
            mode = saved.pop()
        elif operator == b"Tr":
            mode = int(operands[0])
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            shown.append(mode)
    return shown


def test_pdf_bold_title_does_not_make_the_rest_of_the_slide_bold():
    """Each slide's title is drawn bold (filled and stroked); the subtitle, the table and the
    footnote under it are not. A stroke left on from one slide's title drew every later text
    of the next slides outlined in the stroke colour (the white heading row black on dark
    blue, unreadable on the projector), from the second slide of a table on."""
    table = Table(["单位", "文明指数"], [["兰州市第一医院", "90.1"], ["兰州市第二医院", "88.0"]])
    slide = Slide("前十名", "2025年第3季度", "数据来源：测试", table=table)
    reader = pypdf.PdfReader(io.BytesIO(deck_pdf([slide, slide, slide])))
    for page in reader.pages:
        # the one-line title, then the subtitle, 2 headings, 4 cells and the footnote
        assert text_render_modes(page) == [2] + [0] * (1 + 2 + 4 + 1)


def font_sizes(page) -> list[float]:
    """The font sizes the page's text is set in, in order (PDF operator Tf)."""
    content = pypdf.generic.ContentStream(page.get_contents(), page.pdf)
    return [float(operands[1]) for operands, operator in content.operations if operator == b"Tf"]


def test_a_long_title_and_subtitle_are_set_smaller_to_stay_in_their_boxes():
    """The movers' slide of a province names two units in its title: at 26 pt it ran onto a
    second line over the subtitle, and the subtitle's second line over the table."""
    title = (
        "进步最大：甘南藏族自治州夏河县拉卜楞镇中心卫生院；"
        "退步最大：临夏回族自治州东乡族自治县锁南镇中心卫生院"
    )
    subtitle = ("名次为全省参加排名单位的总排名不分类别" * 5)[:80]
    assert (len(title), len(subtitle)) == (51, 80)  # all full-width: one em each
    table = Table(["单位"], [["兰州市第一医院"]])
    slides = [Slide(title, subtitle, table=table), Slide("前十名", "2025年第3季度", table=table)]
    deck = Presentation(io.BytesIO(deck_pptx(slides)))
    sizes = [
        [
            p.runs[0].font.size.pt
            for sh in s.shapes
            if sh.has_text_frame
            for p in sh.text_frame.paragraphs
        ]
        for s in deck.slides
    ]
    # PowerPoint: 12.433 in wide less 0.1 in inside each side = 880.8 pt; a line 1.2 × size.
    # Title box 0.85 in less 0.1 = 0.75 in: 51 em at 26 pt is 1326 pt, two lines, 0.867 in;
    # at 24 two lines, 0.8 in; at 22 (1122 pt) two lines, 0.733 in: it fits.
    # Subtitle 0.45 in less 0.1 = 0.35 in: 80 em at 14 or 12 pt is two lines (0.467, 0.4 in);
    # at 11 pt 880 pt, one line. A short title and subtitle keep 26 and 14.
    assert sizes == [[22, 11], [26, 14]]
    pages = pypdf.PdfReader(io.BytesIO(deck_pdf(slides))).pages
    # The PDF: 12.433 in less 1 mm each side = 889.6 pt; a line 0.5 mm a point. Title 0.7 in:
    # at 22, 20 and 18 pt two lines (0.866, 0.787, 0.709 in); at 17 867 pt, one. Subtitle
    # 0.45 in: at 12 pt two lines (0.472 in); at 11 880 pt, one.
    assert font_sizes(pages[0])[:2] == [17, 11]
    assert font_sizes(pages[1])[:2] == [22, 12]


def test_a_title_too_long_at_the_smallest_size_is_cut_to_fit():
    # 2 in wide at 10 pt: 144 pt, 14 Chinese characters a line (15 take 150 pt); a line
    # 10 pt high, so 3 lines (0.417 in) in 0.5 in, not 4 (0.556 in): 42 characters. With
    # '…' (0.6 em, 6 pt) the third line holds 13 characters: 41 and '…'.
    box = (2.0, 0.5)
    assert fitted_text("卫" * 42, box, (12, 10), 1 / 72) == ("卫" * 42, 10)
    assert fitted_text("卫" * 60, box, (12, 10), 1 / 72) == ("卫" * 41 + "…", 10)


def test_a_slide_title_too_long_for_its_box_is_cut_not_drawn_over_the_subtitle():
    """A trial: a title of 119 characters wrapped onto a third line, printed over the note
    under it, in the PPTX and the PDF."""
    slides = [Slide("卫" * 120, "名次为全市总排名", table=Table(["单位"], [["兰州市第一医院"]]))]
    deck = Presentation(io.BytesIO(deck_pptx(slides)))
    title = deck.slides[0].shapes.title.text_frame.paragraphs[0].runs[0]
    # 880.8 pt a line at 18 pt (the smallest): 48 characters (864 pt; '…' adds 10.8 pt, 874.8
    # pt); two lines of 0.3 in in 0.75 in: 96 characters and '…'
    assert (title.text, title.font.size.pt) == ("卫" * 96 + "…", 18)
    page = pypdf.PdfReader(io.BytesIO(deck_pdf(slides))).pages[0]
    drawn = page.extract_text().replace("\x00", "")
    # the PDF's box, at 16 pt, holds two lines of 55 characters (889.6 pt a line): the title
    # is cut there too, to at most 110 and '…', and the subtitle is drawn after it
    lines = drawn.split("\n")
    title_lines = lines[: lines.index("名次为全市总排名")]
    assert len(title_lines) == 2 and title_lines[1].endswith("卫…")
    assert 100 <= "".join(title_lines).count("卫") <= 110


def test_an_emoji_in_a_units_name_is_drawn_in_the_pdf_not_left_out():
    """A trial: a unit registered as 🏥医院 read 医院 on every PDF slide listing it (the PPTX
    kept it): the CJK font has no 🏥, and the PDF's table text is written in one font. What
    the CJK font lacks is now written in Symbola (fonts-symbola, scripts/setup.sh), in the
    table's cells and in the text boxes alike."""
    table = Table(["名次", "单位"], [["1", "🏥医院"], ["2", "兰州市第1医院"]], widths=[1, 4])
    slides = split_table("🏥医院等单位", table, "（续 {n}/{total}）")
    reader = pypdf.PdfReader(io.BytesIO(deck_pdf(slides)))
    [page] = reader.pages
    text = "".join(ch for ch in page.extract_text() if ch not in " \x00")
    assert text.count("🏥医院") == 2  # the title's and the cell's
    assert "兰州市第1医院" in text
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("Symbola" in name for name in fonts), fonts
