"""ui.literal: text from files escaped for Streamlit's Markdown (expected strings by hand).

What a browser then shows is checked in tests/browser/test_browser_literal_text.py."""

from ui.context import Context
from ui.literal import JOINER, literal, literal_t

EN = Context("unit_profile", "en", None, None, "2026Q3", None)


def test_markdown_and_streamlit_syntax_are_backslash_escaped():
    assert literal("**粗体**中心") == r"\*\*粗体\*\*中心"
    assert literal("_斜体_") == r"\_斜体\_"
    assert literal("# 标题") == r"\# 标题"
    assert literal("`代码`") == r"\`代码\`"
    assert literal("$x$") == r"\$x\$"
    assert literal(":red[x]") == r"\:red\[x\]"
    assert literal("<img src=x onerror=alert(1)>") == r"\<img src\=x onerror\=alert\(1\)\>"
    assert literal("a&amp;b") == r"a\&amp\;b"
    assert literal("1. 列表") == r"1\. 列表"


def test_bare_links_and_arrows_get_an_invisible_joiner():
    j = JOINER
    assert literal("[点我](http://evil.example)卫生院") == (
        rf"\[点我\]\(http\:{j}\/\/evil\.example\)卫生院"
    )
    assert literal("www.evil.example") == rf"www{j}\.evil\.example"
    assert literal("x@evil.example") == rf"x\@{j}evil\.example"
    assert literal("a <- b -> c") == rf"a \<{j}\- b \-{j}\> c"
    assert literal("-- >= <= ~=") == rf"\-{j}\- \>{j}\= \<{j}\= \~{j}\="


def test_plain_chinese_is_unchanged_and_breaks_and_ends_are_blanked():
    assert literal("兰州市城关第一医院（本部）") == "兰州市城关第一医院（本部）"
    assert literal("    缩进") == "缩进"  # four spaces would start a code block
    assert literal("第一行\n# 第二行\r\n末") == r"第一行 \# 第二行 末"
    assert literal(42) == "42"


def test_literal_t_escapes_the_values_not_the_template():
    caption = literal_t(
        EN, "pages.profile.caption", code="U1", district="**区**", group="二级医院", staff=3
    )
    assert caption == r"U1 · \*\*区\*\* · 二级医院 · 3 staff"
    refused = literal_t("en", "pages.profile.unknown_unit", unit="[x](http://e.example)")
    assert refused == (
        rf"There is no unit with code “\[x\]\(http\:{JOINER}\/\/e\.example\)”; "
        "showing the first unit instead."
    )
