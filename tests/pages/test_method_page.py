"""The Method page renders docs/METHOD.md (or says plainly that it is not written yet)."""

import re
from pathlib import Path

import pytest

from i18n import t

METHOD = Path(__file__).resolve().parents[2] / "docs" / "METHOD.md"


@pytest.mark.parametrize(("lang", "title"), [("zh", "测评方法"), ("en", "Method")])
def test_method_page_in_both_languages(open_page, lang, title):
    at = open_page("pages/method.py", lang=lang)
    assert not at.exception
    assert [x.value for x in at.title] == [title]
    if METHOD.is_file():
        lines = METHOD.read_text(encoding="utf-8").splitlines()
        zh, en = lines.index("## 中文"), lines.index("## English")
        part = "\n".join(lines[zh + 1 : en] if lang == "zh" else lines[en + 1 :])
        # the developers' passages (file names, tests) are left out, markers and all
        shown = re.sub(r"\n *<!-- developers -->\n.*?<!-- /developers -->", "", part, flags=re.S)
        assert shown != part  # the document has such passages
        # as written, but for the line breaks inside Chinese sentences (the next test)
        assert re.sub(r"\s", "", at.main.markdown[0].value) == re.sub(r"\s", "", shown)
        assert not re.search(r"\.py|\.sql|tests/|developers", at.main.markdown[0].value)
    else:
        assert at.info[0].value == t("method.missing", lang)


def test_method_page_is_open_without_sign_in_but_not_when_viewing_needs_it(open_page, monkeypatch):
    monkeypatch.setenv("CIVBENCH_REQUIRE_SIGNIN", "1")
    at = open_page("pages/method.py", lang="en")
    assert at.title == [] and "signed-in viewer" in at.error[0].value


def test_the_method_speaks_to_any_bureau_not_only_a_citys():
    """The page is the same for a province, a city or a county (it is not filled with the
    bureau's words): it may not call the whole bureau 全市, nor the English "the city"."""
    text = METHOD.read_text(encoding="utf-8")
    assert "全市" not in text and "the city" not in text.lower()


def test_a_chinese_sentence_the_document_wraps_reads_on_without_a_space(open_page):
    """A trial read the Chinese page with stray spaces where docs/METHOD.md wraps its lines
    ("由开发人员 增加它的计算方法", "目标为 0 或负数时， 未达到目标得 0 分"): Markdown reads a
    line break inside a paragraph as a space, which Chinese does not put between words."""
    at = open_page("pages/method.py", lang="zh")
    shown = at.main.markdown[0].value
    assert "并由开发人员增加它的计算方法" in shown
    assert "目标为 0 或负数时，未达到目标得 0 分" in shown
    assert "\n### 2. 目标值\n" in shown  # headings keep their lines
