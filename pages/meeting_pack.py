"""Meeting pack: one click makes the quarter's slides (PPTX), the same content as a PDF and
the draft circular (DOCX), with a progress bar; the files then download from this page."""

import time
from functools import partial

import streamlit as st

import accounts
from charts.export import MIME_TYPES
from charts.fonts import font_problem
from charts.labels import fmt_date
from charts.pack import (
    PackInputError,
    PackRequest,
    group_label,
    make_pack,
    pack_file_name,
    quarter_label,
)
from ui import page_parts as parts
from ui.data import connection, published_quarters, query, viewer_scope
from ui.frame import frame
from ui.guarded_downloads import ON_CLICK, for_this_account
from ui.literal import literal
from ui.published import (
    publish_button,
    publish_messages,
    publish_pressed,
    revised_since_publication,
)

ctx = frame("meeting_pack", selectors=False)

st.title(ctx.t("pack.page.title"))
st.caption(ctx.t("pack.page.intro"))
if not ctx.quarters:
    st.info(ctx.t("pack.page.no_data"))
    st.stop()
problem = font_problem(ctx.lang)
if problem:
    st.error(problem)
    st.stop()

quarters = sorted(ctx.quarters, reverse=True)
parts.seed_widget("mp_quarter", ctx.quarter if ctx.quarter in quarters else quarters[0])
parts.same_choice_in_either_language(ctx, "mp_quarter", "mp_groups")
with st.form("pack_form", border=False):
    cols = st.columns([2, 3, 3])
    quarter = cols[0].selectbox(
        ctx.t("pack.page.quarter"),
        quarters,
        format_func=lambda q: quarter_label(q, ctx.lang),
        key="mp_quarter",
        placeholder=ctx.t("widget.choose_one"),
    )
    districts = cols[1].multiselect(
        ctx.t("pack.page.districts"),
        query("districts")["district"].to_list(),
        key="mp_districts",
        select_all=parts.SELECT_ALL,
        placeholder=ctx.t("pages.filter.all_districts"),  # none chosen: every district
    )
    groups = cols[2].multiselect(
        ctx.t("pack.page.peer_groups"),
        query("peer_groups")["peer_group"].to_list(),
        format_func=lambda g: group_label(g, ctx.lang),
        key="mp_groups",
        select_all=parts.SELECT_ALL,
        placeholder=ctx.t("charts.all_groups"),  # none chosen: every peer group
    )
    as_published = st.checkbox(ctx.t("pack.page.as_published"), value=True, key="mp_published")
    build = st.form_submit_button(ctx.t("pack.page.build"), type="primary")

publication = published_quarters().get(quarter)
if publication is not None:
    when = fmt_date(publication.published_at, ctx.lang)
    st.caption(ctx.t("pack.page.published", date=when, number=publication.publication_id))
    revised_since_publication(ctx, quarter)
# a bureau-wide admin's, checked again on press (a press by one no longer so is refused in words)
if publish_pressed() or accounts.may_publish(connection(), ctx.user):
    publish_button(ctx, quarter)
publish_messages()

if build:
    chosen = publication.publication_id if as_published and publication else None
    request = PackRequest(
        quarter,
        ctx.lang,
        tuple(groups),
        tuple(districts),
        publication=chosen,
        scope=viewer_scope(),  # the pack shows what its reader may see, nothing more
    )
    bar = st.progress(0.0, text=ctx.t("pack.progress.queries"))
    started = time.perf_counter()
    try:
        files = make_pack(
            connection(),
            request,
            progress=lambda f, message: bar.progress(f, text=literal(message)),
        )
    except PackInputError as bad:
        st.error(literal(str(bad)))
        st.stop()
    st.session_state["mp_pack"] = (ctx.user, request, files, time.perf_counter() - started)

# a pack built in this browser session is offered to whoever built it, as they may see now:
# after a sign-out, the next user of a shared screen got the bureau-wide pack
kept = st.session_state.get("mp_pack")
if kept is not None and (kept[0] != ctx.user or kept[1].scope != viewer_scope()):
    st.session_state.pop("mp_pack")
if "mp_pack" in st.session_state:
    _, request, files, seconds = st.session_state["mp_pack"]
    st.success(ctx.t("pack.page.done", slides=len(files.slides), seconds=seconds))
    row = st.container(horizontal=True, gap="small")
    for ext, data, label in (
        ("pptx", files.pptx, "pack.page.download_pptx"),
        ("pdf", files.pdf, "pack.page.download_pdf"),
        ("docx", files.docx, "pack.page.download_docx"),
    ):
        row.download_button(
            ctx.t(label),
            data=for_this_account(ctx, partial(bytes, data)),
            file_name=pack_file_name(request, files.figures, ext),
            mime=MIME_TYPES[ext],
            key=f"mp_download_{ext}",
            on_click=ON_CLICK,
            icon=":material/download:",
        )
