"""The User admin page's form for the bureau's name and level (i18n/voice.py): what exports,
the circular and the pages call the bureau and its whole area (全市, 全省 …)."""

from __future__ import annotations

import streamlit as st

import accounts
from i18n import t
from i18n.voice import LEVELS, Bureau
from ui.context import Context
from ui.page_parts import same_choice_in_either_language, seed_widget
from ui.signin import require_role
from ui.users_admin_view import Outcome, change


def save(con, by: str, lang: str, level: str, name: str) -> Outcome:
    """Set the level and name; a refusal (a district admin, a name of two lines) is audited and
    said as the other account changes are."""
    saved: list[Bureau] = []

    def work() -> None:
        saved.append(accounts.set_bureau(con, level=level, name=name, by=by))

    outcome = change(con, by, lang, None, "admin.bureau.saved", work)
    if not outcome.ok:
        return outcome
    words = saved[0].words(lang)
    return Outcome(True, t("admin.bureau.saved", lang, name=words["bureau"], area=words["area"]))


def draw(ctx: Context, con, report) -> None:
    """The form, filled with the bureau's settings; ``report(outcome, name)`` says the result."""
    now = accounts.bureau(accounts.stored_settings(con))
    levels = list(LEVELS)
    seed_widget("admin_bureau_level", now.level)
    same_choice_in_either_language(ctx, "admin_bureau_level")
    with st.expander(ctx.t("admin.bureau.title")), st.form("admin_bureau"):
        st.caption(ctx.t("admin.bureau.help"))
        level = st.selectbox(
            ctx.t("admin.bureau.level"),
            levels,
            format_func=lambda v: ctx.t("admin.bureau.level_option", level=v, **option_words(v)),
            key="admin_bureau_level",
            placeholder=ctx.t("widget.choose_one"),
        )
        name = st.text_input(
            ctx.t("admin.bureau.name"),
            value=now.name or "",
            placeholder=Bureau(now.level).words("zh")["bureau"],
            key="admin_bureau_name",
        )
        submitted = st.form_submit_button(ctx.t("admin.bureau.save"))
    if submitted:
        by = require_role(ctx, "admin")
        report(save(con, by, ctx.lang, level, name), by)


def option_words(level: str) -> dict[str, str]:
    """How a bureau of ``level`` says its area and the places one level down (全省 · 市州),
    in Chinese in both languages: the words the exports will then use."""
    words = Bureau(level).words("zh")
    return {"area": words["area"], "divisions": words["divisions"]}
