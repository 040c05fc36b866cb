"""Upload (analyst): choose files, see the dry run, then load; the history, with withdraw."""

import streamlit as st

from charts.export import table_csv
from etl.contracts import KINDS
from ui import uploads
from ui.data import bump, connection, data_version
from ui.frame import frame
from ui.signin import require_role

ctx = frame("upload", "analyst", selectors=False)
con = connection()
st.title(ctx.t("frame.menu.upload"))

for level, text in st.session_state.pop("upload_messages", []):
    (st.success if level == "ok" else st.error)(text)

round_no = st.session_state.setdefault("upload_round", 0)
chosen = st.file_uploader(
    ctx.t("upload.choose"),
    type=["csv", "txt", "xlsx", "xls"],
    accept_multiple_files=True,
    key=f"upload_files_{round_no}",
    help=ctx.t("upload.choose_help"),
)


def checked_upload(file, kind, quarter, sheet) -> tuple[uploads.Upload, object]:
    """The dry run of one file, remembered for this session until the data changes."""
    upload = uploads.Upload(file.name, file.getvalue(), kind, quarter, sheet)
    cache = st.session_state.setdefault("upload_dry_runs", {})
    key = (upload.digest, upload.name, kind, quarter, sheet, data_version())
    if key not in cache:
        cache[key] = uploads.dry_run(con, upload, by=ctx.user)
    return upload, cache[key]


def sheet_names_of(file) -> list[str]:
    """A workbook's sheet names, read once per chosen file (not again on every widget change)."""
    cache = st.session_state.setdefault("upload_sheet_names", {})
    if file.file_id not in cache:
        cache[file.file_id] = uploads.workbook_sheet_names(file.getvalue(), file.name)
    return cache[file.file_id]


checked = []
for index, file in enumerate(chosen or []):
    with st.container(border=True):
        sheets = sheet_names_of(file)
        head, choice, when, *where = st.columns([3, 1.3, 1, 1] if len(sheets) > 1 else [3, 1.3, 1])
        kind = choice.selectbox(
            ctx.t("upload.kind"),
            (None, *KINDS),
            format_func=lambda k: (
                ctx.t("upload.detect") if k is None else uploads.kind_label(k, ctx.lang)
            ),
            key=f"upload_kind_{round_no}_{index}",
        )
        quarter = when.selectbox(
            ctx.t("upload.quarter"),
            (None, *uploads.stated_quarter_choices()),
            format_func=lambda q: ctx.t("upload.quarter_from_file") if q is None else q,
            key=f"upload_quarter_{round_no}_{index}",
            help=ctx.t("upload.quarter_help"),
        )
        sheet = None
        if where:
            sheet = where[0].selectbox(
                ctx.t("upload.sheet"),
                (None, *sheets),
                format_func=lambda s: ctx.t("upload.sheet_auto") if s is None else s,
                key=f"upload_sheet_{round_no}_{index}",
                help=ctx.t("upload.sheet_help"),
            )
        upload, result = checked_upload(file, kind, quarter, sheet)
        checked.append((upload, result))
        kind_name = uploads.kind_label(result.kind, ctx.lang)
        head.markdown(f"**{file.name}** · {kind_name}")
        if result.outcome == "rejected":
            head.error(ctx.t("upload.rejected", problems=result.problem_total))
            continue
        if result.outcome == "unchanged":
            head.info(ctx.t("upload.unchanged", load_id=result.load_id))
            continue
        quarters = ", ".join(result.quarters) or "—"
        head.success(
            ctx.t("upload.checked", rows=result.rows, quarters=quarters, units=result.units)
        )
        if result.replaced:
            head.warning(ctx.t("upload.will_replace", replaced=result.replaced), icon="⚠️")
        else:
            head.caption(ctx.t("upload.replaces_nothing"))
        if result.ignored_columns:
            st.caption(ctx.t("upload.ignored", columns=", ".join(result.ignored_columns)))
        if result.preview is not None:
            st.caption(ctx.t("upload.preview"))
            preview = uploads.preview_for_display(result.preview, result.kind, ctx.lang)
            st.dataframe(preview, width="stretch", hide_index=True)

problems = uploads.problems_frame((r for _, r in checked), ctx.lang)
labels = {c: ctx.t(f"upload.problem.{c}") for c in uploads.PROBLEM_COLUMNS}
if problems.height:
    st.subheader(ctx.t("upload.problems", count=problems.height))
    st.dataframe(problems.rename(labels), width="stretch", hide_index=True)
    st.download_button(
        ctx.t("upload.problems_csv"),
        table_csv(problems, labels),
        file_name="problems.csv",
        mime="text/csv",
        on_click="ignore",
    )

ready = uploads.loadable(checked)
if chosen:
    label = ctx.t("upload.load", count=len(ready)) if ready else ctx.t("upload.nothing_to_load")
    pressed = st.button(label, type="primary", disabled=not ready, key="load")
    if pressed:
        user = require_role(ctx, "analyst")
        bar = st.progress(0.0, text=ctx.t("upload.loading"))

        def report(done: int, total: int, name: str) -> None:
            bar.progress(done / total, text=ctx.t("upload.loaded_one", name=name))

        try:
            results = uploads.load_uploads(con, [u for u, _ in ready], user, report)
        except Exception as exc:  # a database failure: say so, never a traceback
            bump()
            st.error(ctx.t("upload.failed", error=str(exc)))
            st.stop()
        bump()
        st.session_state["upload_messages"] = [
            ("ok", ctx.t("upload.done", name=r.file_name, rows=r.rows, load_id=r.load_id))
            if r.outcome == "loaded"
            else ("error", ctx.t("upload.not_loaded", name=r.file_name))
            for r in results
        ]
        st.session_state["upload_round"] = round_no + 1
        st.session_state.pop("upload_dry_runs", None)
        st.rerun()
else:
    st.info(ctx.t("upload.empty"))

st.divider()
st.subheader(ctx.t("upload.history"))
past = uploads.upload_history(con)
if past.height == 0:
    st.caption(ctx.t("upload.no_history"))
else:
    shown = uploads.history_for_display(past, ctx.lang)
    st.dataframe(
        shown.rename({c: ctx.t(f"upload.col.{c}") for c in shown.columns}),
        width="stretch",
        hide_index=True,
    )
    candidates = uploads.withdrawable(past)
    if candidates:
        with st.form("withdraw_form"):
            load_id = st.selectbox(ctx.t("upload.withdraw_which"), candidates)
            confirm = st.checkbox(ctx.t("upload.withdraw_confirm"))
            go = st.form_submit_button(ctx.t("upload.withdraw"))
        if go:
            user = require_role(ctx, "analyst")
            if not confirm:
                st.warning(ctx.t("upload.withdraw_unconfirmed"))
            else:
                ok, detail = uploads.withdraw_load(con, int(load_id), user, ctx.lang)
                bump()
                st.session_state["upload_messages"] = [
                    ("ok", ctx.t("upload.withdrawn", load_id=load_id, rows=detail))
                    if ok
                    else ("error", ctx.t("upload.withdraw_refused", reason=detail))
                ]
                st.rerun()
