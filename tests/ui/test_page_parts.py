"""Words the pages' tables share (ui/page_parts.py)."""

from __future__ import annotations

from types import SimpleNamespace

import polars as pl
import pytest

from ui import page_parts as parts


def test_a_rank_change_reads_as_an_arrow_and_a_missing_one_as_nothing():
    """A quarter under way gives no rank change (None): the movers' table showed "None"."""
    changes = pl.DataFrame({"rank_change": [3, -2, 0, None]}, schema={"rank_change": pl.Int64})
    words = changes.select(parts.movement())["movement"].to_list()
    assert words == ["▲3", "▼2", "＝", ""]


def test_a_district_viewers_downloads_are_named_after_their_districts(monkeypatch):
    """A district account's table downloads were named as the bureau's (civbench_2026Q3_
    top_ten.csv); their rows are the district's, as a chosen district's are."""
    from queries.scope import Scope

    monkeypatch.setattr(parts, "revised_view", lambda ctx: False)
    ctx = SimpleNamespace(quarter="2026Q3", peer_group="全部")
    monkeypatch.setattr(parts, "viewer_scope", lambda: Scope(districts=("城关区",)))
    assert parts.export_name(ctx, "top_ten", "csv") == "civbench_2026Q3_top_ten_城关区.csv"
    # a district chosen on the page names that one
    named = parts.export_name(ctx, "rankings", "xlsx", "index", districts="城关区")
    assert named == "civbench_2026Q3_rankings_城关区_index.xlsx"
    monkeypatch.setattr(parts, "viewer_scope", lambda: Scope())
    assert parts.export_name(ctx, "top_ten", "csv") == "civbench_2026Q3_top_ten.csv"


def test_a_district_viewers_files_say_its_districts_under_their_title(monkeypatch):
    """Trial (session 58): a township analyst's rankings files, of its five units, said
    "2026年第3季度 · 全部类别" under their title, as the county's would; their name said the
    township."""
    from queries.scope import Scope

    monkeypatch.setattr(parts, "revised_view", lambda ctx: False)
    monkeypatch.setattr(parts, "showing_published", lambda quarter: False)
    ctx = SimpleNamespace(
        lang="zh", quarter="2026Q3", quarter_text="2026年第3季度", peer_group="全部"
    )
    monkeypatch.setattr(parts, "viewer_scope", lambda: Scope(districts=("首阳镇",)))
    assert parts.export_subtitle(ctx) == "2026年第3季度 · 全部类别 · 首阳镇"
    assert parts.export_subtitle(ctx, "文峰镇") == "2026年第3季度 · 全部类别 · 文峰镇"
    monkeypatch.setattr(parts, "viewer_scope", lambda: Scope())
    assert parts.export_subtitle(ctx) == "2026年第3季度 · 全部类别"


def test_a_rank_range_of_one_rank_reads_as_the_deck_and_the_circular_read_it():
    # a trial: the Rankings page gave a hospital certain of its rank "3–3" where the deck's
    # table gave "3" and the circular "名次区间仅为第3名"
    df = pl.DataFrame(
        {
            "rank_low": [3, 1, None],
            "rank_high": [3, 2, None],
            "rank_change": [None, None, None],
        },
        schema={"rank_low": pl.Int64, "rank_high": pl.Int64, "rank_change": pl.Int64},
    )
    assert parts.with_rank_words(df)["rank_range"].to_list() == ["3", "1–2", ""]


def test_a_change_shown_as_nothing_reads_as_unchanged_not_as_a_fall():
    """Trial B: a province's mean index moved by −0.04 from one quarter to the next; the
    Overview's metric showed a red ↓ -0.0 under it, while the deck said 与上季度持平. Half up to
    one decimal (0.05 is +0.1, −0.049 is 0.0), in percentage points for a rate."""
    from ui.context import Context

    ctx = Context("overview", "zh", None, None, "2026Q2", "全部")
    flat = {"delta": "与上季度持平", "delta_color": "off", "delta_arrow": "off"}
    assert parts.change_delta(ctx, -0.04) == flat
    assert parts.change_delta(ctx, -0.00049, 100, "pages.overview.points") == flat
    assert parts.change_delta(ctx, 0.05) == {"delta": "+0.1"}
    assert parts.change_delta(ctx, -1.25) == {"delta": "-1.3"}
    assert parts.change_delta(ctx, 0.0012, 100, "pages.overview.points") == {
        "delta": "+0.1 个百分点"
    }
    assert parts.change_delta(ctx, None) == {"delta": None}


def test_a_tables_files_hold_its_figures_as_the_table_shows_them():
    """A trial of the downloads: the movers table showed a change of 89.85 − 80 as +9.9 and
    the ledger days overdue as 1,058, but the workbook held 9.849999999999994 under 0.00##
    (15.921 beside the page's +15.9) and 1058 under 0; the CSV 9.85 and 0.8125 for 81.3%."""
    import csv
    import io

    import openpyxl
    import streamlit as st

    frame = pl.DataFrame(
        {
            "unit_name": ["=1+1"],
            "value_change": [89.85 - 80.0],
            "days_overdue": [1058],
            "on_time_rate": [13 / 16],
        }
    )
    columns = ["unit_name", "days_overdue", "on_time_rate"]
    change = st.column_config.NumberColumn("指数变化", format="%+.1f")
    config = parts.text_columns(columns, "zh") | {"value_change": change}
    files = parts.table_files(frame, "总览", parts.labels_for(columns, "zh"), config)
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"]())).active
    assert sheet.title == "总览"
    assert [c.value for c in sheet[1]] == ["单位名称", "value_change", "逾期天数", "按期整改率"]
    name, moved, overdue, rate = sheet[2]
    assert (name.value, name.data_type) == ("=1+1", "s")
    assert (moved.value, moved.number_format) == (9.9, "+0.0;-0.0;0.0")
    assert (overdue.value, overdue.number_format) == (1058, "#,##0")
    assert (rate.value, rate.number_format) == (0.813, "0.0%")
    rows = list(csv.reader(io.StringIO(files["csv"]().decode("utf-8-sig"))))
    assert rows[1] == ["'=1+1", "9.9", "1058", "0.813"]


def test_a_tables_workbook_says_which_quarter_scope_and_figures_it_holds(monkeypatch):
    """A trial of the downloads: a chart's file says its quarter, scope, which figures and
    their source under its title, but a table's workbook said nothing of them: forwarded, or
    renamed, no one could tell the quarter, or published figures from current ones."""
    import io

    import openpyxl

    # nobody signed in: the file is made unchecked (ui/guarded_downloads.py)
    made = ledger_downloads(monkeypatch, user=None)
    data = made["civbench_2026Q3_ledger_districts_current.xlsx"]["data"]()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["整改台账", "说明"]
    about = [row[0].value for row in book["说明"].iter_rows()]
    assert about == [
        "整改台账",
        "2026年第3季度 · 全部类别 · 当前数据（非发布数据）",
        "数据来源：市卫生健康委员会　数据装载日期：2026年11月13日",
    ]


def test_a_unit_tables_figure_ends_inside_a_phones_screen():
    """On a 358-px phone page the unit's name took up to 260 px and the figure lay past the
    right edge: the rank, the name and the figure now have widths that end inside it (33 px of
    row checkboxes first), whichever columns the table has."""
    config = parts.text_columns(("rank", "unit_name", "value", "movement"), "zh")
    built = parts.unit_table_config(config, "zh", phone=True)
    widths = {name: built[name]["width"] for name in ("rank", "unit_name", "value")}
    assert widths == {"rank": 48, "unit_name": 176, "value": 96}
    assert 33 + sum(widths.values()) <= 358
    assert built["movement"]["width"] is None  # the others keep their own widths
    assert built["unit_name"]["label"] == "单位名称"  # headers kept
    assert "profile" in built
    movers = parts.unit_table_config(
        parts.text_columns(("unit_name", "peer_label"), "en"), "en", phone=True
    )
    assert movers["unit_name"]["width"] == 176 and "rank" not in movers


def test_on_a_desktop_a_unit_tables_name_keeps_its_length():
    """A desktop has room for a name of twenty characters: it is not cut at 176 px there."""
    config = parts.text_columns(("rank", "unit_name", "value"), "zh")
    built = parts.unit_table_config(config, "zh", phone=False)
    assert built["unit_name"]["width"] is None
    assert built["rank"]["width"] == 48


def test_a_rankings_figure_header_is_read_whole_on_a_desktop_and_in_its_tooltip():
    """Ranked by an indicator, the figure column (96 px) cut its English header, the
    indicator's name (On-time rectification rate), on a desktop too. There the column is
    left to the grid, which sizes it to its header; on a phone it keeps its 96 px, and the
    header cut there is given whole as the column's tooltip."""
    name = "On-time rectification rate"
    config = parts.text_columns(("rank", "unit_name"), "en") | {"value": parts.percent_column(name)}
    desktop = parts.unit_table_config(config, "en", phone=False)
    assert desktop["value"]["width"] is None and desktop["value"]["label"] == name
    phone = parts.unit_table_config(config, "en", phone=True)
    assert (phone["value"]["width"], phone["value"]["label"], phone["value"]["help"]) == (
        96,
        name,
        name,
    )
    assert phone["rank"]["help"] == "Rank"
    # a column's own help is kept
    helped = {"value": {**parts.index_column("Index"), "help": "0–100"}}
    assert parts.unit_table_config(helped, "en", phone=True)["value"]["help"] == "0–100"


@pytest.mark.parametrize(
    ("agent", "phone"),
    [
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            True,
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            True,
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36",
            False,
        ),
        (None, False),
    ],
)
def test_a_phone_is_known_by_its_user_agent(monkeypatch, agent, phone):
    headers = {} if agent is None else {"User-Agent": agent}
    monkeypatch.setattr(parts.st, "context", SimpleNamespace(headers=headers))
    assert parts.on_a_phone() is phone


def test_a_signed_in_readers_download_press_starts_no_page_run(monkeypatch):
    """CI (session 60): a signed-in reader's download buttons reran the page when pressed; the
    run drew the buttons again and, when it ended, dropped the file ids the browser had yet to
    ask for, so a file pressed for a moment later (a loaded server, the next button pressed at
    once) never came. A press starts no run; a refused file reruns the page from the server
    (ui/guarded_downloads.py)."""
    from queries.scope import Scope
    from ui import guarded_downloads

    monkeypatch.setattr(guarded_downloads, "viewer_scope", lambda: Scope())
    made = ledger_downloads(monkeypatch, user="lin", role="viewer")
    pressed = {name: button["on_click"] for name, button in made.items()}
    assert pressed == {
        "civbench_2026Q3_ledger_districts_current.xlsx": "ignore",
        "civbench_2026Q3_ledger_districts_current.csv": "ignore",
    }


def test_a_refused_download_is_one_line_in_the_servers_console_not_a_traceback():
    """Streamlit logs a file maker's failure with its traceback; a refused download (an
    outcome, audited) read in the console as a fault, once per press. It is one warning."""
    import logging

    from streamlit.runtime import backend_operation_handler
    from streamlit.runtime.media_file_storage import MediaFileStorageError

    from ui.guarded_downloads import DownloadRefused

    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = backend_operation_handler._LOGGER  # the logger Streamlit reports to
    logger.addHandler(handler)
    try:
        for error in (DownloadRefused("lin"), ValueError("a chart that failed")):
            try:
                raise MediaFileStorageError("Callable execution failed") from error
            except MediaFileStorageError:
                logger.exception("Error executing deferred callable for file_id %s", "f1")
        # a second button pressed as the refusal's rerun redrew the page (trial, session 60)
        try:
            raise MediaFileStorageError("Deferred file 73ed9a not found")
        except MediaFileStorageError:
            logger.exception("Error executing deferred callable for file_id %s", "73ed9a")
    finally:
        logger.removeHandler(handler)
    refused, failed, redrawn = records
    assert redrawn.levelname == "WARNING" and redrawn.exc_info is None
    assert redrawn.getMessage().startswith("download not made: the page was redrawn")
    assert refused.levelname == "WARNING" and refused.exc_info is None
    assert refused.getMessage() == (
        "download refused to lin: the account changed since the button was drawn (in the audit "
        "log as denied)"
    )
    # any other failure keeps Streamlit's error and traceback
    assert failed.levelname == "ERROR" and failed.exc_info is not None
    assert failed.getMessage() == "Error executing deferred callable for file_id f1"


def ledger_downloads(monkeypatch, **reader) -> dict[str, dict]:
    """The ledger's district table's download buttons, drawn for ``reader`` (``user``,
    ``role``) on the current figures of 2026Q3: each file's name → the button's arguments."""
    from streamlit.delta_generator import DeltaGenerator

    from queries.scope import Scope

    made = {}

    def drawn(self, label, data, file_name, **kw):
        made[file_name] = {"data": data, **kw}

    monkeypatch.setattr(DeltaGenerator, "download_button", drawn)
    monkeypatch.setattr(parts, "revised_view", lambda ctx: True)  # the current figures
    monkeypatch.setattr(parts, "viewer_scope", lambda: Scope())
    monkeypatch.setattr(parts, "loaded_up_to_later", lambda ctx: lambda: "2026年11月13日")
    ctx = SimpleNamespace(
        lang="zh",
        page_id="ledger",
        quarter="2026Q3",
        quarter_text="2026年第3季度",
        peer_group=None,
        **reader,
    )
    frame = pl.DataFrame({"district": ["城关区"], "units": [10]})
    parts.table_downloads(frame, ctx, "ledger_districts", columns=["district", "units"])
    return made
