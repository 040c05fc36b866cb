"""Cached data access for pages: one store connection per process, cached query results.

Results are cached by query name, parameters and the database's data version, which every load
and withdrawal changes (``etl.db.data_version``): a new upload shows at once on every page and
nothing stale survives it, even when another process loaded the file.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NoReturn

import duckdb
import polars as pl
import streamlit as st

from etl import db, settings
from etl.messages import Text, msg
from i18n import DEFAULT_LANG, t
from queries import COMPARING_PUBLICATIONS
from queries.scope import OutOfScope, Scope
from queries.warm import follow_in_background, stopping, warm_in_background

log = logging.getLogger(__name__)
QUERY_CACHE_ENTRIES = 512
QUERY_CACHE_SECONDS = 3600
FOLLOW_SECONDS = settings.declared("CIVBENCH_FOLLOW_SECONDS", "environment").default


@st.cache_resource(show_spinner=False)
def _open(path: str) -> duckdb.DuckDBPyConnection:
    con = db.connect(path)
    # Build the indicator cache now if the data are newer than it, so that the first page
    # with a query does not wait for it (a query arriving meanwhile waits for this build).
    if warms():
        warm_in_background(con)
    every = follow_seconds()
    if every > 0 and db.store_of(con).is_lake:  # a DuckDB file: only this process writes
        follow_in_background(con, every, then=lambda version: ask_again(path, version))
    return con


def warms() -> bool:
    """Whether the app builds its caches ahead of the viewers (``CIVBENCH_WARM``, on unless
    said off): on opening the store and after a load or withdrawal. The test suite turns it
    off: each of its page runs opens a new store, and warming it ran the default rankings of
    every peer group that most tests never read (18 % of the test processes' CPU)."""
    text = settings.environment("CIVBENCH_WARM")
    return text is None or not settings.said_off(text)


def follow_seconds() -> float:
    """``CIVBENCH_FOLLOW_SECONDS``; its default, said in the log, when it is not a number."""
    text = settings.environment("CIVBENCH_FOLLOW_SECONDS")
    try:
        return float(text) if text else float(FOLLOW_SECONDS)
    except ValueError:
        log.warning("CIVBENCH_FOLLOW_SECONDS=%r is not a number: %s used", text, FOLLOW_SECONDS)
        return float(FOLLOW_SECONDS)


def connection() -> duckdb.DuckDBPyConnection:
    """The process's connection (use ``.cursor()`` per query; never close it).

    When another process holds the database file, the page says so plainly and stops.
    """
    path = db.db_path()
    try:
        return _open(path)
    except db.NotAnswering as down:  # its catalog server down when the process first opens it
        stop_not_answering(down.cause)
    except db.DatabaseBusy:  # a DuckDB file held by a command-line load: said for a reader
        said = msg("db.busy_for_page", target=db.parse_store(path).shown, seconds=RETRY_SECONDS)
        stop_unreadable(said.in_lang(st.session_state.get("lang", DEFAULT_LANG)), retry=True)
    except db.StoreError as unusable:
        stop_unreadable(unusable.in_lang(st.session_state.get("lang", DEFAULT_LANG)))
    except duckdb.Error as exc:
        if db.is_lost(exc):  # its data folder not mounted, its catalog server down
            stop_not_answering(db.lost_cause(exc))
        said = db.unopenable(db.parse_store(path), exc)
        stop_unreadable(said.in_lang(st.session_state.get("lang", DEFAULT_LANG)))


VERSION_KEY = "_data_version"


def data_version() -> str:
    """Changes whenever a load or withdrawal changes what queries see.

    Read once per script run (``refresh_version``, called by the frame) rather than once per
    query; a load or withdrawal in this session refreshes it at once (``bump``).
    """
    version = st.session_state.get(VERSION_KEY)
    return version if version is not None else refresh_version()


def refresh_version() -> str:
    """Read the data version: the first statement of every page run (the frame calls this);
    a store that does not answer stops the page with a plain message (``answering``)."""
    version = answering(lambda: db.data_version(connection()))
    st.session_state[VERSION_KEY] = version
    return version


def answering(read):
    """``read()``; if the store does not answer (its catalog server down or restarting, its
    data folder gone), say so plainly and stop the page. The connection answers again by
    itself once they are back."""
    try:
        return read()
    except duckdb.Error as exc:
        if not db.is_lost(exc):
            raise
        stop_not_answering(db.lost_cause(exc))


# seconds after which a page that found the store not answering loads itself again
RETRY_SECONDS = 20
# the reload, only if the page still says so: a rerun that found the store back (another
# widget touched meanwhile) has removed the marker, and the reader's page is left as it is
RETRY_SCRIPT = (
    '<span id="civbench-not-answering"></span><script>setTimeout(() => {'
    'if (document.getElementById("civbench-not-answering")) window.location.reload();'
    f"}}, {RETRY_SECONDS * 1000});</script>"
)


def stop_not_answering(cause: Text) -> NoReturn:
    """Say that the store cannot be read just now, and why (``db.lost_cause``); stop the
    page. A leader is told it tries again by itself, not to check a variable of the command
    line: the page reloads after ``RETRY_SECONDS`` (the sign-in kept by its cookie), so a
    screen left open on a catalog server's restart shows the figures again once it is back."""
    store = db.parse_store(db.db_path()).shown
    lang = st.session_state.get("lang", DEFAULT_LANG)
    error = cause.in_lang(lang)
    said = t("db.not_answering", lang, store=store, error=error, seconds=RETRY_SECONDS)
    stop_unreadable(said, retry=True)


# what the frame's sidebar can show without the store, drawn by a page that stops because the
# store cannot be read before the frame drew its own (``sidebar_while_unreadable``)
_unreadable_sidebar: ContextVar[Callable[[], None] | None] = ContextVar(
    "unreadable_sidebar", default=None
)


@contextmanager
def sidebar_while_unreadable(draw: Callable[[], None]) -> Iterator[None]:
    """Within the block, a page stopped because the store cannot be read first calls
    ``draw``: the frame reads the store (the sign-in, the settings) before it draws its menu
    and account, and a leader whose page stopped there was left with no sidebar at all."""
    token = _unreadable_sidebar.set(draw)
    try:
        yield
    finally:
        _unreadable_sidebar.reset(token)


# A run stopped because the store could not be read drew none of the page's boxes after that
# point, and the browser, drawing them anew at the next run, shows each one's first option and
# sends it back at the run after: a Unit profile left open over a catalog server's restart
# turned to the first unit, its URL too (trial). ``begin_run`` carries the stop to the next
# run, where ``redrawing`` tells the boxes seeded from the URL to say their value again
# (ui/page_parts.seed_widget).
STOPPED_KEY, REDRAWING_KEY = "_stopped_unreadable", "_redrawing_boxes"


def begin_run() -> None:
    """At the start of each page run (the frame's): whether the run before stopped because
    the store could not be read."""
    st.session_state[REDRAWING_KEY] = st.session_state.pop(STOPPED_KEY, False)


def redrawing() -> bool:
    """Whether this run draws the page's boxes anew after a run that stopped unreadable."""
    return bool(st.session_state.get(REDRAWING_KEY))


def stop_unreadable(said: str, retry: bool = False) -> NoReturn:
    """Stop the page with ``said``: what the frame's sidebar can show without the store
    first (``sidebar_while_unreadable``), and, with ``retry``, the page's reload after
    ``RETRY_SECONDS``."""
    st.session_state[STOPPED_KEY] = True
    draw = _unreadable_sidebar.get()
    if draw is not None:
        _unreadable_sidebar.set(None)  # drawn once, whatever stops the page while drawing it
        draw()
    st.error(said)
    if retry:
        st.html(RETRY_SCRIPT, unsafe_allow_javascript=True)
    st.stop()


@st.cache_data(max_entries=QUERY_CACHE_ENTRIES, ttl=QUERY_CACHE_SECONDS, show_spinner=False)
def _cached_query(path: str, version: str, name: str, params: dict) -> pl.DataFrame:
    from queries import run

    return run(_open(path), name, **params)


ASKED_KEPT = 48  # the queries pages asked last, asked again for another process's change
_asked: OrderedDict[str, tuple[str, dict]] = OrderedDict()
_asked_lock = threading.Lock()


def remember_asked(path: str, name: str, params: dict) -> None:
    """Keep a query a page asked of the store at ``path`` (the last ``ASKED_KEPT``)."""
    key = repr((path, name, sorted(params.items())))
    with _asked_lock:
        _asked[key] = (path, name, params)
        _asked.move_to_end(key)
        while len(_asked) > ASKED_KEPT:
            _asked.popitem(last=False)


def ask_again(path: str, version: str) -> int:
    """Answer the queries pages asked last again, for the data version ``version`` another
    process's load made, once the follower has warmed the store's caches for it
    (queries.warm.follow_in_background): the leader who opens a page after an analyst's
    command-line load then finds its results cached (bench/bench_after_load.py --later),
    where each query ran again through the runner. Newest first; stops when the data change
    again meanwhile. Returns how many were answered."""
    with _asked_lock:
        asked = [entry for entry in reversed(_asked.values()) if entry[0] == path]
    answered = 0
    for _, name, params in asked:
        if stopping():  # the process is exiting
            break
        try:
            if db.data_version(_open(path)) != version:
                break
        except Exception:  # the store gone a while (its pages will say so), or closed
            log.debug("reading the data version failed", exc_info=True)
            break
        try:
            _cached_query(path, version, name, params)
            answered += 1
        except Exception:  # out of scope now: the page refuses it when asked
            log.debug("asking %s again failed", name, exc_info=True)
    return answered


FIGURES_KEY = "figures"  # published (the default for a published quarter) | current
# compare publications themselves (queries.run refuses them as published), or list what is
# there now
CURRENT_ONLY = (*COMPARING_PUBLICATIONS, "quarters", "loaded_quarters")


SCOPE_KEY = "_viewer_scope"


def set_viewer_scope(scope: Scope) -> None:
    """The units this session's viewer may see, read from the store by the frame on every run
    (a scope changed by an admin applies at the viewer's next rerun)."""
    st.session_state[SCOPE_KEY] = scope


def viewer_scope() -> Scope:
    scope = st.session_state.get(SCOPE_KEY)
    if not isinstance(scope, Scope):
        raise RuntimeError("ui.frame.frame() sets the viewer's scope before any query runs")
    return scope


def query(name: str, **params: object) -> pl.DataFrame:
    """Run the named query (queries/README.md) with bound parameters, cached per data version,
    under the viewer's scope: the runner leaves out every unit outside it, and a unit, district
    or peer group outside it asked for by name stops the page with a plain refusal.

    A query of a published quarter shows the figures as published (``as_published``) unless
    this session switched to the current ones (ui/published.py)."""
    connection()
    params = viewed(name, params)
    # Streamlit shows a spinner only after half a second: a cached result draws no spinner,
    # a cold one (a province's rankings, seconds) says the page is computing
    computing = t("frame.computing", st.session_state.get("lang", DEFAULT_LANG))
    path = db.db_path()
    try:
        with st.spinner(computing):
            result = answering(lambda: _cached_query(path, data_version(), name, params))
    except OutOfScope:
        refuse_out_of_scope()
    remember_asked(path, name, params)
    return result


def indicator_system_loaded() -> bool:
    """Whether any indicator is defined: without the indicator system (测评体系) no value is
    computed, so a page has nothing to score or check (a new bureau's files loaded first)."""
    indicators = query("indicators")
    return not indicators.filter(indicators["has_definition"]).is_empty()


def viewed(name: str, params: dict) -> dict:
    """The parameters as this session views them: its viewer's scope, and a published
    quarter's figures as published unless it switched to the current ones."""
    params["scope"] = viewer_scope()
    quarter = params.get("quarter") or params.get("to_quarter")
    if (
        name not in CURRENT_ONLY
        and "publication" not in params
        and "as_published" not in params
        and showing_published(quarter)
    ):
        params["as_published"] = True
    return params


def deferred_query(name: str, **params: object) -> Callable[[], pl.DataFrame | None]:
    """``query(name, **params)`` made later, when called: for what only a download needs (a
    chart file's footnote), so that the page's run does not wait for it (after a load, the
    Rankings page's downloads' load date was a second of its first view at province scale).

    Called outside the page's run (Streamlit makes a download's file on click, in a thread of
    its own), so the session's scope, published choice and data version are read now; the
    result is the one ``query`` gives for that version (the same cache). Should the data have
    changed by then, None: the chart on the page shows the figures as they were, and what
    they were loaded up to is no longer known."""
    connection()
    params = viewed(name, params)
    path, version = db.db_path(), data_version()

    def run() -> pl.DataFrame | None:
        if db.data_version(_open(path)) != version:
            return None
        return _cached_query(path, version, name, params)

    return run


def refuse_out_of_scope() -> None:
    st.error(t("frame.out_of_scope", st.session_state.get("lang", "zh")))
    st.stop()


def showing_published(quarter: object) -> bool:
    """Whether this session shows ``quarter``'s figures as published."""
    if not quarter or st.session_state.get(FIGURES_KEY, "published") != "published":
        return False
    return str(quarter) in published_quarters()


def published_quarters() -> dict:
    """Quarter -> its latest publication (etl.publish.Publication)."""
    return _publications(db.db_path(), data_version())


@st.cache_data(max_entries=16, ttl=QUERY_CACHE_SECONDS, show_spinner=False)
def _publications(path: str, version: str) -> dict:
    from etl.publish import publications

    return {p.quarter: p for p in publications(_open(path))}


def replaced_publication(quarter: object):
    """The publication a quarter's latest one replaced (the quarter published again after a
    correction), or None."""
    return _replaced(db.db_path(), data_version()).get(str(quarter))


@st.cache_data(max_entries=16, ttl=QUERY_CACHE_SECONDS, show_spinner=False)
def _replaced(path: str, version: str) -> dict:
    from etl.publish import publications

    latest, replaced = {}, {}
    for found in publications(_open(path)):  # oldest first
        if found.quarter in latest:
            replaced[found.quarter] = latest[found.quarter]
        latest[found.quarter] = found
    return replaced


def bump() -> None:
    """After a load or withdrawal: read the new data version and drop cached results (the
    version key already makes them unreachable; clearing frees the memory at once)."""
    version = refresh_version()
    _cached_query.clear()
    # rebuild the indicator cache before anyone asks, then the other sessions' last queries
    if warms():
        path = db.db_path()
        warm_in_background(connection(), then=lambda: ask_again(path, version))
