"""The command line never overwrites a database, never shows a traceback, never creates a
database it was not asked to create, and refuses a database from a newer program in one
sentence (issue 17, points 1–3). The fuzzing over every subcommand is in test_cli_fuzz.py."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hrss_disputes.cli import main
from hrss_disputes.migrations.head import HEAD_REVISION


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def office(ctx, admin, db, db_target: str, cli_login) -> str:  # noqa: ANN001
    """A database with its administrator, closed, signed in to by HRSS_USER=admin: its ``--db``
    (a file on SQLite, a server URL in the PostgreSQL pass)."""
    db.dispose()
    return db_target


@pytest.fixture
def office_db(office: str) -> Path:
    """The office's database file (for the tests about a SQLite file by nature)."""
    return Path(office)


def _is_file(target: str) -> bool:
    from hrss_disputes.db import is_url

    return not is_url(target)


def _state(target: str) -> object:
    """What must not change: a file's bytes; a server database's revision and its rows' counts."""
    if _is_file(target):
        return _digest(Path(target))
    from sqlalchemy import text

    from hrss_disputes.db import make_engine

    engine, _ = make_engine(target)
    try:
        with engine.connect() as conn:
            return [conn.execute(text(sql)).all() for sql in (
                "SELECT version_num FROM alembic_version", "SELECT count(*), max(seq) FROM audit_entry",
                "SELECT count(*) FROM dispute_case", "SELECT count(*) FROM app_user")]
    finally:
        engine.dispose()


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- point 1: no command overwrites a database ------------------------------------------------

@pytest.mark.parametrize("command", [
    ["report", "--month", "2026-10", "--format", "json"],
    ["report", "--month", "2026-10", "--format", "pdf"],
    ["document", "--case", "无此案号", "--type", "award"],
    ["backup"],
])
def test_out_never_replaces_the_database_itself_or_another_database(office: str, tmp_path: Path, capsys,  # noqa: ANN001
                                                                    command: list[str]) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    for target in ([Path(office)] if _is_file(office) else []) + [other]:
        before = _digest(target)
        assert main([*command, "--db", office, "--out", str(target)]) == 2
        assert _digest(target) == before
        err = capsys.readouterr().err
        assert "数据库" in err and "Traceback" not in err


def test_out_refuses_a_backup_a_folder_and_a_missing_folder(office: str, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """A backup (a SQLite file's copy, or a server's pg_dump archive) is never written over."""
    assert main(["backup", "--db", office, "--out", str(tmp_path / "copy.db")]) == 0
    backup = tmp_path / "copy.db"
    before = _digest(backup)
    for target, says in ((backup, "数据库"), (tmp_path, "文件夹"), (tmp_path / "nowhere" / "r.json", "不存在")):
        code = main(["report", "--db", office, "--month", "2026-10", "--out", str(target)])
        assert code == 2, target
        assert says in capsys.readouterr().err
    assert _digest(backup) == before
    assert not (tmp_path / "nowhere").exists()


def test_a_server_backup_and_its_metadata_are_never_written_over(office: str, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """Found by the PostgreSQL pass: a report's --out replaced a pg_dump archive (a server's
    backup) and the metadata beside it, whatever database the command ran on."""
    dump = tmp_path / "office.dump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(4096))  # how a custom-format archive begins
    meta = tmp_path / "office.dump.json"
    meta.write_text('{"label": "manual"}', encoding="utf-8")
    for target, says in ((dump, "服务器数据库的备份文件"), (meta, "备份的说明文件")):
        before = _digest(target)
        for fmt in ("json", "pdf"):
            assert main(["report", "--db", office, "--month", "2026-10", "--format", fmt, "--out", str(target)]) == 2
            assert says in capsys.readouterr().err
        assert main(["document", "--db", office, "--case", "x", "--type", "award", "--out", str(target)]) == 2
        assert says in capsys.readouterr().err
        assert _digest(target) == before


def test_backup_does_not_write_over_a_file_beside_its_out_that_is_not_a_backup_s_metadata(  # noqa: ANN001
        office: str, tmp_path: Path, capsys) -> None:
    """Review of issue 18, finding 5 (the same fault elsewhere): ``backup --out F`` writes F.json
    beside F; a file there that is not an earlier backup's metadata was not named and is kept."""
    notes = tmp_path / "copy.db.json"
    notes.write_text("我的笔记", encoding="utf-8")
    assert main(["backup", "--db", office, "--out", str(tmp_path / "copy.db")]) == 2
    assert "copy.db.json" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "我的笔记" and not (tmp_path / "copy.db").exists()
    # an earlier backup's metadata left behind is the program's own: replaced
    assert main(["backup", "--db", office, "--out", str(tmp_path / "old.db")]) == 0
    (tmp_path / "old.db").unlink()
    assert main(["backup", "--db", office, "--out", str(tmp_path / "old.db")]) == 0


def test_written_files_are_owner_only_and_leave_no_temporary_file(office: str, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    for fmt in ("json", "pdf", "xlsx"):
        target = out / f"r.{fmt}"
        assert main(["report", "--db", office, "--month", "2026-10", "--format", fmt, "--out", str(target)]) == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert main(["backup", "--db", office, "--out", str(out / "b.db")]) == 0
    assert stat.S_IMODE((out / "b.db").stat().st_mode) == 0o600
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".json") or p.name == "r.json") == [
        "b.db", "r.json", "r.pdf", "r.xlsx"]


def test_a_write_that_fails_leaves_the_old_file_and_says_why(office: str, tmp_path: Path, capsys,  # noqa: ANN001
                                                            monkeypatch) -> None:
    target = tmp_path / "r.json"
    target.write_text("yesterday's report", encoding="utf-8")

    def read_only(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    assert main(["report", "--db", office, "--month", "2026-10", "--out", str(target)]) == 2
    assert "只读" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "yesterday's report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.json")] == []


# --- point 2: no traceback, Chinese messages, nothing created -----------------------------------

@pytest.mark.parametrize(("argv", "says"), [
    (["report", "--month", "0001-01"], "统计月份"),
    (["report", "--month", "26-10"], "统计月份"),
    (["report", "--month", "2026-13"], "统计月份"),
    (["report", "--from", "0001-01-01", "--to", "0001-01-31"], "期间"),
    (["deadline", "--start", "2026-01-05", "--days", "²", "--kind", "working"], "期间天数"),
    (["deadline", "--start", "9999-12-25", "--days", "5", "--kind", "working"], "起算日"),
    (["deadline", "--start", "2026-01-05", "--days", "٣", "--kind", "calendar"], "期间天数"),
    (["demo", "--cases", str(10**12)], "案件数量"),
    (["demo", "--cases", "abc"], "案件数量"),
    (["demo", "--today", "0001-01-01"], "日期"),
    (["report", "--month", "2026-10", "--format", "doc"], "格式"),
    (["audit", "check"], "verify"),
    (["nosuchcommand"], "命令"),
    (["report", "--month"], "--month"),
    (["document", "--case", "x"], "缺少"),
])
def test_bad_arguments_get_chinese_messages_and_status_2(tmp_path: Path, capsys, argv: list[str],  # noqa: ANN001
                                                          says: str) -> None:
    target = tmp_path / "none.db"
    with pytest.raises(SystemExit) as exit_:
        sys.exit(main([*argv, "--db", str(target)] if argv[0] in ("report", "demo") else argv))
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert says in err and _has_chinese(err) and "Traceback" not in err
    assert "usage:" not in err and "error:" not in err and "invalid" not in err
    assert not target.exists()


def test_commands_other_than_demo_never_create_a_database(tmp_path: Path, capsys, cli_login) -> None:  # noqa: ANN001
    typo = tmp_path / "typo.db"
    for argv in (["report", "--month", "2026-10"], ["document", "--case", "x", "--type", "award",
                                                     "--out", str(tmp_path / "a.pdf")],
                 ["deadline", "--start", "2026-01-05", "--days", "3", "--kind", "working"],
                 ["audit", "verify"], ["backup", "--out", str(tmp_path / "b.db")]):
        assert main([*argv, "--db", str(typo)]) != 0
        assert "找不到数据库" in capsys.readouterr().err
        assert not typo.exists()


def test_non_utf8_bytes_in_arguments_are_refused_without_a_traceback(office: str, tmp_path: Path) -> None:
    env = {**os.environ, "HRSS_USER": "admin"}
    bad = b"\xff\xfe\xba"
    db = os.fsencode(office)
    for argv in ([b"report", b"--db", db, b"--month", b"2026-10", b"--office", bad],
                 [b"document", b"--db", db, b"--case", bad, b"--type", b"award", b"--out",
                  bytes(tmp_path / "a.pdf")],
                 [b"report", b"--db", db, b"--month", b"2026-10", b"--user", bad],
                 [b"deadline", b"--start", bad, b"--days", b"3", b"--kind", b"working"]):
        done = subprocess.run([os.fsencode(sys.executable), b"-m", b"hrss_disputes", *argv], env=env,
                              capture_output=True, timeout=120)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2, err
        assert "Traceback" not in err and "UTF-8" in err
    env_bad = {**env, "HRSS_PASSWORD": os.fsdecode(bad)}
    done = subprocess.run([sys.executable, "-m", "hrss_disputes", "report", "--db", office, "--month",
                           "2026-10"], env=env_bad, capture_output=True, timeout=120)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode != 0 and "Traceback" not in err and _has_chinese(err)


def test_help_is_in_chinese(capsys) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    assert "用法" in shown and "usage:" not in shown and "show this help" not in shown


# --- point 3: a database from a newer program ---------------------------------------------------

def _from_the_future(target: str) -> None:
    """The database as a newer program left it: its revision three ahead of this program's."""
    from sqlalchemy import text

    from hrss_disputes.db import make_engine

    if _is_file(target):
        con = sqlite3.connect(target)
        con.execute("UPDATE alembic_version SET version_num = ?", (f"{int(HEAD_REVISION) + 3:04d}",))
        con.commit()
        con.close()
        return
    engine, _ = make_engine(target)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": f"{int(HEAD_REVISION) + 3:04d}"})
    engine.dispose()


@pytest.mark.parametrize("argv", [
    ["report", "--month", "2026-10"],
    ["document", "--case", "x", "--type", "award", "--out", "{tmp}/a.pdf"],
    ["deadline", "--start", "2026-01-05", "--days", "3", "--kind", "working"],
    ["demo", "--cases", "10"],
    ["audit", "verify"],
    pytest.param(["encryption", "on"], marks=pytest.mark.sqlite_only("encryption is for a SQLite file; "
                                                                      "a server URL is refused before its schema is read")),
    ["backup", "--out", "{tmp}/b.db"],
    ["restore", "--from", "{tmp}/older.db"],
])
def test_a_newer_database_is_refused_in_one_sentence_and_left_alone(office: str, tmp_path: Path, capsys,  # noqa: ANN001
                                                                   argv: list[str], monkeypatch) -> None:
    monkeypatch.setenv("HRSS_NEW_DB_PASSPHRASE", "a passphrase long enough")
    assert main(["backup", "--db", office, "--out", str(tmp_path / "older.db")]) == 0
    capsys.readouterr()
    _from_the_future(office)
    before = _state(office)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main([*argv, "--db", office]) != 0
    err = capsys.readouterr().err
    assert "更新版本" in err and f"{int(HEAD_REVISION) + 3:04d}" in err and "Traceback" not in err
    assert _state(office) == before
    if _is_file(office):
        assert not list((Path(office).parent / "backups").glob("*.db"))  # no upgrade- (or any) backup made


def test_a_newer_database_in_the_window_start_is_refused_too(office: str) -> None:
    from hrss_disputes.db import DatabaseError, open_database

    _from_the_future(office)
    before = _state(office)
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(office)
    assert _state(office) == before
    if _is_file(office):
        assert not (Path(office).parent / "backups").exists()


@pytest.mark.sqlite_only("a SQLite file cut short on disk; a server's storage is the server's")
def test_a_truncated_database_is_said_to_be_damaged_by_every_command(office_db: Path, tmp_path: Path, capsys,  # noqa: ANN001
                                                                     monkeypatch) -> None:
    monkeypatch.setenv("HRSS_NEW_DB_PASSPHRASE", "a passphrase long enough")
    assert main(["backup", "--db", str(office_db), "--out", str(tmp_path / "whole.db")]) == 0
    cut = tmp_path / "cut.db"
    cut.write_bytes((tmp_path / "whole.db").read_bytes()[:20000])
    for argv in (["audit", "verify"], ["encryption", "on"], ["report", "--month", "2026-10"],
                 ["backup", "--out", str(tmp_path / "again.db")]):
        capsys.readouterr()
        assert main([*argv, "--db", str(cut)]) != 0
        err = capsys.readouterr().err
        assert ("损坏" in err or "无法读取" in err) and "Traceback" not in err and "[SQL:" not in err, (argv, err)


@pytest.mark.sqlite_only("a link to the database file itself; a server database is no file to link to")
def test_a_link_left_at_a_temporary_name_is_never_written_through(office_db: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """``<out>.partial`` or ``<name>.restoring.db`` linked to the database (by a symlink or a hard
    link) must not empty it: the link is replaced, never followed."""
    before = _digest(office_db)
    (tmp_path / "out.db.partial").symlink_to(office_db)
    assert main(["backup", "--db", str(office_db), "--out", str(tmp_path / "out.db")]) == 0
    assert _digest(office_db) == before and not (tmp_path / "out.db.partial").exists()
    os.link(office_db, tmp_path / "hard.db.partial")
    assert main(["backup", "--db", str(office_db), "--out", str(tmp_path / "hard.db")]) == 0
    assert _digest(office_db) == before
    # restore: the candidate's name linked to the database; the replaced database is still kept whole
    cases_before = sqlite3.connect(office_db).execute("SELECT count(*) FROM audit_entry").fetchone()[0]
    office_db.with_name(f"{office_db.stem}.restoring.db").symlink_to(office_db)
    assert main(["restore", "--db", str(office_db), "--from", str(tmp_path / "out.db")]) == 0
    kept = sorted((office_db.parent / "backups").glob("*-replaced-*.db"))[-1]
    assert sqlite3.connect(kept).execute("SELECT count(*) FROM audit_entry").fetchone()[0] == cases_before
    capsys.readouterr()


@pytest.mark.sqlite_only("two SQLite files side by side, their backups folder and SQLCipher encryption of one")
def test_commands_on_one_database_leave_another_databases_backups_alone(office_db: Path, tmp_path: Path,  # noqa: ANN001
                                                                        monkeypatch, capsys) -> None:
    """office.db and office-old.db side by side: encrypting one, or a command's start-up
    clean-up on it, touches none of the other's backups or temporary files."""
    from hrss_disputes import cipher

    other = office_db.with_name(f"{office_db.stem}-old.db")
    assert main(["backup", "--db", str(office_db), "--out", str(other)]) == 0
    folder = office_db.parent / "backups"
    folder.mkdir(exist_ok=True)
    theirs = folder / f"{other.stem}-manual-20261101-080000.db"
    theirs.write_bytes(other.read_bytes())
    leftover = folder / f"{other.stem}-daily-20261102-080000.db.partial"
    leftover.write_bytes(theirs.read_bytes())
    converting = other.with_name(other.name + ".converting")
    converting.write_bytes(b"x" * 1024)
    monkeypatch.setenv("HRSS_NEW_DB_PASSPHRASE", "a passphrase long enough")
    assert main(["encryption", "on", "--db", str(office_db)]) == 0
    monkeypatch.setenv("HRSS_DB_PASSPHRASE", "a passphrase long enough")
    assert main(["deadline", "--db", str(office_db), "--start", "2026-01-05", "--days", "3", "--kind", "working"]) == 0
    assert not cipher.looks_encrypted(theirs) and theirs.read_bytes()[:16] == cipher.SQLITE_HEADER
    assert leftover.exists() and converting.exists()
    capsys.readouterr()


def test_edges_of_the_command_line(office: str, tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    """Found by an outside review: each of these had ended in an internal error, an English
    message or a database made where none was asked for."""
    # stdin closed: no user name to ask for, a sentence instead of an internal error
    monkeypatch.delenv("HRSS_USER", raising=False)
    monkeypatch.setattr(sys, "stdin", None)
    assert main(["report", "--db", office, "--month", "2026-10"]) == 1
    assert "HRSS_USER" in capsys.readouterr().err
    # an empty --out, or the root folder, is no file name
    for out in ("", "/"):
        assert main(["document", "--db", office, "--case", "x", "--type", "award", "--out", out]) == 2
        assert "文件" in capsys.readouterr().err
    # an SQLite URL, an empty file and a device are not made into databases
    empty = tmp_path / "empty.db"
    empty.touch()
    for db in (f"sqlite:///{tmp_path / 'url.db'}", str(empty), "/dev/null"):
        assert main(["deadline", "--db", db, "--start", "2026-01-05", "--days", "3", "--kind", "working"]) == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err and ("不是本程序的数据库" in err or "文件路径" in err), err
    assert not (tmp_path / "url.db").exists() and empty.stat().st_size == 0
    assert main(["audit", "verify", "--db", str(empty)]) == 1
    assert "空文件" in capsys.readouterr().err
    # a server URL whose driver is missing
    assert main(["report", "--db", "mysql://u@localhost/x", "--month", "2026-10", "--user", "admin"]) == 1
    assert "驱动" in capsys.readouterr().err
    # a backup's metadata beside it is an anchor: not overwritten by a report
    assert main(["backup", "--db", office, "--out", str(tmp_path / "b1.db")]) == 0
    anchor = (tmp_path / "b1.db.json").read_bytes()
    monkeypatch.setenv("HRSS_USER", "admin")
    capsys.readouterr()
    assert main(["report", "--db", office, "--month", "2026-10", "--out", str(tmp_path / "b1.db.json")]) == 2
    assert "说明文件" in capsys.readouterr().err and (tmp_path / "b1.db.json").read_bytes() == anchor


def test_the_operating_systems_refusals_are_said_in_chinese(office: str, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert main(["backup", "--db", office, "--out", "/proc/hrss.db"]) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and _has_chinese(err)
    assert not any(word in err for word in ("No such", "Permission", "denied", "directory")), err
