"""What an exported document says about itself (File → Properties, a PDF reader's title bar):
its own title, the bureau as its author, its language and the moment it was made.

Left alone, python-pptx files every deck as last changed by "Steve Canny" in 2013 with the
comment "generated using python-pptx", python-docx signs the circular "python-docx", and the
PDF has no title: what a clerk who files the meeting's papers reads in the file's properties.
"""

from __future__ import annotations

import datetime as dt

from i18n import voice

LANGUAGE_TAGS = {"zh": "zh-CN", "en": "en-GB"}


def author(lang: str) -> str:
    """Who the documents say wrote them: the bureau, in its own name (i18n/voice.py)."""
    return voice.words(lang)["bureau"]


def stamp_office(core, title: str, lang: str) -> None:
    """Fill an Office document's core properties (python-pptx's or python-docx's, which share
    their names) in place of the library's defaults."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    core.title = title
    core.author = core.last_modified_by = author(lang)
    core.created = core.modified = now
    core.revision = 1
    core.language = LANGUAGE_TAGS.get(lang, lang)
    core.comments = core.subject = core.keywords = core.category = ""


def stamp_pdf(pdf, title: str, lang: str) -> None:
    """The same for an fpdf2 document (it dates the file itself when it writes it)."""
    pdf.set_title(title)
    pdf.set_author(author(lang))
    pdf.set_creator(author(lang))
    pdf.set_lang(LANGUAGE_TAGS.get(lang, lang))
