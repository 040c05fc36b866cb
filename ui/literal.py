"""Text from files shown as text: escaping for Streamlit's Markdown.

Every Streamlit element that draws a string (``st.title``, ``st.caption``, ``st.metric``,
``st.info``/``st.warning``/``st.error``/``st.success``, expander and widget labels, ``help``
tooltips, ``st.progress`` text) parses it as GitHub-flavoured Markdown plus Streamlit's own
syntax (``:red[…]``, ``$…$`` LaTeX, ``:emoji:``, ``:material/…:``). A unit registered as
``[点我](http://evil.example)卫生院`` would show as a link. Names, districts, indicator names,
finding texts, file names and the like therefore go through :func:`literal` before they reach
such an element (``st.dataframe`` cells, Altair charts and downloads are not Markdown: they
take the text as it is).

Two things a backslash does not stop, because Streamlit applies them to the parsed text
(checked in a browser, Streamlit 1.67): GFM's bare links (``http://…``, ``www.…``,
``name@host.example``) and the typographic arrows (``<-``, ``->``, ``--``, ``>=``, ``<=``,
``~=``). There an invisible WORD JOINER (U+2060) is put between the characters, which breaks
the pattern without changing what is seen.
"""

from __future__ import annotations

import re

from i18n import t

JOINER = "\u2060"  # WORD JOINER: zero width, no line break
# every ASCII punctuation character: CommonMark lets a backslash make any of them literal
_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_AUTOLINK = re.compile(r"(?i):(?=/)|www(?=\.)|@")
_ARROWS = re.compile(r"<(?=[-=])|-(?=[->])|>(?==)|~(?==)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def literal(text: object) -> str:
    """``text`` as Markdown that Streamlit shows exactly as written: line breaks become spaces
    and blanks at either end go (four leading spaces would make a code block)."""
    plain = _LINE_BREAK.sub(" ", str(text)).strip()
    plain = _AUTOLINK.sub(lambda m: m.group(0) + JOINER, plain)
    plain = _ARROWS.sub(lambda m: m.group(0) + JOINER, plain)
    return _PUNCTUATION.sub(r"\\\1", plain)


def literal_t(ctx, key: str, **fmt: object) -> str:
    """``ctx.t(key, **fmt)`` with every text value of ``fmt`` made literal; the translated
    template itself may keep its Markdown. Numbers are left as they are. ``ctx`` is a page's
    context or a language code."""
    lang = ctx if isinstance(ctx, str) else ctx.lang
    return t(key, lang, **{k: literal(v) if isinstance(v, str) else v for k, v in fmt.items()})
