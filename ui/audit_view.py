"""The audit log as an admin reads it, on every page that shows it (User admin, Indicator
system): columns, actions and results in the page's language, each entry's detail said in it
(``ui.logs.with_messages``), times to the second, empty cells where an entry names no user or
account (not "None")."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
import streamlit as st

import accounts
from etl.scope import EVERYTHING, Scope
from i18n import t
from ui import tables
from ui.data import viewer_scope
from ui.logs import as_person, notes_in_scope, with_messages
from ui.page_parts import SELECT_ALL, same_choice_in_either_language

AUDIT_LIMIT = 500


def audit_frame(
    con,
    lang: str,
    user: str | None = None,
    actions: Iterable[str] = (),
    limit: int = AUDIT_LIMIT,
    names: list[str] | None = None,
    scope: Scope = EVERYTHING,
) -> pl.DataFrame:
    """The latest ``limit`` entries, newest first, of ``actions`` (none: every action) made by
    or about ``user`` (none: anyone) and one of ``names`` (None: anyone; a scoped admin's
    accounts), with columns and results in ``lang``; an entry about a load that brought rows
    of units outside the reader's ``scope`` with its detail left out (``notes_in_scope``)."""
    frame = accounts.audit_entries(
        con,
        limit,
        actions=tuple(actions) or None,
        user=(user or "").strip() or None,
        names=names,
    )
    frame = notes_in_scope(con, frame, scope, "detail", by=("username", "subject"), at="logged_at")
    frame = with_messages(frame, lang, "detail")
    ok, failed = t("admin.ok", lang), t("admin.failed", lang)
    labels = {a: accounts.action_label(a, lang) for a in frame["action"].unique().to_list()}
    shown = frame.with_columns(
        pl.col("logged_at").dt.strftime("%Y-%m-%d %H:%M:%S"),
        pl.col("action").replace_strict(labels, return_dtype=pl.String),
        pl.when(pl.col("ok")).then(pl.lit(ok)).otherwise(pl.lit(failed)).alias("ok"),
        as_person("username", lang).fill_null(""),
        pl.col("detail", "subject").fill_null(""),
    )
    return shown.rename({c: t(f"admin.col.{c}", lang) for c in shown.columns})


def audit_filters(ctx, con) -> tuple[str, list[str]]:
    """The boxes that narrow the log: a user name (by or about) and the actions (none chosen:
    every action)."""
    left, right = st.columns(2)
    user = left.text_input(ctx.t("admin.audit_user"), key="admin_audit_user")
    same_choice_in_either_language(ctx, "admin_audit_actions")
    actions = right.multiselect(
        ctx.t("admin.audit_actions"),
        accounts.audit_actions(con),
        format_func=lambda action: accounts.action_label(action, ctx.lang),
        key="admin_audit_actions",
        placeholder="",
        select_all=SELECT_ALL,
    )
    return user, actions


def draw_audit(
    ctx,
    con,
    user: str | None = None,
    actions: Iterable[str] = (),
    limit: int = AUDIT_LIMIT,
    heading: str | None = None,
    empty: str | None = None,
    names: list[str] | None = None,
) -> None:
    """The log's entries (``audit_frame``) as a table under the caption ``heading`` (a
    catalogue key); when there are none, the caption ``empty`` (None: nothing at all)."""
    log = audit_frame(con, ctx.lang, user, actions, limit, names, viewer_scope())
    if not log.height:
        if empty:
            st.caption(ctx.t(empty))
        return
    if heading:
        st.caption(ctx.t(heading))
    tables.dataframe(log, width="stretch", hide_index=True)
