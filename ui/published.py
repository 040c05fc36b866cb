"""A published quarter on the pages: its figures as published by default, a switch to the
current ones, and the revisions since publication (which units changed, by how much, why)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from charts.labels import fmt_date, fmt_number, group_label, quarter_label
from etl.contracts import ALL_PEER_GROUPS
from etl.messages import msg, person
from queries.composed import loads_in, revised_units, within_peer_groups
from ui import tables
from ui.data import (
    FIGURES_KEY,
    published_quarters,
    query,
    replaced_publication,
    showing_published,
)
from ui.literal import literal
from ui.page_parts import index_column

WIDGET = "_figures_widget"
PUBLISH_MESSAGES = "_publish_messages"  # what a publication said, shown in the run after it
PUBLISH_PENDING = "_publish_pending"  # a quarter not ended yet, waiting for its confirmation


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


def publication_params(ctx, quarter: str | None = None) -> dict[str, int]:
    """For a query over every quarter (a unit's profile and rank history, the trends' rates
    of attainment) on a page showing a published quarter (``quarter``, else the page's): the
    publication to read it from, so that the page's figures are the published ones
    throughout, as the banner says; nothing when the page shows current data."""
    quarter = quarter or ctx.quarter
    if not showing_published(quarter):
        return {}
    return {"publication": published_quarters()[quarter].publication_id}


def banner(ctx) -> None:
    """For a published quarter: which figures the page shows, the switch, the revisions."""
    resolve_figures()
    found = published_quarters().get(ctx.quarter) if ctx.quarter else None
    if found is None:
        return
    when = fmt_date(found.published_at, ctx.lang)
    by = person(found.published_by).in_lang(ctx.lang)
    words = {"quarter": ctx.quarter_text, "date": when, "by": literal(by)}
    current = st.session_state[FIGURES_KEY] == "current"
    st.session_state[WIDGET] = current
    if current:
        st.warning(ctx.t("published.showing_current", **words), icon=":material/update:")
    else:
        st.info(
            ctx.t("published.showing_published", number=found.publication_id, **words),
            icon=":material/verified:",
        )
    replaced = replaced_publication(ctx.quarter)
    if replaced is not None and not current:
        revision_of(ctx, found, replaced)
    st.toggle(ctx.t("published.switch"), key=WIDGET, on_change=_copy_switch)
    # counted within the peer groups, as the Meeting-pack page and the pack count them (the
    # page said 45 units where the Meeting-pack page said 25, counting ranks among every unit)
    changed = in_groups("revisions", ctx.quarter, groups_shown(ctx))
    if changed.is_empty():
        since = loads_since(found.last_load_id, ctx.quarter)
        key = "published.no_revisions_despite" if since else "published.no_revisions"
        st.caption(ctx.t(key, count=since))
        return
    with st.expander(ctx.t("published.revisions", count=changed.height), expanded=current):
        revision_table(changed, ctx)


def revision_of(ctx, found, replaced) -> None:
    """A quarter published again after a correction: that the figures shown revise an earlier
    publication (the leader who read the first one's figures must not take the two for the
    same), and which units it revised, each as the two publications had it. Counted within
    the peer groups, as the republished circular counts them (the Overview said 3 units
    where the circular said 2: it counted ranks among every unit)."""
    changed = in_groups(
        "publication_revisions", ctx.quarter, groups_shown(ctx), number=found.publication_id
    )
    words = {
        "number": replaced.publication_id,
        "date": fmt_date(replaced.published_at, ctx.lang),
        "changed": revised_units(changed, within_groups=True).in_lang(ctx.lang).strip(),
    }
    key = "published.revision_of" if changed.height else "published.revision_of_unchanged"
    st.warning(ctx.t(key, **words), icon=":material/published_with_changes:")
    if changed.is_empty():
        return
    between = {"before": replaced.publication_id, "after": found.publication_id}
    labels = {
        "published_value": ctx.t("published.col.value_of", number=between["before"]),
        "current_value": ctx.t("published.col.value_of", number=between["after"]),
        "published_rank": ctx.t("published.col.rank_of", number=between["before"]),
        "current_rank": ctx.t("published.col.rank_of", number=between["after"]),
        "status": ctx.t("published.col.status_between", **between),
        "overdue": ctx.t("published.col.overdue_between", **between),
    }
    title = ctx.t("published.revised_units", number=found.publication_id, count=changed.height)
    with st.expander(title):
        revision_table(changed, ctx, labels)


def revised_since_publication(ctx, quarter: str) -> None:
    """On the Meeting-pack page, for a published quarter: how many units (of those the reader
    may see) changed since, so that whoever builds or republishes the pack knows the two
    kinds of figures differ, with the revisions as the other pages list them; counted and
    ranked within the peer groups, as the pack built here counts them."""
    changed = in_groups("revisions", quarter, every_group())
    if changed.is_empty():
        return
    units = revised_units(changed, within_groups=True).in_lang(ctx.lang)
    st.warning(ctx.t("pack.page.revised", changed=units), icon=":material/update:")
    with st.expander(ctx.t("published.revisions", count=changed.height)):
        revision_table(changed, ctx)


def every_group() -> list[str]:
    return query("peer_groups")["peer_group"].to_list()


def groups_shown(ctx) -> list[str]:
    """The peer group the page shows, or every group for 全部."""
    return [ctx.peer_group] if ctx.peer_group != ALL_PEER_GROUPS else every_group()


def in_groups(name: str, quarter: str, groups: list[str], **params) -> pl.DataFrame:
    """Query ``name`` (revisions, publication_revisions) within each of ``groups``
    (``within_peer_groups``): what a pack counts as changed."""
    return within_peer_groups(
        lambda group: query(name, quarter=quarter, peer_group=group, **params), groups
    )


def revision_table(changed: pl.DataFrame, ctx, labels: dict | None = None) -> None:
    """The revisions, each index to two decimals as the pages rank it (87.5 beside 82.04, and
    100 beside 99.50, read as figures of different precision); ``labels``: column headings in
    place of the usual ones (as published → now), by column."""
    labels = labels or {}
    indices = ("published_value", "current_value", "value_change")
    headings = [labels.get(c) or ctx.t(f"published.col.{c}") for c in indices]
    config = {heading: index_column(heading) for heading in headings}
    rows = revision_rows(changed, query("loads"), ctx, labels)
    tables.dataframe(rows, hide_index=True, width="stretch", column_config=config)


def loads_since(last_load_id: int, quarter: str) -> int:
    """The loads in force made since the publication with rows of ``quarter`` (as the viewer
    may see them): a correction can change a quarter's data without moving any unit's index,
    rank or overdue findings, and the banner should not then say that nothing changed. A
    load that only restated the rows it replaced changed nothing: not counted."""
    loads = query("loads", after_load_id=last_load_id)
    of_quarter = pl.col("quarters").fill_null("").str.split(",").list.contains(quarter)
    changed = (pl.col("outcome") == "loaded") & ~pl.col("restated")
    return loads.filter(changed & of_quarter).height


def or_group(changed: pl.DataFrame, side: str, group: str, key: str, ctx) -> pl.Expr:
    """The status of one side (published or current) of a revision in words, or, where that
    side has none because the unit was in another group then (``group``), that group."""
    statuses = {s: ctx.t(f"pages.status.{s}") for s in ("ranked", "insufficient_data")}
    said = pl.col(side).replace_strict(statuses, default="—")
    groups = {
        g: ctx.t(key, group=group_label(g, ctx.lang))
        for g in changed[group].drop_nulls().unique().to_list()
    }
    return (
        pl.when(pl.col(side).is_null() & pl.col(group).is_not_null())
        .then(pl.col(group).replace_strict(groups, default=None))
        .otherwise(said)
    )


def revision_rows(
    changed: pl.DataFrame, log: pl.DataFrame, ctx, labels: dict | None = None
) -> pl.DataFrame:
    """The revisions as the page shows them, headed and worded in the page's language
    (``log``: the ``loads`` query's rows, naming the loads; ``labels``: headings in place of
    the usual ones, by column)."""
    columns = {
        "unit_code": ctx.t("published.col.unit_code"),
        "unit_name": ctx.t("published.col.unit_name"),
        # next to the name: a unit fallen to 数据不足 is read as such before its index
        "status": ctx.t("published.col.status"),
        "published_value": ctx.t("published.col.published_value"),
        "current_value": ctx.t("published.col.current_value"),
        "value_change": ctx.t("published.col.value_change"),
        # why, before the ranks the changes moved: at 1280 px the columns after it scroll
        "loads": ctx.t("published.col.loads"),
        "published_rank": ctx.t("published.col.published_rank"),
        "current_rank": ctx.t("published.col.current_rank"),
        "overdue": ctx.t("published.col.overdue"),
        "previous": ctx.t("published.col.previous"),
    } | (labels or {})
    # a unit regrouped since publication has no figures in the group now: say where it went;
    # and one regrouped into it, where it was when published (it read as a unit new since)
    published = or_group(changed, "published", "published_group", "published.then_in", ctx)
    current = or_group(changed, "current", "current_group", "published.now_in", ctx)
    # as published → now, each in one narrow column
    overdue = (pl.col(f"{c}_overdue").fill_null(0) for c in ("published", "current"))
    previous = (two_decimals(f"{c}_previous") for c in ("published", "current"))
    return (
        changed.rename({"published_status": "published", "current_status": "current"})
        .with_columns(
            pl.format("{} → {}", published, current).alias("status"),
            pl.format("{} → {}", *overdue).alias("overdue"),
            pl.format("{} → {}", *previous).alias("previous"),
        )
        .with_columns(loads_in(changed, log, ctx.lang))
        .select(list(columns))
        .with_columns(pl.col(pl.Float64).round(2))
        .rename(columns)
    )


def two_decimals(column: str) -> pl.Expr:
    """An index as the tables show it (84.10), or — where there is none (``fmt_number``)."""
    return pl.col(column).map_elements(
        lambda v: fmt_number(v, 2), return_dtype=pl.String, skip_nulls=False
    )


def publish_button(ctx, quarter: str) -> None:
    """The Meeting-pack page's publish button. A quarter that has not ended yet is published
    only once confirmed, after the page says how many units have data so far: a click put a
    quarter under way out with 10 of 80 units reported, said only in a note after it (browser
    trial D), and every page then showed those figures by default."""
    from etl.quarters import unfinished

    label = ctx.t("pack.page.publish", quarter_label=quarter_label(quarter, ctx.lang))
    if st.button(label, key="mp_publish", on_click=mark_pressed):
        if not unfinished(quarter):
            publish_quarter(ctx, quarter)
            return
        st.session_state[PUBLISH_PENDING] = quarter
    if st.session_state.get(PUBLISH_PENDING) != quarter:
        return
    head = query("bureau_headline", quarter=quarter).row(0, named=True)
    st.warning(
        ctx.t(
            "pack.page.confirm_unfinished",
            quarter=quarter_label(quarter, ctx.lang),
            reported=head["units_assessed"],
            units=head["units_total"],
        ),
        icon=":material/schedule:",
    )
    confirm, cancel = st.columns(2)
    if confirm.button(ctx.t("pack.page.confirm_publish"), key="mp_confirm", type="primary"):
        del st.session_state[PUBLISH_PENDING]
        publish_quarter(ctx, quarter)
    elif cancel.button(ctx.t("pack.page.cancel_publish"), key="mp_cancel"):
        del st.session_state[PUBLISH_PENDING]
        st.rerun()


PUBLISH_PRESSED = "_publish_pressed"  # the publish button was pressed: drawn in the next run


def mark_pressed() -> None:
    st.session_state[PUBLISH_PRESSED] = True


def publish_pressed() -> bool:
    """Whether the publish button was pressed for this run (its callback ran first): the page
    draws it then whatever the account may do now, so that a press by an account narrowed
    since the button was drawn is refused in words and audited (``publish_quarter``). Not
    drawn, the button lost the press: it vanished, nothing said, nothing in the audit log."""
    return bool(st.session_state.pop(PUBLISH_PRESSED, False))


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
    if not accounts.may_publish(connection(), user):  # an admin of some districts, or a unit
        own = accounts.scope_text(accounts.scope_of(connection(), user))
        refused = msg("publish.audit_not_bureau_wide", quarter=quarter)
        accounts.audit(connection(), user, "publish", False, refused)
        st.error(ctx.t("pack.page.publish_bureau_wide", own=own.in_lang(ctx.lang)))
        return
    try:
        done = publish(connection(), quarter, user)
    except PublishRefused as refused:
        st.error(refused.text.in_lang(ctx.lang))
        return
    accounts.audit(connection(), user, "publish", True, done.described)
    bump()
    said = [("ok", ctx.t("pack.page.published_now", number=done.publication_id))]
    if unfinished(quarter):
        said.append(("warning", msg("publish.unfinished", quarter=quarter).in_lang(ctx.lang)))
    # drawn again from the top: the page above the button still said when the quarter was
    # published before and how many units changed since, beside "published" (browser trial D)
    st.session_state[PUBLISH_MESSAGES] = said
    st.rerun()


def publish_messages() -> None:
    """What the publication just made said, once, in the run after it."""
    for level, text in st.session_state.pop(PUBLISH_MESSAGES, []):
        (st.success if level == "ok" else st.warning)(text)
