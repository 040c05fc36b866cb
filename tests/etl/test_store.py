"""The store itself (etl/db.py, etl/migrate.py): naming a store, the default and the legacy
file, extensions offline, writes that meet, and moving a file store into DuckLake."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from etl_helpers import FIXTURES, fixture_bytes, load_fixture
from stores import store_url

from etl import db
from etl.cli import main
from etl.db import DatabaseUnusable, connect, parse_store, write
from etl.migrate import TABLES, migrate

ROOT = Path(__file__).resolve().parents[2]


def test_a_store_is_named_by_a_path_or_a_ducklake_url(tmp_path, monkeypatch):
    monkeypatch.delenv("CIVBENCH_DATA_PATH", raising=False)
    assert parse_store(tmp_path / "x.duckdb").kind == "file"
    lake = parse_store(f"ducklake:sqlite:{tmp_path}/cat.sqlite")
    assert (lake.kind, lake.target) == ("sqlite", f"{tmp_path}/cat.sqlite")
    assert lake.data_path == f"{tmp_path}/cat_files"  # beside the catalog by default
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(tmp_path / "shared"))
    assert parse_store("ducklake:postgres:dbname=x host=h").data_path == str(tmp_path / "shared")


def test_a_postgres_store_needs_a_shared_folder_and_no_password_in_its_name(monkeypatch):
    monkeypatch.delenv("CIVBENCH_DATA_PATH", raising=False)
    with pytest.raises(DatabaseUnusable, match="CIVBENCH_DATA_PATH"):
        parse_store("ducklake:postgres:dbname=x host=h user=u")
    monkeypatch.setenv("CIVBENCH_DATA_PATH", "/tmp/shared")
    with pytest.raises(DatabaseUnusable, match="PGPASSWORD") as refused:
        parse_store("ducklake:postgres:dbname=x host=h user=u password=s3cret")
    assert "s3cret" not in str(refused.value)
    # libpq's URI form carries it as user:password@ (it was taken, and shown in every error)
    for url in ("postgresql://civ:S3cret-Pw@db:5432/civ", "postgres://civ:S3cret-Pw@db/civ"):
        with pytest.raises(DatabaseUnusable, match="PGPASSWORD") as refused:
            parse_store(f"ducklake:postgres:{url}")
        assert "S3cret" not in str(refused.value)
    # a new user's trial: Password= and PASSWORD= were taken, and shown in every error
    for key in ("Password", "PASSWORD", "password "):
        with pytest.raises(DatabaseUnusable, match="PGPASSWORD") as refused:
            parse_store(f"ducklake:postgres:dbname=x host=h user=u {key}=S3cretPw!x")
        assert "S3cretPw" not in str(refused.value)
    assert (
        parse_store("ducklake:postgres:postgresql://civ@db/civ").target == "postgresql://civ@db/civ"
    )
    assert (
        db.scrub("FATAL at postgresql://civ:S3cret-Pw@db/civ")
        == "FATAL at postgresql://civ:…@db/civ"
    )


def test_a_wrong_password_is_said_to_be_the_password(postgres, tmp_path, monkeypatch):
    """A role that signs in with a password: a wrong PGPASSWORD was DuckDB's raw text, the
    host cut to 'host=127', under advice to check that the catalog server runs."""
    postgres.password_role("civ_pw", "S3cret-Pw-42")
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(tmp_path / "files"))
    url = f"ducklake:postgres:dbname=civ_pw_db host=127.0.0.1 port={postgres.port} user=civ_pw"
    for password in ("Wr0ng-Pw-99", None):
        if password:
            monkeypatch.setenv("PGPASSWORD", password)
        else:
            monkeypatch.delenv("PGPASSWORD", raising=False)
        with pytest.raises(DatabaseUnusable) as refused:
            connect(url)
        said = str(refused.value)
        assert said.startswith(f"The catalog database of the store {url} refused the sign-in: ")
        assert "Wr0ng" not in said
    monkeypatch.setenv("PGPASSWORD", "S3cret-Pw-42")
    connect(url).close()  # the right one signs in


@pytest.mark.parametrize(
    "command", [["history"], ["withdraw", "1"], ["publish", "2025Q3"], ["publications"]]
)
def test_an_empty_postgres_database_is_no_store_and_is_not_made_one(
    postgres, tmp_path, monkeypatch, capsys, command
):
    """A database the DBA made and nobody loaded into yet, or a dbname typed as another that
    exists (postgres): commands that only read or change what a store holds made a lake there
    (DuckLake's tables in the database, the data folder), then said 'no loads yet' (exit 0),
    where a SQLite catalog not there is refused and not made."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    data = tmp_path / "files"
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(data))
    name = postgres.new_database()
    url = f"ducklake:postgres:{postgres.conninfo(name)}"
    assert main([*command, "--db", url]) == 3
    assert capsys.readouterr().err == (
        f"error: there is no Civbench store at {url}: check --db (or $CIVBENCH_DB). A store the "
        f"bureau has is moved there with python -m etl migrate --from THAT_STORE --to '{url}'; "
        "a new store is made by loading the unit registry (python -m etl load units.csv) or by "
        "python -m etl demo\n"
    )
    assert postgres.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", name) == "0\n"
    assert not data.exists()
    assert not db.store_exists(url)  # the pack's check: it connected, making the lake
    assert postgres.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", name) == "0\n"
    assert main(["load", str(FIXTURES / "units.csv"), "--db", url]) == 0  # a registry makes it
    assert db.store_exists(url) and data.is_dir()


def test_the_password_in_streamlit_secrets_is_read_and_a_broken_file_is_named(
    postgres, tmp_path, monkeypatch
):
    """README: PGPASSWORD, or [postgres] password in .streamlit/secrets.toml. A file TOML cannot
    read (the password written without quotes) was passed over without a word, and the catalog
    then 'refused the sign-in: the password is wrong or none was given', about a password the
    file holds. And the file, in the working copy the README has one run the commands in, was
    not ignored by git: a `git add -A` would have committed the password."""
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0
    postgres.password_role("civ_secret", "Pw-In-Secrets-7")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(tmp_path / "files"))
    conninfo = f"dbname=civ_secret_db host=127.0.0.1 port={postgres.port} user=civ_secret"
    url = f"ducklake:postgres:{conninfo}"
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text("[postgres]\npassword = Pw-In-Secrets-7\n", encoding="utf-8")
    with pytest.raises(DatabaseUnusable) as refused:
        connect(url)
    said = str(refused.value)
    assert said.startswith(f"{secrets} cannot be read (Invalid value (at line 2, column 12)), ")
    assert 'the password in quotes: password = "…"' in said and "PGPASSWORD" in said
    assert "Pw-In" not in said
    secrets.write_text('[postgres]\npassword = "Pw-In-Secrets-7"\n', encoding="utf-8")
    connect(url).close()  # the file as TOML reads it signs in


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_data_folder_other_than_the_one_the_catalog_records_is_refused(
    kind, postgres, tmp_path, monkeypatch, capsys
):
    """DuckLake reads and writes the files where its catalog recorded them when the lake was
    made; CIVBENCH_DATA_PATH was only checked to be a folder. A machine with the share mounted
    elsewhere (CIVBENCH_DATA_PATH naming it) read and wrote the recorded path instead: the
    files of another folder there, or a load's Parquet files into a local folder no other
    machine sees. Now the two paths and the fix are said, and nothing is read or written."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    made = tmp_path / "lake_files"
    if kind == "postgres":
        url = f"ducklake:postgres:{postgres.conninfo(postgres.new_database())}"
    else:
        url = f"ducklake:sqlite:{tmp_path}/civ.sqlite"
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(made))
    assert main(["load", str(FIXTURES / "units.csv"), "--db", url]) == 0
    elsewhere = tmp_path / "mounted_elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(elsewhere))
    files_before = sorted(made.rglob("*"))
    capsys.readouterr()
    for command in (["history"], ["load", str(FIXTURES / "surveys_bom.csv")]):
        assert main([*command, "--db", url]) == 3
        assert capsys.readouterr().err == (
            f"error: The store {url} keeps its data files at {made}, as its catalog records (the "
            "shared folder must be mounted at that path on every machine), but "
            f"CIVBENCH_DATA_PATH names {elsewhere}: mount the shared folder at {made} and set "
            "CIVBENCH_DATA_PATH to it; nothing was changed.\n"
        )
    assert sorted(made.rglob("*")) == files_before and list(elsewhere.iterdir()) == []
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(made))
    assert main(["history", "--db", url]) == 0  # the recorded folder reads as before


def test_a_lake_made_with_its_folder_elsewhere_opened_without_the_variable_says_so(
    tmp_path, monkeypatch, capsys
):
    """A copy made with CIVBENCH_DATA_PATH naming its files' folder, then opened without the
    variable: the refusal said "CIVBENCH_DATA_PATH names …" of a variable nobody had set (it
    meant the folder beside the catalog). Now it says where the files are recorded and how to
    reach them; with the variable set so, the store opens."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    files = tmp_path / "copies" / "files"
    url = f"ducklake:sqlite:{tmp_path}/backup.sqlite"
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(files))
    assert main(["load", str(FIXTURES / "units.csv"), "--db", url]) == 0
    monkeypatch.delenv("CIVBENCH_DATA_PATH")
    capsys.readouterr()
    assert main(["history", "--db", url]) == 3
    assert capsys.readouterr().err == (
        f"error: The store {url} keeps its data files at {files}, as its catalog records, not "
        f"beside the catalog at {tmp_path}/backup_files (CIVBENCH_DATA_PATH was set when it "
        f"was made, or the store was moved since): if the files are at {files}, set "
        "CIVBENCH_DATA_PATH to that folder and try again; if the store was moved, move it back; "
        "nothing was changed.\n"
    )
    assert not (tmp_path / "backup_files").exists()
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(files))
    assert main(["history", "--db", url]) == 0


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_lake_url_in_quotes_is_refused_not_made_a_file(tmp_path, monkeypatch, capsys, quote):
    """CIVBENCH_DB from an environment file that keeps quotes (docker's --env-file, compose's
    env_file): '"ducklake:postgres:…"' was taken for a DuckDB file path, and a registry load
    made a DuckDB file of that name in the working folder and loaded into it (exit 0); a
    dashboard replica would have shown that empty local store."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(tmp_path / "files"))
    url = f"{quote}ducklake:postgres:dbname=civbench host=db.example user=civbench{quote}"
    monkeypatch.setenv("CIVBENCH_DB", url)
    assert main(["load", str(FIXTURES / "units.csv")]) == 3
    assert capsys.readouterr().err == (
        f"error: The store {url} names a DuckLake store but does not begin with ducklake: "
        "(quotes an environment file kept?): write it without the quotes or whatever comes "
        "before, as ducklake:postgres:dbname=… host=… user=… or ducklake:sqlite:PATH; nothing "
        "was changed.\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_new_store_is_not_made_in_a_data_folder_holding_another_ones_files(
    kind, postgres, tmp_path, monkeypatch, capsys
):
    """Trial: a second catalog (a test database beside production, a migration retried into a
    new database) given the same CIVBENCH_DATA_PATH was made there; then a load into it
    stopped with Ctrl-C, whose clean-up deletes every Parquet file its own catalog does not
    know, deleted all of the first store's files, and that store could no longer be read."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    shared = tmp_path / "share"
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(shared))

    def new_url(name: str) -> str:
        if kind == "postgres":
            return f"ducklake:postgres:{postgres.conninfo(postgres.new_database())}"
        return f"ducklake:sqlite:{tmp_path}/{name}.sqlite"

    first = new_url("first")
    registry = tmp_path / "units.csv"  # rows enough for a Parquet file (ten stay inline)
    registry.write_text(
        "单位编码,单位名称,区县,单位类别,职工人数\n"
        + "".join(f"U{i:04d},单位{i},城关区,乡镇卫生院,30\n" for i in range(1, 101)),
        encoding="utf-8",
    )
    assert main(["load", str(registry), "--db", first]) == 0
    files = sorted(shared.rglob("*.parquet"))
    assert files
    second = new_url("second")
    capsys.readouterr()
    assert main(["load", str(FIXTURES / "units.csv"), "--db", second]) == 3
    assert capsys.readouterr().err == (
        f"error: The store {second} cannot be made: its data folder {shared} already holds "
        "Parquet files (another store's, or left by one deleted). Two stores in one folder "
        "cannot tell their files apart, and clearing either one's leftovers deletes the other's "
        "files: give the new store an empty folder with CIVBENCH_DATA_PATH (or move the old "
        "files away); nothing was changed.\n"
    )
    assert not db.lake_exists(db.parse_store(second))
    assert sorted(shared.rglob("*.parquet")) == files
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(tmp_path / "own"))
    assert main(["load", str(FIXTURES / "units.csv"), "--db", second]) == 0  # a folder of its own


def test_a_new_store_is_not_made_in_a_folder_inside_another_ones_data_folder(
    tmp_path, monkeypatch, capsys
):
    """A new user's trial: a store whose CIVBENCH_DATA_PATH was a new folder inside another
    store's data folder was made; the outer store's ``tidy --orphans`` then deleted its files
    as files of no snapshot of its own, and it could no longer be read."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("CIVBENCH_DATA_PATH", raising=False)
    registry = tmp_path / "units.csv"  # rows enough for a Parquet file (ten stay inline)
    registry.write_text(
        "单位编码,单位名称,区县,单位类别,职工人数\n"
        + "".join(f"U{i:04d},单位{i},城关区,乡镇卫生院,30\n" for i in range(1, 101)),
        encoding="utf-8",
    )
    assert main(["load", str(registry), "--db", f"ducklake:sqlite:{tmp_path}/first.sqlite"]) == 0
    outer = tmp_path / "first_files"
    assert list(outer.glob("main/units/ducklake-*.parquet"))
    second = f"ducklake:sqlite:{tmp_path}/second.sqlite"
    for inside in (outer / "nested", outer / "main" / "units" / "deeper"):
        monkeypatch.setenv("CIVBENCH_DATA_PATH", str(inside))
        capsys.readouterr()
        assert main(["load", str(FIXTURES / "units.csv"), "--db", second]) == 3
        assert capsys.readouterr().err == (
            f"error: The store {second} cannot be made: its data folder {inside} lies inside "
            f"another store's data folder, {outer}, which deletes files of its own folder that "
            "it does not know when it clears leftovers: give the new store a folder outside it "
            "with CIVBENCH_DATA_PATH; nothing was changed.\n"
        )
        assert not db.lake_exists(db.parse_store(second))
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(tmp_path / "second_files"))  # beside it
    assert main(["load", str(FIXTURES / "units.csv"), "--db", second]) == 0


def test_an_unknown_store_kind_is_refused_in_plain_words():
    with pytest.raises(DatabaseUnusable, match="ducklake:sqlite:PATH"):
        parse_store("ducklake:mysql:somewhere")


def test_a_missing_extension_package_names_the_package_to_install(monkeypatch):
    real = db.importlib.util.find_spec
    monkeypatch.setattr(
        db.importlib.util,
        "find_spec",
        lambda name: None if name == "duckdb_extension_postgres" else real(name),
    )
    with pytest.raises(DatabaseUnusable, match="duckdb-extension-postgres==1.5.5"):
        db.extension_folder()


def test_the_default_is_the_shared_lake_unless_only_the_old_file_exists(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CIVBENCH_DB", raising=False)
    monkeypatch.setattr(db, "_told", False)
    assert db.store_url() == "ducklake:sqlite:data/civbench.sqlite"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "civbench.duckdb").write_bytes(b"")
    assert db.store_url() == "data/civbench.duckdb"
    assert db.store_url() == "data/civbench.duckdb"
    told = capsys.readouterr().err
    assert told.count("python -m etl migrate") == 1  # told once, with the command that moves it


def test_the_note_on_moving_the_old_file_is_in_the_command_language(tmp_path, monkeypatch, capsys):
    """It was English whatever --lang or the locale said, above Chinese output. In process
    (``etl``'s main, as ``python -m etl`` runs it), the note told anew for each command."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "civbench.duckdb").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    for name in ("CIVBENCH_DB", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    for extra, env_lang, expected in (
        (["--lang", "zh"], "C.UTF-8", "注意：正在使用 DuckDB 文件 data/civbench.duckdb"),
        ([], "zh_CN.UTF-8", "注意：正在使用 DuckDB 文件 data/civbench.duckdb"),
        ([], "C.UTF-8", "note: using the DuckDB file data/civbench.duckdb"),
    ):
        monkeypatch.setenv("LANG", env_lang)
        monkeypatch.setattr(db, "_told", False)  # told once per process
        monkeypatch.setattr(sys, "argv", ["etl", "publications", *extra])  # as the process has
        main(sys.argv[1:])
        said = capsys.readouterr().err
        assert expected in said, (extra, env_lang, said)


def test_the_extensions_load_offline_from_the_packaged_files(tmp_path):
    con = connect(f"ducklake:sqlite:{tmp_path}/cat.sqlite")
    loaded = dict(
        con.execute(
            "SELECT extension_name, install_path FROM duckdb_extensions() WHERE loaded"
        ).fetchall()
    )
    con.close()
    path = loaded["ducklake"]
    # laid out inside this Python environment (README, "Extensions offline"), a link to the
    # file the pinned PyPI package ships
    assert path.startswith(f"{sys.prefix}/share/civbench-duckdb-extensions/v1.5.5/")
    assert Path(path).resolve().parts[-4:] == (
        "duckdb_extension_ducklake",
        "extensions",
        "v1.5.5",
        "ducklake.duckdb_extension",
    )


def test_an_extension_file_is_checked_once_per_process_and_again_after_it_changed(
    tmp_path, monkeypatch
):
    """DuckDB checks an extension's signature at every load, 0.1 s for each of the two a lake
    connection loads; a process has each file checked once (in a connection of its own), and
    again if it changed since. Connections open at once to one lake must still agree on their
    configuration, or DuckDB refuses the second."""
    monkeypatch.setattr(db, "_checked_files", {})
    checks = []
    real_connect = duckdb.connect

    def spy(database=":memory:", *args, **kwargs):
        if "allow_unsigned_extensions" not in kwargs.get("config", {}):
            checks.append(database)
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(db.duckdb, "connect", spy)
    url = f"ducklake:sqlite:{tmp_path}/cat.sqlite"
    first, second = connect(url), connect(url)
    try:
        first.execute("CREATE TABLE t AS SELECT 7 AS x")
        assert second.execute("SELECT x FROM t").fetchall() == [(7,)]
        assert checks == [":memory:"]  # one check, for both connections
        [ducklake] = [p for p in db._checked_files if p.endswith("/ducklake.duckdb_extension")]
        found = os.stat(ducklake)
        assert db._checked_files[ducklake] == (found.st_ino, found.st_size, found.st_mtime_ns)
        db._checked_files[ducklake] = (found.st_ino, found.st_size, found.st_mtime_ns - 1)
        connect(url).close()  # the file changed since its check: checked again
        assert checks == [":memory:", ":memory:"]
        assert db._checked_files[ducklake] == (found.st_ino, found.st_size, found.st_mtime_ns)
    finally:
        first.close()
        second.close()


def test_an_altered_extension_file_is_refused_at_every_connection(tmp_path, monkeypatch):
    """A file whose signature fails is never remembered as checked, so never loaded unchecked."""
    monkeypatch.setattr(db, "_checked_files", {})
    monkeypatch.setattr(db, "extensions_root", lambda: tmp_path / "extensions")
    real = db.packaged_extension
    altered = bytearray(real("ducklake").read_bytes())
    altered[len(altered) // 2] ^= 0xFF
    (tmp_path / "ducklake.duckdb_extension").write_bytes(altered)
    monkeypatch.setattr(
        db,
        "packaged_extension",
        lambda package: (
            tmp_path / "ducklake.duckdb_extension" if package == "ducklake" else real(package)
        ),
    )
    for _ in range(2):
        with pytest.raises(DatabaseUnusable, match="signature"):
            connect(f"ducklake:sqlite:{tmp_path}/cat.sqlite")
    assert db._checked_files == {}


def test_a_write_that_meets_another_runs_again_and_both_land(tmp_path):
    """Two threads each add one to a counter inside a write: without the retry one would be
    lost or fail with a raw conflict; with it the counter ends at exactly 2, and at least one
    of them ran again."""
    con = connect(f"ducklake:sqlite:{tmp_path}/cat.sqlite")
    con.execute("CREATE TABLE counter (n BIGINT)")
    con.execute("INSERT INTO counter VALUES (0)")
    both_inside = threading.Barrier(2)
    attempts = []

    def bump(cur):
        attempts.append(1)
        value = cur.execute("SELECT n FROM counter").fetchone()[0]
        if len(attempts) <= 2:
            both_inside.wait(timeout=10)  # both read the same value before either commits
        cur.execute("UPDATE counter SET n = ?", [value + 1])

    threads = [
        threading.Thread(target=write, args=(con, bump), kwargs={"queue": False}) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert con.execute("SELECT n FROM counter").fetchone()[0] == 2
    # at least one ran again after the collision; on a busy machine both may (the catalog can
    # also turn the first committer away while the other holds it), so more than three is right
    assert len(attempts) >= 3
    con.close()


def test_a_writer_holding_the_queue_too_long_makes_the_next_give_up_plainly(tmp_path):
    """A loader suspended with Ctrl-Z keeps the store's lock file locked: the next writer
    waited without limit and without a word. Now it gives up after its timeout with the
    plain 'busy' message, having run nothing, and writes as soon as the lock is let go."""
    url = f"ducklake:sqlite:{tmp_path}/cat.sqlite"
    con = connect(url)
    con.execute("CREATE TABLE counter (n BIGINT)")
    con.execute("INSERT INTO counter VALUES (0)")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a+b'); "
            "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(120)",
            str(parse_store(url).lock_file),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    ran = []

    def bump(cur):
        ran.append(1)
        cur.execute("UPDATE counter SET n = n + 1")

    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(db.DatabaseBusy) as busy:
            write(con, bump, timeout=1.0)
        assert time.monotonic() - started < 30
        assert "busy for 1 second; nothing was changed" in str(busy.value)  # not "1 seconds"
        assert ran == []
    finally:
        holder.kill()
        holder.wait(timeout=30)
    write(con, bump, timeout=10.0)
    assert con.execute("SELECT n FROM counter").fetchone()[0] == 1
    con.close()


def test_migration_copies_every_table_row_for_row_and_leaves_the_source(tmp_path):
    source = str(tmp_path / "old.duckdb")
    con = connect(source)
    load_fixture(con, "units.csv", now=datetime(2025, 10, 1))
    load_fixture(con, "surveys_bom.csv", now=datetime(2025, 10, 2))
    corrected = fixture_bytes("surveys_bom.csv").replace(b",25,22,", b",25,21,")
    assert corrected != fixture_bytes("surveys_bom.csv")
    from etl.load import load_file

    load_file(con, corrected, "again.csv", today=date(2026, 1, 15))
    import accounts

    accounts.add_user(con, "li", "analyst", "correct horse")
    accounts.audit(con, "li", "load", True, "by hand")
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    con.close()
    assert before["archive_surveys"], "the fixture must exercise the archive"

    target = f"ducklake:sqlite:{tmp_path}/new.sqlite"
    copied = migrate(source, target)
    lake = connect(target)
    after = {t: lake.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    lake.close()
    assert after == before
    assert copied == {t: len(rows) for t, rows in before.items()} | {"publications": 0}
    untouched = connect(source)
    assert {
        t: untouched.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES
    } == before
    untouched.close()


def test_the_default_sqlite_lake_moves_to_postgres_with_the_shared_folder_set(
    postgres, tmp_path, monkeypatch, capsys
):
    """A bureau that began on the default store (scripts/start.sh: a SQLite catalog, its files
    beside it) moves to PostgreSQL as the README says: CIVBENCH_DATA_PATH set to the shared
    folder the new lake needs, then migrate. The variable was applied to the source as well:
    'no data folder at' the shared folder (not made yet), or, once made, 'keeps its data files
    at … but CIVBENCH_DATA_PATH names …'. The source is read where its catalog records it."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("CIVBENCH_DATA_PATH", raising=False)
    source = f"ducklake:sqlite:{tmp_path}/data/civbench.sqlite"
    con = connect(source)
    load_fixture(con, "units.csv", now=datetime(2025, 10, 1))
    load_fixture(con, "surveys_bom.csv", now=datetime(2025, 10, 2))
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    con.close()
    assert len(before["units"]) == 5 and len(before["surveys"]) == 4  # the two fixtures' rows
    shared = tmp_path / "srv" / "lake"
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(shared))
    target = f"ducklake:postgres:{postgres.conninfo(postgres.new_database())}"
    assert main(["migrate", "--from", source, "--to", target]) == 0, capsys.readouterr().err
    lake = connect(target)
    after = {t: lake.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    lake.close()
    assert after == before
    assert shared.is_dir() and not (shared / "civbench_files").exists()
    assert (tmp_path / "data" / "civbench_files").is_dir()  # the source's files, left there
    assert main(["migrate", "--from", f"ducklake:sqlite:{tmp_path}/no.sqlite", "--to", target]) == 2
    assert "there is no store at" in capsys.readouterr().err
    assert not (tmp_path / "no.sqlite").exists()


def test_a_migration_of_a_lake_others_load_into_copies_one_moment(tmp_path, monkeypatch):
    """Migrating (or backing up) a shared store while an analyst loads: the tables were read
    one after another, each as it was at that instant, so a load landing meanwhile put its
    upload-log entry in the copy without its rows (or the other way round). Every table is
    now read as it was when the migration began."""
    from etl import migrate as migration

    source = f"ducklake:sqlite:{tmp_path}/shared.sqlite"
    con = connect(source)
    load_fixture(con, "units.csv", now=datetime(2025, 10, 1))
    load_fixture(con, "surveys_bom.csv", now=datetime(2025, 10, 2))
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    analyst = connect(source)
    real = migration.write_rows
    landed = []

    def copy_then_someone_loads(cur, rows, statement):
        real(cur, rows, statement)
        if statement.startswith("INSERT INTO surveys ") and not landed:
            corrected = fixture_bytes("surveys_bom.csv").replace(b",25,22,", b",25,21,")
            from etl.load import load_file

            landed.append(load_file(analyst, corrected, "again.csv", today=date(2026, 1, 15)))

    monkeypatch.setattr(migration, "write_rows", copy_then_someone_loads)
    target = f"ducklake:sqlite:{tmp_path}/copy.sqlite"
    migrate(source, target)
    assert landed[0].outcome == "loaded"  # a load did land while the tables were copied
    now = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    assert len(now["upload_log"]) == len(before["upload_log"]) + 1
    lake = connect(target)
    after = {t: lake.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    lake.close()
    analyst.close()
    con.close()
    assert after == before


def test_a_migration_into_a_postgres_lake_in_use_names_it_and_how_to_make_a_new_one(
    postgres, tmp_path, monkeypatch, capsys
):
    """The README's migration run a second time, into the database the replicas already use:
    it said 'the target holds data already (table units); migrate into a new, empty store',
    naming neither the store nor how a new one is made on PostgreSQL."""
    source = str(tmp_path / "old.duckdb")
    with contextlib.closing(connect(source)) as con:
        load_fixture(con, "units.csv")
    url, env = store_url("postgres", tmp_path / "store", postgres)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["migrate", "--from", source, "--to", url]) == 0
    capsys.readouterr()
    assert main(["migrate", "--from", source, "--to", url, "--lang", "en"]) == 2
    said = capsys.readouterr().err
    assert said.startswith(f"error: the target {url} holds data already (table units): "), said
    assert "sudo -u postgres createdb --owner USER NAME, with a data folder of its own" in said


def test_migration_into_a_store_with_data_is_refused_and_changes_nothing(tmp_path, capsys):
    source = str(tmp_path / "old.duckdb")
    con = connect(source)
    load_fixture(con, "units.csv")
    con.close()
    target = f"ducklake:sqlite:{tmp_path}/new.sqlite"
    lake = connect(target)
    load_fixture(lake, "units.csv")
    log_before = lake.execute("SELECT * FROM upload_log").fetchall()
    lake.close()
    assert main(["migrate", "--from", source, "--to", target]) == 2
    assert "holds data already" in capsys.readouterr().err
    lake = connect(target)
    assert lake.execute("SELECT * FROM upload_log").fetchall() == log_before
    assert lake.execute("SELECT count(*) FROM units").fetchone()[0] == 5
    lake.close()


def test_a_migration_into_another_applications_duckdb_file_is_refused(tmp_path, capsys):
    """Trial (session 58): a DuckDB file holding another application's table was taken as the
    new, empty store: Civbench's tables were written in beside it."""
    source = str(tmp_path / "old.duckdb")
    con = connect(source)
    load_fixture(con, "units.csv")
    con.close()
    foreign = tmp_path / "budget.duckdb"
    with duckdb.connect(str(foreign)) as other:
        other.execute("CREATE TABLE budget (item VARCHAR, amount INTEGER)")
        other.execute("INSERT INTO budget VALUES ('药品', 100)")
    assert main(["migrate", "--from", source, "--to", str(foreign)]) == 2
    assert "holds tables that are not Civbench's (budget)" in capsys.readouterr().err
    with duckdb.connect(str(foreign), read_only=True) as other:
        tables = other.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        assert tables == [("budget",)]


def test_a_lake_migration_says_where_it_reads_the_files_from(tmp_path):
    """Trial (session 58): a catalog copied without its folder migrated from the live store's
    files, silently: a restore drill of a backup that could not be restored passed."""
    live = tmp_path / "live"
    source = f"ducklake:sqlite:{live}/civbench.sqlite"
    con = connect(source)
    load_fixture(con, "units.csv")
    con.close()
    nightly = tmp_path / "nightly"
    nightly.mkdir()
    shutil.copy(live / "civbench.sqlite", nightly / "civbench.sqlite")  # no data folder
    said = []
    migrate(
        f"ducklake:sqlite:{nightly}/civbench.sqlite", str(tmp_path / "check.duckdb"), said.append
    )
    assert said[0].in_lang("en") == (
        f"the source's data files are read from {live / 'civbench_files'} (as its catalog records)"
    )


def test_a_migration_from_a_file_that_is_no_store_says_so(tmp_path, capsys):
    """A CSV given as --from was opened as a database: 'Cannot launch in-memory database in
    read-only mode!' (trial P)."""
    source = tmp_path / "units.csv"
    source.write_text("单位编码,单位名称\nU1,甲医院\n", encoding="utf-8")
    target = tmp_path / "lake" / "civ.sqlite"
    assert main(["migrate", "--from", str(source), "--to", f"ducklake:sqlite:{target}"]) == 2
    err = capsys.readouterr().err
    assert f"{source} is not a Civbench store (a DuckDB database file): check --from" in err
    assert "in-memory" not in err
    assert not target.parent.exists()  # nothing made
    assert source.read_text(encoding="utf-8") == "单位编码,单位名称\nU1,甲医院\n"


def test_migrations_refuse_plainly_the_same_file_a_held_source_and_a_twin(
    tmp_path, capsys, monkeypatch
):
    """The same file spelt ./old.duckdb was taken for another store (DuckDB then refused a
    second connection in its own words); a source held by the dashboard was told to upload
    on the Upload page or to migrate, this very command; two migrations into one new store
    at once left the later one saying "40 rows arrived of 20". Each is said plainly now."""
    source = tmp_path / "old.duckdb"
    con = connect(str(source))
    load_fixture(con, "units.csv")
    con.close()
    monkeypatch.chdir(tmp_path)
    assert main(["migrate", "--from", "old.duckdb", "--to", "./old.duckdb"]) == 2
    assert "the source and the target are the same store" in capsys.readouterr().err

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('held', flush=True); time.sleep(120)",
            str(source),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert main(["migrate", "--from", str(source), "--to", "ducklake:sqlite:b.sqlite"]) == 3
    finally:
        holder.kill()
        holder.wait(timeout=30)
    err = capsys.readouterr().err
    assert "stop the dashboard, then run this command again" in err
    assert "Upload page" not in err

    twins = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "etl",
                "migrate",
                "--from",
                str(source),
                "--to",
                f"ducklake:sqlite:{tmp_path}/twin.sqlite",
                "--lang",
                "en",
            ],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = sorted((twin.wait(timeout=120), twin.stderr.read()) for twin in twins)
    assert [code for code, _ in outcomes] == [0, 2], outcomes
    assert "holds data already" in outcomes[1][1]
    lake = connect(f"ducklake:sqlite:{tmp_path}/twin.sqlite")
    assert lake.execute("SELECT count(*) FROM units").fetchone()[0] == 5
    lake.close()


def test_a_write_whose_catalog_connection_dies_at_commit_is_lost_and_leaves_no_file(
    postgres, tmp_path, monkeypatch
):
    """The PostgreSQL server restarted while a load committed (its connections ended): the
    commit failed with 'Failed to commit: Failed to execute query "ROLLBACK": ' and libpq's
    message empty, which no rule took for a store gone, so the command ended in a traceback
    (exit 1); and the clean-up of the write's Parquet files, run on the dead connection,
    failed and left them on the share, known to no snapshot. Now it is a store that stopped
    answering (exit 3, said plainly) and the files are gone."""
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(tmp_path / "files"))
    name = postgres.new_database()
    con = connect(f"ducklake:postgres:{postgres.conninfo(name)}")
    load_fixture(con, "units.csv")
    load_fixture(con, "surveys_bom.csv")
    rows_before = con.execute("SELECT * FROM surveys ORDER BY ALL").fetchall()

    def catalog_files() -> set[str]:
        listed = postgres.sql(
            "SELECT path FROM ducklake_data_file UNION ALL SELECT path FROM ducklake_delete_file "
            "UNION ALL SELECT path FROM ducklake_files_scheduled_for_deletion",
            name,
        )
        return {Path(line).name for line in listed.split()}

    def files_on_disk() -> set[str]:
        return {f.name for f in (tmp_path / "files").rglob("*.parquet")}

    assert files_on_disk() == catalog_files()

    def work(cur):
        cur.execute("UPDATE surveys SET satisfied = satisfied - 1 WHERE satisfied > 0")
        cur.execute("INSERT INTO surveys SELECT * FROM surveys")  # a data file of its own
        postgres.sql(  # every connection to the catalog ends, this write's with them
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()",
            name,
        )

    with pytest.raises(duckdb.Error) as failed:
        write(con, work)
    assert db.is_lost(failed.value), str(failed.value)
    assert files_on_disk() == catalog_files()  # nothing the write made is left
    assert con.execute("SELECT * FROM surveys ORDER BY ALL").fetchall() == rows_before
    con.close()


def test_a_rolled_back_write_leaves_the_files_of_a_store_sharing_its_data_folder(
    tmp_path, monkeypatch
):
    """Two stores made on one data folder (before a second store was refused a folder holding
    files: a test catalog beside production, both given one CIVBENCH_DATA_PATH): a rolled-back
    write in one deleted every Parquet file the other had, since its clean-up removed every
    file its own catalog did not know. Now it removes only what was written since it began."""
    folder = tmp_path / "files"
    monkeypatch.setenv("CIVBENCH_DATA_PATH", str(folder))
    production = connect(f"ducklake:sqlite:{tmp_path}/production.sqlite")
    trial = connect(f"ducklake:sqlite:{tmp_path}/trial.sqlite")

    def on_disk() -> set[Path]:
        return set(folder.rglob("*.parquet"))

    registry = tmp_path / "units.csv"  # rows enough for a Parquet file (ten stay inline)
    registry.write_text(
        "单位编码,单位名称,区县,单位类别,职工人数\n"
        + "".join(f"U{i:04d},单位{i},城关区,乡镇卫生院,30\n" for i in range(1, 101)),
        encoding="utf-8",
    )
    assert (
        main(["load", str(registry), "--db", f"ducklake:sqlite:{tmp_path}/production.sqlite"]) == 0
    )
    production_files = on_disk()
    assert production_files
    an_hour_ago = time.time() - 3600
    for path in production_files:  # written earlier, as another store's files are
        os.utime(path, (an_hour_ago, an_hour_ago))
    rows = production.execute("SELECT * FROM units ORDER BY ALL").fetchall()
    assert len(rows) == 100  # the file's rows
    assert main(["load", str(registry), "--db", f"ducklake:sqlite:{tmp_path}/trial.sqlite"]) == 0
    trial_files = on_disk() - production_files
    written = set()

    def work(cur):
        cur.execute("INSERT INTO units SELECT * FROM units")
        written.update(on_disk() - production_files - trial_files)
        raise KeyboardInterrupt  # Ctrl-C, after the write made a file

    with pytest.raises(KeyboardInterrupt):
        write(trial, work)
    assert written  # the write had made a file of its own
    assert on_disk() == production_files | trial_files
    production.close()
    again = connect(f"ducklake:sqlite:{tmp_path}/production.sqlite")
    assert again.execute("SELECT * FROM units ORDER BY ALL").fetchall() == rows
    again.close()
    trial.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="acting as another user needs root")
def test_a_writer_of_another_user_queues_on_a_lock_file_it_cannot_write():
    """Two accounts of one machine write to one store (the dashboard's service account and an
    analyst's login; a PostgreSQL catalog's lock file is in /tmp): the lock file the first
    one made is theirs, mode 0644, and the other one's write ended in PermissionError (a
    traceback, exit 1) before it wrote anything. A lock needs no write access: it queues."""
    # in /tmp itself: pytest's own folders are the test user's alone
    with tempfile.TemporaryDirectory(prefix="civbench-two-users-") as made:
        folder = Path(made)
        folder.chmod(0o1777)  # as /tmp
        assert one_user_then_another_take_the_queue(folder) == 0


def one_user_then_another_take_the_queue(folder: Path) -> int:
    """0 when root made the lock file and nobody then took the queue and held it."""
    store = db.Store("sqlite", str(folder / "civ.sqlite"), str(folder / "civ_files"))
    with db.write_queue(store):  # root makes the lock file, 0644
        pass
    assert store.lock_file.stat().st_mode & 0o777 == 0o644
    other = 65534  # nobody
    child = os.fork()
    if child == 0:  # the other account: its writes queue, and hold the queue while they run
        status = 1
        try:
            os.setgid(other)
            os.setuid(other)
            with db.write_queue(store, timeout=5):
                # held: another taker of the lock is turned away meanwhile
                taken = subprocess.run(["flock", "-n", str(store.lock_file), "true"], check=False)
            status = 0 if taken.returncode == 1 else 2
        finally:
            os._exit(status)
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status)


def test_a_migration_that_fails_half_way_leaves_the_target_empty(tmp_path, monkeypatch):
    source = str(tmp_path / "old.duckdb")
    con = connect(source)
    load_fixture(con, "units.csv")
    load_fixture(con, "surveys_bom.csv")
    con.close()
    from etl import migrate as migration

    real = migration.copy_tables

    def copy_then_fail(source, cur, *args):
        real(source, cur, *args)
        raise duckdb.IOException("disk full")

    monkeypatch.setattr(migration, "copy_tables", copy_then_fail)
    target = f"ducklake:sqlite:{tmp_path}/new.sqlite"
    with pytest.raises(duckdb.IOException):
        migrate(source, target)
    lake = connect(target)
    assert all(lake.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0 for t in TABLES)
    lake.close()
    # the same command, run again into it (README): the fixtures' 5 units and 4 surveys
    monkeypatch.undo()
    copied = migrate(source, target)
    assert (copied["units"], copied["surveys"], copied["upload_log"]) == (5, 4, 2)


@pytest.mark.parametrize("source", ["old.duckdb", "ducklake:sqlite:old.sqlite"])
def test_migration_keeps_what_each_publication_showed(tmp_path, source):
    """A store with a publication, changed after it: in the new lake the publication still
    shows the figures as published (its state copied into a schema of its own). From a lake
    too: a copy of the shared store, as the README's backup makes."""
    from etl.publish import publish
    from queries import run

    source = source.replace("old.", f"{tmp_path}/old.")
    con = connect(source)
    load_fixture(con, "units.csv")
    system = (
        "indicator_code,name_zh,name_en,domain,direction,weight,unit\n"
        "outpatient_satisfaction,门诊患者满意度,Outpatient satisfaction,survey,higher,1,rate\n"
    )
    from etl.load import load_file

    assert load_file(con, system.encode(), "system.csv", today=date(2026, 1, 15)).ok
    load_fixture(con, "surveys_bom.csv")
    # H001's outpatient survey of 2025Q3 is 1180 satisfied of 1,234 (the fixture)
    publish(con, "2025Q3", "director")
    corrected = "单位编码,季度,调查类型,样本量,满意人数\nH001,2025Q3,门诊,1234,1234\n"
    assert load_file(con, corrected.encode(), "c.csv", today=date(2026, 1, 15)).ok
    con.close()
    target = f"ducklake:sqlite:{tmp_path}/new.sqlite"
    migrate(source, target)
    lake = connect(target)
    params = {"quarter": "2025Q3", "indicator_code": "outpatient_satisfaction"}
    then = run(lake, "indicator_values", as_published=True, **params)
    now = run(lake, "indicator_values", **params)
    lake.close()
    assert dict(zip(then["unit_code"], then["numerator"], strict=True))["H001"] == 1180
    assert dict(zip(now["unit_code"], now["numerator"], strict=True))["H001"] == 1234


def test_a_lakes_catalog_named_without_its_prefix_is_told_how_to_write_it(tmp_path):
    """CIVBENCH_DB=data/civbench.sqlite (the shared store's catalog, without ducklake:sqlite:)
    was opened as a DuckDB file: DuckDB went to fetch its SQLite extension from the internet
    and the command printed its "Failed to download extension" text. The catalog is left as
    it was."""
    catalog = tmp_path / "civbench.sqlite"
    connect(f"ducklake:sqlite:{catalog}").close()
    before = catalog.read_bytes()
    with pytest.raises(DatabaseUnusable) as refused:
        connect(str(catalog))
    assert refused.value.text.en == (
        f"{catalog} is a shared store's (DuckLake) SQLite catalog, not a DuckDB database file: "
        f"write it as ducklake:sqlite:{catalog} (--db or CIVBENCH_DB); nothing was changed."
    )
    assert catalog.read_bytes() == before


def test_a_file_that_is_no_database_is_said_so_in_plain_words(tmp_path):
    """A workbook given as the store: DuckDB's 'IO Error: The file … exists, but it is not a
    valid DuckDB database file!' inside the message, in English whatever the language."""
    workbook = tmp_path / "单位名录.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(4096))
    with pytest.raises(DatabaseUnusable) as refused:
        connect(str(workbook))
    assert refused.value.text.zh == (
        f"无法打开数据库 {workbook}（该文件不是 DuckDB 数据库文件：可能是别的文件（如工作簿），"
        "或已损坏）：请核对路径（--db 或 CIVBENCH_DB）；未做任何更改。"
    )
    with pytest.raises(DatabaseUnusable) as refused:
        connect(str(tmp_path))  # the data folder given for the store
    assert refused.value.text.en == (
        f"The database {tmp_path} cannot be opened: it is a folder, not a database file. Check "
        "the path (--db or CIVBENCH_DB); nothing was changed."
    )


def test_a_store_that_cannot_be_opened_for_an_unknown_reason_is_said_in_the_readers_language():
    """The dashboard's last resort when opening fails for a reason of no known kind: it was an
    English sentence whatever the reader's language. DuckDB's own words stay inside, without
    the password a connection string may carry."""
    lake = db.Store("postgres", "dbname=civ host=10.0.0.5 user=civ")
    error = duckdb.IOException("connect to 10.0.0.5 failed: password=hunter2 refused")
    said = db.unopenable(lake, error)
    assert said.zh == (
        "无法打开存储 ducklake:postgres:dbname=civ host=10.0.0.5 user=civ（connect to "
        "10.0.0.5 failed: password=… refused）：请核对存储（CIVBENCH_DB 或 --db），"
        "并确认其目录服务器正在运行；未做任何更改。"
    )
    file = db.Store("file", "/srv/civbench.duckdb")
    said = db.unopenable(file, duckdb.IOException("a damaged header"))
    assert said.en == (
        "The database /srv/civbench.duckdb cannot be opened: a damaged header. Check "
        "the path (--db or CIVBENCH_DB); nothing was changed."
    )


def threads_of(con) -> int:
    return con.execute("SELECT current_setting('threads')").fetchone()[0]


def test_civbench_threads_sets_duckdbs_threads_of_every_connection(tmp_path, monkeypatch, caplog):
    with contextlib.closing(duckdb.connect()) as bare:  # DuckDB's own default, one per core
        default = threads_of(bare)
    chosen = default + 1  # a number DuckDB would not have chosen itself
    cases = {str(chosen): chosen, None: default, "0": default, "two": default, "1.5": default}
    for n, (value, expected) in enumerate(cases.items()):
        if value is None:
            monkeypatch.delenv("CIVBENCH_THREADS", raising=False)
        else:
            monkeypatch.setenv("CIVBENCH_THREADS", value)
        caplog.clear()
        with contextlib.closing(connect(tmp_path / f"s{n}.duckdb")) as con:
            assert threads_of(con) == expected, value
        warned = [r.getMessage() for r in caplog.records if "CIVBENCH_THREADS" in r.getMessage()]
        assert len(warned) == (value in ("0", "two", "1.5")), (value, warned)
    # a lake's connections too, and a migration's source read as it is stored
    monkeypatch.setenv("CIVBENCH_THREADS", str(chosen))
    with contextlib.closing(connect(f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}")) as con:
        assert threads_of(con) == chosen
    from etl.migrate import open_source

    with contextlib.closing(open_source(str(tmp_path / "s1.duckdb"))) as con:
        assert threads_of(con) == chosen


def test_a_store_moved_aside_leaves_its_lock_file_for_the_next(tmp_path, capsys):
    """Moving the demo's store aside (README: a new bureau's own data) leaves
    ``civbench.duckdb.lock`` behind. It holds nothing and is deliberately not removed by the
    writer that made it (a writer deleting it while another waits on it would let a third
    queue on a new file beside them); a new store at the same place queues on it as usual."""
    store = tmp_path / "data" / "civbench.duckdb"
    units = str(FIXTURES / "units.csv")
    assert main(["load", units, "--db", str(store)]) == 0
    lock = Path(f"{store}.lock")
    assert lock.is_file() and lock.stat().st_size == 0
    store.rename(tmp_path / "demo.duckdb")
    capsys.readouterr()
    assert main(["load", units, "--db", str(store), "--lang", "en"]) == 0
    assert "5 units as load 1;" in capsys.readouterr().out  # a new store's first load
    assert lock.is_file()
    with contextlib.closing(connect(tmp_path / "demo.duckdb")) as moved:
        assert moved.execute("SELECT count(*) FROM units").fetchone()[0] == 5


def test_only_a_commands_last_few_commits_are_kept_for_ctrl_c(tmp_path):
    """``COMMITTED`` tells a command stopped by Ctrl-C what its last write committed. A
    dashboard's script threads (where Ctrl-C never reaches) keep nothing in it, and a long
    process keeps the last four results: a result may hold a large load's keys."""
    con = connect(str(tmp_path / "civ.duckdb"))
    db.COMMITTED.clear()
    writer = threading.Thread(target=lambda: db.write(con, lambda cur: "from a script thread"))
    writer.start()
    writer.join()
    assert list(db.COMMITTED) == []
    for number in range(6):
        db.write(con, lambda cur, n=number: n)
    assert list(db.COMMITTED) == [2, 3, 4, 5]
    db.COMMITTED.clear()
    con.close()
