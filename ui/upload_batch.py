"""The Upload page's batch of loads as the session remembers it, so that nothing a load did
goes unsaid (trial, session 57):

- what the last batch, withdrawal or day received said stays on the page until the next one
  (a rerun, a change of language, dropped it before it was read), for the account that did it;
- the load button is pressed once: it is drawn disabled while its batch loads (a second press
  restarted the batch, and the two files loaded by the first were never reported);
- a batch a rerun stopped (a click elsewhere, leaving the page) or a database failure cut
  short is said on the page's next run: the files loaded, each with its message, and those
  not loaded, to choose again.

Each file loads whole or not at all (etl.load), so a batch cut short leaves every file either
loaded or untouched; only the page's account of it was lost.
"""

from __future__ import annotations

import streamlit as st

from etl.load import LoadResult
from etl.messages import listed
from ui.context import Context
from ui.literal import literal_t
from ui.upload_view import Message, load_messages

SAID = "upload_messages"  # what the last batch, withdrawal or day received said, and to whom
GO = "upload_go"  # the upload round whose load button was pressed, until its batch starts
BATCH = "upload_batch"  # the batch under way: its account, files and results so far


def say(ctx: Context, messages: list[Message]) -> None:
    """Keep ``messages`` on the page until the next batch, withdrawal or day received, or
    until other files are chosen (``show``)."""
    st.session_state[SAID] = {"user": ctx.user, "messages": messages, "files": None}


def show(ctx: Context, where, files: tuple[str, ...]) -> None:
    """Draw the kept messages in ``where`` (at the page's top), for the signed-in account only
    (none of another's, on a shared screen). They stay while the files chosen (``files``:
    their ids) are those chosen when they were first shown: choosing others starts anew, and
    a load's words are not read as the new files'."""
    kept = st.session_state.get(SAID)
    if not kept or kept["user"] != ctx.user:
        return
    if kept["files"] is None:
        kept["files"] = files
    elif kept["files"] != files:
        st.session_state.pop(SAID)
        return
    for level, text in kept["messages"]:
        (where.success if level == "ok" else where.error)(text)


def press(round_no: int) -> None:
    """The load button's callback: run before the page, which then draws the button disabled."""
    st.session_state[GO] = round_no


def pressed(round_no: int) -> bool:
    """Whether this run is to load the round's batch; asked once, before the button is drawn:
    a run the batch's loading is stopped in does not load it again."""
    return st.session_state.pop(GO, None) == round_no


def start(ctx: Context, names: list[str]) -> None:
    """A batch of the files ``names`` begins: the last messages go."""
    st.session_state.pop(SAID, None)
    st.session_state[BATCH] = {"user": ctx.user, "names": names, "results": []}


def loaded_one(result: LoadResult) -> None:
    """One file's outcome, kept before the page draws anything (where a rerun stops it)."""
    st.session_state[BATCH]["results"].append(result)


def finish() -> list[LoadResult]:
    """The batch loaded every file: its results, the batch forgotten."""
    return st.session_state.pop(BATCH)["results"]


def cut_short(ctx: Context, error: str | None = None) -> bool:
    """Whether a batch of the account's was stopped before its end (by a rerun; or by the
    database's ``error``): if so, what it loaded and what it did not are kept to say."""
    batch = st.session_state.pop(BATCH, None)
    if batch is None or batch["user"] != ctx.user:
        return False
    results, names = batch["results"], batch["names"]
    rest = listed(names[len(results) :]).in_lang(ctx.lang)
    key = "upload.cut_short" if error is None else "upload.failed_after"
    stopped = literal_t(
        ctx, key, done=len(results), total=len(names), files=rest, error=error or ""
    )
    say(ctx, [*load_messages(ctx, results), ("error", stopped)])
    return True
