"""Upload (analyst): choose files, see the dry run, then load; the history, with withdraw
and the day a loaded file was received."""

import streamlit as st

from etl.contracts import KINDS
from ui import upload_batch as batch
from ui import upload_view as view
from ui import uploads
from ui.data import bump, connection
from ui.frame import frame
from ui.literal import literal_t
from ui.signin import require_role
from ui.upload_words import date_words, uploader_words

ctx = frame("upload", "analyst", selectors=False)
con = connection()
st.title(ctx.t("frame.menu.upload"))

round_no = st.session_state.setdefault("upload_round", 0)
go = batch.pressed(round_no)
if batch.cut_short(ctx):  # a rerun stopped this session's batch: say what it loaded
    bump()
said_here = st.container()  # the last batch's words, above the files (upload_batch.show)

uploader_words(ctx.lang, view.UPLOAD_TYPES)
date_words(ctx.lang)
chosen = st.file_uploader(
    ctx.t("upload.choose"),
    type=list(view.UPLOAD_TYPES),
    accept_multiple_files=True,
    key=f"upload_files_{ctx.user}_{round_no}",  # the next user of the screen starts afresh
    help=ctx.t("upload.choose_help"),
)

batch.show(ctx, said_here, tuple(f.file_id for f in chosen or []))
checked, heads = [], []
for file in chosen or []:  # each file's boxes keyed by the file, not by its place in the list
    with st.container(border=True):
        sheets = view.sheet_names_of(file)
        head, choice, when, *where = st.columns(
            [2.5, 1.2, 1, 1.3] if len(sheets) > 1 else [3, 1.3, 1]
        )
        box = f"{round_no}_{file.file_id}"
        kind = view.file_choice(
            choice, ctx, "kind", KINDS, box, lambda k: uploads.kind_label(k, ctx.lang)
        )
        quarter = view.file_choice(when, ctx, "quarter", uploads.stated_quarter_choices(), box)
        sheet = view.file_choice(where[0], ctx, "sheet", sheets, box) if where else None
        # a workbook of several data sheets: an upload per sheet, each checked in the box
        sheet_checks = view.checked_uploads(con, ctx, head, file, kind, quarter, sheet)
        checked += sheet_checks
        heads += [head] * len(sheet_checks)

checked = view.checked_together(con, ctx, checked)  # as their load together will find them
for head, (_, result) in zip(heads, checked, strict=True):
    view.draw_check(ctx, head, result)
view.draw_problems(ctx, (r for _, r in checked))
ready = uploads.loadable(checked)
if chosen:
    label = view.load_label(ctx, checked)
    received = view.received_day(ctx, key=f"upload_received_{round_no}")
    disabled = not ready or go  # pressed once: no second press restarts the batch
    st.button(
        label, type="primary", disabled=disabled, key="load", on_click=batch.press, args=(round_no,)
    )
    if go and ready:
        user = require_role(ctx, "analyst")
        bar = st.progress(0.0, text=ctx.t("upload.loading"))
        record = batch.start(ctx, [u.name for u, _ in ready])

        def report(done: int, total: int, result) -> None:
            batch.loaded_one(record, result)  # kept first: a Streamlit call may stop the run
            name = result.named().in_lang(ctx.lang)
            bar.progress(done / total, text=literal_t(ctx, "upload.loaded_one", name=name))

        try:
            uploads.load_uploads(con, [u for u, _ in ready], user, report, received)
        except Exception as exc:  # a database failure: say so, never a traceback
            batch.cut_short(ctx, error=str(exc))
        else:
            results = batch.finish(record)
            refused = uploads.record_refusals(con, checked, user)
            batch.say(ctx, view.load_messages(ctx, results) + view.left_out(ctx, refused))
        finally:  # also when a rerun or a closed session stops it (no Streamlit call here)
            batch.ended(record)
        bump()
        st.session_state["upload_round"] = round_no + 1
        st.session_state.pop("upload_dry_runs", None)
        st.rerun()
    elif go:  # passed when pressed, refused now (the account's scope narrowed meanwhile)
        user = require_role(ctx, "analyst")
        batch.say(ctx, view.left_out(ctx, uploads.record_refusals(con, checked, user)))
        st.session_state["upload_round"] = round_no + 1
        st.rerun()
else:
    st.info(ctx.t(view.first_note()))

st.divider()
st.subheader(ctx.t("upload.history"))
past = view.visible_history(ctx, con)
if past.height == 0:
    st.caption(ctx.t("upload.no_history"))
else:
    view.draw_history(ctx, past)
    candidates = view.withdrawable(ctx, past)
    if candidates:
        option = view.load_option(ctx, past)
        with st.form("withdraw_form"):
            load_id = st.selectbox(
                ctx.t("upload.withdraw_which"),
                candidates,
                format_func=option,
                placeholder=ctx.t("widget.choose_one"),
            )
            # ticked anew for each withdrawal: the next load's box is not confirmed already
            withdrawals = st.session_state.setdefault("withdrawals", 0)
            confirm = st.checkbox(ctx.t("upload.withdraw_confirm"), key=f"confirm_{withdrawals}")
            go = st.form_submit_button(ctx.t("upload.withdraw"))
        if go:
            user = require_role(ctx, "analyst")
            if not confirm:
                st.warning(ctx.t("upload.withdraw_unconfirmed"))
            else:
                detail = uploads.withdraw_load(con, int(load_id), user, ctx.lang)
                bump()
                st.session_state["withdrawals"] = withdrawals + 1
                batch.say(ctx, [view.withdraw_message(ctx, load_id, detail)])
                st.rerun()
        asked = view.received_form(ctx, candidates, option)
        if asked:
            user = require_role(ctx, "analyst")
            detail = uploads.record_received(con, *asked, user, ctx.lang)
            bump()
            batch.say(ctx, [view.received_message(ctx, *asked, detail)])
            st.rerun()
