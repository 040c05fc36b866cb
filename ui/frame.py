"""The frame every page calls first: page set-up, language, sign-in, menu, shared selectors.

``frame(page_id, required_role=None)`` must be the first Streamlit call of ``dashboard.py`` and
of every file in ``pages/`` (a test parses them all). With plain ``pages/`` multipage a URL such
as ``/upload`` runs the page file directly, so the role check lives here, not in an entry
script: a page whose role is missing shows a refusal and a sign-in form and stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

import accounts
from charts.labels import group_label, quarter_label
from etl import db
from etl.contracts import ALL_PEER_GROUPS, PEER_GROUPS
from etl.quarters import default_quarter, unfinished
from etl.settings import environment
from i18n import DEFAULT_LANG, LANGUAGES, normalise_lang, t, voice
from ui import published, signin
from ui.context import Context
from ui.data import (
    begin_run,
    connection,
    indicator_system_loaded,
    query,
    refresh_version,
    refuse_out_of_scope,
    set_viewer_scope,
    sidebar_while_unreadable,
)
from ui.literal import literal
from ui.password_change import own_password_form, require_own_password

ROOT = Path(__file__).resolve().parent.parent
VIEW = "view"  # a page anyone may open, unless viewing needs sign-in (then: viewer)


@dataclass(frozen=True)
class MenuEntry:
    page_id: str
    path: str
    needs: str  # VIEW, or a role


MENU = (
    MenuEntry("overview", "dashboard.py", VIEW),
    MenuEntry("rankings", "pages/rankings.py", VIEW),
    MenuEntry("unit_profile", "pages/unit_profile.py", VIEW),
    MenuEntry("trends", "pages/trends.py", VIEW),
    MenuEntry("ledger", "pages/ledger.py", VIEW),
    MenuEntry("data_quality", "pages/data_quality.py", VIEW),
    MenuEntry("meeting_pack", "pages/meeting_pack.py", VIEW),
    MenuEntry("upload", "pages/upload.py", "analyst"),
    MenuEntry("indicator_system", "pages/indicator_system.py", "admin"),
    MenuEntry("users_admin", "pages/users_admin.py", "admin"),
    MenuEntry("method", "pages/method.py", VIEW),
)
SHARED_PARAMS = ("lang", "quarter", "peer_group")
ALL_GROUPS = ALL_PEER_GROUPS  # 全部: the queries' value for "all peer groups"
SCORING_PAGES = ("overview", "rankings", "trends", "unit_profile", "meeting_pack")  # need a system


CIVBENCH_FOLDER = Path(__file__).resolve().parents[1]


def refuse_other_folder(lang: str) -> None:
    """Stop the page of a dashboard started from another folder with the default store: its
    settings (.streamlit) are read from the folder it starts in, and the default store lies
    there (data/civbench.sqlite), so it made a new, empty store in the wrong place (trial,
    session 57). ``CIVBENCH_DB`` given, the store is the one named and nothing is made."""
    if environment(db.STORE_ENV) or Path.cwd().resolve() == CIVBENCH_FOLDER:
        return
    st.error(t("frame.other_folder", lang, here=str(Path.cwd()), folder=str(CIVBENCH_FOLDER)))
    st.stop()


def frame(page_id: str, required_role: str | None = None, *, selectors: bool = True) -> Context:
    """Set up the page and return its context; stops the page when the role is missing.

    ``required_role`` is None (open, unless viewing needs sign-in), viewer, analyst or admin.
    ``selectors=False`` leaves out the quarter and peer-group selectors (pages that do not use
    them); the context still carries the session's choices.
    """
    lang = resolve_lang()
    st.set_page_config(
        page_title=f"{t(f'frame.menu.{page_id}', lang)} · {t('frame.app_title', lang)}",
        page_icon="🏥",
        layout="wide",
        # collapsed on a phone, open on a desktop (and closed on a phone after a sign-in from
        # it or a page chosen from its menu: signin.sidebar_closing_script)
        initial_sidebar_state="auto",
    )
    begin_run()
    draw_sidebar_head(lang)
    refuse_other_folder(lang)
    with sidebar_while_unreadable(lambda: signin.draw_account_unreadable(lang)):
        refresh_version()
        settings = accounts.stored_settings(connection())
        accounts.keep_bureau_time(settings)  # before any time is read or written
        user, standing = signin.current_user()
        # viewing needs sign-in when it is required, or when anonymous viewers may see nothing
        anonymous = accounts.anonymous_scope(connection(), settings)
    role = standing.role if standing else None
    voice.use(accounts.bureau(settings))  # the page says 全市 or 全省 …, the bureau's name
    view_role = "viewer" if anonymous is None else None
    needed = required_role or view_role
    draw_sidebar(page_id, lang, user, role, view_role)
    note_empty_store(lang, user)
    require_own_password(user, standing, lang)
    if not accounts.role_allows(role, needed):
        refuse(lang, needed, signed_in=user is not None)
    scope = accounts.visible_scope(connection(), user, anonymous=anonymous, standing=standing)
    if scope is None:  # not signed in, and the bureau lets no anonymous viewer see the data
        refuse(lang, "viewer", signed_in=False)
    set_viewer_scope(scope)
    refuse_urls_outside(scope)
    quarters = available_quarters()
    asked = {name: st.query_params.get(name) for name in ("quarter", "peer_group")}
    quarter = resolve_choice("quarter", quarters, default_quarter(quarters))
    groups = peer_group_options(scope)
    peer_group = resolve_choice("peer_group", groups, ALL_GROUPS)
    if selectors:
        draw_selectors(lang, quarters, groups)
        quarter = st.session_state.get("quarter", quarter)
        peer_group = st.session_state.get("peer_group", peer_group)
        say_unknown_choices(lang, asked, {"quarter": quarters, "peer_group": groups}, quarter)
    sync_query_params(lang=lang, quarter=quarter, peer_group=peer_group)
    context = Context(
        page_id=page_id,
        lang=lang,
        user=user,
        role=role,
        quarter=quarter,
        peer_group=peer_group,
        quarters=tuple(quarters),
    )
    if selectors:
        note_unfinished(context)
        published.banner(context)
    if page_id in SCORING_PAGES and quarters:
        require_indicator_system(context)
    return context


def require_indicator_system(ctx: Context) -> None:
    """A page that scores units, on a store with files but no defined indicator, says so and
    stops: its empty states would ask for uploads that were made (a new bureau's store before
    its indicator system is loaded)."""
    if not indicator_system_loaded():
        st.warning(ctx.t("frame.no_indicator_system"), icon=":material/rule:")
        st.stop()


def note_empty_store(lang: str, user: str | None) -> None:
    """A store that holds nothing yet (a bureau's first day, or a PostgreSQL catalog a
    replica opened before anyone moved the bureau's store in) names the command that moves an
    existing store in, beside the sidebar's first steps (an admin, then uploads)."""
    if user is not None or accounts_exist():
        return
    store = db.parse_store(db.db_path())
    if store.target == db.LEGACY_FILE or db.holds_data(connection()):  # nothing to move
        return
    said = t("frame.empty_store", lang, legacy=db.LEGACY_FILE, store=store.shown)
    st.info(said, icon=":material/move_up:")


def note_unfinished(ctx: Context) -> None:
    """A quarter that has not ended is shown with a warning: its files are still coming in."""
    if ctx.quarter and unfinished(ctx.quarter):
        st.info(
            ctx.t("frame.unfinished_quarter", quarter=ctx.quarter_text), icon=":material/pending:"
        )


def browser_lang() -> str:
    """The browser's preferred language: st.context.locale, else Accept-Language."""
    locale = getattr(st.context, "locale", None)
    if locale:
        return normalise_lang(locale)
    header = (st.context.headers or {}).get("Accept-Language", "") if st.context else ""
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANG


def resolve_lang() -> str:
    """URL ?lang= first (a shared link), then the session's choice, then the browser."""
    asked = st.query_params.get("lang")
    if asked and asked.lower() in LANGUAGES:
        st.session_state["lang"] = asked.lower()
    if st.session_state.get("lang") not in LANGUAGES:
        st.session_state["lang"] = browser_lang()
    return st.session_state["lang"]


def resolve_choice(name: str, options, default):
    """A shared selection: the URL's value if valid, else the session's, else ``default``."""
    asked = st.query_params.get(name)
    if asked in options:
        st.session_state[name] = asked
    if st.session_state.get(name) not in options:
        st.session_state[name] = default
    return st.session_state[name]


def say_unknown_choices(lang: str, asked: dict, options: dict, quarter: str | None) -> None:
    """A link's quarter or peer group that is not there (a link to 2099Q1, a group renamed)
    says so above the page, which shows what it chose instead, rather than showing another
    quarter as if it were the one asked for."""
    if quarter is None:  # no data at all: the page says so
        return
    for name, value in asked.items():
        if value and value not in options[name]:
            shown = quarter_label(quarter, lang)
            st.warning(t(f"frame.url_unknown.{name}", lang, value=literal(value), shown=shown))


def sync_query_params(**values: str | None) -> None:
    for name, value in values.items():
        if value and st.query_params.get(name) != value:
            st.query_params[name] = value


def _copy_widget(name: str) -> None:
    value = st.session_state[f"_{name}_widget"]
    st.session_state[name] = value
    st.query_params[name] = value


def draw_sidebar_head(lang: str) -> None:
    """The sidebar's title and language switch, drawn before the frame reads the store: a
    page that stops because the store cannot be read keeps them (``draw_sidebar`` adds the
    menu and the account, which need the store: roles, scopes, settings)."""
    with st.sidebar:
        st.markdown(f"### {t('frame.app_title', lang)}")
        st.session_state["_lang_widget"] = lang
        st.radio(
            "语言 / Language",
            LANGUAGES,
            format_func={"zh": "中文", "en": "English"}.get,
            horizontal=True,
            key="_lang_widget",
            on_change=_copy_widget,
            args=("lang",),
        )


def draw_sidebar(page_id: str, lang: str, user, role, view_role) -> None:
    with st.sidebar:
        draw_menu(page_id, lang, role, view_role)
        draw_account(lang, user, role)
        signin.write_cookie()
        signin.close_sidebar(page_id)


# the menu entry a keyboard is on: Streamlit marks it with a background 1.1:1 against the
# sidebar's, which no one sees; an outline in the deck's dark blue (3:1 and more, WCAG 2.4.7)
MENU_FOCUS_STYLE = (
    '<style>[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]:focus-visible '
    "{outline: 2px solid #1F4E79; outline-offset: 1px;}</style>"
)


def draw_menu(page_id: str, lang: str, role, view_role) -> None:
    st.html(MENU_FOCUS_STYLE)
    params = {k: st.session_state[k] for k in SHARED_PARAMS if st.session_state.get(k)}
    for entry in MENU:
        needed = view_role if entry.needs == VIEW else entry.needs
        if not accounts.role_allows(role, needed) or not (ROOT / entry.path).is_file():
            continue
        label = t(f"frame.menu.{entry.page_id}", lang)
        try:
            st.page_link(
                entry.path, label=label, query_params=params, disabled=entry.page_id == page_id
            )
        except StreamlitPageNotFoundError:
            # AppTest registers only the script under test, not pages/; a plain link keeps
            # the same menu (labels, order, role filter) there.
            st.markdown(f"[{label}]({page_url(entry, params)})")


def page_url(entry: MenuEntry, params: dict[str, str]) -> str:
    """The URL plain pages/ multipage serves a page at: / or /<file stem>."""
    path = "/" if entry.path == "dashboard.py" else "/" + Path(entry.path).stem
    return f"{path}?{urlencode(params)}" if params else path


def draw_account(lang: str, user, role) -> None:
    st.divider()
    if user:
        role_name = t(f"frame.role.{role}", lang)
        st.caption(t("frame.signed_in_as", lang, user=literal(user), role=role_name))
        if st.button(t("frame.signout", lang), key="_signout"):
            signin.sign_out()
            st.rerun()
        own_password_form(user, lang)
        return
    if not accounts_exist():  # a new store: nobody can sign in yet
        st.info(t("frame.no_accounts", lang), icon=":material/person_add:")
        return
    with st.expander(t("frame.signin.title", lang)):
        signin.signin_form(lang, "sidebar_signin")


def accounts_exist() -> bool:
    """Whether the store has any account: read on each run of a signed-out session until one
    exists, then remembered for the session (accounts are not all removed while it runs)."""
    if not st.session_state.get("_accounts_exist"):
        st.session_state["_accounts_exist"] = bool(accounts.list_users(connection()))
    return st.session_state["_accounts_exist"]


def draw_selectors(lang: str, quarters: list[str], groups: tuple[str, ...]) -> None:
    with st.sidebar:
        st.divider()
        if quarters:
            st.session_state["_quarter_widget"] = st.session_state["quarter"]
            st.selectbox(
                t("frame.quarter", lang),
                quarters[::-1],
                format_func=lambda q: quarter_label(q, lang),
                key="_quarter_widget",
                placeholder=t("widget.choose_one", lang),
                on_change=_copy_widget,
                args=("quarter",),
            )
        else:
            st.caption(t("frame.no_quarters", lang))
        st.session_state["_peer_group_widget"] = st.session_state["peer_group"]
        st.selectbox(
            t("frame.peer_group", lang),
            groups,
            format_func=lambda g: group_label(g, lang),
            key="_peer_group_widget",
            placeholder=t("widget.choose_one", lang),
            on_change=_copy_widget,
            args=("peer_group",),
        )


def peer_group_options(scope) -> tuple[str, ...]:
    """全部 and the peer groups the viewer's units are in (every group for a bureau-wide view)."""
    if scope.is_everything:
        return (ALL_GROUPS, *PEER_GROUPS)
    present = set(query("units")["peer_group"])
    return (ALL_GROUPS, *(g for g in PEER_GROUPS if g in present))


def available_quarters() -> list[str]:
    """Quarters with any loaded fact, oldest first (``loaded_quarters``: ``quarters`` counts
    the units reporting, which a page's first run after a load waited for)."""
    frame = query("loaded_quarters")
    return sorted(frame["quarter"].to_list()) if frame.height else []


SCOPED_URL_PARAMS = {"unit": "unit_code", "district": "district", "peer_group": "peer_group"}


def refuse_urls_outside(scope) -> None:
    """A URL naming a unit, district or peer group outside the viewer's scope (a tampered or
    forwarded link) gets a plain refusal, not the page with some other choice."""
    if scope.is_everything:
        return
    visible = query("units")  # the runner lists only the units in the scope
    for name, column in SCOPED_URL_PARAMS.items():
        allowed = {ALL_GROUPS, *visible[column]} if name == "peer_group" else set(visible[column])
        if any(value not in allowed for value in st.query_params.get_all(name)):
            refuse_out_of_scope()


def refuse(lang: str, needed: str, signed_in: bool) -> None:
    """The refusal: a clear message and a sign-in form, and nothing of the page."""
    role = t(f"frame.role.{needed}", lang)
    key = "frame.refused_role" if signed_in else "frame.refused_signin"
    if needed == accounts.ROLES[-1]:  # no role above it to name ("admin or higher")
        key += "_top"
    st.error(t(key, lang, role=role))
    if not signed_in:
        signin.signin_form(lang, "refusal_signin")
    st.stop()
