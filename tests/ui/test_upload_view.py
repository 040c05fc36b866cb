"""ui.upload_view without Streamlit: the messages shown after a load or a withdrawal."""

from etl.load import LoadResult, Withdrawal
from ui import upload_view
from ui.context import Context

EN = Context("upload", "en", "analyst", "analyst", None, None)
ZH = Context("upload", "zh", "analyst", "analyst", None, None)


def test_one_message_per_file_after_a_load():
    # a file name is text from the analyst: Markdown-escaped (ui.literal), the message is not
    loaded = LoadResult("units.csv", "units", "loaded", rows=24, load_id=7)
    stale = LoadResult("surveys.csv", "surveys", "rejected")
    assert upload_view.load_messages(EN, [loaded, stale]) == [
        ("ok", r"units\.csv: loaded 24 row(s) as load 7."),
        ("error", r"surveys\.csv: not loaded (the data changed since the check; check it again)."),
    ]
    assert upload_view.load_messages(ZH, [loaded]) == [
        ("ok", r"units\.csv：已上传 24 行（批次 7）。")
    ]
    assert upload_view.load_messages(EN, []) == []


def test_a_withdrawal_says_what_was_removed_or_why_not():
    assert upload_view.withdraw_message(EN, 7, Withdrawal(24, 3)) == (
        "ok",
        "Load 7 withdrawn: 24 row(s) removed, 3 replaced row(s) restored.",
    )
    # a load of a published quarter: its withdrawal is a revision, and the page says so
    kind, said = upload_view.withdraw_message(EN, 7, Withdrawal(24, 3, ("2025Q3",)))
    assert kind == "ok" and said.startswith("Load 7 withdrawn: 24 row(s) removed")
    assert said.endswith(
        "restored. Note: 2025Q3 is published: pages and packs show the figures as published by "
        "default, and this withdrawal is listed among the revisions since; to issue the figures "
        "without it, publish the quarter again"
    )
    assert upload_view.withdraw_message(EN, 7, "a later load depends on it") == (
        "error",
        "Cannot withdraw: a later load depends on it",
    )
