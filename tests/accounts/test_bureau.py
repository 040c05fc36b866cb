"""The bureau's level and name, stored once and said by the catalogue wherever a string says
the bureau's whole area (全市, 全省 …) or its name: set, shown, refused, audited, and read per
thread so that one store's words never reach another's."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

import accounts
from accounts.audit import audit_entries
from etl.cli import main
from etl.db import connect
from i18n import t, voice

ROOT = Path(__file__).resolve().parents[2]


def settings_rows(con) -> list[tuple]:
    return sorted(con.execute("SELECT name, value FROM settings").fetchall())


def test_a_new_store_speaks_as_a_city_bureau(con):
    assert accounts.bureau(accounts.stored_settings(con)) == voice.Bureau("市", None)
    accounts.speak_for_store(con)
    assert t("circular.signature.issuer", "zh") == "市卫生健康委员会"
    assert t("pack.col.rank_city", "zh") == "全市名次"
    assert t("circular.signature.issuer", "en") == "City Health Commission"


def test_a_province_set_once_is_said_everywhere_and_audited(con):
    accounts.add_user(con, "root", "admin", "a-long-password-1")  # bureau-wide
    said = accounts.set_bureau(con, level="省", name="甘肃省卫生健康委员会", by="root")
    assert said == voice.Bureau("省", "甘肃省卫生健康委员会")
    accounts.speak_for_store(con)
    assert t("pack.col.rank_city", "zh") == "全省名次"
    assert t("pack.scope.all", "zh") == "全省全部单位"
    assert t("circular.requirements.named", "zh").endswith("将整改报告报甘肃省卫生健康委员会。")
    assert t("circular.signature.issuer", "en") == "甘肃省卫生健康委员会"  # a name as written
    # a caller's own value wins over the bureau's
    assert t("export.bureau", "zh", bureau="另一个机构") == "另一个机构"
    [entry] = audit_entries(con, 1, actions=("settings",)).iter_rows(named=True)
    assert (
        entry["username"] == "root" and entry["detail"] == "bureau: 甘肃省卫生健康委员会 (level 省)"
    )


def test_an_empty_name_gives_back_the_usual_name_of_the_level(con):
    accounts.set_bureau(con, level="县", name="榆中县卫生健康局")
    accounts.set_bureau(con, name="")
    assert accounts.bureau(accounts.stored_settings(con)) == voice.Bureau("县", None)
    assert voice.Bureau("县").words("zh") == {
        "area": "全县",
        "bureau": "县卫生健康局",
        "the_bureau": "县卫生健康局",
        "bureau_units": "局属",
        # a county's places one level down: Chinese has one word for one or several of them
        "division": "乡镇",
        "divisions": "乡镇",
        "Division": "乡镇",
        "Divisions": "乡镇",
        "division_offices": "各乡镇卫生院",
    }
    assert voice.Bureau("县").words("en") == {
        "area": "the county",
        "bureau": "County Health Bureau",
        "the_bureau": "the County Health Bureau",
        "bureau_units": "its",
        "division": "township",
        "divisions": "townships",
        "Division": "Township",
        "Divisions": "Townships",
        "division_offices": "the township health centres",
    }


def test_a_county_bureau_without_a_name_is_the_county_health_bureau_in_an_english_sentence():
    """The usual name said in a sentence took no article: 'the county, County Health Bureau
    assessed'; the signature is the name alone, and a name as written is said as written."""
    with voice.speaking_for(voice.Bureau("县")):
        lead = t("circular.overview.lead", "en", units="80 units", quarter="2026 Q3")
        named = t("circular.requirements.named", "en")
        issuer = t("circular.signature.issuer", "en")
    assert lead.startswith(
        "Under the civility assessment system of the county, the County Health Bureau assessed "
        "80 units in 2026 Q3"
    )
    assert named.endswith("report to the County Health Bureau within 15 working days.")
    assert issuer == "County Health Bureau"
    with voice.speaking_for(voice.Bureau("县", "榆中县卫生健康局")):
        named = t("circular.requirements.named", "en")
    assert named.endswith("report to 榆中县卫生健康局 within 15 working days.")


def test_a_county_bureaus_circular_addresses_its_own_units_not_a_commissions(con):
    """A 局 runs 局属 units; 委属 (a commission's) was written into the circular's addressees."""
    assert t("circular.addressees", "zh") == "各区县卫生健康局，委属各单位："  # a city's
    accounts.set_bureau(con, level="县", name="榆中县卫生健康局")
    accounts.speak_for_store(con)
    assert t("circular.addressees", "zh") == "各乡镇卫生院，局属各单位："


def test_the_places_one_level_down_are_a_provinces_cities_and_a_countys_townships(con):
    """区县 is a city's word for the places its units lie in (the registry's 区县 column): a
    province's are its 市州, a county's its 乡镇, and the filters, columns and circular say so."""
    assert (t("pages.filter.all_districts", "zh"), t("pack.col.district", "zh")) == (
        "全部区县",
        "区县",
    )
    accounts.set_bureau(con, level="省", name="甘肃省卫生健康委员会")
    accounts.speak_for_store(con)
    assert (t("pages.filter.all_districts", "zh"), t("pack.col.district", "zh")) == (
        "全部市州",
        "市州",
    )
    assert t("circular.addressees", "zh") == "各市州卫生健康委，委属各单位："
    assert t("circular.requirements.districts", "zh").startswith("各市州卫生健康委要加强督促检查")
    assert t("load.lookalike_districts", "zh", spellings="“甲”与“乙”", count=2).startswith(
        "注意：市州“甲”与“乙”只是繁简"
    )
    accounts.set_bureau(con, level="县", name="榆中县卫生健康局")
    accounts.speak_for_store(con)
    assert t("pages.ledger.by_district", "zh") == "按乡镇"


# (level, its word for one place one level down, for several, the circular's addressees)
PLACES_ONE_LEVEL_DOWN = [
    ("市", "district", "districts", "To the district health bureaus and all units:"),
    ("省", "prefecture", "prefectures", "To the prefecture health commissions and all units:"),
    ("县", "township", "townships", "To the township health centres and all units:"),
]


def test_english_names_the_places_one_level_down_as_the_bureaus_level_has_them(con):
    """English said "district" for a province's 市州 and a county's 乡镇 alike: a filter, a
    column, a refusal and the circular's addressees now say the level's own word. The levels
    are set in turn on one store (each set replaces the one before)."""
    for level, one, several, addressees in PLACES_ONE_LEVEL_DOWN:
        accounts.set_bureau(con, level=level)
        accounts.speak_for_store(con)
        assert t("pages.filter.district", "en") == one.capitalize(), level
        assert t("pages.filter.all_districts", "en") == f"All {several}", level
        assert t("pack.col.district", "en") == one.capitalize(), level
        assert t("pack.error.district", "en", value="X", choices="Y") == (
            f"Unknown {one}: X. Choose from: Y"
        ), level
        assert t("circular.addressees", "en") == addressees, level
        assert t("pages.ledger.by_district", "en") == f"By {one}", level


# (a change set_bureau cannot take, what its refusal says)
REFUSED_CHANGES = [
    ({"level": "省份"}, "机构层级“省份”不在可选之列：请写 省 市 州 盟 县 区 旗 之一。"),
    ({"name": "甘肃省卫生健康委员会\n办公室"}, "须为一行、不超过 40 个字"),
    ({"name": "卫" * 41}, "须为一行、不超过 40 个字"),
]


def test_a_level_or_name_it_cannot_take_is_refused_and_nothing_changes(con):
    """Each refused change is tried on one store, after the same bureau was set."""
    accounts.set_bureau(con, level="市", name="兰州市卫生健康委员会")
    before = settings_rows(con)
    for change, said in REFUSED_CHANGES:
        with pytest.raises(accounts.AccountError) as refused:
            accounts.set_bureau(con, **change)
        assert said in refused.value.text().zh, change
        assert settings_rows(con) == before, change


def test_two_threads_speak_for_their_own_bureaus():
    """Two sessions of one dashboard run in two threads: each page run says its store's words."""
    heard = {}

    def page_run(name: str, bureau: voice.Bureau) -> None:
        voice.use(bureau)
        barrier.wait()  # both have set their bureau before either speaks
        heard[name] = t("pack.col.rank_city", "zh")

    barrier = threading.Barrier(2)
    runs = [
        threading.Thread(target=page_run, args=("province", voice.Bureau("省"))),
        threading.Thread(target=page_run, args=("county", voice.Bureau("县"))),
    ]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert heard == {"province": "全省名次", "county": "全县名次"}
    assert t("pack.col.rank_city", "zh") == "全市名次"  # this thread said none


def test_the_command_line_sets_and_shows_the_bureau(db_path, capsys):
    """Each command runs through ``etl.cli.main`` in this process, as ``python -m etl`` calls
    it; the last ``show`` is a process of its own, which reads the bureau the others set from
    the store (nothing this process kept)."""

    def users(*args: str) -> subprocess.CompletedProcess:
        try:
            status = main(["users", "bureau", *args, "--db", db_path])
        except SystemExit as exit_:
            status = exit_.code
        said = capsys.readouterr()
        return subprocess.CompletedProcess(args, status, said.out, said.err)

    connect(db_path).close()  # shown of a store that is there (a mistyped one is refused)
    shown = users()
    assert (
        shown.returncode == 0
        and shown.stdout.strip() == "bureau: 市卫生健康委员会 (its whole area: 全市)"
    )
    done = users("--level", "省", "--name", "甘肃省卫生健康委员会")
    assert done.returncode == 0
    assert done.stdout.strip() == "bureau: 甘肃省卫生健康委员会 (its whole area: 全省)"
    refused = users("--level", "province")
    assert refused.returncode == 2
    assert "bureau level 'province' is not one of 省 市 州 盟 县 区 旗" in refused.stderr
    another_process = subprocess.run(
        [sys.executable, "-m", "etl", "users", "bureau", "--db", db_path],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert another_process.returncode == 0, another_process.stderr
    assert another_process.stdout.strip() == "bureau: 甘肃省卫生健康委员会 (its whole area: 全省)"
