"""Method: the scoring method in plain words (docs/METHOD.md, written with the queries), and
the indicator system in force in any quarter."""

import re
from pathlib import Path

import streamlit as st

from etl import settings
from i18n.voice import in_own_words
from ui.data import query
from ui.frame import frame
from ui.indicator_system_view import quarter_choice, system_in_force

ctx = frame("method", selectors=False)
METHOD_FILE = Path(__file__).resolve().parent.parent / "docs" / "METHOD.md"


LANGUAGE_HEADINGS = {"zh": "## 中文", "en": "## English"}
# lines between these (file names, tests, how the code is kept in step) are for developers
# reading docs/METHOD.md, not for a bureau's readers of the page
DEVELOPERS_ONLY = ("<!-- developers -->", "<!-- /developers -->")


def for_readers(lines: list[str]) -> list[str]:
    """The lines without the developers' passages."""
    kept, hidden = [], False
    for line in lines:
        if line.strip() in DEVELOPERS_ONLY:
            hidden = line.strip() == DEVELOPERS_ONLY[0]
        elif not hidden:
            kept.append(line)
    return kept


def method_body(text: str, lang: str) -> str:
    """The document in the page's language: its ``## 中文`` or ``## English`` part when it has
    both, else all of it; without its own top heading (the page title stands in for it)."""
    first, _, rest = text.partition("\n")
    body = rest if first.startswith("# ") else text
    lines = for_readers(body.splitlines())
    starts = {
        code: i
        for i, line in enumerate(lines)
        for code, h in LANGUAGE_HEADINGS.items()
        if line.strip() == h
    }
    if len(starts) < 2:
        return body.strip()
    begin = starts[lang] + 1
    end = next((i for i in sorted(starts.values()) if i > starts[lang]), len(lines))
    return "\n".join(lines[begin:end]).strip()


# A Chinese sentence the document wraps goes on without a space: Markdown reads a line break
# inside a paragraph as one ("由开发人员 增加", "时， 未达到"). A line of a paragraph or list
# item ending in a Chinese character or mark takes the next line when that (indented or not)
# begins with a Chinese character; headings and table rows keep their line breaks.
ENDS_CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]$")
STARTS_CJK = re.compile('^[ \t]*[\u3400-\u9fff"\u201c]')


def unwrapped(text: str) -> str:
    lines: list[str] = []
    for line in text.splitlines():
        last = lines[-1] if lines else ""
        if (
            last.lstrip()[:1] not in ("#", "|", "")
            and ENDS_CJK.search(last)
            and STARTS_CJK.match(line)
        ):
            lines[-1] = last + line.lstrip()
        else:
            lines.append(line)
    return "\n".join(lines)


st.title(ctx.t("frame.menu.method"))
if METHOD_FILE.is_file():
    body = method_body(METHOD_FILE.read_text(encoding="utf-8"), ctx.lang)
    st.markdown(unwrapped(in_own_words(body, ctx.lang)))  # a county's 乡镇 where 区县 is written
else:
    st.info(ctx.t("method.missing"))
if ctx.quarters:  # the system in force, quarter by quarter (an admin edits it on its page)
    st.subheader(ctx.t("method.system.title"))
    quarter = quarter_choice(ctx, sorted(ctx.quarters, reverse=True), "method_quarter")
    st.caption(ctx.t("method.system.caption", quarter=ctx.quarter_said(quarter)))
    indicators = query("indicators", quarter=quarter)
    if indicators.is_empty():  # a new bureau's store: an empty table said nothing of why
        st.info(ctx.t("system.none_in_force", quarter=ctx.quarter_said(quarter)))
    else:
        system_in_force(ctx, indicators, query("targets", quarter=quarter))
st.subheader(ctx.t("method.settings.title"))
for setting in (s for s in settings.SETTINGS if s.kind == "method"):
    st.markdown("- " + ctx.t(f"method.settings.{setting.name}", value=setting.default))
