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

A batch's record is a plain dict, kept in the session and, for a page reloaded meanwhile (a new
session, which remembers nothing of the old), in this process under the account's name
(``UNDER_WAY``). Each outcome is added to it with no Streamlit call between the commit and it:
reading ``st.session_state`` is where Streamlit stops a script asked to rerun, and the file in
flight was said not loaded when it was (trial, session 61).
"""

from __future__ import annotations

import threading
import time

import streamlit as st

from etl.load import LoadResult
from etl.messages import listed
from ui.context import Context
from ui.literal import literal_t
from ui.upload_view import Message, load_messages

SAID = "upload_messages"  # what the last batch, withdrawal or day received said, and to whom
GO = "upload_go"  # the upload round whose load button was pressed, until its batch starts
BATCH = "upload_batch"  # the batch under way: its account, files and results so far
UNDER_WAY: dict[str, dict] = {}  # each account's batch under way in this process
UNDER_WAY_LOCK = threading.Lock()
ENDING_SECONDS = 3.0  # how long a page waits for a batch its reload stopped to end


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


def start(ctx: Context, names: list[str]) -> dict:
    """A batch of the files ``names`` begins: the last messages go. Its record, for
    ``loaded_one`` and ``ended``."""
    st.session_state.pop(SAID, None)
    record = {"user": ctx.user, "names": names, "results": [], "ended": False}
    st.session_state[BATCH] = record
    with UNDER_WAY_LOCK:
        UNDER_WAY[ctx.user] = record
    return record


def loaded_one(record: dict, result: LoadResult) -> None:
    """One file's outcome, kept in the batch's record before the page draws anything (where
    a rerun stops it), without a Streamlit call."""
    record["results"].append(result)


def ended(record: dict) -> None:
    """The batch's loading is over, whole or stopped (called however it ends)."""
    record["ended"] = True


def finish(record: dict) -> list[LoadResult]:
    """The batch loaded every file: its results, the batch forgotten."""
    st.session_state.pop(BATCH, None)
    forget(record)
    return record["results"]


def forget(record: dict) -> None:
    with UNDER_WAY_LOCK:
        if UNDER_WAY.get(record["user"]) is record:
            UNDER_WAY.pop(record["user"])


def stopped_elsewhere(user: str | None) -> dict | None:
    """The account's batch that a session of this process began and no session has told of:
    a page reloaded while it loaded (a new session). It ends with the file it was loading
    (its session was closed), so the page waits a moment for that."""
    deadline = time.monotonic() + ENDING_SECONDS
    while True:
        with UNDER_WAY_LOCK:
            record = UNDER_WAY.get(user)
        if record is None or record["ended"] or time.monotonic() > deadline:
            return record
        time.sleep(0.1)


def cut_short(ctx: Context, error: str | None = None) -> bool:
    """Whether a batch of the account's was stopped before its end (by a rerun; or by the
    database's ``error``): if so, what it loaded and what it did not are kept to say."""
    own = st.session_state.pop(BATCH, None)  # this session's: its loading is over
    batch = own or stopped_elsewhere(ctx.user)
    if batch is None or batch["user"] != ctx.user:
        return False
    results, names = list(batch["results"]), batch["names"]
    rest = listed(names[len(results) :]).in_lang(ctx.lang)
    key = "upload.cut_short" if error is None else "upload.failed_after"
    if own is None and not batch["ended"]:
        # still loading in another window (or stopping after a reload): how far it got, and
        # kept, for its end to be said once it ends (a window opened meanwhile took it, and
        # the reloaded one said nothing: trial, session 61)
        key = "upload.still_stopping"
    else:
        forget(batch)
    if len(results) == len(names) and error is None:  # stopped after its last file
        say(ctx, load_messages(ctx, results))
        return True
    stopped = literal_t(
        ctx, key, done=len(results), total=len(names), files=rest, error=error or ""
    )
    say(ctx, [*load_messages(ctx, results), ("error", stopped)])
    return True
