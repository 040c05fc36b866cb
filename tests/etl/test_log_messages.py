"""The upload log keeps each entry's message as a key and its values, so an entry written while
someone worked in English reads in Chinese for a Chinese reader (and the other way round);
entries of a store written before logs kept keys show their text as it is."""

from __future__ import annotations

import duckdb
import pytest
from etl_helpers import load

from etl.db import connect
from etl.load import history
from etl.messages import Text, lines, msg, pair, same, stored_text

NO_QUARTER_SURVEYS = "单位编码,调查类型,样本量,满意人数,备注\nH001,门诊,40,38,好\n"


def logged(con, load_id: int) -> tuple:
    return con.execute(
        "SELECT message, message_key, message_values FROM upload_log WHERE load_id = ?", [load_id]
    ).fetchone()


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_a_load_made_in_english_reads_in_chinese(registry):
    result = load(registry, NO_QUARTER_SURVEYS, "form.csv", quarter="2025Q3")
    assert result.summary("en").startswith("form.csv: loaded")  # the English session's words
    message, key, values = logged(registry, result.load_id)
    assert message == "ignored columns: 备注; quarter stated when loading: 2025Q3"
    said = stored_text(key, values, message, "zh")
    assert said == "未使用的列：备注；季度为上传时指定：2025Q3"
    assert stored_text(key, values, message, "en") == message


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_columns_ignored_are_listed_as_each_language_lists(registry):
    # a trial: a survey form's count columns read "未使用的列：单位全称, 满意, 基本满意, 不满意",
    # English commas in a Chinese sentence, in the summary and the upload log alike
    data = (
        "单位编码,单位全称,季度,调查类型,样本量,满意人数,满意,不满意\n"
        "H001,甲,2025Q3,门诊,40,38,30,2\n"
    )
    result = load(registry, data, "counts.csv")
    assert result.outcome == "loaded", result.problems
    assert result.summary("zh").endswith("；未使用的列：单位全称、满意、不满意")
    assert result.summary("en").endswith("; ignored columns: 单位全称, 满意, 不满意")
    message, key, values = logged(registry, result.load_id)
    assert stored_text(key, values, message, "zh") == "未使用的列：单位全称、满意、不满意"
    assert message == "ignored columns: 单位全称, 满意, 不满意"


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_a_rejection_lists_its_problems_in_the_readers_language(registry):
    data = "unit_code,quarter,survey_type,respondents,satisfied\nZ999,2025Q3,门诊,10,9\n"
    result = load(registry, data, "bad.csv")
    assert result.outcome == "rejected"
    [(message, key, values)] = registry.execute(
        "SELECT message, message_key, message_values FROM upload_log WHERE outcome = 'rejected'"
    ).fetchall()
    assert message == (
        "bad.csv, row 2, column unit_code: 'Z999': unknown unit code: load it in the unit "
        "registry (单位名录) first, or correct the code"
    )
    assert key == "log.rejected"
    assert stored_text(key, values, message, "zh") == (
        "bad.csv，第 2 行，列 unit_code：“Z999”："
        "单位编码未登记：请先在单位名录中录入该单位，或更正编码"
    )


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_history_carries_the_key_and_values(registry):
    load(registry, NO_QUARTER_SURVEYS, "form.csv", quarter="2025Q3")
    newest = history(registry).row(0, named=True)
    assert newest["message_key"] == "text.concat"
    assert '"quarter": "2025Q3"' in newest["message_values"]


def test_an_entry_from_before_keys_shows_its_text_as_it_is():
    assert stored_text(None, None, "ignored columns: x", "zh") == "ignored columns: x"
    assert stored_text(None, None, None, "zh") == ""


def test_a_message_survives_its_json_form():
    problems = lines([msg("where.row", row=3), pair("门诊", "outpatient") + same("{x}")])
    text = msg("log.rejected", problems=problems)
    again = Text.from_json(text.key, text.as_json())
    assert again == text
    assert again.zh == "，第 3 行\n门诊{x}"
    assert again.en == ", row 3\noutpatient{x}"


def test_an_old_store_gains_the_message_columns_and_keeps_its_text(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute(
        "CREATE TABLE upload_log (load_id BIGINT NOT NULL, file_name VARCHAR NOT NULL, "
        "file_hash VARCHAR NOT NULL, kind VARCHAR, quarters VARCHAR, unit_count INTEGER, "
        "row_count INTEGER, replaced_rows INTEGER, loaded_by VARCHAR NOT NULL, "
        "loaded_at TIMESTAMP NOT NULL, outcome VARCHAR NOT NULL, problem_count INTEGER, "
        "message VARCHAR, withdrawn_by VARCHAR, withdrawn_at TIMESTAMP)"
    )
    old.execute(
        "INSERT INTO upload_log VALUES (1, 'u.csv', 'h', 'units', '', 5, 5, 0, 'cli', "
        "TIMESTAMP '2025-10-01 09:00', 'loaded', 0, 'ignored columns: 序号', NULL, NULL)"
    )
    old.close()
    con = connect(str(path))
    row = history(con).row(0, named=True)
    con.close()
    assert (row["message"], row["message_key"], row["message_values"]) == (
        "ignored columns: 序号",
        None,
        None,
    )
    assert stored_text(row["message_key"], row["message_values"], row["message"], "zh") == (
        "ignored columns: 序号"
    )
