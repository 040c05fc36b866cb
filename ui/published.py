"""A published quarter on the pages: its figures as published by default, a switch to the
current ones, and the revisions since publication (which units changed, by how much, why)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from etl.messages import msg, person
from ui.data import FIGURES_KEY, published_quarters, query, showing_published
from ui.literal import literal

WIDGET = "_figures_widget"


def resolve_figures() -> str:
    """published | current: the URL's ``figures`` if given, else the session's choice."""
    asked = st.query_params.get(FIGURES_KEY)
    if asked in ("published", "current"):
        st.session_state[FIGURES_KEY] = asked
    return st.session_state.setdefault(FIGURES_KEY, "published")


def _copy_switch() -> None:
    chosen = "current" if st.session_state[WIDGET] else "published"
    st.session_state[FIGURES_KEY] = chosen
    st.query_params[FIGURES_KEY] = chosen


def publication_params(ctx) -> dict[str, int]:
    """For a query over every quarter (a unit's profile and rank history) on a page showing a
    published quarter: the publication to read it from, so that the page's figures are the
    published ones throughout, as the banner says; nothing when the page shows current data."""
    if not showing_published(ctx.quarter):
        return {}
    return {"publication": published_quarters()[ctx.quarter].publication_id}


def banner(ctx) -> None:
    """For a published quarter: which figures the page shows, the switch, the revisions."""
    resolve_figures()
    found = published_quarters().get(ctx.quarter) if ctx.quarter else None
    if found is None:
        return
    when = f"{found.published_at:%Y-%m-%d %H:%M}"
    by = person(found.published_by).in_lang(ctx.lang)
    words = {"quarter": ctx.quarter, "date": when, "by": literal(by)}
    current = st.session_state[FIGURES_KEY] == "current"
    st.session_state[WIDGET] = current
    if current:
        st.warning(ctx.t("published.showing_current", **words), icon=":material/update:")
    else:
        st.info(
            ctx.t("published.showing_published", number=found.publication_id, **words),
            icon=":material/verified:",
        )
    st.toggle(ctx.t("published.switch"), key=WIDGET, on_change=_copy_switch)
    changed = query("revisions", quarter=ctx.quarter, peer_group=ctx.peer_group)
    if changed.is_empty():
        since = loads_since(found.last_load_id, ctx.quarter)
        key = "published.no_revisions_despite" if since else "published.no_revisions"
        st.caption(ctx.t(key, count=since))
        return
    with st.expander(ctx.t("published.revisions", count=changed.height), expanded=current):
        st.dataframe(revision_rows(changed, ctx), hide_index=True, width="stretch")


def loads_since(last_load_id: int, quarter: str) -> int:
    """The loads in force made since the publication with rows of ``quarter`` (as the viewer
    may see them): a correction can change a quarter's data without moving any unit's index,
    rank or overdue findings, and the banner should not then say that nothing changed."""
    loads = query("loads", after_load_id=last_load_id)
    of_quarter = pl.col("quarters").fill_null("").str.split(",").list.contains(quarter)
    return loads.filter((pl.col("outcome") == "loaded") & of_quarter).height


def revision_rows(changed: pl.DataFrame, ctx) -> pl.DataFrame:
    """The revisions as the page shows them, headed in the page's language."""
    columns = {
        "unit_code": ctx.t("published.col.unit_code"),
        "unit_name": ctx.t("published.col.unit_name"),
        "published_value": ctx.t("published.col.published_value"),
        "current_value": ctx.t("published.col.current_value"),
        "value_change": ctx.t("published.col.value_change"),
        "published_rank": ctx.t("published.col.published_rank"),
        "current_rank": ctx.t("published.col.current_rank"),
        "loads": ctx.t("published.col.loads"),
        "overdue": ctx.t("published.col.overdue"),
    }
    # the overdue findings as published → now, in one narrow column after the loads
    overdue = pl.format(
        "{} → {}",
        pl.col("published_overdue").fill_null(0),
        pl.col("current_overdue").fill_null(0),
    )
    return (
        changed.with_columns(overdue.alias("overdue"))
        .select(list(columns))
        .with_columns(pl.col(pl.Float64).round(2))
        .rename(columns)
    )


def publish_quarter(ctx, quarter: str) -> None:
    """Publish a quarter (the Meeting pack page's button): admin only, checked here on the
    server whatever the page showed; audited; every page then shows the publication. Says
    what was done, why it was refused, and when the quarter has not ended yet."""
    import accounts
    from etl.publish import PublishRefused, publish
    from etl.quarters import unfinished
    from ui.data import bump, connection
    from ui.signin import require_role

    user = require_role(ctx, "admin")
    try:
        done = publish(connection(), quarter, user)
    except PublishRefused as refused:
        st.error(refused.text.in_lang(ctx.lang))
        return
    accounts.audit(connection(), user, "publish", True, done.described)
    bump()
    st.success(ctx.t("pack.page.published_now", number=done.publication_id))
    if unfinished(quarter):
        st.warning(msg("publish.unfinished", quarter=quarter).in_lang(ctx.lang))
